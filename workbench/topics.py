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
``ignore``
    Phrases whose occurrences do not count for the topic: a term of the rule found *inside* one
    of them is not a hit ("strikes" inside "air strikes" is not a labour strike, "bank" inside
    "West Bank" is not a bank). Unlike ``exclude`` this vetoes nothing: the same term elsewhere in
    the article still counts.
``actors``
    ``{any: [ids], all: [ids], names: [terms]}``: an extra condition (AND) on actor ids of the
    ``mentions`` table ("ISR", "hamas"). Without a mentions table, ``names`` is used as one more
    required term group; a topic with an actor condition but no ``names`` is then skipped (never
    tagged) and :func:`tag_topics` warns once naming such topics. The ids are checked against an
    actor registry by :func:`check_taxonomy`, and by :func:`tag_topics` when given ``registry``.

Term syntax: whole words, case-insensitive, white space runs and curly apostrophes normalised. A
term written in capitals only (two letters or more, e.g. ``NATO``, ``AI``, ``US``) matches
case-sensitively, so "AI" does not match "ai" and "US" does not match "us". A trailing ``*``
matches a prefix (``tariff*`` matches "tariffs"); otherwise both ends need a word boundary.

Files are read with the actor registry's YAML loader (:mod:`workbench.registry`): YAML 1.2
booleans, so ``yes``, ``no``, ``on`` and ``NO`` are text, not true/false; a key given twice in one
mapping is an error naming both lines.

