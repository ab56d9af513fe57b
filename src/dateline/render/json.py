"""timeline.json: the versioned, documented machine-readable output.

The JSON Schema shipped in ``dateline/schema/timeline.schema.json`` describes
it; later stages extend it by filling ``quotes``, ``figures`` and
``disagreements`` and bumping the schema version when a field changes meaning.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import (
    SCHEMA_VERSION,
    Article,
    Copy,
    DateHow,
    DateSpan,
    Disagreement,
    DisagreementValue,
    DroppedLine,
    DropReason,
    Duplicate,
    Entity,
    Event,
    EventDateHow,
    EventSentence,
    Figure,
    Granularity,
    MentionHow,
    OffTopic,
    Origin,
    Outlet,
    PassedOver,
    Period,
    PublishedDate,
    Quote,
    Repeat,
    Sentence,
    Skipped,
    SourceRef,
    Timeline,
    TimelineEntry,
    TimeMention,
    TimexType,
    UndatedItem,
    UndatedReason,
    read_timex,
)
from ._files import write_atomic


def timeline_to_dict(timeline: Timeline) -> dict[str, Any]:
    """The timeline as plain JSON-ready data, following the shipped schema."""
    return {key: value if isinstance(value, (str, dict)) or value is None else list(value)
            for key, value in _sections(timeline)}


def _sections(timeline: Timeline) -> Iterator[tuple[str, Any]]:
    """The top-level keys of timeline.json in order, each list as an iterator of its items' dicts."""
    span = timeline.span()
    yield "schema", timeline.schema
    yield "generated", timeline.generated.isoformat() if timeline.generated else None
    yield "built_from", timeline.built_from
    yield "span", {"first": span[0].isoformat(), "last": span[1].isoformat()} if span else None
    yield "date_span", date_span_dict(timeline.date_span) if timeline.date_span else None
    yield "articles", (_article(a) for a in timeline.articles)
    yield "entries", (_entry(e) for e in timeline.entries)
    yield "events", (event_dict(e) for e in timeline.events)
    yield "undated", (undated_dict(u) for u in timeline.undated)
    yield "sentences", (_sentence(s) for s in timeline.sentences)
    yield "quotes", (quote_dict(q) for q in timeline.quotes)
    yield "figures", (figure_dict(f) for f in timeline.figures)
    yield "disagreements", (disagreement_dict(d) for d in timeline.disagreements)
    yield "copies", (copy_dict(c) for c in timeline.copies)
    yield "repeats", (repeat_dict(r) for r in timeline.repeats)
    yield "entities", (entity_dict(e) for e in timeline.entities)
    yield "duplicates", ({"origin": d.origin, "article": d.article} for d in timeline.duplicates)
    yield "skipped", ({"origin": s.origin, "reason": s.reason} for s in timeline.skipped)
    yield "off_topic", (off_topic_dict(o) for o in timeline.off_topic)


def json_chunks(timeline: Timeline) -> Iterator[str]:
    """timeline.json as pieces of text, one item of each list per line.

    Written piece by piece: the whole timeline is never one dict or one string
    in memory, and each item goes through the json module's C encoder (an
    indented dump of everything falls back on its pure-Python one, 4.4 times
    slower).
    """
    encode = json.JSONEncoder(ensure_ascii=False).encode
    yield "{"
    for n, (key, value) in enumerate(_sections(timeline)):
        yield ("," if n else "") + "\n " + encode(key) + ": "
        if value is None or isinstance(value, (str, dict)):
            yield encode(value)
            continue
        empty = True
        for item in value:
            yield ("[" if empty else ",") + "\n  " + encode(item)
            empty = False
        yield "[]" if empty else "\n ]"
    yield "\n}\n"


def _article(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "origin": {
            "label": a.origin.label(),
            "path": a.origin.path,
            "line": a.origin.line,
            "record": a.origin.record,
            "url": a.origin.url,
        },
        "outlet": a.outlet.name,
        "outlet_how": a.outlet.how,
        "outlet_evidence": {"text": a.outlet.evidence, "span": list(a.outlet.span) if a.outlet.span else None,
                            "confidence": a.outlet.confidence, "reason": a.outlet.reason},
        "title": a.title,
        "url": a.url,
        "published": published_dict(a.published),
        "text": a.text,
        "dropped": [{"text": d.text, "reason": d.reason} for d in a.dropped],
    }


def published_dict(p: PublishedDate) -> dict[str, Any]:
    """A publication date, how it was found and from what, as timeline.json holds it."""
    return {
        "date": p.date.isoformat() if p.date else None,
        "how": p.how.value,
        "confidence": round(p.confidence, 3),
        "evidence": p.evidence,
        "span": list(p.span) if p.span else None,
        "reason": p.reason,
        "inferred": p.inferred,
        "earliest": p.earliest.isoformat() if p.earliest else None,
        "latest": p.latest.isoformat() if p.latest else None,
    }


def mention_dict(m: TimeMention) -> dict[str, Any]:
    """A date mention and what it resolved to, as timeline.json holds it."""
    return {
        "start": m.start,
        "end": m.end,
        "text": m.text,
        "type": m.kind.value,
        "value": m.value,
        "granularity": m.granularity.value if m.granularity else None,
        "anchor": m.anchor.isoformat() if m.anchor else None,
        "how": m.detail,
        "reason": m.reason,
    }


def passed_over_dict(p: PassedOver) -> dict[str, Any]:
    """A date a sentence names that did not place it (it only qualifies), as timeline.json holds it."""
    return {"mention": mention_dict(p.mention), "rule": p.rule, "detail": p.detail}


def _ref(r: SourceRef) -> dict[str, Any]:
    return {"article": r.article, "start": r.start, "end": r.end}


def copy_dict(c: Copy) -> dict[str, Any]:
    """A copy (reprint) as timeline.json holds it."""
    return {"article": c.article, "original": c.original, "similarity": round(c.similarity, 3)}


def repeat_dict(r: Repeat) -> dict[str, Any]:
    """A repeated passage as timeline.json holds it."""
    return {"passage": _ref(r.passage), "original": _ref(r.original)}


def quote_dict(q: Quote) -> dict[str, Any]:
    """A quote as timeline.json holds it."""
    return {"speaker": q.speaker, "role": q.role, "text": q.text, "sources": [_ref(r) for r in q.sources],
            "variants": list(q.variants), "origins": q.origins}


def figure_dict(f: Figure) -> dict[str, Any]:
    """A figure (one value of a measure at one date) as timeline.json holds it."""
    return {"measure": f.measure, "value": f.value, "unit": f.unit, "qualifier": f.qualifier, "date": _timex(f.date),
            "sources": [_ref(r) for r in f.sources], "origins": f.origins}


def disagreement_dict(d: Disagreement) -> dict[str, Any]:
    """A disagreement between sources as timeline.json holds it."""
    return {"kind": d.kind, "measure": d.subject, "date": _timex(d.date),
            "values": [{"value": v.value, "qualifier": v.qualifier, "sources": [_ref(r) for r in v.sources]}
                       for v in d.values]}


def entity_dict(e: Entity) -> dict[str, Any]:
    """An entity as timeline.json holds it."""
    return {"name": e.name, "label": e.label, "role": e.role, "aliases": list(e.aliases),
            "mentions": [_ref(r) for r in e.mentions]}


def _sentence(s: Sentence) -> dict[str, Any]:
    return {
        "article": s.article,
        "start": s.start,
        "end": s.end,
        "published": s.published.isoformat() if s.published else None,
        "mentions": [mention_dict(m) for m in s.mentions],
    }


def _entry(e: TimelineEntry) -> dict[str, Any]:
    return {
        "date": e.date.isoformat(),
        "granularity": e.granularity.value,
        "value": e.value,
        "summary": list(e.summary),
        "sources": [{"article": s.article, "start": s.start, "end": s.end} for s in e.sources],
        "dated": [how.value for how in e.dated],
        "events": list(e.events),
        "reports": e.reports,
        "score": e.score,
        "new": e.new,
    }


