"""The build runner: folds the stages over the reports, keeps them in a corpus, writes the outputs.

    files --read--> RawDocument --REPORT stages--> Article --> corpus
    corpus --> Story --STORY_STAGES--> Story --> Timeline --render--> timeline.json, timeline.md, ...

The per-report stages run batch by batch, inline, in a process pool or on a
Dask cluster (:mod:`dateline.cluster`); each
batch is committed to the corpus (the SQLite store, or memory for a build
with no output folder) before the next. The story stages then run over
everything in the corpus. This module holds no rules: each stage is in the
folder of its part (``ingest/``, ``annotate/``, ``story/``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ._version import __version__
from .annotate import dating, entities
from .annotate import stages as annotating
from .annotate.dating import dated_sentences
from .cluster import Engine, open_engine
from .config import Settings
from .errors import InputError
from .ingest import article as reading
from .ingest import read as ingest
from .ingest.article import content_id
from .model import (
    Article,
    BuildRecord,
    Changes,
    Duplicate,
    IngestReport,
    RawDocument,
    Sentence,
    Skipped,
    Story,
    Timeline,
)
from .render import load_timeline, write_outputs
from .store import STORE_NAME, Corpus, MemoryCorpus, Store
from .story import changes
from .story import stages as story

__all__ = [
    "ARTICLE_STAGES", "READ_STAGE", "SAMPLE_DIR", "STORY_STAGES", "BuildResult", "add", "assemble_timeline", "build",
    "compare_with_previous", "content_id", "dated_sentences", "ingest_paths", "process_batch", "rebuild", "render_folder", "run_build",
    "sample_paths", "store_builds", "store_changes", "update_ner",
]

SAMPLE_DIR = Path(__file__).parent / "sample" / "reports"

#: Called as work goes on: (reports processed so far, files read, files in total).
ProgressCallback = Callable[[int, int, int], None]
#: Called as each stage starts, with its name (a key of :attr:`BuildResult.timings`).
StageCallback = Callable[[str], None]
StoryStage = Callable[[Story, Settings], Story]
ArticleStage = Callable[[Sequence[Article], Settings], list[Article]]

# -- the stages -----------------------------------------------------------------------

#: The first per-report stage: a document as read becomes a clean, dated article, or is skipped with why.
READ_STAGE: Callable[[RawDocument, Settings], Article | Skipped] = reading.read_article
#: The per-report stages that follow, each over a batch of articles (spaCy runs once per batch): the names, and
#: the sentences with their dates (the corpus keeps both with the article, so the main process only reduces).
ARTICLE_STAGES: tuple[ArticleStage, ...] = (entities.with_mentions, dating.with_dated_sentences)
#: The story stages, in order, each under the name its seconds are counted in (:attr:`BuildResult.timings`).
STORY_STAGES: tuple[tuple[str, StoryStage], ...] = (
    ("dating", dating.date_story),
    ("story", story.find_copies),
    ("story", annotating.gather_entities),
    ("story", annotating.attribute_quotes),
    ("story", annotating.track_figures),
    ("events and selection", story.tell),
)


@dataclass(frozen=True)
class BuildResult:
    """A build's timeline, what this run did, and where it wrote."""

    timeline: Timeline
    report: IngestReport
    store: Path | None
    outputs: tuple[Path, ...] = ()
    #: Seconds per stage: ingest, dating, story, events and selection, store (reading and keeping), render.
    timings: dict[str, float] = dataclasses.field(default_factory=dict)


# -- per-report: pure, picklable, run in the workers ---------------------------------


def process_batch(
    docs: Sequence[tuple[RawDocument, str]], settings: Settings
) -> list[tuple[Article | Skipped, str]]:
    """The per-report stages over a batch of (document, raw hash); each result keeps its document's hash."""
    results = [(READ_STAGE(doc, settings), digest) for doc, digest in docs]
    articles = [r for r, _ in results if isinstance(r, Article)]
    for stage in ARTICLE_STAGES:
        articles = stage(articles, settings)
    refined = iter(articles)
    return [(next(refined) if isinstance(r, Article) else r, digest) for r, digest in results]


# -- ingest: stream, process, commit per batch -----------------------------------


