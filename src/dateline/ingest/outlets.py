"""Who published a report when its metadata does not say: the outlet its own text and address name.

A report copied out of a web page often names its outlet only in passing: an
agency credit ("WASHINGTON (Reuters) -", "... smuggling networks. - Reuters",
"tj/se (AFP, dpa)"), a "Sources:" line, a desk or byline line under the
headline ("Newsroom24 Desk", "By Jane Roe, Harbour Times"), the site's own
navigation ("More stories from DW") or its address. Each rule gives a candidate
with its evidence (the line or address) and how sure it is; the surest wins,
the earliest in the text among equals. Lines the cleaner dropped as page
furniture (a desk line, a site menu) still count as evidence: they are
:class:`~dateline.model.DroppedLine` records of the article.

Nothing here is guessed: a report whose text and address name no outlet keeps
``name=None`` with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

from ..model import DroppedLine, Outlet, OutletHow
from .outlet_names import KNOWN_OUTLETS

#: How sure each kind of evidence is. Metadata and a header line state the outlet; a credit, desk or
#: byline line names who wrote the report; the site's own navigation names where it was printed (a
#: reprint of a wire story may carry the printer's menus); a credit naming several outlets says the
#: report was compiled from them, not which one printed it; a host names the site, which a known host
#: maps to the outlet's name, while an unknown one is only the host itself.
CONFIDENCE = {
    "metadata": 0.95,
    "header": 0.9,
    "credit": 0.8,
    "desk": 0.8,
    "byline": 0.8,
    "masthead": 0.7,
    "several-credited": 0.6,
    "known-host": 0.6,
    "host": 0.5,
}
#: Why a report keeps no outlet: every rule was tried.
NO_OUTLET_REASON = ("no metadata, credit line (\"(Reuters) -\", \"- AFP\", \"Sources:\"), desk or byline line, "
                    "masthead or address names the outlet")
#: A desk or byline line stands near the top: among the first lines of the text this many.
HEAD_LINES = 12
#: An outlet's name is at most this many characters (longer: a sentence, not a name).
NAME_CHARS = 40
#: A credit, desk, byline or navigation line is at most this long.
LINE_CHARS = 120
#: Host prefixes that name a server, not the outlet: www.outlet.example and m.outlet.example are one outlet.
HOST_PREFIX = re.compile(r"^(www\d?|m|amp)\.")

_BY_SPELLING = {s: o.name for o in KNOWN_OUTLETS for s in o.spellings}
_BY_HOST = {h: o.name for o in KNOWN_OUTLETS for h in o.hosts}
_DASH = r"[-–—]"
# "WASHINGTON (Reuters) -", "LONDON, Jan 5 (AFP) —": a credit in brackets before the dash that opens the story.
_OPENING_CREDIT = re.compile(rf"^[^\n()]{{0,80}}?\((?P<names>[^()\n]{{2,60}})\)\s*{_DASH}")
# "... smuggling networks. - Reuters", "tj/se (AFP, dpa)", "Reuters": a credit closing a paragraph.
_CLOSING_CREDITS = (
    re.compile(rf"{_DASH}\s*(?P<names>[^\n\-–—]{{2,60}}?)\s*$"),
    re.compile(r"^(?:[\w/]{1,12}\s+)?\((?P<names>[^()\n]{2,60})\)\s*$"),
    re.compile(r"^(?P<names>[^\n]{2,40}?)\s*$"),  # a line that is only a name: in the text, not in a dropped menu
)
# "Sources: X and Y", "With reporting from X", "Compiled from X".
_SOURCES = re.compile(r"^(?:Sources?|With (?:additional )?(?:reporting|input) (?:from|by)|Compiled from)\s*:?\s+(?P<names>[^\n]{2,100}?)\.?$")
_SPLIT_NAMES = re.compile(r"\s*(?:,|/|;|\band\b)\s*")
# A name as a masthead prints it: title-case words ("Sorrel Valley Gazette", "Newsroom24", "Brightwater 24").
_NAME = re.compile(r"^(?:The\s+)?[A-Z0-9][\w&'’.-]*(?:\s+(?:of|the|and|&|[A-Z0-9][\w&'’.-]*)){0,4}$")
_DESK = re.compile(r"^(?P<name>[A-Z0-9][\w&.'’-]*(?:\s+[A-Z0-9][\w&.'’-]*){0,3})\s+(?:News\s+)?Desk$")
#: A desk named only by these words is a section of an outlet that goes unnamed ("News Desk", "Foreign Desk").
DESK_WORDS = frozenset({
    "News", "Web", "Online", "Digital", "Foreign", "Metro", "City", "National", "International", "World", "Sports",
    "Business", "Editorial", "Politics", "Features", "Night", "Picture", "Photo", "Staff", "Our", "The", "Breaking",
})
_BYLINE = re.compile(r"^By\s+(?P<who>[^,|()\n]{2,60}?)\s*(?:,|\||\(|\s[-–—]\s|\sfor\s)\s*(?P<outlet>[^,|()\n]{2,40}?)\)?\s*$")
_BYLINE_AGENCY = re.compile(r"^By\s+(?P<outlet>[^,|()\n]{2,40}?)\s*$")
#: Words that make a byline's second part a role or a date, not an outlet ("By Jane Roe, Staff Reporter").
BYLINE_NOT_OUTLET = re.compile(
    r"\b(?:reporter|writer|correspondent|editor|staff|contributor|columnist|bureau|chief|senior|special|"
    r"january|february|march|april|may|june|july|august|september|october|november|december|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|updated|published|minutes?|hours?|ago)\b",
    re.I,
)
# The site naming itself in its own menus: "Skip to more DW sites", "More stories from DW", "DW's Top Story".
_SELF_REFERENCE = re.compile(
    r"^(?:Skip to more (?P<a>.{2,40}?) sites|More (?:stories|news|articles|videos) from (?P<b>.{2,40}?)"
    r"|(?P<c>.{2,40}?)['’]s Top Stor(?:y|ies)|Skip next section (?P<d>.{2,40}?)['’]s Top Stor(?:y|ies))$"
)
#: A site name that is not in the table counts when this many of its own menu lines print it.
SELF_REFERENCE_LINES = 2


@dataclass(frozen=True)
class _Line:
    text: str
    span: tuple[int, int] | None  # where it is in the article's text; None: a dropped line
    order: int


def stated(name: str, how: Literal["metadata", "header"]) -> Outlet:
    """An outlet the report's metadata or header states."""
    return Outlet(name, how, evidence=name, confidence=CONFIDENCE[how])


