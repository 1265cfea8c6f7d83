"""Web app latency: p50 and p95 per page type on a store of N generated articles and
(with ``--companies``) at least that many companies.

Fills a store through the store's own API (``bench_store.fill``, no NLP) unless ``--db``
names an existing one; ``--companies C`` then grows it to C companies (each with a second
spelling, paired into alliances reported ten to an article through ``Store.add``). Starts
``tieup serve`` in its own process on 127.0.0.1, and times sequential GETs of every page
type and its JSON twin over HTTP with httpx.

    .venv/bin/python benchmarks/bench_web.py 100000 --companies 50000 [--db FILE] [--rounds 40]
"""

from __future__ import annotations

import argparse
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_store import fill  # noqa: E402
from gen_corpus import COMPANIES  # noqa: E402

from tieup import resolve  # noqa: E402
from tieup.model import Alliance, Article, ArticleResult, Claim, Span, Stage, Structure  # noqa: E402
from tieup.store import Store  # noqa: E402

GROWN = "Benchco {:05d}"
PER_ARTICLE = 10


def grow(store: Store, companies: int) -> list[str]:
    """Add companies until there are ``companies``; pair the new ones into alliances."""
    have = store.count_companies()
    new = [GROWN.format(i) for i in range(max(0, companies - have))]
    if not new:
        return [r[0] for r in store.db.execute("SELECT name FROM companies WHERE name LIKE 'Benchco %'")]
    t = time.perf_counter()
    with store.atomic():
        for name in new:
            cid = store._company_id(name)
            store.db.executemany("INSERT OR IGNORE INTO aliases VALUES (?, ?, ?, 'auto')",
                                 [(resolve.key(n), n, cid) for n in (name, name + " Technologies")])
    stages, claims = list(Stage), [Claim.REPORTED, Claim.CONFIRMED]
    pairs = [(new[i], new[i + 1]) for i in range(0, len(new) - 1, 2)]
    for n in range(0, len(pairs), PER_ARTICLE):
        chunk = pairs[n:n + PER_ARTICLE]
        text = " ".join(f"{a} and {b} agreed to work together." for a, b in chunk)
        alliances, pos = [], 0
        for k, (a, b) in enumerate(chunk):
            sentence = f"{a} and {b} agreed to work together."
            alliances.append(Alliance(parties=[a, b], primary=True, stage=stages[(n + k) % 4],
                                      claim=claims[k % 2], structure=[Structure.COLLABORATION],
                                      evidence=[Span(pos, pos + len(sentence), sentence)]))
            pos += len(sentence) + 1
        day = f"20{25 + n // PER_ARTICLE % 2}-{1 + n // PER_ARTICLE % 12:02d}-{1 + n % 28:02d}"
        aid = f"grown-{n:06d}"
        store.add(Article(id=aid, text=text, title=f"{len(chunk)} alliances", outlet="Bench Wire"),
                  ArticleResult(aid, day, None, "en", alliances), extractor_version="bench",
                  ingested_at="2026-12-01T00:00:00Z")
    print(f"grew to {store.count_companies():,} companies, {len(pairs):,} new alliances in "
          f"{time.perf_counter() - t:.0f} s", file=sys.stderr)
    return new


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=100_000)
    ap.add_argument("--db")
    ap.add_argument("--rounds", type=int, default=40, help="requests per page type")
    ap.add_argument("--companies", type=int, default=0, help="grow the store to this many companies")
    a = ap.parse_args()
    db = a.db or os.path.join(tempfile.mkdtemp(), "web.db")
    if not os.path.exists(db):
        store, elapsed = fill(db, a.n)
        print(f"filled {a.n:,} articles in {elapsed:.0f} s", file=sys.stderr)
    else:
        store = Store(db)
    grown = grow(store, a.companies) if a.companies else []
    counts = store.counts()
    company_pages = max(1, -(-counts["companies"] // 100))
    rng = random.Random(3)
    keys = [r[0] for r in store.db.execute("SELECT key FROM alliances ORDER BY key")]
    articles = [r[0] for r in store.db.execute(
        "SELECT article_id FROM claims ORDER BY article_id LIMIT 5000")]
    store.close()
    port = _port()
    server = subprocess.Popen([sys.executable, "-m", "tieup.cli", "serve", "--db", db,
                               "--port", str(port)], stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            for _ in range(200):
                try:
                    client.get("/index.json")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            pages = {
                "home": lambda: "/",
                "alliances": lambda: f"/alliances?page={rng.randint(1, 5)}",
                "alliances?company": lambda: "/alliances?company=" + quote(rng.choice(COMPANIES)),
                "alliance": lambda: "/alliances/" + quote(rng.choice(keys), safe=""),
                "company": lambda: "/companies/" + quote(rng.choice(COMPANIES), safe=""),
                "companies": lambda: f"/companies?page={rng.randint(1, company_pages)}",
                "companies?sort=alliances": lambda: "/companies?sort=alliances",
                "article": lambda: "/articles/" + quote(rng.choice(articles), safe=""),
                "network": lambda: "/network",
                "search": lambda: "/search?q=" + quote(rng.choice(COMPANIES).split()[0]),
            }
            if grown:
                pages["company (grown)"] = lambda: "/companies/" + quote(rng.choice(grown), safe="")
                pages["alliances?company (grown)"] = lambda: "/alliances?company=" + quote(rng.choice(grown))
                pages["search (grown, by spelling)"] = lambda: "/search?q=" + quote(
                    rng.choice(grown) + " Technologies")
            # home and the network are computed once per store version: these rows write
            # to the store (PRAGMA user_version, untimed) before each request, so every
            # request computes the page afresh, as the first one after an ingest does
            pages["home (after a write)"] = lambda: "/"
            pages["network (after a write)"] = lambda: "/network"
            writer = sqlite3.connect(db, isolation_level=None)
            twins = {"home": "/index.json", "home (after a write)": "/index.json",
                     "network (after a write)": "/network.json"}
            results: dict[str, list[float]] = {}
            for name, make in pages.items():
                for kind in ("html", "json"):
                    lat = []
                    for _ in range(a.rounds):
                        url = make()
                        if kind == "json":
                            path, _, query = url.partition("?")
                            url = twins.get(name, path + ".json") + ("?" + query if query else "")
                        if "after a write" in name:
                            writer.execute(f"PRAGMA user_version = {rng.randint(1, 1 << 30)}")
                        t = time.perf_counter()
                        r = client.get(url)
                        lat.append((time.perf_counter() - t) * 1000)
                        if r.status_code != 200:
                            raise SystemExit(f"{url}: HTTP {r.status_code}")
                    results[f"{name} {kind}"] = lat
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"store: {counts['articles']:,} articles, {counts['alliances']:,} alliances, "
          f"{counts['companies']:,} companies; {a.rounds} sequential requests per row")
    print(f"{'page':<34} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    every: list[float] = []
    for name, lat in results.items():
        every += lat
        print(f"{name:<34} {statistics.median(lat):8.1f} {statistics.quantiles(lat, n=20, method='inclusive')[18]:8.1f} "
              f"{max(lat):8.1f}")
    print(f"{'all pages':<34} {statistics.median(every):8.1f} "
          f"{statistics.quantiles(every, n=20, method='inclusive')[18]:8.1f} {max(every):8.1f}")


if __name__ == "__main__":
    main()
