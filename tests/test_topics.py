"""Topic taxonomy: loading, validation, stacking, matching rules, hierarchy."""

from __future__ import annotations

import textwrap
import warnings
from pathlib import Path

import pandas as pd
import pytest

import workbench
from workbench import schema
from workbench.errors import RegistryError
from workbench.topics import (
    DEFAULT_TAXONOMY,
    ancestors,
    descendants,
    load_taxonomy,
    tag_topics,
    with_ancestors,
)

CONVENTION_IDS = """gaza-ceasefire iran-nuclear russia-ukraine-war trade-tariffs energy-oil
elections migration climate-change red-sea-shipping syria-transition lebanon-hezbollah
china-taiwan sudan-war
nato-defence ai-technology public-health""".split()

IPTC_TOP = {
    "arts": "medtop:01000000",
    "crime": "medtop:02000000",
    "disaster": "medtop:03000000",
    "economy": "medtop:04000000",
    "education": "medtop:05000000",
    "environment": "medtop:06000000",
    "health": "medtop:07000000",
    "human-interest": "medtop:08000000",
    "labour": "medtop:09000000",
    "lifestyle": "medtop:10000000",
    "politics": "medtop:11000000",
    "religion": "medtop:12000000",
    "science-technology": "medtop:13000000",
    "society": "medtop:14000000",
    "sport": "medtop:15000000",
    "conflict": "medtop:16000000",
    "weather": "medtop:17000000",
}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def articles(*texts: str) -> pd.DataFrame:
    """One article per text: the first line is the title, the rest the body."""
    rows = []
    for i, text in enumerate(texts):
        title, _, body = text.partition("\n")
        rows.append({"article_id": f"a{i}", "title": title, "body": body})
    return pd.DataFrame(rows)


def tagged(frame: pd.DataFrame, taxonomy, mentions=None) -> dict[str, set[str]]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the skip warning has its own test
        out = tag_topics(frame, taxonomy=taxonomy, mentions=mentions)
    return {aid: set(g["topic"]) for aid, g in out.groupby("article_id")}


RULES = """
topics:
  - id: conflict
    label: Conflict, war and peace
  - id: gaza-ceasefire
    parent: conflict
    match:
      phrases: [hostage deal]
      require:
        - [Gaza, Rafah]
        - [ceasefire, truce, hostage*]
      exclude: [football]
  - id: ai
    label: AI
    match:
      phrases: [AI, artificial intelligence]
  - id: us-politics
    match:
      phrases: [US, White House]
  - id: tariffs
    match:
      phrases: [tariff*, trade war, import duties]
      min_phrases: 2
  - id: iran-talks
    match:
      require: [[talks, negotiations]]
      actors: {any: [IRN], names: [Iran, Tehran]}
  - id: hezbollah-only
    match:
      phrases: [strike]
      actors: {all: [hezbollah, ISR]}
"""


@pytest.fixture
def rules(tmp_path: Path):
    return load_taxonomy(write(tmp_path, "rules.yml", RULES), include_default=False)


# ------------------------------------------------------------------ packaged taxonomy


def test_default_taxonomy_has_the_convention_ids_and_iptc_top_level():
    tax = load_taxonomy()
    missing = [t for t in CONVENTION_IDS if t not in tax]
    assert not missing
    top = {t.id: t.iptc for t in tax.topics.values() if t.parent is None}
    assert top == IPTC_TOP
    themes = [t for t in tax.topics.values() if t.parent is not None]
    assert len(themes) >= 25
    assert tax["gaza-ceasefire"].parent == "conflict"
    assert tax["energy-oil"].parent == "economy"  # IPTC files energy under economy
    assert DEFAULT_TAXONOMY.is_file()


def test_default_taxonomy_tags_typical_stories():
    frame = articles(
        "Israel and Hamas agree Gaza truce\nThe ceasefire would free hostages held in Gaza.",
        "Tehran steps up enrichment\nIran's uranium enrichment at Fordow worries the IAEA.",
        "Houthis hit tanker\nA tanker was struck in the Red Sea by Houthi drones.",
        "Brent rises\nOil prices rose as OPEC+ agreed to cut output; Brent crude gained 2%.",
        "Weekend recipes\nA quiet story about gardening with nothing else in it.",
    )
    got = tagged(frame, load_taxonomy())
    assert "gaza-ceasefire" in got["a0"]
    assert "iran-nuclear" in got["a1"]
    assert "red-sea-shipping" in got["a2"]
    assert "energy-oil" in got["a3"]
    assert "a4" not in got


