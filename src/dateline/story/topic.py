"""What the story is, and the reports of a pile that are not about it.

A pile gathered by keyword carries reports about something else: a business
digest that names the story once among six items, a reader's column on
another subject, an advert campaign. Their sentences are dated like any
other and can reach the timeline. Without a query (``--query`` decides by
its words instead) the pile itself says what its story is:

* its **salient names**: the people, places and organisations carried by
  many of its reports (:data:`SALIENT_NAME_SHARE`). Who reported is not what
  happened: a report's own outlet, and the news outlets and agencies every
  pile credits (``ingest/outlet_names.py``), are left out;
* its **words**: the words most of its reports use (:data:`STORY_WORD_SHARE`:
  the story's own words, "flu", "virus", "swine", with a few every report
  uses, "said", "people"), and each report's TF-IDF vector against the
  centroid of the other reports (cosine), compared with the pile's median of
  the same. TF-IDF weighs the words every report uses least, so the
  similarity alone misses a report about the story told through other
  words (flu checks at a sports event); the story's words catch it.

A report is set aside only on clear evidence from all three: it names the
story's salient names at most in passing (:data:`MAX_STORY_MENTIONS` times,
and fewer than :data:`MIN_STORY_DENSITY` per thousand characters), uses
fewer than :data:`MIN_STORY_WORDS` of the story's words, *and* its words are
far from the pile's (:data:`MAX_SIMILARITY_RATIO` of the median).
A report about the same story somewhere else (a protest in a neighbouring
country in support of the main one) names the story's places and people
and is kept. Small piles (:data:`MIN_REPORTS`) are taken to be chosen by
hand and are never judged. A report set aside stays in the store and in
the timeline's articles; it only makes no events or entries, and the
timeline says which and why (:class:`~dateline.model.OffTopic`).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..ingest.outlet_names import KNOWN_OUTLETS
from ..model import Article, OffTopic

#: Below this many reports a pile is taken to be chosen by hand: nothing is set aside. The pile's own
#: statistics (which names many reports carry, the median similarity) also need this many to mean much.
MIN_REPORTS = 30
#: A name is one of the story's salient names when at least this share of the pile's reports carry it
#: (counted without the reports it is the outlet of). Low on purpose: a name one report in ten carries is
#: part of the story (a disease's name NER finds in 13% of a pile), and each salient name a report prints
#: is evidence for keeping it; at 0.2 a report about the story naming only such a name was set aside.
SALIENT_NAME_SHARE = 0.1
#: A report names the story only in passing when its text holds the salient names at most this many times ...
MAX_STORY_MENTIONS = 2
#: ... and fewer than this many times per thousand characters (a short report about the story in another
#: place, 500 characters naming the main country once, is not "in passing").
MIN_STORY_DENSITY = 1.0
#: A report's words are far from the pile's when its similarity to the other reports is below this share
#: of the pile's median similarity. On Timeline17's piles the reports set aside sit at 0.07-0.50 of the
#: median, a reader's letter about the story itself at 0.51, related reports around the median.
MAX_SIMILARITY_RATIO = 0.5
#: The story's words are those at least this share of the pile's reports use (stopwords and outlets' names
#: left out).
STORY_WORD_SHARE = 0.6
#: A report that uses at least this share of the story's words is about the story, whatever else it says
#: (on Timeline17 the reports of a pile use a median of 0.74-0.90 of them, the unrelated ones 0-0.46).
MIN_STORY_WORDS = 0.5
#: How many of the salient names a reason shows (most carried first).
NAMES_SHOWN = 5
#: Shortest form of a name counted in a report's text (single letters match initials everywhere).
MIN_NAME_LENGTH = 2
#: Words of a report: as the events' vectors read them (letters only, two or more).
WORD_PATTERN = r"(?u)\b[^\W\d_]{2,}\b"

#: Names that say who reported, not what happened: every spelling of a well-known outlet or agency.
OUTLET_NAMES = frozenset(s.casefold() for o in KNOWN_OUTLETS for s in (o.name, *o.spellings))


@dataclass(frozen=True)
class StoryNames:
    """The pile's salient names: each with the forms it is printed in and how many reports carry it."""

    names: tuple[str, ...]  # most carried first
    forms: tuple[str, ...]  # every printed form of every salient name, longest first
    reports: tuple[int, ...]  # reports carrying each name, as ``names``

    def pattern(self) -> re.Pattern[str] | None:
        """Whole-word, case-kept matches of any form (None: no salient name)."""
        if not self.forms:
            return None
        return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in self.forms) + r")(?!\w)")


def set_aside(articles: Sequence[Article]) -> tuple[list[Article], list[OffTopic]]:
    """The reports about the pile's story, and those set aside as off it with why (see the module's rules).

    Reports without names found (``Article.ner`` None) give no evidence on names: with none found in the
    whole pile nothing is set aside.
    """
    if len(articles) < MIN_REPORTS:
        return list(articles), []
    names = story_names(articles)
    pattern = names.pattern()
    if pattern is None:
        return list(articles), []
    words = pile_words(articles)
    if words is None:
        return list(articles), []
    median = statistics.median(words.similarity)
    kept: list[Article] = []
    off: list[OffTopic] = []
    for article, sim, used in zip(articles, words.similarity, words.story_words, strict=True):
        text = _text(article)
        mentions = _story_mentions(pattern, text, article.outlet.name)
        density = 1000 * mentions / max(len(text), 1)
        if (mentions <= MAX_STORY_MENTIONS and density < MIN_STORY_DENSITY and used < MIN_STORY_WORDS
                and sim < MAX_SIMILARITY_RATIO * median):
            off.append(OffTopic(article.id, _reason(names, words, mentions, len(text), used, sim, median),
                                similarity=round(sim, 4), pile_similarity=round(median, 4), story_mentions=mentions,
                                characters=len(text), story_words=round(used, 4)))
        else:
            kept.append(article)
    return kept, off


