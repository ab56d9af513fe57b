"""Which dates matter: each date's signals counted from hand-written candidates, and the learned weights that rank them."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pytest

from dateline.model import (
    Article,
    ArticleEntities,
    DateHow,
    EntityMention,
    EventDateHow,
    Origin,
    Outlet,
    Period,
    PublishedDate,
    SourceRef,
    TimeMention,
)
from dateline.story import date_rank
from dateline.story.events import Candidate, group_score
from dateline.story.select import choose_dates, rank_dates

MAR = dt.date(2023, 3, 1)


def day(n: int) -> dt.date:
    return MAR + dt.timedelta(days=n - 1)


def cand(on: int, group: str, published: int, names: str | None = None, text: str | None = None,
         ref: SourceRef | None = None) -> Candidate:
    """A sentence of report ``group`` (published on March ``published``) placed on March ``on``; ``names`` is how
    it names that day ("March 3" is written out, "Tuesday" relative), None when it is placed by its report's date."""
    text = text or f"Report {group} tells what happened on the day in the valley, sentence about {names or 'it'}."
    mention = TimeMention(0, len(names), names, Period.day(day(on)), day(published)) if names else None
    return Candidate(
        text=text, period=Period.day(day(on)), how=EventDateHow.MENTIONED if names else EventDateHow.PUBLISHED,
        group=group, ref=ref, mention=mention, absolute=bool(names and any(ch.isdigit() for ch in names)),
        published=day(published),
    )


def test_each_report_is_counted_by_how_it_names_the_date():
    cands = [cand(3, "a", 3, "March 3"), cand(3, "a", 3, "Friday"),  # one report, writing it out once: written
             cand(3, "b", 4, "yesterday"),  # relative only
             cand(3, "c", 3), cand(3, "c", 3, text="Another sentence of report c, with no date of its own here.")]
    values = date_rank.date_features(cands)[Period.day(day(3))]
    assert values["reports"] == pytest.approx(math.log1p(3))
    assert values["sentences"] == pytest.approx(math.log1p(5))
    assert (values["written"], values["relative"], values["unnamed"]) == pytest.approx(
        (math.log1p(1), math.log1p(1), math.log1p(1)))


def test_reports_referring_back_later_and_ahead_of_time_are_counted_with_how_late():
    cands = [cand(3, "early", 1, "March 3"),  # announced ahead
             cand(3, "same", 3, "Friday"), cand(3, "next", 4, "yesterday"),
             cand(3, "week", 10, "March 3"), cand(3, "month", 20, "March 3"),
             cand(10, "x", 10), cand(4, "y", 4)]
    values = date_rank.date_features(cands)[Period.day(day(3))]
    assert values["before"] == pytest.approx(math.log1p(1))
    assert values["after"] == pytest.approx(math.log1p(3))  # next, week, month
    assert values["referred_later"] == pytest.approx(math.log1p(2))  # a day later is still news of the day
    assert values["days_later"] == pytest.approx(math.log1p((1 + 7 + 17) / 3))
    # Reports published on the day and the day after, whatever dates their sentences name.
    assert values["published_on"] == pytest.approx(math.log1p(1))
    assert values["published_next"] == pytest.approx(math.log1p(2))  # "next" and "y"


def test_a_spike_in_coverage_stands_out_from_a_busy_week():
    steady = [cand(d, f"s{d}-{i}", d) for d in range(1, 8) for i in range(3)]
    spike = [cand(11, f"p{i}", 11) for i in range(3)]
    values = date_rank.date_features(steady + spike)
    assert values[Period.day(day(11))]["burst"] > values[Period.day(day(4))]["burst"] == pytest.approx(0.0)


def test_sentences_naming_the_piles_most_reported_name_are_salient():
    text = "Governor Keel closed the dam road on March 3. A bakery in Tolbury opened a second shop."
    first, second = (0, text.index(".") + 1), (text.index("A bakery"), len(text))
    article = Article("a", Origin("a.txt"), Outlet("Wire", "metadata"), None, text,
                      PublishedDate(day(3), DateHow.METADATA, 1.0),
                      ner=ArticleEntities("a", "test", (EntityMention("a", 9, 13, "Keel", "PERSON"),
                                                        EntityMention("a", text.index("Tolbury"), text.index("Tolbury") + 7, "Tolbury", "GPE"))))
    refs = [SourceRef("a", *first), SourceRef("a", *second)]
    others = [cand(3, f"o{i}", 3, ref=SourceRef(f"o{i}", 0, 10)) for i in range(2)]
    cands = [cand(3, "a", 3, ref=refs[0]), cand(3, "a", 3, ref=refs[1]), *others]
    assert date_rank.salient_sentences([article], cands, top=1) in ({refs[0]}, {refs[1]})  # one name each: a tie
    keel = [Article(f"o{i}", Origin("o.txt"), Outlet("Wire", "metadata"), None, "Keel spoke.",
                    PublishedDate(day(3), DateHow.METADATA, 1.0),
                    ner=ArticleEntities(f"o{i}", "test", (EntityMention(f"o{i}", 0, 4, "Keel", "PERSON"),)))
            for i in range(2)]
    salient = date_rank.salient_sentences([article, *keel], cands, top=1)
    assert refs[0] in salient and refs[1] not in salient
    assert date_rank.date_features(cands, salient)[Period.day(day(3))]["salient"] == pytest.approx(1.0)


