"""Read stage: paths -> RawDocument records (or Skipped, with one clear reason).

Accepts files, folders (recursive) and glob patterns. Reads HTML, plain text
and Markdown (with an optional header block or front matter), JSONL feeds (one
article per line) and WARC archives. Nothing here raises on bad input: every
unusable item becomes a ``Skipped`` and reading goes on.
"""

from __future__ import annotations

import glob
import gzip
import json
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..config import Settings
from ..model import Origin, RawDocument, Skipped
from .decode import UndecodableError, decode_bytes, sniff_binary

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt", ".md", ".markdown", ".text")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson")
WARC_SUFFIXES = (".warc", ".warc.gz")
SUPPORTED = HTML_SUFFIXES + TEXT_SUFFIXES + JSONL_SUFFIXES + WARC_SUFFIXES
SUPPORTED_TEXT = ".html, .htm, .txt, .md, .jsonl, .warc and .warc.gz"

DANGLING_LINK = "a symbolic link that leads nowhere (a loop or a missing target); fix or remove the link"
_GLOB_CHARS = re.compile(r"[*?\[]")
_HEADER_KEYS = {"title": "title", "outlet": "outlet", "source": "outlet", "url": "url",
                "published": "published", "date": "published"}
_HEADER_LINE = re.compile(r"^(?P<key>[A-Za-z]+):[ \t]*(?P<value>\S.*?)\s*$")
_HTML_START = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_HTTP_CHARSET = re.compile(r"charset=([\w.:-]+)", re.I)
#: Bytes looked at for a page's opening tags and its <meta charset> (they stand in its head).
HTML_START_BYTES = 2048
META_CHARSET_BYTES = 4096
#: Lines a YAML front matter block may span, and a header block of ``Key: value`` lines.
FRONT_MATTER_LINES = 40
HEADER_LINES = 20
#: Characters of an error message kept in a skip reason (its first line, cut here).
REASON_CHARS = 120
#: A JSONL line over the record limit is passed over in pieces of this size, never held whole.
SKIP_CHUNK_BYTES = 1024 * 1024
#: A page of NUL bytes is a hole (a sparse or damaged file), never JSON or a WARC header: reading
#: such a file gives up there rather than grind through gigabytes of nothing.
NUL_RUN = b"\x00" * 4096
#: A WARC or HTTP header line longer than this is not a header: servers refuse lines over 8-16 KB,
#: and warcio would otherwise hold a line without an end whole (a bombed or sparse archive).
WARC_HEADER_LINE_BYTES = 64 * 1024
#: Header lines (WARC and HTTP, blank lines between records, chunk sizes) read between two
#: records: real ones hold a few KB, so past this the archive has no record boundary to find.
WARC_HEADER_BYTES = 1024 * 1024
#: What warcio raises on a damaged record (a header cut short leaves fields missing).
_WARCIO_DAMAGE = (AttributeError, IndexError, KeyError, TypeError, UnicodeDecodeError)
#: Lone surrogates (a JSON "\ud800" escape) cannot be stored or printed as UTF-8.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_KB = 1024
_MB = 1024 * 1024


@dataclass(frozen=True)
class InputFile:
    """A file found from the user's paths; ``label`` is how we name it in output."""

    path: Path
    label: str


