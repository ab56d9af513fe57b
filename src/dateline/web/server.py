"""`dateline serve`: a local web page and JSON API over a store.

``create_app(store_path)`` returns the FastAPI application (the CLI runs it
with uvicorn; tests drive it with ``fastapi.testclient.TestClient``). The
timeline it serves is built from the store once (``pipeline.rebuild``),
kept in memory and replaced after each rebuild (``pipeline.run_build``, as
``dateline build`` runs it); searches read the store's
full-text indexes directly (``dateline.search``).

Safety: the page loads its data with ``fetch`` and shows it with
``textContent`` only; every response carries a strict Content-Security-Policy;
static files are served by name from a fixed list; requests naming another
host are refused (a guard against DNS rebinding); uploads need a header a
cross-site form cannot send, are streamed to disk and stopped at the size
limit (a compressed file at the same limit for what it expands to, counted as
it arrives), and are checked by suffix, declared type and first bytes; the
client's file name is only shown, never used as a path.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import queue
import re
import threading
import uuid
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Annotated, Any, Literal

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

from .. import __version__
from ..config import DEFAULT_HOST, DEFAULT_PORT, Settings
from ..errors import DatelineError, StoreError
from ..ingest.decode import sniff_binary
from ..model import Timeline
from ..pipeline import built_from, rebuild, run_build
from ..render import load_timeline
from ..store.sqlite import Store
from .hosts import HOST_CHARS, LOOPBACK_HOSTS, check_host, host_key, parse_host
from .search import DEFAULT_HITS, MAX_QUERY_CHARS, search, snippet_html
from .views import (
    ArticleDetail,
    ArticleSummary,
    DisagreementOut,
    EntityOut,
    FigureOut,
    OutletOut,
    Piece,
    QuoteOut,
    SearchHitOut,
    SearchOut,
    StoryOut,
    TimelineOut,
    TimelineView,
    UndatedOut,
)

try:  # python-multipart >= 0.0.13; older releases install it as `multipart`
    from python_multipart.exceptions import FormParserError
    from python_multipart.multipart import MultipartParser, parse_options_header
except ImportError:  # pragma: no cover
    # The old name ships no type information, and the names are the new module's: nothing to check here.
    from multipart.exceptions import FormParserError  # type: ignore[no-redef,import-untyped,unused-ignore]
    from multipart.multipart import (  # type: ignore[no-redef,import-untyped,unused-ignore]
        MultipartParser,
        parse_options_header,
    )

if TYPE_CHECKING:
    from python_multipart.multipart import MultipartCallbacks

log = logging.getLogger(__name__)

#: Files an upload may hold, by suffix.
UPLOAD_SUFFIXES = (".html", ".htm", ".txt", ".md", ".jsonl", ".jsonl.gz", ".warc", ".warc.gz")
#: Folder beside the store where uploads are saved.
UPLOAD_FOLDER = "uploads"
MAX_FILES_PER_UPLOAD = 100
#: The longest name a filter takes (an outlet, entity or speaker): longer than any real name, short enough to compare fast.
NAME_CHARS = 300
#: The longest entity label a filter takes (spaCy's are at most 11 characters: WORK_OF_ART).
LABEL_CHARS = 40
#: Search hits on one page: by default, and at most (a page, not a dump of the store).
MAX_HITS = 200
#: How deep into the results a search may page.
MAX_OFFSET = 100_000
#: A POST must carry this header: a cross-site form cannot set it, and a cross-site
#: fetch that sets it needs a CORS preflight this server never grants.
REQUEST_HEADER = "X-Dateline-Request"
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}
#: The packaged web files, by the only names they are served under.
WEB_FILES = {"app.js": "text/javascript; charset=utf-8", "app.css": "text/css; charset=utf-8"}
#: Uploads that may wait for the rebuild running (being received or queued): each means one more full rebuild,
#: so a client that keeps sending is told to wait (429) instead of filling the disk and the queue.
MAX_WAITING_UPLOADS = 4
#: Finished jobs remembered for /api/jobs (the oldest are forgotten first); enough for any page still polling.
KEPT_JOBS = 200
#: Seconds a client refused for a full queue is asked to wait before sending again.
_RETRY_AFTER_SECONDS = 5
#: What a rebuild job says it is doing, by the build stage running (see pipeline.STORY_STAGES).
JOB_PHASES = {"ingest": "reading the uploaded files", "dating": "building the timeline",
              "render": "writing the timeline files"}
_ARTICLE_ID = re.compile(r"^[0-9a-f]{16}$")
_JOB_ID = re.compile(r"^[0-9a-f]{32}$")
_FIELD_LIMIT = 64 * 1024  # a form field that is not a file (none is used)
_HEAD_BYTES = 8192
#: zlib's window setting that reads a gzip header (16 + the largest window).
_GZIP_WBITS = 16 + zlib.MAX_WBITS
#: The most of a client's file name kept to show (never used as a path); a longer one is cut in the
#: middle and keeps its suffix and a hash of the whole name, so two long names still tell apart.
_NAME_CHARS = 200
_NAME_HASH_CHARS = 8
#: Characters a shown file name may not hold (controls, line and paragraph separators): each becomes U+FFFD.
_NAME_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
#: The most bytes of headers one part of an upload may carry: a file name of 255 four-byte characters
#: and its content type fit many times over; a client sending more is not a browser.
_PART_HEADER_LIMIT = 16 * 1024
#: Decompressed bytes produced per step when checking how far a gzip upload expands: the check never
#: holds more than this of the expansion at once.
_GUNZIP_STEP = 64 * 1024
#: Random hex digits in a saved upload's name (after its time): 48 bits, no clash within a second.
_SAVED_ID_CHARS = 12
#: Browsers may keep the "no favicon" answer for a day.
_FAVICON_MAX_AGE = 86_400
# Declared types a browser gives the files we accept; the suffix and first bytes are checked too.
_UPLOAD_TYPES = {"", "application/octet-stream", "application/gzip", "application/x-gzip", "application/json",
                 "application/x-ndjson", "application/jsonl", "application/x-jsonlines", "application/warc",
                 "application/x-warc", "application/xhtml+xml"}


# -- rebuild jobs ------------------------------------------------------------------


@dataclass
class UploadedFile:
    """A file received: the name the client gave (shown, never used as a path) and where it was saved."""

    name: str
    saved_as: str
    bytes: int


@dataclass
class Job:
    """A rebuild after an upload: read the new files, rebuild the timeline, write the outputs."""

    id: str
    files: list[UploadedFile]
    state: Literal["queued", "running", "done", "failed"] = "queued"
    phase: str = "waiting to start"
    files_done: int = 0
    files_total: int = 0
    reports_done: int = 0
    added: int = 0
    duplicates: int = 0
    skipped: list[dict[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    entries: int | None = None
    created: str = field(default_factory=lambda: _now())
    finished: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id, "state": self.state, "phase": self.phase,
            "files": [vars(f) for f in self.files], "files_done": self.files_done, "files_total": self.files_total,
            "reports_done": self.reports_done, "added": self.added, "duplicates": self.duplicates,
            "skipped": self.skipped, "errors": self.errors, "entries": self.entries,
            "created": self.created, "finished": self.finished,
        }


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class _Server:
    """What the app holds: the store's place, the cached timeline view and the rebuild jobs."""

    def __init__(self, store_path: Path, settings: Settings, out: Path, timeline: Timeline | None):
        self.store_path = store_path
        self.settings = settings
        self.out = out
        self.upload_dir = store_path.parent / UPLOAD_FOLDER
        self.jobs: dict[str, Job] = {}
        self._view = TimelineView(timeline) if timeline is not None else None
        self._view_lock = threading.Lock()
        self._queue: queue.Queue[tuple[Job, list[Path]]] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._worker_lock = threading.Lock()
        self._waiting = 0  # uploads being received or queued, not yet rebuilding (see MAX_WAITING_UPLOADS)

    def view(self) -> TimelineView:
        """The timeline view, on first use read from the timeline.json beside the store when that was built
        from what the store holds now (with the same settings and dateline), else rebuilt from the store."""
        if self._view is None:
            with self._view_lock:
                if self._view is None:
                    with Store(self.store_path) as store:
                        self._view = TimelineView(self._written(store) or rebuild(store, self.settings, record=False))
        return self._view

    def _written(self, store: Store) -> Timeline | None:
        """The timeline.json in the output folder, if a rebuild now would give the same timeline."""
        path = self.out / "timeline.json"
        key = built_from(store, self.settings)
        if key is None or not path.is_file():
            return None
        try:
            timeline = load_timeline(path)
        except DatelineError as exc:  # damaged or from another version: the store still holds everything
            log.warning("not reusing %s (%s); rebuilding from the store", path, exc)
            return None
        return timeline if timeline.built_from == key else None

    def reserve(self) -> bool:
        """Take a place for an upload about to be received; False if MAX_WAITING_UPLOADS already wait.

        The place is given back by ``release`` if the upload is refused, or when its rebuild starts.
        """
        with self._worker_lock:
            if self._waiting >= MAX_WAITING_UPLOADS:
                return False
            self._waiting += 1
            return True

    def release(self) -> None:
        with self._worker_lock:
            self._waiting -= 1

    def submit(self, files: list[UploadedFile], paths: list[Path]) -> Job:
        """Queue a rebuild reading ``paths`` (its place taken with ``reserve``); one runs at a time, in a thread."""
        job = Job(uuid.uuid4().hex, files, files_total=len(paths))
        with self._worker_lock:
            self.jobs[job.id] = job
            finished = [j for j in self.jobs.values() if j.finished is not None]
            for old in finished[: max(0, len(finished) - KEPT_JOBS)]:
                del self.jobs[old.id]
            if self._worker is None or not self._worker.is_alive():
                # A daemon thread: stopping the server mid-rebuild rolls back the open batch, as Ctrl-C does.
                self._worker = threading.Thread(target=self._work, name="dateline-rebuild", daemon=True)
                self._worker.start()
        self._queue.put((job, paths))
        return job

    def _work(self) -> None:
        while True:
            job, paths = self._queue.get()
            self.release()
            try:
                self._rebuild(job, paths)
            finally:
                self._queue.task_done()

    def _rebuild(self, job: Job, paths: list[Path]) -> None:
        job.state, job.phase = "running", "reading the uploaded files"

        def progress(reports: int, files_done: int, files_total: int) -> None:
            job.reports_done, job.files_done, job.files_total = reports, files_done, files_total

        def stage(name: str) -> None:
            job.phase = JOB_PHASES.get(name, job.phase)

        try:
            result = run_build([str(p) for p in paths], self.settings, out=self.out, store_path=self.store_path,
                               on_progress=progress, on_stage=stage, command="serve")
            report, timeline = result.report, result.timeline
            job.added, job.duplicates = len(report.added), len(report.duplicates)
            job.skipped = [{"origin": s.origin, "reason": s.reason} for s in report.skipped]
            self._view = TimelineView(timeline)
            job.entries = len(timeline.entries)
            job.state, job.phase = "done", "done"
        except DatelineError as exc:
            job.state, job.phase = "failed", "failed"
            job.errors.append(str(exc))
        except Exception as exc:  # a bug must end the job with a message, not kill the worker
            log.exception("rebuild %s failed", job.id)
            job.state, job.phase = "failed", "failed"
            job.errors.append(f"the rebuild failed ({type(exc).__name__}: {exc}); this is a bug, please report it")
        finally:
            job.finished = _now()


