"""Calendar time as typed values: :class:`Period` (a whole day, week, month, quarter, season, year or decade),
its :class:`Granularity`, TimeML's four :class:`TimexType` kinds, and :func:`read_timex`, which reads a stored
TIMEX3 value back. The one place where TIMEX3 strings are parsed; :mod:`dateline.model` re-exports all of it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum


class ValueEnum(StrEnum):
    """A string enumeration that shows as the text it stands for, in ``repr`` as in ``str``.

    ``DateHow.SHARED_PASSAGE`` is the string ``"shared-passage"`` (equal to it, and written so
    in timeline.json and the store); in a notebook or a dataclass's repr it shows as
    ``'shared-passage'``, not ``<DateHow.SHARED_PASSAGE: 'shared-passage'>``.
    """

    def __repr__(self) -> str:
        return repr(self.value)


class Granularity(ValueEnum):
    """How precise a date is: a value never claims more than its mention."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    SEASON = "season"
    YEAR = "year"
    DECADE = "decade"


#: Seasons by their TIMEX3 code and first month: meteorological seasons of the
#: northern hemisphere, three months each; winter runs from December into the next
#: year and carries the year of its December ("2016-WI" is Dec 2016 to Feb 2017).
SEASON_START: dict[str, int] = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}
_SEASON_OF_START = {month: code for code, month in SEASON_START.items()}
#: Months a period of each month-based granularity spans.
_MONTHS: dict[Granularity, int] = {
    Granularity.MONTH: 1, Granularity.QUARTER: 3, Granularity.SEASON: 3, Granularity.YEAR: 12, Granularity.DECADE: 120,
}
#: TIMEX3 values, one alternative per granularity (the only place such strings are read).
_TIMEX_VALUE = re.compile(
    r"(?P<day>\d{4}-\d\d-\d\d)|(?P<wy>\d{4})-W(?P<w>\d\d)|(?P<my>\d{4})-(?P<m>\d\d)"
    r"|(?P<qy>\d{4})-Q(?P<q>[1-4])|(?P<sy>\d{4})-(?P<s>SP|SU|FA|WI)|(?P<year>\d{4})|(?P<decade>\d{3})"
)
_RANK = {g: i for i, g in enumerate(Granularity)}  # finest first


@dataclass(frozen=True)
class Period:
    """A stretch of calendar time a date expression names: its first and last day and its granularity.

    Only whole calendar periods exist: a day, an ISO week (Monday to Sunday), a
    month, a quarter, a season (see SEASON_START), a year or a decade (2010 to
    2019). Build one with :meth:`of` (the period containing a day), :meth:`day`
    or :meth:`parse` (a TIMEX3 value); :attr:`timex` is its TIMEX3 value
    (``2017-03-22``, ``2017-W12``, ``2017-03``, ``2017-Q1``, ``2017-SU``,
    ``2017``, ``201``). A value never claims more precision than its mention.
    """

    first: dt.date
    last: dt.date
    granularity: Granularity

    def __post_init__(self) -> None:
        if _bounds(self.first, self.granularity) != (self.first, self.last):
            raise ValueError(f"{self.first} to {self.last} is not a whole {self.granularity.value}")

    @classmethod
    def of(cls, day: dt.date, granularity: Granularity) -> Period:
        """The period of ``granularity`` that contains ``day``."""
        return cls(*_bounds(day, granularity), granularity)

    @classmethod
    def day(cls, day: dt.date) -> Period:
        """One day."""
        return cls(day, day, Granularity.DAY)

    @classmethod
    def parse(cls, value: str) -> Period:
        """The period a TIMEX3 value names; ValueError when ``value`` is not one (or no such day exists)."""
        m = _TIMEX_VALUE.fullmatch(value)
        if m is None:
            raise ValueError(f"{value!r} is not a TIMEX3 date value (like 2017-03-22, 2017-W12, 2017-03, "
                             "2017-Q1, 2017-SU, 2017 or 201)")
        if m["day"]:
            return cls.day(dt.date.fromisoformat(m["day"]))
        if m["wy"]:
            return cls.of(dt.date.fromisocalendar(int(m["wy"]), int(m["w"]), 1), Granularity.WEEK)
        if m["my"]:
            return cls.of(dt.date(int(m["my"]), int(m["m"]), 1), Granularity.MONTH)
        if m["qy"]:
            return cls.of(dt.date(int(m["qy"]), 3 * int(m["q"]) - 2, 1), Granularity.QUARTER)
        if m["sy"]:
            return cls.of(dt.date(int(m["sy"]), SEASON_START[m["s"]], 1), Granularity.SEASON)
        if m["year"]:
            return cls.of(dt.date(int(m["year"]), 1, 1), Granularity.YEAR)
        return cls.of(dt.date(int(m["decade"]) * 10, 1, 1), Granularity.DECADE)

    @property
    def timex(self) -> str:
        """The TIMEX3 value: how timeline.json, the store and every output write this period."""
        d, g = self.first, self.granularity
        if g is Granularity.DAY:
            return d.isoformat()
        if g is Granularity.WEEK:
            year, week, _ = d.isocalendar()
            return f"{year:04d}-W{week:02d}"
        if g is Granularity.MONTH:
            return f"{d.year:04d}-{d.month:02d}"
        if g is Granularity.QUARTER:
            return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
        if g is Granularity.SEASON:
            return f"{d.year:04d}-{_SEASON_OF_START[d.month]}"
        if g is Granularity.YEAR:
            return f"{d.year:04d}"
        return f"{d.year // 10:03d}"

    def contains(self, other: Period | dt.date) -> bool:
        """Whether a day, or every day of another period, falls inside this one."""
        if isinstance(other, Period):
            return self.first <= other.first and other.last <= self.last
        return self.first <= other <= self.last

    @property
    def sort_key(self) -> tuple[dt.date, int]:
        """Chronological, and at the same first day the longer period first ("2017", "2017-01", "2017-01-01"):
        the order of the TIMEX values of days, months and years."""
        return self.first, -_RANK[self.granularity]

    @property
    def fine_first_key(self) -> tuple[dt.date, int]:
        """Chronological, and at the same first day the finer period first (a day before its week and month)."""
        return self.first, _RANK[self.granularity]

    def __str__(self) -> str:
        """The TIMEX3 value, as people and files read it."""
        return self.timex


