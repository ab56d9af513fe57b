"""End to end on the five real reports in ../shared/corpora/coalition (skipped when absent)."""

import datetime as dt

import pytest

from dateline.config import Settings
from dateline.model import Period, UndatedReason
from dateline.pipeline import run_build

# Publication dates the text supports; None where nothing in the text fixes it.
EXPECTED_DATES = {
    "000": None,  # only "on Wednesday" (bounded, not fixed); the one full date is in a photo caption
    "001": None,  # "WASHINGTON:" without a date
    "002": "2016-02-11",  # dateline, not the 2024 crawl banner above the headline
    # "Jan. 23" without a year; "met in London today (Jan.22)" and "here Thursday":
    # Jan. 22 is a Thursday only in 2015 among the years the other reports span.
    "003": "2015-01-23",
    "004": "2017-03-23",  # date line under the headline
}

# Lines of page furniture that must not survive, per report.
MUST_GO = {
    "000": ["Image result for US Secretary of State", "( Yunus Kele"],
    "001": ["Please enter your comment!", "Please enter your name here"],
    "002": ["Saturday 27 April 2024", "Tags: Syria", "More INTERNATIONAL NEWS Stories", "calendarCalendar of Events"],
    "003": ["Leave a Reply", "You are commenting using your", "Connecting to %s", "This site uses Akismet", "CLICK HERE"],
    "004": [
        "Skip to content",
        "Skip to main menu",
        "Image: picture-alliance/AP Photo/C. Owen",
        "This browser does not support the video element.",
        "00:31",
        "Skip next section",
        "More stories from DW",
    ],
}

# Paragraph openings that must all survive.
MUST_STAY = {
    "000": ["US Secretary of State Rex Tillerson declared on Wednesday", "Tillerson said the flow of foreign fighters",
            "Al-Abadi met with Trump on Monday"],
    "001": ["WASHINGTON: America will not cede leadership", "But defense officials believe many fighters",
            "A defense department watchdog report warned this week"],
    "002": ["BRUSSELS, February 11, 2016", "The US is pressing allies", "WARPLANES, TRAINING",
            "Nato announced on Thursday"],
    "003": ["Addressing a joint press conference", "After five months of close collaboration",
            "But for now let me just underscore this"],
    "004": ["A US-led 68-nation alliance", "Hunting down the leader", "Coalition members at Wednesday's meeting"],
}


@pytest.fixture(scope="module")
def timeline(coalition_dir):
    return run_build([str(coalition_dir)], Settings()).timeline


@pytest.fixture(scope="module")
def articles(timeline):
    return {a.origin.path.rsplit("/", 1)[-1][:3]: a for a in timeline.articles}


@pytest.fixture(scope="module")
def coalition_dir():
    from conftest import skip_without_coalition

    return skip_without_coalition()


def test_all_five_reports_are_ingested(articles):
    assert sorted(articles) == sorted(EXPECTED_DATES)


@pytest.mark.parametrize("report", sorted(EXPECTED_DATES))
def test_publication_dates_are_the_ones_the_text_states(articles, report):
    published = articles[report].published
    assert (published.date.isoformat() if published.date else None) == EXPECTED_DATES[report]
    if published.date is None:
        assert published.reason


@pytest.mark.parametrize("report", sorted(MUST_GO))
def test_no_page_furniture_is_left(articles, report):
    for line in MUST_GO[report]:
        assert line not in articles[report].text


@pytest.mark.parametrize("report", sorted(MUST_STAY))
def test_no_article_paragraph_is_lost(articles, report):
    for opening in MUST_STAY[report]:
        assert opening in articles[report].text


def test_the_undated_washington_report_is_bounded_by_the_dated_one_it_shares_a_quote_with(articles):
    published = articles["000"].published
    assert published.date is None
    assert (published.earliest.isoformat(), published.latest.isoformat()) == ("2017-03-22", "2017-03-28")
    assert published.how.value == "shared-passage" and "Wednesday" in published.reason


def test_no_publication_date_comes_from_a_caption_or_a_crawl_banner(articles):
    dates = {a.published.date for a in articles.values()}
    assert dt.date(2017, 3, 7) not in dates  # the photo caption in 000
    assert dt.date(2024, 4, 27) not in dates  # the crawl banner in 002


@pytest.mark.parametrize("report", ["000", "004"])
def test_on_wednesday_in_the_washington_reports_is_22_march_2017(timeline, articles, report):
    article = articles[report]
    mentions = [m for s in timeline.sentences if s.article == article.id for m in s.mentions
                if m.text.endswith("Wednesday") and "on Wednesday" in article.text[m.start - 3 : m.end]]
    assert mentions
    assert {m.value for m in mentions} == {"2017-03-22"}


def test_every_sentence_carries_its_mentions_inside_its_span(timeline):
    texts = {a.id: a.text for a in timeline.articles}
    assert timeline.sentences
    for sentence in timeline.sentences:
        for mention in sentence.mentions:
            assert sentence.start <= mention.start < sentence.end
            assert texts[sentence.article][mention.start : mention.end] == mention.text