Hierarchy: rows are written only for topics whose own rules matched; parents are *implied*, not
stored. Filter with :func:`descendants` (filtering by ``conflict`` includes ``gaza-ceasefire``),
or add the ancestor rows explicitly with :func:`with_ancestors` when counting by top level.
"""

from __future__ import annotations

import difflib
import functools
import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import ahocorasick
import numpy as np
import pandas as pd

from workbench import schema
from workbench.errors import RegistryError
from workbench.registry import Problem, _read_yaml


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
_MATCH_KEYS = {"phrases", "min_phrases", "require", "exclude", "ignore", "actors"}
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
    phrases, min_phrases, require, exclude, ignore
        The matching rules (see the module docstring).
    actors_any, actors_all, actor_names
        Actor conditions on the ``mentions`` table, and their fall-back terms.
    actor_refs
        ``(actor id, "file:line")`` for every id of ``actors_any`` and ``actors_all``, so that
        :func:`check_taxonomy` can say where an unknown id was written.
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
    ignore: tuple[str, ...] = ()
    actors_any: tuple[str, ...] = ()
    actors_all: tuple[str, ...] = ()
    actor_names: tuple[str, ...] = ()
    actor_refs: tuple[tuple[str, str], ...] = ()
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
        With the file and line of the offending entry: YAML syntax, a key given twice in one
        mapping, unknown keys, wrong types (a term that YAML reads as a number or a date must be
        quoted), bad ids, duplicate ids within a file, unknown parents, cycles. Actor ids are not
        checked here (no registry is at hand): use :func:`check_taxonomy`.
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
    # the actor registry's loader: YAML 1.2 booleans (yes/no/on/off stay text), duplicate keys
    # refused with their line, and the line of every mapping, key and list item kept
    data = _read_yaml(origin, text)
    if data is None:
        return []
    if not isinstance(data, dict) or "topics" not in data:
        raise RegistryError("expected a mapping with a 'topics:' list", origin=origin, line=1)
    extra = set(data) - {"topics", "version", "description"}
    if extra:
        key = sorted(extra, key=str)[0]
        raise RegistryError(
            f"unknown top-level key {key!r}; allowed: ['description', 'topics', 'version']",
            origin=origin,
            line=_line(data, key),
        )
    items = data["topics"]
    if not isinstance(items, list):
        raise RegistryError(
            "'topics' must be a list of entries", origin=origin, line=_line(data, "topics")
        )
    entries = []
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        entry = _check_entry(item, _item_line(items, i, _line(data, "topics")), origin)
        if entry["id"] in seen:
            raise RegistryError(
                f"duplicate topic id {entry['id']!r} (first at line {seen[entry['id']]})",
                origin=origin,
                line=entry["_line"],
            )
        seen[entry["id"]] = entry["_line"]
        entries.append(entry)
    return entries


def _line(mapping: Any, key: str | None = None, default: int = 1) -> int:
    """Return the line of ``key`` in a mapping read by the registry loader (or of the mapping)."""
    lines = getattr(mapping, "lines", None)
    if key is not None and isinstance(lines, dict) and key in lines:
        return int(lines[key])
    return int(getattr(mapping, "line", 0) or default)


def _item_line(items: Any, index: int, default: int) -> int:
    """Return the line of item ``index`` of a list read by the registry loader."""
    lines = getattr(items, "lines", None)
    if isinstance(lines, list) and index < len(lines):
        return int(lines[index])
    return default


def _check_entry(item: Any, line: int, origin: str) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise RegistryError(
            "each topic must be a mapping with at least 'id'", origin=origin, line=line
        )

    def fail(reason: str, key: str | None = None) -> RegistryError:
        return RegistryError(reason, origin=origin, line=_line(item, key, line) if key else line)

    unknown = set(item) - _TOPIC_KEYS
    if unknown:
        key = sorted(unknown, key=str)[0]
        raise fail(f"unknown key {key!r}; allowed: {sorted(_TOPIC_KEYS)}", key)
    tid = item.get("id")
    if not isinstance(tid, str) or not _ID.match(tid):
        raise fail(f"topic id must be a lowercase slug like 'gaza-ceasefire'; got {tid!r}", "id")
    for key in ("label", "parent", "iptc", "description"):
        if key in item and item[key] is not None and not isinstance(item[key], str):
            raise fail(f"{key!r} of {tid!r} must be text; got {item[key]!r}", key)
    if "drop" in item and not isinstance(item["drop"], bool):
        raise fail(f"'drop' of {tid!r} must be true or false; got {item['drop']!r}", "drop")
    entry: dict[str, Any] = {k: v for k, v in item.items() if k != "match"}
    entry["_line"] = line
    entry["_origin"] = f"{origin}:{line}"
    if "match" in item:
        entry["match"] = _check_match(item["match"], tid, _line(item, "match", line), origin)
    return entry


def _check_match(match: Any, tid: str, line: int, origin: str) -> dict[str, Any]:
    current = {"line": line}

    def err(reason: str) -> RegistryError:
        return RegistryError(f"topic {tid!r}: {reason}", origin=origin, line=current["line"])

    if match is None:
        return {}
    if not isinstance(match, dict):
        raise err("'match' must be a mapping of phrases / require / exclude / ignore / actors")
    unknown = set(match) - _MATCH_KEYS
    if unknown:
        key = sorted(unknown, key=str)[0]
        current["line"] = _line(match, key, line)
        raise err(f"unknown match key {key!r}; allowed: {sorted(_MATCH_KEYS)}")
    out: dict[str, Any] = {}
    for key in ("phrases", "exclude", "ignore"):
        if key in match:
            current["line"] = _line(match, key, line)
            out[key] = _terms(match[key], f"match.{key}", err, current)
    if "min_phrases" in match:
        current["line"] = _line(match, "min_phrases", line)
        value = match["min_phrases"]
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise err(f"match.min_phrases must be a positive integer; got {value!r}")
        out["min_phrases"] = value
    if "require" in match:
        current["line"] = _line(match, "require", line)
        groups = match["require"]
        if not (isinstance(groups, list) and groups and all(isinstance(g, list) for g in groups)):
            raise err("match.require must be a list of term lists (every list needs one hit)")
        out["require"] = tuple(_terms(g, "match.require[]", err, current) for g in groups)
    if "actors" in match:
        current["line"] = _line(match, "actors", line)
        actors = match["actors"]
        if not isinstance(actors, dict) or set(actors) - _ACTOR_KEYS:
            raise err(f"match.actors must be a mapping with keys {sorted(_ACTOR_KEYS)}")
        refs: list[tuple[str, str]] = []
        for key in ("any", "all"):
            if key in actors:
                current["line"] = _line(actors, key, current["line"])
                ids = _terms(actors[key], f"match.actors.{key}", err, current)
                out[f"actors_{key}"] = ids
                key_line = _line(actors, key, line)
                value = actors[key]
                refs += [
                    (a, f"{origin}:{_item_line(value, i, key_line)}") for i, a in enumerate(ids)
                ]
        if "names" in actors:
            out["actor_names"] = _terms(actors["names"], "match.actors.names", err, current)
        current["line"] = _line(match, "actors", line)
        if not (out.get("actors_any") or out.get("actors_all")):
            raise err("match.actors needs 'any' or 'all' actor ids")
        out["actor_refs"] = tuple(refs)
    current["line"] = line
    if not (out.get("phrases") or out.get("require")):
        for key in ("exclude", "ignore"):
            if out.get(key):
                raise err(f"match.{key} alone never matches: add phrases or require")
    if out.get("ignore"):
        own = {*out.get("phrases", ()), *(t for g in out.get("require", ()) for t in g),
               *out.get("exclude", ()), *out.get("actor_names", ())}
        both = [t for t in out["ignore"] if t in own]
        if both:
            current["line"] = _line(match, "ignore", line)
            raise err(f"match.ignore repeats a term of the rule itself: {both[0]!r}")
    return out


def _terms(value: Any, what: str, err: Any, current: dict[str, int]) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value:
        raise err(f"{what} must be a non-empty list of terms")
    out = []
    key_line = current["line"]
    for i, term in enumerate(value):
        if isinstance(term, bool) or not isinstance(term, str | int):
            current["line"] = _item_line(value, i, key_line)
            hint = "" if isinstance(term, dict | list) or term is None else " (write it in quotes)"
            raise err(f"{what} holds a non-text term {term!r}{hint}")
        term = " ".join(str(term).split())
        if not term.rstrip("*"):
            current["line"] = _item_line(value, i, key_line)
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
        ignore=match.get("ignore", ()),
        actors_any=match.get("actors_any", ()),
        actors_all=match.get("actors_all", ()),
        actor_names=match.get("actor_names", ()),
        actor_refs=match.get("actor_refs", ()),
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


def _normalise(texts: pd.Series) -> list[str]:
    """Collapse white space runs and fold curly apostrophes so phrases match across them."""
    out = []
    for text in texts.fillna("").tolist():
        text = str(text)
        if "\u2019" in text or "\u2018" in text:  # str.replace is far faster than str.translate
            text = text.replace("\u2019", "'").replace("\u2018", "'")
        out.append(" ".join(text.split()))
    return out


def _is_cased(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


_Spans = dict[int, list[tuple[int, int, int]]]


class _Matcher:
    """All distinct terms of a taxonomy in two Aho-Corasick automata (folded and cased).

    Parameters
    ----------
    terms
        The terms to find.
    tracked
        Terms whose occurrences are also located (start and end offsets), for ``ignore`` rules.
    """

    def __init__(self, terms: Iterable[str], tracked: Iterable[str] = ()) -> None:
        self.terms: list[str] = []
        self.index: dict[str, int] = {}
        track = set(tracked)
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
            # several terms can share a key ("Gaza" and "gaza"): keep them all
            automaton = cased if _is_cased(term) else folded
            key = key if automaton is cased else key.lower()
            old = automaton.get(key, None)
            value = (idx, len(key), prefix, term in track)
            automaton.add_word(key, (*old, value) if old else (value,))
        self._folded = folded if len(folded) else None
        self._cased = cased if len(cased) else None
        if self._folded is not None:
            self._folded.make_automaton()
        if self._cased is not None:
            self._cased.make_automaton()

    def counts(self, texts: Sequence[str]) -> tuple[Any, _Spans]:
        """Count whole-word occurrences of every term, and locate the tracked ones.

        Parameters
        ----------
        texts
            Normalised article texts.

        Returns
        -------
        tuple
            A sparse (articles x terms) CSR matrix of occurrence counts, and ``{row: [(term index,
            start, end), ...]}`` for the tracked terms (``end`` inclusive; a prefix term's
            occurrence runs to the end of its word).
        """
        from scipy import sparse

        rows: list[int] = []
        cols: list[int] = []
        spans: _Spans = {}
        add_row, add_col = rows.extend, cols.extend
        folded, cased = self._folded, self._cased
        for row, text in enumerate(texts):
            found_here: list[int] = []
            add = found_here.append
            for automaton, subject in ((folded, None), (cased, text)):
                if automaton is None:
                    continue
                if subject is None:
                    subject = text.lower()
                    if len(subject) != len(text):  # rare characters change length when lowered
                        subject = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
                n = len(subject)
                for end, found in automaton.iter(subject):
                    for idx, length, prefix, track in found:
                        start = end - length + 1
                        if start:
                            c = subject[start - 1]
                            if c.isalnum() or c == "_":
                                continue
                        if not prefix and end + 1 < n:
                            c = subject[end + 1]
                            if c.isalnum() or c == "_":
                                continue
                        add(idx)
                        if track:
                            stop = end
                            while prefix and stop + 1 < n and (
                                subject[stop + 1].isalnum() or subject[stop + 1] == "_"
                            ):
                                stop += 1
                            spans.setdefault(row, []).append((idx, start, stop))
            add_row([row] * len(found_here))
            add_col(found_here)
        data = np.ones(len(rows), dtype=np.int32)
        matrix = sparse.csr_matrix(
            (data, (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))),
            shape=(len(texts), len(self.terms)),
        )
        matrix.sum_duplicates()
        return matrix, spans


def _score(hits: np.ndarray) -> np.ndarray:
    """Saturating score in (0, 1): ``hits / (hits + 2)`` (1 hit 0.33, 2 hits 0.5, 6 hits 0.75)."""
    hits = hits.astype(np.float64)
    return hits / (hits + 2.0)


def tag_topics(
    articles: pd.DataFrame,
    taxonomy: Taxonomy | None = None,
    mentions: pd.DataFrame | None = None,
    registry: Any = None,
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
    registry
        The actor registry the mentions came from. When given, the actor ids of the taxonomy's
        actor conditions are checked against it first (see :func:`check_taxonomy`).

    Returns
    -------
    pandas.DataFrame
        The ``topics`` table (``article_id``, ``topic``, ``score``, ``method="taxonomy"``) plus
        ``evidence``: the matched terms, most frequent first, ``"; "``-separated, and ``@ID``
        for each actor condition met. ``score`` is ``n / (n + 2)`` for ``n`` occurrences of the
        topic's matched terms. Only topics whose own rules matched get a row (parents are implied;
        see :func:`descendants` and :func:`with_ancestors`).

    Raises
    ------
    RegistryError
        When ``registry`` is given and an actor condition names an id it does not hold (with the
        file and line of that id).
    """
    if taxonomy is None:
        taxonomy = _default_taxonomy()
    if registry is not None:
        _raise_first(check_taxonomy(taxonomy, registry=registry, include_warnings=False))
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
    matcher = _Matcher(_all_terms(active, use_mentions), _tracked_terms(active))
    counts, spans = matcher.counts(_normalise(schema.article_text(articles)))
    counts = counts.tocsc()
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

    frames = []
    for topic in active:
        groups = list(topic.require)
        if topic.has_actor_condition and not use_mentions:
            groups.append(topic.actor_names)  # the names act as one more required term group
        terms = list(dict.fromkeys([*topic.phrases, *(t for g in groups for t in g)]))
        n_evidence = len(terms)  # the exclude terms that follow are no evidence
        terms += [t for t in dict.fromkeys(topic.exclude) if t not in terms]
        local = counts[:, [matcher.index[t] for t in terms]]  # this topic's columns
        if topic.ignore:
            back = _taken_back(topic, terms, matcher, counts, spans)
            if back is not None:
                local = (local - back).tocsc()
                local.eliminate_zeros()
        present = local.copy()
        present.data[:] = 1
        where = {t: j for j, t in enumerate(terms)}

        def n_distinct(group: Iterable[str], present: Any = present, where: Any = where) -> Any:
            at = list(dict.fromkeys(where[t] for t in group))  # a term listed twice counts once
            return np.asarray(present[:, at].sum(axis=1)).ravel()

        ok = np.zeros(n, dtype=bool)
        if topic.phrases:
            ok |= n_distinct(topic.phrases) >= topic.min_phrases
        if topic.require:
            req = np.ones(n, dtype=bool)
            for group in topic.require:
                req &= n_distinct(group) > 0
            ok |= req
        if topic.has_actor_condition and not use_mentions:
            ok &= n_distinct(topic.actor_names) > 0
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
        sub = local[:, :n_evidence].tocsr()[rows]
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


