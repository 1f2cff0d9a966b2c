"""Learned topics: the themes the corpus reveals, by TF-IDF and non-negative matrix factorisation.

:func:`learn_topics` fits scikit-learn's ``TfidfVectorizer`` and ``NMF`` (deterministic for a
seed), labels each topic by its top terms and most representative articles, gives the
article-topic weights as a ``topics`` table (``method="learned"``) and topic shares over time, and
can promote a topic to an editable taxonomy entry (:meth:`LearnedTopics.to_taxonomy_yaml`).

Choosing k when it is not given
-------------------------------
On a random subsample (at most ``select_docs`` articles, seeded), NMF is fitted for up to seven
candidate k spread evenly over ``k_range`` (default 5 to 30; the top is lowered to a tenth of the
subsample for small corpora). The chosen k is the *elbow* of the reconstruction-error curve
(Kneedle: with k and the error drop both scaled to [0, 1], the k whose error drop most exceeds
its share of the k range; ties go to the smaller k). Mean NPMI coherence of each topic's top 10
terms (document co-occurrence in the subsample) is reported beside it, but not used: on news it
always favours the fewest, broadest topics (measured on Reuters-21578, where it picked k=5 and
halved NMI against the labels). The table of candidates is kept in ``LearnedTopics.selection``.

Speed
-----
The vocabulary is capped (``max_features``), matrices are float32, NMF is fitted on at most
``fit_docs`` articles with a bounded ``max_iter``, and the remaining articles are projected onto
the fitted topics with ``NMF.transform``.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from workbench import schema
from workbench.errors import ArgumentError

TOKEN_PATTERN = r"(?u)\b[^\W\d_][^\W\d_'-]{2,}\b"


@dataclass
class LearnedTopics:
    """Topics learned from a corpus.

    Attributes
    ----------
    k, seed
        Number of topics and the seed they were learned with.
    terms
        ``topic``, ``rank``, ``term``, ``weight``: the top terms of each topic.
    labels
        ``topic`` id -> label (its three top terms).
    representative
        ``topic``, ``rank``, ``article_id``, ``title``, ``weight``: the articles that load most on
        each topic.
    weights
        The ``topics`` table (``article_id``, ``topic``, ``score``, ``method="learned"``) with
        ``score`` the article's share of that topic (shares of an article sum to 1); shares below
        ``min_share`` are left out.
    selection
        The k-selection table (``k``, ``coherence``, ``error``, ``elbow``), empty when k was
        given.
    dates
        ``article_id`` -> date, for :meth:`shares`.
    """

    k: int
    seed: int
    terms: pd.DataFrame
    labels: dict[str, str]
    representative: pd.DataFrame
    weights: pd.DataFrame
    selection: pd.DataFrame = field(default_factory=pd.DataFrame)
    dates: pd.Series | None = None
    _share_matrix: np.ndarray | None = field(default=None, repr=False)
    _article_ids: np.ndarray | None = field(default=None, repr=False)

    @property
    def topic_ids(self) -> list[str]:
        """The learned topic ids, in order (``learned-01`` ...)."""
        return list(self.labels)

    def dominant(self) -> pd.Series:
        """Return each article's dominant learned topic (``article_id`` index; None without any)."""
        if self._share_matrix is None:
            raise ArgumentError("no article weights kept")
        best = np.asarray(self.topic_ids, dtype=object)[self._share_matrix.argmax(axis=1)]
        best[self._share_matrix.max(axis=1) <= 0] = None
        return pd.Series(best, index=self._article_ids, name="topic")

    def top_terms(self, topic: str, n: int = 10) -> list[str]:
        """Return the ``n`` top terms of ``topic``."""
        self._check(topic)
        rows = self.terms[self.terms["topic"] == topic].sort_values("rank")
        return rows["term"].head(n).tolist()

    def shares(self, freq: str = "MS") -> pd.DataFrame:
        """Return each topic's share of the articles per period (tidy).

        Parameters
        ----------
        freq
            A pandas period alias for ``DataFrame.resample`` (``"D"``, ``"W"``, ``"MS"``, ...).

        Returns
        -------
        pandas.DataFrame
            ``date`` (period start), ``topic``, ``label``, ``share`` (mean share over the period's
            articles; the shares of a period sum to 1) and ``n_articles`` in the period.
        """
        if self.dates is None or self._share_matrix is None:
            raise ArgumentError("shares need dates: the articles had no 'date' column")
        frame = pd.DataFrame(self._share_matrix, columns=self.topic_ids)
        frame.index = pd.DatetimeIndex(self.dates.to_numpy())
        frame = frame[frame.index.notna()]
        means = frame.resample(freq).mean()
        counts = frame.resample(freq).size()
        tidy = means.reset_index(names="date").melt(
            id_vars="date", var_name="topic", value_name="share"
        )
        tidy["label"] = tidy["topic"].map(self.labels)
        tidy["n_articles"] = tidy["date"].map(counts).astype("int64")
        tidy = tidy.dropna(subset=["share"])
        return tidy[["date", "topic", "label", "share", "n_articles"]].reset_index(drop=True)

    def to_taxonomy_yaml(
        self,
        topic: str,
        path: str | Path,
        *,
        topic_id: str | None = None,
        label: str | None = None,
        parent: str | None = None,
        n_terms: int = 10,
        min_phrases: int = 3,
    ) -> Path:
        """Promote a learned topic to a taxonomy entry, written as YAML for the analyst to edit.

        The entry matches an article when at least ``min_phrases`` of the topic's top
        ``n_terms`` terms occur in it. Load it with ``load_taxonomy(path)``.

        Parameters
        ----------
        topic
            A learned topic id (``learned-03``).
        path
            The YAML file to write (overwritten).
        topic_id, label, parent
            The entry's id (default: slug of the three top terms), label (default: the learned
            label) and parent (default: none, a top-level entry).
        n_terms, min_phrases
            How many top terms to list, and how many must occur.

        Returns
        -------
        pathlib.Path
            The file written.
        """
        self._check(topic)
        terms = self.top_terms(topic, n_terms)
        if not 1 <= min_phrases <= len(terms):
            raise ArgumentError(
                f"min_phrases must be between 1 and {len(terms)}; got {min_phrases}"
            )
        if topic_id is None:
            topic_id = "-".join(re.sub(r"[^a-z0-9]+", "-", t.lower()).strip("-") for t in terms[:3])
        entry: dict[str, object] = {"id": topic_id, "label": label or self.labels[topic]}
        if parent is not None:
            entry["parent"] = parent
        entry["description"] = f"Promoted from learned topic {topic} ({self.labels[topic]})."
        entry["match"] = {"phrases": terms, "min_phrases": min_phrases}
        path = Path(path)
        header = (
            f"# Promoted from learned topic {topic}: edit the terms, then load with\n"
            f"# workbench.load_taxonomy({str(path)!r}).\n"
        )
        body = yaml.safe_dump({"topics": [entry]}, sort_keys=False, allow_unicode=True, width=100)
        path.write_text(header + body, encoding="utf-8")
        return path

    def _check(self, topic: str) -> None:
        if topic not in self.labels:
            raise ArgumentError(f"topic must be one of {self.topic_ids}; got {topic!r}")


