"""Durations, sets and vague references: the TIMEX3 expressions that place nothing on a timeline.

TimeML has four types of temporal expression. DATE and TIME name a stretch of
the calendar ("22 March 2017", "Wednesday night"); this module finds the
others, so that they are typed rather than missed or misread as dates:

- **DURATION**, an amount of time: "for [three days]" ``P3D``, "[the past 24
  hours]" ``PT24H``, "a [five-year] low" ``P5Y``, "[several months]" ``PXM``;
- **SET**, a recurring time: "[every week]" ``P1W``, "[weekly]" ``P1W``, "on
  [Fridays]" ``XXXX-WXX-5``, "$30 million [a year]" ``P1Y``;
- **vague DATEs**, the present, past or future as a whole: "[now]", "[currently]"
  ``PRESENT_REF``; "[recently]", "in [the past]" ``PAST_REF``; "[soon]", "[the
  future]" ``FUTURE_REF``.

Spans follow TimeBank's gold (TempEval-3): a preposition heading the expression
stays outside ("for [three days]", "in [the past]"), while a determiner, a
modifier and a hedge belong to it ("[the past two months]", "[at least 30
days]", "[nearly two years]"). A hedged or vague duration keeps the unit with
``X`` for the number ("[a few days]" ``PXD``). Units are TimeML's: ``Y M W D``,
``TH TM TS`` for hours, minutes and seconds, ``Q`` for quarters, and TimeBank's
``E`` (decade) and ``C`` (century).

Where TimeBank is not consistent, the rule here is the more common one and is
written down: "recent <unit>s" ("in recent months") is ``PAST_REF`` and
"coming <unit>s" ``FUTURE_REF``. A vague word is tagged when TimeBank
annotates it at least about half the times it occurs: "now" (46 of 60),
"recently", "currently", "the future" (not "the future of ..."), "soon" (not
"as soon as", "soon after") and the adjective "current" (8 of 15); not
"recent" alone (6 of 14), "previously" (3 of 19), "once" (1 of 17),
"already" (2 of 31) or "former" (0 of 15).

Differences from TimeBank on purpose: "three days later" and "a day earlier"
stay the DATEs timex.py resolves them to (TimeBank marks a few of them
DURATIONs), since the timeline needs the day they name; "Monday and Tuesday
nights" is not read as a set of Mondays.

Nothing here has a ``period``: ``TimeMention.places`` is False for every
mention this module makes, and the value is in ``TimeMention.timex``. The
patterns are joined to the date patterns in ``timex.py`` (see the hook there),
so that one longest-first pass settles overlaps: "[the past three months]" (a
duration) beats "three months", "[two years ago]" (a date) beats "two years".
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping

from ..model import MentionHow, TimeMention, TimexType

__all__ = ["KINDS", "PATTERNS", "VAGUE_VALUES", "matches", "names_calendar", "resolve"]

#: The TIMEX3 values of vague references: DATEs that name no stretch of the calendar.
VAGUE_VALUES = frozenset({"PRESENT_REF", "PAST_REF", "FUTURE_REF"})

# --- vocabulary ---------------------------------------------------------------------------------------

_ONES = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1000}
#: Quantities that are not numbers: the duration keeps its unit and an X for the amount ("PXD").
_VAGUE_AMOUNTS = ("a few", "few", "several", "many", "some", "a number of", "dozens of", "hundreds of",
                  "thousands of")
#: Unit words and the TIMEX3 duration unit of each; times of day go after a "T" ("PT3H").
_UNITS = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W", "fortnight": "W",
    "month": "M", "quarter": "Q", "year": "Y", "decade": "E", "century": "C", "centuries": "C",
}
_TIME_UNITS = {"second", "minute", "hour"}
#: How many of a unit one of these words is ("a fortnight" is two weeks).
_UNIT_FACTOR = {"fortnight": 2}
#: Half a unit, in the next smaller one ("two and a half years" is P2Y6M).
_HALF = {"Y": (6, "M"), "D": (12, "H"), "H": (30, "M"), "M": (30, "S")}

_NUMWORD = "|".join(sorted([*_ONES, *_SCALES], key=len, reverse=True))
_NUMBER = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?(?:\s+1/2)?"
    rf"|(?:a\s+(?=hundred|thousand))?(?:{_NUMWORD})(?:(?:\s+|-)(?:and\s+)?(?:{_NUMWORD}))*"
    rf"|a\s+couple\s+of|a\s+dozen|couple\s+of)(?:\s+and\s+a\s+half)?"
)
_VAGUE = "|".join(a.replace(" ", r"\s+") for a in _VAGUE_AMOUNTS)
_UNIT = r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade|centur(?:y|ies))"
_UNIT_QUALIFIER = r"(?:trading|business|working|calendar|fiscal|school|academic)"
_HEDGE = (r"(?:about|around|roughly|approximately|nearly|almost|only|just|barely|some|at\s+least|at\s+most"
          r"|more\s+than|less\s+than|fewer\s+than|no\s+more\s+than|no\s+less\s+than|up\s+to"
          # "[over a week]", but "over [the last two weeks]": "over" is a hedge only right before the number
          rf"|(?:well\s+)?over(?=\s+(?:\d|a\s|an\s|{_NUMWORD})))")
_DET = r"(?:the|these|those|its|their|his|her|our|this|that)"
_REL = (r"(?:past|last|next|first|final|coming|previous|preceding|following|latest|initial|remaining|same"
        r"|subsequent|ensuing|intervening|early|earliest|opening|closing)")
_WEEKDAYS = {"monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7}
_MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"), start=1)}
_PARTS = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI"}
_PART = "morning|afternoon|evening|night"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
#: Adverbs and adjectives of frequency, with their SET values.
_FREQUENCY = {
    "hourly": "PT1H", "daily": "P1D", "nightly": "P1D", "weekly": "P1W", "biweekly": "P2W", "fortnightly": "P2W",
    "monthly": "P1M", "bimonthly": "P2M", "quarterly": "P3M", "semiannually": "P6M", "semi-annually": "P6M",
    "annually": "P1Y", "yearly": "P1Y", "biannually": "P6M",
}
#: Vague references and their values: the words TimeBank annotates about as often as not, or more (see above).
_VAGUE_WORDS = {
    "now": "PRESENT_REF", "right now": "PRESENT_REF", "just now": "PRESENT_REF", "currently": "PRESENT_REF",
    "nowadays": "PRESENT_REF", "these days": "PRESENT_REF", "the present": "PRESENT_REF",
    "present": "PRESENT_REF", "presently": "PRESENT_REF",
    "recently": "PAST_REF", "more recently": "PAST_REF", "most recently": "PAST_REF", "lately": "PAST_REF",
    "until recently": "PAST_REF", "the past": "PAST_REF",
    "soon": "FUTURE_REF", "as soon as possible": "FUTURE_REF", "the future": "FUTURE_REF",
    "the near future": "FUTURE_REF", "the distant future": "FUTURE_REF", "the immediate future": "FUTURE_REF",
    "the short term": "FUTURE_REF", "the near term": "FUTURE_REF", "the long term": "FUTURE_REF",
    "the longer term": "FUTURE_REF", "current": "PRESENT_REF",
}

_P = re.compile
_I = re.IGNORECASE

# --- patterns: each has a group "m", the expression itself; kinds start with "kinds." ------------------

#: What ends a counted duration: not an age ("52 years old", "a 34-year-old": TimeBank leaves ages alone), not a
#: date counted back ("two years ago", which timex.py tags).
_AFTER_DURATION = r"(?![\w-])(?!\s+(?:old|ago)\b)"

PATTERNS: list[tuple[str, str, re.Pattern[str]]] = [
    # SETs first: where a SET and a duration cover the same words ("every day"), the SET is kept.
    ("kinds.every", "unit", _P(rf"\b(?P<m>(?:every|each)\s+(?:(?P<other>other)\s+)?(?:(?P<n>{_NUMBER})\s+)?"
                               rf"(?:{_UNIT_QUALIFIER}\s+)?(?P<unit>{_UNIT})s?)\b", _I)),
    ("kinds.every_day", "every", _P(rf"\b(?P<m>(?i:every|each)\s+(?P<wd>{_WEEKDAY})(?:\s+(?P<part>{_PART}))?)\b")),
    ("kinds.every_month", "every", _P(rf"\b(?P<m>(?i:every|each)\s+(?P<mon>{_MONTH}))\b")),
    ("kinds.every_part", "every", _P(rf"\b(?P<m>(?:every|each)\s+(?P<part>{_PART}))\b", _I)),
    ("kinds.weekdays", "weekdays", _P(rf"\b(?P<m>(?P<wd>{_WEEKDAY})(?:s(?:\s+(?P<part>{_PART})s?)?"
                                      rf"|\s+(?P<parts>{_PART})s))\b(?!')")),
    ("kinds.frequency", "frequency", _P(rf"\b(?P<m>(?P<f>{'|'.join(sorted(_FREQUENCY, key=len, reverse=True))}))\b",
                                        _I)),
    # Counted durations: "[three days]", "[the past 24 hours]", "[at least 20 more years]", "a [10-year] note"
    ("kinds.duration", "unit", _P(
        rf"\b(?P<m>(?:(?P<hedge>{_HEDGE})\s+)?(?:(?P<det>{_DET})\s+)?(?:(?P<rel>{_REL})\s+)?"
        rf"(?:(?P<n>{_NUMBER})(?:\s*(?:to|-|or)\s*(?P<n2>{_NUMBER}))?|(?P<vague>{_VAGUE}))"
        rf"(?:\s+(?:more|additional|full|straight|consecutive|long|extra|further))?"
        rf"(?:\s+|-)(?:{_UNIT_QUALIFIER}(?:\s+|-))?(?P<unit>{_UNIT})(?:s|'s|s')?(?:\s+or\s+so)?)"
        rf"{_AFTER_DURATION}", _I)),
    # "a [three-year] period", "[a fairly lengthy period]"
    ("kinds.period", "unit", _P(
        rf"\b(?P<m>an?\s+(?:(?P<n>{_NUMBER})-(?P<unit>{_UNIT})|(?:fairly\s+|very\s+)?(?:long|lengthy|short|brief))"
        r"\s+(?:period|spell|stretch|term|stint|tenure))\b", _I)),
    # The reporting period of an account: "[the year] ended March 31", "[the fiscal year] ending June 30"
    # (TimeBank marks "the quarter ended Sept. 30" a DATE, its quarter, more often than not: left to timex.py.)
    ("kinds.account", "unit", _P(r"\b(?P<m>the\s+(?:(?:fiscal|financial|latest|current)\s+)?(?P<unit>year|half))"
                                 r"(?=\s+(?:that\s+)?(?:ended|ending|to\s+(?:the\s+)?end))\b", _I)),
    # Bare plural units after a preposition: "for [centuries]", "within [weeks]", "the first time in [years]"
    ("kinds.units", "unit", _P(
        r"\b(?:for|within|in|after|than|over|lasting|took|takes|take)\s+"
        r"(?P<m>(?P<unit>second|minute|hour|day|week|month|year|decade|centurie)s)\b"
        r"(?!\s+(?:ago|old|of|to\s+come|before|after|later|earlier)\b)", _I)),
    ("kinds.units", "unit", _P(r"\b(?P<m>(?:weeks|months|years|days)\s+or\s+(?P<unit>week|month|year|day)s)\b", _I)),
    ("kinds.the_years", "unit", _P(r"\b(?:over|through|down|across)\s+(?P<m>the\s+(?P<unit>year|decade|centurie)s)\b"
                                   r"(?!\s+(?:of|since|to|before|after)\b)", _I)),
    ("kinds.ahead", "unit", _P(rf"\b(?P<m>the\s+(?:(?:{_VAGUE})\s+)?(?P<unit>day|week|month|year)s"
                               r"\s+(?:ahead|to\s+come))\b", _I)),
    # Duration "a [week]" and alike: a single unit needs a preposition or verb that takes a duration before it.
    ("kinds.one", "unit", _P(
        r"\b(?:(?P<prep>for|within|in|after|lasting|last|lasts|lasted|took|take|takes|spent|spend|spends|of)\s+)?"
        r"(?P<m>(?:(?P<hedge>over|about|around|roughly|nearly|almost|only|just|barely|under|at\s+least|more\s+than"
        r"|less\s+than)\s+)?(?P<n>an?)\s+(?:(?:full|whole|additional|further|extra|single)\s+)?"
        r"(?P<unit>minute|hour|day|week|fortnight|month|year|decade|century))\b(?![\w-])"
        r"(?!\s+(?:ago|earlier|later|before|after|or\s+so\s+ago|and\s+a\s+half|or\s+two)\b)(?!')", _I)),
    # "twice a week", "$30 million a year", "4,000 organs a year", "60 miles per hour": a rate, after the durations
    # so that "for [a year]" stays one (without "twice" or "three times", only after a quantity: _QUANTITY_BEFORE)
    ("kinds.rate", "unit", _P(rf"\b(?P<m>(?:(?P<times>once|twice|{_NUMBER}\s+times)\s+)?(?:a|an|per)\s+"
                              rf"(?P<unit>{_UNIT}))\b(?!\s+(?:ago|earlier|later|before|after|or|and|from)\b)(?![\w-])",
                              _I)),
    # "in [the last month]", "over [the past week]": the stretch up to the time of speaking, not the calendar month
    # before it ("last month" alone stays timex.py's date). TimeML: a DURATION of one unit.
    ("kinds.last_unit", "unit", _P(r"\b(?:in|over|during|within|throughout|for)\s+(?P<m>the\s+(?:past|last)\s+"
                                   r"(?P<unit>day|week|fortnight|month))\b(?!\s+(?:of|before|after)\b)(?!')", _I)),
    # Vague references.
    ("kinds.vague", "vague", _P(r"\b(?P<m>(?:right|just)\s+now|now)\b(?!-)", _I)),
    ("kinds.vague", "vague", _P(r"\b(?P<m>currently|nowadays|these\s+days|presently|(?:more|most|until)\s+recently"
                                r"|recently|lately)\b", _I)),
    ("kinds.vague", "vague", _P(r"\bat\s+(?P<m>present)\b(?!\s+(?:value|levels?|rates?|prices?))", _I)),
    ("kinds.vague", "vague", _P(r"\b(?P<m>the\s+present)\b(?=\s*(?:[,.;:!?)'\"”’]|$|\s+(?:and|or|but|day)\b))",
                                _I)),
    # "in the past": not "the past two months" (a duration) nor "the past year" (a date).
    ("kinds.vague", "vague", _P(
        rf"\b(?P<m>the\s+past)\b"
        rf"(?!\s+(?:(?:{_NUMWORD}|\d|few|several|many|couple|{_UNIT}|summer|winter|spring|autumn|fall|weekend)\w*\b))"
        rf"(?!\s+\w+\s+(?:{_UNIT}|weekend)s?\b)", _I)),
    # "the future": not "the future of the company" (its prospects).
    ("kinds.vague", "vague", _P(r"\b(?P<m>the\s+(?:(?:near|distant|immediate)\s+)?future)\b(?!\s+of\b)", _I)),
    ("kinds.vague", "vague", _P(r"\b(?P<m>the\s+(?:short|near|long|longer)\s+term)\b(?!-)", _I)),
    # "soon", not the conjunction ("as soon as they arrive") nor "soon after" (counted from an event).
    ("kinds.vague", "vague", _P(r"\b(?P<m>as\s+soon\s+as\s+possible)\b", _I)),
    ("kinds.vague", "vague", _P(r"(?<!\bas\s)\b(?P<m>soon)\b(?!\s+(?:after|afterwards?|thereafter|as|to\s+be)\b)", _I)),
    # "current" but not "the current quarter" (a date, timex.py's)
    ("kinds.vague", "vague", _P(r"\b(?P<m>current)\b(?!\s+(?:(?:fiscal|financial|calendar)\s+)?"
                                r"(?:year|quarter|month|week|half|period|season|decade|century)s?\b)(?!-)", _I)),
    # "in recent months" / "in coming weeks": the recent past and the near future, TimeBank's majority reading.
    ("kinds.recent", "unit", _P(r"\b(?P<m>(?:the\s+)?(?:(?P<past>recent|past)|(?P<future>coming|upcoming|future))\s+"
                                r"(?:few\s+)?(?P<unit>day|week|month|quarter|year|decade)s)\b", _I)),
    # "several years ago", "months ago": counted back by an unknown amount
    ("kinds.ago", "unit", _P(rf"\b(?P<m>(?:(?:{_VAGUE})\s+)?(?:second|minute|hour|day|week|month|year|decade)s"
                             r"\s+ago)\b", _I)),
]

KINDS = frozenset(kind for kind, _, _ in PATTERNS)

#: Each pattern runs only near a word it needs (its gate), not over the whole text: a unit ("years"), a vague word
#: ("now"), "every"/"each". Run on every position of a report, the patterns above took twice as long as all the
#: date patterns; near their gates' 1 or 2 words a sentence they take a tenth of that.
_GATES: dict[str, tuple[str, ...]] = {
    "unit": ("second", "minute", "hour", "day", "night", "week", "fortnight", "month", "quarter", "year", "decade",
             "centur"),
    "vague": ("now", "current", "recent", "present", "late", "past", "future", "soon", "term", "these days"),
    "every": ("every", "each"),
    "weekdays": ("days", "day morning", "day afternoon", "day evening", "day night"),
    "frequency": ("ly",),
}
#: Gates whose words stand at the end of a word ("Fridays", "weekly").
_GATES_INSIDE_WORDS = frozenset({"weekdays", "frequency"})
#: How far before and after a gate word an expression may reach, in characters: "no more than the past two
#: hundred and fifty" is 50 characters before its unit; after it, "s or so" and what the patterns look ahead at.
_REACH_BEFORE = 64
_REACH_AFTER = 40
#: What stands before "a year" in a rate: a quantity ("$30 million a year", "4,000 organs a year", "5% a year").
_QUANTITY_BEFORE = re.compile(r"(?:\d[\d,.]*%?|million|billion|thousand|hundred|percent|cents|[a-z]{2,}s)\s+$", _I)
_QUANTITY_REACH = 24


def _windows(text: str, lowered: str, words: tuple[str, ...], inside: bool) -> list[tuple[int, int]]:
    """The stretches of ``text`` around the words (at the start of a word unless ``inside``), merged where they
    overlap."""
    starts = []
    for word in words:
        at = lowered.find(word)
        while at >= 0:
            if inside or at == 0 or not lowered[at - 1].isalpha():
                starts.append(at)
            at = lowered.find(word, at + 1)
    merged: list[tuple[int, int]] = []
    for at in sorted(starts):
        lo, hi = max(0, at - _REACH_BEFORE), min(len(text), at + _REACH_AFTER)
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged


def matches(text: str) -> Iterator[tuple[str, re.Match[str]]]:
    """Every match of :data:`PATTERNS` in ``text``, as (kind, match): SETs first, then durations, then vague words."""
    lowered = text.lower()
    windows = {name: _windows(text, lowered, words, name in _GATES_INSIDE_WORDS) for name, words in _GATES.items()}
    for kind, gate_name, pattern in PATTERNS:
        for lo, hi in windows[gate_name]:
            for match in pattern.finditer(text, lo, hi):
                if _fits(kind, match, text):
                    yield kind, match


def _fits(kind: str, match: re.Match[str], text: str) -> bool:
    """Whether a match is what its pattern is for, by what stands around it; checked before the longest-first
    choice, so that a match that is not one never hides one that is."""
    if kind == "kinds.rate" and not match.group("times"):
        start = match.start("m")  # "$30 million a year", not "in a year"
        return _QUANTITY_BEFORE.search(text, max(0, start - _QUANTITY_REACH), start) is not None
    if kind == "kinds.one":  # "for a week", "nearly an hour", not "a week that saw ..."
        return bool(match.group("prep") or match.group("hedge"))
    return True


# --- resolution -------------------------------------------------------------------------------------------


def resolve(kind: str, groups: Mapping[str, str | None], start: int, end: int, text: str) -> TimeMention | None:
    """The typed mention a candidate of one of :data:`PATTERNS` stands for, or None when it is not one after all."""
    surface = text[start:end]
    found = _value(kind, groups, surface, text, start)
    if found is None:
        return None
    timex_type, value, detail = found
    return TimeMention(start, end, surface, None, None, MentionHow.NOT_PLACED, detail, None, timex_type, value)


def names_calendar(mention: TimeMention) -> bool:
    """Whether a mention is a calendar DATE or TIME (resolved or not): not a duration, set or vague reference."""
    return mention.kind in (TimexType.DATE, TimexType.TIME) and mention.timex not in VAGUE_VALUES


def _value(kind: str, g: Mapping[str, str | None], surface: str, text: str,
           start: int) -> tuple[TimexType, str, str] | None:
    unit = (g.get("unit") or "").lower()
    if kind == "kinds.vague":
        word = " ".join(surface.lower().split())
        value = _VAGUE_WORDS.get(word) or _VAGUE_WORDS.get(word.split(" ", 1)[-1])
        return (TimexType.DATE, value, "vague reference") if value else None
    if kind == "kinds.recent":
        value = "PAST_REF" if g.get("past") else "FUTURE_REF"
        return TimexType.DATE, value, "vague reference"
    if kind == "kinds.ago":
        return TimexType.DATE, "PAST_REF", "vague reference: an unknown amount of time ago"
    if kind in ("kinds.every", "kinds.rate"):
        n = _amount(g.get("n")) if g.get("n") else 1.0
        if g.get("other"):
            n = 2.0
        if unit == "second" and not g.get("n") and kind == "kinds.every":
            return None  # "every second one": an ordinal
        return TimexType.SET, _duration(n, unit), "set: every " + unit
    if kind == "kinds.every_day":
        return TimexType.SET, _weekday_set(g), "set: a weekday every week"
    if kind == "kinds.weekdays":
        return TimexType.SET, _weekday_set(g), "set: a weekday every week"
    if kind == "kinds.every_month":
        return TimexType.SET, f"XXXX-{_MONTHS[(g.get('mon') or '').lower()]:02d}", "set: a month every year"
    if kind == "kinds.every_part":
        return TimexType.SET, f"XXXX-XX-XXT{_PARTS[(g.get('part') or '').lower()]}", "set: a part of every day"
    if kind == "kinds.frequency":
        return TimexType.SET, _FREQUENCY[(g.get("f") or "").lower()], "set: a frequency"
    if kind == "kinds.duration":
        if unit == "quarter" and not (g.get("det") or g.get("rel") or g.get("vague")):
            return None  # "three quarters of the vote": a fraction
        if unit == "second" and not surface.lower().endswith("s"):
            return None  # "a second term", "the 1988 second quarter": an ordinal
        if re.fullmatch(r"(?:1[89]|20)\d\d", g.get("n") or ""):
            return None  # "the 1988 quarter": a year, not a count
        if g.get("vague") or g.get("n2"):
            n = None  # "a few days", "two to three weeks": the unit is known, the amount is not
        else:
            n = _amount(g.get("n"))
        return TimexType.DURATION, _duration(n, unit), "duration"
    if kind == "kinds.last_unit":
        return TimexType.DURATION, _duration(1.0, unit), "duration: the last " + unit + " up to the time of speaking"
    if kind == "kinds.period":
        n = _amount(g.get("n")) if g.get("n") else None
        return TimexType.DURATION, _duration(n, unit) if unit else "PXX", "duration"
    if kind == "kinds.account":
        return TimexType.DURATION, {"year": "P1Y", "half": "P6M"}[unit], "duration: an accounting period"
    if kind in ("kinds.units", "kinds.the_years", "kinds.ahead"):
        return TimexType.DURATION, _duration(None, unit), "duration"
    if kind == "kinds.one":
        return TimexType.DURATION, _duration(1.0, unit), "duration"
    return None


def _weekday_set(g: Mapping[str, str | None]) -> str:
    value = f"XXXX-WXX-{_WEEKDAYS[(g.get('wd') or '').lower()]}"
    part = g.get("part") or g.get("parts")
    return value + (f"T{_PARTS[part.lower()]}" if part else "")


def _duration(n: float | None, unit: str) -> str:
    """A TIMEX3 duration value: ``n`` of ``unit`` ("P3D", "PT24H", "P2Y6M"), ``X`` for an unknown amount."""
    unit = unit.lower().rstrip("s")
    if unit == "centurie":
        unit = "century"
    code = _UNITS.get(unit, "X")
    prefix = "PT" if unit in _TIME_UNITS else "P"
    if n is None:
        return f"{prefix}X{code}"
    n *= _UNIT_FACTOR.get(unit, 1)
    whole = int(n)
    if n == whole:
        return f"{prefix}{whole}{code}"
    if n - whole == 0.5 and code in _HALF:
        half, smaller = _HALF[code]
        if unit in ("hour", "minute"):
            return f"PT{whole}{code}{half}{smaller}" if whole else f"PT{half}{smaller}"
        if code == "D":
            return f"P{whole}DT{half}{smaller}" if whole else f"PT{half}{smaller}"
        return f"P{whole}{code}{half}{smaller}" if whole else f"P{half}{smaller}"
    return f"{prefix}{n:g}{code}"


def _amount(text: str | None) -> float | None:
    """The number a quantity spells ("24", "twenty four", "2 1/2", "a hundred", "two and a half"); None when vague."""
    if not text:
        return None
    words = " ".join(text.lower().replace("-", " ").split())
    half = 0.0
    if words.endswith(" and a half"):
        words, half = words[: -len(" and a half")], 0.5
    if words.endswith(" 1/2"):
        words, half = words[: -len(" 1/2")], 0.5
    if words in ("a", "an"):
        return 1.0 + half
    if words in ("a couple of", "couple of"):
        return 2.0 + half
    if words == "a dozen":
        return 12.0 + half
    digits = words.replace(",", "")
    try:
        return float(digits) + half
    except ValueError:
        pass
    total = current = 0
    for word in words.split():
        if word in ("a", "and"):  # "a hundred", "one hundred and ten"
            continue
        if word in _ONES:
            current += _ONES[word]
        elif word in _SCALES:
            total += (current or 1) * _SCALES[word]
            current = 0
        else:
            return None
    return float(total + current) + half
