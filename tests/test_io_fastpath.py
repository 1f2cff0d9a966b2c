"""The text fast path (straight from file bytes) against the reference parser and the id definition.

``scan_text_bytes`` must give exactly what ``parse_text`` gives on the decoded text: the same
records, rejects, line numbers, ids and word counts. Ids are also checked against a plain-Python
reading of their definition (quotes unified, NFKC, ASCII white space and controls removed,
SHA-256 of title key + newline + body key, first 20 hex digits).
"""

from __future__ import annotations

import hashlib
import threading
import unicodedata
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.errors import ParseError
from workbench.io import read_articles, read_articles_with_rejects
from workbench.io.fingerprint import QUOTES
from workbench.io.rejects import Rejects
from workbench.io.sources import utf8_array
from workbench.io.textformat import parse_text, parse_text_bytes, scan_text_bytes
from workbench.text import count_words


def reference_key(text: str) -> bytes:
    """The id key, read literally off its definition."""
    for curly, straight in QUOTES:
        text = text.replace(curly, straight)
    text = unicodedata.normalize("NFKC", text)
    return text.encode("utf-8").translate(None, bytes(range(33)))


def reference_id(title: str, body: str) -> str:
    return hashlib.sha256(reference_key(title) + b"\n" + reference_key(body)).hexdigest()[:20]


def both(data: bytes) -> tuple[tuple[pd.DataFrame, int, pd.DataFrame], tuple | None]:
    """Parse with the reference parser and with the fast path (None when it declines)."""
    slow_rejects, fast_rejects = Rejects("skip"), Rejects("skip")
    slow, slow_seen = parse_text(utf8_array(data), "f.txt", slow_rejects)
    fast = parse_text_bytes(data, "f.txt", fast_rejects)
    ref = (slow, slow_seen, slow_rejects.frame())
    return ref, None if fast is None else (fast[0], fast[1], fast_rejects.frame())


def assert_same(data: bytes) -> pd.DataFrame:
    ref, fast = both(data)
    assert fast is not None, "fast path declined a plain UTF-8 file"
    pd.testing.assert_frame_equal(fast[0], ref[0])
    assert fast[1] == ref[1]
    pd.testing.assert_frame_equal(fast[2], ref[2])
    return fast[0]


TRICKY = (
    " date 2026-01-27 403\n"
    "  \u201cQuoted\u201d \u2018title\u2019 \u00abangle\u00bb  \t\n"
    "\n"
    "(MENAFN) Body with \ufb01 ligature, \uff21\uff22 full width, e\u0301 combining,\t\n"
    "\n"
    "\n"
    "   indented second paragraph \u2014 dash \u2013 Erdo\u011fan T\u00fcrkiye \u0132 \u017f.  \n"
    "date 2026-01-28T10:30:00+02:00\n"
    "Second\n"
    "Body \u2032prime\u2033 \u00b2 \u2460 \u3300.\n"
    "\n"
    "date 2026-13-45 9\n"
    "Bad date\n"
    "Body.\n"
    "dat 2026-01-29 9\n"
    "Garbled\n"
    "Body.\n"
    "date 2026-01-30 10\n"
    "Title only\n"
    "date 2026-01-31 11\n"
    "\t\u201cQuoted\u201d \u2018title\u2019 \u00abangle\u00bb\n"
    "(MENAFN) Body with \ufb01 ligature, \uff21\uff22 full width, e\u0301 combining,\n"
    "indented second paragraph \u2014 dash \u2013 Erdo\u011fan T\u00fcrkiye \u0132 \u017f."
)


def test_tricky_file_matches_reference_and_id_definition() -> None:
    frame = assert_same(TRICKY.encode("utf-8"))
    assert len(frame) == 3
    for title, body, got in zip(frame["title"], frame["body"], frame["article_id"], strict=True):
        assert got == reference_id(title, body)
    # the first and the last article differ only by white space and a line break: one id
    assert frame["article_id"].iloc[0] == frame["article_id"].iloc[2]
    assert frame["n_words"].tolist() == count_words(frame["title"] + " " + frame["body"]).tolist()


def test_last_body_without_final_line_feed() -> None:
    frame = assert_same(b"date 2026-01-27 1\nTitle words\nBody words")
    assert frame["article_id"].iloc[0] == reference_id("Title words", "Body words")


def test_fast_path_declines_what_it_cannot_do_exactly() -> None:
    good = " date 2026-01-27 1\nTitle\nBody.\n"
    assert scan_text_bytes(good.encode(), "f.txt") is not None
    for odd in ("\r\n", "\u00a0", "\u3000", "\u2028", "\x0b", "\x00"):
        data = (good + f"date 2026-01-28 2\nT{odd}\nB{odd}x\n").encode()
        assert scan_text_bytes(data, "f.txt") is None, repr(odd)
    assert scan_text_bytes(b"\xff\xfe" + good.encode("utf-16-le"), "f.txt") is None
    assert scan_text_bytes(good.encode("cp1252") + b"caf\xe9\n", "f.txt") is None


