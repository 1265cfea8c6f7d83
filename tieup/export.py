"""Exports: the store's alliances, claims and companies in the formats analysts' tools read.

Each table has the columns of :data:`COLUMNS` in every format, described with their
types in ``docs/data-dictionary.md`` (:mod:`tieup.columns`).

find: :func:`rows` gives one table as plain rows (lists stay lists);
write: :func:`write` puts a table in a format: ``json`` (a bare array: ``pandas.read_json``
reads it as is), ``jsonl``, ``csv`` (one dialect everywhere: UTF-8, comma, LF, a header,
lists joined by "; ", ``true``/``false``, null as an empty cell), ``parquet`` (pyarrow, with
the explicit schema :func:`arrow_schema`), or the company network, whatever the table, as
``graphml`` or ``gexf`` (GEXF 1.3; :mod:`tieup.graph`). ``frame`` gives a pandas DataFrame.
pandas and pyarrow are an optional extra (``pip install 'tieup[frames]'``);
:class:`MissingExtra` says so when they are absent.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from . import ids
from .columns import COLUMNS, FIELDS
from .graph import pairs, to_gexf, to_graphml
from .queries import key_parties

if TYPE_CHECKING:
    from .store import Store

__all__ = ["BINARY", "COLUMNS", "FORMATS", "TABLES", "MissingExtra", "arrow_schema", "frame",
           "enrich", "network", "rows", "to_csv", "write"]

TABLES = ("alliances", "claims", "companies")
FORMATS = ("json", "jsonl", "csv", "graphml", "gexf", "parquet")
BINARY = frozenset({"parquet"})


class MissingExtra(RuntimeError):
    """An export that needs pandas/pyarrow, which are not installed."""


def _articles(store: Store) -> dict[str, Any]:
    return {r["id"]: r for r in store.db.execute(
        "SELECT id, url, title, outlet, ingested_at FROM articles")}


def _alliance_rows(store: Store, filters: dict[str, Any]) -> list[dict[str, Any]]:
    found = store.alliances(**{"include_rejected": True, "sort": "parties", **filters},
                            timeline=False)
    return enrich(store, found)


def enrich(store: Store, found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Alliances as :meth:`tieup.Store.alliances` gives them, with the columns the export
    adds: their articles' URLs, titles, outlets and ingest times (changed in place)."""
    arts = _articles(store)
    for a in found:
        got = [arts[i] for i in a.get("articles") or [] if i in arts]
        a["article_urls"] = [r["url"] or "" for r in got]
        a["article_titles"] = [r["title"] or "" for r in got]
        a["outlets"] = sorted({r["outlet"] for r in got if r["outlet"]})
        stamps = sorted(r["ingested_at"] for r in got if r["ingested_at"])
        a["first_ingested"] = stamps[0] if stamps else None
        a["last_ingested"] = stamps[-1] if stamps else None
        a["rejected"] = bool(a.get("rejected"))
        a["independent_reports"] = int(a.get("independent_reports") or 0)
    return found


def _claim_rows(store: Store) -> list[dict[str, Any]]:
    found = []
    for r in store.db.execute(
            "SELECT c.article_id, c.idx, c.alliance_key, c.raw_parties, c.data, c.extractor_version, "
            "a.published, a.outlet, a.url, a.title, a.ingested_at, a.duplicate_of FROM claims c "
            "JOIN articles a ON a.id = c.article_id ORDER BY c.article_id, c.idx"):
        d = json.loads(r["data"])
        found.append({**d, "id": ids.claim_id(r["article_id"], r["idx"]),
                      "article_id": r["article_id"], "alliance": r["alliance_key"],
                      "parties": key_parties(r["alliance_key"]),
                      "raw_parties": json.loads(r["raw_parties"]),
                      "published": r["published"], "outlet": r["outlet"], "url": r["url"],
                      "title": r["title"], "ingested": r["ingested_at"],
                      "duplicate_of": r["duplicate_of"], "primary": bool(d.get("primary")),
                      "evidence": [e["text"] for e in d.get("evidence", [])],
                      "extractor_version": r["extractor_version"]})
    sid = ids.of(store.db, "alliance", (c["alliance"] for c in found))
    for c in found:
        c["alliance_id"] = sid.get(c["alliance"])
    return found


