"""The undated section: what reports without a known publication date tell that no date places.

A report whose publication date is unknown still has the dates its text gives in full placed like any
other report's ("the bridge reopened in 2016" goes on 2016: see :func:`events.article_candidates`), and
a report known only within bounds its sentences that name no date placed on the day it is about when
every day in the bounds gives the same one (:func:`events.report_focus`). What is left would be lost: sentences
that name no date, and sentences whose dates count from the unknown publication date ("on Wednesday",
"last month"). The key ones of each such report are kept here, as :class:`UndatedItem` s with why they have
no date and what the text supports about when the report was published: a bound, never a day.

Which sentences: those the dated selection could choose (prose, whole quotes, not the headline, not printed
twice, not an earlier report's passage reprinted), not told already by a sentence on a date; the most
important first (central to their report and to the pile's story, weighed as the dated selection weighs
a date's sentences), a few per report. A report that is a near-copy of a dated one adds nothing: its
original tells it on the timeline.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..annotate import timex
from ..model import Article, Copy, Figure, Repeat, Sentence, SourceRef, UndatedItem, UndatedReason
from .events import Candidate, Vectors, is_prose, normal_text
from .select import CONCISE_WORDS, MMR_LAMBDA, PRIOR_LEDE, PRIOR_QUOTED, REDUNDANT, is_choosable

#: Sentences listed per undated report, most important first: its lede and the few that carry its news,
#: not every sentence it holds (the whole report is in ``articles``).
PER_REPORT = 3
#: Words just before a date that put what the sentence tells before it or up to it ("before 2016", "by
#: 2016", "until 2016", "due to 2030"): such a date says nothing of how late the report was written.
NOT_A_LOWER_BOUND = frozenset({"before", "by", "until", "till", "to", "through", "than", "prior", "ahead", "pre"})
#: A sentence giving a value of a measure the story follows across reports (a toll of 14 in a series 6, 9,
#: 14 that other reports give) tells a reader of the timeline something it tracks. Set by hand, like the dated
#: selection's priors: it lifts a sentence over near-equals, not over a far more central one.
PRIOR_TRACKED_FIGURE = 1.25
#: Scores keep this many decimals (timeline.json stays stable across float noise).
SCORE_DECIMALS = 3

#: A sentence that opens with a quote mark (after at most three other non-word characters), as the dated
#: selection tells a quote from reporting.
_OPENS_QUOTE = re.compile(r"^\W{0,3}[\"“”‘’'`]")
_LAST_WORD = re.compile(r"(\w+)\W*$")


def undated_items(
    articles: Sequence[Article],
    sentences: Sequence[Sentence],
    candidates: Sequence[Candidate],
    copies: Sequence[Copy] = (),
    repeats: Sequence[Repeat] = (),
    figures: Sequence[Figure] = (),
    *,
    per_report: int = PER_REPORT,
) -> list[UndatedItem]:
    """The key sentences of the reports without a publication date that no date places, with why.

    ``candidates`` are the sentences placed on a date: what they tell is not listed again, and with the
    undated sentences they are the story a sentence's importance is measured against (one TF-IDF
    vocabulary over both: words only the undated reports use count too). ``figures`` tell which
    sentences give a value of a measure the story follows. Reports come in the order given, each
    report's items most important first.
    """
    pools = _pools(articles, sentences, candidates, copies, repeats)
    if not pools:
        return []
    texts = [c.text for c in candidates]
    pooled = [text for pool in pools.values() for _, text in pool]
    fitted = Vectors(texts + pooled)
    all_rows = fitted.rows(range(len(texts) + len(pooled)))
    rows = all_rows[len(texts):]
    story = np.asarray(all_rows.sum(axis=0)).ravel()
    norm = np.linalg.norm(story)
    story = story / norm if norm else story
    by_id = {a.id: a for a in articles}
    tracked = _tracked_figures(figures, copies)
    by_article: dict[str, list[Sentence]] = defaultdict(list)
    for s in sentences:
        by_article[s.article].append(s)
    out: list[UndatedItem] = []
    first = 0
    for article_id, pool in pools.items():
        own_rows = rows[first : first + len(pool)]
        first += len(pool)
        lifts = [PRIOR_TRACKED_FIGURE if any(a == article_id and s.start <= start < s.end for a, start in tracked)
                 else 1.0 for s, _ in pool]
        out.extend(_items(by_article[article_id], by_id[article_id], pool, own_rows, story, lifts, per_report))
    return out


def _pools(articles: Sequence[Article], sentences: Sequence[Sentence], candidates: Sequence[Candidate],
           copies: Sequence[Copy], repeats: Sequence[Repeat]) -> dict[str, list[tuple[Sentence, str]]]:
    """Per undated report (in order), the sentences the section may list: those the dated selection could
    choose that no date places and that nothing placed, or listed before, tells already."""
    placed = {(c.ref.article, c.ref.start) for c in candidates if c.ref is not None}
    told = {normal_text(c.text) for c in candidates}
    ids = {a.id for a in articles}
    original = {c.article: c.original for c in copies if c.original in ids}
    dated_groups = {original.get(a.id, a.id) for a in articles if a.published.date is not None}
    twice: dict[str, list[tuple[int, int]]] = defaultdict(list)  # a passage printed again, or reprinted
    for r in repeats:
        twice[r.passage.article].append((r.passage.start, r.passage.end))
    undated = {a.id: a for a in articles
               # dated; a copy (its original speaks for it); or reprinted by a dated report: nothing to list
               if a.published.date is None and a.id not in original and a.id not in dated_groups}
    pools: dict[str, list[tuple[Sentence, str]]] = {}
    for s in sentences:
        article = undated.get(s.article)
        if article is None or (article.id, s.start) in placed:
            continue
        text = article.text[s.start : s.end]
        key = normal_text(text)
        if (key in told or not is_prose(text) or not is_choosable(text)
                or text.strip() == (article.title or "").strip()
                or any(a <= s.start < b for a, b in twice.get(article.id, ()))):
            continue
        told.add(key)
        pools.setdefault(article.id, []).append((s, text))
    return {a.id: pools[a.id] for a in articles if a.id in pools}


def _tracked_figures(figures: Sequence[Figure], copies: Sequence[Copy]) -> set[tuple[str, int]]:
    """Where values of the measures the story follows are given (article, start): measures with values from
    at least two independent reports (a copy counts with its original)."""
    original = {c.article: c.original for c in copies}
    reports: dict[tuple[str, str | None], set[str]] = defaultdict(set)
    for f in figures:
        reports[(f.measure, f.unit)].update(original.get(r.article, r.article) for r in f.sources)
    return {(r.article, r.start) for f in figures if len(reports[(f.measure, f.unit)]) >= 2 for r in f.sources}


def publication_bound(article: Article, sentences: Sequence[Sentence]) -> tuple[dt.date | None, dt.date | None,
                                                                              str | None, SourceRef | None]:
    """What bounds an undated report's publication date: ``(earliest, latest, how, evidence)``.

    The report's own bounds (a passage shared with a dated report, a last-updated date), tightened from
    below by its text: a report that tells in the past tense of something in a period it names ("the bridge
    reopened in 2016") was published no earlier than that period's first day. ``evidence`` is the
    sentence that gave that bound; ``how`` says how the bounds were inferred.
    """
    p = article.published
    earliest, latest = p.earliest, p.latest
    how = [p.inferred or p.reason] if earliest or latest else []
    best: tuple[dt.date, str, SourceRef] | None = None
    for s in sentences:
        for m in s.mentions:
            if not m.places or m.period is None or (best and m.period.first <= best[0]):
                continue
            before = _LAST_WORD.search(article.text, max(0, m.start - 20), m.start)
            if before and before.group(1).casefold() in NOT_A_LOWER_BOUND:
                continue
            if timex.tense_at(article.text, m.start, m.end) == "past":
                best = (m.period.first, m.text, SourceRef(article.id, s.start, s.end))
    evidence = None
    if best and (latest is None or best[0] <= latest) and (earliest is None or best[0] > earliest):
        earliest, evidence = best[0], best[2]
        how.append(f"a sentence tells of '{best[1]}' in the past tense")
    return earliest, latest, "; ".join(h for h in how if h) or None, evidence


def _items(own: Sequence[Sentence], article: Article, pool: Sequence[tuple[Sentence, str]], rows: Any,
           story: np.ndarray, lifts: Sequence[float], k: int) -> list[UndatedItem]:
    """The ``k`` most important sentences of one report's pool, each with why it has no date."""
    earliest, latest, bound, evidence = publication_bound(article, own)
    items = []
    for index, score in _most_important([text for _, text in pool], rows, story, lifts, k):
        s, text = pool[index]
        reason, detail = _why(article, s)
        items.append(UndatedItem(
            ref=SourceRef(article.id, s.start, s.end),
            text=text,
            reason=reason,
            detail=detail,
            mentions=tuple(m for m in s.mentions if m.unresolved),
            earliest=earliest,
            latest=latest,
            bound=bound,
            bound_evidence=evidence,
            score=round(score, SCORE_DECIMALS),
        ))
    return items


def _why(article: Article, s: Sentence) -> tuple[UndatedReason, str]:
    """Why a sentence of an undated report has no date, and that for people."""
    p = article.published
    unresolved = [m for m in s.mentions if m.unresolved]
    named = ", ".join(f"'{m.text}'" for m in unresolved)
    if unresolved and p.earliest and p.latest:
        return UndatedReason.DEPENDS_ON_DAY, (
            f"{named} depends on the exact publication date, known only to lie between "
            f"{p.earliest.isoformat()} and {p.latest.isoformat()}")
    if unresolved:
        return UndatedReason.RELATIVE_TO_UNKNOWN, (
            f"{named} counts from the report's publication date, which is unknown")
    if p.earliest and p.latest:
        return UndatedReason.NAMES_NO_DATE, (
            "it names no date that places it, and its report, known only to have been published between "
            f"{p.earliest.isoformat()} and {p.latest.isoformat()}, names no day it is about")
    return UndatedReason.NAMES_NO_DATE, (
        "it names no date that places it, and its report's publication date, which would stand in, is unknown")


def _most_important(texts: Sequence[str], rows: Any, story: np.ndarray, lifts: Sequence[float],
                    k: int) -> list[tuple[int, float]]:
    """Up to ``k`` of one report's ``texts`` (``rows`` their L2-normalised TF-IDF vectors), each with its
    importance, most important first, none repeating another (maximal marginal relevance with the dated
    selection's weights).

    Importance is the geometric mean of how central a sentence is to its report (cosine with the report's
    centroid) and to the story the whole pile tells (with ``story``, the pile's unit centroid), times the
    dated selection's prior and ``lifts`` (PRIOR_TRACKED_FIGURE): a report's key sentences, about what the
    rest of the pile is about. The mean keeps it a cosine, on the scale MMR weighs redundancy on.
    """
    centroid = np.asarray(rows.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    own = np.asarray(rows @ (centroid / norm)).ravel() if norm else np.ones(len(texts))
    pile = np.asarray(rows @ story).ravel() if np.linalg.norm(story) else np.ones(len(texts))
    relevance = np.sqrt(np.clip(own * pile, 0.0, None)) * np.array([_prior(text, i == 0) * lift for i, (text, lift) in enumerate(zip(texts, lifts, strict=True))])
    sim = (rows @ rows.T).toarray()
    chosen: list[int] = []
    while len(chosen) < min(k, len(texts)):
        best, best_value = -1, -math.inf
        for j in range(len(texts)):
            redundancy = max((float(sim[j, c]) for c in chosen), default=0.0)
            if j in chosen or redundancy >= REDUNDANT:
                continue
            value = MMR_LAMBDA * relevance[j] - (1 - MMR_LAMBDA) * redundancy
            if value > best_value:
                best, best_value = j, value
        if best < 0:
            break
        chosen.append(best)
    return [(j, float(relevance[j])) for j in chosen]


def _prior(text: str, lede: bool) -> float:
    """How good a sentence is as a line about its report before its content: the dated selection's weights
    for a lede, a quote and a long sentence."""
    prior = PRIOR_LEDE if lede else 1.0
    if _OPENS_QUOTE.match(text):
        prior *= PRIOR_QUOTED
    words = len(text.split())
    return prior * (CONCISE_WORDS / words if words > CONCISE_WORDS else 1.0)
