"""Candidate party sets: every set of companies a sentence could be reporting as allied.

find (:func:`find`): in each sentence naming two or more parties, every pair of them,
and for a coordination ("A, B and C", found by the parser's ``conj`` links) the group
itself and the group with each other party of the sentence (a consortium and its
target, "X's deal with A and B"). A candidate is keyed by its party set, so one set
named in several sentences is one candidate with every sentence as evidence.
write: :class:`Candidate` with its sentences and, per sentence, the two mentions that
represent it (the closest pair), which ``features`` describes.

Which candidates are alliances is not decided here but by the scorer (``scoring``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

from ..nlp import Tok
from .text import Mention, Sentence

# words that refer back to a company named before ("It will own 40%", "the group said")
PRONOUNS = frozenset({"it", "its"})


def references(sentences: list[Sentence], toks: list[Tok], text: str,
               company_words: frozenset[str]) -> None:
    """Anaphora (write step, in place): "it"/"its" and "the company"/"the carmaker" become
    mentions of the subject of the nearest earlier sentence that names one (label
    ``ANAPH``), when the sentence names another party to pair it with."""
    if not toks:
        return
    subject: Mention | None = None
    k = 0
    for s in sentences:
        while k < len(toks) and toks[k].start < s.start:
            k += 1
        j = k
        added: list[Mention] = []
        named = {p for m in s.companies for p in expand(m)}
        while j < len(toks) and toks[j].end <= s.end:
            t = toks[j]
            word = text[t.start : t.end].lower()
            ref = None
            if t.pos == "PRON" and word in PRONOUNS:
                ref = (t.start, t.end, j)
            elif (t.pos == "NOUN" and t.lemma in company_words and j > 0
                  and text[toks[j - 1].start : toks[j - 1].end].lower() == "the"):
                ref = (toks[j - 1].start, t.end, j)
            if ref and subject is not None and subject.party not in named and named:
                added.append(Mention(ref[0], ref[1], text[ref[0] : ref[1]], subject.party,
                                     subject.kind, subject.owners, "ANAPH", ref[2]))
            j += 1
        if added:
            s.companies = sorted([*s.companies, *added], key=lambda m: m.start)
        subj = [m for m in s.companies if m.label != "ANAPH" and m.head >= 0
                and toks[m.head].dep in ("nsubj", "nsubjpass")]
        if subj:
            subject = subj[0]
        elif s.companies and subject is None:
            subject = next((m for m in s.companies if m.label != "ANAPH"), None)

# a sentence naming more parties than this is a list (league tables, index members):
# only pairs of neighbours are candidates there (no gold record of the train, dev or seed
# sets pairs two names more than this many names apart)
MAX_PAIRS_SPAN = 6
# the largest party set considered (no gold record of train/dev/seeds has more than five)
MAX_GROUP = 5


@dataclass
class Candidate:
    parties: tuple[str, ...]
    # per evidence sentence: (sentence index, the pair of mentions that stand for the set,
    # the conjoined group if the set came from a coordination)
    uses: list[tuple[int, Mention, Mention, int]] = field(default_factory=list)

    @property
    def key(self) -> frozenset[str]:
        return frozenset(self.parties)

    def sentences(self) -> list[int]:
        return sorted({u[0] for u in self.uses})


def expand(m: Mention) -> tuple[str, ...]:
    """The parties one mention stands for (a JV company: its owners)."""
    return m.owners or (m.party,)


def conj_groups(s: Sentence, toks: list[Tok]) -> list[list[Mention]]:
    """Mentions of one coordination ("A, B and C"): heads linked by ``conj`` arcs."""
    if not toks:
        return []
    by_head = {m.head: m for m in s.companies if m.head >= 0}
    parent: dict[int, int] = {}
    for h in by_head:
        t = toks[h]
        if t.dep == "conj" and t.head in by_head:
            parent[h] = t.head
    groups: dict[int, list[Mention]] = {}
    for h, m in by_head.items():
        r = h
        while r in parent:
            r = parent[r]
        groups.setdefault(r, []).append(m)
    out = []
    for g in groups.values():
        names = {p for m in g for p in expand(m)}
        if len(names) >= 2:
            out.append(sorted(g, key=lambda m: m.start))
    return out


def find(sentences: list[Sentence], toks: list[Tok]) -> list[Candidate]:
    """Every candidate party set of the article, in order of first evidence (find step)."""
    out: dict[frozenset[str], Candidate] = {}

    def add(parties: list[str], i: int, a: Mention, b: Mention, grp: int) -> None:
        ps = tuple(dict.fromkeys(parties))
        if len(ps) < 2 or len(ps) > MAX_GROUP:
            return
        c = out.setdefault(frozenset(ps), Candidate(ps))
        c.uses.append((i, a, b, grp))

    for s in sentences:
        firsts: dict[str, Mention] = {}
        for m in s.companies:
            for p in expand(m):
                firsts.setdefault(p, m)
        names = list(firsts)
        if len(names) < 2:
            continue
        for x, y in combinations(range(len(names)), 2):
            if y - x > MAX_PAIRS_SPAN:
                continue
            a, b = firsts[names[x]], firsts[names[y]]
            add([names[x], names[y]], s.index, a, b, 0)
        if 3 <= len(names) <= MAX_GROUP:  # everyone the sentence names: a consortium, a deal list
            add(names, s.index, firsts[names[0]], firsts[names[-1]], -len(names))
        for g in conj_groups(s, toks):
            members = list(dict.fromkeys(p for m in g for p in expand(m)))
            if len(members) >= 3:
                add(members, s.index, g[0], g[-1], len(members))
            for other in names:
                if other in members:
                    continue
                m = firsts[other]
                add([other, *members] if m.start < g[0].start else [*members, other],
                    s.index, m, g[0], len(members))
    return list(out.values())
