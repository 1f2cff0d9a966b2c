"""Mention rules found missing by an audit: one small written text per case.

Apostrophe and space variants, sentence-initial ambiguous names, titles before shared and common
surnames, qualified institution names, folded forms that are English words, and decomposed
(NFD) Unicode. Each test asserts the mentions exactly: actor id, surface, how, offsets.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench import schema
from workbench.actors import extract_actors, prepare_text
from workbench.registry import Registry, load_registry

RULES = """\
offices:
  - {id: USA.president, title: President of the United States, country: USA, role: president}
  - {id: USA.speaker, title: Speaker of the United States House of Representatives, country: USA,
     role: House speaker, aliases: [Speaker of the House, House Speaker]}
  - {id: GBR.prime_minister, title: Prime Minister of the United Kingdom, country: GBR,
     role: prime minister}
  - {id: CHN.foreign_minister, title: Minister of Foreign Affairs of China, country: CHN,
     role: foreign minister}
actors:
  - {id: USA, name: United States, kind: country, country: USA, aliases: [US],
     capitals: [Washington]}
  - {id: GBR, name: United Kingdom, kind: country, country: GBR, aliases: [UK]}
  - {id: CHN, name: China, kind: country, country: CHN, aliases: ["People's Republic of China"]}
  - {id: TWN, name: Taiwan, kind: country, country: TWN, aliases: [Republic of China]}
  - {id: TCD, name: Chad, kind: country, country: TCD, demonyms: [Chadian],
     capitals: ["N'Djamena"], ambiguous: true}
  - {id: NER, name: Niger, kind: country, country: NER, ambiguous: true}
  - {id: JOR, name: Jordan, kind: country, country: JOR, capitals: [Amman], ambiguous: true}
  - {id: GEO, name: Georgia, kind: country, country: GEO, capitals: [Tbilisi], ambiguous: true}
  - {id: TUR, name: Türkiye, kind: country, country: TUR, former_names: [Turkey],
     capitals: [Ankara], ambiguous: true}
  - {id: GRC, name: Greece, kind: country, country: GRC}
  - {id: SDN, name: Sudan, kind: country, country: SDN}
  - {id: IRN, name: Iran, kind: country, country: IRN}
  - {id: IND, name: India, kind: country, country: IND, demonyms: [Indian]}
  - {id: PER, name: Peru, kind: country, country: PER, demonyms: [Peruvian]}
  - {id: africa, name: Africa, kind: place}
  - {id: reunion, name: Réunion, kind: place, country: FRA, aliases: [La Réunion]}
  - {id: GNB, name: Guinea-Bissau, kind: country, country: GNB}
  - {id: us-congress, name: US Congress, kind: organization, country: USA, aliases: [Congress]}
  - {id: federal-reserve, name: Federal Reserve, kind: organization, country: USA, aliases: [Fed]}
  - {id: gideon-saar, name: "Gideon Sa'ar", kind: person, country: ISR}
  - id: boris-johnson
    name: Boris Johnson
    kind: person
    country: GBR
    roles: [{office: GBR.prime_minister, start: 2019-07-24, end: 2022-09-06}]
  - id: mike-johnson
    name: Mike Johnson
    kind: person
    country: USA
    roles: [{office: USA.speaker, start: 2023-10-25, end: null}]
  - id: keir-starmer
    name: Keir Starmer
    kind: person
    country: GBR
    roles: [{office: GBR.prime_minister, start: 2024-07-05, end: null}]
  - id: wang-yi
    name: Wang Yi
    kind: person
    country: CHN
    surname: Wang
    roles: [{office: CHN.foreign_minister, start: 2023-07-25, end: null}]
  - id: ann-ortiz
    name: Ann Ortiz
    kind: person
    country: USA
    roles: [{office: USA.president, start: 2001-01-20, end: 2005-01-20}]
  - id: bo-ortiz
    name: Bo Ortiz
    kind: person
    country: USA
    roles: [{office: USA.speaker, start: 2003-01-03, end: 2007-01-03}]
