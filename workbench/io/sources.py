r"""Where articles come from: expanding paths, folders and globs, and decoding file bytes to text.

Decoding rules (shared by every text-based reader):

- ``.gz`` files are decompressed first (a truncated archive is reported, not half-read);
- a UTF-8 byte-order mark is dropped; UTF-16 (LE or BE) with a BOM is decoded as UTF-16;
- otherwise UTF-8; when that fails, cp1252 (Windows "ANSI"), with a warning naming the file;
- NUL bytes after decoding mean a binary file, which is reported;
- CRLF and lone CR line ends become ``\\n``.
"""

from __future__ import annotations

import codecs
import glob
import gzip
import os
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import pyarrow as pa

from workbench.errors import ArgumentError
from workbench.io.rejects import warn_caller

#: file suffix -> format name (after stripping a ``.gz`` suffix)
SUFFIX_FORMATS: dict[str, str] = {
    ".txt": "text",
    ".text": "text",
    ".art": "text",
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
    ".html": "html",
    ".htm": "html",
}

_GLOB_CHARS = set("*?[")


class DecodeError(Exception):
    """Raised by :func:`decode_bytes` when a file is not text (reason in ``args[0]``)."""


class SkippedFile(NamedTuple):
    """A file a folder walk left out: its path and why (``"unknown type"``)."""

    path: str
    reason: str


@dataclass
class Expansion:
    """What :func:`walk_sources` found.

    Attributes
    ----------
    files
        The files to read, in a deterministic order, each once.
    skipped
        Files inside folders that were left out because no reader knows their suffix.
    empty
        The sources (folders, glob patterns) that gave no file to read at all.
    """

    files: list[Path] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)


def expand_sources(source: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> list[Path]:
    """Return the files named by ``source``: a path, a folder (recursive), a glob, or a list.

    Folders contribute the files whose suffix (after ``.gz``) names a known format, in sorted
    order; hidden files and folders (``.name``) are left out silently. Files named directly are
    always kept, whatever their suffix. :func:`walk_sources` also says which files were left out
    and which sources gave none.

    Parameters
    ----------
    source
        Path, folder, glob pattern, or an iterable of these.

    Returns
    -------
    list of Path
        Files in a deterministic order, each once.

    Raises
    ------
    ArgumentError
        When a path does not exist, a glob matches nothing, or a URL is given (local files only).
    """
    expansion = walk_sources(source)
    for empty in expansion.empty:
        if not Path(empty).expanduser().is_dir():
            raise ArgumentError(f"glob pattern {empty!r} matches no file")
    return expansion.files


def walk_sources(source: str | os.PathLike[str] | Iterable[str | os.PathLike[str]]) -> Expansion:
    """Expand ``source`` like :func:`expand_sources`, keeping account of what was left out.

    A folder's files whose suffix names no known format are listed in ``skipped`` (hidden files
    and folders, ``.name``, are left out without being listed); a folder or glob pattern that
    gives no file to read is listed in ``empty``.

    Parameters
    ----------
    source
        Path, folder, glob pattern, or an iterable of these.

    Returns
    -------
    Expansion
        ``files``, ``skipped`` and ``empty``.

    Raises
    ------
    ArgumentError
        When a path does not exist or a URL is given (local files only).
    """
    items: list[str | os.PathLike[str]]
    if isinstance(source, (str, os.PathLike)):
        items = [source]
    else:
        items = list(source)
    out = Expansion()
    seen: set[Path] = set()
    for item in items:
        found = list(_expand_one(item, out.skipped))
        if not found:
            out.empty.append(os.fspath(item))
        for f in found:
            key = f.resolve()
            if key not in seen:
                seen.add(key)
                out.files.append(f)
    out.skipped = list(dict.fromkeys(out.skipped))
    return out


def _expand_one(item: str | os.PathLike[str], skipped: list[SkippedFile]) -> Iterator[Path]:
    text = os.fspath(item)
    if "://" in text:
        raise ArgumentError(
            f"source {text!r} is a URL: read_articles reads local files only "
            "(save the feed or page first)"
        )
    path = Path(text).expanduser()
    if path.is_dir():
        yield from _walk(path, skipped)
    elif path.is_file():
        yield path
    elif _GLOB_CHARS & set(text):
        for match in sorted(glob.glob(str(path), recursive=True)):
            m = Path(match)
            if m.is_dir():
                yield from _walk(m, skipped)
            elif m.is_file():
                yield m
    else:
        raise ArgumentError(f"source {text!r} does not exist")


def _walk(folder: Path, skipped: list[SkippedFile]) -> Iterator[Path]:
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith("."):
                continue  # hidden files are left out without a word (documented)
            path = Path(root) / name
            if format_from_suffix(path) is not None:
                yield path
            else:
                skipped.append(SkippedFile(str(path), "unknown type"))


def format_from_suffix(path: Path) -> str | None:
    """Return the format named by ``path``'s suffix (``.gz`` looked through), or None."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    if not suffixes:
        return None
    return SUFFIX_FORMATS.get(suffixes[-1])


def sniff_format(head: bytes) -> str:
    """Guess the format of a file without a known suffix from its first bytes."""
    text = head.lstrip(codecs.BOM_UTF8).lstrip()
    if text.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "text"
    lower = text[:512].lower()
    if lower.startswith(b"<?xml") or b"<rss" in lower or b"<feed" in lower:
        return "feed"
    if lower.startswith((b"<!doctype html", b"<html")):
        return "html"
    if lower.startswith(b"["):
        return "json"
    if lower.startswith(b"{"):
        return "jsonl"
    if head.startswith(b"PAR1"):
        return "parquet"
    return "text"


def read_bytes(path: Path) -> bytes:
    """Return the bytes of ``path``, decompressing ``.gz`` (:class:`DecodeError` if truncated)."""
    data = path.read_bytes()
    if path.suffix.lower() == ".gz":
        try:
            data = gzip.decompress(data)
        except (EOFError, OSError, zlib.error) as exc:
            raise DecodeError(f"truncated or corrupt gzip file ({exc})") from None
    return data


def decode_bytes(data: bytes, origin: str) -> str:
    r"""Decode file bytes to text with ``\\n`` line ends (see the module docstring for the rules).

    Parameters
    ----------
    data
        The file's bytes.
    origin
        The file's name, used in the cp1252 warning.

    Returns
    -------
    str
        The text.

    Raises
    ------
    DecodeError
        When the bytes are binary (NUL bytes) or undecodable.
    """
    if data.startswith(codecs.BOM_UTF8):
        text = _decode(data[len(codecs.BOM_UTF8) :], "utf-8")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = _decode(data, "utf-16")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            if b"\x00" in data:
                raise DecodeError("binary file (NUL bytes), not text") from None
            text = _decode(data, "cp1252")
            warn_caller(f"{origin}: not valid UTF-8; decoded as cp1252 (Windows-1252)")
    if "\x00" in text:
        raise DecodeError("binary file (NUL bytes), not text")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def utf8_array(data: bytes) -> pa.Array | None:
    """Return plain UTF-8 text (no BOM, no CR, no NUL) as a one-element Arrow array, else None.

    The common case skips the Python string entirely: Arrow validates the UTF-8 itself. Anything
    else (BOMs, UTF-16, cp1252, CRLF, binary) returns None and goes through :func:`decode_bytes`.
    """
    if data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    if b"\r" in data or b"\x00" in data:
        return None
    try:
        return pa.array([data], pa.large_binary()).cast(pa.large_string())
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return None


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(
            f"binary or undecodable file ({encoding}: {exc.reason} at byte {exc.start})"
        ) from None
