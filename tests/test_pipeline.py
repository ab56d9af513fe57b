import contextlib
import dataclasses
import datetime as dt
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import time

import pytest

from dateline import cluster, pipeline
from dateline.annotate import dating, entities
from dateline.annotate.sentences import split
from dateline.config import Settings
from dateline.errors import DatelineError
from dateline.ingest.article import content_id, read_article
from dateline.model import DateHow, Origin, RawDocument, Skipped
from dateline.pipeline import ingest_paths, run_build
from dateline.store.sqlite import STORE_NAME, Store


def doc(text, kind="text", **meta):
    return RawDocument(Origin("r.txt"), kind, text, meta=meta)


def test_content_id_ignores_case_width_and_spacing():
    assert content_id("The  Ferry\nsailed.") == content_id("the ferry sailed.")
    assert content_id("The ferry sailed.") != content_id("The ferry sank.")


def test_a_text_report_becomes_a_dated_article_with_its_lede(article_text):
    article = read_article(doc(article_text), Settings())
    assert article.published.date == dt.date(2022, 6, 6)
    assert article.published.how is DateHow.DATELINE
    start, end = split(article.text)[0]
    assert article.text[start:end].startswith("MARROWICK, June 6, 2022 - The ferry operator")
    assert article.text[start:end].endswith("in a week.")


def test_container_metadata_wins_over_the_text(article_text):
    article = read_article(doc(article_text, published="2022-06-05", outlet="Osk Daily", title="Ferry halted"), Settings())
    assert article.published.date == dt.date(2022, 6, 5) and article.published.how is DateHow.METADATA
    assert article.outlet.name == "Osk Daily" and article.title == "Ferry halted"


def test_the_outlet_falls_back_to_the_url_host(article_text):
    raw = RawDocument(Origin("f.jsonl", line=1, url="https://www.oskdaily.example/x"), "text", article_text)
    assert read_article(raw, Settings()).outlet.name == "oskdaily.example"
    assert read_article(doc(article_text), Settings()).outlet.how == "none"


def test_a_page_without_article_text_is_skipped_with_a_reason():
    result = read_article(doc("<html><body><nav>Home</nav></body></html>", kind="html"), Settings())
    assert isinstance(result, Skipped)
    assert "after removing boilerplate" in result.reason


def test_malformed_html_does_not_stop_the_run(article_text):
    broken = "<html><body><article><p>" + article_text.replace("\n\n", "</p><p") + "<div><<>></span></table>"
    result = read_article(doc(broken, kind="html"), Settings())
    assert not isinstance(result, Skipped), result
    assert "Vantrel Lines" in result.text


@pytest.fixture
def pile(tmp_path, article_text):
    folder = tmp_path / "pile"
    folder.mkdir()
    for day in range(1, 6):
        (folder / f"r{day}.txt").write_text(article_text.replace("June 6", f"June {day}").replace("ferry", f"ferry {day}"))
    return folder


def test_an_interrupted_ingest_keeps_committed_batches_and_a_rerun_continues(tmp_path, pile, monkeypatch):
    settings = Settings(batch_size=1)
    real = pipeline.process_batch
    calls = {"n": 0}

    def interrupted(docs, s):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(docs, s)

    monkeypatch.setattr(pipeline, "process_batch", interrupted)
    with Store(tmp_path / "s.sqlite") as store, pytest.raises(KeyboardInterrupt):
        ingest_paths([pile], store, settings)
    monkeypatch.setattr(pipeline, "process_batch", real)
    with Store(tmp_path / "s.sqlite") as store:
        assert store.count() == 2
        report = ingest_paths([pile], store, settings)
        assert len(report.duplicates) == 2 and len(report.added) == 3
        assert store.count() == 5


def test_two_workers_give_the_same_articles_as_one(tmp_path, pile):
    one = run_build([pile], Settings(workers=1, batch_size=2)).timeline
    two = run_build([pile], Settings(workers=2, batch_size=2)).timeline
    assert [a.id for a in one.articles] == [a.id for a in two.articles]
    assert [a.published for a in one.articles] == [a.published for a in two.articles]


