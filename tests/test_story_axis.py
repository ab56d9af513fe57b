"""The story header, the time axis and the charts' ticks: pure functions over hand-built timelines."""

from __future__ import annotations

import datetime as dt
import math
import re
from itertools import pairwise

import pytest
from render_timelines import empty_timeline, hostile_timeline

from dateline.model import (
    Article,
    DateHow,
    Disagreement,
    DisagreementValue,
    Entity,
    Event,
    EventDateHow,
    EventSentence,
    Figure,
    Granularity,
    Origin,
    Outlet,
    Period,
    PublishedDate,
    SourceRef,
    Timeline,
    TimelineEntry,
)
from dateline.render._axis import axis_layout, gap_words, render_axis_svg, story_grain
from dateline.render._chart import date_ticks, nice_ticks
from dateline.render._story import header_line, key_figures, story_header
from dateline.render.html import render_html
from dateline.render.markdown import render_markdown

# -- a small story, written for these tests -----------------------------------------------------------------

FLOOD = "The Tarrow river burst its banks at Pellingford on Monday, flooding 300 homes."
LATER = "By Thursday the water had reached Ostby, where 500 homes were flooded."
OLD = "The levee at Pellingford was built in 1961."


def _article(aid: str, text: str, title: str | None, outlet: str | None, day: dt.date | None) -> Article:
    published = PublishedDate(day, DateHow.METADATA, 0.95) if day else PublishedDate.unknown("no date anywhere")
    return Article(id=aid, origin=Origin(f"{aid}.txt"), outlet=Outlet(outlet, "metadata" if outlet else "none"),
                   title=title, text=text, published=published)


def _ref(article: Article, sentence: str) -> SourceRef:
    start = article.text.index(sentence)
    return SourceRef(article.id, start, start + len(sentence))


def flood_timeline(titles: bool = True, disputed: bool = False) -> Timeline:
    """Three reports of a flood: the first day carried by two, a later day by one, a background year."""
    a = _article("a" * 16, f"{FLOOD} {OLD}", "River bursts its banks at Pellingford" if titles else None,
                 "Valley Post", dt.date(2024, 5, 7))
    b = _article("b" * 16, FLOOD, "Hundreds of homes flooded" if titles else None, "Wire Service", dt.date(2024, 5, 6))
    c = _article("c" * 16, LATER, "Flood reaches Ostby" if titles else None, None, dt.date(2024, 5, 10))
    monday, thursday, year = Period.parse("2024-05-06"), Period.parse("2024-05-09"), Period.parse("1961")
    ra, rb, rc, rold = _ref(a, FLOOD), _ref(b, FLOOD), _ref(c, LATER), _ref(a, OLD)
    event = Event("e1", monday, (EventSentence(ra, FLOOD, EventDateHow.MENTIONED),
                                 EventSentence(rb, FLOOD, EventDateHow.MENTIONED)),
                  sources=2, entities=("Pellingford", "Tarrow"))
    place = a.text.index("Pellingford")
    entities = (
        Entity("Pellingford", "GPE", (), (SourceRef(a.id, place, place + 11), SourceRef(b.id, place, place + 11))),
        Entity("Tarrow", "LOC", (), (SourceRef(a.id, 4, 10),)),
        Entity("Ostby", "GPE", (), (SourceRef(c.id, LATER.index("Ostby"), LATER.index("Ostby") + 5),)),
    )
    homes = "homes flooded"
    figures = (
        Figure(homes, 300.0, "homes", None, monday, (ra,)),
        Figure(homes, 500.0, "homes", None, thursday, (rc,)),
        Figure(homes, 450.0, "homes", None, thursday, (ra,)) if disputed else Figure(homes, 40.0, "homes", None, None, (rb,)),
    )
    disagreements = (Disagreement("figure", homes, thursday, (DisagreementValue(450.0, None, (ra,)),
                                                              DisagreementValue(500.0, None, (rc,)))),) if disputed else ()
    entries = (
        TimelineEntry(year, (OLD,), (rold,), dated=(EventDateHow.MENTIONED,), reports=1),
        TimelineEntry(monday, (FLOOD,), (ra,), dated=(EventDateHow.MENTIONED,), events=("e1",), reports=2),
        TimelineEntry(thursday, (LATER,), (rc,), dated=(EventDateHow.MENTIONED,), reports=1),
    )
    return Timeline(articles=(a, b, c), entries=entries, figures=figures, disagreements=disagreements,
                    entities=entities, events=(event,))


# -- the header ---------------------------------------------------------------------------------------------