def test_the_quote_about_baghdadis_deputies_is_one_quote_with_two_sources_and_its_speaker(timeline, articles):
    [quote] = [q for q in timeline.quotes if "deputies are now dead" in q.text]
    assert quote.speaker == "Rex Tillerson"
    assert {r.article for r in quote.sources} == {articles["000"].id, articles["004"].id}
    assert quote.origins == 2


@pytest.mark.parametrize(
    "words, speaker",
    [
        ("Our focus here is going to be on counter-ISIL", "Ash Carter"),
        ("America will continue to lead", "Mike Pompeo"),
        ("we are here to strengthen the international coalition", "Haider al-Abadi"),
        ("The great commonality among we who have gathered today", "Rex Tillerson"),
    ],
)
def test_the_other_officials_quotes_have_the_right_speakers(timeline, words, speaker):
    [quote] = [q for q in timeline.quotes if words in q.text]
    assert quote.speaker == speaker


def test_scare_quotes_are_not_quotes(timeline):
    assert not [q for q in timeline.quotes if q.text.strip("‘’'\" ") in ("zones of stability", "no fly")]


def test_the_passage_printed_twice_is_flagged_as_a_repeat(timeline, articles):
    text = articles["000"].text
    repeated = [text[r.passage.start : r.passage.end] for r in timeline.repeats if r.passage.article == articles["000"].id]
    assert any("harder for terrorists to get in" in p for p in repeated)
    assert any("called for unity in the region" in p for p in repeated)


def test_the_coalition_size_is_one_series_and_the_march_2017_counts_disagree(timeline):
    sizes = [(f.date, f.value) for f in timeline.figures if f.measure == "coalition members"]
    assert {v for _, v in sizes} >= {60, 68, 69, 79}
    [disagreement] = [d for d in timeline.disagreements if d.subject == "coalition members"]
    assert disagreement.date == Period.parse("2017-03-22")
    assert sorted(v.value for v in disagreement.values) == [68, 69]


def test_no_report_is_a_copy_of_another(timeline):
    assert timeline.copies == ()


def test_the_many_names_of_islamic_state_are_one_entity(timeline):
    names = [{e.name, *e.aliases} for e in timeline.entities]
    assert any({"ISIS", "ISIL", "Daesh", "Islamic State"} <= group for group in names)


# The coalition meetings the dated reports describe, with words of the sentences that tell them.
MEETINGS = [
    ("2015-01-22", "003", "met in London"),  # "21 key members of the global coalition met in London today (Jan.22)"
    ("2016-02-11", "002", "defence ministers"),  # Brussels: the report is about its own day
    ("2017-03-22", "004", "meeting of the coalition in Washington"),
    ("2017-03-22", "000", "Tillerson declared on Wednesday"),
]


@pytest.mark.parametrize(("day", "report", "words"), MEETINGS)
def test_each_meeting_is_an_entry_on_its_day_with_its_source(timeline, articles, day, report, words):
    [entry] = [e for e in timeline.entries if e.value == day]
    reports = {articles[report].id}
    events = {e.id: e for e in timeline.events}
    told = [s for event_id in entry.events for s in events[event_id].sentences if s.ref.article in reports]
    assert any(words in s.text for s in told), [s.text for s in told]
    assert entry.reports >= 1 and all(r.article in {a.id for a in articles.values()} for r in entry.sources)


def test_the_washington_meeting_has_both_reports_as_independent_sources(timeline):
    [entry] = [e for e in timeline.entries if e.value == "2017-03-22"]
    assert entry.reports == 2


def test_the_undated_report_places_nothing_it_cannot_date(timeline, articles):
    undated = articles["001"].id
    placed = {s.ref.article for e in timeline.events for s in e.sentences if s.how.value != "mentioned"}
    assert undated not in placed


