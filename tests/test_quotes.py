"""Quotes: finding them, naming their speakers, and merging them across reports.

Every example text is invented for these tests (a fictional ferry story in
Marrowick); the last tests run on the bundled sample corpus, with precision
and recall floors against its gold quotes, and on the five real coalition
reports when they are present.
"""

import dataclasses
import datetime as dt
import json
import pathlib

import pytest
from conftest import COALITION, pair_quotes, sample_label, skip_without_coalition
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.annotate import quotes
from dateline.annotate.quotes import find_quotes, merge_quotes, normalise_speakers
from dateline.model import Article, Copy, DateHow, Origin, Outlet, PublishedDate, QuoteHow, QuoteMention

ROOT = pathlib.Path(__file__).resolve().parents[1]
GOLD = ROOT / "src" / "dateline" / "sample" / "gold" / "gold.json"


def article(text: str, n: int = 1, title: str | None = None, day: int = 6) -> Article:
    return Article(f"{n:016x}", Origin(f"r{n}.txt"), Outlet(None, "none"), title, text,
                   PublishedDate(dt.date(2022, 6, day), DateHow.DATELINE, 0.9))


def quotes_of(text: str, **kw) -> list[QuoteMention]:
    return find_quotes(article(text, **kw))


def only(text: str, **kw) -> QuoteMention:
    found = quotes_of(text, **kw)
    assert len(found) == 1, found
    return found[0]


# -- attribution patterns ----------------------------------------------------------

ATTRIBUTIONS = [
    # (text, speaker, role, the pattern that attributes it)
    ('"The ferry will run again on Friday," said Ilse Borrow, the company\'s operations director.',
     "Ilse Borrow", "company's operations director", QuoteHow.SAID_X),
    ('"Fares will rise by a tenth," Tomas Vey said.', "Tomas Vey", None, QuoteHow.X_SAID),
    ('"The harbour is full every night," harbourmaster Petra Lind says.', "Petra Lind", None, QuoteHow.X_SAID),
    ('"We saw the engine smoke," Captain Joel Marrin told reporters on the quay.', "Joel Marrin", "Captain", QuoteHow.X_SAID),
    ('The engine "had not been serviced for two years", according to Inspector Mara Quill.', "Mara Quill", "Inspector", QuoteHow.ACCORDING_TO),
    ('According to Mara Quill, "the engine had not been serviced for two years."', "Mara Quill", None, QuoteHow.ACCORDING_TO),
    ('Oskar Brandt, who has sailed the route for thirty years, said: "I have never seen the strait this rough."',
     "Oskar Brandt", None, QuoteHow.X_SAID),
    ('Vantrel Lines chief executive Hanna Odell said in a statement: "Safety comes before the timetable."',
     "Hanna Odell", "Vantrel Lines chief executive", QuoteHow.X_SAID),
    ('"The strait is no place for old engines," Lise Aarden wrote in the Marrowick Gazette.', "Lise Aarden", None, QuoteHow.X_SAID),
    ('Harbour Minister Ilse Borrow told the meeting: "The new quay opens in May."', "Ilse Borrow", "Harbour Minister", QuoteHow.X_SAID),
    ('The operator\'s chief engineer, Nils Fenn, said: "Both engines were older than the ship."',
     "Nils Fenn", "operator's chief engineer", QuoteHow.X_SAID),
    ('Fenn, the chief engineer, said the engine was "older than anyone had admitted".', "Fenn", "chief engineer", QuoteHow.X_SAID),
    ('"We will sail when it is safe," said engineer Nils Fenn.', "Nils Fenn", "engineer", QuoteHow.SAID_X),
    ('Interior Minister Dana Oduya said the crossing would reopen "within a matter of days".',
     "Dana Oduya", "Interior Minister", QuoteHow.X_SAID),
    ('"The island cannot wait another week," Osk Foreign Minister Dana Oduya said on Monday.',
     "Dana Oduya", "Osk Foreign Minister", QuoteHow.X_SAID),
    ('"Nobody will lose their job," Dr. Anke Sorel, the port\'s medical officer, told the crews.',
     "Anke Sorel", "port's medical officer", QuoteHow.X_SAID),
]


