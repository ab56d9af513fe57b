"""Temporal tagging: find date expressions in English news text and resolve them.

News rarely gives full dates. Reports say "on Wednesday", "last month",
"earlier this week", "two days later" or "Jan. 23", and mean a day relative to
when they were written. :func:`tag` finds each such mention, with its span,
and resolves it against an anchor (the report's publication date) to a
TIMEX3-style value at the granularity the text supports: "in March" is a
month, never March 1.

How it works: compiled patterns propose candidate expressions; overlapping
candidates are settled longest-first; then mentions are resolved left to
right. A weekday or a month without a year resolves by the tense of its
clause: past narration ("met on Monday", "vowed in January") points back from
the anchor, future ("will meet on Monday", "is due to open in May") forward.
Expressions relative to the story ("a day earlier", "two days later") use the
last day the text mentioned. Durations ("for three days"), sets ("every
week", "on Fridays") and vague references ("recently") are found and typed by
``timex_kinds.py`` (TimeML's DURATION, SET and PAST_REF...) and never place
anything (``TimeMention.places``). Without an anchor, relative mentions keep ``value=None`` and a
reason: nothing is guessed.

This module holds the public API (:func:`tag`, :func:`tag_between`,
:data:`VERSION`), the longest-first selection of candidates and the
resolution dispatch, with the rules for days, months, seasons, years and
shifts. Its siblings hold the rest:

- ``timex_patterns.py``: the vocabulary, the patterns and the context cues;
- ``timex_candidate.py``: the candidate type, the tense of its clause, and the
  helpers the resolution modules share;
- ``timex_periods.py``: the periods of results reports (quarters, halves,
  fiscal and full years, the quarter a report is about and the year-ago one);
- ``timex_clock.py``: clock times and parts of the day, and how they join the
  day written beside them;
- ``timex_kinds.py``: durations, sets and vague references.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from collections.abc import Iterator

from ..model import SEASON_START, Granularity, MentionHow, Period, TimeMention, TimexType
from . import timex_kinds
from .timex_candidate import (
    Candidate,
    Groups,
    Made,
    Unanchored,
    clause_tense,
    decade_period,
    parse_number,
    year_period,
)
from .timex_clock import TIME_PIECES, clock, join_times, part_of_day
from .timex_patterns import (
    AFTER_MONTH_MAY,
    DAY_PREPOSITION,
    DAY_PREPOSITION_REACH,
    DEICTIC_OFFSET,
    DIGITS,
    ENDS_WITH_PART,
    FORWARD_PREPOSITION,
    GENERIC_DEICTIC,
    HABIT_BEFORE,
    HABIT_REACH,
    HALF_YEAR,
    HEDGE,
    HEDGE_REACH,
    HOLIDAYS,
    INDEFINITE_BEFORE,
    INDEFINITE_REACH,
    LEAP_YEAR,
    MONTH_NAMES,
    NAME_AFTER,
    NAME_BEFORE_TODAY,
    NO_ANCHOR,
    NOT_A_DAY_BEFORE,
    NOT_A_DAY_REACH,
    PATTERNS,
    RECURRING_BEFORE,
    RECURRING_REACH,
    SEASONS,
    SPELLED,
    TODAY,
    TODAY_WINDOW,
    WEEKDAY_NAMES,
)
from .timex_periods import PERIOD_KINDS, quarter, report_period, reported_quarter, year_ago_of_report, year_ago_quarter

__all__ = ["tag", "tag_between", "tense_at"]

#: Bumped whenever a change can alter results, so stores re-date their sentences.
VERSION = "4"

G = Granularity
_DAY = dt.timedelta(days=1)


# --- public API -----------------------------------------------------------------------


def tag(text: str, anchor: dt.date | None = None) -> list[TimeMention]:
    """Find and resolve the date mentions of ``text`` against ``anchor`` (the publication date).

    Returns mentions in text order; offsets index ``text``. Deterministic.
    """
    found: list[tuple[Candidate, TimeMention | None]] = []
    last_day: dt.date | None = None  # for "two days later"
    last_start: dt.date | None = None  # for "a year later", "the following month"
    last_quarter: Period | None = None  # the quarter a results report is about, for "a year earlier"
    for cand in _select(_candidates(text)):
        mention = _resolve(cand, text, anchor, last_day, last_start, last_quarter)
        found.append((cand, mention))
        if mention is None or mention.period is None or cand.kind in TIME_PIECES:
            continue
        last_start = mention.period.first
        if mention.period.granularity is G.DAY:
            last_day = last_start
        elif reported_quarter(mention, anchor) and (last_quarter is None or mention.period.first > last_quarter.first):
            last_quarter = mention.period
    return join_times(text, found)


def tag_between(text: str, earliest: dt.date, latest: dt.date) -> list[TimeMention]:
    """Tag ``text`` whose publication date is only known to lie between two days.

    A mention keeps its value when every anchor in the range gives the same
    one; otherwise its value is None and the reason says it depends on the
    exact publication date.
    """
    days = (latest - earliest).days
    runs = [tag(text, earliest + k * _DAY) for k in range(days + 1)]
    out = []
    for i, mention in enumerate(runs[0]):
        periods = {run[i].period for run in runs if i < len(run) and run[i].start == mention.start}
        if len(periods) == 1 and all(i < len(run) for run in runs):
            out.append(dataclasses.replace(mention, anchor=None, detail=(
                f"{mention.detail}; the same for any publication date between "
                f"{earliest.isoformat()} and {latest.isoformat()}")))
        else:
            out.append(dataclasses.replace(
                mention, period=None, anchor=None, how=MentionHow.UNRESOLVED, timex=None,
                reason=f"depends on the exact publication date, known only to lie "
                       f"between {earliest.isoformat()} and {latest.isoformat()}"))
    return out


def tense_at(text: str, start: int, end: int) -> str | None:
    """"past", "future" or None: the tense of the clause a mention found in ``text`` (at ``start:end``) stands in,
    read as the tagger reads it to choose which Monday or which March is meant."""
    return clause_tense(text, Candidate("", start, end, Groups()))


# --- candidates -----------------------------------------------------------------------


def _candidates(text: str) -> Iterator[Candidate]:
    # timex_kinds hook: durations, sets and vague references come first, so that they win ties of length.
    found = itertools.chain(timex_kinds.matches(text),
                            ((kind, match) for kind, pattern in PATTERNS for match in pattern.finditer(text)))
    for kind, match in found:
        start, end = match.span("m")
        if start == end:
            continue
        yield Candidate(kind, start, end, Groups(match.groupdict()))


def _select(cands: Iterator[Candidate]) -> list[Candidate]:
    """Longest first; a candidate overlapping one already kept is dropped."""
    kept: list[Candidate] = []
    for cand in sorted(cands, key=lambda c: (-(c.end - c.start), c.start)):
        if all(cand.end <= k.start or cand.start >= k.end for k in kept):
            kept.append(cand)
    return sorted(kept, key=lambda c: c.start)


# --- resolution -----------------------------------------------------------------------


def _resolve(c: Candidate, text: str, anchor: dt.date | None, last_day: dt.date | None,
             last_start: dt.date | None = None, last_quarter: Period | None = None) -> TimeMention | None:
    g = c.groups
    surface = text[c.start : c.end]
    part = part_of_day(c, surface)

    def made(period: Period | None, how: MentionHow, detail: str, used: dt.date | None = None,
             reason: str | None = None, timex: str | None = None) -> TimeMention:
        if part and period is not None and period.granularity is G.DAY:  # "Wednesday night": a TIME of that day
            return TimeMention(c.start, c.end, surface, period, used, how, f"{detail}; part of the day",
                               reason, TimexType.TIME, f"{period.timex}T{part}")
        return TimeMention(c.start, c.end, surface, period, used, how, detail, reason, TimexType.DATE, timex)

    def unanchored(what: str) -> TimeMention:
        return made(None, MentionHow.UNRESOLVED, what, None, NO_ANCHOR)

    kind = c.kind
    if kind in timex_kinds.KINDS:  # timex_kinds hook: durations, sets and vague references are typed there
        return timex_kinds.resolve(kind, g, c.start, c.end, text)
    if last_quarter and year_ago_of_report(c, text, surface):
        return year_ago_quarter(last_quarter, anchor, made)
    if kind in PERIOD_KINDS:
        return report_period(c, text, anchor, last_start, last_quarter, made, unanchored)
    if kind in TIME_PIECES:
        return clock(c, anchor, made, unanchored)
    if _generic_deictic(c, text, surface):
        return None  # "in today's world", "VOA Today", ABC's "This Week": not the day or week of the report
    if kind in ("weekday", "holiday", "md", "dm") and (
        HABIT_BEFORE.search(text, max(0, c.start - HABIT_REACH), c.start)
        or INDEFINITE_BEFORE.search(text, max(0, c.start - INDEFINITE_REACH), c.start)
    ):
        return None  # "usually held on New Year's Day", "falls on a Saturday": a habit or any such day
    if kind in ("iso", "mdy", "dmy"):
        month = int(g["mo"]) if kind == "iso" else _month(g["mon"])
        day = _day(g["d"])
        date = _date(int(g["y"]), month, day)
        if date is None:
            return None  # "February 30, 2017" is not a date
        if g.get("wd") and _weekday(g["wd"]) != date.weekday():
            return made(None, MentionHow.UNRESOLVED, "absolute", None,
                        f"its weekday ({g['wd']}) contradicts the date (a {date.strftime('%A')}): not resolved")
        return made(Period.day(date), MentionHow.ABSOLUTE, "absolute")
    if kind in ("md", "dm"):
        if RECURRING_BEFORE.search(text, max(0, c.start - RECURRING_REACH), c.start):
            return None  # "born on February 29", "every March 3": any year's day, not a date
        month, day = _month(g["mon"]), _day(g["d"])
        if _date(LEAP_YEAR, month, day) is None:  # "February 30"; February 29 may be
            return None
        if anchor is None:
            return unanchored("month-day")
        tense = clause_tense(text, c)
        date = _year_for_day(month, day, anchor, g.get("wd"), tense)
        if date is None:
            return None
        if date != _year_for_day(month, day, anchor, g.get("wd")):  # the tense, not the nearness, chose
            return made(Period.day(date), MentionHow.ANCHOR_YEAR,
                        f"month-day, the year its {tense} tense gives from the anchor", anchor)
        return made(Period.day(date), MentionHow.NEAREST_YEAR, "month-day, the year that puts it nearest the anchor",
                    anchor)
    if kind == "holiday":
        if anchor is None:
            return unanchored("holiday")
        month, day = HOLIDAYS[g["h"].lower().replace("’", "'")]
        date = _year_for_day(month, day, anchor, None)
        if date is None:  # every holiday of the table is a day of every year; kept for the type
            return None
        return made(Period.day(date), MentionHow.NEAREST_YEAR,
                    "fixed-date holiday, the year that puts it nearest the anchor", anchor)
    if kind == "my":
        year = int(g["y"]) if g.get("y") else _spelled_year(g["sy"])
        return made(_month_period(year, _month(g["mon"])), MentionHow.ABSOLUTE, "absolute")
    if kind == "spelled_year":
        return made(year_period(_spelled_year(g["sy"])), MentionHow.ABSOLUTE, "absolute, a year spelled out")
    if kind == "month_rel":
        if anchor is None:
            return unanchored("month")
        year = anchor.year + {"this": 0, "last": -1, "next": 1}[g["rel"].lower()]
        return made(_month_period(year, _month(g["mon"])), MentionHow.FROM_ANCHOR,
                    f"month of {g['rel'].lower()} year, from the anchor", anchor)
    if kind == "month":
        if g["mon"] == "May" and not g.get("mod") and not AFTER_MONTH_MAY.match(text[c.end :]):
            return None  # "in May said" - a name, not the month
        if anchor is None:
            return unanchored("month")
        month = _month(g["mon"])
        mod = (g.get("mod") or "").lower()
        if mod in ("last", "this past"):
            year = anchor.year if month < anchor.month else anchor.year - 1
        elif mod in ("next", "this coming"):
            year = anchor.year if month > anchor.month else anchor.year + 1
        elif mod == "this":
            year = anchor.year
        else:
            tense = clause_tense(text, c)
            if tense is None and FORWARD_PREPOSITION.search(text, max(0, c.start - _FORWARD_REACH), c.start):
                tense = "future"  # "to pay down the loan by February": a deadline ahead
            year = _year_for_month(month, anchor, tense)
        return made(_month_period(year, month), MentionHow.ANCHOR_YEAR, "month, year from the anchor", anchor)
    if kind == "season":
        return _season(c, text, anchor, made, unanchored)
    if kind == "quarter":
        return quarter(c, text, anchor, made, unanchored)
    if kind == "decade":
        if g.get("spelled"):  # "the nineties": the latest such decade up to the anchor
            if anchor is None:
                return unanchored("decade")
            tens = SPELLED[g["spelled"].lower()[:-3] + "y"] // 10
            decade = anchor.year // 100 * 10 + tens
            decade -= 10 if decade * 10 > anchor.year else 0
            return made(decade_period(decade), MentionHow.ANCHOR_YEAR, "decade, century from the anchor", anchor)
        if g.get("short"):
            if anchor is None:
                return unanchored("decade")
            century = (anchor.year // 100) if int(g["short"]) * 10 <= anchor.year % 100 else anchor.year // 100 - 1
            return made(decade_period(century * 10 + int(g["short"])), MentionHow.ANCHOR_YEAR,
                        "decade, century from the anchor", anchor)
        return made(decade_period(int(g["c"] + g["dd"])), MentionHow.ABSOLUTE, "absolute")
    if kind == "year":
        return made(year_period(int(g["y"])), MentionHow.ABSOLUTE, "absolute")
    if kind == "period_edge":
        if anchor is None:
            return unanchored("period")
        shift = {"the": 0, "this": 0, "next": 1, "last": -1}[g["mod"].lower()]
        return _shifted(anchor, g["unit"].lower(), shift, made, MentionHow.FROM_ANCHOR,
                        f"the {g['unit'].lower()} it names, from the anchor", anchor)
    if kind in ("relyear", "relmonth", "relweek"):
        ahead = kind == "relweek" and not g.get("mod") and clause_tense(text, c) == "future"
        return _relative_period(c, anchor, last_day, made, unanchored, ahead)
    if kind == "ago":
        if anchor is None:
            return unanchored("ago")
        n = parse_number(g["n"])
        if n is None:
            return None
        return _shifted(anchor, g["unit"].lower(), -n, made, MentionHow.FROM_ANCHOR, "ago, from the anchor", anchor)
    if kind in ("shift", "ago") and HEDGE.search(text, max(0, c.start - HEDGE_REACH), c.start):
        return None  # "more than three months earlier" bounds an interval; it names no date
    if kind == "shift":
        coarse = (c.groups.get("unit") or c.groups.get("dir") or "").lower() in ("month", "year")
        return _shift(c, anchor, last_start if coarse and last_start else last_day, made, unanchored)
    if kind == "same":
        base = last_day or anchor
        if base is None:
            return unanchored("same day")
        if last_day:
            return made(Period.day(base), MentionHow.FROM_LAST_MENTIONED, "the day last mentioned", base)
        return made(Period.day(base), MentionHow.FROM_ANCHOR, "the anchor day", base)
    if kind == "deictic":
        if anchor is None:
            return unanchored("deictic")
        word = g["w"].lower()
        offset = DEICTIC_OFFSET.get(word, 0)
        return made(Period.day(anchor + offset * _DAY), MentionHow.FROM_ANCHOR, f"{word}, from the anchor", anchor)
    if kind == "weekday":
        if NOT_A_DAY_BEFORE.search(text, max(0, c.start - NOT_A_DAY_REACH), c.start):
            return None  # "every Monday", "Good Friday": a set or a named day
        if NAME_AFTER.match(text[c.end : c.end + 3]) and not DAY_PREPOSITION.search(
                text, max(0, c.start - DAY_PREPOSITION_REACH), c.start):
            return None  # "the Sunday Courier": a name
        if anchor is None:
            return unanchored("weekday")
        how, detail = _weekday_how(c, text)
        return made(Period.day(_weekday_date(c, text, anchor, last_day)), how, detail, anchor)
    return None


def _weekday_date(c: Candidate, text: str, anchor: dt.date, last_day: dt.date | None = None) -> dt.date:
    g = c.groups
    target = _weekday(g["wd"])
    mod = (g.get("mod") or "").lower()
    back = (anchor.weekday() - target) % 7  # days back to the most recent such day (0 = the anchor)
    ahead = (target - anchor.weekday()) % 7 or 7  # days ahead to the next one, strictly after
    if mod in ("the previous", "the following", "the next", "that"):  # counted from the day last mentioned
        base = last_day or anchor
        back = (base.weekday() - target) % 7
        if mod == "that":
            return base - back * _DAY if back <= 3 else base + (7 - back) * _DAY
        if mod == "the previous":
            return base - (back or 7) * _DAY
        return base + ((target - base.weekday()) % 7 or 7) * _DAY
    if mod in ("last", "past", "this past"):
        return anchor - (back or 7) * _DAY
    if mod in ("next", "coming", "this coming"):
        return anchor + ahead * _DAY
    if mod == "this":
        monday = anchor - anchor.weekday() * _DAY
        return monday + target * _DAY
    if clause_tense(text, c) == "future":
        # "due to start talks on Thursday afternoon", written on a Thursday: later that day.
        same_day = _says_today(text, c) or ENDS_WITH_PART.search(text[c.start : c.end]) is not None
        return anchor + (0 if back == 0 and same_day else ahead) * _DAY
    return anchor - back * _DAY


def _says_today(text: str, c: Candidate) -> bool:
    return bool(TODAY.search(text[max(0, c.start - TODAY_WINDOW) : c.end + TODAY_WINDOW]))


def _weekday_how(c: Candidate, text: str) -> tuple[MentionHow, str]:
    mod = (c.groups.get("mod") or "").lower()
    if mod in ("the previous", "the following", "the next", "that"):
        return MentionHow.FROM_LAST_MENTIONED, f"weekday '{mod}', from the day last mentioned"
    if mod:
        return MentionHow.FROM_ANCHOR, f"weekday '{mod}', from the anchor"
    tense = clause_tense(text, c) or "past"
    return (MentionHow.WEEKDAY_FUTURE if tense == "future" else MentionHow.WEEKDAY_PAST), f"weekday, {tense} from the anchor"


def _year_for_day(month: int, day: int, anchor: dt.date, weekday: str | None,
                  tense: str | None = None) -> dt.date | None:
    """The year of a month-day: the one its weekday fits; within _NEAR_DAYS of the anchor, the nearest one
    ("holders of record Nov. 20" in a November report, whatever the verb); else the one the clause's tense
    points to, else the nearest.

    A past clause ("the Oct. 23 slaying, which shocked ...", in a May report) names the latest such day up to
    the anchor; a future one ("will take effect June 1", in an October report) the next one from it.
    """
    options = [d for d in (_date(anchor.year + k, month, day) for k in (-1, 0, 1)) if d]
    if weekday:  # "Thursday, Jan. 22": the weekday picks the year when it can
        fitting = [d for d in options if d.weekday() == _weekday(weekday)]
        if fitting:
            options = fitting
    if not options:
        return None
    nearest = min(options, key=lambda d: (abs((d - anchor).days), d > anchor))
    if weekday or abs((nearest - anchor).days) <= _NEAR_DAYS:
        return nearest
    if tense == "past" and any(d <= anchor for d in options):
        return max(d for d in options if d <= anchor)
    if tense == "future" and any(d >= anchor for d in options):
        return min(d for d in options if d >= anchor)
    return nearest


def _year_for_month(month: int, anchor: dt.date, tense: str | None) -> int:
    if month == anchor.month:
        return anchor.year
    if tense == "future":
        return anchor.year if month > anchor.month else anchor.year + 1
    if tense == "past":
        return anchor.year if month < anchor.month else anchor.year - 1
    # No tense: the nearer of the two.
    forward = (month - anchor.month) % 12
    return (anchor.year if month > anchor.month else anchor.year + 1) if forward < HALF_YEAR else (
        anchor.year if month < anchor.month else anchor.year - 1)


def _season(c: Candidate, text: str, anchor: dt.date | None, made: Made,
            unanchored: Unanchored) -> TimeMention | None:
    g = c.groups
    code = SEASONS[g["s"].lower()]
    if g.get("y") or g.get("sy"):
        year = int(g["y"]) if g.get("y") else _spelled_year(g["sy"])
        return made(_season_period(year, code), MentionHow.ABSOLUTE, "absolute")
    if anchor is None:
        return unanchored("season")
    current = Period.of(anchor, G.SEASON)
    start = SEASON_START[code]  # the first month of the season named
    mod = (g.get("mod") or "").lower()
    mod = "" if mod in ("early", "late") else mod  # "the early summer": which summer is the tense's to say

    def nearest(step: int, include_current: bool) -> int:
        """The year of the nearest such season going back (step -1) or forward (+1) from the anchor's."""
        season = current
        if include_current and season.first.month == start:
            return season.first.year
        for _ in SEASON_START:  # each season comes round once in a year of them
            day = season.last + _DAY if step > 0 else season.first - _DAY
            season = Period.of(day, G.SEASON)
            if season.first.month == start:
                return season.first.year
        raise AssertionError(f"no season starts in month {start}")

    if mod in ("last", "this past"):
        year = nearest(-1, False)
    elif mod in ("next", "this coming"):
        year = nearest(1, False)
    elif mod == "this":  # the season of the anchor's year (TimeML), winter the one starting in its December
        year = current.first.year if current.first.month == start else anchor.year
    else:
        tense = clause_tense(text, c)
        year = nearest(1, True) if tense == "future" else nearest(-1, True)
    return made(_season_period(year, code), MentionHow.ANCHOR_YEAR, "season, from the anchor", anchor)


