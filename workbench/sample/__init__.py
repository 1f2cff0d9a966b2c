"""The embedded sample corpus: synthetic news articles with known answers, at any size.

The project writes its own articles (no third-party text): real-world actors with dated roles
(:mod:`workbench.sample.facts`), story lines that rise and fade (:mod:`workbench.sample.stories`),
several sources with their own house style, and a ground-truth record per article. The
quotations are invented and deliberately bland; the corpus is for demos, tests and benchmarks,
not a record of what anyone said.

>>> from workbench.sample import generate
>>> frame = generate(100, seed=1)  # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import gc
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from workbench.errors import ArgumentError
from workbench.sample.generator import END, START, generate_records, truth_actors, truth_json

__all__ = [
    "END",
    "START",
    "TRUTH_NAME",
    "actors_table",
    "generate",
    "generate_sample",
    "load_truth",
    "roles_table",
    "write_sample",
]

#: Name of the ground-truth sidecar inside the output folder. It is a dot-file so that
#: ``read_articles("data/sample")`` (which skips hidden files) reads the articles only.
TRUTH_NAME = ".truth.jsonl"

#: The last date the role tables are written for.
LATEST = "2026-12-31"


def _check(n: int, start: str, end: str) -> None:
    if not isinstance(n, int) or isinstance(n, bool) or n < 0:
        raise ArgumentError(f"n must be a whole number >= 0; got {n!r}")
    for name, value in (("start", start), ("end", end)):
        try:
            pd.Timestamp(value)
        except (ValueError, TypeError) as exc:
            raise ArgumentError(
                f"{name} must be an ISO date like 2025-01-31; got {value!r}"
            ) from exc
    first, last = _iso(start), _iso(end)
    if first > last:
        raise ArgumentError(f"start {start} is after end {end}")
    if first < START or last > LATEST:
        raise ArgumentError(
            f"the sample world covers {START} .. {LATEST} (role holders are known for those "
            f"dates only); got {first} .. {last}"
        )


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: the generator makes no cycles, only many objects."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _iso(value: Any) -> str:
    return str(pd.Timestamp(value).date())


def truth_record(rec: dict[str, Any]) -> dict[str, Any]:
    """Return the ground-truth record (JSON-ready) of one generated article.

    Parameters
    ----------
    rec
        A record from :func:`workbench.sample.generator.generate_records`.

    Returns
    -------
    dict
        ``ref``, ``date``, ``source``, ``title``, ``story``, ``topics``, ``actors`` (each with
        ``id``, ``name``, ``kind``, ``country``, ``surfaces``, ``hows``, ``n``), ``quotes``,
        ``duplicate_of``, ``near_duplicate_of``.
    """
    return {
        "ref": rec["ref"],
        "date": rec["date"],
        "source": rec["source"],
        "title": rec["title"],
        "story": rec["story"],
        "topics": rec["topics"],
        "actors": truth_actors(rec),
        "quotes": rec["quotes"],
        "duplicate_of": rec["duplicate_of"],
        "near_duplicate_of": rec["near_duplicate_of"],
    }


def generate(
    n: int, *, seed: int = 0, start: str = START, end: str = END
) -> pd.DataFrame:
    """Generate ``n`` synthetic articles with their ground truth.

    Parameters
    ----------
    n
        Number of articles, exact and near duplicates included (about 1.5 % and 3 %).
    seed
        Seed of every random draw: the same seed gives the same articles, byte for byte.
    start, end
        ISO dates bounding the corpus, inclusive (default 2024-12-01 .. 2026-11-20).

    Returns
    -------
    pandas.DataFrame
        One row per article, in date order: ``ref`` (unique), ``date`` (UTC), ``source``,
        ``title``, ``body`` (paragraphs joined by newlines, starting with the "(SOURCE)" lead),
        ``story`` (main topic id), ``topics`` (list of topic ids), ``actors`` (list of dicts:
        ``id``, ``name``, ``kind``, ``country``, ``surfaces``, ``hows``, ``n``), ``quotes``
        (list of ``{"speaker", "text"}``), ``duplicate_of`` and ``near_duplicate_of`` (the ref
        of the original, or None).

    Raises
    ------
    ArgumentError
        For a negative ``n`` or a bad date.
    """
    _check(n, start, end)
    rows = []
    with _no_gc():
        for rec in generate_records(n, seed=seed, start=_iso(start), end=_iso(end)):
            t = truth_record(rec)
            t["body"] = "\n".join(rec["paragraphs"])
            rows.append(t)
    columns = ["ref", "date", "source", "title", "body", "story", "topics", "actors", "quotes",
               "duplicate_of", "near_duplicate_of"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["date"] = pd.to_datetime(frame["date"], utc=True).astype("datetime64[ns, UTC]")
    for col in ("duplicate_of", "near_duplicate_of"):
        frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    return frame


def article_text(rec: dict[str, Any]) -> str:
    """Return one article in the seed text format: header, title, one line per paragraph."""
    head = f" date {rec['date']} {rec['ref']}\n{rec['title']}\n"
    return head + "\n".join(rec["paragraphs"]) + "\n"


def iter_files(
    n: int, *, seed: int = 0, per_file: int = 250, start: str = START, end: str = END
) -> Iterator[tuple[int, str, list[tuple[dict[str, Any], int]]]]:
    """Yield ``(file_number, text, [(record, header_line), ...])`` per output file, in memory."""
    _check(n, start, end)
    if not isinstance(per_file, int) or per_file < 1:
        raise ArgumentError(f"per_file must be a whole number >= 1; got {per_file!r}")
    parts: list[str] = []
    recs: list[tuple[dict[str, Any], int]] = []
    line = 1
    k = 0
    for rec in generate_records(n, seed=seed, start=_iso(start), end=_iso(end)):
        parts.append(article_text(rec))
        recs.append((rec, line))
        line += 2 + len(rec["paragraphs"])
        if len(parts) == per_file:
            yield k, "".join(parts), recs
            parts, recs, line, k = [], [], 1, k + 1
    if parts:
        yield k, "".join(parts), recs


def write_sample(
    out: str | os.PathLike[str],
    n: int,
    *,
    seed: int = 0,
    per_file: int = 250,
    start: str = START,
    end: str = END,
) -> list[Path]:
    """Write ``n`` generated articles in the article text format, plus the ground truth.

    Files are ``articles-00000.txt``, ``articles-00001.txt``, ... with ``per_file`` articles each
    (``per_file=1``: one article per file), and :data:`TRUTH_NAME` (JSON Lines, one record per
    article, see :func:`generate`, plus ``file`` and ``line`` of its header). Article files and the
    truth file left by an earlier run in ``out`` are removed first, so the folder holds exactly
    this corpus. The same arguments give byte-identical files.

    Parameters
    ----------
    out
        Output folder (created if needed).
    n
        Number of articles.
    seed
        Seed of every random draw.
    per_file
        Articles per file.
    start, end
        ISO dates bounding the corpus, inclusive.

    Returns
    -------
    list of Path
        The article files written (the truth file is ``out / TRUTH_NAME``).
    """
    _check(n, start, end)
    if not isinstance(per_file, int) or per_file < 1:
        raise ArgumentError(f"per_file must be a whole number >= 1; got {per_file!r}")
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("articles-*.txt"):
        old.unlink()
    n_files = max(1, -(-n // per_file))
    width = max(5, len(str(n_files - 1)))
    written = []
    truth_tmp = folder / (TRUTH_NAME + ".tmp")
    with _no_gc(), open(truth_tmp, "w", encoding="utf-8", newline="\n") as truth:
        for k, text, recs in iter_files(
            n, seed=seed, per_file=per_file, start=start, end=end
        ):
            path = folder / f"articles-{k:0{width}d}.txt"
            path.write_bytes(text.encode("utf-8"))
            written.append(path)
            name = path.name
            truth.write("".join(truth_json(rec, name, line) for rec, line in recs))
    os.replace(truth_tmp, folder / TRUTH_NAME)
    return written


def load_truth(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read the ground truth written by :func:`write_sample`.

    Parameters
    ----------
    path
        The output folder, or the truth file itself.

    Returns
    -------
    pandas.DataFrame
        One row per article (``ref`` as text), columns as in :func:`generate` (without
        ``body``) plus ``file`` and ``line``.
    """
    p = Path(path)
    if p.is_dir():
        p = p / TRUTH_NAME
    if not p.is_file():
        raise ArgumentError(f"no ground truth at {p}; write it with `workbench sample --out`")
    frame = pd.read_json(p, lines=True, dtype=False)
    for col in ("duplicate_of", "near_duplicate_of"):
        frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    frame["date"] = pd.to_datetime(frame["date"], utc=True).astype("datetime64[ns, UTC]")
    return frame


