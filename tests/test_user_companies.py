"""Your own companies reach extraction: a store's `companies add` and aliases, an
--companies file, with and without the curated list (issue 13, item 8)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT

import tieup
from tieup import lexicons

TEXT = ("Ford and Zorbix signed a supply deal for battery modules on Tuesday, "
        "the two companies said in a statement.")


def test_user_rows_make_a_gazetteer_of_their_own_or_with_the_list():
    mine = (("Zorbix", "Zorbix Energy|ZBX", "supplier"),)
    with_list = lexicons.companies(mine)
    assert with_list.entries["ZBX"].canonical == "Zorbix"
    assert "Ford" in with_list.entries
    alone = lexicons.companies(mine, curated=False)
    assert set(alone.entries) == {"Zorbix", "Zorbix Energy", "ZBX"}


def test_a_bad_company_file_names_file_and_line(tmp_path):
    p = tmp_path / "mine.tsv"
    p.write_text("# my companies\nZorbix\tZBX\tsupplier\n\tnameless\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"mine.tsv:3"):
        lexicons.read_user_companies(str(p))


def test_rules_find_a_user_company(rules):
    from dataclasses import replace

    plain = tieup.extract(TEXT, options=rules)
    assert not any("Zorbix" in a.parties for a in plain.alliances)
    mine = replace(rules, user_companies=(("Zorbix", "", "supplier"),))
    found = tieup.extract(TEXT, options=mine)
    assert any(set(a.parties) == {"Ford", "Zorbix"} for a in found.alliances), found.alliances


def test_store_add_is_logged_undoable_and_feeds_extraction(tmp_path):
    store = tieup.Store(str(tmp_path / "t.db"))
    preview = store.add_company("Zorbix", ["ZBX"], "supplier", dry_run=True)
    assert preview["dry_run"] and store.user_companies() == ()
    report = store.add_company("Zorbix", ["ZBX"], "supplier")
    assert store.user_companies() == (("Zorbix", "ZBX", "supplier"),)
    assert store._with_users(tieup.Options()).user_companies == (("Zorbix", "ZBX", "supplier"),)
    with pytest.raises(ValueError, match="already"):
        store.add_company("Zorbix")
    store.undo(report["id"])
    assert store.user_companies() == ()
    store.close()


def test_the_version_changes_with_your_companies():
    from tieup.ingest import extractor_version

    base = extractor_version(tieup.Options())
    mine = extractor_version(tieup.Options(user_companies=(("Zorbix", "", "supplier"),)))
    assert mine != base and mine.startswith(base + "+u")


@pytest.mark.model
def test_extract_with_a_company_file_and_no_list(tmp_path):
    comp = tmp_path / "mine.tsv"
    comp.write_text("Zorbix\t\tsupplier\n", encoding="utf-8")
    art = tmp_path / "a.txt"
    art.write_text(TEXT, encoding="utf-8")
    cmd = [sys.executable, "-m", "tieup.cli", "extract", str(art), "--companies", str(comp),
           "--no-prefilter"]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, check=True).stdout
    parties = [set(a["parties"]) for a in json.loads(out.splitlines()[0])["alliances"]]
    assert {"Ford", "Zorbix"} in parties, parties
    bad = subprocess.run(cmd[:-3] + ["--companies", str(tmp_path / "missing.tsv")],
                         capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2 and "missing.tsv" in bad.stderr


def test_companies_add_on_the_command_line(tmp_path):
    db = str(tmp_path / "t.db")
    tieup.Store(db).close()
    cmd = [sys.executable, "-m", "tieup.cli", "companies", "add", "Zorbix", "--alias", "ZBX",
           "--kind", "supplier", "--db", db]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert "added your company Zorbix (also: ZBX)" in out.stdout
    store = tieup.Store(db)
    assert store.user_companies() == (("Zorbix", "ZBX", "supplier"),)
    store.close()
