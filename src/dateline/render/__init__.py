"""Renderers: turn a Timeline into the files users open and reuse.

| format | files |
|---|---|
| ``json`` | ``timeline.json`` (the versioned machine-readable output; :func:`load_timeline` reads it back) |
| ``md`` | ``timeline.md`` |
| ``html`` | ``timeline.html`` (one self-contained page) |
| ``timelinejs`` | ``timeline.timelinejs.json`` (TimelineJS3) |
| ``csv`` | ``entries.csv``, ``quotes.csv``, ``figures.csv``, ``undated.csv`` |

A build also writes ``changes.md``: what it changed against the store's previous build (with ``md``).

Renderers read the model only. Writing a built folder again (``dateline
render``, which may rebuild from the store) is ``pipeline.render_folder``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..errors import ConfigError
from ..model import TIMELINE_VIEWS, Timeline
from ._files import make_folder, write_atomic
from .changes import render_changes
from .csv import write_csv
from .html import render_html, render_table
from .json import load_timeline, timeline_from_dict, timeline_to_dict, write_json
from .markdown import render_markdown
from .tables import KINDS as TABLE_KINDS
from .tables import to_dataframe
from .timelinejs import render_timelinejs

__all__ = [
    "FILES",
    "FORMATS",
    "load_timeline",
    "output_files",
    "render_changes",
    "render_html",
    "render_markdown",
    "render_timelinejs",
    "timeline_from_dict",
    "timeline_to_dict",
    "write_json",
    "write_outputs",
]

# A Timeline shows itself in a notebook as the entries table, and becomes a DataFrame, through these.
TIMELINE_VIEWS.update(html=render_table, dataframe=to_dataframe)

#: Every output format, in the order they are written.
FORMATS = ("json", "md", "html", "timelinejs", "csv")
#: The files each format writes into the output folder (the CLI's help lists them from here).
FILES: dict[str, tuple[str, ...]] = {
    "json": ("timeline.json",),
    "md": ("timeline.md", "changes.md"),  # changes.md: by a build (what it changed), not by a re-render
    "html": ("timeline.html",),
    "timelinejs": ("timeline.timelinejs.json",),
    "csv": tuple(f"{kind}.csv" for kind in TABLE_KINDS),
}


def output_files(formats: Iterable[str] | None = None) -> list[str]:
    """The names of the files ``formats`` (default: all) write, in the order they are written."""
    chosen = set(formats) if formats is not None else set(FORMATS)
    return [name for fmt in FORMATS if fmt in chosen for name in FILES[fmt]]


def write_outputs(timeline: Timeline, out: Path, formats: Iterable[str] | None = None) -> list[Path]:
    """Write the timeline into ``out`` in ``formats`` (default: all of :data:`FORMATS`); returns the paths written."""
    chosen = list(dict.fromkeys(formats)) if formats is not None else list(FORMATS)
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown:
        raise ConfigError(f"unknown output format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    out = Path(out)
    make_folder(out)
    written: list[Path] = []
    for fmt in FORMATS:
        if fmt not in chosen:
            continue
        [name, *_] = FILES[fmt]
        if fmt == "json":
            path = out / name
            write_json(timeline, path)
            written.append(path)
        elif fmt == "md":
            written.append(_write(out / name, render_markdown(timeline)))
        elif fmt == "html":
            written.append(_write(out / name, render_html(timeline)))
        elif fmt == "timelinejs":
            written.append(_write(out / name, render_timelinejs(timeline)))
        else:
            written.extend(write_csv(timeline, out))
    if timeline.changes is not None and "md" in chosen:
        # what this build changed against the store's previous one (only a build knows: see story/changes.py)
        written.append(_write(out / "changes.md", render_changes(timeline.changes, timeline.articles)))
    return written


def _write(path: Path, text: str) -> Path:
    write_atomic(path, text)
    return path
