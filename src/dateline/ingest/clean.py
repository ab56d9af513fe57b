"""Boilerplate removal: from a saved page or scraped text to the article's own text.

Two paths lead to a :class:`~dateline.model.CleanText`:

* :func:`clean_html` for HTML: trafilatura finds the body and the metadata
  (title, outlet, url, author); the publication date is read from the page's
  metadata only (meta tags, JSON-LD, ``<time>`` elements), never guessed from
  visible text, where a crawl-date banner would pass for it.
* :func:`clean_text` for plain text copied out of a web page, where no markup
  is left to tell the article from the page around it. It classifies lines:
  pattern rules name the usual boilerplate (navigation, comment forms,
  captions and credits, video placeholders, tags, related stories, ads,
  cookie and newsletter notices, copyright footers), and a document-structure
  model finds the article body as the densest run of prose lines, so that
  short lines far outside it (menus, teasers, footers) go while short lines
  inside it (subheadings) stay. Every removed line is kept as a
  :class:`~dateline.model.DroppedLine` with its reason.
"""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass
from typing import Any

from dateline.model import CleanText, DroppedLine, DropReason
from dateline.text import LINE_STOPS, ends_sentence, words

__all__ = ["clean_html", "clean_text"]

# --- pattern rules ----------------------------------------------------------
# Each rule is (reason, compiled regex) and is tried on a whole stripped line.
# Rules are written for news pages in general, never for one site.


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
_DATE = (
    rf"(?:(?:{_WEEKDAY},?\s+)?(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}[./]\d{1,2}[./]\d{2,4})"
    r"(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?)"
)
# A line that is only a date (with an optional "Updated"/"Published" label).
_DATE_ONLY = _rx(rf"^(?:(?:last\s+)?(?:updated|published|posted|modified)(?:\s+on)?:?\s*)?{_DATE}$")
# lowercase alt text glued onto a dateline: "london press meetLondon, Jan. 23: ..."
_GLUED_DATELINE = re.compile(rf"^([a-z][a-z0-9 '-]{{2,60}}[a-z])(?=[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+)?,\s+(?i:{_MONTH})\s+\d{{1,2}}\b)")
# "BRUSSELS, February 11, 2016" or "London, Jan. 23:" opening a story.
_DATELINE = re.compile(rf"^[A-Z][A-Za-z .'-]{{1,30}},\s+{_MONTH}\s+\d{{1,2}}(?:,\s+\d{{4}})?\s*[:\-–—]?$", re.I)

_CREDIT_WORDS = r"(?:image|images|photo|photos|photograph|picture|pic|foto|illustration|graphic|video|footage|credit|credits)"
_AGENCIES = (
    r"(?:getty images|shutterstock|ap photo|afp|reuters|epa|istock|picture[- ]alliance|anadolu agency|"
    r"associated press|alamy|xinhua|dpa|bloomberg|sipa|pa images|pa wire|nurphoto|imago)"
)

