"""Hostile and careless piles: what the readers meet (issue 15, item 1 and the suite's input classes)."""

from __future__ import annotations

import gzip
import json
import os
import random
import struct
import time
import zlib
from pathlib import Path

from harness import (
    Ctx,
    article_count,
    case,
    good_report,
    sample_html,
    sparse,
    stored_origins,
    stored_texts,
)

#: Every suffix the readers take (README "Using it on your own reports").
EXTENSIONS = (".html", ".htm", ".txt", ".md", ".jsonl", ".jsonl.gz", ".ndjson", ".warc", ".warc.gz")
#: What a gzip bomb expands to: past the 1.5 GB memory cap, so a reader that holds it whole fails.
BOMB_BYTES = 2 * 1024**3
_BOMB_CHUNK = 64 * 1024**2
#: One "1 GB sparse file" of the issue.
GIGABYTE = 1024**3
#: Nesting depth of the deeply nested HTML page.
NESTED_DIVS = 100_000
#: A small per-report limit for the cases that break it (max_file_mb in dateline.toml), so they stay small.
SMALL_LIMIT_MB = 1


def _pile(ctx: Ctx, name: str = "pile") -> Path:
    folder = ctx.tmp / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _config(ctx: Ctx, **values: object) -> Path:
    path = ctx.tmp / "dateline.toml"
    path.write_text("[dateline]\n" + "".join(f"{k} = {json.dumps(v)}\n" for k, v in values.items()), encoding="utf-8")
    return path


def accounted(ctx: Ctx, run, store: Path, names: list[str], what: str) -> None:
    """Each of ``names`` (a file's name) is either stored (an origin holds it) or skipped with a reason."""
    origins = stored_origins(store) if store.exists() else []
    skipped = run.skipped_lines()
    for name in names:
        ctx.expect(any(name in o for o in origins) or any(name in line for line in skipped),
                   f"{what}: {name!r} is neither stored nor listed as skipped")


def gzip_bomb(prefix: bytes, total: int, suffix: bytes = b"", fill: bytes = b"\0") -> bytes:
    """One gzip member holding ``prefix``, ``total`` bytes of ``fill`` and ``suffix``: about 1,000 times smaller.

    Built from one compressed 64 MB block repeated (a full flush makes each block stand alone), so a 2 GB
    bomb takes a second, not the minute compressing 2 GB would.
    """
    def raw(data: bytes) -> bytes:
        c = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
        return c.compress(data) + c.flush(zlib.Z_FULL_FLUSH)

    zeros = fill * _BOMB_CHUNK
    block = raw(zeros)
    repeats, rest = divmod(total, _BOMB_CHUNK)
    crc = zlib.crc32(prefix)
    for _ in range(repeats):
        crc = zlib.crc32(zeros, crc)
    crc = zlib.crc32(fill * rest, crc)
    crc = zlib.crc32(suffix, crc)
    body = raw(prefix) + block * repeats + raw(fill * rest) + raw(suffix) + b"\x03\x00"  # an empty final block
    size = (len(prefix) + total + len(suffix)) & 0xFFFFFFFF
    return b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + body + struct.pack("<II", crc & 0xFFFFFFFF, size)


