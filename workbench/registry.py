"""Actor registry: actors with aliases, kinds, affiliations and dated offices, loaded from YAML.

The registry is curated data (``data/registry/actors.yml`` plus any number of analyst files stacked
on top). Files are read with a safe YAML loader that keeps line numbers, so every validation problem
names its file and line. A loaded :class:`Registry` is immutable; the matching engine in
:mod:`workbench.actors` builds its automaton once per registry and caches it on the object.

Stacking: files are applied in order; an entry (actor or office) whose ``id`` already exists extends
the earlier entry: scalar keys given in the later entry override, list keys (``aliases``,
``demonyms``, ``capitals``, ``former_names``, ``roles``) are appended without duplicates. An entry
with ``replace: true`` replaces the earlier one entirely (a backward-compatible extension of the
schema).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pandas as pd
import yaml

from workbench.errors import RegistryError

#: Actor kinds the registry accepts.
KINDS: tuple[str, ...] = ("person", "organization", "country", "place", "group")

#: Current ISO 3166-1 alpha-3 codes (249) plus Kosovo's user-assigned XKX.
ISO_ALPHA3: frozenset[str] = frozenset(
    """ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD
    BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN CCK CHE CHL CHN CIV CMR COD
    COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST
    ETH FIN FJI FLK FRA FRO FSM GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM
    GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ
    KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX
    MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM NCL NER NFK NGA NIC NIU NLD
    NOR NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA
    SAU SDN SEN SGP SGS SHN SJM SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR
    TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN
    VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE XKX""".split()
)

#: Former codes (ISO 3166-3 and common usage) for historical states such as the USSR (SUN),
#: East Germany (DDR), Yugoslavia (YUG) and Czechoslovakia (CSK). A registry file may add more
#: under its top-level ``historical_codes`` mapping (code -> name).
HISTORICAL_ALPHA3: frozenset[str] = frozenset(
    """SUN DDR YUG CSK SCG ANT BUR ZAR TMP YMD VDR DHY HVO RHO NTZ PCZ PCI ATB ATN BYS CTE GEL JTN
    MID NHB PUS SKM WAK AFI FXX DEW BRD FRG""".split()
)

_LIST_KEYS = ("aliases", "demonyms", "capitals", "former_names")
ACTOR_KEYS: frozenset[str] = frozenset(
    {
        "id", "name", "kind", "country", *_LIST_KEYS, "valid_from", "valid_until", "historical",
        "surname", "roles", "ambiguous", "notes", "replace",
    }
)  # fmt: skip
OFFICE_KEYS: frozenset[str] = frozenset(
    {"id", "title", "country", "organization", "role", "aliases", "shared", "notes", "replace"}
)
ROLE_KEYS: frozenset[str] = frozenset({"office", "start", "end", "notes"})
TOP_KEYS: frozenset[str] = frozenset({"offices", "actors", "historical_codes"})

#: Environment variable naming a registry file to use instead of the packaged one.
ENV_DEFAULT = "WORKBENCH_REGISTRY"


# --------------------------------------------------------------------------- the objects


@dataclass(frozen=True)
class Problem:
    """One finding of registry validation, with its file and line."""

    severity: str  # "error" or "warning"
    message: str
    path: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}: " if self.line is not None else f"{self.path}: "
        return f"{where if self.path else ''}{self.severity}: {self.message}"


@dataclass(frozen=True)
class Role:
    """One term of an actor in an office; ``end`` None means still in office."""

    office: str
    start: dt.date | None = None
    end: dt.date | None = None
    origin: str = ""

    def covers(self, day: dt.date | None) -> bool:
        """Return True when the term includes ``day`` (None: the term is current)."""
        if day is None:
            return self.end is None
        if self.start is not None and day < self.start:
            return False
        return self.end is None or day <= self.end


@dataclass(frozen=True)
class Office:
    """An office whose holders change over time (e.g. ``ISR.prime_minister``)."""

    id: str
    title: str
    role: str
    country: str | None = None
    organization: str | None = None
    aliases: tuple[str, ...] = ()
    shared: bool = False  # several holders at once (e.g. a senator); exempts it from overlap checks
    origin: str = ""


@dataclass(frozen=True)
class Actor:
    """A person, organisation, country, place or group with the names it goes by."""

    id: str
    name: str
    kind: str
    country: str | None = None
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    capitals: tuple[str, ...] = ()
    former_names: tuple[str, ...] = ()
    surname: str | None = None
    roles: tuple[Role, ...] = ()
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    historical: bool = False
    ambiguous: bool = False
    notes: str = ""
    origin: str = ""

    @property
    def family_name(self) -> str | None:
        """The surname used for surname-only mentions (persons only)."""
        if self.kind != "person":
            return None
        if self.surname:
            return self.surname
        words = self.name.split()
        return words[-1] if len(words) > 1 else None


class Registry:
    """An immutable set of actors and offices, loaded by :func:`load_registry`.

    Parameters
    ----------
    actors, offices
        Mappings from id to :class:`Actor` / :class:`Office`, in file order.
    sources
        The files it was loaded from, in stacking order.
    capitals
        Whether capitals count as stand-ins for their governments (``how="capital"``).
    """

    def __init__(
        self,
        actors: Mapping[str, Actor],
        offices: Mapping[str, Office],
        sources: Iterable[str] = (),
        *,
        capitals: bool = True,
        historical_codes: Iterable[str] = (),
    ) -> None:
        self._actors = MappingProxyType(dict(actors))
        self._offices = MappingProxyType(dict(offices))
        self._sources = tuple(sources)
        self._capitals = bool(capitals)
        self._codes = frozenset(historical_codes)
        self._holders: dict[str, list[tuple[Role, Actor]]] = {}
        for actor in self._actors.values():
            for role in actor.roles:
                self._holders.setdefault(role.office, []).append((role, actor))
        self._cache: dict[Any, Any] = {}  # derived structures (the matcher); safe: immutable

    # -- pickling (Dask ships the registry to workers; the matcher is rebuilt there, once)
    def __getstate__(self) -> dict[str, Any]:
        return {
            "actors": dict(self._actors),
            "offices": dict(self._offices),
            "sources": self._sources,
            "capitals": self._capitals,
            "codes": self._codes,
        }

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(  # type: ignore[misc]
            state["actors"],
            state["offices"],
            state["sources"],
            capitals=state["capitals"],
            historical_codes=state["codes"],
        )

    # -- read access
    @property
    def actors(self) -> Mapping[str, Actor]:
        """Actors by id (read-only)."""
        return self._actors

    @property
    def offices(self) -> Mapping[str, Office]:
        """Offices by id (read-only)."""
        return self._offices

    @property
    def sources(self) -> tuple[str, ...]:
        """Files loaded, in stacking order."""
        return self._sources

    @property
    def capitals(self) -> bool:
        """Whether capital names count as mentions of their country."""
        return self._capitals

    @property
    def country_codes(self) -> frozenset[str]:
        """Every country code this registry accepts (ISO, historical, file-declared)."""
        return ISO_ALPHA3 | HISTORICAL_ALPHA3 | self._codes

    def __len__(self) -> int:
        return len(self._actors)

    def __iter__(self) -> Iterator[Actor]:
        return iter(self._actors.values())

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._actors

    def __getitem__(self, actor_id: str) -> Actor:
        return self._actors[actor_id]

    def __repr__(self) -> str:
        return (
            f"<Registry {len(self._actors)} actors, {len(self._offices)} offices "
            f"from {len(self._sources)} file(s)>"
        )

    def holders(self, office: str, on: dt.date | None = None) -> list[Actor]:
        """Return who held ``office`` on day ``on`` (None: current holders), latest start first.

        Parameters
        ----------
        office
            An office id such as ``"ISR.prime_minister"``.
        on
            The day; None means "now" (terms with no end).

        Returns
        -------
        list of Actor
            Usually zero or one actor; several for ``shared`` offices or on a hand-over day.
        """
        terms = [(r, a) for r, a in self._holders.get(office, []) if r.covers(on)]
        terms.sort(key=lambda ra: ra[0].start or dt.date.min, reverse=True)
        return [a for _, a in terms]

    def with_capitals(self, capitals: bool) -> Registry:
        """Return this registry with capital stand-ins switched on or off (shares the data)."""
        if capitals == self._capitals:
            return self
        key = ("with_capitals", capitals)
        if key not in self._cache:
            self._cache[key] = Registry(
                self._actors,
                self._offices,
                self._sources,
                capitals=capitals,
                historical_codes=self._codes,
            )
        return self._cache[key]

    def to_frame(self) -> pd.DataFrame:
        """Return one row per actor: id, name, kind, country, aliases, demonyms, ... origin."""
        rows = [
            {
                "actor_id": a.id,
                "actor": a.name,
                "kind": a.kind,
                "country": a.country,
                "aliases": list(a.aliases),
                "demonyms": list(a.demonyms),
                "capitals": list(a.capitals),
                "former_names": list(a.former_names),
                "surname": a.family_name,
                "offices": [r.office for r in a.roles],
                "historical": a.historical,
                "ambiguous": a.ambiguous,
                "origin": a.origin,
            }
            for a in self._actors.values()
        ]
        return pd.DataFrame(rows)


# --------------------------------------------------------------------------- YAML with lines


class _Map(dict):
    """A mapping that remembers the line of itself and of each key."""

    line: int = 0
    lines: dict[Any, int]


class _Seq(list):
    """A sequence that remembers the line of itself and of each item."""

    line: int = 0
    lines: list[int]


_BASE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml parses ~10x faster


class _Loader(_BASE_LOADER):
    """Safe loader with YAML 1.2 booleans (so ``NO`` or ``on`` stay strings) and line marks."""

    path: str = "<string>"


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    result = _Map()
    result.line = node.start_mark.line + 1
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str | int | float | bool | None):
            raise RegistryError(
                "mapping keys must be plain words",
                origin=loader.path,
                line=key_node.start_mark.line + 1,
            )
        if key in result:
            raise RegistryError(
                f"duplicate key {key!r} (first on line {result.lines[key]})",
                origin=loader.path,
                line=key_node.start_mark.line + 1,
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> _Seq:
    result = _Seq(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


class _BadDate(str):
    """A date-shaped scalar that is no date ("2024-13-01"), kept so that checking carries on.

    The validator reports it where a date is expected (with its own line); elsewhere it is the
    text as written.
    """

    line: int = 0
    reason: str = ""


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as exc:
        bad = _BadDate(node.value)
        bad.line = node.start_mark.line + 1
        bad.reason = str(exc)
        return bad


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def _read_yaml(path: str, text: str) -> Any:
    loader = _Loader(text)
    loader.path = path
    try:
        node = loader.get_single_node()
        return loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        reason = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise RegistryError(f"not valid YAML: {reason}", origin=path, line=line) from None
    except yaml.YAMLError as exc:
        raise RegistryError(f"not valid YAML: {exc}", origin=path) from None
    finally:
        loader.dispose()


# --------------------------------------------------------------------------- validation


@dataclass
class _Collector:
    """Gathers problems while a set of files is read."""

    problems: list[Problem] = field(default_factory=list)

    def error(self, message: str, path: str, line: int | None) -> None:
        self.problems.append(Problem("error", message, path, line))

    def warning(self, message: str, path: str, line: int | None) -> None:
        self.problems.append(Problem("warning", message, path, line))


def _nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC, the form the matcher scans (names typed decomposed)."""
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _line_of(entry: Any, key: str | None = None) -> int | None:
    if isinstance(entry, _Map):
        if key is not None and key in entry.lines:
            return entry.lines[key]
        return entry.line
    return None


