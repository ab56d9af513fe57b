"""Quotes: direct quotes in one report, who said them, and the same quote across reports.

:func:`find_quotes` reads one article's text: quote marks (curly, straight,
single), quotes that run over several paragraphs, split quotes
(``"...," she said, "..."``) and the attribution around them ("said X",
"X told ...", "according to X", a pronoun or a title pointing back to the
last person named). Scare quotes and quoted titles are not quotes.
:func:`normalise_speakers` maps the names a story uses for one person to one
full name; :func:`merge_quotes` joins the occurrences of a quote across
reports, tolerating the small wording differences between outlets.

Pure functions over text: no model, no I/O. spaCy's PERSON spans may be
passed in to help, but every rule works without them. The speaker phrases
(names, titles and roles, pronouns, unnamed speakers) are read by
:mod:`dateline.speakers`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from functools import lru_cache
from itertools import pairwise
from typing import NamedTuple

from ..model import Article, Copy, Quote, QuoteHow, QuoteMention, SourceRef
from ..text import NAME_JOINERS, ends_sentence, sentence_spans
from ..text import words as split_words
from .speakers import (
    APPOSED,
    HONORIFIC,
    NAME_RUN,
    SMALL_WORDS,
    SYNONYMS,
    Named,
    Person,
    Who,
    clean_role,
    full_name,
    named_at_end,
    subject_after,
    subject_before,
    surname_key,
    surname_starts,
)

__all__ = ["SPEECH_VERBS", "find_quotes", "merge_quotes", "normalise_speakers"]

#: "The same quote": SequenceMatcher ratio of normalised words. Outlets change a word or two
#: ("nobody"/"no one", "I am afraid"/"I fear"), which scores 0.85-0.98 on the sample corpus;
#: different quotes of one speaker score below 0.5.
SAME_QUOTE = 0.75
#: A wording cut short by an outlet joins the longer one when this share of its words appears
#: there in order, and it has CONTAINED_MIN_WORDS words at least (short phrases recur by chance).
CONTAINED = 0.85
CONTAINED_MIN_WORDS = 5

# -- thresholds ----------------------------------------------------------------------------

_VERB_REACH = 160  # characters after a quote searched for its speech verb ('," the mayor of X told reporters')
_SPEAKER_PHRASE_WORDS = 25  # most words between a quote and its verb: a speaker phrase and no more
_PASSIVE_REACH = 12  # characters before a verb searched for a passive auxiliary ("had been promised")
_ROLE_REACH = 40  # characters before a name searched for its title ("Prime Minister Anselm Drave")
_PLAIN_NAME_WORDS = (2, 3)  # a sentence opening with a plain name: two or three words ("Agnes Tully")
_OPENING_REACH = 4  # characters before a name that show a sentence opens there
_HEADLINE_WORDS = 40  # a leading paragraph not ending as a sentence is a headline up to this many words
_SHORT_QUOTE_WORDS = 3  # a quote this short counts only when someone is said to say it
_SAME_FIRST_NAME = 0.8  # SequenceMatcher ratio of first names spelt a little differently ("Haider"/"Haidar")
_SHARED_PAIRS = 3  # quotes worth comparing share at least a third of their word pairs
_FULL_WORDING = 0.8  # a wording with this share of the longest one's words is a full one

# -- lexicons -------------------------------------------------------------------------

# Verbs that report speech; "vows to", "promised to" take no quote.
_VERBS = {"said", "says", "say", "told", "tells", "added", "adds", "warned", "warns", "insisted", "insists", "declared", "declares", "promised", "promises", "urged", "urges", "asked", "asks", "explained", "explains", "noted", "stressed", "stresses", "argued", "argues", "vowed", "vows", "stated", "acknowledged", "acknowledges", "wrote", "writes", "observed", "emphasised", "emphasized", "emphasises", "emphasizes", "continued", "recalled", "replied", "answered", "admitted", "admits", "conceded", "concedes", "confirmed", "announced", "claimed", "claims", "cautioned", "predicted", "remarked", "shouted", "cried", "complained", "complains", "suggested", "concluded", "reiterated", "assured", "pledged", "joked", "elaborated", "tweeted", "countered", "pleaded", "recounted"}
# Verbs that may precede their subject ('"...," said Tully'); never "told": '"...," told X' is not English.
_INVERTED = _VERBS - {"told", "tells", "say", "urged", "urges", "promised", "promises", "pledged", "vowed", "vows"}
# A participle continues an earlier verb's subject: "X told journalists, adding ...".
_PARTICIPLES = {"saying", "adding", "noting", "warning", "insisting", "arguing", "explaining", "stressing", "telling", "declaring"}
#: Every verb and participle that reports speech, for the stages that read who said what when.
SPEECH_VERBS: frozenset[str] = frozenset(_VERBS | _PARTICIPLES)
_VERB_RE = re.compile(r"\b(" + "|".join(sorted(_VERBS | _PARTICIPLES, key=len, reverse=True))
                      + r"|according to|went on|put it)\b", re.I)
# Verbs that may introduce a three-word partial quote: 'said it got "not one cent"'.
_SAY_CLASS = {"said", "says", "say", "told", "tells", "added", "adds", "insisted", "declared", "stated", "wrote", "complained", "shouted", "warned", "confirmed", "argued", "noted", "put"}

# -- patterns -------------------------------------------------------------------------

_PARAGRAPH = re.compile(r"(?:[^\n]|\n(?![ \t]*\n))+")
_DOUBLE = re.compile(r"[“”\"«»„]")
_SINGLE = re.compile(r"[‘’'‹›]")
_NAMING = re.compile(r"\b(?:so-called|titled|entitled|call(?:s|ed)?|named|dubbed|termed|known as|headlined|"
                     r"label(?:l)?ed|branded|describes? as)\s+(?:(?:the|a|an|its|their|his|her|this)\s+)?$", re.I)
_TRIMMED = re.compile(r"\S(?:.*\S)?", re.S)
_PRONOUN_ANY = re.compile(r"(?:^|[\s,])(he|she|He|She)\b")
_AFTER_PUNCT = re.compile(r"[\s,.!?—–-]*")
_ACCORDING = re.compile(r"according to\s", re.I)
_FIRST_WORD = re.compile(r"(\w+)\b")
_DASH_END = re.compile(r"[—–-]\s*$")
_SHORT_LEAD = re.compile(r"(?:[\w'’.\-]+\s+){0,6}[\w'’.\-]+|[\w'’\s.,-]*,")
_PASSIVE_END = re.compile(r"\b(?:was|were|been|be|being|is|are)\s+$", re.I)
_LOWER_NEXT = re.compile(r" [a-z]")
_SENTENCE_OPENS = re.compile(r"(?:^|\n|[.!?][\"”’']?\s)\s*$")
_TO_INFINITIVE = re.compile(r"\s+to\s")
_NEGATIONS = [(re.compile(p), r) for p, r in ((r"\bcan't\b", "can not"), (r"\bwon't\b", "will not"), (r"n't\b", " not"),
                                              (r"'re\b", " are"), (r"'m\b", " am"), (r"'ll\b", " will"),
                                              (r"'ve\b", " have"), (r"\bno one\b", "nobody"))]
_NO_SPEAKER = "the text does not say who said it"

# -- what ``detail`` says for people (code reads QuoteHow, never these) ------------------------

_AFTER, _BEFORE = "after the quote", "before the quote"
_SPLIT_DETAIL = "split quote: {form}"
_CONTINUES_DETAIL = "continues the previous quote"
_HEADLINE_DETAIL = "headline, repeats a body quote"
_PRONOUN_BACK_DETAIL = "; '{phrase}' is the last person named"
_TITLE_ROLE_DETAIL = "; '{phrase}' is the last person with that role"
_TITLE_NAMED_DETAIL = "; '{phrase}' taken as the last person named"

# -- quote marks ------------------------------------------------------------------------


@dataclass
class _Raw:
    parts: list[tuple[int, int]]  # the quoted words, without the marks
    open: int  # the first opening mark
    close: int  # just after the last closing mark
    para: int  # paragraph of the last part
    first_para: int


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    m = _TRIMMED.search(text, s, e)
    return (m.start(), m.end()) if m else (s, s)


def _scan_double(text: str, paras: list[tuple[int, int]]) -> list[_Raw]:
    """Double-quoted spans; a paragraph left open continues into a next one that opens with a mark."""
    found: list[_Raw] = []
    parts: list[tuple[int, int]] = []  # the parts so far of a quote left open at a paragraph's end
    start: int | None = None  # the open quote mark, while a quote is open
    opened = first = 0  # where the quote opened, and in which paragraph (set with ``start``)
    for pi, (ps, pe) in enumerate(paras):
        marks = list(_DOUBLE.finditer(text, ps, pe))
        if parts and marks and not text[ps:marks[0].start()].strip() and marks[0].group() in "“\"«„":
            start, marks = marks[0].start(), marks[1:]  # news style: re-opened, never closed
        elif parts:
            parts = []
        for m in marks:
            ch, p = m.group(), m.start()
            if start is None:  # a straight mark after a digit and before a space is inches: 6'2"
                if ch in "“«„" or (ch == '"' and not (text[p - 1:p].isalnum() and not text[p + 1:p + 2].isalnum())):
                    start, opened, first = p, p, pi
            elif ch in "”»\"" or (ch == "“" and not text[p - 1].isspace()):  # a closing mark typed as “
                found.append(_Raw([*parts, _trim(text, start + 1, p)], opened, p + 1, pi, first))
                parts, start = [], None
            elif not parts:
                start = opened = p  # an opening mark inside an open quote: the first one was stray
        if start is not None:
            parts.append(_trim(text, start + 1, pe))
            start = None
    return [r for r in found if all(e > s for s, e in r.parts)]


def _scan_single(text: str, paras: list[tuple[int, int]], doubles: list[_Raw]) -> list[_Raw]:
    """Single-quoted spans outside double quotes, closed in their paragraph; apostrophes are no marks."""
    found, opens = [], [r.open for r in doubles]
    for pi, (ps, pe) in enumerate(paras):
        start = None
        for m in _SINGLE.finditer(text, ps, pe):
            p = m.start()
            if (i := bisect_right(opens, p) - 1) >= 0 and p < doubles[i].close:
                continue
            prev, nxt = (text[p - 1] if p > ps else " "), text[p + 1:p + 2] or " "
            if m.group() in "‘‹'" and (prev.isspace() or prev in "([{—–-/\"“") and nxt.isalpha():
                start = p
            elif start is not None and m.group() in "’›'" and not prev.isspace() and not nxt.isalnum():
                part = _trim(text, start + 1, p)
                if part[1] > part[0]:
                    found.append(_Raw([part], start, p + 1, pi, pi))
                start = None
    return found


# -- sentences ------------------------------------------------------------------------------


def _mask(text: str, raws: Sequence[_Raw]) -> str:
    """The text with quoted words blanked (their last stop kept), so their words are not the narrator's."""
    chars = list(text)
    for r in raws:
        for s, e in r.parts:
            chars[s:e] = "x" * (e - s - 1) + (text[e - 1] if text[e - 1] in ".!?," else "x")
    return "".join(chars)


