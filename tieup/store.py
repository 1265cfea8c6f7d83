"""The store: one class over SQLite holding articles, companies, claims and alliances.

Articles keep their text; each claim records the extractor version that made it;
alliances are derived from claims by :mod:`tieup.track` and kept up to date on every
write. The user's corrections (aliases, merges, rejections) live in their own tables and
survive re-ingesting and reprocessing. Tests use ``Store(":memory:")``.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import changes, dedup, ids, opening, resolve, track
from .corrections import Corrections
from .dates import repair, sort_key
from .feedstate import FeedState
from .migrations import MIGRATIONS, statements
from .model import Article, ArticleResult
from .opening import StoreError, store_problem
from .options import Options
from .queries import TIMELINE_FIELDS, Queries, alliance_key, key_parties
from .rows import CompanyRow
from .stance import who_said
from .urls import outlet_of

# the number of unrejected alliances of the company ``companies.name`` (kept in a column)
ALLIANCE_COUNT = ("(SELECT COUNT(*) FROM alliance_companies ac JOIN alliances al ON al.key = ac.key "
                  "WHERE ac.company = companies.name AND al.rejected = 0)")
# evidence spans kept per claim in an alliance's timeline (the full list stays in the claim)
TIMELINE_EVIDENCE = 4


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IngestEvent:
    """What happened to one input: added, unchanged, replaced, skipped or failed."""

    source: str
    status: str
    article_id: str | None = None
    message: str = ""
    duplicate_of: str | None = None
    # change events this article caused (new alliance, stage change, denial, ...), as
    # :mod:`tieup.changes` writes them: what ``tieup watch`` alerts on
    changes: tuple[dict[str, Any], ...] = ()


class Store(Queries, FeedState, Corrections):
    """``Store(path)``: open (creating and migrating) the SQLite store at ``path``.

    ``create=False`` refuses a path where no store is (the read commands: a typo in
    ``--db`` must not make an empty store that answers nothing). ``readonly=True`` opens
    an existing store for reading only (the web app); it refuses a store that needs
    migrating. A file that is not an SQLite store, or one locked past the busy timeout,
    is a :class:`StoreError`. The read-side queries live in :class:`tieup.queries.Queries`,
    the user's corrections in :class:`tieup.corrections.Corrections`.
    """

    def __init__(self, path: str | Path = "tieup.db", *, readonly: bool = False,
                 create: bool = True) -> None:
        self.path = str(path)
        self.readonly = readonly
        if self.path != ":memory:" and not Path(self.path).is_file() and (readonly or not create):
            raise StoreError(f"{self.path}: no store there (create one with tieup ingest)")
        self._depth = 0
        self._names: dict[str, str] = {}
        self.db = opening.connect(self.path, readonly=readonly)
        try:
            if readonly:
                pending = self.pending_migrations()
                if pending:
                    raise StoreError(f"{self.path}: needs migrations {', '.join(pending)}; "
                                     "open it once for writing (any tieup ingest) first")
            else:
                self.migrate()
        except sqlite3.Error as e:
            self.db.close()
            raise StoreError(f"{self.path}: {store_problem(e)}") from None
        except BaseException:
            self.db.close()
            raise

    @classmethod
    def for_reading(cls, path: str | Path) -> Store:
        """Open an existing store to read it: read-only when it needs no migration (so a
        store this user cannot write is still fully readable), else for writing, once, to
        migrate it."""
        if not Path(path).is_file():
            raise StoreError(f"{path}: no store there (create one with tieup ingest)")
        try:
            return cls(path, readonly=True)
        except StoreError as e:
            if "needs migrations" not in str(e):
                raise
        return cls(path)

    # -- plumbing -----------------------------------------------------------------------
    def close(self) -> None:
        """Close the database connection."""
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def atomic(self) -> Iterator[None]:
        """A transaction (a savepoint when nested): all of it lands, or none of it."""
        name = f"sp{self._depth}"
        if self._depth == 0:
            opening.begin(self.db)  # waits for another writer, also where SQLite would not
        else:
            self.db.execute(f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield
        except BaseException:
            self._depth -= 1
            self.db.execute("ROLLBACK" if self._depth == 0 else f"ROLLBACK TO {name}")
            if self._depth:
                self.db.execute(f"RELEASE {name}")
            self._names.clear()
            raise
        self._depth -= 1
        self.db.execute("COMMIT" if self._depth == 0 else f"RELEASE {name}")

    def pending_migrations(self) -> list[str]:
        """Names of the migrations not yet applied."""
        if not self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'").fetchone():
            return [name for name, _ in MIGRATIONS]
        done = {r[0] for r in self.db.execute("SELECT name FROM schema_migrations")}
        return [name for name, _ in MIGRATIONS if name not in done]

    def migrate(self) -> list[str]:
        """Apply pending migrations; returns the names applied. Under the store's write
        lock (BEGIN IMMEDIATE), checked again once it is held: two processes creating or
        upgrading one store run each migration once, the second waits and finds it done."""
        if self.db.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'").fetchone() \
                and not self.pending_migrations():
            return []
        applied = []
        with self.atomic():
            self.db.execute("CREATE TABLE IF NOT EXISTS schema_migrations "
                            "(name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
            pending = set(self.pending_migrations())
            for name, sql in MIGRATIONS:
                if name not in pending:
                    continue
                for statement in statements(sql):
                    self.db.execute(statement)
                self.db.execute("INSERT INTO schema_migrations VALUES (?, ?)", (name, _now()))
                applied.append(name)
            if "0003_alliance_summary" in applied:
                self._backfill_events()
            if "0007_dates_and_outlets" in applied:
                self._backfill_dates()
            if "0009_stable_ids" in applied:
                ids.backfill(self.db)
        return applied

    def _backfill_dates(self) -> None:
        """After migration 0007: dates parsed (never cut), outlets from URLs, alliances
        derived again under the undated rules of :mod:`tieup.track`."""
        with self.atomic():
            for aid, published, url, outlet in self.db.execute(
                    "SELECT id, published, url, outlet FROM articles").fetchall():
                date = repair(published)
                self.db.execute("UPDATE articles SET published = ?, outlet = ? WHERE id = ?",
                                (date, outlet or outlet_of(url), aid))
            self._refresh(r[0] for r in self.db.execute("SELECT key FROM alliances").fetchall())

    def _backfill_events(self) -> None:
        """After migration 0003: each alliance's change events, read off its timeline
        (Python, not SQL, so the rules stay in :mod:`tieup.changes`)."""
        with self.atomic():
            rows = self.db.execute("SELECT key, data FROM alliances WHERE events IS NULL").fetchall()
            self.db.executemany("UPDATE alliances SET events = ? WHERE key = ?",
                                [(_dumps(changes.find(json.loads(d))), k) for k, d in rows])

    # -- companies ----------------------------------------------------------------------
    def resolve(self, name: str) -> str:
        """The company a party name stands for, recording it (see :mod:`tieup.resolve`)."""
        k = resolve.key(name) or name
        if k in self._names:
            return self._names[k]
        row = self.db.execute("SELECT c.name FROM aliases a JOIN companies c ON c.id = a.company_id"
                              " WHERE a.key = ?", (k,)).fetchone()
        if row:
            self._names[k] = row[0]
            return str(row[0])
        hit = resolve.gazetteer_lookup(name)
        if hit is None:
            existing = [r[0] for r in self.db.execute("SELECT name FROM companies")]
            near = resolve.fuzzy_match(name, existing)
            hit = (near, "company") if near else (name, "company")
        company, kind = hit
        cid = self._company_id(company, kind)
        self.db.execute("INSERT OR IGNORE INTO aliases VALUES (?, ?, ?, 'auto')", (k, name, cid))
        self._company_alias(company, cid)
        self._names[k] = company
        return company

    def _company_id(self, name: str, kind: str = "company") -> int:
        if self.db.execute("INSERT OR IGNORE INTO companies (name, kind) VALUES (?, ?)",
                           (name, kind)).rowcount:
            ids.ensure(self.db, "company", [name])
        return int(self.db.execute("SELECT id FROM companies WHERE name = ?", (name,)).fetchone()[0])

    def _company_alias(self, company: str, cid: int) -> None:
        ck = resolve.key(company) or company
        self.db.execute("INSERT OR IGNORE INTO aliases VALUES (?, ?, ?, 'auto')", (ck, company, cid))

    def companies(self, *, sort: str = "name", limit: int | None = None,
                  offset: int = 0) -> list[CompanyRow]:
        """Companies with kind, aliases and number of alliances: by name, or with
        ``sort="alliances"`` most allied first; ``limit``/``offset`` give one page.
        Two queries whatever the number of companies (the counts are kept in a column,
        the aliases read in one batch)."""
        if sort not in ("name", "alliances"):
            raise ValueError(f"sort must be name or alliances, not {sort!r}")
        order = "c.alliances DESC, c.name" if sort == "alliances" else "c.name"
        sql = ("SELECT c.id, c.name, c.kind, c.alliances n, s.id sid FROM companies c "
               "LEFT JOIN stable_ids s ON s.kind = 'company' AND s.target = c.name "
               f"AND s.canonical = 1 ORDER BY {order}")
        args: list[Any] = []
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [int(limit), int(offset)]
        rows = self.db.execute(sql, args).fetchall()
        aliases: dict[int, set[str]] = {}
        for i in range(0, len(rows), 500):
            cids = [r["id"] for r in rows[i:i + 500]]
            for cid, alias in self.db.execute(
                    f"SELECT company_id, alias FROM aliases WHERE company_id IN ({','.join('?' * len(cids))})",
                    cids):
                aliases.setdefault(cid, set()).add(alias)
        return [{"id": r["sid"], "name": r["name"], "kind": r["kind"],
                 "country": resolve.country(r["name"]),
                 "aliases": sorted(aliases.get(r["id"], set()) - {r["name"]}), "alliances": r["n"]}
                for r in rows]

    def _count_alliances(self, names: Iterable[str]) -> None:
        """Keep ``companies.alliances`` (unrejected alliances per company) up to date."""
        self.db.executemany(f"UPDATE companies SET alliances = {ALLIANCE_COUNT} WHERE name = ?",
                            [(n,) for n in names])

    def count_companies(self) -> int:
        """The number of companies stored."""
        return int(self.db.execute("SELECT COUNT(*) FROM companies").fetchone()[0])

    # -- writing ------------------------------------------------------------------------
    def has(self, text: str) -> bool:
        """Whether an article with exactly this text is stored."""
        return self.db.execute("SELECT 1 FROM articles WHERE content_hash = ?",
                               (content_hash(text),)).fetchone() is not None

    def add(self, article: Article, result: ArticleResult, *, extractor_version: str,
            ingested_at: str | None = None, replace: bool = False) -> IngestEvent:
        """Store one article and its extraction in one transaction. An article with no
        outlet of its own takes its URL's registered domain (:mod:`tieup.urls`).

        A stored text is never stored twice ("unchanged"). An id already held by a
        different text is never replaced silently: with ``replace`` the new text replaces
        it ("replaced"); without, both are kept, the new one under ``ID#DIGEST`` (its
        text's digest: the same on every run), and the event's message says so."""
        h = content_hash(article.text)
        outlet = article.outlet or outlet_of(article.url)
        with self.atomic():
            row = self.db.execute("SELECT id FROM articles WHERE content_hash = ?", (h,)).fetchone()
            if row:
                return IngestEvent(article.id, "unchanged", row[0])
            status, message, aid = "added", "", article.id
            old_keys: set[str] = set()
            if self.db.execute("SELECT 1 FROM articles WHERE id = ?", (aid,)).fetchone():
                if replace:
                    status, message = "replaced", f"replaced the stored text of id {aid!r}"
                    old_keys = self._drop_article(aid)
                else:
                    aid = f"{article.id}#{h[:12]}"
                    message = (f"id {article.id!r} already holds a different text: both kept, this "
                               f"one as {aid!r} (--replace replaces instead)")
            sig = dedup.signature(article.text)
            dup = self._near_duplicate(sig)
            self.db.execute(
                "INSERT INTO articles VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (aid, h, article.url, result.title or article.title, outlet,
                 result.published, result.language, ingested_at or _now(), article.text, dup,
                 extractor_version, dedup.to_blob(sig)))
            self.db.executemany("INSERT OR IGNORE INTO lsh_bands VALUES (?, ?, ?)",
                                [(b, bucket, aid) for b, bucket in dedup.bands(sig)])
            keys = self._write_claims(aid, result, extractor_version)
            caused = self._refresh(keys | old_keys)
        return IngestEvent(article.id, status, aid, message, duplicate_of=dup, changes=tuple(caused))

    def replace_claims(self, article_id: str, result: ArticleResult, version: str) -> None:
        """Swap an article's claims for a new extraction (``reprocess``), in one transaction."""
        with self.atomic():
            old = {r[0] for r in self.db.execute(
                "SELECT alliance_key FROM claims WHERE article_id = ?", (article_id,))}
            self.db.execute("DELETE FROM claims WHERE article_id = ?", (article_id,))
            keys = self._write_claims(article_id, result, version)
            self.db.execute("UPDATE articles SET extractor_version = ? WHERE id = ?",
                            (version, article_id))
            self._refresh(old | keys)

    def _drop_article(self, article_id: str) -> set[str]:
        keys = {r[0] for r in self.db.execute(
            "SELECT alliance_key FROM claims WHERE article_id = ?", (article_id,))}
        self.db.execute("DELETE FROM claims WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM lsh_bands WHERE article_id = ?", (article_id,))
        self.db.execute("UPDATE articles SET duplicate_of = NULL WHERE duplicate_of = ?", (article_id,))
        self.db.execute("DELETE FROM articles WHERE id = ?", (article_id,))
        return keys

    def _near_duplicate(self, sig: Any) -> str | None:
        """The stored article this text is a copy of (its original), if any: articles sharing
        at least MIN_BANDS LSH bands are candidates, confirmed by estimated Jaccard."""
        bands = dedup.bands(sig)
        where = " OR ".join("(band = ? AND bucket = ?)" for _ in bands)
        args = [x for b in bands for x in b]
        rows = self.db.execute(
            f"SELECT article_id, COUNT(*) n FROM lsh_bands WHERE {where} GROUP BY article_id "
            f"HAVING n >= {dedup.MIN_BANDS} ORDER BY n DESC, article_id LIMIT {dedup.MAX_CANDIDATES}",
            args).fetchall()
        best: tuple[str, str] | None = None
        for aid, _n in rows:
            row = self.db.execute("SELECT minhash, duplicate_of, ingested_at FROM articles "
                                  "WHERE id = ?", (aid,)).fetchone()
            if row and dedup.similarity(sig, dedup.from_blob(row[0])) >= dedup.SAME_REPORT:
                cand = (row[2], row[1] or aid)
                best = cand if best is None or cand < best else best
        return best[1] if best else None

    def _write_claims(self, article_id: str, result: ArticleResult, version: str) -> set[str]:
        keys = set()
        for i, a in enumerate(result.alliances):
            d = a.to_dict()
            names = [self.resolve(p) for p in a.parties]
            if len(set(names)) < 2:
                continue
            rename = dict(zip(a.parties, names, strict=True))
            # the raw names stay beside the resolved ones: a correction (and its undo)
            # re-resolves them as it does the parties
            texts = [e.text for e in a.evidence]
            for field in ("confirmed_by", "denied_by"):
                raw_said = who_said(field, list(getattr(a, field)), texts, list(a.parties))
                d[f"raw_{field}"] = raw_said
                d[field] = [rename.get(p, p) for p in raw_said]
            k = alliance_key(names)
            self.db.execute("INSERT INTO claims (article_id, idx, raw_parties, alliance_key, data, "
                            "extractor_version) VALUES (?, ?, ?, ?, ?, ?)",
                            (article_id, i, _dumps(a.parties), k, _dumps(d), version))
            keys.add(k)
        return keys

    def _rekey(self) -> None:
        """After a correction: recompute every claim's alliance from its raw party names."""
        changed: set[str] = set()
        moves: dict[str, list[str]] = {}  # old key -> the keys its claims went to
        for row in self.db.execute("SELECT id, raw_parties, alliance_key, data FROM claims").fetchall():
            raw = json.loads(row["raw_parties"])
            names = [self.resolve(p) for p in raw]
            k = alliance_key(names)
            d = json.loads(row["data"])
            rename = dict(zip(raw, names, strict=True))
            for field in ("confirmed_by", "denied_by"):
                d[field] = [rename.get(p, self.resolve(p)) for p in d.get(f"raw_{field}", d[field])]
            if k != row["alliance_key"] or _dumps(d) != row["data"]:
                changed |= {k, row["alliance_key"]}
                moves.setdefault(row["alliance_key"], []).append(k)
                self.db.execute("UPDATE claims SET alliance_key = ?, data = ? WHERE id = ?",
                                (k, _dumps(d), row["id"]))
        for row in self.db.execute("SELECT alliance_key, article_id, parties FROM rejections").fetchall():
            k = alliance_key(self.resolve(p) for p in json.loads(row["parties"]))
            if k != row["alliance_key"]:
                self.db.execute("UPDATE OR REPLACE rejections SET alliance_key = ? "
                                "WHERE alliance_key = ? AND article_id = ?",
                                (k, row["alliance_key"], row["article_id"]))
                changed |= {k, row["alliance_key"]}
        ids.follow(self.db, moves)
        self._refresh(changed)

    # -- derived alliances --------------------------------------------------------------
    def claim_records(self, key: str) -> list[track.ClaimRecord]:
        """The claims counted in alliance ``key`` (rejected ones left out)."""
        rows = self.db.execute(
            "SELECT c.article_id, c.data, c.extractor_version, a.published, a.ingested_at, a.outlet,"
            " a.duplicate_of FROM claims c JOIN articles a ON a.id = c.article_id "
            "WHERE c.alliance_key = ? AND c.article_id NOT IN "
            "(SELECT article_id FROM rejections WHERE alliance_key = ?)", (key, key)).fetchall()
        parties = tuple(key_parties(key))
        out = []
        for r in rows:
            d = json.loads(r["data"])
            out.append(track.ClaimRecord(
                article_id=r["article_id"], parties=parties, stage=d["stage"], claim=d["claim"],
                is_primary=d["primary"], event_date=d.get("event_date"), published=r["published"],
                ingested_at=r["ingested_at"], outlet=r["outlet"], duplicate_of=r["duplicate_of"],
                sources=tuple(d["sources"]),
                attribution=tuple((c["outlet"], c["cites"]) for c in d["attribution"]),
                confirmed_by=tuple(d["confirmed_by"]), denied_by=tuple(d["denied_by"]),
                structure=tuple(d["structure"]), areas=tuple(d["areas"]),
                places=tuple(d["places"]), evidence=tuple(d["evidence"][:TIMELINE_EVIDENCE]),
                extractor_version=r["extractor_version"]))
        return out

    def _refresh(self, keys: Iterable[str]) -> list[dict[str, Any]]:
        """Re-derive these alliances from their claims; returns the change events that
        were not there before (what a writer should alert on)."""
        caused: list[dict[str, Any]] = []
        touched: set[str] = set()  # companies whose alliance count may change
        for k in sorted(set(keys)):
            before = self.db.execute("SELECT events FROM alliances WHERE key = ? AND rejected = 0",
                                     (k,)).fetchone()
            touched.update(r[0] for r in self.db.execute(
                "SELECT company FROM alliance_companies WHERE key = ?", (k,)))
            self.db.execute("DELETE FROM alliance_companies WHERE key = ?", (k,))
            self.db.execute("DELETE FROM alliance_areas WHERE key = ?", (k,))
            self.db.execute("DELETE FROM alliance_structures WHERE key = ?", (k,))
            # a merge of two partners leaves claims of one company: no alliance (undo restores it)
            claims = self.claim_records(k) if len(key_parties(k)) > 1 else []
            if not claims:
                self.db.execute("DELETE FROM alliances WHERE key = ?", (k,))
                continue
            state = track.derive(claims)
            rejected = self.db.execute("SELECT 1 FROM rejections WHERE alliance_key = ? AND "
                                       "article_id = ''", (k,)).fetchone() is not None
            last_seen = max(c.ingested_at for c in claims)
            data = {"key": k, **state.to_dict(), "rejected": rejected}
            summary = {f: v for f, v in data.items() if f not in TIMELINE_FIELDS}
            events = changes.find(data)
            self.db.execute(
                "INSERT OR REPLACE INTO alliances (key, stage, claim, first_date, last_date, "
                "last_seen, rejected, data, summary, events) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                # dates at the start of their period (sort keys); undated: NULL, sorted apart
                (k, state.stage, state.claim, sort_key(state.first_date) or None,
                 sort_key(state.last_date) or None, last_seen, int(rejected),
                 _dumps(data), _dumps(summary), _dumps(events)))
            ids.ensure(self.db, "alliance", [k])
            self.db.executemany("INSERT INTO alliance_companies VALUES (?, ?)",
                                [(p, k) for p in state.parties])
            touched.update(state.parties)
            self.db.executemany("INSERT INTO alliance_areas VALUES (?, ?)",
                                [(a, k) for a in state.areas])
            self.db.executemany("INSERT OR IGNORE INTO alliance_structures VALUES (?, ?)",
                                [(x, k) for x in state.structure])
            if not rejected:
                # an alliance already known is never "new" again, even when an older
                # report arrives late and heads its timeline
                old = {changes.identity(e) for e in json.loads(before[0] or "[]")} if before else set()
                caused += [e for e in events if changes.identity(e) not in old
                           and not (before and e["kind"] == "new")]
        self._count_alliances(touched)
        return caused

    # -- ingest and reprocess -----------------------------------------------------------
    def ingest_iter(self, paths: Iterable[str], options: Options | None = None) -> Iterator[IngestEvent]:
        """Read, extract and store; one event per input. Stored texts are not extracted again."""
        from . import ingest

        return ingest.run(self, paths, self._with_users(options or Options()))

    def _with_users(self, options: Options) -> Options:
        """``options`` with this store's companies and aliases for extraction to read."""
        mine = self.user_companies()
        if not mine:
            return options
        return replace(options, user_companies=mine + tuple(options.user_companies))

    def ingest(self, paths: Iterable[str], options: Options | None = None) -> dict[str, int]:
        """Ingest and return counts by status."""
        counts: dict[str, int] = {}
        for ev in self.ingest_iter(paths, options):
            counts[ev.status] = counts.get(ev.status, 0) + 1
        return counts

    def reprocess(self, options: Options | None = None, *, force: bool = False) -> Any:
        """Re-run the current extractor over stored articles made by another version (or
        by these options: see :func:`tieup.ingest.extractor_version`); returns a
        :class:`tieup.ingest.Reprocessed` report."""
        from . import ingest

        return ingest.reprocess(self, self._with_users(options or Options()), force=force)
