"""Text to actor mentions: registry-driven multi-pattern matching with surname and role resolution.

:func:`extract_actors` turns an ``articles`` frame into the ``mentions`` table: one row per actor
mention with its evidence (``surface``, ``start``, ``end`` offsets into
:func:`workbench.schema.article_text`, and ``how`` it was recognised).

How it works
------------
1. Every surface form of the registry is compiled once per registry into one Aho-Corasick automaton
   (pyahocorasick; case-sensitive): names, aliases, former names, demonyms, capitals, surnames,
   role phrases generated from offices, and ASCII-folded variants of all of them
   ("Türkiye" -> "Turkiye", "Erdoğan" -> "Erdogan"), except folded forms that are ordinary English
   words (:data:`FOLDED_WORDS`: "Reunion" never matches Réunion; "Réunion" does).
2. Each article text is prepared once (:func:`prepare_text`; nothing to do for ASCII text):
   decomposed Unicode is composed to NFC (only when ``unicodedata.is_normalized`` says it is
   needed), and same-length variants (:data:`TEXT_VARIANTS`) are replaced: "’" "‘" "ʼ" by "'",
   non-breaking and thin spaces by " ", Unicode hyphens by "-". So "People’s Republic of China",
   "N’Djamena" and a decomposed "Türkiye" match like their plain forms. Offsets (``start``,
   ``end``) and ``surface`` always refer to the text as stored: where NFC changed the length,
   offsets are mapped back, so ``surface`` is the text as written (decomposed, curly apostrophe
   and all).
3. Matches are kept only on word boundaries (the characters beside a match are not letters or
   digits), so possessives ("Trump's", "Trump’s") and hyphenated compounds ("US-brokered",
   "Russia-US-Ukraine talks", "Israeli-Palestinian") match, "Iranian" does not match "Iran".
   Overlaps are resolved leftmost-longest ("Gaza Strip" beats "Gaza").
4. Each match is resolved in its article (rules below); unresolved matches are dropped.

``how`` values (:data:`HOW`)
----------------------------
``name``
    the actor's canonical name ("Benjamin Netanyahu", "Israel").
``alias``
    another name from the registry ("UAE", "US", "Gaza Strip").
``former_name``
    an earlier name ("Turkey" for Türkiye, "Burma" for Myanmar).
``demonym``
    an adjective or people noun ("Israeli", "Americans") for the country or place.
``capital``
    a capital standing in for its government ("Washington", "Moscow"); switch off with
    ``capitals=False``.
``surname``
    a person's surname alone ("Netanyahu", "President Trump").
``role``
    an office phrase resolved to its holder on the article's date ("Israeli prime minister",
    "US President", "Prime Minister of Israel"), or a bare role ("the special envoy") resolved to
    the holder of such an office named earlier in the same article.

Resolution rules
----------------
Surnames
    A surname alone resolves to the person of that surname named in full anywhere in the same
    article (the nearest earlier one when several). Otherwise it resolves through the registry:
    only to people who held an office within :data:`SURNAME_YEARS` years of the article's date (or
    have no office in the registry); to that person when exactly one remains; among several, to
    the one holding an office on the date if exactly one does. Never for a common English word
    ("May", "Rice", "Major"), a month used as a month ("in May", "May 5"), or a sentence-initial
    word that also occurs in lowercase in the article ("Frost ... the frost"). A surname directly
    after another capitalised word that is not a title ("Eric Trump", unlike "President Trump") or
    before one ("Trump Tower") belongs to something else and is dropped; so is a full name followed
    by "Jr."/"Sr.". When the surface is also an actor's name ("Jordan"), the name wins unless the
    person was named in full.
Very common surnames
    A surname in :data:`COMMON_SURNAMES` (Wang, Li, Zhang, Kim, Lee, Park, Khan, Singh, Smith,
    Johnson, Brown, Ali, ...) resolves only to a person of that name named in full *earlier* in
    the article ("Wang said the company had grown" is nobody), or, with a title, to the one
    holding that office on the article's date ("Foreign Minister Wang", "Supreme Leader Kim").
Titles before a surname
    When several registry people share a surname (or it is very common), a title right before it
    chooses among them: the run of title words (:data:`TITLE_WORDS`, honorifics such as "Mr" or
    "Former" left out) must name an office the person held, matched against the office's role,
    title and aliases ("Speaker Johnson" is Mike Johnson, "Prime Minister Johnson" Boris Johnson,
    not the Speaker). When nobody fits, the surname is dropped. Titles the registry does not know
    as an office ("Senator"), and vague ones ("Chief", "General", "Leader"), choose nothing.
Roles
    A qualified role phrase ("Israeli prime minister", "US President", "Prime Minister of Israel",
    "Israel's PM", office titles and aliases) resolves to the holder on the article's date
    (``articles.date``; the current holder when the date is missing). The country word inside it is
    a mention of the country as well ("Israeli" in "Israeli Prime Minister"). A role phrase right
    before a capitalised name is that name's title, not a mention of the holder ("US President
    Donald Trump", "Treasury Secretary Mario Brodersohn"); so is one right after its holder's name
    ("Netanyahu, the Israeli prime minister"). A one-word title ("Pope", "Chancellor") counts
    only as "the Pope". A bare role ("the special envoy", "the prime minister") resolves only to
    a holder (on the date) named earlier in the article, and not when "of" follows ("the
    president of Acme").
National institutions
    An unqualified institution name of a country (:data:`INSTITUTION_FORMS`: "Congress", "Fed",
    "State Department", ...) is dropped right after a mention of another country, possibly with
    one qualifier between ("India's opposition Congress", "the Peruvian Congress"; "the US asked
    Congress" stays), and before the words in :data:`NOT_BEFORE` ("Fed up", "Congress party").
Ambiguous names
    A surface is ambiguous when it is in :data:`AMBIGUOUS_SURFACES` (Jordan, Georgia, Chad, Niger,
    Turkey, Guinea, Washington), is a single plain-ASCII word of an actor marked
    ``ambiguous: true``, or is a common English word (:data:`COMMON_WORDS`). An ambiguous
    mention is dropped when

    - it is part of a longer capitalised name: directly preceded or followed by another
      capitalised word that is not a title or function word ("Michael Jordan", "Jordan Peterson",
      "Georgia Tech", "Niger Delta", "George Washington", "Washington Post"), or joined by a hyphen
      to a capitalised word that is no registry form ("Georgia-Pacific", unlike "Turkey-Iran").
      In a Title Case headline a neighbour that occurs in lowercase in the article is an ordinary
      word ("Georgia Protests Enter Third Week" ... "the protests");
    - it is "Washington state", "the state of Washington" or "University of Washington";
    - the article has negative cues for it (:data:`CONTEXT_CUES`: "Atlanta" or "primary" for
      Georgia-the-state, "Thanksgiving", "brined" or a lowercase "turkey" for the bird, "Seattle"
      for Washington state) and no positive evidence;
    - it opens a sentence (or the title) and there is no positive evidence, only when
      a person cue says it is someone's first name: a person noun or personal pronoun in the
      clause after it (:data:`PERSON_CUES`: "Chad is a drummer.", "Jordan said he was tired."), a
      family word after its possessive ("Jordan's wife"; any other possessive keeps the country:
      "Turkey's central bank"), "and" with a capitalised word that is no registry form ("Jordan
      and Brown"), or the same word as the last part of a longer name earlier ("Michael Jordan
      retired. Jordan later ..."). The clause is searched up to the first punctuation mark or
      country mention ("Chad and Sudan closed their border"). Otherwise the country is kept: a
      following verb, conjunction or possessive ("Jordan says", "Turkey and Greece",
      "Turkey's"), a co-mentioned country, a headline ("Georgia protests enter third week").
      A sentence-initial common English word ("Reform is needed.") is still dropped.

    Positive evidence is another, unambiguous mention in the same article of the same actor or of
    an actor affiliated with it ("Jordanian", "Amman", "Erdoğan" for Türkiye; "US" or "Trump" for
    Washington), or a positive cue word ("Tbilisi", "Caucasus").
Duplicate forms
    When one surface belongs to several actors (the registry check warns), only those that existed
    on the article's date count (``valid_from``/``valid_until``: "Moscow" is the Soviet Union in
    1987 and Russia after 1991-12-26); among them the actor with other mentions in the article
    wins, otherwise the first in registry order.
"""

