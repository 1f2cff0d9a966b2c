"""Corpus and FilterSpec: the one filtering code path of the workbench.

A :class:`Corpus` holds the three tables (``articles``, ``mentions``, ``topics``). Every filter,
whether typed in a notebook, set by a widget, passed to a report or given on the command line, is a
:class:`FilterSpec` applied by :meth:`Corpus.filter`. Filtering is fast because the unfiltered
(root) corpus keeps a lazily built index: article positions per actor, topic, source, kind and
country, dates as sorted int64, and an inverted word index for text queries. A filtered corpus is a
view (root + kept article positions) whose tables are materialised only when asked for.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import hashlib
import os
import re
from collections.abc import Callable, Iterable, Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from workbench import schema
from workbench.errors import ArgumentError, SchemaError, check_argument
from workbench.query import Node, Not, Or, Term, parse_query
from workbench.query import tokens as _query_tokens

#: Actor kinds a filter accepts.
KINDS = ("person", "organization", "country", "place", "group")
#: How several actors combine: articles mentioning any of them, or all of them.
ACTOR_MODES = ("any", "all")

_NAT = np.iinfo(np.int64).min
_DAY_NS = 86_400 * 10**9


# --------------------------------------------------------------------------------------------
# dates


def _to_utc(value: Any, name: str) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError) as exc:
        raise ArgumentError(f"{name} must be a date (e.g. '2026-01-31'); got {value!r}") from exc
    if stamp is pd.NaT:
        raise ArgumentError(f"{name} must be a date (e.g. '2026-01-31'); got {value!r}")
    return stamp.tz_localize("UTC") if stamp.tzinfo is None else stamp.tz_convert("UTC")


def date_bounds(value: Any, name: str = "date") -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return the first and last instant (inclusive, UTC) of a day, month, year or instant.

    Parameters
    ----------
    value
        ``"2026"`` (a year), ``"2026-01"`` (a month), ``"2026-W03"`` (an ISO week),
        ``"2026-01-31"`` or a :class:`datetime.date` (a day), or a timestamp with a time (that
        instant).
    name
        The argument's name, for the error message.

    Returns
    -------
    tuple of pandas.Timestamp
        ``(first, last)`` such that the period is ``first <= t <= last``.

    Raises
    ------
    ArgumentError
        When ``value`` is not a date.
    """
    one_ns = pd.Timedelta(1, "ns")
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"\d{4}", text):
            first = _to_utc(f"{text}-01-01", name)
            return first, first + pd.DateOffset(years=1) - one_ns
        if re.fullmatch(r"\d{4}-\d{1,2}", text):
            first = _to_utc(f"{text}-01", name)
            return first, first + pd.DateOffset(months=1) - one_ns
        week = re.fullmatch(r"(\d{4})-?W(\d{1,2})", text)
        if week:
            monday = dt.date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
            first = _to_utc(monday, name)
            return first, first + pd.Timedelta(days=7) - one_ns
        stamp = _to_utc(text, name)
        has_time = bool(re.search(r"\d[T ]\d{1,2}:", text))
    elif isinstance(value, dt.datetime | pd.Timestamp):
        stamp = _to_utc(value, name)
        has_time = stamp != stamp.normalize()
    elif isinstance(value, dt.date | np.datetime64):
        stamp = _to_utc(value, name)
        has_time = stamp != stamp.normalize()
    else:
        raise ArgumentError(f"{name} must be a date (e.g. '2026-01-31'); got {value!r}")
    if has_time:
        return stamp, stamp
    return stamp, stamp + pd.Timedelta(days=1) - one_ns


def _fmt_instant(stamp: pd.Timestamp, last: bool) -> str:
    probe = stamp + pd.Timedelta(1, "ns") if last else stamp
    if probe == probe.normalize():
        return (probe - pd.Timedelta(days=1) if last else probe).strftime("%Y-%m-%d")
    return stamp.isoformat()


# --------------------------------------------------------------------------------------------
# FilterSpec


def _as_tuple(value: Any, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,) if value.strip() else ()
    if isinstance(value, Iterable) and not isinstance(value, Mapping | bytes):
        items = tuple(value)
        bad = [v for v in items if not isinstance(v, str)]
        if bad:
            raise ArgumentError(f"{name} must be strings; got {bad[0]!r}")
        return tuple(dict.fromkeys(v for v in items if v.strip()))
    raise ArgumentError(f"{name} must be a string or a list of strings; got {value!r}")


