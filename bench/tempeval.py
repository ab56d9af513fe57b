"""TempEval-3 scoring of temporal taggers: the field's measure, on TimeML documents nobody here wrote.

Reads TimeML (``*.tml``) documents such as TempEval-3's TBAQ-cleaned ``TimeBank`` folder: the text inside
``<TEXT>`` with its tags stripped is what a system tags, the document's creation time (the TIMEX3 with
``functionInDocument="CREATION_TIME"``) is its anchor, and the TIMEX3 elements inside ``<TEXT>`` are the gold
expressions (span, type, value).

The metric is TempEval-3's, as ``../shared/bench/README.md`` states it for comparing systems:

- a predicted expression matches a gold one when their character spans overlap (relaxed span);
- **relaxed span P/R/F1** over DATE and TIME expressions (predicted DATE/TIME against gold DATE/TIME);
- **value accuracy**: of the gold DATE and TIME expressions some prediction matches, the share whose matched
  prediction has exactly the gold value;
- **value F1**: F1 over DATE and TIME expressions, a hit only when the span matches and the value is equal.

Per type (DATE, TIME, DURATION, SET) the table gives gold count, how many a prediction overlaps, how many of
those it gave the gold type, and how many the gold value.

    python bench/tempeval.py --data ../shared/bench/tempeval3/TimeBank [--errors 40]

``bench/timex.py --tempeval DIR`` runs this scoring with every system side by side.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "bench" / "tempeval3" / "TimeBank"

#: The TIMEX3 types whose values are scored (TempEval-3's "DATE and TIME expressions").
SCORED_TYPES = ("DATE", "TIME")
ALL_TYPES = ("DATE", "TIME", "DURATION", "SET")

_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_SENTENCE_END = re.compile(r"[.!?][\"')\]]*\s+(?=[A-Z\"'(])|\n\s*\n")


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    type: str
    value: str | None
    text: str = ""


@dataclass
class Document:
    name: str
    dct: dt.date
    text: str
    gold: list[Timex] = field(default_factory=list)

    @property
    def sentences(self) -> int:
        return max(1, len(_SENTENCE_END.findall(self.text)) + 1)


def _attrs(raw: str) -> dict[str, str]:
    return {k: html.unescape(v) for k, v in _ATTR.findall(raw)}


def load_document(path: Path) -> Document:
    """One TimeML file: the stripped text of ``<TEXT>``, its gold TIMEX3s with offsets in that text, and the DCT."""
    raw = path.read_text(encoding="utf-8")
    dct_match = re.search(r'<TIMEX3[^>]*functionInDocument="CREATION_TIME"[^>]*>', raw)
    if not dct_match:
        raise ValueError(f"{path}: no CREATION_TIME TIMEX3")
    dct = dt.date.fromisoformat(_attrs(dct_match.group(0))["value"][:10])
    body_start = raw.index("<TEXT>") + len("<TEXT>")
    body = raw[body_start:raw.index("</TEXT>")]
    out: list[str] = []
    length = 0
    open_timex: tuple[int, dict[str, str]] | None = None
    gold: list[Timex] = []
    pos = 0
    for tag in _TAG.finditer(body):
        piece = html.unescape(body[pos:tag.start()])
        out.append(piece)
        length += len(piece)
        pos = tag.end()
        closing, name = tag.group(1) == "/", tag.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, _attrs(tag.group(3)))
        elif open_timex is not None:
            begin, attrs = open_timex
            open_timex = None
            gold.append(Timex(begin, length, attrs.get("type", ""), attrs.get("value") or None))
    tail = html.unescape(body[pos:])
    out.append(tail)
    text = "".join(out)
    gold = [Timex(t.start, t.end, t.type, t.value, text[t.start:t.end]) for t in gold]
    return Document(path.stem, dct, text, gold)


def load_documents(data: Path) -> list[Document]:
    files = sorted(data.glob("*.tml")) if data.is_dir() else [data]
    if not files:
        raise SystemExit(f"no *.tml files in {data}; give the TimeBank folder of TempEval-3 with --data")
    return [load_document(p) for p in files]


# --- systems ---------------------------------------------------------------------------------------------

Tagger = Callable[[str, dt.date], list[Timex]]


def dateline_tagger() -> Tagger:
    """dateline's tagger, through the same entry point the pipeline uses."""
    import dateline

    tag_dates = getattr(dateline, "tag_dates", None)
    if tag_dates is None:  # before the public entry point existed
        from dateline.annotate.timex import tag as tag_dates

    def run(text: str, anchor: dt.date) -> list[Timex]:
        found = []
        for m in tag_dates(text, anchor):
            kind = str(getattr(m, "kind", "DATE") or "DATE")
            found.append(Timex(m.start, m.end, kind, m.value, m.text))
        return found

    return run