def discover(
    paths: Sequence[str | os.PathLike[str]], labels: dict[str, str] | None = None
) -> tuple[list[InputFile], list[Skipped]]:
    """Expand files, folders and globs into input files, in a stable order.

    Files are named in output as the user named them (``reports/a.html`` for a
    folder ``reports`` given); ``labels`` renames a given path (the bundled
    sample is shown as ``sample/...``). Missing paths, empty globs and
    unsupported files found in folders are returned as ``Skipped``. A file named
    explicitly is always tried, whatever its suffix.
    """
    labels = labels or {}
    found: list[InputFile] = []
    skipped: list[Skipped] = []
    seen: set[Path] = set()

    def add(path: Path, label: str) -> None:
        try:
            key = path.resolve(strict=True)
        except (OSError, RuntimeError):  # RuntimeError: Python 3.11's "Symlink loop"
            skipped.append(Skipped(label, DANGLING_LINK))
            return
        if key not in seen:
            seen.add(key)
            found.append(InputFile(path, label))

    for raw in paths:
        path = Path(os.fspath(raw))
        given = safe_label(labels.get(os.fspath(raw), os.fspath(raw)))
        if path.is_dir():
            before = len(skipped)
            children = sorted(_walk(path, given, skipped))
            if not children and len(skipped) == before:
                skipped.append(Skipped(given, "folder contains no files"))
            for child in children:
                label = safe_label(os.path.join(given, os.path.relpath(child, path)))
                if _suffix(child) in SUPPORTED:
                    add(child, label)
                else:
                    skipped.append(Skipped(label, f"unsupported file type (dateline reads {SUPPORTED_TEXT})"))
        elif path.is_file():
            add(path, given)
        elif _GLOB_CHARS.search(given):
            matches = sorted(glob.glob(os.fspath(raw), recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file()]
            if not files:
                skipped.append(Skipped(given, "no files match this pattern"))
            for file in files:
                add(file, safe_label(os.path.normpath(str(file))))
        elif path.is_symlink():
            skipped.append(Skipped(given, DANGLING_LINK))
        elif path.exists():
            skipped.append(Skipped(given, "not a regular file or folder"))
        else:
            skipped.append(Skipped(given, "no such file or folder"))
    return found, skipped


def safe_label(name: str) -> str:
    """``name`` as text that can be stored and printed: bytes that are not UTF-8 shown as ``\\xff``.

    A file name that is not valid UTF-8 reaches Python with surrogate escapes
    (``bad\\udcff.txt``), which SQLite and the terminal refuse; the path itself
    keeps them, so the file is still opened.
    """
    if not _LONE_SURROGATE.search(name):
        return name
    try:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that no byte stood for
        return _LONE_SURROGATE.sub("\ufffd", name)


def _walk(folder: Path, label: str, skipped: list[Skipped]) -> Iterator[Path]:
    def unreadable(exc: OSError) -> None:
        where = os.path.join(label, os.path.relpath(exc.filename, folder)) if exc.filename else label
        where = os.path.normpath(where)
        skipped.append(Skipped(safe_label(where), f"cannot read folder: {exc.strerror or exc}; check its permissions"))

    for root, dirs, files in os.walk(folder, onerror=unreadable):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if not name.startswith("."):
                yield Path(root) / name


def _suffix(path: Path) -> str:
    name = path.name.lower()
    for suffix in (".warc.gz", ".jsonl.gz"):
        if name.endswith(suffix):
            return suffix
    return path.suffix.lower()


def read_file(file: InputFile, settings: Settings) -> Iterator[RawDocument | Skipped]:
    """Yield every report in ``file`` (one for HTML/text, many for JSONL/WARC) or why not."""
    label = file.label
    try:
        size = file.path.stat().st_size
    except OSError as exc:
        yield Skipped(label, f"cannot read file: {exc.strerror or exc}")
        return
    if size == 0:
        yield Skipped(label, "empty file")
        return
    suffix = _suffix(file.path)
    try:
        if suffix in JSONL_SUFFIXES:
            yield from _read_jsonl(file, settings)
        elif suffix in WARC_SUFFIXES:
            yield from _read_warc(file, settings)
        else:
            yield from _read_single(file, suffix, size, settings)
    except OSError as exc:
        yield Skipped(label, f"cannot read file: {exc.strerror or exc}")


def read_paths(paths: Sequence[str | os.PathLike[str]], settings: Settings) -> Iterator[RawDocument | Skipped]:
    """Discover ``paths`` and read every file: the whole read stage as one stream."""
    files, skipped = discover(paths)
    yield from skipped
    for file in files:
        yield from read_file(file, settings)


def _read_single(file: InputFile, suffix: str, size: int, settings: Settings) -> Iterator[RawDocument | Skipped]:
    label = file.label
    if size > settings.max_file_bytes:
        yield Skipped(
            label,
            f"file is {_mb(size)}, over the {_mb(settings.max_file_bytes)} limit for one report "
            "(raise max_file_mb in dateline.toml if it really is one article)",
        )
        return
    data = file.path.read_bytes()
    binary = sniff_binary(data)
    if binary:
        yield Skipped(label, f"not a text or HTML file: looks like {binary}")
        return
    is_html = suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and bool(_HTML_START.match(data[:HTML_START_BYTES])))
    declared = _meta_charset(data) if is_html else None
    try:
        decoded = decode_bytes(data, declared)
    except UndecodableError as exc:
        yield Skipped(label, str(exc))
        return
    if not decoded.text.strip():
        yield Skipped(label, "file holds only whitespace")
        return
    origin = Origin(path=label)
    if is_html:
        yield RawDocument(origin, "html", decoded.text, decoded.encoding)
        return
    body, meta = split_front_matter(decoded.text)
    if meta.get("url"):
        origin = Origin(path=label, url=meta["url"])
    yield RawDocument(origin, "text", body, decoded.encoding, meta)


