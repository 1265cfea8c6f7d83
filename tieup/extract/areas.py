"""Structure and areas of cooperation, and the places named for the deal, from lexicons.

find: lexicon patterns (``data/lexicon.json``) in the alliance's own evidence sentences.
write: labels in the schema's order; ``collaboration`` when no other structure is found.
"""

from __future__ import annotations

from .. import lexicons
from ..model import Area, Structure
from ..nlp import Ent
from .text import Sentence

PLACE_LABELS = ("GPE", "LOC", "FAC")


def find_structure(sentences: list[Sentence]) -> set[str]:
    found = set()
    for label, pats in lexicons.cues().structure.items():
        if any(p.search(s.text) for s in sentences for p in pats):
            found.add(label)
    return found


def find_areas(sentences: list[Sentence]) -> set[str]:
    found = set()
    for label, pats in lexicons.cues().areas.items():
        if any(p.search(s.text) for s in sentences for p in pats):
            found.add(label)
    return found


def write_structure(found: set[str]) -> list[Structure]:
    out = [s for s in Structure if s.value in found]
    return out or [Structure.COLLABORATION]


def write_areas(found: set[str]) -> list[Area]:
    return [a for a in Area if a.value in found]


def places(sentences: list[Sentence], ents: list[Ent], party_names: set[str]) -> list[str]:
    """Countries, cities, plants and markets named in the alliance's sentences."""
    out: dict[str, None] = {}
    for s in sentences:
        for e in ents:
            if e.label in PLACE_LABELS and s.start <= e.start and e.end <= s.end:
                name = e.text.strip().removeprefix("the ").strip(" ,.")
                if name and name not in party_names:
                    out.setdefault(name, None)
    return list(out)
