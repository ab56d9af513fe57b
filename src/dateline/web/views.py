"""What the web API serves: its response models and the timeline view they are read from.

A :class:`TimelineView` is built once from a :class:`~dateline.model.Timeline`
(the server's in-memory cache) and answers the API's questions: entries
filtered by dates, outlet, entity and speaker; the undated section; an article
with the spans the timeline cites in it; quotes, figures, disagreements,
outlets, entities.
Every fact keeps its provenance: article id and character span.

The facts are written out once, by ``render/json.py``'s dict functions (the
public JSON of timeline.json); the response models here take those and add
what a page needs beside them (each source's outlet and title, an index).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from pydantic import BaseModel, Field

from ..model import (
    Article,
    Event,
    EventSentence,
    SourceRef,
    Timeline,
    TimelineEntry,
)
from ..render._axis import axis_geometry, axis_layout
from ..render._common import bound_label
from ..render._story import asked_text, story_header
from ..render.json import disagreement_dict, figure_dict, published_dict, quote_dict, undated_dict
from .search import COUNT_LIMIT

# -- response models ----------------------------------------------------------------


class Ref(BaseModel):
    """A character span [start, end) of an article's text."""

    article: str
    start: int
    end: int


class CitedRef(Ref):
    """A span with the report it is in."""

    outlet: str | None = None
    title: str | None = None
    published: dt.date | None = None


class EntrySentence(BaseModel):
    """A sentence of the timeline, its source and how it was dated (mentioned, report-focus, published...)."""

    text: str
    source: CitedRef
    dated: str | None = None
    background: bool = False


class EventOut(BaseModel):
    """One happening on the entry's date and every sentence reporting it."""

    id: str
    value: str
    granularity: str
    sources: int = Field(description="independent reports (a copy and its original count once)")
    outlets: list[str]
    entities: list[str]
    background: bool
    sentences: list[EntrySentence]


class EntryOut(BaseModel):
    """A dated line of the timeline: ``date`` to ``end`` is the period its ``value`` names."""

    index: int = Field(description="position in the unfiltered timeline, stable until the next rebuild")
    date: dt.date
    end: dt.date
    value: str | None
    granularity: str
    reports: int
    score: float
    sentences: list[EntrySentence]
    events: list[EventOut]
    outlets: list[str]
    entities: list[str]
    speakers: list[str]
    new: bool = Field(default=False, description="new since the store's previous build (its date or an event on it)")


class Span(BaseModel):
    first: dt.date
    last: dt.date


class TimelineOut(BaseModel):
    generated: dt.datetime | None
    span: Span | None = Field(description="first and last known publication date")
    articles: int
    total: int = Field(description="entries in the whole timeline")
    count: int = Field(description="entries matching the filters")
    filters: dict[str, str]
    entries: list[EntryOut]
    undated: int = Field(default=0, description="sentences in the undated section, unfiltered (/api/undated)")


class UndatedOut(BaseModel):
    """A sentence of a report without a known publication date that no date places (the undated section)."""

    index: int = Field(description="position in the undated section, stable until the next rebuild")
    text: str
    source: CitedRef
    reason: str = Field(description="why it has no date: names-no-date, relative-to-unknown or depends-on-day")
    detail: str = Field(description="the reason for people")
    unresolved: list[str] = Field(description="the dates it names that could not be resolved, as written")
    earliest: dt.date | None = Field(description="its report was published on this day or later (null: nothing says)")
    latest: dt.date | None = Field(description="its report was published on this day or earlier (null: nothing says)")
    bound: str | None = Field(description="how the bounds were inferred")
    published: str = Field(description="the bounds in words: 'published on or after 2016-01-01'")
    score: float = Field(description="importance within its report (a report's items come most important first)")


class PublishedOut(BaseModel):
    date: dt.date | None
    how: str
    confidence: float
    evidence: str | None = None
    span: list[int] | None = None
    reason: str | None = None
    inferred: str | None = None
    earliest: dt.date | None = None
    latest: dt.date | None = None


