"""timeline.json: the versioned, documented machine-readable output.

The JSON Schema shipped in ``dateline/schema/timeline.schema.json`` describes
it; later stages extend it by filling ``quotes``, ``figures`` and
``disagreements`` and bumping the schema version when a field changes meaning.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from ..model import (
    Article,
    Copy,
    Disagreement,
    Entity,
    Figure,
    Quote,
    Repeat,
    Sentence,
    SourceRef,
    Timeline,
    TimelineEntry,
)
from ._files import write_atomic


def timeline_to_dict(timeline: Timeline) -> dict[str, Any]:
    """The timeline as plain JSON-ready data, following the shipped schema."""
    span = timeline.span()
    return {
        "schema": timeline.schema,
        "generated": timeline.generated.isoformat() if timeline.generated else None,
        "span": {"first": span[0].isoformat(), "last": span[1].isoformat()} if span else None,
        "articles": [_article(a) for a in timeline.articles],
        "entries": [_entry(e) for e in timeline.entries],
        "sentences": [_sentence(s) for s in timeline.sentences],
        "quotes": [quote_dict(q) for q in timeline.quotes],
        "figures": [figure_dict(f) for f in timeline.figures],
        "disagreements": [disagreement_dict(d) for d in timeline.disagreements],
        "copies": [copy_dict(c) for c in timeline.copies],
        "repeats": [repeat_dict(r) for r in timeline.repeats],
        "entities": [entity_dict(e) for e in timeline.entities],
        "duplicates": [{"origin": d.origin, "article": d.article} for d in timeline.duplicates],
        "skipped": [{"origin": s.origin, "reason": s.reason} for s in timeline.skipped],
    }


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
        "title": a.title,
        "url": a.url,
        "published": a.published.to_dict(),
        "text": a.text,
        "dropped": [{"text": d.text, "reason": d.reason} for d in a.dropped],
    }


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
    return {"measure": f.measure, "value": f.value, "unit": f.unit, "qualifier": f.qualifier, "date": f.date,
            "sources": [_ref(r) for r in f.sources], "origins": f.origins}


def disagreement_dict(d: Disagreement) -> dict[str, Any]:
    """A disagreement between sources as timeline.json holds it."""
    return {"kind": d.kind, "measure": d.subject, "date": d.date,
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
        "mentions": [m.to_dict() for m in s.mentions],
    }


def _entry(e: TimelineEntry) -> dict[str, Any]:
    return {
        "date": e.date.isoformat(),
        "granularity": e.granularity.value,
        "summary": list(e.summary),
        "sources": [{"article": s.article, "start": s.start, "end": s.end} for s in e.sources],
    }


def write_json(timeline: Timeline, path: Path) -> None:
    """Write ``timeline.json`` atomically (a crash never leaves half a file)."""
    write_atomic(path, json.dumps(timeline_to_dict(timeline), ensure_ascii=False, indent=1) + "\n")


def load_schema() -> dict[str, Any]:
    """The JSON Schema of timeline.json."""
    text = resources.files("dateline").joinpath("schema/timeline.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def read_json(path: Path) -> dict[str, Any]:
    """Read a timeline.json written by dateline."""
    return json.loads(Path(path).read_text(encoding="utf-8"))
