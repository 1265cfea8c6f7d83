"""The quality report: every metric of ../shared/bench/score.py, per gold set, with and
without the company list, and the seconds each took.

    python benchmarks/quality_report.py [--shared ../shared] [--folds 5] [--json]

Rows: seeds, dev and dev-negatives extracted by the shipped scorer (trained on train and
dev, so dev is in-sample there), and train and dev cross-validated over articles (every
article extracted by a scorer trained on the other folds: the honest numbers). Each row
runs with the company list (default) and without it (``Options(company_list=False)``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "train"))
sys.path.insert(0, str(ROOT))

import train_scorer  # noqa: E402

from tieup.extract import extract_parsed, scoring  # noqa: E402

METRICS = ("alliance_precision", "alliance_recall", "alliance_f1", "primary_recall",
           "primary_flag_accuracy", "stage_accuracy", "claim_accuracy", "exact_recall",
           "structure_f1", "areas_f1", "sources_f1", "published_accuracy",
           "false_alarm_articles", "no_alliance_articles")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--json", action="store_true", help="one JSON object instead of a table")
    a = ap.parse_args()
    score = train_scorer.scorer_module(a.shared)
    t0 = time.time()
    items = train_scorer.load(a.shared, ("seeds", "dev", "dev-negatives", "train"))
    parse_s = time.time() - t0
    rows: list[tuple[str, dict, float]] = []
    for name in ("seeds", "dev", "dev-negatives", "train"):
        sub = [it for it in items if it.set == name]
        gold = {it.id: it.gold for it in sub}
        for company_list in (True, False):
            t = time.time()
            pred = {it.id: extract_parsed(it.parsed, article_id=it.id, company_list=company_list,
                                          published=it.article.get("published")).to_dict()
                    for it in sub}
            label = f"{name}{'' if company_list else ', no list'}"
            rows.append((label, score.score(gold, pred)[0], time.time() - t))
    threshold = scoring.shipped().alliance.threshold
    cv_items = [it for it in items if it.set in ("train", "dev")]
    for company_list in (True, False):
        t = time.time()
        report, _ = train_scorer.cross_validate(cv_items, score, a.folds, company_list,
                                                thresholds=[threshold])
        took = time.time() - t
        for name in ("train", "dev"):
            label = f"{name} cross-validated{'' if company_list else ', no list'}"
            rows.append((label, report[name], took))
    if a.json:
        print(json.dumps({"parse_seconds": round(parse_s, 1),
                          "rows": {r: {**m, "seconds": round(s, 1)} for r, m, s in rows}}))
        return
    print(f"parsing {len(items)} articles with spaCy: {parse_s:.1f} s\n")
    print("| set | " + " | ".join(METRICS) + " | seconds |")
    print("|---" * (len(METRICS) + 2) + "|")
    for label, m, s in rows:
        print(f"| {label} | " + " | ".join(str(m.get(k)) for k in METRICS) + f" | {s:.1f} |")


if __name__ == "__main__":
    main()