def test_title_is_the_headline_of_the_first_report_of_the_most_reported_day_with_its_main_place():
    header = story_header(flood_timeline())
    # The Monday is carried by two reports; of those the Wire Service's (published May 6) came first.
    assert header.titled and header.title == "Hundreds of homes flooded"
    assert header.place == "Pellingford"  # the event's place named in most reports
    assert header.page_title == "Hundreds of homes flooded (Pellingford)"
    assert header.event == Period.parse("2024-05-06") and header.event_entry == 1
    assert "2024-05-06" in header.basis and "headline" in header.basis


def test_a_background_year_with_more_reports_is_not_the_salient_event():
    timeline = flood_timeline()
    year = timeline.entries[0]
    busy_year = TimelineEntry(year.period, year.summary, year.sources, dated=year.dated, reports=9)
    header = story_header(Timeline(articles=timeline.articles, entries=(busy_year, *timeline.entries[1:]),
                                   events=timeline.events, entities=timeline.entities))
    assert header.event == Period.parse("2024-05-06")


def test_without_headlines_the_title_is_the_opening_of_the_salient_sentence():
    header = story_header(flood_timeline(titles=False))
    assert header.titled and FLOOD.startswith(header.title.rstrip("…"))
    assert "sentence" in header.basis


def test_with_nothing_to_draw_a_title_from_the_header_says_so_plainly():
    header = story_header(empty_timeline())
    assert not header.titled and header.title.startswith("No title: nothing in the reports names a main event")
    assert header.reports == 0 and header.outlets == 0 and header.figures == ()
    only_a_year = flood_timeline()
    only_a_year = Timeline(articles=only_a_year.articles, entries=only_a_year.entries[:1],
                           entities=only_a_year.entities)
    header = story_header(only_a_year)
    assert not header.titled and "1961 to 1961" in header.title and "Pellingford" in header.title


def test_header_counts_reports_and_named_outlets_and_gives_each_key_figure_its_latest_value():
    header = story_header(flood_timeline())
    assert (header.reports, header.outlets, header.entries) == (3, 2, 3)
    assert (header.first, header.last) == (Period.parse("1961"), Period.parse("2024-05-09"))
    [homes] = header.figures
    assert (homes.measure, homes.text, homes.date, homes.disputed) == (
        "homes flooded", "500 homes", Period.parse("2024-05-09"), False)
    line = header_line(header)
    assert "3 reports from 2 named outlets" in line and "homes flooded: 500 homes (2024-05-09)" in line
    assert "reports" not in header_line(header, counts=False)


def test_a_latest_value_sources_disagree_on_gives_both_values():
    [homes] = key_figures(flood_timeline(disputed=True))
    assert homes.disputed and homes.text == "450 or 500 homes"


def test_the_page_title_and_markdown_use_the_header():
    timeline = flood_timeline()
    page = render_html(timeline)
    assert "<title>Hundreds of homes flooded (Pellingford) · dateline</title>" in page
    assert 'data-testid="story-title"' in page and 'data-testid="key-figures"' in page
    assert "**Hundreds of homes flooded (Pellingford)**" in render_markdown(timeline)


def test_hostile_titles_are_escaped_in_the_page_title():
    page = render_html(hostile_timeline())
    title = re.search(r"<title>(.*?)</title>", page, re.S)
    assert title and "<script" not in title.group(1) and "<img" not in title.group(1)


def test_the_served_story_is_the_pages_header_and_axis():
    from dateline.web.views import TimelineView

    timeline = flood_timeline()
    story = TimelineView(timeline).story()
    header = story_header(timeline)
    assert (story.title, story.page_title, story.place, story.event_entry) == (
        header.title, header.page_title, header.place, header.event_entry)
    assert [m.entry for m in story.axis.marks] == [m.entry for m in axis_layout(timeline).marks]
    assert story.figures[0].text == "500 homes" and story.axis.geometry["height"] > 0


# -- the axis ------------------------------------------------------------------------------------------------


def test_every_entry_has_one_mark_linking_to_it_and_marks_grow_with_reports():
    timeline = flood_timeline()
    axis = axis_layout(timeline)
    assert sorted(m.entry for m in axis.marks) == [0, 1, 2]
    assert all(0 <= m.x0 <= m.x <= m.x1 <= 1 for m in axis.marks)
    assert [m.x for m in axis.marks] == sorted(m.x for m in axis.marks)
    radius = {m.entry: m.radius for m in axis.marks}
    assert radius[1] > radius[2]  # two reports against one (area proportional)
    svg = render_axis_svg(axis)
    for i in range(3):
        assert f'href="#entry-{i}"' in svg
    assert 'id="entry-1"' in render_html(timeline)


