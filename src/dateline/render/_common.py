"""What every renderer needs: labels for dates and dating, safe links, sources, figure series.

Renderers read only the model; nothing here imports a pipeline stage.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass
from html import escape as html_escape
from urllib.parse import urlsplit

from ..model import (
    Article,
    EventDateHow,
    Figure,
    Granularity,
    Period,
    Quote,
    SourceRef,
    Timeline,
    UndatedItem,
    UndatedReason,
)

#: How a sentence was placed on its date, in words.
DATED = {
    EventDateHow.MENTIONED: "names the date",
    EventDateHow.REPORT_FOCUS: "the day its report is about stands in",
    EventDateHow.PUBLISHED: "publication date stands in",
    EventDateHow.GIVEN: "came dated",
}
#: Why a sentence of an undated report has no date, in words.
UNDATED_REASONS = {
    UndatedReason.NAMES_NO_DATE: "names no date",
    UndatedReason.RELATIVE_TO_UNKNOWN: "its dates count from an unknown publication date",
    UndatedReason.DEPENDS_ON_DAY: "its dates depend on the exact publication day",
}
#: What the undated section is, for its readers (every renderer says it the same way).
UNDATED_INTRO = ("Reports without a known publication date: the key sentences of each that no date in its text "
                 "places, most important first, with why and what bounds when the report was published.")
#: ASCII control characters (C0 and DEL): never part of an address fit to link.
_CONTROL_CODES = frozenset([*range(32), 127])
#: Seasons for people, by their first month (see model.SEASON_START).
_SEASON_NAMES = {3: "spring", 6: "summer", 9: "autumn", 12: "winter"}


def dated_label(how: EventDateHow | None) -> str:
    """How a sentence was dated, in words ("names the date", "publication date stands in")."""
    if how is None:
        return "how it was dated is not recorded"
    return DATED[how]


def undated_label(reason: UndatedReason) -> str:
    """Why an undated sentence has no date, in words ("names no date")."""
    return UNDATED_REASONS[reason]


def bound_label(item: UndatedItem) -> str:
    """When an undated sentence's report was published, as far as anything supports it: "published between
    2017-03-22 and 2017-03-28", "published on or after 2016-01-01", "publication date unknown"."""
    if item.earliest and item.latest:
        return f"published between {item.earliest.isoformat()} and {item.latest.isoformat()}"
    if item.earliest:
        return f"published on or after {item.earliest.isoformat()}"
    if item.latest:
        return f"published on or before {item.latest.isoformat()}"
    return "publication date unknown"


def undated_by_report(timeline: Timeline) -> list[tuple[str, list[UndatedItem]]]:
    """The undated section by report: (article id, its items, most important first), reports in order."""
    groups: dict[str, list[UndatedItem]] = defaultdict(list)
    for item in timeline.undated:
        groups[item.ref.article].append(item)
    return list(groups.items())


def safe_url(url: str | None) -> str | None:
    """``url`` if it is a plain http(s) address fit to become a link, else None.

    Anything else (``javascript:``, ``data:``, relative paths, addresses with
    spaces or control characters) stays text: article metadata is untrusted.
    """
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    if any(ch.isspace() or ord(ch) in _CONTROL_CODES for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def date_label(period: Period | None) -> str:
    """A period for people: ``2023-03-03 (Friday)``, ``March 2023``, ``week 12 of 2017``, ``the 2010s``."""
    if period is None:
        return "date unknown"
    first, g = period.first, period.granularity
    if g is Granularity.DAY:
        return f"{period.timex} ({calendar.day_name[first.weekday()]})"
    if g is Granularity.WEEK:
        year, week, _ = first.isocalendar()
        return f"week {week} of {year:04d}"
    if g is Granularity.MONTH:
        return f"{calendar.month_name[first.month]} {first.year}"
    if g is Granularity.QUARTER:
        return f"Q{(first.month - 1) // 3 + 1} {first.year:04d}"
    if g is Granularity.SEASON:
        return f"{_SEASON_NAMES[first.month]} {first.year:04d}"
    if g is Granularity.YEAR:
        return period.timex
    return f"the {period.timex}0s"


def date_text(period: Period | None) -> str:
    """A period as its TIMEX3 value, or "date unknown"."""
    return period.timex if period else "date unknown"


def format_number(value: float) -> str:
    """A figure's value as people write it: ``1,200``, ``2.5``, ``38 million``, ``1.9 billion``."""
    if not math.isfinite(value):
        return str(value)
    size = abs(value)
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if size >= scale:
            return f"{value / scale:,.6g} {word}"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.6g}"


def figure_text(value: float, unit: str | None, qualifier: str | None = None) -> str:
    """``about 46 km2``, ``$38 million``, ``46%``, ``at least 41 people``."""
    number = format_number(value)
    if unit == "USD":
        text = f"${number}"
    elif unit in ("percent", "%"):
        text = f"{number}%"
    elif unit:
        text = f"{number} {unit}"
    else:
        text = number
    return f"{qualifier} {text}" if qualifier else text


