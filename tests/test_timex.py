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
        ("Talks are due to resume on Thursday afternoon.", "2017-03-23TAF"),  # written that morning: later the same day
        ("They meet again next Monday.", "2017-03-27"),
        ("Rescuers worked through Tuesday night.", "2017-03-21TNI"),  # a TIME: TimeML's part of the day
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
        ("The fair opens this weekend.", [("this weekend", "2017-W12-WE")]),  # said on a Thursday: the coming one
        ("Rain fell over the weekend.", [("the weekend", "2017-W11-WE")]),  # TimeML's weekend of an ISO week
    ],
)
def test_decades_with_modifiers_and_weekends(text, expected):
    assert values(text) == expected


# --- TimeML's conventions for DATE and TIME (issue 11) ------------------------------------------------------

OCT_1994 = dt.date(1994, 10, 27)  # a Thursday in the fourth quarter


def kinds(text, anchor):
    return [(m.text, m.kind.value, m.value) for m in tag(text, anchor)]


def test_a_report_about_a_quarter_compares_with_the_same_quarter_a_year_before():
    text = ("Marlow Foods said third-quarter profit rose 12% to $4 million from $3.6 million a year earlier. "
            "Sales in the latest quarter were flat. In the year-ago quarter the company took a charge.")
    assert [v for _, _, v in kinds(text, OCT_1994)] == ["1994-Q3", "1993-Q3", "1994-Q3", "1993-Q3"]


def test_last_year_in_a_comparison_of_figures_is_the_year_ago_quarter_but_not_elsewhere():
    text = ("Quorn Bank's third-quarter net rose to $9 million from $7 million last year. "
            "Last year the bank closed its branch in Osk.")
    assert [v for _, _, v in kinds(text, OCT_1994)] == ["1994-Q3", "1993-Q3", "1993"]


def test_quarters_and_halves_without_a_year_take_the_nearest_the_tense_allows():
    assert kinds("The company expects third-quarter results next week.", OCT_1994)[0][2] == "1994-Q3"
    assert kinds("Orvell expects sales in the first half of 1995 to rise.", OCT_1994) == [
        ("the first half of 1995", "DATE", "1995-H1")]


def test_fiscal_years_are_written_by_the_year_that_names_them():
    assert kinds("Orvell Mining earned $8 million in fiscal 1993.", OCT_1994) == [("fiscal 1993", "DATE", "1993")]


def test_parts_of_the_day_and_clock_times_are_times_of_their_day():
    text = "The blast struck at 10 p.m. Wednesday; rescuers worked until 5 a.m. Thursday and left this morning."
    assert kinds(text, OCT_1994) == [("10 p.m. Wednesday", "TIME", "1994-10-26T22:00"),
                                     ("5 a.m. Thursday", "TIME", "1994-10-27T05:00"),
                                     ("this morning", "TIME", "1994-10-27TMO")]
    [night] = tag("Talks broke down on Tuesday night.", OCT_1994)
    assert (night.period.timex, night.value) == ("1994-10-25", "1994-10-25TNI")  # placed on its day


def test_a_lone_midnight_is_not_tagged_because_it_may_end_the_day_or_begin_it():
    assert kinds("Fireworks lit the harbour at midnight.", OCT_1994) == []
    assert kinds("Turnout by noon was 31 percent.", OCT_1994) == [("noon", "TIME", "1994-10-27T12:00")]


def test_weekends_are_written_as_timeml_weekends_of_their_iso_week():
    assert kinds("Storms closed the roads over the weekend.", dt.date(1994, 10, 31)) == [
        ("the weekend", "DATE", "1994-W43-WE")]
    assert kinds("Forecasters expect the heat to last until the weekend.", OCT_1994) == [
        ("the weekend", "DATE", "1994-W43-WE")]


def test_intent_points_its_date_forward_whatever_the_tense_of_the_intent():
    text = ("The president has invited governments to come to a summit on trade in the month of April, "
            "where ministers will sign the pact.")
    assert kinds(text, dt.date(2015, 1, 20)) == [("April", "DATE", "2015-04")]
    assert kinds("Protesters planned a march on Saturday.", OCT_1994) == [("Saturday", "DATE", "1994-10-29")]


def test_a_far_month_day_takes_its_year_from_the_tense_a_near_one_from_nearness():
    assert kinds("Police have charged a man over the Oct. 23 shooting, which shocked the town.",
                 dt.date(1999, 5, 12)) == [("Oct. 23", "DATE", "1998-10-23")]
    assert kinds("The dividend was declared payable Dec. 7.", OCT_1994) == [("Dec. 7", "DATE", "1994-12-07")]


def test_a_deadline_after_by_lies_ahead_unless_its_clause_is_past():
    assert kinds("The plant must repay the loan by February.", OCT_1994) == [("February", "DATE", "1995-02")]
    assert kinds("By February, sales had fallen by half.", dt.date(1994, 5, 2))[0][2] == "1994-02"


def test_the_future_of_a_past_moment_is_past():
    assert kinds("The offer had been due to expire on Friday evening.", dt.date(1994, 10, 31)) == [
        ("Friday evening", "TIME", "1994-10-28TEV")]


def test_generic_and_programme_uses_of_today_and_this_week_are_not_dates():
    assert kinds("In today's world, few people write letters. This is Radio Kell Today.", OCT_1994) == []
    assert kinds('The minister said on "This Week" that talks would resume.', OCT_1994) == []


def test_year_phrases_spelled_years_decades_and_centuries():
    assert kinds("Rebels took the town in nineteen ninety-one.", dt.date(1998, 3, 1)) == [
        ("nineteen ninety-one", "DATE", "1991")]
    assert kinds("Prices were lower a decade ago.", dt.date(1998, 3, 1)) == [("a decade ago", "DATE", "198")]
    [century] = tag("The 20th century saw two world wars.", OCT_1994)
    assert (century.value, century.period, century.places) == ("19", None, False)
    assert kinds("The mill opened in May 1992. Later that year it burned down.", OCT_1994)[1] == (
        "Later that year", "DATE", "1992")
    [unknown] = tag("Later that year it burned down.", OCT_1994)
    assert unknown.period is None and "no year" in (unknown.reason or "")
    assert kinds("Earnings for the full year will fall.", OCT_1994) == [("the full year", "DATE", "1994")]


def test_a_lone_clock_time_is_on_the_recent_day_last_named_else_the_anchors():
    text = "Forty people were hurt on Thursday at Osk.\n\nThe wall slid into the river shortly after 10 a.m."
    assert kinds(text, dt.date(1994, 10, 28))[-1] == ("10 a.m.", "TIME", "1994-10-27T10:00")
    text = "Voters went to the polls four years after the vote of 29 February 1990. Turnout by noon was low."
    assert kinds(text, dt.date(1994, 10, 28))[-1] == ("noon", "TIME", "1994-10-28T12:00")