from __future__ import annotations

import bisect
import operator
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import ahocorasick
import numpy as np
import pandas as pd

from workbench.errors import ArgumentError, SchemaError
from workbench.registry import Actor, Office, Registry, load_registry

#: The values of the ``how`` column, in category order.
HOW: tuple[str, ...] = ("name", "alias", "former_name", "demonym", "capital", "surname", "role")

#: Surfaces that are always treated as ambiguous (see the module docstring for the rules).
AMBIGUOUS_SURFACES: frozenset[str] = frozenset(
    {"Jordan", "Georgia", "Chad", "Niger", "Turkey", "Guinea", "Washington", "Jersey", "Victoria"}
)

#: Per-surface context cues: (positive words, negative words), looked up as whole words.
CONTEXT_CUES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "Georgia": (
        frozenset("Tbilisi Georgian Georgians Caucasus Abkhazia Ossetia Batumi Kobakhidze".split()),
        frozenset(
            """Atlanta Savannah Augusta Alabama Florida Carolina Tennessee Peachtree governor
            Gov. county Bulldogs Braves Falcons Republicans Democrats primary Kemp Warnock Ossoff
            Raffensperger""".split()
        ),
    ),
    "Jordan": (
        frozenset("Amman Jordanian Jordanians Hashemite Aqaba Abdullah Rania Zarqa".split()),
        frozenset("NBA basketball Bulls sneakers Nike".split()),
    ),
    "Chad": (frozenset("N'Djamena Chadian Chadians Sahel Déby Deby".split()), frozenset()),
    "Niger": (frozenset("Niamey Nigerien Nigeriens Sahel Tiani".split()), frozenset()),
    "Guinea": (
        frozenset("Conakry Guinean Guineans Doumbouya".split()),
        frozenset("pig pigs".split()),
    ),
    "Turkey": (
        frozenset(
            "Ankara Istanbul Turkish Turks Erdoğan Erdogan Türkiye Bosphorus Kurdish".split()
        ),
        frozenset(
            """turkey turkeys Thanksgiving roast roasted roasting recipe stuffing gravy oven
            cranberry poultry bird birds brine brined carve carving carved baste basting
            leftovers sandwich sandwiches drumstick drumsticks giblets""".split()
        ),
    ),
    "Washington": (
        frozenset("White House Pentagon Congress Capitol administration".split()),
        frozenset("Seattle Spokane Tacoma Olympia Redmond Huskies Seahawks".split()),
    ),
}

#: Words that may precede a person's surname (or an ambiguous name) without making it part of a
#: longer name: titles and honorifics.
TITLE_WORDS: frozenset[str] = frozenset(
    """President President-elect Vice Prime Minister Premier Chancellor Secretary Mr Mr. Mrs Mrs.
    Ms Ms. Dr Dr. Prof Prof. Sen Sen. Senator Rep Rep. Representative Gov Gov. Governor General
    Gen. Lt Lt. Col Col. Colonel Commander Admiral Adm. Sgt Captain Capt. King Queen Prince Princess
    Crown Sheikh Sheik Emir Sultan Pope Cardinal Archbishop Bishop Rabbi Imam Ayatollah Judge
    Justice Speaker Leader Chairman Chairwoman Chair Chief Director Ambassador Envoy Minister
    Mayor CEO Lord Lady Sir Dame Foreign Defence Defense Interior Finance Trade Deputy Acting
    Former Opposition Field Marshal Supreme Attorney Spokesman Spokeswoman""".split()
)

#: Common English words: sentence-initial capitalised forms of these are not names. Used by the
#: ambiguity rules, the surname rules and :mod:`workbench.discovery`.
COMMON_WORDS: frozenset[str] = frozenset(
    """a about above according across after afterwards again against ago all almost along already
    also although always among an and another any anyone anything are around as at away back be
    because been before behind being below beneath beside besides between beyond both but by can
    could despite did do does down during each earlier early either else elsewhere even ever every
    everyone everything few first following for former from further furthermore had has have he
    her here hers herself him himself his how however if in including indeed inside instead into
    is it its itself just last later latest least less like many may meanwhile might more
    moreover most much must my near nearly neither never nevertheless new next no nobody none nor
    not nothing now of off often on once one only or other others otherwise our ours out outside
    over own perhaps please rather recently same second several shall she should since so some
    someone something sometimes soon still such than that the their theirs them themselves then
    there thereafter therefore these they third this those though three through throughout thus
    to today together tomorrow too toward towards two under unless unlike until up upon us very
    via was we were what whatever when whenever where whereas wherever whether which while who
    whoever whole whom whose why will with within without would yesterday yet you your yours
    monday tuesday wednesday thursday friday saturday sunday january february march april june
    july august september october november december reports report according sources officials
    analysts critics experts residents meanwhile speaking asked added said says told but yes
    ok overall amid asked breaking update updated exclusive analysis opinion editorial watch
    read see photo video live sign join follow share click subscribe related more top news
    brown black white green young king price rice bush may hope love rich long little cook wood
    hill street power story lee justice unity reform change ban gap major bank cash""".split()
)

#: Very common surnames: alone they resolve only to a person of that surname named in full earlier
#: in the same article, or (with a title) to the holder of that office on the article's date.
COMMON_SURNAMES: frozenset[str] = frozenset(
    """Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Lin Gao Luo Zheng
    Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu Du Ye
    Cheng Wei Su Lu Ding Ren Shen Yao Kim Lee Park Choi Jung Chung Kang Cho Yoon Jang Lim Shin
    Kwon Hwang Ahn Yoo Hong Nguyen Tran Le Pham Hoang Phan Vu Vo Dang Bui Ngo Khan Singh Kumar
    Sharma Patel Shah Gupta Ali Ahmed Ahmad Mohammed Mohamed Muhammad Hassan Hussein Hussain
    Ibrahim Rahman Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas
    Moore Martin Jackson White Harris Clark Lewis Robinson Walker Young Allen Wright Scott Green
    Baker Adams Nelson Hill Campbell Mitchell Roberts Carter Phillips Evans Turner Parker Collins
    Edwards Stewart Morris Murphy Cook Rogers Bell Garcia Rodriguez Martinez Hernandez Gonzalez
    Perez""".split()
)

#: Words that, in the clause after a sentence-initial ambiguous name, show it is a person's
#: first name ("Chad is a drummer", "Jordan said he was tired").
PERSON_CUES: frozenset[str] = frozenset(
    """he she him his her himself herself drummer singer songwriter guitarist bassist rapper
    musician actor actress comedian player footballer quarterback striker goalkeeper athlete
    coach boxer golfer wrestler model influencer student teacher boy girl man woman guy kid
    teenager dad mom mum father mother brother sister son daughter husband wife boyfriend
    girlfriend""".split()
)

#: After a possessive ("Jordan's wife"), these words make a sentence-initial ambiguous name a
#: person; any other word keeps the country ("Turkey's central bank").
FAMILY_WORDS: frozenset[str] = frozenset(
    """wife husband mother father mom mum dad son daughter brother sister girlfriend boyfriend
    family parents children kids fans teammates coach career album song band""".split()
)

