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
week", "on Fridays") and vague references ("recently") are not dates and are
not returned. Without an anchor, relative mentions keep ``value=None`` and a
reason: nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from ..model import SEASON_START, Granularity, MentionHow, Period, TimeMention
from .timex_patterns import (
    AFTER_MONTH_MAY,
    CLAUSE_END,
    DAY_PREPOSITION,
    DAY_PREPOSITION_REACH,
    DEICTIC_OFFSET,
    DIGITS,
    ENDS_WITH_PART,
    FINITE_PAST,
    FUTURE,
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
    NO_ANCHOR,
    NOT_A_DAY_BEFORE,
    NOT_A_DAY_REACH,
    NUMBERS,
    ORDINAL_QUARTERS,
    PASSIVE,
    PASSIVE_REACH,
    PAST,
    PATTERNS,
    PREPOSITION,
    PREPOSITION_REACH,
    RECURRING_BEFORE,
    RECURRING_REACH,
    SEASONS,
    TODAY,
    TODAY_WINDOW,
    WEEKDAY_NAMES,
)

__all__ = ["tag", "tag_between"]

#: Bumped whenever a change can alter results, so stores re-date their sentences.
VERSION = "3"

G = Granularity
_DAY = dt.timedelta(days=1)


class _Groups(dict[str, str | None]):
    """A match's named groups: ``groups["y"]`` for a group its pattern always fills, ``groups.get("y")`` otherwise."""

    def __getitem__(self, name: str) -> str:
        value = super().__getitem__(name)
        if value is None:
            raise KeyError(f"group {name!r} did not take part in the match")
        return value


@dataclass(frozen=True)
class _Candidate:
    kind: str
    start: int
    end: int
    groups: _Groups


class _Made(Protocol):
    """Builds the TimeMention of the candidate being resolved."""

    def __call__(self, period: Period | None, how: MentionHow, detail: str, used: dt.date | None = None,
                 reason: str | None = None) -> TimeMention: ...


_Unanchored = Callable[[str], TimeMention]


# --- public API -----------------------------------------------------------------------


def tag(text: str, anchor: dt.date | None = None) -> list[TimeMention]:
    """Find and resolve the date mentions of ``text`` against ``anchor`` (the publication date).

    Returns mentions in text order; offsets index ``text``. Deterministic.
    """
    mentions: list[TimeMention] = []
    last_day: dt.date | None = None  # for "two days later"
    last_start: dt.date | None = None  # for "a year later", "the following month"
    for cand in _select(_candidates(text)):
        mention = _resolve(cand, text, anchor, last_day, last_start)
        if mention is None:
            continue
        mentions.append(mention)
        if mention.period:
            last_start = mention.period.first
            if mention.period.granularity is G.DAY:
                last_day = last_start
    return mentions


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
            out.append(TimeMention(mention.start, mention.end, mention.text, mention.period, None, mention.how,
                                   f"{mention.detail}; the same for any publication date between "
                                   f"{earliest.isoformat()} and {latest.isoformat()}"))
        else:
            out.append(TimeMention(mention.start, mention.end, mention.text, None, None, MentionHow.UNRESOLVED,
                                   mention.detail, f"depends on the exact publication date, known only to lie "
                                   f"between {earliest.isoformat()} and {latest.isoformat()}"))
    return out


# --- candidates -----------------------------------------------------------------------


def _candidates(text: str) -> Iterator[_Candidate]:
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span("m")
            if start == end:
                continue
            yield _Candidate(kind, start, end, _Groups(match.groupdict()))


def _select(cands: Iterator[_Candidate]) -> list[_Candidate]:
    """Longest first; a candidate overlapping one already kept is dropped."""
    kept: list[_Candidate] = []
    for cand in sorted(cands, key=lambda c: (-(c.end - c.start), c.start)):
        if all(cand.end <= k.start or cand.start >= k.end for k in kept):
            kept.append(cand)
    return sorted(kept, key=lambda c: c.start)


# --- resolution -----------------------------------------------------------------------


