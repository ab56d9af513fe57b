"""Period, the one typed time value, and the provenance enums code branches on instead of prose."""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.annotate.timex import tag, tag_between
from dateline.ingest.pubdate import bound_by_shared_passages
from dateline.model import (
    Article,
    DateHow,
    Granularity,
    MentionHow,
    Origin,
    Outlet,
    Period,
    PublishedDate,
    TimeMention,
)
from dateline.render.json import mention_dict

G = Granularity
THU = dt.date(2017, 3, 23)  # a Thursday
days = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9989, 12, 31))


# --- Period: boundaries -------------------------------------------------------------------------


@pytest.mark.parametrize("value, first, last, granularity", [
    ("2017-03-22", dt.date(2017, 3, 22), dt.date(2017, 3, 22), G.DAY),
    ("2017-W12", dt.date(2017, 3, 20), dt.date(2017, 3, 26), G.WEEK),
    ("2015-W53", dt.date(2015, 12, 28), dt.date(2016, 1, 3), G.WEEK),  # an ISO year of 53 weeks
    ("2019-W01", dt.date(2018, 12, 31), dt.date(2019, 1, 6), G.WEEK),  # week 1 starting in the year before
    ("2016-02", dt.date(2016, 2, 1), dt.date(2016, 2, 29), G.MONTH),  # a leap year
    ("2017-Q1", dt.date(2017, 1, 1), dt.date(2017, 3, 31), G.QUARTER),
    ("2017-Q4", dt.date(2017, 10, 1), dt.date(2017, 12, 31), G.QUARTER),
    ("2017-SP", dt.date(2017, 3, 1), dt.date(2017, 5, 31), G.SEASON),
    ("2017-SU", dt.date(2017, 6, 1), dt.date(2017, 8, 31), G.SEASON),
    ("2017-FA", dt.date(2017, 9, 1), dt.date(2017, 11, 30), G.SEASON),
    ("2015-WI", dt.date(2015, 12, 1), dt.date(2016, 2, 29), G.SEASON),  # winter runs into a leap February
    ("2017", dt.date(2017, 1, 1), dt.date(2017, 12, 31), G.YEAR),
    ("201", dt.date(2010, 1, 1), dt.date(2019, 12, 31), G.DECADE),  # the 2010s
    ("199", dt.date(1990, 1, 1), dt.date(1999, 12, 31), G.DECADE),
])
def test_a_timex_value_names_the_days_it_always_has(value, first, last, granularity):
    period = Period.parse(value)
    assert (period.first, period.last, period.granularity) == (first, last, granularity)
    assert period.timex == value


@pytest.mark.parametrize("value", ["", "2017-3-22", "2017-02-30", "2017-W54", "2017-13", "2017-Q5", "2017-XX",
                                   "17", "20170", "sometime", "2017-03-22T10:00"])
def test_what_is_not_a_timex_value_is_refused(value):
    with pytest.raises(ValueError):
        Period.parse(value)


def test_a_period_that_is_not_a_whole_calendar_period_cannot_be_made():
    with pytest.raises(ValueError, match="not a whole month"):
        Period(dt.date(2017, 3, 2), dt.date(2017, 3, 31), G.MONTH)


@given(days, st.sampled_from(list(Granularity)))
def test_every_period_round_trips_through_its_timex_value(day, granularity):
    period = Period.of(day, granularity)
    assert Period.parse(period.timex) == period
    assert period.contains(day) and period.first <= period.last


@given(days, st.sampled_from(list(Granularity)))
def test_periods_of_one_granularity_tile_the_calendar(day, granularity):
    """The period after a period starts the day after it ends: no gaps, no overlaps."""
    period = Period.of(day, granularity)
    after = Period.of(period.last + dt.timedelta(days=1), granularity)
    assert after.first == period.last + dt.timedelta(days=1) and after != period
    assert Period.of(period.first, granularity) == Period.of(period.last, granularity) == period


@given(days)
def test_a_periods_bounds_are_the_calendars(day):
    assert Period.of(day, G.WEEK).first.weekday() == 0 and Period.of(day, G.WEEK).last.weekday() == 6
    assert Period.of(day, G.MONTH).last.day == calendar.monthrange(day.year, day.month)[1]
    assert Period.of(day, G.QUARTER).first.month in (1, 4, 7, 10)
    assert Period.of(day, G.SEASON).first.month in (3, 6, 9, 12)
    assert Period.of(day, G.SEASON).timex[:4] == f"{Period.of(day, G.SEASON).first.year:04d}"
    assert Period.of(day, G.DECADE).first.year % 10 == 0


@given(days, days)
def test_outline_order_is_the_order_of_the_timex_values_of_days_months_and_years(a, b):
    """What events and selection sort by: earlier first, and the longer of two periods starting together."""
    periods = [Period.of(d, g) for d in (a, b) for g in (G.DAY, G.MONTH, G.YEAR)]
    assert sorted(periods, key=lambda p: p.sort_key) == sorted(periods, key=lambda p: p.timex)


