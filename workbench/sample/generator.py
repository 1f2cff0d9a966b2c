"""The sample-corpus engine: compiled templates, dated form tables and the per-article loop.

Templates (see :mod:`workbench.sample.stories`) are compiled once into lists of literal parts and
slots. For every story, the days are cut into segments within which the valid templates and the
role holders do not change; for every (story, segment, source) a form table holds each cast
member's written forms (first mention, later mention, possessive, role only, ...) together with the
ground-truth mention records they produce. Generating an article is then a handful of random picks
and string joins: no per-word Python work.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from workbench.sample import facts
from workbench.sample.stories import (
    GENERIC_BODIES,
    GENERIC_CLOSERS,
    QUOTE_FORMS,
    STORIES,
    Story,
)

START = "2024-12-01"
END = "2026-11-20"

# --------------------------------------------------------------------------------------------
# Actors


@dataclass(frozen=True)
class Actor:
    """An actor of the sample world, with the ground-truth fields written to ``truth.jsonl``."""

    id: str
    name: str
    kind: str
    country: str | None
    short: str | None = None  # later-mention form (persons: surname; organisations: acronym)
    takes_the: bool = False
    demonym: str | None = None
    capital: str | None = None
    aliases: tuple[str, ...] = ()
    gender: str | None = None


def _build_actors() -> dict[str, Actor]:
    actors: dict[str, Actor] = {}
    for cid, name, dem, cap, aliases in facts.COUNTRIES:
        the = name in {"United States", "United Kingdom", "United Arab Emirates", "Netherlands"}
        actors[cid] = Actor(cid, name, "country", cid, None, the, dem, cap, aliases)
    for oid, name, short, the, country in facts.ORGANIZATIONS:
        actors[oid] = Actor(oid, name, "organization", country, short, the)
    for pid, name, aliases, the, country in facts.PLACES:
        actors[pid] = Actor(pid, name, "place", country, None, the, aliases=aliases)
    for gid, name, country in facts.GROUPS:
        actors[gid] = Actor(gid, name, "group", country)
    for pid, name, short, gender, country in facts.PERSONS:
        actors[pid] = Actor(pid, name, "person", country, short, gender=gender)
    return actors


ACTORS: dict[str, Actor] = _build_actors()
_COUNTRY_IDS = frozenset(c[0] for c in facts.COUNTRIES)

# --------------------------------------------------------------------------------------------
# House styles of the sources


@dataclass(frozen=True)
class Source:
    """A source's house style: lead tag, headline case, spelling and paragraphing habits."""

    tag: str
    title_case: bool
    us_dots: bool  # "U.S." rather than "US"
    honorific: bool  # "Mr. Netanyahu" on later mentions
    turkey: bool  # writes "Turkey" for Türkiye
    straight_quotes: bool
    said: tuple[str, ...]
    para: tuple[int, ...]  # sentences per paragraph, drawn per paragraph
    regional: float  # weight for regional (Middle East / Africa) stories


SOURCES: tuple[Source, ...] = (
    Source("GNW", True, False, False, False, False,
           ("stated", "said", "noted", "emphasized", "said", "highlighted"), (1, 1, 2), 3.0),
    Source("Meridian", False, True, True, True, False,
           ("said", "said", "said", "told reporters"), (1, 2, 2), 1.0),
    Source("Levant Daily", True, False, False, False, False,
           ("said", "confirmed", "stressed", "said"), (2, 2, 3), 3.0),
    Source("Nordwire", False, False, False, True, True, ("said", "said", "added"), (1,), 1.0),
    Source("Eastbridge", True, True, False, False, False,
           ("said", "remarked", "pointed out", "said"), (1, 2, 3), 1.0),
    Source("Atlantic Ledger", False, False, False, True, False,
           ("said", "told reporters", "said", "added"), (2,), 1.0),
)

_STRAIGHT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def _style_text(src: Source, text: str) -> str:
    if src.us_dots:
        text = re.sub(r"\bUS\b", "U.S.", text)
    if src.turkey:
        text = text.replace("Türkiye", "Turkey")
    if src.straight_quotes:
        text = text.translate(_STRAIGHT)
    return text


# --------------------------------------------------------------------------------------------
# A lexicon of every written form, so literal template text records its mentions too.


