"""The store commands through the CLI, model-free, on a temporary database."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from conftest import ROOT

from tieup.cli import main

ARTICLES = [
    {"id": "a1", "published": "2026-01-10", "text": "Ford and Geely are in talks about sharing a "
     "plant, Reuters reported, citing people familiar with the matter."},
    {"id": "a2", "published": "2026-01-12", "text": "Geely denied a report that it was in talks "
     "with Ford, calling the report false."},
    {"id": "a3", "published": "2026-03-01", "text": "Toyota and Panasonic signed a battery supply "
     "agreement, the companies said."},
]


def corpus(tmp_path):
    p = tmp_path / "in.jsonl"
    p.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES), encoding="utf-8")
    return str(p)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ingest_then_query(tmp_path, capsys):
    db = str(tmp_path / "t.db")
    code, _, err = run(capsys, "ingest", "--db", db, "--no-model", corpus(tmp_path))
    assert code == 0 and "3 added" in err
    code, _, err = run(capsys, "ingest", "--db", db, "--no-model", corpus(tmp_path))
    assert "3 unchanged" in err
    code, out, _ = run(capsys, "alliances", "--db", db, "--format", "json")
    data = json.loads(out)
    fg = next(a for a in data if a["parties"] == ["Ford", "Geely"])
    for field in ("parties", "stage", "claim", "confirmed_by", "denied_by", "articles",
                  "first_reported_by", "independent_reports", "areas"):
        assert field in fg
    assert (fg["claim"], fg["denied_by"], fg["articles"]) == ("denied", ["Geely"], ["a1", "a2"])
    code, out, _ = run(capsys, "alliances", "--db", db, "--format", "csv", "--company", "Toyota")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["parties"] for r in rows] == ["Panasonic; Toyota"]
    code, out, _ = run(capsys, "alliances", "--db", db)
    assert "Ford + Geely" in out and "(2 alliances)" in out


def test_show_brief_companies_reject(tmp_path, capsys):
    db = str(tmp_path / "t.db")
    run(capsys, "ingest", "--db", db, "--no-model", "-q", corpus(tmp_path))
    code, out, _ = run(capsys, "show", "--db", db, "Geely", "Ford")
    assert code == 0 and "a1" in out and "talks/denied" in out and "> " in out
    code, out, _ = run(capsys, "brief", "--db", db)
    assert "## Denials" in out and "denied by Geely" in out and "[a2" in out
    code, out, _ = run(capsys, "brief", "--db", db, "--since", "2026-02-01")
    assert "Panasonic" in out and "Geely" not in out.split("## Denials")[0]
    code, out, _ = run(capsys, "companies", "--db", db, "alias", "Toyota Jidosha", "Toyota")
    code, out, _ = run(capsys, "companies", "--db", db)
    assert "Toyota Jidosha" in out
    code, out, _ = run(capsys, "alliances", "--db", db, "reject", "Ford", "Geely")
    code, out, _ = run(capsys, "alliances", "--db", db, "--format", "json")
    assert [a["parties"] for a in json.loads(out)] == [["Panasonic", "Toyota"]]


def test_query_commands_do_not_import_spacy(tmp_path, capsys):
    db = str(tmp_path / "t.db")
    run(capsys, "ingest", "--db", db, "--no-model", "-q", corpus(tmp_path))
    code = ("import sys, tieup.cli\n"
            f"for argv in (['alliances', '--db', {db!r}], ['brief', '--db', {db!r}],"
            f" ['show', '--db', {db!r}, 'Ford']):\n"
            "    tieup.cli.main(argv)\n"
            "assert 'spacy' not in sys.modules, 'spacy was imported'\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr


def test_alliances_csv_is_the_export_dialect_and_the_table_fits(tmp_path, capsys, monkeypatch):
    from tieup import export

    db = str(tmp_path / "t.db")
    run(capsys, "ingest", "--db", db, "--no-model", "-q", corpus(tmp_path))
    _, listed, _ = run(capsys, "alliances", "--db", db, "--format", "csv")
    assert listed.splitlines()[0] == ",".join(export.COLUMNS["alliances"]) and "\r" not in listed
    _, exported, _ = run(capsys, "export", "--db", db, "--format", "csv")
    assert sorted(listed.splitlines()) == sorted(exported.splitlines())
    code, out, _ = run(capsys, "alliances", "--db", db, "--format", "json", "--limit", "1")
    assert code == 0 and len(json.loads(out)) == 1
    monkeypatch.setenv("COLUMNS", "40")
    code, out, _ = run(capsys, "alliances", "--db", db)
    lines = out.splitlines()
    assert code == 0 and all(len(line) <= 40 for line in lines[:-1])
    assert "\u2026" in out  # what was cut is marked
    code, out, _ = run(capsys, "alliances", "--db", db, "--limit", "1")
    assert "(1 alliance; --limit reached" in out
    monkeypatch.setenv("COLUMNS", "30")
    code, out, _ = run(capsys, "alliances", "--db", db)
    assert all(len(line) <= 30 for line in out.splitlines()[:-1]) and "not shown: " in out
