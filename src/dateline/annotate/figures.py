"""Numeric facts: how many, of what, when, and where sources disagree.

:func:`find_figures` reads one article's sentences and returns every number
that states a fact (a count, a share, a sum of money, an area ...) with its
qualifier ("more than", "nearly"), its unit, a normalised *measure* naming
what is counted, and the date it holds for. :func:`series` groups the
mentions of a whole story into one value per (measure, value, date) and
reports the dates where sources give values their qualifiers cannot reconcile.

It is regex-first on purpose: news sentences state numbers in a small set of
shapes ("at least 41 people were injured", "a 79-member coalition", "$38
million in aid"), and a lexicon of what the news counts (casualties, the
displaced, members, pledges) names a measure more consistently across
reports than a parser's noun phrases would, at thousands of sentences a second.
The words it reads are general English, in :mod:`.figure_rules`: a count of
members takes the name of the group the sentence or the report names ("79
members of the alliance" and "a 68-nation alliance" are "alliance members"),
a count of people the event the clause names ("41 people injured"), a count of
things what happened to them ("3,000 homes destroyed"); no rule knows what a
particular story is about.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..model import (
    Article,
    Copy,
    Disagreement,
    DisagreementValue,
    Figure,
    FigureDateHow,
    FigureMention,
    Granularity,
    Period,
    Sentence,
    SourceRef,
    TimeMention,
)
from ..text import NAME_JOINERS, word_spans
from . import figure_rules as rules

__all__ = ["find_figures", "series"]

@dataclass
class _Hit:
    """A quantity in a sentence (offsets relative to it), before it is dated."""

    start: int
    end: int
    value: float
    unit: str | None = None
    qualifier: str | None = None
    kind: str = "count"  # count, money, percent, area, length, volume, speed, mass, times
    measure: str | None = None
    small: bool = False  # a spelled-out number up to SMALL_NUMBER: kept only when it counts something specific
    earlier: bool = False  # "up from 4,800": a previous value, kept only with a date of its own
    drop: bool = False  # counts nothing the text names


# --- public API -----------------------------------------------------------------------


def find_figures(article: Article, sentences: Sequence[Sentence]) -> list[FigureMention]:
    """Every numeric fact in ``article``'s ``sentences``, with what it counts and the date it holds for.

    ``date_how`` is "sentence" (a date the figure's clause gives), "story" (the
    day of the report's main event, named in its opening sentences), "published"
    (the publication date, or the week or month its bounds share) or "none".
    """
    text, title = article.text, (article.title or "").strip()
    groups = _Groups.of(text)
    story = _story_date(article, sentences)
    found: list[tuple[Sentence, list[_Hit]]] = []
    for sentence in sentences:
        stext = text[sentence.start:sentence.end]
        spans = [(m.start - sentence.start, m.end - sentence.start) for m in sentence.mentions]
        found.append((sentence, _quantities(stext, spans, groups)))
    # A sum with no word for what it is takes the measure the article (headline included) gives that sum.
    named = {(h.value, h.unit): h.measure for _, hits in found for h in hits if h.measure and h.kind != "count"}
    out = []
    for sentence, hits in found:
        if title and text[sentence.start:sentence.end].strip() == title:
            continue  # a headline restates the body in shorthand ("44 hurt as ...")
        for hit in hits:
            hit.measure = hit.measure or named.get((hit.value, hit.unit))
            if hit.small and not _specific(hit):
                continue  # "two bridges", "three separate forces": narrative, not a tracked figure
            date, how = _figure_date(article, sentence, hit, hits, story)
            if hit.earlier and how is not FigureDateHow.SENTENCE:
                continue  # "up from 4,800" with no date of its own says nothing datable
            s, e = sentence.start + hit.start, sentence.start + hit.end
            out.append(FigureMention(article.id, s, e, text[s:e], hit.value, hit.unit, hit.qualifier, hit.measure,
                                     date, how))
    return out


def series(mentions: Sequence[FigureMention], copies: Sequence[Copy] = ()) -> tuple[list[Figure], list[Disagreement]]:
    """Group mentions into one :class:`Figure` per (measure, value, date) and find where sources disagree.

    Figures come grouped by measure, in date order within a measure (undated
    last), so a reader sees how a count moved; ``origins`` counts a wire story
    and its reprints (``copies``) once. A :class:`Disagreement` is a measure
    and a date for which sources give values their qualifiers cannot reconcile
    (41 vs 44 injured, "at least 41" vs 38; not "at least 41" vs 44). Only figures
    of the same date compare: a month-dated figure may hold for any day of the
    month, and counts move within a month.
    """
    original = {c.article: c.original for c in copies}
    groups: dict[tuple, list[FigureMention]] = defaultdict(list)
    names: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        if m.measure:
            key = _measure_key(m.measure)
            names[key][m.measure] += 1
            groups[(key, _family(m.unit), round(m.value, 6), m.date)].append(m)
    keyed = []
    for (key, _, value, date), ms in groups.items():
        sources = tuple(sorted({SourceRef(m.article, m.start, m.end) for m in ms}, key=lambda s: (s.article, s.start)))
        figure = Figure(measure=names[key].most_common(1)[0][0], value=value,
                        unit=Counter(m.unit for m in ms).most_common(1)[0][0], qualifier=_common_qualifier(ms),
                        date=date, sources=sources, origins=len({original.get(m.article, m.article) for m in ms}))
        keyed.append(((key, _date_key(date), value), figure))
    figures = [f for _, f in sorted(keyed, key=lambda kf: kf[0])]
    return figures, _disagreements(figures)


# --- the groups a report names -----------------------------------------------------------


@dataclass(frozen=True)
class _Groups:
    """The groups with members a report names ("coalition", "union", "committee"), to name counts of members.

    A report about one group names it with a few nouns in turn ("the coalition",
    "the alliance", "the group"); counts of its members take the noun the report
    uses most, so that "a 68-nation alliance", "the group's 60 partners" and
    "79 countries in the coalition" are one measure within the report, and
    across reports that use that noun the most.
    """

    ranked: tuple[str, ...] = ()  # the group nouns the report uses, most used first
    by_sort: tuple[tuple[str, str], ...] = ()  # (sort of group, the noun of that sort the report uses most)

    @classmethod
    def of(cls, text: str) -> _Groups:
        named = Counter(m.group(1).lower() for m in rules.GROUP_NOUN.finditer(text))
        ranked = tuple(noun for noun, _ in named.most_common() if noun in rules.GROUP_NOUNS)  # ties: first named
        by_sort: dict[str, str] = {}
        for noun in ranked:
            by_sort.setdefault(rules.GROUP_NOUNS[noun].synonyms or noun, noun)
        return cls(ranked, tuple(by_sort.items()))

    @property
    def main(self) -> str | None:
        """The group noun the report uses most."""
        return self.ranked[0] if self.ranked else None

    def main_for(self, members: str) -> str | None:
        """The report's most used group that can have ``members`` ("countries" are members of a coalition only)."""
        return next((g for g in self.ranked if self.counts(g, members)), None)

    def name(self, noun: str, members: str = "members") -> str | None:
        """The report's name for the group ``noun`` stands for: its most used synonym; "the group" its main one."""
        noun = noun.lower()
        if noun not in rules.GROUP_NOUNS:
            return self.main_for(members)
        return dict(self.by_sort).get(rules.GROUP_NOUNS[noun].synonyms or noun, noun)

    def of_members(self, sentence: str, members: str) -> str | None:
        """The group a count of ``members`` ("countries", "partners") in ``sentence`` counts the members of.

        The group the sentence names (the report's main group first), else the
        report's main group when what is counted can be its members: any group
        has "members" and "partners"; only a union of states has "countries".
        """
        named = [n for n in (self.name(m.group(1), members) for m in rules.GROUP_NOUN.finditer(sentence)) if n]
        main = self.main_for(members)
        if main and (main in named or not named):
            return main
        return named[0] if named else None

    @staticmethod
    def counts(group: str, members: str) -> bool:
        """Whether a count of ``members`` can count the members of ``group``."""
        return members in rules.MEMBERSHIP_NOUNS or (
            members in rules.STATE_NOUNS and rules.GROUP_NOUNS[group].members == "countries")

    @staticmethod
    def unit(group: str) -> str:
        """What the members of ``group`` are counted in ("countries" for a coalition, "people" for a union)."""
        return rules.GROUP_NOUNS[group].members if group in rules.GROUP_NOUNS else "members"


# --- finding quantities -------------------------------------------------------------


def _quantities(s: str, date_spans: list[tuple[int, int]], groups: _Groups) -> list[_Hit]:
    """The quantities of one sentence that state facts, each with its unit, qualifier and measure."""
    if not rules.ANY_NUMBER.search(s):
        return []  # most sentences hold no number: skip the slow scan
    hits = [h for h in (_hit(s, m, date_spans) for m in rules.QUANTITY.finditer(s)) if h]
    for m in rules.FRACTION.finditer(s) if rules.HAS_FRACTION.search(s) else ():
        num, qual = m.group("num") or m.group("num2"), m.group("qual") or m.group("qual2")
        start = min(m.start(g) for g in ("qual", "num", "qual2", "num2") if m.group(g))
        if any(h.start <= start < h.end for h in hits) or (not qual and rules.PART_OF_WHOLE_BEFORE.search(s[:start])):
            continue  # "the northern half of the town" is a part, not a share
        words = rules.NUMBER_WORD_PARTS.split(num.lower())
        value = rules.ONES.get(words[0], 1) * rules.FRACTIONS[words[-1].rstrip("s")]
        hits.append(_Hit(start, m.end(), round(value, 2), "percent", rules.QUALIFIERS.get((qual or "").lower()),
                         "percent"))
    hits.sort(key=lambda h: h.start)
    for i, hit in enumerate(hits):
        hit.measure = _measure(s, hit, hits[:i], groups)
    return [h for h in hits if not h.drop]


def _hit(s: str, m: re.Match[str], date_spans: list[tuple[int, int]]) -> _Hit | None:
    """One match as a quantity, or None when the number is not a fact (a year, an age, a time, a label ...)."""
    num_s, num_e = m.span("num")
    raw, low = m.group("num"), m.group("num").lower()
    qual = rules.QUALIFIER_BEFORE.search(s, max(0, m.start() - rules.QUALIFIER_REACH), m.start())
    start = qual.start() if qual else m.start()
    before, after = s[:start], s[m.end():]
    cur = (m.group("cur") or "").strip().lower()
    scale = (m.group("scale") or "").strip().lower()
    unit = next((g for g in rules.UNIT_GROUPS if m.group(g)), None)
    if any(a <= num_s < b or a < num_e <= b for a, b in date_spans):
        return None  # part of a date ("March 3")
    if num_s and (s[num_s - 1].isalpha() or (s[num_s - 1] == "-" and num_s > 1 and s[num_s - 2].isalnum())):
        return None  # a model or a code: F-16, G20
    if rules.TIME.match(s, num_e) or (low in ("one", "a", "an") and not (scale or unit or cur)):
        return None  # a time, an ordinal; "one man shouted" is an article, not a count
    if raw[0].isdigit() and not (scale or cur or unit) and (
            (rules.YEAR.match(raw) and not qual and not _noun_follows(after)) or rules.PHONE_OR_SCORE.match(s, num_s)):
        return None  # "in 2016", a phone number, a score
    if not (unit or cur) and (rules.DURATION.match(after) or rules.FURNITURE.match(after) or rules.AD.search(before)
                              or rules.LABEL.search(before) or rules.ADDRESS.match(after)
                              or rules.VAGUE_AFTER.match(after)
                              or (rules.AGE.search(before) and rules.AGE_AFTER.match(after))):
        return None  # "three hours", "1,482 views", "Reach 9,000 readers", "Article 5", "Tully, 71,"
    if rules.REFERENCE.search(before) or (unit == "length" and m.group("length").lower() == "m"
                                          and not raw[0].isdigit()):
        return None
    value = _number_value(raw)
    for word in scale.split():
        value *= rules.SCALES[word]
    hit = _Hit(start, m.end(), value,
               qualifier=rules.QUALIFIERS.get(" ".join(qual.group().lower().split())) if qual else None,
               small=not raw[0].isdigit() and not scale and value <= rules.SMALL_NUMBER)
    if tail := rules.OR_SO_AFTER.match(after):  # "40 or so villages", "ten or more"
        hit.qualifier, hit.end = rules.OR_SO_QUALIFIERS[tail.group(1).lower()], hit.end + tail.end()
    # "rose from 12 to 17": 12 is the earlier value
    hit.earlier = bool(rules.EARLIER.search(before) or (
        rules.FROM_BEFORE.search(before) and rules.TO_VALUE_AFTER.match(s[hit.end:])))
    if cur or unit == "money":
        word = cur or rules.WHITESPACE.sub(" ", m.group("money").lower())
        hit.kind, hit.unit = "money", rules.CURRENCY.get(word, word)
    elif unit == "pct":
        hit.kind, hit.unit = "percent", "percentage points" if "point" in m.group("pct").lower() else "percent"
    elif unit == "times":
        limit = rules.LIMIT_AFTER.match(after)
        if not limit:
            return None  # "three times as many", "met four times": not a level
        hit.kind, hit.unit, hit.end = "times", "times the limit", m.end() + limit.end()
    elif unit:
        word = rules.WHITESPACE.sub(" ", m.group(unit).lower().replace(".", ""))
        word = rules.SQ_WITHOUT_SPACE.sub("sq ", word)
        singular = rules.PLURAL_S.sub("", word)
        hit.kind = "area" if unit == "area2" else unit
        hit.unit = rules.UNIT_NAMES.get(word, rules.UNIT_NAMES.get(singular, singular))
    return hit


def _number_value(raw: str) -> float:
    """The value of a number as written: "1,482", "2.5", "forty-four", "a" (dozen), "half a" (million)."""
    low = raw.lower()
    if raw[0].isdigit():
        return float(raw.replace(",", ""))
    if low.startswith("half"):
        return 0.5
    if low in ("a", "an"):
        return 1.0
    return float(sum(rules.TENS.get(p, 0) + rules.ONES.get(p, 0) for p in rules.NUMBER_WORD_PARTS.split(low)))


def _noun_follows(after: str) -> bool:
    """Whether a four-digit number is followed by what it counts ("2000 troops"), so it is not a year."""
    w = rules.WORDS_AFTER_YEAR.match(after)
    return w is not None and any(g in rules.HUMAN or g in rules.MEMBERS for g in w.groups())


# --- what a quantity counts -----------------------------------------------------------


def _measure(s: str, hit: _Hit, previous: list[_Hit], groups: _Groups) -> str | None:
    """A short normalised name of what ``hit`` counts, from the words around it."""
    before, after = s[:hit.start], s[hit.end:]
    if hit.kind == "money":
        return _money_measure(s, _clause_before(before)[-rules.MONEY_REACH:],
                              rules.CLAUSE_END.split(after, maxsplit=1)[0][:rules.MONEY_REACH], groups)
    if hit.kind == "percent":
        fall, rise = rules.FALL.search(before), rules.RISE.search(before)
        share = _of_phrase(after)
        if (change := fall or rise) and share in rules.NOT_A_SHARE:
            return f"{'fall' if fall else 'rise'} in {_subject(before[:change.start()])}"
        if share:
            return f"share of {share}"
        return _rate(before)
    if hit.kind == "times":
        level = rules.LEVEL_BEFORE.search(before)
        return f"{(level.group(1) or level.group(2)).lower()} level" if level else None
    if hit.kind != "count":
        return _size_measure(hit, before, after, previous)
    return _count_measure(s, hit, before, after, previous, groups)


def _rate(before: str) -> str | None:
    """The rate a percentage is the value of, named before it: "turnout of 64%", "the jobless rate fell to 6.4%"."""
    verb = rules.RATE_BEFORE.search(before)
    if not verb:
        return None
    subject = _subject(before[:verb.start()], words=len(before.split()))
    words = rules.RATE_CUT.split(subject, maxsplit=1)[0].split()
    last = max((i for i, w in enumerate(words) if rules.RATE_NOUNS.fullmatch(w)), default=None)
    if last is None:
        return None
    kept = [w for w in words[:last + 1] if w.lower() not in rules.RATE_NEUTRAL][-rules.RATE_WORDS:]
    if kept and before.lstrip().startswith(kept[0]):
        kept[0] = kept[0].lower()  # "Turnout was 64%": capital only because it starts the sentence
    return " ".join(kept) or None


def _size_measure(hit: _Hit, before: str, after: str, previous: list[_Hit]) -> str | None:
    """What an area, a length, a volume or a mass measures: "area of farmland", "distance to Marrowick"."""
    of = _of_phrase(after)
    away = rules.AWAY_FROM.match(after)
    if of and (rules.WITHIN_BEFORE.search(before) or away):
        return f"distance to {of}"
    if away:
        return f"distance to {away.group(1)}"
    if of and hit.kind in rules.SIZE_KINDS:
        return f"{hit.kind} of {of}"
    if hit.earlier and previous and previous[-1].kind == hit.kind:
        return previous[-1].measure  # "up from about 46 square kilometres"
    return None


def _count_measure(s: str, hit: _Hit, before: str, after: str, previous: list[_Hit], groups: _Groups) -> str | None:
    """What a count counts: "41 people were injured", "a 79-member coalition", "12 countries"."""
    if compound := rules.SIZE_COMPOUND.match(after):
        return _size_of_group(hit, after, compound, groups)
    if after.startswith(rules.GLUED):
        hit.drop = True  # "a 12-page report", "a 40-kilometre stretch": a description
        return None
    if partitive := rules.PARTITIVE.match(after):
        return _part_of(hit, before, after, partitive)
    words, noun_end = _noun_words(after)
    if not words:
        return _bare_measure(s, hit, before, after, previous, groups)
    hit.end += noun_end  # the span shows what is counted: "At least 41 people"
    head, rest = words[-1].lower(), after[noun_end:]
    mods = [w for w in words[:-1] if w.lower() not in rules.LOOSE_ADJ]
    increment = bool(rules.INCREMENT_AFTER.match(after) or rules.INCREMENT_BEFORE.search(before))
    if head == "members" and any(w.lower() in rules.BODY for w in words):
        head = "personnel"
    member_noun = head if head in rules.MEMBERS else " ".join(words[-2:]).lower()
    if member_noun in rules.MEMBERS:
        return _members_measure(s, hit, before, words, mods, rest, increment, groups.of_members(s, member_noun))
    if head in rules.PEOPLE_BY_EVENT:  # "14 deaths", "41 injuries"
        hit.unit = "people"
        return f"{'new ' if increment else ''}people {rules.PEOPLE_BY_EVENT[head]}"
    if head in rules.HUMAN or head == "personnel":
        hit.unit = "people"
        pred = _predicate(_clause_before(before)[-rules.PREDICATE_BEFORE_REACH:], rest[:rules.PREDICATE_AFTER_REACH])
        who = "people" if head in rules.PEOPLE else " ".join(w for w in words if w.lower() not in rules.LOOSE_ADJ)
        if pred:
            return f"{'new ' if increment and pred == 'displaced' else ''}{who} {pred}"
        if rules.POPULATION.search(rules.TRAILING_QUALIFIER.sub("", before)):
            return "population"
        return "people without water" if rules.WATER_TO.search(before) else who
    if rules.PLURAL.search(head) or head in rules.COLLECTIVE_PEOPLE:
        hit.unit = head
        thing = _clean_np(" ".join([*mods, words[-1]]))
        harm = _thing_predicate(rest)
        # "120 new cases" adds to a total; in "12 new Iraqi brigades" the word describes the brigades.
        added = increment and len(words) == 1
        return f"{'new ' if added else ''}{thing}{' ' + harm if harm else ''}"
    hit.drop = True  # "Brightwater 24's reporter": a name, not a count
    return None


def _size_of_group(hit: _Hit, after: str, compound: re.Match[str], groups: _Groups) -> str:
    """A size glued to a group: "the 79-member, US-led coalition", "a 68-nation alliance", "a 3,000-strong force"."""
    hit.end += compound.end()
    glued = compound.group(1).lower()
    rest = after[compound.end():]
    named = rules.GROUP_AFTER_COMPOUND.match(rest)
    if named:
        group = groups.name(named.group(1)) or named.group(1).lower()
    elif glued == "strong" and (words := _noun_words(rest)[0]):
        group = words[-1].lower()  # "a 3,000-strong peacekeeping force"
    else:
        group = groups.main or "group"
    hit.unit = rules.SIZE_COMPOUND_UNITS.get(glued) or groups.unit(group)
    return f"{group} members"


def _part_of(hit: _Hit, before: str, after: str, partitive: re.Match[str]) -> str | None:
    """A part of a group named after the number: "treated 19 of the injured" -> "injured treated"."""
    noun = partitive.group(1).split()[-1].lower()
    verb = rules.PARTITIVE_VERB_BEFORE.search(before) or rules.PARTITIVE_VERB_AFTER.match(after[partitive.end():])
    if noun in rules.TIME_NOUNS or not verb:
        hit.drop = True
        return None
    hit.small = hit.small or hit.value <= rules.SMALL_NUMBER
    hit.unit = "people" if noun in rules.HUMAN or noun in rules.PEOPLE_BY_STATE else noun
    return f"{_clean_np(partitive.group(1))} {verb.group(1).lower()}"


def _members_measure(s: str, hit: _Hit, before: str, words: list[str], mods: list[str], rest: str,
                     increment: bool, group: str | None) -> str | None:
    """A count of members: "79 countries in the coalition", "the union's 4,000 members", "five more countries"."""
    head = words[-1].lower()
    if group is None:  # members of no group the report names
        hit.unit = "countries" if head != "members" else "members"
        return _clean_np(" ".join(words))
    hit.unit = _Groups.unit(group) if head in rules.MEMBERSHIP_NOUNS else "countries"
    if hit.small and rules.THE_BEFORE.search(before):
        hit.drop = True  # "in the two countries": a reference, not a count
        return None
    if rules.ASK_JOIN.search(rest[:rules.ASK_JOIN_REACH]):
        return f"{head} asking to join"
    if increment or (rules.JOINED.match(rest) and not rules.HAVE_AFTER.match(rest)):
        return f"new {group} members"  # "Five more countries joined", not "60 countries have signed up"
    return " ".join([w.lower() for w in mods if head == "members"] + [f"{group} members"])  # "21 key members"


def _bare_measure(s: str, hit: _Hit, before: str, after: str, previous: list[_Hit], groups: _Groups) -> str | None:
    """A number with no noun after it: "the death toll rose to nine", "20 are missing", "became 17"."""
    total = rules.TOTAL.search(before[-rules.TOTAL_REACH:])
    if total and total.group("toll"):
        hit.unit = "people"
        return "people killed"
    after_total = rules.TOTAL_AFTER.match(after)
    of = (total.group("of") if total else None) or (after_total.group("of") if after_total else None)
    if of and (member := rules.MEMBER_NOUNS_IN.search(of)) and (group := groups.of_members(of, member.group())):
        hit.unit = "countries" if member.group() != "members" else _Groups.unit(group)
        return f"{group} members"  # "the number of countries in the coalition to 17"
    pred = _predicate("", of) if of else None
    if pred is None and rules.BARE_VERB_AFTER.match(after):
        pred = _predicate("", after[:rules.BARE_VERB_REACH])  # "20 are missing", "9,000 remain unable to go home"
    if pred is None and rules.HARM_BEFORE.search(before):
        pred = _predicate(before[-rules.HARM_BEFORE_REACH:], "")
    if pred:
        hit.unit = "people"
        return f"people {pred}"
    counted = _of_phrase(" of " + of.strip().removeprefix("of ").strip()) if of else None
    if counted and rules.PLURAL.search(counted):  # "the number of cases reached 1,610"
        hit.unit = counted.split()[-1]
        return counted
    if total and total.group("number").lower() == "membership":
        group = groups.of_members(before, "members")
        hit.unit = _Groups.unit(group) if group else "countries"
        return f"{group} members" if group else "members"
    linked = rules.LINKED_BEFORE.search(before)
    if (linked or hit.earlier) and previous and previous[-1].measure:
        hit.unit = previous[-1].unit  # "became 17 ... and 23 yesterday", "bringing the total to 12,400"
        return rules.NEW_PREFIX.sub("", previous[-1].measure)
    all_members = rules.ALL_MEMBERS_BEFORE.search(before)
    if all_members:  # "all the coalition partners ..., and we mean all 60"
        named = all_members.group(1).lower()
        group = groups.of_members(before, named)
        hit.unit = "countries"
        return f"{group} members" if group else named
    verb = rules.PART_VERB_AFTER.match(after)
    if verb and previous and previous[-1].measure and rules.OF_BEFORE.search(s[:previous[-1].start]):
        hit.unit = previous[-1].unit  # "Of 214 wells tested, 133 contained arsenic"
        return f"{previous[-1].measure} that {verb.group(1)} {verb.group(2)}".lower()
    hit.drop = True  # a number that counts nothing the text names
    return None


def _noun_words(after: str) -> tuple[list[str], int]:
    """The noun phrase right after a number ("mobile water-treatment units"), at most three words, and its end."""
    words: list[str] = []
    ends: list[int] = []
    pos = 0
    while len(words) < rules.NOUN_PHRASE_WORDS and (m := rules.NEXT_WORD.match(after, pos)):
        w, low, pos = m.group(1), m.group(1).lower(), m.end()
        if low in rules.LOOSE_ADJ and not words:
            continue  # "five more countries"
        if low.endswith("ing") and rules.ING_BEFORE_PLURAL.match(after[pos:]):
            pass  # "fishing boats", "shipping containers"
        elif low in rules.STOP or low.endswith(("ing", "ly")) or (low.endswith("ed") and low not in rules.KEEP_ED):
            break
        words.append(w)
        ends.append(pos)
        if low in rules.HUMAN or low in rules.MEMBERS or rules.PLURAL.search(w):
            break  # a plural ends the phrase: "eleven streets closest to the river"
    while words and words[-1].lower() in rules.KEEP_ED - {"armed"}:
        words.pop()
        ends.pop()
    return words, (ends[-1] if ends else 0)


def _predicate(before: str, after: str) -> str | None:
    """The event or state a count of people is about ("killed", "displaced", ...), if the clause says."""
    for text in (before, after):  # the verb before governs ("killed 33 civilians"), else the clause after
        for name, rx in rules.PREDICATES:
            if rx.search(text):
                return name
    return None


def _thing_predicate(rest: str) -> str | None:
    """What happened to counted things, when the verb follows the noun: "3,000 homes were destroyed"."""
    verb = rules.THING_PREDICATE_AFTER.match(rest)
    if not verb:
        return None
    return next((name for name, rx in rules.THING_PREDICATES if rx.fullmatch(verb.group(1))), None)


def _money_measure(s: str, before: str, after: str, groups: _Groups) -> str | None:
    """What a sum is: pledges, a fund, revenue, spending ... (the keyword nearest the sum wins)."""
    best: tuple[int, str] | None = None
    for name, rx in rules.MONEY_WORDS:
        for m in rx.finditer(before):
            candidate = (len(before) - m.end(), name)
            best = candidate if best is None else min(best, candidate)
        if later := rx.search(after):
            candidate = (later.start() + rules.MONEY_WORD_AFTER_PENALTY, name)
            best = candidate if best is None else min(best, candidate)
    if best is None:
        return None
    named = rules.GROUP_OR_MEMBERS.search(s)
    if best[1] in rules.GROUP_MONEY and named:
        word = named.group().lower()
        group = groups.of_members(s, word if word in rules.MEMBERS else "members")
        if group:
            return f"{group} {best[1]}"  # "the coalition pledged $38 million", "its members have pledged"
    return best[1]


def _of_phrase(after: str) -> str | None:
    """The noun phrase of "of the wells sampled downstream" ("wells sampled"), at most three words."""
    of = rules.OF_PHRASE_START.match(after)
    if not of:
        return None
    words: list[str] = []
    rest = after[of.end():]
    for start, end in word_spans(rest, inner=NAME_JOINERS):
        word = rest[start:end]
        low = word.lower()
        if low in rules.STOP or low in rules.OF_PHRASE_END or (words and low.endswith("ing")):
            break
        words.append(word)
        if len(words) == rules.NOUN_PHRASE_WORDS or rest[end:end + 1] != " " or rest[end + 1:end + 2].isspace():
            break  # the phrase ends at anything but a single space
    return _clean_np(" ".join(words)) if words else None


def _subject(text: str, words: int = rules.SUBJECT_WORDS) -> str:
    """What a clause is about, its last ``words`` words: "Corvane's shares, which were ..., have" -> "Corvane shares"."""
    text = rules.RELATIVE.sub("", text)
    text = rules.SUBJECT_FILLER.sub(" ", text)
    text = rules.SUBJECT_AFTER_SPEECH.split(text)[-1]
    parts = rules.SUBJECT_PARTS.split(text)
    text = next((part for part in reversed(parts) if part.strip()), "")
    np = rules.SUBJECT_PLACE.split(" " + text.strip())[0]
    return _clean_np(" ".join(np.split()[-words:])) or "value"


def _clean_np(np: str) -> str:
    """A noun phrase as a measure: no determiner or pronoun, possessive names without "'s"."""
    np = rules.INDEFINITE_POSSESSOR.sub("", np.strip())
    np = rules.DETERMINER.sub("", np)
    return " ".join(w if w[:1].isupper() and w.lower() not in rules.STOP else w.lower()
                    for w in rules.POSSESSIVE_S.sub("", np).split())


def _clause_before(before: str) -> str:
    """The part of ``before`` in the same clause as what follows it."""
    cut = 0
    for m in rules.CLAUSE.finditer(before):
        cut = m.end()
    return before[cut:]


def _specific(hit: _Hit) -> bool:
    """Whether a spelled-out small number counts something worth tracking (casualties, members, money)."""
    return hit.kind in ("money", "percent") or (bool(hit.measure) and not _weak(hit.measure) and (
        hit.unit in ("people", "countries") or hit.kind != "count"))


def _weak(measure: str | None) -> bool:
    """A measure naming only what is counted ("people"): too vague to set two reports against each other."""
    return (measure or "").casefold() in rules.HUMAN | rules.MEMBERS


# --- dates ------------------------------------------------------------------------------


def _story_date(article: Article, sentences: Sequence[Sentence]) -> tuple[Period | None, FigureDateHow]:
    """The day of the report's main event, from its opening sentences, else its publication date.

    A report published on the 23rd about "Wednesday's meeting" gives its counts
    for the 22nd: that is what lets two reports of one meeting published days
    apart compare their counts, and a reprint compare with its original.
    """
    pub = article.published
    earliest, latest = pub.date or pub.earliest, pub.date or pub.latest
    title = (article.title or "").strip()
    if earliest and latest:
        body = [s for s in sentences if article.text[s.start:s.end].strip() != title][:rules.STORY_SENTENCES]
        for sentence in body:
            stext = article.text[sentence.start:sentence.end]
            for m in sentence.mentions:
                if not m.places or m.period is None or m.period.granularity is not Granularity.DAY or _in_evidence(article, m):
                    continue
                if not earliest - dt.timedelta(days=10) <= m.period.first <= latest:
                    continue
                if rules.BLOCK.search(_clause_before(stext[:m.start - sentence.start]).rsplit(",", 1)[-1]):
                    continue  # "after the dam gave way late on Tuesday": the cause, not the story's day
                return m.period, FigureDateHow.STORY
    if pub.date:
        return Period.day(pub.date), FigureDateHow.PUBLISHED
    if pub.earliest and pub.latest:  # a bounded date still fixes the week or the month
        for granularity in (Granularity.WEEK, Granularity.MONTH):
            period = Period.of(pub.earliest, granularity)
            if period.contains(pub.latest):
                return period, FigureDateHow.PUBLISHED
    return None, FigureDateHow.NONE


def _in_evidence(article: Article, m: TimeMention) -> bool:
    """Whether a mention is the dateline the publication date was read from."""
    span = article.published.span
    return span is not None and span[0] <= m.start < span[1]


def _figure_date(article: Article, sentence: Sentence, hit: _Hit, hits: list[_Hit],
                 story: tuple[Period | None, FigureDateHow]) -> tuple[Period | None, FigureDateHow]:
    """The date ``hit`` holds for: a date its own clause gives, else the story's date."""
    chosen = _own_date(article, sentence, hit, hits)
    if chosen is None:
        return story
    # A running toll holds for when it was reported: "the collapse on February 28 killed nine", said on March 9.
    if (rules.RUNNING_TOLL.search(hit.measure or "") and not hit.earlier
            and story[0] is not None and story[1] is FigureDateHow.STORY and chosen.period is not None
            and chosen.period.granularity is Granularity.DAY and chosen.period.first < story[0].first):
        return story
    return chosen.period, FigureDateHow.SENTENCE


def _own_date(article: Article, sentence: Sentence, hit: _Hit, hits: list[_Hit]) -> TimeMention | None:
    """The date mention of the sentence that ``hit``'s clause refers to, if any."""
    s = article.text[sentence.start:sentence.end]
    limit = article.published.date or article.published.latest
    eligible = [m for m in sentence.mentions if m.places and m.period and not _in_evidence(article, m)
                and (limit is None or m.period.first <= limit)]  # "they meet tomorrow" dates no count
    participle = rules.PARTICIPLE.search(s[:hit.start])
    if participle and not hit.earlier:  # ", bringing the toll to nine": the main clause's date
        main = [m for m in eligible if m.start - sentence.start < participle.start()]
        if main:
            return main[0]
    for m in eligible:  # the first date after the number, if nothing stands between them
        ms = m.start - sentence.start
        between = s[hit.end:ms]
        if hit.end <= ms and ((len(between) < rules.DATE_AFTER_REACH and not rules.BLOCK.search(between)
                              and not any(hit.end <= h.start < ms for h in hits))
                              or (rules.ATTRIBUTION.search(s[:ms].rsplit(",", 1)[-1]) and not hit.earlier)):
            return m
    if participle or hit.earlier:  # an earlier value ("up from 4,800") needs a date of its own
        return None
    relative = [r.span() for r in rules.RELATIVE.finditer(s)]
    for m in reversed(eligible):  # else the nearest one before it in the same clause
        ms, me = m.start - sentence.start, m.end - sentence.start
        if me > hit.start or hit.start - me > rules.DATE_BEFORE_REACH or any(a <= ms < b and not a <= hit.start < b for a, b in relative):
            continue
        # "shut since March 7, when tests found ... 40 times the limit": the when-clause hangs on the date.
        if rules.WHEN_AFTER_DATE.match(s[me:hit.start]) or (not rules.BLOCK.search(s[ms:hit.start]) and not rules.BLOCK.search(
                _clause_before(s[:ms])[-rules.CAUSE_REACH:])):
            return m
    return None


def _date_key(period: Period | None) -> tuple[dt.date, int]:
    """Chronological, a finer period before a coarser one starting the same day; undated sorts last."""
    return period.fine_first_key if period else (dt.date.max, len(Granularity))


# --- series and disagreements ---------------------------------------------------------------


def _measure_key(measure: str) -> str:
    """Measures that differ only in case or spacing group together."""
    return " ".join(measure.casefold().replace("’", "'").split())


def _family(unit: str | None) -> str:
    """What a unit measures, so "5 km2" and "2 mi2" compare and "12 countries" and "12 members" group."""
    if unit in rules.FAMILY:
        return rules.FAMILY[unit][0]
    return unit if unit in rules.NOT_COUNTS else "count"


def _common_qualifier(ms: Iterable[FigureMention]) -> str | None:
    """The qualifier most sources use; a tie goes to the plain number, the least hedged claim."""
    counts = Counter(m.qualifier for m in ms)
    return min(counts, key=lambda q: (-counts[q], q is not None, q or ""))


def _interval(value: float, qualifier: str | None) -> tuple[float, float]:
    """The values a qualified figure allows.

    A lower bound ("at least 41", "more than 60") allows any larger value and an
    upper bound ("up to 100") any smaller one; "nearly" and "about" allow their
    named tolerances (``NEARLY_SLACK``, ``ABOUT_SLACK``). Writers round round
    numbers, so a plain 60 gets half a step of slack either way and "nearly 60"
    a whole step below; a precise count (41) stays precise.
    """
    step = _round_step(value)
    if qualifier in rules.LOWER_BOUNDS:
        return value, math.inf
    if qualifier in rules.UPPER_BOUNDS:
        return -math.inf, value
    if qualifier == "nearly":
        return value - max(step, rules.NEARLY_SLACK * value), value
    if qualifier == "about":
        slack = max(step / 2, rules.ABOUT_SLACK * value)
        return value - slack, value + slack
    return value - step / 2, value + step / 2


def _round_step(value: float) -> float:
    """The rounding a number shows: 60 -> 10, 4,800 -> 100, 41 -> 0 (exact)."""
    if value < rules.ROUNDED_FROM or value != int(value):
        return 0.0
    step, v = 1, int(value)
    while v % 10 == 0:
        v, step = v // 10, step * 10
    return float(step) if step > 1 else 0.0


def _disagreements(figures: list[Figure]) -> list[Disagreement]:
    """Dates on which one measure has values that cannot all be true."""
    by_date: dict[tuple, list[Figure]] = defaultdict(list)
    for f in figures:
        if f.date and not _weak(f.measure):
            by_date[(_measure_key(f.measure), _family(f.unit), f.date)].append(f)
    out = []
    for (_, _, date), fs in by_date.items():
        clashing: set[int] = set()
        for i, a in enumerate(fs):
            for j in range(i + 1, len(fs)):
                (lo_a, hi_a), (lo_b, hi_b) = _interval(_base(a), a.qualifier), _interval(_base(fs[j]), fs[j].qualifier)
                if hi_a < lo_b or hi_b < lo_a:
                    clashing |= {i, j}
        if clashing:
            values = tuple(DisagreementValue(fs[i].value, fs[i].qualifier, fs[i].sources)
                           for i in sorted(clashing, key=lambda i: fs[i].value))
            out.append(Disagreement(kind="figure", subject=fs[min(clashing)].measure, date=date, values=values))
    return sorted(out, key=lambda d: (_date_key(d.date), d.subject))


def _base(f: Figure) -> float:
    """A figure's value in its family's base unit (km2, km, m3, tonnes)."""
    return f.value * rules.FAMILY[f.unit][1] if f.unit in rules.FAMILY else f.value
