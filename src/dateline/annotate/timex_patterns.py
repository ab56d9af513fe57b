"""The vocabulary, patterns and context cues of the temporal tagger (:mod:`dateline.annotate.timex`).

Kept apart from the resolution rules so that each stays readable: here is what the tagger
looks for and which words around a mention it reads; ``timex`` and the resolution modules
beside it (``timex_candidate``, ``timex_periods``, ``timex_clock``) decide what a mention means.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# --- vocabulary -------------------------------------------------------------------

MONTH_NAMES = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAY_NAMES = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5,
    "sunday": 6, "sun": 6,
}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "several": None,
}
HOLIDAYS = {
    "christmas eve": (12, 24), "christmas day": (12, 25), "christmas": (12, 25), "boxing day": (12, 26),
    "new year's eve": (12, 31), "new year's day": (1, 1), "halloween": (10, 31), "valentine's day": (2, 14),
}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
ORDINAL_QUARTERS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}

# Capitalised month names only ("march" and "may" are also words), with the
# abbreviations news style uses ("Jan.", "Sept.").
MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)(?![A-Za-z])"
)
WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
WEEKDAY_ABBR = r"(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\.?"
DAYNUM = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
YEAR_DIGITS = r"(?:1[89]\d\d|20\d\d|2100)"
YEAR = rf"{YEAR_DIGITS}(?!\d|,\d|s\b)"  # not "2,000", not "1980s" (a decade)
PART = r"(?:\s+(?:morning|afternoon|evening|night))"
NUM = r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a couple of|\d{1,2})"
#: Parts of the day and their TIMEX3 codes ("Wednesday night" is 1998-03-04TNI).
PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}
#: Spelled-out numbers of spoken years ("nineteen ninety-six", "the year two thousand"), as broadcast transcripts write them.
SPELLED = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
_ONES = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TEENS = r"(?:ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
# "nineteen ninety-six", "nineteen eighty", "the year two thousand", "two thousand and one".
SPELLED_YEAR = (
    rf"(?:(?:[Nn]ineteen|[Ee]ighteen|[Tt]wenty)[\s-]+(?:{_TEENS}|{_TENS}(?:[\s-]+{_ONES})?)(?![\w-])"
    rf"|(?:[Tt]he\s+year\s+)two\s+thousand(?:\s+and)?(?:[\s-]+(?:{_TEENS}|{_ONES}))?(?![\w-]))"
)
CLOCK = (
    r"(?:(?P<h>[01]?\d)(?:[:.](?P<min>[0-5]\d))?\s*(?P<ampm>[ap]\.\s?m\.?|[ap]m\b)"
    r"|(?P<hh>[01]\d|2[0-3]):(?P<mm>[0-5]\d)(?!\d)(?!\s*(?:%|percent))"
    r"|(?P<named>noon|midnight|midday))"
)
#: Time zones a clock time may carry ("5 p.m. EST"); the value keeps the local time, as TimeML does.
ZONE = r"(?:\s+(?:EST|EDT|CST|CDT|MST|MDT|PST|PDT|GMT|UTC|BST|CET|CEST)\b)"
# Words that may stand before "quarter" or "period" in a report's account of its periods:
# "the latest quarter", "the year-ago period", "the 1988 third quarter", "the fiscal first quarter".
QUARTER_WORD = (
    r"(?:latest|current|most[\s-]recent|recent|same|comparable|corresponding|year-ago|year-earlier|year-before|"
    r"prior-year|fiscal|(?:19|20)\d\d|first|second|third|fourth|1st|2nd|3rd|4th)"
)
# Named days that are not the weekday before or after the anchor.
NAMED_DAYS = r"(?:Good|Black|Ash|Easter|Palm|Bloody|Super|Cyber|Holy|Maundy|Shrove|Whit|Giving|Small Business)"

# --- patterns: each has a group "m", the mention itself (prepositions stay outside) ---

_P = re.compile


class Near:
    """A pattern tried only near the words every one of its matches contains: "the year-ago quarter" holds
    "quarter", "fiscal 1989" holds "fiscal". Scanning a whole report for a rare phrase costs far more than
    finding its key word and trying the phrase around each one; the result is the same."""

    #: Characters around a key word that a match may reach: the longest phrases ("the comparable year-ago
    #: third quarter a year earlier") stay well inside.
    BEFORE, AFTER = 80, 60

    def __init__(self, keys: str, pattern: str) -> None:
        self.keys = re.compile(keys)
        self.pattern = re.compile(pattern)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        end = -1
        windows: list[list[int]] = []
        for key in self.keys.finditer(text):
            start = max(0, key.start() - self.BEFORE)
            if windows and start <= end:
                windows[-1][1] = end = key.end() + self.AFTER
            else:
                end = key.end() + self.AFTER
                windows.append([start, end])
        for start, stop in windows:
            yield from self.pattern.finditer(text, start, min(stop, len(text)))


_YEARISH = r"[Yy]ear|YEAR"
PATTERNS: list[tuple[str, re.Pattern[str] | Near]] = [
    ("iso", _P(rf"(?<![\d/-])(?P<m>(?P<y>{YEAR_DIGITS})-(?P<mo>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01]))(?![\d-])")),
    ("mdy", _P(rf"(?P<m>(?:(?P<wd>{WEEKDAY}|{WEEKDAY_ABBR}),?\s+)?(?P<mon>{MONTH})\s*(?P<d>{DAYNUM}),?\s+(?P<y>{YEAR}))")),
    ("dmy", _P(rf"(?P<m>(?:(?P<wd>{WEEKDAY}|{WEEKDAY_ABBR}),?\s+)?(?:the\s+)?(?P<d>{DAYNUM})\s+(?:of\s+)?(?P<mon>{MONTH}),?\s+(?P<y>{YEAR}))")),
    ("md", _P(rf"(?P<m>(?:(?P<wd>{WEEKDAY}|{WEEKDAY_ABBR}),?\s+)?(?P<mon>{MONTH})\s*(?P<d>{DAYNUM}))(?!\s*(?:,\s*)?\d)(?!\s*(?:-|–|to)\s*\d)")),
    ("dm", _P(rf"(?P<m>(?:(?P<wd>{WEEKDAY}|{WEEKDAY_ABBR}),?\s+)?(?:the\s+)?(?P<d>{DAYNUM})\s+(?:of\s+)?(?P<mon>{MONTH}))(?!,?\s*\d)")),
    ("my", _P(rf"(?P<m>(?:(?P<mod>early|mid-?|late)\s*)?(?P<mon>{MONTH})(?:\s+of)?,?\s+(?P<y>{YEAR}))")),
    ("month", _P(r"(?:\b(?i:in|since|until|till|by|from|during|through|before|after|of|to|and|or|between|for)\s+)(?P<m>(?:(?P<mod>early|mid-?|late|last|next|this|this past|this coming)\s*)?(?P<mon>(?:January|February|March|April|May|June|July|August|September|October|November|December)))\b(?!\s+\d)(?!\s+[A-Z])")),
    ("month", _P(r"\b(?P<m>(?P<mod>early|mid-?|late|(?i:last|next|this|this past|this coming))\s*(?P<mon>(?:January|February|March|April|June|July|August|September|October|November|December)))\b(?!\s+\d)")),
    ("month", _P(r"\b(?:a|an|the)\s+(?:[a-z]+\s+)?(?P<m>(?P<mon>January|February|April|June|July|September|October|November|December))\b(?!\s+\d)(?!\s+[A-Z])")),
    ("month", _P(r"\b(?P<m>(?P<mon>January|February|April|June|July|September|October|November|December))(?=\s+(?:had|has|was|is|were|saw|brought)\b)")),
    ("month", _P(r"\b(?P<m>(?P<mod>(?i:last|next|this past|this coming))\s+(?P<mon>May))\b(?!\s+\d)")),
    # "January this year", "June last year"
    ("month_rel", Near(_YEARISH, r"\b(?P<m>(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December)\s+(?P<rel>this|last|next)\s+year)\b")),
    ("my", Near("[Nn]ineteen|[Ee]ighteen|[Tt]wenty|thousand", rf"\b(?P<m>(?P<mon>January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+of)?,?\s+(?P<sy>{SPELLED_YEAR}))")),
    ("spelled_year", Near("[Nn]ineteen|[Ee]ighteen|[Tt]wenty|thousand", rf"\b(?P<m>(?P<sy>{SPELLED_YEAR}))")),
    ("period_edge", Near("(?i:year|month|week)", r"(?i:\b(?P<m>the\s+(?:end|start|beginning|middle|turn)\s+of\s+(?P<mod>the|this|next|last)\s+(?P<unit>year|month|week)))\b")),
    ("season", Near("(?i:spring|summer|autumn|winter|fall)", r"(?i:\b(?P<m>(?:(?P<mod>last|next|this|this past|this coming|early|late)\s+)?(?P<s>spring|summer|autumn|winter|fall)(?:\s+of)?\s+(?P<y>(?:1[89]|20)\d\d)(?!\d)))")),
    ("season", Near("(?i:spring|summer|autumn|winter|fall)", r"(?i:\b(?P<m>(?P<mod>last|next|this|this past|this coming)\s+(?P<s>spring|summer|autumn|winter|fall)))\b")),
    ("season", Near("(?i:spring|summer|autumn|winter)", r"(?i:\b(?:in|through|during|over|until|till|by|before|after|since|into|from)\s+(?P<m>the\s+(?:(?P<mod>early|late)\s+)?(?P<s>spring|summer|autumn|winter)))\b(?!\s+of)")),
    ("season", Near("[Nn]ineteen|[Ee]ighteen|[Tt]wenty|thousand", rf"(?i:\b(?P<m>(?:the\s+)?(?P<s>spring|summer|autumn|winter|fall)\s+of\s+(?P<sy>{SPELLED_YEAR})))")),
    ("qphrase", Near("[Qq]uarter|[Pp]eriod", rf"\b(?P<m>(?:(?P<det>[Tt]he|[Tt]his|[Tt]hat|[Ll]ast year's|[Tt]his year's)\s+)?(?P<words>(?:{QUARTER_WORD}[\s-]+){{0,3}})(?P<unit>quarter|period)(?:\s+(?P<ago>a year (?:ago|earlier)|last year))?)(?![\w-])")),
    ("half", Near("[Hh]alf", r"\b(?P<m>(?:[Tt]he\s+)?(?P<h>first|second|last|latter)(?:\s+|-)half(?:\s+of\s+(?P<y>(?:19|20)\d\d|the year|this year|last year|next year))?)\b(?!\s+of\b)(?!-)")),
    ("half", Near("quarters", r"\b(?P<m>(?:[Tt]he\s+)?first\s+two\s+quarters(?:\s+of\s+(?P<y>(?:19|20)\d\d|the year|this year|last year|next year))?)\b")),
    ("fiscal", Near("[Ff]iscal|FY", r"\b(?P<m>(?:[Ff]iscal(?:\s+year)?|FY)\s*(?P<y>(?:19|20)\d\d)(?!\d))")),
    ("fiscal", Near("[Ff]iscal", r"\b(?P<m>[Tt]he\s+(?P<mod>current|latest|this|next|last|previous|coming)\s+fiscal\s+year)\b")),
    ("fullyear", Near(_YEARISH, r"\b(?P<m>[Tt]he\s+(?:full|current|entire|whole)\s+year)\b(?![\w-])(?!\s+(?:ago|earlier|before|after|later|ended|ending))")),
    ("fullyear", Near(_YEARISH, r"\b(?:[Ff]or|[Ii]n|[Dd]uring|[Oo]ver|[Tt]hrough|(?:months|half|quarter|part|rest|remainder)\s+of)\s+(?P<m>the\s+(?:fiscal\s+)?year)\b(?![\w-])(?!\s+(?:ago|earlier|before|after|later|to|that|when|in|since|\d|two|ended|ending))")),
    ("fullyear", Near(_YEARISH, r"(?i:\b(?P<m>(?:earlier|later|early|late)\s+in\s+the\s+year))\b")),
    ("yearedge", Near(_YEARISH, r"\b(?P<m>(?:[Yy]ear[\s-]end|[Yy]ear's\s+end|[Yy]ear-end|[Tt]he\s+end\s+of\s+the\s+year)(?:\s+(?P<y>(?:19|20)\d\d)(?!\d))?)(?![\w-])")),
    ("thatyear", Near(_YEARISH, r"(?i:\b(?P<m>(?:(?:later|earlier|early|late)\s+(?:in\s+)?)?that\s+year))\b(?!s|')")),
    ("yearago_adj", Near(_YEARISH, r"\b(?P<m>[Yy]ear-(?:ago|earlier))(?![\w-])(?!\s+(?:\w+[\s-])?(?:months|weeks|days))")),
    ("decade_rel", Near("[Dd]ecade", r"(?i:\b(?P<m>(?P<n>a|one|two|three)\s+decades?\s+ago|the\s+(?P<mod>last|past|previous)\s+decade))\b(?!s)")),
    ("century", Near("[Cc]entury", r"(?i:\b(?P<m>(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)[\s-]century))(?![\w-])")),
    ("decade", Near("ties\\b", r"\b(?P<m>[Tt]he\s+(?:(?:early|mid|late)[\s-]+)?(?P<spelled>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))\b")),
    ("quarter", Near("(?i:quarter)", r"(?i:\b(?P<m>(?:the\s+)?(?P<q>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]quarter(?:\s+of\s+(?P<y>(?:19|20)\d\d|this year|last year|next year))?))\b")),
    ("quarter", _P(r"\b(?P<m>(?:Q(?P<qn>[1-4])\s*(?P<y>(?:19|20)\d\d)?)|(?:(?P<y2>(?:19|20)\d\d)\s*Q(?P<qn2>[1-4])))\b")),
    ("quarter", Near("(?i:quarter)", r"(?i:\b(?P<m>(?P<mod>last|next|this|the previous|the following)\s+quarter))\b")),
    ("decade", _P(r"\b(?P<m>(?:the\s+)?(?:(?:early|mid|late)[\s-]+)?(?:(?P<c>1[89]|20)(?P<dd>\d)0s|'(?P<short>\d)0s))(?!\w)")),
    ("year", _P(rf"(?:\b(?:in|since|until|till|by|from|during|through|before|after|of|to|and|or|between|early|late|mid-?|around|circa|the|for|years?|into|both|due|a|an|its|his|her|their|our|this|that|is|fiscal)\s+|\b[A-Za-z]+'s\s+|(?<=\d\d\d\d,\s)|^|\(|\b(?P<pre>[Ii]n|[Ss]ince|[Bb]y|[Ff]or|[Tt]hat|[Tt]his|[Ii]ts|[Tt]he)\s+)(?P<m>(?:(?P<mod>early|mid-?|late)\s*)?(?P<y>{YEAR}))(?!\s*(?:-|–)\s*\d)(?!\s+(?:people|troops|soldiers|votes|members|units|cases|deaths|dollars|euros|pounds|km|miles|tonnes|times)\b)(?!\d|%)")),
    ("year", _P(rf"\b(?P<m>(?P<y>{YEAR}))(?='s\b|\s+(?:election|elections|census|budget|season|campaign|war|crisis|games|olympics|world cup|summit|law|agreement|accord|deal|report|figures?|survey|vote|referendum|uprising|attacks?|floods?|earthquake|revolution|coup)\b)")),
    ("relyear", Near("(?i:year)", r"(?i:\b(?P<m>(?P<mod>last|next|this|earlier this|later this|early this|late last|early last|earlier last|late this|the previous|the following|the next|the same)\s+year))(?!s)\b")),
    ("relmonth", Near("(?i:month)", r"(?i:\b(?P<m>(?P<mod>last|next|this|earlier this|later this|early this|late last|early last|earlier last|late this|the previous|the following|the next|the same)\s+month))(?!s)\b")),
    ("relweek", Near("(?i:week)", r"(?i:\b(?P<m>(?P<mod>last|next|this|earlier this|later this|early this|late last|early last|earlier last|late this|the previous|the following|the next|the same|this past|this coming)\s+(?P<unit>week|weekend)))(?!s)\b")),
    ("relweek", Near("(?i:weekend)", r"(?i:\b(?:over|during|at|on|for|through|since|after|before|until|by|ahead\s+of)\s+(?P<m>the\s+(?P<unit>weekend)))\b")),
    ("ago", Near("(?i:ago)", rf"(?i:\b(?P<m>(?P<n>{NUM})\s+(?P<unit>day|week|month|year)s?\s+ago))\b")),
    ("shift", Near("(?i:later|earlier|previously)", rf"(?i:\b(?P<m>(?P<n>{NUM})\s+(?P<unit>day|week|month|year)s?\s+(?P<dir>later|earlier|previously)))\b(?!\s+than)")),
    # "two days before" alone refers back to the story; "two days before the vote" to an event: not a date.
    ("shift", Near("(?i:before|after)", rf"(?i:\b(?P<m>(?P<n>{NUM})\s+(?P<unit>day|week|month|year)s?\s+(?P<dir>before|after)))\b(?=\s*(?:[,.;:!?)]|$))")),
    ("shift", Near("(?i:before|after)", r"(?i:\b(?P<m>the\s+(?P<dir>day|week|month|year)\s+(?P<rel>before|after)))\b(?!\s+(?:the|a|an|his|her|its|their|our|this|that|[A-Z0-9]|last|next|yesterday|tomorrow))")),
    ("shift", Near("(?i:next|following|previous|preceding)", r"(?i:\b(?P<m>the\s+(?P<rel>next|following|previous|preceding)\s+(?P<dir>day|morning|evening|night)))\b")),
    ("same", Near("(?i:day|morning|afternoon|evening|night)", r"(?i:\b(?P<m>(?:that|the same)\s+(?:day|morning|afternoon|evening|night)))\b")),
    ("holiday", _P(r"\b(?:on|before|after|since|until|till|by)\s+(?P<m>(?P<h>Christmas))(?![\w'’])(?!\s+(?:market|tree|shopping|card|lights|party|dinner|sales?)s?\b)")),
    ("holiday", _P(r"\b(?P<m>(?P<h>Christmas Eve|Christmas Day|Boxing Day|New Year's Eve|New Year's Day|New Year’s Eve|New Year’s Day|Halloween|Valentine's Day|Valentine’s Day))(?![\w'’])")),
    ("deictic", _P(rf"(?i:\b(?P<m>(?P<w>today|tonight|yesterday|tomorrow|the day before yesterday|the day after tomorrow|this morning|this afternoon|this evening|this night|last night|last evening|tomorrow night)(?:{PART})?))\b")),
    ("clock", Near("[ap]\\.?\\s?m\\b|noon|midnight|midday|\\d:\\d", rf"\b(?P<m>{CLOCK}{ZONE}?)(?![\w-])")),
    ("daypart", Near("[Mm]orning|[Aa]fternoon|[Ee]vening|[Nn]ight", r"(?i:\b(?P<m>(?:early|late|mid-?)\s*(?P<part>morning|afternoon|evening|night)))\b(?=,?\s+(?:on\s+)?(?:yesterday|today|tomorrow|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)")),
    ("weekday", _P(rf"\b(?P<m>(?:(?P<mod>last|next|this|this past|this coming|coming|past|the previous|the following|the next|that)\s+)?(?P<wd>{WEEKDAY})(?:{PART})?)(?!s\b)(?!\s+(?:Times|Telegraph|Mirror|Express|Post|Herald|Mail|Tribune|Independent|World|Night Live|Bloody|Morning Herald)\b)")),
]

# Words that mark a clause as future or past; the nearest one to a mention decides.
FUTURE = re.compile(
    r"\b(?:will|won't|shall|'ll|is due|are due|due to|is set|are set|set for|is scheduled|are scheduled|"
    r"scheduled (?:for|to)|plans? to|planned for|planning to|intends? to|is expected|are expected|expects?|"
    r"hopes? to|aims? to|wants? to|promises? to|vows? to|seeks? to|"
    r"is to|are to|going to|would|could|upcoming|coming|next|until|till|(?:re)?begins?|(?:re)?starts?|(?:re)?opens?|"
    r"resumes?|takes? place|kicks? off|goes ahead|expires?|runs? out|supposed to|to be [a-z]+ed|"
    # Intent told in the past tense points forward: "planned a demonstration on Saturday".
    r"planned|scheduled|slated)\b"
)
# Lower case only: "the Veldhaven Open" or "Will Smith" are names, not verbs.
PAST = re.compile(
    r"\b(?:said|told|was|were|had|did|has|have|met|took|began|came|went|fled|left|made|gave|held|won|lost|"
    r"fell|rose|struck|hit|found|since|ago|last|earlier|previously|already|after [a-z]+ing|[a-z]{3,}ed|"
    # irregular past tenses that are not also present or infinitive forms
    r"sent|spent|brought|bought|thought|caught|fought|sought|kept|felt|meant|built|wrote|spoke|broke|chose|"
    r"drove|saw|knew|grew|threw|flew|drew|stood|paid|sold|heard|became|ran|got)\b"
)
#: Intent, told in any tense, with the infinitive it governs: the date belongs to the infinitive's event, which
#: lies ahead of the intent ("has invited countries to come ... in the month of February", "agreed to meet again
#: in the autumn", "had vowed in August to hold the town through the winter").
INTENT = re.compile(
    r"\b(?:invite|agree|decide|vow|pledge|promise|vote|ask|urge|threaten|hope|want|intend|arrange|aim|prepare|"
    r"plan|call|seek|sought)(?:s|d|ed)?\s+(?:[\w']+\s+){0,5}?to\s+(?!the\b|a\b|an\b|his\b|her\b|its\b|their\b)"
    r"[a-z]{2,}\b|\bcall(?:s|ed)?\s+for\b"
    # an invitation to a gathering is to one still to come: "has invited ministers to a summit in February"
    r"|\binvit(?:e|es|ed|ing)\s+(?:[\w']+\s+){0,5}?to\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:summit|meeting|conference|consultation|talks|ceremony|session|gathering|forum|hearing|celebration)s?\b"
)
#: A future marker right after these is the future seen from the past: "was due to expire Friday" is past.
FUTURE_IN_PAST = re.compile(r"\b(?:was|were|had been|had|previously)\s+(?:\w+\s+){0,3}$")
#: An "-ed" word right after these is an adjective, not a past tense: "a still unspecified date".
ED_ADJECTIVE_BEFORE = re.compile(r"\b(?:a|an|the|still|newly|yet)\s+$", re.I)
#: A preposition that points forward unless the clause says otherwise: "pay down the loan by February".
FORWARD_PREPOSITION = re.compile(r"\b(?:by|through|into)\s+(?:early\s+|mid-?\s*|late\s+)?$", re.I)
#: Names and generic uses of deictic words: "USA Today", "in today's world", "the people of tomorrow",
#: ABC's "This Week" (a capitalised "Week" inside a sentence is a programme's name).
GENERIC_DEICTIC = re.compile(
    r"(?:today|tomorrow)'s\s+(?:[a-z]+\s+)?(?:world|society|generation|youth|children|economy|culture|standards|technology|"
    r"computers|consumers|teenagers|young|kids|families|women|men|people|business(?:es)?)\b|of\s+tomorrow\b",
    re.I,
)
NAME_BEFORE_TODAY = re.compile(r"\b[A-Z][A-Za-z]*\s+$")
# A participle after "be" is passive ("will be declared"): the modal decides, not the "-ed".
FINITE_PAST = {"said", "told", "was", "were", "had", "did", "has", "have"}
PASSIVE = re.compile(r"\b(?:be|being)\s+$")
NOT_A_DAY_BEFORE = re.compile(rf"(?:\b(?:{NAMED_DAYS}|[Ee]very|[Ee]ach|[Oo]n [Ee]very)|\bSaturday and|\bSunday or)\s+$")
CLAUSE_END = re.compile(r"[.!?;](?:[\"'”’)]*)\s|$")

DAY_PREPOSITION = re.compile(r"\b(?:on|by|until|till|since|from|last|next|this|early|late)\s+$", re.I)
# A capitalised word right after a weekday: "the Sunday Courier" is a name (unless a preposition heads it).
NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")
# What may follow a bare "May" that is the month ("in May, ...", "in May and June"), not a name ("in May said").
AFTER_MONTH_MAY = re.compile(
    r"\s*(?:[,.;]|$|\s+(?:and|or|to|when|after|before|last|this|next|as|at|with|the|in|of|for)\b)")
ENDS_WITH_PART = re.compile(rf"{PART}$")  # "Thursday afternoon": a part of the day
TODAY = re.compile(r"\b(?:today|tonight|this (?:morning|afternoon|evening))\b", re.I)
DIGITS = re.compile(r"\d+")
HABIT_BEFORE = re.compile(r"\b(?:usually|normally|traditionally|always|often|typically|generally)\b[^,.;]{0,20}$", re.I)
INDEFINITE_BEFORE = re.compile(r"\b(?:a|an|any|another)\s+$", re.I)
RECURRING_BEFORE = re.compile(r"\b(?:born on|born|every|each|annually on|anniversary on)\s+(?:the\s+)?$", re.I)
HEDGE = re.compile(r"\b(?:more than|less than|fewer than|over|under|at least|at most|up to)\s+$", re.I)
PREPOSITION = re.compile(r"\b(?P<p>since|until|till|by|through|before|after)\s+(?:the\s+)?$", re.I)

# How far before (or around) a mention each context pattern looks, in characters: enough for the
# longest phrase the pattern is written for ("traditionally held on " is 23 characters, "anniversary on the " 19),
# and no further, so that a word from an earlier clause does not count.
HABIT_REACH = 30
INDEFINITE_REACH = 10
RECURRING_REACH = 20
HEDGE_REACH = 15
NOT_A_DAY_REACH = 20
DAY_PREPOSITION_REACH = 8
PREPOSITION_REACH = 12
PASSIVE_REACH = 8  # "be " or "being " before a participle
#: "today" within this many characters of a future weekday means the weekday is the anchor day itself.
TODAY_WINDOW = 40
#: Days from the anchor that deictic words name.
DEICTIC_OFFSET = {"yesterday": -1, "tomorrow": 1, "the day before yesterday": -2, "the day after tomorrow": 2,
                   "last night": -1, "last evening": -1}
NO_ANCHOR = "no anchor: the report's publication date is unknown"
#: A month without a year is the nearer of its two occurrences around the anchor: within this many months ahead.
HALF_YEAR = 6
#: A leap year: a month and day without a year are a possible date when they are one in it.
LEAP_YEAR = 2000