def learn_topics(
    articles: pd.DataFrame,
    k: int | None = None,
    seed: int = 0,
    *,
    k_range: tuple[int, int] = (5, 30),
    max_features: int = 10_000,
    max_iter: int = 200,
    fit_docs: int = 10_000,
    select_docs: int = 3_000,
    min_share: float = 0.1,
    n_terms: int = 10,
    n_representative: int = 5,
    stop_words: list[str] | None = None,
    n_threads: int | None = 1,
) -> LearnedTopics:
    """Learn topics from ``articles`` with TF-IDF and NMF.

    Parameters
    ----------
    articles
        A frame with ``article_id``, ``title``, ``body`` (and ``date`` for shares over time).
    k
        Number of topics; chosen at the reconstruction-error elbow over ``k_range`` when None
        (see the module docstring).
    seed
        Seed of the subsamples and of NMF: the same seed gives the same topics.
    k_range
        Bounds (inclusive) of the candidate k when ``k`` is None.
    max_features
        Vocabulary size cap (most frequent terms after stop words, ``max_df=0.5``).
    max_iter
        NMF iteration cap.
    fit_docs
        Fit NMF on at most this many articles (seeded sample); the rest are projected.
    select_docs
        Size of the subsample used to choose k.
    min_share
        Leave article-topic shares below this out of ``weights``.
    n_terms, n_representative
        Top terms and representative articles kept per topic.
    stop_words
        Extra stop words on top of scikit-learn's English list.
    n_threads
        BLAS/OpenMP threads for the factorisation (None: the library default). One thread is
        the default: NMF on sparse input gains little from more, and idle BLAS threads spinning
        on a shared machine made the k selection ten times slower in CPU time.

    Returns
    -------
    LearnedTopics
        Terms, labels, representative articles, tidy weights and shares over time.
    """
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=n_threads):
        return _learn(
            articles, k, seed, k_range, max_features, max_iter, fit_docs, select_docs,
            min_share, n_terms, n_representative, stop_words,
        )


