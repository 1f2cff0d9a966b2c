"""RSS 2.0 and Atom feed files (local files only; feedparser is never given a URL).

Each item becomes one record: ``title``; ``body`` from the item's content (else its summary),
HTML turned into text with one paragraph per line; ``date`` from ``published`` (else
``updated``), RFC 822 or ISO 8601; ``url`` from the link; ``ref`` from the guid/id; ``source``
from a "(SOURCE)" lead in the body, else the feed's title. Items without a date get a missing date
(NaT) rather than a reject: many feeds leave it out. Origins read ``"path:item N"``; rejects give
the line of the item's start tag. A feed that is not well-formed XML (truncated, say) is reported
even when feedparser recovered some items from it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any
from xml.sax import SAXException

import numpy as np
import pandas as pd

from workbench.io.normalise import finish_batch
from workbench.io.rejects import Rejects
from workbench.schema import empty

_BLOCK = frozenset(
    "p div br li ul ol h1 h2 h3 h4 h5 h6 blockquote pre tr table section article header footer"
    " figcaption dd dt".split()
)
_SKIP = frozenset(("script", "style", "noscript"))
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Return the text of an HTML fragment, one paragraph (block element) per line.

    Parameters
    ----------
    markup
        HTML (or plain text, returned with white space tidied).

    Returns
    -------
    str
        Text with runs of spaces collapsed and empty lines removed.
    """
    if "<" not in markup and "&" not in markup:
        lines = markup.split("\n")
    else:
        parser = _TextParser()
        parser.feed(markup)
        parser.close()
        lines = "".join(parser.parts).split("\n")
    cleaned = (_SPACES.sub(" ", line).strip() for line in lines)
    return "\n".join(line for line in cleaned if line)


def parse_feed(
    data: bytes, file: str, rejects: Rejects, *, dayfirst: bool | None = None
) -> tuple[pd.DataFrame, int]:
    """Parse an RSS or Atom file's bytes into articles.

    Rejects carry the line of the item's start tag (``<item>``/``<entry>``) when the tags can be
    found in the bytes one for one with feedparser's items; otherwise the reason names the item
    (``"item 2: empty title"``). A file that is not well-formed XML (a truncated download, a stray
    ``&``) is reported once, at the line of the XML error: the items that end before it are
    loaded, the item it falls in is part of that reject, the items feedparser read after it are
    loaded too.

    Parameters
    ----------
    data
        The file's bytes (feedparser decodes them by the XML declaration).
    file
        The file's name (for origins and reports).
    rejects
        Where bad items (and a file that is not a feed) go.
    dayfirst
        Day/month order of ambiguous numeric dates (see :func:`workbench.io.read_articles`).

    Returns
    -------
    tuple
        ``(articles, n_seen)``.
    """
    import feedparser

    parsed = feedparser.parse(data)
    entries = parsed.get("entries", [])
    if not parsed.get("version") and not entries:
        problem = parsed.get("bozo_exception")
        detail = f" ({type(problem).__name__}: {problem})" if problem else ""
        rejects.add(
            file, None, f"not an RSS or Atom feed{detail}", data[:80].decode("utf-8", "replace")
        )
        return empty("articles"), 1
    lines = _Lines(data)
    starts, ends = _item_tags(data, str(parsed.get("version", "")).startswith("atom"))
    located = len(starts) == len(entries)
    problems: list[tuple[Any, ...]] = []
    cut: int | None = None  # the item the XML error falls in: part of the file-level reject
    error = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(error, SAXException):
        err_line, err_col = _error_position(error)
        at = lines.offset(err_line, err_col)
        if located:
            closed = [end is not None and end <= at for end in ends]
            done = sum(closed)
            inside = [
                k for k, start in enumerate(starts) if start < at and not closed[k]
            ]  # at most one: items do not nest
            cut = inside[0] if inside else None
        else:
            done = len(entries)
        at_end = not data[at:].strip()
        where = f"after item {done}" if done else "before the end of its first item"
        hint = " (truncated?)" if at_end else ""
        reason = f"feed is not well-formed XML{hint} {where}: {_message(error)}"
        if err_line is not None:
            reason += f" (line {err_line}, column {err_col})"
        if cut is not None:
            what = "is cut off" if at_end else "holds the error"
            reason += f"; item {cut + 1} (line {lines.line(starts[cut])}) {what}, not loaded"
        line = err_line
        if cut is not None:
            line = lines.line(starts[cut])  # the reject stands for the cut item: its first line
        excerpt = lines.text_before(at)
        order = line if located and line is not None else len(entries) + 1
        problems.append((file, line, reason, excerpt, order))
    feed_title = html_to_text(parsed.get("feed", {}).get("title", "") or "") or None
    cols: dict[str, Any] = {
        k: [] for k in ("date", "title", "body", "source", "url", "ref", "origin", "line", "row")
    }
    for n, entry in enumerate(entries, 1):
        if n - 1 == cut:
            continue
        contents = entry.get("content") or []
        markup = contents[0].get("value", "") if contents else entry.get("summary", "")
        cols["date"].append(entry.get("published") or entry.get("updated"))
        cols["title"].append(html_to_text(entry.get("title", "") or ""))
        cols["body"].append(html_to_text(markup or ""))
        cols["source"].append(feed_title)
        cols["url"].append(entry.get("link"))
        cols["ref"].append(entry.get("id"))
        cols["origin"].append(f"{file}:item {n}")
        cols["line"].append(lines.line(starts[n - 1]) if located else None)
        cols["row"].append(n)
    seen = len(entries) + (1 if problems and cut is None else 0)
    batch: dict[str, Any] = dict(cols)
    batch["file"] = file
    frame = finish_batch(
        batch,
        rejects,
        date_required=False,
        problems=problems,
        dayfirst=dayfirst,
        row_label="item",
    )
    return frame, seen


