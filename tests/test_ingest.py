import gzip
import io
import json
import os

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dateline.config import Settings
from dateline.ingest.read import DANGLING_LINK, discover, read_file, read_paths, split_front_matter
from dateline.model import RawDocument, Skipped

PAGE = "<html><head><title>Osk ferry</title></head><body><article><p>{}</p></article></body></html>"


def _read(paths, **settings):
    return list(read_paths([str(p) for p in paths], Settings(**settings)))


def test_folders_are_read_recursively_in_a_stable_order(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text("two")
    (tmp_path / "one.html").write_text(PAGE.format("one"))
    (tmp_path / ".hidden.txt").write_text("hidden")
    files, skipped = discover([str(tmp_path)])
    assert [f.path.name for f in files] == ["two.txt", "one.html"] or [f.path.name for f in files] == ["one.html", "two.txt"]
    assert sorted(f.path.name for f in files) == ["one.html", "two.txt"]
    assert skipped == []
    assert files == discover([str(tmp_path)])[0]


def test_labels_keep_the_path_as_the_user_gave_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "a.txt").write_text("x")
    files, _ = discover(["reports"])
    assert files[0].label == "reports/a.txt"


def test_globs_expand_and_an_empty_glob_is_reported(tmp_path):
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "b.txt").write_text("b")
    files, skipped = discover([str(tmp_path / "*.txt"), str(tmp_path / "*.nothing")])
    assert len(files) == 2
    assert skipped == [Skipped(str(tmp_path / "*.nothing"), "no files match this pattern")]


@pytest.mark.parametrize(
    "make, reason",
    [
        (lambda p: None, "no such file or folder"),
        (lambda p: p.mkdir(), "folder contains no files"),
    ],
)
def test_missing_paths_and_empty_folders_are_skipped_with_a_reason(tmp_path, make, reason):
    target = tmp_path / "target"
    make(target)
    _, skipped = discover([str(target)])
    assert skipped == [Skipped(str(target), reason)]


def test_unsupported_files_in_a_folder_are_listed_not_silently_dropped(tmp_path):
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    _, skipped = discover([str(tmp_path)])
    assert skipped[0].origin.endswith("photo.png")
    assert skipped[0].reason.startswith("unsupported file type")


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "file holds only whitespace"),
        ("scan.html", b"%PDF-1.4 ...", "not a text or HTML file: looks like a PDF document"),
        ("nul.txt", b"abc\x00\x00def\x00", "not a text or HTML file: looks like a binary file (it contains NUL bytes)"),
    ],
)
def test_bad_files_are_skipped_with_one_clear_reason(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    assert _read([tmp_path / name]) == [Skipped(str(tmp_path / name), reason)]


def test_a_file_over_the_size_limit_is_skipped_without_reading_it(tmp_path):
    big = tmp_path / "big.html"
    with big.open("wb") as handle:
        handle.truncate(3 * 1024 * 1024)  # sparse: no real disk use
    [item] = _read([big], max_file_mb=2)
    assert isinstance(item, Skipped)
    assert item.reason.startswith("file is 3 MB, over the 2 MB limit for one report")


def test_html_and_text_files_become_documents_of_their_kind(tmp_path):
    (tmp_path / "a.html").write_text(PAGE.format("hello"))
    (tmp_path / "b.txt").write_text("Plain report text.")
    kinds = {d.origin.path.rsplit("/", 1)[-1]: d.kind for d in _read([tmp_path])}
    assert kinds == {"a.html": "html", "b.txt": "text"}


def test_an_explicit_file_without_a_known_suffix_is_sniffed(tmp_path):
    (tmp_path / "page").write_text("<!DOCTYPE html><html><body><p>x</p></body></html>")
    [doc] = _read([tmp_path / "page"])
    assert doc.kind == "html"


def test_a_text_header_block_becomes_metadata_and_leaves_the_body():
    body, meta = split_front_matter("Title: Ferry halted\nOutlet: Osk Daily\nPublished: 2022-06-06\n\nFirst paragraph.\n")
    assert body == "First paragraph.\n"
    assert meta == {"title": "Ferry halted", "outlet": "Osk Daily", "published": "2022-06-06", "_how": "header"}


def test_yaml_front_matter_is_read_from_markdown():
    body, meta = split_front_matter("---\ntitle: \"Ferry halted\"\noutlet: Osk Daily\n---\n\nBody.\n")
    assert body == "Body.\n"
    assert meta["title"] == "Ferry halted" and meta["outlet"] == "Osk Daily"


@pytest.mark.parametrize(
    "text",
    [
        "Update: the ferry resumed service on Tuesday.\n\nMore text.",
        "Warning: strong winds\nexpected tonight.\n",
        "No header here.\n",
    ],
)
def test_a_paragraph_that_looks_like_a_header_is_not_taken_as_one(text):
    assert split_front_matter(text) == (text, {})


def test_jsonl_lines_become_documents_and_bad_lines_are_skipped_with_their_line_number(tmp_path):
    feed = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"text": "Report one.", "title": "One", "published": "2022-06-06", "outlet": "Osk Daily", "url": "https://osk.example/1"}),
        "{not json",
        "",
        json.dumps(["a", "list"]),
        json.dumps({"title": "no body"}),
        json.dumps({"html": PAGE.format("two")}),
    ]
    feed.write_text("\n".join(lines) + "\n")
    items = _read([feed])
    assert [type(i).__name__ for i in items] == ["RawDocument", "Skipped", "Skipped", "Skipped", "RawDocument"]
    first = items[0]
    assert first.origin.line == 1 and first.origin.url == "https://osk.example/1"
    assert first.meta["published"] == "2022-06-06" and first.meta["outlet"] == "Osk Daily"
    assert items[1] == Skipped(f"{feed}:2", "not valid JSON (Expecting property name enclosed in double quotes at column 2)")
    assert items[2] == Skipped(f"{feed}:4", "expected a JSON object, found list")
    assert items[3] == Skipped(f"{feed}:5", "record has no 'text' or 'html' field with content")
    assert items[4].kind == "html" and items[4].origin.label() == f"{feed}:6"


