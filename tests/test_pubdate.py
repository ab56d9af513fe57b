"""Publication-date detection: each kind of evidence, their order, and refusals."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from conftest import COALITION as CORPUS
from conftest import skip_without_coalition
from hypothesis import given
from hypothesis import strategies as st

from dateline.ingest.pubdate import complete_years, date_report, parse_meta_date
from dateline.model import Article, DateHow, DroppedLine, DropReason, Origin, Outlet

D = dt.date
BODY = "The harbour board of Varnholm voted on Tuesday to close the old ferry pier.\n\nMore text."


def dated_text(result, text):
    """The text the result's span points at."""
    assert result.span is not None
    return text[result.span[0] : result.span[1]]


# --- datelines -----------------------------------------------------------------

DATELINES = [
    # text opening the story, expected date, the date as written, evidence
    ("VARNHOLM, February 11, 2016\n\n" + BODY, D(2016, 2, 11), "February 11, 2016", "VARNHOLM, February 11, 2016"),
    ("PORT ELMSWORTH, March 3, 2023 – " + BODY, D(2023, 3, 3), "March 3, 2023", "PORT ELMSWORTH, March 3, 2023"),
    ("Lindqvist, 3 March 2023: " + BODY, D(2023, 3, 3), "3 March 2023", "Lindqvist, 3 March 2023"),
    ("SPRINGVALE, Ore., Sept. 14, 2021 — " + BODY, D(2021, 9, 14), "Sept. 14, 2021", "SPRINGVALE, Ore., Sept. 14, 2021"),
    ("KESSLING, 3rd March 2023 - " + BODY, D(2023, 3, 3), "3rd March 2023", "KESSLING, 3rd March 2023"),
    ("NEW VARDALE, Thursday, March 9, 2023 (Wireline) — " + BODY, D(2023, 3, 9), "March 9, 2023",
     "NEW VARDALE, Thursday, March 9, 2023 (Wireline)"),
    ("ÉVREMONT, 9 Mar 2023 — " + BODY, D(2023, 3, 9), "9 Mar 2023", "ÉVREMONT, 9 Mar 2023"),
    ("The Hollins, MAY 2, 1998: " + BODY, D(1998, 5, 2), "MAY 2, 1998", "The Hollins, MAY 2, 1998"),
    ("Ferry protest\n\nBy Odile Brand\n\nOSTERBRUNN, Jan. 5, 2020 – " + BODY, D(2020, 1, 5), "Jan. 5, 2020",
     "OSTERBRUNN, Jan. 5, 2020"),
]


@pytest.mark.parametrize(("text", "date", "written", "evidence"), DATELINES)
def test_dateline_with_full_date_gives_date_and_span(text, date, written, evidence):
    result = date_report(text)
    assert (result.date, result.how, result.confidence) == (date, DateHow.DATELINE, 0.9)
    assert result.evidence == evidence
    assert dated_text(result, text) == written


@pytest.mark.parametrize(
    ("text", "written", "evidence"),
    [
        ("Marrowby, Jan. 23: Minister Ilse Forr said " + BODY, "Jan. 23", "Marrowby, Jan. 23"),
        ("KESSLING, Mar. 9 (Wireline) — " + BODY, "Mar. 9", "KESSLING, Mar. 9 (Wireline)"),
        ("Lindqvist, 14 September: " + BODY, "14 September", "Lindqvist, 14 September"),
    ],
)
def test_yearless_dateline_is_unknown_with_reason_and_evidence(text, written, evidence):
    result = date_report(text)
    assert result.date is None and result.how is DateHow.NONE
    assert result.reason.startswith(f"dateline '{written}' gives no year")
    assert result.evidence == evidence
    assert dated_text(result, text) == written


def test_dateline_glued_to_alt_text_is_found():
    text = "Ferry vote\n\nharbour photo of the pierMarrowby, Jan. 23: The board voted.\n"
    result = date_report(text)
    assert result.evidence == "Marrowby, Jan. 23"
    assert dated_text(result, text) == "Jan. 23"
    glued = "Ferry vote\n\nthe pierPORT ELMSWORTH, March 3, 2023 – The board voted.\n"
    assert date_report(glued).date == D(2023, 3, 3)


