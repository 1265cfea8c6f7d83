"""Finding 5 of issue 13: JSON arrays, CSV with a header and field-mapped JSON Lines are
read; anything else in a folder is counted and named as skipped; stdin streams like files."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import ROOT

from tieup.cli import main

TALKS = "Ford and Geely are in talks about sharing a plant, Reuters reported."
SIGNED = "Toyota and Panasonic signed a battery supply agreement, the companies said."


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, [json.loads(line) for line in out.splitlines()], err


def test_a_folder_of_json_and_csv_is_read_and_other_files_are_named(tmp_path, capsys):
    (tmp_path / "a.json").write_text(json.dumps([{"id": "j1", "text": TALKS, "published": "2026-01-10"},
                                                 {"id": "j2", "text": SIGNED}]), encoding="utf-8")
    (tmp_path / "b.csv").write_text(f'id,title,text,published\nc1,Deal,"{SIGNED}","March 2, 2026"\n',
                                    encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    code, _, lines, err = run(capsys, "extract", "--no-model", tmp_path)
    assert code == 0
    assert [(d["id"], d["published"]) for d in lines] == [
        ("j1", "2026-01-10"), ("j2", None), ("c1", "2026-03-02")]
    assert lines[2]["title"] == "Deal" and lines[2]["alliances"][0]["parties"] == ["Toyota", "Panasonic"]
    assert "notes.pdf: not an input tieup reads (.pdf;" in err
    assert "3 ok, 1 skipped, 0 failed" in err


def test_a_json_array_is_articles_not_one_text_titled_bracket(tmp_path, capsys):
    p = tmp_path / "list.json"
    p.write_text(json.dumps([{"id": "x", "text": TALKS}, {"id": "y"}]), encoding="utf-8")
    code, _, lines, err = run(capsys, "extract", "--no-model", p)
    assert [d["id"] for d in lines] == ["x"] and lines[0]["title"] != "["
    assert "list.json:item 2: no text" in err and code == 1


def test_news_api_fields_are_read_by_default_and_by_mapping(tmp_path, capsys):
    p = tmp_path / "api.jsonl"
    p.write_text(json.dumps({"uri": "8012", "body": TALKS, "dateTime": "2026-03-02T10:00:00Z",
                             "headline": "Talks"}) + "\n", encoding="utf-8")
    code, _, lines, _ = run(capsys, "extract", "--no-model", p)
    assert code == 0 and (lines[0]["id"], lines[0]["published"], lines[0]["title"]) == (
        "8012", "2026-03-02", "Talks")
    q = tmp_path / "odd.jsonl"
    q.write_text(json.dumps({"key": "k1", "story": TALKS, "when": "2 Mar 2026", "head": "H",
                             "link": "https://www.ft.com/x"}) + "\n", encoding="utf-8")
    code, _, lines, err = run(capsys, "extract", "--no-model", q)
    assert code == 1 and "--id-field / --text-field" in err
    code, _, lines, _ = run(capsys, "extract", "--no-model", q, "--id-field", "key", "--text-field",
                            "story", "--date-field", "when", "--title-field", "head")
    assert code == 0 and (lines[0]["id"], lines[0]["published"], lines[0]["title"]) == (
        "k1", "2026-03-02", "H")


def test_field_mapping_reaches_the_store(tmp_path, capsys):
    p = tmp_path / "odd.jsonl"
    p.write_text(json.dumps({"key": "k1", "story": TALKS, "address": "https://www.ft.com/x"}) + "\n")
    db = tmp_path / "t.db"
    code, *_ = run(capsys, "ingest", "--db", db, "--no-model", "-q", p, "--id-field", "key",
                   "--text-field", "story", "--url-field", "address")
    from tieup.store import Store

    s = Store(db)
    art = s.article("k1")
    assert code == 0 and (art["url"], art["outlet"]) == ("https://www.ft.com/x", "ft.com")
    s.close()


def test_jsonl_on_stdin_streams_past_the_size_cap(tmp_path):
    """Over 32 MB of JSON Lines on stdin failed as "too large"; files stream, so does stdin."""
    line = json.dumps({"id": "pad", "text": "Nothing to see here. " * 2000}) + "\n"
    n = 33_000_000 // len(line) + 1
    p = tmp_path / "big.jsonl"
    with p.open("w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(line.replace('"pad"', f'"p{i}"'))
        fh.write(json.dumps({"id": "last", "text": TALKS}) + "\n")
    assert p.stat().st_size > 32_000_000
    code = "import sys, tieup.cli; sys.exit(tieup.cli.main(['extract', '--no-model', '-q', '-']))"
    with p.open("rb") as stdin:
        done = subprocess.run([sys.executable, "-c", code], stdin=stdin, capture_output=True,
                              cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    ids = [json.loads(x)["id"] for x in done.stdout.decode().splitlines()]
    assert len(ids) == n + 1 and ids[-1] == "last"
