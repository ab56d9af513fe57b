"""The timeline summarisation benchmark on raw reports (bench/tls.py with bench/tls_reports.py).

A tiny Timeline17-shaped topic is written here (reports as JSONL with their
publication dates, one reference timeline); nothing from ../shared.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import pathlib
import shutil

import pytest
from test_bench_tls import baselines, tls

reports = tls.reports

D = dt.date

#: (publication day, text) of each report: a flood and its aftermath, two reports outside the reference's window.
REPORTS = [
    (D(2021, 5, 1), "Heavy rain fell on the river town of Marlow on Saturday. The river rose by two metres "
                    "overnight, and the town's engineers watched the old flood wall all night."),
    (D(2021, 5, 3), "The river burst its banks in Marlow on Monday, May 3, flooding three hundred homes. "
                    "Rescue teams evacuated families from the lower streets. The mayor, Ada Kettering, "
                    "called the flood the worst in fifty years."),
    (D(2021, 5, 4), "Marlow counted the damage on Tuesday after the river burst its banks on May 3. "
                    "Engineers said the old flood wall had failed. Families returned to clean their homes "
                    "and shops."),
    (D(2021, 5, 6), "The government pledged emergency funds for Marlow on Thursday. Ada Kettering said the "
                    "town would rebuild the flood wall before winter, and insurers sent assessors to the "
                    "flooded streets."),
    (D(2021, 5, 8), "Volunteers cleared mud from the streets of Marlow on Saturday, May 8. The river fell "
                    "back below its banks, and the last of the evacuated families went home to dry out."),
    (D(2021, 6, 20), "A month after the flood, Marlow's council approved a new flood wall on Sunday. Work on "
                     "the wall will begin in August, the council said, and finish before the winter rains."),
]

#: The reference: May 3 to May 6, so the first and last reports fall outside its window.
REFERENCE = {
    D(2021, 5, 3): ["The river floods Marlow .", "Hundreds of homes are flooded ."],
    D(2021, 5, 6): ["The government pledges emergency funds ."],
}


def _write_topic(root: pathlib.Path, name: str = "flood") -> pathlib.Path:
    folder = root / name
    (folder / "gold").mkdir(parents=True)
    with gzip.open(folder / "articles.jsonl.gz", "wt", encoding="utf-8") as handle:
        for n, (day, text) in enumerate(REPORTS):
            handle.write(json.dumps({"id": f"{name}/{n}", "published": day.isoformat(), "outlet": "Example News",
                                     "title": None, "url": None, "text": text}) + "\n")
    blocks = [f"{day.isoformat()}\n" + "".join(s + "\n" for s in sentences) + "-" * 32 + "\n"
              for day, sentences in REFERENCE.items()]
    (folder / "gold" / "1.txt").write_text("".join(blocks), encoding="utf-8")
    (folder / "keywords.json").write_text(json.dumps(["flood", "river"]), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def topic(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    return _write_topic(tmp_path_factory.mktemp("t17"))


@pytest.fixture(scope="module")
def run(topic: pathlib.Path, tmp_path_factory: pytest.TempPathFactory):
    """The topic through dateline and a spy baseline that records what it was given."""
    calls: list = []

    def spy(pool, dates, sentences, keywords):
        calls.append((list(pool), dates, sentences, list(keywords)))
        return [{}]

    cache = tmp_path_factory.mktemp("cache")
    systems = {"dateline": tls.SYSTEMS["dateline"](), "spy": spy}
    return tls.run_report_topic(topic, systems, cache), calls, cache


def test_raw_report_topics_are_found_beside_pool_topics(topic):
    assert reports.is_report_topic(topic)
    assert tls.find_topics(topic.parent) == ["flood"]


def test_baselines_get_only_sentences_of_reports_published_in_the_window(run):
    _result, calls, _ = run
    (pool, dates, sentences, keywords), = calls
    assert (dates, sentences) == (2, 2)  # L = reference dates, K = round(3 / 2)
    assert keywords == ["flood", "river"]
    texts = " ".join(text for _, text in pool)
    assert "Heavy rain" not in texts and "council approved" not in texts  # published outside May 3..6
    assert all(D(2021, 5, 3) <= day <= D(2021, 5, 6) for day, _ in pool)


def test_pool_sentences_take_their_named_day_else_their_report_date(run):
    _, calls, _ = run
    pool = {text: day for day, text in calls[0][0]}
    burst = next(t for t in pool if t.startswith("Marlow counted the damage"))
    assert pool[burst] == D(2021, 5, 4)  # "on Tuesday", published Tuesday May 4
    engineers = next(t for t in pool if t.startswith("Engineers said"))
    assert pool[engineers] == D(2021, 5, 4)  # no date of its own: the report's
    funds = next(t for t in pool if t.startswith("The government pledged"))
    assert pool[funds] == D(2021, 5, 6)


def test_dateline_is_scored_on_dates_inside_the_window(run):
    result, _, _ = run
    assert result.results["dateline"].error is None
    (scores,) = result.results["dateline"].scores
    assert scores["date_f1"].precision > 0  # it found at least one of the reference's days


def test_window_build_keeps_to_the_window_and_the_length(topic, run):
    result, _, _ = run
    stored = reports.Reports.load(result.ingested.store)
    articles = stored.published_in(D(2021, 5, 3), D(2021, 5, 6))
    assert len(articles) == 3
    timeline = reports.build_window(articles, D(2021, 5, 3), D(2021, 5, 6), dates=2, sentences=1)
    predicted = reports.as_prediction(timeline, D(2021, 5, 3), D(2021, 5, 6))
    assert 0 < len(predicted) <= 2
    assert all(D(2021, 5, 3) <= day <= D(2021, 5, 6) for day in predicted)
    assert all(len(sentences) == 1 for sentences in predicted.values())


def test_topic_is_read_once_and_reused_from_the_cache(topic, run):
    result, _, cache = run
    assert not result.ingested.cached and result.ingested.reports == len(REPORTS)
    again = reports.ingest_topic(topic, cache, lambda message: None)
    assert again.cached and again.store == result.ingested.store


def test_cache_is_reused_for_the_same_reports_unpacked_again(tmp_path, topic, run):
    result, _, cache = run
    again = tmp_path / "unpacked" / topic.name
    shutil.copytree(topic, again)
    os.utime(again / "articles.jsonl.gz", (1, 1))  # another path and another time stamp, the same bytes
    reused = reports.ingest_topic(again, cache, lambda message: None)
    assert reused.cached and reused.store == result.ingested.store


def test_cache_is_not_reused_when_the_reports_change(tmp_path, run):
    _, _, cache = run
    folder = _write_topic(tmp_path, "flood")
    first = reports.ingest_topic(folder, cache, lambda message: None)
    with gzip.open(folder / "articles.jsonl.gz", "at", encoding="utf-8") as handle:
        handle.write(json.dumps({"id": "flood/extra", "published": "2021-05-05", "text": "The river fell in "
                                 "Marlow on Wednesday as pumps drained the flooded streets of the town, and "
                                 "shops on the high street began to reopen their doors to customers."}) + "\n")
    second = reports.ingest_topic(folder, cache, lambda message: None)
    assert not second.cached and second.store != first.store and second.reports == len(REPORTS) + 1


def test_report_heading_names_reports_and_per_report_seconds(run):
    result, _, _ = run
    tables, overall = tls.report([result], ["dateline"])
    assert "6 reports" in tables and "per-report stages" in tables
    assert isinstance(overall["dateline"], dict)


def test_clust_on_reports_clusters_reports_and_dates_each_cluster_by_its_sentences():
    pool = [
        (D(2021, 1, 2), "storm hits the coast town"), (D(2021, 1, 2), "the storm hits the coast hard"),
        (D(2021, 1, 2), "storm damage on the coast"), (D(2021, 1, 1), "storm warning issued"),
        (D(2021, 1, 9), "election results counted in the capital"),
        (D(2021, 1, 9), "capital election results announced"),
    ]
    docs = [(D(2021, 1, 2), [0, 1]), (D(2021, 1, 3), [2, 3]), (D(2021, 1, 9), [4, 5])]
    timeline = baselines.clust_reports(pool, docs, dates=2, sentences=1)
    assert list(timeline) == [D(2021, 1, 2), D(2021, 1, 9)]
    assert timeline[D(2021, 1, 2)][0] in {text for day, text in pool[:3]}
