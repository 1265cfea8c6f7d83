"""Train the extraction scorer and report it cross-validated over articles.

    python train/train_scorer.py [--shared ../shared] [--folds 5] [--cache DIR] [--no-write]

1. Reads ../shared/corpus/{train,dev,seeds} (articles and gold) and parses every text with
   the pipeline's own spaCy model (``tieup.nlp``); ``--cache`` keeps the parses on disk.
2. Builds every article's candidates and features with the extractor's own code
   (``tieup.extract.score_candidates``) and labels each candidate by the gold records,
   matching party sets as ../shared/bench/score.py does.
3. Cross-validation: articles are split into ``--folds`` folds (a fixed shuffle, seed 0);
   each fold is extracted end to end by a scorer trained on the other folds only, and the
   predictions are scored with score.py, per set. The decision threshold is the one that
   maximises out-of-fold alliance F1 over a fixed grid.
4. Fits the final scorer on every article and writes ``tieup/models/scorer.json`` with
   the cross-validated report inside.

Deterministic: a fixed fold shuffle, liblinear logistic regression, sorted features.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import pickle
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tieup import nlp  # noqa: E402
from tieup.extract import extract_parsed, features, score_candidates, sentences_of  # noqa: E402
from tieup.extract.scoring import Choice, Linear, Scorer  # noqa: E402

SETS = ("train", "dev", "seeds")
# regularisation of the models (inverse strength), chosen by cross-validation on
# train+dev over 0.1-3: 0.1 and 0.3 within fold noise (pooled F1 0.49-0.50), 1 and 3 lower
C_ALLIANCE = 0.3
C_PRIMARY = 0.3
C_STATE = 0.3  # stage and claim models (same range; 0.1-1 within 0.01 exact recall)
STAGES = ("talks", "agreed", "completed", "ended")
CLAIMS = ("reported", "confirmed", "denied")
THRESHOLDS = [0.15, 0.2, 0.25, 0.3, 0.35]
NOISE = 0.01
# the shipped decision threshold. `--grid` scores THRESHOLDS: on the quality gate's folds
# (train+dev) 0.25 is best; with the seeds in the folds 0.2-0.3 lie within 0.01 of each
# other (fold noise), so it is pinned here rather than re-picked by noise on each retrain
THRESHOLD = 0.25
EMPTY = Scorer(Linear({}, 0.0, 0.5), Linear({}, 0.0, 0.5), {})


def scorer_module(shared: Path) -> Any:
    spec = importlib.util.spec_from_file_location("score", shared / "bench" / "score.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@dataclass
class Item:
    set: str
    id: str
    article: dict[str, Any]
    gold: dict[str, Any]
    parsed: nlp.Parsed


def load(shared: Path, sets: tuple[str, ...] = SETS, cache: Path | None = None) -> list[Item]:
    items: list[Item] = []
    for name in sets:
        d = shared / "corpus" / name
        arts = [json.loads(x) for x in (d / "articles.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
        gold = {g["id"]: g for g in map(json.loads, (d / "gold.jsonl").read_text(encoding="utf-8").splitlines()) if g}
        texts = [a["text"] for a in arts]
        cached = cache / f"{name}.pickle" if cache else None
        if cached and cached.exists():
            parsed = pickle.loads(cached.read_bytes())
        else:
            parsed = list(nlp.parse_many(texts))
            if cached:
                cached.parent.mkdir(parents=True, exist_ok=True)
                cached.write_bytes(pickle.dumps(parsed))
        items += [Item(name, a["id"], a, gold[a["id"]], p) for a, p in zip(arts, parsed, strict=True)]
    return items


@dataclass
class Rows:
    feats: list[set[str]]
    labels: list[int]
    article: list[int]


def featurize(items: list[Item], score: Any, company_list: bool = True) -> tuple[Rows, Rows]:
    """Alliance rows (every candidate) and primary rows (candidates matching a gold record)."""
    ar, pr = Rows([], [], []), Rows([], [], [])
    for k, it in enumerate(items):
        sents = sentences_of(it.parsed, company_list)
        scored = score_candidates(it.parsed, sents, EMPTY)
        golds = [g for g in it.gold.get("alliances", []) if len(g.get("parties", [])) >= 2]
        matched = []
        for c, f, _ in scored:
            hit = next((g for g in golds if score.same_parties(g["parties"], list(c.parties))), None)
            ar.feats.append(f)
            ar.labels.append(int(hit is not None))
            ar.article.append(k)
            if hit is not None:
                matched.append((c, bool(hit.get("primary"))))
        matched.sort(key=lambda x: x[0].sentences()[0])
        for rank, (c, prim) in enumerate(matched):
            pr.feats.append(features.primary_features(c, 0.9, rank, sents))
            pr.labels.append(int(prim))
            pr.article.append(k)
    return ar, pr


def fit(rows: Rows, keep: set[int], c: float) -> Linear:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    idx = [i for i, a in enumerate(rows.article) if a in keep]
    y = [rows.labels[i] for i in idx]
    vec = DictVectorizer(sort=True)
    x = vec.fit_transform([{f: 1 for f in sorted(rows.feats[i])} for i in idx]).tocsr()
    x.indices = x.indices.astype("int32")
    x.indptr = x.indptr.astype("int32")
    if len(set(y)) < 2:
        return Linear({}, 0.0 if not y or y[0] else -5.0)
    model = LogisticRegression(C=c, solver="liblinear", max_iter=1000, random_state=0)
    model.fit(x, y)
    names = vec.get_feature_names_out()
    weights = {str(n): float(w) for n, w in zip(names, model.coef_[0], strict=True) if abs(w) > 1e-6}
    return Linear(weights, float(model.intercept_[0]))


@dataclass
class StateRows:
    feats: list[set[str]]
    stage: list[str]
    claim: list[str]
    article: list[int]


def state_rows(items: list[Item], scorers: list[Scorer], fold: list[int], score: Any,
               company_list: bool = True) -> StateRows:
    """Stage-and-claim rows: each record extraction keeps (by the scorer of the article's
    fold) that matches a gold record, with that record's stage and claim."""
    rows = StateRows([], [], [], [])
    for k, it in enumerate(items):
        states: list[set[str]] = []
        res = extract_parsed(it.parsed, article_id=it.id, company_list=company_list,
                             scorer=scorers[fold[k]], states=states)
        golds = [g for g in it.gold.get("alliances", []) if len(g.get("parties", [])) >= 2]
        for a, f in zip(res.alliances, states, strict=True):
            g = next((g for g in golds if score.same_parties(g["parties"], a.parties)), None)
            if g is not None:
                rows.feats.append(f)
                rows.stage.append(g["stage"])
                rows.claim.append(g["claim"])
                rows.article.append(k)
    return rows