def ingest_paths(
    paths: Sequence[str | os.PathLike[str]],
    corpus: Corpus,
    settings: Settings,
    *,
    command: str = "add",
    on_progress: ProgressCallback | None = None,
    discovered: tuple[list[ingest.InputFile], list[Skipped]] | None = None,
) -> IngestReport:
    """Read ``paths`` into ``corpus``: idempotent, incremental, one transaction per batch.

    Articles kept without current NER results (by an older dateline, or found
    with another spaCy model) get them too: see :func:`update_ner`.
    ``discovered`` is :func:`discover`'s answer for ``paths`` when the caller already asked.
    """
    files, skipped_paths = discovered if discovered is not None else discover(paths)
    recovered = corpus.recover_runs()
    run = corpus.start_run(command, [os.fspath(p) for p in paths])
    added: list[Article] = []
    duplicates: list[Duplicate] = []
    skipped: list[Skipped] = list(skipped_paths)
    corpus.save_batch([], skipped_paths)
    state = {"files": 0, "reports": 0}

    def documents() -> Iterator[RawDocument | Skipped]:
        for file in files:
            yield from ingest.read_file(file, settings)
            state["files"] += 1

    def report_progress() -> None:
        if on_progress:
            on_progress(state["reports"], state["files"], len(files))

    with open_engine(settings) as engine:
        for batch in _map_batches(documents(), corpus, settings, engine):
            articles = [(item, h) for item, h in batch if isinstance(item, Article)]
            bad = [item for item, _ in batch if isinstance(item, Skipped)]
            known = [item for item, _ in batch if isinstance(item, Duplicate)]
            new, dup = corpus.save_batch(articles, bad)
            # The report keeps what was added, not what the corpus now holds for it (names, dated sentences).
            added += [dataclasses.replace(a, ner=None, dated=None) for a in new]
            duplicates += dup + known
            skipped += bad
            state["reports"] += len(batch)
            report_progress()
        report_progress()
        update_ner(corpus, settings, engine)
    corpus.finish_run(run, len(added), len(duplicates), len(skipped))
    return IngestReport(tuple(added), tuple(duplicates), tuple(skipped), files=state["files"],
                        recovered=tuple(recovered))


def discover(paths: Sequence[str | os.PathLike[str]]) -> tuple[list[ingest.InputFile], list[Skipped]]:
    """The input files ``paths`` name (the bundled sample shown as ``sample/...``), and the paths skipped with why."""
    return ingest.discover(paths, labels={str(SAMPLE_DIR): "sample"})


#: How many unreadable paths the "nothing to read" error names before it counts the rest.
NOTHING_TO_READ_SHOWN = 5


def readable(paths: Sequence[str | os.PathLike[str]]) -> tuple[list[ingest.InputFile], list[Skipped]]:
    """:func:`discover`, refusing paths that hold no file dateline reads (missing, empty folders, no match).

    Raised before a store or an output is created, so a mistyped path leaves
    nothing behind. No paths at all is fine: a rebuild of what is stored.
    """
    files, skipped = discover(paths)
    if paths and not files:
        shown = "; ".join(f"{s.origin}: {s.reason}" for s in skipped[:NOTHING_TO_READ_SHOWN])
        more = f"; and {len(skipped) - NOTHING_TO_READ_SHOWN} more" if len(skipped) > NOTHING_TO_READ_SHOWN else ""
        raise InputError(f"nothing to read: {shown}{more}. Give files, folders or glob patterns holding reports "
                         f"({ingest.SUPPORTED_TEXT}); nothing was written.")
    return files, skipped


_Done = Article | Skipped | Duplicate


def _map_batches(
    items: Iterable[RawDocument | Skipped], corpus: Corpus, settings: Settings, engine: Engine
) -> Iterator[list[tuple[_Done, str]]]:
    """Process documents batch by batch on ``engine`` (inline, a process pool, Dask), in order.

    A document already kept from the same origin with the same content is not
    processed again: it is a duplicate of what was kept.
    """

    def prepared() -> Iterator[tuple[list[tuple[_Done, str]], list[tuple[RawDocument, str]]]]:
        for batch in ingest.iter_batches(items, settings.batch_size):
            keyed = [(d, (d.origin.label(), reading.raw_hash(d))) for d in batch if isinstance(d, RawDocument)]
            known = corpus.known_inputs(key for _, key in keyed)
            ready: list[tuple[_Done, str]] = [(s, "") for s in batch if isinstance(s, Skipped)]
            todo = []
            for doc, key in keyed:
                if key in known:
                    ready.append((Duplicate(key[0], known[key]), key[1]))
                else:
                    todo.append((doc, key[1]))
            yield ready, todo

    for ready, done in engine.map_in_order(process_batch, prepared(), settings):
        yield ready + list(done)


