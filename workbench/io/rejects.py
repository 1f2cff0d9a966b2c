"""Bad-input bookkeeping: every record is either loaded or reported, never dropped silently.

A :class:`Rejects` collector is handed to every reader. Under ``errors="raise"`` the first bad
record raises :class:`workbench.errors.ParseError` naming the file and line; under ``"warn"`` and
``"skip"`` it is kept as one row of the rejects frame (columns :data:`REJECT_COLUMNS`).
"""

from __future__ import annotations

import os
import sys
import warnings

import pandas as pd

from workbench.errors import ParseError, check_argument

#: Allowed values of the ``errors`` argument.
ERRORS = ("raise", "warn", "skip")

#: Columns of the rejects frame: where (file or feed), which line of it (missing when not known:
#: then the reason names the row or item), why, and a piece of it.
REJECT_COLUMNS = ("origin", "line", "reason", "excerpt")

_EXCERPT_CHARS = 120
_IO_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep


def warn_caller(message: str, category: type[Warning] = UserWarning) -> None:
    """Warn, attributing the warning to the first caller outside :mod:`workbench.io`.

    However deep in the readers a warning is raised, it points at the line that called
    :func:`workbench.io.read_articles` (or another entry point), not at the readers' code.

    Parameters
    ----------
    message
        The warning's text.
    category
        The warning's class.
    """
    level = 2
    frame = sys._getframe(1)
    while frame is not None and frame.f_code.co_filename.startswith(_IO_DIR):
        frame = frame.f_back
        level += 1
    warnings.warn(message, category, stacklevel=level)


def excerpt_of(text: str | None) -> str:
    """Return a short one-line excerpt of ``text`` for error messages and the rejects frame."""
    if not text:
        return ""
    flat = " ".join(str(text).split())
    return flat[:_EXCERPT_CHARS]


class Rejects:
    """Collect bad records, or raise at the first one, depending on ``errors``.

    Parameters
    ----------
    errors
        ``"raise"`` (default of the readers), ``"warn"`` or ``"skip"``.
    """

    def __init__(self, errors: str = "raise") -> None:
        self.errors = check_argument("errors", errors, ERRORS)
        self.rows: list[tuple[str, int | None, str, str]] = []

    def add(self, origin: str, line: int | None, reason: str, excerpt: str | None = None) -> None:
        """Report one bad record; raises :class:`ParseError` under ``errors="raise"``.

        Parameters
        ----------
        origin
            File path, feed or ``"<DataFrame>"``.
        line
            1-based line of the record in its file, when known (a CSV record's first line, a
            feed item's start tag); when it is not, ``reason`` names the row or item instead.
        reason
            What is wrong.
        excerpt
            The offending input (shortened here).
        """
        short = excerpt_of(excerpt)
        if self.errors == "raise":
            raise ParseError(reason, origin=origin, line=line, excerpt=short or None)
        self.rows.append((origin, line, reason, short))

    def __len__(self) -> int:
        return len(self.rows)

    def frame(self) -> pd.DataFrame:
        """Return the rejects: columns ``origin``, ``line``, ``reason``, ``excerpt``."""
        origin, line, reason, excerpt = (
            (list(c) for c in zip(*self.rows, strict=True)) if (self.rows) else ([], [], [], [])
        )
        return pd.DataFrame(
            {
                "origin": pd.Series(origin, dtype="str"),
                "line": pd.Series(line, dtype="Int64"),
                "reason": pd.Series(reason, dtype="str"),
                "excerpt": pd.Series(excerpt, dtype="str"),
            }
        )

    def warn_if_any(self) -> None:
        """Under ``errors="warn"``, warn once with the number of rejected records."""
        if self.errors == "warn" and self.rows:
            first = self.rows[0]
            where = f"{first[0]}:{first[1]}" if first[1] is not None else first[0]
            warn_caller(
                f"{len(self.rows)} record(s) rejected (first: {where}: {first[2]}); "
                "call workbench.io.read_articles_with_rejects(...) for the rejects frame"
            )
