"""Sentence spans of an article's text.

A light, fast splitter that never crosses a paragraph break and does not end
a sentence at an abbreviation ("Mar. 9", "Mr. Kerry"), an initial ("J. Smith")
or inside closing quotes. Spans are character offsets into the text, so every
fact found later can point back to its sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["sentence_spans", "split"]

_SENTENCE_END = re.compile(r"(?<=[.!?])([\"'”’)]*)\s+(?=[\"'“‘(]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Mr|Mrs|Ms|Dr|Prof|Gen|Sen|Rep|Gov|Lt|Col|Capt|"
    r"Sgt|St|No|Nos|vs|etc|Inc|Ltd|Co|Corp|U\.S|U\.N)|(?<![\w.])[A-Z])\.$"
)


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """Sentence spans of ``text[start:end]`` (one paragraph or less)."""
    end = len(text) if end is None else end
    pos = start
    while pos < end:
        while pos < end and text[pos].isspace():
            pos += 1
        if pos >= end:
            return
        match = _SENTENCE_END.search(text, pos, end)
        while match and _ABBREVIATION.search(text, max(pos, match.start() - 12), match.start()):
            match = _SENTENCE_END.search(text, match.end(), end)  # "Mar. 9", "Mr. Kerry", "J. Smith"
        stop = match.end(1) if match else end
        stop = pos + len(text[pos:stop].rstrip())
        yield pos, stop
        pos = match.end() if match else end


def split(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a whole article, paragraph by paragraph."""
    spans: list[tuple[int, int]] = []
    offset = 0
    for para in text.split("\n\n"):
        spans.extend(sentence_spans(text, offset, offset + len(para)))
        offset += len(para) + 2
    return spans
