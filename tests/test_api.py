"""The public API is small and pinned; the model round-trips; output validates."""

from __future__ import annotations

import json
from importlib import resources

import jsonschema
import pytest

import tieup
from tieup.model import ArticleResult

PUBLIC = ["Alliance", "Area", "Article", "ArticleResult", "Citation", "Claim", "Options",
          "ReadError", "Skipped", "Span", "Stage", "Store", "Structure", "__version__", "extract",
          "extract_articles", "extract_paths", "read"]


def test_public_api_is_pinned():
    assert sorted(tieup.__all__) == sorted(PUBLIC)
    for name in PUBLIC:
        assert hasattr(tieup, name)


@pytest.fixture(scope="module")
def schema():
    raw = resources.files("tieup").joinpath("schema", "article-result.schema.json").read_text()
    return json.loads(raw)


TEXTS = [
    "Ford and Geely are in talks over a manufacturing partnership, News.Az reports, citing Reuters.",
    "Toyota and Panasonic said they signed a memorandum of understanding in April 2026.",
    "Nothing to see here.",
]


@pytest.mark.parametrize("text", TEXTS)
def test_output_validates_and_round_trips(text, rules, schema):
    res = tieup.extract(text, options=rules)
    d = res.to_dict()
    jsonschema.validate(d, schema)
    assert ArticleResult.from_dict(d).to_dict() == d


def test_same_input_same_output(rules):
    a = tieup.extract(TEXTS[0], options=rules).to_dict()
    b = tieup.extract(TEXTS[0], options=rules).to_dict()
    assert json.dumps(a) == json.dumps(b)


def test_options_have_help():
    assert set(tieup.Options.help()) >= {"model", "batch_size", "max_bytes"}


def _public_members(obj):
    import inspect

    for name, value in inspect.getmembers(obj):
        if name.startswith("_"):
            continue
        fn = value.fget if isinstance(value, property) else value
        if inspect.isfunction(fn) or inspect.ismethod(fn):
            yield name, fn


def test_every_public_name_and_method_has_a_docstring():
    import enum
    import inspect

    missing = []
    for name in PUBLIC:
        obj = getattr(tieup, name)
        if not (inspect.isclass(obj) or inspect.isfunction(obj)):
            continue
        doc = inspect.getdoc(obj) or ""
        # a dataclass without its own docstring gets its signature as one
        if not doc or doc.startswith(f"{obj.__name__}(") or (
                inspect.isclass(obj) and issubclass(obj, enum.Enum) and obj.__doc__ is None):
            missing.append(name)
        if inspect.isclass(obj) and not issubclass(obj, enum.Enum):
            missing += [f"{name}.{m}" for m, fn in _public_members(obj)
                        if fn.__module__.startswith("tieup") and not (fn.__doc__ or "").strip()]
    assert missing == []


def test_the_package_is_typed():
    assert resources.files("tieup").joinpath("py.typed").is_file()


def test_store_companies_are_typed_rows(tmp_path):
    import typing

    from tieup.rows import CompanyRow

    hints = typing.get_type_hints(tieup.Store.companies)
    assert hints["return"] == list[CompanyRow]
    s = tieup.Store(tmp_path / "t.db")
    text = "Toyota and Panasonic signed a battery supply agreement, the companies said."
    s.add(tieup.Article(id="a", text=text), tieup.extract(text, options=tieup.Options(model=False)),
          extractor_version="t")
    rows = s.companies()
    assert rows and all(set(r) == set(CompanyRow.__annotations__) for r in rows)
    s.close()
