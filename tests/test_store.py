"""The store, in memory, fed by model-free extraction of short articles written for these tests."""

from __future__ import annotations

import pytest

import tieup
from tieup.model import Alliance, Article, ArticleResult, Claim, Span, Stage, Structure
from tieup.resolve import key
from tieup.store import Store

V = "test"
RULES = tieup.Options(model=False)


def add(store: Store, aid: str, text: str, **kw):
    art = Article(id=aid, text=text, **kw)
    res = tieup.extract(text, published=art.published, options=RULES)
    return store.add(art, res, extractor_version=V)


TALKS = ("Ford Motor Co. and Geely are in talks about sharing a plant in Spain, Reuters reported, "
         "citing people familiar with the matter. The two companies could sign a deal this year.")
DENIAL = "Geely denied a report that it was in talks with Ford Motor Company over a plant."
SIGNED = "Ford and Geely signed an agreement to share the Valencia plant, the companies said."


@pytest.fixture
def store():
    s = Store(":memory:")
    yield s
    s.close()


def test_migrations_are_named_and_run_once(store):
    names = [r[0] for r in store.db.execute("SELECT name FROM schema_migrations")]
    assert names == ["0001_initial", "0002_article_search", "0003_alliance_summary", "0004_feeds",
                     "0005_company_indexes", "0006_corrections_log", "0007_dates_and_outlets",
                     "0008_user_companies", "0009_stable_ids"]
    assert store.migrate() == []


def test_summary_migration_upgrades_a_filled_store_in_place(tmp_path):
    """A store made before 0003 keeps its alliances; summaries and change events are
    backfilled by the migration."""
    from tieup.migrations import MIGRATIONS
    from tieup.store import statements

    path = tmp_path / "old.db"
    s = Store(path)
    add(s, "a1", TALKS, published="2026-01-10")
    add(s, "a2", DENIAL, published="2026-01-12")
    before = s.alliances(timeline=False)
    events = s.changes()
    # roll the store back to its 0002 shape: as an older tieup left it
    s.db.execute("ALTER TABLE alliances DROP COLUMN summary")
    s.db.execute("ALTER TABLE alliances DROP COLUMN events")
    s.db.execute("DELETE FROM schema_migrations WHERE name = '0003_alliance_summary'")
    s.close()
    s = Store(path)
    assert s.db.execute("SELECT COUNT(*) FROM alliances WHERE events IS NULL").fetchone()[0] == 0
    assert s.alliances(timeline=False) == before
    assert s.changes() == events and {e["kind"] for e in events} >= {"new", "denied"}
    s.db.execute("UPDATE alliances SET events = NULL")  # a row the backfill missed
    assert s.changes() == events
    assert "0003_alliance_summary" in [n for n, _ in MIGRATIONS]
    assert all(sql.strip() for _, sql in MIGRATIONS for sql in statements(sql))
    s.close()


def test_one_alliance_grows_with_every_article(store):
    add(store, "a1", TALKS, published="2026-01-10")
    add(store, "a2", DENIAL, published="2026-01-12")
    (a,) = store.alliances()
    assert a["parties"] == ["Ford", "Geely"]
    assert (a["stage"], a["claim"], a["denied_by"]) == ("talks", "denied", ["Geely"])
    assert a["articles"] == ["a1", "a2"]
    add(store, "a3", SIGNED, published="2026-02-01")
    (a,) = store.alliances()
    assert (a["stage"], a["claim"]) == ("agreed", "confirmed")
    assert [e["article"] for e in a["timeline"]] == ["a1", "a2", "a3"]


def test_same_article_twice_changes_nothing(store):
    assert add(store, "a1", TALKS).status == "added"
    before = list(store.db.iterdump())
    assert add(store, "a1", TALKS).status == "unchanged"
    assert add(store, "other-id", TALKS).status == "unchanged"
    assert list(store.db.iterdump()) == before


def test_syndicated_copy_is_linked_and_counted_once(store):
    add(store, "orig", TALKS, published="2026-01-10")
    ev = add(store, "copy", TALKS.replace("this year", "later this year") + " (Wire copy.)",
             published="2026-01-10")
    assert ev.duplicate_of == "orig"
    (a,) = store.alliances()
    assert a["independent_reports"] == 1
    assert add(store, "other", SIGNED).duplicate_of is None


def test_companies_resolve_across_spellings(store):
    for name in ("Ford Motor Company", "Ford", "Ford Motor Co.", "FORD MOTOR CO"):
        assert store.resolve(name) == "Ford"
    assert store.resolve("GM") == "GM"
    assert store.resolve("General Mills") == "General Mills"
    assert store.resolve("Great Wall Motors") == store.resolve("Great Wall Motor Co.")
    assert key("Xiaomi Corp.") == "xiaomi"


