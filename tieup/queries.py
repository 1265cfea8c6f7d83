"""Read-side queries of the store: alliances, companies, articles, search, the network.

Mixed into :class:`tieup.store.Store`; every method only reads. They return plain data
(dicts and lists, JSON-ready) for the CLI, the web app and the Python API alike.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable
from typing import Any

from . import changes, ids, resolve
from .dates import sort_key

KEY_SEP = " + "
# a party name holding the separator itself ("A + B Ltd") has it written as this in a key,
# so any name survives the round trip key -> parties (see :func:`alliance_key`)
KEY_SEP_IN_NAME = " \uff0b "
# an alliance's fields that grow with its claims: left out of the stored summary
TIMELINE_FIELDS = ("timeline", "structure_evidence", "areas_evidence")
# sort orders of ``alliances(sort=...)``: name -> SQL expression (ties broken by key)
SORTS = {
    # last_date is the latest dated claim's date at the start of its period; an undated
    # alliance has none and sorts apart, after every dated one (most recent first)
    "recent": "COALESCE(last_date, '')",
    "parties": "key",
    "stage": "CASE stage WHEN 'talks' THEN 0 WHEN 'agreed' THEN 1 WHEN 'completed' THEN 2 ELSE 3 END",
    "claim": "claim",
    "reports": "json_extract(data, '$.independent_reports')",
}
# search: at most this many hits of each kind (companies, alliances, articles)
SEARCH_LIMIT = 20
# search: companies whose alliances are looked for, at most; articles ranked by relevance
# up to this many matches (bm25 scores every match), newest first beyond
COMPANY_HITS, RANKED_MAX = 1000, 2000
# FTS5 snippet length in tokens; long enough to show a sentence around the hit
SNIPPET_TOKENS = 24
# snippet markers: control characters news text does not hold; the web layer splits on
# them and escapes every piece, so a stray one in a text can misplace a highlight, no more
HIT_START, HIT_END = "\x02", "\x03"
_WORD = re.compile(r"\w+", re.UNICODE)


def alliance_key(parties: Iterable[str]) -> str:
    """The key of an alliance of these companies: their names sorted, joined by " + "."""
    return KEY_SEP.join(sorted({p.replace(KEY_SEP, KEY_SEP_IN_NAME) for p in parties}))


def key_parties(key: str) -> list[str]:
    """The party names of an alliance key (the inverse of :func:`alliance_key`)."""
    return [p.replace(KEY_SEP_IN_NAME, KEY_SEP) for p in key.split(KEY_SEP)]


class Queries:
    db: sqlite3.Connection

    def _filters(self, company: str | None, stage: str | None, claim: str | None,
                 area: str | None, since: str | None, include_rejected: bool,
                 structure: str | None = None, outlet: str | None = None,
                 until: str | None = None) -> tuple[str, list[Any]]:
        latest = SORTS["recent"]
        given = [
            ("key IN (SELECT key FROM alliance_companies WHERE company = ?)",
             self._lookup(company) if company else None),
            ("stage = ?", stage), ("claim = ?", claim),
            ("key IN (SELECT key FROM alliance_areas WHERE area = ?)", area),
            ("key IN (SELECT key FROM alliance_structures WHERE structure = ?)", structure),
            ("key IN (SELECT c.alliance_key FROM articles a JOIN claims c ON c.article_id = a.id "
             "WHERE a.outlet = ? COLLATE NOCASE)", outlet),
            # undated alliances (latest '') pass neither bound: they are not "before" a date
            (f"{latest} >= ?", sort_key(since) if since else None),
            (f"{latest} > '' AND {latest} <= ?", until),
        ]
        where = [sql for sql, value in given if value]
        args: list[Any] = [value for _, value in given if value]
        if not include_rejected:
            where.append("rejected = 0")
        return (" WHERE " + " AND ".join(where) if where else ""), args

    def alliances(self, *, company: str | None = None, stage: str | None = None,
                  claim: str | None = None, area: str | None = None, since: str | None = None,
                  structure: str | None = None, outlet: str | None = None,
                  until: str | None = None,
                  include_rejected: bool = False, timeline: bool = True, sort: str = "recent",
                  descending: bool | None = None, limit: int | None = None,
                  offset: int = 0) -> list[dict[str, Any]]:
        """Alliances matching every filter given; by default most recent activity first.

        ``sort`` is one of :data:`SORTS`; ``descending`` defaults to True for "recent" and
        "reports", False otherwise. ``timeline=False`` leaves out timelines and evidence.
        """
        if sort not in SORTS:
            raise ValueError(f"sort must be one of {', '.join(SORTS)}, not {sort!r}")
        where, args = self._filters(company, stage, claim, area, since, include_rejected,
                                    structure, outlet, until)
        desc = descending if descending is not None else sort in ("recent", "reports")
        # the summary column holds the alliance without its timeline: far less to parse
        column = "data" if timeline else "COALESCE(summary, data)"
        # ties broken by key in the same direction, so one index serves both orders
        way = "DESC" if desc else "ASC"
        sql = f"SELECT {column} FROM alliances{where} ORDER BY {SORTS[sort]} {way}, key {way}"
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [int(limit), int(offset)]
        out = [json.loads(r[0]) for r in self.db.execute(sql, args)]
        self._with_ids(out)
        if not timeline:
            for a in out:
                for f in TIMELINE_FIELDS:
                    a.pop(f, None)
        return out

    def changes(self, *, since: str | None = None, kinds: tuple[str, ...] = changes.KINDS,
                limit: int | None = None, scan: int | None = None,
                company: str | None = None) -> list[dict[str, Any]]:
        """Change events (new alliance, stage change, denial, confirmation after a denial)
        on or after ``since``, newest first; ``scan`` looks only at that many most
        recently active alliances. Events are kept per alliance when it is written."""
        where, args = self._filters(company, None, None, None, None, False)
        sql = (f"SELECT events, CASE WHEN events IS NULL THEN data END FROM alliances{where} "
               f"ORDER BY {SORTS['recent']} DESC, key DESC")
        if scan is not None:
            sql += " LIMIT ?"
            args.append(int(scan))
        events: list[dict[str, Any]] = []
        for ev, data in self.db.execute(sql, args):
            events += json.loads(ev) if ev is not None else changes.find(json.loads(data))
        return changes.select(events, since, kinds, limit)

    def count_alliances(self, *, company: str | None = None, stage: str | None = None,
                        claim: str | None = None, area: str | None = None,
                        since: str | None = None, structure: str | None = None,
                        outlet: str | None = None, until: str | None = None,
                        include_rejected: bool = False) -> int:
        """The number of alliances :meth:`alliances` would list with these filters."""
        where, args = self._filters(company, stage, claim, area, since, include_rejected,
                                    structure, outlet, until)
        return int(self.db.execute(f"SELECT COUNT(*) FROM alliances{where}", args).fetchone()[0])

    def _with_ids(self, alliances: list[dict[str, Any]]) -> list[dict[str, Any]]:
        found = ids.of(self.db, "alliance", (a["key"] for a in alliances))
        for a in alliances:
            a["id"] = found.get(a["key"])
        return alliances

    def alliance(self, key_or_parties: str | list[str]) -> dict[str, Any] | None:
        """One alliance by its stable id ("al-..."; an id merged into another alliance finds
        that one), its key ("Ford + Geely") or its parties, with its timeline."""
        if isinstance(key_or_parties, str) and key_or_parties.startswith(ids.PREFIX["alliance"]):
            key_or_parties = ids.target(self.db, key_or_parties) or key_or_parties
        found = self._alliance(key_or_parties)
        return self._with_ids([found])[0] if found else None

    def _alliance(self, key_or_parties: str | list[str]) -> dict[str, Any] | None:
        if isinstance(key_or_parties, str):
            row = self.db.execute("SELECT data FROM alliances WHERE key = ?",
                                  (key_or_parties,)).fetchone()
            if row:
                return dict(json.loads(row[0]))
            parties = key_parties(key_or_parties)
        else:
            parties = list(key_or_parties)
        k = alliance_key(self._lookup(p) for p in parties)
        row = self.db.execute("SELECT data FROM alliances WHERE key = ?", (k,)).fetchone()
        return json.loads(row[0]) if row else None

    def _lookup(self, name: str) -> str:
        """A company name for queries, without recording anything new."""
        row = self.db.execute("SELECT c.name FROM aliases a JOIN companies c ON c.id = a.company_id "
                              "WHERE a.key = ?", (resolve.key(name),)).fetchone()
        if row:
            return str(row[0])
        hit = resolve.gazetteer_lookup(name)
        return hit[0] if hit else name

    def show(self, *companies: str) -> list[dict[str, Any]]:
        """Alliances whose parties include every company named, with their timelines."""
        if not companies:
            return []
        found = self.alliances(company=companies[0])
        wanted = {self._lookup(c) for c in companies}
        return [a for a in found if wanted <= set(a["parties"])]

    def company(self, name: str) -> dict[str, Any] | None:
        """A company by name, alias or stable id ("co-..."; a merged company's id finds the
        one it was merged into): kind, aliases, its alliances (without timelines) and its
        partners."""
        if name.startswith(ids.PREFIX["company"]):
            name = ids.target(self.db, name) or name
        canonical = self._lookup(name)
        row = self.db.execute("SELECT id, name, kind FROM companies WHERE name = ?",
                              (canonical,)).fetchone()
        if row is None:
            return None
        aliases = sorted({a[0] for a in self.db.execute(
            "SELECT alias FROM aliases WHERE company_id = ?", (row["id"],))} - {row["name"]})
        alliances = self.alliances(company=row["name"], timeline=False)
        partners: dict[str, int] = {}
        for a in alliances:
            for p in a["parties"]:
                if p != row["name"]:
                    partners[p] = partners.get(p, 0) + 1
        return {"id": ids.of(self.db, "company", [row["name"]]).get(row["name"]),
                "name": row["name"], "kind": row["kind"], "country": resolve.country(row["name"]),
                "aliases": aliases,
                "alliances": alliances,
                "partners": [{"name": p, "alliances": n}
                             for p, n in sorted(partners.items(), key=lambda x: (-x[1], x[0]))]}

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One stored article by id: URL, title, outlet, dates, text."""
        row = self.db.execute("SELECT id, url, title, outlet, published, language, ingested_at, "
                              "text, duplicate_of, extractor_version FROM articles WHERE id = ?",
                              (article_id,)).fetchone()
        return dict(row) if row else None

    def article_claims(self, article_id: str) -> list[dict[str, Any]]:
        """What extraction stored for one article: each claim with its alliance key."""
        rows = self.db.execute("SELECT alliance_key, raw_parties, data FROM claims WHERE article_id = ? "
                               "ORDER BY idx", (article_id,)).fetchall()
        return [{"alliance": r[0], "raw_parties": json.loads(r[1]), **json.loads(r[2])}
                for r in rows]

    def per_month(self, company: str | None = None) -> list[dict[str, Any]]:
        """Alliances by the month they were first reported, oldest first, with how many of
        them are at each stage now. Undated alliances are one row apart, month ``None``
        (first, as NULL sorts): never their ingest month (see :mod:`tieup.track`)."""
        where, args = self._filters(company, None, None, None, None, False)
        month = "substr(first_date, 1, 7)"
        rows = self.db.execute(f"SELECT {month} m, stage, COUNT(*) FROM alliances{where} "
                               "GROUP BY m, stage ORDER BY m", args).fetchall()
        out: dict[str, dict[str, Any]] = {}
        for m, stage, n in rows:
            row = out.setdefault(m, {"month": m, "alliances": 0, "stages": {}})
            row["alliances"] += n
            row["stages"][stage] = n
        return list(out.values())

    def as_of(self) -> dict[str, Any]:
        """When the store last changed: the latest ingest, and the newest article's date."""
        # one aggregate a statement, so each is read off its index
        return {"ingested": self.db.execute("SELECT MAX(ingested_at) FROM articles").fetchone()[0],
                "published": self.db.execute("SELECT MAX(published) FROM articles").fetchone()[0]}

    def counts(self) -> dict[str, int]:
        """Numbers of articles, claims, alliances and companies stored."""
        q = {"articles": "SELECT COUNT(*) FROM articles", "claims": "SELECT COUNT(*) FROM claims",
             "alliances": "SELECT COUNT(*) FROM alliances WHERE rejected = 0",
             "companies": "SELECT COUNT(*) FROM companies"}
        return {k: int(self.db.execute(sql).fetchone()[0]) for k, sql in q.items()}

    def search(self, query: str, limit: int = SEARCH_LIMIT,
               offset: int = 0) -> dict[str, Any]:
        """Companies, alliances (of those companies) and articles (full text) for a query.

        A company matches when the query resolves to it as a name, an alias or a
        gazetteer spelling or ticker ("General Motors", "GM"), or when the query's words
        occur as whole words in one of its names ("OR" does not find "Oracle"). Articles
        match when all the query's words occur (each a quoted FTS5 term, so no user input
        reaches FTS5's query syntax), by relevance, or newest first when more than
        :data:`RANKED_MAX` match; snippets mark hits with :data:`HIT_START` and
        :data:`HIT_END`. Each kind gives ``limit`` hits from ``offset`` and says in
        ``more`` whether there are others.
        """
        words = _WORD.findall(query)
        empty: dict[str, Any] = {"companies": [], "alliances": [], "articles": [],
                                 "articles_total": 0, "articles_order": "relevance",
                                 "more": {"companies": False, "alliances": False, "articles": False}}
        if not words:
            return empty
        names = self._company_hits(query, words)
        companies = [dict(r) for r in self.db.execute(
            f"SELECT name, kind FROM companies WHERE name IN ({','.join('?' * len(names))})", names)]
        rank = {n: i for i, n in enumerate(names)}
        companies.sort(key=lambda c: rank[c["name"]])
        alliances: list[dict[str, Any]] = []
        if names:
            marks = ",".join("?" * len(names))
            alliances = [json.loads(r[0]) for r in self.db.execute(
                f"SELECT COALESCE(summary, data) FROM alliances WHERE rejected = 0 AND key IN "
                f"(SELECT key FROM alliance_companies WHERE company IN ({marks})) "
                f"ORDER BY {SORTS['recent']} DESC, key DESC LIMIT ? OFFSET ?",
                [*names, limit + 1, offset])]
        for a in alliances:
            for f in TIMELINE_FIELDS:
                a.pop(f, None)
        match = " ".join('"' + w.replace('"', "") + '"' for w in words)
        total = int(self.db.execute("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH ?",
                                    (match,)).fetchone()[0])
        # ranking scores every match: past RANKED_MAX matches, newest (last stored) first
        order = "rank" if total <= RANKED_MAX else "articles_fts.rowid DESC"
        articles = [dict(r) for r in self.db.execute(
            "SELECT a.id, a.title, a.outlet, a.published, "
            f"snippet(articles_fts, 1, '{HIT_START}', '{HIT_END}', ' … ', {SNIPPET_TOKENS}) AS snippet, "
            "substr(a.text, 1, 400) AS opening "
            "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
            f"WHERE articles_fts MATCH ? ORDER BY {order} LIMIT ? OFFSET ?", (match, limit + 1, offset))]
        return {"companies": companies[offset:offset + limit], "alliances": alliances[:limit],
                "articles": articles[:limit], "articles_total": total,
                "articles_order": "relevance" if total <= RANKED_MAX else "newest",
                "more": {"companies": len(companies) > offset + limit,
                         "alliances": len(alliances) > limit, "articles": len(articles) > limit}}

    def _company_hits(self, query: str, words: list[str]) -> list[str]:
        """Company names for a search, best first: the company the query resolves to,
        then, by name, those with every word of the query as a whole word in one of their
        spellings (``aliases_fts``; at most :data:`COMPANY_HITS`)."""
        out: dict[str, None] = {}
        exact = self._lookup(query.strip())
        if self.db.execute("SELECT 1 FROM companies WHERE name = ?", (exact,)).fetchone():
            out[exact] = None
        match = " ".join('"' + w.replace('"', "") + '"' for w in words)
        found = sorted({r[0] for r in self.db.execute(
            "SELECT c.name FROM aliases_fts f JOIN aliases a ON a.rowid = f.rowid "
            "JOIN companies c ON c.id = a.company_id WHERE aliases_fts MATCH ? LIMIT ?",
            (match, 2 * COMPANY_HITS))})
        for name in found[:COMPANY_HITS]:
            out.setdefault(name, None)
        return list(out)

    def alliances_frame(self, table: str = "alliances") -> Any:
        """The alliances (or ``"claims"``, ``"companies"``) as a pandas DataFrame; needs
        the ``frames`` extra (pandas), else :class:`tieup.export.MissingExtra`."""
        from . import export

        return export.frame(self, table)  # type: ignore[arg-type]

    def network(self, *, limit: int | None = None, **filters: Any) -> dict[str, list[dict[str, Any]]]:
        """Companies as nodes and alliances as edges (most recent ``limit`` alliances), of
        the alliances ``alliances(**filters)`` lists."""
        alliances = self.alliances(**filters, timeline=False, limit=limit)
        degree: dict[str, int] = {}
        edges = []
        for a in alliances:
            ps = a["parties"]
            for p in ps:
                degree[p] = degree.get(p, 0) + 1
            # a three-party alliance is drawn as the edges between each pair of its parties
            for i, src in enumerate(ps):
                for dst in ps[i + 1:]:
                    edges.append({"source": src, "target": dst, "alliance": a["key"],
                                  "stage": a["stage"], "claim": a["claim"],
                                  "denied": bool(a["denied_by"]) or a["claim"] == "denied",
                                  "areas": a["areas"], "structure": a["structure"],
                                  "reports": a["independent_reports"] or 0,
                                  "first_date": a["first_date"], "last_date": a["last_date"]})
        kinds = {}
        if degree:
            marks = ",".join("?" * len(degree))
            kinds = {r[0]: r[1] for r in self.db.execute(
                f"SELECT name, kind FROM companies WHERE name IN ({marks})", list(degree))}
        nodes = [{"id": n, "kind": kinds.get(n, "company"), "alliances": d}
                 for n, d in sorted(degree.items())]
        return {"nodes": nodes, "edges": edges}
