"""Shareable reports: a parameterised notebook, run by papermill, exported to one safe HTML file.

:func:`render_report` runs ``notebooks/report-template.ipynb`` (or another template) for a filter
(a whole :class:`~workbench.corpus.FilterSpec`: actors and how they combine, kinds, countries,
topics, dates, sources, text query) and writes a report that

* shows no code (inputs, prompts and the parameter cells are left out);
* is self-contained: every image is a ``data:`` URI, every style is inline, there is no script at
  all and a Content-Security-Policy forbids fetching anything, so it opens offline and by e-mail;
* treats article text as data: the display helpers here (:func:`show_table`,
  :func:`show_evidence`, :func:`show_text` ...) escape every string, and the exported HTML is
  sanitised once more (scripts, event handlers and ``javascript:`` URLs removed) as a second line.

:func:`render_reports` renders one report per actor or topic and keeps going past failures.
The template calls the corpus library for everything analytical; the helpers here only display.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.errors import ArgumentError, WorkbenchError, check_argument

if TYPE_CHECKING:  # pragma: no cover
    import nbformat
    import pandas as pd

    from workbench.corpus import FilterSpec

#: Output formats of :func:`render_report`.
FORMATS = ("html", "pdf")
#: What :func:`render_reports` makes one report per.
EACH = ("actor", "topic")
#: The template shipped with the project; its first code cell is tagged ``parameters``.
DEFAULT_TEMPLATE = Path(__file__).resolve().parents[1] / "notebooks" / "report-template.ipynb"
#: Resolution of the report's charts: report quality, as :func:`workbench.plot.save_figure`.
REPORT_DPI = 200
#: Charts are shown at the size a 100 dpi image would have (sharp when zoomed or printed).
SCREEN_DPI = 100
#: Cells with these tags are executed but never shown in the report.
HIDDEN_TAGS = frozenset({"parameters", "injected-parameters", "remove-cell", "remove_cell"})
#: Defence in depth: the report may show inline styles and data: images, and fetch nothing.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; font-src data:; "
    "base-uri 'none'; form-action 'none'"
)

# elements a static report never needs; removed with their content
_DROP_ELEMENTS = ("script", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet",
                  "base", "link", "form", "portal")
# attributes holding a URL the browser fetches on load (or on click, for href/action)
_URL_ATTRIBUTES = ("src", "srcset", "href", "xlink:href", "action", "formaction", "poster",
                   "background", "data", "ping", "lowsrc", "dynsrc", "longdesc", "manifest")
#: Styles added to every report: readable width, tables aligned left, highlighted evidence.
REPORT_CSS = """
body { max-width: 1100px; margin: 0 auto; }
table.workbench-table td, table.workbench-table th {
  text-align: left !important; vertical-align: top;
}
table.workbench-table td { max-width: 40em; }
ul.workbench-evidence li { margin-bottom: 0.6em; }
.workbench-evidence-label { color: #555; font-size: 0.9em; }
mark { background: #fff2a8; }
@media print { body { max-width: none; } .jp-Cell { break-inside: avoid; } }
"""
_CSS_IMPORT = re.compile(r"@import\b[^;]*;?", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)


class ReportError(WorkbenchError):
    """A report could not be rendered (the template failed, or the export did)."""


# --------------------------------------------------------------------------- filter and names


def _names(name: str, values: str | Iterable[str] | None) -> list[str]:
    """Return ``values`` as a list of non-empty strings (one string is one value)."""
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    out = []
    for value in values:
        if not isinstance(value, str) or not value.strip():
            raise ArgumentError(f"{name} must be non-empty strings; got {value!r}")
        out.append(" ".join(value.split()))  # one line: names go into titles and file names
    return out


def _iso_date(name: str, value: Any) -> str | None:
    """Return a date parameter as text the template's FilterSpec reads the same way; None stays.

    Strings are kept as written once checked, so that ``end="2026-01"`` still means the whole
    of January (see :func:`workbench.corpus.date_bounds`); dates and timestamps become ISO text.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    from workbench.corpus import date_bounds

    date_bounds(value, name)  # raises ArgumentError naming ``name`` for a non-date
    if isinstance(value, str):
        return value.strip()
    import pandas as pd

    stamp = pd.Timestamp(value)
    return stamp.strftime("%Y-%m-%d") if stamp == stamp.normalize() else stamp.isoformat()


def _check_order(start: str | None, end: str | None) -> None:
    from workbench.corpus import date_bounds

    if start and end and date_bounds(start, "start")[0] > date_bounds(end, "end")[1]:
        raise ArgumentError(f"start {start} is after end {end}")


def report_spec(
    filter: FilterSpec | Mapping[str, Any] | None = None,  # noqa: A002 - the FilterSpec word
    *,
    actors: str | Sequence[str] | None = None,
    topics: str | Sequence[str] | None = None,
    start: Any = None,
    end: Any = None,
) -> FilterSpec:
    """Return the filter of a report: ``filter`` with the keyword shortcuts laid over it.

    Parameters
    ----------
    filter
        A :class:`~workbench.corpus.FilterSpec`, or a mapping of its keywords (as
        :meth:`FilterSpec.to_dict` gives: the form a filter travels in to the template).
    actors, topics
        When given and not empty, they replace the same field of ``filter``.
    start, end
        When not None, they replace the same bound of ``filter``. Strings are read as
        :class:`FilterSpec` reads them (``end="2026-01"`` is the whole of January).

    Returns
    -------
    FilterSpec
        The combined filter.

    Raises
    ------
    ArgumentError
        For a bad name, date, order of dates or filter keyword.
    """
    from workbench.corpus import FilterSpec

    actor_list, topic_list = _names("actors", actors), _names("topics", topics)
    start_s, end_s = _iso_date("start", start), _iso_date("end", end)
    _check_order(start_s, end_s)
    shortcuts: dict[str, Any] = {"actors": actor_list, "topics": topic_list,
                                 "start": start_s, "end": end_s}
    return FilterSpec.coerce(filter, **{k: v for k, v in shortcuts.items() if v})


def report_title(spec: FilterSpec | Mapping[str, Any] | None = None) -> str:
    """Return a report's title: its filter in words (:meth:`FilterSpec.describe`).

    Parameters
    ----------
    spec
        The report's filter (a FilterSpec or a mapping of its keywords).

    Returns
    -------
    str
        For example ``"News report: actors: Donald Trump and Israel; source: GNW;
        text: ceasefire"``, or ``"News report: all articles"``.
    """
    from workbench.corpus import FilterSpec

    described = FilterSpec.coerce(spec).describe()
    return "News report: " + " ".join(described.split())  # one line: it is also a <title>


def slugify(text: str, *, max_length: int = 80) -> str:
    """Return a file-name-safe slug of ``text`` ("Recep Tayyip Erdoğan" -> "recep-tayyip-erdogan").

    Parameters
    ----------
    text
        Any text.
    max_length
        Longest slug returned.

    Returns
    -------
    str
        Lower-case ASCII letters, digits and single hyphens; ``"report"`` if nothing is left.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "report"


# --------------------------------------------------------------------------- display helpers


def _display_html(markup: str) -> None:
    from IPython.display import HTML, display

    display(HTML(markup))


def show_title(spec: FilterSpec | Mapping[str, Any] | None = None, **shortcuts: Any) -> None:
    """Display the report's title (:func:`report_title`, escaped) as a heading.

    Parameters
    ----------
    spec
        The report's filter.
    **shortcuts
        ``actors``, ``topics``, ``start``, ``end`` laid over ``spec`` (see :func:`report_spec`).
    """
    title = report_title(report_spec(spec, **shortcuts))
    _display_html(f"<h1>{html.escape(title)}</h1>")


def show_heading(text: str, *, level: int = 2) -> None:
    """Display ``text`` (escaped) as a heading of ``level`` 1 to 6."""
    check_argument("level", level, range(1, 7))
    _display_html(f"<h{level}>{html.escape(str(text))}</h{level}>")


def show_text(text: str) -> None:
    """Display ``text`` as an escaped paragraph (article text is data, never markup)."""
    _display_html(f"<p>{html.escape(str(text))}</p>")


def table_html(frame: pd.DataFrame, *, caption: str | None = None, max_rows: int = 20) -> str:
    """Return ``frame`` as an HTML table in which every cell, header and caption is escaped.

    Parameters
    ----------
    frame
        The table to show (its index is shown only when it is named).
    caption
        Text above the table.
    max_rows
        At most this many rows are shown; a note says how many were left out.

    Returns
    -------
    str
        HTML markup built by ``DataFrame.to_html(escape=True)``.
    """
    import pandas as pd

    shown = frame.head(max_rows).copy()
    for column in shown.columns:
        if isinstance(shown[column].dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(
            shown[column].dtype
        ):
            shown[column] = shown[column].dt.strftime("%Y-%m-%d")
    show_index = any(name is not None for name in frame.index.names)
    markup = shown.to_html(
        escape=True, index=show_index, border=0, classes="workbench-table", na_rep="",
        float_format=lambda x: f"{x:,.3g}",
    )
    if caption:
        markup = f"<p class='workbench-caption'><b>{html.escape(str(caption))}</b></p>" + markup
    if len(frame) > max_rows:
        markup += f"<p><i>{len(frame) - max_rows:,} more rows not shown.</i></p>"
    return markup


def show_table(frame: pd.DataFrame, *, caption: str | None = None, max_rows: int = 20) -> None:
    """Display ``frame`` as an escaped HTML table (see :func:`table_html`)."""
    _display_html(table_html(frame, caption=caption, max_rows=max_rows))


def evidence_html(
    frame: pd.DataFrame,
    *,
    text: str = "sentence",
    start: str | None = "sentence_start",
    end: str | None = "sentence_end",
    marks: str | None = None,
    label: Sequence[str] = (),
    max_rows: int = 20,
) -> str:
    """Return evidence sentences as an escaped list, the mention in each highlighted.

    Parameters
    ----------
    frame
        One row per piece of evidence.
    text
        Column holding the sentence.
    start, end
        Columns holding the mention's offsets inside the sentence (highlighted with ``<mark>``);
        not used when None or absent.
    marks
        Column holding the text to highlight where it stands in the sentence as a whole word
        (a string or a list of them, e.g. the mention surfaces in
        :func:`workbench.aggregate.evidence`'s ``matched``, whose ``start`` and ``end`` are
        the sentence's offsets in the article, not the mention's); used for the rows that
        ``start`` and ``end`` do not highlight. Not used when None or absent.
    label
        Columns shown before the sentence (for example date, title, actor).
    max_rows
        At most this many sentences.

    Returns
    -------
    str
        HTML markup; every piece of text in it is escaped.
    """
    if text not in frame.columns:
        raise ArgumentError(f"text must be one of the columns {list(frame.columns)}; got {text!r}")
    import pandas as pd

    highlight = start in frame.columns and end in frame.columns
    marked = marks is not None and marks in frame.columns
    items = []
    for row in frame.head(max_rows).to_dict("records"):
        sentence = "" if pd.isna(row[text]) else str(row[text])
        spans: list[tuple[int, int]] = []
        if highlight:
            s, e = row[start], row[end]
            if not (pd.isna(s) or pd.isna(e)) and 0 <= int(s) < int(e) <= len(sentence):
                spans = [(int(s), int(e))]
        if not spans and marked:
            spans = _find_marks(sentence, row[marks])
        body = _marked_html(sentence, spans)
        labels = " · ".join(html.escape(_label(row.get(c))) for c in label if c in row)
        prefix = f"<span class='workbench-evidence-label'>{labels}</span><br>" if labels else ""
        items.append(f"<li>{prefix}{body}</li>")
    if not items:
        return "<p><i>No evidence sentences for this filter.</i></p>"
    more = len(frame) - max_rows
    tail = f"<p><i>{more:,} more sentences not shown.</i></p>" if more > 0 else ""
    return "<ul class='workbench-evidence'>" + "".join(items) + "</ul>" + tail


def _find_marks(sentence: str, needles: Any) -> list[tuple[int, int]]:
    """Return the merged spans where any of ``needles`` stands in ``sentence`` as whole words."""
    import numpy as np

    if isinstance(needles, str):
        needles = [needles]
    elif not isinstance(needles, list | tuple | np.ndarray):
        return []
    found: list[tuple[int, int]] = []
    for needle in {str(n) for n in needles if isinstance(n, str) and n.strip()}:
        pattern = re.compile(rf"(?<!\w){re.escape(needle)}(?!\w)")
        found.extend(m.span() for m in pattern.finditer(sentence))
    merged: list[tuple[int, int]] = []
    for s, e in sorted(found):
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    return merged


def _marked_html(sentence: str, spans: Sequence[tuple[int, int]]) -> str:
    """Return ``sentence`` escaped, the pieces at ``spans`` (sorted, disjoint) in ``<mark>``."""
    out, at = [], 0
    for s, e in spans:
        out += [html.escape(sentence[at:s]), "<mark>", html.escape(sentence[s:e]), "</mark>"]
        at = e
    out.append(html.escape(sentence[at:]))
    return "".join(out)


def _label(value: Any) -> str:
    import pandas as pd

    if value is None or (not isinstance(value, list | tuple) and pd.isna(value)):
        return ""
    if hasattr(value, "strftime"):
        try:
            return value.strftime("%Y-%m-%d")
        except ValueError:
            return ""
    return str(value)


def show_evidence(frame: pd.DataFrame, **options: Any) -> None:
    """Display evidence sentences (see :func:`evidence_html` for the options)."""
    _display_html(evidence_html(frame, **options))


def figure_png(figure: Any, *, dpi: int = REPORT_DPI, palette: bool = True) -> bytes:
    """Return a matplotlib Figure (or the figure of an Axes) as PNG bytes, and close it.

    Parameters
    ----------
    figure
        A ``matplotlib.figure.Figure`` or ``matplotlib.axes.Axes``.
    dpi
        Resolution.
    palette
        Store the image with a palette of 256 colours (Pillow's median cut), which a chart's
        few colours and their anti-aliased edges fit: about 2.5 times smaller than full colour,
        so a report's charts at 200 dpi weigh less than at 100 dpi in full colour.

    Returns
    -------
    bytes
        The PNG image.
    """
    import matplotlib.pyplot as plt

    fig = getattr(figure, "figure", figure) if not hasattr(figure, "savefig") else figure
    if not hasattr(fig, "savefig"):
        raise ArgumentError(f"figure must be a matplotlib Figure or Axes; got {type(figure)!r}")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, bbox_inches="tight")
    plt.close(fig)
    if not palette:
        return buffer.getvalue()
    from PIL import Image

    with Image.open(io.BytesIO(buffer.getvalue())) as image:
        quantized = image.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT)
    out = io.BytesIO()
    quantized.save(out, format="PNG", optimize=True, dpi=(dpi, dpi))
    return out.getvalue()


def show_figure(figure: Any, *, alt: str | None = None, dpi: int = REPORT_DPI) -> None:
    """Display a Figure or Axes as an embedded PNG whatever the matplotlib backend; close it.

    The image is drawn at ``dpi`` (report quality by default) and shown at the size it would
    have at 100 dpi, so it stays sharp when the report is zoomed or printed.

    Parameters
    ----------
    figure
        A ``matplotlib.figure.Figure`` or ``matplotlib.axes.Axes``.
    alt
        Alternative text for the image; the figure's axes titles when None.
    dpi
        Resolution.
    """
    import base64

    from IPython.display import display

    fig = figure if hasattr(figure, "savefig") else getattr(figure, "figure", None)
    if alt is None and fig is not None:
        titles = [ax.get_title(loc) for ax in fig.get_axes() for loc in ("left", "center", "right")]
        alt = "; ".join(t for t in titles if t) or "Chart"
    data = figure_png(figure, dpi=dpi)
    png = base64.b64encode(data).decode("ascii")
    width = int.from_bytes(data[16:20], "big")  # the PNG header's width, in pixels
    shown = max(1, round(width * SCREEN_DPI / dpi)) if width else None
    size = f' width="{shown}"' if shown else ""
    markup = (f'<img src="data:image/png;base64,{png}"{size} '
              f'alt="{html.escape(alt or "Chart")}">')
    display({"text/html": markup, "image/png": png}, raw=True)


def pick_freq(corpus: Any) -> str:
    """Return the period for time charts of ``corpus``: day up to 2 months, week up to 2 years."""
    span = corpus.date_range()
    if span is None:
        return "week"
    days = (span[1] - span[0]).days
    return "day" if days <= 62 else "week" if days <= 730 else "month"


def show_summary(corpus: Any) -> None:
    """Display what the (filtered) corpus holds: articles, dates, mentions, actors, sources."""
    import pandas as pd

    articles = corpus.articles
    span = corpus.date_range()
    rows = [("Articles", f"{len(corpus):,}")]
    if span is not None:
        rows.append(("Dates", f"{span[0]:%Y-%m-%d} to {span[1]:%Y-%m-%d}"))
    rows.append(("Actor mentions", f"{corpus.n_mentions():,}"))
    rows.append(("Distinct actors", f"{corpus.mentions['actor_id'].nunique():,}"))
    rows.append(("Sources", f"{articles['source'].dropna().nunique():,}"))
    if "tone" in articles.columns and len(articles):
        rows.append(("Mean tone (-1 to 1)", f"{articles['tone'].mean():+.2f}"))
    frame = pd.DataFrame(rows, columns=["", "value"])
    _display_html(frame.to_html(escape=True, index=False, header=False, border=0,
                                classes="workbench-table workbench-summary"))


# --------------------------------------------------------------------------- HTML export


def _keep_url(element: str, attribute: str, value: str) -> bool:
    """Whether a URL attribute may stay: data: images, in-page anchors, ordinary links."""
    compact = re.sub(r"[\s\x00-\x1f]+", "", html.unescape(value)).lower()
    if attribute == "href" and element == "a":
        return compact.startswith(("#", "http://", "https://", "mailto:"))
    if attribute in ("href", "xlink:href"):
        return compact.startswith("#")
    if attribute == "src" and element == "img":
        return compact.startswith("data:image/") and not compact.startswith("data:image/svg")
    return False


def _clean_css(css: str) -> str:
    """Drop ``@import`` rules and ``url(...)`` references that are not ``data:`` URIs."""
    css = _CSS_IMPORT.sub("", css)

    def keep(match: re.Match[str]) -> str:
        return match.group(0) if match.group(2).strip().lower().startswith("data:") else "none"

    return _CSS_URL.sub(keep, css)


def sanitize_html(markup: str, *, title: str | None = None) -> str:
    """Make an exported report self-contained and inert.

    Every ``<script>`` (the lab template's require.js, MathJax, mermaid and widget loaders, and
    anything an output might carry), ``<link>``, frame, object and form is removed; so are event
    handler attributes (``on...``), ``javascript:`` and other non-data URLs (links to web pages
    stay clickable but are never fetched on opening), and CSS ``@import``/``url()`` that is not a
    ``data:`` URI. A Content-Security-Policy meta tag allowing only inline styles and ``data:``
    images is put first in ``<head>``, and the ``<title>`` is set.

    Parameters
    ----------
    markup
        A whole HTML document (as nbconvert writes it).
    title
        The document title; left as it is when None.

    Returns
    -------
    str
        The cleaned document.
    """
    from bs4 import BeautifulSoup, Comment

    soup = BeautifulSoup(markup, "html.parser")
    for element in soup.find_all(_DROP_ELEMENTS):
        element.decompose()
    for meta in soup.find_all("meta"):
        if str(meta.get("http-equiv", "")).lower() in ("refresh", "content-security-policy",
                                                        "set-cookie"):
            meta.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    for element in soup.find_all(True):
        for attribute in list(element.attrs):
            name = attribute.lower()
            value = element.attrs[attribute]
            value = " ".join(value) if isinstance(value, list) else str(value)
            if name.startswith("on"):
                del element.attrs[attribute]
            elif name in _URL_ATTRIBUTES and not _keep_url(element.name, name, value):
                del element.attrs[attribute]
            elif name == "style":
                element.attrs[attribute] = _clean_css(value)
        if element.name == "a" and element.get("href", "").lower().startswith("http"):
            element["rel"] = "noopener noreferrer"
    for style in soup.find_all("style"):
        style.string = _clean_css(style.get_text())
    if soup.html is None:
        raise ReportError("the exported report has no <html> element")
    head = soup.head
    if head is None:
        head = soup.new_tag("head")
        soup.html.insert(0, head)
    if title is not None:
        if head.title is None:
            head.append(soup.new_tag("title"))
        head.title.string = title
    style = soup.new_tag("style")
    style.string = REPORT_CSS
    head.append(style)
    csp = soup.new_tag("meta")
    csp["http-equiv"] = "Content-Security-Policy"
    csp["content"] = CONTENT_SECURITY_POLICY
    head.insert(0, csp)
    for meta in head.find_all("meta", charset=True):
        meta.extract()
    charset = soup.new_tag("meta")
    charset["charset"] = "utf-8"
    head.insert(0, charset)
    text = str(soup)
    return text if text.lstrip().lower().startswith("<!doctype") else "<!DOCTYPE html>\n" + text


def notebook_to_html(notebook: nbformat.NotebookNode, *, title: str) -> str:
    """Export an executed notebook to one self-contained, script-free HTML document.

    Code inputs and prompts are hidden; cells tagged ``parameters``, ``injected-parameters`` or
    ``remove-cell`` are left out entirely, as are ``stderr`` streams (warnings are not findings).

    Parameters
    ----------
    notebook
        The executed notebook.
    title
        The report's title (notebook metadata ``title`` and the HTML ``<title>``).

    Returns
    -------
    str
        The HTML document, sanitised by :func:`sanitize_html`.
    """
    import copy

    from nbconvert import HTMLExporter
    from traitlets.config import Config

    nb = copy.deepcopy(notebook)
    cells = []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & HIDDEN_TAGS:
            continue
        if cell.cell_type == "code":
            cell.outputs = [
                o for o in cell.outputs
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]
        cells.append(cell)
    nb.cells = cells
    nb.metadata["title"] = title
    nb.metadata.pop("widgets", None)  # widget state would pull the widget manager from a CDN

    config = Config()
    config.TemplateExporter.exclude_input = True
    config.TemplateExporter.exclude_input_prompt = True
    config.TemplateExporter.exclude_output_prompt = True
    config.HTMLExporter.embed_images = True
    exporter = HTMLExporter(config=config, template_name="lab")
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
    return sanitize_html(body, title=title)


# --------------------------------------------------------------------------- rendering


def _source_parameter(source: Any) -> str:
    """Return ``source`` as the template gets it: an absolute path when it is a local path."""
    if isinstance(source, os.PathLike) or (isinstance(source, str) and "://" not in source):
        path = Path(source).expanduser()
        if not path.exists():
            raise ArgumentError(f"source {str(source)!r} does not exist")
        return str(path.resolve())
    if isinstance(source, str):
        return source
    raise ArgumentError(f"source must be a path or URL string; got {type(source).__name__}")


def _execute(template: Path, executed: Path, parameters: dict[str, Any]) -> nbformat.NotebookNode:
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        return papermill.execute_notebook(
            str(template),
            str(executed),
            parameters=parameters,
            kernel_name="python3",
            language="python",
            cwd=str(template.parent),
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
        )
    except PapermillExecutionError as exc:
        detail = f"{exc.ename}: {exc.evalue}".strip()
        raise ReportError(
            f"report template {template} failed in cell {exc.exec_count}: {detail}"
        ) from exc
    except (ValueError, OSError, RuntimeError) as exc:  # unreadable notebook, kernel died ...
        raise ReportError(f"report template {template} could not be run: {exc}") from exc


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; a report is meant to be shared
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def print_pdf(html_file: Path, pdf_file: Path) -> Path:
    """Print a self-contained HTML file to PDF with headless Chromium, the network blocked.

    Parameters
    ----------
    html_file
        The report to print.
    pdf_file
        Where to write the PDF.

    Returns
    -------
    pathlib.Path
        ``pdf_file``.

    Raises
    ------
    ReportError
        When Playwright or Chromium is missing, or printing fails.
    """
    from workbench._chromium import CHROMIUM_ARGS, chromium_path

    executable = chromium_path()
    if executable is None:
        raise ReportError(
            "PDF output needs Chromium (/usr/bin/chromium): run `make chromium` or use html"
        )
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise ReportError("PDF output needs the playwright package (the test extra)") from exc
    url = Path(html_file).resolve().as_uri()
    try:
        with tempfile.TemporaryDirectory(prefix="workbench-chromium-") as profile:
            with sync_playwright() as pw:
                context = pw.chromium.launch_persistent_context(
                    profile, executable_path=str(executable), headless=True,
                    args=list(CHROMIUM_ARGS),
                )
                try:
                    page = context.new_page()
                    page.route(
                        "**/*",
                        lambda route: route.continue_() if route.request.url == url
                        else route.abort(),
                    )
                    page.goto(url, wait_until="load")
                    pdf = page.pdf(format="A4", print_background=True,
                                   margin={"top": "12mm", "bottom": "12mm",
                                           "left": "10mm", "right": "10mm"})
                finally:
                    context.close()
    except PlaywrightError as exc:
        raise ReportError(f"Chromium could not print {html_file} to PDF: {exc}") from exc
    _write_atomic(Path(pdf_file), pdf)
    return Path(pdf_file)


def render_report(
    source: str | os.PathLike[str],
    *,
    filter: FilterSpec | Mapping[str, Any] | None = None,  # noqa: A002 - the FilterSpec word
    actors: str | Sequence[str] | None = None,
    topics: str | Sequence[str] | None = None,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    template: str | os.PathLike[str] | None = None,
    out: str | os.PathLike[str] | None = None,
    format: str = "html",  # noqa: A002 - the CLI's word
) -> Path:
    """Render a shareable report of ``source`` for a filter.

    The template notebook is executed by papermill (kernel ``python3``, working directory the
    template's folder) with the parameters ``source`` and ``filter`` (the whole filter, as
    :meth:`FilterSpec.to_dict` gives it; the template turns it back into a spec with
    :func:`report_spec`), and, for templates that know only those, ``actors``, ``topics``,
    ``start`` and ``end`` of the same filter. The notebook is then exported by nbconvert with
    code hidden, titled with the filter in words (:func:`report_title`), and made
    self-contained and script-free (see :func:`sanitize_html`).

    Parameters
    ----------
    source
        The corpus: a path the template's ``workbench.load`` understands (local paths are made
        absolute before they are passed on).
    filter
        The articles to report on: a :class:`~workbench.corpus.FilterSpec` (for example an
        Explorer's ``spec``) or a mapping of its keywords (actors, actor_mode, kinds,
        countries, topics, start, end, sources, text ...); None for all articles.
    actors, topics
        Shortcuts: restrict to these actors (canonical names) or topic ids, replacing the same
        field of ``filter``; None or empty leaves ``filter`` as it is.
    start, end
        Shortcuts: inclusive date bounds (``"2026-01-31"``, ``"2026-01"``, a date or a
        Timestamp) replacing those of ``filter``, or None.
    template
        Another report notebook with the same parameters; ``notebooks/report-template.ipynb``
        when None.
    out
        Where to write the report; ``report-<filter>.<format>`` in the working directory when None.
    format
        ``"html"``, or ``"pdf"`` (printed by headless Chromium; needs ``make chromium``).

    Returns
    -------
    pathlib.Path
        The report written.

    Raises
    ------
    ArgumentError
        For a bad format, filter, date, name, missing source or template.
    ReportError
        When the template fails (the message names the cell and the error) or printing fails.
    """
    check_argument("format", format, FORMATS)
    spec = report_spec(filter, actors=actors, topics=topics, start=start, end=end)
    template_path = Path(template) if template is not None else DEFAULT_TEMPLATE
    if not template_path.is_file():
        raise ArgumentError(f"template {str(template_path)!r} is not a notebook file")
    template_path = template_path.resolve()
    title = report_title(spec)
    if out is None:
        out_path = Path.cwd() / f"report-{slugify(title.removeprefix('News report: '))}.{format}"
    else:
        out_path = Path(out)
    if out_path.is_dir():
        raise ArgumentError(f"out {str(out_path)!r} is a folder; give a file name")
    travelling = spec.to_dict()
    parameters = {
        "source": _source_parameter(source),
        "filter": travelling,
        "actors": list(spec.actors),
        "topics": list(spec.topics),
        "start": travelling.get("start"),
        "end": travelling.get("end"),
    }
    with tempfile.TemporaryDirectory(prefix="workbench-report-") as tmp:
        executed = _execute(template_path, Path(tmp) / "executed.ipynb", parameters)
        try:
            document = notebook_to_html(executed, title=title)
        except ReportError:
            raise
        except Exception as exc:  # nbconvert's own errors: name the template
            raise ReportError(f"report template {template_path} could not be exported: {exc}") \
                from exc
        if format == "html":
            _write_atomic(out_path, document.encode("utf-8"))
        else:
            html_file = Path(tmp) / "report.html"
            html_file.write_text(document, encoding="utf-8")
            print_pdf(html_file, out_path)
    return out_path


# --------------------------------------------------------------------------- batches


@dataclass
class BatchResult:
    """What :func:`render_reports` did: the reports written and the values that failed."""

    each: str
    reports: dict[str, Path] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when every report was written."""
        return not self.failures

    def summary(self) -> str:
        """Return a short account: counts, then one line per failure."""
        lines = [f"{len(self.reports)} report(s) written, {len(self.failures)} failed"]
        lines += [f"  {self.each} {value!r}: {reason}" for value, reason in self.failures.items()]
        return "\n".join(lines)


def top_values(source: Any, each: str, *, n: int = 10) -> list[str]:
    """Return the ``n`` most frequent actors or topics of ``source`` (by number of articles).

    Parameters
    ----------
    source
        The corpus, as :func:`workbench.load` takes it.
    each
        ``"actor"`` or ``"topic"``.
    n
        How many.

    Returns
    -------
    list of str
        Actor canonical names or topic ids, most frequent first.
    """
    check_argument("each", each, EACH)
    if n < 1:
        raise ArgumentError(f"n must be at least 1; got {n}")
    from workbench.corpus import load

    corpus = load(_source_parameter(source), progress=False)
    if each == "actor":
        table, column = corpus.mentions, "actor"
    else:
        table, column = corpus.topics, "topic"
    counts = table.drop_duplicates(["article_id", column])[column].astype(str).value_counts()
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [name for name, _ in ranked[:n]]


def render_reports(
    source: str | os.PathLike[str],
    *,
    each: str,
    values: Sequence[str] | None = None,
    top: int = 10,
    filter: FilterSpec | Mapping[str, Any] | None = None,  # noqa: A002 - the FilterSpec word
    actors: Sequence[str] | None = None,
    topics: Sequence[str] | None = None,
    start: str | dt.date | None = None,
    end: str | dt.date | None = None,
    template: str | os.PathLike[str] | None = None,
    out_dir: str | os.PathLike[str] = "reports",
    format: str = "html",  # noqa: A002 - the CLI's word
    progress: bool = True,
) -> BatchResult:
    """Render one report per actor or topic; a failing report does not stop the others.

    Every report keeps the shared filter (``filter`` with the shortcuts laid over it, see
    :func:`report_spec`) and adds its value to it with AND:

    * ``each="actor"``: the report's actors are the shared actors plus the value, all of them
      required (``actor_mode="all"``), so ``actors=["Israel"]`` with the value "Hamas" reports
      on the articles naming Israel *and* Hamas. (Shared actors given with ``actor_mode="any"``
      are required too: one filter cannot say "(A or B) and value".)
    * ``each="topic"``: the report's topic is the value; a shared filter with topics is refused,
      since topics of one filter combine with OR.

    Parameters
    ----------
    source
        The corpus (see :func:`render_report`).
    each
        ``"actor"`` or ``"topic"``: what each report is about.
    values
        The actors or topics, one report each; the ``top`` most frequent when None.
    top
        How many when ``values`` is None.
    filter
        The filter shared by every report (a FilterSpec or a mapping of its keywords).
    actors, topics, start, end
        Shortcuts laid over ``filter`` (see :func:`render_report`).
    template
        The report notebook (see :func:`render_report`).
    out_dir
        Folder for the reports, named ``report-<each>-<slug>.<format>``.
    format
        ``"html"`` or ``"pdf"``.
    progress
        Show a tqdm progress bar.

    Returns
    -------
    BatchResult
        The reports written (value -> path) and the failures (value -> reason).
    """
    from tqdm.auto import tqdm

    check_argument("each", each, EACH)
    check_argument("format", format, FORMATS)
    shared = report_spec(filter, actors=actors, topics=topics, start=start, end=end)
    if each == "topic" and shared.topics:
        raise ArgumentError(
            f"each='topic' cannot keep the shared topics {', '.join(shared.topics)}: the topics "
            "of one filter combine with OR; drop them or use each='actor'"
        )
    chosen = _names("values", values) if values is not None else top_values(source, each, n=top)
    if not chosen:
        raise ArgumentError(f"no {each} to report on: give values or a corpus with {each}s")
    folder = Path(out_dir)
    result = BatchResult(each=each)
    used: set[str] = set()
    bar = tqdm(chosen, desc=f"reports by {each}", unit="report", disable=not progress)
    for value in bar:
        slug = slugify(value)
        name, i = slug, 2
        while name in used:
            name, i = f"{slug}-{i}", i + 1
        used.add(name)
        bar.set_postfix_str(value[:30])
        try:
            if each == "actor":
                spec = shared.replace(actors=[*shared.actors, value], actor_mode="all")
            else:
                spec = shared.replace(topics=[value])
            result.reports[value] = render_report(
                source, filter=spec, template=template, format=format,
                out=folder / f"report-{each}-{name}.{format}",
            )
        except Exception as exc:  # noqa: BLE001 - one bad report must not stop the batch
            result.failures[value] = f"{type(exc).__name__}: {exc}"
    bar.close()
    return result

