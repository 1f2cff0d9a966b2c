"""`workbench serve`: a notebook as a Voila app on 127.0.0.1, refused without its token."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import nbformat
import pytest

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
    from workbench.cli import serve
    from workbench.errors import ArgumentError

    parser = serve.add_parser(__import__("argparse").ArgumentParser().add_subparsers())
    args = parser.parse_args(["--notebook", str(tmp_path / "missing.ipynb")])
    with pytest.raises(ArgumentError, match="missing.ipynb' is not a notebook"):
        serve.run(args)


def _check_in_chromium(url: str, base: str) -> None:
    from browser import chromium, open_offline, screenshot

    with chromium() as context:
        page, log = open_offline(context, url, allow=(base,))
        page.get_by_text(f"{MARKER} 42").wait_for(timeout=60_000)
        screenshot(page, "serve-app")
        assert log.dialogs == [] and log.errors == []
        # everything the app needs comes from the local server (a CDN font is aborted, cosmetic)
        assert all(u.startswith(base) for u in log.requests if u not in log.aborted)


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
