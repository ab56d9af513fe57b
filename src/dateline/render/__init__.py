"""Renderers: turn a Timeline into the files users open and reuse."""

from __future__ import annotations

from pathlib import Path

from ..model import Timeline
from ._files import write_atomic
from .json import timeline_to_dict, write_json
from .markdown import render_markdown

__all__ = ["render_markdown", "timeline_to_dict", "write_json", "write_outputs"]


def write_outputs(timeline: Timeline, out: Path) -> list[Path]:
    """Write ``timeline.json`` and ``timeline.md`` into ``out``; returns their paths."""
    out.mkdir(parents=True, exist_ok=True)
    json_path = out / "timeline.json"
    md_path = out / "timeline.md"
    write_json(timeline, json_path)
    write_atomic(md_path, render_markdown(timeline))
    return [json_path, md_path]
