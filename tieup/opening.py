"""Opening the store's SQLite file: every failure a :class:`StoreError` of one line.

For writing, the connection waits for other writers (``busy_timeout`` first, so even
switching to WAL and migrating wait their turn) and uses WAL. For reading
(``readonly``), the file is opened ``mode=ro``; a WAL store in a folder this user cannot
write, with no ``-wal`` file beside it, is opened ``immutable`` (SQLite cannot create
the ``-shm`` file it needs otherwise, and with no ``-wal`` no writer is at work).
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path
from urllib.parse import quote


class StoreError(Exception):
    """A store that cannot be opened as asked; ``str()`` is one line naming the file."""


def store_problem(e: sqlite3.Error) -> str:
    """One line saying what is wrong with a store, from SQLite's error."""
    msg = str(e)
    if "not a database" in msg or "malformed" in msg:
        return f"cannot open the store: not a tieup store, or a damaged one ({msg})"
    if "disk is full" in msg or "disk I/O" in msg:
        return f"cannot write the store: disk full or failing ({msg})"
    if "readonly" in msg or "read-only" in msg:
        return f"cannot write the store: it is read-only here ({msg})"
    if "locked" in msg or "busy" in msg:
        return f"the store is busy: another process holds it ({msg})"
    return f"store error ({msg})"


# bytes of the store a read-only connection maps into memory (readers, one per web
# worker thread, share the OS's pages)
READ_MMAP = 1 << 30


# how long a writer waits for the store's write lock in all: SQLite's busy handler waits
# BUSY_MS per try, but some contention (a store switching to WAL, a stale read snapshot)
# fails at once, so such quick failures are tried again, with a growing pause, up to WAIT_S
BUSY_MS = 10_000
WAIT_S = 60.0


def busy(e: sqlite3.OperationalError) -> bool:
    return "locked" in str(e) or "busy" in str(e)


def begin(db: sqlite3.Connection, sql: str = "BEGIN IMMEDIATE") -> None:
    """Run ``sql`` (take the write lock), trying again while another writer holds it."""
    deadline = time.monotonic() + WAIT_S
    pause = 0.01
    while True:
        tried = time.monotonic()
        try:
            db.execute(sql)
            return
        except sqlite3.OperationalError as e:
            # a try the busy handler already waited on is a lock really held: say so
            waited = time.monotonic() - tried > BUSY_MS / 2000
            if not busy(e) or waited or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


def _cannot_share(path: str) -> bool:
    folder = Path(path).resolve().parent
    return not os.access(folder, os.W_OK) and not Path(path + "-wal").exists()


def connect(path: str, *, readonly: bool) -> sqlite3.Connection:
    """A connection to the store at ``path`` with tieup's settings; raises StoreError."""
    if readonly and not Path(path).is_file():
        raise StoreError(f"{path}: no store there (create one with tieup ingest)")
    if not readonly and path != ":memory:" and not Path(path).parent.is_dir():
        raise StoreError(f"{path}: cannot create the store: no such folder {str(Path(path).parent)!r}")
    try:
        return _connect(path, readonly, immutable=False)
    except sqlite3.OperationalError as e:
        if readonly and "unable to open" in str(e) and _cannot_share(path):
            try:
                return _connect(path, readonly, immutable=True)
            except sqlite3.Error as e2:
                raise StoreError(f"{path}: {store_problem(e2)}") from None
        raise StoreError(f"{path}: {store_problem(e)}") from None
    except sqlite3.Error as e:
        raise StoreError(f"{path}: {store_problem(e)}") from None


def _connect(path: str, readonly: bool, *, immutable: bool) -> sqlite3.Connection:
    if readonly:
        uri = f"file:{quote(Path(path).resolve().as_posix())}?mode=ro" + ("&immutable=1" if immutable else "")
        db = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    else:
        db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        db.row_factory = sqlite3.Row
        # first: every later statement may wait for another writer (a concurrent ingest
        # creating or migrating the same store) instead of failing at once
        if path != ":memory:":
            db.execute(f"PRAGMA busy_timeout = {BUSY_MS}")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # a damaged file fails here
        if readonly and path != ":memory:":
            db.execute(f"PRAGMA mmap_size = {READ_MMAP}")
        if not readonly and path != ":memory:":
            begin(db, "PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
    except BaseException:
        db.close()
        raise
    return db
