"""Highlighting (find, write) and change events, alone: plain data in, plain data out."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tieup import changes
from tieup.web import highlight
from tieup.web.highlight import Mark

TEXT = "Geely denied a Reuters report that it was in talks with Renault."


def test_write_cuts_at_every_boundary_and_keeps_nesting():
    marks = [Mark(0, len(TEXT), "evidence", "evidence: A + B"), Mark(0, 5, "party", "party: Geely"),
             Mark(15, 22, "outlet", "outlet: Reuters")]
    segs = highlight.write(TEXT, marks)
    assert "".join(s.text for s in segs) == TEXT
    assert segs[0].text == "Geely" and segs[0].kinds == ["evidence", "party"]
    assert next(s for s in segs if s.text == "Reuters").labels == ["evidence: A + B", "outlet: Reuters"]


@given(st.text(max_size=60), st.lists(st.tuples(st.integers(0, 70), st.integers(0, 70)), max_size=6))
def test_write_never_loses_or_reorders_text(text, spans):
    marks = [Mark(min(a, b), max(a, b), "party", "p") for a, b in spans]
    assert "".join(s.text for s in highlight.write(text, marks)) == text


def test_find_marks_evidence_parties_outlets_cites_and_denials():
    claim = {"alliance": "Geely + Renault", "stage": "talks", "claim": "denied",
             "evidence": [{"start": 0, "end": len(TEXT), "text": TEXT}],
             "raw_parties": ["Geely", "Renault"], "parties": ["Geely", "Renault"],
             "sources": ["Reuters"], "attribution": [{"outlet": "Reuters", "cites": "a Reuters report"}]}
    kinds = {m.kind for m in highlight.find(TEXT, [claim])}
    assert kinds == {"evidence", "deny", "party", "outlet", "cites"}
    bad = dict(claim, evidence=[{"start": 0, "end": 5, "text": "other"}])  # stale span: not marked
    assert "evidence" not in {m.kind for m in highlight.find(TEXT, [bad])}


def test_context_stops_at_word_boundaries():
    text = "alpha beta gamma. Geely denied the report. delta epsilon zeta"
    s = text.index("Geely")
    ctx = highlight.in_context(text, {"start": s, "end": s + 24, "text": text[s:s + 24]}, context=8)
    assert ctx["before"] in ("gamma. ", " gamma. ") or ctx["before"].endswith(" ")
    assert not ctx["before"].startswith(("a. ", "mma"))
    assert ctx["cut_before"] and ctx["cut_after"]
    assert any("deny" in seg["kinds"] for seg in ctx["segments"])


def test_snippet_segments():
    segs = highlight.snippet("in \x02talks\x03 with \x02Geely\x03")
    assert [(s["text"], s["kinds"]) for s in segs] == [
        ("in ", []), ("talks", ["hit"]), (" with ", []), ("Geely", ["hit"])]


def _entry(article, date, stage, claim, denied=()):
    return {"article": article, "date": date, "date_kind": "published", "stage": stage,
            "claim": claim, "outlet": None, "denied_by": list(denied), "confirmed_by": []}


def test_changes_new_stage_denial_and_flip():
    a = {"key": "A + B", "parties": ["A", "B"], "timeline": [
        _entry("1", "2026-01-01", "talks", "reported"),
        _entry("2", "2026-01-05", "talks", "denied", ["B"]),
        _entry("3", "2026-02-01", "agreed", "confirmed")]}
    kinds = [(e["kind"], e["article"]) for e in changes.find(a)]
    assert kinds == [("new", "1"), ("denied", "2"), ("stage", "3"), ("confirmed", "3")]
    newest = changes.write([a], since="2026-01-05")
    assert [e["article"] for e in newest] == ["3", "3", "2"]
    assert changes.write([a], kinds=("denied",)) == [e for e in changes.find(a) if e["kind"] == "denied"]
