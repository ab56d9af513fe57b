"""The annotating story stages, ``(Story, Settings) -> Story``: entities, quotes with speakers, figures.

Each reads what earlier stages left in the :class:`~dateline.model.Story`
(the copies, the dated sentences) and fills its own part.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence

from ..config import Settings
from ..model import Entity, Quote, Sentence, Story
from . import entities, figures, quotes

#: The entity label whose mentions tell the quote finder where people's names are.
PERSON = "PERSON"


def gather_entities(story: Story, settings: Settings) -> Story:
    """The story's people, organisations and places, with the names each goes by (and the user's aliases)."""
    aliases = entities.load_aliases(settings.aliases) if settings.aliases else None
    found = entities.merge_entities(entities.current_mentions(story.articles, settings), aliases=aliases)
    return dataclasses.replace(story, entities=tuple(found))


def attribute_quotes(story: Story, settings: Settings) -> Story:
    """The story's quotes with their speakers: people's names (from the entities) guide the attribution."""
    people = people_index(story.entities)
    mentions = [m for a in story.articles for m in quotes.find_quotes(a, sorted(people.get(a.id, ())))]
    merged = quotes.merge_quotes(quotes.normalise_speakers(mentions), {a.id: a.text for a in story.articles},
                                 story.copies)
    return dataclasses.replace(story, quotes=tuple(merged), entities=speakers_are_people(story.entities, merged))


#: Types of entity that cannot speak: an entity of one of these quoted as a speaker is a person NER mistyped.
SILENT_LABELS = frozenset({"GPE", "LOC", "FAC"})


def speakers_are_people(found: tuple[Entity, ...], said: Sequence[Quote]) -> tuple[Entity, ...]:
    """The entities, with those a quote names as its speaker and NER took for a place made people.

    Organisations speak ("the company said"); places and buildings do not, so a
    quoted "Agnes Varn" typed as a place is a person.
    """
    speakers = {q.speaker.casefold() for q in said if q.speaker}
    return tuple(
        dataclasses.replace(e, label=PERSON)
        if e.label in SILENT_LABELS and any(n.casefold() in speakers for n in (e.name, *e.aliases)) else e
        for e in found
    )


def people_index(found: tuple[Entity, ...]) -> dict[str, list[tuple[int, int, str]]]:
    """For each article, the spans naming a person, with the person's name: ``(start, end, name)``."""
    people: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for entity in found:
        if entity.label == PERSON:
            for ref in entity.mentions:
                people[ref.article].append((ref.start, ref.end, entity.name))
    return people


def track_figures(story: Story, settings: Settings) -> Story:
    """Numbers over time (what is counted, how many, when) and where sources disagree."""
    by_article: dict[str, list[Sentence]] = defaultdict(list)
    for sentence in story.sentences:
        by_article[sentence.article].append(sentence)
    numbers = [m for a in story.articles for m in figures.find_figures(a, by_article.get(a.id, []))]
    series, disagreements = figures.series(numbers, story.copies)
    return dataclasses.replace(story, figures=tuple(series), disagreements=tuple(disagreements))