def _as_date(value: Any, what: str, path: str, line: int | None, out: _Collector) -> Any:
    if value is None:
        return None
    if isinstance(value, _BadDate):
        out.error(f"{what}: invalid date {str(value)!r} ({value.reason})", path, value.line)
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    out.error(f"{what} must be an ISO date (YYYY-MM-DD) or null; got {value!r}", path, line)
    return None


def _as_strings(entry: _Map, key: str, path: str, out: _Collector) -> list[tuple[str, int | None]]:
    """Return the (text, line) items of a list-of-strings key, reporting bad items."""
    value = entry.get(key)
    if value is None:
        return []
    line = _line_of(entry, key)
    if isinstance(value, str):
        value = [value]  # a single alias written without brackets: accept it
    if not isinstance(value, list):
        out.error(f"{key} must be a list of strings; got {type(value).__name__}", path, line)
        return []
    items = []
    lines = getattr(value, "lines", [line] * len(value))
    for item, item_line in zip(value, lines, strict=False):
        if not isinstance(item, str) or not item.strip():
            out.error(f"{key} items must be non-empty strings; got {item!r}", path, item_line)
            continue
        items.append((_nfc(item.strip()), item_line))
    return items


def _check_code(
    value: Any, what: str, path: str, line: int | None, codes: frozenset[str], out: _Collector
) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or value not in codes:
        out.error(
            f"unknown country code {value!r} in {what} (expected an ISO 3166 alpha-3 code such "
            "as 'ISR', 'XKX', or a historical code listed under historical_codes)",
            path,
            line,
        )
        return None
    return value


