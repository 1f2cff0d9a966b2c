r"""Compiled kernels of the text reader's fast path (numba), over a file's bytes as ``uint8``.

:func:`workbench.io.textformat.scan_text_bytes` does all its per-byte work in two passes:

1. :func:`scan_lines` validates the bytes (UTF-8, no control character but tab and line feed, no
   non-ASCII white space) and finds the kept lines (not blank once trimmed of spaces and tabs)
   with their trimmed bounds and whether their first byte may start a header-like line (the
   candidates are then confirmed by the RE2 pattern, so the header-like rule is the pattern's);
2. :func:`build_records`, given the header lines, writes every record's title and body (lines
   joined by line feeds, as :func:`~workbench.io.textformat.parse_text` joins them) into two
   buffers with offsets, its word count, its id key (see :mod:`workbench.io.fingerprint`: quotes
   straightened, white space removed, ``title key + "\n" + body key``) into a third buffer, flags
   the records holding a character NFKC might change, and cuts the prefix of each body that
   decides its "(SOURCE)" lead (:func:`lead_zone`).

Only the SHA-256 of each key (``hashlib``, which releases the GIL) and the batch validation are
left to Python. The kernels hold no GIL (``nogil=True``): files are scanned on threads in parallel.

Compile time: the kernels are compiled on first use and cached on disk (``cache=True``, in
``__pycache__`` beside this file, or numba's user-wide cache when that is not writable). The first
call in a fresh environment compiles them: about 3-6 s, once. Later processes load the cache:
about 0.5 s, most of it importing numba, paid on the first text file read, not at import of
:mod:`workbench`.
"""

from __future__ import annotations

import numpy as np
from numba import njit

#: bytes 0x20 and 0x80 in every lane: ``((w - _LOW) | w) & _HIGH == 0`` holds exactly when each
#: byte of the word ``w`` is printable ASCII (0x20..0x7F), the "has less than" bit trick
_LOW = np.uint64(0x2020202020202020)
_HIGH = np.uint64(0x8080808080808080)

OK = 0
#: a control character other than tab and line feed, or bytes that are not UTF-8
BAD = 1
#: non-ASCII white space (U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F,
#: U+205F, U+3000): trimming and blank lines follow Unicode rules there
WIDE_SPACE = 2


