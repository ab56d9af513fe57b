"""Durations, sets and vague references: typed with TimeML's values and spans, and never placing a sentence."""

from __future__ import annotations

import datetime as dt

import pytest

import dateline
from dateline.annotate.timex import tag, tag_between
from dateline.model import Article, DateHow, EventDateHow, MentionHow, Origin, Outlet, PublishedDate, TimexType
from dateline.pipeline import dated_sentences
from dateline.story.events import article_candidates, report_focus

WED = dt.date(2021, 6, 16)  # a Wednesday


def typed(text: str, anchor: dt.date | None = WED) -> list[tuple[str, str, str | None]]:
    return [(m.text, m.kind.value, m.value) for m in tag(text, anchor)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # the preposition stays outside the span, as in TimeBank
        ("The ferry strike at Port Elsin lasted for three days.", [("three days", "DURATION", "P3D")]),
        ("Looters roamed the market for nearly two weeks.", [("nearly two weeks", "DURATION", "P2W")]),
        ("In the past 24 hours the river rose by a metre.", [("the past 24 hours", "DURATION", "PT24H")]),
        ("In the last twenty four hours the Kelm dropped.", [("the last twenty four hours", "DURATION", "PT24H")]),
        ("The Brask dinar fell to a five-year low.", [("five-year", "DURATION", "P5Y")]),
        ("The mayor was held for 2 1/2 years.", [("2 1/2 years", "DURATION", "P2Y6M")]),
        ("Mediators will talk for two and a half hours.", [("two and a half hours", "DURATION", "PT2H30M")]),
        ("The hearing went on for more than four hours.", [("more than four hours", "DURATION", "PT4H")]),
        ("Refugees have waited several months for the permits.", [("several months", "DURATION", "PXM")]),
        ("Shops may stay shut over the next few days.", [("the next few days", "DURATION", "PXD")]),
        ("The guild has held the bridge for centuries.", [("centuries", "DURATION", "PXC")]),
        ("The board will decide within a week.", [("a week", "DURATION", "P1W")]),
        # the stretch up to the time of speaking, not the calendar month before it
        ("In the last month, the ferry fares at Port Elsin doubled.", [("the last month", "DURATION", "P1M")]),
        ("Over the past week the Kelm rose steadily.", [("the past week", "DURATION", "P1W")]),
        ("For the year ended March 31, Tollan Mills lost $4 million.",
         [("the year", "DURATION", "P1Y"), ("March 31", "DATE", "2021-03-31")]),
    ],
)
def test_durations_are_typed_with_their_timeml_values(text, expected):
    assert typed(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The council of Vaskor meets every week.", [("every week", "SET", "P1W")]),
        ("Inspectors visit the dam weekly.", [("weekly", "SET", "P1W")]),
        ("The market at Ostrel is held on Fridays.", [("Fridays", "SET", "XXXX-WXX-5")]),
        ("Patrols leave the camp every Monday.", [("every Monday", "SET", "XXXX-WXX-1")]),
        ("Orchards are sprayed each April.", [("each April", "SET", "XXXX-04")]),
        ("The fund pays out $30 million a year.", [("a year", "SET", "P1Y")]),
        ("Buses run twice a day to the border.", [("twice a day", "SET", "P1D")]),
        ("Dividends of 40 cents are paid annually.", [("annually", "SET", "P1Y")]),
    ],
)
def test_sets_are_typed_with_their_timeml_values(text, expected):
    assert typed(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The Dunmere levee is now under guard.", [("now", "PRESENT_REF")]),
        ("Some 300 families are currently in shelters.", [("currently", "PRESENT_REF")]),
        ("The agency recently doubled its staff.", [("recently", "PAST_REF")]),
        ("Such floods were rare in the past.", [("the past", "PAST_REF")]),
        ("Rates will rise soon, the bank said.", [("soon", "FUTURE_REF")]),
        ("Nobody can say what the future holds.", [("the future", "FUTURE_REF")]),
        ("Exports have slumped in recent months.", [("recent months", "PAST_REF")]),
        ("Few farmers grow flax these days.", [("these days", "PRESENT_REF")]),
    ],
)
def test_vague_references_are_dates_valued_as_timeml_values_them(text, expected):
    assert [(m.text, m.value) for m in tag(text, WED)] == expected
    assert all(m.kind is TimexType.DATE and m.period is None and not m.places for m in tag(text, WED))


