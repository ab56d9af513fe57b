"""The periods of results reports: quarters, halves, fiscal and full years, as the temporal tagger reads them.

Company results are written about a period that has ended: "third-quarter
profit rose 12% from a year earlier", "the year-ago quarter", "fiscal 1989",
"the first half", "year-end". ``timex`` hands the candidates of those kinds
(:data:`PERIOD_KINDS`, and the "quarter" kind) to the rules here, and keeps, as
it resolves a text left to right, the latest quarter that has ended by the
publication date (:func:`reported_quarter`): that is the quarter the report is
about, so "the quarter" and "a year earlier" are read against it
(:func:`year_ago_of_report`, :func:`year_ago_quarter`). The other coarse kinds
that go through the same dispatch are resolved here as well: decades counted
back ("two decades ago", "the past decade"), centuries, and "that year".
"""

from __future__ import annotations

import datetime as dt
import re

from ..model import Granularity, MentionHow, Period, TimeMention
from .timex_candidate import (
    Candidate,
    Made,
    Unanchored,
    clause_tense,
    decade_period,
    parse_number,
    year_period,
)
from .timex_patterns import ORDINAL_QUARTERS

__all__ = ["PERIOD_KINDS", "quarter", "report_period", "reported_quarter", "year_ago_of_report", "year_ago_quarter"]

G = Granularity

#: Kinds resolved by :func:`report_period`: quarters, halves and years named by their place in a report.
PERIOD_KINDS = {"qphrase", "half", "fiscal", "fullyear", "yearedge", "thatyear", "yearago_adj", "decade_rel",
                "century"}
#: Words that make a quarter or a comparison the one a year before ("the year-ago quarter", "a year earlier").
_YEAR_AGO = re.compile(r"year-ago|year-earlier|year-before|prior-year|last year|a year (?:ago|earlier)", re.I)
#: A comparison of figures before "last year": "compared with a loss of $3 million last year".
_COMPARISON_BEFORE = re.compile(r"\b(?:from|with|versus|vs\.|than|against)\b[^.;]*\d[^.;]*$", re.I)
_FIGURE_AFTER = re.compile(r"'s\s+(?:[A-Z]{0,2}\$|#|\d)")
#: How far back a comparison may open before "last year": the length of "compared with a net loss of $35.2
#: million, or 31 cents a share,".
_COMPARISON_REACH = 90
_QUARTER_ORDINAL = re.compile(r"\b(first|second|third|fourth|1st|2nd|3rd|4th)\b", re.I)
_HALF = {"first": 1, "second": 2, "last": 2, "latter": 2}
_SHIFT_YEAR = {"the year": 0, "this year": 0, "last year": -1, "next year": 1}


def reported_quarter(mention: TimeMention, anchor: dt.date | None) -> bool:
    """Whether a mention names a quarter a results report can be about: one that has ended by the anchor,
    not named as the year-ago one. The latest such quarter is the report's ("third-quarter profit rose ...
    from a year earlier"); a forecast for the current or a later quarter is not."""
    period = mention.period
    return (period is not None and period.granularity is G.QUARTER and anchor is not None
            and period.last < anchor and not _YEAR_AGO.search(mention.text))


def year_ago_of_report(c: Candidate, text: str, surface: str) -> bool:
    """In a report about a quarter: "a year ago", "a year earlier", "year-earlier", and "last year" in a
    comparison of figures, mean the same quarter a year before (TimeML's reading: "profit rose from $5
    million a year earlier" compares the quarters)."""
    words = surface.lower()
    if c.kind in ("ago", "shift") and words in ("a year ago", "a year earlier", "one year ago", "one year earlier"):
        return True
    if c.kind == "relyear" and words == "last year":
        return bool(_COMPARISON_BEFORE.search(text, max(0, c.start - _COMPARISON_REACH), c.start)
                    or _FIGURE_AFTER.match(text, c.end))
    return c.kind == "yearago_adj"


