"""A tiny hand-built corpus whose counts can be checked by eye (shared by the corpus tests).

Hand counts (articles / mentions):
Hamas 3/4 (a1 a3 a5), Israel 3/4 (a1 a3 a5), Gaza 2/2 (a1 a3), United States 2/2 (a1 a4),
Iran 1/2 (a2), China 1/2 (a4), Rafah 1/2 (a3), Benjamin Netanyahu 1/1, IAEA 1/1, Qatar 1/1.
Weeks (Monday): 2026-01-05: a1 a2; 2026-01-12: a3; 2026-02-02: a4 a5; 2026-02-16: a6.
Topics: gaza-ceasefire a1 a3 a5; iran-nuclear a2; trade-tariffs a4; a6 none.
"""

from __future__ import annotations

import re

import pandas as pd

from workbench.schema import article_text

ACTORS = {
    "Hamas": ("hamas", "Hamas", "organization", "PSE"),
    "Israel": ("ISR", "Israel", "country", "ISR"),
    "Benjamin Netanyahu": ("benjamin-netanyahu", "Benjamin Netanyahu", "person", "ISR"),
    "United States": ("USA", "United States", "country", "USA"),
    "Iran": ("IRN", "Iran", "country", "IRN"),
    "IAEA": ("iaea", "IAEA", "organization", None),
    "Rafah": ("rafah", "Rafah", "place", "PSE"),
    "Gaza": ("gaza", "Gaza", "place", "PSE"),
    "China": ("CHN", "China", "country", "CHN"),
    "Qatar": ("QAT", "Qatar", "country", "QAT"),
}

ARTICLES = [
    # id, date, source, title, body, tone, actors named, topics
    (
        "a1",
        "2026-01-05",
        "Reuters",
        "Ceasefire talks in Gaza",
        "Hamas and Israel agreed to talks. Benjamin Netanyahu said the ceasefire holds.\n"
        "The United States welcomed it.",
        0.5,
        ["Gaza", "Hamas", "Israel", "Benjamin Netanyahu", "United States"],
        [("gaza-ceasefire", 0.9)],
    ),
    (
        "a2",
        "2026-01-07",
        "AP",
        "Iran nuclear talks stall",
        "Iran rejected the offer. The IAEA said inspectors were blocked.",
        -0.4,
        ["Iran", "IAEA"],
        [("iran-nuclear", 0.8)],
    ),
    (
        "a3",
        "2026-01-14",
        "Reuters",
        "Strikes in Rafah",
        "Israel struck Rafah. Hamas fired rockets. Gaza residents fled.",
        -0.8,
        ["Rafah", "Israel", "Hamas", "Gaza"],
        [("gaza-ceasefire", 0.4)],
    ),
    (
        "a4",
        "2026-02-02",
        "MENAFN",
        "Trade tariffs rise",
        "The United States raised tariffs on China. China said it would respond.",
        -0.1,
        ["United States", "China"],
        [("trade-tariffs", 0.7)],
    ),
    (
        "a5",
        "2026-02-03",
        "AP",
        "Hamas and Israel resume ceasefire talks",
        "Mediators from Qatar met Hamas. Israel sent a delegation to Cairo.",
        0.2,
        ["Hamas", "Israel", "Qatar"],
        [("gaza-ceasefire", 0.6)],
    ),
    (
        "a6",
        "2026-02-20",
        "Reuters",
        "Weather report",
        "Sunny skies expected over the West Bank.",
        0.3,
        [],
        [],
    ),
]


def frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Return (articles, mentions, topics) of the tiny corpus, mentions found by exact search."""
    articles = pd.DataFrame(
        {
            "article_id": [a[0] for a in ARTICLES],
            "date": pd.to_datetime([a[1] for a in ARTICLES], utc=True),
            "title": [a[3] for a in ARTICLES],
            "body": [a[4] for a in ARTICLES],
            "source": [a[2] for a in ARTICLES],
            "url": [f"https://example.org/{a[0]}" for a in ARTICLES],
            "ref": [str(i) for i in range(len(ARTICLES))],
            "origin": [f"tiny.txt:{i + 1}" for i in range(len(ARTICLES))],
            "n_words": [len((a[3] + " " + a[4]).split()) for a in ARTICLES],
            "n_copies": [1] * len(ARTICLES),
            "origins": [[f"tiny.txt:{i + 1}"] for i in range(len(ARTICLES))],
            "tone": [a[5] for a in ARTICLES],
        }
    )
    texts = article_text(articles)
    rows = []
    for (article_id, *_rest, names, _topics), text in zip(ARTICLES, texts, strict=True):
        for name in names:
            actor_id, actor, kind, country = ACTORS[name]
            for match in re.finditer(rf"\b{re.escape(name)}\b", text):
                rows.append(
                    (
                        article_id,
                        actor_id,
                        actor,
                        kind,
                        country,
                        match.group(),
                        match.start(),
                        match.end(),
                        "alias",
                    )
                )
    mentions = pd.DataFrame(
        rows,
        columns=[
            "article_id",
            "actor_id",
            "actor",
            "kind",
            "country",
            "surface",
            "start",
            "end",
            "how",
        ],
    ).sort_values(["article_id", "start"], ignore_index=True)
    mentions["start"] = mentions["start"].astype("int64")
    mentions["end"] = mentions["end"].astype("int64")
    topics = pd.DataFrame(
        [(a[0], topic, score, "taxonomy") for a in ARTICLES for topic, score in a[7]],
        columns=["article_id", "topic", "score", "method"],
    )
    return articles, mentions, topics


class Taxonomy:
    """Two levels: middle-east > gaza-ceasefire, iran-nuclear; economy > trade-tariffs."""

    children = {
        "middle-east": ["gaza-ceasefire", "iran-nuclear"],
        "economy": ["trade-tariffs"],
    }

    @property
    def topic_ids(self) -> list[str]:
        return [*self.children, *(c for cs in self.children.values() for c in cs)]

    def descendants(self, topic: str) -> list[str]:
        out = []
        for child in self.children.get(topic, []):
            out.append(child)
            out.extend(self.descendants(child))
        return out


def tiny():
    """Return the tiny corpus as a :class:`workbench.corpus.Corpus` with the taxonomy."""
    from workbench.corpus import Corpus

    articles, mentions, topics = frames()
    return Corpus(articles, mentions, topics, taxonomy=Taxonomy())
