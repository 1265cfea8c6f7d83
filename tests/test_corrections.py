"""Finding 4 of issue 13: corrections refuse typos (suggesting near names), show what they
would change (--dry-run), are logged, and each can be undone. Real store, real CLI."""

from __future__ import annotations

import json

import pytest

from tieup.cli import main
from tieup.store import Store

ARTICLES = [
    {"id": "a1", "published": "2026-01-10", "text": "Ford and Geely are in talks about sharing a "
     "plant, Reuters reported."},
    {"id": "a2", "published": "2026-02-01", "text": "Ford and Rivian signed an agreement on "
     "software, the companies said."},
    {"id": "a3", "published": "2026-03-01", "text": "Toyota and Panasonic signed a battery supply "
     "agreement, the companies said."},
]


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def db(tmp_path, capsys):
    p = tmp_path / "in.jsonl"
    p.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    path = str(tmp_path / "t.db")
    assert run(capsys, "ingest", "--db", path, "--no-model", "-q", p)[0] == 0
    return path


def state(db):
    s = Store(db)
    try:
        return ({a["key"]: (a["stage"], a["claim"]) for a in s.alliances(timeline=False)},
                [c["name"] for c in s.companies()])
    finally:
        s.close()


def test_a_typo_merge_is_refused_and_creates_nothing(db, capsys):
    before = state(db)
    code, out, err = run(capsys, "companies", "--db", db, "merge", "Zork", "Ford")
    assert code == 2 and "no company 'Zork' in the store" in err
    code, out, err = run(capsys, "companies", "--db", db, "merge", "Toyta", "Panasonic")
    assert code == 2 and "nearest known: Toyota" in err
    assert state(db) == before


def test_rejecting_unknown_companies_is_refused_and_creates_nothing(db, capsys):
    before = state(db)
    code, _, err = run(capsys, "alliances", "--db", db, "reject", "Acme", "Globex")
    assert code == 2 and "no company 'Acme' in the store" in err
    code, _, err = run(capsys, "alliances", "--db", db, "reject", "Ford", "Toyota")
    assert code == 2 and "no alliance Ford + Toyota in the store" in err
    assert state(db) == before
    assert run(capsys, "corrections", "--db", db)[1].strip() == "no corrections"


def test_dry_run_shows_the_change_and_changes_nothing(db, capsys):
    before = state(db)
    code, out, _ = run(capsys, "companies", "--db", db, "merge", "Ford", "Geely", "--dry-run")
    assert code == 0 and out.startswith("would do (dry run, nothing changed): merged Geely into Ford")
    assert "  - Ford + Geely" in out
    code, out, _ = run(capsys, "alliances", "--db", db, "reject", "Toyota", "Panasonic", "--dry-run")
    assert "  - Panasonic + Toyota" in out and "1 alliances gone" in out
    code, out, _ = run(capsys, "companies", "--db", db, "alias", "Scaringe Motors", "Rivian",
                       "--dry-run")
    assert code == 0 and "would do" in out
    assert state(db) == before
    assert run(capsys, "corrections", "--db", db)[1].strip() == "no corrections"


def test_every_correction_is_logged_and_can_be_undone(db, capsys):
    before = state(db)
    code, out, _ = run(capsys, "companies", "--db", db, "merge", "Ford", "Rivian")
    assert code == 0 and "undo it with: tieup corrections undo 1" in out
    run(capsys, "companies", "--db", db, "alias", "Toyota Jidosha", "Toyota")
    run(capsys, "alliances", "--db", db, "reject", "Ford", "Geely")
    merged = state(db)
    assert "Rivian" not in merged[1] and "Ford + Geely" not in merged[0]
    code, out, _ = run(capsys, "corrections", "--db", db, "--format", "json")
    log = json.loads(out)["corrections"]
    assert [(c["id"], c["kind"], c["name"], c["target"], c["undone_at"]) for c in log] == [
        (1, "merge", "Rivian", "Ford", None), (2, "alias", "Toyota Jidosha", "Toyota", None),
        (3, "reject", "Ford + Geely", "", None)]
    for cid in (3, 2, 1):
        code, out, _ = run(capsys, "corrections", "--db", db, "undo", cid)
        assert code == 0 and out.startswith("undo ")
    assert state(db) == before
    code, out, _ = run(capsys, "corrections", "--db", db)
    assert out.count("(undone ") == 3
    code, _, err = run(capsys, "corrections", "--db", db, "undo", 1)
    assert code == 2 and "already undone" in err
    code, _, err = run(capsys, "corrections", "--db", db, "undo", 99)
    assert code == 2 and "no correction 99" in err


def test_undoing_a_merge_gives_back_stance_and_denials(tmp_path, capsys):
    p = tmp_path / "in.jsonl"
    p.write_text(json.dumps({"id": "d", "published": "2026-01-12", "text": "Geely denied a report "
                             "that it was in talks with Ford, calling the report false."}) + "\n")
    db = str(tmp_path / "t.db")
    run(capsys, "ingest", "--db", db, "--no-model", "-q", p)
    run(capsys, "companies", "--db", db, "merge", "Volvo", "Geely")
    s = Store(db)
    assert s.alliances()[0]["denied_by"] == ["Volvo"]
    s.close()
    run(capsys, "corrections", "--db", db, "undo", "1")
    s = Store(db)
    (a,) = s.alliances()
    assert (a["parties"], a["denied_by"]) == (["Ford", "Geely"], ["Geely"])
    s.close()


def test_corrections_survive_reingest(db, tmp_path, capsys):
    run(capsys, "companies", "--db", db, "merge", "Ford", "Rivian")
    p = tmp_path / "more.jsonl"
    p.write_text(json.dumps({"id": "a4", "text": "Rivian and Geely signed a supply agreement, "
                                                "the companies said."}) + "\n")
    run(capsys, "ingest", "--db", db, "--no-model", "-q", p)
    assert "Rivian" not in state(db)[1]
