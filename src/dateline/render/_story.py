"""The story header: a title drawn from the pile, its span, its reports and outlets, its key figures.

One pure function, :func:`story_header`, reads only the model and is used by
every view of a timeline (timeline.html, the served page, timeline.md), so
they all name the story the same way.

The title is never invented: it is a headline (or, with no headline, the
opening of a sentence) of the report that first carried the story's most
reported event, and the place the pile names most among that event's
places. When nothing supports a title, the header says so and names the
span and the main names instead.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from ..model import DateSpan, Granularity, Period, Timeline, TimelineEntry
from ._common import Sources, figure_series, figure_text

#: Entity labels that name a place (spaCy's labels: countries and cities, other locations, buildings and sites).
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Periods an event can happen in: a story's salient event is a day (or a week or a month when that is all the
#: pile says), never a year a background sentence names ("the dam was built in 1987").
EVENT_GRANULARITIES = (Granularity.DAY, Granularity.WEEK, Granularity.MONTH)
#: A sentence used as the title is cut at a word boundary near this many characters: a title, not a paragraph.
TITLE_CHARS = 90
#: Key figures shown: the measures the pile reports most often (more would not be "at a glance").
KEY_FIGURES = 3
#: Names listed when no title can be drawn.
MAIN_NAMES = 3


@dataclass(frozen=True)
class KeyFigure:
    """A measure's latest value, with the date it holds for; ``disputed`` when sources give other values then."""

    measure: str
    text: str  # "23 countries", "68 or 69 countries"
    date: Period | None
    disputed: bool = False


@dataclass(frozen=True)
class StoryHeader:
    """What the top of every view of a timeline says about the story."""

    title: str
    titled: bool  # False when nothing in the pile supports a title (``title`` then says so)
    basis: str  # where the title comes from, for people ("headline of ... ")
    place: str | None
    event: Period | None  # the date of the most reported event
    event_entry: int | None  # its index in Timeline.entries
    first: Period | None  # the first and last dates on the timeline
    last: Period | None
    published: tuple[dt.date, dt.date] | None  # first and last known publication date
    reports: int
    outlets: int  # distinct named outlets
    entries: int
    figures: tuple[KeyFigure, ...]
    asked: DateSpan | None = None  # the days the timeline was built for (--from/--to); None: the whole pile

    @property
    def page_title(self) -> str:
        """For a ``<title>``: the title, with the place when the title does not already name it."""
        if self.titled and self.place and self.place.casefold() not in self.title.casefold():
            return f"{self.title} ({self.place})"
        return self.title


def story_header(timeline: Timeline) -> StoryHeader:
    """The header of ``timeline``: see the module docstring for how the title is drawn."""
    sources = Sources(timeline)
    outlets = {a.outlet.name for a in timeline.articles if a.outlet.name}
    entries = sorted(timeline.entries, key=lambda e: e.period.sort_key)
    first = entries[0].period if entries else None
    last = max((e.period for e in entries), key=lambda p: (p.last, p.first), default=None)
    salient = salient_entry(timeline)
    place = _main_place(timeline, salient)
    title, basis, titled = _title(timeline, salient, sources)
    if not titled:
        names = main_names(timeline)
        when = f"{first.timex} to {last.timex}" if first and last else "no dates"
        title = f"No title: nothing in the reports names a main event ({when}"
        title += f"; {', '.join(names)})" if names else ")"
    return StoryHeader(
        title=title, titled=titled, basis=basis, place=place if titled else None,
        event=salient.period if salient else None,
        event_entry=next((i for i, e in enumerate(timeline.entries) if e is salient), None), first=first, last=last, published=timeline.span(),
        reports=len(timeline.articles), outlets=len(outlets), entries=len(timeline.entries),
        figures=key_figures(timeline), asked=timeline.date_span,
    )


def salient_entry(timeline: Timeline) -> TimelineEntry | None:
    """The entry most independent reports carry (an event's date, not a background year); ties: the earliest."""
    candidates = [e for e in timeline.entries if e.granularity in EVENT_GRANULARITIES and e.reports > 0]
    if not candidates:
        return None
    return min(candidates, key=lambda e: (-e.reports, e.period.sort_key))


