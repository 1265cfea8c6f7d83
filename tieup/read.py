"""Read inputs into :class:`~tieup.model.Article`: .txt, .html/.htm (trafilatura), .jsonl,
.json (an array of objects, or one), .csv (with a header), feeds, any of them gzipped
(``.jsonl.gz``), stdin, folders.

JSON Lines and CSV stream, from a file or from stdin alike: a file of any size is read a
line at a time (each line at most ``Options.max_bytes``), so memory does not grow with the
corpus. Record fields are mapped by :mod:`tieup.records`. Every failure is a
:class:`ReadError` naming the input (and line); reading goes on with the next input. A
warning (a published date that cannot be read) and a file in a folder that is not an
input are ``ReadError`` values too, with ``level`` "warning" or "skipped": they come
before the article they concern and stop nothing. Published dates are parsed by
:mod:`tieup.dates`, never cut. Nothing here prints.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, cast

from . import dates, records
from .htmlcap import check_html
from .model import Article
from .options import Options

TEXT_EXT = {".txt", ".text", ".md"}
HTML_EXT = {".html", ".htm"}
JSONL_EXT = {".jsonl", ".ndjson"}
JSON_EXT = {".json"}
CSV_EXT = {".csv"}
FEED_EXT = {".rss", ".atom", ".xml"}
KNOWN_EXT = TEXT_EXT | HTML_EXT | JSONL_EXT | JSON_EXT | CSV_EXT | FEED_EXT
# share of control characters above which bytes are taken as binary, not text
BINARY_SHARE = 0.02


@dataclass(frozen=True)
class ReadError:
    """An input that could not be read (or, by ``level``, one read with a warning or skipped)."""
    source: str  # file name, with ":LINE" for a JSONL line
    message: str
    # "error": the input failed; "warning": read, with a note (the article follows);
    # "skipped": a file in a folder that is no input tieup reads
    level: str = "error"

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"

    @property
    def failed(self) -> bool:
        """Whether the input failed (not a warning or a skip)."""
        return self.level == "error"


@dataclass(frozen=True)
class Skipped:
    """An input passed over on purpose (not English, not a regular file): a note, not a failure."""

    source: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: skipped ({self.reason})"


# lone UTF-16 surrogates: a cut emoji in scraped JSON ("\ud83d"), or the bytes of a file
# name that is not UTF-8 (Python keeps them as surrogate escapes). UTF-8 cannot encode
# them, so they would fail hashing, storing and printing far from here
_SURROGATE = re.compile("[\ud800-\udfff]")


def clean(s: str) -> str:
    """``s`` with every lone surrogate replaced by U+FFFD, so it can be encoded as UTF-8."""
    return _SURROGATE.sub("\ufffd", s)


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


def _kind(path: Path) -> tuple[str, bool]:
    """The format extension (".jsonl" for "a.jsonl.gz") and whether the file is gzipped."""
    suffixes = [x.lower() for x in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        return (suffixes[-2] if len(suffixes) > 1 else ""), True
    return (suffixes[-1] if suffixes else ""), False


def _stem(path: Path) -> str:
    name = path.name[:-3] if path.name.lower().endswith(".gz") else path.name
    suffix = Path(name).suffix
    return name[: -len(suffix)] if suffix else name


def _decode_line(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def _jsonl_stream(fh: IO[bytes], source: str, options: Options) -> Iterator[Article | ReadError]:
    """JSON Lines from a binary stream, a line at a time; a line longer than ``max_line``
    bytes is an error for that line alone (its bytes are skipped, never held)."""
    n = records = 0
    max_line = options.max_bytes
    while True:
        raw = fh.readline(max_line + 1)
        if not raw:
            if not records:
                yield ReadError(source, "empty file (no JSON lines)")
            return
        n += 1
        if len(raw) > max_line and not raw.endswith(b"\n"):
            while (more := fh.readline(1 << 20)) and not more.endswith(b"\n"):
                pass
            yield ReadError(f"{source}:{n}", f"line too long (over {max_line:,} bytes)")
            continue
        if n == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")
        for item in _jsonl([_decode_line(raw)], source, options, first=n):
            records += 1
            yield item


def from_html(html: str, article_id: str, url: str | None = None,
              options: Options | None = None) -> Article:
    """The main text and metadata of an HTML page (trafilatura). Raises ValueError for a
    page with no main text or one too costly to parse (:func:`check_html`)."""
    import trafilatura  # imported on use: only HTML input needs it

    check_html(html, options)
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    meta = doc if isinstance(doc, dict) else (doc.as_dict() if doc is not None else {})
    text = (meta.get("text") or "").strip()
    if not text:
        raise ValueError("no main text found in the HTML page")
    published, _ = dates.parse_or_warn(meta.get("date"))
    return Article(id=article_id, text=text, url=url or meta.get("url"), title=meta.get("title"),
                   published=published, outlet=meta.get("sitename"), html=True)


def _record(obj: object, where: str, options: Options) -> Iterator[Article | ReadError]:
    """One record's article, in the record's own error boundary; lone surrogates (a cut
    emoji) in its strings become U+FFFD. Ids are records.article's: a string as given, an
    integer as its decimal text (so ``1`` and ``"1"`` are one id: the store keeps both
    texts), a missing or null id an error naming the fields looked for."""
    try:
        art, warning = records.article(obj, where, options)
        art = replace(art, id=clean(art.id), text=clean(art.text),
                      title=clean(art.title) if art.title else None,
                      url=clean(art.url) if art.url else None,
                      outlet=clean(art.outlet) if art.outlet else None)
    except records.RecordError as e:
        yield ReadError(where, str(e))
        return
    except Exception as e:  # noqa: BLE001 - reported per record, never swallowed
        yield ReadError(where, f"cannot read this record ({type(e).__name__}: {e})")
        return
    if warning:
        yield ReadError(where, warning, level="warning")
    yield art


def _jsonl(lines: Iterable[str], source: str, options: Options,
           first: int = 1) -> Iterator[Article | ReadError]:
    for n, line in enumerate(lines, first):
        if not line.strip():
            continue
        where = f"{source}:{n}"
        try:  # the line's own error boundary: whatever it holds fails this line alone
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            yield ReadError(where, f"not valid JSON ({e.msg})")
            continue
        except RecursionError:
            yield ReadError(where, "not valid JSON (nested too deep)")
            continue
        except Exception as e:  # noqa: BLE001 - reported per line, never swallowed
            yield ReadError(where, f"cannot read this line ({type(e).__name__}: {e})")
            continue
        yield from _record(obj, where, options)


def _json(text: str, source: str, options: Options) -> Iterator[Article | ReadError]:
    """A JSON file: an array of article objects, an object holding one such array (as
    news APIs answer: ``{"articles": [...]}``), or one article object."""
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        yield ReadError(source, f"not valid JSON ({e.msg} at line {e.lineno})")
        return
    except RecursionError:
        yield ReadError(source, "not valid JSON (nested too deep)")
        return
    if isinstance(obj, dict):
        lists = [v for v in obj.values() if isinstance(v, list) and v and isinstance(v[0], dict)]
        if records.names("text", options)[0] not in obj and len(lists) == 1:
            obj = lists[0]
        else:
            yield from _record(obj, source, options)
            return
    if not isinstance(obj, list):
        yield ReadError(source, f"expected a JSON array of articles, not {type(obj).__name__}")
        return
    if not obj:
        yield ReadError(source, "an empty JSON array")
    for n, item in enumerate(obj, 1):
        yield from _record(item, f"{source}:item {n}", options)


def _csv(fh: IO[bytes], source: str, options: Options) -> Iterator[Article | ReadError]:
    import csv
    import io

    csv.field_size_limit(options.max_bytes)
    yield from _csv_text(io.TextIOWrapper(fh, encoding="utf-8-sig", errors="replace", newline=""),
                         source, options)


def _feed(data: bytes, source: str) -> Iterator[Article | ReadError]:
    """A feed file on disk: each item's own text (nothing is fetched from here). An item's
    id comes from its guid (else its link, else its content: :func:`tieup.feeds.url_id`),
    never its position, so rolling snapshots of one feed share ids."""
    from .feeds import item_article, parse_feed, url_id

    try:
        title, items = parse_feed(data, source)
    except ValueError as e:
        yield ReadError(source, str(e))
        return
    if not items:
        yield ReadError(source, "a feed with no items")
    for n, item in enumerate(items, 1):
        try:
            art = item_article(item, url_id(item.key), outlet=title)
        except Exception as e:  # trafilatura/lxml raise many kinds on broken markup
            yield ReadError(f"{source}:item {n}", str(e))
            continue
        yield replace(art, source=f"{source}:item {n}")


def _open(path: Path, gz: bool) -> IO[bytes]:
    if gz:
        return cast(IO[bytes], gzip.GzipFile(path, "rb"))
    return open(path, "rb")  # noqa: SIM115


def _read_capped(path: Path, gz: bool, limit: int) -> bytes:
    """The file's bytes (decompressed), refusing more than ``limit`` (a gzip bomb too)."""
    with _open(path, gz) as fh:
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise ValueError(f"too large{' when decompressed' if gz else ''} (over the limit of "
                         f"{limit:,} bytes)")
    return data


