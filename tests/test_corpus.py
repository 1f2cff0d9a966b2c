"""Corpus and FilterSpec on a hand-built corpus (tests/corpus_fixture.py holds the hand counts)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
from corpus_fixture import frames, tiny

from workbench.corpus import Corpus, FilterSpec, cache_key, date_bounds
from workbench.errors import ArgumentError, SchemaError


def ids(corpus: Corpus) -> list[str]:
    return corpus.articles["article_id"].tolist()


def test_len_repr_and_tables():
    corpus = tiny()
    assert len(corpus) == 6
    assert corpus.n_mentions() == 21
    text = repr(corpus)
    assert "6 articles" in text and "21 mentions of 10 actors" in text
    assert "5 topic rows" in text and "2026-01-05 to 2026-02-20" in text
    one = corpus.filter(actor="China")
    assert "1 article," in repr(one) and "filter: actor: China" in repr(one)


def test_tables_are_not_mutable_through_the_corpus():
    corpus = tiny()
    articles = corpus.articles
    articles.loc[0, "title"] = "changed"
    articles["extra"] = 1
    assert corpus.articles.loc[0, "title"] == "Ceasefire talks in Gaza"
    assert "extra" not in corpus.articles.columns


def test_actor_filter_any_and_all_restricts_mentions_and_topics():
    corpus = tiny()
    assert ids(corpus.filter(actors=["Gaza", "United States"])) == ["a1", "a3", "a4"]
    both = corpus.filter(actors=["Gaza", "United States"], actor_mode="all")
    assert ids(both) == ["a1"]
    assert set(both.mentions["article_id"]) == {"a1"}
    assert len(both.mentions) == 5  # Gaza, Hamas, Israel, Netanyahu, United States in a1
    assert both.topics["topic"].tolist() == ["gaza-ceasefire"]
    # ids and names, any case
    assert (
        ids(corpus.filter(actor="isr")) == ids(corpus.filter(actor="Israel")) == ["a1", "a3", "a5"]
    )


def test_kind_country_source_filters():
    corpus = tiny()
    assert ids(corpus.filter(kinds="person")) == ["a1"]
    assert ids(corpus.filter(kinds=["place"])) == ["a1", "a3"]
    assert ids(corpus.filter(countries="pse")) == ["a1", "a3", "a5"]  # Hamas, Rafah, Gaza
    assert ids(corpus.filter(countries=["CHN", "IRN"])) == ["a2", "a4"]
    assert ids(corpus.filter(source="reuters")) == ["a1", "a3", "a6"]
    assert ids(corpus.filter(sources=["AP", "MENAFN"])) == ["a2", "a4", "a5"]


def test_topic_filter_includes_descendants():
    corpus = tiny()
    assert ids(corpus.filter(topic="gaza-ceasefire")) == ["a1", "a3", "a5"]
    assert ids(corpus.filter(topic="middle-east")) == ["a1", "a2", "a3", "a5"]
    assert ids(corpus.filter(topic="economy")) == ["a4"]
    # without a taxonomy, a parent topic that no article carries is unknown
    articles, mentions, topics = frames()
    with pytest.raises(ArgumentError, match="middle-east"):
        Corpus(articles, mentions, topics).filter(topic="middle-east")


def test_date_range_is_inclusive_and_accepts_strings_and_dates():
    corpus = tiny()
    assert ids(corpus.filter(start="2026-01-07", end="2026-02-02")) == ["a2", "a3", "a4"]
    assert ids(corpus.filter(start=dt.date(2026, 1, 7), end=dt.date(2026, 2, 2))) == [
        "a2",
        "a3",
        "a4",
    ]
    assert ids(corpus.filter(end="2026-01")) == ["a1", "a2", "a3"]  # all of January
    assert ids(corpus.filter(period="2026-W02")) == ["a1", "a2"]  # ISO week 2: 5-11 January
    assert ids(corpus.filter(period="2026-W03")) == ["a3"]
    assert ids(corpus.filter(dates=("2026-02-03", None))) == ["a5", "a6"]
    assert ids(corpus.filter(start=pd.Timestamp("2026-02-03T00:00:01Z"))) == ["a6"]
    with pytest.raises(ArgumentError, match="after end"):
        FilterSpec(start="2026-02-01", end="2026-01-01")
    with pytest.raises(ArgumentError, match="start must be a date"):
        FilterSpec(start="yesterday-ish")


def test_undated_articles_are_kept_without_a_date_filter_only():
    articles, mentions, topics = frames()
    articles.loc[5, "date"] = pd.NaT
    corpus = Corpus(articles, mentions, topics)
    assert len(corpus.filter(source="Reuters")) == 3
    assert ids(corpus.filter(source="Reuters", start="2000-01-01")) == ["a1", "a3"]


def test_fields_combine_with_and_and_filters_chain():
    corpus = tiny()
    spec = FilterSpec(actors=("Hamas",), sources=("Reuters",), start="2026-01-10")
    assert ids(corpus.filter(spec)) == ["a3"]
    chained = corpus.filter(actor="Hamas").filter(source="Reuters").filter(start="2026-01-10")
    assert ids(chained) == ["a3"]
    assert chained.root is corpus
    assert chained.describe() == "actor: Hamas then source: Reuters then dates: 2026-01-10 to …"
    # keywords override the spec's fields
    assert ids(corpus.filter(spec, sources=["AP"])) == ["a5"]
    # an empty spec keeps everything
    assert len(corpus.filter(FilterSpec())) == 6


def test_describe():
    assert FilterSpec().describe() == "all articles"
    spec = FilterSpec(
        actors=["Hamas", "Israel"],
        actor_mode="all",
        topics="gaza-ceasefire",
        start="2026-01",
        end="2026-01",
        text="talks",
    )
    assert spec.describe() == (
        "actors: Hamas and Israel; topic: gaza-ceasefire; dates: 2026-01-01 to 2026-01-31; "
        "text: talks"
    )
    assert str(FilterSpec(start="2026-01-05", end="2026-01-05")) == "dates: 2026-01-05"


def test_arguments_are_validated_naming_allowed_values():
    corpus = tiny()
    with pytest.raises(ArgumentError, match=r"actor_mode must be one of 'any', 'all'"):
        FilterSpec(actors=["Hamas"], actor_mode="both")
    with pytest.raises(ArgumentError, match="kinds must be one of 'person'"):
        FilterSpec(kinds=["people"])
    with pytest.raises(ArgumentError, match="ISO 3166 alpha-3"):
        FilterSpec(countries=["Israel"])
    with pytest.raises(ArgumentError, match=r"unknown filter keyword 'actr'.*actors"):
        corpus.filter(actr="Hamas")
    with pytest.raises(ArgumentError, match=r"unknown value 'Hamaz'; did you mean 'Hamas'"):
        corpus.filter(actor="Hamaz")
    with pytest.raises(ArgumentError, match=r"sources: unknown value 'Reuter'.*'Reuters'"):
        corpus.filter(source="Reuter")
    with pytest.raises(ArgumentError, match=r"topics: unknown value 'gaza'"):
        corpus.filter(topic="gaza")
    with pytest.raises(ArgumentError, match="strings"):
        FilterSpec(actors=[1, 2])


def test_registered_actor_without_mentions_gives_an_empty_corpus():
    articles, mentions, topics = frames()
    corpus = Corpus(articles, mentions, topics, registry={"Mohammed bin Salman"})
    assert len(corpus.filter(actor="Mohammed bin Salman")) == 0
    assert len(corpus.filter(actor="Mohammed bin Salman").mentions) == 0


def test_schema_problems_are_reported():
    articles, mentions, topics = frames()
    with pytest.raises(SchemaError, match="lacks columns"):
        Corpus(articles.drop(columns=["date"]))
    orphan = pd.concat([mentions, mentions.iloc[[0]].assign(article_id="zz")], ignore_index=True)
    with pytest.raises(SchemaError, match=r"1 rows refer to articles not in .*'zz'"):
        Corpus(articles, orphan, topics)
    with pytest.raises(SchemaError, match="not unique"):
        Corpus(pd.concat([articles, articles.iloc[[0]]], ignore_index=True))


def test_empty_corpus_and_empty_result():
    articles, mentions, topics = frames()
    corpus = Corpus(articles.iloc[:0], mentions.iloc[:0], topics.iloc[:0])
    assert len(corpus) == 0 and "no dates" in repr(corpus)
    none = tiny().filter(actor="China", source="AP")
    assert len(none) == 0 and none.mentions.empty and none.topics.empty
    assert none.date_range() is None


def test_filter_matches_plain_pandas_on_random_specs():
    """The indexed path agrees with a naive pandas filter over many random specs."""
    corpus = tiny()
    articles, mentions, topics = frames()
    rng = np.random.default_rng(0)
    actors = sorted(mentions["actor"].unique())
    sources = sorted(articles["source"].unique())
    for _ in range(60):
        chosen = list(rng.choice(actors, size=rng.integers(1, 3), replace=False))
        mode = str(rng.choice(["any", "all"]))
        source = str(rng.choice(sources))
        start = pd.Timestamp("2026-01-01", tz="UTC") + pd.Timedelta(days=int(rng.integers(0, 50)))
        got = ids(corpus.filter(actors=chosen, actor_mode=mode, sources=[source], start=start))
        per_article = mentions.groupby("article_id")["actor"].agg(set)
        want = []
        for row in articles.itertuples():
            named = per_article.get(row.article_id, set())
            hit = [a in named for a in chosen]
            if (
                (all(hit) if mode == "all" else any(hit))
                and row.source == source
                and (row.date >= start)
            ):
                want.append(row.article_id)
        assert got == want, (chosen, mode, source, start)


def test_date_bounds():
    first, last = date_bounds("2024-02")
    assert first == pd.Timestamp("2024-02-01", tz="UTC")
    assert last == pd.Timestamp("2024-02-29 23:59:59.999999999", tz="UTC")
    assert date_bounds("2026")[1] == pd.Timestamp("2026-12-31 23:59:59.999999999", tz="UTC")
    stamp = pd.Timestamp("2026-01-05 10:00", tz="Europe/Paris")
    assert date_bounds(stamp) == (stamp.tz_convert("UTC"), stamp.tz_convert("UTC"))


def test_cache_key_follows_files_and_registry(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("one", encoding="utf-8")
    key = cache_key(path)
    assert key == cache_key(str(path))
    assert key != cache_key(path, registry={"x"})
    assert key != cache_key(path, options={"format": "text"})
    path.write_text("one more", encoding="utf-8")
    assert cache_key(path) != key
    assert cache_key("https://example.org/feed.xml") is None
    articles, _m, _t = frames()
    assert cache_key(articles) == cache_key(articles.copy())
    assert cache_key(articles) != cache_key(articles.iloc[:3])


def test_cache_key_follows_the_enrichment_code(tmp_path, monkeypatch):
    import workbench.corpus as corpus_module

    path = tmp_path / "a.txt"
    path.write_text("one", encoding="utf-8")
    articles = frames()[0]
    keys = (cache_key(path), cache_key(articles))
    monkeypatch.setattr(corpus_module, "enrichment_digest", lambda: "edited actors.py")
    assert cache_key(path) != keys[0]
    assert cache_key(articles) != keys[1]
    monkeypatch.undo()
    assert (cache_key(path), cache_key(articles)) == keys


def test_enrichment_digest_covers_the_enrichment_modules(tmp_path, monkeypatch):
    import workbench.corpus as corpus_module

    names = {
        p.name
        for module in corpus_module.ENRICHMENT_MODULES
        for p in corpus_module._module_files(module)
    }
    assert {
        "actors.py",
        "registry.py",
        "topics.py",
        "tone.py",
        "text.py",
        "enrich.py",
        "schema.py",
        "textformat.py",  # workbench.io: the cache holds what was read too
    } <= names
    digest = corpus_module.enrichment_digest()
    assert digest == corpus_module.enrichment_digest()
    # an edit to a module's source changes the digest, hence the key
    module = tmp_path / "actors.py"
    module.write_text("RULES = 1\n", encoding="utf-8")
    monkeypatch.setattr(corpus_module, "_module_files", lambda _name: [module])
    before = corpus_module.enrichment_digest()
    source = tmp_path / "a.txt"
    source.write_text("one", encoding="utf-8")
    key = cache_key(source)
    module.write_text("RULES = 2\n", encoding="utf-8")
    assert corpus_module.enrichment_digest() != before
    assert cache_key(source) != key


ARTICLE_FILE = (
    " date 2026-01-27 403\n"
    "Witkoff Holds Talks with Netanyahu\n"
    "(MENAFN) Benjamin Netanyahu met Steve Witkoff and Margot Vellander in Jerusalem to discuss "
    "the Gaza ceasefire.\n"
    " date 2026-02-03 17\n"
    "Hamas says truce holds\n"
    "(Reuters) Hamas said the ceasefire in Gaza holds, Margot Vellander said. Israel did not "
    "comment.\n"
)


def test_load_reads_enriches_and_caches(tmp_path, monkeypatch):
    import workbench
    import workbench.enrich

    source = tmp_path / "articles.txt"
    source.write_text(ARTICLE_FILE, encoding="utf-8")
    cache = tmp_path / "cache"
    first = workbench.load(source, cache_dir=cache, progress=False)
    assert isinstance(first, workbench.Corpus) and len(first) == 2
    assert "tone" in first.articles.columns
    assert {"Benjamin Netanyahu", "Hamas", "Gaza"} <= set(first.mentions["actor"])
    assert len(first.filter(actor="Hamas")) == 1
    assert len(first.filter(topic="gaza-ceasefire")) == 2
    assert len(list(cache.glob("*/articles.parquet"))) == 1
    # a name the registry lacks, seen in both articles
    unknown = first.unregistered_actors(min_count=2)
    assert unknown["name"].tolist() == ["Margot Vellander"]

    def refuse(*_args, **_kwargs):
        raise AssertionError("enrichment ran again although the cache holds this input")

    monkeypatch.setattr(workbench.enrich, "enrich_articles", refuse)
    second = workbench.load(source, cache_dir=cache, progress=False)
    pd.testing.assert_frame_equal(second.articles, first.articles)
    pd.testing.assert_frame_equal(second.mentions, first.mentions, check_categorical=False)
    pd.testing.assert_frame_equal(second.topics, first.topics)
    assert second.articles["origins"].map(type).eq(list).all()
    # a changed file is a new key: enrichment runs again
    source.write_text(
        ARTICLE_FILE.replace("did not comment", "declined to comment"), encoding="utf-8"
    )
    with pytest.raises(AssertionError, match="enrichment ran again"):
        workbench.load(source, cache_dir=cache, progress=False)
    monkeypatch.undo()
    third = workbench.load(source, cache_dir=cache, progress=False, cache=False)
    assert "declined" in third.articles["body"].iloc[1]


def test_load_enriches_again_after_an_edit_of_the_enrichment_code(tmp_path, monkeypatch):
    import workbench
    import workbench.corpus as corpus_module
    import workbench.enrich

    source = tmp_path / "articles.txt"
    source.write_text(ARTICLE_FILE, encoding="utf-8")
    cache = tmp_path / "cache"
    workbench.load(source, cache_dir=cache, progress=False)
    real = workbench.enrich.enrich_articles
    calls = []

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(workbench.enrich, "enrich_articles", counting)
    workbench.load(source, cache_dir=cache, progress=False)
    assert calls == []  # same code: the cache answers
    monkeypatch.setattr(corpus_module, "enrichment_digest", lambda: "tone.py edited")
    again = workbench.load(source, cache_dir=cache, progress=False)
    assert calls and len(again) == 2  # stale mentions are not served
    assert len(list(cache.glob("*/articles.parquet"))) == 2


def test_date_window_intersects_the_filters():
    corpus = tiny()
    assert corpus.date_window() == (None, None)
    assert corpus.filter(actor="Hamas").date_window() == (None, None)
    view = corpus.filter(start="2026-01-10").filter(actor="Hamas", end="2026-02")
    assert view.date_window() == (
        pd.Timestamp("2026-01-10", tz="UTC"),
        pd.Timestamp("2026-02-28 23:59:59.999999999", tz="UTC"),
    )
    narrower = view.filter(period="2026-02")
    assert narrower.date_window()[0] == pd.Timestamp("2026-02-01", tz="UTC")


def test_spec_round_trips_through_json():
    import json

    spec = FilterSpec(
        actors=["Hamas", "Israel"],
        actor_mode="all",
        topics="gaza-ceasefire",
        countries=["isr"],
        start="2026-01",
        end="2026-02",
        sources=["AP"],
        text='"ceasefire talks" OR truce',
    )
    data = json.loads(json.dumps(spec.to_dict()))
    assert FilterSpec.coerce(data) == spec
    assert FilterSpec.coerce(FilterSpec().to_dict()) == FilterSpec()
    assert FilterSpec.coerce(data).describe() == spec.describe()


def test_categorical_and_object_columns_give_the_same_answers():
    articles, mentions, topics = frames()
    plain = Corpus(articles, mentions, topics)
    categorical = Corpus(
        articles.assign(source=articles["source"].astype("category")),
        mentions.astype({c: "category" for c in ["article_id", "actor_id", "actor", "kind"]}),
        topics.assign(topic=topics["topic"].astype("category")),
    )
    objects = Corpus(
        articles.assign(article_id=articles["article_id"].astype(object)),
        mentions.assign(article_id=mentions["article_id"].astype(object)),
        topics,
    )
    for corpus in (categorical, objects):
        for spec in (
            {"actor": "Hamas", "source": "ap"},
            {"topic": "gaza-ceasefire"},
            {"kinds": "place"},
            {"countries": "PSE"},
        ):
            assert ids(corpus.filter(**spec)) == ids(plain.filter(**spec)), spec


def test_newest_first_and_rows_at_positions():
    corpus = tiny()
    view = corpus.filter(actors=["Hamas"])
    order = view.newest_first()
    assert sorted(order.tolist()) == view.positions.tolist()
    rows = view.articles_at(order)
    dates = rows["date"].dropna()
    assert dates.is_monotonic_decreasing
    assert rows["date"].isna().sum() == 0 or rows["date"].isna().iloc[-1]  # undated last
    assert set(rows["article_id"]) == set(view.articles["article_id"])
    some = order[:2]
    mentions = view.mentions_at(some)
    expected = corpus.mentions[
        corpus.mentions["article_id"].isin(corpus.articles_at(some)["article_id"])
    ]
    assert sorted(map(tuple, mentions[["article_id", "start"]].to_numpy().tolist())) == sorted(
        map(tuple, expected[["article_id", "start"]].to_numpy().tolist())
    )
