"""Issue 16, one bad record never stops a batch: every per-record step fails that record
alone; a dead worker's chunk is retried, then record by record; workers end with their
parent; a bad feed date is that item's; a corrupt gzip stores nothing."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from badinput import DEAL
from workers import KILL

import tieup
from tieup import pipeline
from tieup.cli import main
from tieup.feeds import parse_feed
from tieup.read import ReadError, read

TESTS = Path(__file__).resolve().parent


def test_a_lone_surrogate_fails_nothing_and_reruns_pass(tmp_path, capsys):
    p = tmp_path / "scraped.jsonl"
    # a cut emoji: the first half of a surrogate pair, escaped as JSON writes it
    p.write_text(json.dumps({"id": "s1", "text": DEAL})[:-2] + ' \\ud83d"}\n'
                 + json.dumps({"id": "s2\ud83d", "text": "Quiet day.", "title": "x\udc80"}) + "\n"
                 + json.dumps({"id": "s3", "text": DEAL + " Later."}) + "\n", encoding="utf-8",
                 errors="surrogatepass")
    db = tmp_path / "s.db"
    for _ in range(2):
        assert main(["ingest", "--no-model", str(p), "--db", str(db)]) == 0
    assert "0 failed" in capsys.readouterr().err
    with tieup.Store(db) as s:
        text = s.article("s1")["text"]
        assert text.endswith("\ufffd") and s.article("s2\ufffd") is not None
    out = tmp_path / "out.jsonl"
    assert main(["extract", "--no-model", str(p), "-o", str(out)]) == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


def test_deeply_nested_json_is_that_lines_error(tmp_path):
    p = tmp_path / "deep.jsonl"
    p.write_text('{"id": "a", "text": "fine"}\n' + "[" * 200_000 + "]" * 200_000 + "\n"
                 + '{"id": "b", "text": "' + "{" * 100_000 + '"}\n{"id": "c", "text": "also"}\n',
                 encoding="utf-8")
    out = list(read([str(p)]))
    assert [getattr(o, "id", None) for o in out] == ["a", None, "b", "c"]
    assert isinstance(out[1], ReadError) and out[1].source.endswith(":2") and "JSON" in out[1].message


def test_a_file_name_that_is_not_utf8_is_read_and_printed(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsencode(folder) + b"/caf\xe9-" + b"\xff.txt"
    try:
        with open(name, "wb") as fh:
            fh.write(DEAL.encode())
    except OSError:
        pytest.skip("this file system refuses names that are not UTF-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", "--no-model", str(folder), "-o", str(out)]) == 0
    (line,) = out.read_text(encoding="utf-8").splitlines()
    assert json.loads(line)["id"] == "caf\ufffd-\ufffd"
    assert main(["ingest", "--no-model", str(folder), "--db", str(tmp_path / "s.db")]) == 0
    capsys.readouterr()


def test_every_per_record_step_fails_its_record_alone(monkeypatch):
    from tieup import language, prefilter

    arts = [tieup.Article(id=i, text=f"{t} {DEAL}") for i, t in (("a", ""), ("b", "LANG"),
                                                                  ("c", "GATE"), ("d", ""))]
    real_detect, real_select = language.detect, prefilter.select

    def detect(text, share):
        if "LANG" in text:
            raise RuntimeError("language")
        return real_detect(text, share)

    def select(texts, **kw):
        if any("GATE" in t for t in texts):
            raise RuntimeError("gate")
        return real_select(texts, **kw)

    monkeypatch.setattr(language, "detect", detect)
    monkeypatch.setattr(prefilter, "select", select)
    out = list(tieup.extract_articles(arts, tieup.Options(model=False)))
    assert [type(o).__name__ for o in out] == ["ArticleResult", "ReadError", "ReadError", "ArticleResult"]
    assert "language check failed" in out[1].message and "gate failed" in out[2].message
    assert out[0].alliances and out[3].alliances


def test_a_dead_worker_costs_one_record_not_the_run(monkeypatch):
    """A worker SIGKILLed (what the OOM killer does) mid-chunk: the chunk is retried in a
    fresh pool, then record by record; only the record that kills its worker is lost."""
    import workers

    monkeypatch.setattr(pipeline, "_extract_chunk", workers.killing_chunk)
    arts = [tieup.Article(id=f"a{i}", text=(KILL + " " if i == 21 else "") + DEAL, source=f"in:{i}")
            for i in range(40)]
    out = list(tieup.extract_articles(arts, tieup.Options(model=False, jobs=2, batch_size=2)))
    assert len(out) == 40
    lost = [o for o in out if isinstance(o, ReadError)]
    assert [o.source for o in lost] == ["in:21"] and "worker process died" in lost[0].message
    assert [o.id for o in out if not isinstance(o, ReadError)] == [f"a{i}" for i in range(40) if i != 21]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as fh:
            return "\tZ" not in next(line for line in fh if line.startswith("State:"))
    except (FileNotFoundError, StopIteration):
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads process states from /proc")
def test_workers_end_when_their_parent_is_killed(tmp_path):
    code = ("import sys; sys.path.insert(0, sys.argv[2]); from functools import partial; "
            "import workers; from tieup import parallel; "
            "list(parallel.map_processes(partial(workers.sleeper, folder=sys.argv[1]), "
            "[[1], [2], [3], [4]], 2))")
    parent = subprocess.Popen([sys.executable, "-c", code, str(tmp_path), str(TESTS)])
    deadline = time.monotonic() + 60
    while len(list(tmp_path.iterdir())) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    pids = [int(p.name) for p in tmp_path.iterdir()]
    assert len(pids) == 2 and all(_alive(p) for p in pids)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 20
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(p) for p in pids)


def test_a_bad_item_date_is_that_items_alone():
    words = " ".join(["word"] * 90)
    data = ('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
            f'<item><guid>g1</guid><title>a</title><pubDate>0000-00-00</pubDate><description>{words}</description></item>'
            f'<item><guid>g2</guid><title>b</title><pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate>'
            f'<description>{words}</description></item></channel></rss>').encode()
    title, items = parse_feed(data, "feed")
    assert [(i.key, i.published) for i in items] == [("g1", None), ("g2", "2026-12-01")]


def test_a_flipped_byte_in_a_gzip_stores_nothing_from_it(tmp_path):
    lines = [json.dumps({"id": f"n{i}", "text": f"Note {i}: {DEAL}"}) for i in range(2000)]
    raw = bytearray(gzip.compress(("\n".join(lines) + "\n").encode(), mtime=0))
    raw[len(raw) // 2] ^= 0x10
    p = tmp_path / "damaged.jsonl.gz"
    p.write_bytes(bytes(raw))
    with tieup.Store(tmp_path / "s.db") as s:
        events = list(s.ingest_iter([str(p)], tieup.Options(model=False)))
        assert [(e.status, e.source) for e in events] == [("failed", str(p))]
        assert "corrupt gzip" in events[0].message
        assert s.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 0
