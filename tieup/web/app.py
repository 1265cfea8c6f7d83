"""The web app: FastAPI routes over a read-only store, each page with a ``.json`` twin.

Each route is a thin shell: it calls one function of :mod:`tieup.web.views` and renders
its dict with a Jinja2 template (autoescaped; every value from an article is untrusted)
or returns it as JSON. The store is opened read-only, one connection per worker thread;
only GET (and HEAD) routes exist. Every response carries a strict Content-Security-Policy:
scripts, styles and data come from this server only, with no inline script or style. A
request whose Host header is not an allowed host (127.0.0.1 and localhost unless told)
is refused, so a DNS-rebinding page cannot read the store through a browser. Every string
a template renders loses its bidi and invisible control characters (:func:`text.clean`).
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from starlette.exceptions import HTTPException

from .. import __version__, export
from ..store import Store
from . import lists, text, views

HERE = Path(__file__).parent
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
       "frame-ancestors 'none'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


# hosts a request may name in its Host header unless told otherwise
DEFAULT_HOSTS = ("127.0.0.1", "localhost", "::1")
# page data kept per store version (home, the network with each set of filters, the footer)
CACHED_PAGES = 64


def _finalize(value: Any) -> Any:
    """Every value a template prints: strings without bidi or invisible characters."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return text.clean(value)
    return value


def host_of(header: str) -> str:
    """The host of a Host header, without its port ("[::1]:8000" -> "::1")."""
    h = header.strip().lower()
    if h.startswith("["):
        return h[1:h.find("]")] if "]" in h else h
    return h.rsplit(":", 1)[0] if h.count(":") == 1 else h


def _templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                      finalize=_finalize)
    env.filters["human"] = lambda s: (s or "").replace("_", " ")
    return Jinja2Templates(env=env)


def _wants_json(request: Request) -> bool:
    """A ``.json`` twin is asked for: told by the raw path, so that an id that itself ends
    in ".json" (linked with its last letter escaped) still has its HTML page."""
    raw = request.scope.get("raw_path") or request.url.path.encode("utf-8")
    return bool(raw.split(b"?", 1)[0].endswith(b".json"))


def _name(request: Request, value: str) -> str:
    return value.removesuffix(".json") if _wants_json(request) else value