@lru_cache(maxsize=4)  # one text's sentences, found once: every quote and verb asks where its sentence is
def _boundaries(masked: str) -> tuple[list[int], list[int]]:
    """Where each sentence of ``masked`` ends, and where the next one starts.

    A semicolon ends the piece too (``clauses=True``): an attribution does not
    reach across one.
    """
    spans = sentence_spans(masked, clauses=True)
    return [end for _, end in spans[:-1]], [start for start, _ in spans[1:]]


def _sentence_start(masked: str, lo: int, pos: int) -> int:
    starts = _boundaries(masked)[1]
    i = bisect_right(starts, pos) - 1
    return max(lo, starts[i]) if i >= 0 else lo


def _sentence_end(masked: str, pos: int, hi: int) -> int:
    ends = _boundaries(masked)[0]
    i = bisect_right(ends, pos)
    return ends[i] if i < len(ends) and ends[i] - 1 < hi else hi


# -- attribution: a speech verb and its speaker (the speaker phrase is read in .speakers) -------


class _Attribution(NamedTuple):
    who: Who
    how: QuoteHow
    form: str  # the pattern as people read it: "said X", "X told", "according to X"
    detail: str  # the form and where it stands: "X told, after the quote"
    verb_at: int


def _attribution(who: Who, how: QuoteHow, form: str, place: str, verb_at: int) -> _Attribution:
    return _Attribution(who, how, form, f"{form}, {place}", verb_at)


