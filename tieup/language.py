"""A cheap English check: the share of common English function words among the words."""

from __future__ import annotations

import re

COMMON = frozenset(
    "the and of to in a is that for with on as was by it at from are be has have said its an"
    " will this which or but not were their had also after than been more".split()
)
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
MIN_WORDS = 30  # below this a text is too short to judge; it is taken as English


def detect(text: str, threshold: float) -> str:
    """"en" or "und" (undetermined, not English). Looks at the first 2,000 words at most."""
    words = WORD.findall(text[:20_000])[:2000]
    if len(words) < MIN_WORDS:
        return "en"
    share = sum(1 for w in words if w.lower() in COMMON) / len(words)
    return "en" if share >= threshold else "und"
