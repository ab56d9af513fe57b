"""timeline.md, TimelineJS, CSV, DataFrames, reading timeline.json back, write_outputs and `dateline render`."""

import csv
import dataclasses
import datetime as dt
import io
import json
import re
import sys

import jsonschema
import pytest
from render_timelines import EVIL, IMG, JS_URL, SCRIPT, empty_timeline, hostile_timeline
from typer.testing import CliRunner

from dateline.annotate import timex
from dateline.cli import app
from dateline.errors import ConfigError, InputError
from dateline.model import DropReason, Period, Sentence, TimeMention, TimexType
from dateline.render import FORMATS, write_outputs
from dateline.render.csv import guard_cell, render_csv
from dateline.render.json import load_schema, load_timeline, timeline_from_dict, timeline_to_dict, write_json
from dateline.render.markdown import render_markdown
from dateline.render.timelinejs import date_parts, timelinejs_dict

ALL_FILES = {"timeline.json", "timeline.md", "timeline.html", "timeline.timelinejs.json", "entries.csv",
             "quotes.csv", "figures.csv", "undated.csv"}


@pytest.fixture(scope="module")
def timeline():
    return hostile_timeline()


# -- timeline.md ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def markdown(timeline):
    return render_markdown(timeline)


def test_markdown_has_no_raw_markup_or_unsafe_links(markdown):
    assert SCRIPT not in markdown and IMG not in markdown and "<img" not in markdown
    assert "](javascript:" not in markdown.lower() and "<javascript:" not in markdown.lower()
    assert "&lt;script&gt;" in markdown


def test_markdown_headings_are_as_precise_as_the_entries(markdown):
    headings = re.findall(r"^## (.+)$", markdown, re.MULTILINE)
    assert headings[:5] == ["1987", "March 2023", "2023-03-03 (Friday)", "week 11 of 2023", "2023-03-20 (Monday)"]


def test_markdown_sentences_cite_footnotes_that_name_outlet_title_and_address(markdown):
    footnotes = dict(re.findall(r"^\[\^(\d+)\]: (.+)$", markdown, re.MULTILINE))
    cited = set(re.findall(r"\[\^(\d+)\](?!:)", markdown))
    assert cited == set(footnotes)
    safe = next(f for f in footnotes.values() if f.startswith("Safe Outlet"))
    # The safe address is a link, with the characters that could end it %-encoded.
    assert "(https://news.example/a?b=1&c=%22q%22%3Cx%3E)" in safe
    evil = next(f for f in footnotes.values() if "Bridge" in f)
    assert "](" not in evil and "<javascript" not in evil.lower()  # no link, just the title
    assert "an unknown outlet" not in markdown


def test_markdown_says_what_stood_in_for_a_date(markdown):
    assert "_(publication date stands in)_" in markdown
    assert "_(the day its report is about stands in)_" in markdown


def test_markdown_figure_tables_escape_pipes_so_rows_keep_three_columns(markdown):
    figures = markdown[markdown.index("## Figures"):markdown.index("## Disagreements")]
    rows = [line for line in figures.splitlines() if line.startswith("| ") and "Date" not in line]
    assert rows
    for row in rows:
        cells = re.split(r"(?<!\\)\|", row)
        assert len(cells) == 5, row  # "", three cells, ""
    assert "people hurt \\| " in markdown


def test_markdown_lists_quotes_by_speaker_and_disagreements(markdown):
    assert "### Ada Quill" in markdown and "### Speaker not named (" not in markdown
    assert "## Disagreements" in markdown
    line = next(line for line in markdown.splitlines() if line.startswith("- people hurt"))
    assert "at least 12 people" in line and "15 people" in line


def test_markdown_of_an_empty_timeline():
    assert "No dated entries yet." in render_markdown(empty_timeline())


# -- TimelineJS ---------------------------------------------------------------------


def test_timelinejs_dates_respect_granularity(timeline):
    events = {e["unique_id"]: e for e in timelinejs_dict(timeline)["events"]}
    assert events["entry-0"]["start_date"] == {"year": 1987}
    assert events["entry-1"]["start_date"] == {"year": 2023, "month": 3}  # a month entry has no day
    assert "end_date" not in events["entry-1"]
    assert events["entry-2"]["start_date"] == {"year": 2023, "month": 3, "day": 3}
    assert events["entry-3"]["start_date"] == {"year": 2023, "month": 3, "day": 13}
    assert events["entry-3"]["end_date"] == {"year": 2023, "month": 3, "day": 19}
    assert events["entry-3"]["display_date"] == "week 11 of 2023"


