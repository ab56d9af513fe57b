"""Speed of the annotate stages, in sentences per second.

    python bench/annotate.py [--copies 10] [--corpus DIR] [--markdown-out FILE]

Builds the bundled sample (or ``--corpus``) once, then times each story-level
stage over the articles repeated ``--copies`` times (so that fixed costs such
as loading the spaCy model are measured apart from the per-sentence cost):
entities (spaCy NER and alias merging), quotes (finding, speaker
normalisation, merging across reports), figures (finding, series and
disagreements), dated sentences (the temporal tagger) and dedupe (copies and
repeats). Each stage runs once, in this process, on one core.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dateline import quotes
from dateline.annotate import entities, figures
from dateline.pipeline import SAMPLE_DIR, dated_sentences, run_build
from dateline.story import dedupe


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--copies", type=int, default=10)
    parser.add_argument("--corpus", type=Path, default=SAMPLE_DIR)
    parser.add_argument("--markdown-out", type=Path)
    args = parser.parse_args()

    base = run_build([str(args.corpus)]).timeline
    articles = []
    for i in range(args.copies):  # distinct ids so that nothing is merged away as the same article
        articles += [dataclasses.replace(a, id=f"{i:04d}{a.id[4:]}") for a in base.articles]
    rows = []

    start = time.perf_counter()
    entities.load_model()
    rows.append(("spaCy model load (once)", time.perf_counter() - start, None))

    def timed(name, work):
        t = time.perf_counter()
        result = work()
        rows.append((name, time.perf_counter() - t, n_sentences))
        return result

    t = time.perf_counter()
    dated = [s for a in articles for s in dated_sentences(a)]
    n_sentences = len(dated)
    rows.append(("dated sentences (split + temporal tagger)", time.perf_counter() - t, n_sentences))
    found = timed("entities (spaCy NER + alias merging)", lambda: entities.find_entities(articles))
    people: dict[str, list] = {}
    for e in found:
        if e.label == "PERSON":
            for r in e.mentions:
                people.setdefault(r.article, []).append((r.start, r.end, e.name))

    def run_quotes():
        found_q = [m for a in articles for m in quotes.find_quotes(a, sorted(people.get(a.id, [])))]
        return quotes.merge_quotes(quotes.normalise_speakers(found_q), {a.id: a.text for a in articles})

    timed("quotes (find, speakers, merge)", run_quotes)
    by_article: dict[str, list] = {}
    for s in dated:
        by_article.setdefault(s.article, []).append(s)
    timed("figures (find, series, disagreements)",
          lambda: figures.series([m for a in articles for m in figures.find_figures(a, by_article.get(a.id, []))]))
    timed("dedupe (copies + repeats)", lambda: (dedupe.find_copies(articles), dedupe.find_repeats(articles)))

    lines = [
        f"Command: `python bench/annotate.py --copies {args.copies}`  ",
        f"Machine: {os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()}; date {dt.date.today()}  ",
        f"Input: {len(articles)} articles ({len(base.articles)} sample reports x {args.copies}), {n_sentences} sentences",
        "",
        "| stage | seconds | sentences/s |",
        "|---|---:|---:|",
    ]
    total = 0.0
    for name, seconds, count in rows:
        rate = f"{count / seconds:,.0f}" if count else "-"
        lines.append(f"| {name} | {seconds:.2f} | {rate} |")
        if count:
            total += seconds
    lines.append(f"| **all per-sentence stages** | {total:.2f} | {n_sentences / total:,.0f} |")
    table = "\n".join(lines)
    print(table)
    if args.markdown_out:
        args.markdown_out.write_text(table + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
