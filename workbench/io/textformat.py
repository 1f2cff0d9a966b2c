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
import threading
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

#: A well-formed header line: "date", the date token, an optional ref token.
HEADER_PATTERN = (
    rf"^{_WS}*(?i:date){_WS}+(?P<date>[0-9]{_TOKEN}*)(?:{_WS}+(?P<ref>{_TOKEN}+))?{_WS}*$"
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

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
#: First bytes (after spaces and tabs) of a line that may be header-like: the first letters of
#: :data:`DATE_WORDS` in either case, and digits (a date-like token). A necessary condition only:
#: the candidates are confirmed by :data:`HEADER_LIKE_PATTERN` itself.
_MAY_START = np.zeros(256, dtype=np.bool_)
_MAY_START[[ord(c) for w in DATE_WORDS for c in (w[0].lower(), w[0].upper())]] = True
_MAY_START[ord("0") : ord("9") + 1] = True
_WARM_UP = " date 2026-01-27 1\nT\u201cx\u201d \u0132\n(AP) B\u00e9.\n\nMore.\ndat x\n".encode()

_kernels_module: Any = None  # the kernels once loaded; False when numba is missing
_kernels_lock = threading.Lock()


def _kernels() -> Any:
    """Return :mod:`workbench.io.scan_kernels`, loaded and compiled once; None without numba.

    Loading imports numba (about 0.5 s) and compiles the kernels, or loads them from the disk
    cache; done once per process, under a lock, on the first text file read.
    """
    global _kernels_module
    if _kernels_module is None:
        with _kernels_lock:
            if _kernels_module is None:
                try:
                    from workbench.io import scan_kernels
                except ImportError:  # pragma: no cover - numba is a dependency
                    _kernels_module = False
                else:
                    _scan(scan_kernels, _WARM_UP, "warm-up")  # compile (or load) every kernel
                    _kernels_module = scan_kernels
    return _kernels_module or None


def parse_text_bytes(data: bytes, file: str, rejects: Rejects) -> tuple[pd.DataFrame, int] | None:
    """Parse one file like :func:`parse_text`, from its bytes (see :func:`scan_text_bytes`).

    Returns None when the fast path does not apply; then use :func:`parse_text`.
    """
    scan = scan_text_bytes(data, file)
    return None if scan is None else finish_text_scans([scan], rejects)


def finish_text_scans(scans: list[dict[str, Any]], rejects: Rejects) -> tuple[pd.DataFrame, int]:
    """Validate the records of one or more scanned files in one batch (files in reading order).

    Titles and bodies stay in the buffers the scans wrote (one Arrow chunk per file, no copy);
    the source lead is read from the short body prefixes the scans cut.

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
        frame = finish_batch(
            dict(scan["columns"]),
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
        name: pa.concat_arrays([c[name] for c in cols]) for name in ("date", "ref", "lead")
    }
    for name in ("title", "body"):
        columns[name] = pa.chunked_array([c[name] for c in cols], pa.large_string())
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
    numbers, ids and word counts), with two compiled passes over the bytes
    (:mod:`workbench.io.scan_kernels`: lines and validation, then titles, bodies, word counts and
    id keys), one RE2 match over the few lines that may be header-like, and one SHA-256 call per
    article. Returns None, for :func:`parse_text`, when the bytes are not plain UTF-8 with
    ``\\n`` line ends, or hold control characters other than tab and line feed, or non-ASCII
    white space (where Unicode trimming rules apply), or no header line; and when numba is
    missing.

    Parameters
    ----------
    data
        The file's bytes.
    file
        The file's name (``origin`` and reports).

    Returns
    -------
    dict or None
        ``columns`` (raw, trimmed: titles and bodies as Arrow strings over the buffers the scan
        wrote, ``lead`` the body prefixes that decide the source lead), ``problems`` found
        while parsing, ``seen`` records, ``ids`` and ``n_words`` of every record; or None.
    """
    kernels = _kernels()
    return None if kernels is None else _scan(kernels, data, file)


def _scan(k: Any, data: bytes, file: str) -> dict[str, Any] | None:
    """Do :func:`scan_text_bytes` with the kernels module ``k``."""
    from workbench.io.fingerprint import ID_DIGITS, content_key

    if not data or data.startswith(_BOMS):
        return None
    u = np.frombuffer(data, dtype=np.uint8)
    status, m, line_no, ls, lt, te, candidate = k.scan_lines(u, _MAY_START)
    if status != k.OK or m == 0:
        return None
    line_no, ls, lt, te = line_no[:m], ls[:m], lt[:m], te[:m]
    at = np.flatnonzero(candidate[:m])
    lines = _string_array(*k.gather(u, ls[at], te[at]))  # right-trimmed, as parse_text has them
    hit = pc.match_substring_regex(lines, HEADER_LIKE_PATTERN)
    heads = at[hit.to_numpy(False)]
    n = len(heads)
    if n == 0:
        return None  # no header: parse_text reports the whole file

    def text_of(j: int) -> str:  # kept line j, right-trimmed
        return data[ls[j] : te[j]].decode("utf-8")

    problems: list[tuple[int | None, str, str]] = []
    seen = n
    if heads[0] > 0:
        seen += 1
        stray = " ".join(text_of(j) for j in range(min(int(heads[0]), 3)))
        reason = f"text before the first header line; {HEADER_HELP}"
        problems.append((int(line_no[0]), reason, stray))
    parsed = pc.extract_regex(lines.filter(hit), HEADER_PATTERN)
    garbled = parsed.is_null().to_numpy(False)
    if garbled.any():
        nxt = np.append(heads[1:], m)
        for g in np.flatnonzero(garbled).tolist():
            h = int(heads[g])
            title = text_of(h + 1) if h + 1 < nxt[g] else ""
            excerpt = " ".join(x for x in (text_of(h), title) if x)
            reason = f"garbled header line; {HEADER_HELP}"
            problems.append((int(line_no[h]), reason, excerpt))
        parsed = parsed.filter(pa.array(~garbled))
    keep = ~garbled
    tof, titles, bof, bodies, kof, keys, n_words, whole, suspect, lof, leads = k.build_records(
        u, ls, lt, te, m, heads, keep, _scratch(len(u) + n + 1)
    )
    # ids: one SHA-256 per record over its key (records without a title or a body are
    # rejected, their ids unused)
    sha = hashlib.sha256
    view = memoryview(keys)
    bounds = kof.tolist()
    ids = [
        sha(view[a:b]).hexdigest()[:ID_DIGITS] for a, b in zip(bounds, bounds[1:], strict=False)
    ]
    for j in np.flatnonzero(suspect).tolist():  # a character NFKC might change: the exact key
        digest = sha(content_key(titles[tof[j] : tof[j + 1]].tobytes().decode("utf-8")))
        digest.update(b"\n")
        digest.update(content_key(bodies[bof[j] : bof[j + 1]].tobytes().decode("utf-8")))
        ids[j] = digest.hexdigest()[:ID_DIGITS]
    header_lines = line_no[heads[keep]]
    columns = {
        "date": parsed.field("date"),
        "ref": parsed.field("ref"),
        "title": _string_array(titles, tof),
        "body": _string_array(bodies, bof),
        "lead": _string_array(leads, lof),  # what decides each body's "(SOURCE)" lead
        "line": header_lines,
        "origin": [f"{file}:{n}" for n in header_lines.tolist()],
        "file": file,
    }
    return {"columns": columns, "problems": problems, "seen": seen, "ids": ids, "n_words": n_words}


_SCRATCH_MAX = 64 << 20  # bytes of id keys a thread keeps for the next file
_scratch_local = threading.local()


def _scratch(size: int) -> np.ndarray:
    """Return this thread's buffer for id keys (at least ``size`` bytes, reused file to file).

    The keys only live until the file's ids are hashed; reusing their memory saves a page fault
    per 4 KB. Above :data:`_SCRATCH_MAX` a fresh buffer is returned and not kept.
    """
    buffer = getattr(_scratch_local, "buffer", None)
    if buffer is not None and len(buffer) >= size:
        return buffer
    if size > _SCRATCH_MAX:
        return np.empty(size, np.uint8)
    _scratch_local.buffer = buffer = np.empty(max(size, 4 << 20), np.uint8)
    return buffer


def _string_array(data: np.ndarray, offsets: np.ndarray) -> pa.Array:
    """Return UTF-8 bytes and ``int64`` offsets as an Arrow ``large_string`` array (no copy)."""
    return pa.LargeStringArray.from_buffers(
        len(offsets) - 1, pa.py_buffer(offsets), pa.py_buffer(data)
    )
