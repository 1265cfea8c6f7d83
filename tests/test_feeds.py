"""fetch and watch against a local HTTP server the tests start (127.0.0.1 only): pages,
feeds that change between polls, a slow page, a huge page, a redirect loop, a non-HTML
file, an entity bomb, a webhook. No outside network."""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

import tieup
from tieup.changes import identity
from tieup.cli import main
from tieup.fetch import Fetcher, FetchError, check_url
from tieup.watch import fetch_pages, parse_feed, poll_feeds, url_id, watch

RULES = tieup.Options(model=False, allow_private=True)

PAGES = {
    "/news/orbit-talks.html": ("Honda and LG Energy Solution in battery talks",
                               "2026-03-02",
                               "Honda and LG Energy Solution are in talks to build a battery "
                               "plant together in Ohio, Reuters reported on Monday, citing people "
                               "familiar with the matter. The two companies have not signed a deal."),
    "/news/orbit-denial.html": ("LG Energy Solution denies plant talks", "2026-03-05",
                                "LG Energy Solution denied on Thursday that it was in talks with "
                                "Honda about a battery plant. An LG Energy Solution spokeswoman called "
                                "the report speculation."),
    "/news/weather.html": ("Storm expected", "2026-03-03",
                           "A storm is expected to reach the coast on Friday, forecasters said. "
                           "Schools may close early and ferries could be cancelled."),
}


def page_html(title: str, date: str, body: str) -> bytes:
    paras = "".join(f"<p>{body}</p>" for _ in range(3))
    return (f"<html><head><title>{title}</title><meta property='og:site_name' content='Test Wire'>"
            f"<meta name='date' content='{date}'></head><body><nav>Home | World | Business</nav>"
            f"<article><h1>{title}</h1>{paras}</article><footer>(c) Test Wire</footer></body>"
            f"</html>").encode()


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>{PAGES[p][0]}</title><link>{base}{p}</link><guid>{base}{p}</guid>"
        f"<pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate></item>" for p in paths)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>'
            f"<link>{base}/</link>{items}</channel></rss>").encode()


BOMB = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
        b'"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><rss version="2.0"><channel>'
        b"<title>&lol2;</title></channel></rss>")


class Server:
    def __init__(self) -> None:
        self.feed_paths = ["/news/orbit-talks.html", "/news/weather.html"]
        self.posts: list[dict] = []
        self.hits: dict[str, int] = {}
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def handler(self):
        server = self

        class H(BaseHTTPRequestHandler):
            def log_message(self, *a):  # keep test output quiet
                pass

            def send(self, code, body=b"", ctype="text/html; charset=utf-8", headers=None):
                self.send_response(code)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout)
                    pass

            def do_GET(self):
                server.hits[self.path] = server.hits.get(self.path, 0) + 1
                if self.path in PAGES:
                    return self.send(200, page_html(*PAGES[self.path]))
                if self.path == "/feed.xml":
                    etag = '"v' + str(len(server.feed_paths)) + '"'
                    if self.headers.get("If-None-Match") == etag:
                        return self.send(304)
                    return self.send(200, rss(server.base, server.feed_paths),
                                     "application/rss+xml", {"ETag": etag})
                if self.path == "/bomb.xml":
                    return self.send(200, BOMB, "application/rss+xml")
                if self.path == "/slow.html":
                    time.sleep(2)
                    return self.send(200, page_html(*PAGES["/news/weather.html"]))
                if self.path == "/huge.html":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.end_headers()
                    try:
                        for _ in range(400):  # 20 MB in 50 KB writes; the client hangs up first
                            self.wfile.write(b"<p>" + b"x" * 50_000 + b"</p>")
                    except (BrokenPipeError, ConnectionResetError):
                        pass
                    return None
                if self.path in ("/loop-a", "/loop-b"):
                    other = "/loop-b" if self.path == "/loop-a" else "/loop-a"
                    return self.send(302, headers={"Location": other})
                if self.path == "/report.pdf":
                    return self.send(200, b"%PDF-1.4 binary", "application/pdf")
                return self.send(404, b"not found")

            def do_POST(self):
                n = int(self.headers.get("Content-Length", 0))
                server.posts.append(json.loads(self.rfile.read(n)))
                self.send(204)

        return H

    def __enter__(self):
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    with Server() as s:
        yield s