def _resolve(c: _Candidate, text: str, anchor: dt.date | None, last_day: dt.date | None,
             last_start: dt.date | None = None) -> TimeMention | None:
    g = c.groups
    surface = text[c.start : c.end]

    def made(period: Period | None, how: MentionHow, detail: str, used: dt.date | None = None,
             reason: str | None = None) -> TimeMention:
        return TimeMention(c.start, c.end, surface, period, used, how, detail, reason)

    def unanchored(what: str) -> TimeMention:
        return made(None, MentionHow.UNRESOLVED, what, None, NO_ANCHOR)

    kind = c.kind
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
        date = _year_for_day(month, day, anchor, g.get("wd"))
        if date is None:
            return None
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
        return made(_month_period(int(g["y"]), _month(g["mon"])), MentionHow.ABSOLUTE, "absolute")
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
            year = _year_for_month(month, anchor, _tense(text, c))
        return made(_month_period(year, month), MentionHow.ANCHOR_YEAR, "month, year from the anchor", anchor)
    if kind == "season":
        return _season(c, text, anchor, made, unanchored)
    if kind == "quarter":
        return _quarter(c, text, anchor, made, unanchored)
    if kind == "decade":
        if g.get("short"):
            if anchor is None:
                return unanchored("decade")
            century = (anchor.year // 100) if int(g["short"]) * 10 <= anchor.year % 100 else anchor.year // 100 - 1
            return made(_decade_period(century * 10 + int(g["short"])), MentionHow.ANCHOR_YEAR,
                        "decade, century from the anchor", anchor)
        return made(_decade_period(int(g["c"] + g["dd"])), MentionHow.ABSOLUTE, "absolute")
    if kind == "year":
        return made(_year_period(int(g["y"])), MentionHow.ABSOLUTE, "absolute")
    if kind == "period_edge":
        if anchor is None:
            return unanchored("period")
        shift = {"the": 0, "this": 0, "next": 1, "last": -1}[g["mod"].lower()]
        return _shifted(anchor, g["unit"].lower(), shift, made, MentionHow.FROM_ANCHOR,
                        f"the {g['unit'].lower()} it names, from the anchor", anchor)
    if kind in ("relyear", "relmonth", "relweek"):
        return _relative_period(c, anchor, last_day, made, unanchored)
    if kind == "ago":
        if anchor is None:
            return unanchored("ago")
        n = _number(g["n"])
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
        return made(Period.day(_weekday_date(c, text, anchor)), how, detail, anchor)
    return None



def _tense(text: str, c: _Candidate) -> str | None:
    """"future", "past" or None for the clause a mention stands in.

    The preposition heading the mention decides first ("since March": past;
    "until March": future). Then the nearest marker before the
    mention in its clause (between commas): English puts the governing verb
    first ("met on Monday", "will meet on Monday"); only a fronted date ("On
    Monday, the minister said") looks to the markers after it; last, the
    rest of the sentence.
    """
    prep = PREPOSITION.search(text, max(0, c.start - PREPOSITION_REACH), c.start)
    if prep:
        word = prep.group("p").lower()
        if word == "since":
            return "past"
        if word in ("until", "till"):
            return "future"
    sentence_start = max(text.rfind(ch, 0, c.start) for ch in ".!?;\n") + 1
    end_match = CLAUSE_END.search(text, c.end)
    sentence_end = end_match.start() if end_match else len(text)
    clause_start = max(sentence_start, text.rfind(",", sentence_start, c.start) + 1)
    comma = text.find(",", c.end, sentence_end)
    clause_end = comma if comma >= 0 else sentence_end
    return (
        _nearest_marker(text, clause_start, c.start, before=True)
        or _nearest_marker(text, c.end, clause_end, before=False)
        or _nearest_marker(text, sentence_start, c.start, before=True)
        or _nearest_marker(text, c.end, sentence_end, before=False)
    )


def _nearest_marker(text: str, left: int, right: int, *, before: bool) -> str | None:
    best: tuple[int, str] | None = None
    for label, pattern in (("future", FUTURE), ("past", PAST)):
        for m in pattern.finditer(text, left, right):
            if label == "past" and m.group() not in FINITE_PAST and PASSIVE.search(
                    text, max(0, m.start() - PASSIVE_REACH), m.start()):
                continue
            distance = right - m.end() if before else m.start() - left
            if best is None or distance < best[0]:
                best = (distance, label)
    return best[1] if best else None


def _weekday_date(c: _Candidate, text: str, anchor: dt.date) -> dt.date:
    g = c.groups
    target = _weekday(g["wd"])
    mod = (g.get("mod") or "").lower()
    back = (anchor.weekday() - target) % 7  # days back to the most recent such day (0 = the anchor)
    ahead = (target - anchor.weekday()) % 7 or 7  # days ahead to the next one, strictly after
    if mod in ("last", "past", "this past"):
        return anchor - (back or 7) * _DAY
    if mod in ("next", "coming", "this coming"):
        return anchor + ahead * _DAY
    if mod == "this":
        monday = anchor - anchor.weekday() * _DAY
        return monday + target * _DAY
    if _tense(text, c) == "future":
        # "due to start talks on Thursday afternoon", written on a Thursday: later that day.
        same_day = _says_today(text, c) or ENDS_WITH_PART.search(text[c.start : c.end]) is not None
        return anchor + (0 if back == 0 and same_day else ahead) * _DAY
    return anchor - back * _DAY


def _says_today(text: str, c: _Candidate) -> bool:
    return bool(TODAY.search(text[max(0, c.start - TODAY_WINDOW) : c.end + TODAY_WINDOW]))


def _weekday_how(c: _Candidate, text: str) -> tuple[MentionHow, str]:
    mod = (c.groups.get("mod") or "").lower()
    if mod:
        return MentionHow.FROM_ANCHOR, f"weekday '{mod}', from the anchor"
    tense = _tense(text, c) or "past"
    return (MentionHow.WEEKDAY_FUTURE if tense == "future" else MentionHow.WEEKDAY_PAST), f"weekday, {tense} from the anchor"


def _year_for_day(month: int, day: int, anchor: dt.date, weekday: str | None) -> dt.date | None:
    """The year that puts a month-day nearest the anchor (a weekday given with it can pick another).

    A report rarely names a day more than half a year away without its year,
    so the nearest one is right far more often than the tense of the clause,
    which says when something happened relative to the day, not which year.
    """
    options = [d for d in (_date(anchor.year + k, month, day) for k in (-1, 0, 1)) if d]
    if weekday:  # "Thursday, Jan. 22": the weekday picks the year when it can
        fitting = [d for d in options if d.weekday() == _weekday(weekday)]
        if fitting:
            options = fitting
    return min(options, key=lambda d: (abs((d - anchor).days), d > anchor)) if options else None


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


def _season(c: _Candidate, text: str, anchor: dt.date | None, made: _Made,
            unanchored: _Unanchored) -> TimeMention | None:
    g = c.groups
    code = SEASONS[g["s"].lower()]
    if g.get("y"):
        return made(_season_period(int(g["y"]), code), MentionHow.ABSOLUTE, "absolute")
    if anchor is None:
        return unanchored("season")
    current = Period.of(anchor, G.SEASON)
    start = SEASON_START[code]  # the first month of the season named
    mod = (g.get("mod") or "").lower()

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
    elif mod == "this":
        if current.first.month == start:
            year = current.first.year
        else:
            year = nearest(1, False) if _tense(text, c) != "past" else nearest(-1, False)
    else:
        tense = _tense(text, c)
        year = nearest(1, True) if tense == "future" else nearest(-1, True)
    return made(_season_period(year, code), MentionHow.ANCHOR_YEAR, "season, from the anchor", anchor)


def _quarter(c: _Candidate, text: str, anchor: dt.date | None, made: _Made,
             unanchored: _Unanchored) -> TimeMention | None:
    g = c.groups
    number = g.get("qn") or g.get("qn2")
    if number:
        q = int(number)
        year_text = g.get("y") or g.get("y2")
        if year_text:
            return made(_quarter_period(int(year_text), q), MentionHow.ABSOLUTE, "absolute")
        if anchor is None:
            return unanchored("quarter")
        return made(_quarter_period(_quarter_year(q, anchor, _tense(text, c)), q), MentionHow.ANCHOR_YEAR,
                    "quarter, year from the anchor", anchor)
    if g.get("mod"):
        if anchor is None:
            return unanchored("quarter")
        current = (anchor.month - 1) // 3 + 1
        shift = {"last": -1, "the previous": -1, "next": 1, "the following": 1, "this": 0}[g["mod"].lower()]
        index = anchor.year * 4 + current - 1 + shift
        return made(_quarter_period(index // 4, index % 4 + 1), MentionHow.FROM_ANCHOR, "quarter, from the anchor",
                    anchor)
    q = ORDINAL_QUARTERS[g["q"].lower()]
    year_text = (g.get("y") or "").lower()
    if year_text.isdigit():
        return made(_quarter_period(int(year_text), q), MentionHow.ABSOLUTE, "absolute")
    if anchor is None:
        return unanchored("quarter")
    if year_text in ("last year", "next year", "this year"):
        year = anchor.year + {"last year": -1, "next year": 1, "this year": 0}[year_text]
    else:
        year = _quarter_year(q, anchor, _tense(text, c))
    return made(_quarter_period(year, q), MentionHow.ANCHOR_YEAR, "quarter, year from the anchor", anchor)


def _quarter_year(q: int, anchor: dt.date, tense: str | None) -> int:
    current = (anchor.month - 1) // 3 + 1
    if tense == "past" and q > current:
        return anchor.year - 1
    if tense == "future" and q < current:
        return anchor.year + 1
    return anchor.year


def _relative_period(c: _Candidate, anchor: dt.date | None, last_day: dt.date | None, made: _Made,
                     unanchored: _Unanchored) -> TimeMention | None:
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
        if mod in ("this", "this coming") and base.weekday() < 5:
            saturday += 7 * _DAY  # said on a weekday, "this weekend" is the coming one
        elif shift == 1:
            saturday += 7 * _DAY
        elif shift == -1 and base.weekday() >= 5:
            saturday -= 7 * _DAY
        return made(Period.of(saturday, G.WEEK), how, detail, base)
    return _shifted(base, unit, shift, made, how, detail, base)


def _shift(c: _Candidate, anchor: dt.date | None, last_day: dt.date | None, made: _Made,
           unanchored: _Unanchored) -> TimeMention | None:
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
    n = _number(g["n"])
    if n is None:
        return None
    direction = -1 if g["dir"].lower() in ("earlier", "before", "previously") else 1
    unit = g["unit"].lower()
    return _shifted(base, unit, direction * n, made, how, f"{n} {unit}(s) {g['dir'].lower()}, {source}", base)


def _shifted(base: dt.date, unit: str, n: int, made: _Made, how: MentionHow, detail: str,
             used: dt.date) -> TimeMention:
    """The day, week, month or year ``n`` units from ``base``."""
    if unit == "day":
        return made(Period.day(base + n * _DAY), how, detail, used)
    if unit == "week":
        return made(Period.of(base + 7 * n * _DAY, G.WEEK), how, detail, used)
    if unit == "month":
        index = base.year * 12 + base.month - 1 + n
        return made(_month_period(index // 12, index % 12 + 1), how, detail, used)
    return made(_year_period(base.year + n), how, detail, used)


# --- small helpers --------------------------------------------------------------------


def _month_period(year: int, month: int) -> Period:
    return Period.of(dt.date(year, month, 1), G.MONTH)


def _quarter_period(year: int, quarter: int) -> Period:
    return Period.of(dt.date(year, 3 * quarter - 2, 1), G.QUARTER)


def _season_period(year: int, code: str) -> Period:
    return Period.of(dt.date(year, SEASON_START[code], 1), G.SEASON)


def _year_period(year: int) -> Period:
    return Period.of(dt.date(year, 1, 1), G.YEAR)


def _decade_period(decade: int) -> Period:
    """The decade ``decade`` names in tens of years (201: the 2010s)."""
    return Period.of(dt.date(decade * 10, 1, 1), G.DECADE)


def _month(word: str) -> int:
    return MONTH_NAMES[word.lower().rstrip(".")]


def _weekday(word: str) -> int:
    return WEEKDAY_NAMES[word.lower().rstrip(".")]


def _day(text: str) -> int:
    digits = DIGITS.match(text)
    if digits is None:
        raise ValueError(f"{text!r} does not start with a day number")
    return int(digits.group())


def _number(text: str) -> int | None:
    text = text.lower()
    return int(text) if text.isdigit() else NUMBERS.get(text)


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
