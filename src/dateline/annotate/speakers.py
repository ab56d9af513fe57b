"""Speakers: the words next to a speech verb read as a person, a pronoun, a title or nobody.

The speaker-phrase parser of :mod:`dateline.quotes`: names and the titles or
roles around them ("Interior Minister Dana Oduya", "Fenn, the chief engineer",
"said engineer Nils Fenn"), pronouns, titles that point back ("the minister"),
unnamed speakers ("officials", "a spokesperson for X") and organisations
("the company"), and the helpers that normalise names (surname keys, a surname
or "Mr Kerry" to the full name a report gives).

Pure functions over text, no I/O; an internal helper of the quotes stage.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import product
from typing import NamedTuple

from ..text import NAME_JOINERS
from ..text import words as split_words

__all__ = ["APPOSED", "HONORIFIC", "NAME_RUN", "SMALL_WORDS", "SYNONYMS", "Named", "Person", "Who", "clean_role",
           "full_name", "named_at_end", "subject_after", "subject_before", "surname_key", "surname_pattern",
           "surname_starts"]

# -- lexicons -------------------------------------------------------------------------

_TITLES = {"president", "vice", "prime", "minister", "secretary", "chancellor", "premier", "governor", "mayor", "senator", "sen.", "rep.", "representative", "congressman", "congresswoman", "ambassador", "envoy", "general", "gen.", "lieutenant", "lt.", "colonel", "col.", "major", "maj.", "captain", "capt.", "sergeant", "sgt.", "admiral", "commander", "commissioner", "chief", "superintendent", "inspector", "constable", "detective", "officer", "coordinator", "director", "spokesman", "spokeswoman", "spokesperson", "chairman", "chairwoman", "chair", "ceo", "head", "leader", "deputy", "assistant", "judge", "attorney", "king", "queen", "prince", "princess", "sheikh", "emir", "pope", "cardinal", "bishop", "archbishop", "rabbi", "imam", "reverend", "rev.", "professor", "prof.", "marshal", "brigadier", "councillor", "councilor", "executive", "mp", "mep", "dean", "founder", "manager", "coach", "foreign", "defence", "defense", "interior", "finance", "health", "justice", "home", "provincial", "federal", "top", "senior", "acting", "former", "interim", "state", "diplomat", "official"}
# Occupations and offices: capitalised before a name they are the role, never a first name ("Striker Jonas
# Avery", "Prosecutor Elin Harwick"). Trades that are also common first names (Hunter, Mason, Taylor, Carter,
# Cooper, Porter, Parker, Archer, Baker) are left out: "Mason Reid said" is a name.
_JOBS = _TITLES | {"striker", "midfielder", "defender", "goalkeeper", "keeper", "winger", "forward", "fullback", "full-back", "playmaker", "quarterback", "pitcher", "batsman", "bowler", "sprinter", "cyclist", "swimmer", "skier", "boxer", "jockey", "athlete", "player", "teammate", "skipper", "coach", "trainer", "referee", "umpire", "prosecutor", "lawyer", "attorney", "barrister", "solicitor", "counsel", "magistrate", "coroner", "detective", "inspector", "sergeant", "constable", "corporal", "trooper", "sheriff", "warden", "ranger", "firefighter", "paramedic", "doctor", "nurse", "surgeon", "physician", "midwife", "pharmacist", "dentist", "psychiatrist", "psychologist", "therapist", "pathologist", "epidemiologist", "virologist", "vet", "veterinarian", "headteacher", "headmaster", "headmistress", "teacher", "principal", "lecturer", "tutor", "rector", "provost", "researcher", "scientist", "congressman", "congresswoman", "councilman", "councilwoman", "alderman", "assemblyman", "assemblywoman", "lawmaker", "legislator", "ombudsman", "regulator", "consul", "treasurer", "comptroller", "auditor", "chairperson", "cfo", "coo", "co-founder", "boss", "entrepreneur", "banker", "trader", "investor", "accountant", "economist", "analyst", "strategist", "consultant", "adviser", "advisor", "engineer", "architect", "designer", "editor", "publisher", "journalist", "reporter", "correspondent", "columnist", "broadcaster", "presenter", "photographer", "author", "novelist", "writer", "poet", "playwright", "artist", "painter", "sculptor", "singer", "musician", "composer", "conductor", "actor", "actress", "filmmaker", "producer", "curator", "historian", "archaeologist", "astronomer", "biologist", "chemist", "physicist", "geologist", "meteorologist", "forecaster", "climatologist", "hydrologist", "ecologist", "statistician", "pollster", "lobbyist", "campaigner", "activist", "organiser", "organizer", "negotiator", "mediator", "pilot", "fisherman", "farmer", "chef", "landlord", "landlady", "shopkeeper", "caretaker", "mechanic", "electrician", "plumber", "builder", "contractor", "surveyor", "planner", "clerk", "priest", "pastor", "vicar", "chaplain", "nun"}
_HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "prof", "sir", "dame", "lord", "lady"}
# Nouns for people a text leaves unnamed ("a spokesperson", "one woman") or points back to ("the mayor").
_PERSON_NOUNS = _JOBS | {"delegate", "source", "resident", "witness", "woman", "man", "worker", "analyst", "expert", "engineer", "volunteer", "soldier", "member", "aide", "adviser", "lawyer", "doctor", "nurse", "teacher", "farmer", "survivor", "relative", "neighbour", "neighbor", "employee", "activist", "protester", "villager", "mother", "father", "person", "hydrologist", "economist", "scientist", "researcher", "candidate", "negotiator", "observer", "student", "baker", "owner", "fisherman"}
_PLURAL_PEOPLE = {n + "s" for n in _PERSON_NOUNS} | {"witnesses", "families", "people", "locals", "police", "authorities"}
_ORG_NOUNS = {"company", "government", "ministry", "coalition", "police", "army", "group", "office", "authority", "council", "committee", "agency", "department", "alliance", "administration", "embassy", "military", "party", "firm", "union", "court", "board", "hospital", "university", "statement", "report", "study", "summary", "letter", "document", "survey", "review", "paper", "bank", "fund", "service", "association", "parliament", "pentagon"}
# Capitalised, but not in a person's name.
_NOT_NAME_WORDS = {w.capitalize() for w in _ORG_NOUNS} | {"Minerals", "Securities", "Institute", "Foundation", "Corporation", "Inc", "Ltd", "Lines", "Airlines", "Trust", "Network", "Station", "Reuters", "AFP", "Press", "News", "Post", "Times", "Herald", "Gazette", "Echo", "Courier", "Ledger", "Monitor", "House", "Centre", "Center", "Commission", "Forces", "Nations", "Province", "State", "States", "Republic", "Kingdom", "Road", "Street", "Avenue", "Lane", "Bridge", "River", "Valley", "District", "Square", "Hall", "Park", "Gorge", "Bay", "Port", "Island", "Islands", "Sea", "Gulf", "Lake", "Church", "Airport", "Terminal", "Quay", "East", "West", "North", "South", "Middle"}
# Capitalised at the start of a sentence, never a name or a title.
_SENTENCE_CAPS = {"The", "A", "An", "In", "On", "At", "But", "And", "Or", "He", "She", "They", "It", "We", "I", "You", "This", "That", "These", "Those", "There", "Here", "Asked", "Speaking", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December", "Today", "Yesterday", "Tomorrow", "Earlier", "Later", "Meanwhile", "However", "Still", "Now", "Then", "So", "After", "Before", "While", "When", "Under", "Over", "Outside", "Inside", "For", "From", "With"}
_NOT_NAME_WORDS |= _SENTENCE_CAPS
# A title that points back ("the top US diplomat") matches a person whose role holds one of these.
SYNONYMS = {"diplomat": ("secretary of state", "foreign minister", "foreign secretary", "ambassador", "envoy",
                         "diplomat"),
            "spokesperson": ("spokes",), "spokesman": ("spokes",), "spokeswoman": ("spokes",), "official": ("official",
            "officer"), "premier": ("prime minister", "premier"), "boss": ("chief", "head", "ceo"),
            "executive": ("chief executive", "ceo", "head"), "minister": ("minister", "secretary")}
SMALL_WORDS = {"of", "the", "a", "an", "and", "or", "in", "on", "at", "to", "for", "by", "with", "from"}
_DETERMINERS = {"the", "this", "a", "an", "one", "another"}

# -- patterns -------------------------------------------------------------------------

# Abbreviations read as one token of a name, stop included. Not dateline.text.ABBREVIATIONS: a title
# listed here stays in the name ("Maj. Ruhl"), one left out ends it ("Gov. Ana Ortiz" is "Ana Ortiz").
_ABBR = r"(?:Mr|Mrs|Ms|Dr|Prof|Gen|Lt|Col|Sgt|Capt|Maj|Rev|Sen|Rep|St|Jr|Sr|[A-Z])\."
_PARTICLES = {"al-", "el-", "bin-", "ibn-", "abu-", "van-", "von-", "de-", "da-", "di-", "le-", "la-"}
_PART = r"(?:al|el|bin|ibn|abu|van|von|de|da|di|le|la)-"  # name particles: "al-Abadi"
_NAME_TOK = rf"(?:{_ABBR}|(?:{_PART})?[A-Z][\w'’\-]*)"
_TOKEN = re.compile(rf"{_ABBR}|(?:{_PART})?[A-Za-z][\w'’\-]*|\d+|[,;:().!?]")
# A run of capitalised words; "of"/"for" only inside a title ("Secretary of State John Kerry").
NAME_RUN = re.compile(rf"\s*({_NAME_TOK}(?:\s+(?:(?<=Secretary )(?:of|for)\s+|(?<=Minister )for\s+)?{_NAME_TOK})*)")
# A person by apposition: "the head of Corvane Minerals, Paul Ostrander,"; "Lena Harkavy, the ... hydrologist".
APPOSED = re.compile(
    rf"(?m:(?:^|[.;]\s+|,\s+)(?:[Tt]he|[Aa]n?|[A-Z]\w*['’]s?)\s+([^,.;]{{2,60}}),\s+({_NAME_TOK}(?:\s+{_NAME_TOK}){{1,2}}),"
    rf"|({_NAME_TOK}(?:\s+{_NAME_TOK}){{1,2}}),\s+(?:the|a|an)\s+([^,.;]{{2,80}}?)(?=\s+who\b|,|\.|;))")
_ADVERBS = re.compile(r"(?:\s+(?:also|only|later|then|again|further|earlier|previously|once|has|had|have|was|would|"
                      r"will|finally|simply|separately|privately|publicly|repeatedly|quickly|often|herself|himself|"
                      r"themselves|flatly|bluntly|not|never|did|does|do|could|can|cannot|may|might|must|should|yet|"
                      r"already))+\s*$", re.I)
_RELATIVE = re.compile(r",\s*(?:who|whose|which|speaking|standing|writing|addressing)\b[^,]*,?\s*$|,\s*\d{1,3},?\s*$")
HONORIFIC = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir)\.?\s+")
# Small patterns of the speaker parser, compiled once.
_PERSON_SUFFIX = re.compile(r"(?:ist|er|or|man|woman|person|ian|ant|ent)$")  # "passenger", "analyst"
_POSSESSIVE = re.compile(r"(?:'s|’s|s'|s’)$")
_PRONOUN_END = re.compile(r"(?:^|[\s,;(])(he|she|they|He|She|They)$")
_PRONOUN_START = re.compile(r"\s*(he|she|they)\b")
_CLAUSES = re.compile(r"[,;:]")
_ROLE_OPENING = re.compile(r"\s*(?:the|a|an)\s|.*\w['’]s?\s", re.I)  # "the coalition's coordinator, X"
_AGE_END = re.compile(r",\s*\d{1,3}$")
_AGE_START = re.compile(r"^,\s*\d{1,3}\b")
_PP_END = re.compile(r"\s+(?:of|from|at|with)\s+[^,;:]*$")  # "President Ana Leclerc of Osk"
_DETERMINER = re.compile(r"\b(?:the|this|a|an|one|another)\s", re.I)
_PREPOSITION = re.compile(r"\s+(?:of|for|at|from|in|with|on|to)\s+")
_LOWER_LEAD = re.compile(r"\s*(?:(?:of|for|[a-z]+)\s+){0,4}")  # "said engineer Nils Fenn"
_ARTICLE = re.compile(r"\s*(?:the|a|an)\s", re.I)
_APPOSITIVE = re.compile(r",\s*([^,.;]*?)(?=\s+who\b|,|\.|;|$)")
_DESCRIBED = re.compile(r"\s*((?:the|a|an|one|another)\s+[^,.;:]*?)(?=\s+(?:who|which|in|at|on|after)\b|[,.;:]|$)",
                        re.I)

# -- thresholds ------------------------------------------------------------------------

_ACRONYM_LETTERS = 4  # a capitalised word this short is an acronym (US, UN, ISIL), not a name
_ROLE_WORDS = 10  # a role is at most this many words ("deputy head of the regional water authority")
_NAME_WORDS = 3  # a name is at most this many words ("Ruben Aster", "Anna Maria Keel")
_TRAILING_CLAUSES = 2  # relative clauses and ages after a speaker stripped ("X, who has led Y since 2016, 71,")
_DESCRIPTION_WORDS = 12  # a speaker described without a name is at most this many words
_GROUP_WORDS = 4  # "officials", "two local residents": a plural group is at most this many words

# -- who: the words next to a speech verb -------------------------------------------------


@dataclass(frozen=True)
class Who:
    kind: str  # named | pronoun | title (points back) | unnamed | none (not a person)
    span: tuple[int, int]  # where the speaker phrase is
    name: str | None = None
    role: str | None = None
    phrase: str = ""  # the words of a pronoun, title or unnamed speaker


@dataclass(frozen=True)
class Named(Who):
    """A speaker the text names: always with a name."""

    name: str = ""


def _is_name_token(word: str) -> bool:
    w = word.rstrip(".")
    if not w or w.lower() in _HONORIFICS or w.lower() in _PLURAL_PEOPLE:
        return False
    if word[:word.find("-") + 1].lower() in _PARTICLES:
        return True
    acronym = w.isupper() and len(w) <= _ACRONYM_LETTERS and not word.endswith(".")  # US, UN, ISIL
    title = any(part in _TITLES for part in w.lower().split("-"))  # "Secretary-General"
    return w[0].isupper() and w not in _NOT_NAME_WORDS and not title and not acronym


def _is_job(word: str) -> bool:
    """An occupation or office ("Striker", "Headteacher", "Vice-Chancellor"), whatever its case."""
    w = word.lower().rstrip(".")
    return w in _JOBS or w.rsplit("-", 1)[-1] in _JOBS


def _is_person_noun(word: str) -> bool:
    w = word.lower().rstrip(".")
    return w in _PERSON_NOUNS or bool(_PERSON_SUFFIX.search(w))


def clean_role(phrase: str | list[str]) -> str | None:
    """A role from the words around a name, or None when they hold no title or word for a person."""
    words = split_words(phrase, inner=NAME_JOINERS) if isinstance(phrase, str) else phrase
    while words and words[0].lower() in SMALL_WORDS:
        words = words[1:]
    while words and words[-1].lower() in SMALL_WORDS:
        words = words[:-1]
    if not words or len(words) > _ROLE_WORDS or not any(_is_person_noun(w) for w in words):
        return None
    return None if " ".join(words).lower().rstrip(".") in _HONORIFICS else " ".join(words)


def named_at_end(s: str, offset: int) -> Named | None:
    """A (titled) name ending ``s``: "US Secretary of State Rex Tillerson", "Mr. Kerry"."""
    toks = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(s)]
    i, name = len(toks) - 1, list[tuple[str, int, int]]()
    while i >= 0 and len(name) < _NAME_WORDS and _is_name_token(toks[i][0]):
        if name and (_POSSESSIVE.search(toks[i][0]) or "\n" in s[toks[i][2]:name[0][1]] or _is_job(toks[i][0])):
            break  # "Corvane Minerals' Paul Ostrander"; a name never spans paragraphs; "Striker" is a role
        name.insert(0, toks[i])
        i -= 1
    if not name or any(t[0] in _NOT_NAME_WORDS for t in name):
        return None
    if i >= 0 and toks[i][0] in {"of", "for", "at", "in", "from", "to", "with", "by", "and", "on"}:
        return None  # "Prime Minister of Iraq", "met with Trump": not a subject
    if i >= 0 and toks[i][0].lower().rstrip(".") in _HONORIFICS:
        i -= 1
    role: list[str] = []  # title words before the name, capitalised or not ("defense secretary Jim Mattis")
    while i >= 0 and toks[i][0] not in ",;:().!?" and "\n" not in s[toks[i][2]:toks[i + 1][1]]:
        w = toks[i][0]
        if not (_is_person_noun(w) or w in ("of", "for", "the") or (w[0].isupper() and w not in _SENTENCE_CAPS)
                or (w.islower() and role and _is_person_noun(role[0]))):  # "opposition leader"
            break
        role.insert(0, w)
        i -= 1
    return Named("named", (offset + name[0][1], offset + name[-1][2]), " ".join(t[0] for t in name), clean_role(role))


def subject_before(text: str, lo: int, hi: int) -> Who | None:
    """The speaker phrase that ends at ``hi``, just before a speech verb."""
    s = _ADVERBS.sub("", text[lo:hi].rstrip())
    for _ in range(_TRAILING_CLAUSES):  # ", who has led Corvane since 2016,", ", 71,"
        s = _RELATIVE.sub("", s).rstrip().rstrip(",").rstrip()
    if not s:
        return None
    if m := _PRONOUN_END.search(s):
        return Who("pronoun", phrase=m.group(1).lower(), span=(lo + m.start(1), lo + m.end(1)))
    if who := named_at_end(s, lo):
        head = s[: who.span[0] - lo].rstrip()  # "the coalition's coordinator, Nadia Ferreol"
        if head.endswith(",") and not who.role:
            clause = _CLAUSES.split(head[:-1])[-1]
            if _ROLE_OPENING.match(clause):
                who = replace(who, role=clean_role(clause))
        return who
    if "," in s:  # "Haider al-Abadi, Prime Minister of Iraq", "Carter, 58, the defence secretary"
        head, tail = s.rsplit(",", 1)
        if (role := clean_role(tail)) and (who := named_at_end(_AGE_END.sub("", head.rstrip()), lo)):
            return replace(who, role=role)
    pp = _PP_END.search(s)
    if pp and (who := named_at_end(s[:pp.start()], lo)):
        return who
    clause = _CLAUSES.split(s)[-1].strip()
    return _descriptive(clause, lo + s.rfind(clause))


def _descriptive(clause: str, offset: int) -> Who | None:
    """"the minister" (points back), "a spokesperson for X", "officials" (unnamed), "the company" (no person)."""
    words = clause.split()
    if not words or len(words) > _DESCRIPTION_WORDS:
        return None
    if words[0].lower() in _PLURAL_PEOPLE | _DETERMINERS:
        clause = clause[0].lower() + clause[1:]  # as the reason shows it: "unnamed speaker (the captain)"
    span = (offset, offset + len(clause))
    if len(words) <= _GROUP_WORDS and words[0].lower() in _PLURAL_PEOPLE:
        return Who("unnamed", phrase=clause, span=span)
    if (m := _DETERMINER.search(clause)) and m.start():
        return _descriptive(clause[m.start():], offset + m.start())  # "As the minister (put it)"
    det = words[0].lower()
    if det not in _DETERMINERS:
        return None
    body = " ".join(words[1:])
    head = (_PREPOSITION.split(body)[0].split() or [""])[-1].lower().strip("'’")
    if head in _ORG_NOUNS:
        return Who("none", phrase=clause, span=span)
    if head.endswith("s") and _is_person_noun(head[:-1]) and det != "one":  # "the two captains"
        return Who("unnamed", phrase=clause, span=span)
    if not head or not _is_person_noun(head):
        return None
    return Who("title" if det in ("the", "this") else "unnamed", role=body, phrase=clause, span=span)


def subject_after(text: str, pos: int, hi: int) -> Who | None:
    """The speaker phrase starting at ``pos``, after an inverted verb: "said Lieutenant Colonel Ruben Aster, who"."""
    s = text[pos:hi]
    lead = _LOWER_LEAD.match(s)  # "said engineer Nils Fenn", "said opposition leader X"
    if lead is None or not lead.group().split() or not _is_person_noun(lead.group().split()[-1]):
        lead = None
    m = NAME_RUN.match(s, lead.end() if lead else 0)
    if m and not _ARTICLE.match(s) and (who := named_at_end(s[:m.end()], pos)):
        rest = _AGE_START.sub("", s[m.end():])  # ", 71,"
        am = _APPOSITIVE.match(rest)
        if am and not who.role:
            who = replace(who, role=clean_role(am.group(1)))
        return who
    if m := _DESCRIBED.match(s):
        return _descriptive(m.group(1), pos + m.start(1))
    if m := _PRONOUN_START.match(s):
        return Who("pronoun", phrase=m.group(1), span=(pos + m.start(1), pos + m.end(1)))
    return None


# -- names of one person -------------------------------------------------------------------


class Person(NamedTuple):
    at: int
    name: str | None  # None: unnamed ("an official at the interior ministry")
    role: str | None


def surname_key(name: str) -> str:
    last = name.split()[-1].lower().strip(".")
    return last[last.find("-") + 1:] if last[:last.find("-") + 1] in _PARTICLES else last


#: Compiled surname patterns kept: one per full name of the story (more than ``re``'s own cache of 512 holds).
SURNAME_PATTERNS_KEPT = 4096
#: The lengths a name particle of ``_PART`` may have ("al-", "abu-"): where a match may start before a surname.
_PART_LENGTHS = (3, 4)


@lru_cache(maxsize=SURNAME_PATTERNS_KEPT)
def surname_pattern(name: str) -> re.Pattern[str]:
    """Later mentions of the surname of ``name`` (a full name), spelt as the name spells it.

    "Kinsella-Brandt", "McAuley", "MacLeod", "O'Neill" and "DeSantis" keep their inner capitals (the
    surname is matched as written, or in capitals), an apostrophe may be straight or curly, and a
    particle may come or go ("al-Abadi", "Abadi"). Case counts, so the ship's keel is not Mr Keel.
    """
    last = name.split()[-1].strip(".")
    if last[:last.find("-") + 1].lower() in _PARTICLES:
        last = last[last.find("-") + 1:]
    last = last.replace("’", "'")
    spelt = "|".join(re.escape(v).replace("'", "['’]") for v in dict.fromkeys((last, last.upper())))
    return re.compile(rf"\b(?i:{_PART})?(?:{spelt})\b")


def surname_starts(name: str, text: str) -> list[int]:
    """Where ``surname_pattern(name).finditer(text)`` matches, found without trying the pattern at every
    character: the surname as written (or in capitals, either apostrophe) is looked up with ``str.find``
    and the pattern is tried only there and where a particle before it would start. The same starts,
    at a cost of a few string searches per name instead of a regex attempt at each position."""
    pattern = surname_pattern(name)
    last = name.split()[-1].strip(".")
    if last[:last.find("-") + 1].lower() in _PARTICLES:
        last = last[last.find("-") + 1:]
    last = last.replace("’", "'")
    if not last:  # nothing to look up (a name ending in a bare particle): the pattern itself
        return [m.start() for m in pattern.finditer(text)]
    candidates: set[int] = set()
    for spelt in dict.fromkeys((last, last.upper())):
        pieces = spelt.split("'")
        for marks in product("'’", repeat=len(pieces) - 1):
            literal = pieces[0] + "".join(m + p for m, p in zip(marks, pieces[1:], strict=True))
            at = text.find(literal)
            while at >= 0:
                candidates.update((at, *(at - k for k in _PART_LENGTHS if at >= k)))
                at = text.find(literal, at + 1)
    starts, reached = [], 0
    for at in sorted(candidates):
        if at >= reached and (m := pattern.match(text, at)):
            starts.append(at)
            reached = max(m.end(), at + 1)
    return starts


def full_name(name: str, people: Sequence[Person], role: str | None, text: str) -> tuple[str, str | None]:
    """A surname or "Mr Kerry" as the full name this report gives, when only one person fits."""
    bare = HONORIFIC.sub("", name)
    bare = bare.title() if bare.isupper() else bare
    if len(bare.split()) == 1:
        key = surname_key(bare)
        fulls = {p.name for p in people if p.name and len(p.name.split()) > 1 and surname_key(p.name) == key}
        if not fulls:  # "Agnes Tully was asleep ..." then "said Tully"
            for m in re.finditer(rf"(?:{_NAME_TOK}\s+){{1,2}}{re.escape(bare)}\b", text):
                if (who := named_at_end(m.group(), m.start())) and len(who.name.split()) > 1:
                    fulls.add(who.name)
        if len(fulls) != 1:
            return bare, role
        bare = fulls.pop()
    roles = Counter(p.role for p in people if p.name == bare and p.role)
    return bare, role or (roles.most_common(1)[0][0] if roles else None)

