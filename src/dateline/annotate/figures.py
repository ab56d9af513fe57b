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
"""

from __future__ import annotations

import datetime as dt
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

__all__ = ["find_figures", "series"]

# --- the shape of a quantity ----------------------------------------------------------

_ONES = {w: i for i, w in enumerate(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"], 1)}
_TENS = {w: 10 * i for i, w in enumerate(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], 2)}
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
           "m": 1e6, "mn": 1e6, "bn": 1e9, "k": 1e3}
_W_ONES = "|".join(sorted(_ONES, key=len, reverse=True))
_SCALE_WORDS = "dozen|hundred|thousand|million|billion|trillion"
_NUM = (rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|(?:{'|'.join(_TENS)})(?:[- ](?:{_W_ONES}))?|{_W_ONES}"
        rf"|half\s+an?(?=\s+(?:{_SCALE_WORDS})\b)|an?(?=\s+(?:{_SCALE_WORDS})\b)")
# Qualifiers, normalised: "over" and "some" count only right before a number.
_QUALS = {q: norm for norm, qs in {
    "more than": "more than|over|well over|just over|in excess of|upwards of|above|pass|passes|passed|topped"
                 "|exceeded|exceeds|surpassed",
    "at least": "at least|no fewer than|no less than", "nearly": "nearly|almost|close to|just under|just short of",
    "about": "about|around|some|roughly|approximately|an estimated|estimated|circa",
    "up to": "up to|as many as|at most|no more than", "fewer than": "fewer than",
    "less than": "less than|under|below"}.items() for q in qs.split("|")}
_QUAL = "|".join(sorted((re.escape(q) for q in _QUALS), key=len, reverse=True))
# Looked for only right before a number: trying its alternatives at every position would triple the time.
_QUAL_BEFORE = re.compile(rf"(?<![\w-])(?:{_QUAL})\s+$", re.I)
_CURRENCY_WORDS = ("crowns|kronor|kroner|krona|yen|yuan|renminbi|rupees|francs|rand|pesos|dinars|riyals|roubles"
                   "|rubles|lira|shekels|naira|shillings")
_QUANTITY = re.compile(rf"""
    (?<![\w$€£.,-]) (?P<cur>US\$|A\$|C\$|\$|€|£|(?:USD|EUR|GBP)\s?)?
    (?P<num>{_NUM}) (?P<scale>(?:\s+(?:{_SCALE_WORDS})\b(?!-)){{1,2}}|(?<=\d)(?:m|mn|bn|k)\b)?
    (?: (?P<pct>\s?%|\s?per\s?cent\b|\s?percent\b|\s+percentage\s+points?\b)
      | \s+(?P<area>square\s+(?:kilomet(?:re|er)s?|km|miles?|met(?:re|er)s?|feet|foot)\b|sq\.?\s?(?:km|mi|m)\b
           |hectares?\b|acres?\b)
      | \s?(?P<area2>km2|km²)
      | \s+(?P<volume>cubic\s+met(?:re|er)s?\b|m3\b|m³|lit(?:re|er)s\b|gallons\b|barrels\b)
      | \s?(?P<speed>km/h|kph|mph|knots)(?!\w)
      | [\s-]?(?P<length>kilomet(?:re|er)s?|km|miles?|met(?:re|er)s?|millimet(?:re|er)s?|mm|centimet(?:re|er)s?|cm
           |feet|ft)\b
      | \s+(?P<mass>tonnes|tons|kilograms|kg)\b
      | \s+(?P<money>(?:US\s+)?dollars|euros?|pounds(?:\s+sterling)?|USD|EUR|GBP|{_CURRENCY_WORDS})\b
      | \s+(?P<times>times)\b )?""", re.I | re.X)
# "almost half", "more than one-third of the territory", "fallen by a third"
_FRACTION = re.compile(rf"\b(?:(?P<qual>{_QUAL})\s+)?(?P<num>half|an?\s+(?:third|quarter)|(?:one|two|three)[- ]"
                       r"(?:thirds?|quarters?))\b(?=\s+of\s+(?:the|its|their|his|her|all)\b)"
                       rf"|\b(?:by|lost|cut)\s+(?:(?P<qual2>{_QUAL})\s+)?(?P<num2>half|an?\s+third|an?\s+quarter)\b",
                       re.I)
_ANY_NUMBER = re.compile(rf"\d|\b(?:{'|'.join(_TENS)}|{_W_ONES}|dozen|half|third|quarter)", re.I)
_HAS_FRACTION = re.compile(r"half|third|quarter", re.I)
_FRACTIONS = {"half": 50.0, "third": 100 / 3, "quarter": 25.0}
_CURRENCY = {"$": "USD", "us$": "USD", "a$": "AUD", "c$": "CAD", "€": "EUR", "£": "GBP", "usd": "USD",
             "eur": "EUR", "gbp": "GBP", "dollars": "USD", "us dollars": "USD", "euro": "EUR", "euros": "EUR",
             "pounds": "GBP", "pounds sterling": "GBP"}
_UNIT_NAMES = {name: unit for unit, names in {
    "km2": "square kilometre|square kilometer|square km|sq km|km2|km²", "mi2": "square mile|sq mi",
    "m2": "square metre|square meter|sq m", "ft2": "square feet|square foot", "ha": "hectare", "acres": "acre",
    "km": "kilometre|kilometer", "mi": "mile", "m": "metre|meter", "mm": "millimetre|millimeter",
    "cm": "centimetre|centimeter", "ft": "feet", "m3": "cubic metre|cubic meter|m³", "litres": "litre|liter",
    "gallons": "gallon", "barrels": "barrel", "km/h": "kph", "knots": "knot", "tonnes": "ton|tonne",
    "kg": "kilogram"}.items() for name in names.split("|")}
# One base unit per family, so "fewer than 5 km2" and "less than 2 square miles" compare.
_FAMILY = {"km2": ("area", 1.0), "mi2": ("area", 2.58999), "m2": ("area", 1e-6), "ft2": ("area", 9.2903e-8),
           "ha": ("area", 0.01), "acres": ("area", 0.00404686), "km": ("length", 1.0), "mi": ("length", 1.609344),
           "m": ("length", 1e-3), "mm": ("length", 1e-6), "cm": ("length", 1e-5), "ft": ("length", 3.048e-4),
           "m3": ("volume", 1.0), "litres": ("volume", 1e-3), "tonnes": ("mass", 1.0), "kg": ("mass", 1e-3)}
_NOT_COUNTS = set(_CURRENCY.values()) | set(_CURRENCY_WORDS.split("|")) | {
    "percent", "percentage points", "times the limit", "km/h", "mph", "knots", "gallons", "barrels"}

# --- numbers that are not facts -------------------------------------------------------

_DURATION = re.compile(r"(?:-|\s+)(?:or so\s+|more\s+)?(?:seconds?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?"
                       r"|months?|years?|decades?|centuries|century|generations?)\b|[- ]years?[- ]old\b", re.I)
_FURNITURE = re.compile(r"\s*(?:views?|comments?|shares?|likes?|followers|subscribers|readers|retweets|replies"
                        r"|thoughts on|min(?:ute)?s? read|photos?|images?|videos?|results?|pages?)\b", re.I)
_TIME = re.compile(r"\s*(?:a\.?m\b\.?|p\.?m\b\.?|o['’]clock|GMT|UTC|hrs\b)|:\d\d|\s*(?:st|nd|rd|th)\b|\.\d|/\d", re.I)
_LABEL = re.compile(r"(?:\b(?:article|section|chapter|paragraph|clause|resolution|rule|no|number|flight|route"
                    r"|highway|room|page|vol|volume|act|level|phase|grade|category|stage|step|round|game|platform"
                    r"|gate|terminal|apartment|suite|box|line|verse|item|version|figure|table|pp?)\.?|#)\s*$", re.I)
_AD = re.compile(r"\b(?:reach|subscribe|advertise|join)\s+(?:over\s+|more than\s+)?$", re.I)
_AGE = re.compile(r"\b[A-Z][\w’'-]+,\s*$|\baged?\s*$|\bage of\s*$|\(\s*$")
_AGE_AFTER = re.compile(r"\s*(?:,\s*(?:who|a|an|the|from|of|and|said|says|was|is|had|has)\b|\))", re.I)
_ADDRESS = re.compile(r"\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Boulevard|Drive|Square)\b")
_PHONE_OR_SCORE = re.compile(r"\+?\(?\d{2,4}\)?[\s.-]\d{2,4}[\s.-]\d{2,5}|\d+\s?[-–]\s?\d+\b")
_VAGUE_AFTER = re.compile(r"\s+(?:of\s+(?:whom|them|which|those|these|us|you)|or\s+(?:two|three|four|five|six))\b"
                          r"|-(?:year|month|week|day|hour|minute)s?\b", re.I)
_REFERENCE = re.compile(r"\btimes\s+(?:the|that|as\s+much\s+as)\s+$", re.I)  # "three times the $38 million"
_EARLIER = re.compile(r"\b(?:(?:up|down|rose|fell|risen|fallen|increased|decreased|grew|grown|dropped|climbed"
                      r"|jumped|rising|falling)\s+from|compared\s+(?:with|to)|than)\s+"
                      r"(?:(?:a|the)\s+(?:peak|high|low|total|record)\s+of\s+)?$"
                      r"|\bfrom\s+(?:a|the)\s+(?:peak|high|low|total|record)\s+of\s+$", re.I)
_YEAR = re.compile(r"(?:1[89]|20)\d\d$")

# --- what is counted ------------------------------------------------------------------

_PEOPLE = set(["people", "persons", "person", "residents", "inhabitants", "individuals", "others", "villagers", "locals", "citizens"])
_HUMAN = _PEOPLE | set(["civilians", "soldiers", "troops", "children", "women", "men", "workers", "volunteers", "refugees", "migrants", "evacuees", "fighters", "militants", "police", "officers", "staff", "employees", "passengers", "students", "patients", "protesters", "demonstrators", "miners", "journalists", "tourists", "pupils", "detainees", "prisoners", "hostages", "victims", "families", "households", "americans", "rebels", "personnel", "servicemen"])
_MEMBERS = {"countries", "nations", "states", "member states", "members", "governments", "partners", "allies",
            "signatories", "member countries", "member nations"}
_BODY = {"service", "staff", "crew", "family", "party", "union", "gang", "cabinet", "board", "committee",
         "security", "team", "club", "church", "household"}  # "two service members" are people
_COALITION = re.compile(r"\b(?:coalition|alliance)\b", re.I)
# What a count of people is about; the first that matches wins, so the more specific come first.
_PREDICATES = [(name, re.compile(rx, re.I)) for name, rx in [
    ("displaced", r"\b(?:unable to (?:return|go)(?: back)? home|unable to return|evacuat\w*|displaced|homeless"
                  r"|(?:left|fled|out of|forced (?:from|out of)) (?:their|his|her) homes?|moved out|evacuees"
                  r"|number forced)\b"),
    ("killed", r"\b(?:killed|killing|kills|dead|died|deaths?|death toll|lives|fatalities|perished)\b"),
    ("injured", r"\b(?:injured|injuring|injures|wounded|wounding|hurt|injuries)\b"),
    ("missing", r"\b(?:missing|unaccounted for)\b"),
    ("returned", r"\b(?:returned|allowed back|went home|go home|gone home)\b"),
    ("arrested", r"\b(?:arrested|detained|arrests)\b"),
    ("rescued", r"\b(?:rescued|pulled out)\b"),
    ("treated", r"\b(?:treated|hospitali[sz]ed)\b"),
    ("in shelters", r"\b(?:in shelters?|spent the night in|sheltering)\b"),
    ("employed", r"\b(?:employs|employed|employing|workforce)\b")]]
_MONEY_WORDS = [(name, re.compile(rx, re.I)) for name, rx in [
    ("pledges", r"\bpledg\w*|\bpromised\b|\bcommitted\b"), ("donations", r"\braised\b|\bdonat\w+"),
    ("fund", r"\b(?:fund|plan|package|programme|program|facility)\b"),
    ("revenue", r"\b(?:revenues?|sales|turnover)\b"), ("profit", r"\bprofits?\b"),
    ("losses", r"\bloss(?:es)?\b|\blost\b"), ("spending", r"\bspen[dt]\w*"), ("fine", r"\bfine[sd]?\b|\bpenalty\b"),
    ("cost", r"\bcost(?:s|ing)?\b"), ("damage", r"\bdamages?\b"), ("budget", r"\bbudget\b"),
    ("compensation", r"\bcompensation\b"), ("aid", r"\baid\b|\bassistance\b")]]
_POPULATION = re.compile(r"\b(?:town|city|village|country|island|district|region|population)\s+of\s+$", re.I)
_FALL = re.compile(r"\b(?:down|fell|fallen|dropped|declined|slumped|plunged|lost|shrank|decreased|cut)(?:\s+by)?\s+$",
                   re.I)
_RISE = re.compile(r"\b(?:up|rose|risen|grew|grown|increased|jumped|climbed|gained|soared)(?:\s+by)?\s+$", re.I)
_JOINED = re.compile(r"\s*(?:\w+\s+){0,2}?(?:joined|were admitted|signed up|signed on)\b", re.I)
_ASK_JOIN = re.compile(r"\b(?:asked|applied|want|wanted|seeking|sought|hoped?)\s+to\s+join\b", re.I)
_TOTAL = re.compile(r"\b(?:(?P<toll>toll)|(?P<number>number|total|tally|count|membership)(?P<of>\s+of\s+[^,;:]*)?)"
                    r"\b[^,;:]*?\b(?:to|at|of|reached|reaches|hit|is|was|stood at|stands at)\s+$", re.I)
_TOTAL_AFTER = re.compile(r"\s+the\s+(?:number|total)\s+of\s+(?P<of>[^,.;]+)", re.I)  # "bringing to 11 the number of"
_STOP = set(["of", "in", "at", "on", "for", "to", "from", "with", "by", "as", "into", "across", "and", "or", "but", "who", "that", "which", "whom", "whose", "were", "was", "are", "is", "have", "has", "had", "will", "would", "could", "can", "may", "might", "should", "been", "be", "being", "remain", "remained", "still", "now", "did", "do", "does", "not", "said", "say", "says", "each", "per", "this", "these", "those", "their", "its", "his", "her", "than", "last", "next", "yesterday", "today", "tomorrow", "ago", "a", "an", "the", "so", "far", "around", "near", "between", "since", "after", "before", "during", "while", "when", "where", "if", "up", "down", "out", "off", "over", "under", "about", "some", "all", "both", "more", "most", "less", "also", "already", "just", "only", "there", "here", "it", "they", "we", "he", "she"])
_KEEP_ED = {"armed", "injured", "wounded", "displaced", "registered", "confirmed", "trained", "detained", "united"}
_LOOSE_ADJ = {"different", "separate", "international", "foreign", "global", "member", "participating", "allied",
              "other", "more", "new", "additional", "further", "extra", "total", "whole", "full", "individual"}
_NEXT_WORD = re.compile(r"\s+([A-Za-z][\w’'-]*)(?![\w’'])")

# --- clauses, for dating -------------------------------------------------------------------

_PARTICIPLE = re.compile(r",\s*(?:bringing|raising|lifting|killing|pledging|adding|leaving|taking|pushing|making"
                         r"|injuring|wounding|forcing|sending|putting)\b", re.I)
_BLOCK = re.compile(r"\b(?:after|since|before|until|following|while|although|because|whereas|but)\b|[;:–—]", re.I)
_ATTRIBUTION = re.compile(r"\b(?:said|says|according to|told|reported|announced)\b", re.I)
_RELATIVE = re.compile(r",\s*(?:which|who|whose|where)\b[^,;]*", re.I)
_CLAUSE = re.compile(r"[;:–—(]|,\s+(?=(?:and|but|which|who|while|as|after|when)\b)|\band\s+(?=\d|[A-Z]|$)")


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
    small: bool = False  # a spelled-out number up to ten: kept only when it counts something specific
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
    coalition_story = bool(_COALITION.search(text))
    story = _story_date(article, sentences)
    found: list[tuple[Sentence, list[_Hit]]] = []
    for sentence in sentences:
        stext = text[sentence.start:sentence.end]
        spans = [(m.start - sentence.start, m.end - sentence.start) for m in sentence.mentions]
        found.append((sentence, _quantities(stext, spans, coalition_story)))
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
    ("at least 41" vs "44" injured; not "more than 60" vs "68"). Only figures
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


# --- finding quantities -------------------------------------------------------------


def _quantities(s: str, date_spans: list[tuple[int, int]], coalition_story: bool) -> list[_Hit]:
    """The quantities of one sentence that state facts, each with its unit, qualifier and measure."""
    if not _ANY_NUMBER.search(s):
        return []  # most sentences hold no number: skip the slow scan
    hits = [h for h in (_hit(s, m, date_spans) for m in _QUANTITY.finditer(s)) if h]
    for m in _FRACTION.finditer(s) if _HAS_FRACTION.search(s) else ():
        num, qual = m.group("num") or m.group("num2"), m.group("qual") or m.group("qual2")
        start = min(m.start(g) for g in ("qual", "num", "qual2", "num2") if m.group(g))
        if any(h.start <= start < h.end for h in hits) or (not qual and re.search(r"\bthe\s+(?:[\w-]+\s+)?$", s[:start])):
            continue  # "the northern half of the town" is a part, not a share
        words = re.split(r"[- ]", num.lower())
        value = _ONES.get(words[0], 1) * _FRACTIONS[words[-1].rstrip("s")]
        hits.append(_Hit(start, m.end(), round(value, 2), "percent", _QUALS.get((qual or "").lower()), "percent"))
    hits.sort(key=lambda h: h.start)
    for i, hit in enumerate(hits):
        hit.measure = _measure(s, hit, hits[:i], coalition_story)
    return [h for h in hits if not h.drop]


def _hit(s: str, m: re.Match, date_spans: list[tuple[int, int]]) -> _Hit | None:
    """One match as a quantity, or None when the number is not a fact (a year, an age, a time, a label ...)."""
    num_s, num_e = m.span("num")
    raw, low = m.group("num"), m.group("num").lower()
    qual = _QUAL_BEFORE.search(s, max(0, m.start() - 25), m.start())
    start = qual.start() if qual else m.start()
    before, after = s[:start], s[m.end():]
    cur = (m.group("cur") or "").strip().lower()
    scale = (m.group("scale") or "").strip().lower()
    unit = next((g for g in ("pct", "area", "area2", "volume", "speed", "length", "mass", "money", "times")
                 if m.group(g)), None)
    if any(a <= num_s < b or a < num_e <= b for a, b in date_spans):
        return None  # part of a date ("March 3")
    if num_s and (s[num_s - 1].isalpha() or (s[num_s - 1] == "-" and num_s > 1 and s[num_s - 2].isalnum())):
        return None  # a model or a code: F-16, G20
    if _TIME.match(s, num_e) or (low in ("one", "a", "an") and not (scale or unit or cur)):
        return None  # a time, an ordinal; "one man shouted" is an article, not a count
    if raw[0].isdigit() and not (scale or cur or unit) and (
            (_YEAR.match(raw) and not qual and not _noun_follows(after)) or _PHONE_OR_SCORE.match(s, num_s)):
        return None  # "in 2016", a phone number, a score
    if not (unit or cur) and (_DURATION.match(after) or _FURNITURE.match(after) or _AD.search(before)
                              or _LABEL.search(before) or _ADDRESS.match(after) or _VAGUE_AFTER.match(after)
                              or (_AGE.search(before) and _AGE_AFTER.match(after))):
        return None  # "three hours", "1,482 views", "Reach 9,000 readers", "Article 5", "Tully, 71,"
    if _REFERENCE.search(before) or (unit == "length" and m.group("length").lower() == "m" and not raw[0].isdigit()):
        return None
    value = float(raw.replace(",", "")) if raw[0].isdigit() else 0.5 if low.startswith("half") else 1.0 if low in (
        "a", "an") else float(sum(_TENS.get(p, 0) + _ONES.get(p, 0) for p in re.split(r"[- ]", low)))
    for word in scale.split():
        value *= _SCALES[word]
    hit = _Hit(start, m.end(), value, qualifier=_QUALS.get(" ".join(qual.group().lower().split())) if qual else None,
               small=not raw[0].isdigit() and not scale and value <= 10)
    tail = re.match(r"\s+or\s+(so|more)\b", after, re.I)  # "40 or so villages", "ten or more"
    if tail:
        hit.qualifier, hit.end = ("about" if tail.group(1).lower() == "so" else "at least"), hit.end + tail.end()
    # "rose from 12 to 17": 12 is the earlier value
    hit.earlier = bool(_EARLIER.search(before) or (re.search(r"\bfrom\s+$", before) and re.match(
        r"\s+(?:\w+\s+){0,2}to\s+[$€£]?\d", s[hit.end:])))
    if cur or unit == "money":
        word = cur or re.sub(r"\s+", " ", m.group("money").lower())
        hit.kind, hit.unit = "money", _CURRENCY.get(word, word)
    elif unit == "pct":
        hit.kind, hit.unit = "percent", "percentage points" if "point" in m.group("pct").lower() else "percent"
    elif unit == "times":
        limit = re.match(r"\s+(?:the\s+)?(?:legal\s+|safe\s+|permitted\s+|official\s+|recommended\s+)?"
                         r"(?:limit|level|average|norm|maximum|threshold)s?\b", after, re.I)
        if not limit:
            return None  # "three times as many", "met four times": not a level
        hit.kind, hit.unit, hit.end = "times", "times the limit", m.end() + limit.end()
    elif unit:
        word = re.sub(r"\s+", " ", m.group(unit).lower().replace(".", ""))
        word = re.sub(r"^sq(?=km|mi|m\b)", "sq ", word)
        hit.kind = "area" if unit == "area2" else unit
        hit.unit = _UNIT_NAMES.get(word, _UNIT_NAMES.get(re.sub(r"s$", "", word), re.sub(r"s$", "", word)))
    return hit


def _noun_follows(after: str) -> bool:
    """Whether a four-digit number is followed by what it counts ("2000 troops"), so it is not a year."""
    w = re.match(r"\s+([a-z][\w-]*)(?:\s+([a-z]+))?", after)
    return bool(w) and any(g in _HUMAN or g in _MEMBERS for g in w.groups())


# --- what a quantity counts -----------------------------------------------------------


def _measure(s: str, hit: _Hit, previous: list[_Hit], coalition: bool) -> str | None:
    """A short normalised name of what ``hit`` counts, from the words around it."""
    before, after = s[:hit.start], s[hit.end:]
    if hit.kind == "money":
        return _money_measure(s, _clause_before(before)[-70:], re.split(r"[,;:–—]", after, maxsplit=1)[0][:70],
                              coalition)
    if hit.kind == "percent":
        fall, rise = _FALL.search(before), _RISE.search(before)
        share = _of_phrase(after)
        if (fall or rise) and share in (None, "value", "worth", "level"):
            return f"{'fall' if fall else 'rise'} in {_subject(before[:(fall or rise).start()])}"
        return f"share of {share}" if share else None
    if hit.kind == "times":
        level = re.search(r"\b([a-z]+)\s+levels?\b[^,;]*$|\b(?:found|showed|detected|measured)\s+([a-z]+)\b[^,;]*$",
                          before, re.I)
        return f"{(level.group(1) or level.group(2)).lower()} level" if level else None
    if hit.kind != "count":
        of = _of_phrase(after)
        away = re.match(r"\s+(?:upstream|downstream|north|south|east|west|away|inland)\s+(?:of|from)\s+([A-Z][\w-]+)",
                        after)
        if of and (re.search(r"\bwithin\s+$", before) or away):
            return f"distance to {of}"
        if away:
            return f"distance to {away.group(1)}"
        if of and hit.kind in ("area", "volume", "length"):
            return f"{hit.kind} of {of}"
        if hit.earlier and previous and previous[-1].kind == hit.kind:
            return previous[-1].measure  # "up from about 46 square kilometres"
        return None
    return _count_measure(s, hit, before, after, previous, coalition)


def _count_measure(s: str, hit: _Hit, before: str, after: str, previous: list[_Hit], coalition: bool) -> str | None:
    """What a count counts: "41 people were injured", "a 79-member coalition", "12 countries"."""
    coalition = coalition or bool(_COALITION.search(s))
    compound = re.match(r"-(member|nation|country|state|strong)\b", after, re.I)
    if compound:  # "the 79-member, US-led coalition", "a 68-nation alliance"
        hit.unit, hit.end = "countries", hit.end + compound.end()
        group = re.match(r"[\s,]+(?:[\w’'-]+[\s,]+){0,3}?(coalition|alliance|bloc|union|group|council)\b",
                         after[compound.end():], re.I)
        named = group.group(1).lower() if group else "group"
        return "coalition members" if coalition or named == "alliance" else f"{named} members"
    if after.startswith("-"):
        hit.drop = True  # "a 12-page report", "a 40-kilometre stretch": a description
        return None
    partitive = re.match(r"\s+of\s+(?:the|its|their|his|her)\s+(?:own\s+)?([\w’'-]+(?:\s+[\w’'-]+)?)", after, re.I)
    if partitive:  # "treated 19 of the injured"
        noun = partitive.group(1).split()[-1].lower()
        verb = re.search(r"\b(\w+ed)\s+$", before) or re.match(
            r"[^,;]*?\b(?:were|was|are|is|have been|had been)\s+(\w+ed)\b", after[partitive.end():])
        if noun in ("days", "weeks", "months", "years", "hours") or not verb:
            hit.drop = True
            return None
        hit.small = hit.small or hit.value <= 10
        hit.unit = "people" if noun in _HUMAN or noun in ("injured", "dead", "wounded") else noun
        return f"{_clean_np(partitive.group(1))} {verb.group(1).lower()}"
    words, noun_end = _noun_words(after)
    if not words:
        return _bare_measure(s, hit, before, after, previous, coalition)
    hit.end += noun_end  # the span shows what is counted: "At least 41 people"
    head, rest = words[-1].lower(), after[noun_end:]
    mods = [w for w in words[:-1] if w.lower() not in _LOOSE_ADJ]
    increment = bool(re.match(r"\s+(?:more|new|additional|further|extra)\b", after, re.I)
                     or re.search(r"\b(?:another|adding|added|a further)\s+$", before, re.I))
    if head == "members" and any(w.lower() in _BODY for w in words):
        head = "personnel"
    if head in _MEMBERS or " ".join(words[-2:]).lower() in _MEMBERS:
        hit.unit = "countries" if coalition or head != "members" else "members"
        if not coalition:
            return _clean_np(" ".join(words))
        if hit.small and re.search(r"\bthe\s+$", before):
            hit.drop = True  # "in the two countries": a reference, not a count
            return None
        if _ASK_JOIN.search(rest[:60]):
            return "countries asking to join"
        if increment or (_JOINED.match(rest) and not re.match(r"\s*(?:\w+\s+){0,2}?(?:have|has)\b", rest)):
            return "new coalition members"  # "Five more countries joined", not "60 countries have signed up"
        return " ".join([w.lower() for w in mods if head == "members"] + ["coalition members"])  # "21 key members"
    if head in _HUMAN or head == "personnel":
        hit.unit = "people"
        pred = _predicate(_clause_before(before)[-40:], rest[:60])
        who = "people" if head in _PEOPLE else " ".join(w for w in words if w.lower() not in _LOOSE_ADJ)
        if pred:
            return f"{'new ' if increment and pred == 'displaced' else ''}{who} {pred}"
        if _POPULATION.search(re.sub(rf"(?:{_QUAL})\s+$", "", before)):
            return "population"
        return "people without water" if re.search(r"\bwater\s+to\s+$", before, re.I) else who
    if re.search(r"[^su]s$", head) or head in ("police", "staff"):
        hit.unit = head
        return _clean_np(" ".join(mods + [words[-1]]))
    hit.drop = True  # "Brightwater 24's reporter": a name, not a count
    return None


def _bare_measure(s: str, hit: _Hit, before: str, after: str, previous: list[_Hit], coalition: bool) -> str | None:
    """A number with no noun after it: "the death toll rose to nine", "20 are missing", "became 17"."""
    total = _TOTAL.search(before[-120:])
    if total and total.group("toll"):
        hit.unit = "people"
        return "people killed"
    of = (total.group("of") if total else None) or (_TOTAL_AFTER.match(after) or {"of": None})["of"]
    if of and coalition and re.search(r"\b(?:countries|nations|members|states)\b", of):
        hit.unit = "countries"
        return "coalition members"  # "the number of countries in the coalition to 17"
    pred = _predicate("", of) if of else None
    if pred is None and re.match(r"\s+(?:more\s+)?(?:are|were|have|had|remain|remained|is|was|died|killed|injured"
                                 r"|hurt|missing|dead)\b", after):
        pred = _predicate("", after[:50])  # "20 are missing", "nearly 9,000 remain unable to go home"
    if pred is None and re.search(r"\b(?:killed|killing|injuring|wounding)\s+$", before):
        pred = _predicate(before[-20:], "")
    if pred:
        hit.unit = "people"
        return f"people {pred}"
    if total and total.group("number").lower() == "membership":
        hit.unit = "countries"
        return "coalition members" if coalition else "members"
    linked = re.search(r"\b(?:to|became|become|and|or|from|than|all|full)\s+$", before, re.I)
    if (linked or hit.earlier) and previous and previous[-1].measure:
        hit.unit = previous[-1].unit  # "became 17 ... and 23 yesterday", "bringing the total to 12,400"
        return re.sub(r"^new ", "", previous[-1].measure)
    group = re.search(r"\b(partners|members|countries|nations|allies)\b.*\b(?:all|full)\s+$", before, re.I)
    if group:  # "all the coalition partners ..., and we mean all 60"
        hit.unit = "countries"
        return "coalition members" if coalition else group.group(1).lower()
    verb = re.match(r"\s+(contained|had|showed|tested|were)\s+(\w+)", after)
    if verb and previous and previous[-1].measure and re.search(r"\bof\s+$", s[:previous[-1].start], re.I):
        hit.unit = previous[-1].unit  # "Of 214 wells tested, 133 contained arsenic"
        return f"{previous[-1].measure} that {verb.group(1)} {verb.group(2)}".lower()
    hit.drop = True  # a number that counts nothing the text names
    return None


def _noun_words(after: str) -> tuple[list[str], int]:
    """The noun phrase right after a number ("mobile water-treatment units"), at most three words, and its end."""
    words: list[str] = []
    ends: list[int] = []
    pos = 0
    while len(words) < 3 and (m := _NEXT_WORD.match(after, pos)):
        w, low, pos = m.group(1), m.group(1).lower(), m.end()
        if low in _LOOSE_ADJ and not words:
            continue  # "five more countries"
        if low.endswith("ing") and re.match(r"\s+[a-z][\w-]*[^su\W]s\b", after[pos:]):
            pass  # "fishing boats", "shipping containers"
        elif low in _STOP or low.endswith(("ing", "ly")) or (low.endswith("ed") and low not in _KEEP_ED):
            break
        words.append(w)
        ends.append(pos)
        if low in _HUMAN or low in _MEMBERS or re.search(r"[^su]s$", w):
            break  # a plural ends the phrase: "eleven streets closest to the river"
    while words and words[-1].lower() in _KEEP_ED - {"armed"}:
        words.pop()
        ends.pop()
    return words, (ends[-1] if ends else 0)


def _predicate(before: str, after: str) -> str | None:
    """The event or state a count of people is about ("killed", "displaced", ...), if the clause says."""
    for text in (before, after):  # the verb before governs ("killed 33 civilians"), else the clause after
        for name, rx in _PREDICATES:
            if rx.search(text):
                return name
    return None


def _money_measure(s: str, before: str, after: str, coalition: bool) -> str | None:
    """What a sum is: pledges, a fund, revenue, spending ... (the keyword nearest the sum wins)."""
    best: tuple[int, str] | None = None
    for name, rx in _MONEY_WORDS:
        for m in rx.finditer(before):
            best = min(best or (999, ""), (len(before) - m.end(), name))
        if m := rx.search(after):
            best = min(best or (999, ""), (m.start() + 2, name))
    if best is None:
        return None
    if best[1] == "pledges" and coalition and re.search(r"\b(?:coalition|alliance|group|members|countries)\b", s, re.I):
        return "coalition pledges"
    return best[1]


def _of_phrase(after: str) -> str | None:
    """The noun phrase of "of the wells sampled downstream" ("wells sampled"), at most three words."""
    of = re.match(r"\s+(?:long\s+)?of\s+(?:(?:the|a|an|its|their|his|her|that|this|these|those)\s+)?", after, re.I)
    if not of:
        return None
    words = []
    for m in re.finditer(r"([\w’'-]+)(\s*)", after[of.end():]):
        low = m.group(1).lower()
        if low in _STOP or low in ("downstream", "upstream", "escaped") or (words and low.endswith("ing")):
            break
        words.append(m.group(1))
        if len(words) == 3 or m.group(2) != " ":
            break
    return _clean_np(" ".join(words)) if words else None


def _subject(text: str) -> str:
    """What a clause is about: "Corvane's shares, which were ..., have" -> "Corvane shares"."""
    text = _RELATIVE.sub("", text)
    text = re.sub(r"\b(?:have|has|had|was|were|is|are|been|being|now|also|still)\b", " ", text, flags=re.I)
    text = re.split(r"\b(?:said|says|say|that|told|added)\b", text)[-1]
    parts = re.split(r"[,;:–—.!?]|\b(?:after|before|since|while|as|when)\b", text)
    text = next((part for part in reversed(parts) if part.strip()), "")
    # "Shares in Carrow Foods" keeps its name; "the flow of fighters into Syria" loses the place.
    np = re.split(r"\s+(?:into|from|to|at|on|for|across|over|since|by|in(?!\s+[A-Z]))\s+", " " + text.strip())[0]
    return _clean_np(" ".join(np.split()[-5:])) or "value"


def _clean_np(np: str) -> str:
    """A noun phrase as a measure: no determiner or pronoun, possessive names without "'s"."""
    np = re.sub(r"^(?:a|an)\s+[a-z]\w*[’']s\s+", "", np.strip())  # "a company's annual turnover": any company
    np = re.sub(r"^(?:the|a|an|its|their|his|her|our|this|that|these|those|all)\s+", "", np, flags=re.I)
    return " ".join(w if w[:1].isupper() and w.lower() not in _STOP else w.lower()
                    for w in re.sub(r"[’']s\b", "", np).split())


def _clause_before(before: str) -> str:
    """The part of ``before`` in the same clause as what follows it."""
    cut = 0
    for m in _CLAUSE.finditer(before):
        cut = m.end()
    return before[cut:]


def _specific(hit: _Hit) -> bool:
    """Whether a spelled-out small number counts something worth tracking (casualties, members, money)."""
    return hit.kind in ("money", "percent") or (bool(hit.measure) and not _weak(hit.measure) and (
        hit.unit in ("people", "countries") or hit.kind != "count"))


def _weak(measure: str) -> bool:
    """A measure naming only what is counted ("people"): too vague to set two reports against each other."""
    return measure.casefold() in _HUMAN | _MEMBERS


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
        body = [s for s in sentences if article.text[s.start:s.end].strip() != title][:6]
        for sentence in body:
            stext = article.text[sentence.start:sentence.end]
            for m in sentence.mentions:
                if m.period is None or m.period.granularity is not Granularity.DAY or _in_evidence(article, m):
                    continue
                if not earliest - dt.timedelta(days=10) <= m.period.first <= latest:
                    continue
                if _BLOCK.search(_clause_before(stext[:m.start - sentence.start]).rsplit(",", 1)[-1]):
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
    return bool(span) and span[0] <= m.start < span[1]


def _figure_date(article: Article, sentence: Sentence, hit: _Hit, hits: list[_Hit],
                 story: tuple[Period | None, FigureDateHow]) -> tuple[Period | None, FigureDateHow]:
    """The date ``hit`` holds for: a date its own clause gives, else the story's date."""
    chosen = _own_date(article, sentence, hit, hits)
    if chosen is None:
        return story
    # A running toll holds for when it was reported: "the collapse on February 28 killed nine", said on March 9.
    if (re.search(r"\b(?:killed|injured|missing|displaced)$", hit.measure or "") and not hit.earlier
            and story[0] is not None and story[1] is FigureDateHow.STORY and chosen.period is not None
            and chosen.period.granularity is Granularity.DAY and chosen.period.first < story[0].first):
        return story
    return chosen.period, FigureDateHow.SENTENCE


