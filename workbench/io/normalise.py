r"""Normalisation shared by every reader: dates, the "(SOURCE)" lead, stable ids, folding, schema.

Dates are parsed by :mod:`workbench.io.dates` (ISO 8601 fast; zone abbreviations, day/month order).

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

import itertools
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from workbench.io.dates import date_problem, parse_dates, parse_dates_with_reasons
from workbench.io.fingerprint import article_id, ids_and_word_counts
from workbench.io.rejects import Rejects
from workbench.schema import ARTICLES, DATE_DTYPE

__all__ = ["article_id", "coerce", "finish_batch", "fold_duplicates", "parse_dates"]

#: Wire-service tags that sit in parentheses at the start of a body and are not a source:
#: "(UPDATE 1)", "(REFILE)", "(CORRECTED-UPDATE 2)", "(Adds quotes)", "(LEAD)" ... (any case).
WIRE_TAGS = (
    "update", "updated", "corrected", "correction", "corrects", "refile", "refiled", "repeat",
    "rpt", "wrapup", "wrap", "roundup", "analysis", "news analysis", "exclusive", "interview",
    "feature", "factbox", "fact box", "preview", "insight", "column", "breakingviews",
    "breaking", "breaking news", "urgent", "flash", "alert", "recast", "lead", "photo",
    "photos", "video", "graphic", "graphics", "live", "opinion", "profile", "timeline",
    "explainer", "editorial", "newsmaker", "special report", "focus", "news focus", "brief",
    "poll", "official", "recap",
)  # fmt: skip
_WIRE_VERBS = (
    "adds", "updates", "corrects", "recasts", "changes", "removes", "fixes", "inserts",
    "rewrites", "repeats", "refiles", "moves", "deletes", "clarifies", "restores", "withdraws",
)  # fmt: skip
_DASHES = "\u2013\u2014"  # en and em dash (RE2 takes no \\u escapes)
_ONE_TAG = rf"(?i:{'|'.join(t.replace(' ', '[ ]') for t in WIRE_TAGS)})(?:[ \-]?[0-9]{{1,3}})?"
#: One wire tag, the inside of its parentheses: tags joined by "-" or "/", or a note that starts
#: with an editing verb ("Adds details, byline").
WIRE_TAG = (
    rf"(?:{_ONE_TAG}(?:[ ]?[\-/][ ]?{_ONE_TAG})*"
    rf"|(?i:{'|'.join(_WIRE_VERBS)})\b[^()\n]{{0,200}})"
)
_LEAD_SKIP = rf"(?:\({WIRE_TAG}\)[\s\-{_DASHES}:,.]*)*"

#: A "(SOURCE)" lead at the start of a body, after any wire tags: "(MENAFN) ...", "(Reuters) -
#: ...", "(AP) —", "(Agência Brasil)", "(AFP/ANSA)", "(UPDATE 1) (Reuters) ..." (gives Reuters).
#: An upper-case letter first (so "(1) ..." and "(sic)" are not sources), then up to 39 letters,
#: digits, spaces and ``& . / ' -``. The readers use this RE2 pattern through Arrow; a lead that
#: is itself a wire tag ("(UPDATE 1) text") gives no source.
SOURCE_LEAD_RE2 = rf"^\s*{_LEAD_SKIP}\((?P<s>\p{{Lu}}[\p{{L}}\p{{M}}0-9&./' \-]{{0,39}})\)"
#: ``re`` version of :data:`SOURCE_LEAD_RE2` for callers (the source is group 1). Python's ``re``
#: has no Unicode upper-case class: a letter other than a-z comes first.
SOURCE_LEAD = re.compile(
    rf"^\s*{_LEAD_SKIP}\((?!{WIRE_TAG}\s*\))((?![a-z])[^\W\d_][\w&./' \-]{{0,39}})\)"
)
_TAG_ONLY_RE2 = rf"^(?:{WIRE_TAG})\s*$"
_ASCII_LEAD_RE2 = r"^\s*\((?P<s>[A-Z][A-Za-z0-9&./' \-]{0,39})\)"


def source_from_lead(bodies: pa.Array) -> pa.Array:
    """Return the source named by a "(SOURCE)" lead at the start of each body, else missing.

    Wire tags before the lead are passed over ("(UPDATE 1) (Reuters) ..." gives ``Reuters``); a
    body that starts with a tag and no lead gives no source. The body itself is left as it is.

    Parameters
    ----------
    bodies
        Article bodies (Arrow strings).

    Returns
    -------
    pyarrow.Array
        Strings such as ``"MENAFN"``; missing where a body has no lead.
    """
    if isinstance(bodies, pa.ChunkedArray):
        bodies = bodies.combine_chunks()
    if bodies.type != pa.large_string():
        bodies = bodies.cast(pa.large_string())
    # ASCII leads first (fast: RE2's Unicode classes cost 7x); the full pattern only for the
    # bodies it may read differently: a tag where the ASCII pattern stopped, or no ASCII lead
    # but a parenthesis (non-ASCII letters). Same result as the full pattern on every body.
    source = _lead(bodies, _ASCII_LEAD_RE2)
    redo = np.flatnonzero(_np(_is_tag(source)))
    if source.null_count:
        # no ASCII lead, but a "(" first (after ASCII white space: what RE2's \s means)
        missing = _np(pc.and_(source.is_null(), bodies.is_valid())).astype(bool)
        redo = np.union1d(redo, np.flatnonzero(missing & _opens_with_paren(bodies)))
    if not len(redo):
        return source
    again = _lead(bodies.take(redo), SOURCE_LEAD_RE2)
    again = pc.if_else(_is_tag(again), pa.scalar(None, again.type), again)
    mask = np.zeros(len(source), dtype=bool)
    mask[redo] = True  # redo is sorted: replacements go in its order
    return pc.replace_with_mask(source, pa.array(mask), again.cast(source.type))


def _is_tag(sources: pa.Array) -> pa.Array:
    """Return whether each source is a wire tag (matched once per distinct value: few)."""
    distinct = pc.unique(sources)
    tags = distinct.filter(pc.fill_null(pc.match_substring_regex(distinct, _TAG_ONLY_RE2), False))
    if not len(tags):
        return pa.array(np.zeros(len(sources), dtype=bool))
    return pc.is_in(sources, value_set=tags)


_PAREN_OR_SPACE = np.zeros(256, dtype=bool)
_PAREN_OR_SPACE[[0x28, 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D]] = True


def _opens_with_paren(texts: pa.Array) -> np.ndarray:
    """Return whether each text starts with "(" or ASCII white space, read off its bytes."""
    _, offsets_buf, data_buf = texts.buffers()
    offsets = np.frombuffer(offsets_buf, np.int64)[texts.offset : texts.offset + len(texts) + 1]
    if data_buf is None or not data_buf.size:
        return np.zeros(len(texts), dtype=bool)
    data = np.frombuffer(data_buf, np.uint8)
    first = data[np.minimum(offsets[:-1], len(data) - 1)]
    return (offsets[1:] > offsets[:-1]) & _PAREN_OR_SPACE[first]


def _lead(bodies: pa.Array, pattern: str) -> pa.Array:
    """Return the trimmed ``s`` group of ``pattern`` in each body; missing where none matches."""
    found = pc.extract_regex(bodies, pattern)  # the group of a row without a match is "", not null
    source = pc.utf8_trim_whitespace(found.field("s"))
    return source if found.null_count == 0 else pc.if_else(found.is_valid(), source, None)


def _np(array: pa.Array | pa.ChunkedArray) -> np.ndarray:
    return array.to_numpy(zero_copy_only=False)


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


def _missing(texts: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Return a mask of missing or empty strings (byte lengths: read off the offsets)."""
    return _np(pc.fill_null(pc.equal(pc.binary_length(texts), 0), True)).astype(bool)


