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
from typing import Any, Literal

from .period import SEASON_START as SEASON_START
from .period import Granularity as Granularity
from .period import Period as Period
from .period import TimexType as TimexType
from .period import ValueEnum as ValueEnum
from .period import read_timex as read_timex

SCHEMA_VERSION = "dateline.timeline/1"


class MentionHow(ValueEnum):
    """Which rule resolved a TimeMention; its ``detail`` says the same for people, with the particulars."""

    ABSOLUTE = "absolute"  # the text gives the whole value: "22 March 2017", "March 2017", "Q1 2017", "2017"
    NEAREST_YEAR = "nearest-year"  # a month-day or a fixed holiday: the year that puts it nearest the anchor
    ANCHOR_YEAR = "anchor-year"  # a month, season, quarter or decade without its year: the anchor gives it
    FROM_ANCHOR = "anchor"  # counted from the anchor: "yesterday", "two weeks ago", "last month", "next Monday"
    FROM_LAST_MENTIONED = "last-mentioned"  # counted from the date the text named last: "two days later"
    WEEKDAY_PAST = "weekday-past"  # a bare weekday in past narration: the latest such day up to the anchor
    WEEKDAY_FUTURE = "weekday-future"  # a bare weekday in future narration: the next such day
    #: A relative date written beside an explicit one takes its value: "today (Jan. 22)", "on Thursday, Jan. 22".
    BESIDE_EXPLICIT = "beside-explicit"
    #: A report about a quarter: "the quarter", "the latest period" are that quarter; "a year earlier",
    #: "the year-ago quarter" the same quarter a year before (TimeML's reading of results reporting).
    REPORTED_PERIOD = "reported-period"
    NOT_PLACED = "not-placed"  # a duration, set or vague reference: typed and valued, names no calendar stretch
    UNRESOLVED = "unresolved"  # not resolved (no anchor, a contradiction, an ambiguous anchor): see the reason
    #: Read back from timeline.json or the store, which keep only the detail (the text they have always held).
    UNRECORDED = "unrecorded"


class FigureDateHow(ValueEnum):
    """Where the date a figure holds for came from."""

    SENTENCE = "sentence"  # a date its own clause gives
    STORY = "story"  # the day of the report's main event, named in its opening sentences
    PUBLISHED = "published"  # the publication date, or the week or month its bounds share
    NONE = "none"  # nothing dates it


class DateHow(ValueEnum):
    """Where a publication date came from, strongest first."""

    METADATA = "metadata"  # a feed field, HTML meta tags, WARC/JSONL fields
    HEADER = "header"  # a "Published: ..." header line of a text file
    DATELINE = "dateline"  # "BRUSSELS, February 11, 2016 -" opening the story
    DATE_LINE = "date-line"  # a line near the title that is only a date
    STAMP = "stamp"  # the page's stamp in the opening text: "Fri Apr 24, 2009 7:50 pm EDT", "March 9, 2023 | By"
    URL = "url"  # /2017/03/23/ in the address
    UPDATED = "updated"  # a last-updated date: published on it or before (bounds the date from above)
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


class DropReason(ValueEnum):
    """Why the cleaner removed a line. The values are the texts timeline.json and the store have always held."""

    NAVIGATION = "navigation"  # menus, "skip to content", a line with no word
    COMMENT_FORM = "comment form"  # comment sections and their forms
    SOCIAL = "social"  # share buttons, "follow us on ..."
    CAPTION = "caption"  # a photo caption (with its credit, or above one)
    PHOTO_CREDIT = "photo credit"  # "Photo: Jane Doe/Reuters"
    VIDEO_PLACEHOLDER = "video placeholder"  # a player's leftovers, and the video's title above them
    TAGS = "tags"  # "Tags: ...", "a | b | c"
    RELATED_STORIES = "related stories"  # "Related", "More stories", and the teasers under them
    ADVERTISEMENT = "advertisement"  # "Advertisement", "Story continues below"
    COOKIE_NOTICE = "cookie notice"
    NEWSLETTER = "newsletter"  # sign-up prompts
    COPYRIGHT = "copyright"  # copyright footers, privacy and terms links
    CLICK_HERE = "click here"
    LEGAL_NOTICE = "legal notice"
    DONATION_APPEAL = "donation appeal"
    FEED_FOOTER = "feed footer"  # "The post ... appeared first on ..."
    READING_TIME = "reading time"  # "4 min read"
    PAGE_CHROME = "page chrome"  # the page around the article: between the headline and the body, loading notices
    DATE_BANNER = "date banner (probable crawl date)"  # a date line above the headline: when the page was saved
    AFTER_ARTICLE = "after article"  # whatever follows the body
    BOILERPLATE = "boilerplate"  # dropped with no more particular reason

    @classmethod
    def read(cls, text: str) -> DropReason | str:
        """The member a stored reason names; the text itself when it names none.

        A store or timeline.json written by another version may hold a reason
        this one does not know: it loads as the plain string, never fails.
        """
        try:
            return cls(text)
        except ValueError:
            return text


