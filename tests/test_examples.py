"""The bundled example corpus (the demo's input): each article's alliances, pinned, so a
rule change that invents a deal (or loses one) in the demo shows up here first."""

from __future__ import annotations

import pytest
from conftest import ROOT

import tieup

EXPECTED = {
    "ex-001": [{"Renault", "Geely"}],
    "ex-002": [{"Geely", "Renault"}],
    "ex-003": [{"Toyota", "Panasonic"}, {"Toyota", "Samsung SDI"}],
    "ex-004": [{"Nvidia", "Mobileye"}],
    "ex-005": [{"Stellantis", "Leapmotor"}],
    "ex-006": [],  # a sales report: companies, "buyers", no alliance
    "ex-007": [{"Stellantis", "Leapmotor"}],
    "ex-008": [{"Renault", "Geely"}],
}


@pytest.mark.model
def test_the_example_corpus_gives_the_expected_alliances():
    got = {r.id: [set(a.parties) for a in r.alliances]
           for r in tieup.extract_paths([str(ROOT / "examples" / "articles.jsonl")])
           if isinstance(r, tieup.ArticleResult)}
    assert got == EXPECTED