@dataclass
class _Raw:
    """One actor or office entry as read, with where it came from."""

    data: dict[str, Any]
    path: str
    line: int | None
    lines: dict[str, int | None]


def _read_file(path: Path, out: _Collector) -> tuple[list[_Raw], list[_Raw], dict[str, str]]:
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise RegistryError("registry file not found", origin=name) from None
    except UnicodeDecodeError as exc:
        raise RegistryError(f"registry file is not UTF-8 ({exc.reason})", origin=name) from None
    doc = _read_yaml(name, text)
    if doc is None:
        return [], [], {}
    if not isinstance(doc, dict):
        out.error("a registry file must be a mapping with 'offices' and/or 'actors'", name, 1)
        return [], [], {}
    for key in doc:
        if key not in TOP_KEYS:
            out.error(
                f"unknown top-level key {key!r}; allowed: {', '.join(sorted(TOP_KEYS))}",
                name,
                _line_of(doc, key),
            )
    codes: dict[str, str] = {}
    declared = doc.get("historical_codes") or {}
    if not isinstance(declared, dict):
        out.error(
            "historical_codes must be a mapping code -> name",
            name,
            _line_of(doc, "historical_codes"),
        )
    else:
        for code, label in declared.items():
            if not (isinstance(code, str) and re.fullmatch(r"[A-Z]{3}", code)):
                out.error(
                    f"historical code {code!r} must be 3 capital letters",
                    name,
                    _line_of(declared, code),
                )
            else:
                codes[code] = str(label)
    sections = []
    for section in ("offices", "actors"):
        entries = doc.get(section) or []
        raws: list[_Raw] = []
        if not isinstance(entries, list):
            out.error(f"{section} must be a list of entries", name, _line_of(doc, section))
            entries = []
        for i, entry in enumerate(entries):
            line = getattr(entries, "lines", [None] * len(entries))[i]
            if not isinstance(entry, dict):
                out.error(f"each entry of {section} must be a mapping; got {entry!r}", name, line)
                continue
            ident = entry.get("id")
            if not isinstance(ident, str) or not ident.strip():
                out.error(f"an entry of {section} lacks an 'id' (string)", name, line)
                continue
            lines = dict(getattr(entry, "lines", {}))
            raws.append(_Raw(dict(entry), name, getattr(entry, "line", line), lines))
        sections.append(raws)
    return sections[0], sections[1], codes