def _own_date(article: Article, sentence: Sentence, hit: _Hit, hits: list[_Hit]) -> TimeMention | None:
    """The date mention of the sentence that ``hit``'s clause refers to, if any."""
    s = article.text[sentence.start:sentence.end]
    limit = article.published.date or article.published.latest
    eligible = [m for m in sentence.mentions if m.period and not _in_evidence(article, m)
                and (limit is None or m.period.first <= limit)]  # "they meet tomorrow" dates no count
    participle = _PARTICIPLE.search(s[:hit.start])
    if participle and not hit.earlier:  # ", bringing the toll to nine": the main clause's date
        main = [m for m in eligible if m.start - sentence.start < participle.start()]
        if main:
            return main[0]
    for m in eligible:  # the first date after the number, if nothing stands between them
        ms = m.start - sentence.start
        between = s[hit.end:ms]
        if hit.end <= ms and ((len(between) < 120 and not _BLOCK.search(between)
                              and not any(hit.end <= h.start < ms for h in hits))
                              or (_ATTRIBUTION.search(s[:ms].rsplit(",", 1)[-1]) and not hit.earlier)):
            return m
    if participle or hit.earlier:  # an earlier value ("up from 4,800") needs a date of its own
        return None
    relative = [r.span() for r in _RELATIVE.finditer(s)]
    for m in reversed(eligible):  # else the nearest one before it in the same clause
        ms, me = m.start - sentence.start, m.end - sentence.start
        if me > hit.start or hit.start - me > 100 or any(a <= ms < b and not a <= hit.start < b for a, b in relative):
            continue
        # "shut since March 7, when tests found ... 40 times the limit": the when-clause hangs on the date.
        if re.match(r"\s*,?\s*when\b", s[me:hit.start]) or (not _BLOCK.search(s[ms:hit.start]) and not _BLOCK.search(
                _clause_before(s[:ms])[-25:])):
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
    if unit in _FAMILY:
        return _FAMILY[unit][0]
    return unit if unit in _NOT_COUNTS else "count"


