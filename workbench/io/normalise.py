r"""Normalisation shared by every reader: dates, the "(SOURCE)" lead, stable ids, folding, schema.

Article ids
-----------
``article_id`` is the first 20 hex digits of BLAKE2b over the *normalised content*:
``key(title) + "\\n" + key(body)``, where ``key`` applies, in order,

1. Unicode NFKC (compatibility forms: non-breaking spaces, ligatures, full-width letters);
2. quote unification: curly single quotes and primes ``‘ ’ ‚ ‛ ′`` become ``'``, curly double
   quotes ``“ ” „ ‟ ″ « »`` become ``"``;
3. white space collapsed: every run of white space (spaces, tabs, line breaks, blank lines
   between paragraphs) becomes one space, leading and trailing white space removed.

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
import hashlib
import itertools
import re
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd

from workbench.io.rejects import Rejects
from workbench.schema import ARTICLES, DATE_DTYPE
from workbench.text import count_words

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
    }
)

#: A "(SOURCE)" lead at the start of a body: "(MENAFN) ...", "(Reuters) - ...", "(AP) —".
SOURCE_LEAD = re.compile(r"^\s*\(([A-Z][A-Za-z0-9&.' \-]{0,39})\)")

_HAS_YEAR = re.compile(r"\d{4}")
_DEFAULT_DAY = datetime(2000, 1, 1)
_MIN = pd.Timestamp.min.tz_localize("UTC")
_MAX = pd.Timestamp.max.tz_localize("UTC")

ID_DIGITS = 20


def content_key(text: str) -> str:
    """Return ``text`` normalised for hashing: NFKC, quotes unified, white space collapsed.

    Parameters
    ----------
    text
        A title or a body.

    Returns
    -------
    str
        The normalised text (see the module docstring).
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text.translate(_QUOTES))
    return " ".join(text.split())


