"""Tabular input: CSV/TSV, JSON (array of objects), JSON Lines, Parquet and DataFrames.

Columns are matched to the ``articles`` schema by name, case-insensitively, through
:data:`ALIASES` (``published`` -> ``date``, ``headline`` -> ``title``, ``text``/``content`` ->
``body`` ...); an explicit ``columns={"their name": "our name"}`` mapping wins. Columns that match
nothing are ignored with one warning per file naming them. ``title``, ``body`` and ``date``
columns are required (a missing one is reported for the whole file); each row is then validated
like any other record. An empty date cell gives a missing date (NaT), as in feeds and pages (and
as written back by :func:`workbench.io.write_articles`); an unparseable one is a reject, and so
is an ambiguous numeric date such as ``03/04/2026`` unless ``dayfirst`` is given. Rows are
numbered from 1 (the header line is not a row); origins read ``"path:row N"``. Rejects carry the
line of the file the record starts on (see :func:`parse_tabular`); for frames and Parquet, which
have no lines, the reason names the row.

Re-reading a frame written by the workbench keeps its ``origin``, ``origins`` and ``n_copies``.
"""

from __future__ import annotations

import csv
import io
import json
import re
import warnings
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from workbench.errors import ArgumentError
from workbench.io.normalise import finish_batch
from workbench.io.rejects import Rejects, warn_caller
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
_PANDAS_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_PANDAS_EOF = re.compile(r"EOF inside string starting at row (\d+)")


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
    rows: list[int] | None = None,
    problems: Sequence[tuple[Any, ...]] = (),
    dayfirst: bool | None = None,
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
        How origins number the rows: ``"row "`` (``"path:row 3"``) or ``""`` when the numbers
        are file lines (JSON Lines, ``"path:3"``).
    lines
        The file line each row starts on, for reports; None when it cannot be known (frames,
        Parquet): then a reject names the row (``"row 3: empty title"``).
    rows
        The number of each row in origins and reasons; 1, 2, ... when None.
    problems
        Rejects the reader already found in this file, ``(line, reason, excerpt)`` or
        ``(file, line, reason, excerpt, order)``, reported in order with the rows' own.
    dayfirst
        Day/month order of ambiguous numeric dates (see :func:`workbench.io.read_articles`).

    Returns
    -------
    tuple
        ``(articles, n_seen)``; ``n_seen`` counts the frame's rows (not ``problems``).
    """
    n = len(frame)
    if n == 0:
        for problem in problems:
            _report(rejects, file, problem)
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
        for problem in problems:
            _report(rejects, file, problem)
        return empty("articles"), 1
    if ignored:
        warn_caller(
            f"{file}: ignored column(s) {ignored}; map them with columns={{'name': 'ref'}} "
            f"to one of {sorted(ALIASES)}"
        )
    rows = rows if rows is not None else list(range(1, n + 1))
    cols: dict[str, Any] = {ours: _coalesce(frame, theirs) for ours, theirs in mapping.items()}
    if len(mapping["date"]) == 1:
        cols["date"] = _dates(frame[mapping["date"][0]])
    if "origin" in frame.columns:
        cols["origin"] = frame["origin"].reset_index(drop=True)
    else:
        cols["origin"] = [f"{file}:{row_label}{i}" for i in rows]
    for own in ("origins", "n_copies"):
        if own in frame.columns:
            cols[own] = frame[own]
    cols["file"] = file
    cols["line"] = lines
    cols["row"] = rows
    batch = finish_batch(
        cols, rejects, date_required=False, problems=problems, dayfirst=dayfirst, row_label="row"
    )
    return batch, n


def _report(rejects: Rejects, file: str, problem: tuple[Any, ...]) -> None:
    """Report one reader problem, ``(line, reason, excerpt)`` or ``(file, line, ...)``."""
    full = problem if len(problem) >= 4 else (file, *problem)
    rejects.add(full[0], full[1], full[2], full[3])


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
    path: Path,
    file: str,
    columns: Mapping[str, str] | None,
    rejects: Rejects,
    *,
    dayfirst: bool | None = None,
) -> tuple[pd.DataFrame, int]:
    """Read a Parquet file (unreadable files are reported; rejects name the row)."""
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises many types for corrupt files
        rejects.add(file, None, f"not a readable Parquet file ({type(exc).__name__}: {exc})")
        return empty("articles"), 1
    return from_frame(frame, file, columns, rejects, dayfirst=dayfirst)


def parse_tabular(
    text: str,
    fmt: str,
    file: str,
    columns: Mapping[str, str] | None,
    rejects: Rejects,
    *,
    dayfirst: bool | None = None,
) -> tuple[pd.DataFrame, int]:
    """Parse decoded CSV, TSV, JSON or JSON Lines text.

    Rejects carry the record's line in the file: a CSV record's first line (a quoted field may
    span several), a JSON array element's first line, a JSON Lines line. Where the line cannot
    be known (a CSV field over the ``csv`` module's size limit, an array nested in an object),
    the reason names the row instead (``"row 3: empty title"``).

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
    dayfirst
        Day/month order of ambiguous numeric dates.

    Returns
    -------
    tuple
        ``(articles, n_seen)``.
    """
    if fmt in ("csv", "tsv"):
        sep = "\t" if fmt == "tsv" else ","
        return _parse_delimited(text, sep, file, columns, rejects, dayfirst)
    if fmt == "json":
        return _parse_json(text, file, columns, rejects, dayfirst)
    if fmt == "jsonl":
        return _parse_jsonl(text, file, columns, rejects, dayfirst)
    raise ArgumentError(f"unknown tabular format {fmt!r}")


_CSV_OPTIONS: dict[str, Any] = {
    "dtype": "str",
    "keep_default_na": False,
    "na_values": [""],
    "skip_blank_lines": True,
}


def record_starts(text: str, sep: str) -> list[tuple[int, bool]] | None:
    r"""Return the first line of each record of delimited text, and whether it is blank.

    Records are split as pandas' C parser splits them: a line feed inside a quoted field (a
    field that starts with ``"``) does not end the record; a line of spaces and tabs (other than
    the separator) is blank and skipped. pandas numbers records this way in its messages ("line
    N" is the N-th record), so ``starts[N - 1]`` is the file line of pandas' "line N".

    Parameters
    ----------
    text
        The decoded file content (``\n`` line ends).
    sep
        The field separator.

    Returns
    -------
    list of (int, bool), or None
        ``(line, blank)`` per record; None when the ``csv`` module cannot split the text (a field
        over its size limit).
    """
    pieces = text.split("\n")
    if pieces and pieces[-1] == "":
        pieces.pop()
    blank_chars = " \t".replace(sep, "")
    if '"' not in text:
        return [(i, not p.strip(blank_chars)) for i, p in enumerate(pieces, 1)]
    reader = csv.reader(io.StringIO(text), delimiter=sep, quotechar='"', strict=False)
    starts = []
    first = 1
    try:
        for _ in reader:
            last = reader.line_num
            blank = last == first and not pieces[first - 1].strip(blank_chars)
            starts.append((first, blank))
            first = last + 1
    except csv.Error:
        return None
    return starts


def _parse_delimited(
    text: str,
    sep: str,
    file: str,
    columns: Mapping[str, str] | None,
    rejects: Rejects,
    dayfirst: bool | None,
) -> tuple[pd.DataFrame, int]:
    starts = record_starts(text, sep)

    def line_of(record: int) -> int | None:  # pandas' 1-based record number -> file line
        if starts is None or not 0 < record <= len(starts):
            return None
        return starts[record - 1][0]

    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            frame = pd.read_csv(io.StringIO(text), sep=sep, on_bad_lines="warn", **_CSV_OPTIONS)
    except pd.errors.EmptyDataError:
        rejects.add(file, None, "empty file (no header row)")
        return empty("articles"), 1
    except pd.errors.ParserError as exc:
        message = str(exc).strip()
        unclosed = _PANDAS_EOF.search(message)
        line = line_of(int(unclosed.group(1)) + 1) if unclosed else None
        if line is None:
            rejects.add(file, None, f"malformed CSV: {message}")
            return empty("articles"), 1
        # everything from the unclosed quote on is one field: read what is before it
        reason = (
            'unclosed quote (") in the record starting on this line: the rest of the file reads '
            "as one field; records from this line on not loaded"
        )
        pieces = text.split("\n")
        excerpt = pieces[line - 1]
        head = "\n".join(pieces[: line - 1]) + "\n"
        if not head.strip():
            rejects.add(file, line, reason, excerpt)
            return empty("articles"), 1
        articles, seen = _parse_delimited(head, sep, file, columns, rejects, dayfirst)
        rejects.add(file, line, reason, excerpt)  # after the head's rejects: it is below them
        return articles, seen + 1
    bad: list[tuple[int, str]] = []
    for w in caught:
        found = list(_PANDAS_SKIP.finditer(str(w.message)))
        if found:
            bad.extend((int(m.group(1)), m.group(2).strip()) for m in found)
        else:  # any other warning from pandas goes on to the caller
            warn_caller(f"{file}: {w.message}", w.category)
    lines_of_text = text.split("\n")
    problems = []
    for record, detail in bad:
        line = line_of(record)
        reason = f"malformed row: {detail}"
        if line is None:  # pandas counts records, the header row being record 1
            where = f"record {record} (the header row is record 1)"
            problems.append((file, None, f"{where}: {reason}", "", record))
        else:
            problems.append((file, line, reason, lines_of_text[line - 1], line))
    lines, rows = _data_lines(starts, {record for record, _ in bad}, len(frame))
    articles, seen = from_frame(
        frame, file, columns, rejects, lines=lines, rows=rows, problems=problems, dayfirst=dayfirst
    )
    return articles, seen + len(bad)


def _data_lines(
    starts: list[tuple[int, bool]] | None, bad: set[int], n: int
) -> tuple[list[int] | None, list[int] | None]:
    """Return the file line of each row pandas kept (None if unknown) and its row number.

    Rows are numbered like the records after the header, blank lines not counted, so a row left
    out as malformed keeps its number: the row after it is still "row 3" when it is the third.
    """
    if starts is None:
        return None, None
    records = [(k, line) for k, (line, blank) in enumerate(starts, 1) if not blank]
    if not records:
        return None, None
    data = records[1:]  # the first non-blank record is the header row
    lines = [line for k, line in data if k not in bad]
    rows = [i for i, (k, _) in enumerate(data, 1) if k not in bad]
    if len(lines) != n:
        return None, None
    return lines, rows


def _line_counter(text: str) -> Callable[[int], int]:
    """Return a function giving the 1-based line of a character offset (offsets ascending)."""
    state = [0, 1]  # last offset, its line

    def line_at(offset: int) -> int:
        state[1] += text.count("\n", state[0], offset)
        state[0] = offset
        return state[1]

    return line_at


def _json_array_items(text: str) -> list[tuple[Any, int]] | None:
    """Decode a top-level JSON array element by element: ``(element, offset)`` pairs.

    Returns None when the text is not an array (or not valid JSON: ``json.loads`` then says why).
    """
    decoder = json.JSONDecoder()
    blank = " \t\n\r"
    at = len(text) - len(text.lstrip(blank))
    if not text.startswith("[", at):
        return None
    items: list[tuple[Any, int]] = []
    size = len(text)

    def skip(k: int) -> int:
        while k < size and text[k] in blank:
            k += 1
        return k

    at = skip(at + 1)
    if text.startswith("]", at):
        return items if skip(at + 1) == size else None
    while True:
        try:
            item, end = decoder.raw_decode(text, at)
        except json.JSONDecodeError:
            return None
        items.append((item, at))
        at = skip(end)
        if text.startswith(",", at):
            at = skip(at + 1)
        elif text.startswith("]", at):
            return items if skip(at + 1) == size else None
        else:
            return None


def _parse_json(
    text: str,
    file: str,
    columns: Mapping[str, str] | None,
    rejects: Rejects,
    dayfirst: bool | None,
) -> tuple[pd.DataFrame, int]:
    located = _json_array_items(text)
    if located is not None:
        line_at = _line_counter(text)
        data: Any = [item for item, _ in located]
        item_lines: list[int] | None = [line_at(offset) for _, offset in located]
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            rejects.add(file, exc.lineno, f"invalid JSON: {exc.msg}", text[exc.pos : exc.pos + 60])
            return empty("articles"), 1
        item_lines = None
        if isinstance(data, dict):
            lists = [
                k for k in ("articles", "items", "data", "records") if isinstance(data.get(k), list)
            ]
            data = data[lists[0]] if lists else [data]
            if not lists:  # one object: the line it starts on
                item_lines = [_line_counter(text)(len(text) - len(text.lstrip()))]
    if not isinstance(data, list):
        rejects.add(file, 1, f"JSON must be an array of objects; got {type(data).__name__}")
        return empty("articles"), 1
    records, rows, lines = [], [], []
    problems: list[tuple[Any, ...]] = []
    for i, item in enumerate(data, 1):
        line = item_lines[i - 1] if item_lines is not None else None
        if isinstance(item, dict):
            records.append(item)
            rows.append(i)
            lines.append(line)
        else:
            reason = f"a JSON {type(item).__name__}, not an object"
            if line is None:
                reason = f"row {i}: {reason}"
            problems.append((file, line, reason, json.dumps(item)[:80], line or i))
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    articles, seen = from_frame(
        frame,
        file,
        columns,
        rejects,
        lines=lines if item_lines is not None else None,
        rows=rows,
        problems=problems,
        dayfirst=dayfirst,
    )
    return articles, seen + len(problems)


def _parse_jsonl(
    text: str,
    file: str,
    columns: Mapping[str, str] | None,
    rejects: Rejects,
    dayfirst: bool | None,
) -> tuple[pd.DataFrame, int]:
    records, lines = [], []
    problems: list[tuple[Any, ...]] = []
    for i, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append((file, i, f"invalid JSON: {exc.msg}", line, i))
            continue
        if not isinstance(item, dict):
            reason = f"line is a JSON {type(item).__name__}, not an object"
            problems.append((file, i, reason, line, i))
            continue
        records.append(item)
        lines.append(i)
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    articles, seen = from_frame(
        frame,
        file,
        columns,
        rejects,
        row_label="",
        lines=lines,
        rows=lines,
        problems=problems,
        dayfirst=dayfirst,
    )
    return articles, seen + len(problems)
