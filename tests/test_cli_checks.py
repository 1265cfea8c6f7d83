"""Finding 3 of issue 13: every command checks its arguments (exit code 2, saying what is
wrong and what is allowed); read commands refuse a store that does not exist; no traceback
for an expected failure. The real command line, as a user runs it, on real stores."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT

from tieup.cli import main

ARTICLES = [
    {"id": "a1", "published": "2026-01-10", "text": "Ford and Geely are in talks about sharing a "
     "plant, Reuters reported."},
    {"id": "a2", "published": "2026-03-01", "text": "Toyota and Panasonic signed a battery supply "
     "agreement, the companies said."},
]


@pytest.fixture
def db(tmp_path, capsys):
    p = tmp_path / "in.jsonl"
    p.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    path = tmp_path / "t.db"
    assert main(["ingest", "--db", str(path), "--no-model", "-q", str(p)]) == 0
    capsys.readouterr()
    return str(path)


def tieup(*argv, cwd=None):
    """The installed command line in its own process: exit code and both streams."""
    done = subprocess.run([sys.executable, "-m", "tieup.cli", *map(str, argv)], capture_output=True,
                          text=True, cwd=cwd or ROOT, timeout=120)
    return done.returncode, done.stdout, done.stderr


@pytest.mark.parametrize("argv,says", [
    (["alliances", "--since", "yesterday"], "'yesterday' is not a date: use YYYY-MM-DD"),
    (["alliances", "--since", "2026-13-45"], "'2026-13-45' is not a date"),
    (["changes", "--since", "last week"], "is not a date"),
    (["brief", "--since", "2026-02-30"], "is not a date"),
    (["alliances", "--area", "Batteries"], "choose from 'manufacturing', 'batteries'"),
    (["alliances", "--stage", "signed"], "choose from 'talks', 'agreed'"),
    (["alliances", "--claim", "rumour"], "choose from 'reported', 'confirmed', 'denied'"),
    (["ingest", "--jobs", "0", "x.jsonl"], "must be 1 or more"),
])
def test_bad_arguments_say_what_is_allowed(db, capsys, argv, says):
    with pytest.raises(SystemExit) as e:
        main([argv[0], "--db", db, *argv[1:]])
    assert e.value.code == 2 and says in capsys.readouterr().err


@pytest.mark.parametrize("cmd", [["alliances", "--company"], ["changes", "--company"], ["show"]])
def test_an_unknown_company_is_refused_with_the_nearest_known_names(db, capsys, cmd):
    assert main([cmd[0], "--db", db, *cmd[1:], "Toyta"]) == 2
    err = capsys.readouterr().err
    assert "no company 'Toyta' in the store; nearest known: Toyota" in err


@pytest.mark.parametrize("cmd", [["alliances"], ["brief"], ["export"], ["changes"],
                                 ["show", "Ford"], ["companies"], ["corrections"], ["reprocess"],
                                 ["companies", "merge", "Ford", "Geely"]])
def test_read_commands_refuse_a_store_that_does_not_exist(tmp_path, capsys, cmd):
    missing = tmp_path / "typo.db"
    assert main([cmd[0], "--db", str(missing), *cmd[1:]]) == 2
    assert "typo.db: no store there" in capsys.readouterr().err
    assert not missing.exists()


def test_export_to_a_missing_folder_is_an_error_not_a_traceback(db):
    code, out, err = tieup("export", "--db", db, "--format", "csv", "-o", "/missing/dir/x.csv")
    assert code == 2 and "Traceback" not in err
    assert "cannot write /missing/dir/x.csv: no such folder '/missing/dir'" in err


def test_extract_to_a_missing_folder_is_an_error_not_a_traceback(tmp_path):
    (tmp_path / "a.txt").write_text("Ford and Geely are in talks.", encoding="utf-8")
    code, _, err = tieup("extract", "--no-model", tmp_path / "a.txt", "-o", tmp_path / "no" / "x")
    assert code == 2 and "Traceback" not in err and "no such folder" in err


def test_a_corrupt_store_is_an_error_not_a_traceback(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_bytes(b"this is not an sqlite store at all " * 100)
    code, _, err = tieup("alliances", "--db", bad)
    assert code == 2 and "Traceback" not in err and "cannot open the store" in err


def test_ingest_into_a_missing_folder_is_an_error_not_a_traceback(tmp_path):
    (tmp_path / "a.txt").write_text("Ford and Geely are in talks.", encoding="utf-8")
    code, _, err = tieup("ingest", "--no-model", "--db", tmp_path / "no" / "t.db", tmp_path / "a.txt")
    assert code == 2 and "Traceback" not in err and "no such folder" in err


def test_good_arguments_still_work(db, capsys):
    assert main(["alliances", "--db", db, "--company", "toyota", "--area", "batteries",
                 "--since", "2026-02", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["parties"] for r in rows] == [["Panasonic", "Toyota"]]


def test_a_locked_store_is_an_error_not_a_traceback(db):
    import sqlite3

    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        code, _, err = tieup("companies", "--db", db, "alias", "Toyota Jidosha", "Toyota")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert code == 2 and "Traceback" not in err and "database is locked" in err


def test_a_company_the_store_never_saw_is_refused_as_a_filter(db, capsys):
    """Bosch is in the shipped gazetteer but in no stored article: an empty answer with
    exit 0 would read as "no alliances", so it is refused, naming the stored companies."""
    assert main(["alliances", "--db", db, "--company", "Bosch"]) == 2
    assert "no company 'Bosch' in the store" in capsys.readouterr().err
