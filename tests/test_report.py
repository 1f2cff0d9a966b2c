"""Shareable reports: parameters, code hidden, offline, hostile text inert, batches."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from browser import chromium, open_offline, screenshot
from bs4 import BeautifulSoup

from workbench import report as wr
from workbench.errors import ArgumentError

# A small corpus in the article text format, three of its articles hostile: every piece of
# markup must show up as text and run nothing.
CORPUS = """\
 date 2026-01-05 r1
Trump and Netanyahu discuss Gaza <script>window.__pwned = 'title'; alert('title')</script>
(Reuters) Donald Trump met Benjamin Netanyahu to discuss the Gaza ceasefire. \
<img src=x onerror="window.__pwned = 'img'; alert(1)"> Hamas said talks in Cairo continue.
Donald Trump posted {{ 7*7 }} and ${7*7} and {% raw %} about the Rafah crossing.
 date 2026-01-12 r2
Click <a href="javascript:window.__pwned='link'">here</a> for Iran
(AP) Iran rejected new talks on its nuclear programme, Donald Trump said. \
<svg onload="window.__pwned='svg'"></svg><iframe src="https://example.org/"></iframe>
 date 2026-02-02 r3
Ceasefire holds in Gaza <style>@import url(https://example.org/x.css)</style>
(MENAFN) Hamas and Israel exchanged hostages as the ceasefire in Gaza held. \
Benjamin Netanyahu welcomed it. <b onmouseover=alert(2)>Donald Trump</b> praised the deal.
"""
HOSTILE_TEXT = [
    "Trump and Netanyahu discuss Gaza <script>window.__pwned = 'title'; alert('title')</script>",
    '<img src=x onerror="window.__pwned = \'img\'; alert(1)">',
    "Click <a href=\"javascript:window.__pwned='link'\">here</a> for Iran",
    "{{ 7*7 }} and ${7*7} and {% raw %}",
    "Ceasefire holds in Gaza <style>@import url(https://example.org/x.css)</style>",
]
SENTINEL = "window.__pwned"


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    path = folder / "articles.txt"
    path.write_text(CORPUS, encoding="utf-8")
    return path


@pytest.fixture(scope="module", autouse=True)
def _cache(tmp_path_factory):
    """Keep workbench.load's cache (inherited by the report kernels) out of the home folder."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("WORKBENCH_CACHE", str(tmp_path_factory.mktemp("cache")))
        mp.setenv("MPLBACKEND", "Agg")
        yield


@pytest.fixture(scope="module")
def hostile_report(corpus_file: Path) -> Path:
    return wr.render_report(
        corpus_file,
        actors=["Donald Trump"],
        start="2026-01-01",
        end="2026-03-31",
        out=corpus_file.parent / "out" / "report.html",
    )


def _test_template(path: Path, *, fail_on: str | None = None) -> Path:
    """A minimal report notebook with the template's parameters (failing for one topic)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells = [
        nbformat.v4.new_code_cell(
            'source = "x"\nfilter = {}\nactors = []\ntopics = []\nstart = None\nend = None',
            metadata={"tags": ["parameters"]},
        ),
        nbformat.v4.new_code_cell(
            f"if {fail_on!r} in topics:\n    raise ValueError('no ' + {fail_on!r})"
            if fail_on else "pass"
        ),
        nbformat.v4.new_code_cell("print(source, actors, filter)"),
    ]
    nbformat.write(nb, path)
    return path


# --------------------------------------------------------------------------- without a kernel


def test_report_spec_lays_the_shortcuts_over_the_filter():
    from workbench.corpus import FilterSpec

    full = FilterSpec(actors=["Donald Trump", "Israel"], actor_mode="all", sources=["GNW"],
                      text="ceasefire", kinds=["person"], countries=["ISR"], start="2026-01")
    # the filter travels to the template as a dict and comes back equal
    assert wr.report_spec(full.to_dict()) == full
    assert wr.report_spec(full) == full
    # shortcuts replace their field; empty ones leave the filter alone
    assert wr.report_spec(full, actors=["Hamas"]).actors == ("Hamas",)
    assert wr.report_spec(full, actors=[], topics=None, start=None) == full
    assert wr.report_spec(None, end="2026-01") == FilterSpec(end="2026-01")
    assert wr.report_spec(actors="  Xi\nJinping ").actors == ("Xi Jinping",)
    with pytest.raises(ArgumentError, match="unknown filter keyword 'colour'"):
        wr.report_spec({"colour": "red"})


def test_report_title_is_the_filter_in_words():
    from workbench.corpus import FilterSpec

    assert wr.report_title() == "News report: all articles"
    spec = FilterSpec(actors=["Donald Trump", "Israel"], actor_mode="all", sources=["GNW"],
                      text="ceasefire", start="2026-01-01", end="2026-01-31")
    assert wr.report_title(spec) == "News report: " + spec.describe()
    assert wr.report_title(spec) == (
        "News report: actors: Donald Trump and Israel; dates: 2026-01-01 to 2026-01-31; "
        "source: GNW; text: ceasefire"
    )
    assert wr.report_title({"text": "a\nb"}) == "News report: text: a b"  # one line


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
    with pytest.raises(ArgumentError, match="is a folder"):
        wr.render_report(tmp_path, out=tmp_path, template=_test_template(tmp_path / "t.ipynb"))
    with pytest.raises(ArgumentError, match="start 2026-02 is after end 2026-01"):
        wr.render_report(tmp_path, start="2026-02", end="2026-01")
    with pytest.raises(ArgumentError, match="actor_mode must be one of 'any', 'all'"):
        wr.render_report(tmp_path, filter={"actors": ["x"], "actor_mode": "some"})
    with pytest.raises(ArgumentError, match="query: unclosed quotation mark"):
        wr.render_report(tmp_path, filter={"text": '"open'})
    with pytest.raises(ArgumentError, match="cannot keep the shared topics iran-nuclear"):
        wr.render_reports(tmp_path, each="topic", values=["x"], topics=["iran-nuclear"])
    with pytest.raises(ArgumentError, match="start 2026-02-01 is after end 2026-01-01"):
        wr.render_reports(tmp_path, each="actor", values=["x"], start="2026-02-01",
                          end="2026-01-01")


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
    # the mention's text (evidence's "matched"), as whole words, every time it stands there
    matched = pd.DataFrame({
        "sentence": ["<b>Trump</b>: Donald Trump met U.S. envoys; Trumpism grew", "x < y"],
        "matched": [("Donald Trump", "Trump", "U.S."), ()],
    })
    markup = wr.evidence_html(matched, marks="matched")
    assert markup.count("<mark>") == 3
    assert "&lt;b&gt;<mark>Trump</mark>&lt;/b&gt;: <mark>Donald Trump</mark> met " in markup
    assert "<mark>U.S.</mark> envoys; Trumpism grew" in markup
    assert "x &lt; y" in markup
    assert "<mark>" not in wr.evidence_html(matched)
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
    # no code, no prompts, no parameter cells, no template notes
    assert "from workbench import" not in text and "FilterSpec" not in text
    assert "wr.show_" not in text and "ag.top_actors" not in text
    assert soup.select(".jp-CodeCell .jp-InputArea, .jp-InputPrompt, .jp-OutputPrompt") == []
    assert str(hostile_report.parent.parent) not in text  # the injected source path
    assert "Report template" not in text and "papermill" not in text
    assert soup.title.string == "News report: actor: Donald Trump; dates: 2026-01-01 to 2026-03-31"
    assert soup.h1.get_text() == soup.title.string
    # the sections of the template, with their figures embedded and the library's numbers
    headings = [h.get_text().rstrip("¶") for h in soup.find_all("h2")]
    assert headings == ["Volume over time", "Who is in the news", "Topics",
                        "Who appears with whom", "Tone", "Evidence", "Articles"]
    images = soup.find_all("img")
    assert len(images) >= 5
    assert all(img["src"].startswith("data:image/png;base64,") and img.get("alt") for img in images)
    # drawn at report quality (200 dpi) and shown at the size of 100 dpi
    for img in images:
        png = base64.b64decode(img["src"].split(",", 1)[1])
        assert png.startswith(b"\x89PNG") and png[25] == 3  # colour type 3: a palette
        assert int.from_bytes(png[16:20], "big") == pytest.approx(2 * int(img["width"]), abs=1)
    assert hostile_report.stat().st_size < 2_000_000
    # the evidence sentences highlight the actor's mention, their text still escaped
    marks = [m.get_text() for m in soup.select("ul.workbench-evidence mark")]
    assert marks and set(marks) <= {"Donald Trump", "Trump"}
    evidence = str(soup.select_one("ul.workbench-evidence"))
    assert "<img" not in evidence and "&lt;img src=x" in evidence
    summary = {row.find_all("td")[0].get_text(): row.find_all("td")[1].get_text()
               for row in soup.select("table.workbench-summary tr")}
    assert summary["Articles"] == "3"  # all three articles name Donald Trump
    assert summary["Dates"] == "2026-01-05 to 2026-02-02"
    top = soup.find("b", string="Top actors").find_next("table")
    first_row = [td.get_text() for td in top.select("tbody tr")[0].find_all("td")]
    assert first_row[:2] == ["1", "Donald Trump"]
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
        for text in HOSTILE_TEXT:
            assert text in body, text
        assert "49" not in body
        assert page.locator("a[href^='javascript'], iframe, svg[onload], [onerror]").count() == 0
        # the title states the filter; every chart loaded from its data: URI
        assert page.title() == (
            "News report: actor: Donald Trump; dates: 2026-01-01 to 2026-03-31"
        )
        assert page.locator("h1").first.inner_text() == page.title()
        widths = page.eval_on_selector_all("img", "imgs => imgs.map(i => i.naturalWidth)")
        assert len(widths) >= 5 and all(w > 0 for w in widths)
        # no code is visible anywhere on the page
        assert page.locator(".jp-CodeCell .jp-InputArea, .jp-InputPrompt").count() == 0
        assert "corpus.filter" not in body and "source =" not in body
        # clicking every link and hovering the would-be handlers runs nothing either
        for link in page.locator("a").all():
            link.dispatch_event("click")
        page.mouse.move(10, 10)
        page.hover("h1")
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
    from browser import require_chromium

    require_chromium()
    pdf = wr.print_pdf(hostile_report, tmp_path / "report.pdf")
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert pages >= 2  # the report is several screens long


@pytest.mark.slow
def test_batch_keeps_going_past_a_failure_and_lists_it(corpus_file: Path, tmp_path, capsys):
    from workbench.cli import main

    out = tmp_path / "reports"
    status = main([
        "report", str(corpus_file), "--each", "actor", "--values", "Nobody Known", "Hamas",
        "--start", "2026-01-01", "--out", str(out), "--no-progress",
    ])
    captured = capsys.readouterr()
    assert status == 1
    written = out / "report-actor-hamas.html"
    assert captured.out.split() == [str(written)]
    title = BeautifulSoup(written.read_text(encoding="utf-8"), "html.parser").title.string
    assert title == "News report: actor: Hamas; dates: 2026-01-01 to …"
    assert not (out / "report-actor-nobody-known.html").exists()
    assert "1 report(s) written, 1 failed" in captured.err
    assert "actor 'Nobody Known': ReportError:" in captured.err
    assert "unknown value 'Nobody Known'" in captured.err  # the library's own message


@pytest.mark.slow
def _summary(path: Path) -> dict[str, str]:
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    rows = soup.select("table.workbench-summary tr")
    return {r.find_all("td")[0].get_text(): r.find_all("td")[1].get_text() for r in rows} | {
        "title": soup.title.string
    }


@pytest.mark.slow
def test_a_batch_with_a_shared_actor_reports_on_the_intersection(corpus_file: Path, tmp_path):
    from workbench.cli import main

    out = tmp_path / "reports"
    status = main(["report", str(corpus_file), "--actor", "Hamas", "--each", "actor",
                   "--values", "Donald Trump", "--out", str(out), "--no-progress"])
    assert status == 0
    summary = _summary(out / "report-actor-donald-trump.html")
    # two articles name Hamas and Donald Trump; three name either, three name Donald Trump
    assert summary["Articles"] == "2"
    assert summary["title"] == "News report: actors: Hamas and Donald Trump"


@pytest.mark.slow
def test_the_report_command_takes_the_whole_filter(corpus_file: Path, tmp_path, capsys):
    from workbench.cli import main

    out = tmp_path / "one.html"
    status = main(["report", str(corpus_file), "--actor", "Donald Trump", "--actor", "Hamas",
                   "--match", "all", "--source", "Reuters", "--query", "ceas*",
                   "--kind", "person", "--country", "USA", "--out", str(out)])
    assert status == 0 and capsys.readouterr().out.split() == [str(out)]
    summary = _summary(out)
    assert summary["Articles"] == "1"  # of the two naming both, one is from Reuters
    assert summary["title"] == (
        "News report: actors: Donald Trump and Hamas; kinds: person; countries: USA; "
        "source: Reuters; text: ceas*"
    )


def test_the_report_command_line_builds_the_filter():
    import argparse

    from workbench.cli import report as cli_report

    parser = cli_report.add_parser(argparse.ArgumentParser().add_subparsers())
    args = parser.parse_args(["corpus", "--match", "all", "--source", "AP", "--source", "GNW",
                              "--text", "a OR b", "--kind", "country", "--country", "isr"])
    assert cli_report.filter_of(args) == {
        "actor_mode": "all", "kinds": ["country"], "countries": ["isr"],
        "sources": ["AP", "GNW"], "text": "a OR b",
    }
    assert cli_report.filter_of(parser.parse_args(["corpus"])) == {}
    assert parser.parse_args(["corpus", "--query", "x"]).text == "x"


def test_batch_result_lists_failures_after_the_reports(tmp_path):
    template = _test_template(tmp_path / "t.ipynb", fail_on="b")
    source = tmp_path / "src.txt"
    source.write_text("x", encoding="utf-8")
    result = wr.render_reports(
        source, each="topic", values=["a", "b", "c"], template=template, format="html",
        out_dir=tmp_path / "r", progress=False,
    )
    # the failing report is listed with its reason; the others are written
    assert list(result.reports) == ["a", "c"] and list(result.failures) == ["b"]
    assert result.reports["c"] == tmp_path / "r" / "report-topic-c.html"
    lines = result.summary().splitlines()
    assert lines[0] == "2 report(s) written, 1 failed"
    assert lines[1].startswith("  topic 'b': ReportError: ") and "ValueError: no b" in lines[1]


@pytest.mark.slow
def test_parameters_are_data_and_pdf_comes_out_of_render_report(tmp_path):
    """A crafted actor name reaches the kernel as a string, never as code; PDF output works."""
    pytest.importorskip("playwright")
    from browser import require_chromium

    require_chromium()
    template = _test_template(tmp_path / "t.ipynb")
    source = tmp_path / "src.txt"
    source.write_text("x", encoding="utf-8")
    crafted = "x\"]; open('PWNED', 'w').write('1'); y = [\"\\ '"
    pdf = wr.render_report(source, actors=[crafted], template=template, format="pdf",
                           out=tmp_path / "r.pdf")
    assert not (tmp_path / "PWNED").exists() and not Path("PWNED").exists()
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-") and re.search(rb"/Type\s*/Page(?!s)", data)


def test_top_values_rank_by_articles_then_name(corpus_file: Path):
    top = wr.top_values(corpus_file, "actor", n=3)
    assert top == ["Donald Trump", "Benjamin Netanyahu", "Gaza"]
    assert wr.top_values(corpus_file, "topic", n=1) == ["gaza-ceasefire"]
    with pytest.raises(ArgumentError, match="n must be at least 1"):
        wr.top_values(corpus_file, "actor", n=0)


def test_report_command_line_checks_its_options(corpus_file: Path, capsys):
    from workbench.cli import main

    assert main(["report", str(corpus_file), "--values", "Hamas"]) == 2
    assert "--values needs --each actor or --each topic" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["report", str(corpus_file), "--format", "docx"])
    assert "invalid choice: 'docx'" in capsys.readouterr().err


def test_template_is_committed_without_outputs_and_with_its_parameters():
    nb = nbformat.read(wr.DEFAULT_TEMPLATE, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert code[0].metadata.get("tags") == ["parameters"]
    defaults: dict = {}
    exec(code[0].source, {}, defaults)  # the parameters cell is plain assignments
    assert defaults == {"source": "../data/sample", "filter": {}, "actors": [], "topics": [],
                        "start": None, "end": None}
    assert nb.metadata["kernelspec"]["name"] == "python3"
