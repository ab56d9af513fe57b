"""The candidate expressions of the temporal tagger and what its resolution rules share.

A pattern of ``timex_patterns`` (or ``timex_kinds``) proposes a :class:`Candidate`;
``timex`` settles overlaps and resolves each one, handing the period rules of
``timex_periods`` and the clock rules of ``timex_clock`` the callbacks that build
its mention (:class:`Made`, :class:`Unanchored`). Here too is what more than one of
those modules reads from a candidate: the tense of the clause it stands in
(:func:`clause_tense`), the years and decades its numbers name and the numbers
its words spell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from ..model import Granularity, MentionHow, Period, TimeMention
from .timex_patterns import (
    CLAUSE_END,
    ED_ADJECTIVE_BEFORE,
    FINITE_PAST,
    FUTURE,
    FUTURE_IN_PAST,
    INTENT,
    NUMBERS,
    PASSIVE,
    PASSIVE_REACH,
    PAST,
    PREPOSITION,
    PREPOSITION_REACH,
)

__all__ = ["Candidate", "Groups", "Made", "Unanchored", "clause_tense", "decade_period", "parse_number", "year_period"]

G = Granularity


class Groups(dict[str, str | None]):
    """A match's named groups: ``groups["y"]`` for a group its pattern always fills, ``groups.get("y")`` otherwise."""

    def __getitem__(self, name: str) -> str:
        value = super().__getitem__(name)
        if value is None:
            raise KeyError(f"group {name!r} did not take part in the match")
        return value


@dataclass(frozen=True)
class Candidate:
    """An expression a pattern proposes: its kind (the pattern's name), its span in the text, its groups."""

    kind: str
    start: int
    end: int
    groups: Groups


class Made(Protocol):
    """Builds the TimeMention of the candidate being resolved."""

    def __call__(self, period: Period | None, how: MentionHow, detail: str, used: dt.date | None = None,
                 reason: str | None = None, timex: str | None = None) -> TimeMention: ...


#: Builds the unresolved mention of a candidate that needs an anchor and has none; the argument says what it is.
Unanchored = Callable[[str], TimeMention]


# --- the tense of a candidate's clause ------------------------------------------------------

#: "had been scheduled to ": the longest phrase FUTURE_IN_PAST is written for, with two words more.
_FUTURE_IN_PAST_REACH = 40


def clause_tense(text: str, c: Candidate) -> str | None:
    """"future", "past" or None for the clause a mention stands in.

    The preposition heading the mention decides first ("since March": past;
    "until March": future). Then the nearest marker before the
    mention in its clause (between commas): English puts the governing verb
    first ("met on Monday", "will meet on Monday"); only a fronted date ("On
    Monday, the minister said") looks to the markers after it; last, the
    rest of the sentence.
    """
    prep = PREPOSITION.search(text, max(0, c.start - PREPOSITION_REACH), c.start)
    word = prep.group("p").lower() if prep else None
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
    if word in ("by", "through"):  # a deadline or an end ahead unless its own clause is past:
        # "to pay down the loan by February" (even after "The sale, which had been expected,");
        # "worked through Tuesday night" and "by March, sales had fallen" are past.
        fronted = not PREPOSITION.sub("", text[clause_start : c.start]).strip()  # "By February, sales had ..."
        return (_nearest_marker(text, clause_start, c.start, before=True)
                or _nearest_marker(text, c.end, sentence_end if fronted else clause_end, before=False) or "future")
    return (
        _nearest_marker(text, clause_start, c.start, before=True)
        or _nearest_marker(text, c.end, clause_end, before=False)
        or _nearest_marker(text, sentence_start, c.start, before=True)
        or _nearest_marker(text, c.end, sentence_end, before=False)
    )


def _nearest_marker(text: str, left: int, right: int, *, before: bool) -> str | None:
    best: tuple[int, str] | None = None
    for label, pattern in (("future", FUTURE), ("past", PAST), ("intent", INTENT)):
        for m in pattern.finditer(text, left, right):
            word, reach = m.group(), max(0, m.start() - PASSIVE_REACH)
            if label == "past" and word not in FINITE_PAST and (
                    PASSIVE.search(text, reach, m.start())
                    or (word.endswith("ed") and ED_ADJECTIVE_BEFORE.search(text, reach, m.start()))):
                continue
            found = "future" if label == "intent" else label
            if label == "future" and FUTURE_IN_PAST.search(text, max(0, m.start() - _FUTURE_IN_PAST_REACH), m.start()):
                found = "past"  # "was due to expire on Friday": the future of a past moment
            distance = right - m.end() if before else m.start() - left
            if best is None or distance < best[0]:
                best = (distance, found)
    return best[1] if best else None


# --- the periods and numbers a candidate's words name --------------------------------------


def year_period(year: int) -> Period:
    return Period.of(dt.date(year, 1, 1), G.YEAR)


def decade_period(decade: int) -> Period:
    """The decade ``decade`` names in tens of years (201: the 2010s)."""
    return Period.of(dt.date(decade * 10, 1, 1), G.DECADE)


def parse_number(text: str) -> int | None:
    """3 for "3" or "three", 1 for "a"; None for a word that names no number ("several")."""
    text = text.lower()
    return int(text) if text.isdigit() else NUMBERS.get(text)
