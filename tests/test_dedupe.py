"""Copies (reprinted reports) and repeats (passages printed twice).

Every example text is invented for these tests (a fictional algae bloom in
Lake Tessaly); the last tests run on the bundled sample corpus against its
gold, and on the five real coalition reports when they are present.
"""

import datetime as dt
import json
import pathlib

import numpy as np
import pytest
from conftest import COALITION, sample_label, skip_without_coalition
from datasketch import LeanMinHash, MinHash, MinHashLSH
from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.model import Article, Copy, DateHow, Origin, Outlet, PublishedDate
from dateline.story import dedupe
from dateline.story.dedupe import find_copies, find_repeats

ROOT = pathlib.Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "src" / "dateline" / "sample"

WIRE = [
    "CARROW (Lakeside Wire) - Water from Lake Tessaly will be rationed for at least two weeks after a toxic algae "
    "bloom forced the closure of the main intake serving Carrow and four nearby towns, the regional water board "
    "said on Monday.",
    "Households will receive water from tankers for three hours each morning and evening, and schools in Carrow, "
    "Venn and Oldbridge will stay closed until Thursday, officials said.",
    '"We will not open the intake again until two laboratories agree that the water is safe to drink," said '
    "Marta Ilves, who chairs the water board.",
    "Tests on Sunday found toxins at nine times the safe level near the intake tower, which draws about 80,000 "
    "cubic metres a day. Farmers have been told not to water livestock from the lake.",
    "The Tessaly reservoir was built in 1964 to supply the mill towns of the upper valley. It holds about 140 "
    "million cubic metres when full and has been closed twice before, in 1991 and 2008, after blooms in hot and "
    "still summers.",
    "The board said it had asked the army for two more mobile treatment plants and expected the first of them to "
    "arrive by Wednesday.",
    "Shops in Carrow sold out of bottled water within hours of the announcement, and the town council opened "
    "three distribution points at schools and the sports hall.",
    "The board will publish its test results every evening on its website. (Reporting by Ivo Marren; Editing by "
    "Sella Dray)",
]
BACKGROUND = WIRE[4]
QUOTE = WIRE[2]

FARMS = [
    "OLDBRIDGE - Dairy farmers on the eastern shore of Lake Tessaly began trucking in water for their herds on "
    "Tuesday, a day after the regional ban on drawing from the lake.",
    "Pieter Anholt, who milks 120 cows near Venn, said the hire of a tanker cost him more than a week of milk "
    "sales. His neighbours have started sharing one lorry between four farms.",
    "The farmers' union wants the province to pay for the haulage and has asked for a meeting with the agriculture "
    "minister before the weekend.",
    "Vets say cattle can go without water for barely a day in the heat, and several farms have already moved "
    "calves to relatives' land on the far side of the hills.",
    "Some farmers blame fertiliser run-off from the new greenhouses at Skell for feeding the bloom, a claim the "
    "growers' association rejects.",
    "The union said it would organise a convoy of tractors to the water board's offices in Carrow if no help was "
    "offered by Friday.",
]

COUNCIL = [
    "VENN - The town council voted on Wednesday to spend 400,000 crowns on a second pipeline to the wells at "
    "Marsh End, so that the town no longer depends on a single source.",
    "Councillor Anja Pell said the plan had been shelved three times since 2008 for lack of money, and that the "
    "algae crisis had shown what that saving cost.",
    "Work could begin in the spring if the province approves the loan, and would take about 18 months.",
    "Opposition councillors said the wells at Marsh End were too shallow to supply the town in a dry summer and "
    "asked for a study of the aquifer first.",
]


def copy_groups(copies):
    """The groups ``copies`` form (an original with its copies), as sets of article ids."""
    groups = {}
    for copy in copies:
        groups.setdefault(copy.original, {copy.original}).add(copy.article)
    return sorted((frozenset(g) for g in groups.values()), key=sorted)


