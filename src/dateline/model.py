"""The typed data model every stage reads and writes.

Data flows one way: files -> RawDocument -> Article -> (later: sentences,
mentions, events) -> Timeline -> renderers. Every type is a frozen dataclass
so that stages stay pure functions over batches and results can cross process
boundaries (pickling) unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

SCHEMA_VERSION = "dateline.timeline/1"


class Granularity(str, Enum):
    """How precise a date is: a value never claims more than its mention."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    SEASON = "season"
    YEAR = "year"
    DECADE = "decade"


class DateHow(str, Enum):
    """Where a publication date came from, strongest first."""

    METADATA = "metadata"  # a feed field, HTML meta tags, WARC/JSONL fields
    HEADER = "header"  # a "Published: ..." header line of a text file
    DATELINE = "dateline"  # "BRUSSELS, February 11, 2016 -" opening the story
    DATE_LINE = "date-line"  # a line near the title that is only a date
    URL = "url"  # /2017/03/23/ in the address
    SHARED_PASSAGE = "shared-passage"  # bounded by a dated report it shares a passage with
    NONE = "none"  # nothing in the report fixes the date


@dataclass(frozen=True)
class Origin:
    """Where a report was read from: a file, and a line or record inside it."""

    path: str
    line: int | None = None  # 1-based line of a JSONL file
    record: int | None = None  # 0-based position of the record in a WARC file, counting every record
    url: str | None = None

    def label(self) -> str:
        """A short human-readable reference, e.g. ``feed.jsonl:12``."""
        if self.line is not None:
            return f"{self.path}:{self.line}"
        if self.record is not None:
            return f"{self.path}#{self.record}"
        return self.path


@dataclass(frozen=True)
class RawDocument:
    """One report as read from disk, before cleaning.

    ``kind`` says which cleaner applies. ``meta`` holds what the container
    itself states (JSONL fields, WARC headers, text front matter): keys
    ``title``, ``url``, ``published``, ``outlet``.
    """

    origin: Origin
    kind: Literal["html", "text"]
    content: str
    encoding: str = "utf-8"
    meta: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DroppedLine:
    """A line the cleaner removed, and why (kept for audit, never silently lost)."""

    text: str
    reason: str


@dataclass(frozen=True)
class CleanText:
    """The result of boilerplate removal."""

    text: str
    dropped: tuple[DroppedLine, ...] = ()
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)  # found in the page: url, outlet, published, author
    #: HTML only: the headline and the short lines printed under it (date line,
    #: byline), which the body extractor leaves out but which can date the page.
    head_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class PublishedDate:
    """A report's publication date with how it was found.

    ``date`` is None when nothing in the report supports a date; ``reason``
    then says why. ``evidence`` is the text the date was read from, and
    ``span`` its character offsets in the article text when it came from it.
    ``inferred`` says how a part the evidence lacks (a year) was inferred.
    ``earliest``/``latest`` bound a date that is not known to the day (then
    ``date`` is None): the report was published between them.
    """

    date: dt.date | None
    how: DateHow
    confidence: float
    evidence: str | None = None
    span: tuple[int, int] | None = None
    reason: str | None = None
    inferred: str | None = None
    earliest: dt.date | None = None
    latest: dt.date | None = None

    @classmethod
    def unknown(cls, reason: str) -> PublishedDate:
        """No supported date, with the reason."""
        return cls(date=None, how=DateHow.NONE, confidence=0.0, reason=reason)


