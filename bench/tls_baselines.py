"""Baseline timeline summarisers for a pool of dated sentences (see bench/tls.py).

Every system takes ``pool`` (a list of ``(datetime.date, sentence)`` pairs,
already limited to the task's window), the number of dates ``dates`` and of
sentences per date ``sentences``, and returns ``{date: [sentence, ...]}``.

- :func:`random_timeline`: random dates that have sentences, random sentences.
- :func:`most_mentioned`: the dates with the most sentences, each with its
  sentences closest to the TF-IDF centroid of that date.
- :func:`datewise` and :func:`clust`: reimplementations of DATEWISE and CLUST
  from Ghalandari & Ifrim, "Examining the State-of-the-Art in News Timeline
  Summarization" (ACL 2020), written from the paper and the behaviour of its
  public code (complementizer/news-tls), with scikit-learn and numpy.

A pool has no articles and no publication dates, only the date each sentence
is linked to. The adaptations this forces are:

- every sentence counts as a sentence that mentions its linked date, at day
  granularity (news-tls gets these from HeidelTime). DATEWISE's mention-count
  date ranker then counts a date's sentences, and its candidate collector
  (``PM_Mean``, which mixes sentences that mention a date with the first
  sentences of articles published on it or the day after) reduces to "the
  sentences that mention the date", which is what it does for any date that
  no article was published on;
- on a pool, CLUST clusters sentences instead of articles: the temporal similarity graph
  joins sentences whose dates are at most ``max_days`` (1) apart, where
  news-tls joins articles published at most a day apart. The graph here is
  symmetric (news-tls fills one triangle of it before Markov clustering).
  On raw reports (:func:`clust_reports`) it clusters the reports, as news-tls
  does.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

Pool = Sequence[tuple[dt.date, str]]
Timeline = dict[dt.date, list[str]]

#: CentroidOpt drops a sentence this similar to one already in the summary (news-tls: 0.9999).
MAX_SIM = 0.9999


# --- shared pieces ----------------------------------------------------------


def tfidf(texts: Sequence[str]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows (English stop words removed), fitted on ``texts``.

    Texts with no usable word (all stop words or punctuation) get a zero row;
    when no text has one, every row is zero.
    """
    if not texts:
        return sparse.csr_matrix((0, 0))
    try:
        return sparse.csr_matrix(TfidfVectorizer(stop_words="english", lowercase=True).fit_transform(texts))
    except ValueError:  # empty vocabulary
        return sparse.csr_matrix((len(texts), 1))


def by_date(pool: Pool) -> dict[dt.date, list[int]]:
    """Indices of the pool's sentences per date, in pool order."""
    out: dict[dt.date, list[int]] = defaultdict(list)
    for i, (day, _) in enumerate(pool):
        out[day].append(i)
    return dict(out)


def keyword_filter(texts: Sequence[str], keywords: Sequence[str]) -> np.ndarray:
    """Which texts contain one of ``keywords`` (lower-cased substring, as news-tls).

    No keywords, or none found anywhere, allows every text: the filter keeps a
    summary on topic, it must not empty it.
    """
    words = [k.lower() for k in keywords if k.strip()]
    if not words:
        return np.ones(len(texts), dtype=bool)
    allowed = np.array([any(k in t.lower() for k in words) for t in texts], dtype=bool)
    return allowed if allowed.any() else np.ones(len(texts), dtype=bool)


def centroid_closest(X: sparse.csr_matrix, k: int) -> list[int]:
    """The ``k`` rows most similar to the normalised centroid of ``X`` (ties: first row first)."""
    if X.shape[0] == 0 or k <= 0:
        return []
    centroid = np.asarray(X.sum(axis=0)).ravel()
    norm = np.linalg.norm(centroid)
    scores = X @ (centroid / norm) if norm else np.zeros(X.shape[0])
    return [int(i) for i in np.argsort(-np.asarray(scores).ravel(), kind="stable")[:k]]