@pytest.mark.parametrize(
    "text",
    [
        "The former mayor of Vaskor spoke.",  # TimeBank leaves "former" alone
        "He once ran the mill.",
        "Aid will arrive as soon as the road opens.",  # a conjunction
        "The future of the mill is unclear.",  # its prospects, not the time
        "A 34-year-old was arrested; the suspect is 52 years old.",  # ages
        "They won three quarters of the vote.",  # a fraction
        "She began a second term.",  # an ordinal
    ],
)
def test_look_alikes_of_durations_sets_and_vague_words_are_not_tagged(text):
    assert tag(text, WED) == []


def test_a_date_counted_back_stays_a_date_and_a_hedged_duration_keeps_its_hedge():
    assert typed("The bridge fell two years ago.") == [("two years ago", "DATE", "2019")]
    assert typed("Several years ago the bridge fell.") == [("Several years ago", "DATE", "PAST_REF")]
    assert typed("Wages rose over the last two weeks.") == [("the last two weeks", "DURATION", "P2W")]
    assert typed("The tour may last over a week.") == [("over a week", "DURATION", "P1W")]


def test_durations_sets_and_vague_references_need_no_anchor_and_say_they_place_nothing():
    found = tag("Talks lasted three days; envoys now meet weekly.", None)
    assert [(m.value, m.how, m.reason) for m in found] == [
        ("P3D", MentionHow.NOT_PLACED, None), ("PRESENT_REF", MentionHow.NOT_PLACED, None),
        ("P1W", MentionHow.NOT_PLACED, None)]
    assert not any(m.places for m in found)


def test_a_report_known_only_within_bounds_keeps_the_types_and_values():
    found = tag_between("Talks lasted three days and resume soon.", dt.date(2021, 6, 14), dt.date(2021, 6, 16))
    assert [(m.kind, m.value) for m in found] == [(TimexType.DURATION, "P3D"), (TimexType.DATE, "FUTURE_REF")]


def test_the_public_entry_point_is_the_pipelines_tagger():
    text = "The Kelm dam was shut on Monday for three days and will reopen soon."
    assert dateline.tag_dates(text, WED) == tag(text, WED)
    assert [m.kind for m in dateline.tag_dates(text, WED)] == [TimexType.DATE, TimexType.DURATION, TimexType.DATE]


def _report(text: str) -> Article:
    return Article("a", Origin("a.txt"), Outlet("Wireline", "metadata"), None, text,
                   PublishedDate(WED, DateHow.METADATA, 1.0))


@pytest.mark.parametrize(
    "text",
    [
        "The Kelm floodgates at Ostrel have been open for three days, engineers said.",
        "Ferries to the island of Marrow sail every week from the old harbour at Dunmere.",
        "Engineers at the Ostrel works are now checking every one of the eleven floodgates.",
        "The water board recently raised the levees along the lower Kelm by a full metre.",
    ],
)
def test_durations_sets_and_vague_references_never_place_a_sentence(text):
    article = _report(text)
    sentences = dated_sentences(article)
    assert any(m.kind is not TimexType.DATE or m.value.endswith("_REF") for s in sentences for m in s.mentions)
    [candidate] = article_candidates([article], sentences)
    assert (candidate.period.first, candidate.how, candidate.mention) == (WED, EventDateHow.PUBLISHED, None)
    assert report_focus([article], sentences) == {}