@pytest.mark.parametrize("opening", ["HALVERSTON: ", "HALVERSTON (Wireline) - ", "NEW VARDALE, Ore. — "])
def test_place_only_dateline_gives_nothing(opening):
    result = date_report(opening + BODY)
    assert result.date is None
    assert "names only a place" in result.reason


# --- date lines ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "date", "written", "confidence"),
    [
        ("March 23, 2017", D(2017, 3, 23), "March 23, 2017", 0.8),
        ("Published 12 March 2016", D(2016, 3, 12), "12 March 2016", 0.85),
        ("Thu 9 Mar 2023 14.02 GMT", D(2023, 3, 9), "9 Mar 2023", 0.8),
        ("Posted on Sept. 4, 2019 at 10:42 am", D(2019, 9, 4), "Sept. 4, 2019", 0.85),
        ("Wednesday, 1st November 2006", D(2006, 11, 1), "1st November 2006", 0.8),
    ],
)
def test_date_line_near_headline_gives_date(line, date, written, confidence):
    text = f"Ferry pier to close\n\n{line}\n\n{BODY}"
    result = date_report(text, title="Ferry pier to close")
    assert (result.date, result.how, result.confidence) == (date, DateHow.DATE_LINE, confidence)
    assert result.evidence == line
    assert dated_text(result, text) == written


def test_updated_date_line_gives_the_update_day_as_an_upper_bound_not_as_the_date():
    line = "Updated: 2023-03-09 10:42 GMT"
    text = f"Ferry pier to close\n\n{line}\n\n{BODY}"
    result = date_report(text, title="Ferry pier to close")
    assert (result.date, result.latest, result.earliest) == (None, D(2023, 3, 9), None)
    assert (result.how, result.confidence) == (DateHow.UPDATED, 0.6)
    assert "published on that day or before it" in result.reason
    assert dated_text(result, text) == "2023-03-09"


def test_published_date_line_is_preferred_over_updated():
    text = f"Updated 14 March 2016\n\nPublished 12 March 2016\n\n{BODY}"
    result = date_report(text)
    assert (result.date, result.confidence) == (D(2016, 3, 12), 0.85)


def test_banner_above_headline_is_not_the_publication_date():
    text = f"Saturday 27 April 2024\n\nStory\n\nFerry pier to close\n\n{BODY}"
    result = date_report(text, title="Ferry pier to close")
    assert result.date is None
    assert result.reason == (
        "no date metadata, dateline or date line; "
        "only a page banner (2024-04-27), which is usually the crawl date"
    )


def test_banner_dropped_by_the_cleaner_is_named_in_the_reason():
    dropped = [DroppedLine("Sat 27 Apr 2024", DropReason.DATE_BANNER)]
    result = date_report(BODY, dropped=dropped)
    assert result.date is None
    assert "page banner (2024-04-27)" in result.reason


@pytest.mark.parametrize("reason", [DropReason.AFTER_ARTICLE, "advertisement banner", "banner ad"])
def test_a_dated_line_dropped_for_another_reason_is_no_banner_whatever_its_reason_says(reason):
    # The kind of drop decides, not the wording of its reason: "banner" in a reason's text is no date banner.
    result = date_report(BODY, dropped=[DroppedLine("Sat 27 Apr 2024", reason)])
    assert "2024-04-27" not in (result.reason or "")


def test_banner_with_dateline_below_gives_the_dateline():
    text = f"Saturday 27 April 2024\n\nFerry pier to close\n\nVARNHOLM, February 11, 2016\n\n{BODY}"
    result = date_report(text, title="Ferry pier to close")
    assert (result.date, result.how, result.confidence) == (D(2016, 2, 11), DateHow.DATELINE, 0.9)


@pytest.mark.parametrize(("date_line", "confidence"), [("March 3, 2023", 0.9), ("March 5, 2023", 0.8)])
def test_dateline_beats_date_line_and_disagreement_lowers_confidence(date_line, confidence):
    text = f"{date_line}\n\nPORT ELMSWORTH, March 3, 2023 – {BODY}"
    result = date_report(text)
    assert (result.date, result.how, result.confidence) == (D(2023, 3, 3), DateHow.DATELINE, confidence)