# Every sentence the coalition timeline has carried, with the day (or coarser period) it happened on, from an
# editor's reading of the reports: a few words that find it, its report, and its date (None: nothing in the
# sentence or its undated report fixes one, so it must not be placed). 003 is Kerry's London press conference
# of Thursday 22 January 2015, published the next day: its "today", "tomorrow" and "a couple of days ago" are
# his, counted from the 22nd.
PLACED = [
    ("here Thursday that the recent terrible events", "003", "2015-01-22", None),  # not the dateline's Jan. 23
    ("met in London today (Jan.22)", "003", "2015-01-22", None),
    ("Abadi updated the meeting on progress", "003", "2015-01-22", None),
    ("I think the prime minister is going today", "003", "2015-01-22", None),  # Kerry, speaking in London
    ("After five months of close collaboration", "003", "2015-01-22", None),
    ("which we attended today", "003", "2015-01-22", None),
    ("this is very important to fight Daesh", "003", "2015-01-22", None),
    ("of their level last year, was also discussed", "003", "2015-01-22", None),  # "last year" is the comparison
    ("State of the Union Address a couple of days ago", "003", "2015-01-20", None),  # two days before the 22nd
    ("Tomorrow, I will travel to Davos", "003", "2015-01-23", None),
    ("has invited countries to come and join", "003", "2015-02", None),  # a future consultation: this February
    # "in the last month" is the month up to the speech (a duration), not the calendar month 2014-12
    ("said in the last month, there has been an increase", "003", "2015-01-22", None),
    ("Prime Minister of Iraq said on this occasion", "003", "2015-01-22", None),  # at the London meeting
    ("Iraqi forces are achieving a lot of progress", "003", "2015-01-22", None),  # al-Abadi, at the meeting
    ("The US is pressing allies", "002", "2016-02-11", None),
    ("speaking to reporters ahead of his talks", "002", "2016-02-11", None),
    ("securing Raqqa and Mosul needed to happen", "002", "2016-02-11", None),
    ("He vowed in January to set up safe zones", "000", "2017-01", None),
    # The sentence names only the record's "since" dates (passed over, not February 2017). Its report is known only
    # to lie between 22 and 28 March 2017, and for every day there the day it names most in the week before is
    # Wednesday 22 March: the meeting's day stands in.
    ("The meeting is the first of the international coalition since", "000", "2017-03-22", None),
    ("opened the Washington meeting with a pledge", "004", "2017-03-22", None),
    ("urged coalition members to step up", "004", "2017-03-22", None),
    ("was overshadowed by an attack in London", "004", "2017-03-22", None),
]


def _pinned(words, report, day, tagger):
    marks = [pytest.mark.xfail(strict=True, reason=tagger)] if tagger else []
    return pytest.param(words, report, day, marks=marks, id=words[:30])


@pytest.mark.parametrize(("words", "report", "day"), [_pinned(*p) for p in PLACED])
def test_each_timeline_sentence_is_placed_on_the_day_it_happened(timeline, articles, words, report, day):
    article = articles[report].id
    placed = {e.value for e in timeline.events for s in e.sentences if s.ref.article == article and words in s.text}
    assert placed == ({day} if day else set())


def test_every_sentence_on_the_timeline_is_pinned(timeline):
    pinned = [words for words, *_ in PLACED]
    for entry in timeline.entries:
        for text in entry.summary:
            assert any(words in text for words in pinned), f"{entry.value}: {text[:80]} is not pinned in PLACED"


def test_kerrys_today_and_tomorrow_say_they_were_counted_from_his_speech(timeline, articles):
    article = articles["003"].id
    mentions = {m.text: m for s in timeline.sentences if s.article == article for m in s.mentions}
    assert mentions["Tomorrow"].value == "2015-01-23"
    assert "anchored to the speech date in 'said at the Foreign and Commonwealth office here Thursday'" in (
        mentions["Tomorrow"].detail)


def test_the_comparison_year_is_kept_as_a_mention_but_passed_over(timeline, articles):
    article = articles["003"].id
    [sentence] = [s for e in timeline.events for s in e.sentences
                  if s.ref.article == article and "of their level last year" in s.text]
    [passed] = sentence.passed_over
    assert passed.mention.value == "2014" and passed.rule == "level-then"


# -- nothing undated lost --------------------------------------------------------------------------------------


def test_the_2019_meeting_of_the_79_members_is_in_the_undated_section_with_why(timeline, articles):
    """The 2019 report has no publication date the text fixes: its meeting ("on Wednesday") cannot be dated, so
    its key sentences are listed, the 79 members among them, with the reason and the bound its text supports."""
    report = articles["001"]
    items = [i for i in timeline.undated if i.ref.article == report.id]
    [members] = [i for i in items if "79-member" in i.text]
    assert report.text[members.ref.start : members.ref.end] == members.text
    assert members.reason is UndatedReason.NAMES_NO_DATE
    [lede] = [i for i in items if i.text.startswith("WASHINGTON: America will not cede leadership")]
    assert lede.reason is UndatedReason.RELATIVE_TO_UNKNOWN and [m.text for m in lede.mentions] == ["Wednesday"]
    # "Manbij was liberated from IS control in 2016": published no earlier than 2016, the day not made up
    assert (members.earliest, members.latest) == (dt.date(2016, 1, 1), None)
    assert "in 2016" in report.text[members.bound_evidence.start : members.bound_evidence.end]


def test_the_bounded_washington_report_lists_only_what_its_bounds_leave_undated(timeline, articles):
    """Published between 22 and 28 March 2017: what depends on the exact day ("said today", "on Monday") is listed;
    what names no date went to 22 March, the day it is about for every day in the bounds."""
    report = articles["000"]
    items = [i for i in timeline.undated if i.ref.article == report.id]
    assert items and all(i.reason is UndatedReason.DEPENDS_ON_DAY for i in items)
    assert all((i.earliest, i.latest) == (dt.date(2017, 3, 22), dt.date(2017, 3, 28)) for i in items)
    assert any("met with Trump on Monday" in i.text for i in items)


def test_no_dated_report_is_in_the_undated_section(timeline, articles):
    dated = {a.id for a in articles.values() if a.published.date}
    assert timeline.undated and not any(i.ref.article in dated for i in timeline.undated)