def update_ner(corpus: Corpus, settings: Settings, engine: Engine | None = None) -> int:
    """Run NER on the kept articles that lack results of the current NER version; returns how many.

    They are found in the workers and kept batch by batch (an interrupted run
    keeps what it saved). Without a spaCy model nothing runs: the build says
    what to install. ``engine`` is where they run (default: the one ``settings`` ask for).
    """
    version = entities.current_version(settings)
    stale = corpus.without_ner(version) if version is not None else []
    if not stale:
        return 0

    def batches() -> Iterator[tuple[None, list[Article]]]:
        for start in range(0, len(stale), settings.batch_size):
            chosen = (corpus.article(aid) for aid in stale[start : start + settings.batch_size])
            yield None, [a for a in chosen if a is not None]

    if engine is None:
        with open_engine(settings) as opened:
            return update_ner(corpus, settings, opened)
    for _, found in engine.map_in_order(entities.mentions_of, batches(), settings):
        corpus.save_ner(found)
    return len(stale)


# -- the story ------------------------------------------------------------------------


def rebuild(corpus: Corpus, settings: Settings | None = None, *, timings: dict[str, float] | None = None,
            on_stage: StageCallback | None = None, command: str = "build", record: bool = True) -> Timeline:
    """The timeline of everything in ``corpus``: the story stages folded over it (a rebuild uses every report
    ever added). What the stages work out about each report (completed publication dates, dated
    sentences) is kept in the corpus, so the next rebuild reuses it. ``timings`` receives seconds per stage.

    The build is recorded in the corpus (as ``command``; not with ``record=False``, for a rebuild that only
    shows what is stored), and the timeline holds what it changed against the previous build
    (``Timeline.changes``, entries marked ``new``): see :func:`compare_with_previous`.
    """
    settings = settings or Settings()
    clock = _Clock(timings)
    articles = tuple(corpus.articles())
    before = corpus.dated()
    result = Story(articles, tuple(corpus.skipped()), tuple(corpus.duplicates()), dated=before)
    clock.lap("store")
    for name, stage in STORY_STAGES:
        if on_stage:
            on_stage(name)
        result = stage(result, settings)
        clock.lap(name)
    changed = [(new.id, new.published) for old, new in zip(articles, result.articles, strict=True)
               if new.published != old.published]
    if changed:
        corpus.update_published(changed)
    fresh = [(aid, key, sentences) for aid, (key, sentences) in result.dated.items()
             if aid not in before or before[aid][0] != key]
    if fresh:
        corpus.save_sentences(fresh)
    timeline = dataclasses.replace(result.timeline(_now()), built_from=built_from(corpus, settings))
    timeline = compare_with_previous(corpus, timeline, command, record=record)
    clock.lap("store")
    return timeline


#: Settings that only say where and how fast the work runs: a timeline built with other values is the same.
_RUNNING_SETTINGS = ("workers", "scheduler", "batch_size")


def built_from(corpus: Corpus, settings: Settings) -> str | None:
    """What a timeline rebuilt from ``corpus`` now depends on: the corpus's state, the settings that shape
    the story (with the content of the aliases file they name) and dateline's version. None for a corpus
    in memory. Equal keys mean a rebuild would give the same timeline, so a written one can be reused."""
    state = corpus.state()
    if state is None:
        return None
    shaping = {k: v for k, v in dataclasses.asdict(settings).items() if k not in _RUNNING_SETTINGS}
    if settings.aliases:
        try:
            shaping["aliases"] = hashlib.sha256(Path(settings.aliases).read_bytes()).hexdigest()
        except OSError:
            return None  # the build itself says what is wrong with the file
    return f"{state}:{hashlib.sha256(repr(sorted(shaping.items())).encode()).hexdigest()[:16]}:{__version__}"


