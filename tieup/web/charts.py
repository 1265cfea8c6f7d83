"""Charts drawn on the server as SVG geometry (no script, no CDN): the templates draw the
shapes; every label is HTML beside the SVG, so it keeps its size on a phone.

months: alliances per month as bars (months without any included, so the axis is time).
dots: dated claims of one alliance on a time axis.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..dates import sort_key

# months shown at most (the most recent; a longer history is summed in the note) and at
# least (a short history is drawn on a year, so one month is no wall of colour)
MONTHS_SHOWN, MONTHS_MIN = 60, 12
WIDTH, HEIGHT = 1000, 120


def _month_range(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    ly, lm = int(last[:4]), int(last[5:7])
    out = []
    while (y, m) <= (ly, lm):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _is_month(s: Any) -> bool:
    return isinstance(s, str) and len(s) == 7 and s[:4].isdigit() and s[4] == "-" and s[5:].isdigit()


def months(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Bars for ``Queries.per_month`` rows: ``{"bars", "max", "first", "last", "hidden",
    "total", "undated"}`` (undated alliances are counted, not drawn)."""
    counts = {r["month"]: r for r in rows if _is_month(r["month"])}
    # undated alliances are on no month: counted apart, never at their ingest month
    undated = sum(r["alliances"] for r in rows if r["month"] is None)
    if not counts:
        return {"bars": [], "max": 0, "first": None, "last": None, "hidden": 0, "total": 0,
                "undated": undated}
    first, last = min(counts), max(counts)
    y, mo = int(last[:4]), int(last[5:7]) - (MONTHS_MIN - 1)
    while mo < 1:
        y, mo = y - 1, mo + 12
    every = _month_range(min(first, f"{y:04d}-{mo:02d}"), last)
    shown = every[-MONTHS_SHOWN:]
    hidden = sum(counts[m]["alliances"] for m in every[:-MONTHS_SHOWN] if m in counts)
    top = max(counts[m]["alliances"] for m in shown if m in counts) if any(m in counts for m in shown) else 0
    step = WIDTH / len(shown)
    bars = []
    for i, m in enumerate(shown):
        n = counts[m]["alliances"] if m in counts else 0
        h = 0 if not top else round((HEIGHT - 4) * n / top, 1)
        bars.append({"month": m, "alliances": n, "stages": counts[m]["stages"] if m in counts else {},
                     "x": round(i * step + step * 0.1, 1), "width": round(step * 0.8, 1),
                     "y": round(HEIGHT - h, 1), "height": h})
    return {"bars": bars, "max": top, "first": shown[0], "last": shown[-1], "hidden": hidden,
            "total": sum(r["alliances"] for r in counts.values()), "undated": undated}


def dots(timeline: list[dict[str, Any]]) -> dict[str, Any]:
    """Positions (0-1000) of dated claims on a time axis, for the alliance page's SVG."""
    days = []
    for e in timeline:
        try:
            # a month or a year sits at the start of its period; undated claims stay off the axis
            days.append(date.fromisoformat(sort_key(e["date"])).toordinal() if e["date"] else None)
        except ValueError:
            days.append(None)
    known = [d for d in days if d is not None]
    lo, hi = (min(known), max(known)) if known else (0, 0)
    points = []
    for e, d in zip(timeline, days, strict=True):
        if d is None:
            continue
        x = 500 if hi == lo else round(20 + 960 * (d - lo) / (hi - lo))
        points.append({"x": x, "date": e["date"], "stage": e["stage"], "claim": e["claim"],
                       "article": e["article"]})
    return {"points": points, "start": date.fromordinal(lo).isoformat() if known else None,
            "end": date.fromordinal(hi).isoformat() if known else None}