@pytest.mark.parametrize("text, speaker, role, how", ATTRIBUTIONS)
def test_each_attribution_pattern_names_the_speaker_and_role(text, speaker, role, how):
    q = only(text)
    assert q.speaker == speaker
    if role is not None:
        assert q.role == role
    assert q.how is how and q.reason is None
    assert all(text[s:e] in q.text or text[s:e].rstrip(",") in q.text for s, e in q.parts)


VERBS = ["said", "says", "told reporters", "added", "warned", "insisted", "declared", "promised", "urged",
         "asked", "explained", "noted", "stressed", "argued", "vowed", "stated", "acknowledged", "wrote"]


@pytest.mark.parametrize("verb", VERBS)
def test_every_speech_verb_attributes_a_quote_after_it(verb):
    q = only(f'"The crossing will stay closed until the inspectors are satisfied," Mayor Edda Strand {verb}.')
    assert (q.speaker, q.role) == ("Edda Strand", "Mayor")


@pytest.mark.parametrize("verb", ["said", "added", "warned", "insisted", "explained", "noted", "stressed", "argued"])
def test_an_inverted_verb_puts_the_speaker_after_it(verb):
    assert only(f'"The crossing will stay closed until June," {verb} Edda Strand, the mayor.').speaker == "Edda Strand"


def test_a_dash_before_a_name_attributes_the_quote():
    q = only('"We won the vote" - Mayor Edda Strand, speaking on Monday.')
    assert (q.speaker, q.role, q.how) == ("Edda Strand", "Mayor", QuoteHow.DASH)


def test_told_never_takes_the_listener_as_speaker():
    text = 'Captain Joel Marrin met the crews.\n\n"We sail at dawn," he told Petra Lind.'
    assert only(text).speaker == "Joel Marrin"


# -- split, multi-sentence and multi-paragraph quotes ------------------------------------

def test_a_split_quote_is_one_mention_with_two_parts():
    text = '"The first engine failed at noon," Ilse Borrow said, "and the second an hour later."'
    q = only(text)
    assert len(q.parts) == 2
    assert [text[s:e] for s, e in q.parts] == ["The first engine failed at noon,", "and the second an hour later."]
    assert q.text == "The first engine failed at noon, and the second an hour later."
    assert q.speaker == "Ilse Borrow" and q.how is QuoteHow.SPLIT


def test_a_quote_resumed_after_its_attribution_sentence_is_one_quote():
    q = only('"It sounded like thunder," said Petra Lind, a passenger. "Then the lights went out."')
    assert q.text == "It sounded like thunder. Then the lights went out."
    assert len(q.parts) == 2 and q.speaker == "Petra Lind"


def test_a_second_quote_with_its_own_attribution_stays_apart():
    found = quotes_of('"We waited for hours," said Petra Lind. "Nobody came," said Oskar Brandt, another passenger.')
    assert [(q.text, q.speaker) for q in found] == [("We waited for hours.", "Petra Lind"),
                                                    ("Nobody came.", "Oskar Brandt")]


def test_a_quote_of_several_sentences_is_one_part():
    q = only('"We waited. Nobody came. Then the lights went out," said Petra Lind.')
    assert q.text == "We waited. Nobody came. Then the lights went out."
    assert len(q.parts) == 1 and q.speaker == "Petra Lind"


@pytest.mark.parametrize("open_, close", [('"', '"'), ("“", "”")])
def test_a_paragraph_left_open_continues_into_the_next_that_opens_with_a_mark(open_, close):
    text = (f"Petra Lind, a passenger, said: {open_}We waited on the quay for three hours.\n\n"
            f"{open_}Nobody from the company came to tell us anything.{close}\n\n"
            "The company has apologised.")
    q = only(text)
    assert len(q.parts) == 2
    assert q.text == "We waited on the quay for three hours. Nobody from the company came to tell us anything."
    assert q.speaker == "Petra Lind"


def test_a_multi_paragraph_quote_can_be_attributed_at_its_end():
    text = ('"We waited on the quay for three hours.\n\n'
            '"Nobody from the company came to tell us anything," said Petra Lind, a passenger.')
    q = only(text)
    assert len(q.parts) == 2 and q.speaker == "Petra Lind"