# -- uploads -------------------------------------------------------------------------


class _Rejected(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def upload_suffix(name: str) -> str | None:
    """The accepted suffix ``name`` ends with (``.warc.gz`` before ``.gz``), or None."""
    lower = name.lower()
    for suffix in sorted(UPLOAD_SUFFIXES, key=len, reverse=True):
        if lower.endswith(suffix) and len(lower) > len(suffix):
            return suffix
    return None


def _looks_right(suffix: str, head: bytes) -> str | None:
    """Why the first bytes of a file do not match its suffix, or None if they do."""
    if suffix.endswith(".gz"):
        if not head.startswith(b"\x1f\x8b"):
            return "is not gzip-compressed"
        try:
            head = zlib.decompressobj(_GZIP_WBITS).decompress(head, _HEAD_BYTES)
        except zlib.error:
            return "is not a readable gzip file"
        suffix = suffix[:-3]
    if suffix == ".warc":
        return None if head.startswith(b"WARC/") else "does not start with a WARC record"
    binary = sniff_binary(head)
    return f"is not text ({binary})" if binary else None


def shown_name(raw: str) -> str:
    """The name to show for a client's file name: its last path part, controls replaced, at most _NAME_CHARS.

    It is only ever shown (in a job's file list): the saved file's name comes from the time and random
    digits, so nothing a client sends chooses where a file goes.
    """
    name = _NAME_UNSAFE.sub("\ufffd", PurePosixPath(raw.replace("\\", "/")).name)
    if len(name) <= _NAME_CHARS:
        return name
    suffix = upload_suffix(name) or ""
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:_NAME_HASH_CHARS]
    keep = _NAME_CHARS - len(suffix) - len(digest) - 1
    return f"{name[:keep]}\u2026{digest}{suffix}"