def rows(store: Store, table: str, **filters: Any) -> list[dict[str, Any]]:
    """Find step: one table's rows, each with exactly :data:`COLUMNS` [table].

    For alliances, ``filters`` are those of :meth:`tieup.Store.alliances` (``company``,
    ``stage``, ``sort``, ``limit``, ...); by default every alliance, rejected ones too,
    sorted by parties."""
    if filters and table != "alliances":
        raise ValueError("only the alliances table takes filters")
    if table == "alliances":
        found = _alliance_rows(store, filters)
    elif table == "companies":
        found = [dict(c) for c in store.companies()]
    elif table == "claims":
        found = _claim_rows(store)
    else:
        raise ValueError(f"table must be one of {', '.join(TABLES)}, not {table!r}")
    return [{c: r.get(c) for c in COLUMNS[table]} for r in found]


def _cell(v: Any) -> str:
    if isinstance(v, list):
        return "; ".join(str(x) for x in v)
    if isinstance(v, bool):
        return "true" if v else "false"
    return "" if v is None else str(v)


def to_csv(table: str, data: Iterable[dict[str, Any]]) -> str:
    """Rows of ``table`` as CSV in tieup's one dialect (the CLI's lists use it too)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS[table])
    for r in data:
        w.writerow([_cell(r[c]) for c in COLUMNS[table]])
    return buf.getvalue()


def network(store: Store) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Nodes (companies in an alliance) and edges (one per pair of companies, never
    parallel): what the GraphML and GEXF exports hold."""
    return pairs(store)


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise MissingExtra("parquet export needs pyarrow: pip install 'tieup[frames]'") from None
    return pyarrow


def arrow_schema(table: str) -> Any:
    """The explicit pyarrow schema of ``table`` (from :data:`tieup.columns.FIELDS`): the
    same whatever the rows, so one export's columns read like the next one's."""
    pa = _pyarrow()
    kinds = {"string": pa.string(), "int": pa.int64(), "bool": pa.bool_(),
             "list<string>": pa.list_(pa.string())}
    return pa.schema([pa.field(name, kinds[kind], nullable=True)
                      for name, kind, _ in FIELDS[table]])


def to_parquet(table: str, data: list[dict[str, Any]], out: IO[bytes]) -> None:
    """Rows of ``table`` as Parquet with :func:`arrow_schema`."""
    pa = _pyarrow()
    pa.parquet.write_table(pa.Table.from_pylist(data, schema=arrow_schema(table)), out)


def frame(store: Store, table: str = "alliances") -> Any:
    """One table as a pandas DataFrame (list fields stay lists)."""
    try:
        import pandas as pd
    except ImportError:
        raise MissingExtra("DataFrames need pandas: pip install 'tieup[frames]'") from None
    return pd.DataFrame(rows(store, table), columns=COLUMNS[table])


def write(store: Store, table: str, fmt: str, out: IO[bytes]) -> int:
    """Write step: ``table`` (or the network, for graphml/gexf) in ``fmt`` to ``out``;
    returns the number of rows (or edges) written."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if table not in TABLES:
        raise ValueError(f"table must be one of {', '.join(TABLES)}, not {table!r}")
    if fmt in ("graphml", "gexf"):
        out.write(to_graphml(store) if fmt == "graphml" else to_gexf(store))
        return len(network(store)[1])
    data = rows(store, table)
    if fmt == "parquet":
        to_parquet(table, data, out)
    elif fmt == "csv":
        out.write(to_csv(table, data).encode("utf-8"))
    elif fmt == "json":
        out.write(json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8") + b"\n")
    else:
        out.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in data).encode("utf-8"))
    return len(data)
