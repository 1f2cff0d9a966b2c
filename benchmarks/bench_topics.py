"""Benchmark topics and tone.

1. Learned topics (TF-IDF + NMF) against Reuters-21578 TOPICS labels (single-label stories):
   NMI and purity, side by side with scikit-learn's LDA in the same run, with run times.
2. Taxonomy precision and recall against the sample corpus ground truth (``truth.jsonl``), when
   the sample generator is available (skipped with a message otherwise).
3. Timings at ``--n`` articles: learn_topics, tag_topics, article_tone (VADER throughput).

Usage: ``python benchmarks/bench_topics.py [--n 100000] [--k 20] [--skip-big]``
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REUTERS = SHARED / "corpora" / "reuters21578"

_DOC = re.compile(r"<REUTERS(.*?)</REUTERS>", re.S)
_TAG = {
    name: re.compile(rf"<{name}>(.*?)</{name}>", re.S)
    for name in ("TOPICS", "TITLE", "BODY", "DATE")
}
_D = re.compile(r"<D>(.*?)</D>")

# wire-copy boilerplate that is not a stop word in English but carries no topic
REUTERS_STOP = ["reuter", "reuters", "mln", "dlrs", "pct", "said", "year", "vs", "cts", "billion",
                "000", "shr", "net", "qtr", "lt", "inc", "corp", "company", "would", "also"]


def read_reuters(folder: Path = REUTERS) -> pd.DataFrame:
    """Parse the SGML files into article_id, date, title, body, topics (list of labels)."""
    rows = []
    for path in sorted(folder.glob("reut2-*.sgm")):
        text = path.read_text(encoding="latin-1")
        for match in _DOC.finditer(text):
            doc = match.group(1)
            newid = re.search(r'NEWID="(\d+)"', doc).group(1)
            topics = _TAG["TOPICS"].search(doc)
            labels = _D.findall(topics.group(1)) if topics else []
            title = _TAG["TITLE"].search(doc)
            body = _TAG["BODY"].search(doc)
            date = _TAG["DATE"].search(doc)
            rows.append(
                {
                    "article_id": f"reuters-{newid}",
                    "date": date.group(1).strip()[:11] if date else None,
                    "title": html.unescape(title.group(1)).strip() if title else "",
                    "body": html.unescape(body.group(1)).strip() if body else "",
                    "topics": labels,
                }
            )
    frame = pd.DataFrame(rows)
    frame["date"] = pd.to_datetime(frame["date"], format="%d-%b-%Y", errors="coerce", utc=True)
    return frame


def purity(labels: np.ndarray, clusters: np.ndarray) -> float:
    table = pd.crosstab(clusters, labels)
    return float(table.max(axis=1).sum() / len(labels))


def bench_reuters(k_fixed: int) -> list[str]:
    from sklearn.decomposition import LatentDirichletAllocation
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, CountVectorizer
    from sklearn.metrics import normalized_mutual_info_score
    from threadpoolctl import threadpool_limits

    from workbench.learned import TOKEN_PATTERN, learn_topics

    t0 = time.perf_counter()
    docs = read_reuters()
    parse_s = time.perf_counter() - t0
    single = docs[(docs["topics"].str.len() == 1) & (docs["body"].str.len() > 0)].reset_index(
        drop=True
    )
    labels = single["topics"].str[0].to_numpy()
    print(f"Reuters-21578: {len(docs)} stories parsed in {parse_s:.1f} s; {len(single)} "
          f"single-label with a body, {len(set(labels))} labels")
    lines = []
    results = []
    for k in (None, k_fixed):
        t0 = time.process_time()
        learned = learn_topics(single, k=k, seed=0, stop_words=REUTERS_STOP)
        nmf_s = time.process_time() - t0
        clusters = learned.dominant().to_numpy().astype(str)
        results.append(("TF-IDF + NMF (learn_topics)", learned.k, k is None, nmf_s,
                        normalized_mutual_info_score(labels, clusters), purity(labels, clusters)))
        if k is None:
            print("k selection on a subsample (chosen: the reconstruction-error elbow):")
            print(learned.selection.to_string(index=False))
            for tid in learned.topic_ids[:8]:
                print(f"  {tid}: {', '.join(learned.top_terms(tid, 8))}")
        # LDA baseline at the same k, same text, same stop words, same vocabulary cap
        t0 = time.process_time()
        texts = (single["title"] + "\n" + single["body"]).to_numpy()
        counts = CountVectorizer(
            max_features=10_000, min_df=5, max_df=0.5, token_pattern=TOKEN_PATTERN,
            stop_words=sorted(ENGLISH_STOP_WORDS | set(REUTERS_STOP)), dtype=np.float32,
        ).fit_transform(texts)
        lda = LatentDirichletAllocation(
            n_components=learned.k, learning_method="online", random_state=0, max_iter=10,
            batch_size=512,
        )
        with threadpool_limits(limits=1):  # one core, like learn_topics
            doc_topic = lda.fit_transform(counts)
        lda_s = time.process_time() - t0
        lda_clusters = doc_topic.argmax(axis=1)
        results.append(("scikit-learn LDA (online, 10 passes)", learned.k, k is None, lda_s,
                        normalized_mutual_info_score(labels, lda_clusters),
                        purity(labels, lda_clusters)))
    header = "| method | k | k chosen automatically | CPU time (s) | NMI | purity |"
    lines += [header, "|---|---|---|---|---|---|"]
    for name, k, auto, secs, nmi, pur in results:
        lines.append(f"| {name} | {k} | {'yes' if auto else 'no'} | {secs:.1f} | {nmi:.3f} | "
                     f"{pur:.3f} |")
    nmf_rows = [r for r in results if r[0].startswith("TF-IDF")]
    lda_rows = [r for r in results if r[0].startswith("scikit")]
    for nmf, lda in zip(nmf_rows, lda_rows, strict=True):
        lines.append(f"\nk={nmf[1]}: NMF/LDA ratios: NMI {nmf[4] / lda[4]:.2f}x, purity "
                     f"{nmf[5] / lda[5]:.2f}x, time {nmf[3] / lda[3]:.2f}x")
    print("\n".join(lines))
    return lines


def bench_taxonomy_truth(n: int) -> list[str]:
    try:
        from workbench.sample import generate
    except ImportError:
        msg = ("Taxonomy precision/recall against the sample ground truth: SKIPPED "
               "(workbench.sample is not on this branch yet)")
        print(msg)
        return [msg]
    from workbench.topics import load_taxonomy, tag_topics

    sample = generate(n, seed=1)  # seed 0 was looked at while writing the rules: held out
    articles = pd.DataFrame(
        {"article_id": sample["ref"].astype(str), "title": sample["title"], "body": sample["body"]}
    )
    truth = [{"article_id": str(r), "topics": list(t)}
             for r, t in zip(sample["ref"], sample["topics"], strict=True)]
    return _score_truth(articles, truth, load_taxonomy(), tag_topics)


def _score_truth(articles, truth, taxonomy, tag_topics) -> list[str]:
    t0 = time.process_time()
    tagged = tag_topics(articles, taxonomy=taxonomy)
    secs = time.process_time() - t0
    gold = {}
    for rec in truth:
        gold[rec["article_id"]] = set(rec.get("topics", []))
    themes = sorted({t for s in gold.values() for t in s})
    predicted = tagged.groupby("article_id")["topic"].agg(set).to_dict()
    lines = [f"Taxonomy on the sample corpus (seed 1, held out): {len(articles)} articles tagged "
             f"in {secs:.2f} s CPU",
             "| topic | precision | recall | support |", "|---|---|---|---|"]
    tp_all = fp_all = fn_all = 0
    for theme in themes:
        tp = sum(1 for a, g in gold.items() if theme in g and theme in predicted.get(a, set()))
        fp = sum(1 for a, g in gold.items() if theme not in g and theme in predicted.get(a, set()))
        fn = sum(1 for a, g in gold.items() if theme in g and theme not in predicted.get(a, set()))
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
        prec = tp / (tp + fp) if tp + fp else float("nan")
        rec = tp / (tp + fn) if tp + fn else float("nan")
        lines.append(f"| {theme} | {prec:.2f} | {rec:.2f} | {tp + fn} |")
    prec = tp_all / (tp_all + fp_all) if tp_all + fp_all else float("nan")
    rec = tp_all / (tp_all + fn_all) if tp_all + fn_all else float("nan")
    lines.append(f"| **micro average** | {prec:.2f} | {rec:.2f} | {tp_all + fn_all} |")
    print("\n".join(lines))
    return lines


def big_corpus(n: int) -> pd.DataFrame:
    """n articles: Reuters stories repeated cyclically (timing only; ids kept distinct)."""
    docs = read_reuters()
    docs = docs[docs["body"].str.len() > 0].reset_index(drop=True)
    idx = np.arange(n) % len(docs)
    big = docs.iloc[idx].reset_index(drop=True)
    big["article_id"] = big["article_id"] + "-" + pd.Series(np.arange(n)).astype(str)
    return big


def bench_big(n: int) -> list[str]:
    from workbench.learned import learn_topics
    from workbench.tone import _analyzer, article_tone
    from workbench.topics import load_taxonomy, tag_topics

    big = big_corpus(n)
    mb = (big["title"].str.len().sum() + big["body"].str.len().sum()) / 1e6
    lines = [f"Timings on {n} articles ({mb:.0f} MB of text; Reuters stories repeated), "
             "one process:"]
    t0, c0 = time.perf_counter(), time.process_time()
    learned = learn_topics(big, k=None, seed=0, stop_words=REUTERS_STOP)
    lines.append(f"- learn_topics (k chosen automatically = {learned.k}): "
                 f"{time.perf_counter() - t0:.1f} s wall, {time.process_time() - c0:.1f} s CPU")
    t0, c0 = time.perf_counter(), time.process_time()
    learned = learn_topics(big, k=20, seed=0, stop_words=REUTERS_STOP)
    lines.append(f"- learn_topics (k=20): {time.perf_counter() - t0:.1f} s wall, "
                 f"{time.process_time() - c0:.1f} s CPU")
    taxonomy = load_taxonomy()
    t0, c0 = time.perf_counter(), time.process_time()
    tagged = tag_topics(big, taxonomy=taxonomy)
    secs, cpu = time.perf_counter() - t0, time.process_time() - c0
    lines.append(f"- tag_topics ({len(taxonomy)} topics): {secs:.1f} s wall, {cpu:.1f} s CPU "
                 f"({mb / cpu:.1f} MB/s of CPU, {len(tagged)} rows)")
    # baseline: one case-insensitive regex per topic (all its terms), pandas str.count
    part = big.head(min(n, 5_000))
    texts = part["title"] + "\n" + part["body"]
    c0 = time.process_time()
    for topic in taxonomy.topics.values():
        terms = [*topic.phrases, *(t for g in topic.require for t in g), *topic.exclude]
        if terms:
            alternation = "|".join(
                re.escape(t.rstrip("*")) + (r"\w*" if t.endswith("*") else "") for t in terms
            )
            texts.str.count(rf"(?i)\b(?:{alternation})\b")
    base = time.process_time() - c0
    c0 = time.process_time()
    tag_topics(part, taxonomy=taxonomy)
    ours = time.process_time() - c0
    lines.append(f"- baseline, one regex per topic over {len(part)} articles: {base:.1f} s CPU "
                 f"against {ours:.1f} s for tag_topics ({base / ours:.1f}x faster)")
    # VADER: throughput on a slice (it is pure Python), then the per-article figure
    part = big.head(min(n, 2_000))
    _analyzer()
    from workbench.text import sentence_spans
    from workbench.tone import sentence_tone

    sentence_tone.cache_clear()
    n_sent = sum(len(sentence_spans(t)) for t in (part["title"] + "\n" + part["body"]))
    c0 = time.process_time()
    article_tone(part, max_sentences=None)
    secs = time.process_time() - c0
    lines.append(f"- article_tone (VADER, {len(part)} articles, {n_sent} sentences): "
                 f"{secs:.1f} s CPU = {n_sent / secs:,.0f} sentences/s, "
                 f"{len(part) / secs:,.0f} articles/s "
                 f"(estimate for {n}: {n / (len(part) / secs) / 60:.1f} min)")
    print("\n".join(lines))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="articles for the timing part")
    parser.add_argument("--k", type=int, default=20, help="fixed k compared with LDA")
    parser.add_argument("--sample-n", type=int, default=2_000, help="sample corpus size")
    parser.add_argument("--skip-big", action="store_true")
    args = parser.parse_args(argv)
    if not REUTERS.is_dir():
        print(f"{REUTERS} is absent: nothing to benchmark", file=sys.stderr)
        return 1
    bench_reuters(args.k)
    bench_taxonomy_truth(args.sample_n)
    if not args.skip_big:
        bench_big(args.n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
