"""``workbench serve``: a notebook (by default the explorer) as a token-gated Voila app.

Voila runs on 127.0.0.1 behind a token. ``--corpus PATH`` serves a temporary copy of the
notebook whose corpus parameter papermill has set (``--prepare-only``: nothing is executed until
a browser opens the app). The app is rendered with a template derived from Voila's ``lab``
template that leaves out its two Font Awesome style sheets on a CDN (Voila's own bundle carries
the icons) and nbconvert's mermaid loader (a CDN script, for diagrams in markdown), so the page
asks nothing of any other host.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

DEFAULT_NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "02-explorer.ipynb"
#: Parameter names a notebook may take its corpus in, in order of preference.
CORPUS_PARAMETERS = ("CORPUS", "source")
#: The Voila template written by :func:`write_offline_template`.
TEMPLATE_NAME = "workbench-offline"
#: Lines of the base template mentioning these hosts are left out of the page's <head>.
CDN_HOSTS = ("cdn.jsdelivr.net", "cdnjs.cloudflare.com", "unpkg.com")

_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{#- workbench serve: Voila's lab template without the style sheets it takes from a CDN -#}
{%- block notebook_css -%}
{%- for line in super().split('\\n') if not HOSTS_TEST -%}
{{ line }}
{% endfor -%}
{%- endblock notebook_css -%}
{#- mermaid diagrams would be drawn by a script from a CDN: left out -#}
{%- block html_head_js_mermaidjs -%}
{%- endblock html_head_js_mermaidjs -%}
"""


def voila_command(
    notebook: Path, *, port: int, token: str, template: str | None = None
) -> list[str]:
    """Return the command line that serves ``notebook`` with Voila on loopback behind ``token``.

    Parameters
    ----------
    notebook
        The notebook to serve (its code is hidden; outputs and widgets are live).
    port
        TCP port on 127.0.0.1.
    token
        Required as ``?token=...`` (or an ``Authorization: token ...`` header) on every request.
    template
        A Voila template name (for example :data:`TEMPLATE_NAME`, found through
        ``JUPYTER_PATH``); Voila's default when None.

    Returns
    -------
    list of str
        Arguments for :class:`subprocess.Popen`.
    """
    command = [
        sys.executable, "-m", "voila", str(notebook),
        f"--port={port}", "--no-browser", "--Voila.ip=127.0.0.1",
        f"--Voila.token={token}",
    ]
    if template is not None:
        command.append(f"--template={template}")
    return command


def write_offline_template(data_dir: Path) -> str:
    """Write the offline Voila template under ``data_dir`` (a Jupyter data folder).

    Parameters
    ----------
    data_dir
        A folder to put first on ``JUPYTER_PATH``; the template goes into
        ``voila/templates/workbench-offline`` inside it.

    Returns
    -------
    str
        The template's name, for ``voila --template``.
    """
    folder = data_dir / "voila" / "templates" / TEMPLATE_NAME
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "conf.json").write_text(json.dumps({"base_template": "lab"}), encoding="utf-8")
    test = " or ".join(f"{host!r} in line" for host in CDN_HOSTS)
    (folder / "index.html.j2").write_text(
        _TEMPLATE.replace("HOSTS_TEST", f"({test})"), encoding="utf-8"
    )
    return TEMPLATE_NAME


def corpus_parameter(notebook: Path) -> str:
    """Return the name of the parameter in which ``notebook`` takes its corpus.

    Parameters
    ----------
    notebook
        A notebook whose cell tagged ``parameters`` assigns ``CORPUS`` or ``source``.

    Returns
    -------
    str
        The first of :data:`CORPUS_PARAMETERS` the notebook declares.

    Raises
    ------
    ArgumentError
        When it declares none of them.
    """
    import papermill

    from workbench.errors import ArgumentError

    declared = papermill.inspect_notebook(str(notebook))
    for name in CORPUS_PARAMETERS:
        if name in declared:
            return name
    raise ArgumentError(
        f"--corpus needs a notebook with a {' or '.join(CORPUS_PARAMETERS)} parameter "
        f"(in a cell tagged 'parameters'); {notebook.name} has "
        f"{', '.join(declared) or 'no parameters'}"
    )


