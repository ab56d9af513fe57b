"""The store: one SQLite file holding every report ever added, its dates and its entities."""

from .sqlite import STORE_NAME, Store

__all__ = ["STORE_NAME", "Store"]
