"""Tone of articles and of the sentences that mention each actor, scored with VADER.

Scale: VADER's ``compound`` score, in [-1, 1] (-1 most negative, 0 neutral, 1 most positive).

* **Article tone** is the mean compound of the article's sentences (title included, sentences from
  :func:`workbench.text.sentence_spans`), over the first ``max_sentences`` sentences (default 40;
  ``None`` for all). Averaging sentences, rather than running VADER once over the whole text,
  keeps long articles from saturating towards +-1 (VADER squashes a sum of valences), and neutral
  sentences pull the mean towards 0 as they should. An article without text gets NaN.
* **Actor tone** is the mean compound of the distinct sentences that contain at least one mention
  of the actor (mention offsets index ``schema.article_text``), with their count.

VADER is pure Python (a few thousand sentences per second), so the analyzer is built once,
sentence scores are memoised (:func:`actor_tone` after :func:`article_tone` re-scores nothing),
and a sentence with no word of VADER's lexicon and no emoji scores 0.0 without running the
analyzer (VADER gives exactly 0.0 there: every valence is zero; about a third of news sentences).
"""

from __future__ import annotations

import string
from functools import lru_cache

import numpy as np
import pandas as pd

from workbench import schema
from workbench.text import sentence_spans

#: Default number of leading sentences that make up an article's tone.
MAX_SENTENCES = 40


@lru_cache(maxsize=1)
def _analyzer():  # -> SentimentIntensityAnalyzer
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    return SentimentIntensityAnalyzer()


@lru_cache(maxsize=1)
def _neutral_check():  # -> (lexicon, emoji characters)
    analyzer = _analyzer()
    return analyzer.lexicon, frozenset(analyzer.emojis)


def _without_sentiment(sentence: str) -> bool:
    """Whether VADER would find no valence in ``sentence`` (no lexicon word, no emoji).

    Tokens are VADER's own: split on white space, punctuation stripped from both ends unless
    that leaves two characters or fewer (emoticons such as ``:)`` stay whole), then lowercased.
    """
    lexicon, emojis = _neutral_check()
    if not emojis.isdisjoint(sentence):
        return False
    punctuation = string.punctuation
    for token in sentence.split():
        stripped = token.strip(punctuation)
        if (token if len(stripped) <= 2 else stripped).lower() in lexicon:
            return False
    return True


@lru_cache(maxsize=200_000)
def sentence_tone(sentence: str) -> float:
    """Return VADER's compound score of one sentence, in [-1, 1] (memoised).

    Parameters
    ----------
    sentence
        The sentence text.

    Returns
    -------
    float
        The compound score (0.0 for a sentence without sentiment-bearing words).
    """
    if _without_sentiment(sentence):
        return 0.0
    return float(_analyzer().polarity_scores(sentence)["compound"])


def article_tone(articles: pd.DataFrame, *, max_sentences: int | None = MAX_SENTENCES) -> pd.Series:
    """Return the tone of each article: the mean VADER compound of its sentences.

    Parameters
    ----------
    articles
        A frame with ``title`` and ``body``.
    max_sentences
        Score only this many leading sentences (the title counts as one); None scores them all.

    Returns
    -------
    pandas.Series
        ``float64`` in [-1, 1] named ``tone``, aligned with ``articles.index``; NaN for an empty
        article.
    """
    texts = schema.article_text(articles)
    values = np.full(len(texts), np.nan, dtype=np.float64)
    for i, text in enumerate(texts):
        spans = sentence_spans(text)
        if max_sentences is not None:
            spans = spans[:max_sentences]
        if spans:
            values[i] = float(np.mean([sentence_tone(text[s:e]) for s, e in spans]))
    return pd.Series(values, index=articles.index, name="tone", dtype="float64")


def actor_tone(articles: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    r"""Return the tone of the sentences that mention each actor, per article.

    Parameters
    ----------
    articles
        A frame with ``article_id``, ``title`` and ``body``.
    mentions
        The ``mentions`` table (``article_id``, ``actor_id``, ``actor``, ``start``, ``end``);
        offsets index ``title + "\\n" + body``.

    Returns
    -------
    pandas.DataFrame
        One row per (article, actor) with mentions: ``article_id``, ``actor_id``, ``actor``,
        ``tone`` (mean compound of the distinct sentences mentioning the actor, float64) and
        ``n_sentences`` (int64), in article then first-mention order. Mentions of articles absent
        from ``articles`` are ignored (they have no text to score).
    """
    columns = {
        "article_id": "str",
        "actor_id": "str",
        "actor": "str",
        "tone": "float64",
        "n_sentences": "int64",
    }
    if len(mentions) == 0 or len(articles) == 0:
        return pd.DataFrame({c: pd.Series(dtype=d) for c, d in columns.items()})
    ids = articles["article_id"].astype(str)
    texts = dict(zip(ids, schema.article_text(articles), strict=True))
    frame = mentions[["article_id", "actor_id", "actor", "start"]].copy()
    frame["article_id"] = frame["article_id"].astype(str)
    frame["actor_id"] = frame["actor_id"].astype(str)
    frame["actor"] = frame["actor"].astype(str)
    frame = frame[frame["article_id"].isin(texts.keys())]
    rows = []
    for article_id, group in frame.groupby("article_id", sort=False):
        text = texts[article_id]
        spans = sentence_spans(text)
        if not spans:
            continue
        starts = np.fromiter((s for s, _ in spans), dtype=np.int64)
        idx = np.searchsorted(starts, group["start"].to_numpy(dtype=np.int64), side="right") - 1
        idx = np.clip(idx, 0, len(spans) - 1)
        by_actor: dict[tuple[str, str], list[int]] = {}
        for key, sentence in zip(
            zip(group["actor_id"], group["actor"], strict=True), idx.tolist(), strict=True
        ):
            seen = by_actor.setdefault(key, [])
            if sentence not in seen:
                seen.append(sentence)
        for (actor_id, actor), sentences in by_actor.items():
            scores = [sentence_tone(text[spans[j][0] : spans[j][1]]) for j in sentences]
            rows.append((article_id, actor_id, actor, float(np.mean(scores)), len(sentences)))
    out = pd.DataFrame(rows, columns=list(columns))
    return out.astype(columns)
