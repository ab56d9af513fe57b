"""Small inline SVG charts of a figure series over time (no scripts, no external assets).

Every value is a point at the middle of the period it holds for; a value
for a period longer than a day (a month, a week) also gets a bar spanning
it. Qualified values ("about", "at least") are hollow points. Dates where
sources disagree get a dashed red line and red points. Styling comes from
the page's stylesheet through classes only (no style attributes), so the
page's Content-Security-Policy needs no 'unsafe-inline'.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from statistics import median

from ._common import Series, escape_html, figure_text, format_number

WIDTH, HEIGHT = 360, 170
LEFT, RIGHT, TOP, BOTTOM = 52, 14, 12, 30
#: Room above the highest value, as a share of the value range, so its point is not cut by the frame.
HEADROOM = 0.08
_e = escape_html  # every piece of text goes through it


def chartable(series: Series) -> bool:
    """Whether a series has at least two dated values at two different dates (worth a chart)."""
    return len({f.date for f in series.figures if f.date}) >= 2


def render_chart(series: Series, chart_id: str) -> str:
    """An ``<svg>`` of the series' dated values; empty when none is dated."""
    dated = [(f, p, (p.first, p.last)) for f in series.figures if (p := f.date)]
    if not dated:
        return ""
    first = min(span[0] for _, _, span in dated)
    last = max(span[1] for _, _, span in dated)
    if first == last:
        first, last = first - dt.timedelta(days=1), last + dt.timedelta(days=1)
    values = [f.value for f, _, _ in dated]
    low = min(0.0, min(values))
    high = max(values)
    if high <= low:
        high = low + 1.0
    high += (high - low) * HEADROOM
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    days = (last - first).days

    def x(day: dt.date) -> float:
        return LEFT + plot_w * (day - first).days / days

    def mid(span: tuple[dt.date, dt.date]) -> float:
        return (x(span[0]) + x(span[1])) / 2

    def y(value: float) -> float:
        return TOP + plot_h * (1 - (value - low) / (high - low))

    title = f"{series.measure} over time"
    opening = (f'<svg class="chart" id="{_e(chart_id)}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
               f'aria-labelledby="{_e(chart_id)}-title" xmlns="http://www.w3.org/2000/svg">')
    parts = [
        opening,
        f'<title id="{_e(chart_id)}-title">{_e(title)}</title>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{LEFT + plot_w}" y2="{TOP + plot_h}"/>',
        f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}"/>',
    ]
    for value in (low, (low + high) / 2, high):
        parts.append(f'<text x="{LEFT - 4}" y="{y(value) + 3:.1f}" text-anchor="end">{_e(_short(value))}</text>')
    parts.append(f'<text x="{LEFT}" y="{HEIGHT - 8}" text-anchor="start">{_e(first.isoformat())}</text>')
    parts.append(f'<text x="{LEFT + plot_w}" y="{HEIGHT - 8}" text-anchor="end">{_e(last.isoformat())}</text>')
    for date in series.disputed_dates:
        if date:
            cx = mid((date.first, date.last))
            parts.append(f'<line class="dispute" x1="{cx:.1f}" y1="{TOP}" x2="{cx:.1f}" y2="{TOP + plot_h}"/>')
            parts.append(f'<text class="dispute-label" x="{cx + 3:.1f}" y="{TOP + 9}">&#8800;</text>')
    by_x: dict[float, list[float]] = defaultdict(list)
    for f, _, span in dated:
        by_x[round(mid(span), 1)].append(f.value)
    if len(by_x) >= 2:
        trend = " ".join(f"{cx:.1f},{y(median(vs)):.1f}" for cx, vs in sorted(by_x.items()))
        parts.append(f'<polyline class="trend" points="{trend}"/>')
    for f, period, span in dated:
        cy = y(f.value)
        if span[0] != span[1]:
            parts.append(f'<line class="period" x1="{x(span[0]):.1f}" y1="{cy:.1f}" x2="{x(span[1]):.1f}" y2="{cy:.1f}"/>')
        classes = "pt" + (" approx" if f.qualifier else "") + (" disputed" if series.is_disputed(f) else "")
        label = f"{period.timex}: {figure_text(f.value, f.unit, f.qualifier)}"
        label += f" ({len(f.sources)} source{'s' if len(f.sources) != 1 else ''})"
        if series.is_disputed(f):
            label += ", sources disagree"
        parts.append(f'<circle class="{classes}" cx="{mid(span):.1f}" cy="{cy:.1f}" r="4"><title>{_e(label)}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


def _short(value: float) -> str:
    """Axis label: 1.2M, 38k, 12."""
    size = abs(value)
    for scale, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if size >= scale:
            return f"{value / scale:.3g}{suffix}"
    return format_number(round(value, 2))
