"""Company mentions found from what the text shows; the company list only names them.

find (:func:`find`):
1. spans: spaCy entities that can name a company (ORG, PRODUCT, FAC, WORK_OF_ART, PERSON;
   GPE and NORP only with company context), runs of proper nouns the model left untagged
   (POS tagger), and, with ``Options.company_list``, aliases from ``data/companies.tsv``,
   which win where they overlap (they carry canonical names, units and JV owners).
2. clean: each span is trimmed to the name (no leading article or preposition, no
   trailing possessive, conjunction, preposition or punctuation); amounts, dates, generic
   words and public bodies (``data/names.json``) are dropped; outlets are set apart.
write (:func:`group`): mentions of one company in one article share one party name: the
shortest unambiguous form ("Zhejiang Geely Holding Group" ... "Geely" -> Geely), legal
suffixes dropped, an acronym defined in parentheses standing for its long form.

Whether a mention is a company *in this sentence's deal* is not decided here: the
scorer sees each mention's label and context (``features``) and learns it.
"""

from __future__ import annotations

import bisect
import json
import re
from functools import cache
from importlib import resources
from typing import Any

from .. import lexicons
from ..nlp import Parsed, Tok
from .orgs import COMPANY_WORD_AFTER, COMPANY_WORD_BEFORE, OUTLET_AFTER, OUTLET_BEFORE, OUTLET_NAME
from .text import Mention

# entity labels that may name a company outright
NAMEY = frozenset({"ORG", "PRODUCT", "FAC", "WORK_OF_ART", "PERSON"})
# labels that name a company only with company context ("Chinese EV maker Nio")
MAYBE = frozenset({"NORP", "LOC"})
# the small model tags many company names as places ("Halliburton", "Nvidia"): a GPE that
# is not a country or region (CLDR's English names, via babel) stays a mention, and the
# scorer learns from its label and context whether it is a party
GPE = "GPE"
# a name longer than this many tokens is a headline or a title, not a company
MAX_NAME_TOKENS = 6
# leading and trailing tokens never part of a name
EDGE_POS = frozenset({"DET", "CCONJ", "ADP", "PUNCT", "PART", "PRON", "SCONJ", "AUX", "VERB",
                      "ADV", "SPACE", "SYM", "NUM"})
LEAD_OK = frozenset({"NUM"})  # "3M", "2degrees", "7-Eleven" start with a number token
ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9&]{1,7})\)")


@cache
def words() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resources.files("tieup").joinpath("data", "names.json").read_text(encoding="utf-8"))
    out: dict[str, Any] = {k: frozenset(v) for k, v in data.items() if isinstance(v, list)}
    out["not_company_re"] = lexicons.word_pattern(
        "|".join(re.escape(w) for w in sorted(data["not_company"], key=len, reverse=True)), flags=0)
    out["investor_re"] = lexicons.word_pattern("|".join(data["investor_words"]), flags=0)
    suffixes = "|".join(re.escape(w.rstrip(".")) for w in sorted(data["legal_suffixes"], key=len,
                                                                   reverse=True))
    out["suffix_re"] = re.compile(rf"(?:[,\s]+(?:{suffixes})\.?)+$")
    from babel import Locale

    territories = set(Locale("en").territories.values())
    out["places"] = frozenset(territories | set(data["places"]))
    return out


def canonical_name(raw: str) -> str:
    """A name without leading article, possessive or legal suffixes: "The Rain Group
    Holdings Pty Ltd.'s" -> "Rain"."""
    name = re.sub(r"(?:'s|’s|'|’)$", "", raw.strip().strip(".,;:"))
    name = re.sub(r"^(?:the|The|THE)\s+", "", name)
    stripped = words()["suffix_re"].sub("", name).strip(" ,")
    return stripped or name


def plausible(name: str) -> bool:
    """Could this cleaned string be a company name at all? Not an amount, a date, a
    generic word, a public body, a sentence."""
    w = words()
    toks = name.split()
    if len(name) < 2 or not toks or len(toks) > MAX_NAME_TOKENS:
        return False
    if not any(c.isupper() for c in name) or not any(c.isalpha() for c in name):
        return False
    if all(t in w["generic"] or t in w["months"] for t in toks):
        return False
    if any(t in w["currencies"] for t in toks) or re.search(r"[$€£¥₹₩]|\d[\d.,]*\s*(?:bn|m|%)\b", name):
        return False
    if toks[0] in w["months"] and len(toks) > 1 and toks[1][:1].isdigit():
        return False
    if re.fullmatch(r"[\d\W_]+", name) or re.search(r"\d{4,}|[@#%|]|https?:|www\.", name):
        return False
    if w["not_company_re"].search(name) and not w["investor_re"].search(name):
        return False
    return toks[-1].lower() not in {"and", "or", "of", "the", "for", "with", "to", "in", "at", "by"}


