"""Events and selection: where sentences land, how they group, which dates are told."""

from __future__ import annotations

import datetime as dt

import pytest

from dateline.config import Settings
from dateline.model import (
    Article,
    DateHow,
    EventDateHow,
    Granularity,
    Origin,
    Outlet,
    PublishedDate,
    Quote,
    SourceRef,
)
from dateline.pipeline import assemble_timeline, dated_sentences
from dateline.story.dedupe import find_copies, find_repeats
from dateline.story.events import article_candidates, group_events, is_prose, report_focus
from dateline.story.select import choose_dates, matching, pool_candidates, rank_dates, select, summarise_pool

THU = dt.date(2023, 3, 9)


def report(name: str, text: str, published: dt.date | None = THU, outlet: str = "Wireline") -> Article:
    date = PublishedDate(published, DateHow.METADATA if published else DateHow.NONE, 1.0 if published else 0.0,
                         reason=None if published else "no date in the test report")
    return Article(name, Origin(f"{name}.txt"), Outlet(outlet, "metadata"), None, text, date)


def candidates_of(*articles: Article):
    sentences = [s for a in articles for s in dated_sentences(a)]
    copies = find_copies(articles)
    repeats = find_repeats(articles, copies=copies)
    return article_candidates(articles, sentences, copies, repeats), sentences, copies, repeats


def test_a_sentence_naming_a_day_is_placed_on_that_day():
    a = report("a", "The embankment at Dunmere collapsed on Tuesday, injuring dozens of soldiers and volunteers.")
    [c] = candidates_of(a)[0]
    assert (c.period.timex, c.how, c.granularity) == ("2023-03-07", EventDateHow.MENTIONED, Granularity.DAY)
    assert c.mention.text == "Tuesday"
    assert a.text[c.ref.start : c.ref.end] == c.text


def test_undated_sentences_go_to_the_day_their_report_is_about_not_the_publication_day():
    a = report("a", "The embankment at Dunmere collapsed on Wednesday, injuring dozens of soldiers. "
                    "Engineers said the slurry had soaked the soil beneath the bank for days.")
    cands = candidates_of(a)[0]
    assert [(c.period.timex, c.how) for c in cands] == [
        ("2023-03-08", EventDateHow.MENTIONED), ("2023-03-08", EventDateHow.REPORT_FOCUS)]


def test_a_report_naming_no_recent_day_places_undated_sentences_on_its_publication_day():
    a = report("a", "Engineers said the slurry had soaked the soil beneath the bank for days.")
    [c] = candidates_of(a)[0]
    assert (c.period.timex, c.how) == ("2023-03-09", EventDateHow.PUBLISHED)


def test_the_dateline_does_not_make_the_publication_day_the_report_focus():
    text = "DUNMERE, March 9, 2023 - The bank collapsed on Tuesday. Engineers blamed the soaked soil beneath it for days."
    a = report("a", text)
    a = Article(a.id, a.origin, a.outlet, None, text,
                PublishedDate(THU, DateHow.DATELINE, 0.9, "DUNMERE, March 9, 2023", (0, 22)))
    sentences = dated_sentences(a)
    assert report_focus([a], sentences) == {"a": dt.date(2023, 3, 7)}


def test_undated_sentences_of_an_undated_report_are_left_out():
    a = report("a", "Engineers said the slurry had soaked the soil beneath the bank for days.", published=None)
    assert candidates_of(a)[0] == []


def test_captions_timestamps_and_fragments_are_not_candidates():
    assert not is_prose("02/11/11 01:39 Cairo")
    assert not is_prose("Photo: Reuters.")
    assert not is_prose("EGYPT PROTESTS LIVE UPDATES FROM CAIRO TODAY AND TONIGHT")
    assert is_prose("Protesters occupied the square for a prolonged sit-in on Friday.")


STORY = ("The emergency embankment at Dunmere collapsed on Tuesday morning, injuring dozens of soldiers "
         "and volunteers who were stacking sandbags along the river.")


