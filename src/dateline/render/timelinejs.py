"""timeline.timelinejs.json: the timeline in TimelineJS3's JSON format.

One slide per entry. A date is never more precise than the entry: a month
entry has a year and a month but no day, a year entry only a year; a week,
quarter, season or decade is a span (``start_date`` to ``end_date``) of the
days or months it covers, with ``display_date`` saying what it is.
TimelineJS shows ``headline`` and ``text`` as HTML, so article content is
escaped and only http(s) addresses become links.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from ..model import Timeline, TimelineEntry
from ._common import Sources, date_label, dated_label, entry_value, escape_html, timex_range

HEADLINE_CHARS = 100
_e = escape_html  # every piece of text goes through it


def timelinejs_dict(timeline: Timeline) -> dict[str, Any]:
    """The TimelineJS3 document: a title slide and one event per entry."""
    sources = Sources(timeline)
    events = [e for e in (_event(i, entry, sources) for i, entry in enumerate(timeline.entries)) if e]
    return {"title": {"text": {"headline": "Timeline", "text": _e(_summary(timeline))}}, "events": events}


def render_timelinejs(timeline: Timeline) -> str:
    """``timeline.timelinejs.json`` as text."""
    return json.dumps(timelinejs_dict(timeline), ensure_ascii=False, indent=1) + "\n"


def date_parts(value: str) -> tuple[dict[str, int], dict[str, int] | None] | None:
    """TimelineJS ``start_date`` and ``end_date`` (None for a single day, month or year) of a TIMEX value."""
    span = timex_range(value)
    if span is None:
        return None
    first, last = span
    if "-W" in value and value[-1].isdigit():  # a week (2017-W12; not the winter 2017-WI): its days
        return _day(first), _day(last)
    if "-Q" in value or value[5:] in ("SP", "SU", "FA", "WI"):  # a quarter or a season: its months
        return {"year": first.year, "month": first.month}, {"year": last.year, "month": last.month}
    if len(value) == 3:  # a decade: its years
        return {"year": first.year}, {"year": last.year}
    if len(value) == 4:
        return {"year": first.year}, None
    if len(value) == 7:
        return {"year": first.year, "month": first.month}, None
    return _day(first), None


def _day(d) -> dict[str, int]:
    return {"year": d.year, "month": d.month, "day": d.day}


def _event(index: int, entry: TimelineEntry, sources: Sources) -> dict[str, Any] | None:
    value = entry_value(entry)
    parts = date_parts(value)
    if parts is None:  # a value TimelineJS cannot show: fall back on the entry's date at its granularity
        value = entry_value(replace(entry, value=None))
        parts = date_parts(value)
    if parts is None:
        return None
    start, end = parts
    lines = []
    for i, (text, ref) in enumerate(zip(entry.summary, entry.sources)):
        url = sources.url(ref.article)
        title = _e(sources.title(ref.article))
        cited = f'<a href="{_e(url)}" target="_blank" rel="noopener noreferrer">{title}</a>' if url else title
        how = dated_label(entry.dated[i]) if i < len(entry.dated) else None
        note = f" ({_e(how)})" if how else ""
        lines.append(f"<p>{_e(text)} <small>— {_e(sources.outlet(ref.article))}, {cited}{note}</small></p>")
    event: dict[str, Any] = {
        "start_date": start,
        "display_date": date_label(value),
        "text": {"headline": _e(_headline(entry)), "text": "".join(lines)},
        "unique_id": f"entry-{index}",
    }
    if end is not None:
        event["end_date"] = end
    return event


def _headline(entry: TimelineEntry) -> str:
    text = " ".join(entry.summary[0].split()) if entry.summary else date_label(entry_value(entry))
    if len(text) <= HEADLINE_CHARS:
        return text
    cut = text.rfind(" ", 0, HEADLINE_CHARS)
    return text[: cut if cut > HEADLINE_CHARS // 2 else HEADLINE_CHARS].rstrip(" ,;:") + "…"


def _summary(timeline: Timeline) -> str:
    outlets = {a.outlet.name for a in timeline.articles if a.outlet.name}
    text = f"{len(timeline.entries)} dates from {len(timeline.articles)} reports by {len(outlets)} named outlets"
    span = timeline.span()
    if span:
        text += f", published {span[0].isoformat()} to {span[1].isoformat()}"
    return text + "."
