"""The extract stage: one parsed article in, its alliances out. Pure: same text, same output.

Steps, in order (each module has a find step and a write step):

1. ``mentions``    company and outlet mentions from what the text shows (entities, proper
                   nouns, context), the company list naming them; ``coref`` for "the automaker"
2. ``candidates``  every party set a sentence could report (pairs, coordinations)
3. ``features``    what the rules see about each candidate, as named features
4. ``scoring``     the trained scorer keeps the alliances and picks the primary one;
                   ``parties.attach`` adds the sentences that refer back to each
5. ``stage``    talks / agreed / completed / ended from the lead development
4. ``claim``    reported / confirmed / denied, and who confirmed or denied
5. ``areas``    structure, areas and places from lexicons
6. ``sources``  outlets credited, datelines, sign-offs, the attribution chain
7. ``dates``    the article's published date and each development's date

Without the model (``Options(model=False)``: no tokens, no entities) steps 1-4 are the
list-and-pattern rules of ``orgs`` and ``parties``.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from .. import lexicons
from ..model import Alliance, ArticleResult, Claim, Span, Stage
from ..nlp import Parsed, split_lines
from . import (
    areas,
    candidates,
    claim,
    coref,
    dates,
    features,
    mentions,
    orgs,
    parties,
    scoring,
    sources,
    stage,
)
from .scoring import Scorer
from .text import Sentence

# a first line this short with no closing full stop is a headline
TITLE_MAX_CHARS = 200
__all__ = ["extract_empty", "extract_parsed"]


def sentences_of(parsed: Parsed, company_list: bool = True,
                 user: tuple[lexicons.UserRow, ...] = ()) -> list[Sentence]:
    if parsed.tokens:
        companies, outlets = mentions.find(parsed, company_list, user)
    else:
        companies, outlets = orgs.find(parsed, user)
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
    if parsed.tokens:
        candidates.references(out, parsed.tokens, parsed.text, mentions.words()["company_words"])
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


Scored = tuple[candidates.Candidate, set[str], float]


def score_candidates(parsed: Parsed, sents: list[Sentence], scorer: Scorer) -> list[Scored]:
    """Every candidate party set with its features and its alliance probability."""
    cue_rules = lexicons.cues().relation
    cues_of = {s.index: list(dict.fromkeys(n for n, _ in lexicons.all_hits(cue_rules, s.text)))
               for s in sents}
    freq = Counter(p for s in sents for p in set(s.parties()))
    # the pattern rules' party sets are one more feature ("rule"), not the decision
    ruled = {d.key for d in parties.find(sents, parsed.text)}
    out = []
    for c in candidates.find(sents, parsed.tokens):
        f = features.describe(c, sents, parsed.text, parsed.tokens, cues_of, freq)
        if c.key in ruled:
            f.add("rule")
        out.append((c, f, scorer.alliance.prob(f)))
    return out


def _cued(feats: set[str]) -> bool:
    """The schema's alliance is a reported cooperation: at least one of the candidate's
    sentences states one (a relation cue); a market-share table or two companies' separate
    plans in one sentence are not an alliance however the scorer rates them."""
    return "scue=none" not in feats


def decide(scored: list[Scored], sents: list[Sentence], scorer: Scorer) -> list[parties.Draft]:
    """Write step of the scorer: the cued candidates at or above its threshold become drafts
    (a set inside a likelier accepted set is dropped: one deal, one record); the likeliest
    primary by the primary model is marked primary."""
    kept = sorted((x for x in scored if x[2] >= scorer.alliance.threshold and _cued(x[1])),
                  key=lambda x: -x[2])
    chosen: list[Scored] = []
    for x in kept:
        if not any(x[0].key < y[0].key for y in chosen):
            chosen.append(x)
    chosen.sort(key=lambda x: x[0].sentences()[0])
    drafts = [parties.Draft(list(c.parties), strong=c.sentences(), rules=[f"scorer:{p:.2f}"])
              for c, _, p in chosen]
    if drafts:
        prim = [scorer.primary.prob(features.primary_features(c, p, k, sents))
                for k, (c, _, p) in enumerate(chosen)]
        best = max(range(len(drafts)), key=lambda k: (prim[k], -k))
        drafts[best].primary = True
    return drafts


def extract_parsed(parsed: Parsed, *, article_id: str = "", published: str | None = None,
                   title: str | None = None, language: str = "en", company_list: bool = True,
                   scorer: Scorer | None = None, states: list[set[str]] | None = None,
                   user_companies: tuple[lexicons.UserRow, ...] = ()) -> ArticleResult:
    """One parsed article's result. ``scorer``: a trained scorer other than the shipped one
    (cross-validation passes the model of the other folds); ``states``, when given, gets
    each alliance's stage-and-claim features, in output order (for training);
    ``user_companies``: a user's own companies (``Options.user_companies``)."""
    text = parsed.text
    sents = sentences_of(parsed, company_list, user_companies)
    model = None
    if parsed.tokens:
        model = scorer or scoring.shipped()
        drafts = decide(score_candidates(parsed, sents, model), sents, model)
    else:
        drafts = parties.find(sents, text)
        parties.choose_primary(drafts, sents)
    parties.attach(drafts, sents, _weak_cue())
    credits = sources.find(sents, text)
    lead_outlet = next((c.outlet for c in credits if c.kind in ("dateline", "signoff")), None)
    alliances: list[tuple[int, Alliance, set[str]]] = []
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
        feats: set[str] = set()
        if model is not None:
            feats = features.state_features(st.value, st_why, cl.value, cl_why, strong, every,
                                            lead, parsed.tokens, d.primary)
        if model is not None and model.stage and model.claim:
            (bs, ps), (bc, pc) = model.stage.best(feats), model.claim.best(feats)
            # the model overrules the cue rules only when it is sure (see scoring.SURE)
            new_st = Stage(bs) if ps >= scoring.SURE else st
            new_cl = Claim(bc) if pc >= scoring.SURE else cl
            if new_st is not st:
                st_why = [*st_why, f"stage:model:{new_st.value}"]
            if new_cl is not cl:
                cl_why = [*cl_why, f"claim:model:{new_cl.value}"]
                if new_cl is Claim.REPORTED:
                    confirmed_by = []
            st, cl = new_st, new_cl
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
        alliances.append((every[0].start, alliance, feats))
    alliances.sort(key=lambda x: x[0])
    if states is not None:
        states.extend(f for _, _, f in alliances)
    return ArticleResult(
        id=article_id,
        published=published or dates.published(text),
        title=title or (sents[0].text if sents and sents[0].is_title else None),
        language=language,
        alliances=[a for _, a, _ in alliances],
    )
