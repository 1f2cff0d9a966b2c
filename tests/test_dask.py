"""Enrichment on a Dask cluster gives the same store as a single-process run."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from test_store import KEYS, article_text, assert_same, stored, tidy, write_articles

from workbench.enrich import enrich_articles
from workbench.io import read_articles
from workbench.scale import enrich_chunks
from workbench.store import ingest, read_manifest

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(
        n_workers=2,
        processes=True,
        threads_per_worker=1,
        host="127.0.0.1",
        dashboard_address="127.0.0.1:0",
    )
    dask_client = distributed.Client(cluster)
    try:
        yield dask_client
    finally:
        dask_client.close()
        cluster.close()


def test_cluster_ingest_equals_single_process_ingest(client, tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_articles(folder / "a.txt", range(0, 90), year=2025)
    write_articles(folder / "b.txt", range(90, 150), year=2026)

    single = ingest(folder, tmp_path / "single", chunk_size=16)
    with distributed.get_task_stream(client) as tasks:
        cluster = ingest(folder, tmp_path / "cluster", chunk_size=16, client=client)

    assert cluster.counts == single.counts and single.counts["articles"] == 150
    assert_same(stored(tmp_path / "cluster"), stored(tmp_path / "single"))
    # both workers took part: the ten chunks' tasks ran on the two worker processes
    assert len(client.scheduler_info()["workers"]) == 2
    assert len({task["worker"] for task in tasks.data}) == 2
    runs = read_manifest(tmp_path / "cluster")["runs"]
    assert runs[-1]["executor"].startswith("dask tcp://127.0.0.1:")
    assert read_manifest(tmp_path / "single")["runs"][-1]["executor"] == "single process"

    # through the command line and the scheduler's address: a third file is added, on the
    # cluster, and the two earlier ones are recognised as ingested already
    from workbench.cli import main

    write_articles(folder / "c.txt", range(150, 170), year=2026)
    address = client.scheduler.address
    assert (
        main(
            [
                "ingest",
                str(folder),
                "--store",
                str(tmp_path / "cluster"),
                "--scheduler",
                address,
                "--quiet",
            ]
        )
        == 0
    )
    run = read_manifest(tmp_path / "cluster")["runs"][-1]
    assert run["executor"] == f"dask {address}"
    assert [s["status"] for s in run["sources"]] == ["unchanged", "unchanged", "read"]
    assert run["counts"]["articles"] == 20


def test_enrich_chunks_keeps_order_and_matches_enrich_articles(client, tmp_path: Path):
    articles = read_articles(write_articles(tmp_path / "a.txt", range(0, 50)))
    chunks = [articles.iloc[i : i + 7].reset_index(drop=True) for i in range(0, 50, 7)]
    results = list(enrich_chunks(iter(chunks), client=client, window=3))
    assert len(results) == len(chunks)
    for chunk, result in zip(chunks, results, strict=True):
        local = enrich_articles(chunk)
        assert result.articles["article_id"].tolist() == chunk["article_id"].tolist()
        for table in KEYS:
            pd.testing.assert_frame_equal(
                tidy(getattr(result, table), KEYS[table]),
                tidy(getattr(local, table), KEYS[table]),
            )


def _figures(report) -> pd.DataFrame:
    columns = ["articles_read", "articles_new", "already_stored", "copies_in_run", "rejected"]
    return report.sources[columns].reset_index(drop=True)


def test_reading_on_the_workers_gives_the_same_store_and_report(client, tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    first = write_articles(tmp_path / "first.txt", range(0, 30), year=2025)
    write_articles(folder / "a.txt", range(0, 90), year=2025)  # 0-29 already stored
    write_articles(folder / "b.txt", range(90, 150), year=2026)
    write_articles(folder / "c.txt", range(80, 95), year=2025)  # copies of a.txt and b.txt
    write_articles(folder / "d.txt", range(0, 5), year=2025)  # copies of stored articles

    reports = {}
    for how in ("single", "workers"):
        store = tmp_path / how
        options = {"client": client, "read_on": "workers"} if how == "workers" else {}
        ingest(first, store, chunk_size=16, **options)
        with distributed.get_task_stream(client) as tasks:
            reports[how] = ingest(folder, store, chunk_size=16, **options)
        if how == "workers":  # the files were parsed by tasks on the workers
            names = [t["key"] for t in tasks.data]
            assert any("_read_and_enrich_remote" in str(n) for n in names)
            assert not any("_enrich_remote" in str(n) and "read" not in str(n) for n in names)

    single, workers = reports["single"], reports["workers"]
    assert workers.counts == single.counts and single.counts["articles"] == 60 + 60
    assert_same(stored(tmp_path / "workers"), stored(tmp_path / "single"))
    pd.testing.assert_frame_equal(_figures(workers), _figures(single))
    assert _figures(single)["copies_in_run"].tolist() == [0, 0, 15, 0]  # ids ignore the date
    assert _figures(single)["already_stored"].tolist() == [30, 0, 0, 5]
    pd.testing.assert_frame_equal(
        workers.already_stored.sort_values(["article_id", "origin"]).reset_index(drop=True),
        single.already_stored.sort_values(["article_id", "origin"]).reset_index(drop=True),
    )


def test_a_bad_record_read_on_a_worker_names_its_file_and_line(client, tmp_path: Path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_articles(folder / "a.txt", range(0, 20))
    bad = folder / "bad.txt"
    good = article_text(20)
    broken = article_text(21).replace(" date 2025-", " date 2025-13-", 1)  # an impossible date
    bad.write_text(good + "\n" + broken + "\n", encoding="utf-8")
    line = len(good.splitlines()) + 1  # the broken article's header line

    from workbench.errors import WorkbenchError

    store = tmp_path / "store"
    with pytest.raises(WorkbenchError, match=rf"bad\.txt.*\b{line}\b"):
        ingest(folder, store, chunk_size=16, client=client, read_on="workers")
    assert read_manifest(store)["files"] == []  # nothing committed

    skipped = ingest(folder, store, chunk_size=16, client=client, read_on="workers", errors="skip")
    alone = ingest(folder, tmp_path / "single", chunk_size=16, errors="skip")
    assert skipped.counts == alone.counts
    pd.testing.assert_frame_equal(_figures(skipped), _figures(alone))
    assert _figures(alone)["rejected"].tolist() == [0, 1]


def test_ingest_with_its_own_local_cluster_equals_single_process(tmp_path: Path):
    """``--workers 2``: ingest starts (and closes) a local cluster of two worker processes."""
    from workbench.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    write_articles(folder / "a.txt", range(0, 40), year=2025)
    write_articles(folder / "b.txt", range(40, 70), year=2026)
    single = ingest(folder, tmp_path / "single", chunk_size=10)
    code = main(
        ["ingest", str(folder), "--store", str(tmp_path / "local"), "--workers", "2",
         "--chunk-size", "10", "--quiet"]
    )
    assert code == 0
    assert_same(stored(tmp_path / "local"), stored(tmp_path / "single"))
    run = read_manifest(tmp_path / "local")["runs"][-1]
    assert run["executor"] == "dask LocalCluster, 2 workers"
    assert run["counts"] == single.counts


def test_a_local_cluster_polls_less_often_than_dask_by_default():
    """The local cluster's nannies, scheduler and workers all run with the lighter polling."""
    import dask

    from workbench.scale import LOCAL_CLUSTER_CONFIG, cluster_client

    keys = list(LOCAL_CLUSTER_CONFIG)
    defaults = {key: dask.config.get(key) for key in keys}
    assert all(defaults[key] != LOCAL_CLUSTER_CONFIG[key] for key in keys)
    with cluster_client(workers=1) as client:
        seen = client.run(lambda: {key: dask.config.get(key) for key in keys})
        assert list(seen.values()) == [LOCAL_CLUSTER_CONFIG]
        nanny = next(iter(client.cluster.workers.values()))
        assert nanny.memory_manager.memory_monitor_interval == 1.0
    assert {key: dask.config.get(key) for key in keys} == defaults