class _Expansion:
    """Decompresses a gzip upload as it arrives, only to count its bytes, and stops it at ``limit``.

    A gzip file may hold several members one after another (a .warc.gz holds one per record); zero
    bytes between them are padding, as Python's gzip reader allows. The output is dropped step by step
    (at most _GUNZIP_STEP bytes at a time), so a bomb costs time up to the limit, never memory.
    """

    def __init__(self, limit: int):
        self.limit = limit
        self.size = 0
        self.broken = False
        self._gunzip = zlib.decompressobj(_GZIP_WBITS)
        self._fed = False  # whether the current member has been given any bytes

    def feed(self, data: bytes) -> bool:
        """Count ``data``'s expansion; False once it is past the limit. A broken stream stops counting."""
        if self.broken:
            return True
        try:
            while True:
                if self._gunzip.eof:
                    data = self._gunzip.unused_data + data
                    self._gunzip, self._fed = zlib.decompressobj(_GZIP_WBITS), False
                if not self._fed:
                    data = data.lstrip(b"\x00")
                    if not data:
                        return True
                self._fed = True
                out = self._gunzip.decompress(data, _GUNZIP_STEP)
                self.size += len(out)
                if self.size > self.limit:
                    return False
                data = self._gunzip.unconsumed_tail
                # Done when the input is used up and zlib holds no more output (a short step), or a member ended.
                if not data and len(out) < _GUNZIP_STEP and not self._gunzip.eof:
                    return True
                if not data and self._gunzip.eof and not self._gunzip.unused_data:
                    return True
        except zlib.error:
            self.broken = True
            return True

    @property
    def complete(self) -> bool:
        """Whether the stream ended at the end of a member (not cut short inside one)."""
        return self._gunzip.eof or not self._fed


