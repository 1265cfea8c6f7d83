"""The briefing: a readable Markdown summary of what changed, each line with its citations.

Sections: new alliances, stage changes, denials, disputed claims (a party confirms while
another denies, or the timeline holds both confirmations and denials).
"""

from __future__ import annotations

import re
from typing import Any

from .dates import sort_key
from .store import Store

_MD = re.compile(r"([\\`*_\[\]<>#|])")


def md(text: str) -> str:
    """Untrusted text made inert in Markdown."""
    return _MD.sub(r"\\\1", text)


def _names(a: dict[str, Any]) -> str:
    return " + ".join(md(p) for p in a["parties"])


def when(entry: dict[str, Any]) -> str:
    """A timeline entry's date as shown: its own precision, or "undated"."""
    return entry.get("date") or "undated"


def _cite(entry: dict[str, Any]) -> str:
    bits = [md(entry["article"]), md(entry.get("outlet") or "outlet unknown"), when(entry)]
    return "[" + ", ".join(bits) + "]"


def _cites(a: dict[str, Any], limit: int = 4) -> str:
    seen: dict[str, str] = {}
    for e in a["timeline"]:
        seen.setdefault(e["article"], _cite(e))
    out = list(seen.values())
    more = f" and {len(out) - limit} more" if len(out) > limit else ""
    return " ".join(out[:limit]) + more


def _state(a: dict[str, Any]) -> str:
    s = f"{a['stage']}, {a['claim']}"
    if a["first_reported_by"]:
        s += f"; first reported by {md(a['first_reported_by'])}"
    n = a["independent_reports"]
    s += f"; {n} independent report{'s' if n != 1 else ''}"
    if a["areas"]:
        s += "; " + ", ".join(x.replace("_", " ") for x in a["areas"])
    return s


def _activity(e: dict[str, Any]) -> str:
    """A claim's date for --since: undated claims never pass (they are listed apart)."""
    return sort_key(e["date"]) if e["date"] else ""


def build(store: Store, since: str | None = None) -> str:
    """The briefing as Markdown text."""
    alliances = store.alliances()
    lines = ["# tieup briefing", ""]
    since = sort_key(since) if since else None
    scope = f"since {since}" if since else "everything stored"
    counts = store.counts()
    lines += [f"_{scope}: {len(alliances)} alliances from {counts['articles']} articles_", ""]

    def recent(a: dict[str, Any]) -> bool:
        return since is None or any(_activity(e) >= since for e in a["timeline"])

    new = [a for a in alliances if since is None or (a["timeline"] and _activity(a["timeline"][0]) >= since)]
    changes = []
    for a in alliances:
        steps = []
        at = a["timeline"][0] if a["timeline"] else None
        for cur in a["timeline"][1:]:
            moves = cur.get("counted", True) and not (cur["stage"] == "ended"
                                                      and cur["claim"] == "denied")
            if at and moves and cur["stage"] != at["stage"]:
                if since is None or _activity(cur) >= since:
                    steps.append((at, cur))
                at = cur
        if steps:
            changes.append((a, steps))
    denials = [a for a in alliances if recent(a) and (a["denied_by"] or a["claim"] == "denied")]
    disputed = [a for a in alliances if recent(a) and (
        (a["confirmed_by"] and a["denied_by"])
        or {"confirmed", "denied"} <= {e["claim"] for e in a["timeline"]})]

    lines.append("## New alliances")
    lines += [f"- **{_names(a)}**: {_state(a)}. {_cites(a)}" for a in new] or ["- none"]
    lines += ["", "## Stage changes"]
    for a, steps in changes:
        for prev, cur in steps:
            lines.append(f"- **{_names(a)}**: {prev['stage']} → {cur['stage']} {_cite(prev)} → {_cite(cur)}")
    if not changes:
        lines.append("- none")
    lines += ["", "## Denials"]
    for a in denials:
        who = ", ".join(md(p) for p in a["denied_by"]) or "a party"
        what = (a.get("denied") or {}).get("what") or f"the {a['stage']} reported"
        lines.append(f"- **{_names(a)}**: {what} denied by {who}. {_cites(a)}")
    if not denials:
        lines.append("- none")
    lines += ["", "## Disputed claims"]
    for a in disputed:
        stance = ", ".join(f"{md(p)}: {s}" for p, s in a["stance"].items())
        lines.append(f"- **{_names(a)}**: {stance}. {_cites(a)}")
    if not disputed:
        lines.append("- none")
    undated = [a for a in alliances if a["timeline"] and not any(e["date"] for e in a["timeline"])]
    lines += ["", "## Undated (no article gives a date; not placed in time, never in --since)"]
    lines += [f"- **{_names(a)}**: {_state(a)}. {_cites(a)}" for a in undated] or ["- none"]
    return "\n".join(lines) + "\n"


def show_text(alliances: list[dict[str, Any]]) -> str:
    """Timelines for ``tieup show``: state, stance, and each claim with evidence and sources."""
    out = []
    for a in alliances:
        out.append(f"# {' + '.join(a['parties'])}")
        out.append(f"{_state(a)}")
        out.append("stance: " + ", ".join(f"{p}: {s}" for p, s in a["stance"].items()))
        out.append("")
        if a.get("denied"):
            d = a["denied"]
            out.append(f"denied: {d['what']}" + (f" (by {', '.join(d['by'])})" if d["by"] else ""))
        for e in a["timeline"]:
            src = ", ".join(e["sources"]) or "no outlet named"
            chain = "; ".join(f"{o} cites {c}" for o, c in e["cites"])
            line = (f"- {when(e)}  {e['article']}  {e.get('outlet') or 'outlet unknown'}  "
                    f"{e['stage']}/{e['claim']}  sources: {src}")
            if e.get("denied_what"):
                line += f"  (denied: {e['denied_what']})"
            if chain:
                line += f" ({chain})"
            if e["duplicate_of"]:
                line += f"  [copy of {e['duplicate_of']}]"
            out.append(line)
            for ev in e["evidence"][:2]:
                out.append(f"    > {ev['text'][:240]}")
        out.append("")
    return "\n".join(out)
