"""Topic taxonomy as data (YAML), and fast rule-based tagging of articles with it.

The taxonomy lives in ``data/registry/topics.yml``: its top level follows the 17 top-level
subjects of the IPTC Media Topics, and analyst themes for current geopolitics sit beneath. An
analyst stacks their own files on top (:func:`load_taxonomy`); :func:`tag_topics` turns articles
into rows of the ``topics`` table with the matched terms as evidence.

Matching rules (one ``match:`` block per topic, every key optional)
-------------------------------------------------------------------
``phrases``
    Terms of which at least ``min_phrases`` (default 1) *distinct* ones must occur.
``require``
    A list of term groups; every group must have at least one term in the article.
    The topic matches when the ``phrases`` condition holds **or** all ``require`` groups hold.
``exclude``
    Terms that veto the topic when any of them occurs.
``actors``
    ``{any: [ids], all: [ids], names: [terms]}``: an extra condition (AND) on actor ids of the
    ``mentions`` table ("ISR", "hamas"). Without a mentions table, ``names`` is used as one more
    required term group; a topic with an actor condition but no ``names`` is then skipped (never
    tagged) and :func:`tag_topics` warns once naming such topics.

Term syntax: whole words, case-insensitive, white space runs and curly apostrophes normalised. A
term written in capitals only (two letters or more, e.g. ``NATO``, ``AI``, ``US``) matches
case-sensitively, so "AI" does not match "ai" and "US" does not match "us". A trailing ``*``
matches a prefix (``tariff*`` matches "tariffs"); otherwise both ends need a word boundary.

Hierarchy: rows are written only for topics whose own rules matched; parents are *implied*, not
stored. Filter with :func:`descendants` (filtering by ``conflict`` includes ``gaza-ceasefire``),
or add the ancestor rows explicitly with :func:`with_ancestors` when counting by top level.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import ahocorasick
import numpy as np
import pandas as pd
import yaml

from workbench import schema
from workbench.errors import RegistryError


def _default_path() -> Path:
    """Return the packaged taxonomy file.

    That is ``data/registry/topics.yml`` of the checkout (source or editable install), or a copy
    inside the package when a wheel force-includes it there.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "data" / "registry", here / "data" / "registry"):
        if (candidate / "topics.yml").is_file():
            return candidate / "topics.yml"
    return here.parent / "data" / "registry" / "topics.yml"


#: The packaged taxonomy (works from a source checkout and from an editable install).
DEFAULT_TAXONOMY = _default_path()

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_TOPIC_KEYS = {"id", "label", "parent", "iptc", "description", "match", "drop"}
_MATCH_KEYS = {"phrases", "min_phrases", "require", "exclude", "actors"}
_ACTOR_KEYS = {"any", "all", "names"}


@dataclass(frozen=True)
class Topic:
    """One taxonomy entry.

    Attributes
    ----------
    id, label, parent
        Slug id, human label, parent id (None for a top-level subject).
    iptc
        IPTC Media Topic code of a top-level subject (``medtop:16000000``), when it has one.
    phrases, min_phrases, require, exclude
        The matching rules (see the module docstring).
    actors_any, actors_all, actor_names
        Actor conditions on the ``mentions`` table, and their fall-back terms.
    origin
        ``file:line`` of the entry that defined (or last overrode) the topic.
    """

    id: str
    label: str
    parent: str | None = None
    iptc: str | None = None
    description: str = ""
    phrases: tuple[str, ...] = ()
    min_phrases: int = 1
    require: tuple[tuple[str, ...], ...] = ()
    exclude: tuple[str, ...] = ()
    actors_any: tuple[str, ...] = ()
    actors_all: tuple[str, ...] = ()
    actor_names: tuple[str, ...] = ()
    origin: str = ""

    @property
    def has_rules(self) -> bool:
        """Whether the topic can match by itself (grouping nodes may have no rules)."""
        return bool(self.phrases or self.require)

    @property
    def has_actor_condition(self) -> bool:
        """Whether the topic has a condition on actor mentions."""
        return bool(self.actors_any or self.actors_all)