@njit(nogil=True, cache=True)
def scan_lines(
    u: np.ndarray, may_start: np.ndarray
) -> tuple[int, int, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Validate the bytes and find the kept lines (one pass).

    Parameters
    ----------
    u
        The file's bytes (``uint8``).
    may_start
        256 booleans: the first bytes (after spaces and tabs) a header-like line may have.

    Returns
    -------
    tuple
        ``(status, m, line_no, ls, lt, te, candidate)``: :data:`OK`, :data:`BAD` or
        :data:`WIDE_SPACE`; the number of kept lines; then, for kept line ``j < m``, its 1-based
        line number, start, start after leading spaces and tabs, end before trailing ones (line
        feed excluded), and whether it may be header-like.
    """
    size = u.shape[0]
    n_lines = 1
    for i in range(size):
        n_lines += 1 if u[i] == 10 else 0
    line_no = np.empty(n_lines, np.int64)
    ls = np.empty(n_lines, np.int64)
    lt = np.empty(n_lines, np.int64)
    te = np.empty(n_lines, np.int64)
    candidate = np.empty(n_lines, np.bool_)
    m = 0
    line = 0
    start = 0
    i = 0
    words = u[: size - size % 8].view(np.uint64)  # 8 bytes at a time over printable ASCII
    n_words = words.shape[0]
    while i <= size:
        if (i & 7) == 0:
            w = i >> 3
            while w < n_words and ((words[w] - _LOW) | words[w]) & _HIGH == 0:
                w += 1
            i = w << 3
            if i > size:
                i = size
        c = u[i] if i < size else 10
        if c < 0x80:
            if c == 10:
                end = i
                while end > start and (u[end - 1] == 32 or u[end - 1] == 9):
                    end -= 1
                if end > start:
                    first = start
                    while u[first] == 32 or u[first] == 9:
                        first += 1
                    line_no[m] = line + 1
                    ls[m] = start
                    lt[m] = first
                    te[m] = end
                    candidate[m] = may_start[u[first]]
                    m += 1
                line += 1
                start = i + 1
            elif c < 32 and c != 9:
                return BAD, m, line_no, ls, lt, te, candidate
            i += 1
            continue
        # a multi-byte character: strict UTF-8 (no overlong forms, surrogates, > U+10FFFF)
        if c < 0xC2 or c > 0xF4:
            return BAD, m, line_no, ls, lt, te, candidate
        if c < 0xE0:
            if i + 1 >= size or (u[i + 1] & 0xC0) != 0x80:
                return BAD, m, line_no, ls, lt, te, candidate
            if c == 0xC2 and (u[i + 1] == 0x85 or u[i + 1] == 0xA0):
                return WIDE_SPACE, m, line_no, ls, lt, te, candidate
            i += 2
            continue
        lo = 0x80
        hi = 0xBF
        if c == 0xE0:
            lo = 0xA0
        elif c == 0xED:
            hi = 0x9F
        elif c == 0xF0:
            lo = 0x90
        elif c == 0xF4:
            hi = 0x8F
        if i + 1 >= size or u[i + 1] < lo or u[i + 1] > hi:
            return BAD, m, line_no, ls, lt, te, candidate
        if i + 2 >= size or (u[i + 2] & 0xC0) != 0x80:
            return BAD, m, line_no, ls, lt, te, candidate
        if c < 0xF0:
            b1 = u[i + 1]
            b2 = u[i + 2]
            if (
                (c == 0xE1 and b1 == 0x9A and b2 == 0x80)
                or (c == 0xE2 and b1 == 0x80 and (b2 <= 0x8A or b2 == 0xA8 or b2 == 0xA9))
                or (c == 0xE2 and b1 == 0x80 and b2 == 0xAF)
                or (c == 0xE2 and b1 == 0x81 and b2 == 0x9F)
                or (c == 0xE3 and b1 == 0x80 and b2 == 0x80)
            ):
                return WIDE_SPACE, m, line_no, ls, lt, te, candidate
            i += 3
            continue
        if i + 3 >= size or (u[i + 3] & 0xC0) != 0x80:
            return BAD, m, line_no, ls, lt, te, candidate
        i += 4
    return OK, m, line_no, ls, lt, te, candidate


@njit(nogil=True, cache=True)
def gather(u: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Copy the byte ranges ``[starts[k], ends[k])`` into one buffer with ``int64`` offsets."""
    n = starts.shape[0]
    offsets = np.empty(n + 1, np.int64)
    offsets[0] = 0
    for k in range(n):
        offsets[k + 1] = offsets[k] + ends[k] - starts[k]
    out = np.empty(offsets[n], np.uint8)
    for k in range(n):
        out[offsets[k] : offsets[k + 1]] = u[starts[k] : ends[k]]
    return out, offsets


@njit(nogil=True, cache=True, inline="always")
def _stable(c: int, b1: int, b2: int) -> bool:
    """Whether the character with lead byte ``c`` is one NFKC leaves alone (the whitelist).

    Latin-1 letters (``C3 xx``), Latin Extended-A (``C4 xx``, ``C5 xx``) but for its
    compatibility characters (Ĳ ĳ Ŀ ŀ ŉ ſ), en and em dashes (``E2 80 93``, ``E2 80 94``): the
    whitelist of :func:`workbench.io.fingerprint._nfkc_suspects`.
    """
    if c == 0xC3:
        return True
    if c == 0xC4:
        return b1 != 0xB2 and b1 != 0xB3 and b1 != 0xBF
    if c == 0xC5:
        return b1 != 0x80 and b1 != 0x89 and b1 != 0xBF
    return c == 0xE2 and b1 == 0x80 and (b2 == 0x93 or b2 == 0x94)


@njit(nogil=True, cache=True, inline="always")
def _segment(
    u: np.ndarray,
    a: int,
    b: int,
    out: np.ndarray,
    o: int,
    key: np.ndarray,
    ko: int,
) -> tuple[int, int, int, bool]:
    """Copy ``u[a:b]`` to ``out`` at ``o`` and its key bytes to ``key`` at ``ko``; count words.

    Returns the new ``o`` and ``ko``, the words (a byte > 32 after a byte <= 32 or at ``a``) and
    whether a character NFKC might change occurs. The key drops bytes <= 32; quotes: ``‘ ’ ‚ ‛
    ′`` (``E2 80 98..9B, B2``) become ``'``; ``“ ” „ ‟ ″`` (``E2 80 9C..9F, B3``) and ``« »``
    (``C2 AB``, ``C2 BB``) ``"``. ASCII bytes take a branch-free path.
    """
    words = 0
    space = 1
    skip = 0
    suspect = False
    shift = o - a
    for i in range(a, b):
        c = u[i]
        out[i + shift] = c
        if c < 0x80:  # branch-free: white space ends a word and stays out of the key
            solid = 1 if c > 32 else 0
            words += solid & space
            space = 1 - solid
            key[ko] = c  # overwritten by the next byte when c is dropped (key has a spare byte)
            ko += solid
            continue
        words += space
        space = 0
        if skip:  # continuation bytes of a quote already written
            skip -= 1
            continue
        if c >= 0xC0:
            b1 = u[i + 1]
            b2 = u[i + 2] if i + 2 < b else 0
            if c == 0xE2 and b1 == 0x80:
                if (0x98 <= b2 <= 0x9B) or b2 == 0xB2:
                    key[ko] = 0x27
                    ko += 1
                    skip = 2
                    continue
                if (0x9C <= b2 <= 0x9F) or b2 == 0xB3:
                    key[ko] = 0x22
                    ko += 1
                    skip = 2
                    continue
            elif c == 0xC2 and (b1 == 0xAB or b1 == 0xBB):
                key[ko] = 0x22
                ko += 1
                skip = 1
                continue
            if not _stable(c, b1, b2):
                suspect = True
        key[ko] = c
        ko += 1
    return b + shift, ko, words, suspect


@njit(nogil=True, cache=True, inline="always")
def _is_sep(u: np.ndarray, i: int, end: int) -> int:
    """Length of the separator at ``u[i]`` (ASCII white space, ``- : , .``, en or em dash), or 0.

    A superset of what the source-lead pattern lets stand between two parenthesised groups.
    """
    c = u[i]
    if c == 32 or (9 <= c <= 13) or c == 0x2D or c == 0x3A or c == 0x2C or c == 0x2E:
        return 1
    if c == 0xE2 and i + 2 < end and u[i + 1] == 0x80 and (u[i + 2] == 0x93 or u[i + 2] == 0x94):
        return 3
    return 0


@njit(nogil=True, cache=True)
def lead_zone(u: np.ndarray, a: int, b: int) -> int:
    r"""Return the end of the prefix of text ``u[a:b]`` that decides its "(SOURCE)" lead.

    The lead pattern (:data:`workbench.io.normalise.SOURCE_LEAD_RE2`) reads white space, then
    parenthesised groups whose insides hold no ``(``, ``)`` or line feed, with separators
    between them, and is anchored at the start: its every thread, matching or not, stops at the
    first character that breaks the shape ``\s* (\( [^()\n]* \) sep*)* (\( [^()\n]*)?``. So the
    pattern gives the same result on the text and on any prefix that holds that character: the
    zone, plus that character, rounded up to a character boundary (and a few bytes of slack).
    """
    i = a
    while i < b:
        n = _is_sep(u, i, b)
        if n == 0:
            break
        i += n
    while i < b and u[i] == 0x28:  # "(": a group
        i += 1
        while i < b and u[i] != 0x28 and u[i] != 0x29 and u[i] != 10:
            i += 1
        if i >= b or u[i] != 0x29:
            break  # the group breaks at "(" or a line feed: that character ends the zone
        i += 1
        while i < b:
            n = _is_sep(u, i, b)
            if n == 0:
                break
            i += n
    i += 4  # the breaking character (up to 4 bytes) and slack
    if i >= b:
        return b
    while i < b and (u[i] & 0xC0) == 0x80:
        i += 1
    return i


@njit(nogil=True, cache=True)
def build_records(
    u: np.ndarray,
    ls: np.ndarray,
    lt: np.ndarray,
    te: np.ndarray,
    m: int,
    heads: np.ndarray,
    keep: np.ndarray,
    scratch: np.ndarray,
) -> tuple[
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
    np.ndarray,
]:
    """Write the titles, bodies, id keys, word counts and lead prefixes of the kept records.

    Record ``k`` is kept lines ``heads[k]`` (its header) to the next header (or ``m``): its title
    is the line after the header, trimmed; its body the lines after the title, joined by line
    feeds, the first one left-trimmed, each right-trimmed. Only records with ``keep[k]`` are
    written, in order. The id keys go to ``scratch`` when it is large enough (it is reused from
    file to file: fresh memory costs a page fault per 4 KB), else to a new buffer.

    Returns
    -------
    tuple
        ``(title_offsets, titles, body_offsets, bodies, key_offsets, keys, n_words, whole,
        suspect, lead_offsets, leads)``: ``whole`` is True for records with a title and a body
        (the others are rejected, their keys are empty), ``suspect`` for whole records holding
        a character NFKC might change (their key is made again in Python), ``leads`` the prefix
        of each body that decides its source lead (:func:`lead_zone`).
    """
    n = heads.shape[0]
    r = 0
    for k in range(n):
        if keep[k]:
            r += 1
    tof = np.zeros(r + 1, np.int64)
    bof = np.zeros(r + 1, np.int64)
    whole = np.zeros(r, np.bool_)
    j = 0
    for k in range(n):
        if not keep[k]:
            continue
        h = heads[k]
        nxt = heads[k + 1] if k + 1 < n else m
        size = 0
        if h + 1 < nxt:
            size = te[h + 1] - lt[h + 1]
        tof[j + 1] = tof[j] + size
        size = 0
        if h + 2 < nxt:
            whole[j] = True
            size = te[h + 2] - lt[h + 2]
            for line in range(h + 3, nxt):
                size += 1 + te[line] - ls[line]
        bof[j + 1] = bof[j] + size
        j += 1
    titles = np.empty(tof[r], np.uint8)
    bodies = np.empty(bof[r], np.uint8)
    need = tof[r] + bof[r] + r + 1  # + 1: see _segment
    keys = scratch if scratch.shape[0] >= need else np.empty(need, np.uint8)
    kof = np.zeros(r + 1, np.int64)
    lof = np.zeros(r + 1, np.int64)
    n_words = np.zeros(r, np.int64)
    suspect = np.zeros(r, np.bool_)
    j = 0
    ko = 0
    lo = 0
    for k in range(n):
        if not keep[k]:
            continue
        h = heads[k]
        nxt = heads[k + 1] if k + 1 < n else m
        words = 0
        odd = False
        key_start = ko
        if h + 1 < nxt:
            _, ko, w, s = _segment(u, lt[h + 1], te[h + 1], titles, tof[j], keys, ko)
            words += w
            odd |= s
        keys[ko] = 10
        ko += 1
        o = bof[j]
        joined = True  # the body lines follow each other in u, line feeds only between them
        for line in range(h + 3, nxt):
            if ls[line] != te[line - 1] + 1:
                joined = False
                break
        if joined and h + 2 < nxt:  # the body is one span of u: one pass (line feeds are white)
            o, ko, w, s = _segment(u, lt[h + 2], te[nxt - 1], bodies, o, keys, ko)
            words += w
            odd |= s
        else:
            for line in range(h + 2, nxt):
                if line > h + 2:
                    bodies[o] = 10
                    o += 1
                a = lt[line] if line == h + 2 else ls[line]
                o, ko, w, s = _segment(u, a, te[line], bodies, o, keys, ko)
                words += w
                odd |= s
        if not whole[j]:
            ko = key_start
        n_words[j] = words
        suspect[j] = odd and whole[j]
        kof[j + 1] = ko
        lo += lead_zone(bodies, bof[j], bof[j + 1]) - bof[j]
        lof[j + 1] = lo
        j += 1
    leads = np.empty(lo, np.uint8)
    for j in range(r):
        length = lof[j + 1] - lof[j]
        leads[lof[j] : lof[j + 1]] = bodies[bof[j] : bof[j] + length]
    return tof, titles, bof, bodies, kof, keys, n_words, whole, suspect, lof, leads
