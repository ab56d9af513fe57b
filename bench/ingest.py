"""Whole-build speed and peak memory: the sample corpus replicated to N reports.

    python bench/ingest.py --reports 5000 [--workers 1 2] [--rebuild] [--src DIR] [--markdown-out FILE]
    python bench/ingest.py --piles ../shared/bench/t17/*/articles.jsonl.gz [--workers 2] [--dask local]

Every report of the bundled sample (or of ``--corpus DIR``) is read once, then
written out again N/len(sample) times with a marker sentence added, so that
each copy is a distinct article (identical copies would be stored once and
skip the work being measured). HTML and text reports become files of their
kind; JSONL lines go into JSONL files of 100 lines; pages from WARC archives
are written as HTML files. Each configuration runs ``dateline build`` in a
fresh child process on a fresh output folder; we report reports per second
(wall clock, whole build: read, clean, date, store, story, events and selection,
write the timeline in every format), the seconds per stage and the
child's peak resident memory. With ``--rebuild`` a second ``dateline build``
runs on the same output folder and the same pile (nothing new to add), in a
fresh child process too: the cost of rebuilding a stored story. ``--src``
measures another checkout's ``src`` folder (e.g. a clone of an older commit).

``--piles`` builds real piles as they are instead (files or folders, one
build each; e.g. every Timeline17 topic), with the same measures. ``--dask
local`` runs the per-report stages on a Dask LocalCluster of ``--workers``
processes instead of the process pool, for a row to compare with.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

sys.path.insert(0, str(Path(__file__).resolve().parent))

from machine_info import cpu_model

from dateline.config import Settings
from dateline.ingest.read import read_paths
from dateline.model import RawDocument
from dateline.pipeline import SAMPLE_DIR


def replicate(corpus: Path, total: int, into: Path) -> int:
    """Write ``total`` distinct reports made from ``corpus`` into ``into``; returns the count."""
    docs = [d for d in read_paths([str(corpus)], Settings()) if isinstance(d, RawDocument)]
    if not docs:
        raise SystemExit(f"no reports found in {corpus}")
    into.mkdir(parents=True, exist_ok=True)
    written = 0
    feed_lines: list[str] = []
    copy = 0
    while written < total:
        for doc in docs:
            if written >= total:
                break
            marker = f"This is replicated copy {copy} of the report for the benchmark."
            name = f"r{written:06d}"
            if doc.origin.line is not None:
                record = {k: v for k, v in doc.meta.items() if not k.startswith("_")}
                record[doc.kind] = _mark(doc, marker)
                feed_lines.append(json.dumps(record, ensure_ascii=False))
                if len(feed_lines) == 100:
                    (into / f"{name}.jsonl").write_text("\n".join(feed_lines) + "\n", encoding="utf-8")
                    feed_lines = []
            elif doc.kind == "html":
                (into / f"{name}.html").write_text(_mark(doc, marker), encoding="utf-8")
            else:
                header = "".join(f"{k.title()}: {v}\n" for k, v in doc.meta.items() if not k.startswith("_"))
                (into / f"{name}.txt").write_text((header + "\n" if header else "") + _mark(doc, marker), encoding="utf-8")
            written += 1
        copy += 1
    if feed_lines:
        (into / "rest.jsonl").write_text("\n".join(feed_lines) + "\n", encoding="utf-8")
    return written


def _mark(doc: RawDocument, marker: str) -> str:
    """Add ``marker`` to the longest paragraph, where no cleaner would drop it."""
    if doc.kind == "html":
        paragraphs = list(re.finditer(r"<p\b[^>]*>(.*?)</p>", doc.content, re.I | re.S))
        if paragraphs:  # the longest paragraph is article text, not a cookie notice
            match = max(paragraphs, key=lambda m: len(re.sub(r"<[^>]+>", "", m.group(1))))
            return doc.content[: match.end(1)] + " " + marker + doc.content[match.end(1) :]
        return doc.content.replace("</body>", f"<p>{marker}</p></body>", 1)
    lines = doc.content.split("\n")
    for i, line in enumerate(lines):
        if len(line.split()) >= 20:
            lines[i] = line.rstrip() + " " + marker
            return "\n".join(lines)
    return doc.content.rstrip("\n") + "\n\n" + marker + "\n"


CHILD = """
import json, resource, sys, time
sys.path.insert(0, {src!r})
from dateline.config import Settings
from dateline.pipeline import run_build
start = time.perf_counter()
result = run_build([{pile!r}], Settings(workers={workers}, scheduler={scheduler!r}), out={out!r})
seconds = time.perf_counter() - start
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({{"seconds": seconds, "added": len(result.report.added), "skipped": len(result.report.skipped),
                  "read": len(result.report.added) + len(result.report.duplicates),
                  "peak_mb": peak_kb / 1024, "worker_peak_mb": children_kb / 1024,
                  "timings": result.timings, "entries": len(result.timeline.entries), "events": len(result.timeline.events)}}))
