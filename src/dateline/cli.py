"""The ``dateline`` command: parse, build Settings, call the library, print.

Exit codes: 0 success (some inputs may have been skipped, each with a reason);
1 nothing usable was read, or an error in the input or configuration; 2 wrong
usage (unknown option, missing argument); 130 interrupted (what was committed
stays in the store: run the same command again to continue).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .config import DEFAULT_HOST, DEFAULT_PORT, LOCAL_CLUSTER, Edge, load_settings, span_edge
from .errors import ConfigError, DatelineError
from .model import BuildRecord, Changes, DateSpan, IngestReport, Timeline
from .pipeline import add as add_reports
from .pipeline import render_folder, run_build, sample_paths
from .render import output_files
from .render.changes import changes_lines
from .store.sqlite import STORE_NAME

EXIT_OK, EXIT_NOTHING, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130
MAX_PORT = 65535

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Turn a pile of news reports about one story into a dated, sourced timeline.",
)
out_console = Console(soft_wrap=True, highlight=False)
err_console = Console(stderr=True, soft_wrap=True, highlight=False)

PathsArg = Annotated[list[str] | None, typer.Argument(help="Files, folders (read recursively) or glob patterns.", show_default=False)]
ConfigOpt = Annotated[Path | None, typer.Option("--config", help="Settings file (TOML); default ./dateline.toml if present.")]
WorkersOpt = Annotated[int | None, typer.Option("--workers", min=1, help="Processes for cleaning and dating.")]
DaskOpt = Annotated[str | None, typer.Option("--dask", metavar="local", help="Run the per-report stages on a Dask cluster started on this machine with --workers workers (needs dateline[dask]).")]
SchedulerOpt = Annotated[str | None, typer.Option("--scheduler", metavar="tcp://HOST:PORT", help="Run the per-report stages on the running Dask cluster at this scheduler address (needs dateline[dask]).")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors and the summary.")]
FromOpt = Annotated[str | None, typer.Option("--from", metavar="DATE", help="Keep what happened from this day on (YYYY, YYYY-MM or YYYY-MM-DD: a year or month from its first day).")]
ToOpt = Annotated[str | None, typer.Option("--to", metavar="DATE", help="Keep what happened up to this day (YYYY, YYYY-MM or YYYY-MM-DD: a year or month up to its last day).")]


def _version(value: bool) -> None:
    if value:
        out_console.print(f"dateline {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    """Turn a pile of news reports about one story into a dated, sourced timeline."""


#: What `dateline build` writes, from the renderers' registry (so its help cannot fall behind them).
BUILD_WRITES = ", ".join([*output_files(), STORE_NAME])


@app.command(help=f"""Read news reports, store them and write the timeline: {BUILD_WRITES}.

    Everything already in the store is part of the timeline, so a rebuild after
    `dateline add` uses every report ever added.
    """)
def build(
    paths: PathsArg = None,
    out: Annotated[Path, typer.Option("--out", "-o", help=f"Folder for the outputs and the store ({BUILD_WRITES}).")] = Path("dateline-out"),
    store: Annotated[Path | None, typer.Option("--store", help=f"Store file (default OUT/{STORE_NAME}).")] = None,
    sample: Annotated[bool, typer.Option("--sample", help="Read the bundled sample corpus (a fictional story).")] = False,
    config: ConfigOpt = None,
    workers: WorkersOpt = None,
    dask: DaskOpt = None,
    scheduler: SchedulerOpt = None,
    dates: Annotated[int | None, typer.Option("--dates", min=1, help="Dates on the timeline (default: automatic).")] = None,
    sentences: Annotated[int | None, typer.Option("--sentences", min=1, help="Sentences per date (default: one per event, at most 3).")] = None,
    query: Annotated[str | None, typer.Option("--query", help="Only reports holding these words make the timeline (focus a mixed pile).")] = None,
    span_from: FromOpt = None,
    span_to: ToOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Read news reports, store them and write the timeline (the help lists the files: ``BUILD_WRITES``)."""
    inputs = list(paths or [])
    if sample:
        inputs += sample_paths()
    if not inputs:
        raise typer.BadParameter("give files, folders or globs to read, or --sample", param_hint="PATHS")

    where = _scheduler(dask, scheduler)
    first, last = _span(span_from, span_to)

    def job(progress):
        settings = load_settings(config, workers=workers, scheduler=where, dates=dates,
                                 sentences=sentences, query=query, span_from=first, span_to=last)
        return run_build(inputs, settings, out=out, store_path=store, on_progress=progress)

    result = _run(job, debug, quiet)
    _print_report(result.report, quiet)
    if not result.report.added and not result.report.duplicates:
        written = "" if result.outputs else " Nothing was written."
        err_console.print(f"Error: nothing usable was read from the paths given (see the skipped list above).{written}")
        raise typer.Exit(EXIT_NOTHING)
    _print_summary("dateline build", result.report, result.timeline, result.outputs, result.store)
    changes = result.timeline.changes
    if changes is not None and changes.since is not None:  # a first build has nothing to compare with
        _print_changes(changes, result.timeline.articles)


