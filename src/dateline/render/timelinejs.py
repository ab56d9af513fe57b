"""timeline.timelinejs.json: the timeline in TimelineJS3's JSON format.

One slide per entry. A date is never more precise than the entry: a month
entry has a year and a month but no day, a year entry only a year; a week,
quarter, season or decade is a span (``start_date`` to ``end_date``) of the
days or months it covers, with ``display_date`` saying what it is.
TimelineJS shows ``headline`` and ``text`` as HTML, so article content is
escaped and only http(s) addresses become links.

TimelineJS needs a date on every slide, and the undated section has none (a
bound is not a date): its sentences are left out, and the title slide says how
many and where they are.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from ..model import Granularity, Period, Timeline, TimelineEntry
from ._common import Sources, date_label, dated_label, escape_html

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


def date_parts(period: Period) -> tuple[dict[str, int], dict[str, int] | None]:
    """TimelineJS ``start_date`` and ``end_date`` (None for a single day, month or year) of a period."""
    first, last, g = period.first, period.last, period.granularity
    if g is Granularity.WEEK:  # its days
        return _day(first), _day(last)
    if g in (Granularity.QUARTER, Granularity.SEASON):  # its months
        return {"year": first.year, "month": first.month}, {"year": last.year, "month": last.month}
    if g is Granularity.DECADE:  # its years
        return {"year": first.year}, {"year": last.year}
    if g is Granularity.YEAR:
        return {"year": first.year}, None
    if g is Granularity.MONTH:
        return {"year": first.year, "month": first.month}, None
    return _day(first), None


def _day(d: dt.date) -> dict[str, int]:
    return {"year": d.year, "month": d.month, "day": d.day}


def _event(index: int, entry: TimelineEntry, sources: Sources) -> dict[str, Any] | None:
    start, end = date_parts(entry.period)
    lines = []
    for i, (text, ref) in enumerate(zip(entry.summary, entry.sources, strict=True)):
        url = sources.url(ref.article)
        title = _e(sources.title(ref.article))
        cited = f'<a href="{_e(url)}" target="_blank" rel="noopener noreferrer">{title}</a>' if url else title
        how = dated_label(entry.dated[i]) if i < len(entry.dated) else None
        note = f" ({_e(how)})" if how else ""
        lines.append(f"<p>{_e(text)} <small>— {_e(sources.outlet(ref.article))}, {cited}{note}</small></p>")
    event: dict[str, Any] = {
        "start_date": start,
        "display_date": date_label(entry.period),
        "text": {"headline": _e(_headline(entry)), "text": "".join(lines)},
        "unique_id": f"entry-{index}",
    }
    if end is not None:
        event["end_date"] = end
    return event


def _headline(entry: TimelineEntry) -> str:
    text = " ".join(entry.summary[0].split()) if entry.summary else date_label(entry.period)
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
    text += "."
    if timeline.undated:
        reports = len({u.ref.article for u in timeline.undated})
        text += (f" Not shown: {len(timeline.undated)} sentence{'s' if len(timeline.undated) != 1 else ''} from "
                 f"{reports} report{'s' if reports != 1 else ''} without a known publication date, which no date "
                 "places (a slide needs a date); they are in the undated section of timeline.html, timeline.md, "
                 "timeline.json and undated.csv.")
    return text
