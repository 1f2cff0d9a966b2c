"""Writing articles: the seed text format, Parquet (schema round-trips) and CSV."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from workbench.errors import ArgumentError
from workbench.schema import DATE_DTYPE


def format_header(date: pd.Timestamp, ref: str | None) -> str:
    """Return the header line of one article: ``" date 2026-01-27 REF"`` (seed format).

    Midnight UTC is written as the date alone; other instants as ISO 8601 in UTC
    (``2026-01-27T10:00:00Z``), which the reader parses back to the same instant.
    """
    ts = pd.Timestamp(date)
    ts = ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
    if ts == ts.normalize():
        text = ts.strftime("%Y-%m-%d")
    else:
        text = (
            ts.strftime("%Y-%m-%dT%H:%M:%S")
            + (f".{ts.microsecond:06d}" if ts.microsecond else "")
            + "Z"
        )
    return f" date {text} {ref}" if ref else f" date {text}"


def articles_to_text(frame: pd.DataFrame) -> str:
    """Return the articles of ``frame`` in the seed text format, one after another.

    Parameters
    ----------
    frame
        Columns ``date``, ``title``, ``body`` and optionally ``ref``.

    Returns
    -------
    str
        Header line, title line, body lines for each article; ends with a newline.

    Raises
    ------
    ArgumentError
        When an article cannot be written faithfully: missing date, empty title or body, a
        title with a line break, a body line that would read as a header line, or a ref with
        white space.
    """
    from workbench.io.textformat import HEADER_LIKE

    dates = pd.to_datetime(frame["date"], utc=True).astype(DATE_DTYPE)
    refs = frame["ref"] if "ref" in frame.columns else pd.Series([None] * len(frame))
    parts: list[str] = []
    for i, (date, title, body, ref) in enumerate(
        zip(dates, frame["title"], frame["body"], refs, strict=True)
    ):
        where = f"article {i} ({str(title)[:40]!r})"
        if pd.isna(date):
            raise ArgumentError(f"{where} has no date; the text format needs one")
        if not isinstance(title, str) or not title.strip() or "\n" in title.strip():
            raise ArgumentError(f"{where}: title must be one non-empty line")
        if not isinstance(body, str) or not body.strip():
            raise ArgumentError(f"{where}: body is empty")
        ref_text = None if ref is None or (not isinstance(ref, str) and pd.isna(ref)) else str(ref)
        if ref_text is not None and (not ref_text or len(ref_text.split()) != 1):
            raise ArgumentError(f"{where}: ref {ref_text!r} must be one token without spaces")
        # blank lines carry nothing in the text format, trailing spaces are dropped by the reader
        body_text = "\n".join(line.rstrip() for line in body.strip().split("\n") if line.strip())
        if HEADER_LIKE.search(body_text):
            raise ArgumentError(f"{where}: a body line would read as a header line")
        parts.append(f"{format_header(date, ref_text)}\n{title.strip()}\n{body_text}\n")
    return "".join(parts)


def write_articles_text(
    frame: pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    per_file: int | None = None,
) -> list[Path]:
    r"""Write articles in the seed text format (UTF-8, ``\\n`` line ends).

    Parameters
    ----------
    frame
        Articles (``date``, ``title``, ``body``, optional ``ref``).
    path
        The file to write; with ``per_file``, a folder that receives ``articles-00000.txt``,
        ``articles-00001.txt``, ... (created if needed). A ``.gz`` file name is gzip-compressed.
    per_file
        Articles per file; None writes one file.

    Returns
    -------
    list of Path
        The files written.
    """
    target = Path(path)
    if per_file is None:
        _write(target, articles_to_text(frame))
        return [target]
    if per_file < 1:
        raise ArgumentError(f"per_file must be at least 1; got {per_file}")
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for k, start in enumerate(range(0, len(frame), per_file)):
        out = target / f"articles-{k:05d}.txt"
        _write(out, articles_to_text(frame.iloc[start : start + per_file]))
        written.append(out)
    return written


def _write(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    if path.suffix.lower() == ".gz":
        import gzip

        data = gzip.compress(data)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_articles(frame: pd.DataFrame, path: str | os.PathLike[str]) -> Path:
    """Write an ``articles`` frame to Parquet, CSV or the text format, chosen by suffix.

    Parquet keeps every dtype, the UTC dates and the ``origins`` list column, so
    ``pd.read_parquet`` (or :func:`workbench.read_articles`) gives the same frame back. CSV writes
    ``origins`` as ``;``-joined text and dates in ISO 8601.

    Parameters
    ----------
    frame
        The frame to write.
    path
        ``.parquet``, ``.csv`` or ``.txt`` file.

    Returns
    -------
    Path
        The file written.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    if suffix in (".parquet", ".pq"):
        frame.to_parquet(tmp, index=False)
    elif suffix == ".csv":
        out = frame.copy()
        if "origins" in out.columns:
            out["origins"] = [";".join(o) for o in out["origins"]]
        if "date" in out.columns:
            out["date"] = out["date"].map(lambda d: d.isoformat() if pd.notna(d) else "")
        out.to_csv(tmp, index=False)
    elif suffix in (".txt", ".gz"):
        write_articles_text(frame, target)
        return target
    else:
        raise ArgumentError(f"output must end in .parquet, .csv or .txt; got {target.name!r}")
    os.replace(tmp, target)
    return target
