"""Web app latency: p50 and p95 per page type on a store of N generated articles.

Fills a store through the store's own API (``bench_store.fill``, no NLP) unless ``--db``
names an existing one, starts ``tieup serve`` in its own process on 127.0.0.1, and times
sequential GETs of every page type and its JSON twin over HTTP with httpx.

    .venv/bin/python benchmarks/bench_web.py 100000 [--db FILE] [--rounds 40]
"""

from __future__ import annotations

import argparse
import os
import random
import socket
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

from tieup.store import Store  # noqa: E402


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=100_000)
    ap.add_argument("--db")
    ap.add_argument("--rounds", type=int, default=40, help="requests per page type")
    a = ap.parse_args()
    db = a.db or os.path.join(tempfile.mkdtemp(), "web.db")
    if not os.path.exists(db):
        store, elapsed = fill(db, a.n)
        print(f"filled {a.n:,} articles in {elapsed:.0f} s", file=sys.stderr)
    else:
        store = Store(db)
    counts = store.counts()
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
                "article": lambda: "/articles/" + quote(rng.choice(articles), safe=""),
                "network": lambda: "/network",
                "search": lambda: "/search?q=" + quote(rng.choice(COMPANIES).split()[0]),
            }
            twins = {"home": "/index.json"}
            results: dict[str, list[float]] = {}
            for name, make in pages.items():
                for kind in ("html", "json"):
                    lat = []
                    for _ in range(a.rounds):
                        url = make()
                        if kind == "json":
                            path, _, query = url.partition("?")
                            url = twins.get(name, path + ".json") + ("?" + query if query else "")
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
    print(f"{'page':<26} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    every: list[float] = []
    for name, lat in results.items():
        every += lat
        print(f"{name:<26} {statistics.median(lat):8.1f} {statistics.quantiles(lat, n=20, method='inclusive')[18]:8.1f} "
              f"{max(lat):8.1f}")
    print(f"{'all pages':<26} {statistics.median(every):8.1f} "
          f"{statistics.quantiles(every, n=20, method='inclusive')[18]:8.1f} {max(every):8.1f}")


if __name__ == "__main__":
    main()
