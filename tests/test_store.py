import dataclasses
import datetime as dt
import pathlib
import random
import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.annotate import timex
from dateline.errors import StoreError
from dateline.model import (
    Article,
    ArticleEntities,
    DateHow,
    DroppedLine,
    DropReason,
    EntityMention,
    Origin,
    Outlet,
    PublishedDate,
    Sentence,
    Skipped,
    TimexType,
)
from dateline.store import MemoryCorpus
from dateline.store import sqlite as store_module
from dateline.store.sqlite import SCHEMA_VERSION, Store


def make_article(n: int = 1, **changes) -> Article:
    values = {
        "id": f"{n:016x}",
        "origin": Origin(path=f"reports/{n}.txt"),
        "outlet": Outlet("Osk Daily", "header", "Osk Daily", None, 0.9),
        "title": f"Report {n}",
        "text": f"Text of report {n}.",
        "published": PublishedDate(dt.date(2022, 6, n % 28 + 1), DateHow.DATELINE, 0.9, "MARROWICK, June 6, 2022",
                                   (11, 23)),
        "url": None,
        "dropped": (DroppedLine("Share this", "share buttons"),),
    }
    values.update(changes)
    return Article(**values)


def test_a_new_store_is_at_the_current_schema_version_in_wal_mode(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        assert store.version == SCHEMA_VERSION
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_articles_round_trip_through_the_store(tmp_path):
    article = make_article()
    with Store(tmp_path / "s.sqlite") as store:
        store.save_batch([(article, "h1")])
    with Store(tmp_path / "s.sqlite") as store:
        assert list(store.articles()) == [article]
        assert store.article(article.id) == article


def test_drop_reasons_read_back_as_members_and_an_unknown_one_as_its_text(tmp_path):
    dropped = (DroppedLine("Photo: J. Moreno", DropReason.PHOTO_CREDIT), DroppedLine("Share this", "share buttons"))
    article = make_article(dropped=dropped)
    with Store(tmp_path / "s.sqlite") as store:
        store.save_batch([(article, "h1")])
    with Store(tmp_path / "s.sqlite") as store:
        credit, share = store.article(article.id).dropped
    assert credit.reason is DropReason.PHOTO_CREDIT
    assert share.reason == "share buttons" and not isinstance(share.reason, DropReason)


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    text=st.text(min_size=1, max_size=300),
    title=st.one_of(st.none(), st.text(max_size=80)),
    line=st.one_of(st.none(), st.integers(1, 10**6)),
    date=st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2030, 12, 31))),
)
def test_any_article_round_trips_unchanged(tmp_path_factory, text, title, line, date):
    published = PublishedDate(date, DateHow.METADATA if date else DateHow.NONE, 0.95 if date else 0.0,
                              reason=None if date else "nothing found")
    article = make_article(text=text, title=title, origin=Origin("feed.jsonl", line=line), published=published)
    with Store(tmp_path_factory.mktemp("s") / "s.sqlite") as store:
        store.save_batch([(article, "h")])
        assert list(store.articles()) == [article]


