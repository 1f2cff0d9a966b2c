r"""Stable content ids and word counts for batches of articles, computed over Arrow buffers.

What the id is
--------------
``article_id`` is the first 20 hex digits (80 bits) of SHA-256 over
``key(title) + b"\n" + key(body)``, where ``key`` is the UTF-8 text with, in order,

1. curly quotes, primes and guillemets unified with straight quotes: ``‘ ’ ‚ ‛ ′`` -> ``'``,
   ``“ ” „ ‟ ″ « »`` -> ``"``;
2. Unicode NFKC applied (non-breaking and typographic spaces become spaces, ligatures and
   full-width forms become plain letters);
3. every ASCII white-space and control character (bytes 0x00..0x20: space, tab, line feed,
   carriage return, ...) removed.

So line breaks, blank lines between paragraphs, CRLF, trailing and doubled spaces, quote styles and
non-breaking spaces do not change the id; case, letters, digits, punctuation and dashes do.
(Removing white space rather than collapsing it is as robust for deduplication and needs no
tokenising: one C-level ``bytes.translate`` per text.)

Speed
-----
Pure-ASCII texts (found by an Arrow kernel) need only the white-space removal: one C-level
``bytes.translate`` over the batch's whole UTF-8 buffer, with offsets shifted by numpy. Quote
characters are rewritten in the same buffer by numpy (they are fixed UTF-8 byte sequences). Only
texts holding a character outside ASCII and a whitelist of characters NFKC leaves alone (found in
the byte buffer by numpy) are decoded for ``unicodedata.is_normalized``; the few that NFKC changes
are normalised one by one. Hashing is one ``hashlib.sha256`` per
article; word counts are counted with numpy over the batch's UTF-8 buffer.
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

ID_DIGITS = 20

#: quote characters and the straight quote that replaces them (documentation and tests; the code
#: works on their UTF-8 bytes below)
QUOTES: tuple[tuple[str, str], ...] = (
    ("\u2018", "'"),
    ("\u2019", "'"),
    ("\u201a", "'"),
    ("\u201b", "'"),
    ("\u2032", "'"),
    ("\u201c", '"'),
    ("\u201d", '"'),
    ("\u201e", '"'),
    ("\u201f", '"'),
    ("\u2033", '"'),
    ("\u00ab", '"'),
    ("\u00bb", '"'),
)
_DELETE = bytes(range(33))
# third bytes of E2 80 xx: ‘ ’ ‚ ‛ ′ -> ' and “ ” „ ‟ ″ -> "
_SINGLE_THIRD = (0x98, 0x99, 0x9A, 0x9B, 0xB2)
_DOUBLE_THIRD = (0x9C, 0x9D, 0x9E, 0x9F, 0xB3)  # ASCII white space and control characters


def _large(texts: pa.Array | pa.ChunkedArray) -> pa.Array:
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    return pc.fill_null(texts.cast(pa.large_string()), "")


def _views(texts: pa.Array) -> tuple[memoryview, list[int], np.ndarray, np.ndarray]:
    """Return the UTF-8 buffer, the offsets as a list and as an array, and the buffer as uint8."""
    _, offsets_buf, data_buf = texts.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int64)[
        texts.offset : texts.offset + len(texts) + 1
    ]
    raw = data_buf if data_buf is not None else pa.py_buffer(b"")
    return memoryview(raw), offsets.tolist(), offsets, np.frombuffer(raw, dtype=np.uint8)


def keys_and_word_counts(texts: pa.Array | pa.ChunkedArray) -> tuple[list[Any], np.ndarray]:
    """Return the normalised key (see the module docstring) and the word count of every text.

    Words are runs of bytes other than ASCII white space, control characters and U+00A0; the
    count agrees with :func:`workbench.text.count_words` except for rare Unicode spaces
    (U+2000..U+200A, U+3000 ...), which count as letters here.

    Parameters
    ----------
    texts
        Arrow strings (missing counts as empty).

    Returns
    -------
    tuple
        ``(keys, counts)``: bytes-like keys and ``int64`` word counts.
    """
    texts = _large(texts)
    n = len(texts)
    if n == 0:
        return [], np.zeros(0, dtype=np.int64)
    _, _, offsets, data = _views(texts)
    start, stop = int(offsets[0]), int(offsets[-1])
    chunk = data[start:stop]
    local = offsets - start
    space = chunk <= 32  # ASCII white space and control characters
    # word counts: starts of runs inside each text, plus the first byte of non-empty texts
    marks = np.flatnonzero(chunk[1:] == 0xA0) + 1  # U+00A0 is C2 A0 in UTF-8
    marks = marks[chunk[marks - 1] == 0xC2]
    spaced = space.copy()
    spaced[marks] = True
    spaced[marks - 1] = True
    begins = np.zeros(len(chunk), dtype=np.uint8)  # 1 where a word starts after a space
    np.logical_and(~spaced[1:], spaced[:-1], out=begins[1:].view(bool))
    nonempty = local[:-1] < local[1:]
    firsts = np.zeros(n, dtype=np.int64)
    firsts[nonempty] = ~spaced[local[:-1][nonempty]]
    inside = _segment_sums(begins, local)
    inside[nonempty] -= begins[local[:-1][nonempty]]  # a text's first byte is counted in firsts
    counts = (inside + firsts).astype(np.int64)
    # keys: quotes rewritten in place (the straight quote, then NUL bytes that the translate
    # removes with the white space), one translate over the whole buffer, offsets shifted by the
    # number of bytes removed before them
    work = chunk.copy()
    _straighten_quotes(chunk, work)
    squeezed = memoryview(work.tobytes().translate(None, _DELETE))
    removed = np.concatenate([[0], np.cumsum(_segment_sums((work <= 32).view(np.uint8), local))])
    shifted = (local - removed).tolist()
    keys: list[Any] = [squeezed[a:b] for a, b in zip(shifted[:-1], shifted[1:], strict=True)]
    suspects = _nfkc_suspects(work, local)
    if len(suspects):
        bounds = local.tolist()
        is_normalized, normalize = unicodedata.is_normalized, unicodedata.normalize
        for i in suspects.tolist():
            text = work[bounds[i] : bounds[i + 1]].tobytes().decode("utf-8")
            if not is_normalized("NFKC", text):
                keys[i] = normalize("NFKC", text).encode("utf-8").translate(None, _DELETE)
    return keys, counts


def _segment_sums(values: np.ndarray, local: np.ndarray) -> np.ndarray:
    """Sum ``values`` (uint8) over each text's bytes ``[local[k], local[k + 1])``, in one pass."""
    n = len(local) - 1
    sums = np.zeros(n, dtype=np.int64)
    nonempty = np.flatnonzero(local[:-1] < local[1:])
    if len(nonempty):
        sums[nonempty] = np.add.reduceat(values, local[:-1][nonempty], dtype=np.int64)
    return sums


