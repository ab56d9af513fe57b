"""What every renderer needs: labels for dates and dating, safe links, sources, figure series.

Renderers read only the model; nothing here imports a pipeline stage.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from html import escape as html_escape
from urllib.parse import urlsplit

from ..model import Article, Figure, Granularity, Quote, SourceRef, Timeline, TimelineEntry

#: How a sentence was placed on its date (EventDateHow values), in words.
DATED = {
    "mentioned": "names the date",
    "report-focus": "the day its report is about stands in",
    "published": "publication date stands in",
    "given": "came dated",
}

_SEASONS = {"SP": ("spring", 3, 5), "SU": ("summer", 6, 8), "FA": ("autumn", 9, 11), "WI": ("winter", 12, 2)}
_TIMEX = re.compile(
    r"^(?:(?P<day>\d{4}-\d{2}-\d{2})|(?P<week>\d{4})-W(?P<w>\d{2})|(?P<month>\d{4}-\d{2})"
    r"|(?P<quarter>\d{4})-Q(?P<q>[1-4])|(?P<season>\d{4})-(?P<s>SP|SU|FA|WI)|(?P<year>\d{4})|(?P<decade>\d{3}))$"
)


def dated_label(how: str | None) -> str:
    """How a sentence was dated, in words ("names the date", "publication date stands in")."""
    if not how:
        return "how it was dated is not recorded"
    return DATED.get(how, how)


def safe_url(url: str | None) -> str | None:
    """``url`` if it is a plain http(s) address fit to become a link, else None.

    Anything else (``javascript:``, ``data:``, relative paths, addresses with
    spaces or control characters) stays text: article metadata is untrusted.
    """
    if not url or not isinstance(url, str):
        return None
    url = url.strip()
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def timex_range(value: str | None) -> tuple[dt.date, dt.date] | None:
    """First and last day of a TIMEX value (``2017-03-22``, ``2017-W12``, ``2017-03``, ``2017-Q1``,
    ``2017-SU``, ``2017``, ``201``), or None when it is not one."""
    if not value:
        return None
    m = _TIMEX.match(value)
    if not m:
        return None
    try:
        if m["day"]:
            day = dt.date.fromisoformat(m["day"])
            return day, day
        if m["week"]:
            first = dt.date.fromisocalendar(int(m["week"]), int(m["w"]), 1)
            return first, first + dt.timedelta(days=6)
        if m["month"]:
            year, month = (int(p) for p in m["month"].split("-"))
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        if m["quarter"]:
            year, q = int(m["quarter"]), int(m["q"])
            last = q * 3
            return dt.date(year, last - 2, 1), dt.date(year, last, calendar.monthrange(year, last)[1])
        if m["season"]:
            year = int(m["season"])
            _, first, last = _SEASONS[m["s"]]
            end_year = year + 1 if last < first else year
            return dt.date(year, first, 1), dt.date(end_year, last, calendar.monthrange(end_year, last)[1])
        if m["year"]:
            year = int(m["year"])
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        decade = int(m["decade"]) * 10
        return dt.date(max(decade, 1), 1, 1), dt.date(decade + 9, 12, 31)
    except ValueError:  # 2017-02-30, week 54, year 0
        return None


def date_label(value: str | None) -> str:
    """A TIMEX value for people: ``2023-03-03 (Friday)``, ``March 2023``, ``week 12 of 2017``, ``the 2010s``."""
    span = timex_range(value)
    if not span or not value:
        return value or "date unknown"
    m = _TIMEX.match(value)
    assert m is not None
    if m["day"]:
        return f"{value} ({calendar.day_name[span[0].weekday()]})"
    if m["week"]:
        return f"week {int(m['w'])} of {m['week']}"
    if m["month"]:
        return f"{calendar.month_name[span[0].month]} {span[0].year}"
    if m["quarter"]:
        return f"Q{m['q']} {m['quarter']}"
    if m["season"]:
        return f"{_SEASONS[m['s']][0]} {m['season']}"
    if m["year"]:
        return value
    return f"the {value}0s"


def entry_value(entry: TimelineEntry) -> str:
    """The entry's TIMEX value; derived from its date and granularity when the entry has none."""
    if entry.value:
        return entry.value
    d = entry.date
    if entry.granularity is Granularity.MONTH:
        return f"{d.year:04d}-{d.month:02d}"
    if entry.granularity is Granularity.YEAR:
        return f"{d.year:04d}"
    if entry.granularity is Granularity.WEEK:
        year, week, _ = d.isocalendar()
        return f"{year:04d}-W{week:02d}"
    if entry.granularity is Granularity.QUARTER:
        return f"{d.year:04d}-Q{(d.month - 1) // 3 + 1}"
    if entry.granularity is Granularity.DECADE:
        return f"{d.year // 10:03d}"
    return d.isoformat()


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
    disputed: frozenset[tuple[str | None, float]]  # (date, value) pairs in a disagreement

    def is_disputed(self, figure: Figure) -> bool:
        return (figure.date, figure.value) in self.disputed

    @property
    def disputed_dates(self) -> list[str | None]:
        return sorted({d for d, _ in self.disputed}, key=lambda d: (d is None, d or ""))


def figure_series(timeline: Timeline) -> list[Series]:
    """Figures grouped by measure and unit, each in date order (undated last); longest series first."""
    groups: dict[tuple[str, str | None], list[Figure]] = defaultdict(list)
    for f in timeline.figures:
        groups[(f.measure, f.unit)].append(f)
    disputed: dict[str, set[tuple[str | None, float]]] = defaultdict(set)
    for d in timeline.disagreements:
        for v in d.values:
            disputed[d.subject].add((d.date, v.value))
    out = []
    for (measure, unit), figures in groups.items():
        figures.sort(key=lambda f: (timex_range(f.date) is None, _sort_day(f.date), f.value))
        out.append(Series(measure, unit, tuple(figures), frozenset(disputed.get(measure, ()))))
    out.sort(key=lambda s: (-len(s.figures), s.measure.casefold()))
    return out


def _sort_day(value: str | None) -> dt.date:
    span = timex_range(value)
    return span[0] if span else dt.date.max


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

    def in_span(self, ref: SourceRef) -> set[int]:
        """Entities with a mention inside ``ref``."""
        return {i for s, e, i in self._by_article.get(ref.article, ()) if ref.start <= s and e <= ref.end}

    def named(self, name: str | None) -> int | None:
        """The entity called ``name`` (its name or an alias, case ignored), if any."""
        return self._by_name.get(name.casefold()) if name else None


def escape_html(text: object) -> str:
    """Escape for HTML text and attribute values alike; line and paragraph separators become references too."""
    return html_escape(str(text), quote=True).replace("\u2028", "&#x2028;").replace("\u2029", "&#x2029;")
