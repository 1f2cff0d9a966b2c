"""Bad input: every record is loaded or reported (raise / warn / skip), never dropped silently."""

from __future__ import annotations

import codecs
import gzip
import json
import tempfile
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.errors import ArgumentError, ParseError
from workbench.io import read_articles, read_articles_with_rejects

GOOD = " date 2026-01-27 403\nGood title\n(MENAFN) Good body paragraph.\nSecond paragraph.\n"
GOOD2 = "date 2026-01-28 404\nOther title\nOther body.\n"


def write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def skip(path: Path | list[Path], **kwargs: object):
    result = read_articles_with_rejects(path, errors="skip", **kwargs)
    assert result.n_seen == result.n_loaded + len(result.rejects)
    return result


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [
        ("Stray first line\n" + GOOD, 1, "text before the first header line"),
        (GOOD + "dat 2026-01-29 9\nT\nB.\n", 5, "garbled header line"),
        (GOOD + "date: 2026-01-29 9\nT\nB.\n", 5, "garbled header line"),
        (GOOD + "date\nT\nB.\n", 5, "garbled header line"),
        (GOOD + "date 2026-13-45 9\nT\nB.\n", 5, "invalid date '2026-13-45'"),
        (GOOD + "date 2026-01-29 9\n\n", 5, "empty title; empty body"),
        (GOOD + "date 2026-01-29 9\nTitle only\n", 5, "empty body"),
    ],
)
def test_bad_text_records(tmp_path: Path, text: str, line: int, reason: str) -> None:
    path = write(tmp_path / "bad.txt", text + GOOD2)
    with pytest.raises(ParseError) as info:
        read_articles(path)
    assert (info.value.origin, info.value.line) == (str(path), line)
    assert reason in info.value.reason
    result = skip(path)
    assert list(result.articles["title"]) == ["Good title", "Other title"]
    assert result.rejects.to_dict("records")[0]["line"] == line
    assert reason in result.rejects["reason"].iloc[0]
    assert result.n_seen == 3


