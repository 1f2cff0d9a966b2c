"""RSS 2.0 and Atom feed files (local files only; feedparser is never given a URL).

Each item becomes one record: ``title``; ``body`` from the item's content (else its summary),
HTML turned into text with one paragraph per line; ``date`` from ``published`` (else
``updated``), RFC 822 or ISO 8601; ``url`` from the link; ``ref`` from the guid/id; ``source``
from a "(SOURCE)" lead in the body, else the feed's title. Items without a date get a missing date
(NaT) rather than a reject: many feeds leave it out. Origins read ``"path:item N"``.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

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


def parse_feed(data: bytes, file: str, rejects: Rejects) -> tuple[pd.DataFrame, int]:
    """Parse an RSS or Atom file's bytes into articles.

    Parameters
    ----------
    data
        The file's bytes (feedparser decodes them by the XML declaration).
    file
        The file's name (for origins and reports).
    rejects
        Where bad items (and a file that is not a feed) go.

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
    feed_title = html_to_text(parsed.get("feed", {}).get("title", "") or "") or None
    cols: dict[str, list[Any]] = {
        k: [] for k in ("date", "title", "body", "source", "url", "ref", "origin", "line")
    }
    for n, entry in enumerate(entries, 1):
        contents = entry.get("content") or []
        markup = contents[0].get("value", "") if contents else entry.get("summary", "")
        cols["date"].append(entry.get("published") or entry.get("updated"))
        cols["title"].append(html_to_text(entry.get("title", "") or ""))
        cols["body"].append(html_to_text(markup or ""))
        cols["source"].append(feed_title)
        cols["url"].append(entry.get("link"))
        cols["ref"].append(entry.get("id"))
        cols["origin"].append(f"{file}:item {n}")
        cols["line"].append(n)
    if not entries:
        return empty("articles"), 0
    batch: dict[str, Any] = dict(cols)
    batch["file"] = file
    return finish_batch(batch, rejects, date_required=False), len(entries)
