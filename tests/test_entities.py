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


# -- merging is blocked by surname and acronym, with the groups of the pairwise definition --------


def _pairwise_groups(found):
    """The groups the merge rules give when every pair of names is compared (the definition, unindexed),
    names taken in the order merge_entities reads them (article by article)."""
    from collections import Counter, defaultdict

    from dateline.annotate.entities import _HONORIFIC, _abbreviates, _close, _surname, tidy_names
    from dateline.model import SourceRef

    # the names as the merge reads them: dates and shouted words dropped, case variants spelled one way
    tidied = tidy_names([(m.name, m.label, SourceRef(m.article, m.start, m.end)) for item in found for m in item.mentions])
    names_and_labels = [(n, label) for n, label, _ in tidied]
    names = list(dict.fromkeys(n for n, _ in names_and_labels))
    labels = defaultdict(Counter)
    for n, label in names_and_labels:
        labels[n][label] += 1
    parent = {}

    def root(x):
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    def union(a, b):
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[rb] = ra

    people = [n for n in names if labels[n].most_common(1)[0][0] == "PERSON"]
    full = [n for n in people if len(n.split()) >= 2]
    for i, a in enumerate(full):
        for b in full[i + 1:]:
            if _surname(a) == _surname(b) and _close(a.split()[0], b.split()[0]):
                union(a, b)
    for name in names:
        bare = _HONORIFIC.sub("", name)
        if len(bare.split()) != 1 or bare.isupper():
            if bare != name and bare in names:
                union(bare, name)
            continue
        owners = {root(f) for f in full if _surname(f) == _surname(bare) and f != name}
        if len(owners) == 1:
            union(next(iter(owners)), name)
    others = [n for n in names if n not in people]
    for short in others:
        for long in others:
            if short != long and (_abbreviates(short, long) or (len(short.split()) >= 2 and long.startswith(short + " of "))):
                union(long, short)
    groups = defaultdict(set)
    for n in names:
        groups[root(n)].add(n)
    return sorted(sorted(g) for g in groups.values())


# Invented people and bodies: spellings one letter apart, shared surnames, honorifics, particles,
# acronyms (of initials, of every word, a prefix of the initials) and names opening a longer "X of Y".
_VARIANTS = [
    ("Haldor Vesk", "PERSON"), ("Haldar Vesk", "PERSON"), ("Vesk", "PERSON"), ("Mr Vesk", "PERSON"),
    ("Ines Marrow", "PERSON"), ("Tobin Marrow", "PERSON"), ("Marrow", "PERSON"), ("Ms Marrow", "PERSON"),
    ("Karim al-Oudeh", "PERSON"), ("Karim Oudeh", "PERSON"), ("Oudeh", "PERSON"), ("Dr Karim Oudeh", "PERSON"),
    ("Ali Fenn", "PERSON"), ("Eli Fenn", "PERSON"), ("Fenn", "PERSON"), ("Petra Lune", "PERSON"),
    ("Petra Lune", "ORG"), ("Lune", "PERSON"), ("LUNE", "PERSON"), ("Sabine van-Hool", "PERSON"), ("Hool", "PERSON"),
    ("Northern Ferry Authority", "ORG"), ("NFA", "ORG"), ("NF", "ORG"), ("Osk Liberation Front", "ORG"),
    ("OLF", "ORG"), ("Council of the Ambry Valley", "ORG"), ("CAV", "ORG"), ("Council", "ORG"),
    ("Harbour Board of Marrowick", "ORG"), ("Harbour Board", "ORG"), ("HBM", "ORG"), ("Board of Trade", "ORG"),
    ("Port of Osk", "GPE"), ("Port", "GPE"), ("POO", "GPE"), ("Osk", "GPE"), ("Union of Ports of Osk", "ORG"),
    ("Union of Ports", "ORG"), ("UPO", "ORG"), ("UP", "ORG"), ("Marrowick", "GPE"), ("MARROWICK", "GPE"),
]


def _mentions_of(names_and_labels):
    from dateline.model import ArticleEntities, EntityMention

    mentions = [EntityMention(f"{i % 3:016x}", 10 * i, 10 * i + len(n), n, label)
                for i, (n, label) in enumerate(names_and_labels)]
    return [ArticleEntities(f"{k:016x}", "test", tuple(m for m in mentions if m.article == f"{k:016x}"))
            for k in range(3)]


def _groups(found):
    return sorted(sorted((e.name, *e.aliases)) for e in found)


def test_merging_gives_the_groups_of_the_pairwise_definition_on_name_variants():
    found = merge_entities(_mentions_of(_VARIANTS))
    assert _groups(found) == _pairwise_groups(_mentions_of(_VARIANTS))
    group = {n: set(g) for g in _groups(found) for n in g}
    assert {"Haldor Vesk", "Haldar Vesk", "Mr Vesk"} <= group["Vesk"]  # one letter apart; then the one owner
    assert group["Marrow"] == {"Marrow"} and "Ines Marrow" not in group["Tobin Marrow"]  # a shared surname
    assert {"NFA", "NF", "Northern Ferry Authority"} <= group["NFA"]
    assert {"Harbour Board", "HBM", "Harbour Board of Marrowick"} <= group["HBM"]


def test_merging_in_any_order_gives_the_groups_of_the_pairwise_definition():
    import random

    for seed in range(20):
        shuffled = random.Random(seed).sample(_VARIANTS, len(_VARIANTS))
        assert _groups(merge_entities(_mentions_of(shuffled))) == _pairwise_groups(_mentions_of(shuffled))


def test_each_entity_keeps_all_its_mentions_in_text_order():
    found = merge_entities(_mentions_of(_VARIANTS))
    assert sum(len(e.mentions) for e in found) == len(_VARIANTS)
    for e in found:
        assert list(e.mentions) == sorted(e.mentions, key=lambda r: (r.article, r.start))
