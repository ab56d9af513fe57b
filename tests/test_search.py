import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dateline.pipeline import run_build
from dateline.store.sqlite import STORE_NAME, Store
from dateline.web import search as search_module
from dateline.web.search import (
    MARK_END,
    MARK_START,
    fts_query,
    search,
    snippet_html,
    snippet_parts,
)

REPORTS = {
    "ferry.txt": (
        "Title: Ferry crossings to Osk suspended after second engine failure\n"
        "Outlet: Marrowick Tide\n"
        "Published: 2022-06-06\n\n"
        "MARROWICK, June 6, 2022 - The operator Vantrel Lines said on Monday that it would suspend "
        "crossings to the island of Osk after a second engine failure in a week.\n\n"
        "\"We cannot take risks with passengers,\" said Ilse Borrow, the company's operations director.\n\n"
        "The suspension affects about 1,200 travellers a day, the harbour office said.\n"
    ),
    "harbour.txt": (
        "Title: Harbour dredging begins at Marrowick\n"
        "Outlet: Osk Courier\n"
        "Published: 2022-06-08\n\n"
        "MARROWICK, June 8, 2022 - Dredgers began clearing silt from the outer basin of Marrowick harbour on "
        "Wednesday, a job the harbour office expects to last until the autumn.\n\n"
        "The basin has grown shallower every year since the breakwater was extended, and larger cargo ships "
        "have had to wait for high tide. A ferry berth on the north quay stays open during the works.\n"
    ),
    "council.txt": (
        "Title: Council approves new sea wall for Osk\n"
        "Outlet: Osk Courier\n"
        "Published: 2022-06-09\n\n"
        "OSK, June 9, 2022 - The island council voted on Thursday to build a new sea wall along the western "
        "shore, after winter storms flooded twenty homes in the village of Lenner.\n\n"
        "Work on the wall is expected to start in the spring and to cost about 4 million crowns, the council said.\n"
    ),
}


@pytest.fixture(scope="module")
def store_path(tmp_path_factory):
    """A small store of three reports written for these tests."""
    root = tmp_path_factory.mktemp("search")
    reports = root / "reports"
    reports.mkdir()
    for name, text in REPORTS.items():
        (reports / name).write_text(text, encoding="utf-8")
    run_build([reports], out=root / "out")
    return root / "out" / STORE_NAME


@pytest.fixture
def store(store_path):
    with Store(store_path) as s:
        yield s


@pytest.mark.parametrize(
    "typed, query",
    [
        ("sea wall", '"sea" "wall"'),
        ('"sea wall" Osk', '"sea wall" "Osk"'),
        ("ferr*", '"ferr" *'),
        ("ferry OR harbour", '"ferry" "OR" "harbour"'),
        ("NEAR(sea wall)", '"NEAR(sea" "wall)"'),
        ("title:ferry", '"title:ferry"'),
        ('"unterminated phrase', '"unterminated phrase"'),
        ('say "hi"there', '"say" "hi" "there"'),
        ("***", ""),
        ('"" " "', ""),
        ("", ""),
        ("a\x00b", '"a" "b"'),
    ],
)
def test_typed_words_become_quoted_fts_terms(typed, query):
    assert fts_query(typed) == query


def test_every_word_must_match(store):
    assert {h.title for h in search(store, "sea wall").hits} == {"Council approves new sea wall for Osk"}
    assert search(store, "sea ferry").total == 0


def test_a_quoted_phrase_matches_only_in_that_order(store):
    assert search(store, '"harbour office"').total == 2
    assert search(store, '"office harbour"').total == 0


def test_a_trailing_star_matches_a_prefix(store):
    assert search(store, "Lenn*").total == 1
    assert search(store, "Lenn").total == 0


def test_words_match_their_other_forms(store):
    # The index stems English words: "suspending" finds "suspend" and "suspended".
    assert search(store, "suspending").total == 1


def test_a_title_match_ranks_above_a_passing_mention(store):
    result = search(store, "ferry")
    assert [h.title for h in result.hits] == [
        "Ferry crossings to Osk suspended after second engine failure",
        "Harbour dredging begins at Marrowick",
    ]
    assert result.hits[0].score > result.hits[1].score


def test_results_are_ordered_by_score_and_paged(store):
    everything = search(store, "Marrowick", limit=10)
    scores = [h.score for h in everything.hits]
    assert scores == sorted(scores, reverse=True)
    second = search(store, "Marrowick", limit=1, offset=1)
    assert second.total == everything.total and [h.article for h in second.hits] == [everything.hits[1].article]


@pytest.mark.parametrize("kind", ["articles", "sentences"])
def test_counting_stops_at_the_limit_but_the_ranking_covers_every_match(store, monkeypatch, kind):
    everything = search(store, "the", kind, limit=10)
    assert everything.total >= 3 and not everything.more
    monkeypatch.setattr(search_module, "COUNT_LIMIT", 2)
    bounded = search(store, "the", kind, limit=10)
    assert (bounded.total, bounded.more) == (2, True)
    assert bounded.hits == everything.hits