def company_context(text: str, start: int, end: int) -> bool:
    """A legal suffix, or a company word around the name ("startup Zoox", "Nio, a Chinese
    EV maker", "Chinese EV maker Nio")."""
    if words()["suffix_re"].search(text[start:end].rstrip(".,")):
        return True
    before, after = text[max(0, start - 40) : start], text[end : end + 40]
    return bool(COMPANY_WORD_BEFORE.search(before) or COMPANY_WORD_AFTER.match(after))


def outlet_context(text: str, start: int, end: int, name: str) -> bool:
    before, after = text[max(0, start - 30) : start], text[end : end + 40]
    return bool(OUTLET_AFTER.match(after) or OUTLET_BEFORE.search(before) or OUTLET_NAME.search(name))


def _trim(toks: list[Tok], i: int, j: int) -> tuple[int, int]:
    """Token range [i, j) without edge tokens that are never part of a name."""
    while i < j and toks[i].pos in EDGE_POS and not (toks[i].pos in LEAD_OK and i + 1 < j
                                                     and toks[i].end == toks[i + 1].start):
        i += 1
    while j > i and (toks[j - 1].pos in EDGE_POS - {"NUM"} or toks[j - 1].tag == "POS"):
        # keep "&" or "." inside a name ("AT&T", "Inc."), only as the last character
        j -= 1
    return i, j


def _token_range(toks: list[Tok], starts: list[int], s: int, e: int) -> tuple[int, int]:
    i = bisect.bisect_left(starts, s)
    j = i
    while j < len(toks) and toks[j].end <= e:
        j += 1
    return i, j


def _propn_runs(toks: list[Tok], text: str) -> list[tuple[int, int]]:
    """Maximal runs of proper nouns, joined across "&", "-" and "of" between two of them."""
    runs: list[tuple[int, int]] = []
    i, n = 0, len(toks)
    while i < n:
        if toks[i].pos != "PROPN":
            i += 1
            continue
        j = i + 1
        while j < n:
            t = toks[j]
            if t.pos == "PROPN" and "\n" not in text[toks[j - 1].end : t.start]:
                j += 1
            elif (text[t.start : t.end] in ("&", "-", "of") and j + 1 < n
                  and toks[j + 1].pos == "PROPN" and "\n" not in text[t.start : toks[j + 1].start]):
                j += 2
            else:
                break
        runs.append((i, j))
        i = j
    return runs


def _split(toks: list[Tok], starts: list[int], text: str, s: int, e: int) -> list[tuple[int, int]]:
    """An entity span cut at the conjunctions and commas inside it ("Grab and GoTo")."""
    i, j = _token_range(toks, starts, s, e)
    out, k = [], i
    for m in range(i, j):
        if text[toks[m].start : toks[m].end] in ("and", "or", ",", ";"):
            if m > k:
                out.append((toks[k].start, toks[m - 1].end))
            k = m + 1
    if k < j:
        out.append((toks[k].start, toks[j - 1].end))
    return out or [(s, e)]


def _head(toks: list[Tok], i: int, j: int) -> int:
    """The token of [i, j) whose head lies outside it (the span's syntactic head)."""
    for k in range(j - 1, i - 1, -1):
        if not i <= toks[k].head < j or toks[k].head == k:
            return k
    return j - 1


