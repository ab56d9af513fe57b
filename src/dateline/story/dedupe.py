"""Copies and repeats: reprinted reports and passages printed twice.

Nothing is deleted here; the stage only links.

- :func:`find_copies` links each near-copy of a report (a wire story reprinted
  with a new headline, a word or two changed, the last paragraph trimmed) to
  its group's first appearance. Each report's word 5-grams (shingles) get a
  MinHash signature (exactly datasketch's ``MinHash``, ``affine32`` scheme,
  computed with numpy); MinHash LSH with the bands and rows datasketch's
  ``MinHashLSH`` chooses proposes candidate pairs; a pair is a copy when the
  Jaccard similarity of the two shingle sets reaches the threshold (the MinHash
  estimate, or the exact value when the estimate is too close to the
  threshold to trust). Groups are the connected components of those pairs,
  so they are transitive (A~B and B~C put A, B and C in one group). The
  banding is done with numpy sorts rather than in a ``MinHashLSH`` index:
  the same candidate pairs, but at 100,000 reports 1.1 s and 15 MB instead
  of 16.7 s and 721 MB (a Python set per bucket; docs/benchmarks.md).
- :func:`find_repeats` finds passages (a paragraph or a run of sentences, at
  least ``min_words`` words, near-identical) printed twice in one report, or
  in two reports that are not copies of each other (a recycled explainer).
  Shared word 4-grams (seeds) are chained into an alignment that bridges small
  edits, and the aligned run is snapped to whole sentences.

Both are pure functions of their input, and the result does not depend on the
order of the articles except where order is the stated tie-break (of equally
dated reports the first given is the first appearance). Shingle size and
threshold are measured in docs/benchmarks.md ("Copies and repeats").
"""

from __future__ import annotations

import datetime as dt
import functools
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from ..model import Article, Copy, Repeat, SourceRef
from ..text import sentence_spans

#: Words a copy shingle spans: reports on one story that share a background
#: paragraph or a quote stay far below the threshold, while a reprint with a
#: few words changed loses little (measured in docs/benchmarks.md).
SHINGLE_WORDS = 5
#: Jaccard similarity of two reports' shingle sets at which one is a copy.
COPY_THRESHOLD = 0.5
#: MinHash permutations; the estimate's standard error is at most 0.044.
NUM_PERM = 128
#: datasketch's permutation seed, fixed so that signatures are reproducible.
MINHASH_SEED = 1
#: Estimates closer than this to the threshold are checked exactly (3.4 standard
#: errors), so a decision is, in practice, the exact one.
_EXACT_MARGIN = 0.15
#: datasketch's (false positive, false negative) weights for its bands and rows.
_LSH_WEIGHTS = (0.1, 0.9)
#: A bucket of up to this many reports gives all its pairs as candidates.
_BUCKET_PAIRS_UP_TO = 64

#: The shortest passage that counts as a repeat, in words.
REPEAT_MIN_WORDS = 12
#: Words an alignment seed spans.
_SEED_WORDS = 4
#: Words a seed spans when looking for pairs of reports worth aligning.
_PAIR_SEED_WORDS = 5
#: Share of a passage's words, on both sides, that lie in shared seeds.
_NEAR_IDENTICAL = 0.85
#: Unmatched words an alignment bridges ("US" for "the United States").
_MAX_GAP = 5
#: For each seed only its first reports are aligned with a later one: a repeat
#: links to its first appearance (the second and third cover a first report that
#: has the words in another sentence), and a phrase every report uses stays cheap.
_FIRST_HOLDERS = 3
#: Occurrences of one seed in a report that are paired ("the the the").
_MAX_OCCURRENCES = 8

#: Candidate pairs checked at once: numpy compares their signatures in one call
#: while the chunk's rows stay small (8192 pairs x NUM_PERM values).
_PAIR_CHUNK = 8192
#: Reports whose shingle sets stay cached for exact Jaccard checks (pairs come
#: grouped by report, so a small cache serves most lookups).
_SHINGLE_CACHE = 256
#: Powers of the word hash base computed at least this far ahead (then reused).
_MIN_POWERS = 1 << 16