def _learn(
    articles, k, seed, k_range, max_features, max_iter, fit_docs, select_docs,
    min_share, n_terms, n_representative, stop_words,
) -> LearnedTopics:
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    n_docs = len(articles)
    if n_docs < 10:
        raise ArgumentError(f"learn_topics needs at least 10 articles; got {n_docs}")
    if k is not None and not 2 <= k <= n_docs:
        raise ArgumentError(f"k must be between 2 and the number of articles ({n_docs}); got {k}")
    rng = np.random.default_rng(seed)
    texts = schema.article_text(articles).to_numpy()
    words = sorted(ENGLISH_STOP_WORDS | set(stop_words or ()))
    vectorizer = TfidfVectorizer(
        max_features=max_features,
        min_df=2 if n_docs < 2_000 else 5,
        max_df=0.5,
        stop_words=words,
        token_pattern=TOKEN_PATTERN,
        lowercase=True,
        sublinear_tf=True,
        dtype=np.float32,
    )
    fit_idx = _sample(n_docs, fit_docs, rng)
    try:
        matrix = vectorizer.fit_transform(texts)  # tokenise every article once
    except ValueError as exc:  # empty vocabulary after stop words and document-frequency cuts
        raise ArgumentError(f"no terms to learn topics from: {exc}") from exc
    vocab = vectorizer.get_feature_names_out()

    selection = pd.DataFrame(columns=["k", "coherence", "error", "elbow"])
    if k is None:
        k, selection = _choose_k(matrix, k_range, select_docs, seed, rng)

    model = NMF(
        n_components=k, init="nndsvda", random_state=seed, max_iter=max_iter, tol=1e-3
    )
    fitted = model.fit_transform(matrix[fit_idx])
    weights = np.zeros((n_docs, k), dtype=np.float32)
    weights[fit_idx] = fitted
    rest = np.setdiff1d(np.arange(n_docs), fit_idx)
    if len(rest):
        weights[rest] = model.transform(matrix[rest])
    components = model.components_

    ids = [f"learned-{i + 1:02d}" for i in range(k)]
    term_rows, labels = [], {}
    for t, tid in enumerate(ids):
        top = np.argsort(-components[t], kind="stable")[:n_terms]
        for rank, j in enumerate(top, start=1):
            term_rows.append((tid, rank, str(vocab[j]), float(components[t, j])))
        labels[tid] = ", ".join(str(vocab[j]) for j in top[:3])
    terms = pd.DataFrame(term_rows, columns=["topic", "rank", "term", "weight"])

    article_ids = articles["article_id"].astype(str).to_numpy()
    titles = articles["title"].fillna("").astype(str).to_numpy()
    rep_rows = []
    for t, tid in enumerate(ids):
        top = np.argsort(-weights[:, t], kind="stable")[:n_representative]
        for rank, i in enumerate(top, start=1):
            if weights[i, t] > 0:
                rep_rows.append((tid, rank, article_ids[i], titles[i], float(weights[i, t])))
    representative = pd.DataFrame(
        rep_rows, columns=["topic", "rank", "article_id", "title", "weight"]
    )

    totals = weights.sum(axis=1, keepdims=True)
    shares = np.divide(weights, totals, out=np.zeros_like(weights), where=totals > 0)
    rows, cols = np.nonzero(shares >= min_share)
    tidy = pd.DataFrame(
        {
            "article_id": pd.Series(article_ids[rows], dtype="str"),
            "topic": pd.Series(np.asarray(ids)[cols], dtype="str"),
            "score": shares[rows, cols].astype(np.float64),
            "method": pd.Series(["learned"] * len(rows), dtype="str"),
        }
    )
    dates = None
    if "date" in articles.columns:
        dates = pd.Series(articles["date"].to_numpy(), index=article_ids, name="date")
    return LearnedTopics(
        k=k,
        seed=seed,
        terms=terms,
        labels=labels,
        representative=representative,
        weights=schema.validate(tidy, "topics"),
        selection=selection,
        dates=dates,
        _share_matrix=shares,
        _article_ids=article_ids,
    )


