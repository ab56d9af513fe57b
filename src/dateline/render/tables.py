"""The timeline as flat tables: one row per entry sentence, per quote source, per figure source, per
undated sentence.

The CSV files and :meth:`Timeline.to_dataframe` are built from these rows.
Every row keeps its provenance: the article id and the character span of
the article's text it rests on, with the article's outlet, title and address.
"""

from __future__ import annotations

import importlib
from typing import Any

from ..model import SourceRef, Timeline
from ._common import Sources, figure_series

KINDS = ("entries", "quotes", "figures", "undated")

_SOURCE_COLUMNS = ["article", "start", "end", "outlet", "title", "url", "published", "origin"]
COLUMNS = {
    # A date is its TimeML value ("2014", "2023-03-09"), its granularity and the first and last day it
    # covers: a year-only entry is 2014-01-01 to 2014-12-31, never the made-up day 2014-01-01.
    "entries": ["value", "granularity", "first", "last", "entry", "position", "text", "dated", "reports", "score", "events",
                *_SOURCE_COLUMNS],
    "quotes": ["quote", "speaker", "role", "text", "origins", "variants", "source", "quoted", *_SOURCE_COLUMNS],
    "figures": ["measure", "date", "value", "unit", "qualifier", "origins", "disputed", "text", *_SOURCE_COLUMNS],
    # The undated section has a table of its own, not rows of entries.csv with an empty date: every row there
    # is a dated line (scripts sort and parse by its date), and these rows have a reason and bounds instead.
    "undated": ["item", "reason", "detail", "unresolved", "earliest", "latest", "bound", "text", "score",
                *_SOURCE_COLUMNS],
}


def _source(sources: Sources, ref: SourceRef) -> dict[str, Any]:
    article = sources.get(ref.article)
    published = sources.published(ref.article)
    return {
        "article": ref.article,
        "start": ref.start,
        "end": ref.end,
        "outlet": article.outlet.name if article else None,
        "title": article.title if article else None,
        "url": sources.raw_url(ref.article),
        "published": published.isoformat() if published else None,
        "origin": sources.origin(ref.article) or None,
    }


def entry_rows(timeline: Timeline) -> list[dict[str, Any]]:
    """One row per sentence of every entry, with how it was dated and where it comes from."""
    sources = Sources(timeline)
    rows = []
    for index, entry in enumerate(timeline.entries):
        for position, (text, ref) in enumerate(zip(entry.summary, entry.sources, strict=True)):
            rows.append({
                "value": entry.value,
                "granularity": entry.granularity.value,
                "first": entry.period.first.isoformat(),
                "last": entry.period.last.isoformat(),
                "entry": index,
                "position": position,
                "text": text,
                "dated": entry.dated[position].value if position < len(entry.dated) else None,
                "reports": entry.reports,
                "score": entry.score,
                "events": " ".join(entry.events),
                **_source(sources, ref),
            })
    return rows


def quote_rows(timeline: Timeline) -> list[dict[str, Any]]:
    """One row per report carrying each quote (``quote`` numbers the quote, ``source`` its reports)."""
    sources = Sources(timeline)
    rows = []
    for index, quote in enumerate(timeline.quotes):
        for n, ref in enumerate(quote.sources):
            rows.append({
                "quote": index,
                "speaker": quote.speaker,
                "role": quote.role,
                "text": quote.text,
                "origins": quote.origins,
                "variants": " | ".join(quote.variants),
                "source": n,
                "quoted": sources.span_text(ref),
                **_source(sources, ref),
            })
    return rows


def figure_rows(timeline: Timeline) -> list[dict[str, Any]]:
    """One row per report giving each figure value; ``disputed`` when sources disagree on that date."""
    sources = Sources(timeline)
    disputed = {(s.measure, s.unit, f.date, f.value) for s in figure_series(timeline) for f in s.figures
                if s.is_disputed(f)}
    rows = []
    for figure in timeline.figures:
        for ref in figure.sources:
            rows.append({
                "measure": figure.measure,
                "date": figure.date.timex if figure.date else None,
                "value": figure.value,
                "unit": figure.unit,
                "qualifier": figure.qualifier,
                "origins": figure.origins,
                "disputed": (figure.measure, figure.unit, figure.date, figure.value) in disputed,
                "text": sources.span_text(ref),
                **_source(sources, ref),
            })
    return rows


def undated_rows(timeline: Timeline) -> list[dict[str, Any]]:
    """One row per sentence of the undated section: why it has no date, what bounds its report's publication
    (``earliest``/``latest``, empty when nothing does, and how: ``bound``) and where it comes from."""
    sources = Sources(timeline)
    return [{
        "item": index,
        "reason": item.reason.value,
        "detail": item.detail,
        "unresolved": " | ".join(m.text for m in item.mentions),
        "earliest": item.earliest.isoformat() if item.earliest else None,
        "latest": item.latest.isoformat() if item.latest else None,
        "bound": item.bound,
        "text": item.text,
        "score": item.score,
        **_source(sources, item.ref),
    } for index, item in enumerate(timeline.undated)]


def rows(timeline: Timeline, kind: str) -> list[dict[str, Any]]:
    """The rows of one table: ``entries``, ``quotes``, ``figures`` or ``undated``."""
    if kind == "entries":
        return entry_rows(timeline)
    if kind == "quotes":
        return quote_rows(timeline)
    if kind == "figures":
        return figure_rows(timeline)
    if kind == "undated":
        return undated_rows(timeline)
    raise ValueError(f"unknown table {kind!r}; choose from {', '.join(KINDS)}")


def to_dataframe(timeline: Timeline, kind: str = "entries") -> Any:
    """One table as a pandas DataFrame (pandas is optional: ``pip install pandas``)."""
    if kind not in KINDS:
        raise ValueError(f"unknown table {kind!r}; choose from {', '.join(KINDS)}")
    try:  # imported by name: pandas is optional, and its type stubs are not a dependency
        pd = importlib.import_module("pandas")
    except ImportError:
        raise ImportError(
            "Timeline.to_dataframe needs pandas, which is not installed; install it with `pip install pandas`"
        ) from None
    return pd.DataFrame(rows(timeline, kind), columns=COLUMNS[kind])