_RULES: list[tuple[DropReason, re.Pattern[str]]] = [
    (DropReason.NAVIGATION, _rx(r"^(?:\d{1,2}\.\s*)?(?:skip|jump) (?:to|next)\b")),
    (DropReason.NAVIGATION, _rx(r"^(?:back to top|go to (?:home ?page|top)|home|menu|main menu|search|close|open|toggle navigation|"
                       r"sections?|more|next|previous|prev|log ?in|log ?out|sign ?in|sign ?up|register|subscribe( now)?|"
                       r"my account|today'?s paper|e-?paper|print edition|site index|sitemap|newsletters?|"
                       r"(?:next|previous) (?:article|story|post)|see all|view all|show more|load more|load more stories)\W*$")),
    (DropReason.COMMENT_FORM, _rx(r"^(?:leave a (?:reply|comment)|post (?:a )?comment|add (?:a )?comment|submit( comment)?|cancel reply|"
                         r"join the (?:discussion|conversation)|(?:show|view|hide|read) (?:all )?\d* ?comments?|comments?|"
                         r"\d+\s+comments?|discussion|reply|report|report abuse|sort by|newest|oldest|"
                         r"most popular comments|be the first to comment.*)\W*$")),
    (DropReason.COMMENT_FORM, _rx(r"please enter your (?:comment|name|email)|you have entered an incorrect email|"
                         r"you are commenting using your|fill in your details below|connecting to %s|"
                         r"notify me of (?:new|follow-up) (?:comments|posts)|this site uses akismet|"
                         r"save my name, email|your email address will not be published|required fields are marked|"
                         r"^\(?\s*log\s*out\s*/\s*change\s*\)?$|log\s*out\s*/\s*change\s*\)?$|comments? (?:are|is) (?:closed|moderated)|"
                         r"comments powered by disqus|enable javascript to view the comments|"
                         r"you must be logged in to post a comment|^(?:name|email|website|comment)\s*\*?$")),
    (DropReason.COMMENT_FORM, _rx(rf"^.{{1,60}}\s(?:says|said|wrote|commented)\s*:?$|^.{{0,60}}\bon\s+{_DATE}\s+(?:at\s+)?.{{0,12}}(?:says|said|wrote):?$|"
                         r"^(?:rating|score|votes?|likes?)\s*:?\s*[+-]?\d+(?:\s+votes?)?$|^\d+\s+comments?\b.{0,40}$|\bcomments? feed\b")),
    (DropReason.SOCIAL, _rx(r"\bclick to (?:share|email|print)\b|\(opens in (?:a )?new window\)")),
    (DropReason.CAPTION, _rx(r"^image result for\b")),
    (DropReason.PHOTO_CREDIT, _rx(rf"^\(?\s*{_CREDIT_WORDS}(?:\s+(?:by|credit|courtesy(?: of)?))?\s*(?::|\.\.\.|by\b)\s*\S.{{0,120}}$")),
    (DropReason.PHOTO_CREDIT, _rx(rf"^\(?\s*(?:{_AGENCIES})(?:\s*/\s*[\w .'-]+)*\s*\)?$")),
    (DropReason.PHOTO_CREDIT, _rx(rf"^[\w .'’-]{{2,40}}\s*/\s*(?:{_AGENCIES}|[\w .'’-]{{2,40}}\b(?:photo|images?|press|news|agency|times|post|wire))\s*\)?$")),
    (DropReason.CAPTION, _rx(rf"[a-z)\].]{_CREDIT_WORDS}\s*:\s*\S+/\S")),  # caption with a credit glued on
    (DropReason.CAPTION, _rx(rf"\(\s*(?:{_CREDIT_WORDS}\s*:?\s*)?[^()]{{2,60}}\s(?:-|–|/)\s(?:{_AGENCIES}|[A-Z][\w ]{{1,30}}(?:agency|images|photo|press))\s*\)\s*$")),
    (DropReason.CAPTION, _rx(rf"\((?:{_AGENCIES}|{_CREDIT_WORDS})[^()]{{0,40}}/[^()]{{1,60}}\)\s*(?:less|more|hide|expand)?$")),
    (DropReason.CAPTION, _rx(rf"\([^()]{{2,50}}(?:/|\bvia)\s*(?:{_AGENCIES}|ap)\b[^()]{{0,20}}\)\s*(?:less|more|hide|expand)?$|\s/\s*(?:{_AGENCIES}|ap)$|"
                    r"^in th(?:is|ese)\b.{0,60}\b(?:file )?(?:photos?|images?|pictures?|handout|photograph)\b")),
    (DropReason.CAPTION, _rx(r"^(?:image|photo|picture|slide)\s+\d+\s+(?:of|/)\s*/?\s*\d*$")),
    (DropReason.CAPTION, _rx(rf"\b{_CREDIT_WORDS}(?:\s+credit)?\s*(?::|\.\.\.)\s*[\w .'’-]{{2,60}}(?:/[\w .'’-]{{2,60}})+\s*$")),
    (DropReason.VIDEO_PLACEHOLDER, _rx(r"(?:your|this) browser does not support|^\d{1,2}:\d{2}(?::\d{2})?$|"
                              r"^(?:play(?: video)?|watch(?: now| video| again)?|replay|now playing|up next|autoplay|"
                              r"video(?: player)?|loaded:? ?\d+(?:\.\d+)?%|duration\W*\d.*|\d+ (?:sec|min)s?)\W*$")),
    (DropReason.TAGS, _rx(r"^(?:tags?|tagged(?: with)?|topics?|keywords?|filed under|categor(?:y|ies)|related topics|related tags)\s*[:|]")),
    (DropReason.TAGS, _rx(r"^(?:[^|]{1,40}\|\s*){2,}[^|]{0,40}$")),
    (DropReason.RELATED_STORIES, _rx(r"^(?:related(?: articles?| stories| news| posts?| content| coverage| videos?| links)?|"
                            r"more (?:stories|news|articles|headlines|videos?|coverage)(?:\b.{0,40})?|more from .{1,40}|"
                            r"more (?:on|in|about) (?:this|these) (?:story|stories|topics?)|more .{1,30} (?:stories|news)|"
                            r"(?:you|we think you) (?:may|might|would) (?:also )?(?:like|enjoy|be interested in)(?: this)?|"
                            r"recommended(?: for you| stories| articles| reading| videos)?|also read|see also|read (?:more|next|this next|also)|"
                            r"what to read next|further reading|most (?:read|popular|viewed|shared|commented|recent)(?: stories| articles| news| videos| now)?|"
                            r"trending(?: now| stories| news)?|top stories|latest(?: news| stories| articles| videos| posts)?|"
                            r"editor'?s picks?|don'?t miss|in case you missed it|around the web|from the web|from our partners|"
                            r"sponsored(?: content| stories| links)?|promoted(?: content| stories)?|(?:paid|partner) content|"
                            r"other stories|popular (?:stories|posts|articles|now)|recent posts|previous post|next post|"
                            r"related:?.{0,80}|up next)\W*$")),
    (DropReason.RELATED_STORIES, _rx(r"^(?:read more|related|see also|also read|read also|more|watch|listen|recommended|must read|"
                            r"don'?t miss|click to read|read next|read the full story)\s*(?::|»|>>|\||–|-)\s*\S")),
    (DropReason.ADVERTISEMENT, _rx(r"^(?:advertisement|advertising|ads?|ad feedback|sponsored|promoted|paid (?:post|content)|"
                          r"continue reading(?: the main story| below)?|story continues below(?: advertisement)?|"
                          r"article continues below(?: advertisement)?|scroll (?:down )?to continue(?: with content)?|"
                          r"advertise with us|advertise|ad choices|your ad choices|adchoices)\W*$")),
    (DropReason.COOKIE_NOTICE, _rx(r"\b(?:we|this (?:web)?site|our (?:web)?site|site) uses? cookies|\bcookies? (?:policy|settings|preferences|consent)\b|"
                          r"\baccept (?:all )?cookies|\buse of cookies|\bby (?:using|continuing to (?:use|browse)) (?:this|our) (?:site|website)|"
                          r"\bconsent to (?:the use of|our use of)")),
    (DropReason.NEWSLETTER, _rx(r"\b(?:sign up|subscribe|register)\b.{0,60}\b(?:newsletter|inbox|e-?mail updates|alerts|briefing)|"
                       r"\bnewsletter\b.{0,40}\b(?:sign up|subscribe)|delivered (?:straight |directly )?to your inbox|"
                       r"enter your e-?mail(?: address)?|thank you for (?:subscribing|signing up)|invalid e-?mail|"
                       r"^get (?:our|the) .{0,40}newsletter")),
    (DropReason.SOCIAL, _rx(r"^(?:follow|like|find|join|connect with) (?:us|me|.{1,60}) on (?:facebook|twitter|instagram|linkedin|youtube|tiktok|x)\b|"
                   r"^(?:share|tweet|email|e-mail|print|pin|whatsapp|facebook|twitter|linkedin|reddit|pinterest|"
                   r"instagram|youtube|telegram|messenger|flipboard|copy link|copy|link copied|share (?:this|on|via) .{0,40}|"
                   r"share(?: this)?(?: article| story| page| post)?|share all sharing options.*|sharing options|"
                   r"\d+\s+shares?|save|saved|bookmark|text size|font size|a\s*a)\W*$")),
    (DropReason.COPYRIGHT, _rx(r"^(?:copyright|©|\(c\)\s*\d{4})|©\s*\d{4}|\ball rights reserved\b|^(?:privacy policy|terms of (?:use|service))\b")),
    (DropReason.CLICK_HERE, _rx(r"\bclick here\b")),
    (DropReason.LEGAL_NOTICE, _rx(r"\b(?:this|our) (?:web)?site\b.{0,200}\b(?:terms|privacy|agree|consent|information provided|not (?:intended|responsible))|"
                         r"\bregistered trademarks? of\b|\ball trademarks\b|\bnot intended to diagnose\b")),
    (DropReason.DONATION_APPEAL, _rx(r"\bsupport (?:our|independent) (?:work|journalism|reporting|newsroom)\b|"
                            r"\b(?:reader|member)-(?:funded|supported)\b.{0,160}\b(?:support|donate|subscribe)\b|"
                            r"^(?:donate(?: now)?|make a donation|become a (?:member|supporter|patron))\b")),
    (DropReason.SOCIAL, _rx(r"^share(?: this)?(?: article| story| page| post)?\s*:")),
    (DropReason.FEED_FOOTER, _rx(r"^the post .{3,300} appeared first on .{2,80}$")),
    (DropReason.READING_TIME, _rx(r"^(?:estimated )?(?:reading time:?\s*)?\d+\s*(?:-\s*)?min(?:ute)?s?(?:\s+read)?$|^\d+\s*(?:-\s*)?min(?:ute)?s?\s+read\b")),
    (DropReason.COMMENT_FORM, _rx(r"^.{0,60}\b\d+\s+comments?\W*$")),
    (DropReason.PAGE_CHROME, _rx(r"^(?:loading|please wait|javascript (?:is )?(?:required|disabled)|please enable javascript|"
                        r"you are using an outdated browser|log in to your account|forgot (?:your )?password\??|"
                        r"supported by|listen to this article|print this (?:article|page)|email this (?:article|page))\W*$")),
]

