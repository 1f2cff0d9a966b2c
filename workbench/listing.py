"""A page of articles for a list view: newest first, with the actors named and one sentence to show.

Plain functions over a (filtered) :class:`~workbench.corpus.Corpus`; the Explorer and reports
render the frame this returns, they do not compute it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

import pandas as pd

from workbench import schema
from workbench.corpus import Corpus
from workbench.errors import ArgumentError
from workbench.query import Node, Not, Term, parse_query
from workbench.text import sentence_around, sentence_spans


def query_terms(text: str | None) -> list[Term]:
    """Return the terms of a text query an article matching it contains (negated ones left out).

    The query is parsed by :func:`workbench.query.parse_query`, the parser of the corpus's text
    filter, so words, prefixes (``ceas*``), phrases in straight or curly quotes and joined words
    ("al-Assad") are the same terms here as there. Terms under an odd number of ``NOT`` are left
    out: an article matching ``Gaza NOT Rafah`` does not contain "Rafah".

    Parameters
    ----------
    text
        A :class:`~workbench.corpus.FilterSpec` text query such as ``'ceasefire AND "West Bank"'``.

    Returns
    -------
    list of workbench.query.Term
        The positive terms in query order; empty for None, an empty or an unparsable query.
    """
    if not text or not str(text).strip():
        return []
    try:
        node = parse_query(str(text))
    except ArgumentError:
        return []
    out: list[Term] = []

    def walk(node: Node, negated: bool) -> None:
        if isinstance(node, Term):
            if not negated and node not in out:
                out.append(node)
        elif isinstance(node, Not):
            walk(node.operand, not negated)
        else:
            for operand in node.operands:
                walk(operand, negated)

    walk(node, False)
    return out


def term_pattern(term: Term) -> re.Pattern[str]:
    """Return a regular expression finding ``term`` in text the way the corpus's text filter does.

    A word matches a whole token (a run of letters and digits, case-insensitive), a prefix term
    any token starting with it, and a phrase its tokens in a row separated by anything that is
    not a letter or digit (the word index's phrase check in :mod:`workbench.corpus`).

    Parameters
    ----------
    term
        A term of a parsed query.

    Returns
    -------
    re.Pattern
        The compiled pattern; its match is the text to highlight.
    """
    gap = r"[\W_]+"
    words = [re.escape(w) for w in term.words]
    words[-1] += r"[^\W_]*" if term.prefix else ""
    return re.compile(rf"(?<![^\W_]){gap.join(words)}(?![^\W_])", re.IGNORECASE)


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
        Actor ids or names to list first; the first mention of one of them picks the sentence
        to show. When none of them is in an article: the earliest match of a text-query term of
        the corpus's filters (not a negated one; see :func:`query_terms`), else the first actor
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
    # only the page's rows are built: a view's whole tables would be copied on every update
    order = corpus.newest_first()
    n_pages = max(1, math.ceil(len(order) / page_size))
    page = min(max(int(page), 0), n_pages - 1)
    chosen = order[page * page_size : (page + 1) * page_size]
    rows = corpus.articles_at(chosen)
    ids = rows["article_id"].tolist()
    mentions = corpus.mentions_at(chosen).sort_values("start", kind="stable")
    wanted = {h.casefold() for h in highlight}
    patterns = [
        term_pattern(term) for spec in corpus.specs for term in query_terms(spec.text)
    ]
    texts = schema.article_text(rows).tolist()
    # the page's mentions as plain lists: a page has a few hundred, pandas per article is slower
    per_article: dict[str, list[tuple[str, str, int, int]]] = {}
    for article_id, actor_id, actor, start, end in zip(
        mentions["article_id"].tolist(),
        mentions["actor_id"].astype(str).tolist(),
        mentions["actor"].astype(str).tolist(),
        mentions["start"].tolist(),
        mentions["end"].tolist(),
        strict=True,
    ):
        per_article.setdefault(article_id, []).append((actor_id, actor, start, end))
    out = []
    for article_id, date, source, title, text in zip(
        ids, rows["date"], rows["source"], rows["title"].tolist(), texts, strict=True
    ):
        found = per_article.get(article_id, [])
        counts = Counter((actor_id, actor) for actor_id, actor, _, _ in found)
        # the actors asked for first, then the most mentioned (ties: first seen)
        ranked = sorted(
            counts,
            key=lambda key: (
                key[0].casefold() not in wanted and key[1].casefold() not in wanted,
                -counts[key],
            ),
        )[:n_actors]
        span: tuple[int, int] | None = next(
            (
                (start, end)
                for actor_id, actor, start, end in found
                if actor_id.casefold() in wanted or actor.casefold() in wanted
            ),
            None,
        )
        if span is None:
            span = _first_term(text, patterns)
        if span is None and found:
            title_end = len(str(title))
            in_body = [m for m in found if m[2] > title_end] or found
            span = (in_body[0][2], in_body[0][3])
        if span is None:
            spans = sentence_spans(text)
            body_spans = [x for x in spans if x[0] > len(str(title))] or spans or [(0, 0)]
            s_start, s_end = body_spans[0]
            mark = (-1, -1)
        else:
            s_start, s_end = sentence_around(text, *span)
            mark = (span[0] - s_start, span[1] - s_start)
        out.append(
            {
                "article_id": article_id,
                "date": date,
                "source": source,
                "title": title,
                "actor_ids": [actor_id for actor_id, _ in ranked],
                "actors": [actor for _, actor in ranked],
                "sentence": text[s_start:s_end],
                "mark_start": mark[0],
                "mark_end": mark[1],
            }
        )
    columns = ["article_id", "date", "source", "title", "actor_ids", "actors", "sentence"]
    frame = pd.DataFrame(out, columns=[*columns, "mark_start", "mark_end"])
    return frame, n_pages


def _first_term(text: str, patterns: list[re.Pattern[str]]) -> tuple[int, int] | None:
    """Return the span of the earliest match of any of ``patterns`` in ``text``, or None."""
    best: tuple[int, int] | None = None
    for pattern in patterns:
        match = pattern.search(text)
        if match and (best is None or match.start() < best[0]):
            best = (match.start(), match.end())
    return best
