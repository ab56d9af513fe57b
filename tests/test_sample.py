"""Golden tests on the bundled sample corpus against its hand-written gold."""

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
from conftest import sample_label

from dateline.config import Settings
from dateline.model import UndatedReason
from dateline.pipeline import SAMPLE_DIR, run_build
from dateline.render.json import load_schema, timeline_to_dict

GOLD = json.loads((SAMPLE_DIR.parent / "gold" / "gold.json").read_text(encoding="utf-8"))




def squash(text: str) -> str:
    return " ".join(text.split()).casefold()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample-out")
    return run_build([str(SAMPLE_DIR)], Settings(), out=out)


@pytest.fixture(scope="module")
def articles(built):
    return {a.origin.label(): a for a in built.timeline.articles}


GOLD_ARTICLES = {sample_label(g["origin"]): g for g in GOLD["articles"]}


def test_the_sample_has_the_size_the_issue_asks_for():
    outlets = {g["outlet"] for g in GOLD["articles"] if g["outlet"]}
    assert 15 <= len(GOLD["articles"]) <= 25
    assert len(outlets) >= 5
    suffixes = {Path(g["origin"]["path"]).name.split(".", 1)[1] for g in GOLD["articles"]}
    assert {"html", "txt", "md", "jsonl", "warc.gz"} <= suffixes


def test_every_sample_report_is_ingested_and_nothing_is_skipped(built, articles):
    assert built.report.skipped == ()
    assert set(articles) == set(GOLD_ARTICLES)


@pytest.mark.parametrize("origin", sorted(GOLD_ARTICLES))
def test_publication_date_matches_the_gold(articles, origin):
    gold = GOLD_ARTICLES[origin]
    published = articles[origin].published
    assert (published.date.isoformat() if published.date else None) == gold["published"], published
    if gold["published"]:
        assert published.how.value == gold["published_how"]
        assert published.confidence >= 0.7
    else:
        assert published.reason


@pytest.mark.parametrize("origin", sorted(GOLD_ARTICLES))
def test_cleaning_keeps_the_article_and_drops_the_boilerplate(articles, origin):
    gold = GOLD_ARTICLES[origin]
    text = squash(articles[origin].text)
    for needle in gold["must_contain"]:
        assert squash(needle) in text, f"lost: {needle!r}"
    for needle in gold["must_not_contain"]:
        assert squash(needle) not in text, f"left in: {needle!r}"


@pytest.mark.parametrize("origin", sorted(GOLD_ARTICLES))
def test_outlet_and_title_match_the_gold(articles, origin):
    gold = GOLD_ARTICLES[origin]
    article = articles[origin]
    if gold["outlet"]:
        assert article.outlet.name == gold["outlet"]
    assert squash(article.title or "") == squash(gold["title"])


def test_the_sample_timeline_json_is_valid_and_spans_the_story(built):
    data = timeline_to_dict(built.timeline)
    jsonschema.validate(json.loads(json.dumps(data)), load_schema())
    dates = sorted(g["published"] for g in GOLD["articles"] if g["published"])
    assert data["span"] == {"first": dates[0], "last": dates[-1]}


# -- the report without a publication date ----------------------------------------------------------------


def test_the_sample_report_without_a_publication_date_is_dated_where_it_says_and_listed_where_it_cannot(built):
    """The long read about the dam's history names years (1987, 2010, 2019) but not when it was published: its
    years place their sentences; its key sentences that no date places are in the undated section, each with why
    and with the bound the text supports (it tells of 2019 in the past tense)."""
    timeline = built.timeline
    [undated] = [a for a in timeline.articles if a.published.date is None]
    assert GOLD_ARTICLES[undated.origin.label()]["published"] is None
    placed = [(e.value, s.text) for e in timeline.events for s in e.sentences if s.ref.article == undated.id]
    for value, words in (("1987", "dam was built in 1987"), ("2019", "led the last full inspection of the dam")):
        assert any(v == value and words in text for v, text in placed), words
    items = [i for i in timeline.undated if i.ref.article == undated.id]
    assert items == list(timeline.undated)  # the only report without a date
    assert 1 <= len(items) <= 3
    for item in items:
        assert undated.text[item.ref.start : item.ref.end] == item.text
        assert (item.earliest, item.latest) == (dt.date(2019, 1, 1), None)
        assert "in 2019" in undated.text[item.bound_evidence.start : item.bound_evidence.end]
    [winter] = [i for i in items if "last winter before the collapse" in i.text]
    assert winter.reason is UndatedReason.RELATIVE_TO_UNKNOWN and [m.text for m in winter.mentions] == ["last winter"]
    assert {i.reason for i in items} <= {UndatedReason.NAMES_NO_DATE, UndatedReason.RELATIVE_TO_UNKNOWN}


def test_the_sample_build_writes_the_undated_section_into_its_outputs(built):
    out = built.store.parent
    assert "## Undated" in (out / "timeline.md").read_text(encoding="utf-8")
    assert 'id="undated"' in (out / "timeline.html").read_text(encoding="utf-8")
    rows = (out / "undated.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + len(built.timeline.undated)
    assert len(json.loads((out / "timeline.json").read_text(encoding="utf-8"))["undated"]) == len(built.timeline.undated)