@dataclass(frozen=True)
class Taxonomy:
    """A validated topic tree: ``topics`` by id, in file order, and the files it came from."""

    topics: dict[str, Topic]
    sources: tuple[str, ...] = field(default_factory=tuple)

    def __len__(self) -> int:
        return len(self.topics)

    def __contains__(self, topic_id: object) -> bool:
        return topic_id in self.topics

    def __getitem__(self, topic_id: str) -> Topic:
        return self.topics[topic_id]

    def children(self, topic_id: str) -> list[str]:
        """Return the ids whose parent is ``topic_id``."""
        return [t.id for t in self.topics.values() if t.parent == topic_id]

    def to_frame(self) -> pd.DataFrame:
        """Return one row per topic: id, label, parent, depth, iptc, origin."""
        rows = [
            {
                "topic": t.id,
                "label": t.label,
                "parent": t.parent,
                "depth": len(ancestors(self, t.id)),
                "iptc": t.iptc,
                "origin": t.origin,
            }
            for t in self.topics.values()
        ]
        return pd.DataFrame(rows)


# --------------------------------------------------------------------------- loading


def load_taxonomy(*paths: str | Path, include_default: bool = True) -> Taxonomy:
    """Load the topic taxonomy, stacking the analyst's files on top of the packaged one.

    Later files extend or override earlier ones by ``id``: an entry with a known id replaces only
    the keys it gives (``match`` is replaced as a whole); ``drop: true`` removes a topic (and its
    descendants must then be re-parented or dropped too).

    Parameters
    ----------
    *paths
        YAML files, each ``{topics: [ {id, label, parent, iptc, description, match}, ... ]}``.
    include_default
        Start from the packaged ``data/registry/topics.yml``.

    Returns
    -------
    Taxonomy
        The validated tree.

    Raises
    ------
    RegistryError
        With the file and line of the offending entry: YAML syntax, unknown keys, wrong types,
        bad ids, duplicate ids within a file, unknown parents, cycles.
    """
    files = ([DEFAULT_TAXONOMY] if include_default else []) + [Path(p) for p in paths]
    if not files:
        raise RegistryError("no taxonomy file given and include_default=False")
    merged: dict[str, dict[str, Any]] = {}
    for path in files:
        for entry in _read_file(path):
            tid = entry["id"]
            if entry.get("drop"):
                if tid not in merged:
                    raise RegistryError(
                        f"cannot drop unknown topic {tid!r}", origin=str(path), line=entry["_line"]
                    )
                del merged[tid]
                continue
            if tid in merged:
                merged[tid] = {**merged[tid], **entry}
            else:
                if "label" not in entry:
                    entry["label"] = tid.replace("-", " ").capitalize()
                merged[tid] = entry
    topics = {tid: _to_topic(e) for tid, e in merged.items()}
    _check_tree(topics, merged)
    return Taxonomy(topics=topics, sources=tuple(str(p) for p in files))


def _read_file(path: Path) -> list[dict[str, Any]]:
    origin = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise RegistryError(f"cannot read taxonomy file: {exc.strerror}", origin=origin) from exc
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise RegistryError(f"invalid YAML: {exc.problem}", origin=origin, line=line) from exc
    finally:
        loader.dispose()
    if data is None:
        return []
    if not isinstance(data, dict) or "topics" not in data:
        raise RegistryError("expected a mapping with a 'topics:' list", origin=origin, line=1)
    extra = set(data) - {"topics", "version", "description"}
    if extra:
        raise RegistryError(f"unknown top-level keys {sorted(extra)}", origin=origin, line=1)
    topics_node = next(v for k, v in node.value if k.value == "topics")
    items = data["topics"]
    if not isinstance(items, list):
        line = topics_node.start_mark.line + 1
        raise RegistryError("'topics' must be a list of entries", origin=origin, line=line)
    entries = []
    seen: dict[str, int] = {}
    for item, item_node in zip(items, topics_node.value, strict=True):
        entry = _check_entry(item, item_node, origin)
        if entry["id"] in seen:
            raise RegistryError(
                f"duplicate topic id {entry['id']!r} (first at line {seen[entry['id']]})",
                origin=origin,
                line=entry["_line"],
            )
        seen[entry["id"]] = entry["_line"]
        entries.append(entry)
    return entries