def _nfkc_suspects(work: np.ndarray, local: np.ndarray) -> np.ndarray:
    """Return the indices of the texts that hold a character NFKC might change.

    Everything is suspect except ASCII and a whitelist of common characters that NFKC leaves
    alone, recognised by their UTF-8 bytes: Latin-1 letters (``C3 xx``), Latin Extended-A
    (``C4 xx``, ``C5 xx``) but for its six compatibility characters, and the en and em dashes.
    Curly quotes were already rewritten as straight ones.
    """
    lead = np.flatnonzero(work >= 0xC0)  # first bytes of multi-byte characters
    if not len(lead):
        return lead
    last = len(work) - 1
    first = work[lead]
    second = work[np.minimum(lead + 1, last)]
    third = work[np.minimum(lead + 2, last)]
    stable = first == 0xC3
    stable |= (first == 0xC4) & ~np.isin(second, (0xB2, 0xB3, 0xBF))  # Ĳ ĳ Ŀ
    stable |= (first == 0xC5) & ~np.isin(second, (0x80, 0x89, 0xBF))  # ŀ ŉ ſ
    stable |= (first == 0xE2) & (second == 0x80) & np.isin(third, (0x93, 0x94))  # – —
    rows = np.searchsorted(local, lead[~stable], "right") - 1
    return np.unique(rows)


def _straighten_quotes(chunk: np.ndarray, work: np.ndarray) -> None:
    """Write straight quotes over the curly ones of UTF-8 ``chunk`` into ``work`` (NUL-padded)."""
    size = len(chunk)
    lead = np.flatnonzero(chunk == 0xE2)
    lead = lead[lead + 2 < size]
    lead = lead[chunk[lead + 1] == 0x80]
    third = chunk[lead + 2]
    for targets, straight in ((_SINGLE_THIRD, 0x27), (_DOUBLE_THIRD, 0x22)):
        at = lead[np.isin(third, targets)]
        work[at] = straight
        work[at + 1] = 0
        work[at + 2] = 0
    lead = np.flatnonzero(chunk == 0xC2)
    lead = lead[lead + 1 < size]
    at = lead[np.isin(chunk[lead + 1], (0xAB, 0xBB))]  # « »
    work[at] = 0x22
    work[at + 1] = 0


def word_counts(texts: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Count the words of each text (see :func:`keys_and_word_counts`), vectorised."""
    return keys_and_word_counts(texts)[1]


def ids_and_word_counts(
    titles: pa.Array | pa.ChunkedArray, bodies: pa.Array | pa.ChunkedArray
) -> tuple[list[str], np.ndarray]:
    """Return the article id and the word count (title + body) of each pair.

    Parameters
    ----------
    titles, bodies
        Arrow strings, aligned.

    Returns
    -------
    tuple
        ``(ids, n_words)``: a list of 20-hex-digit ids and an ``int64`` array.
    """
    title_keys, title_words = keys_and_word_counts(titles)
    body_keys, body_words = keys_and_word_counts(bodies)
    sha = hashlib.sha256
    ids = []
    for title, body in zip(title_keys, body_keys, strict=True):
        digest = sha(title)
        digest.update(b"\n")
        digest.update(body)
        ids.append(digest.hexdigest()[:ID_DIGITS])
    n_words = title_words + body_words
    return ids, n_words


def content_key(text: str) -> bytes:
    """Return the normalised key of one text (what :func:`ids_and_word_counts` hashes)."""
    return bytes(keys_and_word_counts(pa.array([text], pa.large_string()))[0][0])


def article_id(title: str, body: str) -> str:
    """Return the id of one article (see the module docstring)."""
    ids, _ = ids_and_word_counts(pa.array([title]), pa.array([body]))
    return ids[0]
