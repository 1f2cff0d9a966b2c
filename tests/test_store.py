"""The Parquet store: partitioning, idempotent and atomic ingest, pushed-down reads, DuckDB SQL."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import fsspec
import pandas as pd
import pytest
from fsspec.implementations.memory import MemoryFileSystem

import workbench
from workbench import schema
from workbench.enrich import enrich_articles
from workbench.errors import ArgumentError, WorkbenchError
from workbench.io import read_articles
from workbench.store import (
    LOCK,
    MANIFEST,
    PAUSE_ENV,
    STAGING,
    committed_files,
    ingest,
    open_store,
    read_manifest,
    scan,
    sql,
)

REPO = Path(__file__).resolve().parents[1]

# People, organisations and places of the packaged registry, so enrichment finds real mentions.
SENTENCES = [
    "Prime Minister Benjamin Netanyahu met Steve Witkoff in Jerusalem to discuss Gaza.",
    "Hamas said the ceasefire in Gaza would hold if the Rafah crossing reopened.",
    "Donald Trump told reporters that Iran must not build a nuclear weapon.",
    "Egypt and Qatar mediated talks between Israel and Hamas on hostages.",
    "Jared Kushner travelled to the United Arab Emirates for trade talks on tariffs.",
    "Türkiye criticised Israel over strikes near Rafah while aid trucks waited.",
    "Oil prices rose as shipping in the Red Sea was disrupted by attacks.",
    "Russia and Ukraine exchanged prisoners after talks in the UAE.",
]


def article_text(i: int, *, year: int = 2025) -> str:
    """One article in the seed format; its date, title and body depend only on ``i``."""
    month = 1 + i % 12
    day = 1 + (i * 7) % 27
    body = [SENTENCES[(i + k) % len(SENTENCES)] for k in range(1 + i % 3)]
    return f" date {year}-{month:02d}-{day:02d} {100 + i}\nDispatch number {i}\n" + "\n".join(
        f"(WIRE) {line}" if k == 0 else line for k, line in enumerate(body)
    )


def write_articles(path: Path, numbers: range | list[int], **kwargs: int) -> Path:
    path.write_text("\n".join(article_text(i, **kwargs) for i in numbers) + "\n", encoding="utf-8")
    return path


def tidy(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Comparable form: categoricals as str, rows sorted by ``keys``, columns sorted."""
    out = frame.copy()
    for name in out.columns:
        if isinstance(out[name].dtype, pd.CategoricalDtype):
            out[name] = out[name].astype("str")
    if "origins" in out:
        out["origins"] = out["origins"].map(lambda v: list(v) if v is not None else [])
    return out.sort_values(keys).reset_index(drop=True)[sorted(out.columns)]


KEYS = {
    "articles": ["article_id"],
    "mentions": ["article_id", "start", "end", "actor_id"],
    "topics": ["article_id", "topic", "method"],
}


def stored(store: str | Path) -> dict[str, pd.DataFrame]:
    corpus = open_store(store)
    return {t: tidy(getattr(corpus, t), KEYS[t]) for t in KEYS}


def expected(*paths: Path) -> dict[str, pd.DataFrame]:
    """What enrichment gives on each file read on its own (the store does not fold across files)."""
    parts = [enrich_articles(read_articles(p)) for p in paths]
    return {
        t: tidy(pd.concat([getattr(p, t) for p in parts], ignore_index=True), KEYS[t]) for t in KEYS
    }


def assert_same(left: dict[str, pd.DataFrame], right: dict[str, pd.DataFrame]) -> None:
    for table in KEYS:
        pd.testing.assert_frame_equal(left[table], right[table], check_dtype=False)


