"""Copies and repeats: speed, memory and accuracy on synthetic piles of reports.

    python bench/dedupe.py --reports 10000 100000 [--markdown-out FILE] [--no-tune]

The 21 reports of the bundled sample (read with the pipeline) are turned into
distinct *base* reports: each base takes one sample report and rewrites half
of its vocabulary through its own random word map (consistently, so a passage
the report prints twice stays printed twice), so that two bases of the same
sample report share about as many word runs as two reports on one story do. A third of the
bases get a recycled explainer paragraph from a pool of 300 (its own word
map), so that unrelated reports share a background paragraph. Each base then
gets 0 to 9 reprints with random small edits: 1-3 words substituted, the last
paragraph trimmed (35%), a sentence dropped (25%) or added (25%), two
paragraphs swapped (20%); 30% of the reprints are made from an earlier reprint
rather than the base (chains). Publication dates: base day 0-60, reprints
0-2 days after what they copy; 10% undated. The pile is shuffled (ingest
order). Known copy groups: a base and its reprints.

Each measurement runs in a fresh child process that loads the pile from a
pickle: wall-clock time, and how far the peak resident memory rose above the
resident memory with the pile loaded (the peak is reset after loading,
through ``/proc/self/clear_refs``, then read as ``VmHWM``). Precision and recall are
over unordered copy pairs (every pair inside a known group vs. every pair
inside a found group). Repeat recall: every base that holds an explainer an
earlier independent base also holds must have a repeat overlapping it.

Unless ``--no-tune`` is given, the smallest pile is also used to tune: for
shingle sizes 3-8, the exact Jaccard similarity of known copy pairs against
400 hard non-copies (two reports on different stories that share a 40-70-word
explainer paragraph and a 16-26-word quoted sentence, whole or as briefs of
80 words of their own plus the shared text); then precision, recall and hard
non-copies called copies for shingle sizes 4-6 at thresholds 0.3-0.7.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import itertools
import json
import os
import pickle
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dateline import dedupe
from dateline.model import Article, DateHow, Origin, PublishedDate
from dateline.pipeline import SAMPLE_DIR, content_id, run_build

_TOKEN = re.compile(r"\w+|\W+")
_SENTENCE = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’]))\s+(?=[\"“A-Z0-9])")
Doc = list[list[str]]  # paragraphs of sentences


@dataclass
class Pile:
    articles: list[Article]
    group: list[int]  # known copy group of each article
    base: list[bool]  # whether the article is a base (not a reprint)
    explainer: list[str | None]  # the explainer paragraph a base holds


@functools.lru_cache(maxsize=1)
def sample_articles() -> tuple[Article, ...]:
    return run_build([str(SAMPLE_DIR)]).timeline.articles


def sample_docs() -> list[Doc]:
    articles = sample_articles()
    return [[_SENTENCE.split(p.strip()) for p in a.text.split("\n\n") if p.strip()] for a in articles]


def _vocabulary(docs: list[Doc]) -> list[str]:
    words = {w.lower() for d in docs for p in d for s in p for w in re.findall(r"[A-Za-z]+", s)}
    return sorted(words)


def _rewrite(doc: Doc, rng: random.Random, vocab: list[str], share: float = 0.5) -> Doc:
    """The doc with ``share`` of its word types consistently replaced."""
    types = sorted({w.lower() for p in doc for s in p for w in re.findall(r"[^\W\d_]+", s)})
    table = {w: rng.choice(vocab) for w in types if rng.random() < share}

    def word(token: str) -> str:
        new = table.get(token.lower())
        if new is None:
            return token
        return new.capitalize() if token[:1].isupper() else new

    return [["".join(word(t) if t[0].isalpha() else t for t in _TOKEN.findall(s)) for s in p] for p in doc]


def _edit(doc: Doc, rng: random.Random, vocab: list[str], pool: list[Doc]) -> Doc:
    doc = [list(p) for p in doc]
    for _ in range(rng.randint(1, 3)):  # substitutions
        p = rng.randrange(len(doc))
        s = rng.randrange(len(doc[p]))
        tokens = _TOKEN.findall(doc[p][s])
        words = [i for i, t in enumerate(tokens) if t[0].isalnum()]
        if words:
            tokens[rng.choice(words)] = rng.choice(vocab)
            doc[p][s] = "".join(tokens)
    if len(doc) > 3 and rng.random() < 0.35:
        doc.pop()
    if rng.random() < 0.25:
        p = rng.randrange(len(doc))
        if len(doc[p]) > 1:
            doc[p].pop(rng.randrange(len(doc[p])))
    if rng.random() < 0.25:
        extra = rng.choice(rng.choice(pool))
        p = rng.randrange(len(doc))
        doc[p].insert(rng.randint(0, len(doc[p])), rng.choice(extra))
    if len(doc) > 2 and rng.random() < 0.2:
        a, b = rng.sample(range(len(doc)), 2)
        doc[a], doc[b] = doc[b], doc[a]
    return doc


def _text(doc: Doc) -> str:
    return "\n\n".join(" ".join(p) for p in doc)


def make_pile(n: int, seed: int = 7) -> Pile:
    """``n`` synthetic reports with known copy groups (see the module docstring)."""
    rng = random.Random(seed)
    sources = sample_docs()
    vocab = _vocabulary(sources)
    paragraphs = [p for d in sources for p in d if sum(len(s.split()) for s in p) >= 25]
    pool = [_rewrite([rng.choice(paragraphs)], rng, vocab) for _ in range(300)]
    day0 = dt.date(2023, 3, 1)
    docs: list[tuple[str, int, bool, str | None, dt.date]] = []
    seen: set[str] = set()
    group = 0
    while len(docs) < n:
        base = _rewrite(rng.choice(sources), rng, vocab)
        explainer = None
        if rng.random() < 1 / 3:
            paragraph = rng.choice(pool)
            base.insert(rng.randint(1, len(base)), paragraph[0])
            explainer = " ".join(paragraph[0])
        day = day0 + dt.timedelta(days=rng.randint(0, 60))
        if content_id(_text(base)) in seen:
            continue
        members = [(base, day)]
        seen.add(content_id(_text(base)))
        docs.append((_text(base), group, True, explainer, day))
        for _ in range(rng.choice([0, 0, 0, 0, 0, 1, 1, 2, 3, 4, 6, 9])):
            if len(docs) >= n:
                break
            parent, parent_day = rng.choice(members[1:]) if len(members) > 1 and rng.random() < 0.3 else members[0]
            copy = _edit(parent, rng, vocab, pool)
            if content_id(_text(copy)) in seen:  # an edit that undid itself: the store would keep one of the two
                continue
            seen.add(content_id(_text(copy)))
            copy_day = parent_day + dt.timedelta(days=rng.randint(0, 2))
            members.append((copy, copy_day))
            docs.append((_text(copy), group, False, None, copy_day))
        group += 1
    rng.shuffle(docs)
    article = sample_articles()[0]
    out = []
    for k, (text, _, _, _, day) in enumerate(docs):
        published = (PublishedDate.unknown("synthetic") if rng.random() < 0.1
                     else PublishedDate(day, DateHow.METADATA, 1.0))
        out.append(replace(article, id=content_id(text), origin=Origin(f"synthetic/{k:06d}.txt"), title=f"Report {k}",
                           text=text, published=published, url=None, dropped=()))
    return Pile(out, [d[1] for d in docs], [d[2] for d in docs], [d[3] for d in docs])


# -- scoring --------------------------------------------------------------------


def _pairs(groups: list[list[int]]) -> set[tuple[int, int]]:
    return {(a, b) for g in groups for a, b in itertools.combinations(sorted(g), 2)}


def copy_scores(pile: Pile, copies: list) -> dict[str, float]:
    index = {a.id: i for i, a in enumerate(pile.articles)}
    known: dict[int, list[int]] = defaultdict(list)
    for i, g in enumerate(pile.group):
        known[g].append(i)
    found: dict[int, list[int]] = defaultdict(list)
    for c in copies:
        found[index[c.original]].append(index[c.article])
    truth = _pairs(list(known.values()))
    got = _pairs([[o, *m] for o, m in found.items()])
    hit = len(truth & got)
    return {"precision": hit / len(got) if got else 1.0, "recall": hit / len(truth) if truth else 1.0,
            "pairs": len(truth), "found": len(got)}


def repeat_recall(pile: Pile, copies: list, repeats: list) -> dict[str, float]:
    """Bases whose explainer an earlier independent base holds: found as a repeat?"""
    copied = {c.article for c in copies}
    arts = pile.articles
    order = sorted(range(len(arts)), key=lambda i: dedupe._first_appearance(arts[i], i))
    seen: set[str] = set()
    expected = []
    for i in order:
        e = pile.explainer[i]
        if e is None or arts[i].id in copied:
            continue
        if e in seen:
            start = arts[i].text.find(e)
            expected.append((arts[i].id, start, start + len(e)))
        seen.add(e)
    spans = defaultdict(list)
    for r in repeats:
        spans[r.passage.article].append((r.passage.start, r.passage.end))
    hit = sum(any(s < end and e > start for s, e in spans[a]) for a, start, end in expected)
    return {"expected": len(expected), "recall": hit / len(expected) if expected else 1.0, "repeats": len(repeats)}


# -- measuring in a child process ------------------------------------------------

_CHILD = r"""
import json, pickle, resource, sys, time
sys.path.insert(0, {src!r})
from dateline.story import dedupe
def status_kb(field):
    with open('/proc/self/status') as f:
        return next(int(line.split()[1]) for line in f if line.startswith(field + ':'))