"""


@pytest.fixture(scope="module")
def reg(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    path = tmp_path_factory.mktemp("rules") / "rules.yml"
    path.write_text(RULES, encoding="utf-8")
    return load_registry(path, include_default=False)


def frame(body: str, *, title: str = "", date: str | None = "2026-01-27") -> pd.DataFrame:
    return pd.DataFrame(
        {
            "article_id": ["a0"],
            "title": [title],
            "body": [body],
            "date": pd.to_datetime([date], utc=True),
        }
    )


def mentions(
    reg: Registry, body: str, *, title: str = "", date: str | None = "2026-01-27"
) -> list[tuple[str, str, str, int, int]]:
    """(actor_id, surface, how, start, end) of one article; offsets into "title\\nbody"."""
    articles = frame(body, title=title, date=date)
    m = extract_actors(articles, reg)
    text = schema.article_text(articles).iloc[0]
    rows = list(
        zip(
            m["actor_id"].astype(str),
            m["surface"].astype(str),
            m["how"].astype(str),
            m["start"].astype(int),
            m["end"].astype(int),
            strict=True,
        )
    )
    for _, surface, _, start, end in rows:
        assert text[start:end] == surface  # evidence is the text as stored
    return rows


def at(text: str, word: str, nth: int = 0) -> tuple[int, int]:
    """Offsets of the ``nth`` ``word`` in a body (after the empty title's newline)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(word, start + 1)
    return start + 1, start + 1 + len(word)


# --------------------------------------------------------------------------- 1. apostrophes


@pytest.mark.parametrize("apostrophe", ["'", "’", "ʼ"])
def test_apostrophe_variants_inside_names(reg: Registry, apostrophe: str) -> None:
    text = f"The People{apostrophe}s Republic of China protested."
    assert mentions(reg, text) == [
        ("CHN", f"People{apostrophe}s Republic of China", "alias", 5, 31)
    ]
    text = f"Rebels neared N{apostrophe}Djamena."
    assert mentions(reg, text) == [("TCD", f"N{apostrophe}Djamena", "capital", 15, 24)]
    text = f"Gideon Sa{apostrophe}ar spoke."
    assert mentions(reg, text) == [("gideon-saar", f"Gideon Sa{apostrophe}ar", "name", 1, 13)]


def test_taiwan_alias_still_matches_on_its_own(reg: Registry) -> None:
    text = "The Republic of China marked its national day."
    assert mentions(reg, text) == [("TWN", "Republic of China", "alias", 5, 22)]


def test_space_and_hyphen_variants(reg: Registry) -> None:
    text = "Gideon\u00a0Sa’ar flew to Guinea\u2011Bissau."
    assert mentions(reg, text) == [
        ("gideon-saar", "Gideon\u00a0Sa’ar", "name", 1, 13),
        ("GNB", "Guinea\u2011Bissau", "name", 22, 35),
    ]


# --------------------------------------------------------------------------- 2. sentence starts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jordan says it will not accept more refugees.", [("JOR", "Jordan", "name")]),
        (
            "Turkey and Greece agreed to talks.",
            [("TUR", "Turkey", "former_name"), ("GRC", "Greece", "name")],
        ),
        ("Turkey's central bank raised rates.", [("TUR", "Turkey", "former_name")]),
        ("Turkey’s central bank raised rates.", [("TUR", "Turkey", "former_name")]),
        (
            "Chad and Sudan closed their border.",
            [("TCD", "Chad", "name"), ("SDN", "Sudan", "name")],
        ),
        (
            "Niger is a landlocked country in West Africa.",
            [("NER", "Niger", "name"), ("africa", "Africa", "name")],
        ),
        (
            "Washington imposed new sanctions on Iran.",
            [("USA", "Washington", "capital"), ("IRN", "Iran", "name")],
        ),
        ("Prices rose. Georgia has asked for help.", [("GEO", "Georgia", "name")]),
    ],
)
def test_sentence_initial_country_is_kept(reg: Registry, text: str, expected: list) -> None:
    got = mentions(reg, text)
    assert [g[:3] for g in got] == expected
    first = got[0]
    assert (first[3], first[4]) == at(text, first[1])


def test_headline_at_offset_zero_is_kept(reg: Registry) -> None:
    body = "Protesters filled the streets of the capital again."
    assert mentions(reg, body, title="Georgia protests enter third week") == [
        ("GEO", "Georgia", "name", 0, 7)
    ]
    # a Title Case headline: "Protests" is a word of the article, not part of a name
    body = "The protests spread to other towns."
    assert mentions(reg, body, title="Georgia Protests Enter Third Week") == [
        ("GEO", "Georgia", "name", 0, 7)
    ]
    # ... but a capitalised word found nowhere in lowercase still makes a longer name
    assert mentions(reg, "He spoke for an hour.", title="Jordan Peterson Speaks in London") == []


@pytest.mark.parametrize(
    "text",
    [
        "Chad is a drummer.",  # a person noun in its clause
        "Chad Smith said hello.",  # a following surname
        "Jordan said he was tired.",  # a personal pronoun
        "Jordan's wife spoke.",  # a possessive with a family word
        "Michael Jordan retired in 2003. Jordan later bought a team.",  # named in full before
        "Jordan and Brown signed the deal.",  # paired with a name that is not a country
        "Georgia-Pacific said profits rose.",  # a hyphenated company name
    ],
)
def test_sentence_initial_person_is_dropped(reg: Registry, text: str) -> None:
    assert mentions(reg, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Turkey is best brined overnight.",  # food cues
        "Turkey is the centrepiece of Thanksgiving.",
        "Georgia voters went to the polls in the primary.",  # US-state cues
        "Washington state apples are sweet.",
        "Rain fell in Seattle. Washington is wet.",
    ],
)
def test_sentence_initial_food_and_state_are_dropped(reg: Registry, text: str) -> None:
    assert mentions(reg, text) == []


