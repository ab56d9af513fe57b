"""entries.csv, quotes.csv, figures.csv, undated.csv: the timeline's tables for spreadsheets and scripts.

``undated.csv`` holds the undated section (sentences of reports without a publication date that no date
places, with the reason and the bounds of their report's date): a table of its own, so that every row of
``entries.csv`` stays a dated line.

Written per RFC 4180: lines end with CR LF and every field holding a CR, an LF,
a quote or a comma is quoted, so a value with a line break inside stays one
cell. Cells are article content, so a cell that a spreadsheet would run as a
formula (one starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return) is written with a leading single quote, and so is every line inside a
cell that starts so (some readers take the text after a line break as a new
cell or a new formula).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from ..model import Timeline
from ._files import write_atomic
from .tables import COLUMNS, KINDS, rows

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: The start of a cell or of a line inside it (after a CR or an LF) that begins with a formula character.
_FORMULA_LINE = re.compile(r"(^|[\r\n])(?=[" + re.escape("".join(_FORMULA_START)) + "])")
#: RFC 4180's line end. With it the csv module quotes every field holding a CR or an LF (with "\n" alone a
#: field holding a bare CR was written unquoted, and readers split the row there).
LINE_END = "\r\n"


def guard_cell(value: Any) -> Any:
    """A cell safe from spreadsheet formula injection: text whose start, or the start of a line inside it, could
    run as a formula gets a ``'`` there; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _FORMULA_LINE.sub(r"\1'", value)
    return value


def render_csv(timeline: Timeline, kind: str) -> str:
    """One table (``entries``, ``quotes``, ``figures`` or ``undated``) as CSV text with a header row."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS[kind], lineterminator=LINE_END, quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    for row in rows(timeline, kind):
        writer.writerow({key: guard_cell(value) for key, value in row.items()})
    return buffer.getvalue()


def write_csv(timeline: Timeline, out: Path) -> list[Path]:
    """Write ``entries.csv``, ``quotes.csv``, ``figures.csv`` and ``undated.csv`` into ``out``; returns their paths."""
    paths = []
    for kind in KINDS:
        path = Path(out) / f"{kind}.csv"
        write_atomic(path, render_csv(timeline, kind))
        paths.append(path)
    return paths
