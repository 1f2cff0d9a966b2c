"""Shared fixtures: where the repository, the shared corpora and the sample corpus are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLE = REPO / "data" / "sample"

os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def repo_dir() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The third-party corpora beside the clone; tests that need them skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: the shared corpora (Reuters-21578, CoNLL) live there")
    return SHARED


@pytest.fixture(scope="session")
def seed_article(shared_dir: Path) -> Path:
    path = shared_dir / "examples" / "seed-article.txt"
    assert path.is_file(), f"{path} missing from ../shared"
    return path
