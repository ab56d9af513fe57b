"""What changed between builds of one store: the records, the typed diff, changes.md, the CLI and the marks."""

import datetime as dt
import json
import shutil

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dateline.cli import app
from dateline.model import (
    BuildRecord,
    Copy,
    Disagreement,
    DisagreementValue,
    Figure,
    Period,
    RecordedEvent,
    RecordedQuote,
    SourceRef,
    Timeline,
    TimelineEntry,
)
from dateline.pipeline import rebuild, run_build
from dateline.render import render_html
from dateline.render.changes import FIRST_BUILD, render_changes
from dateline.store import MemoryCorpus, Store
from dateline.store.sqlite import STORE_NAME
from dateline.story.changes import compare, mark_new, record_build
from dateline.web.server import create_app

runner = CliRunner()
WHEN = dt.datetime(2024, 5, 20, 9, 0, tzinfo=dt.UTC)
DAY6, DAY8 = Period.parse("2024-05-06"), Period.parse("2024-05-08")

# -- the diff over hand-made records (no pipeline) --------------------------------------------------------

TEXTS = {"a": "Nine countries formed an alliance on Monday. \"We start now,\" said Ada Vell.",
         "b": "The alliance grew to 14 members on Wednesday. \"More will come,\" Ada Vell said. Boats left."}


def ref(article, start, end):
    return SourceRef(article, start, end)


def record(number, articles=("a",), *, events=(), entries=(), figures=(), disagreements=(), quotes=(), copies=()):
    return BuildRecord(WHEN, "build", tuple(articles), tuple(entries), tuple(events), tuple(figures),
                       tuple(disagreements), tuple(quotes), tuple(copies), number)


FIRST = record(1, events=[RecordedEvent("e1", DAY6, (ref("a", 0, 44),))],
               figures=[Figure("alliance members", 9, "countries", None, DAY6, (ref("a", 0, 4),))],
               quotes=[RecordedQuote("Ada Vell", (ref("a", 45, 60),))])


def test_a_first_build_has_nothing_to_compare():
    changes = compare(None, FIRST, TEXTS)
    assert changes.since is None and changes.empty
    assert FIRST_BUILD in render_changes(changes)


def test_the_same_output_again_changes_nothing():
    changes = compare(FIRST, record(2, events=FIRST.events, figures=FIRST.figures, quotes=FIRST.quotes), TEXTS)
    assert changes.since == 1 and changes.empty
    assert "Nothing changed" in render_changes(changes)


def test_a_date_with_no_event_before_is_new_with_its_sentences_and_their_spans():
    after = record(2, ("a", "b"), events=[*FIRST.events, RecordedEvent("e2", DAY8, (ref("b", 0, 46),))],
                   entries=[RecordedEvent("e2", DAY8, (ref("b", 0, 46),))])
    changes = compare(FIRST, after, TEXTS)
    assert changes.new_reports == ("b",)
    [new] = changes.new_dates
    assert new.period == DAY8 and new.on_timeline
    assert new.sentences[0].ref == ref("b", 0, 46)
    assert new.sentences[0].text == "The alliance grew to 14 members on Wednesday."
    assert "[b:0-46]" in render_changes(changes)


def test_an_event_on_a_known_date_with_only_new_sentences_is_a_new_event():
    regrouped = RecordedEvent("e1-again", DAY6, (ref("a", 0, 44), ref("b", 79, 90)))  # an old sentence: not new
    fresh = RecordedEvent("e3", DAY6, (ref("b", 79, 90),))
    changes = compare(FIRST, record(2, ("a", "b"), events=[regrouped, fresh]), TEXTS)
    assert [e.event for e in changes.new_events] == ["e3"]
    assert changes.new_dates == ()


def test_a_new_value_of_a_known_measure_is_a_revision_with_the_old_series():
    later = Figure("alliance members", 14, "countries", None, DAY8, (ref("b", 21, 31),))
    changes = compare(FIRST, record(2, ("a", "b"), figures=[*FIRST.figures, later]), TEXTS)
    [revised] = changes.revised
    assert [p.value for p in revised.before] == [9] and [p.value for p in revised.added] == [14]
    assert revised.added[0].sources == (ref("b", 21, 31),)
    assert "9 (2024-05-06) → **14 (2024-05-08)** [b:21-31]" in render_changes(changes)


def test_a_value_seen_before_at_another_date_is_not_a_revision():
    again = Figure("alliance members", 9, "countries", None, DAY8, (ref("b", 21, 31),))
    assert compare(FIRST, record(2, ("a", "b"), figures=[*FIRST.figures, again]), TEXTS).revised == ()


