"""Explorer update latency: a widget change → filter → chart PNG → article list, at N articles.

Usage::

    python benchmarks/bench_explorer.py              # 20,000 sample articles (quick)
    python benchmarks/bench_explorer.py --n 100000   # the figure in benchmarks/README.md

The enriched sample corpus is built (and cached under ``benchmarks/out/``) exactly as in
``bench_filter.py``. Each scenario sets a control's ``.value`` the way a click does, with the
debounce off, and times the synchronous redraw (the time a user waits after the debounce). The
goal is under 200 ms per update at 100,000 articles on one core. The breakdown shows where the
time goes: filtering (the library), the summary and its drawing, and the article list.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_filter import build  # noqa: E402

GOAL_MS = 200.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="sample articles (default 20,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=7, help="timed updates per scenario")
    args = parser.parse_args(argv)

    from workbench import aggregate
    from workbench.corpus import Corpus
    from workbench.widgets import Explorer

    articles, mentions, topics = build(args.n, args.seed)
    corpus = Corpus(articles, mentions, topics)
    t0 = time.perf_counter()
    explorer = Explorer(corpus, debounce=0)
    print(f"Explorer over {len(corpus):,} articles built in {time.perf_counter() - t0:.2f} s")

    top = aggregate.top_actors(corpus, None)
    person = str(top[top["kind"] == "person"]["actor"].iloc[0])
    country = str(top[top["kind"] == "country"]["actor"].iloc[0])
    topic = explorer.topics.options[0][1]
    last = len(explorer._months) - 1

    def toggle(control, attribute, a, b):
        return lambda i: setattr(control, attribute, a if i % 2 else b)

    scenarios = {
        "choose an actor (timeline)": toggle(explorer.actors, "value", [person], []),
        "two actors, all of them": toggle(explorer.actors, "value", [person, country], [person]),
        "topic": toggle(explorer.topics, "value", (topic,), ()),
        "month range (slider)": toggle(explorer.months, "index", (3, 8), (0, last)),
        "text query": toggle(explorer.text, "value", "ceasefire OR talks", ""),
        "chart: ranked": toggle(explorer.chart, "value", "ranked", "timeline"),
        "chart: co-occurrence": toggle(explorer.chart, "value", "co-occurrence", "timeline"),
        "chart: actor x topic": toggle(explorer.chart, "value", "actor x topic", "timeline"),
        "chart: tone": toggle(explorer.chart, "value", "tone", "timeline"),
        "next page": lambda i: explorer.go_to_page(i % 3),
    }
    print(f"\n{'scenario':<30} {'median ms':>10} {'p95 ms':>8} {'<200 ms':>8}")
    all_times = []
    for name, change in scenarios.items():
        change(1)  # warm-up: lazy indexes, fonts
        change(0)
        times = []
        for i in range(args.repeat * 2):
            t = time.perf_counter()
            change(i)
            times.append((time.perf_counter() - t) * 1000)
        all_times += times
        p95 = sorted(times)[max(0, int(len(times) * 0.95) - 1)]
        share = sum(t < GOAL_MS for t in times) / len(times)
        print(f"{name:<30} {statistics.median(times):>10.0f} {p95:>8.0f} {share:>8.0%}")

    explorer.actors.value = [person]
    parts = {"filter": 0.0, "chart (summary + draw + PNG)": 0.0, "article list": 0.0}
    for _ in range(args.repeat):
        t = time.perf_counter()
        explorer.corpus_view = corpus.filter(explorer.build_spec())
        parts["filter"] += time.perf_counter() - t
        t = time.perf_counter()
        explorer._draw_chart()
        parts["chart (summary + draw + PNG)"] += time.perf_counter() - t
        t = time.perf_counter()
        explorer._draw_list()
        parts["article list"] += time.perf_counter() - t
    print("\nbreakdown of one update (one actor, timeline), mean ms:")
    for name, seconds in parts.items():
        print(f"  {name:<30} {seconds / args.repeat * 1000:>8.1f}")
    overall = statistics.median(all_times)
    under = sum(t < GOAL_MS for t in all_times) / len(all_times)
    print(
        f"\nall updates: median {overall:.0f} ms; {under:.0%} under the {GOAL_MS:.0f} ms goal"
        f" at {len(corpus):,} articles"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
