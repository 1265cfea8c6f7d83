"""Continuous intake: fetch article pages, poll RSS/Atom feeds, ingest what is new, and
report the changes it causes.

Stages, in order, for a feed:

1. ``poll``    the feed, conditionally (ETag / Last-Modified from the store): a 304 ends here
2. ``parse``   :func:`tieup.feeds.parse_feed` (entity bombs refused), one Item per entry
3. ``fetch``   each item not yet ingested: its page (``tieup.fetch`` rules), main text
               and metadata by trafilatura, the feed's own date, title and name filling gaps
4. ``ingest``  through the usual pipeline into the store (``tieup.ingest.run_items``)
5. ``alert``   every change event the new articles caused (new alliance, stage change,
               denial, confirmation after a denial), as :mod:`tieup.changes` writes them;
               with a webhook, each is POSTed as JSON

Nothing here prints: :func:`poll_feeds` and :func:`fetch_pages` return :class:`Report`.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .feeds import Item, item_article, long_enough, parse_feed, url_id
from .fetch import Fetcher, FetchError, Page
from .model import Article
from .options import Options
from .read import ReadError, decode, from_html

if TYPE_CHECKING:
    from .store import IngestEvent, Store

FEED_ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"


@dataclass
class Report:
    """What one poll or fetch did: ingest events, the changes they caused, errors."""

    events: list[IngestEvent] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    not_modified: list[str] = field(default_factory=list)  # feeds that answered 304

    def extend(self, other: Report) -> None:
        self.events += other.events
        self.changes += other.changes
        self.errors += other.errors
        self.not_modified += other.not_modified


def _page_text(page: Page) -> str:
    m = re.search(r"charset=([\w-]+)", page.content_type)
    if m:
        try:
            return page.content.decode(m.group(1), errors="replace")
        except LookupError:
            pass
    return decode(page.content)


def page_article(page: Page, item: Item | None = None, outlet: str | None = None) -> Article:
    """A fetched page as an Article; a feed item's date and title fill what the page lacks.
    Raises ValueError when the page is not HTML or has no main text."""
    if not page.is_html:
        raise ValueError(f"not an HTML page ({page.content_type or 'unknown type'})")
    art = from_html(_page_text(page), url_id(page.url), url=page.url)
    return Article(id=art.id, text=art.text, url=page.url,
                   title=art.title or (item.title if item else None),
                   published=art.published or (item.published if item else None),
                   outlet=art.outlet or outlet, html=False)


def _item_article(item: Item, fetcher: Fetcher, outlet: str | None) -> Article:
    if item.link:
        try:
            return page_article(fetcher.get(item.link), item, outlet)
        except (FetchError, ValueError):
            if not long_enough(item.content):
                raise  # the page's own error says more than "too little text"
    return item_article(item, url_id(item.link or item.key), outlet)


def _ingest(store: Store, articles: list[Article | ReadError], options: Options) -> Report:
    from . import ingest

    rep = Report()
    if not articles:
        return rep
    for ev in ingest.run_items(store, articles, options):
        rep.events.append(ev)
        rep.changes += [{**c, "url": _url_of(store, c["article"])} for c in ev.changes]
        if ev.status == "failed":
            rep.errors.append(f"{ev.source}: {ev.message}")
    return rep


def _url_of(store: Store, article_id: str | None) -> str | None:
    if not article_id:
        return None
    row = store.db.execute("SELECT url FROM articles WHERE id = ?", (article_id,)).fetchone()
    return row[0] if row else None


def fetch_pages(store: Store, urls: Iterable[str], fetcher: Fetcher,
                options: Options | None = None) -> Report:
    """``tieup fetch``: fetch each page, extract its main text, ingest it."""
    got: list[Article | ReadError] = []
    for url in urls:
        try:
            got.append(page_article(fetcher.get(url)))
        except (FetchError, ValueError) as e:
            got.append(ReadError(url, getattr(e, "reason", None) or str(e)))
    return _ingest(store, got, options or Options())


def poll_feed(store: Store, feed_url: str, fetcher: Fetcher, options: Options) -> Report:
    """One poll of one feed: conditional GET, new items fetched and ingested once."""
    state = store.feed(feed_url)
    rep = Report()
    try:
        page = fetcher.get(feed_url, etag=state["etag"], modified=state["modified"],
                           accept=FEED_ACCEPT)
    except FetchError as e:
        store.save_feed(feed_url, etag=state["etag"], modified=state["modified"], status=f"error: {e.reason}")
        rep.errors.append(str(e))
        return rep
    if page.not_modified:
        store.save_feed(feed_url, etag=state["etag"], modified=state["modified"], status="not modified")
        rep.not_modified.append(feed_url)
        return rep
    try:
        title, items = parse_feed(page.content, feed_url)
    except ValueError as e:
        store.save_feed(feed_url, etag=None, modified=None, status=f"error: {e}")
        rep.errors.append(f"{feed_url}: {e}")
        return rep
    fetched: dict[str, Item] = {}  # article id -> its item
    articles: list[Article | ReadError] = []
    for item in items:
        if store.item_done(feed_url, item.key):
            continue
        try:
            art = _item_article(item, fetcher, title)
        except (FetchError, ValueError) as e:
            msg = getattr(e, "reason", None) or str(e)
            store.mark_item(feed_url, item.key, article_id=None, error=msg)
            rep.errors.append(f"{feed_url}: item {item.link or item.key}: {msg}")
            continue
        fetched[art.id] = item
        articles.append(replace(art, source=art.id))
    # one ingest for the poll's new items: one pass through the pipeline (and, with
    # --jobs or --dask, one pool), not one per item
    done = _ingest(store, articles, options)
    rep.extend(done)
    for ev in done.events:
        item_for = fetched.get(ev.source) or fetched.get(ev.article_id or "")
        if item_for is None:
            continue
        # a skipped item (not English) is done too: it is remembered by its source
        failed = ev.status == "failed"
        store.mark_item(feed_url, item_for.key,
                        article_id=None if failed else (ev.article_id or ev.source),
                        error=ev.message if failed else None)
    # validators are saved only after the items are in: a crash mid-poll re-reads the feed
    store.save_feed(feed_url, etag=page.etag, modified=page.modified, status="ok")
    return rep


def poll_feeds(store: Store, feeds: Iterable[str], fetcher: Fetcher,
               options: Options | None = None) -> Report:
    rep = Report()
    for url in feeds:
        try:
            rep.extend(poll_feed(store, url, fetcher, options or Options()))
        except Exception as e:  # noqa: BLE001 - a watch runs for weeks: one feed's bug is
            rep.errors.append(f"{url}: poll failed ({type(e).__name__}: {e})")  # its error
    return rep


def watch(store: Store, feeds: list[str], fetcher: Fetcher, *, interval: float,
          options: Options | None = None, rounds: int | None = None,
          sleep: Callable[[float], None] = time.sleep) -> Iterator[Report]:
    """``tieup watch``: poll every feed, then wait ``interval`` seconds; one Report per
    round, forever or for ``rounds`` rounds."""
    n = 0
    while rounds is None or n < rounds:
        start = time.monotonic()
        yield poll_feeds(store, feeds, fetcher, options)
        n += 1
        if rounds is None or n < rounds:
            sleep(max(0.0, interval - (time.monotonic() - start)))


def post_webhook(url: str, event: dict[str, Any], fetcher: Fetcher) -> str | None:
    """POST one change event as JSON; the error text, or None when it was accepted."""
    try:
        r = fetcher.client().post(url, json={"type": "tieup.change", **event})
    except Exception as e:  # a webhook that is down must not stop the watch
        return f"webhook {url}: {type(e).__name__}: {e}"
    return None if r.status_code < 400 else f"webhook {url}: HTTP {r.status_code}"


def change_line(ev: dict[str, Any]) -> str:
    """One line for a change event: date, what changed, which alliance, who said it."""
    parties = " + ".join(ev["parties"])
    what = {"new": f"new alliance ({ev['to']})", "stage": f"stage {ev['from']} -> {ev['to']}",
            "denied": "denied" + (f" by {', '.join(ev['denied_by'])}" if ev["denied_by"] else ""),
            "confirmed": "confirmed" + (f" by {', '.join(ev['confirmed_by'])}"
                                        if ev["confirmed_by"] else "")}[ev["kind"]]
    src = ev.get("outlet") or ev.get("article") or ""
    return f"{ev.get('date') or 'undated   '}  {parties}: {what}" + (f"  [{src}]" if src else "")
