"""Benchmark shareable reports: time to render the report notebook for N articles (10,000 default).

The corpus is written by ``workbench sample`` into ``benchmarks/out/sample-N`` (git-ignored).
Figures printed, all measured in the same run:

1. baseline: the fixed cost of any report, i.e. papermill + nbconvert + sanitising on a one-cell
   template with the same parameters (kernel start, export);
2. ``load`` of the corpus in this process, cold (read + enrich, fills the cache) and warm (cache);
3. the full report (``notebooks/report-template.ipynb``): unfiltered, and for one actor; the
   kernel's ``load`` is a cache hit, as it is for an analyst re-running reports;
4. ratios: report / baseline, and report / warm load.

Usage: ``python benchmarks/bench_report.py [--n 10000] [--actor "Vladimir Putin"]``
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "benchmarks" / "out"


def _sample(n: int) -> Path:
    folder = OUT / f"sample-{n}"
    if not (folder / ".complete").is_file():
        subprocess.run(
            [sys.executable, "-m", "workbench", "sample", "--n", str(n), "--out", str(folder)],
            check=True,
        )
        (folder / ".complete").touch()
    return folder


def _minimal_template(path: Path) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3"}
    nb.cells = [
        nbformat.v4.new_code_cell(
            'source = "x"\nactors = []\ntopics = []\nstart = None\nend = None',
            metadata={"tags": ["parameters"]},
        ),
        nbformat.v4.new_code_cell("print(source)"),
    ]
    nbformat.write(nb, path)
    return path


def _cpu() -> float:
    """CPU seconds of this process and its waited-for children (the report kernels)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN
    )
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _timed(label: str, func):
    start, cpu = time.perf_counter(), _cpu()
    result = func()
    seconds, cpu = time.perf_counter() - start, _cpu() - cpu
    print(f"  {label:<44} {seconds:7.2f} s wall {cpu:7.2f} s CPU")
    return seconds, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="articles (default 10000)")
    parser.add_argument("--actor", default="Vladimir Putin", help="actor for the filtered report")
    args = parser.parse_args()

    import workbench
    from workbench.corpus import load

    source = _sample(args.n)
    with tempfile.TemporaryDirectory(prefix="bench-report-") as tmp:
        tmp_path = Path(tmp)
        os.environ["WORKBENCH_CACHE"] = str(tmp_path / "cache")  # cold, then warm, in this run
        os.environ.setdefault("MPLBACKEND", "Agg")
        print(f"report benchmark: {args.n:,} articles from {source.relative_to(REPO)}; "
              f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n"
              "  (CPU time includes the report kernels, child processes of this one)")
        base, _ = _timed(
            "baseline: one-cell template (kernel+export)",
            lambda: workbench.render_report(
                source, template=_minimal_template(tmp_path / "min.ipynb"),
                out=tmp_path / "min.html",
            ),
        )
        cold, corpus = _timed("load, cold (read + enrich + cache)", lambda: load(source,
                                                                            progress=False))
        warm, _ = _timed("load, warm (cache hit)", lambda: load(source, progress=False))
        full, path = _timed(
            "report, all articles",
            lambda: workbench.render_report(source, out=tmp_path / "all.html"),
        )
        size = path.stat().st_size
        one, _ = _timed(
            f"report, actor {args.actor}",
            lambda: workbench.render_report(source, actors=[args.actor],
                                            out=tmp_path / "actor.html"),
        )
        print(f"  corpus: {len(corpus):,} articles, {corpus.n_mentions():,} mentions")
        print(f"  report size (all articles): {size / 1e6:.2f} MB, self-contained")
        print(f"  ratio report/baseline: {full / base:.2f}x (all), {one / base:.2f}x (actor)")
        print(f"  load average at the end: {os.getloadavg()[0]:.1f}")
        print(f"  ratio report/warm load: {full / warm:.1f}x; cold load/warm load: "
              f"{cold / warm:.1f}x")


if __name__ == "__main__":
    main()