def _overlaps(a: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(a[0] < e and s < a[1] for s, e in spans)


def find(parsed: Parsed, company_list: bool = True,
         user: tuple[lexicons.UserRow, ...] = ()) -> tuple[list[Mention], list[Mention]]:
    """Company mentions and outlet mentions, each sorted by position (find step)."""
    text, toks = parsed.text, parsed.tokens
    starts = [t.start for t in toks]
    people = [(e.start, e.end) for e in parsed.ents if e.label == "PERSON"]
    outlets = [Mention(s, e, text[s:e], entry.canonical, "outlet", label="LIST")
               for s, e, entry in lexicons.outlets().find(text)]
    taken = [(m.start, m.end) for m in outlets]
    listed: list[Mention] = []
    if company_list or user:
        for s, e, entry in lexicons.companies(user, curated=company_list).find(text):
            if entry.kind == "government" or _overlaps((s, e), taken):
                continue
            if any(ps <= s and e <= pe and (ps, pe) != (s, e) for ps, pe in people):
                continue  # "Henry Ford"
            i, j = _token_range(toks, starts, s, e)
            listed.append(Mention(s, e, text[s:e], entry.party, entry.kind, entry.owners,
                                  label="LIST", head=_head(toks, i, j) if j > i else -1))
    taken += [(m.start, m.end) for m in listed]
    spans: list[tuple[int, int, str]] = []
    ent_spans = []
    for ent in parsed.ents:
        ent_spans.append((ent.start, ent.end))
        name = canonical_name(ent.text)
        if (ent.label in NAMEY or (ent.label in MAYBE and company_context(text, ent.start, ent.end))
                or (ent.label == GPE and name not in words()["places"])):
            spans.extend((s, e, ent.label) for s, e in _split(toks, starts, text, ent.start, ent.end))
    for i, j in _propn_runs(toks, text):
        s, e = toks[i].start, toks[j - 1].end
        if not _overlaps((s, e), ent_spans):
            spans.append((s, e, "PROPN"))
    found: list[Mention] = []
    for s, e, label in sorted(spans):
        i, j = _trim(toks, *_token_range(toks, starts, s, e))
        if j <= i:
            continue
        s, e = toks[i].start, toks[j - 1].end
        if _overlaps((s, e), taken):
            continue
        raw = text[s:e]
        name = canonical_name(raw)
        if not plausible(name):
            continue
        if outlet_context(text, s, e, name):
            outlets.append(Mention(s, e, raw, name, "outlet", label=label))
            taken.append((s, e))
            continue
        found.append(Mention(s, e, raw, name, "ner", label=label, head=_head(toks, i, j)))
    companies = group(text, listed, found)
    return sorted(companies, key=lambda m: m.start), sorted(outlets, key=lambda m: m.start)


def _key(name: str) -> frozenset[str]:
    """The words that tell a name apart (legal suffixes and function words left out)."""
    suffixes = {w.rstrip(".").lower() for w in words()["legal_suffixes"]}
    ws = [w.strip(".,").lower() for w in name.replace("-", " ").split()]
    return frozenset(w for w in ws if w and w not in suffixes
                     and w not in {"the", "of", "and", "&"}) or frozenset(ws)


def group(text: str, listed: list[Mention], found: list[Mention]) -> list[Mention]:
    """Write step: one party name per company of the article (see the module docstring)."""
    names = sorted({m.party for m in found}, key=lambda n: (len(n), n))
    keys = {n: _key(n) for n in names}
    listed_keys: dict[frozenset[str], set[str]] = {}
    for m in listed:
        for k in (_key(m.text), _key(m.party)):
            listed_keys.setdefault(k, set()).add(m.party)
    party: dict[str, str] = {}
    for n in names:  # "Geely Auto" when the list names Geely in this article
        hits = {p for k, ps in listed_keys.items() if k and k <= keys[n] for p in ps}
        if len(hits) == 1:
            party[n] = hits.pop()
    root = {n: n for n in names}

    def find_root(n: str) -> str:
        while root[n] != n:
            n = root[n]
        return n

    def holds_two(n: str) -> bool:
        """A name holding two companies' names ("Boeing Embraer-Defense")."""
        inner = [keys[m] for m in names if keys[m] < keys[n]]
        return any(not (a <= b or b <= a) for a in inner for b in inner)

    compound = {n for n in names if holds_two(n)}  # once per name, not once per pair
    for short in names:
        longer = [n for n in names if keys[short] < keys[n] and n not in party and n not in compound]
        # a short form joins its long forms only when they are one company's forms (a
        # chain: "Hyundai" < "Hyundai Motor"), not two companies ("Samsung SDI", "Samsung
        # Electronics")
        chain = all(keys[a] <= keys[b] or keys[b] <= keys[a] for a in longer for b in longer)
        if longer and chain and short not in party:
            for n in longer:
                root[find_root(n)] = find_root(short)
    clusters: dict[str, list[str]] = {}
    for n in names:
        clusters.setdefault(find_root(n), []).append(n)
    display = {n: min(c, key=lambda x: (len(x), x)) for c in clusters.values() for n in c}
    # an acronym defined in parentheses right after a name stands for it and names it
    for mt in ACRONYM.finditer(text):
        acr = mt.group(1)
        long = next((m.party for m in found if 0 <= mt.start() - m.end <= 1), None)
        if long and acr in display and long != acr and long not in party:
            target = display[long]
            for n, d in display.items():
                if d == target:
                    display[n] = acr
    out = list(listed)
    for m in found:
        name = party.get(m.party) or display[m.party]
        out.append(Mention(m.start, m.end, m.text, name, m.kind, m.owners, m.label, m.head))
    return out