def made(aid: str, parties: list[str], stage="agreed", claim="confirmed") -> tuple[Article, ArticleResult]:
    """An article and a hand-made extraction naming any parties (no extractor involved)."""
    text = " and ".join(parties) + " signed an agreement."
    a = Alliance(parties=parties, primary=True, stage=Stage(stage), claim=Claim(claim),
                 structure=[Structure.COLLABORATION], evidence=[Span(0, len(text), text)])
    return Article(id=aid, text=text), ArticleResult(aid, None, None, "en", [a])


def test_alias_and_merge_survive_reingest(store):
    store.add(*made("a1", ["Acme Robotics", "Ford Motor Co."]), extractor_version=V)
    store.add(*made("a2", ["Volks Corp", "Ford"]), extractor_version=V)
    assert {tuple(a["parties"]) for a in store.alliances()} == {
        ("Acme Robotics", "Ford"), ("Ford", "Volks Corp")}
    store.alias("Acme Robotics", "Bosch")
    store.merge("Volkswagen", "Volks Corp")
    expected = {("Bosch", "Ford"), ("Ford", "Volkswagen")}
    assert {tuple(a["parties"]) for a in store.alliances()} == expected
    assert "Volks Corp" in next(c for c in store.companies() if c["name"] == "Volkswagen")["aliases"]
    store.add(*made("a1", ["Acme Robotics", "Ford Motor Co."]), extractor_version=V)  # unchanged
    store.add(*made("a3", ["Acme Robotics", "Ford"], stage="completed"), extractor_version=V)
    assert {tuple(a["parties"]) for a in store.alliances()} == expected
    kinds = [r[0] for r in store.db.execute("SELECT kind FROM corrections ORDER BY id")]
    assert kinds == ["alias", "merge"]


def test_rejection_survives_reingest_and_reprocess(store):
    add(store, "a1", TALKS)
    store.reject(["Ford Motor Co.", "Geely"])
    assert store.alliances() == []
    assert store.alliances(include_rejected=True)[0]["rejected"] is True
    add(store, "a2", SIGNED)
    assert store.alliances() == []
    store.reprocess(RULES, force=True)
    assert store.alliances() == []


def test_rejecting_one_claim(store):
    add(store, "a1", TALKS, published="2026-01-01")
    add(store, "a2", DENIAL, published="2026-01-02")
    store.reject(["Ford", "Geely"], article_id="a2")
    (a,) = store.alliances()
    assert a["articles"] == ["a1"] and a["claim"] == "reported"


def test_reprocess_rewrites_claims_of_other_versions(store):
    add(store, "a1", TALKS)
    assert store.reprocess(RULES).reprocessed == 1  # made by version "test", not the current one
    assert store.reprocess(RULES).reprocessed == 0
    (row,) = store.db.execute("SELECT extractor_version FROM claims").fetchall()
    assert row[0] != V


def test_filters(store):
    add(store, "a1", TALKS, published="2026-01-10")
    add(store, "b1", "Toyota and Panasonic signed a battery supply agreement, the companies "
                     "said.", published="2026-03-01")
    assert [a["parties"] for a in store.alliances(company="Ford Motor Company")] == [["Ford", "Geely"]]
    assert [a["parties"] for a in store.alliances(area="batteries")] == [["Panasonic", "Toyota"]]
    assert [a["parties"] for a in store.alliances(stage="talks")] == [["Ford", "Geely"]]
    assert [a["parties"] for a in store.alliances(since="2026-02-01")] == [["Panasonic", "Toyota"]]
    assert store.alliances(claim="denied") == []
    assert store.show("Geely", "Ford")[0]["timeline"]


def test_atomic_rolls_back_everything(store):
    with pytest.raises(RuntimeError), store.atomic():
        add(store, "a1", TALKS)
        raise RuntimeError("boom")
    assert store.counts()["articles"] == 0 and store.alliances() == []


def test_ingest_order_does_not_change_alliances():
    texts = [("a1", TALKS, "2026-01-10"), ("a2", DENIAL, "2026-01-12"), ("a3", SIGNED, "2026-02-01"),
             ("b1", "Toyota and Panasonic signed a deal.", None)]
    results = []
    for order in (texts, texts[::-1]):
        s = Store(":memory:")
        for aid, text, pub in order:
            add(s, aid, text, published=pub)
        results.append([{k: a[k] for k in ("parties", "stage", "claim", "confirmed_by", "denied_by",
                                           "articles", "first_reported_by", "independent_reports",
                                           "areas", "structure")} for a in s.alliances()])
        s.close()
    assert results[0] == results[1]
