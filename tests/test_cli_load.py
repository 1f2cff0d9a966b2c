"""``workbench load``: summary line, outputs, rejects file, exit status, column mapping."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from workbench.cli import main

GOOD = " date 2026-01-27 1\nFirst\n(MENAFN) Body one.\n date 2026-01-28 2\nSecond\nBody two.\n"
BAD = "date 2026-01-99 3\nBroken\nBody three.\n"


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(GOOD + GOOD, encoding="utf-8")  # each article twice
    (tmp_path / "in" / "b.txt").write_text(BAD, encoding="utf-8")
    return tmp_path


def test_load_writes_parquet_and_rejects(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out, rej = folder / "articles.parquet", folder / "rejects.csv"
    status = main(
        ["load", str(folder / "in"), "--out", str(out), "--rejects", str(rej), "--errors", "skip"]
    )
    assert status == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("2 articles loaded, 2 copies folded, 1 records rejected (of 5 seen)")
    frame = pd.read_parquet(out)
    assert frame["title"].tolist() == ["First", "Second"]
    assert frame["n_copies"].tolist() == [2, 2]
    rejects = pd.read_csv(rej)
    assert rejects[["line", "reason"]].values.tolist() == [[1, "invalid date '2026-01-99'"]]
    assert rejects["origin"].iloc[0] == str(folder / "in" / "b.txt")


def test_load_raise_exits_non_zero_naming_file_and_line(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["load", str(folder / "in")]) == 2
    err = capsys.readouterr().err
    assert f"{folder / 'in' / 'b.txt'}:1: invalid date" in err


def test_load_warn_prints_the_first_reject(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["load", str(folder / "in"), "--errors", "warn"]) == 0
    captured = capsys.readouterr()
    assert "1 records rejected" in captured.out
    assert "b.txt:1: invalid date" in captured.err
    assert "--rejects" in captured.err


def test_load_csv_with_mapping(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "export.dat"
    src.write_text("when,head,words\n2026-01-27,Hello,Body text.\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    args = ["load", str(src), "--format", "csv", "--out", str(out)]
    assert main([*args, "--map", "when=date", "--map", "head=title", "--map", "words=body"]) == 0
    assert capsys.readouterr().out.startswith("1 articles loaded")
    assert pd.read_csv(out)["title"].tolist() == ["Hello"]
    assert main([*args, "--map", "when"]) == 2
    assert "--map takes OLD=NEW" in capsys.readouterr().err
    assert main(["load", str(src), "--out", str(tmp_path / "x.xlsx")]) == 2


def test_progress_bar_goes_to_stderr(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load", str(folder / "in"), "--errors", "skip", "--progress"]) == 0
    captured = capsys.readouterr()
    assert "loading" in captured.err and "file" in captured.err
    assert "loading" not in captured.out
    assert main(["load", str(folder / "in"), "--errors", "skip"]) == 0  # not a TTY: no bar
    assert "loading" not in capsys.readouterr().err


def test_load_lists_skipped_files_and_refuses_empty_folders(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    news = tmp_path / "news"
    news.mkdir()
    (news / "story").write_text(GOOD, encoding="utf-8")
    (news / "story.md").write_text(GOOD, encoding="utf-8")
    assert main(["load", str(news)]) == 2
    err = capsys.readouterr().err
    assert f"folder '{news}' holds no file of a known type" in err
    assert main(["load", str(news), "--errors", "skip"]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == (
        "0 articles loaded, 0 copies folded, 0 records rejected (of 0 seen); "
        f"2 files skipped (unknown type): {news / 'story'}, {news / 'story.md'}"
    )
    assert captured.err.startswith(f"warning: folder '{news}' holds no file of a known type")
    (news / "a.txt").write_text(GOOD, encoding="utf-8")
    assert main(["load", str(news)]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip().endswith(
        "; 2 files skipped (unknown type): " + (f"{news / 'story'}, {news / 'story.md'}")
    )
    assert captured.err == ""  # the summary line says it: no warning on top
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["load", str(empty)]) == 2
    assert f"folder '{empty}' holds no file to read" in capsys.readouterr().err


def test_load_dayfirst_and_warning_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "export.csv"
    src.write_text("date,title,body,mood\n03/04/2026,Hello,Body text.,0.5\n", encoding="utf-8")
    out = tmp_path / "out.parquet"
    assert main(["load", str(src)]) == 2
    assert f"{src}:2: ambiguous date '03/04/2026'" in capsys.readouterr().err
    for flag, day in [("--dayfirst", "2026-04-03"), ("--no-dayfirst", "2026-03-04")]:
        assert main(["load", str(src), flag, "--out", str(out)]) == 0
        assert pd.read_parquet(out)["date"].iloc[0] == pd.Timestamp(day, tz="UTC")
        err = capsys.readouterr().err
        assert err.startswith(f"warning: {src}: ignored column(s) ['mood']")
