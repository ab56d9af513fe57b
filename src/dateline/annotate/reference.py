"""Reference times: what each date mention of a report is counted from.

The tagger (:mod:`dateline.annotate.timex`) counts every relative date from
one anchor, the publication date. That is right for narration and wrong for
speech: in "Kerry said on Thursday: 'Tomorrow I travel to Davos'", published
on Friday, "tomorrow" is Friday, counted from when it was said. This module
takes the tagger's mentions and gives some of them another reference time:

1. **Speech is anchored to when it was said.** A speech verb the text dates
   ("said on Thursday", "told reporters Thursday", "On Thursday, X said")
   is a *dated speech event*. Mentions in its reported clause, in a quote
   attributed in its sentence, and, later in the report, in quotes and
   first-person passages that state no date of their own (the report goes on
   telling the occasion it dated) are counted from that day. Where the text
   dates no speech, the publication date stays the anchor.
2. **An explicit date beside a relative one wins**: "today (Jan. 22)",
   "Thursday, Jan. 22": the relative mention takes the written date.

Each changed mention says so in its ``detail`` with the evidence and its span.
The tagger is a black box here: re-anchoring tags the text again against the
speech date and takes the mention at the same span. Mentions without a
period are passed through untouched unless the new anchor resolves them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..model import Article, Granularity, MentionHow, TimeMention
from ..text import sentence_spans
from .quotes import SPEECH_VERBS, find_quotes

__all__ = ["VERSION", "anchor_mentions", "speech_events"]

#: Part of every sentence-dating key: raise it when these rules change, so stored dates are redone.
VERSION = "1"

#: Verbs of saying whose date is the date of what was said ("speaking" as in "speaking to reporters on Thursday"):
#: past tenses and participles only; "officials say" speaks in the report's present, whatever date is near it.
SPEECH_WORDS = frozenset(w for w in SPEECH_VERBS | {"speaking", "addressing", "spoke"}
                         if w.endswith(("ed", "ing")) or w in {"said", "told", "wrote", "spoke"})
#: Most words between a speech verb and its date: "said at the Foreign Office here Thursday" has 5.
SPEECH_DATE_WORDS = 8
#: Words that open a clause of their own between a verb and a date: the date then belongs to that clause
#: ("said that the talks would resume on Thursday", "said the summit, which ends on Thursday").
CLAUSE_WORDS = frozenset({
    "that", "which", "who", "whom", "whose", "where", "when", "while", "after", "before", "since", "until", "if",
    "would", "will", "could", "should", "might", "may", "must", "can", "shall",
    "had", "has", "have", "was", "were", "is", "are", "be", "been", "being", "did", "does", "do",
})
#: What a speech verb's date may not reach over: a quote, a sentence or clause stop, a comma and a conjunction
#: ("the dam failed yesterday, and officials said": the date is the first clause's).
_GAP_STOPS = re.compile(r"[.;:!?\"“”«»()]|,\s*(?:and|but|or|while|as)\b")
#: First-person words outside quote marks: in a news report, a passage in the first person is someone speaking
#: ("In the minister's words: ... we reviewed ..."); the report's own voice is the third person.
FIRST_PERSON = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|I'll|I’ll|I'd|I’d|[Ww]e|[Ww]e're|[Ww]e’re|[Ww]e've|[Ww]e’ve|"
                          r"[Ww]e'll|[Ww]e’ll|[Oo]ur|[Oo]urs|us|[Mm]y)\b")
#: First-person words a paragraph needs to read as speech: one "our" may be "our correspondent".
FIRST_PERSON_MIN = 2
#: Mentions whose value does not depend on the anchor: no speech date changes them.
ANCHOR_FREE = frozenset({MentionHow.ABSOLUTE})
#: Relative mentions that an explicit date beside them overrides (a deictic day or a bare weekday).
RELATIVE = frozenset({MentionHow.FROM_ANCHOR, MentionHow.WEEKDAY_PAST, MentionHow.WEEKDAY_FUTURE})
#: What may stand between a relative date and the explicit one beside it: "today (Jan. 22)", "Thursday, Jan. 22".
BESIDE = re.compile(r"\s*[(,]\s*")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_PARAGRAPH = re.compile(r"(?:[^\n]|\n(?![ \t]*\n))+")
_DIGIT = re.compile(r"\d")

#: Tags the article's text against another anchor (the tagger, bound to the text).
Retag = Callable[[dt.date], Sequence[TimeMention]]


@dataclass(frozen=True)
class SpeechEvent:
    """A speech verb the text dates: ``said ... Thursday``, with the date mention that dates it."""

    verb: tuple[int, int]  # the verb's span
    date: TimeMention  # a resolved day
    sentence: tuple[int, int]  # the sentence it is in

    @property
    def day(self) -> dt.date:
        assert self.date.period is not None
        return self.date.period.first

    @property
    def span(self) -> tuple[int, int]:
        """From the verb to its date, whichever comes first."""
        return min(self.verb[0], self.date.start), max(self.verb[1], self.date.end)


def anchor_mentions(article: Article, mentions: Sequence[TimeMention], retag: Retag) -> list[TimeMention]:
    """The mentions with speech counted from when it was said and relative dates beside explicit ones taking them.

    ``mentions`` are the tagger's, resolved against the publication date (or
    its bounds); ``retag(day)`` tags the same text against ``day``.
    """
    text = article.text
    if not any(m.period is not None and m.period.granularity is Granularity.DAY for m in mentions):
        # Only a day can date a speech event: without one there is nothing to re-anchor, and finding the
        # report's quotes (the costly part, done again by the quotes stage) would be wasted.
        return _beside_explicit(text, list(mentions))
    quoted = [p for q in find_quotes(article) for p in q.parts]
    events = speech_events(text, mentions, quoted)
    anchors = _speech_anchors(text, mentions, quoted, events)
    retagged: dict[dt.date, dict[tuple[int, int], TimeMention]] = {}
    out = []
    for m in mentions:
        event = anchors.get((m.start, m.end))
        if event is None or m.how in ANCHOR_FREE or m.anchor == event.day:
            out.append(m)
            continue
        if event.day not in retagged:
            retagged[event.day] = {(n.start, n.end): n for n in retag(event.day)}
        again = retagged[event.day].get((m.start, m.end))
        if again is None or again.period is None:
            out.append(m)
            continue
        start, end = event.span
        out.append(dataclasses.replace(
            again, detail=f"{again.detail}; anchored to the speech date in '{_squeeze(text[start:end])}' ({start}-{end})"))
    return _beside_explicit(text, out)


def speech_events(text: str, mentions: Sequence[TimeMention], quoted: Sequence[tuple[int, int]] = ()) -> list[SpeechEvent]:
    """Every speech verb the text dates, in text order (verbs inside quotes are the speaker's, not the report's)."""
    days = [m for m in mentions if m.period is not None and m.period.granularity is Granularity.DAY
            and not _inside(m.start, quoted)]
    out = []
    for start, end in sentence_spans(text):
        here = [m for m in days if start <= m.start < end]
        if not here:
            continue
        for w in _WORD.finditer(text, start, end):
            if w.group().lower() not in SPEECH_WORDS or _inside(w.start(), quoted):
                continue
            dated = [m for m in here if _dates_verb(text, (w.start(), w.end()), m)]
            if dated:
                nearest = min(dated, key=lambda m: abs(m.start - w.start()))
                out.append(SpeechEvent((w.start(), w.end()), nearest, (start, end)))
                break
    return out


def _dates_verb(text: str, verb: tuple[int, int], m: TimeMention) -> bool:
    """Whether date mention ``m`` says when the verb at ``verb`` happened: near it, in no clause of its own."""
    gap = text[verb[1]:m.start] if m.start >= verb[1] else text[m.end:verb[0]] if m.end <= verb[0] else None
    if gap is None or _GAP_STOPS.search(gap):
        return False
    if m.start >= verb[1] and re.match(r"['’]s\b", text[m.end:m.end + 2]):
        return False  # "said Thursday's attack ...": the date belongs to a noun
    gap_words = [w.lower() for w in _WORD.findall(gap)]
    return len(gap_words) <= SPEECH_DATE_WORDS and not any(
        w in CLAUSE_WORDS or (w.endswith("ed") and w not in SPEECH_WORDS) for w in gap_words)


def _speech_anchors(text: str, mentions: Sequence[TimeMention], quoted: Sequence[tuple[int, int]],
                    events: Sequence[SpeechEvent]) -> dict[tuple[int, int], SpeechEvent]:
    """The dated speech event each mention said in speech belongs to (mentions in narration have none).

    Once the report has dated an occasion, a speech verb inside a first-person
    passage is the speaker's, not the report's ("As the President said a couple
    of days ago, ..." in a minister's remarks): its date is counted from the
    occasion like the rest of the passage, and it does not become an occasion.
    """
    spoken = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)
              if len(FIRST_PERSON.findall(_unquoted(text, m.start(), m.end(), quoted))) >= FIRST_PERSON_MIN]
    narrated: list[SpeechEvent] = []
    for e in events:
        if not (narrated and _inside(e.verb[0], spoken)):
            narrated.append(e)
    own = {(e.date.start, e.date.end) for e in narrated}
    starts = [e.verb[0] for e in narrated]
    quotes = _quote_events(quoted, narrated)
    out: dict[tuple[int, int], SpeechEvent] = {}
    for m in mentions:
        if (m.start, m.end) in own:
            continue  # the date of a speech event is narration
        said_here = next((e for e in narrated if e.sentence[0] <= m.start < e.sentence[1] and m.start >= e.span[1]), None)
        if said_here is not None:  # "X said on Thursday that ... today"
            out[(m.start, m.end)] = said_here
            continue
        quote = next((q for (a, b), q in quotes.items() if a <= m.start < b), None)
        if quote is not None:
            out[(m.start, m.end)] = quote
            continue
        if _inside(m.start, quoted) or _inside(m.start, spoken):
            before = bisect_right(starts, m.start)
            if before:  # the report goes on telling the occasion it dated last
                out[(m.start, m.end)] = narrated[before - 1]
    return out


def _quote_events(quoted: Sequence[tuple[int, int]], events: Sequence[SpeechEvent]) -> dict[tuple[int, int], SpeechEvent]:
    """Quotes whose attribution is dated: a dated speech event in a sentence the quote opens, closes or is in."""
    out = {}
    for a, b in quoted:
        here = [e for e in events if e.sentence[0] <= b and a < e.sentence[1]]
        if here:
            out[(a, b)] = min(here, key=lambda e: min(abs(e.verb[0] - a), abs(e.verb[0] - b)))
    return out


def _beside_explicit(text: str, mentions: list[TimeMention]) -> list[TimeMention]:
    """Relative days written next to an explicit day take its value: "today (Jan. 22)", "Thursday, Jan. 22"."""
    out = list(mentions)
    for i, m in enumerate(mentions):
        if m.how not in RELATIVE:
            continue
        for j in (i - 1, i + 1):
            if not 0 <= j < len(mentions):
                continue
            n = mentions[j]
            a, b = (m.end, n.start) if j > i else (n.end, m.start)
            if (n.period is None or n.period.granularity is not Granularity.DAY or not _DIGIT.search(n.text)
                    or n.how in RELATIVE or a > b or not BESIDE.fullmatch(text[a:b])):
                continue
            out[i] = dataclasses.replace(
                m, period=n.period, anchor=m.anchor, how=MentionHow.BESIDE_EXPLICIT,
                detail=f"takes the date written beside it, '{n.text}' ({n.start}-{n.end})", reason=None)
            break
    return out


def _inside(pos: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _unquoted(text: str, start: int, end: int, quoted: Sequence[tuple[int, int]]) -> str:
    """The text of ``start:end`` with quoted words blanked (their first person is the quote's)."""
    chars = list(text[start:end])
    for a, b in quoted:
        for k in range(max(a, start), min(b, end)):
            chars[k - start] = " "
    return "".join(chars)


def _squeeze(s: str) -> str:
    return " ".join(s.split())
