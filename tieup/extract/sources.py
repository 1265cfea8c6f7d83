"""Sources: the outlets credited for a report, and the chain of who cites whom.

find: outlet mentions in sentences with an attribution cue ("reported", "according to",
"citing", "told Reuters", "a Reuters request for comment"), a wire dateline
("SEOUL (AP) --") or a sign-off ("― AFP", a last line naming an outlet); photo credits
and copyright lines are not credits.
write: each alliance gets the outlets credited in its evidence sentences, the dateline
and sign-off outlets go to the primary alliance only; ``attribution`` links an outlet to
what it cites ("News.Az cites Reuters", "Reuters cites people familiar with the matter").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Citation
from .text import Mention, Sentence

ATTRIBUTION = re.compile(
    r"\b(?:report\w*|according to|citing|cited|told|said|says|first|detailed|notes?|noted|quot\w+"
    r"|wrote|writes|request for comment|requests? for comment|newspaper|daily|via|inputs|claims?"
    r"|revealed|broke|stated|learned|informed|contacted by|asked by|interview|confirm\w* to|statement to|e-?mail to|spoke to|speaking to)\b", re.I)
CREDIT = re.compile(r"(?:©|\bcopyright\b|\bphoto\b|\bimage\b|\bpicture\b|/\s*$)", re.I)
DATELINE = re.compile(r"^(?:[A-Z][\w.'’ /,-]{0,60}?)?\(\s*([A-Z][\w.&' -]{0,40}?)\s*\)\s*[-–—―:]+")
SIGNOFF = re.compile(r"[-–—―]\s*([A-Z][\w.&' -]{1,30}?)\s*\.?\s*$")
WITH_INPUTS = re.compile(r"\(\s*with (?:inputs from )?([A-Z][\w.&' -]{1,30}?)(?: inputs)?\s*\)", re.I)
CITES = re.compile(r"\b(?:citing|according to|quoting|based on)\s+(?:a |an |the )?", re.I)
UNNAMED = re.compile(
    r"(?:(?:one|two|three|four|several|multiple|unnamed|anonymous)\s+)?(?:people|persons|sources?"
    r"|person|insiders?|officials?)(?:\s+(?:\w+\s+){0,2}?(?:familiar with|briefed on|privy to|close to"
    r"|with (?:direct )?knowledge of)\s+(?:the\s+)?\w+(?:\s+\w+)?)?|internal (?:e-?mails|documents)",
    re.I)


@dataclass(frozen=True)
class Credit:
    sentence: int
    outlet: str
    kind: str  # "credit" (in a sentence), "dateline", "signoff"


def _credited(s: Sentence, m: Mention, text: str) -> bool:
    before = text[max(s.start, m.start - 25) : m.start]
    after = text[m.end : m.end + 3]
    if CREDIT.search(before) or after.startswith("/") or after.startswith(")") and "/" in before:
        return False
    return bool(ATTRIBUTION.search(s.text))


def find(sentences: list[Sentence], text: str) -> list[Credit]:
    out: list[Credit] = []
    for s in sentences:
        for m in s.outlets:
            if _credited(s, m, text):
                out.append(Credit(s.index, m.party, "credit"))
        head = DATELINE.match(s.text)
        if head:
            name = _outlet_named(s, head.group(1))
            if name:
                out.append(Credit(s.index, name, "dateline"))
    out.extend(_signoffs(sentences))
    return out


def _outlet_named(s: Sentence, raw: str) -> str | None:
    for m in s.outlets:
        if m.text == raw.strip():
            return m.party
    return None


def _signoffs(sentences: list[Sentence]) -> list[Credit]:
    out = []
    for s in sentences[-3:]:
        for pat in (SIGNOFF, WITH_INPUTS):
            hit = pat.search(s.text)
            if hit:
                name = _outlet_named(s, hit.group(1))
                if name:
                    out.append(Credit(s.index, name, "signoff"))
        if len(s.outlets) == 1 and s.outlets[0].text == s.text.strip(" .―—–-"):
            out.append(Credit(s.index, s.outlets[0].party, "signoff"))
    return out


def chain(sentences: list[Sentence], wanted: set[int], text: str,
          lead_outlet: str | None) -> list[Citation]:
    """Who cites whom, from the given sentences: "X ..., citing Y" and "a report by X citing Y"."""
    links: dict[Citation, None] = {}
    last_outlet = lead_outlet
    for s in sentences:
        if s.index not in wanted:
            if s.outlets:
                last_outlet = s.outlets[-1].party
            continue
        for cm in CITES.finditer(s.text):
            pos = s.start + cm.end()
            before = [m for m in s.outlets if m.end <= pos - len(cm.group(0))]
            after = [m for m in s.outlets if m.start >= pos and m.start - pos <= 4]
            citer = before[-1].party if before else last_outlet
            if after:
                cited = after[0].party
            else:
                u = UNNAMED.match(text, pos)
                cited = u.group(0).strip() if u else ""
            if citer and cited and citer != cited:
                links.setdefault(Citation(citer, cited), None)
        if s.outlets:
            last_outlet = s.outlets[-1].party
    return list(links)
