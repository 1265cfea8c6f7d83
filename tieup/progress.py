"""Progress on stderr for the command line: count, total, rate and time left.

Drawn on one line (redrawn at most ten times a second) only when the stream is a
terminal; silent otherwise, so logs and pipes get no progress noise. :func:`count_inputs`
estimates how many articles some input paths hold (a JSON Lines file's lines, a CSV's rows,
one for any other file) without reading them as articles; ``None`` when it cannot (stdin,
a JSON array, a feed).
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

# how often the line is redrawn, at most (seconds)
REDRAW = 0.1
# files read without opening: one article each
ONE_EACH = (".txt", ".html", ".htm")


def _lines(path: Path) -> int:
    n = 0
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            n += block.count(b"\n")
    return n


def count_inputs(paths: Iterable[str]) -> int | None:
    """How many articles these paths hold, about; ``None`` when it cannot be told."""
    total = 0
    for p in paths:
        if p == "-":
            return None
        path = Path(p)
        files = sorted(f for f in path.rglob("*") if f.is_file()) if path.is_dir() else [path]
        for f in files:
            suffix = f.suffix.lower()
            try:
                if suffix == ".jsonl":
                    total += _lines(f)
                elif suffix == ".csv":
                    total += max(0, _lines(f) - 1)
                elif suffix in ONE_EACH:
                    total += 1
                elif not path.is_dir():
                    return None
            except OSError:
                return None
    return total


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


class Progress:
    """A progress line: ``step()`` per item done, ``close()`` at the end."""

    def __init__(self, what: str, total: int | None = None, *, stream: IO[str] | None = None,
                 enabled: bool | None = None, clock: Callable[[], float] = time.monotonic):
        self.what, self.total, self.done = what, total, 0
        self.stream = stream if stream is not None else sys.stderr
        isatty = getattr(self.stream, "isatty", None)
        self.enabled = bool(isatty and isatty()) if enabled is None else enabled
        if os.environ.get("TERM") == "dumb":
            self.enabled = False
        self.clock = clock
        self.start = self.last = clock()
        self.drawn = False

    @classmethod
    def of_inputs(cls, paths: list[str], *, enabled: bool | None = None) -> Progress:
        """Progress over input paths, their total counted only when it will be shown."""
        bar = cls("inputs", enabled=enabled)
        if bar.enabled:
            bar.total = count_inputs(paths)
        return bar

    def line(self) -> str:
        """The line as it reads now."""
        elapsed = max(self.clock() - self.start, 1e-9)
        rate = self.done / elapsed
        if self.total:
            shown = min(self.done, self.total)
            left = (self.total - shown) / rate if rate > 0 else None
            eta = _clock(left) if left is not None else "?"
            return (f"tieup: {shown}/{self.total} {self.what} {100 * shown // self.total:3d}% "
                    f"{rate:.1f}/s ETA {eta}")
        return f"tieup: {self.done} {self.what} {rate:.1f}/s {_clock(elapsed)} elapsed"

    def step(self, n: int = 1) -> None:
        """Count ``n`` more done; redraw if it is time."""
        self.done += n
        now = self.clock()
        if self.enabled and (now - self.last >= REDRAW or self.done == self.total):
            self.last = now
            self.stream.write("\r\x1b[K" + self.line())
            self.stream.flush()
            self.drawn = True

    def close(self) -> None:
        """End the line (the last count stays on screen)."""
        if self.enabled and (self.drawn or self.done):
            self.stream.write("\r\x1b[K" + self.line() + "\n")
            self.stream.flush()