# ------------------------------------------------------------------ matching rules


def test_require_groups_need_a_hit_in_every_group(rules):
    frame = articles(
        "Talks\nMediators push for a ceasefire in Gaza.",  # both groups
        "Talks\nMediators push for a ceasefire in Lebanon.",  # ceasefire only
        "Talks\nAid reaches Gaza and Rafah.",  # Gaza only
        "Deal\nA hostage deal is close.",  # phrase alone suffices
        "Prefix\nHostages were seen in Rafah.",  # hostage* prefix, Rafah
    )
    got = tagged(frame, rules)
    assert "gaza-ceasefire" in got["a0"]
    assert "gaza-ceasefire" not in got.get("a1", set())
    assert "gaza-ceasefire" not in got.get("a2", set())
    assert "gaza-ceasefire" in got["a3"]
    assert "gaza-ceasefire" in got["a4"]


def test_excluded_term_vetoes(rules):
    frame = articles("Match report\nThe Gaza football team agreed a truce with the referee.")
    assert "gaza-ceasefire" not in tagged(frame, rules).get("a0", set())


def test_min_phrases_counts_distinct_terms(rules):
    frame = articles(
        "One\nTariffs, tariffs and more tariffs.",
        "Two\nNew tariffs deepen the trade war.",
    )
    got = tagged(frame, rules)
    assert "tariffs" not in got.get("a0", set())
    assert "tariffs" in got["a1"]


def test_word_boundaries(rules):
    frame = articles(
        "Gazans\nA truce in Gazastan is a made-up place.",  # Gaza inside a longer word
        "Said\nAIDS research; the sAId case.",  # AI inside words
        "Punct\n(Gaza)-truce, agreed.",  # punctuation counts as a boundary
    )
    got = tagged(frame, rules)
    assert "gaza-ceasefire" not in got.get("a0", set())
    assert "ai" not in got.get("a1", set())
    assert "gaza-ceasefire" in got["a2"]


def test_case_rules(rules):
    frame = articles(
        "Upper\nThe US said so.",
        "Lower\nLet us say so, said the ai of the story.",  # lower-case "us" and "ai"
        "Folded\nARTIFICIAL INTELLIGENCE is a phrase; gaza TRUCE too.",
    )
    got = tagged(frame, rules)
    assert "us-politics" in got["a0"]
    assert "us-politics" not in got.get("a1", set())
    assert "ai" not in got.get("a1", set())
    assert {"ai", "gaza-ceasefire"} <= got["a2"]


def test_phrases_match_across_line_breaks_and_curly_apostrophes(tmp_path):
    tax = load_taxonomy(
        write(tmp_path, "t.yml", 'topics:\n  - id: x\n    match: {phrases: ["Iran\'s nuclear"]}\n'),
        include_default=False,
    )
    frame = articles("T\nIran\u2019s\n   nuclear programme.")
    assert tagged(frame, tax)["a0"] == {"x"}


def test_actor_conditions_use_mentions(rules):
    frame = articles(
        "Talks\nNegotiations resumed in Oman.",
        "Talks\nNegotiations resumed in Oman.",
        "Strike\nA strike hit the border.",
        "Strike\nA strike hit the border.",
    )
    mentions = pd.DataFrame(
        {
            "article_id": ["a0", "a2", "a3", "a3"],
            "actor_id": ["IRN", "hezbollah", "hezbollah", "ISR"],
            "actor": ["Iran", "Hezbollah", "Hezbollah", "Israel"],
            "start": [0, 0, 0, 5],
            "end": [1, 1, 1, 6],
        }
    )
    out = tag_topics(frame, taxonomy=rules, mentions=mentions)
    got = {aid: set(g["topic"]) for aid, g in out.groupby("article_id")}
    assert "iran-talks" in got["a0"]
    assert "iran-talks" not in got.get("a1", set())  # no Iran mention
    assert "hezbollah-only" not in got.get("a2", set())  # 'all' needs both actors
    assert "hezbollah-only" in got["a3"]
    evidence = out[(out.article_id == "a0") & (out.topic == "iran-talks")]["evidence"].iloc[0]
    assert "@IRN" in evidence and "negotiations" in evidence


