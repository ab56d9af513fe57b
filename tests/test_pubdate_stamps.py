"""Publication dates from a page's stamp printed into the text, glued to the headline or first sentence."""

from __future__ import annotations

import datetime as dt

import pytest

from dateline.ingest.pubdate import date_report
from dateline.model import DateHow, DroppedLine, DropReason

D = dt.date
STORY = "The harbour board of Varnholm voted on Tuesday to close the old ferry pier.\n\nMore text."


def dated_text(result, text):
    assert result.span is not None
    return text[result.span[0] : result.span[1]]


STAMPS = [
    # text, date, the date as written
    # an agency stamp: place, weekday, date, time and zone, then the agency dateline
    ("OSTERBRUNN | Thu Mar 9, 2023 7:50 pm EDT OSTERBRUNN (Wireline) - " + STORY, D(2023, 3, 9), "Mar 9, 2023"),
    # a headline glued to a stamp glued to the first sentence
    ("Ferry pier to close after vote Thursday 9 March 2023 14.02 GMT " + STORY, D(2023, 3, 9), "9 March 2023"),
    ("Thursday, March 9, 2023; 4:30 PM " + STORY, D(2023, 3, 9), "March 9, 2023"),
    ("Thursday, March 9, 2023; Page B02 " + STORY, D(2023, 3, 9), "March 9, 2023"),
    ("March 9, 2023 | By Odile Brand, Wireline " + STORY, D(2023, 3, 9), "March 9, 2023"),
    ("By Odile Brand | 9 March 2023 " + STORY, D(2023, 3, 9), "9 March 2023"),
    ("March 9, 2023 - 7:48 AM | by: Odile Brand " + STORY, D(2023, 3, 9), "March 9, 2023"),
    ("By Odile Brand March 9, 2023: 10:44 AM ET " + STORY, D(2023, 3, 9), "March 9, 2023"),
    ("Odile Brand | 09:26 UK time, Thursday, 9 March 2023 " + STORY, D(2023, 3, 9), "9 March 2023"),
    ("Ferry pier to close Published: 9 March 2023 " + STORY, D(2023, 3, 9), "9 March 2023"),
    ("Posted by Odile Brand and Ilse Forr on March 9, 2023 5:27 AM " + STORY, D(2023, 3, 9), "March 9, 2023"),
    ("Harbour debate Aired March 9, 2023 - 21:00 ET THIS IS A TRANSCRIPT. " + STORY, D(2023, 3, 9), "March 9, 2023"),
    # after a photo caption that has a date of its own
    ("Ferries wait at the old pier in Varnholm, March 7, 2023.\n\n"
     "VARNHOLM | Thu Mar 9, 2023 7:50 pm EDT VARNHOLM (Wireline) - " + STORY, D(2023, 3, 9), "Mar 9, 2023"),
]


@pytest.mark.parametrize(("text", "date", "written"), STAMPS)
def test_a_stamp_in_the_opening_text_gives_the_date_and_its_span(text, date, written):
    result = date_report(text, today=D(2026, 1, 1))
    assert (result.date, result.how, result.confidence) == (date, DateHow.STAMP, 0.8)
    assert dated_text(result, text) == written
    assert written in result.evidence


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Page last updated at 11:14 GMT, Friday, 10 March 2023 " + STORY, "10 March 2023"),
        ("Ferry pier to close 10 March 2023 Last updated at 09:43 GMT " + STORY, "10 March 2023"),
        ("Last updated: 10 March, 2023 - 17:54 GMT " + STORY, "10 March, 2023"),
    ],
)
def test_a_last_updated_stamp_is_an_upper_bound_not_the_date_said_in_the_reason(text, written):
    result = date_report(text, today=D(2026, 1, 1))
    assert (result.date, result.latest, result.how, result.confidence) == (None, D(2023, 3, 10), DateHow.UPDATED, 0.6)
    assert result.reason == ("only a last-updated date (2023-03-10): the report was published on that day or before "
                             "it, and nothing in it says which day")
    assert dated_text(result, text) == written


def test_a_published_stamp_beats_a_last_updated_one():
    text = "Last updated: 10 March 2023 Ferry pier to close March 9, 2023 | By Odile Brand " + STORY
    result = date_report(text, today=D(2026, 1, 1))
    assert (result.date, result.how) == (D(2023, 3, 9), DateHow.STAMP)


def test_the_url_beats_a_last_updated_stamp():
    text = "Page last updated at 11:14 GMT, Friday, 10 March 2023 " + STORY
    result = date_report(text, url="https://news.example/2023/03/09/pier", today=D(2026, 1, 1))
    assert (result.date, result.how) == (D(2023, 3, 9), DateHow.URL)


def test_metadata_beats_a_stamp():
    text = "Thursday, March 9, 2023; 4:30 PM " + STORY
    result = date_report(text, meta_published="2023-03-08", today=D(2026, 1, 1))
    assert (result.date, result.how) == (D(2023, 3, 8), DateHow.METADATA)