@dataclasses.dataclass(frozen=True)
class FilterSpec:
    """What to keep of a corpus. Fields combine with AND; an empty field keeps everything.

    Parameters
    ----------
    actors
        Actor ids or canonical names (case-insensitive): articles mentioning them.
    actor_mode
        ``"any"`` (at least one of ``actors``) or ``"all"`` (every one of them).
    kinds
        Actor kinds (person, organization, country, place, group): articles mentioning an actor
        of one of these kinds.
    countries
        ISO 3166 alpha-3 codes: articles mentioning an actor affiliated with one of them.
    topics
        Topic ids: articles tagged with one of them or, when the corpus has a taxonomy with a
        hierarchy, with one of their descendants.
    start, end
        Inclusive date range; strings (``"2026-01-31"``, ``"2026-01"``, ``"2026"``,
        ``"2026-W03"``), dates or timestamps. ``end="2026-01"`` keeps all of January.
    sources
        Source names (case-insensitive), as in the articles' ``source`` column.
    text
        A text query over title and body: words, ``"quoted phrases"``, ``AND``, ``OR``, ``NOT``
        and parentheses, e.g. ``'ceasefire AND (Gaza OR Rafah) NOT "West Bank"'``. Parsed by
        :func:`workbench.query.parse_query`, never evaluated.
    """

    actors: tuple[str, ...] = ()
    actor_mode: str = "any"
    kinds: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None
    sources: tuple[str, ...] = ()
    text: str | None = None
    query: Node | None = dataclasses.field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        put = object.__setattr__
        for name in ("actors", "kinds", "countries", "topics", "sources"):
            put(self, name, _as_tuple(getattr(self, name), name))
        check_argument("actor_mode", self.actor_mode, ACTOR_MODES)
        for kind in self.kinds:
            check_argument("kinds", kind, KINDS)
        countries = tuple(c.strip().upper() for c in self.countries)
        for code in countries:
            if not re.fullmatch(r"[A-Z]{3}", code):
                raise ArgumentError(
                    f"countries must be ISO 3166 alpha-3 codes such as 'ISR' or 'USA'; got {code!r}"
                )
        put(self, "countries", countries)
        if self.start is not None:
            put(self, "start", date_bounds(self.start, "start")[0])
        if self.end is not None:
            put(self, "end", date_bounds(self.end, "end")[1])
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ArgumentError(f"start ({self.start}) is after end ({self.end})")
        text = self.text
        if text is not None and not str(text).strip():
            text = None
        put(self, "text", text)
        put(self, "query", parse_query(text) if text is not None else None)

    @classmethod
    def coerce(
        cls, spec: FilterSpec | Mapping[str, Any] | None = None, **keywords: Any
    ) -> FilterSpec:
        """Build a spec from a spec, a mapping and/or keywords (keywords win).

        Besides the field names, keywords accept the singular ``actor``, ``kind``, ``country``,
        ``topic``, ``source``, ``query`` (for ``text``), ``dates=(start, end)`` and ``period``
        (one day, week, month or year such as ``"2026-01"``).

        Parameters
        ----------
        spec
            A :class:`FilterSpec`, a mapping of keywords, or None.
        **keywords
            Fields to set or override.

        Returns
        -------
        FilterSpec
            The combined spec.

        Raises
        ------
        ArgumentError
            For an unknown keyword (naming the accepted ones) or an invalid value.
        """
        if isinstance(spec, FilterSpec):
            base = {f.name: getattr(spec, f.name) for f in dataclasses.fields(cls) if f.init}
        elif spec is None:
            base = {}
        elif isinstance(spec, Mapping):
            base = dict(spec)
        else:
            raise ArgumentError(f"filter must be a FilterSpec or a mapping; got {spec!r}")
        base.update(keywords)
        fields = {f.name for f in dataclasses.fields(cls) if f.init}
        singular = {
            "actor": "actors",
            "kind": "kinds",
            "country": "countries",
            "topic": "topics",
            "source": "sources",
            "query": "text",
        }
        out: dict[str, Any] = {}
        for key, value in base.items():
            if key in singular:
                out[singular[key]] = value
            elif key == "dates":
                if value is None:
                    continue
                if not (isinstance(value, list | tuple) and len(value) == 2):
                    raise ArgumentError(f"dates must be a (start, end) pair; got {value!r}")
                out["start"], out["end"] = value
            elif key == "period":
                if value is None:
                    continue
                out["start"], out["end"] = date_bounds(value, "period")
            elif key in fields:
                out[key] = value
            else:
                allowed = sorted(fields | set(singular) | {"dates", "period"})
                raise ArgumentError(
                    f"unknown filter keyword {key!r}; allowed: {', '.join(allowed)}"
                )
        return cls(**out)

    def to_dict(self) -> dict[str, Any]:
        """Return the non-empty fields as JSON-friendly values (lists, ISO date strings).

        :meth:`coerce` turns the result back into an equal spec, so a filter can travel as
        report parameters (papermill) or in a URL.

        Returns
        -------
        dict
            For example ``{"actors": ["Hamas"], "start": "2026-01-01T00:00:00+00:00"}``.
        """
        out: dict[str, Any] = {}
        for name in ("actors", "kinds", "countries", "topics", "sources"):
            if getattr(self, name):
                out[name] = list(getattr(self, name))
        if self.actors and self.actor_mode != "any":
            out["actor_mode"] = self.actor_mode
        for name in ("start", "end"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name).isoformat()
        if self.text:
            out["text"] = self.text
        return out

    def replace(self, **keywords: Any) -> FilterSpec:
        """Return a copy with some fields changed (same keywords as :meth:`coerce`)."""
        return FilterSpec.coerce(self, **keywords)

    def is_empty(self) -> bool:
        """Return True when the spec keeps every article."""
        return not (
            self.actors
            or self.kinds
            or self.countries
            or self.topics
            or self.sources
            or self.start is not None
            or self.end is not None
            or self.text
        )

    def describe(self) -> str:
        """Return the filter in words, for chart titles and report captions.

        Returns
        -------
        str
            For example ``"actors: Hamas and Israel; dates: 2026-01-01 to 2026-01-31"``, or
            ``"all articles"``.
        """
        parts = []
        if self.actors:
            joiner = " and " if self.actor_mode == "all" else " or "
            parts.append(
                f"{'actor' if len(self.actors) == 1 else 'actors'}: " + joiner.join(self.actors)
            )
        if self.kinds:
            parts.append("kinds: " + " or ".join(self.kinds))
        if self.countries:
            parts.append("countries: " + " or ".join(self.countries))
        if self.topics:
            parts.append(
                f"{'topic' if len(self.topics) == 1 else 'topics'}: " + " or ".join(self.topics)
            )
        if self.start is not None or self.end is not None:
            first = _fmt_instant(self.start, False) if self.start is not None else "…"
            last = _fmt_instant(self.end, True) if self.end is not None else "…"
            parts.append(f"dates: {first}" if first == last else f"dates: {first} to {last}")
        if self.sources:
            parts.append(
                f"{'source' if len(self.sources) == 1 else 'sources'}: " + " or ".join(self.sources)
            )
        if self.text:
            parts.append(f"text: {self.text}")
        return "; ".join(parts) if parts else "all articles"

    def __str__(self) -> str:
        return self.describe()


# --------------------------------------------------------------------------------------------
# the index of a root corpus


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _suggest(value: str, known: Iterable[str], what: str, hint: str) -> ArgumentError:
    known = list(dict.fromkeys(known))
    close = difflib.get_close_matches(value, known, n=5, cutoff=0.6)
    if not close:
        low = value.lower()
        close = [k for k in known if low in k.lower()][:5]
    tip = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    return ArgumentError(f"{what}: unknown value {value!r}{tip} ({len(known)} known; {hint})")


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """Return the sorted distinct values (sorting beats numpy's hash-based unique here)."""
    values = np.sort(values)
    if len(values) == 0:
        return values
    keep = np.empty(len(values), dtype=bool)
    keep[0] = True
    np.not_equal(values[1:], values[:-1], out=keep[1:])
    return values[keep]