@pytest.mark.parametrize("value, start, end", [
    ("2017-Q1", {"year": 2017, "month": 1}, {"year": 2017, "month": 3}),
    ("2017-WI", {"year": 2017, "month": 12}, {"year": 2018, "month": 2}),
    ("201", {"year": 2010}, {"year": 2019}),
    ("2017", {"year": 2017}, None),
])
def test_timelinejs_spans_for_coarse_values(value, start, end):
    assert date_parts(Period.parse(value)) == (start, end)


def test_a_timeline_json_whose_entry_value_is_not_a_date_is_refused_with_what_to_do(timeline):
    data = timeline_to_dict(timeline)
    data["entries"][1]["value"] = "sometime"
    with pytest.raises(InputError, match=r"'sometime' is not a TIMEX3 date value.*rebuild it with `dateline build`"):
        timeline_from_dict(data)


def test_a_timeline_json_whose_entry_value_contradicts_its_date_is_refused(timeline):
    data = timeline_to_dict(timeline)
    data["entries"][1]["value"] = "2023-04"  # the entry's date is 2023-03-01
    with pytest.raises(InputError, match="does not match value 2023-04"):
        timeline_from_dict(data)


def test_timelinejs_text_is_escaped_and_links_only_http(timeline):
    doc = timelinejs_dict(timeline)
    assert doc["title"]["text"]["headline"]
    dumped = json.dumps(doc, ensure_ascii=False)
    assert SCRIPT not in dumped and IMG not in dumped and f'"{JS_URL}' not in dumped
    hrefs = re.findall(r'href="([^"]*)"', "".join(e["text"]["text"] for e in doc["events"]))
    assert hrefs and all(h.startswith("https://") for h in hrefs)


# -- CSV --------------------------------------------------------------------------


def _rows(timeline, kind):
    return list(csv.DictReader(io.StringIO(render_csv(timeline, kind))))


@pytest.mark.parametrize("raw, cell", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-5 degrees", "'-5 degrees"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("plain", "plain"), ("a=b", "a=b"), (-5.0, -5.0), (None, ""), (True, "true"),
    # every line inside a cell too: some readers take the text after a line break as a cell of its own
    ("cr\r=2+3.txt", "cr\r'=2+3.txt"), ("a\r\n@SUM(A1)", "a\r\n'@SUM(A1)"), ("a\n\n-2", "a\n\n'-2"),
    ("two\nlines", "two\nlines"),
])
def test_csv_cells_that_would_run_as_formulas_get_a_quote(raw, cell):
    assert guard_cell(raw) == cell


def test_csv_entries_one_row_per_sentence_with_provenance(timeline):
    rows = _rows(timeline, "entries")
    assert len(rows) == sum(len(e.summary) for e in timeline.entries)
    texts = {a.id: a.text for a in timeline.articles}
    for row in rows:
        text = row["text"][1:] if row["text"][:1] == "'" and row["text"][1:2] in "=+-@" else row["text"]
        assert texts[row["article"]][int(row["start"]):int(row["end"])] == text
    assert {"outlet", "title", "url", "dated", "value"} <= set(rows[0])
    assert [r["value"] for r in rows][:2] == ["1987", "2023-03"]


def test_csv_guards_hostile_cells_in_every_table(timeline):
    for kind in ("entries", "quotes", "figures", "undated"):
        for row in _rows(timeline, kind):
            for value in row.values():
                assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), (kind, value)
    outlets = {r["outlet"] for r in _rows(timeline, "entries")}
    assert f"'=HYPERLINK(\"{JS_URL}\") {IMG}" in outlets


def _with_line_breaks(timeline):
    """The hostile timeline with line breaks, each followed by a formula, in an origin, a title and an outlet."""
    first = timeline.articles[0]
    broken = dataclasses.replace(
        first, origin=dataclasses.replace(first.origin, path="cr\r=2+3.txt"), title="Bridge\n=HYPERLINK(\"x\")",
        outlet=dataclasses.replace(first.outlet, name="Outlet\r\n@SUM(A1)\n# heading\n[link](javascript:x)"))
    return dataclasses.replace(timeline, articles=(broken, *timeline.articles[1:]))


