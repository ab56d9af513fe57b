"""Figures: numeric facts, what they count, when they hold, and where sources disagree.

Every example text here is invented for these tests (the Republic of Osk and
its ferries, floods and coalitions are fiction), except the two end-to-end
checks on the bundled sample corpus and on the real coalition reports.
"""

import datetime as dt
import itertools
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from dateline.annotate.figures import find_figures, series
from dateline.model import (
    Article,
    Copy,
    DateHow,
    FigureDateHow,
    FigureMention,
    Granularity,
    Origin,
    Outlet,
    Period,
    PublishedDate,
)
from dateline.pipeline import SAMPLE_DIR, dated_sentences, run_build

PUBLISHED = dt.date(2021, 6, 10)  # a Thursday
GOLD = Path(SAMPLE_DIR).parent / "gold" / "gold.json"


def timex(period: Period | None) -> str | None:
    """A figure's date as its TIMEX3 value (how the tests below write dates)."""
    return period.timex if period else None


def article(text, published=PUBLISHED, title=None, id="a1", earliest=None, latest=None):
    """A report and its timex-dated sentences, as the pipeline hands them over."""
    pub = (PublishedDate(published, DateHow.METADATA, 1.0) if published
           else PublishedDate(None, DateHow.SHARED_PASSAGE, 0.5, earliest=earliest, latest=latest))
    a = Article(id=id, origin=Origin(f"{id}.txt"), outlet=Outlet(None, "none"), title=title, text=text, published=pub)
    return a, dated_sentences(a)


def figures(text, **kw):
    return find_figures(*article(text, **kw))


def only(text, **kw):
    [figure] = figures(text, **kw)
    return figure


# --- number shapes, units and qualifiers ----------------------------------------------------


@pytest.mark.parametrize("text, value, unit", [
    ("The ferry carried 1,482 passengers to Osk.", 1482, "people"),
    ("Forty-four people were injured in the crush.", 44, "people"),
    ("The flood destroyed 312 homes in Marrowick.", 312, "homes"),
    ("Officials counted 2000 troops at the border.", 2000, "people"),  # a four-digit count, not a year
    ("A dozen fishing boats sank in the harbour.", 12, "boats"),
    ("Rescuers pulled 1.5 million people from the water.", 1.5e6, "people"),
    ("The storm left half a million people without power.", 5e5, "people"),
    ("The council pledged $38 million for the harbour.", 38e6, "USD"),
    ("Vantrel raised its offer to $112m on Friday.", 112e6, "USD"),
    ("The port authority borrowed €4.5bn for the new quay.", 4.5e9, "EUR"),
    ("Donors gave 240 million dollars to the appeal.", 240e6, "USD"),
    ("The mayor set aside £3,500 for repairs.", 3500, "GBP"),
    ("The levy raised 900 million crowns in a year.", 9e8, "crowns"),
    ("Turnout reached 62 percent of the electorate.", 62, "percent"),
    ("Turnout reached 62 per cent of the electorate.", 62, "percent"),
    ("Turnout reached 60% of the electorate.", 60, "percent"),
    ("The spill covered 46 square kilometres of farmland.", 46, "km2"),
    ("The spill covered 46 sq km of farmland.", 46, "km2"),
    ("The spill covered 2 square miles of farmland.", 2, "mi2"),
    ("The fire burned 3,000 hectares of forest.", 3000, "ha"),
    ("The dam held 11 million cubic metres of water.", 11e6, "m3"),
    ("Divers searched 60 kilometres of river.", 60, "km"),
    ("Winds reached 140 km/h on the coast.", 140, "km/h"),
    ("Tests found lead at 12 times the legal limit.", 12, "times the limit"),
])
def test_numbers_in_digits_and_words_with_their_units(text, value, unit):
    figure = only(text)
    assert figure.value == pytest.approx(value)
    assert figure.unit == unit


@pytest.mark.parametrize("phrase, qualifier", [
    ("more than 300", "more than"), ("over 300", "more than"), ("nearly 300", "nearly"), ("almost 300", "nearly"),
    ("at least 300", "at least"), ("fewer than 300", "fewer than"), ("less than 300", "less than"),
    ("about 300", "about"), ("around 300", "about"), ("some 300", "about"), ("roughly 300", "about"),
    ("an estimated 300", "about"), ("up to 300", "up to"), ("as many as 300", "up to"), ("300 or so", "about"),
    ("300", None),
])
def test_qualifiers_are_normalised(phrase, qualifier):
    figure = only(f"Police said {phrase} people were evacuated from Marrowick.")
    assert (figure.value, figure.qualifier) == (300, qualifier)
    assert figure.text.startswith(phrase.split()[0])  # the span includes the qualifier


