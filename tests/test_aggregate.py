"""Aggregates against hand counts of the tiny corpus (see tests/corpus_fixture.py)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from corpus_fixture import frames, tiny

from workbench import aggregate as agg
from workbench.corpus import Corpus
from workbench.errors import ArgumentError


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def test_weekly_article_volume_has_every_week():
    frame = agg.volume(tiny(), freq="week")
    assert list(frame.columns) == ["period", "articles"]
    assert frame["period"].tolist() == [
        utc(d)
        for d in [
            "2026-01-05",
            "2026-01-12",
            "2026-01-19",
            "2026-01-26",
            "2026-02-02",
            "2026-02-09",
            "2026-02-16",
        ]
    ]
    assert frame["articles"].tolist() == [2, 1, 0, 0, 2, 0, 1]
    assert frame.attrs["unit"] == "articles" and frame.attrs["freq"] == "week"
    assert frame.attrs["filter"] == "all articles"


def test_daily_and_monthly_volume_and_aliases():
    daily = agg.volume(tiny(), freq="D")
    assert len(daily) == 47  # 5 January .. 20 February
    assert daily["articles"].sum() == 6
    assert daily.set_index("period").loc[utc("2026-01-14"), "articles"] == 1
    monthly = agg.volume(tiny(), freq="month")
    assert monthly["period"].tolist() == [utc("2026-01-01"), utc("2026-02-01")]
    assert monthly["articles"].tolist() == [3, 3]


def test_mention_volume():
    frame = agg.volume(tiny(), freq="month", unit="mentions")
    assert frame["mentions"].tolist() == [5 + 3 + 5, 3 + 5]  # a1 a2 a3 | a4 a5


def test_share_uses_the_unfiltered_corpus_as_denominator():
    hamas = tiny().filter(actor="Hamas")
    frame = agg.volume(hamas, freq="month", unit="share")
    assert frame["articles"].tolist() == [2, 1]
    assert frame["total"].tolist() == [3, 3]
    assert frame["share"].tolist() == pytest.approx([2 / 3, 1 / 3])
    # an explicit baseline: Hamas among Reuters articles, per month
    reuters = tiny().filter(source="Reuters")
    both = reuters.filter(actor="Hamas")
    frame = agg.volume(both, freq="month", unit="share", baseline=reuters)
    assert frame["total"].tolist() == [2, 1]
    assert frame["share"].tolist() == pytest.approx([1.0, 0.0])
    # periods where the baseline has articles but the selection has none are zeros, not gaps
    china = tiny().filter(actor="China")
    assert agg.volume(china, freq="month", unit="share")["share"].tolist() == [0, 1 / 3]


def test_volume_by_actor_top_and_values():
    frame = agg.volume(tiny(), by="actor", freq="month", top=3)
    assert list(frame.columns) == ["period", "actor_id", "actor", "articles"]
    # ties (Hamas, Israel at 3 articles; Gaza, United States at 2) broken alphabetically
    assert frame["actor"].unique().tolist() == ["Hamas", "Israel", "Gaza"]
    table = frame.pivot(index="actor", columns="period", values="articles")
    assert table.loc["Hamas"].tolist() == [2, 1]
    assert table.loc["Gaza"].tolist() == [2, 0]
    mentions = agg.volume(
        tiny(), by="actor", unit="mentions", freq="month", values=["CHN", "Rafah"]
    )
    table = mentions.pivot(index="actor", columns="period", values="mentions")
    assert table.loc["China"].tolist() == [0, 2]
    assert table.loc["Rafah"].tolist() == [2, 0]


def test_volume_by_topic_source_kind_country():
    by_topic = agg.volume(tiny(), by="topic", freq="month", top=None)
    table = by_topic.pivot(index="topic", columns="period", values="articles")
    assert table.loc["gaza-ceasefire"].tolist() == [2, 1]
    assert table.loc["trade-tariffs"].tolist() == [0, 1]
    by_source = agg.volume(tiny(), by="source", freq="month", top=None)
    assert by_source.groupby("source")["articles"].sum().to_dict() == {
        "AP": 2,
        "MENAFN": 1,
        "Reuters": 3,
    }
    by_kind = agg.volume(tiny(), by="kind", freq="month", top=None)
    assert by_kind.groupby("kind")["articles"].sum().to_dict() == {
        "country": 5,  # a1 a2 a3 a4 a5
        "organization": 4,  # a1 a2 a3 a5
        "person": 1,
        "place": 2,
    }
    by_country = agg.volume(tiny(), by="country", freq="month", values=["PSE"])
    assert by_country["articles"].tolist() == [2, 1]


def test_volume_arguments_are_checked():
    with pytest.raises(ArgumentError, match="freq must be one of 'day', 'week', 'month'"):
        agg.volume(tiny(), freq="year")
    with pytest.raises(ArgumentError, match="unit must be one of"):
        agg.volume(tiny(), unit="words")
    with pytest.raises(ArgumentError, match="by must be one of"):
        agg.volume(tiny(), by="author")
    with pytest.raises(ArgumentError, match="unit='mentions' needs"):
        agg.volume(tiny(), by="topic", unit="mentions")
    with pytest.raises(ArgumentError, match="did you mean 'Hamas'"):
        agg.volume(tiny(), by="actor", values=["Hamass"])


def test_volume_of_an_empty_selection():
    none = tiny().filter(actor="China", source="AP")
    assert agg.volume(none)["articles"].sum() == 0
    assert agg.volume(none, by="actor").empty


def test_undated_articles_are_counted_in_attrs():
    articles, mentions, topics = frames()
    articles.loc[5, "date"] = pd.NaT
    frame = agg.volume(Corpus(articles, mentions, topics))
    assert frame["articles"].sum() == 5 and frame.attrs["undated"] == 1


def test_top_actors():
    top = agg.top_actors(tiny(), 4)
    assert top["actor"].tolist() == ["Hamas", "Israel", "Gaza", "United States"]
    assert top["articles"].tolist() == [3, 3, 2, 2]
    assert top["mentions"].tolist() == [4, 4, 2, 2]
    assert top["rank"].tolist() == [1, 2, 3, 4]
    assert top["share"].tolist() == pytest.approx([0.5, 0.5, 1 / 3, 1 / 3])
    by_mentions = agg.top_actors(tiny(), 3, by="mentions")
    # 4, 4, then 2-mention actors with 2 articles (Gaza, United States) before 1-article ones
    assert by_mentions["actor"].tolist() == ["Hamas", "Israel", "Gaza"]
    people = agg.top_actors(tiny(), None, kinds=["person", "organization"])
    assert people["actor"].tolist() == ["Hamas", "Benjamin Netanyahu", "IAEA"]
    filtered = agg.top_actors(tiny().filter(source="AP"), None)
    assert dict(zip(filtered["actor"], filtered["mentions"], strict=True)) == {
        "Iran": 2,
        "Hamas": 2,
        "Israel": 2,
        "IAEA": 1,
        "Qatar": 1,
    }


def test_top_topics_and_sources():
    topics = agg.top_topics(tiny())
    assert topics["topic"].tolist() == ["gaza-ceasefire", "iran-nuclear", "trade-tariffs"]
    assert topics["articles"].tolist() == [3, 1, 1]
    src = agg.sources(tiny().filter(start="2026-02-01"))
    assert src["source"].tolist() == ["AP", "MENAFN", "Reuters"]
    assert src["articles"].tolist() == [1, 1, 1]
    assert src["share"].tolist() == pytest.approx([1 / 3] * 3)


def test_cooccurrence_counts_and_association():
    pairs = agg.cooccurrence(tiny(), top=None)
    table = {frozenset((r.actor_a, r.actor_b)): r for r in pairs.itertuples()}
    hamas_israel = table[frozenset(("Hamas", "Israel"))]
    assert hamas_israel.count == 3
    # N=6, a=3, b=3: lift = 3*6/9 = 2, pmi = 1, npmi = 1 / -log2(3/6) = 1
    assert hamas_israel.lift == pytest.approx(2.0)
    assert hamas_israel.pmi == pytest.approx(1.0)
    assert hamas_israel.npmi == pytest.approx(1.0)
    us_gaza = table[frozenset(("United States", "Gaza"))]
    assert us_gaza.count == 1
    assert us_gaza.lift == pytest.approx(1 * 6 / (2 * 2))
    assert us_gaza.pmi == pytest.approx(math.log2(1.5))
    assert frozenset(("China", "Iran")) not in table  # never together
    # every pair of a1's five actors, a3's four, a5's three, a4's two, a2's two: distinct pairs
    assert len(pairs) == len(
        {
            frozenset(p)
            for group in [
                ["Gaza", "Hamas", "Israel", "Benjamin Netanyahu", "United States"],
                ["Rafah", "Israel", "Hamas", "Gaza"],
                ["Hamas", "Israel", "Qatar"],
                ["United States", "China"],
                ["Iran", "IAEA"],
            ]
            for p in [(a, b) for a in group for b in group if a < b]
        }
    )
    assert pairs["count"].is_monotonic_decreasing
    assert len(agg.cooccurrence(tiny(), top=None, min_count=2)) == 3  # Hamas-Israel, +Gaza x2


def test_actor_topic_matrix():
    frame = agg.actor_topic(tiny(), actors=["Hamas", "United States"])
    table = frame.pivot(index="actor", columns="topic", values="articles")
    assert table.loc["Hamas"].to_dict() == {
        "gaza-ceasefire": 3,
        "iran-nuclear": 0,
        "trade-tariffs": 0,
    }
    assert table.loc["United States"].to_dict() == {
        "gaza-ceasefire": 1,
        "iran-nuclear": 0,
        "trade-tariffs": 1,
    }
    shares = frame.pivot(index="actor", columns="topic", values="share")
    assert shares.loc["United States", "trade-tariffs"] == pytest.approx(0.5)


def test_tone_over_time():
    frame = agg.tone(tiny(), freq="month")
    assert frame["articles"].tolist() == [3, 3]
    assert frame["tone"].tolist() == pytest.approx([(0.5 - 0.4 - 0.8) / 3, (-0.1 + 0.2 + 0.3) / 3])
    assert frame["sem"].iloc[0] == pytest.approx(np.std([0.5, -0.4, -0.8], ddof=1) / math.sqrt(3))
    per_actor = agg.tone(tiny(), freq="month", by="actor", values=["China", "Hamas"])
    table = per_actor.pivot(index="actor", columns="period", values="tone")
    assert math.isnan(table.loc["China"].iloc[0])  # no China article in January
    assert table.loc["China"].iloc[1] == pytest.approx(-0.1)
    assert table.loc["Hamas"].tolist() == pytest.approx([(0.5 - 0.8) / 2, 0.2])
    articles, mentions, topics = frames()
    with pytest.raises(ArgumentError, match="no 'tone' column"):
        agg.tone(Corpus(articles.drop(columns=["tone"]), mentions, topics))


def test_actor_tone_table():
    table = agg.actor_tone_table(tiny(), 2)
    assert table["actor"].tolist() == ["Hamas", "Israel"]
    assert table["tone"].notna().all()
    assert table["tone"].between(-1, 1).all()


def test_evidence_for_an_actor_gives_the_sentences_of_its_mentions():
    ev = agg.evidence(tiny(), actor="Hamas")
    assert ev["article_id"].tolist() == ["a1", "a3", "a5", "a5"]
    assert ev["sentence"].tolist() == [
        "Hamas and Israel agreed to talks.",
        "Hamas fired rockets.",
        "Hamas and Israel resume ceasefire talks",  # the title line
        "Mediators from Qatar met Hamas.",
    ]
    # offsets point into title + "\n" + body
    articles = tiny().articles.set_index("article_id")
    for row in ev.itertuples():
        text = articles.loc[row.article_id, "title"] + "\n" + articles.loc[row.article_id, "body"]
        assert text[row.start : row.end] == row.sentence
    assert ev["mentions"].sum() == 4  # the mention count of Hamas
    assert ev.attrs["articles_total"] == 3


def test_evidence_for_a_pair_period_topic_and_limit():
    ev = agg.evidence(tiny(), pair=("Hamas", "ISR"), period="2026-01")
    assert ev["article_id"].unique().tolist() == ["a1", "a3"]
    first = ev[ev["article_id"] == "a1"].iloc[0]
    assert first["sentence"] == "Hamas and Israel agreed to talks."
    assert first["actors"] == ("Hamas", "Israel")
    a3 = ev[ev["article_id"] == "a3"]
    assert a3["sentence"].tolist() == ["Israel struck Rafah.", "Hamas fired rockets."]
    by_topic = agg.evidence(tiny(), actor="United States", topic="trade-tariffs")
    assert by_topic["sentence"].tolist() == ["The United States raised tariffs on China."]
    titles = agg.evidence(tiny(), topic="gaza-ceasefire")
    assert titles["sentence"].tolist() == [
        "Ceasefire talks in Gaza",
        "Strikes in Rafah",
        "Hamas and Israel resume ceasefire talks",
    ]
    limited = agg.evidence(tiny(), actor="Israel", limit=1)
    assert limited["article_id"].unique().tolist() == ["a1"]
    assert limited.attrs == {
        "filter": "actor: Israel",
        "articles_total": 3,
        "articles_shown": 1,
    }
    with pytest.raises(ArgumentError, match="either actor= or pair="):
        agg.evidence(tiny(), actor="Hamas", pair=("Hamas", "Israel"))


def test_evidence_sentences_agree_with_the_counts_on_a_filtered_corpus():
    corpus = tiny().filter(source="Reuters")
    top = agg.top_actors(corpus, None).set_index("actor")
    for actor in top.index:
        ev = agg.evidence(corpus, actor=actor, limit=None)
        assert ev["article_id"].nunique() == top.loc[actor, "articles"]
        assert ev["mentions"].sum() == top.loc[actor, "mentions"]


def test_actor_tone_from_sentences_and_from_articles():
    from workbench.tone import sentence_tone

    by_articles = agg.actor_tone_table(tiny(), 1, method="articles")
    assert by_articles["actor"].tolist() == ["Hamas"]
    assert by_articles["tone"].iloc[0] == pytest.approx((0.5 - 0.8 + 0.2) / 3)
    by_sentences = agg.actor_tone_table(tiny(), 1)
    per_article = [
        sentence_tone("Hamas and Israel agreed to talks."),
        sentence_tone("Hamas fired rockets."),
        np.mean(
            [
                sentence_tone("Hamas and Israel resume ceasefire talks"),
                sentence_tone("Mediators from Qatar met Hamas."),
            ]
        ),
    ]
    assert by_sentences["tone"].iloc[0] == pytest.approx(np.mean(per_article))
    assert by_sentences["method"].iloc[0] == "sentences"
    over_time = agg.tone(tiny(), freq="month", by="actor", values=["Hamas"], method="sentences")
    assert over_time["tone"].tolist() == pytest.approx([np.mean(per_article[:2]), per_article[2]])
    with pytest.raises(ArgumentError, match="needs by='actor'"):
        agg.tone(tiny(), method="sentences")


def test_topic_evidence_uses_the_taxonomy_terms(tmp_path):
    from workbench.topics import load_taxonomy

    path = tmp_path / "mine.yml"
    path.write_text(
        "topics:\n"
        "  - id: mideast\n"
        "    label: Middle East\n"
        "  - id: gaza-ceasefire\n"
        "    label: Gaza\n"
        "    parent: mideast\n"
        "    match:\n"
        "      phrases: [ceasefire, rocket*]\n"
        "  - id: iran-nuclear\n"
        "    label: Iran\n"
        "    parent: mideast\n"
        "    match:\n"
        "      phrases: [IAEA]\n",
        encoding="utf-8",
    )
    taxonomy = load_taxonomy(path, include_default=False)
    articles, mentions, topics = frames()
    corpus = Corpus(articles, mentions, topics, taxonomy=taxonomy)
    ev = agg.evidence(corpus, topic="mideast")
    assert ev["article_id"].tolist() == ["a1", "a1", "a2", "a3", "a5"]
    assert ev["sentence"].tolist() == [
        "Ceasefire talks in Gaza",
        "Benjamin Netanyahu said the ceasefire holds.",
        "The IAEA said inspectors were blocked.",
        "Hamas fired rockets.",
        "Hamas and Israel resume ceasefire talks",
    ]
    assert ev["matched"].tolist() == [
        ("Ceasefire",),
        ("ceasefire",),
        ("IAEA",),
        ("rockets",),
        ("ceasefire",),
    ]


def test_evidence_for_a_point_of_a_volume_chart():
    corpus = tiny()
    weekly = agg.volume(corpus, by="actor", values=["Hamas"], freq="week")
    point = weekly[weekly["articles"] > 0].iloc[0]  # week of 5 January: a1
    ev = agg.evidence(corpus, actor=point["actor_id"], period=point["period"], freq="week")
    assert ev["article_id"].nunique() == point["articles"] == 1
    monthly = agg.evidence(corpus, actor="Hamas", period=utc("2026-01-01"), freq="month")
    assert monthly["article_id"].unique().tolist() == ["a1", "a3"]
    with pytest.raises(ArgumentError, match="freq= needs period="):
        agg.evidence(corpus, actor="Hamas", freq="week")


@pytest.mark.parametrize(
    "spec",
    [
        {"actor": "Hamas"},
        {"source": "AP"},
        {"actor": "China"},
        {"topic": "gaza-ceasefire", "end": "2026-01"},
    ],
)
def test_gathering_and_scanning_give_the_same_counts(spec, monkeypatch):
    """Small views gather rows article by article, large ones scan a mask: same answers."""
    import workbench.corpus as corpus_module

    results = []
    for threshold in (0.0, 1.1):  # always scan, always gather
        monkeypatch.setattr(corpus_module, "_GATHER_BELOW", threshold)
        sub = tiny().filter(**spec)
        results.append(
            (
                agg.top_actors(sub, None),
                agg.volume(sub, by="actor", top=None, unit="mentions"),
                agg.top_topics(sub),
                sub.mentions,
            )
        )
    for scanned, gathered in zip(*results, strict=True):
        pd.testing.assert_frame_equal(scanned, gathered)
