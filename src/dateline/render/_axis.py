"""The time axis at the top of a timeline: where its dates fall, how densely reported, where the gaps are.

:func:`axis_layout` is pure and places everything as a share (0 to 1) of the
axis width; :func:`render_axis_svg` draws it for timeline.html and the served
page draws the same layout (sent by the API) with its own script.

Layout rules, in order:

- The story's usual grain is the granularity most of its dates have (a day,
  mostly). Dates of that grain or finer, and every known publication day,
  are drawn to one scale. Where the story is silent for longer than
  :data:`BREAK_SHARE` of that span, the axis is broken: the gap is drawn as
  a short marked break (a double slash) labelled with its length, never as
  if the dates on both sides were close.
- A coarser period (a month in a story of days, a year, a decade) that no
  to-scale stretch holds would dwarf the days to scale ("built in 1987"
  against a month of daily reports), so it gets a short box of its own,
  outlined dashed to say it is not to scale, set off by a break.
- Each date is a dot sized by its independent reports (area proportional);
  bars along the axis count the reports published in each stretch of days.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, replace

from ..model import Granularity, Period, Timeline
from ._common import date_label, escape_html

#: Granularities from finest to coarsest: the story's grain and finer are drawn to scale.
_GRAINS = tuple(Granularity)
#: A silence longer than this share of the to-scale span is broken: a third of the width showing nothing would
#: squeeze everything else, and a break labelled with its length still shows the gap.
BREAK_SHARE = 0.2
#: Shares of the width: a break, a box for a coarse period, the least a to-scale stretch gets (a single day).
BREAK_WIDTH = 0.03
BOX_WIDTH = 0.045
MIN_STRETCH = 0.04
#: At most this share of the width goes to breaks and boxes (many of them are shrunk together).
FIXED_SHARE = 0.55
#: Density bars: about this many across the whole axis (a day each when the stretch is short).
DENSITY_BINS = 90
#: A dot's radius in pixels is this times the square root of its reports (area proportional), within the bounds.
DOT_SCALE, DOT_MIN, DOT_MAX = 3.0, 3.5, 10.0
#: A label's character is about this share of the narrowest axis (6 px of 40rem): overlapping labels move to a
#: second row (a stretch's own) or are left out (a month inside a stretch).
CHAR_SHARE = 0.0105
#: The SVG's height and its rows, in pixels (the width is the page's: positions are percentages).
HEIGHT, LINE_Y, BARS_TOP, BARS_BOTTOM, LABEL_Y, ROW, GAP_Y = 98, 34, 48, 68, 81, 13, 11

_e = escape_html


@dataclass(frozen=True)
class AxisMark:
    """One timeline entry on the axis."""

    entry: int  # its index in Timeline.entries
    x: float  # centre, share of the width
    x0: float  # the period's extent (x0 == x1 for a day drawn to scale)
    x1: float
    radius: float  # pixels
    reports: int
    value: str  # TIMEX3 value
    label: str  # for people: "2023-03-03 (Friday): 7 independent reports"


@dataclass(frozen=True)
class AxisStretch:
    """A stretch of the axis: to scale, or a box holding one coarse period."""

    x0: float
    x1: float
    first: dt.date
    last: dt.date
    to_scale: bool
    label: str  # what its start is called under the axis


@dataclass(frozen=True)
class AxisBreak:
    """A gap left out of the axis."""

    x: float
    days: int  # the silence's length (0: a box not to scale next to a stretch it overlaps)
    label: str  # "23 years", "11 months"


@dataclass(frozen=True)
class AxisBar:
    """Reports published in [first, last]."""

    x0: float
    x1: float
    first: dt.date
    last: dt.date
    count: int
    height: float  # share of the tallest bar


@dataclass(frozen=True)
class AxisTick:
    """A labelled day on the axis: a stretch's first day, a month's or a year's start, the axis' last day."""

    x: float
    day: dt.date
    label: str
    anchor: str  # start, middle or end (SVG text-anchor)
    major: bool  # a stretch's or box's own label (always shown), not a month inside it
    row: int = 0  # 1: moved below the first row so as not to overlap a neighbour


@dataclass(frozen=True)
class Axis:
    marks: tuple[AxisMark, ...]
    stretches: tuple[AxisStretch, ...]
    breaks: tuple[AxisBreak, ...]
    bars: tuple[AxisBar, ...]
    ticks: tuple[AxisTick, ...]

    @property
    def empty(self) -> bool:
        return not self.marks


@dataclass
class _Stretch:
    first: dt.date
    last: dt.date
    to_scale: bool
    entries: list[int]
    grain: Granularity | None = None  # a box's period
    x0: float = 0.0
    x1: float = 0.0

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


def gap_words(days: int) -> str:
    """A silence's length, as people round it: "9 days", "5 weeks", "11 months", "23 years"."""
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''}"
    if days < 60:
        return f"{round(days / 7)} weeks"
    if days < 730:
        return f"{round(days / 30.44)} months"
    return f"{round(days / 365.25)} years"


