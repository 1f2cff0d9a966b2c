"""Store and scale: ingest throughput with 1 and 2 Dask workers, store size, filtered open, memory.

    python benchmarks/bench_scale.py                # 100,000 sample articles
    python benchmarks/bench_scale.py --n 20000      # a modest run on a shared machine
    python benchmarks/bench_scale.py --n 1000000 --runs single   # then --runs 1,2 later

The sample corpus comes from ``workbench.sample.write_sample`` (the articles of
``workbench.sample.generate`` as text files of 1,000 articles) into ``benchmarks/out/``
(git-ignored) and is reused when present. Each ingest runs in a child process so that its peak
memory (maximum resident set size) is its own. Figures are compared with their baselines in
the same run:

- 2 Dask workers against 1 worker (goal: at least 1.6x the articles per second);
- a filtered open (one actor, one quarter) against a full read of the store (goal: 10x faster);
- peak memory of a single-process ingest (goal: under 2 GB at 1,000,000 articles).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"


def sample_dir(n: int, seed: int) -> Path:
    """Generate (once) ``n`` sample articles and return their folder."""
    from workbench.sample import write_sample  # the files of workbench.sample.generate

    folder = OUT / f"sample-{n}-{seed}"
    done = folder / ".complete"
    if not done.exists():
        started = time.perf_counter()
        write_sample(folder, n, seed=seed, per_file=1000)
        done.write_text("ok\n")
        print(f"generated {n:,} sample articles in {time.perf_counter() - started:.1f} s")
    return folder


def raw_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and p.name[0] != ".")


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def warm_up(articles) -> int:
    from workbench.enrich import enrich_articles

    return len(enrich_articles(articles).mentions)


def child_ingest(args: argparse.Namespace) -> None:
    """Run one ingest in this (child) process and print its figures as JSON."""
    from workbench.store import ingest

    started = time.perf_counter()
    options = {}
    cluster = client = None
    if args.workers:
        from distributed import Client, LocalCluster

        cluster = LocalCluster(
            n_workers=args.workers,
            processes=True,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
        )
        client = Client(cluster)
        options["client"] = client
        options["read_on"] = args.read_on  # a local cluster sees the files
    # every process loads the registry and taxonomy before the clock starts (a warm cluster)
    from workbench.io import read_articles

    first = sorted(Path(args.source).glob("*.txt"))[0]
    warm = read_articles(first).head(50)
    warm_up(warm)
    if client is not None:
        client.run(warm_up, warm)
    setup = time.perf_counter() - started
    cpu_before = cpu_seconds()
    workers_before = list(client.run(cpu_seconds).values()) if client is not None else []
    started = time.perf_counter()
    report = ingest([args.source], args.store, chunk_size=args.chunk_size, **options)
    seconds = time.perf_counter() - started
    cpu = cpu_seconds() - cpu_before
    workers_rss = []
    workers_cpu = []
    if client is not None:
        workers_rss = list(
            client.run(lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss).values()
        )
        after = list(client.run(cpu_seconds).values())
        workers_cpu = [b - a for a, b in zip(workers_before, after, strict=True)]
        client.close()
        cluster.close()
    print(
        json.dumps(
            {
                "articles": report.counts["articles"],
                "mentions": report.counts["mentions"],
                "topics": report.counts["topics"],
                "seconds": seconds,
                "setup_seconds": setup,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "workers_peak_rss_mb": [r / 1024 for r in workers_rss],
                "cpu_seconds": cpu,
                "workers_cpu_seconds": workers_cpu,
            }
        )
    )


def run_ingest(source: Path, store: Path, workers: int, chunk_size: int, read_on: str) -> dict:
    """Ingest into a fresh ``store`` in a child process; return its figures."""
    import shutil

    shutil.rmtree(store, ignore_errors=True)
    command = [
        sys.executable,
        __file__,
        "--child-ingest",
        "--source",
        str(source),
        "--store",
        str(store),
        "--workers",
        str(workers),
        "--chunk-size",
        str(chunk_size),
        "--read-on",
        read_on,
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"ingest failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def best_of(repeat: int, function) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best, result


def pick_slice(store: Path) -> tuple[str, str, str]:
    """A busy quarter and an actor of middling frequency in the whole store."""
    from workbench.store import sql

    quarter = sql(
        store,
        "select year, (month - 1) // 3 + 1 as q, count(*) as n from articles "
        "where year > 0 group by all order by n desc limit 1",
    ).iloc[0]
    actors = sql(
        store,
        "select actor_id, count(distinct article_id) as n from mentions "
        "group by actor_id order by n desc, actor_id",
    )
    actor = actors["actor_id"].iloc[min(len(actors) - 1, 10)]
    year, q = int(quarter["year"]), int(quarter["q"])
    start = f"{year}-{3 * q - 2:02d}"
    end = f"{year}-{3 * q:02d}"
    return actor, start, end


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="sample articles (default 100,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--chunk-size", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="timings of the reads (best of)")
    parser.add_argument(
        "--no-dask", action="store_true", help="single-process ingest only (no 1/2-worker runs)"
    )
    parser.add_argument(
        "--runs",
        default="single,1,2",
        help="which ingests to time: any of single, 1, 2 (workers), comma-separated; the reads "
        "use the single-process store, left by an earlier run when 'single' is not among them",
    )
    parser.add_argument(
        "--reads-only",
        action="store_true",
        help="time the reads of the store an earlier run left (no ingest)",
    )
    parser.add_argument(
        "--read-on",
        default="workers",
        choices=("workers", "client"),
        help="on the cluster runs, who parses the source files (default: the workers)",
    )
    parser.add_argument("--child-ingest", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--source", help=argparse.SUPPRESS)
    parser.add_argument("--store", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_ingest:
        child_ingest(args)
        return

    from workbench.store import open_store, read_manifest, scan

    OUT.mkdir(parents=True, exist_ok=True)
    source = sample_dir(args.n, args.seed)
    raw = raw_bytes(source)
    print(f"sample: {args.n:,} articles, {raw / 1e6:.1f} MB of text, {os.cpu_count()} cores")

    results: dict[str, dict] = {}
    every_run = {"single": ("single process", 0), "1": ("1 worker", 1), "2": ("2 workers", 2)}
    chosen = [part.strip() for part in args.runs.split(",") if part.strip()]
    unknown = sorted(set(chosen) - set(every_run))
    if unknown:
        parser.error(f"--runs: unknown {unknown}; allowed: single, 1, 2")
    runs = tuple(every_run[name] for name in every_run if name in chosen)
    if args.reads_only:
        runs = ()
    elif args.no_dask:
        runs = runs[:1] if runs and runs[0][1] == 0 else ()
    for label, workers in runs:
        store = OUT / f"store-{args.n}-{workers}"
        figures = run_ingest(source, store, workers, args.chunk_size, args.read_on)
        results[label] = figures
        rate = figures["articles"] / figures["seconds"]
        extra = ""
        if figures["workers_peak_rss_mb"]:
            extra = (
                ", workers' peak "
                + ", ".join(f"{r:.0f}" for r in figures["workers_peak_rss_mb"])
                + " MB"
            )
        cpu = f"CPU {figures['cpu_seconds']:.1f} s"
        if figures["workers_cpu_seconds"]:
            cpu += " here + " + " + ".join(f"{c:.1f}" for c in figures["workers_cpu_seconds"])
            cpu += " s on the workers"
        print(
            f"ingest, {label}: {figures['articles']:,} articles in {figures['seconds']:.1f} s "
            f"= {rate:,.0f} articles/s ({cpu}); peak memory {figures['peak_rss_mb']:.0f} MB"
            f"{extra}"
        )
    two = one = float("nan")
    if "2 workers" in results and "1 worker" in results:
        one = results["1 worker"]["articles"] / results["1 worker"]["seconds"]
        two = results["2 workers"]["articles"] / results["2 workers"]["seconds"]
        print(f"  2 workers / 1 worker: {two / one:.2f}x (goal >= 1.6x)")

        # what two idle cores would allow: a process cannot finish before its own CPU time,
        # and three processes on two cores not before half their total
        def idle_time(figures: dict) -> float:
            times = [figures["cpu_seconds"], *figures["workers_cpu_seconds"]]
            return max(*times, sum(times) / 2)

        estimate = idle_time(results["1 worker"]) / idle_time(results["2 workers"])
        print(
            f"  on 2 idle cores (from CPU times): {estimate:.2f}x; "
            f"load average now {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
        )

    # the reads use the single-process store, or the store of a cluster run when only those ran
    candidates = [OUT / f"store-{args.n}-{workers}" for workers in (0, 1, 2)]
    made = [c for c in candidates if (c / "_manifest.json").exists()]
    if not made:
        parser.error(f"no store of {args.n:,} articles under {OUT}: run without --reads-only first")
    store = made[0]
    manifest = read_manifest(store)
    print(f"reads from {store.name}")
    size = sum(f["bytes"] for f in manifest["files"])
    print(
        f"store: {size / 1e6:.1f} MB in {len(manifest['files'])} files = "
        f"{size / raw:.2f} x the raw text ({raw / 1e6:.1f} MB)"
    )

    actor, start, end = pick_slice(store)
    spec = {"actors": [actor], "start": start, "end": end}
    full_s, full = best_of(args.repeat, lambda: open_store(store))
    part_s, part = best_of(args.repeat, lambda: open_store(store, spec))
    exact = full.filter(spec)
    assert len(part.articles) == len(exact.articles), "filtered open differs from full filter"
    *_, stats = scan(store, spec)
    print(
        f"open, full read: {len(full.articles):,} articles, {len(full.mentions):,} mentions "
        f"in {full_s:.2f} s"
    )
    print(
        f"open, {actor} in {start}..{end}: {len(part.articles):,} articles in {part_s:.3f} s, "
        f"{stats.files_read['articles']} of {stats.files_total['articles']} article files"
    )
    print(f"  full read / filtered open: {full_s / part_s:.1f}x (goal >= 10x)")
    if "single process" in results:
        peak = results["single process"]["peak_rss_mb"]
        print(
            f"peak memory, single-process ingest of {args.n:,}: {peak:.0f} MB "
            f"(goal < 2048 MB at 1,000,000)"
        )
    summary = {
        "n": args.n,
        "raw_bytes": raw,
        "store_bytes": size,
        "ingest": results,
        "speedup_2_workers": two / one,
        "load_average": os.getloadavg()[0],
        "full_read_seconds": full_s,
        "filtered_open_seconds": part_s,
        "filtered_speedup": full_s / part_s,
        "slice": spec,
    }
    suffix = "-reads" if args.reads_only else "" if len(runs) == 3 else "-" + "-".join(chosen)
    (OUT / f"scale-{args.n}{suffix}.json").write_text(json.dumps(summary, indent=1))


if __name__ == "__main__":
    main()