@dataclass(frozen=True)
class DroppedLine:
    """A line the cleaner removed, and why (kept for audit, never silently lost).

    ``reason`` is a :class:`DropReason`; a plain string only when read back
    from a store or timeline.json written by a version that knew a reason this
    one does not (see :meth:`DropReason.read`), kept as written rather than lost.
    """

    text: str
    reason: DropReason | str


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
    #: For a date bounded by a shared passage (SHARED_PASSAGE): the ``reason`` the report's own text gave, which
    #: the next build starts from when it works the bound out again. Bookkeeping for the store, not part of the
    #: date (timeline.json leaves it out), so it takes no part in equality.
    unbounded_reason: str | None = field(default=None, compare=False)

    @classmethod
    def unknown(cls, reason: str) -> PublishedDate:
        """No supported date, with the reason."""
        return cls(date=None, how=DateHow.NONE, confidence=0.0, reason=reason)


#: TimeML values that name a stretch inside a period: a time of a day ("2017-03-22TNI", "1989-11-09T17:00"),
#: the weekend of a week ("2017-W11-WE"), the half of a year ("1989-H2").
@dataclass(frozen=True)
class TimeMention:
    """A date expression found in text, and the calendar time it refers to.

    ``start``/``end`` are character offsets in the text that was tagged (for
    stored mentions: the article's ``text``). ``period`` is the time it names,
    never more precise than the text (``value`` and ``granularity`` are its
    TIMEX3 value and precision). ``anchor`` is the date it was resolved
    against; ``how`` names the rule and ``detail`` says it for people. When it
    cannot be resolved, ``period`` is None and ``reason`` says why.

    ``kind`` is the TIMEX3 type. A TIME's ``period`` is its day and ``timex``
    its full value ("2017-03-22TNI"); a DURATION or SET, or a vague DATE
    ("PRESENT_REF"), has no ``period`` (it places nothing) and its value in
    ``timex`` ("P3D", "XXXX-WXX-5", "PAST_REF"). ``timex`` is None when the
    value is the period's own.
    """

    start: int
    end: int
    text: str
    period: Period | None
    anchor: dt.date | None = None
    #: Not compared: ``detail`` already tells the rules apart, and timeline.json keeps only the detail.
    how: MentionHow = field(default=MentionHow.UNRECORDED, compare=False)
    detail: str = ""
    reason: str | None = None
    kind: TimexType = TimexType.DATE
    timex: str | None = None

    @property
    def value(self) -> str | None:
        """The TIMEX3 value: ``timex`` when set, else the period's; None when unresolved."""
        if self.timex is not None:
            return self.timex
        return self.period.timex if self.period else None

    @property
    def places(self) -> bool:
        """Whether this mention names calendar time a sentence can be placed on (a resolved DATE or TIME)."""
        return self.period is not None and self.kind in (TimexType.DATE, TimexType.TIME)

    @property
    def unresolved(self) -> bool:
        """Whether this is a DATE or TIME whose value could not be worked out (``reason`` says why): "on
        Wednesday" in a report whose publication date is unknown. A vague one ("now") has its value."""
        return self.value is None and self.kind in (TimexType.DATE, TimexType.TIME)

    @property
    def granularity(self) -> Granularity | None:
        return self.period.granularity if self.period else None


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


#: How a report's outlet was found, strongest evidence first (see ``dateline.ingest.outlets``).
OutletHow = Literal["metadata", "header", "credit", "desk", "byline", "masthead", "url", "none"]