_PIECES = [
    "date 2026-01-27 1\n",
    " date 2026-02-28T23:00:00-05:00 ref\n",
    "date 2026-13-01 x\n",
    "dat 2026-01-27 1\n",
    "2026-01-27 x\n",
    "date 27/01/2026 7\n",
    " DATE: 2026-01-27\n",
    "Date\n",
    "27.01.2026\n",
    "Updated 2026-01-28\n",
    "Date set for talks\n",
    "On 2026-01-28 the talks\n",
    "(UPDATE 1) (Reuters) x",
    "(Agência Brasil) y",
    "\n",
    "  \n",
    "\t",
    " ",
    "Title words",
    "(MENAFN) body",
    "(1) not a source",
    " e\u0301",
    "\u201cq\u201d",
    "\u2019",
    "\u00ab\u00bb",
    "\ufb01",
    "\uff21",
    "\u2014",
    "\u00e9",
    "\u011f",
    "\u0132",
    "\u2460",
    "x",
    ".",
]
_TEXT = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=60).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_fast_path_equals_reference_parser(text: str) -> None:
    data = text.encode("utf-8")
    ref, fast = both(data)
    if fast is None:
        return  # declined (e.g. no header at all): the reference parser is used
    pd.testing.assert_frame_equal(fast[0], ref[0])
    assert fast[1] == ref[1]
    pd.testing.assert_frame_equal(fast[2], ref[2])
    frame = fast[0]
    for title, body, got in zip(frame["title"], frame["body"], frame["article_id"], strict=True):
        assert got == reference_id(title, body)


def test_batched_files_report_rejects_file_by_file(tmp_path: Path) -> None:
    good = "date 2026-01-27 1\nTitle {k}\nBody {k}.\n"
    (tmp_path / "a.txt").write_text(good.format(k=1) + "date 2026-01-28 2\nNo body\n")
    (tmp_path / "b.txt").write_text("stray\n" + good.format(k=2) + "dat 2026-01-29 3\nT\nB\n")
    result = read_articles_with_rejects(tmp_path, errors="skip")
    assert result.articles["title"].tolist() == ["Title 1", "Title 2"]
    origins = [Path(o).name for o in result.rejects["origin"]]
    assert list(zip(origins, result.rejects["line"], strict=True)) == [
        ("a.txt", 4),
        ("b.txt", 1),
        ("b.txt", 5),
    ]
    with pytest.raises(ParseError) as info:
        read_articles(tmp_path)
    assert (Path(info.value.origin).name, info.value.line) == ("a.txt", 4)


@pytest.mark.parametrize("threads", ["1", "3"])
def test_scanning_ahead_on_threads_changes_nothing(tmp_path: Path, monkeypatch, threads) -> None:
    """Files scanned on a thread pool give the same frame, rejects and first error, in order."""
    good = "date 2026-01-{d:02d} {k}\nTitle {k} “quoted”\nBody {k} of Türkiye.\nMore {k}.\n"
    for f in range(12):
        parts = [good.format(d=1 + (f + k) % 27, k=f * 10 + k) for k in range(5)]
        if f % 4 == 1:
            parts.insert(2, "dat 2026-01-29 x\nGarbled\nBody\n")
        (tmp_path / f"f{f:02d}.txt").write_text("".join(parts), encoding="utf-8")
    (tmp_path / "crlf.txt").write_bytes(good.format(d=3, k=999).replace("\n", "\r\n").encode())
    monkeypatch.setenv("WORKBENCH_READ_THREADS", "1")
    expected = read_articles_with_rejects(tmp_path, errors="skip")
    with pytest.raises(ParseError) as first:
        read_articles(tmp_path)
    monkeypatch.setenv("WORKBENCH_READ_THREADS", threads)
    result = read_articles_with_rejects(tmp_path, errors="skip")
    pd.testing.assert_frame_equal(result.articles, expected.articles)
    pd.testing.assert_frame_equal(result.rejects, expected.rejects)
    assert len(result.rejects) == 3 and result.n_seen == expected.n_seen == 64
    with pytest.raises(ParseError) as again:
        read_articles(tmp_path)
    assert (again.value.origin, again.value.line) == (first.value.origin, first.value.line)


@pytest.mark.parametrize("scratch_max", [0, 64 << 20])
def test_id_key_scratch_reused_from_file_to_file(monkeypatch, scratch_max: int) -> None:
    """Files of growing and shrinking size, one after another on one thread, keep exact ids.

    The id keys go to a per-thread buffer reused file to file (or a fresh one each time above
    its cap): leftovers of a longer file must never leak into a shorter file's ids.
    """
    from workbench.io import textformat

    monkeypatch.setattr(textformat, "_SCRATCH_MAX", scratch_max)
    monkeypatch.setattr(textformat, "_scratch_local", threading.local())
    record = "date 2026-01-{d:02d} {k}\nTitle {k} \u201cq\u201d\n(AP) Body {k} {pad}\nMore {k}.  \n"
    for n, pad in [(400, "x" * 300), (3, "y"), (2000, "z" * 2000), (1, ""), (50, "w " * 40)]:
        text = "".join(record.format(d=1 + k % 27, k=k, pad=pad) for k in range(n))
        frame = assert_same(text.encode("utf-8"))
        assert len(frame) == n
        expected = [reference_id(t, b) for t, b in zip(frame["title"], frame["body"], strict=True)]
        assert frame["article_id"].tolist() == expected
