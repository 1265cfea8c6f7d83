"""Dates: the article's own date (``published``) and the date of a development (``event_date``).

find: candidates by pattern only, never a date parser over the whole article: a
leading "date 2026-02-04" line, ISO dates, "Feb. 4, 2026", "4 February 2026", "Thursday,
15 January 2026" in the article's head; "in April 2021", "on Jan. 8, 2020", "in 2008" in
a development's sentence.
write: YYYY-MM-DD, or YYYY-MM / YYYY when the text is vaguer.
"""

from __future__ import annotations

import re

MONTHS = {m: i for i, m in enumerate(
    "jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_MON = r"(?P<mon>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
ISO = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b")
MDY = re.compile(rf"\b{_MON}\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b")
DMY = re.compile(rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+{_MON},?\s+(?P<y>(?:19|20)\d\d)\b")
MY = re.compile(rf"\b(?:in|since|from|of|by|until|during)\s+(?:early |late |mid-?)?{_MON}\s+(?P<y>(?:19|20)\d\d)\b")
YEAR = re.compile(r"\b(?:in|since|from|during)\s+(?P<y>(?:19|20)\d\d)\b(?!\s*(?:percent|%|-|–))")
LEADING = re.compile(r"^\s*date\s+(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)\b", re.I)
# the article's own date sits in its head: the first characters (a dateline, a header line);
# 300 covers every dated header in the seeds and dev set with room, and stays clear of bodies
HEAD_CHARS = 300


def _ymd(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    month = MONTHS.get(groups["mon"].lower()[:3]) if groups.get("mon") else int(groups["m"])
    d = int(groups["d"])
    if not month or not 1 <= d <= 31:
        return None
    return f"{int(groups['y']):04d}-{month:02d}-{d:02d}"


def published(text: str) -> str | None:
    """The date the article states for itself, or None."""
    lead = LEADING.match(text)
    if lead:
        return _ymd(lead)
    head = text[:HEAD_CHARS]
    hits = [m for pat in (ISO, MDY, DMY) for m in pat.finditer(head)]
    if not hits:
        return None
    return _ymd(min(hits, key=lambda m: m.start()))


def event_date(sentence: str) -> str | None:
    """The most precise date a development's sentence gives."""
    for pat in (ISO, MDY, DMY):
        m = pat.search(sentence)
        if m:
            return _ymd(m)
    m = MY.search(sentence)
    if m:
        return f"{int(m.group('y')):04d}-{MONTHS[m.group('mon').lower()[:3]]:02d}"
    m = YEAR.search(sentence)
    return m.group("y") if m else None
