"""Shareable reports: parameters, code hidden, offline, hostile text inert, batches."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from browser import chromium, open_offline, screenshot
from bs4 import BeautifulSoup

from workbench import report as wr
from workbench.errors import ArgumentError

# Hostile article text: every line must show up as text and run nothing.
HOSTILE = [
    {
        "title": "<script>window.__pwned = 'script'; alert('script')</script>Breaking",
        "body": '<img src=x onerror="window.__pwned = \'img\'; alert(1)"> Talks in Geneva.',
    },
    {
        "title": "Click <a href=\"javascript:window.__pwned='link'\">here</a> now",
        "body": "Template {{ 7*7 }} and ${7*7} and {% raw %} and <b onmouseover=alert(2)>bold</b>.",
    },
    {
        "title": "<svg onload=\"window.__pwned='svg'\"></svg><iframe src='https://example.org'>",
        "body": "<style>@import url(https://example.org/x.css)</style><link rel=stylesheet "
        "href=https://example.org/y.css> end.",
    },
]
SENTINEL = "window.__pwned"


def _test_template(path: Path) -> Path:
    """A report notebook written here: reads a JSON list of articles, shows it with the helpers."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells = [
        nbformat.v4.new_code_cell(
            'source = "articles.json"\nactors = []\ntopics = []\nstart = None\nend = None',
            metadata={"tags": ["parameters"]},
        ),
        nbformat.v4.new_markdown_cell("## Articles in this report"),
        nbformat.v4.new_code_cell(
            "import json\nimport matplotlib.pyplot as plt\nimport pandas as pd\n"
            "from workbench import report as wr\n"
            "SECRET_CODE_MARKER = 1\n"
            "if 'Nobody' in actors:\n    raise LookupError('no articles mention Nobody')\n"
            "frame = pd.DataFrame(json.load(open(source, encoding='utf-8')))\n"
            "wr.show_title(actors=actors, topics=topics, start=start, end=end)"
        ),
        nbformat.v4.new_code_cell(
            "wr.show_table(frame[['title', 'body']], caption='Top articles')\n"
            "wr.show_evidence(frame.assign(sentence=frame.body, sentence_start=0,"
            " sentence_end=4), label=['title'])\n"
            "for t in frame.title:\n    wr.show_text(t)\n"
            "fig, ax = plt.subplots(figsize=(4, 2))\n"
            "ax.bar(range(len(frame)), frame.body.str.len())\n"
            "wr.show_figure(ax)\n"
            "import warnings\nwarnings.warn('kernel noise')\n"
            "frame[['title']]"  # the notebook's own rich repr of a frame: pandas escapes it too
        ),
    ]
    nbformat.write(nb, path)
    return path


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    source = folder / "articles.json"
    source.write_text(json.dumps(HOSTILE), encoding="utf-8")
    template = _test_template(folder / "template.ipynb")
    return wr.render_report(
        source,
        actors=['Donald "Trump"', "<script>alert('actor')</script>"],
        topics=["gaza-ceasefire"],
        start="2026-01-01",
        end="2026-01-31",
        template=template,
        out=folder / "out" / "report.html",
    )


# --------------------------------------------------------------------------- without a kernel


def test_describe_filter_states_every_part():
    assert wr.describe_filter() == "News report: all articles"
    title = wr.describe_filter(
        actors=["Donald Trump"], topics=["gaza-ceasefire", "iran-nuclear"], start="2026-01-01",
        end=pd.Timestamp("2026-01-31"),
    )
    assert title == ("News report: actor Donald Trump; topics gaza-ceasefire, iran-nuclear; "
                     "2026-01-01 to 2026-01-31")
    assert wr.describe_filter(end="2026-02-01").endswith("until 2026-02-01")
    assert wr.describe_filter(actors="  Xi\nJinping ") == "News report: actor Xi Jinping"


def test_arguments_are_checked_with_the_allowed_values(tmp_path):
    with pytest.raises(ArgumentError, match="format must be one of 'html', 'pdf'; got 'docx'"):
        wr.render_report(tmp_path, format="docx")
    with pytest.raises(ArgumentError, match="start must be a date"):
        wr.render_report(tmp_path, start="next tuesday")
    with pytest.raises(ArgumentError, match="start 2026-02-01 is after end 2026-01-01"):
        wr.render_report(tmp_path, start="2026-02-01", end="2026-01-01")
    with pytest.raises(ArgumentError, match="not a notebook file"):
        wr.render_report(tmp_path, template=tmp_path / "missing.ipynb")
    with pytest.raises(ArgumentError, match="does not exist"):
        wr.render_report(tmp_path / "no-such-corpus", template=_test_template(tmp_path / "t.ipynb"))
    with pytest.raises(ArgumentError, match="each must be one of 'actor', 'topic'"):
        wr.render_reports(tmp_path, each="source", values=["x"])
    with pytest.raises(ArgumentError, match="actors must be non-empty strings"):
        wr.render_report(tmp_path, actors=[""])