def _attr_after(text: str, masked: str, pos: int, hi: int) -> _Attribution | None:
    """Attribution right after a quote: '," Tillerson told', '," said Tully', '" - Mayor Edda Strand'."""
    lead = m.group() if (m := _AFTER_PUNCT.match(masked, pos, hi)) else ""
    start = pos + len(lead)
    seg = masked[start:hi]
    if acc := _ACCORDING.match(seg):
        who = subject_after(text, start + acc.end(), hi)
        return _attribution(who, QuoteHow.ACCORDING_TO, "according to X", _AFTER, start) if who else None
    vm = _FIRST_WORD.match(seg)
    if vm and vm.group(1).lower() in _INVERTED and (who := subject_after(text, start + vm.end(), hi)):
        return _attribution(who, QuoteHow.SAID_X, f"{vm.group(1)} X", _AFTER, start)
    for vm in _VERB_RE.finditer(masked, start, min(hi, start + _VERB_REACH)):
        verb = vm.group(1).lower()
        if verb in _PARTICIPLES or verb == "according to":
            continue
        who = subject_before(text, start, vm.start())
        between = masked[start:vm.start()]  # a speaker phrase and no more: no other quote, nor too many words
        lead = between[:who.span[0] - start].strip() if who else ""
        if who and (not lead or _SHORT_LEAD.fullmatch(lead)) and len(between.split()) <= _SPEAKER_PHRASE_WORDS and "xxxx" not in between:
            return _attribution(who, QuoteHow.X_SAID, f"X {verb}", _AFTER, vm.start())
        return None  # only the first verb: a later one belongs to another clause
    if _DASH_END.search(lead) and (who := subject_after(text, start, hi)) and who.kind == "named":
        return _attribution(who, QuoteHow.DASH, "- X", _AFTER, start)
    return None