@dataclass(frozen=True)
class Outlet:
    """Who published a report, and how we know.

    ``how`` names the rule that found it, ``evidence`` the line or address it was
    read from, ``span`` that evidence's ``[start, end)`` in the article's text when
    it is there (None when the line was dropped as page furniture or came from
    metadata), ``confidence`` how sure the rule is (metadata > credit line > host);
    ``reason`` says why ``name`` is None.
    """

    name: str | None
    how: OutletHow
    evidence: str | None = None
    span: tuple[int, int] | None = None
    confidence: float = 0.0
    reason: str | None = None


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
    #: Its sentences with their date mentions, and the key they were dated with (see ``annotate/dating.py``),
    #: as a worker found them from the report's own publication date (None: not yet). Derived from the
    #: text and kept only so that the main process need not tag it again, so no part of equality.
    dated: tuple[str, tuple[Sentence, ...]] | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Skipped:
    """An input that could not be used, with one clear reason."""

    origin: str
    reason: str


@dataclass(frozen=True)
class OffTopic:
    """A report set aside as not about the pile's story (see ``story/topic.py``), with the evidence.

    It stays in the store and in ``Timeline.articles``; it makes no events or entries. ``story_mentions``
    counts the pile's salient names in its ``characters`` of text; ``story_words`` is the share of the
    words most of the pile's reports use that it uses; ``similarity`` is the cosine of its words with the
    other reports', ``pile_similarity`` the pile's median of the same.
    """

    article: str
    reason: str
    similarity: float
    pile_similarity: float
    story_mentions: int
    characters: int
    story_words: float


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


class QuoteHow(ValueEnum):
    """How a QuoteMention was attributed; its ``detail`` says the same for people, with the verb and the phrase.

    When several steps took part, the member names the one that decided the
    speaker: another quote (CONTINUES_PREVIOUS, HEADLINE_REPEATS_BODY), else a
    phrase pointing back (PRONOUN_BACK, TITLE_BACK), else the split, else the
    speech-verb pattern; ``detail`` tells all of them.
    """

    SAID_X = "said-x"  # a speech verb, then the speaker: '"...," said Tully', 'said Tully: "..."'
    X_SAID = "x-said"  # the speaker, then a speech verb: '"...," Tully told reporters', 'Tully said: "..."'
    ACCORDING_TO = "according-to"  # 'according to Tully'
    DASH = "dash"  # a dash, then a name: '" - Mayor Edda Strand'
    COLON = "colon"  # a pronoun in a sentence ending in a colon: 'she put it bluntly to delegates: "..."'
    SPLIT = "split"  # the attribution between the parts of a split quote: '"A," she said, "B."'
    PRONOUN_BACK = "pronoun-back"  # 'he'/'she' taken as the last person named
    TITLE_BACK = "title-back"  # 'the minister' taken as the last person with that role, else the last named
    CONTINUES_PREVIOUS = "continues-previous"  # a quote paragraph with no attribution: the previous quote's speaker
    HEADLINE_REPEATS_BODY = "headline-repeats-body"  # a headline quote: the speaker of the body quote it repeats
    NONE = "none"  # not attributed: ``reason`` says why


@dataclass(frozen=True)
class QuoteMention:
    """One direct quote in one article, with who said it when the text says.

    ``parts`` are the spans of the quoted words (inside the quote marks); a
    split quote ("...," he said, "...") has several. ``speaker`` is the name
    as the text gives it (a pronoun or a title such as "the minister" already
    resolved to the last named speaker), None when the text does not say;
    ``how`` names the pattern that attributed it and ``detail`` says it for
    people; ``reason`` says why ``speaker`` is None.
    """

    article: str
    parts: tuple[tuple[int, int], ...]
    text: str
    speaker: str | None
    speaker_span: tuple[int, int] | None = None
    role: str | None = None
    how: QuoteHow = QuoteHow.NONE
    detail: str = ""
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
    "people killed"), None when the text does not say. ``date`` is the period
    the figure holds for, from the sentence's own date mentions or else the
    report's publication date; ``date_how`` says which.
    """

    article: str
    start: int
    end: int
    text: str
    value: float
    unit: str | None
    qualifier: str | None  # "more than", "nearly", "at least", "fewer than", "about", ...
    measure: str | None
    date: Period | None = None
    date_how: FigureDateHow = FigureDateHow.NONE


@dataclass(frozen=True)
class Figure:
    """One value of a measure at one date, with the reports that give it."""

    measure: str
    value: float
    unit: str | None
    qualifier: str | None
    date: Period | None
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
    date: Period | None
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


class EventDateHow(ValueEnum):
    """How a sentence was placed on its event's date."""

    MENTIONED = "mentioned"  # the sentence names the date (a resolved TimeMention)
    #: The sentence names no date; its report is about a day it names near its
    #: publication (the day it names most in the week up to it), and that day stands in.
    REPORT_FOCUS = "report-focus"
    PUBLISHED = "published"  # the sentence names no date, nor does its report: the publication date stands in
    GIVEN = "given"  # the input came already dated (a pool of dated sentences)


