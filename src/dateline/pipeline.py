"""The pipeline runner: wires the stages together and owns the store.

files --ingest--> RawDocument --clean--> CleanText --pubdate--> Article
      --store--> Timeline --render--> timeline.json / timeline.md

The per-article work (:func:`process_batch`) is a pure function over a batch
of documents, so it runs the same inline, in a process pool, or on a cluster.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import re
import time
import unicodedata
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .annotate import entities, figures, quotes, sentences, timex
from .config import Settings
from .errors import DatelineError, InputError
from .ingest import clean, pubdate
from .ingest import read as ingest
from .model import (
    Article,
    ArticleEntities,
    CleanText,
    Copy,
    DateHow,
    Disagreement,
    Duplicate,
    Entity,
    Figure,
    IngestReport,
    Outlet,
    Quote,
    RawDocument,
    Repeat,
    Sentence,
    Skipped,
    Timeline,
    TimeMention,
)
from .store.sqlite import STORE_NAME, Store
from .story import dedupe, events, select

SAMPLE_DIR = Path(__file__).parent / "sample" / "reports"

#: Called as work goes on: (reports processed so far, files read, files in total).
ProgressCallback = Callable[[int, int, int], None]


@dataclass(frozen=True)
class BuildResult:
    """A build's timeline, what this run did, and where it wrote."""

    timeline: Timeline
    report: IngestReport
    store: Path | None
    outputs: tuple[Path, ...] = ()
    #: Seconds per stage: ingest, dating, story, store facts, events and selection, render.
    timings: dict[str, float] = dataclasses.field(default_factory=dict)


# -- per-article stage: pure, picklable -----------------------------------------


def content_id(text: str) -> str:
    """A stable id from the normalised article text (case, width and spacing ignored)."""
    normal = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


def raw_hash(doc: RawDocument) -> str:
    """Hash of a document as read, so a re-run can tell an unchanged input."""
    return hashlib.sha256(doc.content.encode("utf-8", "surrogatepass")).hexdigest()[:20]


def process_document(doc: RawDocument, settings: Settings) -> Article | Skipped:
    """Clean and date one document; a document that fails is skipped with its reason."""
    label = doc.origin.label()
    try:
        cleaned = clean.clean_html(doc.content, doc.origin.url) if doc.kind == "html" else clean.clean_text(doc.content)
    except Exception as exc:  # a bug or a pathological page must not stop the run
        return Skipped(label, f"could not be cleaned ({type(exc).__name__}: {exc}); please report this file")
    text = cleaned.text.strip()
    if len(text) < settings.min_article_chars:
        what = "no article text" if not text else f"only {len(text)} characters of article text"
        return Skipped(
            label,
            f"{what} after removing boilerplate (the minimum is {settings.min_article_chars}; "
            "it may be an index page, a paywall or a script-only page)",
        )
    return _article(doc, cleaned, text)


def _article(doc: RawDocument, cleaned: CleanText, text: str) -> Article:
    meta = doc.meta
    url = doc.origin.url or meta.get("url") or cleaned.meta.get("url")
    title = meta.get("title") or cleaned.meta.get("title") or cleaned.title
    container_how = DateHow.HEADER if meta.get("_how") == "header" else DateHow.METADATA
    if meta.get("published"):
        published_raw, how = meta["published"], container_how
    else:
        published_raw, how = cleaned.meta.get("published"), DateHow.METADATA
    published = pubdate.date_report(
        text, title=title, meta_published=published_raw, meta_how=how, url=url, dropped=cleaned.dropped
    )
    if published.date is None and cleaned.head_lines:
        # The extractor drops the date line printed under a page's headline: read it there.
        head = pubdate.date_report("\n\n".join(cleaned.head_lines), title=cleaned.head_lines[0])
        if head.date is not None and head.how in (DateHow.DATE_LINE, DateHow.DATELINE):
            published = dataclasses.replace(head, span=None, reason=None,
                                            inferred="read from the lines under the page's headline")
    return Article(
        id=content_id(text),
        origin=doc.origin,
        outlet=_outlet(meta, cleaned, url, doc.kind),
        title=title,
        text=text,
        published=published,
        url=url,
        dropped=cleaned.dropped,
    )


