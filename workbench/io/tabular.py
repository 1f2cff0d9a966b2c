"""Tabular input: CSV/TSV, JSON (array of objects), JSON Lines, Parquet and DataFrames.

Columns are matched to the ``articles`` schema by name, case-insensitively, through
:data:`ALIASES` (``published`` -> ``date``, ``headline`` -> ``title``, ``text``/``content`` ->
``body`` ...); an explicit ``columns={"their name": "our name"}`` mapping wins. Columns that match
nothing are ignored with one warning per file naming them. ``title``, ``body`` and ``date``
columns are required (a missing one is reported for the whole file); each row is then validated
like any other record. An empty date cell gives a missing date (NaT), as in feeds and pages (and
as written back by :func:`workbench.io.write_articles`); an unparseable one is a reject. Rows
are numbered from 1 (the header line is not a row); origins read ``"path:row N"``.

Re-reading a frame written by the workbench keeps its ``origin``, ``origins`` and ``n_copies``.
"""

from __future__ import annotations

import io
import json
import re
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from workbench.errors import ArgumentError
from workbench.io.normalise import finish_batch
from workbench.io.rejects import Rejects
from workbench.schema import empty

#: schema column -> accepted input names (compared case-insensitively, in order of preference)
ALIASES: dict[str, tuple[str, ...]] = {
    "date": (
        "date", "published", "published_at", "publishedat", "pubdate", "pub_date",
        "publication_date", "datetime", "timestamp", "time", "created_at", "updated", "seendate",
    ),
    "title": ("title", "headline", "heading", "subject"),
    "body": (
        "body", "text", "content", "article", "story", "full_text", "fulltext", "maintext",
        "description", "summary",
    ),
    "source": ("source", "publisher", "outlet", "source_name", "sitename", "site", "agency"),
    "url": ("url", "link", "href", "permalink", "source_url"),
    "ref": ("ref", "reference", "id", "guid", "doc_id", "docid", "newid"),
}  # fmt: skip

#: columns of a frame the workbench wrote that are taken over (or recomputed) as they are
OWN_COLUMNS = ("article_id", "origin", "origins", "n_words", "n_copies", "tone")

REQUIRED = ("title", "body", "date")

_PANDAS_SKIP = re.compile(r"Skipping line (\d+): (.*)")
_PANDAS_LINE = re.compile(r"line (\d+)")


def resolve_columns(
    names: list[str], columns: Mapping[str, str] | None
) -> tuple[dict[str, list[str]], list[str]]:
    """Match input column names to schema columns.

    Parameters
    ----------
    names
        The input's column names.
    columns
        Explicit mapping ``{input name: schema name}``; wins over :data:`ALIASES`.

    Returns
    -------
    tuple
        ``(mapping, ignored)``: schema name -> input names in order of preference (when several
        aliases are present, e.g. ``body`` and ``content`` in JSON Lines whose records vary, a
        missing value is taken from the next one), and input names that match nothing.

    Raises
    ------
    ArgumentError
        When ``columns`` maps to a name outside the schema's input columns.
    """
    mapping: dict[str, list[str]] = {}
    explicit = dict(columns or {})
    for their, ours in explicit.items():
        if ours not in ALIASES:
            raise ArgumentError(
                f"columns maps {their!r} to {ours!r}; targets must be one of {sorted(ALIASES)}"
            )
        if their in names:
            mapping[ours] = [their]
    lower: dict[str, str] = {}
    for name in names:
        lower.setdefault(str(name).strip().lower(), name)
    used = {n for found in mapping.values() for n in found}
    for ours, aliases in ALIASES.items():
        if ours in mapping:
            continue
        found = [lower[a] for a in aliases if a in lower and lower[a] not in used]
        found = [n for n in found if n not in explicit]
        if found:
            mapping[ours] = found
            used.update(found)
    ignored = [n for n in names if n not in used and str(n) not in OWN_COLUMNS]
    return mapping, ignored