def text_of(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


def article(text: str, name: str, published: dt.date | None = None, *, earliest: dt.date | None = None,
            title: str | None = None) -> Article:
    if published is None:
        date = PublishedDate(None, DateHow.NONE, 0.0, reason="not stated", earliest=earliest)
    else:
        date = PublishedDate(published, DateHow.METADATA, 1.0)
    return Article(f"id-{name}", Origin(f"{name}.txt"), Outlet(None, "none"), title, text, date)


def day(n: int) -> dt.date:
    return dt.date(2023, 7, n)


def replace_words(paragraphs: list[str], *pairs: tuple[str, str]) -> list[str]:
    text = text_of(paragraphs)
    for old, new in pairs:
        assert old in text
        text = text.replace(old, new, 1)
    return text.split("\n\n")


# -- copies ------------------------------------------------------------------------


REPRINTS = {
    "a word changed": replace_words(WIRE, ("rationed", "restricted")),
    "a few words changed": replace_words(WIRE, ("rationed", "restricted"), ("officials said", "a spokesman said"),
                                         ("nine times", "nearly ten times")),
    "the last paragraph trimmed": WIRE[:-1],
    "trimmed and two words changed": replace_words(WIRE[:-1], ("Monday", "Mon."), ("Wednesday", "midweek")),
    "a sentence dropped and one added": replace_words(
        WIRE, (" Farmers have been told not to water livestock from the lake.", ""),
        ("sports hall.", "sports hall. Queues formed before dawn."),
    ),
    "two paragraphs swapped": WIRE[:5] + [WIRE[6], WIRE[5]] + WIRE[7:],
}


@pytest.mark.parametrize("edits", REPRINTS, ids=list(REPRINTS))
def test_a_reprint_with_small_edits_is_a_copy_of_the_earliest_published(edits):
    wire = article(text_of(WIRE), "wire", day(3), title="Lake Tessaly water rationed after algae bloom")
    reprint = article(text_of(REPRINTS[edits]), "reprint", day(4), title="Toxic bloom: taps run dry in Carrow")
    for given_order in ([wire, reprint], [reprint, wire]):
        [copy] = find_copies(given_order)
        assert (copy.article, copy.original) == ("id-reprint", "id-wire")
        assert 0.5 <= copy.similarity <= 1.0


@pytest.mark.parametrize(
    ("first", "second", "original"),
    [
        ((None, None), (None, None), "a"),  # no dates: the first given
        ((day(5), None), (day(5), None), "a"),  # the same day: the first given
        ((None, None), (day(9), None), "b"),  # a dated report before an undated one
        ((day(9), None), (None, day(2)), "b"),  # an earliest bound counts when the day is unknown
        ((day(9), None), (day(8), None), "b"),  # the earliest published, whatever the order
    ],
)
def test_the_first_appearance_is_the_earliest_published_else_the_first_given(first, second, original):
    a = article(text_of(WIRE), "a", first[0], earliest=first[1])
    b = article(text_of(WIRE[:-1]), "b", second[0], earliest=second[1])
    [copy] = find_copies([a, b])
    assert copy.original == f"id-{original}"
    assert copy.article == ("id-b" if original == "a" else "id-a")


def test_when_dates_are_unknown_the_first_ingested_wins():
    a = article(text_of(WIRE), "a")
    b = article(text_of(WIRE[:-1]), "b")
    assert find_copies([a, b]) == [Copy("id-b", "id-a", find_copies([a, b])[0].similarity)]
    assert [c.original for c in find_copies([b, a])] == ["id-b"]


SHARING = {
    "a background paragraph": (FARMS[:3] + [BACKGROUND] + FARMS[3:], None),
    "a quote": (FARMS[:2] + [QUOTE] + FARMS[2:], None),
    "a background paragraph and a quote": (FARMS[:2] + [QUOTE, BACKGROUND] + FARMS[2:], None),
    "two short reports and a background paragraph": (COUNCIL[:2] + [BACKGROUND], FARMS[:2] + [BACKGROUND]),
}


@pytest.mark.parametrize("case", SHARING, ids=list(SHARING))
def test_reports_sharing_a_background_paragraph_or_a_quote_are_not_copies(case):
    other, wire = SHARING[case]
    a = article(text_of(wire or WIRE), "a", day(3))
    b = article(text_of(other), "b", day(4))
    assert find_copies([a, b]) == []


def test_reprints_of_reprints_form_one_group_linked_to_the_first_appearance():
    # b keeps the first six paragraphs of a; c keeps b's last four and adds four of its own.
    a = WIRE
    b = WIRE[:6] + [COUNCIL[2], COUNCIL[3]]
    c = b[2:] + FARMS[:2]
    shingles = {k: np.unique(dedupe._shingles(dedupe._words(text_of(v)).hashes, 5)) for k, v in zip("abc", (a, b, c), strict=True)}
    assert dedupe._jaccard(shingles["a"], shingles["c"]) < dedupe.COPY_THRESHOLD  # not a copy of a by itself
    articles = [article(text_of(c), "c", day(6)), article(text_of(a), "a", day(4)), article(text_of(b), "b", day(5))]
    copies = find_copies(articles)
    assert {(x.article, x.original) for x in copies} == {("id-b", "id-a"), ("id-c", "id-a")}
    assert copy_groups(copies) == [frozenset({"id-a", "id-b", "id-c"})]


def test_a_story_reprinted_many_times_stays_one_group_when_buckets_are_too_big_to_pair(monkeypatch):
    words = ["rationed", "closure", "Households", "schools", "laboratories", "Sunday", "reservoir", "army"]
    reprints = [article(text_of(WIRE).replace(w, "X"), f"r{k}", day(k + 2)) for k, w in enumerate(words)]
    everything = copy_groups(find_copies(reprints))
    monkeypatch.setattr(dedupe, "_BUCKET_PAIRS_UP_TO", 2)  # only neighbours and the first of a bucket are paired
    assert copy_groups(find_copies(reprints)) == everything == [frozenset(r.id for r in reprints)]


def test_copies_come_in_the_order_of_the_given_articles_and_an_empty_text_is_never_a_copy():
    articles = [article(text_of(WIRE[:-1]), "b", day(5)), article("", "empty"), article("", "empty2"),
                article(text_of(WIRE), "a", day(4)), article(text_of(REPRINTS["a word changed"]), "c", day(6))]
    assert [c.article for c in find_copies(articles)] == ["id-b", "id-c"]
    assert find_copies([]) == [] and find_copies(articles[:1]) == []


def test_case_and_full_width_letters_do_not_make_a_reprint_different():
    upper = text_of(WIRE).replace("Carrow", "CARROW").replace("Tessaly", "Ｔｅｓｓａｌｙ")
    [copy] = find_copies([article(text_of(WIRE), "a", day(3)), article(upper, "b", day(4))])
    assert copy.similarity == 1.0


def test_signatures_are_datasketch_minhashes_of_the_shingles():
    articles = [article(text_of(WIRE), "a"), article(text_of(FARMS), "b")]
    signatures, has_words = dedupe._signatures(articles, 5)
    for row, a in zip(signatures, articles, strict=True):
        minhash = MinHash(num_perm=dedupe.NUM_PERM, seed=dedupe.MINHASH_SEED, scheme="affine32", hashfunc=int)
        minhash.update_batch(dedupe._shingles(dedupe._words(a.text).hashes, 5).tolist())
        assert (minhash.hashvalues == row).all()
    assert has_words.all()


def test_the_candidate_pairs_are_those_of_a_datasketch_minhashlsh_index():
    stories = [WIRE, FARMS, COUNCIL, WIRE[:5] + FARMS[3:], FARMS[:3] + COUNCIL[1:]]
    texts = [text_of(s[:cut]) for s in stories for cut in (len(s), len(s) - 1, len(s) - 2)]
    articles = [article(t, f"r{k}") for k, t in enumerate(texts)]
    signatures, has_words = dedupe._signatures(articles, 5)
    params = dedupe._lsh_params(0.5)
    index = MinHashLSH(num_perm=dedupe.NUM_PERM, params=params)
    expected = set()
    for i, row in enumerate(signatures):
        sketch = LeanMinHash(seed=dedupe.MINHASH_SEED, hashvalues=row, scheme="affine32")
        expected |= {(j, i) for j in index.query(sketch)}
        index.insert(i, sketch)
    found = dedupe._lsh_candidates(signatures, np.flatnonzero(has_words), np.arange(len(articles)), params)
    assert {tuple(p) for p in found.tolist()} == expected
    assert len(expected) > len(stories) * 3  # not a vacuous comparison


@pytest.mark.parametrize("threshold", [0.0, -0.5, 1.5])
def test_a_threshold_outside_0_to_1_is_refused(threshold):
    with pytest.raises(ValueError, match="threshold"):
        find_copies([article("a b", "a")], threshold=threshold)


# A pile of reports made from three stories with random small edits and dates.
STORIES = [WIRE, FARMS, COUNCIL + FARMS[4:]]
DATES = [None, day(1), day(2), day(3)]
SUBSTITUTES = ["lake", "board", "farmers", "said", "water", "on", "the", "Tuesday"]


@st.composite
def piles(draw):
    reports = []
    for k in range(draw(st.integers(2, 9))):
        paragraphs = list(STORIES[draw(st.integers(0, len(STORIES) - 1))])
        if draw(st.booleans()):
            paragraphs = paragraphs[:-1]
        words = text_of(paragraphs).split(" ")
        for _ in range(draw(st.integers(0, 8))):
            words[draw(st.integers(0, len(words) - 1))] = draw(st.sampled_from(SUBSTITUTES))
        text = " ".join(words)
        if all(text != r.text for r in reports):
            reports.append(article(text, f"r{k}", draw(st.sampled_from(DATES))))
    return reports, draw(st.permutations(reports))


@settings(max_examples=60, deadline=None)
@given(piles())
def test_shuffling_the_reports_gives_the_same_copy_groups(pile):
    reports, shuffled = pile
    copies = find_copies(reports)
    assert copy_groups(find_copies(shuffled)) == copy_groups(copies)
    assert find_copies(reports) == copies  # deterministic
    dates = [r.published.date for r in reports]
    if None not in dates and len(set(dates)) == len(dates):  # no tie to break by order
        assert set(find_copies(shuffled)) == set(copies)


# -- repeats -------------------------------------------------------------------------


def passages(repeats, text, other=None):
    """(passage text, original text) of each repeat; ``other`` is the original's text if another report."""
    return [(text[r.passage.start : r.passage.end], (other or text)[r.original.start : r.original.end])
            for r in repeats]


def test_a_paragraph_printed_twice_is_a_repeat_with_exact_offsets():
    text = text_of(WIRE[:5] + ["More on the supply", WIRE[3]] + WIRE[5:])
    [repeat] = find_repeats([article(text, "a", day(3))])
    first = text.index(WIRE[3])
    second = text.index(WIRE[3], first + 1)
    assert (repeat.original.start, repeat.original.end) == (first, first + len(WIRE[3]))
    assert (repeat.passage.start, repeat.passage.end) == (second, second + len(WIRE[3]))
    assert repeat.passage.article == repeat.original.article == "id-a"


REPEATED = {
    "a word changed": (WIRE[1], WIRE[1].replace("tankers", "lorries")),
    "a name spelled differently": (WIRE[2], WIRE[2].replace("Marta Ilves", "Marta Ilvez")),
    "sentences split differently and a word changed": (
        WIRE[3],
        WIRE[3].replace(". Farmers", ".\n\nFarmers").replace("nine times", "9 times"),
    ),
}


@pytest.mark.parametrize("case", REPEATED, ids=list(REPEATED))
def test_a_repeated_passage_with_small_differences_is_still_found(case):
    once, again = REPEATED[case]
    text = text_of([WIRE[0], once] + FARMS[:3] + [again] + FARMS[3:])
    [(passage, original)] = passages(find_repeats([article(text, "a", day(3))]), text)
    assert (passage, original) == (again, once)


@pytest.mark.parametrize(
    "sentence",
    ["He said.", "The board declined to comment.", "The intake will stay shut until further notice, it said."],
)
def test_short_common_sentences_are_not_repeats(sentence):
    text = text_of([WIRE[0] + " " + sentence, WIRE[1], WIRE[5] + " " + sentence, WIRE[6], sentence])
    assert find_repeats([article(text, "a", day(3))]) == []


REWORDED = {
    "the lede retold": ("The regional water board said on Monday that water from Lake Tessaly will be rationed for "
                        "a fortnight or more because a toxic algae bloom forced it to close the main intake."),
    # The quote is the quotes stage's business; the sentences differ in a third of their words.
    "a quote under another attribution": ('"We will not open the intake again until two laboratories agree that '
                                          'the water is safe to drink," Ilves told reporters in Carrow.'),
}


@pytest.mark.parametrize("case", REWORDED, ids=list(REWORDED))
def test_a_sentence_that_shares_words_but_is_reworded_is_not_a_repeat(case):
    text = text_of(WIRE[:4] + [REWORDED[case]] + WIRE[4:])
    assert find_repeats([article(text, "a", day(3))]) == []


def test_a_recycled_explainer_is_a_repeat_of_the_first_published_report():
    wire = article(text_of(WIRE), "wire", day(3))
    farms = article(text_of(FARMS[:3] + [BACKGROUND] + FARMS[3:]), "farms", day(4))
    council = article(text_of(COUNCIL[:2] + [BACKGROUND.replace("1964", "1965")] + COUNCIL[2:]), "council", day(5))
    repeats = find_repeats([council, farms, wire], copies=[])
    assert [(r.passage.article, r.original.article) for r in repeats] == [("id-council", "id-wire"),
                                                                          ("id-farms", "id-wire")]
    for r, report in zip(repeats, (council, farms), strict=True):
        assert report.text[r.passage.start : r.passage.end].startswith("The Tessaly reservoir was built in")
        assert wire.text[r.original.start : r.original.end] == BACKGROUND


def test_what_a_copy_shares_with_its_original_is_not_a_repeat():
    wire = article(text_of(WIRE), "wire", day(3))
    reprint = article(text_of(REPRINTS["the last paragraph trimmed"]), "reprint", day(4))
    assert find_repeats([wire, reprint]) == []
    assert len(find_repeats([wire, reprint], copies=[])) == 1  # without the copy: one long shared passage


def test_a_passage_printed_three_times_links_each_repeat_to_the_first():
    text = text_of([WIRE[0], BACKGROUND, WIRE[1], BACKGROUND, WIRE[2], BACKGROUND])
    repeats = find_repeats([article(text, "a", day(3))])
    first = text.index(BACKGROUND)
    assert [r.original.start for r in repeats] == [first, first]
    assert len({r.passage.start for r in repeats}) == 2


# -- the sample corpus and the coalition reports -------------------------------------------




@pytest.fixture(scope="module")
def sample_articles():
    from dateline.pipeline import SAMPLE_DIR, run_build

    return run_build([str(SAMPLE_DIR)]).timeline.articles


def test_every_gold_copy_of_the_sample_is_found_and_nothing_else(sample_articles):
    gold = json.loads((SAMPLE / "gold" / "gold.json").read_text(encoding="utf-8"))["copies"]
    ids = {a.origin.label(): a.id for a in sample_articles}
    expected = {(ids[sample_label(g["copy"])], ids[sample_label(g["original"])]) for g in gold}
    assert {(c.article, c.original) for c in find_copies(sample_articles)} == expected


def test_every_gold_repeat_of_the_sample_is_found(sample_articles):
    gold = json.loads((SAMPLE / "gold" / "gold.json").read_text(encoding="utf-8"))["repeats"]
    by_id = {a.id: a for a in sample_articles}
    found = [(by_id[r.passage.article], r) for r in find_repeats(sample_articles)]
    for g in gold:
        hits = [r for a, r in found if a.origin.label() == sample_label(g["article"])
                and g["text"] in a.text[r.passage.start : r.passage.end]
                and g["text"] in by_id[r.original.article].text[r.original.start : r.original.end]]
        assert hits, g


def test_the_sample_takes_well_under_a_second(sample_articles):
    import time

    start = time.perf_counter()
    find_repeats(sample_articles, copies=find_copies(sample_articles))
    assert time.perf_counter() - start < 1.0  # about 0.05 s


@pytest.fixture(scope="module")
def coalition_articles():
    skip_without_coalition()
    from dateline.pipeline import run_build

    return {a.origin.path.rsplit("/", 1)[-1][:3]: a for a in run_build([str(COALITION)]).timeline.articles}


def test_the_coalition_report_that_prints_a_passage_twice_has_repeats(coalition_articles):
    report = coalition_articles["000"]
    repeats = [r for r in find_repeats(list(coalition_articles.values())) if r.passage.article == report.id]
    found = passages([r for r in repeats if r.original.article == report.id], report.text)
    assert any("harder for terrorists to get in" in p and "harder for terrorists to get in" in o for p, o in found)
    assert any("called for unity in the region" in p and "called for unity in the region" in o for p, o in found)


def test_no_coalition_report_is_a_copy_of_another(coalition_articles):
    assert find_copies(list(coalition_articles.values())) == []
