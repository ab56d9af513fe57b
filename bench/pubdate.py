"""Publication dates stated in the text: how many reports that state their date get it, and none wrongly.

    python bench/pubdate.py --data ../shared/bench/t17 [--topics egypt iraq] [--errors 20] [--chars 300]

Every line of each topic's ``articles.jsonl.gz`` is written again without its ``published`` field into a
temporary JSONL file, which goes through dateline's real ingest path (``read_paths``, then
``read_article``: the JSONL reader and the per-report stage of every build). Per topic and overall we count:

- **found**: dateline gave the report a date (the collection has no URLs or titles, so it came from the text);
- **stated**: the text states the gold date near its start, judged *independently of dateline's rules* by
  :func:`stated`: the gold date written in common shapes ("January 25, 2011", "Jan. 25, 2011", "25 Jan 2011",
  "2011-01-25", "1/25/2011", "1/25/11", "25/01/2011"; a weekday before it is allowed and not needed) found,
  case- and spacing-blind, in the first ``--chars`` characters. It is an estimate: a story date that happens
  to equal the publication day counts as stated, and a stamp further down or in an unusual shape does not;
- **right** / **wrong**: found and equal to the gold date, or not;
- **found, not stated**: found although the judge sees no gold date near the start (right or wrong);
- **upper bound only (holds)**: no date, only a last-updated stamp's "published on this day or before", and how
  many of those bounds the gold date keeps;
- seconds for the topic.

``--errors N`` lists up to N wrong ones (with the evidence dateline used) and up to N stated-but-not-found.
A second pass keeps ``published`` and checks that every report then gets exactly the gold date from the
metadata (metadata wins over anything in the text); it prints any that do not.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import re
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dateline.config import Settings
from dateline.ingest.article import read_article
from dateline.ingest.read import read_paths
from dateline.model import Article, DateHow, RawDocument

#: How far into the text the judge looks for the gold date: the page's stamp, a caption and a dateline fit in it.
STATED_CHARS = 300
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")


def renderings(day: dt.date) -> list[str]:
    """The gold date in the shapes pages commonly print it (lower case, single spaces)."""
    full = _MONTH_NAMES[day.month - 1]
    months = {full, full[:3], full[:3] + ".", full[:4] + "."}  # "Sept."
    d, y, m = day.day, day.year, day.month
    out = {day.isoformat(), f"{m}/{d}/{y}", f"{m:02d}/{d:02d}/{y}", f"{m}/{d}/{y % 100:02d}",
           f"{d}/{m}/{y}", f"{d:02d}/{m:02d}/{y}", f"{d}.{m}.{y}"}
    for name in months:
        out |= {f"{name} {d}, {y}", f"{name} {d} {y}", f"{d} {name} {y}", f"{d} {name}, {y}", f"{name} {d:02d}, {y}"}
    return sorted(s.lower() for s in out)


def stated(text: str, day: dt.date, chars: int = STATED_CHARS) -> bool:
    """Whether the gold date is written in the first ``chars`` characters (an estimate, see the module doc)."""
    head = " " + " ".join(text[:chars].split()).lower() + " "
    # A rendering counts only between non-digits, so "1/25/2011" does not match inside "11/25/2011".
    return any(re.search(rf"(?<![\d/.]){re.escape(r)}(?!\d)", head) for r in renderings(day))


@dataclass
class Tally:
    reports: int = 0
    found: int = 0
    stated: int = 0
    right: int = 0
    wrong: int = 0
    found_not_stated: int = 0
    bounded: int = 0
    bound_holds: int = 0
    seconds: float = 0.0
    hows: dict[str, int] = field(default_factory=dict)

    def add(self, other: Tally) -> None:
        for name in ("reports", "found", "stated", "right", "wrong", "found_not_stated", "bounded", "bound_holds",
                     "seconds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for how, n in other.hows.items():
            self.hows[how] = self.hows.get(how, 0) + n


def _articles(rows: list[dict], keep_published: bool, settings: Settings) -> dict[int, Article]:
    """Run the JSONL reader and the per-report stage on ``rows``; articles by 0-based row."""
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "reports.jsonl"
        with feed.open("w", encoding="utf-8") as out:
            for row in rows:
                record = dict(row) if keep_published else {k: v for k, v in row.items() if k != "published"}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        articles = {}
        for doc in read_paths([feed], settings):
            if isinstance(doc, RawDocument) and doc.origin.line is not None:
                article = read_article(doc, settings)
                if isinstance(article, Article):
                    articles[doc.origin.line - 1] = article
        return articles


def run_topic(folder: Path, chars: int, settings: Settings, wrong: list[str], missed: list[str]) -> Tally:
    """Count one topic (see the module doc); wrong and missed ones are appended for ``--errors``."""
    with gzip.open(folder / "articles.jsonl.gz", "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    start = time.perf_counter()
    articles = _articles(rows, keep_published=False, settings=settings)
    tally = Tally(reports=len(rows))
    for i, row in enumerate(rows):
        gold = dt.date.fromisoformat(row["published"][:10])
        is_stated = stated(row["text"], gold, chars)
        tally.stated += is_stated
        article = articles.get(i)
        published = article.published if article else None
        label = f"{folder.name}:{i + 1} {row.get('id', '')}"
        if published is not None and published.date is None and published.latest is not None:
            tally.bounded += 1  # an upper bound only (a last-updated stamp): no date given, so none wrong
            tally.bound_holds += gold <= published.latest
        if published is None or published.date is None:
            if is_stated:
                missed.append(f"{label} gold {gold}: {' '.join(row['text'][:chars].split())!r}")
            continue
        tally.found += 1
        tally.hows[published.how.value] = tally.hows.get(published.how.value, 0) + 1
        tally.found_not_stated += not is_stated
        if published.date == gold:
            tally.right += 1
        else:
            tally.wrong += 1
            wrong.append(f"{label} gold {gold}, got {published.date} ({published.how.value}) "
                         f"from {published.evidence!r}")
    tally.seconds = time.perf_counter() - start
    return tally


def check_metadata_wins(folder: Path, settings: Settings) -> list[str]:
    """With ``published`` kept, every report ingest keeps must get exactly that date, from the metadata."""
    with gzip.open(folder / "articles.jsonl.gz", "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    articles = _articles(rows, keep_published=True, settings=settings)
    bad = []
    for i, row in enumerate(rows):
        gold = dt.date.fromisoformat(row["published"][:10])
        article = articles.get(i)  # None: skipped by ingest (too little text), with or without the field
        if article is not None and (article.published.date != gold or article.published.how is not DateHow.METADATA):
            bad.append(f"{folder.name}:{i + 1} gold {gold}, got {article.published.date} ({article.published.how})")
    return bad


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "bench" / "t17",
                        help="folder of topics, each with articles.jsonl.gz (default: ../shared/bench/t17)")
    parser.add_argument("--topics", nargs="*", help="only these topics (default: every folder in --data)")
    parser.add_argument("--chars", type=int, default=STATED_CHARS, help="how far the 'stated' judge looks")
    parser.add_argument("--errors", type=int, default=0, help="list up to N wrong and N stated-but-not-found")
    parser.add_argument("--no-metadata-check", action="store_true", help="skip the pass with 'published' kept")
    args = parser.parse_args(argv)

    topics = sorted(p for p in args.data.iterdir() if (p / "articles.jsonl.gz").is_file())
    if args.topics:
        topics = [p for p in topics if p.name in args.topics]
    if not topics:
        raise SystemExit(f"no topic folders with articles.jsonl.gz in {args.data}")
    settings = Settings()
    total = Tally()
    wrong: list[str] = []
    missed: list[str] = []
    header = ("| topic | reports | found | stated | right | wrong | found, not stated | upper bound only (holds) "
              "| seconds |")
    print(header)
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for folder in topics:
        tally = run_topic(folder, args.chars, settings, wrong, missed)
        total.add(tally)
        print(_row(folder.name, tally), flush=True)
    print(_row("**all**", total))
    print(f"\nfound by kind: {', '.join(f'{k} {v}' for k, v in sorted(total.hows.items()))}")
    if args.errors:
        print(f"\nwrong ({len(wrong)}):")
        for line in wrong[: args.errors]:
            print("  " + line)
        print(f"\nstated but not found ({len(missed)}):")
        for line in missed[: args.errors]:
            print("  " + line)
    if not args.no_metadata_check:
        start = time.perf_counter()
        bad = [b for folder in topics for b in check_metadata_wins(folder, settings)]
        print(f"\nwith 'published' kept: {len(bad)} reports not dated by their metadata "
              f"({time.perf_counter() - start:.0f} s)")
        for line in bad[:20]:
            print("  " + line)
        if bad:
            return 1
    return 0


def _row(name: str, t: Tally) -> str:
    return (f"| {name} | {t.reports} | {t.found} | {t.stated} | {t.right} | {t.wrong} | {t.found_not_stated} "
            f"| {t.bounded} ({t.bound_holds}) | {t.seconds:.1f} |")


if __name__ == "__main__":
    raise SystemExit(main())
