"""Aggregates against hand counts of the tiny corpus (see tests/corpus_fixture.py)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from corpus_fixture import frames, tiny

from workbench import aggregate as agg
from workbench import read_articles, schema
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


# ---------------------------------------------------------------- the grid of a dated selection


def test_share_grid_covers_the_filter_dates_only():
    # Hamas: a1 (5 Jan), a3 (14 Jan), a5 (3 Feb); the corpus runs 5 January to 20 February.
    hamas = tiny().filter(actors=["Hamas"], start="2026-02", end="2026-03")
    frame = agg.volume(hamas, freq="month", unit="share")
    # March is asked for but holds no article of the corpus: the grid stops at February
    assert frame["period"].tolist() == [utc("2026-02-01")]
    assert frame["articles"].tolist() == [1]
    assert frame["total"].tolist() == [3]  # a4 a5 a6
    assert frame["share"].tolist() == pytest.approx([1 / 3])


def test_share_baseline_is_restricted_to_the_filter_dates():
    # from 10 January: January's baseline is a3 alone (a1 and a2 are earlier)
    frame = agg.volume(tiny().filter(actor="Hamas", start="2026-01-10"), freq="month", unit="share")
    assert frame["period"].tolist() == [utc("2026-01-01"), utc("2026-02-01")]
    assert frame["articles"].tolist() == [1, 1]
    assert frame["total"].tolist() == [1, 3]
    assert frame["share"].tolist() == pytest.approx([1.0, 1 / 3])
    # an explicit baseline gets the same dates: Reuters from 10 January is a3 | a6
    reuters = tiny().filter(source="Reuters")
    both = reuters.filter(actor="Hamas", start="2026-01-10")
    frame = agg.volume(both, freq="month", unit="share", baseline=reuters)
    assert frame["total"].tolist() == [1, 1]
    assert frame["share"].tolist() == pytest.approx([1.0, 0.0])


def test_share_grid_of_chained_filters_and_of_dates_outside_the_corpus():
    view = tiny().filter(start="2026-01").filter(actor="Hamas", end="2026-01")
    frame = agg.volume(view, freq="month", unit="share")
    assert frame["period"].tolist() == [utc("2026-01-01")]
    assert frame["total"].tolist() == [3]  # a1 a2 a3
    later = tiny().filter(actor="Hamas", start="2027")
    assert agg.volume(later, freq="month", unit="share").empty
    assert agg.volume(later, freq="month").empty
    # no date filter: the share grid is the whole corpus, as before
    china = agg.volume(tiny().filter(actor="China"), freq="month", unit="share")
    assert china["period"].tolist() == [utc("2026-01-01"), utc("2026-02-01")]


def test_article_and_mention_grids_cover_the_filter_dates():
    # China: a4 only (Monday 2 February); asked for 12 January to 8 February
    china = tiny().filter(actor="China", start="2026-01-12", end="2026-02-08")
    weekly = agg.volume(china, freq="week")
    assert weekly["period"].tolist() == [
        utc("2026-01-12"),
        utc("2026-01-19"),
        utc("2026-01-26"),
        utc("2026-02-02"),
    ]
    assert weekly["articles"].tolist() == [0, 0, 0, 1]
    mentions = agg.volume(china, freq="week", unit="mentions")
    assert mentions["mentions"].tolist() == [0, 0, 0, 3]  # a4: China twice, United States once
    by_actor = agg.volume(china, by="actor", freq="week", values=["China"])
    assert by_actor["articles"].tolist() == [0, 0, 0, 1]
    # a start before the corpus's first article is clipped to it
    early = agg.volume(tiny().filter(start="2025-11"), freq="month")
    assert early["period"].tolist() == [utc("2026-01-01"), utc("2026-02-01")]
    assert early["articles"].tolist() == [3, 3]
    # one bounded side: the other side ends at the selection's last article, as without dates
    hamas = agg.volume(tiny().filter(actor="Hamas", start="2026-01-12"), freq="week")
    assert hamas["period"].iloc[0] == utc("2026-01-12")
    assert hamas["period"].iloc[-1] == utc("2026-02-02")
    assert hamas["articles"].tolist() == [1, 0, 0, 1]


# ---------------------------------------------------------------- association of unseen pairs


def test_npmi_of_a_pair_never_seen_together_is_minus_one():
    pairs = agg.cooccurrence(tiny(), actors=["Hamas", "Israel", "China"], min_count=0)
    table = {frozenset((r.actor_a, r.actor_b)): r for r in pairs.itertuples()}
    never = table[frozenset(("Hamas", "China"))]
    assert never.count == 0
    assert never.lift == 0
    assert never.pmi == -np.inf
    assert never.npmi == -1.0
    assert table[frozenset(("Hamas", "Israel"))].npmi == pytest.approx(1.0)
    assert pairs["npmi"].between(-1, 1).all()
    # an actor named but absent from the selection: association undefined, not "never"
    ap = tiny().filter(source="AP")  # a2 a5: no China
    absent = agg.cooccurrence(ap, actors=["Hamas", "China"], min_count=0)
    assert absent["articles_b"].tolist() == [0] or absent["articles_a"].tolist() == [0]
    assert absent["npmi"].isna().all()


# ---------------------------------------------------------------- evidence for a summary row


def test_evidence_takes_period_and_freq_from_a_volume_row():
    corpus = tiny()
    monthly = agg.volume(corpus, by="actor", values=["Hamas"], freq="month")
    january = monthly.iloc[0]
    # the row knows its freq (month) and its actor: a1 and a3, not the 1st of January alone
    ev = agg.evidence(corpus, period=january)
    assert ev["article_id"].unique().tolist() == ["a1", "a3"]
    assert ev["mentions"].sum() == january["articles"] == 2
    assert ev.attrs["filter"] == "actor: hamas; dates: 2026-01-01 to 2026-01-31"
    # a frame spans its periods; an explicit freq wins over the attrs
    assert agg.evidence(corpus, period=monthly)["article_id"].nunique() == 3
    week = agg.evidence(corpus, actor="Hamas", period=january, freq="week")
    assert week["article_id"].tolist() == ["a1"]  # 1 to 7 January
    weekly = agg.volume(corpus, freq="week")
    point = weekly[weekly["articles"] > 0].iloc[0]  # week of 5 January: a1 a2
    assert agg.evidence(corpus, period=point)["article_id"].unique().tolist() == ["a1", "a2"]


def test_evidence_refuses_an_ambiguous_period_start():
    corpus = tiny()
    start = agg.volume(corpus, freq="month")["period"].iloc[0]  # midnight, 1 January
    with pytest.raises(ArgumentError, match=r"give freq= \('day', 'week' or 'month'\)"):
        agg.evidence(corpus, actor="Hamas", period=start)
    with pytest.raises(ArgumentError, match="freq must be one of 'day', 'week', 'month'"):
        agg.evidence(corpus, actor="Hamas", period=start, freq="year")
    # strings, dates with a time and ranges say what they mean
    assert agg.evidence(corpus, actor="Hamas", period="2026-01-05")["article_id"].tolist() == ["a1"]
    ranged = agg.evidence(corpus, actor="Hamas", period=(start, utc("2026-01-14")))
    assert ranged["article_id"].unique().tolist() == ["a1", "a3"]
    frame = agg.volume(corpus, freq="month")
    frame.attrs.pop("freq")
    with pytest.raises(ArgumentError, match="no attrs\\['freq'\\]"):
        agg.evidence(corpus, period=frame.iloc[0])


# ---------------------------------------------------------------- quotations


QUOTE_ARTICLES = [
    (
        "q1",
        "2026-03-02",
        "Reuters",
        "Talks resume",
        "“We are open to negotiations,” Vladimir Putin said on Monday. "
        "Donald Trump said: “Both sides have to make a deal.” "
        "Observers called the talks “positive” without details.",
    ),
    (
        "q2",
        "2026-03-05",
        "AP",
        "Kremlin answers",
        "A spokesman said: “Donald Trump is wrong about the talks.” "
        "Vladimir Putin's office said in a statement: “The door remains open to all.”",
    ),
    (
        "q3",
        "2026-03-01",
        "AP",
        "No quotes",
        "Vladimir Putin called the \"constructive talks\" useful. Nothing more was said.",
    ),
]
SPEAKERS = {"Vladimir Putin": "putin", "Donald Trump": "trump"}


def quote_corpus() -> Corpus:
    import re

    from workbench.schema import article_text

    articles = pd.DataFrame(
        {
            "article_id": [a[0] for a in QUOTE_ARTICLES],
            "date": pd.to_datetime([a[1] for a in QUOTE_ARTICLES], utc=True),
            "title": [a[3] for a in QUOTE_ARTICLES],
            "body": [a[4] for a in QUOTE_ARTICLES],
            "source": [a[2] for a in QUOTE_ARTICLES],
            "url": [""] * 3,
            "ref": ["1", "2", "3"],
            "origin": ["q.txt"] * 3,
            "n_words": [10] * 3,
            "n_copies": [1] * 3,
            "origins": [["q.txt"]] * 3,
        }
    )
    rows = []
    for article_id, text in zip(articles["article_id"], article_text(articles), strict=True):
        for name, actor_id in SPEAKERS.items():
            for m in re.finditer(re.escape(name), text):
                rows.append(
                    (article_id, actor_id, name, "person", "RUS" if actor_id == "putin" else "USA",
                     m.group(), m.start(), m.end(), "alias")
                )
    mentions = pd.DataFrame(
        rows,
        columns=[
            "article_id", "actor_id", "actor", "kind", "country", "surface", "start", "end", "how",
        ],
    )
    return Corpus(articles, mentions)


def test_quotes_of_an_actor_with_their_speakers():
    corpus = quote_corpus()
    putin = agg.quotes(corpus, "Vladimir Putin", n=None)
    assert list(putin.columns) == [
        "article_id", "date", "source", "title", "actor", "speaker", "attributed", "quote",
        "sentence", "start", "end", "quote_start", "quote_end",
    ]
    # q3 (earliest) has only a two-word scare quote; q1's second quote is Trump's, in a sentence
    # without Putin; q2's first quote has no Putin either
    assert putin["article_id"].tolist() == ["q1", "q2"]
    assert putin["quote"].tolist() == [
        "We are open to negotiations,",
        "The door remains open to all.",
    ]
    assert putin["sentence"].tolist() == [
        "“We are open to negotiations,” Vladimir Putin said on Monday.",
        "Vladimir Putin's office said in a statement: “The door remains open to all.”",
    ]
    assert putin["speaker"].tolist() == ["Vladimir Putin", "Vladimir Putin"]
    assert putin["attributed"].tolist() == [True, True]
    texts = corpus.articles.set_index("article_id")
    for row in putin.itertuples():
        text = texts.loc[row.article_id, "title"] + "\n" + texts.loc[row.article_id, "body"]
        assert text[row.start : row.end] == row.sentence
        assert row.sentence[row.quote_start : row.quote_end].strip("“”") == row.quote
    assert putin.attrs["actor"] == "Vladimir Putin"
    assert putin.attrs["articles_read"] == 3


def test_quotes_mentioning_an_actor_are_not_attributed_to_them():
    corpus = quote_corpus()
    trump = agg.quotes(corpus, "trump", n=None)
    assert trump["quote"].tolist() == [
        "Both sides have to make a deal.",
        "Donald Trump is wrong about the talks.",
    ]
    # "A spokesman said": no actor beside the verb, and Trump is inside the quotation
    assert trump["speaker"].iloc[0] == "Donald Trump" and pd.isna(trump["speaker"].iloc[1])
    assert trump["attributed"].tolist() == [True, False]
    own = agg.quotes(corpus, "Donald Trump", attributed=True)
    assert own["quote"].tolist() == ["Both sides have to make a deal."]
    assert len(agg.quotes(corpus, "Vladimir Putin", n=1)) == 1
    assert agg.quotes(corpus.filter(source="AP"), "Donald Trump")["article_id"].tolist() == ["q2"]
    # a lower word minimum lets scare quotes in
    scare = agg.quotes(corpus, "Vladimir Putin", n=None, min_words=2)
    assert scare["quote"].iloc[0] == "constructive talks"
    assert scare["speaker"].isna().iloc[0]  # "called" is not a reporting verb here
    with pytest.raises(ArgumentError, match="did you mean 'Vladimir Putin'"):
        agg.quotes(corpus, "Vladimir Putn")
    with pytest.raises(ArgumentError, match="n must be at least 1"):
        agg.quotes(corpus, "Donald Trump", n=0)


def test_topic_evidence_leaves_out_terms_inside_ignored_phrases(tmp_path):
    """As in tagging, a term inside one of its topic's ``ignore`` phrases is not evidence."""
    from workbench.topics import load_taxonomy, tag_topics

    path = tmp_path / "mine.yml"
    path.write_text(
        "topics:\n"
        "  - id: conflict\n"
        "    label: Conflict\n"
        "    match:\n"
        "      phrases: [strikes, war]\n"
        "      ignore: [air strikes, war of words]\n",
        encoding="utf-8",
    )
    taxonomy = load_taxonomy(path, include_default=False)
    articles = read_articles(
        pd.DataFrame(
            {
                "date": ["2026-01-05"],
                "title": ["Air strikes and a war of words"],
                "body": ["A war of words went on. The strikes resumed. Air strikes hit the war."],
                "source": ["AP"],
            }
        )
    )
    topics = tag_topics(articles, taxonomy=taxonomy)
    assert topics["topic"].tolist() == ["conflict"]  # "strikes" and "war" outside ignored phrases
    corpus = Corpus(articles, schema.empty("mentions"), topics, taxonomy=taxonomy)
    ev = agg.evidence(corpus, topic="conflict")
    assert ev["sentence"].tolist() == ["The strikes resumed.", "Air strikes hit the war."]
    assert ev["matched"].tolist() == [("strikes",), ("war",)]
