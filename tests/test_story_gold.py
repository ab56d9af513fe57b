"""Quotes and figures on the project's independent, hand-checked sets (tests/data/quotes, tests/data/figures).

The sets were written apart from the extractors and were not used to tune
them. Floors are pinned from measured runs (docs/benchmarks.md); a change that
drops below one must say why.
"""

import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import pair_quotes

from dateline.annotate.figures import find_figures
from dateline.annotate.quotes import find_quotes, normalise_speakers
from dateline.model import Article, DateHow, Origin, Outlet, PublishedDate
from dateline.pipeline import dated_sentences

DATA = Path(__file__).parent / "data"

QUOTE_FOUND_FLOOR = 0.97  # precision and recall of quotes found; measured 1.000 / 1.000
SPEAKER_FLOOR = 0.80  # precision and recall of (quote, speaker); measured 0.824 / 0.824
FIGURE_PRECISION_FLOOR = 0.95  # figures found with the right value; measured 1.000
FIGURE_RECALL_FLOOR = 0.85  # measured 0.906


def read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def article(n: int, item: dict, day: dt.date) -> Article:
    return Article(f"{n:016x}", Origin(item["id"]), Outlet(None, "none"), None, item["text"],
                   PublishedDate(day, DateHow.METADATA, 0.95))






def score_quotes() -> dict:
    """Quotes found and (quote, speaker) precision/recall on the independent set."""
    gold_n = predicted_n = found = right = 0
    for n, item in enumerate(read(DATA / "quotes" / "quotes.jsonl"), 1):
        predicted = normalise_speakers(find_quotes(article(n, item, dt.date(2022, 6, 1))))
        matched = pair_quotes([g["text"] for g in item["quotes"]], [p.text for p in predicted])
        gold_n += len(item["quotes"])
        predicted_n += len(predicted)
        found += len(matched)
        right += sum(item["quotes"][g]["speaker"] == predicted[p].speaker for g, p in matched.items())
    return {"found_p": found / predicted_n, "found_r": found / gold_n,
            "speaker_p": right / predicted_n, "speaker_r": right / gold_n, "gold": gold_n}


@pytest.fixture(scope="module")
def quote_scores():
    return score_quotes()


def test_the_quote_set_holds_at_least_150_quotes_with_speakers(quote_scores):
    assert quote_scores["gold"] >= 150


def test_quotes_are_found_above_their_floor(quote_scores):
    assert min(quote_scores["found_p"], quote_scores["found_r"]) >= QUOTE_FOUND_FLOOR, quote_scores


def test_speakers_are_right_above_their_floor(quote_scores):
    assert min(quote_scores["speaker_p"], quote_scores["speaker_r"]) >= SPEAKER_FLOOR, quote_scores


def score_figures() -> dict:
    """Figures found with the right value: precision/recall on the independent set."""
    gold_n = predicted_n = hits = precise = 0

    def same(p, g) -> bool:
        return p.start < g["end"] and g["start"] < p.end and abs(p.value - g["value"]) < 1e-6

    for n, item in enumerate(read(DATA / "figures" / "figures.jsonl"), 1):
        art = article(n, item, dt.date.fromisoformat(item["anchor"]))
        predicted = find_figures(art, dated_sentences(art))
        gold_n += len(item["figures"])
        predicted_n += len(predicted)
        hits += sum(any(same(p, g) for p in predicted) for g in item["figures"])
        precise += sum(any(same(p, g) for g in item["figures"]) for p in predicted)
    return {"precision": precise / predicted_n, "recall": hits / gold_n, "gold": gold_n}


@pytest.fixture(scope="module")
def figure_scores():
    return score_figures()


def test_the_figure_set_holds_at_least_150_figures(figure_scores):
    assert figure_scores["gold"] >= 150


def test_figures_are_found_above_their_floors(figure_scores):
    assert figure_scores["precision"] >= FIGURE_PRECISION_FLOOR, figure_scores
    assert figure_scores["recall"] >= FIGURE_RECALL_FLOOR, figure_scores
