"""``workbench load``: read articles from files, folders, globs, feeds and pages into one table.

Prints one summary line (articles loaded, copies folded, records rejected, files skipped) on
stdout; the library's warnings (a file decoded as cp1252, ignored columns, a folder with nothing
to read) become ``warning:`` lines on stderr.
"""

from __future__ import annotations

import argparse
import re
import sys
import warnings
from typing import Any

import pandas as pd

from workbench.errors import ArgumentError


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Attach the ``load`` sub-command to ``subparsers`` and return its parser."""
    from workbench.io import FORMATS
    from workbench.io.rejects import ERRORS

    parser = subparsers.add_parser(
        "load",
        help="load articles into one table (Parquet or CSV)",
        description=(
            "Read articles (text format, CSV/TSV, JSON, JSON Lines, Parquet, RSS/Atom, saved "
            "HTML; .gz too) from files, folders and glob patterns, fold duplicates and print "
            "one summary line: articles loaded, copies folded, records rejected."
        ),
    )
    parser.add_argument("sources", nargs="+", metavar="SOURCE", help="file, folder or glob")
    parser.add_argument("--out", metavar="FILE", help="write the articles (.parquet or .csv)")
    parser.add_argument("--rejects", metavar="FILE.csv", help="write the rejected records (CSV)")
    parser.add_argument(
        "--errors",
        choices=ERRORS,
        default="raise",
        help="raise (default: stop at the first bad record, exit 2), warn or skip",
    )
    parser.add_argument("--format", choices=FORMATS, default="auto", help="input format")
    parser.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="OLD=NEW",
        help="column mapping for tabular input, e.g. --map published=date (repeatable)",
    )
    parser.add_argument(
        "--dayfirst",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=(
            "read numeric dates whose day and month could be swapped (03/04/2026) day first "
            "(--dayfirst) or month first (--no-dayfirst); by default they are rejected"
        ),
    )
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when stderr is a terminal and many files)",
    )
    return parser


def parse_mapping(items: list[str]) -> dict[str, str]:
    """Turn ``["old=new", ...]`` into a column mapping; raises ArgumentError on a bad item."""
    mapping = {}
    for item in items:
        old, sep, new = item.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise ArgumentError(f"--map takes OLD=NEW (e.g. published=date); got {item!r}")
        mapping[old.strip()] = new.strip()
    return mapping


def run(args: argparse.Namespace) -> int:
    """Load, write and summarise; returns the exit status."""
    from workbench.io import read_articles_with_rejects, write_articles

    if args.out and not args.out.lower().endswith((".parquet", ".pq", ".csv")):
        raise ArgumentError(f"--out must end in .parquet or .csv; got {args.out!r}")
    with warnings.catch_warnings(record=True) as caught:
        try:
            result = read_articles_with_rejects(
                args.sources,
                format=args.format,
                columns=parse_mapping(args.map) or None,
                errors=args.errors,
                progress=args.progress,
                dayfirst=args.dayfirst,
            )
        finally:
            _print_warnings(caught)
    if args.out:
        write_articles(result.articles, args.out)
    if args.rejects:
        write_articles_rejects(result.rejects, args.rejects)
    print(result.summary() + (f" -> {args.out}" if args.out else ""))
    if len(result.rejects) and args.errors == "warn":
        first = result.rejects.iloc[0]
        where = first["origin"] + (f":{first['line']}" if pd.notna(first["line"]) else "")
        hint = f"; see {args.rejects}" if args.rejects else "; write them with --rejects FILE.csv"
        print(f"warning: first rejected record: {where}: {first['reason']}{hint}", file=sys.stderr)
    return 0


def _print_warnings(caught: list[warnings.WarningMessage]) -> None:
    """Print the library's warnings as ``warning:`` lines, but for what the summary line says."""
    for item in caught:
        message = str(item.message)
        if not issubclass(item.category, UserWarning):
            warnings.showwarning(item.message, item.category, item.filename, item.lineno)
        elif not _SUMMARISED.search(message):  # rejects and skipped files: the summary says them
            print(f"warning: {message}", file=sys.stderr)


_SUMMARISED = re.compile(r"record\(s\) rejected|^[0-9,]+ files skipped \(")


def write_articles_rejects(rejects: Any, path: str) -> None:
    """Write the rejects frame to CSV."""
    from pathlib import Path

    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    rejects.to_csv(target, index=False)