def _trie_regex(words: list[str]) -> str:
    """Return a regular expression matching any of ``words``, longest first, as a trie."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, Any]) -> str:
        ends = "" in node
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if ends else body

    return build(trie)


def _lexicon() -> tuple[re.Pattern[str], dict[str, tuple[str, str]]]:
    forms: dict[str, tuple[str, str]] = {}
    ambiguous = {"Lee", "Kim", "Xi", "Wang", "Lai", "Costa", "Austin", "Harris", "Cooper",
                 "Barrack", "Francis", "Abbas", "Salam", "Kennedy", "Huang"}
    for a in ACTORS.values():
        if a.kind == "person":
            forms.setdefault(a.name, (a.id, "name"))
            if a.short and a.short not in ambiguous:
                forms.setdefault(a.short, (a.id, "surname"))
            continue
        forms.setdefault(a.name, (a.id, "name"))
        if a.short:
            forms.setdefault(a.short, (a.id, "alias"))
        for alias in a.aliases:
            forms.setdefault(alias.removeprefix("the "), (a.id, "alias"))
        if a.demonym:
            forms.setdefault(a.demonym, (a.id, "demonym"))
        if a.capital:
            forms.setdefault(a.capital, (a.id, "capital"))
    forms.setdefault("Turkey", ("TUR", "alias"))
    forms.setdefault("U.S.", ("USA", "alias"))
    forms.setdefault("US", ("USA", "alias"))
    forms.setdefault("Houthi", ("houthis", "alias"))
    forms.setdefault("Kremlin", ("RUS", "metonym"))
    pattern = re.compile(rf"(?<![\w\-])(?:{_trie_regex(list(forms))})(?![\w\-]|\.\w)")
    return pattern, forms


_LEX_RE, _LEX = _lexicon()


def scan(text: str, how: str | None = None) -> tuple[tuple[str, str, str], ...]:
    """Return ``(actor_id, surface, how)`` for every known written form in literal ``text``.

    Parameters
    ----------
    text
        Literal text (template words, phrases, quotes).
    how
        Override of the "how" of every match (e.g. ``"title"`` inside a person's title).

    Returns
    -------
    tuple
        The mentions, in order of appearance.
    """
    out = []
    for m in _LEX_RE.finditer(text):
        surface = m.group()
        actor_id, kind = _LEX[surface]
        out.append((actor_id, surface, how or kind))
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Template compilation

_SLOT = re.compile(r"\{([^{}]+)\}")
_SMALL = frozenset(
    "a an the and or but of in on at to for with as by over from after amid into vs via nor "
    "is are".split()
)
_WORD = re.compile(r"(?<![\w’'\-])([a-z])([\w’'\-]*)")


def _title_case(text: str, first: bool) -> str:
    def repl(m: re.Match[str]) -> str:
        word = m.group(0)
        if word in _SMALL and not (first and m.start() == 0):
            return word
        return m.group(1).upper() + m.group(2)

    return _WORD.sub(repl, text)


@dataclass(frozen=True)
class Template:
    """A compiled template: parts, literal mentions, extra topics and validity window."""

    parts: tuple[Any, ...]
    fixed: tuple[tuple[str, str, str], ...]
    topics: tuple[str, ...]
    since: str | None
    until: str | None
    letters: frozenset[str]


def compile_template(spec: Any, *, title: bool = False, title_case: bool = False) -> Template:
    """Compile one template (a string or ``(since, until, text, topics)``).

    Parameters
    ----------
    spec
        The template as written in :mod:`workbench.sample.stories`.
    title
        Compile as a headline: cast members in their short headline forms.
    title_case
        Capitalise the literal words (headline house style).

    Returns
    -------
    Template
        The compiled template.
    """
    if isinstance(spec, str):
        since, until, text, topics = None, None, spec, ()
    else:
        since, until, text, topics = spec
    parts: list[Any] = []
    fixed: list[tuple[str, str, str]] = []
    letters = set()
    pos = 0
    for m in _SLOT.finditer(text):
        literal = text[pos : m.start()].replace("'", "’")
        if literal:
            if title_case:
                literal = _title_case(literal, first=pos == 0)
            parts.append(literal)
            fixed.extend(scan(literal))
        token = m.group(1)
        cap = m.start() == 0
        if token.startswith("#"):
            parts.append((1, token[1:], "", cap))
        else:
            letter, form = token, ""
            if token.endswith("'s"):
                letter, form = token[:-2], "'s"
            elif "." in token:
                letter, form = token.split(".", 1)
            if title:
                form = {"": "hl", "'s": "hl's", "sur": "hl"}.get(form, form)
            if form not in {"", "'s", "role", "name", "dem", "cap", "hl", "hl's", "sur"}:
                raise ValueError(f"unknown slot form {token!r} in template {text!r}")
            letters.add(letter)
            parts.append((0, letter, form, cap))
        pos = m.end()
    literal = text[pos:].replace("'", "’")
    if literal:
        if title_case:
            literal = _title_case(literal, first=pos == 0)
        parts.append(literal)
        fixed.extend(scan(literal))
    return Template(tuple(parts), tuple(fixed), tuple(topics), since, until, frozenset(letters))


# --------------------------------------------------------------------------------------------
# Forms of one cast member at one date in one house style

Opt = tuple[str, str, tuple[tuple[str, str, str], ...], tuple[tuple[str, str, str], ...]]


def _opt(text: str, mentions: tuple[tuple[str, str, str], ...], src: Source) -> Opt:
    text = _style_text(src, text)
    mentions = tuple((a, _style_text(src, s), h) for a, s, h in mentions)
    cap_text = text[:1].upper() + text[1:]
    cap_mentions = mentions
    if cap_text != text:
        head = text.split(" ", 1)[0]
        cap_head = cap_text.split(" ", 1)[0]
        cap_mentions = tuple(
            (a, cap_head + s[len(head):] if s.startswith(head) else s, h) for a, s, h in mentions
        )
    return (text, cap_text, mentions, cap_mentions)


def _poss(text: str) -> str:
    return text + ("’" if text.endswith("s") else "’s")


def _the(actor: Actor, text: str) -> str:
    return "the " + text if actor.takes_the and actor.kind == "country" else text


def _person_forms(role_key: str, day: str, src: Source) -> dict[str, Any] | None:
    prefix, prefix_actor, office, role_only, fmt, holders = facts.ROLES[role_key]
    for held in holders:
        if (held[1] is None or held[1] <= day) and (held[2] is None or day < held[2]):
            pid, _start, _end, office_ovr, role_ovr = held
            break
    else:
        return None
    person = ACTORS[pid]
    office = office_ovr or office
    role_only = role_ovr or role_only
    full = fmt.format(prefix=prefix, office=office, name=person.name).strip()
    head = full[: full.index(person.name)]
    title_m = tuple((a, s, "title") for a, s, _h in scan(head))
    name_m = ((pid, person.name, "name"),)
    role_text = role_only
    role_m = tuple((a, s, "title") for a, s, _h in scan(role_text))
    role_m = role_m + ((pid, role_text.removeprefix("the "), "role"),)
    short = person.short or person.name
    short_m = ((pid, short, "surname"),)
    later = [_opt(short, short_m, src)] * 6
    if src.honorific and person.gender and short.split(" ")[0] not in {
        "Sheikh", "Prince", "King", "Pope"
    }:
        hon = "Mr." if person.gender == "m" else "Ms."
        later = [_opt(f"{hon} {short}", short_m, src)] * 6
    later += [_opt(role_text, role_m, src)] * 2 + [_opt(person.name, name_m, src)]
    full_opt = _opt(full, title_m + name_m, src)
    first = [full_opt, full_opt, full_opt]
    if head.strip() and prefix_actor in _COUNTRY_IDS:
        # "Netanyahu, the Israeli prime minister," is rarer; a bare name with the office is common
        first.append(_opt(f"{office} {person.name}" if office and office[0].isupper()
                          else full, (name_m if office and office[0].isupper()
                                      else title_m + name_m), src))
    poss_first = [_opt(_poss(full), title_m + name_m, src)]
    poss_later = [_opt(_poss(short), ((pid, short, "possessive"),), src)]
    return {
        "": (first, later),
        "'s": (poss_first, poss_later),
        "role": ([_opt(role_text, role_m, src)],) * 2,
        "name": ([_opt(person.name, name_m, src)], [_opt(short, short_m, src)]),
        "hl": ([_opt(short, short_m, src)],) * 2,
        "hl's": ([_opt(_poss(short), ((pid, short, "possessive"),), src)],) * 2,
        "dem": ([_opt(short, short_m, src)],) * 2,
        "cap": ([_opt(short, short_m, src)],) * 2,
    }


def _thing_forms(actor: Actor, src: Source) -> dict[str, Any]:
    a = actor
    name_opt = _opt(_the(a, a.name), ((a.id, a.name, "name"),), src)
    names = [name_opt] * 3
    for alias in a.aliases:
        names.append(_opt(alias, ((a.id, alias.removeprefix("the "), "alias"),), src))
    if a.id == "TUR":
        names.append(_opt("Türkiye", ((a.id, "Türkiye", "name"),), src))
    if a.short:
        short_opt = _opt(a.short, ((a.id, a.short, "alias"),), src)
        first, later = [name_opt], [short_opt] * 3 + [name_opt]
        hl = short_opt
    else:
        first, later = names, names
        hl = name_opt
    if a.id in {"USA", "GBR", "ARE"}:
        hl = _opt({"USA": "US", "GBR": "UK", "ARE": "UAE"}[a.id],
                  ((a.id, {"USA": "US", "GBR": "UK", "ARE": "UAE"}[a.id], "alias"),), src)
    if a.demonym:
        dem = _opt(a.demonym, ((a.id, a.demonym, "demonym"),), src)
    elif a.id == "houthis":
        dem = _opt("Houthi", ((a.id, "Houthi", "alias"),), src)
    else:
        dem = hl
    cap = _opt(a.capital, ((a.id, a.capital, "capital"),), src) if a.capital else name_opt
    caps = [cap, cap, cap, name_opt] if a.capital else [name_opt]
    if a.id == "RUS":
        caps.append(_opt("the Kremlin", ((a.id, "Kremlin", "metonym"),), src))
    if a.id == "USA":
        poss = [_opt("Washington’s", ((a.id, "Washington", "capital"),), src),
                _opt("America’s", ((a.id, "America", "alias"),), src)]
    else:
        poss = [_opt(_poss(_the(a, a.name)), ((a.id, a.name, "possessive"),), src)]
    poss_later = poss
    if a.short:
        poss_later = [_opt(_poss(a.short), ((a.id, a.short, "possessive"),), src)]
    return {
        "": (first, later),
        "'s": (poss, poss_later),
        "role": (first, later),
        "name": (first, later),
        "hl": ([hl], [hl]),
        "hl's": ([_opt(_poss(hl[0]), hl[2], src)],) * 2,
        "dem": ([dem], [dem]),
        "cap": (caps, caps),
    }


def _holding(role_key: str, day: str) -> int | None:
    for i, (_p, start, end, _o, _r) in enumerate(facts.ROLES[role_key][5]):
        if (start is None or start <= day) and (end is None or day < end):
            return i
    return None


@cache
def _cached_person_forms(role_key: str, holding: int | None, src_index: int) -> Any:
    if holding is None:
        return None
    start = facts.ROLES[role_key][5][holding][1] or "1900-01-01"
    return _person_forms(role_key, start, SOURCES[src_index])


@cache
def _static_forms(actor_id: str, src_index: int) -> dict[str, Any]:
    return _thing_forms(ACTORS[actor_id], SOURCES[src_index])


# --------------------------------------------------------------------------------------------
# Stories compiled into dated segments


def _days(start: str, end: str) -> list[dt.date]:
    d0, d1 = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    return [d0 + dt.timedelta(days=i) for i in range((d1 - d0).days + 1)]


def _repair(template: str, pair: tuple[str, str]) -> str:
    """Rename the persons A and B of a shared template to the story's ``pair``."""
    if pair == ("A", "B"):
        return template
    marked = re.sub(r"\{([AB])(?=[.'}])", r"{\1@", template)
    return marked.replace("{A@", "{" + pair[0]).replace("{B@", "{" + pair[1])


class CompiledStory:
    """One story with its templates compiled for both headline styles and its day segments."""

    def __init__(self, story: Story, index: int) -> None:
        self.story = story
        self.index = index
        self.topic = story.topic
        cast = story.cast
        for letter, spec in cast.items():
            if spec not in facts.ROLES and spec not in ACTORS:
                raise ValueError(f"story {story.topic}: cast {letter}={spec!r} is unknown")
        self.titles = {
            tc: [compile_template(t, title=True, title_case=tc) for t in story.titles]
            for tc in (False, True)
        }
        self.leads = [compile_template(t) for t in story.leads]
        generic = [_repair(t, story.pair) for t in GENERIC_BODIES] if story.generic else []
        self.bodies = [compile_template(t) for t in story.bodies + generic]
        self.context = [compile_template(t) for t in story.context]
        self.closers = [compile_template(t) for t in GENERIC_CLOSERS]
        self.quotes = [
            (q[0], q[1], scan(q[1]), *(q[2:] if len(q) > 2 else (None, None)))
            for q in story.quotes
        ]
        self.phrases = [(p.replace("'", "’"), scan(p)) for p in story.phrases]
        for group in (self.leads, self.bodies, self.context, *self.titles.values()):
            for t in group:
                unknown = t.letters - set(cast)
                if unknown:
                    raise ValueError(f"story {story.topic}: template uses {sorted(unknown)} "
                                     f"not in its cast: {t.parts}")
        # segment boundaries: template windows and role changes of the cast
        bounds = {START}
        for t in [*self.leads, *self.bodies, *self.context, *self.titles[False]]:
            bounds.update(b for b in (t.since, t.until) if b)
        for q in self.quotes:
            bounds.update(b for b in q[3:] if b)
        for spec in cast.values():
            if spec in facts.ROLES:
                for _p, s, e, _o, _r in facts.ROLES[spec][5]:
                    bounds.update(b for b in (s, e) if b)
        self.bounds = sorted(b for b in bounds if START <= b <= "2099")

    def segment_of(self, day: str) -> int:
        """Return the index of the segment containing ``day``."""
        return bisect.bisect_right(self.bounds, day) - 1

    @cache  # noqa: B019 - one instance per story, kept for the process
    def pools(self, segment: int, src_index: int) -> dict[str, Any]:
        """Return the valid templates and the form table for one segment and source."""
        day = self.bounds[segment]
        src = SOURCES[src_index]
        forms: dict[str, Any] = {}
        for letter, spec in self.story.cast.items():
            if spec in facts.ROLES:
                f = _cached_person_forms(spec, _holding(spec, day), src_index)
                if f is not None:
                    forms[letter] = f
            else:
                forms[letter] = _static_forms(spec, src_index)

        def ok(t: Template) -> bool:
            return ((t.since is None or t.since <= day) and (t.until is None or day < t.until)
                    and t.letters <= forms.keys())

        def bind(ts: list[Template]) -> list[Any]:
            return [_bind(t, forms) for t in ts if ok(t)]

        titles = bind(self.titles[src.title_case])
        leads = bind(self.leads)
        # a headline that names someone the lead names, when the story has one
        for_lead = []
        for lead in leads:
            fitting = [t for t in titles if t[1].letters & lead[1].letters]
            for_lead.append(fitting or titles)
        pools = {
            "titles": titles,
            "titles_for_lead": for_lead,
            "leads": leads,
            "bodies": bind(self.bodies),
            "context": bind(self.context),
            "closers": bind(self.closers),
            "quotes": [(q[0], q[1], q[2], forms[q[0]][""][0][0][2][-1][0])
                       for q in self.quotes if q[0] in forms
                       and (q[3] is None or q[3] <= day) and (q[4] is None or day < q[4])],
            "forms": forms,
        }
        for key in ("titles", "leads", "bodies"):
            if not pools[key]:
                raise ValueError(f"story {self.topic} has no valid {key} on {day}")
        return pools


COMPILED: list[CompiledStory] = [CompiledStory(s, i) for i, s in enumerate(STORIES)]
_ADJ = ("positive", "constructive", "productive", "useful", "frank")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# --------------------------------------------------------------------------------------------
# Intensity curves and the schedule of (day, story)


def intensity(start: str = START, end: str = END) -> tuple[list[dt.date], np.ndarray]:
    """Return the days and a (days x stories) matrix of story intensity.

    Each story's curve interpolates its keypoints linearly (flat before the first and after the
    last), plus a small floor, squared so that peaks stand out; weekends carry
    60 % of a weekday's volume.

    Parameters
    ----------
    start, end
        ISO dates, inclusive.

    Returns
    -------
    tuple
        ``(days, weights)``.
    """
    days = _days(start, end)
    ordinal = np.array([d.toordinal() for d in days], dtype=float)
    cols = []
    for story in STORIES:
        xs = [dt.date.fromisoformat(d).toordinal() for d, _ in story.curve]
        ys = [float(v) for _, v in story.curve]
        cols.append((np.interp(ordinal, xs, ys) + 0.2) ** 2)
    weights = np.column_stack(cols)
    weekday = np.array([d.weekday() for d in days])
    weights *= np.where(weekday >= 5, 0.6, 1.0)[:, None]
    return days, weights


def schedule(n: int, seed: int, start: str, end: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Draw the date, story and source of ``n`` articles, in date order.

    Returns
    -------
    tuple
        ``(iso_days, day_index, story_index, source_index)`` where ``iso_days`` lists every day.
    """
    days, weights = intensity(start, end)
    rng = np.random.default_rng(seed)
    p = weights.ravel() / weights.sum()
    cells = rng.choice(p.size, size=n, p=p)
    cells.sort(kind="stable")
    n_stories = weights.shape[1]
    day_idx = cells // n_stories
    story_idx = cells % n_stories
    # interleave stories within a day (sorting by cell grouped them)
    key = day_idx * 1.0 + rng.random(n) * 0.5
    order = np.argsort(key, kind="stable")
    day_idx, story_idx = day_idx[order], story_idx[order]
    src_w = np.array([[s.regional if st.regional else 1.0 for s in SOURCES] for st in STORIES])
    cum = np.cumsum(src_w / src_w.sum(axis=1, keepdims=True), axis=1)
    u = rng.random(n)
    src_idx = (u[:, None] > cum[story_idx]).sum(axis=1)
    src_idx = np.minimum(src_idx, len(SOURCES) - 1)
    return [d.isoformat() for d in days], day_idx, story_idx, src_idx


# --------------------------------------------------------------------------------------------
# The article loop


_NUM_SLOTS = frozenset({"day", "T", "said", "n", "N", "pct", "usd", "adj", "q"})


class _Ctx:
    """Per-article state while rendering: first mentions, collected mentions, slot values."""

    __slots__ = ("intro", "mentions", "weekday", "said", "phrases", "quote", "speaker")

    def __init__(self, weekday: int, said: tuple[str, ...], phrases: list) -> None:
        self.intro: set[str] = set()
        self.mentions: list[tuple[str, str, str]] = []
        self.weekday = weekday
        self.said = said
        self.phrases = phrases
        self.quote: tuple[str, tuple] = ("", ())
        self.speaker: Any = None


def _slot(name: str, ctx: _Ctx, rnd: Any) -> tuple[str, tuple]:
    if name == "T":
        return ctx.phrases[int(rnd() * len(ctx.phrases))]
    if name == "day":
        return _WEEKDAYS[(ctx.weekday - (1 if rnd() < 0.4 else 0)) % 7], ()
    if name == "said":
        return ctx.said[int(rnd() * len(ctx.said))], ()
    if name == "q":
        return ctx.quote
    if name == "n":
        return str(2 + int(rnd() * 10)), ()
    if name == "N":
        return str(15 + int(rnd() * 900)), ()
    if name == "pct":
        return f"{0.5 + rnd() * 4:.1f}", ()
    if name == "usd":
        return str(58 + int(rnd() * 25)), ()
    return _ADJ[int(rnd() * len(_ADJ))], ()  # adj


def _bind(t: Template, forms: dict[str, Any]) -> tuple[tuple[Any, ...], Template, tuple]:
    """Resolve a template's actor slots to their option lists for one form table.

    Bound parts are literal strings, ``(first, later, key, introduces, cap)`` for cast members,
    ``(None, name, cap)`` for number slots and ``(False, form, cap)`` for the quote speaker. A
    cast member with a single written form becomes literal text (its mentions are returned
    apart), so rendering does less work per article.
    """
    bound: list[Any] = []
    extra: list[tuple[str, str, str]] = []
    for p in t.parts:
        if p.__class__ is str:
            piece = p
        else:
            kind, key, form, cap = p
            if kind == 1:
                if key not in _NUM_SLOTS:
                    raise ValueError(f"unknown slot {{#{key}}} in {t.parts}")
                bound.append((None, key, cap))
                continue
            if key == "@":
                bound.append((False, form, cap))
                continue
            first, later = forms[key][form]
            only = first[0]
            if not all(o is only for o in first) or not all(o is only for o in later):
                bound.append((first, later, key, form in ("", "'s", "name"), cap))
                continue
            piece = only[1] if cap else only[0]
            extra.extend(only[3] if cap else only[2])
        if bound and bound[-1].__class__ is str:
            bound[-1] += piece
        else:
            bound.append(piece)
    return tuple(bound), t, tuple(extra)


def _render(bound: tuple[tuple[Any, ...], Template, tuple], ctx: _Ctx, rnd: Any,
            forms: dict[str, Any] | None = None) -> str:
    parts, t, extra = bound
    out = []
    append = out.append
    ments = ctx.mentions
    intro = ctx.intro
    for p in parts:
        if p.__class__ is str:
            append(p)
            continue
        first = p[0]
        if first is None:
            text, extra = _slot(p[1], ctx, rnd)
            if p[2]:
                text = text[:1].upper() + text[1:]
            append(text)
            if extra:
                ments.extend(extra)
            continue
        if first is False:  # the quote speaker
            key = ctx.speaker
            first, later = forms[key][p[1]]  # type: ignore[index]
            p = (first, later, key, p[1] in ("", "'s", "name"), p[2])
        first, later, key, introduces, cap = p
        if key in intro:
            opts = later
        else:
            opts = first
            if introduces:
                intro.add(key)
        opt = opts[int(rnd() * len(opts))] if len(opts) > 1 else opts[0]
        if cap:
            append(opt[1])
            ments.extend(opt[3])
        else:
            append(opt[0])
            ments.extend(opt[2])
    ments.extend(t.fixed)
    if extra:
        ments.extend(extra)
    return "".join(out)


_QUOTE_BOUND = [_bind(compile_template(q), {}) for q in QUOTE_FORMS]


def _pick(seq: list, rnd: Any) -> Any:
    return seq[int(rnd() * len(seq))]


def generate_records(
    n: int, *, seed: int = 0, start: str = START, end: str = END
) -> Iterator[dict[str, Any]]:
    """Yield ``n`` articles with their ground truth, in date order.

    Parameters
    ----------
    n
        Number of articles (exact and near duplicates included).
    seed
        Seed of every random draw: the same seed gives the same articles.
    start, end
        ISO dates bounding the corpus (inclusive).

    Yields
    ------
    dict
        ``ref``, ``date``, ``source``, ``title``, ``paragraphs`` (body lines), ``story``,
        ``topics``, ``actors``, ``quotes``, ``duplicate_of``, ``near_duplicate_of``.
    """
    iso_days, day_idx, story_idx, src_idx = schedule(n, seed, start, end)
    weekdays = [dt.date.fromisoformat(d).weekday() for d in iso_days]
    rng = random.Random(seed)
    rnd = rng.random
    dup_next: dict[str, Any] | None = None
    near_next: dict[str, Any] | None = None
    day_list = day_idx.tolist()
    story_list = story_idx.tolist()
    src_list = src_idx.tolist()
    for i in range(n):
        ref = str(i + 1)
        if dup_next is not None:
            rec = dict(dup_next, ref=ref, duplicate_of=dup_next["ref"], near_duplicate_of=None)
            dup_next = None
        elif near_next is not None:
            rec = _near_copy(near_next, ref, rnd)
            near_next = None
        else:
            d = day_list[i]
            rec = _article(COMPILED[story_list[i]], iso_days[d], weekdays[d], src_list[i], ref,
                           rnd)
            r = rnd()
            if r < 0.015:
                dup_next = rec
            elif r < 0.045:
                near_next = rec
        yield rec


def _article(story: CompiledStory, day: str, weekday: int, src_index: int, ref: str,
             rnd: Any) -> dict:
    src = SOURCES[src_index]
    pools = story.pools(story.segment_of(day), src_index)
    forms = pools["forms"]
    ctx = _Ctx(weekday, src.said, story.phrases)
    lead_index = int(rnd() * len(pools["leads"]))
    title = _render(_pick(pools["titles_for_lead"][lead_index], rnd), ctx, rnd)
    title_mentions = ctx.mentions
    ctx.mentions = []
    ctx.intro = set()
    topics = [story.topic]
    sentences: list[str] = []
    sentence_m: list[list] = []
    quotes_out: list[dict[str, str]] = []

    def add(bound: tuple[tuple[Any, ...], Template, tuple]) -> None:
        ctx.mentions = []
        sentences.append(_render(bound, ctx, rnd, forms))
        sentence_m.append(ctx.mentions)
        for extra in bound[1].topics:
            if extra not in topics:
                topics.append(extra)

    def add_quote() -> None:
        letter, words, ments, speaker_id = picked_quotes.pop()
        ctx.quote = (words, ments)
        ctx.speaker = letter
        add(_pick(_QUOTE_BOUND, rnd))
        quotes_out.append({"speaker": speaker_id, "text": words})

    add(pools["leads"][lead_index])
    bodies = pools["bodies"]
    k = min(len(bodies), 3 + int(rnd() * 4))
    chosen = rng_sample(bodies, k, rnd)
    n_quotes = 0
    if pools["quotes"]:
        u = rnd()
        n_quotes = min(len(pools["quotes"]), 1 if u < 0.6 else (2 if u < 0.8 else 0))
    picked_quotes = rng_sample(pools["quotes"], n_quotes, rnd)  # never the same words twice
    quote_at = sorted(int(rnd() * (k + 1)) for _ in range(n_quotes))
    qi = 0
    for j, t in enumerate(chosen):
        while qi < n_quotes and quote_at[qi] == j:
            add_quote()
            qi += 1
        add(t)
    while qi < n_quotes:
        add_quote()
        qi += 1
    if pools["context"] and rnd() < 0.6:
        add(_pick(pools["context"], rnd))
    if rnd() < 0.3:
        add(_pick(pools["closers"], rnd))
    paragraphs: list[str] = []
    para_m: list[list] = []
    para = src.para
    pos = 0
    n_sent = len(sentences)
    while pos < n_sent:
        size = para[int(rnd() * len(para))] if len(para) > 1 else para[0]
        if size == 1:
            paragraphs.append(sentences[pos])
            para_m.append(sentence_m[pos])
        else:
            paragraphs.append(" ".join(sentences[pos : pos + size]))
            para_m.append([m for ms in sentence_m[pos : pos + size] for m in ms])
        pos += size
    paragraphs[0] = f"({src.tag}) {paragraphs[0]}"
    if src.straight_quotes:
        title = title.translate(_STRAIGHT)
        paragraphs = [p.translate(_STRAIGHT) for p in paragraphs]
    return {
        "ref": ref,
        "date": day,
        "source": src.tag,
        "title": title,
        "paragraphs": paragraphs,
        "_mentions": (title_mentions, para_m),
        "story": story.topic,
        "topics": topics,
        "quotes": quotes_out,
        "duplicate_of": None,
        "near_duplicate_of": None,
    }


def rng_sample(seq: list, k: int, rnd: Any) -> list:
    """Pick ``k`` distinct items of ``seq`` in random order (partial Fisher-Yates)."""
    pool = list(seq)
    n = len(pool)
    for i in range(k):
        j = i + int(rnd() * (n - i))
        pool[i], pool[j] = pool[j], pool[i]
    return pool[:k]


_EDITS = ((" said ", " stated "), (" also ", " "), (" said.", " added."), ("However, ", ""))


def _near_copy(orig: dict, ref: str, rnd: Any) -> dict:
    """Return a wire copy of ``orig``: another source's lead, word edits, maybe a paragraph less."""
    src_index = int(rnd() * len(SOURCES))
    if SOURCES[src_index].tag == orig["source"]:
        src_index = (src_index + 1) % len(SOURCES)
    src = SOURCES[src_index]
    title_m, para_m = orig["_mentions"]
    paras = list(orig["paragraphs"])
    para_m = list(para_m)
    paras[0] = f"({src.tag}) " + paras[0].split(") ", 1)[1]
    if len(paras) > 3 and rnd() < 0.7 and 4 * len(paras[-1]) < sum(map(len, paras)):
        paras.pop()
        para_m.pop()
    for j in range(1, len(paras)):
        for a, b in _EDITS:
            if a in paras[j] and rnd() < 0.5:
                paras[j] = paras[j].replace(a, b, 1)
                break
    title = orig["title"]
    if rnd() < 0.5:
        title = _title_case(title, first=True) if title[:1] == title[:1].upper() else title
    day = orig["date"]
    joined = "\n".join(paras)
    quotes = [q for q in orig["quotes"]
              if q["text"] in joined or q["text"].translate(_STRAIGHT) in joined]
    return dict(
        orig,
        quotes=quotes,
        ref=ref,
        source=src.tag,
        title=title,
        paragraphs=paras,
        _mentions=(title_m, para_m),
        date=day,
        duplicate_of=None,
        near_duplicate_of=orig["ref"],
    )


def truth_actors(rec: dict) -> list[dict[str, Any]]:
    """Return the ground-truth actors of an article record, in order of first mention."""
    title_m, para_m = rec["_mentions"]
    by_id: dict[str, dict[str, Any]] = {}
    for ments in (title_m, *para_m):
        for actor_id, surface, how in ments:
            entry = by_id.get(actor_id)
            if entry is None:
                a = ACTORS[actor_id]
                entry = by_id[actor_id] = {
                    "id": actor_id, "name": a.name, "kind": a.kind, "country": a.country,
                    "surfaces": [], "hows": [], "n": 0,
                }
            entry["n"] += 1
            if surface not in entry["surfaces"]:
                entry["surfaces"].append(surface)
            if how not in entry["hows"]:
                entry["hows"].append(how)
    return list(by_id.values())


_dumps = json.JSONEncoder(ensure_ascii=False).encode
_jstr = json.encoder.encode_basestring  # the C encoder of one string, as json.dumps writes it


def _jlist(items: Any) -> str:
    return "[" + ", ".join(map(_jstr, items)) + "]"


def _jopt(value: str | None) -> str:
    return "null" if value is None else _jstr(value)
_ACTOR_JSON: dict[tuple[Any, ...], str] = {}  # one actor's truth entry, by its content


@cache
def _actor_head(actor_id: str) -> str:
    a = ACTORS[actor_id]
    return (f'{{"id": {_dumps(a.id)}, "name": {_dumps(a.name)}, "kind": {_dumps(a.kind)}, '
            f'"country": {_dumps(a.country)}, "surfaces": ')


def truth_json(rec: dict, file: str, line: int) -> str:
    """Return the ground-truth JSON line of ``rec`` (as ``json.dumps`` of its truth record).

    The same content as :func:`workbench.sample.truth_record` plus ``file`` and ``line``, built
    from cached pieces because writing the truth is the costly part of a big corpus.
    """
    title_m, para_m = rec["_mentions"]
    surfaces: dict[str, dict[str, None]] = {}
    hows: dict[str, dict[str, None]] = {}
    counts: dict[str, int] = {}
    for ments in (title_m, *para_m):
        for actor_id, surface, how in ments:
            if actor_id in counts:
                counts[actor_id] += 1
                surfaces[actor_id][surface] = None
                hows[actor_id][how] = None
            else:
                counts[actor_id] = 1
                surfaces[actor_id] = {surface: None}
                hows[actor_id] = {how: None}
    pieces = []
    for a, n in counts.items():
        key = (a, tuple(surfaces[a]), tuple(hows[a]), n)
        piece = _ACTOR_JSON.get(key)
        if piece is None:
            if len(_ACTOR_JSON) > 200_000:
                _ACTOR_JSON.clear()
            piece = _ACTOR_JSON[key] = (
                f"{_actor_head(a)}{_jlist(key[1])}, \"hows\": {_jlist(key[2])}, \"n\": {n}}}"
            )
        pieces.append(piece)
    actors = ", ".join(pieces)
    quotes = ", ".join(
        f'{{"speaker": {_jstr(q["speaker"])}, "text": {_jstr(q["text"])}}}' for q in rec["quotes"]
    )
    return (
        f'{{"ref": {_jstr(rec["ref"])}, "date": "{rec["date"]}", '
        f'"source": {_jstr(rec["source"])}, "title": {_jstr(rec["title"])}, '
        f'"story": "{rec["story"]}", "topics": {_jlist(rec["topics"])}, "actors": [{actors}], '
        f'"quotes": [{quotes}], "duplicate_of": {_jopt(rec["duplicate_of"])}, '
        f'"near_duplicate_of": {_jopt(rec["near_duplicate_of"])}, "file": {_jstr(file)}, '
        f'"line": {line}}}\n'
    )
