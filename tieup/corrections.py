"""The user's corrections: alias a name, merge two companies, reject an alliance; each
checked, previewable, logged and undoable. Mixed into :class:`tieup.store.Store`.

- Names must be companies the store knows (a name, or one of its aliases): a typo is
  refused with the nearest known names (:class:`UnknownCompany`), never made a company.
- ``dry_run=True`` does the correction in a transaction, reports what it would change
  (alliances gone, new, changed; claims moved) and rolls it back.
- Every correction is a row of ``corrections`` with what undoing it needs; ``undo(id)``
  puts back what it changed and marks it undone. Corrections survive re-ingest and
  ``reprocess`` (they live in the alias and rejection tables, not in the claims).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

from . import ids, lexicons, resolve
from .queries import alliance_key

# nearest known names offered for an unknown one, and the least rapidfuzz WRatio for one
SUGGEST, SUGGEST_MIN = 3, 80


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class UnknownCompany(LookupError):
    """A name the store does not know; ``suggestions`` are the nearest known names."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        self.name, self.suggestions = name, suggestions
        near = (f"; nearest known: {', '.join(suggestions)}" if suggestions
                else "; tieup companies lists the known names")
        super().__init__(f"no company {name!r} in the store{near}")

    def __str__(self) -> str:
        return str(self.args[0])


class CorrectionError(ValueError):
    """A correction that cannot be made as asked (the message says why)."""


class _DryRun(Exception):
    pass


