"""The timeline summarisation protocol on raw reports (Timeline17's shape), for ``bench/tls.py``.

A topic folder holds ``articles.jsonl.gz`` (one report a line in dateline's
JSONL shape, with its publication date), ``gold/*.txt`` reference timelines
(tilse format) and, optionally, ``keywords.json``. As news-tls does, each
reference timeline is one task: L = its dates, K = round(mean sentences per
date), and the input is the topic's reports published from its first to its
last date.

dateline runs end to end: the topic's reports are read and annotated once
(the per-report stages: reading, cleaning, publication date, sentences, time
expressions, names) into a store cached under ``--cache``; each task then
runs the story stages (dating, copies, entities, quotes, figures, events and
selection) over the reports published in the task's window, with the span
set to the window and L and K as the fixed length. The baselines get the
same reports as a pool of dated sentences made with dateline's tagger: each
sentence is dated by its first time expression that names a day, else by
its report's publication date (news-tls dates sentences the same way from
HeidelTime's tags), and only sentences dated inside the window are kept.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gzip
import hashlib
import json
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = "articles.jsonl.gz"
#: The per-report stages live in these parts of the package: a cached store is reused only while they,
#: and the reports, are unchanged (the story stages run afresh every time). The data model, the runner and
#: the settings are left out: they change with story features far more often than the per-report stages
#: do, and a store from an older version is migrated when opened. Delete the cache after changing how the
#: runner calls the per-report stages.
PER_REPORT_SOURCES = ("ingest", "annotate", "period.py", "text.py")
#: Workers for reading and annotating a topic once (this machine has two cores).
INGEST_WORKERS = 2
_SPACE = re.compile(r"\s+")

Pool = list[tuple[dt.date, str]]
Timeline = dict[dt.date, list[str]]


def is_report_topic(folder: Path) -> bool:
    """Whether ``folder`` is a raw-report topic: its reports and a gold/ folder."""
    return (folder / ARTICLES).is_file() and (folder / "gold").is_dir()


def code_key() -> str:
    """A digest of the per-report stages' source and the spaCy model in use: a change invalidates the cache."""
    digest = hashlib.sha256()
    package = ROOT / "src" / "dateline"
    for name in PER_REPORT_SOURCES:
        target = package / name
        files = sorted(target.rglob("*.py")) if target.is_dir() else [target]
        for path in files:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    try:
        from dateline.annotate import entities

        digest.update(entities.ner_version(_settings().spacy_model or None).encode())
    except Exception as error:  # the key still changes with the code; say why the model is not in it
        digest.update(f"no model: {type(error).__name__}".encode())
    return digest.hexdigest()[:12]


def _settings(**changes: object):
    from dateline.config import Settings

    return Settings().replace(**changes)


@dataclass
class Ingested:
    """A topic read and annotated once: its store, how long that took, and whether it came from the cache."""

    store: Path
    seconds: float
    reports: int
    skipped: int
    cached: bool


def _file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def ingest_topic(topic_dir: Path, cache: Path, log) -> Ingested:
    """The topic's reports in a store under ``cache`` (built now, or reused while the code and input match)."""
    from dateline import pipeline

    source = topic_dir / ARTICLES
    # Keyed on the input's bytes, not its path or time stamp: a copy of the benchmark unpacked again (a fresh
    # checkout, another machine) reuses the store, and an edited file does not.
    key = hashlib.sha256(f"{_file_digest(source)}:{code_key()}".encode()).hexdigest()[:16]
    folder = cache / f"{topic_dir.name}-{key}"
    store, facts = folder / "dateline.sqlite", folder / "ingest.json"
    if store.is_file() and facts.is_file():
        known = json.loads(facts.read_text(encoding="utf-8"))
        log(f"{topic_dir.name}: reusing the store in {folder} (read in {known['seconds']:.1f}s)")
        return Ingested(store, known["seconds"], known["reports"], known["skipped"], cached=True)
    folder.mkdir(parents=True, exist_ok=True)
    store.unlink(missing_ok=True)
    log(f"{topic_dir.name}: reading and annotating {source} into {folder} ...")
    began = time.perf_counter()
    report = pipeline.add([source], store, _settings(workers=INGEST_WORKERS))
    seconds = time.perf_counter() - began
    facts.write_text(json.dumps({"seconds": seconds, "reports": len(report.added), "skipped": len(report.skipped)}),
                     encoding="utf-8")
    log(f"{topic_dir.name}: {len(report.added)} reports stored, {len(report.skipped)} skipped, {seconds:.1f}s")
    return Ingested(store, seconds, len(report.added), len(report.skipped), cached=False)


@dataclass
class Reports:
    """A topic's stored reports with their dated sentences, ready to be cut into task windows."""

    articles: list
    dated: dict

    @classmethod
    def load(cls, store_path: Path) -> Reports:
        from dateline.store import Store

        with Store(store_path) as store:
            return cls(list(store.articles()), store.dated())

    def published_in(self, start: dt.date, end: dt.date) -> list:
        """The reports published from ``start`` to ``end``, with their stored dated sentences attached."""
        return [dataclasses.replace(a, dated=self.dated.get(a.id)) for a in self.articles
                if a.published.date is not None and start <= a.published.date <= end]


def build_window(articles: Sequence, start: dt.date, end: dt.date, dates: int, sentences: int):
    """dateline's story stages over ``articles`` with the span and length fixed: the Timeline."""
    from dateline import pipeline
    from dateline.store import MemoryCorpus

    corpus = MemoryCorpus()
    corpus.save_batch([(a, a.id) for a in articles])
    settings = _settings(dates=dates, sentences=sentences, span_from=start, span_to=end)
    return pipeline.rebuild(corpus, settings, record=False)


def as_prediction(timeline, start: dt.date, end: dt.date) -> Timeline:
    """The timeline's day entries inside the window as ``{date: [sentence, ...]}`` (months and years have no
    single day to score, so they are left out)."""
    from dateline.model import Granularity

    out: Timeline = {}
    for entry in timeline.entries:
        if entry.period.granularity is Granularity.DAY and start <= entry.period.first <= end:
            out.setdefault(entry.period.first, []).extend(_SPACE.sub(" ", s).strip() for s in entry.summary)
    return out


def dated_pool(articles: Sequence, start: dt.date, end: dt.date) -> tuple[Pool, list[tuple[dt.date, list[int]]]]:
    """Every sentence of ``articles`` dated as news-tls dates them, kept when that date is in the window:
    its first time expression that names a day, else its report's publication date. Also each report's
    publication date with the indices of its sentences in the pool (for CLUST, which clusters reports)."""
    from dateline.model import Granularity

    pool: Pool = []
    docs: list[tuple[dt.date, list[int]]] = []
    for article in articles:
        if article.dated is None or article.published.date is None:
            continue
        docs.append((article.published.date, []))
        for sentence in article.dated[1]:
            day = next((m.period.first for m in sentence.mentions
                        if m.places and m.period is not None and m.period.granularity is Granularity.DAY), None)
            day = day or sentence.published or article.published.date
            if day is None or not start <= day <= end:
                continue
            text = _SPACE.sub(" ", article.text[sentence.start:sentence.end]).strip()
            if text:
                docs[-1][1].append(len(pool))
                pool.append((day, text))
    return pool, docs


def read_lines(path: Path) -> int:
    """How many reports a topic file holds (for the tables)."""
    with gzip.open(path, "rt", encoding="utf-8", errors="replace") as handle:
        return sum(1 for line in handle if line.strip())