def _factorize(values: pd.Series, *, upper: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Return (int32 codes, sorted labels as objects); -1 for missing. Fast on categoricals."""
    codes, uniques = pd.factorize(values)
    labels = [str(v).upper() if upper else str(v) for v in np.asarray(uniques, dtype=object)]
    sorted_labels = sorted(set(labels))
    where = {label: i for i, label in enumerate(sorted_labels)}
    mapping = np.array([where[label] for label in labels], dtype=np.int32)
    codes = np.where(codes >= 0, mapping[np.clip(codes, 0, None)] if len(mapping) else -1, -1)
    return codes.astype(np.int32), np.array(sorted_labels, dtype=object)


def _mode_per_code(codes: np.ndarray, values: pd.Series, n_codes: int) -> np.ndarray:
    """Return the most frequent non-missing value per code (ties: alphabetical)."""
    value_codes, labels = _factorize(values)
    ok = (codes >= 0) & (value_codes >= 0)
    width = max(len(labels), 1)
    out = np.full(n_codes, None, dtype=object)
    keys = np.sort(codes[ok].astype(np.int64) * width + value_codes[ok])
    if len(keys) == 0:
        return out
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    counts = np.diff(np.r_[starts, len(keys)])
    code, value = keys[starts] // width, keys[starts] % width
    order = np.lexsort((value, -counts, code))
    first = order[np.r_[True, code[order][1:] != code[order][:-1]]]
    out[code[first]] = labels[value[first]]
    return out


def period_codes(ns: np.ndarray, freq: str) -> np.ndarray:
    """Return the period number of each instant: days, Monday weeks or months since 1970.

    Parameters
    ----------
    ns
        UTC instants as int64 nanoseconds (``_NAT``, the smallest int64, for a missing date).
    freq
        ``"day"``, ``"week"`` (Monday to Sunday) or ``"month"``.

    Returns
    -------
    numpy.ndarray
        int64 period numbers, ``_NAT`` where the date is missing.
    """
    ns = np.asarray(ns, dtype=np.int64)
    days = np.floor_divide(ns, _DAY_NS)
    if freq == "day":
        codes = days
    elif freq == "week":
        codes = np.floor_divide(days + 3, 7)  # 1970-01-01 was a Thursday
    else:
        codes = ns.astype("datetime64[ns]").astype("datetime64[M]").astype(np.int64)
    return np.where(ns == _NAT, _NAT, codes)


class _Groups:
    """Unique (group, article position) pairs sorted by group, with labels: a CSR structure."""

    def __init__(self, codes: np.ndarray, arts: np.ndarray, labels: np.ndarray, n: int) -> None:
        self.n = n
        valid = codes >= 0
        pairs = _sorted_unique(codes[valid].astype(np.int64) * max(n, 1) + arts[valid])
        self.codes = (pairs // max(n, 1)).astype(np.int32)
        self.arts = (pairs % max(n, 1)).astype(np.int32 if n < 2**31 else np.int64)
        self.labels = labels
        self.offsets = np.searchsorted(self.codes, np.arange(len(labels) + 1))

    def articles_of(self, code: int) -> np.ndarray:
        return self.arts[self.offsets[code] : self.offsets[code + 1]]

    @cached_property
    def by_article(self) -> tuple[np.ndarray, np.ndarray]:
        """(pair indices ordered by article, offsets per article position)."""
        return _by_article(self.arts, self.n)


def _by_article(arts: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    order = np.argsort(arts, kind="stable")
    return order, np.searchsorted(arts[order], np.arange(n + 1))


def _gather(order: np.ndarray, offsets: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """Return the sorted row indices of ``order`` that belong to the articles at ``positions``."""
    starts = offsets[positions]
    lengths = offsets[positions + 1] - starts
    total = int(lengths.sum())
    shift = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    rows = order[shift + np.arange(total, dtype=np.int64)]
    rows.sort()
    return rows


#: Below this share of the root's articles, a view gathers its rows article by article instead
#: of scanning a mask over every row.
_GATHER_BELOW = 0.25


def _index_in(values: pd.Series, ids: pd.Series, index: pd.Index) -> np.ndarray:
    """Return the positions of ``values`` in ``ids`` (-1 when absent), by Arrow's hash look-up."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        needles = pa.array(values)
        if isinstance(needles, pa.ChunkedArray):
            needles = needles.combine_chunks()
        haystack = pa.array(ids)
        if isinstance(haystack, pa.ChunkedArray):
            haystack = haystack.combine_chunks()
        needles = needles.cast(pa.large_string())
        haystack = haystack.cast(pa.large_string())
        found = pc.index_in(needles, value_set=haystack).fill_null(-1)
        return found.to_numpy().astype(np.int64)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, TypeError):
        return index.get_indexer(values).astype(np.int64)