@dataclass(frozen=True)
class TimeMention:
    """A date expression found in text, and the calendar time it refers to.

    ``start``/``end`` are character offsets in the text that was tagged (for
    stored mentions: the article's ``text``). ``value`` is a TIMEX3-style
    normalised value whose precision is ``granularity``: ``2017-03-22`` (day),
    ``2017-W12`` (ISO week), ``2017-03`` (month), ``2017-Q1`` (quarter),
    ``2017-SU`` (season: SP, SU, FA, WI), ``2017`` (year), ``201`` (decade,
    the 2010s). ``anchor`` is the date it was resolved against and ``how``
    names the rule; when it cannot be resolved, ``value`` is None and
    ``reason`` says why.
    """

    start: int
    end: int
    text: str
    value: str | None
    granularity: Granularity | None
    anchor: dt.date | None = None
    how: str = ""
    reason: str | None = None


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article with the dates it mentions.

    ``mentions`` are what the sentence itself says happened when (offsets in
    the article's text); ``published`` is the report's publication date, a
    weaker signal: "this was reported on X", not "this happened on X".
    """

    article: str
    start: int
    end: int
    mentions: tuple[TimeMention, ...] = ()
    published: dt.date | None = None


@dataclass(frozen=True)
class Outlet:
    """Who published a report, and how we know."""

    name: str | None
    how: Literal["metadata", "url", "header", "none"]


@dataclass(frozen=True)
class Article:
    """A clean, dated report."""

    id: str
    origin: Origin
    outlet: Outlet
    title: str | None
    text: str
    published: PublishedDate
    url: str | None = None
    dropped: tuple[DroppedLine, ...] = ()
    #: The names spaCy found in ``text`` (None: not looked for yet). Derived from the text and
    #: kept only so that NER runs once per article, so it takes no part in equality.
    ner: ArticleEntities | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Skipped:
    """An input that could not be used, with one clear reason."""

    origin: str
    reason: str


@dataclass(frozen=True)
class SourceRef:
    """A character span ``[start, end)`` of an article's ``text``."""

    article: str
    start: int
    end: int


@dataclass(frozen=True)
class Copy:
    """A report that is a near-copy of an earlier one (a reprinted wire story).

    ``original`` is the first appearance: the earliest published, else the
    first ingested. Copies count once: a claim carried by a wire story and
    ten reprints has one independent source, not eleven.
    """

    article: str
    original: str
    similarity: float  # estimated Jaccard similarity of their word shingles


@dataclass(frozen=True)
class Repeat:
    """A passage printed again: within one report, or across reports."""

    passage: SourceRef  # the repeat
    original: SourceRef  # its first appearance


@dataclass(frozen=True)
class QuoteMention:
    """One direct quote in one article, with who said it when the text says.

    ``parts`` are the spans of the quoted words (inside the quote marks); a
    split quote ("...," he said, "...") has several. ``speaker`` is the name
    as the text gives it (a pronoun or a title such as "the minister" already
    resolved to the last named speaker), None when the text does not say;
    ``how`` names the pattern that attributed it, ``reason`` why it is None.
    """

    article: str
    parts: tuple[tuple[int, int], ...]
    text: str
    speaker: str | None
    speaker_span: tuple[int, int] | None = None
    role: str | None = None
    how: str = ""
    reason: str | None = None


@dataclass(frozen=True)
class Quote:
    """A quote across the story: one text, its speaker and every report carrying it."""

    speaker: str | None
    role: str | None
    text: str
    sources: tuple[SourceRef, ...]
    variants: tuple[str, ...] = ()  # other wordings of the same quote in other reports
    origins: int = 1  # independent sources (copies of one report count once)


@dataclass(frozen=True)
class FigureMention:
    """A numeric fact in one sentence: what is counted, how many, when.

    ``measure`` is a normalised name of what is counted ("coalition members",
    "people killed"), None when the text does not say. ``date`` is a TIMEX
    value (see TimeMention) the figure holds for, from the sentence's own
    date mentions or else the report's publication date; ``date_how`` says which.
    """

    article: str
    start: int
    end: int
    text: str
    value: float
    unit: str | None
    qualifier: str | None  # "more than", "nearly", "at least", "fewer than", "about", ...
    measure: str | None
    date: str | None = None
    date_how: str = ""


@dataclass(frozen=True)
class Figure:
    """One value of a measure at one date, with the reports that give it."""

    measure: str
    value: float
    unit: str | None
    qualifier: str | None
    date: str | None
    sources: tuple[SourceRef, ...]
    origins: int = 1


@dataclass(frozen=True)
class DisagreementValue:
    value: float
    qualifier: str | None
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True)
class Disagreement:
    """Sources that give different values for the same thing at the same date."""

    kind: str  # "figure"
    subject: str  # the measure
    date: str | None
    values: tuple[DisagreementValue, ...]


