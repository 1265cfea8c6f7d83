"""Issue 16, bounded cost: batches sized by characters, long texts parsed in windows, a
cut noted, HTML parse work capped before parsing, only regular files read from folders,
empty inputs said so."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from badinput import DEAL

import tieup
from tieup import batching, nlp
from tieup.read import ReadError, Skipped, check_html, read


def test_windows_cover_the_text_within_the_size_at_line_or_sentence_ends():
    text = "\n".join(f"Paragraph {i}. " + "The plant opened on time. " * (i % 7 + 1) for i in range(300))
    for size in (50, 400, 5_000):
        pieces = batching.windows(text, size)
        assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
        assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:], strict=False))
        assert all(0 < e - s <= size for s, e in pieces)
        if size >= 400:
            assert all(text[e - 1] in "\n " for s, e in pieces[:-1])
    assert batching.windows("short", 100) == [(0, 5)]
    assert batching.windows("x" * 25, 10) == [(0, 10), (10, 20), (20, 25)]  # no break: cut hard


def test_groups_close_at_a_count_or_a_number_of_characters():
    sizes = [5, 5, 5, 30, 1, 1, 1, 1, 1]
    groups = list(batching.sized(sizes, 4, 12, lambda n: n))
    assert groups == [[5, 5], [5], [30], [1, 1, 1, 1], [1]]
    assert [x for g in groups for x in g] == sizes


def test_batches_are_sized_by_characters(monkeypatch):
    """A batch closes at batch_size articles or BATCH_CALLS * batch_chars characters; each
    spaCy call gets at most batch_chars characters (texts or windows of model_chars)."""
    from tieup import pipeline

    batches: list[int] = []
    calls: list[list[int]] = []
    real = batching.parse

    def parse(texts, options):
        batches.append(sum(map(len, texts)))
        return real(texts, options)

    def parse_many(texts, batch_size=32):  # spaCy's place, with the rule splitter
        calls.append([len(t) for t in texts])
        return [nlp.parse_rules(t) for t in texts]

    monkeypatch.setattr(batching, "parse", parse)
    monkeypatch.setattr(nlp, "parse_many", parse_many)
    arts = [tieup.Article(id=str(i), text=DEAL + " More words here." * (40 if i % 3 else 2000))
            for i in range(30)]
    opts = tieup.Options(prefilter=False, batch_chars=2_000, model_chars=1_000)
    out = list(tieup.extract_articles(arts, opts))
    assert [o.id for o in out] == [a.id for a in arts]
    assert len(batches) > 5 and max(batches) < pipeline.BATCH_CALLS * opts.batch_chars + max(
        len(a.text) for a in arts)
    assert max(max(c) for c in calls) <= opts.model_chars and max(map(sum, calls)) <= opts.batch_chars


@pytest.mark.model
def test_a_long_article_parsed_in_windows_finds_what_the_whole_does():
    para = ("Honda and LG Energy Solution are in talks about a battery plant, Reuters reported. "
            "The talks began last year.\n")
    filler = "The weather was mild and the markets were calm on the day.\n" * 60
    text = para + filler + para.replace("Honda", "Toyota").replace("LG Energy Solution", "Panasonic") + filler
    whole = tieup.extract(text)
    windowed = tieup.extract(text, options=tieup.Options(model_chars=1_000, batch_chars=2_000))
    key = lambda r: sorted(tuple(sorted(a.parties)) for a in r.alliances)  # noqa: E731
    assert key(windowed) == key(whole) and len(whole.alliances) == 2
    (parsed,) = batching.parse([text], tieup.Options(model_chars=1_000))
    assert isinstance(parsed, nlp.Parsed) and parsed.text == text
    assert all(text[e.start:e.end] == e.text for e in parsed.ents)
    assert all(0 <= s < e <= len(text) for s, e in parsed.sentences)


def test_a_text_cut_at_max_chars_is_noted(tmp_path, capsys):
    long = DEAL + " And then." * 50
    res = tieup.extract(long, options=tieup.Options(model=False, max_chars=200))
    assert res.notes and "cut to its first 200" in res.notes[0]
    p = tmp_path / "long.txt"
    p.write_text(long, encoding="utf-8")
    (out,) = tieup.extract_paths([str(p)], tieup.Options(model=False, max_chars=200))
    assert "max_chars" in out.notes[0] and "notes" not in out.to_dict()


@pytest.mark.parametrize("page,words", [
    ("<html><body><div " + " ".join(f'a{i}="v"' for i in range(20_000)) + ">x</div></body></html>",
     "attributes"),
    ("<html><body>" + "<p class='c'>x</p>" * 30_000 + "</body></html>", "tags and attributes"),
    ("<html><body><p>" + "x" * 6_000_000 + "</p></body></html>", "too large"),
])
def test_html_that_would_cost_minutes_is_refused_before_parsing(tmp_path, page, words):
    with pytest.raises(ValueError, match=words):
        check_html(page)
    p = tmp_path / "hostile.html"
    p.write_text(page, encoding="utf-8")
    (e,) = read([str(p)])
    assert isinstance(e, ReadError) and words in e.message


def test_an_ordinary_page_passes_the_html_caps():
    page = ("<html><head><title>t</title></head><body>" + "<div class='row' id='r'><a href='/x'>link</a>"
            "<p>Renault and Nissan signed a new agreement on electric vans.</p></div>" * 2_000 + "</body></html>")
    check_html(page)


@pytest.mark.skipif(not hasattr(os, "mkfifo") or not Path("/dev/zero").exists(), reason="POSIX only")
def test_fifos_and_device_symlinks_in_a_folder_are_skipped_not_waited_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(DEAL, encoding="utf-8")
    os.mkfifo(folder / "pipe.jsonl")
    (folder / "zero.jsonl").symlink_to("/dev/zero")
    code = ("import sys; from tieup.cli import main; "
            "sys.exit(main(['extract', '--no-model', sys.argv[1], '-o', sys.argv[2]]))")
    run = subprocess.run([sys.executable, "-c", code, str(folder), str(tmp_path / "out.jsonl")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "pipe.jsonl: skipped (a FIFO, not a regular file)" in run.stderr
    assert "zero.jsonl: skipped (a device, not a regular file (a symlink to it))" in run.stderr
    assert "1 ok, 2 skipped, 0 failed" in run.stderr
    (e,) = read(["/dev/zero"])
    assert isinstance(e, ReadError) and "a device" in e.message


def test_empty_inputs_are_said_so(tmp_path):
    (tmp_path / "zero.jsonl").write_bytes(b"")
    (tmp_path / "blank.jsonl").write_bytes(b"\n \n\n")
    (tmp_path / "blank16.jsonl").write_bytes("\n\n".encode("utf-16"))
    with gzip_open(tmp_path / "empty.jsonl.gz") as fh:
        fh.write(b"")
    (tmp_path / "nothing").mkdir()
    (tmp_path / "nothing" / "notes.bin").write_bytes(b"x")
    out = list(read([str(tmp_path / n) for n in ("zero.jsonl", "blank.jsonl", "blank16.jsonl",
                                                  "empty.jsonl.gz", "nothing")]))
    assert all(isinstance(o, ReadError) for o in out) and len(out) == 6
    assert ["empty" in o.message for o in out[:4]] == [True] * 4
    assert out[4].level == "skipped" and out[4].source.endswith("notes.bin")  # named, passed over
    assert "no inputs in this folder" in out[5].message and out[5].failed
    assert not [o for o in out if isinstance(o, Skipped)]


def gzip_open(path):
    import gzip

    return gzip.open(path, "wb")


def test_the_gate_reads_a_long_article_in_windows(monkeypatch):
    """The fast path's gate gets windows of model_chars too; a deal past the first window
    still lets the article through."""
    from tieup import prefilter

    seen: list[int] = []
    real = prefilter.select

    def select(texts, **kw):
        seen.extend(len(t) for t in texts)
        return real(texts, **kw)

    monkeypatch.setattr(prefilter, "select", select)
    text = "The weather was mild and the markets were calm on the day.\n" * 100 + DEAL
    (res,) = tieup.extract_articles([tieup.Article(id="long", text=text)],
                                    tieup.Options(model=False, model_chars=500))
    assert max(seen) <= 500 and len(seen) > 10
    assert [sorted(a.parties) for a in res.alliances] == [["Honda", "LG Energy Solution"]]


def test_windows_put_sentences_entities_and_tokens_back_in_place():
    text = "Ford sold cars.\nGeely bought Volvo.\n"
    first = nlp.Parsed(text[:16], [(0, 15)], [nlp.Ent(0, 4, "ORG", "Ford")],
                       [nlp.Tok(0, 4, "PROPN", "NNP", "nsubj", 1, "ford"),
                        nlp.Tok(5, 9, "VERB", "VBD", "ROOT", 1, "sell")])
    second = nlp.Parsed(text[16:], [(0, 18)], [nlp.Ent(13, 18, "ORG", "Volvo")],
                        [nlp.Tok(0, 5, "PROPN", "NNP", "nsubj", 1, "geely"),
                         nlp.Tok(6, 12, "VERB", "VBD", "ROOT", 1, "buy")])
    whole = batching._merge(text, [(0, first), (16, second)])
    assert whole.sentences == [(0, 15), (16, 34)]
    assert [text[e.start:e.end] for e in whole.ents] == ["Ford", "Volvo"]
    assert [text[t.start:t.end] for t in whole.tokens] == ["Ford", "sold", "Geely", "bought"]
    assert [t.head for t in whole.tokens] == [1, 1, 3, 3]