@dataclass(frozen=True)
class PassedOver:
    """A date a sentence names that does not date what the sentence tells, and the placement rule that says so.

    "oil prices dropped to 40 percent of their level last year": "last year"
    only qualifies a comparison; the sentence is not about last year.
    """

    mention: TimeMention
    rule: str  # the rule's name (see ``story/placement.py``)
    detail: str  # for people: which words make it a qualifier


@dataclass(frozen=True)
class EventSentence:
    """A sentence supporting an event, with how it was dated.

    ``mention`` is the date expression that placed it (offsets in the
    article's text) when ``how`` is MENTIONED. ``background`` marks a passage
    an earlier independent report already carried (a recycled explainer),
    kept apart from what is new in its report. ``passed_over`` are the dates
    the sentence names that only qualify a comparison or background, and so
    did not place it.
    """

    ref: SourceRef
    text: str
    how: EventDateHow
    mention: TimeMention | None = None
    outlet: str | None = None
    background: bool = False
    passed_over: tuple[PassedOver, ...] = ()


class _OnPeriod:
    """What has a ``period`` reads its first day, precision and TIMEX3 value from it."""

    period: Period

    @property
    def date(self) -> dt.date:
        return self.period.first

    @property
    def granularity(self) -> Granularity:
        return self.period.granularity

    @property
    def value(self) -> str:
        return self.period.timex


@dataclass(frozen=True)
class Event(_OnPeriod):
    """Sentences from one or more reports about one happening on one date.

    ``period`` is its date (a day, month or year; ``date``, ``granularity``
    and ``value`` are its first day, precision and TIMEX3 value). ``sources``
    counts independent reports (a copy and its original count once).
    ``quotes`` and ``figures`` index ``Timeline.quotes`` / ``Timeline.figures``.
    ``background`` is True when every sentence is recycled background.
    """

    id: str
    period: Period
    sentences: tuple[EventSentence, ...]
    sources: int
    outlets: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    quotes: tuple[int, ...] = ()
    figures: tuple[int, ...] = ()
    background: bool = False
    score: float = 0.0


@dataclass(frozen=True)
class TimelineEntry(_OnPeriod):
    """One dated line of the timeline: a short account with its sources.

    ``period`` is its date (``date``, ``granularity`` and ``value`` are its
    first day, precision and TIMEX3 value). ``summary[i]`` is the text of
    ``sources[i]`` and was dated as ``dated[i]`` says. ``events`` are the ids of the
    events on this date, most important first; ``reports`` counts the
    independent reports behind them; ``score`` is the date's importance.
    """

    period: Period
    summary: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    dated: tuple[EventDateHow, ...] = ()
    events: tuple[str, ...] = ()
    reports: int = 0
    score: float = 0.0
    #: Something on this date is new since the store's previous build: the date, or an event on it (see Changes).
    new: bool = False

    def __post_init__(self) -> None:
        if len(self.summary) != len(self.sources):
            raise ValueError(f"an entry has {len(self.summary)} summary sentences but {len(self.sources)} sources")


class UndatedReason(ValueEnum):
    """Why a sentence of a report without a known publication date is not on the timeline."""

    #: It names no date, and its report has no publication date (nor a day it is about) to stand in.
    NAMES_NO_DATE = "names-no-date"
    #: The dates it names count from its report's publication date, which is unknown ("on Wednesday", "last month").
    RELATIVE_TO_UNKNOWN = "relative-to-unknown"
    #: Its report is known only within bounds, and the dates it names differ from one end of them to the other.
    DEPENDS_ON_DAY = "depends-on-day"


