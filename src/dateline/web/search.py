"""Full-text search over a store: ranked articles or sentences with highlighted snippets.

The store keeps two SQLite FTS5 indexes (see ``store.py``, migration 6):
``articles_fts`` over each article's title and text and ``sentences_fts``
over each stored sentence. Results are ranked by bm25 (a title match counts
more than a match in the text).

What a user types is read as words, never as FTS5 syntax: ``dam collapse``
finds reports holding both words, ``"relief coalition"`` the phrase, and
``coal*`` words starting with "coal". Nothing typed can make the query fail.

Snippets come back as pieces of plain text, each marked as a match or not.
SQLite marks the matches with two Unicode noncharacters (reserved for a
program's internal use, so they do not occur in real text), which are split
out here; :func:`snippet_html` escapes the text before it adds ``<mark>``.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from typing import Literal

from ..store.sqlite import Store

#: Sentinels SQLite puts around each match in a snippet (U+FDD0 and U+FDD1, noncharacters).
MARK_START = "\ufdd0"
MARK_END = "\ufdd1"
#: How many terms of a query are used; the rest are ignored (a query is not a document).
MAX_TERMS = 32
#: The longest query read, in characters.
MAX_QUERY_CHARS = 1000
#: Hits on one page of results unless asked otherwise.
DEFAULT_HITS = 20
#: Matches counted at most: a common word matches most of a large store, and counting 80,000 sentence
#: matches took most of a search's time; past this, the count says "1,000+".
COUNT_LIMIT = 1000

Kind = Literal["articles", "sentences"]

_CHUNK = re.compile(r'"(?P<phrase>[^"]*)"?|(?P<word>[^\s"]+)')
_WORD = re.compile(r"\w", re.UNICODE)
_CONTROL = re.compile(r"[\x00-\x1f\x7f" + MARK_START + MARK_END + "]")
_MARKS = re.compile(f"([{MARK_START}{MARK_END}])")
# Title matches weigh more than matches in the body (bm25 column weights: title, text).
_ARTICLE_WEIGHTS = (4.0, 1.0)
_SNIPPET_TOKENS = 24


@dataclass(frozen=True)
class Hit:
    """One search result: an article, or a sentence of one (``start``/``end`` in its text).

    ``snippet`` is the matching passage as (text, is_match) pieces; for an
    article ``title`` is highlighted the same way in ``title_parts``.
    ``score`` is bm25's relevance, higher is better.
    """

    kind: Kind
    article: str
    score: float
    snippet: tuple[tuple[str, bool], ...]
    title: str | None
    title_parts: tuple[tuple[str, bool], ...]
    outlet: str | None
    published: dt.date | None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class SearchResult:
    """The hits of one page of results, how many match (counted up to COUNT_LIMIT), and the query as FTS5 read it."""

    hits: tuple[Hit, ...]
    #: Matches counted, at most COUNT_LIMIT.
    total: int
    query: str
    #: True when more than COUNT_LIMIT match (``total`` is then COUNT_LIMIT): "1,000+".
    more: bool = False


def fts_query(text: str) -> str:
    """An FTS5 query for what a user typed: every word or "quoted phrase" must match.

    Each term is quoted (FTS5 operators such as OR, NOT, NEAR or ``title:``
    are searched as words); a bare word ending in ``*`` matches as a prefix.
    Returns ``""`` when nothing searchable is left.
    """
    text = _CONTROL.sub(" ", text[:MAX_QUERY_CHARS])
    terms: list[str] = []
    for match in _CHUNK.finditer(text):
        phrase, word = match.group("phrase"), match.group("word")
        chunk = phrase if phrase is not None else word
        prefix = word is not None and word.endswith("*")
        chunk = chunk.rstrip("*") if prefix else chunk
        if not _WORD.search(chunk):
            continue
        quoted = '"' + chunk.replace('"', '""') + '"'
        terms.append(quoted + " *" if prefix else quoted)
        if len(terms) == MAX_TERMS:
            break
    return " ".join(terms)


def search(store: Store, query: str, kind: Kind = "articles", limit: int = DEFAULT_HITS, offset: int = 0) -> SearchResult:
    """Search the store's articles (title and text) or sentences, best match first.

    Matches are counted up to COUNT_LIMIT (``SearchResult.more`` says when
    there are more). The page's rows are ranked on the index alone, then only
    they get their snippets: SQLite works out every selected column before it
    sorts, so a snippet asked for in the ranking query was made for every match.
    """
    if kind not in ("articles", "sentences"):
        raise ValueError(f"kind must be 'articles' or 'sentences', not {kind!r}")
    match = fts_query(query)
    if not match:
        return SearchResult((), 0, "")
    limit, offset = max(0, limit), max(0, offset)
    table = "articles_fts" if kind == "articles" else "sentences_fts"
    db = store.db
    counted = db.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {table} MATCH ? LIMIT ?)",
                         (match, COUNT_LIMIT + 1)).fetchone()[0]
    weights = _ARTICLE_WEIGHTS if kind == "articles" else ()
    ranked = db.execute(
        f"SELECT rowid, bm25({table}{', ?' * len(weights)}) AS score FROM {table} WHERE {table} MATCH ? "
        "ORDER BY score LIMIT ? OFFSET ?", (*weights, match, limit, offset)).fetchall()
    scores = {rowid: -score for rowid, score in ranked}
    rowids = list(scores)
    marks = ",".join("?" * len(rowids))
    if not rowids:
        hits: tuple[Hit, ...] = ()
    elif kind == "articles":
        rows = db.execute(
            "SELECT articles_fts.rowid, a.id, snippet(articles_fts, 1, ?, ?, '…', ?), "
            "highlight(articles_fts, 0, ?, ?), a.outlet, a.published_date "
            "FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid "
            f"WHERE articles_fts MATCH ? AND articles_fts.rowid IN ({marks})",
            (MARK_START, MARK_END, _SNIPPET_TOKENS, MARK_START, MARK_END, match, *rowids),
        ).fetchall()
        found = {
            rowid: Hit("articles", aid, scores[rowid], snippet_parts(snippet or ""), _plain(title),
                       snippet_parts(title or ""), outlet, _day(published))
            for rowid, aid, snippet, title, outlet, published in rows
        }
        hits = tuple(found[r] for r in rowids if r in found)
    else:
        rows = db.execute(
            "SELECT s.rowid, s.article_id, s.start_char, s.end_char, highlight(sentences_fts, 3, ?, ?), "
            "a.title, a.outlet, a.published_date "
            "FROM sentences_fts s JOIN articles a ON a.id = s.article_id "
            f"WHERE sentences_fts MATCH ? AND s.rowid IN ({marks})",
            (MARK_START, MARK_END, match, *rowids),
        ).fetchall()
        found = {
            rowid: Hit("sentences", aid, scores[rowid], snippet_parts(text or ""), title,
                       ((title, False),) if title else (), outlet, _day(published), start, end)
            for rowid, aid, start, end, text, title, outlet, published in rows
        }
        hits = tuple(found[r] for r in rowids if r in found)
    return SearchResult(hits, min(counted, COUNT_LIMIT), match, more=counted > COUNT_LIMIT)


def snippet_parts(marked: str) -> tuple[tuple[str, bool], ...]:
    """Split text marked with MARK_START/MARK_END into (text, is_match) pieces.

    An unbalanced sentinel is dropped rather than trusted; pieces are plain
    text (not escaped), so a page shows them with ``textContent``.
    """
    parts: list[tuple[str, bool]] = []
    inside = False
    for piece in _MARKS.split(marked):
        if piece == MARK_START:
            inside = True
        elif piece == MARK_END:
            inside = False
        elif piece:
            if parts and parts[-1][1] == inside:
                parts[-1] = (parts[-1][0] + piece, inside)
            else:
                parts.append((piece, inside))
    return tuple(parts)


def snippet_html(parts: tuple[tuple[str, bool], ...]) -> str:
    """The pieces as HTML: every piece escaped, the matches wrapped in ``<mark>``."""
    return "".join(f"<mark>{html.escape(t)}</mark>" if hit else html.escape(t) for t, hit in parts)


def _day(iso: str | None) -> dt.date | None:
    """A publication date as the store keeps it (ISO 8601), as a date."""
    return dt.date.fromisoformat(iso) if iso else None


def _plain(marked: str | None) -> str | None:
    return None if marked is None else marked.replace(MARK_START, "").replace(MARK_END, "")