def centroid_opt(X: sparse.csr_matrix, k: int, allowed: np.ndarray | None = None,
                 max_sim: float = MAX_SIM) -> list[int]:
    """Greedy summary whose summed vector is closest to the centroid (news-tls CentroidOpt).

    The centroid is the normalised sum of all rows of ``X`` (allowed or not).
    Each step adds the allowed row that maximises the cosine between the
    centroid and the sum of the summary's rows with it, skipping rows whose
    cosine with a row already chosen exceeds ``max_sim``. Returns row indices
    in the order chosen (at most ``k``; fewer when candidates run out).
    """
    n = X.shape[0]
    if n == 0 or k <= 0:
        return []
    X = sparse.csr_matrix(X, dtype=np.float64)
    centroid = np.asarray(X.sum(axis=0)).ravel()
    c_norm = np.linalg.norm(centroid)
    if c_norm:
        centroid /= c_norm
    to_centroid = np.asarray(X @ centroid).ravel()            # x_i . c
    sq_norms = np.asarray(X.multiply(X).sum(axis=1)).ravel()  # |x_i|^2
    open_ = np.ones(n, dtype=bool) if allowed is None else np.asarray(allowed, dtype=bool).copy()
    chosen: list[int] = []
    summary = np.zeros(X.shape[1])
    while len(chosen) < k and open_.any():
        with_summary = np.asarray(X @ summary).ravel()       # x_i . s
        norms = np.sqrt(np.maximum(sq_norms + 2 * with_summary + summary @ summary, 0.0))
        numer = to_centroid + summary @ centroid
        scores = np.divide(numer, norms, out=np.zeros(n), where=norms > 0)
        candidates = np.flatnonzero(open_)
        best = int(candidates[np.argmax(scores[candidates])])  # argmax: first of ties
        open_[best] = False
        chosen.append(best)
        summary = summary + X[best].toarray().ravel()
        if max_sim < 1:
            # A row this close to the new one is a duplicate from now on.
            near = np.asarray(X @ X[best].T.toarray()).ravel() > max_sim
            open_ &= ~near
    return chosen


# --- random -------------------------------------------------------------------


def random_timeline(pool: Pool, dates: int, sentences: int, seed: int = 0) -> Timeline:
    """``dates`` random dates among those with sentences, ``sentences`` random sentences each."""
    rng = random.Random(seed)
    groups = by_date(pool)
    days = sorted(groups)
    picked = rng.sample(days, min(dates, len(days)))
    return {d: [pool[i][1] for i in rng.sample(groups[d], min(sentences, len(groups[d])))] for d in sorted(picked)}


# --- most mentioned -------------------------------------------------------------


def rank_by_count(groups: dict[dt.date, list[int]]) -> list[dt.date]:
    """Dates by number of sentences, most first (ties: earlier first)."""
    return sorted(groups, key=lambda d: (-len(groups[d]), d))


def most_mentioned(pool: Pool, dates: int, sentences: int) -> Timeline:
    """The dates with the most sentences, each with its sentences closest to that date's centroid."""
    groups = by_date(pool)
    X = tfidf([text for _, text in pool])
    out: Timeline = {}
    for day in rank_by_count(groups)[:dates]:
        rows = groups[day]
        out[day] = [pool[rows[i]][1] for i in centroid_closest(X[rows], sentences)]
    return dict(sorted(out.items()))


# --- DATEWISE -------------------------------------------------------------------


def datewise(pool: Pool, dates: int, sentences: int, keywords: Sequence[str] = ()) -> Timeline:
    """DATEWISE with the mention-count date ranker and CentroidOpt.

    Dates are ranked by how many sentences mention them (here: are linked to
    them); going down that ranking, each date's sentences are summarised with
    CentroidOpt (vectors from one TF-IDF model fitted on the whole input, only
    sentences containing a topic keyword may be picked), and a date whose
    summary comes out empty is passed over, until ``dates`` dates are filled.
    """
    groups = by_date(pool)
    texts = [text for _, text in pool]
    X = tfidf(texts)
    allowed = keyword_filter(texts, keywords)
    out: Timeline = {}
    for day in rank_by_count(groups):
        if len(out) >= dates:
            break
        rows = groups[day]
        picked = centroid_opt(X[rows], sentences, allowed[rows])
        if picked:
            out[day] = [texts[rows[i]] for i in picked]
    return dict(sorted(out.items()))