class ArticleSummary(BaseModel):
    id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: dt.date | None
    origin: str


class CitedSpan(BaseModel):
    """A span of the article the timeline uses: shown in an entry (summary) or supporting one of its events."""

    start: int
    end: int
    kind: str = Field(description="summary or support")
    entry: int
    date: str


class ArticleDetail(ArticleSummary):
    text: str
    publication: PublishedOut
    cited: list[CitedSpan]


class Piece(BaseModel):
    """A piece of a snippet: plain text, and whether it is a match."""

    text: str
    mark: bool


class SearchHitOut(BaseModel):
    kind: str
    article: str
    score: float = Field(description="bm25 relevance, higher is better")
    title: str | None
    title_parts: list[Piece]
    snippet: str = Field(description="HTML: the text escaped, the matches in <mark>")
    parts: list[Piece] = Field(description="the same snippet as plain-text pieces")
    outlet: str | None
    published: dt.date | None
    start: int | None = None
    end: int | None = None


class SearchOut(BaseModel):
    q: str
    query: str = Field(description="the query as given to SQLite FTS5; empty when nothing was searchable")
    kind: str
    total: int = Field(description=f"matches, counted up to {COUNT_LIMIT:,} (see `more`)")
    more: bool = Field(False, description="true when more than `total` match: counting stops there")
    hits: list[SearchHitOut]


class QuoteOut(BaseModel):
    index: int
    speaker: str | None
    role: str | None
    text: str
    variants: list[str]
    origins: int
    sources: list[CitedRef]


class FigureOut(BaseModel):
    index: int
    measure: str
    value: float
    unit: str | None
    qualifier: str | None
    date: str | None
    origins: int
    sources: list[CitedRef]


class DisagreementValueOut(BaseModel):
    value: float
    qualifier: str | None
    sources: list[CitedRef]


class DisagreementOut(BaseModel):
    index: int
    kind: str
    measure: str
    date: str | None
    values: list[DisagreementValueOut]


class OutletOut(BaseModel):
    name: str | None
    articles: int


class EntityOut(BaseModel):
    name: str
    label: str
    role: str | None
    aliases: list[str]
    mentions: int
    articles: int


class KeyFigureOut(BaseModel):
    measure: str
    text: str = Field(description="the latest value in words: '23 countries', '68 or 69 countries'")
    date: str | None = Field(description="the TIMEX3 value of the date it holds for")
    disputed: bool


class AxisMarkOut(BaseModel):
    entry: int = Field(description="the entry's index in the unfiltered timeline")
    x: float = Field(description="centre, as a share (0 to 1) of the axis width")
    x0: float
    x1: float
    radius: float = Field(description="pixels: area proportional to the independent reports")
    reports: int
    value: str
    label: str


class AxisStretchOut(BaseModel):
    x0: float
    x1: float
    first: dt.date
    last: dt.date
    to_scale: bool = Field(description="false: a box holding one long period, not to scale")
    label: str


class AxisBreakOut(BaseModel):
    x: float
    days: int
    label: str


class AxisBarOut(BaseModel):
    x0: float
    x1: float
    first: dt.date
    last: dt.date
    count: int = Field(description="reports published from first to last")
    height: float = Field(description="share of the tallest bar")


class AxisTickOut(BaseModel):
    x: float
    day: dt.date
    label: str
    anchor: str
    major: bool
    row: int


class AxisOut(BaseModel):
    """The time axis laid out by the library (shares of the width); ``geometry`` holds its pixel rows."""

    marks: list[AxisMarkOut]
    stretches: list[AxisStretchOut]
    breaks: list[AxisBreakOut]
    bars: list[AxisBarOut]
    ticks: list[AxisTickOut]
    geometry: dict[str, float]


