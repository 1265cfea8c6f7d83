"""The command line: parse arguments, call one library function, print its results."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import replace
from typing import IO, Any

from . import __version__
from .cliargs import (
    FIELD_OPTIONS,
    UsageError,
    company,
    correction,
    positive,
    report_changes,
    since,
    table,
    terminal_width,
    watch_logger,
    writable,
)
from .lexicons import read_user_companies
from .options import Options
from .progress import Progress


def _user_companies(args: argparse.Namespace) -> tuple[tuple[str, ...], ...]:
    path = getattr(args, "companies_file", None)
    if not path:
        return ()
    try:
        return read_user_companies(path)
    except (OSError, UnicodeDecodeError, ValueError) as e:
        raise UsageError(f"--companies {path}: {e}") from e


def _options(args: argparse.Namespace) -> Options:
    return Options(model=not args.no_model, prefilter=not args.no_prefilter,
                   user_companies=_user_companies(args),
                   company_list=not args.no_company_list, jobs=max(1, args.jobs), dask=args.dask,
                   id_field=getattr(args, "id_field", None),
                   text_field=getattr(args, "text_field", None),
                   title_field=getattr(args, "title_field", None),
                   date_field=getattr(args, "date_field", None),
                   url_field=getattr(args, "url_field", None),
                   replace=bool(getattr(args, "replace", False)))


def _extract(args: argparse.Namespace) -> int:
    import io

    from .outfile import is_an_input, replacing

    if args.output == "-":
        return _extract_to(args, sys.stdout)
    if same := is_an_input(args.output, args.paths):
        raise UsageError(f"-o {args.output} is the input {same}: writing it would destroy it")
    writable(args.output)
    # written beside the target and renamed into place at the end: an input is read whole
    # before its output replaces anything, and a failed run leaves the old file as it was
    with replacing(args.output) as raw:
        out = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
        try:
            rc = _extract_to(args, out)
            out.flush()
        finally:
            out.detach()
    return rc


def _extract_to(args: argparse.Namespace, out: IO[str]) -> int:
    from .model import ArticleResult
    from .pipeline import Skipped, extract_paths

    options = _options(args)
    ok = skipped = failed = 0
    bar = Progress.of_inputs(args.paths, enabled=None if args.progress else False)
    try:
        for item in extract_paths(args.paths, options):
            bar.step()
            if isinstance(item, ArticleResult):
                out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
                for note in item.notes:
                    print(f"tieup: note: {item.id}: {note}", file=sys.stderr)
                ok += 1
            elif isinstance(item, Skipped) or item.level == "skipped":
                print(f"tieup: note: {item}" + ("" if isinstance(item, Skipped) else " (skipped)"),
                      file=sys.stderr)
                skipped += 1
            elif item.level == "warning":
                print(f"tieup: warning: {item}", file=sys.stderr)
            else:
                print(f"tieup: error: {item}", file=sys.stderr)
                failed += 1
                if args.strict:
                    break
    finally:
        bar.close()
    if not args.quiet:
        print(f"tieup: {ok} ok, {skipped} skipped, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


def _store(args: argparse.Namespace, create: bool = False, write: bool = True) -> Any:
    """The store of --db; only the commands that write articles (ingest, fetch, watch)
    create one, the others refuse a path where none is. ``write=False`` opens it for
    reading, which works on a store this user cannot write."""
    from .store import Store

    return Store(args.db, create=create) if write else Store.for_reading(args.db)


def _ingest(args: argparse.Namespace) -> int:
    counts: dict[str, int] = {}
    store = _store(args, create=True)
    bar = Progress.of_inputs(args.paths, enabled=False if args.quiet else None)
    try:
        for ev in store.ingest_iter(args.paths, _options(args)):
            bar.step()
            counts[ev.status] = counts.get(ev.status, 0) + 1
            if ev.status == "failed":
                print(f"tieup: error: {ev.source}: {ev.message}", file=sys.stderr)
                if args.strict:
                    break
            elif ev.status == "skipped":
                print(f"tieup: note: {ev.source}: skipped ({ev.message})", file=sys.stderr)
            elif ev.status == "warning":
                print(f"tieup: warning: {ev.source}: {ev.message}", file=sys.stderr)
            elif ev.message:
                print(f"tieup: note: {ev.source}: {ev.message}", file=sys.stderr)
    finally:
        bar.close()
        store.close()
    if not args.quiet:
        summary = ", ".join(f"{counts.get(k, 0)} {k}" for k in
                            ("added", "replaced", "unchanged", "skipped", "failed"))
        print(f"tieup: {summary}", file=sys.stderr)
    return 1 if counts.get("failed") else 0


def _alliances(args: argparse.Namespace) -> int:
    store = _store(args, write=bool(args.action))
    try:
        if args.action:
            if args.action[0] != "reject" or len(args.action) < 3:
                raise UsageError("use: tieup alliances reject COMPANY COMPANY... [--article ID] "
                                 "[--dry-run]")
            print(correction(store.reject(args.action[1:], article_id=args.article,
                                           dry_run=args.dry_run)))
            return 0
        from .export import rows as export_rows
        from .export import to_csv

        rows = export_rows(store, "alliances", company=company(store, args.company),
                           stage=args.stage, claim=args.claim, area=args.area, since=args.since,
                           include_rejected=False, sort="recent", limit=args.limit)
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        sys.stdout.write(to_csv("alliances", rows))
    else:
        print(table(rows, width=terminal_width(), limit=args.limit))
    return 0


def _show(args: argparse.Namespace) -> int:
    store = _store(args, write=False)
    try:
        for name in args.companies:
            company(store, name)
        found = store.show(*args.companies)
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps(found, ensure_ascii=False, indent=2))
        return 0
    if not found:
        print("no alliance found for " + " + ".join(args.companies))
        return 1
    from .brief import show_text

    print(show_text(found))
    return 0


def _brief(args: argparse.Namespace) -> int:
    from .brief import build

    store = _store(args, write=False)
    try:
        print(build(store, since=args.since), end="")
    finally:
        store.close()
    return 0


def _companies(args: argparse.Namespace) -> int:
    store = _store(args, write=bool(args.action))
    try:
        act = args.action
        if act and act[0] == "alias" and len(act) == 3:
            print(correction(store.alias(act[1], act[2], dry_run=args.dry_run)))
        elif act and act[0] == "merge" and len(act) == 3:
            print(correction(store.merge(act[1], act[2], dry_run=args.dry_run)))
        elif act and act[0] == "add" and len(act) == 2:
            print(correction(store.add_company(act[1], args.alias, args.kind, dry_run=args.dry_run)))
        elif act:
            raise UsageError("use: tieup companies [add NAME [--alias A] [--kind K] | "
                             "alias NAME CANONICAL | merge KEEP OTHER] "
                             "[--dry-run]")
        else:
            rows = store.companies()
            if args.format == "json":
                print(json.dumps(rows, ensure_ascii=False, indent=2))
            else:
                for r in rows:
                    aka = f" (also: {', '.join(r['aliases'])})" if r["aliases"] else ""
                    print(f"{r['name']}  [{r['kind']}]  {r['alliances']} alliances{aka}")
    finally:
        store.close()
    return 0


def _corrections(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        act = args.action
        if act and act[0] == "undo" and len(act) == 2 and act[1].isdigit():
            print(correction(store.undo(int(act[1]), dry_run=args.dry_run)))
            return 0
        if act:
            raise UsageError("use: tieup corrections [undo ID] [--dry-run]")
        rows = store.corrections()
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps({"corrections": rows}, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        undone = f"  (undone {r['undone_at']})" if r["undone_at"] else ""
        target = f" -> {r['target']}" if r["target"] else ""
        print(f"{r['id']:>4}  {r['created_at']}  {r['kind']:<6}  {r['name']}{target}{undone}")
    if not rows:
        print("no corrections")
    return 0


def _reprocess(args: argparse.Namespace) -> int:
    store = _store(args)
    try:
        rep = store.reprocess(_options(args), force=args.all)
    finally:
        store.close()
    for aid, message in rep.failed:
        print(f"tieup: error: article {aid}: {message}", file=sys.stderr)
    print(f"tieup: reprocessed {rep.reprocessed} of {rep.considered} articles "
          f"(extractor {rep.version}), {len(rep.failed)} failed", file=sys.stderr)
    return 1 if rep.failed else 0


def _serve(args: argparse.Namespace) -> int:
    from .store import Store, StoreError
    from .web import serve

    Store.for_reading(args.db).close()  # apply pending migrations once; the app only reads
    print(f"tieup: serving {args.db} read-only at http://{args.host}:{args.port}/", file=sys.stderr)
    try:
        serve(args.db, host=args.host, port=args.port, allowed_hosts=args.allowed_host)
    except StoreError as e:
        print(f"tieup: {e}", file=sys.stderr)
        return 2
    return 0


def _net_options(args: argparse.Namespace) -> Options:
    return replace(_options(args), fetch_timeout=args.timeout, fetch_max_bytes=args.max_bytes,
                   polite_delay=args.delay, allow_private=args.allow_private)


def _fetch(args: argparse.Namespace) -> int:
    from .fetch import Fetcher
    from .watch import fetch_pages

    options = _net_options(args)
    store = _store(args, create=True)
    try:
        with Fetcher.from_options(options) as fetcher:
            rep = fetch_pages(store, args.urls, fetcher, options)
            failed = report_changes(rep, args.webhook, fetcher)
    finally:
        store.close()
    if not args.quiet:
        added = sum(ev.status in ("added", "replaced") for ev in rep.events)
        print(f"tieup: {added} added, {len(rep.events) - added - failed} unchanged or skipped, "
              f"{failed} failed", file=sys.stderr)
    return 1 if failed else 0


def _watch(args: argparse.Namespace) -> int:
    from .fetch import Fetcher
    from .watch import watch

    options = _net_options(args)
    store = _store(args, create=True)
    log = watch_logger(args.quiet)
    failed = 0
    try:
        with Fetcher.from_options(options) as fetcher:
            for n, rep in enumerate(watch(store, args.feeds, fetcher, interval=args.interval,
                                          options=options, rounds=args.rounds), 1):
                failed += report_changes(rep, args.webhook, fetcher, log)
                new = sum(ev.status in ("added", "replaced") for ev in rep.events)
                log.info("poll %d: %d new articles, %d changes, %d errors, %d feeds unchanged",
                         n, new, len(rep.changes), len(rep.errors), len(rep.not_modified))
    finally:
        store.close()
    return 1 if failed and args.rounds else 0


def _changes(args: argparse.Namespace) -> int:
    store = _store(args, write=False)
    try:
        events = store.changes(since=args.since, company=company(store, args.company))
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps({"changes": events}, ensure_ascii=False, indent=2))
    else:
        from .watch import change_line

        for ev in events:
            print(change_line(ev))
    return 0


def _export(args: argparse.Namespace) -> int:
    from .export import BINARY, MissingExtra, write

    if args.format in BINARY and args.output == "-":
        raise UsageError(f"--format {args.format} is binary: give a file with -o")
    writable(args.output)
    from .outfile import replacing

    store = _store(args, write=False)
    try:
        if args.output == "-":
            n = write(store, args.table, args.format, sys.stdout.buffer)
        else:  # a failed export (or a full disk) leaves an existing file as it was
            with replacing(args.output) as out:
                n = write(store, args.table, args.format, out)
    except MissingExtra as e:
        raise UsageError(str(e)) from None
    finally:
        store.close()
    what = "edges" if args.format in ("graphml", "gexf") else args.table
    print(f"tieup: exported {n} {what}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="tieup", description="A sourced record of corporate alliances.")
    p.add_argument("--version", action="version", version=f"tieup {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    help_ = Options.help()

    from .model import Area

    areas = [a.value for a in Area]

    def speed(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--no-model", action="store_true", help=help_["model"])
        sp.add_argument("--no-prefilter", action="store_true", help="off: " + help_["prefilter"])
        sp.add_argument("--no-company-list", action="store_true", help=help_["company_list"])
        sp.add_argument("--companies", dest="companies_file", metavar="FILE",
                        help="your own companies, one per line: NAME<TAB>ALIAS|ALIAS<TAB>KIND "
                             "(companies.tsv's columns)")
        sp.add_argument("-j", "--jobs", type=positive, default=1, metavar="N", help=help_["jobs"])
        sp.add_argument("--dask", metavar="ADDRESS", help=help_["dask"])

    def fields(sp: argparse.ArgumentParser) -> None:
        for f in FIELD_OPTIONS:
            sp.add_argument("--" + f.replace("_", "-"), dest=f, metavar="NAME", help=help_[f])

    ex = sub.add_parser("extract", help="extract alliances from articles, one JSON line each")
    ex.add_argument("paths", nargs="+", metavar="PATH",
                    help=".txt, .html/.htm, .jsonl, .json, .csv, feed files or folders; - reads stdin")
    ex.add_argument("-o", "--output", default="-", help="write JSON lines here (default stdout)")
    speed(ex)
    fields(ex)
    ex.add_argument("--strict", action="store_true", help="stop at the first input that fails")
    ex.add_argument("-q", "--quiet", action="store_true", help="no summary line on stderr")
    ex.add_argument("--progress", action="store_true", help="report progress on stderr")
    ex.set_defaults(run=_extract)

    def with_db(sp: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sp.add_argument("--db", default="tieup.db", help="the store (default ./tieup.db)")
        return sp

    ing = with_db(sub.add_parser("ingest", help="store articles and their alliances"))
    ing.add_argument("paths", nargs="+", metavar="PATH", help="as for extract")
    speed(ing)
    fields(ing)
    ing.add_argument("--strict", action="store_true", help="stop at the first input that fails")
    ing.add_argument("--replace", action="store_true", help=help_["replace"])
    ing.add_argument("-q", "--quiet", action="store_true", help="no progress or summary")
    ing.set_defaults(run=_ingest)

    al = with_db(sub.add_parser("alliances", help="list alliances; 'reject PARTY...' rejects one"))
    al.add_argument("action", nargs="*", metavar="reject PARTY", help="reject COMPANY COMPANY...")
    al.add_argument("--company")
    al.add_argument("--stage", choices=["talks", "agreed", "completed", "ended"])
    al.add_argument("--claim", choices=["reported", "confirmed", "denied"])
    al.add_argument("--area", choices=areas)
    al.add_argument("--since", metavar="YYYY-MM-DD", type=since,
                    help="alliances with a dated claim on or after this date (undated never pass)")
    al.add_argument("--article", help="with reject: reject only this article's claim")
    al.add_argument("--dry-run", action="store_true", help="with reject: show what would change")
    al.add_argument("--format", choices=["table", "json", "csv"], default="table",
                    help="json and csv have the columns of 'export' (docs/data-dictionary.md)")
    al.add_argument("--limit", type=positive, metavar="N", help="at most N alliances, most recent first")
    al.set_defaults(run=_alliances)

    sh = with_db(sub.add_parser("show", help="an alliance's timeline with evidence and sources"))
    sh.add_argument("companies", nargs="+", metavar="COMPANY")
    sh.add_argument("--format", choices=["text", "json"], default="text")
    sh.set_defaults(run=_show)

    br = with_db(sub.add_parser("brief", help="a Markdown briefing of what changed"))
    br.add_argument("--since", metavar="YYYY-MM-DD", type=since)
    br.set_defaults(run=_brief)

    co = with_db(sub.add_parser("companies", help="list companies; add, alias or merge them"))
    co.add_argument("action", nargs="*",
                    metavar="add NAME | alias NAME CANONICAL | merge KEEP OTHER")
    co.add_argument("--alias", action="append", default=[], metavar="NAME",
                    help="with add: another name of the company (repeatable)")
    co.add_argument("--kind", default="company", help="with add: what kind of company")
    co.add_argument("--format", choices=["text", "json"], default="text")
    co.add_argument("--dry-run", action="store_true", help="show what alias or merge would change")
    co.set_defaults(run=_companies)

    cr = with_db(sub.add_parser("corrections", help="list your corrections; 'undo ID' undoes one"))
    cr.add_argument("action", nargs="*", metavar="undo ID")
    cr.add_argument("--format", choices=["text", "json"], default="text")
    cr.add_argument("--dry-run", action="store_true", help="with undo: show what would change")
    cr.set_defaults(run=_corrections)

    rp = with_db(sub.add_parser("reprocess", help="re-run a newer extractor over stored articles"))
    rp.add_argument("--all", action="store_true", help="every article, whatever its version")
    speed(rp)
    rp.set_defaults(run=_reprocess)

    def net(sp: argparse.ArgumentParser) -> None:
        speed(sp)
        sp.add_argument("--webhook", metavar="URL", help="POST each change event here as JSON")
        sp.add_argument("--allow-private", action="store_true", help=help_["allow_private"])
        sp.add_argument("--timeout", type=float, default=Options.fetch_timeout, help=help_["fetch_timeout"])
        sp.add_argument("--max-bytes", type=int, default=Options.fetch_max_bytes,
                        help=help_["fetch_max_bytes"])
        sp.add_argument("--delay", type=float, default=Options.polite_delay, help=help_["polite_delay"])
        sp.add_argument("--replace", action="store_true", help=help_["replace"])
        sp.add_argument("-q", "--quiet", action="store_true", help="no summary lines")

    fe = with_db(sub.add_parser("fetch", help="fetch article pages over HTTP(S) and ingest them"))
    fe.add_argument("urls", nargs="+", metavar="URL")
    net(fe)
    fe.set_defaults(run=_fetch)

    wa = with_db(sub.add_parser("watch", help="poll RSS/Atom feeds, ingest new items, print changes"))
    wa.add_argument("feeds", nargs="+", metavar="FEED_URL")
    wa.add_argument("--interval", type=float, default=900, help="seconds between polls (default 900)")
    wa.add_argument("--rounds", type=int, help="stop after this many polls (default: run until stopped)")
    net(wa)
    wa.set_defaults(run=_watch)

    ch = with_db(sub.add_parser("changes", help="change events: new alliances, stage changes, denials"))
    ch.add_argument("--since", metavar="YYYY-MM-DD", type=since)
    ch.add_argument("--company")
    ch.add_argument("--format", choices=["text", "json"], default="text")
    ch.set_defaults(run=_changes)

    from .export import FORMATS, TABLES

    xp = with_db(sub.add_parser("export", help="alliances, claims or companies as json, jsonl, csv, "
                                               "parquet; the network as graphml or gexf"))
    xp.add_argument("--format", choices=FORMATS, default="json")
    xp.add_argument("--table", choices=TABLES, default="alliances",
                    help="what to export (graphml and gexf always export the network)")
    xp.add_argument("-o", "--output", default="-", help="file to write (default stdout)")
    xp.set_defaults(run=_export)

    sv = with_db(sub.add_parser("serve", help="the web app: alliances, timelines, network (read-only)"))
    sv.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1, this machine only)")
    sv.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    sv.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                    help="a host name requests may use besides 127.0.0.1 and localhost "
                         "(repeatable; '*' for any): refuses DNS-rebinding pages")
    sv.set_defaults(run=_serve)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command. An expected failure (a bad argument, an unknown company, a missing,
    locked or corrupt store, an unwritable path) is one line on stderr and exit code 2."""
    import sqlite3

    from .corrections import CorrectionError, UnknownCompany
    from .store import StoreError

    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except (UsageError, UnknownCompany, CorrectionError, StoreError) as e:
        print(f"tieup: error: {e}", file=sys.stderr)
        return 2
    except sqlite3.Error as e:
        from .store import store_problem

        print(f"tieup: error: {getattr(args, 'db', 'the store')}: {store_problem(e)}", file=sys.stderr)
        return 2
    except OSError as e:  # an output that cannot be written: no folder, disk full, ...
        output = getattr(args, "output", None)
        where = f"{e.filename}: " if e.filename else (f"{output}: " if output not in (None, "-") else "")
        print(f"tieup: error: {where}{e.strerror or e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