@dataclass(frozen=True)
class UndatedItem:
    """A sentence of a report without a known publication date that the timeline cannot place, and why.

    Nothing an undated report tells is dropped silently: its key sentences that no date places are listed
    here (``Timeline.undated``), most important first within each report. ``reason`` says why it has no
    date and ``detail`` says it for people; ``mentions`` are the dates it names that could not be
    resolved. ``earliest``/``latest`` bound its report's publication date as far as anything supports
    (None: nothing does), ``bound`` says how they were inferred and ``bound_evidence`` is the sentence a
    bound was read from when the report's own text gave it. ``score`` orders a report's items.
    """

    ref: SourceRef
    text: str
    reason: UndatedReason
    detail: str
    mentions: tuple[TimeMention, ...] = ()
    earliest: dt.date | None = None
    latest: dt.date | None = None
    bound: str | None = None
    bound_evidence: SourceRef | None = None
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
    #: What was recovered from earlier runs on the same store that did not finish (killed, machine stopped).
    recovered: tuple[str, ...] = ()


@dataclass(frozen=True)
class DateSpan:
    """The days a timeline was built for (``--from``/``--to``), and what the build left out as outside them.

    ``first`` and ``last`` are its first and last days (None: open on that side). Only what is dated wholly
    inside the span makes events and entries: ``outside`` counts the dated sentences placed on no date inside
    it, ``partly`` those among them placed on a period that straddles an edge (a month, a year), and
    ``figures`` the figure values left out because the date they hold for lies wholly outside.
    """

    first: dt.date | None
    last: dt.date | None
    outside: int = 0
    partly: int = 0
    figures: int = 0

    def holds(self, period: Period) -> bool:
        """Whether every day of ``period`` is inside the span."""
        return (self.first is None or self.first <= period.first) and (self.last is None or period.last <= self.last)

    def touches(self, period: Period) -> bool:
        """Whether some day of ``period`` is inside the span."""
        return (self.first is None or self.first <= period.last) and (self.last is None or period.first <= self.last)


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
    #: What reports without a known publication date tell that no date places (see UndatedItem).
    undated: tuple[UndatedItem, ...] = ()
    #: What it was built from: the store's state, the settings that shape the story and dateline's version
    #: (see ``pipeline.built_from``); ``dateline serve`` reuses a timeline.json while this holds. None: built in
    #: memory. Provenance of the file, not of its content, so no part of equality.
    built_from: str | None = field(default=None, compare=False)
    #: What this build changed against the store's previous build (None: not compared, e.g. read from a file).
    changes: Changes | None = field(default=None, compare=False, repr=False)
    #: The days it was built for and what fell outside them (None: no span asked, the whole pile).
    date_span: DateSpan | None = None
    #: Reports set aside as off the pile's story: kept in ``articles``, no events or entries from them.
    off_topic: tuple[OffTopic, ...] = ()

    def span(self) -> tuple[dt.date, dt.date] | None:
        """First and last known publication date, or None."""
        dates = [a.published.date for a in self.articles if a.published.date]
        return (min(dates), max(dates)) if dates else None

    def __repr__(self) -> str:
        """A one-line summary: counts and spans (``print(timeline)`` in a notebook; the whole is timeline.json)."""
        parts = [f"{len(self.articles)} articles"]
        span = self.span()
        if span:
            parts[0] += f" published {span[0]} to {span[1]}"
        entries = f"{len(self.entries)} entries"
        if self.entries:
            first = min(self.entries, key=lambda e: (e.period.first, -e.period.last.toordinal()))
            last = max(self.entries, key=lambda e: (e.period.last, -e.period.first.toordinal()))
            entries += f" from {first.value} to {last.value}"
        parts.append(entries)
        parts += [f"{len(self.quotes)} quotes", f"{len(self.figures)} figures",
                  f"{len(self.disagreements)} disagreements", f"{len(self.entities)} entities",
                  f"{len(self.skipped)} skipped"]
        if self.undated:
            parts.append(f"{len(self.undated)} undated")
        return f"Timeline({', '.join(parts)})"

    def _repr_html_(self) -> str:
        """A compact, escaped table of the entries (what a notebook shows)."""
        return str(_view("html")(self))

    def to_dataframe(self, kind: str = "entries") -> Any:
        """One table as a pandas DataFrame: ``entries`` (one row per sentence), ``quotes`` or ``figures``
        (one row per source), ``undated`` (one row per undated sentence); needs pandas (``pip install pandas``)."""
        return _view("dataframe")(self, kind)