class _Receiver:
    """Streams a multipart body to files in the upload folder, enforcing the limits as bytes arrive."""

    def __init__(self, folder: Path, limit: int, limit_mb: float):
        self.folder = folder
        self.limit = limit
        self.limit_mb = limit_mb
        self.files: list[tuple[UploadedFile, Path]] = []
        self._headers: dict[str, str] = {}
        self._field = b""
        self._value = b""
        self._header_bytes = 0
        self._current: dict[str, Any] | None = None

    def callbacks(self) -> MultipartCallbacks:
        return {
            "on_part_begin": self._part_begin, "on_header_field": self._header_field,
            "on_header_value": self._header_value, "on_header_end": self._header_end,
            "on_headers_finished": self._headers_finished, "on_part_data": self._part_data,
            "on_part_end": self._part_end,
        }

    def _part_begin(self) -> None:
        self._headers, self._current, self._header_bytes = {}, None, 0

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._count_header(end - start)
        self._field += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._count_header(end - start)
        self._value += data[start:end]

    def _count_header(self, size: int) -> None:
        self._header_bytes += size
        if self._header_bytes > _PART_HEADER_LIMIT:
            raise _Rejected(413, f"a part of the upload has more than {_PART_HEADER_LIMIT // 1024} KB of headers "
                                 "(a file name that long is not a report's); rename the file and send it again")

    def _header_end(self) -> None:
        self._headers[self._field.decode("latin-1").lower()] = self._value.decode("latin-1")
        self._field, self._value = b"", b""

    def _headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get("content-disposition", ""))
        if b"filename" not in options:
            self._current = {"field": True, "size": 0}
            return
        full = PurePosixPath(options[b"filename"].decode("utf-8", "replace").replace("\\", "/")).name
        if not full:
            self._current = {"field": True, "size": 0}  # a file input left empty
            return
        name = shown_name(full)
        suffix = upload_suffix(full)
        if suffix is None:
            raise _Rejected(415, f"{name}: only {', '.join(UPLOAD_SUFFIXES)} files can be uploaded")
        declared = self._headers.get("content-type", "").split(";")[0].strip().lower()
        if declared and not declared.startswith("text/") and declared not in _UPLOAD_TYPES:
            raise _Rejected(415, f"{name}: declared as {declared}, which is not a news report file "
                                 f"(send {', '.join(UPLOAD_SUFFIXES)} files)")
        if len(self.files) >= MAX_FILES_PER_UPLOAD:
            raise _Rejected(413, f"at most {MAX_FILES_PER_UPLOAD} files can be uploaded at once")
        self.folder.mkdir(parents=True, exist_ok=True)
        saved = f"{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:_SAVED_ID_CHARS]}{suffix}"
        part = self.folder / f".{saved}.part"
        handle = part.open("xb")
        self.files.append((UploadedFile(name, saved, 0), part))
        self._current = {"field": False, "size": 0, "handle": handle, "head": b"", "suffix": suffix,
                         "name": name, "upload": self.files[-1][0],
                         "expansion": _Expansion(self.limit) if suffix.endswith(".gz") else None}

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        current = self._current
        if current is None:
            return
        chunk = data[start:end]
        current["size"] += len(chunk)
        if current["field"]:
            if current["size"] > _FIELD_LIMIT:
                raise _Rejected(413, "a form field is too large; send only files")
            return
        if current["size"] > self.limit:
            raise _Rejected(413, f"{current['name']} is larger than the {self.limit_mb:g} MB limit for one file "
                                 "(set max_file_mb in dateline.toml to change it)")
        if len(current["head"]) < _HEAD_BYTES:
            current["head"] += chunk[: _HEAD_BYTES - len(current["head"])]
        expansion = current["expansion"]
        if expansion is not None and not expansion.feed(chunk):
            raise _Rejected(413, f"{current['name']} expands to more than the {self.limit_mb:g} MB limit for one file "
                                 "when decompressed (a compressed file is held to the limit of the file it holds); "
                                 "split it into smaller files, or set max_file_mb in dateline.toml to raise the limit")
        current["handle"].write(chunk)

    def _part_end(self) -> None:
        current, self._current = self._current, None
        if current is None or current["field"]:
            return
        current["handle"].close()
        current["upload"].bytes = current["size"]
        if not current["size"]:
            raise _Rejected(400, f"{current['name']} is empty")
        wrong = _looks_right(current["suffix"], current["head"])
        if wrong:
            raise _Rejected(415, f"{current['name']} {wrong}, which its name ({current['suffix']}) promises")
        expansion = current["expansion"]
        if expansion is not None and expansion.broken:
            raise _Rejected(415, f"{current['name']} is not a readable gzip file (it is damaged after "
                                 f"{expansion.size:,} decompressed bytes); compress it again and send it")
        if expansion is not None and not expansion.complete:
            raise _Rejected(415, f"{current['name']} is cut short (its gzip data ends inside a member, after "
                                 f"{expansion.size:,} decompressed bytes); send the whole file")

    def discard(self) -> None:
        """Remove every file of this upload (it was rejected)."""
        if self._current and not self._current["field"]:
            self._current["handle"].close()
        for _, part in self.files:
            part.unlink(missing_ok=True)

    def keep(self) -> list[Path]:
        """Give the received files their final names; returns their paths."""
        paths = []
        for upload, part in self.files:
            final = self.folder / upload.saved_as
            part.replace(final)
            paths.append(final)
        return paths