class _Index:
    """Lazily built look-up structures over a root corpus (shared by its filtered views)."""

    def __init__(self, articles: pd.DataFrame, mentions: pd.DataFrame, topics: pd.DataFrame):
        self.articles = articles
        self.mentions = mentions
        self.topics = topics
        self.n = len(articles)
        ids = pd.Index(articles["article_id"])
        if not ids.is_unique:
            dup = ids[ids.duplicated()][0]
            raise SchemaError(f"articles: article_id is not unique (e.g. {dup!r})")
        self.ids = ids
        self.m_art = self._positions_of(mentions, "mentions")
        self.t_art = self._positions_of(topics, "topics")

    def _positions_of(self, frame: pd.DataFrame, table: str) -> np.ndarray:
        pos = _index_in(frame["article_id"], self.articles["article_id"], self.ids)
        if len(pos) and pos.min() < 0:
            orphans = frame["article_id"][pos < 0]
            raise SchemaError(
                f"{table}: {len(orphans)} rows refer to articles not in the articles table "
                f"(e.g. article_id {orphans.iloc[0]!r})"
            )
        return pos

    @cached_property
    def mentions_by_article(self) -> tuple[np.ndarray, np.ndarray]:
        """(mention rows ordered by article, offsets per article position)."""
        return _by_article(self.m_art, self.n)

    # ---- dates
    @cached_property
    def date_ns(self) -> np.ndarray:
        dates = self.articles["date"]
        if len(dates) == 0:
            return np.zeros(0, dtype=np.int64)
        return pd.DatetimeIndex(dates).tz_convert("UTC").as_unit("ns").asi8.copy()

    @cached_property
    def date_order(self) -> tuple[np.ndarray, np.ndarray]:
        """(positions sorted by date, sorted dates); undated articles first (NaT is min int)."""
        order = np.argsort(self.date_ns, kind="stable")
        return order, self.date_ns[order]

    def period_codes(self, freq: str) -> np.ndarray:
        """Return an int64 period number per article (days, Monday weeks or months since 1970)."""
        cache = self.__dict__.setdefault("_periods", {})
        if freq not in cache:
            cache[freq] = period_codes(self.date_ns, freq)
        return cache[freq]

    def dated_span(self) -> tuple[int, int] | None:
        """Return the first and last article date (int64 ns), or None when nothing is dated."""
        _order, dates = self.date_order
        first = int(np.searchsorted(dates, _NAT, side="right"))
        if first >= len(dates):
            return None
        return int(dates[first]), int(dates[-1])

    # ---- actors
    @cached_property
    def actor_codes(self) -> tuple[np.ndarray, np.ndarray]:
        return _factorize(self.mentions["actor_id"])

    @cached_property
    def actors(self) -> _Groups:
        codes, ids = self.actor_codes
        return _Groups(codes, self.m_art, ids, self.n)

    @cached_property
    def actor_table(self) -> pd.DataFrame:
        """One row per actor id: actor (canonical name), kind, country (most frequent)."""
        codes, ids = self.actor_codes
        table = pd.DataFrame({"actor_id": ids})
        for column in ("actor", "kind", "country"):
            table[column] = _mode_per_code(codes, self.mentions[column], len(ids))
        return table

    @cached_property
    def actor_arrays(self) -> dict[str, np.ndarray]:
        """Per actor code: actor_id, actor, kind, country (object arrays) and alphabetical rank."""
        table = self.actor_table
        names = table["actor"].fillna(table["actor_id"]).astype(str).str.casefold().to_numpy()
        out = {c: table[c].to_numpy(dtype=object) for c in ("actor_id", "actor", "kind", "country")}
        out["alphabetical"] = np.argsort(np.argsort(names, kind="stable"), kind="stable")
        return out

    @cached_property
    def actor_lookup(self) -> dict[str, int]:
        table = self.actor_table
        lookup: dict[str, int] = {}
        for code, name in enumerate(table["actor"]):
            if isinstance(name, str):
                lookup.setdefault(name.casefold(), code)
        for code, actor_id in enumerate(table["actor_id"]):  # ids win over names
            lookup[str(actor_id).casefold()] = code
        return lookup

    def actor_code(self, value: str, known_elsewhere: Callable[[str], bool]) -> int | None:
        code = self.actor_lookup.get(value.strip().casefold())
        if code is None and not known_elsewhere(value):
            table = self.actor_table
            names = [*table["actor"].dropna().astype(str), *table["actor_id"].astype(str)]
            names = list({name.casefold(): name for name in reversed(names)}.values())
            raise _suggest(value, names, "actors", "see top_actors(corpus, n=None)")
        return code

    def _mention_groups(self, column: str) -> tuple[_Groups, np.ndarray]:
        cache = self.__dict__.setdefault("_mgroups", {})
        if column not in cache:
            codes, labels = _factorize(self.mentions[column], upper=column == "country")
            groups = _Groups(codes, self.m_art, labels, self.n)
            cache[column] = (groups, codes)
        return cache[column]

    def mention_codes(self, column: str) -> np.ndarray:
        """Per-mention codes of ``actor_id``, ``kind`` or ``country`` (-1 when missing)."""
        if column == "actor_id":
            return self.actor_codes[0]
        return self._mention_groups(column)[1]

    @property
    def kinds(self) -> _Groups:
        return self._mention_groups("kind")[0]

    @property
    def countries(self) -> _Groups:
        return self._mention_groups("country")[0]

    # ---- topics
    @cached_property
    def topic_groups(self) -> _Groups:
        codes, labels = _factorize(self.topics["topic"])
        return _Groups(codes, self.t_art, labels, self.n)

    # ---- sources
    @cached_property
    def source_groups(self) -> _Groups:
        codes, labels = _factorize(self.articles["source"])
        return _Groups(codes, np.arange(self.n), labels, self.n)

    @cached_property
    def source_lookup(self) -> dict[str, list[int]]:
        lookup: dict[str, list[int]] = {}
        for code, name in enumerate(self.source_groups.labels):
            lookup.setdefault(str(name).casefold(), []).append(code)
        return lookup

    # ---- text
    @cached_property
    def texts(self) -> pd.Series:
        return schema.article_text(self.articles).reset_index(drop=True)

    @cached_property
    def words(self) -> WordIndex:
        return WordIndex(self.texts)


