"""The English that :mod:`dateline.annotate.figures` reads numbers with: named tables, patterns and thresholds.

Everything here is general English news usage: how numbers, qualifiers and
units are written, which numbers are not facts, the nouns for people, for
groups and for their members, verbs of harm and of change. Nothing names the
subject of a particular story; a rule that only one kind of story needs does
not belong here or anywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# --- the shape of a quantity ----------------------------------------------------------

ONES = {w: i for i, w in enumerate(
    ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
     "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"], 1)}
TENS = {w: 10 * i for i, w in enumerate(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"],
                                        2)}
SCALES = {"dozen": 12, "hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
          "m": 1e6, "mn": 1e6, "bn": 1e9, "k": 1e3}
_W_ONES = "|".join(sorted(ONES, key=len, reverse=True))
_SCALE_WORDS = "dozen|hundred|thousand|million|billion|trillion"
_NUM = (rf"\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|(?:{'|'.join(TENS)})(?:[- ](?:{_W_ONES}))?|{_W_ONES}"
        rf"|half\s+an?(?=\s+(?:{_SCALE_WORDS})\b)|an?(?=\s+(?:{_SCALE_WORDS})\b)")
#: The parts of a compound number word: "forty-four", "two thirds".
NUMBER_WORD_PARTS = re.compile(r"[- ]")
#: Qualifiers, normalised: "over" and "some" count only right before a number.
QUALIFIERS = {q: norm for norm, qs in {
    "more than": "more than|over|well over|just over|in excess of|upwards of|above|pass|passes|passed|topped"
                 "|exceeded|exceeds|surpassed",
    "at least": "at least|no fewer than|no less than", "nearly": "nearly|almost|close to|just under|just short of",
    "about": "about|around|some|roughly|approximately|an estimated|estimated|circa",
    "up to": "up to|as many as|at most|no more than", "fewer than": "fewer than",
    "less than": "less than|under|below"}.items() for q in qs.split("|")}
_QUAL = "|".join(sorted((re.escape(q) for q in QUALIFIERS), key=len, reverse=True))
#: Looked for only right before a number: trying its alternatives at every position would triple the time.
QUALIFIER_BEFORE = re.compile(rf"(?<![\w-])(?:{_QUAL})\s+$", re.I)
#: How far before a number a qualifier may start: the longest ("just short of ", "no fewer than ") with room to spare.
QUALIFIER_REACH = 25
#: A qualifier at the end of the text before a number, to look past it ("a town of about 23,000").
TRAILING_QUALIFIER = re.compile(rf"(?:{_QUAL})\s+$")
#: "40 or so villages" (about), "ten or more" (at least).
OR_SO_AFTER = re.compile(r"\s+or\s+(so|more)\b", re.I)
OR_SO_QUALIFIERS = {"so": "about", "more": "at least"}
_CURRENCY_WORDS = ("crowns|kronor|kroner|krona|yen|yuan|renminbi|rupees|francs|rand|pesos|dinars|riyals|roubles"
                   "|rubles|lira|shekels|naira|shillings")
QUANTITY = re.compile(rf"""
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
#: The unit groups of :data:`QUANTITY`, in the order they are tried.
UNIT_GROUPS = ("pct", "area", "area2", "volume", "speed", "length", "mass", "money", "times")
#: "almost half", "more than one-third of the territory", "fallen by a third"
FRACTION = re.compile(rf"\b(?:(?P<qual>{_QUAL})\s+)?(?P<num>half|an?\s+(?:third|quarter)|(?:one|two|three)[- ]"
                      r"(?:thirds?|quarters?))\b(?=\s+of\s+(?:the|its|their|his|her|all)\b)"
                      rf"|\b(?:by|lost|cut)\s+(?:(?P<qual2>{_QUAL})\s+)?(?P<num2>half|an?\s+third|an?\s+quarter)\b",
                      re.I)
