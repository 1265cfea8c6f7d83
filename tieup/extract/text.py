"""Shared shapes of the extract stage: mentions and sentences over one article's text."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mention:
    """A company (or outlet) named in the text at ``text[start:end]``."""

    start: int
    end: int
    text: str
    party: str  # canonical party name (units folded into parents); outlet name for outlets
    kind: str  # gazetteer kind, "ner" for a name found only by the model, "outlet"
    owners: tuple[str, ...] = ()  # for a JV company: the parties that own it
    label: str = ""  # how it was found: a spaCy entity label, "PROPN" (tagger) or "LIST"
    head: int = -1  # index of its syntactic head token in Parsed.tokens (-1: no parse)

    @property
    def is_jv(self) -> bool:
        return bool(self.owners)


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str
    companies: list[Mention] = field(default_factory=list)
    outlets: list[Mention] = field(default_factory=list)
    is_title: bool = False

    def parties(self) -> list[str]:
        """Distinct parties named here, in order; a JV company stands for its owners."""
        seen: dict[str, None] = {}
        for m in self.companies:
            for p in m.owners or (m.party,):
                seen.setdefault(p, None)
        return list(seen)
