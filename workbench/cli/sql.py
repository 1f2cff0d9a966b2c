"""``workbench sql --store DIR "QUERY"``: DuckDB over the store's articles, mentions and topics."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from workbench.errors import check_argument

FORMATS = ("table", "csv", "json")


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Attach the ``sql`` sub-command to ``subparsers`` and return its parser."""
    parser = subparsers.add_parser(
        "sql",
        help="run a DuckDB query over a store",
        description=(
            "Run QUERY with DuckDB over the views articles, mentions and topics of the store "
            "(committed files only; year and month columns prune partitions)."
        ),
    )
    parser.add_argument("query", metavar="QUERY", help='e.g. "select count(*) from articles"')
    parser.add_argument(
        "--store", required=True, metavar="DIR", help="store directory or fsspec URL"
    )
    parser.add_argument(
        "--format", default="table", help=f"output format: {', '.join(FORMATS)} (default table)"
    )
    parser.add_argument("--max-rows", type=int, default=50, help="rows shown as a table")
    return parser


def run(args: argparse.Namespace) -> int:
    """Run the query and print the result."""
    from workbench.store import sql

    check_argument("--format", args.format, FORMATS)
    result = sql(args.store, args.query)
    if args.format == "csv":
        result.to_csv(sys.stdout, index=False)
    elif args.format == "json":
        print(result.to_json(orient="records", date_format="iso", force_ascii=False))
    else:
        print(result.to_string(index=False, max_rows=args.max_rows))
    return 0
