"""The story's own stages, ``(Story, Settings) -> Story``: copies, then events and the dated entries.

:func:`find_copies` runs before the annotating stages (quotes and figures
count a reprint once); :func:`tell` comes last and turns the dated sentences
into events and the entries of the timeline.
"""

from __future__ import annotations

import dataclasses

from ..config import Settings
from ..model import OffTopic, Story
from . import date_rank, dedupe, events, select, topic, undated
from . import span as spans


def find_copies(story: Story, settings: Settings) -> Story:
    """Near-copies of earlier reports (reprinted wire stories) and passages printed again."""
    copies = dedupe.find_copies(story.articles)
    repeats = dedupe.find_repeats(story.articles, copies=copies)
    return dataclasses.replace(story, copies=tuple(copies), repeats=tuple(repeats))


def tell(story: Story, settings: Settings) -> Story:
    """Events from the dated sentences, then the dates that matter with their accounts, and what reports
    without a publication date tell that no date places (the undated section).

    With ``settings.query`` only the reports that hold the query's words make
    the events and entries; without one, reports off the pile's story are set
    aside (``story/topic.py``, recorded in ``Story.off_topic``). Every report
    stays in the story. With a span
    (``settings.span_from``, ``span_to``) only what is dated inside it does,
    and the figures dated wholly outside it are left out (see ``story/span.py``).
    """
    dated = list(story.sentences)
    off_topic: list[OffTopic] = []
    if settings.query:
        focus = select.matching(story.articles, settings.query)
    else:
        focus, off_topic = topic.set_aside(story.articles)
    if len(focus) < len(story.articles):
        keep = {a.id for a in focus}
        dated = [s for s in dated if s.article in keep]
    candidates = events.article_candidates(focus, dated, story.copies, story.repeats)
    # What undated reports tell that no date places: every sentence placed on a date (inside a span or not)
    # counts as told, so the span is applied after.
    unplaced = undated.undated_items(focus, dated, candidates, story.copies, story.repeats, story.figures)
    figures, disagreements = story.figures, story.disagreements
    span = spans.asked_span(settings)
    if span is not None:
        # Before the events are grouped, so that events index the figures kept and --dates counts dates inside.
        candidates, span = spans.candidates_in_span(span, candidates)
        figures, disagreements, span = spans.figures_in_span(span, figures, disagreements)
    vectors = events.Vectors([c.text for c in candidates])
    found, event_of = events.group_events(candidates, vectors, entities=story.entities, quotes=story.quotes,
                                          figures=figures)
    # The pile's salient names are looked up only when the shipped date weights use them.
    salient = (date_rank.salient_sentences(focus, candidates) if "salient" in date_rank.shipped_weights().features
               else frozenset())
    entries = select.select(candidates, dates=settings.dates or None, sentences=settings.sentences or None,
                            vectors=vectors, event_of=event_of, events=found, salient=salient)
    return dataclasses.replace(story, events=tuple(found), entries=tuple(entries), figures=figures,
                               disagreements=disagreements, date_span=span, undated=tuple(unplaced),
                               off_topic=tuple(off_topic))
