"""Sentences and words: the one splitter, abbreviation table and tokeniser every stage uses.

A leaf module (it imports nothing from dateline), so that cleaning, annotation,
copy detection, event grouping and selection agree on where a sentence ends and
what a word is.

- :data:`ABBREVIATIONS` lists the words written with a full stop that does not
  end a sentence ("Mr. Keel", "Mar. 9", "Lt. Col. Aster"), by group; single
  initials ("J. Barrow") and dotted initialisms ("U.S.", "U.N.") are rules.
- :func:`sentence_spans` splits a text into sentence spans (character offsets,
  so every fact found later can point back to its sentence). A sentence never
  crosses a paragraph break; named options make every line break
  (``lines=True``) or every semicolon (``clauses=True``) a boundary too.
- :func:`ends_sentence` says whether a piece of text ends as a sentence does.
- :func:`words` and :func:`word_spans` are the word tokeniser.

Evaluation's ROUGE tokenisation is not here: it reproduces ROUGE-1.5.5 (see
``dateline.evaluate``). Copy detection hashes words in numpy with the same
notion of a word plus combining marks (see ``dateline.story.dedupe``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

__all__ = [
    "ABBREVIATIONS",
    "CLOSERS",
    "LINE_STOPS",
    "NAME_JOINERS",
    "OPENERS",
    "STOPS",
    "ends_sentence",
    "is_abbreviation",
    "sentence_spans",
    "word_spans",
    "words",
]

# -- abbreviations ----------------------------------------------------------------------------

#: Words written with a full stop that does not end the sentence, by group (the
#: stop itself is left out). Matched case-sensitively and as whole words.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    # Titles before a name: "Mr. Keel", "Sen. Ortiz", "Rev. Hale"; and after one: "Sr.", "Jr.".
    "titles": ("Mr", "Mrs", "Ms", "Dr", "Prof", "Rev", "Sen", "Rep", "Gov", "Sr", "Jr"),
    # Military ranks: "Lt. Col. Aster", "Maj. Ruhl", "Adm. Vance".
    "military ranks": ("Gen", "Lt", "Col", "Maj", "Capt", "Sgt", "Cmdr", "Adm"),
    # Months: "Mar. 9", "Sept. 14".
    "months": ("Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec"),
    # Places: "St. Albans", "Mt. Kenya" ("St." is also "Saint").
    "places": ("St", "Mt"),
    # Company forms: "Acme Inc. said", "Barrow & Co. shares".
    "companies": ("Inc", "Ltd", "Co", "Corp"),
    # References and lists: "No. 10", "Nos. 4 and 5", "Keel vs. Barrow", "etc."
    "references": ("No", "Nos", "vs", "etc"),
    # Initialisms with stops ("U.S.", "U.N."; any "X.Y." is caught by the rule below).
    "initialisms": ("U.S", "U.N"),
}

_ABBREVIATION_WORDS = "|".join(
    re.escape(word) for word in sorted({w for group in ABBREVIATIONS.values() for w in group}, key=len, reverse=True)
)
# Text that ends in an abbreviation's stop: a listed word, a single capital initial
# ("J. Barrow") or a dotted initialism in capitals ("U.K."). Lowercase ones are not:
# "shortly after 10 a.m. The bank gave way" ends a sentence.
_ABBREVIATION_END = re.compile(rf"(?:\b(?:{_ABBREVIATION_WORDS})|\b[A-Z]|\b(?:[A-Z]\.)+[A-Z])\.$")
#: How far back from a stop an abbreviation can start (the longest listed word and its dots).
_ABBREVIATION_REACH = 12

# -- sentence boundaries ------------------------------------------------------------------------

#: Characters that end a sentence; "…" as "..." does.
STOPS = ".!?…"
#: Characters that may also end a line of prose: a colon or semicolon (a line that
#: introduces a list or a quote) and the full-width stops of Chinese and Japanese.
LINE_STOPS = STOPS + ":;。！？"
#: Closing quotes and brackets that may follow the stop: 'she said. "Always."'
CLOSERS = "\"'”’»)]"
#: Opening quotes and brackets that may precede the next sentence's first letter.
OPENERS = "\"'“‘«(["

# A boundary: a run of stops, closing quotes, then space before a capital or a digit
# (perhaps after an opening quote). A lowercase word after the stop ("10 a.m. on
# Thursday", "wait... and then") continues the sentence.
_BOUNDARY = re.compile(rf"[{STOPS}]+[{re.escape(CLOSERS)}]*(?=\s+[{re.escape(OPENERS)}]?[A-Z0-9])")
# With ``clauses=True``, a semicolon also ends the piece.
_CLAUSE_BOUNDARY = re.compile(rf"{_BOUNDARY.pattern}|;(?=\s)")
# A paragraph break: a blank line. No sentence crosses it.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
# A line break (with ``lines=True`` every line is its own passage).
_LINE_BREAK = re.compile(r"\n")


def is_abbreviation(text: str, stop: int) -> bool:
    """Whether the full stop at ``text[stop]`` belongs to an abbreviation or an initial, not a sentence end."""
    return text[stop] == "." and bool(_ABBREVIATION_END.search(text, max(0, stop - _ABBREVIATION_REACH), stop + 1))


def sentence_spans(
    text: str, start: int = 0, end: int | None = None, *, lines: bool = False, clauses: bool = False
) -> list[tuple[int, int]]:
    """Sentence spans ``(start, end)`` of ``text[start:end]``, in order, without surrounding space.

    A sentence ends at a stop (``STOPS``; with any closing quotes or brackets after
    it) followed by space and a capital or a digit, unless the stop is an
    abbreviation's or an initial's (:data:`ABBREVIATIONS`); decimals ("3.5") and
    lowercase continuations never split. A blank line always ends a sentence, so a
    headline without a stop is a sentence of its own.

    ``lines``: every line break ends a sentence too. Copy detection reads a report
    passage by passage, and a line (a list item, a dateline, a caption) is a whole
    passage even without a stop.

    ``clauses``: a semicolon ends the piece too. Quote attribution never reaches
    across one ('"We stay," she said; he left').
    """
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    breaks = _LINE_BREAK if lines else _PARAGRAPH_BREAK
    block = start
    for m in breaks.finditer(text, start, end):
        spans.extend(_block_spans(text, block, m.start(), clauses))
        block = m.end()
    spans.extend(_block_spans(text, block, end, clauses))
    return spans


def _block_spans(text: str, start: int, end: int, clauses: bool) -> Iterator[tuple[int, int]]:
    """Sentence spans of one paragraph (or line)."""
    boundary = _CLAUSE_BOUNDARY if clauses else _BOUNDARY
    pos = start
    for m in boundary.finditer(text, start, end):
        if is_abbreviation(text, m.start()):
            continue  # "Mar. 9", "Mr. Kerry", "J. Smith", "U.S. officials"
        yield from _trimmed(text, pos, m.end())
        pos = m.end()
    yield from _trimmed(text, pos, end)


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` without leading and trailing space; nothing when only space is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield start, end


# -- sentence ends ----------------------------------------------------------------------------------

@functools.cache
def _end_pattern(stops: str) -> re.Pattern[str]:
    # A stop, then closing quotes or brackets (perhaps after a space: 'he said. "'), then only space.
    return re.compile(rf"[{re.escape(stops)}]\s*[{re.escape(CLOSERS)}]*\s*$")


def ends_sentence(text: str, *, stops: str = STOPS) -> bool:
    """Whether ``text`` ends as a sentence does: a stop, perhaps closing quotes, then nothing.

    Headlines and captions usually do not. Pass ``stops=LINE_STOPS`` to judge a
    line of a page, where a colon, a semicolon or a CJK full stop ends prose too.
    """
    return bool(_end_pattern(stops).search(text))


# -- words ------------------------------------------------------------------------------------------

#: Characters that join the parts of a name into one word: "O'Neill", "N’Diaye", "Jean-Paul".
NAME_JOINERS = "'’-"


@functools.cache
def _word_pattern(letters: bool, inner: str) -> re.Pattern[str]:
    base = r"^\W\d_" if letters else r"\w"
    if letters:
        return re.compile(rf"[{base}]+") if not inner else re.compile(rf"(?:[{base}]|[{re.escape(inner)}])+")
    return re.compile(rf"[{base}{re.escape(inner)}]+")


def word_spans(text: str, *, letters: bool = False, inner: str = "") -> list[tuple[int, int]]:
    """Where the words of ``text`` are: runs of letters, digits and ``_`` (Unicode-aware).

    ``letters``: letters only; digits and ``_`` separate words (a key that ignores
    figures and a count of words proper). ``inner``: characters that do not
    separate words, such as ``"'’-"`` for "O'Neill" and "Jean-Paul".
    """
    return [m.span() for m in _word_pattern(letters, inner).finditer(text)]


def words(text: str, *, letters: bool = False, inner: str = "") -> list[str]:
    """The words of ``text``, in order (see :func:`word_spans` for the options)."""
    return _word_pattern(letters, inner).findall(text)