def split_front_matter(text: str) -> tuple[str, dict[str, str]]:
    """Split a leading header block (``Title: ...`` lines or YAML ``---``) from the body.

    Only recognised keys count (title, outlet/source, url, published/date), so
    that a first paragraph such as "Update: ..." is never mistaken for a header.
    Returns the body and the metadata with keys ``title``, ``outlet``, ``url``,
    ``published`` and ``_how`` = "header".
    """
    lines = text.lstrip("\ufeff").splitlines()
    start, end = 0, None
    if lines and lines[0].strip() == "---":
        for i in range(1, min(len(lines), FRONT_MATTER_LINES)):
            if lines[i].strip() in ("---", "..."):
                start, end = 1, i
                break
    else:
        i = 0
        while i < len(lines) and i < HEADER_LINES and _HEADER_LINE.match(lines[i] or "-"):
            i += 1
        if i and (i == len(lines) or not lines[i].strip()):
            end = i
    if end is None:
        return text, {}
    meta: dict[str, str] = {}
    for line in lines[start:end]:
        match = _HEADER_LINE.match(line)
        key = _HEADER_KEYS.get(match.group("key").lower()) if match else None
        if match is None or (key is None and start == 0):
            return text, {}  # not a header block after all
        if key and key not in meta:
            meta[key] = _unquote(match.group("value").strip())
    if not meta:
        return text, {}
    body_start = end + 1 if start else end
    meta["_how"] = "header"
    return "\n".join(lines[body_start:]).strip("\n") + "\n", meta


