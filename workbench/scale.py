"""Enrichment over chunks of articles, in this process or as Dask tasks on a cluster.

Every chunk goes through :func:`workbench.enrich.enrich_articles`, here or on a Dask worker, so a
cluster run gives the same rows as a single-process run. Results come back in the order of the
chunks; at most ``window`` chunks are in flight, so memory stays bounded on a large ingest. Workers
send back only what enrichment adds to the articles (``tone``), the mentions and the topics; the
client puts the new columns back on the chunk it kept, so the texts cross the network once.
The scheduling is Dask's (``client.scatter`` + ``client.submit``); nothing here schedules work.

:func:`read_and_enrich` goes one step further for workers that see the same files as the client
(a local cluster, a shared file system): each task reads a batch of source files itself and
enriches them, so parsing the texts is spread over the workers too and the client only sorts out
duplicates and writes.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

import pandas as pd

from workbench.enrich import Enriched, enrich_articles
from workbench.errors import ArgumentError, WorkbenchError

#: Dask settings for the local clusters started here. Its nannies and scheduler live in this
#: process, and their default polling (memory every 100 ms per worker, system metrics every
#: 500 ms, an event-loop tick every 20 ms) cost about 4% of a core for as long as the cluster
#: runs: CPU the workers then lack on a small machine. Batch enrichment needs none of it that
#: often; with these values the idle cost is about 1.3% of a core.
LOCAL_CLUSTER_CONFIG = {
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.admin.tick.interval": "200ms",
}


@contextlib.contextmanager
def cluster_client(
    *, workers: int | None = None, scheduler: str | None = None, client: Any = None
) -> Iterator[Any]:
    """Yield a ``distributed.Client`` for the options given, or None to stay in this process.

    Parameters
    ----------
    workers
        Start a local cluster of this many worker processes (one thread each, bound to
        127.0.0.1); it is closed on exit.
    scheduler
        Connect to the scheduler at this address (``tcp://HOST:PORT``); the connection is closed
        on exit, the cluster is left running.
    client
        Use this client as is (the caller closes it).

    Yields
    ------
    distributed.Client or None
        None when no option is given.
    """
    if client is not None:
        yield client
        return
    if workers is None and scheduler is None:
        yield None
        return
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError as exc:  # pragma: no cover - the scale extra is missing
        raise WorkbenchError(
            "Dask is not installed: install the 'scale' extra (pip install 'workbench[scale]')"
        ) from exc
    if scheduler is not None:
        if not scheduler.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
            raise ArgumentError(
                f"scheduler must be an address like tcp://HOST:PORT; got {scheduler!r}"
            )
        with Client(scheduler) as connected:
            yield connected
        return
    with (
        dask.config.set(LOCAL_CLUSTER_CONFIG),
        LocalCluster(
            n_workers=workers,
            processes=True,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
        ) as cluster,
        Client(cluster) as connected,
    ):
        yield connected


def _workers(client: Any) -> int:
    info = client.scheduler_info()
    return max(1, len(info.get("workers", {})))


def enrich_chunks(
    chunks: Iterable[pd.DataFrame],
    *,
    registry: Any = None,
    taxonomy: Any = None,
    client: Any = None,
    window: int | None = None,
) -> Iterator[Enriched]:
    """Enrich each chunk of articles, yielding results in the order of ``chunks``.

    Parameters
    ----------
    chunks
        Frames with the ``articles`` schema (consumed lazily).
    registry, taxonomy
        Passed to :func:`workbench.enrich.enrich_articles`; sent once to every worker.
    client
        A ``distributed.Client``; None enriches in this process.
    window
        Chunks in flight on the cluster at once; twice the number of workers when None.

    Yields
    ------
    Enriched
        One per chunk, in order.
    """
    if client is None:
        for chunk in chunks:
            yield enrich_articles(chunk, registry=registry, taxonomy=taxonomy)
        return
    window = window or 2 * _workers(client)
    if window < 1:
        raise ArgumentError(f"window must be a positive integer; got {window!r}")
    options: dict[str, Any] = {}
    if registry is not None:
        options["registry"] = client.scatter(registry, broadcast=True, hash=False)
    if taxonomy is not None:
        options["taxonomy"] = client.scatter(taxonomy, broadcast=True, hash=False)
    pending: deque[tuple[pd.DataFrame, Any]] = deque()
    try:
        for chunk in chunks:
            data = client.scatter(chunk, hash=False)
            future = client.submit(_enrich_remote, data, pure=False, **options)
            pending.append((chunk, future))
            while len(pending) >= window:
                yield _rejoin(*pending.popleft())
        while pending:
            yield _rejoin(*pending.popleft())
    finally:
        for _, future in pending:
            future.cancel()


def _enrich_remote(articles: pd.DataFrame, registry: Any = None, taxonomy: Any = None) -> Enriched:
    """Enrich on a worker; send back only the columns enrichment added (not the texts again)."""
    enriched = enrich_articles(articles, registry=registry, taxonomy=taxonomy)
    added = [c for c in enriched.articles.columns if c not in articles.columns]
    return Enriched(
        articles=enriched.articles[["article_id", *added]],
        mentions=enriched.mentions,
        topics=enriched.topics,
    )


def _rejoin(chunk: pd.DataFrame, future: Any) -> Enriched:
    """Put the columns computed on a worker back on the chunk kept here."""
    result = future.result()
    ids = result.articles["article_id"].to_numpy()
    if len(ids) != len(chunk) or not (ids == chunk["article_id"].to_numpy()).all():
        raise WorkbenchError("enrichment on the cluster returned articles in another order")
    added = result.articles.drop(columns="article_id")
    articles = chunk.reset_index(drop=True).assign(
        **{name: added[name].array for name in added.columns}
    )
    return Enriched(articles=articles, mentions=result.mentions, topics=result.topics)


def read_and_enrich(
    batches: Iterable[list[str]],
    *,
    errors: str = "raise",
    registry: Any = None,
    taxonomy: Any = None,
    client: Any,
    window: int | None = None,
) -> Iterator[tuple[list[tuple[pd.DataFrame, pd.DataFrame | None]], Enriched]]:
    """Read and enrich batches of source files on the cluster, yielding results in order.

    Parameters
    ----------
    batches
        Lists of file names or URLs that every worker can open (consumed lazily).
    errors
        Passed to :func:`workbench.io.read_articles_with_rejects` for each file.
    registry, taxonomy
        Passed to :func:`workbench.enrich.enrich_articles`; sent once to every worker.
    client
        A ``distributed.Client``.
    window
        Batches in flight at once; twice the number of workers when None.

    Yields
    ------
    files : list of (DataFrame, DataFrame or None)
        Per file of the batch, in order: its articles and its rejects, as read.
    enriched : Enriched
        The enrichment of the batch's distinct articles (the first copy of an id across the
        batch's files): ``articles`` holds ``article_id`` and the columns enrichment adds.

    Raises
    ------
    WorkbenchError
        The first reading or enrichment error of a batch, when its turn comes.
    """
    window = window or 2 * _workers(client)
    if window < 1:
        raise ArgumentError(f"window must be a positive integer; got {window!r}")
    options: dict[str, Any] = {"errors": errors}
    if registry is not None:
        options["registry"] = client.scatter(registry, broadcast=True, hash=False)
    if taxonomy is not None:
        options["taxonomy"] = client.scatter(taxonomy, broadcast=True, hash=False)
    pending: deque[Any] = deque()
    try:
        for names in batches:
            pending.append(
                client.submit(_read_and_enrich_remote, list(names), pure=False, **options)
            )
            while len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


def _read_and_enrich_remote(
    names: list[str], errors: str = "raise", registry: Any = None, taxonomy: Any = None
) -> tuple[list[tuple[pd.DataFrame, pd.DataFrame | None]], Enriched]:
    """Read each file on a worker, then enrich the distinct articles of them all."""
    from workbench.io import read_articles_with_rejects

    files = []
    for name in names:
        result = read_articles_with_rejects(name, errors=errors)
        files.append((result.articles, result.rejects))
    every = pd.concat([frame for frame, _ in files], ignore_index=True)
    distinct = every.loc[~every["article_id"].duplicated()].reset_index(drop=True)
    enriched = enrich_articles(distinct, registry=registry, taxonomy=taxonomy)
    added = [c for c in enriched.articles.columns if c not in distinct.columns]
    return files, Enriched(
        articles=enriched.articles[["article_id", *added]],
        mentions=enriched.mentions,
        topics=enriched.topics,
    )
