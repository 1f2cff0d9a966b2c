r"""Normalisation shared by every reader: dates, the "(SOURCE)" lead, stable ids, folding, schema.

Article ids
-----------
``article_id`` is a SHA-256 of the normalised title and body (quotes unified, NFKC, white space
removed): see :mod:`workbench.io.fingerprint` for exactly what is hashed.

Case, punctuation and dashes are kept. The **date is not part of the id**: the same wire story
arrives with a date-only header in one file, a local-time timestamp in an RSS feed and a UTC
timestamp in a CSV export; it is still one article. A story republished unchanged on a later day is
a copy, folded into one row with ``n_copies`` and ``origins`` showing every copy (the row keeps the
first copy's date). Source, url and ref are not in the id either (they describe where a copy came
from, not what it says).

Folding
-------
Rows with the same id become one row, in order of first appearance. Each field takes the first
copy's value, or the first non-missing value among the copies when the first copy lacks it;
``n_copies`` is the number of copies and ``origins`` lists every copy's origin.
"""

from __future__ import annotations

import email.utils
import itertools
import re
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from workbench.io.fingerprint import article_id, ids_and_word_counts
from workbench.io.rejects import Rejects
from workbench.schema import ARTICLES, DATE_DTYPE

__all__ = ["article_id", "coerce", "finish_batch", "fold_duplicates", "parse_dates"]

#: A "(SOURCE)" lead at the start of a body: "(MENAFN) ...", "(Reuters) - ...", "(AP) —"; a capital
#: letter first, so "(1) ..." is not a source. ``re`` version for callers; the readers use the RE2
#: pattern below through Arrow.
SOURCE_LEAD = re.compile(r"^\s*\(([A-Z][A-Za-z0-9&.' \-]{0,39})\)")
SOURCE_LEAD_RE2 = r"^\s*\((?P<s>[A-Z][A-Za-z0-9&.' \-]{0,39})\)"

_HAS_YEAR = re.compile(r"\d{4}")
_DEFAULT_DAY = datetime(2000, 1, 1)
_MIN = pd.Timestamp.min.tz_localize("UTC")
_MAX = pd.Timestamp.max.tz_localize("UTC")


