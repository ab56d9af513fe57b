import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.annotate.timex import tag, tag_between
from dateline.annotate.timex_kinds import names_calendar
from dateline.model import Granularity

THU = dt.date(2017, 3, 23)  # a Thursday


def values(text, anchor=THU):
    return [(m.text, m.value) for m in tag(text, anchor)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The port reopened on March 22, 2017.", [("March 22, 2017", "2017-03-22")]),
        ("It closed on 22 March 2017.", [("22 March 2017", "2017-03-22")]),
        ("It closed on Wednesday, March 22, 2017.", [("Wednesday, March 22, 2017", "2017-03-22")]),
        ("Filed 2017-03-22 in Osk.", [("2017-03-22", "2017-03-22")]),
        ("The vote was held on Jan. 23.", [("Jan. 23", "2017-01-23")]),
        ("Ministers met in London today (Jan.22).", [("today", "2017-03-23"), ("Jan.22", "2017-01-22")]),
        ("The law passed in March 2016.", [("March 2016", "2016-03")]),
        ("The mill shut in 2009.", [("2009", "2009")]),
        ("Prices fell in the 1990s.", [("the 1990s", "199")]),
    ],
)
def test_explicit_dates_resolve_to_their_granularity(text, expected):
    assert values(text) == expected


@pytest.mark.parametrize(
    "text, value",
    [
        ("Ministers met on Monday.", "2017-03-20"),
        ("Ministers met on Thursday.", "2017-03-23"),  # the anchor's own weekday: that day
        ("Wednesday's attack killed three.", "2017-03-22"),
        ("The envoy left last Friday.", "2017-03-17"),
        ("Ministers will meet on Monday.", "2017-03-27"),
        ("Talks are due to resume on Thursday.", "2017-03-30"),
        ("Talks are due to resume on Thursday afternoon.", "2017-03-23"),  # written that morning: later the same day
        ("They meet again next Monday.", "2017-03-27"),
        ("Rescuers worked through Tuesday night.", "2017-03-21"),
    ],
)
def test_weekdays_resolve_by_the_tense_of_their_clause(text, value):
    [(_, got)] = values(text)
    assert got == value


@pytest.mark.parametrize(
    "text, value, granularity",
    [
        ("The toll rose yesterday.", "2017-03-22", Granularity.DAY),
        ("They arrive tomorrow.", "2017-03-24", Granularity.DAY),
        ("Shops closed last week.", "2017-W11", Granularity.WEEK),
        ("Earlier this month, officials warned.", "2017-03", Granularity.MONTH),
        ("Prices rose last month.", "2017-02", Granularity.MONTH),
        ("Elections are due next year.", "2018", Granularity.YEAR),
        ("The plant opened three days ago.", "2017-03-20", Granularity.DAY),
        ("He vowed in January to act.", "2017-01", Granularity.MONTH),
        ("They will vote in December.", "2017-12", Granularity.MONTH),
        ("Sales fell in the first quarter.", "2017-Q1", Granularity.QUARTER),
        ("Floods hit last summer.", "2016-SU", Granularity.SEASON),
    ],
)
def test_relative_expressions_resolve_against_the_anchor(text, value, granularity):
    [mention] = tag(text, THU)
    assert (mention.value, mention.granularity) == (value, granularity)
    assert mention.anchor == THU


def test_story_relative_expressions_use_the_last_day_mentioned():
    text = "The dam broke on March 3. Two days later, the toll rose. A day earlier the rain had stopped."
    assert [v for _, v in values(text)] == ["2017-03-03", "2017-03-05", "2017-03-04"]


@pytest.mark.parametrize(
    "text",
    [
        "The strike lasted for three days.",
        "Markets open every week.",
        "The market is held on Fridays.",
        "A 34-year-old was arrested.",
        "About 2,000 troops remain.",
        "He told the Sunday Times.",
        "The Good Friday agreement held.",
        "She jogs every Monday.",
        "Talks were held recently and will resume soon.",
    ],
)
def test_durations_sets_ages_and_names_are_not_dates(text):
    assert [m for m in tag(text, THU) if m.places or names_calendar(m)] == []


