"""timeline.html: one self-contained page to read, filter and check the timeline.

The page loads nothing (no external assets, no network requests) and works
from ``file://``. Every piece of article content is untrusted: it is
escaped for its HTML context, only http(s) addresses become links, and the
data the script needs sits in an ``application/json`` block with ``<``,
``>``, ``&``, U+2028 and U+2029 escaped. A Content-Security-Policy meta tag
allows exactly the page's one stylesheet and one script (by SHA-256 hash),
so markup that slipped through could not run anyway.

Only the paragraphs a citation points into are embedded (for the "show in
context" panel), never whole articles.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from collections.abc import Iterable

from ..model import (
    Event,
    EventDateHow,
    EventSentence,
    Granularity,
    Period,
    SourceRef,
    Timeline,
    TimelineEntry,
    UndatedItem,
)
from ._axis import axis_layout, render_axis_svg
from ._chart import chartable, render_chart
from ._common import (
    UNDATED_INTRO,
    EntityIndex,
    Series,
    Sources,
    bound_label,
    date_label,
    date_text,
    dated_label,
    escape_html,
    figure_series,
    figure_text,
    quotes_by_speaker,
    undated_by_report,
    undated_label,
)
from ._html_assets import CSS, JS
from ._story import StoryHeader, asked_text, story_header

#: A paragraph longer than this is cut to a window around the cited span.
MAX_PARAGRAPH = 1200
CONTEXT_WINDOW = 400
_ENTITY_GROUPS = {"PERSON": "People", "ORG": "Organisations", "GPE": "Places", "LOC": "Places", "FAC": "Places",
                  "NORP": "Groups"}
_e = escape_html  # every piece of text goes through it


def csp_hash(source: str) -> str:
    """The CSP source expression allowing an inline block whose content is exactly ``source``."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def content_security_policy() -> str:
    """The page's policy: nothing loads, only its own script and stylesheet run."""
    return (
        f"default-src 'none'; script-src {csp_hash(JS)}; style-src {csp_hash(CSS)}; img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )


def json_for_script(data: object) -> str:
    """JSON safe inside a ``<script type="application/json">`` block (no way to close it or confuse a parser)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, safe in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(raw, safe)
    return text


#: The mark on an entry with something new since the store's previous build (changes.md says what).
_NEW_MARK = (' <span class="badge new" data-testid="entry-new" title="new since the previous build of this store '
             '(see changes.md)">new</span>')

class _Context:
    """The cited spans the page can show in context, and the paragraphs they need."""

    def __init__(self, sources: Sources):
        self.sources = sources
        self.articles: list[list[object]] = []
        self._article_index: dict[str, int] = {}
        self.paragraphs: list[list[object]] = []
        self._paragraph_index: dict[tuple[str, int, int], int] = {}
        self.refs: list[list[int]] = []
        self._ref_index: dict[tuple[str, int, int], int] = {}

    def add(self, ref: SourceRef) -> int | None:
        """The index of ``ref`` in the page data, or None when it does not fit its article."""
        key = (ref.article, ref.start, ref.end)
        if key in self._ref_index:
            return self._ref_index[key]
        article = self.sources.get(ref.article)
        if article is None or not 0 <= ref.start < ref.end <= len(article.text):
            return None
        text = article.text
        start, end, cut_before, cut_after = paragraph_bounds(text, ref.start, ref.end)
        pkey = (article.id, start, end)
        if pkey not in self._paragraph_index:
            if article.id not in self._article_index:
                self._article_index[article.id] = len(self.articles)
                published = article.published.date.isoformat() if article.published.date else None
                self.articles.append([self.sources.outlet(article.id), self.sources.title(article.id),
                                      self.sources.url(article.id), published])
            self._paragraph_index[pkey] = len(self.paragraphs)
            self.paragraphs.append([self._article_index[article.id], start, text[start:end], cut_before, cut_after])
        self._ref_index[key] = len(self.refs)
        self.refs.append([self._paragraph_index[pkey], ref.start, ref.end])
        return self._ref_index[key]

    def data(self) -> dict[str, object]:
        return {"articles": self.articles, "paragraphs": self.paragraphs, "refs": self.refs}


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int, bool, bool]:
    """The paragraph (between line breaks) holding ``text[start:end]``, cut to a window when long.

    Returns (start, end, cut before, cut after).
    """
    p_start = text.rfind("\n", 0, start) + 1
    p_end = text.find("\n", end)
    if p_end < 0:
        p_end = len(text)
    cut_before = cut_after = False
    if p_end - p_start > MAX_PARAGRAPH:
        if start - p_start > CONTEXT_WINDOW:
            window = start - CONTEXT_WINDOW
            space = text.find(" ", window, start)
            p_start, cut_before = (space + 1 if space >= 0 else window), True
        if p_end - end > CONTEXT_WINDOW:
            window = end + CONTEXT_WINDOW
            space = text.rfind(" ", end, window)
            p_end, cut_after = (space if space >= 0 else window), True
    return p_start, p_end, cut_before, cut_after


class _Page:
    """Builds the page's sections; remembers which outlets and entities the filters need."""

    def __init__(self, timeline: Timeline):
        self.t = timeline
        self.sources = Sources(timeline)
        self.entities = EntityIndex(timeline)
        self.context = _Context(self.sources)
        counts = Counter(a.outlet.name or "" for a in timeline.articles)
        self.outlets = sorted(counts, key=lambda o: (o == "", o.casefold()))
        self.outlet_counts = counts
        self._outlet_index = {o: i for i, o in enumerate(self.outlets)}
        self.used_entities: set[int] = set()
        self.series = figure_series(timeline)
        self._event_sentences: dict[tuple[str, int, int], EventSentence] = {}
        self._events: dict[str, Event] = {e.id: e for e in timeline.events}
        for event in timeline.events:
            for s in event.sentences:
                self._event_sentences.setdefault((s.ref.article, s.ref.start, s.ref.end), s)

    # -- shared pieces --------------------------------------------------------------

    def outlet_ids(self, refs: Iterable[SourceRef]) -> str:
        ids = set()
        for ref in refs:
            article = self.sources.get(ref.article)
            ids.add(self._outlet_index.get((article.outlet.name if article else None) or "", -1))
        ids.discard(-1)
        return " ".join(str(i) for i in sorted(ids))

    def entity_ids(self, ids: Iterable[int]) -> str:
        ids = set(ids)
        self.used_entities |= ids
        return " ".join(str(i) for i in sorted(ids))

    def published_range(self, refs: Iterable[SourceRef]) -> tuple[str, str]:
        days = [d for d in (self.sources.published(r.article) for r in refs) if d]
        return (min(days).isoformat(), max(days).isoformat()) if days else ("", "")

    def cite_text(self, ref: SourceRef, text: str, testid: str) -> str:
        """The sentence itself, as a button that shows it in its paragraph."""
        index = self.context.add(ref)
        if index is None:
            return f'<span class="sentence-text" data-testid="{testid}">{_e(text)}</span>'
        return (f'<button type="button" class="cite" data-ref="{index}" aria-controls="context-panel" '
                f'aria-expanded="false" data-testid="{testid}">{_e(text)}</button>')

    def article_link(self, article_id: str) -> str:
        title = self.sources.title(article_id)
        url = self.sources.url(article_id)
        if url:
            return f'<a class="article-link" href="{_e(url)}" rel="noopener noreferrer nofollow">{_e(title)}</a>'
        return f'<span class="article-title">{_e(title)}</span>'

    def source_list(self, refs: Iterable[SourceRef]) -> str:
        """Each article cited once: its outlet (a button showing the passage) and its title."""
        items, seen = [], set()
        for ref in refs:
            if ref.article in seen:
                continue
            seen.add(ref.article)
            index = self.context.add(ref)
            outlet = _e(self.sources.outlet(ref.article))
            if index is None:
                button = f'<span class="outlet">{outlet}</span>'
            else:
                button = (f'<button type="button" class="cite-source" data-ref="{index}" aria-controls="context-panel" '
                          f'aria-expanded="false" data-testid="source-button">{outlet}</button>')
            items.append(f"{button}, {self.article_link(ref.article)}")
        return '<span class="sources">' + "; ".join(items) + "</span>"

    # -- sections ----------------------------------------------------------------------

    def entry(self, index: int, entry: TimelineEntry) -> str:
        value, period = entry.value, entry.period
        entity_ids: set[int] = set()
        for event_id in entry.events:
            event = self._events.get(event_id)
            for name in event.entities if event else ():
                found = self.entities.named(name)
                if found is not None:
                    entity_ids.add(found)
        sentences = []
        for i, (text, ref) in enumerate(zip(entry.summary, entry.sources, strict=True)):
            entity_ids |= self.entities.in_span(ref)
            sentences.append(self.sentence(text, ref, entry.dated[i] if i < len(entry.dated) else None))
        when = f' datetime="{_e(value)}"' if entry.granularity in (
            Granularity.DAY, Granularity.WEEK, Granularity.MONTH, Granularity.YEAR) else ""
        meta = [] if entry.granularity is Granularity.DAY else [f"known to the {_e(entry.granularity.value)}"]
        if entry.reports:
            meta.append(f"{entry.reports} independent report{'s' if entry.reports != 1 else ''}")
        return (
            f'<li class="entry" id="entry-{index}" data-testid="entry" data-value="{_e(value)}" '
            f'data-from="{period.first.isoformat()}" data-to="{period.last.isoformat()}" '
            f'data-n="{self.entity_ids(entity_ids)}">'
            f'<h3><time{when}>{_e(date_label(period))}</time>{_NEW_MARK if entry.new else ""}</h3>'
            + (f'<p class="meta">{" · ".join(meta)}</p>' if meta else "") +
            f'<ul class="sentences">{"".join(sentences)}</ul></li>'
        )

    def sentence(self, text: str, ref: SourceRef, dated: EventDateHow | None) -> str:
        found = self._event_sentences.get((ref.article, ref.start, ref.end))
        how = dated or (found.how if found else None)
        label = dated_label(how)
        if how is EventDateHow.MENTIONED and found and found.mention:
            label += f": “{found.mention.text}”"
        published = self.sources.published(ref.article)
        extra = f", published {published.isoformat()}" if published else ""
        background = (' <span class="badge background" data-testid="sentence-background">background: '
                      'an earlier report carried it</span>') if found and found.background else ""
        return (
            f'<li class="sentence" data-testid="entry-sentence" data-o="{self.outlet_ids([ref])}">'
            f'{self.cite_text(ref, text, "entry-sentence-text")}'
            f'<span class="source" data-testid="sentence-source"><span class="outlet">{_e(self.sources.outlet(ref.article))}'
            f'</span>, {self.article_link(ref.article)}{_e(extra)} · '
            f'<span class="badge dated dated-{_e(how.value if how else "unknown")}" data-testid="sentence-dated">{_e(label)}</span>'
            f'{background}</span></li>'
        )

    def timeline_section(self) -> str:
        entries = "".join(self.entry(i, e) for i, e in enumerate(self.t.entries))
        empty = "" if self.t.entries else '<p class="muted">No dated entries: no report gave a date to place.</p>'
        return (
            '<section id="timeline" data-testid="timeline"><h2>Timeline</h2>'
            '<p class="legend">Click a sentence to see it in its paragraph. Each sentence says how it was dated: '
            '“names the date” when it says when, otherwise the day its report is about or the publication date '
            'stands in (a weaker claim).</p>'
            f'<p id="no-match" class="muted" data-testid="no-match" hidden>No dates match these filters.</p>'
            f'<ol class="entries" id="entry-list" data-testid="entry-list">{entries}</ol>{empty}</section>'
        )

    def undated_section(self) -> str:
        """After the timeline: per report without a publication date, its key sentences no date places, each
        with its source (as an entry's sentences) and why it has no date, and what bounds the report's date."""
        groups = undated_by_report(self.t)
        if not groups:
            return ""
        reports = []
        for article_id, items in groups:
            first = items[0]
            bound = bound_label(first) + (f" ({first.bound})" if first.bound else "")
            article = self.sources.get(article_id)
            heading = (article.title if article and article.title else None) or self.sources.origin(article_id) or article_id
            reports.append(
                f'<li class="undated-report" data-testid="undated-report"><h3>{_e(heading)}</h3>'
                f'<p class="meta" data-testid="undated-bound">{_e(bound)}</p>'
                f'<ul class="sentences">{"".join(self.undated_sentence(item) for item in items)}</ul></li>'
            )
        return (
            '<section id="undated" data-testid="undated"><h2>Undated</h2>'
            f'<p class="legend">{_e(UNDATED_INTRO)} Click a sentence to see it in its paragraph.</p>'
            f'<ol class="entries undated-reports" data-testid="undated-list">{"".join(reports)}</ol></section>'
        )

    def undated_sentence(self, item: UndatedItem) -> str:
        ref = item.ref
        return (
            f'<li class="sentence" data-testid="undated-sentence" data-o="{self.outlet_ids([ref])}">'
            f'{self.cite_text(ref, item.text, "undated-sentence-text")}'
            f'<span class="source" data-testid="undated-source"><span class="outlet">{_e(self.sources.outlet(ref.article))}'
            f'</span>, {self.article_link(ref.article)} · '
            f'<span class="badge dated undated-{_e(item.reason.value)}" data-testid="undated-reason" '
            f'title="{_e(item.detail)}">{_e(undated_label(item.reason))}</span> '
            f'<span class="muted" data-testid="undated-detail">{_e(item.detail)}</span></span></li>'
        )

    def quotes_section(self) -> str:
        groups = []
        for n, (speaker, role, quotes) in enumerate(quotes_by_speaker(self.t.quotes)):
            name = _e(speaker) if speaker else "Speaker not named"
            role_html = f' <span class="muted role">({_e(role)})</span>' if role else ""
            speaker_entity = self.entities.speaker(speaker)
            items = []
            for _, quote in quotes:
                ids = set().union(*(self.entities.in_span(r) for r in quote.sources)) if quote.sources else set()
                if speaker_entity is not None:
                    ids.add(speaker_entity)
                first, last = self.published_range(quote.sources)
                origins = f"{quote.origins} independent sources · " if quote.origins > 1 else ""
                own_role = f'<span class="muted role">{_e(quote.role)}</span> · ' if quote.role and not speaker else ""
                variants = "".join(f'<p class="variants">Also reported as: “{_e(v)}”</p>' for v in quote.variants)
                items.append(
                    f'<li class="quote" data-testid="quote" data-o="{self.outlet_ids(quote.sources)}" '
                    f'data-n="{self.entity_ids(ids)}" data-from="{first}" data-to="{last}">'
                    f'<blockquote>“{_e(quote.text)}”</blockquote>'
                    f'<p class="source">{own_role}{origins}{self.source_list(quote.sources)}</p>{variants}</li>'
                )
            groups.append(
                f'<div class="speaker" id="speaker-{n}" data-testid="speaker"><h3>{name}{role_html}</h3>'
                f'<ul class="quotes">{"".join(items)}</ul></div>'
            )
        body = "".join(groups) or '<p class="muted">No direct quotes found.</p>'
        return f'<section id="quotes" data-testid="quotes"><h2>Quotes</h2>{body}</section>'

    def figures_section(self) -> str:
        charts: list[str] = []
        singles: list[str] = []
        for n, series in enumerate(self.series):
            if chartable(series):
                charts.append(self.chart_card(n, series))
            else:
                singles.extend(self.value_item(series, f, with_measure=True) for f in series.figures)
        body = ""
        if charts:
            body += ('<p class="legend">Each point is a value at the middle of the period it holds for (a bar spans '
                     'a period longer than a day); hollow points are qualified (“about”, “at least”); red marks a date '
                     'where sources disagree.</p>'
                     f'<div class="charts">{"".join(charts)}</div>')
        if singles:
            body += ('<h3>Other figures</h3><ul class="chart-values other-values" data-testid="figure-table">'
                     f'{"".join(singles)}</ul>')
        body = body or '<p class="muted">No figures found.</p>'
        return f'<section id="figures" data-testid="figures"><h2>Figures</h2>{body}</section>'

    def chart_card(self, n: int, series: Series) -> str:
        unit = f' <span class="muted">({_e(series.unit)})</span>' if series.unit else ""
        items = "".join(self.value_item(series, f) for f in series.figures)
        return (
            f'<figure class="figure-series" id="fig-{n}" data-testid="figure-chart" data-measure="{_e(series.measure)}">'
            f'<h3>{_e(series.measure)}{unit}</h3>{render_chart(series, f"chart-{n}")}'
            f'<ul class="chart-values" data-testid="chart-values">{items}</ul></figure>'
        )

    def value_item(self, series: Series, figure, with_measure: bool = False) -> str:
        """One value under its chart (or in the list of other figures, ``with_measure``): date, value, sources."""
        disputed = series.is_disputed(figure)
        flag = ' <strong class="disputed-flag">(sources disagree)</strong>' if disputed else ""
        measure = f'<span class="measure">{_e(series.measure)}</span> ' if with_measure else ""
        return (
            f'<li class="{"disputed" if disputed else ""}">{measure}<span class="when">{_e(date_text(figure.date))}</span> '
            f'<strong>{_e(figure_text(figure.value, figure.unit, figure.qualifier))}</strong>{flag} '
            f'<span class="muted">·</span> {self.compact_sources(figure.sources)}</li>'
        )

    def compact_sources(self, refs: Iterable[SourceRef]) -> str:
        """Each article once, as its outlet (its title when the outlet is unknown); the title shows on hover."""
        items, seen = [], set()
        for ref in refs:
            if ref.article in seen:
                continue
            seen.add(ref.article)
            name = self.sources.get(ref.article)
            label = (name.outlet.name if name else None) or _cut(self.sources.title(ref.article), 40)
            index = self.context.add(ref)
            title = _e(self.sources.title(ref.article))
            if index is None:
                items.append(f'<span class="outlet" title="{title}">{_e(label)}</span>')
            else:
                items.append(f'<button type="button" class="cite-source" data-ref="{index}" title="{title}" '
                             f'aria-controls="context-panel" aria-expanded="false" data-testid="source-button">'
                             f'{_e(label)}</button>')
        return '<span class="sources">' + ", ".join(items) + "</span>"

    def disagreements_section(self) -> str:
        chart_of = {s.measure: n for n, s in enumerate(self.series) if chartable(s)}
        unit_of = {s.measure: s.unit for s in self.series}
        items = []
        for d in self.t.disagreements:
            refs = [r for v in d.values for r in v.sources]
            first, last = (d.date.first.isoformat(), d.date.last.isoformat()) if d.date else ("", "")
            link = f' <a href="#fig-{chart_of[d.subject]}">See the chart</a>.' if d.subject in chart_of else ""
            values = "".join(
                f'<li>{_e(figure_text(v.value, unit_of.get(d.subject), v.qualifier))}: {self.source_list(v.sources)}</li>'
                for v in d.values
            )
            items.append(
                f'<li class="disagreement" data-testid="disagreement" data-o="{self.outlet_ids(refs)}" '
                f'data-from="{first}" data-to="{last}"><p><strong>{_e(d.subject)}</strong>, '
                f'{_e(date_label(d.date))}: sources give different values.{link}</p>'
                f'<ul class="values">{values}</ul></li>'
            )
        body = (f'<ul class="disagreements">{"".join(items)}</ul>' if items
                else '<p class="muted">No sources disagree on a figure.</p>')
        return f'<section id="disagreements" data-testid="disagreements"><h2>Disagreements</h2>{body}</section>'

    def articles_section(self) -> str:
        rows = []
        order = sorted(self.t.articles, key=lambda a: (a.published.date is None, a.published.date or 0, a.origin.label()))
        for a in order:
            p = a.published
            if p.date:
                when = f"{p.date.isoformat()} ({p.how.value})"
            elif p.earliest and p.latest:
                when = f"between {p.earliest.isoformat()} and {p.latest.isoformat()}"
            elif p.latest:
                when = f"on or before {p.latest.isoformat()} ({p.how.value})"
            else:
                when = "unknown"
            rows.append(f"<tr><td>{_e(when)}</td><td>{_e(a.outlet.name or 'unknown outlet')}</td>"
                        f"<td>{self.article_link(a.id)}</td><td>{_e(a.origin.label())}</td></tr>")
        return (
            f'<section id="reports" data-testid="articles"><h2>Reports</h2><details><summary>{len(rows)} '
            f'report{"s" if len(rows) != 1 else ""} read</summary><div class="table-wrap"><table><thead><tr>'
            '<th>Published</th><th>Outlet</th><th>Title</th><th>Read from</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table></div></details></section>'
        )

    def filters(self) -> str:
        outlets = "".join(
            f'<option value="{i}">{_e(o or "unknown outlet")} ({self.outlet_counts[o]})</option>'
            for i, o in enumerate(self.outlets)
        )
        groups: dict[str, list[tuple[str, int]]] = {}
        for i in self.used_entities:
            entity = self.t.entities[i]
            groups.setdefault(_ENTITY_GROUPS.get(entity.label, "Other"), []).append((entity.name, i))
        order = ["People", "Organisations", "Places", "Groups", "Other"]
        entities = "".join(
            f'<optgroup label="{_e(group)}">'
            + "".join(f'<option value="{i}">{_e(name)}</option>' for name, i in sorted(groups[group], key=lambda x: x[0].casefold()))
            + "</optgroup>"
            for group in order if group in groups
        )
        days = [d for e in self.t.entries for d in (e.period.first, e.period.last)]
        bounds = f' min="{min(days).isoformat()}" max="{max(days).isoformat()}"' if days else ""
        return (
            '<form id="filters" data-testid="filters" role="search" aria-label="Filter the timeline" hidden>'
            '<label for="filter-outlet">Outlet<select id="filter-outlet" name="outlet" data-testid="outlet-filter">'
            f'<option value="">All outlets</option>{outlets}</select></label>'
            '<label for="filter-entity">Person, organisation or place<select id="filter-entity" name="entity" '
            f'data-testid="entity-filter"><option value="">Anyone, anything</option>{entities}</select></label>'
            f'<label for="filter-from">From<input type="date" id="filter-from" name="from" data-testid="date-from"{bounds}></label>'
            f'<label for="filter-to">To<input type="date" id="filter-to" name="to" data-testid="date-to"{bounds}></label>'
            '<button type="button" id="filter-reset" data-testid="filter-reset">Show all</button>'
            '<p id="filter-status" data-testid="filter-status" aria-live="polite"></p></form>'
        )

    def story(self, header: StoryHeader) -> str:
        """The story's title, span, reports and outlets, key figures, and the time axis (links to the entries)."""
        facts = []
        if header.asked:
            asked = asked_text(header.asked)
            facts.append(f'<span data-testid="story-asked">{_e(asked[0].upper() + asked[1:])}</span>')
        if header.first and header.last:
            facts.append(f'Dates from <span data-testid="story-span">{_e(_short_date(header.first))} to '
                         f'{_e(_short_date(header.last))}</span>')
        if header.event:
            facts.append(f"most reported: {_e(_short_date(header.event))}")
        figures = "".join(
            f'<li data-testid="key-figure"><span class="measure">{_e(f.measure)}</span> '
            f'<strong class="{"disputed" if f.disputed else ""}">{_e(f.text)}</strong>'
            + (f' <span class="muted when">({_e(f.date.timex)}{", sources disagree" if f.disputed else ""})</span>'
               if f.date else "")
            + "</li>" for f in header.figures)
        place = f'<p class="story-place" data-testid="story-place">{_e(header.place)}</p>' if header.place else ""
        axis = render_axis_svg(axis_layout(self.t), salient=header.event_entry)
        legend = ('<p class="legend axis-legend">Each dot is a date on the timeline (bigger: more independent reports; '
                  'click it, or use the arrow keys and Enter, to go there); grey bars count the reports published; '
                  'a double slash marks a gap left out, a dashed box a longer period not drawn to scale.</p>') if axis else ""
        return (
            f'<div class="story" data-testid="story-header"><h1 data-testid="story-title" title="{_e(header.basis)}">'
            f'{_e(header.title)}</h1>{place}<p class="story-facts">{" · ".join(facts)}</p>'
            f'<p class="summary" data-testid="summary">{_e(self.summary())}</p>'
            + (f'<ul class="key-figures" data-testid="key-figures">{figures}</ul>' if figures else "")
            + (f'<nav class="axis-wrap" aria-label="Time axis">{axis}</nav>{legend}' if axis else "")
            + "</div>"
        )

    def summary(self) -> str:
        t = self.t
        named = sum(1 for o in self.outlets if o)
        text = f"{len(t.articles)} report{'s' if len(t.articles) != 1 else ''} from {named} named outlet{'s' if named != 1 else ''}"
        span = t.span()
        if span:
            text += f", published {span[0].isoformat()} to {span[1].isoformat()}"
        undated = sum(1 for a in t.articles if a.published.date is None)
        if undated:
            text += f"; {undated} without a known publication date"
        text += f"; {len(t.entries)} date{'s' if len(t.entries) != 1 else ''} on the timeline."
        return text


def _short_date(period: Period) -> str:
    """A day as its ISO date (no weekday: a header line), any other period as people say it ("June 2023")."""
    return period.timex if period.granularity is Granularity.DAY else date_label(period)


def _cut(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def render_html(timeline: Timeline) -> str:
    """The timeline as one self-contained HTML page (see the module docstring for its safety rules)."""
    page = _Page(timeline)
    header = story_header(timeline)
    # Sections first: they register the citations and entities the data block and filters need.
    sections = (page.timeline_section() + page.undated_section() + page.quotes_section() + page.figures_section()
                + page.disagreements_section() + page.articles_section())
    generated = f"Generated {timeline.generated.isoformat()} by dateline." if timeline.generated else "Generated by dateline."
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f'<meta http-equiv="Content-Security-Policy" content="{_e(content_security_policy())}">'
        '<meta name="referrer" content="no-referrer">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(header.page_title)} · dateline</title><style>{CSS}</style></head><body>"
        f'<header class="page">{page.story(header)}'
        '<nav class="sections" aria-label="Sections"><a href="#timeline">Timeline</a>'
        + ('<a href="#undated">Undated</a>' if timeline.undated else "") + '<a href="#quotes">Quotes</a>'
        '<a href="#figures">Figures</a><a href="#disagreements">Disagreements</a><a href="#reports">Reports</a></nav>'
        f"{page.filters()}</header>"
        f'<main class="layout"><div class="content">{sections}</div>'
        '<aside id="context-panel" data-testid="context-panel" tabindex="-1" aria-labelledby="context-title" hidden>'
        '<h2><span id="context-title">In context</span><button type="button" id="context-close" '
        'data-testid="context-close" aria-label="Close">×</button></h2>'
        '<p id="context-source" class="source" data-testid="context-source"></p>'
        '<div id="context-body" data-testid="context-body"></div></aside></main>'
        f'<footer class="page"><p>{_e(generated)} Every sentence is quoted from the report named beside it.</p></footer>'
        f'<script type="application/json" id="dateline-data">{json_for_script(page.context.data())}</script>'
        f"<script>{JS}</script></body></html>\n"
    )


def render_table(timeline: Timeline, limit: int = 100) -> str:
    """A compact, escaped HTML table of the entries (what a notebook shows for a Timeline)."""
    sources = Sources(timeline)
    rows = []
    for entry in timeline.entries[:limit]:
        sentences = "".join(f"<div>{_e(s)}</div>" for s in entry.summary)
        cited = []
        for ref in dict.fromkeys(entry.sources):
            url = sources.url(ref.article)
            outlet = _e(sources.outlet(ref.article))
            cited.append(f'<a href="{_e(url)}" rel="noopener noreferrer">{outlet}</a>' if url else outlet)
        rows.append(f'<tr><td style="white-space:nowrap">{_e(date_label(entry.period))}</td>'
                    f'<td style="text-align:left">{sentences}</td><td>{"; ".join(cited)}</td></tr>')
    more = len(timeline.entries) - limit
    caption = f"Timeline: {len(timeline.entries)} dates from {len(timeline.articles)} reports"
    if more > 0:
        caption += f" (first {limit} shown)"
    return (f'<table class="dateline-timeline"><caption>{_e(caption)}</caption><thead><tr><th>Date</th>'
            f'<th>Account</th><th>Sources</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')