@pytest.mark.parametrize("text, value, qualifier", [
    ("The relief fund has been backed by more than two dozen governments.", 24, "more than"),
    ("Nearly two dozen countries have joined the Osk coalition.", 24, "nearly"),
    ("Ferry bookings have fallen by almost half since the strike began.", 50, "nearly"),
    ("The militia has lost more than one-third of the territory it held.", 33.33, "more than"),
])
def test_approximate_words_become_values(text, value, qualifier):
    figure = only(text)
    assert (round(figure.value, 2), figure.qualifier) == (value, qualifier)


def test_the_span_covers_the_qualifier_the_number_and_what_it_counts():
    text = "At least 41 people were injured when the pier gave way."
    figure = only(text)
    assert text[figure.start:figure.end] == figure.text == "At least 41 people"


def test_numbers_inside_quotes_are_facts_too():
    figure = only('"We have lost 40 homes in one night," the mayor of Marrowick said.')
    assert (figure.value, figure.measure) == (40, "homes")


# --- what is counted --------------------------------------------------------------------------


@pytest.mark.parametrize("text, measure", [
    ("At least 41 people were injured when the pier gave way.", "people injured"),
    ("Nine passengers were hurt in the collision.", "passengers injured"),
    ("The airstrike killed 33 civilians at a school in Dorvik.", "civilians killed"),
    ("The storm has killed at least 11 people.", "people killed"),
    ("Eleven people have been confirmed dead.", "people killed"),
    ("Divers recovered two bodies, raising the death toll to 14.", "people killed"),
    ("Search teams found a boat, bringing to 11 the number of people confirmed dead.", "people killed"),
    ("Rescuers said 20 are still missing.", "people missing"),
    ("By dawn, 4,800 people had been evacuated from Marrowick.", "people displaced"),
    ("Nearly 9,000 people are still unable to return home.", "people displaced"),
    ("About 3,000 residents were allowed back into Marrowick.", "people returned"),
    ("Marrowick, a town of 23,000 people, was cut off.", "population"),
    ("Police arrested 12 protesters outside the ministry.", "protesters arrested"),
    ("The Vantrel mine employs some 2,300 people.", "people employed"),
    ("Since March, 17 countries have joined the Osk coalition.", "coalition members"),
    ("Five more countries joined the Osk coalition on Wednesday.", "new coalition members"),
    ("Officials said at least four more countries had asked to join the coalition.", "countries asking to join"),
    ("The coalition pledged $38 million in emergency aid.", "coalition pledges"),
    ("Vantrel reported revenue of $1.9 billion.", "revenue"),
    ("The ministry agreed a $240 million fund to rebuild the quay.", "fund"),
    ("Herald readers have raised more than $61,000 for the families.", "donations"),
    ("Tests found that 62 percent of the wells sampled were unsafe.", "share of wells sampled"),
    ("Vantrel's shares have fallen 12 percent since the strike.", "fall in Vantrel shares"),
    ("Arsenic levels were up to 40 times the limit.", "arsenic level"),
    ("The slick now covers 46 square kilometres of farmland.", "area of farmland"),
    ("The quarry lies about 40 kilometres upstream of Marrowick.", "distance to Marrowick"),
    ("The army delivered 18 mobile water-treatment units.", "mobile water-treatment units"),
])
def test_measures_name_what_is_counted(text, measure):
    assert only(text).measure == measure


@pytest.mark.parametrize("text", [
    "The Osk relief coalition now has 79 members.",
    "Ministers from the 79-member Osk coalition met in Marrowick.",
    "There are 79 countries in the Osk coalition.",
    "The Osk coalition's 79 members met in Marrowick.",
    "The Osk coalition's membership rose to 79.",
    "The coalition was founded by 79 governments.",
])
def test_a_coalitions_size_has_one_measure_however_it_is_worded(text):
    figure = only(text)
    assert (figure.value, figure.measure, figure.unit) == (79, "coalition members", "countries")


