"""The Explorer without a browser: set `.value`, assert on the FilterSpec, chart data and list."""

from __future__ import annotations

import asyncio
import datetime as dt
import subprocess
import sys

import pandas as pd
import pytest

import workbench as wb
from workbench.widgets import CHARTS, Explorer, drawn_tick_labels


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample corpus's folder and the enrichment cache it was loaded with."""
    folder = tmp_path_factory.mktemp("sample")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "workbench",
            "sample",
            "--n",
            "400",
            "--seed",
            "5",
            "--out",
            str(folder),
        ],
        check=True,
        capture_output=True,
    )
    cache = tmp_path_factory.mktemp("cache")
    wb.load(folder, progress=False, cache_dir=cache)
    return folder, cache


@pytest.fixture(scope="module")
def corpus(sample):
    folder, cache = sample
    return wb.load(folder, progress=False, cache_dir=cache)


@pytest.fixture()
def explorer(corpus, tmp_path):
    return Explorer(corpus, debounce=0, export_dir=tmp_path / "exports")


def _top_actor(corpus, kind="person", rank=0):
    from workbench import aggregate

    top = aggregate.top_actors(corpus, None)
    return str(top[top["kind"] == kind]["actor"].iloc[rank])


def test_initial_view_shows_everything(explorer, corpus):
    assert explorer.spec.is_empty()
    assert len(explorer.corpus_view) == len(corpus)
    assert explorer.chart_image.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(explorer.list_box.children) == explorer.page_size
    assert f"of {len(corpus):,} articles" in explorer.status.value
    assert explorer.summary["articles"].sum() == len(corpus)


def _type(explorer, text, *, enter=True):
    """Type ``text`` into the actor search box key by key, as the browser syncs it; then Enter."""
    for i in range(1, len(text) + 1):
        explorer.actor_search.value = text[:i]
    if enter:  # the browser sends Enter as a custom "submit" message of the Text widget
        explorer.actor_search._handle_custom_msg({"event": "submit"}, [])


def test_typing_an_actor_filters_chart_and_list(explorer, corpus):
    name = _top_actor(corpus)
    before_chart, before_list = (
        explorer.chart_image.value,
        explorer.page_rows["article_id"].tolist(),
    )
    _type(explorer, name)
    assert explorer.spec.actors == (name,)
    assert explorer.actor_search.value == ""  # ready for the next name
    expected = corpus.filter(actors=[name])
    assert len(explorer.corpus_view) == len(expected) < len(corpus)
    assert set(explorer.summary["actor"]) == {name}
    assert explorer.summary["articles"].sum() == len(expected)
    assert explorer.chart_image.value != before_chart
    assert explorer.page_rows["article_id"].tolist() != before_list
    for _, row in explorer.page_rows.iterrows():
        assert name in row["actors"]
        assert row["mark_start"] >= 0  # the sentence naming the actor is highlighted
    assert "<mark>" in explorer.list_box.children[0].children[0].value


def test_keystrokes_add_no_actor_whose_name_begins_the_one_typed(explorer):
    names = sorted(explorer._actor_names.values())
    # e.g. "Europe" on the way to "European Union", "Israel" on the way to "Israel Katz"
    longer = [b for b in names if any(a != b and b.startswith(a) for a in names)]
    assert longer, "the sample corpus has no actor whose name begins another's"
    for name in longer[:5]:
        explorer.actors.value = []
        _type(explorer, name, enter=False)
        assert list(explorer.actors.value) == []
        assert explorer.actor_search.value == name  # the box keeps what was typed
        explorer.actor_search._handle_custom_msg({"event": "submit"}, [])
        assert explorer.spec.actors == (name,), name
        assert explorer.actor_search.value == ""


def test_enter_on_a_name_that_is_no_actor_adds_nothing_and_says_so(explorer):
    _type(explorer, "Nobody Atall")
    assert explorer.spec.actors == ()
    assert explorer.actor_search.value == "Nobody Atall"
    assert "no actor named Nobody Atall" in explorer.search_hint.value
    _type(explorer, "x", enter=False)  # typing again clears the hint
    assert explorer.search_hint.value == ""


def test_a_suggestion_typed_key_by_key_is_added_once_at_its_last_key(explorer):
    label = next(iter(explorer.actor_search.options))
    name = label.split(" · ")[0]
    for i in range(1, len(label)):
        explorer.actor_search.value = label[:i]
        assert explorer.spec.actors == (), label[:i]
    explorer.actor_search.value = label
    assert explorer.spec.actors == (name,)
    assert explorer.actor_search.value == ""