@dataclass
class Run:
    system: str
    predictions: dict[str, list[Timex]]
    seconds: float
    error: str | None = None


def run_tagger(system: str, tagger: Tagger, docs: list[Document]) -> Run:
    predictions: dict[str, list[Timex]] = {}
    start = time.perf_counter()
    for doc in docs:
        predictions[doc.name] = tagger(doc.text, doc.dct)
    return Run(system, predictions, time.perf_counter() - start)


# --- scoring ---------------------------------------------------------------------------------------------


def _overlaps(a: Timex, b: Timex) -> bool:
    return a.start < b.end and b.start < a.end


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Pair:
    """A gold expression and the prediction matched to it (None when no prediction overlaps it)."""

    doc: str
    gold: Timex
    predicted: Timex | None


def pairs(docs: Iterable[Document], run: Run, types: tuple[str, ...] = ALL_TYPES) -> list[Pair]:
    """Each gold expression of these types with the overlapping prediction, preferring one of the gold type
    and then the one with the most overlap."""
    result = []
    for doc in docs:
        predicted = run.predictions.get(doc.name, [])
        for g in doc.gold:
            if g.type not in types:
                continue
            hits = [p for p in predicted if _overlaps(p, g)]
            hits.sort(key=lambda p: (p.type != g.type, -(min(p.end, g.end) - max(p.start, g.start))))
            result.append(Pair(doc.name, g, hits[0] if hits else None))
    return result


def score(docs: list[Document], run: Run) -> dict[str, Any]:
    gold_n = pred_n = pred_matched = gold_found = value_right = 0
    for doc in docs:
        gold = [g for g in doc.gold if g.type in SCORED_TYPES]
        predicted = [p for p in run.predictions.get(doc.name, []) if p.type in SCORED_TYPES]
        gold_n += len(gold)
        pred_n += len(predicted)
        pred_matched += sum(any(_overlaps(p, g) for g in gold) for p in predicted)
        for g in gold:
            hits = [p for p in predicted if _overlaps(p, g)]
            if hits:
                gold_found += 1
                hits.sort(key=lambda p: -(min(p.end, g.end) - max(p.start, g.start)))
                value_right += any(p.value == g.value for p in hits[:1])
    span_p = pred_matched / pred_n if pred_n else 0.0
    span_r = gold_found / gold_n if gold_n else 0.0
    value_p = value_right / pred_n if pred_n else 0.0
    value_r = value_right / gold_n if gold_n else 0.0
    per_type = {}
    for kind in ALL_TYPES:
        kind_pairs = pairs(docs, run, (kind,))
        per_type[kind] = {
            "gold": len(kind_pairs),
            "found": sum(p.predicted is not None for p in kind_pairs),
            "typed": sum(p.predicted is not None and p.predicted.type == kind for p in kind_pairs),
            "valued": sum(p.predicted is not None and p.predicted.value == p.gold.value for p in kind_pairs),
        }
    sentences = sum(d.sentences for d in docs)
    return {
        "gold": gold_n, "predicted": pred_n,
        "span_p": span_p, "span_r": span_r, "span_f1": _f1(span_p, span_r),
        "value_accuracy": value_right / gold_found if gold_found else 0.0,
        "value_p": value_p, "value_r": value_r, "value_f1": _f1(value_p, value_r),
        "per_type": per_type,
        "seconds": run.seconds, "per_1000_sentences": 1000 * run.seconds / sentences if sentences else 0.0,
    }