def warc_record(headers: dict[str, str], block: bytes, rec_type: str = "response") -> bytes:
    """One uncompressed WARC record."""
    head = {"WARC-Type": rec_type, "WARC-Record-ID": f"<urn:uuid:{random.getrandbits(128):032x}>",
            "WARC-Date": "2023-03-14T10:00:00Z", **headers, "Content-Length": str(len(block))}
    return ("WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in head.items()) + "\r\n").encode() + block + b"\r\n\r\n"


def http_response(body: bytes, content_type: str = "text/html; charset=utf-8", status: str = "200 OK",
                  extra: str = "") -> bytes:
    return (f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n{extra}Content-Length: {len(body)}\r\n\r\n").encode() + body


def html_page(index: int) -> bytes:
    page = sample_html()
    return page.replace("</body>", f"<p>This paragraph marks page {index} written for the adversarial suite.</p></body>", 1).encode()


def _add(ctx: Ctx, paths: list[Path | str], store: Path, *extra: str, timeout: float = 60, **kw):
    return ctx.dateline("add", *map(str, paths), "--store", str(store), "--workers", "1", *extra, timeout=timeout, **kw)


# -- random bytes, bombs, sparse files ----------------------------------------------------------


@case()
def case_random_bytes_every_extension(ctx: Ctx) -> None:
    """Random bytes under every extension are skipped with a reason; the one good report is stored."""
    pile = _pile(ctx)
    rng = random.Random(15)
    names = []
    for ext in EXTENSIONS:
        name = f"junk{ext}"
        (pile / name).write_bytes(bytes(rng.getrandbits(8) for _ in range(4096)))
        names.append(name)
    (pile / "good.txt").write_text(good_report(0), encoding="utf-8")
    store = ctx.tmp / "out" / "s.sqlite"
    run = _add(ctx, [pile], store)
    if ctx.check(run, "add"):
        ctx.expect(article_count(store) == 1, f"expected the 1 good report stored, found {article_count(store)}")
        for name in names:
            ctx.expect_skipped(run, name, "random bytes")


def _bomb_case(ctx: Ctx, name: str, data: bytes, timeout: float = 90) -> None:
    pile = _pile(ctx)
    (pile / name).write_bytes(data)
    (pile / "good.txt").write_text(good_report(1), encoding="utf-8")
    store = ctx.tmp / "out" / "s.sqlite"
    run = _add(ctx, [pile], store, timeout=timeout)
    if ctx.check(run, f"add with {name}"):
        ctx.expect(article_count(store) == 1, f"expected the good report stored, found {article_count(store)}")
        ctx.expect_skipped(run, name, name)


@case()
def case_gzip_bomb_jsonl_line(ctx: Ctx) -> None:
    """A .jsonl.gz whose one line expands to 2 GB is skipped within the memory cap."""
    _bomb_case(ctx, "bomb.jsonl.gz", gzip_bomb(b'{"text": "', BOMB_BYTES, b'"}\n'))


@case("long")
def case_gzip_bomb_jsonl_blank_lines(ctx: Ctx) -> None:
    """A .jsonl.gz of 512 MB of newlines (no record at all) is skipped within the memory cap and the time limit."""
    _bomb_case(ctx, "blank-bomb.jsonl.gz", gzip_bomb(b"", BOMB_BYTES // 4, fill=b"\n"), timeout=180)


@case()
def case_gzip_bomb_warc_header(ctx: Ctx) -> None:
    """A .warc.gz record whose header line expands to 2 GB is skipped within the memory cap."""
    _bomb_case(ctx, "header-bomb.warc.gz", gzip_bomb(b"WARC/1.0\r\nWARC-Type: response\r\nX-Pad: ", BOMB_BYTES, b"\r\n\r\n"))


@case("long")
def case_gzip_bomb_warc_record_body(ctx: Ctx) -> None:
    """A .warc.gz record whose body expands to 2 GB is skipped within the memory cap."""
    head = warc_record({"WARC-Target-URI": "https://example.org/bomb", "Content-Type": "application/http; msgtype=response"},
                       b"")
    head = head[: head.index(b"Content-Length:")] + f"Content-Length: {BOMB_BYTES + 90}\r\n\r\n".encode()
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: " + str(BOMB_BYTES).encode() + b"\r\n\r\n"
    _bomb_case(ctx, "body-bomb.warc.gz", gzip_bomb(head + http.ljust(90, b" "), BOMB_BYTES, b"\r\n\r\n"))


@case()
def case_gzip_bomb_inside_warc_record(ctx: Ctx) -> None:
    """A WARC response with Content-Encoding: gzip whose page expands to 2 GB is skipped within the cap."""
    body = gzip_bomb(b"<html><body><p>", BOMB_BYTES, b"</p></body></html>")
    http = http_response(body, extra="Content-Encoding: gzip\r\n")
    record = warc_record({"WARC-Target-URI": "https://example.org/encoded-bomb",
                          "Content-Type": "application/http; msgtype=response"}, http)
    _bomb_case(ctx, "encoded-bomb.warc", record)


def _sparse_case(ctx: Ctx, suffixes: tuple[str, ...], timeout: float) -> None:
    pile = _pile(ctx)
    names = []
    for ext in suffixes:
        name = f"huge{ext}"
        head = b""
        if ext in (".jsonl", ".ndjson"):
            head = b'{"text": "'
        elif ext in (".html", ".htm"):
            head = b"<html><body><p>"
        elif ext == ".warc":
            head = warc_record({"WARC-Target-URI": "https://example.org/a", "Content-Type": "application/http; msgtype=response"},
                               http_response(html_page(7)))
        elif ext.endswith(".gz"):
            head = gzip.compress(b'{"text": "a"}\n' if "jsonl" in ext else warc_record({}, b"", "warcinfo"))
        sparse(pile / name, GIGABYTE, head)
        names.append(name)
    (pile / "good.txt").write_text(good_report(2), encoding="utf-8")
    store = ctx.tmp / "out" / "s.sqlite"
    start = time.monotonic()
    run = _add(ctx, [pile], store, timeout=timeout)
    if ctx.check(run, "add of 1 GB sparse files"):
        count = article_count(store)
        ctx.expect(count >= 1, "the good report was not stored")
        accounted(ctx, run, store, names, "1 GB sparse")
        ctx.expect(time.monotonic() - start < timeout, "too slow")


@case()
def case_sparse_1gb_html_and_text(ctx: Ctx) -> None:
    """1 GB sparse .html, .htm, .txt and .md are refused by size in seconds."""
    _sparse_case(ctx, (".html", ".htm", ".txt", ".md"), timeout=30)


@case("long")
def case_sparse_1gb_every_type(ctx: Ctx) -> None:
    """1 GB sparse files of every type: skipped with a reason within the cap, no hang."""
    _sparse_case(ctx, EXTENSIONS, timeout=240)


# -- shapes of content ---------------------------------------------------------------------------


@case()
def case_deeply_nested_html(ctx: Ctx) -> None:
    """A page of 100,000 nested divs is read or skipped with a reason, within time and memory."""
    pile = _pile(ctx)
    text = good_report(3).replace("\n\n", "</p><p>")
    (pile / "nested.html").write_text("<html><body>" + "<div>" * NESTED_DIVS + f"<p>{text}</p>" + "</div>" * NESTED_DIVS
                                      + "</body></html>", encoding="utf-8")
    (pile / "good.txt").write_text(good_report(4), encoding="utf-8")
    store = ctx.tmp / "out" / "s.sqlite"
    run = _add(ctx, [pile], store, timeout=90)
    if ctx.check(run, "add"):
        accounted(ctx, run, store, ["nested.html", "good.txt"], "nested HTML")


@case()
def case_nul_bytes(ctx: Ctx) -> None:
    """NUL bytes in text, HTML, JSONL and WARC: each file stored or skipped with a reason; no hang."""
    pile = _pile(ctx)
    (pile / "nul-inside.txt").write_bytes(good_report(5).encode().replace(b". ", b".\x00 ", 3))
    (pile / "nul-run.txt").write_bytes(good_report(6).encode() + b"\x00" * 300_000)
    (pile / "nul.html").write_bytes(html_page(8).replace(b"<p>", b"<p>\x00", 2))
    lines = [json.dumps({"text": good_report(9) + "\u0000 escaped NUL"}).encode(),
             b'{"text": "raw \x00 NUL"}', b"\x00" * 5000, json.dumps({"text": good_report(10)}).encode()]
    (pile / "nul.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    record = warc_record({"WARC-Target-URI": "https://example.org/n", "Content-Type": "application/http; msgtype=response"},
                         http_response(html_page(11)))
    (pile / "nul-run.warc").write_bytes(record + b"\x00" * 2_000_000)
    (pile / "good.txt").write_text(good_report(12), encoding="utf-8")
    store = ctx.tmp / "out" / "s.sqlite"
    run = _add(ctx, [pile], store)
    if ctx.check(run, "add"):
        accounted(ctx, run, store, ["nul-inside.txt", "nul-run.txt", "nul.html", "nul.jsonl:1", "nul.jsonl:2",
                                    "nul.jsonl:3", "nul.jsonl:4", "nul-run.warc", "good.txt"], "NUL bytes")
        texts = stored_texts(store)
        ctx.expect(not any("\x00" in t for t in texts), "a stored article text holds a NUL character")


@case()
def case_symlink_loops(ctx: Ctx) -> None:
    """Folders with symlink loops are walked without a traceback or a hang; the good report is stored."""
    pile = _pile(ctx)
    sub = pile / "sub"
    sub.mkdir()
    (sub / "good.txt").write_text(good_report(13), encoding="utf-8")
    os.symlink("..", sub / "up")          # a loop through the parent
    os.symlink(".", sub / "here")         # a loop to itself
    os.symlink("b.txt", pile / "a.txt")   # two links naming each other
    os.symlink("a.txt", pile / "b.txt")
    os.symlink("self.html", pile / "self.html")
    os.symlink("missing.txt", pile / "dangling.txt")
    store = ctx.tmp / "out" / "s.sqlite"
    run = _add(ctx, [pile], store, timeout=60)
    if ctx.check(run, "add"):
        ctx.expect(article_count(store) == 1, f"expected the good report stored once, found {article_count(store)}")
    run = _add(ctx, [pile / "a.txt", pile / "self.html"], store)
    ctx.check(run, "add of looping links named directly", rc=(0, 1))


@case()
def case_unreadable_files_and_folders(ctx: Ctx) -> None:
    """An unreadable file and an unreadable sub-folder are listed as skipped; the readable report is stored."""
    pile = _pile(ctx)
    (pile / "good.txt").write_text(good_report(14), encoding="utf-8")
    secret = pile / "secret.txt"
    secret.write_text(good_report(15), encoding="utf-8")
    locked = pile / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(good_report(16), encoding="utf-8")
    secret.chmod(0)
    locked.chmod(0)
    store = ctx.tmp / "out" / "s.sqlite"
    try:
        run = _add(ctx, [pile], store, drop_root=True)
    finally:
        locked.chmod(0o755)
        secret.chmod(0o644)
    if ctx.check(run, "add"):
        ctx.expect(article_count(store) == 1, f"expected 1 readable report stored, found {article_count(store)}")
        ctx.expect_skipped(run, "secret.txt", "unreadable file", ("permission", "cannot read"))
        ctx.expect_skipped(run, "locked", "unreadable folder", ("permission", "cannot read"))


ODD_NAMES = (
    os.fsdecode(b"bad-\xff\xfe-bytes.txt"),
    "new\nline.txt",
    "carriage\rreturn.txt",
    "-leading-dash.txt",
    "--store.txt",
    "l" * 240 + ".txt",
    "ünïcødé ñ 日本語 🙂.txt",
    "rtl-\u202eevil.txt",
    "e\u0301-decomposed.md",
    "space .txt",
    "quote\"'`$(x).txt",
)


@case()
def case_odd_file_names(ctx: Ctx) -> None:
    """Files with non-UTF-8, newline, CR, leading-dash, long and unicode names are all stored."""
    pile = _pile(ctx)
    for i, name in enumerate(ODD_NAMES):
        (pile / name).write_text(good_report(100 + i), encoding="utf-8")
    store = ctx.tmp / "out" / "s.sqlite"
    run = _add(ctx, [pile], store)
    if ctx.check(run, "add of the folder"):
        count = article_count(store)
        ctx.expect(count == len(ODD_NAMES), f"expected {len(ODD_NAMES)} reports stored, found {count}")
    run = ctx.dateline("add", "--store", str(store), "--workers", "1", "--", "-leading-dash.txt", "--store.txt",
                       cwd=pile)
    ctx.check(run, "add of files named with a leading dash after --")
    out = ctx.tmp / "built"
    run = ctx.dateline("build", str(pile), "--out", str(out), "--workers", "1", "-q", timeout=90)
    if ctx.check(run, "build (every output written)"):
        for name in ("timeline.json", "timeline.md", "entries.csv", "timeline.html"):
            ctx.expect((out / name).is_file(), f"build wrote no {name}")


@case()
def case_warc_revisit_and_non_html(ctx: Ctx) -> None:
    """WARC revisit, request, metadata, image, PDF and 404 records: only the HTML page is stored, no traceback."""
    pile = _pile(ctx)
    uri = "https://example.org/news/1"
    http = {"Content-Type": "application/http; msgtype=response", "WARC-Target-URI": uri}
    records = [
        warc_record({"Content-Type": "application/warc-fields"}, b"software: adversarial\r\n", "warcinfo"),
        warc_record({**http, "Content-Type": "application/http; msgtype=request"}, b"GET /news/1 HTTP/1.1\r\nHost: example.org\r\n\r\n", "request"),
        warc_record(http, http_response(html_page(20))),
        warc_record({**http, "WARC-Profile": "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest",
                     "WARC-Refers-To-Target-URI": uri}, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n", "revisit"),
        warc_record({**http, "WARC-Target-URI": "https://example.org/a.png"}, http_response(b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png")),
        warc_record({**http, "WARC-Target-URI": "https://example.org/a.pdf"}, http_response(b"%PDF-1.4\n" + bytes(200), "application/pdf")),
        warc_record({**http, "WARC-Target-URI": "https://example.org/gone"}, http_response(html_page(21), status="404 Not Found")),
        warc_record({**http, "WARC-Target-URI": "https://example.org/noct"}, b"HTTP/1.1 200 OK\r\n\r\n" + html_page(22)),
        warc_record({"Content-Type": "text/html", "WARC-Target-URI": "https://example.org/resource"}, html_page(23), "resource"),
        warc_record({"Content-Type": "application/warc-fields", "WARC-Target-URI": uri}, b"outlinks: x\r\n", "metadata"),
        warc_record({**http, "WARC-Target-URI": "https://example.org/garbled"}, b"not an http response at all"),
    ]
    (pile / "mixed.warc").write_bytes(b"".join(records))
    (pile / "mixed.warc.gz").write_bytes(b"".join(gzip.compress(r) for r in records))
    store = ctx.tmp / "out" / "s.sqlite"
    run = _add(ctx, [pile], store)
    if ctx.check(run, "add"):
        origins = stored_origins(store)
        ctx.expect(any("mixed.warc#2" in o for o in origins), f"the HTML response was not stored: {origins}")
        for record in (4, 5, 6):
            ctx.expect_skipped(run, f"mixed.warc#{record}", f"WARC record {record}")


@case()
def case_jsonl_hostile_lines(ctx: Ctx) -> None:
    """JSONL with lone surrogates, a huge line, deep nesting and wrong field types: good lines kept, bad ones listed."""
    pile = _pile(ctx)
    good = [good_report(200 + i) for i in range(5)]
    lines = [
        json.dumps({"text": good[0]}),                                         # 1 good
        '{"text": "' + good[1].replace("\n", "\\n") + ' \\ud800 lone"}',       # 2 a lone surrogate, escaped
        '{"title": "\\udfff", "text": "' + good[2].replace("\n", "\\n") + '"}',  # 3 a lone surrogate in a title
        json.dumps({"text": 5}),                                               # 4 wrong type
        json.dumps({"text": ["a", "b"]}),                                      # 5 wrong type
        json.dumps({"title": {"a": 1}, "published": [2023], "url": 123, "outlet": None, "text": good[3]}),  # 6 kept
        json.dumps([1, 2]),                                                    # 7 not an object
        "null",                                                                # 8 not an object
        json.dumps({"html": True}),                                            # 9 wrong type
        json.dumps({"text": good[4][:300], "extra": {"deep": [[["nested"]]]}}),  # 10 kept, an extra field
        json.dumps({"text": "x " * (SMALL_LIMIT_MB * 1024 * 1024)}),           # 11 over the per-report limit
        json.dumps({"text": good[4], "published": "9999-99-99T99:99"}),       # 12 kept, date unreadable
    ]
    (pile / "feed.jsonl").write_bytes(("\n".join(lines) + "\n").encode("utf-8", "surrogatepass"))
    (pile / "feed.ndjson").write_bytes(b'{"text": "\xff\xfe broken utf-8 ' + good[0][:200].encode() + b'"}\n')
    config = _config(ctx, max_file_mb=SMALL_LIMIT_MB)
    store = ctx.tmp / "out" / "s.sqlite"
    run = _add(ctx, [pile], store, "--config", str(config))
    if ctx.check(run, "add"):
        origins = stored_origins(store)
        for line in (1, 6, 12):
            ctx.expect(any(o.endswith(f"feed.jsonl:{line}") for o in origins), f"good line {line} was not stored")
        accounted(ctx, run, store, [f"feed.jsonl:{n}" for n in range(1, len(lines) + 1)] + ["feed.ndjson"], "JSONL")
        for line in (4, 5, 7, 8, 9, 11):
            ctx.expect_skipped(run, f"feed.jsonl:{line}", f"line {line}")
    out = ctx.tmp / "built"
    run = ctx.dateline("build", str(pile), "--out", str(out), "--workers", "1", "--config", str(config), "-q", timeout=90)
    if ctx.check(run, "build"):
        try:
            json.loads((out / "timeline.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            ctx.expect(False, f"timeline.json is not readable JSON: {exc}")


@case()
def case_jsonl_deeply_nested_line(ctx: Ctx) -> None:
    """A JSONL line nested 100,000 arrays deep (past Python's recursion limit) is skipped with its line number."""
    pile = _pile(ctx)
    lines = [json.dumps({"text": good_report(250)}), "[" * 100_000 + "]" * 100_000,
             '{"text": ' * 50_000 + '"x"' + "}" * 50_000, json.dumps({"text": good_report(251)})]
    (pile / "deep.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    store = ctx.tmp / "out" / "s.sqlite"
    run = _add(ctx, [pile], store)
    if ctx.check(run, "add"):
        ctx.expect(article_count(store) == 2, f"expected lines 1 and 4 stored, found {article_count(store)}")
        for line in (2, 3):
            ctx.expect_skipped(run, f"deep.jsonl:{line}", f"line {line}")


@case()
def case_mixed_encodings_in_one_file(ctx: Ctx) -> None:
    """A text file mixing UTF-8 and cp1252 paragraphs is stored without mojibake."""
    pile = _pile(ctx)
    text = good_report(300)
    # Both pieces are prose paragraphs inside the report (after its marked paragraph), where the cleaner keeps them.
    head, marked, tail = text.partition("Copy 300 of this report was written for the adversarial suite.")
    data = (head + marked).encode("utf-8") + \
        "\n\nCafé “news” readers said on Monday that the naïve façade of the old harbour office had been repaired.\n\n".encode() + \
        "The mayor’s “final” word on the café came later that evening, when she said the works were finished.\n".encode("cp1252") + \
        tail.encode("utf-8")
    (pile / "mixed.txt").write_bytes(data)
    store = ctx.tmp / "out" / "s.sqlite"
    run = _add(ctx, [pile], store)
    if ctx.check(run, "add"):
        texts = stored_texts(store)
        if ctx.expect(len(texts) == 1, f"expected the report stored, found {len(texts)}"):
            for bad in ("Ã", "â€", "√", "‚Äú", "\ufffd"):
                ctx.expect(bad not in texts[0], f"stored text holds mojibake {bad!r}")
            ctx.expect("Café “news”" in texts[0], "the UTF-8 paragraph was not decoded as UTF-8")


@case()
def case_truncated_gzip_warc(ctx: Ctx) -> None:
    """A .warc.gz cut mid-record keeps the records before the cut and says it was truncated."""
    pile = _pile(ctx)
    records = [warc_record({"WARC-Target-URI": f"https://example.org/{i}", "Content-Type": "application/http; msgtype=response"},
                           http_response(html_page(400 + i))) for i in range(3)]
    data = b"".join(gzip.compress(r) for r in records)
    first_two = len(gzip.compress(records[0])) + len(gzip.compress(records[1]))
    (pile / "cut.warc.gz").write_bytes(data[: first_two + (len(data) - first_two) // 2])
    store = ctx.tmp / "out" / "s.sqlite"
    run = _add(ctx, [pile], store)
    if ctx.check(run, "add"):
        origins = stored_origins(store)
        ctx.expect(sum("cut.warc.gz#" in o for o in origins) == 2, f"expected records 0 and 1 stored, found {origins}")
        ctx.expect_skipped(run, "cut.warc.gz", "truncated WARC", ("truncated", "damaged", "cut"))


@case()
def case_truncated_gzip_jsonl(ctx: Ctx) -> None:
    """A .jsonl.gz cut short keeps the lines before the cut and says it was truncated."""
    pile = _pile(ctx)
    lines = b"".join(json.dumps({"text": good_report(410 + i)}).encode() + b"\n" for i in range(3))
    data = gzip.compress(lines)
    (pile / "cut.jsonl.gz").write_bytes(data[:-30])
    (pile / "good.txt").write_text(good_report(409), encoding="utf-8")
    store = ctx.tmp / "out" / "s.sqlite"
    run = _add(ctx, [pile], store)
    if ctx.check(run, "add"):
        ctx.expect(article_count(store) >= 1, "the good report was not stored")
        ctx.expect_skipped(run, "cut.jsonl.gz", "truncated JSONL gzip", ("truncated", "damaged", "cut", "gzip"))


@case("long")
def case_text_longer_than_spacy_max_length(ctx: Ctx) -> None:
    """A 1.2-million-character text report is built (or skipped with a reason), never a spaCy E088 traceback."""
    pile = _pile(ctx)
    paragraphs = [good_report(500 + i) for i in range(400)]
    text = "\n\n".join(paragraphs)
    while len(text) < 1_200_000:
        text += "\n\n" + text[:200_000]
    (pile / "long.txt").write_text(text, encoding="utf-8")
    (pile / "good.txt").write_text(good_report(499), encoding="utf-8")
    out = ctx.tmp / "out"
    run = ctx.dateline("build", str(pile), "--out", str(out), "--workers", "1", "-q", timeout=600)
    if ctx.check(run, "build"):
        accounted(ctx, run, out / "dateline.sqlite", ["long.txt", "good.txt"], "long text")
        ctx.expect("E088" not in run.stderr, "spaCy's E088 reached the user")
