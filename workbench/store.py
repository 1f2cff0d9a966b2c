"""Article store: the three tables as partitioned Parquet, ingested incrementally and atomically.

A store is a directory at any fsspec URL (a local path, ``file://...``, ``memory://...``, ...)::

    ROOT/
      _manifest.json                              the commit: files readers may see, and the runs
      _lock                                       held by the one ingest running (pid, host, run id)
      _staging/RUN_ID/TABLE/year=Y/month=M/...    files being written by a run; never read
      articles/year=2026/month=1/part-RUN_ID.parquet
      mentions/year=2026/month=1/part-RUN_ID.parquet
      topics/year=2026/month=1/part-RUN_ID.parquet

The partitions are hive-style, by the year and month (UTC) of the article's date; ``mentions`` and
``topics`` rows sit in the partition of their article, so a date filter prunes all three tables.
Articles without a date go to ``year=0/month=0``. Each run writes at most one file per table and
partition, streaming one row group per chunk of articles; sources are read one file at a time, so
ingest memory is bounded by the largest source file and one chunk, not by the corpus.

The manifest (JSON) lists the committed ``files`` (table, path, year, month, rows, bytes, run id)
and the ``runs``: run id, start and finish times, host and pid, executor, chunk size, the
registry and taxonomy files the run enriched with (absolute paths and SHA-256), and per source
its name as given, absolute path, size, mtime, SHA-256, status, articles read, new, rejected and
already stored. Stored articles are never enriched again, so the run's enrichment record is how
to tell which rows came from an older registry.

Commit protocol (why a run killed at any instant leaves the store readable and consistent):

1. ``ingest`` takes the lock (``_lock``, created exclusively; a lock left by a dead process on this
   host is broken with a message) and removes what a killed run may have left: ``_staging/`` and any
   table file that the manifest does not list.
2. Data files are written under ``_staging/RUN_ID/`` only.
3. When every chunk is written, the files are moved to their final names (``os.replace`` locally,
   ``fs.mv`` elsewhere). A file at a final name is therefore always complete, but it is not yet
   *committed*.
4. The new manifest (old files + new files + a record of this run) is written to a temporary name
   and published with ``os.replace`` (``fs.mv`` elsewhere). That single replacement is the commit.

Readers (:func:`open_store`, :func:`sql`, :func:`connect`) read the manifest once and open only the
files it lists, so they never see a half-written file, an uncommitted file, or a partial run: before
step 4 they see the store as it was, after it they see the whole run. Ingest never deletes or
rewrites a committed file, so a reader holding an older manifest keeps working. Tools that glob the
directories directly (``dask.dataframe.read_parquet(ROOT + "/articles")``) may see uncommitted
files published in step 3 by a run killed before step 4, until the next ingest removes them; use
the manifest's file list (:func:`committed_files`) with such tools, e.g.
``dask.dataframe.read_parquet(committed_files(ROOT, "articles"))``. One writer at a time: the lock
is atomic on local disks (``O_EXCL``); on object stores it is advisory.

Reading with a filter (:func:`open_store`, :func:`scan`) opens only the partitions of the
filter's months, finds the ids of the articles mentioning the filter's actors (or tagged with its
topics) in ``mentions`` (``topics``) first, then reads those articles and their mentions and topics
(DuckDB semi-joins), and finally applies ``Corpus.filter`` for the exact answer.

Incremental: articles are deduplicated by ``article_id`` against what is stored (and against earlier
sources of the same run); a source file whose size and SHA-256 match a committed source is skipped.
A new copy of a stored article updates nothing (``n_copies`` and ``origins`` of the stored row stay
as they were): it is reported in :attr:`IngestReport.already_stored` and counted in the manifest.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import itertools
import json
import os
import socket
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from workbench import schema
from workbench.enrich import Enriched
from workbench.errors import ArgumentError, WorkbenchError, check_argument

TABLE_NAMES = ("articles", "mentions", "topics")
MANIFEST = "_manifest.json"
LOCK = "_lock"
STAGING = "_staging"
FORMAT = "workbench-store"
FORMAT_VERSION = 1
#: Environment variable naming a point where ingest pauses (prints ``paused at NAME`` to stderr and
#: sleeps) so that tests can kill the process there: ``chunk-written`` (staging files half
#: written), ``before-publish`` or ``before-commit`` (files published but not committed).
PAUSE_ENV = "WORKBENCH_STORE_PAUSE"
DEFAULT_CHUNK_SIZE = 20_000
#: how many already-stored copies a run records by example in the manifest (all are counted)
MANIFEST_EXAMPLES = 50

_ARROW_TYPES: dict[str, pa.DataType] = {
    "str": pa.string(),
    schema.DATE_DTYPE: pa.timestamp("ns", tz="UTC"),
    "int64": pa.int64(),
    "float64": pa.float64(),
}
_PARTITION_TYPES = {"year": pa.int32(), "month": pa.int32()}
#: row order of a filtered read of mentions and topics (a plain read keeps the files' order)
ORDER = {"mentions": 'article_id, start, "end", actor_id', "topics": "article_id, topic, method"}


def _table_columns(table: str) -> dict[str, str]:
    columns = dict(schema.TABLES[table])
    if table == "articles":
        columns.update(schema.ARTICLES_ENRICHED)
    return columns


def arrow_schema(table: str) -> pa.Schema:
    """Return the Parquet (Arrow) schema the store writes for ``table``.

    Parameters
    ----------
    table
        One of ``"articles"``, ``"mentions"``, ``"topics"``.

    Returns
    -------
    pyarrow.Schema
        The schema's columns (``articles`` with ``tone``) in order; ``origins`` is ``list<string>``.
    """
    fields = []
    for name, dtype in _table_columns(table).items():
        if name == "origins":
            fields.append(pa.field(name, pa.list_(pa.string())))
        else:
            fields.append(pa.field(name, _ARROW_TYPES[dtype]))
    return pa.schema(fields)


# --------------------------------------------------------------------------------------------
# locations


@dataclass(frozen=True)
class _Location:
    """A store root resolved to an fsspec filesystem and a path on it."""

    url: str
    fs: Any
    root: str

    @property
    def local(self) -> bool:
        return "file" in _protocols(self.fs)

    def path(self, *parts: str) -> str:
        return "/".join([self.root.rstrip("/"), *parts])

    def duckdb_path(self, relative: str) -> str:
        """Return the name DuckDB opens for a file under the root (a URL when not local)."""
        full = self.path(relative)
        if self.local:
            return full
        return f"{_protocols(self.fs)[0]}://{full.lstrip('/')}"


def _protocols(fs: Any) -> tuple[str, ...]:
    protocol = fs.protocol
    return (protocol,) if isinstance(protocol, str) else tuple(protocol)


def _locate(store: str | os.PathLike[str]) -> _Location:
    import fsspec

    url = os.fspath(store)
    if not url:
        raise ArgumentError("store must be a directory path or an fsspec URL; got ''")
    fs, root = fsspec.core.url_to_fs(url)
    if "file" in _protocols(fs):
        root = os.path.abspath(root)
    return _Location(url=url, fs=fs, root=root.rstrip("/") or "/")


def _replace(loc: _Location, source: str, target: str) -> None:
    """Move ``source`` to ``target`` in one step (``os.replace`` on local disks)."""
    if loc.local:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.replace(source, target)
    else:
        loc.fs.makedirs(target.rsplit("/", 1)[0], exist_ok=True)
        loc.fs.mv(source, target)


def _fsync(loc: _Location, path: str) -> None:
    if loc.local:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _pause(point: str) -> None:
    """Stop here (for ever) when the environment asks for it: a test then kills the process."""
    if os.environ.get(PAUSE_ENV) == point:
        import sys

        print(f"paused at {point}", file=sys.stderr, flush=True)
        while True:  # pragma: no cover - the test kills us
            time.sleep(60)


# --------------------------------------------------------------------------------------------
# manifest


def _empty_manifest() -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "partitioning": ["year", "month"],
        "files": [],
        "runs": [],
    }


def read_manifest(store: str | os.PathLike[str]) -> dict[str, Any]:
    """Return the committed manifest of ``store`` (an empty one when nothing was ingested yet).

    Parameters
    ----------
    store
        The store's directory or fsspec URL.

    Returns
    -------
    dict
        ``files``: one entry per committed data file (``table``, ``path`` relative to the root,
        ``year``, ``month``, ``rows``, ``bytes``, ``run_id``); ``runs``: one record per ingest run
        (``run_id``, ``started``, ``finished``, ``sources`` with sizes, mtimes and SHA-256,
        counts, already-stored copies).

    Raises
    ------
    WorkbenchError
        When the manifest exists but is not a workbench store manifest.
    """
    return _read_manifest(_locate(store))


def _read_manifest(loc: _Location, *, must_exist: bool = False) -> dict[str, Any]:
    path = loc.path(MANIFEST)
    if not loc.fs.exists(path):
        if must_exist:
            raise ArgumentError(
                f"{loc.url}: not a workbench store (no {MANIFEST}); create one with "
                "'workbench ingest SOURCE... --store DIR'"
            )
        return _empty_manifest()
    with loc.fs.open(path, "rb") as handle:
        raw = handle.read()
    try:
        manifest = json.loads(raw)
    except ValueError as exc:
        raise WorkbenchError(f"{path}: not a valid store manifest ({exc})") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise WorkbenchError(f"{path}: not a workbench store manifest (format != {FORMAT!r})")
    if manifest.get("version") != FORMAT_VERSION:
        raise WorkbenchError(
            f"{path}: store format version {manifest.get('version')!r}; "
            f"this workbench reads version {FORMAT_VERSION}"
        )
    return manifest


def _write_manifest(loc: _Location, manifest: dict[str, Any], run_id: str) -> None:
    """Commit ``manifest``: write it to a temporary name, then replace the old one in one step."""
    data = json.dumps(manifest, indent=1, ensure_ascii=False).encode("utf-8")
    temporary = loc.path(f".{MANIFEST}.{run_id}.tmp")
    with loc.fs.open(temporary, "wb") as handle:
        handle.write(data)
    _fsync(loc, temporary)
    _replace(loc, temporary, loc.path(MANIFEST))
    if loc.local:
        _fsync(loc, loc.root)


def committed_files(store: str | os.PathLike[str], table: str) -> list[str]:
    """Return the committed data files of ``table``, as names DuckDB/fsspec can open.

    Parameters
    ----------
    store
        The store's directory or fsspec URL.
    table
        One of ``"articles"``, ``"mentions"``, ``"topics"``.

    Returns
    -------
    list of str
        Full paths (URLs when the store is not local), in commit order.
    """
    check_argument("table", table, TABLE_NAMES)
    loc = _locate(store)
    manifest = _read_manifest(loc, must_exist=True)
    return [loc.duckdb_path(f["path"]) for f in manifest["files"] if f["table"] == table]


# --------------------------------------------------------------------------------------------
# lock


@contextlib.contextmanager
def _locked(loc: _Location, run_id: str) -> Iterator[None]:
    path = loc.path(LOCK)
    info = {
        "run_id": run_id,
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "started": _now(),
    }
    payload = json.dumps(info).encode("utf-8")
    for attempt in range(2):
        if _try_create(loc, path, payload):
            break
        holder = _lock_holder(loc, path)
        if attempt == 0 and _is_stale(holder):
            import warnings

            warnings.warn(
                f"{path}: breaking the lock of run {holder.get('run_id')} (pid {holder.get('pid')} "
                "is gone); its uncommitted files are removed",
                stacklevel=4,
            )
            loc.fs.rm(path)
            continue
        raise WorkbenchError(
            f"{path}: the store is being written by run {holder.get('run_id')} "
            f"(pid {holder.get('pid')} on {holder.get('host')}, since {holder.get('started')}); "
            "if no ingest is running, delete this lock file"
        )
    try:
        yield
    finally:
        with contextlib.suppress(FileNotFoundError):
            loc.fs.rm(path)


def _try_create(loc: _Location, path: str, payload: bytes) -> bool:
    if loc.local:
        os.makedirs(loc.root, exist_ok=True)
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            return False
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
        return True
    # Not atomic on every filesystem: the store is documented as one writer at a time.
    if loc.fs.exists(path):
        return False
    loc.fs.makedirs(loc.root, exist_ok=True)
    with loc.fs.open(path, "wb") as handle:
        handle.write(payload)
    return True


def _lock_holder(loc: _Location, path: str) -> dict[str, Any]:
    try:
        with loc.fs.open(path, "rb") as handle:
            return dict(json.loads(handle.read()))
    except (OSError, ValueError):
        return {}


def _is_stale(holder: dict[str, Any]) -> bool:
    """Tell whether a lock's process, on this host, no longer exists."""
    if holder.get("host") != socket.gethostname() or not isinstance(holder.get("pid"), int):
        return False
    try:
        os.kill(holder["pid"], 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


# --------------------------------------------------------------------------------------------
# writing


def _to_arrow(
    frame: pd.DataFrame, table: str, extras: dict[str, pa.DataType], order: np.ndarray | None = None
) -> pa.Table:
    """Convert one table's frame to Arrow with the store's fixed types (plus any extra columns).

    Columns go to Arrow without a round trip through Python objects: Arrow-backed strings as
    they are, categoricals as dictionaries (their codes), decoded to plain strings only after
    the rows are put in ``order`` (positions), so the take moves integers rather than text.
    """
    base = arrow_schema(table)
    missing = [name for name in base.names if name not in frame.columns]
    if missing:
        raise WorkbenchError(f"cannot store {table}: enrichment returned no columns {missing}")
    arrays = []
    fields = []
    for name in frame.columns:
        if name in ("year", "month"):
            continue
        column = frame[name]
        if name in base.names:
            target = base.field(name).type
        elif name in extras:
            target = extras[name]
        else:
            target = _arrow_array(column).type
            if pa.types.is_dictionary(target):
                target = target.value_type
            if pa.types.is_null(target):
                target = pa.string()
            extras[name] = target
        if name == "origins":
            array = _origins_array(column, target)
        elif pa.types.is_timestamp(target):
            dates = pd.to_datetime(column, utc=True).astype(schema.DATE_DTYPE)
            array = pa.array(dates, type=target)
        elif isinstance(column.dtype, pd.CategoricalDtype):
            array = _arrow_array(column)
        else:
            array = pa.array(column, type=target, from_pandas=True)
        arrays.append(array)
        fields.append(pa.field(name, target))
    names = [f.name for f in fields]
    ordered = base.names + sorted(n for n in names if n not in base.names)
    result = pa.Table.from_arrays(arrays, names=names)
    if order is not None:
        result = result.take(pa.array(order))
    return result.cast(pa.schema(fields)).select(ordered)


def _origins_array(column: pd.Series, target: pa.DataType) -> pa.Array:
    """Convert the ``origins`` lists to Arrow lists of strings (in C when they hold strings)."""
    try:
        return pa.array(column.to_numpy(dtype=object), type=target, from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError):
        values = [None if v is None else [str(x) for x in v] for v in column.tolist()]
        return pa.array(values, type=target)


def _arrow_array(column: pd.Series) -> pa.Array | pa.ChunkedArray:
    """``column`` as Arrow: zero-copy for Arrow-backed strings, a dictionary for categoricals."""
    return pa.array(column, from_pandas=True)


def _article_ids(column: pd.Series) -> pa.Array:
    """Article ids as one plain Arrow string array (decoded when they come as a categorical)."""
    ids = _arrow_array(column).cast(pa.string())
    return ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids


def _partitions(dates: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    when = pd.to_datetime(dates, utc=True)
    year = when.dt.year.fillna(0).astype("int64").to_numpy()
    month = when.dt.month.fillna(0).astype("int64").to_numpy()
    return year, month


class _RunWriter:
    """Streams one run's rows into staging files, one per table and partition, then publishes."""

    def __init__(self, loc: _Location, run_id: str) -> None:
        self.loc = loc
        self.run_id = run_id
        self.writers: dict[tuple[str, int, int], tuple[Any, Any, str]] = {}
        self.rows: dict[tuple[str, int, int], int] = {}
        self.extras: dict[str, dict[str, pa.DataType]] = {t: {} for t in TABLE_NAMES}
        self.schemas: dict[str, pa.Schema] = {}
        self.counts = dict.fromkeys(TABLE_NAMES, 0)

    def relative(self, table: str, year: int, month: int) -> str:
        return f"{table}/year={year}/month={month}/part-{self.run_id}.parquet"

    def add(self, articles: pd.DataFrame, mentions: pd.DataFrame, topics: pd.DataFrame) -> None:
        """Append one enriched chunk (mentions and topics go to their article's partition).

        Each table of the chunk is converted to Arrow once, put in partition order (stable, so
        rows keep their order within a partition) and written as one slice per partition.
        """
        year, month = _partitions(articles["date"])
        months = year * 100 + month
        ids = _article_ids(articles["article_id"])
        if pc.count_distinct(ids).as_py() != len(ids):
            raise WorkbenchError("an enriched chunk holds the same article id twice")
        keys = {"articles": months}
        for name, frame in (("mentions", mentions), ("topics", topics)):
            refs = _article_ids(frame["article_id"])
            at = pc.index_in(refs, value_set=ids)
            if at.null_count:
                lost = pc.filter(refs, pc.is_null(at))
                orphans = pc.unique(lost)[:5].to_pylist()
                raise WorkbenchError(f"{name} rows refer to articles not in the chunk: {orphans}")
            keys[name] = months[np.asarray(at, dtype=np.int64)]
        for table, frame in (("articles", articles), ("mentions", mentions), ("topics", topics)):
            if frame.empty:
                continue
            key = keys[table]
            order = np.argsort(key, kind="stable")
            data = _to_arrow(frame, table, self.extras[table], order)
            ordered = key[order]
            bounds = np.flatnonzero(np.diff(ordered)) + 1
            starts = np.concatenate(([0], bounds))
            ends = np.concatenate((bounds, [len(ordered)]))
            for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
                ym = int(ordered[a])
                self._write(table, ym // 100, ym % 100, data.slice(a, b - a))

    def _write(self, table: str, year: int, month: int, data: pa.Table) -> None:
        wanted = self.schemas.setdefault(table, data.schema)
        if data.schema != wanted:
            data = data.select([n for n in wanted.names if n in data.schema.names])
            for name in wanted.names:
                if name not in data.schema.names:
                    data = data.append_column(
                        wanted.field(name), pa.nulls(len(data), wanted.field(name).type)
                    )
            data = data.select(wanted.names).cast(wanted)
        key = (table, year, month)
        if key not in self.writers:
            path = self.loc.path(STAGING, self.run_id, self.relative(table, year, month))
            self.loc.fs.makedirs(path.rsplit("/", 1)[0], exist_ok=True)
            handle = self.loc.fs.open(path, "wb")
            writer = pq.ParquetWriter(handle, wanted, compression="zstd")
            self.writers[key] = (writer, handle, path)
            self.rows[key] = 0
        writer, _, _ = self.writers[key]
        writer.write_table(data)
        self.rows[key] += len(data)
        self.counts[table] += len(data)

    def close(self) -> None:
        for writer, handle, _ in self.writers.values():
            writer.close()
            handle.close()

    def publish(self) -> list[dict[str, Any]]:
        """Close the staging files and move them to their final names; return manifest entries."""
        self.close()
        entries = []
        for (table, year, month), (_, _, staged) in sorted(self.writers.items()):
            relative = self.relative(table, year, month)
            _fsync(self.loc, staged)
            size = int(self.loc.fs.size(staged))
            _replace(self.loc, staged, self.loc.path(relative))
            entries.append(
                {
                    "table": table,
                    "path": relative,
                    "year": year,
                    "month": month,
                    "rows": self.rows[(table, year, month)],
                    "bytes": size,
                    "run_id": self.run_id,
                }
            )
        return entries

    def abort(self) -> None:
        with contextlib.suppress(Exception):
            self.close()
        self.clear_staging()

    def clear_staging(self) -> None:
        """Remove this run's staging folder, and ``_staging`` itself when nothing else is in it."""
        _remove_tree(self.loc, self.loc.path(STAGING, self.run_id))
        staging = self.loc.path(STAGING)
        with contextlib.suppress(FileNotFoundError):
            if self.loc.fs.exists(staging) and not self.loc.fs.ls(staging):
                _remove_tree(self.loc, staging)


def _remove_tree(loc: _Location, path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        if loc.fs.exists(path):
            loc.fs.rm(path, recursive=True)


def _recover(loc: _Location, manifest: dict[str, Any]) -> list[str]:
    """Remove what killed runs left: staging files and published-but-uncommitted files."""
    removed: list[str] = []
    staging = loc.path(STAGING)
    if loc.fs.exists(staging):
        removed.extend(loc.fs.find(staging))
        _remove_tree(loc, staging)
    committed = {loc.path(f["path"]) for f in manifest["files"]}
    for table in TABLE_NAMES:
        directory = loc.path(table)
        if not loc.fs.exists(directory):
            continue
        for path in loc.fs.find(directory):
            if _strip(loc, path) not in committed:
                loc.fs.rm(path)
                removed.append(path)
    for path in loc.fs.glob(loc.path(f".{MANIFEST}.*.tmp")):
        loc.fs.rm(path)
        removed.append(path)
    return removed


def _strip(loc: _Location, path: str) -> str:
    """Normalise a path returned by ``fs.find`` to the form of :meth:`_Location.path`."""
    path = loc.fs._strip_protocol(path)
    if loc.local:
        return os.path.abspath(path)
    root = loc.fs._strip_protocol(loc.root)
    return loc.root + path[len(root) :] if path.startswith(root) else path


# --------------------------------------------------------------------------------------------
# sources


@dataclass
class _Source:
    """One input of a run, with what was learned about it."""

    name: str
    path: str | None = None
    size: int | None = None
    mtime: str | None = None
    sha256: str | None = None
    status: str = "read"
    articles_read: int = 0
    articles_new: int = 0
    rejected: int = 0
    already_stored: int = 0
    copies_in_run: int = 0

    def record(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _expand(sources: Sequence[str | os.PathLike[str]]) -> list[str]:
    """Return the local files named by ``sources`` as :func:`workbench.read_articles` sees them.

    Folders give their files with a known suffix (recursively, sorted, hidden ones left out),
    globs their matches; ``file://`` URLs are accepted.
    """
    from workbench.io.sources import expand_sources

    local = []
    for source in sources:
        text = os.fspath(source)
        local.append(text[len("file://") :] if text.startswith("file://") else text)
    return [str(path) for path in expand_sources(local)]


def _describe(name: str) -> _Source:
    """Size, modification time and SHA-256 of a source file."""
    source = _Source(name=name, path=os.path.abspath(name))
    info = os.stat(name)
    source.size = int(info.st_size)
    source.mtime = dt.datetime.fromtimestamp(info.st_mtime, dt.UTC).isoformat()
    digest = hashlib.sha256()
    with open(name, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    source.sha256 = digest.hexdigest()
    return source


def _file_record(path: str) -> dict[str, Any]:
    """Absolute path and SHA-256 of a data file (None when it cannot be read)."""
    record: dict[str, Any] = {"path": os.path.abspath(path), "sha256": None}
    with contextlib.suppress(OSError):
        record["sha256"] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return record


def _enrichment_record(registry: Any, taxonomy: Any) -> dict[str, Any]:
    """Return the registry and taxonomy files a run enriched with (what made its rows).

    Stored articles are never enriched again (re-runs skip known ids), so after the analyst edits
    a registry file, comparing these digests with the files tells which runs used older data.
    """
    from workbench.registry import load_registry
    from workbench.topics import load_taxonomy

    used_registry = registry if registry is not None else load_registry()
    used_taxonomy = taxonomy if taxonomy is not None else load_taxonomy()
    return {
        "registry": [_file_record(p) for p in getattr(used_registry, "sources", ())],
        "capitals": bool(getattr(used_registry, "capitals", True)),
        "taxonomy": [_file_record(p) for p in getattr(used_taxonomy, "sources", ())],
    }


def _ingested_before(manifest: dict[str, Any]) -> dict[tuple[int | None, str | None], str]:
    done = {}
    for run in manifest["runs"]:
        for source in run.get("sources", []):
            if source.get("sha256") and source.get("status") in ("read", "unchanged"):
                done.setdefault((source.get("size"), source["sha256"]), run["run_id"])
    return done


def _stored_ids(loc: _Location, manifest: dict[str, Any]) -> set[str]:
    files = [loc.path(f["path"]) for f in manifest["files"] if f["table"] == "articles"]
    if not files:
        return set()
    table = pq.read_table(files, columns=["article_id"], filesystem=None if loc.local else loc.fs)
    return set(table.column("article_id").to_pylist())


# --------------------------------------------------------------------------------------------
# ingest


@dataclass
class IngestReport:
    """What one ingest run did.

    Attributes
    ----------
    run_id
        The run's identifier (also in the data file names and the manifest).
    store
        The store's URL.
    sources
        One row per source: ``name``, ``size``, ``mtime``, ``sha256``, ``status`` (``read`` or
        ``unchanged``: skipped because a committed run read the same bytes), ``articles_read``,
        ``articles_new``, ``rejected`` (bad records left out), ``already_stored``,
        ``copies_in_run``.
    already_stored
        Copies that were not stored: ``article_id``, ``origin`` (of the copy) and ``where``
        (``store``: the article was committed before; ``run``: an earlier source of this run had
        it). The stored rows are not updated by them.
    counts
        Rows added per table.
    files
        Manifest entries of the files this run committed.
    removed
        Files left by killed runs that this run cleaned up.
    seconds
        Wall time of the run.
    """

    run_id: str
    store: str
    sources: pd.DataFrame
    already_stored: pd.DataFrame
    counts: dict[str, int]
    files: list[dict[str, Any]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        """Return a few lines for people: what was added, skipped and not updated."""
        read = int((self.sources["status"] == "read").sum()) if len(self.sources) else 0
        unchanged = len(self.sources) - read
        lines = [
            f"run {self.run_id}: {self.counts['articles']} new articles, "
            f"{self.counts['mentions']} mentions, {self.counts['topics']} topics "
            f"in {len(self.files)} files ({self.seconds:.1f} s)",
            f"sources: {read} read, {unchanged} unchanged since an earlier run (skipped)",
        ]
        if len(self.already_stored):
            stored = int((self.already_stored["where"] == "store").sum())
            in_run = len(self.already_stored) - stored
            lines.append(
                f"not updated: {stored} copies of articles already in the store, "
                f"{in_run} copies of articles met earlier in this run "
                "(see IngestReport.already_stored / the manifest)"
            )
        rejected = int(self.sources["rejected"].sum()) if len(self.sources) else 0
        if rejected:
            lines.append(f"left out: {rejected} bad records (see the manifest's sources)")
        if self.removed:
            lines.append(f"cleaned up {len(self.removed)} files left by an interrupted run")
        return "\n".join(lines)


def _reader(errors: str) -> Callable[[str], tuple[pd.DataFrame, pd.DataFrame | None]]:
    """Return a function reading one file with :func:`workbench.io.read_articles_with_rejects`."""
    from workbench.io import read_articles_with_rejects

    def read(name: str) -> tuple[pd.DataFrame, pd.DataFrame | None]:
        result = read_articles_with_rejects(name, errors=errors)
        return result.articles, result.rejects

    return read


def _sort_out(
    source: _Source,
    frame: pd.DataFrame,
    rejects: pd.DataFrame | None,
    stored: set[str],
    seen_in_run: set[str],
    copies: list[tuple[str, str, str]],
) -> pd.DataFrame:
    """Record what one source gave and return its articles that are new to the store and run."""
    schema.validate(frame, "articles")
    source.rejected = 0 if rejects is None else len(rejects)
    source.articles_read = len(frame)
    ids = frame["article_id"].astype(str)
    # set look-ups per id of this file: Series.isin(set) turns the whole set into a list
    # on every call, which made a long ingest quadratic in the articles already seen
    id_list = ids.tolist()
    if stored:
        in_store = np.fromiter((i in stored for i in id_list), dtype=bool, count=len(id_list))
    else:  # a fresh store
        in_store = np.zeros(len(id_list), dtype=bool)
    in_run = np.fromiter((i in seen_in_run for i in id_list), dtype=bool, count=len(id_list))
    in_run &= ~in_store
    duplicated_here = ids.duplicated().to_numpy()
    if duplicated_here.any():
        raise WorkbenchError(
            f"{source.name}: read_articles returned duplicate article_id values "
            f"{ids[duplicated_here].unique()[:3].tolist()}"
        )
    for mask, where in ((in_store, "store"), (in_run, "run")):
        if mask.any():
            origin = frame.loc[mask, "origin"].astype(str).tolist()
            copies.extend(zip(ids[mask].tolist(), origin, [where] * len(origin), strict=True))
    source.already_stored = int(in_store.sum())
    source.copies_in_run = int(in_run.sum())
    is_new = ~(in_store | in_run)
    new = frame.loc[is_new]
    source.articles_new = len(new)
    seen_in_run.update(itertools.compress(id_list, is_new.tolist()))
    return new


def _chunks(
    sources: list[_Source],
    stored: set[str],
    copies: list[tuple[str, str, str]],
    chunk_size: int,
    reader: Callable[[str], tuple[pd.DataFrame, pd.DataFrame | None]],
    on_source: Callable[[_Source], None] | None = None,
) -> Iterator[pd.DataFrame]:
    """Yield chunks of new articles, reading the sources one at a time."""
    seen_in_run: set[str] = set()
    pending: list[pd.DataFrame] = []
    size = 0
    for source in sources:
        if source.status != "read":
            if on_source:
                on_source(source)
            continue
        frame, rejects = reader(source.name)
        new = _sort_out(source, frame, rejects, stored, seen_in_run, copies)
        if on_source:
            on_source(source)
        start = 0
        while start < len(new):
            take = min(chunk_size - size, len(new) - start)
            pending.append(new.iloc[start : start + take])
            size += take
            start += take
            if size >= chunk_size:
                yield pd.concat(pending, ignore_index=True)
                pending, size = [], 0
        del frame, new
    if pending:
        yield pd.concat(pending, ignore_index=True)


#: Source bytes per task when the workers read the sources (about ``chunk_size`` short articles).
BYTES_PER_ARTICLE = 1_000


def _batches(sources: list[_Source], chunk_size: int) -> list[list[_Source]]:
    """Group consecutive sources into batches of about ``chunk_size`` articles' worth of bytes."""
    target = chunk_size * BYTES_PER_ARTICLE
    batches: list[list[_Source]] = []
    batch: list[_Source] = []
    size = 0
    for source in sources:
        batch.append(source)
        if source.status == "read":
            size += source.size or 0
        if size >= target:
            batches.append(batch)
            batch, size = [], 0
    if batch:
        batches.append(batch)
    return batches


def _read_on_workers(
    sources: list[_Source],
    stored: set[str],
    copies: list[tuple[str, str, str]],
    chunk_size: int,
    errors: str,
    client: Any,
    registry: Any,
    taxonomy: Any,
    on_source: Callable[[_Source], None] | None = None,
) -> Iterator[Enriched]:
    """Yield the new articles enriched, the workers reading and enriching batches of sources.

    The sources are sorted out here, one at a time and in order, exactly as :func:`_chunks` does,
    so the store gets the same rows as when this process reads them.
    """
    from workbench.scale import read_and_enrich

    batches = _batches(sources, chunk_size)
    names = ([s.name for s in batch if s.status == "read"] for batch in batches)
    results = read_and_enrich(
        names, errors=errors, registry=registry, taxonomy=taxonomy, client=client
    )
    seen_in_run: set[str] = set()
    for batch in batches:
        read = [s for s in batch if s.status == "read"]
        files, enriched = next(results) if read else ([], None)
        new_frames = []
        for source in batch:
            if source.status == "read":
                frame, rejects = files[read.index(source)]
                new_frames.append(_sort_out(source, frame, rejects, stored, seen_in_run, copies))
            if on_source:
                on_source(source)
        new = pd.concat(new_frames, ignore_index=True) if new_frames else None
        if new is None or not len(new) or enriched is None:
            continue
        at = pd.Index(enriched.articles["article_id"]).get_indexer(new["article_id"])
        if (at < 0).any():
            raise WorkbenchError("enrichment on the cluster lost articles of a batch")
        added = enriched.articles.drop(columns="article_id").iloc[at]
        articles = new.assign(**{name: added[name].array for name in added.columns})
        if len(new) == len(enriched.articles):  # nothing of the batch was a copy
            yield Enriched(articles=articles, mentions=enriched.mentions, topics=enriched.topics)
            continue
        keep = _article_ids(new["article_id"])
        yield Enriched(
            articles=articles,
            mentions=_rows_of(enriched.mentions, keep),
            topics=_rows_of(enriched.topics, keep),
        )


def _rows_of(table: pd.DataFrame, article_ids: pa.Array) -> pd.DataFrame:
    """Keep the rows of ``table`` whose article is one of ``article_ids``."""
    wanted = pc.is_in(_article_ids(table["article_id"]), value_set=article_ids)
    return table.loc[np.asarray(wanted, dtype=bool)].reset_index(drop=True)


def ingest(
    sources: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    store: str | os.PathLike[str],
    *,
    registry: Any = None,
    taxonomy: Any = None,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    workers: int | None = None,
    scheduler: str | None = None,
    client: Any = None,
    read_on: str = "auto",
    force: bool = False,
    errors: str = "raise",
    progress: bool = False,
) -> IngestReport:
    """Read, enrich and add articles to the store at ``store``, incrementally and atomically.

    Parameters
    ----------
    sources
        Local files, folders or glob patterns, as :func:`workbench.read_articles` takes them;
        the files are read one at a time.
    store
        The store's directory or fsspec URL; created when absent.
    registry, taxonomy
        Passed to :func:`workbench.enrich.enrich_articles` (the packaged ones when None).
    chunk_size
        Articles enriched and written at a time; bounds the memory of a run.
    workers
        Enrich on a local Dask cluster of this many worker processes (bound to 127.0.0.1 and
        closed at the end; a script calling this needs an ``if __name__ == "__main__":`` guard).
    scheduler
        Enrich on the Dask cluster whose scheduler is at this address (``tcp://HOST:PORT``).
    client
        Enrich with this ``distributed.Client`` (the caller keeps it open).
    read_on
        Where the source files are parsed on a cluster: ``"workers"`` (each task reads a batch of
        files, then enriches it; the workers must see the files, as on a local cluster or a
        shared file system), ``"client"`` (this process reads and sends the texts), or
        ``"auto"``: the workers with ``workers=N``, this process with ``scheduler`` or
        ``client``. Either way the store gets the same rows.
    force
        Read sources even when a committed run read the same bytes (articles stay deduplicated).
    errors
        What a bad record does (see :func:`workbench.read_articles`): ``"raise"`` stops the run
        and leaves the store as it was; ``"warn"`` and ``"skip"`` leave the record out, counted
        per source as ``rejected`` in the report and the manifest.
    progress
        Show a tqdm progress bar (sources read) on stderr.

    Returns
    -------
    IngestReport
        Counts, per-source figures and the copies that were not stored.

    Raises
    ------
    ArgumentError
        For a missing source or an invalid option.
    WorkbenchError
        When another ingest holds the store's lock, or when reading or enrichment fails (the store
        is then left as it was).
    """
    from workbench.scale import cluster_client, enrich_chunks

    names = [sources] if isinstance(sources, str | os.PathLike) else list(sources)
    if not names:
        raise ArgumentError("sources must name at least one file, folder or glob pattern")
    if not isinstance(chunk_size, int) or chunk_size < 1:
        raise ArgumentError(f"chunk_size must be a positive integer; got {chunk_size!r}")
    if sum(x is not None for x in (workers, scheduler, client)) > 1:
        raise ArgumentError("give at most one of workers, scheduler and client")
    if workers is not None and (not isinstance(workers, int) or workers < 1):
        raise ArgumentError(f"workers must be a positive integer; got {workers!r}")
    started_clock = time.perf_counter()
    started = _now()
    loc = _locate(store)
    expanded = _expand(names)
    run_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    check_argument("errors", errors, ("raise", "warn", "skip"))
    check_argument("read_on", read_on, ("auto", "client", "workers"))
    read = _reader(errors)

    with _locked(loc, run_id):
        manifest = _read_manifest(loc)
        removed = _recover(loc, manifest)
        before = _ingested_before(manifest)
        described = []
        for name in expanded:
            source = _describe(name)
            if not force and source.sha256 and (source.size, source.sha256) in before:
                source.status = "unchanged"
            described.append(source)
        stored = _stored_ids(loc, manifest)
        copies: list[tuple[str, str, str]] = []
        writer = _RunWriter(loc, run_id)
        bar = _progress(progress, len(described))
        try:
            on_source = (lambda s: bar.update(1)) if bar else None
            with cluster_client(workers=workers, scheduler=scheduler, client=client) as dask:
                on_workers = dask is not None and (
                    read_on == "workers" or (read_on == "auto" and workers is not None)
                )
                if on_workers:
                    enriched_chunks = _read_on_workers(
                        described,
                        stored,
                        copies,
                        chunk_size,
                        errors,
                        dask,
                        registry,
                        taxonomy,
                        on_source,
                    )
                else:
                    chunks = _chunks(described, stored, copies, chunk_size, read, on_source)
                    enriched_chunks = enrich_chunks(
                        chunks, registry=registry, taxonomy=taxonomy, client=dask
                    )
                for enriched in enriched_chunks:
                    writer.add(enriched.articles, enriched.mentions, enriched.topics)
                    _pause("chunk-written")
            _pause("before-publish")
            entries = writer.publish()
            _pause("before-commit")
            record = {
                "run_id": run_id,
                "started": started,
                "finished": _now(),
                "host": socket.gethostname(),
                "pid": os.getpid(),
                "workbench_version": _version(),
                "chunk_size": chunk_size,
                "executor": _executor(workers, scheduler, client),
                "enrichment": _enrichment_record(registry, taxonomy),
                "sources": [s.record() for s in described],
                "counts": dict(writer.counts),
                "files": [e["path"] for e in entries],
                "already_stored": {
                    "store": sum(1 for c in copies if c[2] == "store"),
                    "run": sum(1 for c in copies if c[2] == "run"),
                    "examples": [
                        {"article_id": a, "origin": o, "where": w}
                        for a, o, w in copies[:MANIFEST_EXAMPLES]
                    ],
                },
                "removed_after_interrupted_run": len(removed),
            }
            manifest = dict(manifest)
            manifest["files"] = [*manifest["files"], *entries]
            manifest["runs"] = [*manifest["runs"], record]
            _write_manifest(loc, manifest, run_id)
        except BaseException:
            writer.abort()
            raise
        finally:
            if bar:
                bar.close()
        writer.clear_staging()

    return IngestReport(
        run_id=run_id,
        store=loc.url,
        sources=pd.DataFrame(
            [s.record() for s in described],
            columns=list(_Source(name="").record()),
        ),
        already_stored=pd.DataFrame(copies, columns=["article_id", "origin", "where"]),
        counts=dict(writer.counts),
        files=entries,
        removed=removed,
        seconds=time.perf_counter() - started_clock,
    )


def _executor(workers: int | None, scheduler: str | None, client: Any) -> str:
    if workers is not None:
        return f"dask LocalCluster, {workers} workers"
    if scheduler is not None:
        return f"dask {scheduler}"
    if client is not None:
        return f"dask {getattr(client, 'scheduler', None) and client.scheduler.address}"
    return "single process"


def _version() -> str:
    from workbench import __version__

    return __version__


def _progress(enabled: bool, total: int) -> Any:
    if not enabled:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="source", desc="ingest")


# --------------------------------------------------------------------------------------------
# reading


def _connection(loc: _Location) -> Any:
    import duckdb

    con = duckdb.connect()
    con.execute("SET TimeZone='UTC'")
    if not loc.local:
        con.register_filesystem(loc.fs)
    return con


def _scan(loc: _Location, files: Sequence[dict[str, Any]], table: str) -> str:
    """Return SQL for a relation over ``files`` of ``table`` (an empty typed one when none)."""
    if not files:
        return f"_empty_{table}"
    names = ", ".join("'" + loc.duckdb_path(f["path"]).replace("'", "''") + "'" for f in files)
    return (
        f"read_parquet([{names}], hive_partitioning=true, union_by_name=true, "
        "hive_types={'year': INTEGER, 'month': INTEGER})"
    )


def _register_empty(con: Any) -> None:
    for table in TABLE_NAMES:
        base = arrow_schema(table)
        fields = list(base) + [pa.field(n, t) for n, t in _PARTITION_TYPES.items()]
        con.register(f"_empty_{table}", pa.schema(fields).empty_table())


def connect(store: str | os.PathLike[str]) -> Any:
    """Return a DuckDB connection with views ``articles``, ``mentions``, ``topics`` over the store.

    The views read the committed files only (see the module docstring) and carry the partition
    columns ``year`` and ``month``, so ``where year = 2026 and month between 1 and 3`` prunes files.

    Parameters
    ----------
    store
        The store's directory or fsspec URL.

    Returns
    -------
    duckdb.DuckDBPyConnection
        An in-memory connection; close it when done.
    """
    loc = _locate(store)
    manifest = _read_manifest(loc, must_exist=True)
    con = _connection(loc)
    _register_empty(con)
    for table in TABLE_NAMES:
        files = [f for f in manifest["files"] if f["table"] == table]
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM {_scan(loc, files, table)}")
    return con


def sql(
    store: str | os.PathLike[str], query: str, params: Sequence[Any] | None = None
) -> pd.DataFrame:
    """Run a DuckDB query over the store's ``articles``, ``mentions`` and ``topics`` views.

    Parameters
    ----------
    store
        The store's directory or fsspec URL.
    query
        SQL text, e.g. ``"select actor, count(*) n from mentions group by actor order by n desc"``.
    params
        Values for ``?`` placeholders in ``query``.

    Returns
    -------
    pandas.DataFrame
        The result.

    Raises
    ------
    WorkbenchError
        When DuckDB rejects the query (the message is DuckDB's).
    """
    import duckdb

    con = connect(store)
    try:
        try:
            result = con.execute(query, params) if params else con.execute(query)
            return result.df()
        except duckdb.Error as exc:
            raise WorkbenchError(f"query failed: {exc}") from exc
    finally:
        con.close()


@dataclass(frozen=True)
class ReadStats:
    """What a read of the store touched, against what is committed.

    Attributes
    ----------
    files_total, files_read
        Committed files per table, and file opens per table (a table read in two steps, such as
        ``mentions`` under an actor filter, counts its files twice).
    rows_total, rows_read
        Committed rows per table, and rows returned by the pushed-down read.
    pushed
        The filters pushed down: ``months`` (partition pruning), ``dates``, ``actors``,
        ``topics``, ``sources``.
    """

    files_total: dict[str, int]
    files_read: dict[str, int]
    rows_total: dict[str, int]
    rows_read: dict[str, int]
    pushed: tuple[str, ...]


def _month_key(stamp: pd.Timestamp | None) -> tuple[int, int] | None:
    return None if stamp is None else (stamp.year, stamp.month)


def _in_range(entry: dict[str, Any], low: Any, high: Any) -> bool:
    key = (entry["year"], entry["month"])
    if key == (0, 0):
        return low is None and high is None  # undated articles match no date range
    return (low is None or key >= low) and (high is None or key <= high)


def _coerce_spec(spec: Any) -> Any:
    if spec is None:
        return None
    from workbench.corpus import FilterSpec

    return FilterSpec.coerce(spec)


def _placeholders(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


def scan(
    store: str | os.PathLike[str], spec: Any = None, *, taxonomy: Any = None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, ReadStats]:
    """Read the rows of the store that ``spec`` can match, pushing its filters down.

    Partitions outside the spec's months are not opened. An actor or topic filter first reads
    ``article_id`` from the matching ``mentions``/``topics`` rows of those partitions, then only
    those articles (a DuckDB semi-join), then the mentions and topics of the articles kept.
    Dates and sources filter the articles' rows. The result is a superset of the exact answer
    (names compare case-insensitively, every actor counts as ``actor_mode="any"``, kinds,
    countries and text queries are not pushed): :func:`open_store` applies ``Corpus.filter``.

    Parameters
    ----------
    store
        The store's directory or fsspec URL.
    spec
        A :class:`workbench.corpus.FilterSpec` or a mapping of its keywords; None reads all.
    taxonomy
        Topic taxonomy whose descendants a topic filter includes (as ``Corpus.filter`` does).

    Returns
    -------
    tuple
        ``articles``, ``mentions``, ``topics`` frames with the schema's dtypes, and a
        :class:`ReadStats`.
    """
    spec = _coerce_spec(spec)
    loc = _locate(store)
    manifest = _read_manifest(loc, must_exist=True)
    files = {t: [f for f in manifest["files"] if f["table"] == t] for t in TABLE_NAMES}
    low = _month_key(spec.start) if spec is not None else None
    high = _month_key(spec.end) if spec is not None else None
    pruned = {t: [f for f in fs if _in_range(f, low, high)] for t, fs in files.items()}
    pushed: list[str] = []
    if low is not None or high is not None:
        pushed.append("months")
    files_read = dict.fromkeys(TABLE_NAMES, 0)
    con = _connection(loc)
    _register_empty(con)
    try:
        wanted: set[str] | None = None
        if spec is not None and spec.actors:
            keys = [a.strip().lower() for a in spec.actors]
            found = con.execute(
                f"SELECT DISTINCT article_id FROM {_scan(loc, pruned['mentions'], 'mentions')} "
                f"WHERE lower(actor_id) IN ({_placeholders(keys)}) "
                f"OR lower(actor) IN ({_placeholders(keys)})",
                keys + keys,
            ).fetchall()
            files_read["mentions"] += len(pruned["mentions"])
            wanted = {r[0] for r in found}
            pushed.append("actors")
        if spec is not None and spec.topics:
            from workbench.corpus import _taxonomy_descendants

            names = list(spec.topics)
            for topic in spec.topics:
                names.extend(_taxonomy_descendants(taxonomy, topic))
            found = con.execute(
                f"SELECT DISTINCT article_id FROM {_scan(loc, pruned['topics'], 'topics')} "
                f"WHERE topic IN ({_placeholders(names)})",
                names,
            ).fetchall()
            files_read["topics"] += len(pruned["topics"])
            ids = {r[0] for r in found}
            wanted = ids if wanted is None else wanted & ids
            pushed.append("topics")

        conditions: list[str] = []
        params: list[Any] = []
        if wanted is not None:
            con.register("_wanted", pa.table({"article_id": pa.array(sorted(wanted), pa.string())}))
            conditions.append("article_id IN (SELECT article_id FROM _wanted)")
        if spec is not None and (spec.start is not None or spec.end is not None):
            # a second of slack either way: DuckDB compares at microseconds; filter() is exact
            if spec.start is not None:
                conditions.append("date >= ?")
                params.append((spec.start - pd.Timedelta(seconds=1)).floor("us").to_pydatetime())
            if spec.end is not None:
                conditions.append("date <= ?")
                params.append((spec.end + pd.Timedelta(seconds=1)).floor("us").to_pydatetime())
            pushed.append("dates")
        if spec is not None and spec.sources:
            keys = [s.strip().lower() for s in spec.sources]
            conditions.append(f"lower(source) IN ({_placeholders(keys)})")
            params.extend(keys)
            pushed.append("sources")
        where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
        # a plain scan keeps the files' order (DuckDB preserves insertion order); a semi-join
        # does not, so it is sorted for a deterministic result
        order = " ORDER BY date, article_id" if wanted is not None else ""
        relation = _scan(loc, pruned["articles"], "articles")
        articles = con.sql(
            f"SELECT * EXCLUDE (year, month) FROM {relation} {where}{order}",
            params=params or None,
        ).to_arrow_table()
        files_read["articles"] += len(pruned["articles"])
        con.register("_chosen", articles.select(["article_id"]))
        narrowed = wanted is not None or "dates" in pushed or "sources" in pushed
        tables = {"articles": articles}
        for table in ("mentions", "topics"):
            restrict = (
                f"WHERE article_id IN (SELECT article_id FROM _chosen) ORDER BY {ORDER[table]}"
                if narrowed
                else ""
            )
            tables[table] = con.sql(
                f"SELECT * EXCLUDE (year, month) FROM {_scan(loc, pruned[table], table)} {restrict}"
            ).to_arrow_table()
            files_read[table] += len(pruned[table])
    finally:
        con.close()
    stats = ReadStats(
        files_total={t: len(files[t]) for t in TABLE_NAMES},
        files_read=files_read,
        rows_total={t: sum(f["rows"] for f in files[t]) for t in TABLE_NAMES},
        rows_read={t: tables[t].num_rows for t in TABLE_NAMES},
        pushed=tuple(pushed),
    )
    return (
        _typed(tables["articles"], "articles"),
        _typed(tables["mentions"], "mentions"),
        _typed(tables["topics"], "topics"),
        stats,
    )


def _typed(data: pa.Table, table: str) -> pd.DataFrame:
    """Arrow rows from DuckDB → a frame with the schema's dtypes (``origins`` as lists)."""
    columns = _table_columns(table)
    lists = "origins" in data.column_names
    origins = data.column("origins").to_pylist() if lists else None
    if lists:
        data = data.drop_columns(["origins"])
    result = data.to_pandas()
    for name in result.columns:
        wanted = columns.get(name)
        if wanted is not None and str(result[name].dtype) != wanted:
            result[name] = result[name].astype(wanted)
    if lists:
        result["origins"] = pd.Series([[] if v is None else v for v in origins], dtype=object)
    ordered = [c for c in columns if c in result.columns]
    return result[ordered + [c for c in result.columns if c not in ordered]]


def _known(loc: _Location, query: str) -> list[str]:
    """Distinct values over the whole store (used only to judge a value absent from a slice)."""
    manifest = _read_manifest(loc, must_exist=True)
    con = _connection(loc)
    _register_empty(con)
    try:
        for table in TABLE_NAMES:
            files = [f for f in manifest["files"] if f["table"] == table]
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM {_scan(loc, files, table)}")
        return [str(r[0]) for r in con.execute(query).fetchall() if r[0] is not None]
    finally:
        con.close()


def _fit_to_slice(corpus: Any, spec: Any, loc: _Location) -> Any:
    """Adapt ``spec`` to a pushed-down slice: names the store knows but the slice lacks.

    ``Corpus.filter`` rejects an actor, topic or source that its corpus does not know. A slice
    may lack one that the store has (outside the slice's months, say): it then matches nothing,
    so it is dropped from an "any" list, and an "all" list matches nothing. A name the whole store
    does not know is still rejected, with suggestions from the whole store.
    """
    from workbench.corpus import _registry_knows, _suggest, _taxonomy_topics

    ix = corpus._ix
    nothing = False
    changes: dict[str, Any] = {}
    if spec.actors:
        missing = [a for a in spec.actors if a.strip().casefold() not in ix.actor_lookup]
        missing = [a for a in missing if not _registry_knows(corpus.registry, a)]
        if missing:
            names = _known(
                loc,
                "SELECT DISTINCT actor_id FROM mentions UNION SELECT DISTINCT actor FROM mentions",
            )
            folded = {n.casefold() for n in names}
            for actor in missing:
                if actor.strip().casefold() not in folded:
                    raise _suggest(actor, names, "actors", "see top_actors(corpus, n=None)")
            kept = [a for a in spec.actors if a not in missing]
            nothing |= spec.actor_mode == "all" or not kept
            changes["actors"] = tuple(kept)
    if spec.topics:
        labels = {str(t) for t in ix.topic_groups.labels} | _taxonomy_topics(corpus.taxonomy)
        missing = [t for t in spec.topics if t not in labels]
        if missing:
            names = _known(loc, "SELECT DISTINCT topic FROM topics")
            for topic in missing:
                if topic not in names:
                    raise _suggest(topic, names, "topics", "see top_topics(corpus, n=None)")
            kept = [t for t in spec.topics if t not in missing]
            nothing |= not kept
            changes["topics"] = tuple(kept)
    if spec.sources:
        missing = [s for s in spec.sources if s.strip().casefold() not in ix.source_lookup]
        if missing:
            names = _known(loc, "SELECT DISTINCT source FROM articles")
            folded = {n.casefold() for n in names}
            for source in missing:
                if source.strip().casefold() not in folded:
                    raise _suggest(source, names, "sources", "see sources(corpus)")
            kept = [s for s in spec.sources if s not in missing]
            nothing |= not kept
            changes["sources"] = tuple(kept)
    if nothing:
        return None
    return spec.replace(**changes) if changes else spec


def open_store(
    store: str | os.PathLike[str],
    spec: Any = None,
    *,
    registry: Any = None,
    taxonomy: Any = None,
) -> Any:
    """Open the store as a :class:`workbench.corpus.Corpus`, reading only what ``spec`` needs.

    The read is pushed down (see :func:`scan`: partitions by month, actors via ``mentions``
    first, then articles by id) and then refined with ``Corpus.filter(spec)``, so the result is
    exactly what filtering the whole store would give.

    Parameters
    ----------
    store
        The store's directory or fsspec URL.
    spec
        A :class:`workbench.corpus.FilterSpec` or a mapping of its keywords; None reads all.
    registry, taxonomy
        Given to the :class:`~workbench.corpus.Corpus` (actor names and topic hierarchy).

    Returns
    -------
    Corpus
        Unfiltered when ``spec`` is None; otherwise a filtered view whose :attr:`Corpus.root`
        is the pushed-down slice (not the whole store).

    Raises
    ------
    ArgumentError
        For an invalid spec, or an actor, topic or source the store does not know.
    """
    from workbench.corpus import Corpus

    spec = _coerce_spec(spec)
    articles, mentions, topics, _ = scan(store, spec, taxonomy=taxonomy)
    corpus = Corpus(articles, mentions, topics, registry=registry, taxonomy=taxonomy)
    if spec is None:
        return corpus
    fitted = _fit_to_slice(corpus, spec, _locate(store))
    if fitted is None:
        empty = Corpus(
            articles.iloc[:0],
            mentions.iloc[:0],
            topics.iloc[:0],
            registry=registry,
            taxonomy=taxonomy,
        )
        return empty._view(np.zeros(0, dtype=np.int64), spec)  # nothing matches: keep the spec
    return corpus.filter(fitted)