@app.command()
def add(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (read recursively) or glob patterns.", show_default=False)],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Rebuild the timeline into this build folder (its store unless --store) and say what changed.")] = None,
    store: Annotated[Path | None, typer.Option("--store", help=f"Store file to add to (created if missing; default OUT/{STORE_NAME}, else dateline-out/{STORE_NAME}).")] = None,
    config: ConfigOpt = None,
    workers: WorkersOpt = None,
    dask: DaskOpt = None,
    scheduler: SchedulerOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Add reports to a store; with --out, rebuild the timeline there and print what changed.

    With --out DIR the timeline files and changes.md (what this build changed
    against the store's previous build: new dates and events, revised
    figures, new quotes, copies) are written into DIR. Without it the reports
    are only stored: run `dateline build` or `dateline add --out` later.
    """

    where = _scheduler(dask, scheduler)
    if out is not None:
        def rebuild_job(progress):
            settings = load_settings(config, workers=workers, scheduler=where)
            return run_build(paths, settings, out=out, store_path=store, on_progress=progress, command="add")

        result = _run(rebuild_job, debug, quiet)
        _print_report(result.report, quiet)
        _print_summary("dateline add", result.report, result.timeline, result.outputs, result.store)
        if result.timeline.changes is not None:
            _print_changes(result.timeline.changes, result.timeline.articles)
        if not result.report.added and not result.report.duplicates:
            err_console.print("Error: nothing usable was read from the paths given (see the skipped list above).")
            raise typer.Exit(EXIT_NOTHING)
        return
    store_path = store if store is not None else Path("dateline-out") / STORE_NAME

    def job(progress):
        settings = load_settings(config, workers=workers, scheduler=where)
        return add_reports(paths, store_path, settings, on_progress=progress)

    report = _run(job, debug, quiet)
    _print_report(report, quiet)
    _print_summary("dateline add", report, None, (), store_path)
    if not report.added and not report.duplicates:
        err_console.print("Error: nothing usable was read from the paths given (see the skipped list above).")
        raise typer.Exit(EXIT_NOTHING)


@app.command()
def serve(
    folder: Annotated[Path | None, typer.Argument(metavar="FOLDER", help=f"A build's output folder (holds {STORE_NAME}).", show_default=False)] = None,
    store: Annotated[Path | None, typer.Option("--store", help="Store file to serve, instead of FOLDER.")] = None,
    host: Annotated[str, typer.Option("--host", help="Address to listen on; only loopback addresses without --allow-remote.")] = DEFAULT_HOST,
    port: Annotated[int, typer.Option("--port", min=1, max=MAX_PORT, help="Port to listen on.")] = DEFAULT_PORT,
    allow_remote: Annotated[bool, typer.Option("--allow-remote", help="Allow a --host other machines can reach (there is no authentication).")] = False,
    config: ConfigOpt = None,
    workers: WorkersOpt = None,
    debug: DebugOpt = False,
) -> None:
    """Serve a local web page and JSON API over a store: the timeline, search, each report, uploads.

    Uploaded reports are added to the store and the timeline is rebuilt, with
    its files (timeline.json, timeline.md, ...) rewritten beside the store. The
    API is described at /openapi.json.
    """
    from .web.hosts import check_host
    from .web.server import serve as run_server

    if store is not None and folder is None:
        store_path = store
    elif folder is not None and store is None:
        store_path = folder / STORE_NAME
    else:
        raise typer.BadParameter("give a build's output folder or --store PATH (one of the two)", param_hint="FOLDER")
    try:
        warning = check_host(host, allow_remote)
    except ConfigError as exc:
        err_console.print(f"Error: {exc}", markup=False)
        raise typer.Exit(EXIT_USAGE) from None
    if warning:
        err_console.print(warning, markup=False)

    def ready(url: str) -> None:
        out_console.print(f"dateline serve: {url} (Ctrl-C to stop)", markup=False)

    try:
        settings = load_settings(config, workers=workers)
        run_server(store_path, settings, host=host, port=port, allow_remote=allow_remote,
                   on_status=lambda text: err_console.print(text, markup=False), on_ready=ready)
    except DatelineError as exc:
        if debug:
            raise
        err_console.print(f"Error: {exc}", markup=False)
        raise typer.Exit(EXIT_NOTHING) from None


@app.command()
def changes(
    folder: Annotated[Path | None, typer.Argument(metavar="FOLDER", help=f"A build's output folder (holds {STORE_NAME}); default dateline-out.", show_default=False)] = None,
    store: Annotated[Path | None, typer.Option("--store", help="Store file, instead of FOLDER.")] = None,
    since: Annotated[str, typer.Option("--since", metavar="BUILD", help="A build number, or 'previous' (also 'last'): the build before the latest.")] = "previous",
    list_builds: Annotated[bool, typer.Option("--list", help="List the store's builds instead.")] = False,
    debug: DebugOpt = False,
) -> None:
    """Print what the store's latest build changed since an earlier build (default: the one before it).

    New reports, new dates, new events on known dates, figures revised or
    contradicted, quotes newly attributed and new copies, each with the
    article id and span it rests on ([ARTICLE:START-END]). Every build
    (`dateline build`, `dateline add --out`, an upload to `dateline serve`)
    is recorded in the store; --list shows them.
    """
    from .pipeline import store_builds, store_changes

    if folder is not None and store is not None:
        raise typer.BadParameter("give a build's output folder or --store PATH (one of the two)", param_hint="FOLDER")
    store_path = store if store is not None else (folder or Path("dateline-out")) / STORE_NAME
    try:
        if list_builds:
            _print_builds(store_builds(store_path), store_path)
            return
        found, articles = store_changes(store_path, since)
    except DatelineError as exc:
        if debug:
            raise
        err_console.print(f"Error: {exc}", markup=False)
        raise typer.Exit(EXIT_NOTHING) from None
    for line in changes_lines(found, articles, terminal=True):
        out_console.print(line, markup=False)


def _print_builds(builds: list[BuildRecord], store_path: Path) -> None:
    table = Table(title=f"builds of {store_path}", title_justify="left")
    for column in ("build", "made", "command", "reports", "dates", "entries"):
        table.add_column(column, justify="right" if column in ("build", "reports", "dates", "entries") else "left")
    for b in builds:
        table.add_row(str(b.number), b.made.strftime("%Y-%m-%d %H:%M:%S %Z"), b.command, str(len(b.articles)),
                      str(len({e.period for e in b.events})), str(len(b.entries)))
    out_console.print(table)
    if not builds:
        out_console.print("no build recorded yet", markup=False)


class OutputFormat(StrEnum):
    """The formats `dateline render` writes (see dateline.render.FORMATS)."""

    json = "json"
    md = "md"
    html = "html"
    timelinejs = "timelinejs"
    csv = "csv"


@app.command()
def render(
    folder: Annotated[Path, typer.Argument(help="A build's output folder (holding timeline.json or the store).", show_default=False)],
    formats: Annotated[list[OutputFormat] | None, typer.Option("--format", "-f", help="A format to write; repeat for several. Default: all.", show_default=False)] = None,
    config: ConfigOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Write a built timeline again in other formats: json, md, html, timelinejs, csv.

    Reads FOLDER/timeline.json; without it, rebuilds the timeline from the
    store in FOLDER. Files are written into FOLDER.
    """
    def job(progress):
        settings = load_settings(config)
        return render_folder(folder, [f.value for f in formats] if formats else None, settings)

    source, timeline, written = _run(job, debug, quiet)
    table = Table(title="dateline render", show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    table.add_row("read", str(folder / "timeline.json") if source == "timeline.json" else f"the store in {folder}")
    table.add_row("timeline entries", str(len(timeline.entries)))
    for path in written:
        table.add_row("wrote", str(path))
    out_console.print(table)


EVAL_LABELS = {
    "date_f1": "Date-F1",
    "concat_rouge1": "concat ROUGE-1",
    "concat_rouge2": "concat ROUGE-2",
    "agreement_rouge1": "agreement ROUGE-1",
    "agreement_rouge2": "agreement ROUGE-2",
    "align_m1_rouge1": "align+ m:1 ROUGE-1 (AR-1)",
    "align_m1_rouge2": "align+ m:1 ROUGE-2 (AR-2)",
}


@app.command("eval")
def eval_(
    predicted: Annotated[Path, typer.Argument(help="The timeline to score: a timeline.json or a tilse text timeline.", show_default=False)],
    gold: Annotated[list[Path], typer.Argument(help="The reference timeline(s), in either format.", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON instead of a table.")] = False,
    debug: DebugOpt = False,
) -> None:
    """Score a timeline against reference timelines: Date-F1 and concat, agreement and align+ m:1 ROUGE-1/2.

    The metrics of Martschat & Markert (2017) as the tilse toolkit computes
    them with ROUGE-1.5.5 (Porter stemming, stopwords removed), the
    evaluation used for published timeline summarisation results. Each file
    is a timeline.json written by `dateline build` or a tilse text timeline
    (a YYYY-MM-DD line, one sentence per line, a line of dashes; repeated).

    Several gold files are several references for one prediction, scored
    together as tilse does: ROUGE hits and n-gram counts are summed over the
    references (a date missing from one reference counts as an empty summary
    there) and the reference dates are the union of theirs. That is not the
    average of separate runs against each file, which is how benchmarks with
    one task per reference timeline report scores.
    """
    from .evaluate import read_timeline, score

    try:
        prediction = read_timeline(predicted)
        references = [read_timeline(path) for path in gold]
        for path, reference in zip(gold, references, strict=True):
            if not reference:
                raise DatelineError(f"{path}: has no dated entries, so there is nothing to score against")
        scores = score(prediction, references)
    except DatelineError as exc:
        if debug:
            raise
        err_console.print(f"Error: {exc}", markup=False)
        raise typer.Exit(EXIT_NOTHING) from None
    if not prediction:
        err_console.print(f"{predicted}: has no dated entries; every score is 0.", markup=False)
    if as_json:
        typer.echo(json.dumps({
            "predicted": str(predicted),
            "gold": [str(path) for path in gold],
            "dates": {"predicted": len(prediction), "gold": [len(r) for r in references]},
            "scores": {name: prf.to_dict() for name, prf in scores.items()},
        }, indent=2))
        return
    golds = ", ".join(f"{path} ({len(r)} dates)" for path, r in zip(gold, references, strict=True))
    table = Table(title=f"dateline eval: {predicted} ({len(prediction)} dates) against {golds}", title_justify="left")
    table.add_column("metric", style="bold")
    for column in ("precision", "recall", "F1"):
        table.add_column(column, justify="right")
    for name, prf in scores.items():
        table.add_row(EVAL_LABELS.get(name, name), f"{prf.precision:.4f}", f"{prf.recall:.4f}", f"{prf.f1:.4f}")
    out_console.print(table)


def _scheduler(dask: str | None, scheduler: str | None) -> str | None:
    """The ``scheduler`` setting the --dask and --scheduler flags ask for (None: as the config file says)."""
    if dask is not None and dask != LOCAL_CLUSTER:
        raise typer.BadParameter(f"the only value is {LOCAL_CLUSTER!r} (a cluster on this machine); for a running "
                                 "cluster give its address with --scheduler tcp://HOST:PORT", param_hint="--dask")
    if dask is not None and scheduler is not None:
        raise typer.BadParameter("give --dask local or --scheduler ADDRESS, not both", param_hint="--dask")
    return dask if dask is not None else scheduler


def _span(span_from: str | None, span_to: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The days --from and --to ask for (None: as the config file says)."""
    first = _span_edge(span_from, "first", "--from")
    last = _span_edge(span_to, "last", "--to")
    if first is not None and last is not None and first > last:
        raise typer.BadParameter(f"the span from {first} to {last} holds no day; give a --from on or before the --to",
                                 param_hint="--from")
    return first, last


def _span_edge(text: str | None, edge: Edge, hint: str) -> dt.date | None:
    try:
        return span_edge(text, edge) if text is not None else None
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint=hint) from None


def _run(job, debug: bool, quiet: bool):
    """Run ``job`` with a progress bar; turn library errors into one-line messages."""
    progress = Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files · {task.fields[reports]} reports"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=quiet or not err_console.is_terminal,
    )
    task = progress.add_task("reading", total=None, reports=0)

    def on_progress(reports: int, files_done: int, files_total: int) -> None:
        progress.update(task, completed=files_done, total=files_total, reports=reports)

    try:
        with progress:
            return job(on_progress)
    except DatelineError as exc:
        if debug:
            raise
        err_console.print(f"Error: {exc}", markup=False)
        raise typer.Exit(EXIT_NOTHING) from None
    except KeyboardInterrupt:
        err_console.print("Interrupted: batches already committed stay in the store; run the same command again to continue.")
        raise typer.Exit(EXIT_INTERRUPTED) from None


def _print_report(report: IngestReport, quiet: bool) -> None:
    for line in report.recovered:
        err_console.print(f"recovered: {line}", markup=False)
    for item in report.skipped:
        err_console.print(f"skipped {item.origin}: {item.reason}", markup=False)
    if quiet:
        return
    for dup in report.duplicates:
        out_console.print(f"already present: {dup.origin} (article {dup.article})", markup=False)


def _print_changes(changes: Changes, articles) -> None:
    """What a build changed (as changes.md says it), after its summary."""
    out_console.print()
    for line in changes_lines(changes, articles, terminal=True):
        out_console.print(line, markup=False)


def _print_summary(title: str, report: IngestReport, timeline: Timeline | None, outputs, store) -> None:
    table = Table(title=title, show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column()
    read = len(report.added) + len(report.duplicates)
    table.add_row("files opened", str(report.files))
    table.add_row("reports read", str(read))
    table.add_row("added", str(len(report.added)))
    table.add_row("already present", str(len(report.duplicates)))
    table.add_row("skipped", str(len(report.skipped)))
    if timeline is not None:
        dated = sum(1 for a in timeline.articles if a.published.date)
        span = timeline.span()
        table.add_row("articles in store", str(len(timeline.articles)))
        table.add_row(
            "publication dates",
            f"{span[0]} to {span[1]} ({dated} dated, {len(timeline.articles) - dated} unknown)" if span else "none known",
        )
        table.add_row("timeline entries", str(len(timeline.entries)))
        if timeline.date_span is not None:
            table.add_row("date span", _span_summary(timeline.date_span))
        if timeline.off_topic:
            table.add_row("set aside", f"{len(timeline.off_topic)} report{'' if len(timeline.off_topic) == 1 else 's'} "
                          "off the story (no entries from them; listed in timeline.md)")
    if store:
        table.add_row("store", str(store))
    for path in outputs:
        table.add_row("wrote", str(path))
    out_console.print(table)


def _span_summary(span: DateSpan) -> str:
    """The span a timeline was built for, and what it left out."""
    text = f"{span.first or 'any day'} to {span.last or 'any day'}"
    plural = "" if span.outside == 1 else "s"
    left = [f"{span.outside} dated sentence{plural} fell outside the span"
            + (f" ({span.partly} on a month or year only partly inside it)" if span.partly else "")]
    if span.figures:
        left.append(f"{span.figures} figure value{'' if span.figures == 1 else 's'} dated outside it left out")
    return f"{text}; {'; '.join(left)}"


def run() -> None:  # pragma: no cover - console entry point used by `python -m dateline`
    sys.exit(app())
