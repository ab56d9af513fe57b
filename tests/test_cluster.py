"""The per-report stages on Dask: the same timeline as the local build, and errors that say what to do."""

import json
import shutil
import sys

import pytest
from typer.testing import CliRunner

from dateline import cluster
from dateline.cli import app
from dateline.config import Settings, load_settings
from dateline.errors import ConfigError, DatelineError
from dateline.pipeline import SAMPLE_DIR, run_build

distributed = pytest.importorskip("distributed")

runner = CliRunner()
#: A few bundled reports: enough for several batches of two, small enough for a test well under a minute.
_SAMPLE_REPORTS = 6


def invoke(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def pile(tmp_path):
    """Some sample reports, one of them twice, one too short to be a report and one empty file."""
    folder = tmp_path / "pile"
    folder.mkdir()
    reports = sorted((SAMPLE_DIR / "html").glob("*.html"))[:_SAMPLE_REPORTS] + sorted((SAMPLE_DIR / "text").glob("*"))[:1]
    for path in reports:
        shutil.copy(path, folder / path.name)
    shutil.copy(reports[0], folder / f"again-{reports[0].name}")
    (folder / "short.txt").write_text("Too short to be a news report.\n")
    (folder / "empty.html").write_text("")
    return folder


def _timeline(folder):
    """timeline.json without the moment it was generated."""
    data = json.loads((folder / "timeline.json").read_text(encoding="utf-8"))
    data.pop("generated", None)
    return data


def _outcome(result):
    report = result.report
    return (len(report.added), sorted((d.origin, d.article) for d in report.duplicates),
            sorted((s.origin, s.reason) for s in report.skipped))


@pytest.fixture(scope="module")
def local_cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0") as c:
        yield c


def test_a_dask_cluster_builds_the_timeline_the_local_build_does(tmp_path, pile, local_cluster):
    local = run_build([pile], Settings(batch_size=2), out=tmp_path / "local")
    settings = Settings(batch_size=2, scheduler=local_cluster.scheduler_address)
    on_dask = run_build([pile], settings, out=tmp_path / "dask")
    assert _timeline(tmp_path / "dask") == _timeline(tmp_path / "local")
    assert _outcome(on_dask) == _outcome(local)
    assert any(reason == "empty file" for _, reason in _outcome(on_dask)[2])
    assert len(_outcome(on_dask)[1]) == 1


def test_dask_local_starts_a_cluster_for_the_build_and_closes_it(tmp_path, pile):
    result = invoke("build", pile, "--out", tmp_path / "out", "--dask", "local", "--workers", "2", "--quiet")
    assert result.exit_code == 0, result.output
    assert _timeline(tmp_path / "out")["articles"]
    again = invoke("add", pile, "--store", tmp_path / "out" / "dateline.sqlite", "--dask", "local", "--quiet")
    assert again.exit_code == 0, again.output
    assert "already present" in again.output


def test_a_scheduler_that_cannot_be_reached_is_one_clear_error(tmp_path, pile, monkeypatch):
    monkeypatch.setattr(cluster, "_CONNECT_SECONDS", 1.0)
    result = invoke("build", pile, "--out", tmp_path / "out", "--scheduler", "tcp://127.0.0.1:9", "--quiet")
    assert result.exit_code == 1
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.output
    assert "--dask local" in result.output and "Traceback" not in result.output


def test_asking_for_dask_without_it_installed_says_which_pip_command_to_run(tmp_path, pile, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # an import of it now fails as if not installed
    result = invoke("build", pile, "--out", tmp_path / "out", "--dask", "local", "--quiet")
    assert result.exit_code == 1
    assert "pip install 'dateline[dask]'" in result.output and "Traceback" not in result.output
    with pytest.raises(DatelineError, match=r"pip install 'dateline\[dask\]'"):
        run_build([pile], Settings(scheduler="local"))


@pytest.mark.parametrize(
    "args, message",
    [
        (["--dask", "remote"], "--scheduler tcp://HOST:PORT"),
        (["--dask", "local", "--scheduler", "tcp://10.0.0.5:8786"], "not both"),
    ],
)
def test_wrong_dask_flags_are_a_usage_error(tmp_path, pile, args, message):
    result = runner.invoke(app, ["build", str(pile), "--out", str(tmp_path / "out"), *args])
    assert result.exit_code == 2
    assert message in result.output


def test_the_scheduler_is_read_from_the_project_file_and_checked(tmp_path):
    good = tmp_path / "dateline.toml"
    good.write_text('[dateline]\nscheduler = "tcp://10.0.0.5:8786"\nworkers = 4\n')
    assert load_settings(good).scheduler == "tcp://10.0.0.5:8786"
    assert load_settings(good, scheduler="local").scheduler == "local"
    bad = tmp_path / "bad.toml"
    bad.write_text('[dateline]\nscheduler = "10.0.0.5"\n')
    with pytest.raises(ConfigError, match=r"scheduler must be 'local' .* tcp://"):
        load_settings(bad)


def test_a_local_cluster_that_cannot_start_says_why_and_what_to_do(tmp_path, pile, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("Nanny failed to start.")

    monkeypatch.setattr(distributed, "LocalCluster", fail)
    with pytest.raises(DatelineError, match=r"could not start a local Dask cluster .*if __name__ == \"__main__\""):
        run_build([pile], Settings(scheduler="local"))
