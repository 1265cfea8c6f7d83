"""The company network for Gephi and networkx: GraphML and GEXF 1.3.

Nodes are companies; there is one edge per pair of companies (never parallel edges): the
alliances of that pair (a three-party alliance gives each of its pairs an edge) are
summed into it. ``weight`` is the independent reports of those alliances added up (at
least 1); ``start`` and ``end`` span their first to last dated claim, as whole dates Gephi's
timeline reads (a month-precise date starts on its first day and ends on its last); an
undated pair has neither and is present throughout. Stage, claim and areas are those of the
pair's most recent alliance; ``denied`` is true when any of its alliances was denied.
"""

from __future__ import annotations

import calendar
import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .store import Store

# XML 1.0 cannot hold these characters at all; they are dropped from names and values
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

NODE_ATTRS = [("kind", "string"), ("alliances", "int")]
EDGE_ATTRS = [("alliance", "string"), ("alliances", "int"), ("stage", "string"),
              ("claim", "string"), ("denied", "boolean"), ("areas", "string"),
              ("structure", "string"), ("reports", "int"), ("first_date", "string"),
              ("last_date", "string")]


def _x(v: Any) -> str:
    if isinstance(v, list):
        v = "; ".join(str(x) for x in v)
    elif isinstance(v, bool):
        v = "true" if v else "false"
    return _XML_BAD.sub("", "" if v is None else str(v))


def whole_date(iso: str | None, *, end: bool = False) -> str | None:
    """A date at any ISO precision as a whole day: the first day of its period, or with
    ``end`` its last (``2026-02`` -> ``2026-02-01`` / ``2026-02-28``)."""
    if not iso:
        return None
    parts = iso[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else (12 if end else 1)
        if len(parts) > 2:
            day = int(parts[2])
        else:
            day = calendar.monthrange(year, month)[1] if end else 1
    except (ValueError, IndexError, calendar.IllegalMonthError):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def pairs(store: Store) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Nodes (companies in an alliance) and edges, one per pair of companies."""
    net = store.network()
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    # most recent alliance first, so a pair's first alliance seen gives its stage and claim
    for e in net["edges"]:
        pair = (min(e["source"], e["target"]), max(e["source"], e["target"]))
        m = merged.get(pair)
        if m is None:
            merged[pair] = {**e, "source": pair[0], "target": pair[1],
                            "alliance": [e["alliance"]], "alliances": 1}
            continue
        m["alliance"].append(e["alliance"])
        m["alliances"] += 1
        m["reports"] += e["reports"]
        m["denied"] = m["denied"] or e["denied"]
        dates = [d for d in (m["first_date"], e["first_date"]) if d]
        m["first_date"] = min(dates) if dates else None
        dates = [d for d in (m["last_date"], e["last_date"]) if d]
        m["last_date"] = max(dates) if dates else None
    edges = sorted(merged.values(), key=lambda e: (e["source"], e["target"]))
    for e in edges:
        e["weight"] = max(1, e["reports"])
        e["start"] = whole_date(e["first_date"] or e["last_date"])
        e["end"] = whole_date(e["last_date"] or e["first_date"], end=True)
    return net["nodes"], edges


def to_graphml(store: Store) -> bytes:
    """The network as GraphML (edge ``weight`` a double, ``start``/``end`` dates)."""
    nodes, edges = pairs(store)
    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    edge_attrs = [*EDGE_ATTRS, ("weight", "double"), ("start", "string"), ("end", "string")]
    for where, attrs in (("node", NODE_ATTRS), ("edge", edge_attrs)):
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
        for name, _ in edge_attrs:
            if e[name] is not None:
                ET.SubElement(el, "data", key=f"e_{name}").text = _x(e[name])
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def to_gexf(store: Store) -> bytes:
    """The network as GEXF 1.3, dynamic: each dated edge has ``start``/``end`` dates."""
    nodes, edges = pairs(store)
    root = ET.Element("gexf", {"xmlns": "http://gexf.net/1.3", "version": "1.3"})
    ET.SubElement(ET.SubElement(root, "meta"), "creator").text = "tieup"
    g = ET.SubElement(root, "graph", defaultedgetype="undirected", mode="dynamic",
                      timeformat="date")
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
        attrib = {"id": str(k), "source": _x(e["source"]), "target": _x(e["target"]),
                  "label": _x(e["alliance"]), "weight": str(float(e["weight"]))}
        if e["start"]:
            attrib.update(start=e["start"], end=e["end"])
        edge = ET.SubElement(el_edges, "edge", attrib)
        vals = ET.SubElement(edge, "attvalues")
        for i, (name, _) in enumerate(EDGE_ATTRS):
            ET.SubElement(vals, "attvalue", {"for": str(i), "value": _x(e[name])})
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
