import datetime as dt
import pickle
import re

import pytest

from dateline.annotate import entities
from dateline.annotate.entities import (
    declared_equal,
    find_entities,
    find_mentions,
    load_aliases,
    merge_entities,
    ner_version,
)
from dateline.errors import ConfigError
from dateline.model import Article, DateHow, Origin, Outlet, PublishedDate


def article(text: str, n: int = 1) -> Article:
    return Article(f"{n:016x}", Origin(f"r{n}.txt"), Outlet(None, "none"), None, text,
                   PublishedDate(dt.date(2022, 6, 6), DateHow.DATELINE, 0.9))


def by_name(entities):
    return {e.name: e for e in entities}


def test_a_surname_and_a_title_join_the_full_name_and_the_title_becomes_a_role():
    text = (
        "Harbour Minister Ilse Borrow opened the new quay in Marrowick on Monday.\n\n"
        "Borrow said the quay would double the port's capacity. Mr Borrow's deputy was absent."
    )
    people = by_name(find_entities([article(text)]))
    assert "Ilse Borrow" in people
    assert "Borrow" in people["Ilse Borrow"].aliases
    assert people["Ilse Borrow"].role == "Harbour Minister"


def test_two_people_sharing_a_surname_stay_apart():
    text = (
        "Anna Vey, the mayor of Osk, met her brother Tomas Vey, a fisherman, in Marrowick.\n\n"
        "Vey said nothing afterwards."
    )
    people = by_name(find_entities([article(text)]))
    assert {"Anna Vey", "Tomas Vey"} <= set(people)
    assert "Vey" not in people["Anna Vey"].aliases and "Vey" not in people["Tomas Vey"].aliases


@pytest.mark.parametrize(
    "text, pair",
    [
        ("The Northern Ferry Authority (NFA) raised fares.", ("Northern Ferry Authority", "NFA")),
        ("Armed fighters of Sabre ( SAL ) crossed the river.", ("Sabre", "SAL")),
        ("The Osk Liberation Front, also known as Kestrel, denied it.", ("Osk Liberation Front", "Kestrel")),
        ("\"We will stop the OLF,\" the minister said, using another acronym for the Kestrel group.", ("Kestrel", "OLF")),
    ],
)
def test_names_the_text_declares_equal_are_found(text, pair):
    assert pair in declared_equal(text)