def test_slugify_makes_safe_file_names():
    assert wr.slugify("Recep Tayyip Erdoğan") == "recep-tayyip-erdogan"
    assert wr.slugify("../../etc/passwd") == "etc-passwd"
    assert wr.slugify("<script>") == "script"
    assert wr.slugify("حماس") == "report"


def test_table_and_evidence_markup_escape_text():
    frame = pd.DataFrame({"title": ["<script>x()</script>"], "n": [3]})
    markup = wr.table_html(frame, caption="<b>cap</b>")
    assert "<script>" not in markup and "&lt;script&gt;x()&lt;/script&gt;" in markup
    assert "&lt;b&gt;cap&lt;/b&gt;" in markup
    evidence = pd.DataFrame({
        "sentence": ["<i>Putin</i> met Xi", "no highlight"],
        "sentence_start": [3, None], "sentence_end": [8, None], "date": ["2026-01-02", None],
    })
    markup = wr.evidence_html(evidence, label=["date"])
    assert markup.count("<mark>") == 1
    assert "&lt;i&gt;<mark>Putin</mark>&lt;/i&gt; met Xi" in markup
    assert "<i>Putin" not in markup
    assert "no highlight" in markup and "2026-01-02" in markup
    many = pd.DataFrame({"sentence": [f"s{i}" for i in range(30)]})
    assert "10 more sentences not shown" in wr.evidence_html(many, max_rows=20)


def test_sanitize_removes_everything_that_runs_or_fetches():
    dirty = """<!DOCTYPE html><html><head><title>old</title>
    <script src="https://cdn.example/require.js"></script>
    <link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
    <meta http-equiv="refresh" content="0; url=https://example.org">
    <style>@import url("https://example.org/a.css"); .x { background: url(https://e.org/b.png) }
    .y { background: url(data:image/png;base64,AAAA) }</style></head>
    <body><p onclick="alert(1)">para</p><img src="https://example.org/t.png">
    <img src="data:image/png;base64,iVBORw0KGgo=" alt="chart">
    <a href=" java&#x09;script:alert(1)">bad</a><a href="https://example.org/page">ok</a>
    <svg><script>alert(2)</script><use href="https://e.org/s.svg#a"/></svg>
    <iframe src="https://example.org"></iframe><object data="x.swf"></object>
    <!-- <script>alert(3)</script> --></body></html>"""
    clean = wr.sanitize_html(dirty, title="News report: <all>")
    soup = BeautifulSoup(clean, "html.parser")
    assert soup.find_all(["script", "link", "iframe", "object"]) == []
    assert soup.head.contents[0].name == "meta" and soup.head.contents[0]["charset"] == "utf-8"
    csp = soup.find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert csp is not None and "default-src 'none'" in csp["content"]
    assert soup.find("meta", attrs={"http-equiv": "refresh"}) is None
    assert soup.title.string == "News report: <all>"
    assert all(not a.startswith("on") for tag in soup.find_all(True) for a in tag.attrs)
    fetched = [t.get("src") or t.get("href") for t in soup.find_all(["img", "use"])]
    assert fetched == [None, "data:image/png;base64,iVBORw0KGgo=", None]
    links = {a.get_text(): a.get("href") for a in soup.find_all("a")}
    assert links == {"bad": None, "ok": "https://example.org/page"}
    assert "@import" not in clean and "https://e.org/b.png" not in clean
    assert "url(data:image/png;base64,AAAA)" in clean
    assert "alert(3)" not in clean


# --------------------------------------------------------------------------- rendered reports


@pytest.mark.slow
def test_report_hides_code_and_parameters_and_keeps_outputs(hostile_report: Path):
    text = hostile_report.read_text(encoding="utf-8")
    soup = BeautifulSoup(text, "html.parser")
    assert soup.find_all("script") == []
    # no code, no prompts, no parameter cell, no warnings from the kernel
    assert "SECRET_CODE_MARKER" not in text and "import json" not in text
    assert soup.select(".jp-CodeCell .jp-InputArea, .jp-InputPrompt, .jp-OutputPrompt") == []
    assert "articles.json" not in text and "kernel noise" not in text
    assert soup.title.string == (
        "News report: actors Donald \"Trump\", <script>alert('actor')</script>; "
        "topic gaza-ceasefire; 2026-01-01 to 2026-01-31"
    )
    assert "Articles in this report" in soup.get_text()  # markdown cells stay
    images = soup.find_all("img")
    assert images and all(img["src"].startswith("data:image/png;base64,") for img in images)
    assert hostile_report.stat().st_mode & 0o044 == 0o044  # readable by others: it is shared