def _attr_before(text: str, masked: str, lo: int, pos: int) -> _Attribution | None:
    """Attribution before a quote in its sentence: 'X said: "...', 'X said the toll would "..."'."""
    for vm in reversed(list(_VERB_RE.finditer(masked, lo, pos))):
        verb = vm.group(1).lower()
        if verb in _PARTICIPLES or _PASSIVE_END.search(masked[max(lo, vm.start() - _PASSIVE_REACH):vm.start()]):
            continue  # passive: "had been promised an answer"
        how, form = QuoteHow.X_SAID, f"X {verb}"
        if verb == "according to":
            how, form, who = QuoteHow.ACCORDING_TO, "according to X", subject_after(text, vm.end(), pos)
        else:
            who = subject_before(text, lo, vm.start())
            if who is None and verb in _INVERTED:
                how, form, who = QuoteHow.SAID_X, f"{verb} X", subject_after(text, vm.end(), pos)
        if who:
            return _attribution(who, how, form, _BEFORE, vm.start())
    # 'On Monday she put it more bluntly to delegates: "..."'
    if masked[lo:pos].rstrip().endswith(":") and (m := _PRONOUN_ANY.search(text[lo:pos])):
        return _attribution(Who("pronoun", phrase=m.group(1).lower(), span=(lo + m.start(1), lo + m.end(1))),
                            QuoteHow.COLON, "X, then a colon", _BEFORE, lo + m.start(1))
    return None


# -- people in the article: who a pronoun or a title points back to -----------------------


def _people(text: str, masked: str, paras: list[tuple[int, int]],
            given: Sequence[tuple[int, int, str]]) -> list[Person]:
    """The people the narrator names or describes, in text order, with later mentions of the named by surname."""
    # spaCy's PERSON spans include places and companies ("Millbank Road", "Corvane"): only names
    # of two or more name-like words count, so a pronoun never points at a street.
    found = [Person(s, w.name, None) for s, e, _ in given
             if (w := named_at_end(text[s:e], s)) and len(w.name.split()) > 1 and w.span[0] == s]
    for ps, pe in paras:  # whoever says something: "Velloso said there had been ..."
        for vm in _VERB_RE.finditer(masked, ps, pe):
            who = subject_before(text, _sentence_start(masked, ps, vm.start()), vm.start())
            if who is None and vm.group(1).lower() in _INVERTED:
                who = subject_after(text, vm.end(), _sentence_end(masked, vm.end(), pe))
            if who and who.kind in ("named", "unnamed"):
                found.append(Person(who.span[0], who.name, who.role))
    for m in NAME_RUN.finditer(masked):
        lo = max(0, m.start(1) - _ROLE_REACH)
        if (who := named_at_end(text[lo:m.end()], lo)) and who.role:  # "Prime Minister Anselm Drave"
            found.append(Person(who.span[0], who.name, who.role))
        name = m.group(1)  # a sentence that opens with a plain name: "Agnes Tully was asleep"
        if _PLAIN_NAME_WORDS[0] <= len(name.split()) <= _PLAIN_NAME_WORDS[1] \
                and _LOWER_NEXT.match(masked[m.end():m.end() + 2]) \
                and _SENTENCE_OPENS.search(masked[max(0, m.start(1) - _OPENING_REACH):m.start(1)]) \
                and (who := named_at_end(name, m.start(1))) and who.name == name:
            found.append(Person(m.start(1), name, None))
    for m in APPOSED.finditer(masked):
        role, name, start = (m.group(1), m.group(2), m.start(2)) if m.group(2) else (m.group(4), m.group(3), m.start(3))
        if named_at_end(name, 0) and (role := clean_role(role)):
            found.append(Person(start, text[start:start + len(name)], role))
    fulls = defaultdict(set)
    for p in found:
        if p.name and len(p.name.split()) > 1:
            fulls[surname_key(p.name)].add(p.name)
    for names in fulls.values():  # later mentions by surname ("Pell said he would"), unless shared
        if len(names) == 1:
            (name,) = names
            found += [Person(at, name, None) for at in surname_starts(name, masked)]
    return sorted(found, key=lambda p: p.at)


# -- find_quotes ------------------------------------------------------------------------------


def _headlines(article: Article, paras: list[tuple[int, int]]) -> set[int]:
    """Paragraphs equal to the title, and leading ones that are not sentences (headline, standfirst)."""
    text, title = article.text, " ".join((article.title or "").split())
    heads = {i for i, (s, e) in enumerate(paras) if title and " ".join(text[s:e].split()) == title}
    for i, (s, e) in enumerate(paras):
        if ends_sentence(text[s:e]) or len(text[s:e].split()) > _HEADLINE_WORDS:
            break
        heads.add(i)
    return heads


