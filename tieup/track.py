"""Tracking: an alliance's current state from the set of its claims. Pure functions.

The rules, applied in this order; each is a function of the *set* of claims only, never
of the order they were ingested in:

R1 date. A claim's date is the development's date (``event_date``), else its article's
   published date, each in its own precision (day, month or year). A claim with neither
   is *undated*: undated is a state, not a date. Its ingest time is shown in the timeline
   (``ingested``) but never used by these rules, sorts, "latest", filters or charts.
R2 order. Dated claims come first, by date (a vaguer date, "2026-03" or "2026", sorts at
   the start of its period), ties by stage precedence (talks < agreed < completed < ended),
   then claim (reported < confirmed < denied), then article id. Undated claims are not
   placed in time: they follow, apart, by the same precedence, then article id.
   The *counted* claims are the dated ones plus the undated claims whose stage is at least
   the latest dated claim's stage (an undated report of an earlier stage is older news and
   counts for nothing below but R6-R8); with no dated claim, every undated claim counts.
   The last counted claim is the *latest*.
R3 stage. The stage of the latest counted claim that is not a denied end. A denied end
   (stage ended, claim denied: the parties deny a split) never ends an alliance; only when
   every counted claim is one is the stage "ended" (with the claim "denied", see R9).
R4 claim. The claim of the latest counted confirmed or denied claim: a later confirmation
   overrides an earlier denial and the reverse. With neither, ``reported``.
R5 stance. Per party, its latest statement among the counted claims, else among the
   others: ``confirmed``, ``denied`` or ``none``. ``confirmed_by`` / ``denied_by`` list the
   parties whose stance is that.
R6 independent reports. A syndicated copy counts as the article it copies. A claim with
   named sources counts as the *roots* of its citation chain ("Reuters, citing the FT" is
   the FT's report); a claim with no sources is its outlet's own report, unless it is a
   party's confirmation or denial (a company's statement is not a report). Distinct roots
   are counted.
R7 first_reported_by. The root outlet the other reports cite; else the first root of the
   earliest claim in R2 order.
R8 areas, structure and places accumulate over all claims, each kept with its evidence.
R9 denial. When the claim is denied (R4), ``denied`` says what that denial denied, from its
   stage and structure: "the talks", "the agreement", "the deal", "a split" (a denied end),
   "a stake" (an equity stake), "a merger" (a merger or acquisition), with its article and
   who denied it. Each denied timeline entry says the same in ``denied_what``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .dates import sort_key

STAGES = ["talks", "agreed", "completed", "ended"]
CLAIMS = ["reported", "confirmed", "denied"]


@dataclass(frozen=True)
class ClaimRecord:
    """One article's claim about one alliance, as stored (party names already resolved)."""

    article_id: str
    parties: tuple[str, ...]
    stage: str
    claim: str
    is_primary: bool = True
    event_date: str | None = None
    published: str | None = None
    ingested_at: str = ""
    outlet: str | None = None
    duplicate_of: str | None = None
    sources: tuple[str, ...] = ()
    attribution: tuple[tuple[str, str], ...] = ()
    confirmed_by: tuple[str, ...] = ()
    denied_by: tuple[str, ...] = ()
    structure: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    evidence: tuple[dict[str, Any], ...] = ()
    extractor_version: str = ""

    @property
    def date(self) -> str | None:
        return self.event_date or self.published


def order_key(c: ClaimRecord) -> tuple:
    """R2: dated first by date, then undated by precedence; ties by article id."""
    d = c.date
    return (d is None, sort_key(d), STAGES.index(c.stage), CLAIMS.index(c.claim), c.article_id)


def ordered(claims: list[ClaimRecord]) -> list[ClaimRecord]:
    return sorted(claims, key=order_key)


def counted(seq: list[ClaimRecord]) -> list[ClaimRecord]:
    """R2: the claims (in order) that decide stage, claim and stance."""
    dated = [c for c in seq if c.date]
    if not dated:
        return seq
    floor = STAGES.index(dated[-1].stage)
    return dated + [c for c in seq if not c.date and STAGES.index(c.stage) >= floor]


def denied_end(c: ClaimRecord) -> bool:
    return c.stage == "ended" and c.claim == "denied"


def denial_of(c: ClaimRecord) -> str:
    """R9: what a denied claim denied."""
    if "equity_stake" in c.structure and c.stage != "ended":
        return "a stake"
    if "merger_acquisition" in c.structure and c.stage != "ended":
        return "a merger"
    return {"talks": "the talks", "agreed": "the agreement", "completed": "the deal",
            "ended": "a split"}[c.stage]


def _statements(claims: list[ClaimRecord], parties: list[str]) -> dict[str, str]:
    out = {p: "none" for p in parties}
    for c in claims:
        for p in c.confirmed_by:
            if p in out:
                out[p] = "confirmed"
        for p in c.denied_by:
            if p in out:
                out[p] = "denied"
    return out


def stance(claims: list[ClaimRecord], parties: list[str]) -> dict[str, str]:
    """R5."""
    seq = ordered(claims)
    main = counted(seq)
    inside = {id(c) for c in main}
    rest = _statements([c for c in seq if id(c) not in inside], parties)
    return {p: s if s != "none" else rest[p] for p, s in _statements(main, parties).items()}


