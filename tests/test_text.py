"""The one sentence splitter, abbreviation table and word tokeniser (dateline.text)."""

from __future__ import annotations

import pytest

from dateline.text import (
    ABBREVIATIONS,
    LINE_STOPS,
    NAME_JOINERS,
    ends_sentence,
    is_abbreviation,
    sentence_spans,
    word_spans,
    words,
)


def sentences(text: str, **options: bool) -> list[str]:
    return [text[a:b] for a, b in sentence_spans(text, **options)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("DUNMERE, Mar. 9: Forty-four were hurt. Then rain.", ["DUNMERE, Mar. 9: Forty-four were hurt.", "Then rain."]),
        ("Mr. Vey met Dr. Barrow. They spoke.", ["Mr. Vey met Dr. Barrow.", "They spoke."]),
        ("Lt. Col. Aster and Maj. Ruhl arrived. Rain fell.", ["Lt. Col. Aster and Maj. Ruhl arrived.", "Rain fell."]),
        ("Adm. Vance and Cmdr. Oake agreed. Talks ended.", ["Adm. Vance and Cmdr. Oake agreed.", "Talks ended."]),
        ("They climbed Mt. Kenya on Sept. 14. It snowed.", ["They climbed Mt. Kenya on Sept. 14.", "It snowed."]),
        ("Acme Inc. Chief Ola Ness quit. Shares fell.", ["Acme Inc. Chief Ola Ness quit.", "Shares fell."]),
        ("The U.N. Security Council met. It agreed.", ["The U.N. Security Council met.", "It agreed."]),
        ("U.S. and U.K. Officials met. Nothing changed.", ["U.S. and U.K. Officials met.", "Nothing changed."]),
        ("Room No. 10 Downing was shut. Staff left.", ["Room No. 10 Downing was shut.", "Staff left."]),
    ],
)
def test_abbreviations_do_not_end_a_sentence(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr. Vey met J. Barrow. They spoke.", ["Mr. Vey met J. Barrow.", "They spoke."]),
        ("The report by A. B. Keel came out. It was long.", ["The report by A. B. Keel came out.", "It was long."]),
    ],
)
def test_initials_do_not_end_a_sentence(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ('"We will stay," she said. "Always." Next.', ['"We will stay," she said.', '"Always."', "Next."]),
        ("She said: “Go.” Then he went.", ["She said: “Go.”", "Then he went."]),
        ("(He did.) After that, rain.", ["(He did.)", "After that, rain."]),
        ("He called it ‘a disgrace.’ The mayor agreed.", ["He called it ‘a disgrace.’", "The mayor agreed."]),
    ],
)
def test_quotes_and_brackets_closing_after_the_stop_stay_with_the_sentence(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Prices rose 3.5 per cent. Then fell.", ["Prices rose 3.5 per cent.", "Then fell."]),
        ("It cost $1.2 billion. Few paid.", ["It cost $1.2 billion.", "Few paid."]),
        ("Turnout was 64.1%. 2,000 voted late.", ["Turnout was 64.1%.", "2,000 voted late."]),
    ],
)
def test_decimals_do_not_split_and_a_figure_can_start_a_sentence(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He paused... Then he left.", ["He paused...", "Then he left."]),
        ("He paused… Then he left.", ["He paused…", "Then he left."]),
        ("Wait... and then it broke.", ["Wait... and then it broke."]),
        ("It gave way shortly after 10 a.m. on Thursday.", ["It gave way shortly after 10 a.m. on Thursday."]),
        ("It gave way at 10 a.m. Several were hurt.", ["It gave way at 10 a.m.", "Several were hurt."]),
        ("Is it over? Yes! Done.", ["Is it over?", "Yes!", "Done."]),
    ],
)
def test_ellipses_and_lowercase_continuations(text, expected):
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Dam bursts at Dunmere\n\nThe dam burst on Monday. Water poured out.",
         ["Dam bursts at Dunmere", "The dam burst on Monday.", "Water poured out."]),
        ("Relief fund agreed\n  \nDonors met on Friday", ["Relief fund agreed", "Donors met on Friday"]),
        ("A first line\nwraps onto a second. End.", ["A first line\nwraps onto a second.", "End."]),
        ("", []),
        ("  \n\n  ", []),
    ],
)
def test_a_headline_without_a_stop_is_a_sentence_and_no_sentence_crosses_a_paragraph(text, expected):
    assert sentences(text) == expected


