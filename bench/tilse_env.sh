#!/usr/bin/env bash
# Set up tilse, the reference implementation of the timeline metrics, outside the
# project's dependencies, for bench/eval_check.py: a venv of its own with tilse 0.2.1
# from PyPI, which bundles pyrouge and the ROUGE-1.5.5 Perl script that it runs.
#
#   bash bench/tilse_env.sh [VENV]               # default VENV: /tmp/tilse-venv
#   TILSE_PYTHON=/tmp/tilse-venv/bin/python python bench/eval_check.py
#
# ROUGE-1.5.5 needs perl with XML::Parser, XML::DOM and DB_File
# (Debian: apt-get install libxml-parser-perl libxml-dom-perl; DB_File comes with perl).
set -euo pipefail
VENV="${1:-/tmp/tilse-venv}"

for tool in perl python3; do
    command -v "$tool" >/dev/null || { echo "missing: $tool" >&2; exit 1; }
done
for module in XML::Parser XML::DOM DB_File; do
    perl -M"$module" -e 1 2>/dev/null || {
        echo "missing Perl module $module (Debian: apt-get install libxml-parser-perl libxml-dom-perl)" >&2
        exit 1
    }
done

[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/pip" install --quiet tilse==0.2.1

# pyrouge's copy of the Perl script must be executable (some installs lose the bit).
PKG="$("$VENV/bin/python" -c 'import pyrouge, pathlib; print(pathlib.Path(pyrouge.__file__).parent)')"
chmod +x "$PKG/tools/ROUGE-1.5.5/ROUGE-1.5.5.pl"

# Smoke test: one ROUGE run through tilse's wrapper, with tilse's options (stemming, stopwords removed).
"$VENV/bin/python" - <<'PY'
import pyrouge
rouge = pyrouge.Rouge155(average="raw", stem=True, ignore_stopwords=True)
got = rouge.score_summary([["Soldiers", "built", "dams"]], {"0": [["soldiers", "build", "a", "dam"]]})
assert got["rouge_1_h_count"] == 3 and got["rouge_1_m_count"] == 3, got
print("tilse's ROUGE-1.5.5 works:", got)
PY
echo "export TILSE_PYTHON=$VENV/bin/python"