@pytest.fixture
def sources(tmp_path: Path) -> dict[str, Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    return {
        "a": write_articles(folder / "a.txt", range(0, 40)),
        "b": write_articles(folder / "b.txt", range(40, 70)),
    }


def test_ingest_writes_hive_partitions_and_reads_back_what_enrichment_gives(sources, tmp_path):
    store = tmp_path / "store"
    report = ingest([sources["a"], sources["b"]], store, chunk_size=16)

    assert report.counts["articles"] == 70
    assert report.counts["mentions"] > 70 and report.counts["topics"] > 0
    assert_same(stored(store), expected(sources["a"], sources["b"]))

    manifest = read_manifest(store)
    tables = {f["table"] for f in manifest["files"]}
    assert tables == {"articles", "mentions", "topics"}
    articles = open_store(store).articles.set_index("article_id")
    for entry in manifest["files"]:
        assert entry["path"] == (
            f"{entry['table']}/year={entry['year']}/month={entry['month']}/"
            f"part-{report.run_id}.parquet"
        )
        assert (store / entry["path"]).stat().st_size == entry["bytes"]
        ids = pd.read_parquet(store / entry["path"], columns=["article_id"])["article_id"]
        assert len(ids) == entry["rows"]
        # every row (of all three tables) sits in the partition of its article's date
        dates = articles.loc[ids.unique(), "date"]
        assert set(dates.dt.year) == {entry["year"]} and set(dates.dt.month) == {entry["month"]}
    run = manifest["runs"][-1]
    assert [Path(s["name"]).name for s in run["sources"]] == ["a.txt", "b.txt"]
    assert run["sources"][0]["size"] == sources["a"].stat().st_size
    assert len(run["sources"][0]["sha256"]) == 64
    assert run["sources"][0]["path"] == str(sources["a"].resolve())
    # what the rows were enriched with: the packaged registry and taxonomy, by content
    from workbench.registry import default_registry_path

    registry_file = default_registry_path()
    assert run["enrichment"]["registry"] == [
        {
            "path": str(registry_file.resolve()),
            "sha256": hashlib.sha256(registry_file.read_bytes()).hexdigest(),
        }
    ]
    assert [Path(t["path"]).name for t in run["enrichment"]["taxonomy"]] == ["topics.yml"]
    assert run["counts"] == report.counts
    assert run["started"] <= run["finished"]
    assert not (store / STAGING).exists() and not (store / LOCK).exists()


def test_rerun_adds_nothing_and_copies_are_reported_not_stored(sources, tmp_path):
    store = tmp_path / "store"
    ingest([sources["a"]], store)
    before = stored(store)
    files_before = committed_files(store, "articles")

    again = ingest([sources["a"]], store)
    assert again.counts == {"articles": 0, "mentions": 0, "topics": 0}
    assert again.sources["status"].tolist() == ["unchanged"]
    assert committed_files(store, "articles") == files_before

    # a new file holding copies of stored articles (and new ones): only the new ones are added
    mixed = write_articles(tmp_path / "mixed.txt", list(range(30, 50)))
    report = ingest([mixed], store)
    assert report.counts["articles"] == 10
    copies = report.already_stored
    assert len(copies) == 10 and set(copies["where"]) == {"store"}
    assert all(str(mixed) in origin for origin in copies["origin"])
    after = stored(store)
    old = after["articles"][after["articles"]["article_id"].isin(before["articles"]["article_id"])]
    # the stored rows are untouched: same origin, same copy count
    pd.testing.assert_frame_equal(old.reset_index(drop=True), before["articles"])
    run = read_manifest(store)["runs"][-1]
    assert run["already_stored"]["store"] == 10 and len(run["already_stored"]["examples"]) == 10
    assert "copies of articles already in the store" in report.summary()

    # forced re-read: everything is a copy, nothing is added
    forced = ingest([sources["a"], mixed], store, force=True)
    assert forced.counts["articles"] == 0
    assert len(forced.already_stored) == 40 + 20
    assert_same(stored(store), after)


def test_copies_across_sources_of_one_run_are_stored_once(sources, tmp_path):
    overlap = write_articles(tmp_path / "overlap.txt", list(range(35, 45)))
    store = tmp_path / "store"
    report = ingest([sources["a"], overlap], store)
    assert report.counts["articles"] == 45
    assert report.sources["copies_in_run"].tolist() == [0, 5]
    assert set(report.already_stored["where"]) == {"run"}
    assert stored(store)["articles"]["article_id"].is_unique


def test_directory_source_and_errors(sources, tmp_path):
    store = tmp_path / "store"
    report = ingest(sources["a"].parent, store)
    assert report.counts["articles"] == 70
    with pytest.raises(ArgumentError, match="nope.txt' does not exist"):
        ingest([tmp_path / "nope.txt"], store)
    with pytest.raises(ArgumentError, match="chunk_size"):
        ingest([sources["a"]], store, chunk_size=0)
    with pytest.raises(ArgumentError, match="at most one of workers, scheduler and client"):
        ingest([sources["a"]], store, workers=2, scheduler="tcp://127.0.0.1:1")


def test_a_bad_source_leaves_the_store_as_it_was(sources, tmp_path):
    store = tmp_path / "store"
    ingest([sources["a"]], store)
    before = read_manifest(store)
    bad = tmp_path / "bad.txt"
    bad.write_text("this is not an article file\n", encoding="utf-8")
    with pytest.raises(WorkbenchError):
        ingest([sources["b"], bad], store, chunk_size=8)
    assert read_manifest(store) == before
    assert not (store / STAGING).exists() and not (store / LOCK).exists()
    on_disk = {p.relative_to(store).as_posix() for p in store.rglob("*.parquet")}
    assert on_disk == {f["path"] for f in before["files"]}

    # leaving bad records out instead: counted per source, the rest is stored
    broken = tmp_path / "broken.txt"
    broken.write_text(
        article_text(500) + "\n date 2025-13-45 x\nNo such month\nBody.\n", encoding="utf-8"
    )
    report = ingest([sources["b"], broken], store, errors="skip")
    assert report.counts["articles"] == 31
    assert report.sources["rejected"].tolist() == [0, 1]
    assert read_manifest(store)["runs"][-1]["sources"][1]["rejected"] == 1
    assert "left out: 1 bad records" in report.summary()


def test_lock_held_by_a_live_process_refuses_a_second_writer(sources, tmp_path):
    store = tmp_path / "store"
    ingest([sources["a"]], store)
    holder = {"run_id": "other", "pid": os.getppid(), "host": socket.gethostname(), "started": "x"}
    (store / LOCK).write_text(json.dumps(holder))
    with pytest.raises(WorkbenchError, match="being written by run other"):
        ingest([sources["b"]], store)
    assert stored(store)["articles"].shape[0] == 40


INGEST_SCRIPT = textwrap.dedent(
    """
    import sys
    from workbench.store import ingest
    ingest(sys.argv[2:], sys.argv[1], chunk_size=8)
    """
)


@pytest.mark.parametrize("point", ["chunk-written", "before-publish", "before-commit"])
def test_kill_9_during_ingest_leaves_a_consistent_store_and_a_rerun_completes(
    sources, tmp_path, point
):
    store = tmp_path / "store"
    ingest([sources["a"]], store)
    committed = stored(store)
    manifest = read_manifest(store)
    more = write_articles(tmp_path / "more.txt", range(100, 160), year=2026)

    env = {**os.environ, PAUSE_ENV: point}
    proc = subprocess.Popen(
        [sys.executable, "-c", INGEST_SCRIPT, str(store), str(sources["b"]), str(more)],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stderr.readline()
        assert line.strip() == f"paused at {point}", line + proc.stderr.read()
        # the run has written something: staging files, or published files not yet committed
        written = {p.relative_to(store).as_posix() for p in store.rglob("*.parquet")}
        uncommitted = written - {f["path"] for f in manifest["files"]}
        assert uncommitted
        if point == "before-commit":
            assert not any(p.startswith(STAGING) for p in uncommitted)
        else:
            assert all(p.startswith(STAGING) for p in uncommitted)
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=30)
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL

    # readers see exactly the last commit: no half-written or uncommitted file
    assert read_manifest(store) == manifest
    assert_same(stored(store), committed)
    assert sql(store, "select count(*) as n from articles")["n"].iloc[0] == 40
    assert (store / LOCK).exists()

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        report = ingest([sources["b"], more], store)
    assert any("breaking the lock" in str(w.message) for w in caught)
    assert report.removed  # the killed run's files were cleaned up
    assert report.counts["articles"] == 30 + 60
    assert_same(stored(store), expected(sources["a"], sources["b"], more))
    on_disk = {p.relative_to(store).as_posix() for p in store.rglob("*.parquet")}
    assert on_disk == {f["path"] for f in read_manifest(store)["files"]}


class CountingMemoryFS(MemoryFileSystem):
    """An in-memory filesystem that records every file opened for reading."""

    protocol = "countmem"
    store: dict = {}  # noqa: RUF012 - fsspec keeps memory contents on the class
    pseudo_dirs = [""]  # noqa: RUF012
    opened: list[str] = []  # noqa: RUF012

    @classmethod
    def _strip_protocol(cls, path):
        if isinstance(path, str) and path.startswith("countmem://"):
            path = "memory://" + path[len("countmem://") :]
        return super()._strip_protocol(path)

    def _open(self, path, mode="rb", **kwargs):
        if "r" in mode:
            CountingMemoryFS.opened.append(self._strip_protocol(path))
        return super()._open(path, mode, **kwargs)


@pytest.fixture
def counting_store(tmp_path):
    fsspec.register_implementation("countmem", CountingMemoryFS, clobber=True)
    CountingMemoryFS.store.clear()
    CountingMemoryFS.pseudo_dirs[:] = [""]
    folder = tmp_path / "in"
    folder.mkdir()
    # two years of articles: 24 monthly partitions per table
    write_articles(folder / "y1.txt", range(0, 96), year=2025)
    write_articles(folder / "y2.txt", range(96, 192), year=2026)
    ingest(folder, "countmem://bench/store", chunk_size=64)
    yield "countmem://bench/store"
    CountingMemoryFS.store.clear()


def quarter_spec():
    from workbench.corpus import FilterSpec

    return FilterSpec(actors=["Hamas"], start="2026-04-01", end="2026-06-30")


def test_filtered_open_prunes_partitions_and_reads_articles_by_id(counting_store):
    from workbench.corpus import Corpus

    CountingMemoryFS.opened.clear()
    full = open_store(counting_store)
    full_files = {p for p in CountingMemoryFS.opened if p.endswith(".parquet")}
    assert isinstance(full, Corpus)

    CountingMemoryFS.opened.clear()
    spec = quarter_spec()
    part = open_store(counting_store, spec)
    part_files = {p for p in CountingMemoryFS.opened if p.endswith(".parquet")}

    # exact: the same rows as filtering the full corpus
    exact = full.filter(spec)
    assert len(part.articles) > 0
    for table in KEYS:
        pd.testing.assert_frame_equal(
            tidy(getattr(part, table), KEYS[table]),
            tidy(getattr(exact, table), KEYS[table]),
            check_dtype=False,
        )
    # pruned: of 24 monthly partitions per table, only the three of 2026-Q2 were opened
    committed = read_manifest(counting_store)["files"]
    assert {(f["year"], f["month"]) for f in committed if f["table"] == "articles"} == {
        (y, m) for y in (2025, 2026) for m in range(1, 13)
    }
    assert full_files == {"/bench/store/" + f["path"] for f in committed}
    quarter_files = {
        "/bench/store/" + f["path"]
        for f in committed
        if f["year"] == 2026 and f["month"] in (4, 5, 6)
    }
    assert part_files == quarter_files
    assert len(part_files) < len(full_files) / 6

    # actor pushdown: fewer rows come back than the quarter holds
    articles, mentions, topics, stats = scan(counting_store, spec)
    assert stats.pushed == ("months", "actors", "dates")
    assert stats.files_read["articles"] == 3 and stats.files_total["articles"] == 24
    quarter = sql(
        counting_store,
        "select count(*) as n from articles where year = 2026 and month between 4 and 6",
    )["n"].iloc[0]
    assert 0 < stats.rows_read["articles"] < quarter
    assert set(mentions["article_id"]) <= set(articles["article_id"])
    assert (
        articles["article_id"].isin(mentions.loc[mentions["actor"] == "Hamas", "article_id"]).all()
    )


def test_store_at_memory_and_file_urls(sources, tmp_path):
    local = tmp_path / "local"
    ingest([sources["a"]], local)
    ingest([f"file://{sources['a']}"], f"file://{tmp_path / 'url'}")
    assert_same(stored(f"file://{tmp_path / 'url'}"), stored(local))

    fs = fsspec.filesystem("memory")
    try:
        report = ingest([sources["a"]], "memory://stores/one")
        assert report.counts["articles"] == 40
        assert_same(stored("memory://stores/one"), stored(local))
        assert ingest([sources["a"]], "memory://stores/one").counts["articles"] == 0
        assert fs.exists(f"/stores/one/{MANIFEST}")
        spec = {"actors": ["Hamas"], "start": "2025-01", "end": "2025-06"}
        pd.testing.assert_frame_equal(
            open_store("memory://stores/one", spec).articles,
            open_store(local, spec).articles,
        )
    finally:
        fs.rm("/stores", recursive=True)


def test_sql_views_and_cli(sources, tmp_path, capsys):
    from workbench.cli import main

    store = tmp_path / "store"
    argv = ["ingest", str(sources["a"]), str(sources["b"]), "--store", str(store), "--quiet"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "70 new articles" in out

    counts = sql(
        store,
        "select a.year, count(distinct a.article_id) as n from articles a "
        "join mentions m using (article_id) where m.actor = ? group by all",
        ["Hamas"],
    )
    corpus = open_store(store)
    hamas = corpus.mentions.loc[corpus.mentions["actor"] == "Hamas", "article_id"].nunique()
    assert counts["n"].sum() == hamas > 0
    assert set(sql(store, "select distinct month from topics")["month"]) <= set(range(1, 13))

    assert (
        main(
            ["sql", "--store", str(store), "--format", "csv", "select count(*) as n from articles"]
        )
        == 0
    )
    assert capsys.readouterr().out.splitlines() == ["n", "70"]
    assert main(["sql", "--store", str(store), "select nonsense from nowhere"]) == 2
    assert "query failed" in capsys.readouterr().err

    assert main(["ingest", str(sources["a"]), "--store", str(store), "--quiet"]) == 0
    assert "0 new articles" in capsys.readouterr().out


def test_empty_slices_and_missing_stores(sources, tmp_path):
    store = tmp_path / "store"
    ingest([sources["a"]], store)
    # nothing in 2030: no file is opened, the tables are empty with the schema's dtypes
    articles, mentions, topics, stats = scan(store, {"start": "2030-01", "end": "2030-03"})
    assert sum(stats.files_read.values()) == 0
    corpus = open_store(store, {"start": "2030-01", "end": "2030-03", "actors": ["Hamas"]})
    for table in KEYS:
        frame = getattr(corpus, table)
        assert len(frame) == 0
        schema.validate(frame, table)
    assert corpus.specs[-1].actors == ("Hamas",)
    # an actor the store knows but the slice lacks matches nothing; an unknown one is an error
    day = {"start": "2025-01-01", "end": "2025-01-01", "actors": ["Hamas", "Gaza"]}
    one = open_store(store, day)
    assert "Hamas" not in set(
        open_store(store, {"start": "2025-01-01", "end": "2025-01-01"}).mentions["actor"]
    )
    assert one.articles["title"].tolist() == ["Dispatch number 0"]
    pd.testing.assert_frame_equal(one.articles, open_store(store).filter(day).articles)
    with pytest.raises(ArgumentError, match="Nobody Known"):
        open_store(store, {"actors": ["Hamas", "Nobody Known"]})
    with pytest.raises(ArgumentError, match="not a workbench store"):
        open_store(tmp_path / "nothing")
    with pytest.raises(ArgumentError, match="not a workbench store"):
        sql(tmp_path / "nothing", "select 1")


def test_public_names():
    assert workbench.open_store is open_store
    assert workbench.ingest is ingest


def test_run_writer_routes_rows_to_their_article_month_and_checks_its_input(tmp_path):
    """Rows of all three tables land in their article's month; categoricals stored as text."""
    from workbench.store import _locate, _RunWriter

    articles = read_articles(write_articles(tmp_path / "a.txt", range(0, 6)))
    enriched = enrich_articles(articles)
    mentions = enriched.mentions.copy()
    assert isinstance(mentions["country"].dtype, pd.CategoricalDtype)
    mentions.loc[0, "country"] = None  # a missing value of a categorical column
    writer = _RunWriter(_locate(tmp_path / "store"), "test")
    writer.add(enriched.articles, mentions, enriched.topics)
    writer.close()

    month_of = {
        row.article_id: (row.date.year, row.date.month) for row in enriched.articles.itertuples()
    }
    written = {}
    for (table, year, month), (_, _, path) in writer.writers.items():
        data = pd.read_parquet(path)
        assert {month_of[i] for i in data["article_id"]} == {(year, month)}
        written.setdefault(table, []).append(data)
    stored_mentions = pd.concat(written["mentions"], ignore_index=True)
    assert tidy(stored_mentions, KEYS["mentions"]).equals(tidy(mentions, KEYS["mentions"]))
    assert stored_mentions["country"].isna().sum() == mentions["country"].isna().sum() >= 1
    assert writer.counts == {
        "articles": len(enriched.articles),
        "mentions": len(mentions),
        "topics": len(enriched.topics),
    }

    orphan = mentions.head(1).astype({"article_id": "str"}).assign(article_id="f" * 16)
    with pytest.raises(WorkbenchError, match="mentions rows refer to articles not in the chunk"):
        writer.add(enriched.articles, orphan, enriched.topics.head(0))
    twice = pd.concat([enriched.articles.head(1)] * 2, ignore_index=True)
    with pytest.raises(WorkbenchError, match="the same article id twice"):
        writer.add(twice, mentions.head(0), enriched.topics.head(0))


def test_origins_of_any_list_shape_are_stored_as_lists_of_text():
    """Lists, tuples and arrays (a re-read Parquet file) go through; other items become text."""
    import numpy as np
    import pyarrow as pa

    from workbench.store import _origins_array

    target = pa.list_(pa.string())
    cells = pd.Series([["a.txt:1", "b.txt:4"], None, ("c.txt:2",), np.array(["d.txt:9"])])
    assert _origins_array(cells, target).to_pylist() == [
        ["a.txt:1", "b.txt:4"], None, ["c.txt:2"], ["d.txt:9"]
    ]
    odd = pd.Series([[Path("e.txt"), 3]], dtype=object)
    assert _origins_array(odd, target).to_pylist() == [["e.txt", "3"]]