#: "the northern half of the town": a fraction after "the" is a part, not a share.
PART_OF_WHOLE_BEFORE = re.compile(r"\bthe\s+(?:[\w-]+\s+)?$")
ANY_NUMBER = re.compile(rf"\d|\b(?:{'|'.join(TENS)}|{_W_ONES}|dozen|half|third|quarter)", re.I)
HAS_FRACTION = re.compile(r"half|third|quarter", re.I)
FRACTIONS = {"half": 50.0, "third": 100 / 3, "quarter": 25.0}
CURRENCY = {"$": "USD", "us$": "USD", "a$": "AUD", "c$": "CAD", "€": "EUR", "£": "GBP", "usd": "USD",
            "eur": "EUR", "gbp": "GBP", "dollars": "USD", "us dollars": "USD", "euro": "EUR", "euros": "EUR",
            "pounds": "GBP", "pounds sterling": "GBP"}
UNIT_NAMES = {name: unit for unit, names in {
    "km2": "square kilometre|square kilometer|square km|sq km|km2|km²", "mi2": "square mile|sq mi",
    "m2": "square metre|square meter|sq m", "ft2": "square feet|square foot", "ha": "hectare", "acres": "acre",
    "km": "kilometre|kilometer", "mi": "mile", "m": "metre|meter", "mm": "millimetre|millimeter",
    "cm": "centimetre|centimeter", "ft": "feet", "m3": "cubic metre|cubic meter|m³", "litres": "litre|liter",
    "gallons": "gallon", "barrels": "barrel", "km/h": "kph", "knots": "knot", "tonnes": "ton|tonne",
    "kg": "kilogram"}.items() for name in names.split("|")}
#: "sqkm" written without its space, so the unit table knows it.
SQ_WITHOUT_SPACE = re.compile(r"^sq(?=km|mi|m\b)")
PLURAL_S = re.compile(r"s$")
#: "12 times the legal limit": a level; "met four times" is not.
LIMIT_AFTER = re.compile(r"\s+(?:the\s+)?(?:legal\s+|safe\s+|permitted\s+|official\s+|recommended\s+)?"
                         r"(?:limit|level|average|norm|maximum|threshold)s?\b", re.I)
#: One base unit per family, so "fewer than 5 km2" and "less than 2 square miles" compare.
FAMILY = {"km2": ("area", 1.0), "mi2": ("area", 2.58999), "m2": ("area", 1e-6), "ft2": ("area", 9.2903e-8),
          "ha": ("area", 0.01), "acres": ("area", 0.00404686), "km": ("length", 1.0), "mi": ("length", 1.609344),
          "m": ("length", 1e-3), "mm": ("length", 1e-6), "cm": ("length", 1e-5), "ft": ("length", 3.048e-4),
          "m3": ("volume", 1.0), "litres": ("volume", 1e-3), "tonnes": ("mass", 1.0), "kg": ("mass", 1e-3)}
NOT_COUNTS = set(CURRENCY.values()) | set(_CURRENCY_WORDS.split("|")) | {
    "percent", "percentage points", "times the limit", "km/h", "mph", "knots", "gallons", "barrels"}
#: A spelled-out number up to this is kept only when it counts something specific ("two bridges" is narrative).
SMALL_NUMBER = 10

# --- numbers that are not facts -------------------------------------------------------

DURATION = re.compile(r"(?:-|\s+)(?:or so\s+|more\s+)?(?:seconds?|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?"
                      r"|months?|years?|decades?|centuries|century|generations?)\b|[- ]years?[- ]old\b", re.I)
FURNITURE = re.compile(r"\s*(?:views?|comments?|shares?|likes?|followers|subscribers|readers|retweets|replies"
                       r"|thoughts on|min(?:ute)?s? read|photos?|images?|videos?|results?|pages?)\b", re.I)
