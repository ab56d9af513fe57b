"""Inline SVG charts of a figure series over time (no scripts, no external assets).

Every value is a point at the middle of the period it holds for; a value
for a period longer than a day (a month, a week) also gets a bar spanning
it. Qualified values ("about", "at least") are hollow points. Dates where
sources disagree get a dashed red line labelled "sources disagree" and red
points. The value axis has round ticks (steps of 1, 2 or 5 times a power of
ten) and the time axis labelled dates (days, Mondays, month or year starts).

A chart spans the content's width: its x positions are percentages and its
y positions pixels, so text and points keep their size on a phone; the
value labels sit in a narrow SVG of their own on the left. Styling comes
from the page's stylesheet through classes only (no style attributes), so
the page's Content-Security-Policy needs no 'unsafe-inline'.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections import defaultdict
from itertools import pairwise
from statistics import median

from ._common import Series, escape_html, figure_text, format_number

HEIGHT, TOP, BOTTOM = 200, 22, 26  # pixels: the plot is TOP to HEIGHT - BOTTOM
LABELS_WIDTH = 52  # pixels for the value labels left of the plot
#: Room at both ends of the time axis (a share of the width) so a point at the first or last day is not cut.
END_ROOM = 0.03
#: At most this many ticks on either axis: enough to read values off, few enough for a phone.
VALUE_TICKS, DATE_TICKS = 5, 5
#: Round steps for the value axis, times a power of ten.
NICE_STEPS = (1, 2, 5, 10)
_e = escape_html  # every piece of text goes through it


def chartable(series: Series) -> bool:
    """Whether a series has at least two dated values at two different dates (worth a chart)."""
    return len({f.date for f in series.figures if f.date}) >= 2


def nice_ticks(low: float, high: float, most: int = VALUE_TICKS) -> list[float]:
    """Round tick values covering [low, high]: a step of 1, 2 or 5 times a power of ten, at most ``most`` ticks."""
    if not (math.isfinite(low) and math.isfinite(high)):
        return [0.0]
    if high < low:
        low, high = high, low
    if high == low:
        high = low + 1.0
    raw = (high - low) / max(1, most - 1)
    power = 10.0 ** math.floor(math.log10(raw))
    for factor in NICE_STEPS:
        step = factor * power
        first, last = math.floor(low / step + 1e-9), math.ceil(high / step - 1e-9)
        if last - first + 1 <= most:
            break
    ticks = [round(i * step, 10) for i in range(first, last + 1)]
    return [0.0 if t == 0 else t for t in ticks]


def date_ticks(first: dt.date, last: dt.date, most: int = DATE_TICKS) -> list[tuple[dt.date, str]]:
    """Labelled days between ``first`` and ``last``: days, Mondays, month starts or new years, at most ``most``."""
    length = (last - first).days
    candidates: list[tuple[dt.date, str]]
    if length <= most:
        candidates = [(first + dt.timedelta(days=i), "day") for i in range(length + 1)]
    elif length <= 7 * most * 2:
        monday = first + dt.timedelta(days=(7 - first.weekday()) % 7)
        candidates = [(monday + dt.timedelta(days=7 * i), "day") for i in range((last - monday).days // 7 + 1)]
    elif length <= 366 * most:
        month = dt.date(first.year, first.month, 1)
        months = []
        while month <= last:
            if month >= first:
                months.append((month, "month"))
            month = dt.date(month.year + (month.month == 12), month.month % 12 + 1, 1)
        candidates = months
    else:
        candidates = [(dt.date(y, 1, 1), "year") for y in range(first.year + 1, last.year + 1)]
    step = max(1, math.ceil(len(candidates) / most))
    chosen = candidates[::step]
    out = []
    for i, (day, kind) in enumerate(chosen):
        new_year = i == 0 or chosen[i - 1][0].year != day.year  # the year is said once, and again when it changes
        if kind == "year":
            label = str(day.year)
        elif kind == "month":
            label = calendar.month_abbr[day.month] + (f" {day.year}" if new_year else "")
        else:
            label = f"{day.day} {calendar.month_abbr[day.month]}" + (f" {day.year}" if new_year else "")
        out.append((day, label))
    return out


def render_chart(series: Series, chart_id: str) -> str:
    """The chart of the series' dated values (two SVGs side by side); empty when none is dated."""
    dated = [(f, p, (p.first, p.last)) for f in series.figures if (p := f.date)]
    if not dated:
        return ""
    first = min(span[0] for _, _, span in dated)
    last = max(span[1] for _, _, span in dated)
    if first == last:
        first, last = first - dt.timedelta(days=1), last + dt.timedelta(days=1)
    values = [f.value for f, _, _ in dated]
    ticks = nice_ticks(min(0.0, min(values)), max(values))
    low, high = ticks[0], ticks[-1]
    days = (last - first).days + 1
    bottom = HEIGHT - BOTTOM

    def share(day: dt.date) -> float:  # the start of ``day``
        return END_ROOM + (1 - 2 * END_ROOM) * (day - first).days / days

    def mid(span: tuple[dt.date, dt.date]) -> float:
        return (share(span[0]) + share(span[1] + dt.timedelta(days=1))) / 2

    def y(value: float) -> float:
        return TOP + (bottom - TOP) * (1 - (value - low) / (high - low))

    def pc(s: float) -> str:
        return f"{s * 100:.2f}%"

    title = f"{series.measure} over time"
    labels = [f'<svg class="chart-values-axis" width="{LABELS_WIDTH}" height="{HEIGHT}" aria-hidden="true" '
              'xmlns="http://www.w3.org/2000/svg">']
    plot = [f'<svg class="chart" id="{_e(chart_id)}" width="100%" height="{HEIGHT}" role="img" '
            f'aria-labelledby="{_e(chart_id)}-title" xmlns="http://www.w3.org/2000/svg">',
            f'<title id="{_e(chart_id)}-title">{_e(title)}</title>']
    for value in ticks:
        labels.append(f'<text x="{LABELS_WIDTH - 6}" y="{y(value) + 3.5:.1f}" text-anchor="end">{_e(_short(value))}</text>')
        cls = "axis" if value == low else "grid"
        plot.append(f'<line class="{cls}" x1="0" y1="{y(value):.1f}" x2="100%" y2="{y(value):.1f}"/>')
    labels.append("</svg>")
    plot.append(f'<line class="axis" x1="0" y1="{TOP}" x2="0" y2="{bottom}"/>')
    for day, label in date_ticks(first, last):
        x = pc(mid((day, day)))
        plot.append(f'<line class="axis" x1="{x}" y1="{bottom}" x2="{x}" y2="{bottom + 4}"/>')
        plot.append(f'<text x="{x}" y="{HEIGHT - 8}" text-anchor="middle">{_e(label)}</text>')
    for date in series.disputed_dates:
        if date:
            at = mid((date.first, date.last))
            plot.append(f'<line class="dispute" x1="{pc(at)}" y1="{TOP - 4}" x2="{pc(at)}" y2="{bottom}"/>')
            anchor = "end" if at > 0.6 else "start"
            plot.append(f'<text class="dispute-label" x="{pc(at)}" y="{TOP - 8}" text-anchor="{anchor}">'
                        f'sources disagree ({_e(date.timex)})</text>')
    by_x: dict[float, list[float]] = defaultdict(list)
    for f, _, span in dated:
        by_x[round(mid(span), 5)].append(f.value)
    trend = sorted((x, median(vs)) for x, vs in by_x.items())
    for (x0, v0), (x1, v1) in pairwise(trend):
        plot.append(f'<line class="trend" x1="{pc(x0)}" y1="{y(v0):.1f}" x2="{pc(x1)}" y2="{y(v1):.1f}"/>')
    for f, period, span in dated:
        cy = y(f.value)
        if span[0] != span[1]:
            plot.append(f'<line class="period" x1="{pc(share(span[0]))}" y1="{cy:.1f}" '
                        f'x2="{pc(share(span[1] + dt.timedelta(days=1)))}" y2="{cy:.1f}"/>')
        classes = "pt" + (" approx" if f.qualifier else "") + (" disputed" if series.is_disputed(f) else "")
        label = f"{period.timex}: {figure_text(f.value, f.unit, f.qualifier)}"
        label += f" ({len(f.sources)} source{'s' if len(f.sources) != 1 else ''})"
        if series.is_disputed(f):
            label += ", sources disagree"
        plot.append(f'<circle class="{classes}" cx="{pc(mid(span))}" cy="{cy:.1f}" r="4.5"><title>{_e(label)}</title>'
                    "</circle>")
    plot.append("</svg>")
    return f'<div class="chart-wrap">{"".join(labels)}{"".join(plot)}</div>'


def _short(value: float) -> str:
    """Axis label: 1.2M, 38k, 12, 0.5."""
    size = abs(value)
    for scale, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if size >= scale:
            return f"{value / scale:.3g}{suffix}"
    return format_number(round(value, 6))