def _gzip_damage(path: Path) -> str | None:
    """None for a sound gzip file, "truncated" for one cut short (what it holds up to the
    cut is sound); raises ValueError for a corrupt one (a flipped byte: bad data or CRC),
    whose decompressed bytes must not be read as articles."""
    try:
        with gzip.GzipFile(path, "rb") as fh:
            while fh.read(1 << 20):
                pass
    except EOFError:
        return "truncated"
    except (gzip.BadGzipFile, zlib.error) as e:
        raise ValueError(f"corrupt gzip file, nothing read from it ({e})") from None
    return None


def read_path(path: Path, options: Options, article_id: str | None = None) -> Iterator[Article | ReadError]:
    """One file. Its articles' id is ``article_id`` when given (a folder's files: their
    path inside the folder), else the file name without extension."""
    source = clean(str(path))
    ext, gz = _kind(path)
    aid = article_id or clean(_stem(path))
    try:
        if ext in JSONL_EXT or ext in CSV_EXT:
            if gz:
                _gzip_damage(path)
            with _open(path, gz) as fh:
                head = fh.peek(4)[:4] if hasattr(fh, "peek") else b""
                if not head.startswith((b"\xff\xfe", b"\xfe\xff")):
                    yield from (_jsonl_stream(fh, source, options) if ext in JSONL_EXT
                                else _csv(fh, source, options))
                    return
            # UTF-16 cannot be split on b"\n": read whole (within the cap)
            text = decode(_read_capped(path, gz, options.max_bytes))
            if ext in JSONL_EXT:
                if not text.strip():
                    yield ReadError(source, "empty file (no JSON lines)")
                yield from _jsonl(text.splitlines(), source, options)
            else:
                import io

                yield from _csv_text(io.StringIO(text, newline=""), source, options)
            return
        size = path.stat().st_size
        if size > options.max_bytes:
            yield ReadError(source, f"too large ({size:,} bytes; the limit is {options.max_bytes:,})")
            return
        data = _read_capped(path, gz, options.max_bytes)
    except (OSError, EOFError, zlib.error) as e:
        msg = getattr(e, "strerror", None) or str(e) or type(e).__name__
        yield ReadError(source, f"cannot read ({msg})")
        return
    except ValueError as e:
        yield ReadError(source, str(e))
        return
    yield from _from_bytes(data, aid, ext, source, options)