def _outlet(meta: dict[str, str], cleaned: CleanText, url: str | None, kind: str) -> Outlet:
    if meta.get("outlet"):
        return Outlet(meta["outlet"], "header" if meta.get("_how") == "header" else "metadata")
    if cleaned.meta.get("outlet"):
        # HTML: the page's metadata; text: the masthead line the cleaner found.
        return Outlet(cleaned.meta["outlet"], "metadata" if kind == "html" else "header")
    host = urlsplit(url).hostname if url else None
    if host:
        return Outlet(re.sub(r"^(www\d?|m|amp)\.", "", host.lower()), "url")
    return Outlet(None, "none")


def process_batch(
    docs: Sequence[tuple[RawDocument, str]], settings: Settings
) -> list[tuple[Article | Skipped, str]]:
    """Process a batch of (document, raw hash); each result keeps its document's hash.

    The articles come with their NER results (``Article.ner``, stored with
    them), so NER runs here, in the workers, once per article.
    """
    results = [(process_document(doc, settings), digest) for doc, digest in docs]
    articles = iter(_with_ner([r for r, _ in results if isinstance(r, Article)], settings))
    return [(next(articles) if isinstance(r, Article) else r, digest) for r, digest in results]


def _with_ner(articles: Sequence[Article], settings: Settings) -> list[Article]:
    """``articles`` with their NER results (spaCy loaded once per process, run over the batch).

    Without a spaCy model they are returned as they are: reports can be added
    without one, and the build that needs the entities says what to install.
    """
    try:
        found = entities.find_mentions(articles, model=settings.spacy_model or None)
    except DatelineError:
        return list(articles)
    return [dataclasses.replace(a, ner=f) for a, f in zip(articles, found)]


def _ner_batch(articles: Sequence[Article], settings: Settings) -> list[ArticleEntities]:
    """NER over a batch of stored articles (a worker's job in :func:`update_ner`)."""
    return entities.find_mentions(articles, model=settings.spacy_model or None)


# -- ingest: stream, process, commit per batch -----------------------------------


def ingest_paths(
    paths: Sequence[str | os.PathLike[str]],
    store: Store,
    settings: Settings,
    *,
    command: str = "add",
    on_progress: ProgressCallback | None = None,
) -> IngestReport:
    """Read ``paths`` into ``store``: idempotent, incremental, one transaction per batch.

    Stored articles without current NER results (stored by an older dateline,
    or found with another spaCy model) get them too: see :func:`update_ner`.
    """
    files, skipped_paths = ingest.discover(paths, labels={str(SAMPLE_DIR): "sample"})
    run = store.start_run(command, [os.fspath(p) for p in paths])
    added: list[Article] = []
    duplicates: list[Duplicate] = []
    skipped: list[Skipped] = list(skipped_paths)
    store.save_batch([], skipped_paths)
    state = {"files": 0, "reports": 0}

    def documents() -> Iterator[RawDocument | Skipped]:
        for file in files:
            yield from ingest.read_file(file, settings)
            state["files"] += 1

    def report_progress() -> None:
        if on_progress:
            on_progress(state["reports"], state["files"], len(files))

    for batch in _map_batches(documents(), store, settings):
        articles = [(item, h) for item, h in batch if isinstance(item, Article)]
        bad = [item for item, _ in batch if isinstance(item, Skipped)]
        known = [item for item, _ in batch if isinstance(item, Duplicate)]
        new, dup = store.save_batch(articles, bad)
        added += new
        duplicates += dup + known
        skipped += bad
        state["reports"] += len(batch)
        report_progress()
    report_progress()
    update_ner(store, settings)
    store.finish_run(run, len(added), len(duplicates), len(skipped))
    return IngestReport(tuple(added), tuple(duplicates), tuple(skipped), files=state["files"])


