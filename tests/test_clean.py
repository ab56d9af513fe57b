"""Boilerplate removal: what goes, what stays, and why."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import COALITION as CORPUS
from conftest import skip_without_coalition
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.ingest.clean import clean_html, clean_text
from dateline.model import CleanText, DropReason

FIXTURES = Path(__file__).parent / "fixtures" / "clean"

HEADLINE = "Harbour council approves new flood barrier after storm season"
BODY = [
    "PORTVILLE, March 13 - The harbour council approved a tidal barrier on Wednesday, committing most of its "
    "reserve fund to a project that engineers say will protect about 4,000 homes from storm surges.",
    '"We have waited long enough, and every winter the water comes a little further up the street," said '
    "council leader Maria Okafor after the vote.",
    "The barrier will be built in three stages, starting next spring. The first stage closes the northern "
    "channel, where the worst flooding was recorded last year.",
    "Two storms in one month pushed the sea over the north quay and into the market square. Insurance claims "
    "reached a record level, according to the regional insurers' association.",
    "Councillor Tom Brandt, who voted against, said the estimate had already risen twice. "
    '"I want a barrier too, but I want one we can pay for," he said.',
    "The council will ask the national government for a grant covering a third of the cost. A decision is "
    "expected in the autumn.",
]


def _article(*inserted: str, position: int = 2) -> str:
    """The fixture body with lines inserted after its ``position``-th paragraph."""
    paragraphs = [HEADLINE, *BODY]
    paragraphs[position + 1 : position + 1] = ["\n".join(inserted)]
    return "\n\n".join(paragraphs) + "\n"


@pytest.fixture(scope="module")
def page() -> CleanText:
    return clean_text((FIXTURES / "harbour_page.txt").read_text(encoding="utf-8"))


# --- what goes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Skip to main content", DropReason.NAVIGATION),
        ("Advertisement", DropReason.ADVERTISEMENT),
        ("Story continues below advertisement", DropReason.ADVERTISEMENT),
        ("Share this article", DropReason.SOCIAL),
        ("Follow us on Twitter", DropReason.SOCIAL),
        ("Image: picture-alliance/dpa/K. Nietfeld", DropReason.PHOTO_CREDIT),
        ("Photo: Harbour Gazette/J. Moreno", DropReason.PHOTO_CREDIT),
        ("Image result for harbour council meeting", DropReason.CAPTION),
        ("Residents fill sandbags on the quay ( Lena Ruiz - Coastal Press Agency )", DropReason.CAPTION),
        ("The sea wall was breached twice last winterImage: picture-alliance/AP Images/R. Vos", DropReason.CAPTION),
        ("This browser does not support the video element.", DropReason.VIDEO_PLACEHOLDER),
        ("01:12", DropReason.VIDEO_PLACEHOLDER),
        ("Tags: flooding | harbour | storms |", DropReason.TAGS),
        ("Read more: Storm closes ferry routes for a second day", DropReason.RELATED_STORIES),
        ("We use cookies to improve your experience on our site.", DropReason.COOKIE_NOTICE),
        ("Sign up for our newsletter to get the morning briefing in your inbox", DropReason.NEWSLETTER),
        ("Copyright © 2019 Harbour Gazette. All rights reserved.", DropReason.COPYRIGHT),
        ("Click here for the full council report", DropReason.CLICK_HERE),
        ("Please enter your comment!", DropReason.COMMENT_FORM),
        ("You are commenting using your Twitter account. Log Out /  Change )", DropReason.COMMENT_FORM),
        ("Connecting to %s", DropReason.COMMENT_FORM),
        ("This site uses Akismet to reduce spam. Learn how your comment data is processed.", DropReason.COMMENT_FORM),
    ],
)
def test_boilerplate_line_inside_article_is_dropped_with_its_reason(line: str, reason: DropReason) -> None:
    result = clean_text(_article(line))
    assert line not in result.text.splitlines()
    assert any(d.text == line and d.reason is reason for d in result.dropped), result.dropped
    for paragraph in BODY:
        assert paragraph in result.text


@pytest.mark.parametrize(
    ("block", "dropped"),
    [
        ("Related stories\nStorm closes ferry routes for a second day\nMarket traders count the cost", DropReason.RELATED_STORIES),
        ("More stories from the Gazette\nSea wall repairs to start in May", DropReason.RELATED_STORIES),
        ("Leave a Reply\nPlease enter your name here\nTwitter picture", DropReason.COMMENT_FORM),
        ("1. Skip to content\n2. Skip to main menu\n3. Skip to more sites", DropReason.NAVIGATION),
    ],
)
def test_block_after_article_is_dropped(block: str, dropped: DropReason) -> None:
    result = clean_text(_article(block, position=len(BODY) - 1))
    for line in block.splitlines():
        assert line not in result.text
    assert dropped in {d.reason for d in result.dropped}


def test_caption_above_a_credit_line_is_dropped() -> None:
    result = clean_text(_article("Workers inspect the sea wall at the north quay", "Photo: Harbour Gazette/J. Moreno"))
    assert "Workers inspect the sea wall" not in result.text
    assert ("Workers inspect the sea wall at the north quay", DropReason.CAPTION) in {(d.text, d.reason) for d in result.dropped}


def test_video_title_above_its_duration_is_dropped() -> None:
    result = clean_text(_article("Council votes on the barrier", "00:45", "This browser does not support the video element."))
    assert "Council votes on the barrier" not in result.text
    assert {d.reason for d in result.dropped} == {DropReason.VIDEO_PLACEHOLDER}


def test_menu_before_headline_is_dropped_as_navigation(page: CleanText) -> None:
    reasons = {d.text: d.reason for d in page.dropped}
    for item in ("Skip to main content", "Home", "News", "World", "Weather"):
        assert reasons[item] is DropReason.NAVIGATION


def test_date_banner_above_headline_is_dropped_as_probable_crawl_date(page: CleanText) -> None:
    reasons = {d.text: d.reason for d in page.dropped}
    assert "Thursday 14 March 2019" not in page.text
    assert reasons["Thursday 14 March 2019"] is DropReason.DATE_BANNER


def test_date_line_under_headline_and_dateline_are_kept(page: CleanText) -> None:
    assert "March 13, 2019" in page.text.splitlines()
    assert "PORTVILLE, March 13 -" in page.text


def test_glued_caption_before_a_dateline_is_cut_off() -> None:
    text = _article().replace("PORTVILLE, March 13", "council chamber photoPortville, March 13")
    result = clean_text(text)
    assert "council chamber photo" not in result.text
    assert result.text.count("Portville, March 13 - The harbour council") == 1
    assert ("council chamber photo", DropReason.CAPTION) in {(d.text, d.reason) for d in result.dropped}


def test_every_dropped_line_has_a_reason(page: CleanText) -> None:
    assert page.dropped
    assert all(d.reason and d.text for d in page.dropped)


def test_every_dropped_line_names_its_reason_as_a_drop_reason_member(page: CleanText) -> None:
    reasons = [d.reason for d in page.dropped]
    assert reasons and all(type(r) is DropReason for r in reasons), reasons


def test_drop_reasons_keep_the_texts_stored_reports_have_always_held() -> None:
    # timeline.json and the store write the value: these texts are part of their format.
    assert DropReason.PHOTO_CREDIT == "photo credit" and DropReason.COMMENT_FORM == "comment form"
    assert DropReason.DATE_BANNER == "date banner (probable crawl date)"
    assert DropReason.read("related stories") is DropReason.RELATED_STORIES


def test_a_reason_no_member_names_reads_back_as_its_text() -> None:
    read = DropReason.read("share buttons")  # written by a version that knew this reason
    assert read == "share buttons" and not isinstance(read, DropReason)


# --- what stays ---------------------------------------------------------------------


def test_every_article_paragraph_is_kept(page: CleanText) -> None:
    for paragraph in BODY:
        assert paragraph in page.text
    assert "Construction firms have until June to submit their bids" in page.text


def test_subheading_and_one_sentence_paragraph_inside_body_are_kept(page: CleanText) -> None:
    lines = page.text.splitlines()
    assert "Why now?" in lines
    assert "It will not be cheap." in lines


def test_headline_and_standfirst_are_kept_and_headline_is_the_title(page: CleanText) -> None:
    assert page.title == HEADLINE
    assert page.text.startswith(HEADLINE)
    assert "Councillors voted late on Wednesday to fund a tidal barrier" in page.text


def test_quotes_are_kept(page: CleanText) -> None:
    assert '"We have waited long enough, and every winter' in page.text
    assert '"I want a barrier too, but I want one we can pay for," he said.' in page.text


def test_clean_article_without_boilerplate_is_unchanged() -> None:
    text = "\n\n".join([HEADLINE, *BODY])
    result = clean_text(text)
    assert result.text == text
    assert result.dropped == ()
    assert result.title == HEADLINE


# --- format and robustness ---------------------------------------------------------------


def test_output_uses_newlines_single_blank_lines_and_no_trailing_spaces() -> None:
    raw = _article().replace("\n", "\r\n").replace("harbour council approved", "harbour\xa0council approved")
    raw = raw.replace("\r\n\r\n", "  \r\n\r\n\r\n \r\n")
    result = clean_text(raw)
    assert "\r" not in result.text and "\xa0" not in result.text
    assert "\n\n\n" not in result.text
    assert all(line == line.rstrip() for line in result.text.splitlines())
    assert "harbour council approved" in result.text


def test_lines_within_a_paragraph_stay_together() -> None:
    wrapped = BODY[0].replace(" committing", "\ncommitting")
    result = clean_text(_article().replace(BODY[0], wrapped))
    assert wrapped in result.text


@pytest.mark.parametrize("text", ["", " ", "\n\n\n", "\r\n \t \r\n", "\xa0", "»", "x" * 100_000, ("word " * 20_000).strip()])
def test_degenerate_input_does_not_crash(text: str) -> None:
    result = clean_text(text)
    assert isinstance(result.text, str)
    assert clean_text(result.text).text == result.text


def test_cleaning_is_idempotent_on_the_fixture_page(page: CleanText) -> None:
    again = clean_text(page.text)
    assert again.text == page.text
    assert again.dropped == ()
    assert again.title == page.title


_LINES = st.sampled_from(
    [HEADLINE, *BODY, "Home", "Advertisement", "Related stories", "Why now?", "Leave a Reply", "00:31", "»", "",
     "March 13, 2019", "Photo: Harbour Gazette/J. Moreno", "Tags: a | b |", "Share", "By Ada Lindqvist",
     "Skip to content", "It will not be cheap.", "Thursday 14 March 2019", "1. Home", "2. World"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_LINES, st.text(max_size=80)), max_size=40))
def test_cleaning_clean_text_changes_nothing(lines: list[str]) -> None:
    once = clean_text("\n".join(lines))
    twice = clean_text(once.text)
    assert twice.text == once.text
    assert twice.dropped == ()


# --- the five real reports -------------------------------------------------------------------

MUST_KEEP = {
    "000": ["US pledges ‘zones of stability’ for refugees", "Rex Tillerson insists IS leader",
            "Increased US or allied air power would be required", "It is harder for terrorists to get in",
            "He called on coalition partners to make good on financial pledges", "Sources: Middle East Monitor"],
    "001": ["WASHINGTON: America will not cede leadership", "“America will continue to lead",
            "A defense department watchdog report warned this week"],
    "002": ["US urges allies to accelerates anti-IS campaign", "BRUSSELS, February 11, 2016", "WARPLANES, TRAINING",
            "\"But it certainly would help to de-fuel extremism", "Nato announced on Thursday it will seek"],
    "003": ["Global coalition meets in London to discuss efforts to defeat ISIL", "London, Jan. 23: US Secretary of State",
            "In Mr Kerry’s words:", "After five months of close collaboration on this effort"],
    "004": ["Allies vow to destroy 'IS'", "March 23, 2017", "A US-led 68-nation alliance says", "Hunting down the leader",
            "Disturbing reports", "The coalition has the goal of helping displaced people",
            "Coalition members at Wednesday's meeting vowed"],
}
MUST_DROP = {
    "000": ["Image result for", "( Yunus Keleş - Anadolu Agency )"],
    "001": ["Please enter your comment!", "Please enter your name here"],
    "002": ["Saturday 27 April 2024", "»", "Tags: Syria", "More INTERNATIONAL NEWS Stories", "Calendar of Events", "Ads"],
    "003": ["london press meet", "CLICK HERE", "Leave a Reply", "Fill in your details below", "You are commenting using",
            "Twitter picture", "Facebook photo", "Connecting to %s", "Akismet"],
    "004": ["Skip to content", "Skip to main menu", "USA Anti-IS-Koalition in Washington", "Image: picture-alliance",
            "US hosts anti-IS meeting in Washington", "00:31", "does not support the video element",
            "countriesImage:", "Skip next section", "More stories from DW"],
}


def test_coalition_reports_lose_boilerplate_and_keep_every_paragraph() -> None:
    skip_without_coalition()
    files = {path.name[:3]: path for path in CORPUS.glob("*.txt")}
    assert set(files) >= set(MUST_KEEP)
    for key, path in sorted(files.items()):
        raw = path.read_text(encoding="utf-8")
        result = clean_text(raw)
        for snippet in MUST_KEEP.get(key, []):
            assert snippet in result.text, (path.name, snippet)
        for snippet in MUST_DROP.get(key, []):
            assert snippet not in result.text, (path.name, snippet)
        # every other long paragraph of the report survives
        for line in raw.replace("\xa0", " ").splitlines():
            if len(line.split()) >= 25 and not any(s in line for s in MUST_DROP.get(key, [])):
                assert line.strip() in result.text, (path.name, line[:60])
        assert clean_text(result.text).text == result.text


# --- the HTML path -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def html_page() -> str:
    return (FIXTURES / "harbour_page.html").read_text(encoding="utf-8")


def test_html_path_returns_body_and_page_metadata(html_page: str) -> None:
    result = clean_html(html_page)
    assert result.title == HEADLINE
    assert result.meta["title"] == HEADLINE
    assert result.meta["outlet"] == "Harbour Gazette"
    assert result.meta["url"] == "https://gazette.example/news/flood-barrier"
    assert result.meta["author"] == "Ada Lindqvist"
    assert result.meta["published"] == "2019-03-13"
    for paragraph in BODY:
        assert paragraph in result.text
    assert "Storm closes ferry routes" not in result.text
    assert "Copyright" not in result.text
    assert "\n\n\n" not in result.text


def test_html_published_date_comes_from_metadata_not_the_date_banner(html_page: str) -> None:
    # the page says Thursday 14 March in a class="date" banner; its JSON-LD says 13 March
    assert clean_html(html_page).meta["published"] == "2019-03-13"
    without_metadata = html_page.replace('"datePublished": "2019-03-13T18:20:00Z", ', "")
    assert "published" not in clean_html(without_metadata).meta


def test_html_published_date_read_from_meta_tag_and_time_element(html_page: str) -> None:
    bare = html_page.replace('"datePublished": "2019-03-13T18:20:00Z", ', "")
    tagged = bare.replace("</head>", '<meta property="article:published_time" content="2019-03-12T09:00:00+00:00"></head>')
    assert clean_html(tagged).meta["published"] == "2019-03-12"
    timed = bare.replace("<h1>", '<time datetime="2019-03-11T08:00:00Z" pubdate="pubdate">11 March</time><h1>')
    assert clean_html(timed).meta["published"] == "2019-03-11"


@pytest.mark.parametrize("html", ["", "   ", "<html></html>", "\x00\x01"])
def test_html_path_survives_empty_or_broken_pages(html: str) -> None:
    result = clean_html(html, url="https://gazette.example/x")
    assert result.text == ""
    assert result.meta.get("url") in (None, "https://gazette.example/x")
