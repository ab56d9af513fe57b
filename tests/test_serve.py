import contextlib
import gzip
import json
import re
import shutil
import socket
import threading
import time
import tracemalloc
import urllib.parse
from collections import Counter
from pathlib import Path

import anyio
import httpx
import pytest
from conftest import ARTICLE
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from dateline.cli import app as cli
from dateline.config import Settings
from dateline.errors import DatelineError, StoreError
from dateline.pipeline import add, rebuild, run_build, sample_paths
from dateline.store.sqlite import STORE_NAME, Store
from dateline.web import server as server_module
from dateline.web.hosts import is_loopback, parse_host
from dateline.web.server import REQUEST_HEADER, create_app, upload_suffix

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
HOSTILE_TITLE = f"{SCRIPT} Spillway \"cracks' {IMG}"
HOSTILE_OUTLET = f"{IMG} Gazette"
HOSTILE = (
    f"Title: {HOSTILE_TITLE}\n"
    f"Outlet: {HOSTILE_OUTLET}\n"
    "URL: javascript:alert(1)\n"
    "Published: 2023-03-05\n\n"
    f"KESSLING, March 5, 2023 - Engineers inspected the {SCRIPT} spillway at the Hollin Gorge site on Sunday "
    "after residents reported new cracks in the retaining wall below the collapsed dam.\n\n"
    f"\"{SCRIPT} We will not rest until every crack is sealed,\" said Mara Quell, the engineer in charge of "
    f"the {IMG} repair works.\n\n"
    "The council said the notice it posted, <a href=\"javascript:alert(1)\">details</a>, and its heading "
    "\"><svg onload=alert(1)> had been written by a contractor working on the spillway.\n"
)
SECURITY = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}
CSP_PARTS = ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'",
             "frame-ancestors 'none'"]
UPLOAD_HEADERS = {REQUEST_HEADER: "1"}
BASE = "http://127.0.0.1:8765"


# -- fixtures -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    """The sample corpus plus one hostile report, built once; the app serves the build's timeline."""
    root = tmp_path_factory.mktemp("serve")
    (root / "hostile").mkdir()
    (root / "hostile" / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    result = run_build([*sample_paths(), root / "hostile"], out=root / "out")
    app = create_app(root / "out" / STORE_NAME, timeline=result.timeline)
    return TestClient(app, base_url=BASE), result


@pytest.fixture(scope="module")
def client(sample):
    return sample[0]


@pytest.fixture(scope="module")
def hostile_id(sample):
    return next(a.id for a in sample[1].timeline.articles if a.title == HOSTILE_TITLE)


@pytest.fixture(scope="module")
def small_build(tmp_path_factory):
    """A store of one short report (fast to rebuild), copied for each test that changes it."""
    root = tmp_path_factory.mktemp("small")
    (root / "in").mkdir()
    (root / "in" / "ferry.txt").write_text(ARTICLE, encoding="utf-8")
    run_build([root / "in"], out=root / "out")
    return root / "out"


@pytest.fixture
def small(small_build, tmp_path):
    """(client, output folder) over a fresh copy of the small store; the timeline is read from the store."""
    out = tmp_path / "out"
    shutil.copytree(small_build, out)
    return TestClient(create_app(out / STORE_NAME), base_url=BASE), out


def small_app(small_build, tmp_path, **settings):
    out = tmp_path / "out"
    shutil.copytree(small_build, out)
    return TestClient(create_app(out / STORE_NAME, Settings(**settings)), base_url=BASE), out


def post_files(client, files, headers=UPLOAD_HEADERS):
    return client.post("/api/upload", files=[("files", f) for f in files], headers=headers)


def wait_for(client, job_id):
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish: {job}")


def raw_get(app, path: str, host: bytes = b"127.0.0.1", headers=None):
    """GET ``path`` exactly as given (an HTTP client would normalise ``..``), the way uvicorn passes it on.

    ``host`` is sent as the Host header byte for byte (an HTTP client would refuse or tidy some), or
    ``headers`` replace every header.
    """
    messages = []

    async def run():
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
            "path": urllib.parse.unquote(path), "raw_path": path.encode(), "query_string": b"", "root_path": "",
            "headers": headers or [(b"host", host)], "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8765),
        }

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            messages.append(message)

        await app(scope, receive, send)

    anyio.run(run)
    start = messages[0]
    headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    return start["status"], headers, b"".join(m.get("body", b"") for m in messages[1:])


def assert_safe_headers(headers):
    csp = headers["content-security-policy"]
    for part in CSP_PARTS:
        assert part in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    for name, value in SECURITY.items():
        assert headers[name] == value


# -- the API ------------------------------------------------------------------------------


def test_timeline_entries_carry_their_sentences_sources_and_events(client, sample):
    data = client.get("/api/timeline").json()
    timeline = sample[1].timeline
    assert data["total"] == data["count"] == len(timeline.entries) > 0
    assert data["articles"] == len(timeline.articles) == 22
    texts = {a.id: a.text for a in timeline.articles}
    for entry in data["entries"]:
        assert entry["sentences"] and entry["events"]
        assert entry["date"] <= entry["end"]
        for sentence in entry["sentences"]:
            src = sentence["source"]
            assert texts[src["article"]][src["start"]:src["end"]] == sentence["text"]
    by_index = {e["index"]: e for e in data["entries"]}
    assert sorted(by_index) == list(range(len(timeline.entries)))


def test_the_undated_section_is_served_with_reasons_bounds_and_sources(client, sample):
    timeline = sample[1].timeline
    assert timeline.undated
    assert client.get("/api/timeline").json()["undated"] == len(timeline.undated)
    served = client.get("/api/undated").json()
    assert [u["index"] for u in served] == list(range(len(timeline.undated)))
    texts = {a.id: a for a in timeline.articles}
    for item, u in zip(timeline.undated, served, strict=True):
        src = u["source"]
        assert texts[src["article"]].text[src["start"]:src["end"]] == u["text"] == item.text
        assert texts[src["article"]].published.date is None and src["published"] is None
        assert (u["reason"], u["detail"], u["unresolved"]) == (item.reason.value, item.detail,
                                                               [m.text for m in item.mentions])
        assert u["published"].startswith("published") and u["earliest"] == (
            item.earliest.isoformat() if item.earliest else None)