TIME = re.compile(r"\s*(?:a\.?m\b\.?|p\.?m\b\.?|o['’]clock|GMT|UTC|hrs\b)|:\d\d|\s*(?:st|nd|rd|th)\b|\.\d|/\d", re.I)
LABEL = re.compile(r"(?:\b(?:article|section|chapter|paragraph|clause|resolution|rule|no|number|flight|route"
                   r"|highway|room|page|vol|volume|act|level|phase|grade|category|stage|step|round|game|platform"
                   r"|gate|terminal|apartment|suite|box|line|verse|item|version|figure|table|pp?)\.?|#)\s*$", re.I)
AD = re.compile(r"\b(?:reach|subscribe|advertise|join)\s+(?:over\s+|more than\s+)?$", re.I)
AGE = re.compile(r"\b[A-Z][\w’'-]+,\s*$|\baged?\s*$|\bage of\s*$|\(\s*$")
AGE_AFTER = re.compile(r"\s*(?:,\s*(?:who|a|an|the|from|of|and|said|says|was|is|had|has)\b|\))", re.I)
ADDRESS = re.compile(r"\s+(?:[A-Z][a-z]+\s+){1,3}(?:Street|St|Road|Rd|Avenue|Ave|Lane|Boulevard|Drive|Square)\b")
PHONE_OR_SCORE = re.compile(r"\+?\(?\d{2,4}\)?[\s.-]\d{2,4}[\s.-]\d{2,5}|\d+\s?[-–]\s?\d+\b")
VAGUE_AFTER = re.compile(r"\s+(?:of\s+(?:whom|them|which|those|these|us|you)|or\s+(?:two|three|four|five|six))\b"
                         r"|-(?:year|month|week|day|hour|minute)s?\b", re.I)
REFERENCE = re.compile(r"\btimes\s+(?:the|that|as\s+much\s+as)\s+$", re.I)  # "three times the $38 million"
EARLIER = re.compile(r"\b(?:(?:up|down|rose|fell|risen|fallen|increased|decreased|grew|grown|dropped|climbed"
                     r"|jumped|rising|falling)\s+from|compared\s+(?:with|to)|than)\s+"
                     r"(?:(?:a|the)\s+(?:peak|high|low|total|record)\s+of\s+)?$"
                     r"|\bfrom\s+(?:a|the)\s+(?:peak|high|low|total|record)\s+of\s+$", re.I)
#: "rose from 12 to 17": 12 is the earlier value.
FROM_BEFORE = re.compile(r"\bfrom\s+$")
TO_VALUE_AFTER = re.compile(r"\s+(?:\w+\s+){0,2}to\s+[$€£]?\d")
YEAR = re.compile(r"(?:1[89]|20)\d\d$")
#: The one or two words after a four-digit number, to tell "2000 troops" from "in 2000".
WORDS_AFTER_YEAR = re.compile(r"\s+([a-z][\w-]*)(?:\s+([a-z]+))?")

# --- what is counted: people ------------------------------------------------------------

PEOPLE = {"people", "persons", "person", "residents", "inhabitants", "individuals", "others", "villagers", "locals",
          "citizens"}
HUMAN = PEOPLE | {
    "civilians", "soldiers", "troops", "children", "women", "men", "workers", "volunteers", "refugees", "migrants",
    "evacuees", "fighters", "militants", "police", "officers", "staff", "employees", "passengers", "students",
    "patients", "protesters", "demonstrators", "miners", "journalists", "tourists", "pupils", "detainees",
    "prisoners", "hostages", "victims", "families", "households", "americans", "rebels", "personnel", "servicemen",
    "voters", "savers", "investors", "customers", "witnesses", "jurors", "teachers", "nurses", "doctors",
    "firefighters", "strikers", "survivors", "residents", "pilgrims", "fans", "spectators", "delegates"}
#: Nouns for people that head a count, not plurals ending in s: "staff" and "police" are counted as themselves.
COLLECTIVE_PEOPLE = {"police", "staff"}
#: Words that name people already hurt or dead: "19 of the injured".
PEOPLE_BY_STATE = {"injured", "dead", "wounded"}
#: "two service members", "crew members": members of a body of people are personnel, not member states.
BODY = {"service", "staff", "crew", "family", "party", "union", "gang", "cabinet", "board", "committee",
        "security", "team", "club", "church", "household"}
