r"""The article text format of ``examples/seed-article.txt``: one or many articles per file.

Each article is::

     date 2026-01-27 403
    Title line
    (SOURCE) First body paragraph ...
    Second body paragraph ...

a header line (optional leading white space, the word ``date``, an ISO 8601 date, an optional
opaque reference token kept as text), the title line, then body paragraphs, one per line, up to
the next header line or the end of the file. Blank lines carry nothing: they may appear anywhere
(between the header and the title too) and are not kept in the body. Trailing white space on a
line is dropped. The header's date must be ISO 8601 (``2026-01-27``, ``2026-01-27T10:00:00Z``,
``2026-01-27T12:00:00+02:00``); any other form (``27/01/2026``) is rejected, naming the line.

Lines that *look* like a header but are not one also start a record, so that a garbled header is
reported instead of being silently merged into the previous article's body: a line that starts
with ``date`` or a near miss of it (``dat``, ``dte``, ``Date:``, ``DATE`` ... see
:data:`DATE_WORDS`), alone or followed by a date-like token and at most three more tokens
("dat 2026-01-27 403", "date: 27/01/2026", "date 2026-01-27 10:00 UTC 403"), and a line that is
only a date-like token and at most one more ("2026-01-27 403"). Body paragraphs that merely
begin with a date word or hold a date ("Date set for talks", "Updated 2026-01-28", "On
2026-01-28 the talks resumed") are body text. Text before the first header is reported.

Speed: plain UTF-8 files (``\n`` line ends, no control characters but tab, no non-ASCII white
space: nearly all files) take :func:`scan_text_bytes`, which works on the file's bytes with a few
whole-buffer passes (numpy for line feeds and word starts, one RE2 match over zero-copy line
views, one ``bytes.translate`` for the id keys, one SHA-256 call per article); the read loop
validates the scanned files in batches of ~32 MB with one :func:`finish_batch` call.
Everything else (CRLF, BOMs, UTF-16, cp1252, Unicode spaces) goes through :func:`parse_text`,
which splits the decoded text into lines and classifies them with Arrow kernels. Both give the
same records, rejects, line numbers, ids and word counts (checked by property tests).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from workbench.io.normalise import finish_batch
from workbench.io.rejects import Rejects

_WS = "[ \\t]"
_TOKEN = "[^ \\t]"


#: Near misses of the word "date" that start a garbled header line (any case, ":" "." "," or ";"
#: may follow): "dat 2026-01-27 403", "Date: 27/01/2026", "DTE 2026-01-27".
DATE_WORDS = ("date", "dat", "dte", "dae", "dtae", "daet", "adte", "datee", "ddate")
#: A date-like token: year first (2026-01-27, 2026/1/27, 2026.01.27) or last (27/01/2026,
#: 01-27-26), anything after it (a time, a typo) being part of the token.
_DATE_LIKE = (
    "(?:[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}"
    "|[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}|[0-9]{1,2}[.][0-9]{1,2}[.][0-9]{2,4}"
    "|[0-9]{1,2}-[0-9]{1,2}-[0-9]{2,4})"
)


def _header_like_pattern(token: str, end: str) -> str:
    word = f"(?i:{'|'.join(DATE_WORDS)})[:.,;]?"
    date = f"{_DATE_LIKE}{token}*"
    after_word = f"(?:{_WS}*{date}(?:{_WS}+{token}+){{0,3}})?"  # "date 2026-01-27 10:00 UTC 403"
    alone = f"{date}(?:{_WS}+{token}+)?"  # "2026-01-27 403"
    return rf"^{_WS}*(?:{word}{after_word}|{alone}){_WS}*{end}"


#: A header-like line: one of :data:`DATE_WORDS` alone or followed by a date-like token and at
#: most three more tokens, or a date-like token and at most one more token. Body lines such
#: as "Updated 2026-01-28", "Date set for talks" or "On 27/01/2026 the talks resumed" are not
#: header-like. Same syntax in RE2 and ``re``.
HEADER_LIKE_PATTERN = _header_like_pattern(_TOKEN, "$")
#: The same over a raw line that still ends with its line feed (the fast path of
#: :func:`parse_text_bytes`): tokens stop at the line feed.
_HEADER_LIKE_LINE = _header_like_pattern("[^ \\t\\n]", "\\n?$")

#: A well-formed header line: "date", the date token, an optional ref token.
HEADER_PATTERN = (
    rf"^{_WS}*(?i:date){_WS}+(?P<date>[0-9]{_TOKEN}*)(?:{_WS}+(?P<ref>{_TOKEN}+))?{_WS}*$"
)
#: The same over a raw line that still ends with its line feed (fast path).
_HEADER_LINE = (
    rf"^{_WS}*(?i:date){_WS}+(?P<date>[0-9][^ \t\n]*)(?:{_WS}+(?P<ref>[^ \t\n]+))?{_WS}*\n?$"
)
#: ``re`` version of :data:`HEADER_LIKE_PATTERN` over a whole text, line by line (used by the
#: writer to refuse a body line that would read as a header).
HEADER_LIKE = re.compile(_header_like_pattern("[^ \\t\\n]", "$"), re.MULTILINE)

HEADER_HELP = "expected a header line like ' date 2026-01-27 REF'"


def parse_text(text: str | pa.Array, file: str, rejects: Rejects) -> tuple[pd.DataFrame, int]:
    r"""Parse the articles of one file in the text format.

    Parameters
    ----------
    text
        The decoded file content with ``\\n`` line ends.
    file
        The file's name, used in ``origin`` (``"file:line"`` of each header) and in reports.
    rejects
        Where bad records go (raises at the first one under ``errors="raise"``).

    Returns
    -------
    tuple
        ``(articles, n_seen)``: the good articles (unfolded ``articles`` frame) and the number
        of records seen (header-like lines, plus stray text before the first header).
    """
    if isinstance(text, str):
        text = pa.array([text], pa.large_string())
    all_lines = pc.utf8_rtrim_whitespace(pc.split_pattern(text, "\n").flatten())
    kept_at = np.flatnonzero(pc.greater(pc.utf8_length(all_lines), 0).to_numpy(False))
    lines = all_lines.take(kept_at)
    line_no = kept_at + 1
    m = len(lines)
    heads = np.flatnonzero(pc.match_substring_regex(lines, HEADER_LIKE_PATTERN).to_numpy(False))
    problems: list[tuple[int | None, str, str]] = []
    seen = len(heads)
    first = heads[0] if len(heads) else m
    if first > 0:
        seen += 1
        stray = " ".join(lines.slice(0, min(first, 3)).to_pylist())
        reason = f"text before the first header line; {HEADER_HELP}"
        problems.append((int(line_no[0]), reason, stray))
    nxt = np.append(heads[1:], m).astype(np.int64)
    has_title = heads + 1 < nxt
    title_at = np.where(has_title, heads + 1, 0)
    titles = (
        lines.take(pa.array(title_at, mask=~has_title)) if m else pa.array([], pa.large_string())
    )
    body_start = np.minimum(heads + 2, nxt)
    counts = nxt - body_start
    offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
    body_at = np.arange(offsets[-1], dtype=np.int64) - np.repeat(offsets[:-1] - body_start, counts)
    body_lists = pa.LargeListArray.from_arrays(offsets, lines.take(body_at))
    bodies = pc.binary_join(body_lists, pa.scalar("\n", pa.large_string()))
    parsed = pc.extract_regex(lines.take(heads), HEADER_PATTERN)
    garbled = parsed.is_null().to_numpy(False)
    if garbled.any():
        for k in np.flatnonzero(garbled):
            excerpt = " ".join(x for x in (lines[heads[k]].as_py(), titles[k].as_py()) if x)
            reason = f"garbled header line; {HEADER_HELP}"
            problems.append((int(line_no[heads[k]]), reason, excerpt))
        good = np.flatnonzero(~garbled)
        heads, titles, bodies, parsed = (
            heads,
            titles.take(good),
            bodies.take(good),
            parsed.take(good),
        )
        heads = heads[good]
    header_lines = line_no[heads]
    columns = {
        "date": parsed.field("date"),
        "ref": parsed.field("ref"),
        "title": titles,
        "body": bodies,
        "line": header_lines,
        "origin": [f"{file}:{n}" for n in header_lines.tolist()],
        "file": file,
    }
    frame = finish_batch(columns, rejects, date_required=True, problems=problems, iso_dates=True)
    return frame, seen


# ------------------------------------------------------------------------------------ fast path

#: UTF-8 white space outside ASCII (U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029,
#: U+202F, U+205F, U+3000) as (first byte, second byte, third bytes): where any occurs, trimming and
#: blank lines follow Unicode rules, so the file takes :func:`parse_text`.
_WIDE_SPACES = (
    (0xC2, 0x85, None),
    (0xC2, 0xA0, None),
    (0xE1, 0x9A, (0x80,)),
    (0xE2, 0x80, (*range(0x80, 0x8B), 0xA8, 0xA9, 0xAF)),
    (0xE2, 0x81, (0x9F,)),
    (0xE3, 0x80, (0x80,)),
)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_MAX_TRIM_STEPS = 16
_DELETE = bytes(range(33))
_SINGLE_THIRD = (0x98, 0x99, 0x9A, 0x9B, 0xB2)  # E2 80 xx: ‘ ’ ‚ ‛ ′
_DOUBLE_THIRD = (0x9C, 0x9D, 0x9E, 0x9F, 0xB3)  # E2 80 xx: “ ” „ ‟ ″
_CURLY_THIRD = _SINGLE_THIRD + _DOUBLE_THIRD


def _byte_set(values: tuple[int, ...] | range) -> np.ndarray:
    """Return a 256-entry lookup table: ``table[b]`` is True for the bytes in ``values``."""
    table = np.zeros(256, dtype=bool)
    table[list(values)] = True
    return table


def _has_wide_spaces(u: np.ndarray, leads: np.ndarray) -> bool:
    """Whether the UTF-8 bytes ``u`` hold a non-ASCII white-space character (lead bytes given)."""
    last = len(u) - 1
    first = u[leads]
    second = u[np.minimum(leads + 1, last)]
    third = u[np.minimum(leads + 2, last)]
    for a, b, c in _WIDE_SPACES:
        hit = (first == a) & (second == b)
        if c is not None:
            hit &= _byte_set(c)[third]
        if hit.any():
            return True
    return False


def _trim_steps(u: np.ndarray, at: np.ndarray, stop: np.ndarray, step: int) -> np.ndarray | None:
    """Move ``at`` by ``step`` over spaces and tabs up to ``stop`` (None: too many of them)."""
    at = at.copy()
    last = len(u) - 1
    for _ in range(_MAX_TRIM_STEPS):
        inside = at < stop if step > 0 else at > stop
        byte = u[np.clip(at if step > 0 else at - 1, 0, max(last, 0))]
        move = inside & ((byte == 32) | (byte == 9))
        if not move.any():
            return at
        at += step * move
    return None


def parse_text_bytes(data: bytes, file: str, rejects: Rejects) -> tuple[pd.DataFrame, int] | None:
    """Parse one file like :func:`parse_text`, from its bytes (see :func:`scan_text_bytes`).

    Returns None when the fast path does not apply; then use :func:`parse_text`.
    """
    scan = scan_text_bytes(data, file)
    return None if scan is None else finish_text_scans([scan], rejects)


def finish_text_scans(scans: list[dict[str, Any]], rejects: Rejects) -> tuple[pd.DataFrame, int]:
    """Validate the records of one or more scanned files in one batch (files in reading order).

    Parameters
    ----------
    scans
        Results of :func:`scan_text_bytes`.
    rejects
        Where bad records go (reported file by file, by line within a file).

    Returns
    -------
    tuple
        ``(articles, n_seen)``: the good articles of all the files (unfolded) and the records seen.
    """
    seen = sum(scan["seen"] for scan in scans)
    if len(scans) == 1:
        scan = scans[0]
        columns = dict(scan["columns"])
        columns["title"] = _strings(columns["title"], columns.pop("title_sizes"))
        columns["body"] = _strings(columns["body"])
        frame = finish_batch(
            columns,
            rejects,
            problems=scan["problems"],
            trimmed=True,
            ids=scan["ids"],
            n_words=scan["n_words"],
            iso_dates=True,
        )
        return frame, seen
    cols = [scan["columns"] for scan in scans]
    columns: dict[str, Any] = {
        name: pa.concat_arrays([c[name] for c in cols]) for name in ("date", "ref")
    }
    columns["title"] = _strings(
        [t for c in cols for t in c["title"]], np.concatenate([c["title_sizes"] for c in cols])
    )
    columns["body"] = _strings([b for c in cols for b in c["body"]])
    columns["line"] = np.concatenate([c["line"] for c in cols])
    columns["origin"] = [o for c in cols for o in c["origin"]]
    columns["file"] = [c["file"] for c in cols for _ in range(len(c["line"]))]
    columns["files"] = [c["file"] for c in cols]
    problems = [(scan["columns"]["file"], *p) for scan in scans for p in scan["problems"]]
    frame = finish_batch(
        columns,
        rejects,
        problems=problems,
        trimmed=True,
        ids=[i for scan in scans for i in scan["ids"]],
        n_words=np.concatenate([scan["n_words"] for scan in scans]),
        iso_dates=True,
    )
    return frame, seen


def scan_text_bytes(data: bytes, file: str) -> dict[str, Any] | None:
    r"""Scan one file in the text format straight from its UTF-8 bytes (the common case, fast).

    Gives exactly what :func:`parse_text` gives on the decoded text (same records, rejects, line
    numbers, ids and word counts), with a few whole-buffer passes: line feeds and word starts by
    numpy, header lines by one RE2 match over zero-copy line views, titles and bodies sliced out
    of the buffer, ids hashed over one buffer with white space removed (see
    :mod:`workbench.io.fingerprint`). Returns None, for :func:`parse_text`, when the bytes are
    not plain UTF-8 with ``\\n`` line ends, or hold control characters other than tab and line
    feed, or non-ASCII white space (where Unicode trimming rules apply).

    Parameters
    ----------
    data
        The file's bytes.
    file
        The file's name (``origin`` and reports).

    Returns
    -------
    dict or None
        ``columns`` (raw, trimmed; titles and bodies as pieces of ``data``, copied once per
        batch by :func:`finish_text_scans`), ``problems`` found while parsing, ``seen``
        records, ``ids`` and ``n_words`` of every record; or None.
    """
    from workbench.io.fingerprint import ID_DIGITS, content_key

    size = len(data)
    if size == 0 or data.startswith(_BOMS):
        return None
    u = np.frombuffer(data, dtype=np.uint8)
    controls = np.flatnonzero(u < 32)
    kinds = u[controls]
    nl = controls[kinds == 10]
    if len(nl) + np.count_nonzero(kinds == 9) != len(controls):
        return None  # CR, NUL or another control character
    leads = np.flatnonzero(u >= 0xC0)
    if len(leads) and _has_wide_spaces(u, leads):
        return None
    offsets_1 = pa.py_buffer(np.array([0, size], dtype=np.int64))
    buffer = pa.py_buffer(data)
    try:
        pa.LargeStringArray.from_buffers(1, offsets_1, buffer).validate(full=True)
    except pa.ArrowInvalid:
        return None  # not UTF-8
    # lines: [ls, le) without the line feed; te = le without trailing spaces and tabs
    ls = np.concatenate(([0], nl + 1)).astype(np.int64)
    le = np.concatenate((nl, [size])).astype(np.int64)
    te = _trim_steps(u, le, ls, -1)
    lt = _trim_steps(u, ls, le, 1) if te is not None else None
    if te is None or lt is None:
        return None
    nonblank = te > ls
    kept_at = np.flatnonzero(nonblank)
    line_no = kept_at + 1
    m = len(kept_at)
    if m == 0:
        return None
    line_views = pa.LargeStringArray.from_buffers(
        len(ls), pa.py_buffer(np.append(ls, size)), buffer
    )
    is_head = pc.match_substring_regex(line_views, _HEADER_LIKE_LINE).to_numpy(False)
    heads = np.flatnonzero(is_head[kept_at])

    def text_of(j: int) -> str:  # kept line j, right-trimmed
        a = kept_at[j]
        return data[ls[a] : te[a]].decode("utf-8")

    problems: list[tuple[int | None, str, str]] = []
    seen = len(heads)
    first = heads[0] if len(heads) else m
    if first > 0:
        seen += 1
        stray = " ".join(text_of(j) for j in range(min(first, 3)))
        reason = f"text before the first header line; {HEADER_HELP}"
        problems.append((int(line_no[0]), reason, stray))
    n = len(heads)
    if n == 0:
        return None
    nxt = np.append(heads[1:], m).astype(np.int64)
    has_title = heads + 1 < nxt
    body_first = np.minimum(heads + 2, nxt)
    has_body = body_first < nxt
    head_line = kept_at[heads]
    title_line = kept_at[np.minimum(heads + 1, max(m - 1, 0))]
    # byte regions of each record: title [t0, t1), body [t1, end)
    t0 = np.where(has_title, lt[title_line], le[head_line])
    t1 = np.where(has_title, te[title_line], le[head_line])
    end = np.append(ls[head_line[1:]], size).astype(np.int64) if n else np.zeros(0, np.int64)
    first_body = kept_at[np.minimum(body_first, max(m - 1, 0))]
    last_body = kept_at[np.maximum(nxt - 1, 0)]
    # a body is one slice of the buffer unless blank lines or trailing blanks sit inside it
    untidy = np.concatenate(([0], np.cumsum(~nonblank | (te != le))))
    tidy = untidy[last_body] - untidy[first_body] == 0
    mv = memoryview(data)
    t0l, t1l = t0.tolist(), t1.tolist()
    titles = [mv[a:b] for a, b in zip(t0l, t1l, strict=True)]
    bodies: list[Any] = []
    for a, b, ok, yes in zip(
        first_body.tolist(), last_body.tolist(), tidy.tolist(), has_body.tolist(), strict=True
    ):
        if not yes:
            bodies.append(b"")
        elif ok:
            bodies.append(mv[lt[a] : te[b]])
        else:
            rows = [j for j in range(a, b + 1) if nonblank[j]]
            parts = [data[lt[a] : te[a]]] + [data[ls[j] : te[j]] for j in rows[1:]]
            bodies.append(b"\n".join(parts))
    title_sizes = t1 - t0
    # word counts: word starts (a byte that is not white space after one that is)
    space = u <= 32
    starts = np.empty(size, dtype=bool)
    starts[0] = not space[0]
    np.greater(space[:-1], space[1:], out=starts[1:])
    count = np.count_nonzero
    n_words = np.array(
        [count(starts[a:b]) for a, b in zip(t0l, end.tolist(), strict=True)], dtype=np.int64
    )
    # ids: quotes straightened; 0xFF (never in UTF-8) written over the white-space byte before
    # each title and at the end of each body, 0xFE over the one after the title; white space
    # removed by one translate; then each record's "title key, 0xFE -> line feed, body key"
    # lies between two 0xFF marks and is hashed in one call
    work = bytearray(data if data.endswith(b"\n") else data + b"\n")  # a line feed at the end
    view = np.frombuffer(work, dtype=np.uint8)
    quotes = _quote_leads(u, leads)
    if len(quotes):
        _straighten_at(view, u, quotes)
    whole = np.flatnonzero(has_title & has_body)
    view[t0[whole] - 1] = 0xFF
    view[t1[whole]] = 0xFE  # becomes the line feed between the title key and the body key
    view[np.where(end[whole] < size, end[whole] - 1, len(work) - 1)] = 0xFF  # a line feed
    packed = view[view > 32]  # white space out (numpy: no GIL held, unlike bytes.translate)
    cuts = np.flatnonzero(packed >= 0xFE)
    packed[cuts[1::3]] = 10
    keys = memoryview(packed)
    sha = hashlib.sha256
    ids = [""] * n
    at = cuts.tolist()
    for k, a, b in zip(whole.tolist(), at[0::3], at[2::3], strict=True):
        ids[k] = sha(keys[a + 1 : b]).hexdigest()[:ID_DIGITS]
    rest = np.setdiff1d(leads, quotes, assume_unique=True)
    if len(rest):
        for k in _suspect_rows(u, rest, t0, whole):
            digest = sha(content_key(bytes(titles[k]).decode("utf-8")))
            digest.update(b"\n")
            digest.update(content_key(bytes(bodies[k]).decode("utf-8")))
            ids[k] = digest.hexdigest()[:ID_DIGITS]
    parsed = pc.extract_regex(line_views.take(head_line), _HEADER_LINE)
    garbled = parsed.is_null().to_numpy(False)
    good = None
    if garbled.any():
        for k in np.flatnonzero(garbled):
            title = text_of(heads[k] + 1) if has_title[k] else ""
            excerpt = " ".join(x for x in (text_of(heads[k]), title) if x)
            reason = f"garbled header line; {HEADER_HELP}"
            problems.append((int(line_no[heads[k]]), reason, excerpt))
        good = np.flatnonzero(~garbled)
        keep = good.tolist()
        titles, bodies = [titles[i] for i in keep], [bodies[i] for i in keep]
        title_sizes = title_sizes[good]
        parsed = parsed.take(good)
        heads, n_words = heads[good], n_words[good]
        ids = [ids[i] for i in good.tolist()]
    header_lines = line_no[heads]
    columns = {
        "date": parsed.field("date"),
        "ref": parsed.field("ref"),
        "title": titles,  # pieces of the file's bytes: copied once per batch by _strings
        "title_sizes": title_sizes,
        "body": bodies,
        "line": header_lines,
        "origin": [f"{file}:{n}" for n in header_lines.tolist()],
        "file": file,
    }
    return {"columns": columns, "problems": problems, "seen": seen, "ids": ids, "n_words": n_words}


_CURLY = _byte_set(_CURLY_THIRD)
_DOUBLE = _byte_set(_DOUBLE_THIRD)
_ANGLE = _byte_set((0xAB, 0xBB))  # « » after C2
_C4_COMPAT = _byte_set((0xB2, 0xB3, 0xBF))  # Ĳ ĳ Ŀ
_C5_COMPAT = _byte_set((0x80, 0x89, 0xBF))  # ŀ ŉ ſ
_DASHES = _byte_set((0x93, 0x94))  # – — after E2 80


def _quote_leads(u: np.ndarray, leads: np.ndarray) -> np.ndarray:
    """Return the lead bytes (of ``leads``) of the quote characters the ids straighten."""
    last = len(u) - 1
    first = u[leads]
    second = u[np.minimum(leads + 1, last)]
    third = u[np.minimum(leads + 2, last)]
    curly = (first == 0xE2) & (second == 0x80) & _CURLY[third]
    angle = (first == 0xC2) & _ANGLE[second]
    return leads[curly | angle]


def _straighten_at(view: np.ndarray, u: np.ndarray, quotes: np.ndarray) -> None:
    """Write the straight quote over each quote of ``u`` (lead bytes at ``quotes``) in ``view``."""
    wide = u[quotes] == 0xE2
    third = u[np.minimum(quotes + 2, len(u) - 1)]
    double = np.where(wide, _DOUBLE[third], True)  # « » are double quotes
    view[quotes] = np.where(double, 0x22, 0x27)
    view[quotes + 1] = 0
    view[quotes[wide] + 2] = 0


def _suspect_rows(u: np.ndarray, leads: np.ndarray, t0: np.ndarray, whole: np.ndarray) -> list[int]:
    """Return the records (of ``whole``) holding a character NFKC might change.

    ``leads`` are the lead bytes of the non-quote characters; the whitelist is the one of
    :func:`workbench.io.fingerprint._nfkc_suspects` (Latin-1 and Latin Extended-A letters but
    for their compatibility characters, en and em dashes).
    """
    last = len(u) - 1
    first = u[leads]
    second = u[np.minimum(leads + 1, last)]
    third = u[np.minimum(leads + 2, last)]
    stable = first == 0xC3
    stable |= (first == 0xC4) & ~_C4_COMPAT[second]
    stable |= (first == 0xC5) & ~_C5_COMPAT[second]
    stable |= (first == 0xE2) & (second == 0x80) & _DASHES[third]
    rows = np.unique(np.searchsorted(t0, leads[~stable], "right") - 1)
    chosen = set(whole.tolist())
    return [k for k in rows.tolist() if k in chosen]


def _strings(pieces: list[Any], lengths: np.ndarray | None = None) -> pa.Array:
    """Return byte pieces (valid UTF-8) as one Arrow ``large_string`` array, in one copy."""
    if lengths is None:
        lengths = np.fromiter((len(p) for p in pieces), dtype=np.int64, count=len(pieces))
    offsets = np.zeros(len(pieces) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    data = b"".join(pieces)
    return pa.LargeStringArray.from_buffers(len(pieces), pa.py_buffer(offsets), pa.py_buffer(data))
