"""The adversarial suite under pytest: one test per case (see harness.py; `python bench/adversarial.py` for the table).

Quick cases carry the marker ``adversarial`` and run in the normal run; long ones carry ``adversarial_long`` and
skip unless ``--run-long`` or ``DATELINE_ADVERSARIAL_LONG=1`` is given.
"""

from __future__ import annotations

import cases_input  # noqa: F401 - registers its cases
import cases_output  # noqa: F401
import cases_server  # noqa: F401
import cases_store  # noqa: F401
import pytest
from harness import CASES, run_case


def _param(name: str):
    tier = CASES[name].tier
    marks = [pytest.mark.adversarial] if tier == "quick" else [pytest.mark.adversarial_long]
    return pytest.param(name, marks=marks, id=name)


@pytest.mark.parametrize("name", [_param(n) for n in CASES])
def test_case_holds(name: str, tmp_path, request) -> None:
    if CASES[name].tier == "long" and not request.config.getoption("--run-long"):
        pytest.skip("a long adversarial case: run with --run-long or DATELINE_ADVERSARIAL_LONG=1")
    result = run_case(name, tmp_path)
    if result.status == "SKIP":
        pytest.skip(result.reason)
    assert result.status == "PASS", f"{name}: {result.reason} (peak {result.peak_mb:.0f} MB, {result.seconds:.1f}s)"