#: What a count of people is about; the first that matches wins, so the more specific come first.
PREDICATES = [(name, re.compile(rx, re.I)) for name, rx in [
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
    ("employed", r"\b(?:employs|employed|employing|workforce)\b"),
    ("infected", r"\b(?:infected|tested positive|fell ill|sickened|contracted)\b"),
    ("vaccinated", r"\b(?:vaccinated|immuni[sz]ed|jabbed)\b"),
    ("charged", r"\b(?:charged|indicted|prosecuted)\b"),
    ("convicted", r"\b(?:convicted|found guilty|sentenced)\b"),
    ("on strike", r"\b(?:on strike|walk(?:ed)?[ -]?out|striking|strikers)\b"),
    ("voted", r"\b(?:voted|cast (?:their|a) ballots?|went to the polls)\b")]]
#: Nouns that count people by what befell them: "14 deaths" are 14 people killed.
PEOPLE_BY_EVENT = {"deaths": "killed", "fatalities": "killed", "injuries": "injured", "casualties": "killed or injured",
                   "arrests": "arrested", "evacuations": "displaced", "infections": "infected"}
#: Predicates whose tolls run on: the count holds for when it is reported, not for the day of the disaster.
RUNNING_TOLL = re.compile(r"\b(?:killed|injured|missing|displaced)$")
#: How much of the clause before a count of people, and of the text after it, may hold its predicate.
PREDICATE_BEFORE_REACH = 40
PREDICATE_AFTER_REACH = 60
#: "a town of 23,000 people"
POPULATION = re.compile(r"\b(?:town|city|village|country|island|district|region|population)\s+of\s+$", re.I)
WATER_TO = re.compile(r"\bwater\s+to\s+$", re.I)  # "restored water to 40,000 people"
#: "five more countries", "another 300 people": a count of new ones.
INCREMENT_AFTER = re.compile(r"\s+(?:more|new|additional|further|extra)\b", re.I)
INCREMENT_BEFORE = re.compile(r"\b(?:another|adding|added|a further)\s+$", re.I)

# --- what is counted: things ------------------------------------------------------------

#: What a harmed or changed thing suffered: "3,000 homes destroyed", "40 schools closed". Only for counts of
#: things; people have :data:`PREDICATES`. The first that matches the clause after the noun wins.
THING_PREDICATES = [(name, re.compile(rx, re.I)) for name, rx in [
    ("destroyed", r"\b(?:destroyed|flattened|razed|levelled|leveled|burned down|burnt down|collapsed"
                  r"|reduced to rubble)\b"),
    ("damaged", r"\b(?:damaged)\b"),
    ("flooded", r"\b(?:flooded|submerged)\b"),
    ("closed", r"\b(?:closed|shut)\b"),
    ("cancelled", r"\b(?:cancell?ed|called off|grounded)\b")]]
#: The verb of a thing-predicate must stand right after the counted noun ("homes were destroyed", "homes
#: destroyed"), not anywhere in the sentence.
THING_PREDICATE_AFTER = re.compile(r"\s*(?:(?:have|has|had)\s+)?(?:(?:been|were|was|are|is)\s+)?"
                                   r"(?:(?:\w+ly)\s+)?(\w+(?:\s+(?:down|off|to rubble))?)", re.I)
#: Words that name the thing a number counts when they follow it, but are no noun: "12 of ..." is partitive.
LOOSE_ADJ = {"different", "separate", "international", "foreign", "global", "member", "participating", "allied",
             "other", "more", "new", "additional", "further", "extra", "total", "whole", "full", "individual"}