def _short_said(text: str, masked: str, paras, r: _Raw, lo: int, partial: bool) -> bool:
    """A quote of three words or fewer counts only when spoken: '"Nobody came," she said'; with three
    words also 'said it got "not one cent"' (one or two words so introduced are scare quotes)."""
    end = _sentence_end(masked, r.close, paras[r.para][1])
    if text[r.parts[-1][1] - 1] in ",!?" and _attr_after(text, masked, r.close, end):
        return True
    attr = _attr_before(text, masked, lo, r.open) if partial else None
    if attr is None:
        return False
    verb = masked[attr.verb_at:].split(None, 1)[0].lower()
    return verb in _SAY_CLASS and not _TO_INFINITIVE.match(masked[attr.verb_at + len(verb):r.open])


def find_quotes(article: Article, people: Sequence[tuple[int, int, str]] = ()) -> list[QuoteMention]:
    """Direct quotes in ``article.text`` with their speakers, in text order.

    ``people`` are optional PERSON spans ``(start, end, name)`` (from spaCy);
    without them names are found by their capitals and titles. Scare quotes
    (three words or fewer that nobody is said to say) and quoted titles are
    skipped. A quote whose speaker the text does not give keeps
    ``speaker=None`` and says why in ``reason``.
    """
    text = article.text
    paras = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text) if m.group().strip()]
    doubles = _scan_double(text, paras)
    raws = sorted(doubles + _scan_single(text, paras, doubles), key=lambda r: r.open)
    masked = _mask(text, raws)
    heads = _headlines(article, paras)
    persons = _people(text, masked, paras, people)
    kept = []
    for r in raws:
        words = split_words(" ".join(text[s:e] for s, e in r.parts), inner=NAME_JOINERS)
        lo = _sentence_start(masked, paras[r.first_para][0], r.open)
        major = [w for w in words if w.lower() not in SMALL_WORDS]
        if _NAMING.search(masked[lo:r.open]):
            continue  # a name: what it calls a "community fund"
        if len(words) >= 2 and all(w[0].isupper() or w[0].isdigit() for w in major) \
                and text[r.parts[-1][1] - 1] not in ".!?,":
            continue  # a title: the report "Tailings and Trust"
        if len(words) <= _SHORT_QUOTE_WORDS and (r.first_para in heads or not _short_said(
                text, masked, paras, r, lo, len(words) == _SHORT_QUOTE_WORDS)):
            continue  # the "red zone"; 'vows to set up "zones of stability"' is nobody's words
        kept.append(r)
    mentions: list[tuple[QuoteMention, _Raw, bool]] = []
    for group in _group_split_quotes(text, masked, paras, kept):
        first, last, pi = group[0], group[-1], group[0].first_para
        attr = _attr_after(text, masked, first.close, group[1].open) if len(group) > 1 else None
        attr = attr and attr._replace(how=QuoteHow.SPLIT, detail=_SPLIT_DETAIL.format(form=attr.form))
        end_char = text[last.parts[-1][1] - 1]
        if attr is None and (end_char in ",!?—–-" or end_char.isalnum()):
            stop = min([r.open for r in kept if r.open > last.close]
                       + [_sentence_end(masked, last.close, paras[last.para][1])])
            attr = _attr_after(text, masked, last.close, max(stop, last.close + 1))
        if attr is None:
            attr = _attr_before(text, masked, _sentence_start(masked, paras[pi][0], first.open), first.open)
        mention = _mention(article, group, attr, persons)
        if attr is None and mentions and pi not in heads and not masked[paras[pi][0]:first.open].strip():
            prev, prev_raw, _ = mentions[-1]  # a quote paragraph with no attribution continues the last speaker
            if prev_raw.para in (pi - 1, pi) and prev.how is not QuoteHow.NONE:
                mention = replace(mention, speaker=prev.speaker, speaker_span=prev.speaker_span, role=prev.role,
                                  how=QuoteHow.CONTINUES_PREVIOUS, detail=_CONTINUES_DETAIL, reason=prev.reason)
        mentions.append((mention, last, pi in heads))
    out = []  # a headline quote takes the speaker of the body quote it repeats ('We failed the people ...')
    for m, _, head in mentions:
        unattributed = m.how is QuoteHow.NONE
        same = [b for b, _, h in mentions if head and unattributed and not h and b.speaker
                and _coverage(_norm_words(m.text), _norm_words(b.text)) >= CONTAINED]
        if same:
            m = replace(m, speaker=same[0].speaker, role=same[0].role, how=QuoteHow.HEADLINE_REPEATS_BODY,
                        detail=_HEADLINE_DETAIL, reason=None)
        out.append(replace(m, reason="a headline quote with no speaker") if head and m.how is QuoteHow.NONE else m)
    return out


