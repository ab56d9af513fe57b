"""`dateline eval`: scores printed as a table or JSON, and clear errors for bad files."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import app

DATA = Path(__file__).parent / "data" / "eval"
runner = CliRunner()


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


def test_eval_prints_a_table_of_every_metric():
    result = invoke("eval", DATA / "pred.txt", DATA / "gold_a.txt")
    assert result.exit_code == 0, result.output
    for label in ("Date-F1", "concat ROUGE-1", "agreement ROUGE-2", "align+ m:1 ROUGE-1 (AR-1)"):
        assert label in result.stdout
    # Date-F1 0.3333 / 0.3333 / 0.3333 and AR-1 0.4676 / 0.2838 / 0.3532 (tests/test_evaluate.py's agreed numbers)
    assert "0.4676" in result.stdout and "0.3532" in result.stdout
    assert f"{DATA / 'pred.txt'} (6 dates) against {DATA / 'gold_a.txt'} (6 dates)" in result.stdout


def test_eval_json_reads_dateline_json_and_scores_several_gold_files_together():
    result = invoke("eval", DATA / "pred.json", DATA / "gold_a.txt", DATA / "gold_b.txt", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["gold"] == [str(DATA / "gold_a.txt"), str(DATA / "gold_b.txt")]
    assert data["dates"] == {"predicted": 6, "gold": [6, 5]}
    # the multiple-reference numbers tilse's Perl ROUGE gives (tests/test_evaluate.py)
    assert data["scores"]["date_f1"]["recall"] == pytest.approx(0.222222, abs=1e-6)
    assert data["scores"]["align_m1_rouge1"]["precision"] == pytest.approx(0.327257, abs=1e-6)
    assert set(data["scores"]["concat_rouge2"]) == {"precision", "recall", "f1"}


def test_eval_of_an_empty_prediction_scores_zero_and_says_so(tmp_path):
    empty = tmp_path / "timeline.json"
    empty.write_text(json.dumps({"entries": []}))
    result = invoke("eval", empty, DATA / "gold_a.txt", "--json")
    assert result.exit_code == 0
    assert f"{empty}: has no dated entries; every score is 0." in result.stderr
    assert all(s == {"precision": 0.0, "recall": 0.0, "f1": 0.0} for s in json.loads(result.stdout)["scores"].values())


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: None, "Error: {p}: no such file"),
        (lambda p: p.mkdir(), "Error: {p}: is a folder; give a timeline file (timeline.json or tilse text)"),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00"), "Error: {p}: is a binary file, not a timeline"),
        (lambda p: p.write_text('{"entries": '), "Error: {p}: looks like JSON but is not valid (line 1, column 13"),
        (lambda p: p.write_text("Some prose without dates.\n"), "Error: {p}, line 1: text outside a dated block"),
        (lambda p: p.write_text(""), "Error: {p}: has no dated entries, so there is nothing to score against"),
    ],
    ids=["missing", "folder", "binary", "bad-json", "not-tilse", "empty-gold"],
)
def test_eval_exits_1_with_a_clear_message_for_an_unreadable_gold_file(tmp_path, make, message):
    gold = tmp_path / "gold.txt"
    make(gold)
    result = invoke("eval", DATA / "pred.txt", gold)
    assert result.exit_code == 1
    assert result.stderr.startswith(message.format(p=gold))
    assert "Traceback" not in result.output


def test_eval_exits_1_for_an_unreadable_prediction(tmp_path):
    result = invoke("eval", tmp_path / "missing.json", DATA / "gold_a.txt")
    assert result.exit_code == 1
    assert result.stderr.strip() == f"Error: {tmp_path / 'missing.json'}: no such file"


def test_eval_without_gold_is_a_usage_error():
    result = invoke("eval", DATA / "pred.txt")
    assert result.exit_code == 2
    assert "Missing argument" in result.output
