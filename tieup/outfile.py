"""Output files written whole or not at all: into a temporary file beside the target,
renamed into place only when everything was written (a failed or interrupted export, or
a full disk, leaves an existing target as it was and no partial file)."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def replacing(path: str | Path) -> Iterator[IO[bytes]]:
    """A binary file to write ``path``'s new content into; it becomes ``path`` when the
    block ends without an exception, and is removed when it raises."""
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # what open() would have made, not mkstemp's 0600
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def is_an_input(output: str, inputs: Iterable[str]) -> str | None:
    """The input that ``output`` would overwrite (the same file), or the input folder it
    lies in when it has an input's extension (that run, or the next, would read it), or None."""
    from .read import KNOWN_EXT, _kind

    out = Path(output)
    for raw in inputs:
        if raw == "-":
            continue
        p = Path(raw)
        try:
            if (out.exists() and p.exists() and out.samefile(p)) or out.resolve() == p.resolve():
                return raw
            if p.is_dir() and out.resolve().is_relative_to(p.resolve()) and _kind(out)[0] in KNOWN_EXT:
                return raw
        except OSError:
            continue
    return None
