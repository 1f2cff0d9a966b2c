"""Loading articles from files, folders, feeds, pages and frames into one ``articles`` frame.

:func:`read_articles` is the one entry point. It expands the sources, picks a reader per file by
its suffix (or ``format=``), validates every record, normalises dates to UTC, takes the source
from a "(SOURCE)" lead, computes stable content ids (see :mod:`workbench.io.fingerprint`) and folds
duplicates. Bad records raise (``errors="raise"``, the default) or are collected; the collected
rejects are available in one way: :func:`read_articles_with_rejects`, which returns a
:class:`LoadResult` ``(articles, rejects, n_seen)``.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from workbench.errors import ArgumentError, check_argument
from workbench.io.normalise import coerce, fold_duplicates
from workbench.io.rejects import ERRORS, Rejects
from workbench.io.sources import (
    DecodeError,
    decode_bytes,
    expand_sources,
    format_from_suffix,
    read_bytes,
    sniff_format,
    utf8_array,
)
from workbench.io.textformat import finish_text_scans, scan_text_bytes
from workbench.io.writer import write_articles, write_articles_text
from workbench.schema import empty

__all__ = [
    "FORMATS",
    "LoadResult",
    "read_articles",
    "read_articles_with_rejects",
    "write_articles",
    "write_articles_text",
]

#: Formats ``read_articles`` understands (``format=`` accepts these; "auto" picks by suffix).
FORMATS = ("auto", "text", "csv", "tsv", "json", "jsonl", "parquet", "feed", "html")

_ON_BAD_LINES = {"error": "raise", "raise": "raise", "warn": "warn", "skip": "skip"}
_PROGRESS_MIN_FILES = 20
_BATCH_BYTES = 32_000_000

Source = str | os.PathLike[str] | pd.DataFrame | Iterable[str | os.PathLike[str] | pd.DataFrame]


@dataclass(frozen=True)
class LoadResult:
    """What a load produced.

    Attributes
    ----------
    articles
        One row per distinct article (``articles`` schema).
    rejects
        One row per rejected record: ``origin`` (file), ``line`` (line or row), ``reason``,
        ``excerpt``.
    n_seen
        Records seen: every record was loaded (``n_loaded``) or rejected.
    n_loaded
        Records loaded before duplicates were folded.
    """

    articles: pd.DataFrame
    rejects: pd.DataFrame
    n_seen: int
    n_loaded: int

    @property
    def n_folded(self) -> int:
        """Copies folded into another row (loaded records minus distinct articles)."""
        return self.n_loaded - len(self.articles)

    def summary(self) -> str:
        """One line: articles loaded, copies folded, records rejected."""
        return (
            f"{len(self.articles):,} articles loaded, {self.n_folded:,} copies folded, "
            f"{len(self.rejects):,} records rejected (of {self.n_seen:,} seen)"
        )


def read_articles(
    source: Source,
    *,
    format: str = "auto",
    columns: Mapping[str, str] | None = None,
    errors: str | None = None,
    on_bad_lines: str | None = None,
    progress: bool | None = False,
) -> pd.DataFrame:
    """Load articles from files, folders, globs, feeds, pages or frames into one frame.

    Parameters
    ----------
    source
        A path (article text ``.txt``, ``.csv``, ``.tsv``, ``.json``, ``.jsonl``, ``.parquet``,
        RSS/Atom ``.rss``/``.atom``/``.xml``, saved ``.html`` page; any of them ``.gz``), a folder
        (searched recursively for those suffixes), a glob pattern (``"news/**/*.txt"``), a
        :class:`pandas.DataFrame`, or a list of any of these. Local files only.
    format
        One of :data:`FORMATS`; ``"auto"`` (default) picks by suffix and sniffs unknown suffixes.
    columns
        Column mapping for tabular input, ``{"their name": "our name"}`` (e.g.
        ``{"published": "date", "headline": "title"}``); wins over the automatic aliases.
    errors
        ``"raise"`` (default): the first bad record raises :class:`~workbench.errors.ParseError`
        naming file and line. ``"warn"``: bad records are left out and one warning gives their
        count. ``"skip"``: the same without the warning. Use :func:`read_articles_with_rejects`
        to get the rejected records as a frame.
    on_bad_lines
        Alias of ``errors`` for pandas users: ``"error"``, ``"warn"`` or ``"skip"``.
    progress
        Show a tqdm progress bar on stderr: True, False (default) or None (when stderr is a
        terminal and there are many files).

    Returns
    -------
    pandas.DataFrame
        The ``articles`` table (see :mod:`workbench.schema`), one row per distinct article.

    Raises
    ------
    ParseError
        Under ``errors="raise"``, at the first bad record.
    ArgumentError
        For a missing path, an empty glob, a URL or an unknown format or errors value.

    Examples
    --------
    >>> articles = read_articles("news/")  # doctest: +SKIP
    >>> articles = read_articles("export.csv", columns={"published": "date"})  # doctest: +SKIP
    """
    return read_articles_with_rejects(
        source,
        format=format,
        columns=columns,
        errors=errors,
        on_bad_lines=on_bad_lines,
        progress=progress,
    ).articles


def read_articles_with_rejects(
    source: Source,
    *,
    format: str = "auto",
    columns: Mapping[str, str] | None = None,
    errors: str | None = None,
    on_bad_lines: str | None = None,
    progress: bool | None = False,
) -> LoadResult:
    """Load articles like :func:`read_articles` and also return the rejected records.

    Parameters are those of :func:`read_articles`.

    Returns
    -------
    LoadResult
        ``articles``, ``rejects`` (``origin``, ``line``, ``reason``, ``excerpt``), ``n_seen`` and
        ``n_loaded``; ``n_seen == n_loaded + len(rejects)``.
    """
    mode = _errors_mode(errors, on_bad_lines)
    check_argument("format", format, FORMATS)
    rejects = Rejects(mode)
    items = _items(source)
    frames: list[pd.DataFrame] = []
    seen = 0
    show = progress
    if show is None:
        show = sys.stderr.isatty() and len(items) >= _PROGRESS_MIN_FILES
    iterator: Iterable[Path | pd.DataFrame] = items
    if show:
        from tqdm.auto import tqdm

        iterator = tqdm(items, desc="loading", unit="file", file=sys.stderr)
    pending: list[dict] = []  # scanned text files, validated together (one batch per ~32 MB)
    pending_bytes = 0

    def flush() -> None:
        nonlocal seen, pending_bytes
        if pending:
            frame, n = finish_text_scans(pending, rejects)
            seen += n
            if len(frame):
                frames.append(frame)
            pending.clear()
            pending_bytes = 0

    for item in iterator:
        scan = _scan_text(item, format)
        if scan is not None:
            pending.append(scan)
            pending_bytes += scan["size"]
            if pending_bytes >= _BATCH_BYTES:
                flush()
            continue
        flush()
        frame, n = _read_one(item, format, columns, rejects)
        seen += n
        if len(frame):
            frames.append(frame)
    flush()
    if frames:
        unfolded = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    else:
        unfolded = empty("articles")
    n_loaded = len(unfolded)
    articles = fold_duplicates(unfolded) if len(unfolded) else coerce(unfolded)
    rejects.warn_if_any()
    return LoadResult(articles=articles, rejects=rejects.frame(), n_seen=seen, n_loaded=n_loaded)


def _errors_mode(errors: str | None, on_bad_lines: str | None) -> str:
    if on_bad_lines is not None:
        alias = _ON_BAD_LINES.get(on_bad_lines) if isinstance(on_bad_lines, str) else None
        if alias is None:
            check_argument("on_bad_lines", on_bad_lines, ("error", "warn", "skip"))
        if errors is not None and errors != alias:
            raise ArgumentError(
                f"errors={errors!r} and on_bad_lines={on_bad_lines!r} disagree; give one of them"
            )
        return str(alias)
    if errors is None:
        return "raise"
    return check_argument("errors", errors, ERRORS)


def _items(source: Source) -> list[Path | pd.DataFrame]:
    if isinstance(source, pd.DataFrame):
        return [source]
    if isinstance(source, (str, os.PathLike)):
        return list(expand_sources(source))
    items: list[Path | pd.DataFrame] = []
    for item in source:
        if isinstance(item, pd.DataFrame):
            items.append(item)
        else:
            items.extend(expand_sources(item))
    return items


def _scan_text(item: Path | pd.DataFrame, format: str) -> dict | None:
    """Scan a plain UTF-8 text-format file for a batch; None for anything else (or any doubt)."""
    if isinstance(item, pd.DataFrame):
        return None
    fmt = format if format != "auto" else format_from_suffix(item)
    if fmt != "text":
        return None
    try:
        data = read_bytes(item)
    except (DecodeError, OSError):
        return None
    if not data or data.isspace():
        return None
    scan = scan_text_bytes(data, str(item))
    if scan is not None:
        scan["size"] = len(data)
    return scan


def _read_one(
    item: Path | pd.DataFrame,
    format: str,
    columns: Mapping[str, str] | None,
    rejects: Rejects,
) -> tuple[pd.DataFrame, int]:
    """Read one file or frame; returns the good rows (unfolded) and the records seen."""
    from workbench.io import tabular

    if isinstance(item, pd.DataFrame):
        return tabular.from_frame(item, "<DataFrame>", columns, rejects)
    file = str(item)
    fmt = format if format != "auto" else format_from_suffix(item)
    try:
        if fmt == "parquet":
            return tabular.read_parquet(item, file, columns, rejects)
        data = read_bytes(item)
        if not data or data.isspace():  # same as "not data.strip()", without a copy
            rejects.add(file, None, "empty file")
            return empty("articles"), 1
        if fmt is None:
            fmt = sniff_format(data[:1024])
            if fmt == "parquet":
                return tabular.read_parquet(item, file, columns, rejects)
        if fmt == "feed":
            from workbench.io.feeds import parse_feed

            return parse_feed(data, file, rejects)
        if fmt == "text":
            fast = utf8_array(data)  # plain UTF-8 goes to Arrow without a Python string
            if fast is not None:
                from workbench.io.textformat import parse_text

                return parse_text(fast, file, rejects)
        text = decode_bytes(data, file)
        if not text.strip():
            rejects.add(file, None, "empty file")
            return empty("articles"), 1
        if fmt == "text":
            from workbench.io.textformat import parse_text

            return parse_text(text, file, rejects)
        if fmt == "html":
            from workbench.io.html import parse_html

            return parse_html(text, file, rejects)
        return tabular.parse_tabular(text, fmt, file, columns, rejects)
    except DecodeError as exc:
        rejects.add(file, None, str(exc.args[0]))
        return empty("articles"), 1
