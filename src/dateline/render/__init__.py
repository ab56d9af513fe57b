"""Renderers: turn a Timeline into the files users open and reuse.

| format | files |
|---|---|
| ``json`` | ``timeline.json`` (the versioned machine-readable output; :func:`load_timeline` reads it back) |
| ``md`` | ``timeline.md`` |
| ``html`` | ``timeline.html`` (one self-contained page) |
| ``timelinejs`` | ``timeline.timelinejs.json`` (TimelineJS3) |
| ``csv`` | ``entries.csv``, ``quotes.csv``, ``figures.csv`` |
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..config import Settings
from ..errors import ConfigError, InputError
from ..model import Timeline
from ._files import write_atomic
from .csv import write_csv
from .html import render_html
from .json import load_timeline, timeline_from_dict, timeline_to_dict, write_json
from .markdown import render_markdown
from .timelinejs import render_timelinejs

__all__ = [
    "FORMATS",
    "load_timeline",
    "render_folder",
    "render_html",
    "render_markdown",
    "render_timelinejs",
    "timeline_from_dict",
    "timeline_to_dict",
    "write_json",
    "write_outputs",
]

#: Every output format, in the order they are written.
FORMATS = ("json", "md", "html", "timelinejs", "csv")


def write_outputs(timeline: Timeline, out: Path, formats: Iterable[str] | None = None) -> list[Path]:
    """Write the timeline into ``out`` in ``formats`` (default: all of :data:`FORMATS`); returns the paths written."""
    chosen = list(dict.fromkeys(formats)) if formats is not None else list(FORMATS)
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown:
        raise ConfigError(f"unknown output format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for fmt in FORMATS:
        if fmt not in chosen:
            continue
        if fmt == "json":
            path = out / "timeline.json"
            write_json(timeline, path)
            written.append(path)
        elif fmt == "md":
            written.append(_write(out / "timeline.md", render_markdown(timeline)))
        elif fmt == "html":
            written.append(_write(out / "timeline.html", render_html(timeline)))
        elif fmt == "timelinejs":
            written.append(_write(out / "timeline.timelinejs.json", render_timelinejs(timeline)))
        else:
            written.extend(write_csv(timeline, out))
    return written


def _write(path: Path, text: str) -> Path:
    write_atomic(path, text)
    return path


def render_folder(folder: Path, formats: Iterable[str] | None = None,
                  settings: Settings | None = None) -> tuple[str, Timeline, list[Path]]:
    """Write a built timeline again, in ``formats``, into the folder it was built in.

    Reads ``folder/timeline.json``; without it, rebuilds the timeline from the
    store in ``folder`` (which runs the story stages again). Returns what it
    read from (``"timeline.json"`` or ``"store"``), the timeline and the paths written.
    """
    from ..store.sqlite import STORE_NAME

    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder} is not a folder; give the --out folder of a `dateline build`")
    json_path = folder / "timeline.json"
    store_path = folder / STORE_NAME
    if json_path.is_file():
        timeline, source = load_timeline(json_path), "timeline.json"
    elif store_path.is_file():
        # Imported here: only this path needs the pipeline, and renderers otherwise read the model only.
        from ..pipeline import timeline_from_store
        from ..store.sqlite import Store

        with Store(store_path) as store:
            timeline, source = timeline_from_store(store, settings), "store"
    else:
        raise InputError(
            f"{folder} holds neither timeline.json nor {STORE_NAME}; run `dateline build PATHS --out {folder}` first"
        )
    return source, timeline, write_outputs(timeline, folder, formats)