def _relative_period(c: Candidate, anchor: dt.date | None, last_day: dt.date | None, made: Made,
                     unanchored: Unanchored, ahead: bool = False) -> TimeMention | None:
    """"last month", "this week", "next year", "the following week", "the weekend" (``ahead``: in a future
    clause, "until the weekend" is the coming one)."""
    g = c.groups
    mod = (g.get("mod") or "").lower()
    unit = {"relyear": "year", "relmonth": "month"}.get(c.kind) or g["unit"].lower()
    story = mod in ("the previous", "the following", "the next", "the same")
    base = (last_day or anchor) if story else anchor
    if base is None:
        return unanchored(unit)
    if mod in ("last", "the previous", "late last", "early last", "earlier last", "this past") and not (
        unit == "weekend" and mod == "this past"):
        shift = -1
    elif mod in ("next", "the following", "the next", "this coming"):
        shift = 1
    else:
        shift = 0
    how = MentionHow.FROM_LAST_MENTIONED if story and last_day else MentionHow.FROM_ANCHOR
    detail = f"{mod + ' ' if mod else ''}{unit}, from {'the day last mentioned' if story and last_day else 'the anchor'}"
    if unit == "weekend":
        saturday = base - ((base.weekday() - 5) % 7) * _DAY  # the weekend on or before the base
        if (mod in ("this", "this coming") or ahead) and base.weekday() < 5:
            saturday += 7 * _DAY  # said on a weekday, "this weekend" is the coming one
        elif shift == 1:
            saturday += 7 * _DAY
        elif shift == -1 and base.weekday() >= 5:
            saturday -= 7 * _DAY
        week = Period.of(saturday, G.WEEK)
        return made(week, how, detail, base, timex=f"{week.timex}-WE")  # TimeML's weekend: 1998-W05-WE
    return _shifted(base, unit, shift, made, how, detail, base)