def _csv_text(fh: IO[str], source: str, options: Options) -> Iterator[Article | ReadError]:
    for where, row in records.rows_csv(fh, source):
        if isinstance(row, str):
            yield ReadError(where, row)
        else:
            yield from _record(row, where, options)


def _from_bytes(data: bytes, aid: str, ext: str, source: str,
                options: Options) -> Iterator[Article | ReadError]:
    if ext in FEED_EXT:
        yield from _feed(data, source)
        return
    try:
        text = clean(decode(data))
    except ValueError as e:
        yield ReadError(source, str(e))
        return
    if not text.strip():
        yield ReadError(source, "empty file")
        return
    if ext in JSON_EXT:
        yield from _json(text, source, options)
        return
    if ext in HTML_EXT:
        try:
            art = from_html(text, aid, options=options)
        except Exception as e:  # trafilatura/lxml raise many kinds on broken pages
            yield ReadError(source, f"cannot extract text from HTML ({e})")
            return
        yield replace(art, source=source)
        return
    yield Article(id=aid, text=text, source=source)


def read_stdin(options: Options, stream: IO[bytes] | None = None) -> Iterator[Article | ReadError]:
    """Standard input, by its first bytes: JSON Lines (``{``) stream a line at a time, as
    a file does; a JSON array (``[``), HTML, or else plain text is read whole (capped)."""
    fh = cast(IO[bytes], stream if stream is not None else sys.stdin.buffer)
    peek = getattr(fh, "peek", None)
    head = peek(64)[:64] if peek else b""
    start = head.removeprefix(b"\xef\xbb\xbf").lstrip()[:1]
    if start == b"{" and head:
        yield from _jsonl_stream(fh, "-", options)
        return
    data = fh.read(options.max_bytes + 1)
    if len(data) > options.max_bytes:
        yield ReadError("-", f"too large (over {options.max_bytes:,} bytes; JSON Lines on "
                             "stdin stream without this limit)")
        return
    try:
        text = clean(decode(data))
    except ValueError as e:
        yield ReadError("-", str(e))
        return
    lead = text.lstrip()
    if not lead:
        yield ReadError("-", "empty input")
    elif lead.startswith("{"):
        yield from _jsonl(text.splitlines(), "-", options)
    elif lead.startswith("["):
        yield from _json(text, "-", options)
    elif lead[:15].lower().startswith(("<!doctype html", "<html")):
        try:
            yield from_html(text, "stdin", options=options)
        except Exception as e:
            yield ReadError("-", f"cannot extract text from HTML ({e})")
    else:
        yield Article(id="stdin", text=text)