def test_warn_warns_once_with_count(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.txt", "junk\n" + GOOD + "date 2026-99-01 1\nT\nB.\n" + GOOD2)
    with pytest.warns(UserWarning, match=r"2 record\(s\) rejected") as caught:
        frame = read_articles(path, errors="warn")
    assert len([w for w in caught if "rejected" in str(w.message)]) == 1
    assert len(frame) == 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(read_articles(path, errors="skip")) == 2
        assert len(read_articles(path, on_bad_lines="skip")) == 2  # pandas-style alias
    with pytest.raises(ParseError):
        read_articles(path, on_bad_lines="error")
    with pytest.raises(ArgumentError, match="errors must be one of 'raise', 'warn', 'skip'"):
        read_articles(path, errors="ignore")
    with pytest.raises(ArgumentError, match="disagree"):
        read_articles(path, errors="raise", on_bad_lines="skip")


def test_empty_and_binary_files(tmp_path: Path) -> None:
    empty = write(tmp_path / "empty.txt", "")
    blank = write(tmp_path / "blank.txt", "\n \n")
    binary = write(
        tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    )
    for path, reason in [(empty, "empty file"), (blank, "empty file"), (binary, "binary file")]:
        with pytest.raises(ParseError, match=reason) as info:
            read_articles(path)
        assert info.value.origin == str(path)
    good = write(tmp_path / "good.txt", GOOD)
    result = skip([empty, binary, good])
    assert len(result.articles) == 1 and len(result.rejects) == 2
    assert list(result.rejects["origin"]) == [str(empty), str(binary)]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_byte_order_marks(tmp_path: Path, encoding: str) -> None:
    text = GOOD.replace("Good title", "Türkiye’s “title”")
    data = text.encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
        data = bom + data
    frame = read_articles(write(tmp_path / "bom.txt", data))
    assert frame["title"].tolist() == ["Türkiye’s “title”"]
    assert frame["date"].iloc[0] == pd.Timestamp("2026-01-27", tz="UTC")


def test_cp1252_is_decoded_with_a_warning(tmp_path: Path) -> None:
    text = GOOD.replace("Good title", "Café “quoted” – dash")
    path = write(tmp_path / "win.txt", text.encode("cp1252"))
    with pytest.warns(UserWarning, match="not valid UTF-8; decoded as cp1252"):
        frame = read_articles(path)
    assert frame["title"].tolist() == ["Café “quoted” – dash"]


def test_crlf_and_lone_cr_line_ends(tmp_path: Path) -> None:
    unix = read_articles(write(tmp_path / "unix.txt", GOOD + GOOD2))
    for name, eol in [("dos.txt", "\r\n"), ("mac.txt", "\r")]:
        frame = read_articles(write(tmp_path / name, (GOOD + GOOD2).replace("\n", eol)))
        cols = ["article_id", "title", "body", "ref", "date"]
        pd.testing.assert_frame_equal(frame[cols], unix[cols])
        assert "\r" not in "".join(frame["body"])


def test_truncated_files(tmp_path: Path) -> None:
    header_only = write(tmp_path / "cut.txt", GOOD + " date 2026-01-29 405")
    with pytest.raises(ParseError, match="empty title; empty body") as info:
        read_articles(header_only)
    assert info.value.line == 5
    data = gzip.compress((GOOD * 50).encode())
    cut_gz = write(tmp_path / "cut.txt.gz", data[: len(data) // 2])
    with pytest.raises(ParseError, match="truncated or corrupt gzip"):
        read_articles(cut_gz)
    result = skip([header_only, cut_gz])
    assert len(result.articles) == 1 and len(result.rejects) == 2


def test_tabular_unknown_and_missing_columns(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "export.csv",
        "headline,published,text,sentiment\n"
        "T1,2026-01-27,Body one.,0.5\nT2,2026-01-28,Body two.,0.1\n",
    )
    with pytest.warns(UserWarning, match=r"ignored column\(s\) \['sentiment'\]"):
        frame = read_articles(csv)
    assert frame["title"].tolist() == ["T1", "T2"]
    assert "sentiment" not in frame.columns
    no_title = write(tmp_path / "notitle.csv", "when,words,head\n2026-01-27,Body,Head\n")
    with pytest.raises(ParseError, match=r"no title/body/date column \(has \['when'") as info:
        read_articles(no_title)
    assert "columns=" in str(info.value)
    fixed = read_articles(no_title, columns={"when": "date", "words": "body", "head": "title"})
    assert fixed[["title", "body"]].values.tolist() == [["Head", "Body"]]
    with pytest.raises(ArgumentError, match="targets must be one of"):
        read_articles(no_title, columns={"when": "published"})


def test_tabular_bad_rows(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "rows.csv",
        "title,date,body\nOK,2026-01-27,Fine.\nToo,2026-01-27,many,fields\n,2026-01-27,No title\n"
        "Bad date,someday,Body.\nOK2,27 January 2026,Fine too.\n",
    )
    with pytest.raises(ParseError, match="malformed row") as info:
        read_articles(csv)
    assert info.value.line == 3
    result = skip(csv)
    assert result.articles["title"].tolist() == ["OK", "OK2"]
    reasons = result.rejects["reason"].tolist()
    assert "malformed row (file line 3)" in reasons[0]
    assert reasons[1:] == ["empty title", "invalid date 'someday'"]
    assert result.n_seen == 5


def test_json_lines_not_objects(tmp_path: Path) -> None:
    rows = [
        json.dumps({"date": "2026-01-27", "title": "A", "body": "Body A."}),
        "[1, 2, 3]",
        '"just a string"',
        "{broken json",
        "",
        json.dumps({"date": "2026-01-28", "title": "B", "content": "Body B."}),
    ]
    path = write(tmp_path / "items.jsonl", "\n".join(rows) + "\n")
    with pytest.raises(ParseError, match="line is a JSON list, not an object") as info:
        read_articles(path)
    assert info.value.line == 2
    result = skip(path)
    assert result.articles["title"].tolist() == ["A", "B"]
    assert result.articles["origin"].tolist() == [f"{path}:1", f"{path}:6"]
    assert result.rejects["line"].tolist() == [2, 3, 4]
    assert "invalid JSON" in result.rejects["reason"].iloc[2]


def test_feed_that_is_not_xml(tmp_path: Path) -> None:
    path = write(tmp_path / "news.rss", "Sorry, this feed has moved.\n")
    with pytest.raises(ParseError, match="not an RSS or Atom feed") as info:
        read_articles(path)
    assert info.value.origin == str(path)
    assert len(skip(path).rejects) == 1


def test_dates_outside_the_ns_range_are_reported(tmp_path: Path) -> None:
    path = write(tmp_path / "far.txt", "date 2263-01-01 1\nFuture\nBody.\n")
    with pytest.raises(ParseError, match="outside the supported range"):
        read_articles(path)


def test_missing_paths_and_urls(tmp_path: Path) -> None:
    with pytest.raises(ArgumentError, match="does not exist"):
        read_articles(tmp_path / "nope.txt")
    with pytest.raises(ArgumentError, match="matches no file"):
        read_articles(str(tmp_path / "*.txt"))
    with pytest.raises(ArgumentError, match="local files only"):
        read_articles("https://example.org/feed.rss")


# ---------------------------------------------------------------- fuzzing the text-format parser

_SAFE_WORDS = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzÄéü’“” ,.", min_size=1, max_size=30
).filter(lambda s: s.strip() and not s.strip().lower().startswith("date"))
_KINDS = ["good", "garbled", "bad_date", "no_title", "no_body"]


@st.composite
def text_file(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A file of records of known kinds, and the kinds, in order."""
    kinds = draw(st.lists(st.sampled_from(_KINDS), min_size=1, max_size=8))
    parts = []
    for i, kind in enumerate(kinds):
        lead = draw(st.sampled_from(["", " ", "\t"]))
        ref = draw(st.sampled_from(["", f" {i}", " A-17"]))
        date = draw(st.dates(pd.Timestamp("1700-01-01").date(), pd.Timestamp("2262-01-01").date()))
        date = date.isoformat()
        title = "T" + draw(_SAFE_WORDS)
        body = [draw(_SAFE_WORDS) for _ in range(draw(st.integers(1, 3)))]
        if kind == "garbled":
            parts.append(f"{lead}dat {date}{ref}\n{title}\n" + "\n".join(body))
        elif kind == "bad_date":
            parts.append(
                f"{lead}date 2026-02-{draw(st.integers(30, 99))}{ref}\n{title}\n" + body[0]
            )
        elif kind == "no_title":
            parts.append(f"{lead}date {date}{ref}\n")
        elif kind == "no_body":
            parts.append(f"{lead}date {date}{ref}\n{title}\n")
        else:
            parts.append(f"{lead}date {date}{ref}\n{title}\n" + "\n".join(body))
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    return "\n".join(parts).replace("\n", eol), kinds


_FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FUZZ
@given(text_file())
def test_fuzz_known_records_are_counted(case: tuple[str, list[str]]) -> None:
    text, kinds = case
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder) / "fuzz.txt", text)
        result = read_articles_with_rejects(path, errors="skip")
        assert result.n_seen == len(kinds)
        assert result.n_loaded == kinds.count("good")
        assert len(result.rejects) == len(kinds) - kinds.count("good")
        if any(k != "good" for k in kinds):
            with pytest.raises(ParseError):
                read_articles(path)


_PIECES = list("date 2026-01-27T10:00+Z\n\r\t (MENAFN)x“”’\u00a0\ufeff\x00é") + [
    "date ",
    "\n date 2026-01-27 1\n",
    "\ndate 2026-13-01\n",
    "\n2026-01-27 x\n",
    "\nTitle\nBody.\n",
]
_NOISE = st.lists(st.sampled_from(_PIECES), max_size=80).map("".join)


@_FUZZ
@given(st.one_of(_NOISE, st.binary(max_size=300).map(lambda b: b.decode("latin-1"))))
def test_fuzz_random_text_only_parse_errors(noise: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "noise.txt"
        path.write_bytes(noise.encode("utf-8", "surrogatepass"))
        try:
            read_articles(path)
        except ParseError:
            pass
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = read_articles_with_rejects(path, errors="skip")
        assert result.n_seen == result.n_loaded + len(result.rejects)
        assert result.n_seen >= 1 or not noise.strip()
