"""What changed between two builds of one store.

Every build of a store keeps a :class:`~dateline.model.BuildRecord` (ids, dates, values and spans: what it
produced, without the texts); :func:`compare` sets two of them side by side and says what the later one
added: new dates, new events on dates known before, figures given new values (revised), new disagreements
(contradicted), quotes newly attributed to someone, reports newly found to be copies. Every item keeps the
article id and span it rests on; the texts are read from the articles when the changes are described.

The comparison is by spans, not by event ids or wording: an event regrouped by a later build, or an entry
whose sentences were chosen again from the same reports, is not "new".
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping

from ..model import (
    BuildRecord,
    Changes,
    CitedText,
    Disagreement,
    Figure,
    FigureChange,
    FigurePoint,
    NewDate,
    NewEvent,
    NewQuote,
    Period,
    RecordedEvent,
    RecordedQuote,
    SourceRef,
    Timeline,
)

#: Sentences cited for a new date or a new event: enough to say what it is; the rest are in timeline.json.
CITED_SENTENCES = 3

_Cite = Callable[[Iterable[SourceRef]], tuple[CitedText, ...]]
_Span = tuple[str, int]  # (article id, start): a sentence or quote is the same one across builds when these match


def record_build(timeline: Timeline, command: str, made: dt.datetime | None = None) -> BuildRecord:
    """What ``timeline`` holds, as a build record keeps it (see :class:`~dateline.model.BuildRecord`)."""
    return BuildRecord(
        made=made or timeline.generated or dt.datetime.now(dt.UTC).replace(microsecond=0),
        command=command,
        articles=tuple(a.id for a in timeline.articles),
        entries=tuple(RecordedEvent(e.events[0] if e.events else "", e.period, e.sources) for e in timeline.entries),
        events=tuple(RecordedEvent(e.id, e.period, tuple(s.ref for s in e.sentences)) for e in timeline.events),
        figures=timeline.figures,
        disagreements=timeline.disagreements,
        quotes=tuple(RecordedQuote(q.speaker, q.sources) for q in timeline.quotes),
        copies=timeline.copies,
    )


def same_output(a: BuildRecord, b: BuildRecord) -> bool:
    """Whether two builds produced the same thing (their number, time and command aside)."""
    return dataclasses.replace(a, made=b.made, command=b.command, number=b.number) == b


def compare(before: BuildRecord | None, after: BuildRecord, texts: Mapping[str, str]) -> Changes:
    """What ``after`` added to ``before`` (None: ``after`` is the store's first build, nothing to compare).

    ``texts`` maps article ids to their texts, for the sentences and quotes cited (an article missing from it
    is cited by its span alone).
    """
    if before is None:
        return Changes(build=after.number, since=None)

    def cite(refs: Iterable[SourceRef]) -> tuple[CitedText, ...]:
        return tuple(CitedText(r, _text(texts, r)) for r in list(refs)[:CITED_SENTENCES])

    known_reports = set(before.articles)
    new_dates, new_events = _new_dates_and_events(before, after, cite)
    contradicted = _new_disagreements(before, after)
    revised, new_figures = _figure_changes(before, after, contradicted)
    return Changes(
        build=after.number,
        since=before.number,
        new_reports=tuple(a for a in after.articles if a not in known_reports),
        new_dates=new_dates,
        new_events=new_events,
        revised=revised,
        new_figures=new_figures,
        contradicted=contradicted,
        quotes=_new_quotes(before.quotes, after.quotes, texts),
        copies=tuple(c for c in after.copies if (c.article, c.original) not in
                     {(k.article, k.original) for k in before.copies}),
    )


def mark_new(timeline: Timeline, changes: Changes) -> Timeline:
    """``timeline`` holding ``changes``, its entries marked ``new`` where their date or one of their events is."""
    dates = {d.period for d in changes.new_dates}
    events = {e.event for e in changes.new_events}
    entries = tuple(
        dataclasses.replace(e, new=e.period in dates or any(i in events for i in e.events)) for e in timeline.entries
    )
    return dataclasses.replace(timeline, entries=entries, changes=changes)


# -- the parts -------------------------------------------------------------------------------------------


def _text(texts: Mapping[str, str], ref: SourceRef) -> str:
    text = texts.get(ref.article)
    return " ".join(text[ref.start:ref.end].split()) if text is not None else ""


def _spans(refs: Iterable[SourceRef]) -> set[_Span]:
    return {(r.article, r.start) for r in refs}


def _new_dates_and_events(before: BuildRecord, after: BuildRecord, cite: _Cite
                          ) -> tuple[tuple[NewDate, ...], tuple[NewEvent, ...]]:
    """Dates with no event before, and events on known dates none of whose sentences were on that date before."""
    known: dict[Period, set[_Span]] = defaultdict(set)
    for event in before.events:
        known[event.period] |= _spans(event.sentences)
    on_timeline = {e.period for e in after.entries}
    by_date: dict[Period, list[SourceRef]] = defaultdict(list)
    new_events: list[NewEvent] = []
    for event in after.events:
        if event.period not in known:
            by_date[event.period].extend(event.sentences)
        elif not _spans(event.sentences) & known[event.period]:
            new_events.append(NewEvent(event.period, event.id, cite(event.sentences)))
    new_dates = [NewDate(period, period in on_timeline, cite(refs)) for period, refs in by_date.items()]
    new_dates.sort(key=lambda d: d.period.sort_key)
    new_events.sort(key=lambda e: e.period.sort_key)
    return tuple(new_dates), tuple(new_events)


def _disagreement_key(d: Disagreement) -> tuple:
    return d.subject, d.date, frozenset(v.value for v in d.values)


def _new_disagreements(before: BuildRecord, after: BuildRecord) -> tuple[Disagreement, ...]:
    """Disagreements (values for one measure and date beyond what their qualifiers allow) not there before."""
    known = {_disagreement_key(d) for d in before.disagreements}
    return tuple(d for d in after.disagreements if _disagreement_key(d) not in known)


def _series(figures: Iterable[Figure]) -> dict[tuple[str, str | None], list[Figure]]:
    """Figures by measure and unit, each series oldest first and its undated values last."""
    series: dict[tuple[str, str | None], list[Figure]] = defaultdict(list)
    for f in figures:
        series[(f.measure, f.unit)].append(f)
    for values in series.values():
        values.sort(key=lambda f: (f.date is None, f.date.sort_key if f.date else (dt.date.min, 0), f.value))
    return series


def _point(f: Figure) -> FigurePoint:
    return FigurePoint(f.value, f.qualifier, f.date, f.sources)


def _figure_changes(before: BuildRecord, after: BuildRecord, contradicted: tuple[Disagreement, ...]
                    ) -> tuple[tuple[FigureChange, ...], tuple[FigureChange, ...]]:
    """Measures given a value they did not have (revised), and measures with no value before (new).

    A value that now disagrees with another for the same date is listed as contradicted, not as a revision.
    """
    old = _series(before.figures)
    disputed = {(d.subject, d.date, v.value) for d in contradicted for v in d.values}
    revised: list[FigureChange] = []
    new: list[FigureChange] = []
    for (measure, unit), figures in _series(after.figures).items():
        had = old.get((measure, unit), [])
        values = {f.value for f in had}
        added = tuple(_point(f) for f in figures
                      if f.value not in values and (measure, f.date, f.value) not in disputed)
        if not added:
            continue
        change = FigureChange(measure, unit, tuple(_point(f) for f in had), added)
        (revised if had else new).append(change)
    return tuple(revised), tuple(new)


def _new_quotes(before: Iterable[RecordedQuote], after: Iterable[RecordedQuote],
                texts: Mapping[str, str]) -> tuple[NewQuote, ...]:
    """Attributed quotes none of whose printings was attributed to the same speaker before."""
    said: dict[_Span, str] = {}
    for quote in before:
        if quote.speaker:
            said.update(dict.fromkeys(_spans(quote.sources), quote.speaker))
    found = []
    for quote in after:
        if quote.speaker and not any(said.get(span) == quote.speaker for span in _spans(quote.sources)):
            found.append(NewQuote(quote.speaker, _text(texts, quote.sources[0]), quote.sources))
    return tuple(found)
