"""CPU per report for the whole build, stage by stage, beside trafilatura's extraction on the same pages.

    python bench/cpu.py [--pages ../shared/bench/extraction/html] [--repeat 1] [--markdown-out FILE]

The pages (``*.html`` or ``*.html.gz``, real news pages of the boilerplate-removal
benchmark) are written out as plain ``.html`` files, then, in this one process
and one run:

1. ``trafilatura.extract`` reads every page (its default settings): the floor
   for reading an HTML report.
2. ``dateline build`` runs on the same files with one worker, inline in this
   process (the same code a worker runs), to a fresh output folder. Its CPU
   time (``time.process_time``) is split by stage: the per-report functions are
   wrapped with a timer (byte decoding, cleaning with trafilatura's share
   apart, publication dates, NER, the sentences and their dates), the rest is what :class:`BuildResult` counts
   per stage (dating, the story stages, storing, rendering).

Fixed costs (importing trafilatura, loading the spaCy model) are paid before
either is timed and printed apart. ``--repeat`` runs both measures that many
times and keeps each one's fastest, the usual way to read CPU time on a
shared machine. The ratio printed last is the issue's measure: the whole
build's CPU per report over trafilatura's CPU per page.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import functools
import gzip
import os
import platform
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine_info import cpu_model

from dateline import pipeline
from dateline.annotate import entities
from dateline.config import Settings
from dateline.ingest import article as reading
from dateline.ingest import read
from dateline.pipeline import run_build

DEFAULT_PAGES = ROOT.parent / "shared" / "bench" / "extraction" / "html"

#: The per-report functions timed inside the build: (module, attribute, row name). Each is wrapped where its
#: caller looks it up, so the build runs its usual code.
WRAPPED: tuple[tuple[Any, str, str], ...] = (
    (read, "decode_bytes", "decode bytes"),
    (reading.clean, "clean_html", "clean (all)"),
    (reading.pubdate, "date_article", "publication date"),
    (entities, "find_mentions", "NER (spaCy)"),
)
#: trafilatura's own calls inside our cleaner, counted apart from our rules.
TRAFILATURA_CALLS = ("load_html", "bare_extraction")


def load_pages(folder: Path) -> list[tuple[str, bytes]]:
    pages = []
    for path in sorted(folder.iterdir()):
        if path.name.endswith(".html.gz"):
            pages.append((path.name[: -len(".gz")], gzip.decompress(path.read_bytes())))
        elif path.suffix == ".html":
            pages.append((path.name, path.read_bytes()))
    if not pages:
        raise SystemExit(f"no .html or .html.gz pages in {folder}; give --pages FOLDER")
    return pages


class Timers:
    """CPU seconds per wrapped function, not counting a wrapped call's time twice when one calls another."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}

    @contextlib.contextmanager
    def wrapped(self, targets: tuple[tuple[Any, str, str], ...]) -> Iterator[None]:
        saved = [(module, attr, getattr(module, attr)) for module, attr, _ in targets]
        for module, attr, name in targets:
            setattr(module, attr, self.timed(getattr(module, attr), name))
        try:
            yield
        finally:
            for module, attr, original in saved:
                setattr(module, attr, original)

    def timed(self, function: Callable[..., Any], name: str) -> Callable[..., Any]:
        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[name] = self.seconds.get(name, 0.0) + time.process_time() - start
                self.calls[name] = self.calls.get(name, 0) + 1
        return timed


def trafilatura_seconds(pages: list[tuple[str, bytes]]) -> float:
    import trafilatura

    start = time.process_time()
    for _, data in pages:
        trafilatura.extract(data)
    return time.process_time() - start


def build_seconds(folder: Path) -> tuple[float, dict[str, float], int, int]:
    """(CPU seconds of the whole build, seconds per row, reports kept, reports skipped)."""
    import trafilatura

    timers = Timers()
    targets = WRAPPED + tuple((trafilatura, name, "clean: trafilatura") for name in TRAFILATURA_CALLS)
    stages = pipeline.ARTICLE_STAGES
    pipeline.ARTICLE_STAGES = tuple(
        stage if stage is entities.with_mentions else timers.timed(stage, "sentences and their dates")
        for stage in stages
    )
    try:
        with tempfile.TemporaryDirectory(prefix="dateline-cpu-") as out, timers.wrapped(targets):
            start = time.process_time()
            result = run_build([folder], Settings(workers=1), out=out)
            total = time.process_time() - start
    finally:
        pipeline.ARTICLE_STAGES = stages
    rows = dict(timers.seconds)
    rows["clean: our rules"] = rows.pop("clean (all)", 0.0) - rows.get("clean: trafilatura", 0.0)
    per_report = sum(rows.values())
    rows["ingest: reading files, hashing, other"] = result.timings.get("ingest", 0.0) - per_report
    for stage in ("dating", "story", "events and selection", "store", "render"):
        rows[stage] = result.timings.get(stage, 0.0)
    return total, rows, len(result.report.added), len(result.report.skipped)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--markdown-out", type=Path)
    args = parser.parse_args()
    pages = load_pages(args.pages)
    load = os.getloadavg()

    start = time.process_time()
    import trafilatura  # noqa: F401

    import_seconds = time.process_time() - start
    start = time.process_time()
    entities.load_model(None)
    model_seconds = time.process_time() - start

    with tempfile.TemporaryDirectory(prefix="dateline-pages-") as tmp:
        folder = Path(tmp)
        for name, data in pages:
            (folder / name).write_bytes(data)
        traf = min(trafilatura_seconds(pages) for _ in range(args.repeat))
        runs = [build_seconds(folder) for _ in range(args.repeat)]
    total, rows, kept, skipped = min(runs, key=lambda run: run[0])
    load_after = os.getloadavg()
    n = len(pages)

    out = []
    out.append(f"Run on {dt.datetime.now(dt.UTC):%Y-%m-%d at %H:%M} UTC, {cpu_model()}, {os.cpu_count()} cores, "
               f"Python {platform.python_version()}, load average {' '.join(f'{x:.2f}' for x in load)} before and "
               f"{' '.join(f'{x:.2f}' for x in load_after)} after; {n} pages ({kept} kept, {skipped} skipped), "
               f"fastest of {args.repeat}.")
    out.append("")
    out.append("| stage | CPU ms per report | share of the build |")
    out.append("|---|---:|---:|")
    for name, seconds in rows.items():
        out.append(f"| {name} | {1000 * seconds / n:.1f} | {100 * seconds / total:.0f}% |")
    out.append(f"| **whole build** | **{1000 * total / n:.1f}** | 100% |")
    out.append(f"| trafilatura.extract alone, same pages | {1000 * traf / n:.1f} | |")
    out.append("")
    out.append(f"Whole build over trafilatura: **{total / traf:.2f}x** CPU per report.")
    out.append(f"Fixed costs, paid once before timing: importing trafilatura {import_seconds:.2f} s, loading the "
               f"spaCy model {model_seconds:.2f} s.")
    text = "\n".join(out)
    print(text)
    if args.markdown_out:
        args.markdown_out.write_text(text + "\n")


if __name__ == "__main__":
    main()