def axis_layout(timeline: Timeline) -> Axis:
    """Where each entry, stretch, break and density bar goes (see the module docstring)."""
    entries = timeline.entries
    days = sorted({a.published.date for a in timeline.articles if a.published.date})
    fine = _GRAINS[: _GRAINS.index(story_grain(timeline)) + 1]
    spans = [(e.period.first, e.period.last) for e in entries if e.granularity in fine] + [(d, d) for d in days]
    stretches = _to_scale(spans)
    for i, entry in enumerate(entries):
        p = entry.period
        home = next((s for s in stretches if s.to_scale and s.first <= p.first and p.last <= s.last), None)
        if home is None:
            stretches.append(_Stretch(p.first, p.last, False, [i], grain=p.granularity))
        else:
            home.entries.append(i)
    stretches.sort(key=lambda s: (s.first, s.to_scale, s.last))
    breaks = _place(stretches)

    marks = []
    for s in stretches:
        for i in s.entries:
            entry = entries[i]
            x0, x1 = _x(s, entry.period.first, entry.period.last)
            label = f"{date_label(entry.period)}: {entry.reports} independent report{'s' if entry.reports != 1 else ''}"
            radius = min(DOT_MAX, max(DOT_MIN, DOT_SCALE * math.sqrt(max(entry.reports, 1))))
            marks.append(AxisMark(i, (x0 + x1) / 2, x0, x1, round(radius, 1), entry.reports, entry.value, label))
    marks.sort(key=lambda m: (m.x, m.entry))
    out = tuple(_stretch_out(s, s.grain) for s in stretches)
    return Axis(tuple(marks), out, tuple(breaks), _bars(stretches, days), _ticks(stretches, out))


def _ticks(stretches: list[_Stretch], out: tuple[AxisStretch, ...]) -> tuple[AxisTick, ...]:
    """Each stretch's label, then month (or year) starts inside long stretches where there is room."""
    major = [AxisTick(s.x0 if s.to_scale else (s.x0 + s.x1) / 2, s.first, s.label,
                      "start" if s.to_scale else "middle", True) for s in out]
    if stretches and stretches[-1].to_scale and stretches[-1].days > 1:
        last = stretches[-1]
        major.append(AxisTick(last.x1, last.last, _day_label(last.last), "end", True))
    minor = []
    for s in (s for s in stretches if s.to_scale and s.days > 1):
        if s is not stretches[-1]:
            minor.append(AxisTick(s.x1, s.last, _day_label(s.last), "end", False))
        for day in _inner_days(s.first, s.last):
            x, _ = _x(s, day, day)
            minor.append(AxisTick(x, day, _inner_label(day, s.days), "middle", False))
    rows: list[list[tuple[float, float]]] = [[], []]
    shown = []
    for tick in sorted(major, key=lambda t: t.x) + minor:
        extent = _extent(tick)
        free = [r for r in (0, 1) if all(extent[1] < a or b < extent[0] for a, b in rows[r])]
        if not free or (not tick.major and free[0] != 0):
            continue
        rows[free[0]].append(extent)
        shown.append(replace(tick, row=free[0]))
    return tuple(sorted(shown, key=lambda t: t.x))