def from_frame(
    frame: pd.DataFrame,
    file: str,
    columns: Mapping[str, str] | None,
    rejects: Rejects,
    *,
    row_label: str = "row ",
    lines: list[int] | None = None,
) -> tuple[pd.DataFrame, int]:
    """Validate and normalise the rows of a frame read from ``file``.

    Parameters
    ----------
    frame
        Input rows (any column names; see :data:`ALIASES`).
    file
        Where the rows came from (``"<DataFrame>"`` for frames passed in).
    columns
        Explicit column mapping.
    rejects
        Where bad rows go.
    row_label
        ``"row "`` for tabular rows; ``""`` when ``line`` numbers are file lines (JSON Lines).
    lines
        The row (or line) number of each row; 1, 2, ... when None.

    Returns
    -------
    tuple
        ``(articles, n_seen)``.
    """
    n = len(frame)
    if n == 0:
        return empty("articles"), 0
    names = [str(c) for c in frame.columns]
    frame = frame.set_axis(names, axis=1)
    mapping, ignored = resolve_columns(names, columns)
    missing = [c for c in REQUIRED if c not in mapping]
    if missing:
        rejects.add(
            file,
            None,
            f"no {'/'.join(missing)} column (has {names}); name them with "
            "columns={'their name': 'title'} (all "
            f"{n} rows of this file not loaded)",
        )
        return empty("articles"), 1
    if ignored:
        warnings.warn(
            f"{file}: ignored column(s) {ignored}; map them with columns={{'name': 'ref'}} "
            f"to one of {sorted(ALIASES)}",
            UserWarning,
            stacklevel=4,
        )
    lines = lines if lines is not None else list(range(1, n + 1))
    cols: dict[str, Any] = {ours: _coalesce(frame, theirs) for ours, theirs in mapping.items()}
    if len(mapping["date"]) == 1:
        cols["date"] = _dates(frame[mapping["date"][0]])
    if "origin" in frame.columns:
        cols["origin"] = frame["origin"].reset_index(drop=True)
    else:
        cols["origin"] = [f"{file}:{row_label}{i}" for i in lines]
    for own in ("origins", "n_copies"):
        if own in frame.columns:
            cols[own] = frame[own]
    cols["file"] = file
    cols["line"] = lines
    return finish_batch(cols, rejects, date_required=False), n


def _coalesce(frame: pd.DataFrame, names: list[str]) -> pd.Series:
    """Return the first column as text, its missing or empty cells filled from the next ones."""
    out = _text(frame[names[0]])
    for name in names[1:]:
        out = out.mask(out.isna() | (out.str.strip() == ""), _text(frame[name]))
    return out


def _text(values: pd.Series) -> pd.Series:
    """Cells as text: missing stays missing, numbers become their text, nested values JSON."""
    if pd.api.types.is_string_dtype(values.dtype) and not pd.api.types.is_object_dtype(
        values.dtype
    ):
        return values.reset_index(drop=True)
    out = [
        None
        if v is None or (not isinstance(v, (list, dict, tuple)) and pd.isna(v))
        else v
        if isinstance(v, str)
        else json.dumps(v, ensure_ascii=False)
        if isinstance(v, (list, dict, tuple))
        else str(v)
        for v in values
    ]
    return pd.Series(out, dtype="str")


def _dates(values: pd.Series) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return values.reset_index(drop=True)
    return _text(values)


def read_parquet(
    path: Path, file: str, columns: Mapping[str, str] | None, rejects: Rejects
) -> tuple[pd.DataFrame, int]:
    """Read a Parquet file (unreadable files are reported)."""
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises many types for corrupt files
        rejects.add(file, None, f"not a readable Parquet file ({type(exc).__name__}: {exc})")
        return empty("articles"), 1
    return from_frame(frame, file, columns, rejects)


