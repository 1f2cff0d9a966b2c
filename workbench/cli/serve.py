"""``workbench serve``: a notebook (by default the explorer) as a token-gated Voila app."""

from __future__ import annotations

import argparse
import secrets
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

DEFAULT_NOTEBOOK = Path(__file__).resolve().parents[2] / "notebooks" / "02-explorer.ipynb"


def voila_command(notebook: Path, *, port: int, token: str) -> list[str]:
    """Return the command line that serves ``notebook`` with Voila on loopback behind ``token``.

    Parameters
    ----------
    notebook
        The notebook to serve (its code is hidden; outputs and widgets are live).
    port
        TCP port on 127.0.0.1.
    token
        Required as ``?token=...`` (or an ``Authorization: token ...`` header) on every request.

    Returns
    -------
    list of str
        Arguments for :class:`subprocess.Popen`.
    """
    return [
        sys.executable, "-m", "voila", str(notebook),
        f"--port={port}", "--no-browser", "--Voila.ip=127.0.0.1",
        f"--Voila.token={token}",
    ]


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
    print(f"workbench serve: http://127.0.0.1:{args.port}/?token={token}", flush=True)
    proc = subprocess.Popen(voila_command(notebook.resolve(), port=args.port, token=token))
    previous = signal.signal(signal.SIGTERM, _interrupt)  # stop Voila too when we are stopped
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