def roots(c: ClaimRecord) -> list[str]:
    """R6: the outlets at the root of a claim's citation chain."""
    cites: dict[str, str] = {}
    for outlet, cited in c.attribution:
        if cited in c.sources:
            cites.setdefault(outlet, cited)
    out: dict[str, None] = {}
    for s in c.sources:
        seen = {s}
        while s in cites and cites[s] not in seen:
            s = cites[s]
            seen.add(s)
        out.setdefault(s, None)
    return list(out)


def report_identities(c: ClaimRecord) -> list[str]:
    """What a claim counts as under R6 (empty: not a report)."""
    if c.sources:
        return roots(c)
    if c.claim in ("confirmed", "denied") and (c.confirmed_by or c.denied_by):
        return []
    return [c.outlet or f"article:{c.duplicate_of or c.article_id}"]


def first_reported_by(claims: list[ClaimRecord]) -> str | None:
    """R7."""
    cited = Counter(cited for c in claims for _, cited in c.attribution if cited in c.sources)
    all_roots = [r for c in ordered(claims) for r in roots(c)]
    cited_roots = [r for r in dict.fromkeys(all_roots) if cited[r]]
    if cited_roots:
        return max(cited_roots, key=lambda r: (cited[r], -all_roots.index(r)))
    for c in ordered(claims):
        ids = [i for i in report_identities(c) if not i.startswith("article:")]
        if ids:
            return ids[0]
    return None


@dataclass
class State:
    parties: list[str]
    stage: str
    claim: str
    stance: dict[str, str]
    confirmed_by: list[str]
    denied_by: list[str]
    articles: list[str]
    first_reported_by: str | None
    independent_reports: int
    structure: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    areas: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    places: list[str] = field(default_factory=list)
    first_date: str | None = None
    last_date: str | None = None
    denied: dict[str, Any] | None = None
    timeline: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "parties": self.parties, "stage": self.stage, "claim": self.claim,
            "stance": self.stance, "confirmed_by": self.confirmed_by, "denied_by": self.denied_by,
            "articles": self.articles, "first_reported_by": self.first_reported_by,
            "independent_reports": self.independent_reports,
            "structure": sorted(self.structure), "areas": sorted(self.areas),
            "structure_evidence": self.structure, "areas_evidence": self.areas,
            "places": self.places, "first_date": self.first_date, "last_date": self.last_date,
            "denied": self.denied, "timeline": self.timeline,
        }


def timeline_entry(c: ClaimRecord, is_counted: bool = True) -> dict[str, Any]:
    date, kind = ((c.event_date, "event") if c.event_date else
                  (c.published, "published") if c.published else (None, "undated"))
    return {
        "article": c.article_id, "outlet": c.outlet,
        "date": date, "date_kind": kind, "ingested": c.ingested_at[:10] or None,
        "counted": is_counted, "stage": c.stage, "claim": c.claim,
        "denied_what": denial_of(c) if c.claim == "denied" else None,
        "confirmed_by": list(c.confirmed_by), "denied_by": list(c.denied_by),
        "sources": list(c.sources), "cites": [list(link) for link in c.attribution],
        "duplicate_of": c.duplicate_of, "primary": c.is_primary,
        "evidence": list(c.evidence), "extractor_version": c.extractor_version,
    }


def derive(claims: list[ClaimRecord]) -> State:
    """The alliance's current state from its claims (R1-R9)."""
    if not claims:
        raise ValueError("an alliance needs at least one claim")
    seq = ordered(claims)
    main = counted(seq)
    inside = {id(c) for c in main}
    parties = sorted({p for c in claims for p in c.parties})
    staged = [c for c in main if not denied_end(c)] or main
    decisive = [c for c in main if c.claim in ("confirmed", "denied")]
    st = stance(claims, parties)
    reports = {i for c in claims for i in report_identities(c)}
    structure: dict[str, list[dict[str, Any]]] = {}
    areas: dict[str, list[dict[str, Any]]] = {}
    for c in seq:
        ev = {"article": c.article_id, "evidence": list(c.evidence[:1])}
        for s in c.structure:
            structure.setdefault(s, []).append(ev)
        for a in c.areas:
            areas.setdefault(a, []).append(ev)
    dates = sorted((c.date for c in claims if c.date), key=sort_key)
    denial = decisive[-1] if decisive and decisive[-1].claim == "denied" else None
    return State(
        parties=parties,
        stage=staged[-1].stage,
        claim=decisive[-1].claim if decisive else "reported",
        stance=st,
        confirmed_by=[p for p in parties if st[p] == "confirmed"],
        denied_by=[p for p in parties if st[p] == "denied"],
        articles=sorted({c.article_id for c in claims}),
        first_reported_by=first_reported_by(claims),
        independent_reports=len(reports),
        structure=structure,
        areas=areas,
        places=list(dict.fromkeys(p for c in seq for p in c.places)),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
        denied=None if denial is None else {
            "what": denial_of(denial), "stage": denial.stage, "article": denial.article_id,
            "by": [p for p in denial.denied_by if p in parties]},
        timeline=[timeline_entry(c, id(c) in inside) for c in seq],
    )