#: ASCII-folded forms that are ordinary English words: the accented form must be written
#: ("Réunion" matches, "Reunion of separated families" does not).
FOLDED_WORDS: frozenset[str] = frozenset(
    "Reunion Male Resume Expose Rose Lame Pate Sake Mate Cafe Cliche Fiance Decor Elite".split()
)

#: Unqualified names of national institutions: dropped when a mention of another country
#: qualifies them ("India's opposition Congress", "the Peruvian Congress").
INSTITUTION_FORMS: frozenset[str] = frozenset(
    """Congress Senate House Parliament Cabinet Treasury Fed Pentagon Army Navy""".split()
) | {
    "Federal Reserve", "Central Bank", "Supreme Court", "State Department", "Department of State",
    "Department of Defense", "Department of War", "War Department", "House of Representatives",
    "Air Force",
}  # fmt: skip

#: Surfaces that are something else before these words ("Fed up", "Congress party").
NOT_BEFORE: dict[str, frozenset[str]] = {
    "Fed": frozenset({"up"}),
    "Congress": frozenset({"party", "Party", "Working"}),
}

#: Same-length character variants replaced in the scanned text (not in ``surface``): curly and
#: modifier apostrophes, non-breaking and thin spaces, Unicode hyphens.
TEXT_VARIANTS: tuple[tuple[str, str], ...] = (
    ("’", "'"), ("‘", "'"), ("ʼ", "'"), ("‛", "'"), ("´", "'"), ("\u00a0", " "), ("\u2009", " "),
    ("\u202f", " "), ("\u2007", " "), ("\u2010", "-"), ("\u2011", "-"),
)  # fmt: skip

_CAPWORD = re.compile(r"([A-Z][\w.’'-]*)[ \t]+$")
_NEXTWORD = re.compile(r"[ \t]+([A-Z][\w.’'-]*)")


def fold(text: str) -> str:
    """Return ``text`` with diacritics removed and special letters spelled in ASCII.

    Parameters
    ----------
    text
        Any string ("Türkiye", "Erdoğan", "Łódź").

    Returns
    -------
    str
        The folded form ("Turkiye", "Erdogan", "Lodz"); unchanged when already ASCII.
    """
    if text.isascii():
        return text
    text = text.translate(_SPECIAL)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_SPECIAL = str.maketrans(
    {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
     "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "ð": "d", "’": "'", "‘": "'"}
)  # fmt: skip

#: Known short forms of role nouns ("Israeli PM").
ROLE_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "prime minister": ("PM", "premier", "Premier"),
    "foreign minister": ("FM",),
    "secretary-general": ("Secretary General", "secretary general", "chief"),
    "president": ("Pres.",),
}

# pattern entry kinds
_ACTOR, _SURNAME, _ROLE = 0, 1, 2
_HOW_CODE = {h: i for i, h in enumerate(HOW)}


@dataclass(frozen=True)
class _RoleEntry:
    offices: tuple[str, ...]
    bare: bool  # "the special envoy": resolved by anaphora only
    skip: int  # characters at the start not part of the mention ("the ")
    sub: tuple[int, int, int, int] | None  # (offset, length, actor index, how code) of country part