class StoryOut(BaseModel):
    """The story header (the same as timeline.html's) and the time axis."""

    title: str
    titled: bool = Field(description="false when nothing in the pile supports a title (the title says so)")
    basis: str = Field(description="where the title comes from")
    page_title: str
    place: str | None
    event: str | None = Field(description="the most reported date (TIMEX3 value)")
    event_entry: int | None = Field(description="its entry's index in the unfiltered timeline")
    first: str | None = Field(description="the first date on the timeline (TIMEX3 value)")
    last: str | None
    published: Span | None = Field(description="first and last known publication date")
    reports: int
    outlets: int = Field(description="distinct named outlets")
    entries: int
    figures: list[KeyFigureOut]
    axis: AxisOut
    asked: str | None = Field(default=None, description="the days the timeline was built for (--from/--to), "
                              "as the header says it; null: the whole pile")


def story_out(timeline: Timeline) -> StoryOut:
    """The header and axis of ``timeline``, from the same functions as timeline.html's."""
    h = story_header(timeline)
    a = axis_layout(timeline)
    axis = AxisOut(marks=[AxisMarkOut(**vars(m)) for m in a.marks],
                   stretches=[AxisStretchOut(**vars(s)) for s in a.stretches],
                   breaks=[AxisBreakOut(**vars(b)) for b in a.breaks], bars=[AxisBarOut(**vars(b)) for b in a.bars],
                   ticks=[AxisTickOut(**vars(t)) for t in a.ticks], geometry=axis_geometry())
    return StoryOut(
        title=h.title, titled=h.titled, basis=h.basis, page_title=h.page_title, place=h.place,
        event=h.event.timex if h.event else None, event_entry=h.event_entry, first=h.first.timex if h.first else None,
        last=h.last.timex if h.last else None,
        published=Span(first=h.published[0], last=h.published[1]) if h.published else None,
        reports=h.reports, outlets=h.outlets, entries=h.entries,
        figures=[KeyFigureOut(measure=f.measure, text=f.text, date=f.date.timex if f.date else None,
                              disputed=f.disputed) for f in h.figures],
        axis=axis, asked=asked_text(h.asked) if h.asked else None,
    )


# -- the view ---------------------------------------------------------------------------


class _Entry:
    """An entry ready to serve, with what its filters compare."""

    def __init__(self, out: EntryOut, outlets: set[str], entities: set[str], speakers: list[str]):
        self.out = out
        self.outlets = outlets
        self.entities = entities
        self.speakers = speakers


