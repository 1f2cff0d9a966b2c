"""The sample corpus generator: determinism, phrasing variety, truth, role dates, loading."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

from workbench.errors import ArgumentError
from workbench.sample import TRUTH_NAME, facts, generate, load_truth, write_sample
from workbench.sample.generator import COMPILED, SOURCES, intensity

N = 2500
STRAIGHT = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


@pytest.fixture(scope="module")
def corpus() -> pd.DataFrame:
    return generate(N, seed=0)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    write_sample(out, 600, seed=3, per_file=100)
    return out


def _text(frame: pd.DataFrame) -> pd.Series:
    return frame["title"] + "\n" + frame["body"]


# ---------------------------------------------------------------------------- determinism


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    write_sample(a, 400, seed=7, per_file=150)
    write_sample(b, 400, seed=7, per_file=150)
    write_sample(c, 400, seed=8, per_file=150)
    files_a, files_b, files_c = _files(a), _files(b), _files(c)
    assert sorted(files_a) == [TRUTH_NAME, "articles-00000.txt", "articles-00001.txt",
                               "articles-00002.txt"]
    assert files_a == files_b
    assert files_a.keys() == files_c.keys()
    for name in files_a:
        assert files_a[name] != files_c[name], name


def test_rewrite_replaces_older_corpus(tmp_path: Path) -> None:
    write_sample(tmp_path, 50, seed=1, per_file=10)
    write_sample(tmp_path, 20, seed=1, per_file=10)
    assert sorted(p.name for p in tmp_path.glob("articles-*.txt")) == [
        "articles-00000.txt", "articles-00001.txt"]
    assert len(load_truth(tmp_path)) == 20


def test_one_article_per_file_and_cli(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    from workbench.cli import main

    assert main(["sample", "--n", "30", "--seed", "2", "--out", str(tmp_path),
                 "--per-file", "1"]) == 0
    files = sorted(tmp_path.glob("articles-*.txt"))
    assert len(files) == 30
    for f in files:
        assert f.read_text(encoding="utf-8").count("\n date ") == 0  # exactly one header each
        assert f.read_text(encoding="utf-8").startswith(" date ")
    truth = load_truth(tmp_path)
    assert truth["file"].tolist() == [f.name for f in files]
    assert (truth["line"] == 1).all()
    assert "wrote 30 articles" in capsys.readouterr().err


def test_bad_arguments_are_named() -> None:
    with pytest.raises(ArgumentError, match="n must be"):
        generate(-1)
    with pytest.raises(ArgumentError, match="per_file"):
        write_sample("unused", 5, per_file=0)
    with pytest.raises(ArgumentError, match="start"):
        generate(5, start="yesterday")
    with pytest.raises(ArgumentError, match="after end"):
        generate(5, start="2026-01-01", end="2025-01-01")
    with pytest.raises(ArgumentError, match="covers 2024-12-01"):
        generate(5, start="2023-01-01")
    narrow = generate(40, seed=1, start="2025-06-01", end="2025-06-30")
    assert narrow["date"].dt.strftime("%Y-%m").eq("2025-06").all()


# ---------------------------------------------------------------------------- the format


def test_text_matches_the_io_writer_and_headers(written: Path) -> None:
    from workbench.io.writer import articles_to_text

    truth = load_truth(written)
    first = (written / "articles-00000.txt").read_text(encoding="utf-8")
    lines = first.split("\n")
    rows = truth[truth["file"] == "articles-00000.txt"]
    for _, row in rows.iterrows():
        assert lines[row["line"] - 1] == f" date {row['date'].date()} {row['ref']}"
        assert lines[row["line"]] == row["title"]
    # the io writer, given the same articles, writes the same bytes
    frame = generate(600, seed=3).iloc[:100]
    assert articles_to_text(frame[["date", "title", "body", "ref"]]) == first


def test_loads_with_no_rejects_and_every_truth_ref_joins(written: Path) -> None:
    from workbench.io import read_articles_with_rejects

    result = read_articles_with_rejects(written)
    assert result.rejects.empty
    assert result.n_seen == 600
    articles = result.articles.set_index("ref")
    truth = load_truth(written)
    dup = truth["duplicate_of"].notna()
    assert dup.sum() >= 1
    joined = truth[~dup]
    assert joined["ref"].isin(articles.index).all()
    # exact duplicates fold into their original, which is loaded
    assert truth.loc[dup, "duplicate_of"].isin(articles.index).all()
    assert len(articles) == (~dup).sum()
    got = articles.loc[joined["ref"]]
    assert (got["source"].to_numpy() == joined["source"].to_numpy()).all()
    assert (got["title"].to_numpy() == joined["title"].to_numpy()).all()
    assert (got["date"].to_numpy() == joined["date"].to_numpy()).all()


# ---------------------------------------------------------------------------- realism


def test_world_has_enough_actors() -> None:
    kinds = pd.Series(
        ["country"] * len(facts.COUNTRIES) + ["organization"] * len(facts.ORGANIZATIONS)
        + ["person"] * len(facts.PERSONS) + ["place"] * len(facts.PLACES)
    ).value_counts()
    assert kinds.sum() >= 80
    assert kinds["country"] >= 40
    assert kinds["organization"] >= 20
    for name in ["United Nations", "NATO", "European Union", "IAEA", "OPEC", "Hamas",
                 "Hezbollah", "Houthis"]:
        assert name in {o[1] for o in facts.ORGANIZATIONS} | {o[2] for o in
                                                              facts.ORGANIZATIONS}, name
    assert len({s.tag for s in SOURCES}) >= 5
    assert len(COMPILED) >= 12


def test_actor_and_role_tables(corpus: pd.DataFrame) -> None:
    from workbench.sample import actors_table, roles_table

    actors = actors_table()
    assert actors["id"].is_unique
    used = {a["id"] for acts in corpus["actors"] for a in acts}
    assert used <= set(actors["id"])
    assert actors.set_index("id").loc["TUR", "name"] == "Türkiye"
    roles = roles_table()
    trump = roles[(roles["role"] == "USA.president") & (roles["person"] == "donald-trump")]
    assert trump[["title", "start"]].values.tolist() == [["US President", "2025-01-20"]]
    assert set(roles["person"]) <= set(actors["id"])


def test_every_truth_actor_is_written_in_its_article(corpus: pd.DataFrame) -> None:
    missing = []
    for text, source, actors in zip(_text(corpus), corpus["source"], corpus["actors"],
                                    strict=True):
        for actor in actors:
            for surface in actor["surfaces"]:
                if surface not in text and surface.translate(STRAIGHT) not in text:
                    missing.append((source, actor["id"], surface))
    assert not missing, missing[:10]


def test_every_actor_has_the_conventional_kind(corpus: pd.DataFrame) -> None:
    kinds = {}
    for actors in corpus["actors"]:
        for a in actors:
            kinds[a["id"]] = a["kind"]
    assert kinds["hamas"] == "organization"
    assert kinds["USA"] == "country"
    assert kinds["gaza"] == "place"
    assert kinds["benjamin-netanyahu"] == "person"
    assert set(kinds.values()) <= {"person", "organization", "country", "place", "group"}
    assert len(kinds) >= 120  # the corpus really uses a wide cast


def _articles_with(corpus: pd.DataFrame, how: str) -> int:
    return sum(any(how in a["hows"] for a in actors) for actors in corpus["actors"])


@pytest.mark.parametrize(
    "how, pattern, low",
    [
        ("possessive", r"\b[A-Z][\w\-]*[’']s?\b", 0.15),  # "Trump’s", "Abbas’"
        ("demonym", r"\b(?:Israeli|Qatari|American|Russian|Ukrainian|Iranian|Chinese|Turkish)"
         r" (?:officials|mediators|forces|media|diplomats|troops|defence|army|health|air)", 0.15),
        ("capital", r"\b(?:Washington|Moscow|Beijing|Tehran|Kyiv|Doha|Cairo|Ankara|Riyadh)\b",
         0.2),
        ("role", r"\b[Tt]he (?:[A-Z][\w ]+ )?(?:president|prime minister|chief|leader|"
         r"foreign minister|envoy|chancellor|secretary)\b", 0.2),
        ("surname", None, 0.3),
    ],
)
def test_phrasing_varieties_present_at_sensible_rates(
    corpus: pd.DataFrame, how: str, pattern: str | None, low: float
) -> None:
    rate = _articles_with(corpus, how) / len(corpus)
    assert low <= rate <= 0.95, (how, rate)
    if pattern:
        found = _text(corpus).str.contains(pattern, regex=True).mean()
        assert found >= low * 0.8, (how, found)


def test_full_titles_then_surnames(corpus: pd.DataFrame) -> None:
    text = _text(corpus)
    titled = text.str.contains("Israeli Prime Minister Benjamin Netanyahu", regex=False)
    assert titled.sum() >= 10
    # after the full first mention, the same article calls him by surname
    later = text[titled].map(
        lambda t: "Netanyahu" in t.split("Israeli Prime Minister Benjamin Netanyahu", 1)[1]
    )
    assert later.mean() > 0.2


def test_quotes_curly_with_speakers(corpus: pd.DataFrame) -> None:
    text = _text(corpus)
    with_quotes = corpus["quotes"].map(len) > 0
    assert 0.4 < with_quotes.mean() < 0.95
    curly = text.str.contains("“", regex=False)
    assert curly.mean() > 0.3
    for body, source, quotes, actors in zip(corpus["body"], corpus["source"], corpus["quotes"],
                                            corpus["actors"], strict=True):
        ids = {a["id"] for a in actors}
        assert len({q["text"] for q in quotes}) == len(quotes)  # no quote repeated
        for q in quotes:
            words = q["text"] if source != "Nordwire" else q["text"].translate(STRAIGHT)
            assert words in body
            assert q["speaker"] in ids
    # one house style uses straight quotes, the others curly ones (near duplicates are copies
    # of another source's text, so they keep its style)
    own = corpus["near_duplicate_of"].isna()
    text, corpus = text[own], corpus[own]
    nordwire = corpus["source"] == "Nordwire"
    assert not text[nordwire].str.contains("[“”’]", regex=True).any()
    assert text[~nordwire].str.contains("“", regex=False).mean() > 0.3


def test_non_ascii_names_and_house_spellings(corpus: pd.DataFrame) -> None:
    text = _text(corpus)
    assert text.str.contains("Türkiye", regex=False).sum() >= 5
    assert text.str.contains("Erdoğan", regex=False).sum() >= 5
    assert text.str.contains("António Guterres", regex=False).sum() >= 5
    # house styles: "U.S." only in two sources, "Turkey" only where the style says so
    own = corpus["near_duplicate_of"].isna()
    text, corpus = text[own], corpus[own]
    us_dots = {s.tag for s in SOURCES if s.us_dots}
    has_dots = text.str.contains("U.S.", regex=False)
    assert has_dots.sum() >= 10
    assert set(corpus.loc[has_dots, "source"]) <= us_dots
    turkey = {s.tag for s in SOURCES if s.turkey}
    assert set(corpus.loc[text.str.contains(r"\bTurkey\b", regex=True), "source"]) <= turkey
    # every article opens with its "(SOURCE)" lead
    leads = corpus["body"].str.extract(r"^\(([^)]+)\) ", expand=False)
    assert (leads == corpus["source"]).all()


def test_duplicates_and_near_duplicates(corpus: pd.DataFrame) -> None:
    dup = corpus["duplicate_of"].notna()
    near = corpus["near_duplicate_of"].notna()
    assert 0.005 < dup.mean() < 0.03
    assert 0.015 < near.mean() < 0.06
    by_ref = corpus.set_index("ref")
    for _, row in corpus[dup].iterrows():
        orig = by_ref.loc[row["duplicate_of"]]
        assert (orig["title"], orig["body"], orig["date"]) == (row["title"], row["body"],
                                                               row["date"])
    for _, row in corpus[near].iterrows():
        orig = by_ref.loc[row["near_duplicate_of"]]
        assert orig["source"] != row["source"]
        assert orig["body"] != row["body"]
        a = orig["body"].split(") ", 1)[1].split()
        b = row["body"].split(") ", 1)[1].split()
        shared = len(set(a) & set(b)) / len(set(a) | set(b))
        assert shared > 0.6, shared
    assert corpus["ref"].is_unique


# ---------------------------------------------------------------------------- facts and dates


@pytest.mark.parametrize(
    "before, after, change",
    [
        ("Joe Biden", "Donald Trump", "2025-01-20"),
        ("Olaf Scholz", "Friedrich Merz", "2025-05-06"),
        ("Prime Minister Justin Trudeau", "Mark Carney", "2025-03-14"),
        ("Shigeru Ishiba", "Sanae Takaichi", "2025-10-21"),
        ("David Lammy", "Yvette Cooper", "2025-09-05"),
        ("President Bashar al-Assad", "Ahmed al-Sharaa", "2024-12-08"),
        ("Antony Blinken", "Marco Rubio", "2025-01-21"),
        ("Pope Francis", "Pope Leo XIV", "2025-05-08"),
    ],
)
def test_role_holders_match_article_dates(corpus: pd.DataFrame, before: str, after: str,
                                          change: str) -> None:
    text = _text(corpus)
    date = corpus["date"].dt.strftime("%Y-%m-%d")
    has_before, has_after = text.str.contains(before, regex=False), text.str.contains(after,
                                                                                      regex=False)
    assert (date[has_before] < change).all(), corpus.loc[has_before & (date >= change), "ref"]
    assert (date[has_after] >= change).all(), corpus.loc[has_after & (date < change), "ref"]
    assert has_after.sum() > 0


def test_quotes_belong_to_the_role_holder_of_the_day(corpus: pd.DataFrame) -> None:
    speakers = {}
    for day, quotes in zip(corpus["date"].dt.strftime("%Y-%m-%d"), corpus["quotes"],
                           strict=True):
        for q in quotes:
            speakers.setdefault(q["text"], set()).add(q["speaker"])
            if q["text"] == "Tariffs are making our country rich again":
                assert day >= "2025-01-20"
    assert speakers["Tariffs are making our country rich again"] == {"donald-trump"}
    # a role's quote is spoken by whoever holds the role: both US presidents say this one
    assert speakers["We want the hostages home and we want peace"] == {"joe-biden",
                                                                      "donald-trump"}


def test_titled_persons_hold_their_role_that_day(corpus: pd.DataFrame) -> None:
    """Every person written with a title or by role holds a matching role on the article date."""
    literal_persons = {
        m[0]
        for story in COMPILED
        for group in (story.leads, story.bodies, story.context, *story.titles.values())
        for t in group
        for m in t.fixed
    }
    roles_of: dict[str, list[str]] = {}
    for key, role in facts.ROLES.items():
        for person, *_ in role[5]:
            roles_of.setdefault(person, []).append(key)
    checked = 0
    for day, actors in zip(corpus["date"].dt.strftime("%Y-%m-%d"), corpus["actors"],
                           strict=True):
        for a in actors:
            if a["kind"] != "person" or a["id"] in literal_persons:
                continue
            holds = [k for k in roles_of[a["id"]] if facts.holder(k, day) == a["id"]]
            assert holds, (day, a["id"])
            checked += 1
    assert checked > 1000


def test_facts_tables_are_consistent() -> None:
    persons = {p[0] for p in facts.PERSONS}
    actors = ({c[0] for c in facts.COUNTRIES} | {o[0] for o in facts.ORGANIZATIONS} | persons)
    for key, (_prefix, prefix_actor, _office, _role, fmt, holders) in facts.ROLES.items():
        assert prefix_actor is None or prefix_actor in actors, key
        assert "{name}" in fmt, key
        spans = []
        for person, start, end, *_ in holders:
            assert person in persons, (key, person)
            assert start is None or end is None or start < end, (key, person)
            spans.append((start or "0000", end or "9999"))
        spans.sort()
        for (_s1, e1), (s2, _e2) in zip(spans, spans[1:], strict=False):
            assert e1 <= s2, f"{key}: overlapping holders"
    assert facts.holder("USA.president", "2025-01-19") == "joe-biden"
    assert facts.holder("USA.president", "2025-01-20") == "donald-trump"
    assert facts.holder("SYR.president", "2024-12-07") == "bashar-al-assad"
    assert facts.holder("SYR.president", "2024-12-08") == "ahmed-al-sharaa"
    assert facts.holder("VAT.pope", "2025-05-01") is None  # the see was vacant


# ---------------------------------------------------------------------------- story lines


def test_story_lines_peak_at_different_times(corpus: pd.DataFrame) -> None:
    month = corpus["date"].dt.strftime("%Y-%m")
    counts = pd.crosstab(month, corpus["story"])
    assert counts.shape[1] >= 12
    smooth = counts.rolling(3, center=True, min_periods=1).mean()
    peaks = smooth.idxmax()
    assert peaks.nunique() >= 8, peaks.to_dict()
    # known peaks of the underlying curves show in the generated counts
    assert "2025-05" <= peaks["iran-nuclear"] <= "2025-07"
    assert "2025-01" <= peaks["trade-tariffs"] <= "2025-08"
    assert peaks["climate-change"] in {"2025-10", "2025-11", "2025-12", "2026-10", "2026-11"}
    syria = counts["syria-transition"]
    assert syria.loc["2024-12":"2025-01"].mean() > 1.5 * syria.loc["2026-01":].mean()
    # each story rises and fades: its peak month is well above its quietest stretch
    assert ((smooth.max() / smooth.min().clip(lower=0.5)) > 2).mean() > 0.7


def test_every_story_can_be_written_on_every_day() -> None:
    """Each date segment of each story has titles, leads and bodies whose cast is in office."""
    for story in COMPILED:
        for segment, day in enumerate(story.bounds):
            if day > "2026-11-20":
                continue
            pools = story.pools(segment, 0)  # raises when a pool is empty
            assert pools["leads"] and pools["titles"] and pools["bodies"], (story.topic, day)


def test_intensity_curves_cover_two_years() -> None:
    days, weights = intensity()
    assert str(days[0]) == "2024-12-01" and str(days[-1]) == "2026-11-20"
    assert weights.shape == (len(days), len(COMPILED))
    assert len(set(weights.argmax(axis=0))) >= 12  # the stories peak on different days


def test_actors_co_occur_with_their_story(corpus: pd.DataFrame) -> None:
    rows = [(a["id"], story) for story, actors in zip(corpus["story"], corpus["actors"],
                                                      strict=True) for a in actors]
    table = pd.DataFrame(rows, columns=["actor", "story"])
    top = table.groupby("actor")["story"].agg(lambda s: s.value_counts().index[0])
    assert top["volodymyr-zelensky"] == "russia-ukraine-war"
    assert top["rafael-grossi"] == "iran-nuclear"
    assert top["hamas"] == "gaza-ceasefire"
    assert top["houthis"] == "red-sea-shipping"
    assert top["mark-rutte"] == "nato-defence"
    assert top["rapid-support-forces"] == "sudan-war"
    stories_of_zelensky = set(table.loc[table["actor"] == "volodymyr-zelensky", "story"])
    assert "sudan-war" not in stories_of_zelensky


def test_topics_are_conventional_ids(corpus: pd.DataFrame) -> None:
    allowed = {"gaza-ceasefire", "iran-nuclear", "russia-ukraine-war", "trade-tariffs",
               "energy-oil", "elections", "migration", "climate-change", "red-sea-shipping",
               "syria-transition", "lebanon-hezbollah", "china-taiwan", "sudan-war",
               "nato-defence", "ai-technology", "public-health"}
    topics = {t for ts in corpus["topics"] for t in ts}
    assert topics <= allowed
    assert set(corpus["story"]) == allowed
    assert (corpus["story"] == corpus["topics"].map(lambda t: t[0])).all()


# ---------------------------------------------------------------------------- the truth file


def test_written_truth_equals_generated_truth(written: Path) -> None:
    truth = load_truth(written)
    frame = generate(600, seed=3)
    assert truth["ref"].tolist() == frame["ref"].tolist()
    assert truth["actors"].tolist() == frame["actors"].tolist()
    assert truth["topics"].tolist() == frame["topics"].tolist()
    assert truth["title"].tolist() == frame["title"].tolist()
    assert truth["duplicate_of"].tolist() == frame["duplicate_of"].tolist()
    assert truth["near_duplicate_of"].tolist() == frame["near_duplicate_of"].tolist()
    assert truth["date"].equals(frame["date"])


def test_fast_truth_lines_equal_json_dumps() -> None:
    from workbench.sample import truth_record
    from workbench.sample.generator import generate_records, truth_json

    for rec in generate_records(400, seed=9):
        expected = dict(truth_record(rec), file="articles-00000.txt", line=7)
        assert truth_json(rec, "articles-00000.txt", 7) == json.dumps(
            expected, ensure_ascii=False) + "\n"


def test_truth_file_is_json_lines_with_file_and_line(written: Path) -> None:
    lines = (written / TRUTH_NAME).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 600
    rec = json.loads(lines[0])
    assert set(rec) >= {"ref", "date", "source", "title", "story", "topics", "actors", "quotes",
                        "duplicate_of", "near_duplicate_of", "file", "line"}
    assert set(rec["actors"][0]) >= {"id", "name", "kind", "surfaces", "hows"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", rec["date"])


def test_sample_bad_folder_shows_every_reject(repo_dir: Path) -> None:
    from workbench.io import read_articles_with_rejects

    folder = repo_dir / "data" / "sample-bad"
    with pytest.warns(UserWarning):
        result = read_articles_with_rejects(folder, errors="skip")
    rejected = {Path(o).name for o in result.rejects["origin"]}
    assert rejected == {"missing-header.txt", "garbled-header.txt", "invalid-date.txt",
                        "empty-body.txt", "binary.txt", "truncated.txt.gz", "not-object.jsonl",
                        "feed-not-xml.rss", "truncated-feed.rss", "ambiguous-date.csv"}
    # a file of unknown type is reported as skipped, and a date inside a body splits nothing
    assert sorted(Path(s.path).name for s in result.skipped) == ["README.md", "story"]
    assert (result.articles["origin"].str.contains("date-in-body.txt")).sum() == 1
    readme = (folder / "README.md").read_text(encoding="utf-8")
    for f in folder.iterdir():
        if f.name != "README.md":
            assert f"`{f.name}`" in readme, f.name