class _Matcher:
    """The compiled automaton of one registry and the tables to resolve its matches."""

    def __init__(self, registry: Registry, capitals: bool) -> None:
        self.registry = registry
        self.actors: list[Actor] = list(registry)
        self.index = {a.id: i for i, a in enumerate(self.actors)}
        self.entries: list[list[tuple[int, Any, int]]] = []  # per pattern: (type, target, how)
        self.surface_of: list[str] = []
        self.ambiguous: list[bool] = []
        self._by_surface: dict[str, int] = {}
        amb_actor_forms: set[str] = set()
        for i, actor in enumerate(self.actors):
            forms = [(actor.name, "name")]
            forms += [(a, "alias") for a in actor.aliases]
            forms += [(a, "former_name") for a in actor.former_names]
            forms += [(a, "demonym") for a in actor.demonyms]
            if capitals:
                forms += [(a, "capital") for a in actor.capitals]
            for form, how in forms:
                self._add(form, (_ACTOR, i, _HOW_CODE[how]))
                if (
                    actor.ambiguous
                    and how in ("name", "alias", "former_name")
                    and _plain_word(form)
                ):
                    amb_actor_forms.add(form)
            if actor.kind == "person" and actor.family_name:
                self._add(actor.family_name, (_SURNAME, i, _HOW_CODE["surname"]))
        self.role_heads: dict[str, set[str]] = {}  # office id -> lowercase role nouns
        for office in registry.offices.values():
            self._add_office(office)
        # surnames shared by several registry persons, and which forms are ambiguous
        self.surname_people: dict[str, list[int]] = {}
        for i, actor in enumerate(self.actors):
            if actor.kind == "person" and actor.family_name:
                self.surname_people.setdefault(actor.family_name, []).append(i)
        # forms that are common English words ("Reform"): capitalised at a sentence start only
        self.common_word = [
            " " not in s and s[1:].islower() and s.lower() in COMMON_WORDS for s in self.surface_of
        ]
        self.ambiguous = [
            s in AMBIGUOUS_SURFACES or s in amb_actor_forms or common
            for s, common in zip(self.surface_of, self.common_word, strict=True)
        ]
        # institution names qualified by another country, "Fed up", "Congress party": checked
        self.checked: frozenset[int] = frozenset(
            pid
            for pid, s in enumerate(self.surface_of)
            if (s in INSTITUTION_FORMS or s in NOT_BEFORE)
            and any(e[0] == _ACTOR and self.actors[e[1]].country for e in self.entries[pid])
        )
        # every word-final part of every role noun ("house speaker", "speaker"): the titles that
        # can choose among people of one surname ("Speaker Johnson", "Prime Minister Johnson")
        self.title_heads: dict[str, frozenset[str]] = {
            office.id: _title_parts(office, self.role_heads.get(office.id, set()))
            for office in registry.offices.values()
        }
        self.known_titles: frozenset[str] = frozenset().union(*self.title_heads.values())
        # fast path: a pattern naming one non-person actor unambiguously resolves to it directly
        self.simple: list[tuple[int, int] | None] = []
        for pid, entries in enumerate(self.entries):
            e = entries[0]
            plain = (
                len(entries) == 1
                and e[0] == _ACTOR
                and not self.ambiguous[pid]
                and pid not in self.checked
            )
            direct = plain and self.actors[e[1]].kind != "person"
            self.simple.append((e[1], e[2]) if direct else None)
        # the automaton sees the text as scanned (apostrophe and space variants replaced, NFC)
        self.automaton = ahocorasick.Automaton()
        for pid, surface in enumerate(self.surface_of):
            key = _scan_form(surface)
            self.automaton.add_word(key, (len(key), pid))
            folded = fold(surface)
            if folded != key and folded not in self._by_surface and not _english_word(folded):
                self.automaton.add_word(folded, (len(folded), pid))
        if self.surface_of:
            self.automaton.make_automaton()
        # per-actor columns, factorised once, for building categoricals fast
        self.actor_ids = np.array([a.id for a in self.actors], dtype=object)
        self.name_codes, self.name_cats = pd.factorize(pd.Series([a.name for a in self.actors]))
        self.kind_codes, self.kind_cats = pd.factorize(pd.Series([a.kind for a in self.actors]))
        self.country_codes, self.country_cats = pd.factorize(
            pd.Series([a.country for a in self.actors], dtype=object)
        )
        self.affiliation = [a.country for a in self.actors]

    def _add(self, surface: str, entry: tuple[int, Any, int]) -> None:
        surface = surface.strip()
        if not surface:
            return
        pid = self._by_surface.get(surface)
        if pid is None:
            pid = len(self.surface_of)
            self._by_surface[surface] = pid
            self.surface_of.append(surface)
            self.entries.append([])
        if entry not in self.entries[pid]:
            self.entries[pid].append(entry)

    def _add_office(self, office: Office) -> None:
        role = office.role.strip()
        if not role:
            return
        nouns = {role}
        head = re.split(r"\s+(?:to|for)\s+", role, maxsplit=1)[0]  # "special envoy to X"
        nouns.add(head)
        for noun in list(nouns):
            nouns.update(ROLE_ABBREVIATIONS.get(noun.lower(), ()))
        self.role_heads[office.id] = {n.lower() for n in nouns}
        variants: set[str] = set()
        for noun in nouns:
            if noun.isupper():
                variants.add(noun)  # "PM" stays "PM" (no "pm", which is mostly "3 pm")
            else:
                variants |= {noun, noun.lower(), _title(noun), noun[:1].upper() + noun[1:]}
        # bare role nouns count only after "the" (checked when resolving), so that a longer
        # phrase at the same place still wins ("the prime minister of Israel")
        bare = _RoleEntry((office.id,), True, 0, None)
        for v in sorted(variants):
            if v.isupper() or v.endswith("."):
                continue  # "the PM" is too short to trust as an anaphor
            self._add(v, (_ROLE, bare, _HOW_CODE["role"]))
        literal = _RoleEntry((office.id,), False, 0, None)
        for phrase in (office.title, *office.aliases):
            if phrase:
                self._add(phrase, (_ROLE, literal, _HOW_CODE["role"]))
        owner_id = office.organization or office.country
        owner_index = self.index.get(owner_id) if owner_id else None
        if owner_index is None:
            return
        owner = self.actors[owner_index]
        short = [a for a in (owner.name, *owner.aliases) if _is_abbreviation(a)]
        # adjectival forms: singular demonyms ("Israeli", not "Israelis") and abbreviations ("US")
        demonyms = [d for d in owner.demonyms if not (d.endswith("s") and d[:-1] in owner.demonyms)]
        adjectives = [(d, "demonym") for d in demonyms] + [
            (a, "name" if a == owner.name else "alias") for a in short
        ]
        if owner.kind == "organization":
            adjectives += [(owner.name, "name")] + [(a, "alias") for a in owner.aliases]
        nouns_of = [(owner.name, "name")] + [
            (a, "alias") for a in owner.aliases if not _is_abbreviation(a)
        ]
        possessors = [(n, h) for n, h in nouns_of if " " not in n or n == owner.name]
        possessors += [(a, "alias") for a in short]
        # qualified forms: the role as written, lowercase and Title Case ("Prime Minister")
        qualified: set[str] = set()
        for noun in nouns:
            qualified |= {noun} if noun.isupper() else {noun, noun.lower(), _title(noun)}
        for v in qualified:
            for adj, how in adjectives:
                entry = _RoleEntry(
                    (office.id,), False, 0, (0, len(adj), owner_index, _HOW_CODE[how])
                )
                self._add(f"{adj} {v}", (_ROLE, entry, _HOW_CODE["role"]))
            for noun, how in possessors:
                # one apostrophe: the scanned text has "’" replaced by "'" (TEXT_VARIANTS)
                poss = f"{noun}'" if noun.endswith("s") else f"{noun}'s"
                entry = _RoleEntry(
                    (office.id,), False, 0, (0, len(noun), owner_index, _HOW_CODE[how])
                )
                self._add(f"{poss} {v}", (_ROLE, entry, _HOW_CODE["role"]))
            if v.isupper():
                continue
            for noun, how in nouns_of:
                articles = [""]
                if not noun.startswith(("the ", "The ")) and (
                    owner.kind == "organization" or _takes_the(noun)
                ):
                    articles.append("the ")
                for article in articles:
                    phrase = f"{v} of {article}{noun}"
                    offset = len(phrase) - len(noun)
                    entry = _RoleEntry(
                        (office.id,), False, 0, (offset, len(noun), owner_index, _HOW_CODE[how])
                    )
                    self._add(phrase, (_ROLE, entry, _HOW_CODE["role"]))

    # ------------------------------------------------------------------ scanning
    def scan(self, text: str) -> list[tuple[int, int, int]]:
        """Return leftmost-longest word-bounded matches as ``(start, end, pattern id)``."""
        if not self.surface_of:
            return []  # an empty registry has no automaton
        n = len(text)
        hits = []
        for last, (length, pid) in self.automaton.iter(text):
            start = last - length + 1
            if start > 0 and text[start - 1].isalnum():
                continue
            end = last + 1
            if end < n and text[end].isalnum():
                continue
            hits.append((start, -end, pid))  # sorts leftmost, then longest, without a key
        if len(hits) < 2:
            return [(s, -e, pid) for s, e, pid in hits]
        hits.sort()
        kept = []
        reach = -1
        for start, neg_end, pid in hits:
            if start >= reach:
                reach = -neg_end
                kept.append((start, reach, pid))
        return kept


def _title(text: str) -> str:
    """Capitalise each word, also after hyphens ("Secretary-General"), keeping small words."""
    small = {"of", "the", "for", "to", "on", "and", "in", "at"}
    return re.sub(
        r"[A-Za-z]+",
        lambda m: (
            m.group() if m.group() in small and m.start() else m.group()[:1].upper() + m.group()[1:]
        ),
        text,
    )


def _title_parts(office: Office, heads: Iterable[str]) -> frozenset[str]:
    """Return the lowercase titles naming ``office`` before a surname.

    From its role nouns, title and aliases, each cut before "of"/"for"/"to", and every word-final
    part of those ("United States Secretary of State" gives "united states secretary", "states
    secretary", "secretary"; "House speaker" gives "speaker").
    """
    parts: set[str] = set()
    for phrase in (*heads, office.title, *office.aliases):
        words = _TITLE_CUT.split(phrase.lower(), maxsplit=1)[0].split()
        parts.update(" ".join(words[i:]) for i in range(len(words)))
    return frozenset(parts)


_TITLE_CUT = re.compile(r"\s+(?:of|for|to|on)\s+")


def _takes_the(name: str) -> bool:
    """Return True for country names written with "the" ("the United States", "the Netherlands")."""
    words = name.split()
    return (
        words[0] in ("United", "Democratic", "Central", "Dominican", "Czech")
        or "Republic" in words
        or "Kingdom" in words
        or "Islands" in words
        or name.endswith("s")
    )


def _is_abbreviation(text: str) -> bool:
    letters = text.replace(".", "")
    return 2 <= len(letters) <= 5 and letters.isalpha() and letters.isupper()


def _scan_form(surface: str) -> str:
    """Return a registry form as it appears in the scanned text (NFC, variants replaced)."""
    if surface.isascii():
        return surface
    surface = unicodedata.normalize("NFC", surface)
    for variant, plain in TEXT_VARIANTS:
        surface = surface.replace(variant, plain)
    return surface


def _english_word(folded: str) -> bool:
    """Return True when an ASCII-folded form is an ordinary English word ("Reunion")."""
    return folded in FOLDED_WORDS or (" " not in folded and folded.lower() in COMMON_WORDS)


def _plain_word(text: str) -> bool:
    return " " not in text and text.isascii() and text.isalpha()


def matcher_for(registry: Registry) -> _Matcher:
    """Return the compiled matcher of ``registry`` (built once, cached on the registry)."""
    key = ("matcher", registry.capitals)
    cache = registry._cache
    matcher = cache.get(key)
    if matcher is None:
        matcher = cache[key] = _Matcher(registry, registry.capitals)
    return matcher


