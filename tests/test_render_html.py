"""timeline.html: hostile content stays inert, the page is self-contained, the DOM has stable hooks."""

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import pytest
from render_timelines import EVIL, IMG, JS_URL, SCRIPT, UNCITED, empty_timeline, hostile_timeline

from dateline.render._html_assets import CSS, JS
from dateline.render.html import json_for_script, paragraph_bounds, render_html, render_table

#: Elements the page is allowed to contain; anything else (img, iframe, object, link...) would be injected.
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "nav", "a", "form", "label",
    "select", "option", "optgroup", "input", "button", "main", "div", "section", "ol", "ul", "li", "time", "span",
    "strong", "blockquote", "figure", "svg", "line", "text", "polyline", "circle", "table", "thead", "tbody", "tr",
    "th", "td", "details", "summary", "aside", "footer", "script", "g", "rect",
}


class Page(HTMLParser):
    """Every element with its attributes, the scripts and styles with their exact content, and the text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self.text: list[str] = []
        self._raw: str | None = None
        self._raw_attrs: dict[str, str | None] = {}
        self._raw_tag = ""
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if tag in ("script", "style"):
            self._raw, self._raw_attrs, self._raw_tag = "", attributes, tag

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if self._raw is not None and tag == self._raw_tag:
            if tag == "script":
                self.scripts.append((self._raw_attrs, self._raw))
            else:
                self.styles.append(self._raw)
            self._raw = None

    def handle_data(self, data):
        if self._raw is not None:
            self._raw += data
        else:
            self.text.append(data)

    def by_testid(self, testid: str) -> list[dict[str, str | None]]:
        return [a for _, a in self.elements if a.get("data-testid") == testid]


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(hostile_timeline())


@pytest.fixture(scope="module")
def page(html) -> Page:
    return Page(html)


def test_hostile_markup_never_appears_unescaped(html):
    for raw in (SCRIPT, IMG, "<img", "\u2028", "\u2029"):
        assert raw not in html
    # The JSON block's and the code's own tags, nothing else.
    assert html.count("<script") == 2 and html.count("</script>") == 2


def test_hostile_text_is_still_shown_as_text(page):
    text = "".join(page.text)
    assert f"Bridge {EVIL}" in text  # the title, escaped but readable
    assert "Ada Quill" in text and "We will not </script> reopen it" in text


def test_exactly_one_code_script_and_one_json_block(page):
    assert len(page.scripts) == 2
    (code_attrs, code), (data_attrs, data) = sorted(page.scripts, key=lambda s: s[0].get("type") is None, reverse=True)
    assert code_attrs == {} and code == JS
    assert data_attrs == {"type": "application/json", "id": "dateline-data"}
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in data
    json.loads(data)  # what JSON.parse reads


def test_no_element_has_event_handlers_style_attributes_or_external_sources(page):
    for tag, attrs in page.elements:
        assert tag in ALLOWED_TAGS, tag
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert "style" not in attrs and "src" not in attrs and "srcset" not in attrs, (tag, attrs)


def test_links_are_in_page_anchors_or_http_urls_only(page):
    hrefs = [a["href"] for tag, a in page.elements if "href" in a]
    assert hrefs
    for href in hrefs:
        assert href.startswith("#") or re.match(r"https?://", href), href
    assert not any(h.strip().lower().startswith(("javascript:", "data:", "vbscript:")) for h in hrefs)
    assert 'https://news.example/a?b=1&c="q"<x>' in hrefs  # the safe address, attribute-escaped and parsed back


def test_csp_allows_only_the_page_script_and_style_by_hash(page):
    metas = [a for tag, a in page.elements if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    assert len(metas) == 1
    policy = dict(part.strip().split(" ", 1) for part in metas[0]["content"].split(";"))
    assert policy["default-src"] == "'none'"
    code = next(content for attrs, content in page.scripts if "type" not in attrs)
    assert policy["script-src"] == sha(code)
    assert len(page.styles) == 1 and page.styles[0] == CSS and policy["style-src"] == sha(page.styles[0])
    assert policy["img-src"] == "data:"
    assert "connect-src" not in policy and "unsafe-inline" not in policy["script-src"]


def test_csp_meta_comes_before_any_script_or_style(html):
    csp = html.index("Content-Security-Policy")
    assert csp < html.index("<style>") and csp < html.index("<script")


def test_json_block_keeps_hostile_text_intact_for_the_script(page):
    data = json.loads(next(content for attrs, content in page.scripts if attrs.get("type") == "application/json"))
    paragraphs = [p[2] for p in data["paragraphs"]]
    assert any(EVIL in p for p in paragraphs)
    assert data["articles"][0][2] is None  # a javascript: address is never handed to the script


def test_only_cited_paragraphs_are_embedded(html, page):
    assert UNCITED not in html
    data = json.loads(next(content for attrs, content in page.scripts if attrs.get("type") == "application/json"))
    timeline = hostile_timeline()
    texts = {a.id: a.text for a in timeline.articles}
    titles = {a.id: a.title or "(no title)" for a in timeline.articles}
    for paragraph_index, start, end in data["refs"]:
        article_index, p_start, paragraph = data["paragraphs"][paragraph_index][:3]
        assert p_start <= start < end <= p_start + len(paragraph)
        article_id = next(a for a in texts if texts[a][p_start:p_start + len(paragraph)] == paragraph)
        assert data["articles"][article_index][1] == titles[article_id]  # the panel names the right report
        assert texts[article_id][start:end] in paragraph


def test_every_cited_sentence_button_points_at_its_own_span(page):
    data = json.loads(next(content for attrs, content in page.scripts if attrs.get("type") == "application/json"))
    buttons = page.by_testid("entry-sentence-text")
    assert len(buttons) == sum(len(e.summary) for e in hostile_timeline().entries)
    for attrs in buttons:
        paragraph_index, start, end = data["refs"][int(attrs["data-ref"])]
        _, p_start, paragraph = data["paragraphs"][paragraph_index][:3]
        assert paragraph[start - p_start:end - p_start]  # a non-empty highlight


def test_stable_hooks_for_browser_tests(page):
    ids = {a.get("id") for _, a in page.elements}
    assert {"entry-list", "context-panel", "filter-outlet", "filter-entity", "filter-from", "filter-to",
            "quotes", "figures", "disagreements", "filters", "filter-reset", "context-close"} <= ids
    for testid in ("entry-list", "entry", "entry-sentence", "entry-sentence-text", "sentence-dated", "context-panel",
                   "outlet-filter", "entity-filter", "date-from", "date-to", "quotes", "speaker", "quote",
                   "figures", "figure-chart", "disagreements", "disagreement", "articles", "filters"):
        assert page.by_testid(testid), testid
    assert page.by_testid("date-from")[0]["type"] == "date"


def test_entries_carry_their_date_span_for_the_date_filter(page):
    spans = {a["data-value"]: (a["data-from"], a["data-to"]) for a in page.by_testid("entry")}
    assert spans == {
        "1987": ("1987-01-01", "1987-12-31"),
        "2023-03": ("2023-03-01", "2023-03-31"),
        "2023-03-03": ("2023-03-03", "2023-03-03"),
        "2023-W11": ("2023-03-13", "2023-03-19"),
        "2023-03-20": ("2023-03-20", "2023-03-20"),
    }


def test_each_sentence_says_how_it_was_dated(page):
    labels = [a for _, a in page.elements if a.get("data-testid") == "sentence-dated"]
    assert len(labels) == 6
    text = "".join(page.text)
    assert "names the date: “March 3”" in text  # the mention that placed it, from the event
    assert "publication date stands in" in text
    assert "the day its report is about stands in" in text


def test_outlet_and_entity_filters_list_escaped_names_and_items_refer_to_them(page):
    options = [a for tag, a in page.elements if tag == "option"]
    assert options[0]["value"] == "" and len(page.by_testid("outlet-filter")) == 1
    sentence_outlets = {a["data-o"] for a in page.by_testid("entry-sentence")}
    assert all(re.fullmatch(r"\d+( \d+)*", o) for o in sentence_outlets)
    entity_ids = " ".join(a["data-n"] for a in page.by_testid("entry")).split()
    assert entity_ids and set(entity_ids) == {"0"}  # Ada Quill's entity, through her mention and the event
    assert "Ada Quill" in "".join(page.text)


def test_quotes_are_grouped_by_speaker_with_role(page):
    speakers = page.by_testid("speaker")
    assert len(speakers) == 2  # Ada Quill, and the unattributed quote last
    text = "".join(page.text)
    assert "Speaker not named" in text and f"(mayor {IMG})" in text


def test_figure_series_chart_marks_the_disagreement(page):
    charts = page.by_testid("figure-chart")
    assert len(charts) == 1 and charts[0]["data-measure"].startswith("people hurt | ")
    circles = [a for tag, a in page.elements if tag == "circle" and "pt" in a.get("class", "").split()]
    assert len(circles) == 3
    assert sum("disputed" in a["class"] for a in circles) == 2
    assert any(tag == "line" and a.get("class") == "dispute" for tag, a in page.elements)
    assert any(tag == "line" and a.get("class") == "period" for tag, a in page.elements)  # the month value
    assert len(page.by_testid("disagreement")) == 1


def test_series_with_one_dated_value_goes_to_the_table_not_a_chart(page):
    tables = page.by_testid("figure-table")
    assert len(tables) == 1


def test_empty_timeline_renders_a_complete_page():
    page = Page(render_html(empty_timeline()))
    assert len(page.scripts) == 2
    text = "".join(page.text)
    assert "No dated entries" in text and "No direct quotes found." in text and "No figures found." in text


def test_a_source_outside_the_timeline_is_shown_without_a_context_button():
    from dataclasses import replace

    from dateline.model import SourceRef

    timeline = hostile_timeline()
    broken = replace(timeline.entries[0], sources=(SourceRef("missing", 0, 5),))
    page = Page(render_html(replace(timeline, entries=(broken, *timeline.entries[1:]))))
    first = page.by_testid("entry-sentence-text")[0]
    assert "data-ref" not in first
    assert "unknown outlet" in "".join(page.text)


@pytest.mark.parametrize("url", [JS_URL, " javascript:alert(1)", "data:text/html,x", "vbscript:x", "//evil.example/",
                                 "https://", "http://exa mple.org/", "ftp://example.org/"])
def test_unsafe_addresses_never_become_links(url):
    from dataclasses import replace

    timeline = hostile_timeline()
    articles = tuple(replace(a, url=url, origin=replace(a.origin, url=url)) for a in timeline.articles)
    page = Page(render_html(replace(timeline, articles=articles)))
    assert not [a for tag, a in page.elements if tag == "a" and not a["href"].startswith("#")]


def test_json_for_script_escapes_what_could_end_the_block():
    text = json_for_script({"k": "</script><!-- & \u2028 \u2029 >"})
    assert "</" not in text and "<!--" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"k": "</script><!-- & \u2028 \u2029 >"}


@pytest.mark.parametrize("length, start, cut", [(100, 40, (False, False)), (5000, 2500, (True, True)),
                                                (5000, 10, (False, True)), (5000, 4980, (True, False))])
def test_long_paragraphs_are_cut_to_a_window_around_the_span(length, start, cut):
    text = ("word " * (length // 5))[:length]
    p_start, p_end, before, after = paragraph_bounds(text, start, start + 10)
    assert p_start <= start and start + 10 <= p_end and (before, after) == cut
    assert p_end - p_start <= 10 + 2 * 400 + 1 or not any(cut)


def test_notebook_table_is_escaped_and_script_free():
    table = render_table(hostile_timeline())
    page = Page(table)
    assert SCRIPT not in table and IMG not in table and not page.scripts
    assert [tag for tag, _ in page.elements].count("tr") == 1 + len(hostile_timeline().entries)
    assert all(not a["href"].lower().startswith("javascript") for tag, a in page.elements if tag == "a")


def test_timeline_repr_html_is_the_notebook_table():
    timeline = hostile_timeline()
    assert timeline._repr_html_() == render_table(timeline)


def test_the_undated_section_follows_the_timeline_with_each_sentence_cited_and_why_it_has_no_date(html, page):
    assert html.index('id="timeline"') < html.index('id="undated"') < html.index('id="quotes"')
    assert 'href="#undated"' in html
    [report] = page.by_testid("undated-report")
    [sentence] = page.by_testid("undated-sentence-text")
    data = json.loads(next(content for attrs, content in page.scripts if attrs.get("type") == "application/json"))
    _, start, end = data["refs"][int(sentence["data-ref"])]
    [item] = hostile_timeline().undated
    assert (start, end) == (item.ref.start, item.ref.end)  # a click shows it in its paragraph, like an entry's
    text = "".join(page.text)
    assert f"=Divers searched {EVIL} the river on Tuesday." in text  # escaped, still readable
    assert "published on or after 2019-01-01" in text and "'Tuesday' counts from the report's publication date" in text
    assert page.by_testid("undated-reason")[0]["title"].startswith("'Tuesday' counts from")
    assert report and page.by_testid("undated-source")


def test_a_timeline_with_nothing_undated_has_no_undated_section():
    html = render_html(empty_timeline())
    assert 'id="undated"' not in html and 'href="#undated"' not in html
