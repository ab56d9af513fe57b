"""Date stamps a page prints into its text, glued or not: when a report was published, or last updated.

Saved pages often keep the page's stamp as text, run together with the headline and the first
sentence: "WARRENTON | Fri Apr 24, 2009 7:50 pm EDT WARRENTON (Wireline) - ...", "Tuesday, September
16, 2008; 4:30 PM", "March 9, 2023 | By Jane Roe", "Page last updated at 11:14 GMT, Thursday, 3 March
2011". Each rule below is a shape prose does not take: a full date with a clock time and zone next
to it, with a byline bar, with a print page, or behind a capitalised label. A full date inside a
sentence ("on January 25, 2011 the protests began", a caption's "in Varnholm, Monday, March 6, 2023,
to ...") has none of these, and the guards refuse a stamp a preposition or comma leads into, or that a
lowercase word continues. Only full dates count; a stamp whose weekday contradicts its date is
refused. Which lines are searched (the opening paragraphs, never a banner above the headline) is for
the caller (``pubdate``) to decide.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .datewords import DATE, WEEKDAY, read

__all__ = ["STAMP_REACH", "Stamp", "find_stamps"]

#: A stamp starts within this many characters of its line: after at most a glued headline and standfirst
#: or a photo caption (on Timeline17's reports, 99% of the stamps start within 250).
STAMP_REACH = 300

# A time of day: "7:50 pm", "09.03", "4:30 PM", "10:44 AM ET".
_HOUR = r"\d{1,2}[:.]\d{2}"
_AM_PM = r"(?i:[ap]\.?m\b\.?)"
# Zones a stamp names: abbreviations in capitals (GMT, BST, EDT, ET ...) or the words a page uses.
_ZONE = r"(?:(?:GMT|UTC|BST|CES?T|[ECMP][SD]?T|HKT|JST|AE[SD]T|IST)\b|(?i:UK\s+time|local\s+time)\b)"
# A clock time must say am/pm or a zone: "at 10.30" alone may be a score or a figure.
_CLOCK = rf"{_HOUR}\s*(?:{_AM_PM}(?:\s*{_ZONE})?|{_ZONE})"
_OPT_WEEKDAY = rf"(?:{WEEKDAY},?\s+)?"
# Labels that say the date is the publication's; capitalised, as a page prints them ("published on" in
# prose is lowercase and fails).
_PUBLISHED_LABEL = r"(?:First\s+published|Published|PUBLISHED|Posted|POSTED|Aired|AIRED)"
# Labels that say the date is the last change's: it bounds the publication date from above.
_UPDATED_LABEL = (r"(?:Page\s+last\s+(?:updated|modified)|Last\s+(?:updated|modified)|Updated|Modified"
                  r"|LAST\s+UPDATED|UPDATED)")


@dataclass(frozen=True)
class _Rule:
    """A stamp shape: ``pattern`` holds one DATE (and at most one weekday); ``updated`` when it dates a change."""

    name: str
    pattern: re.Pattern[str]
    updated: bool = False


def _rule(name: str, pattern: str, *, updated: bool = False) -> _Rule:
    return _Rule(name, re.compile(pattern), updated)


#: The stamp shapes, each with a made-up example. When a date is matched by an "updated" rule and by
#: another, it is a last-updated stamp ("Last updated: 9 March 2023 - 17:54 GMT" is also a date and time).
RULES = (
    # "Fri Apr 24, 2009 7:50 pm EDT", "Tuesday 13 July 2010 09.03 BST", "Thursday, March 9, 2023; 4:30 PM",
    # "March 9, 2023 - 7:48 AM", "March 9, 2023: 10:44 AM ET"
    _rule("date and time", rf"{_OPT_WEEKDAY}{DATE}\s*(?:[,;:|\-–—]|\bat\b)?\s*{_CLOCK}"),
    # "09:26 UK time, Friday, 10 March 2023", "12:16 PM, Thursday, 9 March 2023"
    _rule("time and date", rf"{_CLOCK}\s*,?\s*{WEEKDAY},?\s+{DATE}"),
    # "March 9, 2023 | By Jane Roe", "March 9, 2023 | From Jane Roe"
    _rule("date and byline", rf"{_OPT_WEEKDAY}{DATE}\s*\|\s*(?i:by|from)\b"),
    # "By Jane Roe | March 9, 2023"
    _rule("byline and date", rf"\b(?i:by)\s+[^|\n]{{2,60}}?\s*\|\s*{_OPT_WEEKDAY}{DATE}"),
    # "Thursday, March 9, 2023; Page A04": the print edition's page
    _rule("print page", rf"{_OPT_WEEKDAY}{DATE}\s*;\s*Page\s+[A-Z]?\d+\b"),
    # "Published: 9 March 2023", "Posted on March 9, 2023", "Aired March 9, 2023 - 13:00 ET"
    _rule("published label", rf"{_PUBLISHED_LABEL}(?:\s+on)?\s*:?\s*{_OPT_WEEKDAY}{DATE}"),
    # "Posted by Jane Roe and Odile Brand on March 9, 2023 5:27 AM"
    _rule("posted by", rf"\bPosted\s+by\s[^|\n]{{2,80}}?\son\s+{_OPT_WEEKDAY}{DATE}"),
    # "Updated: March 9, 2023", "Last updated: 9 March, 2023 - 17:54 GMT"
    _rule("updated label", rf"{_UPDATED_LABEL}(?:\s+on)?\s*:?\s*{_OPT_WEEKDAY}{DATE}", updated=True),
    # "Page last updated at 11:14 GMT, Thursday, 9 March 2023"
    _rule("updated at time, date", rf"{_UPDATED_LABEL}(?:\s+at)?\s*:?\s*{_CLOCK}\s*,?\s*{_OPT_WEEKDAY}{DATE}",
          updated=True),
    # "9 March 2023 Last updated at 09:43 GMT"
    _rule("date, updated at time", rf"{_OPT_WEEKDAY}{DATE}\s*{_UPDATED_LABEL}\s+at\s+{_CLOCK}", updated=True),
)

#: A word right before a stamp that makes it part of a sentence: "on Tuesday, March 9, 2023 at 9 pm EDT",
#: "since March 9, 2023 - 7:48 AM". (Labels end in their own words: "Posted by X on" is the label's.)
PROSE_BEFORE = frozenset(
    ["on", "at", "in", "since", "until", "till", "by", "from", "of", "before", "after", "to", "for", "and", "or",
     "between", "through", "as", "than", "that", "around", "about", "dated", "late", "early", "until", "when"]
)
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\W*$")
# A comma right before a date: the date continues a clause ("in Varnholm, Monday, March 6, 2023 at ...").
_COMMA_BEFORE = re.compile(r",\s*$")
# A stamp is followed by the page or the story's first words, never by the rest of its own sentence:
# a lowercase word, or a comma and one, continue a sentence ("... 9:45 pm EDT when the rig exploded").
_PROSE_AFTER = re.compile(r"\s*,?\s*[a-z]")
# A reader's comment is stamped too; the comment box's actions follow its stamp ("... 9:47 am | Report abuse").
_COMMENT_AFTER = re.compile(r"\s*\|?\s*(?i:report\s+abuse|reply|permalink|flag|recommend)\b")


@dataclass(frozen=True)
class Stamp:
    """A full date a stamp states, in the text searched: ``span`` is the date's offsets there."""

    date: dt.date
    updated: bool  # a last-updated stamp: the report was published on this day or before it
    rule: str
    evidence: str  # the stamp as written
    span: tuple[int, int]