def _extent(tick: AxisTick) -> tuple[float, float]:
    """The share of the width a tick's label covers, with a character's room either side."""
    width = (len(tick.label) + 2) * CHAR_SHARE
    start = {"start": tick.x, "middle": tick.x - width / 2, "end": tick.x - width}[tick.anchor]
    return start - CHAR_SHARE, start + width


def _inner_days(first: dt.date, last: dt.date) -> list[dt.date]:
    """Days worth a tick inside a stretch: Mondays in a few weeks, month starts in a few years, else new years."""
    length = (last - first).days + 1
    if length < 8:
        return []
    out = []
    if length <= 45:
        day = first + dt.timedelta(days=(7 - first.weekday()) % 7 or 7)
        while day <= last:
            out.append(day)
            day += dt.timedelta(days=7)
    elif length <= 3 * 365:
        day = _next_month(first)
        while day <= last:
            out.append(day)
            day = _next_month(day)
    else:
        out = [dt.date(year, 1, 1) for year in range(first.year + 1, last.year + 1)]
    return out


def _inner_label(day: dt.date, length: int) -> str:
    if length <= 45:
        return f"{day.day} {calendar.month_abbr[day.month]}"
    if length <= 3 * 365:
        return _month_label(day)
    return str(day.year)


def _next_month(day: dt.date) -> dt.date:
    return dt.date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def _month_label(day: dt.date) -> str:
    return calendar.month_abbr[day.month] + (f" {day.year}" if day.month == 1 else "")


def story_grain(timeline: Timeline) -> Granularity:
    """The granularity most of the timeline's dates have (ties: the finer); a day when it has none."""
    counts = Counter(e.granularity for e in timeline.entries)
    if not counts:
        return Granularity.DAY
    return min(counts, key=lambda g: (-counts[g], _GRAINS.index(g)))


def _to_scale(spans: list[tuple[dt.date, dt.date]]) -> list[_Stretch]:
    """Fine periods and publication days, merged into stretches split at silences longer than BREAK_SHARE."""
    if not spans:
        return []
    spans.sort()
    whole = (max(last for _, last in spans) - spans[0][0]).days + 1
    out = [_Stretch(spans[0][0], spans[0][1], True, [])]
    for first, last in spans[1:]:
        current = out[-1]
        if (first - current.last).days - 1 > BREAK_SHARE * whole:
            out.append(_Stretch(first, last, True, []))
        else:
            current.last = max(current.last, last)
    return out


def _place(stretches: list[_Stretch]) -> list[AxisBreak]:
    """Give each stretch its share of the width (in place); the breaks between them."""
    if not stretches:
        return []
    n_breaks = len(stretches) - 1
    boxes = [s for s in stretches if not s.to_scale]
    scaled = [s for s in stretches if s.to_scale]
    fixed = n_breaks * BREAK_WIDTH + len(boxes) * BOX_WIDTH + len(scaled) * MIN_STRETCH
    shrink = min(1.0, FIXED_SHARE / fixed) if scaled and fixed else 1.0
    gap, box = BREAK_WIDTH * shrink, BOX_WIDTH * shrink
    if not scaled:  # only boxes: spread them over the whole width
        box = (1.0 - n_breaks * gap) / len(boxes)
    room = 1.0 - n_breaks * gap - len(boxes) * box
    widths = _shares([s.days for s in scaled], room, MIN_STRETCH * shrink)
    x, out = 0.0, []
    for i, s in enumerate(stretches):
        width = widths[scaled.index(s)] if s.to_scale else box
        s.x0, s.x1 = x, x + width
        x += width
        if i + 1 < len(stretches):
            silence = (stretches[i + 1].first - s.last).days - 1
            out.append(AxisBreak(x + gap / 2, max(silence, 0), gap_words(silence) if silence > 0 else ""))
            x += gap
    return out