def test_a_quote_paragraph_without_attribution_continues_the_previous_speaker():
    text = ('"The engines are older than the ship," Nils Fenn told reporters.\n\n'
            '"But the hull is sound, and that is what matters."')
    _first, second = quotes_of(text)
    assert second.speaker == "Nils Fenn" and second.how is QuoteHow.CONTINUES_PREVIOUS


# -- pointing back: pronouns and titles ------------------------------------------------

BACK_REFERENCES = [
    ('Captain Joel Marrin inspected the hull on Monday.\n\n"It is worse than we feared," he said.', "Joel Marrin", QuoteHow.PRONOUN_BACK),
    ('Harbour Minister Ilse Borrow visited the quay.\n\n"We will rebuild it," the minister said.', "Ilse Borrow", QuoteHow.TITLE_BACK),
    ('Osk Foreign Minister Dana Oduya arrived on Tuesday. "The strait must stay open," the top Osk diplomat said.',
     "Dana Oduya", QuoteHow.TITLE_BACK),
    ('Vantrel spokeswoman Rina Hale declined to give figures.\n\n"Every passenger will be refunded," the spokeswoman said.',
     "Rina Hale", QuoteHow.TITLE_BACK),
    ('Mayor Edda Strand met the families. She said the town would pay for "every night in a hotel".', "Edda Strand", QuoteHow.PRONOUN_BACK),
    ('Edda Strand, the mayor, met the families.\n\nAsked about the cost, she said: "The town will pay."', "Edda Strand", QuoteHow.PRONOUN_BACK),
]


@pytest.mark.parametrize("text, speaker, how", BACK_REFERENCES)
def test_a_pronoun_or_title_points_back_to_the_last_person_named(text, speaker, how):
    q = only(text)
    assert q.speaker == speaker and q.reason is None and q.how is how


def test_a_surname_in_the_attribution_becomes_the_full_name_the_report_gave():
    text = 'Petra Lind boarded at six.\n\n"We waited for hours," Lind said.'
    assert only(text).speaker == "Petra Lind"


# -- job titles before a name, and surnames with inner capitals ----------------------------

JOB_TITLES = [
    # (text, speaker, role): a capitalised job word before a name is the role, never a first name
    ('"We were second to every ball," Striker Jonas Avery said.', "Jonas Avery", "Striker"),
    ('Prosecutor Elin Harwick told the court: "The logbook was rewritten after the crossing."',
     "Elin Harwick", "Prosecutor"),
    ('"Nobody in the school slept that night," said Headteacher Rasmus Kell.', "Rasmus Kell", "Headteacher"),
    ('"The crew did everything we trained them for," Nurse Tove Lindahl told reporters.', "Tove Lindahl", "Nurse"),
    ('Economist Greta Sommer said the new fares were "a tax on living on an island".', "Greta Sommer", "Economist"),
    ('"The galley fire was out in a minute," Chef Oona Bryce said.', "Oona Bryce", "Chef"),
    ('"Every berth is booked until June," Vice-Chancellor Ivo Brandt said.', "Ivo Brandt", "Vice-Chancellor"),
    ('"The strait will be busier than ever," Marrowick Gazette Analyst Pia Hald wrote.', "Pia Hald",
     "Marrowick Gazette Analyst"),
    # a job word that is a surname, or a trade that is a first name, stays in the name
    ('"The engines were sound when they left," Paul Nurse said.', "Paul Nurse", None),
    ('"The engines were sound when they left," Mason Reid said.', "Mason Reid", None),
]


@pytest.mark.parametrize("text, speaker, role", JOB_TITLES)
def test_a_job_title_before_a_name_is_the_role_not_a_first_name(text, speaker, role):
    q = only(text)
    assert (q.speaker, q.role) == (speaker, role)


@pytest.mark.parametrize("job", ["Striker", "Prosecutor", "Headteacher", "Coach", "Detective", "Economist",
                                 "Spokeswoman", "Ambassador"])
