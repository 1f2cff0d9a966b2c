"""``workbench registry``: check actor registry files (schema, codes, aliases, terms of office)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from workbench.registry import check_registry, default_registry_path


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Attach ``registry`` with its ``check`` action to the ``workbench`` command line.

    Parameters
    ----------
    subparsers
        The sub-parser collection of the main parser.

    Returns
    -------
    argparse.ArgumentParser
        The ``registry`` parser.
    """
    parser = subparsers.add_parser(
        "registry",
        help="check actor registry YAML files",
        description="Validate actor registry files and report problems with file:line.",
    )
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    check = actions.add_parser(
        "check",
        help="validate registry files (exit 1 on errors)",
        description=(
            "Validate registry files stacked in the order given: YAML syntax, unknown keys, kinds, "
            "country codes, dates, offices named by roles, duplicate aliases across actors and "
            "overlapping terms of one office. Prints one 'file:line: severity: message' per "
            "problem and goes on past each (an invalid date such as 2024-13-01 included); exits 1 "
            "when there is an error (or a warning with --strict), 2 when a file is missing or is "
            "not YAML at all."
        ),
    )
    check.add_argument("files", nargs="*", metavar="FILE", help="registry YAML files")
    check.add_argument(
        "--no-default",
        action="store_true",
        help="do not stack the files on the packaged registry (by default they extend it)",
    )
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    return parser


def run(args: argparse.Namespace) -> int:
    """Run ``workbench registry ACTION``; returns the exit status."""
    files = list(args.files)
    include_default = not args.no_default
    if not files:
        files = [str(default_registry_path())]
        include_default = False
    problems = check_registry(*files, include_default=include_default)
    for problem in problems:
        print(problem, file=sys.stdout)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    print(
        f"{len(files)} file(s) checked: {errors} error(s), {warnings} warning(s)", file=sys.stderr
    )
    if errors or (args.strict and warnings):
        return 1
    return 0