def test_csv_keeps_a_value_with_line_breaks_in_one_cell_and_guards_each_of_its_lines(timeline):
    text = render_csv(_with_line_breaks(timeline), "entries")
    # RFC 4180: CR LF ends every record, and a field holding a CR or an LF is quoted
    assert text.endswith("\r\n") and '"cr\r\'=2+3.txt"' in text
    table = list(csv.reader(io.StringIO(text, newline="")))
    assert len({len(row) for row in table}) == 1  # no row split at the CR
    rows = [dict(zip(table[0], row, strict=True)) for row in table[1:]]
    cited = [r for r in rows if r["article"] == timeline.articles[0].id]
    assert cited and {r["origin"] for r in cited} == {"cr\r'=2+3.txt"}
    assert {r["title"] for r in cited} == {"Bridge\n'=HYPERLINK(\"x\")"}
    for row in rows:
        for value in row.values():
            assert not any(line.startswith(("=", "+", "-", "@", "\t")) for line in re.split(r"[\r\n]", value)), value


def test_markdown_and_timelinejs_keep_values_with_line_breaks_on_one_line_as_text(timeline):
    hostile = _with_line_breaks(timeline)
    markdown = render_markdown(hostile)
    assert "\r" not in markdown
    assert not re.search(r"^(# heading|=|@SUM|\[link\])", markdown, re.MULTILINE)
    assert not re.search(r"(?<!\\)\]\(javascript:", markdown)  # every bracket of the text is escaped: no link
    assert "Outlet @SUM(A1) \\# heading \\[link\\](javascript:x)" in markdown
    doc = timelinejs_dict(hostile)
    shown = json.dumps(doc, ensure_ascii=False)
    assert 'href="javascript' not in shown and SCRIPT not in shown
    assert all("<a " not in e["text"]["headline"] for e in doc["events"])


def test_csv_quotes_and_figures_one_row_per_source(timeline):
    quotes = _rows(timeline, "quotes")
    assert len(quotes) == sum(len(q.sources) for q in timeline.quotes)
    assert quotes[0]["quoted"] == timeline.quotes[0].text
    figures = _rows(timeline, "figures")
    assert len(figures) == sum(len(f.sources) for f in timeline.figures)
    assert [r["disputed"] for r in figures] == ["false", "true", "true", "false"]
    assert figures[0]["text"] == "12 people"


def test_csv_undated_one_row_per_undated_sentence_with_its_reason_bounds_and_provenance(timeline):
    [row] = _rows(timeline, "undated")
    [item] = timeline.undated
    assert (row["reason"], row["unresolved"], row["earliest"], row["latest"]) == (
        "relative-to-unknown", "Tuesday", "2019-01-01", "")
    assert row["text"] == "'" + item.text  # it starts with "=": guarded like every cell
    assert (row["article"], int(row["start"]), int(row["end"])) == (item.ref.article, item.ref.start, item.ref.end)
    assert row["published"] == "" and row["bound"] == item.bound


# -- the undated section elsewhere ----------------------------------------------------


def test_markdown_lists_the_undated_section_after_the_dated_entries_escaped_and_cited(markdown):
    section = markdown[markdown.index("## Undated"):markdown.index("## Quotes")]
    assert markdown.index("## 2023-03-20") < markdown.index("## Undated")
    assert SCRIPT not in section and IMG not in section and "&lt;script&gt;" in section
    assert "_published on or after 2019-01-01 (a sentence tells of '2019' &lt;script&gt;" in section
    [line] = [x for x in section.splitlines() if x.startswith("- ")]
    assert "Divers searched" in line and re.search(r"\[\^\d+\] _\('Tuesday' counts from", line)


def test_timelinejs_leaves_undated_sentences_out_and_says_so_on_its_title_slide(timeline):
    doc = timelinejs_dict(timeline)
    assert "Not shown: 1 sentence from 1 report without a known publication date" in doc["title"]["text"]["text"]
    assert all("Divers searched" not in json.dumps(e) for e in doc["events"])
    assert "Not shown" not in json.dumps(timelinejs_dict(dataclasses.replace(timeline, undated=())))


# -- DataFrames ---------------------------------------------------------------------