def _shift(c: Candidate, anchor: dt.date | None, last_day: dt.date | None, made: Made,
           unanchored: Unanchored) -> TimeMention | None:
    g = c.groups
    base = last_day or anchor
    if base is None:
        return unanchored("shift")
    how = MentionHow.FROM_LAST_MENTIONED if last_day else MentionHow.FROM_ANCHOR
    source = "from the date last mentioned" if last_day else "from the anchor"
    if g.get("rel"):  # "the day before", "the following day", "the next morning"
        unit = g["dir"].lower()
        direction = -1 if g["rel"].lower() in ("before", "previous", "preceding") else 1
        if unit in ("morning", "evening", "night"):
            unit = "day"
        return _shifted(base, unit, direction, made, how, f"the {unit} {g['rel'].lower()}, {source}", base)
    n = parse_number(g["n"])
    if n is None:
        return None
    direction = -1 if g["dir"].lower() in ("earlier", "before", "previously") else 1
    unit = g["unit"].lower()
    return _shifted(base, unit, direction * n, made, how, f"{n} {unit}(s) {g['dir'].lower()}, {source}", base)


def _shifted(base: dt.date, unit: str, n: int, made: Made, how: MentionHow, detail: str,
             used: dt.date) -> TimeMention:
    """The day, week, month or year ``n`` units from ``base``."""
    if unit == "day":
        return made(Period.day(base + n * _DAY), how, detail, used)
    if unit == "week":
        return made(Period.of(base + 7 * n * _DAY, G.WEEK), how, detail, used)
    if unit == "month":
        index = base.year * 12 + base.month - 1 + n
        return made(_month_period(index // 12, index % 12 + 1), how, detail, used)
    return made(year_period(base.year + n), how, detail, used)


# --- the reach of the rules above, generic mentions, spelled years -------------------------

#: How far back "by"/"through" may head a month ("to pay down the loan by February").
_FORWARD_REACH = 14
#: A month-day this close to the anchor is the nearest such day whatever the tense: tense markers are
#: wrong more often than a report names a day a year away without its year ("payable Dec. 7" in October).
_NEAR_DAYS = 90


def _generic_deictic(c: Candidate, text: str, surface: str) -> bool:
    """"in today's world", "the people of tomorrow", "VOA Today", ABC's "This Week": no date of the report."""
    if c.kind == "deictic" and surface.lower() in ("today", "tomorrow"):
        if GENERIC_DEICTIC.match(text, c.start) or GENERIC_DEICTIC.match(text, max(0, c.start - 3)):
            return True
        before = text[max(0, c.start - 20) : c.start]
        return surface == "Today" and bool(NAME_BEFORE_TODAY.search(before)) and not before.rstrip().endswith(
            (".", "!", "?", ":", '"', "“")) and before.strip() not in ("", "(")
    return c.kind == "relweek" and surface == "This Week" and c.start > 0 and text[c.start - 1] in "\"“'‘"


def _spelled_year(words: str) -> int:
    """1996 for "nineteen ninety-six", 2000 for "the year two thousand"."""
    parts = [SPELLED[w] for w in re.findall(r"[a-z]+", words.lower()) if w in SPELLED]
    if "thousand" in words.lower():
        return 2000 + sum(parts[1:])
    return parts[0] * 100 + sum(parts[1:])


# --- small helpers --------------------------------------------------------------------


def _month_period(year: int, month: int) -> Period:
    return Period.of(dt.date(year, month, 1), G.MONTH)


def _season_period(year: int, code: str) -> Period:
    return Period.of(dt.date(year, SEASON_START[code], 1), G.SEASON)


def _month(word: str) -> int:
    return MONTH_NAMES[word.lower().rstrip(".")]


def _weekday(word: str) -> int:
    return WEEKDAY_NAMES[word.lower().rstrip(".")]


def _day(text: str) -> int:
    digits = DIGITS.match(text)
    if digits is None:
        raise ValueError(f"{text!r} does not start with a day number")
    return int(digits.group())


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