def test_a_measure_with_no_value_before_is_a_new_figure():
    boats = Figure("boats", 20, "boats", None, DAY8, (ref("b", 79, 84),))
    changes = compare(FIRST, record(2, ("a", "b"), figures=[*FIRST.figures, boats]), TEXTS)
    assert changes.revised == () and [c.measure for c in changes.new_figures] == ["boats"]


def test_a_new_disagreement_is_a_contradiction_not_a_revision():
    other = Figure("alliance members", 11, "countries", None, DAY6, (ref("b", 21, 31),))
    dispute = Disagreement("figure", "alliance members", DAY6, (
        DisagreementValue(9, None, (ref("a", 0, 4),)), DisagreementValue(11, None, (ref("b", 21, 31),))))
    changes = compare(FIRST, record(2, ("a", "b"), figures=[*FIRST.figures, other], disagreements=[dispute]), TEXTS)
    assert changes.contradicted == (dispute,) and changes.revised == ()
    assert "9 [a:0-4] against 11 [b:21-31]" in render_changes(changes)


def test_quotes_new_or_newly_attributed_are_listed_with_speaker_and_words():
    before = record(1, quotes=[RecordedQuote(None, (ref("b", 46, 63),))])
    after = record(2, ("a", "b"), quotes=[RecordedQuote("Ada Vell", (ref("b", 46, 63),)),
                                          RecordedQuote("Ada Vell", (ref("a", 45, 60),))])
    changes = compare(before, after, TEXTS)
    assert [(q.speaker, q.text) for q in changes.quotes] == [("Ada Vell", '"More will come,"'),
                                                             ("Ada Vell", '"We start now,"')]
    # the same quote by the same speaker in the next build is not new again
    assert compare(after, record(3, ("a", "b"), quotes=after.quotes), TEXTS).quotes == ()


def test_a_report_newly_found_a_copy_is_listed():
    copy = Copy("b", "a", 0.93)
    changes = compare(FIRST, record(2, ("a", "b"), copies=[copy]), TEXTS)
    assert changes.copies == (copy,)
    assert "`b` is a near-copy of `a` (similarity 0.93)" in render_changes(changes)


def test_entries_are_marked_new_where_their_date_or_an_event_is_new():
    entries = tuple(TimelineEntry(p, ("x",), (ref("a", 0, 1),), events=(e,)) for p, e in ((DAY6, "e1"), (DAY8, "e2")))
    after = record(2, events=[*FIRST.events, RecordedEvent("e2", DAY8, (ref("b", 0, 46),))])
    timeline = mark_new(Timeline((), entries), compare(FIRST, after, TEXTS))
    assert [e.new for e in timeline.entries] == [False, True]
    assert timeline.changes is not None


def test_build_records_survive_the_store_and_are_numbered(tmp_path):
    after = record(0, ("a", "b"), events=FIRST.events, figures=FIRST.figures, quotes=FIRST.quotes,
                   disagreements=[Disagreement("figure", "m", None, (DisagreementValue(1, "about", (ref("a", 0, 1),)),))],
                   copies=[Copy("b", "a", 0.9)], entries=[RecordedEvent("e1", DAY6, (ref("a", 0, 44),))])
    with Store(tmp_path / STORE_NAME) as store:
        kept = [store.save_build(after), store.save_build(after)]
        assert [b.number for b in kept] == [1, 2]
    with Store(tmp_path / STORE_NAME) as store:
        assert store.builds() == kept and store.builds(last=1) == kept[1:]


def test_a_memory_corpus_keeps_its_builds_too():
    corpus = MemoryCorpus()
    assert [corpus.save_build(FIRST).number, corpus.save_build(FIRST).number] == [1, 2]
    assert corpus.builds(last=1)[0].number == 2


def test_an_entry_marked_new_shows_a_mark_on_the_page():
    entries = (TimelineEntry(DAY6, ("Old news.",), (ref("a", 0, 9),)),
               TimelineEntry(DAY8, ("New news.",), (ref("a", 10, 19),), new=True))
    page = render_html(Timeline((), entries))
    assert page.count('data-testid="entry-new"') == 1


# -- end to end over reports written for these tests (a fictional story) -----------------------------------

