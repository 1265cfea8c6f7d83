"""Ingest: read -> skip what is stored -> extract (batched, maybe parallel) -> store, one
transaction per article.

Articles whose text is already stored (same content hash) are not extracted again, so
re-ingesting a corpus costs a read and a hash per article.
"""

from __future__ import annotations

import hashlib
import json
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from dataclasses import replace as _replace
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from . import __version__
from .model import Article, ArticleResult
from .options import Options
from .pipeline import extract_articles
from .read import ReadError, Skipped, read

if TYPE_CHECKING:
    from .store import IngestEvent, Store


def extractor_version(options: Options | None = None) -> str:
    """The version recorded with each claim: :func:`rules_version`, marked ``+rules`` when
    extraction ran without the model (``--no-model``) and ``+nolist`` without the company
    list (``--no-company-list``): a later ``reprocess`` with the defaults redoes those
    articles, so no result depends on an earlier run's options."""
    base = rules_version()
    if options is None:
        return base
    out = base + ("" if options.model else "+rules") + ("" if options.company_list else "+nolist")
    if options.user_companies:  # your companies: "+u" and a digest of them
        digest = hashlib.sha256(json.dumps(sorted(options.user_companies)).encode()).hexdigest()
        out += "+u" + digest[:8]
    return out


@cache
def rules_version() -> str:
    """tieup's version plus a digest of the rule data: a lexicon change is a new extractor."""
    h = hashlib.sha256()
    for folder in ("data", "models"):  # rules as data and the trained scorer
        data = resources.files("tieup").joinpath(folder)
        for name in sorted(p.name for p in data.iterdir() if p.is_file()):
            h.update(name.encode())
            h.update(data.joinpath(name).read_bytes())
    return f"{__version__}+{h.hexdigest()[:10]}"


def run(store: Store, paths: Iterable[str], options: Options) -> Iterator[IngestEvent]:
    """``tieup ingest``: read the inputs, then :func:`run_items`."""
    return run_items(store, read(paths, options), options)


def run_items(store: Store, items: Iterable[Article | ReadError | Skipped],
              options: Options) -> Iterator[IngestEvent]:
    """Stream articles through extraction (here, in ``options.jobs`` processes or on Dask)
    into the store; this process is the one writer. One event per input."""
    from .store import IngestEvent

    version = extractor_version(options)
    early: deque[IngestEvent] = deque()  # unchanged inputs, reported without extraction
    fed: deque[Article | ReadError | Skipped] = deque()  # what went to extraction, in order

    def todo() -> Iterator[Article | ReadError | Skipped]:
        for item in items:
            if isinstance(item, Article):
                try:
                    stored = store.has(item.text)
                except Exception as e:  # noqa: BLE001 - this article's own failure
                    item = ReadError(item.source or item.id, f"cannot look it up in the store ({e})")
                else:
                    if stored:
                        early.append(IngestEvent(item.id, "unchanged", item.id))
                        continue
            fed.append(item)
            yield item

    for out in extract_articles(todo(), options):
        while early:
            yield early.popleft()
        item = fed.popleft()
        if isinstance(out, ArticleResult) and isinstance(item, Article):
            try:
                ev = store.add(item, out, extractor_version=version, replace=options.replace)
            except Exception as e:  # one article's failure must not stop the batch
                yield IngestEvent(item.id, "failed", item.id, f"could not store ({e})")
                continue
            notes = "; ".join(filter(None, [ev.message, *out.notes]))
            yield _replace(ev, message=notes) if notes != ev.message else ev
        elif isinstance(out, Skipped):
            yield IngestEvent(out.source, "skipped", None, out.reason)
        elif isinstance(out, ReadError):
            status = {"warning": "warning", "skipped": "skipped"}.get(out.level, "failed")
            yield IngestEvent(str(out.source), status, None, out.message)
    while early:
        yield early.popleft()


@dataclass
class Reprocessed:
    """What ``reprocess`` did: articles considered, re-extracted, and each failure."""

    considered: int = 0
    reprocessed: int = 0
    version: str = ""
    failed: list[tuple[str, str]] = field(default_factory=list)  # (article id, message)

    def to_dict(self) -> dict[str, object]:
        return {"considered": self.considered, "reprocessed": self.reprocessed,
                "version": self.version,
                "failed": [{"article": a, "message": m} for a, m in self.failed]}


def reprocess(store: Store, options: Options, *, force: bool = False) -> Reprocessed:
    """Re-extract stored articles made by another extractor version (with ``force``, all
    of them); corrections stay. The version includes whether the model ran, so the result
    never depends on an earlier run's options. Streams: only the ids are listed up front,
    each text is read when its turn comes (``options.jobs`` / ``options.dask`` spread the
    work as for ingest). An article whose extraction fails keeps its claims and is listed."""
    version = extractor_version(options)
    ids = [r[0] for r in store.db.execute(
        "SELECT id FROM articles" + ("" if force else " WHERE extractor_version != ?")
        + " ORDER BY id", () if force else (version,))]
    report = Reprocessed(considered=len(ids), version=version)
    fed: deque[str] = deque()

    def articles() -> Iterator[Article]:
        for aid in ids:
            r = store.db.execute("SELECT id, text, url, title, outlet, published FROM articles "
                                 "WHERE id = ?", (aid,)).fetchone()
            if r is not None:
                fed.append(r["id"])
                yield Article(id=r["id"], text=r["text"], url=r["url"], title=r["title"],
                              outlet=r["outlet"], published=r["published"], source=r["id"])

    for out in extract_articles(articles(), options):
        aid = fed.popleft() if fed else "?"
        if isinstance(out, ArticleResult):
            try:
                store.replace_claims(out.id, out, version)
            except Exception as e:  # one article's failure must not stop the rest
                report.failed.append((aid, f"could not store ({e})"))
                continue
            report.reprocessed += 1
        elif isinstance(out, ReadError):
            report.failed.append((aid, out.message))
        elif isinstance(out, Skipped):
            report.failed.append((aid, f"skipped ({out.reason})"))
    return report
