"""The article text format of ``examples/seed-article.txt``: one or many articles per file.

Each article is::

     date 2026-01-27 403
    Title line
    (SOURCE) First body paragraph ...
    Second body paragraph ...

a header line (optional leading white space, the word ``date``, an ISO date, an optional opaque
reference token kept as text), the title line, then body paragraphs, one per line, up to the next
header line or the end of the file. Blank lines between the header and the title are allowed.

Lines that *look* like a header but are not one ("dat 2026-01-27 403", "date: 27/01/2026",
"2026-01-27 403") also start a record, so that a garbled header is reported instead of being
silently merged into the previous article's body. Text before the first header is reported.

The whole file is read at once and split with one compiled regular expression; dates, ids and
word counts are computed per batch (vectorised where pandas allows).
"""

from __future__ import annotations

import re
from typing import Any

import pandas as pd

from workbench.io.normalise import finish_batch
from workbench.io.rejects import Rejects

#: A header-like line: the word "date" and at most three more tokens, or a short line around an
#: ISO date (at most one word before it and one token after it).
HEADER_LIKE = re.compile(
    r"^[ \t]*(?:(?:date|Date|DATE)(?:[ \t]+\S+){0,3}"
    r"|\S{0,12}[ \t]*\d{4}-\d\d-\d\d\S*(?:[ \t]+\S+)?)[ \t]*$",
    re.MULTILINE,
)
#: A well-formed header line (the whole line): "date", the date token, an optional ref token.
HEADER = re.compile(r"[ \t]*date[ \t]+(\d\S*)(?:[ \t]+(\S+))?[ \t]*", re.IGNORECASE)

HEADER_HELP = "expected a header line like ' date 2026-01-27 REF'"


def parse_text(text: str, file: str, rejects: Rejects) -> tuple[pd.DataFrame, int]:
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
    cols: dict[str, list[Any]] = {k: [] for k in ("date", "ref", "title", "body", "line", "origin")}
    seen = 0
    matches = list(HEADER_LIKE.finditer(text))
    first = matches[0].start() if matches else len(text)
    if text[:first].strip():
        seen += 1
        lead = text[:first]
        skipped = len(lead) - len(lead.lstrip())
        line = 1 + text.count("\n", 0, skipped)
        rejects.add(file, line, f"text before the first header line; {HEADER_HELP}", lead.lstrip())
    line = 1 + text.count("\n", 0, first)
    pos = first
    ends = [m.start() for m in matches[1:]] + [len(text)] * bool(matches)
    add_date, add_ref = cols["date"].append, cols["ref"].append
    add_title, add_body = cols["title"].append, cols["body"].append
    add_line, add_origin = cols["line"].append, cols["origin"].append
    for match, end in zip(matches, ends, strict=True):
        seen += 1
        line += text.count("\n", pos, match.start())
        pos = match.start()
        header = match.group()
        content = text[match.end() : end].strip()
        good = HEADER.fullmatch(header)
        if good is None:
            rejects.add(file, line, f"garbled header line; {HEADER_HELP}", header + " " + content)
            continue
        title, _, body = content.partition("\n")
        add_date(good.group(1))
        add_ref(good.group(2))
        add_title(title)
        add_body(body)
        add_line(line)
        add_origin(f"{file}:{line}")
    cols_any: dict[str, Any] = dict(cols)
    cols_any["file"] = file
    return finish_batch(cols_any, rejects, date_required=True), seen
