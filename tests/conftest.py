import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
COALITION = SHARED / "corpora" / "coalition"

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
    if not COALITION.is_dir():
        pytest.skip(f"{COALITION} is not present")
    return COALITION
