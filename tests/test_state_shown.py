"""Findings 7 and 9 of issue 13: what the store shows follows the articles (who denied,
what was denied, whose outlet), and reprocess reports what it did without depending on an
earlier run's options. Real store on disk, real command line, real web pages."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from tieup.cli import main
from tieup.store import Store
from tieup.web import create_app

# an allowed host of the web app (tieup serve --allowed-host adds others)
BASE = "http://127.0.0.1"


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def ingest(tmp_path, capsys, rows, *extra):
    p = tmp_path / "in.jsonl"
    p.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = tmp_path / "t.db"
    assert run(capsys, "ingest", "--db", db, "--no-model", "-q", *extra, p)[0] == 0
    return db


def test_stance_follows_who_said_it(tmp_path, capsys):
    """"... were denied by Hyundai" made GM the denier."""
    db = ingest(tmp_path, capsys, [{"id": "h", "published": "2026-03-02", "text":
        "Reports that GM and Hyundai plan to build electric vans together were denied by "
        "Hyundai on Monday."}])
    s = Store(db)
    (a,) = s.alliances()
    assert a["stance"] == {"GM": "none", "Hyundai": "denied"} and a["denied_by"] == ["Hyundai"]
    s.close()
    page = TestClient(create_app(str(db)), base_url=BASE).get("/alliances/GM%20%2B%20Hyundai").text
    assert "Hyundai: denied" in page and "GM: denied" not in page


def test_a_denied_split_is_not_an_end_and_says_what_was_denied(tmp_path, capsys):
    db = ingest(tmp_path, capsys, [
        {"id": "a", "published": "2026-01-05", "text": "Ford and Rivian signed an agreement to "
                                                      "develop software, the companies said."},
        {"id": "b", "published": "2026-03-02", "text": "Rivian denied reports that it had ended "
                                                      "its partnership with Ford."}])
    s = Store(db)
    (a,) = s.alliances()
    assert (a["stage"], a["claim"]) == ("agreed", "denied")
    assert a["denied"] == {"what": "a split", "stage": "ended", "article": "b", "by": ["Rivian"]}
    s.close()
    client = TestClient(create_app(str(db)), base_url=BASE)
    company = client.get("/companies/Ford").text
    assert "<h2>Ended" not in company and "a split" in company
    assert "denied: a split" in client.get("/alliances/Ford%20%2B%20Rivian").text
    code, out, _ = run(capsys, "show", "--db", db, "Ford", "Rivian")
    assert "denied: a split (by Rivian)" in out


def test_outlet_is_the_articles_own_or_its_urls_never_a_cited_one(tmp_path, capsys):
    db = ingest(tmp_path, capsys, [
        {"id": "blog", "published": "2026-01-05", "text": "Ford and Geely are in talks about "
         "sharing a plant, the Financial Times reported."},
        {"id": "web", "published": "2026-01-06", "url": "https://www.bbc.co.uk/news/x",
         "text": "Ford and Geely are in talks about a plant in Spain, Reuters reported."}])
    s = Store(db)
    (a,) = s.alliances()
    outlets = {e["article"]: e["outlet"] for e in a["timeline"]}
    assert outlets == {"blog": None, "web": "bbc.co.uk"}
    s.close()
    code, out, _ = run(capsys, "show", "--db", db, "Ford")
    assert "blog  outlet unknown" in out and "web  bbc.co.uk" in out
    page = TestClient(create_app(str(db)), base_url=BASE).get("/alliances/Ford%20%2B%20Geely").text
    assert "outlet unknown" in page


@pytest.mark.model
def test_reprocess_with_the_model_redoes_a_no_model_run(tmp_path, capsys):
    db = ingest(tmp_path, capsys, [{"id": "a", "text": "Ford and Geely are in talks."}])
    code, _, err = run(capsys, "reprocess", "--db", db, "--all", "--no-model")
    assert code == 0 and "reprocessed 1 of 1 articles" in err and "+rules" in err
    code, _, err = run(capsys, "reprocess", "--db", db)  # with the model: not "0 articles"
    assert code == 0 and "reprocessed 1 of 1 articles" in err and "+rules" not in err
    code, _, err = run(capsys, "reprocess", "--db", db)
    assert "reprocessed 0 of 0 articles" in err


def test_reprocess_with_the_list_redoes_a_no_company_list_run(tmp_path, capsys):
    db = ingest(tmp_path, capsys, [{"id": "a", "text": "Ford and Geely are in talks."}])
    code, _, err = run(capsys, "reprocess", "--db", db, "--all", "--no-model", "--no-company-list")
    assert code == 0 and "reprocessed 1 of 1 articles" in err and "+rules+nolist" in err
    code, _, err = run(capsys, "reprocess", "--db", db, "--no-model")  # the list again: redone
    assert code == 0 and "reprocessed 1 of 1 articles" in err and "+nolist" not in err
    code, _, err = run(capsys, "reprocess", "--db", db, "--no-model")
    assert "reprocessed 0 of 0 articles" in err


def test_reprocess_reports_what_failed(tmp_path, capsys):
    db = ingest(tmp_path, capsys, [{"id": "ok", "text": "Ford and Geely are in talks."},
                                   {"id": "nl", "text": "x"}])
    s = Store(db)
    s.db.execute("UPDATE articles SET text = ? WHERE id = 'nl'",
                 ("Volkswagen en Rivian hebben dinsdag bekendgemaakt dat ze een joint venture "
                  "opzetten voor de ontwikkeling van software voor elektrische auto's.",))
    s.close()
    code, _, err = run(capsys, "reprocess", "--db", db, "--all", "--no-model")
    assert code == 1 and "article nl: skipped (not English: nl)" in err
    assert "reprocessed 1 of 2 articles" in err and "1 failed" in err