@dataclass(frozen=True)
class Entity:
    """A person, organisation or place, with every name the story uses for it."""

    name: str
    label: str  # PERSON, ORG, GPE, LOC, NORP, ...
    aliases: tuple[str, ...]
    mentions: tuple[SourceRef, ...]
    role: str | None = None  # a title the story gives a person ("US Secretary of State")


@dataclass(frozen=True)
class EntityMention:
    """A name found in one article, ``text[start:end]``, before the story's aliases are merged."""

    article: str
    start: int
    end: int
    name: str  # the name as printed, without "the" or a possessive
    label: str  # PERSON, ORG, GPE, LOC, NORP, FAC
    role: str | None = None  # title words printed just before a person ("Harbour Minister")


@dataclass(frozen=True)
class ArticleEntities:
    """What NER found in one article: its name mentions and the names its text declares equal."""

    article: str
    #: The NER version these were found with (model, its version, the extraction rules' version).
    version: str
    mentions: tuple[EntityMention, ...] = ()
    declared: tuple[tuple[str, str], ...] = ()  # ("Islamic State of Iraq and the Levant", "ISIL")


class EventDateHow(str, Enum):
    """How a sentence was placed on its event's date."""

    MENTIONED = "mentioned"  # the sentence names the date (a resolved TimeMention)
    #: The sentence names no date; its report is about a day it names near its
    #: publication (the day it names most in the week up to it), and that day stands in.
    REPORT_FOCUS = "report-focus"
    PUBLISHED = "published"  # the sentence names no date, nor does its report: the publication date stands in
    GIVEN = "given"  # the input came already dated (a pool of dated sentences)


@dataclass(frozen=True)
class EventSentence:
    """A sentence supporting an event, with how it was dated.

    ``mention`` is the date expression that placed it (offsets in the
    article's text) when ``how`` is MENTIONED. ``background`` marks a passage
    an earlier independent report already carried (a recycled explainer),
    kept apart from what is new in its report.
    """

    ref: SourceRef
    text: str
    how: EventDateHow
    mention: TimeMention | None = None
    outlet: str | None = None
    background: bool = False


@dataclass(frozen=True)
class Event:
    """Sentences from one or more reports about one happening on one date.

    ``value`` is the TIMEX-style date (``2017-03-22``, ``2017-03``,
    ``2017``) at ``granularity``; ``date`` is its first day. ``sources``
    counts independent reports (a copy and its original count once).
    ``quotes`` and ``figures`` index ``Timeline.quotes`` / ``Timeline.figures``.
    ``background`` is True when every sentence is recycled background.
    """

    id: str
    date: dt.date
    granularity: Granularity
    value: str
    sentences: tuple[EventSentence, ...]
    sources: int
    outlets: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    quotes: tuple[int, ...] = ()
    figures: tuple[int, ...] = ()
    background: bool = False
    score: float = 0.0


@dataclass(frozen=True)
class TimelineEntry:
    """One dated line of the timeline: a short account with its sources.

    ``summary[i]`` is the text of ``sources[i]`` and was dated as
    ``dated[i]`` says (an EventDateHow value). ``events`` are the ids of the
    events on this date, most important first; ``reports`` counts the
    independent reports behind them; ``score`` is the date's importance.
    """

    date: dt.date
    granularity: Granularity
    summary: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    value: str | None = None
    dated: tuple[str, ...] = ()
    events: tuple[str, ...] = ()
    reports: int = 0
    score: float = 0.0


