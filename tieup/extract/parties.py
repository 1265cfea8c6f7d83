"""Party sets: which companies a sentence reports as allied, and one draft per party set.

find: in each sentence with a relation cue, companies joined by "and", commas or
hyphens form groups; the first group allies with the others, collectively ("Honda's
partnership with GM and its Cruise unit") or one by one after "such as", "including",
"or" or a list of three or more ("supplies batteries to Hyundai, Kia and Nissan").
Owners named only as descriptors ("owned by Alphabet") are left out.
write: drafts keyed by party set, with their evidence sentences; then sentences that
refer back ("the two companies", a party's own statement) are attached to a draft;
one draft is marked primary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .. import lexicons
from .text import Mention, Sentence

# at most this many parties in one collective record: a longer run of names in one
# sentence is a list (calibrated on the seeds/dev: no gold record has more than four)
MAX_PARTIES = 4
# a further partner this close to the last one, with no relation cue between, joins the
# same deal ("Marubeni will own and finance the Mobileye-equipped vehicles ... Lyft's");
# farther away it is context ("... just in Tesla's basket"). Set from the dev set's cases.
NEAR_WORDS = 8
# words allowed between two names of one group after the conjunction ("and its", "and U.S. startup")
GAP_WORDS = 4
FUNCTION_WORDS = frozenset(
    "with to for of in on at by from into onto is are was were be been being has have had will"
    " would could should may might can said says say that which who whom whose as than but after"
    " before over about against between under while when where since because if so not also"
    " did does do".split()
)
CONJ = re.compile(r"^\s*(?:,\s*(?:and|&|or)?|and|&|or|as well as|plus|together with)\s+", re.I)
OWNER_LINK = re.compile(r"^\W*(?:['’]s\s+)?(?:owner|parent|backer|shareholder)s?\W*$", re.I)
# "Peugeot maker PSA Group", "Google's robotaxi firm Waymo", "Alitalia's successor ITA":
# the first name only describes the second
DESCRIBES_NEXT = re.compile(
    r"^\s*(?:maker|['’]s\s+(?:[\w-]+\s+){0,3}?(?:firm|unit|subsidiary|arm|division|affiliate"
    r"|startup|successor|predecessor))\s+$", re.I)
# "Stellantis, formed by the combination of Fiat Chrysler and PSA": the names after it are
# the deal; the head is its product
PRODUCT_OF = re.compile(
    r"(?:formed|created|born)\s+(?:by|from|through|in)\s+the\s+(?:combination|merger|union)\s+of\s+$",
    re.I)
# a name used for products, not the company ("Peugeot and Citroen models")
PRODUCT_AFTER = re.compile(
    r"(?:\s+and\s+[A-Z][\w-]+)?\s+(?:models?|vehicles|cars|brands?|SUVs?|EVs?|sedans?|vans?"
    r"|trucks?|dealerships?|owners|drivers|shares|stock)\b")
# "approached Toyota and other Japanese automakers as well as Hyundai": one approach each
ALSO = re.compile(r"\b(?:as well as|and other|along with|in addition to)\b", re.I)
# a later name this far off, or after a clause break, is context, not a partner
BREAK = re.compile(r",\s*and\b|;|\bwhile\b|\bwhereas\b|\bthe other\b|\banother\b", re.I)
LINKER = re.compile(r"^\s*[-–/]\s*$")


@dataclass
class Draft:
    parties: list[str]
    strong: list[int] = field(default_factory=list)  # sentences stating the alliance
    weak: list[int] = field(default_factory=list)  # a party's statement, credited reports
    rules: list[str] = field(default_factory=list)
    primary: bool = False

    @property
    def key(self) -> frozenset[str]:
        return frozenset(self.parties)

    def sentences(self) -> list[int]:
        return sorted(set(self.strong) | set(self.weak))


def _linked(text: str, a: Mention, b: Mention) -> str | None:
    """How two neighbouring mentions are joined: "and", "or", or None (not one group)."""
    gap = text[a.end : b.start]
    if LINKER.match(gap):
        return "and"
    m = CONJ.match(gap)
    if not m:
        return None
    rest = gap[m.end() :].split()
    if len(rest) > GAP_WORDS or any(w.lower() in FUNCTION_WORDS for w in rest):
        return None
    if re.search(r"\bor\b", m.group(0), re.I):
        return "or"
    return "comma" if m.group(0).strip() == "," else "and"


@dataclass
class Group:
    members: list[Mention]
    distributive: bool = False
    product_of: bool = False  # the names of a combination that formed the head
    introduced: bool = False  # after "such as", "including": a list of objects, not a subject
    links: list[str] = field(default_factory=list)


def groups(sentence: Sentence, text: str) -> list[Group]:
    """Runs of company mentions joined by conjunctions, in sentence order."""
    cues = lexicons.cues()
    out: list[Group] = []
    prev: Mention | None = None
    for m in sentence.companies:
        if _descriptor(text, m, sentence.start) or PRODUCT_AFTER.match(text, m.end):
            prev = None
            continue
        if prev is not None and out and DESCRIBES_NEXT.match(text[prev.end : m.start]):
            out[-1].members.remove(prev)  # "A and Peugeot maker PSA": PSA takes Peugeot's place
            if out[-1].members:
                out[-1].members.append(m)
                prev = m
                continue
            out.pop()
            prev = None
        link = _linked(text, prev, m) if prev is not None else None
        if link and out:
            out[-1].members.append(m)
            out[-1].distributive |= link == "or"
            out[-1].links.append(link)
        else:
            lead = text[max(sentence.start, m.start - 40) : m.start]
            marker = cues.distributive.search(lead[-25:])
            out.append(Group([m], distributive=bool(marker and out),
                             product_of=bool(PRODUCT_OF.search(lead)), introduced=bool(marker)))
        prev = m
    return [part for g in out for part in _split_commas(g)]


def _split_commas(g: Group) -> list[Group]:
    """Names joined by bare commas with no closing "and"/"or" are not a list ("such as
    Mazda, Fisker has ..."): each stands alone."""
    if g.links and all(k == "comma" for k in g.links):
        return [Group([m], g.distributive, g.product_of, g.introduced and i == 0)
                for i, m in enumerate(g.members)]
    return [g]


def _descriptor(text: str, m: Mention, floor: int) -> bool:
    """A company named only as an owner or parent ("owned by Alphabet", "a unit of Daimler")."""
    before = text[max(floor, m.start - 30) : m.start]
    hits = list(lexicons.cues().ownership.finditer(before))
    return bool(hits and before[hits[-1].end() :].strip(" ,'’s").count(" ") <= 2)


def _names(g: Group) -> list[str]:
    out: dict[str, None] = {}
    for m in g.members:
        for p in m.owners or (m.party,):
            out.setdefault(p, None)
    return list(out)


def party_sets(sentence: Sentence, text: str) -> list[list[str]]:
    """The party sets one sentence states (find step; the caller checks the relation cue).

    A group of two or more names ("Ford and Geely") is a party set of its own. A lone
    name at the head allies with the first names after it; later names join that deal
    when close by or linked by an owner word, or make a deal of their own with the head
    when a relation cue stands between; a list of three or more, or one introduced by
    "such as" / "including" / "or", allies with the head one by one."""
    gs = groups(sentence, text)
    if not gs:
        return []
    out: list[list[str]] = []
    for k, g in enumerate(gs):
        if g.product_of and k > 0:  # "Stellantis, formed by the combination of A and B"
            return _dedupe([_names(g)])
    if gs[0].introduced and len(gs) > 1:  # "talks with others, such as Mazda, Fisker has ..."
        gs = [gs[1], Group(gs[0].members, distributive=True), *gs[2:]]
    tight = _tight_pairs(sentence, text, gs)
    if tight:
        out.append([p for m in tight for p in (m.owners or (m.party,))])
        gs = [g for g in gs if not any(m in tight for m in g.members)]
        if not gs:
            return _dedupe(out)
    head = _names(gs[0])
    if len(head) >= 2:
        out.append(head)
        out.extend(_names(g) for g in gs[1:] if len(_names(g)) >= 2 and not g.distributive)
        return _dedupe(out)
    collective = list(head)
    prev_end = gs[0].members[-1].end
    for k, g in enumerate(gs[1:]):
        names = [n for n in _names(g) if n not in head]
        between = text[prev_end : g.members[0].start]
        if g.distributive or len(names) >= 3 or ALSO.search(between):
            out.extend([*head, n] for n in names)
        elif k == 0 or OWNER_LINK.search(between):
            collective.extend(n for n in names if n not in collective)
        elif lexicons.first_hit(lexicons.cues().relation, between):
            out.extend([*head, n] for n in names)  # a deal of its own: "bought A ... acquired B"
        elif len(between.split()) <= NEAR_WORDS and not BREAK.search(between):
            collective.extend(n for n in names if n not in collective)
        else:
            break
        prev_end = g.members[-1].end
    if len(collective) > MAX_PARTIES:
        out.extend([*head, n] for n in collective[len(head) :])
    elif len(collective) >= 2:
        out.insert(0, collective)
    return _dedupe(out)


# "... since BHP acquired Petrohawk": a deal verb straight between two names, away from
# the sentence's head, is a deal of its own (at most this many words between them)
TIGHT_WORDS = 3
TIGHT_CUE = re.compile(r"\b(?:acquired|bought|bid for|merged with|took over|invested in|sold \w+ to)\b", re.I)


def _tight_pairs(sentence: Sentence, text: str, gs: list[Group]) -> list[Mention]:
    """Two single names joined by a deal verb after the first group ("BHP acquired Petrohawk")."""
    singles = [g.members[0] for g in gs[1:] if len(g.members) == 1]
    for a, b in zip(singles, singles[1:], strict=False):
        gap = text[a.end : b.start]
        if len(gap.split()) <= TIGHT_WORDS and "," not in gap and TIGHT_CUE.search(gap):
            return [a, b]
    return []


def _dedupe(sets: list[list[str]]) -> list[list[str]]:
    seen: set[frozenset[str]] = set()
    out = []
    for s in sets:
        s = list(dict.fromkeys(s))
        if len(s) >= 2 and frozenset(s) not in seen:
            seen.add(frozenset(s))
            out.append(s)
    return out


def relation_rule(sentence: Sentence) -> str | None:
    hit = lexicons.first_hit(lexicons.cues().relation, sentence.text)
    return hit[0] if hit else None


def find(sentences: list[Sentence], text: str) -> list[Draft]:
    """Drafts from sentences with a relation cue and two or more parties, in order of first evidence."""
    drafts: dict[frozenset[str], Draft] = {}
    for s in sentences:
        rule = relation_rule(s)
        if rule is None or len(s.parties()) < 2:
            continue
        for ps in party_sets(s, text):
            d = drafts.setdefault(frozenset(ps), Draft(ps))
            d.strong.append(s.index)
            d.rules.append(f"relation:{rule}")
    return list(drafts.values())


def attach(drafts: list[Draft], sentences: list[Sentence], weak_cue: re.Pattern[str]) -> None:
    """Write step: sentences that name all of a draft's parties, refer back to it, or carry a
    party's statement or a credited report become its evidence."""
    cues = lexicons.cues()
    used = {i for d in drafts for i in d.strong}
    last: Draft | None = None
    by_index = {i: d for d in drafts for i in d.strong}
    for s in sentences:
        if s.index in used:
            last = by_index.get(s.index, last)
            continue
        named = set(s.parties())
        covering = [d for d in drafts if d.key <= named]
        if covering:
            best = max(covering, key=lambda d: len(d.parties))
            best.strong.append(s.index)
            last = best
            continue
        anaphoric = bool(cues.anaphora.search(s.text))
        if len(named) == 1:
            (party,) = named
            target = _draft_for(drafts, party, last)
            if target is None:
                continue
            if anaphoric:
                target.strong.append(s.index)
            elif weak_cue.search(s.text) or s.outlets:
                target.weak.append(s.index)
        elif not named and anaphoric and last is not None and s.index - max(last.strong) <= 2:
            last.strong.append(s.index)
    for d in drafts:
        d.strong.sort()


def _draft_for(drafts: list[Draft], party: str, last: Draft | None) -> Draft | None:
    """The draft a one-party sentence is about: the primary if it has the party, else the
    most recent draft with it."""
    having = [d for d in drafts if party in d.parties]
    if not having:
        return None
    for d in having:
        if d.primary:
            return d
    if last is not None and last in having:
        return last
    return having[0]


def choose_primary(drafts: list[Draft], sentences: list[Sentence]) -> None:
    """Exactly one primary: the draft the article leads with (title and opening sentences
    weigh most), ties going to the earliest."""
    if not drafts:
        return
    first_body = next((s.index for s in sentences if not s.is_title), 0)

    def score(d: Draft) -> tuple[float, int]:
        lead = sum(1 for i in d.strong if sentences[i].is_title) * 3
        lead += sum(1 for i in d.strong if first_body <= i < first_body + 3) * 2
        return (lead + len(set(d.strong)), -min(d.strong))

    best = max(drafts, key=score)
    for d in drafts:
        d.primary = d is best
