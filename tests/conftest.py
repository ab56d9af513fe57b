import os
import pathlib
import re
from difflib import SequenceMatcher

import pytest
from hypothesis import settings

# Tests check correctness; timings belong in bench/. On a loaded machine (CI beside a benchmark) a
# Hypothesis example may take longer than its default 200 ms deadline, which is not a failure.
settings.register_profile("dateline", deadline=None)
settings.load_profile("dateline")

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
#: The five real reports beside the repository (``DATELINE_COALITION`` points elsewhere, or at nothing).
COALITION = pathlib.Path(os.environ.get("DATELINE_COALITION", SHARED / "corpora" / "coalition"))
#: Why the tests on the five real coalition reports skip on a clone without ``../shared`` (one reason,
#: so the summary below can count them).
COALITION_MISSING = "../shared/corpora/coalition not found (the five real reports are not in the repository)"


def skip_without_coalition() -> pathlib.Path:
    """The coalition corpus, or skip the calling test with :data:`COALITION_MISSING`."""
    if not COALITION.is_dir():
        pytest.skip(COALITION_MISSING)
    return COALITION


def pytest_terminal_summary(terminalreporter):
    """Say in one line how many tests skipped because ../shared/corpora/coalition is absent."""
    skipped = [r for r in terminalreporter.stats.get("skipped", [])
               if isinstance(r.longrepr, tuple) and COALITION_MISSING in str(r.longrepr[2])]
    if skipped:
        terminalreporter.write_line(f"{len(skipped)} tests skipped: {COALITION_MISSING}; put the corpus at {COALITION} "
                                    "to run them", yellow=True)


def pytest_addoption(parser):
    parser.addoption("--run-long", action="store_true", default=os.environ.get("DATELINE_ADVERSARIAL_LONG", "") not in ("", "0"),
                     help="also run the long adversarial cases (1 GB files, kill-and-resume at scale, client bursts)")


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "browser: drives headless Chromium (skips without chromium/chromedriver); -m 'not browser' leaves them out")
    config.addinivalue_line(
        "markers", "adversarial: a quick hostile-input case run in a child process (tests/adversarial); -m 'not adversarial' leaves them out")
    config.addinivalue_line(
        "markers", "adversarial_long: a long hostile-input case; skipped unless --run-long or DATELINE_ADVERSARIAL_LONG=1")


ARTICLE = (
    "MARROWICK, June 6, 2022 - The ferry operator Vantrel Lines said on Monday that it would suspend "
    "crossings to the island of Osk after a second engine failure in a week.\n\n"
    "\"We cannot take risks with passengers,\" said Ilse Borrow, the company's operations director.\n\n"
    "The suspension affects about 1,200 travellers a day, the harbour office said.\n"
)


@pytest.fixture
def article_text() -> str:
    """A short, plausible report written for the tests (a fictional story)."""
    return ARTICLE


@pytest.fixture
def coalition() -> pathlib.Path:
    """The five real reports in ../shared (skips the test when they are absent)."""
    return skip_without_coalition()


def sample_label(origin: dict) -> str:
    """The origin label an article of the bundled sample gets, from a gold ``origin``."""
    text = f"sample/{origin['path']}"
    if origin.get("line") is not None:
        text += f":{origin['line']}"
    if origin.get("record") is not None:
        text += f"#{origin['record']}"
    return text


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold().replace("’", "'"))


def pair_quotes(gold_texts: list[str], predicted_texts: list[str], floor: float = 0.6) -> dict[int, int]:
    """Gold index -> predicted index, most similar wording first (word-sequence ratio ``floor`` at least)."""
    pairs = []
    for gi, g in enumerate(gold_texts):
        for pi, p in enumerate(predicted_texts):
            ratio = SequenceMatcher(None, _words(g), _words(p), autojunk=False).ratio()
            if ratio >= floor:
                pairs.append((ratio, gi, pi))
    matched: dict[int, int] = {}
    for _, gi, pi in sorted(pairs, reverse=True):
        if gi not in matched and pi not in matched.values():
            matched[gi] = pi
    return matched
