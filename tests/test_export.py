"""Exports read back by their own readers (csv, json, networkx, pyarrow, pandas) and
compared with the store."""

from __future__ import annotations

import csv
import io
import json
import sys

import pytest

import tieup
from tieup import export
from tieup.cli import main
from tieup.model import Article

RULES = tieup.Options(model=False)
STORIES = {
    "s1": ("2026-02-01", "Honda and LG Energy Solution agreed to form a joint venture to make "
                         "battery cells in Ohio, the companies said on Tuesday."),
    "s2": ("2026-02-03", "LG Energy Solution denied a report that it was in talks with Toyota "
                         "over a battery supply deal."),
    "s3": ("2026-02-04", "Toyota, Panasonic and Honda are in talks about a shared battery "
                         "recycling venture, Nikkei reported."),
}


@pytest.fixture(scope="module")
def store():
    s = tieup.Store(":memory:")
    for aid, (date, text) in STORIES.items():
        res = tieup.extract(text, published=date, options=RULES)
        s.add(Article(id=aid, text=text, published=date, outlet="Test Wire"), res,
              extractor_version="t")
    yield s
    s.close()


def dump(store, table, fmt) -> bytes:
    buf = io.BytesIO()
    export.write(store, table, fmt, buf)
    return buf.getvalue()


def test_the_fixture_store_has_what_the_exports_need(store):
    keys = {a["key"] for a in store.alliances()}
    assert "Honda + LG Energy Solution" in keys and "Honda + Panasonic + Toyota" in keys
    assert any(a["claim"] == "denied" for a in store.alliances())


@pytest.mark.parametrize("table", export.TABLES)
def test_json_jsonl_and_csv_read_back_equal_the_store(store, table):
    want = export.rows(store, table)
    assert json.loads(dump(store, table, "json")) == {table: want}
    assert [json.loads(x) for x in dump(store, table, "jsonl").decode().splitlines()] == want
    got = list(csv.DictReader(io.StringIO(dump(store, table, "csv").decode())))
    assert [list(r) for r in got][0] == export.COLUMNS[table]
    assert [r[export.COLUMNS[table][0]] for r in got] == [str(w[export.COLUMNS[table][0]]) for w in want]
    assert got[0]["parties" if table != "companies" else "name"] == export._cell(
        want[0]["parties" if table != "companies" else "name"])


def test_claims_carry_their_article_and_evidence(store):
    claims = export.rows(store, "claims")
    assert {c["article_id"] for c in claims} == set(STORIES)
    for c in claims:
        assert c["evidence"] and all(e in STORIES[c["article_id"]][1] for e in c["evidence"])
        assert c["outlet"] == "Test Wire"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_opens_in_networkx(store, fmt, tmp_path):
    nx = pytest.importorskip("networkx")
    p = tmp_path / f"net.{fmt}"
    p.write_bytes(dump(store, "alliances", fmt))
    g = nx.read_graphml(p) if fmt == "graphml" else nx.read_gexf(p)
    nodes, edges = export.network(store)
    assert set(g.nodes) == {n["id"] for n in nodes}
    assert g.number_of_edges() == len(edges)
    denied = [e for e in edges if e["denied"]]
    assert denied
    data = g.get_edge_data(denied[0]["source"], denied[0]["target"])
    assert str(data["stage"]) == denied[0]["stage"] and data["denied"] in (True, "true")
    assert g.nodes["Honda"]["kind"] == "automaker"


def test_names_that_xml_cannot_hold_are_cleaned_not_fatal():
    from tieup.model import Alliance, ArticleResult, Claim, Span, Stage

    nx = pytest.importorskip("networkx")
    s = tieup.Store(":memory:")
    text = "Honda and Acme\x07 <Corp> & Co agreed to a supply deal."
    a = Alliance(parties=["Honda", "Acme\x07 <Corp> & Co"], primary=True, stage=Stage.AGREED,
                 claim=Claim.REPORTED, structure=[], evidence=[Span(0, len(text), text)])
    s.add(Article(id="x", text=text), ArticleResult("x", None, None, "en", [a]),
          extractor_version="t")
    import xml.etree.ElementTree as ET

    for fmt in ("graphml", "gexf"):
        ET.fromstring(dump(s, "alliances", fmt))
    g = nx.read_graphml(io.BytesIO(dump(s, "alliances", "graphml")))
    assert "Acme <Corp> & Co" in g.nodes
    s.close()


def test_parquet_reads_back_with_pyarrow(store, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    for table in export.TABLES:
        p = tmp_path / f"{table}.parquet"
        p.write_bytes(dump(store, table, "parquet"))
        assert pq.read_table(p).to_pylist() == export.rows(store, table)


def test_alliances_frame(store):
    pytest.importorskip("pandas")
    df = store.alliances_frame()
    assert list(df.columns) == export.COLUMNS["alliances"]
    assert len(df) == len(store.alliances(include_rejected=True))
    assert list(df.loc[df.key == "Honda + LG Energy Solution", "parties"].iloc[0]) == [
        "Honda", "LG Energy Solution"]


def test_missing_extra_says_what_to_install(store, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(export.MissingExtra, match=r"tieup\[frames\]"):
        store.alliances_frame()
    with pytest.raises(export.MissingExtra, match="pyarrow"):
        dump(store, "alliances", "parquet")


def test_export_command(tmp_path, capsys):
    db = tmp_path / "e.db"
    s = tieup.Store(db)
    for aid, (date, text) in STORIES.items():
        s.add(Article(id=aid, text=text, published=date), tieup.extract(text, options=RULES),
              extractor_version="t")
    s.close()
    assert main(["export", "--db", str(db), "--format", "csv", "--table", "companies"]) == 0
    out = capsys.readouterr()
    assert out.out.startswith("name,kind,aliases,alliances") and "exported" in out.err
    assert main(["export", "--db", str(db), "--format", "parquet"]) == 2
    assert "-o" in capsys.readouterr().err
    assert main(["export", "--db", str(db), "--format", "gexf", "-o", str(tmp_path / "n.gexf")]) == 0
    assert (tmp_path / "n.gexf").read_bytes().startswith(b"<?xml")
