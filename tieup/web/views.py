"""The data of every page: one function per page type, each returning a JSON-ready dict.

The HTML view renders its template from exactly this dict and the ``.json`` twin returns
it as it is, so the two never disagree. Functions here only read the store.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

from ..model import Area, Claim, Stage
from ..queries import SORTS
from ..store import Store
from . import highlight

# alliances per page: the default and the most a client may ask for
PER_PAGE, MAX_PER_PAGE = 50, 200
# the home page's "latest changes": events shown, and how many of the most recently
# active alliances are read to find them (each active alliance yields at least one event)
HOME_EVENTS, HOME_SCAN = 30, 200
# timeline entries shown on an alliance page, newest kept; the JSON twin says how many
# were left out. At 100 the page stays under ~200 kB even with long evidence.
TIMELINE_SHOWN = 100
# alliances drawn in the network at most (most recent first); a browser draws ~2,000
# edges smoothly with cytoscape's canvas renderer
NETWORK_MAX = 2000
STAGES = [s.value for s in Stage]
CLAIMS = [c.value for c in Claim]
AREAS = [a.value for a in Area]


class NotFound(LookupError):
    """The page asked for does not exist (404)."""


class BadRequest(ValueError):
    """A parameter has a value the page does not accept (400)."""


def url_alliance(key: str) -> str:
    return "/alliances/" + quote(key, safe="")


def url_company(name: str) -> str:
    return "/companies/" + quote(name, safe="")


def url_article(article_id: str) -> str:
    return "/articles/" + quote(article_id, safe="")


def _linked(a: dict[str, Any]) -> dict[str, Any]:
    a = dict(a)
    a["url"] = url_alliance(a["key"])
    a["party_urls"] = {p: url_company(p) for p in a["parties"]}
    return a


def _choice(name: str, value: str | None, allowed: list[str]) -> str | None:
    if not value:
        return None
    if value not in allowed:
        raise BadRequest(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def _date(name: str, value: str | None) -> str | None:
    if not value:
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"{name} must be a date like 2026-03-01, not {value!r}") from None
    return value


def home(store: Store) -> dict[str, Any]:
    events = store.changes(scan=HOME_SCAN, limit=HOME_EVENTS)
    for ev in events:
        ev["url"] = url_alliance(ev["alliance"])
        ev["article_url"] = url_article(ev["article"])
    top = sorted((c for c in store.companies() if c["alliances"]),
                 key=lambda c: (-c["alliances"], c["name"]))[:12]
    return {"counts": store.counts(), "changes": events,
            "companies": [{**c, "url": url_company(c["name"])} for c in top]}


def search(store: Store, q: str) -> dict[str, Any]:
    q = (q or "").strip()[:200]
    found = store.search(q) if q else {"companies": [], "alliances": [], "articles": []}
    return {
        "q": q,
        "companies": [{**c, "url": url_company(c["name"])} for c in found["companies"]],
        "alliances": [_linked(a) for a in found["alliances"]],
        "articles": [{**{k: v for k, v in a.items() if k != "snippet"},
                      "snippet": highlight.snippet(a["snippet"] or ""),
                      "url": url_article(a["id"])} for a in found["articles"]],
    }


def alliances(store: Store, *, company: str | None = None, stage: str | None = None,
              claim: str | None = None, area: str | None = None, since: str | None = None,
              sort: str = "recent", order: str | None = None, page: int = 1,
              per_page: int = PER_PAGE) -> dict[str, Any]:
    filters: dict[str, Any] = {"company": (company or "").strip() or None,
               "stage": _choice("stage", stage, STAGES), "claim": _choice("claim", claim, CLAIMS),
               "area": _choice("area", area, AREAS), "since": _date("since", since)}
    sort = _choice("sort", sort or "recent", list(SORTS)) or "recent"
    order = _choice("order", order, ["asc", "desc"])
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise BadRequest(f"page must be 1 or more and per_page 1 to {MAX_PER_PAGE}")
    total = store.count_alliances(**filters)
    rows = store.alliances(**filters, timeline=False, sort=sort,
                           descending=None if order is None else order == "desc",
                           limit=per_page, offset=(page - 1) * per_page)
    pages = max(1, math.ceil(total / per_page))
    params = {k: v for k, v in {**filters, "sort": sort, "order": order}.items() if v}

    def link(p: int) -> str | None:
        return "/alliances?" + urlencode({**params, "page": p}) if 1 <= p <= pages and p != page else None

    def sort_link(col: str) -> str:
        flip = "asc" if (sort == col and (order or ("desc" if col in ("recent", "reports") else "asc")) == "desc") else "desc"
        return "/alliances?" + urlencode({**{k: v for k, v in params.items() if k not in ("sort", "order")},
                                          "sort": col, "order": flip})

    return {"alliances": [_linked(a) for a in rows], "total": total, "page": page,
            "pages": pages, "per_page": per_page, "filters": filters, "sort": sort, "order": order,
            "prev": link(page - 1), "next": link(page + 1),
            "sort_links": {c: sort_link(c) for c in SORTS},
            "choices": {"stage": STAGES, "claim": CLAIMS, "area": AREAS}}


def _chart(timeline: list[dict[str, Any]]) -> dict[str, Any]:
    """Positions (0-1000) of dated claims on a time axis, for the page's SVG."""
    days = []
    for e in timeline:
        try:
            days.append(date.fromisoformat(e["date"][:10]).toordinal() if e["date"] else None)
        except ValueError:
            days.append(None)
    known = [d for d in days if d is not None]
    lo, hi = (min(known), max(known)) if known else (0, 0)
    points = []
    for e, d in zip(timeline, days, strict=True):
        if d is None:
            continue
        x = 500 if hi == lo else round(20 + 960 * (d - lo) / (hi - lo))
        points.append({"x": x, "date": e["date"], "stage": e["stage"], "claim": e["claim"],
                       "article": e["article"]})
    return {"points": points, "start": date.fromordinal(lo).isoformat() if known else None,
            "end": date.fromordinal(hi).isoformat() if known else None}


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
        entry["title"] = art["title"] if art else None
        entry["url"] = art["url"] if art else None
        entry["evidence"] = [{**ev, **highlight.in_context(art["text"] if art else ev["text"], ev)}
                             for ev in e["evidence"]]
        entries.append(entry)
    a["timeline"] = entries
    a["chart"] = _chart(entries)
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
    return c


def companies(store: Store) -> dict[str, Any]:
    return {"companies": [{**c, "url": url_company(c["name"])} for c in store.companies()]}


def article(store: Store, article_id: str) -> dict[str, Any]:
    art = store.article(article_id)
    if art is None:
        raise NotFound(f"no article {article_id!r}")
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


def network(store: Store, *, area: str | None = None, since: str | None = None,
            stage: str | None = None, company: str | None = None) -> dict[str, Any]:
    filters: dict[str, Any] = {"area": _choice("area", area, AREAS), "since": _date("since", since),
               "stage": _choice("stage", stage, STAGES), "company": (company or "").strip() or None}
    net = store.network(**filters, limit=NETWORK_MAX)
    for n in net["nodes"]:
        n["url"] = url_company(n["id"])
    for e in net["edges"]:
        e["url"] = url_alliance(e["alliance"])
    query = urlencode({k: v for k, v in filters.items() if v})
    return {**net, "filters": filters, "data_url": "/network.json" + ("?" + query if query else ""),
            "choices": {"stage": STAGES, "area": AREAS}}