def _merge(entries: list[_Raw], kind: str, out: _Collector) -> dict[str, _Raw]:
    merged: dict[str, _Raw] = {}
    seen_in_file: dict[tuple[str, str], int | None] = {}
    for raw in entries:
        ident = raw.data["id"]
        key = (raw.path, ident)
        if key in seen_in_file:
            out.error(
                f"{kind} id {ident!r} appears twice in this file "
                f"(first on line {seen_in_file[key]})",
                raw.path,
                raw.line,
            )
            continue
        seen_in_file[key] = raw.line
        earlier = merged.get(ident)
        if earlier is None or raw.data.get("replace") is True:
            merged[ident] = raw
            continue
        data = dict(earlier.data)
        lines = dict(earlier.lines)
        for k, v in raw.data.items():
            if (
                k in (*_LIST_KEYS, "roles")
                and isinstance(v, list)
                and isinstance(data.get(k), list)
            ):
                combined = _Seq(data[k])
                combined.lines = list(getattr(data[k], "lines", [earlier.line] * len(data[k])))
                for item, item_line in zip(
                    v, getattr(v, "lines", [raw.line] * len(v)), strict=False
                ):
                    if item not in combined:
                        combined.append(item)
                        combined.lines.append(item_line)
                data[k] = combined
            else:
                data[k] = v
            lines[k] = raw.lines.get(k, raw.line)
        # the stacked entry is reported at the later file (where the analyst edits)
        merged[ident] = _Raw(data, raw.path, raw.line, lines)
    return merged


