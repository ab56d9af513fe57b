"""A build's corpus kept in memory: what ``dateline.build()`` without an output folder uses.

It keeps the books the SQLite store keeps, with the same answers (an article
stored once under its content id, each further origin of it a duplicate,
the last reason an origin was skipped, first-seen order everywhere), in
dicts: nothing is serialised and nothing is read back.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence

from ..model import Article, ArticleEntities, BuildRecord, Duplicate, PublishedDate, Sentence, Skipped


class MemoryCorpus:
    """The :class:`~dateline.store.Corpus` of one build, in memory. Use as a context manager."""

    def __init__(self) -> None:
        self._articles: dict[str, Article] = {}  # by id, in the order first added
        self._first_origin: dict[str, str] = {}  # article id -> the label it was first read from
        self._origins: dict[tuple[str, str], str] = {}  # (origin label, raw hash) -> article id, in order seen
        self._skipped: dict[str, str] = {}  # origin label -> reason; a later reason replaces it in place
        self._dated: dict[str, tuple[str, tuple[Sentence, ...]]] = {}
        self._builds: list[BuildRecord] = []

    def __enter__(self) -> MemoryCorpus:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def start_run(self, command: str, inputs: Sequence[str]) -> int:
        return 0

    def finish_run(self, run: int, added: int, duplicates: int, skipped: int) -> None:
        return None

    def recover_runs(self) -> list[str]:
        return []  # a corpus in memory does not outlive its run

    def known_inputs(self, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
        return {key: self._origins[key] for key in keys if key in self._origins}

    def save_batch(
        self, articles: Sequence[tuple[Article, str]], skipped: Sequence[Skipped] = ()
    ) -> tuple[list[Article], list[Duplicate]]:
        added: list[Article] = []
        duplicates: list[Duplicate] = []
        for article, digest in articles:
            label = article.origin.label()
            kept = self._articles.get(article.id)
            if kept is None:
                self._articles[article.id] = article
                self._first_origin[article.id] = label
                added.append(article)
                if article.dated is not None:
                    self._dated[article.id] = article.dated
            else:
                duplicates.append(Duplicate(label, article.id))
                if article.ner is not None and (kept.ner is None or kept.ner.version != article.ner.version):
                    self._articles[article.id] = dataclasses.replace(kept, ner=article.ner)
            self._origins.setdefault((label, digest), article.id)
            self._skipped.pop(label, None)
        for item in skipped:
            self._skipped[item.origin] = item.reason
        return added, duplicates

    def without_ner(self, version: str) -> list[str]:
        return [a.id for a in self._articles.values() if a.ner is None or a.ner.version != version]

    def article(self, article_id: str) -> Article | None:
        return self._articles.get(article_id)

    def save_ner(self, found: Sequence[ArticleEntities]) -> None:
        for item in found:
            self._articles[item.article] = dataclasses.replace(self._articles[item.article], ner=item)

    def articles(self) -> Iterator[Article]:
        return iter(list(self._articles.values()))

    def update_published(self, changes: Sequence[tuple[str, PublishedDate]]) -> None:
        for article_id, published in changes:
            self._articles[article_id] = dataclasses.replace(self._articles[article_id], published=published)

    def dated(self) -> dict[str, tuple[str, tuple[Sentence, ...]]]:
        return dict(self._dated)

    def save_sentences(self, items: Sequence[tuple[str, str, Sequence[Sentence]]]) -> None:
        for article_id, key, sentences in items:
            self._dated[article_id] = (key, tuple(sentences))

    def duplicates(self) -> list[Duplicate]:
        seen: dict[tuple[str, str], None] = {}
        for (label, _), article_id in self._origins.items():
            if label != self._first_origin[article_id]:
                seen.setdefault((label, article_id), None)
        return [Duplicate(label, article_id) for label, article_id in seen]

    def state(self) -> str | None:
        """None: a corpus in memory is gone with its process, so no timeline file is ever reused for it."""
        return None

    def skipped(self) -> list[Skipped]:
        return [Skipped(origin, reason) for origin, reason in self._skipped.items()]

    def save_build(self, record: BuildRecord) -> BuildRecord:
        kept = dataclasses.replace(record, number=len(self._builds) + 1)
        self._builds.append(kept)
        return kept

    def builds(self, last: int | None = None) -> list[BuildRecord]:
        return list(self._builds[-last:] if last else self._builds)