_U64 = np.uint64


# -- words ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Words:
    """A text's words: 64-bit hashes of their normal form, and character offsets."""

    hashes: np.ndarray  # uint64
    starts: np.ndarray  # int64
    ends: np.ndarray  # int64


@functools.lru_cache(maxsize=1)
def _char_tables() -> tuple[np.ndarray, np.ndarray]:
    """For every BMP code point: whether it is part of a word (letters, digits,
    ``_`` and combining marks), and its folded form (NFKC, case-folded) where
    that is one code point."""
    chars = [chr(c) for c in range(0x10000)]
    word = np.array([c.isalnum() or c == "_" or unicodedata.category(c)[0] == "M" for c in chars])

    def fold(c: str) -> int:
        folded = unicodedata.normalize("NFKC", c).casefold()
        if len(folded) == 1:
            return ord(folded)
        lower = c.lower()
        return ord(lower) if len(lower) == 1 else ord(c)

    return word, np.array([fold(c) for c in chars], dtype=_U64)


_BASE = 0x9E3779B97F4A7C15  # odd, so it has an inverse modulo 2**64
_powers_cache: list[np.ndarray] = []


def _powers(n: int) -> tuple[np.ndarray, np.ndarray]:
    """BASE**t and BASE**-t modulo 2**64 for t < n (at least)."""
    if not _powers_cache or len(_powers_cache[0]) < n:
        size = max(n, _MIN_POWERS)
        up = np.cumprod(np.full(size, _BASE, dtype=_U64))  # wraps: modulo 2**64
        down = np.cumprod(np.full(size, pow(_BASE, -1, 1 << 64), dtype=_U64))
        _powers_cache[:] = [np.concatenate(([_U64(1)], up[:-1])), np.concatenate(([_U64(1)], down[:-1]))]
    return _powers_cache[0], _powers_cache[1]


def _words(text: str) -> _Words:
    """Split ``text`` into words and hash each (see :func:`_words_of`)."""
    return next(_words_of([text]))