def test_an_alias_file_merges_names_the_text_never_links(tmp_path):
    path = tmp_path / "aliases.toml"
    path.write_text('"Northern Ferry Authority" = ["the ferry board", "NorFerry"]\n')
    assert load_aliases(path) == {"Northern Ferry Authority": ["the ferry board", "NorFerry"]}
    text = "The Northern Ferry Authority raised fares on Monday. NorFerry said costs had risen, and NorFerry will review them."
    owners = [e for e in find_entities([article(text)], aliases=load_aliases(path)) if "NorFerry" in (e.name, *e.aliases)]
    assert [(e.name, e.aliases) for e in owners] == [("Northern Ferry Authority", ("NorFerry",))]
    assert [text[r.start : r.end] for r in owners[0].mentions] == ["Northern Ferry Authority", "NorFerry", "NorFerry"]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("a.toml", "not = [valid", "is not valid TOML"),
        ("a.json", "{\"X\": \"not a list\"}", "must map each name to a list of aliases"),
        ("missing.toml", None, "cannot read alias file"),
    ],
)
def test_a_bad_alias_file_names_the_problem(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_aliases(path)


def test_every_mention_points_at_its_name_in_the_text():
    text = "Ilse Borrow visited Marrowick. Borrow then left Marrowick for Osk."
    for entity in find_entities([article(text)]):
        for ref in entity.mentions:
            assert text[ref.start : ref.end] in (entity.name, *entity.aliases)


STORY = [
    "Harbour Minister Ilse Borrow opened the new quay in Marrowick on Monday. Borrow said the "
    "Northern Ferry Authority (NFA) would run it.",
    "The NFA said on Tuesday that Ilse Borrow had asked for more crossings to Osk. Mr Borrow's deputy was absent.",
]


def test_merging_each_articles_mentions_gives_what_find_entities_gives():
    articles = [article(text, n) for n, text in enumerate(STORY, 1)]
    found = find_mentions(articles)
    assert [f.article for f in found] == [a.id for a in articles]
    assert merge_entities(found) == find_entities(articles)
    for item, a in zip(found, articles, strict=True):
        assert all(a.text[m.start : m.end] == m.name and m.article == a.id for m in item.mentions)
    roles = {m.role for f in found for m in f.mentions if m.name == "Ilse Borrow"}
    assert "Harbour Minister" in roles
    assert ("Northern Ferry Authority", "NFA") in found[0].declared


def test_mentions_survive_pickling_as_they_cross_to_and_from_workers():
    found = find_mentions([article(STORY[0])])
    assert pickle.loads(pickle.dumps(found)) == found


def test_the_ner_version_names_the_model_and_its_rules_without_loading_it(monkeypatch):
    def no_loading(*args, **kwargs):
        raise AssertionError("the model was loaded")

    monkeypatch.setattr(entities, "load_model", no_loading)
    monkeypatch.setattr("spacy.load", no_loading)
    version = ner_version()
    assert re.match(r"en_core_web_sm\S* \d+\.\d+\.\d+; spaCy \d", version)
    monkeypatch.setattr(entities, "RULES_VERSION", "test-rules")
    assert ner_version() != version and ner_version().endswith("rules test-rules")


def test_a_model_folder_is_versioned_from_its_meta_json(tmp_path):
    (tmp_path / "meta.json").write_text('{"lang": "en", "name": "ferry_ner", "version": "0.4.1"}')
    assert ner_version(str(tmp_path)).startswith("en_ferry_ner 0.4.1; spaCy ")


def test_an_article_longer_than_a_ner_piece_is_read_in_pieces_cut_at_text_ends():
    text = "The Harbour Authority met. " * 5 + "\n\n" + "Anna Berg spoke. " * 20
    pieces = entities.ner_pieces(text, size=200)
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 200 for _, piece in pieces)
    assert all(text[start : start + len(piece)] == piece for start, piece in pieces)
    assert pieces[0][1].endswith("\n\n") and all(p.endswith(" ") for _, p in pieces[1:-1])
    assert entities.ner_pieces("Short.", size=200) == [(0, "Short.")]


def test_ner_spans_of_a_long_article_point_into_the_whole_text(monkeypatch):
    monkeypatch.setattr(entities, "NER_CHUNK_CHARS", 300)
    text = "Officials met in the port at noon on Monday. " * 20 + "Mayor Anna Berg of Osk said the ferry would sail."
    [found] = entities.find_mentions([article(text)])
    berg = [m for m in found.mentions if m.name == "Anna Berg"]
    assert berg and all(text[m.start : m.end] == "Anna Berg" for m in berg)


def test_long_pieces_go_to_spacy_in_small_batches_and_mentions_stay_in_text_order(monkeypatch):
    monkeypatch.setattr(entities, "NER_CHUNK_CHARS", 300)
    monkeypatch.setattr(entities, "NER_BATCH_CHARS", 640)  # pieces over 640 / 32 = 20 characters are long
    nlp = entities._model(None)
    sizes = []
    real_pipe = nlp.pipe

    def pipe(texts, batch_size, n_process):
        texts = list(texts)
        sizes.append((len(texts), batch_size))
        return real_pipe(texts, batch_size=batch_size, n_process=n_process)

    monkeypatch.setattr(nlp, "pipe", pipe)
    text = "Mayor Anna Berg of Osk met Lars Holm in the port at noon on Monday. " * 12 + "Ines Roth spoke."
    found, _ = entities.find_mentions([article(text), article("Ines Roth spoke.", 2)])
    assert [batch for _, batch in sizes] == [32, 2]  # the short article and the short last piece; the long pieces
    starts = [m.start for m in found.mentions]
    assert starts == sorted(starts) and {m.name for m in found.mentions} >= {"Anna Berg", "Lars Holm"}
