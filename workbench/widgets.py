"""The Explorer: ipywidgets controls that build a FilterSpec, and views that call the library.

This is the only module that imports ipywidgets. It holds no analysis: every change builds a
:class:`~workbench.corpus.FilterSpec`, filters with :meth:`Corpus.filter`, summarises with
:mod:`workbench.aggregate`, draws with :mod:`workbench.plot` and lists with
:func:`workbench.listing.article_page`. The chart is a PNG in an ``Image`` widget and the list is
HTML built from escaped article text, so updates are plain widget-state changes (safe from any
thread, and visible to tests and browsers alike).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import io
import time
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from workbench import aggregate, plot
from workbench.corpus import Corpus, FilterSpec
from workbench.errors import ArgumentError, WorkbenchError, check_argument
from workbench.listing import article_page

#: Charts the Explorer can show.
CHARTS = ("timeline", "ranked", "co-occurrence", "actor x topic", "tone")
#: Counting units of the timeline.
UNITS = ("articles", "mentions", "share")
#: Period lengths of the timeline and the tone chart.
FREQS = ("day", "week", "month")
#: Charts redrawn in place on one figure (see plot._heatmap).
HEATMAPS = ("co-occurrence", "actor x topic")
KIND_ORDER = ("person", "organization", "country", "place", "group")
#: Actor buttons per listed article (the most mentioned actors).
N_CHIPS = 6


def _chart(
    name: str, view: Corpus, *, freq: str, unit: str, actors: tuple[str, ...], ax: Any
) -> pd.DataFrame:
    """Summarise ``view`` for chart ``name`` and draw it on ``ax``; return the summary frame.

    Heatmaps are drawn without a number in each cell: 225 text artists cost more than the rest of
    an update, and the colour bar gives the scale (reports keep the numbers).
    """
    if name == "timeline":
        if actors:
            summary = aggregate.volume(view, by="actor", values=list(actors), freq=freq, unit=unit)
        else:
            summary = aggregate.volume(view, freq=freq, unit=unit)
        plot.plot_timeline(summary, ax=ax)
    elif name == "ranked":
        summary = aggregate.top_actors(view, 20)
        plot.plot_ranked(summary, ax=ax)
    elif name == "co-occurrence":
        summary = aggregate.cooccurrence(view, top=15)
        plot.plot_cooccurrence(summary, annotate=False, ax=ax)
    elif name == "actor x topic":
        summary = aggregate.actor_topic(view, top=15)
        plot.plot_actor_topic(summary, annotate=False, ax=ax)
    else:
        summary = aggregate.tone(view, freq=freq)
        plot.plot_tone(summary, ax=ax)
    return summary


class Explorer(widgets.VBox):
    """A dashboard over a corpus: filter by actor, topic, date, source, text; chart; list; export.

    Parameters
    ----------
    corpus
        The corpus to explore (usually from :func:`workbench.load`).
    source
        Where the corpus came from (a path); enables the "report" export.
    chart
        The chart shown first, one of :data:`CHARTS`.
    page_size
        Articles per page of the list.
    debounce
        Seconds to wait after the last change before redrawing (inside a running kernel);
        0 redraws at once.
    export_dir
        Folder the export buttons write into (created on first export).

    Attributes
    ----------
    spec : FilterSpec
        The filter the controls describe now.
    corpus_view : Corpus
        The filtered corpus behind the chart and the list.
    summary : pandas.DataFrame
        The summary frame behind the current chart.
    """

    def __init__(
        self,
        corpus: Corpus,
        *,
        source: str | Path | None = None,
        chart: str = "timeline",
        page_size: int = 10,
        debounce: float = 0.25,
        export_dir: str | Path = "exports",
    ) -> None:
        check_argument("chart", chart, CHARTS)
        if page_size < 1:
            raise ArgumentError(f"page_size must be at least 1; got {page_size}")
        self.corpus = corpus
        self.source = source
        self._first_chart = chart
        self.page_size = page_size
        self.debounce = debounce
        self.export_dir = Path(export_dir)
        self.spec = FilterSpec()
        self.corpus_view = corpus
        self.summary = pd.DataFrame()
        self.last_update_ms = 0.0
        self._page = 0
        self._pending: asyncio.TimerHandle | None = None
        self._syncing = False
        self._figure: Figure | None = None
        self._heatmap_figures: dict[str, Figure] = {}
        self._notes: dict[str, list[Any]] = {}  # texts the widget wrote on each chart kind
        self._margins: dict[tuple[str, bool], tuple[dict[str, float], bool]] = {}
        self._build_controls()
        self._build_views()
        super().__init__(
            [self._controls_box(), self.status, self.chart_image, self._list_box(), self.exports],
            layout=widgets.Layout(width="100%"),
        )
        self.add_class("wb-explorer")
        self.refresh()

    # ------------------------------------------------------------------ controls
    def _build_controls(self) -> None:
        top = aggregate.top_actors(self.corpus, None)
        top = top.assign(
            _kind=top["kind"].astype(str).map({k: i for i, k in enumerate(KIND_ORDER)}).fillna(99)
        ).sort_values(["_kind", "articles", "actor"], ascending=[True, False, True])
        self._actor_labels: dict[str, str] = {}
        for _, row in top.iterrows():
            label = f"{row['actor']} · {row['kind']} · {int(row['articles']):,}"
            self._actor_labels[label] = str(row["actor"])
        self._actor_names = {name.casefold(): name for name in self._actor_labels.values()}
        # Every keystroke reaches the kernel (continuous_update), so that Enter, which the
        # browser sends as a "submit" message right after the last keystroke, sees the whole
        # name. A keystroke adds nothing unless it completes a suggestion's label (a suggestion
        # was picked); a typed name is added on Enter only (see _on_search, _on_search_msg).
        self.actor_search = widgets.Combobox(
            options=list(self._actor_labels),
            placeholder="Type an actor (grouped by kind, with article counts)…",
            ensure_option=False,
            continuous_update=True,
            description="Add actor",
            layout=widgets.Layout(width="420px"),
        )
        self.actor_search.add_class("wb-actor-search")
        self.search_hint = widgets.HTML("")
        self.search_hint.add_class("wb-search-hint")
        self.actors = widgets.TagsInput(
            value=[], allowed_tags=sorted(self._actor_names.values()), allow_duplicates=False
        )
        self.actors.add_class("wb-actors")
        self.actor_mode = widgets.ToggleButtons(
            options=[("any of them", "any"), ("all of them", "all")], value="any"
        )
        topics = aggregate.top_topics(self.corpus, None)
        self.topics = widgets.SelectMultiple(
            options=[
                (f"{t} ({int(n):,})", str(t))
                for t, n in zip(topics["topic"], topics["articles"], strict=True)
            ],
            rows=6,
            description="Topics",
        )
        sources = aggregate.sources(self.corpus)
        self.sources = widgets.SelectMultiple(
            options=[
                (f"{s} ({int(n):,})", str(s))
                for s, n in zip(sources["source"], sources["articles"], strict=True)
            ],
            rows=6,
            description="Sources",
        )
        self._months = self._month_options()
        self.months = widgets.SelectionRangeSlider(
            options=self._months,
            index=(0, len(self._months) - 1),
            description="Months",
            continuous_update=False,
            layout=widgets.Layout(width="640px"),
        )
        first, last = self._months[0][1], self._months[-1][1]
        self.start = widgets.DatePicker(description="From", value=first)
        self.end = widgets.DatePicker(description="To", value=_month_end(last))
        self.text = widgets.Text(
            placeholder='words, "phrases", AND OR NOT ( )',
            description="Text",
            continuous_update=False,
            layout=widgets.Layout(width="420px"),
        )
        self.query_error = widgets.HTML("")
        self.chart = widgets.Dropdown(options=CHARTS, value=self._first_chart, description="Chart")
        # drop-downs, not toggle buttons: they keep the view row on one line in JupyterLab
        self.freq = widgets.Dropdown(
            options=FREQS, value="week", description="Per", layout=widgets.Layout(width="160px")
        )
        self.unit = widgets.Dropdown(
            options=UNITS,
            value="articles",
            description="Count",
            layout=widgets.Layout(width="180px"),
        )

        self.actor_search.observe(self._on_search, "value")
        self.actor_search.on_msg(self._on_search_msg)
        for control in (self.actors, self.actor_mode, self.topics, self.sources, self.text):
            control.observe(self._on_filter_change, "value")
        for control in (self.chart, self.freq, self.unit):
            control.observe(self._on_view_change, "value")
        self.months.observe(self._on_months, "value")
        self.start.observe(self._on_dates, "value")
        self.end.observe(self._on_dates, "value")

    def _month_options(self) -> list[tuple[str, dt.date]]:
        bounds = self.corpus.date_range()
        if bounds is None:
            today = dt.date.today().replace(day=1)
            return [(today.strftime("%b %Y"), today)]
        months = pd.period_range(bounds[0].tz_convert(None), bounds[1].tz_convert(None), freq="M")
        return [(p.strftime("%b %Y"), p.start_time.date()) for p in months]

    def _controls_box(self) -> widgets.Widget:
        actor_row = widgets.HBox([self.actor_search, self.actor_mode, self.search_hint])
        dates = widgets.VBox([self.months, widgets.HBox([self.start, self.end])])
        lists = widgets.HBox([self.topics, self.sources])
        view = widgets.HBox([self.chart, self.freq, self.unit])
        return widgets.VBox(
            [
                actor_row,
                self.actors,
                lists,
                dates,
                widgets.HBox([self.text, self.query_error]),
                view,
            ]
        )

    # ------------------------------------------------------------------ views
    def _build_views(self) -> None:
        self.status = widgets.HTML("")
        self.status.add_class("wb-status")
        self.chart_image = widgets.Image(format="png", layout=widgets.Layout(max_width="900px"))
        self.chart_image.add_class("wb-chart")
        self.list_box = widgets.VBox([])
        self.list_box.add_class("wb-list")
        self._no_rows = widgets.HTML("<i>No articles match this filter.</i>")
        # a fixed pool of row widgets, updated in place (creating widgets per refresh is slow)
        self._row_slots: list[tuple[widgets.HTML, list[widgets.Button]]] = []
        self._row_boxes: list[widgets.Widget] = []
        for _ in range(self.page_size):
            chips = []
            for _ in range(N_CHIPS):
                chip = widgets.Button(layout=widgets.Layout(width="auto", height="24px"))
                chip.add_class("wb-actor-chip")
                chip.on_click(self._on_chip)
                chips.append(chip)
            row_html = widgets.HTML("")
            self._row_slots.append((row_html, chips))
            self._row_boxes.append(widgets.VBox([row_html, widgets.HBox(chips)]))
        self.prev_page = widgets.Button(description="◀ newer", layout=widgets.Layout(width="90px"))
        self.next_page = widgets.Button(description="older ▶", layout=widgets.Layout(width="90px"))
        self.page_label = widgets.HTML("")
        self.prev_page.on_click(lambda _: self.go_to_page(self._page - 1))
        self.next_page.on_click(lambda _: self.go_to_page(self._page + 1))
        self.export_format = widgets.Dropdown(
            options=["articles CSV", "articles Parquet", "chart PNG", "chart SVG", "report HTML"],
            value="articles CSV",
            description="Export",
        )
        self.export_button = widgets.Button(description="Export", icon="download")
        self.export_button.on_click(lambda _: self.export(self.export_format.value))
        self.export_result = widgets.HTML("")
        self.exports = widgets.HBox([self.export_format, self.export_button, self.export_result])

    def _list_box(self) -> widgets.Widget:
        pager = widgets.HBox([self.prev_page, self.page_label, self.next_page])
        return widgets.VBox([pager, self.list_box])

    # ------------------------------------------------------------------ events
    def _on_search(self, change: dict[str, Any]) -> None:
        """Add the actor of a picked suggestion; ignore a keystroke that completes no label.

        A bare name is not enough: on the way to "European Union" the box holds "Europe", and
        to "Israel Katz" it holds "Israel", both actors of their own.
        """
        self.search_hint.value = ""
        name = self._actor_labels.get(str(change["new"]).strip())
        if name:
            self.add_actor(name)
            self.actor_search.value = ""

    def _on_search_msg(self, _widget: Any, content: dict[str, Any], _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("event") == "submit":
            self.submit_search()

    def submit_search(self) -> str | None:
        """Add the actor named in the search box, as pressing Enter there does.

        Returns
        -------
        str or None
            The canonical name added, or None when the box names no actor exactly (a hint next
            to the box then says so, and the box keeps the text).
        """
        value = " ".join(str(self.actor_search.value).split())
        if not value:
            return None
        name = self._actor_labels.get(value) or self._actor_names.get(value.casefold())
        if name is None:
            self.search_hint.value = (
                f"<span style='color:#b00'>no actor named {html.escape(value)}; "
                "pick one of the suggestions</span>"
            )
            return None
        self.add_actor(name)
        self.actor_search.value = ""
        return name

    def add_actor(self, name: str) -> None:
        """Add an actor (canonical name or id) to the filter, as clicking it in the list does."""
        canonical = self._actor_names.get(str(name).casefold(), str(name))
        if canonical not in self.actors.value:
            self.actors.value = [*self.actors.value, canonical]

    def _on_chip(self, chip: widgets.Button) -> None:
        if chip.description:
            self.add_actor(chip.description)

    def _on_months(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        first, last = change["new"]
        self._syncing = True
        try:
            self.start.value = first
            self.end.value = _month_end(last)
        finally:
            self._syncing = False
        self._on_filter_change(change)

    def _on_dates(self, change: dict[str, Any]) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            starts = [d for _, d in self._months]
            lo = (
                int(np.searchsorted(starts, self.start.value, side="right")) - 1
                if self.start.value
                else 0
            )
            hi = (
                int(np.searchsorted(starts, self.end.value, side="right")) - 1
                if self.end.value
                else len(starts) - 1
            )
            lo, hi = max(lo, 0), max(min(hi, len(starts) - 1), 0)
            self.months.index = (min(lo, hi), hi)
        finally:
            self._syncing = False
        self._on_filter_change(change)

    def _on_filter_change(self, _change: dict[str, Any]) -> None:
        self._page = 0
        self._schedule()

    def _on_view_change(self, _change: dict[str, Any]) -> None:
        self._schedule()

    def _schedule(self) -> None:
        if self.debounce <= 0:
            self.refresh()
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            self.refresh()
            return
        if self._pending is not None:
            self._pending.cancel()
        self._pending = loop.call_later(self.debounce, self.refresh)

    # ------------------------------------------------------------------ the one update path
    def build_spec(self) -> FilterSpec:
        """Return the FilterSpec the controls describe (raises ArgumentError for a bad query)."""
        start, end = self.start.value, self.end.value
        # the whole range means no date filter (and keeps undated articles)
        if start is not None and start <= self._months[0][1]:
            start = None
        if end is not None and end >= _month_end(self._months[-1][1]):
            end = None
        return FilterSpec.coerce(
            actors=list(self.actors.value),
            actor_mode=self.actor_mode.value,
            topics=list(self.topics.value),
            sources=list(self.sources.value),
            start=pd.Timestamp(start).strftime("%Y-%m-%d") if start else None,
            end=pd.Timestamp(end).strftime("%Y-%m-%d") if end else None,
            text=self.text.value or None,
        )

    def refresh(self) -> None:
        """Rebuild the filter from the controls, then redraw the chart and the list."""
        self._pending = None
        began = time.perf_counter()
        try:
            spec = self.build_spec()
        except WorkbenchError as exc:
            self.query_error.value = f"<span style='color:#b00'>{html.escape(str(exc))}</span>"
            return
        self.query_error.value = ""
        self.spec = spec
        self.corpus_view = self.corpus.filter(spec)
        self._draw_chart()
        self._draw_list()
        self.last_update_ms = (time.perf_counter() - began) * 1000
        self.status.value = (
            f"<b>{len(self.corpus_view):,}</b> of {len(self.corpus):,} articles · "
            f"{html.escape(spec.describe())} · "
            f"<span class='wb-ms'>{self.last_update_ms:.0f} ms</span>"
        )

    def _draw_chart(self) -> None:
        # one tight_layout pass: constrained layout costs a second full draw on every update
        tall = self.chart.value in ("co-occurrence", "actor x topic", "ranked")
        # Heatmaps are redrawn in place on the figure of their last draw (plot._heatmap updates
        # its image, ticks and colour bar); other charts start from a fresh figure.
        figure = self._heatmap_figures.get(self.chart.value)
        if figure is not None:
            ax = figure.axes[0]
            for note in self._notes.pop(self.chart.value, []):
                note.remove()
        else:
            figure = Figure(figsize=(9, 6.5 if tall else 4.2))
            FigureCanvasAgg(figure)  # drawn off-screen; its renderer measures labels after a draw
            ax = figure.subplots()
            if self.chart.value in HEATMAPS:
                self._heatmap_figures[self.chart.value] = figure
        notes = self._notes[self.chart.value] = []
        try:
            self.summary = _chart(
                self.chart.value,
                self.corpus_view,
                freq=self.freq.value,
                unit=self.unit.value,
                actors=self.spec.actors,
                ax=ax,
            )
        except WorkbenchError as exc:
            self.summary = pd.DataFrame()
            self._heatmap_figures.pop(self.chart.value, None)  # its axes are cleared below
            ax.clear()
            ax.set_axis_off()
            ax.text(0.5, 0.5, str(exc), ha="center", va="center", wrap=True)
        if self.summary is not None and not len(self.summary):
            notes.append(
                ax.text(
                    0.5,
                    0.5,
                    "no articles match this filter",
                    transform=ax.transAxes,
                    ha="center",
                    va="center",
                    color="#555",
                )
            )
        # Layout: tight_layout measures every label (about half the drawing time), so each chart
        # kind reuses its last margins and is laid out again only when a label spills over.
        kind = (self.chart.value, tall)
        cached = self._margins.get(kind)
        if cached is None:
            _tight(figure)
        else:
            figure.subplots_adjust(**cached[0])
        png = _png(figure)
        spills = _spills(figure)
        # lay out again when a label spills over, unless tight_layout could not help last time
        if cached is not None and spills and not cached[1]:
            _tight(figure)
            png = _png(figure)
            spills = _spills(figure)
        pars = figure.subplotpars
        margins = {"left": pars.left, "right": pars.right, "bottom": pars.bottom, "top": pars.top}
        self._margins[kind] = (margins, spills)
        self._figure = figure
        self.chart_image.value = png

    def go_to_page(self, page: int) -> None:
        """Show page ``page`` (0-based) of the article list."""
        self._page = page
        self._draw_list()

    def _draw_list(self) -> None:
        rows, n_pages = article_page(
            self.corpus_view,
            page=self._page,
            page_size=self.page_size,
            highlight=self.spec.actors,
            n_actors=N_CHIPS,
        )
        self._page = min(max(self._page, 0), n_pages - 1)
        self.page_rows = rows
        records = list(rows.itertuples(index=False))
        for slot, (html_widget, chips) in enumerate(self._row_slots):
            record = records[slot] if slot < len(records) else None
            html_widget.value = _row_html(record) if record is not None else ""
            actors = list(record.actors) if record is not None else []
            for i, chip in enumerate(chips):
                chip.description = actors[i] if i < len(actors) else ""
                chip.tooltip = f"add {actors[i]} to the filter" if i < len(actors) else ""
                chip.layout.display = None if i < len(actors) else "none"
        self.list_box.children = self._row_boxes[: len(records)] or [self._no_rows]
        self.page_label.value = f"&nbsp;page {self._page + 1} of {n_pages}&nbsp;"
        self.prev_page.disabled = self._page == 0
        self.next_page.disabled = self._page >= n_pages - 1

    # ------------------------------------------------------------------ exports
    def export(self, what: str) -> Path:
        """Write the current view: articles (CSV, Parquet), chart (PNG, SVG) or a report (HTML).

        Parameters
        ----------
        what
            One of the export menu's entries ("articles CSV", "articles Parquet", "chart PNG",
            "chart SVG", "report HTML").

        Returns
        -------
        pathlib.Path
            The file written (also shown next to the button).
        """
        check_argument("what", what, list(self.export_format.options))
        self.export_dir.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        base = self.export_dir / f"workbench-{stamp}"
        try:
            if what.startswith("articles"):
                articles = self.corpus_view.articles
                if what.endswith("CSV"):
                    path = base.with_suffix(".csv")
                    flat = articles.assign(origins=articles["origins"].map(_join_origins))
                    flat.to_csv(path, index=False)
                else:
                    path = base.with_suffix(".parquet")
                    articles.to_parquet(path, index=False)
            elif what.startswith("chart"):
                suffix = "png" if what.endswith("PNG") else "svg"
                assert self._figure is not None
                path = plot.save_figure(self._figure, base, formats=(suffix,))[0]
            else:
                path = self._export_report(base.with_suffix(".html"))
        except WorkbenchError as exc:
            self.export_result.value = f"<span style='color:#b00'>{html.escape(str(exc))}</span>"
            raise
        self.export_result.value = f"wrote <code>{html.escape(str(path))}</code>"
        return path

    def _export_report(self, path: Path) -> Path:
        try:
            from workbench.report import render_report
        except ImportError as exc:  # pragma: no cover - reports ship with the package
            raise WorkbenchError(f"reports are not available: {exc}") from exc
        if self.source is None:
            raise WorkbenchError("report export needs Explorer(corpus, source=PATH)")
        # the whole filter travels (actors and their any/all, kinds, countries, topics, dates,
        # sources, text), so the report counts the articles this view shows
        return Path(render_report(self.source, filter=self.spec, out=path))


def _tight(figure: Figure) -> None:
    """Lay ``figure`` out once, leaving no layout engine behind.

    ``Figure.tight_layout`` leaves a placeholder layout engine on the figure, and ``savefig``
    draws a figure that has any layout engine twice (a layout pass, then the picture).
    """
    try:
        figure.tight_layout()
    except ValueError:  # labels too large for the canvas: keep the default margins
        pass
    figure.set_layout_engine(None)


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


def _spills(figure: Figure) -> bool:
    """Return True when a title, axis label or tick label of the drawn figure leaves the canvas.

    Of each axis's tick labels only the longest few and the two at its ends are measured: they
    are the ones that reach furthest (measuring every label of a heatmap costs a tenth of a draw).
    """
    renderer = figure.canvas.get_renderer()
    width, height = figure.bbox.width, figure.bbox.height
    for ax in figure.axes:
        texts = [ax.title, ax._left_title, ax.xaxis.label, ax.yaxis.label]
        for axis in (ax.xaxis, ax.yaxis):
            shown = drawn_tick_labels(axis)
            longest = sorted(shown, key=lambda t: len(t.get_text()), reverse=True)[:3]
            texts += longest + shown[:1] + shown[-1:]
        for text in texts:
            if not text.get_visible() or not text.get_text():
                continue
            box = text.get_window_extent(renderer)
            if box.x0 < -1 or box.y0 < -1 or box.x1 > width + 1 or box.y1 > height + 1:
                return True
    return False


def drawn_tick_labels(axis: Any) -> list[Any]:
    """Return the major tick labels of ``axis`` a draw shows: non-empty, within the view limits."""
    low, high = sorted(axis.get_view_interval())
    slack = (high - low) * 1e-9
    return [
        label
        for tick in axis.get_major_ticks()
        if low - slack <= tick.get_loc() <= high + slack
        for label in (tick.label1, tick.label2)
        if label.get_visible() and label.get_text()
    ]


def _join_origins(value: Any) -> str:
    if isinstance(value, list | tuple | np.ndarray):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _month_end(first_day: dt.date) -> dt.date:
    return (pd.Timestamp(first_day) + pd.offsets.MonthEnd(0)).date()


def _row_html(record: Any) -> str:
    date = record.date.strftime("%Y-%m-%d") if pd.notna(record.date) else "undated"
    source = html.escape(str(record.source)) if pd.notna(record.source) else "unknown source"
    return (
        f"<div class='wb-row'><span class='wb-date'>{date}</span> · "
        f"<span class='wb-source'>{source}</span><br>"
        f"<b class='wb-title'>{html.escape(str(record.title))}</b><br>"
        f"<span class='wb-sentence'>{_highlight(record)}</span></div>"
    )


def _highlight(record: Any) -> str:
    sentence = str(record.sentence)
    start, end = int(record.mark_start), int(record.mark_end)
    if start < 0 or end <= start:
        return html.escape(sentence)
    return (
        html.escape(sentence[:start])
        + "<mark>"
        + html.escape(sentence[start:end])
        + "</mark>"
        + html.escape(sentence[end:])
    )