def markdown(docs: list[Document], runs: list[Run], data: str) -> str:
    sentences = sum(d.sentences for d in docs)
    gold = sum(1 for d in docs for g in d.gold if g.type in SCORED_TYPES)
    lines = [
        f"TempEval-3 scoring on `{data}`: {len(docs)} documents, {sentences} sentences (simple splitter), "
        f"{gold} DATE and TIME expressions.",
        "",
        "| system | value accuracy | value F1 | value P | value R | relaxed span F1 | span P | span R "
        "| s / 1,000 sentences |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    scores = {}
    for run in runs:
        if run.error:
            lines.append(f"| {run.system} | failed: {run.error} |||||||| ")
            continue
        s = scores[run.system] = score(docs, run)
        lines.append(
            f"| {run.system} | {s['value_accuracy']:.3f} | {s['value_f1']:.3f} | {s['value_p']:.3f} "
            f"| {s['value_r']:.3f} | {s['span_f1']:.3f} | {s['span_p']:.3f} | {s['span_r']:.3f} "
            f"| {s['per_1000_sentences']:.2f} |"
        )
    lines += ["", "Per gold type: found (a prediction overlaps it) / typed (of the gold type) / valued (gold value).",
              "", "| system | " + " | ".join(ALL_TYPES) + " |", "|---|" + "---|" * len(ALL_TYPES)]
    for system, s in scores.items():
        cells = [f"{t['found']}/{t['typed']}/{t['valued']} of {t['gold']}" for t in s["per_type"].values()]
        lines.append(f"| {system} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def print_errors(docs: list[Document], run: Run, limit: int, out=sys.stdout) -> None:
    """Gold DATE/TIME expressions the system missed or valued wrongly, and its spurious ones, with context."""
    by_name = {d.name: d for d in docs}
    wrong = [p for p in pairs(docs, run, SCORED_TYPES)
             if p.predicted is None or p.predicted.value != p.gold.value]
    kinds = Counter("missed" if p.predicted is None else "wrong value" for p in wrong)
    spurious = []
    for doc in docs:
        gold = doc.gold
        spurious += [(doc.name, p) for p in run.predictions.get(doc.name, [])
                     if p.type in SCORED_TYPES and not any(_overlaps(p, g) for g in gold)]
    print(f"{run.system}: {kinds['missed']} missed, {kinds['wrong value']} wrong value, "
          f"{len(spurious)} spurious", file=out)
    for p in wrong[:limit]:
        doc = by_name[p.doc]
        context = doc.text[max(0, p.gold.start - 60):p.gold.end + 40].replace("\n", " ")
        got = "-" if p.predicted is None else f"{p.predicted.text!r} {p.predicted.type} {p.predicted.value}"
        print(f"  {p.doc} dct={doc.dct} gold {p.gold.text!r} {p.gold.type} {p.gold.value} | got {got}\n"
              f"      ...{context}...", file=out)
    for name, p in spurious[:limit]:
        doc = by_name[name]
        context = doc.text[max(0, p.start - 60):p.end + 40].replace("\n", " ")
        print(f"  {name} SPURIOUS {p.text!r} {p.type} {p.value}\n      ...{context}...", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="a folder of TimeML *.tml files (or one file)")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="list up to N errors of dateline")
    args = parser.parse_args(argv)
    docs = load_documents(Path(args.data))
    run = run_tagger("dateline", dateline_tagger(), docs)
    print(markdown(docs, [run], args.data))
    if args.errors:
        print_errors(docs, run, args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
