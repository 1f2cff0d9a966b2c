"""The article text format of ``examples/seed-article.txt``: one or many articles per file.

Each article is::

     date 2026-01-27 403
    Title line
    (SOURCE) First body paragraph ...
    Second body paragraph ...

a header line (optional leading white space, the word ``date``, an ISO date, an optional opaque
reference token kept as text), the title line, then body paragraphs, one per line, up to the next
header line or the end of the file. Blank lines carry nothing: they may appear anywhere (between
the header and the title too) and are not kept in the body. Trailing white space on a line is
dropped.

Lines that *look* like a header but are not one ("dat 2026-01-27 403", "date: 27/01/2026",
"2026-01-27 403") also start a record, so that a garbled header is reported instead of being
silently merged into the previous article's body. Text before the first header is reported.

Speed: the whole file is split into lines and classified by Arrow kernels (RE2 regular
expressions over the array of lines); titles and bodies are gathered with array offsets, not
per-article Python code.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from workbench.io.normalise import finish_batch
from workbench.io.rejects import Rejects

_WS = "[ \\t]"
_TOKEN = "[^ \\t]"
#: A header-like line: the word "date" and at most three more tokens, or a short line around an
#: ISO date (at most one word before it and one token after it). Same syntax in RE2 and ``re``.
HEADER_LIKE_PATTERN = (
    rf"^{_WS}*(?:(?:date|Date|DATE)(?:{_WS}+{_TOKEN}+){{0,3}}"
    rf"|{_TOKEN}{{0,12}}{_WS}*[0-9]{{4}}-[0-9]{{2}}-[0-9]{{2}}{_TOKEN}*(?:{_WS}+{_TOKEN}+)?)"
    rf"{_WS}*$"
)
#: A well-formed header line: "date", the date token, an optional ref token.
HEADER_PATTERN = (
    rf"^{_WS}*(?i:date){_WS}+(?P<date>[0-9]{_TOKEN}*)(?:{_WS}+(?P<ref>{_TOKEN}+))?{_WS}*$"
)
#: ``re`` version of :data:`HEADER_LIKE_PATTERN` over a whole text (used by the writer).
HEADER_LIKE = re.compile(HEADER_LIKE_PATTERN, re.MULTILINE)

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
    return finish_batch(columns, rejects, date_required=True, problems=problems), seen
