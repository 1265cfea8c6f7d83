from __future__ import annotations

from pathlib import Path

import pytest

import tieup

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def rules() -> tieup.Options:
    """Options for model-free extraction: rule sentences + gazetteer, milliseconds per test."""
    return tieup.Options(model=False)


def one(text: str, options: tieup.Options, **kw) -> list[dict]:
    return [a.to_dict() for a in tieup.extract(text, options=options, **kw).alliances]
