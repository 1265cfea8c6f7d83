"""Crash safety and concurrent use: SIGKILL in the middle of an ingest loses nothing and
stores nothing twice; the web app reads while an ingest writes (WAL)."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import tieup

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from gen_corpus import generate  # noqa: E402

N = 600


def corpus(tmp_path: Path) -> Path:
    p = tmp_path / "corpus.jsonl"
    with open(p, "w", encoding="utf-8") as fh:
        for obj in generate(N, seed=11, alliance_share=0.5):
            fh.write(json.dumps(obj) + "\n")
    return p


def ingest_cmd(path: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "tieup.cli", "ingest", str(path), "--db", str(db), "--no-model",
            "-q"]


def stored(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(con.execute("SELECT COUNT(*) FROM articles").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def stable(alliances):
    return [{k: v for k, v in a.items() if k != "last_seen"} for a in alliances]


def test_sigkill_mid_ingest_then_rerun_loses_nothing_and_doubles_nothing(tmp_path):
    path, db = corpus(tmp_path), tmp_path / "killed.db"
    proc = subprocess.Popen(ingest_cmd(path, db))
    deadline = time.monotonic() + 120
    while stored(db) < 20 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed: make N larger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = stored(db)
    assert 0 < partial < N
    assert subprocess.run(ingest_cmd(path, db)).returncode == 0
    clean = tmp_path / "clean.db"
    assert subprocess.run(ingest_cmd(path, clean)).returncode == 0
    with tieup.Store(db) as s, tieup.Store(clean) as c:
        assert s.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        ids = [r[0] for r in s.db.execute("SELECT id FROM articles")]
        assert len(ids) == len(set(ids)) == N
        hashes = [r[0] for r in s.db.execute("SELECT content_hash FROM articles")]
        assert len(set(hashes)) == N
        claims = s.db.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
        assert claims == c.db.execute("SELECT COUNT(*) FROM claims").fetchone()[0]
        assert stable(s.alliances()) == stable(c.alliances())


def test_the_web_app_reads_while_ingest_writes(tmp_path):
    from fastapi.testclient import TestClient

    from tieup.web import create_app

    path, db = corpus(tmp_path), tmp_path / "live.db"
    tieup.Store(db).close()  # created and migrated, empty
    proc = subprocess.Popen(ingest_cmd(path, db))
    statuses: list[int] = []
    errors: list[str] = []

    def read() -> None:
        with TestClient(create_app(str(db)), base_url="http://127.0.0.1") as client:
            while proc.poll() is None:
                for url in ("/index.json", "/alliances.json", "/network.json", "/companies.json"):
                    try:
                        statuses.append(client.get(url).status_code)
                    except Exception as e:  # "database is locked" would land here
                        errors.append(repr(e))

    reader = threading.Thread(target=read)
    reader.start()
    assert proc.wait(timeout=180) == 0
    reader.join(timeout=30)
    assert not errors and statuses and set(statuses) == {200}
    assert stored(db) == N


@pytest.mark.parametrize("mode", ["wal"])
def test_the_store_is_in_wal_mode(tmp_path, mode):
    with tieup.Store(tmp_path / "w.db") as s:
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == mode
