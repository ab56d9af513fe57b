"""Learn which dates matter: the date signals of ``dateline.story.date_rank`` fitted on the shared topics.

    python bench/date_ranker.py                       # features (cached), leave-one-topic-out, ablation
    python bench/date_ranker.py --write               # ... and ship the weights fit on every topic

For every Timeline17 task (one per ``TOPIC/gold/*.txt``, as ``bench/tls.py``
makes them) the reports published in the task's window are read from the
store ``bench/tls.py`` cached, and the story stages run up to the candidates
(dating, copies, candidates, the span): no events, no selection. Each day
date in the window becomes a row: its features (``date_rank.date_features``)
and whether the reference timeline has it. The rows are cached per task
(``--features``), so changing the model does not rerun the stages.

Logistic regressions over standardised features (pointwise, and pairwise:
a kept date against a dropped one of the same task) are evaluated leave one
topic out (fit on five topics, rank the sixth's dates, keep the top L):
Date-F1 per held-out topic against today's ranking (``events.group_score``)
and simple rules, then every signal left out in turn, and each signal added
to the shipped ones (SHIPPED). ``--write`` fits the shipped model on every
topic and writes it to ``src/dateline/story/date_weights.json`` with this
command and the date. The Crisis pools (``--crisis``) have no
reports, so only their pool signals can be scored; they are used to check,
not to fit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
try:
    import dateline  # noqa: F401
except ImportError:  # run from a checkout without installing the package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

import numpy as np
import tls
import tls_reports as reports

ROOT = Path(__file__).resolve().parents[1]
#: Regularisation of the logistic regression (inverse strength; chosen on nothing: the default).
C = 0.1
#: The signals the shipped model weighs: reports, written-out dates and later referrals. Chosen on four of the six
#: topics (bpoil, egypt, finan, h1n1) before haiti and iraq were read: every signal together, learned, did worse
#: leave-one-topic-out than these three (too many correlated signals for 12 reference timelines).
SHIPPED = ("reports", "written", "referred_later")
#: Fit on rows centred per task (see ``fit``).
CENTRE: bool | str = "pairs"
#: Pairs drawn per task for the pairwise fit.
PAIRS = 20000
#: The signals a pool of dated sentences has (no reports, no publication dates, no names).
POOL_FEATURES = ("reports", "sentences", "written", "relative", "unnamed", "burst")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the table ------------------------------------------------------------------------------


def task_candidates(articles: Sequence, start: dt.date, end: dt.date):
    """The story stages up to the candidates over ``articles``, kept inside the window (as ``story.stages.tell``)."""
    from dateline.annotate import dating
    from dateline.config import Settings
    from dateline.model import DateSpan, Story
    from dateline.story import events, stages
    from dateline.story import span as spans

    settings = Settings()
    story = Story(tuple(articles), dated={a.id: a.dated for a in articles if a.dated is not None})
    story = dating.date_story(story, settings)
    story = stages.find_copies(story, settings)
    candidates = events.article_candidates(story.articles, story.sentences, story.copies, story.repeats)
    kept, _ = spans.candidates_in_span(DateSpan(start, end), candidates)
    return story, kept


def task_rows(task: tls.Task, articles: Sequence) -> list[dict]:
    """One row per day date the task's candidates are placed on: its features, today's score and its label."""
    from dateline.model import Granularity
    from dateline.story import date_rank, events

    story, candidates = task_candidates(articles, task.start, task.end)
    salient = date_rank.salient_sentences(story.articles, candidates)
    features = date_rank.date_features(candidates, salient)
    by_period = defaultdict(list)
    for c in candidates:
        by_period[c.period].append(c)
    rows = []
    for period, values in features.items():
        if period.granularity is not Granularity.DAY:
            continue
        rows.append({"date": period.first.isoformat(), "label": period.first in task.reference,
                     "today": events.group_score(by_period[period]), **values})
    return rows


def t17_table(data: Path, cache: Path, features: Path, topics: Sequence[str]) -> dict[str, list[dict]]:
    """Per task (``topic/name``): its L and rows, read from ``features`` or built (and cached there)."""
    from dateline.story import date_rank

    features.mkdir(parents=True, exist_ok=True)
    table: dict[str, dict] = {}
    for topic in topics:
        tasks, _ = tls.topic_tasks(data / topic)
        stored = None
        for task in tasks:
            path = features / f"{topic}-{task.name}-{date_rank.FEATURES_VERSION}.json.gz"
            if path.is_file():
                with gzip.open(path, "rt", encoding="utf-8") as handle:
                    table[f"{topic}/{task.name}"] = json.load(handle)
                continue
            if stored is None:
                store = _cached_store(data / topic, cache)
                if store is None:
                    log(f"{topic}: no cached store under {cache} yet (bench/tls.py builds it); skipped")
                    break
                stored = reports.Reports.load(store)
            articles = stored.published_in(task.start, task.end)
            log(f"{topic}/{task.name}: {len(articles)} reports, {task.start}..{task.end}, L={task.dates} ...")
            rows = task_rows(task, articles)
            entry = {"topic": topic, "dates": task.dates, "reference": sorted(d.isoformat() for d in task.reference),
                     "rows": rows}
            with gzip.open(path, "wt", encoding="utf-8") as handle:
                json.dump(entry, handle)
            table[f"{topic}/{task.name}"] = entry
    return table


def _cached_store(topic_dir: Path, cache: Path) -> Path | None:
    """The store ``bench/tls.py`` cached for this topic (any key: the per-report stages are not ours to change)."""
    found = sorted(cache.glob(f"{topic_dir.name}-*/ingest.json"), key=lambda p: p.stat().st_mtime)
    return found[-1].parent / "dateline.sqlite" if found else None


def crisis_table(data: Path, features: Path) -> dict[str, dict]:
    """Per Crisis task: its L and rows, from the pool's candidates (no reports: only the pool's signals)."""
    from dateline.story import date_rank, events, select

    features.mkdir(parents=True, exist_ok=True)
    table: dict[str, dict] = {}
    for topic in tls.find_topics(data):
        if not tls.is_pool_topic(data / topic):
            continue
        tasks, _ = tls.topic_tasks(data / topic)
        pool = None
        for task in tasks:
            path = features / f"crisis-{topic}-{task.name}-{date_rank.FEATURES_VERSION}.json.gz"
            if path.is_file():
                with gzip.open(path, "rt", encoding="utf-8") as handle:
                    table[f"{topic}/{task.name}"] = json.load(handle)
                continue
            if pool is None:
                pool, _ = tls.read_pool(data / topic / "dated-sentences.csv")
            log(f"crisis {topic}/{task.name}: L={task.dates} ...")
            candidates = select.pool_candidates(tls.window(pool, task.start, task.end))
            by_period = defaultdict(list)
            for c in candidates:
                by_period[c.period].append(c)
            rows = [{"date": p.first.isoformat(), "label": p.first in task.reference,
                     "today": events.group_score(by_period[p]), **values}
                    for p, values in date_rank.date_features(candidates).items()]
            entry = {"topic": topic, "dates": task.dates, "reference": sorted(d.isoformat() for d in task.reference),
                     "rows": rows}
            with gzip.open(path, "wt", encoding="utf-8") as handle:
                json.dump(entry, handle)
            table[f"{topic}/{task.name}"] = entry
    return table


# --- learning and scoring -----------------------------------------------------------------


def matrix(tasks: Sequence[dict], names: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    rows = [r for t in tasks for r in t["rows"]]
    return np.array([[r[n] for n in names] for r in rows], dtype=float), np.array([r["label"] for r in rows], dtype=bool)


def fit_pairs(tasks: Sequence[dict], names: Sequence[str]):
    """A ranking variant: logistic regression on within-task differences (a kept date minus a dropped one),
    each task weighing the same (at most PAIRS pairs drawn from each). The weights order dates; the
    intercept is then fit so that the centred logit is a kept date's chance."""
    from sklearn.linear_model import LogisticRegression

    from dateline.story.date_rank import Weights

    x, _ = matrix(tasks, names)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    rng = np.random.default_rng(0)
    diffs, signs, weights = [], [], []
    for t in tasks:
        tx, ty = matrix([t], names)
        pos, neg = np.flatnonzero(ty), np.flatnonzero(~ty)
        if not len(pos) or not len(neg):
            continue
        n = min(PAIRS, len(pos) * len(neg))
        i, j = rng.choice(pos, n), rng.choice(neg, n)
        d = (tx[i] - tx[j]) / scale
        flip = rng.random(n) < 0.5
        d[flip] *= -1
        diffs.append(d)
        signs.append(~flip)
        weights.append(np.full(n, 1.0 / n))
    model = LogisticRegression(C=C, fit_intercept=False, max_iter=2000).fit(
        np.vstack(diffs), np.concatenate(signs), sample_weight=np.concatenate(weights) * len(diffs))
    coef = model.coef_[0]
    # The intercept: one-feature logistic regression of the labels on the centred score.
    zs, ys = [], []
    for t in tasks:
        tx, ty = matrix([t], names)
        z = ((tx - tx.mean(axis=0)) / scale) @ coef
        zs.append(z)
        ys.append(ty)
    z, y = np.concatenate(zs), np.concatenate(ys)
    calib = LogisticRegression(C=1e6).fit(z[:, None], y)
    a = float(calib.coef_[0][0])
    return Weights(tuple(names), tuple(0.0 for _ in names), tuple(scale.tolist()), tuple((coef * a).tolist()),
                   float(calib.intercept_[0]), True)