# ---------------------------------------------------------------------- resolution in one text


def _sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t“‘\"'([":
        i -= 1
    return i < 0 or text[i] in ".!?\n:;"


def _words_present(text: str, words: Iterable[str]) -> bool:
    for w in words:
        pos = text.find(w)
        while pos >= 0:
            before = text[pos - 1] if pos else " "
            after = text[pos + len(w)] if pos + len(w) < len(text) else " "
            if not before.isalnum() and not after.isalnum():
                return True
            pos = text.find(w, pos + 1)
    return False


_TITLE_RUN = re.compile(r"((?:[A-Z][A-Za-z.-]*[ \t]){1,4})$")
#: Honorifics: titles that say nothing of an office ("Mr Johnson", "Former Prime Minister").
HONORIFICS: frozenset[str] = frozenset("Mr Mrs Ms Dr Prof Sir Dame Lord Lady Former Acting".split())
#: One-word titles too vague to choose a person by ("Army Chief Aoun", "General Burhan").
_VAGUE_TITLES = frozenset("chief leader general director head chair chairman commander".split())
_TITLE_ABBREVIATIONS = {
    "sen.": "senator", "sen": "senator", "rep.": "representative", "rep": "representative",
    "gov.": "governor", "gov": "governor", "gen.": "general", "pres.": "president",
    "adm.": "admiral", "col.": "colonel", "capt.": "captain",
}  # fmt: skip
_CLAUSE = re.compile(r"[^.;:!?,()\"“”\n]{0,100}")
_WORDS = re.compile(r"[A-Za-z]+")
_WORD = re.compile(r"\s+([A-Za-z]+)")
_QUALIFIER_GAP = re.compile(
    r"(?:'s|')?(?:[ \t]+(?:opposition|ruling|governing|national|federal|lower|upper|main|new"
    r"|outgoing|incoming|interim|transitional|unicameral|bicameral))?[ \t]+"
)
_NEXT = re.compile(r"[ \t-]+(\w+)")


_AND_NAME = re.compile(r"[ \t]+(?:and|&)[ \t]+([A-Z][a-z]+)")
#: Capitalised words before an ambiguous name that qualify a place rather than name a person.
_PLACE_QUALIFIERS = frozenset(
    """North South East West Northern Southern Eastern Western Central Upper Lower Greater Lake
    River Mount Gulf Bay Sea Strait Republic Kingdom""".split()
)


def _in_longer_name(text: str, surface: str, before: int) -> bool:
    """Return True when ``surface`` occurs before ``before`` as the last word of a longer name.

    "Michael Jordan" or "Gerhard Wagner" earlier in the article make a sentence-initial bare
    "Jordan" or "Wagner" that person; "Northern Niger" or "Lake Chad" (place qualifiers) do not.
    """
    pos = text.find(surface, 0, before)
    while pos >= 0:
        end = pos + len(surface)
        if (pos == 0 or not text[pos - 1].isalnum()) and (
            end == len(text) or not text[end].isalnum()
        ):
            prev = _prev_capitalised(text, pos)
            if prev not in _PLACE_QUALIFIERS and _is_name_part(prev, text, pos):
                return True
        pos = text.find(surface, end, before)
    return False


def _next_word_in(text: str, end: int, words: frozenset[str] | None) -> bool:
    """Return True when the word after ``end`` is one of ``words``."""
    if not words:
        return False
    m = _NEXT.match(text, end)
    return m is not None and m.group(1) in words


def _in_title_case_title(text: str, start: int) -> bool:
    """Return True when ``start`` is in the title line and that title is in Title Case."""
    nl = text.find("\n")
    if nl < 0 or start >= nl:
        return False
    words = [w for w in text[:nl].split() if len(w) > 3 and w[0].isalpha()]
    return len(words) >= 2 and all(w[0].isupper() for w in words)


def _ordinary_word(word: str | None, text: str) -> bool:
    """Return True when ``word`` also occurs in lowercase in ``text`` ("Protests" / "protests")."""
    if not word:
        return False
    bare = word.rstrip(".,;:!?").removesuffix("'s").lower()
    return bool(bare) and _words_present(text, [bare])


def _prev_capitalised(text: str, start: int) -> str | None:
    """Return the capitalised word directly before ``start`` (one space apart), else None."""
    m = _CAPWORD.search(text, max(0, start - 40), start)
    return m.group(1) if m else None


def _next_capitalised(text: str, end: int) -> str | None:
    m = _NEXTWORD.match(text, end)
    return m.group(1) if m else None


def _is_name_part(word: str | None, text: str, pos: int) -> bool:
    """Return True when ``word`` (a neighbour) makes the match part of a longer name."""
    if word is None:
        return False
    if word.endswith((",", ";", ":", "!", "?")):
        return False  # punctuation separates it from the match
    bare = word.rstrip(".")
    if word.endswith(".") and len(bare) > 1 and bare not in TITLE_WORDS:
        return False  # "Seoul. Kim": a full stop ends the previous sentence ("J. Smith" stays)
    if bare.endswith(("'s", "’s")):
        return False
    if bare in TITLE_WORDS or word in TITLE_WORDS or bare.lower() in COMMON_WORDS:
        return False
    return not bare.isupper() or len(bare) > 1  # "A" (sentence article) is not a name part


_BY_START = operator.itemgetter(1)
_BY_SPAN = operator.itemgetter(1, 2)


