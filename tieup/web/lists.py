"""Lists that page: the alliances list (filters, sort, pages, downloads) and the links
between its pages.

Every link a list page gives (previous, next, each page, each sort, each download) keeps
the whole state of the list: its filters, sort, order and page size. The HTML page's
links lead to HTML pages, the JSON twin's to JSON, so a client can walk either.
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any
from urllib.parse import urlencode

from ..model import Area, Claim, Stage, Structure
from ..queries import SORTS
from ..store import Store

# alliances per page: the default and the most a client may ask for
PER_PAGE, MAX_PER_PAGE = 50, 200
# the most rows one download holds (the list's first rows in its order); it says so
DOWNLOAD_MAX = 100_000
STAGES = [s.value for s in Stage]
CLAIMS = [c.value for c in Claim]
AREAS = [a.value for a in Area]
STRUCTURES = [s.value for s in Structure]
# the order each sort starts in when first chosen
DEFAULT_DESC = ("recent", "reports")
FILTERS = ("company", "stage", "claim", "structure", "area", "outlet", "since", "until")


class NotFound(LookupError):
    """The page asked for does not exist (404)."""


class BadRequest(ValueError):
    """A parameter has a value the page does not accept (400)."""


def choice(name: str, value: str | None, allowed: list[str]) -> str | None:
    if not value:
        return None
    if value not in allowed:
        raise BadRequest(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
    return value


def a_date(name: str, value: str | None) -> str | None:
    if not value:
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"{name} must be a date like 2026-03-01, not {value!r}") from None
    return value


def text_filter(value: str | None) -> str | None:
    return " ".join((value or "").split())[:200] or None


def filters(company: str | None = None, stage: str | None = None, claim: str | None = None,
            structure: str | None = None, area: str | None = None, outlet: str | None = None,
            since: str | None = None, until: str | None = None) -> dict[str, Any]:
    """The list's filters, checked (:class:`BadRequest` on a value no list accepts)."""
    f = {"company": text_filter(company), "stage": choice("stage", stage, STAGES),
         "claim": choice("claim", claim, CLAIMS),
         "structure": choice("structure", structure, STRUCTURES),
         "area": choice("area", area, AREAS), "outlet": text_filter(outlet),
         "since": a_date("since", since), "until": a_date("until", until)}
    if f["since"] and f["until"] and f["since"] > f["until"]:
        raise BadRequest(f"since ({f['since']}) is after until ({f['until']})")
    return f


def page_numbers(page: int, pages: int) -> list[int | None]:
    """Page numbers to link: the first, the last and two either side (None: a gap)."""
    keep = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    out: list[int | None] = []
    for i, p in enumerate(keep):
        if i and p - keep[i - 1] > 1:
            out.append(None)
        out.append(p)
    return out


def alliances(store: Store, *, json: bool = False, sort: str = "recent", order: str | None = None,
              page: int = 1, per_page: int = PER_PAGE, **given: str | None) -> dict[str, Any]:
    """One page of the alliances list, with links that keep its state."""
    f = filters(**given)
    sort = choice("sort", sort or "recent", list(SORTS)) or "recent"
    order = choice("order", order, ["asc", "desc"]) or ("desc" if sort in DEFAULT_DESC else "asc")
    if page < 1 or not 1 <= per_page <= MAX_PER_PAGE:
        raise BadRequest(f"page must be 1 or more and per_page 1 to {MAX_PER_PAGE}")
    total = store.count_alliances(**f)
    pages = max(1, math.ceil(total / per_page))
    if page > pages:
        raise NotFound(f"page {page} of a list of {pages} page{'s' if pages > 1 else ''}")
    rows = store.alliances(**f, timeline=False, sort=sort, descending=order == "desc",
                           limit=per_page, offset=(page - 1) * per_page)
    state: dict[str, Any] = {k: v for k, v in f.items() if v}
    state |= {"sort": sort, "order": order}
    if per_page != PER_PAGE:
        state["per_page"] = per_page
    base = "/alliances.json" if json else "/alliances"

    def link(p: int, **change: Any) -> str:
        q = {**state, **change}
        if p > 1:
            q["page"] = p
        return base + "?" + urlencode(q)

    def sort_link(col: str) -> str:
        first = "desc" if col in DEFAULT_DESC else "asc"
        flip = ("asc" if order == "desc" else "desc") if col == sort else first
        return link(1, sort=col, order=flip)

    query = urlencode({k: v for k, v in state.items() if k not in ("page",)})
    first = (page - 1) * per_page + 1 if rows else 0
    return {"alliances": rows, "total": total, "page": page, "pages": pages,
            "per_page": per_page, "shown": {"from": first, "to": first + len(rows) - 1 if rows else 0},
            "filters": f, "sort": sort, "order": order,
            "prev": link(page - 1) if page > 1 else None,
            "next": link(page + 1) if page < pages else None,
            "page_links": [{"page": p, "url": link(p) if p != page else None} if p else None
                           for p in page_numbers(page, pages)],
            "sort_links": {c: sort_link(c) for c in SORTS},
            "downloads": {"csv": "/download/alliances.csv?" + query,
                          "json": "/download/alliances.json?" + query},
            "choices": {"stage": STAGES, "claim": CLAIMS, "structure": STRUCTURES, "area": AREAS}}


def download(store: Store, *, sort: str = "recent", order: str | None = None,
             **given: str | None) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Every alliance of the filtered list (up to :data:`DOWNLOAD_MAX`), in its order."""
    f = filters(**given)
    sort = choice("sort", sort or "recent", list(SORTS)) or "recent"
    order = choice("order", order, ["asc", "desc"]) or ("desc" if sort in DEFAULT_DESC else "asc")
    total = store.count_alliances(**f)
    rows = store.alliances(**f, timeline=False, sort=sort, descending=order == "desc",
                           limit=DOWNLOAD_MAX)
    return rows, {"filters": f, "sort": sort, "order": order, "total": total,
                  "truncated": total > len(rows)}


def spreadsheet_safe(v: Any) -> Any:
    """A CSV cell a spreadsheet will not run as a formula (a name "=HYPERLINK(...)")."""
    if isinstance(v, str) and v[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + v
    if isinstance(v, list):
        return [spreadsheet_safe(x) for x in v]
    return v
