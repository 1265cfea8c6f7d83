"""Reading inputs: formats, ids, and one clear error per bad input."""

from __future__ import annotations

import json

import pytest

import tieup
from tieup.read import ReadError, decode, read


def items(paths, **kw):
    return list(read([str(p) for p in paths], tieup.Options(**kw)))


def test_txt_id_is_the_file_stem(tmp_path):
    p = tmp_path / "story-1.txt"
    p.write_text("Ford and Geely are in talks.", encoding="utf-8")
    (a,) = items([p])
    assert a.id == "story-1" and a.text.startswith("Ford")


def test_jsonl_keeps_ids_and_metadata(tmp_path):
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"id": "x1", "text": "Some text.", "published": "2026-01-02T10:00",
                             "title": "T"}) + "\n\n", encoding="utf-8")
    (a,) = items([p])
    assert (a.id, a.published, a.title) == ("x1", "2026-01-02", "T")


def test_malformed_jsonl_lines_name_the_line_and_the_rest_goes_on(tmp_path):
    p = tmp_path / "b.jsonl"
    p.write_text('{"id": "ok1", "text": "fine"}\n{not json\n[1, 2]\n{"id": "ok2", "text": "also"}\n',
                 encoding="utf-8")
    out = items([p])
    assert [getattr(o, "id", None) for o in out] == ["ok1", None, None, "ok2"]
    errors = [o for o in out if isinstance(o, ReadError)]
    assert errors[0].source.endswith("b.jsonl:2") and "JSON" in errors[0].message
    assert errors[1].source.endswith("b.jsonl:3")


@pytest.mark.parametrize("data,word", [
    (b"", "empty"),
    (b"\x00\x01\x02binary\x00" * 10, "binary"),
    (b"\x81\x8d\x8f\x90\x9d" * 10, "not valid"),
])
def test_bad_files_get_one_error(tmp_path, data, word):
    p = tmp_path / "bad.txt"
    p.write_bytes(data)
    (e,) = items([p])
    assert isinstance(e, ReadError) and word in e.message and "bad.txt" in e.source


def test_encodings_that_can_be_read_are_read():
    assert decode("Société Générale".encode("utf-16")) == "Société Générale"
    assert decode("Société".encode("cp1252")) == "Société"
    assert decode("\ufeffFord".encode()) == "Ford"


def test_too_large_is_refused(tmp_path):
    p = tmp_path / "big.txt"
    p.write_text("word " * 1000, encoding="utf-8")
    (e,) = items([p], max_bytes=100)
    assert isinstance(e, ReadError) and "too large" in e.message


def test_missing_path_and_folders(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("B text.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("A text.", encoding="utf-8")
    (tmp_path / "skip.bin").write_bytes(b"\x00")
    out = items([tmp_path, tmp_path / "nope.txt"])
    assert [getattr(o, "id", None) for o in out] == ["a", None, "sub/b", None]  # ids: paths in the folder
    assert out[1].level == "skipped" and out[1].source.endswith("skip.bin")
    assert isinstance(out[3], ReadError) and "no such file" in out[3].message


def test_html_main_text_via_trafilatura(tmp_path):
    body = " ".join(["Renault and Nissan signed a new agreement on electric vans."] * 5)
    html = (f"<html><head><title>Vans deal</title></head><body><nav>Menu Home About</nav>"
            f"<article><h1>Vans deal</h1><p>{body}</p><p>{body}</p></article></body></html>")
    p = tmp_path / "page.html"
    p.write_text(html, encoding="utf-8")
    (a,) = items([p])
    assert a.id == "page" and a.html and "Renault and Nissan" in a.text