def _key_lines(node: yaml.Node) -> dict[str, int]:
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): v.start_mark.line + 1 for k, v in node.value}


def _check_entry(item: Any, node: yaml.Node, origin: str) -> dict[str, Any]:
    line = node.start_mark.line + 1
    if not isinstance(item, dict):
        raise RegistryError(
            "each topic must be a mapping with at least 'id'", origin=origin, line=line
        )
    lines = _key_lines(node)

    def fail(reason: str, key: str | None = None) -> RegistryError:
        return RegistryError(reason, origin=origin, line=lines.get(key, line) if key else line)

    unknown = set(item) - _TOPIC_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise fail(f"unknown key {key!r}; allowed: {sorted(_TOPIC_KEYS)}", key)
    tid = item.get("id")
    if not isinstance(tid, str) or not _ID.match(tid):
        raise fail(f"topic id must be a lowercase slug like 'gaza-ceasefire'; got {tid!r}", "id")
    for key in ("label", "parent", "iptc", "description"):
        if key in item and item[key] is not None and not isinstance(item[key], str):
            raise fail(f"{key!r} of {tid!r} must be text; got {item[key]!r}", key)
    entry: dict[str, Any] = {k: v for k, v in item.items() if k != "match"}
    entry["_line"] = line
    entry["_origin"] = f"{origin}:{line}"
    if "match" in item:
        match_node = next(v for k, v in node.value if k.value == "match")
        entry["match"] = _check_match(item["match"], tid, match_node, origin)
    return entry


def _check_match(match: Any, tid: str, node: yaml.Node, origin: str) -> dict[str, Any]:
    lines = _key_lines(node)
    current = {"line": node.start_mark.line + 1}

    def err(reason: str) -> RegistryError:
        return RegistryError(f"topic {tid!r}: {reason}", origin=origin, line=current["line"])

    if match is None:
        return {}
    if not isinstance(match, dict):
        raise err("'match' must be a mapping of phrases / require / exclude / actors")
    unknown = set(match) - _MATCH_KEYS
    if unknown:
        current["line"] = lines.get(sorted(unknown)[0], current["line"])
        raise err(f"unknown match key {sorted(unknown)[0]!r}; allowed: {sorted(_MATCH_KEYS)}")
    out: dict[str, Any] = {}
    for key in ("phrases", "exclude"):
        if key in match:
            current["line"] = lines[key]
            out[key] = _terms(match[key], f"match.{key}", err)
    if "min_phrases" in match:
        current["line"] = lines["min_phrases"]
        value = match["min_phrases"]
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise err(f"match.min_phrases must be a positive integer; got {value!r}")
        out["min_phrases"] = value
    if "require" in match:
        current["line"] = lines["require"]
        groups = match["require"]
        if not (isinstance(groups, list) and groups and all(isinstance(g, list) for g in groups)):
            raise err("match.require must be a list of term lists (every list needs one hit)")
        out["require"] = tuple(_terms(g, "match.require[]", err) for g in groups)
    if "actors" in match:
        current["line"] = lines["actors"]
        actors = match["actors"]
        if not isinstance(actors, dict) or set(actors) - _ACTOR_KEYS:
            raise err(f"match.actors must be a mapping with keys {sorted(_ACTOR_KEYS)}")
        for key in ("any", "all"):
            if key in actors:
                out[f"actors_{key}"] = _terms(actors[key], f"match.actors.{key}", err)
        if "names" in actors:
            out["actor_names"] = _terms(actors["names"], "match.actors.names", err)
        if not (out.get("actors_any") or out.get("actors_all")):
            raise err("match.actors needs 'any' or 'all' actor ids")
    if out.get("exclude") and not (out.get("phrases") or out.get("require")):
        current["line"] = node.start_mark.line + 1
        raise err("match.exclude alone never matches: add phrases or require")
    return out


