"""Plain-text helpers shared by enrichment and evidence: sentence boundaries and word counts."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

#: Words after which a full stop does not end a sentence (compared without the dot, case-sensitive).
ABBREVIATIONS = frozenset(
    """Mr Mrs Ms Dr Prof Sr Jr St Gen Lt Col Maj Capt Cmdr Adm Sgt Gov Sen Rep Rev Pres Amb Hon
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec No Nos vs etc Inc Corp Ltd Co Bros approx
    U.S U.K U.N E.U U.S.A Ph.D a.m p.m i.e e.g""".split()
)

# A candidate end: terminal punctuation, optional closing quotes/brackets, then space and a capital,
# digit or opening quote; or a line break (paragraphs are always separate sentences).
_END = re.compile(r"""[.!?]+[”’"')\]]*(?=\s+[“‘"'(\[A-Z0-9À-ÖØ-Þ])|\n""")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` character offsets of the sentences of ``text``.

    Sentences end at ``.``, ``!`` or ``?`` (with any closing quotes) followed by white space and a
    capitalised word, and at every line break. A full stop after a known abbreviation ("Mr.",
    "U.S.", "Jan.") or a single initial ("J. Smith") does not end a sentence. Leading and trailing
    white space is excluded from each span; empty sentences are skipped.

    Parameters
    ----------
    text
        The text to split.

    Returns
    -------
    list of tuple of int
        Offsets such that ``text[start:end]`` is one sentence, in order, not overlapping.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        if match.group() != "\n":
            word = _word_before(text, match.start()).lstrip("“‘\"'(")
            if word in ABBREVIATIONS or (len(word) == 1 and word.isupper()):
                continue
        _add(spans, text, start, match.end())
        start = match.end()
    _add(spans, text, start, len(text))
    return spans


def _word_before(text: str, end: int) -> str:
    r"""Return the run of non-space characters that ends at ``end`` (or before a line feed there).

    The same as ``re.search(r"(\S+)$", text, 0, end)``, but walking back from ``end`` instead of
    scanning from the start of the text (which made sentence splitting quadratic in its length).
    """
    stop = end
    if stop > 0 and text[stop - 1] == "\n":
        stop -= 1
    begin = stop
    while begin > 0 and not text[begin - 1].isspace():
        begin -= 1
    return text[begin:stop]


def _add(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """Return the span of the sentence that contains ``text[start:end]``.

    Parameters
    ----------
    text
        The whole text.
    start, end
        Offsets of a piece of the text (e.g. an actor mention).

    Returns
    -------
    tuple of int
        ``(sentence_start, sentence_end)``; the span itself when no sentence contains it.
    """
    for s, e in sentence_spans(text):
        if s <= start < e:
            return s, max(e, end)
    return start, end


def count_words(texts: pd.Series) -> pd.Series:
    """Count the words of each text (vectorised; the counter behind ``articles.n_words``).

    Words are runs of characters other than ASCII white space, control characters and U+00A0
    (see :func:`workbench.io.fingerprint.word_counts`, the one word counter of the code base).

    Parameters
    ----------
    texts
        Strings (missing values count as zero words).

    Returns
    -------
    pandas.Series
        ``int64`` word counts aligned with ``texts``.
    """
    import pyarrow as pa

    from workbench.io.fingerprint import word_counts

    values = texts if isinstance(texts, pd.Series) else pd.Series(texts)
    strings = values.astype("str") if not pd.api.types.is_string_dtype(values.dtype) else values
    counts = word_counts(pa.array(strings, pa.large_string(), from_pandas=True))
    return pd.Series(counts, index=values.index, dtype=np.int64)
