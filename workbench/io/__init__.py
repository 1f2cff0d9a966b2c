"""Loading articles from files, folders, feeds, pages and frames into one ``articles`` frame.

:func:`read_articles` is the one entry point. It expands the sources, picks a reader per file by
its suffix (or ``format=``), validates every record, normalises dates to UTC, takes the source
from a "(SOURCE)" lead, computes stable content ids (see :mod:`workbench.io.fingerprint`) and folds
duplicates. Bad records raise (``errors="raise"``, the default) or are collected; the collected
rejects are available in one way: :func:`read_articles_with_rejects`, which returns a
:class:`LoadResult` ``(articles, rejects, n_seen, n_loaded, skipped)``. Nothing is left out
without a word: every record is loaded or rejected, and the files a folder walk passes over for
their unknown suffix are listed in ``skipped`` (hidden files, ``.name``, are the one exception).

Warnings (files decoded as cp1252, ignored columns, rejects, skipped files) point at the line
that called :func:`read_articles`.
"""

from __future__ import annotations

import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from workbench.errors import ArgumentError, check_argument
from workbench.io.normalise import coerce, fold_duplicates
from workbench.io.rejects import ERRORS, Rejects, warn_caller
from workbench.io.sources import (
    SUFFIX_FORMATS,
    DecodeError,
    SkippedFile,
    decode_bytes,
    format_from_suffix,
    read_bytes,
    sniff_format,
    utf8_array,
    walk_sources,
)
from workbench.io.textformat import finish_text_scans, scan_text_bytes
from workbench.io.writer import write_articles, write_articles_text
from workbench.schema import empty

