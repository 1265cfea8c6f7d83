"""The web app: FastAPI routes over a read-only store, each page with a ``.json`` twin.

Each route is a thin shell: it calls one function of :mod:`tieup.web.views` and renders
its dict with a Jinja2 template (autoescaped; every value from an article is untrusted)
or returns it as JSON. The store is opened read-only, one connection per worker thread;
only GET routes exist. Every response carries a strict Content-Security-Policy: scripts,
styles and data come from this server only, with no inline script or style.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from starlette.exceptions import HTTPException

from .. import __version__
from ..store import Store
from . import views

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


def _templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["human"] = lambda s: (s or "").replace("_", " ")
    return Jinja2Templates(env=env)


def create_app(db: str | Path) -> FastAPI:
    """The app over the store at ``db`` (opened read-only; it must exist)."""
    Store(db, readonly=True).close()  # fail now, with a clear message, not on first request
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

    def render(request: Request, template: str, data: dict[str, Any]) -> Response:
        if request.url.path.endswith(".json"):
            return JSONResponse(data)
        raw = request.scope.get("raw_path", b"").decode("latin-1") or request.url.path
        twin = ("/index" if raw == "/" else raw.rstrip("/")) + ".json"
        if request.url.query:
            twin += "?" + request.url.query
        return templates.TemplateResponse(request, template, {"d": data, "path": request.url.path,
                                                              "twin": twin})

    @app.middleware("http")
    async def headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers.update(SECURITY_HEADERS)
        return response

    def error(request: Request, status: int, message: str) -> Response:
        if request.url.path.endswith(".json"):
            return JSONResponse({"error": message}, status_code=status)
        return templates.TemplateResponse(request, "error.html", {"d": {"status": status, "message": message},
                                                                  "path": request.url.path, "twin": ""},
                                          status_code=status)

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
        return render(request, "home.html", views.home(store()))

    @app.get("/search", response_class=HTMLResponse, summary="Search companies, alliances, articles")
    @app.get("/search.json", summary="Search (JSON)")
    def search(request: Request, q: str = "") -> Response:
        return render(request, "search.html", views.search(store(), q))

    @app.get("/alliances", response_class=HTMLResponse, summary="Alliances, filtered and sorted")
    @app.get("/alliances.json", summary="Alliances (JSON): {\"alliances\": [...]}")
    def alliances(request: Request, company: str = "", stage: str = "", claim: str = "",
                  area: str = "", since: str = "", sort: str = "recent", order: str = "",
                  page: int = 1, per_page: int = views.PER_PAGE) -> Response:
        data = views.alliances(store(), company=company, stage=stage, claim=claim, area=area,
                               since=since, sort=sort, order=order or None, page=page,
                               per_page=per_page)
        return render(request, "alliances.html", data)

    @app.get("/alliances/{key:path}", summary="One alliance: state, stance, timeline, evidence")
    def alliance(request: Request, key: str) -> Response:
        key = key.removesuffix(".json")
        return render(request, "alliance.html", views.alliance(store(), key))

    @app.get("/companies", response_class=HTMLResponse, summary="Companies")
    @app.get("/companies.json", summary="Companies (JSON)")
    def companies(request: Request) -> Response:
        return render(request, "companies.html", views.companies(store()))

    @app.get("/companies/{name:path}", summary="One company: its alliances by stage, its partners")
    def company(request: Request, name: str) -> Response:
        return render(request, "company.html", views.company(store(), name.removesuffix(".json")))

    @app.get("/articles/{article_id:path}", summary="One article with its extracted spans")
    def article(request: Request, article_id: str) -> Response:
        return render(request, "article.html", views.article(store(), article_id.removesuffix(".json")))

    @app.get("/network", response_class=HTMLResponse, summary="The company network")
    @app.get("/network.json", summary="The company network (JSON): nodes and edges")
    def network(request: Request, area: str = "", since: str = "", stage: str = "",
                company: str = "") -> Response:
        data = views.network(store(), area=area, since=since, stage=stage, company=company)
        return render(request, "network.html", data)

    return app


def serve(db: str | Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Run the app with uvicorn until interrupted (binds to 127.0.0.1 unless told)."""
    import uvicorn

    uvicorn.run(create_app(db), host=host, port=port, log_level="warning")
