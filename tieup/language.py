"""Language identification: the ISO 639-1 code of an article's language.

py3langid (the langid.py model, 97 languages, shipped inside the package: nothing is
downloaded) names the language of the first :data:`SAMPLE` characters. A text it calls
another language with less than :data:`MIN_CONFIDENCE` probability, while common English
function words make up at least ``threshold`` of its words, is taken as English: news
copy full of company names and figures can puzzle a character model, not the function
words. Chinese and Japanese have no spaces between words, so no word count is asked of
them: a short Chinese article is Chinese, not "too short to judge".
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

COMMON = frozenset(
    "the and of to in a is that for with on as was by it at from are be has have said its an"
    " will this which or but not were their had also after than been more".split()
)
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# characters read by the model: a lead paragraph or two is plenty and keeps it ~1 ms
SAMPLE = 1_500
# below this the model's answer for a Latin-script text is not taken over the word check
MIN_CONFIDENCE = 0.9
# a text with fewer letters than this is too short to judge: it is taken as English
MIN_LETTERS = 20


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def english_share(text: str) -> float:
    words = WORD.findall(text[:20_000])[:2000]
    return sum(1 for w in words if w.lower() in COMMON) / len(words) if words else 0.0


def detect(text: str, threshold: float) -> str:
    """The ISO 639-1 code of the text's language ("en", "zh", "ja", "nl", ...)."""
    sample = text[:SAMPLE]
    if sum(c.isalpha() for c in sample) < MIN_LETTERS:
        return "en"
    lang, prob = _identifier().classify(sample)
    if lang == "en":
        return "en"
    if prob < MIN_CONFIDENCE and english_share(text) >= threshold:
        return "en"
    return str(lang)
