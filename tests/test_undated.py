"""Nothing undated is lost: what reports without a publication date tell is dated where the text supports it,
else listed in the undated section with why, in every output."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest

from dateline.config import Settings
from dateline.model import (
    Article,
    DateHow,
    EventDateHow,
    Origin,
    Outlet,
    PublishedDate,
    Timeline,
    UndatedReason,
)
from dateline.pipeline import dated_sentences, run_build
from dateline.render import render_markdown, render_timelinejs
from dateline.render.csv import render_csv
from dateline.render.html import render_html
from dateline.render.json import load_schema, timeline_from_dict, timeline_to_dict
from dateline.story.dedupe import find_copies, find_repeats
from dateline.story.events import article_candidates, report_focus
from dateline.story.undated import PER_REPORT, publication_bound, undated_items


def report(name: str, text: str, published: dt.date | None = None, *, earliest: dt.date | None = None,
           latest: dt.date | None = None) -> Article:
    if published:
        date = PublishedDate(published, DateHow.METADATA, 0.95)
    elif earliest or latest:
        date = PublishedDate(None, DateHow.SHARED_PASSAGE, 0.5, reason="bounded in the test",
                             inferred="bounded by a passage shared with a dated report", earliest=earliest,
                             latest=latest)
    else:
        date = PublishedDate.unknown("no date in the test report")
    return Article(name, Origin(f"{name}.txt"), Outlet("Wireline", "metadata"), None, text, date)


def unplaced(*articles: Article, per_report: int = 3):
    sentences = [s for a in articles for s in dated_sentences(a)]
    copies = find_copies(articles)
    repeats = find_repeats(articles, copies=copies)
    candidates = article_candidates(articles, sentences, copies, repeats)
    return candidates, undated_items(articles, sentences, candidates, copies, repeats, per_report=per_report)


FERRY = ("The ferry Maren Lys ran aground off Skelvik on 14 June 2021 with 212 passengers aboard. "
         "Coastguard crews took the passengers ashore in lifeboats on Tuesday night. "
         "The owners said the captain had followed the usual channel through the sound. "
         "Two tugs from Skelvik tried to pull the ship off the rocks, but the tide was too low. "
         "Divers found a long gash in the hull below the waterline of the stranded ship. "
         "An inquiry into the grounding will report to the maritime board in the spring.")
HERRING = ("Fishermen in Kelloway said on Tuesday that their herring catches had fallen by half since last month. "
           "The cooperative that sells their catch asked the fisheries office for an emergency quota review. "
           "The cooperative was founded in 1998 and now lands fish from forty boats along the coast. "
           "Buyers in the market towns have already raised the price they pay for smoked herring. "
         "Its chairman said the boats would stay in harbour until the review was done.")


# -- where the text supports a date ------------------------------------------------------------------------


def test_an_undated_report_still_puts_a_sentence_on_the_day_it_writes_out():
    candidates, items = unplaced(report("ferry", FERRY))
    [placed] = [c for c in candidates if "ran aground" in c.text]
    assert (placed.period.timex, placed.how) == ("2021-06-14", EventDateHow.MENTIONED)
    assert not any("ran aground" in item.text for item in items)


def test_a_sentence_counted_from_an_unknown_publication_date_is_listed_with_its_reason_and_dates():
    _, items = unplaced(report("herring", HERRING))
    [item] = [i for i in items if "herring catches" in i.text]
    assert item.reason is UndatedReason.RELATIVE_TO_UNKNOWN
    assert [m.text for m in item.mentions] == ["Tuesday", "last month"]
    assert all(m.reason and m.period is None for m in item.mentions)
    assert "'Tuesday', 'last month' count" in item.detail and "unknown" in item.detail
    assert HERRING[item.ref.start : item.ref.end] == item.text


def test_a_sentence_naming_no_date_in_an_undated_report_is_listed_as_naming_none():
    _, items = unplaced(report("ferry", FERRY), per_report=10)
    [item] = [i for i in items if "usual channel" in i.text]
    assert item.reason is UndatedReason.NAMES_NO_DATE and item.mentions == ()
    assert "publication date" in item.detail


def test_nothing_an_undated_report_could_tell_is_dropped_silently():
    """Every sentence the dated selection could choose is on a date or in the undated section."""
    herring, ferry = report("herring", HERRING), report("ferry", FERRY)
    candidates, items = unplaced(herring, ferry, per_report=100)
    told = {(c.ref.article, c.ref.start) for c in candidates} | {(i.ref.article, i.ref.start) for i in items}
    for article in (herring, ferry):
        for s in dated_sentences(article):
            assert (article.id, s.start) in told, article.text[s.start : s.end]


def test_each_undated_report_lists_a_few_sentences_the_most_important_first():
    _, everything = unplaced(report("ferry", FERRY), report("herring", HERRING), per_report=100)
    _, few = unplaced(report("ferry", FERRY), report("herring", HERRING))
    for name in ("ferry", "herring"):
        mine = [i for i in few if i.ref.article == name]
        assert 1 <= len(mine) <= PER_REPORT < len([i for i in everything if i.ref.article == name])
        assert mine[0].score == max(i.score for i in everything if i.ref.article == name)


def test_a_report_that_copies_a_dated_one_adds_nothing_to_the_undated_section():
    dated = report("wire", HERRING, dt.date(2022, 11, 3))
    reprint = report("reprint", HERRING.replace("Its chairman said", "The chairman said"))
    _, items = unplaced(dated, reprint)
    assert items == []


def test_a_past_tense_year_bounds_the_publication_date_from_below_with_its_evidence():
    article = report("herring", HERRING)
    earliest, latest, how, evidence = publication_bound(article, dated_sentences(article))
    assert (earliest, latest) == (dt.date(1998, 1, 1), None)
    assert "'1998'" in how and "past tense" in how
    assert "was founded in 1998" in HERRING[evidence.start : evidence.end]


@pytest.mark.parametrize("sentence", [
    "The terminal will open to container ships in 2031, the port authority said on Monday.",
    "Dredging of the channel must be finished before 2031, under the terms of the harbour loan.",
    "The berths were expected to be rebuilt by 2031 at the latest, officials told the council.",
])
def test_a_future_or_deadline_year_gives_no_bound(sentence):
    article = report("port", sentence)
    assert publication_bound(article, dated_sentences(article))[0] is None


# -- a report known only within bounds ----------------------------------------------------------------------


MEETING = ("Ministers met in Orland on Wednesday to agree a plan for the flooded delta. "
           "The plan sets aside money for new embankments along the river's lower reaches. "
           "The minister said today that the first contracts would be signed within weeks.")


def test_a_bounded_report_has_the_focus_day_every_day_in_its_bounds_gives():
    # Published between Wednesday 8 and Saturday 11 March 2023: "on Wednesday" is the 8th throughout.
    article = report("meeting", MEETING, earliest=dt.date(2023, 3, 8), latest=dt.date(2023, 3, 11))
    assert report_focus([article], dated_sentences(article)) == {"meeting": dt.date(2023, 3, 8)}
    candidates, items = unplaced(article)
    [plan] = [c for c in candidates if "sets aside money" in c.text]
    assert (plan.period.timex, plan.how) == ("2023-03-08", EventDateHow.REPORT_FOCUS)
    # "today" differs across the bounds: it does not stand for the focus day, and is listed instead
    assert not any("said today" in c.text for c in candidates)
    [today] = [i for i in items if "said today" in i.text]
    assert today.reason is UndatedReason.DEPENDS_ON_DAY
    assert (today.earliest, today.latest) == (dt.date(2023, 3, 8), dt.date(2023, 3, 11))
    assert today.bound == "bounded by a passage shared with a dated report"


def test_a_bounded_report_whose_days_disagree_on_its_focus_has_none():
    # Up to 5 April the week before publication may hold no day it names: no focus, nothing made up.
    article = report("meeting", MEETING, earliest=dt.date(2023, 3, 8), latest=dt.date(2023, 4, 5))
    assert report_focus([article], dated_sentences(article)) == {}
    _, items = unplaced(article)
    assert any("sets aside money" in i.text and i.reason is UndatedReason.NAMES_NO_DATE for i in items)


# -- a hand-written pile, built end to end -------------------------------------------------------------------


PILE = {
    "dated.txt": ("Title: Harbour crane collapses at Brellhaven\nPublished: 2022-05-12\n\n"
                  "A crane collapsed at the Brellhaven container terminal on Wednesday, injuring three dock "
                  "workers and halting work on two berths.\n\nThe terminal operator said the crane had been "
                  "inspected in April and that an engineer would examine the wreck.\n"),
    "ferry.txt": "Ferry grounding off Skelvik\n\n" + FERRY.replace(". ", ".\n\n") + "\n",
    "herring.txt": "Kelloway herring catches halve\n\n" + HERRING.replace(". ", ".\n\n") + "\n",
}


@pytest.fixture(scope="module")
def pile(tmp_path_factory) -> Timeline:
    root = tmp_path_factory.mktemp("undated-pile")
    for name, text in PILE.items():
        (root / name).write_text(text, encoding="utf-8")
    return run_build([str(root)], Settings(workers=1)).timeline


def _article(timeline: Timeline, name: str) -> Article:
    return next(a for a in timeline.articles if a.origin.path.endswith(name))


def test_the_pile_places_the_undated_ferry_report_on_the_day_it_names(pile):
    ferry = _article(pile, "ferry.txt")
    assert ferry.published.date is None
    placed = {e.value for e in pile.events for s in e.sentences if s.ref.article == ferry.id and "ran aground" in s.text}
    assert placed == {"2021-06-14"}
    assert any(e.value == "2021-06-14" and any(r.article == ferry.id for r in e.sources) for e in pile.entries)


def test_the_pile_lists_the_relative_only_report_in_the_undated_section(pile):
    herring = _article(pile, "herring.txt")
    assert herring.published.date is None
    items = [i for i in pile.undated if i.ref.article == herring.id]
    assert items and any(i.reason is UndatedReason.RELATIVE_TO_UNKNOWN for i in items)
    assert all(i.earliest == dt.date(1998, 1, 1) for i in items)
    dated = _article(pile, "dated.txt")
    assert not any(i.ref.article == dated.id for i in pile.undated)


def test_every_output_shows_the_undated_section(pile):
    herring = next(i for i in pile.undated if "herring catches" in i.text)
    words = "herring catches had fallen by half"
    markdown = render_markdown(pile)
    assert "## Undated" in markdown and words in markdown[markdown.index("## Undated"):]
    assert markdown.index("## Undated") > markdown.index("## 2022-05")
    html = render_html(pile)
    section = html[html.index('<section id="undated"'):]
    assert words in section[: section.index("</section>")] and 'href="#undated"' in html
    data = timeline_to_dict(pile)
    assert any(words in u["text"] and u["reason"] == "relative-to-unknown" for u in data["undated"])
    import jsonschema

    jsonschema.validate(json.loads(json.dumps(data, default=str)), load_schema())
    assert timeline_from_dict(json.loads(json.dumps(data))).undated == pile.undated
    rows = list(csv.DictReader(io.StringIO(render_csv(pile, "undated"))))
    [row] = [r for r in rows if words in r["text"]]
    assert (row["reason"], row["article"], int(row["start"])) == ("relative-to-unknown", herring.ref.article,
                                                                 herring.ref.start)
    assert row["earliest"] == "1998-01-01" and row["latest"] == ""
    entries = list(csv.DictReader(io.StringIO(render_csv(pile, "entries"))))
    assert all(r["value"] for r in entries)  # entries.csv stays one dated line a row
    title = json.loads(render_timelinejs(pile))["title"]["text"]["text"]
    assert f"Not shown: {len(pile.undated)} sentences from" in title and "undated.csv" in title


def test_a_timeline_json_from_before_the_undated_section_still_loads(pile):
    data = timeline_to_dict(pile)
    del data["undated"]
    assert timeline_from_dict(json.loads(json.dumps(data))).undated == ()


def test_a_date_span_leaves_the_undated_section_whole(pile, tmp_path):
    """A span keeps what is dated inside it; an undated sentence has no date to judge, so it stays listed."""
    for name, text in PILE.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    spanned = run_build([str(tmp_path)], Settings(workers=1, span_from=dt.date(2022, 1, 1))).timeline
    assert not any(e.value == "2021-06-14" for e in spanned.entries)  # the ferry's day is outside the span
    assert [(i.text, i.reason) for i in spanned.undated] == [(i.text, i.reason) for i in pile.undated]