def _terms(value: Any, what: str, err: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise err(f"{what} must be a non-empty list of terms")
    out = []
    for term in value:
        if isinstance(term, bool) or not isinstance(term, str | int | float):
            raise err(f"{what} holds a non-text term {term!r}")
        term = " ".join(str(term).split())
        if not term.rstrip("*"):
            raise err(f"{what} holds an empty term")
        out.append(term)
    return tuple(out)


def _to_topic(entry: dict[str, Any]) -> Topic:
    match = entry.get("match") or {}
    return Topic(
        id=entry["id"],
        label=entry.get("label") or entry["id"],
        parent=entry.get("parent"),
        iptc=entry.get("iptc"),
        description=entry.get("description") or "",
        phrases=match.get("phrases", ()),
        min_phrases=match.get("min_phrases", 1),
        require=match.get("require", ()),
        exclude=match.get("exclude", ()),
        actors_any=match.get("actors_any", ()),
        actors_all=match.get("actors_all", ()),
        actor_names=match.get("actor_names", ()),
        origin=entry["_origin"],
    )


def _check_tree(topics: dict[str, Topic], entries: dict[str, dict[str, Any]]) -> None:
    for topic in topics.values():
        origin, _, line = topic.origin.rpartition(":")
        if topic.parent is not None and topic.parent not in topics:
            raise RegistryError(
                f"topic {topic.id!r} has unknown parent {topic.parent!r}",
                origin=origin,
                line=int(line),
            )
    for topic in topics.values():
        seen = {topic.id}
        parent = topic.parent
        while parent is not None:
            if parent in seen:
                origin, _, line = topic.origin.rpartition(":")
                raise RegistryError(
                    f"topic {topic.id!r} is its own ancestor (cycle through {parent!r})",
                    origin=origin,
                    line=int(line),
                )
            seen.add(parent)
            parent = topics[parent].parent


# --------------------------------------------------------------------------- hierarchy


def descendants(taxonomy: Taxonomy, topic_id: str) -> list[str]:
    """Return ``topic_id`` and every topic beneath it (the set to filter on).

    Parameters
    ----------
    taxonomy
        The topic tree.
    topic_id
        A topic id (learned topic ids, absent from the taxonomy, return just themselves).

    Returns
    -------
    list of str
        ``topic_id`` first, then its descendants in taxonomy order.
    """
    kids: dict[str | None, list[str]] = {}
    for t in taxonomy.topics.values():
        kids.setdefault(t.parent, []).append(t.id)
    out, stack = [topic_id], list(reversed(kids.get(topic_id, [])))
    while stack:
        tid = stack.pop()
        out.append(tid)
        stack.extend(reversed(kids.get(tid, [])))
    return out


def ancestors(taxonomy: Taxonomy, topic_id: str) -> list[str]:
    """Return the parent, grandparent, ... of ``topic_id`` (nearest first)."""
    out = []
    parent = taxonomy.topics[topic_id].parent if topic_id in taxonomy.topics else None
    while parent is not None:
        out.append(parent)
        parent = taxonomy.topics[parent].parent
    return out


def with_ancestors(topics: pd.DataFrame, taxonomy: Taxonomy) -> pd.DataFrame:
    """Add a row for every ancestor of each tagged topic (for counting by top-level subject).

    An ancestor row gets the best score of its tagged descendants in that article, the method
    ``"taxonomy"`` and evidence ``"via CHILD"``. Rows already present are kept as they are.

    Parameters
    ----------
    topics
        A ``topics`` frame (from :func:`tag_topics`).
    taxonomy
        The tree the topics come from.

    Returns
    -------
    pandas.DataFrame
        ``topics`` plus implied parent rows, one row per (article_id, topic).
    """
    rows = []
    for aid, tid, score in zip(topics["article_id"], topics["topic"], topics["score"], strict=True):
        for parent in ancestors(taxonomy, tid):
            rows.append((aid, parent, float(score), f"via {tid}"))
    if not rows:
        return topics
    extra = pd.DataFrame(rows, columns=["article_id", "topic", "score", "evidence"])
    extra = extra.sort_values("score", ascending=False).drop_duplicates(["article_id", "topic"])
    extra["method"] = "taxonomy"
    have = pd.MultiIndex.from_frame(topics[["article_id", "topic"]])
    extra = extra[~pd.MultiIndex.from_frame(extra[["article_id", "topic"]]).isin(have)]
    out = pd.concat([topics, extra[topics.columns.intersection(extra.columns)]], ignore_index=True)
    return out


# --------------------------------------------------------------------------- tagging


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})