def test_the_type_ahead_label_with_kind_and_count_adds_the_actor(explorer, corpus):
    label = next(iter(explorer.actor_search.options))
    name = label.split(" · ")[0]
    kind, count = label.split(" · ")[1], int(label.split(" · ")[2].replace(",", ""))
    explorer.actor_search.value = label
    assert explorer.spec.actors == (name,)
    assert len(explorer.corpus_view) == count
    assert kind == "person"  # persons are listed first


def test_all_mode_needs_every_actor(explorer, corpus):
    a, b = _top_actor(corpus, "person"), _top_actor(corpus, "country")
    explorer.actors.value = [a, b]
    any_count = len(explorer.corpus_view)
    explorer.actor_mode.value = "all"
    assert explorer.spec.actor_mode == "all"
    assert len(explorer.corpus_view) == len(corpus.filter(actors=[a, b], actor_mode="all"))
    assert len(explorer.corpus_view) < any_count


def test_clicking_an_actor_in_the_list_adds_it(explorer):
    chip = explorer._row_slots[0][1][0]
    name = chip.description
    assert name
    chip.click()
    assert name in explorer.spec.actors
    assert all(name in actors for actors in explorer.page_rows["actors"])


def test_topics_sources_and_text(explorer, corpus):
    topic = explorer.topics.options[0][1]
    explorer.topics.value = (topic,)
    assert explorer.spec.topics == (topic,)
    assert len(explorer.corpus_view) == len(corpus.filter(topics=[topic]))
    source = explorer.sources.options[0][1]
    explorer.sources.value = (source,)
    assert set(explorer.corpus_view.articles["source"]) == {source}
    explorer.text.value = "ceasefire OR talks"
    assert len(explorer.corpus_view) == len(
        corpus.filter(topics=[topic], sources=[source], text="ceasefire OR talks")
    )


def test_a_bad_query_is_shown_not_raised(explorer):
    explorer.text.value = "talks"
    good = explorer.spec
    explorer.text.value = 'talks AND ("open'
    assert "query" in explorer.query_error.value
    assert explorer.spec == good  # the view keeps the last good filter
    explorer.text.value = "talks"
    assert explorer.query_error.value == ""


def test_month_slider_and_date_pickers_stay_in_sync(explorer, corpus):
    explorer.months.index = (2, 4)
    first, last = explorer.months.value
    assert explorer.start.value == first
    assert (
        explorer.end.value.month == last.month and (explorer.end.value + dt.timedelta(1)).day == 1
    )
    dates = explorer.corpus_view.articles["date"]
    assert dates.min() >= pd.Timestamp(first, tz="UTC")
    assert dates.max() < pd.Timestamp(explorer.end.value, tz="UTC") + pd.Timedelta(days=1)
    explorer.start.value = explorer._months[1][1] + dt.timedelta(days=3)
    assert explorer.months.index[0] == 1
    assert explorer.spec.start == pd.Timestamp(explorer.start.value, tz="UTC")
    explorer.months.index = (0, len(explorer._months) - 1)
    assert explorer.spec.start is None and explorer.spec.end is None


@pytest.mark.parametrize("chart", CHARTS)
def test_every_chart_draws_from_its_summary(explorer, chart):
    explorer.actors.value = [explorer.actors.allowed_tags[0]]
    explorer.chart.value = "timeline" if chart != "timeline" else "ranked"
    before = explorer.chart_image.value
    explorer.chart.value = chart
    assert len(explorer.summary) > 0
    assert explorer.chart_image.value[:4] == b"\x89PNG" and explorer.chart_image.value != before


@pytest.mark.parametrize("chart", ["actor x topic", "co-occurrence"])
def test_heatmaps_are_redrawn_in_place_with_the_new_data(explorer, corpus, chart):
    import numpy as np

    explorer.chart.value = chart
    figure, (ax, colorbar_ax) = explorer._figure, explorer._figure.axes
    image = ax.get_images()[0]
    everything = np.asarray(image.get_array()).copy()
    name = _top_actor(corpus, "country", rank=3)
    explorer.actors.value = [name]
    # the same figure, axes and image, not a second colour bar, and the filtered data drawn
    assert explorer._figure is figure and figure.axes == [ax, colorbar_ax]
    assert ax.get_images() == [image]
    drawn = np.asarray(image.get_array())
    assert drawn.sum() < everything.sum()
    rows = [label.get_text() for label in ax.get_yticklabels()]
    summary = explorer.summary
    if chart == "actor x topic":
        assert rows == list(dict.fromkeys(summary["actor"]))
        counts = summary.pivot_table(
            index="actor", columns="topic", values="articles", aggfunc="sum"
        )
        columns = [label.get_text() for label in ax.get_xticklabels()]
        expected = counts.reindex(index=rows, columns=columns).fillna(0).to_numpy()
        assert drawn.shape == expected.shape and np.array_equal(drawn, expected)
    else:
        assert name in rows and drawn.shape == (len(rows), len(rows))
    assert colorbar_ax.get_ylim()[1] == pytest.approx(drawn.max(), rel=0.05)
    # nothing matches: the note is shown; a match again: the note is gone
    explorer.text.value = "zzzunknownword"
    assert any(t.get_text() == "no articles match this filter" for t in ax.texts)
    explorer.text.value = ""
    assert not any(t.get_text() == "no articles match this filter" for t in ax.texts)
    assert np.asarray(ax.get_images()[0].get_array()).sum() == pytest.approx(drawn.sum())


