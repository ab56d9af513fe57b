"""How pages write a calendar date: the month, weekday, day and time patterns the publication-date
rules share (``pubdate`` for datelines and date lines, ``stamps`` for stamps glued into the text), and
reading a match into a checked date.
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = [
    "DATE", "DAY", "LEAP_YEAR", "MONTH", "TIME", "WEEKDAY", "WEEKDAY_NAME", "YEAR",
    "day", "month", "parts", "plausible", "read", "weekday",
]

# A year known to be a leap year: a month and day without a year are possible when they are in it.
LEAP_YEAR = 2000

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Scoped (?i:...) keeps month and weekday names case-blind ("MARCH 3") while
# city names stay case-sensitive where that matters.
MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b"
)
WEEKDAY_NAME = (
    r"(?i:monday|tuesday|wednesday|thursday|friday|saturday|sunday"
    r"|mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)\b"
)
WEEKDAY = rf"(?P<wd>{WEEKDAY_NAME})\.?"
DAY = r"[0-3]?\d(?i:st|nd|rd|th)?\b"
_SUFFIX = "stndrhSTNDRH"  # stripped off "23rd" to leave the number
YEAR = r"\d{4}(?!\d)"
# One date, three shapes; the named groups tell them apart (see parts).
DATE = (
    rf"(?P<date>(?P<m1>{MONTH})(?:\.\s*|\s+)(?P<d1>{DAY})(?:(?:,\s*|\s+)(?P<y1>{YEAR}))?"
    rf"|(?P<d2>{DAY})\s+(?:of\s+)?(?P<m2>{MONTH})\.?(?:,?\s+(?P<y2>{YEAR}))?"
    rf"|(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}})(?!\d))"
)
TIME = (
    r"(?:\d{1,2}[:.]\d{2}(?:[:.]\d{2})?|\d{1,2}(?=\s*[apAP]\.?[mM]))"
    r"(?:\s*(?i:[ap]\.?m\.?))?"
    r"(?:\s*(?:\(?[A-Z]{2,5}\)?|[+-]\d{1,2}(?::?\d{2})?))*"
)
_MONTH_WORD = re.compile(MONTH)
_WEEKDAY_WORD = re.compile(WEEKDAY_NAME)


def parts(m: re.Match[str]) -> tuple[int | None, int, int]:
    """(year or None, month, day) from a match of DATE."""
    if m["m1"]:
        return (int(m["y1"]) if m["y1"] else None), month(m["m1"]), int(m["d1"].rstrip(_SUFFIX))
    if m["m2"]:
        return (int(m["y2"]) if m["y2"] else None), month(m["m2"]), int(m["d2"].rstrip(_SUFFIX))
    return int(m["y3"]), int(m["m3"]), int(m["d3"])


def read(m: re.Match[str], today: dt.date) -> tuple[dt.date | None, str | None]:
    """The date a match states, and why it is refused (None if it is fine).

    A date without a year comes back as (None, None) once month and day are
    possible together (checked in a leap year, so Feb 29 passes).
    """
    year, month_, day_ = parts(m)
    if year is None:
        return None, None if day(LEAP_YEAR, month_, day_) else "which is not a possible date"
    date = day(year, month_, day_)
    if date is None:
        return None, "which is not a possible date"
    if not plausible(date, today):
        return None, "which is out of range"
    wd = m.groupdict().get("wd")
    if wd and weekday(wd) != date.weekday():
        return None, f"whose weekday is not {wd}"  # contradicts itself: don't pick a side
    return date, None


def day(year: int, month: int, day: int) -> dt.date | None:
    """The date, or None if there is no such day."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def plausible(date: dt.date, today: dt.date) -> bool:
    """Whether a date can be a publication date."""
    # Publication dates after next year are typos or template junk; before 1900
    # they are history mentioned in the text, not when the page was published.
    return dt.date(1900, 1, 1) <= date <= today + dt.timedelta(days=366)


def month(word: str) -> int:
    """1-12 for a month name or abbreviation, 0 otherwise."""
    return _name_index(word, _MONTH_WORD, _MONTHS) + 1


def weekday(word: str) -> int:
    """0 (Monday) to 6 for a weekday name or abbreviation, -1 otherwise."""
    return _name_index(word, _WEEKDAY_WORD, _WEEKDAYS)


def _name_index(word: str, pattern: re.Pattern[str], names: tuple[str, ...]) -> int:
    w = word.lower().rstrip(".,")
    return names.index(w[:3]) if len(w) >= 3 and pattern.fullmatch(w) else -1