def _normalise(texts: pd.Series) -> list[str]:
    """Collapse white space runs and fold curly apostrophes so phrases match across them."""
    return [" ".join(str(t).translate(_APOSTROPHES).split()) for t in texts.fillna("").tolist()]


def _is_cased(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


class _Matcher:
    """All distinct terms of a taxonomy in two Aho-Corasick automata (folded and cased)."""

    def __init__(self, terms: Iterable[str]) -> None:
        self.terms: list[str] = []
        self.index: dict[str, int] = {}
        folded = ahocorasick.Automaton()
        cased = ahocorasick.Automaton()
        for term in terms:
            if term in self.index:
                continue
            idx = len(self.terms)
            self.index[term] = idx
            self.terms.append(term)
            prefix = term.endswith("*")
            key = term.rstrip("*").replace("\u2019", "'")
            if _is_cased(term):
                cased.add_word(key, (idx, len(key), prefix))
            else:
                # several terms can share a key ("Gaza" and "gaza"): keep them all
                key = key.lower()
                old = folded.get(key, None)
                value = (idx, len(key), prefix)
                folded.add_word(key, (*old, value) if old else (value,))
        self._folded = folded if len(folded) else None
        self._cased = cased if len(cased) else None
        if self._folded is not None:
            self._folded.make_automaton()
        if self._cased is not None:
            self._cased.make_automaton()

    def counts(self, texts: Sequence[str]):  # -> scipy.sparse.csr_matrix
        """Return a sparse (articles x terms) matrix of whole-word occurrence counts."""
        from scipy import sparse

        rows: list[int] = []
        cols: list[int] = []
        for row, text in enumerate(texts):
            if self._folded is not None:
                lowered = text.lower()
                if len(lowered) != len(text):  # rare characters change length when lowered
                    lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
                n = len(lowered)
                for end, values in self._folded.iter(lowered):
                    for idx, length, prefix in values:
                        start = end - length + 1
                        if start > 0 and _wordish(lowered[start - 1]):
                            continue
                        if not prefix and end + 1 < n and _wordish(lowered[end + 1]):
                            continue
                        rows.append(row)
                        cols.append(idx)
            if self._cased is not None:
                n = len(text)
                for end, (idx, length, prefix) in self._cased.iter(text):
                    start = end - length + 1
                    if start > 0 and _wordish(text[start - 1]):
                        continue
                    if not prefix and end + 1 < n and _wordish(text[end + 1]):
                        continue
                    rows.append(row)
                    cols.append(idx)
        data = np.ones(len(rows), dtype=np.int32)
        matrix = sparse.csr_matrix(
            (data, (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))),
            shape=(len(texts), len(self.terms)),
        )
        matrix.sum_duplicates()
        return matrix


def _wordish(char: str) -> bool:
    return char.isalnum() or char == "_"