def article_id(title: str, body: str) -> str:
    """Return the stable id of an article (see the module docstring for exactly what is hashed).

    Parameters
    ----------
    title, body
        The article's title and body.

    Returns
    -------
    str
        20 lowercase hex digits.
    """
    key = content_key(title) + "\n" + content_key(body)
    return hashlib.blake2b(key.encode("utf-8"), digest_size=ID_DIGITS // 2).hexdigest()


def article_ids(titles: Sequence[str], bodies: Sequence[str]) -> list[str]:
    """Return :func:`article_id` for each title and body pair."""
    blake = hashlib.blake2b
    key = content_key
    size = ID_DIGITS // 2
    return [
        blake((key(t) + "\n" + key(b)).encode("utf-8"), digest_size=size).hexdigest()
        for t, b in zip(titles, bodies, strict=True)
    ]


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
    series = values if isinstance(values, pd.Series) else pd.Series(values, dtype="str")
    series = series.reset_index(drop=True)
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        dates = series.dt.tz_convert("UTC")
        return _to_ns(dates, pd.Series(False, index=series.index))
    if pd.api.types.is_datetime64_dtype(series.dtype):
        dates = series.dt.tz_localize("UTC")
        return _to_ns(dates, pd.Series(False, index=series.index))
    text = series.astype("str").str.strip()
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


def source_from_lead(bodies: pd.Series) -> pd.Series:
    """Return the source named by a "(SOURCE)" lead at the start of each body, else missing.

    Parameters
    ----------
    bodies
        Article bodies.

    Returns
    -------
    pandas.Series
        ``str`` values such as ``"MENAFN"``; missing where a body has no lead.
    """
    return bodies.str.extract(SOURCE_LEAD, expand=False).str.strip()


def _str_series(values: Any, n: int) -> pd.Series:
    if values is None:
        return pd.Series([None] * n, dtype="str")
    if isinstance(values, pd.Series):
        return values.reset_index(drop=True).astype("str")
    return pd.Series(values, dtype="str")


def finish_batch(
    columns: dict[str, Any],
    rejects: Rejects,
    *,
    date_required: bool = True,
) -> pd.DataFrame:
    """Validate one batch of raw records and return the good ones as an ``articles`` frame.

    A record is rejected (one reject per record, all its problems in the reason) when its title or
    body is empty, or its date is invalid (or missing when ``date_required``).

    Parameters
    ----------
    columns
        Raw columns of equal length: ``date`` (strings or datetimes), ``title``, ``body``, and
        optionally ``source``, ``url``, ``ref``; plus ``origin`` (``"path:line"`` strings),
        ``file`` (str or per-row) and ``line`` (ints) for reports; optionally ``n_copies`` and
        ``origins`` when re-reading a frame that was folded before.
    rejects
        Where bad records go.
    date_required
        Whether a missing date is a reject (text and tabular formats) or a missing value (feeds,
        HTML pages).

    Returns
    -------
    pandas.DataFrame
        The good records with the ``articles`` schema (unfolded).
    """
    title = _str_series(columns["title"], 0).str.strip()
    n = len(title)
    body = _str_series(columns["body"], n).str.strip()
    dates, bad_date = parse_dates(
        columns["date"] if columns.get("date") is not None else [None] * n
    )
    no_title = title.isna() | (title == "")
    no_body = body.isna() | (body == "")
    no_date = dates.isna() & ~bad_date if date_required else pd.Series(False, index=title.index)
    bad = no_title | no_body | bad_date | no_date
    origin = _str_series(columns["origin"], n)
    if bad.any():
        raw_dates = _str_series(columns.get("date"), n)
        file = columns["file"]
        lines = columns["line"]
        for i in np.flatnonzero(bad.to_numpy()):
            reasons = []
            if no_title.iat[i]:
                reasons.append("empty title")
            if no_body.iat[i]:
                reasons.append("empty body")
            if bad_date.iat[i]:
                reasons.append(_date_problem(raw_dates.iat[i]))
            if no_date.iat[i]:
                reasons.append("missing date")
            excerpt = " ".join(str(x) for x in (title.iat[i], body.iat[i]) if isinstance(x, str))
            rejects.add(
                file if isinstance(file, str) else file[i],
                int(lines[i]) if lines is not None and lines[i] is not None else None,
                "; ".join(reasons),
                excerpt,
            )
        keep = ~bad
        title, body, dates, origin = title[keep], body[keep], dates[keep], origin[keep]
        index = keep
    else:
        index = None

    def pick(name: str) -> pd.Series:
        s = _str_series(columns.get(name), n)
        s = s.str.strip().replace("", None) if columns.get(name) is not None else s
        return s[index] if index is not None else s

    source = pick("source")
    lead = source_from_lead(body)
    source = lead.fillna(source)
    frame = pd.DataFrame(
        {
            "article_id": pd.Series(article_ids(title.tolist(), body.tolist()), dtype="str"),
            "date": dates.reset_index(drop=True),
            "title": title.reset_index(drop=True),
            "body": body.reset_index(drop=True),
            "source": source.reset_index(drop=True),
            "url": pick("url").reset_index(drop=True),
            "ref": pick("ref").reset_index(drop=True),
            "origin": origin.reset_index(drop=True),
        }
    )
    frame["n_words"] = count_words(frame["title"] + "\n" + frame["body"])
    copies = columns.get("n_copies")
    if copies is not None:
        copies = pd.Series(copies).reset_index(drop=True)
        copies = copies[index.to_numpy()] if index is not None else copies
        frame["n_copies"] = copies.fillna(1).astype("int64").to_numpy()
    else:
        frame["n_copies"] = np.ones(len(frame), dtype=np.int64)
    origins = columns.get("origins")
    if origins is not None:
        origins = pd.Series(origins).reset_index(drop=True)
        origins = origins[index.to_numpy()] if index is not None else origins
        frame["origins"] = [
            _origin_list(o, f) for o, f in zip(origins, frame["origin"], strict=True)
        ]
    else:
        frame["origins"] = pd.Series([[o] for o in frame["origin"]], dtype="object")
    return frame


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