STOP = {
    "of", "in", "at", "on", "for", "to", "from", "with", "by", "as", "into", "across", "and", "or", "but", "who",
    "that", "which", "whom", "whose", "were", "was", "are", "is", "have", "has", "had", "will", "would", "could",
    "can", "may", "might", "should", "been", "be", "being", "remain", "remained", "still", "now", "did", "do", "does",
    "not", "said", "say", "says", "each", "per", "this", "these", "those", "their", "its", "his", "her", "than",
    "last", "next", "yesterday", "today", "tomorrow", "ago", "a", "an", "the", "so", "far", "around", "near",
    "between", "since", "after", "before", "during", "while", "when", "where", "if", "up", "down", "out", "off",
    "over", "under", "about", "some", "all", "both", "more", "most", "less", "also", "already", "just", "only",
    "there", "here", "it", "they", "we", "he", "she"}
#: Participles that are adjectives of the counted noun ("armed men", "registered voters"), not verbs after it.
KEEP_ED = {"armed", "injured", "wounded", "displaced", "registered", "confirmed", "trained", "detained", "united"}
NEXT_WORD = re.compile(r"\s+([A-Za-z][\w’'-]*)(?![\w’'])")
#: A noun phrase after a number is at most this many words: "18 mobile water-treatment units".
NOUN_PHRASE_WORDS = 3
#: "fishing boats", "shipping containers": an -ing word before a plural is part of the noun.
ING_BEFORE_PLURAL = re.compile(r"\s+[a-z][\w-]*[^su\W]s\b")
#: A plural (not "bus", "status"): it ends the counted noun phrase.
PLURAL = re.compile(r"[^su]s$")
#: "a 12-page report", "a 40-kilometre stretch": a number glued to a noun describes, it does not count.
GLUED = "-"

# --- what is counted: groups and their members --------------------------------------------


@dataclass(frozen=True)
class GroupNoun:
    """A noun for a group that has members, and what its members are counted in."""

    members: str  # the unit of a count of its members: "countries", "people", "members"
    synonyms: str = ""  # nouns writers use in turn for one group of this sort ("coalition", "alliance", "bloc")


#: Unions of states or parties: writers call one such group a coalition, an alliance and a bloc in turn.
_UNION_OF_STATES = "union of states"
#: Nouns for groups with members, and what a count of their members counts by default (a sentence that says
#: "79 countries" or "41 parties" says otherwise).
GROUP_NOUNS = {
    **{noun: GroupNoun("countries", _UNION_OF_STATES) for noun in (
        "coalition", "alliance", "bloc", "league", "pact", "partnership", "axis", "entente", "federation",
        "confederation", "commonwealth")},
    **{noun: GroupNoun("people") for noun in (
        "union", "committee", "council", "board", "panel", "commission", "jury", "cabinet", "assembly", "parliament",
        "senate", "congress", "delegation", "caucus", "association", "club", "party")},
}
#: Nouns that name whatever group a report is about ("the group", "the grouping"): never its main group.
GENERIC_GROUP_NOUNS = ("group", "grouping", "organisation", "organization")
_GROUP_WORDS = "|".join(sorted([*GROUP_NOUNS, *GENERIC_GROUP_NOUNS], key=len, reverse=True))
#: A group noun as a word of its own: not "picture-alliance", not "coalitions".
GROUP_NOUN = re.compile(rf"(?<![\w-])({_GROUP_WORDS})(?![\w-])", re.I)
#: Nouns for states, counted as members of a union of states.
STATE_NOUNS = {"countries", "nations", "states", "member states", "governments", "member countries",
               "member nations"}
