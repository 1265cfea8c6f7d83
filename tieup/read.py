"""Read inputs into :class:`~tieup.model.Article`: .txt, .html/.htm (trafilatura), .jsonl, stdin, folders.

Every failure is a :class:`ReadError` naming the input (and line); reading goes on with
the next input. Nothing here prints.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .model import Article
from .options import Options

TEXT_EXT = {".txt", ".text", ".md"}
HTML_EXT = {".html", ".htm"}
JSONL_EXT = {".jsonl", ".ndjson"}
KNOWN_EXT = TEXT_EXT | HTML_EXT | JSONL_EXT
# share of control characters above which bytes are taken as binary, not text
BINARY_SHARE = 0.02


@dataclass(frozen=True)
class ReadError:
    source: str  # file name, with ":LINE" for a JSONL line
    message: str

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252.

    Raises ValueError for binary data or bytes that fit none of these."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise ValueError("binary data (NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as e:
            raise ValueError(f"not valid UTF-8 or Windows-1252 text ({e.reason} at byte {e.start})") from None
    sample = text[:4096]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    if sample and controls / len(sample) > BINARY_SHARE:
        raise ValueError("binary data (control characters), not text")
    return text


def _stem(path: Path) -> str:
    return path.name[: -len(path.suffix)] if path.suffix else path.name


def from_html(html: str, article_id: str, url: str | None = None) -> Article:
    import trafilatura  # imported on use: only HTML input needs it

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    meta = doc if isinstance(doc, dict) else (doc.as_dict() if doc is not None else {})
    text = (meta.get("text") or "").strip()
    if not text:
        raise ValueError("no main text found in the HTML page")
    date = meta.get("date")
    return Article(id=article_id, text=text, url=url or meta.get("url"), title=meta.get("title"),
                   published=str(date)[:10] if date else None, outlet=meta.get("sitename"),
                   html=True)


def _jsonl(lines: Iterable[str], source: str) -> Iterator[Article | ReadError]:
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{source}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield ReadError(where, f"not valid JSON ({e.msg})")
            continue
        if not isinstance(obj, dict) or "id" not in obj or not isinstance(obj.get("text"), str):
            yield ReadError(where, 'expected an object with "id" and a string "text"')
            continue
        if not obj["text"].strip():
            yield ReadError(where, "empty text")
            continue
        pub = obj.get("published")
        yield Article(id=str(obj["id"]), text=obj["text"], url=obj.get("url"),
                      title=obj.get("title"), published=str(pub)[:10] if pub else None,
                      outlet=obj.get("outlet"))


def read_path(path: Path, options: Options) -> Iterator[Article | ReadError]:
    source = str(path)
    try:
        size = path.stat().st_size
        if size > options.max_bytes:
            yield ReadError(source, f"too large ({size:,} bytes; the limit is {options.max_bytes:,})")
            return
        data = path.read_bytes()
    except OSError as e:
        yield ReadError(source, f"cannot read ({e.strerror or e})")
        return
    try:
        text = decode(data)
    except ValueError as e:
        yield ReadError(source, str(e))
        return
    ext = path.suffix.lower()
    if ext in JSONL_EXT:
        yield from _jsonl(text.splitlines(), source)
        return
    if not text.strip():
        yield ReadError(source, "empty file")
        return
    if ext in HTML_EXT:
        try:
            yield from_html(text, _stem(path))
        except Exception as e:  # trafilatura/lxml raise many kinds on broken pages
            yield ReadError(source, f"cannot extract text from HTML ({e})")
        return
    yield Article(id=_stem(path), text=text)


def read_stdin(options: Options) -> Iterator[Article | ReadError]:
    data = sys.stdin.buffer.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        yield ReadError("-", f"too large (over {options.max_bytes:,} bytes)")
        return
    try:
        text = decode(data)
    except ValueError as e:
        yield ReadError("-", str(e))
        return
    if not text.strip():
        yield ReadError("-", "empty input")
    elif text.lstrip().startswith("{"):
        yield from _jsonl(text.splitlines(), "-")
    elif text.lstrip()[:15].lower().startswith(("<!doctype html", "<html")):
        try:
            yield from_html(text, "stdin")
        except Exception as e:
            yield ReadError("-", f"cannot extract text from HTML ({e})")
    else:
        yield Article(id="stdin", text=text)


def read(paths: Iterable[str], options: Options | None = None) -> Iterator[Article | ReadError]:
    """Articles (or errors) from files, folders (recursively, sorted) and ``-`` for stdin."""
    options = options or Options()
    for raw in paths:
        if raw == "-":
            yield from read_stdin(options)
            continue
        path = Path(raw)
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    p = Path(root) / name
                    if p.suffix.lower() in KNOWN_EXT:
                        yield from read_path(p, options)
        elif path.exists():
            yield from read_path(path, options)
        else:
            yield ReadError(raw, "no such file or folder")
