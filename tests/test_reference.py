"""Reference times: speech counted from when it was said, and explicit dates beside relative ones.

Every sentence here is invented for these tests (the Republic of Osk and its
ministers are fiction). The reports are published on Saturday 12 June 2021,
so a speech "on Thursday" was made on 10 June.
"""

import datetime as dt

import pytest

from dateline.annotate.dating import dated_sentences
from dateline.model import Article, DateHow, MentionHow, Origin, Outlet, PublishedDate, TimeMention

SATURDAY = dt.date(2021, 6, 12)


def mentions(text: str, published: dt.date | None = SATURDAY) -> dict[str, TimeMention]:
    """The dated mentions of a report, by their text (as the pipeline's dating stage leaves them)."""
    pub = PublishedDate(published, DateHow.METADATA, 1.0) if published else PublishedDate(None, DateHow.NONE, 0.0)
    article = Article(id="a1", origin=Origin("a1.txt"), outlet=Outlet(None, "none"), title=None, text=text, published=pub)
    return {m.text: m for s in dated_sentences(article) for m in s.mentions}


def test_a_quote_is_counted_from_the_day_its_speech_is_dated():
    found = mentions('The minister said on Thursday: "Today we signed the accord, and tomorrow the ferries sail."')
    assert found["Today"].value == "2021-06-10"
    assert found["tomorrow"].value == "2021-06-11"
    assert found["tomorrow"].anchor == dt.date(2021, 6, 10)
    assert "anchored to the speech date in 'said on Thursday'" in found["tomorrow"].detail


def test_a_quote_before_its_dated_attribution_is_counted_from_that_day():
    found = mentions('"The ferries sail tomorrow," the harbour master told reporters Thursday.')
    assert found["tomorrow"].value == "2021-06-11"


def test_reported_speech_is_counted_from_the_dated_speech_verb():
    found = mentions("Mayor Tully told reporters on Thursday that the bridge would reopen tomorrow.")
    assert found["Thursday"].value == "2021-06-10"  # the speech date itself is narration
    assert "anchored" not in found["Thursday"].detail
    assert found["tomorrow"].value == "2021-06-11"


def test_undated_speech_keeps_the_publication_date():
    found = mentions("Mayor Tully said the bridge would reopen tomorrow.")
    assert found["tomorrow"].value == "2021-06-13"
    assert "anchored" not in found["tomorrow"].detail


def test_a_date_of_an_earlier_clause_does_not_date_the_speech():
    found = mentions("The levee broke on Thursday, and officials said the river would crest tomorrow.")
    assert found["tomorrow"].value == "2021-06-13"


def test_a_date_inside_the_reported_clause_is_not_the_speech_date():
    found = mentions("The minister said the talks would resume on Thursday and end tomorrow.")
    assert found["tomorrow"].value == "2021-06-13"


def test_a_first_person_passage_goes_on_telling_the_dated_occasion():
    text = ("Foreign Minister Ilse Varn spoke at a press conference in Brel on Thursday.\n\n"
            "In her words:\n\n"
            "We met our partners here today and we agreed a plan for the ports. "
            "As our prime minister said in a speech two days ago, we will rebuild. Tomorrow I travel to Dunmere.")
    found = mentions(text)
    assert found["today"].value == "2021-06-10"
    assert found["two days ago"].value == "2021-06-08"  # the embedded speech does not become the occasion
    assert found["Tomorrow"].value == "2021-06-11"
    assert "'spoke at a press conference in Brel on Thursday'" in found["Tomorrow"].detail


def test_first_person_speech_with_no_dated_occasion_keeps_the_publication_date():
    found = mentions("Officials spoke to the press.\n\nWe met our partners today and we agreed a plan.")
    assert found["today"].value == "2021-06-12"


@pytest.mark.parametrize(("text", "relative", "value"), [
    ("Delegates met in Brel today (June 10) to sign the treaty.", "today", "2021-06-10"),
    ("The court ruled yesterday, June 3, against the port authority.", "yesterday", "2021-06-03"),
    ("The court ruled on June 3 (Thursday) against the port authority.", "Thursday", "2021-06-03"),
])
def test_an_explicit_date_beside_a_relative_one_wins(text, relative, value):
    found = mentions(text)[relative]
    assert found.value == value
    assert found.how is MentionHow.BESIDE_EXPLICIT
    assert found.detail.startswith("takes the date written beside it")


def test_a_relative_date_beside_another_relative_one_keeps_its_own_value():
    found = mentions("The ministers met yesterday, Thursday and Friday.")
    assert found["yesterday"].value == "2021-06-11"


def test_a_report_without_a_date_leaves_unresolved_speech_unresolved():
    found = mentions('The minister said on Thursday: "Today we signed the accord."', published=None)
    assert found["Today"].period is None


# Reference-time cases only the tagger can get right, kept here as the cases they are.
def test_a_month_of_a_future_meeting_is_in_the_coming_year():
    from dateline.annotate import timex

    [m] = timex.tag("The president has invited ministers to a summit in the month of February, where we will agree "
                    "a plan.", dt.date(2021, 1, 22))
    assert m.value == "2021-02"


def test_in_the_last_month_is_not_the_previous_calendar_month():
    from dateline.annotate import timex

    assert [m.value for m in timex.tag("Attacks on the ports have increased in the last month.", dt.date(2021, 1, 22))
            if m.period is not None] != ["2020-12"]
