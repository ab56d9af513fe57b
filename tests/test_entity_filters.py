"""Clean entities and filters that find a person: on our own example reports, the sample and the coalition.

The filters (the page's entity select, the events' ``entities`` in
timeline.json, the served UI's ``entity=``) offer no dates, no words shouted
in capitals beside their proper spelling, no entity of the wrong type, and
filtering by a quoted person finds their quotes and the dates they speak on.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from conftest import COALITION

from dateline.annotate.entities import _clean, merge_entities
from dateline.annotate.gazetteer import KNOWN_ACRONYMS
from dateline.config import Settings
from dateline.model import ArticleEntities, EntityMention, Timeline
from dateline.pipeline import run_build, sample_paths
from dateline.render.html import render_html
from dateline.story.events import SpeakerEntities
from dateline.web.views import TimelineView


def found_in(*articles: list[tuple[str, str]]) -> list[ArticleEntities]:
    """NER results for articles, each a list of (name, label), at made-up offsets."""
    out = []
    for k, names in enumerate(articles):
        aid = f"{k:016x}"
        out.append(ArticleEntities(aid, "test", tuple(EntityMention(aid, 20 * i, 20 * i + len(n), n, label)
                                                     for i, (n, label) in enumerate(names))))
    return out


def by_name(entities):
    return {e.name: e for e in entities}


# -- merging and typing, on names we made up ------------------------------------------------------


@pytest.mark.parametrize("date", ["Jan.22", "March 3", "3 March 2023", "Sept. 14, 2021", "Thursday", "2023"])
def test_a_date_ner_took_for_a_name_is_no_entity(date):
    found = merge_entities(found_in([(date, "ORG"), ("Oskvik Harbour Board", "ORG")]))
    assert [e.name for e in found] == ["Oskvik Harbour Board"]


def test_words_shouted_in_capitals_are_no_organisations_but_acronyms_stay():
    found = by_name(merge_entities(found_in(
        [("FERRIES", "ORG"), ("QX", "ORG"), ("UN", "ORG"), ("Northern Ferry Authority", "ORG"), ("NFA", "ORG"),
         ("OHB", "ORG")],
        [("OHB", "ORG")],
    )))
    assert "FERRIES" not in found and "QX" not in found  # a headline word; a stray letter pair in one report
    assert "UN" in found  # well known
    assert "NFA" in found["Northern Ferry Authority"].aliases  # spelled out in the pile
    assert "OHB" in found  # an acronym two reports use


def test_case_variants_merge_with_their_proper_spelling():
    found = by_name(merge_entities(found_in(
        [("Ines Vold", "PERSON"), ("Vold", "PERSON"), ("Oskvik", "GPE"), ("al-Harun Front", "ORG")],
        [("VOLD", "PERSON"), ("OSKVIK", "GPE"), ("Al-Harun Front", "ORG"), ("Al-Harun Front", "ORG")],
    )))
    assert set(found) == {"Ines Vold", "Oskvik", "Al-Harun Front"}
    assert len(found["Ines Vold"].mentions) == 3 and len(found["Oskvik"].mentions) == 2
    assert len(found["Al-Harun Front"].mentions) == 3


def test_a_surname_shouted_in_capitals_joins_the_person():
    found = by_name(merge_entities(found_in([("Ines Vold", "PERSON")], [("VOLD", "PERSON")])))
    assert set(found) == {"Ines Vold"} and len(found["Ines Vold"].mentions) == 2


@pytest.mark.parametrize("apostrophe", ["'", "’", "‘", "ʼ"])
def test_a_possessive_after_any_apostrophe_is_cut_from_the_name(apostrophe):
    assert _clean(f"Ines Vold{apostrophe}s") == "Ines Vold"


def test_an_anti_prefix_is_cut_from_the_name():
    assert _clean("anti-Harun") == "Harun"


def test_one_name_ner_keeps_mistyping_does_not_outvote_the_entitys_other_names():
    # "Harun" typed a place in one long report; its other names are an organisation's.
    found = merge_entities(found_in(
        [("Harun", "GPE")] * 6 + [("Harun", "ORG"), ("Harun Liberation Front", "ORG"), ("HLF", "ORG")],
        [("Harun Liberation Front", "ORG")],
    ), aliases={"Harun Liberation Front": ["Harun", "HLF"]})
    assert [(e.name, e.label) for e in found] == [("Harun Liberation Front", "ORG")]


def test_a_well_known_place_is_a_place_whatever_one_sentence_made_of_it():
    found = by_name(merge_entities(found_in([("Aleppo", "NORP"), ("Aleppo", "NORP"), ("Aleppo", "GPE")])))
    assert found["Aleppo"].label == "GPE"


def test_a_full_name_that_is_a_persons_makes_its_surname_a_person_too():
    found = by_name(merge_entities(found_in([("Ines Vold", "PERSON"), ("Ines Vold", "PERSON")],
                                            [("Vold", "GPE"), ("Vold", "GPE"), ("Vold", "GPE")])))
    assert found["Ines Vold"].label == "PERSON" and "Vold" in found["Ines Vold"].aliases


def test_a_speaker_is_the_one_person_named_by_their_surname():
    people = merge_entities(found_in([("Vold", "PERSON"), ("Arne Dahl", "PERSON"), ("Dahl", "PERSON")]))
    entity_of = SpeakerEntities(people)
    assert entity_of("Ines Vold") == "Vold"
    assert entity_of("Dahl") == "Arne Dahl"
    assert entity_of("Nobody Here") is None


# -- a pile we wrote: filtering by a quoted person finds the dates they speak on ---------------------

REPORTS = {
    "quay.txt": (
        "Title: Crane collapse shuts Oskvik quay\nOutlet: Fjord Times\nPublished: 2023-05-03\n\n"
        "OSKVIK, May 3, 2023 - Mayor Anna Berg closed the northern quay of Oskvik on Monday after a crane "
        "collapsed onto a moored ferry, the port authority said.\n\n"
        "\u201cWe will not reopen the quay until every crane on it has been inspected,\u201d she told reporters "
        "on Tuesday.\n\n"
        "Engineers from the harbour board began the inspection on Wednesday and expect to finish within a week.\n"
    ),
    "ferries.txt": (
        "Title: Ferries move to the southern quay\nOutlet: Coastal Herald\nPublished: 2023-05-05\n\n"
        "OSKVIK, May 5, 2023 - Ferries to the islands moved to the southern quay of Oskvik on Thursday, two days "
        "after a crane fell onto a moored ferry at the northern quay.\n\n"
        "Lars Holm, who runs the ferry company, said on Thursday that crossings would take ten minutes longer "
        "until the northern quay reopens.\n"
    ),
}


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return run_build([str(folder)], Settings()).timeline


def test_the_date_a_person_speaks_on_lists_them_though_the_sentence_says_she(written):
    [quote] = [q for q in written.quotes if q.text.startswith("We will not reopen")]
    assert quote.speaker == "Anna Berg"
    said = quote.sources[0]
    spoken = [e for e in written.events
              if any(s.ref.article == said.article and s.ref.start <= said.start < s.ref.end for s in e.sentences)]
    assert spoken and all("Anna Berg" in e.entities for e in spoken)
    assert_speakers_found(written)


# -- the sample and the coalition ---------------------------------------------------------------------

DATE_LIKE = re.compile(r"\d|^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s*\d", re.I)


def filter_options(html: str) -> dict[str, str]:
    """The page's entity filter: option value -> name."""
    select = re.search(r'<select id="filter-entity".*?</select>', html, re.S)
    assert select
    return dict(re.findall(r'<option value="(\d+)">([^<]*)</option>', select.group(0)))


