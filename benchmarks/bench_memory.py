"""Peak memory and time of extraction by article length: 1 KB to 5 MB articles.

    python benchmarks/bench_memory.py [--sizes 1000,100000,1000000,5000000] [--total 5000000]
                                      [--before] [--html]

For each size, a JSON Lines file of articles of that many characters (``--total``
characters in all, at least one article) is written from ``gen_corpus.py`` sentences,
every paragraph its own line, and extracted by the model with the fast path off (every
article through spaCy: the worst case) in a fresh process. Peak memory is that process's
largest resident set. ``--before`` adds the same runs with windows and character batches
turned off (``model_chars`` and ``batch_chars`` unbounded, ``max_chars`` at 1,000,000 as
before): the behaviour these bounds replaced (slow and memory-hungry: give it small sizes). ``--html`` times the HTML guard and
trafilatura on hostile pages (many attributes on one tag, many tags) at and past the caps.
Results print as a table; ``docs/benchmarks.md`` keeps them.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _article(chars: int, seed: int) -> str:
    sys.path.insert(0, str(HERE))
    from gen_corpus import generate

    parts: list[str] = []
    n = 0
    for obj in generate(max(2, chars // 2000 + 2), seed, 0.3):
        for para in obj["text"].split("\n"):
            parts.append(para)
            n += len(para) + 1
            if n >= chars:
                return "\n".join(parts)[:chars]
    text = "\n".join(parts)
    while len(text) < chars:
        text += "\n" + text
    return text[:chars]


def child(path: str, before: bool) -> None:
    import tieup

    opts = tieup.Options(prefilter=False)
    if before:
        opts = tieup.Options(prefilter=False, model_chars=10**12, batch_chars=10**12, max_chars=1_000_000)
    start = time.perf_counter()
    n = sum(1 for r in tieup.extract_paths([path], opts) if isinstance(r, tieup.ArticleResult))
    took = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"articles": n, "seconds": took, "peak_mb": peak}))


def run(size: int, total: int, before: bool, folder: Path) -> dict[str, float]:
    count = max(1, total // size)
    path = folder / f"{size}.jsonl"
    if not path.exists():
        with open(path, "w", encoding="utf-8") as fh:
            for i in range(count):
                fh.write(json.dumps({"id": f"s{size}-{i}", "text": _article(size, i)}) + "\n")
    out = subprocess.run([sys.executable, __file__, "--child", str(path)] + (["--before"] if before else []),
                         capture_output=True, text=True, check=True)
    return {"size": size, **json.loads(out.stdout.strip().splitlines()[-1])}


def html_runs() -> list[tuple[str, int, float, str]]:
    from tieup.read import ReadError, read

    body = "<p>Ford and Geely are in talks to share a plant, Reuters reported on Monday.</p>" * 20
    pages = {
        "one tag, 499 attributes": "<div " + " ".join(f'a{i}="v"' for i in range(499)) + f">{body}</div>",
        "one tag, 80,000 attributes": "<div " + " ".join(f'a{i}="v"' for i in range(80_000)) + f">{body}</div>",
        "49,000 tags": "<p>x</p>" * 49_000 + body,
        "200,000 tags": "<p>x</p>" * 200_000 + body,
    }
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, inner in pages.items():
            p = Path(tmp) / "page.html"
            p.write_text(f"<html><body>{inner}</body></html>", encoding="utf-8")
            start = time.perf_counter()
            (res,) = read([str(p)])
            took = time.perf_counter() - start
            rows.append((name, p.stat().st_size, took, "refused" if isinstance(res, ReadError) else "read"))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1000,100000,1000000,5000000")
    ap.add_argument("--total", type=int, default=5_000_000)
    ap.add_argument("--before", action="store_true")
    ap.add_argument("--html", action="store_true")
    ap.add_argument("--child")
    args = ap.parse_args()
    if args.child:
        child(args.child, args.before)
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    print("| article chars | articles | settings | seconds | chars/s | peak MB |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for before in ([False, True] if args.before else [False]):
            for size in sizes:
                print(f"bench: {size:,} chars{' (before)' if before else ''} ...", file=sys.stderr, flush=True)
                r = run(size, args.total, before, Path(tmp))
                import tieup

                chars = min(size, 1_000_000 if before else tieup.Options().max_chars) * r["articles"]
                print(f"| {size:,} | {int(r['articles']):,} | {'unbounded' if before else 'defaults'} | "
                      f"{r['seconds']:.1f} | {chars / r['seconds']:,.0f} | {r['peak_mb']:,.0f} |", flush=True)
    if args.html:
        print("\n| HTML page | bytes | seconds | result |\n|---|---|---|---|")
        for name, size, took, what in html_runs():
            print(f"| {name} | {size:,} | {took:.2f} | {what} |", flush=True)


if __name__ == "__main__":
    main()