# -- what a build produced, and what changed between two builds (see ``story/changes.py``) ----------------------


@dataclass(frozen=True)
class RecordedEvent:
    """An event as a build record keeps it: its id, date and the spans of its sentences (no texts)."""

    id: str
    period: Period
    sentences: tuple[SourceRef, ...]


@dataclass(frozen=True)
class RecordedQuote:
    """A quote as a build record keeps it: who said it (None: unattributed) and where it was printed."""

    speaker: str | None
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True)
class BuildRecord:
    """What one build of a store produced, compact enough to keep every build: ids, dates, values and spans.

    ``entries`` are the timeline's dated entries with the spans of their chosen sentences; ``events`` every
    dated event (the timeline shows a chosen few); ``figures``, ``disagreements`` and ``copies`` as the build
    found them. ``number`` counts the store's builds from 1 (0 until it is kept).
    """

    made: dt.datetime
    command: str
    articles: tuple[str, ...]
    entries: tuple[RecordedEvent, ...] = ()
    events: tuple[RecordedEvent, ...] = ()
    figures: tuple[Figure, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    quotes: tuple[RecordedQuote, ...] = ()
    copies: tuple[Copy, ...] = ()
    number: int = 0


@dataclass(frozen=True)
class CitedText:
    """A sentence or quote a change rests on: its span and its text."""

    ref: SourceRef
    text: str


@dataclass(frozen=True)
class NewDate:
    """A date the story had no event on before; ``on_timeline`` says whether it is one of the timeline's entries."""

    period: Period
    on_timeline: bool
    sentences: tuple[CitedText, ...]


@dataclass(frozen=True)
class NewEvent:
    """An event on a date known before, none of whose sentences were there before."""

    period: Period
    event: str
    sentences: tuple[CitedText, ...]


@dataclass(frozen=True)
class FigurePoint:
    """One value of a measure in a series: its date (None: undated), qualifier and sources."""

    value: float
    qualifier: str | None
    date: Period | None
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True)
class FigureChange:
    """A measure given a value it did not have before: ``before`` is its series in the previous build (oldest
    first), ``added`` the new values. A measure with no values before is new (``before`` empty)."""

    measure: str
    unit: str | None
    before: tuple[FigurePoint, ...]
    added: tuple[FigurePoint, ...]


@dataclass(frozen=True)
class NewQuote:
    """A quote attributed to ``speaker`` that was not attributed to them before (new, or newly attributed)."""

    speaker: str
    text: str
    sources: tuple[SourceRef, ...]


@dataclass(frozen=True)
class Changes:
    """What a build changed against an earlier build of the same store.

    ``since`` is the build compared with (None: the store had no earlier build, nothing to compare); ``build``
    the build described. Every item keeps its provenance (article id and span).
    """

    build: int
    since: int | None
    new_reports: tuple[str, ...] = ()
    new_dates: tuple[NewDate, ...] = ()
    new_events: tuple[NewEvent, ...] = ()
    revised: tuple[FigureChange, ...] = ()
    new_figures: tuple[FigureChange, ...] = ()
    contradicted: tuple[Disagreement, ...] = ()
    quotes: tuple[NewQuote, ...] = ()
    copies: tuple[Copy, ...] = ()

    @property
    def empty(self) -> bool:
        """Nothing changed (or nothing to compare with)."""
        return not (self.new_reports or self.new_dates or self.new_events or self.revised or self.new_figures
                    or self.contradicted or self.quotes or self.copies)


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
    date_span: DateSpan | None = None  # the days asked for, once the events are told (see Timeline.date_span)
    undated: tuple[UndatedItem, ...] = ()
    off_topic: tuple[OffTopic, ...] = ()  # reports set aside as off the story (see Timeline.off_topic)

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
            date_span=self.date_span,
            undated=self.undated,
            off_topic=self.off_topic,
        )
