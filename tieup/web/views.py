"""The data of every page: one function per page type, each returning a JSON-ready dict.

The HTML view renders its template from exactly this dict and the ``.json`` twin returns
it as it is, so the two never disagree. Functions here only read the store.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlencode

from ..store import Store
from . import charts, highlight, lists, text
from .lists import AREAS, STAGES, STRUCTURES, BadRequest, NotFound, choice

__all__ = ["BadRequest", "NotFound", "home", "search", "alliances", "alliance", "companies",
           "company", "article", "network"]

# the home page's "latest changes": events shown, and how many of the most recently
# active alliances are read to find them (each active alliance yields at least one event)
HOME_EVENTS, HOME_SCAN = 30, 200
# timeline entries shown on an alliance page, newest kept; the JSON twin says how many
# were left out. At 100 the page stays under ~200 kB even with long evidence.
TIMELINE_SHOWN = 100
# alliances drawn in the network at most (most recent first): more is no longer readable
# as a drawing (filters narrow it), and keeps the page under 100 ms at 50,000 companies
NETWORK_MAX = 1000
# companies per page of the company list; search hits of each kind per page
COMPANIES_PER_PAGE, SEARCH_PER_PAGE = 100, 20
# the longest query searched; a longer one is cut, and the page says so
QUERY_MAX = 200


@lru_cache(maxsize=1 << 16)
def _path(part: str) -> str:
    """One path segment, percent-encoded (cached: the network page names thousands)."""
    return quote(part, safe="")


def url_alliance(key: str) -> str:
    return "/alliances/" + _path_part(key)


def url_company(name: str) -> str:
    return "/companies/" + _path_part(name)


def _path_part(value: str) -> str:
    """``value`` as a path segment; one that ends in ".json" gets its last letter escaped,
    so that its page is not taken for a JSON twin (the app tells them apart by the raw path)."""
    q = _path(value)
    return q[:-1] + "%6E" if q.endswith(".json") else q


def url_article(article_id: str) -> str:
    return "/articles/" + _path_part(article_id)


def _linked(a: dict[str, Any]) -> dict[str, Any]:
    a = dict(a)
    a["url"] = url_alliance(a["key"])
    a["party_urls"] = {p: url_company(p) for p in a["parties"]}
    return a


def home(store: Store) -> dict[str, Any]:
    events = store.changes(scan=HOME_SCAN, limit=HOME_EVENTS)
    for ev in events:
        ev["url"] = url_alliance(ev["alliance"])
        ev["article_url"] = url_article(ev["article"])
    top = [c for c in store.companies(sort="alliances", limit=12) if c["alliances"]]
    return {"counts": store.counts(), "as_of": store.as_of(), "changes": events,
            "companies": [{**c, "url": url_company(c["name"])} for c in top],
            "chart": charts.months(store.per_month())}


def _pages(base: str, params: dict[str, Any], page: int, more: bool) -> dict[str, str | None]:
    def link(p: int) -> str:
        return base + "?" + urlencode({**params, **({"page": p} if p > 1 else {})})

    return {"prev": link(page - 1) if page > 1 else None, "next": link(page + 1) if more else None}


def search(store: Store, q: str, page: int = 1, *, json: bool = False) -> dict[str, Any]:
    raw = " ".join((q or "").split())
    q = raw[:QUERY_MAX]
    if page < 1:
        raise BadRequest("page must be 1 or more")
    found: dict[str, Any] = store.search(q, limit=SEARCH_PER_PAGE, offset=(page - 1) * SEARCH_PER_PAGE)
    return {
        "q": q, "cut": len(raw) > QUERY_MAX, "query_max": QUERY_MAX, "page": page,
        "per_page": SEARCH_PER_PAGE, "more": found["more"],
        "articles_total": found["articles_total"], "articles_order": found["articles_order"],
        **_pages("/search.json" if json else "/search", {"q": q}, page, any(found["more"].values())),
        "companies": [{**c, "url": url_company(c["name"])} for c in found["companies"]],
        "alliances": [_linked(a) for a in found["alliances"]],
        "articles": [{"id": a["id"], "title": text.title(a["title"], a["opening"]),
                      "outlet": a["outlet"], "published": a["published"],
                      "snippet": highlight.snippet(a["snippet"] or ""),
                      "url": url_article(a["id"])} for a in found["articles"]],
    }


def alliances(store: Store, *, json: bool = False, **params: Any) -> dict[str, Any]:
    data = lists.alliances(store, json=json, **params)
    data["alliances"] = [_linked(a) for a in data["alliances"]]
    return data


def alliance(store: Store, key: str) -> dict[str, Any]:
    a = store.alliance(key)
    if a is None:
        raise NotFound(f"no alliance {key!r}")
    a = _linked(a)
    timeline = a["timeline"]
    a["timeline_hidden"] = max(0, len(timeline) - TIMELINE_SHOWN)
    timeline = timeline[-TIMELINE_SHOWN:]
    texts: dict[str, dict[str, Any] | None] = {}
    entries = []
    for e in timeline:
        if e["article"] not in texts:
            texts[e["article"]] = store.article(e["article"])
        art = texts[e["article"]]
        entry = dict(e)
        entry["article_url"] = url_article(e["article"])
        entry["title"] = text.title(art["title"], art["text"]) if art else e["article"]
        entry["url"] = art["url"] if art else None
        entry["evidence"] = highlight.in_contexts(art["text"] if art else None, e["evidence"])
        entries.append(entry)
    a["timeline"] = entries
    a["places"] = text.places(a["places"])
    a["chart"] = charts.dots(entries)
    a["chain"] = _chain(entries, a["first_reported_by"])
    return a


def _chain(timeline: list[dict[str, Any]], first: str | None) -> dict[str, Any]:
    """The attribution chain: who broke it, who re-reported it, whom each cites."""
    rereports: dict[str, list[str]] = {}
    copies = []
    for e in timeline:
        for outlet, cites in e["cites"]:
            rereports.setdefault(outlet, [])
            if cites not in rereports[outlet]:
                rereports[outlet].append(cites)
        for s in e["sources"]:
            rereports.setdefault(s, [])
        if e["duplicate_of"]:
            copies.append({"article": e["article"], "copy_of": e["duplicate_of"],
                           "outlet": e["outlet"], "url": url_article(e["article"])})
    return {"first_reported_by": first,
            "outlets": [{"outlet": o, "cites": c} for o, c in rereports.items()],
            "copies": copies}


def company(store: Store, name: str) -> dict[str, Any]:
    c = store.company(name)
    if c is None:
        raise NotFound(f"no company {name!r}")
    c["url"] = url_company(c["name"])
    c["alliances"] = [_linked(a) for a in c["alliances"]]
    c["by_stage"] = {s: [a for a in c["alliances"] if a["stage"] == s] for s in STAGES}
    c["partners"] = [{**p, "url": url_company(p["name"])} for p in c["partners"]]
    c["network_url"] = "/network?" + urlencode({"company": c["name"]})
    c["list_url"] = "/alliances?" + urlencode({"company": c["name"]})
    c["chart"] = charts.months(store.per_month(c["name"]))
    return c


def companies(store: Store, *, page: int = 1, sort: str = "name", json: bool = False) -> dict[str, Any]:
    sort = choice("sort", sort or "name", ["name", "alliances"]) or "name"
    total = store.count_companies()
    pages = max(1, math.ceil(total / COMPANIES_PER_PAGE))
    if not 1 <= page <= pages:
        raise NotFound(f"page {page} of a list of {pages} page{'s' if pages > 1 else ''}") if page > 1 \
            else BadRequest("page must be 1 or more")
    rows = store.companies(sort=sort, limit=COMPANIES_PER_PAGE, offset=(page - 1) * COMPANIES_PER_PAGE)
    base = "/companies.json" if json else "/companies"
    params = {"sort": sort} if sort != "name" else {}
    return {"companies": [{**c, "url": url_company(c["name"])} for c in rows], "total": total,
            "page": page, "pages": pages, "per_page": COMPANIES_PER_PAGE, "sort": sort,
            **_pages(base, params, page, page < pages),
            "sort_links": {s: base + ("?sort=alliances" if s == "alliances" else "")
                           for s in ("name", "alliances")}}


def article(store: Store, article_id: str) -> dict[str, Any]:
    art = store.article(article_id)
    if art is None:
        raise NotFound(f"no article {article_id!r}")
    art["heading"] = text.title(art["title"], art["text"])
    claims = store.article_claims(article_id)
    marks = highlight.find(art["text"], claims)
    art["segments"] = [s.to_dict() for s in highlight.write(art["text"], marks)]
    art["claims"] = [{k: c[k] for k in ("alliance", "parties", "stage", "claim", "sources",
                                        "confirmed_by", "denied_by", "structure", "areas")}
                     | {"url": url_alliance(c["alliance"])} for c in claims]
    source = art.pop("url") or ""
    # only web links are linked: a javascript: or data: URL from a feed must not become an href
    art["url_source"] = source if source.lower().startswith(("http://", "https://")) else None
    art["url"] = url_article(article_id)
    if art["duplicate_of"]:
        art["duplicate_url"] = url_article(art["duplicate_of"])
    return art


def network(store: Store, **given: str | None) -> dict[str, Any]:
    f = lists.filters(**given)
    f.pop("claim")
    net = store.network(**f, limit=NETWORK_MAX)
    for n in net["nodes"]:
        n["url"] = url_company(n["id"])
    for e in net["edges"]:
        e["url"] = url_alliance(e["alliance"])
    shown: dict[str, dict[str, Any]] = {}
    for e in net["edges"]:
        shown.setdefault(e["alliance"], {"key": e["alliance"], "url": e["url"], "stage": e["stage"],
                                         "claim": e["claim"], "parties": []})
        for p in (e["source"], e["target"]):
            if p not in shown[e["alliance"]]["parties"]:
                shown[e["alliance"]]["parties"].append(p)
    query = urlencode({k: v for k, v in f.items() if v})
    return {**net, "alliances": list(shown.values()), "filters": f,
            "counts": {"companies": len(net["nodes"]), "alliances": len(shown),
                       "links": len(net["edges"]), "max": NETWORK_MAX,
                       "cut": len(shown) >= NETWORK_MAX},
            "data_url": "/network.json" + ("?" + query if query else ""),
            "choices": {"stage": STAGES, "area": AREAS, "structure": STRUCTURES}}
