"""`dateline serve` attacked on 127.0.0.1: traversal, hosts, cross-site uploads, bombs, search syntax, crowds."""

from __future__ import annotations

import http.client
import json
import socket
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cases_input import gzip_bomb
from harness import Ctx, article_count, built_store, case, good_report

#: How long a started server may take to answer its first request (it builds the timeline first).
SERVER_START_SECONDS = 45
#: A request's own time limit.
REQUEST_SECONDS = 20
#: The burst of the long tier: clients and seconds (issue 15: no 5xx).
BURST_CLIENTS, BURST_SECONDS = 20, 5
#: The server's address-space cap: uvicorn's thread pool reserves stacks it never touches, so the bar of 1.5 GB is
#: checked on resident memory (below) and the address space may be larger.
SERVER_AS_MB = 4096
SERVER_RSS_MB = 1536
#: What an upload bomb expands to (the issue's was 4 MB expanding to 4 GB).
UPLOAD_BOMB_BYTES = 4 * 1024**3

ROUTES = ("/static/{}", "/api/articles/{}", "/api/jobs/{}", "/{}", "/api/{}")
TRAVERSALS = (
    "../../../../etc/passwd", "..%2f..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/etc/passwd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "..%252f..%252fetc%252fpasswd", "..\\..\\..\\etc\\passwd", "..%5c..%5cetc%5cpasswd", "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
    "....//....//etc/passwd", "/etc/passwd", "%2fetc%2fpasswd", "..;/..;/etc/passwd", "app.js/../../../../etc/passwd",
    "..%00/etc/passwd", "%00", "..", ".", "%2e", "~root", "dateline.sqlite", "../dateline.sqlite", "..%2fdateline.sqlite",
    "index.html%00.js", "app.js%3f", "%u002e%u002e/etc/passwd", "%E2%80%A5/etc/passwd", "%C0%AE%C0%AE%C0%AF%C0%AE%C0%AE%C0%AFetc/passwd",
)
BAD_HOSTS = (
    "evil.example", "evil.example:{port}", "localhost:{port}@evil.example", "[::1].evil.example", "[::1]evil.example",
    "127.0.0.1.evil.example", "localhost.evil.example", "127.0.0.1:{port}:80", "evil.example#@127.0.0.1",
    "127.0.0.1 evil.example", "", "127.0.0.1:{port}/x", "[127.0.0.1]:{port}", "0x7f.0.0.1", "127.1",
)
GOOD_HOSTS = ("127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}")
FTS_QUERIES = (
    '"', '""', '"unclosed', "*", "a*", "*a", "NEAR(", "NEAR(a b", "a OR", "OR", "AND AND", "NOT", "a NOT", "(", ")",
    "((a)", "col:x", "text:flood", "title:* OR 1", "^", "^a", "-", "-a", "+a", "a+b", "'", "';DROP TABLE articles;--",
    "\\", "{a b}", "a:b:c", "NEAR(a b, -1)", "NEAR(a b, 99999999999)", "\x00", "flood\x00", "a" * 2000, "ä" * 50,
    "%", "_", "a b c d e f g h i j k l m n o p q r s t u v w x y z " * 5, "<script>alert(1)</script>",
)


@contextmanager
def running_server(ctx: Ctx, reports: int = 3) -> Iterator[tuple[int, Path]]:
    """A store of ``reports`` reports served by `dateline serve` in a child process; yields the port and the store."""
    out = built_store(ctx, reports, 800, "served", "building the served store")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    child = ctx.spawn([sys.executable, "-m", "dateline", "serve", str(out), "--port", str(port), "--workers", "1"],
                      timeout=3600, mem_mb=SERVER_AS_MB)
    if not child.wait_until(lambda: _status(port, "GET", "/api/articles")[0] == 200, SERVER_START_SECONDS):
        child.timeout = 0
        run = ctx.finish(child)
        ctx.skip(f"the server did not answer within {SERVER_START_SECONDS}s: {run.brief()}")
    try:
        yield port, out / "dateline.sqlite"
    finally:
        alive = child.status is None and not child.poll()
        ctx.expect(alive, "the server died during the case")
        child.timeout = 0
        run = ctx.finish(child)
        ctx.expect("Traceback" not in run.stderr, f"the server printed a traceback: {run.stderr.strip()[-300:]}")
        ctx.expect(run.peak_mb < SERVER_RSS_MB, f"the server reached {run.peak_mb:.0f} MB")


def _status(port: int, method: str, path: str, headers: dict[str, str] | None = None, body: bytes | None = None,
            host: str | None = None) -> tuple[int, bytes]:
    """(status, body) of one request; status 0 when the connection failed."""
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_SECONDS)
        conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        if host is not None or not headers or "Host" not in headers:
            conn.putheader("Host", host if host is not None else f"127.0.0.1:{port}")
        for key, value in (headers or {}).items():
            conn.putheader(key, value)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        response = conn.getresponse()
        data = response.read()
        conn.close()
        return response.status, data
    except (OSError, http.client.HTTPException):
        return 0, b""


def _multipart(files: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, data in files:
        quoted = name.replace('"', "%22")
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{quoted}"\r\n'
                     "Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def upload(port: int, files: list[tuple[str, bytes]], headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    body, kind = _multipart(files)
    sent = {"Content-Type": kind, "X-Dateline-Request": "1", **(headers or {})}
    sent = {k: v for k, v in sent.items() if v is not None}
    return _status(port, "POST", "/api/upload", sent, body)


def wait_job(port: int, answer: bytes, limit: float = 120) -> dict:
    job = json.loads(answer)
    end = time.monotonic() + limit
    while time.monotonic() < end:
        status, data = _status(port, "GET", f"/api/jobs/{job['id']}")
        if status == 200:
            job = json.loads(data)
            if job.get("state") in ("done", "failed", "error", "finished"):
                return job
        time.sleep(0.5)
    return job


def probe_path_traversal(ctx: Ctx, port: int, store: Path) -> None:
    """Traversal paths in every route and encoding: refused or answered safely, never a file outside, never a 5xx."""
    for route in ROUTES:
        for attack in TRAVERSALS:
            path = route.format(attack)
            status, body = _status(port, "GET", path)
            ctx.expect(status != 0, f"GET {path!r}: no answer")
            ctx.expect(status < 500, f"GET {path!r}: HTTP {status}")
            ctx.expect(b"root:" not in body and b"SQLite format" not in body, f"GET {path!r}: served a file outside")


def probe_host_header(ctx: Ctx, port: int, store: Path) -> None:
    """A foreign or malformed Host header is refused (400); the loopback names are served."""
    for host in BAD_HOSTS:
        value = host.format(port=port)
        status, _ = _status(port, "GET", "/api/articles", host=value)
        ctx.expect(status == 400, f"Host {value!r}: HTTP {status}, expected 400")
    for host in GOOD_HOSTS:
        value = host.format(port=port)
        status, _ = _status(port, "GET", "/api/articles", host=value)
        ctx.expect(status == 200, f"Host {value!r}: HTTP {status}, expected 200")


def probe_cross_site_upload(ctx: Ctx, port: int, store: Path) -> None:
    """Uploads without the custom header, or from another origin, are refused (403) and store nothing."""
    before = article_count(store)
    report = [("new.txt", good_report(850).encode())]
    for headers in ({"X-Dateline-Request": None}, {"Origin": "https://evil.example"}, {"Origin": "null"},
                    {"Origin": f"http://127.0.0.1:{port}.evil.example"}, {"Origin": "http://localhost:1"},
                    {"X-Dateline-Request": None, "Origin": f"http://127.0.0.1:{port}"}):
        status, _ = upload(port, report, headers)
        ctx.expect(status == 403, f"upload with {headers}: HTTP {status}, expected 403")
    status, _ = _status(port, "POST", "/api/upload", {"Content-Type": "text/plain"}, b"files=x")
    ctx.expect(status in (403, 415), f"a plain form post: HTTP {status}, expected 403 or 415")
    time.sleep(1)
    ctx.expect(article_count(store) == before, "a refused upload was stored")


def probe_fts_syntax(ctx: Ctx, port: int, store: Path) -> None:
    """FTS5 syntax and injection in search answer 200 or 4xx, never 5xx."""
    from urllib.parse import quote
    for query in FTS_QUERIES:
        path = "/api/search?q=" + quote(query, safe="")
        status, body = _status(port, "GET", path)
        ctx.expect(0 < status < 500, f"search {query[:40]!r}: HTTP {status} {body[:120]!r}")
    status, _ = _status(port, "GET", "/api/search?q=flood&limit=-1&offset=-5")
    ctx.expect(0 < status < 500, f"search with negative paging: HTTP {status}")


@case()
def case_server_upload_long_name_and_bad_names(ctx: Ctx) -> None:
    """An upload with a 240-character name is accepted; names with traversal are saved inside the upload folder."""
    with running_server(ctx) as (port, store):
        before = article_count(store)
        status, answer = upload(port, [("n" * 236 + ".txt", good_report(860).encode())])
        if ctx.expect(status == 202, f"a 240-character name: HTTP {status} {answer[:200]!r}"):
            wait_job(port, answer)
        status, answer = upload(port, [("../../../escape.txt", good_report(861).encode()),
                                       ("..\\..\\escape2.txt", good_report(862).encode())])
        ctx.expect(status in (202, 400, 415), f"traversal names: HTTP {status}")
        if status == 202:
            wait_job(port, answer)
        outside = [p for p in (store.parent.parent / "escape.txt", store.parent.parent.parent / "escape.txt") if p.exists()]
        ctx.expect(not outside, f"an upload was written outside the upload folder: {outside}")
        ctx.expect(article_count(store) >= before + (1 if status != 202 else 3) - 2,
                   f"the uploaded reports were not stored ({article_count(store)} articles, {before} before)")


@case()
def case_server_requests(ctx: Ctx) -> None:
    """One server: traversal in every route and encoding, foreign and malformed Hosts, cross-site uploads, FTS syntax."""
    with running_server(ctx) as (port, store):
        for probe in (probe_path_traversal, probe_host_header, probe_cross_site_upload, probe_fts_syntax):
            probe(ctx, port, store)


def _upload_bomb(ctx: Ctx, name: str, data: bytes) -> None:
    with running_server(ctx) as (port, store):
        before = article_count(store)
        status, answer = upload(port, [(name, data), ("good.txt", good_report(870).encode())])
        ctx.expect(status in (202, 400, 413, 415), f"upload bomb {name}: HTTP {status} {answer[:200]!r}")
        if status == 202:
            job = wait_job(port, answer, limit=180)
            ctx.expect(article_count(store) == before + 1, f"{name}: expected the good report stored beside the bomb "
                                                           f"({article_count(store)} articles, {before} before; job {job})")
        status, _ = _status(port, "GET", "/api/articles")
        ctx.expect(status == 200, f"after the bomb the server answers HTTP {status}")


@case("long")
def case_server_upload_bomb_jsonl_gz(ctx: Ctx) -> None:
    """An uploaded 4 MB .jsonl.gz that expands to 4 GB: refused or skipped, the server stays within the cap."""
    _upload_bomb(ctx, "bomb.jsonl.gz", gzip_bomb(b'{"text": "', UPLOAD_BOMB_BYTES, b'"}\n'))


@case("long")
def case_server_upload_bomb_warc_gz(ctx: Ctx) -> None:
    """An uploaded .warc.gz whose record header expands to 4 GB: refused or skipped, the server stays within the cap."""
    _upload_bomb(ctx, "bomb.warc.gz", gzip_bomb(b"WARC/1.0\r\nWARC-Type: response\r\nX-Pad: ", UPLOAD_BOMB_BYTES))


@case()
def case_server_concurrent_uploads_during_rebuild(ctx: Ctx) -> None:
    """Six uploads at once, while rebuilds run: taken or told to come back (429), no 5xx; every report is stored
    once, the timeline is served."""
    with running_server(ctx) as (port, store):
        before = article_count(store)
        answers: dict[int, tuple[int, bytes]] = {}

        def send(i: int) -> None:
            answers[i] = upload(port, [(f"u{i}.txt", good_report(900 + i).encode()),
                                       ("same.txt", good_report(999).encode())])

        threads = [threading.Thread(target=send, args=(i,)) for i in range(6)]
        for t in threads:
            t.start()
        statuses = []
        while any(t.is_alive() for t in threads):
            statuses.append(_status(port, "GET", "/api/timeline")[0])
            time.sleep(0.2)
        for t in threads:
            t.join()
        # The server lets a few uploads wait for a rebuild and answers the rest 429 (come back later); a client
        # that comes back once the queue has drained is taken. Nothing else is an acceptable answer.
        ctx.expect(all(s in (202, 429) for s, _ in answers.values()), f"upload answers: {sorted(answers.items())}")
        refused = sorted(i for i, (s, _) in answers.items() if s == 429)
        for status, answer in answers.values():
            if status == 202:
                wait_job(port, answer, limit=180)
        for i in refused:
            status, answer = upload(port, [(f"u{i}.txt", good_report(900 + i).encode()),
                                           ("same.txt", good_report(999).encode())])
            if ctx.expect(status == 202, f"upload sent again after the queue drained: {status}"):
                wait_job(port, answer, limit=180)
        ctx.expect(all(0 < s < 500 for s in statuses), f"timeline requests during the rebuilds: {sorted(set(statuses))}")
        ctx.expect(article_count(store) == before + 7, f"expected {before + 7} articles, found {article_count(store)}")
        ctx.expect(_status(port, "GET", "/api/timeline")[0] == 200, "the timeline is not served after the uploads")


@case("long")
def case_server_client_burst(ctx: Ctx) -> None:
    """20 clients for 5 s over every read route: no 5xx, no dropped connection."""
    with running_server(ctx, reports=10) as (port, _):
        paths = ("/", "/api/timeline", "/api/articles", "/api/search?q=flood", "/api/quotes", "/api/figures",
                 "/api/outlets", "/api/entities", "/static/app.js", "/api/disagreements")
        results: list[int] = []
        end = time.monotonic() + BURST_SECONDS

        def client(i: int) -> None:
            n = i
            while time.monotonic() < end:
                results.append(_status(port, "GET", paths[n % len(paths)])[0])
                n += 1

        threads = [threading.Thread(target=client, args=(i,)) for i in range(BURST_CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        bad = [s for s in results if s == 0 or s >= 500]
        ctx.expect(results and not bad, f"{len(bad)} of {len(results)} requests failed or got 5xx ({sorted(set(bad))})")