# --- refusals --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # a photo caption with a full date
        "Ferry pier to close\n\nCommuters queue at the old pier in Varnholm, Osterland on March 7, 2017. "
        "( Ilse Forr - Wireline Agency )\n\nThe board voted on Wednesday.",
        # a date inside a sentence
        "On March 7, 2017 the board of Varnholm voted to close the pier.\n\nMore text.",
        # relative dates only
        "The board voted on Wednesday, a week after last Thursday's hearing.\n\nMore text.",
        # a hard-wrapped sentence whose date falls on a line of its own
        "The harbour board of Varnholm closed the old ferry pier at the meeting held on\n"
        "March 23, 2017\nafter a long debate.\n",
        # a date line far down the story
        "\n\n".join(["Ferry pier to close"] + [f"Paragraph {i} of the story." for i in range(8)] + ["March 23, 2017"]),
    ],
)
def test_dates_in_sentences_captions_or_deep_in_the_body_are_ignored(text):
    assert date_report(text).date is None


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("February 30, 2023\n\n" + BODY, "not a possible date"),
        ("VARNHOLM, Feb. 30, 2023 – " + BODY, "not a possible date"),
        ("VARNHOLM, March 3, 1850 – " + BODY, "out of range"),
        ("March 3, 2090\n\n" + BODY, "out of range"),
        ("Friday, March 9, 2023\n\n" + BODY, "weekday is not Friday"),
    ],
)
def test_impossible_or_implausible_dates_are_ignored(text, why):
    result = date_report(text, today=D(2026, 1, 1))
    assert result.date is None
    assert why in result.reason


# --- URL and metadata --------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/world/2017/03/23/ferry-pier-closes/",
        "https://news.example/world/2017-03-23-ferry-pier-closes",
        "https://news.example/a/20170323/ferry.html",
        "https://news.example/world/2017/mar/23/ferry-pier-closes",
    ],
)
def test_url_day_gives_date(url):
    result = date_report(BODY, url=url)
    assert (result.date, result.how, result.confidence, result.evidence) == (D(2017, 3, 23), DateHow.URL, 0.7, url)


@pytest.mark.parametrize(
    ("url", "mention"),
    [
        ("https://news.example/2017/03/ferry-pier", "the URL gives only a month (2017-03)"),
        ("https://news.example/world/ferry-pier-12345678", "date in the URL"),
        ("https://news.example/world/ferry?date=2017-03-23", "date in the URL"),
    ],
)
def test_url_without_a_day_gives_nothing_but_is_mentioned(url, mention):
    result = date_report(BODY, url=url)
    assert result.date is None
    assert mention in result.reason


TOP = f"March 5, 2023\n\nPORT ELMSWORTH, March 4, 2023 – {BODY}"


@pytest.mark.parametrize(
    ("meta", "how", "confidence"),
    [
        ("2023-03-09", DateHow.METADATA, 0.95),
        ("2023-03-09T23:30:00-05:00", DateHow.METADATA, 0.95),  # the publisher's day, not UTC's
        ("2023-03-09T10:00:00Z", DateHow.METADATA, 0.95),
        ("March 9, 2023", DateHow.HEADER, 0.9),
        ("9 March 2023", DateHow.HEADER, 0.9),
        ("Thu, 09 Mar 2023 14:02:00 +0000", DateHow.METADATA, 0.95),
    ],
)
def test_metadata_beats_everything(meta, how, confidence):
    result = date_report(TOP, meta_published=meta, meta_how=how, url="https://x.example/2023/03/01/a")
    assert (result.date, result.how, result.confidence) == (D(2023, 3, 9), how, confidence)
    assert result.evidence == meta and result.span is None


@pytest.mark.parametrize("meta", ["sometime last week", "03/09/2023", "2023", "  "])
def test_unreadable_metadata_falls_through(meta):
    assert date_report(TOP, meta_published=meta).how is DateHow.DATELINE
    result = date_report(BODY, meta_published=meta)
    assert result.date is None
    if meta.strip():
        assert f"date metadata '{meta}' could not be read" in result.reason


