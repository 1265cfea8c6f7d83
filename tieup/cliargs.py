"""The command line's helpers: argument checks, and results written for people."""

from __future__ import annotations

import argparse
import logging
import shutil
import sys
import time
from typing import Any


class UsageError(ValueError):
    """An argument the command cannot use: exit code 2, the message says what is allowed."""


FIELD_OPTIONS = ("id_field", "text_field", "title_field", "date_field", "url_field")


def since(value: str) -> str:
    from .dates import DateError, query

    try:
        return query(value)
    except DateError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {n}")
    return n


def writable(path: str) -> None:
    """Refuse an output path in a folder that does not exist, before any work is done."""
    from pathlib import Path

    if path != "-" and not Path(path).parent.is_dir():
        raise UsageError(f"cannot write {path}: no such folder {str(Path(path).parent)!r}")


def company(store: Any, name: str | None) -> str | None:
    """A --company the store knows, else UnknownCompany with the nearest known names."""
    return store.require(name, stored=True) if name else None


def cell(v: Any) -> str:
    if isinstance(v, list):
        return "; ".join(str(x) for x in v)
    return "" if v is None else str(v)


def correction(report: dict[str, Any]) -> str:
    """What a correction changed (or, in a dry run, would change), for people."""
    ch = report["changes"]
    what = {"alias": f"{report['name']} is now {report['target']}",
            "merge": f"merged {report['name']} into {report['target']}",
            "add": f"added your company {report['name']}"
                   + (f" (also: {report['target'].replace('|', ', ')})" if report["target"] else "")
                   + "; extraction finds it from the next ingest or reprocess",
            "reject": f"rejected {report['name']}" + (f" in article {report['target']}"
                                                      if report["target"] else "")}
    head = what.get(report["kind"], f"{report['kind']} {report['name']}")
    if report["dry_run"]:
        head = f"would do (dry run, nothing changed): {head}"
    lines = [head + f": {len(ch['alliances_gone'])} alliances gone, {len(ch['alliances_new'])} new,"
             f" {len(ch['alliances_changed'])} changed, {ch['claims_moved']} claims moved"]
    lines += [f"  - {k}" for k in ch["alliances_gone"]] + [f"  + {k}" for k in ch["alliances_new"]]
    lines += [f"  ~ {k}" for k in ch["alliances_changed"]]
    if not report["dry_run"] and not report["kind"].startswith("undo"):
        lines.append(f"correction {report['id']}; undo it with: tieup corrections undo {report['id']}")
    return "\n".join(lines)


# the cut mark of a cell too wide for its column
CUT = "\u2026"
# a column is never made narrower than this (or its heading, if shorter)
MIN_COLUMN = 6


def terminal_width() -> int:
    """The terminal's width in columns ($COLUMNS, else the terminal, else 100)."""
    return shutil.get_terminal_size((100, 24)).columns


def _fit(text: str, width: int) -> str:
    return text if len(text) <= width else text[:max(0, width - 1)] + CUT


def table(rows: list[dict[str, Any]], *, width: int = 100, limit: int | None = None) -> str:
    """Alliances as a text table no wider than ``width``: the widest columns are narrowed
    first, and a cell cut short ends in "\u2026"."""
    cols = ["parties", "stage", "claim", "denied_by", "first_reported_by", "independent_reports",
            "articles"]
    heads = ["parties", "stage", "claim", "denied by", "first reported by", "reports", "articles"]
    cells = [[cell(r[c]) if c != "parties" else " + ".join(r[c]) for c in cols] for r in rows]
    widths = [max([len(h)] + [len(c[i]) for c in cells]) for i, h in enumerate(heads)]
    floor = [min(len(h), MIN_COLUMN) for h in heads]
    dropped: list[str] = []
    # too narrow even for the narrowest columns: the last columns go, and the table says so
    while len(heads) > 1 and sum(floor) + 2 * (len(floor) - 1) > width:
        dropped.insert(0, heads.pop())
        widths.pop()
        floor.pop()
        for c in cells:
            c.pop()
    while sum(widths) + 2 * (len(widths) - 1) > width:
        i = max(range(len(widths)), key=lambda j: widths[j] - floor[j])
        if widths[i] <= floor[i]:
            break
        widths[i] -= 1
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)

    def line(values: list[str]) -> str:
        return fmt.format(*(_fit(v, w) for v, w in zip(values, widths, strict=True))).rstrip()

    out = [line(heads), line(["-" * w for w in widths])]
    out += [line(c) for c in cells]
    more = "; --limit reached" if limit is not None and len(rows) >= limit else ""
    if dropped:
        more += f"; not shown: {', '.join(dropped)}"
    out.append(f"({len(rows)} alliance{'s' if len(rows) != 1 else ''}{more})")
    return "\n".join(out)


def watch_logger(quiet: bool) -> logging.Logger:
    """The ``tieup.watch`` logger on stderr: UTC timestamp, level, message; with ``quiet``
    warnings and errors only."""
    handler = logging.StreamHandler(sys.stderr)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%dT%H:%M:%SZ")
    fmt.converter = time.gmtime
    handler.setFormatter(fmt)
    log = logging.getLogger("tieup.watch")
    log.handlers = [handler]
    log.propagate = False
    log.setLevel(logging.WARNING if quiet else logging.INFO)
    return log


def report_changes(rep: Any, webhook: str | None, fetcher: Any, log: Any = None) -> int:
    """Print a fetch or poll report's change lines (stdout) and errors (``log``, else
    stderr), posting each change to ``webhook``; returns the number of errors."""
    from .watch import change_line, post_webhook

    def error(msg: str) -> None:
        if log:
            log.error(msg)
        else:
            print(f"tieup: error: {msg}", file=sys.stderr)

    for ev in rep.changes:
        print(change_line(ev), flush=True)
        if webhook:
            err = post_webhook(webhook, ev, fetcher)
            if err:
                error(err)
    for err in rep.errors:
        error(err)
    return len(rep.errors)