@pytest.mark.parametrize("chart", ["ranked", "actor x topic", "timeline"])
def test_labels_that_spill_off_the_canvas_get_a_new_layout(explorer, corpus, chart):
    explorer.chart.value = chart
    kind = next(k for k in explorer._margins if k[0] == chart)
    # margins remembered from an earlier view that are far too small for these labels
    squeezed = {"left": 0.01, "right": 0.99, "bottom": 0.01, "top": 0.99}
    explorer._margins[kind] = (squeezed, False)
    explorer.actors.value = [_top_actor(corpus)]
    figure = explorer._figure
    renderer = figure.canvas.get_renderer()
    width, height = figure.bbox.width, figure.bbox.height
    for number, ax in enumerate(figure.axes):  # the chart, then a heatmap's colour bar
        texts = [ax.title, ax.xaxis.label, ax.yaxis.label]
        texts += drawn_tick_labels(ax.xaxis) + drawn_tick_labels(ax.yaxis)
        assert len(texts) > (5 if number == 0 else 3)
        for text in texts:
            if text.get_visible() and text.get_text():
                box = text.get_window_extent(renderer)
                assert box.x0 >= -1 and box.y0 >= -1, text.get_text()
                assert box.x1 <= width + 1 and box.y1 <= height + 1, text.get_text()
    assert explorer._margins[kind][0] != squeezed


def test_pages(explorer, corpus):
    first = explorer.page_rows["article_id"].tolist()
    explorer.next_page.click()
    second = explorer.page_rows["article_id"].tolist()
    assert not set(first) & set(second)
    assert explorer.page_rows["date"].max() <= min(
        corpus.articles.set_index("article_id").loc[first, "date"]
    )
    explorer.go_to_page(10_000)
    assert explorer.next_page.disabled and not explorer.prev_page.disabled


def test_exports_write_real_files(explorer, corpus):
    name = _top_actor(corpus)
    explorer.actors.value = [name]
    csv = explorer.export("articles CSV")
    assert len(pd.read_csv(csv)) == len(explorer.corpus_view)
    parquet = explorer.export("articles Parquet")
    assert pd.read_parquet(parquet)["article_id"].tolist() == (
        explorer.corpus_view.articles["article_id"].tolist()
    )
    assert explorer.export("chart PNG").read_bytes()[:4] == b"\x89PNG"
    assert "<svg" in explorer.export("chart SVG").read_text()
    assert (
        str(csv.parent) in explorer.export_result.value or "wrote" in explorer.export_result.value
    )


def test_article_text_is_escaped_in_the_list(tmp_path):
    hostile = pd.DataFrame(
        {
            "date": ["2026-01-27"],
            "title": ["<script>alert(1)</script> Netanyahu meets <img src=x onerror=alert(2)>"],
            "body": ["(WIRE) Israeli Prime Minister Benjamin Netanyahu said <b>hello</b>."],
        }
    )
    corpus = wb.load(hostile, progress=False, cache=False)
    explorer = Explorer(corpus, debounce=0, export_dir=tmp_path)
    row = explorer.list_box.children[0].children[0].value
    assert "<script>" not in row and "&lt;script&gt;" in row
    assert "<img" not in row and "<b>hello" not in row


def test_changes_are_debounced_in_a_running_loop(corpus):
    async def scenario():
        explorer = Explorer(corpus, debounce=0.05)
        calls = []
        original = explorer.refresh
        explorer.refresh = lambda: (calls.append(1), original())
        explorer.text.value = "talks"
        explorer.text.value = "ceasefire"
        explorer.text.value = "ceasefire OR talks"
        assert calls == []  # nothing yet: the timer is pending
        await asyncio.sleep(0.3)
        return explorer, calls

    explorer, calls = asyncio.run(scenario())
    assert calls == [1]
    assert explorer.spec.text == "ceasefire OR talks"


@pytest.mark.parametrize("chart", CHARTS)
def test_the_chart_asked_for_is_the_first_one_shown(corpus, tmp_path, chart):
    explorer = Explorer(corpus, chart=chart, debounce=0, export_dir=tmp_path)
    assert explorer.chart.value == chart
    expected = Explorer(corpus, debounce=0, export_dir=tmp_path)
    expected.chart.value = chart
    pd.testing.assert_frame_equal(explorer.summary, expected.summary)