def find_stamps(text: str, today: dt.date, notes: list[str], *, reach: int = STAMP_REACH) -> list[Stamp]:
    """The stamps in one line of text that start within ``reach`` characters, in reading order.

    A stamp whose date is impossible, implausible or contradicts its weekday is left out and named in
    ``notes`` (for the caller's reason).
    """
    by_span: dict[tuple[int, int], Stamp] = {}
    for rule in RULES:
        for m in rule.pattern.finditer(text, 0, len(text)):
            if m.start() > reach:
                break
            if not _stands_alone(text, m):
                continue
            span = (m.start("date"), m.end("date"))
            known = by_span.get(span)
            if known is not None and (known.updated or not rule.updated):
                continue  # a date an updated rule matched stays an update
            date, why = read(m, today)
            evidence = text[m.start() : m.end()].strip()
            if why:
                notes.append(f"ignored the stamp '{evidence}', {why}")
            elif date is not None:  # a stamp without a year is no publication date
                by_span[span] = Stamp(date, rule.updated, rule.name, evidence, span)
    found = [by_span[span] for span in sorted(by_span)]
    for updated in (False, True):
        same = [stamp for stamp in found if stamp.updated is updated]
        if len({stamp.date for stamp in same}) > 1:
            # Several days stamped alike in one line: a list of posts, comments or videos, each with its
            # own date, none of them this page's. (One published and one updated stamp are one page's.)
            notes.append(f"ignored a line listing several dated items ('{same[0].evidence}', '{same[1].evidence}')")
            return []
    return found


def _stands_alone(text: str, m: re.Match[str]) -> bool:
    """Whether the match is a stamp, not a date a sentence leads into or runs on from."""
    before = text[: m.start()]
    word = _WORD_BEFORE.search(before)
    if word and word.end(1) >= len(before.rstrip()) and word[1].lower() in PROSE_BEFORE:
        return False
    if _COMMA_BEFORE.search(before):
        return False
    return not (_PROSE_AFTER.match(text, m.end()) or _COMMENT_AFTER.match(text, m.end()))
