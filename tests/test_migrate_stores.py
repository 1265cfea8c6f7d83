"""Stores written by an older tieup migrate to the current schema and read the same.

An older store is made the way that tieup made it: the migrations it had (0001-0004
before issue 15, 0001-0005 before issue 13), then the rows it wrote, copied from a store
made now (only the columns the older schema has; published dates cut to ten characters as
tieup before 0.1 cut them). Opening it with today's :class:`Store` must apply the rest, in
order, and give back what the store made now gives.
"""

from __future__ import annotations

import sqlite3

import pytest

import tieup
from tieup import ids
from tieup.dates import parse
from tieup.migrations import MIGRATIONS
from tieup.model import Article
from tieup.store import Store, statements

OPTS = tieup.Options(model=False)
ARTICLES = [
    ("a1", "Ford and Geely signed an agreement to share the Valencia plant, the companies said.",
     "2026-02-10"),
    ("a2", "Ford and Geely are in talks about sharing a plant, Reuters reported.", None),
    ("a3", "Toyota and Panasonic are in talks about a battery joint venture, Nikkei reported.",
     "2025-11-03"),
    ("a4", "Honda and Sony signed an agreement to form a joint venture for electric cars.",
     "March 2, 2026"),
]
# the tables an older tieup wrote, in an order that keeps references whole
TABLES = ["companies", "aliases", "articles", "claims", "alliances", "alliance_companies",
          "alliance_areas", "alliance_structures", "rejections", "corrections", "lsh_bands"]


def _made_now(path):
    s = Store(path)
    for aid, text, raw in ARTICLES:
        pub = parse(raw)
        s.add(Article(id=aid, text=text, published=pub),
              tieup.extract(text, published=pub, options=OPTS), extractor_version="t")
    return s


def _older(now: Store, path, upto: str, cut_dates: dict[str, str]) -> None:
    """A store with the migrations up to ``upto`` and ``now``'s rows in their columns."""
    names = [n for n, _ in MIGRATIONS]
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for name, sql in MIGRATIONS[: names.index(upto) + 1]:
        for st in statements(sql):
            db.execute(st)
        db.execute("INSERT INTO schema_migrations VALUES (?, '2026-01-01T00:00:00Z')", (name,))
    for table in TABLES:
        if not db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (table,)).fetchone():
            continue
        cols = [r[1] for r in db.execute(f"PRAGMA table_info({table})")]
        rows = now.db.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()
        db.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES "
                       f"({', '.join('?' * len(cols))})", [tuple(r) for r in rows])
    for aid, cut in cut_dates.items():
        db.execute("UPDATE articles SET published = ? WHERE id = ?", (cut, aid))
    if "first_date" in [r[1] for r in db.execute("PRAGMA table_info(alliances)")]:
        # as issue 15's tieup wrote them: undated alliances dated by their ingest time
        db.execute("UPDATE alliances SET first_date = COALESCE(first_date, substr(last_seen, 1, 10))")
    db.commit()
    db.close()


def _view(s: Store):
    return {
        "alliances": [(a["parties"], a["stage"], a["last_date"]) for a in s.alliances()],
        "since": [a["parties"] for a in s.alliances(since="2026-01-01")],
        "until": [a["parties"] for a in s.alliances(until="2026-12-31")],
        "companies": [(c["name"], c["alliances"]) for c in s.companies(sort="alliances")],
        "months": [(r["month"], r["alliances"]) for r in s.per_month()],
        "published": dict(s.db.execute("SELECT id, published FROM articles").fetchall()),
    }


@pytest.mark.parametrize("upto", ["0004_feeds", "0005_company_indexes"])
def test_an_older_store_migrates_in_order_and_reads_as_a_new_one(tmp_path, upto):
    now = _made_now(tmp_path / "now.db")
    want = _view(now)
    # the cut published date an older tieup kept ("March 2, 2026" -> "March 2, 2")
    _older(now, tmp_path / "old.db", upto, {"a4": "March 2, 2"})
    now.close()

    s = Store(tmp_path / "old.db")
    names = [r[0] for r in s.db.execute("SELECT name FROM schema_migrations ORDER BY rowid")]
    assert names == [n for n, _ in MIGRATIONS] and s.pending_migrations() == []
    got = _view(s)
    # the cut date could not be read again: that claim is undated now, the rest is the same
    assert want["published"]["a4"] == "2026-03-02" and got["published"]["a4"] is None
    assert {k: v for k, v in got["published"].items() if k != "a4"} == \
           {k: v for k, v in want["published"].items() if k != "a4"}
    want_alliances = [a for a in want["alliances"] if a[0] != ["Honda", "Sony"]]
    assert [a for a in got["alliances"] if a[0] != ["Honda", "Sony"]] == want_alliances
    assert (["Honda", "Sony"], "agreed", None) in got["alliances"]
    assert got["alliances"][-1][2] is None  # undated last in the "recent" order
    assert got["since"] == [["Ford", "Geely"]]
    assert ["Honda", "Sony"] not in got["until"]  # undated is before no date
    assert dict(got["companies"]) == dict(want["companies"])
    assert (None, 1) in got["months"]  # the undated alliance is on no month
    assert [m for m, _ in got["months"] if m] == ["2025-11", "2026-02"]
    # 0008: every alliance and company has the stable id a store made anew gives it
    assert all(a["id"] == ids.make("alliance", a["key"]) for a in s.alliances())
    assert all(c["id"] == ids.make("company", c["name"]) for c in s.companies())

    # the indexes, the alias search and the corrections log of the newer migrations work
    indexes = {r[0] for r in s.db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"alliances_latest", "alliances_first_month", "aliases_by_company"} <= indexes
    assert not {"alliances_recent", "alliances_month"} & indexes
    assert [c["name"] for c in s.search("Panasonic")["companies"]] == ["Panasonic"]
    fix = s.alias("Yotamoto Works", "Toyota")
    assert [c["name"] for c in s.search("Yotamoto")["companies"]] == ["Toyota"]
    s.undo(fix["id"])
    assert s.corrections()[0]["undone_at"] is not None
    assert s.migrate() == []
    s.close()