def _build_office(raw: _Raw, codes: frozenset[str], out: _Collector) -> Office | None:
    d, path = raw.data, raw.path
    for key in d:
        if key not in OFFICE_KEYS:
            out.error(
                f"unknown key {key!r} in office {d['id']!r}; "
                f"allowed: {', '.join(sorted(OFFICE_KEYS))}",
                path,
                raw.lines.get(key, raw.line),
            )
    entry = _Map(d)
    entry.line, entry.lines = raw.line or 0, raw.lines
    role = d.get("role")
    if not isinstance(role, str) or not role.strip():
        out.error(f"office {d['id']!r} needs a 'role' (e.g. 'prime minister')", path, raw.line)
        role = ""
    title = str(d["title"]) if isinstance(d.get("title"), str) else d["id"]
    country = _check_code(
        d.get("country"),
        f"office {d['id']!r}",
        path,
        raw.lines.get("country", raw.line),
        codes,
        out,
    )
    org = d.get("organization")
    if org is not None and not isinstance(org, str):
        out.error("organization must be an actor id or null", path, raw.lines.get("organization"))
        org = None
    return Office(
        id=d["id"],
        title=_nfc(title),
        role=_nfc(role.strip()),
        country=country,
        organization=org,
        aliases=tuple(t for t, _ in _as_strings(entry, "aliases", path, out)),
        shared=d.get("shared") is True,
        origin=f"{path}:{raw.line}",
    )


def _build_actor(raw: _Raw, codes: frozenset[str], out: _Collector) -> Actor | None:
    d, path = raw.data, raw.path
    ident = d["id"]
    for key in d:
        if key not in ACTOR_KEYS:
            out.error(
                f"unknown key {key!r} in actor {ident!r}; allowed: {', '.join(sorted(ACTOR_KEYS))}",
                path,
                raw.lines.get(key, raw.line),
            )
    entry = _Map(d)
    entry.line, entry.lines = raw.line or 0, raw.lines
    name = d.get("name")
    if not isinstance(name, str) or not name.strip():
        out.error(f"actor {ident!r} needs a 'name' (string)", path, raw.line)
        return None
    kind = d.get("kind")
    if kind not in KINDS:
        out.error(
            f"actor {ident!r} has kind {kind!r}; allowed: {', '.join(KINDS)}",
            path,
            raw.lines.get("kind", raw.line),
        )
        return None
    if kind == "country" and ident not in codes:
        out.error(
            f"country actor id {ident!r} is not an ISO 3166 alpha-3 code "
            "(or a declared historical code)",
            path,
            raw.line,
        )
    country = _check_code(
        d.get("country"), f"actor {ident!r}", path, raw.lines.get("country", raw.line), codes, out
    )
    valid_from = _as_date(d.get("valid_from"), "valid_from", path, raw.lines.get("valid_from"), out)
    valid_until = _as_date(
        d.get("valid_until"), "valid_until", path, raw.lines.get("valid_until"), out
    )
    if valid_from and valid_until and valid_until < valid_from:
        out.error(
            f"actor {ident!r}: valid_until is before valid_from", path, raw.lines.get("valid_until")
        )
    for flag in ("historical", "ambiguous", "replace"):
        if flag in d and not isinstance(d[flag], bool):
            out.error(f"{flag} must be true or false; got {d[flag]!r}", path, raw.lines.get(flag))
    surname = d.get("surname")
    if surname is not None and (not isinstance(surname, str) or not surname.strip()):
        out.error("surname must be a non-empty string", path, raw.lines.get("surname"))
        surname = None
    roles = []
    value = d.get("roles") or []
    if not isinstance(value, list):
        out.error("roles must be a list of {office, start, end}", path, raw.lines.get("roles"))
        value = []
    for item, line in zip(value, getattr(value, "lines", [raw.line] * len(value)), strict=False):
        if not isinstance(item, dict) or not isinstance(item.get("office"), str):
            out.error(f"each role needs an 'office' id; got {item!r}", path, line)
            continue
        for key in item:
            if key not in ROLE_KEYS:
                out.error(
                    f"unknown key {key!r} in a role; allowed: {', '.join(sorted(ROLE_KEYS))}",
                    path,
                    line,
                )
        start = _as_date(item.get("start"), "role start", path, line, out)
        end = _as_date(item.get("end"), "role end", path, line, out)
        if start and end and end < start:
            out.error(
                f"role in {item['office']!r} ends ({end}) before it starts ({start})", path, line
            )
        roles.append(Role(item["office"], start, end, origin=f"{path}:{line}"))
    notes = d.get("notes")
    return Actor(
        id=ident,
        name=_nfc(name.strip()),
        kind=kind,
        country=country,
        aliases=tuple(t for t, _ in _as_strings(entry, "aliases", path, out)),
        demonyms=tuple(t for t, _ in _as_strings(entry, "demonyms", path, out)),
        capitals=tuple(t for t, _ in _as_strings(entry, "capitals", path, out)),
        former_names=tuple(t for t, _ in _as_strings(entry, "former_names", path, out)),
        surname=_nfc(surname.strip()) if isinstance(surname, str) else None,
        roles=tuple(roles),
        valid_from=valid_from,
        valid_until=valid_until,
        historical=d.get("historical") is True,
        ambiguous=d.get("ambiguous") is True,
        notes=str(notes) if isinstance(notes, str) else "",
        origin=f"{path}:{raw.line}",
    )


