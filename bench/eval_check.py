"""Check dateline.evaluate against tilse and its Perl ROUGE-1.5.5.

    bash bench/tilse_env.sh                       # once: tilse 0.2.1 in /tmp/tilse-venv
    TILSE_PYTHON=/tmp/tilse-venv/bin/python python bench/eval_check.py [SECTIONS] [--json OUT]

Sections (all when none is named):

--fixtures   the hand-written timelines in tests/data/eval (the numbers pinned by
             tests/test_evaluate.py come from this section's "tilse Perl" column)
--crisis     real reference timelines of ../shared/bench/crisis: one outlet's timeline
             scored against another's, and against two others as multiple references
--stopwords  the crisis tasks again with sklearn's and spaCy's stopword lists instead of
             ROUGE's SMART list: how far the numbers move
--stemmer    our port of ROUGE's Porter stemmer, nltk's PorterStemmer modes and
             PyStemmer's "porter" against the Perl stemmer in ROUGE-1.5.5.pl, on every
             word of the crisis sentence pools

tilse runs in its own Python (TILSE_PYTHON): every metric is computed there by
tilse's TimelineRougeEvaluator with ROUGE-1.5.5 (rouge_computation="original"), and
also with tilse's approximate Python ROUGE ("reimpl") to show what a near miss
looks like. Both sides get the same parsed timelines, so only the metrics differ.
"""

from __future__ import annotations

import argparse
import ast
import csv
import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections import Counter
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from dateline.evaluate import METRICS, _rouge_data, porter_stem, read_tilse, score

FIXTURES = ROOT / "tests" / "data" / "eval"
CRISIS = ROOT.parent / "shared" / "bench" / "crisis"

FIXTURE_TASKS = [
    ("pred vs gold_a", "pred.txt", ["gold_a.txt"]),
    ("pred vs gold_b", "pred.txt", ["gold_b.txt"]),
    ("pred vs gold_a+gold_b", "pred.txt", ["gold_a.txt", "gold_b.txt"]),
    ("gold_b vs gold_a", "gold_b.txt", ["gold_a.txt"]),
    ("edge_pred vs edge_gold", "edge_pred.txt", ["edge_gold.txt"]),
]

# Runs inside TILSE_PYTHON: reads tasks as JSON on stdin, prints tilse's scores as JSON.
TILSE_RUNNER = r"""
import datetime, json, sys
from tilse.data.timelines import GroundTruth, Timeline
from tilse.evaluation import dates, rouge

def timeline(days):
    return Timeline({datetime.date.fromisoformat(d): s for d, s in days.items()})

evaluators = {mode: rouge.TimelineRougeEvaluator(measures={"rouge_1", "rouge_2"}, rouge_computation=mode)
              for mode in sys.argv[1].split(",")}
out = []
for task in json.load(sys.stdin):
    pred, truth = timeline(task["pred"]), GroundTruth([timeline(r) for r in task["refs"]])
    result = {}
    try:
        d = dates.evaluate_dates(pred, truth)
        result["date_f1"] = [d["precision"], d["recall"]]
        for mode, ev in evaluators.items():
            for name, fn in (("concat", ev.evaluate_concat), ("agreement", ev.evaluate_agreement),
                             ("align_m1", ev.evaluate_align_date_content_costs_many_to_one)):
                got = fn(pred, truth)
                for n in (1, 2):
                    key = f"{name}_rouge{n}" + ("" if mode == "original" else f"@{mode}")
                    result[key] = [got[f"rouge_{n}"]["precision"], got[f"rouge_{n}"]["recall"]]
    except Exception as exc:  # report tilse's own failures (e.g. on empty timelines) instead of stopping
        result = {"error": f"{type(exc).__name__}: {exc}"}
    out.append(result)
    print(".", end="", file=sys.stderr, flush=True)
json.dump(out, sys.stdout)
"""


