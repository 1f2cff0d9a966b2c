"""Summary frame -> matplotlib Axes: timelines, bars, heatmaps, network, tone, small multiples.

Each function draws one frame from :mod:`workbench.aggregate` and has the shape
``plot_x(summary, *, option=..., ax=None) -> Axes`` (small multiples return a Figure). Titles say
what was counted (the unit) and the filter (from the frame's ``attrs``, i.e.
:meth:`FilterSpec.describe`); colours come from the colour-blind-safe Okabe-Ito palette; dates
use matplotlib's ConciseDateFormatter. :func:`save_figure` writes PNG and SVG at report quality.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.text import Text
from matplotlib.ticker import MaxNLocator, PercentFormatter
from matplotlib.transforms import Bbox

from workbench.errors import ArgumentError, check_argument

#: Okabe & Ito (2008) colour-blind-safe palette, most distinct first.
OKABE_ITO = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#D55E00",  # vermillion
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)
_LINESTYLES = ("-", "--", ":", "-.")
_UNIT_LABELS = {
    "articles": "articles",
    "mentions": "mentions",
    "share": "share of all articles",
    "tone": "mean tone (VADER compound, −1 to 1)",
    "count": "articles mentioning both",
    "lift": "lift",
    "pmi": "PMI (bits)",
    "npmi": "normalised PMI",
}
_FREQ_WORDS = {"day": "per day", "week": "per week", "month": "per month"}


def _unit_label(frame: pd.DataFrame, value: str) -> str:
    """Return what ``value`` counts, in words, truthful about the denominator of a share.

    A share from :func:`~workbench.aggregate.volume` is of the baseline's articles of each
    period (all articles unless another baseline was given); a share from a ranking
    (:func:`~workbench.aggregate.top_actors`, ``top_topics``, ``sources``) is of the articles
    of the selection that was ranked.
    """
    if value != "share":
        return _UNIT_LABELS.get(value, value)
    if "period" in frame.columns:
        baseline = frame.attrs.get("baseline")
        if baseline and baseline != "all articles":
            return f"share of the articles of the baseline ({baseline})"
        return "share of all articles"
    n = frame.attrs.get("n_articles")
    if n is None:
        return "share of the articles ranked"
    if frame.attrs.get("filter", "all articles") == "all articles":
        return f"share of all {n:,} articles"
    return f"share of the {n:,} articles in the selection"


def style(index: int) -> dict[str, Any]:
    """Return the colour and line style of series number ``index`` (8 colours x 4 styles)."""
    return {
        "color": OKABE_ITO[index % len(OKABE_ITO)],
        "linestyle": _LINESTYLES[(index // len(OKABE_ITO)) % len(_LINESTYLES)],
    }


def _new_axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    _fig, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


#: Average advance of a DejaVu Sans character, in ems, with some margin (titles are wrapped
#: to the figure's width from this estimate rather than measured, which would need a draw).
_EM_PER_CHARACTER = 0.58


def _title(ax: Axes, frame: pd.DataFrame, main: str, title: str | None) -> None:
    """Set a title: what is counted, then the filter (from ``frame.attrs``), wrapped to fit.

    A long filter description is broken over several lines at spaces, so that it is never cut
    off at the figure's right edge (the title starts at the axes' left edge).
    """
    if title is None:
        title = main
        described = frame.attrs.get("filter")
        if described:
            title += f"\nFilter: {described}"
    size = FontProperties(size="medium").get_size_in_points()
    width = ax.figure.get_figwidth() * 72 * 0.88  # points, less a left margin
    columns = max(30, int(width / (size * _EM_PER_CHARACTER)))
    lines = [
        wrapped
        for line in title.split("\n")
        for wrapped in (textwrap.wrap(line, columns, break_on_hyphens=False) or [""])
    ]
    ax.set_title("\n".join(lines), loc="left", fontsize=size)


def _naive(periods: pd.Series) -> np.ndarray:
    values = pd.to_datetime(periods)
    if getattr(values.dt, "tz", None) is not None:
        values = values.dt.tz_convert("UTC").dt.tz_localize(None)
    return values.to_numpy(dtype="datetime64[ns]")


def _date_axis(ax: Axes) -> None:
    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def _value_column(frame: pd.DataFrame, value: str | None, choices: Sequence[str]) -> str:
    if value is not None:
        if value not in frame.columns:
            raise ArgumentError(
                f"value must be a column of the frame, one of {list(frame.columns)}; got {value!r}"
            )
        return value
    unit = frame.attrs.get("unit")
    if unit in frame.columns:
        return str(unit)
    for name in choices:
        if name in frame.columns:
            return name
    raise ArgumentError(
        f"the frame has none of the columns {list(choices)}; it has {list(frame.columns)}"
    )


def _group_column(frame: pd.DataFrame) -> str | None:
    by = frame.attrs.get("by")
    if by:
        return "actor" if by == "actor" and "actor" in frame.columns else str(by)
    for name in ("actor", "topic", "source", "kind", "country"):
        if name in frame.columns:
            return name
    return None


def _series(frame: pd.DataFrame, value: str) -> list[tuple[str | None, pd.DataFrame]]:
    if "period" not in frame.columns:
        raise ArgumentError(
            f"a timeline needs a 'period' column; the frame has {list(frame.columns)}"
        )
    group = _group_column(frame)
    if group is None:
        return [(None, frame.sort_values("period"))]
    return [
        (str(name), part.sort_values("period")) for name, part in frame.groupby(group, sort=False)
    ]


def _value_format(value: str) -> Any:
    if value == "share":
        return lambda v: f"{v:.0%}" if v >= 0.1 else f"{v:.1%}"
    if value == "tone":
        return lambda v: f"{v:+.2f}"
    return lambda v: f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}"


def _quietly(artist: Artist, change: Any) -> None:
    """Apply ``change()`` to an artist without marking the figure stale.

    The label arrangers below move and hide labels while the figure is being drawn; a stale
    figure would ask an interactive canvas for one more draw (which would find the same layout).
    """
    callback = artist.stale_callback
    artist.stale_callback = None
    try:
        change()
    finally:
        artist.stale_callback = callback


class _LabelArranger(Artist):
    """An invisible artist that arranges text labels when the figure is drawn.

    Label sizes on the canvas are only known once the figure is laid out (constrained layout,
    an outside legend, the figure's size and dpi all change them), so the arrangement runs in
    :meth:`draw`, which the axes call before drawing the labels (a lower ``zorder``). The labels
    stay ordinary Text artists of the axes, kept out of the layout computation.
    """

    def __init__(self, texts: Sequence[Any], *, zorder: float) -> None:
        super().__init__()
        self.texts = list(texts)
        self.set_zorder(zorder)
        self.set_in_layout(False)
        for text in self.texts:
            text.set_in_layout(False)

    def _extents(self, renderer: Any) -> np.ndarray:
        """Return each label's (x0, y0, x1, y1) on the canvas, measured while visible."""
        boxes = np.zeros((len(self.texts), 4))
        for i, text in enumerate(self.texts):
            if not text.get_visible():
                _quietly(text, lambda t=text: t.set_visible(True))
            if hasattr(text, "update_positions"):  # an Annotation: place it from its xy first
                text.update_positions(renderer)
            bbox = Text.get_window_extent(text, renderer)
            boxes[i] = (bbox.x0, bbox.y0, bbox.x1, bbox.y1)
        return boxes

    def get_window_extent(self, renderer: Any = None) -> Bbox:
        return Bbox.null()


class _DeclutterLabels(_LabelArranger):
    """Hide every label that overlaps a label of higher priority (``order``, first = highest)."""

    def __init__(self, texts: Sequence[Any], order: Sequence[int], *, zorder: float) -> None:
        super().__init__(texts, zorder=zorder)
        self.order = list(order)

    def draw(self, renderer: Any) -> None:
        if not self.texts:
            return
        pad = renderer.points_to_pixels(2.0)
        boxes = self._extents(renderer)
        kept: list[np.ndarray] = []
        for i in self.order:
            box = boxes[i]
            clash = any(
                box[0] < other[2] + pad
                and other[0] < box[2] + pad
                and box[1] < other[3] + pad
                and other[1] < box[3] + pad
                for other in kept
            )
            if not clash:
                kept.append(box)
            if clash:
                _quietly(self.texts[i], lambda t=self.texts[i]: t.set_visible(False))


class _RepelLabels(_LabelArranger):
    """Nudge node labels apart and off the nodes, inside the axes; draw leaders when moved.

    Each label starts beside its node, on the side given by ``directions`` (away from the middle
    of its component). Then, for up to ``iterations`` rounds, every pair of overlapping labels
    is pushed apart along the axis where they overlap least (half each), every label covering a
    node is pushed off it, and labels are kept inside the axes, until nothing overlaps: the
    rectangle-repulsion scheme of adjustText, in display space. A label that ends up away from
    its starting place gets a thin leader line to its node. When the axes are too small for all
    the labels, the ones still overlapping a label of a bigger node (``priority``: larger first)
    are not drawn.
    """

    def __init__(
        self,
        texts: Sequence[Any],
        anchors: np.ndarray,
        radii: np.ndarray,
        directions: np.ndarray,
        priority: np.ndarray,
        *,
        zorder: float,
        iterations: int = 400,
    ) -> None:
        super().__init__(texts, zorder=zorder)
        self.anchors = np.asarray(anchors, dtype=float)
        self.radii = np.asarray(radii, dtype=float)
        self.directions = np.asarray(directions, dtype=float)
        self.priority = np.asarray(priority, dtype=float)
        self.iterations = iterations
        self.leaders: Any = None

    def arrange(self, renderer: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return (label centres, label sizes, node centres) on the canvas, without overlaps."""
        px = renderer.points_to_pixels(1.0)
        boxes = self._extents(renderer)
        size = np.column_stack([boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]])
        half = size / 2 + 1.5 * px  # a margin: the labels' white boxes
        nodes = self.axes.transData.transform(self.anchors)
        radius = self.radii * px + 1.5 * px
        direction = self.directions
        norm = np.maximum(np.abs(direction).max(axis=1), 1e-9)[:, None]
        centre = nodes + direction * radius[:, None] + direction / norm * half
        frame = self.axes.bbox
        low = np.array([frame.x0, frame.y0]) + half
        high = np.maximum(np.array([frame.x1, frame.y1]) - half, low)
        n = len(centre)
        tie = np.sign(np.arange(n)[:, None] - np.arange(n)[None, :]).astype(float)
        for _ in range(self.iterations):
            delta = centre[:, None, :] - centre[None, :, :]
            reach = half[:, None, :] + half[None, :, :]
            overlap = reach - np.abs(delta)
            clash = (overlap[..., 0] > 0) & (overlap[..., 1] > 0)
            np.fill_diagonal(clash, False)
            # labels against node discs (as squares): the label moves, the node stays
            to_node = centre[:, None, :] - nodes[None, :, :]
            node_overlap = half[:, None, :] + radius[None, :, None] - np.abs(to_node)
            covers = (node_overlap[..., 0] > 0) & (node_overlap[..., 1] > 0)
            if not clash.any() and not covers.any():
                break
            move = np.zeros_like(centre)
            along_x = overlap[..., 0] < overlap[..., 1]
            sign = np.where(delta != 0, np.sign(delta), tie[..., None])
            push = np.where(along_x[..., None], [1.0, 0.0], [0.0, 1.0]) * overlap * sign / 2
            move += np.where(clash[..., None], push, 0.0).sum(axis=1)
            node_x = node_overlap[..., 0] < node_overlap[..., 1]
            node_sign = np.where(to_node != 0, np.sign(to_node), 1.0)
            node_push = np.where(node_x[..., None], [1.0, 0.0], [0.0, 1.0]) * node_overlap
            move += np.where(covers[..., None], node_push * node_sign, 0.0).sum(axis=1)
            centre = np.clip(centre + 1.05 * move, low, high)
        return centre, size, nodes

    def draw(self, renderer: Any) -> None:
        if not self.texts or not self.get_visible():
            return
        from matplotlib.collections import LineCollection
        from matplotlib.transforms import IdentityTransform

        px = renderer.points_to_pixels(1.0)
        centre, size, nodes = self.arrange(renderer)
        # what could not be separated: the labels of bigger nodes win
        kept: list[int] = []
        shown = np.zeros(len(centre), dtype=bool)
        for i in np.argsort(-self.priority, kind="stable"):
            reach = (size[i] + size[kept]) / 2 + px
            if not np.any(np.all(np.abs(centre[kept] - centre[i]) < reach, axis=1)):
                kept.append(int(i))
                shown[i] = True
        segments = []
        for text, c, wh, node, r, show in zip(
            self.texts, centre, size, nodes, self.radii * px, shown, strict=True
        ):
            if not show:
                _quietly(text, lambda t=text: t.set_visible(False))
                continue
            offset = tuple(np.round((c - node) / px, 2))
            if tuple(text.xyann) != offset:
                _quietly(text, lambda t=text, o=offset: setattr(t, "xyann", o))
            nearest = np.clip(node, c - wh / 2, c + wh / 2)
            gap = nearest - node
            distance = float(np.hypot(*gap))
            if distance > r + 6 * px:  # moved off its node: a leader to the label
                segments.append([node + gap / distance * r, nearest])
        if segments:
            self.leaders = LineCollection(
                segments, colors="#777777", linewidths=0.6, transform=IdentityTransform()
            )
            self.leaders.set_figure(self.figure)
            self.leaders.draw(renderer)


def _peaks(x: np.ndarray, y: np.ndarray, k: int) -> list[int]:
    """Return the indices of the ``k`` highest local maxima of ``y``, apart, left to right."""
    if k <= 0 or len(y) == 0:
        return []
    padded = np.concatenate([[-np.inf], y, [-np.inf]])
    is_peak = (padded[1:-1] > padded[:-2]) & (padded[1:-1] >= padded[2:]) & (y > 0)
    candidates = np.flatnonzero(is_peak)
    # highest first, skipping peaks too close to a chosen one (their labels would collide)
    gap = max(1, len(y) // 10)
    chosen: list[int] = []
    for i in candidates[np.argsort(-y[candidates], kind="stable")]:
        if all(abs(int(i) - j) > gap for j in chosen):
            chosen.append(int(i))
        if len(chosen) == k:
            break
    return sorted(chosen)


def plot_timeline(
    volume: pd.DataFrame,
    *,
    kind: str = "line",
    value: str | None = None,
    peaks: int = 3,
    title: str | None = None,
    legend: bool = True,
    ax: Axes | None = None,
) -> Axes:
    """Draw volume over time as lines or stacked areas, annotating the highest peaks.

    Parameters
    ----------
    volume
        A frame from :func:`workbench.aggregate.volume` (``period``, optional group column,
        ``articles`` / ``mentions`` / ``share``).
    kind
        ``"line"`` or ``"area"`` (stacked; since an article can mention several actors or carry
        several topics, the title then says that the stack may exceed the total).
    value
        The column to draw (default: the frame's unit).
    peaks
        How many peaks of the total to annotate with their value (0: none).
    title
        Replaces the default title (unit, period, filter).
    legend
        Draw a legend when there are several series.
    ax
        Draw into these axes (new ones by default).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn into.
    """
    check_argument("kind", kind, ("line", "area"))
    value = _value_column(volume, value, ("share", "mentions", "articles", "tone"))
    series = _series(volume, value)
    ax = _new_axes(ax, (9, 4.5))
    fmt = _value_format(value)
    if series and len(series[0][1]):
        x = _naive(series[0][1]["period"])
        ys = [
            part.set_index("period")[value]
            .reindex(series[0][1]["period"])
            .fillna(0)
            .to_numpy(dtype=float)
            for _name, part in series
        ]
        labels = [
            name if name is not None else _unit_label(volume, value) for name, _part in series
        ]
        if kind == "area" and len(series) > 1:
            colors = [style(i)["color"] for i in range(len(series))]
            hatches = [None if i < len(OKABE_ITO) else "//" for i in range(len(series))]
            ax.stackplot(
                x,
                *ys,
                labels=labels,
                colors=colors,
                alpha=0.85,
                linewidth=0.5,
                edgecolor="white",
                hatch=hatches,
            )
            total = np.sum(ys, axis=0)
        else:
            for i, (y, label) in enumerate(zip(ys, labels, strict=True)):
                if kind == "area":
                    ax.fill_between(x, y, color=style(i)["color"], alpha=0.35, linewidth=0)
                ax.plot(x, y, label=label, linewidth=1.8, **style(i))
            total = np.max(ys, axis=0) if len(ys) > 1 else ys[0]
        when = "%b %Y" if volume.attrs.get("freq") == "month" else "%d %b %Y"
        chosen = _peaks(x, total, peaks)
        notes = [
            ax.annotate(
                f"{fmt(total[i])}\n{pd.Timestamp(x[i]).strftime(when)}",
                xy=(x[i], total[i]),
                xytext=(0, 6),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize="x-small",
                color="#333333",
            )
            for i in chosen
        ]
        if notes:  # on a narrow chart, a lower peak's label that would overlap is not drawn
            priority = sorted(range(len(chosen)), key=lambda k: (-total[chosen[k]], k))
            ax.add_artist(_DeclutterLabels(notes, priority, zorder=2.5))
        ax.set_ylim(0, max(float(np.max(total)) * 1.2, 1e-9 if value == "share" else 1))
    _date_axis(ax)
    if value == "share":
        ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=None))
    elif value in ("articles", "mentions"):
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    unit = _unit_label(volume, value)
    ax.set_ylabel(unit[:1].upper() + unit[1:])
    ax.grid(axis="y", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    freq = _FREQ_WORDS.get(volume.attrs.get("freq", ""), "")
    main = f"{unit[:1].upper() + unit[1:]} {freq}".strip()
    if volume.attrs.get("by"):
        main += f", by {volume.attrs['by']}"
        if kind == "area" and len(series) > 1 and volume.attrs["by"] != "source":
            main += " (stacked: an article can count in several series)"
    _title(ax, volume, main, title)
    if legend and len(series) > 1:
        outside = len(series) > 6
        ax.legend(
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0) if outside else None,
            fontsize="small",
            frameon=False,
            ncols=1 if len(series) <= 15 else 2,
        )
    return ax


def plot_ranked(
    frame: pd.DataFrame,
    *,
    value: str | None = None,
    label: str | None = None,
    n: int | None = 30,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw a ranking (top actors, topics or sources) as horizontal bars, largest on top.

    Parameters
    ----------
    frame
        From :func:`~workbench.aggregate.top_actors`, :func:`~workbench.aggregate.top_topics`
        or :func:`~workbench.aggregate.sources`.
    value
        The column giving bar lengths (default: the frame's unit, else ``articles``).
    label
        The column naming the bars (default: ``actor``, ``topic`` or ``source``).
    n
        Draw the first ``n`` rows (None: all).
    title
        Replaces the default title.
    ax
        Draw into these axes; by default a figure tall enough for every label.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn into.
    """
    value = _value_column(frame, value, ("articles", "mentions", "share"))
    if label is None:
        label = next((c for c in ("actor", "topic", "source") if c in frame.columns), None)
        if label is None:
            raise ArgumentError(
                f"label: the frame has no actor, topic or source column; "
                f"it has {list(frame.columns)}"
            )
    data = frame.sort_values(value, ascending=False, kind="stable")
    data = data if n is None else data.head(n)
    count = len(data)
    ax = _new_axes(ax, (7.5, max(2.5, 0.27 * count + 1.4)))
    data = data.iloc[::-1]  # bottom-up, so the largest bar is on top
    positions = np.arange(count)
    bars = ax.barh(positions, data[value].to_numpy(dtype=float), color=OKABE_ITO[0], height=0.7)
    ax.set_yticks(
        positions, [str(v) for v in data[label]], fontsize="small" if count <= 25 else "x-small"
    )
    fmt = _value_format(value)
    ax.bar_label(bars, labels=[fmt(v) for v in data[value]], padding=3, fontsize="x-small")
    ax.margins(x=0.12)
    ax.set_ylim(-0.6, count - 0.4)
    if value == "share":
        ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    unit = _unit_label(frame, value)
    ax.set_xlabel(unit[:1].upper() + unit[1:])
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", alpha=0.3)
    what = {"actor": "Actors", "topic": "Topics", "source": "Sources"}.get(label, label)
    _title(ax, frame, f"{what} by {unit}", title)
    return ax


class _HeatmapArtists:
    """The artists of a heatmap drawn by :func:`_heatmap`, kept on its axes for redraws."""

    def __init__(self, image: Any, colorbar: Any) -> None:
        self.image = image
        self.colorbar = colorbar
        self.cell_texts: list[Any] = []


def _heatmap(
    ax: Axes,
    matrix: pd.DataFrame,
    *,
    cmap: str,
    colorbar_label: str,
    annotate: bool | None,
    fmt: Any,
    center: float | None = None,
) -> None:
    """Draw ``matrix`` as a heatmap with a colour bar, or redraw the heatmap already on ``ax``.

    Drawing again on axes that hold a heatmap from this function updates its image, ticks, colour
    bar and cell numbers in place: matplotlib's tick objects and the colour bar's axes are the
    costly part of a heatmap, and an interactive view (the Explorer) redraws the same axes on
    every filter change.
    """
    values = matrix.to_numpy(dtype=float)
    finite = values[np.isfinite(values)]
    if center is not None and len(finite):
        extent = max(abs(finite.min() - center), abs(finite.max() - center), 1e-9)
        vmin, vmax = center - extent, center + extent
    else:
        vmin, vmax = (0.0, max(float(finite.max()), 1e-9)) if len(finite) else (0.0, 1.0)
    n_rows, n_cols = values.shape
    drawn: _HeatmapArtists | None = getattr(ax, "_workbench_heatmap", None)
    if drawn is not None and drawn.image.axes is ax and drawn.colorbar.ax.figure is ax.figure:
        drawn.image.set_data(values)
        drawn.image.set_cmap(cmap)
        drawn.image.set_clim(vmin, vmax)
        right, bottom = max(n_cols, 1) - 0.5, max(n_rows, 1) - 0.5  # an empty matrix: one cell
        drawn.image.set_extent((-0.5, right, bottom, -0.5))
        ax.set_xlim(-0.5, right)
        ax.set_ylim(bottom, -0.5)
        for text in drawn.cell_texts:
            text.remove()
        drawn.cell_texts = []
    else:
        image = ax.imshow(
            values, cmap=cmap, vmin=vmin, vmax=vmax, aspect="auto", interpolation="nearest"
        )
        drawn = _HeatmapArtists(image, ax.figure.colorbar(image, ax=ax, shrink=0.8, pad=0.02))
        ax._workbench_heatmap = drawn  # type: ignore[attr-defined]
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
    size = "small" if max(n_rows, n_cols) <= 15 else "x-small" if max(n_rows, n_cols) <= 30 else 5
    ax.set_xticks(np.arange(n_cols), [str(c) for c in matrix.columns], rotation=90, fontsize=size)
    ax.set_yticks(np.arange(n_rows), [str(r) for r in matrix.index], fontsize=size)
    if annotate is None:
        annotate = n_rows * n_cols <= 225
    if annotate:
        for (i, j), v in np.ndenumerate(values):
            if np.isfinite(v) and v != 0:
                dark = (
                    (v - vmin) / (vmax - vmin or 1) > 0.6
                    if center is None
                    else abs(v - center) / ((vmax - vmin) / 2 or 1) > 0.6
                )
                drawn.cell_texts.append(
                    ax.text(
                        j,
                        i,
                        fmt(v),
                        ha="center",
                        va="center",
                        fontsize="x-small",
                        color="white" if dark else "black",
                    )
                )
    drawn.colorbar.set_label(colorbar_label)


def plot_cooccurrence(
    pairs: pd.DataFrame,
    *,
    value: str = "count",
    annotate: bool | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw actor co-occurrence as a symmetric heatmap (actors ordered by their articles).

    Parameters
    ----------
    pairs
        From :func:`workbench.aggregate.cooccurrence`.
    value
        ``"count"`` (articles mentioning both), ``"lift"``, ``"pmi"`` or ``"npmi"``.
    annotate
        Write the value in each cell (default: when there are at most 225 cells).
    title
        Replaces the default title.
    ax
        Draw into these axes (new ones by default).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn into.
    """
    check_argument("value", value, ("count", "lift", "pmi", "npmi"))
    totals = (
        pd.concat(
            [
                pairs[["actor_a", "articles_a"]].set_axis(["actor", "articles"], axis=1),
                pairs[["actor_b", "articles_b"]].set_axis(["actor", "articles"], axis=1),
            ]
        )
        .groupby("actor")["articles"]
        .max()
        .sort_values(ascending=False, kind="stable")
    )
    order = list(totals.index)
    matrix = pd.DataFrame(np.nan if value != "count" else 0.0, index=order, columns=order)
    for row in pairs.itertuples(index=False):
        v = getattr(row, value)
        matrix.loc[row.actor_a, row.actor_b] = v
        matrix.loc[row.actor_b, row.actor_a] = v
    n = len(order)
    ax = _new_axes(ax, (max(5.0, 0.3 * n + 3), max(4.0, 0.3 * n + 2)))
    diverging = value in ("pmi", "npmi")
    _heatmap(
        ax,
        matrix,
        cmap="PuOr_r" if diverging else "viridis",
        colorbar_label=_UNIT_LABELS[value],
        annotate=annotate,
        fmt=_value_format("articles") if value == "count" else (lambda v: f"{v:.1f}"),
        center=0.0 if diverging else (1.0 if value == "lift" else None),
    )
    _title(ax, pairs, f"Actor co-occurrence: {_UNIT_LABELS[value]}", title)
    return ax


def _component_layout(graph: Any, seed: int) -> dict[Any, tuple[np.ndarray, np.ndarray]]:
    """Lay out each connected component with a seeded spring layout; pack them on a grid.

    Returns each node's position and the centre of its component.
    """
    import networkx as nx

    components = sorted(
        (sorted(c, key=str) for c in nx.connected_components(graph)),
        key=lambda c: (-len(c), str(c[0])),
    )
    layout: dict[Any, tuple[np.ndarray, np.ndarray]] = {}
    columns = max(1, math.ceil(math.sqrt(len(components))))
    for i, nodes in enumerate(components):
        sub = graph.subgraph(nodes)
        if len(nodes) == 1:
            local = {nodes[0]: np.zeros(2)}
        else:
            local = nx.spring_layout(
                sub, seed=seed, k=1.5 / math.sqrt(len(nodes)), iterations=200, weight=None
            )
        points = np.array([local[n] for n in nodes], dtype=float)
        points -= points.mean(axis=0)
        scale = np.abs(points).max() or 1.0
        # big components get big cells: the first spans the grid's first row
        size = 1.0 if i == 0 else 0.45
        row, col = divmod(i, columns)
        origin = np.array([col * 2.4, -row * 2.4])
        for n, point in zip(nodes, points, strict=True):
            layout[n] = (origin + size * point / scale, origin)
    return layout


def plot_network(
    pairs: pd.DataFrame,
    *,
    weight: str = "count",
    min_weight: float = 1,
    seed: int = 0,
    labels: bool = True,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw actor co-occurrence as a network (networkx spring layout, seeded).

    Node area follows the actor's articles, edge width the pair's ``weight``.

    Parameters
    ----------
    pairs
        From :func:`workbench.aggregate.cooccurrence`.
    weight
        ``"count"``, ``"lift"``, ``"pmi"`` or ``"npmi"`` (edges with weight <= 0 are left out).
    min_weight
        Leave out edges below this weight.
    seed
        Seed of the layout (same seed, same picture).
    labels
        Write actor names beside the nodes.
    title
        Replaces the default title.
    ax
        Draw into these axes (new ones by default).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn into.
    """
    import networkx as nx
    from matplotlib.collections import LineCollection

    check_argument("weight", weight, ("count", "lift", "pmi", "npmi"))
    graph = nx.Graph()
    for row in pairs.itertuples(index=False):
        graph.add_node(row.actor_a, articles=row.articles_a)
        graph.add_node(row.actor_b, articles=row.articles_b)
        w = float(getattr(row, weight))
        if np.isfinite(w) and w >= min_weight and w > 0:
            graph.add_edge(row.actor_a, row.actor_b, weight=w)
    ax = _new_axes(ax, (8, 7))
    nodes = sorted(graph.nodes)
    if nodes:
        layout = _component_layout(graph, seed)
        xy = np.array([layout[node][0] for node in nodes])
        centres = np.array([layout[node][1] for node in nodes])
        edges = list(graph.edges(data="weight"))
        if edges:
            ws = np.array([w for _a, _b, w in edges])
            widths = 0.5 + 4.5 * ws / ws.max()
            segments = [[layout[a][0], layout[b][0]] for a, b, _w in edges]
            ax.add_collection(
                LineCollection(segments, linewidths=widths, colors="#999999", alpha=0.6, zorder=1)
            )
        sizes = np.array([graph.nodes[node].get("articles", 1) for node in nodes], dtype=float)
        area = 40 + 600 * sizes / max(sizes.max(), 1)
        ax.scatter(
            xy[:, 0],
            xy[:, 1],
            s=area,
            color=OKABE_ITO[0],
            edgecolors="white",
            linewidths=1,
            zorder=2,
        )
        if labels:
            # each label starts on the side of its node away from the middle of its component;
            # at draw time they are nudged apart (and off the nodes) on the canvas
            away = xy - centres
            length = np.hypot(away[:, 0], away[:, 1])
            directions = np.where(
                length[:, None] > 1e-9, away / np.maximum(length, 1e-9)[:, None], [0.0, 1.0]
            )
            texts = [
                ax.annotate(
                    str(node),
                    (x, y),
                    xytext=(0, 0),
                    textcoords="offset points",
                    ha="center",
                    va="center",
                    fontsize="x-small" if len(nodes) > 20 else "small",
                    zorder=3,
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7},
                )
                for (x, y), node in zip(xy, nodes, strict=True)
            ]
            ax.add_artist(
                _RepelLabels(texts, xy, np.sqrt(area) / 2, directions, sizes, zorder=1.5)
            )
        pad = 0.45
        ax.set_xlim(xy[:, 0].min() - pad, xy[:, 0].max() + pad)
        ax.set_ylim(xy[:, 1].min() - pad, xy[:, 1].max() + pad)
    ax.set_axis_off()
    _title(ax, pairs, f"Actor network: edges by {_UNIT_LABELS[weight]}, nodes by articles", title)
    return ax


def plot_actor_topic(
    frame: pd.DataFrame,
    *,
    value: str = "articles",
    annotate: bool | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw the actor x topic matrix as a heatmap (actors as rows, biggest first).

    Parameters
    ----------
    frame
        From :func:`workbench.aggregate.actor_topic`.
    value
        ``"articles"`` or ``"share"`` (of the actor's articles).
    annotate
        Write the value in each cell (default: when there are at most 225 cells).
    title
        Replaces the default title.
    ax
        Draw into these axes (new ones by default).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn into.
    """
    check_argument("value", value, ("articles", "share"))
    actor_order = list(dict.fromkeys(frame["actor"]))
    topic_totals = (
        frame.groupby("topic")["articles"].sum().sort_values(ascending=False, kind="stable")
    )
    matrix = frame.pivot_table(
        index="actor", columns="topic", values=value, aggfunc="sum", fill_value=0
    )
    matrix = matrix.reindex(index=actor_order, columns=list(topic_totals.index))
    ax = _new_axes(
        ax, (max(5.0, 0.35 * matrix.shape[1] + 3.5), max(3.5, 0.3 * matrix.shape[0] + 2))
    )
    _heatmap(
        ax,
        matrix,
        cmap="viridis",
        colorbar_label="share of the actor's articles" if value == "share" else "articles",
        annotate=annotate,
        fmt=_value_format(value),
    )
    label = "share of each actor's articles" if value == "share" else "articles"
    _title(ax, frame, f"Actors by topic: {label}", title)
    return ax


def plot_tone(
    frame: pd.DataFrame,
    *,
    band: bool | None = None,
    title: str | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw mean tone over time (one line per group) with a 95% band and a zero line.

    Parameters
    ----------
    frame
        From :func:`workbench.aggregate.tone`.
    band
        Shade mean ± 1.96 standard errors (default: only when there is one series, since
        overlapping bands hide the lines).
    title
        Replaces the default title.
    ax
        Draw into these axes (new ones by default).

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn into.
    """
    series = _series(frame, "tone")
    if band is None:
        band = len(series) == 1
    ax = _new_axes(ax, (9, 4.5))
    ax.axhline(0, color="#666666", linewidth=0.8, zorder=0)
    extent = 0.1
    for i, (name, part) in enumerate(series):
        x = _naive(part["period"])
        y = part["tone"].to_numpy(dtype=float)
        ax.plot(
            x,
            y,
            marker="o",
            markersize=3,
            linewidth=1.8,
            label=name if name is not None else "mean tone",
            **style(i),
        )
        if band and "sem" in part.columns:
            sem = part["sem"].to_numpy(dtype=float)
            ok = np.isfinite(sem)
            ax.fill_between(
                x,
                np.where(ok, y - 1.96 * sem, np.nan),
                np.where(ok, y + 1.96 * sem, np.nan),
                color=style(i)["color"],
                alpha=0.15,
                linewidth=0,
            )
        reach = np.abs(y)
        if band and "sem" in part.columns:  # keep the whole 95% band in view
            reach = reach + 1.96 * np.nan_to_num(part["sem"].to_numpy(dtype=float))
        finite = reach[np.isfinite(reach)]
        if len(finite):
            extent = max(extent, float(finite.max()))
    limit = min(1.0, extent * 1.3)
    ax.set_ylim(-limit, limit)
    _date_axis(ax)
    ax.set_ylabel("Mean tone (−1 negative … +1 positive)")
    ax.grid(axis="y", alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    freq = _FREQ_WORDS.get(frame.attrs.get("freq", ""), "")
    what = "sentence" if frame.attrs.get("method") == "sentences" else "article"
    main = f"Mean {what} tone {freq} (VADER compound)".replace("  ", " ")
    if frame.attrs.get("by"):
        main += f", by {frame.attrs['by']}"
    _title(ax, frame, main, title)
    if len(series) > 1:
        ax.legend(
            loc="upper left",
            bbox_to_anchor=(1.01, 1.0) if len(series) > 6 else None,
            fontsize="small",
            frameon=False,
        )
    return ax


def plot_small_multiples(
    volume: pd.DataFrame,
    *,
    value: str | None = None,
    ncols: int = 4,
    sharey: bool = True,
    title: str | None = None,
) -> Figure:
    """Draw one small timeline per group (actor, topic ...) on a grid with shared axes.

    Parameters
    ----------
    volume
        From :func:`workbench.aggregate.volume` with ``by=...``.
    value
        The column to draw (default: the frame's unit).
    ncols
        Panels per row.
    sharey
        Same y scale in every panel (compare levels) or not (compare shapes).
    title
        Replaces the default figure title.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; one titled axes per group, unused panels hidden.
    """
    if ncols < 1:
        raise ArgumentError(f"ncols must be at least 1; got {ncols}")
    value = _value_column(volume, value, ("share", "mentions", "articles", "tone"))
    series = _series(volume, value)
    count = max(len(series), 1)
    ncols = min(ncols, count)
    nrows = math.ceil(count / ncols)
    fig, axes = plt.subplots(
        nrows,
        ncols,
        figsize=(2.8 * ncols + 0.6, 2.0 * nrows + 1.0),
        sharex=True,
        sharey=sharey,
        squeeze=False,
        layout="constrained",
    )
    for i, ax in enumerate(axes.flat):
        if i >= len(series):
            ax.set_visible(False)
            continue
        name, part = series[i]
        x = _naive(part["period"])
        y = part[value].to_numpy(dtype=float)
        ax.fill_between(x, y, color=OKABE_ITO[0], alpha=0.25, linewidth=0)
        ax.plot(x, y, color=OKABE_ITO[0], linewidth=1.4)
        ax.set_title(name if name is not None else value, fontsize="small", loc="left")
        ax.spines[["top", "right"]].set_visible(False)
        ax.grid(axis="y", alpha=0.3)
        ax.tick_params(labelsize="x-small")
        _date_axis(ax)
        if value == "share":
            ax.yaxis.set_major_formatter(PercentFormatter(1.0))
        elif value in ("articles", "mentions"):
            ax.yaxis.set_major_locator(MaxNLocator(nbins=4, integer=True))
    unit = _unit_label(volume, value)
    freq = _FREQ_WORDS.get(volume.attrs.get("freq", ""), "")
    if title is None:
        title = f"{unit[:1].upper() + unit[1:]} {freq}".strip()
        if volume.attrs.get("filter"):
            title += f"\nFilter: {volume.attrs['filter']}"
    fig.suptitle(title, x=0.01, ha="left", fontsize="medium")
    return fig


def save_figure(
    figure: Axes | Figure,
    path: str | Path,
    *,
    formats: Sequence[str] = ("png", "svg"),
    dpi: int = 200,
) -> list[Path]:
    """Save a chart as PNG and SVG at report quality (200 dpi, tight bounding box).

    Parameters
    ----------
    figure
        An Axes (its figure is saved) or a Figure.
    path
        The file path; its suffix is replaced by each format's (``out/timeline`` ->
        ``out/timeline.png`` and ``out/timeline.svg``).
    formats
        File formats to write (``png``, ``svg``, ``pdf``).
    dpi
        Resolution of raster formats.

    Returns
    -------
    list of pathlib.Path
        The files written.
    """
    for fmt in formats:
        check_argument("formats", fmt, ("png", "svg", "pdf"))
    fig = figure.figure if isinstance(figure, Axes) else figure
    if not isinstance(fig, Figure):
        raise ArgumentError(f"figure must be a matplotlib Axes or Figure; got {type(figure)}")
    base = Path(path)
    base = base.with_suffix("") if base.suffix.lower() in {".png", ".svg", ".pdf"} else base
    base.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in formats:
        target = base.parent / f"{base.name}.{fmt}"
        fig.savefig(target, format=fmt, dpi=dpi, bbox_inches="tight")
        written.append(target)
    return written
