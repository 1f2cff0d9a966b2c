"""``workbench report``: render a shareable HTML/PDF report, or one per actor or topic."""

from __future__ import annotations

import argparse
import sys
from typing import Any


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Attach the ``report`` sub-command to ``subparsers`` and return its parser."""
    parser = subparsers.add_parser(
        "report",
        help="render a self-contained report (code hidden, opens offline)",
        description=(
            "Execute the report notebook for a filter and write one self-contained HTML (or PDF) "
            "file. With --each, write one report per actor or topic into --out (a folder); "
            "each report keeps the whole filter and adds its value with AND (with --each actor, "
            "the --actor names and the value must all be mentioned)."
        ),
    )
    parser.add_argument("source", help="the corpus: a file or folder of articles")
    parser.add_argument("--actor", action="append", default=[], metavar="A",
                        help="restrict to this actor (repeat for several)")
    parser.add_argument("--topic", action="append", default=[], metavar="T",
                        help="restrict to this topic id (repeat for several)")
    parser.add_argument("--match", choices=("any", "all"), default=None,
                        help="with several --actor: articles naming any of them (default) or "
                        "all of them")
    parser.add_argument("--kind", action="append", default=[], metavar="K",
                        choices=("person", "organization", "country", "place", "group"),
                        help="restrict to articles naming an actor of this kind (repeat for "
                        "several)")
    parser.add_argument("--country", action="append", default=[], metavar="ISO3",
                        help="restrict to articles naming an actor affiliated with this "
                        "country, e.g. ISR (repeat for several)")
    parser.add_argument("--source", action="append", default=[], metavar="S", dest="sources",
                        help="restrict to this source, e.g. Reuters (repeat for several)")
    parser.add_argument("--text", "--query", metavar="QUERY", dest="text",
                        help='text query, e.g. \'ceasefire AND (Gaza OR Rafah) NOT "West Bank"\'')
    parser.add_argument("--start", metavar="DATE", help="first day, e.g. 2026-01-01")
    parser.add_argument("--end", metavar="DATE", help="last day, e.g. 2026-01-31")
    parser.add_argument("--out", metavar="PATH",
                        help="report file (a folder with --each; default: ./reports)")
    parser.add_argument("--format", choices=("html", "pdf"), default="html")
    parser.add_argument("--template", metavar="NOTEBOOK",
                        help="another report notebook with the same parameters")
    parser.add_argument("--each", choices=("actor", "topic"),
                        help="one report per actor or per topic")
    parser.add_argument("--values", nargs="+", metavar="V",
                        help="with --each: the actors or topics (default: the --top most frequent)")
    parser.add_argument("--top", type=int, default=10, metavar="N",
                        help="with --each and no --values: how many (default 10)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    return parser


def filter_of(args: argparse.Namespace) -> dict[str, Any]:
    """Return the filter options other than --actor, --topic, --start, --end as filter keywords.

    Parameters
    ----------
    args
        The parsed ``report`` options.

    Returns
    -------
    dict
        Keywords of :meth:`workbench.corpus.FilterSpec.coerce` (only those given).
    """
    spec: dict[str, Any] = {}
    if args.match is not None:
        spec["actor_mode"] = args.match
    for key, value in (("kinds", args.kind), ("countries", args.country),
                       ("sources", args.sources), ("text", args.text)):
        if value:
            spec[key] = value
    return spec


def run(args: argparse.Namespace) -> int:
    """Render the report(s); 0 when all were written, 1 when any failed."""
    from workbench.errors import ArgumentError
    from workbench.report import render_report, render_reports

    spec = filter_of(args)
    if args.each is None:
        if args.values:
            raise ArgumentError("--values needs --each actor or --each topic")
        path = render_report(
            args.source, filter=spec, actors=args.actor, topics=args.topic, start=args.start,
            end=args.end, template=args.template, out=args.out, format=args.format,
        )
        print(path)
        return 0
    result = render_reports(
        args.source, each=args.each, values=args.values, top=args.top, filter=spec,
        actors=args.actor, topics=args.topic, start=args.start, end=args.end,
        template=args.template, out_dir=args.out or "reports", format=args.format,
        progress=not args.no_progress,
    )
    for path in result.reports.values():
        print(path)
    if not result.ok:
        print(f"workbench report: {result.summary()}", file=sys.stderr)
        return 1
    return 0
