"""The TempEval-3 benchmark (bench/tempeval.py) on a tiny TimeML document written here (tests/data/tempeval).

Scoring, error classes and kinds, HeidelTime's TimeML output mapped back to offsets, and the command line
of ``bench/timex.py --tempeval``. Nothing here starts a JVM: HeidelTime's output is written by hand.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import pathlib
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data" / "tempeval"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


tempeval = _load("tempeval")
heideltime = sys.modules["tempeval_heideltime"]
kinds = sys.modules["tempeval_kinds"]


@pytest.fixture(scope="module")
def doc():
    return tempeval.load_document(DATA / "harbour.tml")


def _at(doc, words: str, type_: str, value: str | None):
    start = doc.text.index(words)
    return tempeval.Timex(start, start + len(words), type_, value, words)


def test_the_text_is_the_timeml_text_with_tags_stripped_and_entities_unescaped(doc):
    assert doc.dct == dt.date(2021, 6, 10)
    assert "Smith & Sons" in doc.text and "<" not in doc.text
    assert [(g.text, g.type, g.value) for g in doc.gold] == [
        ("yesterday", "DATE", "2021-06-09"),
        ("three-day", "DURATION", "P3D"),
        ("the first quarter", "DATE", "2021-Q1"),
        ("now", "DATE", "PRESENT_REF"),
        ("every morning", "SET", "P1D"),
        ("Friday evening", "TIME", "2021-06-11TEV"),
    ]
    assert all(doc.text[g.start:g.end] == g.text for g in doc.gold)


@pytest.fixture(scope="module")
def run(doc):
    predictions = [
        _at(doc, "yesterday", "DATE", "2021-06-09"),  # right
        _at(doc, "three-day", "DATE", "2021-06-07"),  # a duration read as a date
        _at(doc, "first quarter", "DATE", "2021-Q2"),  # found, wrong value
        _at(doc, "Friday", "TIME", "2021-06-11TEV"),  # a second piece of "Friday evening"
        _at(doc, "evening", "TIME", "2021-06-11TEV"),  # right (overlaps "Friday evening" most)
        _at(doc, "Ticket sales", "DATE", "2021"),  # spurious
    ]  # "now" is missed
    return tempeval.Run("fake", "fake", predictions={doc.name: predictions})


def test_scores_are_tempeval_relaxed_span_value_accuracy_and_value_f1(doc, run):
    s = tempeval.score([doc], run)
    assert (s["gold"], s["predicted"]) == (4, 6)
    assert s["span_p"] == pytest.approx(5 / 6) and s["span_r"] == pytest.approx(3 / 4)
    assert s["value_accuracy"] == pytest.approx(2 / 3)
    assert s["value_p"] == pytest.approx(2 / 6) and s["value_r"] == pytest.approx(2 / 4)
    assert s["value_f1"] == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))
    assert s["per_type"]["DURATION"] == {"gold": 1, "found": 1, "typed": 0, "valued": 0}
    assert s["per_type"]["SET"] == {"gold": 1, "found": 0, "typed": 0, "valued": 0}


def test_every_error_has_a_class_and_a_kind_and_the_classes_add_up(doc, run):
    found = {(e.cls, e.kind) for e in tempeval.errors([doc], run)}
    assert found == {
        ("missed", "vague reference"),
        ("wrong value", "quarter/half"),
        ("not a date", "duration"),
        ("spurious", "year phrase"),
        ("split", "part of day/clock time"),
    }
    table = "\n".join(tempeval.error_table([doc], [run]))
    assert "| **all** | 1 / 1 / 1 / 1 / 1 |" in table


@pytest.mark.parametrize(
    ("text", "type_", "value", "kind"),
    [
        ("these days", "DATE", "PRESENT_REF", "vague reference"),
        ("a year ago", "DATE", "2020-Q2", "quarter/half"),
        ("a year ago", "DATE", "2020", "year phrase"),
        ("the second half", "DATE", "2021-H2", "quarter/half"),
        ("this weekend", "DATE", "2021-W23-WE", "week/weekend"),
        ("Tuesday night", "TIME", "2021-06-08TNI", "part of day/clock time"),
        ("on Tuesday", "DATE", "2021-06-08", "weekday"),
        ("Aug. 14", "DATE", "2021-08-14", "month(-day) without year"),
        ("Aug. 14, 2019", "DATE", "2019-08-14", "full date"),
        ("fiscal 2020", "DATE", "2020", "year phrase"),
        ("twice a year", "SET", "P1Y", "set"),
        ("the day before yesterday", "DATE", "2021-06-08", "day reference"),
    ],
)
def test_kinds_come_from_the_text_type_and_value(text, type_, value, kind):
    assert kinds.kind_of(text, type_, value) == kind


HEADER = '<?xml version="1.0"?>\n<!DOCTYPE TimeML SYSTEM "TimeML.dtd">\n<TimeML>\n'


def test_heideltime_timeml_gives_offsets_in_the_text_it_was_given():
    text = "\nTalks ended on Monday & resume <today>.\n"
    timeml = (HEADER + '\nTalks ended on <TIMEX3 tid="t1" type="DATE" value="2021-06-07">Monday</TIMEX3> & '
              'resume <<TIMEX3 tid="t2" type="DATE" value="PRESENT_REF">today</TIMEX3>>.\n\n</TimeML>\n')
    found, unplaced = heideltime.parse_timeml(timeml, text)
    assert unplaced == 0
    assert [(text[f.start:f.end], f.type, f.value) for f in found] == [
        ("Monday", "DATE", "2021-06-07"),
        ("today", "DATE", "PRESENT_REF"),
    ]


def test_heideltime_offsets_survive_a_text_that_came_back_changed():
    text = "The vote  is on Friday, not Monday."
    timeml = (HEADER + 'The vote is on <TIMEX3 tid="t1" type="DATE" value="2021-06-11">Friday</TIMEX3>, not '
              '<TIMEX3 tid="t2" type="DATE" value="2021-06-07">Monday</TIMEX3>.\n</TimeML>\n')
    found, unplaced = heideltime.parse_timeml(timeml, text)
    assert unplaced == 0
    assert [text[f.start:f.end] for f in found] == ["Friday", "Monday"]


def test_timex_py_tempeval_is_the_command_and_writes_the_tables_with_machine_and_command(tmp_path, monkeypatch):
    timex = _load("timex")
    out = tmp_path / "tempeval.md"
    monkeypatch.syspath_prepend(str(ROOT / "src"))
    code = timex.main(["--tempeval", str(DATA), "--systems", "dateline", "--markdown-out", str(out)])
    assert code == 0
    written = out.read_text(encoding="utf-8")
    header = written.splitlines()[0]
    assert header.startswith("`python bench/timex.py --tempeval ") and "--systems dateline" in header
    assert "cores" in header and "load average" in header
    assert "| value accuracy | value F1 |" in written and "net of start-up" in written
    assert "Errors by kind" in written