#: Nouns for the members of any group.
MEMBERSHIP_NOUNS = {"members", "partners", "allies", "signatories"}
MEMBERS = STATE_NOUNS | MEMBERSHIP_NOUNS
#: "the 79-member coalition", "a 68-nation alliance", "a 3,000-strong force": a size glued to its group.
SIZE_COMPOUND = re.compile(r"-(member|nation|country|state|strong)\b", re.I)
#: What a glued size counts: nations are countries, "-strong" counts people, "-member" the group's members.
SIZE_COMPOUND_UNITS = {"nation": "countries", "country": "countries", "state": "countries", "strong": "people"}
#: The group a size compound describes, a few words on: "the 79-member, US-led coalition".
GROUP_AFTER_COMPOUND = re.compile(rf"[\s,]+(?:[\w’'-]+[\s,]+){{0,3}}?({_GROUP_WORDS})(?![\w-])", re.I)
#: A group or its members named in a sentence: a pledge there is the group's.
GROUP_OR_MEMBERS = re.compile(rf"(?<![\w-])(?:{_GROUP_WORDS})(?![\w-])|\b(?:members|countries)\b", re.I)
#: "asked to join", "applied to join": candidates, not members.
ASK_JOIN = re.compile(r"\b(?:asked|applied|want|wanted|seeking|sought|hoped?)\s+to\s+join\b", re.I)
#: "five countries joined": new members, unless "60 countries have signed up" (a total).
JOINED = re.compile(r"\s*(?:\w+\s+){0,2}?(?:joined|were admitted|signed up|signed on)\b", re.I)
HAVE_AFTER = re.compile(r"\s*(?:\w+\s+){0,2}?(?:have|has)\b")
#: How far after a count of members "asked to join" may stand.
ASK_JOIN_REACH = 60
#: "in the two countries": a small number after "the" refers back, it does not count.
THE_BEFORE = re.compile(r"\bthe\s+$")
#: "all the coalition partners ..., and we mean all 60": a number standing for all the members named before.
ALL_MEMBERS_BEFORE = re.compile(r"\b(partners|members|countries|nations|allies)\b.*\b(?:all|full)\s+$", re.I)
#: "the number of countries in the coalition": a total of members.
MEMBER_NOUNS_IN = re.compile(r"\b(?:countries|nations|members|states)\b")

# --- totals, tolls and bare numbers ---------------------------------------------------------

TOTAL = re.compile(r"\b(?:(?P<toll>toll)|(?P<number>number|total|tally|count|membership)(?P<of>\s+of\s+[^,;:]*)?)"
                   r"\b[^,;:]*?\b(?:to|at|of|reached|reaches|hit|is|was|stood at|stands at)\s+$", re.I)
#: How far before a bare number "the death toll rose to" may start.
TOTAL_REACH = 120
TOTAL_AFTER = re.compile(r"\s+the\s+(?:number|total)\s+of\s+(?P<of>[^,.;]+)", re.I)  # "bringing to 11 the number of"
#: "20 are missing", "nearly 9,000 remain unable to go home": the verb after a bare number says what it counts.
BARE_VERB_AFTER = re.compile(r"\s+(?:more\s+)?(?:are|were|have|had|remain|remained|is|was|died|killed|injured"
                             r"|hurt|missing|dead)\b")
BARE_VERB_REACH = 50
#: "killing 14": a verb of harm right before a bare number.
HARM_BEFORE = re.compile(r"\b(?:killed|killing|injuring|wounding)\s+$")
HARM_BEFORE_REACH = 20
#: "became 17 ... and 23 yesterday": a bare number continuing the figure before it.
LINKED_BEFORE = re.compile(r"\b(?:to|became|become|and|or|from|than|all|full)\s+$", re.I)
NEW_PREFIX = re.compile(r"^new ")
#: "Of 214 wells tested, 133 contained arsenic": a part of the whole counted before it.
PART_VERB_AFTER = re.compile(r"\s+(contained|had|showed|tested|were)\s+(\w+)")
OF_BEFORE = re.compile(r"\bof\s+$", re.I)
#: "treated 19 of the injured": a part of a group named after the number.
PARTITIVE = re.compile(r"\s+of\s+(?:the|its|their|his|her)\s+(?:own\s+)?([\w’'-]+(?:\s+[\w’'-]+)?)", re.I)
PARTITIVE_VERB_BEFORE = re.compile(r"\b(\w+ed)\s+$")
PARTITIVE_VERB_AFTER = re.compile(r"[^,;]*?\b(?:were|was|are|is|have been|had been)\s+(\w+ed)\b")
#: "12 of the days" is time, not a part of a group.
TIME_NOUNS = {"days", "weeks", "months", "years", "hours"}

# --- money, shares, levels, distances ---------------------------------------------------------