def test_a_long_period_outside_the_days_gets_a_box_and_a_labelled_break():
    axis = axis_layout(flood_timeline())
    boxes = [s for s in axis.stretches if not s.to_scale]
    assert [b.label for b in boxes] == ["1961"]
    [days] = [s for s in axis.stretches if s.to_scale]
    assert (days.first, days.last) == (dt.date(2024, 5, 6), dt.date(2024, 5, 10))
    [gap] = axis.breaks
    assert boxes[0].x1 < gap.x < days.x0 and gap.label == "62 years"


def test_days_are_drawn_to_one_scale_and_a_short_silence_stays_visible():
    axis = axis_layout(flood_timeline())
    [days] = [s for s in axis.stretches if s.to_scale]
    per_day = (days.x1 - days.x0) / 5
    marks = {m.entry: m for m in axis.marks}
    assert math.isclose(marks[2].x - marks[1].x, 3 * per_day)  # Monday to Thursday


def test_a_silence_longer_than_a_share_of_the_span_is_broken_not_drawn():
    articles = tuple(_article(c * 16, "x", "t", "o", d) for c, d in
                     (("a", dt.date(2020, 1, 1)), ("b", dt.date(2020, 1, 3)), ("c", dt.date(2022, 6, 1))))
    entries = tuple(TimelineEntry(Period.day(a.published.date), ("x",), (SourceRef(a.id, 0, 1),), reports=1)
                    for a in articles if a.published.date)
    axis = axis_layout(Timeline(articles=articles, entries=entries))
    assert len([s for s in axis.stretches if s.to_scale]) == 2
    [gap] = axis.breaks
    assert gap.days == (dt.date(2022, 6, 1) - dt.date(2020, 1, 3)).days - 1 and gap.label == "2 years"


def test_publication_density_bars_count_the_reports_published():
    axis = axis_layout(flood_timeline())
    assert sum(b.count for b in axis.bars) == 3
    assert max(b.height for b in axis.bars) == 1.0


def test_the_story_grain_is_the_granularity_most_dates_have():
    assert story_grain(flood_timeline()) is Granularity.DAY
    assert story_grain(empty_timeline()) is Granularity.DAY


@pytest.mark.parametrize("days, words", [(1, "1 day"), (9, "9 days"), (35, "5 weeks"), (330, "11 months"),
                                         (8036, "22 years")])
def test_gaps_are_said_in_round_words(days, words):
    assert gap_words(days) == words


def test_an_empty_timeline_has_no_axis():
    assert axis_layout(empty_timeline()).empty and render_axis_svg(axis_layout(empty_timeline())) == ""


# -- chart ticks -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("low, high, ticks", [
    (0, 74.52, [0, 20, 40, 60, 80]),
    (0, 25.92, [0, 10, 20, 30]),
    (0, 12.96, [0, 5, 10, 15]),
    (0, 1, [0, 0.5, 1]),
    (0, 9400, [0, 5000, 10000]),
    (0, 240e6, [0, 100e6, 200e6, 300e6]),
    (-3, 7, [-5, 0, 5, 10]),
    (5, 5, [5, 5.5, 6]),
])
def test_value_ticks_are_round(low, high, ticks):
    assert nice_ticks(low, high) == pytest.approx(ticks)


@pytest.mark.parametrize("low, high", [(0, 37.26), (0, 74.52), (0, 12.96), (3.3, 1234.5), (0, 0.037), (-80, 2e9)])
def test_value_ticks_are_one_two_or_five_times_a_power_of_ten_and_cover_the_values(low, high):
    ticks = nice_ticks(low, high)
    assert 2 <= len(ticks) <= 5 and ticks[0] <= low and ticks[-1] >= high
    step = ticks[1] - ticks[0]
    mantissa = step / 10 ** math.floor(math.log10(step))
    assert any(math.isclose(mantissa, m) for m in (1, 2, 5, 10))
    assert all(math.isclose(b - a, step) for a, b in pairwise(ticks))


def test_date_ticks_name_months_and_the_year_once_until_it_changes():
    labels = [label for _, label in date_ticks(dt.date(2015, 1, 20), dt.date(2017, 3, 22))]
    assert labels[0].endswith("2015") and len(labels) <= 5
    assert any(label.endswith("2016") for label in labels) and any(label.endswith("2017") for label in labels)
    days = date_ticks(dt.date(2023, 3, 1), dt.date(2023, 3, 29))
    assert all(day.weekday() == 0 for day, _ in days) and days[0][1] == "6 Mar 2023"
