"""Run the adversarial suite (tests/adversarial) and print a PASS/FAIL table with each case's peak memory.

    python bench/adversarial.py [--long] [--case SUBSTRING ...] [--markdown-out FILE]

Each case runs its dateline commands in child processes under a 1.5 GB address-space cap and a time limit
(see tests/adversarial/harness.py). ``--long`` adds the long cases (1 GB sparse files, kill-and-resume of a
300-report build at seven points, a burst of 20 clients). ``--markdown-out`` writes the table for
docs/benchmarks.md. The exit code is 1 when a case failed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "adversarial"))
sys.path.insert(0, str(ROOT / "src"))

import cases_input  # noqa: F401 - each module registers its cases
import cases_output  # noqa: F401
import cases_server  # noqa: F401
import cases_store  # noqa: F401
from harness import CASES, MEM_MB, Result, run_case


def table(results: list[Result]) -> str:
    passed = sum(r.status == "PASS" for r in results)
    failed = sum(r.status == "FAIL" for r in results)
    skipped = sum(r.status == "SKIP" for r in results)
    lines = [f"{len(results)} cases: {passed} passed, {failed} failed, {skipped} skipped "
             f"(memory cap {MEM_MB} MB a child; {dt.datetime.now():%Y-%m-%d %H:%M}, {platform.python_version()}, "
             f"{os.cpu_count()} cores)", "",
             "| case | tier | result | peak MB | seconds | reason |", "|---|---|---|---:|---:|---|"]
    for r in results:
        reason = r.reason.replace("|", "\\|").replace("\n", " ")
        lines.append(f"| {r.name} | {r.tier} | {r.status} | {r.peak_mb:.0f} | {r.seconds:.1f} | {reason[:400]} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long", action="store_true", help="also run the long cases")
    parser.add_argument("--case", action="append", default=[], help="run only cases whose name holds this (repeatable)")
    parser.add_argument("--markdown-out", type=Path, help="write the table to this file")
    args = parser.parse_args()
    names = [n for n, c in CASES.items() if (args.long or c.tier == "quick")
             and (not args.case or any(part in n for part in args.case))]
    results = []
    for name in names:
        tmp = Path(tempfile.mkdtemp(prefix=f"dateline-adv-{name}-"))
        try:
            result = run_case(name, tmp)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        results.append(result)
        print(f"{result.status:4} {name:48} {result.peak_mb:6.0f} MB {result.seconds:6.1f} s  "
              f"{result.reason if result.status != 'PASS' else ''}"[:600], flush=True)
    text = table(results)
    print()
    print(text)
    if args.markdown_out:
        args.markdown_out.write_text(text, encoding="utf-8")
    return 1 if any(r.status == "FAIL" for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