def test_without_an_anchor_relative_mentions_stay_unresolved_with_a_reason():
    mentions = tag("On Wednesday, March 22, 2017, they met; on Monday they left.", None)
    assert mentions[0].value == "2017-03-22"
    assert mentions[1].value is None and "no anchor" in mentions[1].reason


def test_a_bounded_anchor_keeps_only_values_that_do_not_depend_on_the_exact_day():
    text = "Tillerson spoke on Wednesday. Abadi met Trump on Monday. It was the first meeting since last year."
    mentions = tag_between(text, dt.date(2017, 3, 22), dt.date(2017, 3, 28))
    by_text = {m.text: m for m in mentions}
    assert by_text["Wednesday"].value == "2017-03-22"
    assert by_text["Monday"].value is None and "depends on the exact publication date" in by_text["Monday"].reason
    assert by_text["last year"].value == "2016"


def test_a_full_date_whose_weekday_contradicts_it_is_not_resolved():
    [mention] = tag("It happened on Friday, March 22, 2017.", THU)
    assert mention.text == "Friday, March 22, 2017" and mention.value is None
    assert mention.reason == "its weekday (Friday) contradicts the date (a Wednesday): not resolved"


# --- properties -----------------------------------------------------------------

anchors = st.dates(dt.date(1950, 1, 1), dt.date(2040, 12, 31))
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@given(anchors, st.sampled_from(["yesterday", "on Monday", "last month", "in March", "next year", "two days later"]))
def test_resolution_is_deterministic(anchor, phrase):
    text = f"Officials said {phrase} that the talks had failed."
    assert tag(text, anchor) == tag(text, anchor)


@given(anchors)
def test_yesterday_is_the_anchor_minus_one_day(anchor):
    [mention] = tag("The bridge was closed yesterday.", anchor)
    assert mention.value == (anchor - dt.timedelta(days=1)).isoformat()


@given(anchors, st.sampled_from(WEEKDAYS))
def test_a_past_weekday_lies_in_the_seven_days_up_to_the_anchor(anchor, weekday):
    [mention] = tag(f"The minister resigned on {weekday}.", anchor)
    day = dt.date.fromisoformat(mention.value)
    assert 0 <= (anchor - day).days <= 6
    assert day.strftime("%A") == weekday


@given(anchors, st.sampled_from(WEEKDAYS))
def test_a_future_weekday_lies_in_the_seven_days_after_the_anchor(anchor, weekday):
    [mention] = tag(f"The minister will resign on {weekday}.", anchor)
    day = dt.date.fromisoformat(mention.value)
    assert 1 <= (day - anchor).days <= 7


FINEST = {"day": 0, "week": 1, "month": 2, "quarter": 3, "season": 3, "year": 4, "decade": 5}


@given(
    anchors,
    st.sampled_from(
        [
            ("in March", "month"), ("last month", "month"), ("in 2016", "year"), ("last week", "week"),
            ("last summer", "season"), ("the 1990s", "decade"), ("the first quarter", "quarter"),
            ("earlier this year", "year"), ("March 2016", "month"), ("on March 3", "day"),
        ]
    ),
)
def test_a_value_is_never_finer_than_its_mention(anchor, case):
    phrase, granularity = case
    [mention] = tag(f"Officials said the plan was agreed {phrase}.", anchor)
    assert FINEST[mention.granularity.value] >= FINEST[granularity]
    assert mention.period is not None and mention.period.first <= mention.period.last


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Prices fell in the early 1980s.", [("the early 1980s", "198")]),
        ("Rents rose through the mid-2020s.", [("the mid-2020s", "202")]),
        ("The fair opens this weekend.", [("this weekend", "2017-W12")]),  # said on a Thursday: the coming one
        ("Rain fell over the weekend.", [("weekend", "2017-W11")]),
    ],
)
def test_decades_with_modifiers_and_weekends(text, expected):
    assert values(text) == expected