def test_entries_cover_each_day_the_reports_name_and_cite_spans_of_their_text(tmp_path, article_text):
    # Each report names its day in its first sentence ("said on June 3"): the dateline alone would not place
    # it, as a dateline says when the report was written, not when what it tells happened.
    pile = tmp_path / "named"
    pile.mkdir()
    for day in range(1, 6):
        (pile / f"r{day}.txt").write_text(article_text.replace("June 6", f"June {day}")
                                          .replace("on Monday", f"on June {day}").replace("ferry", f"ferry {day}"))
    timeline = run_build([pile], Settings()).timeline
    june = [e.date.day for e in timeline.entries if e.date.month == 6]
    assert june == [1, 2, 3, 4, 5]
    texts = {a.id: a.text for a in timeline.articles}
    for entry in timeline.entries:
        for sentence, source in zip(entry.summary, entry.sources, strict=True):
            assert texts[source.article][source.start : source.end] == sentence


def test_a_rebuild_re_dates_only_articles_whose_anchor_changed(tmp_path, pile, monkeypatch):
    out = tmp_path / "out"
    run_build([pile], Settings(), out=out)
    calls = []
    real = dating.dated_sentences
    monkeypatch.setattr(dating, "dated_sentences", lambda a, m=None: calls.append(a.id) or real(a, m))
    again = run_build([pile], Settings(), out=out).timeline
    assert calls == []
    assert sum(len(s.mentions) for s in again.sentences) > 0


def test_stored_sentences_round_trip_with_their_mentions(tmp_path, pile):
    first = run_build([pile], Settings(), out=tmp_path / "out").timeline
    with Store(tmp_path / "out" / "dateline.sqlite") as store:
        stored = [s for a in store.articles() for s in store.sentences(a)]
    assert stored == list(first.sentences)
    monday = [m for s in stored for m in s.mentions if m.text == "Monday"]
    assert monday and all(m.value and m.anchor for m in monday)


def test_a_rebuild_keeps_a_year_inferred_from_weekdays(tmp_path):
    """The year of a year-less dateline, inferred at the first build, survives later rebuilds."""
    pile = tmp_path / "pile"
    pile.mkdir()
    body = ("said the harbour board would meet again before the spring timetable, and that the cost of "
            "the repairs would be shared by the three island councils.")
    (pile / "a.txt").write_text(f"Ferry board meets\n\nMARROWICK, June 6, 2016 - The ferry operator {body}\n")
    (pile / "b.txt").write_text(f"Ferry fares rise\n\nMARROWICK, March 3, 2017 - The island council {body}\n")
    (pile / "c.txt").write_text(
        "Ferry talks in Marrowby\n\nMarrowby, Jan. 23: Minister Ilse Forr said here Thursday that the "
        f"ferry companies met in Marrowby today (Jan. 22) and {body}\n"
    )
    first = run_build([pile], Settings(), out=tmp_path / "out").timeline
    with Store(tmp_path / "out" / STORE_NAME) as store:
        second = pipeline.rebuild(store)
        third = pipeline.rebuild(store)
    dates = [sorted(str(a.published.date) for a in t.articles) for t in (first, second, third)]
    assert dates[0] == dates[1] == dates[2]
    assert "2015-01-23" in dates[0]
    assert [e.value for e in first.entries] == [e.value for e in third.entries]


def entity_view(timeline):
    return [(e.name, e.label, e.aliases, e.mentions, e.role) for e in timeline.entities]


def test_a_rebuild_with_nothing_new_runs_no_ner(tmp_path, pile, monkeypatch):
    out = tmp_path / "out"
    first = run_build([pile], Settings(), out=out).timeline
    assert any(e.label == "PERSON" for e in first.entities)

    def no_spacy(*args, **kwargs):
        raise AssertionError("spaCy was loaded on a rebuild with nothing new")

    monkeypatch.setattr(entities, "_model", no_spacy)
    monkeypatch.setattr(entities, "load_model", no_spacy)
    again = run_build([pile], Settings(), out=out).timeline
    assert entity_view(again) == entity_view(first)
    assert [q.speaker for q in again.quotes] == [q.speaker for q in first.quotes]


def test_articles_stored_without_ner_results_get_them_once_at_the_next_build(tmp_path, pile, monkeypatch):
    """A store written before NER results were kept (its new tables empty) builds, and keeps them after."""
    out = tmp_path / "out"
    first = run_build([pile], Settings(), out=out).timeline
    with Store(out / STORE_NAME) as store:
        for table in ("entity_mentions", "declared_equal", "ner_runs"):
            store.db.execute(f"DELETE FROM {table}")
        assert all(a.ner is None for a in store.articles())
    seen = []
    real = entities.find_mentions
    monkeypatch.setattr(entities, "find_mentions", lambda articles, **kw: seen.extend(a.id for a in articles) or real(articles, **kw))
    again = run_build([pile], Settings(), out=out).timeline
    assert sorted(seen) == sorted(a.id for a in first.articles)
    assert entity_view(again) == entity_view(first)
    seen.clear()
    run_build([pile], Settings(), out=out)
    assert seen == []