def test_a_copy_and_its_original_are_one_source():
    a = report("a", STORY + " Rescue teams worked through the night to reach the injured.")
    b = report("b", STORY + " Rescue teams worked through the night to reach the injured people.", outlet="Herald")
    cands, *_ = candidates_of(a, b)
    events, _ = group_events(cands)
    tuesday = [e for e in events if e.value == "2023-03-07"]
    assert tuesday and all(e.sources == 1 for e in tuesday)


def test_two_independent_reports_of_one_happening_make_one_event_with_two_sources():
    a = report("a", "The emergency embankment at Dunmere collapsed on Tuesday, injuring soldiers and volunteers.")
    b = report("b", "Dozens of soldiers and volunteers were hurt when the Dunmere embankment collapsed on Tuesday.",
               outlet="Herald")
    c = report("c", "Shares in Corvane Minerals fell sharply on Tuesday as investors priced in the fines.",
               outlet="Ledger")
    events, _ = group_events(candidates_of(a, b, c)[0])
    tuesday = [e for e in events if e.value == "2023-03-07"]
    assert sorted(e.sources for e in tuesday) == [1, 2]
    collapse = max(tuesday, key=lambda e: e.sources)
    assert set(collapse.outlets) == {"Wireline", "Herald"}
    assert collapse.score > min(e.score for e in tuesday)


def test_a_passage_recycled_from_an_earlier_independent_report_is_background():
    explainer = ("The Hollin Gorge dam was built in 1987 to hold waste from the nickel mine at Hollin, "
                 "and was raised twice in the decades that followed.")
    first = report("a", "Rescuers reached Kessling on Monday after the flood receded overnight. " + explainer,
                   published=dt.date(2023, 3, 7))
    later = report("b", "The governor ordered a halt to all work on embankments on Thursday after the collapse. "
                        + explainer, outlet="Herald")
    cands, *_ = candidates_of(first, later)
    recycled = [c for c in cands if c.period.timex == "1987"]
    assert [(c.ref.article, c.background) for c in recycled] == [("a", False), ("b", True)]
    assert recycled[1].weight < recycled[0].weight


def test_a_passage_printed_twice_in_one_report_counts_once():
    passage = "The governor ordered a halt to all work on temporary embankments on Thursday after the collapse."
    a = report("a", passage + "\n\nOther news followed in the evening bulletin of the station.\n\n" + passage)
    cands = [c for c in candidates_of(a)[0] if c.text == passage]
    assert len(cands) == 1 and cands[0].ref.start == 0


def test_events_carry_the_quotes_entities_and_figures_inside_their_sentences():
    a = report("a", "\"We will rebuild the bank,\" Governor Keel said on Tuesday in Dunmere.")
    cands, *_ = candidates_of(a)
    start = a.text.index("We")
    quote = Quote("Keel", None, "We will rebuild the bank,", (SourceRef("a", start, start + 24),))
    from dateline.model import Entity

    keel = Entity("Matthias Keel", "PERSON", ("Keel",), (SourceRef("a", a.text.index("Keel"), a.text.index("Keel") + 4),))
    [event], _ = group_events(cands, quotes=[quote], entities=[keel])
    assert event.quotes == (0,) and event.entities == ("Matthias Keel",)


def test_fixed_lengths_give_that_many_dates_and_at_most_that_many_sentences():
    texts = [f"Volunteers filled sandbags along the river bank on March {d}, and the water kept rising." for d in range(1, 9)]
    arts = [report(f"r{i}", t + " Soldiers joined them at the pumping station later.", outlet=f"O{i}") for i, t in enumerate(texts)]
    cands, *_ = candidates_of(*arts)
    entries = select(cands, dates=3, sentences=1)
    assert len(entries) == 3 and all(len(e.summary) == 1 for e in entries)
    assert [e.date for e in entries] == sorted(e.date for e in entries)