def test_actor_conditions_without_mentions_fall_back_to_names_or_skip(rules):
    frame = articles(
        "Talks\nNegotiations with Tehran resumed.",
        "Talks\nNegotiations resumed in Oman.",
        "Strike\nA strike by Hezbollah on Israel.",
    )
    with pytest.warns(UserWarning, match="hezbollah-only"):
        out = tag_topics(frame, taxonomy=rules)
    got = {aid: set(g["topic"]) for aid, g in out.groupby("article_id")}
    assert "iran-talks" in got["a0"]
    assert "iran-talks" not in got.get("a1", set())
    assert "hezbollah-only" not in got.get("a2", set())  # no names: skipped


def test_output_schema_order_evidence_and_score(rules):
    frame = articles(
        "Gaza truce\nThe ceasefire in Gaza holds; Gaza calm.",
        "Gaza truce\nGaza truce.",
        "Nothing\nNothing here.",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = tag_topics(frame, taxonomy=rules)
    schema.validate(out, "topics")
    assert list(out.columns) == ["article_id", "topic", "score", "method", "evidence"]
    assert set(out["method"]) == {"taxonomy"}
    assert out["score"].between(0, 1).all()
    first, second = out.set_index("article_id").loc[["a0", "a1"], "score"]
    assert first > second  # more hits, higher score
    assert out.loc[out.article_id == "a0", "evidence"].iloc[0].split("; ")[0] == "Gaza"


def test_empty_input_gives_empty_topics_table(rules):
    empty = pd.DataFrame({c: pd.Series(dtype="str") for c in ("article_id", "title", "body")})
    out = tag_topics(empty, taxonomy=rules)
    assert len(out) == 0
    schema.validate(out, "topics")


# ------------------------------------------------------------------ hierarchy


def test_descendants_and_ancestors():
    tax = load_taxonomy()
    under_conflict = descendants(tax, "conflict")
    assert under_conflict[0] == "conflict"
    assert {"gaza-ceasefire", "russia-ukraine-war", "sudan-war"} <= set(under_conflict)
    assert "trade-tariffs" not in under_conflict
    assert ancestors(tax, "gaza-ceasefire") == ["conflict"]
    assert descendants(tax, "learned-03") == ["learned-03"]


def test_with_ancestors_adds_parent_rows_once(rules):
    frame = articles("Gaza truce\nThe ceasefire in Gaza holds.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = with_ancestors(tag_topics(frame, taxonomy=rules), rules)
    assert sorted(out["topic"]) == ["conflict", "gaza-ceasefire"]
    parent = out[out.topic == "conflict"].iloc[0]
    assert parent["evidence"] == "via gaza-ceasefire"


# ------------------------------------------------------------------ stacking


def test_stacking_extends_and_overrides_by_id(tmp_path, rules):
    base = write(tmp_path, "base.yml", RULES)
    mine = write(
        tmp_path,
        "mine.yml",
        """
        topics:
          - id: tariffs
            label: My tariffs
            match:
              phrases: [levies]
          - id: my-beat
            parent: conflict
            match:
              phrases: [Sahel]
          - id: ai
            drop: true
        """,
    )
    tax = load_taxonomy(base, mine, include_default=False)
    assert tax["tariffs"].label == "My tariffs"
    assert tax["tariffs"].phrases == ("levies",)
    assert tax["gaza-ceasefire"].require == rules["gaza-ceasefire"].require  # untouched
    assert "ai" not in tax
    assert "my-beat" in descendants(tax, "conflict")
    assert tax["my-beat"].origin == f"{mine}:6"
    frame = articles("Levies\nNew levies announced.", "Sahel\nUnrest in the Sahel.")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        got = tagged(frame, tax)
    assert got == {"a0": {"tariffs"}, "a1": {"my-beat"}}


def test_stacking_on_the_packaged_taxonomy(tmp_path):
    mine = write(
        tmp_path, "mine.yml",
        "topics:\n  - id: arctic\n    parent: politics\n    match: {phrases: [Arctic]}\n",
    )
    tax = load_taxonomy(mine)
    assert "gaza-ceasefire" in tax and "arctic" in descendants(tax, "politics")
    assert workbench.load_taxonomy is load_taxonomy


# ------------------------------------------------------------------ validation errors


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("topics:\n  - id: a\n    label: [unclosed\n", 4, "not valid YAML"),
        ("topics:\n  - id: a\n  - id: Bad Id\n", 3, "lowercase slug"),
        ("topics:\n  - id: a\n  - id: b\n    colour: red\n", 4, "unknown key 'colour'"),
        ("topics:\n  - id: a\n  - id: a\n", 3, "duplicate topic id 'a'"),
        ("topics:\n  - id: a\n    parent: nowhere\n", 2, "unknown parent 'nowhere'"),
        ("topics:\n  - id: a\n    match:\n      phrases: [x, {y: 1}]\n", 4, "non-text term"),
        ("topics:\n  - id: a\n    match:\n      phrases: 3\n", 4, "non-empty list"),
        ("topics:\n  - id: a\n    match:\n      require: [x, [y]]\n", 4, "list of term lists"),
        ("topics:\n  - id: a\n    match:\n\n      require: []\n", 5, "list of term lists"),
        ("topics:\n  - id: a\n    match: {phrases: [x], min_phrases: 0}\n", 3, "min_phrases"),
        ("topics:\n  - id: a\n    match: {exclude: [x]}\n", 3, "exclude alone"),
        ("topics:\n  - id: a\n    match: {phrases: [x], colour: 1}\n", 3, "unknown match key"),
        ("topics:\n  - id: a\n    match: {phrases: [x], actors: {names: [y]}}\n", 3, "actor ids"),
        ("topics:\n  - id: a\n    parent: b\n  - id: b\n    parent: a\n", 2, "own ancestor"),
        ("topics:\n  - label: no id\n", 2, "lowercase slug"),
        ("topics: {a: 1}\n", 1, "must be a list"),
        ("things: []\n", 1, "'topics:' list"),
    ],
)
def test_validation_errors_name_file_and_line(tmp_path, text, line, message):
    path = write(tmp_path, "bad.yml", text)
    with pytest.raises(RegistryError, match=message) as info:
        load_taxonomy(path, include_default=False)
    assert info.value.origin == str(path)
    assert info.value.line == line
    assert str(info.value).startswith(f"{path}:{line}: ")