FIRST_REPORTS = {
    "a.txt": """Title: Harbour alliance formed to clear Tessaly oil spill
Outlet: The Quayside Gazette
Published: 2024-05-06

PORT VELLAN, May 6, 2024 - Nine countries agreed on Monday to form a harbour alliance to clear the oil spill that \
has fouled the Tessaly coast since a tanker ran aground last week.

The 9-member alliance will pool boats, booms and crews, officials said.

"Every hour the oil sits on the rocks makes the cleanup harder," said Marta Quillon, the harbour master of Port Vellan.
""",
    "b.txt": """Title: Tessaly spill: booms laid across the estuary
Outlet: Coastline Daily
Published: 2024-05-08

PORT VELLAN, May 8, 2024 - Crews laid floating booms across the Tessaly estuary on Wednesday to keep the oil away \
from the oyster beds upstream.

The alliance's nine members sent twenty boats to the estuary, the port authority said.

"We are winning the race on the estuary, but not yet on the open beaches," said Marta Quillon, the harbour master.
""",
}
# A new date (May 14), the alliance's size revised (9 -> 14), a quote by a new speaker, and a reprint of a.txt.
SECOND_REPORTS = {
    "c.txt": """Title: Tessaly alliance grows as oil reaches the islands
Outlet: The Harbour Record
Published: 2024-05-14

PORT VELLAN, May 14, 2024 - The harbour alliance fighting the Tessaly oil spill grew to 14 members on Tuesday after \
five more countries joined, as the slick reached the outer islands.

Environment minister Jonas Ferrant told reporters that the government would pay for the cleanup of the islands.

"No island will be left to clean its own shore," Ferrant said.
""",
    "d.txt": FIRST_REPORTS["a.txt"].replace("The Quayside Gazette", "Bay Wire").replace(
        "officials said.", "officials told Bay Wire."),
}
# New events on known dates (May 6 and May 8) and a value that contradicts the alliance's size on May 6.
THIRD_REPORTS = {
    "e.txt": """Title: Second leak found in grounded Tessaly tanker
Outlet: Coastline Daily
Published: 2024-05-09

PORT VELLAN, May 9, 2024 - Divers found a second leak in the hull of the grounded tanker on Wednesday, May 8, the \
coast guard said, raising fears of a new slick.

The coast guard said the alliance had 11 members when it was formed on May 6.
""",
}


def write(folder, reports):
    folder.mkdir(parents=True)
    for name, text in reports.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    """A store built from two reports, then added to twice with `dateline add --out`: (folder, outputs)."""
    root = tmp_path_factory.mktemp("story")
    out = root / "out"
    first = runner.invoke(app, ["build", str(write(root / "first", FIRST_REPORTS)), "--out", str(out)])
    assert first.exit_code == 0, first.output
    shutil.copytree(out, root / "after-first")
    second = runner.invoke(app, ["add", str(write(root / "second", SECOND_REPORTS)), "--out", str(out)])
    assert second.exit_code == 0, second.output
    shutil.copytree(out, root / "after-second")
    third = runner.invoke(app, ["add", str(write(root / "third", THIRD_REPORTS)), "--out", str(out)])
    assert third.exit_code == 0, third.output
    return root, {"first": first.stdout, "second": second.stdout, "third": third.stdout}


def test_a_first_build_writes_changes_md_saying_there_is_nothing_to_compare(story):
    root, printed = story
    assert FIRST_BUILD in (root / "after-first" / "changes.md").read_text()
    assert "What changed" not in printed["first"]
    assert not any(e["new"] for e in json.loads((root / "after-first" / "timeline.json").read_text())["entries"])


def test_add_with_out_prints_and_records_the_new_date_revision_quote_and_copy(story):
    root, printed = story
    said = printed["second"]
    assert "Build 2 of this store, compared with build 1." in said
    assert "2024-05-14 (Tuesday) (on the timeline)" in said
    assert "alliance members (countries): 9 (2024-05-06) → 9 (2024-05-08) → 14 (2024-05-14)" in said
    assert "Jonas Ferrant: “No island will be left to clean its own shore,”" in said
    assert "is a near-copy of" in said
    recorded = (root / "after-second" / "changes.md").read_text()
    assert "**2024-05-14 (Tuesday)** (on the timeline)" in recorded and "→ **14 (2024-05-14)**" in recorded
    entries = json.loads((root / "after-second" / "timeline.json").read_text())["entries"]
    assert {e["value"]: e["new"] for e in entries}["2024-05-14"] is True
    assert {e["value"]: e["new"] for e in entries}["2024-05-08"] is False