def test_hyphenated_pair_of_countries_is_kept(reg: Registry) -> None:
    text = "Turkey-Iran talks resumed."
    assert [m[:3] for m in mentions(reg, text)] == [
        ("TUR", "Turkey", "former_name"),
        ("IRN", "Iran", "name"),
    ]


# --------------------------------------------------------------------------- 3. wrong mentions


def test_title_chooses_among_people_of_one_surname(reg: Registry) -> None:
    text = "Prime Minister Johnson spoke."
    # in office on the day: that holder; on a day nobody named Johnson is prime minister: none
    assert mentions(reg, text, date="2021-06-01") == [
        ("boris-johnson", "Johnson", "surname", *at(text, "Johnson"))
    ]
    assert mentions(reg, text, date="2026-01-27") == []
    text = "Speaker Johnson spoke."
    assert mentions(reg, text) == [("mike-johnson", "Johnson", "surname", *at(text, "Johnson"))]
    # a full name earlier does not win against a title it does not fit
    text = "Mike Johnson spoke. Prime Minister Johnson replied."
    assert mentions(reg, text) == [("mike-johnson", "Mike Johnson", "name", 1, 13)]


def test_title_before_a_shared_rare_surname(reg: Registry) -> None:
    # two people named Ortiz (not a common surname): the title picks one, even out of office
    text = "President Ortiz wrote a book."
    assert mentions(reg, text, date="2012-05-01") == [
        ("ann-ortiz", "Ortiz", "surname", *at(text, "Ortiz"))
    ]
    text = "Speaker Ortiz wrote a book."
    assert mentions(reg, text, date="2012-05-01") == [
        ("bo-ortiz", "Ortiz", "surname", *at(text, "Ortiz"))
    ]
    assert mentions(reg, "Senator Ortiz wrote a book.", date="2012-05-01") == []  # not known
    assert mentions(reg, "Prime Minister Ortiz wrote.", date="2012-05-01") == []  # fits none


def test_common_surname_needs_the_person_named_earlier(reg: Registry) -> None:
    assert mentions(reg, "Wang said the company had grown.") == []
    text = "Wang Yi met officials. Wang said talks went well."
    assert mentions(reg, text) == [
        ("wang-yi", "Wang Yi", "name", 1, 8),
        ("wang-yi", "Wang", "surname", *at(text, "Wang", 1)),
    ]
    # named only later: the earlier bare surname stays unresolved
    text = "Wang said so. Later Wang Yi arrived."
    assert mentions(reg, text) == [("wang-yi", "Wang Yi", "name", *at(text, "Wang Yi"))]
    # a title naming the office its holder holds that day
    text = "Foreign Minister Wang said talks went well."
    assert mentions(reg, text) == [("wang-yi", "Wang", "surname", *at(text, "Wang"))]
    assert mentions(reg, text, date="2023-01-15") == []  # Wang Yi was out of office then


def test_fed_up_is_no_central_bank(reg: Registry) -> None:
    assert mentions(reg, "Fed up with delays, farmers protested.") == []
    assert mentions(reg, "Fed-up farmers protested.") == []
    text = "The Fed raised rates."
    assert mentions(reg, text) == [("federal-reserve", "Fed", "alias", *at(text, "Fed"))]


def test_congress_of_another_country(reg: Registry) -> None:
    text = "India's opposition Congress party won."
    assert mentions(reg, text) == [("IND", "India", "name", 1, 6)]
    text = "The Peruvian Congress voted."
    assert mentions(reg, text) == [("PER", "Peruvian", "demonym", *at(text, "Peruvian"))]
    assert mentions(reg, "Leaders of the Congress party met.") == []
    text = "The US asked Congress for money."
    assert mentions(reg, text) == [
        ("USA", "US", "alias", *at(text, "US")),
        ("us-congress", "Congress", "alias", *at(text, "Congress")),
    ]
    text = "Democrats in Congress objected."
    assert mentions(reg, text) == [("us-congress", "Congress", "alias", *at(text, "Congress"))]


def test_folded_form_that_is_an_english_word(reg: Registry) -> None:
    assert mentions(reg, "Reunion of separated families began.") == []
    text = "A cyclone hit Réunion and La Reunion."
    assert mentions(reg, text) == [
        ("reunion", "Réunion", "name", *at(text, "Réunion")),
        ("reunion", "La Reunion", "alias", *at(text, "La Reunion")),
    ]
    # folded forms that are no English word still match
    text = "Turkiye and Türkiye."
    assert [m[:2] for m in mentions(reg, text)] == [("TUR", "Turkiye"), ("TUR", "Türkiye")]