class _Resolver:
    """Resolves the raw matches of one article into mentions."""

    def __init__(self, matcher: _Matcher, registry: Registry) -> None:
        self.m = matcher
        self.registry = registry
        self.day: Any = None
        self.hits: list[tuple[int, int, int]] = []

    def run(
        self, text: str, day: Any, hits: list[tuple[int, int, int]]
    ) -> list[tuple[int, int, int, int]]:
        """Return ``(actor index, start, end, how code)`` for one article, in text order."""
        m = self.m
        self.day = day
        self.hits = hits
        out: list[tuple[int, int, int, int]] = []
        pending_surnames = []
        pending_roles = []
        pending_ambiguous = []
        named_people: dict[int, list[int]] = {}
        simple = m.simple
        checked = m.checked
        for start, end, pid in hits:
            direct = simple[pid]
            if direct is not None:
                out.append((direct[0], start, end, direct[1]))
                continue
            entries = m.entries[pid]
            first = entries[0]
            if (
                len(entries) == 1
                and first[0] == _ACTOR
                and not m.ambiguous[pid]
                and pid not in checked
            ):
                idx = first[1]
                if m.actors[idx].kind == "person":
                    if _suffix_person(text, end):
                        continue
                    named_people.setdefault(idx, []).append(start)
                out.append((idx, start, end, first[2]))
                continue
            kinds = {e[0] for e in entries}
            if _ROLE in kinds:
                pending_roles.append((start, end, pid))
            elif _SURNAME in kinds:
                pending_surnames.append((start, end, pid))
            else:
                pending_ambiguous.append((start, end, pid))
        if not (pending_surnames or pending_roles or pending_ambiguous):
            return out
        # people named in full: the anchor for surnames and anaphoric roles
        # ambiguous full-form hits that are persons (rare) are resolved with the rest
        for start, end, pid in pending_surnames:
            resolved = self._surname(text, day, start, end, pid, named_people)
            if resolved is not None:
                out.append(resolved)
        present = {o[0] for o in out}
        for start, end, pid in pending_ambiguous:
            resolved = self._ambiguous(text, start, end, pid, out, present)
            if resolved is not None:
                out.append(resolved)
        if pending_roles:
            out.sort(key=_BY_START)
            for start, end, pid in pending_roles:
                out.extend(self._role(text, day, start, end, pid, out))
        out.sort(key=_BY_SPAN)
        return out

    # -- surnames
    def _surname(
        self,
        text: str,
        day: Any,
        start: int,
        end: int,
        pid: int,
        named: dict[int, list[int]],
    ) -> tuple[int, int, int, int] | None:
        m = self.m
        entries = m.entries[pid]
        people = [e[1] for e in entries if e[0] == _SURNAME]
        others = [e for e in entries if e[0] == _ACTOR]
        in_text = [p for p in people if p in named]
        surface = m.surface_of[pid]
        if surface in _MONTHS and _looks_like_month(text, start, end):
            return None  # "in May", "May 5": the month, not Theresa May
        common = surface in COMMON_SURNAMES
        # a title chooses among several people of one surname ("Prime Minister Johnson")
        title = self._title_before(text, start) if common or len(people) > 1 else None
        if in_text:
            if title is not None:
                in_text = [p for p in in_text if self._fits(p, title)]
            before = [p for p in in_text if min(named[p]) < start]
            # nearest earlier full mention, else (not for common surnames) the first one after
            pick = None
            if before:
                pick = max(before, key=lambda p: max(s for s in named[p] if s < start))
            elif in_text and not common:
                pick = min(in_text, key=lambda p: min(named[p]))
            if pick is not None:
                if _is_name_part(_prev_capitalised(text, start), text, start):
                    return None
                return (pick, start, end, _HOW_CODE["surname"])
        if others:
            return self._ambiguous(text, start, end, pid, [], set(), entries=others)
        if _is_name_part(_prev_capitalised(text, start), text, start):
            return None  # "Eric Trump" is not Donald Trump
        if _is_name_part(_next_capitalised(text, end), text, end):
            return None  # "Trump Tower", "Trump Organization"
        candidates = m.surname_people.get(surface, people) or people
        if title is not None and (common or surface.lower() in COMMON_WORDS):
            # a common surname with a title: only the holder of that office on the day
            holders = [p for p in candidates if self._fits(p, title, day, on_day=True)]
            return (holders[0], start, end, _HOW_CODE["surname"]) if len(holders) == 1 else None
        if common or surface.lower() in COMMON_WORDS or m.ambiguous[pid]:
            return None
        if _sentence_initial(text, start) and _words_present(text, [surface.lower()]):
            return None  # "Ban on imports ... a ban": a common word of this article
        if title is not None:
            candidates = [p for p in candidates if self._fits(p, title)]
        if day is not None:
            # people whose known offices are decades away from the article's date are not meant
            candidates = [p for p in candidates if _active_near(m.actors[p], day)]
        if len(candidates) == 1:
            return (candidates[0], start, end, _HOW_CODE["surname"])
        holding = [p for p in candidates if any(r.covers(day) for r in m.actors[p].roles)]
        if len(holding) == 1:
            return (holding[0], start, end, _HOW_CODE["surname"])
        return None

    def _title_before(self, text: str, start: int) -> str | None:
        """Return the registry role titling a surname ("prime minister" before "Johnson").

        Honorifics ("Mr", "Dr", "Former") are left out; None when no known role is there.
        """
        if start < 2 or text[start - 1] not in " \t":
            return None
        match = _TITLE_RUN.search(text, max(0, start - 60), start)
        if match is None:
            return None
        run: list[str] = []
        for word in reversed(match.group(1).split()):
            if word not in TITLE_WORDS:
                break
            run.append(word)
        phrase = " ".join(
            _TITLE_ABBREVIATIONS.get(w.lower(), w.lower())
            for w in reversed(run)
            if w.rstrip(".") not in HONORIFICS
        )
        if phrase in _VAGUE_TITLES or phrase not in self.m.known_titles:
            return None
        return phrase

    def _fits(self, person: int, title: str, day: Any = None, on_day: bool = False) -> bool:
        """Return True when ``person`` held (on ``day`` with ``on_day``) an office so titled."""
        heads = self.m.title_heads
        return any(
            title in heads.get(r.office, ()) and (not on_day or r.covers(day))
            for r in self.m.actors[person].roles
        )

    # -- ambiguous names and duplicate forms
    def _ambiguous(
        self,
        text: str,
        start: int,
        end: int,
        pid: int,
        found: list[tuple[int, int, int, int]],
        present: set[int],
        entries: list[tuple[int, Any, int]] | None = None,
    ) -> tuple[int, int, int, int] | None:
        m = self.m
        entries = entries if entries is not None else [e for e in m.entries[pid] if e[0] == _ACTOR]
        if not entries:
            return None
        surface = text[start:end]
        canonical = m.surface_of[pid]
        # several actors share the form: keep those that existed on the day ("Moscow" is the
        # Soviet Union's in 1987, Russia's after 1991-12-26), then prefer one with other mentions
        if len(entries) > 1 and self.day is not None:
            entries = [e for e in entries if _exists_on(m.actors[e[1]], self.day)] or entries
        chosen = entries[0]
        for e in entries:
            if e[1] in present:
                chosen = e
                break
        idx, how = chosen[1], chosen[2]
        if pid in m.checked and (
            _next_word_in(text, end, NOT_BEFORE.get(canonical))
            or self._qualified_by_other_country(text, start, found, m.actors[idx].country)
        ):
            return None  # "Fed up", "Congress party", "India's opposition Congress"
        if not m.ambiguous[pid]:
            if m.actors[idx].kind == "person" and _suffix_person(text, end):
                return None
            return (idx, start, end, how)
        if canonical == "Washington" or surface == "Washington":
            tail = text[end : end + 7]
            head = text[max(0, start - 20) : start]
            if tail.startswith((" state", " State")) or head.endswith(
                ("state of ", "State of ", "University of ")
            ):
                return None
            nxt = _next_capitalised(text, end)
            if nxt is not None and nxt.rstrip(".,") in ("DC", "D.C"):
                nxt = None
        else:
            nxt = _next_capitalised(text, end)
        prev = _prev_capitalised(text, start)
        headline = _in_title_case_title(text, start)
        if (
            _is_name_part(prev, text, start)
            and not _is_mention_at(found, start - len(prev) - 1)
            and not (headline and _ordinary_word(prev, text))
        ):
            return None
        if (
            _is_name_part(nxt, text, end)
            and not _is_mention_at(found, end + 1)
            and not (headline and _ordinary_word(nxt, text))
        ):
            return None
        if (
            text.startswith("-", end)
            and text[end + 1 : end + 2].isupper()
            and not self._hit_at(end + 1)
        ):
            return None  # "Georgia-Pacific", unlike "Turkey-Syria"
        actor = m.actors[idx]
        affiliation = actor.id if actor.kind == "country" else actor.country
        positive = any(
            o[0] == idx or (affiliation is not None and m.affiliation[o[0]] == affiliation)
            for o in found
            if o[1] != start
        )
        pos_words, neg_words = CONTEXT_CUES.get(canonical, (frozenset(), frozenset()))
        if not positive and pos_words:
            positive = _words_present(text, pos_words)
        if not positive:
            lower = canonical.lower()
            if (neg_words and _words_present(text, neg_words)) or _words_present(text, [lower]):
                return None
            if _sentence_initial(text, start) and (
                m.common_word[pid]
                or self._person_follows(text, end, found)
                or _in_longer_name(text, surface, start)
            ):
                # "Reform is needed.", "Chad is a drummer.", "Jordan said he was tired.",
                # "Gerhard Wagner said. Wagner told...": a word or a person, not the actor
                return None
        return (idx, start, end, how)

    def _person_follows(self, text: str, end: int, found: list[tuple[int, int, int, int]]) -> bool:
        """Return True when the clause after a name speaks of it as a person.

        The clause runs to the next punctuation mark. A possessive counts only with a family
        word after it ("Jordan's wife", not "Turkey's central bank"); the search stops at a
        mention of a country ("Chad and Sudan closed their border").
        """
        if text.startswith("'", end):
            word = _WORD.match(text, end + 2 if text.startswith("'s", end) else end + 1)
            return word is not None and word.group(1) in FAMILY_WORDS
        pair = _AND_NAME.match(text, end)
        if pair is not None and not self._hit_at(pair.start(1)):
            return True  # "Wagner and Brown", "Georgia and South Carolina": not a country pair
        clause = _CLAUSE.match(text, end)
        stop = clause.end() if clause else end
        countries = [o[1] for o in found if end <= o[1] < stop and self._is_country(o[0])]
        if countries:
            stop = min(countries)
        return any(w.lower() in PERSON_CUES for w in _WORDS.findall(text, end, stop))

    def _hit_at(self, pos: int) -> bool:
        """Return True when a registry form starts at ``pos`` (resolved or not)."""
        return any(h[0] == pos for h in self.hits)

    def _is_country(self, idx: int) -> bool:
        return self.m.actors[idx].kind == "country"

    def _qualified_by_other_country(
        self, text: str, start: int, found: list[tuple[int, int, int, int]], own: str | None
    ) -> bool:
        """Return True for "India's opposition Congress", "the Peruvian Congress" (not the US).

        Only a country, place or organisation qualifies ("Netanyahu's Congress speech" stays).
        """
        m = self.m
        for idx, _s, e, _h in found:
            if e <= start and start - e <= 24 and _QUALIFIER_GAP.fullmatch(text, e, start):
                country = m.affiliation[idx]
                if country not in (None, own) and m.actors[idx].kind != "person":
                    return True
        return False

    # -- roles
    def _role(
        self,
        text: str,
        day: Any,
        start: int,
        end: int,
        pid: int,
        found: list[tuple[int, int, int, int]],
    ) -> list[tuple[int, int, int, int]]:
        m = self.m
        results: list[tuple[int, int, int, int]] = []
        role_entries = [e[1] for e in m.entries[pid] if e[0] == _ROLE]
        qualified = [e for e in role_entries if not e.bare]
        role_entries = qualified or role_entries
        entry: _RoleEntry = role_entries[0]
        if entry.bare and text[max(0, start - 4) : start] not in ("the ", "The "):
            return results
        if entry.sub is not None:
            offset, length, owner, how = entry.sub
            results.append((owner, start + offset, start + offset + length, how))
        begin = start + entry.skip
        holder = None
        offices = [o for e in role_entries for o in e.offices]
        if " " not in m.surface_of[pid] and text[max(0, start - 4) : start] not in ("the ", "The "):
            return results  # a one-word title ("Pope", "Chancellor") counts only as "the Pope"
        if _is_name_part(_next_capitalised(text, end), text, end):
            return results  # "Treasury Secretary Mario Brodersohn": the title of the next name
        if entry.bare and text.startswith(" of ", end):
            return results  # "the president of the company": qualified by something unknown
        if entry.bare:
            # anaphora: the latest person named before, holding such an office on the day
            wanted = {h for o in offices for h in m.role_heads.get(o, ())}
            for idx, _s, _e, _how in reversed([f for f in found if f[1] < start]):
                actor = m.actors[idx]
                if actor.kind != "person":
                    continue
                for r in actor.roles:
                    if (day is None or r.covers(day)) and m.role_heads.get(
                        r.office, set()
                    ) & wanted:
                        holder = idx
                        break
                if holder is not None:
                    break
        else:
            # every office the phrase names ("US special envoy": Middle East, Ukraine, Syria):
            # one holder on the day is the answer; several are resolved to the one named earlier
            # in the article, else the phrase is left unresolved rather than guessed
            candidates: list[int] = []
            for office in offices:
                for person in self.registry.holders(office, day):
                    idx = m.index[person.id]
                    if idx not in candidates:
                        candidates.append(idx)
            if len(candidates) == 1:
                holder = candidates[0]
            elif candidates:
                named = [f[0] for f in found if f[1] < start and f[0] in candidates]
                holder = named[-1] if named else None
        if holder is not None and not _is_title_of(text, begin, end, holder, found):
            results.append((holder, begin, end, _HOW_CODE["role"]))
        return results