def fit(tasks: Sequence[dict], names: Sequence[str], centre: bool | str = False):
    """Standardised logistic regression on the rows of ``tasks``: a ``date_rank.Weights``.

    With ``centre`` each task's rows are first centred on the task's mean: the model then learns what sets a
    date apart within its pile, not what sets big piles apart (the ranking within a pile is the same either way
    for given weights, since a shift shared by a pile's dates changes no order).
    """
    from sklearn.linear_model import LogisticRegression

    from dateline.story.date_rank import Weights

    if centre == "pairs":
        return fit_pairs(tasks, names)
    if centre:
        x, y = np.zeros((0, len(names))), np.zeros(0, dtype=bool)
        for t in tasks:
            tx, ty = matrix([t], names)
            x, y = np.vstack([x, tx - tx.mean(axis=0)]), np.concatenate([y, ty])
    else:
        x, y = matrix(tasks, names)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=C, max_iter=2000).fit((x - mean) / scale, y)
    return Weights(tuple(names), tuple(mean.tolist()), tuple(scale.tolist()), tuple(model.coef_[0].tolist()),
                   float(model.intercept_[0]), centre)


def date_scores(task: dict, score) -> tuple[float, float]:
    """Precision and recall of the task's top-L dates by ``score(row)`` (ties: earlier first)."""
    ranked = sorted(task["rows"], key=lambda r: (-score(r), r["date"]))[: task["dates"]]
    hits = sum(r["label"] for r in ranked)
    return (hits / len(ranked) if ranked else 0.0), hits / len(task["reference"])


