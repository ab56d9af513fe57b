"""Placement: whether a date a sentence names is when what it tells happened.

"Oil prices have dropped to about 40 percent of their level last year, was
discussed at the meeting" names "last year", but nothing it tells happened
last year: the date only qualifies a comparison. Such a date stays a correct
time mention, but it does not put its sentence on that date; the sentence is
placed by its other dates, or as a sentence naming none (its report's focus
day or publication date, see ``events.article_candidates``).

The rules read the words just before the mention, in its clause. Each is
named data with the reason it holds; :func:`qualifier` returns the first that
matches.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["QUALIFIERS", "Qualifier", "qualifier"]


@dataclass(frozen=True)
class Qualifier:
    """A pattern of the words before a date that make the date qualify something rather than date the sentence."""

    name: str
    before: re.Pattern[str]  # searched in the sentence up to the mention; must match up to its end
    why: str  # for people, completed by the words matched


#: Superlatives and ordinals that make a following "since" clause the measure of a record, not an event:
#: "the highest since 2014", "the first meeting since the city was retaken in February".
_RECORDS = (r"first|highest|lowest|biggest|largest|smallest|worst|best|strongest|weakest|deadliest|fastest|"
            r"slowest|longest|shortest|heaviest|sharpest|steepest|warmest|coldest|wettest|driest|the most|the least")

QUALIFIERS: tuple[Qualifier, ...] = (
    # "compared with 2014", "in comparison to last year": the date is the other side of a comparison.
    Qualifier("compared-with", re.compile(r"\b(?:compared|comparison)\s+(?:with|to)\b[^,;]{0,40}$", re.I),
              "is the other side of a comparison"),
    # "higher than a year ago", "fewer than in 2014"; not "no later than Friday" (a deadline) nor
    # "more than a year ago" (an approximate date of the event itself).
    Qualifier("than", re.compile(r"(?<!\bmore )(?<!\bless )(?<!\bfewer )(?<!\blater )(?<!\bearlier )(?<!\bsooner )"
                                 r"\bthan\b[^,;]{0,30}$", re.I),
              "is the other side of a comparison"),
    # "of their level last year", "below its peak in 2008": a level measured then, compared with now.
    Qualifier("level-then", re.compile(r"\b(?:level|levels|peak|high|low|average)\s+(?:(?:in|of|at|seen|reached|"
                                       r"recorded)\s+)?$", re.I),
              "dates the level compared with, not an event"),
    # "the same period last year", "the same month a year earlier": the period compared with.
    Qualifier("same-period", re.compile(r"\bsame\s+(?:period|time|month|week|quarter|day|point|stage)\s+"
                                        r"(?:(?:of|in|a)\s+)?$", re.I),
              "is the period compared with"),
    # "up 5 percent from a year earlier", "down from 30 in 2014": the starting point of a change.
    Qualifier("change-from", re.compile(r"\b(?:up|down)\s+(?:[\d.,]+\s*(?:percent|per cent|%|points?)?\s+)?from\b"
                                        r"[^,;]{0,25}$", re.I),
              "is the starting point of a change"),
    # "versus 2014", "vs. last year".
    Qualifier("versus", re.compile(r"\b(?:versus|vs\.?)\s+[^,;]{0,20}$", re.I), "is the other side of a comparison"),
    # "the highest since 2014", "is the first meeting since the city was retaken in February": the record's
    # measure, up to the end of the clause. Not when the record word opens the sentence's subject ("The first
    # families to go home since the disaster crossed the bridge on Wednesday"): the date may be its verb's.
    Qualifier("record-since", re.compile(rf"(?<!^the )(?<!^a )(?<![-—–:] the )(?<![-—–:] a )"
                                         rf"\b(?:{_RECORDS})\b[^;]*?\bsince\b[^;]*$", re.I),
              "measures a record ('since'), it is not when the sentence's news happened"),
)


def qualifier(sentence: str, start: int) -> tuple[Qualifier, str] | None:
    """The rule by which the date starting at ``start`` in ``sentence`` only qualifies, with the words it read.

    None when the date may be when what the sentence tells happened.
    """
    before = sentence[:start]
    for rule in QUALIFIERS:
        m = rule.before.search(before)
        if m:
            return rule, " ".join(m.group().split())
    return None
