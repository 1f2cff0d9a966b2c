"""A page of articles for a list view: newest first, with the actors named and one sentence to show.

Plain functions over a (filtered) :class:`~workbench.corpus.Corpus`; the Explorer and reports
render the frame this returns, they do not compute it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

import numpy as np
import pandas as pd

from workbench import schema
from workbench.corpus import Corpus
from workbench.errors import ArgumentError
from workbench.text import sentence_around, sentence_spans

_OPERATORS = {"AND", "OR", "NOT"}
_QUERY_TERMS = re.compile(r'"([^"]+)"|([^\s()"]+)')


def query_terms(text: str | None) -> list[str]:
    """Return the words and phrases of a text query, without operators and parentheses.

    Parameters
    ----------
    text
        A :class:`~workbench.corpus.FilterSpec` text query such as ``'ceasefire AND "West Bank"'``.

    Returns
    -------
    list of str
        ``["ceasefire", "West Bank"]`` for the example; empty for None. Trailing ``*`` (prefix
        search) is dropped.
    """
    if not text:
        return []
    terms = []
    for phrase, word in _QUERY_TERMS.findall(text):
        term = phrase or word
        if term and term not in _OPERATORS:
            terms.append(term.rstrip("*"))
    return [t for t in terms if t]


def article_page(
    corpus: Corpus,
    *,
    page: int = 0,
    page_size: int = 10,
    highlight: Iterable[str] = (),
    n_actors: int = 6,
) -> tuple[pd.DataFrame, int]:
    """Return one page of the corpus's articles, newest first, ready to list.

    Parameters
    ----------
    corpus
        A (filtered) corpus.
    page
        0-based page number; clipped to the last page.
    page_size
        Articles per page (at least 1).
    highlight
        Actor ids or names whose first mention picks the sentence to show; when none of them is
        in an article, the first text-query term of the corpus's filter, else the first actor
        mention, else the first sentence of the body.
    n_actors
        At most this many actors per article (most mentioned first).

    Returns
    -------
    tuple of (pandas.DataFrame, int)
        The page (``article_id``, ``date``, ``source``, ``title``, ``actor_ids``, ``actors``,
        ``sentence``, ``mark_start``, ``mark_end``: the highlighted piece as offsets into
        ``sentence``, -1 when nothing is highlighted) and the number of pages.
    """
    if page_size < 1:
        raise ArgumentError(f"page_size must be at least 1; got {page_size}")
    articles = corpus.articles
    n_pages = max(1, math.ceil(len(articles) / page_size))
    page = min(max(int(page), 0), n_pages - 1)
    order = np.lexsort((articles["article_id"].to_numpy(), -_date_ns(articles)))
    rows = articles.iloc[order[page * page_size : (page + 1) * page_size]]
    ids = rows["article_id"].tolist()
    mentions = corpus.mentions
    mentions = mentions[mentions["article_id"].isin(ids)]
    wanted = {h.casefold() for h in highlight}
    terms = query_terms(corpus.specs[-1].text if corpus.specs else None)
    texts = schema.article_text(rows).tolist()
    by_article = {key: group for key, group in mentions.groupby("article_id", sort=False)}
    out = []
    for (_, row), text in zip(rows.iterrows(), texts, strict=True):
        group = by_article.get(row["article_id"])
        actor_ids: list[str] = []
        names: list[str] = []
        span: tuple[int, int] | None = None
        if group is not None and len(group):
            ranked = group.groupby(["actor_id", "actor"], observed=True, sort=False).size()
            ranked = ranked.sort_values(ascending=False, kind="stable").head(n_actors)
            actor_ids = [str(a) for a, _ in ranked.index]
            names = [str(n) for _, n in ranked.index]
            chosen = group[
                group["actor_id"].astype(str).str.casefold().isin(wanted)
                | group["actor"].astype(str).str.casefold().isin(wanted)
            ]
            if len(chosen):
                first = chosen.sort_values("start").iloc[0]
                span = (int(first["start"]), int(first["end"]))
        if span is None:
            span = _first_term(text, terms)
        if span is None and group is not None and len(group):
            body = group[group["start"] > len(str(row["title"]))]
            first = (body if len(body) else group).sort_values("start").iloc[0]
            span = (int(first["start"]), int(first["end"]))
        if span is None:
            spans = sentence_spans(text)
            body_spans = [s for s in spans if s[0] > len(str(row["title"]))] or spans or [(0, 0)]
            s_start, s_end = body_spans[0]
            mark = (-1, -1)
        else:
            s_start, s_end = sentence_around(text, *span)
            mark = (span[0] - s_start, span[1] - s_start)
        out.append(
            {
                "article_id": row["article_id"],
                "date": row["date"],
                "source": row["source"],
                "title": row["title"],
                "actor_ids": actor_ids,
                "actors": names,
                "sentence": text[s_start:s_end],
                "mark_start": mark[0],
                "mark_end": mark[1],
            }
        )
    columns = ["article_id", "date", "source", "title", "actor_ids", "actors", "sentence"]
    frame = pd.DataFrame(out, columns=[*columns, "mark_start", "mark_end"])
    return frame, n_pages


def _date_ns(articles: pd.DataFrame) -> np.ndarray:
    dates = articles["date"]
    values = dates.to_numpy(dtype="datetime64[ns]", na_value=np.datetime64("NaT"))
    ns = values.astype(np.int64)
    ns[np.isnat(values)] = np.iinfo(np.int64).min
    return ns


def _first_term(text: str, terms: list[str]) -> tuple[int, int] | None:
    best: tuple[int, int] | None = None
    for term in terms:
        match = re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, flags=re.IGNORECASE)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), match.end())
    return best
