"""The outlet a report's own text and address name when its metadata does not (ingest/outlets.py)."""

from __future__ import annotations

import pytest

from dateline.ingest import clean, outlets
from dateline.ingest.article import outlet
from dateline.model import CleanText, DroppedLine, DropReason

BODY = ("The harbour authority closed the northern quay on Tuesday after a crane collapsed onto a moored "
        "ferry, officials said. Nobody was hurt, the port's operator added.")


@pytest.mark.parametrize(("text", "name", "evidence"), [
    (f"OSKVIK (Reuters) - {BODY}", "Reuters", "OSKVIK (Reuters) -"),
    (f"OSKVIK, May 3 (AP) — {BODY}", "AP", "OSKVIK, May 3 (AP) —"),
    (f"{BODY}\n\nRepairs will take a month. - AFP", "AFP", "- AFP"),
    (f"{BODY}\n\nRepairs will take a month, the operator said. – DW", "DW", "– DW"),
    (f"{BODY}\n\nThe Associated Press", "AP", "The Associated Press"),
])
def test_an_agency_credit_names_the_outlet_with_its_span(text, name, evidence):
    found = outlets.from_text(text)
    assert (found.name, found.how, found.evidence) == (name, "credit", evidence)
    assert found.span is not None and text[found.span[0]:found.span[1]] == evidence
    assert found.confidence == outlets.CONFIDENCE["credit"]


def test_a_dash_before_a_word_that_is_no_outlet_is_no_credit():
    found = outlets.from_text(f"{BODY}\n\nThe quay reopens in June - Tuesday at the earliest")
    assert found.name is None and found.how == "none" and found.reason == outlets.NO_OUTLET_REASON


def test_a_credit_naming_several_agencies_gives_the_first_less_surely_than_the_sites_own_menus():
    dropped = (DroppedLine("More stories from Harbour Wire", DropReason.AFTER_ARTICLE),
               DroppedLine("Skip to more Harbour Wire sites", DropReason.NAVIGATION))
    compiled = outlets.from_text(f"{BODY}\n\nab/cd (AFP, dpa)")
    assert (compiled.name, compiled.confidence) == ("AFP", outlets.CONFIDENCE["several-credited"])
    site = outlets.from_text(f"{BODY}\n\nab/cd (AFP, dpa)", dropped)
    assert (site.name, site.how, site.span) == ("Harbour Wire", "masthead", None)


def test_one_menu_line_names_a_known_outlet_but_an_unknown_name_needs_two():
    assert outlets.from_text(BODY, (DroppedLine("More stories from DW", DropReason.AFTER_ARTICLE),)).name == "DW"
    once = (DroppedLine("More stories from Harbour Wire", DropReason.AFTER_ARTICLE),)
    assert outlets.from_text(BODY, once).name is None


def test_a_sources_line_credits_its_first_source():
    found = outlets.from_text(f"{BODY}\n\nSources: Fjord Times and Coastal Herald")
    assert (found.name, found.how) == ("Fjord Times", "credit")
    assert found.confidence == outlets.CONFIDENCE["several-credited"]


def test_a_desk_line_the_cleaner_drops_still_names_the_outlet():
    page = ("Crane collapse shuts northern quay\n\nHarbourline9 Desk\n\n"
            f"OSKVIK, May 3: {BODY}\n\nThe operator said repairs would take a month and cost about 2 million crowns, "
            "and that ferries would use the southern quay until then.\n")
    cleaned = clean.clean_text(page)
    found = outlet({}, cleaned, None, "text", cleaned.text.strip())
    assert (found.name, found.how, found.evidence) == ("Harbourline9", "desk", "Harbourline9 Desk")


@pytest.mark.parametrize("line", ["News Desk", "Foreign Desk", "Our Web Desk"])
def test_a_desk_named_only_by_section_words_names_no_outlet(line):
    assert outlets.from_text(f"Crane collapse\n\n{line}\n\n{BODY}").name is None


@pytest.mark.parametrize(("line", "name"), [
    ("By Ingrid Falk, Fjord Times", "Fjord Times"),
    ("By Ingrid Falk | Reuters", "Reuters"),
    ("By Reuters", "Reuters"),
    ("By Ingrid Falk, Staff Reporter", None),
    ("By Ingrid Falk | March 9, 2023", None),
    ("By Ingrid Falk and Ole Brandt", None),
])
def test_a_byline_names_the_outlet_after_the_writer(line, name):
    found = outlets.from_text(f"Crane collapse\n\n{line}\n\n{BODY}")
    assert found.name == name
    assert found.how == ("byline" if name else "none")


@pytest.mark.parametrize(("url", "name", "confidence"), [
    ("https://www.reuters.com/world/crane-collapse-2023-05-03/", "Reuters", outlets.CONFIDENCE["known-host"]),
    ("https://edition.cnn.com/2023/05/03/crane", "CNN", outlets.CONFIDENCE["known-host"]),
    ("https://m.fjordtimes.example/news/crane", "fjordtimes.example", outlets.CONFIDENCE["host"]),
])
def test_a_host_names_a_known_outlet_or_stays_itself(url, name, confidence):
    found = outlets.from_text(BODY, (), url)
    assert (found.name, found.how, found.evidence, found.confidence) == (name, "url", url, confidence)


def test_metadata_beats_a_credit_and_a_credit_beats_a_host():
    text = f"OSKVIK (Reuters) - {BODY}"
    cleaned = CleanText(text=text)
    stated = outlet({"outlet": "Fjord Times"}, cleaned, "https://www.cnn.com/x", "text", text)
    assert (stated.name, stated.how) == ("Fjord Times", "metadata")
    assert outlet({}, cleaned, "https://www.cnn.com/x", "text", text).name == "Reuters"
    assert outlet({}, CleanText(text=BODY), "https://www.cnn.com/x", "text", BODY).name == "CNN"
