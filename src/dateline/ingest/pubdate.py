"""Publication dates: when a report was published, and how we know.

Evidence is tried strongest first: a date the container stated, a dateline
opening the story ("BRUSSELS, February 11, 2016 -"), a line near the headline
that is only a date ("Published 12 March 2016"), the page's stamp glued into the
opening text ("Fri Apr 24, 2009 7:50 pm EDT", see stamps.py), a day in the URL
path, and last of all a last-updated date, which only bounds the publication
from above (taken as the date, with a reason saying so).
Nothing is guessed: only whole lines, paragraph openings and stamps (shapes
prose does not take) are read, never dates inside sentences, photo captions or
the body's relative dates. When
nothing fixes the date, the reason names what was looked at.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from dateline.model import Article, CleanText, DateHow, DroppedLine, DropReason, MentionHow, PublishedDate, TimeMention

from .datewords import DATE as _DATE
from .datewords import LEAP_YEAR as _LEAP_YEAR
from .datewords import TIME as _TIME
from .datewords import WEEKDAY as _WEEKDAY
from .datewords import WEEKDAY_NAME as _WEEKDAY_NAME
from .datewords import day as _day
from .datewords import month as _month
from .datewords import parts as _parts
from .datewords import plausible as _plausible
from .datewords import read as _read
from .datewords import weekday as _weekday
from .stamps import find_stamps

__all__ = ["bound_by_shared_passages", "complete_years", "date_article", "date_report", "parse_meta_date"]

# How far into the story (in paragraphs after the headline) each kind of
# evidence may stand. Datelines open the story; date lines sit next to the
# headline or byline. Further down, dates belong to the story, not the page.
_DATELINE_PARAGRAPHS = 5
_DATE_LINE_PARAGRAPHS = 6
# Stamps glued into the text (stamps.py) sit where date lines do: by the headline, byline or first caption.
_STAMP_PARAGRAPHS = _DATE_LINE_PARAGRAPHS
# A year-less dateline is completed from weekdays named this far into the story.
_WEEKDAY_PARAGRAPHS = 8
# Datelines glued to image alt text ("london press meetLondon, Jan. 23:") start
# within this many characters of the line.
_GLUE_REACH = 60
# A previous line this long that ends mid-sentence is hard-wrapped prose running on into the next line;
# shorter ones are menu or banner debris.
_WRAPPED_LINE = 40
# Months apart beyond which a day named in a report belongs to the neighbouring year (December in January).
_HALF_YEAR = 6

# How far each kind of evidence is trusted, strongest first (the order of DateHow). Set by hand when each
# kind was added; tests pin them, and a reader sees them in every output.
_CONFIDENCE_METADATA = 0.95  # a date field of the feed, page or archive
_CONFIDENCE_HEADER = 0.9  # a "Published:" header line of a text file
_CONFIDENCE_DATELINE = 0.9  # "BRUSSELS, February 11, 2016 -": written by the reporter
_CONFIDENCE_CONTESTED_DATELINE = 0.8  # a dateline a date line near the headline disagrees with
_CONFIDENCE_PUBLISHED_LINE = 0.85  # a date line labelled "Published"/"Posted"
_CONFIDENCE_DATE_LINE = 0.8  # a plain date line near the headline
# A page's stamp glued into the text ("Fri Apr 24, 2009 7:50 pm EDT", "March 9, 2023 | By ..."): as sure as a
# date line, but only after one, since reading it out of running text takes more rules.
_CONFIDENCE_STAMP = 0.8
_CONFIDENCE_URL = 0.7  # /2017/03/23/ in the address
# A last-updated date ("Updated ...", "Page last updated at ..."): the report was published on that day or
# before it. It is not the publication day, so it is kept as an upper bound (``latest``, no ``date``), below
# the URL, when nothing states the publication.
_CONFIDENCE_UPDATED = 0.6
_UPDATED_REASON = ("only a last-updated date ({day}): the report was published on that day or before it, and "
                   "nothing in it says which day")
_CONFIDENCE_YEAR_FROM_WEEKDAYS = 0.7  # a year-less dateline whose year the weekdays it names fix
_CONFIDENCE_SHARED_PASSAGE = 0.5  # only bounds, from a passage a dated report shares

# A "place" starting with one of these is a sentence or a label, not a city:
# "On Thursday, March 9, 2023 -" or "By Jane Doe, March 9 -".
_NOT_PLACES = frozenset(
    ["in", "on", "at", "by", "from", "since", "until", "till", "before", "after", "as", "for", "published", "posted", "updated", "modified", "last", "first"]
)

# A city is one to four words; whether each is capitalised is checked in code
# (_is_place), because `re` has no class for non-ASCII capitals ("ÉVREUX").
_WORD = r"[^\W\d_][\w'’.]*"
_CITY = rf"{_WORD}(?:[ \-]{_WORD}){{0,3}}"
_AGENCY = r"\((?P<agency>[^()\n]{1,40})\)"

_DATE_LINE = re.compile(
    rf"""(?:(?P<label>(?i:(?:first\s+|last\s+)?(?:published|posted|updated|modified)))
            (?:\s+(?i:on))?\s*:?\s*)?
        (?:{_WEEKDAY},?\s*)?
        {_DATE}
        (?:\s*(?:,|\||-|–|—|·|\b(?i:at)\b)?\s*{_TIME})?
        \s*\.?""",
    re.X,
)
_DATELINE = re.compile(
    rf"""(?P<place>{_CITY}(?:,\s*(?!{_WEEKDAY_NAME}){_CITY})?)  # "KESSLING" or "Springvale, Ore."
        \s*,\s*(?:{_WEEKDAY},?\s+)?
        {_DATE}
        (?:,?\s*{_AGENCY})?                  # "(Wireline)"
        \s*(?:[-–—:]|$)""",
    re.X,
)
_PLACE_ONLY = re.compile(rf"(?P<place>{_CITY}(?:,\s*{_CITY})?)\s*(?:{_AGENCY})?\s*[-–—:](?:\s|$)")
_ANY_DATE = re.compile(_DATE)
_WORDED = re.compile(r"[^\W\d_]{2}")  # a paragraph with a word, not just "»"
_CONTINUED = re.compile(r"[a-z0-9,;\-]$")  # a wrapped line runs on into the next
_WORD_GAP = re.compile(r"[\s,\-]+")

_URL_DAYS = (
    re.compile(r"/(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?=[/.]|$)"),
    re.compile(r"/(?P<y>\d{4})/(?P<m>[A-Za-z]{3,9})/(?P<d>\d{1,2})(?=[/.]|$)"),  # /2017/mar/23/
    re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)"),  # 20170323
)
_URL_MONTH = re.compile(r"/(?P<y>\d{4})/(?P<m>\d{1,2})(?=/|$)")
_SLASHED_ISO = re.compile(r"(\d{4})[/.](\d{1,2})[/.](\d{1,2})")


@dataclass(frozen=True)
class _Line:
    """A non-blank line of the article text, with where it sits."""

    text: str  # stripped
    start: int  # offset of text[0] in the article text
    para: int  # index of its paragraph (blank-line separated)
    prev: str  # the line before it in the same paragraph, "" if it opens one


@dataclass(frozen=True)
class _Found:
    """A date read from the text; date is None when it gives no year."""

    date: dt.date | None
    written: str  # the date as written, e.g. "Jan. 23"
    evidence: str  # the dateline or date line it came from
    span: tuple[int, int]
    rank: int = 1  # date lines and stamps: 0 Published/Posted, 1 plain, 2 Updated (_UPDATED_RANK)


_UPDATED_RANK = 2


#: How far down a page the headline is looked for (menus and banners above it run to a few dozen lines).
_TITLE_SEARCH_LINES = 60
#: A line this long is a paragraph of prose, not a banner, menu item or headline (those run to a few dozen words).
_PROSE_LINE = 200

def date_report(
    text: str,
    *,
    title: str | None = None,
    meta_published: str | None = None,
    meta_how: DateHow = DateHow.METADATA,
    url: str | None = None,
    dropped: Sequence[DroppedLine] = (),
    today: dt.date | None = None,
) -> PublishedDate:
    """Find when a report was published, from the strongest evidence present.

    ``title`` is the headline: a date line above it is a page banner (usually
    the crawl date), as are ``dropped`` lines dropped as ``DropReason.DATE_BANNER``; both
    are only named in the reason. ``meta_published`` is a date the container
    stated (``meta_how`` says which kind); ``today`` (default: the real today)
    bounds plausible dates so reruns and tests are reproducible.

    Returns a dated ``PublishedDate`` (with ``span``, the date's offsets in
    ``text``, when it came from the text) or one with ``date=None`` and a
    reason naming what was looked at; a year-less dateline keeps its evidence.
    """
    today = today or dt.date.today()
    notes: list[str] = []  # things seen but not usable, for the reason
    missing: list[str] = []  # kinds of evidence not present at all

    stated = (meta_published or "").strip()
    if stated:
        found = parse_meta_date(stated, today=today)
        if found:
            conf = _CONFIDENCE_HEADER if meta_how is DateHow.HEADER else _CONFIDENCE_METADATA
            return PublishedDate(found, meta_how, conf, evidence=stated)
        notes.append(f"date metadata '{stated}' could not be read")
    else:
        missing.append("date metadata")

    lines = _lines(text)
    head = _title_index(lines, title)
    story = lines[head:]
    first_para = story[0].para if story else 0

    dateline, place_only = _find_dateline(story, first_para, today, notes)
    dated_lines = _find_date_lines(story, first_para, today, notes)
    stamps = _find_stamps(story, first_para, today, notes)
    banners = [f.date for f in _find_date_lines(lines[:head], 0, today, [], window=False) if f.date]
    banners += _dropped_banners(dropped, today)

    if dateline and dateline.date:
        conf, reason = _CONFIDENCE_DATELINE, None
        clash = [f for f in [*dated_lines, *stamps] if f.rank < _UPDATED_RANK and f.date != dateline.date]
        if clash:
            # The dateline is written by the reporter; a date line can be a
            # page template's. Keep the dateline but trust it less.
            conf = _CONFIDENCE_CONTESTED_DATELINE
            reason = f"date line '{clash[0].evidence}' disagrees; the dateline wins"
        return PublishedDate(dateline.date, DateHow.DATELINE, conf, dateline.evidence, dateline.span, reason)
    published_lines = [f for f in dated_lines if f.rank < _UPDATED_RANK]
    if published_lines:
        best = min(published_lines, key=lambda f: f.rank)  # stable: first of the best rank
        conf = _CONFIDENCE_PUBLISHED_LINE if best.rank == 0 else _CONFIDENCE_DATE_LINE
        return PublishedDate(best.date, DateHow.DATE_LINE, conf, best.evidence, best.span)
    published_stamps = [f for f in stamps if f.rank < _UPDATED_RANK]
    if published_stamps:
        first = published_stamps[0]
        return PublishedDate(first.date, DateHow.STAMP, _CONFIDENCE_STAMP, first.evidence, first.span)

    lead: list[str] = []
    if dateline:  # year-less: it leads the reason, and keeps its evidence
        lead.append(f"dateline '{dateline.written}' gives no year")
    elif place_only:
        notes.append(f"dateline '{place_only}' names only a place")
    else:
        missing.append("dateline")
    missing.append("date line")
    updates = sorted((f for f in [*dated_lines, *stamps] if f.rank == _UPDATED_RANK and f.date), key=lambda f: f.span)

    if url:
        day, month = _url_date(url, today)
        if day:
            return PublishedDate(day, DateHow.URL, _CONFIDENCE_URL, evidence=url)
        if month:
            notes.append(f"the URL gives only a month ({month})")
        else:
            missing.append("date in the URL")
    if updates:
        day = updates[0].date
        assert day is not None  # only dated ones are kept above
        return PublishedDate(None, DateHow.UPDATED, _CONFIDENCE_UPDATED, updates[0].evidence, updates[0].span,
                             _UPDATED_REASON.format(day=day.isoformat()), latest=day)

    if banners:
        notes.append(
            f"only a page banner ({banners[0].isoformat()}), which is usually the crawl date"
        )
    reason = "; ".join([*lead, "no " + _join(missing), *notes])
    if dateline:
        return PublishedDate(None, DateHow.NONE, 0.0, dateline.evidence, dateline.span, reason)
    return PublishedDate.unknown(reason)


def parse_meta_date(value: str, *, today: dt.date | None = None) -> dt.date | None:
    """Read a date a container stated, or None if it is not a plausible day.

    Accepts ISO dates and datetimes (with offsets or "Z"), "2023/03/09",
    "March 9, 2023", "9 March 2023" (optionally with a weekday, a time and a
    "Published:" label) and RFC 2822 ("Thu, 09 Mar 2023 14:02:00 +0000").
    Numeric dates like "03/09/2023" are refused: day and month order is a guess.
    """
    today = today or dt.date.today()
    s = value.strip()
    found: dt.date | None = None
    try:
        # The calendar day as stated, not converted to UTC: "2023-03-09T00:30+01:00"
        # was published on the 9th where the publisher is.
        found = dt.datetime.fromisoformat(s).date()
    except ValueError:
        if m := _SLASHED_ISO.fullmatch(s):
            found = _day(int(m[1]), int(m[2]), int(m[3]))
        elif m := _DATE_LINE.fullmatch(s):
            found = _read(m, today)[0]  # None for a date without a year
        else:
            try:
                found = email.utils.parsedate_to_datetime(s).date()
            except (TypeError, ValueError, IndexError):
                found = None
    return found if found and _plausible(found, today) else None


# --- the text ----------------------------------------------------------------


def _lines(text: str) -> list[_Line]:
    """Split into non-blank lines, keeping offsets and paragraph numbers.

    Paragraphs without a word ("»", "|") are not counted, so page debris does
    not push a dateline out of the first few paragraphs.
    """
    out: list[_Line] = []
    para, prev, offset, worded = 0, None, 0, False
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        if not stripped:
            para, worded = para + worded, False
            prev = None
        else:
            lead = len(raw) - len(raw.lstrip())
            out.append(_Line(stripped, offset + lead, para, prev or ""))
            prev, worded = stripped, worded or bool(_WORDED.search(stripped))
        offset += len(raw)
    return out


def _title_index(lines: list[_Line], title: str | None) -> int:
    """Index of the first line after the headline, or 0 if it is not found.

    A headline stands above the story: a "title" found only below a paragraph of prose (a guessed
    headline that is really a line of the story) is not the page's, and what stands above it is no banner.
    """
    want = _norm(title or "")
    for i, line in enumerate(lines[:_TITLE_SEARCH_LINES]):
        if want and _norm(line.text) == want:
            return i + 1
        if len(line.text) >= _PROSE_LINE:
            break
    return 0


def _opens(line: _Line) -> bool:
    """Whether a line could open a paragraph, not continue a wrapped sentence.

    Hard-wrapped prose ("... the meeting held on\\nMarch 23, 2017.") would
    otherwise yield date lines out of sentences. Short previous lines are menu
    or banner debris, which does not continue into the next line.
    """
    return not (len(line.prev) >= _WRAPPED_LINE and _CONTINUED.search(line.prev))


def _find_dateline(
    story: list[_Line], first_para: int, today: dt.date, notes: list[str]
) -> tuple[_Found | None, str | None]:
    """The dateline opening the story (full or year-less), else a place-only one."""
    place_only: str | None = None
    for line in story:
        if line.para >= first_para + _DATELINE_PARAGRAPHS:
            break
        if not _opens(line):
            continue
        for pos in _starts(line.text):
            m = _DATELINE.match(line.text, pos)
            if m and _is_place(m["place"]):
                date, why = _read(m, today)
                if why:
                    notes.append(f"ignored the dateline date '{m['date']}', {why}")
                    break
                span = (line.start + m.start("date"), line.start + m.end("date"))
                evidence = line.text[pos : m.end()].rstrip(" -–—:")
                return _Found(date, m["date"], evidence, span), None
            p = _PLACE_ONLY.match(line.text, pos)
            # "WASHINGTON:" or "WASHINGTON (Reuters) -": capitals or an
            # agency tell a dateline from a label such as "Image:".
            if (p and place_only is None and _is_place(p["place"])
                    and (p["agency"] or p["place"].split(",")[0].isupper())):
                place_only = p["place"]
    return None, place_only


def _starts(s: str) -> Iterator[int]:
    """Where a dateline may begin: the line's start, or a capital glued to
    lowercase text before it ("...meetLondon, Jan. 23:") with no sentence
    punctuation in between, i.e. image alt text the cleaner ran together."""
    yield 0
    for i in range(1, min(len(s), _GLUE_REACH)):
        if s[i - 1] in ".!?:;":
            return
        if s[i].isupper() and s[i - 1].islower():
            yield i


def _is_place(place: str) -> bool:
    """Every word capitalised, not a weekday, not a label or a preposition."""
    words = _WORD_GAP.split(place.strip())
    if not all(w[:1].isupper() for w in words if w):
        return False
    if words[0].lower().rstrip(".") in _NOT_PLACES or _month(words[0]):
        return False
    return not any(_weekday(w) >= 0 for w in words)


def _find_date_lines(
    lines: list[_Line], first_para: int, today: dt.date, notes: list[str], *, window: bool = True
) -> list[_Found]:
    """Lines that are only a full date (with label, weekday or time allowed)."""
    out: list[_Found] = []
    for line in lines:
        if window and line.para >= first_para + _DATE_LINE_PARAGRAPHS:
            break
        m = _DATE_LINE.fullmatch(line.text)
        if not m or not _opens(line):
            continue
        date, why = _read(m, today)
        if why:
            notes.append(f"ignored the date line '{line.text}', {why}")
        elif date:  # a date line without a year is not a publication date
            label = (m["label"] or "").lower()
            rank = 0 if ("published" in label or "posted" in label) else _UPDATED_RANK if label else 1
            span = (line.start + m.start("date"), line.start + m.end("date"))
            out.append(_Found(date, m["date"], line.text, span, rank))
    return out


def _find_stamps(story: list[_Line], first_para: int, today: dt.date, notes: list[str]) -> list[_Found]:
    """Page stamps glued into the opening lines (see stamps.py), in reading order."""
    out: list[_Found] = []
    for line in story:
        if line.para >= first_para + _STAMP_PARAGRAPHS:
            break
        if not _opens(line):  # a wrapped sentence's second line: its date belongs to the sentence
            continue
        for stamp in find_stamps(line.text, today, notes):
            span = (line.start + stamp.span[0], line.start + stamp.span[1])
            written = line.text[stamp.span[0] : stamp.span[1]]
            out.append(_Found(stamp.date, written, stamp.evidence, span, _UPDATED_RANK if stamp.updated else 1))
    return out


def _dropped_banners(dropped: Sequence[DroppedLine], today: dt.date) -> list[dt.date]:
    """Full dates in lines the cleaner dropped as banners (for the reason only)."""
    found = (_read(m, today)[0] for d in dropped if d.reason is DropReason.DATE_BANNER
             for m in _ANY_DATE.finditer(d.text))
    return [date for date in found if date]


# --- dates -------------------------------------------------------------------


def _url_date(url: str, today: dt.date) -> tuple[dt.date | None, str | None]:
    """A day in the URL path, else a month ("2017-03") if only that is there."""
    path = urlsplit(url).path
    for pattern in _URL_DAYS:
        for m in pattern.finditer(path):
            month = int(m["m"]) if m["m"].isdigit() else _month(m["m"])
            date = _day(int(m["y"]), month, int(m["d"])) if month else None
            if date and _plausible(date, today):
                return date, None
    for m in _URL_MONTH.finditer(path):
        if 1 <= int(m["m"]) <= 12 and 1900 <= int(m["y"]) <= today.year + 1:
            return None, f"{m['y']}-{int(m['m']):02d}"
    return None, None


def _norm(s: str) -> str:
    return " ".join(s.split()).casefold()


def _join(items: list[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


# --- corpus-level: years for year-less datelines -------------------------------

# Full, capitalised names only: "sun", "wed" and "sat" are also ordinary words.
_YEAR_INFERRED = "year from the weekdays it names"
_FULL_WEEKDAY = re.compile(r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


def complete_years(articles: Sequence[Article], *, window: int = 1) -> list[Article]:
    """Give year-less datelines ("London, Jan. 23:") the year their weekdays fix.

    A report's dateline and any other year-less dates in its opening
    paragraphs are the candidate days; each weekday named there ("said on
    Thursday") supports the years in which one of those days falls on it.
    Years are limited to the span of the other reports' known dates, widened
    by ``window`` years. Only a single best-supported year is used; otherwise
    the date stays unknown and the reason says why. Returns the articles,
    changed where a year was found.
    """
    # Years inferred by an earlier build are inferred again, so they must not widen the span.
    known = [a.published.date for a in articles if a.published.date and not _year_inferred(a.published)]
    if not known:
        return list(articles)
    years = range(min(known).year - window, max(known).year + window + 1)
    return [_complete(a, years) for a in articles]


def _year_inferred(p: PublishedDate) -> bool:
    """Whether the date's year came from its weekdays (here, in an earlier build), told by its fields, never
    by the wording of ``inferred``: a dated dateline with a span in the text and an inference. No other
    inference has both (a date from the lines under the headline has no span, a shared passage gives no date)."""
    return p.date is not None and p.span is not None and p.how is DateHow.DATELINE and p.inferred is not None


def _complete(article: Article, years: range) -> Article:
    p = article.published
    if _year_inferred(p):
        # Inferred by an earlier build: infer again, the corpus may have changed.
        p = PublishedDate(None, DateHow.NONE, 0.0, p.evidence, p.span, p.reason)
    elif p.date is not None:
        return article
    if p.span is None:
        return article
    written = _ANY_DATE.search(article.text, p.span[0], p.span[1])
    if not written or _parts(written)[0] is not None:
        return article
    _, month, day = _parts(written)
    opening = "\n\n".join(article.text.split("\n\n")[:_WEEKDAY_PARAGRAPHS])
    candidates = {(month, day)}
    for m in _ANY_DATE.finditer(opening):
        year, m_month, m_day = _parts(m)
        if year is None and _day(_LEAP_YEAR, m_month, m_day):
            candidates.add((m_month, m_day))
    support: dict[int, list[str]] = {}
    for mention in _FULL_WEEKDAY.finditer(opening):
        weekday = _weekday(mention.group(1))
        for year in years:
            for c_month, c_day in sorted(candidates):
                # A December day named in a January report belongs to the year before.
                c_year = (year - 1 if c_month - month > _HALF_YEAR
                          else year + 1 if month - c_month > _HALF_YEAR else year)
                date = _day(c_year, c_month, c_day)
                if date and date.weekday() == weekday and _day(year, month, day):
                    support.setdefault(year, []).append(f"{mention.group(1)} = {date.isoformat()}")
                    break
    counts = sorted((len(v) for v in support.values()), reverse=True)
    if not counts or (len(counts) > 1 and counts[0] == counts[1]):
        # No weekday fixes the year, or several years fit as well: stay unknown.
        return _replace(article, p) if p is not article.published else article
    year = max(support, key=lambda y: len(support[y]))
    completed = PublishedDate(
        _day(year, month, day), DateHow.DATELINE, _CONFIDENCE_YEAR_FROM_WEEKDAYS, p.evidence, p.span, p.reason,
        inferred=f"{_YEAR_INFERRED} ({'; '.join(dict.fromkeys(support[year]))}), "
        f"the only fit among the corpus years {years.start}-{years.stop - 1}",
    )
    return _replace(article, completed)


def _replace(article: Article, published: PublishedDate) -> Article:
    return dataclasses.replace(article, published=published)


# --- corpus-level: bounds from passages shared with dated reports ---------------------

# A shared run of this many words is a distinctive passage (a quote, a wire
# paragraph), not a set phrase; one that appears in more reports than
# _COMMON is stock text (a recycled explainer) and says nothing about dates.
_SHINGLE = 8
_COMMON = 5
_TOKEN = re.compile(r"\w+")
# A bare weekday in past narration names a day at most six days before publication.
_WEEK = dt.timedelta(days=6)


def bound_by_shared_passages(
    articles: Sequence[Article], mentions: Callable[[Article], Sequence[TimeMention]]
) -> list[Article]:
    """Bound the publication date of undated reports that share a passage with dated ones.

    A report without a date that repeats a distinctive passage of a dated
    report is about the same happening. When both call its day by the same
    weekday ("told a coalition meeting ... on Wednesday") and the dated
    report resolves that weekday to day E, the undated report was published
    on E or in the six days after it (a bare weekday in past narration points
    at most six days back). ``mentions`` are the dated reports' resolved
    mentions, by article id. Reports with nothing to go on stay unknown.
    """
    articles = [_unbound(a) for a in articles]  # bounds from an earlier build are worked out again
    # a last-updated bound is the report's own evidence: left as it is
    undated = [a for a in articles if a.published.date is None and a.published.how is not DateHow.UPDATED]
    dated = {a.id: a for a in articles if a.published.date is not None}
    if not undated or not dated:
        return articles
    index: dict[int, set[str]] = {}
    for article in articles:
        for shingle in _shingles(article.text):
            index.setdefault(shingle, set()).add(article.id)
    bounds: dict[str, PublishedDate] = {}
    for article in undated:
        shared: dict[str, int] = {}
        for shingle in _shingles(article.text):
            owners = index.get(shingle, set())
            if len(owners) <= _COMMON:
                for owner in owners & dated.keys():
                    shared[owner] = shared.get(owner, 0) + 1
        found = _weekday_bound(article, [dated[i] for i, n in shared.items() if n >= 2], mentions)
        if found:
            bounds[article.id] = found
    return [dataclasses.replace(a, published=bounds[a.id]) if a.id in bounds else a for a in articles]


def _weekday_bound(
    article: Article, partners: list[Article], mentions: Callable[[Article], Sequence[TimeMention]]
) -> PublishedDate | None:
    named = {m.group(1) for m in _FULL_WEEKDAY.finditer(article.text)}
    bounds: list[tuple[dt.date, dt.date]] = []
    evidence = []
    for partner in sorted(partners, key=lambda a: a.id):
        for mention in mentions(partner):
            if mention.period is None or mention.how is not MentionHow.WEEKDAY_PAST:
                continue
            name = _FULL_WEEKDAY.search(mention.text)
            if not name or name.group(1) not in named:
                continue
            day = mention.period.first
            bounds.append((day, day + _WEEK))
            evidence.append(f"'{name.group(1)}' is {day.isoformat()} in {partner.origin.label()}")
    if not bounds:
        return None
    earliest, latest = max(lo for lo, _ in bounds), min(hi for _, hi in bounds)
    if earliest > latest:
        return None
    p = article.published
    reason = (
        f"{p.reason or 'nothing in the report fixes the day'}{_BOUND_MARK} where "
        f"{'; '.join(dict.fromkeys(evidence))}, so it was published between {earliest.isoformat()} and {latest.isoformat()}"
    )
    return PublishedDate(None, DateHow.SHARED_PASSAGE, _CONFIDENCE_SHARED_PASSAGE, p.evidence, p.span, reason,
                         inferred="bounded by a passage shared with a dated report", earliest=earliest, latest=latest,
                         unbounded_reason=p.reason)


_BOUND_MARK = "; it shares a passage with a dated report"


def _unbound(article: Article) -> Article:
    p = article.published
    if p.how is not DateHow.SHARED_PASSAGE:
        return article
    base = PublishedDate(None, DateHow.NONE, 0.0, p.evidence, p.span, p.unbounded_reason)
    return dataclasses.replace(article, published=base)


def _shingles(text: str) -> set[int]:
    words = [w.lower() for w in _TOKEN.findall(text)]
    return {hash(tuple(words[i : i + _SHINGLE])) for i in range(len(words) - _SHINGLE + 1)}


# --- precedence for one report: its container, its page, its text, the lines under its headline ---

#: What a date read from the lines under a page's headline may be (the extractor leaves those lines out).
_HEAD_LINE_HOWS = (DateHow.DATE_LINE, DateHow.DATELINE, DateHow.STAMP, DateHow.UPDATED)
_HEAD_LINES_INFERRED = "read from the lines under the page's headline"


def date_article(meta: dict[str, str], cleaned: CleanText, text: str, *, title: str | None,
                 url: str | None) -> PublishedDate:
    """A report's publication date: what its container states (``meta``, with ``_how`` = ``header`` for a
    text file's header lines), else its page's metadata, else :func:`date_report` over its text, else
    the date line printed under the page's headline."""
    container_how = DateHow.HEADER if meta.get("_how") == "header" else DateHow.METADATA
    stated: str | None
    if meta.get("published"):
        stated, how = meta["published"], container_how
    else:
        stated, how = cleaned.meta.get("published"), DateHow.METADATA
    published = date_report(text, title=title, meta_published=stated, meta_how=how, url=url, dropped=cleaned.dropped)
    if published.date is None and cleaned.head_lines:
        head = date_report("\n\n".join(cleaned.head_lines), title=cleaned.head_lines[0])
        if head.date is not None and head.how in _HEAD_LINE_HOWS:
            reason = head.reason if head.how is DateHow.UPDATED else None  # an update says what it bounds
            published = dataclasses.replace(head, span=None, reason=reason, inferred=_HEAD_LINES_INFERRED)
    return published