def _sample(n: int, size: int, rng: np.random.Generator) -> np.ndarray:
    if n <= size:
        return np.arange(n)
    return np.sort(rng.choice(n, size=size, replace=False))


def _choose_k(matrix, k_range, select_docs, seed, rng) -> tuple[int, pd.DataFrame]:
    from sklearn.decomposition import NMF
    from sklearn.exceptions import ConvergenceWarning

    low, high = k_range
    if not 2 <= low <= high:
        raise ArgumentError(f"k_range must be (low, high) with 2 <= low <= high; got {k_range}")
    idx = _sample(matrix.shape[0], select_docs, rng)
    sub = matrix[idx]
    # the candidates are compared on the subsample's 3,000 most frequent terms (speed)
    df = np.asarray((sub > 0).sum(axis=0)).ravel()
    keep = np.sort(np.argsort(-df, kind="stable")[:3_000])
    sub = sub[:, keep]
    high = max(low, min(high, sub.shape[0] // 10))
    candidates = sorted(set(np.linspace(low, high, num=min(7, high - low + 1)).round().astype(int)))
    binary = (sub > 0).astype(np.float32).tocsc()
    rows = []
    for k in candidates:
        model = NMF(n_components=int(k), init="nndsvda", random_state=seed, max_iter=60, tol=1e-3)
        with warnings.catch_warnings():  # a rough fit is enough to compare candidates
            warnings.simplefilter("ignore", ConvergenceWarning)
            model.fit(sub)
        tops = [np.argsort(-c, kind="stable")[:10] for c in model.components_]
        rows.append((int(k), _npmi(binary, tops), float(model.reconstruction_err_)))
    table = pd.DataFrame(rows, columns=["k", "coherence", "error"])
    table["elbow"] = _kneedle(table["k"].to_numpy(float), table["error"].to_numpy(float))
    best = table.sort_values(["elbow", "k"], ascending=[False, True]).iloc[0]
    return int(best["k"]), table


def _kneedle(ks: np.ndarray, errors: np.ndarray) -> np.ndarray:
    """Return the Kneedle score of each point of a decreasing curve (the elbow has the maximum)."""
    if len(ks) < 3 or errors[0] == errors.min():
        return np.zeros(len(ks))
    x = (ks - ks[0]) / (ks[-1] - ks[0])
    gain = (errors[0] - errors) / (errors[0] - errors.min())
    return np.round(gain - x, 6)


def _npmi(binary, tops: list[np.ndarray]) -> float:
    """Mean NPMI of the top-term pairs of each topic, from document co-occurrence."""
    n = binary.shape[0]
    scores = []
    for top in tops:
        cols = binary[:, top]
        co = np.asarray((cols.T @ cols).todense(), dtype=np.float64) / n
        p = np.diag(co)
        values = []
        for i in range(len(top)):
            for j in range(i + 1, len(top)):
                pij = co[i, j]
                if pij <= 0:
                    values.append(-1.0)
                elif pij >= 1:
                    values.append(1.0)
                else:
                    values.append(np.log(pij / (p[i] * p[j])) / -np.log(pij))
        scores.append(np.mean(values) if values else 0.0)
    return float(np.mean(scores))