def story_names(articles: Sequence[Article]) -> StoryNames:
    """The names carried by at least :data:`SALIENT_NAME_SHARE` of ``articles``, outlets left out.

    A name is what NER found in each report (``Article.ner``), case ignored; the forms are as printed. The
    story's merged entities are not used: merging across a large, noisy pile can join unrelated names
    (a country and a person who shares one of its words), and every form of such an entity would count.
    """
    printed: dict[str, Counter[str]] = {}
    carried: Counter[str] = Counter()
    for article in articles:
        found = {m.name.casefold(): m.name for m in article.ner.mentions} if article.ner else {}
        for key, form in found.items():
            if _is_outlet(form, None) or (article.outlet.name and _is_outlet(form, article.outlet.name)):
                continue
            carried[key] += 1
        for m in article.ner.mentions if article.ner else ():
            if len(m.name) >= MIN_NAME_LENGTH:
                printed.setdefault(m.name.casefold(), Counter())[m.name] += 1
    need = SALIENT_NAME_SHARE * len(articles)
    salient = [(key, c) for key, c in carried.most_common() if c >= need and printed.get(key)]
    forms = {f for key, _ in salient for f in printed[key]}
    return StoryNames(tuple(printed[key].most_common(1)[0][0] for key, _ in salient),
                      tuple(sorted(forms, key=lambda f: (-len(f), f))),
                      tuple(c for _, c in salient))


def _is_outlet(name: str, outlet: str | None) -> bool:
    """Whether ``name`` names a well-known outlet or agency, or (given) the report's own outlet: the outlet
    itself or a name holding it as a word ("CNN Wire Staff" for CNN)."""
    folded = name.casefold()
    if outlet is None:
        return folded in OUTLET_NAMES
    own = outlet.casefold()
    return folded == own or re.search(rf"(?<!\w){re.escape(own)}(?!\w)", folded) is not None


def _story_mentions(pattern: re.Pattern[str], text: str, outlet: str | None) -> int:
    """How many times ``text`` prints a salient name (a form holding the report's own outlet does not count)."""
    return sum(1 for m in pattern.finditer(text) if outlet is None or not _is_outlet(m.group(), outlet))


@dataclass(frozen=True)
class PileWords:
    """The story's words (most used first) and, per report, the share of them it uses and its similarity
    with the other reports."""

    words: tuple[str, ...]
    story_words: tuple[float, ...]
    similarity: tuple[float, ...]


def pile_words(articles: Sequence[Article]) -> PileWords | None:
    """The story's words and each report's use of them and similarity (None: no story words, or the pile's
    reports share no words at all: nothing to judge by)."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(stop_words="english", sublinear_tf=True, token_pattern=WORD_PATTERN)
    try:
        matrix = vectorizer.fit_transform([_text(a) for a in articles])
    except ValueError:  # nothing but stopwords
        return None
    vocabulary = vectorizer.get_feature_names_out()
    used = np.asarray((matrix > 0).sum(axis=0)).ravel()
    core = [i for i in np.argsort(-used, kind="stable")
            if used[i] >= STORY_WORD_SHARE * len(articles) and str(vocabulary[i]) not in OUTLET_NAMES]
    if not core:
        return None
    share = np.asarray((matrix[:, core] > 0).sum(axis=1)).ravel() / len(core)
    total = np.asarray(matrix.sum(axis=0)).ravel()
    dots = np.asarray(matrix @ total).ravel()
    own = np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel()  # 1 for a report with words, 0 without
    # |total - row|^2 = |total|^2 - 2 row.total + |row|^2: the others' centroid without building it per report.
    others = np.sqrt(np.maximum(float(total @ total) - 2 * dots + own, 0.0))
    with np.errstate(divide="ignore", invalid="ignore"):
        sims = np.where(others > 0, (dots - own) / others, 0.0)
    return PileWords(tuple(str(vocabulary[i]) for i in core), tuple(float(x) for x in share),
                     tuple(float(x) for x in sims))


def _text(article: Article) -> str:
    return f"{article.title}\n{article.text}" if article.title else article.text


def _reason(names: StoryNames, words: PileWords, mentions: int, characters: int, used: float, similarity: float,
            median: float) -> str:
    """Why a report was set aside, for people."""
    shown = ", ".join(names.names[:NAMES_SHOWN]) + (", ..." if len(names.names) > NAMES_SHOWN else "")
    told = ", ".join(words.words[:NAMES_SHOWN]) + (", ..." if len(words.words) > NAMES_SHOWN else "")
    named = "never" if mentions == 0 else "once" if mentions == 1 else f"{mentions} times"
    return (f"names the story's people, places and organisations ({shown}) {named} in {characters:,} characters, "
            f"uses {round(used * len(words.words))} of the {len(words.words)} words most of its reports use ({told}), "
            f"and its words are far from the other reports' (similarity {similarity:.2f}, the pile's median "
            f"{median:.2f})")
