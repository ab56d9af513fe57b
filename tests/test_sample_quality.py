"""The sample corpus against its hand-written gold timeline: quality floors that must not silently drop.

The protocol is the field's: as many dates as the gold timeline has, and its
mean number of sentences per date. Measured when pinned: Date-F1 0.917,
alignment+ many-to-one ROUGE-1 F1 0.370, ROUGE-2 0.162.
"""

from importlib import resources

import pytest

from dateline import evaluate
from dateline.config import Settings
from dateline.pipeline import run_build, sample_paths


@pytest.fixture(scope="module")
def scores():
    gold = evaluate.read_tilse(resources.files("dateline") / "sample" / "gold" / "timeline.txt")
    k = round(sum(len(v) for v in gold.values()) / len(gold))
    timeline = run_build(sample_paths(), Settings(dates=len(gold), sentences=k)).timeline
    predicted = {e.date: list(e.summary) for e in timeline.entries}
    assert len(predicted) == len(gold)
    return evaluate.score(predicted, gold)


def test_sample_date_f1_stays_above_its_floor(scores):
    assert scores["date_f1"].f1 >= 0.90


def test_sample_alignment_rouge1_stays_above_its_floor(scores):
    assert scores["align_m1_rouge1"].f1 >= 0.35


def test_sample_alignment_rouge2_stays_above_its_floor(scores):
    assert scores["align_m1_rouge2"].f1 >= 0.15
