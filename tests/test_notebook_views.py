"""In a notebook a Timeline prints as a short summary, enums read as their text, and a table never invents a day."""

import datetime as dt
import json
import pickle

import pytest

from dateline.model import DateHow, EventDateHow, Granularity, Period, SourceRef, Timeline, TimelineEntry
from dateline.render.tables import COLUMNS, entry_rows


def _entry(period: Period) -> TimelineEntry:
    return TimelineEntry(period=period, summary=(), sources=(), dated=(), events=(), reports=1, score=1.0)


@pytest.fixture
def timeline():
    return Timeline(articles=(), entries=(_entry(Period.parse("2014")), _entry(Period.day(dt.date(2015, 3, 9)))))


def test_a_timeline_prints_as_one_line_of_counts_and_its_span(timeline):
    text = repr(timeline)
    assert text == str(timeline)
    assert text.startswith("Timeline(0 articles, 2 entries from 2014 to 2015-03-09, 0 quotes")
    assert "\n" not in text and len(text) < 300


def test_a_large_timeline_still_prints_short(timeline):
    many = Timeline(articles=(), entries=tuple(_entry(Period.day(dt.date(2015, 1, 1) + dt.timedelta(days=i)))
                                               for i in range(2000)))
    assert len(repr(many)) < 300


@pytest.mark.parametrize("member, text", [
    (DateHow.SHARED_PASSAGE, "shared-passage"), (EventDateHow.MENTIONED, "mentioned"), (Granularity.YEAR, "year"),
])
def test_an_enum_reads_as_its_text_and_still_equals_and_serialises_as_it(member, text):
    assert repr(member) == repr(text) and str(member) == text and f"{member}" == text
    assert member == text and json.dumps(member) == json.dumps(text)
    assert pickle.loads(pickle.dumps(member)) is member
    assert type(member)(text) is member


def test_a_year_entry_in_a_table_is_its_year_from_first_to_last_day_not_a_made_up_day():
    entry = TimelineEntry(period=Period.parse("2014"), summary=("The bridge opened in 2014.",),
                          sources=(SourceRef("a1", 0, 26),), dated=(EventDateHow.MENTIONED,), events=(), reports=1,
                          score=1.0)
    [row] = entry_rows(Timeline(articles=(), entries=(entry,)))
    assert "date" not in COLUMNS["entries"] and list(row) == COLUMNS["entries"]
    assert (row["value"], row["granularity"], row["first"], row["last"]) == ("2014", "year", "2014-01-01", "2014-12-31")