@pytest.mark.parametrize("text, value, measure, unit", [
    ("79 members of the alliance met in Marrowick.", 79, "alliance members", "countries"),
    ("Delegates from the 79-nation alliance met in Marrowick.", 79, "alliance members", "countries"),
    ("Ministers of the 12-nation bloc met in Marrowick.", 12, "bloc members", "countries"),
    ("The union's 4,000 members voted to strike.", 4000, "union members", "people"),
    ("A 4,000-member union called the strike.", 4000, "union members", "people"),
    ("Nine members of the jury were sworn in.", 9, "jury members", "people"),
    ("The committee's 15 members will report in May.", 15, "committee members", "people"),
    ("A 3,000-strong force will deploy in May.", 3000, "force members", "people"),
])
def test_a_count_of_members_is_named_for_the_group_the_sentence_names(text, value, measure, unit):
    figure = only(text)
    assert (figure.value, figure.measure, figure.unit) == (value, measure, unit)


def test_a_synonym_for_the_group_a_report_is_about_names_that_group():
    found = figures("Ministers of the Osk coalition met in Marrowick on Monday.\n\n"
                    "The coalition said the 68-nation alliance remained united.")
    assert [(f.value, f.measure) for f in found] == [(68, "coalition members")]


def test_a_count_of_countries_belongs_to_a_union_of_states_not_to_a_body_of_people():
    # the report names a parliament more often than the coalition, but parliaments have no member countries
    found = figures("The parliament debated the relief plan. The parliament voted on Monday.\n\n"
                    "Officials said 12 countries now belong to the coalition, which has pledged $38 million.")
    assert [(f.value, f.measure) for f in found] == [(12, "coalition members"), (38e6, "coalition pledges")]


def test_members_of_no_group_the_report_names_are_named_for_themselves():
    figure = only("Delegates from 40 countries met in Marrowick.")
    assert (figure.value, figure.measure, figure.unit) == (40, "countries", "countries")


def test_a_bare_number_takes_the_measure_of_the_figure_it_continues():
    found = figures("The 12 countries that founded the Osk coalition on May 3 became 17 on June 15 and 23 "
                    "on July 27.", published=dt.date(2021, 8, 1))
    assert [(f.value, f.measure, timex_of(f.date)) for f in found] == [(12, "coalition members", "2021-05-03"),
                                                             (17, "coalition members", "2021-06-15"),
                                                             (23, "coalition members", "2021-07-27")]


def test_a_sum_without_a_word_for_it_takes_the_measure_the_article_gives_it():
    found = figures("The council agreed a $240 million fund on Monday.\n\n"
                    "Critics say $240 million over three years is not enough.")
    assert [f.measure for f in found] == ["fund", "fund"]


# --- what is not a fact ----------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "The pier was built in 1987 and rebuilt in 2016.",  # years
    "The ferry left Marrowick on 3 March and returned on March 9.",  # inside dates
    "The vigil starts at 7pm and the ferry leaves at 10 a.m.",  # times
    "Ilse Borrow, 71, has lived on the quay all her life.",  # an age
    "A 34-year-old driver was arrested.",
    "It was the worst storm of the 21st century.",  # an ordinal
    "For tickets call 0800 123 456 before noon.",  # a phone number
    "The office moved to 12 Harbour Road last spring.",  # an address
    "1,482 views",  # page furniture
    "Reach 9,000 readers with an advert in the Herald.",
    "Article 5 of the harbour treaty was invoked.",  # a section number
    "Marrowick won the cup final 3-1 after extra time.",  # a score
    "The talks lasted three hours and resumed after two days.",  # durations
    "The navy sent an F-16 escort.",  # a model name
    "One man shouted at the minister.",
    "Hundreds of people and dozens of boats joined thousands of volunteers.",  # vague
    "Channel 9's reporter was at the scene.",  # a name
    "The minister visited the two countries last spring.",  # a reference, not a count
    "A three-year plan was agreed.",
    "Two bridges and three roads were washed away.",  # small spelled-out counts of narrative things
])
def test_numbers_that_are_not_facts_are_skipped(text):
    assert figures(text) == []


def test_a_headline_is_not_a_source_of_figures():
    found = figures("44 hurt as Marrowick pier collapses\n\nForty-four people were injured on Thursday.",
                    title="44 hurt as Marrowick pier collapses")
    assert [f.text for f in found] == ["Forty-four people"]


def test_an_earlier_value_without_a_date_of_its_own_is_dropped():
    found = figures("Nearly 9,000 people are now out of their homes, up from 4,800 in the first days.")
    assert [f.value for f in found] == [9000]


