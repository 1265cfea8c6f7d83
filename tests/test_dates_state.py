"""Findings 1 and 2 of issue 13: metadata dates parsed (never cut), each in its precision;
undated claims are a state, not their ingest date. Real store on disk, real command line."""

from __future__ import annotations

import json

import pytest

import tieup
from tieup.cli import main
from tieup.dates import parse
from tieup.model import Article
from tieup.store import Store

TALKS = "Ford and Geely are in talks about sharing a plant, Reuters reported."
AGREED = "Ford and Geely signed an agreement to share the Valencia plant, the companies said."


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def jsonl(tmp_path, rows, name="in.jsonl"):
    p = tmp_path / name
    p.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return p


@pytest.mark.parametrize("value,expected", [
    ("March 2, 2026", "2026-03-02"),                       # long form
    ("Mon, 02 Mar 2026 10:00:00 GMT", "2026-03-02"),       # RFC 2822
    ("Tue, 03 Mar 2026 01:30:00 +0200", "2026-03-02"),     # RFC 2822, zone normalised to UTC
    ("2026-03-02T23:30:00-05:00", "2026-03-03"),           # ISO with time and zone
    ("2026-03-02T10:00:00Z", "2026-03-02"),
    (1772445600, "2026-03-02"),                            # epoch seconds
    ("1772445600000", "2026-03-02"),                       # epoch milliseconds, as a string
    ("2 Mar 2026", "2026-03-02"),
    ("March 2026", "2026-03"),                             # month precision kept
    ("2009", "2009"),                                      # year precision kept
])
def test_metadata_dates_are_parsed_in_their_precision(value, expected):
    assert parse(value) == expected


def test_extract_parses_dates_and_warns_naming_the_article(tmp_path, capsys):
    p = jsonl(tmp_path, [
        {"id": "a", "published": "March 2, 2026", "text": TALKS},
        {"id": "b", "published": "Mon, 02 Mar 2026 10:00:00 GMT", "text": TALKS},
        {"id": "c", "published": 1772445600, "text": TALKS},
        {"id": "d", "published": "sometime soon", "text": TALKS},
    ])
    code, out, err = run(capsys, "extract", "--no-model", p)
    assert code == 0
    got = {d["id"]: d["published"] for d in map(json.loads, out.splitlines())}
    assert got == {"a": "2026-03-02", "b": "2026-03-02", "c": "2026-03-02", "d": None}
    assert "tieup: warning: " in err and "in.jsonl:4: published date ignored" in err
    assert "4 ok, 0 skipped, 0 failed" in err


def test_an_older_report_in_long_form_does_not_undo_a_later_agreement(tmp_path, capsys):
    """Cut to "March 2, 2" the talks sorted after "2026-02-10" and moved the stage back."""
    db = tmp_path / "t.db"
    p = jsonl(tmp_path, [{"id": "old", "published": "January 5, 2026", "text": TALKS},
                         {"id": "new", "published": "2026-02-10", "text": AGREED}])
    run(capsys, "ingest", "--db", db, "--no-model", "-q", p)
    code, out, _ = run(capsys, "alliances", "--db", db, "--format", "json")
    (a,) = json.loads(out)
    assert (a["stage"], a["first_date"], a["last_date"]) == ("agreed", "2026-01-05", "2026-02-10")


def test_undated_articles_are_not_dated_today(tmp_path, capsys):
    db = tmp_path / "t.db"
    p = jsonl(tmp_path, [{"id": "u", "text": "Toyota and Mazda signed an agreement to share a "
                                            "plant, the companies said."},
                         {"id": "d", "published": "2016-05-01", "text": AGREED}])
    run(capsys, "ingest", "--db", db, "--no-model", "-q", p)
    code, out, _ = run(capsys, "alliances", "--db", db, "--since", "2025-01-01", "--format", "json")
    assert code == 0 and json.loads(out) == []  # neither the 2016 deal nor the undated
    code, out, _ = run(capsys, "changes", "--db", db, "--since", "2025-01-01", "--format", "json")
    assert json.loads(out)["changes"] == []
    code, out, _ = run(capsys, "alliances", "--db", db, "--format", "json")
    rows = {tuple(a["parties"]): a for a in json.loads(out)}
    undated = rows[("Mazda", "Toyota")]
    assert (undated["first_date"], undated["last_date"]) == (None, None)
    assert [tuple(a["parties"]) for a in json.loads(out)][-1] == ("Mazda", "Toyota")
    code, out, _ = run(capsys, "show", "--db", db, "Toyota")
    assert "- undated  u  " in out
    code, out, _ = run(capsys, "changes", "--db", db)
    assert out.splitlines()[-1].startswith("undated")  # listed after every dated change
    code, out, _ = run(capsys, "brief", "--db", db, "--since", "2025-01-01")
    assert "(ingested)" not in out
    assert "## Undated" in out and "Mazda + Toyota" in out.split("## Undated")[1]
    assert "Mazda" not in out.split("## Undated")[0]


