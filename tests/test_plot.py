"""Charts checked by their artists (lines, bars, texts, tick labels), not by PNG baselines."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from corpus_fixture import tiny  # noqa: E402

from workbench import aggregate as agg  # noqa: E402
from workbench import plot  # noqa: E402
from workbench.corpus import Corpus  # noqa: E402
from workbench.errors import ArgumentError  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def big_corpus(n_actors: int = 30, n_articles: int = 400, seed: int = 0) -> Corpus:
    """A synthetic corpus with many actors and long names, for label-overlap checks."""
    rng = np.random.default_rng(seed)
    names = [f"Actor number {i:02d} with a long name" for i in range(n_actors)]
    dates = pd.Timestamp("2026-01-01", tz="UTC") + pd.to_timedelta(
        rng.integers(0, 120, n_articles), unit="D"
    )
    articles = pd.DataFrame(
        {
            "article_id": [f"x{i}" for i in range(n_articles)],
            "date": dates,
            "title": ["t"] * n_articles,
            "body": ["b"] * n_articles,
            "source": rng.choice(["A", "B", "C"], n_articles),
            "url": [""] * n_articles,
            "ref": [""] * n_articles,
            "origin": [""] * n_articles,
            "n_words": [2] * n_articles,
            "n_copies": [1] * n_articles,
            "origins": [[]] * n_articles,
            "tone": rng.uniform(-1, 1, n_articles),
        }
    )
    rows = []
    weights = 1 / np.arange(1, n_actors + 1)
    weights /= weights.sum()
    for i in range(n_articles):
        for a in rng.choice(n_actors, size=3, replace=False, p=weights):
            rows.append((f"x{i}", f"id{a}", names[a], "person", "USA", "s", 0, 1, "alias"))
    mentions = pd.DataFrame(
        rows,
        columns=[
            "article_id",
            "actor_id",
            "actor",
            "kind",
            "country",
            "surface",
            "start",
            "end",
            "how",
        ],
    )
    topics = pd.DataFrame(
        {
            "article_id": articles["article_id"],
            "topic": rng.choice([f"topic-{k}" for k in range(8)], n_articles),
            "score": 1.0,
            "method": "taxonomy",
        }
    )
    return Corpus(articles, mentions, topics)


def overlaps(labels) -> int:
    """Count pairs of visible text artists whose rendered boxes overlap."""
    fig = labels[0].figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in labels if t.get_visible() and t.get_text()]
    count = 0
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            if boxes[i].overlaps(boxes[j]):
                count += 1
    return count


@pytest.mark.parametrize("width", [9.0, 5.0])
def test_a_long_filter_wraps_inside_the_figure(width):
    frame = agg.volume(tiny(), freq="week")
    described = "; ".join(
        f"actors: Person Number {i} or Country Number {i}; topic: politics" for i in range(4)
    )
    frame.attrs["filter"] = described
    fig, ax = plt.subplots(figsize=(width, 4))
    plot.plot_timeline(frame, ax=ax)
    fig.tight_layout()
    fig.canvas.draw()
    title = ax.get_title(loc="left")
    assert title.count("\n") >= 2  # what is counted, then the filter over several lines
    assert " ".join(title.split()) == " ".join(f"Articles per week Filter: {described}".split())
    box = ax.title.get_window_extent(fig.canvas.get_renderer())
    assert 0 <= box.x0 and box.x1 <= fig.bbox.width and box.y1 <= fig.bbox.height


def test_timeline_lines_values_title_and_peaks():
    corpus = tiny().filter(source="Reuters")
    frame = agg.volume(corpus, freq="week")
    ax = plot.plot_timeline(frame, peaks=2)
    (line,) = ax.get_lines()
    assert list(line.get_ydata()) == frame["articles"].tolist()
    x = (
        mdates.num2date(line.get_xdata()[0])
        if not isinstance(line.get_xdata()[0], np.datetime64)
        else pd.Timestamp(line.get_xdata()[0])
    )
    assert pd.Timestamp(x).strftime("%Y-%m-%d") == "2026-01-05"
    title = ax.get_title(loc="left")
    assert "Articles per week" in title and "Filter: source: Reuters" in title
    assert ax.get_ylabel() == "Articles"
    assert isinstance(ax.xaxis.get_major_formatter(), mdates.ConciseDateFormatter)
    # Reuters: weeks of 5 Jan (1), 12 Jan (1), ..., 16 Feb (1): three peaks of 1, two annotated
    notes = [t.get_text() for t in ax.texts]
    assert len(notes) == 2 and all(n.startswith("1\n") for n in notes)
    assert notes[0].endswith("05 Jan 2026")


def test_timeline_by_actor_share_and_stacked_area():
    frame = agg.volume(tiny(), by="actor", freq="month", unit="share", top=3)
    ax = plot.plot_timeline(frame)
    lines = ax.get_lines()
    assert [ln.get_label() for ln in lines] == ["Hamas", "Israel", "Gaza"]
    assert list(lines[2].get_ydata()) == pytest.approx([2 / 3, 0])
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Hamas", "Israel", "Gaza"]
    assert len({ln.get_color() for ln in lines}) == 3
    assert all(ln.get_color().upper() in plot.OKABE_ITO for ln in lines)
    assert "Share of all articles per month, by actor" in ax.get_title(loc="left")
    assert ax.yaxis.get_major_formatter().format_pct(0.5, 1) == "50%"
    area = plot.plot_timeline(agg.volume(tiny(), by="topic", top=None), kind="area", peaks=0)
    assert len(area.collections) == 3  # one polygon per topic
    assert "several series" in area.get_title(loc="left")
    assert len(area.texts) == 0


def test_timeline_with_many_series_uses_distinct_styles_and_an_outside_legend():
    frame = agg.volume(big_corpus(), by="actor", top=12)
    ax = plot.plot_timeline(frame, peaks=0)
    styles = {(ln.get_color(), ln.get_linestyle()) for ln in ax.get_lines()}
    assert len(styles) == 12
    legend = ax.get_legend()
    assert legend.get_bbox_to_anchor().x0 > ax.get_window_extent().x1 - 1


def test_ranked_bars_values_order_and_no_overlap_with_30_actors():
    top = agg.top_actors(tiny(), 5)
    ax = plot.plot_ranked(top)
    bars = ax.patches
    assert [b.get_width() for b in bars] == [1, 2, 2, 3, 3]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    # the largest bar is drawn at the top: tick labels run bottom-up
    assert labels[::-1][:2] == ["Hamas", "Israel"]
    top_bar = max(bars, key=lambda b: b.get_y())
    assert top_bar.get_width() == 3
    assert ax.get_xlabel() == "Articles"
    assert [t.get_text() for t in ax.texts] == ["1", "2", "2", "3", "3"]  # value labels
    assert "Actors by articles" in ax.get_title(loc="left")
    many = plot.plot_ranked(agg.top_actors(big_corpus(), 30))
    assert len(many.patches) == 30
    assert overlaps(many.get_yticklabels()) == 0
    topics = plot.plot_ranked(agg.top_topics(tiny()), value="share")
    assert [t.get_text() for t in topics.get_yticklabels()][-1] == "gaza-ceasefire"


def test_cooccurrence_heatmap():
    pairs = agg.cooccurrence(tiny(), actors=["Hamas", "Israel", "Iran"], min_count=0)
    ax = plot.plot_cooccurrence(pairs)
    image = ax.get_images()[0].get_array()
    assert image.shape == (3, 3)
    order = [t.get_text() for t in ax.get_xticklabels()]
    assert order == ["Hamas", "Israel", "Iran"]
    assert image[0, 1] == image[1, 0] == 3
    assert image[0, 2] == 0
    assert sorted(t.get_text() for t in ax.texts) == ["3", "3"]
    pmi = plot.plot_cooccurrence(agg.cooccurrence(tiny(), top=None), value="pmi")
    assert pmi.get_images()[0].get_cmap().name == "PuOr_r"
    big = plot.plot_cooccurrence(agg.cooccurrence(big_corpus(), top=30))
    assert len(big.texts) == 0  # 900 cells: no annotations
    assert overlaps(big.get_yticklabels()) == 0
    with pytest.raises(ArgumentError, match="value must be one of"):
        plot.plot_cooccurrence(pairs, value="jaccard")


def test_network_is_seeded_and_labelled():
    pairs = agg.cooccurrence(tiny(), top=None)
    first = plot.plot_network(pairs, seed=3)
    second = plot.plot_network(pairs, seed=3)
    xy1 = first.collections[-1].get_offsets()
    xy2 = second.collections[-1].get_offsets()
    assert np.allclose(xy1, xy2)
    names = sorted(t.get_text() for t in first.texts)
    assert names == sorted(set(pairs["actor_a"]) | set(pairs["actor_b"]))
    edges = first.collections[0]
    assert len(edges.get_segments()) == len(pairs)
    widths = edges.get_linewidths()
    assert max(widths) == pytest.approx(5.0)  # the heaviest pair (count 3)
    thin = plot.plot_network(pairs, min_weight=2)
    assert len(thin.collections[0].get_segments()) == 3


def test_actor_topic_heatmap():
    frame = agg.actor_topic(tiny(), top=3)
    ax = plot.plot_actor_topic(frame)
    image = ax.get_images()[0].get_array()
    rows = [t.get_text() for t in ax.get_yticklabels()]
    cols = [t.get_text() for t in ax.get_xticklabels()]
    assert rows == ["Hamas", "Israel", "Gaza"]
    assert cols[0] == "gaza-ceasefire"
    assert image[rows.index("Hamas"), cols.index("gaza-ceasefire")] == 3
    assert image[rows.index("Gaza"), cols.index("iran-nuclear")] == 0
    shares = plot.plot_actor_topic(agg.actor_topic(tiny(), top=3), value="share")
    assert "share of each actor's articles" in shares.get_title(loc="left")


def test_tone_timeline():
    frame = agg.tone(tiny(), freq="month")
    ax = plot.plot_tone(frame)
    line = next(ln for ln in ax.get_lines() if ln.get_label() == "mean tone")
    assert list(line.get_ydata()) == pytest.approx(frame["tone"].tolist())
    zero = [ln for ln in ax.get_lines() if list(ln.get_ydata()) == [0, 0]]
    assert zero  # the zero line
    low, high = ax.get_ylim()
    assert low == -high and high <= 1
    assert len(ax.collections) == 1  # the confidence band
    assert "Mean article tone per month" in ax.get_title(loc="left")
    band = ax.collections[0].get_paths()[0].vertices[:, 1]
    assert low <= band.min() and band.max() <= high  # the whole band is in view


def test_tone_timeline_names_what_was_scored():
    frame = agg.tone(tiny(), freq="month", method="sentences", by="actor", values=["Hamas"])
    ax = plot.plot_tone(frame)
    assert "Mean sentence tone per month" in ax.get_title(loc="left")


def test_small_multiples():
    frame = agg.volume(tiny(), by="actor", freq="month", top=5)
    fig = plot.plot_small_multiples(frame, ncols=2)
    visible = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title(loc="left") for ax in visible] == [
        "Hamas",
        "Israel",
        "Gaza",
        "United States",
        "Benjamin Netanyahu",
    ]
    assert len(fig.axes) == 6 and not fig.axes[5].get_visible()
    assert list(visible[2].get_lines()[0].get_ydata()) == [2, 0]
    assert "Articles per month" in fig._suptitle.get_text()
    assert visible[0].get_shared_y_axes().joined(visible[0], visible[3])


def test_save_figure_writes_png_and_svg(tmp_path):
    ax = plot.plot_ranked(agg.top_actors(tiny()))
    written = plot.save_figure(ax, tmp_path / "charts" / "top.png")
    assert [p.name for p in written] == ["top.png", "top.svg"]
    assert written[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert b"<svg" in written[1].read_bytes()[:500]
    from matplotlib.image import imread

    height, width = imread(written[0]).shape[:2]
    fig_w, fig_h = ax.figure.get_size_inches()
    assert width > fig_w * 150  # 200 dpi, tight bbox trims a little
    with pytest.raises(ArgumentError, match="formats must be one of"):
        plot.save_figure(ax, tmp_path / "x", formats=("gif",))


def test_tone_bands_only_for_a_single_series_by_default():
    per_actor = agg.tone(tiny(), freq="month", by="actor", top=3)
    ax = plot.plot_tone(per_actor)
    assert len(ax.collections) == 0
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Hamas", "Israel", "Gaza"]
    assert len(plot.plot_tone(per_actor, band=True).collections) == 3


def test_peak_labels_keep_apart():
    from workbench.plot import _peaks

    y = np.array([0, 5, 0, 6, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0], dtype=float)
    # 5 and 6 are two points apart: only the higher one is labelled, then the next distant peak
    assert _peaks(np.arange(len(y)), y, 2) == [3, 19]


def text_boxes(ax, texts):
    """Draw the figure, then return the canvas boxes of the visible texts among ``texts``."""
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return [t.get_window_extent(renderer) for t in texts if t.get_visible() and t.get_text()]


def test_network_labels_of_30_actors_do_not_overlap(tmp_path):
    pairs = agg.cooccurrence(big_corpus(), top=30)
    ax = plot.plot_network(pairs)
    assert len(ax.texts) == 30
    assert overlaps(ax.texts) == 0
    boxes = text_boxes(ax, ax.texts)
    assert len(boxes) == 30  # room for every label on the default figure: none left out
    frame = ax.bbox
    assert all(
        frame.x0 - 1 <= b.x0 and b.x1 <= frame.x1 + 1 and frame.y0 - 1 <= b.y0
        and b.y1 <= frame.y1 + 1
        for b in boxes
    )
    # every label still beside its own node: its box, or the leader drawn to it, reaches it
    nodes = ax.transData.transform(ax.collections[-1].get_offsets())
    names = sorted(set(pairs["actor_a"]) | set(pairs["actor_b"]))
    by_name = {t.get_text(): b for t, b in zip(ax.texts, boxes, strict=True)}
    for name, (x, y) in zip(names, nodes, strict=True):
        box = by_name[name]
        gap = np.hypot(max(box.x0 - x, 0, x - box.x1), max(box.y0 - y, 0, y - box.y1))
        assert gap < 0.35 * ax.bbox.width, name
    # the same after saving at another resolution, and on a figure resized smaller
    plot.save_figure(ax, tmp_path / "network", formats=("png",), dpi=72)
    assert overlaps(ax.texts) == 0
    ax.figure.set_size_inches(6, 5)
    assert overlaps(ax.texts) == 0


def test_network_labels_that_cannot_fit_are_left_out_smallest_first():
    pairs = agg.cooccurrence(big_corpus(), top=30)
    fig, ax = plt.subplots(figsize=(4, 3))
    plot.plot_network(pairs, ax=ax)
    assert overlaps(ax.texts) == 0
    shown = {t.get_text() for t in ax.texts if t.get_visible()}
    assert 0 < len(shown) < 30
    biggest = pairs.sort_values("articles_a", ascending=False)["actor_a"].iloc[0]
    assert biggest in shown


def test_peak_labels_with_30_series_do_not_overlap():
    frame = agg.volume(big_corpus(), by="actor", top=30)
    ax = plot.plot_timeline(frame)
    assert len(ax.texts) == 3  # three peaks asked for
    assert overlaps(ax.texts) == 0
    shown = [t for t in ax.texts if t.get_visible()]
    assert shown
    # the highest peak is always labelled; the ones left out would have overlapped it
    values = [int(t.get_text().split("\n")[0]) for t in ax.texts]
    assert max(values) in [int(t.get_text().split("\n")[0]) for t in shown]
    # a wide figure has room for all three again
    ax.figure.set_size_inches(30, 6)
    assert overlaps(ax.texts) == 0
    assert all(t.get_visible() for t in ax.texts)


def test_ranked_share_axis_names_the_articles_it_divides():
    corpus = tiny()
    selection = corpus.filter(source="Reuters")
    ax = plot.plot_ranked(agg.top_actors(selection, 5), value="share")
    assert ax.get_xlabel() == "Share of the 3 articles in the selection"
    assert "Actors by share of the 3 articles in the selection" in ax.get_title(loc="left")
    whole = plot.plot_ranked(agg.top_topics(corpus), value="share")
    assert whole.get_xlabel() == "Share of all 6 articles"
    # a volume share is of every article of the period, or of the named baseline's
    timeline = plot.plot_timeline(agg.volume(selection, freq="month", unit="share"))
    assert timeline.get_ylabel() == "Share of all articles"
    based = agg.volume(selection.filter(actor="Hamas"), freq="month", unit="share",
                       baseline=selection)
    assert plot.plot_timeline(based).get_ylabel() == (
        "Share of the articles of the baseline (source: Reuters)"
    )