class Corrections:
    db: sqlite3.Connection
    _names: dict[str, str]
    atomic: Callable[[], AbstractContextManager[None]]
    resolve: Callable[[str], str]
    _company_id: Callable[..., int]
    _rekey: Callable[[], None]
    _refresh: Callable[[Iterable[str]], list[dict[str, Any]]]

    # -- known names --------------------------------------------------------------------
    def known(self, name: str) -> str | None:
        """The company a name stands for when the store or the shipped gazetteer knows it
        (nothing is recorded)."""
        row = self.db.execute("SELECT c.name FROM aliases a JOIN companies c ON c.id = a.company_id"
                              " WHERE a.key = ?", (resolve.key(name) or name,)).fetchone()
        if row is None:
            row = self.db.execute("SELECT name FROM companies WHERE name = ?", (name,)).fetchone()
        if row is not None:
            return str(row[0])
        hit = resolve.gazetteer_lookup(name)
        return hit[0] if hit else None

    def suggest(self, name: str, limit: int = SUGGEST, *, stored: bool = False) -> list[str]:
        """The known companies whose name or an alias is nearest to ``name`` (``stored``:
        only companies in the store, not the gazetteer's others)."""
        from rapidfuzz import fuzz, process, utils

        names: dict[str, str] = {}
        for alias, company in self.db.execute(
                "SELECT a.alias, c.name FROM aliases a JOIN companies c ON c.id = a.company_id"):
            names.setdefault(alias, company)
        for (company,) in self.db.execute("SELECT name FROM companies"):
            names.setdefault(company, company)
        for alias, entry in () if stored else lexicons.companies().entries.items():
            if not entry.is_jv and entry.kind != "government":
                names.setdefault(alias, entry.party)
        hits = process.extract(name, list(names), scorer=fuzz.WRatio, limit=limit * 4,
                               processor=utils.default_process, score_cutoff=SUGGEST_MIN)
        return list(dict.fromkeys(names[h[0]] for h in hits))[:limit]

    def require(self, name: str, *, stored: bool = False) -> str:
        """The company ``name`` stands for; raises :class:`UnknownCompany` when unknown
        (``stored``: unless the store holds it; a query filter on a company the store has
        never seen answers nothing, so it is refused like a typo)."""
        found = self.known(name)
        if found is not None and stored and not self.db.execute(
                "SELECT 1 FROM companies WHERE name = ?", (found,)).fetchone():
            found = None
        if found is None:
            raise UnknownCompany(name, self.suggest(name, stored=stored))
        return found

    # -- the log ------------------------------------------------------------------------
    def corrections(self) -> list[dict[str, Any]]:
        """Every correction, oldest first, with whether it was undone."""
        rows = self.db.execute("SELECT id, kind, name, target, created_at, undone_at FROM "
                               "corrections ORDER BY id").fetchall()
        return [{"id": r[0], "kind": r[1], "name": r[2], "target": r[3], "created_at": r[4],
                 "undone_at": r[5]} for r in rows]

    def _log(self, kind: str, name: str, target: str, undo: dict[str, Any]) -> int:
        cur = self.db.execute("INSERT INTO corrections (kind, name, target, created_at, undo) "
                              "VALUES (?, ?, ?, ?, ?)", (kind, name, target, _now(), json.dumps(undo)))
        return int(cur.lastrowid or 0)

    # -- previews -----------------------------------------------------------------------
    def _snapshot(self) -> tuple[dict[str, tuple[str, str]], dict[int, str]]:
        alliances = {r[0]: (r[1], r[2]) for r in self.db.execute(
            "SELECT key, stage, claim FROM alliances WHERE rejected = 0")}
        claims = {r[0]: r[1] for r in self.db.execute("SELECT id, alliance_key FROM claims")}
        return alliances, claims

    def _run(self, dry_run: bool, report: dict[str, Any],
             change: Callable[[], Iterator[None]]) -> dict[str, Any]:
        """Run ``change`` in one transaction, noting what it changed; roll back a dry run."""
        before = self._snapshot()
        try:
            with self.atomic():
                for _ in change():
                    pass
                after = self._snapshot()
                if dry_run:
                    raise _DryRun
        except _DryRun:
            self._names.clear()
        a0, c0 = before
        a1, c1 = after
        report["dry_run"] = dry_run
        report["changes"] = {
            "alliances_gone": sorted(set(a0) - set(a1)),
            "alliances_new": sorted(set(a1) - set(a0)),
            "alliances_changed": sorted(k for k in set(a0) & set(a1) if a0[k] != a1[k]),
            "claims_moved": sum(1 for i, k in c1.items() if c0.get(i) != k),
        }
        if dry_run:
            report["id"] = None
        return report

    # -- corrections --------------------------------------------------------------------
    def alias(self, name: str, canonical: str, *, dry_run: bool = False) -> dict[str, Any]:
        """Record that ``name`` is the known company ``canonical``."""
        target = self.require(canonical)
        k = resolve.key(name) or name
        if self.known(name) == target:
            raise CorrectionError(f"{name!r} is already {target}")
        report: dict[str, Any] = {"kind": "alias", "name": name, "target": target}

        def change() -> Iterator[None]:
            cid = self._company_id(self.resolve(target))
            old = self.db.execute("SELECT a.alias, a.source, c.id, c.name, c.kind FROM aliases a "
                                  "JOIN companies c ON c.id = a.company_id WHERE a.key = ?",
                                  (k,)).fetchone()
            self._put_alias(k, name, cid, "user")
            report["id"] = self._log("alias", name, target, {
                "key": k, "old": None if old is None else
                {"alias": old[0], "source": old[1], "company": old[3], "kind": old[4]}})
            if old and old[2] != cid:
                self._drop_if_empty(int(old[2]))
                if not self.db.execute("SELECT 1 FROM companies WHERE id = ?", (old[2],)).fetchone():
                    ids.redirect(self.db, "company", old[3], target)
            self._names.clear()
            self._rekey()
            yield

        return self._run(dry_run, report, change)

    def merge(self, keep: str, other: str, *, dry_run: bool = False) -> dict[str, Any]:
        """Merge the known company ``other`` into ``keep``: all its names become ``keep``'s."""
        a_name, b_name = self.require(keep), self.require(other)
        if a_name == b_name:
            raise CorrectionError(f"{keep!r} and {other!r} are already one company ({a_name})")
        report: dict[str, Any] = {"kind": "merge", "name": b_name, "target": a_name}

        def change() -> Iterator[None]:
            a, b = self._company_id(self.resolve(a_name)), self._company_id(self.resolve(b_name))
            kind = self.db.execute("SELECT kind FROM companies WHERE id = ?", (b,)).fetchone()[0]
            moved = [list(r) for r in self.db.execute(
                "SELECT key, source FROM aliases WHERE company_id = ?", (b,))]
            report["id"] = self._log("merge", b_name, a_name,
                                     {"company": b_name, "kind": kind, "aliases": moved})
            self.db.execute("UPDATE aliases SET company_id = ?, source = 'user' WHERE company_id = ?",
                            (a, b))
            self._drop_if_empty(b)
            ids.redirect(self.db, "company", b_name, a_name)
            self._names.clear()
            self._rekey()
            yield

        return self._run(dry_run, report, change)

    def _put_alias(self, key: str, alias: str, company_id: int, source: str) -> None:
        # delete then insert (not INSERT OR REPLACE, whose delete fires no trigger): the
        # alias search index (aliases_fts) follows
        self.db.execute("DELETE FROM aliases WHERE key = ?", (key,))
        self.db.execute("INSERT INTO aliases VALUES (?, ?, ?, ?)", (key, alias, company_id, source))

    def _drop_if_empty(self, company_id: int) -> None:
        if not self.db.execute("SELECT 1 FROM aliases WHERE company_id = ?", (company_id,)).fetchone():
            self.db.execute("DELETE FROM companies WHERE id = ?", (company_id,))

    def reject(self, parties: list[str], article_id: str | None = None, *,
               dry_run: bool = False) -> dict[str, Any]:
        """Reject a stored alliance of known companies (or one article's claim about it)."""
        if len(parties) < 2:
            raise CorrectionError("an alliance has two parties or more")
        names = sorted({self.require(p) for p in parties})
        k = alliance_key(names)
        if len(names) < 2:
            raise CorrectionError(f"{' and '.join(map(repr, parties))} are one company ({names[0]})")
        if not self.db.execute("SELECT 1 FROM alliances WHERE key = ?", (k,)).fetchone():
            raise CorrectionError(f"no alliance {k} in the store")
        if article_id and not self.db.execute("SELECT 1 FROM claims WHERE alliance_key = ? AND "
                                              "article_id = ?", (k, article_id)).fetchone():
            raise CorrectionError(f"article {article_id!r} makes no claim about {k}")
        report: dict[str, Any] = {"kind": "reject", "name": k, "target": article_id or ""}

        def change() -> Iterator[None]:
            old = self.db.execute("SELECT parties, created_at FROM rejections WHERE alliance_key = ?"
                                  " AND article_id = ?", (k, article_id or "")).fetchone()
            self.db.execute("INSERT OR REPLACE INTO rejections VALUES (?, ?, ?, ?)",
                            (k, article_id or "", json.dumps(names), _now()))
            report["id"] = self._log("reject", k, article_id or "", {
                "alliance_key": k, "article_id": article_id or "",
                "old": None if old is None else list(old)})
            self._refresh({k})
            yield

        return self._run(dry_run, report, change)

    # -- the user's own companies, which extraction reads -------------------------------
    def add_company(self, name: str, aliases: Iterable[str] = (), kind: str = "company", *,
                    dry_run: bool = False) -> dict[str, Any]:
        """Teach extraction a company: ``name`` (and its ``aliases``) is found in the next
        ``extract``/``ingest`` through this store and in ``reprocess``. Logged and undoable."""
        name = name.strip()
        names = [a.strip() for a in aliases if a.strip() and a.strip() != name]
        if not name or any(c in name + "".join(names) for c in "\t\n|"):
            raise CorrectionError("a company name or alias must be non-empty, with no tab, line "
                                  "break or '|'")
        if self.db.execute("SELECT 1 FROM user_companies WHERE name = ?", (name,)).fetchone():
            raise CorrectionError(f"{name!r} is already one of your companies")
        report: dict[str, Any] = {"kind": "add", "name": name, "target": "|".join(names)}

        def change() -> Iterator[None]:
            self.db.execute("INSERT INTO user_companies VALUES (?, ?, ?, ?)",
                            (name, "|".join(names), kind or "company", _now()))
            report["id"] = self._log("add", name, "|".join(names), {"name": name})
            yield

        return self._run(dry_run, report, change)

    def user_companies(self) -> tuple[tuple[str, ...], ...]:
        """What extraction learns from this store (``Options.user_companies`` rows): the
        companies you added, and the aliases you gave known companies."""
        rows = [tuple(r) for r in self.db.execute(
            "SELECT name, aliases, kind FROM user_companies ORDER BY name")]
        rows += [(r[1], r[0], r[2]) for r in self.db.execute(
            "SELECT a.alias, c.name, c.kind FROM aliases a JOIN companies c ON c.id = a.company_id "
            "WHERE a.source = 'user' ORDER BY a.key")]
        return tuple(rows)

    def undo(self, correction_id: int, *, dry_run: bool = False) -> dict[str, Any]:
        """Put back what correction ``correction_id`` changed, and mark it undone."""
        row = self.db.execute("SELECT kind, name, target, undo, undone_at FROM corrections "
                              "WHERE id = ?", (correction_id,)).fetchone()
        if row is None:
            raise CorrectionError(f"no correction {correction_id} (list them with tieup corrections)")
        kind, name, target, data, undone = row
        if undone:
            raise CorrectionError(f"correction {correction_id} was already undone at {undone}")
        if not data:
            raise CorrectionError(f"correction {correction_id} predates the undo log; correct it "
                                  "by hand")
        undo = json.loads(data)
        report: dict[str, Any] = {"kind": f"undo {kind}", "name": name, "target": target,
                                  "undoes": correction_id}

        def change() -> Iterator[None]:
            if kind == "add":
                self.db.execute("DELETE FROM user_companies WHERE name = ?", (undo["name"],))
            elif kind == "alias":
                old = undo["old"]
                if old is None:
                    self.db.execute("DELETE FROM aliases WHERE key = ?", (undo["key"],))
                else:
                    cid = self._company_id(old["company"], old["kind"])
                    self._put_alias(undo["key"], old["alias"], cid, old["source"])
                self._names.clear()
                self._rekey()
            elif kind == "merge":
                cid = self._company_id(undo["company"], undo["kind"])
                self.db.executemany("UPDATE aliases SET company_id = ?, source = ? WHERE key = ?",
                                    [(cid, source, k) for k, source in undo["aliases"]])
                self._names.clear()
                self._rekey()
            else:
                self.db.execute("DELETE FROM rejections WHERE alliance_key = ? AND article_id = ?",
                                (undo["alliance_key"], undo["article_id"]))
                if undo["old"] is not None:
                    self.db.execute("INSERT INTO rejections VALUES (?, ?, ?, ?)",
                                    (undo["alliance_key"], undo["article_id"], *undo["old"]))
                self._refresh({undo["alliance_key"]})
            self.db.execute("UPDATE corrections SET undone_at = ? WHERE id = ?",
                            (_now(), correction_id))
            report["id"] = correction_id
            yield

        return self._run(dry_run, report, change)
