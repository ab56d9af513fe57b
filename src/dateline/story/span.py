"""What happened in a date span (``--from``/``--to``): which placed sentences, figures and disagreements it keeps.

A sentence placed on a period wholly inside the span tells of something that
happened in it; one placed only outside, or on a period that straddles an
edge (April when the span starts on April 20), cannot be said to have, so it
makes no event and no entry. Reports are never left out for their
publication date: a report published after the span can tell of a day in it.

A figure holds for its whole period, so a value for a month that straddles an
edge still holds on days of the span: only values whose date lies wholly
outside are left out, and undated ones are kept (nothing says they are
outside). Disagreements follow the figures.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..config import Settings
from ..model import DateSpan, Disagreement, Figure, SourceRef
from .events import Candidate


def asked_span(settings: Settings) -> DateSpan | None:
    """The span ``settings`` ask for (``span_from``, ``span_to``); None when neither is set: the whole pile."""
    if settings.span_from is None and settings.span_to is None:
        return None
    return DateSpan(settings.span_from, settings.span_to)


def candidates_in_span(span: DateSpan, candidates: Sequence[Candidate]) -> tuple[list[Candidate], DateSpan]:
    """The candidates placed wholly inside ``span``, and the span with the dated sentences it left out counted.

    A sentence placed on several dates (it names two) is kept on those inside; it is counted as left out only
    when none of its dates is inside.
    """
    kept = [c for c in candidates if span.holds(c.period)]
    inside = {_sentence(c) for c in kept}
    left_out: dict[SourceRef | str, bool] = {}  # sentence -> whether one of its dates overlaps the span
    for c in candidates:
        key = _sentence(c)
        if key not in inside:
            left_out[key] = left_out.get(key, False) or span.touches(c.period)
    return kept, DateSpan(span.first, span.last, outside=len(left_out), partly=sum(left_out.values()),
                          figures=span.figures)


def figures_in_span(span: DateSpan, figures: Sequence[Figure],
                    disagreements: Sequence[Disagreement]) -> tuple[tuple[Figure, ...], tuple[Disagreement, ...], DateSpan]:
    """The figures and disagreements whose date is unknown or has a day inside ``span``, and the span with the
    figure values left out counted."""
    kept = tuple(f for f in figures if f.date is None or span.touches(f.date))
    agreed = tuple(d for d in disagreements if d.date is None or span.touches(d.date))
    counted = DateSpan(span.first, span.last, span.outside, span.partly, figures=len(figures) - len(kept))
    return kept, agreed, counted


def _sentence(c: Candidate) -> SourceRef | str:
    """What identifies a candidate's sentence: its span in its report (a dated pool's sentence: its text)."""
    return c.ref if c.ref is not None else c.text
