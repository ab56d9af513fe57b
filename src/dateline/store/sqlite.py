"""The SQLite store: one file holding every article ever ingested.

WAL mode, a versioned schema (``PRAGMA user_version``) upgraded by numbered
migrations, one transaction per batch so an interrupted run keeps what it had
committed and the next run carries on. An article is stored once, keyed by its
content id; every place it was read from is kept as an origin.

Rows are columns, not the JSON of ``timeline.json`` (``render/json.py``): the
search indexes, the joins that find duplicates and stale NER results, and
``json_extract``-free queries by users need the fields as columns, and a
publication date is updated in place when the corpus completes it. The row
mappers below are the only other place the model is written out.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import socket
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..ingest import outlets
from ..model import (
    Article,
    ArticleEntities,
    BuildRecord,
    DateHow,
    DroppedLine,
    DropReason,
    Duplicate,
    EntityMention,
    Granularity,
    MentionHow,
    Origin,
    Outlet,
    Period,
    PublishedDate,
    Sentence,
    Skipped,
    TimeMention,
    TimexType,
)
from . import builds

STORE_NAME = "dateline.sqlite"

# Each migration takes the schema from version i to i + 1. Append, never edit.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE articles (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        title TEXT,
        outlet TEXT,
        outlet_how TEXT NOT NULL,
        url TEXT,
        text TEXT NOT NULL,
        published_date TEXT,
        published_how TEXT NOT NULL,
        published_confidence REAL NOT NULL,
        published_evidence TEXT,
        published_span_start INTEGER,
        published_span_end INTEGER,
        published_reason TEXT,
        origin TEXT NOT NULL,
        origin_label TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE TABLE origins (
        origin TEXT NOT NULL,
        raw_hash TEXT NOT NULL,
        path TEXT NOT NULL,
        line INTEGER,
        record INTEGER,
        url TEXT,
        article_id TEXT NOT NULL REFERENCES articles(id),
        seen_at TEXT NOT NULL,
        PRIMARY KEY (origin, raw_hash)
    );
    CREATE INDEX origins_article ON origins(article_id);
    CREATE TABLE dropped_lines (
        article_id TEXT NOT NULL REFERENCES articles(id),
        position INTEGER NOT NULL,
        text TEXT NOT NULL,
        reason TEXT NOT NULL,
        PRIMARY KEY (article_id, position)
    );
    CREATE TABLE skipped (
        origin TEXT PRIMARY KEY,
        reason TEXT NOT NULL,
        seen_at TEXT NOT NULL
    );
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        command TEXT NOT NULL,
        inputs TEXT NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        added INTEGER NOT NULL DEFAULT 0,
        duplicates INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0
    );
    """,
    # 2: publication dates can be completed by inference across the corpus.
    """
    ALTER TABLE articles ADD COLUMN published_inferred TEXT;
    """,
    # 3: dated sentences, and publication dates known only within bounds.
    """
    ALTER TABLE articles ADD COLUMN published_earliest TEXT;
    ALTER TABLE articles ADD COLUMN published_latest TEXT;
    CREATE TABLE sentences (
        article_id TEXT NOT NULL REFERENCES articles(id),
        start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL,
        PRIMARY KEY (article_id, start_char)
    );
    CREATE TABLE mentions (
        article_id TEXT NOT NULL REFERENCES articles(id),
        start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL,
        text TEXT NOT NULL,
        value TEXT,
        granularity TEXT,
        anchor TEXT,
        how TEXT NOT NULL,
        reason TEXT,
        PRIMARY KEY (article_id, start_char)
    );
    CREATE TABLE dated (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        key TEXT NOT NULL
    );
    """,
    # 4: the story's parts, recomputed at each build: quotes, figures, disagreements,
    # copies, repeats, entities (one JSON object a row, queryable with json_extract).
    """
    CREATE TABLE facts (
        kind TEXT NOT NULL,
        position INTEGER NOT NULL,
        data TEXT NOT NULL,
        PRIMARY KEY (kind, position)
    );
    """,
    # 5: what NER found in each article (names with their spans and roles, names the text declares
    # equal) and the NER version it was found with: NER runs once per article, again only when the
    # model or the rules change. Articles stored before have no ner_runs row and are looked at again.
    """
    CREATE TABLE ner_runs (
        article_id TEXT PRIMARY KEY REFERENCES articles(id),
        version TEXT NOT NULL
    );
    CREATE TABLE entity_mentions (
        article_id TEXT NOT NULL REFERENCES articles(id),
        start_char INTEGER NOT NULL,
        end_char INTEGER NOT NULL,
        name TEXT NOT NULL,
        label TEXT NOT NULL,
        role TEXT,
        PRIMARY KEY (article_id, start_char)
    );
    CREATE TABLE declared_equal (
        article_id TEXT NOT NULL REFERENCES articles(id),
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        other TEXT NOT NULL,
        PRIMARY KEY (article_id, position)
    );
    """,
    # 6: full-text search (FTS5, used by dateline.search) over article titles and texts (reading
    # the articles table itself) and over sentences (holding their text), filled from what is
    # stored. A sentence's rowid is its article's seq << 32 plus its start, so one article's
    # sentences are one rowid range. Kept in sync by _insert_article and save_sentences.
    """
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='articles', content_rowid='seq', tokenize='porter unicode61 remove_diacritics 2'
    );
    INSERT INTO articles_fts(articles_fts) VALUES ('rebuild');
    CREATE VIRTUAL TABLE sentences_fts USING fts5(
        article_id UNINDEXED, start_char UNINDEXED, end_char UNINDEXED, text,
        tokenize='porter unicode61 remove_diacritics 2'
    );
    INSERT INTO sentences_fts(rowid, article_id, start_char, end_char, text)
        SELECT (a.seq << 32) + s.start_char, s.article_id, s.start_char, s.end_char,
               substr(a.text, s.start_char + 1, s.end_char - s.start_char)
        FROM sentences s JOIN articles a ON a.id = s.article_id;
    """,
    # 7: the facts table (4) is gone: the story's parts are worked out at every build from what is stored
    # and written to timeline.json; nothing read them back.
    """
    DROP TABLE IF EXISTS facts;
    """,
    # 8: a run says which process on which machine it is, so that the next run can tell one that was killed
    # (its process is gone) from one still going, and say what it recovers.
    """
    ALTER TABLE runs ADD COLUMN host TEXT;
    ALTER TABLE runs ADD COLUMN pid INTEGER;
    ALTER TABLE runs ADD COLUMN ended TEXT;
    """,
    # 9: a date bounded by a shared passage keeps, in a column of its own, the reason the report's own text
    # gave; the next build starts from it when it bounds the date again. Stores from before held it only
    # inside the bounded reason, before the words that began the bound: it is taken from there once, here
    # (char(59) is the semicolon, which would end the statement).
    """
    ALTER TABLE articles ADD COLUMN published_unbounded_reason TEXT;
    UPDATE articles SET published_unbounded_reason = nullif(substr(published_reason, 1,
        instr(published_reason, char(59) || ' it shares a passage with a dated report') - 1), '')
        WHERE published_how = 'shared-passage'
        AND instr(published_reason, char(59) || ' it shares a passage with a dated report') > 0;
    """,
    # 10: a mention keeps its TIMEX3 type (DATE, TIME, DURATION, SET) and, when its value is not its period's
    # ("P3D", "PRESENT_REF", "2017-03-22TNI"), that value; ``value`` stays the period's. Stores from before held
    # dates only: DATE, no value of their own.
    """
    ALTER TABLE mentions ADD COLUMN kind TEXT NOT NULL DEFAULT 'DATE';
    ALTER TABLE mentions ADD COLUMN timex TEXT;
    """,
    # 11: an article's outlet keeps its evidence (the line or address it was read from, and where in the text),
    # how sure it is and, when unknown, why. Rows from before have no confidence: their outlet is found again
    # from their text, dropped lines and address when it was unknown or a bare host (see _outlet).
    """
    ALTER TABLE articles ADD COLUMN outlet_evidence TEXT;
    ALTER TABLE articles ADD COLUMN outlet_span_start INTEGER;
    ALTER TABLE articles ADD COLUMN outlet_span_end INTEGER;
    ALTER TABLE articles ADD COLUMN outlet_confidence REAL;
    ALTER TABLE articles ADD COLUMN outlet_reason TEXT;
    """,
    # 12: what each build produced (ids, dates, values, spans; see store/builds.py), so that a build can say what
    # it changed against the one before it, and `dateline changes` against any earlier one. (IF NOT EXISTS: the
    # tests that take a store back to an older schema leave it in place.)
    """
    CREATE TABLE IF NOT EXISTS builds (
        number INTEGER PRIMARY KEY AUTOINCREMENT,
        made TEXT NOT NULL,
        command TEXT NOT NULL,
        record TEXT NOT NULL
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
# A sentence's rowid in sentences_fts: its article's seq shifted by this many bits, plus its start.
_SENTENCE_BITS = 32

_SELECT_ARTICLES = (
    "SELECT id, title, outlet, outlet_how, url, text, published_date, published_how, published_confidence, "
    "published_evidence, published_span_start, published_span_end, published_reason, published_inferred, "
    "published_earliest, published_latest, published_unbounded_reason, origin, "
    "outlet_evidence, outlet_span_start, outlet_span_end, outlet_confidence, outlet_reason FROM articles"
)


#: What is wrong with a store file and what to do, by SQLite's primary result code (``sqlite_errorname``
#: without its extended suffix). Failures not listed (a malformed query, a constraint) are bugs and stay
#: as they are. ``{path}`` is the store file.
FILE_PROBLEMS: dict[str, str] = {
    "SQLITE_CORRUPT": "{path} is damaged ({error}); restore it from a backup, or move it aside and run "
                      "`dateline build` on the same reports to make a new one",
    "SQLITE_NOTADB": "{path} is not a dateline store ({error}), or its header is damaged; choose another --store "
                     "path, or move the file aside and run `dateline build` on the same reports",
    "SQLITE_READONLY": "{path} cannot be written ({error}); make it and its folder writable, or copy it to a "
                       "writable folder and give that copy with --store",
    "SQLITE_FULL": "the disk holding {path} is full ({error}); free some space and run the same command again: "
                   "every batch stored before is kept, nothing is lost",
    "SQLITE_IOERR": "{path} could not be read or written ({error}); check the disk (and free space on it) and run "
                    "the same command again: every batch stored before is kept",
    "SQLITE_CANTOPEN": "{path} cannot be opened ({error}); check that it and its folder exist and are readable and "
                       "writable, or choose another --store path",
    "SQLITE_PERM": "{path} may not be read or written ({error}); check its permissions and its folder's",
    "SQLITE_AUTH": "{path} may not be read or written ({error}); check its permissions and its folder's",
    "SQLITE_BUSY": "{path} is busy: another dateline run (or program) is writing it ({error}); wait for it to "
                   "end and run this command again",
    "SQLITE_LOCKED": "{path} is busy: another dateline run (or program) is writing it ({error}); wait for it to "
                     "end and run this command again",
    "SQLITE_NOMEM": "SQLite ran out of memory reading {path} ({error}); close other programs and run the same "
                    "command again",
    "SQLITE_PROTOCOL": "{path} is locked in a way SQLite cannot resolve ({error}); make sure no other program "
                       "has it open and run the same command again",
}


def store_error(path: Path, exc: sqlite3.Error) -> StoreError | sqlite3.Error:
    """The :class:`StoreError` for a failure SQLite had with the store file at ``path``, or ``exc`` itself when
    the failure is not about the file (see :data:`FILE_PROBLEMS`)."""
    name = getattr(exc, "sqlite_errorname", None) or ""
    primary = "_".join(name.split("_")[:2])
    problem = FILE_PROBLEMS.get(primary)
    if problem is None:
        return exc
    return StoreError(problem.format(path=path, error=exc))


#: Rows a store cursor fetches at a time when iterated: a Python call per row made reading 400 stored reports
#: half as slow again (0.27 s against 0.18 s); in chunks of this size it takes what plain sqlite3 takes.
_ROWS_AT_ONCE = 256


class _RollBack(Exception):
    """Raised inside :meth:`Store._transaction` to undo it on purpose."""


class _Cursor(sqlite3.Cursor):
    """A cursor whose failures with the store file are :class:`StoreError` (see :func:`store_error`)."""

    connection: _Connection

    def _failed(self, exc: sqlite3.Error) -> Exception:
        return store_error(getattr(self.connection, "store_path", Path("the store")), exc)

    def execute(self, sql: str, parameters: Any = (), /) -> _Cursor:
        try:
            super().execute(sql, parameters)
        except sqlite3.Error as exc:
            raise self._failed(exc) from exc
        return self

    def executemany(self, sql: str, seq_of_parameters: Iterable[Any], /) -> _Cursor:
        try:
            super().executemany(sql, seq_of_parameters)
        except sqlite3.Error as exc:
            raise self._failed(exc) from exc
        return self

    def fetchone(self) -> Any:
        try:
            return super().fetchone()
        except sqlite3.Error as exc:
            raise self._failed(exc) from exc

    def fetchall(self) -> list[Any]:
        try:
            return super().fetchall()
        except sqlite3.Error as exc:
            raise self._failed(exc) from exc

    # A generator, not the cursor itself: a per-row Python __next__ would be the slow path _ROWS_AT_ONCE avoids.
    def __iter__(self) -> Iterator[Any]:  # type: ignore[override]
        while True:
            try:
                rows = super().fetchmany(_ROWS_AT_ONCE)
            except sqlite3.Error as exc:
                raise self._failed(exc) from exc
            if not rows:
                return
            yield from rows


class _Connection(sqlite3.Connection):
    """The store's connection: its queries run on :class:`_Cursor`, so a damaged, read-only or full store
    fails with a :class:`StoreError` wherever it is queried."""

    store_path: Path

    def execute(self, sql: str, parameters: Any = (), /) -> _Cursor:
        return self.cursor(_Cursor).execute(sql, parameters)

    def executemany(self, sql: str, seq_of_parameters: Iterable[Any], /) -> _Cursor:
        return self.cursor(_Cursor).executemany(sql, seq_of_parameters)


def _process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (a permission error means it does, as another user's)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


#: How long a write waits for another run's transaction on the same store (two `dateline add` at once take
#: turns batch by batch; a batch commits in well under a second, a migration or a long rebuild's final write in
#: a few) before it gives up with "busy".
BUSY_WAIT_SECONDS = 60.0
#: How often a journal-mode change refused as busy is tried again while another run holds the store.
WAL_RETRY_SECONDS = 0.05

class Store:
    """A dateline store in one SQLite file. Use as a context manager.

    Every SQLite failure that is about the file (damaged, read-only, disk full, locked...) is raised as a
    :class:`StoreError` naming the file and what to do (see :data:`FILE_PROBLEMS`), from any query, including
    those run on :attr:`db` by other modules.
    """

    def __init__(self, path: str | os.PathLike[str]):
        self.path = Path(path)
        if self.path.exists() and self.path.is_dir():
            raise StoreError(f"store path {self.path} is a folder; give a file path such as {self.path / STORE_NAME}")
        try:
            if not self.path.parent.exists():
                self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"the folder for the store {self.path} cannot be made ({exc.strerror}); "
                             "choose a writable place with --store or --out") from exc
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, factory=_Connection, timeout=BUSY_WAIT_SECONDS)
        except sqlite3.Error as exc:
            raise store_error(self.path, exc) from exc
        self.db.store_path = self.path
        try:
            self._enter_wal()
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.Error as exc:  # not about the file (those are StoreErrors): what it holds is not ours
            self.db.close()
            raise StoreError(f"{self.path} is not a dateline store ({exc}); choose another --store path") from exc
        except BaseException:
            self.db.close()
            raise

    def _enter_wal(self) -> None:
        """Switch the file to write-ahead logging. SQLite answers a journal-mode change that meets another
        connection's lock with SQLITE_BUSY at once, without waiting (two runs opening one new store at once),
        so the wait for that other run is here, as long as any other write would wait."""
        deadline = time.monotonic() + BUSY_WAIT_SECONDS
        while True:
            try:
                self.db.execute("PRAGMA journal_mode=WAL")
                return
            except StoreError as exc:
                cause = exc.__cause__
                busy = str(getattr(cause, "sqlite_errorname", "")).startswith(("SQLITE_BUSY", "SQLITE_LOCKED"))
                if not busy or time.monotonic() > deadline:
                    raise
                time.sleep(WAL_RETRY_SECONDS)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction: committed whole, or rolled back whole on any error or interrupt."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.db.execute("COMMIT")
        except BaseException:
            # SQLite has already rolled back after some errors (a full disk, a damaged page): roll back only
            # what is still open, and never let a failing ROLLBACK hide the error that caused it.
            if self.db.in_transaction:
                with suppress(sqlite3.Error, StoreError):
                    self.db.execute("ROLLBACK")
            raise

    def check_writable(self) -> None:
        """Raise a :class:`StoreError` saying what to do if the store cannot be written (a read-only file,
        folder or disk), without changing it: for a command that must write later, such as ``serve``."""
        with suppress(_RollBack), self._transaction():
            self.db.execute(f"PRAGMA user_version = {self.version}")  # a write of what is there
            raise _RollBack

    @property
    def version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self._check_version()
        while version < SCHEMA_VERSION:
            # Read the version again inside the write transaction: another run opening the same store at once
            # may have made this step (or created the whole schema) while this one waited for the lock.
            with self._transaction():
                version = self._check_version()
                if version == SCHEMA_VERSION:
                    break
                for statement in _statements(MIGRATIONS[version]):
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {version + 1}")
            version += 1

    def _check_version(self) -> int:
        """The store's schema version, refusing a store from a newer dateline or an SQLite file not ours."""
        # one statement, so both are read from one snapshot even outside a transaction
        version, objects = self.db.execute(
            "SELECT (SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_master)"
        ).fetchone()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer dateline (schema {version}, this one knows {SCHEMA_VERSION}); "
                "upgrade dateline to read it"
            )
        if version == 0 and objects:
            raise StoreError(f"{self.path} is an SQLite file but not a dateline store; choose another --store path")
        return version

    # -- writing -------------------------------------------------------------

    def known_inputs(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """Map each (origin label, raw content hash) already stored to its article id.

        Lets a re-run skip cleaning what it has already stored; a file whose
        content changed since has a new hash and is read again.
        """
        found: dict[tuple[str, str], str] = {}
        for key in keys:
            row = self.db.execute(
                "SELECT article_id FROM origins WHERE origin = ? AND raw_hash = ?", key
            ).fetchone()
            if row:
                found[key] = row[0]
        return found

    def save_batch(
        self, articles: Sequence[tuple[Article, str]], skipped: Sequence[Skipped] = ()
    ) -> tuple[list[Article], list[Duplicate]]:
        """Store a batch of (article, raw content hash) in one transaction.

        Returns (newly added, already present). Skip records are kept too, and
        an origin that is now read successfully loses its old skip record. An
        article's NER results (``article.ner``) are stored with it, and replace
        those of an already stored copy found with another NER version.
        """
        added: list[Article] = []
        duplicates: list[Duplicate] = []
        now = _now()
        with self._transaction():
            for article, raw_hash in articles:
                label = article.origin.label()
                exists = self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article.id,)).fetchone()
                if exists:
                    duplicates.append(Duplicate(label, article.id))
                else:
                    self._insert_article(article, now)
                    added.append(article)
                if article.ner is not None and (not exists or self._ner_version(article.id) != article.ner.version):
                    self._put_ner(article.ner)
                if article.dated is not None and not exists:
                    self._put_sentences(article.id, *article.dated)
                self.db.execute(
                    "INSERT OR IGNORE INTO origins(origin, raw_hash, path, line, record, url, article_id, seen_at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (label, raw_hash, article.origin.path, article.origin.line, article.origin.record,
                     article.origin.url, article.id, now),
                )
                self.db.execute("DELETE FROM skipped WHERE origin = ?", (label,))
            for item in skipped:
                self.db.execute(
                    "INSERT INTO skipped(origin, reason, seen_at) VALUES (?, ?, ?) "
                    "ON CONFLICT(origin) DO UPDATE SET reason = excluded.reason, seen_at = excluded.seen_at",
                    (item.origin, item.reason, now),
                )
        return added, duplicates

    def save_ner(self, found: Sequence[ArticleEntities]) -> None:
        """Store (replace) the NER results of stored articles, in one transaction."""
        with self._transaction():
            for item in found:
                self._put_ner(item)

    def without_ner(self, version: str) -> list[str]:
        """Ids of the stored articles with no NER results of ``version`` (older builds, another model)."""
        rows = self.db.execute(
            "SELECT a.id FROM articles a LEFT JOIN ner_runs n ON n.article_id = a.id "
            "WHERE n.version IS NULL OR n.version != ? ORDER BY a.seq", (version,))
        return [aid for (aid,) in rows]

    def _ner_version(self, article_id: str) -> str | None:
        row = self.db.execute("SELECT version FROM ner_runs WHERE article_id = ?", (article_id,)).fetchone()
        return row[0] if row else None

    def _put_ner(self, found: ArticleEntities) -> None:
        """Replace one article's NER results (inside the caller's transaction)."""
        aid = found.article
        for table in ("entity_mentions", "declared_equal", "ner_runs"):
            self.db.execute(f"DELETE FROM {table} WHERE article_id = ?", (aid,))
        self.db.execute("INSERT INTO ner_runs(article_id, version) VALUES (?, ?)", (aid, found.version))
        self.db.executemany(
            "INSERT INTO entity_mentions(article_id, start_char, end_char, name, label, role) VALUES (?, ?, ?, ?, ?, ?)",
            [(aid, m.start, m.end, m.name, m.label, m.role) for m in found.mentions],
        )
        self.db.executemany(
            "INSERT INTO declared_equal(article_id, position, name, other) VALUES (?, ?, ?, ?)",
            [(aid, i, a, b) for i, (a, b) in enumerate(found.declared)],
        )

    def _ner(self, article_id: str) -> ArticleEntities | None:
        """One article's stored NER results, None when NER has not been run on it."""
        version = self._ner_version(article_id)
        if version is None:
            return None
        mentions = tuple(
            EntityMention(article_id, start, end, name, label, role)
            for start, end, name, label, role in self.db.execute(
                "SELECT start_char, end_char, name, label, role FROM entity_mentions WHERE article_id = ? "
                "ORDER BY start_char", (article_id,))
        )
        declared = tuple(
            (a, b) for a, b in self.db.execute(
                "SELECT name, other FROM declared_equal WHERE article_id = ? ORDER BY position", (article_id,))
        )
        return ArticleEntities(article_id, version, mentions, declared)

    def _insert_article(self, a: Article, now: str) -> None:
        p = a.published
        cursor = self.db.execute(
            "INSERT INTO articles(id, title, outlet, outlet_how, url, text, published_date, published_how, "
            "published_confidence, published_evidence, published_span_start, published_span_end, "
            "published_reason, published_inferred, published_earliest, published_latest, published_unbounded_reason, "
            "origin, origin_label, ingested_at, outlet_evidence, outlet_span_start, outlet_span_end, "
            "outlet_confidence, outlet_reason) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (a.id, a.title, a.outlet.name, a.outlet.how, a.url, a.text,
             *_published_values(p), json.dumps(_origin_dict(a.origin)), a.origin.label(), now,
             *_outlet_values(a.outlet)),
        )
        self.db.execute("INSERT INTO articles_fts(rowid, title, text) VALUES (?, ?, ?)",
                        (cursor.lastrowid, a.title, a.text))
        self.db.executemany(
            "INSERT INTO dropped_lines(article_id, position, text, reason) VALUES (?, ?, ?, ?)",
            [(a.id, i, d.text, d.reason) for i, d in enumerate(a.dropped)],
        )

    def update_published(self, changes: Sequence[tuple[str, PublishedDate]]) -> None:
        """Replace the publication dates of some articles (corpus-level inference) in one transaction."""
        with self._transaction():
            for article_id, p in changes:
                self.db.execute(
                    "UPDATE articles SET published_date = ?, published_how = ?, published_confidence = ?, "
                    "published_evidence = ?, published_span_start = ?, published_span_end = ?, "
                    "published_reason = ?, published_inferred = ?, published_earliest = ?, published_latest = ?, "
                    "published_unbounded_reason = ? WHERE id = ?",
                    (*_published_values(p), article_id),
                )

    def save_sentences(self, items: Sequence[tuple[str, str, Sequence[Sentence]]]) -> None:
        """Replace the dated sentences of articles: (article id, dating key, sentences), one transaction."""
        with self._transaction():
            for article_id, key, sentences in items:
                self._put_sentences(article_id, key, sentences)

    def _put_sentences(self, article_id: str, key: str, sentences: Sequence[Sentence]) -> None:
        """Replace an article's dated sentences and their key (inside the caller's transaction)."""
        self.db.execute("DELETE FROM sentences WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM mentions WHERE article_id = ?", (article_id,))
        self._index_sentences(article_id, sentences)
        self.db.executemany(
            "INSERT INTO sentences(article_id, start_char, end_char) VALUES (?, ?, ?)",
            [(article_id, s.start, s.end) for s in sentences],
        )
        self.db.executemany(
            "INSERT INTO mentions(article_id, start_char, end_char, text, value, granularity, anchor, how, "
            "reason, kind, timex) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(article_id, m.start, m.end, m.text, m.period.timex if m.period else None,
              m.granularity.value if m.granularity else None, _iso(m.anchor), m.detail, m.reason,
              m.kind.value, m.timex) for s in sentences for m in s.mentions],
        )
        self.db.execute("INSERT OR REPLACE INTO dated(article_id, key) VALUES (?, ?)", (article_id, key))

    def _index_sentences(self, article_id: str, sentences: Sequence[Sentence]) -> None:
        """Replace an article's sentences in the full-text index (inside the caller's transaction)."""
        row = self.db.execute("SELECT seq, text FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            return
        seq, text = row
        self.db.execute("DELETE FROM sentences_fts WHERE rowid BETWEEN ? AND ?",
                        (seq << _SENTENCE_BITS, ((seq + 1) << _SENTENCE_BITS) - 1))
        self.db.executemany(
            "INSERT INTO sentences_fts(rowid, article_id, start_char, end_char, text) VALUES (?, ?, ?, ?, ?)",
            [((seq << _SENTENCE_BITS) + s.start, article_id, s.start, s.end, text[s.start:s.end]) for s in sentences],
        )

    def rebuild_search(self) -> None:
        """Rebuild both full-text indexes from the stored articles and sentences, in one transaction."""
        with self._transaction():
            self.db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('rebuild')")
            self.db.execute("DELETE FROM sentences_fts")
            self.db.execute(
                "INSERT INTO sentences_fts(rowid, article_id, start_char, end_char, text) "
                f"SELECT (a.seq << {_SENTENCE_BITS}) + s.start_char, s.article_id, s.start_char, s.end_char, "
                "substr(a.text, s.start_char + 1, s.end_char - s.start_char) "
                "FROM sentences s JOIN articles a ON a.id = s.article_id"
            )

    def dated(self) -> dict[str, tuple[str, tuple[Sentence, ...]]]:
        """Each article's stored dated sentences with the key they were dated with (see ``annotate/dating.py``)."""
        rows = self.db.execute("SELECT a.id, a.published_date, d.key FROM articles a JOIN dated d ON d.article_id = a.id "
                               "ORDER BY a.seq").fetchall()
        return {aid: (key, tuple(self._sentences(aid, _day(published)))) for aid, published, key in rows}

    def sentences(self, article: Article) -> list[Sentence]:
        """The stored dated sentences of an article, in text order."""
        return self._sentences(article.id, article.published.date)

    def _sentences(self, article_id: str, published: dt.date | None) -> list[Sentence]:
        mentions = [
            TimeMention(start, end, text, _mention_period(value, gran), _day(anchor),
                        MentionHow.UNRECORDED, how, reason,  # the table keeps the rule's detail, not the rule
                        _timex_type(kind), timex)
            for start, end, text, value, gran, anchor, how, reason, kind, timex in self.db.execute(
                "SELECT start_char, end_char, text, value, granularity, anchor, how, reason, kind, timex FROM mentions "
                "WHERE article_id = ? ORDER BY start_char", (article_id,))
        ]
        out = []
        for start, end in self.db.execute(
            "SELECT start_char, end_char FROM sentences WHERE article_id = ? ORDER BY start_char", (article_id,)
        ):
            inside = tuple(m for m in mentions if start <= m.start < end)
            out.append(Sentence(article_id, start, end, inside, published))
        return out

    def start_run(self, command: str, inputs: Sequence[str]) -> int:
        cursor = self.db.execute(
            "INSERT INTO runs(command, inputs, started_at, host, pid) VALUES (?, ?, ?, ?, ?)",
            (command, json.dumps(list(inputs)), _now(), socket.gethostname(), os.getpid()),
        )
        if cursor.lastrowid is None:  # sqlite3 always gives the rowid of a row it inserted
            raise StoreError(f"{self.path}: the run could not be recorded; check the file is writable")
        return cursor.lastrowid

    def finish_run(self, run: int, added: int, duplicates: int, skipped: int) -> None:
        self.db.execute(
            "UPDATE runs SET finished_at = ?, added = ?, duplicates = ?, skipped = ?, ended = 'finished' WHERE id = ?",
            (_now(), added, duplicates, skipped, run),
        )

    def recover_runs(self) -> list[str]:
        """Close the runs on this machine whose process is gone (killed, or the machine stopped) and say, for each,
        what is recovered. SQLite has already rolled back the batch such a run was writing; what it committed
        stays. A run whose process still lives (another `dateline add`), or on another machine, is left alone."""
        host = socket.gethostname()
        rows = self.db.execute(
            "SELECT id, command, started_at, pid FROM runs WHERE finished_at IS NULL AND host = ?", (host,)
        ).fetchall()
        said = []
        for run, command, started, pid in rows:
            if pid is None or pid == os.getpid() or _process_alive(int(pid)):
                continue
            self.db.execute("UPDATE runs SET finished_at = ?, ended = 'interrupted' WHERE id = ?", (_now(), run))
            said.append(f"an earlier `dateline {command}` (started {started}) did not finish: the reports it stored "
                        "are kept, the batch it was writing was rolled back, and what it had not stored is read now")
        return said

    def save_build(self, record: BuildRecord) -> BuildRecord:
        """Keep what a build produced; returns the record with its number (see store/builds.py)."""
        return builds.save(self.db, record)

    def builds(self, last: int | None = None) -> list[BuildRecord]:
        """The builds kept (the ``last`` few, else all), oldest first."""
        return builds.load(self.db, last)

    # -- reading -------------------------------------------------------------

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def articles(self) -> Iterator[Article]:
        """Every stored article, in the order first ingested."""
        rows = self.db.execute(
            _SELECT_ARTICLES + " ORDER BY seq"
        )
        for row in rows:
            yield self._article(row)

    def article(self, article_id: str) -> Article | None:
        row = self.db.execute(
            _SELECT_ARTICLES + " WHERE id = ?",
            (article_id,),
        ).fetchone()
        return self._article(row) if row else None

    def _article(self, row: tuple) -> Article:
        (aid, title, outlet, outlet_how, url, text, pdate, phow, pconf, pevid, pstart, pend, preason, pinferred,
         pearliest, platest, punbounded, origin, *outlet_row) = row
        dropped = tuple(
            DroppedLine(t, DropReason.read(r))  # an unknown reason from another version loads as its text
            for t, r in self.db.execute(
                "SELECT text, reason FROM dropped_lines WHERE article_id = ? ORDER BY position", (aid,)
            )
        )
        published = PublishedDate(
            date=_day(pdate),
            how=DateHow(phow),
            confidence=pconf,
            evidence=pevid,
            span=(pstart, pend) if pstart is not None else None,
            reason=preason,
            inferred=pinferred,
            earliest=_day(pearliest),
            latest=_day(platest),
            unbounded_reason=punbounded,
        )
        return Article(
            id=aid,
            origin=Origin(**json.loads(origin)),
            outlet=_outlet(outlet, outlet_how, outlet_row, text, dropped, url),
            title=title,
            text=text,
            published=published,
            url=url,
            dropped=dropped,
            ner=self._ner(aid),
        )

    def duplicates(self) -> list[Duplicate]:
        """Origins whose content was already stored from an earlier origin."""
        rows = self.db.execute(
            "SELECT o.origin, o.article_id FROM origins o JOIN articles a ON a.id = o.article_id "
            "WHERE o.origin != a.origin_label GROUP BY o.origin, o.article_id ORDER BY min(o.rowid)"
        )
        return [Duplicate(origin, article) for origin, article in rows]

    def skipped(self) -> list[Skipped]:
        return [Skipped(o, r) for o, r in self.db.execute("SELECT origin, reason FROM skipped ORDER BY rowid")]

    def state(self) -> str:
        """What the store holds, in a few numbers that change whenever a run adds, skips or re-reads anything:
        a timeline built from the same state (and settings) is the one a rebuild would give."""
        row = self.db.execute(
            "SELECT (SELECT count(*) FROM articles), (SELECT max(seq) FROM articles), (SELECT count(*) FROM origins), "
            "(SELECT count(*) FROM skipped), (SELECT max(id) FROM runs), (SELECT count(*) FROM ner_runs), "
            "(SELECT group_concat(version, '|') FROM (SELECT DISTINCT version FROM ner_runs ORDER BY version))"
        ).fetchone()
        return hashlib.sha256(json.dumps(row).encode()).hexdigest()[:32]


def _outlet_values(o: Outlet) -> tuple:
    return (o.evidence, *(o.span or (None, None)), o.confidence, o.reason)


def _outlet(name: str | None, how: str, row: Sequence[Any], text: str, dropped: tuple[DroppedLine, ...],
            url: str | None) -> Outlet:
    """An article's outlet as stored; a row written before outlets kept their evidence (no confidence)
    whose outlet was unknown or a bare host has it found again from its text, dropped lines and address."""
    evidence, start, end, confidence, reason = row
    if confidence is None:
        if how in ("none", "url"):
            return outlets.from_text(text, dropped, url)
        return outlets.stated(name, "header" if how == "header" else "metadata") if name else Outlet(name, how)  # type: ignore[arg-type]
    return Outlet(name, how, evidence, (start, end) if start is not None else None, confidence, reason)  # type: ignore[arg-type]


def _published_values(p: PublishedDate) -> tuple:
    """The published_* columns of a publication date, in table order."""
    return (_iso(p.date), p.how.value, p.confidence, p.evidence, p.span[0] if p.span else None,
            p.span[1] if p.span else None, p.reason, p.inferred, _iso(p.earliest), _iso(p.latest), p.unbounded_reason)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _day(iso: str | None) -> dt.date | None:
    return dt.date.fromisoformat(iso) if iso else None


def _origin_dict(origin: Origin) -> dict:
    return {"path": origin.path, "line": origin.line, "record": origin.record, "url": origin.url}


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def _timex_type(kind: str) -> TimexType:
    """A stored mention's TIMEX3 type (its ``kind`` column)."""
    try:
        return TimexType(kind)
    except ValueError:
        raise StoreError(f"a stored date mention has the type {kind!r}, which this dateline does not know; use the "
                         "dateline that built the store, or rebuild it with `dateline build` into a new folder") from None


def _mention_period(value: str | None, granularity: str | None) -> Period | None:
    """A stored mention's period (its ``value`` column), checked against its ``granularity`` column."""
    if value is None:
        return None
    period = Period.parse(value)
    if granularity is None or Granularity(granularity) is not period.granularity:
        raise StoreError(f"a stored date mention says {value} is a {granularity}; rebuild the store with "
                         "`dateline build` into a new folder")
    return period
