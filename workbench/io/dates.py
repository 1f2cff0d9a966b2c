"""Article dates: every form found in article files, feeds and exports, to one UTC instant.

Rules
-----
- ISO 8601 (date only, or with time and offset) takes a vectorised path; everything else (RFC 822
  as in RSS, "27 January 2026", "Jan 27, 2026", "2026-01-27 10:00 EST") is parsed value by value
  with ``email.utils`` and ``dateutil``.
- A time without an offset, and a date alone, are taken as UTC (a date alone is midnight UTC).
- Time-zone abbreviations: the common unambiguous ones in :data:`ZONES` stand for their fixed
  offset (``EST`` is -05:00, ``EDT`` -04:00, ``CEST`` +02:00 ...). An abbreviation outside that
  table, or one of :data:`AMBIGUOUS_ZONES` (``IST`` is India, Ireland or Israel), makes the value
  bad, with the abbreviation named in the reason: it is never read as UTC.
- Numeric dates with the year last (``03/04/2026``, ``03.04.2026``, ``03-04-2026``) whose first
  two numbers are both 12 or less and differ could be 3 April or March 4: they are bad unless the
  caller says which with ``dayfirst=True`` (day first) or ``dayfirst=False`` (month first). When
  one of the numbers is over 12 (``27/01/2026``) the order is plain and ``dayfirst`` is not needed.
- ``iso_only=True`` (the text format's header lines) accepts ISO 8601 only.

The helpers return, besides the dates, a mask of the values that were present but not accepted and
a reason for each of them (see :func:`date_problem`).
"""

from __future__ import annotations

import email.utils
import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from workbench.schema import DATE_DTYPE

__all__ = ["AMBIGUOUS_ZONES", "ZONES", "date_problem", "parse_dates", "parse_dates_with_reasons"]

#: Time-zone abbreviations read as fixed offsets from UTC, in hours.
ZONES: dict[str, float] = {
    "UTC": 0, "UT": 0, "GMT": 0, "Z": 0, "WET": 0, "WEST": 1, "BST": 1, "CET": 1, "CEST": 2,
    "EET": 2, "EEST": 3, "MSK": 3, "HKT": 8, "SGT": 8, "JST": 9, "KST": 9, "AEST": 10,
    "AEDT": 11, "NZST": 12, "NZDT": 13, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7,
    "MDT": -6, "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10,
}  # fmt: skip

#: Abbreviations that name several zones: a date using one is rejected, saying which.
AMBIGUOUS_ZONES: dict[str, str] = {
    "IST": "India (+05:30), Ireland (+01:00) or Israel (+02:00)",
    "AST": "Atlantic (-04:00) or Arabia (+03:00) Standard Time",
}

_HAS_YEAR = re.compile(r"\d{4}")
_ISO_SHAPE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}(?:[T ]|$)")
_NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2,4})(?!\d)")
_ZONE_WORD = re.compile(r"\b[A-Z]{2,5}\b")
_DEFAULT_DAY = datetime(2000, 1, 1)
_MIN = pd.Timestamp.min.tz_localize("UTC")
_MAX = pd.Timestamp.max.tz_localize("UTC")
_OFFSETS = {name: timezone(timedelta(hours=hours), name) for name, hours in ZONES.items()}

ISO_HELP = "YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SS with Z or an offset such as +02:00"


class _UnknownZone(Exception):
    """Raised inside dateutil's parse by :func:`_zone` for an abbreviation it must not guess."""


def _zone(name: str | None, offset: int | None) -> tzinfo | None:
    """``tzinfos`` callback for dateutil: numeric offsets win, then :data:`ZONES`, else refuse."""
    if offset is not None:
        return timezone(timedelta(seconds=offset), name) if offset else UTC
    if name is None:
        return None
    found = _OFFSETS.get(name.upper())
    if found is None:
        raise _UnknownZone(name)
    return found


def _zone_reason(name: str, value: str) -> str:
    if name.upper() in AMBIGUOUS_ZONES:
        return (
            f"ambiguous time zone {name!r} in date {value!r}: {AMBIGUOUS_ZONES[name.upper()]}; "
            "write the time with its UTC offset"
        )
    return (
        f"unknown time zone {name!r} in date {value!r}; write the time with its UTC offset "
        "(e.g. +01:00) or a known abbreviation (workbench.io.dates.ZONES)"
    )


def parse_dates(
    values: Any, *, dayfirst: bool | None = None, iso_only: bool = False
) -> tuple[pd.Series, pd.Series]:
    """Parse dates of the forms found in article files, feeds and exports, to UTC.

    See the module docstring for the rules.

    Parameters
    ----------
    values
        Strings (or a datetime Series; those are converted to UTC).
    dayfirst
        How to read numeric dates with the year last whose day and month could be swapped
        (``03/04/2026``): True for day first, False for month first, None (default) to refuse them.
    iso_only
        Accept ISO 8601 only.

    Returns
    -------
    tuple of pandas.Series
        ``(dates, bad)``: ``datetime64[ns, UTC]`` dates (NaT where missing or not accepted) and a
        boolean mask of the values that were present but not accepted.
    """
    dates, bad, _ = parse_dates_with_reasons(values, dayfirst=dayfirst, iso_only=iso_only)
    return dates, bad