def test_year_only_dates_stay_years_in_store_timeline_and_export(tmp_path, capsys):
    db = tmp_path / "t.db"
    p = jsonl(tmp_path, [{"id": "y", "published": "2009", "text": AGREED}])
    run(capsys, "ingest", "--db", db, "--no-model", "-q", p)
    s = Store(db)
    (a,) = s.alliances()
    assert s.article("y")["published"] == "2009"
    assert (a["first_date"], a["last_date"], a["timeline"][0]["date"]) == ("2009", "2009", "2009")
    s.close()
    code, out, _ = run(capsys, "export", "--db", db, "--format", "csv")
    assert "2009-01-01" not in out and ",2009," in out
    code, out, _ = run(capsys, "alliances", "--db", db, "--since", "2009", "--format", "json")
    assert len(json.loads(out)) == 1


def test_an_undated_report_of_an_earlier_stage_does_not_move_the_state_back(tmp_path):
    s = Store(tmp_path / "t.db")
    opts = tieup.Options(model=False)
    for aid, text, pub in (("d", AGREED, "2026-02-10"), ("u", TALKS, None)):
        art = Article(id=aid, text=text, published=pub)
        s.add(art, tieup.extract(text, published=pub, options=opts), extractor_version="t")
    (a,) = s.alliances()
    assert a["stage"] == "agreed" and a["last_date"] == "2026-02-10"
    assert [(e["article"], e["date"], e["counted"]) for e in a["timeline"]] == [
        ("d", "2026-02-10", True), ("u", None, False)]
    assert [e["kind"] for e in s.changes()] == ["new"]
    s.close()


def test_migration_repairs_dates_cut_by_an_older_tieup(tmp_path):
    path = tmp_path / "old.db"
    s = Store(path)
    opts = tieup.Options(model=False)
    for aid, pub in (("cut", "2026-03-02"), ("epoch", "2026-01-01"), ("iso", "2026-02-01")):
        s.add(Article(id=aid, text=f"{TALKS} ({aid})", published=pub),
              tieup.extract(TALKS, published=pub, options=opts), extractor_version="t")
    s.db.execute("UPDATE articles SET published = 'March 2, 2' WHERE id = 'cut'")
    s.db.execute("UPDATE articles SET published = '1772445600' WHERE id = 'epoch'")
    s.db.execute("DELETE FROM schema_migrations WHERE name = '0007_dates_and_outlets'")
    s.close()
    s = Store(path)
    got = dict(s.db.execute("SELECT id, published FROM articles").fetchall())
    assert got == {"cut": None, "epoch": "2026-03-02", "iso": "2026-02-01"}
    (a,) = s.alliances()
    assert {e["article"]: e["date"] for e in a["timeline"]}["cut"] is None
    s.close()


def test_home_page_and_chart_keep_undated_claims_apart(tmp_path, capsys):
    from fastapi.testclient import TestClient

    from tieup.web import create_app

    db = tmp_path / "t.db"
    p = jsonl(tmp_path, [{"id": "u", "text": TALKS},
                         {"id": "d", "published": "2020-06-01", "text": AGREED}])
    run(capsys, "ingest", "--db", db, "--no-model", "-q", p)
    client = TestClient(create_app(str(db)), base_url="http://127.0.0.1")
    home = client.get("/index.json").json()
    assert all(ev["date_kind"] != "ingested" for ev in home["changes"])
    assert [ev["date"] for ev in home["changes"]] == ["2020-06-01"]  # talks behind: no change
    assert "(ingested)" not in client.get("/").text
    page = client.get("/alliances/Ford%20%2B%20Geely.json").json()
    assert [p["article"] for p in page["chart"]["points"]] == ["d"]
    assert (page["chart"]["start"], page["chart"]["end"]) == ("2020-06-01", "2020-06-01")
    assert [(e["article"], e["date"]) for e in page["timeline"]] == [("d", "2020-06-01"), ("u", None)]


def test_month_chart_counts_an_undated_alliance_on_no_month(tmp_path, capsys):
    from fastapi.testclient import TestClient

    from tieup.web import create_app

    db = tmp_path / "t.db"
    p = jsonl(tmp_path, [{"id": "d", "published": "2020-06-01", "text": AGREED},
                         {"id": "u", "text": "Toyota and Panasonic are in talks about a battery "
                                             "venture, Nikkei reported."}])
    run(capsys, "ingest", "--db", db, "--no-model", "-q", p)
    client = TestClient(create_app(str(db)), base_url="http://127.0.0.1")
    chart = client.get("/index.json").json()["chart"]
    assert [(b["month"], b["alliances"]) for b in chart["bars"] if b["alliances"]] == [("2020-06", 1)]
    assert (chart["total"], chart["undated"]) == (1, 1)  # never at its ingest month
    assert "1 undated alliance is on no month" in client.get("/").text
    page = client.get("/alliances.json?until=2030-01-01").json()
    assert [a["parties"] for a in page["alliances"]] == [["Ford", "Geely"]]
