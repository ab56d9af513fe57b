"""Which dates matter: cheap signals per date, weighed by weights learned on Timeline17 and shipped as data.

Every signal is a count over the candidates (sentences placed on dates, see
:class:`events.Candidate`); nothing here reads text again. Counts are of
independent reports (*groups*: a report and its near-copies are one), taken
as ``log(1 + n)`` so that twice the coverage is one step more, not twice the
score, and so that a bigger pile shifts every date alike.

``reports``
    groups placing a sentence on the date (what the date is "carried" by).
``sentences``
    distinct sentences placed on it (DATEWISE's count: how busy the day is).
``written``
    groups naming the date with its own digits ("22 March", "2010-04-20").
``relative``
    groups naming it only relatively ("on Tuesday", "yesterday").
``unnamed``
    groups placing sentences there only by their publication date or the day
    the report is about (sentences with no date of their own).
``published_on`` / ``published_next``
    groups published on the date and on the day after (the news of that day).
``referred_later``
    groups published at least REFERRED_AFTER days later that name the date:
    people referring back to a day is the strongest sign it mattered.
``days_later``
    how long after, on average, the date is still named (log of days).
``before`` / ``after``
    groups published before the date that name it (it was anticipated:
    a vote, a deadline) and after it.
``salient``
    share of the date's groups whose sentences there name one of the pile's
    most-reported names (its people, organisations and places): the date is
    about the story, not a side-show (SUnSET's entity salience, as a count).
``burst``
    the date's groups against the mean of its BURST_DAYS neighbours on each
    side (a spike in coverage, not a busy week).

A date's score is the logistic model over the standardised signals
(``date_weights.json``, written by ``bench/date_ranker.py``): the estimated
chance that an editor's timeline of the pile keeps the date.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from ..model import Article, Granularity, Period, SourceRef
from .events import Candidate, normal_text

#: The signals, in the order the weights file lists them (see the module docstring).
FEATURES = (
    "reports", "sentences", "written", "relative", "unnamed", "published_on", "published_next",
    "referred_later", "days_later", "before", "after", "salient", "burst",
)
#: Bumped when a signal's definition changes (cached feature tables of another version are rebuilt).
FEATURES_VERSION = 1
#: A report published this many days after a date or later is referring back to it, not reporting it.
REFERRED_AFTER = 2
#: Days on each side a date's coverage is compared with (its burst).
BURST_DAYS = 3
#: The pile's salient names: the most-reported this many (by groups naming them).
SALIENT_NAMES = 10
#: The weights file shipped with the package.
WEIGHTS_FILE = "date_weights.json"


@dataclass(frozen=True)
class Weights:
    """A logistic model over standardised signals: ``sigmoid(intercept + sum(w * (x - mean) / scale))``.

    ``centred``: the model was fit on each pile's day dates centred on their mean (what sets a date apart in
    its pile), so :meth:`scores` centres a pile's signals the same way before weighing them.
    """

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weight: tuple[float, ...]
    intercept: float
    centred: bool = False

    def logit(self, values: Mapping[str, float]) -> float:
        total = self.intercept
        for name, mean, scale, weight in zip(self.features, self.mean, self.scale, self.weight, strict=True):
            total += weight * (values.get(name, 0.0) - mean) / scale
        return total

    def scores(self, features: Mapping[Period, Mapping[str, float]]) -> dict[Period, tuple[float, float]]:
        """Each date's logit and score (the estimated chance an editor's timeline keeps it, 0 to 1), the pile
        centred on its day dates when ``centred``."""
        shift = dict.fromkeys(self.features, 0.0)
        days = [v for p, v in features.items() if p.granularity is Granularity.DAY]
        if self.centred and days:
            shift = {n: sum(v.get(n, 0.0) for v in days) / len(days) - m for n, m in zip(self.features, self.mean, strict=True)}
        out = {}
        for period, values in features.items():
            z = self.logit({n: values.get(n, 0.0) - shift[n] for n in self.features})
            out[period] = (z, 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0)
        return out

    def as_json(self) -> dict:
        return {"intercept": self.intercept, "centred": self.centred, "features": {
            n: {"mean": m, "scale": s, "weight": w}
            for n, m, s, w in zip(self.features, self.mean, self.scale, self.weight, strict=True)}}

    @classmethod
    def from_json(cls, data: Mapping) -> Weights:
        items = data["features"]
        names = tuple(items)
        unknown = [n for n in names if n not in FEATURES]
        if unknown:
            raise ValueError(f"date weights name signals dateline does not compute: {', '.join(unknown)}")
        return cls(names, tuple(float(items[n]["mean"]) for n in names), tuple(float(items[n]["scale"]) or 1.0 for n in names),
                   tuple(float(items[n]["weight"]) for n in names), float(data["intercept"]),
                   bool(data.get("centred", False)))


@cache
def shipped_weights() -> Weights:
    """The weights shipped in the package (``story/date_weights.json``)."""
    text = resources.files(__package__).joinpath(WEIGHTS_FILE).read_text(encoding="utf-8")
    return Weights.from_json(json.loads(text))


def salient_sentences(articles: Sequence[Article], candidates: Sequence[Candidate],
                      top: int = SALIENT_NAMES) -> frozenset[SourceRef]:
    """The candidates' sentences that name one of the pile's ``top`` most-reported names (by groups naming them).

    Names are those NER found in each report (``Article.ner``); reports not yet looked at count as naming none.
    """
    group = {c.ref.article: c.group for c in candidates if c.ref is not None}
    spans: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    naming: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        if article.ner is None or article.id not in group:
            continue
        for m in article.ner.mentions:
            name = m.name.casefold()
            spans[article.id].append((m.start, m.end, name))
            naming[name].add(group[article.id])
    names = set(sorted(naming, key=lambda n: (-len(naming[n]), n))[:top])
    out = set()
    for c in candidates:
        if c.ref is None:
            continue
        if any(a < c.ref.end and b > c.ref.start and n in names for a, b, n in spans.get(c.ref.article, ())):
            out.add(c.ref)
    return frozenset(out)


def date_features(candidates: Sequence[Candidate], salient: frozenset[SourceRef] = frozenset()) -> dict[Period, dict[str, float]]:
    """Every date's signals (see the module docstring), by the period the candidates are placed on."""
    by_period: dict[Period, list[Candidate]] = defaultdict(list)
    published: dict[dt.date, set[str]] = defaultdict(set)
    for c in candidates:
        by_period[c.period].append(c)
        if c.published is not None:
            published[c.published].add(c.group)
    groups = {p: len({c.group for c in cs}) for p, cs in by_period.items()}
    days = {p.first: n for p, n in groups.items() if p.granularity is Granularity.DAY}
    out = {}
    for period, cs in by_period.items():
        named: dict[str, bool] = {}  # group -> whether it writes the date out
        unnamed: set[str] = set()
        referred: set[str] = set()
        before: set[str] = set()
        after: set[str] = set()
        lags: dict[str, int] = {}  # group -> days after the date it names it (the latest of its sentences)
        for c in cs:
            if c.mention is None:
                unnamed.add(c.group)
                continue
            named[c.group] = named.get(c.group, False) or c.absolute
            if c.published is None:
                continue
            lag = (c.published - period.last).days
            if c.published < period.first:
                before.add(c.group)
            elif lag > 0:
                after.add(c.group)
                lags[c.group] = max(lags.get(c.group, 0), lag)
                if lag >= REFERRED_AFTER:
                    referred.add(c.group)
        day = period.first if period.granularity is Granularity.DAY else None
        near = ([days.get(day + dt.timedelta(days=k), 0) for k in range(-BURST_DAYS, BURST_DAYS + 1) if k]
                if day is not None else [])
        with_names = {c.group for c in cs if c.ref is not None and c.ref in salient}
        out[period] = {
            "reports": _log(groups[period]),
            "sentences": _log(len({normal_text(c.text) for c in cs})),
            "written": _log(sum(named.values())),
            "relative": _log(sum(not w for w in named.values())),
            "unnamed": _log(len(unnamed - set(named))),
            "published_on": _log(len(published.get(day, ()))) if day else 0.0,
            "published_next": _log(len(published.get(day + dt.timedelta(days=1), ()))) if day else 0.0,
            "referred_later": _log(len(referred)),
            "days_later": _log(sum(lags.values()) / len(lags)) if lags else 0.0,
            "before": _log(len(before)),
            "after": _log(len(after)),
            "salient": len(with_names) / groups[period],
            "burst": (math.log((1 + groups[period]) / (1 + sum(near) / len(near))) if near else 0.0),
        }
    return out


def _log(n: float) -> float:
    return math.log1p(n)
