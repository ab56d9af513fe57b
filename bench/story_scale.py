"""How the story stages grow with the pile, on distinct real reports.

    python bench/story_scale.py [--sizes 250,500,1000,2000] [--cache DIR] [--repeat 1]

Builds piles of N distinct real reports from Timeline17 (``../shared/bench/t17/*/articles.jsonl.gz``:
3,059 reports over six topics, taken in turn from each topic so that every pile mixes them; never
copies of one report), and prints per size the seconds of entity alias merging
(``entities.merge_entities``), of the quote stage (``attribute_quotes``: ``find_quotes`` per report,
``normalise_speakers``, ``merge_quotes``) and of the whole story stage (everything after dating), with
the slope of a log-log fit of seconds against N (1.0 grows with the pile, 2.0 with its square).

The per-report stages (reading, cleaning, NER: about 140 ms a report) run once, for the largest pile,
into a store under ``--cache`` (kept between runs: delete it to start again); each size is then the
first N of those stored articles, and only the story stages are timed on it, in this process. Dated
sentences are taken from the store too, so the dating stage (timed apart) does not weigh on the rest.
The table is headed by the reports each pile really holds: of the first 2,000 interleaved reports, the
store keeps 1,987 (the others are read as duplicates of a kept one, or skipped).
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dateline.annotate import entities, quotes
from dateline.annotate.dating import date_story
from dateline.config import Settings
from dateline.model import Story
from dateline.pipeline import STORY_STAGES, ingest_paths
from dateline.store import Store

T17 = ROOT.parent / "shared" / "bench" / "t17"
DEFAULT_SIZES = (250, 500, 1000, 2000)
DEFAULT_CACHE = Path(os.environ.get("TMPDIR", "/tmp")) / "dateline-story-scale"
#: The functions timed inside the story stages (module, attribute): each call's seconds are added up.
TIMED = ((entities, "merge_entities"), (quotes, "find_quotes"), (quotes, "normalise_speakers"),
         (quotes, "merge_quotes"))


def interleaved_reports(limit: int, t17: Path = T17) -> list[bytes]:
    """Up to ``limit`` JSONL lines of distinct reports, one from each topic in turn."""
    topics = []
    for path in sorted(t17.glob("*/articles.jsonl.gz")):
        with gzip.open(path, "rb") as f:
            topics.append([line for line in f if line.strip()])
    if not topics:
        sys.exit(f"no Timeline17 reports under {t17}: this benchmark needs ../shared/bench/t17")
    seen, out = set(), []
    for i in range(max(len(t) for t in topics)):
        for lines in topics:
            if i < len(lines):
                text = json.loads(lines[i])["text"]
                if text not in seen:  # distinct reports only
                    seen.add(text)
                    out.append(lines[i])
    return out[:limit]


def stored_pile(cache: Path, size: int, workers: int, t17: Path = T17) -> Path:
    """A store holding the first ``size`` interleaved reports, built once (ingest and NER only)."""
    for built in sorted(cache.glob("pile-*/done"), key=lambda p: int(p.parent.name.split("-")[1])):
        if int(built.parent.name.split("-")[1]) >= size:  # a pile at least as big: its first N are this pile
            return built.parent / "dateline.sqlite"
    folder = cache / f"pile-{size}"
    store_path = folder / "dateline.sqlite"
    folder.mkdir(parents=True, exist_ok=True)
    lines = interleaved_reports(size, t17)
    if len(lines) < size:
        sys.exit(f"only {len(lines)} distinct reports in {t17}; ask for sizes up to that")
    source = folder / "reports.jsonl.gz"
    with gzip.open(source, "wb") as f:
        f.writelines(lines)
    started = time.perf_counter()
    with Store(store_path) as store:
        report = ingest_paths([str(source)], store, Settings(workers=workers))
        dated = date_story(Story(tuple(store.articles())), Settings(workers=workers)).dated
        store.save_sentences([(aid, key, sentences) for aid, (key, sentences) in dated.items()])
    print(f"built the pile of {size} reports ({len(report.added)} added) in {time.perf_counter() - started:.0f} s",
          file=sys.stderr)
    (folder / "done").write_text("ok\n")
    return store_path


def timed(into: dict[str, float], name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            into[name] = into.get(name, 0.0) + time.perf_counter() - start
    return wrapper


def measure(store_path: Path, size: int) -> dict[str, float]:
    """Seconds of each story stage (and of the functions in TIMED) on the first ``size`` stored reports."""
    with Store(store_path) as store:
        articles = tuple(store.articles())[:size]  # in the order added: the interleaved order
        dated = store.dated()
    ids = {a.id for a in articles}
    story = Story(articles, dated={k: v for k, v in dated.items() if k in ids})
    seconds: dict[str, float] = {}
    originals = [(module, name, getattr(module, name)) for module, name in TIMED]
    try:
        for module, name, fn in originals:
            setattr(module, name, timed(seconds, name, fn))
        settings = Settings(workers=1)
        for _, stage in STORY_STAGES:
            start = time.perf_counter()
            story = stage(story, settings)
            seconds[stage.__name__] = seconds.get(stage.__name__, 0.0) + time.perf_counter() - start
    finally:
        for module, name, fn in originals:
            setattr(module, name, fn)
    seconds["story (after dating)"] = sum(v for k, v in seconds.items()
                                          if k in {stage.__name__ for _, stage in STORY_STAGES} - {"date_story"})
    seconds["mentions"] = sum(len(e.mentions) for e in story.entities)
    seconds["quotes"] = len(story.quotes)
    seconds["reports"] = len(articles)
    return seconds


def slope(sizes: list[int], values: list[float]) -> float:
    """Least-squares slope of log(value) against log(size)."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(v, 1e-6)) for v in values]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="pile sizes, comma-separated")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where the ingested pile is kept")
    parser.add_argument("--workers", type=int, default=2, help="processes for the one-off ingest (NER)")
    parser.add_argument("--t17", type=Path, default=T17, help="the Timeline17 folder (one folder per topic)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per size; the fastest is kept")
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    store_path = stored_pile(args.cache, sizes[-1], args.workers, args.t17)
    columns = ("merge_entities", "attribute_quotes", "find_quotes", "normalise_speakers", "merge_quotes",
               "gather_entities", "find_copies", "track_figures", "tell", "story (after dating)", "date_story")
    rows = []
    for size in sizes:
        runs = [measure(store_path, size) for _ in range(args.repeat)]
        rows.append({k: min(r[k] for r in runs) for k in runs[0]})
        print(f"  measured {size}", file=sys.stderr)
    print(f"load average before/after: {os.getloadavg()[0]:.2f} (1 min)", file=sys.stderr)
    sizes = [int(r["reports"]) for r in rows]  # the reports each pile holds (a few of the largest may be duplicates)
    header = f"{'reports':24}" + "".join(f"{s:>9}" for s in sizes) + f"{'slope':>8}"
    print(header)
    print(f"{'entity mentions':24}" + "".join(f"{int(r['mentions']):>9}" for r in rows))
    print(f"{'quotes':24}" + "".join(f"{int(r['quotes']):>9}" for r in rows))
    for column in columns:
        values = [r.get(column, 0.0) for r in rows]
        print(f"{column:24}" + "".join(f"{v:>9.2f}" for v in values) + f"{slope(sizes, values):>8.2f}")
    print(f"(seconds; slope of a log-log fit against N; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())})")


if __name__ == "__main__":
    main()
