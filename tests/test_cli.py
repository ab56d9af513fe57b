import errno
import json
import os
import pathlib
import sqlite3

import pytest
from test_store import damage, open_read_only
from typer.testing import CliRunner

from dateline.cli import app
from dateline.store.sqlite import STORE_NAME, Store

runner = CliRunner()


def invoke(*args, cwd=None):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def good(tmp_path, article_text):
    path = tmp_path / "good.txt"
    path.write_text(article_text)
    return path


def test_build_writes_timeline_json_markdown_and_the_store(tmp_path, good):
    result = invoke("build", good, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert {p.name for p in (tmp_path / "out").iterdir()} >= {"timeline.json", "timeline.md", "dateline.sqlite"}
    data = json.loads((tmp_path / "out" / "timeline.json").read_text())
    assert data["articles"][0]["published"]["date"] == "2022-06-06"
    assert "reports read" in result.stdout and "publication dates" in result.stdout


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: None, "Error: nothing to read: {p}: no such file or folder. Give files, folders or glob patterns"),
        (lambda p: p.mkdir(), "Error: nothing to read: {p}: folder contains no files. Give files"),
        (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100)), "skipped {p}: not a text or HTML file: looks like a PNG image"),
        (lambda p: p.write_bytes(b""), "skipped {p}: empty file"),
        (
            lambda p: p.write_bytes(bytes(range(128, 256)) * 30 + bytes(range(1, 31)) * 30),
            "skipped {p}: undecodable bytes: not UTF-8, UTF-16, Windows-1252, Latin-1 or another encoding that reads as text",
        ),
    ],
    ids=["missing", "empty-folder", "binary", "empty-file", "bad-encoding"],
)
def test_nothing_usable_exits_1_says_why_once_and_writes_nothing(tmp_path, make, message):
    target = tmp_path / "input.txt"
    make(target)
    result = invoke("build", target, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert message.format(p=target) in result.stderr
    assert result.stderr.count("Error:") == 1
    assert result.stderr.rstrip().endswith(("nothing was written.", "Nothing was written."))
    assert "Traceback" not in result.output
    assert not (tmp_path / "out").exists()  # no empty outputs, no store


def test_a_missing_path_is_refused_before_the_store_is_touched_by_add_too(tmp_path):
    store = tmp_path / "story" / STORE_NAME
    result = invoke("add", tmp_path / "nowhere", "--store", store)
    assert result.exit_code == 1
    assert f"Error: nothing to read: {tmp_path / 'nowhere'}: no such file or folder" in result.stderr
    assert not (tmp_path / "story").exists()


def test_build_help_lists_every_file_a_build_writes(tmp_path, good):
    assert invoke("build", good, "--out", tmp_path / "out").exit_code == 0
    written = sorted(p.name for p in (tmp_path / "out").iterdir() if not p.name.endswith(("-wal", "-shm")))
    listed = " ".join(invoke("build", "--help").stdout.split())
    assert all(name in listed for name in written), (written, listed)
    assert len(written) >= 8


def test_nothing_usable_beside_an_existing_store_keeps_the_store(tmp_path, good):
    assert invoke("build", good, "--out", tmp_path / "out").exit_code == 0
    junk = tmp_path / "junk.txt"
    junk.write_bytes(b"")
    result = invoke("build", junk, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert (tmp_path / "out" / STORE_NAME).is_file() and (tmp_path / "out" / "timeline.json").is_file()


def test_bad_input_beside_good_input_is_skipped_and_the_run_succeeds(tmp_path, good):
    missing = tmp_path / "missing.txt"
    result = invoke("build", good, missing, "--out", tmp_path / "out")
    assert result.exit_code == 0
    assert f"skipped {missing}: no such file or folder" in result.stderr
    data = json.loads((tmp_path / "out" / "timeline.json").read_text())
    assert data["skipped"] == [{"origin": str(missing), "reason": "no such file or folder"}]


def test_a_bad_config_file_is_an_error_with_exit_code_1(tmp_path, good):
    config = tmp_path / "bad.toml"
    config.write_text("[dateline]\nwokers = 2\n")
    result = invoke("build", good, "--out", tmp_path / "out", "--config", config)
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {config}: unknown setting(s) wokers; known settings are "
        "aliases, batch_size, dates, from, max_file_mb, max_record_mb, min_article_chars, query, scheduler, sentences, spacy_model, "
        "to, workers"
    )


def test_no_paths_is_a_usage_error_with_exit_code_2(tmp_path):
    result = invoke("build", "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert "give files, folders or globs to read, or --sample" in result.output


def test_an_unknown_option_is_a_usage_error(tmp_path):
    assert invoke("build", "--frobnicate").exit_code == 2


def test_a_store_path_that_is_a_folder_is_an_error_with_advice(tmp_path, good):
    result = invoke("build", good, "--out", tmp_path / "out", "--store", tmp_path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: store path {tmp_path} is a folder")


def test_running_build_twice_reports_everything_as_already_present(tmp_path, good):
    invoke("build", good, "--out", tmp_path / "out")
    result = invoke("build", good, "--out", tmp_path / "out")
    assert result.exit_code == 0
    assert f"already present: {good}" in result.stdout
    data = json.loads((tmp_path / "out" / "timeline.json").read_text())
    assert len(data["articles"]) == 1


def test_add_then_build_uses_everything_stored(tmp_path, good, article_text):
    other = tmp_path / "other.txt"
    other.write_text(article_text.replace("Monday", "Tuesday").replace("June 6", "June 7"))
    store = tmp_path / "out" / "dateline.sqlite"
    assert invoke("add", good, "--store", store).exit_code == 0
    assert invoke("build", other, "--out", tmp_path / "out").exit_code == 0
    data = json.loads((tmp_path / "out" / "timeline.json").read_text())
    assert sorted(a["published"]["date"] for a in data["articles"]) == ["2022-06-06", "2022-06-07"]


def test_version_is_printed():
    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout.startswith("dateline ")


def test_a_folder_with_nothing_readable_exits_1_and_lists_each_file(tmp_path):
    folder = tmp_path / "stuff"
    folder.mkdir()
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n")
    (folder / "notes.docx").write_bytes(b"PK\x03\x04")
    result = invoke("build", folder, "--out", tmp_path / "out")
    assert result.exit_code == 1
    reason = "unsupported file type (dateline reads .html, .htm, .txt, .md, .jsonl, .warc and .warc.gz)"
    assert result.stderr.startswith("Error: nothing to read: ")
    assert f"{folder}/logo.png: {reason}" in result.stderr
    assert f"{folder}/notes.docx: {reason}" in result.stderr


def test_a_200_mb_file_is_skipped_without_being_read(tmp_path, good):
    huge = tmp_path / "huge.html"
    with huge.open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: nothing is written to disk
    result = invoke("build", huge, good, "--out", tmp_path / "out")
    assert result.exit_code == 0
    assert (
        f"skipped {huge}: file is 200 MB, over the 20 MB limit for one report "
        "(raise max_file_mb in dateline.toml if it really is one article)"
    ) in result.stderr


def test_a_truncated_warc_keeps_its_readable_pages(tmp_path, article_text):
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for i in range(3):
        page = f"<html><body><article><p>{article_text.replace('ferry', f'ferry {i}')}</p></article></body></html>"
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://osk.example/{i}", "response",
                                                      payload=io.BytesIO(page.encode()), http_headers=headers))
    data = buffer.getvalue()
    archive = tmp_path / "cut.warc.gz"
    archive.write_bytes(data[: len(data) - 200])
    result = invoke("build", archive, "--out", tmp_path / "out")
    assert result.exit_code == 0
    assert f"skipped {archive}: WARC is truncated or damaged after record" in result.stderr
    data = json.loads((tmp_path / "out" / "timeline.json").read_text())
    assert [a["origin"]["record"] for a in data["articles"]] == [0, 1]


# -- a damaged, read-only or full store, and a full disk for the outputs ---------------


@pytest.fixture
def built(tmp_path, good):
    """A build's output folder, without timeline.json (so that `render` reads the store)."""
    out = tmp_path / "out"
    assert invoke("build", good, "--out", out).exit_code == 0
    (out / "timeline.json").unlink()
    return out


@pytest.fixture
def no_server(monkeypatch):
    """`dateline serve` must stop before serving: a server that starts fails the test instead of hanging it."""
    import uvicorn

    def started(*args, **kwargs):
        raise AssertionError("the server started")

    monkeypatch.setattr(uvicorn, "run", started)


def _command(name, out, good):
    store = out / STORE_NAME
    return {"build": ["build", good, "--out", out], "add": ["add", good, "--store", store],
            "render": ["render", out], "serve": ["serve", out]}[name]


def _says_error_about(result, path, problem):
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: ") and str(path) in result.stderr and problem in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["build", "add", "render", "serve"])
def test_a_damaged_store_ends_the_command_with_an_error_naming_it_and_the_fix(built, good, command, no_server):
    damage(built / STORE_NAME)
    result = invoke(*_command(command, built, good))
    _says_error_about(result, built / STORE_NAME, "is damaged (database disk image is malformed); restore it")


@pytest.mark.parametrize("command", ["build", "add", "serve"])
def test_a_read_only_store_ends_a_command_that_writes_with_an_error_saying_what_to_do(built, good, command,
                                                                                     no_server, monkeypatch):
    open_read_only(monkeypatch)
    result = invoke(*_command(command, built, good))
    _says_error_about(result, built / STORE_NAME, "cannot be written (attempt to write a readonly database); "
                                                  "make it and its folder writable")


def test_a_read_only_store_can_still_be_rendered(built, good, monkeypatch):
    open_read_only(monkeypatch)
    result = invoke("render", built)
    assert result.exit_code == 0, result.output
    assert (built / "timeline.json").is_file()


def test_a_store_from_a_newer_dateline_is_refused_by_every_command(built, good, no_server):
    with sqlite3.connect(built / STORE_NAME) as db:
        db.execute("PRAGMA user_version = 999")
    for command in ("build", "add", "render", "serve"):
        result = invoke(*_command(command, built, good))
        _says_error_about(result, built / STORE_NAME, "was written by a newer dateline (schema 999")


def test_a_full_disk_under_the_store_is_an_error_and_a_rerun_loses_nothing(tmp_path, good, built, monkeypatch):
    connect = sqlite3.connect

    def full(path, *args, **kwargs):
        db = connect(path, *args, **kwargs)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages}")  # what a full disk does to SQLite
        return db

    other = tmp_path / "other.txt"
    other.write_text(good.read_text().replace("ferry", "barge")
                     + "".join(f"\nA second report, about another day, line {n}.\n" for n in range(1000)))
    with monkeypatch.context() as patch:
        patch.setattr(sqlite3, "connect", full)
        result = invoke("add", other, "--store", built / STORE_NAME)
    _says_error_about(result, built / STORE_NAME, "is full (database or disk is full); free some space and run the "
                                                  "same command again")
    result = invoke("add", other, "--store", built / STORE_NAME)
    assert result.exit_code == 0 and "added" in result.stdout
    with Store(built / STORE_NAME) as store:
        assert store.count() == 2


class _FillingFile:
    """A file being written whose disk fills up: the first piece is half written, then ENOSPC."""

    def __init__(self, handle):
        self.handle = handle

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.handle.close()

    def write(self, data):
        self.handle.write(data[: len(data) // 2])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def writelines(self, pieces):
        for piece in pieces:
            self.write(piece)


def test_a_full_disk_under_the_outputs_is_an_error_and_leaves_no_temporary_file(built, monkeypatch):
    real_open = pathlib.Path.open

    def full(self, mode="r", *args, **kwargs):
        handle = real_open(self, mode, *args, **kwargs)
        return _FillingFile(handle) if "w" in mode else handle

    monkeypatch.setattr(pathlib.Path, "open", full)
    result = invoke("render", built)
    _says_error_about(result, built / "timeline.json", "(No space left on device); the disk is full; free some space")
    assert "nothing is lost" in result.stderr
    assert not list(built.glob("*.tmp")) and not (built / "timeline.json").exists()
