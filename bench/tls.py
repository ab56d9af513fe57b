"""Timeline summarisation benchmark: on raw reports (Timeline17) and on a pool of dated sentences (Crisis).

Runs dateline and the baselines of bench/tls_baselines.py on the same input
in the same run, with the standard protocol of Ghalandari & Ifrim (ACL 2020):
one task per reference timeline ``TOPIC/gold/*.txt``; the system must return
L dates (the number of dates in that reference) with K sentences each (K =
round(mean sentences per date in that reference)), from the input between
the reference's first and last date. Scores (``dateline.evaluate``):
Alignment+ many-to-one ROUGE-1 and ROUGE-2 F1 (AR-1, AR-2) and Date-F1,
precision and recall averaged over all reference timelines and F1 taken
from those averages.

    python bench/tls.py --data ../shared/bench/t17
    python bench/tls.py --data ../shared/bench/crisis
    python bench/tls.py --data ../shared/bench/crisis --topics egypt --systems random,datewise
    python bench/tls.py --data ../shared/bench/crisis --markdown-out /tmp/tls.md

Raw-report topics (``articles.jsonl.gz``, see ``tls_reports.py``): dateline
is built end to end from the reports published in each task's window, and
the baselines get those reports' sentences dated by dateline's tagger. The
reports are read and annotated once per topic into a store kept under
``--cache`` (reused while the per-report code and the input are unchanged).

A data folder holds one folder per topic with ``dated-sentences.csv``
(columns ``time`` and ``Sentences``, a Python-literal list of sentences),
``gold/*.txt`` reference timelines in the tilse format and, optionally,
``keywords.json`` (a list of topic words, as in news-tls; default: the topic
folder's name). The baselines' summaries may only use sentences containing a
topic word, as news-tls's DATEWISE and CLUST do; dateline gets no keywords.

Prints one table per topic and one over all topics (stdout); the last line
is a JSON object ``{system: {"AR1", "AR2", "DateF1", "seconds"}}`` over all
tasks. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import ast
import csv
import datetime as dt
import json
import os
import platform
import shlex
import sys
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
try:
    import dateline  # noqa: F401
except ImportError:  # run from a checkout without installing the package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import tls_baselines as baselines
import tls_reports as reports

Pool = list[tuple[dt.date, str]]
Timeline = dict[dt.date, list[str]]
#: A system returns one or more timelines for a task; the scores of several are averaged (random seeds).
Runner = Callable[[Pool, int, int, Sequence[str]], list[Timeline]]

RANDOM_SEEDS = 5
METRICS = {"AR1": "align_m1_rouge1", "AR2": "align_m1_rouge2", "DateF1": "date_f1"}

HOW_TO_GET = """\
No timeline summarisation data at {path}
(expected topic folders with TOPIC/gold/*.txt and either TOPIC/articles.jsonl.gz
or TOPIC/dated-sentences.csv in them).
Both live in the shared folder beside the project (see ../shared/bench/README.md):
Timeline17's raw reports in ../shared/bench/t17 (from the news-tls releases), and
the Crisis pool in ../shared/bench/crisis (dated sentences from the public repository
DaivikSojitra/Timeline-Summarization-in-the-Era-of-LLMs, reference timelines
from julmaxi/Abstractive-Timeline-Summarization). Put them there, or pass --data PATH."""


class DataError(Exception):
    """A data file this benchmark cannot use; the message names it."""


# --- reading ----------------------------------------------------------------------


def _sentences(value: str) -> list[str] | None:
    """The sentences of one ``Sentences`` cell, or None when it is not a readable list."""
    try:
        parsed = ast.literal_eval(value.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    if isinstance(parsed, str):
        parsed = [parsed]
    if not isinstance(parsed, (list, tuple)):
        return None
    return [s.strip() for s in parsed if isinstance(s, str) and s.strip()]


def read_pool(path: Path) -> tuple[Pool, int]:
    """The ``(date, sentence)`` pairs of a dated-sentences.csv file, and how many rows were skipped.

    A row is skipped when its date is not ``YYYY-MM-DD`` or its sentence
    list cannot be read; the columns must be there.
    """
    csv.field_size_limit(2**31 - 1)
    pool: Pool = []
    skipped = 0
    try:
        handle = path.open(encoding="utf-8", errors="replace", newline="")
    except OSError as error:
        raise DataError(f"cannot read {path}: {error.strerror}") from error
    with handle:
        reader = csv.DictReader(handle)
        columns = {c.strip().lower(): c for c in reader.fieldnames or []}
        if "time" not in columns or "sentences" not in columns:
            raise DataError(f"{path} needs the columns 'time' and 'Sentences' (found: {reader.fieldnames})")
        time_col, sent_col = columns["time"], columns["sentences"]
        for row in reader:
            try:
                day = dt.date.fromisoformat((row.get(time_col) or "").strip()[:10])
            except ValueError:
                skipped += 1
                continue
            sentences = _sentences(row.get(sent_col) or "")
            if sentences is None:
                skipped += 1
                continue
            pool.extend((day, s) for s in sentences)
    return pool, skipped


def read_reference(path: Path) -> Timeline:
    """A reference timeline (tilse format) as ``{date: [sentence, ...]}``."""
    from dateline import evaluate
    from dateline.errors import DatelineError

    try:
        return evaluate.read_tilse(path)
    except DatelineError as error:
        raise DataError(f"cannot use the reference timeline {path}: {error}") from error


def _as_timeline(timeline: object) -> Timeline:
    """A system's output checked: a mapping of dates (``date`` or ``YYYY-MM-DD``) to lists of sentences."""
    if not isinstance(timeline, Mapping):
        raise TypeError(f"a timeline must map dates to sentences, got {type(timeline).__name__}")
    out: Timeline = {}
    for key, sentences in timeline.items():
        if isinstance(key, dt.datetime):
            key = key.date()
        day = key if isinstance(key, dt.date) else dt.date.fromisoformat(str(key)[:10])
        out.setdefault(day, []).extend([sentences] if isinstance(sentences, str) else [str(s) for s in sentences])
    return out


def read_keywords(topic_dir: Path) -> list[str]:
    """Topic words from ``keywords.json`` (a list of strings), else the folder's name."""
    path = topic_dir / "keywords.json"
    if path.is_file():
        try:
            words = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            words = None
        if isinstance(words, list) and all(isinstance(w, str) for w in words) and any(w.strip() for w in words):
            return [w for w in words if w.strip()]
        print(f"warning: {path} is not a JSON list of words; using the topic name", file=sys.stderr)
    return [topic_dir.name]


def is_pool_topic(folder: Path) -> bool:
    """Whether ``folder`` is a pool topic: a dated-sentences.csv and a gold/ folder."""
    return (folder / "dated-sentences.csv").is_file() and (folder / "gold").is_dir()


def find_topics(data: Path) -> list[str]:
    """Topic folders in ``data``, sorted: pools of dated sentences (Crisis) or raw reports (Timeline17)."""
    if not data.is_dir():
        return []
    return sorted(p.name for p in data.iterdir()
                  if p.is_dir() and (is_pool_topic(p) or reports.is_report_topic(p)))


# --- the protocol -------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """One reference timeline and what the protocol derives from it."""

    topic: str
    name: str
    reference: Timeline
    start: dt.date
    end: dt.date
    dates: int
    sentences: int


def make_task(topic: str, name: str, reference: Timeline) -> Task:
    """L = dates in the reference, K = round(mean sentences per date), window = its first to last date."""
    if not reference:
        raise DataError(f"the reference timeline {topic}/{name} has no dates")
    lengths = [len(s) for s in reference.values()]
    return Task(topic, name, reference, min(reference), max(reference), len(reference),
                round(sum(lengths) / len(lengths)))


def window(pool: Pool, start: dt.date, end: dt.date) -> Pool:
    """The pool's sentences linked to a date from ``start`` to ``end`` (both included)."""
    return [(d, s) for d, s in pool if start <= d <= end]


def topic_tasks(topic_dir: Path) -> tuple[list[Task], list[str]]:
    """Tasks for every readable gold/*.txt (sorted by name), and a message per file skipped."""
    tasks, problems = [], []
    for path in sorted((topic_dir / "gold").glob("*.txt")):
        try:
            tasks.append(make_task(topic_dir.name, path.stem, read_reference(path)))
        except DataError as error:
            problems.append(str(error))
    return tasks, problems


# --- systems ---------------------------------------------------------------------------


def _one(summarise: Callable[[Pool, int, int], Timeline]) -> Runner:
    return lambda pool, dates, sentences, keywords: [summarise(pool, dates, sentences)]


def _with_keywords(summarise: Callable[..., Timeline]) -> Runner:
    return lambda pool, dates, sentences, keywords: [summarise(pool, dates, sentences, keywords)]


def _random(pool: Pool, dates: int, sentences: int, keywords: Sequence[str]) -> list[Timeline]:
    return [baselines.random_timeline(pool, dates, sentences, seed) for seed in range(RANDOM_SEEDS)]


def _dateline() -> Runner | str:
    """dateline's pool summariser, or why it is unavailable."""
    try:
        from dateline.story.select import summarise_pool
    except ImportError as error:
        return f"dateline.story.select.summarise_pool cannot be imported ({error})"

    def run(pool: Pool, dates: int, sentences: int, keywords: Sequence[str]) -> list[Timeline]:
        return [_as_timeline(summarise_pool(pool, dates=dates, sentences=sentences))]

    return run


SYSTEMS: dict[str, Callable[[], Runner | str]] = {
    "dateline": _dateline,
    "random": lambda: _random,
    "most-mentioned": lambda: _one(baselines.most_mentioned),
    "datewise": lambda: _with_keywords(baselines.datewise),
    "clust": lambda: _with_keywords(baselines.clust),
}

DESCRIPTIONS = {
    "dateline": "dateline's `select.summarise_pool` (no keywords)",
    "random": f"random dates among those with sentences, random sentences (mean of {RANDOM_SEEDS} seeds)",
    "most-mentioned": "the dates with most sentences, each with its sentences closest to the date's TF-IDF centroid",
    "datewise": "DATEWISE (Ghalandari & Ifrim 2020), reimplemented: dates ranked by mention count (here: the "
                "date's sentences), each date's sentences summarised by CentroidOpt with the keyword filter",
    "clust": "CLUST (Ghalandari & Ifrim 2020), reimplemented: Markov clustering of a TF-IDF graph of sentences "
             "at most a day apart (news-tls: articles), clusters ranked by size, dated by their most frequent "
             "date, summarised by CentroidOpt with the keyword filter, one cluster per date",
}

#: On raw reports dateline builds its own timeline; the others get a pool made with dateline's tagger.
REPORT_DESCRIPTIONS = {
    "dateline": "dateline end to end on the reports published in the window: the story stages with the span "
                "set to the window and L, K fixed (seconds: the story stages per task; the per-report stages "
                "are in the topic's heading); no keywords",
    "clust": "CLUST (Ghalandari & Ifrim 2020), reimplemented as news-tls runs it on reports: Markov clustering "
             "of a TF-IDF graph of the reports published at most a day apart, clusters ranked by size, dated by "
             "the date their pool sentences are linked to most, summarised by CentroidOpt over those sentences "
             "with the keyword filter, one cluster per date",
    "random": f"random dates and sentences from the pool (mean of {RANDOM_SEEDS} seeds); the pool is every "
              "sentence of the window's reports dated by its first day-naming time expression (dateline's "
              "tagger), else by its report's publication date, inside the window",
}

# --- running ---------------------------------------------------------------------------


@dataclass
class Result:
    """Scores of one system: one dict per timeline it produced, and the time it took."""

    scores: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None


@dataclass
class TopicRun:
    """One topic's tasks and every system's results on them."""

    topic: str
    tasks: list[Task]
    sentences: int
    results: dict[str, Result]
    skipped: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    #: For a raw-report topic: its reports read and annotated once (dateline's per-report stages).
    ingested: reports.Ingested | None = None


def run_topic(topic_dir: Path, systems: Mapping[str, Runner | str], log: Callable[[str], None] = lambda m: None) -> TopicRun:
    """Every task of one topic through every system; unavailable or failing systems are recorded."""
    from dateline import evaluate

    pool, skipped = read_pool(topic_dir / "dated-sentences.csv")
    if skipped:
        log(f"{topic_dir.name}: skipped {skipped} unreadable rows of dated-sentences.csv")
    tasks, problems = topic_tasks(topic_dir)
    for problem in problems:
        log(f"{topic_dir.name}: skipped: {problem}")
    keywords = read_keywords(topic_dir)
    results = {name: Result(error=runner if isinstance(runner, str) else None) for name, runner in systems.items()}
    for n, task in enumerate(tasks, 1):
        part = window(pool, task.start, task.end)
        log(f"{task.topic} {n}/{len(tasks)} {task.name}: {task.start}..{task.end}, "
            f"{len(part)} sentences, L={task.dates} K={task.sentences}")
        for name, runner in systems.items():
            result = results[name]
            if result.error is not None or isinstance(runner, str):
                continue
            began = time.perf_counter()
            try:
                predictions = runner(part, task.dates, task.sentences, keywords)
            except Exception as error:
                result.error = f"failed on {task.topic}/{task.name}: {type(error).__name__}: {error}"
                log(f"  {name}: {result.error}\n{traceback.format_exc()}")
                continue
            elapsed = time.perf_counter() - began
            result.seconds += elapsed
            result.scores.extend(evaluate.score(p, task.reference) for p in predictions)
            log(f"  {name}: {elapsed:.1f}s")
    return TopicRun(topic_dir.name, tasks, len(pool), results, problems, keywords)


def run_report_topic(topic_dir: Path, systems: Mapping[str, Runner | str], cache: Path,
                     log: Callable[[str], None] = lambda m: None) -> TopicRun:
    """Every task of a raw-report topic: dateline end to end (see ``tls_reports``), the baselines on a pool of
    the same reports' sentences dated by dateline's tagger."""
    from dateline import evaluate

    tasks, problems = topic_tasks(topic_dir)
    for problem in problems:
        log(f"{topic_dir.name}: skipped: {problem}")
    keywords = read_keywords(topic_dir)
    results = {name: Result(error=runner if isinstance(runner, str) else None) for name, runner in systems.items()}
    ingested = reports.ingest_topic(topic_dir, cache, log)
    stored = reports.Reports.load(ingested.store)
    pooled = 0
    for n, task in enumerate(tasks, 1):
        articles = stored.published_in(task.start, task.end)
        pool, docs = reports.dated_pool(articles, task.start, task.end)
        pooled += len(pool)
        log(f"{task.topic} {n}/{len(tasks)} {task.name}: {task.start}..{task.end}, {len(articles)} reports, "
            f"{len(pool)} dated sentences, L={task.dates} K={task.sentences}")
        for name, runner in systems.items():
            result = results[name]
            if result.error is not None or isinstance(runner, str):
                continue
            began = time.perf_counter()
            try:
                if name == "dateline":
                    built = reports.build_window(articles, task.start, task.end, task.dates, task.sentences)
                    predictions = [reports.as_prediction(built, task.start, task.end)]
                elif name == "clust":  # news-tls clusters the reports themselves
                    predictions = [baselines.clust_reports(pool, docs, task.dates, task.sentences, keywords)]
                else:
                    predictions = runner(pool, task.dates, task.sentences, keywords)
            except Exception as error:
                result.error = f"failed on {task.topic}/{task.name}: {type(error).__name__}: {error}"
                log(f"  {name}: {result.error}\n{traceback.format_exc()}")
                continue
            elapsed = time.perf_counter() - began
            result.seconds += elapsed
            result.scores.extend(evaluate.score(p, task.reference) for p in predictions)
            log(f"  {name}: {elapsed:.1f}s")
    return TopicRun(topic_dir.name, tasks, pooled, results, problems, keywords, ingested)


def summarise(results: Sequence[Result]) -> dict | str:
    """AR-1, AR-2, Date-F1 (F1 of averaged precision and recall) and seconds, or the error."""
    from dateline import evaluate

    errors = [r.error for r in results if r.error]
    if errors:
        return errors[0]
    scores = [s for r in results for s in r.scores]
    if not scores:
        return "no tasks"
    mean = evaluate.average(scores)
    out = {key: mean[metric].f1 for key, metric in METRICS.items()}
    out["seconds"] = sum(r.seconds for r in results)
    return out


def _table(rows: Mapping[str, dict | str]) -> list[str]:
    lines = ["| system | AR-1 | AR-2 | Date-F1 | seconds |", "|---|---:|---:|---:|---:|"]
    for name, row in rows.items():
        if isinstance(row, str):
            lines.append(f"| {name} | – | – | – | {row} |")
        else:
            lines.append(f"| {name} | {row['AR1']:.3f} | {row['AR2']:.3f} | {row['DateF1']:.3f} | {row['seconds']:.1f} |")
    return lines


def report(runs: Sequence[TopicRun], names: Sequence[str]) -> tuple[str, dict]:
    """Markdown tables (per topic, then all topics) and the overall summary per system."""
    lines = []
    for run in runs:
        if run.ingested is None:
            heading = (f"### {run.topic} ({len(run.tasks)} reference timelines, {run.sentences} sentences; "
                       f"baselines' keywords: {', '.join(run.keywords)})")
        else:
            read = run.ingested
            heading = (f"### {run.topic} ({len(run.tasks)} reference timelines, {read.reports} reports"
                       f"{f', {read.skipped} skipped' if read.skipped else ''}; dateline's per-report stages "
                       f"{read.seconds:.1f}s once for all tasks{' (an earlier run, cached)' if read.cached else ''}; "
                       f"baselines' pool: {run.sentences} dated sentences over the tasks; "
                       f"keywords: {', '.join(run.keywords)})")
        lines += [heading, ""]
        lines += [f"Skipped: {problem}" for problem in run.skipped] + ([""] if run.skipped else [])
        lines += [*_table({name: summarise([run.results[name]]) for name in names}), ""]
    total = sum(len(r.tasks) for r in runs)
    overall = {name: summarise([r.results[name] for r in runs]) for name in names}
    lines += [f"### all topics ({total} reference timelines; precision and recall averaged over all of them)", ""]
    lines += [*_table(overall), ""]
    raw = any(r.ingested is not None for r in runs)
    described = {**DESCRIPTIONS, **(REPORT_DESCRIPTIONS if raw else {})}
    lines += ["Systems:", ""] + [f"- `{name}`: {described[name]}" for name in names]
    return "\n".join(lines) + "\n", overall


def json_line(overall: Mapping[str, dict | str]) -> str:
    """The last line of the output: per system AR1, AR2, DateF1 and seconds (null and the reason when it did not run)."""
    out = {}
    for name, row in overall.items():
        if isinstance(row, str):
            out[name] = {"AR1": None, "AR2": None, "DateF1": None, "seconds": None, "unavailable": row}
        else:
            out[name] = {k: round(v, 4) if k != "seconds" else round(v, 1) for k, v in row.items()}
    return json.dumps(out)


def markdown_document(tables: str, argv: Sequence[str], load: str) -> str:
    """The tables with the command, the date and the machine, for docs/benchmarks.md."""
    command = "python bench/tls.py " + " ".join(shlex.quote(a) for a in argv)
    return (
        f"Command (from the repository root): `{command.strip()}`\n\n"
        "Protocol: one task per reference timeline; L = dates in it, K = round(mean sentences per date); "
        "input = pool sentences linked to a date from its first to its last date (Crisis), or the reports "
        "published from its first to its last date (Timeline17). "
        "AR-1/AR-2 = F1 of Alignment+ many-to-one ROUGE-1/2, Date-F1 = exact date match "
        "(`dateline.evaluate`); seconds = wall-clock time in the system, summed over tasks.\n\n"
        + tables
        + f"\nMachine: {os.cpu_count()} CPUs, {platform.machine()}, Python {platform.python_version()} "
        f"({platform.system()}), load average {load} when the run began; date: {dt.date.today().isoformat()}.\n"
    )


def _load_average() -> str:
    try:
        return "/".join(f"{x:.1f}" for x in os.getloadavg()) + " (1/5/15 min)"
    except OSError:  # not on every platform
        return "unknown"


def _split(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split(",") if v.strip()]


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="../shared/bench/crisis", help="folder of topics (default: %(default)s)")
    parser.add_argument("--topics", help="comma-separated topic folders (default: all)")
    parser.add_argument("--systems", help=f"comma-separated, from {', '.join(SYSTEMS)} (default: all)")
    parser.add_argument("--markdown-out", help="also write the tables, command and machine to this Markdown file")
    parser.add_argument("--cache", default=str(reports.ROOT / "bench" / "results" / "tls-cache"),
                        help="where raw-report topics are kept once read and annotated (default: %(default)s)")
    args = parser.parse_args(argv)

    data = Path(args.data)
    available = find_topics(data)
    if not available:
        print(HOW_TO_GET.format(path=data), file=sys.stderr)
        return 2
    topics = _split(args.topics) or available
    unknown = [t for t in topics if t not in available]
    if unknown:
        parser.error(f"no topic {', '.join(unknown)} in {data} (there: {', '.join(available)})")
    names = _split(args.systems) or list(SYSTEMS)
    unknown = [n for n in names if n not in SYSTEMS]
    if unknown:
        parser.error(f"unknown system {', '.join(unknown)} (choose from {', '.join(SYSTEMS)})")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    load = _load_average()
    systems = {name: SYSTEMS[name]() for name in names}
    for name, runner in systems.items():
        if isinstance(runner, str):
            log(f"{name}: unavailable: {runner}")
    runs = []
    for topic in topics:
        try:
            if is_pool_topic(data / topic):
                runs.append(run_topic(data / topic, systems, log))
            else:
                runs.append(run_report_topic(data / topic, systems, Path(args.cache), log))
        except DataError as error:
            print(f"Error: {error}", file=sys.stderr)
            return 1
    tables, overall = report(runs, names)
    print(tables)
    if args.markdown_out:
        Path(args.markdown_out).write_text(markdown_document(tables, argv, load), encoding="utf-8")
        log(f"wrote {args.markdown_out}")
    print(json_line(overall))
    return 0


if __name__ == "__main__":
    sys.exit(main())