def test_a_dateline_beats_a_stamp_that_disagrees_and_is_trusted_less():
    text = "Thursday, March 9, 2023; 4:30 PM\n\nVARNHOLM, March 8, 2023 - " + STORY
    result = date_report(text, today=D(2026, 1, 1))
    assert (result.date, result.how, result.confidence) == (D(2023, 3, 8), DateHow.DATELINE, 0.8)


@pytest.mark.parametrize(
    "text",
    [
        # a date in the story's first sentence, with a time: the sentence leads into it
        "The dam failed on Tuesday, March 7, 2023 at 9:45 pm EDT, the board said.\n\nMore text.",
        # a sentence opening with a date and time that it then continues
        "Tuesday, March 7, 2023 at 9:45 pm EDT was when the dam failed.\n\nMore text.",
        # a photo caption: a place, a comma, a date and the caption running on
        "Ferries wait at the old pier in Varnholm, Tuesday, March 7, 2023, before the vote.\n\nMore text.",
        # a date in a sentence, no stamp at all
        "On March 7, 2023 the protests began in Varnholm.\n\nMore text.",
        # lowercase 'published' in prose is not a label
        "The report, published on March 7, 2023, found the pier unsafe.\n\nMore text.",
        # a reader's comment with its stamp
        "Ferry pier to close\n\nGreat story.\n\nMarch 8, 2023 at 9:47 am | Report abuse | I agree.\n\nMore text.",
        # a list of other posts, each with its own stamp
        "All posts by Odile Brand Pier vote - 16:10 UK time, Wednesday, 8 March 2023 Ferry fares - "
        "08:55 UK time, Thursday, 2 March 2023 Harbour news\n\nMore text.",
        # a clock time without am/pm or a zone is not enough
        "March 7, 2023 10.30 Ferries resumed.\n\nMore text.",
        # a stamp without a year
        "Thu Mar 9 7:50 pm EDT VARNHOLM (Wireline) - " + STORY,
    ],
)
def test_dates_in_sentences_captions_comments_and_lists_are_not_stamps(text):
    result = date_report(text, today=D(2026, 1, 1))
    assert result.date is None
    assert result.how is DateHow.NONE


def test_a_stamp_whose_weekday_contradicts_its_date_is_refused_with_the_reason():
    result = date_report("Fri Mar 9, 2023 7:50 pm EDT VARNHOLM (Wireline) - " + STORY, today=D(2026, 1, 1))
    assert result.date is None
    assert "whose weekday is not Fri" in result.reason


def test_a_crawl_banner_above_the_headline_is_still_not_taken():
    text = f"Saturday 27 April 2024\n\nFerry pier to close\n\n{STORY}"
    result = date_report(text, title="Ferry pier to close", today=D(2026, 1, 1))
    assert result.date is None
    assert "page banner (2024-04-27)" in result.reason
    dropped = [DroppedLine("Sat 27 Apr 2024 10:42 BST", DropReason.DATE_BANNER)]
    result = date_report(STORY, dropped=dropped, today=D(2026, 1, 1))
    assert result.date is None
    assert "page banner (2024-04-27)" in result.reason


def test_a_stamp_deep_in_the_story_is_not_the_publication_date():
    paragraphs = [f"Paragraph {i} of the story." for i in range(8)]
    text = "\n\n".join(["Ferry pier to close", *paragraphs, "Thursday, March 9, 2023; 4:30 PM The end."])
    assert date_report(text, today=D(2026, 1, 1)).date is None


def test_a_guessed_headline_below_the_story_prose_does_not_turn_the_stamp_into_a_banner():
    opening = "Thursday, March 9, 2023; 4:30 PM " + "The harbour board of Varnholm voted to close the pier. " * 4
    text = f"{opening}\n\nA short line of the story\n\nMore text."
    result = date_report(text, title="A short line of the story", today=D(2026, 1, 1))
    assert (result.date, result.how) == (D(2023, 3, 9), DateHow.STAMP)


def test_a_report_with_only_a_last_updated_stamp_is_shown_as_published_on_or_before_it(tmp_path):
    import json

    import dateline

    pile = tmp_path / "pile"
    pile.mkdir()
    record = {"title": "Harbour board votes to close the old ferry pier at Varnholm",
              "text": "Page last updated at 11:14 GMT, Friday, 10 March 2023\n\n"
                      "The harbour board of Varnholm voted on Tuesday to close the old ferry pier after a survey found "
                      "its piles rotten. The board said the pier would shut on 1 April 2023 and that a new landing "
                      "would be built."}
    (pile / "pier.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    timeline = dateline.build(pile, out=tmp_path / "out")
    (article,) = timeline.articles
    assert (article.published.date, article.published.latest) == (None, D(2023, 3, 10))
    assert "| on or before 2023-03-10 | updated |" in (tmp_path / "out" / "timeline.md").read_text(encoding="utf-8")
    # the relative "on Tuesday" is not resolved from a guessed day; the absolute date still places its sentence
    assert [e.value for e in timeline.entries] == ["2023-04-01"]
