"""changes.md: what a build changed against the store's previous build (see ``story/changes.py``).

Each item cites the span it rests on as ``[ARTICLE:START-END]`` (the article id and the character offsets
of its ``text`` in timeline.json). Report text is escaped as in timeline.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from ..model import Article, Changes, CitedText, Disagreement, FigureChange, FigurePoint, Period, SourceRef
from ._common import date_label, figure_text
from .markdown import escape

#: What changes.md says when there is no earlier build of the store to compare with.
FIRST_BUILD = "First build of this store: nothing to compare."
#: Spans cited after an item; the rest are counted ("and 4 more").
CITED_SPANS = 3
_FIRST_PRINTABLE, _DELETE = 32, "\x7f"
_Escape = Callable[[str], str]


def render_changes(changes: Changes, articles: Sequence[Article] = ()) -> str:
    """``changes`` as Markdown; ``articles`` (the timeline's) give the new reports' titles and outlets."""
    return "\n".join(changes_lines(changes, articles)) + "\n"


def plain(text: str) -> str:
    """Report text for a terminal: one line, no control characters (nothing a terminal would act on)."""
    return "".join(c for c in " ".join(text.split()) if ord(c) >= _FIRST_PRINTABLE and c != _DELETE)


def changes_lines(changes: Changes, articles: Sequence[Article] = (), *, terminal: bool = False) -> list[str]:
    """The lines of changes.md; with ``terminal``, report text is not Markdown-escaped but made safe to print
    (what `dateline add --out` and `dateline changes` print)."""
    esc = plain if terminal else escape
    lines = ["# What changed", ""]
    if changes.since is None:
        return [*lines, FIRST_BUILD]
    this = f"Build {changes.build} of this store" if changes.build else "This timeline (not kept as a build)"
    lines.append(f"{this}, compared with build {changes.since}.")
    if changes.empty:
        return [*lines, "", "Nothing changed: no new reports, dates, events, figures, quotes or copies."]
    known = {a.id: a for a in articles}
    sections: list[tuple[str, list[str]]] = [
        (f"New reports ({len(changes.new_reports)})", [_report(aid, known.get(aid), esc) for aid in changes.new_reports]),
        ("New dates", [_new_date(d.period, d.on_timeline, d.sentences, esc) for d in changes.new_dates]),
        ("New events on known dates", [f"- {_strong(date_label(e.period), esc)}: {_cited(e.sentences, esc)}"
                                       for e in changes.new_events]),
        ("Figures revised", [_revision(c, esc) for c in changes.revised]),
        ("Figures contradicted", [_contradiction(d, esc) for d in changes.contradicted]),
        ("New figures", [_revision(c, esc) for c in changes.new_figures]),
        ("Quotes newly attributed", [f"- {esc(q.speaker)}: “{esc(q.text)}” {_refs(q.sources)}"
                                     for q in changes.quotes]),
        ("New copies", [f"- `{c.article}` is a near-copy of `{c.original}` (similarity {c.similarity:.2f})"
                        for c in changes.copies]),
    ]
    for title, items in sections:
        if items:
            lines += ["", f"## {title}", "", *items]
    return lines


def _strong(text: str, esc: _Escape) -> str:
    """Bold in Markdown; as it is in a terminal (where ``esc`` is :func:`plain`)."""
    return text if esc is plain else f"**{text}**"


def _ref(ref: SourceRef) -> str:
    return f"[{ref.article}:{ref.start}-{ref.end}]"


def _refs(refs: Iterable[SourceRef]) -> str:
    refs = list(refs)
    more = f" and {len(refs) - CITED_SPANS} more" if len(refs) > CITED_SPANS else ""
    return " ".join(_ref(r) for r in refs[:CITED_SPANS]) + more


def _cited(sentences: Iterable[CitedText], esc: _Escape) -> str:
    return " ".join(f"{esc(s.text)} {_ref(s.ref)}" if s.text else _ref(s.ref) for s in sentences)


def _report(aid: str, article: Article | None, esc: _Escape) -> str:
    if article is None:
        return f"- `{aid}`"
    outlet = article.outlet.name or "unknown outlet"
    when = article.published.date.isoformat() if article.published.date else "date unknown"
    return f"- `{aid}` {esc(article.title or '(no title)')} ({esc(outlet)}, {when}; {esc(article.origin.label())})"


def _new_date(period: Period, on_timeline: bool, sentences: Iterable[CitedText], esc: _Escape) -> str:
    where = "on the timeline" if on_timeline else "not among the timeline's entries"
    return f"- {_strong(date_label(period), esc)} ({where}): {_cited(sentences, esc)}"


def _when(date: Period | None) -> str:
    return date.timex if date else "undated"


def _point(p: FigurePoint, esc: _Escape) -> str:
    return f"{esc(figure_text(p.value, None, p.qualifier))} ({_when(p.date)})"


def _series(points: Sequence[FigurePoint], esc: _Escape) -> str:
    """A series oldest first, the values of one date together: ``60 (2015-01-22) → 68, 69 (2017-03-22)``."""
    by_date: dict[str, list[str]] = {}
    for p in points:
        by_date.setdefault(_when(p.date), []).append(esc(figure_text(p.value, None, p.qualifier)))
    return " → ".join(f"{', '.join(values)} ({when})" for when, values in by_date.items())


def _revision(change: FigureChange, esc: _Escape) -> str:
    unit = f" ({esc(change.unit)})" if change.unit and change.unit != change.measure else ""
    old = _series(change.before, esc)
    new = ", ".join(f"{_strong(_point(p, esc), esc)} {_refs(p.sources)}" for p in change.added)
    return f"- {esc(change.measure)}{unit}: {old + ' → ' if old else ''}{new}"


def _contradiction(d: Disagreement, esc: _Escape) -> str:
    sides = " against ".join(f"{esc(figure_text(v.value, None, v.qualifier))} {_refs(v.sources)}" for v in d.values)
    return f"- {esc(d.subject)} on {date_label(d.date)}: {sides}"
