"""`dateline build --dates/--sentences/--query` shape the timeline."""

import json

from typer.testing import CliRunner

from dateline.cli import app

runner = CliRunner()


def test_build_on_the_sample_honours_dates_and_sentences(tmp_path):
    result = runner.invoke(app, ["build", "--sample", "--out", str(tmp_path), "--dates", "4", "--sentences", "1", "-q"])
    assert result.exit_code == 0, result.output
    entries = json.loads((tmp_path / "timeline.json").read_text())["entries"]
    assert len(entries) == 4 and all(len(e["summary"]) == 1 for e in entries)


def test_build_with_a_query_cites_only_reports_holding_its_words(tmp_path):
    result = runner.invoke(app, ["build", "--sample", "--out", str(tmp_path), "--query", "arsenic wells", "-q"])
    assert result.exit_code == 0, result.output
    data = json.loads((tmp_path / "timeline.json").read_text())
    texts = {a["id"]: a["text"].casefold() for a in data["articles"]}
    cited = {s["article"] for e in data["entries"] for s in e["sources"]}
    assert cited and all("arsenic" in texts[a] and "well" in texts[a] for a in cited)
    assert len(cited) < len(texts)


def test_zero_dates_is_refused_as_wrong_usage(tmp_path):
    result = runner.invoke(app, ["build", "--sample", "--out", str(tmp_path), "--dates", "0"])
    assert result.exit_code == 2
