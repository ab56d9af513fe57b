"""A date span for builds (`--from`/`--to`, `from`/`to` in dateline.toml): what happened in it is kept."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import jsonschema
import pytest
from typer.testing import CliRunner

import dateline
from dateline.cli import app
from dateline.config import Settings, load_settings, span_edge
from dateline.errors import ConfigError
from dateline.model import DateSpan, Disagreement, DisagreementValue, EventDateHow, Figure, Period, SourceRef
from dateline.render.json import load_schema, load_timeline, timeline_from_dict, timeline_to_dict
from dateline.render.markdown import render_markdown
from dateline.story.events import Candidate
from dateline.story.span import candidates_in_span, figures_in_span

runner = CliRunner()

#: Two short reports of a fictional flood, written for these tests. The second is published after the span
#: the tests ask for but tells of a day inside it.
FLOOD = (
    "TARNFORD, May 20, 2021 - The river Ost burst its banks at Tarnford on May 18, 2021, flooding about "
    "300 homes, the county council said.\n\n"
    "Rescue crews evacuated the riverside school on May 19, 2021 before the water reached its doors.\n\n"
    "The council had first warned of flooding in April 2021, when heavy rain filled the upper reservoir "
    "above the town.\n\n"
    "The old embankment was finished in March 2020 at a cost the council put at 4 million pounds.\n"
)
REPAIRS = (
    "TARNFORD, June 10, 2021 - Repairs to the Tarnford embankment began on June 8, 2021, three weeks after "
    "the river Ost flooded the town.\n\n"
    "Engineers said on June 9, 2021 that the repair work would last until the autumn.\n\n"
    "A survey in July 2020 had found 12 cracks in the old embankment, the engineers' report showed.\n"
)
FROM, TO = dt.date(2021, 4, 15), dt.date(2021, 6, 8)


@pytest.fixture(scope="module")
def pile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pile")
    (folder / "flood.txt").write_text(FLOOD)
    (folder / "repairs.txt").write_text(REPAIRS)
    return folder


@pytest.fixture(scope="module")
def whole(pile):
    return dateline.build(pile)


@pytest.fixture(scope="module")
def spanned(pile):
    return dateline.build(pile, Settings().replace(span_from=FROM, span_to=TO))


# -- settings ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lines, span_from, span_to",
    [
        ("from = 2010-04-20\nto = 2010-07-15", dt.date(2010, 4, 20), dt.date(2010, 7, 15)),  # TOML dates
        ('from = "2010-04-20"\nto = "2010-07-15"', dt.date(2010, 4, 20), dt.date(2010, 7, 15)),
        ('from = "2010-04"\nto = "2010-07"', dt.date(2010, 4, 1), dt.date(2010, 7, 31)),
        ('from = "2010"\nto = "2010"', dt.date(2010, 1, 1), dt.date(2010, 12, 31)),
        ("from = 2010\nto = 2011", dt.date(2010, 1, 1), dt.date(2011, 12, 31)),  # a bare TOML integer year
        ('to = "2012-02"', None, dt.date(2012, 2, 29)),  # one side only; a leap year's February
    ],
)
def test_a_span_in_the_project_file_becomes_the_days_it_names(tmp_path, lines, span_from, span_to):
    path = tmp_path / "dateline.toml"
    path.write_text(f"[dateline]\n{lines}\n")
    settings = load_settings(path)
    assert (settings.span_from, settings.span_to) == (span_from, span_to)


@pytest.mark.parametrize(
    "lines, message",
    [
        ('from = "April 2010"', "from: 'April 2010' is not a date; write it as YYYY, YYYY-MM or YYYY-MM-DD"),
        ('to = "2010-02-30"', "to: '2010-02-30' is not a date of the calendar"),
        ('from = "2010-13"', "from: '2010-13' is not a date of the calendar"),
        ("from = 2010-04-20T10:00:00", "from must be a day, month or year (YYYY, YYYY-MM or YYYY-MM-DD), not a time"),
        ("to = 2010.5", "to must be a date (YYYY, YYYY-MM or YYYY-MM-DD), not 2010.5"),
        ('from = "2010-07"\nto = "2010-06"', "the span from 2010-07-01 to 2010-06-30 holds no day"),
        ('span_from = "2010"', "unknown setting(s) span_from"),
    ],
)
def test_a_bad_span_in_the_project_file_says_what_to_write(tmp_path, lines, message):
    path = tmp_path / "dateline.toml"
    path.write_text(f"[dateline]\n{lines}\n")
    with pytest.raises(ConfigError) as info:
        load_settings(path)
    assert message in str(info.value)


def test_a_span_that_ends_before_it_starts_is_refused_with_what_to_do():
    with pytest.raises(ConfigError, match=r"holds no day .*give a from \(--from, span_from\) on or before the to"):
        Settings(span_from=dt.date(2010, 7, 15), span_to=dt.date(2010, 4, 20))


@pytest.mark.parametrize("value", ["2010-04-20", dt.datetime(2010, 4, 20, 12, tzinfo=dt.UTC), 2010])
def test_a_span_edge_that_is_not_a_date_is_refused(value):
    with pytest.raises(ConfigError, match=r"span_from must be a datetime\.date or None"):
        Settings(span_from=value)


def test_settings_with_a_span_stay_hashable_and_replace_keeps_the_other_fields():
    settings = Settings(dates=3).replace(span_from=FROM, span_to=TO, sentences=2)
    assert (settings.span_from, settings.span_to, settings.dates, settings.sentences) == (FROM, TO, 3, 2)
    assert hash(settings) == hash(Settings(dates=3, sentences=2, span_from=FROM, span_to=TO))


@pytest.mark.parametrize(
    "text, first, last",
    [
        ("2010", dt.date(2010, 1, 1), dt.date(2010, 12, 31)),
        ("2010-04", dt.date(2010, 4, 1), dt.date(2010, 4, 30)),
        ("2010-04-20", dt.date(2010, 4, 20), dt.date(2010, 4, 20)),
        (" 2010-04-20 ", dt.date(2010, 4, 20), dt.date(2010, 4, 20)),
    ],
)
def test_a_year_or_month_stands_for_its_first_day_as_from_and_its_last_as_to(text, first, last):
    assert (span_edge(text, "first"), span_edge(text, "last")) == (first, last)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--from", "20 April 2010"], "Invalid value for --from: '20 April 2010' is not a date; write it as "
                                      "YYYY, YYYY-MM or YYYY-MM-DD"),
        (["--to", "2010-02-30"], "Invalid value for --to: '2010-02-30' is not a date of the calendar"),
        (["--from", "2010-07", "--to", "2010-06"], "Invalid value for --from: the span from 2010-07-01 to "
                                                   "2010-06-30 holds no day; give a --from on or before the --to"),
    ],
)
def test_a_bad_span_on_the_command_line_is_wrong_usage_and_writes_nothing(tmp_path, pile, args, message):
    result = runner.invoke(app, ["build", str(pile), "--out", str(tmp_path / "out"), *args])
    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())
    assert not (tmp_path / "out").exists()


# -- what the span keeps ------------------------------------------------------------------------------------------


def test_a_span_keeps_only_entries_and_events_wholly_inside_it(whole, spanned):
    assert {e.value for e in whole.entries} >= {"2020-03", "2020-07", "2021-04", "2021-05-18", "2021-06-09"}
    assert [e.value for e in spanned.entries] == ["2021-05-18", "2021-05-19", "2021-06-08"]
    assert spanned.events and all(e.period.first >= FROM and e.period.last <= TO for e in spanned.events)


def test_a_month_straddling_the_start_of_the_span_is_left_out_and_counted(whole, spanned):
    assert "2021-04" in {e.value for e in whole.entries}
    assert "2021-04" not in {e.value for e in spanned.entries}
    # Four sentences fell outside: March 2020, July 2020, June 9 and April 2021 (the one only partly inside).
    assert spanned.date_span == DateSpan(FROM, TO, outside=4, partly=1, figures=2)


def test_a_span_keeps_every_report_even_one_published_after_it(whole, spanned):
    assert spanned.articles == whole.articles
    assert spanned.sentences == whole.sentences
    repairs = next(a.id for a in spanned.articles if a.published.date == dt.date(2021, 6, 10))
    june_8 = next(e for e in spanned.entries if e.value == "2021-06-08")
    assert [s.article for s in june_8.sources] == [repairs]


def test_figures_dated_outside_the_span_are_left_out_and_events_index_those_kept(whole, spanned):
    assert {f.measure for f in whole.figures} == {"cost", "cracks", "homes"}
    assert [(f.measure, f.value) for f in spanned.figures] == [("homes", 300.0)]
    for event in spanned.events:
        for index in event.figures:
            figure = spanned.figures[index]
            assert any(s.ref.article == ref.article for s in event.sentences for ref in figure.sources)


def test_without_a_span_the_timeline_records_none(whole):
    assert whole.date_span is None
    assert timeline_to_dict(whole)["date_span"] is None


def test_a_span_holding_every_date_changes_nothing_but_the_record(pile, whole):
    wide = dateline.build(pile, Settings(span_from=dt.date(1900, 1, 1), span_to=dt.date(2100, 12, 31)))
    assert dataclasses.replace(wide, date_span=None, generated=whole.generated) == whole
    assert wide.date_span == DateSpan(dt.date(1900, 1, 1), dt.date(2100, 12, 31))


def test_fixed_counts_choose_among_the_dates_inside_the_span(pile):
    timeline = dateline.build(pile, Settings().replace(span_from=dt.date(2021, 5, 19), span_to=dt.date(2021, 6, 30),
                                                       dates=2, sentences=1))
    # Every date here is carried alike, and ties go to the earlier: without the span May 18 would be one of the two.
    assert len(timeline.entries) == 2
    assert {e.value for e in timeline.entries} <= {"2021-05-19", "2021-06-08", "2021-06-09"}
    assert all(len(e.summary) == 1 for e in timeline.entries)


def test_a_span_open_at_one_end_keeps_everything_on_that_side(pile):
    timeline = dateline.build(pile, Settings(span_to=dt.date(2020, 12, 31)))
    assert [e.value for e in timeline.entries] == ["2020-03", "2020-07"]
    assert timeline.date_span is not None and timeline.date_span.first is None


# -- the rule, unit by unit -----------------------------------------------------------------------------------------


def _candidate(period: Period, start: int) -> Candidate:
    return Candidate(text=f"sentence {start}", period=period, how=EventDateHow.MENTIONED, group="a",
                     ref=SourceRef("a", start, start + 10))


def test_a_sentence_placed_on_a_date_inside_and_one_outside_is_kept_on_the_one_inside():
    span = DateSpan(dt.date(2021, 5, 1), dt.date(2021, 5, 31))
    inside, before = _candidate(Period.day(dt.date(2021, 5, 3)), 0), _candidate(Period.day(dt.date(2021, 4, 3)), 0)
    year = _candidate(Period.parse("2021"), 20)
    kept, counted = candidates_in_span(span, [inside, before, year])
    assert kept == [inside]
    assert (counted.outside, counted.partly) == (1, 1)  # only the sentence placed on 2021, which straddles May


def test_figures_and_disagreements_with_a_day_in_the_span_or_no_date_stay():
    span = DateSpan(dt.date(2021, 5, 20), None)
    ref = (SourceRef("a", 0, 5),)
    month, before, undated = Period.parse("2021-05"), Period.parse("2021-04"), None
    figures = [Figure("homes", v, None, None, d, ref) for v, d in ((1, month), (2, before), (3, undated))]
    disagreements = [Disagreement("figure", "homes", d, (DisagreementValue(1, None, ref), DisagreementValue(2, None, ref)))
                     for d in (month, before)]
    kept, agreed, counted = figures_in_span(span, figures, disagreements)
    assert [f.value for f in kept] == [1, 3]
    assert [d.date for d in agreed] == [month]
    assert counted.figures == 1


# -- the record in every output ------------------------------------------------------------------------------------


def test_timeline_json_records_the_span_and_reads_it_back(spanned, tmp_path):
    data = timeline_to_dict(spanned)
    jsonschema.validate(data, load_schema())
    assert data["date_span"] == {"from": "2021-04-15", "to": "2021-06-08", "outside": 4, "partly": 1, "figures": 2}
    path = tmp_path / "timeline.json"
    path.write_text(json.dumps(data))
    assert load_timeline(path).date_span == spanned.date_span


def test_a_timeline_json_written_before_spans_still_loads(whole):
    data = timeline_to_dict(whole)
    del data["date_span"]
    jsonschema.validate(data, load_schema())
    assert timeline_from_dict(data).date_span is None


def test_markdown_and_html_headers_say_what_span_the_timeline_tells(spanned, whole):
    from dateline.render.html import render_html

    assert "what happened from 2021-04-15 to 2021-06-08" in render_markdown(spanned).splitlines()[2]
    assert 'data-testid="story-asked">What happened from 2021-04-15 to 2021-06-08<' in render_html(spanned)
    assert "what happened" not in render_markdown(whole) and "story-asked" not in render_html(whole)


def test_build_on_the_command_line_keeps_the_span_and_says_what_fell_outside(tmp_path, pile):
    result = runner.invoke(app, ["build", str(pile), "--out", str(tmp_path), "--from", "2021-04-15", "--to",
                                 "2021-06-08"])
    assert result.exit_code == 0, result.output
    summary = " ".join(result.stdout.replace("│", " ").split())
    assert ("date span 2021-04-15 to 2021-06-08; 4 dated sentences fell outside the span (1 on a month or year only "
            "partly inside it); 2 figure values dated outside it left out") in summary
    data = json.loads((tmp_path / "timeline.json").read_text())
    assert [e["value"] for e in data["entries"]] == ["2021-05-18", "2021-05-19", "2021-06-08"]
    assert len(data["articles"]) == 2


def test_a_year_and_a_month_on_the_command_line_span_their_whole_periods(tmp_path, pile):
    result = runner.invoke(app, ["build", str(pile), "--out", str(tmp_path), "--from", "2021", "--to", "2021-05", "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "timeline.json").read_text())
    assert data["date_span"]["from"] == "2021-01-01" and data["date_span"]["to"] == "2021-05-31"
    assert [e["value"] for e in data["entries"]] == ["2021-04", "2021-05-18", "2021-05-19"]


def test_the_served_story_header_says_what_span_the_timeline_tells(spanned, whole):
    from dateline.web.views import story_out

    assert story_out(spanned).asked == "what happened from 2021-04-15 to 2021-06-08"
    assert story_out(whole).asked is None
