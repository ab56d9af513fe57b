"""A sentence on the timeline keeps its quote marks whole, and a quote attributed only to a pronoun is not chosen."""

import datetime as dt

import pytest

import dateline
from dateline.annotate.sentences import MAX_QUOTE_PIECES, split, unbalanced_quote
from dateline.model import EventDateHow, Period
from dateline.story.events import Candidate
from dateline.story.select import is_choosable, pronoun_quote, select


def _texts(text: str) -> list[str]:
    return [text[a:b] for a, b in split(text)]


def test_a_quote_over_two_sentences_is_one_sentence_that_starts_at_its_opening_mark():
    text = ('The harbour master spoke at noon. "We lost two boats. Nobody was aboard either of them," '
            'Harbour Master Ilka Brenn said. The port reopened later.')
    assert _texts(text) == [
        "The harbour master spoke at noon.",
        '"We lost two boats. Nobody was aboard either of them," Harbour Master Ilka Brenn said.',
        "The port reopened later.",
    ]


def test_curly_quotes_over_three_sentences_stay_together():
    text = "“The road is shut. The bridge is gone. We wait,” said Oren Talby, the county engineer."
    assert _texts(text) == [text]


def test_a_quote_never_joins_sentences_across_a_paragraph_break():
    text = '"We start on Monday. The crews are ready.\n\n"It will take a month," Talby said.'
    spans = _texts(text)
    assert spans[-1] == '"It will take a month," Talby said.'
    assert all("\n" not in s for s in spans)


def test_a_mark_that_never_closes_does_not_swallow_the_paragraph():
    pieces = [f"Sentence number {i} is here." for i in range(MAX_QUOTE_PIECES + 2)]
    text = '"' + " ".join(pieces)
    assert len(_texts(text)) == len(pieces)


def test_apostrophes_are_not_quote_marks():
    text = "The mill’s owner left. Its workers’ pay stopped. They're angry."
    assert len(_texts(text)) == 3


@pytest.mark.parametrize("sentence", [
    'We should have acted on them," he said.',
    "“The water is rising.",
    "The water is rising.” She left.",
])
def test_a_piece_of_a_quote_without_its_other_mark_is_unbalanced(sentence):
    assert unbalanced_quote(sentence)
    assert not is_choosable(sentence)


@pytest.mark.parametrize("sentence", [
    "“Ask me on Friday,” she said.",
    '"We will rebuild," he added later.',
    "“Not yet,” they said. “Maybe in spring.”",
])
def test_a_quote_attributed_only_to_a_pronoun_is_not_choosable(sentence):
    assert pronoun_quote(sentence)
    assert not is_choosable(sentence)


@pytest.mark.parametrize("sentence", [
    "“Ask me on Friday,” said Mayor Ilka Brenn.",
    "She said the ferry would run again on Friday.",
    '"We will rebuild," he told the council on Friday.',
    'The company said it had "no record" of the warning.',
])
def test_a_named_speaker_or_reported_speech_stays_choosable(sentence):
    assert is_choosable(sentence)


def _candidate(text: str, day: int, group: str) -> Candidate:
    return Candidate(text=text, period=Period.day(dt.date(2024, 5, day)), how=EventDateHow.MENTIONED, group=group)


def test_selection_passes_over_a_pronoun_quote_and_drops_a_date_that_only_has_one():
    candidates = [
        _candidate("The ferry across the Lune sank on Monday with four crew aboard.", 6, "a"),
        _candidate("“We were lucky,” she said.", 6, "b"),
        _candidate("“Ask me on Friday,” she said.", 10, "a"),
    ]
    entries = select(candidates)
    assert [e.date for e in entries] == [dt.date(2024, 5, 6)]
    assert entries[0].summary == ("The ferry across the Lune sank on Monday with four crew aboard.",)


REPORT = """Title: Ferry sinks on the Lune
Published: 2024-05-07

ARNSIDE, May 7 - A ferry sank on the river Lune on Monday morning with four crew aboard, all of whom were rescued by a fishing boat, the harbour authority said on Tuesday.

"We heard the engine stop. Then the water came in over the stern," said Tam Ordell, the ferry's skipper, who was the last to leave the boat on Monday.

The harbour authority said divers would inspect the wreck on Wednesday. "It will take us a week to know why she went down," she said.

A spokesperson for the ferry company said services would resume on Friday with a chartered boat.
"""


def test_no_sentence_on_a_built_timeline_starts_inside_a_quote_or_leans_on_a_pronoun(tmp_path):
    (tmp_path / "ferry.txt").write_text(REPORT, encoding="utf-8")
    timeline = dateline.build([str(tmp_path)], dateline.Settings(workers=1))
    shown = [s for e in timeline.entries for s in e.summary]
    assert shown
    assert all(is_choosable(s) for s in shown), shown
    assert any(s.startswith('"We heard the engine stop. Then the water came in') for s in
               (timeline.articles[0].text[a:b] for a, b in split(timeline.articles[0].text)))
