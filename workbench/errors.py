"""One exception hierarchy for the workbench; parse errors carry their file and line."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any


class WorkbenchError(Exception):
    """Base class of every error the workbench raises on purpose."""


class ArgumentError(WorkbenchError, ValueError):
    """An argument has a value outside its allowed set or range."""


class ParseError(WorkbenchError, ValueError):
    """A record in an input file could not be read.

    Parameters
    ----------
    reason
        What is wrong, in words an analyst understands.
    origin
        Where the record came from: a file path, a feed URL or ``"<DataFrame>"``.
    line
        1-based line number in the file, when known; where it cannot be known (a DataFrame,
        Parquet) it is None and ``reason`` names the row or item (``"row 3: empty title"``).
    excerpt
        A short piece of the offending input, when it helps.
    """

    def __init__(
        self,
        reason: str,
        *,
        origin: str | None = None,
        line: int | None = None,
        excerpt: str | None = None,
    ) -> None:
        self.reason = reason
        self.origin = origin
        self.line = line
        self.excerpt = excerpt
        super().__init__(self._message())

    def _message(self) -> str:
        where = ""
        if self.origin is not None:
            where = f"{self.origin}:{self.line}: " if self.line is not None else f"{self.origin}: "
        text = f"{where}{self.reason}"
        if self.excerpt:
            text += f" (near {self.excerpt[:80]!r})"
        return text


class SchemaError(WorkbenchError, ValueError):
    """A table does not have the columns or dtypes its schema requires."""


class RegistryError(ParseError):
    """An actor registry or topic taxonomy file is invalid (carries file and line)."""


def check_argument(name: str, value: Any, allowed: Collection[Any]) -> Any:
    """Return ``value`` if it is one of ``allowed``, else raise naming the allowed values.

    Parameters
    ----------
    name
        The argument's name, as the caller spelled it.
    value
        The value given.
    allowed
        The values accepted.

    Returns
    -------
    Any
        ``value`` unchanged.

    Raises
    ------
    ArgumentError
        When ``value`` is not in ``allowed``.
    """
    if value not in allowed:
        choices = ", ".join(repr(a) for a in allowed)
        raise ArgumentError(f"{name} must be one of {choices}; got {value!r}")
    return value