MONEY_WORDS = [(name, re.compile(rx, re.I)) for name, rx in [
    ("pledges", r"\bpledg\w*|\bpromised\b|\bcommitted\b"), ("donations", r"\braised\b|\bdonat\w+"),
    ("fund", r"\b(?:fund|plan|package|programme|program|facility)\b"),
    ("revenue", r"\b(?:revenues?|sales|turnover)\b"), ("profit", r"\bprofits?\b"),
    ("losses", r"\bloss(?:es)?\b|\blost\b"), ("spending", r"\bspen[dt]\w*"), ("fine", r"\bfine[sd]?\b|\bpenalty\b"),
    ("cost", r"\bcost(?:s|ing)?\b"), ("damage", r"\bdamages?\b"), ("budget", r"\bbudget\b"),
    ("compensation", r"\bcompensation\b"), ("aid", r"\baid\b|\bassistance\b"),
    ("fraud", r"\bdefraud\w*|\bembezzl\w*|\bfraud\b|\bstole\b|\bstolen\b|\bmisappropriat\w*")]]
#: Money measures that a group gives: "the coalition pledged $38 million" is the coalition's pledges.
GROUP_MONEY = {"pledges"}
#: A money word after a sum counts as this many characters further than one as near before it: "pledged $38
#: million for the fund" is a pledge.
MONEY_WORD_AFTER_PENALTY = 2
#: How much of the clause before a sum, and of the text after it, may hold what the sum is.
MONEY_REACH = 70
#: The text after a sum, up to the end of its clause.
CLAUSE_END = re.compile(r"[,;:–—]")
FALL = re.compile(r"\b(?:down|fell|fallen|dropped|declined|slumped|plunged|lost|shrank|decreased|cut)(?:\s+by)?\s+$",
                  re.I)
RISE = re.compile(r"\b(?:up|rose|risen|grew|grown|increased|jumped|climbed|gained|soared)(?:\s+by)?\s+$", re.I)
#: "turnout of 64%", "turnout was 64%", "the jobless rate fell to 6.4%": a rate named before its value.
RATE_BEFORE = re.compile(r"\b(?:of|was|is|were|are|at|stood at|stands at|reached|hit|has reached|had reached"
                         r"|(?:has |had )?(?:rose|risen|fell|fallen|climbed|dropped|jumped|slipped|edged (?:up|down))"
                         r" to)\s+$", re.I)
#: A rate is a noun: a subject ending in one of these words is a rate ("voter turnout", "the jobless rate").
RATE_NOUNS = re.compile(r"turnout|rate|share|support|approval|inflation|unemployment|majority|margin|occupancy"
                        r"|participation|positivity|vote", re.I)
#: A rate's name ends where a phrase of place or time begins: "turnout in Sunday's vote" is turnout,
#: "the Green Union's share of the vote" its share.
RATE_CUT = re.compile(r"\s+(?:in|of|for|at|on|among|across|from)\s+", re.I)
#: Words before a rate that do not change what it measures: "voter turnout" is turnout.
RATE_NEUTRAL = {"voter", "overall", "final", "official", "national", "total"}
#: A rate's name is at most this many words: "Green Union vote share".
RATE_WORDS = 3
#: A share that is no share of anything: "fell 12 percent in value".
NOT_A_SHARE = {None, "value", "worth", "level"}
#: "arsenic levels were 40 times the limit", "tests found lead at 12 times the limit"
LEVEL_BEFORE = re.compile(r"\b([a-z]+)\s+levels?\b[^,;]*$|\b(?:found|showed|detected|measured)\s+([a-z]+)\b[^,;]*$",
                          re.I)
#: "40 kilometres upstream of Marrowick"
AWAY_FROM = re.compile(r"\s+(?:upstream|downstream|north|south|east|west|away|inland)\s+(?:of|from)\s+([A-Z][\w-]+)")
WITHIN_BEFORE = re.compile(r"\bwithin\s+$", re.I)
#: Measures of size that take the noun of their of-phrase: "46 square kilometres of farmland" is the area of farmland.
SIZE_KINDS = ("area", "volume", "length")
#: "of the wells sampled downstream"
OF_PHRASE_START = re.compile(r"\s+(?:long\s+)?of\s+(?:(?:the|a|an|its|their|his|her|that|this|these|those)\s+)?",
                             re.I)
