"""Quality gate: extraction with the model on the shared gold sets, against pinned floors.

Floors live in ``quality_floors.json``; raise them when the engine improves, never lower
one without saying why in the changelog. Skipped, with a message, when ../shared is absent.
"""

from __future__ import annotations

import importlib.util
import json
from functools import cache
from importlib import resources
from pathlib import Path

import jsonschema
import pytest
from conftest import DATA, SHARED

import tieup

pytestmark = [pytest.mark.model, pytest.mark.quality]
FLOORS = json.loads((DATA.parent / "quality_floors.json").read_text(encoding="utf-8"))


def _scorer():
    path = SHARED / "bench" / "score.py"
    spec = importlib.util.spec_from_file_location("tieup_shared_score", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@cache
def predictions(corpus: str) -> tuple[dict, dict, dict]:
    folder = SHARED / "corpus" / corpus
    articles = {json.loads(line)["id"]: json.loads(line)
                for line in (folder / "articles.jsonl").read_text(encoding="utf-8").splitlines()
                if line.strip()}
    results = list(tieup.extract_paths([str(folder / "articles.jsonl")]))
    pred = {r.id: r.to_dict() for r in results if isinstance(r, tieup.ArticleResult)}
    score = _scorer()
    gold = score.load(str(folder / "gold.jsonl"))
    metrics, _errors = score.score(gold, pred)
    return metrics, pred, articles


def need_shared(corpus: str) -> None:
    if not (SHARED / "corpus" / corpus / "gold.jsonl").exists():
        pytest.skip(f"../shared/corpus/{corpus} not found beside the checkout: quality gate skipped")


@pytest.mark.parametrize("corpus", sorted(FLOORS))
def test_scores_stay_above_floors(corpus):
    need_shared(corpus)
    metrics, _, _ = predictions(corpus)
    below = {k: (metrics[k], floor) for k, floor in FLOORS[corpus].items()
             if metrics[k] is None or metrics[k] < floor}
    assert not below, f"{corpus}: metrics below their floors (got, floor): {below}"


@pytest.mark.parametrize("corpus", ["seeds", "dev", "dev-negatives"])
def test_every_alliance_has_evidence_that_rematches(corpus):
    need_shared(corpus)
    _, pred, articles = predictions(corpus)
    raw = resources.files("tieup").joinpath("schema", "article-result.schema.json").read_text()
    schema = json.loads(raw)
    for aid, res in pred.items():
        jsonschema.validate(res, schema)
        text = articles[aid]["text"]
        for a in res["alliances"]:
            assert a["evidence"], (aid, a["parties"])
            for e in a["evidence"]:
                assert text[e["start"] : e["end"]] == e["text"]


def test_model_is_loaded_from_site_packages():
    from tieup import nlp

    model = nlp.load_model()
    assert "ner" in model.pipe_names
    assert Path(model.path).exists()
