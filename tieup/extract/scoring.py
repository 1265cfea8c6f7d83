"""The trained scorer: which candidate party sets are alliances, and which one is primary.

Two logistic-regression models over the named binary features of ``features``, trained
by ``train/train_scorer.py`` on ../shared/corpus/train and dev (deterministic) and
shipped as ``tieup/models/scorer.json``: a weight per feature name, a bias, and the
decision threshold chosen by cross-validation over articles (the threshold and the
cross-validated scores are in the file's ``report``). Applying a model is a sum of
weights: no scikit-learn at run time, nothing unpickled.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class Linear:
    weights: dict[str, float]
    bias: float
    threshold: float = 0.5

    def prob(self, feats: Iterable[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in feats)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_dict(self) -> dict[str, Any]:
        return {"bias": self.bias, "threshold": self.threshold,
                "weights": {k: round(v, 5) for k, v in sorted(self.weights.items()) if v}}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Linear:
        return cls(dict(d["weights"]), float(d["bias"]), float(d.get("threshold", 0.5)))


# a stage or claim model's answer replaces the cue rules' only at this probability or more
# (cross-validated on train+dev, 5 folds, against the rules alone: at 0.6 train claim
# accuracy 0.81 -> 0.84 but dev exact recall 0.61 -> 0.58; at 0.75 train claim 0.81 -> 0.83,
# exact recall 0.23 -> 0.24, dev unchanged)
SURE = 0.75


@dataclass(frozen=True)
class Choice:
    """One-vs-rest linear models over the same features: the likeliest class wins."""

    classes: dict[str, Linear]

    def best(self, feats: set[str]) -> tuple[str, float]:
        scored = sorted(((m.prob(feats), c) for c, m in self.classes.items()), reverse=True)
        return scored[0][1], scored[0][0]

    def to_dict(self) -> dict[str, Any]:
        return {c: m.to_dict() for c, m in sorted(self.classes.items())}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Choice:
        return cls({c: Linear.from_dict(m) for c, m in d.items()})


@dataclass(frozen=True)
class Scorer:
    alliance: Linear
    primary: Linear
    report: dict[str, Any]
    # stage and claim of a kept record, from ``features.state_features``; None: the cue
    # rules alone decide
    stage: Choice | None = None
    claim: Choice | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"version": 1, "alliance": self.alliance.to_dict(),
                               "primary": self.primary.to_dict(), "report": self.report}
        if self.stage and self.claim:
            out["stage"], out["claim"] = self.stage.to_dict(), self.claim.to_dict()
        return out

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Scorer:
        return cls(Linear.from_dict(d["alliance"]), Linear.from_dict(d["primary"]),
                   d.get("report", {}),
                   Choice.from_dict(d["stage"]) if "stage" in d else None,
                   Choice.from_dict(d["claim"]) if "claim" in d else None)


@cache
def shipped() -> Scorer:
    """The scorer the package ships (``tieup/models/scorer.json``)."""
    raw = resources.files("tieup").joinpath("models", "scorer.json").read_text(encoding="utf-8")
    return Scorer.from_dict(json.loads(raw))