def test_sentence_hits_point_at_the_sentence_in_the_article(store):
    result = search(store, "breakwater", kind="sentences")
    assert result.total == 1
    hit = result.hits[0]
    article = store.article(hit.article)
    sentence = article.text[hit.start:hit.end]
    assert sentence.startswith("The basin has grown shallower") and "breakwater" in sentence
    assert "".join(t for t, _ in hit.snippet) == sentence
    assert [t for t, marked in hit.snippet if marked] == ["breakwater"]


def test_article_snippets_mark_the_matches(store):
    hit = search(store, "dredgers").hits[0]
    assert ("Dredgers", True) in hit.snippet
    assert hit.title == "Harbour dredging begins at Marrowick"
    assert not any(marked for _, marked in hit.title_parts)


def test_nothing_searchable_returns_no_hits(store):
    result = search(store, "?!*")
    assert result.hits == () and result.total == 0 and result.query == ""


def test_an_unknown_kind_is_refused(store):
    with pytest.raises(ValueError, match="kind must be 'articles' or 'sentences'"):
        search(store, "ferry", kind="quotes")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_no_typed_text_makes_the_search_fail(store, text):
    for kind in ("articles", "sentences"):
        search(store, text, kind=kind)


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab"*()^:-+ ') + [MARK_START, MARK_END, "\x00"]), max_size=30))
def test_the_query_built_is_valid_fts5(text):
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(x)")
    query = fts_query(text)
    if query:
        db.execute("SELECT * FROM t WHERE t MATCH ?", (query,)).fetchall()


def test_snippet_pieces_split_on_the_sentinels_and_drop_unbalanced_ones():
    marked = f"a {MARK_START}dam{MARK_END} b {MARK_END}c {MARK_START}d"
    assert snippet_parts(marked) == (("a ", False), ("dam", True), (" b c ", False), ("d", True))


def test_snippet_html_escapes_the_text_and_adds_only_mark_tags():
    parts = (('<script>alert(1)</script> "x" & ', False), ("<img src=x onerror=alert(1)>", True))
    assert snippet_html(parts) == (
        "&lt;script&gt;alert(1)&lt;/script&gt; &quot;x&quot; &amp; "
        "<mark>&lt;img src=x onerror=alert(1)&gt;</mark>"
    )


def test_the_indexes_hold_every_stored_article_and_sentence(store):
    db = store.db
    def count(table):
        return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]

    assert count("articles_fts") == count("articles") == 3
    assert count("sentences_fts") == count("sentences") > 3
    db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")


def test_re_dating_an_article_replaces_its_indexed_sentences(tmp_path, store_path):
    copy = tmp_path / STORE_NAME
    copy.write_bytes(store_path.read_bytes())
    with Store(copy) as s:
        article = next(s.articles())
        sentences = s.sentences(article)
        s.save_sentences([(article.id, "test", sentences[:2])])
        s.save_sentences([(article.id, "test", sentences[:2])])
        count = s.db.execute("SELECT count(*) FROM sentences_fts WHERE article_id = ?", (article.id,)).fetchone()[0]
        assert count == 2


def test_a_store_from_before_search_gets_its_indexes_when_opened(tmp_path, store_path):
    old = tmp_path / STORE_NAME
    old.write_bytes(store_path.read_bytes())
    db = sqlite3.connect(old)
    version = db.execute("PRAGMA user_version").fetchone()[0]
    # The schema before migration 6 added the search indexes (and 8 the runs' process columns, 9 a date's
    # unbounded reason, 10 a mention's type and value, 11 an outlet's evidence).
    db.executescript("DROP TABLE articles_fts; DROP TABLE sentences_fts; ALTER TABLE runs DROP COLUMN host; "
                     "ALTER TABLE runs DROP COLUMN pid; ALTER TABLE runs DROP COLUMN ended; "
                     "ALTER TABLE articles DROP COLUMN published_unbounded_reason; "
                     "ALTER TABLE mentions DROP COLUMN kind; ALTER TABLE mentions DROP COLUMN timex; "
                     + "".join(f"ALTER TABLE articles DROP COLUMN outlet_{c}; "
                               for c in ("evidence", "span_start", "span_end", "confidence", "reason")))
    db.execute("PRAGMA user_version = 5")
    db.close()
    with Store(old) as s:
        assert s.version == version
        assert search(s, "sea wall").total == 1
        assert search(s, "breakwater", kind="sentences").total == 1


def test_rebuild_search_restores_a_damaged_index(tmp_path, store_path):
    copy = tmp_path / STORE_NAME
    copy.write_bytes(store_path.read_bytes())
    with Store(copy) as s:
        s.db.execute("DELETE FROM sentences_fts")
        assert search(s, "breakwater", kind="sentences").total == 0
        s.rebuild_search()
        assert search(s, "breakwater", kind="sentences").total == 1
        assert search(s, "sea wall").total == 1
