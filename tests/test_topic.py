"""What the story is: without a query, reports off the pile's story are set aside (``story/topic.py``).

The piles are written for these tests: a fictional dockworkers' strike at the port of Veldhaven, told by
many short reports, with one report about something else (a bakery's harvest fair) and reports about the
same strike somewhere else (a walk-out in support at another port).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re

import jsonschema
import pytest

import dateline
from dateline.config import Settings
from dateline.model import (
    Article,
    ArticleEntities,
    DateHow,
    EntityMention,
    Origin,
    Outlet,
    PublishedDate,
)
from dateline.render.json import load_schema, timeline_from_dict, timeline_to_dict
from dateline.render.markdown import render_markdown
from dateline.story import topic

#: What the strike's reports say, a sentence each; each report takes a few of them (see :func:`_strike`).
STRIKE = (
    "Dockworkers at the port of Veldhaven walked off the job on {day}, halting cargo at the container terminal.",
    "Mara Olsen, who leads the Veldhaven Dockers Union, said the strike would go on until wages were raised.",
    "The Harlow Shipping Company said ships were queuing outside Veldhaven harbour as the strike went on.",
    "Transport Minister Ivo Brandt urged the union and Harlow Shipping to return to talks on {day}.",
    "Picket lines formed at the Veldhaven gates before dawn on {day}, union officials said.",
    "Harlow Shipping offered the dockworkers a pay rise of 3 percent, which the union rejected on {day}.",
    "Mara Olsen told a rally in Veldhaven that the dockers had not had a raise in six years.",
    "Ivo Brandt said the government would not send soldiers to unload ships at Veldhaven.",
    "Trucks carrying fruit and fuel were turned back from the Veldhaven terminal on {day}.",
    "Shopkeepers in Veldhaven said shelves were emptying as the port stayed shut.",
    "Talks between the union and Harlow Shipping broke down late on {day}, both sides said.",
    "The Veldhaven Dockers Union said 2,400 workers had joined the strike by {day}.",
    "Harlow Shipping said the strike had cost it more than 12 million euros.",
    "Police said the picket at the Veldhaven terminal stayed peaceful on {day}.",
    "Ivo Brandt met Mara Olsen at the transport ministry on {day} to seek a way out of the strike.",
    "Exporters warned that the Veldhaven strike would delay the harvest shipments to the south.",
    "The port authority of Veldhaven said 40 ships were waiting at anchor on {day}.",
    "Mara Olsen said the union would hold a vote on the new offer from Harlow Shipping on {day}.",
    "Ferries to the islands still sailed from Veldhaven, the union having exempted passenger berths.",
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
#: Names of the strike (as NER would find them in the hand-made piles).
STRIKE_NAMES = ("Veldhaven Dockers Union", "Harlow Shipping Company", "Harlow Shipping", "Veldhaven", "Mara Olsen",
                "Olsen", "Ivo Brandt", "Brandt")
#: A report about something else entirely: a bakery's harvest fair in another town.
FAIR = (
    "Petra Lund has baked bread in Orrin Vale for thirty years, and this autumn her bakery opens its doors to "
    "the town's harvest fair.\n\n"
    "The Orrin Vale Harvest Fair will fill the market square with stalls of apples, cheese and honey, and Lund "
    "will bake rye loaves in a wood-fired oven in front of visitors.\n\n"
    "The fair began in 1952 as a way for farmers to sell the last of the season's crop before the frosts, the "
    "organisers said, and now draws families from across the valley.\n\n"
    "Children can press their own cider, and a brass band from Tessel plays on the bandstand every afternoon.\n\n"
    "Lund said the secret of a good loaf was patience: the dough rests for two days in a cool cellar before it "
    "is shaped and baked.\n\n"
    "Tickets cost five euros for adults, and the proceeds go to the Orrin Vale school's music room, the "
    "organisers said.\n\n"
    "Last year more than 3,000 visitors came, and the bakery sold out of rye bread by noon on both days.\n"
)
FAIR_NAMES = ("Orrin Vale Harvest Fair", "Orrin Vale", "Petra Lund", "Lund", "Tessel")
#: The same story somewhere else: dockers at another port stop work in support (short, naming the strike once).
SUPPORT = (
    "Dockers at the port of Sallow stopped work for two hours on Friday in support of the strike at Veldhaven, "
    "their union said.\n\n"
    "Cargo handling resumed in the afternoon, and no ships were turned away."
)
SUPPORT_NAMES = ("Veldhaven", "Sallow")
#: The outlet every report comes from; its name is printed in each report's byline.
OUTLET = "Harbour Post"


def _strike(i: int) -> str:
    """The i-th strike report: four of the sentences, a day named in it, the outlet's byline (no two alike)."""
    picks = [STRIKE[(i * 5 + k * 7) % len(STRIKE)] for k in range(4)]
    day = DAYS[i % len(DAYS)]
    return f"By a {OUTLET} reporter\n\n" + "\n\n".join(p.format(day=day) for p in picks)


