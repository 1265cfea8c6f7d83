"""What the store remembers about feeds: validators for conditional requests, and which
items were already ingested (so each item is ingested once). Mixed into
:class:`tieup.store.Store`, like :class:`tieup.queries.Queries`."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from typing import Any

# a feed item whose page failed this many times is given up (a dead link must not be
# fetched on every poll for weeks); transient failures get the other tries
MAX_ATTEMPTS = 3


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class FeedState:
    db: sqlite3.Connection

    def atomic(self) -> AbstractContextManager[None]:  # provided by Store
        raise NotImplementedError

    def feed(self, url: str) -> dict[str, Any]:
        """The feed's validators (etag, modified) and last poll, or empty values."""
        row = self.db.execute("SELECT etag, modified, last_polled, last_status FROM feeds "
                              "WHERE url = ?", (url,)).fetchone()
        keys = ("etag", "modified", "last_polled", "last_status")
        return dict(zip(keys, row, strict=True)) if row else dict.fromkeys(keys)

    def save_feed(self, url: str, *, etag: str | None, modified: str | None, status: str) -> None:
        """Record a feed's poll: its ETag, Last-Modified and status."""
        with self.atomic():
            self.db.execute(
                "INSERT INTO feeds VALUES (?, ?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET "
                "etag = excluded.etag, modified = excluded.modified, "
                "last_polled = excluded.last_polled, last_status = excluded.last_status",
                (url, etag, modified, _now(), status))

    def item_done(self, feed_url: str, item_key: str) -> bool:
        """True when the item was ingested, or failed :data:`MAX_ATTEMPTS` times."""
        row = self.db.execute("SELECT article_id, attempts FROM feed_items WHERE feed_url = ? "
                              "AND item_key = ?", (feed_url, item_key)).fetchone()
        return bool(row) and (row[0] is not None or row[1] >= MAX_ATTEMPTS)

    def mark_item(self, feed_url: str, item_key: str, *, article_id: str | None,
                  error: str | None = None) -> None:
        """Record that a feed item was seen (and the article it became, or its error)."""
        with self.atomic():
            self.db.execute(
                "INSERT INTO feed_items VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(feed_url, item_key) "
                "DO UPDATE SET article_id = COALESCE(excluded.article_id, article_id), "
                "attempts = attempts + excluded.attempts, last_error = excluded.last_error, "
                "seen_at = excluded.seen_at",
                (feed_url, item_key, article_id, 0 if article_id else 1, error, _now()))
