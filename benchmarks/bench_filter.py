"""Filter + volume over time + top actors: the indexed Corpus against plain pandas with apply.

Usage::

    python benchmarks/bench_filter.py              # 20,000 sample articles (quick)
    python benchmarks/bench_filter.py --n 100000   # the figure in benchmarks/README.md
    python benchmarks/bench_filter.py --n 1000000 --tile   # 1M by tiling an enriched 100k
                                                            # (no pandas text baseline there)

The sample corpus is generated with ``workbench.sample.generate``, read with ``read_articles``
and enriched with ``enrich_articles``; the enriched tables are cached as Parquet under
``benchmarks/out/`` (git-ignored) so later runs skip generation and enrichment. The cache is
keyed by ``--n`` and ``--seed`` only: delete ``benchmarks/out/sample-*`` after changing the
generator, the registry, the taxonomy or the enrichment.

For each typical filter the script times (median of ``--repeat`` runs, one core, after a warm-up
that builds the lazy indexes) the whole question an analyst asks: filter, weekly volume, top 20
actors by mentions. The baseline is the approach an analyst would write by hand: an articles
frame with list columns of actor names and topics, masks built with ``Series.apply``,
``resample`` and ``explode().value_counts()``. Both paths must give the same article count,
weekly totals and top actors, or the script stops.

The baseline runs at every size for the actor, topic and date specs. Its text spec
(``str.contains`` over every article's text, plus a text column of title and body) is left out
above ``--text-baseline-max`` articles (default 200,000: about a minute per run and a 1 GB
column at 1,000,000), with the reason printed; ``--text-baseline-max 0`` always runs it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"


def build(n: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Generate, read and enrich ``n`` sample articles (cached as Parquet)."""
    from workbench.corpus import _read_cache, _write_cache, enrich_in_chunks
    from workbench.io import read_articles
    from workbench.sample import generate

    folder = OUT / f"sample-{n}-seed{seed}"
    if (folder / "topics.parquet").is_file():
        t0 = time.perf_counter()
        tables = _read_cache(folder)
        print(f"read cached enriched corpus from {folder} in {time.perf_counter() - t0:.1f} s")
        return tables
    t0 = time.perf_counter()
    raw = generate(n, seed=seed)
    t1 = time.perf_counter()
    articles = read_articles(raw[["ref", "date", "source", "title", "body"]])
    t2 = time.perf_counter()
    articles, mentions, topics = enrich_in_chunks(articles, chunk_size=5_000, progress=True)
    t3 = time.perf_counter()
    print(
        f"generated {n:,} in {t1 - t0:.0f} s, read in {t2 - t1:.0f} s, "
        f"enriched in {t3 - t2:.0f} s"
    )
    _write_cache(folder, articles, mentions, topics)
    return articles, mentions, topics


def tile(tables: tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame], times: int):
    """Repeat a corpus ``times`` times with new article ids and dates shifted by whole years."""
    articles, mentions, topics = tables
    a_parts, m_parts, t_parts = [], [], []
    for k in range(times):
        suffix = f"~{k}"
        a_parts.append(
            articles.assign(
                article_id=articles["article_id"] + suffix,
                date=articles["date"] + pd.DateOffset(years=2 * k),
            )
        )
        m_parts.append(mentions.assign(article_id=mentions["article_id"].astype(str) + suffix))
        t_parts.append(topics.assign(article_id=topics["article_id"] + suffix))
    mentions = pd.concat(m_parts, ignore_index=True)
    for column in ("actor_id", "actor", "kind", "country", "surface", "how"):
        mentions[column] = mentions[column].astype("category")
    return (
        pd.concat(a_parts, ignore_index=True),
        mentions,
        pd.concat(t_parts, ignore_index=True),
    )


