"""What a built store costs to serve: the first page of `dateline serve`, searches, writing timeline.json.

    python bench/store_serving.py --pile ../shared/bench/t17/bpoil/articles.jsonl.gz [--out DIR] [--markdown-out FILE]

Builds the pile once into ``--out`` (kept, and reused when it already holds a
build), then, in this process:

- **serve's first answer**: ``create_app`` and the first ``GET /api/timeline``,
  once with the timeline.json the build wrote (served as it is) and once with
  that file moved away (the story is rebuilt from the store, as every start did
  before the file was reused);
- **search**: each query of QUERIES, for reports and for sentences, the
  fastest of three, with how many matches were counted;
- **timeline.json**: written piece by piece (what a build does) against one
  indented ``json.dumps`` of the whole timeline (what it did before).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from fastapi.testclient import TestClient
from machine_info import cpu_model

from dateline.config import Settings
from dateline.pipeline import run_build
from dateline.render.json import json_chunks, load_timeline, timeline_to_dict
from dateline.store.sqlite import STORE_NAME, Store
from dateline.web.search import search
from dateline.web.server import create_app

#: Words a user types: the commonest English word, a common news verb, and a rarer two-word query.
QUERIES = ("the", "said", "oil spill", "\"white house\"")


def first_answer(out: Path) -> float:
    start = time.perf_counter()
    client = TestClient(create_app(out / STORE_NAME, Settings(workers=2)), base_url="http://127.0.0.1:8765")
    response = client.get("/api/timeline")
    response.raise_for_status()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pile", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "dateline-store-serving")
    parser.add_argument("--markdown-out", type=Path)
    args = parser.parse_args()
    load = os.getloadavg()
    if not (args.out / "timeline.json").is_file():
        run_build([args.pile], Settings(workers=2), out=args.out)
    with Store(args.out / STORE_NAME) as store:
        reports = store.count()

    written = first_answer(args.out)
    moved = args.out / "timeline.json.away"
    (args.out / "timeline.json").rename(moved)
    try:
        rebuilt = first_answer(args.out)
    finally:
        moved.rename(args.out / "timeline.json")

    rows = []
    with Store(args.out / STORE_NAME) as store:
        for query in QUERIES:
            for kind in ("articles", "sentences"):
                best = float("inf")
                for _ in range(3):
                    start = time.perf_counter()
                    result = search(store, query, kind)
                    best = min(best, time.perf_counter() - start)
                rows.append((query, kind, result.total, result.more, best))

    timeline = load_timeline(args.out / "timeline.json")
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        with open(Path(tmp) / "a.json", "w", encoding="utf-8") as handle:
            handle.writelines(json_chunks(timeline))
        pieces = time.perf_counter() - start
        start = time.perf_counter()
        (Path(tmp) / "b.json").write_text(json.dumps(timeline_to_dict(timeline), ensure_ascii=False, indent=1),
                                          encoding="utf-8")
        indented = time.perf_counter() - start

    lines = [
        f"Command: `python bench/store_serving.py --pile {args.pile}`  ",
        f"Machine: {cpu_model()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; load average {' '.join(f'{x:.2f}' for x in load)} before, "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} after; a store of {reports} reports",
        "",
        "| measure | seconds |",
        "|---|---:|",
        f"| serve's first answer, reusing the timeline.json the build wrote | {written:.2f} |",
        f"| serve's first answer, rebuilding the story from the store | {rebuilt:.2f} |",
        f"| timeline.json written piece by piece | {pieces:.2f} |",
        f"| timeline.json as one indented json.dumps | {indented:.2f} |",
        "",
        "| query | kind | matches counted | more | seconds (fastest of 3) |",
        "|---|---|---:|---|---:|",
        *(f"| {q} | {k} | {n} | {'yes' if more else 'no'} | {s:.3f} |" for q, k, n, more, s in rows),
    ]
    text = "\n".join(lines)
    print(text)
    if args.markdown_out:
        args.markdown_out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