def _unquote(value: str) -> str:
    """Remove YAML-style quotes around a whole value, not a quote that opens a title."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


class _NoProgress(Exception):
    """A file that holds no more records where some should be (a hole of NUL bytes, no boundary)."""


def _read_jsonl(file: InputFile, settings: Settings) -> Iterator[RawDocument | Skipped]:
    opener = gzip.open if file.path.name.lower().endswith(".gz") else open
    limit = settings.max_record_bytes
    any_line = False
    number = 0
    with opener(file.path, "rb") as handle:
        try:
            while raw := handle.readline(limit + 1):
                number += 1
                origin = Origin(path=file.label, line=number)
                if len(raw) > limit and not raw.endswith(b"\n"):
                    any_line = True
                    size = len(raw) + _skip_line(handle, raw)
                    yield Skipped(
                        origin.label(),
                        f"line is over the {_mb(limit)} limit for one record ({_mb(size)} or more); "
                        "raise max_record_mb in dateline.toml if it really is one report",
                    )
                    continue
                if not raw.strip():
                    number += _skip_blank_lines(handle)  # a run of blank lines (a bomb of them) passes at C speed
                    continue
                any_line = True
                yield _jsonl_record(raw, origin, settings.max_file_bytes)
        except _NoProgress as exc:
            yield Skipped(file.label, f"reading gave up at line {number}: {exc}; lines before it were read")
            return
        except (EOFError, gzip.BadGzipFile) as exc:
            yield Skipped(file.label, f"compressed file is truncated or damaged after line {number} ({_short(exc)}); lines before it were read")
            return
    if not any_line:
        yield Skipped(file.label, "JSONL file holds no records")


#: Bytes a blank line may hold: line ends and spaces.
_BLANK = b"\r\n \t"


def _skip_blank_lines(handle) -> int:
    """Pass over the blank lines that follow, reading ahead in blocks; the number of line ends passed."""
    passed = 0
    while True:
        ahead = handle.peek(SKIP_CHUNK_BYTES)[:SKIP_CHUNK_BYTES]
        blank = len(ahead) - len(ahead.lstrip(_BLANK))
        if not blank:
            return passed
        end = ahead.rfind(b"\n", 0, blank) + 1  # stop after the last whole blank line: the next line starts there
        if not end:
            return passed
        passed += ahead.count(b"\n", 0, end)
        handle.read(end)


def _skip_line(handle, start: bytes) -> int:
    """Read past the rest of an over-long line without holding it; the bytes passed over.

    Raises _NoProgress at a run of NUL bytes: a hole, where no line end will come.
    """
    skipped = 0
    piece = start
    while True:
        if NUL_RUN in piece:
            raise _NoProgress("the file holds a run of NUL bytes (a sparse or damaged file)")
        if piece.endswith(b"\n"):  # never ``start``: it is over-long because it has no end
            return skipped
        piece = handle.readline(SKIP_CHUNK_BYTES)
        if not piece:
            return skipped
        skipped += len(piece)


def _jsonl_record(raw: bytes, origin: Origin, report_limit: int) -> RawDocument | Skipped:
    label = origin.label()
    try:
        text = decode_bytes(raw).text
        record = json.loads(text)
    except UndecodableError as exc:
        return Skipped(label, str(exc))
    except json.JSONDecodeError as exc:
        return Skipped(label, f"not valid JSON ({exc.msg} at column {exc.colno})")
    except RecursionError:  # Python's JSON parser recurses once per nesting level
        return Skipped(label, "JSON nested too deeply to be a report (thousands of levels of brackets)")
    if not isinstance(record, dict):
        return Skipped(label, f"expected a JSON object, found {type(record).__name__}")
    meta = {}
    for key in ("title", "url", "published", "outlet"):
        value = record.get(key)
        if isinstance(value, (str, int, float)) and str(value).strip():
            meta[key] = _LONE_SURROGATE.sub("\ufffd", str(value).strip())
    meta["_how"] = "metadata"
    url = meta.get("url")
    origin = Origin(path=origin.path, line=origin.line, url=url)
    for key, kind in (("html", "html"), ("text", "text")):
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            # A lone surrogate ("\ud800" escaped in the JSON) is no character: it becomes U+FFFD.
            value = _LONE_SURROGATE.sub("\ufffd", value)
            size = len(value.encode("utf-8", "surrogatepass"))
            if size > report_limit:  # one report, whatever holds it: the limit a file of its own would meet
                return Skipped(label, f"its {key} is {_mb(size)}, over the {_mb(report_limit)} limit for one report "
                                      "(raise max_file_mb in dateline.toml if it really is one article)")
            return RawDocument(origin, kind, value, "utf-8", meta)  # type: ignore[arg-type]
    return Skipped(label, "record has no 'text' or 'html' field with content")


def _read_warc(file: InputFile, settings: Settings) -> Iterator[RawDocument | Skipped]:
    from warcio.exceptions import ArchiveLoadFailed

    position = -1
    with open(file.path, "rb") as handle:
        records = _bounded_archive_iterator(handle)
        try:
            while True:
                try:
                    record = next(records)
                except StopIteration:
                    break
                except _WARCIO_DAMAGE as exc:  # warcio parsing a damaged record: any of these
                    raise EOFError(_short(exc)) from exc
                position += 1
                records.bounded.header_bytes = 0  # a record boundary: the header budget starts again
                if record.rec_type is None:  # warcio's way of reporting a cut-off record
                    raise EOFError("a record is cut off")
                if record.rec_type != "response":
                    continue
                item = _warc_response(record, Origin(path=file.label, record=position), settings)
                if item is not None:
                    yield item
        except _NoProgress as exc:
            where = f"after record {position}" if position >= 0 else "at its start"
            yield Skipped(file.label, f"WARC reading gave up {where}: {exc}; records before it were read")
            return
        except (ArchiveLoadFailed, EOFError, OSError, ValueError, gzip.BadGzipFile) as exc:
            where = f"after record {position}" if position >= 0 else "at its start"
            yield Skipped(file.label, f"WARC is truncated or damaged {where} ({_short(exc)}); records before it were read")
            return
    if position < 0:
        yield Skipped(file.label, "WARC file holds no records")
    elif records.cut_off:
        yield Skipped(
            file.label,
            f"WARC is truncated or damaged after record {position} (its compressed data ends mid-way); records before it were read",
        )


def _bounded_archive_iterator(handle):
    """warcio's ArchiveIterator over a reader whose header lines are bounded.

    warcio reads a header line whole, however long, and grows it a block at a
    time: a bombed header or a file of NUL bytes would fill the memory, slowly.
    Here a line stops at WARC_HEADER_LINE_BYTES and the header lines between two
    records at WARC_HEADER_BYTES; past either, reading gives up (_NoProgress).
    ``cut_off`` tells, once the archive is read, that its compressed data ended
    inside a gzip member (warcio says nothing then).
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.bufferedreaders import DecompressingBufferedReader

    class BoundedReader(DecompressingBufferedReader):
        header_bytes = 0
        cut_off = False

        def readline(self, length=None):
            cap = WARC_HEADER_LINE_BYTES if length is None else min(length, WARC_HEADER_LINE_BYTES)
            line = super().readline(cap)
            self.header_bytes += len(line)
            if len(line) >= cap and not line.endswith(b"\n") and (length is None or length > cap):
                hole = " of NUL bytes (a sparse or damaged file)" if NUL_RUN in line else ""
                raise _NoProgress(f"a header line{hole} runs past {_mb(WARC_HEADER_LINE_BYTES)} with no end: no record boundary")
            if self.header_bytes > WARC_HEADER_BYTES:
                raise _NoProgress(f"over {_mb(WARC_HEADER_BYTES)} of header lines with no record in them: no record boundary")
            return line

        def close_decompressor(self):
            if self.decompressor is not None and not self.decompressor.eof:
                self.cut_off = True
            super().close_decompressor()

    class BoundedIterator(ArchiveIterator):
        def __init__(self, fileobj):
            super().__init__(fileobj)
            # The records are read by a generator that has not started yet: its reader can still change.
            self.reader = self.bounded = BoundedReader(self.fh)  # warcio's default block size, as before

        @property
        def cut_off(self) -> bool:
            return self.bounded.cut_off

    return BoundedIterator(handle)