@dataclass(frozen=True)
class Duplicate:
    """An input whose content was already present (stored once)."""

    origin: str
    article: str  # the id of the article it duplicates


@dataclass(frozen=True)
class IngestReport:
    """What one ingest run read, added, found already present and skipped."""

    added: tuple[Article, ...] = ()
    duplicates: tuple[Duplicate, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    files: int = 0  # input files opened (a JSONL or WARC file holds many reports)


@dataclass(frozen=True)
class Timeline:
    """Everything dateline found in a pile of reports (what timeline.json holds)."""

    articles: tuple[Article, ...]
    entries: tuple[TimelineEntry, ...]
    skipped: tuple[Skipped, ...] = ()
    duplicates: tuple[Duplicate, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    quotes: tuple[Quote, ...] = ()
    figures: tuple[Figure, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    copies: tuple[Copy, ...] = ()
    repeats: tuple[Repeat, ...] = ()
    entities: tuple[Entity, ...] = ()
    events: tuple[Event, ...] = ()
    generated: dt.datetime | None = None
    schema: str = SCHEMA_VERSION

    def span(self) -> tuple[dt.date, dt.date] | None:
        """First and last known publication date, or None."""
        dates = [a.published.date for a in self.articles if a.published.date]
        return (min(dates), max(dates)) if dates else None

    def _repr_html_(self) -> str:
        """A compact, escaped table of the entries (what a notebook shows)."""
        return str(_view("html")(self))

    def to_dataframe(self, kind: str = "entries") -> Any:
        """One table as a pandas DataFrame: ``entries`` (one row per sentence), ``quotes`` or ``figures``
        (one row per source); needs pandas (``pip install pandas``)."""
        return _view("dataframe")(self, kind)


#: How a Timeline shows itself in a notebook (``html``) and as a table (``dataframe``). The
#: renderers fill it in when ``dateline.render`` is imported (``import dateline`` does), so
#: the model never imports a renderer: the data flows one way, model -> render.
TIMELINE_VIEWS: dict[str, Callable[..., Any]] = {}


def _view(name: str) -> Callable[..., Any]:
    try:
        return TIMELINE_VIEWS[name]
    except KeyError:
        raise LookupError(f"no {name} view of a Timeline is registered; `import dateline.render` first") from None


@dataclass(frozen=True)
class Story:
    """The story while its stages run: each story stage, ``(Story, Settings) -> Story``, fills its part.

    It starts as the reports (and what was skipped or already present); the
    stages date them, find copies, entities, quotes and figures, then the
    events and the dated entries. ``dated`` holds each article's dated
    sentences with the key they were dated with (its anchor and the tagger's
    version): a store passes in those of an earlier build, which are reused
    while the key holds. :meth:`timeline` is what the last stage leaves.
    """

    articles: tuple[Article, ...]
    skipped: tuple[Skipped, ...] = ()
    duplicates: tuple[Duplicate, ...] = ()
    dated: Mapping[str, tuple[str, tuple[Sentence, ...]]] = field(default_factory=dict)
    sentences: tuple[Sentence, ...] = ()
    copies: tuple[Copy, ...] = ()
    repeats: tuple[Repeat, ...] = ()
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    figures: tuple[Figure, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    events: tuple[Event, ...] = ()
    entries: tuple[TimelineEntry, ...] = ()

    def timeline(self, generated: dt.datetime | None = None) -> Timeline:
        """What the story stages found, as the Timeline every renderer reads."""
        return Timeline(
            articles=self.articles,
            entries=self.entries,
            skipped=self.skipped,
            duplicates=self.duplicates,
            sentences=self.sentences,
            quotes=self.quotes,
            figures=self.figures,
            disagreements=self.disagreements,
            copies=self.copies,
            repeats=self.repeats,
            entities=self.entities,
            events=self.events,
            generated=generated,
        )