def _article(i: int, text: str, names: tuple[str, ...], outlet: str = OUTLET) -> Article:
    """A report as the per-report stages leave it: its names found where the text prints them."""
    aid = f"{i:016x}"
    found = sorted(((m.start(), m.end(), n) for n in (*names, outlet)
                    for m in re.finditer(rf"(?<!\w){re.escape(n)}(?!\w)", text)), key=lambda f: (f[0], -f[1]))
    mentions, end = [], -1
    for start, stop, name in found:
        if start >= end:  # the longest name at a place, as NER finds one span
            mentions.append(EntityMention(aid, start, stop, name, "ORG"))
            end = stop
    published = PublishedDate(dt.date(2024, 3, 1) + dt.timedelta(days=i % 20), DateHow.METADATA, 0.9)
    return Article(aid, Origin("pile.jsonl", line=i + 1), Outlet(outlet, "metadata", outlet, confidence=0.95),
                   None, text, published, ner=ArticleEntities(aid, "test", tuple(mentions)))


def _pile(strike_reports: int = topic.MIN_REPORTS) -> list[Article]:
    """``strike_reports`` strike reports, then the fair report, then the support report."""
    pile = [_article(i, _strike(i), STRIKE_NAMES) for i in range(strike_reports)]
    return [*pile, _article(strike_reports, FAIR, FAIR_NAMES), _article(strike_reports + 1, SUPPORT, SUPPORT_NAMES)]


def test_a_report_about_something_else_is_set_aside_with_its_reason_and_evidence():
    pile = _pile()
    kept, off = topic.set_aside(pile)
    fair = pile[-2]
    assert [o.article for o in off] == [fair.id]
    assert fair not in kept and len(kept) == len(pile) - 1
    reason = off[0]
    assert reason.story_mentions == 0 and reason.characters == len(FAIR)
    assert reason.similarity < topic.MAX_SIMILARITY_RATIO * reason.pile_similarity
    assert reason.story_words < topic.MIN_STORY_WORDS
    assert "Veldhaven" in reason.reason and "never" in reason.reason


def test_a_short_report_of_the_same_story_in_another_place_is_kept():
    pile = _pile()
    kept, _ = topic.set_aside(pile)
    assert pile[-1] in kept  # names Veldhaven once in 150 characters: not in passing


def test_every_report_of_the_story_is_kept():
    pile = _pile()
    kept, _ = topic.set_aside(pile)
    assert all(a in kept for a in pile[:-2])


def test_a_pile_below_the_minimum_is_taken_as_chosen_by_hand():
    pile = _pile(topic.MIN_REPORTS - 3)
    assert len(pile) < topic.MIN_REPORTS
    kept, off = topic.set_aside(pile)
    assert off == [] and kept == pile


