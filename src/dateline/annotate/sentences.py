"""Sentence spans of an article's text: the annotation stage over :mod:`dateline.text`.

Spans are character offsets into the text, so every fact found later can point
back to its sentence. Where a sentence ends (abbreviations, initials, quotes
closing after the stop, paragraph breaks) is decided in :mod:`dateline.text`.
"""

from __future__ import annotations

from ..text import sentence_spans

__all__ = ["split"]


def split(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a whole article, paragraph by paragraph."""
    return sentence_spans(text)