def _texts(values: Any, n: int) -> pa.Array | pa.ChunkedArray:
    """Return titles or bodies as Arrow strings; chunked arrays stay chunked (no copy)."""
    if isinstance(values, pa.ChunkedArray):
        return values if values.type == pa.large_string() else values.cast(pa.large_string())
    return _arrow(values, n)


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
    dayfirst: bool | None = None,
    iso_dates: bool = False,
    row_label: str = "row",
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
        spans several files, then ``files`` lists them in reading order) and ``line`` (the
        record's line in its file: ints, or None where it cannot be known) for reports;
        optionally ``row`` (the record's row or item number: where ``line`` is None a reject
        names it, e.g. ``"row 3: empty title"``); optionally ``n_copies`` and ``origins`` when
        re-reading a frame that was folded before.
    rejects
        Where bad records go.
    date_required
        Whether a missing date is a reject (text format) or a missing value (tables, feeds,
        pages).
    problems
        ``(line, reason, excerpt)`` of records the reader already found bad in this file, or
        ``(file, line, reason, excerpt)`` when ``file`` is per record, or
        ``(file, line, reason, excerpt, order)`` with the number to sort by when ``line`` is None
        (a row or item number). Rejects are reported file by file (in the order of ``files``),
        by line (or row) within a file; file-level problems (no line, no order) first.
    trimmed
        The reader already trimmed ``title`` and ``body`` (Arrow strings, chunked or not): skip
        that pass.
    ids, n_words
        Ids and word counts the reader already computed for every record (the text fast path
        does both over the file's buffer); computed here when None.
    dayfirst
        Day/month order of ambiguous numeric dates (see :func:`workbench.io.dates.parse_dates`).
    iso_dates
        Accept ISO 8601 dates only (the text format's headers).
    row_label
        What ``row`` numbers count in reasons: ``"row"`` (tables) or ``"item"`` (feeds).

    Returns
    -------
    pandas.DataFrame
        The good records with the ``articles`` schema (unfolded).
    """
    title = _texts(columns["title"], 0)
    n = len(title)
    body = _texts(columns["body"], n)
    if not trimmed:
        title, body = pc.utf8_trim_whitespace(title), pc.utf8_trim_whitespace(body)
    raw_dates = columns.get("date")
    dates, bad_date_s, date_reasons = parse_dates_with_reasons(
        raw_dates if raw_dates is not None else [None] * n, dayfirst=dayfirst, iso_only=iso_dates
    )
    bad_date = bad_date_s.to_numpy(dtype=bool)
    no_title = _missing(title)
    no_body = _missing(body)
    no_date = dates.isna().to_numpy() & ~bad_date if date_required else np.zeros(n, dtype=bool)
    bad = no_title | no_body | bad_date | no_date
    lines = columns.get("line")
    rows = columns.get("row")
    file = columns["file"]
    per_record = not isinstance(file, str)
    found: list[tuple[str, int | None, str, str, int]] = []
    for p in problems:
        name, line, reason, excerpt, *order = p if len(p) >= 4 else (file, *p)
        found.append((name, line, reason, excerpt, order[0] if order else _order(line)))
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
                reasons.append(
                    date_reasons.get(int(i))
                    or date_problem(
                        raw[i].as_py() if raw is not None else "",
                        dayfirst=dayfirst,
                        iso_only=iso_dates,
                    )
                )
            if no_date[i]:
                reasons.append("missing date")
            parts = (title[i].as_py(), body[i].as_py())
            excerpt = " ".join(x for x in parts if x)
            line = None if lines is None or lines[i] is None else int(lines[i])
            reason = "; ".join(reasons)
            order = _order(line)
            if line is None and rows is not None:
                order = int(rows[i])
                reason = f"{row_label} {order}: {reason}"
            found.append((file[i] if per_record else file, line, reason, excerpt, order))
    files = columns["files"] if per_record else [file]
    rank = {name: k for k, name in enumerate(files)}
    found.sort(key=lambda p: (rank[p[0]], p[4]))
    for name, line, reason, excerpt, _ in found:
        rejects.add(name, line, reason, excerpt)
    keep_idx = np.flatnonzero(~bad) if bad.any() else None

    def pick(values: Any) -> pa.Array:
        array = _arrow(values, n)
        return array if keep_idx is None else array.take(keep_idx)

    lead = columns.get("lead")
    if keep_idx is not None:
        title, body = title.take(keep_idx), body.take(keep_idx)
        dates = dates.iloc[keep_idx]
        lead = None if lead is None else lead.take(keep_idx)
    source = source_from_lead(body if lead is None else lead)
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
        names = columns["origin"]
        if isinstance(names, list):  # the readers' own list: no round trip through Arrow
            names = names if keep_idx is None else [names[i] for i in keep_idx.tolist()]
        else:
            names = origin.to_pylist()
        frame["origins"] = pd.Series([[o] for o in names], dtype="object")
    return frame


def _order(line: Any) -> int:
    """Sort key of a reject within its file: its line; file-level problems (None) first."""
    return -1 if line is None else int(line)


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