def test_the_reports_own_outlet_and_news_agencies_are_not_the_story():
    pile = [dataclasses.replace(a, text=a.text + "\n\n(Reuters)") for a in _pile()]
    pile = [_article(i, a.text, (*STRIKE_NAMES, "Reuters")) for i, a in enumerate(pile)]
    names = topic.story_names(pile).names
    assert "Veldhaven" in names
    assert OUTLET not in names and "Reuters" not in names


def test_without_names_found_nothing_is_set_aside():
    pile = [dataclasses.replace(a, ner=None) for a in _pile()]
    kept, off = topic.set_aside(pile)
    assert off == [] and kept == pile


def test_the_salient_names_are_those_many_reports_carry():
    names = topic.story_names(_pile()).names
    assert {"Veldhaven", "Harlow Shipping", "Mara Olsen"} <= set(names)
    assert not set(FAIR_NAMES) & set(names)  # one report carries them
    assert "Sallow" not in names


# -- end to end: a build over the pile as JSONL (spaCy finds the names) -----------------------------------


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("strike")
    rows = [{"url": f"https://harbour.example/{a.id}", "published": a.published.date.isoformat(), "outlet": OUTLET,
             "text": a.text} for a in _pile()]
    (folder / "pile.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def built(folder):
    return dateline.build(folder, Settings(workers=1))


def _fair_id(timeline) -> str:
    return next(a.id for a in timeline.articles if a.text.startswith("Petra Lund"))


def test_a_build_sets_the_unrelated_report_aside_but_keeps_it_in_the_articles(built):
    fair = _fair_id(built)
    assert [o.article for o in built.off_topic] == [fair]
    assert fair in {a.id for a in built.articles}
    assert all(ref.article != fair for e in built.entries for ref in e.sources)
    assert all(s.ref.article != fair for e in built.events for s in e.sentences)
    support = next(a.id for a in built.articles if a.text.startswith("Dockers at the port of Sallow"))
    assert any(s.ref.article == support for e in built.events for s in e.sentences)


def test_a_query_decides_instead_of_the_story(folder, built):
    asked = dateline.build(folder, Settings(workers=1, query="harvest fair bakery"))
    assert asked.off_topic == ()
    fair = _fair_id(asked)
    assert {ref.article for e in asked.entries for ref in e.sources} <= {fair}


def test_timeline_json_records_the_reports_set_aside_and_reads_them_back(built):
    data = json.loads(json.dumps(timeline_to_dict(built)))
    jsonschema.validate(data, load_schema())
    assert [o["article"] for o in data["off_topic"]] == [_fair_id(built)]
    assert timeline_from_dict(data).off_topic == built.off_topic
    del data["off_topic"]  # a timeline.json written before the field
    assert timeline_from_dict(data).off_topic == ()


def test_timeline_md_says_how_many_were_set_aside_and_lists_them_with_why(built):
    text = render_markdown(built)
    assert "1 set aside as off the story" in text
    section = text.split("## Set aside as off the story", 1)[1]
    assert "never in" in section and "similarity" in section


def test_the_build_summary_counts_the_reports_set_aside(folder, tmp_path):
    from typer.testing import CliRunner

    from dateline.cli import app

    result = CliRunner().invoke(app, ["build", str(folder), "--out", str(tmp_path / "out"), "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "set aside" in result.output and "1 report off the story" in result.output


# -- the bundled sample and the coalition reports lose nothing, even judged below the minimum ---------------


@pytest.mark.parametrize("corpus", ["sample", "coalition"])
def test_curated_piles_lose_nothing_even_when_judged(corpus, monkeypatch, request):
    paths = dateline.sample_paths() if corpus == "sample" else [request.getfixturevalue("coalition")]
    built = dateline.build(paths, Settings(workers=1))
    assert built.off_topic == ()  # below the minimum: never judged
    monkeypatch.setattr(topic, "MIN_REPORTS", 2)
    kept, off = topic.set_aside(built.articles)
    assert off == [] and len(kept) == len(built.articles)
