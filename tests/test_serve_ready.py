"""`dateline serve` prints its address only once the server answers, and says so when it cannot listen."""

import os
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from conftest import ARTICLE

from dateline.pipeline import run_build

SRC = str(Path(__file__).resolve().parents[1] / "src")
#: Seconds the server may take to build its view and start (a loaded 2-core machine).
START_LIMIT = 60


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("ready")
    (root / "in").mkdir()
    (root / "in" / "report.txt").write_text(ARTICLE, encoding="utf-8")
    run_build([root / "in"], out=root / "out")
    return root / "out"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(folder: Path, port: int) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([SRC, os.environ.get("PYTHONPATH", "")]))
    return subprocess.Popen([sys.executable, "-m", "dateline", "serve", str(folder), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_the_address_is_printed_only_when_a_request_is_answered(built):
    port = _free_port()
    proc = _serve(built, port)
    try:
        line = proc.stdout.readline()  # blocks until the address is printed
        assert line.startswith(f"dateline serve: http://127.0.0.1:{port}/"), line
        # No retry: the server must answer the moment it says where it is.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/timeline", timeout=START_LIMIT) as response:
            assert response.status == 200
    finally:
        proc.terminate()
        proc.wait(timeout=START_LIMIT)


def test_a_port_in_use_is_an_error_and_no_address_is_printed(built):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = _serve(built, port)
        out, err = proc.communicate(timeout=START_LIMIT)
    assert proc.returncode == 1
    assert "http://" not in out
    assert f"Error: could not listen on 127.0.0.1:{port}" in err and "--port" in err