def test_a_later_add_lists_new_events_on_known_dates_and_contradicted_figures(story):
    _, printed = story
    said = printed["third"]
    assert "## New events on known dates" in said and "2024-05-08 (Wednesday): PORT VELLAN, May 9" in said
    assert "## Figures contradicted" in said
    assert "alliance members on 2024-05-06 (Monday): 9" in said and "against 11" in said


def test_changes_since_a_build_compares_the_latest_with_it_and_list_shows_every_build(story):
    root, _ = story
    out = root / "out"
    since_first = runner.invoke(app, ["changes", str(out), "--since", "1"])
    assert since_first.exit_code == 0, since_first.output
    assert "Build 3 of this store, compared with build 1." in since_first.stdout
    assert "Jonas Ferrant" in since_first.stdout and "Figures contradicted" in since_first.stdout
    previous = runner.invoke(app, ["changes", "--store", str(out / STORE_NAME), "--since", "last"])
    assert "compared with build 2." in previous.stdout and "Jonas Ferrant" not in previous.stdout
    listed = runner.invoke(app, ["changes", str(out), "--list"])
    assert [line.split()[1:3] for line in listed.stdout.splitlines() if line.startswith("│")] == [
        ["1", "│"], ["2", "│"], ["3", "│"]]
    assert "build" in listed.stdout and "add" in listed.stdout


@pytest.mark.parametrize("since, message", [
    ("9", "has no build 9; its builds are 1 to 3"),
    ("soon", "--since takes a build number or 'previous'; 'soon' is neither"),
])
def test_changes_since_an_unknown_build_says_what_there_is(story, since, message):
    root, _ = story
    result = runner.invoke(app, ["changes", str(root / "out"), "--since", since])
    assert result.exit_code == 1 and message in result.stderr


def test_changes_of_a_folder_without_a_store_says_what_to_do(tmp_path):
    result = runner.invoke(app, ["changes", str(tmp_path)])
    assert result.exit_code == 1
    assert f"no dateline store at {tmp_path / STORE_NAME}; give a build's output folder or --store PATH" in result.stderr


def test_the_served_page_marks_what_the_last_build_made_new_without_recording_a_build(story, tmp_path):
    root, _ = story
    out = tmp_path / "out"
    shutil.copytree(root / "after-second", out)
    client = TestClient(create_app(out / STORE_NAME), base_url="http://127.0.0.1:8765")
    entries = client.get("/api/timeline").json()["entries"]
    assert {e["value"]: e["new"] for e in entries} == {"2024-05-06": False, "2024-05-08": False,
                                                       "2024-05-14": True}
    with Store(out / STORE_NAME) as store:
        assert len(store.builds()) == 2


def test_the_library_rebuild_records_each_build_in_the_store(tmp_path):
    run_build([write(tmp_path / "first", FIRST_REPORTS)], out=tmp_path / "out")
    with Store(tmp_path / "out" / STORE_NAME) as store:
        timeline = rebuild(store)
        assert timeline.changes is not None and timeline.changes.since == 1 and timeline.changes.empty
        assert [b.number for b in store.builds()] == [1, 2]
        assert record_build(timeline, "build").articles == store.builds()[-1].articles


# -- the coalition reports (../shared; skipped when absent) -------------------------------------------------


def test_adding_the_2019_coalition_report_says_what_it_changed(coalition, tmp_path):
    # the one report naming the coalition's 79 members (Pompeo's meeting, after Trump's December 2018 announcement)
    later = [p for p in sorted(coalition.iterdir()) if "79-member" in p.read_text(encoding="utf-8")]
    assert len(later) == 1
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    for path in coalition.iterdir():
        if path not in later:
            shutil.copy(path, earlier / path.name)
    out = tmp_path / "out"
    assert runner.invoke(app, ["build", str(earlier), "--out", str(out)]).exit_code == 0
    result = runner.invoke(app, ["add", str(later[0]), "--out", str(out)])
    assert result.exit_code == 0, result.output
    recorded = (out / "changes.md").read_text()
    for said in (result.stdout, recorded.replace("\\", "").replace("**", "")):
        assert "## New dates" in said and "- 2016 (" in said  # "Manbij was liberated from IS control in 2016"
        revised = said.split("## Figures revised")[1].split("##")[0]
        assert "coalition members (countries): 60 (2015-01-22) → 68, 69 (2017-03-22) → 79 (undated)" in revised
        quotes = said.split("## Quotes newly attributed")[1].split("##")[0]
        assert quotes.count("- Mike Pompeo: ") >= 2 and "is not a change in the mission" in quotes
    with Store(out / STORE_NAME) as store:
        assert [b.command for b in store.builds()] == ["build", "add"]