def test_python_tags_are_refused(tmp_path):
    path = write(tmp_path, "evil.yml", "topics: !!python/object/apply:os.system ['true']\n")
    with pytest.raises(RegistryError, match="not valid YAML"):
        load_taxonomy(path, include_default=False)


def test_missing_file_is_a_registry_error(tmp_path):
    with pytest.raises(RegistryError, match="cannot read"):
        load_taxonomy(tmp_path / "absent.yml")


def test_taxonomy_agrees_with_the_sample_ground_truth():
    sample_mod = pytest.importorskip("workbench.sample")
    sample = sample_mod.generate(300, seed=5)
    frame = pd.DataFrame(
        {"article_id": sample["ref"].astype(str), "title": sample["title"], "body": sample["body"]}
    )
    got = tagged(frame, load_taxonomy())
    tp = fp = fn = 0
    for ref, gold in zip(frame["article_id"], sample["topics"], strict=True):
        predicted = got.get(ref, set()) & set(CONVENTION_IDS)
        tp += len(predicted & set(gold))
        fp += len(predicted - set(gold))
        fn += len(set(gold) - predicted)
    assert tp / (tp + fp) >= 0.9
    assert tp / (tp + fn) >= 0.9


def test_actor_ids_may_be_categorical(rules):
    frame = articles("Talks\nNegotiations resumed in Oman.")
    mentions = pd.DataFrame(
        {"article_id": ["a0"], "actor_id": pd.Categorical(["IRN"]), "actor": ["Iran"],
         "start": [0], "end": [1]}
    )
    assert "iran-talks" in tagged(frame, rules, mentions=mentions)["a0"]


