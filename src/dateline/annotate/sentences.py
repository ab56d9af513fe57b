"""Sentence spans of an article's text: the annotation stage over :mod:`dateline.text`.

Spans are character offsets into the text, so every fact found later can point
back to its sentence. Where a sentence ends (abbreviations, initials, quotes
closing after the stop, paragraph breaks) is decided in :mod:`dateline.text`.

Here a quotation that runs over several sentences of one paragraph stays whole:
'"We had the reports. We should have acted on them," he said.' is one sentence,
so a sentence shown on the timeline never starts inside a quote, without its
opening mark (see :data:`MAX_QUOTE_PIECES`).
"""

from __future__ import annotations

import re

from ..text import sentence_spans

__all__ = ["MAX_QUOTE_PIECES", "VERSION", "split", "unbalanced_quote"]

#: Bumped when the spans change, so sentences dated by an earlier build are split again.
VERSION = "2"

#: A quotation open at the end of a sentence is joined to the following sentences
#: of its paragraph until it closes, up to this many sentences in all. News quotes
#: run to two or three sentences before "she said"; a longer run (or a mark that
#: never closes) is left split rather than turn a paragraph into one sentence.
MAX_QUOTE_PIECES = 4

# Double quotation marks only: single ones double as apostrophes ("Corvane's", "’90s").
_OPEN = "“«„"
_CLOSE = "”»"
_STRAIGHT = '"'
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def split(text: str) -> list[tuple[int, int]]:
    """Sentence spans of a whole article, paragraph by paragraph; a quotation's sentences stay together."""
    spans = sentence_spans(text)
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        start, end = spans[i]
        j = i
        if _opens_quote(text[start:end]):
            k = i
            while (k + 1 < len(spans) and k - i + 1 < MAX_QUOTE_PIECES
                   and not _PARAGRAPH_BREAK.search(text, spans[k][1], spans[k + 1][0])):
                k += 1
                if not _opens_quote(text[start:spans[k][1]]):
                    j = k
                    break
        out.append((start, spans[j][1]))
        i = j + 1
    return out


def _opens_quote(piece: str) -> bool:
    """Whether a double quotation mark is still open at the end of ``piece``."""
    depth = 0
    straight = False
    for ch in piece:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch == _STRAIGHT:
            straight = not straight
    return depth > 0 or straight


def unbalanced_quote(sentence: str) -> bool:
    """Whether a sentence holds a piece of a quotation without its other mark (an opening or a closing one missing)."""
    depth = 0
    for ch in sentence:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            if depth == 0:
                return True
            depth -= 1
    return depth > 0 or sentence.count(_STRAIGHT) % 2 == 1
