"""The dating stages: publication dates that need the whole story, then every sentence's dates.

One story stage, ``(Story, Settings) -> Story``, :func:`date_story`, in two steps:

- publication dates that need the whole story: the year of a year-less
  dateline (from the weekdays its report names) and a bound for an undated
  report that shares a passage with a dated one (see ``ingest/pubdate.py``);
- each article's sentences with the date mentions they hold, resolved
  against its publication date. Sentences dated by an earlier build
  (``Story.dated``) are reused while their key holds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from ..config import Settings
from ..ingest import pubdate
from ..model import Article, Sentence, Story, TimeMention
from . import reference, sentences, timex


def date_story(story: Story, settings: Settings) -> Story:
    """Publication dates that need the rest of the story, then every sentence's dates.

    The mentions tagged while bounding undated reports (those of their dated
    partners) are reused for those partners' sentences: the tagger runs once
    per article and date.
    """
    tagged: dict[tuple[str, dt.date | None], list[TimeMention]] = {}

    def mentions_of(article: Article) -> list[TimeMention]:
        key = (article.id, article.published.date)
        if key not in tagged:
            tagged[key] = timex.tag(article.text, article.published.date)
        return tagged[key]

    articles = tuple(pubdate.bound_by_shared_passages(pubdate.complete_years(story.articles), mentions_of))
    dated: dict[str, tuple[str, tuple[Sentence, ...]]] = {}
    for article in articles:
        key = dating_key(article)
        before = story.dated.get(article.id)
        if before is not None and before[0] == key:
            dated[article.id] = before
            continue
        known = tagged.get((article.id, article.published.date)) if article.published.date else None
        dated[article.id] = (key, tuple(dated_sentences(article, known)))
    return dataclasses.replace(story, articles=articles, dated=dated,
                               sentences=tuple(s for a in articles for s in dated[a.id][1]))


def dating_key(article: Article) -> str:
    """What an article's sentence dates depend on: the splitter's, tagger's and reference rules' versions, the publication date or bounds."""
    p = article.published
    return f"{sentences.VERSION}|{timex.VERSION}|{reference.VERSION}|{p.date}|{p.earliest}|{p.latest}"


def with_dated_sentences(articles: Sequence[Article], settings: Settings) -> list[Article]:
    """The per-report dating stage, run in the workers: each article with its sentences dated from its own
    publication date (``Article.dated``). The corpus keeps them with the article; the story's dating stage
    reuses them unless the whole story changes the article's date (:func:`date_story`)."""
    return [dataclasses.replace(a, dated=(dating_key(a), tuple(dated_sentences(a)))) for a in articles]


def date_sentences(story: Story, settings: Settings) -> Story:
    """Every article's sentences with their date mentions; those of an earlier build are kept while their key holds."""
    dated: dict[str, tuple[str, tuple[Sentence, ...]]] = {}
    for article in story.articles:
        key = dating_key(article)
        before = story.dated.get(article.id)
        dated[article.id] = before if before is not None and before[0] == key else (key, tuple(dated_sentences(article)))
    return dataclasses.replace(story, dated=dated,
                               sentences=tuple(s for a in story.articles for s in dated[a.id][1]))


def dated_sentences(article: Article, mentions: Sequence[TimeMention] | None = None) -> list[Sentence]:
    """The article's sentences, each with the date mentions it holds.

    Mentions are resolved against the publication date; a report known only
    within bounds (``earliest``/``latest``) resolves what the bounds allow.
    Then speech is counted from when it was said and a relative date beside an
    explicit one takes it (:mod:`dateline.annotate.reference`).
    """
    p = article.published
    if mentions is None:
        if p.date:
            mentions = timex.tag(article.text, p.date)
        elif p.earliest and p.latest:
            mentions = timex.tag_between(article.text, p.earliest, p.latest)
        else:
            mentions = timex.tag(article.text, None)
    mentions = reference.anchor_mentions(article, mentions, lambda day: timex.tag(article.text, day))
    out = []
    for start, end in sentences.split(article.text):
        inside = tuple(m for m in mentions if start <= m.start < end)
        out.append(Sentence(article.id, start, end, inside, p.date))
    return out
