"""Company resolution across articles: one company per real firm, whatever the spelling.

Order of resolution for a party name (first hit wins):

1. the store's alias table: the user's corrections (``tieup companies alias`` / ``merge``)
   and every name resolved before;
2. the shipped gazetteer (``data/companies.tsv``): exact alias, then the same key;
3. an existing company whose key is nearly the same (rapidfuzz ratio >= FUZZY_MIN, same
   first word; catches "Hyundai Motors" / "Hyundai Motor");
4. otherwise a new company named as the text names it (legal suffixes already dropped).

A *key* is the name case-folded, without punctuation, legal suffixes or a leading "the":
"Ford Motor Co." -> "ford motor", "Xiaomi Corp" -> "xiaomi". "GM" stays "gm", which is not
"general mills".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import cache

from . import lexicons

LEGAL = frozenset(
    "inc incorporated corp corporation co company companies ltd limited plc ag se sa nv spa llc"
    " gmbh holding holdings group pty soc kk bv ab asa oyj the".split()
)
# minimum rapidfuzz ratio between two keys sharing their first word to be one company;
# 90 joins "hyundai motors"/"hyundai motor" and "samsung sdi co"/"samsung sdi" and keeps
# "lg electronics"/"lg energy solution" apart (checked on the gazetteer's own aliases)
FUZZY_MIN = 90


def key(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).casefold().replace("&", " and ")
    words = re.sub(r"[^\w\s]", " ", text.replace("'s", "").replace("’s", "")).split()
    kept = [w for w in words if w not in LEGAL]
    return " ".join(kept or words)


@cache
def gazetteer_index() -> dict[str, tuple[str, str]]:
    """key -> (party name, kind) for every gazetteer alias (units folded into parents)."""
    out: dict[str, tuple[str, str]] = {}
    for alias, entry in lexicons.companies().entries.items():
        if entry.is_jv or entry.kind == "government":
            continue
        out.setdefault(key(alias), (entry.party, _kind(entry.party)))
    return out


@cache
def _kinds() -> dict[str, str]:
    return {e.canonical: e.kind for e in lexicons.companies().entries.values()}


def _kind(party: str) -> str:
    return _kinds().get(party, "company")


@cache
def _countries() -> dict[str, str]:
    return {e.canonical: e.country for e in lexicons.companies().entries.values() if e.country}


def country(company: str) -> str | None:
    """The ISO 3166 country code the company list gives a company (its home), or None
    when the list does not know it: never guessed."""
    return _countries().get(company)


def gazetteer_lookup(name: str) -> tuple[str, str] | None:
    entry = lexicons.companies().entries.get(name)
    if entry is not None and not entry.is_jv:
        return entry.party, _kind(entry.party)
    return gazetteer_index().get(key(name))


def fuzzy_match(name: str, candidates: Iterable[str]) -> str | None:
    """An existing company name nearly equal to ``name`` (same first word), or None."""
    from rapidfuzz import fuzz

    k = key(name)
    if not k:
        return None
    first = k.split()[0]
    best, score = None, 0.0
    for c in candidates:
        ck = key(c)
        if ck and ck.split()[0] == first:
            s = fuzz.ratio(k, ck)
            if s > score:
                best, score = c, s
    return best if score >= FUZZY_MIN else None