def test_timeline_filters_by_dates_outlet_entity_and_speaker(client):
    everything = client.get("/api/timeline").json()["entries"]
    march = client.get("/api/timeline", params={"from": "2023-03-10", "to": "2023-03-15"}).json()
    assert march["count"] > 0 and march["filters"] == {"from": "2023-03-10", "to": "2023-03-15"}
    assert all(e["end"] >= "2023-03-10" and e["date"] <= "2023-03-15" for e in march["entries"])
    assert march["count"] == sum(1 for e in everything if e["end"] >= "2023-03-10" and e["date"] <= "2023-03-15")

    meridian = client.get("/api/timeline", params={"outlet": "meridian post"}).json()
    assert 0 < meridian["count"] < len(everything)
    assert all("Meridian Post" in e["outlets"] for e in meridian["entries"])

    corvane = client.get("/api/timeline", params={"entity": "Corvane Minerals"}).json()
    assert 0 < corvane["count"] < len(everything)
    assert all(any("corvane" in n.casefold() for n in e["entities"]) for e in corvane["entries"])

    quell = client.get("/api/timeline", params={"speaker": "Quell"}).json()
    assert quell["count"] >= 1
    assert all("Mara Quell" in e["speakers"] for e in quell["entries"])

    both = client.get("/api/timeline", params={"outlet": "Meridian Post", "speaker": "Quell"}).json()
    assert both["count"] == 0