def test_the_same_article_twice_is_stored_once_and_reported_as_present(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        added, dups = store.save_batch([(make_article(), "h1")])
        assert len(added) == 1 and dups == []
        copy = make_article(origin=Origin("elsewhere/copy.txt"))
        added, dups = store.save_batch([(copy, "h2")])
        assert added == [] and [d.origin for d in dups] == ["elsewhere/copy.txt"]
        assert store.count() == 1
        assert [d.origin for d in store.duplicates()] == ["elsewhere/copy.txt"]


def test_known_inputs_are_recognised_by_origin_and_raw_hash(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        store.save_batch([(make_article(), "h1")])
        assert store.known_inputs([("reports/1.txt", "h1"), ("reports/1.txt", "changed")]) == {
            ("reports/1.txt", "h1"): make_article().id
        }


def test_a_failed_batch_leaves_earlier_batches_committed(tmp_path):
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        store.save_batch([(make_article(1), "h1")])
        broken = make_article(2, text=None)  # violates NOT NULL: the whole batch rolls back
        with pytest.raises(sqlite3.IntegrityError):
            store.save_batch([(make_article(3), "h3"), (broken, "h2")])
    with Store(path) as store:
        assert [a.id for a in store.articles()] == [make_article(1).id]


def test_skip_records_are_kept_and_cleared_once_the_origin_reads(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        store.save_batch([], [Skipped("reports/1.txt", "empty file")])
        assert store.skipped() == [Skipped("reports/1.txt", "empty file")]
        store.save_batch([(make_article(1), "h1")])
        assert store.skipped() == []


def test_a_store_from_a_newer_dateline_is_refused(tmp_path):
    path = tmp_path / "s.sqlite"
    with Store(path):
        pass
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    db.close()
    with pytest.raises(StoreError, match="written by a newer dateline"):
        Store(path)


@pytest.mark.parametrize(
    "prepare, message",
    [
        (lambda p: p.write_bytes(b"this is not a database at all" * 100), "is not a dateline store"),
        (lambda p: sqlite3.connect(p).execute("CREATE TABLE other(x)"), "an SQLite file but not a dateline store"),
        (lambda p: p.mkdir(), "is a folder"),
    ],
)
def test_a_path_that_is_not_a_store_is_refused_with_advice(tmp_path, prepare, message):
    path = tmp_path / "s.sqlite"
    prepare(path)
    with pytest.raises(StoreError, match=message):
        Store(path)


def test_migrations_run_once_and_reopening_changes_nothing(tmp_path):
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        store.save_batch([(make_article(), "h")])
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION and store.count() == 1


def ner_of(article: Article, version: str = "model 1.0; rules 1") -> ArticleEntities:
    return ArticleEntities(
        article.id, version,
        (EntityMention(article.id, 0, 4, "Text", "ORG"), EntityMention(article.id, 8, 14, "report", "PERSON", "Harbour Minister")),
        (("Northern Ferry Authority", "NFA"), ("NFA", "NorFerry")),
    )


def _open_and_report(path: str, start, results) -> None:
    start.wait()  # every run opens the store at the same moment
    try:
        with Store(path) as store:
            results.put(("ok", store.version))
    except Exception as exc:  # what a second run opening the same new store would have printed
        results.put(("failed", f"{type(exc).__name__}: {exc}"))


def test_runs_opening_one_new_store_at_once_all_open_it_at_the_current_version(tmp_path):
    # Both races met in CI: the WAL switch answered busy without waiting, and a run that read "version 0"
    # just before another run's schema landed took the new store for a foreign SQLite file.
    import multiprocessing

    context = multiprocessing.get_context("fork")
    for attempt in range(12):
        path = str(tmp_path / f"new{attempt}.sqlite")
        results, start = context.Queue(), context.Barrier(4)
        runs = [context.Process(target=_open_and_report, args=(path, start, results)) for _ in range(4)]
        for run in runs:
            run.start()
        outcomes = [results.get(timeout=60) for _ in runs]
        for run in runs:
            run.join()
        assert outcomes == [("ok", SCHEMA_VERSION)] * len(runs)


def test_ner_results_are_stored_with_their_article_and_read_back(tmp_path):
    article = make_article()
    article = dataclasses.replace(article, ner=ner_of(article))
    with Store(tmp_path / "s.sqlite") as store:
        store.save_batch([(article, "h1")])
    with Store(tmp_path / "s.sqlite") as store:
        assert store.article(article.id).ner == article.ner
        assert [a.ner for a in store.articles()] == [article.ner]
        assert store.without_ner("model 1.0; rules 1") == []
        assert store.without_ner("model 2.0; rules 1") == [article.id]


def test_an_article_stored_without_ner_results_is_listed_until_they_are_saved(tmp_path):
    plain, other = make_article(1), make_article(2)
    with Store(tmp_path / "s.sqlite") as store:
        store.save_batch([(plain, "h1"), (dataclasses.replace(other, ner=ner_of(other)), "h2")])
        assert store.article(plain.id).ner is None
        assert store.without_ner("model 1.0; rules 1") == [plain.id]
        store.save_ner([ner_of(plain)])
        assert store.without_ner("model 1.0; rules 1") == []
        assert store.article(plain.id).ner == ner_of(plain)


def test_a_copy_read_again_with_another_ner_version_replaces_the_stored_results(tmp_path):
    article = make_article()
    newer = ArticleEntities(article.id, "model 2.0; rules 1", (EntityMention(article.id, 0, 4, "Text", "GPE"),))
    with Store(tmp_path / "s.sqlite") as store:
        store.save_batch([(dataclasses.replace(article, ner=ner_of(article)), "h1")])
        store.save_batch([(dataclasses.replace(article, ner=ner_of(article, "model 1.0; rules 1")), "h2")])
        assert store.article(article.id).ner == ner_of(article)
        store.save_batch([(dataclasses.replace(article, ner=newer), "h3")])
        assert store.article(article.id).ner == newer


def test_a_store_from_before_ner_results_were_kept_upgrades_and_lists_its_articles(tmp_path, monkeypatch):
    """A schema-4 store (the last one without NER results) opens, and its articles await NER."""
    path = tmp_path / "old.sqlite"
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", 4)
    with Store(path) as old:
        assert old.version == 4
        old.db.execute(
            "INSERT INTO articles(id, title, outlet, outlet_how, text, published_date, published_how, "
            "published_confidence, origin, origin_label, ingested_at) "
            "VALUES ('00000000000000aa', 'Old', NULL, 'none', 'An old report.', '2022-06-06', 'dateline', 0.9, "
            "'{\"path\": \"old.txt\"}', 'old.txt', '2022-06-07T00:00:00+00:00')"
        )
    monkeypatch.undo()
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION
        assert [a.ner for a in store.articles()] == [None]
        assert store.without_ner("any version") == ["00000000000000aa"]


#: What takes a store back before migration 11 (an outlet's evidence, confidence and reason).
WITHOUT_OUTLET_EVIDENCE = "".join(f"ALTER TABLE articles DROP COLUMN outlet_{c}; "
                                  for c in ("evidence", "span_start", "span_end", "confidence", "reason"))


def test_a_store_with_the_old_facts_table_opens_without_it_and_keeps_its_articles(tmp_path):
    """Stores written before migration 7 held the story's facts, which nothing read: the table goes, the rest stays."""
    path = tmp_path / "old.sqlite"
    with Store(path) as old:
        old.save_batch([(make_article(), "h")])
    db = sqlite3.connect(path)  # back to schema 6: the facts table (4), none of what 7 to 11 changed
    db.executescript("CREATE TABLE facts (kind TEXT NOT NULL, position INTEGER NOT NULL, data TEXT NOT NULL); "
                     "INSERT INTO facts(kind, position, data) VALUES ('quotes', 0, '{}'); "
                     "ALTER TABLE runs DROP COLUMN host; ALTER TABLE runs DROP COLUMN pid; "
                     "ALTER TABLE runs DROP COLUMN ended; ALTER TABLE articles DROP COLUMN published_unbounded_reason; "
                     "ALTER TABLE mentions DROP COLUMN kind; ALTER TABLE mentions DROP COLUMN timex; "
                     + WITHOUT_OUTLET_EVIDENCE + "PRAGMA user_version = 6;")
    db.close()
    with Store(path) as store:
        assert store.version == SCHEMA_VERSION
        tables = {name for (name,) in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert "facts" not in tables and "articles" in tables
        assert list(store.articles()) == [make_article()]


def corpus_view(corpus):
    return ([a.id for a in corpus.articles()], corpus.duplicates(), corpus.skipped(),
            [a.ner for a in corpus.articles()], corpus.without_ner("model 1.0; rules 1"))


def test_a_corpus_in_memory_keeps_the_same_books_as_the_store(tmp_path):
    """Stored once, each further origin a duplicate, the last skip reason in first-seen place, NER replaced."""
    one, two = make_article(1), make_article(2)
    again = dataclasses.replace(one, origin=Origin("copy/1.txt"), ner=ner_of(one))
    batches = [
        ([], [Skipped("bad.html", "no article text"), Skipped("later.txt", "too short")]),
        ([(one, "h1"), (two, "h2"), (one, "h1")], [Skipped("bad.html", "still no article text")]),
        ([(again, "h3"), (dataclasses.replace(two, origin=Origin("later.txt")), "h4")], []),
    ]
    results = []
    for corpus in (Store(tmp_path / "s.sqlite"), MemoryCorpus()):
        with corpus:
            saved = [corpus.save_batch(articles, skipped) for articles, skipped in batches]
            known = corpus.known_inputs([("reports/1.txt", "h1"), ("reports/1.txt", "h9")])
            corpus.update_published([(two.id, PublishedDate.unknown("moved"))])
            results.append((saved, known, corpus_view(corpus), corpus.article(two.id)))
    stored, in_memory = results
    assert stored == in_memory
    assert [d.origin for d in stored[2][1]] == ["copy/1.txt", "later.txt"]  # the same origin read twice is not one
    assert stored[2][2] == [Skipped("bad.html", "still no article text")]


# -- a damaged, read-only or full store -----------------------------------------------


def damage(path, start_page: int = 1) -> None:
    """Write random bytes over every page of a store file from ``start_page`` on (page 0 holds the header
    and the table of tables, so the store still opens and fails when its tables are read)."""
    size = path.stat().st_size
    page = 4096  # SQLite's default page size, which the store keeps
    with open(path, "r+b") as f:
        f.seek(start_page * page)
        f.write(random.Random(15).randbytes(max(0, size - start_page * page)))


def open_read_only(monkeypatch) -> None:
    """From now on SQLite files open as SQLite opens a file it may not write (``mode=ro``). Tests may run as
    root, whom file modes do not stop, so a chmod would not make a read-only store; the URI does, for anyone."""
    connect = sqlite3.connect

    def open_read_only(path, *args, **kwargs):
        return connect(f"{pathlib.Path(path).absolute().as_uri()}?mode=ro", *args, uri=True, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", open_read_only)


def long_articles(first: int, last: int) -> list[tuple[Article, str]]:
    return [(make_article(n, text=f"Text of report {n}, long enough to fill pages. " * 80), f"h{n}")
            for n in range(first, last)]


def test_a_damaged_store_is_a_store_error_naming_the_file_and_the_fix(tmp_path):
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        store.save_batch(long_articles(1, 40))
    damage(path, start_page=path.stat().st_size // 4096 // 3)  # the middle and the end of the file
    damaged = r"is damaged \(database disk image is malformed\); restore it from a backup, or .* `dateline build`"
    # found on opening or on reading, wherever the damage lies
    with pytest.raises(StoreError, match=damaged) as info, Store(path) as store:
        list(store.articles())
    assert str(path) in str(info.value)


def test_a_query_that_is_wrong_stays_an_sqlite_error_not_a_store_error(tmp_path):
    with Store(tmp_path / "s.sqlite") as store, pytest.raises(sqlite3.OperationalError, match="no such table"):
        store.db.execute("SELECT * FROM nowhere")


def test_a_read_only_store_reads_and_refuses_writes_saying_what_to_do(tmp_path, monkeypatch):
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        store.save_batch([(make_article(1), "h1")])
    message = r"s.sqlite cannot be written \(attempt to write a readonly database\); make it and its folder writable"
    with monkeypatch.context() as patch:
        open_read_only(patch)
        with Store(path) as store:
            assert [a.id for a in store.articles()] == [make_article(1).id]
            with pytest.raises(StoreError, match=message):
                store.check_writable()
            with pytest.raises(StoreError, match=message):
                store.save_batch([(make_article(2), "h2")])
            assert not store.db.in_transaction
        with pytest.raises(StoreError, match=r"new.sqlite cannot be opened \(unable to open database file\)"):
            Store(tmp_path / "new.sqlite")
    with Store(path) as store:
        store.check_writable()  # a writable store passes, unchanged
        assert store.version == SCHEMA_VERSION and store.count() == 1


def test_a_full_disk_is_a_store_error_and_keeps_every_batch_stored_before(tmp_path):
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        store.save_batch([(make_article(1), "h1")])
        pages = store.db.execute("PRAGMA page_count").fetchone()[0]
        store.db.execute(f"PRAGMA max_page_count = {pages + 2}")  # what a full disk does to SQLite
        with pytest.raises(StoreError, match=r"is full \(database or disk is full\); free some space and run the "
                                             r"same command again: every batch stored before is kept"):
            store.save_batch(long_articles(2, 40))
        assert not store.db.in_transaction
    with Store(path) as store:
        assert [a.id for a in store.articles()] == [make_article(1).id]
        store.save_batch(long_articles(2, 40))  # with room again, the same batch goes in
        assert store.count() == 39


def test_a_run_whose_process_is_gone_is_closed_and_said_recovered_by_the_next(tmp_path):
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    with Store(tmp_path / "s.sqlite") as store:
        killed = store.start_run("build", ["pile/"])
        store.db.execute("UPDATE runs SET pid = ? WHERE id = ?", (int(gone.stdout), killed))  # its process ended
        alive = store.start_run("add", ["more/"])  # this process: still going
        said = store.recover_runs()
        assert len(said) == 1 and said[0].startswith("an earlier `dateline build` (started ")
        assert "the reports it stored are kept" in said[0]
        ended = dict(store.db.execute("SELECT id, ended FROM runs"))
        assert ended == {killed: "interrupted", alive: None}
        assert store.recover_runs() == []  # said once


def test_a_run_on_another_machine_is_left_alone(tmp_path):
    with Store(tmp_path / "s.sqlite") as store:
        run = store.start_run("build", ["pile/"])
        store.db.execute("UPDATE runs SET host = 'elsewhere', pid = 1 WHERE id = ?", (run,))
        assert store.recover_runs() == []


def test_a_bounded_date_keeps_its_unbounded_reason_and_an_older_store_gets_it_from_the_bounded_one(tmp_path):
    path = tmp_path / "s.sqlite"
    reason = ("no date metadata, dateline or date line; it shares a passage with a dated report where 'Wednesday' "
              "is 2017-03-22 in b.txt, so it was published between 2017-03-22 and 2017-03-28")
    bounded = PublishedDate(None, DateHow.SHARED_PASSAGE, 0.5, reason=reason, earliest=dt.date(2017, 3, 22),
                            latest=dt.date(2017, 3, 28), unbounded_reason="no date metadata, dateline or date line")
    with Store(path) as store:
        store.save_batch([(make_article(published=bounded), "h")])
        [back] = store.articles()
        assert back.published.unbounded_reason == "no date metadata, dateline or date line"
        # A store written before migration 9 held the unbounded reason only inside the bounded one.
        store.db.execute("ALTER TABLE articles DROP COLUMN published_unbounded_reason")
        store.db.execute("ALTER TABLE mentions DROP COLUMN kind")  # nor what migration 10 added
        store.db.execute("ALTER TABLE mentions DROP COLUMN timex")
        store.db.executescript(WITHOUT_OUTLET_EVIDENCE)  # nor what migration 11 added
        store.db.execute("PRAGMA user_version = 8")
    with Store(path) as store:
        [back] = store.articles()
        assert back.published.unbounded_reason == "no date metadata, dateline or date line"


def test_mentions_keep_their_timex_type_and_value_and_an_older_store_reads_its_mentions_as_dates(tmp_path):
    """Durations, sets and vague references are stored with their type and value; dated sentences stored
    before migration 10 read back as the DATEs they were."""
    text = "Talks resumed on Monday after three days; the envoys now meet weekly."
    article = make_article(text=text, published=PublishedDate(dt.date(2017, 3, 22), DateHow.METADATA, 0.95))
    sentence = Sentence(article.id, 0, len(text), tuple(timex.tag(text, dt.date(2017, 3, 22))), dt.date(2017, 3, 22))
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        store.save_batch([(article, "h")])
        store.save_sentences([(article.id, "key", [sentence])])
        [back] = store.sentences(article)
        assert [(m.text, m.kind, m.value, m.places) for m in back.mentions] == [
            ("Monday", TimexType.DATE, "2017-03-20", True), ("three days", TimexType.DURATION, "P3D", False),
            ("now", TimexType.DATE, "PRESENT_REF", False), ("weekly", TimexType.SET, "P1W", False)]
        assert back == sentence
        store.db.execute("DELETE FROM mentions WHERE kind != 'DATE' OR timex IS NOT NULL")  # what a date-only store held
        store.db.execute("ALTER TABLE mentions DROP COLUMN kind")
        store.db.execute("ALTER TABLE mentions DROP COLUMN timex")
        store.db.executescript(WITHOUT_OUTLET_EVIDENCE)
        store.db.execute("PRAGMA user_version = 9")
    with Store(path) as store:
        [back] = store.sentences(article)
        assert [(m.text, m.kind, m.value) for m in back.mentions] == [("Monday", TimexType.DATE, "2017-03-20")]
