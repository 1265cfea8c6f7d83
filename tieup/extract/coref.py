"""Definite descriptions as subjects: "The US automaker will license ... from CATL".

find: a sentence whose first company mention comes after a description such as "the
company", "the Japanese carmaker", "the Italian carrier" (or "It" opening the sentence).
write: a mention of the company it describes, at the description's span: the subject
(first fitting company) of the nearest earlier sentence that names one fitting its
nationality and kind.
"""

from __future__ import annotations

import re

from .. import lexicons
from .text import Mention, Sentence

NATIONALITY = {
    "american": "US", "us": "US", "u.s.": "US", "german": "DE", "japanese": "JP",
    "chinese": "CN", "korean": "KR", "south korean": "KR", "french": "FR", "italian": "IT",
    "british": "GB", "indian": "IN", "swedish": "SE", "dutch": "NL", "spanish": "ES",
    "taiwanese": "TW", "canadian": "CA", "israeli": "IL", "emirati": "AE", "south african": "ZA",
}
NOUN_KINDS = {
    "automaker": {"automaker"}, "carmaker": {"automaker"}, "car maker": {"automaker"},
    "auto maker": {"automaker"}, "battery maker": {"battery"}, "carrier": {"airline", "telecom"},
    "airline": {"airline"}, "chipmaker": {"tech"}, "drugmaker": {"pharma"}, "telco": {"telecom"},
    "supplier": {"supplier"},
}
DESCRIPTION = re.compile(
    r"(?:^|\b)(?P<d>(?:the|The)\s+(?P<nat>(?:south\s+)?[A-Z][a-z]+|U\.S\.|US)?\s*"
    r"(?P<noun>automaker|carmaker|car maker|auto maker|battery maker|company|firm|group|carrier"
    r"|airline|chipmaker|drugmaker|telco|supplier|manufacturer|giant|startup)|^It)\b"
)
# "... reports prior talks with BYD": a deal word right before the only company named
IMPLICIT = re.compile(
    r"\b(?:talks|discussions|negotiations|partnership|deal|agreement|cooperation|collaboration"
    r"|alliance|tie-up|venture|contract)\s+(?:\w+\s+){0,2}?with\s+(?:the\s+)?$", re.I)
# how far back (in sentences) a description may reach for its company
REACH = 3


def _fits(m: Mention, nat: str | None, noun: str, country: dict[str, str]) -> bool:
    if nat and NATIONALITY.get(nat.lower()) and country.get(m.party) != NATIONALITY[nat.lower()]:
        return False
    kinds = NOUN_KINDS.get(noun)
    return not kinds or m.kind in kinds or m.kind == "ner"


def resolve(sentences: list[Sentence]) -> None:
    """Add a mention for a described subject (write step), in place."""
    gaz = lexicons.companies().entries
    country = {e.party: e.country for e in gaz.values() if e.country and e.party == e.canonical}
    for s in sentences:
        # only a sentence naming exactly one company needs its other party found
        if len({m.party for m in s.companies}) != 1:
            continue
        hit = DESCRIPTION.search(s.text)
        if not hit or s.companies[0].start < s.start + hit.start():
            hit = IMPLICIT.search(s.text, 0, s.companies[0].start - s.start)
            if not hit:
                continue
        here = {m.party for m in s.companies}
        groups = hit.groupdict()
        nat, noun = groups.get("nat"), (groups.get("noun") or "").lower()
        if nat and nat.lower() not in NATIONALITY:
            continue
        ref = None
        for t in reversed(sentences[max(0, s.index - REACH) : s.index]):
            # the subject (first fitting company) of the nearest earlier sentence naming one
            ref = next((m for m in t.companies if m.party not in here and not m.owners
                        and _fits(m, nat, noun, country)), None)
            if ref is not None:
                break
        if ref is None:
            continue
        g = "d" if "d" in groups else 0
        start, end = s.start + hit.start(g), s.start + hit.end(g)
        s.companies.insert(0, Mention(start, end, s.text[hit.start(g) : hit.end(g)].strip(),
                                      ref.party, ref.kind))