def _tracked_terms(topics: Iterable[Topic]) -> set[str]:
    """Return the terms to locate: every ``ignore`` phrase and the terms that may lie inside one."""
    tracked: set[str] = set()
    for t in topics:
        if not t.ignore:
            continue
        tracked.update(t.ignore)
        own = [*t.phrases, *(x for g in t.require for x in g), *t.exclude, *t.actor_names]
        tracked.update(x for x in own if any(_may_lie_inside(x, p) for p in t.ignore))
    return tracked


@functools.lru_cache(maxsize=65536)
def _may_lie_inside(term: str, phrase: str) -> bool:
    """Whether an occurrence of ``term`` can lie inside one of ``phrase`` (a cheap over-estimate).

    True when the term's text is part of the phrase's, or, for a prefix phrase (``air strike*``),
    when the term starts at a word of the phrase and runs on past its end (``strikes``).
    """
    key, within = term.rstrip("*").lower(), phrase.rstrip("*").lower()
    if key in within:
        return True
    if not phrase.endswith("*"):
        return False
    starts = [i for i in range(len(within)) if i == 0 or not within[i - 1].isalnum()]
    return any(key.startswith(within[i:]) for i in starts)


def _taken_back(
    topic: Topic, terms: list[str], matcher: _Matcher, counts: Any, spans: _Spans
) -> Any:
    """Return the (articles x ``terms``) counts of occurrences inside the topic's ignored phrases.

    Returns None when there are none. ``terms`` are the topic's columns, in order; ``counts`` is
    the CSC (articles x all terms) matrix, which says which articles hold an ignored phrase.
    """
    from scipy import sparse

    ignored = {matcher.index[t] for t in topic.ignore}
    column = {matcher.index[t]: j for j, t in enumerate(terms)}
    at = np.unique(np.concatenate(
        [counts.indices[counts.indptr[i]:counts.indptr[i + 1]] for i in ignored]
    ))
    rows: list[int] = []
    cols: list[int] = []
    for row in at.tolist():
        found = spans[row]
        cover = [(s, e) for idx, s, e in found if idx in ignored]
        if not cover:
            continue
        for idx, s, e in found:
            j = column.get(idx)
            if j is not None and any(cs <= s and e <= ce for cs, ce in cover):
                rows.append(row)
                cols.append(j)
    if not rows:
        return None
    data = np.ones(len(rows), dtype=np.int32)
    return sparse.csc_matrix((data, (rows, cols)), shape=(counts.shape[0], len(terms)))