def _np(array: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return array.to_numpy(zero_copy_only=False)


def parse_dates(values: Any) -> tuple[pd.Series, pd.Series]:
    """Parse dates of the forms found in article files, feeds and exports, to UTC.

    ISO 8601 (date only, or with time and offset) takes a vectorised fast path; the rest
    (RFC 822 as in RSS, "27 January 2026", "Jan 27, 2026") falls back to ``email.utils`` and
    ``dateutil`` element by element. Times without an offset and date-only values are taken as UTC
    (date only = midnight UTC). Values already of a datetime dtype are converted to UTC.

    Parameters
    ----------
    values
        Strings (or a datetime Series).

    Returns
    -------
    tuple of pandas.Series
        ``(dates, bad)``: ``datetime64[ns, UTC]`` dates (NaT where missing or invalid) and a
        boolean mask of the values that were present but could not be parsed.
    """
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        values = pd.Series(values, dtype="str")
    series = values if isinstance(values, pd.Series) else pd.Series(values, dtype="str")
    series = series.reset_index(drop=True)
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        dates = series.dt.tz_convert("UTC")
        return _to_ns(dates, pd.Series(False, index=series.index))
    if pd.api.types.is_datetime64_dtype(series.dtype):
        dates = series.dt.tz_localize("UTC")
        return _to_ns(dates, pd.Series(False, index=series.index))
    text = series.astype("str")
    text = pd.Series(pc.utf8_trim_whitespace(pa.array(text, pa.large_string())), dtype="str")
    present = text.notna() & (text != "")
    dates = pd.to_datetime(text.where(present), format="ISO8601", utc=True, errors="coerce")
    failed = dates.isna() & present
    if failed.any():
        fixed = [_parse_one(v) for v in text[failed]]
        dates = dates.astype("datetime64[us, UTC]")
        dates[failed] = pd.Series(fixed, index=text.index[failed], dtype="datetime64[us, UTC]")
    return _to_ns(dates, dates.isna() & present)


def _to_ns(dates: pd.Series, bad: pd.Series) -> tuple[pd.Series, pd.Series]:
    out_of_range = dates.notna() & ((dates < _MIN) | (dates > _MAX))
    if out_of_range.any():
        dates = dates.mask(out_of_range)
        bad = bad | out_of_range
    return dates.astype(DATE_DTYPE), bad


def _parse_one(value: str) -> pd.Timestamp | None:
    if not _HAS_YEAR.search(value):
        return None  # dateutil would fill a missing year from today's date
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        parsed = None
    if parsed is None:
        from dateutil import parser as dateutil_parser

        try:
            parsed = dateutil_parser.parse(value, default=_DEFAULT_DAY)
        except (ValueError, OverflowError, TypeError, dateutil_parser.ParserError):
            return None
    try:
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return pd.Timestamp(parsed).tz_convert("UTC")
    except (ValueError, OverflowError):
        return None


def _date_problem(raw: str) -> str:
    """Say why ``raw`` was not accepted as a date: unparseable, or outside the ns range."""
    try:
        parsed = pd.to_datetime(raw, format="ISO8601", utc=True)
    except (ValueError, OverflowError):
        parsed = _parse_one(str(raw))
    if parsed is not None and not pd.isna(parsed):
        return f"date {raw!r} outside the supported range 1677-09-22 .. 2262-04-11"
    return f"invalid date {raw!r}"


def source_from_lead(bodies: pa.Array) -> pa.Array:
    """Return the source named by a "(SOURCE)" lead at the start of each body, else missing.

    Parameters
    ----------
    bodies
        Article bodies (Arrow strings).

    Returns
    -------
    pyarrow.Array
        Strings such as ``"MENAFN"``; missing where a body has no lead.
    """
    found = pc.extract_regex(bodies, SOURCE_LEAD_RE2)
    return pc.if_else(found.is_valid(), pc.utf8_trim_whitespace(found.field("s")), None)


def _arrow(values: Any, n: int) -> pa.Array:
    """Return ``values`` as an Arrow ``large_string`` array (all missing when None)."""
    if values is None:
        return pa.nulls(n, pa.large_string())
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if isinstance(values, pa.Array):
        return values.cast(pa.large_string())
    if isinstance(values, pd.Series) and not pd.api.types.is_string_dtype(values.dtype):
        values = values.astype("str")
    return pa.array(values, pa.large_string(), from_pandas=True)


def _missing(texts: pa.Array) -> np.ndarray:
    """Return a mask of missing or empty strings."""
    return _np(pc.fill_null(pc.equal(pc.utf8_length(texts), 0), True)).astype(bool)


def _text_or_none(texts: pa.Array) -> pa.Array:
    """Trim white space; empty strings become missing."""
    trimmed = pc.utf8_trim_whitespace(texts)
    return pc.if_else(pc.equal(pc.utf8_length(trimmed), 0), None, trimmed)


def finish_batch(
    columns: dict[str, Any],
    rejects: Rejects,
    *,
    date_required: bool = True,
    problems: Sequence[tuple[Any, ...]] = (),
    trimmed: bool = False,
    ids: Sequence[str] | None = None,
    n_words: np.ndarray | None = None,
) -> pd.DataFrame:
    """Validate one batch of raw records and return the good ones as an ``articles`` frame.

    A record is rejected (one reject per record, all its problems in the reason) when its title or
    body is empty, or its date is invalid (or missing when ``date_required``). Rejects are
    reported in line order together with ``problems`` found earlier by the reader, so that under
    ``errors="raise"`` the first bad record of the file is the one raised.

    Parameters
    ----------
    columns
        Raw columns of equal length (lists, Series or Arrow arrays): ``date`` (strings or
        datetimes), ``title``, ``body``, and optionally ``source``, ``url``, ``ref``; plus
        ``origin`` (``"path:line"`` strings), ``file`` (str, or one per record when a batch
        spans several files, then ``files`` lists them in reading order) and ``line`` (ints)
        for reports;
        optionally ``n_copies`` and ``origins`` when re-reading a frame that was folded before.
    rejects
        Where bad records go.
    date_required
        Whether a missing date is a reject (text format) or a missing value (tables, feeds,
        pages).
    problems
        ``(line, reason, excerpt)`` of records the reader already found bad in this file, or
        ``(file, line, reason, excerpt)`` when ``file`` is per record. Rejects are reported file
        by file (in the order of ``files``), by line within a file.
    trimmed
        The reader already trimmed ``title`` and ``body`` (Arrow strings): skip that pass.
    ids, n_words
        Ids and word counts the reader already computed for every record (the text fast path
        does both over the file's buffer); computed here when None.

    Returns
    -------
    pandas.DataFrame
        The good records with the ``articles`` schema (unfolded).
    """
    title = _arrow(columns["title"], 0)
    n = len(title)
    body = _arrow(columns["body"], n)
    if not trimmed:
        title, body = pc.utf8_trim_whitespace(title), pc.utf8_trim_whitespace(body)
    raw_dates = columns.get("date")
    dates, bad_date_s = parse_dates(raw_dates if raw_dates is not None else [None] * n)
    bad_date = bad_date_s.to_numpy(dtype=bool)
    no_title = _missing(title)
    no_body = _missing(body)
    no_date = dates.isna().to_numpy() & ~bad_date if date_required else np.zeros(n, dtype=bool)
    bad = no_title | no_body | bad_date | no_date
    lines = columns.get("line")
    file = columns["file"]
    per_record = not isinstance(file, str)
    found = [p if len(p) == 4 else (file, *p) for p in problems]
    if bad.any():
        raw = (
            _arrow(raw_dates, n) if raw_dates is not None and not _is_datetime(raw_dates) else None
        )
        for i in np.flatnonzero(bad):
            reasons = []
            if no_title[i]:
                reasons.append("empty title")
            if no_body[i]:
                reasons.append("empty body")
            if bad_date[i]:
                reasons.append(_date_problem(raw[i].as_py() if raw is not None else ""))
            if no_date[i]:
                reasons.append("missing date")
            parts = (title[i].as_py(), body[i].as_py())
            excerpt = " ".join(x for x in parts if x)
            line = None if lines is None or lines[i] is None else int(lines[i])
            found.append((file[i] if per_record else file, line, "; ".join(reasons), excerpt))
    files = columns["files"] if per_record else [file]
    rank = {name: k for k, name in enumerate(files)}
    found.sort(key=lambda p: (rank[p[0]], -1 if p[1] is None else p[1]))
    for name, line, reason, excerpt in found:
        rejects.add(name, line, reason, excerpt)
    keep_idx = np.flatnonzero(~bad) if bad.any() else None

    def pick(values: Any) -> pa.Array:
        array = _arrow(values, n)
        return array if keep_idx is None else array.take(keep_idx)

    title, body = pick(title), pick(body)
    if keep_idx is not None:
        dates = dates.iloc[keep_idx]
    source = source_from_lead(body)
    if columns.get("source") is not None:
        source = pc.coalesce(source, _text_or_none(pick(columns["source"])))
    if ids is None or n_words is None:
        ids, n_words = ids_and_word_counts(title, body)
    elif keep_idx is not None:
        ids = [ids[i] for i in keep_idx.tolist()]
        n_words = np.asarray(n_words)[keep_idx]
    origin = pick(columns["origin"])

    def as_str(array: pa.Array) -> pd.Series:
        return pd.Series(array, dtype="str")

    frame = pd.DataFrame(
        {
            "article_id": pd.Series(ids, dtype="str"),
            "date": dates.reset_index(drop=True),
            "title": as_str(title),
            "body": as_str(body),
            "source": as_str(source),
            "url": as_str(_text_or_none(pick(columns.get("url")))),
            "ref": as_str(_text_or_none(pick(columns.get("ref")))),
            "origin": as_str(origin),
            "n_words": n_words,
        }
    )
    copies = columns.get("n_copies")
    if copies is not None:
        copies = pd.Series(copies).reset_index(drop=True)
        copies = copies.iloc[keep_idx] if keep_idx is not None else copies
        frame["n_copies"] = copies.fillna(1).astype("int64").to_numpy()
    else:
        frame["n_copies"] = np.ones(len(frame), dtype=np.int64)
    origins = columns.get("origins")
    if origins is not None:
        origins = pd.Series(origins).reset_index(drop=True)
        origins = origins.iloc[keep_idx] if keep_idx is not None else origins
        frame["origins"] = [
            _origin_list(o, f) for o, f in zip(origins, frame["origin"], strict=True)
        ]
    else:
        frame["origins"] = pd.Series([[o] for o in origin.to_pylist()], dtype="object")
    return frame


def _is_datetime(values: Any) -> bool:
    return isinstance(values, pd.Series) and pd.api.types.is_datetime64_any_dtype(values.dtype)


def _origin_list(value: Any, origin: str) -> list[str]:
    """Read an ``origins`` cell back: a list (Parquet gives arrays) or ``;``-joined text (CSV)."""
    if isinstance(value, (list, tuple, np.ndarray)) and len(value):
        return [str(v) for v in value]
    if isinstance(value, str) and value:
        return value.split(";")
    return [origin]


def fold_duplicates(frame: pd.DataFrame) -> pd.DataFrame:
    """Fold rows with the same ``article_id`` into one (see the module docstring).

    Parameters
    ----------
    frame
        Unfolded ``articles`` rows.

    Returns
    -------
    pandas.DataFrame
        One row per id, in order of first appearance, ``n_copies`` and ``origins`` combined.
    """
    dup = frame["article_id"].duplicated(keep=False).to_numpy()
    if not dup.any():
        return coerce(frame)
    groups = frame.groupby("article_id", sort=False)
    merged = groups.first()  # first non-missing value of each column, groups in order of appearance
    merged["n_copies"] = groups["n_copies"].sum()
    repeated = frame[dup].groupby("article_id", sort=False)["origins"]
    combined = repeated.agg(lambda s: list(itertools.chain.from_iterable(s)))
    origins = merged["origins"].copy()
    origins[combined.index] = combined
    merged["origins"] = origins
    return coerce(merged.reset_index())


def coerce(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with exactly the ``articles`` columns, in order, with their dtypes."""
    if list(frame.columns) == list(ARTICLES) and all(
        str(frame[name].dtype) == dtype for name, dtype in ARTICLES.items()
    ):
        return frame.reset_index(drop=True)  # already right: no copy (copy-on-write)
    out = {}
    for name, dtype in ARTICLES.items():
        col = frame[name]
        if dtype == "object":
            out[name] = col.astype("object")
        elif name == "date":
            out[name] = col.astype(DATE_DTYPE)
        else:
            out[name] = col.astype(dtype)
    return pd.DataFrame(out).reset_index(drop=True)