def _shares(days: list[int], room: float, least: float) -> list[float]:
    """``room`` split in proportion to ``days``, each getting at least ``least`` (one scale for the rest)."""
    widths = [0.0] * len(days)
    free = set(range(len(days)))
    while free:
        total = sum(days[i] for i in free)
        left = room - sum(widths[i] for i in range(len(days)) if i not in free)
        small = {i for i in free if left * days[i] / total < least}
        if not small:
            for i in free:
                widths[i] = left * days[i] / total
            break
        for i in small:
            widths[i] = least
        free -= small
    return widths


def _x(s: _Stretch, first: dt.date, last: dt.date) -> tuple[float, float]:
    """The extent of [first, last] in stretch ``s`` (a box: its middle)."""
    if not s.to_scale:
        mid = (s.x0 + s.x1) / 2
        return mid, mid
    width = s.x1 - s.x0
    a = s.x0 + width * (first - s.first).days / s.days
    b = s.x0 + width * ((last - s.first).days + 1) / s.days
    if first == last:
        return (a + b) / 2, (a + b) / 2
    return a, b


def _day_label(day: dt.date) -> str:
    return f"{day.day} {calendar.month_abbr[day.month]} {day.year}"


def _stretch_out(s: _Stretch, grain: Granularity | None = None) -> AxisStretch:
    if s.to_scale:
        whole_month = s.first.day == 1 and s.last == _next_month(s.last) - dt.timedelta(days=1)
        label = f"{calendar.month_abbr[s.first.month]} {s.first.year}" if whole_month else _day_label(s.first)
    else:
        label = date_label(Period(s.first, s.last, grain)) if grain else f"{s.first} to {s.last}"
        if grain is Granularity.MONTH:
            label = f"{calendar.month_abbr[s.first.month]} {s.first.year}"
    return AxisStretch(round(s.x0, 5), round(s.x1, 5), s.first, s.last, s.to_scale, label)


def _bars(stretches: list[_Stretch], days: list[dt.date]) -> tuple[AxisBar, ...]:
    """Reports published per stretch of days, on the to-scale stretches."""
    raw = []
    for s in (s for s in stretches if s.to_scale):
        bins = max(1, min(s.days, round(DENSITY_BINS * (s.x1 - s.x0))))
        size = math.ceil(s.days / bins)
        start = s.first
        while start <= s.last:
            end = min(s.last, start + dt.timedelta(days=size - 1))
            count = sum(1 for d in days if start <= d <= end)
            if count:
                raw.append((s, start, end, count))
            start = end + dt.timedelta(days=1)
    top = max((c for *_, c in raw), default=0)
    out = []
    for s, start, end, count in raw:
        width = s.x1 - s.x0
        x0 = s.x0 + width * (start - s.first).days / s.days
        x1 = s.x0 + width * ((end - s.first).days + 1) / s.days
        out.append(AxisBar(round(x0, 5), round(x1, 5), start, end, count, count / top))
    return tuple(out)


#: Room kept at both ends of the axis (a share of its width) so the first and last dots are not cut in half.
END_ROOM = 0.016


def _pc(share: float) -> str:
    """A position on the axis as an SVG percentage (the ends kept free)."""
    return f"{(END_ROOM + share * (1 - 2 * END_ROOM)) * 100:.2f}%"


def _pw(share: float) -> str:
    """A width on the axis as an SVG percentage."""
    return f"{share * (1 - 2 * END_ROOM) * 100:.2f}%"


def axis_geometry() -> dict[str, float]:
    """The pixel rows of the axis and the room at its ends, for a script that draws :func:`axis_layout`'s result."""
    return {"height": HEIGHT, "line_y": LINE_Y, "bars_top": BARS_TOP, "bars_bottom": BARS_BOTTOM,
            "label_y": LABEL_Y, "row": ROW, "gap_y": GAP_Y, "end_room": END_ROOM}


