"""The ``workbench`` command: one sub-command per module in this package.

Each module named in ``COMMANDS`` defines ``add_parser(subparsers)`` and ``run(args) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from workbench.errors import WorkbenchError

#: sub-command name -> module in workbench.cli
COMMANDS: dict[str, str] = {
    "load": "workbench.cli.load",
    "sample": "workbench.cli.sample",
    "registry": "workbench.cli.registry",
    "ingest": "workbench.cli.ingest",
    "sql": "workbench.cli.sql",
    "report": "workbench.cli.report",
    "serve": "workbench.cli.serve",
}


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every sub-command attached."""
    parser = argparse.ArgumentParser(
        prog="workbench", description="News analyst workbench: load, enrich, chart, report."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        sub_parser = module.add_parser(sub)
        sub_parser.set_defaults(_run=module.run)
        assert sub_parser.prog.endswith(name)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``workbench`` command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except WorkbenchError as exc:
        print(f"workbench {args.command}: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