def test_dropping_an_unknown_topic_names_file_and_line(tmp_path):
    base = write(tmp_path, "base.yml", RULES)
    mine = write(tmp_path, "mine.yml", "topics:\n  - id: ai\n  - id: nope\n    drop: true\n")
    with pytest.raises(RegistryError, match="cannot drop unknown topic 'nope'") as info:
        load_taxonomy(base, mine, include_default=False)
    assert (info.value.origin, info.value.line) == (str(mine), 3)


# ------------------------------------------------------------------ ignore phrases

IGNORE_RULES = """
topics:
  - id: labour
    match:
      phrases: [strike, strikes, workers]
      min_phrases: 2
      ignore: [air strike*, aid workers]
  - id: banks
    match:
      phrases: [bank, banks]
      ignore: [West Bank]
"""


@pytest.fixture
def ignoring(tmp_path: Path):
    return load_taxonomy(write(tmp_path, "ignore.yml", IGNORE_RULES), include_default=False)


def test_terms_inside_ignored_phrases_do_not_count(ignoring):
    frame = articles(
        "Air strikes\nIsraeli air strikes killed seven aid workers.",  # both inside ignores
        "Dockers\nDock workers began strikes over pay.",
        "Both\nAir strikes hit the port; dock workers went on strikes too.",  # one of each counts
        "Bank\nA bank in the West Bank reopened.",  # "bank" outside the ignored phrase counts
        "West Bank\nRaids across the West Bank.",
    )
    got = tagged(frame, ignoring)
    assert "a0" not in got
    assert got["a1"] == {"labour"}
    assert got["a2"] == {"labour"}  # ignore vetoes nothing: the other occurrence still counts
    assert got["a3"] == {"banks"}
    assert "a4" not in got


def test_ignored_occurrences_are_not_evidence_and_do_not_score(ignoring):
    frame = articles("Both\nAir strikes, then strikes by dock workers and more aid workers.")
    out = tag_topics(frame, taxonomy=ignoring)
    row = out.set_index("topic").loc["labour"]
    assert sorted(row["evidence"].split("; ")) == ["strikes", "workers"]
    assert row["score"] == pytest.approx(2 / 4)  # two counted occurrences, not four


def test_a_prefix_ignore_covers_the_whole_word(tmp_path):
    tax = load_taxonomy(
        write(tmp_path, "t.yml", """
            topics:
              - id: x
                match: {phrases: [strikes], ignore: [air strike*]}
            """),
        include_default=False,
    )
    assert tagged(articles("T\nAir strikes."), tax) == {}
    assert tagged(articles("T\nThe strikes spread."), tax) == {"a0": {"x"}}


# ------------------------------------------------------------------ YAML loader


def test_yaml_12_booleans_keep_yes_no_on_as_text(tmp_path):
    path = write(tmp_path, "t.yml", "topics:\n  - id: vote\n    match:\n"
                 "      phrases: [yes, NO, on, Off]\n")
    tax = load_taxonomy(path, include_default=False)
    assert tax["vote"].phrases == ("yes", "NO", "on", "Off")
    got = tagged(articles("Referendum\nVoters said NO.", "Lower\nThere is no way."), tax)
    assert got == {"a0": {"vote"}}  # NO is all capitals: case-sensitive


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "topics:\n  - id: a\n    match: {phrases: [x]}\n    match: {phrases: [y]}\n",
            4,
            r"duplicate key 'match' \(first on line 3\)",
        ),
        (
            "topics:\n  - id: a\n    match:\n      phrases: [x]\n      min_phrases: 1\n"
            "      phrases: [y]\n",
            6,
            r"duplicate key 'phrases' \(first on line 4\)",
        ),
        ("topics:\n  - id: a\n    drop: yes\n", 3, "must be true or false"),
        ("topics:\n  - id: a\n    match:\n      phrases:\n        - x\n        - 3.10\n", 6,
         r"non-text term 3\.1 \(write it in quotes\)"),
        ("topics:\n  - id: a\n    match:\n      phrases: [x, true]\n", 4, "non-text term True"),
        ("topics:\n  - id: a\n    match:\n      phrases: [2025-01-01]\n", 4, "write it in quotes"),
        ("topics:\n  - id: a\n    match: {ignore: [x]}\n", 3, "ignore alone"),
        ("topics:\n  - id: a\n    match:\n      phrases: [x, y]\n      ignore: [z, y]\n", 5,
         "ignore repeats a term of the rule itself: 'y'"),
        ("version: 1\ncolour: red\ntopics: []\n", 2, "unknown top-level key 'colour'"),
    ],
)
def test_loader_strictness_names_file_and_line(tmp_path, text, line, message):
    path = write(tmp_path, "bad.yml", text)
    with pytest.raises(RegistryError, match=message) as info:
        load_taxonomy(path, include_default=False)
    assert (info.value.origin, info.value.line) == (str(path), line)