def test_a_reference_value_in_a_comparison_is_not_a_new_fact():
    found = figures("The donors have now pledged $112 million, nearly three times the $38 million first promised.")
    assert [f.value for f in found] == [112e6]


# --- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, date, how", [
    ("At least 41 people were injured on Tuesday when the pier gave way.", "2021-06-08", "sentence"),
    ("On Monday, a coalition of 23 countries agreed a plan.", "2021-06-07", "sentence"),
    ("Vantrel reported revenue of $1.9 billion last year.", "2020", "sentence"),
    ("The 12 countries that met on June 1 became 17 on June 8.", "2021-06-01", "sentence"),
    # a date in an after/since clause is the cause, not the count's date
    ("Eleven people have been confirmed dead since the pier collapsed on May 30.", "2021-06-10", "published"),
    # a future date dates no count
    ("Ministers from the coalition's 12 member states meet tomorrow.", "2021-06-10", "published"),
    ("The pier has been shut since June 7, when tests found lead at 12 times the limit.", "2021-06-07", "sentence"),
])
def test_a_figure_takes_the_date_its_clause_gives(text, date, how):
    figure = figures(text)[0]
    assert (timex(figure.date), figure.date_how) == (date, FigureDateHow(how))


def test_a_participle_clause_takes_the_main_clauses_date():
    figure = only("Divers recovered two bodies on Saturday, raising the death toll from the storm to nine.")
    assert (figure.value, timex(figure.date)) == (9, "2021-06-05")


def test_without_a_date_of_its_own_a_figure_holds_for_the_day_the_story_reports():
    text = ("Ministers from the Osk coalition met in Marrowick on Wednesday to plan the clean-up.\n\n"
            "The coalition now has 17 members.")
    figure = only(text, published=dt.date(2021, 6, 10))
    assert (timex(figure.date), figure.date_how) == ("2021-06-09", FigureDateHow.STORY)


def test_a_running_toll_holds_for_the_day_it_was_reported_not_the_day_of_the_disaster():
    text = ("Divers searched the harbour on Wednesday.\n\n"
            "The collapse of the pier on May 30 killed at least nine people.")
    figure = only(text)
    assert (figure.value, timex(figure.date)) == (9, "2021-06-09")


def test_a_report_with_only_bounded_publication_dates_its_figures_by_the_week():
    figure = only("The coalition now has 17 members.", published=None,
                  earliest=dt.date(2021, 6, 8), latest=dt.date(2021, 6, 11))
    assert (timex(figure.date), figure.date_how) == ("2021-W23", FigureDateHow.PUBLISHED)


def test_an_undated_report_gives_undated_figures():
    figure = only("The coalition now has 17 members.", published=None)
    assert (figure.date, figure.date_how) == (None, FigureDateHow.NONE)


# --- series and disagreements ----------------------------------------------------------------------


def mention(value, date="2021-06-09", qualifier=None, measure="people injured", unit="people", article="a1",
            start=0):
    return FigureMention(article, start, start + 5, "x", value, unit, qualifier, measure,
                         Period.parse(date) if date else None, FigureDateHow.SENTENCE)


def test_the_same_measure_worded_differently_in_three_reports_is_one_figure():
    texts = ["Ministers from the 79-member Osk coalition met in Marrowick on Wednesday.",
             "On Wednesday, 79 countries in the Osk coalition met in Marrowick.",
             "The Osk coalition's 79 members met in Marrowick on Wednesday."]
    found = [m for i, t in enumerate(texts) for m in figures(t, id=f"r{i}")]
    figs, disagreements = series(found)
    assert len(figs) == 1 and len(figs[0].sources) == 3 and figs[0].origins == 3
    assert (figs[0].measure, figs[0].value, timex(figs[0].date)) == ("coalition members", 79, "2021-06-09")
    assert disagreements == []


def test_a_series_is_ordered_by_date_so_the_reader_sees_the_figure_move():
    found = [mention(23, "2021-03-27", measure="coalition members", unit="countries"),
             mention(12, "2021-03-03", measure="coalition members", unit="countries"),
             mention(40, None, measure="coalition members", unit="countries"),
             mention(17, "2021-03", measure="coalition members", unit="countries")]
    figs, _ = series(found)
    # a month sorts by its first day, before the days in it
    assert [(f.value, timex_of(f.date)) for f in figs] == [(17, "2021-03"), (12, "2021-03-03"), (23, "2021-03-27"),
                                                 (40, None)]


