"""Which reports the story stage sets aside as off the pile's story, per benchmark task, for a person to judge.

    python bench/off_topic.py --data ../shared/bench/t17
    python bench/off_topic.py --data ../shared/bench/t17 --topics egypt,bpoil --cache bench/results/tls-cache

For each raw-report topic (``articles.jsonl.gz``, see ``tls_reports.py``) whose store is already in the
cache ``bench/tls.py`` keeps (a topic not read yet is skipped: run ``bench/tls.py`` on it first), and for
each of its reference timelines, the reports published in the task's window go through the same steps as a
build (``story/topic.py``). Printed: the pile's salient names, how many
reports were set aside, and for each its evidence and the first 100 characters of its text, so that a
person can judge precision. The reports' text goes to stdout only: nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
try:
    import dateline  # noqa: F401
except ImportError:  # run from a checkout without installing the package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import tls
import tls_reports as reports

#: Characters of each set-aside report's text shown (enough to tell what it is about).
SHOWN = 100


def cached_store(topic_dir: Path, cache: Path) -> Path | None:
    """The topic's store in ``cache`` when it was read completely (its ``ingest.json`` is written last)."""
    folders = sorted((p for p in cache.glob(f"{topic_dir.name}-*") if (p / "ingest.json").is_file()),
                     key=lambda p: p.stat().st_mtime)
    return folders[-1] / "dateline.sqlite" if folders else None


def judge_topic(topic_dir: Path, store: Path) -> list[tuple[str, int, int]]:
    """Print what each task's window sets aside; return (task, reports, set aside) per task."""
    import dataclasses

    from dateline.story import topic

    stored = reports.Reports.load(store)
    tasks, problems = tls.topic_tasks(topic_dir)
    for problem in problems:
        print(f"{topic_dir.name}: skipped: {problem}", file=sys.stderr)
    counts = []
    for task in tasks:
        articles = [dataclasses.replace(a, dated=None) for a in stored.published_in(task.start, task.end)]
        _, off = topic.set_aside(articles)
        names = topic.story_names(articles)
        print(f"\n## {topic_dir.name}/{task.name}: {task.start} to {task.end}, {len(articles)} reports, "
              f"{len(off)} set aside")
        print(f"salient names ({len(names.names)}): " + ", ".join(
            f"{n} ({c})" for n, c in zip(names.names[:15], names.reports[:15], strict=True)))
        words = topic.pile_words(articles)
        print("story words: " + (", ".join(words.words) if words else "none"))
        texts = {a.id: a.text for a in articles}
        for o in off:
            head = " ".join(texts[o.article][:SHOWN].split())
            print(f"- {o.article} names {o.story_mentions} in {o.characters} chars, story words {o.story_words:.2f}, "
                  f"similarity {o.similarity:.3f} (median {o.pile_similarity:.3f}): {head}")
        counts.append((task.name, len(articles), len(off)))
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default="../shared/bench/t17", help="folder of topics (default: %(default)s)")
    parser.add_argument("--topics", help="comma-separated topic folders (default: all)")
    parser.add_argument("--cache", default=str(reports.ROOT / "bench" / "results" / "tls-cache"),
                        help="the stores bench/tls.py keeps (default: %(default)s)")
    args = parser.parse_args(argv)
    data = Path(args.data)
    topics = args.topics.split(",") if args.topics else tls.find_topics(data)
    topics = [t for t in topics if reports.is_report_topic(data / t)]
    if not topics:
        print(f"error: no raw-report topics (articles.jsonl.gz and gold/) in {data}; see ../shared/bench/README.md",
              file=sys.stderr)
        return 1
    summary = []
    for name in topics:
        store = cached_store(data / name, Path(args.cache))
        if store is None:
            print(f"{name}: no complete store in {args.cache}; run bench/tls.py on it first", file=sys.stderr)
            continue
        summary += [(name, *row) for row in judge_topic(data / name, store)]
    print("\n| topic | task | reports | set aside |\n|---|---|---|---|")
    for row in summary:
        print("| " + " | ".join(str(x) for x in row) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