def _cross_check(
    actors: dict[str, Actor],
    offices: dict[str, Office],
    raw_actors: dict[str, _Raw],
    raw_offices: dict[str, _Raw],
    out: _Collector,
) -> None:
    for office in offices.values():
        if office.organization is not None and office.organization not in actors:
            raw = raw_offices[office.id]
            out.error(
                f"office {office.id!r} names organization {office.organization!r}, "
                "which is not an actor",
                raw.path,
                raw.lines.get("organization", raw.line),
            )
    for actor in actors.values():
        for role in actor.roles:
            if role.office not in offices:
                path, _, line = role.origin.rpartition(":")
                out.error(
                    f"actor {actor.id!r} holds office {role.office!r}, "
                    "which is not defined under 'offices'",
                    path,
                    int(line) if line.isdigit() else None,
                )
    del raw_actors


def lint(registry: Registry) -> list[Problem]:
    """Return the consistency problems of a loaded registry (they do not stop loading).

    Checks: one surface form (name, alias or former name) given to two actors (an error, or a
    warning when one of them is marked ``ambiguous``); demonyms or capitals shared by two actors
    (warnings); overlapping terms of one office (errors, except for ``shared`` offices;
    a hand-over on the same day is not an overlap).

    Parameters
    ----------
    registry
        A loaded registry.

    Returns
    -------
    list of Problem
        In file order.
    """
    problems: list[Problem] = []
    owners: dict[str, list[Actor]] = {}
    soft: dict[str, list[Actor]] = {}
    for actor in registry:
        for form in dict.fromkeys((actor.name, *actor.aliases, *actor.former_names)):
            owners.setdefault(form, []).append(actor)
        for form in dict.fromkeys((*actor.demonyms, *actor.capitals)):
            soft.setdefault(form, []).append(actor)

    def where(actor: Actor) -> tuple[str, int | None]:
        path, _, line = actor.origin.rpartition(":")
        return path, int(line) if line.isdigit() else None

    for form, actors in owners.items():
        if len(actors) > 1:
            ids = ", ".join(a.id for a in actors)
            severity = "warning" if any(a.ambiguous for a in actors) else "error"
            path, line = where(actors[-1])
            problems.append(
                Problem(severity, f"alias {form!r} belongs to several actors: {ids}", path, line)
            )
    for form, actors in soft.items():
        if len(actors) > 1:
            path, line = where(actors[-1])
            ids = ", ".join(a.id for a in actors)
            problems.append(
                Problem("warning", f"demonym/capital {form!r} shared by {ids}", path, line)
            )
    for office_id, office in registry.offices.items():
        if office.shared:
            continue
        terms = sorted(
            ((r, a) for a in registry for r in a.roles if r.office == office_id),
            key=lambda ra: ra[0].start or dt.date.min,
        )
        for i, (role_a, actor_a) in enumerate(terms):
            for role_b, actor_b in terms[i + 1 :]:
                a_end = role_a.end or dt.date.max
                b_start = role_b.start or dt.date.min
                if b_start < a_end:
                    path, _, line = role_b.origin.rpartition(":")
                    problems.append(
                        Problem(
                            "error",
                            f"terms in office {office_id!r} overlap: {actor_a.id} "
                            f"({role_a.start}..{role_a.end or 'now'}) and {actor_b.id} "
                            f"({role_b.start}..{role_b.end or 'now'})",
                            path,
                            int(line) if line.isdigit() else None,
                        )
                    )
    return problems


# --------------------------------------------------------------------------- loading


