"""The notebooks in notebooks/: committed clean, and executed by papermill on a small corpus.

Every notebook (the guides and the report template) runs top to bottom in a real ``python3``
kernel (the virtual environment's own Python) against a 300-article sample written by
``workbench sample``; the test then looks in the outputs for charts and for the evidence sentences
the library gives for the same question.
"""

from __future__ import annotations

import base64
import html
import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import REPO

NOTEBOOKS = REPO / "notebooks"
NOTEBOOK_FILES = sorted(NOTEBOOKS.glob("*.ipynb"))
#: The default corpus of every notebook, relative to notebooks/ (written by `make sample`).
DEFAULT_CORPUS = "../data/sample"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _ids(paths: list[Path]) -> list[str]:
    return [p.stem for p in paths]


def _parameters_cell(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert code, "the notebook has no code cell"
    return code[0]


def _corpus_parameter(path: Path) -> str:
    """The name of the parameter whose default is the sample corpus (CORPUS, or source)."""
    import papermill

    names = [
        name
        for name, spec in papermill.inspect_notebook(str(path)).items()
        if spec["default"].strip() in (f'"{DEFAULT_CORPUS}"', f"'{DEFAULT_CORPUS}'")
    ]
    assert len(names) == 1, f"expected one parameter defaulting to {DEFAULT_CORPUS!r}; got {names}"
    return names[0]


def _html_and_text(notebook: nbformat.NotebookNode) -> str:
    parts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                parts.append(output.get("text", ""))
            for mime in ("text/html", "text/plain"):
                data = output.get("data", {}).get(mime)
                if data:
                    parts.append(data if isinstance(data, str) else "".join(data))
    return "\n".join(parts)


def _pngs(notebook: nbformat.NotebookNode) -> list[bytes]:
    return [
        base64.b64decode(output["data"]["image/png"])
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
    ]


# ------------------------------------------------------------------------ committed notebooks


def test_there_are_guide_notebooks():
    names = {p.name for p in NOTEBOOK_FILES}
    expected = {
        "01-quickstart.ipynb",
        "02-explorer.ipynb",
        "03-actor-profile.ipynb",
        "04-compare.ipynb",
    }
    assert expected <= names, f"missing: {sorted(expected - names)}"


@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=_ids(NOTEBOOK_FILES))
def test_committed_notebook_is_clean_and_parameterised(path: Path):
    notebook = nbformat.read(path, as_version=nbformat.NO_CONVERT)
    assert notebook.nbformat == 4
    nbformat.validate(notebook)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name} cell {index} has outputs"
            assert cell.execution_count is None, f"{path.name} cell {index} has an execution count"
    first = _parameters_cell(notebook)
    assert "parameters" in first.metadata.get("tags", []), (
        f"{path.name}: the first code cell must be tagged 'parameters' (papermill)"
    )
    assert _corpus_parameter(path)
    assert notebook.metadata.get("kernelspec", {}).get("name") == "python3"
    assert "widgets" not in notebook.metadata, f"{path.name} carries saved widget state"


# ------------------------------------------------------------------------ executed notebooks


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory: pytest.TempPathFactory):
    """A 300-article sample corpus and its enrichment cache (shared by the kernels)."""
    root = tmp_path_factory.mktemp("notebooks")
    folder = root / "sample"
    subprocess.run(
        [sys.executable, "-m", "workbench", "sample", "--n", "300", "--seed", "3",
         "--out", str(folder)],
        check=True,
        capture_output=True,
    )
    cache = root / "cache"
    saved = {name: os.environ.get(name) for name in ("WORKBENCH_CACHE", "MPLBACKEND")}
    # The kernels inherit this environment: the same cache (enriched once, below) and Agg.
    os.environ["WORKBENCH_CACHE"] = str(cache)
    os.environ["MPLBACKEND"] = "Agg"
    import workbench

    corpus = workbench.load(folder, progress=False)
    yield folder, corpus, root
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


_EXECUTED: dict[str, nbformat.NotebookNode] = {}


def _execute(path: Path, small_corpus, **parameters: object) -> nbformat.NotebookNode:
    """Run ``path`` with papermill in notebooks/ (as Jupyter would) on the small corpus, once."""
    import papermill

    key = f"{path.name}:{json.dumps(parameters, sort_keys=True)}"
    if key not in _EXECUTED:
        folder, _corpus, root = small_corpus
        parameters = {_corpus_parameter(path): str(folder), **parameters}
        out = root / f"executed-{path.name}"
        _EXECUTED[key] = papermill.execute_notebook(
            str(path),
            str(out),
            parameters=parameters,
            kernel_name="python3",
            language="python",
            cwd=str(path.parent),
            progress_bar=False,
            request_save_on_cell_execute=False,
        )
    return _EXECUTED[key]


def test_the_kernel_is_this_environment_python(small_corpus, tmp_path: Path):
    """papermill's ``python3`` kernel runs in the project's environment, not another Python."""
    import papermill

    probe = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("import sys\nprint(sys.prefix)")],
        metadata={"kernelspec": {"name": "python3", "language": "python", "display_name": "Py"}},
    )
    nbformat.write(probe, tmp_path / "probe.ipynb")
    done = papermill.execute_notebook(
        str(tmp_path / "probe.ipynb"), str(tmp_path / "out.ipynb"), kernel_name="python3",
        progress_bar=False,
    )
    printed = done.cells[0].outputs[0]["text"].strip()
    assert Path(printed).resolve() == Path(sys.prefix).resolve()