def compare_with_previous(corpus: Corpus, timeline: Timeline, command: str, *, record: bool = True) -> Timeline:
    """``timeline`` with what it changed against the corpus's previous build, that build recorded first.

    Without ``record`` the timeline is not kept as a build; if it produced what the last build did, it is
    taken to be that build and compared with the one before (a served store shows what its last build
    changed).
    """
    made = changes.record_build(timeline, command)
    earlier = corpus.builds(last=2)
    if record:
        made = corpus.save_build(made)
    elif earlier and changes.same_output(earlier[-1], made):
        made = earlier.pop()
    before = earlier[-1] if earlier and earlier[-1].number != made.number else None
    found = changes.compare(before, made, {a.id: a.text for a in timeline.articles})
    return changes.mark_new(timeline, found)


def assemble_timeline(articles: Sequence[Article], skipped: Sequence[Skipped] = (),
                      duplicates: Sequence[Duplicate] = (), dated: Sequence[Sentence] = (),
                      settings: Settings | None = None) -> Timeline:
    """The timeline of articles whose sentences are already dated: the last story stage alone
    (events and entries; no copies, entities, quotes or figures)."""
    start = Story(tuple(articles), tuple(skipped), tuple(duplicates), sentences=tuple(dated))
    return story.tell(start, settings or Settings()).timeline(_now())


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


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
    on_stage: StageCallback | None = None,
    command: str = "build",
) -> BuildResult:
    """Ingest ``paths``, build the timeline from everything kept, and write it to ``out``.

    The store is ``store_path``, else ``out``/dateline.sqlite; with neither,
    the reports are kept in memory only and nothing is written.
    """
    settings = settings or Settings()
    if store_path is None and out is not None:
        store_path = Path(out) / STORE_NAME
    timings: dict[str, float] = {}
    clock = _Clock(timings)
    discovered = readable(paths)
    created = _would_create(store_path, out)
    with Store(store_path) if store_path is not None else MemoryCorpus() as corpus:
        if on_stage:
            on_stage("ingest")
        report = ingest_paths(paths, corpus, settings, command=command, on_progress=on_progress,
                              discovered=discovered)
        clock.lap("ingest")
        timeline = rebuild(corpus, settings, timings=timings, on_stage=on_stage, command=command)
    clock.last = time.perf_counter()
    outputs: list[Path] = []
    if paths and not report.added and not report.duplicates and not timeline.articles:
        # Nothing usable was read and nothing was stored before: no empty outputs, no store left behind.
        _remove_created(created)
        return BuildResult(timeline, report, None, (), timings)
    if out is not None:
        if on_stage:
            on_stage("render")
        outputs = write_outputs(timeline, Path(out))
        clock.lap("render")
    return BuildResult(timeline, report, Path(store_path) if store_path is not None else None, tuple(outputs),
                       timings)


def _would_create(store_path: str | os.PathLike[str] | None, out: str | os.PathLike[str] | None) -> list[Path]:
    """The store files and folders a build would create, deepest first (what :func:`_remove_created` may remove)."""
    created: list[Path] = []
    if store_path is not None and not Path(store_path).exists():
        store = Path(store_path)
        created += [store, *(store.with_name(store.name + end) for end in ("-wal", "-shm", "-journal"))]
        folder = store.parent
        missing: list[Path] = []
        while not folder.exists():
            missing.append(folder)
            folder = folder.parent
        created += missing
    if out is not None and not Path(out).exists() and Path(out) not in created:
        created.append(Path(out))
    return created


def _remove_created(created: Sequence[Path]) -> None:
    """Remove what a build created and left empty (files first, then folders that hold nothing else)."""
    for path in created:
        if path.is_file():
            path.unlink(missing_ok=True)
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def build(paths: Sequence[str | os.PathLike[str]] | str | os.PathLike[str], settings: Settings | None = None,
          *, out: str | os.PathLike[str] | None = None) -> Timeline:
    """Build the timeline of the reports at ``paths`` (files, folders or globs).

    With ``out`` the store and every output (``render.FILES``) are written
    there, as ``dateline build`` does; without it everything stays in memory.
    """
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    return run_build(paths, settings, out=out).timeline