def test_a_job_title_stays_out_of_the_name_across_the_story(job):
    text = (f'{job} Tilde Morrow arrived on the first ferry.\n\n'
            f'"The timetable was a fiction," Morrow said.\n\n"We will sail when it is safe," she added.')
    found = normalise_speakers(quotes_of(text))
    assert [(q.speaker, q.role) for q in found] == [("Tilde Morrow", job)] * 2


SURNAMES = ["Orla Kinsella-Brandt", "Declan McAuley", "Fiona MacInnes", "Niamh O'Dowd", "Niamh O’Dowd",
            "Marco DiLorenzo", "Ruth LeBlanc", "Ilse van-Dorn"]


@pytest.mark.parametrize("name", SURNAMES)
def test_a_later_surname_mention_is_found_however_the_surname_is_capitalised(name):
    # "she" points back to the last person named: the surname alone in the third paragraph,
    # after another person was named in the second
    surname = name.split()[-1].removeprefix("van-")
    text = (f"{name}, the harbour master, closed the quay on Monday.\n\n"
            "Ferry captain Joel Marrin had sailed through the storm.\n\n"
            f"On Tuesday {surname} defended the decision.\n\n"
            '"The quay is not safe for anyone," she said.')
    assert only(text).speaker == name


def test_a_surname_with_a_curly_apostrophe_is_the_person_named_with_a_straight_one():
    text = ("Niamh O'Dowd, the harbour master, closed the quay on Monday.\n\n"
            "Ferry captain Joel Marrin had sailed through the storm.\n\n"
            "On Tuesday O’Dowd defended the decision.\n\n"
            '"The quay is not safe for anyone," she said.')
    assert only(text).speaker == "Niamh O'Dowd"


def test_a_pronoun_after_an_unnamed_speaker_stays_unnamed():
    text = 'An official at the harbour office, who asked not to be named, described the repairs.\n\n"It will take months," the official said.'
    q = only(text)
    assert q.speaker is None and q.reason.startswith("unnamed speaker (")


# -- unnamed and unknown speakers --------------------------------------------------------

@pytest.mark.parametrize(
    "text, reason",
    [
        ('"The ferry is safe," a spokesperson said.', "unnamed speaker (a spokesperson)"),
        ('"The ferry is safe to sail," an official said.', "unnamed speaker (an official)"),
        ('A spokesperson for the harbour office said: "All sailings are suspended."',
         "unnamed speaker (a spokesperson for the harbour office)"),
        ('"My son was on that ferry," said one woman, who did not give her name.', "unnamed speaker (one woman)"),
    ],
)
def test_an_unnamed_speaker_has_no_speaker_and_says_why(text, reason):
    q = only(text)
    assert q.speaker is None and q.reason == reason


def test_they_is_an_unnamed_group():
    q = only('Residents gathered at the quay.\n\n"We will stay until the ferry comes," they said.')
    assert q.speaker is None and q.reason == "unnamed speakers ('they')"


def test_a_quote_without_attribution_keeps_speaker_none_with_a_reason():
    q = only('The notice on the gate read "All sailings are cancelled until further notice."')
    assert q.speaker is None and q.reason and q.how is QuoteHow.NONE


def test_a_pronoun_before_a_colon_with_no_one_named_before_is_attributed_but_unnamed():
    q = only('On Monday she turned to the delegates: "The crossing stays shut."')
    assert q.speaker is None and q.how is QuoteHow.COLON and q.reason == "'she' points to no one named before"


def test_an_organisation_is_not_a_person():
    q = only('The company said it would "review every engine in the fleet".')
    assert q.speaker is None and "no person named" in q.reason


# -- not quotes ---------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text",
    [
        'Police sealed off what residents call the "red zone" near the quay.',
        "Officials debated a 'no fly' rule over the strait.",
        "The so-called “harbour tax” was dropped on Monday.",
        'He called the plan "naive" and left.',
        "The government pledged ‘zones of calm’ for the islands.",
        'The ministry vowed to set up "zones of calm" for the islands.',
        'The report "Engines and the Open Sea" was published in May.',
        "The company's 'Safe Seas' campaign ended.",
    ],
)
def test_scare_quotes_and_titles_are_not_quotes(text):
    assert quotes_of(text) == []