"""


STAGES = ("ingest", "store", "dating", "story", "events and selection", "render")


def run_one(pile: Path, workers: int, *, rebuild: bool = False, src: Path = ROOT / "src", scheduler: str = "") -> dict:
    """One build in a fresh child process; with ``rebuild`` a second one on the same store, under "rebuild"."""
    out = Path(tempfile.mkdtemp(prefix="dateline-bench-out-"))
    try:
        code = CHILD.format(src=str(src), pile=str(pile), workers=workers, out=str(out), scheduler=scheduler)
        runs = []
        for _ in range(2 if rebuild else 1):
            proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
            runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
        if rebuild:
            runs[0]["rebuild"] = runs[1]
        return runs[0]
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, nargs="+", default=[5000])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--corpus", type=Path, default=SAMPLE_DIR)
    parser.add_argument("--rebuild", action="store_true", help="also time a second build with nothing new")
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the dateline source folder to measure")
    parser.add_argument("--piles", type=Path, nargs="+", help="build these real piles as they are (no replication)")
    parser.add_argument("--dask", choices=["local"], help="run the per-report stages on a Dask LocalCluster")
    parser.add_argument("--markdown-out", type=Path)
    args = parser.parse_args()
    scheduler = args.dask or ""
    load_before = os.getloadavg()

    def piles():
        """(label, path) per pile to build: the real piles, or the sample replicated to each size."""
        if args.piles:
            for path in args.piles:
                yield _pile_label(path), path
            return
        for total in args.reports:
            with tempfile.TemporaryDirectory(prefix="dateline-bench-pile-") as tmp:
                pile = Path(tmp) / "pile"
                yield str(replicate(args.corpus, total, pile)), pile

    rows = []
    for count, pile in piles():
        for workers in args.workers:
            result = run_one(pile, workers, rebuild=args.rebuild, src=args.src, scheduler=scheduler)
            rows.append((count, workers, result))
            print(f"{count} ({result['read']} reports), {workers} worker(s): {result['seconds']:.1f} s, "
                  f"{result['read'] / result['seconds']:.0f} reports/s, peak {result['peak_mb']:.0f} MB "
                  f"(+ workers {result['worker_peak_mb']:.0f} MB), added {result['added']}, skipped {result['skipped']}; "
                  f"stages {', '.join(f'{k} {v:.1f} s' for k, v in result['timings'].items())}",
                  flush=True)
            if args.rebuild:
                again = result["rebuild"]
                print(f"  rebuild, nothing new: {again['seconds']:.1f} s, peak {again['peak_mb']:.0f} MB "
                      f"(+ workers {again['worker_peak_mb']:.0f} MB), added {again['added']}; "
                      f"stages {', '.join(f'{k} {v:.1f} s' for k, v in again['timings'].items())}", flush=True)

    what = (f"--piles {' '.join(map(str, args.piles))}" if args.piles else f"--reports {' '.join(map(str, args.reports))}")
    lines = [
        f"Command: `python bench/ingest.py {what} --workers {' '.join(map(str, args.workers))}"
        f"{' --rebuild' if args.rebuild else ''}{' --dask local' if args.dask else ''}`  ",
        f"Machine: {cpu_model()}, {os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()}, "
        f"{platform.system()}; {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; load average "
        f"{' '.join(f'{x:.2f}' for x in load_before)} before, {' '.join(f'{x:.2f}' for x in os.getloadavg())} after"
        f"{'; per-report stages on a Dask LocalCluster' if args.dask else ''}",
        "",
        "| pile | workers | seconds | reports/s | peak RSS main (MB) | peak RSS per worker (MB) | added | already present | skipped |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for count, workers, r in rows:
        lines.append(
            f"| {count} | {workers} | {r['seconds']:.1f} | {r['read'] / r['seconds']:.0f} | {r['peak_mb']:.0f} | "
            f"{r['worker_peak_mb']:.0f} | {r['added']} | {r['read'] - r['added']} | {r['skipped']} |"
        )
    lines += ["", "Seconds per stage:", "",
              "| pile | workers | " + " | ".join(STAGES) + " |",
              "|---|---:|" + "---:|" * len(STAGES)]
    for count, workers, r in rows:
        lines.append(f"| {count} | {workers} | " + " | ".join(f"{r['timings'].get(k, 0):.1f}" for k in STAGES) + " |")
    if args.rebuild:
        lines += ["", "Rebuild with nothing new (a second build on the same store):", "",
                  "| pile | workers | seconds | peak RSS main (MB) | peak RSS per worker (MB) | " + " | ".join(STAGES) + " |",
                  "|---|---:|---:|---:|---:|" + "---:|" * len(STAGES)]
        for count, workers, r in rows:
            again = r["rebuild"]
            lines.append(f"| {count} | {workers} | {again['seconds']:.1f} | {again['peak_mb']:.0f} | "
                         f"{again['worker_peak_mb']:.0f} | "
                         + " | ".join(f"{again['timings'].get(k, 0):.1f}" for k in STAGES) + " |")
    table = "\n".join(lines)
    print()
    print(table)
    if args.markdown_out:
        args.markdown_out.write_text(table + "\n", encoding="utf-8")


def _pile_label(path: Path) -> str:
    """A pile's name in the tables: its folder for a file such as t17/bpoil/articles.jsonl.gz, else its name."""
    return path.parent.name if path.is_file() and path.name.startswith("articles") else path.name


if __name__ == "__main__":
    main()