def assert_clean_filters(timeline: Timeline, types: dict[str, str]) -> None:
    names = list(filter_options(render_html(timeline)).values())
    assert not [n for n in names if DATE_LIKE.search(n) and not re.search(r"[A-Za-z]{3,}\s+\d+$", n)], names
    shouted = [n for n in names if n.isupper() and n not in KNOWN_ACRONYMS]
    assert not shouted, shouted
    folded = defaultdict(list)
    for n in names:
        folded[n.casefold()].append(n)
    assert all(len(v) == 1 for v in folded.values()), folded
    entity = {n.casefold(): e for e in timeline.entities for n in (e.name, *e.aliases)}
    assert {n: entity[n.casefold()].label for n in types} == types


def assert_speakers_found(timeline: Timeline) -> None:
    """Every quoted person: the page's entity filter shows each of their quotes and each date they speak on,
    and the served UI's entity filter returns those dates."""
    html = render_html(timeline)
    options = {name: value for value, name in filter_options(html).items()}
    entity_of = SpeakerEntities(timeline.entities)
    view = TimelineView(timeline)
    spoken_on: dict[str, set[str]] = defaultdict(set)  # speaker entity -> entry values they speak in
    for entry in timeline.entries:
        for ref in entry.sources:
            for q in timeline.quotes:
                if q.speaker and any(s.article == ref.article and ref.start <= s.start < ref.end for s in q.sources):
                    spoken_on[entity_of(q.speaker) or q.speaker].add(entry.value)
    entries = dict(re.findall(r'<li class="entry"[^>]*data-value="([^"]*)"[^>]*data-n="([^"]*)"', html))
    for speaker in {q.speaker for q in timeline.quotes if q.speaker}:
        name = entity_of(speaker)
        assert name is not None, speaker  # every quoted person is an entity the filter offers
        value = options[name]
        [block] = re.findall(rf'<h3>{re.escape(speaker)}\b.*?</div>', html, re.S)
        marked = re.findall(r'<li class="quote"[^>]*data-n="([^"]*)"', block)
        assert marked and all(value in m.split() for m in marked), speaker
        for day in spoken_on.get(name, ()):
            assert value in entries[day].split(), (name, day)
        served = {e.value for e in view.timeline(entity=name).entries}
        assert spoken_on.get(name, set()) <= served, name


