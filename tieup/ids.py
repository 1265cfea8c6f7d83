"""Stable ids of alliances and companies, which survive merges, aliases and reprocessing.

An alliance's id is ``al-`` and twelve hex digits of the SHA-256 of the key it was first
stored under; a company's is ``co-`` and the same of its first canonical name. So a store
built again from the same articles gives the same ids. When a correction moves an
alliance to another key (a party merged or aliased) its id follows it; when two alliances
become one, the one already there keeps its id and the other's id redirects to it: every
id ever given still finds its alliance (:func:`target`). An undone correction gives the
key back its own id. Articles keep the id they were stored with; a claim's id is
``ARTICLE_ID#N``, its position in the article's results.

Kept in ``stable_ids`` (migration ``0009_stable_ids``): ``(id, kind, target, canonical)``,
``target`` the key or company name it stands for, ``canonical`` 1 for the id a target shows.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable

PREFIX = {"alliance": "al-", "company": "co-"}


def make(kind: str, target: str) -> str:
    """The id a target gets when first stored (deterministic)."""
    return PREFIX[kind] + hashlib.sha256(target.encode("utf-8")).hexdigest()[:12]


def claim_id(article_id: str, idx: int) -> str:
    """A claim's id: its article's id and its position in that article's results."""
    return f"{article_id}#{idx}"


def ensure(db: sqlite3.Connection, kind: str, targets: Iterable[str]) -> None:
    """Give every target without one a canonical id: its own id if that id exists (an
    undone correction), else the oldest id redirected to it, else a new one."""
    for t in targets:
        if db.execute("SELECT 1 FROM stable_ids WHERE kind = ? AND target = ? AND canonical = 1",
                      (kind, t)).fetchone():
            continue
        own = make(kind, t)
        if db.execute("SELECT 1 FROM stable_ids WHERE id = ?", (own,)).fetchone():
            db.execute("UPDATE stable_ids SET target = ?, canonical = 1 WHERE id = ?", (t, own))
            continue
        old = db.execute("SELECT id FROM stable_ids WHERE kind = ? AND target = ? "
                         "ORDER BY rowid LIMIT 1", (kind, t)).fetchone()
        if old:
            db.execute("UPDATE stable_ids SET canonical = 1 WHERE id = ?", (old[0],))
        else:
            db.execute("INSERT INTO stable_ids (id, kind, target, canonical) VALUES (?, ?, ?, 1)",
                       (own, kind, t))


def redirect(db: sqlite3.Connection, kind: str, old: str, new: str) -> None:
    """Every id of ``old`` now stands for ``new`` (not as its canonical id, unless ``new``
    has none when :func:`ensure` runs)."""
    if old != new:
        db.execute("UPDATE stable_ids SET target = ?, canonical = 0 WHERE kind = ? AND target = ?",
                    (new, kind, old))


def follow(db: sqlite3.Connection, moves: dict[str, list[str]]) -> None:
    """After claims moved from alliance keys to others (``moves``: old key -> the key of
    each claim that left it): an alliance left with no claims has its ids redirected to
    where most of them went."""
    for old, went in moves.items():
        moved = [k for k in went if k != old]
        if moved and not db.execute("SELECT 1 FROM claims WHERE alliance_key = ?",
                                    (old,)).fetchone():
            new = max(sorted(set(moved)), key=moved.count)
            redirect(db, "alliance", old, new)


def target(db: sqlite3.Connection, sid: str) -> str | None:
    """The key or company name an id (canonical or redirected) stands for now."""
    row = db.execute("SELECT target FROM stable_ids WHERE id = ?", (sid,)).fetchone()
    return str(row[0]) if row else None


def of(db: sqlite3.Connection, kind: str, targets: Iterable[str]) -> dict[str, str]:
    """The canonical ids of these targets (those that have one)."""
    wanted = list(dict.fromkeys(targets))
    out: dict[str, str] = {}
    for i in range(0, len(wanted), 500):
        part = wanted[i:i + 500]
        out.update((t, sid) for sid, t in db.execute(
            f"SELECT id, target FROM stable_ids WHERE kind = ? AND canonical = 1 "
            f"AND target IN ({','.join('?' * len(part))})", [kind, *part]))
    return out


def backfill(db: sqlite3.Connection) -> None:
    """After migration 0008: every stored alliance and company gets its id."""
    ensure(db, "alliance", [r[0] for r in db.execute("SELECT key FROM alliances").fetchall()])
    ensure(db, "company", [r[0] for r in db.execute("SELECT name FROM companies").fetchall()])
