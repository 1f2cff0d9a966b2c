"""One enrichment step over an articles frame: actors, topics and tone, as the three tables.

``load`` (corpus), ``ingest`` (store) and the Dask path all call :func:`enrich_articles`, so a
single-process run and a cluster run produce the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd


@dataclass(frozen=True)
class Enriched:
    """The result of enrichment: articles (with a ``tone`` column), mentions and topics."""

    articles: pd.DataFrame
    mentions: pd.DataFrame
    topics: pd.DataFrame


def enrich_articles(
    articles: pd.DataFrame, *, registry: Any = None, taxonomy: Any = None
) -> Enriched:
    """Extract actor mentions, tag taxonomy topics and score tone for ``articles``.

    Parameters
    ----------
    articles
        A frame with the ``articles`` schema.
    registry
        Actor registry (see :func:`workbench.registry.load_registry`); the packaged one when None.
    taxonomy
        Topic taxonomy (see :func:`workbench.topics.load_taxonomy`); the packaged one when None.

    Returns
    -------
    Enriched
        ``articles`` with a float ``tone`` column in [-1, 1]; ``mentions``; ``topics``.
    """
    from workbench.actors import extract_actors
    from workbench.registry import load_registry
    from workbench.tone import article_tone
    from workbench.topics import tag_topics

    if registry is None:
        registry = load_registry()  # cached: the packaged registry is read once per process
    mentions = extract_actors(articles, registry=registry)
    # with the registry, an actor condition naming an unknown id is an error, not a silent miss
    topics = tag_topics(articles, taxonomy=taxonomy, mentions=mentions, registry=registry)
    scored = articles.assign(tone=article_tone(articles))
    return Enriched(articles=scored, mentions=mentions, topics=topics)
