"""Selection: which dates matter, and a short extractive account of each.

Dates are ranked by signals of their importance weighed by a model learned
on Timeline17 (:mod:`date_rank`): how many independent reports place a
sentence there and how they name it, who refers back to it later, its burst
of coverage. A pool of dated sentences (no reports) keeps the evidence sum
(:attr:`events.Candidate.weight`, :func:`events.group_score`). For each
chosen date the account is the ``k`` most central sentences that are not
redundant with each other or with other dates' sentences (maximal marginal
relevance over TF-IDF vectors), new reporting before background.

Months and years become entries only when nothing finer is known in them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..annotate import timex
from ..annotate.sentences import unbalanced_quote
from ..model import Event, EventDateHow, Granularity, Period, SourceRef, TimelineEntry
from ..text import words as split_words
from . import date_rank
from .events import (
    Candidate,
    Vectors,
    group_score,
    is_prose,
    normal_text,
)

#: Automatic length: every date when there are at most this many…
AUTO_ALL_DATES = 40
#: …otherwise dates carried by at least two independent reports, at most this many.
AUTO_MAX_DATES = 100
AUTO_MAX_SENTENCES = 3
#: Maximal marginal relevance: centrality against redundancy.
MMR_LAMBDA = 0.7
#: A sentence this similar to one already chosen (on any date) adds nothing.
REDUNDANT = 0.5
#: Sentences longer than this many words are less likely to be chosen.
CONCISE_WORDS = 35
#: Only the most central sentences of a date compete in MMR.
MMR_POOL = 200
#: How good a sentence is as a summary line before its content is weighed (multipliers of a prior of 1),
#: set by hand when selection was written and kept since: the sample's accounts and the benchmarks rest on them.
PRIOR_NAMED = 1.2  # the sentence names its date: it is about that day
PRIOR_BACKGROUND = 0.5  # recycled background an earlier report already carried
PRIOR_LEDE = 1.1  # the first sentence of its report (news style puts the news there)
PRIOR_FRESH = 1.25  # reported as news within FRESH_DAYS of the day, not recalled weeks later
FRESH_DAYS = 2
PRIOR_QUOTED = 0.6  # a quote (or a piece of one) tells less than the reporting around it
#: Words that name a speaker only by pointing back to one ("she said"). A quote whose sentence
#: names no one else tells a timeline reader neither who spoke nor what happened, so it is
#: never an entry's sentence (it stays in the quotes, attributed to whom the pronoun points to).
PRONOUN_SPEAKERS = frozenset({"he", "she", "they", "i", "we", "you", "it"})
#: The rest of a bare attribution around the pronoun: speech verbs and the adverbs that pad them
#: ("she said", "he added later", "they told reporters" is not bare: "reporters" names someone).
BARE_ATTRIBUTION_WORDS = frozenset({
    "said", "says", "say", "added", "adds", "asked", "asks", "replied", "replies", "continued", "explained",
    "insisted", "warned", "laughed", "joked", "told", "tells", "wrote", "writes", "then", "later", "also",
    "again", "simply", "quietly", "and", "but",
})
#: Rank the dates of sentences that come with no publication date (a pool) by the evidence sum
#: (events.group_score), not the learned weights: on the Crisis pools it gives the better Date-F1
#: (bench/date_ranker.py --crisis).
POOL_RANKING = True
#: Scores in entries keep this many decimals (timeline.json stays stable across float noise).
SCORE_DECIMALS = 3


@dataclass(frozen=True)
class DateScore:
    period: Period
    score: float
    reports: int


def rank_dates(candidates: Sequence[Candidate], salient: frozenset[SourceRef] = frozenset(),
               weights: date_rank.Weights | None = None) -> list[DateScore]:
    """Dates by importance, best first (ties: earlier first).

    Each date's signals (:func:`date_rank.date_features`: independent reports,
    how they name it, who refers back to it later, its burst, its salient
    names in ``salient``) are weighed by the learned ``weights`` (default: the
    shipped ones); its score is the model's chance that an editor keeps it.
    Sentences that come with no publication date (a pool of dated sentences)
    lack most of those signals, and there the evidence sum ranks better
    (:func:`events.group_score`, see POOL_RANKING): it is their score.
    """
    groups: dict[Period, list[Candidate]] = defaultdict(list)
    for c in candidates:
        groups[c.period].append(c)
    if weights is None and POOL_RANKING and not any(c.published is not None for c in candidates):
        scored = {p: (group_score(cs), group_score(cs)) for p, cs in groups.items()}
    else:
        weights = weights or date_rank.shipped_weights()
        scored = weights.scores(date_rank.date_features(candidates, salient))
    order = sorted(scored, key=lambda p: (-scored[p][0], p.sort_key))  # by logit: scores near 1 do not tie
    return [DateScore(p, scored[p][1], len({c.group for c in groups[p]})) for p in order]


def choose_dates(ranked: Sequence[DateScore], dates: int | None) -> list[DateScore]:
    """The dates to show: ``dates`` of them, or automatically (see AUTO_*).

    Day dates come first; a month or year is added only when no chosen day
    falls inside it (and, with a fixed number, only to fill it).
    """
    days = [d for d in ranked if d.period.granularity is Granularity.DAY]
    coarse = [d for d in ranked if d.period.granularity is not Granularity.DAY]
    if dates is None:
        if len(days) > AUTO_ALL_DATES:
            days = [d for d in days if d.reports >= 2][:AUTO_MAX_DATES] or days[:AUTO_ALL_DATES]
        chosen = list(days)
        limit = None
    else:
        chosen = days[:dates]
        limit = dates
    for d in coarse:
        if limit is not None and len(chosen) >= limit:
            break
        if not any(c.period != d.period and d.period.contains(c.period) for c in chosen):
            chosen.append(d)
    return chosen


def select(
    candidates: Sequence[Candidate],
    *,
    dates: int | None = None,
    sentences: int | None = None,
    vectors: Vectors | None = None,
    event_of: dict[int, str] | None = None,
    events: Sequence[Event] = (),
    salient: frozenset[SourceRef] = frozenset(),
) -> list[TimelineEntry]:
    """Timeline entries, in date order: the chosen dates, each with its account.

    ``salient``: the sentences naming the pile's most-reported names (:func:`date_rank.salient_sentences`),
    one of the signals that rank the dates.
    """
    if not candidates:
        return []
    vectors = vectors or Vectors([c.text for c in candidates])
    event_of = event_of or {}
    event_rank = {e.id: i for i, e in enumerate(events)}
    by_period: dict[Period, list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        by_period[c.period].append(i)
    choosable = {i for i, c in enumerate(candidates) if is_choosable(c.text)}
    ranked = [d for d in rank_dates(candidates, salient) if any(i in choosable for i in by_period[d.period])]
    chosen = choose_dates(ranked, dates)
    picked_rows: list = []
    entries = []
    for date in chosen:  # most important first, so they get first pick of sentences
        members = [i for i in by_period[date.period] if i in choosable]
        k = sentences if sentences is not None else _auto_k(members, event_of)
        picks = _summarise(members, candidates, vectors, k, picked_rows)
        if not picks:
            continue
        picked_rows.extend(vectors.rows(picks)[j] for j in range(len(picks)))
        cands = [candidates[i] for i in picks]
        ids = sorted({event_of[i] for i in members if i in event_of}, key=lambda e: event_rank.get(e, 0))
        entries.append(TimelineEntry(
            period=date.period,
            summary=tuple(c.text for c in cands),
            sources=tuple(c.source for c in cands),
            dated=tuple(c.how for c in cands),
            events=tuple(ids),
            reports=date.reports,
            score=round(date.score, SCORE_DECIMALS),
        ))
    entries.sort(key=lambda e: (e.date, e.granularity is not Granularity.DAY))
    return entries


def is_choosable(text: str) -> bool:
    """Whether a sentence may stand on the timeline: its quote marks are whole and a quote in it has a speaker named by more than a pronoun.

    The sentence still counts as evidence for its date (see :func:`rank_dates`);
    a date with no choosable sentence is not an entry.
    """
    return not unbalanced_quote(text) and not pronoun_quote(text)


def pronoun_quote(text: str) -> bool:
    """Whether ``text`` is a quote attributed only to a pronoun: '“Ask me on Tuesday,” she said.'"""
    outside = _QUOTATION.sub(" ", text)
    if outside == text:
        return False
    said = [w.casefold() for w in split_words(outside, letters=True)]
    return (any(w in PRONOUN_SPEAKERS for w in said)
            and all(w in PRONOUN_SPEAKERS or w in BARE_ATTRIBUTION_WORDS for w in said))


def _auto_k(members: Sequence[int], event_of: dict[int, str]) -> int:
    """One sentence per distinct event on the date, between 1 and AUTO_MAX_SENTENCES."""
    return max(1, min(AUTO_MAX_SENTENCES, len({event_of.get(i, i) for i in members})))


def _summarise(members: Sequence[int], candidates: Sequence[Candidate], vectors: Vectors, k: int,
               elsewhere: list) -> list[int]:
    """Up to ``k`` central, mutually non-redundant sentences of one date (MMR)."""
    if k <= 0:
        return []
    # One candidate per distinct text: the same sentence from two reports is one choice.
    unique: dict[str, int] = {}
    for i in members:
        unique.setdefault(normal_text(candidates[i].text), i)
    pool = list(unique.values())
    rows = vectors.rows(pool)
    centroid = np.asarray(rows.mean(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    central = np.asarray(rows @ (centroid / norm)).ravel() if norm else np.zeros(len(pool))
    prior = np.array([_prior(candidates[i]) for i in pool])
    relevance = central * prior
    top = np.argsort(-relevance, kind="stable")[:MMR_POOL]
    pool = [pool[j] for j in top]
    rows = rows[top]
    relevance = relevance[top]
    other = None
    if elsewhere:
        from scipy.sparse import vstack

        other = np.asarray((rows @ vstack(elsewhere).T).todense())
    sim = (rows @ rows.T).toarray()
    chosen: list[int] = []
    while len(chosen) < min(k, len(pool)):
        best, best_value = -1, -math.inf
        for j in range(len(pool)):
            if j in chosen or (other is not None and other[j].max() >= REDUNDANT):
                continue
            redundancy = max((float(sim[j, c]) for c in chosen), default=0.0)
            if redundancy >= REDUNDANT:
                continue
            value = MMR_LAMBDA * relevance[j] - (1 - MMR_LAMBDA) * redundancy
            if value > best_value:
                best, best_value = j, value
        if best < 0:
            break
        chosen.append(best)
    if not chosen and pool:
        # Every sentence was already told under another date (one sentence naming
        # two dates): repeat the most central one rather than drop the date.
        chosen.append(int(np.argmax(relevance)))
    return [pool[j] for j in chosen]


def _prior(c: Candidate) -> float:
    """How good a candidate is as a summary sentence, before content."""
    prior = 1.0
    if c.named:
        prior *= PRIOR_NAMED
    if c.background:
        prior *= PRIOR_BACKGROUND
    if c.position == 0:
        prior *= PRIOR_LEDE
    if (c.published is not None and c.granularity is Granularity.DAY
            and 0 <= (c.published - c.period.first).days <= FRESH_DAYS):
        prior *= PRIOR_FRESH
    if _QUOTED.match(c.text):
        prior *= PRIOR_QUOTED
    words = len(c.text.split())
    if words > CONCISE_WORDS:
        prior *= CONCISE_WORDS / words  # a timeline line should be short: long sentences pay in proportion
    return prior


# A sentence that opens with a quote mark (after at most three other non-word characters).
_QUOTED = re.compile(r"^\W{0,3}[\"“”‘’'`]")
# A quotation in double marks, curly or straight (what is inside is the speaker's, not the report's).
_QUOTATION = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»")
_DIGIT = re.compile(r"\d")  # a date written with digits ("22 March"), not "on Wednesday"


# -- a pool of dated sentences (benchmarks) ----------------------------------------


def pool_candidates(pool: Sequence[tuple[dt.date, str]]) -> list[Candidate]:
    """Candidates from sentences that come already dated (no reports, no publication dates).

    Each distinct sentence is its own source. The tagger still tells whether
    a sentence names its date (an anchor-free check: the mention must resolve
    to the given date when anchored on it).
    """
    out = []
    seen: set[tuple[dt.date, str]] = set()
    for day, text in pool:
        key = (day, normal_text(text))
        if key in seen or not is_prose(text):
            continue
        seen.add(key)
        named = next((m for m in timex.tag(text, day) if m.period == Period.day(day)), None)
        out.append(Candidate(
            text=text,
            period=Period.day(day),
            how=EventDateHow.GIVEN,
            group=key[1],
            mention=named,
            absolute=bool(named and _DIGIT.search(named.text)),
        ))
    return out


def summarise_pool(pool: Sequence[tuple[dt.date, str]], *, dates: int | None, sentences: int | None) -> dict[dt.date, list[str]]:
    """A timeline of ``dates`` dates with ``sentences`` sentences each from a dated-sentence pool."""
    candidates = pool_candidates(pool)
    entries = select(candidates, dates=dates, sentences=sentences)
    return {e.date: list(e.summary) for e in entries}


# -- focusing a mixed pile -----------------------------------------------------------

def _stem(word: str) -> str:
    """A light English stem, enough to let "strikes" find "strike" and "meetings" "meeting"."""
    word = word.casefold()
    for suffix in ("ies", "es", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return word


def query_terms(query: str) -> list[str]:
    """The words of a query that carry meaning (stopwords dropped), stemmed."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    words = [w for w in split_words(query) if w.casefold() not in ENGLISH_STOP_WORDS]
    return list(dict.fromkeys(_stem(w) for w in words))


def matching(articles: Sequence, query: str) -> list:
    """The reports about the query: those holding at least half its words (all of them when it has two or fewer).

    Words match whole words, ignoring case and plural endings. A query of
    stopwords only matches every report.
    """
    terms = query_terms(query)
    if not terms:
        return list(articles)
    need = len(terms) if len(terms) <= 2 else math.ceil(len(terms) / 2)
    out = []
    for article in articles:
        words = {_stem(w) for w in split_words(f"{article.title or ''} {article.text}")}
        if sum(t in words for t in terms) >= need:
            out.append(article)
    return out