def memory_mb(corpus) -> tuple[float, float]:
    """Return (tables MB, index MB) of a corpus whose indexes are built."""
    ix = corpus._ix
    tables = sum(
        frame.memory_usage(deep=True).sum() for frame in (ix.articles, ix.mentions, ix.topics)
    )
    index = 0
    for value in list(vars(ix).values()):
        if isinstance(value, np.ndarray):
            index += value.nbytes
        elif hasattr(value, "codes") and hasattr(value, "arts"):
            index += value.codes.nbytes + value.arts.nbytes + value.offsets.nbytes
        elif isinstance(value, tuple):
            index += sum(v.nbytes for v in value if isinstance(v, np.ndarray))
        elif isinstance(value, dict):
            for item in value.values():
                if isinstance(item, np.ndarray):
                    index += item.nbytes
                elif isinstance(item, tuple):
                    for v in item:
                        if isinstance(v, np.ndarray):
                            index += v.nbytes
                        elif hasattr(v, "arts"):
                            index += v.codes.nbytes + v.arts.nbytes + v.offsets.nbytes
    words = ix.__dict__.get("words")
    if words is not None:
        index += words.arts.nbytes + words.offsets.nbytes
    return tables / 1e6, index / 1e6


def median_ms(fn, repeat: int) -> tuple[float, object]:
    result = fn()  # warm-up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="sample articles (default 20,000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per spec (median)")
    parser.add_argument(
        "--tile",
        action="store_true",
        help="build --n by tiling an enriched 100,000-article sample (for 1,000,000)",
    )
    parser.add_argument("--skip-baseline", action="store_true", help="time the workbench only")
    parser.add_argument(
        "--text-baseline-max",
        type=int,
        default=200_000,
        help="largest corpus whose text spec gets a pandas baseline (0: no limit)",
    )
    args = parser.parse_args(argv)

    from workbench import aggregate
    from workbench.corpus import Corpus, FilterSpec

    if args.tile:
        base = min(args.n, 100_000)
        times = -(-args.n // base)
        tables = tile(build(base, args.seed), times)
        label = f"{len(tables[0]):,} articles ({base:,}-article sample tiled {times}x)"
    else:
        tables = build(args.n, args.seed)
        label = f"{len(tables[0]):,} articles (sample --n {args.n:,}, after folding duplicates)"
    articles, mentions, topics = tables
    t0 = time.perf_counter()
    corpus = Corpus(articles, mentions, topics)
    t_construct = time.perf_counter() - t0
    print(f"\ncorpus: {label}, {len(mentions):,} mentions, {len(topics):,} topic rows")

    # the first use builds the lazy indexes (actors, topics, sources, dates): time it apart
    t0 = time.perf_counter()
    top = aggregate.top_actors(corpus, 40)
    aggregate.top_topics(corpus, 5)
    aggregate.sources(corpus)
    aggregate.volume(corpus, freq="week")
    t_index = time.perf_counter() - t0

    # typical specs, chosen from the data so that they select a realistic share
    persons = top[top["kind"] == "person"]
    person = persons["actor"].iloc[min(2, len(persons) - 1)]
    pair = aggregate.cooccurrence(corpus, top=10).iloc[0]
    topic = aggregate.top_topics(corpus, 5)["topic"].iloc[1]
    first, last = corpus.date_range()
    middle = first + (last - first) / 2
    start, end = (middle - pd.Timedelta(days=45)).date(), (middle + pd.Timedelta(days=45)).date()
    source = aggregate.sources(corpus)["source"].iloc[0]
    word = "ceasefire"
    specs = {
        f"one actor ({person})": FilterSpec(actors=[person]),
        f"two actors, all ({pair.actor_a} + {pair.actor_b})": FilterSpec(
            actors=[pair.actor_a, pair.actor_b], actor_mode="all"
        ),
        f"topic + 3 months ({topic})": FilterSpec(topics=[topic], start=start, end=end),
        f"source + text word ({source}, '{word}')": FilterSpec(sources=[source], text=word),
    }

    def workbench_question(spec: FilterSpec):
        sub = corpus.filter(spec)
        weekly = aggregate.volume(sub, freq="week")
        return len(sub), weekly, aggregate.top_actors(sub, 20, by="mentions")

    t0 = time.perf_counter()
    corpus.filter(text=word)
    t_words = time.perf_counter() - t0

    text_baseline = not args.skip_baseline and (
        args.text_baseline_max == 0 or len(articles) <= args.text_baseline_max
    )
    if not args.skip_baseline and not text_baseline:
        print(
            f"pandas baseline of the text spec left out: {len(articles):,} articles is above "
            f"--text-baseline-max {args.text_baseline_max:,} (str.contains over every text: "
            "about a minute per run at 1,000,000, and a title + body column of about 1 GB)"
        )
    if not args.skip_baseline:
        t0 = time.perf_counter()
        plain = articles[["article_id", "date", "source"]].copy()
        if text_baseline:
            plain["text"] = articles["title"] + "\n" + articles["body"]
        by_article = mentions.assign(actor=mentions["actor"].astype(str)).groupby(
            "article_id", observed=True
        )["actor"].agg(list)
        plain["actors"] = plain["article_id"].map(by_article)
        plain["actors"] = plain["actors"].apply(lambda v: v if isinstance(v, list) else [])
        by_topic = topics.groupby("article_id")["topic"].agg(list)
        plain["topics"] = plain["article_id"].map(by_topic)
        plain["topics"] = plain["topics"].apply(lambda v: v if isinstance(v, list) else [])
        t_plain = time.perf_counter() - t0

    def pandas_question(spec: FilterSpec):
        if spec.actors and spec.actor_mode == "all":
            wanted = list(spec.actors)
            mask = plain["actors"].apply(lambda names: all(a in names for a in wanted))
        elif spec.actors:
            wanted = list(spec.actors)
            mask = plain["actors"].apply(lambda names: any(a in names for a in wanted))
        else:
            mask = pd.Series(True, index=plain.index)
        if spec.topics:
            wanted_topics = set(spec.topics)
            mask &= plain["topics"].apply(lambda ts: any(t in wanted_topics for t in ts))
        if spec.start is not None:
            mask &= plain["date"].between(spec.start, spec.end)
        if spec.sources:
            mask &= plain["source"].isin(spec.sources)
        if spec.text:
            mask &= plain["text"].str.contains(rf"\b{spec.text}\b", case=False, regex=True)
        sub = plain[mask]
        weekly = sub.resample("W-MON", on="date", label="left", closed="left").size()
        mentions_per_actor = sub["actors"].explode().value_counts()
        return len(sub), weekly, mentions_per_actor

    rows = []
    for name, spec in specs.items():
        ms, (kept, weekly, top_wb) = median_ms(lambda s=spec: workbench_question(s), args.repeat)
        row = {"spec": name, "kept": kept, "workbench_ms": ms}
        if not args.skip_baseline and (spec.text is None or text_baseline):
            pms, (p_kept, p_weekly, p_top) = median_ms(
                lambda s=spec: pandas_question(s), max(3, args.repeat // 2)
            )
            # the two paths must agree
            assert kept == p_kept, (name, kept, p_kept)
            nonzero = weekly[weekly["articles"] > 0]["articles"].to_numpy()
            assert np.array_equal(nonzero, p_weekly[p_weekly > 0].to_numpy()), name
            # the same top 20 by mentions (ties may come in another order)
            assert p_top.head(20).tolist() == top_wb["mentions"].tolist(), name
            p_counts = p_top.to_dict()
            assert all(p_counts.get(a) == m for a, m in zip(top_wb["actor"], top_wb["mentions"],
                                                            strict=True)), name
            row.update(pandas_ms=pms, speedup=pms / ms)
        rows.append(row)

    table = pd.DataFrame(rows)
    print(
        f"\nindexes built on first use: {t_index * 1000:.0f} ms; word index (first text query): "
        f"{t_words:.1f} s; "
        f"Corpus(): {t_construct * 1000:.0f} ms"
        + ("" if args.skip_baseline else f"; pandas list columns: {t_plain:.1f} s")
    )
    print(f"median of {args.repeat} runs: filter + weekly volume + top 20 actors by mentions\n")
    with pd.option_context("display.width", 200, "display.max_colwidth", 60):
        print(table.to_string(index=False, float_format=lambda v: f"{v:,.1f}"))
    tables_mb, index_mb = memory_mb(corpus)
    print(
        f"\nmemory of the loaded corpus: tables {tables_mb:,.0f} MB (deep), "
        f"indexes {index_mb:,.0f} MB"
    )
    if not args.skip_baseline:
        worst = table["speedup"].min()
        print(f"slowest speed-up over pandas apply: {worst:,.0f}x (goal: at least 20x)")
        if not text_baseline:
            print("(text spec: no pandas baseline at this size, see above)")
    print(f"slowest workbench question: {table['workbench_ms'].max():.1f} ms (goal at 100,000: "
          "under 50 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
