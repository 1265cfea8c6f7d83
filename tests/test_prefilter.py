"""The fast path's gate: what it lets through, and that it costs no accuracy.

Fast tests use articles written for them (no model); the model-marked test scores the
shared gold sets with and without the gate and requires the same scores.
"""

from __future__ import annotations

import re

import pytest
from test_quality import _scorer, need_shared

import tieup
from tieup import lexicons, nlp, prefilter
from tieup.read import read

CITY_NEWS = ("Fuel prices in Lyon fell for a third week as supply worries eased.\n\n"
             "The council in Lyon approved plans for a new stadium near the river.")
DEAL = ("Renault and Nissan signed an agreement to build electric vans in Maubeuge, "
        "the companies said on Tuesday.")


def test_every_relation_cue_alternative_has_an_anchor():
    anchors = prefilter.anchors()
    assert anchors, "some relation cue has no literal run: the automaton would be off"
    for body in prefilter._cue_bodies():
        for alt in prefilter._alternatives(body):
            assert prefilter._anchor(alt) in anchors


@pytest.mark.parametrize("cue", ["joint venture", "JV", "teamed up", "co-operation", "MoU",
                                 "letter of intent", "acquisition", "stake", "licensing",
                                 "supplies", "in contact with", "partnership"])
def test_each_cue_makes_a_candidate_sentence(cue):
    text = f"Quiet day.\n\nAcme Robotics and Beta Motors announced a {cue} on Monday."
    (s, e), = prefilter.candidates(text)
    assert "Acme Robotics and Beta Motors" in text[s:e]  # "Quiet day." is a fragment: joined


def test_the_gate_is_a_superset_of_the_extractor_cues():
    """Wherever the extractor's relation cue matches, the gate's pattern matches too."""
    samples = ["They agreed to a pact.", "A tie-up is near.", "It bought a stake.",
               "They will co-develop chips.", "It owns 20 percent of it.", "powered by its chips"]
    for text in samples:
        assert lexicons.first_hit(lexicons.cues().relation, text)
        assert prefilter.candidates(text)


def test_no_cue_or_no_second_name_means_no_spacy(rules):
    assert prefilter.candidates("The weather in Leeds was mild for the season.") == []
    assert prefilter.select([CITY_NEWS], model=False) == [False]
    assert prefilter.select([DEAL], model=False) == [True]


def test_one_name_and_a_description_passes():
    assert prefilter.could_pass("The automaker said it would supply batteries to Toyota.")
    assert not prefilter.could_pass("In Lyon, fuel prices fell as supply worries eased.")
    # two capitalised words may be two names until NER places one in a city
    assert prefilter.could_pass("Fuel prices in Lyon fell as supply worries eased.")
    ents = [nlp.Ent(15, 19, "GPE", "Lyon")]
    assert not prefilter.passes("Fuel prices in Lyon fell as supply worries eased.", ents)


def test_camel_case_names_count():
    assert prefilter.could_pass("Acme will supply parts to eBay under the contract.")


def test_gated_articles_keep_their_headline_and_date(rules):
    text = "City council backs stadium\n\n2026-05-04\nThe council voted on Tuesday."
    (out,) = tieup.extract_articles([tieup.Article(id="c", text=text)], rules)
    assert out.alliances == [] and out.title == "City council backs stadium"
    assert out.published == "2026-05-04"


def test_gate_on_and_off_agree_without_the_model(tmp_path):
    p = tmp_path / "mix.jsonl"
    import json

    rows = [{"id": str(i), "text": t} for i, t in enumerate([CITY_NEWS, DEAL, CITY_NEWS + " " + DEAL])]
    p.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    on = [r.to_dict() for r in tieup.extract_paths([str(p)], tieup.Options(model=False))]
    off = [r.to_dict() for r in tieup.extract_paths([str(p)], tieup.Options(model=False, prefilter=False))]
    assert on == off and [len(r["alliances"]) for r in on] == [0, 1, 1]


@pytest.mark.model
@pytest.mark.quality
@pytest.mark.parametrize("corpus", ["seeds", "dev", "dev-negatives"])
def test_the_gate_costs_no_accuracy(corpus):
    from conftest import SHARED

    need_shared(corpus)
    path = str(SHARED / "corpus" / corpus / "articles.jsonl")
    score = _scorer()
    gold = score.load(str(SHARED / "corpus" / corpus / "gold.jsonl"))
    got = {}
    for gate in (True, False):
        opts = tieup.Options(prefilter=gate)
        pred = {r.id: r.to_dict() for r in tieup.extract_articles(read([path], opts), opts)
                if isinstance(r, tieup.ArticleResult)}
        got[gate] = score.score(gold, pred)[0]
    assert got[True] == got[False]


def test_anchor_search_falls_back_when_lowercasing_moves_offsets():
    text = "İstanbul: Acme Robotics and Beta Motors signed a deal."
    assert len(text.lower()) != len(text)
    (s, e), = prefilter.candidates(text)
    assert re.search("deal", text[s:e])


def test_a_name_cut_by_the_rule_splitter_is_joined_again():
    text = "Quiet day in markets.\n\nWarner Bros. Discovery and Paramount are in merger talks."
    (s, e), = prefilter.candidates(text)
    assert text[s:e].startswith("Warner Bros. Discovery")
    # a city closing a sentence is no cut inside a name
    two = "Shares rose in Seoul. Fuel supply worries eased."
    assert [two[s:e] for s, e in prefilter.candidates(two)] == ["Fuel supply worries eased."]


def test_an_opening_name_counts_when_the_model_tags_it_as_a_name():
    sentence = "Zentrix will supply sensors to Halvard Motors under the contract."
    assert prefilter.passes(sentence, [nlp.Ent(0, 7, "PERSON", "Zentrix")])
    assert not prefilter.passes(sentence.replace("Halvard Motors", "them"), [])