def masthead(name: str) -> Outlet:
    """An outlet the cleaner found as the page's masthead (a name at the top, again in the footer)."""
    return Outlet(name, "masthead", evidence=name, confidence=CONFIDENCE["masthead"])


def known_name(text: str) -> str | None:
    """The table's name for a credit's spelling ("Associated Press" -> "AP"), None when unknown."""
    return _BY_SPELLING.get(" ".join(text.split()).strip(" .,:;"))


def from_text(text: str, dropped: Sequence[DroppedLine] = (), url: str | None = None) -> Outlet:
    """The outlet a report's own words or address name, with the evidence; unknown with the reason."""
    lines = list(_lines(text, dropped))
    found = [c for rule in (_credits, _sources, _desks, _bylines, _self_references) for c in rule(lines)]
    found += _host(url)
    if not found:
        return Outlet(None, "none", reason=NO_OUTLET_REASON)
    return max(found, key=lambda c: (c[0].confidence, -c[1]))[0]


def _lines(text: str, dropped: Sequence[DroppedLine]) -> Iterator[_Line]:
    at = 0
    n = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            start = at + raw.find(stripped)
            yield _Line(stripped, (start, start + len(stripped)), n)
            n += 1
        at += len(raw) + 1
    for d in dropped:
        if d.text.strip():
            yield _Line(d.text.strip(), None, n)
            n += 1


def _outlet(name: str, how: OutletHow, line: _Line, kind: str | None = None,
            part: tuple[int, int] | None = None) -> tuple[Outlet, int]:
    """A candidate from ``line`` (only its ``part``, a [start, end) of the line, when given), with its order."""
    start, end = part or (0, len(line.text))
    span = (line.span[0] + start, line.span[0] + end) if line.span else None
    return Outlet(name, how, evidence=line.text[start:end], span=span, confidence=CONFIDENCE[kind or how]), line.order