#: A lone surname resolves through the registry only to someone in office within this many years
#: of the article's date (people without offices in the registry are always eligible).
SURNAME_YEARS = 10


def _exists_on(actor: Actor, day: Any) -> bool:
    if actor.valid_from is not None and day < actor.valid_from:
        return False
    return actor.valid_until is None or day <= actor.valid_until


def _active_near(actor: Actor, day: Any) -> bool:
    if not actor.roles:
        return True
    for role in actor.roles:
        start = role.start.year if role.start else -9999
        end = role.end.year if role.end else 9999
        if start - SURNAME_YEARS <= day.year <= end + SURNAME_YEARS:
            return True
    return False


_MONTHS = frozenset(
    "January February March April May June July August September October November December".split()
)
_MONTH_BEFORE = re.compile(
    r"(?:\b(?:in|since|until|till|by|from|to|of|early|late|mid|last|next|this|on|during"
    r"|before|after|through|between|and)[ -]|-)$"
)


def _looks_like_month(text: str, start: int, end: int) -> bool:
    """Return True when a month-named word is used as the month ("in May", "May 5", "May 2026")."""
    if re.match(r"[ ,]+\d", text[end : end + 3]):
        return True
    return bool(_MONTH_BEFORE.search(text[max(0, start - 10) : start]))


def _suffix_person(text: str, end: int) -> bool:
    """Return True for "Donald Trump Jr." (a different person than the name's owner)."""
    tail = text[end : end + 5]
    return tail.startswith((" Jr", ", Jr", " Sr", ", Sr", " III", " II "))


def _is_mention_at(found: list[tuple[int, int, int, int]], pos: int) -> bool:
    return any(o[1] <= pos < o[2] for o in found)


_TITLE_GAP_AFTER = re.compile(r"^,?\s?$")
_TITLE_GAP_BEFORE = re.compile(r"^,?\s(?:the\s|The\s)?$|^\s?\(?$")


def _is_title_of(
    text: str, start: int, end: int, holder: int, found: list[tuple[int, int, int, int]]
) -> bool:
    """Return True when the role phrase is next to its holder's name (a title, no mention)."""
    for idx, s, e, how in found:
        if idx != holder or how == _HOW_CODE["role"]:
            continue
        if 0 <= s - end <= 2 and _TITLE_GAP_AFTER.match(text[end:s]):
            return True
        if 0 <= start - e <= 6 and _TITLE_GAP_BEFORE.match(text[e:start]):
            return True
    return False


# ---------------------------------------------------------------------- the public function


