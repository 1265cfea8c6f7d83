"""The scale path: streaming input (JSONL, .gz, long files), ordered parallel extraction
in processes and on a Dask cluster, each equal to the single-process output."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest
from badinput import DEAL

import tieup
from tieup import parallel
from tieup.read import ReadError, read

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from gen_corpus import generate  # noqa: E402

RULES = tieup.Options(model=False)


def corpus(tmp_path: Path, n: int, name: str = "c.jsonl") -> Path:
    p = tmp_path / name
    opener = gzip.open if name.endswith(".gz") else open
    with opener(p, "wt", encoding="utf-8") as fh:
        for obj in generate(n, seed=7, alliance_share=0.3):
            fh.write(json.dumps(obj) + "\n")
    return p


def stable(alliances):
    """Alliances without the ingest clock (two runs may straddle a second)."""
    return [{k: v for k, v in a.items() if k != "last_seen"} for a in alliances]


def dicts(outcomes):
    return [o.to_dict() if isinstance(o, tieup.ArticleResult) else str(o) for o in outcomes]


def test_gzipped_jsonl_reads_like_plain(tmp_path):
    plain, gz = corpus(tmp_path, 30), corpus(tmp_path, 30, "c.jsonl.gz")
    a, b = list(read([str(plain)], RULES)), list(read([str(gz)], RULES))
    assert [x.id for x in a] == [x.id for x in b] and a[0].text == b[0].text


def test_jsonl_is_not_capped_as_a_whole_but_each_line_is(tmp_path):
    p = tmp_path / "big.jsonl"
    rows = [json.dumps({"id": str(i), "text": "word " * 50}) for i in range(40)]
    rows.insert(3, json.dumps({"id": "huge", "text": "x" * 5000}))
    p.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = list(read([str(p)], tieup.Options(max_bytes=1000)))
    errors = [o for o in out if isinstance(o, ReadError)]
    assert len(out) == 41 and len(errors) == 1
    assert errors[0].source.endswith("big.jsonl:4") and "too long" in errors[0].message


def test_truncated_gzip_is_one_clear_error_after_what_could_be_read(tmp_path):
    gz = corpus(tmp_path, 50, "c.jsonl.gz")
    data = gz.read_bytes()
    bad = tmp_path / "cut.jsonl.gz"
    bad.write_bytes(data[: len(data) // 2])
    out = list(read([str(bad)], RULES))
    assert isinstance(out[-1], ReadError) and "cut.jsonl.gz" in out[-1].source
    assert any(isinstance(o, tieup.Article) for o in out)


def test_gzip_bomb_text_is_refused_by_its_decompressed_size(tmp_path):
    p = tmp_path / "bomb.txt.gz"
    with gzip.open(p, "wb") as fh:
        fh.write(b"a" * 5_000_000)
    assert p.stat().st_size < 20_000
    (e,) = list(read([str(p)], tieup.Options(max_bytes=1_000_000)))
    assert isinstance(e, ReadError) and "decompressed" in e.message


def test_ordered_map_keeps_order_and_bounds_the_window():
    seen = []

    def submit(chunk):
        seen.append(chunk)
        return chunk

    out = list(parallel._ordered(submit, lambda c: c * 10, iter(range(9)), window=3))
    assert out == [c * 10 for c in range(9)] and seen == list(range(9))
    assert list(parallel.chunked(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]


def test_two_processes_equal_one(tmp_path):
    p = corpus(tmp_path, 60)
    one = dicts(tieup.extract_paths([str(p)], RULES))
    two = dicts(tieup.extract_paths([str(p)], tieup.Options(model=False, jobs=2, batch_size=4)))
    assert one == two and len(one) == 60


def test_ingest_with_two_processes_stores_the_same(tmp_path):
    p = corpus(tmp_path, 60)
    stores = []
    for jobs in (1, 2):
        s = tieup.Store(":memory:")
        counts = s.ingest([str(p)], tieup.Options(model=False, jobs=jobs, batch_size=4))
        stores.append((counts, stable(s.alliances(timeline=False)), s.counts()))
        s.close()
    assert stores[0] == stores[1]
    assert stores[0][0]["added"] + stores[0][0].get("replaced", 0) == 60


@pytest.fixture(scope="module")
def cluster():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as c:
        yield c


@pytest.mark.model
def test_dask_cluster_of_two_workers_equals_one_process(tmp_path, cluster):
    """With the model: the Dask output equals the single-process output, in order."""
    p = corpus(tmp_path, 40)
    one = dicts(tieup.extract_paths([str(p)]))
    on_dask = dicts(tieup.extract_paths([str(p)], tieup.Options(dask=cluster.scheduler_address,
                                                                 batch_size=8)))
    assert on_dask == one and sum(len(d["alliances"]) for d in one) > 0


def test_ingest_on_dask_has_one_writer_and_the_same_store(tmp_path, cluster):
    p = corpus(tmp_path, 30)
    out = []
    for opts in (RULES, tieup.Options(model=False, dask=cluster.scheduler_address, batch_size=4)):
        s = tieup.Store(tmp_path / f"s{len(out)}.db")
        s.ingest([str(p)], opts)
        out.append(stable(s.alliances(timeline=False)))
        s.close()
    assert out[0] == out[1] and out[0]


def test_reprocess_with_two_processes_gives_the_same_store(tmp_path):
    p = corpus(tmp_path, 40)
    s = tieup.Store(tmp_path / "r.db")
    s.ingest([str(p)], RULES)
    before = stable(s.alliances())
    assert s.reprocess(tieup.Options(model=False, jobs=2, batch_size=4), force=True).reprocessed == 40
    assert stable(s.alliances()) == before
    s.close()


def test_a_failing_dask_task_costs_its_record_alone(cluster, monkeypatch):
    """A task that fails on the cluster (here it raises; a KilledWorker after dead workers
    takes the same path) is run again alone, then record by record."""
    from tieup import pipeline

    real = pipeline._extract_chunk

    def failing(chunk, options):  # a closure: Dask ships it by value
        if any("FAIL-HERE" in getattr(i, "text", "") for i in chunk):
            raise MemoryError("simulated")
        return real(chunk, options)

    monkeypatch.setattr(pipeline, "_extract_chunk", failing)
    arts = [tieup.Article(id=f"a{i}", text=("FAIL-HERE " if i == 5 else "") + DEAL, source=f"in:{i}")
            for i in range(12)]
    out = list(tieup.extract_articles(arts, tieup.Options(model=False, dask=cluster.scheduler_address,
                                                          batch_size=2)))
    assert [type(o).__name__ for o in out].count("ArticleResult") == 11 and len(out) == 12
    assert out[5].source == "in:5" and "MemoryError" in out[5].message