async def _receive_upload(request: Request, server: _Server) -> tuple[list[UploadedFile], list[Path]]:
    kind, options = parse_options_header(request.headers.get("content-type", ""))
    if kind != b"multipart/form-data" or not options.get(b"boundary"):
        raise HTTPException(415, "send the files as multipart/form-data in a field named files")
    limit = server.settings.max_file_bytes
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > limit * MAX_FILES_PER_UPLOAD + _FIELD_LIMIT:
        raise HTTPException(413, f"the upload is larger than {MAX_FILES_PER_UPLOAD} files of "
                                 f"{server.settings.max_file_mb:g} MB")
    receiver = _Receiver(server.upload_dir, limit, server.settings.max_file_mb)
    try:
        parser = MultipartParser(options[b"boundary"], receiver.callbacks())
        async for chunk in request.stream():
            if chunk:
                await run_in_threadpool(parser.write, chunk)  # writes to disk: off the event loop
        parser.finalize()
        if not receiver.files:
            raise _Rejected(400, "the upload holds no files; send them in a field named files")
    except _Rejected as exc:
        receiver.discard()
        raise HTTPException(exc.status, exc.message) from None
    except FormParserError as exc:
        receiver.discard()
        raise HTTPException(400, f"the upload is not valid multipart/form-data ({exc})") from None
    except BaseException:
        receiver.discard()
        raise
    paths = receiver.keep()
    return [upload for upload, _ in receiver.files], paths


