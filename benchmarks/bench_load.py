"""Loading speed: the article text reader against pandas.read_csv on identical content.

Writes ``--n`` synthetic articles (default 100,000) in the seed text format, ``--per-file`` per
file (default 1,000), and the same content as one CSV; then times, each in a fresh subprocess so
that peak memory is its own, ``workbench.read_articles`` on the text files and ``pandas.read_csv``
on the CSV. Prints articles/s, MB/s, peak memory (growth of the peak RSS over the process after
imports) and the ratios. Goal: text reader >= 0.5 x read_csv throughput, peak memory < 2 x the
text size. Then converts the shared Reuters-21578 SGML into the text format (in a temp dir) and
loads it, printing time and counts.

Usage: python benchmarks/bench_load.py [--n 100000] [--per-file 1000] [--no-reuters]
"""

from __future__ import annotations

import argparse
import html
import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
REUTERS = REPO.parent / "shared" / "corpora" / "reuters21578"

WORDS = (
    "government minister said talks ceasefire border security council official statement "
    "president envoy meeting agreement economy prices market oil shipping sanctions election "
    "parliament military forces region crisis humanitarian aid negotiations reported week "
    "spokesperson according sources pressure support plan phase second international"
).split()
NAMES = ["Türkiye", "Benjamin Netanyahu", "Recep Tayyip Erdoğan", "Gaza", "Rafah", "Xi Jinping"]
SOURCES = ["MENAFN", "Reuters", "AP", "AFP", "Xinhua"]


def synthetic(n: int, seed: int = 0) -> pd.DataFrame:
    """Return ``n`` distinct articles of about 2 KB, deterministic for ``seed``."""
    rng = np.random.default_rng(seed)
    pool = []
    for k in range(4000):
        words = rng.choice(WORDS, size=rng.integers(35, 70)).tolist()
        words[rng.integers(0, len(words))] = NAMES[k % len(NAMES)]
        if k % 3 == 0:
            words.insert(rng.integers(1, len(words)), "“positive”")
        sentence = " ".join(words)
        pool.append(sentence[0].upper() + sentence[1:] + ".")
    picks = rng.integers(0, len(pool), size=(n, 6))
    days = rng.integers(0, 365, size=n)
    base = pd.Timestamp("2025-01-01", tz="UTC")
    titles, bodies = [], []
    for i in range(n):
        paragraphs = [pool[j] for j in picks[i]]
        paragraphs[0] = f"({SOURCES[i % len(SOURCES)]}) Report {i}: " + paragraphs[0]
        bodies.append("\n".join(paragraphs))
        titles.append(f"{WORDS[i % len(WORDS)].title()} {NAMES[i % len(NAMES)]} talks, item {i}")
    return pd.DataFrame(
        {
            "date": base + pd.to_timedelta(days, unit="D"),
            "title": titles,
            "body": bodies,
            "ref": [str(1000 + i) for i in range(n)],
        }
    )


# ------------------------------------------------------------------ measured in a child process


