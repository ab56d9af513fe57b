"""Build records in the store: what each build produced, one row a build (table ``builds``, migration 11).

A record is one JSON object (ids, dates, values and spans, never texts: a few hundred bytes per event), read
back whole: nothing queries inside it, and a build compares itself with the whole previous record.
A span is ``[article id, start, end]``; a date is its TIMEX3 value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sqlite3
from typing import Any

from ..errors import StoreError
from ..model import (
    BuildRecord,
    Copy,
    Disagreement,
    DisagreementValue,
    Figure,
    Period,
    RecordedEvent,
    RecordedQuote,
    SourceRef,
)

#: The version of the record's JSON layout, kept in it: a record of another layout is not compared with.
RECORD_LAYOUT = 1


def save(db: sqlite3.Connection, record: BuildRecord) -> BuildRecord:
    """Keep ``record`` as the store's next build; returns it with its number."""
    cursor = db.execute("INSERT INTO builds(made, command, record) VALUES (?, ?, ?)",
                        (record.made.isoformat(), record.command, json.dumps(_record_dict(record))))
    if cursor.lastrowid is None:  # sqlite3 always gives the rowid of a row it inserted
        raise StoreError("the build could not be recorded in the store; check the file is writable")
    return dataclasses.replace(record, number=cursor.lastrowid)


def load(db: sqlite3.Connection, last: int | None = None) -> list[BuildRecord]:
    """The builds kept (the ``last`` few, else all), oldest first; records of another layout are left out."""
    query = "SELECT number, made, command, record FROM builds ORDER BY number DESC"
    rows = db.execute(query + (" LIMIT ?" if last else ""), (last,) if last else ()).fetchall()
    records = [_record(number, made, command, json.loads(data)) for number, made, command, data in reversed(rows)]
    return [r for r in records if r is not None]


# -- to and from JSON ------------------------------------------------------------------------------------


def _refs(refs: tuple[SourceRef, ...]) -> list[list[Any]]:
    return [[r.article, r.start, r.end] for r in refs]


def _load_refs(items: list[list[Any]]) -> tuple[SourceRef, ...]:
    return tuple(SourceRef(str(a), int(s), int(e)) for a, s, e in items)


def _period(value: str | None) -> Period | None:
    return Period.parse(value) if value else None


def _record_dict(r: BuildRecord) -> dict[str, Any]:
    return {
        "layout": RECORD_LAYOUT,
        "articles": list(r.articles),
        "entries": [[e.id, e.period.timex, _refs(e.sentences)] for e in r.entries],
        "events": [[e.id, e.period.timex, _refs(e.sentences)] for e in r.events],
        "figures": [{"measure": f.measure, "value": f.value, "unit": f.unit, "qualifier": f.qualifier,
                     "date": f.date.timex if f.date else None, "sources": _refs(f.sources), "origins": f.origins}
                    for f in r.figures],
        "disagreements": [{"kind": d.kind, "subject": d.subject, "date": d.date.timex if d.date else None,
                           "values": [[v.value, v.qualifier, _refs(v.sources)] for v in d.values]}
                          for d in r.disagreements],
        "quotes": [[q.speaker, _refs(q.sources)] for q in r.quotes],
        "copies": [[c.article, c.original, c.similarity] for c in r.copies],
    }


def _record(number: int, made: str, command: str, data: dict[str, Any]) -> BuildRecord | None:
    if data.get("layout") != RECORD_LAYOUT:
        return None
    return BuildRecord(
        made=dt.datetime.fromisoformat(made),
        command=command,
        articles=tuple(data["articles"]),
        entries=tuple(RecordedEvent(i, Period.parse(v), _load_refs(s)) for i, v, s in data["entries"]),
        events=tuple(RecordedEvent(i, Period.parse(v), _load_refs(s)) for i, v, s in data["events"]),
        figures=tuple(Figure(f["measure"], f["value"], f["unit"], f["qualifier"], _period(f["date"]),
                             _load_refs(f["sources"]), f["origins"]) for f in data["figures"]),
        disagreements=tuple(
            Disagreement(d["kind"], d["subject"], _period(d["date"]),
                         tuple(DisagreementValue(v, q, _load_refs(s)) for v, q, s in d["values"]))
            for d in data["disagreements"]),
        quotes=tuple(RecordedQuote(speaker, _load_refs(s)) for speaker, s in data["quotes"]),
        copies=tuple(Copy(a, o, sim) for a, o, sim in data["copies"]),
        number=number,
    )
