"""Article body extraction benchmark: our cleaners against the usual baselines.

Runs every system on the same pages of the Zyte/Scrapinghub article extraction
benchmark (``../shared/bench/extraction``, see its README) and prints a
markdown table of shingle precision, recall and F1 with the time per page.

    python bench/extraction.py --data ../shared/bench/extraction
    python bench/extraction.py --data ../shared/bench/extraction --markdown-out /tmp/result.md

The metric is the benchmark's own, written out here: tokens are ``\\w+`` runs,
shingles are 4-grams of tokens; per page, TP/FP/FN are counted over shingle
multisets and normalised to sum to 1; precision and recall are averaged over
pages and F1 is computed from the two averages. To show how much a rule is
tuned to these pages, F1 is also given on each half of the pages (sorted by
hash): a general rule helps on both.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import os
import platform
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

try:
    from dateline.ingest.clean import clean_html, clean_text
except ImportError:  # run from a checkout without installing the package
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    from dateline.ingest.clean import clean_html, clean_text

_TOKEN = re.compile(r"\w+")
_NGRAM = 4

HOW_TO_GET = """\
The benchmark data is not at {path}.
It lives in the shared folder beside the project (../shared/bench/extraction,
with html/HASH.html.gz and ground-truth.json), taken from the Zyte article
extraction benchmark (github.com/scrapinghub/article-extraction-benchmark, MIT):
copy its html/ folder and ground-truth.json there, or pass --data PATH."""


# --- the metric -------------------------------------------------------------


def _shingles(text: str) -> Counter[str]:
    tokens = _TOKEN.findall(text or "")
    n = max(1, len(tokens) - _NGRAM + 1)
    return Counter(s for s in (" ".join(tokens[i : i + _NGRAM]) for i in range(n)) if s)


def shingle_match(true: str, pred: str) -> tuple[float, float, float]:
    """TP, FP, FN over 4-gram shingle multisets, normalised to sum to 1."""
    t, p = _shingles(true), _shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def score(pairs: Iterable[tuple[str, str]]) -> tuple[float, float, float]:
    """Mean precision, mean recall and the F1 of those means over (truth, prediction) pairs.

    Every page counts in both means, an empty prediction with precision 0 (as
    the shared README describes the metric; the benchmark's own evaluate.py
    leaves such pages out of the precision mean, which flatters a system that
    gives up on hard pages).
    """
    counts = [shingle_match(t, p) for t, p in pairs]
    if not counts:
        return 0.0, 0.0, 0.0
    precision = sum(_precision(*c) for c in counts) / len(counts)
    recall = sum(_recall(*c) for c in counts) / len(counts)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


# --- the systems ------------------------------------------------------------


def _full_text(html: str, url: str | None) -> str:
    import html_text

    return html_text.extract_text(html, guess_layout=True)


def _trafilatura(**options: bool) -> Callable[[str, str | None], str]:
    import trafilatura

    def run(html: str, url: str | None) -> str:
        return trafilatura.extract(html, url=url, **options) or ""

    return run


def _justext_lines(html: str, url: str | None) -> str:
    """jusText's classifier on the lines of the full-page text (no markup left)."""
    import html as htmllib

    import justext

    lines = [ln for ln in _full_text(html, url).splitlines() if ln.strip()]
    if not lines:
        return ""
    wrapped = "<html><body>" + "".join(f"<p>{htmllib.escape(ln)}</p>" for ln in lines) + "</body></html>"
    paragraphs = justext.justext(wrapped, justext.get_stoplist("English"))
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def _our_text(html: str, url: str | None) -> str:
    return clean_text(_full_text(html, url)).text


def _our_html(html: str, url: str | None) -> str:
    return clean_html(html, url=url).text


SYSTEMS: dict[str, Callable[[str, str | None], str]] = {
    "full-page text (html-text, guess_layout)": _full_text,
    "trafilatura 2.3 default": _trafilatura(),
    "trafilatura, include_comments=False (as the benchmark runs it)": _trafilatura(include_comments=False),
    "trafilatura favor_precision, include_comments=False": _trafilatura(include_comments=False, favor_precision=True),
    "jusText on full-page text lines": _justext_lines,
    "dateline clean_text (full-page text)": _our_text,
    "dateline clean_html": _our_html,
}

# The text path's input is the full-page text; its ms/page counts only clean_text.
_TEXT_INPUT = {"dateline clean_text (full-page text)"}


# --- running ----------------------------------------------------------------


def load_pages(data: Path) -> list[tuple[str, str, str | None, str]]:
    """(hash, html, url, true body) for every page, sorted by hash."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        raw = gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes())
        pages.append((key, raw.decode("utf-8", errors="replace"), truth[key].get("url"), truth[key].get("articleBody", "")))
    return pages


def run(pages: list[tuple[str, str, str | None, str]], only: list[str] | None = None) -> list[dict[str, object]]:
    """Score each system on the pages; one row per system."""
    rows = []
    full_texts = [_full_text(html, url) for _, html, url, _ in pages]
    half = len(pages) // 2
    for name, system in SYSTEMS.items():
        if only and not any(o.lower() in name.lower() for o in only):
            continue
        preds = []
        start = time.perf_counter()
        for (_, html, url, _), full in zip(pages, full_texts, strict=False):
            preds.append(clean_text(full).text if name in _TEXT_INPUT else system(html, url))
        elapsed = time.perf_counter() - start
        truths = [p[3] for p in pages]
        precision, recall, f1 = score(zip(truths, preds, strict=False))
        rows.append(
            {
                "system": name,
                "precision": precision,
                "recall": recall,
                "f1": f1,
                "f1_first": score(zip(truths[:half], preds[:half], strict=False))[2],
                "f1_second": score(zip(truths[half:], preds[half:], strict=False))[2],
                "ms": 1000 * elapsed / len(pages),
            }
        )
    return rows


def markdown(rows: list[dict[str, object]], pages: int, data: str) -> str:
    """The result table with the machine, the date and the command."""
    lines = [
        f"Pages: {pages} (Zyte article extraction benchmark, `{data}`); "
        f"F1 halves: pages sorted by hash, first {pages // 2} / last {pages - pages // 2}.",
        "",
        "| system | precision | recall | F1 | F1 first half | F1 second half | ms/page |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['system']} | {r['precision']:.3f} | {r['recall']:.3f} | {r['f1']:.3f} "
            f"| {r['f1_first']:.3f} | {r['f1_second']:.3f} | {r['ms']:.1f} |"
        )
    lines += [
        "",
        f"Machine: {os.cpu_count()} CPUs, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()} ({platform.system()}); date: {dt.date.today().isoformat()}.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", default="../shared/bench/extraction", help="folder with html/ and ground-truth.json")
    parser.add_argument("--markdown-out", help="also write the table to this file")
    parser.add_argument("--only", action="append", help="run only systems whose name contains this (repeatable)")
    args = parser.parse_args(argv)
    data = Path(args.data)
    if not (data / "ground-truth.json").is_file() or not (data / "html").is_dir():
        print(HOW_TO_GET.format(path=data), file=sys.stderr)
        return 2
    pages = load_pages(data)
    table = markdown(run(pages, args.only), len(pages), args.data)
    print(table, end="")
    if args.markdown_out:
        Path(args.markdown_out).write_text(table, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