@pytest.fixture(scope="module")
def sample():
    return run_build(sample_paths(), Settings()).timeline


@pytest.fixture(scope="module")
def coalition_timeline():
    if not COALITION.is_dir():
        pytest.skip(f"{COALITION} is not present")
    return run_build([str(COALITION)], Settings()).timeline


def test_the_sample_filters_offer_no_date_no_shouted_duplicate_and_the_right_types(sample):
    assert_clean_filters(sample, {"Nadia Ferreol": "PERSON", "Ottilie Brannagh": "PERSON", "Kessling": "GPE",
                                  "Dunmere": "GPE", "Corvane Minerals": "ORG"})


def test_filtering_the_sample_by_each_quoted_person_finds_their_quotes_and_dates(sample):
    assert_speakers_found(sample)


def test_the_coalition_filters_offer_no_date_no_shouted_duplicate_and_the_right_types(coalition_timeline):
    assert_clean_filters(coalition_timeline, {"Daesh": "ORG", "ISIL": "ORG", "Aleppo": "GPE", "Brussels": "GPE",
                                              "Washington": "GPE", "Mike Pompeo": "PERSON", "Kerry": "PERSON"})
    entity = {n: e.name for e in coalition_timeline.entities for n in (e.name, *e.aliases)}
    assert entity["Kerry"] == "John Kerry" and entity["Trump"] == "Donald Trump"
    names = {n for e in coalition_timeline.entities for n in (e.name, *e.aliases)}
    assert not names & {"Jan.22", "WARPLANES", "AO", "KERRY", "BRUSSELS", "WASHINGTON", "Donald Trump‘s"}


def test_filtering_the_coalition_by_each_quoted_person_finds_their_quotes_and_dates(coalition_timeline):
    assert_speakers_found(coalition_timeline)


def test_the_coalition_names_at_least_four_outlets_each_with_its_evidence(coalition_timeline):
    named = {a.outlet.name: a.outlet for a in coalition_timeline.articles if a.outlet.name}
    assert len(named) >= 4, named
    assert all(o.evidence and o.how != "none" and o.confidence > 0 for o in named.values())
    unknown = [a.outlet for a in coalition_timeline.articles if not a.outlet.name]
    assert all(o.reason for o in unknown)
    assert "of 0 named outlets" not in render_html(coalition_timeline)