def f1(pairs: Sequence[tuple[float, float]]) -> float:
    """F1 of the mean precision and mean recall (as ``dateline.evaluate.average``)."""
    p = sum(a for a, _ in pairs) / len(pairs)
    r = sum(b for _, b in pairs) / len(pairs)
    return 2 * p * r / (p + r) if p + r else 0.0


def loto(table: dict[str, dict], names: Sequence[str], centre: bool | str = False) -> dict[str, list[tuple[float, float]]]:
    """Leave one topic out: per held-out topic, each task's (precision, recall) of the model fit on the others."""
    topics = sorted({t["topic"] for t in table.values()})
    out = {}
    for held in topics:
        weights = fit([t for t in table.values() if t["topic"] != held], names, centre)
        out[held] = [date_scores(t, weights.logit) for t in table.values() if t["topic"] == held]
    return out


def rule(table: dict[str, dict], score) -> dict[str, list[tuple[float, float]]]:
    """Per topic, each task's (precision, recall) under a fixed ranking rule."""
    out: dict[str, list] = defaultdict(list)
    for t in table.values():
        out[t["topic"]].append(date_scores(t, score))
    return dict(out)


def line(name: str, per_topic: dict[str, list[tuple[float, float]]], topics: Sequence[str]) -> str:
    every = [pr for t in topics for pr in per_topic[t]]
    return f"| {name} | " + " | ".join(f"{f1(per_topic[t]):.3f}" for t in topics) + f" | {f1(every):.3f} |"