def test_a_bad_date_filter_is_a_422_that_names_the_parameter(client):
    response = client.get("/api/timeline", params={"from": "March"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "from"]


def test_article_returns_its_text_and_the_spans_the_timeline_cites(client, sample):
    timeline = sample[1].timeline
    entry = timeline.entries[0]
    ref = entry.sources[0]
    data = client.get(f"/api/articles/{ref.article}").json()
    article = next(a for a in timeline.articles if a.id == ref.article)
    assert data["text"] == article.text and data["title"] == article.title
    assert data["publication"]["how"] == article.published.how.value
    assert {"start": ref.start, "end": ref.end, "kind": "summary", "entry": 0,
            "date": entry.value or entry.date.isoformat()} in data["cited"]
    assert all(0 <= c["start"] < c["end"] <= len(article.text) for c in data["cited"])


def test_article_list_names_every_article(client, sample):
    listed = client.get("/api/articles").json()
    assert [a["id"] for a in listed] == [a.id for a in sample[1].timeline.articles]


@pytest.mark.parametrize("bad", ["0000000000000000", "ABCDEF0123456789", "abc", "..%2F..%2Fetc%2Fpasswd",
                                 "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "0123456789abcdef%00"])
def test_unknown_or_malformed_article_ids_are_404(client, bad):
    response = client.get(f"/api/articles/{bad}")
    assert response.status_code == 404
    assert "root:" not in response.text


def test_search_ranks_articles_and_highlights_matches(client):
    data = client.get("/api/search", params={"q": "Dunmere embankment"}).json()
    assert data["query"] == '"Dunmere" "embankment"' and data["total"] == len(data["hits"]) > 0
    scores = [h["score"] for h in data["hits"]]
    assert scores == sorted(scores, reverse=True)
    top = data["hits"][0]
    assert "embankment" in top["title"].casefold()
    marked = [p["text"].casefold() for p in top["parts"] + top["title_parts"] if p["mark"]]
    assert set(marked) & {"dunmere", "embankment"}
    assert "<mark>" in top["snippet"]


def test_search_by_sentence_gives_the_span(client, sample):
    data = client.get("/api/search", params={"q": '"tailings dam"', "kind": "sentences", "limit": 3}).json()
    assert len(data["hits"]) == 3 and data["total"] >= 3
    texts = {a.id: a.text for a in sample[1].timeline.articles}
    for hit in data["hits"]:
        sentence = texts[hit["article"]][hit["start"]:hit["end"]]
        assert "".join(p["text"] for p in hit["parts"]) == sentence
        assert re.search(r"tailings\s+dam", sentence, re.IGNORECASE)


@pytest.mark.parametrize("q", ['"', "NEAR(", "title:", "AND OR NOT", "*", "^", '"a" OR', "(((", "\u0000", "🙂"])
def test_search_never_fails_on_fts_syntax(client, q):
    response = client.get("/api/search", params={"q": q})
    assert response.status_code == 200
    assert isinstance(response.json()["hits"], list)


def test_search_validates_kind_and_limit(client):
    assert client.get("/api/search", params={"q": "dam", "kind": "quotes"}).status_code == 422
    assert client.get("/api/search", params={"q": "dam", "limit": 0}).status_code == 422
    assert client.get("/api/search").status_code == 422


def test_quotes_filter_by_speaker(client):
    everything = client.get("/api/quotes").json()
    assert len(everything) > 1
    ostrander = client.get("/api/quotes", params={"speaker": "ostrander"}).json()
    assert ostrander and all(q["speaker"] == "Paul Ostrander" for q in ostrander)
    assert len(ostrander) < len(everything)
    for quote in ostrander:
        assert quote["sources"] and all(s["outlet"] for s in quote["sources"])


def test_figures_disagreements_outlets_and_entities(client, sample):
    timeline = sample[1].timeline
    figures = client.get("/api/figures").json()
    assert len(figures) == len(timeline.figures) and {"measure", "value", "date", "sources"} <= set(figures[0])
    disagreements = client.get("/api/disagreements").json()
    assert len(disagreements) == len(timeline.disagreements)  # none in the sample: "at least 41" and 44 agree
    assert all(len(d["values"]) >= 2 for d in disagreements)
    outlets = client.get("/api/outlets").json()
    assert {o["name"]: o["articles"] for o in outlets} == Counter(a.outlet.name for a in timeline.articles)
    assert [o["articles"] for o in outlets] == sorted((o["articles"] for o in outlets), reverse=True)
    entities = client.get("/api/entities").json()
    assert len(entities) == len(timeline.entities)
    people = client.get("/api/entities", params={"label": "person"}).json()
    assert people and all(e["label"] == "PERSON" for e in people)


def test_openapi_describes_every_route(client):
    spec = client.get("/openapi.json").json()
    for path in ["/api/timeline", "/api/undated", "/api/articles/{article_id}", "/api/search", "/api/quotes",
                 "/api/figures", "/api/disagreements", "/api/outlets", "/api/entities", "/api/upload",
                 "/api/jobs/{job_id}"]:
        assert path in spec["paths"], path
    assert "multipart/form-data" in spec["paths"]["/api/upload"]["post"]["requestBody"]["content"]
    assert "TimelineOut" in spec["components"]["schemas"]


# -- the page ------------------------------------------------------------------------------


def test_page_loads_its_script_and_style_from_the_app_only(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    html = page.text
    assert re.findall(r"<script\b[^>]*>", html) == ['<script src="/static/app.js" defer>']
    assert not re.search(r"\son[a-z]+\s*=", html, re.IGNORECASE)  # no inline event handlers
    assert "style=" not in html and "<style" not in html
    for testid in ["timeline", "search-input", "search-results", "filter-from", "filter-to", "filter-outlet",
                   "filter-entity", "filter-speaker", "article-text", "upload-input", "upload-progress"]:
        assert f'data-testid="{testid}"' in html
    assert client.get("/static/app.js").headers["content-type"].startswith("text/javascript")
    assert client.get("/static/app.css").headers["content-type"].startswith("text/css")


def test_script_never_writes_html():
    script = (Path(__file__).parents[1] / "src" / "dateline" / "web" / "app.js").read_text()
    for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                 "setTimeout(\"", "javascript:"]:
        assert sink not in script, sink


def test_hostile_report_is_served_as_data_and_never_embedded(client, hostile_id):
    article = client.get(f"/api/articles/{hostile_id}")
    assert article.headers["content-type"] == "application/json"
    data = article.json()
    assert data["title"] == HOSTILE_TITLE and data["outlet"] == HOSTILE_OUTLET
    assert data["url"] == "javascript:alert(1)"
    assert SCRIPT in data["text"] and '"><svg onload=alert(1)>' in data["text"]
    quotes = client.get("/api/quotes", params={"speaker": "Mara Quell"}).json()
    assert [q["text"] for q in quotes] == [f"{SCRIPT} We will not rest until every crack is sealed"]
    entries = client.get("/api/timeline", params={"outlet": HOSTILE_OUTLET}).json()["entries"]
    assert any(SCRIPT in s["text"] for e in entries for s in e["sentences"])
    for path in ["/", "/static/app.js", "/static/app.css"]:
        body = client.get(path).text
        assert "alert(1)" not in body and "Spillway" not in body


def test_hostile_snippets_are_escaped(client, hostile_id):
    for kind in ("articles", "sentences"):
        data = client.get("/api/search", params={"q": "spillway", "kind": kind}).json()
        hits = [h for h in data["hits"] if h["article"] == hostile_id]
        assert hits
        for hit in hits:
            # The only tags in a snippet are the <mark>s around matches.
            assert re.findall(r"<[^>]*>", hit["snippet"]) == re.findall(r"</?mark>", hit["snippet"])
            assert "<script" not in hit["snippet"] and "<img" not in hit["snippet"]
    hit = next(h for h in client.get("/api/search", params={"q": "inspected spillway"}).json()["hits"]
               if h["article"] == hostile_id)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hit["snippet"]
    assert hit["title"] == HOSTILE_TITLE


# -- safety: headers, hosts, paths ---------------------------------------------------------


@pytest.mark.parametrize("method, path, status", [
    ("GET", "/", 200),
    ("GET", "/static/app.js", 200),
    ("GET", "/static/app.css", 200),
    ("GET", "/openapi.json", 200),
    ("GET", "/api/timeline", 200),
    ("GET", "/api/articles", 200),
    ("GET", "/api/search?q=dam", 200),
    ("GET", "/api/quotes", 200),
    ("GET", "/api/figures", 200),
    ("GET", "/api/disagreements", 200),
    ("GET", "/api/outlets", 200),
    ("GET", "/api/entities", 200),
    ("GET", "/api/jobs/" + "0" * 32, 404),
    ("GET", "/nowhere", 404),
    ("GET", "/docs", 404),
    ("POST", "/api/timeline", 405),
    ("GET", "/api/timeline?from=x", 422),
    ("POST", "/api/upload", 403),
])
def test_every_response_carries_the_security_headers(client, method, path, status):
    response = client.request(method, path)
    assert response.status_code == status
    assert_safe_headers(response.headers)
    if path.startswith("/api/"):
        assert response.headers["cache-control"] == "no-store"


def test_a_server_error_also_carries_the_headers(small_build, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(small_build, out)
    app = create_app(out / STORE_NAME)

    def broken():
        raise RuntimeError("boom")

    app.state.server.view = broken
    response = TestClient(app, base_url=BASE, raise_server_exceptions=False).get("/api/timeline")
    assert response.status_code == 500
    assert_safe_headers(response.headers)


def test_requests_for_another_host_are_refused(client):
    response = client.get("/api/timeline", headers={"host": "attacker.example"})
    assert response.status_code == 400 and "DNS rebinding" in response.text
    assert_safe_headers(response.headers)
    assert client.get("/api/outlets", headers={"host": "localhost:8765"}).status_code == 200
    assert client.get("/api/outlets", headers={"host": "[::1]:8765"}).status_code == 200


@pytest.mark.parametrize("path", [
    "/static/../../etc/passwd",
    "/static/..%2F..%2Fetc%2Fpasswd",
    "/static/%2e%2e/%2e%2e/etc/passwd",
    "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/static/..%5c..%5cetc%5cpasswd",
    "/static/....//....//etc/passwd",
    "/static/%252e%252e%252fetc%252fpasswd",
    "/static/app.js%00.css",
    "/static/index.html",
    "/static/../serve.py",
    "/static/../../../../pyproject.toml",
    "/static/",
    "/api/articles/../../../etc/passwd",
    "/api/articles/..%2f..%2fetc%2fpasswd",
    "/api/jobs/../../etc/passwd",
    "/../../etc/passwd",
])
def test_no_path_leaves_the_web_folder(client, path):
    status, headers, body = raw_get(client.app, path)
    assert status in (404, 405)
    assert b"root:" not in body and b"import " not in body and b"[project]" not in body
    assert "content-security-policy" in headers


PORT = 8765


@pytest.mark.parametrize("host", [
    "127.0.0.1", f"127.0.0.1:{PORT}", "localhost", f"localhost:{PORT}", "LOCALHOST", f"LocalHost:{PORT}",
    "[::1]", f"[::1]:{PORT}", f"[0:0:0:0:0:0:0:1]:{PORT}", "[::0001]",
])
def test_well_formed_loopback_hosts_on_the_served_port_are_served(client, host):
    status, headers, _ = raw_get(client.app, "/api/outlets", host=host.encode())
    assert status == 200
    assert headers["content-type"] == "application/json"


@pytest.mark.parametrize("host", [
    # The reported cases: text after the port, after the brackets, or an IPv4 address in brackets.
    f"localhost:{PORT}@evil.example", "[::1].evil.example", "[::1]evil.example", f"[127.0.0.1]:{PORT}",
    # userinfo, trailing dots, empty or non-digit ports, colons without brackets
    f"user@localhost:{PORT}", "evil.example@localhost", "localhost.", f"localhost.:{PORT}", "127.0.0.1.",
    "localhost:", "[::1]:", "localhost:port", "localhost:+8765", "localhost:8765x", "localhost:0",
    "localhost:99999", "localhost:٨٧٦٥", f"localhost:{PORT}:{PORT}", "::1", f"::1:{PORT}",
    # brackets that do not close or hold something else, a zone
    "[::1", f"[::1:{PORT}", "[]", "[localhost]", "[fe80::1%25lo]", "[::1%lo]", f"[::1]]:{PORT}",
    # percent-encoding, whitespace, lists, control characters, non-ASCII
    "local%68ost", "127.0.0.1%00", " localhost", "localhost ", "local host", f"localhost :{PORT}", "	localhost",
    "localhost,evil.example", "evil.example, localhost", "localhost\x00", "localhost\r\nX-Evil: 1",
    "löcalhost", "ıocalhost", "localhost。", "ｌｏｃａｌｈｏｓｔ",
    # the right name on another port, other names and other spellings of the address
    "localhost:8766", "[::1]:80", "attacker.example", f"attacker.example:{PORT}", "127.0.0.2", "127.1",
    "0x7f.0.0.1", "2130706433", "localhost.attacker.example", "", "-localhost", "localhost-",
])
def test_malformed_or_foreign_hosts_are_refused(client, host):
    status, headers, body = raw_get(client.app, "/api/outlets", host=host.encode("utf-8"))
    assert status == 400
    assert b"open the address dateline serve printed" in body
    assert_safe_headers(headers)


@pytest.mark.parametrize("value, parsed", [
    ("LocalHost:8765", ("localhost", 8765)),
    ("[::1]", ("::1", None)),
    ("[0:0::1]:1", ("::1", 1)),
    ("example.org", ("example.org", None)),
    ("localhost:8765@evil.example", None),
    ("[127.0.0.1]:8765", None),
    ("[::1]evil.example", None),
    ("a" * 64 + ".example", None),  # a label of 64 characters
])
def test_parse_host_splits_the_host_and_port(value, parsed):
    assert parse_host(value) == parsed


def test_two_host_headers_are_refused(client):
    status, _, body = raw_get(client.app, "/api/outlets", headers=[(b"host", b"127.0.0.1"), (b"host", b"evil.example")])
    assert status == 400 and b"more than one Host header" in body


def test_with_allow_remote_any_well_formed_host_is_served_but_a_malformed_one_is_not(small_build, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(small_build, out)
    app = create_app(out / STORE_NAME, allowed_hosts=None)
    assert raw_get(app, "/api/outlets", host=b"news.example:443")[0] == 200
    assert raw_get(app, "/api/outlets", host=b"localhost:8765@evil.example")[0] == 400


def test_loopback_addresses_are_recognised():
    assert all(is_loopback(h) for h in ["127.0.0.1", "127.0.0.2", "localhost", "::1", "[::1]"])
    assert not any(is_loopback(h) for h in ["0.0.0.0", "::", "192.168.1.5", "example.org", ""])


def test_create_app_needs_an_existing_store(tmp_path):
    with pytest.raises(StoreError, match=r"no dateline store at .*dateline build REPORTS --out"):
        create_app(tmp_path / STORE_NAME)


# -- uploads ---------------------------------------------------------------------------------

NEW_REPORT = (
    "Title: Zanthorpe lighthouse relit after repairs\n"
    "Outlet: Osk Courier\n"
    "Published: 2022-06-20\n\n"
    "ZANTHORPE, June 20, 2022 - The lighthouse on Zanthorpe point was lit again on Monday evening after "
    "three months of repairs to its lantern room, the harbour office said.\n\n"
    "The light had been dark since a storm in March broke two of its panes.\n"
)


def test_an_uploaded_report_is_added_searchable_and_on_the_timeline(small):
    client, out = small
    assert client.get("/api/search", params={"q": "Zanthorpe"}).json()["total"] == 0
    before = client.get("/api/timeline").json()
    response = post_files(client, [("lighthouse.txt", NEW_REPORT.encode(), "text/plain")])
    assert response.status_code == 202
    job = response.json()
    assert job["state"] in ("queued", "running", "done") and job["files"][0]["name"] == "lighthouse.txt"
    job = wait_for(client, job["id"])
    assert job["state"] == "done", job
    assert (job["added"], job["skipped"], job["errors"]) == (1, [], [])
    assert job["reports_done"] == 1 and job["files_done"] == job["files_total"] == 1
    hits = client.get("/api/search", params={"q": "Zanthorpe lighthouse"}).json()["hits"]
    assert [h["title"] for h in hits] == ["Zanthorpe lighthouse relit after repairs"]
    after = client.get("/api/timeline").json()
    assert after["articles"] == before["articles"] + 1
    assert any("Zanthorpe" in s["text"] for e in after["entries"] for s in e["sentences"])
    written = json.loads((out / "timeline.json").read_text())
    assert any(a["title"] == "Zanthorpe lighthouse relit after repairs" for a in written["articles"])
    saved = out / "uploads" / job["files"][0]["saved_as"]
    assert saved.read_text() == NEW_REPORT


def test_an_upload_is_rebuilt_by_the_runner_dateline_build_uses(small, monkeypatch):
    from dateline.web import server

    client, out = small
    calls, phases = [], []

    def recording(paths, settings, **kw):
        calls.append(kw)
        stage = kw["on_stage"]
        kw["on_stage"] = lambda name: phases.append(name) or stage(name)
        return run_build(paths, settings, **kw)

    monkeypatch.setattr(server, "run_build", recording)
    job = wait_for(client, post_files(client, [("lighthouse.txt", NEW_REPORT.encode(), "text/plain")]).json()["id"])
    assert job["state"] == "done" and job["added"] == 1
    assert [(c["command"], c["out"], c["store_path"]) for c in calls] == [("serve", out, out / STORE_NAME)]
    assert phases[0] == "ingest" and phases[-1] == "render"
    with Store(out / STORE_NAME) as store:
        commands = [c for (c,) in store.db.execute("SELECT command FROM runs ORDER BY id")]
    assert commands[-1] == "serve"


def test_a_gzipped_feed_upload_is_read(small):
    client, _ = small
    line = json.dumps({"title": "Zanthorpe ferry timetable changes", "published": "2022-06-21",
                       "text": NEW_REPORT.split("\n\n", 1)[1]})
    response = post_files(client, [("feed.jsonl.gz", gzip.compress(line.encode()), "application/gzip")])
    assert response.status_code == 202
    job = wait_for(client, response.json()["id"])
    assert job["state"] == "done" and job["added"] == 1


def test_an_upload_that_holds_nothing_usable_finishes_with_the_reason(small):
    client, _ = small
    response = post_files(client, [("short.txt", b"Too short to be a report.", "text/plain")])
    job = wait_for(client, response.json()["id"])
    assert job["state"] == "done" and job["added"] == 0
    assert len(job["skipped"]) == 1 and "characters of article text" in job["skipped"][0]["reason"]


def test_a_file_over_the_size_limit_is_413_and_nothing_is_kept(small_build, tmp_path):
    client, out = small_app(small_build, tmp_path, max_file_mb=0.001)
    response = post_files(client, [("ok.txt", NEW_REPORT.encode(), "text/plain"),
                                   ("big.txt", b"word " * 1000, "text/plain")])
    assert response.status_code == 413
    assert "big.txt is larger than the 0.001 MB limit" in response.json()["detail"]
    assert_safe_headers(response.headers)
    assert not any((out / "uploads").iterdir())


@pytest.mark.parametrize("name, content, ctype, message", [
    ("report.exe", b"MZ\x90\x00", "application/octet-stream", "only .html, .htm, .txt"),
    ("report.pdf", b"%PDF-1.4", "application/pdf", "only .html, .htm, .txt"),
    ("report", b"plain words", "text/plain", "only .html"),
    ("photo.txt", b"\x89PNG\r\n\x1a\n" + bytes(100), "text/plain", "photo.txt is not text (a PNG image)"),
    ("image.html", b"<html>hello</html>", "image/png", "declared as image/png"),
    ("crawl.warc", b"<html>not a warc</html>", "application/warc", "does not start with a WARC record"),
    ("crawl.warc.gz", b"WARC/1.0\r\n", "application/gzip", "is not gzip-compressed"),
    ("feed.jsonl.gz", b"\x1f\x8b\x08\x00" + bytes(6) + b"\xff" * 20, "application/gzip", "is not a readable gzip file"),
    ("feed.jsonl.gz", gzip.compress(b"\x89PNG\r\n\x1a\n" + bytes(100)), "application/gzip", "is not text"),
])
def test_a_file_of_the_wrong_type_is_415(small, name, content, ctype, message):
    client, out = small
    response = post_files(client, [(name, content, ctype)])
    assert response.status_code == 415
    assert message in response.json()["detail"]
    assert not (out / "uploads").exists() or not any((out / "uploads").iterdir())


@pytest.mark.parametrize("name", ["../../evil.txt", "..\\..\\evil.txt", "/etc/evil.txt", "sub/../../evil.txt"])
def test_the_client_file_name_never_chooses_where_the_file_goes(small, tmp_path, name):
    client, out = small
    response = post_files(client, [(name, NEW_REPORT.encode(), "text/plain")])
    assert response.status_code == 202
    upload = response.json()["files"][0]
    assert upload["name"] == "evil.txt"
    assert re.fullmatch(r"\d{8}T\d{6}-[0-9a-f]{12}\.txt", upload["saved_as"])
    assert (out / "uploads" / upload["saved_as"]).is_file()
    assert not list(tmp_path.rglob("evil.txt")) and not Path("/etc/evil.txt").exists()
    wait_for(client, response.json()["id"])


def test_an_upload_without_the_request_header_or_from_another_origin_is_403(small):
    client, _ = small
    files = [("a.txt", NEW_REPORT.encode(), "text/plain")]
    assert post_files(client, files, headers={}).status_code == 403
    other = post_files(client, files, headers={**UPLOAD_HEADERS, "origin": "https://attacker.example"})
    assert other.status_code == 403
    same = post_files(client, files, headers={**UPLOAD_HEADERS, "origin": BASE})
    assert same.status_code == 202
    wait_for(client, same.json()["id"])


def test_an_upload_must_be_multipart_and_hold_a_file(small):
    client, _ = small
    not_multipart = client.post("/api/upload", content=b"{}",
                                headers={**UPLOAD_HEADERS, "content-type": "application/json"})
    assert not_multipart.status_code == 415
    empty = client.post("/api/upload", data={"note": "hi"}, files=[("files", ("", b"", "application/octet-stream"))],
                        headers=UPLOAD_HEADERS)
    assert empty.status_code == 400 and "holds no files" in empty.json()["detail"]
    assert post_files(client, [("empty.txt", b"", "text/plain")]).status_code == 400


def gzip_bomb(head: bytes, megabytes: int) -> bytes:
    """``head`` then ``megabytes`` MB of the same byte, gzip-compressed (about 1,000 to 1)."""
    return gzip.compress(head + b"a" * (megabytes * 1024 * 1024), compresslevel=9)


JSONL_HEAD = b'{"title": "Bomb", "published": "2022-06-21", "text": "'
WARC_HEAD = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999999\r\n\r\n"


@pytest.mark.parametrize("name, head", [("feed.jsonl.gz", JSONL_HEAD), ("crawl.warc.gz", WARC_HEAD)])
def test_a_gzip_bomb_is_413_counted_in_a_stream_and_never_reaches_the_rebuild(small_build, tmp_path, name, head):
    client, out = small_app(small_build, tmp_path, max_file_mb=1)
    bomb = gzip_bomb(head, 4)
    assert len(bomb) < 10_000  # well under the 1 MB limit before it is decompressed
    tracemalloc.start()
    try:
        response = post_files(client, [("ok.txt", NEW_REPORT.encode(), "text/plain"), (name, bomb, "application/gzip")])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert response.status_code == 413
    assert f"{name} expands to more than the 1 MB limit for one file when decompressed" in response.json()["detail"]
    assert "max_file_mb" in response.json()["detail"]
    assert peak < 2 * 1024 * 1024  # the 4 MB expansion is never held, nor the 1 MB allowed
    assert not any((out / "uploads").iterdir())
    assert client.app.state.server.jobs == {}


def test_a_compressed_upload_within_the_limit_when_expanded_is_accepted(small_build, tmp_path):
    client, _ = small_app(small_build, tmp_path, max_file_mb=1)
    line = json.dumps({"title": "Zanthorpe ferry timetable changes", "published": "2022-06-21",
                       "text": NEW_REPORT.split("\n\n", 1)[1]}).encode()
    other = json.dumps({"title": "Osk harbour wall repaired", "published": "2022-07-02",
                        "text": "OSK, July 2, 2022 - Masons finished rebuilding the harbour wall at Osk on Saturday, "
                                "four months after winter storms tore a gap in it, the harbour office said. "
                                "Fishing boats may moor on its inner side again from Monday."}).encode()
    members = gzip.compress(line + b"\n") + b"\x00" * 8 + gzip.compress(other + b"\n")  # two members, padded
    response = post_files(client, [("feed.jsonl.gz", members, "application/gzip")])
    assert response.status_code == 202
    job = wait_for(client, response.json()["id"])
    assert job["state"] == "done" and job["added"] == 2, job["skipped"]


@pytest.mark.parametrize("content, message", [
    (gzip.compress(NEW_REPORT.encode())[:-6], "is cut short"),
    (gzip.compress(NEW_REPORT.encode()) + b"trailing words", "is not a readable gzip file (it is damaged after"),
])
def test_a_damaged_gzip_upload_is_415_with_where(small, content, message):
    client, out = small
    response = post_files(client, [("feed.jsonl.gz", content, "application/gzip")])
    assert response.status_code == 415
    assert message in response.json()["detail"]
    assert not any((out / "uploads").iterdir())


def multipart(filename: bytes, content: bytes, boundary: bytes = b"dateline-test-boundary") -> tuple[bytes, dict]:
    """A multipart body of one file whose name is sent byte for byte (an HTTP client would tidy it)."""
    body = (b"--" + boundary + b"\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + filename
            + b"\"\r\nContent-Type: text/plain\r\n\r\n" + content + b"\r\n--" + boundary + b"--\r\n")
    return body, {**UPLOAD_HEADERS, "content-type": f"multipart/form-data; boundary={boundary.decode()}"}


REPORT_GZ = gzip.compress(json.dumps({"title": "Zanthorpe", "text": NEW_REPORT}).encode())
WARC_GZ = gzip.compress(b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n")


@pytest.mark.parametrize("sent, content, shown", [
    ("a" * 236 + ".txt", None, "a" * 236 + ".txt"),  # 240 characters, cut below
    ("b" * 991 + ".jsonl.gz", REPORT_GZ, "b" * 991 + ".jsonl.gz"),  # 1000 characters
    ("c" * 232 + ".warc.gz", WARC_GZ, "c" * 232 + ".warc.gz"),
    ("\u6d2a" * 996 + ".TXT", None, "\u6d2a" * 996 + ".TXT"),  # 3,000 bytes of UTF-8
    ("../../" + "d" * 240 + ".txt", None, "d" * 240 + ".txt"),
    ("..\\..\\windows\\evil.txt", None, "evil.txt"),
    ("/etc/cron.d/evil.txt", None, "evil.txt"),
    ("evil\x00.txt", None, "evil\ufffd.txt"),
    ("tab\there\x1b[31m.txt", None, "tab\ufffdhere\ufffd[31m.txt"),
    ("..txt", None, "..txt"),
    ("\u00dcberschwemmung \u2013 \u6d2a\u6c34 \U0001f30a.txt", None,
     "\u00dcberschwemmung \u2013 \u6d2a\u6c34 \U0001f30a.txt"),
    ("report.txt.md", None, "report.txt.md"),
    ("feed.2022.jsonl.gz", REPORT_GZ, "feed.2022.jsonl.gz"),
])
def test_any_file_name_is_accepted_shown_shortened_and_never_used_as_a_path(small, tmp_path, sent, content, shown):
    client, out = small
    body, headers = multipart(sent.encode("utf-8"), content or NEW_REPORT.encode())
    response = client.post("/api/upload", content=body, headers=headers)
    assert response.status_code == 202, response.text
    upload = response.json()["files"][0]
    suffix = upload_suffix(shown)
    assert upload["saved_as"].endswith(suffix) and re.fullmatch(r"\d{8}T\d{6}-[0-9a-f]{12}\.[a-z.]+", upload["saved_as"])
    assert (out / "uploads" / upload["saved_as"]).is_file()
    assert [p.name for p in tmp_path.rglob("*") if p.is_file() and "evil" in p.name] == []
    if len(shown) <= 200:
        assert upload["name"] == shown
    else:  # cut in the middle: the start, a hash of the whole name, the suffix
        assert len(upload["name"]) == 200 and upload["name"].endswith(suffix)
        assert re.fullmatch(re.escape(shown[:180]) + r".*\u2026[0-9a-f]{8}" + re.escape(suffix), upload["name"])
    wait_for(client, response.json()["id"])


def test_two_long_names_that_differ_only_at_the_end_are_shown_apart(small):
    client, _ = small
    names = []
    for last in "xy":
        body, headers = multipart(("n" * 300 + last + ".txt").encode(), NEW_REPORT.encode())
        response = client.post("/api/upload", content=body, headers=headers)
        names.append(response.json()["files"][0]["name"])
        wait_for(client, response.json()["id"])
    assert names[0] != names[1]


@pytest.mark.parametrize("sent", ["..", "a/..", "report.txt\x00.exe", "report.txt.gz", ".jsonl.gz", "report.t\u0445t"])
def test_a_name_without_an_accepted_suffix_is_415(small, sent):
    client, out = small
    body, headers = multipart(sent.encode("utf-8"), NEW_REPORT.encode())
    response = client.post("/api/upload", content=body, headers=headers)
    assert response.status_code == 415 and "files can be uploaded" in response.json()["detail"]
    assert not (out / "uploads").exists() or not any((out / "uploads").iterdir())


def test_a_part_with_headers_no_browser_sends_is_refused(small):
    client, out = small
    body, headers = multipart(b"x" * 100_000 + b".txt", NEW_REPORT.encode())
    response = client.post("/api/upload", content=body, headers=headers)
    # python-multipart stops a header line at 4 KB (400); older releases have no cap and the server's is 16 KB (413).
    assert response.status_code in (400, 413) and "header" in response.json()["detail"]
    body, headers = multipart(b"padded.txt", NEW_REPORT.encode())
    padded = body.replace(b"Content-Type: text/plain", b"".join(b"X-Pad-%d: %s\r\n" % (i, b"p" * 4000)
                                                                 for i in range(5)) + b"Content-Type: text/plain")
    response = client.post("/api/upload", content=padded, headers=headers)
    assert response.status_code == 413 and "more than 16 KB of headers" in response.json()["detail"]
    assert not (out / "uploads").exists() or not any((out / "uploads").iterdir())


@contextlib.contextmanager
def live_server(app, host="127.0.0.1"):
    """Serve ``app`` with uvicorn on a free port of ``host`` in a thread; yields the base address."""
    import uvicorn

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family) as probe:
        probe.bind((host, 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield f"http://{f'[{host}]' if ':' in host else host}:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def report(n: int) -> bytes:
    return NEW_REPORT.replace("Zanthorpe", f"Zanthorpe{n:03d}").encode()


def test_uploads_during_a_rebuild_queue_or_get_429_and_a_burst_of_clients_gets_no_5xx(small, monkeypatch):
    from dateline.web import server as web

    client, out = small
    gate = threading.Event()

    def held(paths, settings, **kw):  # the first rebuild waits, so every upload below arrives during it
        gate.wait(60)
        return run_build(paths, settings, **kw)

    monkeypatch.setattr(web, "run_build", held)
    with live_server(client.app) as base, httpx.Client(base_url=base, timeout=60) as http:
        first = http.post("/api/upload", files=[("files", ("first.txt", report(0), "text/plain"))],
                          headers=UPLOAD_HEADERS)
        assert first.status_code == 202
        while http.get(f"/api/jobs/{first.json()['id']}").json()["state"] != "running":
            time.sleep(0.02)
        statuses: list[tuple[str, int, str]] = []
        start = threading.Barrier(8 + 20)

        def uploader(n):
            with httpx.Client(base_url=base, timeout=60) as c:
                start.wait()
                r = c.post("/api/upload", files=[("files", (f"u{n}.txt", report(n), "text/plain"))],
                           headers=UPLOAD_HEADERS)
                statuses.append(("POST", r.status_code, r.headers.get("retry-after", "") + r.text))

        def reader(n):
            paths = ["/api/timeline", "/api/search?q=ferry", "/api/articles", "/api/outlets",
                     f"/api/jobs/{first.json()['id']}", "/"]
            with httpx.Client(base_url=base, timeout=60) as c:
                start.wait()
                for i in range(n, n + 10):  # ten requests each, while the uploads arrive
                    r = c.get(paths[i % len(paths)])
                    statuses.append(("GET", r.status_code, r.text[:200]))

        threads = [threading.Thread(target=uploader, args=(n,)) for n in range(1, 9)]
        threads += [threading.Thread(target=reader, args=(n,)) for n in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert [s for s in statuses if s[1] >= 500] == []
        assert {s[1] for s in statuses if s[0] == "GET"} == {200}
        posts = Counter(s[1] for s in statuses if s[0] == "POST")
        assert posts == {202: web.MAX_WAITING_UPLOADS, 429: 8 - web.MAX_WAITING_UPLOADS}
        refused = next(s[2] for s in statuses if s[1] == 429)
        assert refused.startswith("5") and "already waiting for the timeline to be rebuilt" in refused
        assert len(list((out / "uploads").iterdir())) == 1 + web.MAX_WAITING_UPLOADS  # nothing kept of the refused

        gate.set()
        jobs = [wait_for(client, job_id) for job_id in client.app.state.server.jobs]
        assert [j["state"] for j in jobs] == ["done"] * (1 + web.MAX_WAITING_UPLOADS)
        assert sum(j["added"] for j in jobs) == 1 + web.MAX_WAITING_UPLOADS
        again = http.post("/api/upload", files=[("files", ("later.txt", report(99), "text/plain"))],
                          headers=UPLOAD_HEADERS)
        assert again.status_code == 202  # the queue has room again
        wait_for(client, again.json()["id"])


def test_only_the_latest_finished_jobs_are_remembered(small, monkeypatch):
    from dateline.web import server as web

    client, _ = small

    def failing(paths, settings, **kw):
        raise DatelineError("no rebuild in this test")

    monkeypatch.setattr(web, "run_build", failing)
    monkeypatch.setattr(web, "KEPT_JOBS", 2)
    ids = []
    for n in range(4):
        ids.append(post_files(client, [(f"{n}.txt", report(n), "text/plain")]).json()["id"])
        assert wait_for(client, ids[-1])["errors"] == ["no rebuild in this test"]
    assert list(client.app.state.server.jobs) == ids[1:]  # two finished before the last one, and the last
    assert client.get(f"/api/jobs/{ids[0]}").status_code == 404


def test_a_server_on_ipv6_loopback_answers_to_its_bracketed_address_and_port(small):
    client, _ = small
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("cannot listen on ::1 here")
    with live_server(client.app, host="::1") as base:
        port = base.rsplit(":", 1)[1]
        assert httpx.get(f"{base}/api/outlets").status_code == 200
        assert httpx.get(f"{base}/api/outlets", headers={"host": f"localhost:{port}"}).status_code == 200
        assert httpx.get(f"{base}/api/outlets", headers={"host": "[::1]:1"}).status_code == 400
        assert httpx.get(f"{base}/api/outlets", headers={"host": f"[::1]:{port}@evil.example"}).status_code == 400


@pytest.mark.parametrize("job_id", ["0" * 32, "../../etc/passwd", "x"])
def test_unknown_jobs_are_404(client, job_id):
    assert client.get(f"/api/jobs/{job_id}").status_code == 404


@pytest.mark.parametrize("name, suffix", [("a.HTML", ".html"), ("a.warc.gz", ".warc.gz"), ("a.jsonl.gz", ".jsonl.gz"),
                                          ("a.gz", None), (".txt", None), ("a.txt.exe", None)])
def test_upload_suffixes(name, suffix):
    assert upload_suffix(name) == suffix


def test_the_small_store_timeline_is_built_from_the_store(small):
    client, _ = small
    data = client.get("/api/timeline").json()
    assert data["articles"] == 1 and data["count"] >= 1


# -- the command -----------------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture
def fake_uvicorn(monkeypatch):
    from dateline.web import server

    calls = []

    def run(app, *, on_ready=None, **kw):
        calls.append((app, kw))
        if on_ready:
            on_ready()

    monkeypatch.setattr(server, "run_uvicorn", run)
    return calls


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "example.org"])
def test_serve_refuses_a_non_loopback_host(small_build, fake_uvicorn, host):
    result = runner.invoke(cli, ["serve", str(small_build), "--host", host])
    assert result.exit_code == 2
    assert f"Error: --host {host} is not a loopback address" in result.stderr
    assert "--allow-remote" in result.stderr
    assert fake_uvicorn == []


def test_serve_with_allow_remote_warns_there_is_no_authentication(small_build, fake_uvicorn):
    result = runner.invoke(cli, ["serve", str(small_build), "--host", "0.0.0.0", "--allow-remote", "--port", "9000"])
    assert result.exit_code == 0, result.output
    assert "Warning: serving on 0.0.0.0 with no authentication" in result.stderr
    (app, kw), = fake_uvicorn
    assert kw["host"] == "0.0.0.0" and kw["port"] == 9000
    assert app.allowed_hosts is None


def test_serve_binds_loopback_by_default(small_build, fake_uvicorn):
    result = runner.invoke(cli, ["serve", "--store", str(small_build / STORE_NAME)])
    assert result.exit_code == 0, result.output
    assert "dateline serve: http://127.0.0.1:8765/" in result.stdout
    (app, kw), = fake_uvicorn
    assert (kw["host"], kw["port"]) == ("127.0.0.1", 8765)
    assert "127.0.0.1" in app.allowed_hosts and "attacker.example" not in app.allowed_hosts


def test_serve_without_a_store_says_how_to_make_one(tmp_path, fake_uvicorn):
    result = runner.invoke(cli, ["serve", str(tmp_path)])
    assert result.exit_code == 1
    assert f"Error: no dateline store at {tmp_path / STORE_NAME}" in result.stderr
    assert not (tmp_path / STORE_NAME).exists()


def test_serve_needs_a_folder_or_a_store_but_not_both(small_build, fake_uvicorn):
    assert runner.invoke(cli, ["serve"]).exit_code == 2
    both = runner.invoke(cli, ["serve", str(small_build), "--store", str(small_build / STORE_NAME)])
    assert both.exit_code == 2


# -- starting from what the build wrote -------------------------------------------------


def _no_rebuild(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the story was rebuilt")

    monkeypatch.setattr(server_module, "rebuild", refuse)


def test_serve_starts_from_the_timeline_the_build_wrote_without_rebuilding(small_build, tmp_path, monkeypatch):
    out = tmp_path / "out"
    shutil.copytree(small_build, out)
    written = json.loads((out / "timeline.json").read_text(encoding="utf-8"))
    _no_rebuild(monkeypatch)
    served = TestClient(create_app(out / STORE_NAME), base_url=BASE).get("/api/timeline").json()
    assert [e["date"] for e in served["entries"]] == [e["date"] for e in written["entries"]]
    assert served["entries"]


def test_serve_rebuilds_when_the_store_holds_more_than_the_written_timeline(small_build, tmp_path, monkeypatch):
    out = tmp_path / "out"
    shutil.copytree(small_build, out)
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "other.txt").write_text(ARTICLE.replace("ferry", "barge"), encoding="utf-8")
    add([tmp_path / "more"], out / STORE_NAME)  # kept, but no timeline written
    rebuilt = []
    monkeypatch.setattr(server_module, "rebuild", lambda *a, **k: rebuilt.append(1) or rebuild(*a, **k))
    served = TestClient(create_app(out / STORE_NAME), base_url=BASE).get("/api/timeline").json()
    assert rebuilt == [1] and served["articles"] == 2


def test_serve_rebuilds_when_the_settings_shape_another_story(small_build, tmp_path, monkeypatch):
    out = tmp_path / "out"
    shutil.copytree(small_build, out)
    rebuilt = []
    monkeypatch.setattr(server_module, "rebuild", lambda *a, **k: rebuilt.append(1) or rebuild(*a, **k))
    TestClient(create_app(out / STORE_NAME, Settings(dates=1)), base_url=BASE).get("/api/timeline")
    assert rebuilt == [1]
    rebuilt.clear()
    TestClient(create_app(out / STORE_NAME, Settings(workers=2)), base_url=BASE).get("/api/timeline")
    assert rebuilt == []  # how many processes run the work does not change the story


def test_serve_rebuilds_over_a_damaged_timeline_file(small_build, tmp_path, monkeypatch):
    out = tmp_path / "out"
    shutil.copytree(small_build, out)
    (out / "timeline.json").write_text("{not json", encoding="utf-8")
    rebuilt = []
    monkeypatch.setattr(server_module, "rebuild", lambda *a, **k: rebuilt.append(1) or rebuild(*a, **k))
    response = TestClient(create_app(out / STORE_NAME), base_url=BASE).get("/api/timeline")
    assert response.status_code == 200 and rebuilt == [1]
