"""Store benchmark: fill a store with generated records through its own API (no NLP), then
time ingest and the queries behind ``tieup alliances --company X``.

    python benchmarks/bench_store.py [N=100000] [--db PATH]

Prints articles/s of ``Store.add``, database and near-duplicate index bytes per article,
peak memory, p50/p95 latency of ``Store.alliances(company=X)`` and the wall time of the
``tieup alliances`` command (checking that it does not import spaCy).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from gen_corpus import COMPANIES, generate  # noqa: E402

from tieup.model import Alliance, Article, ArticleResult, Claim, Span, Stage, Structure  # noqa: E402
from tieup.store import Store  # noqa: E402

# template index in gen_corpus.ALLIANCE -> (stage, claim, has outlet)
TEMPLATES = [("talks", "reported", True), ("agreed", "confirmed", False),
             ("completed", "confirmed", False), ("ended", "reported", True),
             ("talks", "denied", True)]


def result_for(obj: dict) -> ArticleResult:
    alliances = []
    truth = obj.get("truth")
    if truth:
        text = obj["text"]
        end = text.find(".") + 1
        stage, claim, sourced = TEMPLATES[truth["template"]]
        parties = truth["parties"]
        alliances.append(Alliance(
            parties=parties, primary=True, stage=Stage(stage), claim=Claim(claim),
            structure=[Structure.COLLABORATION], sources=[truth["outlet"]] if sourced else [],
            evidence=[Span(0, end, text[:end])],
            denied_by=[parties[1]] if claim == "denied" else [],
            confirmed_by=[parties[0]] if claim == "confirmed" else []))
    day = 1 + int(obj["id"][-6:]) % 28
    return ArticleResult(obj["id"], f"2026-{1 + int(obj['id'][-5:]) % 12:02d}-{day:02d}", None,
                         "en", alliances)


def fill(db: str, n: int) -> tuple[Store, float]:
    """A store at ``db`` with ``n`` generated articles added through ``Store.add``."""
    store = Store(db)
    t = time.perf_counter()
    for i, obj in enumerate(generate(n, seed=7), 1):
        res = result_for(obj)
        store.add(Article(id=obj["id"], text=obj["text"], title=obj.get("title")), res,
                  extractor_version="bench", ingested_at="2026-12-01T00:00:00Z")
        if i % 10_000 == 0:
            print(f"  {i:,} stored, {i / (time.perf_counter() - t):.0f} articles/s",
                  file=sys.stderr, flush=True)
    return store, time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=100_000)
    ap.add_argument("--db")
    a = ap.parse_args()
    tmp = tempfile.mkdtemp()
    db = a.db or os.path.join(tmp, "bench.db")
    store, elapsed = fill(db, a.n)
    counts = store.counts()
    size = os.path.getsize(db)
    lsh = store.db.execute("SELECT SUM(length(bucket)) + COUNT(*) * 16 FROM lsh_bands").fetchone()[0]
    mh = store.db.execute("SELECT SUM(length(minhash)) FROM articles").fetchone()[0]
    rng = random.Random(1)
    lat = []
    for _ in range(300):
        c = rng.choice(COMPANIES)
        q = time.perf_counter()
        store.alliances(company=c, timeline=False)
        lat.append((time.perf_counter() - q) * 1000)
    lat_full = []
    for _ in range(100):
        c = rng.choice(COMPANIES)
        q = time.perf_counter()
        store.alliances(company=c)
        lat_full.append((time.perf_counter() - q) * 1000)
    store.close()
    cli = ("import sys, time, io, contextlib; t = time.perf_counter(); import tieup.cli\n"
           "with contextlib.redirect_stdout(io.StringIO()):\n"
           f"    tieup.cli.main(['alliances', '--db', {db!r}, '--company', 'Ford'])\n"
           "print(time.perf_counter() - t, 'spacy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", cli], capture_output=True, text=True, check=True)
    cli_s, spacy_loaded = out.stdout.split()
    q = statistics.quantiles
    print(f"articles stored: {counts['articles']:,}; alliances {counts['alliances']:,}; "
          f"claims {counts['claims']:,}")
    print(f"Store.add: {a.n / elapsed:.0f} articles/s ({elapsed:.0f} s)")
    print(f"database: {size / a.n:.0f} bytes/article (text included); near-duplicate index "
          f"(LSH bands + signature): {(lsh + mh) / a.n:.0f} bytes/article")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    print(f"alliances(company=X) without timelines: p50 {statistics.median(lat):.1f} ms, "
          f"p95 {q(lat, n=20)[18]:.1f} ms")
    print(f"alliances(company=X) with timelines:    p50 {statistics.median(lat_full):.1f} ms, "
          f"p95 {q(lat_full, n=20)[18]:.1f} ms")
    print(f"`tieup alliances --company Ford` in a new process: {float(cli_s) * 1000:.0f} ms; "
          f"spaCy imported: {spacy_loaded}")


if __name__ == "__main__":
    main()
