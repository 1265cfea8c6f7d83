"""Properties (hypothesis), without the model: extraction never raises and its spans
re-match; every output validates against the committed JSON Schema; the order in which
articles are ingested does not change the final alliances."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tieup
from tieup.model import Article

RULES = tieup.Options(model=False)
SCHEMA = json.loads(resources.files("tieup").joinpath("schema", "article-result.schema.json")
                    .read_text(encoding="utf-8"))
COMPANIES = ["Ford", "Geely", "Toyota", "Honda", "LG Energy Solution", "Panasonic", "BYD",
             "Acme Robotics Inc.", "the automaker", "It"]
LINKS = [" and ", ", ", " with ", " said it would team up with ", " denied talks with ",
         " signed a deal with ", " completed its purchase of a stake in ", " ended its partnership with "]
TAILS = [".", ", Reuters reported.", ", according to the Financial Times.", " in 2025.",
         ", people familiar with the matter said.", " on Monday. Both denied it.", "\n\n", "!"]

sentence = st.builds(lambda a, link, b, tail: a + link + b + tail, st.sampled_from(COMPANIES),
                     st.sampled_from(LINKS), st.sampled_from(COMPANIES), st.sampled_from(TAILS))
newsy = st.lists(sentence, min_size=1, max_size=8).map(" ".join)
anything = st.text(max_size=400)
mixed = st.lists(st.one_of(sentence, anything), min_size=1, max_size=6).map(" ".join)


def check(text: str) -> None:
    res = tieup.extract(text, options=RULES)
    d = res.to_dict()
    jsonschema.validate(d, SCHEMA)
    for a in res.alliances:
        assert a.evidence
        for e in a.evidence:
            assert text[e.start : e.end] == e.text
    assert tieup.ArticleResult.from_dict(d).to_dict() == d


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(anything)
def test_any_text_never_raises(text):
    check(text)


@settings(max_examples=150, deadline=None)
@given(newsy)
def test_newsy_text_gives_valid_rematching_output(text):
    check(text)


@settings(max_examples=100, deadline=None)
@given(mixed)
def test_mixed_text_gives_valid_rematching_output(text):
    check(text)


STORIES = [
    ("p1", "2026-01-05", "Ford and Geely are in talks about sharing a plant in Spain, Reuters reported."),
    ("p2", "2026-01-07", "Geely denied a report that it was in talks with Ford over a plant."),
    ("p3", "2026-02-01", "Ford and Geely signed an agreement to share the plant, the companies said."),
    ("p4", "2026-01-20", "Honda and LG Energy Solution completed their joint venture battery plant."),
    ("p5", "2026-03-02", "Toyota and Panasonic ended their battery partnership, Nikkei reported."),
    ("p6", "2026-01-09", "Toyota and Panasonic agreed to expand their battery venture."),
]


def final_alliances(order: list[int]) -> list[dict]:
    s = tieup.Store(":memory:")
    for i in order:
        aid, date, text = STORIES[i]
        res = tieup.extract(text, published=date, options=RULES)
        s.add(Article(id=aid, text=text, published=date, outlet="Test Wire"), res,
              extractor_version="t", ingested_at="2026-03-10T00:00:00Z")
    out = s.alliances()
    s.close()
    return out


@settings(max_examples=40, deadline=None)
@given(st.permutations(range(len(STORIES))))
def test_ingest_order_does_not_change_the_alliances(order):
    assert final_alliances(list(order)) == final_alliances(list(range(len(STORIES))))
