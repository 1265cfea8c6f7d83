"""The command line's helpers: argument checks, and results written for people."""

from __future__ import annotations

import argparse
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


ALLIANCE_COLUMNS = ["parties", "stage", "claim", "confirmed_by", "denied_by", "first_reported_by",
                    "independent_reports", "areas", "articles"]


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


def table(rows: list[dict[str, Any]]) -> str:
    cols = ["parties", "stage", "claim", "denied_by", "first_reported_by", "independent_reports",
            "articles"]
    heads = ["parties", "stage", "claim", "denied by", "first reported by", "reports", "articles"]
    cells = [[cell(r[c]) if c != "parties" else " + ".join(r[c]) for c in cols] for r in rows]
    widths = [min(40, max([len(h)] + [len(c[i]) for c in cells])) for i, h in enumerate(heads)]
    fmt = "  ".join(f"{{:<{w}.{w}}}" for w in widths)
    out = [fmt.format(*heads), fmt.format(*("-" * w for w in widths))]
    out += [fmt.format(*c) for c in cells]
    out.append(f"({len(rows)} alliance{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)