def year_ago_quarter(last_quarter: Period, anchor: dt.date | None, made: Made) -> TimeMention:
    """The quarter a year before the one the report is about: what "a year earlier" means in it."""
    index = last_quarter.first.year * 4 + (last_quarter.first.month - 1) // 3 - 4
    return made(_quarter_period(index // 4, index % 4 + 1), MentionHow.REPORTED_PERIOD,
                f"a year before the quarter the report is about ({last_quarter.timex})", anchor)


def report_period(c: Candidate, text: str, anchor: dt.date | None, last_start: dt.date | None,
                   last_quarter: Period | None, made: Made, unanchored: Unanchored) -> TimeMention | None:
    """Quarters, halves and years as results reports name them, and decades and centuries counted back."""
    g, kind = c.groups, c.kind
    surface = text[c.start : c.end].lower()
    if kind == "century":  # "the 20th century" is 19 in TimeML; no period of the timeline is that coarse
        number = int(g["n"])
        if not 1 <= number <= 21:
            return None
        return made(None, MentionHow.ABSOLUTE, "absolute, a century", None,
                    "a century: too coarse to place anything on a timeline", timex=f"{number - 1:02d}")
    if kind == "fiscal" and g.get("y"):  # TimeBank writes "fiscal 1989" as 1989, the year that names it
        return made(year_period(int(g["y"])), MentionHow.ABSOLUTE, "absolute, a fiscal year by its name")
    if kind == "thatyear":
        if last_start is None:
            return made(None, MentionHow.UNRESOLVED, "that year", None, "no year was mentioned before it")
        return made(year_period(last_start.year), MentionHow.FROM_LAST_MENTIONED, "the year last mentioned",
                    last_start)
    if kind == "yearedge" and g.get("y"):
        return made(year_period(int(g["y"])), MentionHow.ABSOLUTE, "absolute, the end of the year")
    if kind == "half" and g.get("y") and g["y"].isdigit():
        return made(year_period(int(g["y"])), MentionHow.ABSOLUTE, "absolute, a half year",
                    timex=f"{g['y']}-H{_half_number(surface)}")
    if anchor is None:
        return unanchored(kind)
    if kind == "fiscal":
        shift = {"last": -1, "previous": -1, "next": 1, "coming": 1}.get(g["mod"].lower(), 0)
        return made(year_period(anchor.year + shift), MentionHow.FROM_ANCHOR, "fiscal year, from the anchor",
                    anchor)
    if kind in ("fullyear", "yearedge"):  # "the full year", "earlier in the year", "year-end" (TimeML: mod END)
        return made(year_period(anchor.year), MentionHow.FROM_ANCHOR, "the anchor's year", anchor)
    if kind == "yearago_adj":  # "year-earlier results" outside a report about a quarter
        return made(year_period(anchor.year - 1), MentionHow.FROM_ANCHOR, "the year before the anchor's", anchor)
    if kind == "decade_rel":
        back = parse_number(g["n"]) if g.get("n") else 1
        years = 10 * (back or 1)
        return made(decade_period((anchor.year - years) // 10), MentionHow.FROM_ANCHOR,
                    "the decade, counted back from the anchor", anchor)
    if kind == "half":
        number = _half_number(surface)
        year_words = (g.get("y") or "").lower()
        if year_words:
            year = anchor.year + _SHIFT_YEAR[year_words]
        else:
            current, tense = (anchor.month - 1) // 6 + 1, clause_tense(text, c)
            year = anchor.year - (tense == "past" and number > current) + (tense == "future" and number < current)
        return made(year_period(year), MentionHow.ANCHOR_YEAR, "half year, year from the anchor", anchor,
                    timex=f"{year}-H{number}")
    return _quarter_phrase(c, text, surface, anchor, last_quarter, made)


def _quarter_phrase(c: Candidate, text: str, surface: str, anchor: dt.date, last_quarter: Period | None,
                    made: Made) -> TimeMention | None:
    """"the quarter", "the latest period", "the year-ago quarter", "the 1988 third quarter", "third-quarter"."""
    g = c.groups
    det, words = (g.get("det") or "").lower(), (g.get("words") or "").lower()
    year_ago = bool(_YEAR_AGO.search(surface))
    year = re.search(r"(?:19|20)\d\d", words)
    ordinal = _QUARTER_ORDINAL.search(words)
    qualified = year_ago or year or ordinal or any(
        w in words for w in ("latest", "recent", "current", "same", "comparable", "corresponding"))
    if not det and not qualified:
        return None  # "quarter", "period": not a mention alone
    if g["unit"] == "period" and not qualified:
        return None  # "the period" is any stretch of time
    now = anchor.year * 4 + (anchor.month - 1) // 3
    if ordinal:
        q = ORDINAL_QUARTERS[ordinal.group(1).lower()]
        if year:
            index = int(year.group()) * 4 + q - 1
        elif det in ("this year's", "last year's"):
            index = (anchor.year - (det == "last year's")) * 4 + q - 1
        else:
            # A fiscal quarter is reported after it ends: the latest such one up to the anchor.
            tense = "past" if "fiscal" in words else clause_tense(text, c)
            index = _quarter_year(q, anchor, tense) * 4 + q - 1 - 4 * year_ago
        how, detail = (MentionHow.ABSOLUTE, "absolute") if year else (
            MentionHow.ANCHOR_YEAR, "quarter, year from the anchor")
    else:
        if "current" in words or det == "this":
            index, how, detail = now, MentionHow.FROM_ANCHOR, "the anchor's quarter"
        elif last_quarter is not None:
            index = last_quarter.first.year * 4 + (last_quarter.first.month - 1) // 3
            how, detail = MentionHow.REPORTED_PERIOD, f"the quarter the report is about ({last_quarter.timex})"
        elif det == "that":
            return made(None, MentionHow.UNRESOLVED, "that quarter", None, "no quarter was mentioned before it")
        else:  # "the latest quarter", "the quarter" with none named: the last one that has ended
            index, how, detail = now - 1, MentionHow.FROM_ANCHOR, "the last quarter ended before the anchor"
        if year:
            index = int(year.group()) * 4 + index % 4
            how = MentionHow.ABSOLUTE if last_quarter is None else how
        elif year_ago:
            index -= 4
            detail += ", a year before"
    return made(_quarter_period(index // 4, index % 4 + 1), how, detail, anchor)


def _half_number(surface: str) -> int:
    if "two quarters" in surface:
        return 1
    word = next(w for w in _HALF if re.search(rf"\b{w}\b", surface))
    return _HALF[word]


def quarter(c: Candidate, text: str, anchor: dt.date | None, made: Made,
             unanchored: Unanchored) -> TimeMention | None:
    g = c.groups
    number = g.get("qn") or g.get("qn2")
    if number:
        q = int(number)
        year_text = g.get("y") or g.get("y2")
        if year_text:
            return made(_quarter_period(int(year_text), q), MentionHow.ABSOLUTE, "absolute")
        if anchor is None:
            return unanchored("quarter")
        return made(_quarter_period(_quarter_year(q, anchor, clause_tense(text, c)), q), MentionHow.ANCHOR_YEAR,
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
        year = _quarter_year(q, anchor, clause_tense(text, c))
    return made(_quarter_period(year, q), MentionHow.ANCHOR_YEAR, "quarter, year from the anchor", anchor)


def _quarter_year(q: int, anchor: dt.date, tense: str | None) -> int:
    """The year of a quarter named without one: the nearest such quarter that the tense allows.

    Past: none after the anchor's. Future: none that ended before the one just past, whose results are
    still to come when a report says "expects third-quarter profit" in October. Ties go to the past,
    or to the future in a future clause.
    """
    now = anchor.year * 4 + (anchor.month - 1) // 3
    options = [(year * 4 + q - 1, year) for year in (anchor.year - 1, anchor.year, anchor.year + 1)]
    if tense == "past":
        options = [o for o in options if o[0] <= now]
    elif tense == "future":
        options = [o for o in options if o[0] >= now - 1]
    ahead = tense == "future"
    return min(options, key=lambda o: (abs(o[0] - now), (o[0] < now) if ahead else (o[0] > now)))[1]


def _quarter_period(year: int, quarter: int) -> Period:
    return Period.of(dt.date(year, 3 * quarter - 2, 1), G.QUARTER)