def test_a_three_word_quote_a_speech_verb_introduces_is_kept():
    q = only('The mayor, Edda Strand, said the town had received "not one krona" from the company.')
    assert (q.text, q.speaker) == ("not one krona", "Edda Strand")


@pytest.mark.parametrize(
    "text",
    [
        '"The engines are older than the ship," said Nils Fenn.',
        "“The engines are older than the ship,” said Nils Fenn.",
        "‘The engines are older than the ship,’ said Nils Fenn.",
    ],
)
def test_curly_straight_and_single_marks_find_the_same_quote(text):
    q = only(text)
    assert (q.text, q.speaker) == ("The engines are older than the ship.", "Nils Fenn")


def test_apostrophes_are_not_quote_marks():
    text = "The ferry’s engines and the crews' pay were discussed. 'We are not done,' said Nils Fenn."
    assert [(q.text, q.speaker) for q in quotes_of(text)] == [("We are not done.", "Nils Fenn")]


def test_a_headline_quote_takes_the_speaker_of_the_body_quote_it_repeats():
    title = "'We will not sail again': ferry crews walk out"
    text = f'{title}\n\n"We will not sail again until the engines are replaced," said engineer Nils Fenn.'
    found = find_quotes(article(text, title=title))
    assert [q.speaker for q in found] == ["Nils Fenn", "Nils Fenn"]
    assert found[0].how is QuoteHow.HEADLINE_REPEATS_BODY


# -- provenance: a kind code reads, a detail people read ------------------------------------

PROVENANCE_STORY = (
    "'We will not sail again': ferry crews walk out\n\n"
    '"We will not sail again until the engines are replaced," said engineer Nils Fenn.\n\n'
    '"The first engine failed at noon," Fenn said, "and the second an hour later."\n\n'
    '"But the hull is sound, and that is what matters."\n\n'
    "Harbour Minister Ilse Borrow visited the quay.\n\n"
    '"We will rebuild it," the minister said.\n\n'
    'Captain Joel Marrin inspected the hull on Monday.\n\n"It is worse than we feared," he said.'
)


def provenance_quotes() -> list[QuoteMention]:
    return find_quotes(article(PROVENANCE_STORY, title="'We will not sail again': ferry crews walk out"))


def test_every_quote_names_how_it_was_attributed_with_a_quote_how_member():
    found = provenance_quotes()
    assert all(type(q.how) is QuoteHow for q in found)
    assert [q.how for q in found] == [QuoteHow.HEADLINE_REPEATS_BODY, QuoteHow.SAID_X, QuoteHow.SPLIT,
                                      QuoteHow.CONTINUES_PREVIOUS, QuoteHow.TITLE_BACK, QuoteHow.PRONOUN_BACK]
    assert all(q.detail for q in found)


def test_rewording_the_details_changes_no_speaker_and_no_kind(monkeypatch):
    before = provenance_quotes()
    for name in ("_AFTER", "_BEFORE", "_SPLIT_DETAIL", "_CONTINUES_DETAIL", "_HEADLINE_DETAIL",
                 "_PRONOUN_BACK_DETAIL", "_TITLE_ROLE_DETAIL", "_TITLE_NAMED_DETAIL"):
        monkeypatch.setattr(quotes, name, f"(reworded) {getattr(quotes, name)}, said otherwise")  # keeps its fields
    after = provenance_quotes()
    assert [q.detail for q in after] != [q.detail for q in before]
    assert [dataclasses.replace(q, detail="") for q in after] == [dataclasses.replace(q, detail="") for q in before]


def test_people_spans_from_spacy_can_name_an_antecedent():
    text = 'Talia Morrow, fresh from the crossing, looked at the hull.\n\n"It is worse than we feared," she said.'
    start = text.index("Talia Morrow")
    assert only(text).speaker is None  # a name the rules cannot tell from a place
    q = find_quotes(article(text), people=[(start, start + len("Talia Morrow"), "Talia Morrow")])[0]
    assert q.speaker == "Talia Morrow"