# -- the application ---------------------------------------------------------------


class _App(FastAPI):
    """FastAPI with a guard outside everything else, so that even error pages carry the headers."""

    allowed_hosts: frozenset[str] | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await super().__call__(scope, receive, send)
            return
        api = scope.get("path", "").startswith("/api/")

        async def send_with_headers(message: Any) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", [])
                           if k.decode("latin-1").lower() not in SECURITY_HEADERS]
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                if api:
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        refusal = self._refuse_host(scope)
        if refusal:
            response = Response(refusal + "\n", status_code=400, media_type="text/plain")
            await response(scope, receive, send_with_headers)
            return
        await super().__call__(scope, receive, send_with_headers)

    def _refuse_host(self, scope: Any) -> str | None:
        """Why the request's Host header is refused, or None to serve it."""
        values = [value.decode("latin-1") for key, value in scope.get("headers", []) if key == b"host"]
        if len(values) > 1:
            return "The request has more than one Host header; send one."
        value = values[0] if values else ""
        parsed = parse_host(value)
        if parsed is None:
            shown = ascii(value[:HOST_CHARS]) if value else "no Host header"
            return (f"The Host header {shown} is not a host name or [IPv6] address with an optional :port; "
                    "open the address dateline serve printed.")
        if self.allowed_hosts is None:  # --allow-remote: any well-formed name, on whatever port a proxy uses
            return None
        host, port = parsed
        served = (scope.get("server") or (None, None))[1]
        if host not in self.allowed_hosts or (port is not None and served is not None and port != served):
            names = ", ".join(sorted(self.allowed_hosts))
            where = f" on port {served}" if served is not None else ""
            return (f"This server answers only to {names}{where}, not {value!a} "
                    "(a guard against DNS rebinding); open the address dateline serve printed.")
        return None


