"""Quality of the quotes and figures stages on the project's hand-checked sets.

    python bench/story_quality.py

Prints precision and recall on the independent sets (tests/data/quotes,
tests/data/figures: written apart from the extractors and not used to tune
them) with the same scoring as the tests that pin their floors
(tests/test_story_gold.py), and the sample corpus's gold figures for copies,
quotes, figures and the disagreement.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

from conftest import pair_quotes, sample_label
from test_figures import match_gold
from test_story_gold import score_figures, score_quotes

from dateline.annotate.figures import find_figures
from dateline.pipeline import SAMPLE_DIR, run_build


def sample_scores() -> dict:
    gold = json.loads((SAMPLE_DIR.parent / "gold" / "gold.json").read_text(encoding="utf-8"))
    timeline = run_build([str(SAMPLE_DIR)]).timeline
    labels = {a.id: a.origin.label() for a in timeline.articles}
    matched = pair_quotes([q["text"] for q in gold["quotes"]], [q.text for q in timeline.quotes])
    speakers = sum(gold["quotes"][g]["speaker"] == timeline.quotes[p].speaker for g, p in matched.items())
    copies = {(labels[c.article], labels[c.original]) for c in timeline.copies}
    gold_copies = {(sample_label(c["copy"]), sample_label(c["original"])) for c in gold["copies"]}
    disagreements = [sorted(v.value for v in d.values) for d in timeline.disagreements]
    sentences: dict[str, list] = {}
    for sentence in timeline.sentences:
        sentences.setdefault(sentence.article, []).append(sentence)
    found = [m for a in timeline.articles for m in find_figures(a, sentences.get(a.id, []))]
    expected, pairs = match_gold(timeline, found, gold)
    return {
        "figures": (len(pairs) / len(found), len(pairs) / len(expected)),
        "quotes": (len(matched) / len(timeline.quotes), len(matched) / len(gold["quotes"])),
        "speakers": (speakers / len(timeline.quotes), speakers / len(gold["quotes"])),
        "copies": (len(copies & gold_copies) / max(1, len(copies)), len(copies & gold_copies) / len(gold_copies)),
        "disagreements": disagreements,
    }


def main() -> None:
    q, f, s = score_quotes(), score_figures(), sample_scores()
    print(f"Command: `python bench/story_quality.py`  \nMachine: {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"date {dt.date.today()}\n")
    print("| set | what | precision | recall |\n|---|---|---:|---:|")
    print(f"| independent quotes ({q['gold']}) | quotes found | {q['found_p']:.3f} | {q['found_r']:.3f} |")
    print(f"| independent quotes ({q['gold']}) | quote with the right speaker | {q['speaker_p']:.3f} | {q['speaker_r']:.3f} |")
    print(f"| independent figures ({f['gold']}) | figure found with the right value | {f['precision']:.3f} | {f['recall']:.3f} |")
    print(f"| sample gold | quotes (merged across reports) | {s['quotes'][0]:.3f} | {s['quotes'][1]:.3f} |")
    print(f"| sample gold | quote with the right speaker | {s['speakers'][0]:.3f} | {s['speakers'][1]:.3f} |")
    print(f"| sample gold | figures (report, value, kind of unit) | {s['figures'][0]:.3f} | {s['figures'][1]:.3f} |")
    print(f"| sample gold | copies linked to the right original | {s['copies'][0]:.3f} | {s['copies'][1]:.3f} |")
    print(f"\nSample disagreements found: {s['disagreements']}")


if __name__ == "__main__":
    main()
