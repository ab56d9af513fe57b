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
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Protocol

from ..model import SEASON_START, Granularity, MentionHow, Period, TimeMention
from . import timex_kinds

__all__ = ["tag", "tag_between"]

#: Bumped whenever a change can alter results, so stores re-date their sentences.
VERSION = "4"

G = Granularity
_DAY = dt.timedelta(days=1)

# --- vocabulary -------------------------------------------------------------------

_MONTH_NAMES = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_WEEKDAY_NAMES = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "several": None,
}
_HOLIDAYS = {
    "christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25), "boxing day": (12, 26),
    "new year's eve": (12, 31), "new year's day": (1, 1), "halloween": (10, 31), "valentine's day": (2, 14),
}
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_ORDINAL_QUARTERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}

# Capitalised month names only ("march" and "may" are also words), with the
# abbreviations news style uses ("Jan.", "Sept.").
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)(?![A-Za-z])"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_WEEKDAY_ABBR = r"(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\.?"
_DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_YEAR_DIGITS = r"(?:1[89]\d\d|20\d\d|2100)"
_YEAR = rf"{_YEAR_DIGITS}(?!\d|,\d|s\b)"  # not "2,000", not "1980s" (a decade)
_PART = r"(?:\s+(?:morning|afternoon|evening|night))"
_NUM = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple of|\d{1,2})"
# Named days that are not the weekday before or after the anchor.
_NAMED_DAYS = r"(?:Good|Black|Ash|Easter|Palm|Bloody|Super|Cyber|Holy|Maundy|Shrove|Whit|Giving|Small Business)"

# --- patterns: each has a group "m", the mention itself (prepositions stay outside) ---