def test_spans_point_into_the_text_and_can_cover_part_of_it():
    text = "Skip this. Mr. Vey met J. Barrow. They spoke. Not this."
    start, end = text.index("Mr."), text.index(" Not")
    spans = sentence_spans(text, start, end)
    assert [text[a:b] for a, b in spans] == ["Mr. Vey met J. Barrow.", "They spoke."]
    assert all(start <= a < b <= end for a, b in spans)


def test_lines_option_makes_every_line_a_passage():
    text = "KESSLING - Reuters\nThe dam burst. Water poured out\n- AP"
    assert sentences(text) == ["KESSLING - Reuters\nThe dam burst.", "Water poured out\n- AP"]
    assert sentences(text, lines=True) == ["KESSLING - Reuters", "The dam burst.", "Water poured out", "- AP"]


def test_clauses_option_ends_a_piece_at_a_semicolon():
    text = '"We stay," she said; he left. Next.'
    assert sentences(text) == ['"We stay," she said; he left.', "Next."]
    assert sentences(text, clauses=True) == ['"We stay," she said;', "he left.", "Next."]


def test_the_abbreviation_table_is_the_union_of_the_old_lists():
    listed = {word for group in ABBREVIATIONS.values() for word in group}
    for word in ("Maj", "Mt", "Cmdr", "Adm", "Jr", "U.N", "U.S", "Sept", "Rev", "Nos", "Corp"):
        assert word in listed
    for word in listed:
        text = f"See {word}. Then"
        assert is_abbreviation(text, text.index(". Then")), word


@pytest.mark.parametrize(
    "text, stop, expected",
    [
        ("Mr. Keel", 2, True),
        ("J. Barrow", 1, True),
        ("the U.K. Officials", 7, True),
        ("at 10 a.m. Several", 9, False),
        ("It ended. Then", 8, False),
        ("Is it? Yes", 5, False),
    ],
)
def test_is_abbreviation(text, stop, expected):
    assert is_abbreviation(text, stop) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Protesters occupied the square on Friday.", True),
        ('"We will stay," she said.', True),
        ("He said it was over. ”", True),
        ("They left (for good).", True),
        ("Is it over?", True),
        ("Dam bursts at Dunmere", False),
        ("Read more:", False),
        ("Photo: Reuters", False),
    ],
)
def test_ends_sentence(text, expected):
    assert ends_sentence(text) is expected


@pytest.mark.parametrize("text", ["Read more:", "Items below;", "新闻。", "She said so…"])
def test_a_line_of_a_page_may_also_end_at_a_colon_semicolon_or_cjk_stop(text):
    assert ends_sentence(text, stops=LINE_STOPS)


@pytest.mark.parametrize(
    "text, options, expected",
    [
        ("O'Neill's well-known co_op, 3.5 km", {}, ["O", "Neill", "s", "well", "known", "co_op", "3", "5", "km"]),
        ("O'Neill’s Jean-Paul, 3.5 km", {"inner": NAME_JOINERS}, ["O'Neill’s", "Jean-Paul", "3", "5", "km"]),
        ("Route 66 and A1 roads_x", {"letters": True}, ["Route", "and", "A", "roads", "x"]),
        ("Zürich, Besançon and Ålesund", {}, ["Zürich", "Besançon", "and", "Ålesund"]),
        ("— ... !", {}, []),
    ],
)
def test_words(text, options, expected):
    assert words(text, **options) == expected
    assert [text[a:b] for a, b in word_spans(text, **options)] == expected
