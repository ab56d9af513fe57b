"""entries.csv, quotes.csv, figures.csv: the timeline's tables for spreadsheets and scripts.

Cells are article content, so a cell that a spreadsheet would run as a
formula (one starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return) is written with a leading single quote.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from ..model import Timeline
from ._files import write_atomic
from .tables import COLUMNS, KINDS, rows

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def guard_cell(value: Any) -> Any:
    """A cell safe from spreadsheet formula injection: risky text gets a leading ``'``; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def render_csv(timeline: Timeline, kind: str) -> str:
    """One table (``entries``, ``quotes`` or ``figures``) as CSV text with a header row."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS[kind], lineterminator="\n")
    writer.writeheader()
    for row in rows(timeline, kind):
        writer.writerow({key: guard_cell(value) for key, value in row.items()})
    return buffer.getvalue()


def write_csv(timeline: Timeline, out: Path) -> list[Path]:
    """Write ``entries.csv``, ``quotes.csv`` and ``figures.csv`` into ``out``; returns their paths."""
    paths = []
    for kind in KINDS:
        path = Path(out) / f"{kind}.csv"
        write_atomic(path, render_csv(timeline, kind))
        paths.append(path)
    return paths
