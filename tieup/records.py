"""Structured inputs: one record (a JSON object, a CSV row) -> an Article, by field names.

The fields are taken from ``Options`` (``--id-field``, ``--text-field``, ``--title-field``,
``--date-field``, ``--url-field``). Left unset, each is looked for under the names news
APIs and exports commonly use, in this order (the first present wins):

    id        id, uri, guid, article_id, uuid
    text      text, body, content, article_text, full_text
    title     title, headline
    published published, dateTime, date, pubDate, published_at, publishedAt, datePublished
    url       url, link
    outlet    outlet, source_name, source (a name, or an object with "title" or "name")

Used by JSON Lines, JSON array and CSV reading (:mod:`tieup.read`). Nothing here prints.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from . import dates
from .model import Article
from .options import Options

DEFAULT_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "uri", "guid", "article_id", "uuid"),
    "text": ("text", "body", "content", "article_text", "full_text"),
    "title": ("title", "headline"),
    "published": ("published", "dateTime", "date", "pubDate", "published_at", "publishedAt",
                  "datePublished"),
    "url": ("url", "link"),
    "outlet": ("outlet", "source_name", "source"),
}
_OPTION = {"id": "id_field", "text": "text_field", "title": "title_field",
           "published": "date_field", "url": "url_field"}


class RecordError(ValueError):
    """A record that is not an article (the message says which field is missing)."""


def names(field: str, options: Options) -> tuple[str, ...]:
    """The record keys read for one of our fields, as the options set them."""
    opt = _OPTION.get(field)
    given = getattr(options, opt) if opt else None
    return (given,) if given else DEFAULT_FIELDS[field]


def _get(obj: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for k in keys:
        if k in obj and obj[k] not in (None, ""):
            return obj[k]
    return None


def _str(v: object) -> str | None:
    """An optional metadata field: a string, or nothing (a number or list is no title)."""
    return v if isinstance(v, str) and v.strip() else None


def _outlet(v: object) -> str | None:
    if isinstance(v, dict):
        return _str(v.get("title")) or _str(v.get("name"))
    return _str(v)


def article(obj: object, where: str, options: Options) -> tuple[Article, str | None]:
    """(article, warning) from one record; raises :class:`RecordError` when it is none."""
    id_keys, text_keys = names("id", options), names("text", options)
    if not isinstance(obj, dict):
        raise RecordError(f"expected an object with {_say(id_keys)} and {_say(text_keys)}, "
                          f"not {type(obj).__name__}")
    rid, text = _get(obj, id_keys), _get(obj, text_keys)
    if rid is None or isinstance(rid, dict | list) or not isinstance(text, str):
        missing = [f"no id (looked for {_say(id_keys)})" if rid is None
                   or isinstance(rid, dict | list) else "",
                   f"no text (looked for {_say(text_keys)})" if not isinstance(text, str) else ""]
        raise RecordError("; ".join(m for m in missing if m)
                          + "; name the fields with --id-field / --text-field")
    if not text.strip():
        raise RecordError("empty text")
    published, warning = dates.parse_or_warn(_get(obj, names("published", options)))
    return Article(id=str(rid), text=text, url=_str(_get(obj, names("url", options))),
                   title=_str(_get(obj, names("title", options))), published=published,
                   outlet=_outlet(_get(obj, DEFAULT_FIELDS["outlet"])), source=where), warning


def _say(keys: tuple[str, ...]) -> str:
    return " / ".join(f'"{k}"' for k in keys[:3]) + (" ..." if len(keys) > 3 else "")


def rows_csv(lines: Iterator[str], source: str) -> Iterator[tuple[str, dict[str, Any] | str]]:
    """(where, row or error message) for each row of a CSV file with a header."""
    import csv

    reader = csv.DictReader(lines)
    try:
        header = reader.fieldnames
    except csv.Error as e:
        yield source, f"not valid CSV ({e})"
        return
    if not header:
        yield source, "a CSV file with no header row"
        return
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            yield f"{source}:{reader.line_num}", f"not valid CSV ({e})"
            continue
        yield f"{source}:{reader.line_num}", {k: v for k, v in row.items() if k is not None}