def create_app(store_path: str | Path, settings: Settings | None = None, *, out: str | Path | None = None,
               timeline: Timeline | None = None,
               allowed_hosts: Iterable[str] | None = LOOPBACK_HOSTS) -> FastAPI:
    """The web app over the store at ``store_path``.

    ``out`` is where a rebuild writes the timeline files (default: the
    store's folder). ``timeline``, if given, is one already built from
    this store and is served until the first rebuild. Requests whose Host is
    not one of ``allowed_hosts``, or names another port than the one the
    request came in on, are refused; ``None`` allows any well-formed Host
    (a malformed one is always refused, see parse_host).
    """
    store_path = Path(store_path)
    if not store_path.is_file():
        raise StoreError(f"no dateline store at {store_path}; build one first with "
                         f"`dateline build REPORTS --out {store_path.parent}`")
    # Brings an older store up to date (the search indexes) before serving; a store that cannot be written
    # would fail every upload, so it is refused here with what to do.
    with Store(store_path) as store:
        store.check_writable()
    server = _Server(store_path, settings or Settings(), Path(out) if out is not None else store_path.parent, timeline)
    # No /docs or /redoc: those pages load scripts from a CDN, which the Content-Security-Policy forbids.
    app = _App(title="dateline", version=__version__, docs_url=None, redoc_url=None,
               description="A dated, sourced timeline of a pile of news reports, its search, and uploads.")
    app.allowed_hosts = None if allowed_hosts is None else frozenset(host_key(h) for h in allowed_hosts)
    app.state.server = server

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=503)

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def page() -> Response:
        return Response(_web_file("index.html"), media_type="text/html; charset=utf-8",
                        headers={"cache-control": "no-cache"})

    @app.api_route("/favicon.ico", methods=["GET", "HEAD"], include_in_schema=False)
    def favicon() -> Response:
        # Browsers ask for it on every page; "no content" keeps their consoles free of 404s.
        return Response(status_code=204, headers={"cache-control": f"max-age={_FAVICON_MAX_AGE}"})

    @app.api_route("/static/{name}", methods=["GET", "HEAD"], include_in_schema=False)
    def static(name: str) -> Response:
        if name not in WEB_FILES:
            raise HTTPException(404, "no such file")
        return Response(_web_file(name), media_type=WEB_FILES[name], headers={"cache-control": "no-cache"})

    @app.get("/api/timeline", response_model=TimelineOut, summary="The timeline, filtered")
    def get_timeline(
        from_: Annotated[dt.date | None, Query(alias="from", description="Entries whose period ends on or after this day")] = None,
        to: Annotated[dt.date | None, Query(description="Entries whose period starts on or before this day")] = None,
        outlet: Annotated[str | None, Query(max_length=NAME_CHARS, description="Entries backed by a report of this outlet")] = None,
        entity: Annotated[str | None, Query(max_length=NAME_CHARS, description="Entries naming this entity (or an alias)")] = None,
        speaker: Annotated[str | None, Query(max_length=NAME_CHARS, description="Entries holding a quote of this speaker")] = None,
    ) -> TimelineOut:
        return server.view().timeline(from_, to, outlet, entity, speaker)

    @app.get("/api/undated", response_model=list[UndatedOut],
             summary="The undated section: what reports without a known publication date tell that no date places")
    def get_undated() -> list[UndatedOut]:
        return server.view().undated()

    @app.get("/api/story", response_model=StoryOut, summary="The story header and the time axis")
    def get_story() -> StoryOut:
        return server.view().story()

    @app.get("/api/articles", response_model=list[ArticleSummary], summary="Every stored article")
    def get_articles() -> list[ArticleSummary]:
        return server.view().article_list()

    @app.get("/api/articles/{article_id}", response_model=ArticleDetail, summary="One article and its cited spans",
             responses={404: {"description": "No such article"}})
    def get_article(article_id: Annotated[str, PathParam(description="The article's 16-hex-digit id")]) -> ArticleDetail:
        found = server.view().article(article_id) if _ARTICLE_ID.match(article_id) else None
        if found is None:
            raise HTTPException(404, "no article with that id (ids are 16 hex digits, see /api/articles)")
        return found

    @app.get("/api/search", response_model=SearchOut, summary="Ranked full-text search with highlighted snippets")
    def get_search(
        q: Annotated[str, Query(max_length=MAX_QUERY_CHARS, description='Words (all must match), "a phrase", or a prefix*')],
        kind: Literal["articles", "sentences"] = "articles",
        limit: Annotated[int, Query(ge=1, le=MAX_HITS)] = DEFAULT_HITS,
        offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    ) -> SearchOut:
        with Store(server.store_path) as store:
            result = search(store, q, kind, limit, offset)
        hits = [
            SearchHitOut(kind=h.kind, article=h.article, score=h.score, title=h.title,
                         title_parts=[Piece(text=t, mark=m) for t, m in h.title_parts],
                         snippet=snippet_html(h.snippet), parts=[Piece(text=t, mark=m) for t, m in h.snippet],
                         outlet=h.outlet, published=h.published, start=h.start, end=h.end)
            for h in result.hits
        ]
        return SearchOut(q=q, query=result.query, kind=kind, total=result.total, more=result.more, hits=hits)

    @app.get("/api/quotes", response_model=list[QuoteOut], summary="Quotes, optionally of one speaker")
    def get_quotes(speaker: Annotated[str | None, Query(max_length=NAME_CHARS)] = None) -> list[QuoteOut]:
        return server.view().quotes(speaker)

    @app.get("/api/figures", response_model=list[FigureOut], summary="Figures (values of measures over time)")
    def get_figures() -> list[FigureOut]:
        return server.view().figures()

    @app.get("/api/disagreements", response_model=list[DisagreementOut], summary="Sources giving different values")
    def get_disagreements() -> list[DisagreementOut]:
        return server.view().disagreements()

    @app.get("/api/outlets", response_model=list[OutletOut], summary="Outlets and how many reports each has")
    def get_outlets() -> list[OutletOut]:
        return server.view().outlets()

    @app.get("/api/entities", response_model=list[EntityOut], summary="People, organisations and places")
    def get_entities(
        label: Annotated[str | None, Query(max_length=LABEL_CHARS, description="PERSON, ORG, GPE, ...")] = None,
    ) -> list[EntityOut]:
        return server.view().entities(label)

    @app.post("/api/upload", status_code=202, summary="Upload reports and rebuild the timeline",
              responses={413: {"description": "A file is over the size limit"},
                         415: {"description": "A file is not a supported report file"},
                         429: {"description": "Too many uploads are waiting for a rebuild; retry later"}},
              openapi_extra={"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
                  "type": "object", "required": ["files"],
                  "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}},
              }}}}})
    async def upload(request: Request) -> JSONResponse:
        """Save the files (streamed, size-limited, type-checked) and start a rebuild; poll /api/jobs/{id}.

        Send the header ``X-Dateline-Request: 1`` (the page does).
        """
        _check_same_origin(request)
        if not server.reserve():
            raise HTTPException(429, f"{MAX_WAITING_UPLOADS} uploads are already waiting for the timeline to be "
                                     f"rebuilt; send this one again in a few seconds, once one of them has started "
                                     "(their progress is at /api/jobs/ID)",
                                headers={"retry-after": str(_RETRY_AFTER_SECONDS)})
        try:
            files, paths = await _receive_upload(request, server)
        except BaseException:
            server.release()
            raise
        job = server.submit(files, paths)
        return JSONResponse(job.to_dict(), status_code=202)

    @app.get("/api/jobs/{job_id}", summary="A rebuild's progress", responses={404: {"description": "No such job"}})
    def get_job(job_id: str) -> dict[str, Any]:
        job = server.jobs.get(job_id) if _JOB_ID.match(job_id) else None
        if job is None:
            raise HTTPException(404, "no job with that id (jobs last until the server stops)")
        return job.to_dict()

    return app