def _bounds(day: dt.date, granularity: Granularity) -> tuple[dt.date, dt.date]:
    """First and last day of the period of ``granularity`` containing ``day``."""
    if granularity is Granularity.DAY:
        return day, day
    if granularity is Granularity.WEEK:
        monday = day - dt.timedelta(days=day.weekday())
        return monday, monday + dt.timedelta(days=6)
    if granularity is Granularity.DECADE:
        start = day.year - day.year % 10
        return dt.date(start, 1, 1), dt.date(start + 9, 12, 31)
    index = day.year * 12 + day.month - 1  # months since year 0
    if granularity is Granularity.SEASON:
        index -= day.month % 3  # seasons start in March, June, September and December
    elif granularity is Granularity.QUARTER:
        index -= (day.month - 1) % 3
    elif granularity is Granularity.YEAR:
        index -= day.month - 1
    end = index + _MONTHS[granularity] - 1
    year, month = end // 12, end % 12 + 1
    return dt.date(index // 12, index % 12 + 1, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


class TimexType(ValueEnum):
    """TimeML's four kinds of temporal expression. Only DATE and TIME name a point or stretch of the calendar
    that can place something on a timeline; a DURATION ("for three days") and a SET ("every week") are found
    and typed so that they are not misread as dates, and are never placed."""

    DATE = "DATE"  # "22 March 2017", "last month", "the third quarter", and vague ones: "now", "recently"
    TIME = "TIME"  # a date with a time of day: "Wednesday night", "3 p.m. Tuesday"
    DURATION = "DURATION"  # "for three days", "the past 24 hours"
    SET = "SET"  # "every week", "on Fridays", "annually"


_WITHIN = re.compile(r"(?P<day>\d{4}-\d\d-\d\d)T[\w:]+|(?P<week>\d{4}-W\d\d)-WE|(?P<year>\d{4})-H[12]")


def read_timex(value: str | None) -> tuple[Period | None, TimexType, str | None]:
    """A stored mention's value read back: the period it places, its TIMEX3 type, and the full value when it is
    not the period's own (a TIME's "2017-03-22TNI" is placed on 2017-03-22). A value with no period of the
    timeline ("19", a century) comes back with no period."""
    if value is None:
        return None, TimexType.DATE, None
    within = _WITHIN.fullmatch(value)
    if within:
        period = Period.parse(within["day"] or within["week"] or within["year"])
        return period, TimexType.TIME if within["day"] else TimexType.DATE, value
    try:
        return Period.parse(value), TimexType.DATE, None
    except ValueError:
        return None, TimexType.DATE, value
