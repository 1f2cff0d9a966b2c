"""Saved HTML article pages: main-text extraction with trafilatura (the ``html`` extra).

One page is one record: the title, date, site name and canonical URL come from the page's
metadata (``og:`` and ``article:`` tags, JSON-LD; dates only from metadata, never guessed from
the running text); the body is the extracted main text, one paragraph per line, without the
headline repeated at its top. The source is a "(SOURCE)" lead, else the site name. A page without
a date gets a missing date (NaT). trafilatura is imported only when a page is read; without it
the error names the extra to install.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from workbench.errors import WorkbenchError
from workbench.io.normalise import finish_batch
from workbench.io.rejects import Rejects
from workbench.schema import empty

# dates from the page's metadata only (a date guessed from the running text is often wrong),
# with time and offset when the page gives them
_DATE_PARAMS = {
    "outputformat": "%Y-%m-%dT%H:%M:%S%z",
    "original_date": True,
    "extensive_search": False,
}


class MissingExtraError(WorkbenchError, ImportError):
    """An optional dependency (a package extra) is needed and not installed."""


def _trafilatura() -> Any:
    try:
        import trafilatura
    except ImportError as exc:
        raise MissingExtraError(
            "reading saved HTML pages needs trafilatura, the 'html' extra: "
            "pip install 'workbench[html]'"
        ) from exc
    return trafilatura


def parse_html(
    text: str, file: str, rejects: Rejects, *, dayfirst: bool | None = None
) -> tuple[pd.DataFrame, int]:
    """Extract the article of one saved HTML page.

    Parameters
    ----------
    text
        The decoded page.
    file
        The file's name (for origins and reports).
    rejects
        Where a page without main text goes.
    dayfirst
        Day/month order of an ambiguous numeric date (see :func:`workbench.io.read_articles`).

    Returns
    -------
    tuple
        ``(articles, n_seen)`` with at most one article.

    Raises
    ------
    MissingExtraError
        When trafilatura is not installed.
    """
    trafilatura = _trafilatura()
    extracted = trafilatura.extract(
        text,
        output_format="json",
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        deduplicate=False,
        date_extraction_params=_DATE_PARAMS,
    )
    if not extracted:
        rejects.add(file, None, "no article text found in the HTML page", text[:200])
        return empty("articles"), 1
    meta = json.loads(extracted)
    title = (meta.get("title") or "").strip()
    body = (meta.get("text") or meta.get("raw_text") or "").strip()
    first, _, rest = body.partition("\n")
    if title and first.strip() == title:
        body = rest  # the page's headline repeated as the first line of the main text
    cols: dict[str, Any] = {
        "date": [meta.get("date")],
        "title": [title],
        "body": [body],
        "source": [meta.get("source-hostname") or meta.get("sitename") or meta.get("hostname")],
        "url": [meta.get("url") or meta.get("source")],
        "ref": [None],
        "origin": [file],
        "line": [None],
        "file": file,
    }
    return finish_batch(cols, rejects, date_required=False, dayfirst=dayfirst), 1
