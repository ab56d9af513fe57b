"""What the benchmarks print about the machine they ran on (shared by bench/load.py, bench/timex.py and
bench/tempeval.py, so that every table names the CPU and Java the same way)."""

from __future__ import annotations

import platform
import shutil
import subprocess
from pathlib import Path


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo, else what the platform module knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def java_version() -> str:
    """The first line of ``java -version`` (quotes removed), or "java not found"."""
    if not shutil.which("java"):
        return "java not found"
    proc = subprocess.run(["java", "-version"], capture_output=True, text=True)
    first = (proc.stderr or proc.stdout).splitlines()
    return first[0].replace('"', "") if first else "java ?"