@pytest.mark.parametrize("kind, rows", [("entries", 6), ("quotes", 2), ("figures", 4), ("undated", 1)])
def test_to_dataframe_gives_one_row_per_item_with_raw_values(timeline, kind, rows):
    frame = timeline.to_dataframe(kind)
    assert len(frame) == rows and {"article", "start", "end", "outlet", "title", "url"} <= set(frame.columns)
    if kind == "entries":
        assert frame["outlet"].iloc[0] == f"=HYPERLINK(\"{JS_URL}\") {IMG}"  # no formula guard outside CSV


def test_to_dataframe_rejects_an_unknown_kind(timeline):
    with pytest.raises(ValueError, match="choose from entries, quotes, figures, undated"):
        timeline.to_dataframe("people")


def test_to_dataframe_without_pandas_says_how_to_install_it(timeline, monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ImportError, match="pip install pandas"):
        timeline.to_dataframe()


# -- timeline.json read back ----------------------------------------------------------


def test_timeline_json_round_trips_to_the_same_timeline(timeline, tmp_path):
    assert timeline_from_dict(json.loads(json.dumps(timeline_to_dict(timeline)))) == timeline
    write_json(timeline, tmp_path / "timeline.json")
    assert load_timeline(tmp_path / "timeline.json") == timeline


def test_typed_mentions_keep_their_type_and_value_through_timeline_json(timeline):
    """Durations, sets, vague references and times keep their TIMEX3 type and value; a TIME keeps its day."""
    text = "Talks resumed on Monday after three days; the envoys now meet weekly."
    time = TimeMention(0, 6, "Talks ", Period.day(dt.date(2017, 3, 20)), None, detail="invented",
                       kind=TimexType.TIME, timex="2017-03-20TNI")
    mentions = (time, *timex.tag(text, dt.date(2017, 3, 22)))
    typed = dataclasses.replace(timeline, sentences=(Sentence(timeline.articles[0].id, 0, len(text), mentions, None),))
    data = json.loads(json.dumps(timeline_to_dict(typed)))
    jsonschema.validate(data, load_schema())
    assert [(m["type"], m["value"]) for m in data["sentences"][0]["mentions"]] == [
        ("TIME", "2017-03-20TNI"), ("DATE", "2017-03-20"), ("DURATION", "P3D"), ("DATE", "PRESENT_REF"), ("SET", "P1W")]
    assert timeline_from_dict(data) == typed
    assert [m.places for m in timeline_from_dict(data).sentences[0].mentions] == [True, True, False, False, False]


def test_mentions_in_a_timeline_json_from_before_types_load_as_dates(timeline):
    data = json.loads(json.dumps(timeline_to_dict(timeline)))
    for sentence in data["sentences"]:
        for m in sentence["mentions"]:
            del m["type"]
    assert timeline_from_dict(data) == timeline


def test_drop_reasons_in_timeline_json_read_back_as_members_and_an_unknown_one_as_its_text(timeline):
    data = json.loads(json.dumps(timeline_to_dict(timeline)))
    data["articles"][0]["dropped"] = [{"text": "Photo: J. Moreno", "reason": "photo credit"},
                                      {"text": "Share this", "reason": "share buttons"}]
    credit, share = timeline_from_dict(data).articles[0].dropped
    assert credit.reason is DropReason.PHOTO_CREDIT
    assert share.reason == "share buttons" and not isinstance(share.reason, DropReason)


def test_timeline_json_with_events_follows_the_schema(timeline):
    data = json.loads(json.dumps(timeline_to_dict(timeline)))
    jsonschema.validate(data, load_schema())
    assert data["events"][0]["sentences"][0]["mention"]["text"] == "March 3"
    assert data["entries"][2]["dated"] == ["mentioned", "published"]


def test_an_older_timeline_json_without_event_fields_still_loads(timeline):
    data = timeline_to_dict(timeline)
    del data["events"]
    for entry in data["entries"]:
        for key in ("value", "dated", "events", "reports", "score"):
            del entry[key]
    loaded = timeline_from_dict(data)
    # the value is the entry's date at its granularity
    assert loaded.events == () and loaded.entries[1].value == "2023-03" and loaded.entries[1].summary