def _map_batches(
    items: Iterable[RawDocument | Skipped], store: Store, settings: Settings
) -> Iterator[list[tuple[Article | Skipped | Duplicate, str]]]:
    """Process documents batch by batch, inline or in a bounded process pool, in order."""

    def prepared() -> Iterator[tuple[list, list[RawDocument]]]:
        for batch in ingest.iter_batches(items, settings.batch_size):
            keyed = [(d, (d.origin.label(), raw_hash(d))) for d in batch if isinstance(d, RawDocument)]
            known = store.known_inputs(key for _, key in keyed)
            ready: list = [(s, "") for s in batch if isinstance(s, Skipped)]
            todo = []
            for doc, key in keyed:
                if key in known:
                    ready.append((Duplicate(key[0], known[key]), key[1]))
                else:
                    todo.append((doc, key[1]))
            yield ready, todo

    for ready, done in _in_order(process_batch, prepared(), settings):
        yield ready + done


def update_ner(store: Store, settings: Settings) -> int:
    """Run NER on the stored articles that lack results of the current NER version; returns how many.

    Articles stored by an older dateline, or found with another spaCy model,
    get it here, in the workers, saved batch by batch (an interrupted run
    keeps what it saved). Without a spaCy model nothing runs: the build says
    what to install.
    """
    try:
        version = entities.ner_version(settings.spacy_model or None)
    except DatelineError:
        return 0
    stale = store.without_ner(version)
    if not stale:
        return 0

    def batches() -> Iterator[tuple[None, list[Article]]]:
        for start in range(0, len(stale), settings.batch_size):
            chosen = (store.article(aid) for aid in stale[start : start + settings.batch_size])
            yield None, [a for a in chosen if a is not None]

    for _, found in _in_order(_ner_batch, batches(), settings):
        store.save_ner(found)
    return len(stale)


def _in_order(work: Callable[[Any, Settings], Any], jobs: Iterable[tuple[Any, Any]],
              settings: Settings) -> Iterator[tuple[Any, Any]]:
    """(tag, ``work(job, settings)``) for each (tag, job), inline or in a bounded process pool, in order."""
    if settings.workers <= 1:
        for tag, job in jobs:
            yield tag, work(job, settings)
        return
    with ProcessPoolExecutor(max_workers=settings.workers) as pool:
        pending: deque[tuple[Any, Future]] = deque()
        for tag, job in jobs:
            pending.append((tag, pool.submit(work, job, settings)))
            if len(pending) >= settings.workers * 2:  # bounded: memory stays flat on big piles
                done_tag, future = pending.popleft()
                yield done_tag, future.result()
        for done_tag, future in pending:
            yield done_tag, future.result()


# -- the timeline ---------------------------------------------------------------

def assemble_timeline(articles: Sequence[Article], skipped: Sequence[Skipped] = (),
                      duplicates: Sequence[Duplicate] = (), dated: Sequence[Sentence] = (),
                      parts: StoryParts | None = None, settings: Settings | None = None) -> Timeline:
    """The timeline: events from the dated sentences, then the dates that matter with their accounts.

    With ``settings.query`` only the reports that hold the query's words make
    the events and entries; every report stays in ``articles``.
    """
    parts = parts or StoryParts()
    settings = settings or Settings()
    focus = articles
    if settings.query:
        focus = select.matching(articles, settings.query)
        keep = {a.id for a in focus}
        dated_focus = [s for s in dated if s.article in keep]
    else:
        dated_focus = list(dated)
    candidates = events.article_candidates(focus, dated_focus, parts.copies, parts.repeats)
    vectors = events.Vectors([c.text for c in candidates])
    found, event_of = events.group_events(candidates, vectors, entities=parts.entities, quotes=parts.quotes,
                                          figures=parts.figures)
    entries = select.select(candidates, dates=settings.dates or None, sentences=settings.sentences or None,
                            vectors=vectors, event_of=event_of, events=found)
    return Timeline(
        articles=tuple(articles),
        entries=tuple(entries),
        skipped=tuple(skipped),
        duplicates=tuple(duplicates),
        sentences=tuple(dated),
        quotes=parts.quotes,
        figures=parts.figures,
        disagreements=parts.disagreements,
        copies=parts.copies,
        repeats=parts.repeats,
        entities=parts.entities,
        events=tuple(found),
        generated=dt.datetime.now(dt.UTC).replace(microsecond=0),
    )


