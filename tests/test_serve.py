"""`workbench serve`: a notebook as a Voila app on 127.0.0.1, refused without its token.

The browser tests open the app in headless Chromium with every request to another host aborted
and counted: the served page must need none (Voila's CDN style sheets are left out).
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import nbformat
import pytest
from conftest import REPO

from workbench.cli import serve
from workbench.cli.serve import voila_command

MARKER = "served-by-voila-7f3a"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _fetch(url: str) -> tuple[int, str]:
    """GET ``url`` without following redirects; return status and body."""
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


def test_voila_command_binds_loopback_with_the_token(tmp_path):
    cmd = voila_command(tmp_path / "x.ipynb", port=9999, token="t0k")
    assert cmd[:3] == [sys.executable, "-m", "voila"]
    assert "--Voila.ip=127.0.0.1" in cmd and "--Voila.token=t0k" in cmd
    assert "--port=9999" in cmd and "--no-browser" in cmd


def test_serve_refuses_what_is_not_a_notebook(tmp_path, capsys):
    from workbench.errors import ArgumentError

    parser = serve.add_parser(argparse.ArgumentParser().add_subparsers())
    args = parser.parse_args(["--notebook", str(tmp_path / "missing.ipynb")])
    with pytest.raises(ArgumentError, match="missing.ipynb' is not a notebook"):
        serve.run(args)
    args = parser.parse_args(["--corpus", str(tmp_path / "no-corpus"), "--port", "1"])
    with pytest.raises(ArgumentError, match="--corpus .*no-corpus' does not exist"):
        serve.run(args)


def _injected(path: Path) -> dict:
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(cells) == 1
    values: dict = {}
    exec(cells[0].source, {}, values)  # plain assignments
    return values


def test_the_corpus_is_injected_into_a_copy_of_the_notebook(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    explorer = REPO / "notebooks" / "02-explorer.ipynb"
    before = explorer.read_bytes()
    copy = serve.prepare_notebook(explorer, tmp_path, corpus=str(corpus))
    assert copy == tmp_path / explorer.name and explorer.read_bytes() == before
    # the corpus as an absolute path; exports beside the original notebook, not in the copy
    assert _injected(copy) == {"CORPUS": str(corpus.resolve()),
                               "EXPORTS": str(explorer.parent / "exports")}
    nb = nbformat.read(copy, as_version=4)
    assert not any(c.get("outputs") for c in nb.cells if c.cell_type == "code")  # not executed
    # the report template takes its corpus as `source`; a notebook without either is refused
    template = serve.prepare_notebook(
        REPO / "notebooks" / "report-template.ipynb", tmp_path, corpus=str(corpus)
    )
    assert _injected(template) == {"source": str(corpus.resolve())}
    bare = tmp_path / "bare.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]), bare)
    from workbench.errors import ArgumentError

    with pytest.raises(ArgumentError, match="needs a notebook with a CORPUS or source parameter"):
        serve.prepare_notebook(bare, tmp_path / "out", corpus=str(corpus))


def test_the_offline_template_drops_the_cdn_links(tmp_path):
    name = serve.write_offline_template(tmp_path)
    folder = tmp_path / "voila" / "templates" / name
    assert (folder / "conf.json").read_text() == '{"base_template": "lab"}'
    text = (folder / "index.html.j2").read_text()
    assert "extends 'lab/index.html.j2'" in text and "'cdn.jsdelivr.net' in line" in text
    assert "block html_head_js_mermaidjs" in text
    assert voila_command(Path("a.ipynb"), port=1, token="t", template=name)[-1] == (
        f"--template={name}"
    )


def _check_in_chromium(url: str, base: str) -> None:
    from browser import chromium, open_offline, screenshot

    with chromium() as context:
        page, log = open_offline(context, url, allow=(base,))
        page.get_by_text(f"{MARKER} 42").wait_for(timeout=60_000)
        screenshot(page, "serve-app")
        assert log.dialogs == [] and log.errors == []
        # everything the app needs comes from the local server; it asks no other host
        assert log.aborted == [], log.aborted
        assert all(u.startswith(base) for u in log.requests)


@pytest.mark.slow
@pytest.mark.browser
def test_serve_renders_the_notebook_for_the_token_only(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells = [
        nbformat.v4.new_code_cell("SECRET_SOURCE = 1\nprint('" + MARKER + "', 6 * 7)"),
    ]
    notebook = tmp_path / "app.ipynb"
    nbformat.write(nb, notebook)
    port, token = _free_port(), "serve-test-token"
    proc = subprocess.Popen(
        [sys.executable, "-m", "workbench", "serve", "--notebook", str(notebook),
         "--port", str(port), "--token", token],
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline, status, body = time.monotonic() + 120, None, ""
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                status, body = _fetch(f"{base}?token={token}")
                break
            except OSError:
                time.sleep(0.5)
        assert status == 200, proc.stdout.read().decode() if proc.poll() is not None else status
        # the notebook ran and its output is on the page; its code is not
        assert f"{MARKER} 42" in body
        assert "SECRET_SOURCE" not in body
        # without the token, or with a wrong one: refused (403) or sent to the login page
        for url in (base, f"{base}?token=wrong"):
            status, body = _fetch(url)
            assert status in (302, 403), f"{url} answered {status}"
            assert MARKER not in body
        # in a real browser the app renders the output (Voila draws it client-side)
        _check_in_chromium(f"{base}?token={token}", base)
        # bound to loopback only
        hosts = set(socket.gethostbyname_ex(socket.gethostname())[2]) - {"127.0.0.1"}
        for host in hosts:
            with socket.socket() as sock:
                assert sock.connect_ex((host, port)) != 0, f"serve also listens on {host}"
        # stopping `workbench serve` stops Voila with it
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) is not None
        with socket.socket() as sock:
            assert sock.connect_ex(("127.0.0.1", port)) != 0, "Voila still listens after stop"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


# --------------------------------------------------------------------------- the explorer app

#: JavaScript: the src of the explorer's chart once it has loaded (the Image widget is an <img>).
CHART_SRC = """() => {
  const el = document.querySelector('.wb-chart');
  const img = el && (el.tagName === 'IMG' ? el : el.querySelector('img'));
  return img && img.naturalWidth > 0 ? img.src : null;
}"""
STATUS_TEXT = "() => document.querySelector('.wb-status')?.innerText ?? ''"


@contextmanager
def _screenshot_on_failure(page: object, name: str, log: Path) -> Iterator[None]:
    """Screenshot ``NAME-failure`` when the block fails; a stale one from an earlier run goes."""
    from browser import ARTIFACTS, screenshot

    (ARTIFACTS / f"{name}-failure.png").unlink(missing_ok=True)
    try:
        yield
    except BaseException:
        screenshot(page, f"{name}-failure")
        print(log.read_text(errors="replace")[-4000:])
        raise


@pytest.mark.slow
@pytest.mark.browser
def test_serve_runs_the_explorer_on_the_chosen_corpus_for_the_token_only(tmp_path):
    from browser import chromium, open_offline, screenshot

    import workbench

    corpus = tmp_path / "corpus"
    subprocess.run(
        [sys.executable, "-m", "workbench", "sample", "--n", "150", "--seed", "11",
         "--out", str(corpus)],
        check=True, capture_output=True,
    )
    cache = tmp_path / "cache"
    n = len(workbench.load(corpus, cache_dir=cache, progress=False))  # enriched once, here
    env = {**os.environ, "WORKBENCH_CACHE": str(cache), "MPLBACKEND": "Agg",
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    port, token = _free_port(), "explorer-serve-token"
    base = f"http://127.0.0.1:{port}/"
    log = tmp_path / "serve.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "workbench", "serve", "--corpus", str(corpus),
             "--port", str(port), "--token", token],
            cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, log.read_text()
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            assert time.monotonic() < deadline, f"not listening in 90 s:\n{log.read_text()}"
            time.sleep(0.25)
        # without the token, or with a wrong one: refused (403) or sent to the login page
        for url in (base, f"{base}?token=wrong"):
            status, body = _fetch(url)
            assert status in (302, 403), f"{url} answered {status}"
            assert "wb-explorer" not in body and "02-explorer" not in body
        with chromium() as context:
            page, refused = open_offline(context, base, allow=(base,))
            with _screenshot_on_failure(page, "serve-explorer-refused", log):
                page.wait_for_timeout(1000)
                assert page.locator(".wb-explorer, .wb-chart").count() == 0
                assert "login" in page.url or "403" in page.content()
            page, page_log = open_offline(context, f"{base}?token={token}", allow=(base,))
            page.set_viewport_size({"width": 1280, "height": 1400})
            with _screenshot_on_failure(page, "serve-explorer", log):
                deadline = time.monotonic() + 150
                while not page.evaluate(CHART_SRC):
                    assert time.monotonic() < deadline, "the explorer's chart never loaded"
                    page.wait_for_timeout(500)
                page.locator(".wb-list .wb-row").first.wait_for(timeout=30_000)
                # the chosen corpus (not ../data/sample) behind the chart and the list
                assert f"of {n:,} articles" in page.evaluate(STATUS_TEXT)
                assert "workbench.load(CORPUS)" not in page.inner_text("body")  # code hidden
                screenshot(page, "serve-explorer")
                assert page_log.dialogs == [] and page_log.errors == []
                assert page_log.aborted == [], page_log.aborted  # no CDN asked for
                assert refused.aborted == []
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) is not None
        with socket.socket() as sock:
            assert sock.connect_ex(("127.0.0.1", port)) != 0, "Voila still listens after stop"
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
