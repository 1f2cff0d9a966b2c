"""``workbench ingest SOURCE... --store DIR``: read, enrich and add articles to a Parquet store."""

from __future__ import annotations

import argparse
from typing import Any


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Attach the ``ingest`` sub-command to ``subparsers`` and return its parser."""
    parser = subparsers.add_parser(
        "ingest",
        help="read, enrich and add articles to a partitioned Parquet store",
        description=(
            "Read SOURCE files, folders or glob patterns, enrich them (actors, topics, tone) and "
            "add the new articles to the store. Re-running over the same files adds nothing; "
            "copies of stored articles are reported, not stored. A run killed part-way leaves the "
            "store as it was."
        ),
    )
    parser.add_argument(
        "sources", nargs="+", metavar="SOURCE", help="article file, folder or glob pattern"
    )
    parser.add_argument(
        "--store", required=True, metavar="DIR", help="store directory or fsspec URL"
    )
    parser.add_argument("--registry", metavar="FILE", help="actor registry YAML to add")
    parser.add_argument("--taxonomy", metavar="FILE", help="topic taxonomy YAML to add")
    parser.add_argument(
        "--chunk-size",
        type=int,
        default=None,
        metavar="N",
        help="articles enriched and written at a time (bounds memory; default 20000)",
    )
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--workers", type=int, metavar="N", help="enrich on a local Dask cluster of N processes"
    )
    where.add_argument(
        "--scheduler", metavar="ADDRESS", help="enrich on the Dask cluster at tcp://HOST:PORT"
    )
    parser.add_argument(
        "--read-on",
        default="auto",
        help="on a cluster, who parses the source files: workers (they must see the files), "
        "client, or auto (workers with --workers, client with --scheduler)",
    )
    parser.add_argument(
        "--force", action="store_true", help="re-read sources already ingested (still deduplicated)"
    )
    parser.add_argument(
        "--errors",
        default="raise",
        help="bad records: raise (stop, store unchanged), warn or skip (counted in the manifest)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def _load(kind: str, path: str | None) -> Any:
    if path is None:
        return None
    if kind == "registry":
        from workbench.registry import load_registry

        return load_registry(path)
    from workbench.topics import load_taxonomy

    return load_taxonomy(path)


def run(args: argparse.Namespace) -> int:
    """Ingest the sources; print what was added, skipped and not updated."""
    from workbench.store import DEFAULT_CHUNK_SIZE, ingest

    report = ingest(
        args.sources,
        args.store,
        registry=_load("registry", args.registry),
        taxonomy=_load("taxonomy", args.taxonomy),
        chunk_size=args.chunk_size or DEFAULT_CHUNK_SIZE,
        workers=args.workers,
        scheduler=args.scheduler,
        read_on=args.read_on,
        force=args.force,
        errors=args.errors,
        progress=not args.quiet,
    )
    print(report.summary())
    return 0