with open({pile!r}, 'rb') as f:
    articles = pickle.load(f)
copies = None
if {stage!r} == 'repeats':
    with open({copies!r}, 'rb') as f:
        copies = pickle.load(f)
try:  # reset the peak resident size (Linux), so that loading the pile does not count
    with open('/proc/self/clear_refs', 'w') as f:
        f.write('5')
except OSError:
    pass
before = status_kb('VmRSS')
start = time.perf_counter()
if {stage!r} == 'copies':
    result = dedupe.find_copies(articles)
else:
    result = dedupe.find_repeats(articles, copies=copies)
seconds = time.perf_counter() - start
peak = status_kb('VmHWM')
with open({out!r}, 'wb') as f:
    pickle.dump(result, f)
print(json.dumps({{'seconds': seconds, 'peak_mb': (peak - before) / 1024, 'rss_before_mb': before / 1024}}))
"""


def measure(stage: str, pile_path: Path, copies_path: Path, out_path: Path) -> dict:
    code = _CHILD.format(src=str(ROOT / "src"), pile=str(pile_path), copies=str(copies_path), out=str(out_path),
                         stage=stage)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if proc.returncode:
        raise SystemExit(f"the {stage} measurement failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- tuning ---------------------------------------------------------------------


def _shingle_set(text: str, k: int) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold())
    return {tuple(words[i : i + k]) for i in range(max(1, len(words) - k + 1))}


def _jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a or b else 1.0


def hard_negatives(count: int = 400, seed: int = 11) -> list[tuple[str, str, str]]:
    """Pairs of reports on different stories that share an explainer paragraph
    (40-70 words) and a quoted sentence (16-26 words): (kind, text a, text b).
    'full': whole reports; 'short': a brief, its own first paragraphs up to at
    least 80 words, so that the shared text is about half of each."""
    rng = random.Random(seed)
    sources = sample_docs()
    vocab = _vocabulary(sources)
    paragraphs = [p for d in sources for p in d if 40 <= sum(len(s.split()) for s in p) <= 70]
    out = []
    for n in range(count):
        shared = _rewrite([rng.choice(paragraphs)], rng, vocab)[0]
        quote = f"\"{' '.join(rng.choice(vocab) for _ in range(rng.randint(14, 24))).capitalize()},\" the minister said."
        pair = []
        for _ in range(2):
            doc = _rewrite(rng.choice(sources), rng, vocab)
            if n % 2:
                kept, words = [], 0
                while words < 80 and len(kept) < len(doc):
                    kept.append(doc[len(kept)])
                    words += sum(len(s.split()) for s in kept[-1])
                doc = kept
            doc.insert(rng.randint(1, len(doc)), shared)
            doc[rng.randrange(len(doc))].append(quote)
            pair.append(_text(doc))
        out.append(("short" if n % 2 else "full", pair[0], pair[1]))
    return out


def tune(pile: Pile) -> tuple[list[dict], list[dict]]:
    """Exact Jaccard of known copy pairs vs hard non-copies per shingle size; then
    precision/recall of find_copies at several thresholds."""
    known: dict[int, list[int]] = defaultdict(list)
    for i, g in enumerate(pile.group):
        known[g].append(i)
    truth = sorted(_pairs(list(known.values())))
    negatives = hard_negatives()
    rows = []
    for k in (3, 4, 5, 6, 8):
        sets: dict[int, set] = {}

        def get(i: int, sets: dict[int, set] = sets, k: int = k) -> set:
            if i not in sets:
                sets[i] = _shingle_set(pile.articles[i].text, k)
            return sets[i]

        copy_j = sorted(_jaccard(get(a), get(b)) for a, b in truth)
        full = sorted(_jaccard(_shingle_set(a, k), _shingle_set(b, k)) for kind, a, b in negatives if kind == "full")
        short = sorted(_jaccard(_shingle_set(a, k), _shingle_set(b, k)) for kind, a, b in negatives if kind == "short")
        rows.append({
            "k": k,
            "copy_min": copy_j[0], "copy_p01": copy_j[len(copy_j) // 100], "copy_median": copy_j[len(copy_j) // 2],
            "full_max": full[-1], "short_max": short[-1], "short_median": short[len(short) // 2],
        })
    grid = []
    for k in (4, 5, 6):
        for threshold in (0.3, 0.4, 0.5, 0.6, 0.7):
            copies = dedupe.find_copies(pile.articles, threshold=threshold, shingle_words=k)
            found = copy_scores(pile, copies)
            neg = sum(
                bool(dedupe.find_copies([_art(pile, a), _art(pile, b, 1)], threshold=threshold, shingle_words=k))
                for _, a, b in negatives
            )
            grid.append({"k": k, "threshold": threshold, **found, "hard_false": neg})
    return rows, grid


def _art(pile: Pile, text: str, n: int = 0) -> Article:
    return replace(pile.articles[n], id=content_id(text), text=text)


# -- main -----------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--markdown-out", type=Path, default=None, help="also write the markdown section here")
    parser.add_argument("--no-tune", action="store_true", help="skip the shingle size / threshold tables")
    args = parser.parse_args()

    rows = []
    tuned = None
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.reports:
            t0 = time.perf_counter()
            pile = make_pile(n)
            made = time.perf_counter() - t0
            pile_path, copies_path, repeats_path = (Path(tmp) / f"{name}-{n}.pkl" for name in ("pile", "copies", "repeats"))
            with open(pile_path, "wb") as f:
                pickle.dump(pile.articles, f)
            c = measure("copies", pile_path, copies_path, copies_path)
            with open(copies_path, "rb") as f:
                copies = pickle.load(f)
            r = measure("repeats", pile_path, copies_path, repeats_path)
            with open(repeats_path, "rb") as f:
                repeats = pickle.load(f)
            scores = copy_scores(pile, copies)
            rscores = repeat_recall(pile, copies, repeats)
            words = sum(len(a.text.split()) for a in pile.articles)
            rows.append({"n": n, "words": words, "copies": c, "repeats": r, "scores": scores, "rscores": rscores,
                         "groups": len(set(pile.group)), "copy_count": len(copies), "made": made})
            print(json.dumps(rows[-1], default=str), file=sys.stderr)
            if not args.no_tune and tuned is None and n == min(args.reports):
                tuned = tune(pile)
    text = render(rows, tuned, " ".join(sys.argv[1:]))
    print(text)
    if args.markdown_out:
        args.markdown_out.write_text(text, encoding="utf-8")


def render(rows: list[dict], tuned, argv: str) -> str:
    out = [
        "| reports | words | known groups | find_copies s | peak MB | time ratio | find_repeats s | peak MB | time ratio "
        "| copies found | copy pairs: precision | recall | explainer repeats: recall |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for k, row in enumerate(rows):
        ratio_c = ratio_r = "-"
        if k:
            prev = rows[k - 1]
            grow = row["n"] / prev["n"]
            ratio_c = f"{row['copies']['seconds'] / prev['copies']['seconds']:.1f}x for {grow:.0f}x"
            ratio_r = f"{row['repeats']['seconds'] / prev['repeats']['seconds']:.1f}x for {grow:.0f}x"
        out.append(
            f"| {row['n']} | {row['words']} | {row['groups']} | {row['copies']['seconds']:.1f} | "
            f"{row['copies']['peak_mb']:.0f} | {ratio_c} | {row['repeats']['seconds']:.1f} | "
            f"{row['repeats']['peak_mb']:.0f} | {ratio_r} | {row['copy_count']} | {row['scores']['precision']:.4f} | "
            f"{row['scores']['recall']:.4f} | {row['rscores']['recall']:.3f} of {row['rscores']['expected']} |"
        )
    if tuned:
        shingles, grid = tuned
        out += [
            "",
            "Exact Jaccard similarity by shingle size: known copy pairs of the smallest pile against 400 hard "
            "non-copies (reports on different stories sharing a 40-70-word explainer paragraph and a 16-26-word "
            "quoted sentence; 'short': briefs of at least 80 words of their own plus the shared text):",
            "",
            "| shingle words | copies: min | 1st percentile | median | non-copies full: max | short: median | short: max |",
            "|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for s in shingles:
            out.append(f"| {s['k']} | {s['copy_min']:.3f} | {s['copy_p01']:.3f} | {s['copy_median']:.3f} | "
                       f"{s['full_max']:.3f} | {s['short_median']:.3f} | {s['short_max']:.3f} |")
        out += [
            "",
            "find_copies on the smallest pile by shingle size and threshold (hard non-copies: pairs of the 400 "
            "wrongly called copies):",
            "",
            "| shingle words | threshold | precision | recall | hard non-copies called copies |",
            "|---:|---:|---:|---:|---:|",
        ]
        for g in grid:
            out.append(f"| {g['k']} | {g['threshold']} | {g['precision']:.4f} | {g['recall']:.4f} | {g['hard_false']} |")
    out.insert(0, f"Command: `python bench/dedupe.py {argv}`; machine: {os.cpu_count()} CPUs, {platform.machine()}, "
                  f"Python {platform.python_version()}, {platform.system()}; date {dt.date.today().isoformat()}.\n")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()
