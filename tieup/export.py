"""Exports: the store's alliances, claims and companies in the formats analysts' tools read.

find: :func:`rows` gives one table as plain rows (lists stay lists);
write: :func:`write` puts a table in a format: ``json`` (``{"alliances": [...]}``),
``jsonl``, ``csv`` (lists joined by "; "), ``parquet`` (pyarrow, lists as list columns),
or the company network, whatever the table, as ``graphml`` or ``gexf`` (GEXF 1.3): nodes
are companies, edges alliances (a three-party alliance is the edges between each pair),
with stage, claim, areas, denial and dates as attributes. Both open in Gephi and networkx.
``frame`` gives a pandas DataFrame. pandas and pyarrow are an optional extra
(``pip install 'tieup[frames]'``); :class:`MissingExtra` says so when they are absent.
"""

from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import IO, TYPE_CHECKING, Any

from .queries import key_parties

if TYPE_CHECKING:
    from .store import Store

TABLES = ("alliances", "claims", "companies")
FORMATS = ("json", "jsonl", "csv", "graphml", "gexf", "parquet")
BINARY = frozenset({"parquet"})
COLUMNS = {
    "alliances": ["key", "parties", "stage", "claim", "confirmed_by", "denied_by",
                  "first_reported_by", "independent_reports", "structure", "areas", "places",
                  "first_date", "last_date", "articles", "rejected"],
    "claims": ["article_id", "alliance", "parties", "raw_parties", "stage", "claim", "primary",
               "structure", "areas", "places", "sources", "confirmed_by", "denied_by",
               "event_date", "published", "outlet", "url", "duplicate_of", "evidence",
               "extractor_version"],
    "companies": ["name", "kind", "aliases", "alliances"],
}
# XML 1.0 cannot hold these characters at all; they are dropped from names and values
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


class MissingExtra(RuntimeError):
    """An export that needs pandas/pyarrow, which are not installed."""


def rows(store: Store, table: str) -> list[dict[str, Any]]:
    """Find step: one table's rows, each with exactly :data:`COLUMNS` [table]."""
    if table == "alliances":
        found = store.alliances(timeline=False, include_rejected=True, sort="parties")
    elif table == "companies":
        found = store.companies()
    elif table == "claims":
        found = []
        for r in store.db.execute(
                "SELECT c.article_id, c.alliance_key, c.raw_parties, c.data, c.extractor_version, "
                "a.published, a.outlet, a.url, a.duplicate_of FROM claims c "
                "JOIN articles a ON a.id = c.article_id ORDER BY c.article_id, c.idx"):
            d = json.loads(r["data"])
            found.append({**d, "article_id": r["article_id"], "alliance": r["alliance_key"],
                          "parties": key_parties(r["alliance_key"]),
                          "raw_parties": json.loads(r["raw_parties"]),
                          "published": r["published"], "outlet": r["outlet"], "url": r["url"],
                          "duplicate_of": r["duplicate_of"],
                          "evidence": [e["text"] for e in d.get("evidence", [])],
                          "extractor_version": r["extractor_version"]})
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
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS[table])
    for r in data:
        w.writerow([_cell(r[c]) for c in COLUMNS[table]])
    return buf.getvalue()


def _x(v: Any) -> str:
    return _XML_BAD.sub("", _cell(v))


def network(store: Store) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Nodes (companies in an alliance) and edges (one per pair of an alliance's parties):
    the web app's network, unfiltered."""
    net = store.network()
    return net["nodes"], net["edges"]


NODE_ATTRS = [("kind", "string"), ("alliances", "int")]
EDGE_ATTRS = [("alliance", "string"), ("stage", "string"), ("claim", "string"),
              ("denied", "boolean"), ("areas", "string"), ("structure", "string"),
              ("reports", "int"), ("first_date", "string"), ("last_date", "string")]


def to_graphml(store: Store) -> bytes:
    nodes, edges = network(store)
    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    for where, attrs in (("node", NODE_ATTRS), ("edge", EDGE_ATTRS)):
        for name, kind in attrs:
            ET.SubElement(root, "key", {"id": f"{where[0]}_{name}", "for": where,
                                        "attr.name": name, "attr.type": kind})
    g = ET.SubElement(root, "graph", id="tieup", edgedefault="undirected")
    for n in nodes:
        el = ET.SubElement(g, "node", id=_x(n["id"]))
        for name, _ in NODE_ATTRS:
            ET.SubElement(el, "data", key=f"n_{name}").text = _x(n[name])
    for i, e in enumerate(edges):
        el = ET.SubElement(g, "edge", id=f"e{i}", source=_x(e["source"]), target=_x(e["target"]))
        for name, _ in EDGE_ATTRS:
            ET.SubElement(el, "data", key=f"e_{name}").text = _x(e[name])
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def to_gexf(store: Store) -> bytes:
    nodes, edges = network(store)
    root = ET.Element("gexf", {"xmlns": "http://gexf.net/1.3", "version": "1.3"})
    ET.SubElement(ET.SubElement(root, "meta"), "creator").text = "tieup"
    g = ET.SubElement(root, "graph", defaultedgetype="undirected", mode="static")
    for cls, attrs in (("node", NODE_ATTRS), ("edge", EDGE_ATTRS)):
        el = ET.SubElement(g, "attributes", {"class": cls})
        for i, (name, kind) in enumerate(attrs):
            ET.SubElement(el, "attribute", id=str(i), title=name,
                          type={"int": "integer"}.get(kind, kind))
    el_nodes = ET.SubElement(g, "nodes")
    for n in nodes:
        node = ET.SubElement(el_nodes, "node", id=_x(n["id"]), label=_x(n["id"]))
        vals = ET.SubElement(node, "attvalues")
        for i, (name, _) in enumerate(NODE_ATTRS):
            ET.SubElement(vals, "attvalue", {"for": str(i), "value": _x(n[name])})
    el_edges = ET.SubElement(g, "edges")
    for k, e in enumerate(edges):
        edge = ET.SubElement(el_edges, "edge", id=str(k), source=_x(e["source"]),
                             target=_x(e["target"]), label=_x(e["alliance"]))
        vals = ET.SubElement(edge, "attvalues")
        for i, (name, _) in enumerate(EDGE_ATTRS):
            ET.SubElement(vals, "attvalue", {"for": str(i), "value": _x(e[name])})
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _pyarrow() -> Any:
    try:
        import pyarrow
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise MissingExtra("parquet export needs pyarrow: pip install 'tieup[frames]'") from None
    return pyarrow


def to_parquet(table: str, data: list[dict[str, Any]], out: IO[bytes]) -> None:
    pa = _pyarrow()
    pa.parquet.write_table(pa.Table.from_pylist(data), out)


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
    if fmt in ("graphml", "gexf"):
        out.write(to_graphml(store) if fmt == "graphml" else to_gexf(store))
        return len(network(store)[1])
    data = rows(store, table)
    if fmt == "parquet":
        to_parquet(table, data, out)
    elif fmt == "csv":
        out.write(to_csv(table, data).encode("utf-8"))
    elif fmt == "json":
        out.write(json.dumps({table: data}, ensure_ascii=False, indent=2).encode("utf-8") + b"\n")
    else:
        out.write("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in data).encode("utf-8"))
    return len(data)
