"""Organisations: find company and outlet mentions (gazetteer + spaCy ORG), write canonical names.

find: gazetteer matches, then model ORG entities the gazetteer missed (filtered:
governments, regulators, generic words and outlets are never companies), then
article-local short forms of model-found names ("Concho Resources" ... "Concho").
write: each mention carries its canonical party (units folded into parents, JV
companies standing for their owners).
"""

from __future__ import annotations

import re

from .. import lexicons
from ..nlp import Ent, Parsed
from .text import Mention

# an ORG whose name says it is a public body, a market or a platform is never a party
NON_COMPANY = re.compile(
    r"\b(?:Department|Ministry|Commission|Agency|Administration|Government|Parliament|Congress"
    r"|Senate|Council|Court|Authority|Bureau|Regulator|Reserve|Central Bank|Bank of|University"
    r"|Institute|School|College|Union|Party|Police|Army|Navy|Stock Exchange|Exchange|Index"
    r"|Association|Federation|Committee|Board|Office|Organi[sz]ation|Foundation|Forum|Club"
    r"|League|Crunchbase|Wikipedia|Getty|Shutterstock|Twitter|Facebook|Instagram|LinkedIn"
    r"|YouTube|TikTok|Google News|White House|Pentagon|Kremlin|State Council|Treasury"
    r"|NHTSA|SEC|FTC|DOJ|NDRC|EU|NATO|OPEC|IMF|WTO|ATVM|Prime Market|CES)\b"
)
# model ORG labels that are generic words, not names (seen as false entities in news text)
GENERIC = frozenset(
    "EV EVs SUV SUVs CEO CFO COO AI IoT GWh R&D IPO Level ADAS PHEV PHEVs BEV BEVs HEV"
    " Covid COVID Covid-19 COVID-19 LFP NCM ID Model Pro Max Reading Time Advertisement"
    " ADVERTISEMENT Subscribe Comments Hashtags Media Sources Reports Analysts News".split()
)
LEGAL_SUFFIX = re.compile(
    r"(?:[,\s]+(?:Inc|Incorporated|Corp|Corporation|Co|Company|Ltd|Limited|LLC|L\.L\.C|plc|PLC|AG"
    r"|SE|SA|S\.A|NV|N\.V|SpA|S\.p\.A|GmbH|Pty|SOC|Holdings?|Group|KK|K\.K|BV|AB|ASA|Oyj)\.?)+$"
)
POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
# outlet cues around an unknown ORG: "X reported", "according to X", "told X"
OUTLET_AFTER = re.compile(
    r"^\s*(?:newspaper|daily|magazine|news agency|business daily)?\s*(?:reported|reports|said in a"
    r" report|wrote|first reported)\b"
)
OUTLET_BEFORE = re.compile(
    r"(?:according to|citing|told|reported by|a report by|report from|report in|quoted by)"
    r"\s+(?:the\s+|a\s+|an\s+)?$"
)
OUTLET_NAME = re.compile(r"\b(?:News|Times|Post|Journal|Daily|Herald|Tribune|Gazette|Press|TV|Radio)$")
COMPANY_WORDS = (
    r"(?:company|companies|firm|startup|start-up|maker|automaker|carmaker|chipmaker|drugmaker"
    r"|supplier|producer|manufacturer|operator|developer|investor|conglomerate|giant|rival|group"
    r"|carrier|airline|retailer|lender|bank|fund|insurer|miner|telco|brand|partner|owner|buyer"
    r"|acquirer|subsidiary|unit|venture|business|provider|specialist|platform|holding)"
)
COMPANY_WORD_BEFORE = re.compile(rf"\b{COMPANY_WORDS}\s+(?:called\s+|named\s+)?$", re.I)
COMPANY_WORD_AFTER = re.compile(
    rf"^(?:['’]s)?,?\s+(?:an?|the)\s+(?:[\w-]+\s+){{0,4}}?{COMPANY_WORDS}\b", re.I)
ARTICLE_BEFORE = re.compile(r"\b(?:the|a|an|its|their|his|her|our|new)\s+$", re.I)
# first words of a model-found name that are not a short form of it
NOT_SHORT = frozenset(
    "The New General United American National International Global First China Chinese Japan"
    " Japanese Korea Korean India Indian German Germany French France British Royal Great"
    " North South East West Central Asia Asian European Euro Digital Smart Energy Air Bank"
    " Capital Star Auto Motor Tech Data Cloud".split()
)


def canonical_name(raw: str) -> str:
    """A model-found name without legal suffixes or possessive: "Rain Group Holdings Pty Ltd." -> "Rain"."""
    name = POSSESSIVE.sub("", raw.strip().strip(".,;:"))
    name = re.sub(r"^(?:the|The)\s+", "", name)
    stripped = LEGAL_SUFFIX.sub("", name).strip(" ,")
    return stripped or name


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def _inside_person(start: int, end: int, people: list[Ent]) -> bool:
    """A company alias that is only part of a person's name ("Henry Ford")."""
    return any(p.start <= start and end <= p.end and (p.start, p.end) != (start, end) for p in people)


