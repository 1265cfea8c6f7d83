"""The command line: parse arguments, call one library function, print its results."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import IO

from . import __version__
from .options import Options


def _extract(args: argparse.Namespace) -> int:
    from .model import ArticleResult
    from .pipeline import Skipped, extract_paths

    options = Options(model=not args.no_model)
    out: IO[str] = open(args.output, "w", encoding="utf-8") if args.output != "-" else sys.stdout
    ok = skipped = failed = 0
    try:
        for item in extract_paths(args.paths, options):
            if isinstance(item, ArticleResult):
                out.write(json.dumps(item.to_dict(), ensure_ascii=False) + "\n")
                ok += 1
            elif isinstance(item, Skipped):
                print(f"tieup: note: {item}", file=sys.stderr)
                skipped += 1
            else:
                print(f"tieup: error: {item}", file=sys.stderr)
                failed += 1
                if args.strict:
                    break
    finally:
        if out is not sys.stdout:
            out.close()
    if not args.quiet:
        print(f"tieup: {ok} ok, {skipped} skipped, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="tieup", description="A sourced record of corporate alliances.")
    p.add_argument("--version", action="version", version=f"tieup {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    help_ = Options.help()
    ex = sub.add_parser("extract", help="extract alliances from articles, one JSON line each")
    ex.add_argument("paths", nargs="+", metavar="PATH",
                    help=".txt, .html/.htm, .jsonl files or folders; - reads stdin")
    ex.add_argument("-o", "--output", default="-", help="write JSON lines here (default stdout)")
    ex.add_argument("--no-model", action="store_true", help=help_["model"])
    ex.add_argument("--strict", action="store_true", help="stop at the first input that fails")
    ex.add_argument("-q", "--quiet", action="store_true", help="no summary line on stderr")
    ex.set_defaults(run=_extract)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
