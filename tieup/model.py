"""The data model: dataclasses and enums mirroring ``shared/spec/gold-schema.md``.

Field names and enum values are the schema's; tieup adds evidence, confirmed_by,
denied_by, attribution, places, event_date and why per alliance, and published,
title and language per article. Every type has ``to_dict`` / ``from_dict``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Stage(StrEnum):
    """How far an alliance has gone: talks, agreed, completed or ended."""
    TALKS = "talks"
    AGREED = "agreed"
    COMPLETED = "completed"
    ENDED = "ended"


class Claim(StrEnum):
    """How sure a report is: reported (by others), confirmed or denied (by a party)."""
    REPORTED = "reported"
    CONFIRMED = "confirmed"
    DENIED = "denied"


class Structure(StrEnum):
    """The form of an alliance: joint venture, equity stake, supply, licensing, ..."""
    JOINT_VENTURE = "joint_venture"
    EQUITY_STAKE = "equity_stake"
    MERGER_ACQUISITION = "merger_acquisition"
    LICENSING = "licensing"
    SUPPLY = "supply"
    CONTRACT_MANUFACTURING = "contract_manufacturing"
    COLLABORATION = "collaboration"


class Area(StrEnum):
    """What an alliance is about: batteries, manufacturing, software, ..."""
    MANUFACTURING = "manufacturing"
    BATTERIES = "batteries"
    VEHICLE_PLATFORM = "vehicle_platform"
    AUTONOMOUS_DRIVING = "autonomous_driving"
    CONNECTED_SOFTWARE = "connected_software"
    AI = "ai"
    CLOUD = "cloud"
    MOBILITY_SERVICES = "mobility_services"
    SALES_MARKETING = "sales_marketing"
    RESEARCH = "research"
    OTHER = "other"


@dataclass(frozen=True)
class Span:
    """A piece of the article text: ``text == article_text[start:end]``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        """This as JSON-ready data (the shape of schema/article-result.schema.json)."""
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Span:
        """The inverse of :meth:`to_dict`."""
        return cls(int(d["start"]), int(d["end"]), str(d["text"]))


@dataclass(frozen=True)
class Citation:
    """One link of an attribution chain: ``outlet`` credits ``cites``."""

    outlet: str
    cites: str

    def to_dict(self) -> dict[str, Any]:
        """This as JSON-ready data (the shape of schema/article-result.schema.json)."""
        return {"outlet": self.outlet, "cites": self.cites}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Citation:
        """The inverse of :meth:`to_dict`."""
        return cls(str(d["outlet"]), str(d["cites"]))


@dataclass
class Alliance:
    """One alliance an article reports: its parties, stage, claim, structure, areas, places, who confirmed or denied it, its sources and the evidence spans it was read from."""
    parties: list[str]
    primary: bool
    stage: Stage
    claim: Claim
    structure: list[Structure]
    areas: list[Area] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    evidence: list[Span] = field(default_factory=list)
    confirmed_by: list[str] = field(default_factory=list)
    denied_by: list[str] = field(default_factory=list)
    attribution: list[Citation] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    event_date: str | None = None
    why: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """This as JSON-ready data (the shape of schema/article-result.schema.json)."""
        return {
            "parties": list(self.parties),
            "primary": self.primary,
            "stage": self.stage.value,
            "claim": self.claim.value,
            "structure": [s.value for s in self.structure],
            "areas": [a.value for a in self.areas],
            "sources": list(self.sources),
            "evidence": [e.to_dict() for e in self.evidence],
            "confirmed_by": list(self.confirmed_by),
            "denied_by": list(self.denied_by),
            "attribution": [c.to_dict() for c in self.attribution],
            "places": list(self.places),
            "event_date": self.event_date,
            "why": list(self.why),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Alliance:
        """The inverse of :meth:`to_dict`."""
        return cls(
            parties=[str(p) for p in d["parties"]],
            primary=bool(d.get("primary", False)),
            stage=Stage(d["stage"]),
            claim=Claim(d["claim"]),
            structure=[Structure(s) for s in d.get("structure", [])],
            areas=[Area(a) for a in d.get("areas", [])],
            sources=[str(s) for s in d.get("sources", [])],
            evidence=[Span.from_dict(e) for e in d.get("evidence", [])],
            confirmed_by=[str(p) for p in d.get("confirmed_by", [])],
            denied_by=[str(p) for p in d.get("denied_by", [])],
            attribution=[Citation.from_dict(c) for c in d.get("attribution", [])],
            places=[str(p) for p in d.get("places", [])],
            event_date=d.get("event_date"),
            why=[str(w) for w in d.get("why", [])],
        )


@dataclass
class Article:
    """One input article as read, before any NLP."""

    id: str
    text: str
    url: str | None = None
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    html: bool = False  # text was extracted from HTML: the output line carries it
    source: str | None = None  # where it was read ("file.jsonl:12"), for messages

    def to_dict(self) -> dict[str, Any]:
        """This as JSON-ready data (the shape of schema/article-result.schema.json)."""
        return {"id": self.id, "text": self.text, "url": self.url, "title": self.title,
                "published": self.published, "outlet": self.outlet}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        """The inverse of :meth:`to_dict`."""
        return cls(id=str(d["id"]), text=str(d["text"]), url=d.get("url"),
                   title=d.get("title"), published=d.get("published"), outlet=d.get("outlet"))


@dataclass
class ArticleResult:
    """Everything extraction found in one article: one line of ``tieup extract``."""

    id: str
    published: str | None
    title: str | None
    language: str
    alliances: list[Alliance] = field(default_factory=list)
    text: str | None = None  # set for HTML input, whose offsets index the extracted text
    # what the pipeline has to say about this article (its text was cut, ...): for
    # messages, not part of the output line
    notes: list[str] = field(default_factory=list, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """This as JSON-ready data (the shape of schema/article-result.schema.json)."""
        d: dict[str, Any] = {
            "id": self.id,
            "published": self.published,
            "title": self.title,
            "language": self.language,
            "alliances": [a.to_dict() for a in self.alliances],
        }
        if self.text is not None:
            d["text"] = self.text
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ArticleResult:
        """The inverse of :meth:`to_dict`."""
        return cls(id=str(d["id"]), published=d.get("published"), title=d.get("title"),
                   language=str(d.get("language", "en")),
                   alliances=[Alliance.from_dict(a) for a in d.get("alliances", [])],
                   text=d.get("text"))