def prepare_notebook(notebook: Path, folder: Path, *, corpus: str) -> Path:
    """Write a copy of ``notebook`` into ``folder`` with its corpus parameter set to ``corpus``.

    papermill injects the value (``prepare_only``: nothing is executed). The copy runs in
    ``folder``, so a notebook's ``EXPORTS`` parameter, when it has one, is pointed at the
    ``exports`` folder beside the original, where files exported from the app stay.

    Parameters
    ----------
    notebook
        The notebook to copy.
    folder
        Where to write the copy (same file name).
    corpus
        The corpus path or URL (a local path is made absolute first).

    Returns
    -------
    pathlib.Path
        The prepared copy.
    """
    import papermill

    from workbench.errors import ArgumentError

    if "://" not in corpus:
        path = Path(corpus).expanduser()
        if not path.exists():
            raise ArgumentError(f"--corpus {corpus!r} does not exist")
        corpus = str(path.resolve())
    parameters: dict[str, Any] = {corpus_parameter(notebook): corpus}
    if "EXPORTS" in papermill.inspect_notebook(str(notebook)):
        parameters["EXPORTS"] = str(notebook.resolve().parent / "exports")
    target = folder / notebook.name
    papermill.execute_notebook(
        str(notebook), str(target), parameters=parameters, prepare_only=True,
        progress_bar=False, kernel_name="python3", language="python",
    )
    return target


def add_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Attach the ``serve`` sub-command to ``subparsers`` and return its parser."""
    parser = subparsers.add_parser(
        "serve",
        help="serve a notebook as a Voila app on 127.0.0.1 (token required)",
        description="Serve the explorer notebook (or another) as a Voila app bound to 127.0.0.1. "
        "Every request needs the token; one is generated and printed when --token is not given.",
    )
    parser.add_argument("--notebook", type=Path, default=DEFAULT_NOTEBOOK,
                        help=f"notebook to serve (default {DEFAULT_NOTEBOOK.name})")
    parser.add_argument("--corpus", metavar="PATH",
                        help="the corpus the notebook opens (its CORPUS or source parameter; "
                        "default: the notebook's own, ../data/sample)")
    parser.add_argument("--port", type=int, default=8866, help="port on 127.0.0.1 (default 8866)")
    parser.add_argument("--token", help="access token (default: a random one, printed)")
    return parser


def run(args: argparse.Namespace) -> int:
    """Run Voila in the foreground until it exits or is interrupted; return its exit status."""
    from workbench.errors import ArgumentError

    notebook = Path(args.notebook)
    if not notebook.is_file() or notebook.suffix != ".ipynb":
        raise ArgumentError(f"--notebook {str(notebook)!r} is not a notebook (.ipynb) file")
    if not 0 < args.port < 65536:
        raise ArgumentError(f"--port must be between 1 and 65535; got {args.port}")
    token = args.token or secrets.token_urlsafe(24)
    if not token.strip():
        raise ArgumentError("--token must not be empty")
    corpus = getattr(args, "corpus", None)
    with tempfile.TemporaryDirectory(prefix="workbench-serve-") as tmp:
        folder = Path(tmp)
        served = notebook.resolve()
        if corpus is not None:
            (folder / "app").mkdir()
            served = prepare_notebook(notebook, folder / "app", corpus=str(corpus))
        data_dir = folder / "share"
        template = write_offline_template(data_dir)
        env = dict(os.environ)
        env["JUPYTER_PATH"] = os.pathsep.join(
            [str(data_dir), *filter(None, [os.environ.get("JUPYTER_PATH")])]
        )
        print(f"workbench serve: http://127.0.0.1:{args.port}/?token={token}", flush=True)
        proc = subprocess.Popen(
            voila_command(served, port=args.port, token=token, template=template), env=env
        )
        previous = signal.signal(signal.SIGTERM, _interrupt)  # stop Voila too when stopped
        try:
            return proc.wait()
        except KeyboardInterrupt:
            proc.terminate()
            try:
                return proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                return proc.wait()
        finally:
            signal.signal(signal.SIGTERM, previous)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt
