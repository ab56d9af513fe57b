"""Timelines built by hand for the renderer tests (independent of what the pipeline makes).

``hostile_timeline()`` puts markup, script, quotes, ``</script>``, a line
separator (U+2028) and ``javascript:`` addresses into every piece of article
content a renderer shows: titles, outlets, sentences, quotes, speakers,
entity names, figure measures, the undated section and the articles' text.
"""

from __future__ import annotations

import datetime as dt

from dateline.model import (
    Article,
    DateHow,
    Disagreement,
    DisagreementValue,
    Entity,
    Event,
    EventDateHow,
    EventSentence,
    Figure,
    MentionHow,
    Origin,
    Outlet,
    Period,
    PublishedDate,
    Quote,
    Sentence,
    Skipped,
    SourceRef,
    Timeline,
    TimelineEntry,
    TimeMention,
    UndatedItem,
    UndatedReason,
)

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
JS_URL = "javascript:alert(1)"
EVIL = f'{SCRIPT} {IMG} "double" \'single\' </script> line\u2028sep'
#: Article ids as dateline makes them (16 hex digits).
A1, A2, A3 = "a1" * 8, "a2" * 8, "a3" * 8
#: A paragraph no entry cites: the page must not embed it.
UNCITED = "UNCITED PARAGRAPH about something else entirely, which no sentence of the timeline cites."


def _article(aid: str, text: str, *, title: str, outlet: str | None, url: str | None,
             published: dt.date | None) -> Article:
    pub = (PublishedDate(published, DateHow.METADATA, 0.95) if published
           else PublishedDate.unknown("no date in the metadata, the text or the address"))
    return Article(id=aid, origin=Origin(f"reports/{aid}<x>.txt", url=url), outlet=Outlet(outlet, "metadata"),
                   title=title, text=text, published=pub, url=url)


def _ref(article: Article, sentence: str) -> SourceRef:
    start = article.text.index(sentence)
    return SourceRef(article.id, start, start + len(sentence))


