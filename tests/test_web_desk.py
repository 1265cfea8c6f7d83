"""The web app as an analyst uses it: lists that keep their state across every page,
downloads, filters, search, scale in companies, and the security edges (hosts, HEAD, bad
parameters, bidi characters, names holding " + ")."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from tieup.model import Alliance, Area, Article, ArticleResult, Claim, Span, Stage, Structure
from tieup.store import Store
from tieup.web import create_app
from tieup.web.app import host_of
from tieup.web.text import clean, places, title

BASE = "http://127.0.0.1:8000"
STAGES = list(Stage)
STRUCTURES = list(Structure)
OUTLETS = ["Reuters", "Bloomberg", "Nikkei"]
N_FIRMS, N_ALLIANCES = 60, 500


def firm(i: int) -> str:
    return f"Firm{i:02d} Holdings"


def _add(s: Store, aid: str, parties: list[str], *, published: str, stage: Stage = Stage.TALKS,
         claim: Claim = Claim.REPORTED, structure: Structure = Structure.COLLABORATION,
         outlet: str | None = None, title_: str | None = None, text: str | None = None,
         places_: list[str] | None = None, spans: list[tuple[int, int]] | None = None) -> None:
    text = text or f"{' and '.join(parties)} are working together on a new plant, sources said."
    ev = [Span(a, b, text[a:b]) for a, b in (spans or [(0, len(text))])]
    a = Alliance(parties=parties, primary=True, stage=stage, claim=claim, structure=[structure],
                 areas=[Area.MANUFACTURING], evidence=ev, places=places_ or [])
    art = Article(id=aid, text=text, title=title_, published=published, outlet=outlet)
    s.add(art, ArticleResult(aid, published, title_, "en", [a]), extractor_version="test")


def pairs() -> list[tuple[int, int]]:
    return [(i, j) for i in range(N_FIRMS) for j in range(i + 1, N_FIRMS)][:N_ALLIANCES]


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> TestClient:
    """500 alliances between 60 companies, over 24 months, every stage, structure, outlet."""
    db = tmp_path_factory.mktemp("desk") / "desk.db"
    with Store(db) as s:
        for n, (i, j) in enumerate(pairs()):
            _add(s, f"a{n:04d}", [firm(i), firm(j)], published=f"{2025 + n % 2}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                 stage=STAGES[n % len(STAGES)], structure=STRUCTURES[n % len(STRUCTURES)],
                 outlet=OUTLETS[n % len(OUTLETS)])
    return TestClient(create_app(db), base_url=BASE)


def _next_html(html: str) -> str | None:
    m = re.search(r'<a rel="next" href="([^"]+)"', html)
    return unescape(m.group(1)) if m else None


def _keys_html(html: str) -> list[str]:
    return [unescape(k) for k in re.findall(r'<a class="alliance" href="/alliances/([^"]+)"', html)]


@pytest.mark.parametrize("query", ["per_page=20", "per_page=37&sort=parties&order=desc",
                                   "per_page=20&stage=agreed&sort=reports",
                                   "sort=recent&order=asc&structure=supply&per_page=9",
                                   "outlet=reuters&until=2025-12-31&per_page=15"])
def test_every_page_of_a_list_is_shown_once_in_html_and_json(big, query):
    want = parse_qs(query)
    first = big.get("/alliances.json?" + query).json()
    total, per_page = first["total"], first["per_page"]
    assert total > per_page
    seen_json: list[str] = []
    url: str | None = "/alliances.json?" + query
    while url:
        d = big.get(url).json()
        assert len(d["alliances"]) <= per_page
        seen_json += [a["key"] for a in d["alliances"]]
        for link in [d["next"], d["prev"], *d["sort_links"].values(),
                     *(p["url"] for p in d["page_links"] if p and p["url"])]:
            if link:
                parts = urlsplit(link)
                assert parts.path == "/alliances.json", link  # the JSON twin walks JSON
                q = parse_qs(parts.query)
                for k in ("per_page", "stage", "structure", "outlet", "until"):
                    assert q.get(k) == want.get(k), (link, k)
        url = d["next"]
    assert len(seen_json) == total == len(set(seen_json))
    seen_html: list[str] = []
    url = "/alliances?" + query
    while url:
        r = big.get(url)
        assert r.status_code == 200
        seen_html += _keys_html(r.text)
        for href in re.findall(r'href="(/alliances\?[^"]+)"', r.text):
            q = parse_qs(urlsplit(unescape(href)).query)
            assert q.get("per_page") == want.get("per_page"), href  # sort and page links keep it
        url = _next_html(r.text)
    assert [k.replace("%20", " ").replace("%2B", "+") for k in seen_html] == seen_json
    # in the same order as the list read as one page (the pages neither skip nor repeat)
    pages = [big.get(f"/alliances.json?{query}&page={p}").json() for p in range(1, first["pages"] + 1)]
    assert [a["key"] for d in pages for a in d["alliances"]] == seen_json


def test_sort_links_flip_and_keep_filters(big):
    d = big.get("/alliances.json?stage=talks&per_page=20&sort=parties&order=asc").json()
    flip = parse_qs(urlsplit(d["sort_links"]["parties"]).query)
    assert flip["order"] == ["desc"] and flip["stage"] == ["talks"] and flip["per_page"] == ["20"]
    other = parse_qs(urlsplit(d["sort_links"]["recent"]).query)
    assert other["order"] == ["desc"] and "page" not in other
    html = big.get("/alliances?stage=talks&per_page=20&sort=parties&order=asc").text
    assert 'aria-sort="ascending"' in html
    assert '<input type="hidden" name="order" value="asc">' in html
    assert '<input type="hidden" name="per_page" value="20">' in html
    keys = [a["key"] for a in big.get("/alliances.json?sort=parties&order=asc&per_page=200").json()["alliances"]]
    assert keys == sorted(keys)


def test_filters_structure_outlet_until(big):
    every = big.get("/alliances.json?per_page=200").json()["total"]
    assert every == N_ALLIANCES
    sup = big.get("/alliances.json?structure=supply&per_page=200").json()
    assert sup["total"] == sum(1 for n in range(N_ALLIANCES) if STRUCTURES[n % len(STRUCTURES)] == Structure.SUPPLY)
    assert all("supply" in a["structure"] for a in sup["alliances"])
    nik = big.get("/alliances.json?outlet=NIKKEI").json()["total"]
    assert nik == sum(1 for n in range(N_ALLIANCES) if n % 3 == 2)
    until = big.get("/alliances.json?until=2025-12-31&per_page=200").json()
    assert until["total"] == N_ALLIANCES // 2
    assert all(a["last_date"] <= "2025-12-31" for a in until["alliances"])
    window = big.get("/alliances.json?since=2025-03-01&until=2025-03-31").json()
    assert window["total"] and all(a["last_date"].startswith("2025-03") for a in window["alliances"])
    assert big.get("/alliances?since=2026-01-01&until=2025-01-01").status_code == 400


def test_downloads_hold_the_whole_filtered_list(big):
    page = big.get("/alliances.json?stage=ended&per_page=10&sort=parties&order=asc").json()
    want = [a["key"] for a in big.get("/alliances.json?stage=ended&per_page=200&sort=parties&order=asc").json()["alliances"]]
    r = big.get(page["downloads"]["csv"])
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["key"] for row in rows] == want and len(want) > 10
    j = big.get(page["downloads"]["json"]).json()
    assert [a["key"] for a in j["alliances"]] == want and j["truncated"] is False
    assert j["filters"]["stage"] == "ended"
    assert big.get("/download/alliances.xml").status_code == 404


def test_companies_page_and_queries_stay_flat(big, tmp_path):
    d = big.get("/companies.json").json()
    assert d["total"] == N_FIRMS and len(d["companies"]) == N_FIRMS and d["next"] is None
    top = big.get("/companies.json?sort=alliances").json()["companies"]
    assert [c["alliances"] for c in top] == sorted((c["alliances"] for c in top), reverse=True)
    home = big.get("/index.json").json()
    assert [c["name"] for c in home["companies"]] == [c["name"] for c in top[:12]]
    assert sum(b["alliances"] for b in home["chart"]["bars"]) == N_ALLIANCES
    assert len(home["chart"]["bars"]) == 24  # every month of 2025 and 2026
    # the number of statements behind a page of companies does not grow with the companies
    db = tmp_path / "flat.db"
    counts = []
    with Store(db) as s:
        for n in (40, 400):
            s.db.executemany("INSERT OR IGNORE INTO companies (name) VALUES (?)", [(f"C{i}",) for i in range(n)])
            s.db.execute("INSERT OR IGNORE INTO aliases SELECT 'k' || id, name, id, 'auto' FROM companies")
            seen: list[str] = []
            s.db.set_trace_callback(seen.append)
            assert len(s.companies(limit=100)) == min(n, 100)
            s.companies(sort="alliances", limit=12)
            s.db.set_trace_callback(None)
            counts.append(len(seen))
            plan = " ".join(r[3] for r in s.db.execute(
                "EXPLAIN QUERY PLAN SELECT alias FROM aliases WHERE company_id = 1"))
            assert "aliases_by_company" in plan
    assert counts[0] == counts[1] <= 4


def test_company_page_pages_and_chart(tmp_path):
    db = tmp_path / "many.db"
    with Store(db) as s:
        s.db.executemany("INSERT INTO companies (name) VALUES (?)", [(f"Co{i:03d}",) for i in range(250)])
        _add(s, "x", ["Co001", "Co002"], published="2026-02-03")
    c = TestClient(create_app(db), base_url=BASE)
    p1 = c.get("/companies.json").json()
    assert p1["pages"] == 3 and len(p1["companies"]) == 100 and p1["next"] == "/companies.json?page=2"
    names = []
    url = "/companies.json"
    while url:
        d = c.get(url).json()
        names += [x["name"] for x in d["companies"]]
        url = d["next"]
    assert len(names) == len(set(names)) == 250
    assert c.get("/companies?page=9").status_code == 404
    co = c.get("/companies/Co001.json").json()
    bars = co["chart"]["bars"]
    assert [(b["month"], b["alliances"]) for b in bars if b["alliances"]] == [("2026-02", 1)]
    assert len(bars) == 12 and bars[-1]["month"] == "2026-02"  # drawn on a year at least


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> TestClient:
    db = tmp_path_factory.mktemp("desk-small") / "small.db"
    with Store(db) as s:
        text = ("General Motors and Honda will build cheaper electric cars together. The plan covers "
                "plants in the US. Honda said it will invest. Production starts in Ohio next year.")
        second = text.index("The plan")
        _add(s, "gm1", ["General Motors", "Honda"], published="2026-01-05", outlet="Reuters",
             title_="Create a free account to continue", text=text,
             places_=["US", "USA", "United States", "Ohio"],
             spans=[(second, text.index("Honda said") - 1), (0, second - 1)])
        _add(s, "or1", ["Oracle", "Nvidia"], published="2026-01-06",
             text="Oracle and Nvidia agreed to a cloud deal, or so the companies said.")
        _add(s, "bidi", ["Acme\u202eLtd", "Sp\u200bam\u2066Corp"], published="2026-01-07",
             text="Acme\u202eLtd and Sp\u200bam\u2066Corp agreed to merge.")
        _add(s, "plus", ["A + B Ltd", "Cee"], published="2026-01-08", text="A + B Ltd and Cee agreed to merge.")
        _add(s, "odd", ["Slash/Works ?#%", "Eee"], published="2026-01-08",
             text="Slash/Works ?#% and Eee agreed to merge.")
        _add(s, "formula", ["=HYPERLINK(1)", "Dee"], published="2026-01-09", text="=HYPERLINK(1) and Dee met.")
    return TestClient(create_app(db, allowed_hosts=["tieup.example"]), base_url=BASE)


def test_search_resolves_aliases_matches_whole_words_and_says_when_it_cuts(small):
    gm = small.get("/search.json?q=General Motors").json()
    assert [c["name"] for c in gm["companies"]] == ["GM"]  # the gazetteer's name for it
    assert [a["parties"] for a in gm["alliances"]] == [["GM", "Honda"]]
    assert [c["name"] for c in small.get("/search.json?q=GM").json()["companies"]] == ["GM"]
    assert small.get("/search.json?q=OR").json()["companies"] == []  # not "Oracle"
    assert [c["name"] for c in small.get("/search.json?q=oracle").json()["companies"]] == ["Oracle"]
    long = small.get("/search.json?q=" + "honda " * 60).json()
    assert long["cut"] is True and len(long["q"]) == 200
    assert "only its first 200 were searched" in small.get("/search?q=" + "honda " * 60).text
    assert "No company is named" in small.get("/search?q=zzzz").text


def test_titles_places_and_context_once(small):
    art = small.get("/articles/gm1.json").json()
    assert art["heading"] == "General Motors and Honda will build cheaper electric cars together."
    opened = [lab for seg in art["segments"] for lab in seg["starts"]]
    assert opened.count("party: General Motors") == 1 and opened.count("party: Honda") == 2  # once per mark
    page = small.get("/articles/gm1").text
    assert re.search(r'<span class="sr-only">\[[^\]]*party: General Motors', page)  # said where it opens
    assert "<h1>General Motors and Honda will build" in page and "Create a free account" not in page.split("<h1>")[1][:200]
    a = small.get("/alliances/GM%20%2B%20Honda.json").json()
    assert a["places"] == [{"name": "United States", "kind": "country"}, {"name": "Ohio", "kind": "place"}]
    ev = a["timeline"][0]["evidence"]
    assert len(ev) == 2
    shown = "".join(e["before"] + "".join(s["text"] for s in e["segments"]) + e["after"] for e in ev)
    assert shown.count("The plan covers") == 1  # the second sentence is not repeated as context
    assert a["timeline"][0]["title"].startswith("General Motors and Honda")
    assert title("Sign in to read", "First one. Second.") == "First one."
    assert title("Ford and VW agree", "x") == "Ford and VW agree"
    assert places(["UK", "Britain", "Valencia"]) == [{"name": "United Kingdom", "kind": "country"},
                                                     {"name": "Valencia", "kind": "place"}]


def test_allowed_hosts(small):
    assert small.get("/", headers={"host": "evil.example"}).status_code == 400
    assert small.get("/alliances.json", headers={"host": "rebind.attacker.test:8000"}).status_code == 400
    for ok in ("localhost:8000", "127.0.0.1", "[::1]:8000", "tieup.example", "TIEUP.example:80"):
        assert small.get("/index.json", headers={"host": ok}).status_code == 200, ok
    assert host_of("[::1]:8000") == "::1" and host_of("a.b:99") == "a.b"


def test_head_and_bad_parameters(small):
    for page in ("/", "/alliances", "/companies.json", "/alliances/GM%20%2B%20Honda", "/static/style.css"):
        r = small.head(page)
        assert r.status_code == 200 and r.content == b"", page
        assert int(r.headers["content-length"]) > 0
    r = small.get("/alliances?page=abc")
    assert r.status_code == 400 and r.headers["content-type"].startswith("text/html")
    assert "bad parameter" in r.text and "<h1>400" in r.text
    assert small.get("/alliances.json?per_page=x").json()["error"].startswith("bad parameter")
    assert small.get("/alliances?page=99").status_code == 404
    assert small.get("/search?q=honda&page=0").status_code == 400


def test_bidi_and_invisible_characters_are_not_rendered(small):
    assert clean("a\u202eb\u200bc\u2066d\ne") == "abcd\ne"
    for page in ("/", "/alliances", "/companies", "/articles/bidi", "/search?q=acme",
                 "/network", "/alliances?company=Acme%E2%80%AELtd"):
        html = small.get(page).text
        for ch in ("\u202e", "\u200b", "\u2066"):
            assert ch not in html, (page, hex(ord(ch)))
    assert "AcmeLtd" in small.get("/alliances").text


def test_a_name_holding_the_separator_stays_one_party(small):
    d = small.get("/alliances.json").json()
    plus = next(a for a in d["alliances"] if "Cee" in a["parties"])
    assert sorted(plus["parties"]) == ["A + B Ltd", "Cee"]
    page = small.get(plus["url"] + ".json").json()
    assert page["parties"] == plus["parties"] and page["stance"].keys() == {"A + B Ltd", "Cee"}
    assert small.get(plus["url"]).status_code == 200
    odd = next(a for a in d["alliances"] if "Eee" in a["parties"])
    assert "Slash/Works ?#%" in odd["parties"]
    assert small.get(odd["url"] + ".json").json()["key"] == odd["key"]
    assert small.get(odd["party_urls"]["Slash/Works ?#%"] + ".json").json()["name"] == "Slash/Works ?#%"


def test_csv_download_cannot_run_formulas(small):
    r = small.get("/download/alliances.csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    cell = next(row["parties"] for row in rows if "Dee" in row["parties"])
    assert not any(p.startswith("=") for p in cell.split("; ")), cell
    j = json.loads(small.get("/download/alliances.json").text)
    assert any("=HYPERLINK(1)" in a["parties"] for a in j["alliances"])  # JSON keeps the data as it is


def test_empty_states_and_counts_that_say_what_they_count(small):
    net = small.get("/network?company=Nobody").text
    assert "no network to draw" in net and 'id="graph"' not in net
    full = small.get("/network.json").json()
    assert full["counts"]["alliances"] == len(full["alliances"]) <= full["counts"]["links"]
    assert "drawn as" in small.get("/network").text
    assert "Outlet reports" in small.get("/alliances").text
    footer = small.get("/").text
    assert "Data as of" in footer and "MB</p>" in footer


def test_company_counts_kept_in_step_with_rejections_and_merges(tmp_path):
    with Store(tmp_path / "counts.db") as s:
        _add(s, "c1", ["Firm01 Holdings", "Firm02 Holdings"], published="2026-01-01")
        _add(s, "c2", ["Firm01 Holdings", "Firm03 Holdings"], published="2026-01-02")
        _add(s, "c3", ["Firm03 Holdings", "Firm04 Holdings"], published="2026-01-03")

        def check() -> dict[str, int]:
            kept = {c["name"]: c["alliances"] for c in s.companies()}
            real = {c: sum(c in a["parties"] for a in s.alliances()) for c in kept}
            assert kept == real
            return kept

        assert check()["Firm01 Holdings"] == 2
        s.reject(["Firm01 Holdings", "Firm02 Holdings"])
        assert check()["Firm02 Holdings"] == 0
        s.merge("Firm04 Holdings", "Firm01 Holdings")
        assert check()["Firm04 Holdings"] == 1  # its two alliances with Firm03 became one
        assert [c["name"] for c in s.companies(sort="alliances", limit=2)] == ["Firm03 Holdings", "Firm04 Holdings"]


def test_search_follows_corrections_and_ranks_or_orders_by_date(tmp_path, monkeypatch):
    from tieup import queries

    db = tmp_path / "s.db"
    with Store(db) as s:
        _add(s, "s1", ["Firm01 Holdings", "Firm02 Holdings"], published="2026-01-01",
             text="Firm01 Holdings and Firm02 Holdings share a plant. A plant, a plant.")
        _add(s, "s2", ["Firm01 Holdings", "Firm03 Holdings"], published="2026-01-02",
             text="Firm01 Holdings and Firm03 Holdings share a plant.")
        s.alias("Big Blue Machines", "Firm02 Holdings")
        assert [c["name"] for c in s.search("blue")["companies"]] == ["Firm02 Holdings"]
        s.alias("Big Blue Machines", "Firm03 Holdings")  # corrected again: the index follows
        assert [c["name"] for c in s.search("blue")["companies"]] == ["Firm03 Holdings"]
        ranked = s.search("plant")
        assert ranked["articles_total"] == 2 and ranked["articles_order"] == "relevance"
        monkeypatch.setattr(queries, "RANKED_MAX", 1)
        newest = s.search("plant")
        assert newest["articles_order"] == "newest"
        assert [a["id"] for a in newest["articles"]] == ["s2", "s1"]


def test_cached_pages_follow_every_write(tmp_path):
    db = tmp_path / "live.db"
    with Store(db) as s:
        _add(s, "l1", ["Firm01 Holdings", "Firm02 Holdings"], published="2026-01-01")
    c = TestClient(create_app(db), base_url=BASE)
    assert c.get("/index.json").json()["counts"]["alliances"] == 1
    assert len(c.get("/network.json").json()["edges"]) == 1
    assert "store: 1 articles, 1 alliances" in c.get("/companies").text
    for n in range(2, 5):
        with Store(db) as s:  # another process's ingest, between two page views
            _add(s, f"l{n}", ["Firm01 Holdings", f"Firm0{n + 1} Holdings"], published=f"2026-01-0{n}")
        assert c.get("/index.json").json()["counts"]["alliances"] == n
        assert len(c.get("/network.json").json()["edges"]) == n
        assert f"{n} alliances" in c.get("/companies").text  # the footer


def test_search_pages_through_every_hit(big):
    names: list[str] = []
    keys: list[str] = []
    url: str | None = "/search.json?q=holdings"
    pages = 0
    while url:
        d = big.get(url).json()
        assert urlsplit(url).path == "/search.json"
        names += [c["name"] for c in d["companies"]]
        keys += [a["key"] for a in d["alliances"]]
        url, pages = d["next"], pages + 1
    # 20 hits of each kind a page: the 60 companies end on page 3, their 500 alliances on 25
    assert pages == 25 and len(names) == len(set(names)) == N_FIRMS
    assert len(keys) == len(set(keys)) == N_ALLIANCES
    html = big.get("/search?q=holdings").text
    assert 'rel="next" href="/search?q=holdings&amp;page=2"' in html