def undated_dict(u: UndatedItem) -> dict[str, Any]:
    """A sentence of an undated report that no date places, with why, as timeline.json holds it."""
    return {
        **_ref(u.ref),
        "text": u.text,
        "reason": u.reason.value,
        "detail": u.detail,
        "mentions": [mention_dict(m) for m in u.mentions],
        "earliest": u.earliest.isoformat() if u.earliest else None,
        "latest": u.latest.isoformat() if u.latest else None,
        "bound": u.bound,
        "bound_evidence": _ref(u.bound_evidence) if u.bound_evidence else None,
        "score": u.score,
    }


def event_dict(e: Event) -> dict[str, Any]:
    """An event (sentences about one happening on one date) as timeline.json holds it."""
    return {
        "id": e.id,
        "date": e.date.isoformat(),
        "granularity": e.granularity.value,
        "value": e.value,
        "sentences": [
            {**_ref(s.ref), "text": s.text, "how": s.how.value, "mention": mention_dict(s.mention) if s.mention else None,
             "outlet": s.outlet, "background": s.background,
             **({"passed_over": [passed_over_dict(p) for p in s.passed_over]} if s.passed_over else {})}
            for s in e.sentences
        ],
        "sources": e.sources,
        "outlets": list(e.outlets),
        "entities": list(e.entities),
        "quotes": list(e.quotes),
        "figures": list(e.figures),
        "background": e.background,
        "score": e.score,
    }


def off_topic_dict(o: OffTopic) -> dict[str, Any]:
    return {"article": o.article, "reason": o.reason, "similarity": o.similarity,
            "pile_similarity": o.pile_similarity, "story_mentions": o.story_mentions, "characters": o.characters,
            "story_words": o.story_words}


def date_span_dict(d: DateSpan) -> dict[str, Any]:
    return {"from": _iso(d.first), "to": _iso(d.last), "outside": d.outside, "partly": d.partly,
            "figures": d.figures}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def write_json(timeline: Timeline, path: Path) -> None:
    """Write ``timeline.json`` atomically (a crash never leaves half a file)."""
    write_atomic(path, json_chunks(timeline))