def _title(timeline: Timeline, entry: TimelineEntry | None, sources: Sources) -> tuple[str, str, bool]:
    """(title, where it comes from, whether there is one)."""
    if entry is None:
        return "", "no dated event to draw a title from", False
    refs = list(entry.sources)
    events = {e.id: e for e in timeline.events}
    refs += [s.ref for event_id in entry.events if (event := events.get(event_id)) for s in event.sentences]
    # The report that carried it first (reports with no known publication date last, then in the entry's order).
    order = {ref.article: i for i, ref in reversed(list(enumerate(refs)))}
    articles = sorted(order, key=lambda a: (sources.published(a) is None, sources.published(a) or dt.date.max, order[a]))
    for article_id in articles:
        article = sources.get(article_id)
        if article and article.title and article.title.strip():
            when = sources.published(article_id)
            return (" ".join(article.title.split()), f"the headline of the first report of the most reported date, "
                    f"{entry.value}" + (f" (published {when.isoformat()})" if when else ""), True)
    if entry.summary:
        return (_cut(entry.summary[0]), f"the first sentence shown for the most reported date, {entry.value} "
                "(its reports have no headline)", True)
    return "", "no dated event to draw a title from", False


def _cut(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= TITLE_CHARS:
        return text
    cut = text.rfind(" ", 0, TITLE_CHARS)
    return text[: cut if cut > 0 else TITLE_CHARS].rstrip(",;:") + "…"


def _main_place(timeline: Timeline, entry: TimelineEntry | None) -> str | None:
    """The place named in most reports, among the places the salient entry's events name when they name one."""
    reach = {e.name: len({m.article for m in e.mentions}) for e in timeline.entities if e.label in PLACE_LABELS}
    if not reach:
        return None
    events = {e.id: e for e in timeline.events}
    near = [n for event_id in (entry.events if entry else ()) if (ev := events.get(event_id)) for n in ev.entities
            if n in reach]
    pool = near or list(reach)
    return min(pool, key=lambda n: (-reach[n], n.casefold()))


def main_names(timeline: Timeline, limit: int = MAIN_NAMES) -> list[str]:
    """The entities named in most reports (ties: most mentions, then by name)."""
    counts = Counter({e.name: len({m.article for m in e.mentions}) for e in timeline.entities})
    mentions = {e.name: len(e.mentions) for e in timeline.entities}
    return sorted(counts, key=lambda n: (-counts[n], -mentions[n], n.casefold()))[:limit]


def key_figures(timeline: Timeline, limit: int = KEY_FIGURES) -> tuple[KeyFigure, ...]:
    """The latest dated value of the measures reported at the most dates (undated values cannot be "latest")."""
    out = []
    ranked = sorted(figure_series(timeline),
                    key=lambda s: (-len({f.date for f in s.figures if f.date}), -len(s.figures), s.measure.casefold()))
    for series in ranked:
        dated = [f for f in series.figures if f.date]
        if not dated:
            continue
        latest_day = max(f.date.last for f in dated if f.date)
        at = [f for f in dated if f.date and f.date.last == latest_day]
        date = max((f.date for f in at if f.date), key=lambda p: p.first)
        disputed = any(series.is_disputed(f) for f in at)
        if disputed:
            values = sorted({f.value for f in at if series.is_disputed(f)})
            text = " or ".join(figure_text(v, None) for v in values[:-1]) + " or " + figure_text(values[-1], series.unit)
        else:
            best = max(at, key=lambda f: (len(f.sources), f.qualifier is None, f.value))
            text = figure_text(best.value, best.unit, best.qualifier)
        out.append(KeyFigure(series.measure, text, date, disputed))
        if len(out) == limit:
            break
    return tuple(out)


def asked_text(span: DateSpan) -> str:
    """What a timeline built for ``span`` tells: "what happened from 2010-04-20 to 2010-07-15"."""
    if span.first and span.last:
        return f"what happened from {span.first.isoformat()} to {span.last.isoformat()}"
    if span.first:
        return f"what happened from {span.first.isoformat()} on"
    return f"what happened up to {span.last.isoformat()}" if span.last else "what happened"


def header_line(header: StoryHeader, counts: bool = True) -> str:
    """The header's facts in one line of plain text (without the numbers of reports and outlets: ``counts=False``)."""
    parts = [asked_text(header.asked)] if header.asked else []
    if header.first and header.last:
        parts.append(f"dates from {header.first.timex} to {header.last.timex}")
    if counts:
        parts.append(f"{header.reports} report{'s' if header.reports != 1 else ''} from {header.outlets} named "
                     f"outlet{'s' if header.outlets != 1 else ''}")
    parts += [f"{f.measure}: {f.text}" + (f" ({f.date.timex})" if f.date else "") for f in header.figures]
    return " · ".join(parts)
