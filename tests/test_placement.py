"""Placement: a date that only qualifies a comparison or a record does not place its sentence.

Every sentence here is invented for these tests (the Republic of Osk is fiction).
"""

import datetime as dt

import pytest

from dateline.annotate.dating import dated_sentences
from dateline.model import Article, DateHow, EventDateHow, Origin, Outlet, Period, PublishedDate
from dateline.story.events import article_candidates
from dateline.story.placement import qualifier

PUBLISHED = dt.date(2021, 6, 12)


@pytest.mark.parametrize(("sentence", "date", "rule"), [
    ("Ferry traffic fell to about half of its level last year, the port authority said.", "last year", "level-then"),
    ("Grain exports were 12 percent higher than a year ago.", "a year ago", "than"),
    ("Grain prices rose sharply compared with 2019, traders said.", "2019", "compared-with"),
    ("Arrivals were lower than in the same period last year.", "last year", "than"),
    ("Sales of the ferry line were up 5 percent from a year earlier.", "a year earlier", "change-from"),
    ("Tourist numbers in May were the highest since 2009.", "2009", "record-since"),
    ("The ministers met for the first time since the treaty was signed in 2017.", "2017", "record-since"),
    ("Harbour fees in 2020 versus 2019 rose by a third.", "2019", "versus"),
])
def test_a_date_that_only_qualifies_is_found_with_its_rule(sentence, date, rule):
    found = qualifier(sentence, sentence.index(date))
    assert found is not None
    assert found[0].name == rule


@pytest.mark.parametrize(("sentence", "date"), [
    ("The ferry will sail no later than Friday, the company said.", "Friday"),
    ("More than a year ago, the port of Brel closed for repairs.", "a year ago"),
    ("The port has been closed since Monday.", "Monday"),
    ("Tourist numbers in May were the highest since 2009.", "May"),
    ("The first families to go home since the flood crossed the bridge on Wednesday.", "Wednesday"),
    ("Exports rose to a record in March, officials said.", "March"),
])
def test_a_date_that_tells_when_something_happened_is_not_a_qualifier(sentence, date):
    assert qualifier(sentence, sentence.index(date)) is None


def candidates(text: str):
    article = Article(id="a1", origin=Origin("a1.txt"), outlet=Outlet(None, "none"), title=None, text=text,
                      published=PublishedDate(PUBLISHED, DateHow.METADATA, 1.0))
    return article_candidates([article], dated_sentences(article))


def test_a_sentence_whose_only_date_qualifies_a_comparison_is_placed_as_one_naming_none():
    [c] = candidates("Oil revenue has dropped to about 40 percent of its level last year, the finance minister said.")
    assert c.period == Period.day(PUBLISHED)
    assert c.how is EventDateHow.PUBLISHED and c.mention is None
    [passed] = c.passed_over
    assert passed.mention.text == "last year" and passed.mention.value == "2020"  # the mention itself is kept
    assert passed.rule == "level-then" and "does not date the sentence" in passed.detail


def test_a_sentence_with_an_event_date_and_a_comparison_is_placed_on_the_event_date():
    [c] = candidates("Tourist arrivals on Wednesday were the highest since 2009, the harbour office said.")
    assert c.period == Period.day(dt.date(2021, 6, 9))
    assert c.mention is not None and c.mention.text == "Wednesday"
    assert [p.mention.text for p in c.passed_over] == ["2009"]


def test_the_dateline_a_publication_date_is_read_from_does_not_place_its_sentence():
    text = "BREL, June 12, 2021 - The ferry to Dunmere sank on Thursday with forty people aboard, the coastguard said."
    article = Article(id="a1", origin=Origin("a1.txt"), outlet=Outlet(None, "none"), title=None, text=text,
                      published=PublishedDate(PUBLISHED, DateHow.DATELINE, 0.9, evidence="BREL, June 12, 2021",
                                              span=(6, 19)))
    [c] = article_candidates([article], dated_sentences(article))
    assert c.period == Period.day(dt.date(2021, 6, 10))
    assert [p.rule for p in c.passed_over] == ["publication-date"]