def test_gzipped_jsonl_is_read(tmp_path):
    feed = tmp_path / "feed.jsonl.gz"
    feed.write_bytes(gzip.compress(json.dumps({"text": "Report."}).encode() + b"\n"))
    [doc] = _read([feed])
    assert doc.content == "Report."


def _warc(records) -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for url, status, ctype, body in records:
        headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers))
        writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
    return buffer.getvalue()


def test_warc_html_responses_become_documents_and_other_records_are_explained(tmp_path):
    archive = tmp_path / "crawl.warc.gz"
    archive.write_bytes(
        _warc(
            [
                ("https://osk.example/ferry", "200 OK", "text/html; charset=utf-8", PAGE.format("ferry").encode()),
                ("https://osk.example/logo.png", "200 OK", "image/png", b"\x89PNG...."),
                ("https://osk.example/gone", "404 Not Found", "text/html", b"<html>gone</html>"),
            ]
        )
    )
    items = _read([archive])
    assert isinstance(items[0], RawDocument)
    assert items[0].origin.record == 0 and items[0].origin.url == "https://osk.example/ferry"
    assert items[1] == Skipped(f"{archive}#2", "image/png response for https://osk.example/logo.png, not a page")
    assert items[2] == Skipped(f"{archive}#4", "HTTP 404 response for https://osk.example/gone, not a page")


def test_a_truncated_warc_keeps_the_records_before_the_damage(tmp_path):
    data = _warc([(f"https://osk.example/{i}", "200 OK", "text/html", PAGE.format("x" * 3000 + str(i)).encode()) for i in range(3)])
    archive = tmp_path / "cut.warc.gz"
    archive.write_bytes(data[: int(len(data) * 0.7)])
    items = _read([archive])
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert 1 <= len(docs) < 3
    assert isinstance(items[-1], Skipped)
    assert items[-1].reason.startswith("WARC is truncated or damaged after record")


def test_reading_one_file_never_raises_on_a_vanished_file(tmp_path):
    from dateline.ingest.read import InputFile

    [item] = list(read_file(InputFile(tmp_path / "gone.txt", "gone.txt"), Settings()))
    assert item.origin == "gone.txt" and item.reason.startswith("cannot read file")