_P = re.compile
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", _P(rf"(?<![\d/-])(?P<m>(?P<y>{_YEAR_DIGITS})-(?P<mo>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01]))(?![\d-])")),
    ("mdy", _P(rf"(?P<m>(?:(?P<wd>{_WEEKDAY}|{_WEEKDAY_ABBR}),?\s+)?(?P<mon>{_MONTH})\s*(?P<d>{_DAYNUM}),?\s+(?P<y>{_YEAR}))")),
    ("dmy", _P(rf"(?P<m>(?:(?P<wd>{_WEEKDAY}|{_WEEKDAY_ABBR}),?\s+)?(?:the\s+)?(?P<d>{_DAYNUM})\s+(?:of\s+)?(?P<mon>{_MONTH}),?\s+(?P<y>{_YEAR}))")),
    ("md", _P(rf"(?P<m>(?:(?P<wd>{_WEEKDAY}|{_WEEKDAY_ABBR}),?\s+)?(?P<mon>{_MONTH})\s*(?P<d>{_DAYNUM}))(?!\s*(?:,\s*)?\d)(?!\s*(?:-|–|to)\s*\d)")),
    ("dm", _P(rf"(?P<m>(?:(?P<wd>{_WEEKDAY}|{_WEEKDAY_ABBR}),?\s+)?(?:the\s+)?(?P<d>{_DAYNUM})\s+(?:of\s+)?(?P<mon>{_MONTH}))(?!,?\s*\d)")),
    ("my", _P(rf"(?P<m>(?:(?P<mod>early|mid-?|late)\s*)?(?P<mon>{_MONTH})(?:\s+of)?,?\s+(?P<y>{_YEAR}))")),
    ("month", _P(r"(?:\b(?:in|since|until|till|by|from|during|through|before|after|of|to|and|or|between)\s+)(?P<m>(?:(?P<mod>early|mid-?|late|last|next|this|this past|this coming)\s*)?(?P<mon>(?:January|February|March|April|May|June|July|August|September|October|November|December)))\b(?!\s+\d)(?!\s+[A-Z])")),
    ("month", _P(r"\b(?P<m>(?P<mod>early|mid-?|late|last|next|this|this past|this coming)\s*(?P<mon>(?:January|February|March|April|June|July|August|September|October|November|December)))\b(?!\s+\d)")),
    ("month", _P(r"\b(?:a|an|the)\s+(?:[a-z]+\s+)?(?P<m>(?P<mon>January|February|April|June|July|September|October|November|December))\b(?!\s+\d)(?!\s+[A-Z])")),
    ("month", _P(r"\b(?P<m>(?P<mon>January|February|April|June|July|September|October|November|December))(?=\s+(?:had|has|was|is|were|saw|brought)\b)")),
    ("period_edge", _P(r"(?i:\b(?P<m>the\s+(?:end|start|beginning|middle|turn)\s+of\s+(?P<mod>the|this|next|last)\s+(?P<unit>year|month|week)))\b")),
    ("season", _P(r"(?i:\b(?P<m>(?:(?P<mod>last|next|this|this past|this coming|early|late)\s+)?(?P<s>spring|summer|autumn|winter|fall)(?:\s+of)?\s+(?P<y>(?:1[89]|20)\d\d)(?!\d)))")),
    ("season", _P(r"(?i:\b(?P<m>(?P<mod>last|next|this|this past|this coming)\s+(?P<s>spring|summer|autumn|winter|fall)))\b")),
    ("season", _P(r"(?i:\b(?:in|through|during|over|until|till|by|before|after|since)\s+(?P<m>the\s+(?P<s>spring|summer|autumn|winter)))\b(?!\s+of)")),
    ("quarter", _P(r"(?i:\b(?P<m>(?:the\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]quarter(?:\s+of\s+(?P<y>(?:19|20)\d\d|this year|last year|next year))?))\b")),
    ("quarter", _P(r"\b(?P<m>(?:Q(?P<qn>[1-4])\s*(?P<y>(?:19|20)\d\d)?)|(?:(?P<y2>(?:19|20)\d\d)\s*Q(?P<qn2>[1-4])))\b")),
    ("quarter", _P(r"(?i:\b(?P<m>(?P<mod>last|next|this|the previous|the following)\s+quarter))\b")),
    ("decade", _P(r"\b(?P<m>(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?:(?P<c>1[89]|20)(?P<dd>\d)0s|'(?P<short>\d)0s))(?!\w)")),
    ("year", _P(rf"(?:\b(?:in|since|until|till|by|from|during|through|before|after|of|to|and|or|between|early|late|mid-?|around|circa|the|for|years?)\s+|^|\(|\b(?P<pre>[Ii]n|[Ss]ince|[Bb]y)\s+)(?P<m>(?:(?P<mod>early|mid-?|late)\s*)?(?P<y>{_YEAR}))(?!\s*(?:-|–)\s*\d)(?!\s+(?:people|troops|soldiers|votes|members|units|cases|deaths|dollars|euros|pounds|km|miles|tonnes|times)\b)(?!\d|%)")),
    ("year", _P(rf"\b(?P<m>(?P<y>{_YEAR}))(?='s\b|\s+(?:election|elections|census|budget|season|campaign|war|crisis|games|olympics|world cup|summit|law|agreement|accord|deal|report|figures?|survey|vote|referendum|uprising|attacks?|floods?|earthquake|revolution|coup)\b)")),
    ("relyear", _P(r"(?i:\b(?P<m>(?P<mod>last|next|this|earlier this|later this|early this|late last|early last|earlier last|late this|the previous|the following|the next|the same)\s+year))(?!s)\b")),
    ("relmonth", _P(r"(?i:\b(?P<m>(?P<mod>last|next|this|earlier this|later this|early this|late last|early last|earlier last|late this|the previous|the following|the next|the same)\s+month))(?!s)\b")),
    ("relweek", _P(r"(?i:\b(?P<m>(?P<mod>last|next|this|earlier this|later this|early this|late last|early last|earlier last|late this|the previous|the following|the next|the same|this past|this coming)\s+(?P<unit>week|weekend)))(?!s)\b")),
    ("relweek", _P(r"(?i:\b(?:over|during|at)\s+the\s+(?P<m>(?P<unit>weekend)))\b")),
    ("ago", _P(rf"(?i:\b(?P<m>(?P<n>{_NUM})\s+(?P<unit>day|week|month|year)s?\s+ago))\b")),
    ("shift", _P(rf"(?i:\b(?P<m>(?P<n>{_NUM})\s+(?P<unit>day|week|month|year)s?\s+(?P<dir>later|earlier|previously)))\b(?!\s+than)")),
    # "two days before" alone refers back to the story; "two days before the vote" to an event: not a date.
    ("shift", _P(rf"(?i:\b(?P<m>(?P<n>{_NUM})\s+(?P<unit>day|week|month|year)s?\s+(?P<dir>before|after)))\b(?=\s*(?:[,.;:!?)]|$))")),
    ("shift", _P(r"(?i:\b(?P<m>the\s+(?P<dir>day|week|month|year)\s+(?P<rel>before|after)))\b(?!\s+(?:the|a|an|his|her|its|their|our|this|that|[A-Z0-9]|last|next|yesterday|tomorrow))")),
    ("shift", _P(r"(?i:\b(?P<m>the\s+(?P<rel>next|following|previous|preceding)\s+(?P<dir>day|morning|evening|night)))\b")),
    ("same", _P(r"(?i:\b(?P<m>(?:that|the same)\s+(?:day|morning|afternoon|evening|night)))\b")),
    ("holiday", _P(r"\b(?:on|before|after|since|until|till|by)\s+(?P<m>(?P<h>Christmas))(?![\w'’])(?!\s+(?:market|tree|shopping|card|lights|party|dinner|sales?)s?\b)")),
    ("holiday", _P(r"\b(?P<m>(?P<h>Christmas Eve|Christmas Day|Boxing Day|New Year's Eve|New Year's Day|New Year’s Eve|New Year’s Day|Halloween|Valentine's Day|Valentine’s Day))(?![\w'’])")),
    ("deictic", _P(rf"(?i:\b(?P<m>(?P<w>today|tonight|yesterday|tomorrow|the day before yesterday|the day after tomorrow|this morning|this afternoon|this evening|last night|last evening)(?:{_PART})?))\b")),
    ("weekday", _P(rf"\b(?P<m>(?:(?P<mod>last|next|this|this past|this coming|coming|past)\s+)?(?P<wd>{_WEEKDAY})(?:{_PART})?)(?!s\b)(?!\s+(?:Times|Telegraph|Mirror|Express|Post|Herald|Mail|Tribune|Independent|World|Night Live|Bloody|Morning Herald)\b)")),
]