def test_people_spans_that_are_places_do_not_capture_a_pronoun():
    text = 'Edda Strand walked down Millbank Road.\n\n"It is worse than we feared," she said.'
    start = text.index("Millbank Road")
    q = find_quotes(article(text), people=[(start, start + len("Millbank Road"), "Millbank Road")])[0]
    assert q.speaker == "Edda Strand"


# -- normalise_speakers ---------------------------------------------------------------------

def mention(speaker, role=None, n=1, text="x"):
    return QuoteMention(f"{n:016x}", ((0, 1),), text, speaker, None, role)


def test_surnames_and_titled_names_map_to_the_longest_full_name_with_the_title_as_role():
    found = normalise_speakers([mention("Interior Minister Dana Oduya"), mention("Oduya", n=2),
                                mention("Dana Oduya", n=3), mention("Mr. Vey", n=4), mention("Mr Vey", n=5),
                                mention("Tomas Vey", n=6)])
    assert [m.speaker for m in found] == ["Dana Oduya"] * 3 + ["Tomas Vey"] * 3
    assert {m.role for m in found[:3]} == {"Interior Minister"}


def test_two_people_sharing_a_surname_stay_apart():
    found = normalise_speakers([mention("Anna Vey"), mention("Tomas Vey", n=2), mention("Vey", n=3)])
    assert [m.speaker for m in found] == ["Anna Vey", "Tomas Vey", "Vey"]


def test_a_spelling_variant_of_a_first_name_is_the_same_person():
    found = normalise_speakers([mention("Dmitri Orlov"), mention("Dmitry Orlov", n=2), mention("Orlov", n=3)])
    assert len({m.speaker for m in found}) == 1


def test_normalising_twice_changes_nothing():
    once = normalise_speakers([mention("Harbour Minister Ilse Borrow"), mention("Borrow", n=2), mention(None)])
    assert normalise_speakers(once) == once


# -- merge_quotes ---------------------------------------------------------------------------

COURIER = 'Captain Joel Marrin inspected the hull.\n\n"The bank simply slid away under our feet. It is a miracle nobody was killed," said Joel Marrin.'
LEDGER = 'Engineers worked through the night.\n\n"The bank simply slid away under our feet. It is a miracle no one was killed," Marrin told reporters.'
GAZETTE = 'The quay reopened.\n\n"It is a miracle nobody was killed," a spokesperson said.'


def build(*texts):
    arts = [article(t, n=i + 1, day=6 + i) for i, t in enumerate(texts)]
    mentions = normalise_speakers([m for a in arts for m in find_quotes(a)])
    return arts, mentions, {a.id: a.text for a in arts}


def test_the_same_quote_in_two_reports_is_one_quote_with_both_sources_and_the_variant():
    arts, mentions, texts = build(COURIER, LEDGER)
    (q,) = merge_quotes(mentions, texts)
    assert [s.article for s in q.sources] == [arts[0].id, arts[1].id]
    assert q.speaker == "Joel Marrin" and q.origins == 2
    assert q.variants == ("The bank simply slid away under our feet. It is a miracle no one was killed.",)
    for ref in q.sources:
        assert texts[ref.article][ref.start:ref.end].startswith("The bank simply")


def test_a_copy_counts_once():
    arts, mentions, texts = build(COURIER, LEDGER)
    (q,) = merge_quotes(mentions, texts, [Copy(arts[1].id, arts[0].id, 0.9)])
    assert len(q.sources) == 2 and q.origins == 1


def test_a_shorter_quote_inside_a_longer_one_joins_it_and_the_speaker_is_the_one_most_sources_name():
    _arts, mentions, texts = build(COURIER, LEDGER, GAZETTE)
    (q,) = merge_quotes(mentions, texts)
    assert q.origins == 3 and q.speaker == "Joel Marrin"
    assert "It is a miracle nobody was killed." in q.variants


def test_different_quotes_stay_apart_in_order_of_first_appearance():
    other = '"The insurers will pay for the new engines," said Ilse Borrow, the operations director.'
    _arts, mentions, texts = build(other, COURIER)
    assert [q.speaker for q in merge_quotes(mentions, texts)] == ["Ilse Borrow", "Joel Marrin"]