def render_axis_svg(axis: Axis, href: str = "#entry-{}", salient: int | None = None) -> str:
    """The axis as inline SVG whose positions are percentages (text and dots keep their size on a phone).

    Every dot is a link to its entry (``href`` formatted with the entry's index), so the axis works without a
    script; the page's script adds arrow keys. No style attributes: the page's CSP allows none.
    """
    if axis.empty:
        return ""
    parts = [f'<svg class="axis" id="time-axis" data-testid="time-axis" width="100%" height="{HEIGHT}" '
             'role="group" aria-label="Time axis: each dot is a date on the timeline, sized by its independent '
             'reports; bars count reports published; a break marks a gap left out" '
             'xmlns="http://www.w3.org/2000/svg">']
    for s in axis.stretches:
        cls = "stretch" if s.to_scale else "stretch box"
        if s.to_scale:
            parts.append(f'<line class="{cls}" x1="{_pc(s.x0)}" y1="{LINE_Y}" x2="{_pc(s.x1)}" y2="{LINE_Y}"/>')
        else:
            parts.append(f'<rect class="{cls}" x="{_pc(s.x0)}" y="{LINE_Y - 7}" width="{_pw(s.x1 - s.x0)}" '
                         f'height="14" rx="3"><title>{_e(s.label)}: a long period, not to scale</title></rect>')
    for b in axis.bars:
        top = BARS_BOTTOM - (BARS_BOTTOM - BARS_TOP) * b.height
        when = b.first.isoformat() if b.first == b.last else f"{b.first.isoformat()} to {b.last.isoformat()}"
        parts.append(f'<rect class="bar" x="{_pc(b.x0)}" y="{top:.1f}" width="{_pw(max(b.x1 - b.x0, 0.002))}" '
                     f'height="{BARS_BOTTOM - top:.1f}"><title>{b.count} report{"s" if b.count != 1 else ""} '
                     f'published {_e(when)}</title></rect>')
    for g in axis.breaks:
        title = f"{g.label} with nothing dated, left out" if g.label else "the box beside is not to scale"
        parts.append(f'<g class="break"><title>{_e(title)}</title>')
        for dx in (-2, 2):  # a double slash across the line, in pixels either side of the break's middle
            parts.append(f'<svg x="{_pc(g.x)}" y="{LINE_Y - 7}" width="1" height="14" overflow="visible">'
                         f'<line class="break-mark" x1="{dx - 2}" y1="14" x2="{dx + 2}" y2="0"/></svg>')
        if g.label:
            parts.append(f'<text class="gap" x="{_pc(g.x)}" y="{GAP_Y}" text-anchor="middle">{_e(_short_gap(g.label))}'
                         "</text>")
        parts.append("</g>")
    for t in axis.ticks:
        cls = "tick" if t.major else "tick minor"
        if not t.major:
            parts.append(f'<line class="tick-line" x1="{_pc(t.x)}" y1="{LINE_Y}" x2="{_pc(t.x)}" y2="{LINE_Y + 5}"/>')
        parts.append(f'<text class="{cls}" x="{_pc(t.x)}" y="{LABEL_Y + ROW * t.row}" text-anchor="{t.anchor}">{_e(t.label)}</text>')
    for m in axis.marks:
        if m.x1 > m.x0:
            parts.append(f'<line class="extent" x1="{_pc(m.x0)}" y1="{LINE_Y}" x2="{_pc(m.x1)}" y2="{LINE_Y}"/>')
    for m in axis.marks:
        cls = "mark salient" if m.entry == salient else "mark"
        parts.append(f'<a class="{cls}" href="{_e(href.format(m.entry))}" data-entry="{m.entry}" data-testid="axis-mark" '
                     f'aria-label="{_e(m.label)}"><title>{_e(m.label)}</title>'
                     f'<circle cx="{_pc(m.x)}" cy="{LINE_Y}" r="{m.radius}"/></a>')
    parts.append("</svg>")
    return "".join(parts)


_GAP_UNITS = {"days": "d", "day": "d", "weeks": "wk", "months": "mo", "years": "yr"}


def _short_gap(label: str) -> str:
    """"23 years" -> "23 yr": the gap's length above a narrow break."""
    number, unit = label.split(" ", 1)
    return f"{number} {_GAP_UNITS.get(unit, unit)}"