# Words that mark a clause as future or past; the nearest one to a mention decides.
_FUTURE = re.compile(
    r"\b(?:will|won't|shall|'ll|is due|are due|due to|is set|are set|set for|is scheduled|are scheduled|"
    r"scheduled (?:for|to)|plans? to|planned for|planning to|intends? to|is expected|are expected|expects?|"
    r"hopes? to|aims? to|wants? to|promises? to|vows? to|seeks? to|"
    r"is to|are to|going to|would|could|upcoming|coming|next|until|till|(?:re)?begins?|(?:re)?starts?|(?:re)?opens?|"
    r"resumes?|takes? place|kicks? off|goes ahead|expires?|runs? out)\b"
)
# Lower case only: "the Veldhaven Open" or "Will Smith" are names, not verbs.
_PAST = re.compile(
    r"\b(?:said|told|was|were|had|did|has|have|met|took|began|came|went|fled|left|made|gave|held|won|lost|"
    r"fell|rose|struck|hit|found|since|ago|last|earlier|previously|already|after [a-z]+ing|[a-z]{3,}ed)\b"
)
# A participle after "be" is passive ("will be declared"): the modal decides, not the "-ed".
_FINITE_PAST = {"said", "told", "was", "were", "had", "did", "has", "have"}
_PASSIVE = re.compile(r"\b(?:be|being)\s+$")
_NOT_A_DAY_BEFORE = re.compile(rf"(?:\b(?:{_NAMED_DAYS}|[Ee]very|[Ee]ach|[Oo]n [Ee]very)|\bSaturday and|\bSunday or)\s+$")
_CLAUSE_END = re.compile(r"[.!?;](?:[\"'”’)]*)\s|$")


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
            out.append(dataclasses.replace(mention, anchor=None, detail=(
                f"{mention.detail}; the same for any publication date between "
                f"{earliest.isoformat()} and {latest.isoformat()}")))
        else:
            out.append(dataclasses.replace(
                mention, period=None, anchor=None, how=MentionHow.UNRESOLVED, timex=None,
                reason=f"depends on the exact publication date, known only to lie "
                       f"between {earliest.isoformat()} and {latest.isoformat()}"))
    return out


