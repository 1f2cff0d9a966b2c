"""Workbench: news articles into pandas, actors, topics and tone, charts and shareable reports.

The public verbs are imported lazily so that ``import workbench`` stays fast.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

#: public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "read_articles": "workbench.io",
    "load_registry": "workbench.registry",
    "extract_actors": "workbench.actors",
    "discover_actors": "workbench.discovery",
    "read_articles_with_rejects": "workbench.io",
    "write_articles": "workbench.io",
    "candidates_to_yaml": "workbench.discovery",
    "WorkbenchError": "workbench.errors",
    "ParseError": "workbench.errors",
    "open_store": "workbench.store",
    "ingest": "workbench.store",
    "render_report": "workbench.report",
    "load": "workbench.corpus",
    "Explorer": "workbench.widgets",
    "Corpus": "workbench.corpus",
    "FilterSpec": "workbench.corpus",
    "plot_timeline": "workbench.plot",
    "plot_ranked": "workbench.plot",
    "plot_cooccurrence": "workbench.plot",
    "plot_network": "workbench.plot",
    "plot_actor_topic": "workbench.plot",
    "plot_tone": "workbench.plot",
    "plot_small_multiples": "workbench.plot",
    "save_figure": "workbench.plot",
    "load_taxonomy": "workbench.topics",
    "tag_topics": "workbench.topics",
    "check_taxonomy": "workbench.topics",
    "learn_topics": "workbench.learned",
    "article_tone": "workbench.tone",
    "actor_tone": "workbench.tone",
    "generate_sample": "workbench.sample",
    "write_sample": "workbench.sample",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'workbench' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
