"""dateline: turn a pile of news reports about one story into a dated, sourced timeline.

>>> import dateline
>>> timeline = dateline.build(["reports/"])          # doctest: +SKIP
>>> [a.published.date for a in timeline.articles]    # doctest: +SKIP
"""

import datetime as _dt

from ._version import __version__
from .annotate.timex import tag as _tag
from .config import Settings, load_settings
from .errors import ConfigError, DatelineError, InputError, StoreError
from .model import (
    Article,
    Granularity,
    IngestReport,
    Origin,
    Period,
    PublishedDate,
    Skipped,
    SourceRef,
    Timeline,
    TimelineEntry,
    TimeMention,
    TimexType,
    UndatedItem,
    UndatedReason,
)
from .pipeline import add, build, sample_paths
from .store.sqlite import Store


def tag_dates(text: str, anchor: _dt.date | None = None) -> list[TimeMention]:
    """The temporal expressions of ``text``, resolved against ``anchor`` (the day it was published; None if unknown).

    The same tagger every build runs on every report. Each :class:`TimeMention` has its span (``start``, ``end``
    and ``text``, offsets into ``text``), its TIMEX3 type ``kind`` (:class:`TimexType`: DATE, TIME, DURATION or
    SET), its TIMEX3 ``value`` ("2017-03-22", "2017-W12", "P3D", "XXXX-WXX-5", "PRESENT_REF") and how it was
    resolved (``how``, ``detail``, and the day counted from in ``anchor``). A DATE or TIME also has its
    ``period``, and ``places`` says it names a stretch of the calendar a sentence can be put on; durations,
    sets and vague references ("now", "recently") never do. Without an anchor, mentions that need one keep
    ``value`` None with the ``reason``; nothing is guessed. Mentions come in text order; the result is
    deterministic.

    >>> import datetime
    >>> [(m.text, m.kind.value, m.value) for m in tag_dates("Talks ended on Monday after three days.",
    ...                                                        datetime.date(2017, 3, 22))]
    [('Monday', 'DATE', '2017-03-20'), ('three days', 'DURATION', 'P3D')]
    """
    return _tag(text, anchor)


__all__ = [
    "Article",
    "ConfigError",
    "DatelineError",
    "Granularity",
    "IngestReport",
    "InputError",
    "Origin",
    "Period",
    "PublishedDate",
    "Settings",
    "Skipped",
    "SourceRef",
    "Store",
    "StoreError",
    "TimeMention",
    "Timeline",
    "TimelineEntry",
    "TimexType",
    "UndatedItem",
    "UndatedReason",
    "__version__",
    "add",
    "build",
    "load_settings",
    "sample_paths",
    "tag_dates",
]