@pytest.mark.parametrize(("value", "date"), [("Published: Thu 9 Mar 2023 14.02 GMT", D(2023, 3, 9)),
                                             ("2023/3/9", D(2023, 3, 9)), ("20230309", D(2023, 3, 9)),
                                             ("Feb 30, 2023", None), ("1899-12-31", None)])
def test_parse_meta_date(value, date):
    assert parse_meta_date(value) == date


# --- property ----------------------------------------------------------------------

MONTHS = ["January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December"]
ABBR = ["Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FORMATS = [
    lambda d: f"{MONTHS[d.month - 1]} {d.day}, {d.year}",
    lambda d: f"{ABBR[d.month - 1]} {d.day}, {d.year}",
    lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}",
    lambda d: f"{d.day:02d} {MONTHS[d.month - 1][:3]} {d.year}",
    lambda d: f"{MONTHS[d.month - 1].upper()} {d.day} {d.year}",
    lambda d: f"{WEEKDAYS[d.weekday()]}, {MONTHS[d.month - 1]} {d.day}, {d.year}",
    lambda d: f"{d.isoformat()}",
]


@given(
    date=st.dates(min_value=D(1950, 1, 1), max_value=D(2030, 12, 31)),
    fmt=st.sampled_from(FORMATS),
    city=st.sampled_from(["PORT ELMSWORTH", "Kessling", "NEW VARDALE", "St. Avrel", "Oster-Brunn"]),
    sep=st.sampled_from(["–", "—", "-", ":"]),
)
def test_any_dateline_at_the_top_yields_its_date(date, fmt, city, sep):
    text = f"{city}, {fmt(date)} {sep} {BODY}"
    result = date_report(text, today=D(2030, 1, 1))
    assert (result.date, result.how) == (date, DateHow.DATELINE)


# --- the real reports ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prefix", "title", "date", "how", "in_reason"),
    [
        ("002_", "US urges allies to accelerates anti-IS campaign", D(2016, 2, 11), DateHow.DATELINE, None),
        ("004_", "Allies vow to destroy 'IS'", D(2017, 3, 23), DateHow.DATE_LINE, None),
        ("003_", None, None, DateHow.NONE, "Jan. 23"),
        ("000_", None, None, DateHow.NONE, "no date metadata, dateline or date line"),
        ("001_", None, None, DateHow.NONE, "'WASHINGTON' names only a place"),
    ],
)
def test_coalition_reports(prefix, title, date, how, in_reason):
    skip_without_coalition()
    (path,) = CORPUS.glob(prefix + "*.txt")
    text = path.read_text(encoding="utf-8")
    result = date_report(text, title=title)
    assert (result.date, result.how) == (date, how)
    if in_reason:
        assert in_reason in result.reason
    if result.span:  # the span points into the dateline or date line, not the banner
        assert dated_text(result, text) in result.evidence


def test_a_year_inferred_by_an_earlier_build_is_told_by_its_fields_not_the_wording_of_inferred():
    body = ("said the harbour board would meet again before the spring timetable, and that the cost of "
            "the repairs would be shared by the three island councils.")
    texts = [f"MARROWICK, June 6, 2016 - The ferry operator {body}",
             f"MARROWICK, March 3, 2017 - The island council {body}",
             "Marrowby, Jan. 23: Minister Ilse Forr said here Thursday that the ferry companies met in Marrowby "
             f"today (Jan. 22) and {body}"]
    reports = [Article(f"{i:016x}", Origin(f"{i}.txt"), Outlet(None, "none"), None, t, date_report(t))
               for i, t in enumerate(texts)]
    first = complete_years(reports)
    assert first[2].published.date == dt.date(2015, 1, 23) and first[2].published.inferred
    inferred = first[2].published
    reworded = [*first[:2], dataclasses.replace(first[2], published=dataclasses.replace(inferred, inferred="reworded"))]
    # Without a window no corpus year fits its weekdays: inferred again, whatever ``inferred`` says, it is undone.
    again = [a.published.date for a in complete_years(first, window=0)]
    assert again == [a.published.date for a in complete_years(reworded, window=0)] == [*again[:2], None]