def date_corpus(store: Store) -> tuple[list[Article], list[Sentence]]:
    """Corpus-level dating over everything stored, written back to the store.

    Publication dates that need the rest of the corpus come first (the year
    of a year-less dateline, a bound from a passage shared with a dated
    report); then every article's sentences are tagged against its date.
    Sentences are re-dated only when the anchor or the tagger changed.
    """
    stored = list(store.articles())
    articles = pubdate.complete_years(stored)
    tagged: dict[str, list[TimeMention]] = {}

    def mentions_of(article: Article) -> list[TimeMention]:
        if article.id not in tagged:
            tagged[article.id] = timex.tag(article.text, article.published.date)
        return tagged[article.id]

    articles = pubdate.bound_by_shared_passages(articles, mentions_of)
    changes = [(new.id, new.published) for old, new in zip(stored, articles) if new.published != old.published]
    if changes:
        store.update_published(changes)
    keys = store.dated_keys()
    fresh = []
    for article in articles:
        key = _dating_key(article)
        if keys.get(article.id) != key:
            fresh.append((article.id, key, dated_sentences(article, tagged.get(article.id) if article.published.date else None)))
    if fresh:
        store.save_sentences(fresh)
    computed = {article_id: sents for article_id, _, sents in fresh}
    # Only the articles dated by an earlier build are read back from the store.
    return articles, [s for a in articles for s in (computed[a.id] if a.id in computed else store.sentences(a))]


def _dating_key(article: Article) -> str:
    p = article.published
    return f"{timex.VERSION}|{p.date}|{p.earliest}|{p.latest}"


def dated_sentences(article: Article, mentions: Sequence[TimeMention] | None = None) -> list[Sentence]:
    """The article's sentences, each with the date mentions it holds."""
    p = article.published
    if mentions is None:
        if p.date:
            mentions = timex.tag(article.text, p.date)
        elif p.earliest and p.latest:
            mentions = timex.tag_between(article.text, p.earliest, p.latest)
        else:
            mentions = timex.tag(article.text, None)
    spans = sentences.split(article.text)
    out = []
    for start, end in spans:
        inside = tuple(m for m in mentions if start <= m.start < end)
        out.append(Sentence(article.id, start, end, inside, p.date))
    return out