class WordIndex:
    """An inverted index: lower-case word token -> sorted article positions.

    Built with pyarrow compute kernels in chunks (no Python loop over words), lazily on the
    first text query of a root corpus.

    Parameters
    ----------
    texts
        One text per article (title + newline + body).
    chunk_size
        Articles tokenised at a time (bounds the transient memory).
    """

    def __init__(self, texts: pd.Series, chunk_size: int = 20_000) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        self.texts = texts
        n = len(texts)
        vocab: dict[str, int] = {}
        code_parts: list[np.ndarray] = []
        art_parts: list[np.ndarray] = []
        for lo in range(0, n, chunk_size):
            part = texts.iloc[lo : lo + chunk_size]
            try:
                chunk = pa.array(part)  # zero-copy for pandas' Arrow-backed strings
            except (pa.ArrowInvalid, pa.ArrowTypeError):  # pragma: no cover - odd objects
                chunk = pa.array(part.astype("object"), type=pa.large_string())
            if isinstance(chunk, pa.ChunkedArray):  # e.g. after pd.concat
                chunk = chunk.combine_chunks()
            size = len(chunk)
            # split on white space in Arrow, then tokenise each *distinct* piece in Python with
            # the query's own tokeniser (so index and queries agree exactly)
            split = pc.utf8_split_whitespace(chunk)
            lengths = pc.list_value_length(split).fill_null(0).to_numpy(zero_copy_only=False)
            encoded = pc.dictionary_encode(pc.list_flatten(split))
            pieces = encoded.dictionary.to_pylist()
            words_of = [
                [vocab.setdefault(w, len(vocab)) for w in _query_tokens(piece)] for piece in pieces
            ]
            counts = np.fromiter((len(w) for w in words_of), dtype=np.int64, count=len(pieces))
            flat_words = np.fromiter(
                (w for ws in words_of for w in ws), dtype=np.int64, count=int(counts.sum())
            )
            starts_of = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
            local = np.repeat(np.arange(size, dtype=np.int64), lengths)
            piece_ids = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
            # distinct (piece, article), then expand each piece into its words
            pairs = _sorted_unique(piece_ids * max(size, 1) + local)
            piece, art = pairs // max(size, 1), pairs % max(size, 1) + lo
            reps = counts[piece]
            total = int(reps.sum())
            first = np.repeat(starts_of[piece], reps)
            within = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(reps) - reps, reps)
            words = flat_words[first + within]
            pairs = _sorted_unique(words * max(n, 1) + np.repeat(art, reps))
            code_parts.append(pairs // max(n, 1))
            art_parts.append(pairs % max(n, 1))
        codes = np.concatenate(code_parts) if code_parts else np.zeros(0, np.int64)
        arts = np.concatenate(art_parts) if art_parts else np.zeros(0, np.int64)
        order = np.argsort(codes, kind="stable")  # chunks are in article order: stays sorted
        self.arts = arts[order].astype(np.int32 if n < 2**31 else np.int64)
        self.offsets = np.searchsorted(codes[order], np.arange(len(vocab) + 1))
        self.vocab = vocab
        self.sorted_words = np.array(sorted(self.vocab), dtype=object)

    def word(self, word: str) -> np.ndarray:
        """Return the positions of the articles containing ``word`` (a lower-case token)."""
        code = self.vocab.get(word)
        if code is None:
            return np.zeros(0, np.int64)
        return self.arts[self.offsets[code] : self.offsets[code + 1]]

    def prefix(self, prefix: str) -> np.ndarray:
        """Return the positions of the articles containing a word starting with ``prefix``."""
        lo = np.searchsorted(self.sorted_words, prefix, side="left")
        hi = np.searchsorted(self.sorted_words, prefix + "\U0010ffff", side="left")
        parts = [self.word(w) for w in self.sorted_words[lo:hi]]
        return np.unique(np.concatenate(parts)) if parts else np.zeros(0, np.int64)

    def match(self, node: Node, n: int) -> np.ndarray:
        """Return a boolean mask over the articles matching a parsed query."""
        if isinstance(node, Term):
            return self._term(node, n)
        if isinstance(node, Not):
            return ~self.match(node.operand, n)
        masks = [self.match(op, n) for op in node.operands]
        out = masks[0].copy()
        for mask in masks[1:]:
            if isinstance(node, Or):
                out |= mask
            else:
                out &= mask
        return out

    def _term(self, term: Term, n: int) -> np.ndarray:
        mask = np.zeros(n, dtype=bool)
        words = list(term.words)
        last = self.prefix(words[-1]) if term.prefix else self.word(words[-1])
        if len(words) == 1:
            mask[last] = True
            return mask
        candidates = last
        for word in words[:-1]:
            candidates = np.intersect1d(candidates, self.word(word), assume_unique=True)
        gap = r"[\W_]+"
        body = gap.join(re.escape(w) for w in words[:-1])
        tail = re.escape(words[-1]) + (r"[^\W_]*" if term.prefix else "")
        pattern = re.compile(rf"(?<![^\W_]){body}{gap}{tail}(?![^\W_])", re.IGNORECASE)
        for pos in candidates:
            if pattern.search(self.texts.iloc[int(pos)]):
                mask[pos] = True
        return mask


# --------------------------------------------------------------------------------------------
# Corpus


def _taxonomy_descendants(taxonomy: Any, topic: str) -> list[str]:
    """Return ``topic``'s descendants according to ``taxonomy`` (empty when it has no hierarchy)."""
    if taxonomy is None:
        return []
    method = getattr(taxonomy, "descendants", None)
    if callable(method):
        return [str(t) for t in method(topic)]
    try:
        from workbench import topics as topics_module
    except ImportError:  # pragma: no cover - the topics module ships with the package
        return []
    helper = getattr(topics_module, "descendants", None)
    if callable(helper):
        return [str(t) for t in helper(taxonomy, topic)]
    return []


def _taxonomy_topics(taxonomy: Any) -> set[str]:
    if taxonomy is None:
        return set()
    for attr in ("topic_ids", "ids", "topics"):
        value = getattr(taxonomy, attr, None)
        if callable(value):
            value = value()
        if isinstance(value, Mapping):
            return {str(k) for k in value}
        if isinstance(value, Iterable) and not isinstance(value, str):
            out = set()
            for item in value:
                out.add(str(getattr(item, "id", item)))
            return out
    return set()


def _registry_knows(registry: Any, value: str) -> bool:
    if registry is None:
        return False
    actors = getattr(registry, "actors", None)  # workbench.registry.Registry
    if isinstance(actors, Mapping):
        wanted = value.strip().casefold()
        return any(
            str(actor_id).casefold() == wanted
            or str(getattr(actor, "name", "")).casefold() == wanted
            for actor_id, actor in actors.items()
        )
    for attr in ("resolve", "get", "find"):
        method = getattr(registry, attr, None)
        if callable(method):
            try:
                if method(value) is not None:
                    return True
            except (KeyError, LookupError, ValueError, TypeError):
                pass
    try:
        return value in registry
    except TypeError:
        return False


class Corpus:
    """Articles with their actor mentions and topics; filter with :meth:`filter`.

    Parameters
    ----------
    articles
        A frame with the ``articles`` schema (enriched frames also have ``tone``).
    mentions
        A frame with the ``mentions`` schema; none when omitted.
    topics
        A frame with the ``topics`` schema; none when omitted.
    registry
        The actor registry used for enrichment (lets a filter name a registered actor that this
        corpus never mentions, and feeds :meth:`unregistered_actors`).
    taxonomy
        The topic taxonomy (gives the topic hierarchy for filters).

    Notes
    -----
    Treat a corpus as immutable: the tables it returns are shallow copies (pandas copy-on-write),
    so changing them does not change the corpus. A filtered corpus remembers its unfiltered
    :attr:`root`, which :func:`workbench.aggregate.volume` uses as the denominator of shares.
    """

    def __init__(
        self,
        articles: pd.DataFrame,
        mentions: pd.DataFrame | None = None,
        topics: pd.DataFrame | None = None,
        *,
        registry: Any = None,
        taxonomy: Any = None,
    ) -> None:
        articles = schema.validate(articles, "articles").reset_index(drop=True)
        mentions = schema.empty("mentions") if mentions is None else mentions
        topics = schema.empty("topics") if topics is None else topics
        mentions = schema.validate(mentions, "mentions").reset_index(drop=True)
        topics = schema.validate(topics, "topics").reset_index(drop=True)
        self._ix = _Index(articles, mentions, topics)
        self._positions: np.ndarray | None = None
        self._specs: tuple[FilterSpec, ...] = ()
        self._root = self
        self.registry = registry
        self.taxonomy = taxonomy

    # ---- construction of views
    def _view(self, positions: np.ndarray, spec: FilterSpec) -> Corpus:
        view = object.__new__(Corpus)
        view._ix = self._ix
        view._positions = positions
        view._specs = (*self._specs, spec)
        view._root = self._root
        view.registry = self.registry
        view.taxonomy = self.taxonomy
        return view

    # ---- the tables
    @property
    def root(self) -> Corpus:
        """The unfiltered corpus this one was filtered from (itself when unfiltered)."""
        return self._root

    @property
    def specs(self) -> tuple[FilterSpec, ...]:
        """The filters applied, in order, to :attr:`root` to give this corpus."""
        return self._specs

    def describe(self) -> str:
        """Return the filters applied, in words (``"all articles"`` when unfiltered)."""
        specs = [s for s in self._specs if not s.is_empty()]
        return " then ".join(s.describe() for s in specs) if specs else "all articles"

    @property
    def positions(self) -> np.ndarray:
        """Positions (in :attr:`root`'s articles) of the articles kept, ascending."""
        if self._positions is None:
            return np.arange(self._ix.n)
        return self._positions

    def newest_first(self) -> np.ndarray:
        """Positions (in :attr:`root`'s articles) of the articles kept, newest first.

        Undated articles come last; articles of the same instant keep the reverse of their order
        in the root. Uses the root's date index, so no table is built.
        """
        order = self._ix.date_order[0][::-1]
        if self._positions is not None:
            order = order[self.keep[order]]
        undated = self._ix.date_ns[order] == np.iinfo(np.int64).min
        return np.concatenate([order[~undated], order[undated]])

    def articles_at(self, positions: np.ndarray) -> pd.DataFrame:
        """Return the root's article rows at ``positions`` (e.g. a page of :meth:`newest_first`)."""
        return self._ix.articles.iloc[np.asarray(positions, dtype=np.int64)]

    def mentions_at(self, positions: np.ndarray) -> pd.DataFrame:
        """Return the mention rows of the root's articles at ``positions``, in table order."""
        order, offsets = self._ix.mentions_by_article
        return self._ix.mentions.iloc[
            _gather(order, offsets, np.asarray(positions, dtype=np.int64))
        ]

    @cached_property
    def keep(self) -> np.ndarray:
        """Boolean mask over :attr:`root`'s articles: True for the articles kept."""
        if self._positions is None:
            return np.ones(self._ix.n, dtype=bool)
        mask = np.zeros(self._ix.n, dtype=bool)
        mask[self._positions] = True
        return mask

    @cached_property
    def _mention_rows(self) -> np.ndarray | None:
        if self._positions is None:
            return None
        if len(self._positions) < _GATHER_BELOW * self._ix.n:
            order, offsets = self._ix.mentions_by_article
            return _gather(order, offsets, self._positions)
        return np.flatnonzero(self.keep[self._ix.m_art])

    def kept_pairs(self, groups: _Groups) -> np.ndarray:
        """Return the indices of the (group, article) pairs of ``groups`` whose article is kept."""
        if self._positions is None:
            return np.arange(len(groups.arts))
        if len(self._positions) < _GATHER_BELOW * self._ix.n:
            order, offsets = groups.by_article
            return _gather(order, offsets, self._positions)
        return np.flatnonzero(self.keep[groups.arts])

    @cached_property
    def _topic_rows(self) -> np.ndarray | None:
        if self._positions is None:
            return None
        return np.flatnonzero(self.keep[self._ix.t_art])

    @cached_property
    def _articles(self) -> pd.DataFrame:
        if self._positions is None:
            return self._ix.articles
        return self._ix.articles.take(self._positions).reset_index(drop=True)

    @cached_property
    def _mentions(self) -> pd.DataFrame:
        rows = self._mention_rows
        return (
            self._ix.mentions
            if rows is None
            else self._ix.mentions.take(rows).reset_index(drop=True)
        )

    @cached_property
    def _topics(self) -> pd.DataFrame:
        rows = self._topic_rows
        return (
            self._ix.topics if rows is None else self._ix.topics.take(rows).reset_index(drop=True)
        )

    @property
    def articles(self) -> pd.DataFrame:
        """The articles kept (a shallow copy: changing it does not change the corpus)."""
        return self._articles.copy(deep=False)

    @property
    def mentions(self) -> pd.DataFrame:
        """The actor mentions of the articles kept."""
        return self._mentions.copy(deep=False)

    @property
    def topics(self) -> pd.DataFrame:
        """The topic rows of the articles kept."""
        return self._topics.copy(deep=False)

    def __len__(self) -> int:
        return self._ix.n if self._positions is None else len(self._positions)

    def n_mentions(self) -> int:
        """Return the number of actor mentions in the articles kept."""
        rows = self._mention_rows
        return len(self._ix.m_art) if rows is None else len(rows)

    def n_topic_rows(self) -> int:
        """Return the number of topic rows of the articles kept."""
        rows = self._topic_rows
        return len(self._ix.t_art) if rows is None else len(rows)

    def date_window(self) -> tuple[pd.Timestamp | None, pd.Timestamp | None]:
        """Return the date range the filters ask for: the latest start and the earliest end.

        Returns
        -------
        tuple
            ``(start, end)``, inclusive UTC instants; None on a side no filter bounds (both None
            for a corpus filtered without dates). This is what the filters *ask* for, not the
            dates of the articles kept (see :meth:`date_range`).
        """
        starts = [s.start for s in self._specs if s.start is not None]
        ends = [s.end for s in self._specs if s.end is not None]
        return (max(starts) if starts else None, min(ends) if ends else None)

    def date_range(self) -> tuple[pd.Timestamp, pd.Timestamp] | None:
        """Return the first and last article dates kept, or None when no article has a date."""
        dates = self._ix.date_ns[self.positions]
        dates = dates[dates != _NAT]
        if len(dates) == 0:
            return None
        return pd.Timestamp(dates.min(), tz="UTC"), pd.Timestamp(dates.max(), tz="UTC")

    def __repr__(self) -> str:
        dates = self.date_range()
        span = f"{dates[0]:%Y-%m-%d} to {dates[1]:%Y-%m-%d}" if dates is not None else "no dates"
        n_actors = (
            len(np.unique(self._ix.actor_codes[0][self._mention_rows]))
            if self._mention_rows is not None
            else len(self._ix.actor_codes[1])
        )
        text = (
            f"Corpus({_plural(len(self), 'article')}, {_plural(self.n_mentions(), 'mention')} "
            f"of {_plural(n_actors, 'actor')}, {_plural(self.n_topic_rows(), 'topic row')}, "
            f"{span}"
        )
        if self._specs:
            text += f"; filter: {self.describe()}"
        return text + ")"

    # ---- filtering
    def filter(
        self, spec: FilterSpec | Mapping[str, Any] | None = None, /, **keywords: Any
    ) -> Corpus:
        """Return the articles that match a filter, with their mentions and topics.

        This is the single filtering path of the workbench: widgets, reports, the CLI and the
        store all call it.

        Parameters
        ----------
        spec
            A :class:`FilterSpec` or a mapping of its keywords.
        **keywords
            Keywords of :meth:`FilterSpec.coerce` (``actors=``, ``actor=``, ``topic=``,
            ``start=``, ``end=``, ``period=``, ``text=`` …); they override ``spec``.

        Returns
        -------
        Corpus
            A view of :attr:`root` holding the articles kept; mentions and topics are restricted
            to them.

        Raises
        ------
        ArgumentError
            For an invalid keyword or value, or an actor, topic or source this corpus (and its
            registry or taxonomy) does not know, with close matches.
        """
        spec = FilterSpec.coerce(spec, **keywords)
        mask = self._match(spec)
        if mask is None:
            positions = self.positions.copy()
        else:
            if self._positions is not None:
                mask &= self.keep
            positions = np.flatnonzero(mask)
        return self._view(positions, spec)

    def _match(self, spec: FilterSpec) -> np.ndarray | None:
        """Boolean mask over root articles matching ``spec`` (None: every article)."""
        ix = self._ix
        n = ix.n
        masks: list[np.ndarray] = []

        def of(arrays: Iterable[np.ndarray]) -> np.ndarray:
            mask = np.zeros(n, dtype=bool)
            for arts in arrays:
                mask[arts] = True
            return mask

        if spec.actors:
            codes = [
                ix.actor_code(a, lambda v: _registry_knows(self.registry, v)) for a in spec.actors
            ]
            arrays = [
                ix.actors.articles_of(c) if c is not None else np.zeros(0, np.int64) for c in codes
            ]
            if spec.actor_mode == "any":
                masks.append(of(arrays))
            else:
                masks.extend(of([a]) for a in arrays)
        if spec.kinds:
            groups = ix.kinds
            labels = list(groups.labels)
            masks.append(of(groups.articles_of(labels.index(k)) for k in spec.kinds if k in labels))
        if spec.countries:
            groups = ix.countries
            labels = list(groups.labels)
            masks.append(
                of(groups.articles_of(labels.index(c)) for c in spec.countries if c in labels)
            )
        if spec.topics:
            groups = ix.topic_groups
            labels = {str(t): i for i, t in enumerate(groups.labels)}
            known = set(labels) | _taxonomy_topics(self.taxonomy)
            wanted: list[str] = []
            for topic in spec.topics:
                if topic not in known:
                    raise _suggest(topic, sorted(known), "topics", "see top_topics(corpus, n=None)")
                wanted.append(topic)
                wanted.extend(_taxonomy_descendants(self.taxonomy, topic))
            masks.append(of(groups.articles_of(labels[t]) for t in wanted if t in labels))
        if spec.start is not None or spec.end is not None:
            order, dates = ix.date_order
            lo = (
                np.searchsorted(dates, spec.start.value, side="left")
                if spec.start is not None
                else np.searchsorted(dates, _NAT, side="right")
            )
            hi = (
                np.searchsorted(dates, spec.end.value, side="right")
                if spec.end is not None
                else len(dates)
            )
            masks.append(of([order[lo:hi]]))
        if spec.sources:
            groups = ix.source_groups
            codes = []
            for source in spec.sources:
                found = ix.source_lookup.get(source.strip().casefold())
                if found is None:
                    raise _suggest(
                        source, [str(s) for s in groups.labels], "sources", "see sources(corpus)"
                    )
                codes.extend(found)
            masks.append(of(groups.articles_of(c) for c in codes))
        if spec.query is not None:
            masks.append(ix.words.match(spec.query, n))
        if not masks:
            return None
        out = masks[0].copy()
        for mask in masks[1:]:
            out &= mask
        return out

    # ---- actors outside the registry
    def unregistered_actors(self, **options: Any) -> pd.DataFrame:
        """Return candidate actors that the registry does not know, found in the articles kept.

        Parameters
        ----------
        **options
            Passed to :func:`workbench.discovery.discover_actors` (e.g. ``min_count``).

        Returns
        -------
        pandas.DataFrame
            As returned by :func:`workbench.discovery.discover_actors`.
        """
        from workbench.discovery import discover_actors

        return discover_actors(self.articles, self.mentions, self.registry, **options)


# --------------------------------------------------------------------------------------------
# load: read, enrich (with a progress bar), cache


def _default_cache_dir() -> Path:
    env = os.environ.get("WORKBENCH_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "workbench"


def _input_files(source: Any) -> list[Path] | None:
    """Return the files ``source`` names (for the cache key), or None when it is not files."""
    if isinstance(source, str | os.PathLike):
        text = str(source)
        if "://" in text:
            return None
        path = Path(text)
        if path.is_dir():
            return sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        if any(ch in text for ch in "*?["):
            return sorted(p for p in Path().glob(text) if p.is_file())
        return [path] if path.is_file() else None
    if isinstance(source, list | tuple):
        out: list[Path] = []
        for item in source:
            files = _input_files(item)
            if files is None:
                return None
            out.extend(files)
        return out
    return None


def _fingerprint(obj: Any, digest: Any) -> None:
    """Feed a stable description of a registry / taxonomy argument into ``digest``."""
    import pickle

    if obj is None:
        digest.update(b"<default>")
        package = Path(__file__).resolve().parent
        roots = [
            package / "data",
            package.parent / "data" / "registry",
            package.parent / "data" / "taxonomy",
        ]
        for root in roots:
            if root.is_dir():
                for path in sorted(root.rglob("*.y*ml")):
                    digest.update(str(path.relative_to(root)).encode())
                    digest.update(path.read_bytes())
        return
    if isinstance(obj, str | os.PathLike) and Path(obj).exists():
        path = Path(obj)
        for item in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if item.is_file():
                digest.update(item.read_bytes())
        return
    if isinstance(obj, list | tuple):
        for item in obj:
            _fingerprint(item, digest)
        return
    files = getattr(obj, "sources", None)  # Registry and Taxonomy name the files they came from
    if isinstance(files, tuple) and files and all(Path(str(f)).is_file() for f in files):
        digest.update(type(obj).__name__.encode())
        for item in files:
            digest.update(str(item).encode())
            digest.update(Path(str(item)).read_bytes())
        digest.update(repr(obj).encode())
        return
    try:
        digest.update(pickle.dumps(obj, protocol=5))
    except Exception:  # noqa: BLE001 - unpicklable objects fall back to their repr
        digest.update(repr(obj).encode())


#: The modules whose code decides what a load caches: reading (``io``), the table schema and
#: the enrichment (actors, registry, topics, tone, sentence splitting). Their source is part of
#: the cache key, so editing one of them (or installing another version) invalidates the cache.
ENRICHMENT_MODULES = (
    "workbench.io",
    "workbench.schema",
    "workbench.text",
    "workbench.registry",
    "workbench.actors",
    "workbench.topics",
    "workbench.tone",
    "workbench.enrich",
)


def _module_files(name: str) -> list[Path]:
    """Return the source files of a module or package (a package: every ``.py`` under it)."""
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        return []
    origin = Path(spec.origin)
    if spec.submodule_search_locations:
        return sorted(
            p
            for location in spec.submodule_search_locations
            for p in Path(location).rglob("*.py")
            if "__pycache__" not in p.parts
        )
    return [origin] if origin.suffix == ".py" else []


def enrichment_digest() -> str:
    """Return a digest of the source code of :data:`ENRICHMENT_MODULES`.

    Returns
    -------
    str
        A SHA-256 hex digest over each file's name and bytes (a few hundred kB, read on every
        call: a module edited in a running session changes it).
    """
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for name in ENRICHMENT_MODULES:
        for path in _module_files(name):
            try:
                label = path.resolve().relative_to(package).as_posix()
            except ValueError:
                label = path.name
            digest.update(f"{label}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(
    source: Any,
    *,
    registry: Any = None,
    taxonomy: Any = None,
    options: Mapping[str, Any] | None = None,
) -> str | None:
    """Return the cache key of a load: input files, registry, taxonomy, enrichment code, version.

    The key covers the input files (path, size, modification time) or a frame's contents, the
    reading options, the registry and taxonomy files, the package version and a digest of the
    reading and enrichment code (:func:`enrichment_digest`).

    Parameters
    ----------
    source
        What :func:`load` reads: files, a directory, a glob, or a DataFrame.
    registry, taxonomy
        As given to :func:`load`.
    options
        Reading options given to :func:`load` (part of the key).

    Returns
    -------
    str or None
        A hex digest, or None when the source cannot be fingerprinted (e.g. a feed URL).
    """
    from workbench import __version__

    digest = hashlib.sha256()
    digest.update(f"workbench {__version__}\n".encode())
    digest.update(f"code {enrichment_digest()}\n".encode())
    if isinstance(source, pd.DataFrame):
        digest.update(b"<frame>")
        hashed = pd.util.hash_pandas_object(
            source.drop(columns=[c for c in source.columns if c == "origins"]), index=False
        )
        digest.update(hashed.to_numpy().tobytes())
    else:
        files = _input_files(source)
        if files is None:
            return None
        for path in files:
            stat = path.stat()
            digest.update(f"{path.resolve()}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    digest.update(repr(sorted((options or {}).items())).encode())
    digest.update(b"\nregistry\n")
    _fingerprint(registry, digest)
    digest.update(b"\ntaxonomy\n")
    _fingerprint(taxonomy, digest)
    return digest.hexdigest()[:32]


def _write_cache(
    folder: Path, articles: pd.DataFrame, mentions: pd.DataFrame, topics: pd.DataFrame
) -> None:
    import shutil
    import tempfile

    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=folder.name + ".", dir=folder.parent))
    try:
        articles.to_parquet(tmp / "articles.parquet", index=False)
        mentions.to_parquet(tmp / "mentions.parquet", index=False)
        topics.to_parquet(tmp / "topics.parquet", index=False)
        try:
            tmp.rename(folder)
        except OSError:  # another process wrote the same key first: keep theirs
            shutil.rmtree(tmp, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _read_cache(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    articles = pd.read_parquet(folder / "articles.parquet")
    if "origins" in articles.columns:
        articles["origins"] = [
            list(v) if v is not None else [] for v in articles["origins"].to_numpy()
        ]
    mentions = pd.read_parquet(folder / "mentions.parquet")
    topics = pd.read_parquet(folder / "topics.parquet")
    return articles, mentions, topics


def enrich_in_chunks(
    articles: pd.DataFrame,
    *,
    registry: Any = None,
    taxonomy: Any = None,
    chunk_size: int = 2_000,
    progress: bool = True,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Run :func:`workbench.enrich.enrich_articles` over chunks of articles, with a progress bar.

    Parameters
    ----------
    articles
        An ``articles`` frame.
    registry, taxonomy
        As for :func:`workbench.enrich.enrich_articles`.
    chunk_size
        Articles per chunk.
    progress
        Show a tqdm progress bar.

    Returns
    -------
    tuple of pandas.DataFrame
        ``(articles with tone, mentions, topics)``.
    """
    from tqdm.auto import tqdm

    from workbench.enrich import enrich_articles

    if chunk_size < 1:
        raise ArgumentError(f"chunk_size must be at least 1; got {chunk_size}")
    parts = []
    starts = range(0, max(len(articles), 1), chunk_size)
    for lo in tqdm(starts, desc="enriching", unit="chunk", disable=not progress):
        parts.append(
            enrich_articles(
                articles.iloc[lo : lo + chunk_size], registry=registry, taxonomy=taxonomy
            )
        )
    enriched = pd.concat([p.articles for p in parts], ignore_index=True)
    mentions = pd.concat([p.mentions for p in parts], ignore_index=True)
    topics = pd.concat([p.topics for p in parts], ignore_index=True)
    return enriched, mentions, topics


def load(
    source: Any,
    *,
    registry: Any = None,
    taxonomy: Any = None,
    cache: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
    progress: bool = True,
    chunk_size: int = 2_000,
    **read_options: Any,
) -> Corpus:
    """Read articles, enrich them (actors, topics, tone) and return a :class:`Corpus`.

    The enriched tables are cached as Parquet files in ``cache_dir`` under a key made of the
    input files' paths, sizes and modification times, the registry and taxonomy contents, the
    package version and the source code of the reading and enrichment modules
    (:func:`cache_key`), so loading the same files again skips reading and enrichment.

    Parameters
    ----------
    source
        Anything :func:`workbench.io.read_articles` reads (files, a directory, a glob, a feed
        URL, a DataFrame).
    registry
        Actor registry: an object from :func:`workbench.registry.load_registry`, or YAML path(s)
        stacked on the packaged registry; the packaged registry when None.
    taxonomy
        Topic taxonomy: an object from :func:`workbench.topics.load_taxonomy`, or YAML path(s)
        stacked on the packaged taxonomy; the packaged taxonomy when None.
    cache
        Use and fill the cache.
    cache_dir
        Where the cache lives; ``$WORKBENCH_CACHE`` or ``~/.cache/workbench`` by default.
    progress
        Show a progress bar over the enrichment chunks.
    chunk_size
        Articles per enrichment chunk.
    **read_options
        Passed to :func:`workbench.io.read_articles`.

    Returns
    -------
    Corpus
        The enriched corpus.
    """
    from workbench.io import read_articles
    from workbench.registry import load_registry
    from workbench.topics import load_taxonomy

    # paths name files stacked on the packaged data; None means the packaged data alone
    if registry is None or isinstance(registry, str | os.PathLike | list | tuple):
        paths = (
            []
            if registry is None
            else [registry]
            if isinstance(registry, str | os.PathLike)
            else list(registry)
        )
        registry_obj = load_registry(*paths)
    else:
        registry_obj = registry
    if taxonomy is None or isinstance(taxonomy, str | os.PathLike | list | tuple):
        paths = (
            []
            if taxonomy is None
            else [taxonomy]
            if isinstance(taxonomy, str | os.PathLike)
            else list(taxonomy)
        )
        taxonomy_obj = load_taxonomy(*paths)
    else:
        taxonomy_obj = taxonomy

    key = None
    if cache:
        key = cache_key(source, registry=registry, taxonomy=taxonomy, options=read_options)
    folder = Path(cache_dir) if cache_dir is not None else _default_cache_dir()
    folder = folder / key if key else folder
    if key and (folder / "topics.parquet").is_file():
        articles, mentions, topics = _read_cache(folder)
    else:
        articles = read_articles(source, **read_options)
        articles, mentions, topics = enrich_in_chunks(
            articles,
            registry=registry_obj,
            taxonomy=taxonomy_obj,
            chunk_size=chunk_size,
            progress=progress,
        )
        if key:
            _write_cache(folder, articles, mentions, topics)
    return Corpus(articles, mentions, topics, registry=registry_obj, taxonomy=taxonomy_obj)