def _common_qualifier(ms: Iterable[FigureMention]) -> str | None:
    """The qualifier most sources use; a tie goes to the plain number, the least hedged claim."""
    counts = Counter(m.qualifier for m in ms)
    return min(counts, key=lambda q: (-counts[q], q is not None, q or ""))


def _interval(value: float, qualifier: str | None) -> tuple[float, float]:
    """The values a qualified figure allows.

    Writers round round numbers ("more than 60" may be 68), so those get a
    step of slack; a precise count stays precise even when hedged: "at least
    41" injured is the count so far, and 44 elsewhere contradicts it.
    """
    step = _round_step(value)
    if qualifier == "more than":
        return value, value + max(step, 1.0)
    if qualifier == "at least":
        return value, value + step
    if qualifier == "nearly":
        return value - max(step, 0.15 * value), value
    if qualifier == "about":
        slack = max(step / 2, 0.1 * value)
        return value - slack, value + slack
    if qualifier in ("up to", "fewer than", "less than"):
        return 0.0, value
    return value - step / 2, value + step / 2


def _round_step(value: float) -> float:
    """The rounding a number shows: 60 -> 10, 4,800 -> 100, 41 -> 0 (exact)."""
    if value < 10 or value != int(value):
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
    return f.value * _FAMILY[f.unit][1] if f.unit in _FAMILY else f.value