@dataclass(frozen=True)
class StoryParts:
    """What the story-level stages find across all articles."""

    copies: tuple[Copy, ...] = ()
    repeats: tuple[Repeat, ...] = ()
    quotes: tuple[Quote, ...] = ()
    figures: tuple[Figure, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    entities: tuple[Entity, ...] = ()


def annotate_story(articles: Sequence[Article], dated: Sequence[Sentence], settings: Settings) -> StoryParts:
    """Copies and repeats, entities, quotes with speakers, figures over time and disagreements."""
    copies = dedupe.find_copies(articles)
    repeats = dedupe.find_repeats(articles, copies=copies)
    aliases = entities.load_aliases(settings.aliases) if settings.aliases else None
    found = entities.merge_entities(_current_ner(articles, settings), aliases=aliases)
    people: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for entity in found:
        if entity.label == "PERSON":
            for ref in entity.mentions:
                people[ref.article].append((ref.start, ref.end, entity.name))
    mentions = [m for a in articles for m in quotes.find_quotes(a, sorted(people.get(a.id, ())))]
    merged = quotes.merge_quotes(quotes.normalise_speakers(mentions), {a.id: a.text for a in articles}, copies)
    by_article: dict[str, list[Sentence]] = defaultdict(list)
    for sentence in dated:
        by_article[sentence.article].append(sentence)
    numbers = [m for a in articles for m in figures.find_figures(a, by_article.get(a.id, []))]
    series, disagreements = figures.series(numbers, copies)
    return StoryParts(tuple(copies), tuple(repeats), tuple(merged), tuple(series), tuple(disagreements), tuple(found))


def _current_ner(articles: Sequence[Article], settings: Settings) -> list[ArticleEntities]:
    """Each article's NER results: the ones it carries when current, else found now.

    Articles read from a store carry current ones (:func:`update_ner` saw to
    it), so a rebuild runs no NER; results found here are not stored.
    """
    model = settings.spacy_model or None
    version = entities.ner_version(model)
    current = {a.id: a.ner for a in articles if a.ner is not None and a.ner.version == version}
    stale = [a for a in articles if a.id not in current]
    current.update((f.article, f) for f in entities.find_mentions(stale, model=model, processes=settings.workers))
    return [current[a.id] for a in articles]


def timeline_from_store(store: Store, settings: Settings | None = None,
                        timings: dict[str, float] | None = None) -> Timeline:
    """The timeline of everything stored (a rebuild uses every report ever added).

    ``timings``, when given, receives the seconds each stage took.
    """
    from .render.json import copy_dict, disagreement_dict, entity_dict, figure_dict, quote_dict, repeat_dict

    clock = _Clock(timings)
    articles, dated = date_corpus(store)
    clock.lap("dating")
    parts = annotate_story(articles, dated, settings or Settings())
    clock.lap("story")
    store.save_facts({
        "copies": [copy_dict(c) for c in parts.copies],
        "repeats": [repeat_dict(r) for r in parts.repeats],
        "quotes": [quote_dict(q) for q in parts.quotes],
        "figures": [figure_dict(f) for f in parts.figures],
        "disagreements": [disagreement_dict(d) for d in parts.disagreements],
        "entities": [entity_dict(e) for e in parts.entities],
    })
    clock.lap("store facts")
    timeline = assemble_timeline(articles, store.skipped(), store.duplicates(), dated, parts, settings)
    clock.lap("events and selection")
    return timeline


class _Clock:
    """Seconds per stage, added into a dict (or nowhere)."""

    def __init__(self, into: dict[str, float] | None):
        self.into = into
        self.last = time.perf_counter()

    def lap(self, stage: str) -> None:
        now = time.perf_counter()
        if self.into is not None:
            self.into[stage] = self.into.get(stage, 0.0) + now - self.last
        self.last = now


# -- the public entry points ----------------------------------------------------


def run_build(
    paths: Sequence[str | os.PathLike[str]],
    settings: Settings | None = None,
    *,
    out: str | os.PathLike[str] | None = None,
    store_path: str | os.PathLike[str] | None = None,
    on_progress: ProgressCallback | None = None,
) -> BuildResult:
    """Ingest ``paths``, build the timeline from everything stored, and write it to ``out``."""
    from .render import write_outputs

    settings = settings or Settings()
    if store_path is None:
        store_path = Path(out) / STORE_NAME if out is not None else ":memory:"
    timings: dict[str, float] = {}
    clock = _Clock(timings)
    with Store(store_path) as store:
        report = ingest_paths(paths, store, settings, command="build", on_progress=on_progress)
        clock.lap("ingest")
        timeline = timeline_from_store(store, settings, timings)
        clock.last = time.perf_counter()
    outputs = write_outputs(timeline, Path(out)) if out is not None else ()
    clock.lap("render")
    return BuildResult(timeline, report, None if store_path == ":memory:" else Path(store_path), tuple(outputs),
                       timings)


def build(paths: Sequence[str | os.PathLike[str]] | str | os.PathLike[str], settings: Settings | None = None,
          *, out: str | os.PathLike[str] | None = None) -> Timeline:
    """Build the timeline of the reports at ``paths`` (files, folders or globs).

    With ``out`` the store, ``timeline.json`` and ``timeline.md`` are written
    there, as ``dateline build`` does; without it everything stays in memory.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return run_build(paths, settings, out=out).timeline


def add(paths: Sequence[str | os.PathLike[str]], store_path: str | os.PathLike[str],
        settings: Settings | None = None, *, on_progress: ProgressCallback | None = None) -> IngestReport:
    """Add reports to an existing (or new) store without rebuilding the timeline."""
    with Store(store_path) as store:
        return ingest_paths(paths, store, settings or Settings(), command="add", on_progress=on_progress)


def sample_paths() -> list[str]:
    """The bundled sample corpus, as paths to pass to :func:`build`."""
    if not SAMPLE_DIR.is_dir():
        raise InputError(f"the bundled sample corpus is missing from {SAMPLE_DIR}; reinstall dateline")
    return [str(SAMPLE_DIR)]