def _words_of(texts: Sequence[str], batch: int = 64) -> Iterator[_Words]:
    """The words of each text, hashed, all in numpy.

    A word is a run of letters, digits, ``_`` and combining marks (``\\w+``
    plus marks); its hash is a polynomial over its folded code points read off
    prefix sums, so ``Daesh``, ``DAESH`` and full-width letters hash alike.
    Texts are joined ``batch`` at a time to spread numpy's per-call cost: about
    four times faster than ``re.findall`` with a dict of hashes.
    """
    word_table, fold_table = _char_tables()
    for first in range(0, len(texts), batch):
        part = texts[first : first + batch]
        points = np.frombuffer("\n".join(part).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        astral = points >= 0x10000
        if astral.any():
            bmp = np.where(astral, 0, points)
            is_word, values = word_table[bmp], fold_table[bmp]
            for k in np.flatnonzero(astral).tolist():
                is_word[k] = chr(int(points[k])).isalnum()
                values[k] = points[k]
        else:
            is_word, values = word_table[points], fold_table[points]
        edges = np.diff(np.concatenate(([False], is_word, [False])).astype(np.int8))
        starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        up, down = _powers(len(points))
        prefix = np.concatenate(([_U64(0)], np.cumsum(values * up[: len(points)])))
        hashes = _fmix64((prefix[ends] - prefix[starts]) * down[starts])
        offsets = np.cumsum([0] + [len(t) + 1 for t in part])  # where each text starts in the joined one
        cuts = np.searchsorted(starts, offsets)
        for k in range(len(part)):
            lo, hi = cuts[k], cuts[k + 1]
            yield _Words(hashes[lo:hi], starts[lo:hi] - offsets[k], ends[lo:hi] - offsets[k])


def _fmix64(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finalizer (wrapping arithmetic)."""
    values = values ^ (values >> _U64(33))
    values = values * _U64(0xFF51AFD7ED558CCD)
    values = values ^ (values >> _U64(33))
    values = values * _U64(0xC4CEB9FE1A85EC53)
    return values ^ (values >> _U64(33))


# Odd multipliers that combine word hashes into an n-gram hash.
_MULTIPLIERS = np.random.RandomState(20230228).randint(0, 1 << 62, 16, dtype=_U64) * _U64(2) + _U64(1)


def _ngrams(words: np.ndarray, size: int) -> np.ndarray:
    """64-bit hashes of every run of ``size`` consecutive words (empty if too few)."""
    count = len(words) - size + 1
    if count <= 0:
        return np.empty(0, dtype=_U64)
    acc = words[:count] * _MULTIPLIERS[0]
    for k in range(1, size):
        acc = acc + words[k : k + count] * _MULTIPLIERS[k]
    return _fmix64(acc)


def _high32(values: np.ndarray) -> np.ndarray:
    return (values >> _U64(32)).astype(np.uint32)


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (``np.unique`` by sorting: numpy 2's hashing
    path for plain ``unique`` is several times slower on these arrays)."""
    values = np.sort(values)
    return values[np.concatenate(([True], values[1:] != values[:-1]))] if len(values) else values


# -- copies --------------------------------------------------------------------


def find_copies(
    articles: Sequence[Article],
    *,
    threshold: float = COPY_THRESHOLD,
    shingle_words: int = SHINGLE_WORDS,
) -> list[Copy]:
    """Near-copies among ``articles``, each linked to its group's first appearance.

    A report is a copy when the Jaccard similarity of its ``shingle_words``-word
    shingles with another report's reaches ``threshold``; groups are transitive.
    The first appearance is the earliest published (``published.date``, else its
    ``earliest`` bound; undated reports after dated ones), ties going to the
    first in the given order. Copies come in the order of the given articles.
    """
    if not 0.0 < threshold <= 1.0:
        raise ValueError(f"threshold must be in (0, 1], not {threshold}")
    if not 1 <= shingle_words <= len(_MULTIPLIERS):
        raise ValueError(f"shingle_words must be between 1 and {len(_MULTIPLIERS)}, not {shingle_words}")
    n = len(articles)
    if n < 2:
        return []
    shingles_of: Callable[[int], np.ndarray] = functools.lru_cache(maxsize=_SHINGLE_CACHE)(
        lambda i: _distinct(_shingles(_words(articles[i].text).hashes, shingle_words))
    )
    signatures, has_words = _signatures(articles, shingle_words)
    # Pairs are listed in an order of content (not of input), so the groups do not depend on the input order.
    canonical = np.empty(n, dtype=np.int64)
    canonical[sorted(range(n), key=lambda i: (articles[i].id, articles[i].text))] = np.arange(n)
    components = _UnionFind(n)
    pairs = _lsh_candidates(signatures, np.flatnonzero(has_words), canonical, _lsh_params(threshold))
    for start in range(0, len(pairs), _PAIR_CHUNK):
        chunk = pairs[start : start + _PAIR_CHUNK]
        estimates = np.count_nonzero(signatures[chunk[:, 0]] == signatures[chunk[:, 1]], axis=1) / NUM_PERM
        for (i, j), estimate in zip(chunk.tolist(), estimates.tolist(), strict=True):
            if estimate < threshold - _EXACT_MARGIN or components.find(i) == components.find(j):
                continue
            if estimate >= threshold + _EXACT_MARGIN or _jaccard(shingles_of(i), shingles_of(j)) >= threshold:
                components.union(i, j)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(components.find(i), []).append(i)
    copies: list[tuple[int, Copy]] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        first = min(members, key=lambda i: _first_appearance(articles[i], i))
        for i in members:
            if i != first:
                similarity = float(np.count_nonzero(signatures[i] == signatures[first])) / NUM_PERM
                copies.append((i, Copy(articles[i].id, articles[first].id, similarity)))
    return [copy for _, copy in sorted(copies, key=lambda pair: pair[0])]


def _lsh_candidates(
    signatures: np.ndarray, rows: np.ndarray, canonical: np.ndarray, params: tuple[int, int]
) -> np.ndarray:
    """Pairs of rows whose signatures agree on a whole band (MinHash LSH), shape (pairs, 2).

    The banding of datasketch's ``MinHashLSH`` with its bands and rows, done
    with numpy sorts: per band, the rows with equal band values form a bucket,
    and every pair in a bucket is a candidate. A bucket of more than
    ``_BUCKET_PAIRS_UP_TO`` rows (a story reprinted by hundreds of outlets)
    gives only each row with the previous one and with the first, in content
    order, which keeps the group connected without listing every pair.
    """
    bands, rows_per_band = params
    pairs = np.empty(0, dtype=np.int64)  # lower row << 32 | higher row, distinct
    for band in range(bands):
        values = signatures[rows, band * rows_per_band : (band + 1) * rows_per_band].astype(_U64)
        key = values[:, 0] * _MULTIPLIERS[0]
        for u in range(1, rows_per_band):
            key = key + values[:, u] * _MULTIPLIERS[u]
        order = np.lexsort((canonical[rows], key))
        key, members = key[order], rows[order]
        first = np.concatenate(([True], key[1:] != key[:-1]))
        starts = np.flatnonzero(first)
        sizes = np.diff(np.concatenate((starts, [len(key)])))
        if sizes.max(initial=1) < 2:
            continue
        found = []
        run_start = np.repeat(starts, sizes)
        size = np.repeat(sizes, sizes)
        place = np.arange(len(key)) - run_start
        small = size <= _BUCKET_PAIRS_UP_TO
        for d in range(1, min(int(sizes.max()), _BUCKET_PAIRS_UP_TO)):
            at = np.flatnonzero(small & (place >= d))
            found.append(np.stack((members[at - d], members[at]), axis=1))
        large = np.flatnonzero(~small & (place >= 1))
        found.append(np.stack((members[large - 1], members[large]), axis=1))
        found.append(np.stack((members[run_start[large]], members[large]), axis=1))
        band_pairs = np.concatenate(found)
        # True copies meet in most bands: folding each band in keeps memory to the distinct pairs.
        pairs = _distinct(np.concatenate((pairs, (band_pairs.min(axis=1) << 32) | band_pairs.max(axis=1))))
    return np.stack((pairs >> 32, pairs & 0xFFFFFFFF), axis=1)


def _first_appearance(article: Article, index: int) -> tuple[bool, dt.date, int]:
    published = article.published.date or article.published.earliest
    return (published is None, published or dt.date.min, index)


@functools.lru_cache(maxsize=16)
def _lsh_params(threshold: float) -> tuple[int, int]:
    """datasketch's bands and rows for ``threshold`` (computed once: it integrates).

    A missed pair weighs 9 times an extra candidate, which costs one vectorised
    comparison: at 0.5 that gives 32 bands of 4 rows, which propose a pair of
    similarity 0.5 with probability 0.87 and one of 0.6 with 0.99 (datasketch's
    balanced default, 25 bands of 5: 0.55 and 0.87).
    """
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, weights=_LSH_WEIGHTS)
    return lsh.b, lsh.r


@functools.lru_cache(maxsize=1)
def _permutations() -> np.ndarray:
    return MinHash(num_perm=NUM_PERM, seed=MINHASH_SEED, scheme="affine32").permutations


_EMPTY = np.uint32(0xFFFFFFFF)


def _shingles(words: np.ndarray, size: int) -> np.ndarray:
    """32-bit hashes of the ``size``-word shingles of ``words``; fewer words are one shingle."""
    if len(words) == 0:
        return np.empty(0, dtype=np.uint32)
    return _high32(_ngrams(words, min(size, len(words))))


def _signatures(articles: Sequence[Article], shingle_words: int) -> tuple[np.ndarray, np.ndarray]:
    """MinHash signatures, one row a report, and whether the report has words.

    A row holds exactly what datasketch's ``MinHash(num_perm=128, seed=1,
    scheme="affine32", hashfunc=int)`` holds after ``update_batch(shingles)``,
    computed here in numpy (2.5 times faster than ``MinHash.bulk``).
    """
    a, b = _permutations()
    out = np.full((len(articles), NUM_PERM), _EMPTY, dtype=np.uint32)
    has_words = np.zeros(len(articles), dtype=bool)
    for i, words in enumerate(_words_of([article.text for article in articles])):
        shingles = _shingles(words.hashes, shingle_words)
        if len(shingles):
            out[i] = (a[:, None] * _fmix32(shingles)[None, :] + b[:, None]).min(axis=1)  # wraps: modulo 2**32
            has_words[i] = True
    return out, has_words


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, which datasketch applies before permuting."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared)


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


# -- repeats -------------------------------------------------------------------


def find_repeats(
    articles: Sequence[Article],
    *,
    min_words: int = REPEAT_MIN_WORDS,
    copies: Sequence[Copy] | None = None,
) -> list[Repeat]:
    """Passages printed twice: within one report, or in reports that are not copies.

    A repeat is a run of whole sentences of at least ``min_words`` words,
    near-identical to the other passage: at least 85% of the words on each
    side lie in word 4-grams the two share, so a changed word ("IS" for
    "Daesh") is tolerated. Each repeat is linked to its first appearance: the
    first published report that has it, else the earlier place in the same
    report. Reports that are copies (``copies``; computed with
    :func:`find_copies` when not given) are searched only within themselves:
    what they share with other reports is their original's. Repeats come in
    the order of the given articles, then of the passage's offset.
    """
    if min_words < _SEED_WORDS:
        raise ValueError(f"min_words must be at least {_SEED_WORDS}, not {min_words}")
    if copies is None:
        copies = find_copies(articles)
    n = len(articles)
    copied = {copy.article for copy in copies}
    # Rank: the order of first appearance, which decides which of two passages is the original.
    rank = sorted(range(n), key=lambda i: _first_appearance(articles[i], i))
    position = {i: r for r, i in enumerate(rank)}
    seeds: dict[int, np.ndarray] = {}  # of the reports aligned with others (4 bytes a word)
    docs: Callable[[int], _Doc] = functools.lru_cache(maxsize=1024)(lambda i: _Doc(articles[i].text, seeds.get(i)))
    own: dict[int, list[_Match]] = {}
    pair_seeds: list[np.ndarray] = []
    # Rank and first position share 32 bits; a position past what is left (4,095
    # words at a million reports) reads as the last, which can only add candidates.
    rank_bits = max(1, (n - 1).bit_length())
    pos_bits = 32 - rank_bits
    for i, found_words in enumerate(_words_of([article.text for article in articles])):
        words = found_words.hashes
        doc_seeds = _high32(_ngrams(words, _SEED_WORDS))
        if _has_repeated_seeds(doc_seeds, min_words):
            found = _align(_Doc(articles[i].text, doc_seeds), None, min_words)
            if found:
                own[i] = sorted(found, key=lambda m: (m.x, m.y))
        if articles[i].id not in copied and len(words) >= min_words:
            seeds[i] = doc_seeds
            shared, first = np.unique(_high32(_ngrams(words, _PAIR_SEED_WORDS)), return_index=True)
            low = (position[i] << pos_bits) | np.minimum(first, (1 << pos_bits) - 1)
            pair_seeds.append((shared.astype(_U64) << _U64(32)) | low.astype(_U64))
    candidates = _candidate_pairs(pair_seeds, min_words, rank_bits)
    repeats: list[tuple[int, int, Repeat]] = []
    for later_rank in sorted(set(candidates) | {position[i] for i in own}):
        later = rank[later_rank]
        claimed: list[tuple[int, int]] = []  # word ranges of `later` already linked
        found_in: list[tuple[int, _Match]] = []
        for earlier_rank in candidates.get(later_rank, ()):
            earlier = rank[earlier_rank]
            for match in _align(docs(earlier), docs(later), min_words, claimed):
                claimed.append(match.y)
                found_in.append((earlier, match))
        for match in own.get(later, ()):
            if not any(_overlaps(match.y, span) for span in claimed):
                claimed.append(match.y)
                found_in.append((later, match))
        for earlier, match in found_in:
            passage = docs(later).char_span(*match.y)
            original = docs(earlier).char_span(*match.x)
            repeats.append((later, passage[0], Repeat(
                SourceRef(articles[later].id, *passage), SourceRef(articles[earlier].id, *original)
            )))
    return [repeat for _, _, repeat in sorted(repeats, key=lambda r: (r[0], r[1]))]


@dataclass(frozen=True)
class _Match:
    """Two aligned passages as word ranges: ``x`` the original, ``y`` the repeat."""

    x: tuple[int, int]
    y: tuple[int, int]


class _Doc:
    """One report's seeds and, when an alignment needs them, its words and sentences."""

    def __init__(self, text: str, seeds: np.ndarray | None = None) -> None:
        self.text = text
        self._seeds = seeds

    @functools.cached_property
    def words(self) -> _Words:
        return _words(self.text)

    @property
    def seeds(self) -> np.ndarray:
        if self._seeds is None:
            self._seeds = _high32(_ngrams(self.words.hashes, _SEED_WORDS))
        return self._seeds

    @functools.cached_property
    def sorted_seeds(self) -> tuple[np.ndarray, np.ndarray]:
        """The seeds in order of value, and where each occurs (for matching)."""
        order = np.argsort(self.seeds, kind="stable")
        return self.seeds[order], order

    @functools.cached_property
    def sentences(self) -> tuple[np.ndarray, np.ndarray]:
        """For each word, the first word of its sentence and the word after its last."""
        ids = np.searchsorted(np.array(_sentence_starts(self.text), dtype=np.int64), self.words.starts, "right")
        change = np.flatnonzero(np.diff(ids)) + 1
        bounds = np.concatenate(([0], change, [len(ids)]))
        sizes = np.diff(bounds)
        return np.repeat(bounds[:-1], sizes), np.repeat(bounds[1:], sizes)

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        """Characters of words ``start`` to ``end``, with the punctuation that touches
        them (opening quote marks; the sentence's final stop and closing quotes)."""
        text = self.text
        first, last = int(self.words.starts[start]), int(self.words.ends[end - 1])
        while first > 0 and not text[first - 1].isspace():
            first -= 1
        while last < len(text) and not text[last].isspace():
            last += 1
        return first, last


def _sentence_starts(text: str) -> list[int]:
    """Offsets where a sentence (or a line) starts, after the first.

    Every line is a passage of its own (``lines=True``): a list item, dateline or
    caption is a whole unit to align even without a stop.
    """
    return [start for start, _ in sentence_spans(text, lines=True)[1:]]


def _has_repeated_seeds(seeds: np.ndarray, min_words: int) -> bool:
    """Whether enough seeds recur to make a repeat at all (most reports: no)."""
    if len(seeds) < 2 * min_words - _SEED_WORDS:
        return False
    _, counts = np.unique(seeds, return_counts=True)
    return int(np.count_nonzero(counts > 1)) * _SEED_WORDS >= _NEAR_IDENTICAL * min_words


def _candidate_pairs(pair_seeds: list[np.ndarray], min_words: int, rank_bits: int) -> dict[int, list[int]]:
    """Later rank -> earlier ranks worth aligning with it, each list in rank order.

    ``pair_seeds`` holds each report's distinct 5-word seeds as ``seed << 32 |
    rank << pos_bits | where it first occurs``. A passage of ``min_words`` words
    with one word changed keeps at least ``min_words - 9`` of its seeds (3 for
    12 words), all within ``min_words - 5`` words of each other: a pair
    qualifies when the later report has that many seeds of the earlier one
    that close together. Only a seed's first ``_FIRST_HOLDERS`` reports count.
    """
    if not pair_seeds:
        return {}
    need, window = max(1, min_words - 2 * _PAIR_SEED_WORDS + 1), min_words - _PAIR_SEED_WORDS
    pos_bits = 32 - rank_bits
    keys = np.empty(sum(len(k) for k in pair_seeds), dtype=_U64)
    at = 0
    for k in range(len(pair_seeds)):  # copied one by one and let go: no second copy of all
        keys[at : at + len(pair_seeds[k])] = pair_seeds[k]
        at += len(pair_seeds[k])
        pair_seeds[k] = _NO_SEEDS
    pair_seeds.clear()
    keys.sort()  # by seed, then holder rank: a seed's first holders come first
    same = _high_halves(keys[1:]) == _high_halves(keys[:-1])
    shared = np.concatenate(([False], same)) | np.concatenate((same, [False]))  # a seed of two reports or more
    del same
    keys = keys[shared]
    seed, low = (keys >> _U64(32)).astype(np.uint32), keys.astype(np.uint32)  # astype keeps the low 32 bits
    del keys, shared
    holders, where = (low >> pos_bits).astype(np.int64), (low & ((1 << pos_bits) - 1)).astype(np.int32)
    del low
    starts = np.flatnonzero(np.concatenate(([True], seed[1:] != seed[:-1])))
    del seed
    run_start = np.repeat(starts, np.diff(np.append(starts, len(holders))))
    place = np.arange(len(holders)) - run_start
    pair_key: list[np.ndarray] = []
    pair_at: list[np.ndarray] = []
    for j in range(_FIRST_HOLDERS):
        later = np.flatnonzero(place > j)
        pair_key.append((holders[later] << 32) | holders[run_start[later] + j])
        pair_at.append(where[later])
    del holders, where, run_start, place
    pair_keys, positions = np.concatenate(pair_key), np.concatenate(pair_at)
    order = np.lexsort((positions, pair_keys))
    pair_keys, positions = pair_keys[order], positions[order]
    span = need - 1
    close = (pair_keys[span:] == pair_keys[: len(pair_keys) - span]) & (
        positions[span:] - positions[: len(positions) - span] <= window
    )
    out: dict[int, list[int]] = {}
    for key in _distinct(pair_keys[span:][close]).tolist():
        out.setdefault(key >> 32, []).append(key & 0xFFFFFFFF)
    return out


_NO_SEEDS = np.empty(0, dtype=_U64)


def _high_halves(values: np.ndarray) -> np.ndarray:
    """The high 32 bits of uint64 values: a view where the byte order allows, else a copy."""
    if sys.byteorder == "little":
        return values.view(np.uint32)[1::2]
    return (values >> _U64(32)).astype(np.uint32)


def _align(x: _Doc, y: _Doc | None, min_words: int, claimed: Sequence[tuple[int, int]] = ()) -> list[_Match]:
    """Near-identical runs of whole sentences that ``x`` and ``y`` share, outside
    the ``claimed`` word ranges of ``y``.

    Without ``y``: the passages ``x`` prints twice (the first ends before the second starts).
    """
    same = y is None
    y = x if y is None else y
    i, j = _seed_matches(x.sorted_seeds, y.seeds, min_words if same else 0)
    for start, end in claimed:
        keep = (j + _SEED_WORDS <= start) | (j >= end)
        i, j = i[keep], j[keep]
    least = _NEAR_IDENTICAL * min_words  # words of a passage in shared seeds, at least
    if len(i) * _SEED_WORDS < least:
        return []
    found = []
    for chain_i, chain_j in _chains(i, j):
        # Most chains are a shared phrase or two: too short to be worth sentences.
        if len(chain_i) * _SEED_WORDS < least:
            continue
        if _covered(chain_i, int(chain_i.min()), int(chain_i.max()) + _SEED_WORDS).sum() < least:
            continue
        match = _fit(x, y, chain_i, chain_j, min_words)
        if match is not None and (not same or match.x[1] <= match.y[0]):
            found.append(match)
    return found


def _seed_matches(
    sx: tuple[np.ndarray, np.ndarray], sy: np.ndarray, min_distance: int
) -> tuple[np.ndarray, np.ndarray]:
    """Positions (i in x, j in y) where the same seed occurs, from x's sorted seeds;
    with ``min_distance`` (x is y) only j - i >= min_distance."""
    ordered, order = sx
    if len(ordered) == 0 or len(sy) == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    lo = np.searchsorted(ordered, sy, "left")
    count = np.minimum(np.searchsorted(ordered, sy, "right") - lo, _MAX_OCCURRENCES)
    j = np.repeat(np.arange(len(sy)), count)
    within = np.arange(len(j)) - np.repeat(np.cumsum(count) - count, count)
    i = order[np.repeat(lo, count) + within]
    if min_distance:
        keep = j - i >= min_distance
        i, j = i[keep], j[keep]
    return i, j


def _chains(i: np.ndarray, j: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Group seed matches into alignments: runs along one diagonal, joined across
    gaps of up to ``_MAX_GAP`` words (a changed word, a small insertion)."""
    k = _SEED_WORDS
    order = np.lexsort((i, j - i))
    runs: list[list[int]] = []  # indexes into i and j, one diagonal each
    last_i = last_d = -(1 << 40)
    for m, im, jm in zip(order.tolist(), i[order].tolist(), j[order].tolist(), strict=True):
        if jm - im == last_d and im - (last_i + k) <= _MAX_GAP:
            runs[-1].append(m)
        else:
            runs.append([m])
        last_i, last_d = im, jm - im
    runs.sort(key=lambda run: (int(i[run[0]]), int(j[run[0]])))
    chains: list[list[int]] = []
    ends: list[tuple[int, int]] = []  # (x end, y end) of each chain
    for run in runs:
        xs, ys = int(i[run[0]]), int(j[run[0]])
        xe, ye = int(i[run[-1]]) + k, int(j[run[-1]]) + k
        for c in range(len(chains) - 1, max(-1, len(chains) - 9), -1):
            gap_x, gap_y = xs - ends[c][0], ys - ends[c][1]
            if -k < gap_x <= _MAX_GAP and -k < gap_y <= _MAX_GAP:
                chains[c].extend(run)
                ends[c] = (max(ends[c][0], xe), max(ends[c][1], ye))
                break
        else:
            chains.append(list(run))
            ends.append((xe, ye))
    return [(i[c], j[c]) for c in chains]


def _fit(x: _Doc, y: _Doc, i: np.ndarray, j: np.ndarray, min_words: int) -> _Match | None:
    """Snap an alignment to whole sentences; while it is not near-identical, drop
    the edge sentence with the smallest share of matched words."""
    k = _SEED_WORDS
    x_start, x_end = x.sentences
    y_start, y_end = y.sentences
    while len(i):
        xs, xe = int(x_start[i.min()]), int(x_end[i.max() + k - 1])
        ys, ye = int(y_start[j.min()]), int(y_end[j.max() + k - 1])
        if xe - xs < min_words or ye - ys < min_words:
            return None
        covered_x, covered_y = _covered(i, xs, xe), _covered(j, ys, ye)
        if covered_x.mean() >= _NEAR_IDENTICAL and covered_y.mean() >= _NEAR_IDENTICAL:
            return _Match((xs, xe), (ys, ye))
        edges = [
            (_share(covered_x, xs, xs, int(x_end[xs])), i, xs, int(x_end[xs])),
            (_share(covered_x, xs, int(x_start[xe - 1]), xe), i, int(x_start[xe - 1]), xe),
            (_share(covered_y, ys, ys, int(y_end[ys])), j, ys, int(y_end[ys])),
            (_share(covered_y, ys, int(y_start[ye - 1]), ye), j, int(y_start[ye - 1]), ye),
        ]
        _, positions, lo, hi = min(edges, key=lambda e: e[0])
        keep = (positions + k <= lo) | (positions >= hi)  # a seed straddling the sentence goes too
        i, j = i[keep], j[keep]
    return None


def _covered(positions: np.ndarray, start: int, end: int) -> np.ndarray:
    """Which words of [start, end) lie in a seed starting at one of ``positions``."""
    k = _SEED_WORDS
    mask = np.zeros(end - start + 2 * k, dtype=bool)
    at = positions - start
    at = at[(at > -k) & (at < end - start)] + k
    for t in range(k):
        mask[at + t] = True
    return mask[k : k + end - start]


def _share(covered: np.ndarray, offset: int, start: int, end: int) -> float:
    part = covered[start - offset : end - offset]
    return float(part.mean()) if len(part) else 1.0


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two word ranges overlap by half of the shorter."""
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared > 0 and 2 * shared >= min(a[1] - a[0], b[1] - b[0])