_FOLLOWERS = frozenset({DropReason.RELATED_STORIES, DropReason.COMMENT_FORM})  # a heading whose kind continues onto the lines under it
# The start of a comment section: nothing after it belongs to the article.
_COMMENTS_START = _rx(
    rf"^(?:leave a (?:reply|comment)|post (?:a )?comment|add (?:a )?comment|join the (?:discussion|conversation)|"
    rf"(?:show|view|read) (?:all )?\d* ?comments|\d+ comments?|comments?|discussion)\W*$|"
    rf"please enter your comment|you are commenting using|fill in your details below|comments powered by|"
    rf"must be logged in to post a comment|\bcomments? feed\b|^(?:rating|score|votes?)\s*:?\s*[+-]?\d+|"
    rf"^.{{1,60}}\s(?:says|said|wrote|commented)\s*:?$|^.{{0,60}}\bon\s+{_DATE}\s+(?:at\s+)?.{{0,12}}(?:says|said|wrote):?$"
)

_NO_WORD = re.compile(r"^\W*$")
# Markdown marks hide a line's kind from the rules: "*Photo: ...*" is still a credit,
# "### More from X" still a related-stories heading, "- [Headline](url)" a link.
_EMPHASIS = re.compile(r"^[*_]{1,3}(\S(?:.*\S)?)[*_]{1,3}$")
_MD_PREFIX = re.compile(r"^(?:>\s*)*(?:#{1,6}\s+|[-*+•]\s+)?")
_MD_LINK = re.compile(r"\[([^\]]+)\]\([^)\s]+\)")


