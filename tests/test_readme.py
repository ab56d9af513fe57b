"""The README's examples are what dateline really prints and writes (scripts/readme_examples.py makes them).

Running the generator runs the README's Python blocks too, so an example that no longer
runs fails here as well.
"""

import difflib
import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _generator():
    spec = importlib.util.spec_from_file_location("readme_examples", ROOT / "scripts" / "readme_examples.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generator():
    return _generator()


@pytest.fixture(scope="module")
def readme(generator):
    text = generator.README.read_text(encoding="utf-8")
    return text, generator.render(text)


def test_the_readme_has_its_example_blocks(generator, readme):
    text, _ = readme
    names = [m.group("name") for m in generator._BLOCK.finditer(text)]
    assert {"build-summary", "timeline-md", "python"} <= set(names)
    assert names.count("python") >= 3


def test_the_readme_examples_match_what_a_build_prints_and_writes(generator, readme):
    text, expected = readme
    if text != expected:
        diff = "".join(difflib.unified_diff(text.splitlines(True), expected.splitlines(True), "README.md",
                                            "what the build gives", n=1))
        stale = ", ".join(generator.differing_blocks(text, expected))
        pytest.fail(f"README.md's examples ({stale}) differ from the real output; regenerate them with "
                    f"`{generator.REGENERATE}` and commit README.md\n{diff[:4000]}", pytrace=False)


def test_the_examples_do_not_depend_on_the_machine_or_the_day(generator, readme):
    _, expected = readme
    assert "/tmp" not in expected and "readme-" not in expected
    assert generator._normalise("generated 2031-05-06T07:08:09+00:00 in /x/y/out", "/x/y") == \
        "generated 2024-01-01T00:00:00+00:00 in out"
