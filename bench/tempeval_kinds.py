"""Kinds of temporal expression, for listing a tagger's TempEval errors where tagger work can act on them.

Each error is put in the first kind of ``KINDS`` whose test its text, TIMEX3 type or value passes: the gold
expression's for a miss, a wrong value or a duration or set typed as a date; the prediction's for a spurious
one. The order matters: "the year-ago quarter" is a quarter before it is a year phrase, "Friday
night" a part of day before it is a weekday, "every Monday" a set before it is a weekday.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str
    test: Callable[[str, str, str], bool]  # (text, type, value) -> belongs here
    why: str  # what a tagger must do for this kind


_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
_WEEKDAY = r"(mon|tues?|wed(nes)?|thu(rs?)?|fri|sat(ur)?|sun)(day)?s?\b"


def _has(pattern: str) -> Callable[[str], bool]:
    rx = re.compile(pattern, re.I)
    return lambda text: bool(rx.search(text))


# The whole expression is one of these (a vague word inside "a year ago" does not make it vague).
_VAGUE = re.compile(
    r"((in|for|until|since) )?(the )?(now|nowadays|currently|current|recently|recent|lately|these days|present|"
    r"at present|past|future|near future|formerly|once|soon|previously|earlier|later|then|time|times|moment|"
    r"so far|to date|these times|modern|former times)",
    re.I,
)


def _vague_words(text: str) -> bool:
    return bool(_VAGUE.fullmatch(text))


_set_words = _has(r"^(every|each)\b|\b(a|per) (day|week|month|year)$|^(annually|yearly|monthly|weekly|daily|quarterly|hourly)$")
_quarter_words = _has(r"\b(quarter|quarters|half|halves|semester|year-ago|year-earlier)\b")
_week_words = _has(r"\bweek(end|ends|s)?\b")
_part_of_day = _has(
    r"\b(morning|afternoon|evening|night|tonight|overnight|noon|midnight|midday|dawn|dusk|a\.?m\b|p\.?m\b|"
    r"o'clock|\d{1,2}:\d{2}|[ap]\.m\.|hours? ago|minutes? ago|est|edt|gmt|pst|pdt)\b"
)
_weekday = _has(r"\b" + _WEEKDAY)
_month = _has(r"\b" + _MONTH + r"(?=\s|$|,|-)")
_four_digit_year = _has(r"\b(1[0-9]|20)\d{2}\b|'\d{2}\b")
_year_words = _has(r"\b(year|years|decade|decades|century|fiscal|annual|\d{4}s|\d0s)\b")
_day_words = _has(r"\b(today|yesterday|tomorrow|day|days)\b")
_season_words = _has(r"\b(spring|summer|fall|autumn|winter)\b")

KINDS: tuple[Kind, ...] = (
    Kind(
        "vague reference",
        lambda text, kind, value: value in ("PRESENT_REF", "PAST_REF", "FUTURE_REF") or _vague_words(text),
        "now / recently / the future: TIMEX3 PRESENT_REF, PAST_REF, FUTURE_REF",
    ),
    Kind("set", lambda text, kind, value: kind == "SET" or value.startswith("R") or _set_words(text),
         "every week / annually / twice a year: typed SET, never a date"),
    Kind("duration", lambda text, kind, value: kind == "DURATION" or value.startswith("P"),
         "three years / the past 24 hours: typed DURATION, never a date"),
    Kind("quarter/half", lambda text, kind, value: bool(re.search(r"-(Q|H)[1-4X]", value)) or _quarter_words(text),
         "the quarter / the year-ago quarter / the first half: 1989-Q3, 1989-H1"),
    Kind("season", lambda text, kind, value: bool(re.search(r"-(SP|SU|FA|WI)$", value)) or _season_words(text),
         "last summer: 1989-SU"),
    Kind("week/weekend", lambda text, kind, value: "-W" in value or _week_words(text),
         "last week / this weekend: 1989-W43, 1989-W43-WE"),
    Kind("part of day/clock time", lambda text, kind, value: kind == "TIME" or "T" in value[4:] or _part_of_day(text),
         "Wednesday night / 3 p.m.: TIME, 1989-10-25TNI"),
    Kind("weekday", lambda text, kind, value: _weekday(text),
         "on Friday: the right week, past or future by tense"),
    Kind("month(-day) without year", lambda text, kind, value: _month(text) and not _four_digit_year(text),
         "Oct. 23 / by February: the year the tense and the report's date make likely"),
    Kind("full date", lambda text, kind, value: _month(text) or bool(re.search(r"\d{1,2}/\d{1,2}", text)),
         "March 3, 1989 / 3/4/89: stated in full"),
    Kind("year phrase", lambda text, kind, value: bool(re.fullmatch(r"\d{2,4}X*", value)) or _year_words(text)
         or _four_digit_year(text),
         "1989 / a decade ago / fiscal 1989 / the full year / later that year"),
    Kind("day reference", lambda text, kind, value: _day_words(text),
         "today / yesterday / two days ago"),
)
OTHER = Kind("other", lambda text, kind, value: True, "none of the above")
KIND_NAMES = tuple(k.name for k in KINDS) + (OTHER.name,)


def kind_of(text: str, kind: str, value: str | None) -> str:
    """The name of the first kind whose test the expression passes ("other" when none does)."""
    text = " ".join(text.split())
    for k in KINDS:
        if k.test(text, kind, value or ""):
            return k.name
    return OTHER.name
