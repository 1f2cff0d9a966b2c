"""The article text format: the seed article, many per file, folders, globs, gzip, round trips."""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd
import pytest

import workbench
from workbench.errors import ParseError
from workbench.io import read_articles, read_articles_with_rejects, write_articles_text
from workbench.schema import validate

ARTICLE_A = """ date 2026-01-27 403
Witkoff Holds “Positive” Talks with Netanyahu
(MENAFN) US envoy Steve Witkoff met Israeli Prime Minister Benjamin Netanyahu.
The talks covered Gaza and Türkiye.
"""
ARTICLE_B = """date 2026-02-03 A-17
Oil prices rise
(Reuters) - Brent crude rose 2% on Tuesday.
Traders cited supply worries.
"""


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode(encoding))
    return path


def test_seed_article_loads_exactly(seed_article: Path) -> None:
    lines = seed_article.read_text(encoding="utf-8").splitlines()
    frame = workbench.read_articles(seed_article)
    validate(frame, "articles")
    assert len(frame) == 1
    row = frame.iloc[0]
    assert row["date"] == pd.Timestamp("2026-01-27", tz="UTC")
    assert row["title"] == lines[1] == "Witkoff Holds “Positive” Talks with Netanyahu"
    assert row["source"] == "MENAFN"
    assert row["ref"] == "403"
    assert row["body"] == "\n".join(lines[2:])
    assert row["body"].startswith("(MENAFN) US President Donald Trump’s special envoy")
    assert row["body"].endswith("particularly those related to Gaza.")
    assert row["body"].count("\n") == len(lines) - 3  # every paragraph kept, one per line
    assert row["origin"] == f"{seed_article}:1"
    assert row["origins"] == [f"{seed_article}:1"]
    assert row["n_copies"] == 1
    assert row["n_words"] == len(" ".join(lines[1:]).split())
    assert len(row["article_id"]) == 20


def test_many_articles_per_file_with_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "two.txt", ARTICLE_A + "\n" + ARTICLE_B)
    frame = read_articles(path)
    assert list(frame["title"]) == [
        "Witkoff Holds “Positive” Talks with Netanyahu",
        "Oil prices rise",
    ]
    assert list(frame["source"]) == ["MENAFN", "Reuters"]
    assert list(frame["ref"]) == ["403", "A-17"]
    assert list(frame["origin"]) == [f"{path}:1", f"{path}:6"]
    assert (
        frame["body"].iloc[1]
        == "(Reuters) - Brent crude rose 2% on Tuesday.\nTraders cited supply worries."
    )
    assert str(frame["date"].dtype) == "datetime64[ns, UTC]"


def test_folders_globs_gzip_and_lists(tmp_path: Path) -> None:
    write(tmp_path / "news" / "a.txt", ARTICLE_A)
    sub = tmp_path / "news" / "deeper" / "b.txt.gz"
    sub.parent.mkdir(parents=True)
    sub.write_bytes(gzip.compress(ARTICLE_B.encode()))
    write(tmp_path / "news" / ".hidden.txt", ARTICLE_B.replace("Oil", "Gas"))
    folder = read_articles(tmp_path / "news")
    assert sorted(folder["title"]) == [
        "Oil prices rise",
        "Witkoff Holds “Positive” Talks with Netanyahu",
    ]
    globbed = read_articles(str(tmp_path / "news" / "**" / "*.gz"))
    assert list(globbed["title"]) == ["Oil prices rise"]
    listed = read_articles([tmp_path / "news" / "a.txt", sub])
    assert len(listed) == 2