class TimelineView:
    """A timeline indexed for the API (built once per rebuild; read-only afterwards)."""

    def __init__(self, timeline: Timeline):
        self._timeline = timeline
        self._articles: dict[str, Article] = {a.id: a for a in timeline.articles}
        self._entity_spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
        for entity in timeline.entities:
            for ref in entity.mentions:
                self._entity_spans[ref.article].append((ref.start, ref.end, entity.name))
        self._quote_spans: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        for i, quote in enumerate(timeline.quotes):
            for ref in quote.sources:
                self._quote_spans[ref.article].append((ref.start, ref.end, i))
        self._cited: dict[str, list[CitedSpan]] = defaultdict(list)
        events = {e.id: e for e in timeline.events}
        self._entries = [self._entry(i, e, events) for i, e in enumerate(timeline.entries)]
        self._story: StoryOut | None = None

    # -- building ----------------------------------------------------------------------

    def _cite(self, ref: SourceRef) -> CitedRef:
        a = self._articles.get(ref.article)
        return CitedRef(article=ref.article, start=ref.start, end=ref.end, outlet=a.outlet.name if a else None,
                        title=a.title if a else None, published=a.published.date if a else None)

    def _event_sentence(self, s: EventSentence) -> EntrySentence:
        return EntrySentence(text=s.text, source=self._cite(s.ref), dated=s.how.value, background=s.background)

    def _entry(self, index: int, entry: TimelineEntry, events: dict[str, Event]) -> _Entry:
        label = entry.value
        sentences = [
            EntrySentence(text=text, source=self._cite(ref),
                          dated=entry.dated[i].value if i < len(entry.dated) else None)
            for i, (text, ref) in enumerate(zip(entry.summary, entry.sources, strict=True))
        ]
        its_events = [events[i] for i in entry.events if i in events]
        spans = list(entry.sources) + [s.ref for e in its_events for s in e.sentences]
        cited = set()
        for kind, refs in (("summary", entry.sources), ("support", [s.ref for e in its_events for s in e.sentences])):
            for ref in refs:
                if (ref.article, ref.start, ref.end) not in cited:
                    cited.add((ref.article, ref.start, ref.end))
                    self._cited[ref.article].append(
                        CitedSpan(start=ref.start, end=ref.end, kind=kind, entry=index, date=label))
        outlets = sorted({o for e in its_events for o in e.outlets}
                         | {a.outlet.name for r in spans if (a := self._articles.get(r.article)) and a.outlet.name})
        entities = list(dict.fromkeys([n for e in its_events for n in e.entities]
                                      + _overlapping(self._entity_spans, spans)))
        quotes = self._timeline.quotes
        quote_ids = {q for e in its_events for q in e.quotes} | set(_overlapping(self._quote_spans, spans))
        speakers = sorted({speaker for i in quote_ids if i < len(quotes) and (speaker := quotes[i].speaker)})
        out = EntryOut(
            index=index, date=entry.date, end=entry.period.last, value=entry.value,
            granularity=entry.granularity.value, reports=entry.reports, score=entry.score, sentences=sentences,
            events=[EventOut(id=e.id, value=e.value, granularity=e.granularity.value, sources=e.sources,
                             outlets=list(e.outlets), entities=list(e.entities), background=e.background,
                             sentences=[self._event_sentence(s) for s in e.sentences]) for e in its_events],
            outlets=outlets, entities=entities, speakers=speakers, new=entry.new,
        )
        return _Entry(out, {o.casefold() for o in outlets}, {n.casefold() for n in entities}, speakers)

    # -- answering -----------------------------------------------------------------------

    def timeline(self, start: dt.date | None = None, end: dt.date | None = None, outlet: str | None = None,
                 entity: str | None = None, speaker: str | None = None) -> TimelineOut:
        """The entries whose period overlaps [start, end] and that match every filter given."""
        wanted_entities = self._entity_names(entity) if entity else None
        chosen = []
        for item in self._entries:
            e = item.out
            if (start and e.end < start) or (end and e.date > end):
                continue
            if outlet and outlet.strip().casefold() not in item.outlets:
                continue
            if wanted_entities is not None and not (wanted_entities & item.entities):
                continue
            if speaker and not any(name_matches(speaker, s) for s in item.speakers):
                continue
            chosen.append(e)
        span = self._timeline.span()
        filters = {k: str(v) for k, v in
                   (("from", start), ("to", end), ("outlet", outlet), ("entity", entity), ("speaker", speaker)) if v}
        return TimelineOut(generated=self._timeline.generated,
                           span=Span(first=span[0], last=span[1]) if span else None,
                           articles=len(self._timeline.articles), total=len(self._entries), count=len(chosen),
                           filters=filters, entries=chosen, undated=len(self._timeline.undated))

    def undated(self) -> list[UndatedOut]:
        """The undated section: per report without a publication date, its key sentences no date places."""
        out = []
        for i, item in enumerate(self._timeline.undated):
            d = undated_dict(item)
            out.append(UndatedOut(index=i, text=d["text"], source=self._cite(item.ref), reason=d["reason"],
                                  detail=d["detail"], unresolved=[m["text"] for m in d["mentions"]],
                                  earliest=d["earliest"], latest=d["latest"], bound=d["bound"],
                                  published=bound_label(item), score=d["score"]))
        return out

    def story(self) -> StoryOut:
        """The story header and time axis (computed once per rebuild)."""
        if self._story is None:
            self._story = story_out(self._timeline)
        return self._story

    def _entity_names(self, query: str) -> set[str]:
        """The entity names (casefolded) ``query`` names: by its name, an alias, or some of their words."""
        names = {query.strip().casefold()}
        for e in self._timeline.entities:
            if any(name_matches(query, n) for n in (e.name, *e.aliases)):
                names.add(e.name.casefold())
        return names

    def article_list(self) -> list[ArticleSummary]:
        return [self._summary(a) for a in self._timeline.articles]

    def _summary(self, a: Article) -> ArticleSummary:
        return ArticleSummary(id=a.id, title=a.title, outlet=a.outlet.name, url=a.url, published=a.published.date,
                              origin=a.origin.label())

    def article(self, article_id: str) -> ArticleDetail | None:
        """An article with the spans the timeline cites in it, in text order."""
        a = self._articles.get(article_id)
        if a is None:
            return None
        cited = sorted(self._cited.get(article_id, ()), key=lambda c: (c.start, c.end))
        return ArticleDetail(**self._summary(a).model_dump(), text=a.text,
                             publication=PublishedOut(**published_dict(a.published)), cited=cited)

    def _cited_refs(self, refs: list[dict]) -> list[CitedRef]:
        return [self._cite(SourceRef(r["article"], r["start"], r["end"])) for r in refs]

    def quotes(self, speaker: str | None = None) -> list[QuoteOut]:
        out = []
        for i, q in enumerate(self._timeline.quotes):
            if speaker and not (q.speaker and name_matches(speaker, q.speaker)):
                continue
            d = quote_dict(q)
            out.append(QuoteOut(index=i, speaker=d["speaker"], role=d["role"], text=d["text"], variants=d["variants"],
                                origins=d["origins"], sources=self._cited_refs(d["sources"])))
        return out

    def figures(self) -> list[FigureOut]:
        out = []
        for i, f in enumerate(self._timeline.figures):
            d = figure_dict(f)
            out.append(FigureOut(index=i, **{k: d[k] for k in ("measure", "value", "unit", "qualifier", "date",
                                                               "origins")}, sources=self._cited_refs(d["sources"])))
        return out

    def disagreements(self) -> list[DisagreementOut]:
        out = []
        for i, item in enumerate(self._timeline.disagreements):
            d = disagreement_dict(item)
            values = [DisagreementValueOut(value=v["value"], qualifier=v["qualifier"],
                                           sources=self._cited_refs(v["sources"])) for v in d["values"]]
            out.append(DisagreementOut(index=i, kind=d["kind"], measure=d["measure"], date=d["date"], values=values))
        return out

    def outlets(self) -> list[OutletOut]:
        """Each outlet with its number of reports, most reports first (reports with no known outlet: name null)."""
        counts = Counter(a.outlet.name for a in self._timeline.articles)
        return [OutletOut(name=name, articles=n)
                for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0] is None, kv[0] or ""))]

    def entities(self, label: str | None = None) -> list[EntityOut]:
        return [EntityOut(name=e.name, label=e.label, role=e.role, aliases=list(e.aliases), mentions=len(e.mentions),
                          articles=len({m.article for m in e.mentions}))
                for e in self._timeline.entities if not label or e.label == label.strip().upper()]


def _overlapping(by_article: dict[str, list[tuple[int, int, Any]]], spans: list[SourceRef]) -> list[Any]:
    """What ``by_article`` holds at a span overlapping any of ``spans``, in order found."""
    return [item for r in spans for start, end, item in by_article.get(r.article, ())
            if start < r.end and r.start < end]


def name_matches(query: str, name: str) -> bool:
    """Whether ``query`` names ``name``: the same words, or some of them in order ("Tillerson", "Rex Tillerson")."""
    q, n = query.casefold().split(), name.casefold().split()
    if not q:
        return False
    return any(n[i:i + len(q)] == q for i in range(len(n) - len(q) + 1))
