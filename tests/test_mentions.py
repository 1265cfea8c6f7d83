"""Company names from the text: boundaries, what is never a name, one party per company.

Fast tests (no model): the cleaning and grouping steps on hand-made mentions. The
model-marked tests run the whole extractor on short articles written for these tests,
about companies no list holds."""

from __future__ import annotations

import pytest

import tieup
from tieup.extract import mentions
from tieup.extract.text import Mention


@pytest.mark.parametrize("raw, name", [
    ("Zorbix Therapeutics Inc.", "Zorbix Therapeutics"),
    ("The Quellon Group Holdings Ltd", "Quellon"),
    ("Varkas AG's", "Varkas"),
    ("Brinemoor plc", "Brinemoor"),
])
def test_canonical_name_drops_articles_suffixes_and_possessives(raw, name):
    assert mentions.canonical_name(raw) == name


@pytest.mark.parametrize("name", [
    "EUR 1.2", "US$ 40", "March 2026", "Group", "Company", "Ministry of Finance",
    "Zorbix and", "Holdings", "CEO", "2024", "European Commission", "https://example.com",
    "Monday",
])
def test_never_a_company_name(name):
    assert not mentions.plausible(name)


@pytest.mark.parametrize("name", ["Zorbix Therapeutics", "BioNTech", "3M", "Quellon Bio",
                                  "Norvane Pension Fund", "Tarsk Investment Authority"])
def test_plausible_company_names(name):
    assert mentions.plausible(name)


def _m(start: int, text: str) -> Mention:
    return Mention(start, start + len(text), text, mentions.canonical_name(text), "ner", label="ORG")


def test_short_and_long_forms_are_one_party():
    text = "Zorbix Therapeutics Inc. said ... Zorbix also said"
    found = [_m(0, "Zorbix Therapeutics Inc."), _m(34, "Zorbix")]
    assert {m.party for m in mentions.group(text, [], found)} == {"Zorbix"}


def test_a_short_form_of_two_companies_stays_apart():
    text = "Varkas Energy and Varkas Mobility; Varkas said"
    found = [_m(0, "Varkas Energy"), _m(18, "Varkas Mobility"), _m(35, "Varkas")]
    parties = {m.party for m in mentions.group(text, [], found)}
    assert parties == {"Varkas Energy", "Varkas Mobility", "Varkas"}


def test_a_name_holding_two_companies_joins_neither():
    text = "Brinemoor Quellon-Defense; Brinemoor; Quellon"
    found = [_m(0, "Brinemoor Quellon-Defense"), _m(27, "Brinemoor"), _m(38, "Quellon")]
    by_text = {m.text: m.party for m in mentions.group(text, [], found)}
    assert by_text["Brinemoor"] == "Brinemoor" and by_text["Quellon"] == "Quellon"


def test_an_acronym_in_parentheses_names_its_long_form():
    text = "Tarsk National Petroleum (TNP) agreed ... TNP said"
    found = [_m(0, "Tarsk National Petroleum"), _m(42, "TNP")]
    assert {m.party for m in mentions.group(text, [], found)} == {"TNP"}


# --- with the model: companies no list holds -------------------------------------------

ARTICLES = [
    ("Zorbix Therapeutics has teamed up with Quellon Bio to co-develop a malaria vaccine, "
     "the two companies said on Tuesday.", {"Zorbix Therapeutics", "Quellon Bio"}),
    ("Norwegian shipping group Brinemoor agreed to buy a 30% stake in Varkas Logistics "
     "for $120 million, Brinemoor said in a statement.", {"Brinemoor", "Varkas Logistics"}),
]


@pytest.mark.model
@pytest.mark.parametrize("text, parties", ARTICLES)
def test_unknown_companies_are_found_without_the_list(text, parties):
    res = tieup.extract(text, options=tieup.Options(company_list=False))
    found = [set(a.parties) for a in res.alliances]
    assert any({p.split()[0] for p in parties} == {p.split()[0] for p in f} for f in found), found


@pytest.mark.model
def test_people_are_not_parties():
    text = ("Tennis star Maria Kovalenka beat Ana Rostova in the final, and Kovalenka said "
            "she would partner with coach Ivan Petrov next season.")
    res = tieup.extract(text, options=tieup.Options(company_list=False))
    assert not res.alliances, [a.parties for a in res.alliances]