def default_registry_path() -> Path:
    """Return the packaged registry file.

    Looked up in order: the ``WORKBENCH_REGISTRY`` environment variable; ``workbench/data/
    registry/actors.yml`` inside an installed wheel; ``data/registry/actors.yml`` at the root of the
    source tree that holds the ``workbench`` package (an editable install or a checkout).

    Returns
    -------
    pathlib.Path
        The first candidate that exists (the last candidate when none does).
    """
    env = os.environ.get(ENV_DEFAULT)
    if env:
        return Path(env)
    package = Path(__file__).resolve().parent
    candidates = [
        package / "data" / "registry" / "actors.yml",
        package.parent / "data" / "registry" / "actors.yml",
    ]
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    return candidates[-1]


def _collect(paths: Iterable[str | os.PathLike[str]], out: _Collector) -> Registry:
    all_offices: list[_Raw] = []
    all_actors: list[_Raw] = []
    declared: dict[str, str] = {}
    sources = []
    for p in paths:
        path = Path(p)
        offices, actors, codes = _read_file(path, out)
        all_offices += offices
        all_actors += actors
        declared.update(codes)
        sources.append(str(path))
    codes = ISO_ALPHA3 | HISTORICAL_ALPHA3 | frozenset(declared)
    raw_offices = _merge(all_offices, "office", out)
    raw_actors = _merge(all_actors, "actor", out)
    offices = {}
    for ident, raw in raw_offices.items():
        office = _build_office(raw, codes, out)
        if office is not None:
            offices[ident] = office
    actors = {}
    for ident, raw in raw_actors.items():
        actor = _build_actor(raw, codes, out)
        if actor is not None:
            actors[ident] = actor
    _cross_check(actors, offices, raw_actors, raw_offices, out)
    return Registry(actors, offices, sources, historical_codes=declared)


_LOADED: dict[tuple[Any, ...], Registry] = {}


def load_registry(
    *paths: str | os.PathLike[str], include_default: bool = True, capitals: bool = True
) -> Registry:
    """Load, validate and stack actor registry files.

    Parameters
    ----------
    *paths
        Registry YAML files (schema: ``offices`` and ``actors``), applied in order on top of the
        packaged registry; a later entry with the same id extends or overrides an earlier one.
    include_default
        Start from the packaged ``data/registry/actors.yml`` (see :func:`default_registry_path`).
    capitals
        Count capital names ("Washington", "Moscow") as stand-ins for their governments
        (``how="capital"``); False drops those mentions.

    Returns
    -------
    Registry
        Immutable; loading the same unchanged files again returns the cached object, so the
        matcher built for it is reused.

    Raises
    ------
    RegistryError
        On the first validation error, naming its file and line (and how many more there are):
        bad YAML, unknown keys, kinds, country codes, dates, roles naming undefined offices.
    """
    files = [default_registry_path()] if include_default else []
    files += [Path(p) for p in paths]
    if not files:
        raise RegistryError("no registry files given and include_default=False")
    key = tuple((str(f.resolve()), _mtime(f)) for f in files)
    registry = _LOADED.get(key)
    if registry is None:
        out = _Collector()
        registry = _collect(files, out)
        errors = [p for p in out.problems if p.severity == "error"]
        if errors:
            first = errors[0]
            more = (
                f" (and {len(errors) - 1} more; run 'workbench registry check')"
                if len(errors) > 1
                else ""
            )
            raise RegistryError(first.message + more, origin=first.path, line=first.line)
        _LOADED[key] = registry
    return registry.with_capitals(capitals)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return -1


def check_registry(*paths: str | os.PathLike[str], include_default: bool = False) -> list[Problem]:
    """Validate registry files and list every problem found (does not raise on content errors).

    Parameters
    ----------
    *paths
        Files to check, stacked in order.
    include_default
        Stack them on the packaged registry first (so an analyst file may reference its offices).

    Returns
    -------
    list of Problem
        Schema errors (unknown keys, kinds, codes, dates, undefined offices), then the findings of
        :func:`lint` (duplicate aliases, overlapping terms, shared demonyms).

    Raises
    ------
    RegistryError
        When a file is missing or is not YAML at all (nothing further can be checked).
    """
    files = [Path(p) for p in paths]
    if include_default:
        default = default_registry_path()
        if default.is_file() and all(f.resolve() != default.resolve() for f in files):
            files.insert(0, default)
    out = _Collector()
    registry = _collect(files, out)
    return out.problems + lint(registry)
