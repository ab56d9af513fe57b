"""Rewrite the examples in README.md from a real build of the bundled sample, so they cannot go stale.

    python scripts/readme_examples.py           # rewrite README.md's example blocks
    python scripts/readme_examples.py --check   # exit 1 (and say which) when a block differs

A block is a fenced code block between two marker lines:

    <!-- example: NAME -->
    ```...
    ```
    <!-- /example -->

- ``build-summary``: what ``dateline build --sample --out sample-out`` prints (run in a
  scratch folder, so the paths read ``sample-out/...``);
- ``timeline-md``: the first lines of the ``timeline.md`` that build writes;
- ``python``: the block's code is run (blocks share one namespace, in README order) and
  what it prints replaces the ``# `` comment lines that end the block. The code itself is
  the README's: edit it there, then run this script.

The output does not depend on the machine or the day: the build runs with a fixed
terminal width, and timestamps and scratch paths are replaced (see ``_normalise``).
tests/test_readme.py fails when README.md differs from what this script would write.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
SRC = ROOT / "src"
#: The command that regenerates the blocks (tests/test_readme.py prints it).
REGENERATE = "PYTHONPATH=src python scripts/readme_examples.py"
#: The terminal width the build's summary table is drawn for.
COLUMNS = 100
#: How many lines of timeline.md the README shows.
MD_LINES = 12
#: The folder the README's commands write into.
OUT = "sample-out"

_BLOCK = re.compile(r"(<!-- example: (?P<name>[\w-]+) -->\n)(?P<body>```[^\n]*\n.*?```\n)(<!-- /example -->)", re.S)
_TIMESTAMP = re.compile(r"\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})?")


def _normalise(text: str, scratch: str) -> str:
    """The same text on every machine and day: no scratch folder, no generation time."""
    text = text.replace(scratch + os.sep, "").replace(scratch, ".")
    return _TIMESTAMP.sub("2024-01-01T00:00:00+00:00", text)


class _Build:
    """One real build of the sample by the CLI, in a scratch folder (made on first use)."""

    def __init__(self) -> None:
        self._scratch: tempfile.TemporaryDirectory[str] | None = None
        self._printed = ""

    @property
    def folder(self) -> Path:
        if self._scratch is None:
            self._scratch = tempfile.TemporaryDirectory(prefix="readme-")
            env = dict(os.environ, COLUMNS=str(COLUMNS), PYTHONPATH=os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]))
            env.pop("DATELINE_SCREENSHOTS", None)
            done = subprocess.run([sys.executable, "-m", "dateline", "build", "--sample", "--out", OUT],
                                  cwd=self._scratch.name, env=env, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                raise RuntimeError(f"the sample build failed ({done.returncode}):\n{done.stderr}")
            self._printed = done.stdout
        return Path(self._scratch.name)

    def printed(self) -> str:
        scratch = str(self.folder)
        return _normalise(self._printed, scratch)

    def markdown_head(self) -> str:
        lines = (self.folder / OUT / "timeline.md").read_text(encoding="utf-8").splitlines()[:MD_LINES]
        return _normalise("\n".join(lines) + "\n", str(self.folder))

    def close(self) -> None:
        if self._scratch is not None:
            self._scratch.cleanup()


def _fence(body: str, text: str) -> str:
    """``text`` inside the fence ``body`` opened with (its info string kept)."""
    opening = body.split("\n", 1)[0]
    return f"{opening}\n{text.rstrip()}\n```\n"


def _run_python(body: str, namespace: dict) -> str:
    """Run a README Python block; its trailing ``# `` lines become what the code prints."""
    lines = body.split("\n")[1:-2]  # without the fences
    while lines and (lines[-1].startswith("# ") or lines[-1] == "#"):
        lines.pop()
    code = "\n".join(lines).rstrip()
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.chdir(ROOT):
        exec(compile(code, "README.md", "exec"), namespace)  # the README's own example
    output = [f"# {line}".rstrip() for line in printed.getvalue().rstrip("\n").split("\n")] if printed.getvalue() else []
    return _fence(body, "\n".join([code, *output]))


def render(readme: str) -> str:
    """``readme`` with every example block rewritten from a real build."""
    if str(SRC) not in sys.path:
        sys.path.insert(0, str(SRC))
    build = _Build()
    namespace: dict = {"__name__": "__readme__"}
    writers: dict[str, Callable[[str], str]] = {
        "build-summary": lambda body: _fence(body, build.printed()),
        "timeline-md": lambda body: _fence(body, build.markdown_head()),
        "python": lambda body: _run_python(body, namespace),
    }
    try:
        def rewrite(m: re.Match[str]) -> str:
            name = m.group("name")
            if name not in writers:
                raise ValueError(f"README.md: unknown example block {name!r}; known: {', '.join(writers)}")
            return m.group(1) + writers[name](m.group("body")) + m.group(4)

        return _BLOCK.sub(rewrite, readme)
    finally:
        build.close()


def differing_blocks(old: str, new: str) -> list[str]:
    """The names of the blocks whose text differs, in README order."""
    before = [(m.group("name"), m.group("body")) for m in _BLOCK.finditer(old)]
    after = [(m.group("name"), m.group("body")) for m in _BLOCK.finditer(new)]
    return [a[0] for a, b in zip(before, after, strict=True) if a != b]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="only say whether README.md is up to date")
    args = parser.parse_args(argv)
    old = README.read_text(encoding="utf-8")
    new = render(old)
    if args.check:
        stale = differing_blocks(old, new)
        if stale:
            print(f"README.md: examples out of date: {', '.join(stale)}; regenerate with `{REGENERATE}`")
            return 1
        print("README.md: examples up to date")
        return 0
    if new != old:
        README.write_text(new, encoding="utf-8")
        print(f"README.md: rewrote {', '.join(differing_blocks(old, new))}")
    else:
        print("README.md: examples already up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