def test_a_new_ner_version_runs_ner_again_on_every_stored_article(tmp_path, pile, monkeypatch):
    out = tmp_path / "out"
    first = run_build([pile], Settings(), out=out).timeline
    monkeypatch.setattr(entities, "RULES_VERSION", "next")
    seen = []
    real = entities.find_mentions
    monkeypatch.setattr(entities, "find_mentions", lambda articles, **kw: seen.extend(a.id for a in articles) or real(articles, **kw))
    again = run_build([pile], Settings(), out=out).timeline
    assert sorted(seen) == sorted(a.id for a in first.articles)
    with Store(out / STORE_NAME) as store:
        assert {a.ner.version.split("; ")[-1] for a in store.articles()} == {"rules next"}
    assert entity_view(again) == entity_view(first)


def test_two_workers_find_the_same_entities_as_one(tmp_path, pile):
    one = run_build([pile], Settings(workers=1, batch_size=2), out=tmp_path / "one")
    two = run_build([pile], Settings(workers=2, batch_size=2), out=tmp_path / "two")
    assert entity_view(one.timeline) and entity_view(one.timeline) == entity_view(two.timeline)
    with Store(one.store) as a, Store(two.store) as b:
        assert [x.ner for x in a.articles()] == [y.ner for y in b.articles()]


def test_reports_are_added_without_a_spacy_model_and_the_build_says_what_to_install(tmp_path, pile, monkeypatch):
    monkeypatch.setattr(entities, "_MODELS", ("no_such_spacy_model",))
    entities._resolve.cache_clear()
    try:
        report = pipeline.add([pile], tmp_path / "s.sqlite")
        assert len(report.added) == 5 and all(a.ner is None for a in report.added)
        with pytest.raises(DatelineError, match="no spaCy English model is installed"):
            run_build([], Settings(), store_path=tmp_path / "s.sqlite")
    finally:
        entities._resolve.cache_clear()


def without_clock(timeline):
    return dataclasses.replace(timeline, generated=None)


def test_a_build_without_an_output_folder_needs_no_store_and_equals_a_stored_build(tmp_path, pile, monkeypatch):
    (tmp_path / "again").mkdir()
    (tmp_path / "again" / "copy.txt").write_text((pile / "r1.txt").read_text())
    paths = [pile, tmp_path / "again", tmp_path / "missing"]
    stored = run_build(paths, Settings(), out=tmp_path / "out")

    def no_store(*args, **kwargs):
        raise AssertionError("a build without an output folder opened a store")

    monkeypatch.setattr(pipeline, "Store", no_store)
    monkeypatch.chdir(tmp_path)
    in_memory = run_build(paths, Settings())
    assert in_memory.store is None and in_memory.outputs == ()
    assert without_clock(in_memory.timeline) == without_clock(stored.timeline)
    assert in_memory.report == stored.report
    assert [d.origin for d in in_memory.timeline.duplicates] == [str(tmp_path / "again" / "copy.txt")]
    assert [s.origin for s in in_memory.timeline.skipped] == [str(tmp_path / "missing")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again", "out", "pile"]  # nothing written


def test_the_runner_folds_the_story_stages_in_order_and_times_each(tmp_path, pile, monkeypatch):
    seen = []

    def stage(name):
        def run(story, settings):
            seen.append((name, len(story.articles)))
            return dataclasses.replace(story, sentences=(*story.sentences, *[s for a in story.articles[:1]
                                                                              for s in dating.dated_sentences(a)]))
        return run

    monkeypatch.setattr(pipeline, "STORY_STAGES", (("first", stage("a")), ("second", stage("b"))))
    result = run_build([pile], Settings(), out=tmp_path / "out")
    assert seen == [("a", 5), ("b", 5)]
    assert len({s.article for s in result.timeline.sentences}) == 1 and result.timeline.entries == ()
    assert {"ingest", "store", "first", "second", "render"} <= result.timings.keys()
    assert all(seconds >= 0 for seconds in result.timings.values())


def test_a_build_reports_seconds_for_every_stage(pile):
    timings = run_build([pile], Settings()).timings
    assert set(timings) == {"ingest", "store", *(name for name, _ in pipeline.STORY_STAGES)}


def test_the_per_report_stages_give_each_document_its_result_in_order(article_text, monkeypatch):
    docs = [(doc(article_text), "h1"), (doc("too short"), "h2"), (doc(article_text.replace("ferry", "boat")), "h3")]
    monkeypatch.setattr(pipeline, "ARTICLE_STAGES",
                        (lambda articles, s: [dataclasses.replace(a, title="seen") for a in articles],))
    results = pipeline.process_batch(docs, Settings())
    assert [digest for _, digest in results] == ["h1", "h2", "h3"]
    assert isinstance(results[1][0], Skipped)
    assert [r.title for r, _ in results if not isinstance(r, Skipped)] == ["seen", "seen"]


def test_dateline_render_rebuilds_from_the_store_when_timeline_json_is_gone(tmp_path, pile):
    out = tmp_path / "out"
    built = run_build([pile], Settings(), out=out)
    (out / "timeline.json").unlink()
    source, timeline, written = pipeline.render_folder(out, ["json"])
    assert source == "store" and written == [out / "timeline.json"]
    assert [e.value for e in timeline.entries] == [e.value for e in built.timeline.entries]


# -- worker processes die with their parent --------------------------------------------

#: A killed build's workers must be gone within this many seconds (issue 15's bound).
_ORPHAN_SECONDS = 5.0
#: Copies of the bundled sample in the pile: enough that the build is still reading when it is killed.
_SAMPLE_COPIES = 6


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie, dead but not yet reaped by whoever adopted it, does not count)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (FileNotFoundError, ProcessLookupError):
        return False


