"""The extract stage: one parsed article in, its alliances out. Pure: same text, same output.

Steps, in order (each module has a find step and a write step):

1. ``orgs``     company and outlet mentions, canonical names; ``coref`` for "the automaker"
2. ``parties``  party sets per sentence, one draft per set, evidence attached, primary
3. ``stage``    talks / agreed / completed / ended from the lead development
4. ``claim``    reported / confirmed / denied, and who confirmed or denied
5. ``areas``    structure, areas and places from lexicons
6. ``sources``  outlets credited, datelines, sign-offs, the attribution chain
7. ``dates``    the article's published date and each development's date
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from .. import lexicons
from ..model import Alliance, ArticleResult, Claim, Span, Stage
from ..nlp import Parsed, split_lines
from . import areas, claim, coref, dates, orgs, parties, sources, stage
from .text import Sentence

# a first line this short with no closing full stop is a headline
TITLE_MAX_CHARS = 200
__all__ = ["extract_empty", "extract_parsed"]


def sentences_of(parsed: Parsed) -> list[Sentence]:
    companies, outlets = orgs.find(parsed)
    out: list[Sentence] = []
    ci = oi = 0
    for i, (s, e) in enumerate(parsed.sentences):
        sent = Sentence(i, s, e, parsed.text[s:e])
        while ci < len(companies) and companies[ci].start < e:
            if companies[ci].start >= s:
                sent.companies.append(companies[ci])
            ci += 1
        while oi < len(outlets) and outlets[oi].start < e:
            if outlets[oi].start >= s:
                sent.outlets.append(outlets[oi])
            oi += 1
        out.append(sent)
    if out:
        out[0].is_title = _is_title(parsed.text, out[0].start, out[0].end)
    coref.resolve(out)
    return out


def _is_title(text: str, start: int, end: int) -> bool:
    """A first sentence that is a short line of its own with no closing full stop."""
    if end - start > TITLE_MAX_CHARS or text[start:end].rstrip().endswith("."):
        return False
    line_end = text.find("\n", start)
    return line_end == -1 or line_end >= end


def extract_empty(text: str, *, article_id: str = "", published: str | None = None,
                  title: str | None = None, language: str = "en") -> ArticleResult:
    """The result for an article the fast path's gate ruled out: no alliances, but its
    date and headline read as :func:`extract_parsed` would (with the rule sentence splitter)."""
    if title is None:
        first = next(iter(split_lines(text, 0, len(text))), None)
        if first and _is_title(text, *first):
            title = text[first[0] : first[1]]
    return ArticleResult(id=article_id, published=published or dates.published(text),
                         title=title, language=language, alliances=[])


@cache
def _weak_cue() -> re.Pattern[str]:
    c = lexicons.cues()
    # a bare "said" is everywhere: only firmer statement cues mark a weak sentence
    confirm = [(n, p) for n, p in c.confirm if n != "party_said"]
    body = "|".join(p.pattern for _, p in [*c.deny, *c.neutral, *confirm])
    return re.compile(body, re.I)


def _view(s: Sentence, d: parties.Draft, shared: Counter[int]) -> str | None:
    """For a sentence stating several alliances, the part about ``d``: from its first party
    to the next company that is not one of its parties."""
    if shared[s.index] < 2:
        return None
    mine = [m for m in s.companies if m.party in d.parties]
    if not mine:
        return None
    start = mine[0].start
    end = next((m.start for m in s.companies if m.start > start and m.party not in d.parties
                and not m.owners), s.end)
    return s.text[start - s.start : end - s.start]


def _tail(s: Sentence) -> str:
    """What a sentence says after its last company: a closing clause ("..., though it has
    denied such reports", "..., the companies said") speaks of every alliance it names."""
    if not s.companies:
        return ""
    last = max(m.end for m in s.companies)
    return " " + s.text[last - s.start :] if last < s.end else ""


def extract_parsed(parsed: Parsed, *, article_id: str = "", published: str | None = None,
                   title: str | None = None, language: str = "en") -> ArticleResult:
    text = parsed.text
    sents = sentences_of(parsed)
    drafts = parties.find(sents, text)
    parties.choose_primary(drafts, sents)
    parties.attach(drafts, sents, _weak_cue())
    credits = sources.find(sents, text)
    lead_outlet = next((c.outlet for c in credits if c.kind in ("dateline", "signoff")), None)
    alliances: list[tuple[int, Alliance]] = []
    shared = Counter(i for d in drafts for i in set(d.strong))
    for d in drafts:
        strong = [sents[i] for i in sorted(set(d.strong))]
        every = [sents[i] for i in d.sentences()]
        views = {i: v for i in d.strong if (v := _view(sents[i], d, shared))}
        st, st_why = stage.write(strong, every, views)
        said = {i: v + _tail(sents[i]) for i, v in views.items()}
        found = [claim.find(s, d.parties, text, said.get(s.index)) for s in every]
        lead = next((s for s in strong if stage.find(s)), strong[0])
        cl, confirmed_by, denied_by, cl_why = claim.write(st, found, [lead, strong[0]], d.parties)
        if cl is Claim.DENIED and st is Stage.COMPLETED:
            # a denied relationship is a denied report of talks, not a deal in force
            st, st_why = Stage.TALKS, [*st_why, "stage:talks:denied_relationship"]
        wanted = set(d.sentences())
        srcs = [c.outlet for c in credits
                if (c.kind == "credit" and c.sentence in wanted) or (c.kind != "credit" and d.primary)]
        alliance = Alliance(
            parties=list(d.parties),
            primary=d.primary,
            stage=st,
            claim=cl,
            structure=areas.write_structure(areas.find_structure(strong)),
            areas=areas.write_areas(areas.find_areas(strong)),
            sources=list(dict.fromkeys(srcs)),
            evidence=[Span(s.start, s.end, s.text) for s in every],
            confirmed_by=confirmed_by,
            denied_by=denied_by,
            attribution=sources.chain(sents, wanted, text, lead_outlet if d.primary else None),
            places=areas.places(strong, parsed.ents, set(d.parties)),
            event_date=dates.event_date(lead.text),
            why=[*dict.fromkeys(d.rules), *st_why, *cl_why],
        )
        alliances.append((every[0].start, alliance))
    alliances.sort(key=lambda x: x[0])
    return ArticleResult(
        id=article_id,
        published=published or dates.published(text),
        title=title or (sents[0].text if sents and sents[0].is_title else None),
        language=language,
        alliances=[a for _, a in alliances],
    )