@pytest.mark.slow
@pytest.mark.browser
def test_hostile_report_is_inert_and_offline_in_chromium(hostile_report: Path):
    url = hostile_report.resolve().as_uri()
    with chromium() as context:
        page, log = open_offline(context, url)
        screenshot(page, "report-hostile")
        assert log.requests == [url], "the report fetched something besides itself"
        assert log.aborted == []
        assert log.dialogs == [] and log.errors == []
        assert log.console == []
        assert page.evaluate(f"typeof {SENTINEL}") == "undefined"
        # hostile markup is shown as text, every piece of it
        body = page.inner_text("body")
        for article in HOSTILE:
            assert article["title"] in body
        assert "{{ 7*7 }}" in body and "${7*7}" in body and "{% raw %}" in body
        assert "49" not in body
        assert page.locator("a[href^='javascript']").count() == 0
        assert page.locator("iframe, svg[onload], [onerror]").count() == 0
        # the title states the filter; the chart images loaded (from data: URIs)
        assert page.title().startswith("News report: actors Donald \"Trump\"")
        assert page.locator("h1").first.inner_text() == page.title()
        widths = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.naturalWidth)")
        assert widths and all(w > 0 for w in widths)
        # clicking every link runs nothing either
        for link in page.locator("a").all():
            link.dispatch_event("click")
        assert page.evaluate(f"typeof {SENTINEL}") == "undefined" and log.dialogs == []


@pytest.mark.browser
def test_the_harness_sees_what_plain_nbconvert_would_fetch(tmp_path):
    """Control: stock nbconvert HTML asks CDNs for require.js and MathJax; the harness counts it."""
    from nbconvert import HTMLExporter

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("plain")]
    raw = tmp_path / "raw.html"
    raw.write_text(HTMLExporter(template_name="lab").from_notebook_node(nb)[0], encoding="utf-8")
    url = raw.as_uri()
    with chromium() as context:
        _, log = open_offline(context, url)
    assert log.requests[0] == url
    assert any("require" in u for u in log.aborted) and len(log.requests) > 1
    # ... and the same notebook through the report export fetches nothing
    clean = tmp_path / "clean.html"
    clean.write_text(wr.notebook_to_html(nb, title="t"), encoding="utf-8")
    with chromium() as context:
        _, log = open_offline(context, clean.as_uri())
    assert log.requests == [clean.as_uri()]


@pytest.mark.slow
@pytest.mark.browser
def test_pdf_is_printed_offline_with_pages(hostile_report: Path, tmp_path):
    pytest.importorskip("playwright")
    from browser import require_chromium

    require_chromium()
    pdf = wr.print_pdf(hostile_report, tmp_path / "report.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert pages >= 1


@pytest.mark.slow
def test_batch_keeps_going_past_a_failure_and_lists_it(tmp_path, capsys):
    from workbench.cli import report as cli_report

    source = tmp_path / "articles.json"
    source.write_text(json.dumps(HOSTILE[:1]), encoding="utf-8")
    template = _test_template(tmp_path / "template.ipynb")
    result = wr.render_reports(
        source, each="actor", values=["Nobody", "Vladimir Putin"], template=template,
        out_dir=tmp_path / "reports", progress=False,
    )
    assert not result.ok
    assert list(result.reports) == ["Vladimir Putin"]
    expected = tmp_path / "reports" / "report-actor-vladimir-putin.html"
    assert result.reports["Vladimir Putin"] == expected
    assert "News report: actor Vladimir Putin" in result.reports["Vladimir Putin"].read_text()
    assert list(result.failures) == ["Nobody"]
    assert "LookupError: no articles mention Nobody" in result.failures["Nobody"]
    assert not (tmp_path / "reports" / "report-actor-nobody.html").exists()
    # the command line: non-zero status, the failure listed at the end
    import argparse

    sub = argparse.ArgumentParser().add_subparsers()
    parser = cli_report.add_parser(sub)
    args = parser.parse_args([
        str(source), "--each", "topic", "--values", "energy-oil", "--actor", "Nobody",
        "--template", str(template), "--out", str(tmp_path / "cli"), "--no-progress",
    ])
    assert cli_report.run(args) == 1
    err = capsys.readouterr().err
    assert "0 report(s) written, 1 failed" in err and "topic 'energy-oil'" in err