def test_bad_arguments_name_the_allowed_values(corpus):
    with pytest.raises(wb.WorkbenchError, match="chart must be one of"):
        Explorer(corpus, chart="pie")


# ------------------------------------------------------------------ the highlighted sentence

HIGHLIGHT_ARTICLES = pd.DataFrame(
    {
        "date": ["2026-01-05", "2026-01-06", "2026-01-07"],
        "title": ["Talks in Cairo", "Strip of land", "Crossing news"],
        "body": [
            "(WIRE) Envoys arrived on Monday. The Ceasefire held overnight, officials said.",
            "(WIRE) Aid waited at the border. Shelling hit the Gaza  Strip again on Tuesday.",
            "(WIRE) The Rafah crossing stayed shut. Talks resumed in Doha on Wednesday.",
        ],
    }
)


@pytest.fixture(scope="module")
def small():
    return wb.load(HIGHLIGHT_ARTICLES, progress=False, cache=False)


def _marked(corpus, text):
    from workbench.listing import article_page

    rows, _ = article_page(corpus.filter(text=text))
    assert len(rows) == 1, text
    row = rows.iloc[0]
    assert row["mark_start"] >= 0, f"nothing highlighted for {text!r}: {row['sentence']!r}"
    return row["sentence"][row["mark_start"] : row["mark_end"]]


@pytest.mark.parametrize(
    ("query", "marked"),
    [
        ("ceas*", "Ceasefire"),  # a prefix, matched case-insensitively
        ("“Gaza Strip”", "Gaza  Strip"),  # a phrase in curly quotes, any space between
        ('"gaza strip" AND shelling', "Shelling"),  # the earliest of the terms
        ("talks NOT rafah", "Talks"),  # a negated term is not highlighted, even when first
        ("NOT (rafah OR border) AND held", "held"),
    ],
)
def test_the_sentence_matching_the_text_query_is_highlighted(small, query, marked):
    assert _marked(small, query) == marked


def test_query_terms_come_from_the_query_parser():
    from workbench.listing import query_terms
    from workbench.query import Term

    assert query_terms('ceas* AND “Gaza Strip” NOT (Rafah OR "West Bank")') == [
        Term(("ceas",), prefix=True),
        Term(("gaza", "strip")),
    ]
    assert query_terms("NOT NOT talks") == [Term(("talks",))]
    assert query_terms(None) == [] and query_terms('"open') == []


def test_the_explorer_list_marks_the_query_term(small, tmp_path):
    explorer = Explorer(small, debounce=0, export_dir=tmp_path)
    explorer.text.value = "ceas*"
    row = explorer.list_box.children[0].children[0].value
    assert "<mark>Ceasefire</mark>" in row


# ------------------------------------------------------------------ the report export


@pytest.mark.slow
def test_the_exported_report_counts_exactly_the_view(sample, corpus, tmp_path, monkeypatch):
    from bs4 import BeautifulSoup

    from workbench import aggregate

    folder, cache = sample
    monkeypatch.setenv("WORKBENCH_CACHE", str(cache))  # the report's kernel reads the same cache
    monkeypatch.setenv("MPLBACKEND", "Agg")
    explorer = Explorer(corpus, source=folder, debounce=0, export_dir=tmp_path)
    pair = aggregate.cooccurrence(corpus, top=10).sort_values("count", ascending=False).iloc[0]
    explorer.actors.value = [pair["actor_a"], pair["actor_b"]]
    explorer.actor_mode.value = "all"
    both = len(explorer.corpus_view)
    source = explorer.corpus_view.articles["source"].value_counts().index[0]
    explorer.sources.value = (source,)
    words = ["said", "talks", "minister", "president", "the"]
    for word in words:
        explorer.text.value = word
        if 0 < len(explorer.corpus_view):
            break
    explorer.months.index = (1, len(explorer._months) - 1)
    spec = explorer.spec
    n = len(explorer.corpus_view)
    assert spec.actor_mode == "all" and spec.sources and spec.text and spec.start is not None
    assert 0 < n < both < len(corpus), "the filter should narrow the view at every step"

    path = explorer.export("report HTML")
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    summary = {
        row.find_all("td")[0].get_text(): row.find_all("td")[1].get_text()
        for row in soup.select("table.workbench-summary tr")
    }
    assert int(summary["Articles"].replace(",", "")) == n == len(corpus.filter(spec))
    assert soup.title.string == "News report: " + spec.describe()
    assert f"source: {source}" in soup.title.string and f"text: {spec.text}" in soup.title.string
    assert " and " in soup.title.string  # actors: A and B (all of them)