def test_a_split_quote_whose_sentences_other_reports_carry_apart_is_split_to_match():
    one = ('"Nearly all of the old engines have now been replaced," Ilse Borrow said. '
           '"It is only a matter of weeks before the last ferry returns."')
    two = ('"Nearly all of the old engines have now been replaced," Borrow told the council.\n\n'
           '"It is only a matter of weeks before the last ferry returns," she promised.')
    _arts, mentions, texts = build("Ilse Borrow chairs the board.\n\n" + one, "Ilse Borrow chairs the board.\n\n" + two)
    found = merge_quotes(mentions, texts)
    assert [(len(q.sources), q.origins) for q in found] == [(2, 2), (2, 2)]
    assert found[0].text.startswith("Nearly all") and found[1].text.startswith("It is only")


def test_no_speaker_when_no_source_names_one():
    _arts, mentions, texts = build('"The quay is closed," a spokesperson said.', '"The quay is closed," an official said.')
    (q,) = merge_quotes(mentions, texts)
    assert q.speaker is None and q.origins == 2


def test_merging_is_deterministic():
    _arts, mentions, texts = build(COURIER, LEDGER, GAZETTE)
    assert merge_quotes(mentions, texts) == merge_quotes(list(mentions), dict(texts))


@settings(max_examples=40, deadline=None)
@given(st.permutations(range(5)))
def test_which_occurrences_join_does_not_depend_on_the_order_of_reports(order):
    other = '"The insurers will pay for the new engines," said Ilse Borrow, the operations director.'
    arts, mentions, texts = build(COURIER, LEDGER, GAZETTE, other, LEDGER.replace("Engineers", "Divers"))
    shuffled = [m for i in order for m in mentions if m.article == arts[i].id]
    groups = {frozenset(q.sources) for q in merge_quotes(shuffled, texts)}
    assert groups == {frozenset(q.sources) for q in merge_quotes(mentions, texts)}
    assert sum(len(g) for g in groups) == len(mentions)


# -- the bundled sample corpus: precision and recall against gold ---------------------------

#: Floors under the scores measured when the quotes stage was written (all 1.0 then, 48 of 48);
#: one quote is worth 0.02. Raise them, never lower them without saying why in the commit message.
SAMPLE_FLOORS = {"text_precision": 0.97, "text_recall": 0.97, "precision": 0.95, "recall": 0.95, "sources": 0.95}








@pytest.fixture(scope="module")
def sample_quotes():
    from dateline.pipeline import SAMPLE_DIR, run_build

    articles = sorted(run_build([str(SAMPLE_DIR)]).timeline.articles,
                      key=lambda a: a.published.date or dt.date.max)  # first appearance = first published
    gold = json.loads(GOLD.read_text())
    by_label = {a.origin.label(): a for a in articles}
    copies = [Copy(by_label[sample_label(c["copy"])].id, by_label[sample_label(c["original"])].id, 0.9) for c in gold["copies"]]
    mentions = normalise_speakers([m for a in articles for m in find_quotes(a)])
    quotes = merge_quotes(mentions, {a.id: a.text for a in articles}, copies)
    return gold, quotes, {a.id: a.origin.label() for a in articles}


def test_sample_quotes_meet_the_precision_and_recall_floors(sample_quotes):
    gold, quotes, labels = sample_quotes
    expected = gold["quotes"]
    matched = pair_quotes([g["text"] for g in expected], [q.text for q in quotes])
    speakers = sum(expected[g]["speaker"] == quotes[p].speaker for g, p in matched.items())
    sources = sum({sample_label(s) for s in expected[g]["sources"]} == {labels[s.article] for s in quotes[p].sources}
                  for g, p in matched.items())
    scores = {
        "text_precision": len(matched) / len(quotes), "text_recall": len(matched) / len(expected),
        "precision": speakers / len(quotes), "recall": speakers / len(expected),
        "sources": sources / len(expected),
    }
    assert all(scores[k] >= floor for k, floor in SAMPLE_FLOORS.items()), scores


def test_sample_scare_quotes_are_not_quotes(sample_quotes):
    _, quotes, _ = sample_quotes
    texts = {q.text.casefold() for q in quotes}
    assert not texts & {"red zone", "community fund", "upstream raising", "where were you?"}


