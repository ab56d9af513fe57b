"""The ``dateline`` command: parse, build Settings, call the library, print.

Exit codes: 0 success (some inputs may have been skipped, each with a reason);
1 nothing usable was read, or an error in the input or configuration; 2 wrong
usage (unknown option, missing argument); 130 interrupted (what was committed
stays in the store: run the same command again to continue).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from . import __version__
from .config import load_settings
from .errors import DatelineError
from .model import IngestReport, Timeline
from .pipeline import add as add_reports
from .pipeline import run_build, sample_paths
from .store import STORE_NAME

EXIT_OK, EXIT_NOTHING, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Turn a pile of news reports about one story into a dated, sourced timeline.",
)
out_console = Console(soft_wrap=True, highlight=False)
err_console = Console(stderr=True, soft_wrap=True, highlight=False)

PathsArg = Annotated[Optional[list[str]], typer.Argument(help="Files, folders (read recursively) or glob patterns.", show_default=False)]
ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="Settings file (TOML); default ./dateline.toml if present.")]
WorkersOpt = Annotated[Optional[int], typer.Option("--workers", min=1, help="Processes for cleaning and dating.")]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="Print only errors and the summary.")]


def _version(value: bool) -> None:
    if value:
        out_console.print(f"dateline {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    """Turn a pile of news reports about one story into a dated, sourced timeline."""


@app.command()
def build(
    paths: PathsArg = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder for timeline.json, timeline.md and the store.")] = Path("dateline-out"),
    store: Annotated[Optional[Path], typer.Option("--store", help=f"Store file (default OUT/{STORE_NAME}).")] = None,
    sample: Annotated[bool, typer.Option("--sample", help="Read the bundled sample corpus (a fictional story).")] = False,
    config: ConfigOpt = None,
    workers: WorkersOpt = None,
    dates: Annotated[Optional[int], typer.Option("--dates", min=1, help="Dates on the timeline (default: automatic).")] = None,
    sentences: Annotated[Optional[int], typer.Option("--sentences", min=1, help="Sentences per date (default: one per event, at most 3).")] = None,
    query: Annotated[Optional[str], typer.Option("--query", help="Only reports holding these words make the timeline (focus a mixed pile).")] = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Read news reports, store them and write the timeline (timeline.json, timeline.md).

    Everything already in the store is part of the timeline, so a rebuild after
    `dateline add` uses every report ever added.
    """
    inputs = list(paths or [])
    if sample:
        inputs += sample_paths()
    if not inputs:
        raise typer.BadParameter("give files, folders or globs to read, or --sample", param_hint="PATHS")

    def job(progress):
        settings = load_settings(config, workers=workers, dates=dates, sentences=sentences, query=query)
        return run_build(inputs, settings, out=out, store_path=store, on_progress=progress)

    result = _run(job, debug, quiet)
    _print_report(result.report, quiet)
    _print_summary("dateline build", result.report, result.timeline, result.outputs, result.store)
    if not result.report.added and not result.report.duplicates:
        err_console.print("Error: nothing usable was read from the paths given (see the skipped list above).")
        raise typer.Exit(EXIT_NOTHING)


@app.command()
def add(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (read recursively) or glob patterns.", show_default=False)],
    store: Annotated[Path, typer.Option("--store", help="Store file to add to (created if missing).")] = Path("dateline-out") / STORE_NAME,
    config: ConfigOpt = None,
    workers: WorkersOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Add reports to a store without rebuilding the timeline (run `dateline build` later)."""

    def job(progress):
        settings = load_settings(config, workers=workers)
        return add_reports(paths, store, settings, on_progress=progress)

    report = _run(job, debug, quiet)
    _print_report(report, quiet)
    _print_summary("dateline add", report, None, (), store)
    if not report.added and not report.duplicates:
        err_console.print("Error: nothing usable was read from the paths given (see the skipped list above).")
        raise typer.Exit(EXIT_NOTHING)


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
    for item in report.skipped:
        err_console.print(f"skipped {item.origin}: {item.reason}", markup=False)
    if quiet:
        return
    for dup in report.duplicates:
        out_console.print(f"already present: {dup.origin} (article {dup.article})", markup=False)


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
    if store:
        table.add_row("store", str(store))
    for path in outputs:
        table.add_row("wrote", str(path))
    out_console.print(table)


def run() -> None:  # pragma: no cover - console entry point used by `python -m dateline`
    sys.exit(app())