@pytest.fixture
def fetcher():
    with Fetcher(delay=0, timeout=0.5, max_bytes=1_000_000, allow_private=True) as f:
        yield f


@pytest.fixture
def store():
    s = tieup.Store(":memory:")
    yield s
    s.close()


def test_a_page_is_fetched_extracted_and_stored(server, fetcher, store):
    url = server.base + "/news/orbit-talks.html"
    rep = fetch_pages(store, [url], fetcher, RULES)
    (ev,) = rep.events
    assert ev.status == "added" and ev.article_id == url_id(url)
    art = store.article(ev.article_id)
    assert art["url"] == url and art["title"].startswith("Honda")
    assert "Home | World" not in art["text"] and art["published"] == "2026-03-02"
    assert [c["kind"] for c in rep.changes] == ["new"]
    assert store.alliances()[0]["parties"] == ["Honda", "LG Energy Solution"]


def test_bad_pages_get_one_clear_error_each_and_the_batch_goes_on(server, fetcher, store):
    urls = [server.base + p for p in ("/slow.html", "/huge.html", "/loop-a", "/report.pdf",
                                      "/missing.html", "/news/weather.html")]
    rep = fetch_pages(store, urls, fetcher, RULES)
    errors = "\n".join(rep.errors)
    for url, words in zip(urls, ["timed out", "too large", "redirect loop", "not an HTML page",
                                 "HTTP 404"], strict=False):
        assert any(e.startswith(url) and words in e for e in rep.errors), (url, errors)
    assert [ev.status for ev in rep.events][-1] == "added"
    assert store.counts()["articles"] == 1


def test_private_addresses_are_refused_unless_allowed(server, store):
    with Fetcher(delay=0) as f:
        with pytest.raises(FetchError, match="loopback"):
            f.get(server.base + "/news/weather.html")
    for url in ["http://10.1.2.3/x", "http://169.254.169.254/latest/meta-data",
                "http://[::1]/", "http://[::ffff:127.0.0.1]/", "http://192.168.0.7/"]:
        with pytest.raises(FetchError, match="refused"):
            check_url(url, resolve=lambda host: [host.strip("[]")])
    check_url("https://news.example/a", resolve=lambda host: ["93.184.216.34"])
    for url, words in [("file:///etc/passwd", "only http"), ("ftp://x/y", "only http"),
                       ("http:///nohost", "no host")]:
        with pytest.raises(FetchError, match=words):
            check_url(url)


def test_the_fetcher_says_who_it_is_and_waits_between_requests_to_a_host(server):
    seen = []

    class H(server.handler()):
        def do_GET(self):
            seen.append((self.headers["User-Agent"], time.monotonic()))
            super().do_GET()

    server.httpd.RequestHandlerClass = H
    with Fetcher(delay=0.3, allow_private=True) as f:
        f.get(server.base + "/news/weather.html")
        f.get(server.base + "/news/weather.html")
    assert seen[0][0].startswith("tieup/")
    assert seen[1][1] - seen[0][1] >= 0.29


def test_watch_ingests_each_item_once_and_alerts_on_changes(server, fetcher, store):
    feed = server.base + "/feed.xml"
    rounds = watch(store, [feed], fetcher, interval=0, options=RULES, rounds=3, sleep=lambda s: None)
    first = next(rounds)
    assert sorted(ev.status for ev in first.events) == ["added", "added"]
    assert [c["kind"] for c in first.changes] == ["new"] and not first.errors
    second = next(rounds)  # unchanged feed: a conditional request, answered 304
    assert second.not_modified == [feed] and not second.events
    server.feed_paths.append("/news/orbit-denial.html")  # the feed changes between polls
    third = next(rounds)
    assert [ev.status for ev in third.events] == ["added"]
    assert [c["kind"] for c in third.changes] == ["denied"]
    assert third.changes[0]["denied_by"] == ["LG Energy Solution"]
    assert server.hits["/news/orbit-talks.html"] == 1  # each item fetched once
    # tieup changes lists exactly the events watch alerted on
    alerted = {identity(c) for c in first.changes + third.changes}
    assert {identity(c) for c in store.changes()} == alerted and len(alerted) == 2