def extract_actors(
    articles: pd.DataFrame,
    registry: Registry | None = None,
    *,
    capitals: bool | None = None,
) -> pd.DataFrame:
    """Find registry actors in articles and return the ``mentions`` table.

    Parameters
    ----------
    articles
        A frame with ``article_id``, ``title`` and ``body`` (and ``date``, used to resolve role
        phrases to the office holder of the day; the current holder when missing).
    registry
        From :func:`workbench.load_registry`; the packaged registry when None.
    capitals
        Override the registry's setting for capital stand-ins ("Washington" for the United
        States, ``how="capital"``); False drops them.

    Returns
    -------
    pandas.DataFrame
        The ``mentions`` schema (:data:`workbench.schema.MENTIONS`): ``article_id``, ``actor_id``,
        ``actor``, ``kind``, ``country``, ``surface``, ``start``, ``end``, ``how``; offsets index
        :func:`workbench.schema.article_text`. Repetitive columns are categoricals (unused
        categories removed). Rows in article order, then by offset.

    Raises
    ------
    SchemaError
        When ``articles`` lacks ``article_id``, ``title`` or ``body``.
    """
    if not isinstance(articles, pd.DataFrame):
        raise ArgumentError(f"articles must be a pandas DataFrame; got {type(articles).__name__}")
    missing = [c for c in ("article_id", "title", "body") if c not in articles.columns]
    if missing:
        raise SchemaError(f"articles frame lacks columns {missing}; has {list(articles.columns)}")
    if registry is None:
        registry = load_registry()
    elif not isinstance(registry, Registry):
        raise ArgumentError(
            "registry must be a workbench Registry (see load_registry); "
            f"got {type(registry).__name__}"
        )
    if capitals is not None:
        registry = registry.with_capitals(bool(capitals))
    matcher = matcher_for(registry)
    resolver = _Resolver(matcher, registry)
    titles = articles["title"].fillna("").astype(str).tolist()
    bodies = articles["body"].fillna("").astype(str).tolist()
    days = _days(articles)
    rows: list[int] = []
    counts: list[int] = []
    found: list[tuple[int, int, int, int]] = []
    surfaces: list[str] = []
    scan = matcher.scan
    run = resolver.run
    for row, (title, body, day) in enumerate(zip(titles, bodies, days, strict=True)):
        text = f"{title}\n{body}"
        spans = None
        if text.isascii():
            scanned = text
        else:
            scanned, spans = prepare_text(text)
        hits = scan(scanned)
        if not hits:
            continue
        out = run(scanned, day, hits)
        if spans:
            out = _offsets_back(out, spans)
        if out:
            rows.append(row)
            counts.append(len(out))
            found += out
            surfaces += [text[o[1] : o[2]] for o in out]
    table = np.array(found, dtype=np.int64).reshape(-1, 4)
    art_rows = np.repeat(np.asarray(rows, dtype=np.int64), counts)
    actor_rows, starts, ends, hows = table[:, 0], table[:, 1], table[:, 2], table[:, 3]
    return _frame(matcher, articles, art_rows, actor_rows, starts, ends, hows, surfaces)


_NON_ASCII_RUN = re.compile(r"[\x00-\x7f]?[^\x00-\x7f]+")


def prepare_text(text: str) -> tuple[str, list[tuple[int, int, int, int]]]:
    """Return ``text`` as the matcher scans it, and how to map its offsets back.

    Text that is not in Unicode NFC (decomposed: "u" plus a combining diaeresis) is composed
    first; then same-length variants (:data:`TEXT_VARIANTS`: "’" and "‘" to "'", non-breaking
    spaces to " ", Unicode hyphens to "-") are replaced. Only composition changes lengths.

    Parameters
    ----------
    text
        An article text as stored (:func:`workbench.schema.article_text`).

    Returns
    -------
    scanned : str
        The text to scan; as long as ``text`` when ``text`` is already NFC.
    spans : list of (int, int, int, int)
        ``(scanned start, scanned end, text start, text end)`` of each stretch that NFC changed,
        in order; empty when offsets need no mapping.
    """
    spans: list[tuple[int, int, int, int]] = []
    if not unicodedata.is_normalized("NFC", text):
        text, spans = _compose(text)
    for variant, plain in TEXT_VARIANTS:
        if variant in text:
            text = text.replace(variant, plain)
    return text, spans


def _compose(text: str) -> tuple[str, list[tuple[int, int, int, int]]]:
    """NFC-normalise ``text`` piecewise, recording the stretches whose length changed.

    A non-ASCII run with the ASCII character before it is normalised on its own (NFC never
    composes across an ASCII character); inside a run each starter with its combining marks is
    one piece, so mention boundaries map exactly.
    """
    parts: list[str] = []
    spans: list[tuple[int, int, int, int]] = []
    pos = 0  # in text
    out = 0  # in the result
    for m in _NON_ASCII_RUN.finditer(text):
        seg = m.group()
        new = unicodedata.normalize("NFC", seg)
        if new == seg:
            continue
        s, e = m.span()
        parts.append(text[pos:s])
        out += s - pos
        pieces = _pieces(seg)
        composed = [unicodedata.normalize("NFC", p) for p in pieces]
        if "".join(composed) != new:  # composition across pieces (e.g. Hangul jamo): one stretch
            pieces, composed = [seg], [new]
        at = s
        for piece, comp in zip(pieces, composed, strict=True):
            if len(comp) != len(piece):
                spans.append((out, out + len(comp), at, at + len(piece)))
            at += len(piece)
            out += len(comp)
        parts.append(new)
        pos = e
    parts.append(text[pos:])
    return "".join(parts), spans


def _pieces(seg: str) -> list[str]:
    """Split ``seg`` before each character that is not a combining mark."""
    pieces: list[str] = []
    for ch in seg:
        if pieces and unicodedata.combining(ch):
            pieces[-1] += ch
        else:
            pieces.append(ch)
    return pieces


def _offsets_back(
    found: list[tuple[int, int, int, int]], spans: list[tuple[int, int, int, int]]
) -> list[tuple[int, int, int, int]]:
    """Map mention offsets in the composed text back to the text as stored."""
    starts = [sp[0] for sp in spans]

    def back(pos: int, is_end: bool) -> int:
        i = bisect.bisect_right(starts, pos) - 1
        if i < 0:
            return pos
        ns, ne, os_, oe = spans[i]
        if pos >= ne:
            return pos + oe - ne
        if pos == ns:
            return os_
        return oe if is_end else os_  # inside a composed character: take all of it

    return [(a, back(s, False), back(e, True), h) for a, s, e, h in found]


def _days(articles: pd.DataFrame) -> list[Any]:
    if "date" not in articles.columns:
        return [None] * len(articles)
    dates = pd.to_datetime(articles["date"], errors="coerce", utc=True)
    days = np.array(dates.dt.date.tolist(), dtype=object)
    days[dates.isna().to_numpy()] = None
    return days.tolist()


def _categorical(codes: np.ndarray, categories: Any) -> pd.Categorical:
    cat = pd.Categorical.from_codes(codes, categories=pd.Index(categories))
    return cat.remove_unused_categories()


def _frame(
    matcher: _Matcher,
    articles: pd.DataFrame,
    art_rows: np.ndarray,
    actor_rows: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    hows: np.ndarray,
    surfaces: list[str],
) -> pd.DataFrame:
    art = np.asarray(art_rows, dtype=np.int64)
    act = np.asarray(actor_rows, dtype=np.int64)
    id_codes, id_uniques = pd.factorize(articles["article_id"].astype(str).to_numpy())
    frame = pd.DataFrame(
        {
            "article_id": _categorical(id_codes[art] if len(art) else art, id_uniques),
            "actor_id": _categorical(act, matcher.actor_ids),
            "actor": _categorical(matcher.name_codes[act] if len(act) else act, matcher.name_cats),
            "kind": _categorical(matcher.kind_codes[act] if len(act) else act, matcher.kind_cats),
            "country": _categorical(
                matcher.country_codes[act] if len(act) else act, matcher.country_cats
            ),
            "surface": pd.Categorical(surfaces) if surfaces else pd.Categorical([]),
            "start": np.asarray(starts, dtype=np.int64),
            "end": np.asarray(ends, dtype=np.int64),
            "how": _categorical(np.asarray(hows, dtype=np.int64), list(HOW)),
        }
    )
    return frame