def fit_choice(rows: StateRows, keep: set[int], which: str) -> Choice:
    labels = rows.stage if which == "stage" else rows.claim
    classes = STAGES if which == "stage" else CLAIMS
    out = {}
    for c in classes:
        binary = Rows(rows.feats, [int(x == c) for x in labels], rows.article)
        out[c] = fit(binary, keep, C_STATE)
    return Choice(out)


def folds_of(items: list[Item], k: int) -> list[int]:
    order = list(range(len(items)))
    random.Random(0).shuffle(order)
    fold = [0] * len(items)
    for pos, i in enumerate(order):
        fold[i] = pos % k
    return fold


def predictions(items: list[Item], scorers: list[Scorer], fold: list[int],
                company_list: bool = True) -> dict[int, dict[str, Any]]:
    out = {}
    for k, it in enumerate(items):
        res = extract_parsed(it.parsed, article_id=it.id, published=it.article.get("published"),
                             company_list=company_list, scorer=scorers[fold[k]])
        out[k] = res.to_dict()
    return out


def score_sets(items: list[Item], preds: dict[int, dict[str, Any]], score: Any) -> dict[str, Any]:
    report = {}
    for name in sorted({it.set for it in items}):
        ks = [k for k, it in enumerate(items) if it.set == name]
        gold = {items[k].id: items[k].gold for k in ks}
        pred = {items[k].id: preds[k] for k in ks}
        report[name] = score.score(gold, pred)[0]
    return report


