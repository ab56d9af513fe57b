"""dateline: turn a pile of news reports about one story into a dated, sourced timeline.

>>> import dateline
>>> timeline = dateline.build(["reports/"])          # doctest: +SKIP
>>> [a.published.date for a in timeline.articles]    # doctest: +SKIP
"""

from importlib import metadata as _metadata

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
)
from .pipeline import add, build, sample_paths
from .store.sqlite import Store

try:
    __version__ = _metadata.version("dateline")
except _metadata.PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.0.0"

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
    "Timeline",
    "TimelineEntry",
    "__version__",
    "add",
    "build",
    "load_settings",
    "sample_paths",
]
