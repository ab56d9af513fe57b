"""Errors the library raises for bad input or configuration.

The CLI prints them as ``Error: <message>`` without a traceback; every message
names what went wrong and how to fix it.
"""


class DatelineError(Exception):
    """Base class for every error dateline raises on purpose."""


class InputError(DatelineError):
    """The paths given do not lead to anything dateline can read."""


class ConfigError(DatelineError):
    """A settings file or option is invalid."""


class StoreError(DatelineError):
    """The store cannot be opened, is too new, or is not a dateline store."""


class OutputError(DatelineError):
    """An output file (timeline.json, the CSV tables...) cannot be written: a full disk, a read-only folder."""