_TAGS = re.compile(
    rb"<!\[CDATA\[.*?\]\]>|<!--.*?-->|<(/?)(?:[A-Za-z_][\w.\-]*:)?(item|entry)(?=[\s>/])", re.S
)


def _item_tags(data: bytes, atom: bool) -> tuple[list[int], list[int | None]]:
    """Return the byte offsets of the items' start tags and of their end tags (None: not closed).

    CDATA sections and comments are passed over; ``<items>`` (RSS 1.0) is not an item.
    """
    name = b"entry" if atom else b"item"
    starts: list[int] = []
    ends: list[int | None] = []
    for match in _TAGS.finditer(data):
        if match.group(2) != name:
            continue
        if not match.group(1):
            if len(ends) < len(starts):
                ends.append(None)  # a new item before the last one closed
            starts.append(match.start())
        elif len(ends) < len(starts):
            ends.append(match.start())
    if len(ends) < len(starts):
        ends.append(None)
    return starts, ends


def _error_position(error: SAXException) -> tuple[int | None, int]:
    get_line = getattr(error, "getLineNumber", None)
    get_col = getattr(error, "getColumnNumber", None)
    line = get_line() if get_line else None
    col = get_col() if get_col else 0
    return (int(line) if line else None), int(col or 0)


def _message(error: SAXException) -> str:
    get = getattr(error, "getMessage", None)
    return str(get() if get else error)


class _Lines:
    """Line numbers of byte offsets in a file (LF, CRLF or lone CR line ends)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        end = b"\n" if b"\n" in data or b"\r" not in data else b"\r"
        self.starts = np.concatenate(
            ([0], np.flatnonzero(np.frombuffer(data, np.uint8) == end[0]) + 1)
        ).astype(np.int64)

    def line(self, offset: int) -> int:
        """Return the 1-based line of ``offset``."""
        return int(np.searchsorted(self.starts, offset, side="right"))

    def offset(self, line: int | None, column: int) -> int:
        """Return the offset of ``column`` in ``line`` (the end of the file when it is None)."""
        if line is None or line > len(self.starts):
            return len(self.data)
        return int(self.starts[line - 1]) + column

    def text_before(self, offset: int, size: int = 80) -> str:
        """Return the text just before ``offset`` (up to ``size`` bytes), decoded leniently."""
        piece = self.data[max(0, offset - size) : offset].decode("utf-8", "replace")
        return " ".join(piece.split())