def _markdown_plain(text: str) -> str:
    text = _MD_LINK.sub(r"\1", _MD_PREFIX.sub("", text))
    return _EMPHASIS.sub(r"\1", text).replace("**", "").replace("__", "")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_BYLINE = re.compile(r"^(?i:by|von|par|por|di)\s+[A-Z\u00C0-\u024F]")
_NUMBERED = re.compile(r"^\d{1,2}[.)]\s+\S")
_SIGN_OFF = re.compile(r"^(?:sources?|via|reporting by|additional reporting|writing by|editing by|with reporting)\b.{0,120}$|"
                       r"^\S{0,12}\s*\((?:[A-Z][\w.]*(?:,\s*|\s*/\s*|\s+and\s+)?){1,5}\)$", re.IGNORECASE)

_STOPWORDS = frozenset(
    ["a", "about", "after", "again", "against", "all", "also", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did", "do", "does", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here", "hers", "him", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "me", "more", "most", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our", "out", "over", "own", "same", "she", "should", "so", "some", "such", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "too", "under", "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you", "your", "said", "says"]
)

# --- line model ---------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    text: str
    block: int  # index of the paragraph (run of non-blank lines) the line is in
    words: int
    prose: float  # how much article prose the line holds (0 for none)
    reason: DropReason | None = None  # set when the line is boilerplate
    keep: bool = False
    comments: bool = False  # the line opens a comment section
    score: float = 0.0  # its weight in the search for the body (set by _weigh)


# --- how much prose a line holds ---------------------------------------------------

_CJK_SPARSE = 6  # fewer words than one per this many characters: a script written without spaces
_CJK_CHARS_PER_WORD = 3  # ... whose words are counted as this many characters each
_PROSE_MIN_WORDS = 7  # shorter lines are never prose (labels, menu items, bylines)
_UNPUNCTUATED_MIN_WORDS = 12  # a line that does not end as a sentence must be this long to be prose
_PROSE_MIN_LOWER = 0.3  # below this share of lowercase words ...
_PROSE_MIN_FUNCTION = 0.15  # ... and this share of function words, a line is title case (names, teasers)
_PROSE_MAX_WEIGHT = 80  # one very long paragraph weighs no more than this many words
_UNPUNCTUATED_WEIGHT = 0.6  # a line of prose without a sentence end counts for less
_LONG_LINE = 600  # characters: a line this long is a paragraph, never a boilerplate line


def _prose_weight(text: str, words: list[str]) -> float:
    """Evidence that a line is article prose: long, with sentence punctuation and function words."""
    n = len(words)
    if _CJK.search(text) and n < len(text) / _CJK_SPARSE:
        n = len(text) // _CJK_CHARS_PER_WORD  # scripts without spaces between words: count characters instead
    if n < _PROSE_MIN_WORDS:
        return 0.0
    lower = sum(1 for w in words if w[0].islower()) / max(1, len(words))
    stop = sum(1 for w in words if w.lower() in _STOPWORDS) / max(1, len(words))
    ends = ends_sentence(text, stops=LINE_STOPS)
    if n < _UNPUNCTUATED_MIN_WORDS and not ends:
        return 0.0
    if lower < _PROSE_MIN_LOWER and stop < _PROSE_MIN_FUNCTION and not _CJK.search(text):
        return 0.0  # title-case lists of names, teaser headlines
    return float(min(n, _PROSE_MAX_WEIGHT)) * (1.0 if ends else _UNPUNCTUATED_WEIGHT)


def _normalise(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").replace("\u200b", "")
    return [line.strip() for line in text.split("\n")]


def _to_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    block = 0
    for raw in _normalise(text):
        if not raw:
            block += 1
            continue
        found = words(raw)
        lines.append(_Line(raw, block, len(found), _prose_weight(raw, found)))
    return lines


def _rule_reason(text: str) -> DropReason | None:
    if _NO_WORD.match(text):
        return DropReason.NAVIGATION
    text = _markdown_plain(text)
    if len(text) > _LONG_LINE:
        return None  # a long paragraph is never a boilerplate line
    for reason, rx in _RULES:
        if rx.search(text):
            return reason
    return None


def _is_date_only(text: str) -> bool:
    return bool(_DATE_ONLY.match(text.strip(" |-–—·•")))


# --- structure -------------------------------------------------------------------

_NAV_PENALTY = 10.0  # a short link-like line: strong evidence of page furniture
_CONTENT_PENALTY = 0.0  # a short line that reads like content (table row, list item) costs nothing
_RULE_PENALTY = 10.0  # a line a pattern rule names as boilerplate
_TITLE_BONUS = 0.5  # share of a run's score added when the page title heads it
_HEADING_BREAK = 60.0  # prose needed before a "Related"/"More stories" heading ends the article
_AFTER_COMMENTS = 0.5  # a run after the comment section has begun is most likely comments
_SHORT_SENTENCE_WORDS = 3  # a short line ending as a sentence with this many words reads as content
_TABLE_FIGURES = 2  # a short line with this many figures (and _SHORT_SENTENCE_WORDS words) is a table row
_LIST_ITEM_WORDS = 4  # a list item: this many words, with punctuation inside ...
_LIST_ITEM_PLAIN_WORDS = 2  # ... and this many function words or lowercase content words
_PARAGRAPH_PROSE = 15  # prose weight of a real paragraph (a page title or teaser has less)
_TITLE_ECHO_WORDS = 30  # a line repeating the page title (the headline) has at most this many words
_TITLE_ECHO_COVER = 0.5  # ... and holds at least this share of the title's words
_TITLE_ECHO_REACH = 15  # lines: a title echo this far above a run still heads it
_TITLE_ECHO_INSIDE = 3  # lines: an echo this far into the run still heads it from the top
_ECHO_BODY_PARAGRAPHS = 2  # an echo further down starts the article if this many prose lines follow it
_MAX_BOX_LINES = 8  # a "Related" box inside the article is at most this many lines
_RESUMING_PROSE_LINES = 2  # the article resumes after such a box with this many paragraphs


def _content_like(line: _Line) -> bool:
    """A short line that still reads as article content, not as a link."""
    t = line.text
    if ends_sentence(t, stops=LINE_STOPS) and line.words >= _SHORT_SENTENCE_WORDS:
        return True
    found = words(t)
    digits = sum(1 for w in found if w[0].isdigit())
    if digits >= _TABLE_FIGURES and len(found) >= _SHORT_SENTENCE_WORDS:
        return True  # table rows, scores, figures
    lower = sum(1 for w in found if w[0].islower() and w.lower() not in _STOPWORDS)
    stop = sum(1 for w in found if w.lower() in _STOPWORDS)
    plain = stop >= _LIST_ITEM_PLAIN_WORDS or lower >= _LIST_ITEM_PLAIN_WORDS
    return len(found) >= _LIST_ITEM_WORDS and plain and ("," in t or ":" in t or "(" in t)


def _weigh(lines: list[_Line]) -> None:
    """Give each line its score for the body search.

    Prose scores its weight. A short line costs little when it reads like
    content (a table row, a list item introduced by a line ending in a colon)
    and more when it looks like a link (a menu item, a teaser headline).
    """
    intro = False
    for line in lines:
        if line.reason:
            line.score = -_RULE_PENALTY
        elif line.prose:
            line.score = line.prose
        elif intro or _content_like(line):
            line.score = -_CONTENT_PENALTY
        else:
            line.score = -_NAV_PENALTY
        if line.prose or line.reason:
            intro = False
        if line.reason is None and line.text.endswith(":"):
            intro = True


def _runs(lines: list[_Line]) -> list[tuple[int, int, float, bool]]:
    """Candidate article bodies: for each maximal positive run, its best (start, end, score).

    Prose lines score their weight; short lines and boilerplate cost, so a few
    subheadings or an ad slot do not cut the article but a menu or a list of
    teasers does. A comment section, or a "Related"/"More stories" heading
    after enough prose, ends a run. The last field tells whether the run comes
    after a comment section has begun.
    """
    runs: list[tuple[int, int, float, bool]] = []
    run, start, best, best_end = 0.0, 0, 0.0, -1
    comments = False

    def close() -> None:
        if best_end >= 0:
            runs.append((start, best_end, best, comments))

    for i, line in enumerate(lines):
        if (line.comments or (line.reason in _FOLLOWERS and not line.prose)) and best >= _HEADING_BREAK:
            close()
            comments = comments or line.comments
            run, start, best, best_end = 0.0, i + 1, 0.0, -1
            continue
        if run <= 0:
            close()
            run, start, best, best_end = 0.0, i, 0.0, -1
        run += line.score
        if run > best:
            best, best_end = run, i
    close()
    return runs


def _body_region(lines: list[_Line]) -> tuple[int, int] | None:
    """The run with the most prose, preferring the one the page title heads.

    The page title is the first line; where a line below repeats it, that is
    the headline, and the article starts there, not with teasers above it.
    """
    runs = _runs(lines)
    if not runs:
        return None
    titled = lines[0].prose < _PARAGRAPH_PROSE  # a page title, not a paragraph
    echoes = [i for i, x in enumerate(lines) if i and titled and x.words <= _TITLE_ECHO_WORDS
              and _similar(x.text, lines[0].text, _TITLE_ECHO_COVER)]

    def headed_at(s: int, e: int) -> bool:
        return (s == 0 and not lines[0].prose) or any(s - _TITLE_ECHO_REACH <= i <= e for i in echoes)

    def value(r: tuple[int, int, float, bool]) -> float:
        s, e, score, after_comments = r
        return score * (1 + _TITLE_BONUS if headed_at(s, e) else 1) * (_AFTER_COMMENTS if after_comments else 1)

    best = max(runs, key=value)
    s, e, _, _ = best
    # a "Related" box inside the article breaks a run: carry on over it when plain paragraphs resume
    for s2, e2, _, after_comments in runs[runs.index(best) + 1 :]:
        gap = lines[e + 1 : s2]
        if after_comments or len(gap) > _MAX_BOX_LINES or any(x.prose >= _PARAGRAPH_PROSE or x.comments for x in gap):
            break
        if s2 < e2 and all(x.prose >= _PARAGRAPH_PROSE for x in lines[s2 : s2 + _RESUMING_PROSE_LINES]):
            e = e2
    if not any(s - _TITLE_ECHO_REACH <= i <= s + _TITLE_ECHO_INSIDE for i in echoes):
        for i in echoes:
            if s + _TITLE_ECHO_INSIDE < i <= e and sum(1 for x in lines[i + 1 : e + 1] if x.prose) >= _ECHO_BODY_PARAGRAPHS:
                return i, e
    return s, e


_HEADLINE_WORDS = (2, 25)  # fewest and most words of a headline
_HEADLINE_CHARS = 200  # most characters of a headline
_SIMILAR_SHARE = 0.8  # a line repeats another when this share of its words are in it


def _headline_like(line: _Line) -> bool:
    t = line.text
    return (
        line.reason is None
        and _HEADLINE_WORDS[0] <= line.words <= _HEADLINE_WORDS[1]
        and len(t) <= _HEADLINE_CHARS
        and not t.endswith((".", ",", ";", ":"))
        and (t[0].isupper() or t[0].isdigit() or t[0] in "\"'‘“")
        and not _is_date_only(t)
        and not _DATELINE.match(t)
        and not _BYLINE.match(t)
    )


def _similar(a: str, b: str, cover: float = 0.0) -> bool:
    """Whether line ``a`` repeats ``b``: most of a's words are in b, and at least ``cover`` of b's."""
    wa, wb = set(words(a.lower())), set(words(b.lower()))
    common = len(wa & wb)
    return len(wa) >= 2 and common >= _SIMILAR_SHARE * len(wa) and common >= cover * len(wb)


_VIDEO_TITLE_WORDS = 15  # the line above a video placeholder, this short, is the video's title
_MENU_ITEM_WORDS = 6  # a short numbered line ("1. Most read story") has at most this many words
_MENU_ITEMS = 2  # this many short numbered lines together are a menu
_LINK_RUN = 3  # this many link-like short lines in a row inside the body are a menu or teaser list


def _context_rules(lines: list[_Line]) -> None:
    """Rules that look at neighbours: captions, video titles, lists under headings, menus."""
    for i, line in enumerate(lines):
        if line.reason is DropReason.PHOTO_CREDIT and i and lines[i - 1].reason is None and lines[i - 1].block == line.block:
            lines[i - 1].reason = DropReason.CAPTION
        if line.reason is DropReason.VIDEO_PLACEHOLDER and i and lines[i - 1].reason is None and lines[i - 1].words <= _VIDEO_TITLE_WORDS:
            lines[i - 1].reason = DropReason.VIDEO_PLACEHOLDER
    # headings whose kind continues: the short lines under "Related stories" or "Leave a Reply"
    follow: DropReason | None = None
    for line in lines:
        if line.reason in _FOLLOWERS:
            follow = line.reason
        elif follow and line.reason is None and not line.prose:
            line.reason = follow
        elif line.prose:
            follow = None
    # numbered menus: two or more short numbered lines in a row
    for i, line in enumerate(lines):
        if line.reason is None and _NUMBERED.match(line.text) and line.words <= _MENU_ITEM_WORDS and not line.prose:
            near = lines[max(0, i - 1) : i + 2]
            if sum(1 for x in near if _NUMBERED.match(x.text) and x.words <= _MENU_ITEM_WORDS) >= _MENU_ITEMS:
                line.reason = DropReason.NAVIGATION


def _drop_link_runs(lines: list[_Line], start: int, end: int) -> None:
    """Inside the body, three or more link-like short lines in a row are a menu or a teaser list."""
    i = start
    while i <= end:
        j = i
        while j <= end and lines[j].reason is None and not lines[j].prose and not _content_like(lines[j]):
            j += 1
        if j - i >= _LINK_RUN:
            for line in lines[i:j]:
                line.reason = DropReason.NAVIGATION
        i = max(j, i + 1)


def _mark(lines: list[_Line]) -> str | None:
    """Decide keep/drop for every line; return the headline."""
    _context_rules(lines)
    _weigh(lines)
    span = _body_region(lines)
    if span is None:
        for line in lines:
            line.keep = line.reason is None
        return next((x.text for x in lines if x.keep and _headline_like(x)), None)
    start, end = span
    _drop_link_runs(lines, start, end)
    for line in lines[start : end + 1]:
        line.keep = line.reason is None
    # before the body: the headline, then standfirst, date lines, datelines and bylines
    head = _find_headline(lines, start)
    if head is not None:
        lines[head].keep = True
        for line in lines[head + 1 : start]:
            if line.reason is None and (line.prose or _is_date_only(line.text) or _DATELINE.match(line.text) or _BYLINE.match(line.text)):
                line.keep = True
    first = head if head is not None else start
    for line in lines[:first]:
        if line.reason is None:
            line.reason = DropReason.DATE_BANNER if _is_date_only(line.text) else DropReason.NAVIGATION
    for line in lines[first:start]:
        if not line.keep and line.reason is None:
            line.reason = DropReason.PAGE_CHROME
    # after the body: a source or agency credit may close it, the rest is page
    for k, line in enumerate(lines[end + 1 :]):
        if k < _SIGN_OFF_LINES and line.reason is None and _SIGN_OFF.match(line.text):
            line.keep = True
        elif line.reason is None:
            line.reason = DropReason.AFTER_ARTICLE
    if head is not None:
        return lines[head].text
    return next((x.text for x in lines[start : start + _HEADLINE_IN_BODY] if x.keep and _headline_like(x)), None)


_SIGN_OFF_LINES = 2  # a source or agency credit closes the body within this many lines after it
_HEADLINE_IN_BODY = 3  # without a headline above the body, it is one of the body's first lines
_HEADLINE_REACH = 15  # lines above the body searched for its headline
_HEADLINE_PROSE = 10  # a headline has less prose weight than this (a standfirst may have more)
_HEADLINE_MIN_WORDS = 3  # a headline that does not repeat the page title has at least this many words


def _find_headline(lines: list[_Line], start: int) -> int | None:
    """Index of the headline above the body, or None."""
    window = range(start - 1, max(-1, start - 1 - _HEADLINE_REACH), -1)
    candidates = [i for i in window if _headline_like(lines[i]) and lines[i].prose < _HEADLINE_PROSE]
    if not candidates:
        return None
    title = lines[0].text
    for i in candidates:
        if i and _similar(lines[i].text, title):
            return i
    for i in candidates:
        if lines[i].words >= _HEADLINE_MIN_WORDS:
            return i
    return None


# A masthead: a short name in title case ("Sorrel Valley Gazette", "Brightwater 24").
_NAME = re.compile(r"^(?:The\s+)?[A-Z0-9][\w&'’.-]*(?:\s+(?:of|the|and|&|[A-Z0-9][\w&'’.-]*)){1,4}$")
_MASTHEAD_LINES = 15
_NAME_CHARS = 40  # an outlet's name is at most this many characters
# Lines in which a site names itself (not "More in Opinion", where a section does).
_OWNER_LINE = _rx(r"©|\(c\)\s*\d{4}|\bcopyright\b|\ball rights reserved\b|^follow\b.{0,60}\bon\b|\bnewsletter\b")


def _masthead(page: str, dropped: list[DroppedLine]) -> str | None:
    """The outlet's name, when the page's masthead line is printed again further down.

    A site's name stands alone near the top of a copied page and comes back in
    its footer ("© 2023 Sorrel Valley Gazette", "Follow Brightwater 24 on ...").
    A menu entry or a section label repeats only in "More in ..." lines, so a
    short title-case line from the top that was dropped as page furniture and
    recurs in a copyright, follow-us or newsletter line names the outlet;
    otherwise there is no answer.
    """
    dropped_texts = {d.text.strip() for d in dropped}
    lines = [line.strip() for line in page.splitlines() if line.strip()]
    for i, line in enumerate(lines[:_MASTHEAD_LINES]):
        if line not in dropped_texts or len(line) > _NAME_CHARS or not _NAME.match(line) or _rule_reason(line):
            continue
        pattern = re.compile(rf"(?<![\w]){re.escape(line)}(?![\w])")
        if any(
            pattern.search(other) and _OWNER_LINE.search(other)
            for j, other in enumerate(lines)
            if j != i and other != line
        ):
            return line
    return None


def _unglue(lines: list[_Line]) -> list[DroppedLine]:
    """Cut image alt text glued onto the dateline opening a paragraph ("press meetLondon, Jan. 23: ...")."""
    cut = []
    for line in lines:
        m = _GLUED_DATELINE.match(line.text)
        if m:
            cut.append(DroppedLine(m.group(1), DropReason.CAPTION))
            line.text = line.text[m.end(1) :]
    return cut


def clean_text(text: str) -> CleanText:
    """Remove leftover page boilerplate from plain text copied out of a web page.

    Keeps the headline, standfirst, datelines, date lines and every paragraph
    of the article body (subheadings and quotes included); every line removed
    is listed in ``dropped`` with its reason. The text comes back with ``\\n``
    line ends, paragraphs separated by one blank line, lines within a
    paragraph kept as they were.

    Cleaning clean text changes nothing: removing boilerplate can change the
    context of the lines left (a new first line, a shorter gap), so the pass
    is repeated until it removes nothing more; that is rarely more than two.
    """
    dropped: list[DroppedLine] = []
    page = text
    while True:
        cleaned, removed, title = _clean_once(text)
        dropped += removed
        if cleaned == text:
            outlet = _masthead(page, dropped)
            return CleanText(text=cleaned, dropped=tuple(dropped), title=title,
                             meta={"outlet": outlet} if outlet else {})
        text = cleaned


def _clean_once(text: str) -> tuple[str, list[DroppedLine], str | None]:
    lines = _to_lines(text)
    dropped = _unglue(lines)
    for line in lines:
        line.reason = _rule_reason(line.text)
        line.comments = line.reason is DropReason.COMMENT_FORM and bool(_COMMENTS_START.search(line.text))
    title = _mark(lines) if lines else None
    out: list[str] = []
    prev_block = None
    for line in lines:
        if not line.keep:
            dropped.append(DroppedLine(line.text, line.reason or DropReason.BOILERPLATE))
            continue
        if prev_block is not None and line.block != prev_block:
            out.append("")
        out.append(line.text)
        prev_block = line.block
    return "\n".join(out), dropped, title


# --- the HTML path -------------------------------------------------------------------

# htmldate's options: original (not last-modified) date, no opportunistic search of the text
_EXTENSIVE_DATE_SEARCH = False
_ORIGINAL_DATE = True
_DATE_PARAMS: dict[str, Any] = {"extensive_search": _EXTENSIVE_DATE_SEARCH, "original_date": _ORIGINAL_DATE}


def _metadata_date(tree: Any) -> str | None:
    """The publication date stated in the page's metadata: meta tags, JSON-LD, ``<time>``.

    htmldate reads these well, but even with ``extensive_search=False`` it
    also takes dates from visible text (any element whose class says "date",
    the ``<title>``, loose patterns), which is how a crawl-date banner becomes
    a publication date. So it is given a copy of the page that holds nothing
    but the metadata elements.
    """
    from htmldate import find_date
    from lxml import html as lxml_html  # type: ignore[import-untyped]  # lxml ships no types; lxml-stubs is not a dependency

    mini = lxml_html.fromstring("<html><head></head><body></body></html>")
    head, body = mini[0], mini[1]
    for element in tree.iter("meta", "script", "time"):
        if element.tag == "script" and element.get("type", "").lower() != "application/ld+json":
            continue
        copy = deepcopy(element)
        copy.tail = None
        (body if element.tag == "time" else head).append(copy)
    if len(head) + len(body) == 0:
        return None
    return find_date(mini, url=None, extensive_search=_EXTENSIVE_DATE_SEARCH, original_date=_ORIGINAL_DATE)


# trafilatura's fallback site name: the page's host ("www.example.com").
_HOST_NAME = re.compile(r"[\w.-]+\.[a-z]{2,}")


def clean_html(html: str, url: str | None = None) -> CleanText:
    """Extract the article text and metadata from an HTML page.

    trafilatura finds the body (``favor_precision``, no comments: best on the
    extraction benchmark, see docs/benchmarks.md); our line rules then drop
    the captions, credits and prompts it leaves. Paragraphs come back
    separated by one blank line. ``meta`` holds what the page states:
    ``title``, ``outlet``, ``url``, ``author`` and ``published`` (ISO date,
    from the page's metadata only).
    """
    # imported here: the text path and its users need neither lxml nor trafilatura loaded
    import trafilatura
    from trafilatura.settings import Document

    tree = trafilatura.load_html(html) if html and html.strip() else None
    if tree is None:
        return CleanText(text="", meta={"url": url} if url else {})
    published = _metadata_date(tree)
    doc = trafilatura.bare_extraction(
        html,  # not the parsed tree: htmldate would deep-copy it, which costs more than parsing again
        url=url,
        with_metadata=True,
        include_comments=False,
        favor_precision=True,
        date_extraction_params=_DATE_PARAMS,  # its date is replaced by _metadata_date's
    )
    meta = {"url": url} if url else {}
    if not isinstance(doc, Document):  # None: nothing found (a dict comes only with as_dict=True)
        return CleanText(text="", meta={**meta, **({"published": published} if published else {})})
    sitename = doc.sitename
    if not sitename or _HOST_NAME.fullmatch(sitename):
        # trafilatura falls back on the host name; a name the <title> gives is better.
        sitename = _title_suffix(tree, doc.title) or sitename
    found = {"title": doc.title, "outlet": sitename, "url": doc.url or url, "author": doc.author, "published": published}
    meta = {key: value.strip() for key, value in found.items() if value and value.strip()}
    lines = _to_lines((doc.text or "").replace("\n", "\n\n"))
    for line in lines:
        line.reason = _rule_reason(line.text)
    _context_rules(lines)
    kept = [line.text for line in lines if line.reason is None]
    dropped = tuple(DroppedLine(line.text, line.reason) for line in lines if line.reason)
    return CleanText(text="\n\n".join(kept), dropped=dropped, title=meta.get("title"), meta=meta,
                     head_lines=_head_lines(tree))


_TITLE_SEPARATOR = re.compile(r"\s+[-|–—·:»]\s+")
_HEAD_LINES = 8
_HEAD_LINE_CHARS = 150  # a text this long after the <h1> is the article's first paragraph


def _title_suffix(tree: Any, title: str | None) -> str | None:
    """The site name a ``<title>`` ends with ("Headline - Sorrel Valley Gazette"), if the rest is the headline."""
    element = tree.find(".//title")
    if element is None or not title:
        return None
    parts = _TITLE_SEPARATOR.split(" ".join(element.text_content().split()))
    if len(parts) < 2:
        return None
    name, rest = parts[-1], " ".join(parts[:-1])
    if len(name) > _NAME_CHARS or not _NAME.match(name) or not _similar(rest, title):
        return None
    return name


def _head_lines(tree: Any) -> tuple[str, ...]:
    """The first ``<h1>`` and the short text lines after it, up to the first long paragraph."""
    h1 = tree.find(".//h1")
    if h1 is None:
        return ()
    lines = [" ".join(h1.text_content().split())]
    seen = 0
    for element in h1.itersiblings():
        for text in element.itertext():
            text = " ".join(text.split())
            if not text:
                continue
            if len(text) > _HEAD_LINE_CHARS:
                return tuple(lines)
            lines.append(text)
            seen += 1
            if seen >= _HEAD_LINES:
                return tuple(lines)
    return tuple(lines)