def _names(listed: str, *, known_only: bool) -> list[str] | None:
    """The outlets a credit lists ("AFP, dpa" -> ["AFP", "dpa"]); None when one of them is not an outlet."""
    names = []
    for part in _SPLIT_NAMES.split(listed.strip().rstrip(".")):
        part = part.strip()
        if not part:
            continue
        name = known_name(part)
        if name is None and not known_only and len(part) <= NAME_CHARS and _NAME.match(part):
            name = part
        if name is None:
            return None
        names.append(name)
    return list(dict.fromkeys(names)) or None


def _credited(names: list[str], line: _Line, part: tuple[int, int] | None = None) -> tuple[Outlet, int]:
    """A credit naming one outlet is its report's; one naming several gives the first, less surely."""
    return _outlet(names[0], "credit", line, None if len(names) == 1 else "several-credited", part)


def _credits(lines: list[_Line]) -> Iterator[tuple[Outlet, int]]:
    for line in lines:
        opening = _OPENING_CREDIT.match(line.text)
        if opening and (names := _names(opening.group("names"), known_only=True)):
            yield _credited(names, line, opening.span())
            continue
        shift = max(0, len(line.text) - LINE_CHARS)
        rules = _CLOSING_CREDITS if line.span is not None else _CLOSING_CREDITS[:2]
        closing = next((m for rule in rules if (m := rule.search(line.text, shift))), None)
        if closing and (names := _names(closing.group("names"), known_only=True)):
            yield _credited(names, line, closing.span())


def _sources(lines: list[_Line]) -> Iterator[tuple[Outlet, int]]:
    for line in lines:
        m = _SOURCES.match(line.text) if len(line.text) <= LINE_CHARS else None
        if m and (names := _names(m.group("names"), known_only=False)):
            yield _credited(names, line)


def _desks(lines: list[_Line]) -> Iterator[tuple[Outlet, int]]:
    for line in _head(lines):
        m = _DESK.match(line.text)
        if m and not set(m.group("name").split()) <= DESK_WORDS and len(m.group("name")) <= NAME_CHARS:
            yield _outlet(known_name(m.group("name")) or m.group("name"), "desk", line)


def _bylines(lines: list[_Line]) -> Iterator[tuple[Outlet, int]]:
    for line in _head(lines):
        if len(line.text) > LINE_CHARS:
            continue
        alone = _BYLINE_AGENCY.match(line.text)
        if alone and (name := known_name(alone.group("outlet"))):
            yield _outlet(name, "byline", line)
            continue
        m = _BYLINE.match(line.text)
        if not m:
            continue
        part = m.group("outlet").strip()
        name = known_name(part)
        if name is None and _NAME.match(part) and not BYLINE_NOT_OUTLET.search(part) and not re.search(r"\d{4}", part):
            name = part
        if name:
            yield _outlet(name, "byline", line)


def _self_references(lines: list[_Line]) -> Iterator[tuple[Outlet, int]]:
    seen: dict[str, list[_Line]] = {}
    for line in lines:
        m = _SELF_REFERENCE.match(line.text) if len(line.text) <= LINE_CHARS else None
        if m:
            named = next(g for g in m.groups() if g)
            seen.setdefault(named.strip(), []).append(line)
    for named, where in seen.items():
        name = known_name(named)
        if name or (len(where) >= SELF_REFERENCE_LINES and len(named) <= NAME_CHARS and _NAME.match(named)):
            yield _outlet(name or named, "masthead", where[0])


def _head(lines: list[_Line]) -> Iterator[_Line]:
    """The first lines of the text, and every dropped line (a desk line is dropped as page furniture)."""
    for line in lines:
        if line.span is None or line.order < HEAD_LINES:
            yield line


def _host(url: str | None) -> list[tuple[Outlet, int]]:
    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:  # a malformed address names nothing
        return []
    if not host:
        return []
    host = HOST_PREFIX.sub("", host.lower())
    known = next((name for h, name in _BY_HOST.items() if host == h or host.endswith("." + h)), None)
    if known:
        return [(Outlet(known, "url", evidence=url, confidence=CONFIDENCE["known-host"]), 1 << 30)]
    return [(Outlet(host, "url", evidence=url, confidence=CONFIDENCE["host"]), 1 << 30)]