def find(parsed: Parsed, user: tuple[lexicons.UserRow, ...] = ()) -> tuple[list[Mention], list[Mention]]:
    """Company mentions and outlet mentions, each sorted by position."""
    text = parsed.text
    people = [e for e in parsed.ents if e.label == "PERSON"]
    outlets = [Mention(s, e, text[s:e], entry.canonical, "outlet")
               for s, e, entry in lexicons.outlets().find(text)]
    outlet_spans = [(m.start, m.end) for m in outlets]
    companies: list[Mention] = []
    for s, e, entry in lexicons.companies(user).find(text):
        if entry.kind == "government" or _overlaps((s, e), outlet_spans):
            continue
        if _inside_person(s, e, people):
            continue
        companies.append(Mention(s, e, text[s:e], entry.party, entry.kind, entry.owners))
    taken = outlet_spans + [(m.start, m.end) for m in companies]
    found: list[Mention] = []
    for ent in parsed.ents:
        if ent.label != "ORG" or _overlaps((ent.start, ent.end), taken):
            continue
        name = canonical_name(ent.text)
        if not _plausible(name):
            continue
        before, after = text[max(0, ent.start - 30) : ent.start], text[ent.end : ent.end + 40]
        if OUTLET_AFTER.match(after) or OUTLET_BEFORE.search(before) or OUTLET_NAME.search(name):
            outlets.append(Mention(ent.start, ent.end, ent.text, name, "outlet"))
            continue
        if _looks_like_company(text, ent, name):
            found.append(Mention(ent.start, ent.end, ent.text, name, "ner"))
    companies.extend(found)
    companies.extend(_short_forms(text, found, taken + [(m.start, m.end) for m in found]))
    companies = _rebind_bare(companies)
    return sorted(companies, key=lambda m: m.start), sorted(outlets, key=lambda m: m.start)


def _looks_like_company(text: str, ent: Ent, name: str) -> bool:
    """The model's ORG label alone is too loose (products, divisions, acronyms): a name the
    gazetteer does not know must carry a legal suffix, stand beside a company word
    ("startup Zoox", "Concho, an oil company"), or recur in the article without an article."""
    if LEGAL_SUFFIX.search(ent.text.strip().rstrip(".,")) or LEGAL_SUFFIX.search(ent.text):
        return True
    before = text[max(0, ent.start - 40) : ent.start]
    after = text[ent.end : ent.end + 40]
    if COMPANY_WORD_BEFORE.search(before) or COMPANY_WORD_AFTER.match(after):
        return True
    if name.isupper() and len(name) <= 5:
        return False
    uses = [m.start() for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text)]
    bare = [u for u in uses if not ARTICLE_BEFORE.search(text[max(0, u - 12) : u])]
    return len(uses) >= 2 and len(bare) == len(uses)


def _plausible(name: str) -> bool:
    if len(name) < 2 or name in GENERIC or not name[0].isupper() or NON_COMPANY.search(name):
        return False
    if re.fullmatch(r"[\d\W]+", name) or len(name.split()) > 6:
        return False
    return not re.search(r"\d{3,}|[@#$%]", name)


def _short_forms(text: str, found: list[Mention], taken: list[tuple[int, int]]) -> list[Mention]:
    """Article-local short forms: the first word of a multi-word model-found name."""
    out: list[Mention] = []
    known = lexicons.companies().entries
    shorts: dict[str, str] = {}
    for m in found:
        words = m.party.split()
        first = words[0] if len(words) > 1 else ""
        if len(first) >= 4 and first[0].isupper() and first not in NOT_SHORT and first not in known:
            shorts.setdefault(first, m.party)
    if not shorts:
        return out
    pat = lexicons.word_pattern("|".join(re.escape(s) for s in shorts), flags=0)
    for mt in pat.finditer(text):
        if not _overlaps((mt.start(), mt.end()), taken):
            out.append(Mention(mt.start(), mt.end(), mt.group(0), shorts[mt.group(0)], "ner"))
    return out


def _rebind_bare(companies: list[Mention]) -> list[Mention]:
    """A bare one-word alias ("LG") takes the party of a longer name in the same article
    that starts with it ("LG Energy Solution"), when exactly one such party exists."""
    longer: dict[str, set[str]] = {}
    for m in companies:
        head = m.text.split()[0] if " " in m.text else ""
        if head and not m.owners:
            longer.setdefault(head, set()).add(m.party)
    out = []
    for m in companies:
        parties = longer.get(m.text, set())
        if " " not in m.text and len(parties) == 1 and m.party not in parties and not m.owners:
            (party,) = parties
            m = Mention(m.start, m.end, m.text, party, m.kind)
        out.append(m)
    return out