def header(topics: Sequence[str]) -> list[str]:
    return ["| ranking | " + " | ".join(topics) + " | all |", "|---|" + "---:|" * (len(topics) + 1)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default=str(ROOT.parent / "shared" / "bench" / "t17"))
    parser.add_argument("--cache", default=str(ROOT / "bench" / "results" / "tls-cache"))
    parser.add_argument("--features", default=str(ROOT / "bench" / "results" / "date-features"))
    parser.add_argument("--topics", help="comma-separated (default: all)")
    parser.add_argument("--crisis", help="also score the Crisis pools in this folder (a check, not fit on)")
    parser.add_argument("--build-only", action="store_true", help="only build the cached feature table")
    parser.add_argument("--write", action="store_true", help="write the weights fit on every topic into the package")
    args = parser.parse_args(argv)
    data = Path(args.data)
    topics = [t for t in (args.topics or "").split(",") if t] or tls.find_topics(data)
    table = t17_table(data, Path(args.cache), Path(args.features), topics)
    log(f"{len(table)} tasks in the table")
    if not table:
        print(f"Error: no Timeline17 task with a cached store (data: {data}, stores: {args.cache}); run bench/tls.py "
              "--data on that folder first, or pass --data and --cache", file=sys.stderr)
        return 1
    if args.crisis:
        crisis = crisis_table(Path(args.crisis), Path(args.features))
        log(f"{len(crisis)} Crisis tasks in the table")
    if args.build_only:
        return 0
    from dateline.story.date_rank import FEATURES

    topics = sorted({t["topic"] for t in table.values()})
    names = list(FEATURES)
    print(f"Date-F1 of the top-L dates per Timeline17 topic ({len(table)} tasks); learned rows: leave one topic out\n")
    print("\n".join(header(topics)))
    print(line("today (events.group_score)", rule(table, lambda r: r["today"]), topics))
    for single in ("reports", "sentences", "written", "referred_later"):
        print(line(f"rule: {single} alone", rule(table, lambda r, n=single: r[n] + 1e-3 * r["reports"]), topics))
    print(line("learned pointwise, every signal", loto(table, names), topics))
    print(line("learned pointwise, every signal, centred per task", loto(table, names, centre=True), topics))
    print(line("learned pairwise, every signal", loto(table, names, CENTRE), topics))
    for left in names:
        print(line(f"learned pairwise, every signal but {left}", loto(table, [n for n in names if n != left], CENTRE), topics))
    shipped = list(SHIPPED)
    print(line("rule: " + " + ".join(shipped) + " (equal weights)", rule(table, lambda r: sum(r[n] for n in shipped)), topics))
    print(line("learned pairwise, " + ", ".join(shipped) + " (shipped)", loto(table, shipped, CENTRE), topics))
    for left in shipped:
        print(line(f"shipped but {left}", loto(table, [n for n in shipped if n != left], CENTRE), topics))
    for extra in names:
        if extra not in shipped:
            print(line(f"shipped and {extra}", loto(table, [*shipped, extra], CENTRE), topics))
    names = shipped
    weights = fit(list(table.values()), names, CENTRE)
    print("\nWeights fit on every topic (standardised signals):\n")
    print("| signal | weight | mean | scale |\n|---|---:|---:|---:|")
    for n, w, m, sc in zip(weights.features, weights.weight, weights.mean, weights.scale, strict=True):
        print(f"| {n} | {w:+.3f} | {m:.3f} | {sc:.3f} |")
    print(f"| (intercept) | {weights.intercept:+.3f} | | |")
    if args.crisis:
        ctopics = sorted({t["topic"] for t in crisis.values()})
        print(f"\nCrisis pools ({len(crisis)} tasks; weights fit on Timeline17 only)\n")
        print("\n".join(header(ctopics)))
        print(line("today (events.group_score)", rule(crisis, lambda r: r["today"]), ctopics))
        print(line("learned on Timeline17 (shipped)", rule(crisis, weights.logit), ctopics))
        pool = list(POOL_FEATURES)
        print(line("learned on the other Crisis topics (pool signals)", loto(crisis, pool, CENTRE), ctopics))
    if args.write:
        out = ROOT / "src" / "dateline" / "story" / "date_weights.json"
        command = "python bench/date_ranker.py " + " ".join(argv if argv is not None else sys.argv[1:])
        data = {"command": command.strip(), "date": dt.date.today().isoformat(),
                "trained_on": [f"timeline17/{k}" for k in sorted(table)], **weights.as_json()}
        out.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
        log(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
