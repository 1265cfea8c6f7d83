"""Highlighting: article text cut into labelled segments for the templates to escape and mark.

find: the spans worth marking in an article: every claim's evidence sentences, the
parties' names, the outlets credited, whom they cite, and denial cue words inside the
evidence (from the same lexicon the extractor uses).
write: the text cut at every span boundary into segments, each with the kinds and
labels of the spans covering it. Nothing here builds HTML: the templates escape every
segment, so a text can never inject markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .. import lexicons
from ..queries import HIT_END, HIT_START

# characters of article text shown either side of an evidence span on the alliance page;
# about one sentence of news prose either side (sentences in the dev set average ~150)
CONTEXT_CHARS = 160


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    kind: str  # evidence | party | outlet | cites | deny
    label: str


@dataclass
class Segment:
    text: str
    kinds: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    # labels of the marks that begin here: said once, to screen readers, where a mark opens
    starts: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "kinds": self.kinds, "labels": self.labels, "starts": self.starts}


def _occurrences(text: str, name: str, lo: int = 0, hi: int | None = None) -> list[tuple[int, int]]:
    if not name.strip():
        return []
    pat = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)")
    return [(m.start(), m.end()) for m in pat.finditer(text, lo, len(text) if hi is None else hi)]


def deny_marks(text: str, start: int, end: int) -> list[Mark]:
    """Denial cue words inside ``text[start:end]`` (the extractor's own lexicon)."""
    piece = text[start:end]
    cues = lexicons.cues()
    negated = [n for _, n in lexicons.all_hits(cues.deny_negated, piece)]
    out = []
    for rule, m in lexicons.all_hits(cues.deny, piece):
        if any(n.start() <= m.start() < n.end() for n in negated):
            continue
        out.append(Mark(start + m.start(), start + m.end(), "deny", f"denial cue ({rule})"))
    return out


def find(text: str, claims: list[dict[str, Any]]) -> list[Mark]:
    """Every span worth marking in an article, from its stored claims."""
    marks: list[Mark] = []
    names: dict[str, str] = {}
    outlets: set[str] = set()
    cites: set[str] = set()
    for c in claims:
        label = f"evidence: {c['alliance']} ({c['stage']}, {c['claim']})"
        for ev in c["evidence"]:
            s, e = int(ev["start"]), int(ev["end"])
            if 0 <= s < e <= len(text) and text[s:e] == ev["text"]:
                marks.append(Mark(s, e, "evidence", label))
                marks += deny_marks(text, s, e)
        for raw, canonical in zip(c["raw_parties"], c["parties"], strict=False):
            names[raw] = canonical
            names.setdefault(canonical, canonical)
        outlets.update(c["sources"])
        for link in c["attribution"]:
            outlets.add(link["outlet"])
            cites.add(link["cites"])
    for name, canonical in names.items():
        marks += [Mark(s, e, "party", f"party: {canonical}") for s, e in _occurrences(text, name)]
    marks += [Mark(s, e, "outlet", f"outlet: {o}") for o in outlets for s, e in _occurrences(text, o)]
    marks += [Mark(s, e, "cites", f"cited: {c}") for c in cites for s, e in _occurrences(text, c)]
    return marks


def write(text: str, marks: list[Mark], lo: int = 0, hi: int | None = None) -> list[Segment]:
    """``text[lo:hi]`` cut at every mark boundary; each piece lists the marks covering it."""
    hi = len(text) if hi is None else hi
    inside = [m for m in marks if m.start < hi and m.end > lo]
    cuts = sorted({lo, hi} | {max(lo, min(hi, p)) for m in inside for p in (m.start, m.end)})
    out = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        cover = [m for m in inside if m.start <= a and m.end >= b]
        kinds = sorted({m.kind for m in cover})
        labels = list(dict.fromkeys(m.label for m in cover))
        starts = list(dict.fromkeys(m.label for m in cover if m.start == a or (a == lo and m.start < lo)))
        out.append(Segment(text[a:b], kinds, labels, starts))
    return out


def _fits(text: str | None, span: dict[str, Any]) -> bool:
    s, e = int(span["start"]), int(span["end"])
    return text is not None and 0 <= s < e <= len(text) and text[s:e] == span["text"]


def in_contexts(text: str | None, spans: list[dict[str, Any]],
                context: int = CONTEXT_CHARS) -> list[dict[str, Any]]:
    """Each evidence span of one claim in its context, in text order, each stretch of
    text shown once: a span's context stops where its neighbour's begins, and a span
    that overlaps or abuts the previous one continues it instead of repeating it."""
    out = [{**sp, **in_context(text or "", sp, context)} for sp in spans if not _fits(text, sp)]
    if text is None:
        return out
    placed = sorted((sp for sp in spans if _fits(text, sp)), key=lambda sp: int(sp["start"]))
    prev_end = 0
    for i, sp in enumerate(placed):
        s, e = int(sp["start"]), int(sp["end"])
        if s < prev_end:  # overlaps the previous span: show only what it adds
            if e <= prev_end:
                continue
            sp = {**sp, "start": prev_end, "text": text[prev_end:e]}
            s = prev_end
        nxt = int(placed[i + 1]["start"]) if i + 1 < len(placed) else None
        out.append({**sp, **in_context(text, sp, context, prev_end, nxt),
                    "continues": bool(prev_end) and s - prev_end <= context})
        prev_end = e
    return out


def in_context(text: str, span: dict[str, Any], context: int = CONTEXT_CHARS,
               floor: int = 0, ceiling: int | None = None) -> dict[str, Any]:
    """One evidence span with ``context`` characters either side, cut at word boundaries,
    never before ``floor`` nor after ``ceiling`` (where the neighbouring spans are)."""
    s, e = int(span["start"]), int(span["end"])
    if not _fits(text, span):
        return {"before": "", "segments": [Segment(span["text"], ["evidence"]).to_dict()],
                "after": "", "cut_before": False, "cut_after": False}
    lo = max(floor, s - context)
    hi = min(len(text) if ceiling is None else ceiling, e + context)
    while lo > floor and not text[lo - 1].isspace() and lo < s:
        lo += 1
    while hi < len(text) and hi != ceiling and not text[hi].isspace() and hi > e:
        hi -= 1
    marks = [Mark(s, e, "evidence", "evidence")] + deny_marks(text, s, e)
    return {"before": text[lo:s], "segments": [g.to_dict() for g in write(text, marks, s, e)],
            "after": text[e:hi], "cut_before": lo > floor or (lo > 0 and not floor),
            "cut_after": hi < len(text) and hi != ceiling}


def snippet(marked: str) -> list[dict[str, Any]]:
    """An FTS5 snippet with hit markers, as segments (hits get kind "hit")."""
    out = []
    for i, piece in enumerate(re.split(f"[{HIT_START}{HIT_END}]", marked)):
        if piece:
            out.append(Segment(piece, ["hit"] if i % 2 else []).to_dict())
    return out
