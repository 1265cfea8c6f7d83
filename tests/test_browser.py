"""End to end in a real browser: Debian's chromium driven by Playwright over a live server.

The store is built from the bundled example corpus with the real extractor. Screenshots
go to ``test-artifacts/`` (or ``$TIEUP_ARTIFACTS``). Chromium comes from the system
(``scripts/setup.sh --dev`` installs Debian's package); Playwright never downloads one.
Outside CI a missing chromium skips these tests; under CI it fails them.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tieup.store import Store

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = Path(os.environ.get("TIEUP_ARTIFACTS", ROOT / "test-artifacts"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = [pytest.mark.browser, pytest.mark.model]


def _need(ok: bool, why: str) -> None:
    if not ok:
        if os.environ.get("CI"):
            pytest.fail(why + " (CI must run the browser tests: scripts/setup.sh --dev installs it)")
        pytest.skip(why)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    import uvicorn

    from tieup.web import create_app

    db = tmp_path_factory.mktemp("e2e") / "examples.db"
    with Store(db) as s:
        counts = s.ingest([str(ROOT / "examples" / "articles.jsonl")])
    assert counts.get("added", 0) >= 8, counts
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(create_app(db), host="127.0.0.1", port=port,
                                        log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started, "server did not start"
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(server):
    _need(CHROMIUM is not None, "Debian's chromium is not installed")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - installed by requirements-dev
        _need(False, "playwright is not installed")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        pg = browser.new_page(viewport={"width": 1280, "height": 900})
        problems: list[str] = []
        pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: problems.append(str(e)))
        pg.problems = problems  # type: ignore[attr-defined]
        yield pg
        browser.close()


def test_denied_alliance_timeline_then_network(page, server):
    page.goto(server + "/alliances?claim=denied")
    page.screenshot(path=str(ARTIFACTS / "alliances-denied.png"), full_page=True)
    # the alliance two articles report and one party denies
    page.get_by_role("link", name="Geely + Renault").click()
    page.wait_for_url("**/alliances/Geely*")
    assert page.locator("li.stance-denied").inner_text() == "Geely: denied"
    denied = page.locator("li.claim.has-denial")
    assert denied.count() >= 1
    mark = denied.first.locator("mark.m-deny").first
    assert mark.is_visible()
    colour = mark.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")  # styled, so the CSS loaded under CSP
    articles = {a.get_attribute("href") for a in page.locator("li.claim .source a").all()}
    # one report since the trained scorer misses ex-001/ex-008 (tests/test_examples.py)
    assert len(articles) >= 1
    page.screenshot(path=str(ARTIFACTS / "alliance-denied.png"), full_page=True)

    page.locator("a.to-network").click()
    page.wait_for_url("**/network?company=*")
    page.wait_for_selector("#graph[data-ready=true]", timeout=15000)
    graph = page.locator("#graph")
    assert int(graph.get_attribute("data-edges") or 0) >= 1
    assert page.evaluate("window.tieupGraph.edges('[dashed = \"dashed\"]').length") >= 1
    page.screenshot(path=str(ARTIFACTS / "network.png"), full_page=True)
    assert page.problems == [], page.problems  # no script error, no CSP violation  # type: ignore[attr-defined]


def test_search_and_article_highlights(page, server):
    page.goto(server + "/")
    page.get_by_role("searchbox").fill("Leapmotor")
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/search?q=*")
    assert page.locator("ol.hits mark.m-hit").count() >= 1
    page.locator("ol.hits li a").first.click()
    page.wait_for_url("**/articles/*")
    assert page.locator("article.text mark.m-evidence").count() >= 1
    assert page.locator("article.text mark.m-party").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "article.png"), full_page=True)
    assert page.problems == []  # type: ignore[attr-defined]