@pytest.mark.parametrize("content, message", [
    (None, "does not exist; run `dateline build"),
    ("{not json", "could not be read as JSON"),
    ("[]", "not a dateline timeline"),
    ('{"schema": "other/9"}', "is not 'dateline.timeline/1'"),
    ('{"schema": "dateline.timeline/1", "articles": []}', "missing field 'entries'"),
    ('{"schema": "dateline.timeline/1", "articles": [], "entries": [{"date": "2023-02-30"}]}',
     "not a complete dateline timeline"),
])
def test_loading_a_bad_timeline_json_names_the_file_and_the_fix(tmp_path, content, message):
    path = tmp_path / "timeline.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises(InputError, match=re.escape(message)) as info:
        load_timeline(path)
    assert str(path) in str(info.value)


# -- write_outputs --------------------------------------------------------------------


def test_write_outputs_writes_every_format_by_default(timeline, tmp_path):
    written = write_outputs(timeline, tmp_path / "out")
    assert {p.name for p in written} == ALL_FILES == {p.name for p in (tmp_path / "out").iterdir()}
    assert FORMATS == ("json", "md", "html", "timelinejs", "csv")


def test_write_outputs_writes_only_the_formats_asked_for(timeline, tmp_path):
    written = write_outputs(timeline, tmp_path, ["html", "csv"])
    assert {p.name for p in written} == {"timeline.html", "entries.csv", "quotes.csv", "figures.csv", "undated.csv"}


def test_write_outputs_rejects_an_unknown_format(timeline, tmp_path):
    with pytest.raises(ConfigError, match="unknown output format 'pdf'; choose from json, md, html"):
        write_outputs(timeline, tmp_path, ["pdf"])


# -- dateline render --------------------------------------------------------------------

runner = CliRunner()


def test_render_command_rewrites_chosen_formats_from_timeline_json(timeline, tmp_path):
    write_json(timeline, tmp_path / "timeline.json")
    result = runner.invoke(app, ["render", str(tmp_path), "--format", "html", "--format", "md"])
    assert result.exit_code == 0, result.output
    assert {p.name for p in tmp_path.iterdir()} == {"timeline.json", "timeline.html", "timeline.md"}
    assert "dateline render" in result.stdout
    assert "&lt;script&gt;" in (tmp_path / "timeline.html").read_text()


def test_render_command_writes_every_format_by_default(timeline, tmp_path):
    write_json(timeline, tmp_path / "timeline.json")
    result = runner.invoke(app, ["render", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert {p.name for p in tmp_path.iterdir()} == ALL_FILES
    assert load_timeline(tmp_path / "timeline.json") == timeline  # rewriting it changes nothing


def test_render_command_rebuilds_from_the_store_without_timeline_json(tmp_path, article_text):
    (tmp_path / "report.txt").write_text(article_text)
    out = tmp_path / "out"
    assert runner.invoke(app, ["build", str(tmp_path / "report.txt"), "--out", str(out), "-q"]).exit_code == 0
    (out / "timeline.json").unlink()
    (out / "timeline.timelinejs.json").unlink()
    result = runner.invoke(app, ["render", str(out), "-f", "timelinejs"])
    assert result.exit_code == 0, result.output
    assert "the store in" in result.stdout
    doc = json.loads((out / "timeline.timelinejs.json").read_text())
    assert doc["events"] and not (out / "timeline.json").exists()


def test_render_command_on_a_folder_with_neither_says_to_build_first(tmp_path):
    result = runner.invoke(app, ["render", str(tmp_path)])
    assert result.exit_code == 1
    assert f"Error: {tmp_path} holds neither timeline.json nor dateline.sqlite; run `dateline build PATHS --out " \
        f"{tmp_path}` first" in " ".join(result.output.split())


def test_render_command_on_a_missing_folder(tmp_path):
    result = runner.invoke(app, ["render", str(tmp_path / "nope")])
    assert result.exit_code == 1 and "is not a folder" in result.output


def test_render_command_rejects_an_unknown_format(tmp_path):
    result = runner.invoke(app, ["render", str(tmp_path), "--format", "pdf"])
    assert result.exit_code == 2


def test_render_command_reports_a_corrupt_timeline_json(tmp_path):
    (tmp_path / "timeline.json").write_text("{oops")
    result = runner.invoke(app, ["render", str(tmp_path)])
    assert result.exit_code == 1 and "could not be read as JSON" in result.output


def test_hostile_values_survive_every_format_without_crashing(timeline, tmp_path):
    written = write_outputs(timeline, tmp_path)
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert SCRIPT not in text or path.suffix in (".json", ".csv")  # data files hold the text as data
    assert EVIL in json.loads((tmp_path / "timeline.json").read_text())["articles"][0]["title"]
