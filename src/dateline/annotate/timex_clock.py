"""Clock times and parts of the day, as the temporal tagger reads them.

"10 p.m.", "noon", "08:30" and "mid-afternoon" name a time of some day. ``timex``
hands those candidates (:data:`TIME_PIECES`) to :func:`clock`, which puts them on
the anchor's day for now, and once the whole text is resolved
:func:`join_times` joins each to the day written beside it ("10 p.m.
Wednesday", "Wednesday at 10 p.m.": one TIME, 1998-03-04T22:00) or, for a lone
clock time, to the day the text last named when that day is recent. A day
mention that ends with a part of the day ("Wednesday night") is a TIME of that
day too: :func:`part_of_day` gives its code.
"""

from __future__ import annotations

import datetime as dt
import re

from ..model import Granularity, MentionHow, Period, TimeMention, TimexType
from .timex_candidate import Candidate, Made, Unanchored
from .timex_patterns import PARTS_OF_DAY

__all__ = ["TIME_PIECES", "clock", "join_times", "part_of_day"]

G = Granularity

#: Clock times and parts of the day: they join the day beside them ("10 p.m. Wednesday") into one TIME.
TIME_PIECES = {"clock", "daypart"}
#: A lone clock time belongs to the day last named when that day is this close to the anchor.
_RECENT_DAYS = 7
#: Between a clock time or part of the day and the day it belongs to: "10 p.m. Wednesday",
#: "5 p.m. EST, Nov. 9", "Wednesday at 10 p.m.", "mid-afternoon yesterday".
_TIME_GAP = re.compile(r"\s*,?\s*(?:(?:on|at|about|around|shortly before|shortly after|of)\s+)*", re.I)


def part_of_day(c: Candidate, surface: str) -> str | None:
    """TimeML's code for the part of the day a day mention ends with ("Wednesday night": NI), if any."""
    if c.kind not in ("deictic", "weekday", "same", "shift"):
        return None
    last = surface.lower().rsplit(None, 1)[-1]
    return PARTS_OF_DAY.get(last)


def clock(c: Candidate, anchor: dt.date | None, made: Made, unanchored: Unanchored) -> TimeMention:
    """A clock time or part of the day, on the anchor's day for now: :func:`join_times` puts it on the day
    written beside it, or on the day its sentence names, when there is one."""
    if anchor is None:
        return unanchored("time of day")
    mention = made(Period.day(anchor), MentionHow.FROM_ANCHOR, "time of day, on the anchor's day", anchor)
    return TimeMention(mention.start, mention.end, mention.text, mention.period, anchor, mention.how,
                       mention.detail, None, TimexType.TIME, f"{anchor.isoformat()}T{_time_value(c)}")


def _time_value(c: Candidate) -> str:
    """The time part of a TIMEX3 value: "22:00" for "10 p.m.", "24:00" for midnight, "AF" for "mid-afternoon"."""
    g = c.groups
    if c.kind == "daypart":
        return PARTS_OF_DAY[g["part"].lower()]
    named = (g.get("named") or "").lower()
    if named:
        return "24:00" if named == "midnight" else "12:00"
    if g.get("hh"):
        return f"{int(g['hh']):02d}:{g['mm']}"
    hour, minute = int(g["h"]) % 12, g.get("min") or "00"
    if g["ampm"].lower().startswith("p"):
        hour += 12
    return f"{hour:02d}:{minute}"


def join_times(text: str, found: list[tuple[Candidate, TimeMention | None]]) -> list[TimeMention]:
    """Join each clock time or part of the day to the day mention written beside it: "10 p.m. Wednesday" is
    one TIME, 1998-03-04T22:00. A part of the day with no day beside it is dropped ("in the afternoon")."""
    out: list[TimeMention] = []
    pieces = [(c, m) for c, m in found if m is not None]
    used: set[int] = set()
    for i, (c, m) in enumerate(pieces):
        if i in used:
            continue
        if c.kind not in TIME_PIECES:
            out.append(m)
            continue
        day = None
        for j in (i + 1, i - 1):
            if 0 <= j < len(pieces) and j not in used and pieces[j][0].kind not in TIME_PIECES:
                other = pieces[j][1]
                left, right = (m, other) if j > i else (other, m)
                gap = text[left.end : right.start]
                if other.period is not None and other.period.granularity is G.DAY and _TIME_GAP.fullmatch(gap):
                    day = j
                    break
        if day is None:
            if c.kind == "clock" and (c.groups.get("named") or "").lower() != "midnight":
                out.append(_on_sentence_day(text, m, c, out))
            # A part of the day alone ("in the afternoon") names no day; nor does a lone "midnight", which
            # may end the day or begin it ("celebrations began at midnight" in a New Year's Day report).
            continue
        other = pieces[day][1]
        assert other.period is not None
        start, end = min(m.start, other.start), max(m.end, other.end)
        joined = TimeMention(start, end, text[start:end], other.period, other.anchor, other.how,
                             f"{other.detail}; at a time of that day", other.reason, TimexType.TIME,
                             f"{other.period.timex}T{_time_value(c)}")
        if day < i:
            out[-1] = joined
        else:
            out.append(joined)
        used.add(day)
    return out


def _on_sentence_day(text: str, m: TimeMention, c: Candidate, before: list[TimeMention]) -> TimeMention:
    """A lone clock time on the day the text last named ("injured on Thursday ... shortly after 10 a.m."),
    as TimeML reads it, when that day is within _RECENT_DAYS of the anchor: a day far from it is background
    ("four years after the referendum on 29 February 2000. Turnout by noon was 31 percent" is today's noon),
    and the clock time stays on the anchor's day (as :func:`clock` resolved it)."""
    for other in reversed(before):
        if other.period is not None and other.period.granularity is G.DAY:
            if m.anchor is not None and abs((other.period.first - m.anchor).days) > _RECENT_DAYS:
                break
            return TimeMention(m.start, m.end, m.text, other.period, other.period.first,
                               MentionHow.FROM_LAST_MENTIONED, "time of day, on the day last mentioned", None,
                               TimexType.TIME, f"{other.period.timex}T{_time_value(c)}")
    return m