def cross_validate(items: list[Item], score: Any, k: int = 5, company_list: bool = True,
                   thresholds: list[float] | None = None) -> tuple[dict[str, Any], float]:
    """Out-of-fold scores per set, and the threshold chosen (best train+dev alliance F1)."""
    ar, pr = featurize(items, score, company_list)
    fold = folds_of(items, k)
    models = []
    for f in range(k):
        keep = {i for i in range(len(items)) if fold[i] != f}
        models.append((fit(ar, keep, C_ALLIANCE), fit(pr, keep, C_PRIMARY)))
    tried: list[tuple[float, float, dict[str, Any]]] = []
    for t in thresholds or THRESHOLDS:
        scorers = [Scorer(Linear(a.weights, a.bias, t), p, {}) for a, p in models]
        rep = score_sets(items, predictions(items, scorers, fold, company_list), score)
        pooled = sum(rep[s]["alliance_f1"] * rep[s]["gold_alliances"] for s in rep if s != "seeds")
        pooled /= max(1, sum(rep[s]["gold_alliances"] for s in rep if s != "seeds"))
        print(f"threshold {t}: pooled alliance F1 {pooled:.3f}", file=sys.stderr)
        tried.append((pooled, t, rep))
    # the highest threshold within fold noise of the best F1: fewer false alarms for the
    # same quality (on train+dev the grid's F1 moves by ~0.01 from one fold split to another)
    top = max(p for p, _, _ in tried)
    best = max((x for x in tried if x[0] >= top - NOISE), key=lambda x: x[1])
    # stage and claim: rows from records found out of fold, one model pair per fold
    t = best[1]
    scorers = [Scorer(Linear(a.weights, a.bias, t), p, {}) for a, p in models]
    rows = state_rows(items, scorers, fold, score, company_list)
    full = []
    for f, s in enumerate(scorers):
        keep = {i for i in range(len(items)) if fold[i] != f}
        full.append(Scorer(s.alliance, s.primary, {}, fit_choice(rows, keep, "stage"),
                           fit_choice(rows, keep, "claim")))
    rep = score_sets(items, predictions(items, full, fold, company_list), score)
    return rep, t


def train_final(items: list[Item], score: Any, threshold: float, report: dict[str, Any]) -> Scorer:
    ar, pr = featurize(items, score)
    keep = set(range(len(items)))
    a = fit(ar, keep, C_ALLIANCE)
    base = Scorer(Linear(a.weights, a.bias, threshold), fit(pr, keep, C_PRIMARY), report)
    rows = state_rows(items, [base], [0] * len(items), score)
    return Scorer(base.alliance, base.primary, report, fit_choice(rows, keep, "stage"),
                  fit_choice(rows, keep, "claim"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--cache", type=Path, default=None, help="keep parsed corpora here")
    ap.add_argument("--no-write", action="store_true", help="report only; leave the model file")
    ap.add_argument("--grid", action="store_true", help="score every threshold of THRESHOLDS and "
                    "ship the highest within fold noise of the best (default: THRESHOLD)")
    a = ap.parse_args()
    t0 = time.time()
    score = scorer_module(a.shared)
    items = load(a.shared, cache=a.cache)
    report, threshold = cross_validate(items, score, a.folds,
                                       thresholds=None if a.grid else [THRESHOLD])
    keys = ("alliance_precision", "alliance_recall", "alliance_f1", "primary_recall", "stage_accuracy",
            "claim_accuracy", "exact_recall", "sources_f1", "false_alarm_articles", "no_alliance_articles")
    summary = {s: {k: r[k] for k in keys} for s, r in report.items()}
    out = {"cross_validated": summary, "folds": a.folds, "threshold": threshold,
           "articles": {s: sum(1 for it in items if it.set == s) for s in SETS}}
    print(json.dumps(out, indent=1))
    if not a.no_write:
        final = train_final(items, score, threshold, out)
        path = ROOT / "tieup" / "models" / "scorer.json"
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(final.to_dict(), indent=0, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {path} ({path.stat().st_size:,} bytes) in {time.time() - t0:.0f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