def _check_same_origin(request: Request) -> None:
    """Refuse a POST a cross-site page could have made."""
    if request.headers.get(REQUEST_HEADER) is None:
        raise HTTPException(403, f"uploads must send the header {REQUEST_HEADER} (the dateline page does)")
    origin = request.headers.get("origin")
    if origin and origin != "null":
        expected = f"{request.url.scheme}://{request.headers.get('host', '')}"
        if origin.lower() != expected.lower():
            raise HTTPException(403, f"uploads are accepted only from this server's own page, not from {origin}")
    elif origin == "null":
        raise HTTPException(403, "uploads are accepted only from this server's own page")


def _web_file(name: str) -> bytes:
    return resources.files("dateline").joinpath("web", name).read_bytes()


def serve(store_path: str | Path, settings: Settings | None = None, *, host: str = DEFAULT_HOST,
          port: int = DEFAULT_PORT, allow_remote: bool = False, out: str | Path | None = None,
          on_status: Callable[[str], None] | None = None, on_ready: Callable[[str], None] | None = None) -> None:
    """Build the timeline view, then serve it with uvicorn until interrupted.

    ``on_status`` is told what is being done before serving; ``on_ready`` is
    called with the page's address once the server listens (a request made
    then is answered), never before, and not at all when it cannot listen.
    """
    check_host(host, allow_remote)
    allowed: Sequence[str] | None = None if allow_remote else (*LOOPBACK_HOSTS, host)
    app = create_app(store_path, settings, out=out, allowed_hosts=allowed)
    if on_status:
        on_status(f"building the timeline from {store_path} ...")
    app.state.server.view()  # build the timeline before the first request waits for it
    url = f"http://{f'[{host}]' if ':' in host else host}:{port}/"
    run_uvicorn(app, host=host, port=port, on_ready=(lambda: on_ready(url)) if on_ready else None)


def run_uvicorn(app: FastAPI, *, host: str, port: int, on_ready: Callable[[], None] | None = None) -> None:
    """Serve ``app`` until interrupted, calling ``on_ready`` once its socket listens."""
    import uvicorn

    class _Announcing(uvicorn.Server):
        async def startup(self, sockets: Any = None) -> None:
            await super().startup(sockets=sockets)
            if self.started and on_ready:
                on_ready()

    server = _Announcing(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    try:
        server.run()
    except SystemExit:  # uvicorn exits when it cannot bind (after logging why)
        if server.started:
            raise
        raise DatelineError(f"could not listen on {host}:{port} (another program may be using the port); "
                            "choose another with --port") from None