# --------------------------------------------------------------------------- checking


def check_taxonomy(
    taxonomy: Taxonomy | None = None, *, registry: Any = None, include_warnings: bool = True
) -> list[Problem]:
    """List the problems of a loaded taxonomy that loading alone cannot find.

    Errors: an actor condition (``match.actors.any`` / ``all``) naming an id the actor registry
    does not hold, which would never match. Warnings: a topic without rules or sub-topics (never
    tagged); an actor condition without ``names`` (skipped when no mentions table is given).

    Parameters
    ----------
    taxonomy
        From :func:`load_taxonomy`; the packaged taxonomy when None.
    registry
        The actor registry whose mentions the taxonomy will be matched against; the packaged one
        (:func:`workbench.registry.load_registry`) when None.
    include_warnings
        Include the warnings, not only the errors.

    Returns
    -------
    list of Problem
        Each with its severity, message, file and line (of the actor id, or of the topic entry).
    """
    if taxonomy is None:
        taxonomy = _default_taxonomy()
    if registry is None:
        from workbench.registry import load_registry

        registry = load_registry()
    problems: list[Problem] = []
    known: list[str] | None = None
    for topic in taxonomy.topics.values():
        for actor_id, where in topic.actor_refs:
            if actor_id in registry:
                continue
            if known is None:
                known = [a.id for a in registry]
            close = difflib.get_close_matches(actor_id, known, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            path, _, line = where.rpartition(":")
            problems.append(
                Problem(
                    "error",
                    f"topic {topic.id!r}: unknown actor id {actor_id!r} in match.actors "
                    f"(not in the registry, so it never matches){hint}",
                    path,
                    int(line),
                )
            )
    if include_warnings:
        parents = {t.parent for t in taxonomy.topics.values()}
        for topic in taxonomy.topics.values():
            path, _, line = topic.origin.rpartition(":")
            if not topic.has_rules and topic.id not in parents:
                message = f"topic {topic.id!r} has no rules and no sub-topics: never tagged"
                problems.append(Problem("warning", message, path, int(line)))
            if topic.has_rules and topic.has_actor_condition and not topic.actor_names:
                message = (
                    f"topic {topic.id!r} has an actor condition without 'names': "
                    "skipped when tagging without a mentions table"
                )
                problems.append(Problem("warning", message, path, int(line)))
    return problems


def _raise_first(problems: list[Problem]) -> None:
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise RegistryError(first.message + more, origin=first.path, line=first.line)


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
        terms.extend(t.ignore)
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

