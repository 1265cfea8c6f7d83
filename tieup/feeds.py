"""RSS and Atom feeds: parsed safely into items, and an item's own text into an Article.

find (:func:`parse_feed`): a feed that declares XML entities or a DTD is refused before
any parser expands them (defusedxml's check: an entity-expansion bomb never reaches
feedparser); then feedparser reads RSS 0.9x/1.0/2.0 and Atom alike, one :class:`Item`
per entry. write (:func:`item_article`): an item's own content as an Article, for feed
files read from disk and for items whose page cannot be fetched.
"""

from __future__ import annotations

import calendar
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from .model import Article

# an item is ingested from its own content only when it is this long (a feed summary of
# two lines is a teaser, not an article; 80 words is a short news brief)
MIN_ITEM_WORDS = 80


@dataclass(frozen=True)
class Item:
    key: str  # the entry's id, else its link, else a digest of title and summary
    link: str | None
    title: str | None
    published: str | None
    content: str | None  # the entry's own text (HTML), when the feed carries it


def url_id(url: str) -> str:
    """A readable, stable article id for a URL (or a feed item's guid): host, last path
    words, short digest."""
    parts = urlsplit(url)
    slug = re.sub(r"[^a-z0-9]+", "-", (parts.path or "").lower()).strip("-")[-48:].strip("-")
    digest = hashlib.sha256(url.encode("utf-8", "replace")).hexdigest()[:8]
    host = (parts.hostname or "page").removeprefix("www.")
    return f"{host}-{slug}-{digest}" if slug else f"{host}-{digest}"


def _declares(data: bytes) -> bool:
    """Whether the bytes hold a DTD or entity declaration anywhere, in any of the encodings
    XML may come in (NUL bytes dropped: UTF-16 and UTF-32 spell ASCII with them)."""
    flat = data.replace(b"\x00", b"").upper()
    return b"<!ENTITY" in flat or b"<!DOCTYPE" in flat


def _date(entry: Any) -> str | None:
    """An entry's date as YYYY-MM-DD, or None when it has none or an impossible one
    (``0000-00-00``): a bad date is that item's, never the feed's, failure."""
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    if not when:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(when), UTC).strftime("%Y-%m-%d")
    except (ValueError, OverflowError, OSError, TypeError):
        return None


def parse_feed(data: bytes, source: str) -> tuple[str | None, list[Item]]:
    """The feed's title and its items. Raises ValueError for a feed that declares XML
    entities or a DTD (defusedxml refuses them; a feed that is not well-formed is refused
    when such a declaration appears anywhere in it) or that is not a feed at all."""
    import defusedxml.ElementTree as DET
    import feedparser
    from defusedxml import DefusedXmlException

    try:
        DET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as e:
        raise ValueError(f"refused: the feed declares XML entities or a DTD ({type(e).__name__})") from None
    except Exception as e:  # not well-formed: feedparser's lenient parser may still read it
        if _declares(data):
            raise ValueError(f"refused: malformed feed declaring entities or a DTD ({e})") from None
    # a stream, never bytes: feedparser would try bytes as a file name (or a URL) first
    parsed: Any = feedparser.parse(io.BytesIO(data))
    if not parsed.entries and parsed.get("bozo") and not parsed.feed:
        raise ValueError(f"not an RSS or Atom feed ({parsed.get('bozo_exception', 'unreadable')})")
    items = []
    for entry in parsed.entries:
        link = entry.get("link")
        published = _date(entry)
        content = (entry.get("content") or [{}])[0].get("value") or entry.get("summary")
        key = entry.get("id") or link or hashlib.sha256(
            f"{entry.get('title')}|{content}".encode()).hexdigest()
        items.append(Item(str(key), link, entry.get("title"), published, content))
    return parsed.feed.get("title"), items


def long_enough(html: str | None) -> bool:
    return bool(html) and len(re.sub(r"<[^>]+>", " ", html or "").split()) >= MIN_ITEM_WORDS


def item_article(item: Item, article_id: str, outlet: str | None = None) -> Article:
    """The item's own content as an Article. Raises ValueError when it holds too little
    text to be an article (fetch its link instead)."""
    from .read import from_html

    if not long_enough(item.content):
        raise ValueError("the item carries too little text of its own (fetch its link "
                         "with tieup fetch or watch the feed)")
    art = from_html(f"<html><body><article>{item.content}</article></body></html>", article_id,
                    url=item.link)
    return Article(id=article_id, text=art.text, url=item.link, title=item.title,
                   published=item.published, outlet=outlet)
