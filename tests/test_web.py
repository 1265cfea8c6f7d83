"""The web app through the in-process test client: every page, its JSON twin, safety."""

from __future__ import annotations

import hashlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import tieup
from tieup.model import Alliance, Article, ArticleResult, Claim, Span, Stage, Structure
from tieup.store import Store, StoreError
from tieup.web import create_app
from tieup.web.app import CSP

RULES = tieup.Options(model=False)
V = "test"
TALKS = ("Ford Motor Co. and Geely are in talks about sharing a plant in Spain, Reuters reported, "
         "citing people familiar with the matter.")
DENIAL = "Geely denied a report that it was in talks with Ford over a plant in Spain."
SIGNED = "Toyota and Panasonic signed an agreement to make batteries together, the companies said."
# untrusted strings: in a title, in the text, and as company names
XSS = '<script>alert("x")</script>'
ATTR = '"><img src=x onerror=alert(1)>'
EVIL_A = 'Evil <script>alert(2)</script> Corp'
EVIL_B = 'Bad"><svg onload=alert(3)> Ltd'


def _add(store: Store, aid: str, text: str, **kw) -> None:
    art = Article(id=aid, text=text, **kw)
    store.add(art, tieup.extract(text, published=art.published, options=RULES), extractor_version=V)


def _evil(store: Store) -> None:
    text = f"{EVIL_A} and {EVIL_B} signed a pact. {XSS} {ATTR}"
    a = Alliance(parties=[EVIL_A, EVIL_B], primary=True, stage=Stage.AGREED, claim=Claim.DENIED,
                 structure=[Structure.COLLABORATION], evidence=[Span(0, len(text), text)],
                 denied_by=[EVIL_B], sources=[ATTR])
    art = Article(id="evil<1>", text=text, title=XSS, url="javascript:alert(4)", published="2026-02-01")
    store.add(art, ArticleResult(art.id, art.published, art.title, "en", [a]), extractor_version=V)


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    db = tmp_path_factory.mktemp("web") / "web.db"
    with Store(db) as s:
        _add(s, "a1", TALKS, published="2026-01-10", title="Ford and Geely weigh a plant")
        _add(s, "a2", DENIAL, published="2026-01-12", title="Geely says no")
        _add(s, "b1", SIGNED, published="2026-03-01")
        _evil(s)
    return TestClient(create_app(db), base_url="http://127.0.0.1:8000")