def test_dates_named_by_more_independent_reports_rank_first():
    wordings = ["Dunmere residents marched to the town hall on March 3 to demand clean water.",
                "On March 3 hundreds of people walked through Dunmere asking for safe tap water.",
                "A protest over the water supply filled the streets of Dunmere on March 3, police said."]
    many = [report(f"m{i}", text, outlet=f"O{i}") for i, text in enumerate(wordings)]
    one = report("one", "A small fire broke out in a Kessling warehouse on March 5 and was put out quickly.")
    ranked = rank_dates(candidates_of(*many, one)[0])
    assert [d.period.timex for d in ranked[:2]] == ["2023-03-03", "2023-03-05"]
    assert ranked[0].reports == 3


def test_a_month_is_an_entry_only_when_no_day_inside_it_is():
    a = report("a", "The mine was inspected in February and the report warned of cracks in the dam wall.")
    b = report("b", "The dam failed on February 28 after the wettest month in four decades, officials said.")
    c = report("c", "The mine had been expanded in January of that year to double its output, the company said.")
    chosen = [d.period.timex for d in choose_dates(rank_dates(candidates_of(a, b, c)[0]), None)]
    assert "2023-02-28" in chosen and "2023-01" in chosen and "2023-02" not in chosen


def test_every_entry_sentence_is_the_text_of_its_cited_span():
    a = report("a", STORY + " Governor Keel ordered a halt to work on embankments on Thursday.")
    b = report("b", "Relief flights landed at Port Elmsworth on Monday with water-treatment kits for the valley.")
    timeline = assemble_timeline([a, b], dated=[s for x in (a, b) for s in dated_sentences(x)])
    texts = {x.id: x.text for x in (a, b)}
    assert timeline.entries and timeline.events
    for entry in timeline.entries:
        assert len(entry.summary) == len(entry.sources) == len(entry.dated)
        for sentence, ref in zip(entry.summary, entry.sources, strict=True):
            assert texts[ref.article][ref.start : ref.end] == sentence


def test_a_query_keeps_only_the_reports_about_it():
    a = report("a", "Ministers of the relief coalition met in Aldermouth on Wednesday and five countries joined.")
    b = report("b", "The football club sacked its manager on Wednesday after a fifth defeat in a row.")
    assert [x.id for x in matching([a, b], "coalition ministers")] == ["a"]
    assert [x.id for x in matching([a, b], "the of and")] == ["a", "b"]  # stopwords only: no focus
    timeline = assemble_timeline([a, b], dated=[s for x in (a, b) for s in dated_sentences(x)],
                                 settings=Settings(query="relief coalition"))
    assert {r.article for e in timeline.entries for r in e.sources} == {"a"}
    assert len(timeline.articles) == 2  # nothing is lost: the other report stays in the timeline's articles


def test_a_pool_of_dated_sentences_gives_the_asked_shape():
    day = dt.date(2011, 2, 11)
    pool = [(day, "Mubarak stepped down on February 11 and handed power to the military council."),
            (day, "Crowds in Tahrir Square celebrated through the night after the announcement."),
            (day, "Crowds in Tahrir Square celebrated through the night after the announcement ."),
            (dt.date(2011, 1, 25), "Thousands of protesters marched in Cairo against the government of Hosni Mubarak."),
            (dt.date(2011, 1, 26), "02/11/11 01:39")]
    assert len(pool_candidates(pool)) == 3  # the repeat and the timestamp are dropped
    timeline = summarise_pool(pool, dates=1, sentences=2)
    assert list(timeline) == [day] and len(timeline[day]) == 2
    named = [c for c in pool_candidates(pool) if c.mention is not None]
    assert [c.text[:8] for c in named] == ["Mubarak "] and named[0].absolute


@pytest.mark.parametrize("dates, sentences", [(0, 0), (2, 1)])
def test_settings_reach_the_selection(dates, sentences):
    arts = [report(f"r{i}", f"Volunteers filled sandbags along the river bank on March {d}, and the water kept rising "
                            f"as soldiers arrived.", outlet=f"O{i}") for i, d in enumerate((1, 2, 3, 4))]
    timeline = assemble_timeline(arts, dated=[s for x in arts for s in dated_sentences(x)],
                                 settings=Settings(dates=dates, sentences=sentences))
    assert len(timeline.entries) == (dates or 4)
