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


def parse_feed(data: bytes, source: str) -> tuple[str | None, list[Item]]:
    """The feed's title and its items. Raises ValueError for a feed that declares XML
    entities or DTDs (defusedxml refuses them) or that is not a feed at all."""
    import defusedxml.ElementTree as DET
    import feedparser
    from defusedxml import DefusedXmlException

    try:
        DET.fromstring(data)
    except DefusedXmlException as e:
        raise ValueError(f"refused: the feed declares XML entities or a DTD ({type(e).__name__})") from None
    except Exception as e:  # not well-formed: feedparser's lenient parser may still read it
        if b"<!ENTITY" in data[:65536].upper():
            raise ValueError(f"refused: malformed feed declaring entities ({e})") from None
    # a stream, never bytes: feedparser would try bytes as a file name (or a URL) first
    parsed: Any = feedparser.parse(io.BytesIO(data))
    if not parsed.entries and parsed.get("bozo") and not parsed.feed:
        raise ValueError(f"not an RSS or Atom feed ({parsed.get('bozo_exception', 'unreadable')})")
    items = []
    for entry in parsed.entries:
        link = entry.get("link")
        when = entry.get("published_parsed") or entry.get("updated_parsed")
        published = (datetime.fromtimestamp(calendar.timegm(when), UTC).strftime("%Y-%m-%d")
                     if when else None)
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