def tilse_python() -> str:
    path = os.environ.get("TILSE_PYTHON")
    if not path or not Path(path).exists():
        sys.exit("Set TILSE_PYTHON to a Python with tilse 0.2.1 installed: bash bench/tilse_env.sh, then\n"
                 "TILSE_PYTHON=/tmp/tilse-venv/bin/python python bench/eval_check.py")
    return path


def run_tilse(tasks: list[dict], modes: str = "original,reimpl") -> list[dict]:
    """tilse's scores for every task, computed in TILSE_PYTHON."""
    payload = json.dumps([{"pred": _plain(t["pred"]), "refs": [_plain(r) for r in t["refs"]]} for t in tasks])
    print(f"tilse: {len(tasks)} tasks ", end="", file=sys.stderr, flush=True)
    done = subprocess.run([tilse_python(), "-c", TILSE_RUNNER, modes], input=payload, capture_output=True,
                          text=True, cwd=tempfile.gettempdir(), check=False)
    print(file=sys.stderr)
    if done.returncode:
        sys.exit(f"tilse failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def _plain(days: dict[dt.date, list[str]]) -> dict[str, list[str]]:
    return {d.isoformat(): list(s) for d, s in sorted(days.items())}


def fixture_tasks() -> list[dict]:
    return [{"name": name, "pred": read_tilse(FIXTURES / pred), "refs": [read_tilse(FIXTURES / r) for r in refs]}
            for name, pred, refs in FIXTURE_TASKS]


def crisis_tasks() -> list[dict]:
    """Per topic: outlet i against outlet i+1 (two pairs), and outlet 0 against outlets 1 and 2 together."""
    if not CRISIS.is_dir():
        sys.exit(f"{CRISIS} is missing: the crisis reference timelines live in ../shared/bench/crisis")
    tasks = []
    for topic in sorted(p for p in CRISIS.iterdir() if (p / "gold").is_dir()):
        gold = {p.stem: read_tilse(p) for p in sorted((topic / "gold").glob("*.txt"))}
        names = list(gold)
        for a, b in pairwise(names[:3]):
            tasks.append({"name": f"{topic.name}: {a} vs {b}", "pred": gold[a], "refs": [gold[b]]})
        tasks.append({"name": f"{topic.name}: {names[0]} vs {names[1]}+{names[2]}", "pred": gold[names[0]],
                      "refs": [gold[names[1]], gold[names[2]]]})
    return tasks


def compare(tasks: list[dict], extra_stopwords: dict[str, frozenset[str]] | None = None) -> dict:
    """Score every task ourselves and with tilse; print the side-by-side tables."""
    started = time.perf_counter()
    ours = [score(t["pred"], t["refs"]) for t in tasks]
    ours_seconds = time.perf_counter() - started
    started = time.perf_counter()
    theirs = run_tilse(tasks)
    tilse_seconds = time.perf_counter() - started
    worst, worst_reimpl, report = 0.0, 0.0, []
    for task, mine, other in zip(tasks, ours, theirs, strict=False):
        print(f"\n### {task['name']}\n")
        if "error" in other:
            print(f"tilse failed: {other['error']}")
            continue
        print("| metric | ours P / R / F1 | tilse Perl P / R / F1 | max abs diff | tilse reimpl F1 |")
        print("|---|---|---|---:|---:|")
        row = {"task": task["name"], "metrics": {}}
        for name in METRICS:
            p, r = other[name]
            perl_f1 = _f1(p, r)
            diff = max(abs(mine[name].precision - p), abs(mine[name].recall - r), abs(mine[name].f1 - perl_f1))
            worst = max(worst, diff)
            reimpl = other.get(f"{name}@reimpl")
            reimpl_f1 = _f1(*reimpl) if reimpl else None
            if reimpl_f1 is not None:
                worst_reimpl = max(worst_reimpl, abs(reimpl_f1 - perl_f1))
            print(f"| {name} | {_prf(mine[name].precision, mine[name].recall)} | {_prf(p, r)} | {diff:.2e} | "
                  f"{'' if reimpl_f1 is None else f'{reimpl_f1:.4f}'} |")
            row["metrics"][name] = {"ours": [mine[name].precision, mine[name].recall], "tilse_perl": [p, r],
                                    "tilse_reimpl": reimpl}
        report.append(row)
    print(f"\nLargest difference ours vs tilse Perl over {len(report)} tasks x {len(METRICS)} metrics "
          f"(P, R and F1): {worst:.2e}; tilse's own reimplementation vs its Perl (F1): {worst_reimpl:.2e}. "
          f"Time: ours {ours_seconds:.2f} s, tilse (both modes) {tilse_seconds:.1f} s.")
    if extra_stopwords:
        print("\nOther stopword lists instead of ROUGE's SMART list, F1 minus tilse Perl's F1 "
              "(mean and largest absolute difference over the tasks):\n")
        print("| metric | " + " | ".join(extra_stopwords) + " |\n|---|" + "---:|" * len(extra_stopwords))
        moved = {label: [score(t["pred"], t["refs"], stopwords=words) for t in tasks]
                 for label, words in extra_stopwords.items()}
        for name in METRICS[1:]:
            cells = []
            for label in extra_stopwords:
                diffs = [s[name].f1 - _f1(*o[name]) for s, o in zip(moved[label], theirs, strict=False) if "error" not in o]
                cells.append(f"mean {sum(diffs) / len(diffs):+.4f}, max {max(map(abs, diffs)):.4f}")
            print(f"| {name} | " + " | ".join(cells) + " |")
    return {"tasks": report, "max_abs_diff": worst, "max_abs_diff_reimpl_f1": worst_reimpl}


def _f1(p: float, r: float) -> float:
    return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def _prf(p: float, r: float) -> str:
    return f"{p:.4f} / {r:.4f} / {_f1(p, r):.4f}"


def other_stopwords() -> dict[str, frozenset[str]]:
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
    from spacy.lang.en.stop_words import STOP_WORDS

    return {"sklearn ENGLISH_STOP_WORDS": frozenset(ENGLISH_STOP_WORDS), "spaCy STOP_WORDS": frozenset(STOP_WORDS)}


# Runs inside TILSE_PYTHON: stems stdin's words with nltk's and PyStemmer's Porter stemmers.
STEMMER_RUNNER = r"""
import json, sys
from nltk.stem.porter import PorterStemmer
words = sys.stdin.read().split()
out = {f"nltk {mode}": [PorterStemmer(mode).stem(w) for w in words]
       for mode in (PorterStemmer.ORIGINAL_ALGORITHM, PorterStemmer.MARTIN_EXTENSIONS, PorterStemmer.NLTK_EXTENSIONS)}
try:
    import Stemmer
    out["PyStemmer porter"] = Stemmer.Stemmer("porter").stemWords(words)
except ImportError:
    pass
json.dump(out, sys.stdout)
"""


def check_stemmer() -> dict:
    """Each stemmer's disagreements with ROUGE-1.5.5's Perl stemmer on the crisis vocabulary."""
    import re

    stopwords, exceptions = _rouge_data()
    csv.field_size_limit(sys.maxsize)  # a date's sentence list is one CSV field, some are large
    counts: Counter[str] = Counter()
    for path in sorted(CRISIS.glob("*/dated-sentences.csv")) + sorted(CRISIS.glob("*/gold/*.txt")):
        if path.suffix == ".csv":
            with path.open(encoding="utf-8", errors="replace", newline="") as handle:
                text = " ".join(" ".join(ast.literal_eval(row["Sentences"])) for row in csv.DictReader(handle))
        else:
            text = path.read_text(encoding="utf-8", errors="replace")
        counts.update(re.findall("[a-z0-9]+", text.lower()))
    # the words ROUGE hands to its stemmer: longer than 3, not stopwords, not WordNet exceptions
    words = sorted(w for w in counts if len(w) > 3 and w not in stopwords and w not in exceptions)
    rouge_pl = subprocess.run(
        [tilse_python(), "-c", "import pyrouge, pathlib; print(pathlib.Path(pyrouge.__file__).parent)"],
        capture_output=True, text=True, check=True).stdout.strip() + "/tools/ROUGE-1.5.5/ROUGE-1.5.5.pl"
    perl = _perl_stems(words, Path(rouge_pl))
    stems = {"dateline.evaluate.porter_stem": [porter_stem(w) for w in words]}
    done = subprocess.run([tilse_python(), "-c", STEMMER_RUNNER], input="\n".join(words), capture_output=True,
                          text=True, check=True)
    stems.update(json.loads(done.stdout))
    total_tokens = sum(counts[w] for w in words)
    print(f"\n### Stemmers against ROUGE-1.5.5's Perl stemmer\n\n{len(words)} distinct words "
          f"({total_tokens} tokens) from the crisis sentence pools and reference timelines, those ROUGE stems "
          "(longer than 3 letters, not SMART stopwords, not WordNet exceptions).\n")
    print("| stemmer | words stemmed differently | tokens affected | examples (word: theirs / Perl) |")
    print("|---|---:|---:|---|")
    result = {}
    for label, got in stems.items():
        wrong = [(w, g, p) for w, g, p in zip(words, got, perl, strict=False) if g != p]
        tokens = sum(counts[w] for w, _, _ in wrong)
        examples = ", ".join(f"{w}: {g} / {p}" for w, g, p in sorted(wrong, key=lambda x: -counts[x[0]])[:4])
        print(f"| {label} | {len(wrong)} ({len(wrong) / len(words):.2%}) | {tokens / total_tokens:.3%} | {examples} |")
        result[label] = {"words": len(wrong), "token_share": tokens / total_tokens}
    return result


def _perl_stems(words: list[str], rouge_pl: Path) -> list[str]:
    """Run the Porter stemmer subroutines of ROUGE-1.5.5.pl itself (read from tilse's copy at run time)."""
    source = rouge_pl.read_text(encoding="latin-1")
    stemmer = source[source.index("local %step2list;"):]
    script = stemmer + '\ninitialise();\nwhile (my $w = <STDIN>) { chomp $w; print stem($w), "\\n"; }\n'
    with tempfile.NamedTemporaryFile("w", suffix=".pl", delete=False) as handle:
        handle.write(script)
    try:
        done = subprocess.run(["perl", handle.name], input="\n".join(words) + "\n", capture_output=True, text=True,
                              check=True)
    finally:
        os.unlink(handle.name)
    out = done.stdout.split("\n")[: len(words)]
    assert len(out) == len(words), "the Perl stemmer returned fewer words than it was given"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    for flag in ("fixtures", "crisis", "stopwords", "stemmer"):
        parser.add_argument(f"--{flag}", action="store_true")
    parser.add_argument("--json", type=Path, help="also write every number to this JSON file")
    args = parser.parse_args()
    chosen = {f for f in ("fixtures", "crisis", "stopwords", "stemmer") if getattr(args, f)} or {
        "fixtures", "crisis", "stopwords", "stemmer"}
    tilse_python()
    print(f"Command: `TILSE_PYTHON=... python bench/eval_check.py {' '.join(sys.argv[1:])}`  \n"
          f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}; date {dt.date.today()}")
    results = {}
    if "fixtures" in chosen:
        print("\n## Fixtures (tests/data/eval)")
        results["fixtures"] = compare(fixture_tasks())
    if chosen & {"crisis", "stopwords"}:
        print("\n## Crisis reference timelines")
        results["crisis"] = compare(crisis_tasks(), other_stopwords() if "stopwords" in chosen else None)
    if "stemmer" in chosen:
        results["stemmer"] = check_stemmer()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