@pytest.mark.parametrize("a, b", [
    ((68, None), (69, None)),  # two counts of one meeting
    ((38, None), (41, "at least")),  # below a lower bound
    ((12, None), (17, None)),
    ((300, "fewer than"), (400, None)),
    ((100, "up to"), (120, None)),  # above an upper bound
    ((7000, "nearly"), (9000, None)),  # further below than "nearly" allows (NEARLY_SLACK)
    ((9000, "about"), (12000, None)),  # further than "about" allows (ABOUT_SLACK)
])
def test_values_the_qualifiers_cannot_reconcile_are_a_disagreement(a, b):
    _, disagreements = series([mention(*a[:1], qualifier=a[1], article="a1"),
                                  mention(*b[:1], qualifier=b[1], article="a2")])
    [d] = disagreements
    assert (d.kind, d.subject, timex_of(d.date)) == ("figure", "people injured", "2021-06-09")
    assert [(v.value, v.qualifier) for v in d.values] == [a, b]
    assert [len(v.sources) for v in d.values] == [1, 1]


@pytest.mark.parametrize("a, b", [
    ((60, "more than"), (68, None)),  # writers round round numbers
    ((41, "at least"), (44, None)),  # a lower bound agrees with any larger count (the README's promise)
    ((41, "at least"), (41, None)),
    ((41, "at least"), (60, "more than")),  # two lower bounds always agree
    ((100, "up to"), (3, None)),  # an upper bound agrees with any smaller count
    ((9000, "about"), (9800, None)),  # within ABOUT_SLACK
    ((9000, "about"), (9000, "nearly")),
    ((9000, "nearly"), (8700, None)),
    ((50, "nearly"), (46, None)),  # "fallen by almost half" and "lost 46 percent"
    ((100, "up to"), (80, None)),
    ((24, "nearly"), (23, None)),  # "nearly two dozen" and 23
])
def test_values_the_qualifiers_allow_are_not_a_disagreement(a, b):
    _, disagreements = series([mention(a[0], qualifier=a[1], article="a1"),
                               mention(b[0], qualifier=b[1], article="a2")])
    assert disagreements == []


def test_figures_of_different_dates_or_granularities_are_not_compared():
    found = [mention(12, "2021-06-03"), mention(17, "2021-06-04"), mention(23, "2021-06")]
    assert series(found)[1] == []


def test_a_measure_that_only_names_the_thing_counted_is_not_compared():
    assert series([mention(300, measure="people"), mention(310000, measure="people")])[1] == []


def test_areas_compare_across_units():
    found = [mention(5, qualifier="fewer than", measure="area held", unit="km2"),
             mention(2, qualifier="less than", measure="area held", unit="mi2", article="a2")]
    assert series(found)[1] == []
    found.append(mention(9, measure="area held", unit="km2", article="a3"))
    assert len(series(found)[1]) == 1


def test_copies_of_a_report_count_once():
    found = [mention(41, article="wire"), mention(41, article="reprint", start=10), mention(41, article="local")]
    [figure], _ = series(found, [Copy("reprint", "wire", 0.9)])
    assert (len(figure.sources), figure.origins) == (3, 2)


def test_mentions_without_a_measure_are_not_a_series():
    assert series([mention(5, measure=None)]) == ([], [])


# --- stories of other kinds: tests/data/figures/other_stories.jsonl ------------------------------------
# Hand-written, fictional reports of an earthquake, an election, a trial, a strike and an epidemic, each
# with every figure it must yield, the series they form and the disagreements among them. No rule of
# figures.py knows any of these subjects: they pass on general English alone.

OTHER_STORIES = [json.loads(line) for line in
                 (Path(__file__).parent / "data" / "figures" / "other_stories.jsonl").read_text("utf-8").splitlines()]
OTHER_REPORTS = [(story["story"], report) for story in OTHER_STORIES for report in story["reports"]]


def timex_of(period):
    """The TIMEX3 value the fixtures write a date as (None for an undated figure)."""
    return period.timex if period else None


def report_figures(report):
    return figures(report["text"], published=dt.date.fromisoformat(report["anchor"]), id=report["id"])


def story_mentions(story):
    return [m for report in story["reports"] for m in report_figures(report)]


def test_the_other_stories_cover_five_kinds_of_story():
    assert {s["story"] for s in OTHER_STORIES} == {"earthquake", "election", "trial", "strike", "epidemic"}