def test_a_date_referred_back_to_outranks_a_busier_date_told_only_on_its_publication_day():
    referred = [cand(3, "a", 3, "Friday"), cand(3, "b", 9, "March 3"), cand(3, "c", 14, "March 3"),
                cand(3, "d", 21, "March 3")]
    busy = [cand(5, f"busy{i}", 5) for i in range(5)]
    ranked = rank_dates(referred + busy)
    assert [d.period.first for d in ranked] == [day(3), day(5)]
    assert ranked[1].reports == 5


def test_a_date_written_out_by_independent_reports_outranks_one_report_saying_it_often():
    many = [cand(3, f"m{i}", 3, "March 3") for i in range(4)]
    one = [cand(5, "one", 5, "March 5", text=f"Sentence {i} of the one report that names March 5 again.")
           for i in range(8)]
    assert [d.period.first for d in rank_dates(many + one)] == [day(3), day(5)]


def test_the_score_is_the_chance_an_editor_keeps_the_date_and_follows_the_ranking():
    cands = ([cand(3, f"m{i}", i + 3, "March 3") for i in range(6)] + [cand(5, "one", 5)]
             + [cand(8, f"t{i}", 8, "Wednesday") for i in range(2)])
    ranked = rank_dates(cands)
    scores = [d.score for d in ranked]
    assert all(0.0 < s < 1.0 for s in scores) and scores == sorted(scores, reverse=True)
    assert [d.period.first for d in choose_dates(ranked, 2)] == [day(3), day(8)]


def test_the_shipped_weights_load_and_rank_by_default():
    weights = date_rank.shipped_weights()
    assert set(weights.features) <= set(date_rank.FEATURES) and any(weights.weight)
    shipped = json.loads((Path(date_rank.__file__).parent / date_rank.WEIGHTS_FILE).read_text(encoding="utf-8"))
    assert shipped["command"].startswith("python bench/date_ranker.py") and shipped["trained_on"]
    cands = [cand(3, "a", 3, "March 3"), cand(3, "b", 8, "March 3"), cand(5, "c", 5), cand(5, "d", 5)]
    assert rank_dates(cands) == rank_dates(cands, weights=weights)


def test_other_weights_change_the_ranking():
    cands = [cand(3, "a", 9, "March 3")] + [cand(5, f"b{i}", 5) for i in range(3)]
    later = date_rank.Weights(("referred_later",), (0.0,), (1.0,), (1.0,), 0.0)
    busy = date_rank.Weights(("reports",), (0.0,), (1.0,), (1.0,), 0.0)
    assert rank_dates(cands, weights=later)[0].period.first == day(3)
    assert rank_dates(cands, weights=busy)[0].period.first == day(5)


def test_weights_naming_a_signal_dateline_does_not_compute_are_refused():
    with pytest.raises(ValueError, match="signals dateline does not compute: moon_phase"):
        date_rank.Weights.from_json({"intercept": 0, "features": {"moon_phase": {"mean": 0, "scale": 1, "weight": 1}}})


def test_a_pool_of_dated_sentences_keeps_the_evidence_sum():
    pool = [Candidate(text=f"Sentence {i} about the third.", period=Period.day(day(3)), how=EventDateHow.GIVEN,
                      group=f"s{i}") for i in range(2)]
    pool.append(Candidate(text="Named on March 5 in the pool.", period=Period.day(day(5)), how=EventDateHow.GIVEN,
                          group="n", mention=TimeMention(10, 17, "March 5", Period.day(day(5))), absolute=True))
    ranked = rank_dates(pool)
    assert [(d.period.first, d.score) for d in ranked] == [(day(5), group_score(pool[2:])), (day(3), group_score(pool[:2]))]
