"""Functions that test worker processes run (importable by name in a spawned process;
kept apart from the test modules so a worker imports little)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from tieup import pipeline

KILL = "KILL-THIS-WORKER"


def killing_chunk(chunk, options):
    """The pipeline's chunk function, except that a chunk holding the marker dies the way
    the OOM killer kills: SIGKILL, no exception, no cleanup."""
    if any(KILL in getattr(item, "text", "") for item in chunk):
        os.kill(os.getpid(), signal.SIGKILL)
    return pipeline._extract_chunk(chunk, options)


def sleeper(chunk, folder: str):
    """Record this worker's pid, then work for a long time."""
    Path(folder, str(os.getpid())).write_text("up", encoding="utf-8")
    time.sleep(120)
    return chunk
