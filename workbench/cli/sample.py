"""``workbench sample``: write the synthetic sample corpus and its ground truth."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Attach the ``sample`` sub-command to ``subparsers`` and return its parser."""
    from workbench.sample import END, START, TRUTH_NAME

    parser = subparsers.add_parser(
        "sample",
        help="write the synthetic sample corpus (articles + ground truth)",
        description=(
            "Generate N synthetic news articles (real-world actors with dated roles, story "
            "lines that rise and fade, several sources with their own house style) in the "
            f"article text format, plus the ground truth as JSON Lines in OUT/{TRUTH_NAME}. "
            "The same seed gives byte-identical files."
        ),
    )
    parser.add_argument("--n", type=int, default=2000, help="number of articles (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--out", required=True, metavar="DIR", help="output folder")
    parser.add_argument(
        "--per-file", type=int, default=250, metavar="K",
        help="articles per file (default 250; 1 writes one file per article)",
    )
    parser.add_argument("--start", default=START, help=f"first date (default {START})")
    parser.add_argument("--end", default=END, help=f"last date (default {END})")
    return parser


def run(args: argparse.Namespace) -> int:
    """Write the corpus; print one summary line; return the exit status."""
    from workbench.sample import TRUTH_NAME, write_sample

    began = time.perf_counter()
    files = write_sample(
        args.out, args.n, seed=args.seed, per_file=args.per_file, start=args.start, end=args.end
    )
    size = sum(f.stat().st_size for f in files)
    print(
        f"wrote {args.n:,} articles in {len(files):,} files ({size / 1e6:.1f} MB) to {args.out}, "
        f"ground truth in {args.out}/{TRUTH_NAME} ({time.perf_counter() - began:.1f} s)",
        file=sys.stderr,
    )
    return 0