__all__ = [
    "FORMATS",
    "LoadResult",
    "SkippedFile",
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
_LISTED_SKIPS = 5
_SKIP_HINT = "to read such a file, name it directly (its format is then sniffed) or rename it"

Source = str | os.PathLike[str] | pd.DataFrame | Iterable[str | os.PathLike[str] | pd.DataFrame]


@dataclass(frozen=True)
class LoadResult:
    """What a load produced.

    Attributes
    ----------
    articles
        One row per distinct article (``articles`` schema).
    rejects
        One row per rejected record: ``origin`` (file), ``line`` (the line of the file the
        record starts on; missing where no line can be known, as in frames and Parquet, and
        then the reason names the row or item), ``reason``, ``excerpt``.
    n_seen
        Records seen: every record was loaded (``n_loaded``) or rejected.
    n_loaded
        Records loaded before duplicates were folded.
    skipped
        Files inside the folders read that were left out because their suffix names no known
        format, each with the reason (``"unknown type"``); name such a file directly (its
        format is then sniffed, or given by ``format=``) to read it. Hidden files are not listed.
    """

    articles: pd.DataFrame
    rejects: pd.DataFrame
    n_seen: int
    n_loaded: int
    skipped: tuple[SkippedFile, ...] = ()

    @property
    def n_folded(self) -> int:
        """Copies folded into another row (loaded records minus distinct articles)."""
        return self.n_loaded - len(self.articles)

    def summary(self) -> str:
        """One line: articles loaded, copies folded, records rejected, files skipped (if any)."""
        line = (
            f"{len(self.articles):,} articles loaded, {self.n_folded:,} copies folded, "
            f"{len(self.rejects):,} records rejected (of {self.n_seen:,} seen)"
        )
        if self.skipped:
            line += f"; {_skipped_note(self.skipped)}"
        return line


def _skipped_note(skipped: Iterable[SkippedFile]) -> str:
    """Return ``"N files skipped (unknown type): a, b, ..."`` (the first few paths)."""
    files = list(skipped)
    parts = []
    for reason in dict.fromkeys(f.reason for f in files):
        paths = [f.path for f in files if f.reason == reason]
        listed = ", ".join(paths[:_LISTED_SKIPS])
        more = f" and {len(paths) - _LISTED_SKIPS:,} more" if len(paths) > _LISTED_SKIPS else ""
        parts.append(f"{len(paths):,} files skipped ({reason}): {listed}{more}")
    return "; ".join(parts)


def read_articles(
    source: Source,
    *,
    format: str = "auto",
    columns: Mapping[str, str] | None = None,
    errors: str | None = None,
    on_bad_lines: str | None = None,
    progress: bool | None = False,
    dayfirst: bool | None = None,
) -> pd.DataFrame:
    """Load articles from files, folders, globs, feeds, pages or frames into one frame.

    Parameters
    ----------
    source
        A path (article text ``.txt``, ``.csv``, ``.tsv``, ``.json``, ``.jsonl``, ``.parquet``,
        RSS/Atom ``.rss``/``.atom``/``.xml``, saved ``.html`` page; any of them ``.gz``), a folder
        (searched recursively for those suffixes; other files are left out and reported, hidden
        files and folders are left out silently), a glob pattern (``"news/**/*.txt"``), a
        :class:`pandas.DataFrame`, or a list of any of these. Local files only. A folder or
        pattern that gives no file to read raises under ``errors="raise"`` and warns otherwise;
        files left out of a folder for their unknown suffix are listed in
        :attr:`LoadResult.skipped` and, unless ``errors="skip"``, in a warning.
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
    dayfirst
        How to read numeric dates in tables, feeds and pages whose day and month could be
        swapped (``03/04/2026``): True reads the day first (3 April), False the month first
        (March 4). None (default) rejects them, saying so. ``27/01/2026`` needs no hint, and the
        text format's headers take ISO 8601 dates only.

    Returns
    -------
    pandas.DataFrame
        The ``articles`` table (see :mod:`workbench.schema`), one row per distinct article.

    Raises
    ------
    ParseError
        Under ``errors="raise"``, at the first bad record.
    ArgumentError
        For a missing path, a URL, an unknown ``format``, ``errors`` or ``dayfirst`` value, and
        (under ``errors="raise"``) a folder or glob pattern that gives no file to read.

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
        dayfirst=dayfirst,
    ).articles


def read_articles_with_rejects(
    source: Source,
    *,
    format: str = "auto",
    columns: Mapping[str, str] | None = None,
    errors: str | None = None,
    on_bad_lines: str | None = None,
    progress: bool | None = False,
    dayfirst: bool | None = None,
) -> LoadResult:
    """Load articles like :func:`read_articles` and also return the rejected records.

    Parameters are those of :func:`read_articles`.

    Returns
    -------
    LoadResult
        ``articles``, ``rejects`` (``origin``, ``line``, ``reason``, ``excerpt``), ``n_seen``,
        ``n_loaded`` and ``skipped``; ``n_seen == n_loaded + len(rejects)``.
    """
    mode = _errors_mode(errors, on_bad_lines)
    check_argument("format", format, FORMATS)
    if dayfirst is not None and not isinstance(dayfirst, bool):
        raise ArgumentError(f"dayfirst must be one of None, True, False; got {dayfirst!r}")
    rejects = Rejects(mode)
    items, skipped = _items(source, mode)
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

    for item, scan in _scanned(iterator, format):
        if scan is not None:
            pending.append(scan)
            pending_bytes += scan["size"]
            if pending_bytes >= _BATCH_BYTES:
                flush()
            continue
        flush()
        frame, n = _read_one(item, format, columns, rejects, dayfirst)
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
    if skipped and mode != "skip":
        warn_caller(f"{_skipped_note(skipped)}; {_SKIP_HINT}")
    return LoadResult(
        articles=articles,
        rejects=rejects.frame(),
        n_seen=seen,
        n_loaded=n_loaded,
        skipped=tuple(skipped),
    )


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


def _items(source: Source, mode: str) -> tuple[list[Path | pd.DataFrame], list[SkippedFile]]:
    """Return the files and frames to read, and the files left out of folders.

    A folder or glob pattern that gives no file to read raises under ``errors="raise"`` and warns
    otherwise, naming it (and what was left out of it).
    """
    parts = [source] if isinstance(source, (str, os.PathLike, pd.DataFrame)) else list(source)
    items: list[Path | pd.DataFrame] = []
    skipped: list[SkippedFile] = []
    for part in parts:
        if isinstance(part, pd.DataFrame):
            items.append(part)
            continue
        found = walk_sources(part)
        for name in found.empty:
            _no_files(name, found.skipped, mode)
        items.extend(found.files)
        skipped.extend(found.skipped)
    return items, list(dict.fromkeys(skipped))


def _no_files(name: str, skipped: list[SkippedFile], mode: str) -> None:
    """Report a folder or glob pattern that gave no file to read (raise or warn)."""
    folder = Path(name).expanduser()
    if not folder.is_dir():
        message = f"glob pattern {name!r} matches no file"
    else:
        inside = [s for s in skipped if Path(s.path).is_relative_to(folder)]
        if inside:
            message = (
                f"folder {name!r} holds no file of a known type ({_skipped_note(inside)}); "
                f"{_SKIP_HINT}; known suffixes: {', '.join(sorted(SUFFIX_FORMATS))} (also .gz)"
            )
        else:
            message = f"folder {name!r} holds no file to read (hidden files are left out)"
    if mode == "raise":
        raise ArgumentError(message)
    warn_caller(message)


def _scanned(
    items: Iterable[Path | pd.DataFrame], format: str
) -> Iterator[tuple[Path | pd.DataFrame, dict | None]]:
    """Yield each item with its text-format scan (or None), in order, scanning ahead on threads.

    Scanning a file is pure (bytes in, arrays out; nothing is reported until the batch is
    validated in order), and its heavy steps (numpy, Arrow, hashing) release the GIL, so a few
    files are scanned ahead on a small thread pool while this thread validates the batches.
    """
    workers = _scan_threads()
    if workers < 2:
        for item in items:
            yield item, _scan_text(item, format)
        return
    window = 2 * workers
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="workbench-scan") as pool:
        ahead: deque[tuple[Path | pd.DataFrame, Future]] = deque()
        for item in items:
            ahead.append((item, pool.submit(_scan_text, item, format)))
            if len(ahead) >= window:
                done, future = ahead.popleft()
                yield done, future.result()
        while ahead:
            done, future = ahead.popleft()
            yield done, future.result()


def _scan_threads() -> int:
    """Return the scan threads: ``WORKBENCH_READ_THREADS``, else the usable CPUs (at most 4)."""
    value = os.environ.get("WORKBENCH_READ_THREADS")
    if value:
        try:
            return max(1, int(value))
        except ValueError:
            raise ArgumentError(
                f"WORKBENCH_READ_THREADS must be a positive integer; got {value!r}"
            ) from None
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        cpus = os.cpu_count() or 1
    return min(4, cpus)


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
    dayfirst: bool | None = None,
) -> tuple[pd.DataFrame, int]:
    """Read one file or frame; returns the good rows (unfolded) and the records seen."""
    from workbench.io import tabular

    if isinstance(item, pd.DataFrame):
        return tabular.from_frame(item, "<DataFrame>", columns, rejects, dayfirst=dayfirst)
    file = str(item)
    fmt = format if format != "auto" else format_from_suffix(item)
    try:
        if fmt == "parquet":
            return tabular.read_parquet(item, file, columns, rejects, dayfirst=dayfirst)
        data = read_bytes(item)
        if not data or data.isspace():  # same as "not data.strip()", without a copy
            rejects.add(file, None, "empty file")
            return empty("articles"), 1
        if fmt is None:
            fmt = sniff_format(data[:1024])
            if fmt == "parquet":
                return tabular.read_parquet(item, file, columns, rejects, dayfirst=dayfirst)
        if fmt == "feed":
            from workbench.io.feeds import parse_feed

            return parse_feed(data, file, rejects, dayfirst=dayfirst)
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

            return parse_html(text, file, rejects, dayfirst=dayfirst)
        return tabular.parse_tabular(text, fmt, file, columns, rejects, dayfirst=dayfirst)
    except DecodeError as exc:
        rejects.add(file, None, str(exc.args[0]))
        return empty("articles"), 1