@pytest.mark.slow
@pytest.mark.parametrize("path", NOTEBOOK_FILES, ids=_ids(NOTEBOOK_FILES))
def test_notebook_runs_on_a_small_corpus(path: Path, small_corpus):
    executed = _execute(path, small_corpus)
    errors = [
        output
        for cell in executed.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error"
    ]
    assert not errors, f"{path.name}: {errors[0]['ename']}: {errors[0]['evalue']}"
    code = [cell for cell in executed.cells if cell.cell_type == "code"]
    assert all(cell.execution_count is not None for cell in code), "a cell did not run"
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected and str(small_corpus[0]) in injected[0].source
    if path.name == "02-explorer.ipynb":
        return  # its chart is a widget: see test_explorer_notebook_builds_the_dashboard
    pngs = _pngs(executed)
    assert pngs, f"{path.name} shows no chart"
    assert all(png.startswith(PNG_MAGIC) and len(png) > 5_000 for png in pngs)


def _shown(sentence: str, text: str) -> bool:
    return html.escape(sentence) in text or sentence in text


@pytest.mark.slow
def test_actor_profile_shows_the_evidence(small_corpus):
    from workbench import aggregate

    _folder, corpus, _root = small_corpus
    executed = _execute(NOTEBOOKS / "03-actor-profile.ipynb", small_corpus)
    text = _html_and_text(executed)
    # the earliest sentences naming the default actor, as the library gives them
    expected = aggregate.evidence(corpus, actor="Donald Trump", limit=40).head(10)
    assert len(expected) == 10
    missing = [s for s in expected["sentence"] if not _shown(s, text)]
    assert not missing, f"evidence not shown: {missing}"
    # and the evidence of the busiest month (the highest point of the volume chart)
    monthly = aggregate.volume(corpus.filter(actor="Donald Trump"), freq="month")
    busiest = monthly.loc[monthly["articles"].idxmax(), "period"]
    peak = aggregate.evidence(corpus, actor="Donald Trump", period=busiest, freq="month", limit=1)
    assert _shown(peak["sentence"].iloc[0], text)
    assert f"{busiest:%B %Y}: {monthly['articles'].max()} articles" in text
    assert len(_pngs(executed)) >= 6  # volume, share, company, network, topics, tone


@pytest.mark.slow
def test_actor_profile_follows_its_actor_parameter(small_corpus):
    from workbench import aggregate

    _folder, corpus, _root = small_corpus
    executed = _execute(NOTEBOOKS / "03-actor-profile.ipynb", small_corpus, ACTOR="Xi Jinping")
    text = _html_and_text(executed)
    expected = aggregate.evidence(corpus, actor="Xi Jinping", limit=3)
    assert all(_shown(s, text) for s in expected["sentence"])
    default = aggregate.evidence(corpus, actor="Donald Trump", limit=3)["sentence"]
    assert not all(_shown(s, text) for s in default)


@pytest.mark.slow
def test_compare_shows_both_actors_and_their_shared_evidence(small_corpus):
    from workbench import aggregate

    _folder, corpus, _root = small_corpus
    executed = _execute(NOTEBOOKS / "04-compare.ipynb", small_corpus)
    text = _html_and_text(executed)
    both = aggregate.evidence(corpus, pair=("Donald Trump", "Vladimir Putin"), limit=5)
    assert f"{both.attrs['articles_total']} articles mention both" in text
    assert _shown(both["sentence"].iloc[0], text)
    assert len(_pngs(executed)) >= 6


@pytest.mark.slow
def test_quickstart_shows_the_evidence(small_corpus):
    from workbench import aggregate

    _folder, corpus, _root = small_corpus
    executed = _execute(NOTEBOOKS / "01-quickstart.ipynb", small_corpus)
    war = corpus.filter(topic="russia-ukraine-war")
    leader = aggregate.top_actors(war, 1)["actor"].iloc[0]
    sentences = aggregate.evidence(war, actor=leader, limit=5)
    text = _html_and_text(executed)
    assert f"{leader}: {len(sentences)} sentences in the first 5 of {len(war)} articles" in text
    assert all(_shown(s, text) for s in sentences["sentence"].head(10))


@pytest.mark.slow
def test_explorer_notebook_builds_the_dashboard(small_corpus):
    _folder, corpus, _root = small_corpus
    executed = _execute(NOTEBOOKS / "02-explorer.ipynb", small_corpus)
    views = [
        output
        for cell in executed.cells
        for output in cell.get("outputs", [])
        if "application/vnd.jupyter.widget-view+json" in output.get("data", {})
    ]
    assert len(views) == 1 and "Explorer" in views[0]["data"]["text/plain"]
    state = executed.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    images = [m for m in state.values() if m["model_name"] == "ImageModel"]
    assert len(images) == 1 and "wb-chart" in images[0]["state"]["_dom_classes"]
    png = {tuple(b["path"]): base64.b64decode(b["data"]) for b in images[0].get("buffers", [])}
    assert png[("value",)].startswith(PNG_MAGIC)
    statuses = [
        m["state"]["value"]
        for m in state.values()
        if "wb-status" in m["state"].get("_dom_classes", [])
    ]
    assert statuses and f"of {len(corpus):,} articles" in statuses[0]
    chips = [m for m in state.values() if "wb-actor-chip" in m["state"].get("_dom_classes", [])]
    assert chips, "the article list shows no actor buttons"