# --------------------------------------------------------------------------- 4. Unicode NFD


def test_decomposed_text_matches_with_offsets_into_the_stored_text(reg: Registry) -> None:
    nfd = unicodedata.normalize("NFD", "Türkiye and Réunion met; Ankara agreed.")
    assert len(nfd) == len("Türkiye and Réunion met; Ankara agreed.") + 2
    got = mentions(reg, nfd, title=unicodedata.normalize("NFD", "Türkiye’s move"))
    title_len = len(unicodedata.normalize("NFD", "Türkiye’s move")) + 1
    assert got == [
        ("TUR", "Tu\u0308rkiye", "name", 0, 8),
        ("TUR", "Tu\u0308rkiye", "name", title_len, title_len + 8),
        ("reunion", "Re\u0301union", "name", title_len + 13, title_len + 21),
        ("TUR", "Ankara", "capital", title_len + 27, title_len + 33),
    ]


def test_mixed_and_composed_text_agree(reg: Registry) -> None:
    nfc = "Réunion, then Türkiye: Chad and Niger."
    mixed = nfc.replace("Türkiye", unicodedata.normalize("NFD", "Türkiye"))
    a, b = mentions(reg, nfc), mentions(reg, mixed)
    assert [(m[0], m[2]) for m in a] == [(m[0], m[2]) for m in b]
    assert [m[0] for m in b] == ["reunion", "TUR", "TCD", "NER"]
    assert b[1][1] == unicodedata.normalize("NFD", "Türkiye") != a[1][1]  # as written
    shift = len(mixed) - len(nfc)
    assert [m[3] for m in b] == [a[0][3], a[1][3], a[2][3] + shift, a[3][3] + shift]


def test_prepare_text_maps_only_what_composition_changed() -> None:
    text = "Cafe\u0301 Tu\u0308rkiye ’s"
    scanned, spans = prepare_text(text)
    assert scanned == "Café Türkiye 's"
    assert spans == [(3, 4, 3, 5), (6, 7, 7, 9)]
    assert prepare_text("Türkiye’s") == ("Türkiye's", [])


def test_packaged_registry_audit_texts() -> None:
    reg = load_registry()
    checks = {
        "The People’s Republic of China protested.": "CHN",
        "Rebels neared N’Djamena.": "TCD",
        "Gideon Sa’ar spoke.": "gideon-saar",
        "Jordan says it will not accept more refugees.": "JOR",
        "Turkey's central bank raised rates.": "TUR",
    }
    for text, actor in checks.items():
        assert [m[0] for m in mentions(reg, text)] == [actor], text
    for text in (
        "Fed up with delays, farmers protested.",
        "Reunion of separated families began.",
        "Wang said the company had grown.",
    ):
        assert mentions(reg, text) == [], text
    assert "us-congress" not in {
        m[0] for m in mentions(reg, "India's opposition Congress party won.")
    }
    assert "mike-johnson" not in {m[0] for m in mentions(reg, "Prime Minister Johnson spoke.")}


def test_rules_file_is_valid(tmp_path: Path) -> None:
    from workbench.registry import check_registry

    path = tmp_path / "rules.yml"
    path.write_text(RULES, encoding="utf-8")
    assert [p for p in check_registry(path) if p.severity == "error"] == []


PIECES = [
    "Tu\u0308rkiye", "Türkiye", "Re\u0301union", "N’Djamena", "Gideon", "Sa’ar", "Sa'ar",
    "e\u0301", "\u0308", "Chad", "and", "Sudan", ".", ",", "Jordan", "’s", "\u00a0", "Fed", "up",
    "Congress", "India's", "Wang", "Yi", "Prime", "Minister", "Johnson", "Speaker", "\n",
]  # fmt: skip


@given(st.lists(st.sampled_from(PIECES), max_size=30), st.sampled_from([" ", "", "-"]))
@settings(max_examples=80, deadline=None)
def test_any_mixed_unicode_text_gives_valid_evidence(reg: Registry, words: list, sep: str) -> None:
    body = sep.join(words)
    articles = frame(body, title=sep.join(reversed(words[:4])))
    m = extract_actors(articles, reg)
    text = schema.article_text(articles).iloc[0]
    for row in m.itertuples():
        assert text[row.start : row.end] == row.surface
        assert row.start == 0 or not text[row.start - 1].isalnum()
    assert list(m["start"]) == sorted(m["start"])


def test_a_persons_possessive_does_not_qualify_an_institution(reg: Registry) -> None:
    text = "Wang Yi's Congress visit was cancelled."
    assert [m[0] for m in mentions(reg, text)] == ["wang-yi", "us-congress"]
