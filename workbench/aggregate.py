"""Corpus -> tidy summary frames: volume over time, top actors and topics, co-occurrence, tone.

No drawing here (see :mod:`workbench.plot`). Every function takes a (possibly filtered)
:class:`~workbench.corpus.Corpus` and returns a long-format DataFrame whose ``attrs`` record what
was counted (``unit``, ``freq``, ``by``, ``filter``) so that charts can say it in their titles.
Counts come from the corpus index (numpy arrays), not from Python loops over rows, and every count
can be traced back to sentences with :func:`evidence`.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from workbench.corpus import _NAT, Corpus, FilterSpec, date_bounds
from workbench.errors import ArgumentError, check_argument
from workbench.text import sentence_spans

#: Period lengths accepted by ``freq`` (aliases D, W, M).
FREQS = ("day", "week", "month")
_FREQ_ALIASES = {"D": "day", "W": "week", "M": "month", "MS": "month", "W-MON": "week"}
#: Counting units of :func:`volume`.
UNITS = ("articles", "mentions", "share")
#: Groupings of :func:`volume` and :func:`tone`.
BYS = (None, "actor", "topic", "source", "kind", "country")


def _freq(freq: str) -> str:
    freq = _FREQ_ALIASES.get(freq, freq)
    return check_argument("freq", freq, FREQS)


def _period_start(codes: np.ndarray, freq: str) -> pd.DatetimeIndex:
    codes = np.asarray(codes, dtype=np.int64)
    if freq == "day":
        values = codes.astype("datetime64[D]")
    elif freq == "week":
        values = (codes * 7 - 3).astype("datetime64[D]")
    else:
        values = codes.astype("datetime64[M]")
    return pd.DatetimeIndex(values.astype("datetime64[ns]")).tz_localize("UTC")


def _attrs(frame: pd.DataFrame, corpus: Corpus, **extra: Any) -> pd.DataFrame:
    frame.attrs.update({"filter": corpus.describe(), "n_articles": len(corpus), **extra})
    return frame


def _groups(corpus: Corpus, by: str) -> tuple[Any, np.ndarray | None, str]:
    """Return (pair groups, per-mention codes or None, label column name) of a grouping."""
    ix = corpus._ix
    if by == "actor":
        return ix.actors, ix.mention_codes("actor_id"), "actor"
    if by == "kind":
        return ix.kinds, ix.mention_codes("kind"), "kind"
    if by == "country":
        return ix.countries, ix.mention_codes("country"), "country"
    if by == "topic":
        return ix.topic_groups, None, "topic"
    return ix.source_groups, None, "source"


def _resolve(corpus: Corpus, by: str, values: Any) -> np.ndarray:
    """Group codes for the values an analyst names (actor ids or names, topics, sources ...)."""
    ix = corpus._ix
    if isinstance(values, str):
        values = [values]
    codes = []
    for value in values:
        if by == "actor":
            code = ix.actor_code(str(value), lambda _v: False)
        else:
            groups, _m, _label = _groups(corpus, by)
            labels = {str(v).casefold(): i for i, v in enumerate(groups.labels)}
            code = labels.get(str(value).casefold())
            if code is None:
                from workbench.corpus import _suggest

                raise _suggest(str(value), [str(v) for v in groups.labels], by, "see the corpus")
        codes.append(code)
    return np.asarray(codes, dtype=np.int64)


def _label_frame(corpus: Corpus, by: str, codes: np.ndarray) -> pd.DataFrame:
    if by == "actor":
        table = corpus._ix.actor_table
        return table.iloc[codes][["actor_id", "actor"]].reset_index(drop=True)
    groups, _m, label = _groups(corpus, by)
    return pd.DataFrame({label: groups.labels[codes]})


def _select(
    corpus: Corpus, by: str, counts: np.ndarray, values: Any, top: int | None
) -> np.ndarray:
    if values is not None:
        return _resolve(corpus, by, values)
    if by == "actor":
        names = corpus._ix.actor_table["actor"].fillna(corpus._ix.actor_table["actor_id"])
    else:
        names = pd.Series(_groups(corpus, by)[0].labels)
    alphabetical = np.argsort(
        np.argsort(names.astype(str).str.casefold().to_numpy(), kind="stable"), kind="stable"
    )
    order = np.lexsort((alphabetical, -counts))
    order = order[counts[order] > 0]
    return order if top is None else order[:top]


def _in_window(
    corpus: Corpus, window: tuple[pd.Timestamp | None, pd.Timestamp | None]
) -> np.ndarray:
    """Return ``corpus.keep`` restricted to the articles dated inside ``window`` (inclusive)."""
    start, end = window
    if start is None and end is None:
        return corpus.keep
    ns = corpus._ix.date_ns
    mask = corpus.keep & (ns != _NAT)
    if start is not None:
        mask &= ns >= start.value
    if end is not None:
        mask &= ns <= end.value
    return mask


def _grid_span(
    corpus: Corpus,
    periods: np.ndarray,
    freq: str,
    window: tuple[pd.Timestamp | None, pd.Timestamp | None],
    reference: np.ndarray,
) -> tuple[int, int]:
    """Return the first and last period number of a volume grid (``(0, -1)``: no period).

    A side the filters bound with a date (:meth:`Corpus.date_window`) starts or ends at that
    date's period, clipped to the dates of the root corpus (so a selection of March and April
    has both months, zeros included, and nothing outside them). An unbounded side reaches the
    first or last dated article of ``reference`` (the selection, or the baseline for shares).
    """
    from workbench.corpus import period_codes

    spanned = periods[reference & (periods != _NAT)]
    lo = int(spanned.min()) if len(spanned) else None
    hi = int(spanned.max()) if len(spanned) else None
    start, end = window
    data = corpus._ix.dated_span()
    if data is not None and (start is not None or end is not None):
        first = max(start.value, data[0]) if start is not None else data[0]
        last = min(end.value, data[1]) if end is not None else data[1]
        if first > last:
            return 0, -1
        bounds = period_codes(np.array([first, last], dtype=np.int64), freq)
        if start is not None:
            lo = int(bounds[0])
        if end is not None:
            hi = int(bounds[1])
        # an open side of an empty selection: the root's articles inside the window
        lo = int(bounds[0]) if lo is None else lo
        hi = int(bounds[1]) if hi is None else hi
    if lo is None or hi is None or lo > hi:
        return 0, -1
    return lo, hi


def volume(
    corpus: Corpus,
    *,
    by: str | None = None,
    freq: str = "week",
    unit: str = "articles",
    baseline: Corpus | None = None,
    values: Any = None,
    top: int | None = 10,
) -> pd.DataFrame:
    """Count articles or mentions per period, optionally per actor, topic, source, kind or country.

    Parameters
    ----------
    corpus
        The (filtered) corpus to count.
    by
        None (one series), ``"actor"``, ``"topic"``, ``"source"``, ``"kind"`` or ``"country"``.
    freq
        ``"day"``, ``"week"`` (Monday to Sunday, UTC) or ``"month"``.
    unit
        ``"articles"`` (articles mentioning / tagged / from each group), ``"mentions"`` (actor
        mentions; for ``by`` None, actor, kind or country) or ``"share"``: articles as a share of
        all articles of the period in ``baseline`` (normalised attention).
    baseline
        The denominator of ``"share"``: the unfiltered corpus by default (``corpus.root``),
        restricted to the dates the filters ask for (so with ``start="2026-01-15"`` the January
        total counts the articles from the 15th only).
    values
        The groups to count (actor ids or names, topic ids, ...); by default the ``top`` largest.
    top
        How many groups to keep when ``values`` is None (None: all).

    Returns
    -------
    pandas.DataFrame
        One row per period (and group), every period of the range present (zeros included).
        The range is the filters' date range (:meth:`Corpus.date_window`) clipped to the root
        corpus's dates; a side without a date filter reaches the first or last dated article of
        the selection (of the baseline for ``"share"``). Rows:
        ``period`` (UTC start of the period), the group column(s) (``actor_id`` and ``actor`` for
        actors), then ``articles`` or ``mentions``; for ``"share"`` also ``total`` (articles of the
        period in the baseline) and ``share`` (0..1). ``attrs`` hold ``unit``, ``freq``, ``by``,
        ``filter`` and ``undated`` (articles without a date, not counted).

    Raises
    ------
    ArgumentError
        For a value outside the allowed ones (named in the message).
    """
    freq = _freq(freq)
    check_argument("by", by, BYS)
    check_argument("unit", unit, UNITS)
    if unit == "mentions" and by in ("topic", "source"):
        raise ArgumentError(
            f"unit='mentions' needs by=None, 'actor', 'kind' or 'country'; got {by!r}"
        )
    if top is not None and top < 1:
        raise ArgumentError(f"top must be at least 1 or None; got {top}")
    ix = corpus._ix
    keep = corpus.keep
    periods = ix.period_codes(freq)
    dated = periods != _NAT
    undated = int((keep & ~dated).sum())

    base = baseline if baseline is not None else corpus.root
    if unit == "share" and base._ix is not ix:
        raise ArgumentError("baseline must be the corpus this one was filtered from (or its root)")
    window = corpus.date_window()
    base_keep = _in_window(base, window) if unit == "share" else None
    lo, hi = _grid_span(corpus, periods, freq, window, keep if base_keep is None else base_keep)
    n_periods = hi - lo + 1
    grid = _period_start(np.arange(lo, hi + 1), freq)
    count_name = "mentions" if unit == "mentions" else "articles"

    if by is None:
        if unit == "mentions":
            arts = ix.m_art[corpus._mention_rows] if corpus._mention_rows is not None else ix.m_art
            p = periods[arts]
            p = p[p != _NAT]
        else:
            p = periods[keep & dated]
        p = p[(p >= lo) & (p <= hi)]  # only an unrelated baseline leaves rows off the grid
        counts = np.bincount(p - lo, minlength=n_periods) if n_periods > 0 else np.zeros(0, int)
        frame = pd.DataFrame({"period": grid, count_name: counts.astype(np.int64)})
    else:
        groups, mcodes, label = _groups(corpus, by)
        n_groups = len(groups.labels)
        sel_pairs = corpus.kept_pairs(groups)
        sel_pairs = sel_pairs[dated[groups.arts[sel_pairs]]]
        if unit == "mentions":
            rows = (
                corpus._mention_rows
                if corpus._mention_rows is not None
                else np.arange(len(ix.m_art))
            )
            g = mcodes[rows]
            p = periods[ix.m_art[rows]]
            ok = (g >= 0) & (p != _NAT)
            g, p = g[ok], p[ok]
        else:
            g = groups.codes[sel_pairs]
            p = periods[groups.arts[sel_pairs]]
        totals = np.bincount(g, minlength=n_groups)
        chosen = _select(corpus, by, totals, values, top)
        position = np.full(n_groups, -1, dtype=np.int64)
        position[chosen] = np.arange(len(chosen))
        slot = position[g]
        ok = (slot >= 0) & (p >= lo) & (p <= hi)
        flat = np.bincount(
            slot[ok] * max(n_periods, 1) + (p[ok] - lo), minlength=len(chosen) * max(n_periods, 0)
        )
        counts = flat[: len(chosen) * max(n_periods, 0)].reshape(len(chosen), max(n_periods, 0))
        labels = _label_frame(corpus, by, chosen)
        frame = labels.loc[labels.index.repeat(n_periods)].reset_index(drop=True)
        frame.insert(0, "period", np.tile(grid, len(chosen)) if len(chosen) else grid[:0])
        frame[count_name] = counts.reshape(-1).astype(np.int64)
    if unit == "share":
        base_p = periods[base_keep & dated]
        base_p = base_p[(base_p >= lo) & (base_p <= hi)]
        total = np.bincount(base_p - lo, minlength=n_periods) if n_periods > 0 else np.zeros(0)
        frame["total"] = np.tile(total, len(frame) // max(n_periods, 1)).astype(np.int64)
        with np.errstate(invalid="ignore", divide="ignore"):
            frame["share"] = np.where(
                frame["total"] > 0, frame["articles"] / frame["total"].clip(lower=1), 0.0
            )
    return _attrs(
        frame,
        corpus,
        unit=unit,
        freq=freq,
        by=by,
        undated=undated,
        baseline=base.describe() if unit == "share" else None,
    )


def top_actors(
    corpus: Corpus, n: int | None = 20, *, by: str = "articles", kinds: Any = None
) -> pd.DataFrame:
    """Rank the actors of a corpus.

    Parameters
    ----------
    corpus
        The (filtered) corpus.
    n
        How many to return (None: all actors mentioned).
    by
        Rank by ``"articles"`` (articles mentioning the actor) or ``"mentions"``.
    kinds
        Only actors of these kinds (person, organization, country, place, group).

    Returns
    -------
    pandas.DataFrame
        ``rank``, ``actor_id``, ``actor``, ``kind``, ``country``, ``articles``, ``mentions``,
        ``share`` (of the corpus's articles), best first (ties by name).
    """
    check_argument("by", by, ("articles", "mentions"))
    if n is not None and n < 1:
        raise ArgumentError(f"n must be at least 1 or None; got {n}")
    ix = corpus._ix
    groups = ix.actors
    n_actors = len(groups.labels)
    articles = np.bincount(groups.codes[corpus.kept_pairs(groups)], minlength=n_actors)
    mcodes = ix.mention_codes("actor_id")
    rows = corpus._mention_rows
    m = mcodes if rows is None else mcodes[rows]
    mentions = np.bincount(m[m >= 0], minlength=n_actors)
    # rank in numpy (pandas sorting of the whole actor table costs milliseconds)
    candidates = articles > 0
    if kinds is not None:
        spec = FilterSpec(kinds=kinds)  # validates the kinds
        candidates &= np.isin(ix.actor_arrays["kind"], list(spec.kinds))
    chosen = np.flatnonzero(candidates)
    primary, secondary = (articles, mentions) if by == "articles" else (mentions, articles)
    order = np.lexsort(
        (ix.actor_arrays["alphabetical"][chosen], -secondary[chosen], -primary[chosen])
    )
    chosen = chosen[order] if n is None else chosen[order[:n]]
    table = pd.DataFrame(
        {
            "actor_id": ix.actor_arrays["actor_id"][chosen],
            "actor": ix.actor_arrays["actor"][chosen],
            "kind": ix.actor_arrays["kind"][chosen],
            "country": ix.actor_arrays["country"][chosen],
            "articles": articles[chosen].astype(np.int64),
            "mentions": mentions[chosen].astype(np.int64),
            "share": articles[chosen] / max(len(corpus), 1),
        }
    )
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    return _attrs(table, corpus, unit=by)


def _ranked_groups(corpus: Corpus, groups: Any, label: str, n: int | None) -> pd.DataFrame:
    if n is not None and n < 1:
        raise ArgumentError(f"n must be at least 1 or None; got {n}")
    counts = np.bincount(groups.codes[corpus.kept_pairs(groups)], minlength=len(groups.labels))
    frame = pd.DataFrame({label: groups.labels.astype(object), "articles": counts.astype(np.int64)})
    frame = frame[frame["articles"] > 0].sort_values(
        ["articles", label], ascending=[False, True], kind="stable"
    )
    if n is not None:
        frame = frame.head(n)
    frame = frame.reset_index(drop=True)
    frame["share"] = frame["articles"] / max(len(corpus), 1)
    frame.insert(0, "rank", np.arange(1, len(frame) + 1))
    return _attrs(frame, corpus, unit="articles")


def top_topics(corpus: Corpus, n: int | None = 20) -> pd.DataFrame:
    """Rank topics by the number of articles tagged with them.

    Parameters
    ----------
    corpus
        The (filtered) corpus.
    n
        How many to return (None: all).

    Returns
    -------
    pandas.DataFrame
        ``rank``, ``topic``, ``articles``, ``share`` (of the corpus's articles).
    """
    return _ranked_groups(corpus, corpus._ix.topic_groups, "topic", n)


def sources(corpus: Corpus, n: int | None = None) -> pd.DataFrame:
    """Rank sources by their number of articles (articles without a source are not listed).

    Parameters
    ----------
    corpus
        The (filtered) corpus.
    n
        How many to return (None: all).

    Returns
    -------
    pandas.DataFrame
        ``rank``, ``source``, ``articles``, ``share`` (of the corpus's articles).
    """
    return _ranked_groups(corpus, corpus._ix.source_groups, "source", n)


def _indicator(corpus: Corpus, groups: Any, chosen: np.ndarray) -> Any:
    """Sparse articles x chosen-groups 0/1 matrix over the kept articles (rows: root positions)."""
    from scipy import sparse

    position = np.full(len(groups.labels), -1, dtype=np.int64)
    position[chosen] = np.arange(len(chosen))
    slot = position[groups.codes]
    ok = (slot >= 0) & corpus.keep[groups.arts]
    return sparse.csr_matrix(
        (np.ones(int(ok.sum()), dtype=np.int64), (groups.arts[ok], slot[ok])),
        shape=(corpus._ix.n, len(chosen)),
    )


def cooccurrence(
    corpus: Corpus, *, top: int | None = 30, actors: Any = None, min_count: int = 1
) -> pd.DataFrame:
    """Count pairs of actors mentioned in the same article, with association measures.

    Parameters
    ----------
    corpus
        The (filtered) corpus.
    top
        Consider the ``top`` actors by articles (None: all) when ``actors`` is None.
    actors
        The actors to pair (ids or names).
    min_count
        Drop pairs seen in fewer articles (0 keeps every pair of the chosen actors).

    Returns
    -------
    pandas.DataFrame
        One row per unordered pair: ``actor_id_a``, ``actor_a``, ``actor_id_b``, ``actor_b``,
        ``count`` (articles mentioning both), ``articles_a``, ``articles_b``, ``n_articles``,
        ``lift`` = count·N / (articles_a·articles_b), ``pmi`` = log2(lift) and ``npmi`` =
        pmi / −log2(count / N) (1 = always together, 0 = independent, −1 = never together:
        a pair of count 0 has lift 0, pmi −inf and npmi −1; NaN when an actor named in
        ``actors`` has no article in the selection), by count then lift.
    """
    if min_count < 0:
        raise ArgumentError(f"min_count must be at least 0; got {min_count}")
    ix = corpus._ix
    groups = ix.actors
    totals = np.bincount(groups.codes[corpus.kept_pairs(groups)], minlength=len(groups.labels))
    chosen = _select(corpus, "actor", totals, actors, top)
    matrix = _indicator(corpus, groups, chosen)
    co = (matrix.T @ matrix).toarray()
    a, b = np.triu_indices(len(chosen), k=1)
    count = co[a, b]
    ok = count >= min_count
    a, b, count = a[ok], b[ok], count[ok]
    n = len(corpus)
    table = ix.actor_table
    ca = totals[chosen[a]].astype(np.float64)
    cb = totals[chosen[b]].astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        lift = count * n / (ca * cb)
        pmi = np.log2(lift)
        p_ab = count / max(n, 1)
        npmi = np.where(p_ab >= 1, 1.0, pmi / -np.log2(p_ab))
    # never together (both actors present): PMI is -inf and NPMI is -1 by definition; a pair
    # with an actor absent from the selection (named in ``actors``) stays NaN (undefined)
    never = (count == 0) & (ca > 0) & (cb > 0)
    npmi = np.where(never, -1.0, npmi)
    frame = pd.DataFrame(
        {
            "actor_id_a": table["actor_id"].to_numpy()[chosen[a]],
            "actor_a": table["actor"].to_numpy()[chosen[a]],
            "actor_id_b": table["actor_id"].to_numpy()[chosen[b]],
            "actor_b": table["actor"].to_numpy()[chosen[b]],
            "count": count.astype(np.int64),
            "articles_a": ca.astype(np.int64),
            "articles_b": cb.astype(np.int64),
            "n_articles": np.full(len(count), n, dtype=np.int64),
            "lift": lift,
            "pmi": pmi,
            "npmi": npmi,
        }
    )
    frame = frame.sort_values(
        ["count", "lift", "actor_a", "actor_b"], ascending=[False, False, True, True], kind="stable"
    )
    return _attrs(frame.reset_index(drop=True), corpus, unit="articles")


def actor_topic(
    corpus: Corpus, *, top: int | None = 20, actors: Any = None, topics: Any = None
) -> pd.DataFrame:
    """Count articles per actor and topic (the actor x topic matrix, long format).

    Parameters
    ----------
    corpus
        The (filtered) corpus.
    top
        The ``top`` actors by articles (None: all) when ``actors`` is None.
    actors
        The actors (ids or names).
    topics
        The topics (default: every topic of the corpus).

    Returns
    -------
    pandas.DataFrame
        Every (actor, topic) combination: ``actor_id``, ``actor``, ``topic``, ``articles``
        (articles mentioning the actor and tagged with the topic), ``actor_articles`` and
        ``share`` = articles / actor_articles.
    """
    ix = corpus._ix
    groups = ix.actors
    totals = np.bincount(groups.codes[corpus.kept_pairs(groups)], minlength=len(groups.labels))
    chosen = _select(corpus, "actor", totals, actors, top)
    tgroups = ix.topic_groups
    ttotals = np.bincount(tgroups.codes[corpus.kept_pairs(tgroups)], minlength=len(tgroups.labels))
    tchosen = _select(corpus, "topic", ttotals, topics, None)
    counts = (_indicator(corpus, groups, chosen).T @ _indicator(corpus, tgroups, tchosen)).toarray()
    labels = _label_frame(corpus, "actor", chosen)
    frame = labels.loc[labels.index.repeat(len(tchosen))].reset_index(drop=True)
    frame["topic"] = np.tile(tgroups.labels[tchosen].astype(object), len(chosen))
    frame["articles"] = counts.reshape(-1).astype(np.int64)
    frame["actor_articles"] = np.repeat(totals[chosen], len(tchosen)).astype(np.int64)
    frame["share"] = frame["articles"] / frame["actor_articles"].clip(lower=1)
    return _attrs(frame, corpus, unit="articles")


def tone(
    corpus: Corpus,
    *,
    freq: str = "week",
    by: str | None = None,
    values: Any = None,
    top: int | None = 5,
    method: str = "articles",
) -> pd.DataFrame:
    """Mean article tone per period, overall or per actor / topic / source.

    Parameters
    ----------
    corpus
        The (filtered, enriched) corpus: its articles need a ``tone`` column.
    freq
        ``"day"``, ``"week"`` or ``"month"``.
    by
        None, ``"actor"`` (articles mentioning the actor), ``"topic"``, ``"source"``, ``"kind"``
        or ``"country"``.
    values, top
        The groups, or the ``top`` largest, as for :func:`volume`.
    method
        ``"articles"``: the articles' precomputed ``tone``. ``"sentences"`` (with
        ``by="actor"``): the tone of the sentences that mention the actor, per article
        (:func:`workbench.tone.actor_tone`; slower, scores sentences on the fly).

    Returns
    -------
    pandas.DataFrame
        ``period``, group column(s), ``tone`` (mean, NaN for an empty period), ``articles``
        (articles scored), ``sem`` (standard error of the mean; NaN under 2 articles).
    """
    freq = _freq(freq)
    check_argument("by", by, BYS)
    check_argument("method", method, ("articles", "sentences"))
    if method == "sentences" and by != "actor":
        raise ArgumentError(f"method='sentences' needs by='actor'; got by={by!r}")
    ix = corpus._ix
    if "tone" not in ix.articles.columns:
        raise ArgumentError(
            "the corpus has no 'tone' column: load it with workbench.load or "
            "enrich it with workbench.enrich.enrich_articles"
        )
    scores = ix.articles["tone"].to_numpy(dtype=np.float64, na_value=np.nan)
    periods = ix.period_codes(freq)
    usable = corpus.keep & (periods != _NAT) & ~np.isnan(scores)
    span = periods[usable]
    lo, hi = (int(span.min()), int(span.max())) if len(span) else (0, -1)
    n_periods = hi - lo + 1
    grid = _period_start(np.arange(lo, hi + 1), freq)
    if by is None:
        slots = np.zeros(int(usable.sum()), dtype=np.int64)
        arts = np.flatnonzero(usable)
        labels = pd.DataFrame(index=[0])
        group_cols: list[str] = []
        n_chosen = 1
    else:
        groups, _m, _label = _groups(corpus, by)
        ok = usable[groups.arts]
        totals = np.bincount(groups.codes[ok], minlength=len(groups.labels))
        chosen = _select(corpus, by, totals, values, top)
        position = np.full(len(groups.labels), -1, dtype=np.int64)
        position[chosen] = np.arange(len(chosen))
        slot = position[groups.codes]
        ok &= slot >= 0
        slots, arts = slot[ok], groups.arts[ok]
        labels = _label_frame(corpus, by, chosen)
        group_cols = list(labels.columns)
        n_chosen = len(chosen)
    x = scores[arts]
    if method == "sentences" and n_chosen:
        ids = [str(a) for a in labels["actor_id"]]
        scored = _actor_sentence_tone(corpus, ids)
        arts = ix.ids.get_indexer(scored["article_id"]).astype(np.int64)
        slots = pd.Series(range(len(ids)), index=ids)[scored["actor_id"].astype(str)].to_numpy()
        x = scored["tone"].to_numpy(dtype=float)
        ok = (periods[arts] != _NAT) & ~np.isnan(x)
        arts, slots, x = arts[ok], slots[ok].astype(np.int64), x[ok]
    size = n_chosen * max(n_periods, 0)
    key = slots * max(n_periods, 1) + (periods[arts] - lo)
    count = np.bincount(key, minlength=size)[:size]
    total = np.bincount(key, weights=x, minlength=size)[:size]
    squares = np.bincount(key, weights=x * x, minlength=size)[:size]
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(count > 0, total / count, np.nan)
        var = np.where(count > 1, (squares - count * mean**2) / (count - 1), np.nan)
        sem = np.sqrt(np.clip(var, 0, None)) / np.sqrt(count)
    frame = labels.loc[labels.index.repeat(n_periods)].reset_index(drop=True)[group_cols]
    frame.insert(0, "period", np.tile(grid, n_chosen) if n_chosen else grid[:0])
    frame["tone"] = mean
    frame["articles"] = count.astype(np.int64)
    frame["sem"] = sem
    return _attrs(frame, corpus, unit="tone", freq=freq, by=by, method=method)


def actor_tone_table(
    corpus: Corpus, n: int | None = 20, *, method: str = "sentences"
) -> pd.DataFrame:
    """Tone per actor, most mentioned actors first.

    Parameters
    ----------
    corpus
        The (filtered, enriched) corpus.
    n
        The ``n`` actors with most articles (None: all).
    method
        ``"sentences"``: the mean, over the actor's articles, of the tone of the sentences that
        mention the actor (:func:`workbench.tone.actor_tone`; scores sentences with VADER, so it
        takes time on large selections). ``"articles"``: the mean tone of the articles that
        mention the actor (the precomputed ``tone`` column; instant).

    Returns
    -------
    pandas.DataFrame
        ``actor_id``, ``actor``, ``articles``, ``tone``, ``method``.
    """
    check_argument("method", method, ("sentences", "articles"))
    top = top_actors(corpus, n)
    columns = ["actor_id", "actor", "articles"]
    if top.empty:
        empty = top[columns].assign(tone=pd.Series(dtype=float), method=pd.Series(dtype=str))
        return _attrs(empty, corpus, unit="tone")
    if method == "sentences":
        scored = _actor_sentence_tone(corpus, top["actor_id"].tolist())
        means = scored.groupby("actor_id")["tone"].mean()
    else:
        per = tone(corpus, freq="month", by="actor", values=list(top["actor_id"]), top=None)
        weighted = (
            per.assign(w=per["tone"].fillna(0) * per["articles"])
            .groupby("actor_id", sort=False)[["w", "articles"]]
            .sum()
        )
        means = weighted["w"] / weighted["articles"].replace(0, np.nan)
    out = top[columns].assign(
        tone=top["actor_id"].astype(str).map(means).to_numpy(dtype=float), method=method
    )
    return _attrs(out, corpus, unit="tone")


def _actor_sentence_tone(corpus: Corpus, actor_ids: list[str]) -> pd.DataFrame:
    """Per (article, actor) tone of the sentences mentioning the actor, with the article date."""
    from workbench.tone import actor_tone

    wanted = {str(a) for a in actor_ids}
    mentions = corpus.mentions
    mentions = mentions[mentions["actor_id"].astype(str).isin(wanted)]
    articles = corpus.articles
    articles = articles[articles["article_id"].isin(mentions["article_id"])]
    scored = actor_tone(articles, mentions)
    dates = pd.Series(articles["date"].to_numpy(), index=articles["article_id"].astype(str))
    return scored.assign(date=scored["article_id"].astype(str).map(dates))


def _topic_patterns(
    corpus: Corpus, topic: str
) -> list[tuple[re.Pattern[str], re.Pattern[str] | None]]:
    """Return ``(terms, ignored)`` regexes for ``topic`` and each of its descendants.

    ``terms`` matches the topic's phrases and ``require`` terms; ``ignored`` its ``ignore``
    phrases (or None): a term inside an ignored phrase does not count, as in tagging. Follows
    the taxonomy's term syntax: whole words, case-insensitive except terms written in capitals
    only ("NATO", "US"), a trailing ``*`` for a prefix.
    """
    from workbench.corpus import _taxonomy_descendants

    taxonomy = corpus.taxonomy
    entries = getattr(taxonomy, "topics", None)
    if not isinstance(entries, Mapping):
        return []
    patterns = []
    for tid in dict.fromkeys([topic, *_taxonomy_descendants(taxonomy, topic)]):
        entry = entries.get(tid)
        if entry is None:
            continue
        terms = list(getattr(entry, "phrases", ()))
        for group in getattr(entry, "require", ()):
            terms.extend(group)
        pattern = _terms_regex(terms)
        if pattern is not None:
            patterns.append((pattern, _terms_regex(getattr(entry, "ignore", ()))))
    return patterns


def _terms_regex(terms: Iterable[str]) -> re.Pattern[str] | None:
    """Return one regex of taxonomy terms (see :func:`_topic_patterns`), or None for none."""
    alternatives = []
    for term in dict.fromkeys(t.strip() for t in terms if t and t.strip()):
        prefix = term.endswith("*")
        word = term.rstrip("*").strip()
        if not word:
            continue
        body = r"\s+".join(re.escape(w) for w in word.replace("’", "'").split())
        body = body.replace("'", "['’]")
        if prefix:
            body += r"[^\W_]*"
        cased = len(word) >= 2 and word.upper() == word and any(c.isalpha() for c in word)
        alternatives.append(body if cased else f"(?i:{body})")
    if not alternatives:
        return None
    alternatives.sort(key=len, reverse=True)
    return re.compile(r"(?<![^\W_])(?:" + "|".join(alternatives) + r")(?![^\W_])")


def _topic_matches(
    patterns: list[tuple[re.Pattern[str], re.Pattern[str] | None]], text: str, s: int, e: int
) -> tuple[str, ...]:
    """Return the distinct topic terms of ``text[s:e]`` in text order, minus ignored ones."""
    found: list[tuple[int, str]] = []
    for pattern, ignored in patterns:
        spans = [] if ignored is None else [m.span() for m in ignored.finditer(text, s, e)]
        for m in pattern.finditer(text, s, e):
            if not any(a <= m.start() and m.end() <= b for a, b in spans):
                found.append((m.start(), m.group()))
    return tuple(dict.fromkeys(term for _, term in sorted(found)))


_STEPS = {
    "day": pd.DateOffset(days=1),
    "week": pd.DateOffset(days=7),
    "month": pd.DateOffset(months=1),
}


def _summary_period(
    summary: pd.Series | pd.DataFrame, freq: str | None
) -> tuple[Any, str | None, dict[str, Any]]:
    """Return (period, freq, group values) of a summary row, or of a frame's periods.

    A row (a Series, or a one-row frame) gives its period start; a frame of several rows gives
    ``(first start, last start)`` and its group only when it holds one group. ``freq`` defaults
    to the frame's ``attrs["freq"]``.
    """
    frame = summary.to_frame().T if isinstance(summary, pd.Series) else summary
    if "period" not in frame.columns:
        raise ArgumentError(
            "period: a summary row or frame needs a 'period' column (from volume or tone); "
            f"got {list(frame.columns)}"
        )
    if len(frame) == 0:
        raise ArgumentError("period: the summary frame is empty")
    freq = freq if freq is not None else summary.attrs.get("freq")
    if freq is None:
        raise ArgumentError(
            "period: the summary has no attrs['freq']; give freq='day', 'week' or 'month'"
        )
    starts = pd.to_datetime(frame["period"], utc=True)
    group: dict[str, Any] = {}
    for column in ("actor_id", "topic"):
        if column in frame.columns and frame[column].nunique(dropna=False) == 1:
            group[column] = frame[column].iloc[0]
    if len(frame) == 1:
        return starts.iloc[0], freq, group
    return (starts.min(), starts.max()), freq, group


def _period_bounds(period: Any, freq: str | None) -> tuple[pd.Timestamp, pd.Timestamp]:
    """Return the first and last instant of ``period`` (see :func:`evidence`)."""
    if isinstance(period, list | tuple):
        if len(period) != 2:
            raise ArgumentError(f"period must be one period or a (start, end) pair; got {period!r}")
        if freq is None:  # a range of days, months ...: a midnight end covers its day
            return date_bounds(period[0], "period")[0], date_bounds(period[1], "period")[1]
        return _period_bounds(period[0], freq)[0], _period_bounds(period[1], freq)[1]
    if freq is not None:
        first = date_bounds(period, "period")[0]
        return first, first + _STEPS[_freq(freq)] - pd.Timedelta(1, "ns")
    if isinstance(period, dt.datetime | np.datetime64):
        stamp = pd.Timestamp(period)
        if stamp is not pd.NaT and stamp == stamp.normalize():
            # a period start as in a volume row: a day, a week and a month all start here
            raise ArgumentError(
                f"period {stamp.date()} is a midnight timestamp, the start of a day, a week or "
                "a month: give freq= ('day', 'week' or 'month'), pass the summary row itself "
                "(period=row, whose frame knows its freq), or a string such as "
                f"'{stamp:%Y-%m-%d}' (that day) or '{stamp:%Y-%m}' (that month)"
            )
    return date_bounds(period, "period")


def evidence(
    corpus: Corpus,
    *,
    actor: str | None = None,
    pair: tuple[str, str] | None = None,
    topic: str | None = None,
    period: Any = None,
    freq: str | None = None,
    limit: int | None = 200,
) -> pd.DataFrame:
    """Return the sentences behind a count: where an actor (or a pair) is mentioned.

    The articles are chosen with :meth:`Corpus.filter` (the same path as the count), then each
    mention of the requested actor(s) is widened to its sentence with
    :func:`workbench.text.sentence_spans`. For a topic alone, the evidence is the sentences
    containing the taxonomy's terms for the topic (or its descendants); an article where none
    is found (e.g. a learned topic) gives its title line.

    Parameters
    ----------
    corpus
        The (filtered) corpus the count came from.
    actor
        An actor id or name.
    pair
        Two actors (the co-occurrence count): articles mentioning both; sentences mentioning
        either, the ones naming both first within an article.
    topic
        A topic id (the actor x topic or topic count).
    period
        A day, week, month or year as a string (``"2026-01-05"``, ``"2026-01"``,
        ``"2026-W03"``, ``"2026"``), a ``(start, end)`` pair, a row of a :func:`volume` or
        :func:`tone` frame (its period; its ``freq`` from the frame's ``attrs``; its actor or
        topic when ``actor``/``pair``/``topic`` are not given), or such a frame (from its first
        period to the end of its last). A timestamp at midnight (a row's ``period`` value) needs
        ``freq``: it starts a day, a week and a month alike.
    freq
        The length of a period given by its start: ``"day"``, ``"week"`` or ``"month"``.
    limit
        At most this many articles (the earliest first); None for all. ``attrs`` give
        ``articles_total`` and ``articles_shown``.

    Returns
    -------
    pandas.DataFrame
        ``article_id``, ``date``, ``title``, ``source``, ``actors`` (names mentioned in the
        sentence, among the requested), ``mentions`` (their mentions in the sentence),
        ``matched`` (the text that matched: mention surfaces or topic terms), ``sentence``,
        ``start``, ``end`` (offsets into title + newline + body).
    """
    if actor is not None and pair is not None:
        raise ArgumentError("give either actor= or pair=, not both")
    if pair is not None and (not isinstance(pair, list | tuple) or len(pair) != 2):
        raise ArgumentError(f"pair must be two actors; got {pair!r}")
    if limit is not None and limit < 1:
        raise ArgumentError(f"limit must be at least 1 or None; got {limit}")
    if isinstance(period, pd.Series | pd.DataFrame):
        period, freq, group = _summary_period(period, freq)
        if actor is None and pair is None and "actor_id" in group:
            actor = str(group["actor_id"])
        if topic is None and "topic" in group:
            topic = str(group["topic"])
    wanted = [actor] if actor is not None else list(pair) if pair is not None else []
    keywords: dict[str, Any] = {"actors": wanted, "actor_mode": "all", "topics": topic}
    if period is not None:
        keywords["start"], keywords["end"] = _period_bounds(period, freq)
    elif freq is not None:
        raise ArgumentError("freq= needs period=")
    sub = corpus.filter(**keywords)
    ix = corpus._ix
    positions = sub.positions
    order = positions[np.argsort(ix.date_ns[positions], kind="stable")]
    shown = order if limit is None else order[:limit]
    columns = [
        "article_id",
        "date",
        "title",
        "source",
        "actors",
        "mentions",
        "matched",
        "sentence",
        "start",
        "end",
    ]
    rows: list[tuple[Any, ...]] = []
    articles = ix.articles
    texts = ix.texts

    def add(
        pos: int,
        actors: tuple[str, ...],
        count: int,
        matched: tuple[str, ...],
        text: str,
        s: int,
        e: int,
    ) -> None:
        rows.append(
            (
                articles["article_id"].iloc[pos],
                articles["date"].iloc[pos],
                articles["title"].iloc[pos],
                articles["source"].iloc[pos],
                actors,
                count,
                matched,
                text[s:e],
                s,
                e,
            )
        )

    if wanted:
        codes = {ix.actor_code(a, lambda _v: False) for a in wanted}
        mcodes = ix.mention_codes("actor_id")
        starts = ix.mentions["start"].to_numpy()
        ends = ix.mentions["end"].to_numpy()
        surfaces = ix.mentions["surface"].astype(object).to_numpy()
        names = ix.actor_table["actor"].to_numpy()
        shown_set = np.zeros(ix.n, dtype=bool)
        shown_set[shown] = True
        mrows = np.flatnonzero(shown_set[ix.m_art] & np.isin(mcodes, list(codes)))
        by_article: dict[int, list[int]] = {}
        for r in mrows:
            by_article.setdefault(int(ix.m_art[r]), []).append(int(r))
        for pos in shown:
            text = texts.iloc[pos]
            spans = sentence_spans(text)
            span_starts = [s for s, _e in spans]
            sentences: dict[tuple[int, int], list[int]] = {}
            for r in by_article.get(int(pos), []):
                i = bisect.bisect_right(span_starts, starts[r]) - 1
                if i >= 0 and starts[r] < spans[i][1]:
                    s, e = spans[i][0], max(spans[i][1], int(ends[r]))
                else:
                    s, e = int(starts[r]), int(ends[r])
                sentences.setdefault((s, e), []).append(r)
            found = []
            for (s, e), rs in sentences.items():
                actors = tuple(dict.fromkeys(names[mcodes[r]] for r in rs))
                matched = tuple(dict.fromkeys(surfaces[r] for r in rs))
                found.append((-len(actors), s, e, actors, len(rs), matched))
            found.sort()
            for _neg, s, e, actors, count, matched in found:
                add(int(pos), actors, count, matched, text, s, e)
    else:
        patterns = _topic_patterns(corpus, topic) if topic is not None else []
        for pos in shown:
            text = texts.iloc[pos]
            hits: list[tuple[int, int, tuple[str, ...]]] = []
            if patterns:
                for s, e in sentence_spans(text):
                    matched = _topic_matches(patterns, text, s, e)
                    if matched:
                        hits.append((s, e, matched))
            if not hits:
                title_end = text.find("\n")
                hits = [(0, len(text) if title_end < 0 else title_end, ())]
            for s, e, matched in hits:
                add(int(pos), (), 0, matched, text, s, e)
    frame = pd.DataFrame(rows, columns=columns)
    frame["date"] = pd.to_datetime(frame["date"], utc=True)
    frame["start"] = frame["start"].astype(np.int64)
    frame["end"] = frame["end"].astype(np.int64)
    frame["mentions"] = frame["mentions"].astype(np.int64)
    frame.attrs.update(
        {
            "filter": sub.describe(),
            "articles_total": len(sub),
            "articles_shown": len(shown),
        }
    )
    return frame


#: A quotation: text between curly double quotes, straight double quotes (on one line) or
#: guillemets. Single quotes are left out: ’ is also the apostrophe.
_QUOTE = re.compile(r"“([^“”]{1,4000})”|\"([^\"\n]{1,4000})\"|«\s?([^«»]{1,4000}?)\s?»")
#: Reporting verbs that attribute a quotation to the actor named beside them.
_SPEECH = re.compile(
    r"(?<![^\W_])(?:said|says|say|told|tells|added|adds|stated|warned|warns|declared|declares"
    r"|insisted|insists|wrote|writes|announced|announces|noted|argued|argues|stressed|stresses"
    r"|urged|urges|emphasi[sz]ed|emphasi[sz]es|highlighted|highlights|pointed out|points out"
    r"|confirmed|confirms|cautioned|cautions|explained|explains|asserted|asserts|remarked"
    r"|according to|quoted|quoting|told reporters|tweeted|posted)(?![^\W_])",
    re.IGNORECASE,
)
#: At most this many characters between a reporting verb and the speaker's mention.
_SPEAKER_GAP = 60


def _gap(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Characters between two spans (0 when they touch or overlap)."""
    return max(0, max(a[0], b[0]) - min(a[1], b[1]))


def quotes(
    corpus: Corpus,
    actor: str,
    *,
    n: int | None = 20,
    attributed: bool = False,
    min_words: int = 3,
) -> pd.DataFrame:
    """Return the quotations in the sentences that mention an actor, and who is quoted.

    A quotation is text between “curly”, "straight" (on one line) or «angle» quotes of at
    least ``min_words`` words (shorter ones are scare quotes: ``"Positive" talks``). Its
    sentence runs from the sentence where the quotation opens to the one where it closes
    (:func:`workbench.text.sentence_spans`). The speaker is the actor whose mention outside the
    quotation lies closest (at most 60 characters) to a reporting verb ("said", "told",
    "stressed", "according to" ...) of that sentence outside the quotation: ``“We are open to
    negotiations,” Putin said`` and ``Putin's office said: “...”`` are both Putin's. A row is
    kept when the actor is mentioned in the sentence (inside or outside the quotation).

    Parameters
    ----------
    corpus
        The (filtered) corpus; its articles are read earliest first.
    actor
        An actor id or name.
    n
        At most this many quotations (None: all).
    attributed
        Keep only the quotations attributed to the actor (``speaker`` is the actor).
    min_words
        The fewest words a quotation must have.

    Returns
    -------
    pandas.DataFrame
        ``article_id``, ``date``, ``source``, ``title``, ``actor`` (canonical name),
        ``speaker`` (the quoted actor's name; missing when no reporting verb names one),
        ``attributed`` (speaker is the actor), ``quote`` (the words inside the marks),
        ``sentence``, ``start``, ``end`` (the sentence's offsets into title + newline + body),
        ``quote_start``, ``quote_end`` (the quotation's offsets inside ``sentence``, marks
        included). ``attrs``: ``filter``, ``actor``, ``articles_read``.

    Raises
    ------
    ArgumentError
        For an actor the corpus (and its registry) does not know, or a bad ``n``/``min_words``.
    """
    from workbench.corpus import _registry_knows

    if n is not None and n < 1:
        raise ArgumentError(f"n must be at least 1 or None; got {n}")
    if min_words < 1:
        raise ArgumentError(f"min_words must be at least 1; got {min_words}")
    ix = corpus._ix
    code = ix.actor_code(str(actor), lambda v: _registry_knows(corpus.registry, v))
    columns = [
        "article_id",
        "date",
        "source",
        "title",
        "actor",
        "speaker",
        "attributed",
        "quote",
        "sentence",
        "start",
        "end",
        "quote_start",
        "quote_end",
    ]
    rows: list[tuple[Any, ...]] = []
    read = 0
    name = str(actor)
    if code is not None:
        table = ix.actor_table
        names = table["actor"].fillna(table["actor_id"]).astype(str).to_numpy(dtype=object)
        name = names[code]
        arts = ix.actors.articles_of(code)
        arts = arts[corpus.keep[arts]]
        arts = arts[np.argsort(ix.date_ns[arts], kind="stable")]
        mcodes = ix.mention_codes("actor_id")
        mstarts = ix.mentions["start"].to_numpy()
        mends = ix.mentions["end"].to_numpy()
        order, offsets = ix.mentions_by_article
        articles = ix.articles
        for pos in arts:
            if n is not None and len(rows) >= n:
                break
            read += 1
            pos = int(pos)
            text = ix.texts.iloc[pos]
            found = list(_QUOTE.finditer(text))
            if not found:
                continue
            marks = [(m.start(), m.end()) for m in found]

            def quoted(span: tuple[int, int], marks: list[tuple[int, int]] = marks) -> bool:
                return any(s <= span[0] and span[1] <= e for s, e in marks)

            spans = sentence_spans(text)
            span_starts = [s for s, _e in spans]
            mrows = order[offsets[pos] : offsets[pos + 1]]
            mentions = [(int(mstarts[r]), int(mends[r]), int(mcodes[r])) for r in mrows]
            for match in found:
                words = next(g for g in match.groups() if g is not None)
                if len(words.split()) < min_words:
                    continue
                q = (match.start(), match.end())
                first = max(0, bisect.bisect_right(span_starts, q[0]) - 1)
                last = max(0, bisect.bisect_right(span_starts, q[1] - 1) - 1)
                s = min(spans[first][0], q[0]) if spans else q[0]
                e = max(spans[last][1], q[1]) if spans else q[1]
                inside = [(ms, me, c) for ms, me, c in mentions if s <= ms and me <= e]
                if not any(c == code for _ms, _me, c in inside):
                    continue
                outside = [(ms, me, c) for ms, me, c in inside if not quoted((ms, me))]
                verbs = [
                    (v.start() + s, v.end() + s)
                    for v in _SPEECH.finditer(text[s:e])
                    if not quoted((v.start() + s, v.end() + s))
                ]
                speaker = None
                if verbs and outside:
                    verb = min(verbs, key=lambda v: (_gap(v, q), v[0]))
                    gap, _start, who = min((_gap(verb, (ms, me)), ms, c) for ms, me, c in outside)
                    if gap <= _SPEAKER_GAP and who >= 0:
                        speaker = who
                if attributed and speaker != code:
                    continue
                rows.append(
                    (
                        articles["article_id"].iloc[pos],
                        articles["date"].iloc[pos],
                        articles["source"].iloc[pos],
                        articles["title"].iloc[pos],
                        name,
                        None if speaker is None else names[speaker],
                        speaker == code,
                        words.strip(),
                        text[s:e],
                        s,
                        e,
                        q[0] - s,
                        q[1] - s,
                    )
                )
                if n is not None and len(rows) >= n:
                    break
    frame = pd.DataFrame(rows, columns=columns)
    frame["date"] = pd.to_datetime(frame["date"], utc=True)
    frame["attributed"] = frame["attributed"].astype(bool)
    for column in ("start", "end", "quote_start", "quote_end"):
        frame[column] = frame[column].astype(np.int64)
    frame.attrs.update({"filter": corpus.describe(), "actor": name, "articles_read": read})
    return frame