@pytest.mark.parametrize("report", [r for _, r in OTHER_REPORTS], ids=[r["id"] for _, r in OTHER_REPORTS])
def test_a_report_of_another_kind_of_story_yields_exactly_its_figures(report):
    found = [(f.text, f.value, f.unit, f.qualifier, f.measure, timex_of(f.date)) for f in report_figures(report)]
    expected = [(g["text"], pytest.approx(g["value"]), g["unit"], g["qualifier"], g["measure"], g["date"])
                for g in report["figures"]]
    assert found == expected
    for phrase in report["not_figures"]:
        start = report["text"].index(phrase)
        assert not any(f.start < start + len(phrase) and start < f.end for f in report_figures(report)), phrase


@pytest.mark.parametrize("story", OTHER_STORIES, ids=[s["story"] for s in OTHER_STORIES])
def test_a_measure_of_another_kind_of_story_is_one_series_across_its_reports(story):
    figs, _ = series(story_mentions(story))
    for measure, points in story["series"].items():
        assert [[timex_of(f.date), f.value] for f in figs if f.measure == measure] == points, measure


@pytest.mark.parametrize("story", OTHER_STORIES, ids=[s["story"] for s in OTHER_STORIES])
def test_the_disagreements_of_another_kind_of_story_are_exactly_the_written_ones(story):
    _, disagreements = series(story_mentions(story))
    assert [{"measure": d.subject, "date": timex_of(d.date), "values": [v.value for v in d.values]}
            for d in disagreements] == story["disagreements"]


@pytest.mark.parametrize("text, measure", [
    ("Turnout was 64% on Sunday.", "turnout"),
    ("Voter turnout in Sunday's election was 61 percent.", "turnout"),
    ("The jobless rate fell to 6.4% in March.", "jobless rate"),
    ("About 3,000 homes were destroyed.", "homes destroyed"),
    ("The storm damaged 40 schools, and 450 buildings were badly damaged.", "buildings damaged"),
    ("Officials said 320 trains were cancelled.", "trains cancelled"),
    ("The ministry confirmed 14 deaths.", "people killed"),
    ("Health officials reported 120 new cases.", "new cases"),
    ("About 30,000 children have been vaccinated.", "children vaccinated"),
    ("More than 5,000 workers were on strike.", "workers on strike"),
    ("The donors made a $38 million pledge.", "pledges"),
])
def test_what_a_count_counts_is_named_from_the_clause_in_any_story(text, measure):
    assert figures(text)[-1].measure == measure


# --- the bundled sample corpus ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample():
    timeline = run_build([str(SAMPLE_DIR)]).timeline
    by_article = defaultdict(list)
    for s in timeline.sentences:
        by_article[s.article].append(s)
    found = [m for a in timeline.articles for m in find_figures(a, by_article[a.id])]
    return timeline, found, json.loads(GOLD.read_text(encoding="utf-8"))


def unit_family(unit):
    unit = (unit or "").lower()
    for family, pattern in [("money", r"^(usd|eur|gbp)$"), ("percent", "percent"), ("area", r"square|km2|mi2|^ha$"),
                            ("volume", r"cubic|m3"), ("length", r"^(kilometres|km|m|mi|metres)$"),
                            ("times", "times")]:
        if re.search(pattern, unit):
            return family
    return "count"


def match_gold(timeline, found, gold):
    """Pairs of (gold figure, mention) with the same report, value and kind of unit."""
    ids = {(re.sub(r"^sample/", "", a.origin.path), a.origin.line, a.origin.record): a.id for a in timeline.articles}
    expected = [(ids[(s["path"], s["line"], s["record"])], float(g["value"]), unit_family(g["unit"]), g)
                for g in gold["figures"] for s in g["sources"]]
    used, pairs = set(), []
    for article_id, value, family, g in expected:
        for i, m in enumerate(found):
            if i not in used and m.article == article_id and m.value == pytest.approx(value) \
                    and unit_family(m.unit) == family:
                used.add(i)
                pairs.append((g, m))
                break
    return expected, pairs


def test_sample_figures_reach_the_pinned_precision_and_recall(sample):
    timeline, found, gold = sample
    expected, pairs = match_gold(timeline, found, gold)
    precision, recall = len(pairs) / len(found), len(pairs) / len(expected)
    # Measured 0.825 / 0.992. Gold lists a selection: the extra figures are mostly real facts it leaves
    # out ("about 40 kilometres upstream of Kessling" in seven reports); the one miss is a headline-only figure.
    assert precision >= 0.80, precision
    assert recall >= 0.95, recall


