"""Cost of extraction on real alliance articles, beside bare spaCy (issue 12's speed target).

    python benchmarks/bench_real_alliances.py [--shared ../shared] [--copies 3] [--runs 2]

The articles of ../shared/corpus/train that report an alliance (every one passes the
fast path's gate, so this is the worst case for it), repeated ``--copies`` times: spaCy's
full small pipeline (``nlp.pipe``, every component) against tieup's whole extraction
(gate, parse, mentions, candidates, scorer, stage/claim/sources), in one process, model
load not timed; the best of ``--runs`` runs of each. Target: tieup at most 1.5x spaCy.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tieup import nlp, pipeline  # noqa: E402
from tieup.model import Article  # noqa: E402
from tieup.options import Options  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--copies", type=int, default=3)
    ap.add_argument("--runs", type=int, default=2)
    a = ap.parse_args()
    folder = a.shared / "corpus" / "train"
    gold = {g["id"]: g for g in map(json.loads, (folder / "gold.jsonl").read_text().splitlines())}
    arts = [json.loads(x) for x in (folder / "articles.jsonl").read_text().splitlines() if x.strip()]
    texts = [x["text"] for x in arts if gold[x["id"]]["alliances"]] * a.copies
    model = nlp.load_model()
    list(pipeline.extract_articles([Article(id="warm", text=texts[0])], Options()))
    best: dict[str, float] = {}
    for _ in range(a.runs):
        t = time.perf_counter()
        list(model.pipe(texts, batch_size=32))
        best["spacy"] = min(best.get("spacy", 1e9), time.perf_counter() - t)
        items = [Article(id=str(i), text=x) for i, x in enumerate(texts)]
        t = time.perf_counter()
        list(pipeline.extract_articles(items, Options()))
        best["tieup"] = min(best.get("tieup", 1e9), time.perf_counter() - t)
    n, chars = len(texts), sum(len(x) for x in texts)
    print(f"{n} alliance articles, {chars:,} characters, best of {a.runs}")
    print("| run | seconds | articles/s |")
    print("|---|---|---|")
    for k in ("spacy", "tieup"):
        print(f"| {k} | {best[k]:.1f} | {n / best[k]:.1f} |")
    print(f"tieup / bare spaCy: {best['tieup'] / best['spacy']:.2f}x")


if __name__ == "__main__":
    main()
