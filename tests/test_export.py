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
        s.add(Article(id=aid, text=text, published=date, outlet="Test Wire",
                      url=f"https://news.example/{aid}", title=f"Story {aid}"), res,
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
    assert json.loads(dump(store, table, "json")) == want
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
    honda_lg = g.get_edge_data("Honda", "LG Energy Solution")
    assert float(honda_lg["weight"]) >= 1
    assert (honda_lg["start"], honda_lg["end"]) == ("2026-02-01", "2026-02-01")


def test_network_has_one_edge_per_pair_with_summed_weight():
    """Honda and Toyota are parties of two alliances: one edge, both alliances in it."""
    s = tieup.Store(":memory:")
    texts = {"p1": ("2026-01-10", "Honda and Toyota agreed to a battery supply deal, Reuters reported."),
             "p2": ("2026-03", "Toyota, Panasonic and Honda are in talks about a shared battery "
                               "recycling venture, Nikkei reported.")}
    for aid, (date, text) in texts.items():
        s.add(Article(id=aid, text=text, published=date),
              tieup.extract(text, published=date, options=RULES), extractor_version="t")
    keys = {a["key"] for a in s.alliances()}
    assert {"Honda + Toyota", "Honda + Panasonic + Toyota"} <= keys
    _, edges = export.network(s)
    pairs = [(e["source"], e["target"]) for e in edges]
    assert len(pairs) == len(set(pairs))
    ht = next(e for e in edges if (e["source"], e["target"]) == ("Honda", "Toyota"))
    assert ht["alliances"] == 2 and sorted(ht["alliance"]) == sorted(
        ["Honda + Toyota", "Honda + Panasonic + Toyota"])
    assert (ht["start"], ht["end"]) == ("2026-01-10", "2026-03-31")  # a month ends on its last day
    nx = pytest.importorskip("networkx")
    g = nx.read_gexf(io.BytesIO(dump(s, "alliances", "gexf")))
    assert not g.is_multigraph() and g.number_of_edges() == len(edges)
    assert g.get_edge_data("Honda", "Toyota")["alliances"] == 2
    s.close()


def test_whole_dates_for_the_timeline():
    from tieup.graph import whole_date

    assert whole_date("2024-02", end=True) == "2024-02-29"
    assert whole_date("2026") == "2026-01-01" and whole_date("2026", end=True) == "2026-12-31"
    assert whole_date("2026-02-03T10:00:00Z") == "2026-02-03"
    assert whole_date(None) is None and whole_date("someday") is None


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


def test_parquet_reads_back_with_pyarrow_in_the_documented_schema(store, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    for table in export.TABLES:
        p = tmp_path / f"{table}.parquet"
        p.write_bytes(dump(store, table, "parquet"))
        got = pq.read_table(p)
        assert got.to_pylist() == export.rows(store, table)
        assert got.schema.equals(export.arrow_schema(table))
    empty = tieup.Store(":memory:")
    p = tmp_path / "empty.parquet"
    p.write_bytes(dump(empty, "alliances", "parquet"))  # no rows to guess from: same schema
    assert pq.read_table(p).schema.equals(export.arrow_schema("alliances"))
    empty.close()


def test_every_format_reads_back_in_one_line_with_pandas(store, tmp_path):
    pd = pytest.importorskip("pandas")
    for table in export.TABLES:
        want = export.rows(store, table)
        for fmt in ("json", "jsonl", "csv", "parquet"):
            p = tmp_path / f"{table}.{fmt}"
            p.write_bytes(dump(store, table, fmt))
            df = {"json": lambda x: pd.read_json(x, dtype=False),
                  "jsonl": lambda x: pd.read_json(x, lines=True, dtype=False),
                  "csv": lambda x: pd.read_csv(x, dtype=str, keep_default_na=False),
                  "parquet": pd.read_parquet}[fmt](p)
            assert list(df.columns) == export.COLUMNS[table] and len(df) == len(want), (table, fmt)
            first = export.COLUMNS[table][0]
            assert [str(v) for v in df[first]] == [str(r[first]) for r in want], (table, fmt)
    csv_text = dump(store, "alliances", "csv").decode()
    assert "\r" not in csv_text and csv_text.splitlines()[1].endswith(",false") and "False" not in csv_text


def test_alliances_carry_their_articles_urls_titles_and_outlets(store):
    by_key = {a["key"]: a for a in export.rows(store, "alliances")}
    hl = by_key["Honda + LG Energy Solution"]
    assert hl["article_urls"] == [f"https://news.example/{a}" for a in hl["articles"]]
    assert hl["article_titles"] == [f"Story {a}" for a in hl["articles"]]
    assert hl["outlets"] == ["Test Wire"] and hl["first_date"] == "2026-02-01"
    assert hl["first_ingested"] and hl["first_ingested"] <= hl["last_ingested"]
    claims = export.rows(store, "claims")
    assert all(c["title"] == f"Story {c['article_id']}" and c["url"].endswith(c["article_id"])
               for c in claims)


def test_the_data_dictionary_in_docs_is_the_one_in_code():
    from pathlib import Path

    from tieup import columns

    doc = Path(__file__).resolve().parents[1] / "docs" / "data-dictionary.md"
    assert doc.read_text(encoding="utf-8") == columns.markdown() + "\n"
    assert all(kind in columns.TYPES for fs in columns.FIELDS.values() for _, kind, _ in fs)


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
    assert out.out.startswith("id,name,kind,country,aliases,alliances") and "exported" in out.err
    assert main(["export", "--db", str(db), "--format", "parquet"]) == 2
    assert "-o" in capsys.readouterr().err
    assert main(["export", "--db", str(db), "--format", "gexf", "-o", str(tmp_path / "n.gexf")]) == 0
    assert (tmp_path / "n.gexf").read_bytes().startswith(b"<?xml")


def test_companies_carry_the_country_the_list_gives_and_no_guess(store):
    by_name = {c["name"]: c for c in export.rows(store, "companies")}
    assert by_name["Honda"]["country"] == "JP" and by_name["LG Energy Solution"]["country"] == "KR"
    from tieup import resolve

    assert resolve.country("Zorblax Widgets") is None  # not in the list: empty, not guessed