def test_same_article_twice_is_folded(tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", ARTICLE_A + ARTICLE_B)
    # a copy with straight quotes, extra white space and CRLF line ends is the same article
    copy = ARTICLE_A.replace("“", '"').replace("”", '"').replace("envoy ", "envoy  ")
    b = write(tmp_path / "b.txt", copy.replace("\n", "\r\n"))
    result = read_articles_with_rejects([a, b])
    frame = result.articles
    assert len(frame) == 2
    assert result.n_loaded == 3 and result.n_folded == 1
    first = frame.iloc[0]
    assert first["n_copies"] == 2
    assert first["origins"] == [f"{a}:1", f"{b}:1"]
    assert first["title"] == "Witkoff Holds “Positive” Talks with Netanyahu"  # first copy wins
    assert frame.iloc[1]["n_copies"] == 1


def test_writer_round_trips(tmp_path: Path) -> None:
    original = read_articles(write(tmp_path / "in.txt", ARTICLE_A + ARTICLE_B))
    out = tmp_path / "out.txt"
    write_articles_text(original, out)
    assert out.read_text(encoding="utf-8").startswith(" date 2026-01-27 403\nWitkoff Holds")
    again = read_articles(out)
    cols = ["article_id", "date", "title", "body", "source", "ref"]
    pd.testing.assert_frame_equal(again[cols], original[cols])
    files = write_articles_text(original, tmp_path / "many", per_file=1)
    assert [f.name for f in files] == ["articles-00000.txt", "articles-00001.txt"]
    assert list(read_articles(tmp_path / "many")["article_id"]) == list(original["article_id"])


def test_seed_writer_reproduces_seed_bytes(seed_article: Path, tmp_path: Path) -> None:
    frame = read_articles(seed_article)
    out = write_articles_text(frame, tmp_path / "seed.txt")[0]
    assert out.read_bytes() == seed_article.read_bytes()


def test_bad_record_raises_with_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.txt", ARTICLE_A + "date 2026-02-30 7\nTitle\nBody.\n")
    with pytest.raises(ParseError) as info:
        read_articles(path)
    assert info.value.origin == str(path)
    assert info.value.line == 5
    assert "invalid date '2026-02-30'" in str(info.value)


def test_writer_refuses_what_it_cannot_write_faithfully(tmp_path: Path) -> None:
    from workbench.errors import ArgumentError

    good = {"date": pd.Timestamp("2026-01-27", tz="UTC"), "title": "T", "body": "B.", "ref": "1"}
    cases = [
        ({"body": "First.\ndate 2026-01-28 9\nSecond."}, "would read as a header line"),
        ({"title": "Two\nlines"}, "title must be one non-empty line"),
        ({"date": pd.NaT}, "has no date"),
        ({"body": "  "}, "body is empty"),
        ({"ref": "two words"}, "must be one token"),
    ]
    for change, message in cases:
        with pytest.raises(ArgumentError, match=message):
            write_articles_text(pd.DataFrame([{**good, **change}]), tmp_path / "x.txt")
    timed = pd.DataFrame([{**good, "date": pd.Timestamp("2026-01-27 10:30", tz="Europe/Paris")}])
    write_articles_text(timed, tmp_path / "t.txt")
    assert (tmp_path / "t.txt").read_text().startswith(" date 2026-01-27T09:30:00Z 1\n")
    assert read_articles(tmp_path / "t.txt")["date"].iloc[0] == pd.Timestamp(
        "2026-01-27 09:30", tz="UTC"
    )


DATE_LIKE_BODY = [
    "Updated 2026-01-28",
    "Date set for talks",
    "On 2026-01-28 the talks resumed",
    "Dated 27/01/2026, the memo leaked",
    "date of the vote is not known",
]


@pytest.mark.parametrize("eol", ["\n", "\r\n"])  # LF takes the fast path, CRLF parse_text
def test_date_like_body_lines_stay_in_the_body(tmp_path: Path, eol: str) -> None:
    body = "\n".join(["(GNW) First paragraph.", *DATE_LIKE_BODY])
    text = f" date 2026-01-27 1\nTalks\n{body}\n date 2026-01-28 2\nNext\nMore.\n"
    frame = read_articles(write(tmp_path / "a.txt", text.replace("\n", eol)))
    assert frame["title"].tolist() == ["Talks", "Next"]
    assert frame["body"].iloc[0] == body
    # the writer accepts them too, and they read back the same
    out = write_articles_text(frame, tmp_path / "out.txt")[0]
    assert read_articles(out)["body"].tolist() == frame["body"].tolist()


@pytest.mark.parametrize(
    "line", ["2026-01-28 9", "dat 2026-01-28", "Date: 28/01/2026", "date", "  27.01.2026 x"]
)
def test_writer_refuses_header_like_body_lines(tmp_path: Path, line: str) -> None:
    from workbench.errors import ArgumentError

    frame = pd.DataFrame(
        [{"date": pd.Timestamp("2026-01-27", tz="UTC"), "title": "T", "body": f"One.\n{line}"}]
    )
    with pytest.raises(ArgumentError, match="would read as a header line"):
        write_articles_text(frame, tmp_path / "x.txt")


def test_header_dates_must_be_iso(tmp_path: Path) -> None:
    path = write(tmp_path / "d.txt", ARTICLE_A + "date 03/02/2026 7\nTitle\nBody.\n")
    with pytest.raises(ParseError, match=r"date '03/02/2026' is not ISO 8601 \(YYYY-MM-DD") as e:
        read_articles(path)
    assert e.value.line == 5
    ok = read_articles(write(tmp_path / "ok.txt", "date 2026-01-27T12:00:00+02:00 7\nT\nB.\n"))
    assert ok["date"].iloc[0] == pd.Timestamp("2026-01-27 10:00", tz="UTC")