def create_app(db: str | Path, allowed_hosts: Iterable[str] = ()) -> FastAPI:
    """The app over the store at ``db`` (opened read-only; it must exist), answering
    requests for 127.0.0.1, localhost and ``allowed_hosts`` ("*" allows any host)."""
    Store(db, readonly=True).close()  # fail now, with a clear message, not on first request
    hosts = {h.strip().lower().strip("[]") for h in (*DEFAULT_HOSTS, *allowed_hosts)}
    app = FastAPI(title="tieup", version=__version__, docs_url=None, redoc_url=None,
                  description="Corporate alliances from the news: every page as JSON.")
    templates = _templates()
    local = threading.local()
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    def store() -> Store:
        s = getattr(local, "store", None)
        if s is None:
            s = local.store = Store(db, readonly=True)
        return s

    cache: dict[tuple[str, str], tuple[tuple[int, ...], dict[str, Any]]] = {}
    lock = threading.Lock()

    def version() -> tuple[int, ...]:
        """Changes whenever a writer commits (the WAL grows) or checkpoints (the file)."""
        out: list[int] = []
        for p in (str(db), f"{db}-wal"):
            try:
                st = os.stat(p)
                out += [st.st_mtime_ns, st.st_size]
            except FileNotFoundError:
                out += [0, 0]
        return tuple(out)

    def cached(name: str, params: str, make: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """A page's data computed once per version of the store (the same for everyone
        until a writer commits); the version is read before the data, so never stale."""
        v = version()
        hit = cache.get((name, params))
        if hit is not None and hit[0] == v:
            return hit[1]
        data = make()
        with lock:
            if len(cache) >= CACHED_PAGES:
                cache.clear()
            cache[(name, params)] = (v, data)
        return data

    rendered: dict[str, tuple[tuple[int, ...], bytes, str | None]] = {}

    def render_cached(request: Request, template: str, name: str, params: str,
                      make: Callable[[], dict[str, Any]]) -> Response:
        """A page whose data is the same for everyone: rendered once per store version."""
        v = version()
        url = request.url.path + "?" + request.url.query
        hit = rendered.get(url)
        if hit is not None and hit[0] == v:
            return Response(hit[1], media_type=hit[2])
        response = render(request, template, cached(name, params, make))
        with lock:
            if len(rendered) >= CACHED_PAGES:
                rendered.clear()
            rendered[url] = (v, bytes(response.body), response.media_type)
        return response

    def about() -> dict[str, Any]:
        """The footer's "data as of" and store size."""
        def make() -> dict[str, Any]:
            size = sum(os.path.getsize(p) for p in (str(db), f"{db}-wal") if os.path.exists(p))
            return {"as_of": store().as_of(), "counts": store().counts(), "bytes": size}

        return cached("about", "", make)

    def is_json(request: Request) -> bool:
        return _wants_json(request)

    def render(request: Request, template: str, data: dict[str, Any]) -> Response:
        if is_json(request):
            return JSONResponse(data)
        raw = request.scope.get("raw_path", b"").decode("latin-1") or request.url.path
        twin = ("/index" if raw == "/" else raw.rstrip("/")) + ".json"
        if request.url.query:
            twin += "?" + request.url.query
        return templates.TemplateResponse(request, template, {"d": data, "path": request.url.path,
                                                              "twin": twin, "site": about()})

    @app.middleware("http")
    async def headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if "*" not in hosts and host_of(request.headers.get("host", "")) not in hosts:
            response: Response = Response("Host not allowed: start tieup serve with "
                                          "--allowed-host NAME to serve this name.\n",
                                          status_code=400, media_type="text/plain")
        elif request.method == "HEAD" and not request.url.path.startswith("/static/"):
            request.scope["method"] = "GET"
            full = await call_next(request)
            async for _ in full.body_iterator:  # type: ignore[attr-defined]  # let the GET finish
                pass
            response = Response(b"", status_code=full.status_code, headers=dict(full.headers))
        else:
            response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    def error(request: Request, status: int, message: str) -> Response:
        if is_json(request) or request.url.path.startswith("/download/"):
            return JSONResponse({"error": message}, status_code=status)
        return templates.TemplateResponse(request, "error.html", {"d": {"status": status, "message": message},
                                                                  "path": request.url.path, "twin": "",
                                                                  "site": about()},
                                          status_code=status)

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(x) for x in e['loc'][1:])}: {e['msg']}"
                             for e in exc.errors())
        return error(request, 400, f"bad parameter ({problems})")

    @app.exception_handler(views.NotFound)
    async def not_found(request: Request, exc: views.NotFound) -> Response:
        return error(request, 404, str(exc))

    @app.exception_handler(views.BadRequest)
    async def bad_request(request: Request, exc: views.BadRequest) -> Response:
        return error(request, 400, str(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return error(request, exc.status_code, str(exc.detail))

    @app.get("/", response_class=HTMLResponse, summary="Latest changes and search")
    @app.get("/index.json", summary="Latest changes (JSON)")
    def home(request: Request) -> Response:
        return render_cached(request, "home.html", "home", "", lambda: views.home(store()))

    @app.get("/search", response_class=HTMLResponse,
                   summary="Search companies, alliances, articles")
    @app.get("/search.json", summary="Search (JSON)")
    def search(request: Request, q: str = "", page: int = 1) -> Response:
        return render(request, "search.html", views.search(store(), q, page, json=is_json(request)))

    @app.get("/alliances", response_class=HTMLResponse,
                   summary="Alliances, filtered and sorted")
    @app.get("/alliances.json", summary="Alliances (JSON): {\"alliances\": [...]}")
    def alliances(request: Request, company: str = "", stage: str = "", claim: str = "",
                  structure: str = "", area: str = "", outlet: str = "", since: str = "",
                  until: str = "", sort: str = "recent", order: str = "", page: int = 1,
                  per_page: int = lists.PER_PAGE) -> Response:
        data = views.alliances(store(), json=is_json(request), company=company, stage=stage,
                               claim=claim, structure=structure, area=area, outlet=outlet,
                               since=since, until=until, sort=sort, order=order or None,
                               page=page, per_page=per_page)
        return render(request, "alliances.html", data)

    @app.get("/download/alliances.{fmt}",
                   summary="The filtered alliances list, every page, as CSV or JSON")
    def download(fmt: str, company: str = "", stage: str = "", claim: str = "",
                 structure: str = "", area: str = "", outlet: str = "", since: str = "",
                 until: str = "", sort: str = "recent", order: str = "") -> Response:
        if fmt not in ("csv", "json"):
            raise views.NotFound(f"no download as {fmt!r}: csv or json")
        rows, about_list = lists.download(store(), company=company, stage=stage, claim=claim,
                                          structure=structure, area=area, outlet=outlet,
                                          since=since, until=until, sort=sort, order=order or None)
        table = [{c: r.get(c) for c in export.COLUMNS["alliances"]}
                 for r in export.enrich(store(), rows)]
        disposition = {"Content-Disposition": f'attachment; filename="tieup-alliances.{fmt}"'}
        if fmt == "csv":
            safe = [{k: lists.spreadsheet_safe(v) for k, v in r.items()} for r in table]
            return Response(export.to_csv("alliances", safe), media_type="text/csv; charset=utf-8",
                            headers=disposition)
        body = json.dumps({**about_list, "alliances": table}, ensure_ascii=False)
        return Response(body, media_type="application/json", headers=disposition)

    @app.get("/alliances/{key:path}",
                   summary="One alliance: state, stance, timeline, evidence")
    def alliance(request: Request, key: str) -> Response:
        return render(request, "alliance.html", views.alliance(store(), _name(request, key)))

    @app.get("/companies", response_class=HTMLResponse, summary="Companies")
    @app.get("/companies.json", summary="Companies (JSON)")
    def companies(request: Request, page: int = 1, sort: str = "name") -> Response:
        return render(request, "companies.html",
                      views.companies(store(), page=page, sort=sort, json=is_json(request)))

    @app.get("/companies/{name:path}",
                   summary="One company: its alliances by stage, its partners")
    def company(request: Request, name: str) -> Response:
        return render(request, "company.html", views.company(store(), _name(request, name)))

    @app.get("/articles/{article_id:path}", summary="One article with its extracted spans")
    def article(request: Request, article_id: str) -> Response:
        return render(request, "article.html", views.article(store(), _name(request, article_id)))

    @app.get("/network", response_class=HTMLResponse, summary="The company network")
    @app.get("/network.json", summary="The company network (JSON): nodes and edges")
    def network(request: Request, area: str = "", since: str = "", until: str = "",
                stage: str = "", structure: str = "", outlet: str = "",
                company: str = Query("")) -> Response:
        params = dict(area=area, since=since, until=until, stage=stage, structure=structure,
                      outlet=outlet, company=company)
        return render_cached(request, "network.html", "network", json.dumps(params, sort_keys=True),
                             lambda: views.network(store(), **params))

    return app


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000,
          allowed_hosts: Iterable[str] = ()) -> None:
    """Run the app with uvicorn until interrupted (binds to 127.0.0.1 unless told); the
    address bound is an allowed host too, unless it is a wildcard."""
    import uvicorn

    extra = [*allowed_hosts, *([host] if host not in ("0.0.0.0", "::", "") else [])]
    uvicorn.run(create_app(db, extra), host=host, port=port, log_level="warning")
