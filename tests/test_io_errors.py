"""Bad input: every record is loaded or reported (raise / warn / skip), never dropped silently."""

from __future__ import annotations

import codecs
import gzip
import json
import re
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
        (GOOD + "date: 27/01/2026\nT\nB.\n", 5, "garbled header line"),
        (GOOD + "2026-01-27 403\nT\nB.\n", 5, "garbled header line"),
        (GOOD + "  DTE 2026-01-29\nT\nB.\n", 5, "garbled header line"),
        (GOOD + "date 2026-01-29 10:00 UTC 9\nT\nB.\n", 5, "garbled header line"),
        (GOOD + "date 27/01/2026 9\nT\nB.\n", 5, "date '27/01/2026' is not ISO 8601"),
        (GOOD + "date 2026-01-29T10:00EST 9\nT\nB.\n", 5, "is not ISO 8601"),
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
    assert reasons == [
        "malformed row: expected 3 fields, saw 4",
        "empty title",
        "invalid date 'someday'",
    ]
    assert result.rejects["line"].tolist() == [3, 4, 5]
    assert result.n_seen == 5
    # rows keep their numbers in origins: the malformed row 2 is missing, OK2 is still row 5
    assert result.articles["origin"].tolist() == [f"{csv}:row 1", f"{csv}:row 5"]


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


# ------------------------------------------------------- rejects name the file line, or the row

