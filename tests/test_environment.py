"""environment.yml (conda-forge) must carry the same dependencies as pyproject.toml."""

from __future__ import annotations

import re
import tomllib

import yaml
from conftest import REPO

# PyPI name -> conda-forge name where the two differ
CONDA_NAMES = {"pyyaml": "pyyaml"}
REQ = re.compile(r"^\s*([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?\s*([<>=!~][^;#]*)?")


def _parse(requirement: str) -> tuple[str, str | None]:
    match = REQ.match(requirement)
    assert match, f"cannot parse requirement {requirement!r}"
    name = re.sub(r"[-_.]+", "-", match.group(1)).lower()
    bounds = match.group(2)
    if bounds is not None:  # ">=3.10, <3.11" -> ">=3.10,<3.11"
        bounds = ",".join(sorted(part.strip() for part in bounds.split(",")))
    return CONDA_NAMES.get(name, name), bounds


def _pyproject() -> dict[str, str | None]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        reqs.extend(extra)
    out: dict[str, str | None] = {}
    for req in reqs:
        name, bound = _parse(req)
        assert out.get(name, bound) == bound, (
            f"{name} has two different version bounds in pyproject.toml"
        )
        out[name] = bound
    out["python"] = project["requires-python"]
    return out


def _environment() -> dict[str, str | None]:
    env = yaml.safe_load((REPO / "environment.yml").read_text())
    assert env["channels"] == ["conda-forge"]
    out: dict[str, str | None] = {}
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            for req in dep["pip"]:
                name, bound = _parse(req)
                out[name] = bound
        elif dep != "pip":
            name, bound = _parse(dep)
            out[name] = bound
    return out


def test_environment_yml_matches_pyproject():
    py, env = _pyproject(), _environment()
    assert sorted(set(py) - set(env)) == [], "in pyproject.toml but not environment.yml"
    assert sorted(set(env) - set(py)) == [], "in environment.yml but not pyproject.toml"
    differ = {n: (py[n], env[n]) for n in py if py[n] != env[n]}
    assert differ == {}, "version bounds differ (pyproject, environment.yml)"


def test_every_extra_is_in_all():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    everything = {_parse(r)[0] for r in extras["all"]}
    for extra, reqs in extras.items():
        if extra in ("all", "test"):
            continue
        missing = {_parse(r)[0] for r in reqs} - everything
        assert not missing, f"extra {extra!r} has {missing} that 'all' lacks"