# ------------------------------------------------------------------ actor ids against a registry

ACTORS = """
actors:
  - id: IRN
    name: Iran
    kind: country
    country: IRN
  - id: hezbollah
    name: Hezbollah
    kind: group
    country: LBN
  - id: ISR
    name: Israel
    kind: country
    country: ISR
"""

ACTOR_RULES = """
topics:
  - id: iran-talks
    match:
      require: [[talks]]
      actors: {any: [IRN], names: [Iran]}
  - id: border
    match:
      phrases: [strike]
      actors:
        all:
          - hezbolah
          - ISR
  - id: typo
    match:
      phrases: [talks]
      actors: {any: [IRQ, XYZ]}
"""


@pytest.fixture
def registry(tmp_path: Path):
    from workbench.registry import load_registry

    return load_registry(write(tmp_path, "actors.yml", ACTORS), include_default=False)


def test_check_taxonomy_reports_unknown_actor_ids_with_file_and_line(tmp_path, registry):
    from workbench.topics import check_taxonomy

    path = write(tmp_path, "rules.yml", ACTOR_RULES)
    problems = check_taxonomy(load_taxonomy(path, include_default=False), registry=registry)
    errors = [p for p in problems if p.severity == "error"]
    assert [(p.path, p.line) for p in errors] == [(str(path), 11), (str(path), 16), (str(path), 16)]
    assert "unknown actor id 'hezbolah'" in errors[0].message
    assert "did you mean 'hezbollah'?" in errors[0].message
    assert "'IRQ'" in errors[1].message and "'XYZ'" in errors[2].message
    warned = {p.message.split("'")[1] for p in problems if p.severity == "warning"}
    assert warned == {"border", "typo"}  # no 'names': skipped without a mentions table
    assert check_taxonomy(load_taxonomy(path, include_default=False), registry=registry,
                          include_warnings=False) == errors


def test_tag_topics_with_a_registry_refuses_unknown_actor_ids(tmp_path, registry):
    path = write(tmp_path, "rules.yml", ACTOR_RULES)
    tax = load_taxonomy(path, include_default=False)
    frame = articles("Talks\nTalks with Iran resumed.")
    mentions = pd.DataFrame({"article_id": ["a0"], "actor_id": ["IRN"], "actor": ["Iran"],
                             "start": [11], "end": [15]})
    with pytest.raises(RegistryError, match=r"unknown actor id 'hezbolah'.*\(and 2 more\)") as info:
        tag_topics(frame, taxonomy=tax, mentions=mentions, registry=registry)
    assert (info.value.origin, info.value.line) == (str(path), 11)
    fixed = write(tmp_path, "fixed.yml", ACTOR_RULES.replace("hezbolah", "hezbollah")
                  .replace("[IRQ, XYZ]", "[IRN]"))
    out = tag_topics(frame, taxonomy=load_taxonomy(fixed, include_default=False),
                     mentions=mentions, registry=registry)
    assert set(out["topic"]) == {"iran-talks", "typo"}


def test_packaged_taxonomy_passes_its_check():
    from workbench.topics import check_taxonomy

    assert check_taxonomy(load_taxonomy()) == []
