"""Tests that need ../shared/corpora/coalition skip with one reason, counted in one line of the summary."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_clone_without_the_coalition_corpus_is_told_how_many_tests_skipped_and_why(tmp_path):
    env = dict(os.environ, DATELINE_COALITION=str(tmp_path / "absent"),
               PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", "-k", "coalition_reports",
         str(ROOT / "tests" / "test_pubdate.py")],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 tests skipped: ../shared/corpora/coalition not found" in result.stdout, result.stdout