def _warc_response(record, origin: Origin, settings: Settings) -> RawDocument | Skipped | None:
    url = record.rec_headers.get_header("WARC-Target-URI")
    origin = Origin(path=origin.path, record=origin.record, url=url)
    label = origin.label()
    http = record.http_headers
    status = http.get_statuscode() if http else None
    if status and not status.startswith("2"):
        return Skipped(label, f"HTTP {status} response for {url}, not a page")
    content_type = (http.get_header("Content-Type") if http else None) or ""
    mime = content_type.split(";")[0].strip().lower()
    if mime and mime not in ("text/html", "application/xhtml+xml", "text/plain"):
        return Skipped(label, f"{mime} response for {url}, not a page")
    limit = settings.max_record_bytes
    data = record.content_stream().read(limit + 1)
    if len(data) > limit:
        return Skipped(label, f"response for {url} is over the {_mb(limit)} limit for one record (raise max_record_mb in dateline.toml if it really is one report)")
    if getattr(record.raw_stream, "limit", 0) > 0:
        # The record ended before its declared length: the file was cut here.
        raise EOFError(f"record {origin.record} is shorter than its declared length")
    if not data.strip():
        return Skipped(label, f"empty response for {url}")
    declared = None
    match = _HTTP_CHARSET.search(content_type)
    if match:
        declared = match.group(1)
    try:
        decoded = decode_bytes(data, declared or _meta_charset(data))
    except UndecodableError as exc:
        return Skipped(label, str(exc))
    kind: Literal["html", "text"] = "text" if mime == "text/plain" else "html"
    # WARC-Date is when the page was crawled, not when it was published: not used as a date.
    return RawDocument(origin, kind, decoded.text, decoded.encoding, {"url": url} if url else {})


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:META_CHARSET_BYTES])
    return match.group(1).decode("ascii", "replace") if match else None


def _mb(size: int) -> str:
    """A size as people read it: "3 MB", "1.4 MB" (a tenth shown below 10 MB, so it never equals a limit it
    passed), "512 KB"."""
    if size < _MB:
        return f"{size / _KB:.0f} KB"
    value = size / _MB
    return f"{value:.1f} MB" if value < 10 and round(value, 1) != round(value) else f"{value:.0f} MB"


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:REASON_CHARS]


def iter_batches(items: Iterable, size: int) -> Iterator[list]:
    """Group a stream into lists of at most ``size`` items."""
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