def hostile_timeline() -> Timeline:
    """Three reports whose every shown field is hostile; entries at day, month, year and week precision."""
    s1 = f"On March 3 the council voted {EVIL} to close the bridge."
    s2 = f"Engineers said the {SCRIPT} cracks were deep."
    s3 = "The bridge was built in 1987 = a long time ago."
    quote_text = f"We will not </script> reopen it{EVIL}"
    text1 = f"{s1} {s2}\n\n{UNCITED}\n\n\"{quote_text},\" said Mayor Ada Quill.\n\n{s3}"
    a1 = _article(A1, text1, title=f"Bridge {EVIL}", outlet=f"=HYPERLINK(\"{JS_URL}\") {IMG}",
                  url=JS_URL, published=dt.date(2023, 3, 4))
    s4 = "In March the repairs were priced at 40 million dollars; 12 people were hurt."
    s5 = "+1 more closure came that week, officials said."
    text2 = f"{s4}\n\n{s5}"
    a2 = _article(A2, text2, title="@Repairs | priced", outlet="Safe Outlet",
                  url='https://news.example/a?b=1&c="q"<x>', published=dt.date(2023, 3, 20))
    s6 = "-5 degrees froze the river; 15 people were hurt."
    s7 = f"=Divers searched {EVIL} the river on Tuesday."
    a3 = _article(A3, f"{s6} {s7}", title=None, outlet=None, url="  JaVaScRiPt:alert(2)", published=None)
    articles = (a1, a2, a3)
    r1, r2, r3, r4, r5, r6 = (_ref(a1, s1), _ref(a1, s2), _ref(a1, s3), _ref(a2, s4), _ref(a2, s5), _ref(a3, s6))
    r7 = _ref(a3, s7)
    tuesday = s7.index("Tuesday")
    undated = UndatedItem(
        ref=r7, text=s7, reason=UndatedReason.RELATIVE_TO_UNKNOWN,
        detail=f"'Tuesday' counts from the report's publication date, which is unknown {IMG}",
        mentions=(TimeMention(r7.start + tuesday, r7.start + tuesday + 7, "Tuesday", None, None, MentionHow.UNRESOLVED,
                              "weekday", "no anchor: the report's publication date is unknown"),),
        earliest=dt.date(2019, 1, 1), bound=f"a sentence tells of '2019' {SCRIPT} in the past tense",
        bound_evidence=r6, score=0.25,
    )
    mention = TimeMention(r1.start + 3, r1.start + 10, "March 3", Period.parse("2023-03-03"),
                          dt.date(2023, 3, 4), MentionHow.NEAREST_YEAR, "month-day")
    q_start = text1.index(quote_text)
    quote_ref = SourceRef(A1, q_start, q_start + len(quote_text))
    entity_start = text1.index("Ada Quill")
    entity = Entity(f"Ada Quill {EVIL}", "PERSON", ("Quill",), (SourceRef(A1, entity_start, entity_start + 9),
                                                                  SourceRef(A1, r1.start + 3, r1.start + 10)))
    measure = f"people hurt | {EVIL}"
    h1, h2 = text2.index("12 people"), text1.index("1987")
    figures = (
        Figure(measure, 12.0, "people", None, Period.parse("2023-03"), (SourceRef(A2, h1, h1 + 9),)),
        Figure(measure, 12.0, "people", "at least", Period.parse("2023-03-10"), (SourceRef(A2, h1, h1 + 9),)),
        Figure(measure, 15.0, "people", None, Period.parse("2023-03-10"), (SourceRef(A3, s6.index("15"), s6.index("15") + 9),)),
        Figure(f"={EVIL}", 1987.0, None, None, None, (SourceRef(A1, h2, h2 + 4),)),
    )
    disagreement = Disagreement("figure", measure, Period.parse("2023-03-10"), (
        DisagreementValue(12.0, "at least", figures[1].sources),
        DisagreementValue(15.0, None, figures[2].sources),
    ))
    event = Event(
        id="e1", period=Period.parse("2023-03-03"),
        sentences=(EventSentence(r1, s1, EventDateHow.MENTIONED, mention, f"=HYPERLINK(\"{JS_URL}\") {IMG}"),
                   EventSentence(r2, s2, EventDateHow.PUBLISHED, None, "x", background=True)),
        sources=1, outlets=("x",), entities=(entity.name,), quotes=(0,), figures=(0,), score=2.5,
    )
    entries = (
        TimelineEntry(Period.parse("1987"), (s3,), (r3,), dated=(EventDateHow.MENTIONED,), reports=1, score=1.0),
        TimelineEntry(Period.parse("2023-03"), (s4,), (r4,), dated=(EventDateHow.MENTIONED,), reports=1, score=1.5),
        TimelineEntry(Period.parse("2023-03-03"), (s1, s2), (r1, r2),
                      dated=(EventDateHow.MENTIONED, EventDateHow.PUBLISHED), events=("e1",), reports=1, score=2.5),
        TimelineEntry(Period.parse("2023-W11"), (s5,), (r5,), dated=(EventDateHow.REPORT_FOCUS,), reports=1,
                      score=0.5),
        TimelineEntry(Period.parse("2023-03-20"), (s6,), (r6,), dated=(EventDateHow.PUBLISHED,), reports=1,
                      score=0.5),
    )
    return Timeline(
        articles=articles,
        entries=entries,
        skipped=(Skipped(f"bad{SCRIPT}.bin", f"binary {IMG}"),),
        sentences=(Sentence(A1, r1.start, r1.end, (mention,), dt.date(2023, 3, 4)),),
        quotes=(
            Quote(f"Ada Quill {EVIL}", f"mayor {IMG}", quote_text, (quote_ref,), variants=(f"variant {SCRIPT}",)),
            Quote(None, f"official {SCRIPT}", f"unattributed {EVIL}", (SourceRef(A2, 0, 8),)),
        ),
        figures=figures,
        disagreements=(disagreement,),
        entities=(entity,),
        events=(event,),
        generated=dt.datetime(2023, 4, 1, 12, 0, tzinfo=dt.UTC),
        undated=(undated,),
    )


def empty_timeline() -> Timeline:
    """No reports at all."""
    return Timeline(articles=(), entries=())