def _group_split_quotes(text: str, masked: str, paras: list[tuple[int, int]], raws: list[_Raw]) -> list[list[_Raw]]:
    """Join '"A," she said, "B."' and '"A," she said. "B."' into one quote: the words between are only
    the attribution, and B has none of its own."""
    groups: list[list[_Raw]] = []
    for r in raws:
        prev = groups[-1][-1] if groups else None
        if prev and len(groups[-1]) == 1 and prev.para == r.first_para and text[prev.parts[-1][1] - 1] in ",.!?":
            gap = masked[prev.close:r.open].rstrip()
            one_sentence = _sentence_end(masked, prev.close, r.open + 1) >= prev.close + len(gap)
            own = _attr_after(text, masked, r.close, _sentence_end(masked, r.close, paras[r.para][1]))
            if gap[-1:] in tuple(",.:;!?—–") and one_sentence and not own \
                    and _attr_after(text, masked, prev.close, r.open):
                groups[-1].append(r)
                continue
        groups.append([r])
    return groups


def _join(text: str, parts: Sequence[tuple[int, int]]) -> str:
    """The quote's words: the parts joined; a comma where the attribution cut in becomes a full stop."""
    pieces = [" ".join(text[s:e].split()) for s, e in parts]
    for i, piece in enumerate(pieces):
        if piece.endswith(",") and (i + 1 == len(pieces) or pieces[i + 1][:1].isupper()):
            # '"We failed," he said' ends a sentence; 'had "done it by the book," and' does not
            pieces[i] = piece[:-1] + ("." if pieces[0][:1].isupper() else "")
    return " ".join(pieces)


def _mention(article: Article, group: list[_Raw], attr: _Attribution | None,
             persons: Sequence[Person]) -> QuoteMention:
    """The mention, with the speaker phrase resolved: a pronoun or title to the person it points back to."""
    parts = tuple(p for r in group for p in r.parts)
    base = QuoteMention(article.id, parts, _join(article.text, parts), None, reason=_NO_SPEAKER)
    if attr is None:
        return base
    who, text = attr.who, article.text
    base = replace(base, how=attr.how, detail=attr.detail)
    before = [p for p in persons if p.at < group[0].open and not any(s <= p.at < e for s, e in parts)]
    if isinstance(who, Named):
        name, role = full_name(who.name, before or persons, who.role, text)
        return replace(base, speaker=name, speaker_span=who.span, role=role, reason=None)
    target, back, why = None, attr.how, ""
    if who.kind == "pronoun" and who.phrase in ("he", "she") and before:
        target, back, why = before[-1], QuoteHow.PRONOUN_BACK, _PRONOUN_BACK_DETAIL
    elif who.kind == "title" and who.role:
        same_role = [p for p in before if p.role and any(k in p.role.lower() for k in SYNONYMS.get(
            who.role.lower().split()[-1], (who.role.lower().split()[-1],)))]
        named = [p for p in before if p.name]
        if same_role:
            target, back, why = same_role[-1], QuoteHow.TITLE_BACK, _TITLE_ROLE_DETAIL
        elif named:
            target, back, why = Person(0, named[-1].name, None), QuoteHow.TITLE_BACK, _TITLE_NAMED_DETAIL
    pointed = replace(base, how=back, detail=attr.detail + why.format(phrase=who.phrase))
    if target is not None and target.name:
        name, role = full_name(target.name, before, target.role, text)
        return replace(pointed, speaker=name, speaker_span=who.span, role=role or who.role, reason=None)
    if target is not None:
        return replace(pointed, role=target.role, reason=f"unnamed speaker ({target.role})")
    if who.kind in ("unnamed", "title"):
        return replace(base, role=who.role, reason=f"unnamed speaker ({who.phrase})")
    if who.kind == "pronoun":
        plural = who.phrase == "they"
        return replace(base, reason="unnamed speakers ('they')" if plural else
                       f"'{who.phrase}' points to no one named before")
    return replace(base, reason=f"no person named ({who.phrase})")


# -- normalise_speakers ---------------------------------------------------------------------


def normalise_speakers(mentions: Sequence[QuoteMention]) -> list[QuoteMention]:
    """One name per person across the story: surnames, "Mr Kerry" and titled names map to the longest full name.

    A surname maps only when one person in the story carries it: two people
    sharing a surname stay apart; first names spelt a little differently
    ("Haider"/"Haidar") are one person. A title kept in a name becomes the
    role; a mention without a role takes the person's most frequent one.
    """
    cleaned = []
    for m in mentions:
        name, role = m.speaker, m.role
        if name:
            who = named_at_end(name, 0)
            if who and len(who.name) < len(name) and not HONORIFIC.match(name):
                name, role = who.name, role or who.role  # "Interior Minister Dana Oduya"
            name = HONORIFIC.sub("", name)
            name = name.title() if name.isupper() else name
        cleaned.append((m, name, role))
    fulls = [n for _, n, _ in cleaned if n and len(n.split()) > 1]
    people: dict[str, list[list[str]]] = defaultdict(list)  # surname -> people -> spellings
    for name in dict.fromkeys(fulls):
        group = people[surname_key(name)]
        first = name.split()[0].lower()
        for person in group:
            if any(SequenceMatcher(None, first, other.split()[0].lower()).ratio() >= _SAME_FIRST_NAME for other in person):
                person.append(name)
                break
        else:
            group.append([name])
    counts, canonical, by_surname = Counter(fulls), dict[str, str](), dict[str, str]()
    for key, group in people.items():
        for person in group:
            best = max(person, key=lambda n: (len(n.split()), counts[n], -person.index(n)))
            canonical.update(dict.fromkeys(person, best))
            if len(group) == 1:
                by_surname[key] = best
    out = [(m, n and (by_surname.get(surname_key(n), n) if " " not in n else canonical.get(n, n)), r)
           for m, n, r in cleaned]
    roles: dict[str | None, Counter] = defaultdict(Counter)
    for _, name, role in out:
        if name and role:
            roles[name][role] += 1
    return [replace(m, speaker=name, role=role or (roles[name].most_common(1)[0][0] if roles.get(name) else None))
            for m, name, role in out]