RSS_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Desk</title>
"""
ITEM = "<item><title>{title}</title><guid>g{n}</guid><description>Body {n}.</description></item>\n"


def test_csv_rejects_give_the_record_first_line(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "m.csv",
        "title,date,body\n"
        'First,2026-01-27,"Para one.\nPara two.\nPara three."\n'  # lines 2-4
        "\n"  # a blank line: not a row
        ",2026-01-28,No title on line 6\n"
        '"Quoted\ntitle",2026-01-28,Fine.\n'  # lines 7-8
        "Bad,2026-01-28,too,many\n"  # line 9
        "Late,someday,Body.\n",  # line 10
    )
    with pytest.raises(ParseError) as info:
        read_articles(csv)
    assert (info.value.line, info.value.reason) == (6, "empty title")
    assert str(info.value).startswith(f"{csv}:6: empty title")
    result = skip(csv)
    assert result.rejects[["line", "reason"]].values.tolist() == [
        [6, "empty title"],
        [9, "malformed row: expected 3 fields, saw 4"],
        [10, "invalid date 'someday'"],
    ]
    assert result.articles["title"].tolist() == ["First", "Quoted\ntitle"]
    assert result.articles["origin"].tolist() == [f"{csv}:row 1", f"{csv}:row 3"]


def test_csv_unclosed_quote_keeps_the_records_before_it(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "cut.csv",
        'title,date,body\nA,2026-01-27,Fine.\nB,2026-01-28,"never closed\nmore text\n',
    )
    with pytest.raises(ParseError, match="unclosed quote") as info:
        read_articles(csv)
    assert info.value.line == 3
    result = skip(csv)
    assert result.articles["title"].tolist() == ["A"]
    assert result.rejects["line"].tolist() == [3]


def test_json_array_rejects_give_the_element_line(tmp_path: Path) -> None:
    items = (
        '[\n  {"title": "A", "date": "2026-01-27", "body": "x"},\n  5,\n'
        '  {"title": "",\n   "date": "2026-01-27", "body": "y"}\n]\n'
    )
    path = write(tmp_path / "a.json", items)
    with pytest.raises(ParseError) as info:
        read_articles(path)
    assert (info.value.line, info.value.reason) == (3, "a JSON int, not an object")
    result = skip(path)
    assert result.rejects[["line", "reason"]].values.tolist() == [
        [3, "a JSON int, not an object"],
        [4, "empty title"],
    ]
    assert result.articles["origin"].tolist() == [f"{path}:row 1"]
    # an array inside an object: its elements' lines are not known, the reason names the row
    wrapped = write(tmp_path / "w.json", '{"articles": ' + items.strip() + "}")
    result = skip(wrapped)
    assert result.rejects["line"].isna().all()
    assert result.rejects["reason"].tolist() == [
        "row 2: a JSON int, not an object",
        "row 3: empty title",
    ]


def test_frames_have_no_lines_so_rejects_name_the_row() -> None:
    frame = pd.DataFrame({"title": ["A", ""], "date": ["2026-01-27"] * 2, "body": ["x", "y"]})
    with pytest.raises(ParseError) as info:
        read_articles(frame)
    assert str(info.value).startswith("<DataFrame>: row 2: empty title")
    assert info.value.line is None
    assert skip(frame).rejects["reason"].tolist() == ["row 2: empty title"]


def test_feed_rejects_give_the_item_line(tmp_path: Path) -> None:
    feed = RSS_HEAD + ITEM.format(title="One", n=1) + ITEM.format(title="", n=2)
    path = write(tmp_path / "f.rss", feed + "</channel></rss>\n")
    with pytest.raises(ParseError) as info:
        read_articles(path)
    assert str(info.value).startswith(f"{path}:4: empty title")  # item 2 starts on line 4
    result = skip(path)
    assert result.rejects["line"].tolist() == [4]
    assert result.articles["origin"].tolist() == [f"{path}:item 1"]
    # tags that do not match feedparser's items one for one: the reason names the item instead
    odd = feed.replace("<item><title></title>", "<!-- <item> --><item><title></title>", 1)
    cdata = odd.replace("<title>One</title>", "<title><![CDATA[<item>]]>One</title>")
    located = skip(write(tmp_path / "g.rss", cdata + "</channel></rss>"))
    assert located.rejects["line"].tolist() == [4]
    # tags not found one for one with feedparser's items (UTF-16 bytes): the reason names the item
    wide = (feed + "</channel></rss>").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    result = skip(write(tmp_path / "wide.rss", wide.encode("utf-16")))
    assert result.rejects["line"].isna().all()
    assert result.rejects["reason"].tolist() == ["item 2: empty title"]


def test_truncated_feed_is_reported_and_its_whole_items_load(tmp_path: Path) -> None:
    items = "".join(ITEM.format(title=t, n=n) for n, t in enumerate(["One", "Two"], 1))
    cut = RSS_HEAD + items + "<item><title>Three</title><description>Body thr"
    path = write(tmp_path / "cut.rss", cut)
    with pytest.raises(ParseError, match=r"not well-formed XML \(truncated\?\) after item 2") as e:
        read_articles(path)
    assert e.value.line == 5  # the cut item's first line
    result = skip(path)
    assert result.articles["title"].tolist() == ["One", "Two"]
    assert len(result.rejects) == 1 and result.n_seen == 3
    assert "item 3 (line 5) is cut off" in result.rejects["reason"].iloc[0]
    # cut between items: nothing is half-read, the file is still reported
    between = write(tmp_path / "between.rss", RSS_HEAD + items)
    result = skip(between)
    assert result.articles["title"].tolist() == ["One", "Two"] and result.n_seen == 3
    assert "after item 2: no element found" in result.rejects["reason"].iloc[0]
    with pytest.warns(UserWarning, match=r"1 record\(s\) rejected"):
        assert len(read_articles(between, errors="warn")) == 2
    # Atom, cut before its first entry ends
    atom = (
        '<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>\n'
        "<entry><title>E1</title><content>x"
    )
    result = skip(write(tmp_path / "cut.atom", atom))
    assert result.articles.empty and result.rejects["line"].tolist() == [2]
    assert "before the end of its first item" in result.rejects["reason"].iloc[0]


def test_feed_with_a_broken_item_in_the_middle(tmp_path: Path) -> None:
    items = [ITEM.format(title=t, n=n) for n, t in enumerate(["One", "Two & more", "Three"], 1)]
    path = write(tmp_path / "amp.rss", RSS_HEAD + "".join(items) + "</channel></rss>\n")
    result = skip(path)
    assert result.articles["title"].tolist() == ["One", "Three"]
    reason = result.rejects["reason"].iloc[0]
    assert reason.startswith("feed is not well-formed XML after item 1: not well-formed")
    assert "item 2 (line 4) holds the error" in reason


# ----------------------------------------------------------------- folders: nothing left unsaid


def test_folder_reports_the_files_it_skips(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    write(folder / "story", GOOD)
    write(folder / "story.md", GOOD)
    write(folder / ".hidden.txt", GOOD)  # hidden files are left out without a word
    with pytest.raises(ArgumentError, match="holds no file of a known type") as info:
        read_articles(folder)
    assert str(folder) in str(info.value) and "2 files skipped (unknown type)" in str(info.value)
    with pytest.warns(UserWarning, match="holds no file of a known type"):
        result = skip(folder)
    assert result.n_seen == 0
    assert [(Path(s.path).name, s.reason) for s in result.skipped] == [
        ("story", "unknown type"),
        ("story.md", "unknown type"),
    ]
    assert result.summary().endswith(
        f"; 2 files skipped (unknown type): {folder / 'story'}, {folder / 'story.md'}"
    )
    write(folder / "a.txt", GOOD2)
    with pytest.warns(UserWarning, match=r"2 files skipped \(unknown type\)"):
        frame = read_articles(folder)
    assert frame["title"].tolist() == ["Other title"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(skip(folder).skipped) == 2  # skip: listed, not warned
    assert read_articles(folder / "story")["title"].tolist() == ["Good title"]  # named: sniffed


def test_sources_that_give_no_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(ArgumentError, match=f"folder '{empty}' holds no file to read"):
        read_articles(empty)
    for mode in ("warn", "skip"):
        with pytest.warns(UserWarning, match="holds no file to read"):
            assert read_articles(empty, errors=mode).empty
    pattern = str(tmp_path / "*.nothing")
    with pytest.warns(UserWarning, match="matches no file"):
        read_articles([pattern, write(tmp_path / "a.txt", GOOD)], errors="skip")
    with pytest.raises(ArgumentError, match="matches no file"):
        read_articles([write(tmp_path / "a.txt", GOOD), pattern])


# ----------------------------------------------------------------------------------------- dates


def test_zone_abbreviations_and_ambiguous_days(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "zones.csv",
        "title,date,body\n"
        "EST,2026-01-27 10:00 EST,b1\nCEST,2026-07-27 10:00 CEST,b2\n"
        'RFC,"Tue, 27 Jan 2026 10:00:00 CET",b3\nUnknown,2026-01-27 10:00 XYZ,b4\n'
        "India,2026-01-27 10:00 IST,b5\nAmbiguous,03/04/2026,b6\nPlain,27/01/2026,b7\n"
        "Same,04/04/2026,b8\n",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # dateutil's UnknownTimezoneWarning must not leak
        result = skip(csv)
    dates = dict(zip(result.articles["title"], result.articles["date"], strict=True))
    utc = {k: pd.Timestamp(v, tz="UTC") for k, v in [
        ("EST", "2026-01-27 15:00"), ("CEST", "2026-07-27 08:00"), ("RFC", "2026-01-27 09:00"),
        ("Plain", "2026-01-27"), ("Same", "2026-04-04"),
    ]}  # fmt: skip
    assert dates == utc
    reasons = result.rejects.set_index("line")["reason"]
    assert reasons[5].startswith("unknown time zone 'XYZ' in date '2026-01-27 10:00 XYZ'")
    assert reasons[6].startswith("ambiguous time zone 'IST'")
    assert reasons[7].startswith("ambiguous date '03/04/2026'") and "dayfirst=True" in reasons[7]
    with pytest.raises(ParseError, match="unknown time zone 'XYZ'"):
        read_articles(csv)
    day_first = read_articles_with_rejects(csv, errors="skip", dayfirst=True).articles
    month_first = read_articles_with_rejects(csv, errors="skip", dayfirst=False).articles
    assert day_first.set_index("title")["date"]["Ambiguous"] == pd.Timestamp("2026-04-03", tz="UTC")
    assert month_first.set_index("title")["date"]["Ambiguous"] == pd.Timestamp(
        "2026-03-04", tz="UTC"
    )
    assert month_first.set_index("title")["date"]["Plain"] == pd.Timestamp("2026-01-27", tz="UTC")
    for bad in ("yes", 1, 0):
        with pytest.raises(ArgumentError, match="dayfirst must be one of None, True, False"):
            read_articles(csv, dayfirst=bad)  # type: ignore[arg-type]


def test_feed_dates_with_zone_names(tmp_path: Path) -> None:
    item = "<item><title>T{n}</title><pubDate>{date}</pubDate><description>B</description></item>"
    dates = ["Tue, 27 Jan 2026 10:00:00 EST", "Tue, 27 Jan 2026 10:00 BST", "27/01/2026 3:04 XYZ"]
    body = "".join(item.format(n=n, date=d) for n, d in enumerate(dates))
    result = skip(write(tmp_path / "z.rss", RSS_HEAD + body + "</channel></rss>"))
    assert result.articles["date"].tolist() == [
        pd.Timestamp("2026-01-27 15:00", tz="UTC"),
        pd.Timestamp("2026-01-27 09:00", tz="UTC"),
    ]
    assert result.rejects["reason"].iloc[0].startswith("unknown time zone 'XYZ'")


# --------------------------------------------------------------------- warnings point at the caller


def test_warnings_point_at_the_caller(tmp_path: Path) -> None:
    win = write(tmp_path / "win.txt", GOOD.replace("Good", "Café").encode("cp1252"))
    extra = write(tmp_path / "x.csv", "title,date,body,mood\nT,2026-01-27,B,0.5\n")
    bad = write(tmp_path / "bad.txt", GOOD + "date 2026-99-01 1\nT\nB.\n")
    for path, match in [(win, "cp1252"), (extra, "ignored column"), (bad, "rejected")]:
        for reader in (read_articles, read_articles_with_rejects):
            with pytest.warns(UserWarning, match=match) as caught:
                reader(path, errors="warn")
            assert {Path(w.filename).name for w in caught} == {Path(__file__).name}, match


# ---------------------------------------------------------------- fuzzing the text-format parser

#: Body lines that hold dates or start like a header and are body text all the same.
DATE_LIKE_BODY_LINES = [
    "Updated 2026-01-28",
    "Date set for talks",
    "Dated 2026-01-28, the memo was leaked",
    "On 2026-01-28 the talks resumed",
    "date of the vote is not known",
    "Dates: 2026-01-28 to 2026-01-30",
    "DATE SET FOR 27/01/2026 TALKS",
    "Data 2026-01-28 show a rise",
    "Score 3-1 after 90 minutes",
    "2026 budget approved",
    "10-12 people were hurt",
    "Update: 27/01/2026",
    "Date 2026-01-28 was set for the next round",
]

# random body words: letters, digits and "-" (so dates and numbers), but not starting like a
# header would (a date word or a digit); date-like body lines are drawn from the list above
_SAFE_WORDS = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzÄéü’“” ,.0123456789-", min_size=1, max_size=30
).filter(lambda s: s.strip() and not re.match(r"\s*[dD0-9-]", s))
_BODY_LINES = st.one_of(_SAFE_WORDS, st.sampled_from(DATE_LIKE_BODY_LINES))
_KINDS = ["good", "garbled", "bad_date", "not_iso", "no_title", "no_body"]
_GARBLED = ["dat {date}{ref}", "date: {date}{ref}", "{date}{ref}", "DTE {date}{ref}", "Date"]


@st.composite
def text_file(draw: st.DrawFn) -> tuple[str, list[str], list[str]]:
    """A file of records of known kinds, the kinds in order, and the good records' bodies."""
    kinds = draw(st.lists(st.sampled_from(_KINDS), min_size=1, max_size=8))
    parts = []
    bodies = []
    for i, kind in enumerate(kinds):
        lead = draw(st.sampled_from(["", " ", "\t"]))
        ref = draw(st.sampled_from(["", f" {i}", " A-17"]))
        date = draw(st.dates(pd.Timestamp("1700-01-01").date(), pd.Timestamp("2262-01-01").date()))
        date = date.isoformat()
        title = "T" + draw(_SAFE_WORDS)
        body = [draw(_BODY_LINES) for _ in range(draw(st.integers(1, 3)))]
        if kind == "garbled":
            header = draw(st.sampled_from(_GARBLED)).format(date=date, ref=ref)
            parts.append(f"{lead}{header}\n{title}\n" + "\n".join(body))
        elif kind == "not_iso":
            day = pd.Timestamp(date).strftime(draw(st.sampled_from(["%d/%m/%Y", "%m.%d.%Y"])))
            parts.append(f"{lead}date {day}{ref}\n{title}\n" + "\n".join(body))
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
            bodies.append("\n".join(line.rstrip() for line in body).strip())
    eol = draw(st.sampled_from(["\n", "\r\n"]))
    return "\n".join(parts).replace("\n", eol), kinds, bodies


_FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_FUZZ
@given(text_file())
def test_fuzz_known_records_are_counted(case: tuple[str, list[str], list[str]]) -> None:
    text, kinds, bodies = case
    with tempfile.TemporaryDirectory() as folder:
        path = write(Path(folder) / "fuzz.txt", text)
        result = read_articles_with_rejects(path, errors="skip")
        assert result.n_seen == len(kinds)
        assert result.n_loaded == kinds.count("good")
        assert len(result.rejects) == len(kinds) - kinds.count("good")
        assert set(result.articles["body"]) == set(bodies)  # date-like body lines stay put
        if any(k != "good" for k in kinds):
            with pytest.raises(ParseError):
                read_articles(path)


_PIECES = list("date 2026-01-27T10:00+Z\n\r\t (MENAFN)x“”’\u00a0\ufeff\x00é/") + [
    "date ",
    "\n date 2026-01-27 1\n",
    "\ndate 2026-13-01\n",
    "\n2026-01-27 x\n",
    "\ndate 27/01/2026\n",
    "\nTitle\nBody.\n",
    *(f"\n{line}\n" for line in DATE_LIKE_BODY_LINES[:4]),
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


def test_csv_lines_unknown_then_the_reason_names_the_row(tmp_path: Path) -> None:
    big = "x" * 200_000  # over the csv module's field size limit: lines cannot be counted
    csv = write(tmp_path / "big.csv", f'title,date,body\nA,2026-01-27,"{big}\n."\n,2026-01-27,y\n')
    result = skip(csv)
    assert result.rejects["line"].isna().all()
    assert result.rejects["reason"].tolist() == ["row 2: empty title"]
    assert len(result.articles["body"].iloc[0]) == 200_002