def add(paths: Sequence[str | os.PathLike[str]], store_path: str | os.PathLike[str],
        settings: Settings | None = None, *, on_progress: ProgressCallback | None = None) -> IngestReport:
    """Add reports to an existing (or new) store without rebuilding the timeline.

    Paths that hold nothing to read are refused before the store is opened (see :func:`readable`).
    """
    discovered = readable(paths)
    with Store(store_path) as store:
        return ingest_paths(paths, store, settings or Settings(), command="add", on_progress=on_progress,
                            discovered=discovered)


def render_folder(folder: str | os.PathLike[str], formats: Iterable[str] | None = None,
                  settings: Settings | None = None) -> tuple[str, Timeline, list[Path]]:
    """Write a built timeline again, in ``formats``, into the folder it was built in.

    Reads ``folder/timeline.json``; without it, rebuilds the timeline from the
    store in ``folder`` (which runs the story stages again). Returns what it
    read from (``"timeline.json"`` or ``"store"``), the timeline and the paths written.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(f"{folder} is not a folder; give the --out folder of a `dateline build`")
    json_path = folder / "timeline.json"
    store_path = folder / STORE_NAME
    if json_path.is_file():
        timeline, source = load_timeline(json_path), "timeline.json"
    elif store_path.is_file():
        with Store(store_path) as store:
            timeline, source = rebuild(store, settings, record=False), "store"
    else:
        raise InputError(
            f"{folder} holds neither timeline.json nor {STORE_NAME}; run `dateline build PATHS --out {folder}` first"
        )
    return source, timeline, write_outputs(timeline, folder, formats)


#: Words ``dateline changes --since`` takes for the build before the latest (what the latest build changed).
PREVIOUS_BUILD = ("previous", "last")


def store_changes(store_path: str | os.PathLike[str], since: int | str = "previous") -> tuple[Changes, list[Article]]:
    """What the store's latest build changed against build ``since`` (a number, or ``"previous"``/``"last"``:
    the build before the latest), with the store's articles (for their titles and texts)."""
    path = Path(store_path)
    if not path.is_file():
        raise InputError(f"no dateline store at {path}; give a build's output folder or --store PATH")
    with Store(path) as store:
        kept = store.builds()
        if not kept:
            raise InputError(f"{path} holds no recorded build (it was built by an older dateline, or only added "
                             f"to); run `dateline build --out {path.parent}` or `dateline add PATHS --out "
                             f"{path.parent}` once, and again after adding reports")
        latest = kept[-1]
        before = _build_since(kept, since, path)
        articles = list(store.articles())
    texts = {a.id: a.text for a in articles}
    return changes.compare(before, latest, texts), articles


def store_builds(store_path: str | os.PathLike[str]) -> list[BuildRecord]:
    """The builds recorded in the store at ``store_path``, oldest first."""
    path = Path(store_path)
    if not path.is_file():
        raise InputError(f"no dateline store at {path}; give a build's output folder or --store PATH")
    with Store(path) as store:
        return store.builds()


def _build_since(kept: list[BuildRecord], since: int | str, path: Path) -> BuildRecord | None:
    """The build ``since`` names among ``kept`` (None: the latest is the first, nothing before it)."""
    numbers = {b.number: b for b in kept}
    if isinstance(since, str) and since.strip().lower() in PREVIOUS_BUILD:
        return kept[-2] if len(kept) > 1 else None
    try:
        number = int(since)
    except ValueError:
        raise InputError(f"--since takes a build number or 'previous'; {since!r} is neither "
                         f"(`dateline changes --list` lists the builds of {path})") from None
    if number not in numbers:
        raise InputError(f"{path} has no build {number}; its builds are {_ranges(sorted(numbers))} "
                         "(`dateline changes --list` lists them)")
    return numbers[number]


def _ranges(numbers: list[int]) -> str:
    return f"{numbers[0]} to {numbers[-1]}" if len(numbers) > 1 else str(numbers[0])


def sample_paths() -> list[str]:
    """The bundled sample corpus, as paths to pass to :func:`build`."""
    if not SAMPLE_DIR.is_dir():
        raise InputError(f"the bundled sample corpus is missing from {SAMPLE_DIR}; reinstall dateline")
    return [str(SAMPLE_DIR)]