class Sources:
    """Articles by id, with what a citation shows; unknown ids give placeholders, never errors."""

    def __init__(self, timeline: Timeline):
        self.articles: dict[str, Article] = {a.id: a for a in timeline.articles}

    def get(self, article_id: str) -> Article | None:
        return self.articles.get(article_id)

    def outlet(self, article_id: str) -> str:
        a = self.articles.get(article_id)
        return (a.outlet.name if a else None) or "unknown outlet"

    def title(self, article_id: str) -> str:
        a = self.articles.get(article_id)
        return (a.title if a else None) or "(no title)"

    def url(self, article_id: str) -> str | None:
        """The article's address if it is a safe http(s) link."""
        a = self.articles.get(article_id)
        if not a:
            return None
        return safe_url(a.url) or safe_url(a.origin.url)

    def raw_url(self, article_id: str) -> str | None:
        """The article's address as recorded (may be unsafe: for data files, never for links)."""
        a = self.articles.get(article_id)
        return (a.url or a.origin.url) if a else None

    def origin(self, article_id: str) -> str:
        a = self.articles.get(article_id)
        return a.origin.label() if a else ""

    def published(self, article_id: str) -> dt.date | None:
        a = self.articles.get(article_id)
        return a.published.date if a else None

    def span_text(self, ref: SourceRef) -> str | None:
        """The text a reference points to, or None when the reference does not fit its article."""
        a = self.articles.get(ref.article)
        if not a or not 0 <= ref.start < ref.end <= len(a.text):
            return None
        return a.text[ref.start : ref.end]


@dataclass(frozen=True)
class Series:
    """The values of one measure (in one unit) over time, and which of them sources dispute."""

    measure: str
    unit: str | None
    figures: tuple[Figure, ...]
    disputed: frozenset[tuple[Period | None, float]]  # (date, value) pairs in a disagreement

    def is_disputed(self, figure: Figure) -> bool:
        return (figure.date, figure.value) in self.disputed

    @property
    def disputed_dates(self) -> list[Period | None]:
        """Chronological (a longer period first at the same first day), undated last."""
        return sorted({d for d, _ in self.disputed}, key=lambda d: (d is None, d.sort_key if d else (dt.date.max, 0)))


def figure_series(timeline: Timeline) -> list[Series]:
    """Figures grouped by measure and unit, each in date order (undated last); longest series first."""
    groups: dict[tuple[str, str | None], list[Figure]] = defaultdict(list)
    for f in timeline.figures:
        groups[(f.measure, f.unit)].append(f)
    disputed: dict[str, set[tuple[Period | None, float]]] = defaultdict(set)
    for d in timeline.disagreements:
        for v in d.values:
            disputed[d.subject].add((d.date, v.value))
    out = []
    for (measure, unit), figures in groups.items():
        figures.sort(key=lambda f: (f.date is None, f.date.first if f.date else dt.date.max, f.value))
        out.append(Series(measure, unit, tuple(figures), frozenset(disputed.get(measure, ()))))
    out.sort(key=lambda s: (-len(s.figures), s.measure.casefold()))
    return out


def quotes_by_speaker(quotes: tuple[Quote, ...]) -> list[tuple[str | None, str | None, list[tuple[int, Quote]]]]:
    """(speaker, role, [(index in Timeline.quotes, quote)]): most quoted first, unattributed quotes last."""
    groups: dict[str | None, list[tuple[int, Quote]]] = defaultdict(list)
    for i, q in enumerate(quotes):
        groups[q.speaker or None].append((i, q))
    order = sorted(groups, key=lambda s: (s is None, -len(groups[s]), (s or "").casefold()))
    out = []
    for speaker in order:
        role = next((q.role for _, q in groups[speaker] if q.role), None) if speaker else None
        out.append((speaker, role, groups[speaker]))
    return out


class EntityIndex:
    """Which of the story's entities a span of text mentions (by the entities' own mention spans)."""

    def __init__(self, timeline: Timeline):
        self.names = [e.name for e in timeline.entities]
        self._by_article: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        self._by_name: dict[str, int] = {}
        for i, e in enumerate(timeline.entities):
            for ref in e.mentions:
                self._by_article[ref.article].append((ref.start, ref.end, i))
            for name in (e.name, *e.aliases):
                self._by_name.setdefault(name.casefold(), i)
        for mentions in self._by_article.values():
            mentions.sort()
        people: dict[str, set[int]] = defaultdict(set)
        for i, e in enumerate(timeline.entities):
            if e.label == "PERSON":
                for name in (e.name, *e.aliases):
                    people[name.casefold()].add(i)
        self._person_by_name = {n: next(iter(ids)) for n, ids in people.items() if len(ids) == 1}

    def in_span(self, ref: SourceRef) -> set[int]:
        """Entities with a mention inside ``ref``."""
        return {i for s, e, i in self._by_article.get(ref.article, ()) if ref.start <= s and e <= ref.end}

    def named(self, name: str | None) -> int | None:
        """The entity called ``name`` (its name or an alias, case ignored), if any."""
        return self._by_name.get(name.casefold()) if name else None

    def speaker(self, name: str | None) -> int | None:
        """The entity a quote's speaker is: by name or alias, else the one person named by the speaker's
        surname ("Lukas Henning" when the story's entity is only "Henning")."""
        found = self.named(name)
        if found is not None or not name or len(name.split()) < 2:
            return found
        return self._person_by_name.get(name.split()[-1].casefold())


def escape_html(text: object) -> str:
    """Escape for HTML text and attribute values alike; line and paragraph separators become references too."""
    return html_escape(str(text), quote=True).replace("\u2028", "&#x2028;").replace("\u2029", "&#x2029;")