def test_an_entity_bomb_feed_is_refused(server, fetcher, store):
    rep = poll_feeds(store, [server.base + "/bomb.xml"], fetcher, RULES)
    assert rep.errors and "entities" in rep.errors[0] and not rep.events
    with pytest.raises(ValueError, match="entities"):
        parse_feed(BOMB, "bomb")


def test_watch_and_changes_on_the_command_line_with_a_webhook(server, tmp_path, capsys):
    db = str(tmp_path / "w.db")
    server.feed_paths.append("/news/orbit-denial.html")
    rc = main(["watch", server.base + "/feed.xml", "--db", db, "--rounds", "1", "--interval", "0",
               "--no-model", "--allow-private", "--delay", "0", "--webhook", server.base + "/hook"])
    out = capsys.readouterr()
    assert rc == 0, out.err
    alert_lines = out.out.strip().splitlines()
    assert any("denied by LG Energy Solution" in line for line in alert_lines)
    # the log: each line a UTC timestamp and a level
    assert re.search(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ INFO poll 1: ", out.err, re.M), out.err
    assert {p["kind"] for p in server.posts} == {"new", "denied"}
    assert all(p["type"] == "tieup.change" and p["parties"] for p in server.posts)
    assert main(["changes", "--db", db, "--since", "2026-01-01"]) == 0
    listed = capsys.readouterr().out.strip().splitlines()
    assert sorted(listed) == sorted(alert_lines)
    assert main(["changes", "--db", db, "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["changes"]) == len(listed)


def test_fetch_command_refuses_loopback_without_the_flag(server, tmp_path, capsys):
    rc = main(["fetch", server.base + "/news/weather.html", "--db", str(tmp_path / "f.db"),
               "--no-model"])
    err = capsys.readouterr().err
    assert rc == 1 and "loopback" in err and "--allow-private" in err


def test_requests_go_to_the_checked_address_with_the_name_kept(server):
    """DNS rebinding: the address that passed the check is the one connected to."""
    seen = []

    class H(server.handler()):
        def do_GET(self):
            seen.append(self.headers["Host"])
            super().do_GET()

    server.httpd.RequestHandlerClass = H
    port = server.httpd.server_address[1]
    calls = []

    def resolver(host):
        calls.append(host)
        return ["127.0.0.1"]

    with Fetcher(delay=0, allow_private=True, resolver=resolver) as f:
        page = f.get(f"http://news.invalid:{port}/news/weather.html")
    assert page.status == 200 and page.url == f"http://news.invalid:{port}/news/weather.html"
    assert seen == [f"news.invalid:{port}"] and calls == ["news.invalid"]
    with Fetcher(delay=0, resolver=lambda host: ["93.184.216.34", "10.0.0.8"]) as f:
        with pytest.raises(FetchError, match="10.0.0.8"):
            f.get("http://mixed.invalid/")


def test_feed_bytes_are_never_taken_for_a_file_name(tmp_path):
    secret = tmp_path / "local-feed.xml"
    secret.write_bytes(rss("http://x", ["/news/weather.html"]))
    with pytest.raises(ValueError):
        parse_feed(str(secret).encode(), "evil")


def test_one_feed_failing_unexpectedly_does_not_stop_the_watch(server, fetcher, store, monkeypatch):
    from tieup import watch as w

    real = w.poll_feed

    def flaky(store, url, fetcher, options):
        if url.endswith("/bomb.xml"):
            raise RuntimeError("unexpected")
        return real(store, url, fetcher, options)

    monkeypatch.setattr(w, "poll_feed", flaky)
    rep = poll_feeds(store, [server.base + "/bomb.xml", server.base + "/feed.xml"], fetcher, RULES)
    assert any("unexpected" in e for e in rep.errors) and len(rep.events) == 2