# -- merge_quotes ------------------------------------------------------------------------------


def _norm_words(text: str) -> list[str]:
    """Words for comparing wordings: case, quote marks, punctuation and contractions ignored."""
    t = text.casefold().replace("’", "'").replace("‘", "'")
    for pattern, replacement in _NEGATIONS:
        t = pattern.sub(replacement, t)
    return split_words(t)


def _coverage(short: list[str], long: list[str]) -> float:
    """The share of ``short``'s words found in ``long``, in the same order."""
    blocks = SequenceMatcher(None, short, long, autojunk=False).get_matching_blocks()
    return sum(b.size for b in blocks) / len(short) if short else 0.0


def _ratio(a: list[str], b: list[str]) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


class _Unit(NamedTuple):
    order: tuple[int, int]  # (mention, sentence of a split mention)
    mention: QuoteMention
    start: int
    end: int
    text: str
    words: list[str]


def _pairs(units: Sequence[_Unit]) -> Iterator[tuple[int, int]]:
    """Pairs (i < j) worth comparing: they share a third of their word pairs and might reach a threshold.

    Blocking on word bigrams spares a story with thousands of quotes all-pairs SequenceMatcher.
    """
    grams: list[set[tuple[str, ...]]] = [set(pairwise(u.words)) or {(w,) for w in u.words} for u in units]
    bags = [Counter(u.words) for u in units]
    index: dict[tuple, list[int]] = defaultdict(list)
    for i, g in enumerate(grams):
        for gram in g:
            index[gram].append(i)
    for i, g in enumerate(grams):
        for j, n in sorted(Counter(j for gram in g for j in index[gram] if j > i).items()):
            if n * _SHARED_PAIRS < min(len(g), len(grams[j])):
                continue
            common = sum((bags[i] & bags[j]).values())  # bounds both SequenceMatcher scores from above
            la, lb = len(units[i].words), len(units[j].words)
            if 2 * common / (la + lb) >= SAME_QUOTE or common / min(la, lb) >= CONTAINED:
                yield i, j


def _units(mentions: Sequence[QuoteMention], texts: Mapping[str, str]) -> list[_Unit]:
    """One unit per mention, but a split quote whose sentences other reports quote apart is split to match."""
    def unit(i: int, j: int, m: QuoteMention, parts: Sequence[tuple[int, int]]) -> _Unit:
        t = _join(texts[m.article], parts) if texts.get(m.article) else m.text
        return _Unit((i, j), m, parts[0][0], parts[-1][1], t, _norm_words(t))

    whole = [unit(i, 0, m, m.parts) for i, m in enumerate(mentions)]
    pieces = {}
    for i, m in enumerate(mentions):  # sentences: a part ends a sentence and the next opens one
        text, cuts = texts.get(m.article, ""), [0]
        cuts += [k for k in range(1, len(m.parts)) if text[m.parts[k - 1][1] - 1:m.parts[k - 1][1]] in ".,!?"
                 and text[m.parts[k][0]:m.parts[k][0] + 1].isupper()]
        if len(cuts) > 1:
            pieces[i] = [unit(i, j, m, m.parts[a:b]) for j, (a, b) in enumerate(pairwise([*cuts, len(m.parts)]))]
    probes = whole + [p for ps in pieces.values() for p in ps]
    # Probes with the same words, kind and whole quote behave alike: compare one of each
    # (wire copy repeats a quote in hundreds of reports; all pairs of them would be quadratic).
    groups: dict[tuple, list[_Unit]] = defaultdict(list)
    for p in probes:
        i = p.order[0]
        groups[(tuple(p.words), p is whole[i], tuple(whole[i].words))].append(p)
    reps = list(groups.values())
    split: set[int] = set()
    for a, b in _pairs([g[0] for g in reps]):
        pa, pb = reps[a][0], reps[b][0]
        i, k = pa.order[0], pb.order[0]
        if not (pa is whole[i] and pb is whole[k]) \
                and _ratio(pa.words, pb.words) >= SAME_QUOTE and _ratio(whole[i].words, whole[k].words) < SAME_QUOTE:
            for mine, theirs in ((reps[a], reps[b]), (reps[b], reps[a])):
                articles = {t.mention.article for t in theirs}
                split.update(p.order[0] for p in mine  # paired with a probe of another report
                             if p is not whole[p.order[0]] and articles - {p.mention.article})
    return [u for i, w in enumerate(whole) for u in (pieces[i] if i in split else [w])]