def test_containment():
    march = Period.parse("2017-03")
    assert march.contains(Period.parse("2017-03-22")) and march.contains(dt.date(2017, 3, 31))
    assert Period.parse("2017").contains(march) and not march.contains(Period.parse("2017"))
    assert not march.contains(Period.parse("2017-W13"))  # 27 March to 2 April


# --- the tagger resolves to Periods, and names its rule ---------------------------------------------


@pytest.mark.parametrize("text, how", [
    ("The port reopened on March 22, 2017.", MentionHow.ABSOLUTE),
    ("The vote was held on Jan. 23.", MentionHow.NEAREST_YEAR),
    ("Ministers met on Wednesday.", MentionHow.WEEKDAY_PAST),
    ("Ministers will meet on Monday.", MentionHow.WEEKDAY_FUTURE),
    ("Ministers met last Monday.", MentionHow.FROM_ANCHOR),
    ("The mill shut two weeks ago.", MentionHow.FROM_ANCHOR),
    ("Prices rose in the '90s.", MentionHow.ANCHOR_YEAR),
    ("The talks opened on March 2, 2017. Two days later they collapsed.", MentionHow.FROM_LAST_MENTIONED),
])
def test_each_mention_says_which_rule_resolved_it(text, how):
    assert tag(text, THU)[-1].how is how


def test_a_mention_without_an_anchor_is_unresolved_and_says_why():
    [mention] = tag("Ministers met on Wednesday.", None)
    assert (mention.period, mention.how) == (None, MentionHow.UNRESOLVED)
    assert "no anchor" in (mention.reason or "")


def test_a_mention_the_same_for_every_possible_anchor_keeps_its_rule():
    [mention] = tag_between("Ministers met on March 2, 2017.", dt.date(2017, 3, 20), dt.date(2017, 3, 23))
    assert mention.how is MentionHow.ABSOLUTE and mention.period == Period.parse("2017-03-02")
    assert mention.detail.startswith("absolute; the same for any publication date between")


def test_a_weekday_resolved_by_tense_keeps_the_words_it_always_had_for_people():
    [mention] = tag("Ministers met on Wednesday.", THU)
    assert mention.detail == "weekday, past from the anchor"
    assert mention_dict(mention)["how"] == mention.detail and mention_dict(mention)["value"] == "2017-03-22"


# --- publication bounds branch on the rule, not on its wording -----------------------------------


PASSAGE = ("told a meeting of harbour ministers on Wednesday that the ferry pier would stay shut until the "
           "engineers had finished their survey of the old stone piles")


def _article(name: str, published: dt.date | None) -> Article:
    date = (PublishedDate(published, DateHow.METADATA, 1.0) if published
            else PublishedDate.unknown("no date in the test report"))
    return Article(name, Origin(f"{name}.txt"), Outlet(None, "none"), None, f"The harbour master {PASSAGE}.", date)


def _bounds(how: MentionHow, detail: str) -> PublishedDate:
    dated, undated = _article("dated", THU), _article("undated", None)
    start = dated.text.index("Wednesday")
    wednesday = TimeMention(start, start + 9, "Wednesday", Period.day(dt.date(2017, 3, 22)), THU, how, detail)
    return {a.id: a for a in bound_by_shared_passages([dated, undated], lambda a: [wednesday])}["undated"].published


def test_a_shared_passage_bounds_an_undated_report_by_a_weekday_of_past_narration():
    p = _bounds(MentionHow.WEEKDAY_PAST, "weekday, past from the anchor")
    assert (p.how, p.earliest, p.latest) == (DateHow.SHARED_PASSAGE, dt.date(2017, 3, 22), dt.date(2017, 3, 28))


def test_the_bound_follows_the_rule_even_when_its_wording_changes():
    p = _bounds(MentionHow.WEEKDAY_PAST, "reworded for people")
    assert (p.earliest, p.latest) == (dt.date(2017, 3, 22), dt.date(2017, 3, 28))


@pytest.mark.parametrize("how", [MentionHow.WEEKDAY_FUTURE, MentionHow.FROM_ANCHOR, MentionHow.UNRECORDED])
def test_a_weekday_not_resolved_by_past_narration_bounds_nothing_whatever_its_wording(how):
    p = _bounds(how, "weekday, past from the anchor")
    assert (p.how, p.earliest, p.latest) == (DateHow.NONE, None, None)


def test_mentions_read_back_without_their_rule_equal_the_ones_the_tagger_made():
    [mention] = tag("Ministers met on Wednesday.", THU)
    assert dataclasses.replace(mention, how=MentionHow.UNRECORDED) == mention