def _not_regular(path: Path, *, fifo_ok: bool) -> str | None:
    """Why ``path`` (its target, for a symlink) is no file to read, or None. A FIFO or a
    device never ends (``/dev/zero``) or waits for a writer forever."""
    mode = path.stat().st_mode
    if stat.S_ISREG(mode) or (fifo_ok and stat.S_ISFIFO(mode)):
        return None
    what = ("a FIFO" if stat.S_ISFIFO(mode) else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a socket" if stat.S_ISSOCK(mode) else "not a regular file")
    return f"{what}, not a regular file" + (" (a symlink to it)" if path.is_symlink() else "")


def _folder(path: Path, options: Options) -> Iterator[Article | ReadError | Skipped]:
    """A folder's known files, recursively, sorted; each article's id is its path inside
    the folder without extension (``a/r.txt`` and ``b/r.txt`` are ``a/r`` and ``b/r``)."""
    found = 0
    for root, dirs, files in os.walk(path):
        dirs.sort()
        for name in sorted(files):
            p = Path(root) / name
            ext = _kind(p)[0]
            if ext not in KNOWN_EXT:
                if not name.startswith("."):
                    yield ReadError(clean(str(p)), f"not an input tieup reads ({ext or 'no extension'};"
                                    f" it reads {', '.join(sorted(KNOWN_EXT))})", level="skipped")
                continue
            found += 1
            try:
                why = _not_regular(p, fifo_ok=False)
            except OSError as e:
                yield ReadError(clean(str(p)), f"cannot read ({e.strerror or e})")
                continue
            if why:
                yield Skipped(clean(str(p)), why)
                continue
            rel = p.relative_to(path)
            yield from read_path(p, options, clean((rel.parent / _stem(p)).as_posix()))
    if not found:
        yield ReadError(clean(str(path)), f"no inputs in this folder ({', '.join(sorted(KNOWN_EXT))}, "
                                          "gzipped or not)")


def read(paths: Iterable[str], options: Options | None = None) -> Iterator[Article | ReadError | Skipped]:
    """Articles (or errors, or skips) from files, folders (recursively, sorted) and ``-``
    for stdin. In a folder only regular files are read (FIFOs, devices and symlinks to
    them are skipped with a note); a file named on its own may also be a FIFO."""
    options = options or Options()
    for raw in paths:
        if raw == "-":
            yield from read_stdin(options)
            continue
        path = Path(raw)
        try:
            if path.is_dir():
                yield from _folder(path, options)
                continue
            why = _not_regular(path, fifo_ok=True) if path.exists() else None
        except OSError as e:
            yield ReadError(clean(raw), f"cannot read ({e.strerror or e})")
            continue
        if why:
            yield ReadError(clean(raw), why)
        elif path.exists():
            yield from read_path(path, options)
        else:
            yield ReadError(clean(raw), "no such file or folder")