def parse_dates_with_reasons(
    values: Any, *, dayfirst: bool | None = None, iso_only: bool = False
) -> tuple[pd.Series, pd.Series, dict[int, str]]:
    """Parse like :func:`parse_dates`; also return why some values were not accepted.

    Returns
    -------
    tuple
        ``(dates, bad, reasons)``: ``reasons`` maps the position of a bad value to its reason
        when parsing found one (unknown or ambiguous time zone, ambiguous day and month, not ISO);
        for the other bad values :func:`date_problem` says why.
    """
    if isinstance(values, (pa.Array, pa.ChunkedArray)):
        values = pd.Series(values, dtype="str")
    series = values if isinstance(values, pd.Series) else pd.Series(values, dtype="str")
    series = series.reset_index(drop=True)
    if isinstance(series.dtype, pd.DatetimeTZDtype):
        return (*_to_ns(series.dt.tz_convert("UTC"), pd.Series(False, index=series.index)), {})
    if pd.api.types.is_datetime64_dtype(series.dtype):
        return (*_to_ns(series.dt.tz_localize("UTC"), pd.Series(False, index=series.index)), {})
    text = series.astype("str")
    text = pd.Series(pc.utf8_trim_whitespace(pa.array(text, pa.large_string())), dtype="str")
    present = text.notna() & (text != "")
    dates = pd.to_datetime(text.where(present), format="ISO8601", utc=True, errors="coerce")
    failed = dates.isna() & present
    reasons: dict[int, str] = {}
    if failed.any() and not iso_only:
        where = text.index[failed]
        fixed = []
        for pos, value in zip(where.tolist(), text[failed], strict=True):
            parsed, reason = parse_one(value, dayfirst)
            fixed.append(parsed)
            if reason is not None:
                reasons[pos] = reason
        dates = dates.astype("datetime64[us, UTC]")
        dates[failed] = pd.Series(fixed, index=where, dtype="datetime64[us, UTC]")
    dates, bad = _to_ns(dates, dates.isna() & present)
    return dates, bad, reasons


def _to_ns(dates: pd.Series, bad: pd.Series) -> tuple[pd.Series, pd.Series]:
    out_of_range = dates.notna() & ((dates < _MIN) | (dates > _MAX))
    if out_of_range.any():
        dates = dates.mask(out_of_range)
        bad = bad | out_of_range
    return dates.astype(DATE_DTYPE), bad


def parse_one(value: str, dayfirst: bool | None = None) -> tuple[pd.Timestamp | None, str | None]:
    """Parse one date that is not ISO 8601.

    Parameters
    ----------
    value
        The date as written.
    dayfirst
        See :func:`parse_dates`.

    Returns
    -------
    tuple
        ``(timestamp, None)`` in UTC; or ``(None, reason)`` when the value is refused for a
        reason worth naming (time zone, day/month order); or ``(None, None)`` when it is no date.
    """
    if not _HAS_YEAR.search(value):
        return None, None  # dateutil would fill a missing year from today's date
    for word in _ZONE_WORD.findall(value):
        if word in AMBIGUOUS_ZONES:
            return None, _zone_reason(word, value)
    numeric = _NUMERIC_DATE.search(value)
    if numeric is not None and dayfirst is None:
        a, b = int(numeric.group(1)), int(numeric.group(2))
        if a <= 12 and b <= 12 and a != b:
            return None, (
                f"ambiguous date {value!r}: day {a} of month {b}, or month {a} day {b}? pass "
                "dayfirst=True (day first) or dayfirst=False (month first) to read_articles "
                "(workbench load: --dayfirst or --no-dayfirst)"
            )
    parsed: datetime | None = None
    if numeric is None:
        try:
            parsed = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            parsed = None
        if parsed is not None and parsed.tzinfo is None:
            parsed = None  # a zone email.utils does not know, or none: dateutil decides below
    if parsed is None:
        from dateutil import parser as dateutil_parser

        try:
            parsed = dateutil_parser.parse(
                value,
                default=_DEFAULT_DAY,
                dayfirst=bool(dayfirst) if numeric is not None else False,
                tzinfos=_zone,
            )
        except _UnknownZone as exc:
            return None, _zone_reason(str(exc.args[0]), value)
        except (ValueError, OverflowError, TypeError, dateutil_parser.ParserError):
            return None, None
    try:
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return pd.Timestamp(parsed).tz_convert("UTC"), None
    except (ValueError, OverflowError):
        return None, None


def date_problem(raw: str, *, dayfirst: bool | None = None, iso_only: bool = False) -> str:
    """Say why ``raw`` was not accepted as a date (when parsing gave no reason of its own).

    Parameters
    ----------
    raw
        The date as written.
    dayfirst, iso_only
        As given to :func:`parse_dates`.

    Returns
    -------
    str
        ``invalid date '...'``, ``date '...' outside the supported range ...`` or, under
        ``iso_only``, ``date '...' is not ISO 8601 ...``.
    """
    text = str(raw).strip()
    if iso_only and not _ISO_SHAPE.match(text):
        return f"date {text!r} is not ISO 8601 ({ISO_HELP})"
    try:
        parsed = pd.to_datetime(text, format="ISO8601", utc=True)
    except (ValueError, OverflowError):
        parsed, _ = parse_one(text, dayfirst)
    if parsed is not None and not pd.isna(parsed):
        if parsed < _MIN or parsed > _MAX:
            return f"date {text!r} outside the supported range 1677-09-22 .. 2262-04-11"
        if iso_only:
            return f"date {text!r} is not ISO 8601 ({ISO_HELP})"
    return f"invalid date {text!r}"