# --- CLUST ------------------------------------------------------------------------


def temporal_graph(X: sparse.csr_matrix, days: Sequence[dt.date], max_days: int = 1) -> sparse.csr_matrix:
    """Cosine similarities between rows whose dates are at most ``max_days`` apart (symmetric, no diagonal)."""
    n = X.shape[0]
    groups: dict[dt.date, list[int]] = defaultdict(list)
    for i, d in enumerate(days):
        groups[d].append(i)
    rows, cols, vals = [], [], []

    def add(a: list[int], b: list[int], both: bool) -> None:
        block = sparse.coo_matrix(X[a] @ X[b].T)
        r, c = np.asarray(a)[block.row], np.asarray(b)[block.col]
        keep = (block.data > 0) & (r != c)
        pairs = [(r[keep], c[keep])] + ([(c[keep], r[keep])] if both else [])
        for one, other in pairs:
            rows.append(one)
            cols.append(other)
            vals.append(block.data[keep])

    for d, here in groups.items():
        add(here, here, both=False)  # the same-day block is already symmetric
        later = [j for k in range(1, max_days + 1) for j in groups.get(d + dt.timedelta(days=k), [])]
        if later:
            add(here, later, both=True)
    if not rows:
        return sparse.csr_matrix((n, n))
    return sparse.coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
                             shape=(n, n)).tocsr()


def markov_clusters(graph: sparse.spmatrix, expansion: int = 2, inflation: float = 2.0, loop: float = 1.0,
                    prune: float = 0.001, max_iter: int = 100, tol: float = 1e-8) -> list[list[int]]:
    """Markov clustering (van Dongen's MCL) of a similarity graph; clusters largest first.

    Self-loops of weight ``loop`` are set, columns normalised, then expansion
    (matrix power), inflation (element-wise power, columns renormalised) and
    pruning of entries below ``prune`` (each column keeps its largest entry)
    alternate until the matrix stops changing. The attractors' rows give the
    clusters; a node reached by several is kept in the largest such cluster.
    """
    n = graph.shape[0]
    if n == 0:
        return []
    M = sparse.csc_matrix(graph, dtype=np.float64)
    M = M - sparse.diags(M.diagonal()) + loop * sparse.identity(n, format="csc")
    M = normalize(sparse.csc_matrix(M), norm="l1", axis=0)
    for _ in range(max_iter):
        last = M
        # Inflation and pruning work column by column, so the expanded matrix is
        # built a block of columns at a time: same result, a fraction of the memory.
        blocks = []
        for first in range(0, n, _BLOCK):
            block = M[:, first:first + _BLOCK]
            for _ in range(expansion - 1):
                block = M @ block
            blocks.append(_prune(normalize(sparse.csc_matrix(block.power(inflation)), norm="l1", axis=0), prune))
        M = sparse.csc_matrix(sparse.hstack(blocks))
        diff = abs(M - last)
        if diff.nnz == 0 or diff.max() <= tol:
            break
    M = sparse.csr_matrix(M)
    attractors = np.flatnonzero(M.diagonal() > 0)
    patterns = {tuple(M.indices[M.indptr[a]:M.indptr[a + 1]].tolist()) for a in attractors}
    clusters = sorted((sorted(p) for p in patterns if p), key=lambda c: (-len(c), c[0]))
    seen: set[int] = set()
    out: list[list[int]] = []
    for c in clusters:
        members = [i for i in c if i not in seen]
        seen.update(members)
        if members:
            out.append(members)
    out.extend([i] for i in range(n) if i not in seen)
    return sorted(out, key=lambda c: (-len(c), c[0]))


#: Columns expanded at a time in :func:`markov_clusters`.
_BLOCK = 1024


def _prune(M: sparse.csc_matrix, threshold: float) -> sparse.csc_matrix:
    M = sparse.csc_matrix(M)
    top = np.asarray(M.max(axis=0).toarray()).ravel()
    col_of = np.repeat(np.arange(M.shape[1]), np.diff(M.indptr))
    keep = (M.data >= threshold) | (M.data >= top[col_of])
    M.data = np.where(keep, M.data, 0.0)
    M.eliminate_zeros()
    return M