PAGES = ["/", "/search?q=geely", "/alliances", "/alliances?company=Ford&sort=parties&order=asc",
         "/alliances/Ford%20%2B%20Geely", "/companies", "/companies/Ford", "/articles/a2",
         "/network", "/network?area=batteries"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_and_its_json_twin(client, page):
    r = client.get(page)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["content-security-policy"] == CSP
    path, _, query = page.partition("?")
    twin = ("/index" if path == "/" else path) + ".json" + ("?" + query if query else "")
    assert f'href="{twin.replace("&", "&amp;")}"' in r.text  # the page links its twin
    j = client.get(twin)
    assert j.status_code == 200 and j.headers["content-type"] == "application/json"
    assert isinstance(j.json(), dict)


def test_alliances_json_contract(client):
    data = client.get("/alliances.json").json()
    assert data["total"] == 3 and len(data["alliances"]) == 3
    for a in data["alliances"]:
        for field in ("parties", "stage", "claim", "confirmed_by", "denied_by", "articles",
                      "first_reported_by", "independent_reports", "areas", "url"):
            assert field in a
        assert client.get(a["url"]).status_code == 200
    fg = next(a for a in data["alliances"] if a["parties"] == ["Ford", "Geely"])
    assert (fg["stage"], fg["claim"], fg["denied_by"]) == ("talks", "denied", ["Geely"])


def test_filters_sorting_and_pages(client):
    by = client.get("/alliances.json?sort=parties&order=asc").json()["alliances"]
    keys = [a["key"] for a in by]
    assert keys == sorted(keys)
    assert [a["key"] for a in client.get("/alliances.json?sort=parties&order=desc").json()["alliances"]] == keys[::-1]
    assert [a["key"] for a in client.get("/alliances.json?area=batteries").json()["alliances"]] == ["Panasonic + Toyota"]
    assert client.get("/alliances.json?claim=denied&since=2026-01-11").json()["total"] == 2
    p1 = client.get("/alliances.json?per_page=2").json()
    p2 = client.get("/alliances.json?per_page=2&page=2").json()
    assert p1["pages"] == 2 and p1["next"] and not p1["prev"] and len(p2["alliances"]) == 1
    assert {a["key"] for a in p1["alliances"] + p2["alliances"]} == set(keys)


def test_alliance_page_shows_stance_timeline_evidence_and_chain(client):
    d = client.get("/alliances/Ford%20%2B%20Geely.json").json()
    assert d["stance"] == {"Ford": "none", "Geely": "denied"}
    assert [e["article"] for e in d["timeline"]] == ["a1", "a2"]
    assert d["chain"]["first_reported_by"] == "Reuters"
    assert len(d["chart"]["points"]) == 2
    denial = d["timeline"][1]
    kinds = {k for ev in denial["evidence"] for s in ev["segments"] for k in s["kinds"]}
    assert "deny" in kinds
    html = client.get("/alliances/Ford%20%2B%20Geely").text
    assert 'class="claim claim-denied has-denial"' in html
    assert '<mark class="m-deny m-evidence' in html or '<mark class="m-evidence m-deny' in html
    assert "Geely: denied" in html
    # any spelling of the parties reaches the same page
    assert client.get("/alliances/Geely%20%2B%20Ford%20Motor%20Co..json").json()["key"] == "Ford + Geely"


def test_company_article_network_and_search(client):
    c = client.get("/companies/Ford%20Motor%20Company.json").json()
    assert c["name"] == "Ford" and c["partners"][0]["name"] == "Geely"
    assert [a["key"] for a in c["by_stage"]["talks"]] == ["Ford + Geely"]
    art = client.get("/articles/a1.json").json()
    assert "".join(s["text"] for s in art["segments"]) == art["text"]
    labelled = {k for s in art["segments"] for k in s["kinds"]}
    assert {"evidence", "party", "outlet", "cites"} <= labelled
    net = client.get("/network.json?company=Geely").json()
    assert [n["id"] for n in net["nodes"]] == ["Ford", "Geely"]
    assert net["edges"][0]["claim"] == "denied" and net["edges"][0]["url"].startswith("/alliances/")
    s = client.get("/search.json?q=plant spain").json()
    assert {a["id"] for a in s["articles"]} == {"a1", "a2"}
    assert any("hit" in seg["kinds"] for seg in s["articles"][0]["snippet"])
    assert client.get('/search.json?q=" OR ( NEAR').status_code == 200  # no FTS syntax leaks
    assert [x["name"] for x in client.get("/search.json?q=panasonic").json()["companies"]] == ["Panasonic"]


def test_errors_are_pages_too(client):
    assert client.get("/alliances/Nobody%20%2B%20Else").status_code == 404
    assert client.get("/alliances/Nobody%20%2B%20Else.json").json()["error"].startswith("no alliance")
    r = client.get("/alliances?stage=bogus")
    assert r.status_code == 400 and "stage must be one of" in r.text
    assert client.get("/alliances.json?since=yesterday").status_code == 400
    assert client.get("/no/such/page").status_code == 404
    assert client.get("/docs").status_code == 404  # no CDN-hosted interactive docs
    assert client.get("/openapi.json").json()["info"]["title"] == "tieup"


def test_read_only(client):
    for method in ("post", "put", "delete", "patch"):
        assert getattr(client, method)("/alliances").status_code == 405
    assert client.get("/static/../app.py").status_code == 404
    assert client.get("/static/vendor/cytoscape.min.js").status_code == 200


EVIL_PAGES = ["/", "/alliances", "/companies", "/network", "/articles/evil%3C1%3E",
              "/search?q=" + XSS, "/search?q=evil", "/alliances?company=" + ATTR,
              "/network?company=" + ATTR]


def _tags(html: str) -> list[tuple[str, list[tuple[str, str | None]]]]:
    """Every start tag of a page and its attributes, as a browser's parser would see them."""
    found: list[tuple[str, list[tuple[str, str | None]]]] = []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

    P().feed(html)
    return found


def test_untrusted_text_is_escaped_everywhere(client):
    evil = client.get("/alliances.json?claim=denied").json()["alliances"]
    target = next(a for a in evil if EVIL_A in a["parties"])
    pages = EVIL_PAGES + [target["url"]] + list(target["party_urls"].values())
    for page in pages:
        r = client.get(page)
        assert r.status_code in (200, 400), page
        html = r.text
        for payload in (XSS, ATTR, EVIL_A, EVIL_B, "<img", "<svg onload", "<script>alert"):
            assert payload not in html, (page, payload)
        tags = _tags(html)
        assert not [t for t, _ in tags if t in ("img", "iframe", "object", "embed")], page
        assert all(dict(a).get("class") in ("axis", "chart") for t, a in tags if t == "svg"), page
        for tag, attrs in tags:
            assert not [k for k, _ in attrs if k.startswith("on")], (page, tag, attrs)
            assert not [v for k, v in attrs if k in ("href", "src") and (v or "").lower().lstrip()
                        .startswith(("javascript:", "data:"))], (page, tag, attrs)
            if tag == "script":
                assert (dict(attrs).get("src") or "").startswith("/static/"), page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in client.get(target["url"]).text


def test_readonly_store_refuses_what_it_cannot_serve(tmp_path):
    with pytest.raises(StoreError, match="no store there"):
        Store(tmp_path / "missing.db", readonly=True)
    db = tmp_path / "old.db"
    with Store(db) as s:  # made as a store before search existed
        _add(s, "a1", TALKS)
        for sql in ("DROP TRIGGER articles_fts_insert", "DROP TRIGGER articles_fts_delete",
                    "DROP TRIGGER articles_fts_update", "DROP TABLE articles_fts",
                    "DELETE FROM schema_migrations WHERE name = '0002_article_search'"):
            s.db.execute(sql)
    with pytest.raises(StoreError, match="needs migrations 0002_article_search"):
        Store(db, readonly=True)
    with Store(db) as s:  # opened for writing: migrated, the stored text indexed
        assert s.pending_migrations() == []
        assert [a["id"] for a in s.search("Spain")["articles"]] == ["a1"]
    with Store(db, readonly=True) as s, pytest.raises(Exception, match="readonly"):
        s.db.execute("DELETE FROM articles")


def test_vendored_graph_library_matches_its_record():
    vendor = Path(tieup.__file__).parent / "web" / "static" / "vendor"
    digest = hashlib.sha256((vendor / "cytoscape.min.js").read_bytes()).hexdigest()
    assert digest in (vendor / "README.md").read_text()
    assert "Permission is hereby granted" in (vendor / "cytoscape.LICENSE").read_text()


def test_serve_refuses_a_missing_store_and_the_app_needs_no_model(tmp_path):
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "tieup.cli", "serve", "--db", str(tmp_path / "none.db")],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2 and "no store there" in r.stderr
    assert not (tmp_path / "none.db").exists()
    code = "import sys, tieup.web; print('spacy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60).stdout.strip() == "False"
