"""Events: sentences from different reports about one happening on one date.

Every dated sentence becomes a *candidate* on each date it names (a resolved
date mention), or, when it names none, on its report's publication date (a
weaker placement, marked as such). Candidates on the same date are grouped
by content similarity (TF-IDF cosine, average linkage) into events.

Independent sources are counted by *group*: a report and its near-copies
(reprinted wire copy) are one group, so a claim carried by a wire story and
ten reprints has one source. A sentence an earlier independent report
already printed (a recycled explainer) is *background*: it stays attached to
its event but is kept apart from what is new, and weighs less.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from ..model import (
    Article,
    Copy,
    Entity,
    Event,
    EventDateHow,
    EventSentence,
    Figure,
    Granularity,
    PassedOver,
    Period,
    Quote,
    Repeat,
    Sentence,
    SourceRef,
    TimeMention,
)
from ..text import ends_sentence, words
from .placement import Qualifier, qualifier

#: Granularities that can place a sentence on the timeline (weeks, seasons,
#: quarters and decades are too vague to be an entry).
PLACEABLE = (Granularity.DAY, Granularity.MONTH, Granularity.YEAR)
#: Two sentences on one date belong to one event when their average TF-IDF
#: cosine similarity reaches this (measured on the sample's gold events).
EVENT_SIMILARITY = 0.2
#: Above this many distinct sentences on one date, the rest are attached to the
#: nearest event of the first ones instead of clustered (keeps time linear).
CLUSTER_LIMIT = 1500
#: Sentences shorter than this (in words) are captions, bylines or fragments.
MIN_WORDS = 6
MAX_WORDS = 80
#: Share of MIN_WORDS that must be words of letters: a line of mostly figures and codes is a table, not prose.
PROSE_LETTER_WORDS = 0.8
#: What a recycled background passage weighs against news, so that an explainer repeated in every report
#: does not outvote what happened (chosen with the other selection weights on the Crisis tasks; see
#: docs/benchmarks.md, "Timeline summarisation").
BACKGROUND_WEIGHT = 0.25

_DIGIT = re.compile(r"\d")
_TIMESTAMP = re.compile(r"^\W*\d{1,2}[/.:]\d{1,2}([/.:]\d{2,4})?\b")


@dataclass(frozen=True)
class Candidate:
    """A sentence placed on one date, before grouping into events."""

    text: str
    period: Period  # a day, a month or a year (see PLACEABLE)
    how: EventDateHow
    group: str  # the independent source: a report and its copies share one
    ref: SourceRef | None = None
    mention: TimeMention | None = None
    outlet: str | None = None
    background: bool = False
    absolute: bool = False  # named by a date carrying its own digits ("22 March"), not "on Wednesday"
    position: int = 0  # sentence number in its report (0 = first)
    published: dt.date | None = None  # its report's publication date
    passed_over: tuple[PassedOver, ...] = ()  # dates it names that only qualify (see placement.py)

    @property
    def granularity(self) -> Granularity:
        return self.period.granularity

    @property
    def named(self) -> bool:
        """Whether the sentence names its date (only then does it carry a mention)."""
        return self.mention is not None

    @property
    def source(self) -> SourceRef:
        """Where the sentence is; a sentence that came without a report (a dated pool) has article ""."""
        return self.ref or SourceRef("", 0, len(self.text))

    @property
    def weight(self) -> float:
        """Evidence this sentence gives that something happened on its date.

        A sentence that names the date counts more than one placed by its
        report's publication date, and a date written out ("March 22")
        more again: later reports referring back to a day by its date are
        the strongest sign that the day mattered. Background counts a quarter.
        """
        weight = 1.0 + (1.0 if self.named else 0.0) + (2.0 if self.absolute else 0.0)
        return weight * (BACKGROUND_WEIGHT if self.background else 1.0)


def is_prose(text: str) -> bool:
    """Whether a sentence reads as a sentence (not a headline, caption, timestamp or fragment).

    It has MIN_WORDS to MAX_WORDS words, mostly not in capitals, and ends as a
    sentence ends (headlines and captions usually do not).
    """
    if not MIN_WORDS <= len(text.split()) <= MAX_WORDS or _TIMESTAMP.match(text) or not ends_sentence(text):
        return False
    letters = words(text, letters=True)
    if len(letters) < MIN_WORDS * PROSE_LETTER_WORDS:
        return False
    upper = sum(1 for w in letters if w.isupper() and len(w) > 1)
    return upper <= len(letters) / 2


def normal_text(text: str) -> str:
    """Case- and punctuation-blind key of a sentence, for spotting the same sentence twice."""
    return " ".join(w.casefold() for w in words(text, letters=True))


def article_candidates(
    articles: Sequence[Article],
    sentences: Sequence[Sentence],
    copies: Sequence[Copy] = (),
    repeats: Sequence[Repeat] = (),
) -> list[Candidate]:
    """Every sentence of ``articles`` placed on the dates it names, else its report's date.

    A passage printed twice in one report counts once; a passage an earlier
    independent report already printed is background. Sentences of an
    undated report that name no date cannot be placed and are left out here
    (the undated section lists the key ones: see ``undated.py``).
    """
    by_id = {a.id: a for a in articles}
    group = {c.article: c.original for c in copies}
    skip: dict[str, list[tuple[int, int]]] = defaultdict(list)  # second prints inside one report
    recycled: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for r in repeats:
        if r.passage.article == r.original.article:
            skip[r.passage.article].append((r.passage.start, r.passage.end))
        elif group.get(r.passage.article, r.passage.article) != group.get(r.original.article, r.original.article):
            recycled[r.passage.article].append((r.passage.start, r.passage.end))
    out: list[Candidate] = []
    seen: set[tuple[str, Period, str]] = set()
    position: dict[str, int] = defaultdict(int)
    focus = report_focus(articles, sentences)
    for s in sentences:
        article = by_id.get(s.article)
        if article is None:
            continue
        number = position[s.article]
        position[s.article] += 1
        if any(a <= s.start < b for a, b in skip.get(s.article, ())):
            continue
        text = article.text[s.start : s.end]
        if not is_prose(text) or text.strip() == (article.title or "").strip():
            continue
        background = any(a <= s.start < b for a, b in recycled.get(s.article, ()))
        source = group.get(s.article, s.article)
        placed: dict[Period, TimeMention | None] = {}
        passed = []
        evidence = article.published.span
        for m in s.mentions:
            if not m.places or m.period is None or m.period.granularity not in PLACEABLE or m.period in placed:
                continue
            if evidence and m.start < evidence[1] and m.end > evidence[0]:
                # The dateline or header the publication date was read from says when it was reported.
                passed.append(PassedOver(m, DATELINE_RULE, f"'{m.text}' is the report's own date (where its "
                                         "publication date was read), so it does not date the sentence"))
                continue
            qualifies = qualifier(text, m.start - s.start)
            if qualifies is None:
                placed[m.period] = m
            else:
                passed.append(_passed_over(m, *qualifies))
        fallback = EventDateHow.PUBLISHED
        # A report known only within bounds: a date that differs across them does not stand for its focus day.
        if not placed and s.article in focus and not (s.published is None and any(m.unresolved for m in s.mentions)):
            placed[Period.day(focus[s.article])] = None
            fallback = EventDateHow.REPORT_FOCUS
        elif not placed and s.published is not None:
            placed[Period.day(s.published)] = None
        for period, mention in placed.items():
            key = (source, period, normal_text(text))
            if key in seen:  # a copy printing the same sentence: one source, one candidate
                continue
            seen.add(key)
            out.append(Candidate(
                text=text,
                period=period,
                how=EventDateHow.MENTIONED if mention else fallback,
                group=source,
                ref=SourceRef(s.article, s.start, s.end),
                mention=mention,
                outlet=article.outlet.name,
                background=background,
                absolute=bool(mention and _DIGIT.search(mention.text)),
                position=number,
                published=article.published.date,
                passed_over=tuple(passed),
            ))
    return out


#: The name a passed-over publication-date evidence mention is recorded under ("London, Jan. 23: ...").
DATELINE_RULE = "publication-date"
#: Words of the evidence quoted in a passed-over date's detail (a "since" clause can run long).
DETAIL_WORDS = 8


def _passed_over(m: TimeMention, rule: Qualifier, words_read: str) -> PassedOver:
    read = words_read.split()
    shown = " ".join(read) if len(read) <= DETAIL_WORDS else " ".join(read[:3]) + " ... " + " ".join(read[-4:])
    return PassedOver(m, rule.name, f"'{m.text}' {rule.why} ('{shown} {m.text}'), so it does not date the sentence")


def report_focus(articles: Sequence[Article], sentences: Sequence[Sentence], days: int = 7) -> dict[str, dt.date]:
    """The day each dated report is about, when it names one near its publication.

    News reports tell what happened "on Wednesday" and then go on without
    repeating the date; their undated sentences belong to that day, not to
    the (often next) day of publication. The focus is the day the report
    names most often among the ``days`` days up to its publication date
    (ties: the later day). Reports that name no such day have no focus. A
    report known only within bounds (``earliest``/``latest``) has the focus
    every publication day in them gives, when they all give the same one.
    """
    # The days each report may have been published on: its publication date, else its bounds.
    possible: dict[str, tuple[dt.date, dt.date]] = {}
    for a in articles:
        p = a.published
        if p.date is not None:
            possible[a.id] = (p.date, p.date)
        elif p.earliest is not None and p.latest is not None:
            possible[a.id] = (p.earliest, p.latest)
    # The dateline or header the publication date was read from names that date, not the story's.
    evidence = {a.id: a.published.span for a in articles if a.published.span}
    counts: dict[str, dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
    for s in sentences:
        if s.article not in possible:
            continue
        low, high = possible[s.article]
        span = evidence.get(s.article)
        for m in s.mentions:
            if span and m.start < span[1] and m.end > span[0]:
                continue
            if m.places and m.period is not None and m.period.granularity is Granularity.DAY:
                day = m.period.first
                if low - dt.timedelta(days=days) <= day <= high:
                    counts[s.article][day] += 1
    focus: dict[str, dt.date] = {}
    for article, named in counts.items():
        low, high = possible[article]
        found = {_most_named(named, low + dt.timedelta(days=k), days) for k in range((high - low).days + 1)}
        only = found.pop() if len(found) == 1 else None
        if only is not None:
            focus[article] = only
    return focus


def _most_named(named: Mapping[dt.date, int], published: dt.date, days: int) -> dt.date | None:
    """The day named most among the ``days`` days up to ``published`` (ties: the later day); None: none named."""
    window = {d: n for d, n in named.items() if published - dt.timedelta(days=days) <= d <= published}
    return max(window, key=lambda d: (window[d], d)) if window else None


class Vectors:
    """TF-IDF vectors of candidate texts (one vocabulary for the whole pile)."""

    def __init__(self, texts: Sequence[str]):
        self.vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, token_pattern=r"(?u)\b[^\W\d_]{2,}\b")
        try:
            self.matrix = self.vectorizer.fit_transform(texts)
        except ValueError:  # nothing but stopwords: every vector is empty
            self.vectorizer = None
            self.matrix = None
        self.size = len(texts)

    def rows(self, indices: Sequence[int]):
        if self.matrix is None:
            from scipy.sparse import csr_matrix

            return csr_matrix((len(indices), 1))
        return self.matrix[list(indices)]


def cluster(vectors, threshold: float = EVENT_SIMILARITY) -> list[int]:
    """Cluster labels for rows of L2-normalised ``vectors`` (average-linkage cosine)."""
    n = vectors.shape[0]
    if n == 1:
        return [0]
    head = min(n, CLUSTER_LIMIT)
    sim = (vectors[:head] @ vectors[:head].T).toarray()
    labels = _average_linkage(sim, threshold)
    if n > head:
        centroids = np.vstack([np.asarray(vectors[[i for i in range(head) if labels[i] == c]].mean(axis=0))
                               for c in range(max(labels) + 1)])
        norms = np.linalg.norm(centroids, axis=1, keepdims=True)
        centroids = centroids / np.where(norms == 0, 1, norms)
        rest = np.asarray(vectors[head:] @ centroids.T)
        nxt = max(labels) + 1
        for row in rest:
            best = int(row.argmax()) if row.size else -1
            if best >= 0 and row[best] >= threshold:
                labels.append(best)
            else:
                labels.append(nxt)
                nxt += 1
    return labels


def _average_linkage(sim: np.ndarray, threshold: float) -> list[int]:
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    dist = np.clip(1.0 - sim, 0.0, None)
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")
    raw = fcluster(tree, t=1.0 - threshold, criterion="distance")
    relabel: dict[int, int] = {}
    return [relabel.setdefault(int(x), len(relabel)) for x in raw]


def group_events(
    candidates: Sequence[Candidate],
    vectors: Vectors | None = None,
    *,
    entities: Sequence[Entity] = (),
    quotes: Sequence[Quote] = (),
    figures: Sequence[Figure] = (),
) -> tuple[list[Event], dict[int, str]]:
    """Events from candidates, most important first, and the event id of each candidate.

    Within each date, candidates are clustered by content; an event's
    ``sources`` counts the independent groups among its sentences and its
    ``score`` sums, per group, the best evidence that group gives.
    """
    vectors = vectors or Vectors([c.text for c in candidates])
    by_period: dict[Period, list[int]] = defaultdict(list)
    for i, c in enumerate(candidates):
        by_period[c.period].append(i)
    spans = _SpanIndex(entities, quotes, figures)
    events: list[Event] = []
    event_of: dict[int, str] = {}
    for period in sorted(by_period, key=lambda p: p.sort_key):
        members = by_period[period]
        labels = cluster(vectors.rows(members)) if len(members) > 1 else [0]
        clusters: dict[int, list[int]] = defaultdict(list)
        for index, label in zip(members, labels, strict=True):
            clusters[label].append(index)
        for items in clusters.values():
            items.sort(key=lambda i: (candidates[i].background, -candidates[i].weight, i))
            event = _event(period, [candidates[i] for i in items], spans)
            events.append(event)
            for i in items:
                event_of[i] = event.id
    events.sort(key=lambda e: (-e.score, e.date, e.id))
    return events, event_of


def group_score(cands: Iterable[Candidate], cap: float = 3.0) -> float:
    """Sum over independent groups of the evidence each gives (at most ``cap`` per group).

    One report with ten sentences dated by its publication day does not
    outweigh ten reports saying the same thing once.
    """
    per_group: dict[str, float] = defaultdict(float)
    for c in cands:
        per_group[c.group] += c.weight
    return sum(min(cap, w) for w in per_group.values())


def _event(period: Period, members: list[Candidate], spans: _SpanIndex) -> Event:
    ident = hashlib.sha256(
        (period.timex + "|" + "|".join(f"{c.ref.article}:{c.ref.start}" if c.ref else normal_text(c.text) for c in members[:3])).encode()
    ).hexdigest()[:12]
    refs = [c.ref for c in members if c.ref is not None]
    outlets = sorted({c.outlet for c in members if c.outlet})
    return Event(
        id=f"e{ident}",
        period=period,
        sentences=tuple(EventSentence(c.source, c.text, c.how, c.mention, c.outlet, c.background, c.passed_over)
                        for c in members),
        sources=len({c.group for c in members}),
        outlets=tuple(outlets),
        entities=spans.entities(refs),
        quotes=spans.quotes(refs),
        figures=spans.figures(refs),
        background=all(c.background for c in members),
        score=round(group_score(members), 3),
    )


class SpeakerEntities:
    """The entity a quote's speaker is: one of its names, else the one person whose name is the speaker's
    surname ("Lukas Henning" when the story's entity is only "Henning"); None when no entity or several fit."""

    def __init__(self, entities: Sequence[Entity]):
        self._named = {n.casefold(): e.name for e in entities for n in (e.name, *e.aliases)}
        self._people: dict[str, set[str]] = defaultdict(set)
        for e in entities:
            if e.label == "PERSON":
                for n in (e.name, *e.aliases):
                    self._people[n.casefold()].add(e.name)

    def __call__(self, speaker: str) -> str | None:
        if speaker.casefold() in self._named:
            return self._named[speaker.casefold()]
        words = speaker.split()
        fits = self._people.get(words[-1].casefold(), set()) if len(words) >= 2 else set()
        return next(iter(fits)) if len(fits) == 1 else None


class _SpanIndex:
    """Which entities, quotes and figures fall inside given sentence spans."""

    def __init__(self, entities: Sequence[Entity], quotes: Sequence[Quote], figures: Sequence[Figure]):
        # A sentence is about the people it names and about whoever speaks in it: a quote's speaker counts
        # where the sentence says only "he said" (by the entity's own name when one of its names is the speaker's).
        entity_of = SpeakerEntities(entities)
        speakers = [(entity_of(q.speaker) or q.speaker, ref) for q in quotes if q.speaker for ref in q.sources]
        self._entities = self._index([*((e.name, ref) for e in entities for ref in e.mentions), *speakers])
        self._quotes = self._index((i, ref) for i, q in enumerate(quotes) for ref in q.sources)
        self._figures = self._index((i, ref) for i, f in enumerate(figures) for ref in f.sources)

    @staticmethod
    def _index(items: Iterable[tuple[object, SourceRef]]) -> Mapping[str, list[tuple[int, int, object]]]:
        index: dict[str, list[tuple[int, int, object]]] = defaultdict(list)
        for key, ref in items:
            index[ref.article].append((ref.start, ref.end, key))
        return index

    @staticmethod
    def _inside(index, refs: Sequence[SourceRef]) -> list:
        found: dict[object, None] = {}
        for ref in refs:
            for start, end, key in index.get(ref.article, ()):
                if start < ref.end and end > ref.start:
                    found.setdefault(key)
        return list(found)

    def entities(self, refs: Sequence[SourceRef]) -> tuple[str, ...]:
        return tuple(self._inside(self._entities, refs))

    def quotes(self, refs: Sequence[SourceRef]) -> tuple[int, ...]:
        return tuple(sorted(self._inside(self._quotes, refs)))

    def figures(self, refs: Sequence[SourceRef]) -> tuple[int, ...]:
        return tuple(sorted(self._inside(self._figures, refs)))