def parse_tabular(
    text: str, fmt: str, file: str, columns: Mapping[str, str] | None, rejects: Rejects
) -> tuple[pd.DataFrame, int]:
    """Parse decoded CSV, TSV, JSON or JSON Lines text.

    Parameters
    ----------
    text
        The decoded file content.
    fmt
        ``"csv"``, ``"tsv"``, ``"json"`` or ``"jsonl"``.
    file
        The file's name (for origins and reports).
    columns
        Explicit column mapping.
    rejects
        Where bad records go.

    Returns
    -------
    tuple
        ``(articles, n_seen)``.
    """
    if fmt in ("csv", "tsv"):
        return _parse_delimited(text, "\t" if fmt == "tsv" else ",", file, columns, rejects)
    if fmt == "json":
        return _parse_json(text, file, columns, rejects)
    if fmt == "jsonl":
        return _parse_jsonl(text, file, columns, rejects)
    raise ArgumentError(f"unknown tabular format {fmt!r}")


def _parse_delimited(
    text: str, sep: str, file: str, columns: Mapping[str, str] | None, rejects: Rejects
) -> tuple[pd.DataFrame, int]:
    options: dict[str, Any] = {
        "sep": sep,
        "dtype": "str",
        "keep_default_na": False,
        "na_values": [""],
        "skip_blank_lines": True,
    }
    try:
        frame = pd.read_csv(io.StringIO(text), on_bad_lines="error", **options)
        bad: list[tuple[int, str]] = []
    except pd.errors.EmptyDataError:
        rejects.add(file, None, "empty file (no header row)")
        return empty("articles"), 1
    except pd.errors.ParserError as exc:
        message = str(exc).strip()
        found = _PANDAS_LINE.search(message)
        line = int(found.group(1)) if found else None
        if rejects.errors == "raise":
            rejects.add(file, line, f"malformed row: {message}")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            frame = pd.read_csv(io.StringIO(text), on_bad_lines="warn", **options)
        bad = [
            (int(m.group(1)), m.group(2).strip())
            for w in caught
            for m in _PANDAS_SKIP.finditer(str(w.message))
        ]
    lines = text.split("\n")
    for line, reason in bad:
        excerpt = lines[line - 1] if 0 < line <= len(lines) else None
        rejects.add(file, line, f"malformed row (file line {line}): {reason}", excerpt)
    articles, seen = from_frame(frame, file, columns, rejects)
    return articles, seen + len(bad)


def _parse_json(
    text: str, file: str, columns: Mapping[str, str] | None, rejects: Rejects
) -> tuple[pd.DataFrame, int]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        rejects.add(file, exc.lineno, f"invalid JSON: {exc.msg}", text[exc.pos : exc.pos + 60])
        return empty("articles"), 1
    if isinstance(data, dict):
        lists = [
            k for k in ("articles", "items", "data", "records") if isinstance(data.get(k), list)
        ]
        data = data[lists[0]] if lists else [data]
    if not isinstance(data, list):
        rejects.add(file, 1, f"JSON must be an array of objects; got {type(data).__name__}")
        return empty("articles"), 1
    records, rows = [], []
    for i, item in enumerate(data, 1):
        if isinstance(item, dict):
            records.append(item)
            rows.append(i)
        else:
            rejects.add(file, i, f"row {i} is not a JSON object", json.dumps(item)[:80])
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    articles, seen = from_frame(frame, file, columns, rejects, lines=rows)
    return articles, seen + len(data) - len(records)


def _parse_jsonl(
    text: str, file: str, columns: Mapping[str, str] | None, rejects: Rejects
) -> tuple[pd.DataFrame, int]:
    records, rows = [], []
    seen_bad = 0
    for i, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            seen_bad += 1
            rejects.add(file, i, f"invalid JSON: {exc.msg}", line)
            continue
        if not isinstance(item, dict):
            seen_bad += 1
            rejects.add(file, i, f"line is a JSON {type(item).__name__}, not an object", line)
            continue
        records.append(item)
        rows.append(i)
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    articles, seen = from_frame(frame, file, columns, rejects, row_label="", lines=rows)
    return articles, seen + seen_bad