def test_a_jsonl_line_over_the_record_limit_is_passed_over_and_the_lines_after_it_are_read(tmp_path):
    feed = tmp_path / "bomb.jsonl.gz"
    with gzip.open(feed, "wb") as handle:
        handle.write(json.dumps({"text": "Before."}).encode() + b"\n")
        handle.write(b'{"text": "' + b"a" * (3 * 1024 * 1024) + b'"}\n')  # 3 MB from a few KB on disk
        handle.write(json.dumps({"text": "After."}).encode() + b"\n")
    items = _read([feed], max_record_mb=1)
    assert [getattr(i, "content", None) for i in items] == ["Before.", None, "After."]
    assert items[1].origin == f"{feed}:2"
    assert items[1].reason.startswith("line is over the 1 MB limit for one record (3 MB or more); raise max_record_mb")


def test_a_sparse_jsonl_file_gives_up_at_its_hole_of_nul_bytes(tmp_path):
    feed = tmp_path / "sparse.jsonl"
    with feed.open("wb") as handle:
        handle.write(json.dumps({"text": "Kept."}).encode() + b"\n")
        handle.truncate(64 * 1024 * 1024)  # sparse: no real disk use
    items = _read([feed], max_record_mb=1)
    assert items[0].content == "Kept."
    assert items[1] == Skipped(
        str(feed), "reading gave up at line 2: the file holds a run of NUL bytes (a sparse or damaged file); lines before it were read"
    )


def test_a_lone_surrogate_in_a_jsonl_line_is_replaced_and_the_report_kept(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"text": "Ferry \\ud800 halted.", "title": "A \\udfff title"}\n')
    [doc] = _read([feed])
    assert doc.content == "Ferry \ufffd halted." and doc.meta["title"] == "A \ufffd title"
    doc.content.encode("utf-8")  # storable and printable


def test_a_file_name_that_is_not_utf8_is_read_under_a_label_with_the_byte_escaped(tmp_path):
    os_name = os.fsencode(tmp_path) + b"/bad\xff.txt"
    with open(os_name, "wb") as handle:
        handle.write(b"A report about the ferry.")
    [doc] = _read([tmp_path])
    assert doc.origin.path == f"{tmp_path}/bad\\xff.txt"
    assert doc.content == "A report about the ferry."


def test_symlink_loops_are_skipped_with_a_reason(tmp_path):
    (tmp_path / "a.html").symlink_to(tmp_path / "b.html")
    (tmp_path / "b.html").symlink_to(tmp_path / "a.html")
    (tmp_path / "ok.txt").write_text("A report.")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)
    files, skipped = discover([str(tmp_path), str(tmp_path / "a.html")])
    assert [f.path.name for f in files] == ["ok.txt"]
    assert {s.origin.rsplit("/", 1)[-1] for s in skipped} == {"a.html", "b.html"}
    assert all(s.reason == DANGLING_LINK for s in skipped)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 folder anyway, so nothing is unreadable")
def test_an_unreadable_folder_is_listed_as_skipped(tmp_path):
    (tmp_path / "ok.txt").write_text("A report.")
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "hidden.txt").write_text("Never read.")
    locked.chmod(0)
    try:
        files, skipped = discover([str(tmp_path)])
    finally:
        locked.chmod(0o755)
    assert [f.path.name for f in files] == ["ok.txt"]
    assert skipped == [Skipped(str(locked), "cannot read folder: Permission denied; check its permissions")]


def test_a_folder_os_walk_cannot_open_is_listed_as_skipped(tmp_path, monkeypatch):
    # The same path as the test above, for a run as root (where chmod 000 stops nothing).
    (tmp_path / "ok.txt").write_text("A report.")
    real_walk = os.walk

    def walk(top, onerror=None, **kwargs):
        onerror(PermissionError(13, "Permission denied", str(tmp_path / "locked")))
        yield from real_walk(top, onerror=onerror, **kwargs)

    monkeypatch.setattr(os, "walk", walk)
    files, skipped = discover([str(tmp_path)])
    assert [f.path.name for f in files] == ["ok.txt"]
    assert skipped == [Skipped(str(tmp_path / "locked"), "cannot read folder: Permission denied; check its permissions")]


