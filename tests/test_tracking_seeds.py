"""Tracking on the shared seeds and dev sets, with the model (skipped without ../shared)."""

from __future__ import annotations

import pytest
from conftest import SHARED

from tieup.store import Store

pytestmark = [pytest.mark.model, pytest.mark.quality]
SEEDS = SHARED / "corpus" / "seeds" / "articles.jsonl"
DEV = SHARED / "corpus" / "dev" / "articles.jsonl"


@pytest.fixture(scope="module")
def seeds_store():
    if not SEEDS.exists():
        pytest.skip("../shared/corpus/seeds not found beside the checkout")
    s = Store(":memory:")
    s.ingest([str(SEEDS)])
    yield s
    s.close()


def test_seeds_yield_exactly_four_alliances(seeds_store):
    got = {tuple(a["parties"]): a for a in seeds_store.alliances()}
    assert set(got) == {("Ford", "Geely"), ("Ford", "Xiaomi"), ("Alibaba", "Ford"), ("BYD", "Ford")}
    geely, xiaomi = got[("Ford", "Geely")], got[("Ford", "Xiaomi")]
    alibaba, byd = got[("Alibaba", "Ford")], got[("BYD", "Ford")]
    assert (geely["stage"], geely["claim"]) == ("talks", "reported")
    assert geely["timeline"][0]["outlet"] == "News.Az" or "News.Az" in geely["timeline"][0]["sources"]
    assert ["News.Az", "Reuters"] in geely["timeline"][0]["cites"]
    assert (xiaomi["stage"], xiaomi["claim"]) == ("talks", "denied")
    assert xiaomi["denied_by"] == ["Ford", "Xiaomi"]
    assert xiaomi["articles"] == ["seed-001", "seed-002"]
    assert xiaomi["first_reported_by"] == "Financial Times"
    assert xiaomi["independent_reports"] == 1
    assert (alibaba["stage"], alibaba["claim"]) == ("agreed", "confirmed")
    assert any("letter of intent" in e["text"] for t in alibaba["timeline"] for e in t["evidence"])
    assert (byd["stage"], byd["claim"]) == ("talks", "reported")
    assert byd["timeline"][0]["primary"] is False


def _rows(store: Store) -> dict[str, list]:
    tables = ["articles", "lsh_bands", "companies", "aliases", "claims", "alliances",
              "alliance_companies", "alliance_areas", "rejections", "corrections"]
    return {t: [tuple(r) for r in store.db.execute(f"SELECT * FROM {t} ORDER BY 1, 2")]
            for t in tables}


def test_ingesting_twice_changes_no_row(tmp_path):
    if not DEV.exists():
        pytest.skip("../shared/corpus/dev not found beside the checkout")
    with Store(tmp_path / "twice.db") as s:
        s.ingest([str(SEEDS), str(DEV)])
        before = _rows(s)
        counts = s.ingest([str(SEEDS), str(DEV)])
        assert set(counts) == {"unchanged"}
        assert _rows(s) == before


def test_another_order_gives_the_same_alliances(seeds_store):
    if not DEV.exists():
        pytest.skip("../shared/corpus/dev not found beside the checkout")
    keys = ("parties", "stage", "claim", "confirmed_by", "denied_by", "articles",
            "first_reported_by", "independent_reports", "areas", "structure")
    out = []
    for paths in ([SEEDS, DEV], [DEV, SEEDS]):
        with Store(":memory:") as s:
            s.ingest([str(p) for p in paths])
            out.append(sorted(({k: a[k] for k in keys} for a in s.alliances()),
                              key=lambda a: a["parties"]))
    assert out[0] == out[1]