def clust(pool: Pool, dates: int, sentences: int, keywords: Sequence[str] = (), max_days: int = 1,
          clusterer: Callable[[sparse.spmatrix], list[list[int]]] = markov_clusters) -> Timeline:
    """CLUST: Markov clusters of a temporal TF-IDF graph, ranked, dated and summarised.

    Clusters are ranked by size, ties by how many sentences mention the
    cluster's date (news-tls's ``ClusterDateMentionCountRanker`` ends with a
    stable sort by size, so the count only breaks ties); a cluster's date is
    the date its sentences mention most (ties: earliest). Going down the
    ranking, each cluster is summarised with CentroidOpt (keyword filter as in
    DATEWISE); a cluster whose date is already in the timeline is skipped,
    and it stops at ``dates`` dates or ``dates * sentences`` sentences.
    """
    texts = [text for _, text in pool]
    days = [day for day, _ in pool]
    X = tfidf(texts)
    allowed = keyword_filter(texts, keywords)
    groups = by_date(pool)
    clusters = clusterer(temporal_graph(X, days, max_days))
    dated = []
    for members in clusters:
        counts = Counter(days[i] for i in members)
        top = max(counts.values())
        dated.append((min(d for d, c in counts.items() if c == top), members))
    dated.sort(key=lambda dm: (-len(dm[1]), -len(groups[dm[0]]), dm[0]))
    out: Timeline = {}
    total = 0
    for day, members in dated:
        if len(out) >= dates or total >= dates * sentences:
            break
        if day in out:
            continue
        picked = centroid_opt(X[members], sentences, allowed[members])
        if picked:
            out[day] = [texts[members[i]] for i in picked]
            total += len(picked)
    return dict(sorted(out.items()))


#: A report for :func:`clust_reports`: its publication date and the indices of its sentences in the pool.
Report = tuple[dt.date, Sequence[int]]


def clust_reports(pool: Pool, reports: Sequence[Report], dates: int, sentences: int, keywords: Sequence[str] = (),
                  max_days: int = 1,
                  clusterer: Callable[[sparse.spmatrix], list[list[int]]] = markov_clusters) -> Timeline:
    """CLUST on raw reports, as news-tls runs it: Markov clusters of the reports, not of sentences.

    The reports' TF-IDF vectors (their pooled sentences) are joined when they
    were published at most ``max_days`` apart; a cluster's date is the date
    its sentences are linked to most (ties: earliest); clusters are ranked by
    their number of reports, ties by how many pool sentences are linked to
    their date. Each cluster is summarised by CentroidOpt over its sentences
    linked to its date (keyword filter as in DATEWISE); a cluster whose date
    is already in the timeline is skipped; it stops at ``dates`` dates or
    ``dates * sentences`` sentences.
    """
    reports = [r for r in reports if r[1]]
    texts = [text for _, text in pool]
    days = [day for day, _ in pool]
    X = tfidf(texts)
    allowed = keyword_filter(texts, keywords)
    groups = by_date(pool)
    R = tfidf([" ".join(texts[i] for i in members) for _, members in reports])
    clusters = clusterer(temporal_graph(R, [published for published, _ in reports], max_days))
    dated = []
    for cluster in clusters:
        members = [i for r in cluster for i in reports[r][1]]
        counts = Counter(days[i] for i in members)
        top = max(counts.values())
        day = min(d for d, c in counts.items() if c == top)
        dated.append((day, len(cluster), [i for i in members if days[i] == day]))
    dated.sort(key=lambda item: (-item[1], -len(groups.get(item[0], ())), item[0]))
    out: Timeline = {}
    total = 0
    for day, _, members in dated:
        if len(out) >= dates or total >= dates * sentences:
            break
        if day in out:
            continue
        picked = centroid_opt(X[members], sentences, allowed[members])
        if picked:
            out[day] = [texts[members[i]] for i in picked]
            total += len(picked)
    return dict(sorted(out.items()))