# --- candidates -----------------------------------------------------------------------


def _candidates(text: str) -> Iterator[_Candidate]:
    # timex_kinds hook: durations, sets and vague references come first, so that they win ties of length.
    found = itertools.chain(timex_kinds.matches(text),
                            ((kind, match) for kind, pattern in _PATTERNS for match in pattern.finditer(text)))
    for kind, match in found:
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
        return made(None, MentionHow.UNRESOLVED, what, None, _NO_ANCHOR)

    kind = c.kind
    if kind in timex_kinds.KINDS:  # timex_kinds hook: durations, sets and vague references are typed there
        return timex_kinds.resolve(kind, g, c.start, c.end, text)
    if kind in ("weekday", "holiday", "md", "dm") and (
        _HABIT_BEFORE.search(text, max(0, c.start - _HABIT_REACH), c.start)
        or _INDEFINITE_BEFORE.search(text, max(0, c.start - _INDEFINITE_REACH), c.start)
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
        if _RECURRING_BEFORE.search(text, max(0, c.start - _RECURRING_REACH), c.start):
            return None  # "born on February 29", "every March 3": any year's day, not a date
        month, day = _month(g["mon"]), _day(g["d"])
        if _date(_LEAP_YEAR, month, day) is None:  # "February 30"; February 29 may be
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
        month, day = _HOLIDAYS[g["h"].lower().replace("’", "'")]
        date = _year_for_day(month, day, anchor, None)
        if date is None:  # every holiday of the table is a day of every year; kept for the type
            return None
        return made(Period.day(date), MentionHow.NEAREST_YEAR,
                    "fixed-date holiday, the year that puts it nearest the anchor", anchor)
    if kind == "my":
        return made(_month_period(int(g["y"]), _month(g["mon"])), MentionHow.ABSOLUTE, "absolute")
    if kind == "month":
        if g["mon"] == "May" and not g.get("mod") and not _AFTER_MONTH_MAY.match(text[c.end :]):
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
    if kind in ("shift", "ago") and _HEDGE.search(text, max(0, c.start - _HEDGE_REACH), c.start):
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
        offset = _DEICTIC_OFFSET.get(word, 0)
        return made(Period.day(anchor + offset * _DAY), MentionHow.FROM_ANCHOR, f"{word}, from the anchor", anchor)
    if kind == "weekday":
        if _NOT_A_DAY_BEFORE.search(text, max(0, c.start - _NOT_A_DAY_REACH), c.start):
            return None  # "every Monday", "Good Friday": a set or a named day
        if _NAME_AFTER.match(text[c.end : c.end + 3]) and not _DAY_PREPOSITION.search(
                text, max(0, c.start - _DAY_PREPOSITION_REACH), c.start):
            return None  # "the Sunday Courier": a name
        if anchor is None:
            return unanchored("weekday")
        how, detail = _weekday_how(c, text)
        return made(Period.day(_weekday_date(c, text, anchor)), how, detail, anchor)
    return None


_DAY_PREPOSITION = re.compile(r"\b(?:on|by|until|till|since|from|last|next|this|early|late)\s+$", re.I)
# A capitalised word right after a weekday: "the Sunday Courier" is a name (unless a preposition heads it).
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")
# What may follow a bare "May" that is the month ("in May, ...", "in May and June"), not a name ("in May said").
_AFTER_MONTH_MAY = re.compile(
    r"\s*(?:[,.;]|$|\s+(?:and|or|to|when|after|before|last|this|next|as|at|with|the|in|of|for)\b)")
_ENDS_WITH_PART = re.compile(rf"{_PART}$")  # "Thursday afternoon": a part of the day
_TODAY = re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b", re.I)
_DIGITS = re.compile(r"\d+")
_HABIT_BEFORE = re.compile(r"\b(?:usually|normally|traditionally|always|often|typically|generally)\b[^,.;]{0,20}$", re.I)
_INDEFINITE_BEFORE = re.compile(r"\b(?:a|an|any|another)\s+$", re.I)
_RECURRING_BEFORE = re.compile(r"\b(?:born on|born|every|each|annually on|anniversary on)\s+(?:the\s+)?$", re.I)
_HEDGE = re.compile(r"\b(?:more than|less than|fewer than|over|under|at least|at most|up to)\s+$", re.I)
_PREPOSITION = re.compile(r"\b(?P<p>since|until|till|by|before|after)\s+(?:the\s+)?$", re.I)

# How far before (or around) a mention each context pattern looks, in characters: enough for the
# longest phrase the pattern is written for ("traditionally held on " is 23 characters, "anniversary on the " 19),
# and no further, so that a word from an earlier clause does not count.
_HABIT_REACH = 30
_INDEFINITE_REACH = 10
_RECURRING_REACH = 20
_HEDGE_REACH = 15
_NOT_A_DAY_REACH = 20
_DAY_PREPOSITION_REACH = 8
_PREPOSITION_REACH = 12
_PASSIVE_REACH = 8  # "be " or "being " before a participle
#: "today" within this many characters of a future weekday means the weekday is the anchor day itself.
_TODAY_WINDOW = 40
#: Days from the anchor that deictic words name.
_DEICTIC_OFFSET = {"yesterday": -1, "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2,
                   "last night": -1, "last evening": -1}
_NO_ANCHOR = "no anchor: the report's publication date is unknown"
#: A month without a year is the nearer of its two occurrences around the anchor: within this many months ahead.
_HALF_YEAR = 6
#: A leap year: a month and day without a year are a possible date when they are one in it.
_LEAP_YEAR = 2000


def _tense(text: str, c: _Candidate) -> str | None:
    """"future", "past" or None for the clause a mention stands in.

    The preposition heading the mention decides first ("since March": past;
    "until March": future). Then the nearest marker before the
    mention in its clause (between commas): English puts the governing verb
    first ("met on Monday", "will meet on Monday"); only a fronted date ("On
    Monday, the minister said") looks to the markers after it; last, the
    rest of the sentence.
    """
    prep = _PREPOSITION.search(text, max(0, c.start - _PREPOSITION_REACH), c.start)
    if prep:
        word = prep.group("p").lower()
        if word == "since":
            return "past"
        if word in ("until", "till"):
            return "future"
    sentence_start = max(text.rfind(ch, 0, c.start) for ch in ".!?;\n") + 1
    end_match = _CLAUSE_END.search(text, c.end)
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
    for label, pattern in (("future", _FUTURE), ("past", _PAST)):
        for m in pattern.finditer(text, left, right):
            if label == "past" and m.group() not in _FINITE_PAST and _PASSIVE.search(
                    text, max(0, m.start() - _PASSIVE_REACH), m.start()):
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
        same_day = _says_today(text, c) or _ENDS_WITH_PART.search(text[c.start : c.end]) is not None
        return anchor + (0 if back == 0 and same_day else ahead) * _DAY
    return anchor - back * _DAY


def _says_today(text: str, c: _Candidate) -> bool:
    return bool(_TODAY.search(text[max(0, c.start - _TODAY_WINDOW) : c.end + _TODAY_WINDOW]))


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
    return (anchor.year if month > anchor.month else anchor.year + 1) if forward < _HALF_YEAR else (
        anchor.year if month < anchor.month else anchor.year - 1)


def _season(c: _Candidate, text: str, anchor: dt.date | None, made: _Made,
            unanchored: _Unanchored) -> TimeMention | None:
    g = c.groups
    code = _SEASONS[g["s"].lower()]
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
    q = _ORDINAL_QUARTERS[g["q"].lower()]
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
    return _MONTH_NAMES[word.lower().rstrip(".")]


def _weekday(word: str) -> int:
    return _WEEKDAY_NAMES[word.lower().rstrip(".")]


def _day(text: str) -> int:
    digits = _DIGITS.match(text)
    if digits is None:
        raise ValueError(f"{text!r} does not start with a day number")
    return int(digits.group())


def _number(text: str) -> int | None:
    text = text.lower()
    return int(text) if text.isdigit() else _NUMBERS.get(text)


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None