def _same_groups(a: Sequence[_Unit], b: Sequence[_Unit]) -> bool:
    """Whether some unit of ``a`` and some unit of ``b`` are one quote (each group shares its words).

    The same wording, or a cut quote: the shorter's words found in order in the longer, unless the
    two name different speakers.
    """
    if _ratio(a[0].words, b[0].words) >= SAME_QUOTE:
        return True
    short, long = sorted((a[0], b[0]), key=lambda u: len(u.words))
    if len(short.words) < CONTAINED_MIN_WORDS or _coverage(short.words, long.words) < CONTAINED:
        return False
    # Some pair does not name two different speakers (a cut quote never joins two speakers).
    speakers_a = {u.mention.speaker.casefold() if u.mention.speaker else None for u in a}
    speakers_b = {u.mention.speaker.casefold() if u.mention.speaker else None for u in b}
    return None in speakers_a or None in speakers_b or bool(speakers_a & speakers_b)


def merge_quotes(mentions: Sequence[QuoteMention], texts: Mapping[str, str],
                 copies: Sequence[Copy] = ()) -> list[Quote]:
    """The story's quotes: one :class:`Quote` per quote, however many reports carry it.

    ``texts`` maps article ids to their text (for the spans). Wordings that
    differ a little, or a quote an outlet cut short, join one Quote; the other
    wordings are kept in ``variants``. ``origins`` counts the reports carrying
    it, a copy (see ``copies``) counting with its original. The speaker is the
    one most reports name. Quotes come in order of first appearance, so pass
    mentions oldest report first.
    """
    original = {c.article: c.original for c in copies}
    roots: dict[str, str] = {}
    for article in {m.article for m in mentions}:
        root, seen = article, set()
        while root in original and root not in seen:  # a copy of a copy counts with the first original
            seen.add(root)
            root = original[root]
        roots[article] = root
    units = _units(mentions, texts)
    parent = list(range(len(units)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # Units with the same words are the same quote (ratio 1): join them first and compare
    # one of each, with the speakers of all of them (see _same_groups).
    same_words: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, u in enumerate(units):
        same_words[tuple(u.words)].append(i)
    reps = list(same_words.values())
    for members in reps:
        for i in members[1:]:
            parent[find(i)] = find(members[0])
    for a, b in _pairs([units[g[0]] for g in reps]):
        i, j = reps[a][0], reps[b][0]
        if find(i) != find(j) and _same_groups([units[x] for x in reps[a]], [units[x] for x in reps[b]]):
            parent[find(j)] = find(i)
    clusters: dict[int, list[_Unit]] = defaultdict(list)
    for i, u in enumerate(units):
        clusters[find(i)].append(u)
    return [_quote(c, roots.__getitem__) for c in sorted(clusters.values(), key=lambda c: c[0].order)]


def _quote(units: list[_Unit], root: Callable[[str], str]) -> Quote:
    """One Quote from its occurrences: the first full wording (an original's, not a copy's) is the text."""
    longest = max(len(u.words) for u in units)
    full = [u for u in units if len(u.words) >= _FULL_WORDING * longest]
    canon = next((u for u in full if root(u.mention.article) == u.mention.article), full[0])
    votes = Counter(sp for sp, _ in dict.fromkeys((u.mention.speaker, root(u.mention.article)) for u in units) if sp)
    first_seen = {u.mention.speaker: -k for k, u in reversed(list(enumerate(units)))}
    speaker = max(votes, key=lambda s: (votes[s], first_seen[s])) if votes else None
    roles = Counter(u.mention.role for u in units if u.mention.speaker == speaker and u.mention.role)
    longest_in: dict[str, int] = defaultdict(int)
    for u in units:
        longest_in[u.mention.article] = max(longest_in[u.mention.article], len(u.words))

    def wording(t: str) -> tuple[str, ...]:  # differs when the words do ("no one"/"nobody"), not the punctuation
        return tuple(split_words(t.casefold().replace("’", "'"), inner="'"))

    variants = {wording(u.text): u.text for u in reversed(units) if len(u.words) == longest_in[u.mention.article]}
    variants.pop(wording(canon.text), None)
    return Quote(speaker, roles.most_common(1)[0][0] if roles else None, canon.text,
                 tuple(SourceRef(u.mention.article, u.start, u.end) for u in units),
                 tuple(variants[k] for k in dict.fromkeys(wording(u.text) for u in units) if k in variants),
                 len({root(u.mention.article) for u in units}))
