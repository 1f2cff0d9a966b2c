"""Learned topics: recovery of planted themes, determinism, k selection, shares, promotion."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import workbench
from workbench import schema
from workbench.errors import ArgumentError
from workbench.learned import learn_topics
from workbench.topics import load_taxonomy, tag_topics

THEMES = {
    "oil": "crude barrel refinery pipeline opec brent drilling tanker petroleum output".split(),
    "football": "goal striker league referee stadium penalty midfielder coach season cup".split(),
    "vaccine": "vaccine dose clinical trial immunity booster pathogen outbreak virus ward".split(),
    "election": "ballot voter polling candidate campaign turnout parliament seat runoff".split(),
}
FILLER = "today report people week official statement city country time group".split()


def corpus(n_per_theme: int = 30, seed: int = 1) -> pd.DataFrame:
    """Articles drawn from four disjoint vocabularies plus shared filler, dated over 4 months."""
    rng = np.random.default_rng(seed)
    rows = []
    for theme, words in THEMES.items():
        for i in range(n_per_theme):
            body = " ".join(rng.choice(words, 25).tolist() + rng.choice(FILLER, 10).tolist())
            rows.append(
                {
                    "article_id": f"{theme}-{i:03d}",
                    "title": f"{rng.choice(words)} {rng.choice(words)}",
                    "body": body,
                    "theme": theme,
                    "date": pd.Timestamp("2026-01-01", tz="UTC") + pd.Timedelta(days=int(i * 4)),
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    return corpus()


@pytest.fixture(scope="module")
def learned(articles):
    return learn_topics(articles, k=4, seed=0)


def test_planted_themes_are_recovered(articles, learned):
    dominant = learned.dominant().reindex(articles["article_id"]).to_numpy()
    table = pd.crosstab(dominant, articles["theme"].to_numpy())
    assert table.shape == (4, 4)
    assert (table.max(axis=1) == 30).all()  # every learned topic is one theme, whole
    for tid in learned.topic_ids:
        theme = table.loc[tid].idxmax()
        assert set(learned.top_terms(tid, 5)) <= set(THEMES[theme])
        assert learned.labels[tid] == ", ".join(learned.top_terms(tid, 3))
        reps = learned.representative[learned.representative.topic == tid]
        assert len(reps) == 5
        assert all(aid.startswith(theme) for aid in reps["article_id"])


def test_weights_are_a_topics_table_of_shares(articles, learned):
    w = learned.weights
    schema.validate(w, "topics")
    assert set(w["method"]) == {"learned"}
    assert set(w["topic"]) <= set(learned.topic_ids)
    assert w["score"].between(0.1, 1.0).all()
    assert (w.groupby("article_id")["score"].sum() <= 1.0 + 1e-6).all()
    assert set(w["article_id"]) == set(articles["article_id"])


def test_same_seed_same_topics_and_k_selection_is_deterministic(articles, learned):
    again = learn_topics(articles, k=4, seed=0)
    pd.testing.assert_frame_equal(again.terms, learned.terms)
    pd.testing.assert_frame_equal(again.weights, learned.weights)
    auto1 = learn_topics(articles, seed=3, k_range=(2, 8))
    auto2 = learn_topics(articles, seed=3, k_range=(2, 8))
    assert auto1.k == auto2.k
    pd.testing.assert_frame_equal(auto1.selection, auto2.selection)
    pd.testing.assert_frame_equal(auto1.weights, auto2.weights)


def test_k_is_chosen_within_range_at_the_error_elbow(articles):
    auto = learn_topics(articles, seed=0, k_range=(2, 12))
    table = auto.selection
    assert list(table.columns) == ["k", "coherence", "error", "elbow"]
    assert table["k"].between(2, 12).all() and table["k"].is_monotonic_increasing
    assert auto.k == int(table.loc[table["elbow"].idxmax(), "k"])
    assert 3 <= auto.k <= 6  # four planted themes: the error stops falling fast around 4
    assert (np.diff(table["error"]) <= 1e-6).all()


def test_shares_over_time_sum_to_one_per_period(learned):
    shares = learned.shares("MS")
    assert list(shares.columns) == ["date", "topic", "label", "share", "n_articles"]
    sums = shares.groupby("date")["share"].sum()
    assert np.allclose(sums, 1.0, atol=1e-5)
    assert shares.groupby("date")["n_articles"].first().sum() == 120


def test_promoted_topic_round_trips_through_load_taxonomy(tmp_path, articles, learned):
    dominant = learned.dominant()
    oil_topic = dominant[dominant.index.str.startswith("oil")].mode()[0]
    path = learned.to_taxonomy_yaml(oil_topic, tmp_path / "promoted.yml", parent="economy")
    text = path.read_text()
    assert text.startswith("# Promoted from learned topic")
    tax = load_taxonomy(path)
    entry = [t for t in tax.topics.values() if t.origin.startswith(str(path))]
    assert len(entry) == 1
    topic = entry[0]
    assert topic.parent == "economy" and topic.min_phrases == 3
    assert list(topic.phrases) == learned.top_terms(oil_topic, 10)
    got = tag_topics(articles, taxonomy=tax)
    hit = set(got.loc[got.topic == topic.id, "article_id"])
    assert hit == {a for a in articles["article_id"] if a.startswith("oil")}


def test_arguments_are_checked(articles, learned):
    with pytest.raises(ArgumentError, match="k must be between"):
        learn_topics(articles, k=1)
    with pytest.raises(ArgumentError, match="at least 10 articles"):
        learn_topics(articles.head(5), k=2)
    blank = articles.assign(title="the", body="and of the")
    with pytest.raises(ArgumentError, match="no terms"):
        learn_topics(blank, k=2)
    with pytest.raises(ArgumentError, match="topic must be one of"):
        learned.to_taxonomy_yaml("learned-99", "x.yml")
    assert workbench.learn_topics is learn_topics