def _children(parent: int) -> list[int]:
    """Pids of the processes whose parent is ``parent`` (read from /proc: psutil is not a dependency)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == parent:
                found.append(int(entry))
    return found


def _gone_within(pids: list[int], seconds: float) -> list[int]:
    """The pids still alive after waiting up to ``seconds`` for all to end."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.1)
    return [p for p in pids if _alive(p)]


def _run_child(args: list[str]) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(pathlib.Path(pipeline.__file__).parents[1])}
    return subprocess.Popen([sys.executable, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="finds the workers in /proc")
def test_workers_of_a_build_killed_with_sigkill_end_within_seconds(tmp_path):
    pile = tmp_path / "pile"
    for n in range(_SAMPLE_COPIES):
        shutil.copytree(pipeline.SAMPLE_DIR, pile / f"copy{n}")
    build = _run_child(["-m", "dateline", "build", str(pile), "--out", str(tmp_path / "out"), "--workers", "2",
                        "--quiet"])
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 30
        while len(workers) < 2 and build.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
            workers = _children(build.pid)
        assert len(workers) >= 2 and build.poll() is None, "the build ended before its workers were seen"
        os.kill(build.pid, signal.SIGKILL)
        build.wait()
        assert _gone_within(workers, _ORPHAN_SECONDS) == []
    finally:
        for pid in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


# A worker whose parent is SIGKILLed, where the kernel's parent-death signal is not available: the worker's
# thread watching its parent must end it. The parent forks the worker, prints its pid and waits to be killed.
_FALLBACK_PARENT = """
import os, sys, time
from dateline import cluster
sys.platform = "without-prctl"
parent = os.getpid()
worker = os.fork()
if worker == 0:
    cluster._die_with_parent(parent)
    time.sleep(60)
    os._exit(0)
print(worker, flush=True)
time.sleep(60)
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forks a worker")
def test_a_worker_without_the_parent_death_signal_ends_once_its_parent_is_killed():
    parent = _run_child(["-c", _FALLBACK_PARENT])
    worker = 0
    try:
        assert parent.stdout is not None
        worker = int(parent.stdout.readline())
        assert _alive(worker)
        time.sleep(0.3)
        assert _alive(worker)  # it waits while its parent lives
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        assert _gone_within([worker], _ORPHAN_SECONDS) == []
    finally:
        if worker:
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker, signal.SIGKILL)


def _end_abruptly(job, settings):
    os._exit(3)  # what the system's out-of-memory killer does to a worker


def test_a_worker_that_dies_ends_the_run_with_an_error_saying_what_to_do():
    with pytest.raises(DatelineError, match=r"a worker process ended abruptly .* fewer --workers .* every batch stored"):
        settings = Settings(workers=2)
        with cluster.open_engine(settings) as engine:
            list(engine.map_in_order(_end_abruptly, [(None, 1), (None, 2)], settings))
