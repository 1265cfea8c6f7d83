"""Who said it: a party's stance follows the sentence that states it.

Extraction names the parties that confirmed or denied an alliance; a passive sentence
names the speaker after the verb ("Reports that GM and Hyundai plan ... were denied by
Hyundai"), and that speaker is the one the store keeps: when a claim's evidence holds
such a sentence and extraction named someone else, the sentence wins. Every other claim
keeps extraction's list. The store applies this to each claim it writes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_PASSIVE = {
    "denied_by": re.compile(r"\b(?:denied|rejected|dismissed|refuted|disputed)\s+by\s+(?:the\s+)?",
                            re.IGNORECASE),
    "confirmed_by": re.compile(r"\b(?:confirmed|announced|acknowledged)\s+by\s+(?:the\s+)?",
                               re.IGNORECASE),
}


def passive_speakers(field: str, texts: Iterable[str], parties: list[str]) -> list[str]:
    """The parties named right after "denied by" ("confirmed by") in these sentences."""
    found: dict[str, None] = {}
    for text in texts:
        for m in _PASSIVE[field].finditer(text):
            rest = text[m.end():]
            for p in sorted(parties, key=len, reverse=True):
                if rest.startswith(p) and not rest[len(p):len(p) + 1].isalnum():
                    found.setdefault(p, None)
                    break
    return list(found)


def who_said(field: str, named: list[str], texts: list[str], parties: list[str]) -> list[str]:
    """``named`` (extraction's confirmed_by or denied_by), unless the evidence's passive
    sentences name other speakers: then those."""
    speakers = passive_speakers(field, texts, parties)
    if speakers and not set(speakers) & set(named):
        return speakers
    return named
