"""Registry loading: validation with file:line, stacking, date-aware holders, the check command."""

from __future__ import annotations

import argparse
import datetime as dt
import textwrap
from pathlib import Path

import pytest

from workbench.cli import registry as registry_cli
from workbench.errors import RegistryError
from workbench.registry import (
    ISO_ALPHA3,
    Registry,
    check_registry,
    default_registry_path,
    load_registry,
)

GOOD = """\
offices:
  - id: ISR.prime_minister
    title: Prime Minister of Israel
    country: ISR
    organization: null
    role: prime minister
    aliases: [Israeli premier]
actors:
  - id: ISR
    name: Israel
    kind: country
    country: ISR
    aliases: [State of Israel]
    demonyms: [Israeli, Israelis]
    capitals: [Jerusalem]
  - id: NOR
    name: Norway
    kind: country
    country: NOR
    aliases: [NO, Yes, on]
  - id: benjamin-netanyahu
    name: Benjamin Netanyahu
    kind: person
    country: ISR
    roles:
      - {office: ISR.prime_minister, start: 2022-12-29, end: null}
      - {office: ISR.prime_minister, start: 2009-03-31, end: 2021-06-13}
  - id: naftali-bennett
    name: Naftali Bennett
    kind: person
    country: ISR
    roles:
      - {office: ISR.prime_minister, start: 2021-06-13, end: 2022-06-30}
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return write(tmp_path, "good.yml", GOOD)


def test_iso_list_is_complete_and_has_kosovo() -> None:
    assert len(ISO_ALPHA3) == 250  # 249 ISO 3166-1 codes + XKX
    assert {"USA", "PSE", "TUR", "XKX", "SSD", "CUW"} <= ISO_ALPHA3
    assert "SUN" not in ISO_ALPHA3  # historical codes live in their own list


def test_load_valid_file(good: Path) -> None:
    reg = load_registry(good, include_default=False)
    assert isinstance(reg, Registry)
    assert len(reg) == 4 and set(reg.offices) == {"ISR.prime_minister"}
    isr = reg["ISR"]
    assert isr.demonyms == ("Israeli", "Israelis") and isr.capitals == ("Jerusalem",)
    assert reg["benjamin-netanyahu"].family_name == "Netanyahu"
    assert reg["benjamin-netanyahu"].origin == f"{good}:21"
    # YAML 1.1 would read NO/Yes/on as booleans; the registry keeps them as written
    assert reg["NOR"].aliases == ("NO", "Yes", "on")


def test_holders_follow_the_date(good: Path) -> None:
    reg = load_registry(good, include_default=False)

    def holder(day: dt.date | None) -> list[str]:
        return [a.id for a in reg.holders("ISR.prime_minister", day)]

    assert holder(dt.date(2026, 1, 27)) == ["benjamin-netanyahu"]
    assert holder(dt.date(2021, 7, 1)) == ["naftali-bennett"]
    assert holder(dt.date(2015, 1, 1)) == ["benjamin-netanyahu"]
    assert holder(dt.date(2022, 9, 1)) == []  # nobody in this small file
    assert holder(None) == ["benjamin-netanyahu"]  # current holder
    # hand-over day: the incoming holder first
    assert holder(dt.date(2021, 6, 13)) == ["naftali-bennett", "benjamin-netanyahu"]


def test_loading_is_cached_and_capitals_switch(good: Path) -> None:
    a = load_registry(good, include_default=False)
    assert load_registry(good, include_default=False) is a
    no_caps = load_registry(good, include_default=False, capitals=False)
    assert no_caps is not a and not no_caps.capitals and a.capitals
    assert no_caps.actors is a.actors or dict(no_caps.actors) == dict(a.actors)


def test_registry_pickles_without_its_cache(good: Path) -> None:
    import pickle

    from workbench.actors import matcher_for

    reg = load_registry(good, include_default=False, capitals=False)
    matcher_for(reg)
    copy = pickle.loads(pickle.dumps(reg))
    assert copy is not reg and dict(copy.actors) == dict(reg.actors)
    assert copy.offices == reg.offices and copy.sources == reg.sources
    assert copy.capitals is False and copy._cache == {}
    assert [a.id for a in copy.holders("ISR.prime_minister")] == ["benjamin-netanyahu"]


def test_packaged_registry_is_found_and_loads() -> None:
    path = default_registry_path()
    assert path.is_file(), path
    assert path.parts[-3:] == ("data", "registry", "actors.yml")
    reg = load_registry()
    assert {"USA", "ISR", "benjamin-netanyahu", "hamas", "gaza"} <= set(reg.actors)
    assert [p for p in check_registry(path) if p.severity == "error"] == []


def test_env_variable_overrides_default(good: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_REGISTRY", str(good))
    assert default_registry_path() == good
    assert set(load_registry().actors) == {"ISR", "NOR", "benjamin-netanyahu", "naftali-bennett"}


@pytest.mark.parametrize(
    ("snippet", "line", "words"),
    [
        ("  - id: X1\n    name: X\n    kind: person\n    colour: red\n", 4, "unknown key 'colour'"),
        ("  - id: X1\n    name: X\n    kind: politician\n", 3, "kind 'politician'"),
        ("  - id: X1\n    name: X\n    kind: person\n    country: ZZZ\n", 4, "'ZZZ'"),
        ("  - id: ABC\n    name: X\n    kind: country\n", 1, "not an ISO 3166"),
        (
            "  - id: X1\n    name: X\n    kind: person\n    roles:\n"
            "      - {office: NOPE.president, start: 2020-01-01}\n",
            5,
            "'NOPE.president'",
        ),
        (
            "  - id: X1\n    name: X\n    kind: person\n    valid_from: 2022-13-01\n",
            4,
            "invalid date",
        ),
        ("  - id: X1\n    name: X\n    kind: person\n    valid_from: soon\n", 4, "ISO date"),
        (
            "  - id: X1\n    name: X\n    kind: person\n    roles:\n"
            "      - {office: ISR.prime_minister, start: 2020-01-01, end: 2019-01-01}\n",
            5,
            "ends",
        ),
        ("  - id: X1\n    name: X\n    kind: person\n    aliases: [ok, '']\n", 4, "non-empty"),
        ("  - id: X1\n    name: X\n    kind: person\n    name: Y\n", 4, "duplicate key 'name'"),
        ("  - id: X1\n    name: X\n    kind: [person\n", 4, "not valid YAML"),
        ("  - name: X\n    kind: person\n", 1, "lacks an 'id'"),
    ],
)
def test_errors_name_file_and_line(
    tmp_path: Path, good: Path, snippet: str, line: int, words: str
) -> None:
    bad = write(tmp_path, "bad.yml", "# analyst file\nactors:\n" + snippet)
    with pytest.raises(RegistryError) as info:
        load_registry(good, bad, include_default=False)
    err = info.value
    assert err.origin == str(bad)
    assert err.line == line + 2, str(err)
    assert words in str(err)
    assert f"{bad}:{line + 2}:" in str(err)


def test_unknown_top_level_key_and_duplicate_id(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yml", "actor:\n  - id: X\n")
    with pytest.raises(RegistryError, match="unknown top-level key 'actor'"):
        load_registry(bad, include_default=False)
    dup = write(
        tmp_path,
        "dup.yml",
        "actors:\n  - {id: x, name: X, kind: person}\n  - {id: x, name: Y, kind: person}\n",
    )
    with pytest.raises(RegistryError, match=r"appears twice.*line 2") as info:
        load_registry(dup, include_default=False)
    assert info.value.line == 3


def test_missing_file_is_a_registry_error(tmp_path: Path) -> None:
    with pytest.raises(RegistryError, match="not found"):
        load_registry(tmp_path / "nope.yml", include_default=False)


def test_historical_codes(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "old.yml",
        """\
        historical_codes: {DEW: West Germany}
        actors:
          - {id: SUN, name: Soviet Union, kind: country, country: SUN, historical: true,
             valid_until: 1991-12-26, aliases: [USSR]}
          - {id: DEW, name: West Germany, kind: country, country: DEW, historical: true}
          - {id: QQQ, name: Nowhere, kind: country}
        """,
    )
    with pytest.raises(RegistryError, match="'QQQ'") as info:
        load_registry(path, include_default=False)
    assert info.value.line == 6
    path.write_text(path.read_text().replace("  - {id: QQQ, name: Nowhere, kind: country}\n", ""))
    reg = load_registry(path, include_default=False)
    assert reg["SUN"].valid_until == dt.date(1991, 12, 26) and reg["SUN"].historical
    assert "DEW" in reg.country_codes


def test_stacking_extends_and_overrides(tmp_path: Path, good: Path) -> None:
    mine = write(
        tmp_path,
        "mine.yml",
        """\
        actors:
          - id: ISR
            name: Israel
            kind: country
            aliases: [Israeli state]
          - id: naftali-bennett
            name: Naftali Bennett
            kind: person
            surname: Bennett
            replace: true
          - id: hamas
            name: Hamas
            kind: organization
            country: PSE
        """,
    )
    reg = load_registry(good, mine, include_default=False)
    assert reg["ISR"].aliases == ("State of Israel", "Israeli state")  # extended
    assert reg["ISR"].demonyms == ("Israeli", "Israelis")  # kept from the earlier file
    assert reg["naftali-bennett"].roles == ()  # replaced entirely
    assert reg["hamas"].kind == "organization"
    assert reg.sources == (str(good), str(mine))
    # the earlier file alone is untouched (registries are immutable)
    assert load_registry(good, include_default=False)["ISR"].aliases == ("State of Israel",)


def test_check_reports_duplicates_overlaps_and_codes(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "lint.yml",
        """\
        offices:
          - {id: USA.president, title: President of the United States, country: USA,
             role: president}
          - {id: USA.senator, title: US Senator, country: USA, role: senator, shared: true}
        actors:
          - {id: USA, name: United States, kind: country, country: USA, aliases: [US]}
          - {id: us-army, name: US Army, kind: organization, country: USA, aliases: [US]}
          - id: a
            name: Alice A
            kind: person
            roles:
              - {office: USA.president, start: 2020-01-01, end: 2024-01-01}
              - {office: USA.senator, start: 2010-01-01, end: null}
          - id: b
            name: Bob B
            kind: person
            roles:
              - {office: USA.president, start: 2024-01-01, end: null}
              - {office: USA.senator, start: 2010-01-01, end: null}
          - id: c
            name: Carol C
            kind: person
            country: XXX
            roles:
              - {office: USA.president, start: 2023-06-01, end: 2023-07-01}
        """,
    )
    problems = check_registry(path)
    text = "\n".join(str(p) for p in problems)
    errors = [p for p in problems if p.severity == "error"]
    assert any("'XXX'" in p.message and p.line == 23 for p in errors), text
    assert any("alias 'US' belongs to several actors: USA, us-army" in p.message for p in errors)
    overlaps = [p for p in errors if "overlap" in p.message]
    # a: 2020-2024 overlaps c (2023); b starts the day a ends: a hand-over, not an overlap;
    # senators share their office
    assert len(overlaps) == 1, text
    assert "a (2020-01-01..2024-01-01) and c" in overlaps[0].message
    assert overlaps[0].line == 25 and overlaps[0].path == str(path)


def test_duplicate_alias_of_ambiguous_actor_is_a_warning(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "amb.yml",
        """\
        actors:
          - {id: GEO, name: Georgia, kind: country, country: GEO, ambiguous: true}
          - {id: georgia-us, name: Georgia, kind: place, country: USA, ambiguous: true}
        """,
    )
    problems = check_registry(path)
    assert [p.severity for p in problems] == ["warning"]
    assert load_registry(path, include_default=False)["georgia-us"].ambiguous


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="workbench")
    sub = parser.add_subparsers(dest="command", required=True)
    registry_cli.add_parser(sub).set_defaults(_run=registry_cli.run)
    args = parser.parse_args(argv)
    return args._run(args)


def test_cli_check(tmp_path: Path, good: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["registry", "check", str(good), "--no-default"]) == 0
    out = capsys.readouterr()
    assert "0 error(s)" in out.err
    bad = write(tmp_path, "bad.yml", "actors:\n  - {id: x, name: X, kind: person, country: ZZ}\n")
    assert run_cli(["registry", "check", str(bad)]) == 1
    out = capsys.readouterr()
    assert f"{bad}:2: error: unknown country code 'ZZ'" in out.out
    warn = write(
        tmp_path,
        "warn.yml",
        "actors:\n  - {id: GEO, name: Georgia, kind: country, ambiguous: true}\n"
        "  - {id: ga, name: Georgia, kind: place, ambiguous: true}\n",
    )
    assert run_cli(["registry", "check", str(warn), "--no-default"]) == 0
    assert run_cli(["registry", "check", str(warn), "--no-default", "--strict"]) == 1
    # the packaged registry itself passes
    assert run_cli(["registry", "check"]) == 0


def test_check_reports_an_invalid_date_and_carries_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write(
        tmp_path,
        "dates.yml",
        """\
        actors:
          - id: x1
            name: X One
            kind: person
            valid_from: 2024-13-01
          - id: x2
            name: X Two
            kind: person
            country: ZZZ
            roles:
              - {office: NOPE.president, start: 2020-02-30}
        """,
    )
    problems = check_registry(bad)
    found = {(p.line, p.severity) for p in problems}
    text = "\n".join(map(str, problems))
    assert (5, "error") in found and (9, "error") in found and (11, "error") in found, text
    date = next(p for p in problems if p.line == 5)
    assert "valid_from: invalid date '2024-13-01'" in date.message and date.path == str(bad)
    assert any("role start: invalid date '2020-02-30'" in p.message for p in problems), text
    # the command line lists them all with file:line and exits 1 (not 2, as for unreadable YAML)
    assert run_cli(["registry", "check", str(bad), "--no-default"]) == 1
    out = capsys.readouterr().out
    assert f"{bad}:5: error: valid_from: invalid date '2024-13-01'" in out
    assert f"{bad}:9: error: unknown country code 'ZZZ'" in out
    assert f"{bad}:11: error: role start: invalid date '2020-02-30'" in out
    # loading still refuses the file, naming the first problem
    with pytest.raises(RegistryError, match="invalid date") as info:
        load_registry(bad, include_default=False)
    assert info.value.line == 5


def test_decomposed_names_are_stored_composed(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "nfd.yml",
        'actors:\n  - {id: TUR, name: "Tu\u0308rkiye", kind: country,\n'
        '     aliases: ["Tu\u0308rkei"]}\n',
    )
    tur = load_registry(path, include_default=False)["TUR"]
    assert tur.name == "Türkiye" and tur.aliases == ("Türkei",)
