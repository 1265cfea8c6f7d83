"""The fast path's gate: which articles can hold an alliance at all.

Extraction drafts an alliance only from a sentence that matches a relation cue
(``cues.json`` "relation") and names two or more parties, or one party and a description
that coreference can resolve ("the automaker"); see :func:`tieup.extract.parties.find`.
The gate asks the same questions more cheaply and more leniently:

1. find  (:func:`candidates`): an Aho-Corasick automaton (pyahocorasick) scans the
   lower-cased text for anchors, the literal runs every relation cue must contain
   (derived from ``cues.json`` by :func:`anchors`, so a new cue brings its own anchor);
   only rule-split sentences holding an anchor are checked against one compiled pattern
   of every relation cue, *without* the extractor's word-boundary guards (a superset).
2. count (:func:`could_pass`): without the model, an upper bound on the names in a
   candidate sentence (gazetteer companies and capitalised words); a sentence that cannot
   reach two names (or one and a coreference cue) is dropped before any NER.
3. names (:func:`select`): with the model, spaCy's tok2vec+NER runs on the surviving
   sentences only (a few dozen words instead of the whole article), one sentence per
   article per round until the article passes; a sentence naming two listed companies
   passes without NER.
4. write (:func:`passes`): a candidate sentence passes when it names two or more
   distinct name-like spans, or one and a coreference cue. Name-like is lenient: gazetteer
   companies, model ORG entities, and any capitalised word after the first that the model
   does not place in a non-company entity (a city, a date, a nationality).

An article with no passing sentence gets an empty result (its date and title are still
read); every other article goes through the full pipeline unchanged. The gate costs
nothing in accuracy on the seeds, dev and dev-negatives sets (``tests/test_prefilter.py``
scores both ways); ``Options(prefilter=False)`` / ``--no-prefilter`` turns it off.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parser  # type: ignore[attr-defined]
from typing import Any

from . import lexicons, nlp
from .extract.coref import DESCRIPTION, IMPLICIT

# entity labels that never stand for a company: a capitalised word inside one is no party
NOT_COMPANY = frozenset({"GPE", "LOC", "DATE", "TIME", "MONEY", "PERCENT", "CARDINAL",
                         "ORDINAL", "QUANTITY", "NORP", "EVENT", "LANGUAGE", "LAW"})
# entity labels a company may wear when the model sees a sentence without its article
NAME_LIKE = frozenset({"ORG", "PERSON", "PRODUCT", "FAC", "WORK_OF_ART"})
# a capitalised run ("Beta Motor Corp"), or a camel-case name ("eBay", "iRobot")
CAPITALISED = re.compile(r"(?<![\w'’])(?:[A-Z]|[a-z]+[A-Z])[\w&'’.-]*(?:\s+[A-Z][\w&'’.-]*)*")
# a candidate sentence is cut to this many characters before naming (NER cost is linear,
# and one 3,000-character "sentence" from a table must not dominate a batch)
MAX_SENTENCE_CHARS = 2_000


@cache
def pattern() -> re.Pattern[str]:
    """Every relation cue body in one case-insensitive alternation (compiled once)."""
    return re.compile("|".join(f"(?:{b})" for b in _cue_bodies()), re.IGNORECASE)


def _cue_bodies() -> list[str]:
    # lexicons.word_pattern wraps each body as (?<!\w)(?:BODY)(?!(?<=\w)\w); strip the guards
    return [p.pattern.removeprefix(r"(?<!\w)(?:").removesuffix(r")(?!(?<=\w)\w)")
            for _, p in lexicons.cues().relation]


def _alternatives(body: str) -> list[list[tuple[Any, Any]]]:
    items = list(sre_parser.parse(body, re.IGNORECASE))
    if len(items) == 1 and items[0][0] is sre_constants.BRANCH:
        return [list(b) for b in items[0][1][1]]
    return [items]


def _anchor(seq: list[tuple[Any, Any]]) -> str:
    """The longest run of literal characters at the top level of one alternative: a
    substring every match of that alternative contains."""
    runs, cur = [], ""
    for op, arg in seq:
        if op is sre_constants.LITERAL:
            cur += chr(arg).lower()
        else:
            runs.append(cur)
            cur = ""
    runs.append(cur)
    return max(runs, key=len)


@cache
def anchors() -> frozenset[str]:
    """Literal anchors of every relation cue alternative (lower case). Empty when some
    alternative has none: then the automaton cannot rule anything out and is not used."""
    out = {_anchor(alt) for body in _cue_bodies() for alt in _alternatives(body)}
    return frozenset() if "" in out or any(len(a.strip()) < 2 for a in out) else frozenset(out)


@cache
def automaton() -> Any:
    import ahocorasick

    auto = ahocorasick.Automaton()
    for a in sorted(anchors()):
        auto.add_word(a, len(a))
    auto.make_automaton()
    return auto


def _anchor_hits(text: str) -> list[int] | None:
    """Offsets where an anchor ends, or None when the automaton cannot be used here."""
    low = text.lower()
    if not anchors() or len(low) != len(text):  # lower() changed offsets (rare scripts)
        return None
    return [end for end, _ in automaton().iter(low)]


def candidates(text: str) -> list[tuple[int, int]]:
    """Find step: rule-split sentences (offsets) that hold a relation cue."""
    pat = pattern()
    hits = _anchor_hits(text)
    if hits is None:
        if not pat.search(text):
            return []
    elif not hits:
        return []
    out = []
    k = 0
    for s, e in joined(text, nlp.rule_sentences(text)):
        if hits is not None:
            while k < len(hits) and hits[k] < s:
                k += 1
            if k >= len(hits):
                break
            if hits[k] >= e:
                continue
        if pat.search(text, s, e):
            out.append((s, min(e, s + MAX_SENTENCE_CHARS)))
    return out


# a rule sentence ending like this may be a cut inside a company name ("Warner Bros.
# Discovery", "Acme Intl. and ..."): abbreviations of company names that the rule
# splitter's list (nlp._ABBREV) does not hold. A capitalised short word in general would
# not do: "... in Seoul." ends a sentence (that joined 8% of a generated mix's filler)
CUT_INSIDE_NAME = re.compile(
    r"(?<!\w)(?:Bros|Intl|Int'l|Mfg|Cos|Hldgs|Hldg|Grp|Inds?|Svcs|Natl|Mgmt|Assn|Plc|Pty|Cie|Cia"
    r"|Ste|Gen|Elec|Tel|Amer|Petro|Sys|Tech|Pharm|Fin|Invt|Bhd|Tbk|Pte|Sdn)\.$")
# a "sentence" this short is a fragment (a name, a dateline) rather than a sentence
FRAGMENT_WORDS = 3


def joined(text: str, sentences: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Rule sentences, with each one that may end inside a name, or is a fragment, joined
    to the next: spaCy, which the full pipeline uses, would not cut there."""
    out: list[tuple[int, int]] = []
    carry: int | None = None
    for s, e in sentences:
        start = s if carry is None else carry
        piece = text[s:e]
        if CUT_INSIDE_NAME.search(piece) or len(piece.split()) <= FRAGMENT_WORDS:
            carry = start
            continue
        out.append((start, e))
        carry = None
    if carry is not None:
        out.append((carry, sentences[-1][1]))
    return out