#: The name exported as ``workbench.generate_sample``.
generate_sample = generate


def actors_table() -> pd.DataFrame:
    """Return every actor of the sample world with the written forms the generator uses.

    Handy to check an actor registry against the corpus: each row is ``id``, ``name``, ``kind``,
    ``country`` (affiliation), ``short`` (later-mention form or acronym), ``demonym``,
    ``capital`` (standing for the government) and ``aliases``.

    Returns
    -------
    pandas.DataFrame
        One row per actor, sorted by kind then id.
    """
    from workbench.sample.generator import ACTORS

    rows = [
        {"id": a.id, "name": a.name, "kind": a.kind, "country": a.country, "short": a.short,
         "demonym": a.demonym, "capital": a.capital, "aliases": list(a.aliases)}
        for a in ACTORS.values()
    ]
    return pd.DataFrame(rows).sort_values(["kind", "id"], ignore_index=True)


def roles_table() -> pd.DataFrame:
    """Return the dated role holders of the sample world (see :mod:`workbench.sample.facts`).

    Returns
    -------
    pandas.DataFrame
        ``role`` (e.g. ``"USA.president"``), ``person`` (actor id), ``title`` (as written before
        the name, e.g. ``"US President"``), ``role_only`` ("the US president"), ``start`` and
        ``end`` (ISO dates; end exclusive; None = open).
    """
    from workbench.sample import facts

    rows = []
    for key, (prefix, _actor, office, role_only, _fmt, holders) in facts.ROLES.items():
        for person, start, end, office_ovr, role_ovr in holders:
            rows.append({
                "role": key, "person": person,
                "title": f"{prefix} {office_ovr or office}".strip(),
                "role_only": role_ovr or role_only, "start": start, "end": end,
            })
    return pd.DataFrame(rows)