def test_a_gzip_bombed_warc_header_gives_up_with_a_reason(tmp_path):
    archive = tmp_path / "bomb.warc.gz"
    with gzip.open(archive, "wb") as handle:
        handle.write(b"WARC/1.0\r\nWARC-Type: response\r\nX-Bomb: " + b"b" * (8 * 1024 * 1024) + b"\r\n\r\n")
    [item] = _read([archive])
    assert item.reason.startswith("WARC reading gave up at its start: a header line runs past 64 KB with no end")


@pytest.mark.parametrize("name", ["sparse.warc", "sparse.warc.gz"])
def test_a_sparse_warc_is_refused_quickly(tmp_path, name):
    archive = tmp_path / name
    with archive.open("wb") as handle:
        handle.truncate(1024 * 1024 * 1024)  # sparse: 1 GB of nothing, read no further than its start
    [item] = _read([archive])
    assert isinstance(item, Skipped) and item.reason.startswith("WARC is truncated or damaged at its start")


def test_a_warc_response_over_the_record_limit_is_skipped(tmp_path):
    archive = tmp_path / "big.warc.gz"
    archive.write_bytes(_warc([("https://osk.example/big", "200 OK", "text/html", b"<p>" + b"x" * (2 * 1024 * 1024) + b"</p>")]))
    [item] = _read([archive], max_record_mb=1)
    assert item.reason.startswith("response for https://osk.example/big is over the 1 MB limit for one record")


def test_a_warc_cut_inside_a_gzip_member_says_so_after_its_last_whole_record(tmp_path):
    data = _warc([(f"https://osk.example/{i}", "200 OK", "text/html", PAGE.format(str(i)).encode()) for i in range(2)])
    archive = tmp_path / "cut.warc.gz"
    archive.write_bytes(data[:-3])  # the last member (a request record) loses its gzip trailer only
    items = _read([archive])
    assert [type(i).__name__ for i in items] == ["RawDocument", "RawDocument", "Skipped"]
    assert items[-1].reason == (
        "WARC is truncated or damaged after record 3 (its compressed data ends mid-way); records before it were read"
    )


def test_a_jsonl_line_nested_too_deeply_is_skipped_and_the_lines_after_it_are_read(tmp_path):
    feed = tmp_path / "deep.jsonl"
    deep = b"[" * 100_000 + b"]" * 100_000
    feed.write_bytes(deep + b"\n" + json.dumps({"text": "After."}).encode() + b"\n")
    items = _read([feed])
    assert items[0].reason.startswith("JSON nested too deeply") and items[0].origin == f"{feed}:1"
    assert items[1].content == "After."


def test_a_cut_gzipped_jsonl_keeps_the_lines_before_the_cut_and_says_where(tmp_path):
    feed = tmp_path / "cut.jsonl.gz"
    lines = b"".join(json.dumps({"text": f"Report {i}."}).encode() + b"\n" for i in range(200))
    feed.write_bytes(gzip.compress(lines)[:-30])
    items = _read([feed])
    kept = [i for i in items if hasattr(i, "content")]
    assert len(kept) >= 150 and kept[0].content == "Report 0."
    assert items[-1].reason.startswith("compressed file is truncated or damaged after line")


def test_a_jsonl_report_over_the_limit_for_one_report_is_skipped_like_a_file_of_its_own(tmp_path):
    feed = tmp_path / "feed.jsonl"
    big = json.dumps({"text": "word " * 300_000})  # 1.5 MB of text, under the 20 MB record limit
    feed.write_text(big + "\n" + json.dumps({"text": "Small."}) + "\n", encoding="utf-8")
    items = _read([feed], max_file_mb=1)
    assert items[0].reason.startswith("its text is 1.4 MB, over the 1 MB limit for one report")
    assert items[1].content == "Small."


def test_a_bomb_of_blank_jsonl_lines_is_passed_quickly_and_line_numbers_stay_right(tmp_path):
    feed = tmp_path / "blank.jsonl.gz"
    with gzip.open(feed, "wb") as handle:
        handle.write(json.dumps({"text": "First."}).encode() + b"\n")
        handle.write(b"\n" * (20 * 1024 * 1024) + b" \t\r\n")  # 20 million blank lines from a few KB on disk
        handle.write(json.dumps({"text": "Last."}).encode() + b"\n")
    first, last = _read([feed])
    assert (first.content, last.content) == ("First.", "Last.")
    assert last.origin.line == 20 * 1024 * 1024 + 3