def _peak_rss_mb() -> float:
    """Peak resident memory of this process image in MB (VmHWM: ru_maxrss survives exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def child(kind: str, target: str) -> None:
    """Run one measured load and print a JSON line."""
    from workbench.io import read_articles

    # warm up (lazy imports, kernel registries) on a tiny input so the figures are the load's own
    with tempfile.TemporaryDirectory() as warm:
        sample = Path(warm) / "warm.txt"
        sample.write_text(" date 2026-01-27 1\nTitle “x”\n(AP) Body.\n", encoding="utf-8")
        read_articles(sample)
        sample.with_suffix(".csv").write_text("date,title,body\n2026-01-27,T,B\n")
        pd.read_csv(sample.with_suffix(".csv"))
    base = _peak_rss_mb()
    start = time.perf_counter()
    if kind == "text":
        from workbench.io import read_articles_with_rejects

        result = read_articles_with_rejects(target, errors="skip")
        rows = len(result.articles)
        extra = {"loaded": result.n_loaded, "rejected": len(result.rejects), "seen": result.n_seen}
    else:
        frame = pd.read_csv(target)
        rows = len(frame)
        extra = {}
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "rows": rows, "peak_mb": _peak_rss_mb() - base, **extra}))


def measure(kind: str, target: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(target)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def size_mb(paths: list[Path]) -> float:
    return sum(p.stat().st_size for p in paths) / 1e6


# ------------------------------------------------------------------------------- Reuters-21578

_DOC = re.compile(r"<REUTERS[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", re.S)
_DATE = re.compile(r"(\d{1,2}-[A-Za-z]{3}-\d{4} \d\d:\d\d:\d\d)")
_FIELD = {k: re.compile(rf"<{k}>(.*?)</{k}>", re.S) for k in ("DATE", "TITLE", "BODY")}


def reuters_to_text(folder: Path, out: Path) -> dict:
    """Convert the SGML files to the text format, one output file per SGML file."""
    from workbench.io.textformat import HEADER_LIKE
    from workbench.io.writer import format_header

    counts = {"documents": 0, "converted": 0, "no title or body": 0, "bad date": 0, "odd line": 0}
    out.mkdir(parents=True, exist_ok=True)
    for sgm in sorted(folder.glob("reut2-*.sgm")):
        raw = sgm.read_text(encoding="latin-1")
        parts = []
        for newid, doc in _DOC.findall(raw):
            counts["documents"] += 1
            fields = {k: (m.group(1) if (m := rx.search(doc)) else "") for k, rx in _FIELD.items()}
            title = " ".join(html.unescape(fields["TITLE"]).split())
            body_raw = html.unescape(fields["BODY"]).replace("\x03", "")
            # paragraphs start with an indented line; wrapped lines are joined
            paragraphs = re.split(r"\n(?=\s)", body_raw.strip())
            body = "\n".join(" ".join(p.split()) for p in paragraphs if p.strip())
            if not title or not body:
                counts["no title or body"] += 1
                continue
            found = _DATE.search(fields["DATE"])
            try:
                date = datetime.strptime(found.group(1), "%d-%b-%Y %H:%M:%S") if found else None
            except ValueError:
                date = None
            if date is None:
                counts["bad date"] += 1
                continue
            if HEADER_LIKE.search(body):
                counts["odd line"] += 1
                continue
            parts.append(f"{format_header(pd.Timestamp(date), newid)}\n{title}\n{body}\n")
            counts["converted"] += 1
        (out / f"{sgm.stem}.txt").write_text("".join(parts), encoding="utf-8")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="synthetic articles")
    parser.add_argument("--per-file", type=int, default=1000, help="articles per text file")
    parser.add_argument("--no-reuters", action="store_true", help="skip the Reuters-21578 part")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "TARGET"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return

    from workbench.io import write_articles_text

    with tempfile.TemporaryDirectory(prefix="bench_load_") as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        frame = synthetic(args.n)
        text_files = write_articles_text(frame, root / "text", per_file=args.per_file)
        csv = root / "articles.csv"
        frame.assign(date=frame["date"].dt.strftime("%Y-%m-%d")).to_csv(csv, index=False)
        print(
            f"wrote {args.n:,} articles: {len(text_files)} text files "
            f"{size_mb(text_files):.1f} MB, CSV {size_mb([csv]):.1f} MB "
            f"({time.perf_counter() - start:.1f} s)"
        )
        text_mb, csv_mb = size_mb(text_files), size_mb([csv])
        t = measure("text", root / "text")
        c = measure("csv", csv)
        assert t["rows"] == c["rows"] == args.n, (t, c)
        for name, m, mb in [("read_articles (text)", t, text_mb), ("pandas.read_csv", c, csv_mb)]:
            print(
                f"{name:22s} {m['seconds']:7.2f} s  {m['rows'] / m['seconds']:10,.0f} articles/s  "
                f"{mb / m['seconds']:6.1f} MB/s  peak +{m['peak_mb']:.0f} MB"
            )
        ratio = (t["rows"] / t["seconds"]) / (c["rows"] / c["seconds"])
        print(
            f"throughput ratio text/read_csv = {ratio:.2f} (goal >= 0.50); "
            f"peak memory / text size = {t['peak_mb'] / text_mb:.2f} (goal < 2.00)"
        )

        if args.no_reuters:
            return
        if not REUTERS.is_dir():
            print(f"Reuters-21578 not found at {REUTERS}; skipped")
            return
        start = time.perf_counter()
        counts = reuters_to_text(REUTERS, root / "reuters")
        convert = time.perf_counter() - start
        summary = ", ".join(f"{k} {v:,}" for k, v in counts.items())
        print(f"Reuters-21578 converted in {convert:.1f} s: {summary}")
        r = measure("text", root / "reuters")
        rate = r["seen"] / r["seconds"]
        print(
            f"Reuters-21578 loaded in {r['seconds']:.2f} s ({rate:,.0f} articles/s): "
            f"{r['seen']:,} seen, {r['loaded']:,} loaded, {r['loaded'] - r['rows']:,} copies "
            f"folded, {r['rows']:,} distinct, {r['rejected']:,} rejected, "
            f"peak +{r['peak_mb']:.0f} MB"
        )


if __name__ == "__main__":
    main()
