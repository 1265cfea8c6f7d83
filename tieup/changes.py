"""Changes: the events an analyst wants to hear about, read off alliances' timelines.

find: walk each alliance's timeline in order (the order :mod:`tieup.track` gives it) and
note where something changed: the first claim (a new alliance), a claim whose stage
differs from the one before (a stage change), a denial, and a confirmation after a
denial or a denial after a confirmation (the claim flips).
write: one event dict per change, newest first, each naming its alliance, article and
outlet so it can be cited. The briefing, the web app's home page and ``tieup changes``
all read these events.
"""

from __future__ import annotations

from typing import Any

from .dates import sort_key

KINDS = ("new", "stage", "denied", "confirmed")


def _event(kind: str, a: dict[str, Any], e: dict[str, Any], before: str | None,
           after: str) -> dict[str, Any]:
    return {"kind": kind, "alliance": a["key"], "parties": a["parties"], "date": e["date"],
            "date_kind": e["date_kind"], "from": before, "to": after, "article": e["article"],
            "outlet": e["outlet"], "denied_by": e["denied_by"], "confirmed_by": e["confirmed_by"],
            "denied_what": e.get("denied_what")}


def identity(event: dict[str, Any]) -> tuple[Any, ...]:
    """What makes two events the same change (a re-derived timeline repeats old ones)."""
    return (event["kind"], event["alliance"], event["article"], event["from"], event["to"])


def find(alliance: dict[str, Any]) -> list[dict[str, Any]]:
    """The changes in one alliance's timeline, oldest first."""
    out: list[dict[str, Any]] = []
    timeline = alliance.get("timeline") or []
    claim: str | None = None
    stage: str | None = None
    for i, e in enumerate(timeline):
        # an undated claim behind the dated state is older news (R2 of tieup.track): it
        # moves nothing; a denied end ends nothing (R3)
        moves = e.get("counted", True) and not (e["stage"] == "ended" and e["claim"] == "denied")
        if i == 0:
            out.append(_event("new", alliance, e, None, e["stage"]))
            stage = e["stage"]
        elif moves and e["stage"] != stage:
            out.append(_event("stage", alliance, e, stage, e["stage"]))
            stage = e["stage"]
        if e["claim"] == "denied" or e["denied_by"]:
            out.append(_event("denied", alliance, e, claim, "denied"))
            claim = "denied"
        elif e["claim"] == "confirmed":
            if claim == "denied":
                out.append(_event("confirmed", alliance, e, claim, "confirmed"))
            claim = "confirmed"
    return out


def write(alliances: list[dict[str, Any]], since: str | None = None,
          kinds: tuple[str, ...] = KINDS, limit: int | None = None) -> list[dict[str, Any]]:
    """Every change of these alliances on or after ``since``, newest first."""
    return select([ev for a in alliances for ev in find(a)], since, kinds, limit)


def select(events: list[dict[str, Any]], since: str | None = None,
           kinds: tuple[str, ...] = KINDS, limit: int | None = None) -> list[dict[str, Any]]:
    """The events of these kinds on or after ``since``, newest first, at most ``limit``."""
    start = sort_key(since) if since else None
    events = [ev for ev in events
              if ev["kind"] in kinds and (start is None or (ev["date"] and sort_key(ev["date"]) >= start))]
    # undated events never pass --since and come after every dated one, apart
    events.sort(key=lambda ev: (ev["date"] is not None, sort_key(ev["date"]), ev["alliance"],
                                KINDS.index(ev["kind"])), reverse=True)
    return events[:limit] if limit is not None else events