def test_sample_measures_group_as_the_gold_groups_them(sample):
    timeline, found, gold = sample
    _, pairs = match_gold(timeline, found, gold)
    same_gold = same_mine = both = 0
    for (g1, m1), (g2, m2) in itertools.combinations(pairs, 2):
        in_gold = g1["measure"] == g2["measure"]
        in_mine = bool(m1.measure and m2.measure and m1.measure.casefold() == m2.measure.casefold())
        same_gold, same_mine, both = same_gold + in_gold, same_mine + in_mine, both + (in_gold and in_mine)
    # Pairwise: of pairs we put in one series, how many the gold does too, and the other way round (0.984 / 0.993).
    assert both / same_mine >= 0.95
    assert both / same_gold >= 0.95


def test_sample_injured_counts_at_least_41_and_44_agree_as_the_gold_says(sample):
    timeline, found, gold = sample
    injured = sorted((m.value, m.qualifier) for m in found if m.measure == "people injured")
    assert (41, "at least") in injured and (44, None) in injured
    _, disagreements = series(found, timeline.copies)
    assert disagreements == [] == gold["disagreements"]


def test_sample_coalition_grows_in_one_series(sample):
    _, found, _ = sample
    figs, _ = series(found)
    size = [(f.value, f.date.timex) for f in figs
            if f.measure == "coalition members" and f.date and f.date.granularity is Granularity.DAY]
    dates = {value: min(d for v, d in size if v == value) for value, _ in size}
    assert dates[12] == "2023-03-03" and dates[17] == "2023-03-15" and dates[23] == "2023-03-27"
    assert [v for v, _ in size] == sorted(v for v, _ in size)  # it only grew


def test_sample_compatible_values_are_not_a_disagreement(sample):
    _, found, _ = sample
    shares = [m for m in found if m.measure == "fall in Corvane shares"]
    assert sorted((m.value, m.qualifier) for m in shares) == [(46, None), (50, "nearly")]
    assert all(d.subject != "fall in Corvane shares" for d in series(found)[1])


# --- the real coalition reports ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def coalition_figures():
    from conftest import skip_without_coalition

    timeline = run_build([str(skip_without_coalition())]).timeline
    by_article = defaultdict(list)
    for s in timeline.sentences:
        by_article[s.article].append(s)
    found = [m for a in timeline.articles for m in find_figures(a, by_article[a.id])]
    return timeline, found


def test_coalition_size_is_one_series_over_time(coalition_figures):
    timeline, found = coalition_figures
    figs, _ = series(found, timeline.copies)
    size = [(f.value, timex_of(f.date)) for f in figs if f.measure == "coalition members"]
    assert [v for v, _ in size] == [60, 68, 69, 79]
    assert [d[:4] if d else None for _, d in size] == ["2015", "2017", "2017", None]  # the 2019 report has no date
    texts = {m.text for m in found if m.measure == "coalition members"}
    assert {"60", "60 different countries", "68 countries", "69 members", "68-nation", "79-member"} <= texts


def test_coalition_two_counts_of_the_march_2017_meeting_disagree(coalition_figures):
    timeline, found = coalition_figures
    [d] = [d for d in series(found, timeline.copies)[1] if d.subject == "coalition members"]
    assert timex_of(d.date) == "2017-03-22"
    assert [v.value for v in d.values] == [68, 69]
    assert len({s.article for s in d.values[0].sources}) == 2  # both reports give 68


def test_coalition_casualties_of_one_attack_are_separate_measures(coalition_figures):
    _, found = coalition_figures
    got = {(m.value, m.measure) for m in found}
    assert {(33, "civilians killed"), (3, "people killed"), (40, "people injured")} <= got


@pytest.mark.parametrize("text, date", [
    ("The Osk coalition grew to 17 members last month.", "2021-05"),
    ("Vantrel sold 4,000 cars in 2019.", "2019"),
    ("Ferry traffic fell 12 percent last week.", "2021-W22"),
])
def test_a_figure_keeps_the_granularity_of_the_date_it_holds_for(text, date):
    figure = only(text)
    assert (timex(figure.date), figure.date_how) == (date, FigureDateHow.SENTENCE)
