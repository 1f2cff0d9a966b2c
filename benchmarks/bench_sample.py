"""Speed of the sample-corpus generator: articles/s and MB/s, extrapolated to 1,000,000 articles.

Usage: python benchmarks/bench_sample.py [--n 100000] [--seed 0] [--full]

Two timings over the same --n articles, both on one core (CPU time of this process, so that
other jobs on a shared machine do not count; wall time is printed too):
- generate: the article loop alone (records in memory, then dropped);
- write: the full `write_sample` path (text files + ground-truth JSON Lines) into a temp folder.
Baseline in the same run: the 2-minute budget for 1,000,000 articles (8,333 articles/s), and a
floor that only formats the already-generated text (one f-string per article), which no
generator can beat. --full also measures 1,000,000 articles for real (about 1.5 GB of files).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from workbench.sample import write_sample
from workbench.sample.generator import COMPILED, generate_records

BUDGET_S = 120.0
MILLION = 1_000_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--full", action="store_true", help="also write 1,000,000 articles")
    args = parser.parse_args()
    n = args.n

    # warm the caches (compiled stories and form tables are built once per process)
    for _ in generate_records(2000, seed=args.seed + 1):
        pass

    t0 = time.process_time()
    texts = []
    for rec in generate_records(n, seed=args.seed):
        texts.append((rec["date"], rec["ref"], rec["title"], rec["paragraphs"]))
    t_gen = time.process_time() - t0

    t0 = time.process_time()
    out = "".join(
        f" date {d} {r}\n{t}\n" + "\n".join(p) + "\n" for d, r, t, p in texts
    ).encode("utf-8")
    t_floor = time.process_time() - t0
    mb = len(out) / 1e6
    del texts, out

    tmp = Path(tempfile.mkdtemp(prefix="bench-sample-"))
    try:
        t0 = time.process_time()
        w0 = time.perf_counter()
        files = write_sample(tmp / "corpus", n, seed=args.seed, per_file=1000)
        t_write = time.process_time() - t0
        wall_write = time.perf_counter() - w0
        mb_files = sum(f.stat().st_size for f in files) / 1e6
        mb_truth = (tmp / "corpus" / ".truth.jsonl").stat().st_size / 1e6
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"sample generator, n={n:,}, seed={args.seed}, {len(COMPILED)} story lines")
    print(f"  generate only : {t_gen:7.2f} s  {n / t_gen:9,.0f} articles/s  {mb / t_gen:6.1f} MB/s")
    print(f"  write (text + truth): {t_write:7.2f} s  {n / t_write:9,.0f} articles/s  "
          f"{(mb_files + mb_truth) / t_write:6.1f} MB/s  ({mb_files:.1f} MB text, "
          f"{mb_truth:.1f} MB truth; wall {wall_write:.1f} s)")
    print(f"  floor (format pre-generated text only): {n / t_floor:,.0f} articles/s")
    est = MILLION / (n / t_write)
    print(f"  1,000,000 articles (extrapolated from write): {est:6.1f} s; budget {BUDGET_S:.0f} s "
          f"-> ratio {est / BUDGET_S:.2f} ({'within' if est <= BUDGET_S else 'OVER'} budget)")
    print(f"  generator vs floor: {t_gen / t_floor:.1f}x the cost of formatting alone")
    if args.full:
        tmp = Path(tempfile.mkdtemp(prefix="bench-sample-full-"))
        try:
            t0 = time.perf_counter()
            files = write_sample(tmp / "corpus", MILLION, seed=args.seed, per_file=1000)
            t_full = time.perf_counter() - t0
            size = sum(f.stat().st_size for f in files) / 1e6
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        print(f"  1,000,000 articles measured (wall): {t_full:6.1f} s ({size:,.0f} MB text); "
              f"budget {BUDGET_S:.0f} s -> ratio {t_full / BUDGET_S:.2f}")


if __name__ == "__main__":
    main()
