"""timeline.md: date headings, sentences with footnote-style source references.

Article content is untrusted: characters that Markdown or HTML would
interpret are escaped, so a hostile title cannot inject markup into a page
that renders this file.
"""

from __future__ import annotations

import re
from collections import Counter

from ..model import Article, Timeline

_SPECIAL = re.compile(r"([\\`*_\[\]|#])")


def escape(text: str) -> str:
    """Escape HTML (as entities, which every renderer honours) and Markdown specials; fold line breaks."""
    text = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def render_markdown(timeline: Timeline) -> str:
    """The timeline as Markdown, readable in a terminal and on a code forge."""
    articles = {a.id: a for a in timeline.articles}
    notes: dict[str, int] = {}
    lines = ["# Timeline", ""]
    span = timeline.span()
    outlets = Counter(a.outlet.name for a in timeline.articles if a.outlet.name)
    summary = f"{len(timeline.articles)} articles from {len(outlets)} named outlets"
    if span:
        summary += f", published {span[0].isoformat()} to {span[1].isoformat()}"
    undated = sum(1 for a in timeline.articles if a.published.date is None)
    if undated:
        summary += f"; {undated} without a known publication date"
    lines += [f"_{summary}._", ""]
    if not timeline.entries:
        lines += ["No dated entries yet.", ""]
    for entry in timeline.entries:
        lines += [f"## {entry.date.isoformat()}", ""]
        for sentence, source in zip(entry.summary, entry.sources):
            number = notes.setdefault(source.article, len(notes) + 1)
            lines.append(f"- {escape(sentence)} [^{number}]")
        lines.append("")
    lines += _quotes(timeline, articles, notes)
    lines += _figures(timeline, articles, notes)
    lines += _articles_table(timeline.articles)
    if timeline.duplicates:
        lines += ["## Already present", ""]
        for dup in timeline.duplicates:
            original = articles.get(dup.article)
            where = original.origin.label() if original else dup.article
            lines.append(f"- {escape(dup.origin)} repeats {escape(where)}")
        lines.append("")
    if timeline.skipped:
        lines += ["## Skipped", ""]
        lines += [f"- {escape(s.origin)}: {escape(s.reason)}" for s in timeline.skipped]
        lines.append("")
    for article_id, number in notes.items():
        lines.append(f"[^{number}]: {_cite(articles[article_id])}")
    return "\n".join(lines).rstrip() + "\n"


def _refs(sources, notes: dict[str, int]) -> str:
    numbers = sorted({notes.setdefault(ref.article, len(notes) + 1) for ref in sources})
    return " ".join(f"[^{n}]" for n in numbers)


def _quotes(timeline: Timeline, articles: dict[str, Article], notes: dict[str, int]) -> list[str]:
    if not timeline.quotes:
        return []
    lines = ["## Quotes", ""]
    by_speaker: dict[str, list] = {}
    for quote in timeline.quotes:
        by_speaker.setdefault(quote.speaker or "Unknown speaker", []).append(quote)
    for speaker in sorted(by_speaker, key=lambda s: (s == "Unknown speaker", -len(by_speaker[s]), s)):
        role = next((q.role for q in by_speaker[speaker] if q.role), None)
        lines += [f"### {escape(speaker)}" + (f" ({escape(role)})" if role else ""), ""]
        for quote in by_speaker[speaker]:
            extra = f" ({quote.origins} independent sources)" if quote.origins > 1 else ""
            lines.append(f"- “{escape(quote.text)}”{extra} {_refs(quote.sources, notes)}")
            for variant in quote.variants:
                lines.append(f"  - also reported as: “{escape(variant)}”")
        lines.append("")
    return lines


def _figures(timeline: Timeline, articles: dict[str, Article], notes: dict[str, int]) -> list[str]:
    lines: list[str] = []
    if timeline.figures:
        lines += ["## Figures", "", "| Measure | Date | Value | Sources |", "|---|---|---|---|"]
        for f in timeline.figures:
            value = f"{f.qualifier + ' ' if f.qualifier else ''}{f.value:g}{' ' + f.unit if f.unit else ''}"
            lines.append(f"| {escape(f.measure)} | {f.date or 'unknown'} | {escape(value)} | {_refs(f.sources, notes)} |")
        lines.append("")
    if timeline.disagreements:
        lines += ["## Disagreements", ""]
        for d in timeline.disagreements:
            sides = "; ".join(
                f"{v.qualifier + ' ' if v.qualifier else ''}{v.value:g} {_refs(v.sources, notes)}" for v in d.values
            )
            lines.append(f"- {escape(d.subject)} on {d.date or 'an unknown date'}: {sides}")
        lines.append("")
    return lines


def _cite(article: Article) -> str:
    parts = [escape(article.outlet.name or "unknown outlet")]
    if article.title:
        parts.append(f"“{escape(article.title)}”")
    if article.published.date:
        parts.append(article.published.date.isoformat())
    parts.append(escape(article.origin.label()))
    return ", ".join(parts)


def _articles_table(articles: tuple[Article, ...]) -> list[str]:
    lines = ["## Articles", "", "| Published | How | Outlet | Title | Origin |", "|---|---|---|---|---|"]
    for a in sorted(articles, key=lambda a: (a.published.date is None, a.published.date or 0, a.origin.label())):
        p = a.published
        if p.date:
            date, how = p.date.isoformat(), p.how.value + (" (inferred)" if p.inferred else "")
        elif p.earliest and p.latest:
            date, how = f"{p.earliest.isoformat()} to {p.latest.isoformat()}", p.how.value
        else:
            date, how = "unknown", escape(p.reason or "")
        lines.append(
            f"| {date} | {how} | {escape(a.outlet.name or 'unknown')} | {escape(a.title or '(no title)')} "
            f"| {escape(a.origin.label())} |"
        )
    return lines + [""]