def test_sample_wire_copy_counts_once(sample_quotes):
    _, quotes, _ = sample_quotes
    (q,) = [q for q in quotes if q.text.startswith("The bank simply slid away")]
    assert len(q.sources) == 2 and q.origins == 1 and q.speaker == "Ruben Aster"


# -- the five real coalition reports ------------------------------------------------------------

@pytest.fixture(scope="module")
def coalition_quotes():
    skip_without_coalition()
    from dateline.pipeline import run_build

    articles = run_build([str(COALITION)]).timeline.articles
    mentions = normalise_speakers([m for a in articles for m in find_quotes(a)])
    names = {a.id: pathlib.Path(a.origin.path).name[:3] for a in articles}
    return merge_quotes(mentions, {a.id: a.text for a in articles}), names


def test_coalition_shared_tillerson_quote_is_one_quote_with_two_sources(coalition_quotes):
    quotes, names = coalition_quotes
    (q,) = [q for q in quotes if "Nearly all of Abu Bakr al-Baghdadi" in q.text.replace("’", "'")]
    assert "including the mastermind behind the attacks in Brussels, Paris and elsewhere" in q.text
    assert sorted(names[s.article] for s in q.sources) == ["000", "004"]
    assert q.origins == 2 and q.speaker == "Rex Tillerson"


@pytest.mark.parametrize(
    "report, words, speaker",
    [
        ("002", "Our focus here is going to be on counter-ISIL", "Ash Carter"),
        ("002", "This is a terrific opportunity", "Ash Carter"),
        ("001", "America will continue to lead", "Mike Pompeo"),
        ("001", "is not a change in the mission", "Mike Pompeo"),
        ("003", "we are here to strengthen the international coalition", "Haider al-Abadi"),
        ("003", "I think we have established now a very successful network", "Haider al-Abadi"),
        ("003", "We all understand that Daesh", "John Kerry"),
        ("000", "It is only a matter of time before Baghdadi", "Rex Tillerson"),
        ("000", "The great commonality among we who have gathered today", "Rex Tillerson"),
        ("000", "The United States will increase our pressure", "Rex Tillerson"),
        ("000", "It is harder for terrorists to get in", "Rex Tillerson"),
    ],
)
def test_coalition_officials_quotes_get_their_speakers(coalition_quotes, report, words, speaker):
    quotes, names = coalition_quotes
    found = [q for q in quotes if words in q.text and report in {names[s.article] for s in q.sources}]
    assert [q.speaker for q in found] == [speaker]


def test_coalition_scare_quotes_are_not_quotes(coalition_quotes):
    quotes, _ = coalition_quotes
    texts = {q.text.casefold().strip(".") for q in quotes}
    assert not texts & {"zones of stability", "no fly", "firmly united", "gratified", "very open", "islamic state"}


# -- later mentions by surname are looked up, not scanned for at every character ------------------


@pytest.mark.parametrize("name", [
    "Oriel Kinsella-Brandt", "Tam McAuley", "Rhona O'Neill", "Rhona O’Neill", "Karim al-Oudeh", "Sami Abu-Rish",
    "Ilse Borrow", "Dr. Ann Lee", "Ann Lee-Smith", "Pia Keel",
])
def test_surname_starts_are_where_the_surname_pattern_matches(name):
    from dateline.annotate.speakers import surname_pattern, surname_starts

    text = ("Kinsella-Brandt and KINSELLA-BRANDT met McAuley, MCAULEY and Mcauley. O'Neill, O’Neill and O'NEILL "
            "spoke to al-Oudeh, Al-Oudeh, AL-OUDEH and Oudeh; abu-Rish and Rish left. Borrow's aide, Borrowdale "
            "and the keel of the ship, Keel, al-Keel. Lee, Leeson, Lee-Smith and LEE. xOudeh Oudehx ab-Oudeh. "
            "la-Borrow, bin-Borrow, ibn-Lee")
    assert surname_starts(name, text) == [m.start() for m in surname_pattern(name).finditer(text)]
    assert surname_starts(name, text)  # each name is found at least once
