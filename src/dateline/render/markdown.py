"""timeline.md: date headings, sentences with footnote-style source references.

Article content is untrusted: characters that Markdown or HTML would
interpret are escaped, so a hostile title cannot inject markup into a page
that renders this file.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import quote as percent_encode

from ..model import Article, EventDateHow, Timeline
from ._common import (
    UNDATED_INTRO,
    bound_label,
    date_label,
    date_text,
    dated_label,
    figure_series,
    figure_text,
    quotes_by_speaker,
    safe_url,
    undated_by_report,
)
from ._story import header_line, story_header

_SPECIAL = re.compile(r"([\\`*_\[\]|#])")
#: Characters kept as they are in a link target; the rest (brackets, quotes, pipes...) are %-encoded.
_URL_SAFE = "!#$%&*+,-./:;=?@_~"


def escape(text: str) -> str:
    """Escape HTML (as entities, which every renderer honours) and Markdown specials; fold line breaks."""
    text = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIAL.sub(r"\\\1", text)


def render_markdown(timeline: Timeline) -> str:
    """The timeline as Markdown, readable in a terminal and on a code forge."""
    articles = {a.id: a for a in timeline.articles}
    notes: dict[str, int] = {}
    header = story_header(timeline)
    lines = ["# Timeline", "", f"**{escape(header.page_title)}** · {escape(header_line(header, counts=False))}", ""]
    span = timeline.span()
    outlets = Counter(a.outlet.name for a in timeline.articles if a.outlet.name)
    summary = f"{len(timeline.articles)} articles from {len(outlets)} named outlets"
    if span:
        summary += f", published {span[0].isoformat()} to {span[1].isoformat()}"
    undated = sum(1 for a in timeline.articles if a.published.date is None)
    if undated:
        summary += f"; {undated} without a known publication date"
    if timeline.off_topic:
        summary += f"; {len(timeline.off_topic)} set aside as off the story (listed at the end)"
    lines += [f"_{summary}._", ""]
    if not timeline.entries:
        lines += ["No dated entries yet.", ""]
    for entry in timeline.entries:
        lines += [f"## {escape(date_label(entry.period))}", ""]
        for i, (sentence, source) in enumerate(zip(entry.summary, entry.sources, strict=True)):
            number = notes.setdefault(source.article, len(notes) + 1)
            how = entry.dated[i] if i < len(entry.dated) else None
            # Only a sentence that names its date says so itself; otherwise say what stands in for it.
            note = f" _({escape(dated_label(how))})_" if how and how not in (EventDateHow.MENTIONED, EventDateHow.GIVEN) else ""
            lines.append(f"- {escape(sentence)} [^{number}]{note}")
        lines.append("")
    lines += _undated(timeline, articles, notes)
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
    if timeline.off_topic:
        lines += ["## Set aside as off the story", "",
                  "_Kept in the store and in the articles above; no entry comes from them._", ""]
        for o in timeline.off_topic:
            article = articles.get(o.article)
            where = _cite(article) if article else escape(o.article)
            lines.append(f"- {where}: {escape(o.reason)}")
        lines.append("")
    for article_id, number in notes.items():
        article = articles.get(article_id)
        cite = _cite(article) if article else f"an article not in this timeline ({escape(article_id or 'no id')})"
        lines.append(f"[^{number}]: {cite}")
    return "\n".join(lines).rstrip() + "\n"


def _undated(timeline: Timeline, articles: dict[str, Article], notes: dict[str, int]) -> list[str]:
    """The undated section: per report without a publication date, its key sentences no date places."""
    groups = undated_by_report(timeline)
    if not groups:
        return []
    lines = ["## Undated", "", f"_{escape(UNDATED_INTRO)}_", ""]
    for article_id, items in groups:
        article = articles.get(article_id)
        number = notes.setdefault(article_id, len(notes) + 1)
        title = (f"“{escape(article.title)}”" if article and article.title
                 else escape(article.origin.label()) if article else escape(article_id))
        outlet = escape(article.outlet.name) if article and article.outlet.name else "unknown outlet"
        bound = escape(bound_label(items[0])) + (f" ({escape(items[0].bound)})" if items[0].bound else "")
        lines += [f"### {title}, {outlet} [^{number}]", "", f"_{bound}._", ""]
        for item in items:
            lines.append(f"- {escape(item.text)} [^{number}] _({escape(item.detail)})_")
        lines.append("")
    return lines


def _refs(sources, notes: dict[str, int]) -> str:
    numbers = sorted({notes.setdefault(ref.article, len(notes) + 1) for ref in sources})
    return " ".join(f"[^{n}]" for n in numbers)


def _quotes(timeline: Timeline, articles: dict[str, Article], notes: dict[str, int]) -> list[str]:
    if not timeline.quotes:
        return []
    lines = ["## Quotes", ""]
    for speaker, role, quotes in quotes_by_speaker(timeline.quotes):
        heading = escape(speaker) if speaker else "Speaker not named"
        lines += [f"### {heading}" + (f" ({escape(role)})" if role else ""), ""]
        for _, quote in quotes:
            who = f"{escape(quote.role)}: " if quote.role and not speaker else ""
            extra = f" ({quote.origins} independent sources)" if quote.origins > 1 else ""
            lines.append(f"- {who}“{escape(quote.text)}”{extra} {_refs(quote.sources, notes)}")
            for variant in quote.variants:
                lines.append(f"  - also reported as: “{escape(variant)}”")
        lines.append("")
    return lines


def _figures(timeline: Timeline, articles: dict[str, Article], notes: dict[str, int]) -> list[str]:
    lines: list[str] = []
    if timeline.figures:
        lines += ["## Figures", ""]
        for series in figure_series(timeline):
            unit = f" ({escape(series.unit)})" if series.unit else ""
            lines += [f"### {escape(series.measure)}{unit}", "", "| Date | Value | Sources |", "|---|---|---|"]
            for f in series.figures:
                flag = " **(sources disagree)**" if series.is_disputed(f) else ""
                value = escape(figure_text(f.value, f.unit, f.qualifier))
                lines.append(f"| {escape(date_text(f.date))} | {value}{flag} | {_refs(f.sources, notes)} |")
            lines.append("")
    if timeline.disagreements:
        units = {f.measure: f.unit for f in timeline.figures}
        lines += ["## Disagreements", ""]
        for d in timeline.disagreements:
            sides = "; ".join(
                f"{escape(figure_text(v.value, units.get(d.subject), v.qualifier))} {_refs(v.sources, notes)}"
                for v in d.values
            )
            lines.append(f"- {escape(d.subject)}, {escape(date_label(d.date))}: {sides}")
        lines.append("")
    return lines


def _cite(article: Article) -> str:
    parts = [escape(article.outlet.name or "unknown outlet")]
    url = safe_url(article.url) or safe_url(article.origin.url)
    if article.title:
        title = f"“{escape(article.title)}”"
        parts.append(f"[{title}]({md_url(url)})" if url else title)
    elif url:
        parts.append(f"<{md_url(url)}>")
    if article.published.date:
        parts.append(article.published.date.isoformat())
    parts.append(escape(article.origin.label()))
    return ", ".join(parts)


def md_url(url: str) -> str:
    """A safe http(s) address %-encoded so that no character can end the link or start markup."""
    return percent_encode(url, safe=_URL_SAFE)


def _articles_table(articles: tuple[Article, ...]) -> list[str]:
    lines = ["## Articles", "", "| Published | How | Outlet | Title | Origin |", "|---|---|---|---|---|"]
    for a in sorted(articles, key=lambda a: (a.published.date is None, a.published.date or 0, a.origin.label())):
        p = a.published
        if p.date:
            date, how = p.date.isoformat(), p.how.value + (" (inferred)" if p.inferred else "")
        elif p.earliest and p.latest:
            date, how = f"{p.earliest.isoformat()} to {p.latest.isoformat()}", p.how.value
        elif p.latest:
            date, how = f"on or before {p.latest.isoformat()}", p.how.value
        else:
            date, how = "unknown", escape(p.reason or "")
        lines.append(
            f"| {date} | {how} | {escape(a.outlet.name or 'unknown')} | {escape(a.title or '(no title)')} "
            f"| {escape(a.origin.label())} |"
        )
    return [*lines, ""]
