"""Tone per article and per actor, with VADER, on small written texts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import workbench
from workbench import schema
from workbench.tone import actor_tone, article_tone, sentence_tone

POSITIVE = "Leaders praised the wonderful agreement and celebrated a great success."
NEGATIVE = "Rescuers found dozens killed in a horrific, brutal attack that devastated families."
NEUTRAL = "The committee will meet on Tuesday in the capital."


def frame(rows: list[tuple[str, str]], index=None) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(len(rows))],
            "title": [t for t, _ in rows],
            "body": [b for _, b in rows],
        },
        index=index,
    )


def test_sentence_scores_have_the_right_sign():
    assert sentence_tone(POSITIVE) > 0.5
    assert sentence_tone(NEGATIVE) < -0.5
    assert sentence_tone(NEUTRAL) == 0.0


def test_article_tone_is_the_mean_of_sentence_scores_and_keeps_the_index():
    articles = frame(
        [("Good news", POSITIVE), ("Bad news", NEGATIVE), ("Agenda", NEUTRAL), ("Mixed", "")],
        index=[10, 20, 30, 40],
    )
    articles.loc[40, "body"] = f"{POSITIVE} {NEGATIVE}"
    tone = article_tone(articles)
    assert tone.dtype == np.float64 and list(tone.index) == [10, 20, 30, 40]
    assert tone[10] > 0.3 and tone[20] < -0.3 and tone[30] == 0.0
    expected = np.mean([sentence_tone("Mixed"), sentence_tone(POSITIVE), sentence_tone(NEGATIVE)])
    assert tone[40] == pytest.approx(expected)
    assert (tone.abs() <= 1).all()


def test_article_tone_limits_sentences_and_handles_empty_text():
    articles = frame([("", ""), ("Agenda", f"{NEUTRAL} {NEGATIVE}")])
    full = article_tone(articles)
    assert np.isnan(full.iloc[0])
    lead = article_tone(articles, max_sentences=2)  # title + neutral sentence only
    assert lead.iloc[1] == 0.0 and full.iloc[1] < 0


def test_actor_tone_uses_only_the_sentences_that_mention_the_actor():
    title = "Talks resume"
    body = (
        "Israel praised the wonderful agreement. "
        "Hamas condemned the brutal attack. "
        "Officials from Israel will meet on Tuesday."
    )
    articles = frame([(title, body)])
    text = schema.article_text(articles).iloc[0]

    def mention(surface: str, occurrence: int, actor_id: str, actor: str) -> dict:
        start = -1
        for _ in range(occurrence + 1):
            start = text.index(surface, start + 1)
        return {"article_id": "a0", "actor_id": actor_id, "actor": actor,
                "start": start, "end": start + len(surface)}

    mentions = pd.DataFrame(
        [
            mention("Israel", 0, "ISR", "Israel"),
            mention("Hamas", 0, "hamas", "Hamas"),
            mention("Israel", 1, "ISR", "Israel"),
            mention("agreement", 0, "ISR", "Israel"),  # second mention in the same sentence
        ]
    )
    out = actor_tone(articles, mentions)
    assert list(out.columns) == ["article_id", "actor_id", "actor", "tone", "n_sentences"]
    assert out["tone"].dtype == np.float64 and out["n_sentences"].dtype == np.int64
    israel = out.set_index("actor_id").loc["ISR"]
    hamas = out.set_index("actor_id").loc["hamas"]
    assert israel["n_sentences"] == 2  # the same sentence counts once
    assert israel["tone"] == pytest.approx(
        np.mean([sentence_tone("Israel praised the wonderful agreement."),
                 sentence_tone("Officials from Israel will meet on Tuesday.")])
    )
    assert hamas["n_sentences"] == 1
    assert hamas["tone"] == pytest.approx(sentence_tone("Hamas condemned the brutal attack."))
    assert hamas["tone"] < 0 < israel["tone"]


def test_actor_tone_in_the_title_and_for_unknown_articles():
    articles = frame([("Hamas hails great victory", NEUTRAL)])
    mentions = pd.DataFrame(
        {"article_id": ["a0", "zz"], "actor_id": ["hamas", "hamas"], "actor": ["Hamas", "Hamas"],
         "start": [0, 0], "end": [5, 5]}
    )
    out = actor_tone(articles, mentions)
    assert len(out) == 1  # the mention of an article we do not have is not scored
    assert out["tone"].iloc[0] == pytest.approx(sentence_tone("Hamas hails great victory"))
    empty = actor_tone(articles, mentions.iloc[:0])
    assert list(empty.columns) == ["article_id", "actor_id", "actor", "tone", "n_sentences"]
    assert len(empty) == 0


def test_public_names():
    assert workbench.article_tone is article_tone
    assert workbench.actor_tone is actor_tone


def test_the_no_sentiment_shortcut_agrees_with_vader_exactly():
    from workbench import sample
    from workbench.text import sentence_spans
    from workbench.tone import _analyzer, _without_sentiment

    written = [
        NEUTRAL,
        "No.",
        "No deal was reached on Tuesday.",
        "The talks went :) according to officials.",
        "Officials met 🙂 in Doha.",
        "Extremely (very) quiet week in the capital!!!",
        "The kind of talks that Cairo hosts.",
        "GOOD morning from the capital.",
        "\u201cHopeful,\u201d said the envoy.",
        "",
        "   ",
    ]
    articles = sample.generate(60, seed=5)
    texts = schema.article_text(articles)
    generated = [t[s:e] for t in texts for s, e in sentence_spans(t)]
    sentences = written + generated
    assert len(generated) > 300
    shortcut = 0
    for sentence in sentences:
        vader = float(_analyzer().polarity_scores(sentence)["compound"])
        assert sentence_tone.__wrapped__(sentence) == vader, sentence
        shortcut += _without_sentiment(sentence)
    # the shortcut is taken often (and never for the emoji, the emoticon or a lexicon word)
    assert shortcut > len(sentences) / 10
    assert not _without_sentiment("Officials met 🙂 in Doha.")
    assert not _without_sentiment("The talks went :) according to officials.")
    assert not _without_sentiment("No deal was reached on Tuesday.")