def load_schema() -> dict[str, Any]:
    """The JSON Schema of timeline.json."""
    text = resources.files("dateline").joinpath("schema/timeline.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


# -- reading timeline.json back into the model -------------------------------------


def load_timeline(path: str | Path) -> Timeline:
    """Read a ``timeline.json`` written by dateline back into a :class:`Timeline`.

    Raises :class:`InputError` naming the file when it is missing, is not
    JSON, or is not a dateline timeline of this schema version.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"{path} does not exist; run `dateline build ... --out {path.parent}` first") from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{path} could not be read as JSON ({exc}); rebuild it with `dateline build`") from None
    try:
        return timeline_from_dict(data)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None


def timeline_from_dict(data: Any) -> Timeline:
    """Rebuild the Timeline dataclasses from :func:`timeline_to_dict` output (the inverse of it)."""
    if not isinstance(data, dict):
        raise InputError("not a dateline timeline (expected a JSON object)")
    if data.get("schema") != SCHEMA_VERSION:
        raise InputError(
            f"schema {data.get('schema')!r} is not {SCHEMA_VERSION!r}; rebuild it with this version of `dateline build`"
        )
    try:
        return Timeline(
            articles=tuple(_load_article(a) for a in data["articles"]),
            entries=tuple(_load_entry(e) for e in data["entries"]),
            skipped=tuple(Skipped(s["origin"], s["reason"]) for s in data.get("skipped", ())),
            duplicates=tuple(Duplicate(d["origin"], d["article"]) for d in data.get("duplicates", ())),
            sentences=tuple(_load_sentence(s) for s in data.get("sentences", ())),
            quotes=tuple(
                Quote(q["speaker"], q["role"], q["text"], _refs(q["sources"]), tuple(q.get("variants", ())),
                      q.get("origins", 1))
                for q in data.get("quotes", ())
            ),
            figures=tuple(
                Figure(f["measure"], float(f["value"]), f["unit"], f["qualifier"], _period(f["date"]), _refs(f["sources"]),
                       f.get("origins", 1))
                for f in data.get("figures", ())
            ),
            disagreements=tuple(
                Disagreement(d["kind"], d["measure"], _period(d.get("date")), tuple(
                    DisagreementValue(float(v["value"]), v.get("qualifier"), _refs(v["sources"])) for v in d["values"]))
                for d in data.get("disagreements", ())
            ),
            copies=tuple(Copy(c["article"], c["original"], float(c["similarity"])) for c in data.get("copies", ())),
            repeats=tuple(Repeat(_load_ref(r["passage"]), _load_ref(r["original"])) for r in data.get("repeats", ())),
            entities=tuple(
                Entity(e["name"], e["label"], tuple(e.get("aliases", ())), _refs(e.get("mentions", ())), e.get("role"))
                for e in data.get("entities", ())
            ),
            events=tuple(_load_event(e) for e in data.get("events", ())),
            undated=tuple(_load_undated(u) for u in data.get("undated", ())),
            generated=dt.datetime.fromisoformat(data["generated"]) if data.get("generated") else None,
            schema=data["schema"],
            built_from=data.get("built_from") if isinstance(data.get("built_from"), str) else None,
            date_span=_load_date_span(data.get("date_span")),
            off_topic=tuple(OffTopic(o["article"], o["reason"], float(o["similarity"]), float(o["pile_similarity"]),
                                     int(o["story_mentions"]), int(o["characters"]), float(o["story_words"]))
                            for o in data.get("off_topic", ())),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        what = f"missing field {exc}" if isinstance(exc, KeyError) else str(exc)
        raise InputError(f"not a complete dateline timeline ({what}); rebuild it with `dateline build`") from None


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _load_date_span(d: dict[str, Any] | None) -> DateSpan | None:
    """The span a timeline was built for (absent from a timeline.json written before spans: None)."""
    if d is None:
        return None
    return DateSpan(_day(d.get("from")), _day(d.get("to")), int(d.get("outside", 0)), int(d.get("partly", 0)),
                    int(d.get("figures", 0)))


def _period(value: str | None) -> Period | None:
    return Period.parse(value) if value else None


def _timex(period: Period | None) -> str | None:
    return period.timex if period else None


def _load_ref(r: dict[str, Any]) -> SourceRef:
    return SourceRef(r["article"], int(r["start"]), int(r["end"]))


def _refs(items: Any) -> tuple[SourceRef, ...]:
    return tuple(_load_ref(r) for r in items)


def _load_published(p: dict[str, Any]) -> PublishedDate:
    span = p.get("span")
    return PublishedDate(
        date=_day(p.get("date")),
        how=DateHow(p["how"]),
        confidence=float(p["confidence"]),
        evidence=p.get("evidence"),
        span=(int(span[0]), int(span[1])) if span else None,
        reason=p.get("reason"),
        inferred=p.get("inferred"),
        earliest=_day(p.get("earliest")),
        latest=_day(p.get("latest")),
    )


def _load_outlet(a: dict[str, Any]) -> Outlet:
    ev = a.get("outlet_evidence") or {}
    span = ev.get("span")
    return Outlet(a["outlet"], a.get("outlet_how", "none"), ev.get("text"), (span[0], span[1]) if span else None,
                  ev.get("confidence", 0.0), ev.get("reason"))


def _load_article(a: dict[str, Any]) -> Article:
    o = a["origin"]
    return Article(
        id=a["id"],
        origin=Origin(o["path"], o.get("line"), o.get("record"), o.get("url")),
        outlet=_load_outlet(a),
        title=a["title"],
        text=a["text"],
        published=_load_published(a["published"]),
        url=a.get("url"),
        # an unknown reason from another version loads as its text
        dropped=tuple(DroppedLine(d["text"], DropReason.read(d["reason"])) for d in a.get("dropped", ())),
    )


def _load_mention(m: dict[str, Any]) -> TimeMention:
    value = m.get("value") or None
    period, kind, timex = _mention_period(value, m.get("granularity"))
    if m.get("type"):  # files from before types were kept hold dates and times, told apart by their values
        kind = TimexType(m["type"])
    if kind not in (TimexType.DATE, TimexType.TIME):  # a duration or a set places nothing
        period, timex = None, value
    return TimeMention(
        start=int(m["start"]),
        end=int(m["end"]),
        text=m["text"],
        period=period,
        anchor=_day(m.get("anchor")),
        how=MentionHow.UNRECORDED,  # timeline.json keeps only the rule's detail
        detail=m.get("how", ""),
        reason=m.get("reason"),
        kind=kind,
        timex=timex,
    )


def _mention_period(value: str | None, granularity: str | None) -> tuple[Period | None, TimexType, str | None]:
    period, kind, timex = read_timex(value or None)
    if period and granularity and Granularity(granularity) is not period.granularity:
        raise ValueError(f"the mention value {value} is a {period.granularity.value}, not a {granularity}")
    return period, kind, timex


def _load_sentence(s: dict[str, Any]) -> Sentence:
    return Sentence(s["article"], int(s["start"]), int(s["end"]), tuple(_load_mention(m) for m in s["mentions"]),
                    _day(s.get("published")))


def _load_entry(e: dict[str, Any]) -> TimelineEntry:
    return TimelineEntry(
        period=_dated_period(e),
        summary=tuple(e["summary"]),
        sources=_refs(e["sources"]),
        dated=tuple(EventDateHow(how) for how in e.get("dated", ())),
        events=tuple(e.get("events", ())),
        reports=int(e.get("reports", 0)),
        score=float(e.get("score", 0.0)),
        new=bool(e.get("new", False)),
    )


def _dated_period(e: dict[str, Any]) -> Period:
    """An entry's or event's period: its TIMEX value, else (older files) its date at its granularity."""
    granularity = Granularity(e["granularity"])
    period = Period.parse(e["value"]) if e.get("value") else Period.of(dt.date.fromisoformat(e["date"]), granularity)
    if period.granularity is not granularity or period.first.isoformat() != e["date"]:
        raise ValueError(f"date {e['date']} ({granularity.value}) does not match value {e.get('value')}")
    return period


def _load_undated(u: dict[str, Any]) -> UndatedItem:
    evidence = u.get("bound_evidence")
    return UndatedItem(
        ref=_load_ref(u),
        text=u["text"],
        reason=UndatedReason(u["reason"]),
        detail=u.get("detail", ""),
        mentions=tuple(_load_mention(m) for m in u.get("mentions", ())),
        earliest=_day(u.get("earliest")),
        latest=_day(u.get("latest")),
        bound=u.get("bound"),
        bound_evidence=_load_ref(evidence) if evidence else None,
        score=float(u.get("score", 0.0)),
    )


def _load_event(e: dict[str, Any]) -> Event:
    return Event(
        id=e["id"],
        period=_dated_period(e),
        sentences=tuple(
            EventSentence(_load_ref(s), s["text"], EventDateHow(s["how"]),
                          _load_mention(s["mention"]) if s.get("mention") else None, s.get("outlet"),
                          bool(s.get("background", False)),
                          tuple(PassedOver(_load_mention(p["mention"]), p["rule"], p["detail"])
                                for p in s.get("passed_over", ())))
            for s in e["sentences"]
        ),
        sources=int(e["sources"]),
        outlets=tuple(e.get("outlets", ())),
        entities=tuple(e.get("entities", ())),
        quotes=tuple(int(i) for i in e.get("quotes", ())),
        figures=tuple(int(i) for i in e.get("figures", ())),
        background=bool(e.get("background", False)),
        score=float(e.get("score", 0.0)),
    )