#: Words that end an of-phrase though they are no stop word: where, or what happened to it.
OF_PHRASE_END = {"downstream", "upstream", "escaped"}
#: Verbs and adverbs that are not part of a clause's subject.
SUBJECT_FILLER = re.compile(r"\b(?:have|has|had|was|were|is|are|been|being|now|also|still)\b", re.I)
SUBJECT_AFTER_SPEECH = re.compile(r"\b(?:said|says|say|that|told|added)\b")
SUBJECT_PARTS = re.compile(r"[,;:–—.!?]|\b(?:after|before|since|while|as|when)\b")
#: "Shares in Carrow Foods" keeps its name; "the flow of fighters into Syria" loses the place.
SUBJECT_PLACE = re.compile(r"\s+(?:into|from|to|at|on|for|across|over|since|by|in(?!\s+[A-Z]))\s+")
SUBJECT_WORDS = 5
#: "a company's annual turnover": any company.
INDEFINITE_POSSESSOR = re.compile(r"^(?:a|an)\s+[a-z]\w*[’']s\s+")
DETERMINER = re.compile(r"^(?:the|a|an|its|their|his|her|our|this|that|these|those|all)\s+", re.I)
POSSESSIVE_S = re.compile(r"[’']s\b")
WHITESPACE = re.compile(r"\s+")

# --- clauses, for dating -------------------------------------------------------------------

PARTICIPLE = re.compile(r",\s*(?:bringing|raising|lifting|killing|pledging|adding|leaving|taking|pushing|making"
                        r"|injuring|wounding|forcing|sending|putting)\b", re.I)
BLOCK = re.compile(r"\b(?:after|since|before|until|following|while|although|because|whereas|but)\b|[;:–—]", re.I)
ATTRIBUTION = re.compile(r"\b(?:said|says|according to|told|reported|announced)\b", re.I)
RELATIVE = re.compile(r",\s*(?:which|who|whose|where)\b[^,;]*", re.I)
CLAUSE = re.compile(r"[;:–—(]|,\s+(?=(?:and|but|which|who|while|as|after|when)\b)|\band\s+(?=\d|[A-Z]|$)")
#: "shut since March 7, when tests found ...": the when-clause hangs on the date before it.
WHEN_AFTER_DATE = re.compile(r"\s*,?\s*when\b")
#: A report's main event is named in its opening sentences: the lede and what follows it.
STORY_SENTENCES = 6
#: A date further than this after a figure is in another part of the sentence (characters).
DATE_AFTER_REACH = 120
#: A date further than this before a figure dates something else (characters).
DATE_BEFORE_REACH = 100
#: How much of the clause before a date may hold "after", "since" ... that make it a cause.
CAUSE_REACH = 25

# --- how far a qualified figure reaches, for disagreements ---------------------------------------

#: "nearly 50" allows down to 15% less (42.5): writers say "nearly" of 46 ("lost 46 percent" / "almost half").
NEARLY_SLACK = 0.15
#: "about 9,000" allows 10% either way: "about 9,000" and "8,700" are one count rounded.
ABOUT_SLACK = 0.1
#: Qualifiers that give only a lower bound: "at least 41" injured is the count so far, and any
#: larger count ("44" a day later, or from another source) agrees with it (the README's promise:
#: qualifiers are respected). Only a smaller value contradicts a lower bound.
LOWER_BOUNDS = ("more than", "at least")
#: Qualifiers that give only an upper bound: any smaller value agrees with "up to 100".
UPPER_BOUNDS = ("up to", "fewer than", "less than")
#: Numbers below this show no rounding: "at least 8" is as precise as "8".
ROUNDED_FROM = 10