# one-word sentence openers that are not names (the opening word is capitalised anyway)
OPENERS = frozenset(
    "The A An In On At It Its This That These Those He She They We I You But And Or As For"
    " With After Before While When If Meanwhile However Also Shares Analysts Officials".split())


def company_names(sentence: str) -> set[str]:
    """The gazetteer's companies named in a sentence (a JV company counts as its owners)."""
    names: set[str] = set()
    for _s, _e, entry in lexicons.companies().find(sentence):
        if entry.kind != "government":
            names.update(entry.owners or (entry.party,))
    return names


def _enough(names: set[str], sentence: str) -> bool:
    """Two names, or one and a description coreference can resolve."""
    return len(names) >= 2 or (len(names) == 1 and _coref_cue(sentence))


def could_pass(sentence: str, known: set[str] | None = None) -> bool:
    """Count step, no model: could this sentence name two parties? An upper bound on
    :func:`passes` (NER can only block capitalised words or add capitalised ORGs).
    ``known``: :func:`company_names` of the sentence, when already computed."""
    names = set(company_names(sentence) if known is None else known)
    for i, m in enumerate(CAPITALISED.finditer(sentence)):
        if i == 0 and m.group(0) in OPENERS:
            continue
        names.add(m.group(0).lower())
    return _enough(names, sentence)


def _coref_cue(sentence: str) -> bool:
    return bool(DESCRIPTION.search(sentence) or IMPLICIT.search(sentence)
                or lexicons.cues().anaphora.search(sentence))


def passes(sentence: str, ents: Sequence[nlp.Ent], known: set[str] | None = None) -> bool:
    """Write step: could this cue sentence name two parties? ``ents`` index ``sentence``;
    ``known``: :func:`company_names` of the sentence, when already computed."""
    names = set(company_names(sentence) if known is None else known)
    names.update(e.text.lower() for e in ents if e.label == "ORG")
    blocked = [(e.start, e.end) for e in ents if e.label in NOT_COMPANY]
    outlets = [(s, e) for s, e, _ in lexicons.outlets().find(sentence)]
    named = [(e.start, e.end) for e in ents if e.label in NAME_LIKE]
    first = True
    for m in CAPITALISED.finditer(sentence):
        opening = first and m.start() <= len(sentence) - len(sentence.lstrip(" \"“‘("))
        first = False
        if opening and not any(s < m.end() and m.start() < e for s, e in named):
            continue  # the sentence's first word is capitalised anyway: a name only if tagged
        if any(s <= m.start() and m.end() <= e for s, e in blocked + outlets):
            continue
        names.add(m.group(0).lower())
    return _enough(names, sentence)


def select(texts: Sequence[str], *, model: bool = True, batch_size: int = 32) -> list[bool]:
    """For each text: may it hold an alliance? (The gate, over a batch.)"""
    # per article, its candidate sentences that may pass, each with its gazetteer names
    # (scanned once: the gazetteer alternation is the costliest pattern here)
    snippets: list[list[tuple[str, set[str]]]] = []
    for t in texts:
        group = []
        for s, e in candidates(t):
            known = company_names(t[s:e])
            if could_pass(t[s:e], known):
                group.append((t[s:e], known))
        snippets.append(group)
    # a sentence naming two listed companies passes whatever NER says (it only blocks
    # capitalised words): its article needs no NER at all
    out = [any(len(known) >= 2 for _, known in group) for group in snippets]
    if not model:
        return [ok or any(passes(s, [], known) for s, known in group)
                for ok, group in zip(out, snippets, strict=True)]
    # the rest: NER round by round, the next candidate sentence of each undecided article
    # (most alliance articles pass on their first, so the later rounds are small)
    rnd = 0
    while True:
        todo = [(i, group[rnd]) for i, group in enumerate(snippets)
                if not out[i] and rnd < len(group)]
        if not todo:
            return out
        ents = nlp.entities_many([sentence for _, (sentence, _) in todo], batch_size=batch_size * 8)
        for (i, (sentence, known)), found in zip(todo, ents, strict=True):
            out[i] = passes(sentence, found, known)
        rnd += 1
