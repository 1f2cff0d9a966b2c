r"""Stable content ids and word counts for batches of articles, computed over Arrow buffers.

What the id is
--------------
``article_id`` is the first 20 hex digits (80 bits) of SHA-256 over
``key(title) + b"\n" + key(body)``, where ``key`` is the UTF-8 text with, in order,

1. curly quotes, primes and guillemets unified with straight quotes: ``‘ ’ ‚ ‛ ′`` -> ``'``,
   ``“ ” „ ‟ ″ « »`` -> ``"``;
2. Unicode NFKC applied (non-breaking and typographic spaces become spaces, ligatures and
   full-width forms become plain letters);
3. every ASCII white-space character (space, tab, line feed, carriage return, vertical tab, form
   feed) removed.

So line breaks, blank lines between paragraphs, CRLF, trailing and doubled spaces, quote styles and
non-breaking spaces do not change the id; case, letters, digits, punctuation and dashes do.
(Removing white space rather than collapsing it is as robust for deduplication and needs no
tokenising: one C-level ``bytes.translate`` per text.)

Speed
-----
Pure-ASCII texts (found by an Arrow kernel) need only the white-space removal, one C-level
``bytes.translate`` on a slice of the Arrow buffer; the others get ``str.replace`` for the quote
characters they contain and ``unicodedata.normalize`` (which returns already-normal text after a
quick check). Hashing is one ``hashlib.sha256`` per article. Word counts
(runs of non-white-space bytes) are counted with numpy over the batch's UTF-8 buffer.
"""

from __future__ import annotations

import hashlib
import unicodedata

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

ID_DIGITS = 20

#: quote characters -> straight quote; the first four are common and replaced literally
QUOTES: tuple[tuple[str, str], ...] = (
    ("\u2019", "'"),
    ("\u201c", '"'),
    ("\u201d", '"'),
    ("\u2018", "'"),
    ("\u201a", "'"),
    ("\u201b", "'"),
    ("\u2032", "'"),
    ("\u201e", '"'),
    ("\u201f", '"'),
    ("\u2033", '"'),
    ("\u00ab", '"'),
    ("\u00bb", '"'),
)
_RARE_QUOTES = "[" + "".join(q for q, _ in QUOTES[4:]) + "]"
_WHITESPACE = b" \t\n\r\x0b\x0c"


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


def _keys(texts: pa.Array) -> list[bytes]:
    """Return the normalised key (see the module docstring) of every text."""
    data, bounds, _, _ = _views(texts)
    ascii_only = pc.string_is_ascii(texts).to_numpy(zero_copy_only=False)
    keys = [
        data[a:b].tobytes().translate(None, _WHITESPACE) if plain else b""
        for a, b, plain in zip(bounds[:-1], bounds[1:], ascii_only.tolist(), strict=True)
    ]
    others = np.flatnonzero(~ascii_only)
    if len(others):
        subset = texts.take(others)
        rare = pc.any(pc.match_substring_regex(subset, _RARE_QUOTES)).as_py()
        table = QUOTES if rare else QUOTES[:4]
        normalize = unicodedata.normalize
        for i, text in zip(others.tolist(), subset.to_pylist(), strict=True):
            for curly, straight in table:
                if curly in text:
                    text = text.replace(curly, straight)
            keys[i] = normalize("NFKC", text).encode("utf-8").translate(None, _WHITESPACE)
    return keys


def word_counts(texts: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """Count words (runs of characters other than ASCII white space and U+00A0) in each text.

    Vectorised over the batch's UTF-8 buffer; agrees with :func:`workbench.text.count_words`
    except for rare Unicode spaces (U+2000..U+200A, U+3000 ...), which count as letters here.

    Parameters
    ----------
    texts
        Arrow strings (missing counts as empty).

    Returns
    -------
    numpy.ndarray
        ``int64`` counts.
    """
    texts = _large(texts)
    _, _, offsets, data = _views(texts)
    if len(texts) == 0:
        return np.zeros(0, dtype=np.int64)
    start, stop = int(offsets[0]), int(offsets[-1])
    chunk = data[start:stop]
    space = (chunk == 32) | ((chunk - np.uint8(9)) <= 4)  # space, \t \n \v \f \r
    nbsp = np.flatnonzero(chunk[1:] == 0xA0) + 1  # U+00A0 is C2 A0 in UTF-8
    nbsp = nbsp[chunk[nbsp - 1] == 0xC2]
    space[nbsp] = True
    space[nbsp - 1] = True
    boundary = np.zeros(len(chunk), dtype=bool)  # text starts are word starts when non-space
    local = offsets - start
    firsts = local[:-1][local[:-1] < local[1:]]
    boundary[firsts] = True
    starts = ~space
    starts[1:] &= space[:-1] | boundary[1:]
    positions = np.flatnonzero(starts)
    return np.diff(np.searchsorted(positions, local)).astype(np.int64)


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
    titles, bodies = _large(titles), _large(bodies)
    n_words = word_counts(titles) + word_counts(bodies)
    sha = hashlib.sha256
    ids = []
    for title, body in zip(_keys(titles), _keys(bodies), strict=True):
        digest = sha(title)
        digest.update(b"\n")
        digest.update(body)
        ids.append(digest.hexdigest()[:ID_DIGITS])
    return ids, n_words


def content_key(text: str) -> bytes:
    """Return the normalised key of one text (what :func:`ids_and_word_counts` hashes)."""
    return _keys(pa.array([text], pa.large_string()))[0]


def article_id(title: str, body: str) -> str:
    """Return the id of one article (see the module docstring)."""
    ids, _ = ids_and_word_counts(pa.array([title]), pa.array([body]))
    return ids[0]