def _score(hits: np.ndarray) -> np.ndarray:
    """Saturating score in (0, 1): ``hits / (hits + 2)`` (1 hit 0.33, 2 hits 0.5, 6 hits 0.75)."""
    hits = hits.astype(np.float64)
    return hits / (hits + 2.0)


def tag_topics(
    articles: pd.DataFrame,
    taxonomy: Taxonomy | None = None,
    mentions: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Tag articles with the taxonomy's topics by their matching rules.

    Every distinct term of the taxonomy is found in one pass per article (Aho-Corasick over the
    lower-cased text, plus one over the original text for all-capitals terms), then each topic's
    rule is evaluated on the sparse article x term count matrix, vectorised over all articles.

    Parameters
    ----------
    articles
        A frame with ``article_id``, ``title`` and ``body``.
    taxonomy
        From :func:`load_taxonomy`; the packaged taxonomy when None.
    mentions
        The ``mentions`` table, for topics with actor conditions. When None, actor conditions
        fall back to their ``names`` terms; topics with actor conditions and no ``names`` are
        skipped (with one warning naming them).

    Returns
    -------
    pandas.DataFrame
        The ``topics`` table (``article_id``, ``topic``, ``score``, ``method="taxonomy"``) plus
        ``evidence``: the matched terms, most frequent first, ``"; "``-separated, and ``@ID``
        for each actor condition met. ``score`` is ``n / (n + 2)`` for ``n`` occurrences of the
        topic's matched terms. Only topics whose own rules matched get a row (parents are implied;
        see :func:`descendants` and :func:`with_ancestors`).
    """
    if taxonomy is None:
        taxonomy = _default_taxonomy()
    columns = [*schema.TOPICS, "evidence"]
    if len(articles) == 0:
        return _empty_topics()
    use_mentions = mentions is not None
    skipped = [
        t.id for t in taxonomy.topics.values()
        if t.has_rules and t.has_actor_condition and not use_mentions and not t.actor_names
    ]
    if skipped:
        warnings.warn(
            f"no mentions table given: topics {skipped} have actor conditions without "
            "'names' fall-back terms and are skipped",
            stacklevel=2,
        )
    active = [t for t in taxonomy.topics.values() if t.has_rules and t.id not in skipped]
    matcher = _Matcher(_all_terms(active, use_mentions))
    counts = matcher.counts(_normalise(schema.article_text(articles)))
    present = counts.tocsc()
    present.data[:] = 1
    n = counts.shape[0]
    ids = articles["article_id"].astype(str).to_numpy()

    actor_sets: dict[str, np.ndarray] = {}  # actor id -> which articles mention it
    if use_mentions and len(mentions):
        wanted = {a for t in active for a in (*t.actors_any, *t.actors_all)}
        pairs = mentions[["article_id", "actor_id"]].astype(str)
        pairs = pairs[pairs["actor_id"].isin(wanted)]
        rows = pd.DataFrame({"article_id": ids, "_row": np.arange(n)})
        hits = pairs.merge(rows, on="article_id")  # a hash join (np.isin per actor sorted)
        for actor_id, at in hits.groupby("actor_id", sort=False)["_row"]:
            mask = np.zeros(n, dtype=bool)
            mask[at.to_numpy()] = True
            actor_sets[str(actor_id)] = mask

    def cols(terms: Iterable[str]) -> np.ndarray:
        unique = dict.fromkeys(matcher.index[t] for t in terms)  # a term listed twice counts once
        return np.fromiter(unique, dtype=np.int64)

    def n_distinct(terms: Iterable[str]) -> np.ndarray:
        return np.asarray(present[:, cols(terms)].sum(axis=1)).ravel()

    frames = []
    for topic in active:
        ok = np.zeros(n, dtype=bool)
        if topic.phrases:
            ok |= n_distinct(topic.phrases) >= topic.min_phrases
        if topic.require:
            req = np.ones(n, dtype=bool)
            for group in topic.require:
                req &= n_distinct(group) > 0
            ok |= req
        groups = list(topic.require)
        if topic.has_actor_condition and not use_mentions:
            # documented fall-back: the actor names act as one more required term group
            ok &= n_distinct(topic.actor_names) > 0
            groups.append(topic.actor_names)
        if topic.exclude:
            ok &= n_distinct(topic.exclude) == 0
        if topic.has_actor_condition and use_mentions:
            none = np.zeros(n, dtype=bool)
            if topic.actors_any:
                anyof = np.zeros(n, dtype=bool)
                for actor_id in topic.actors_any:
                    anyof |= actor_sets.get(actor_id, none)
                ok &= anyof
            for actor_id in topic.actors_all:
                ok &= actor_sets.get(actor_id, none)
        rows = np.flatnonzero(ok)
        if not len(rows):
            continue
        terms = list(dict.fromkeys([*topic.phrases, *(t for g in groups for t in g)]))
        term_cols = cols(terms)
        sub = counts[rows][:, term_cols].tocsr()
        hits = np.asarray(sub.sum(axis=1)).ravel()
        evidence = []
        for i, row in enumerate(rows):
            start, end = sub.indptr[i], sub.indptr[i + 1]
            order = np.argsort(-sub.data[start:end], kind="stable")
            found = [terms[j] for j in sub.indices[start:end][order]]
            if topic.has_actor_condition and use_mentions:
                found += [
                    f"@{a}"
                    for a in (*topic.actors_any, *topic.actors_all)
                    if a in actor_sets and actor_sets[a][row]
                ]
            evidence.append("; ".join(found))
        frames.append(
            pd.DataFrame(
                {
                    "article_id": ids[rows],
                    "topic": topic.id,
                    "score": _score(np.maximum(hits, 1)),
                    "method": "taxonomy",
                    "evidence": evidence,
                    "_row": rows,
                }
            )
        )
    if not frames:
        return _empty_topics()
    out = pd.concat(frames, ignore_index=True)
    out = out.iloc[np.lexsort((out["topic"].to_numpy(), out["_row"].to_numpy()))]
    out = out.reset_index(drop=True)
    out["article_id"] = out["article_id"].astype("str")
    out["topic"] = out["topic"].astype("str")
    out["method"] = out["method"].astype("str")
    out["evidence"] = out["evidence"].astype("str")
    out["score"] = out["score"].astype("float64")
    return schema.validate(out[columns], "topics")


def _empty_topics() -> pd.DataFrame:
    out = schema.empty("topics")
    out["evidence"] = pd.Series(dtype="str")
    return out


def _all_terms(topics: Iterable[Topic], use_mentions: bool) -> list[str]:
    terms: list[str] = []
    for t in topics:
        terms.extend(t.phrases)
        for group in t.require:
            terms.extend(group)
        terms.extend(t.exclude)
        if not use_mentions:
            terms.extend(t.actor_names)
    return terms


_DEFAULT: dict[str, Taxonomy] = {}


def _default_taxonomy() -> Taxonomy:
    if "default" not in _DEFAULT:
        _DEFAULT["default"] = load_taxonomy()
    return _DEFAULT["default"]


def topic_labels(taxonomy: Taxonomy | None = None) -> dict[str, str]:
    """Return ``{topic id: label}`` for display (the packaged taxonomy when None)."""
    taxonomy = taxonomy if taxonomy is not None else _default_taxonomy()
    return {t.id: t.label for t in taxonomy.topics.values()}


def drop_topics(taxonomy: Taxonomy, ids: Iterable[str]) -> Taxonomy:
    """Return a copy of ``taxonomy`` without ``ids`` (children move up to the dropped parent's)."""
    gone = set(ids)
    topics = {}
    for tid, t in taxonomy.topics.items():
        if tid in gone:
            continue
        parent = t.parent
        while parent in gone:
            parent = taxonomy.topics[parent].parent
        topics[tid] = replace(t, parent=parent)
    return Taxonomy(topics=topics, sources=taxonomy.sources)

