"""Build the sample corpus's WARC file from the HTML pages in sample_warc_pages/.

The output is byte-for-byte reproducible: record ids and dates are fixed, and
every record is its own gzip member written with mtime=0. Run from anywhere:

    python scripts/make_sample_warc.py

The pages live outside src/dateline/sample/reports/ on purpose: only the
archive built from them belongs to the corpus, or each page would be read twice.
The WARC-Date of every record is the crawl date (November 2023), months after
the pages were published; the publication date is only in the pages themselves.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).resolve().parent
PAGES = HERE / "sample_warc_pages"
OUT = HERE.parent / "src" / "dateline" / "sample" / "reports" / "archive" / "crawl-20231114-ambry.warc.gz"
WARC_NAME = OUT.name

# (page file, target URI, crawl date, request record id, response record id)
CAPTURES = [
    (
        "ledger_corvane-licence-suspended.html",
        "https://ledger.example/world/calvessa/corvane-licence-suspended",
        "2023-11-14T09:12:33Z",
        "<urn:uuid:3b0e6c1a-5d7f-4c2e-9a41-0c7d2f6e8a01>",
        "<urn:uuid:3b0e6c1a-5d7f-4c2e-9a41-0c7d2f6e8a02>",
    ),
    (
        "sorrelgazette_braska-added-to-evacuation-zone.html",
        "https://www.sorrelgazette.example/2023/03/22/braska-added-to-evacuation-zone/",
        "2023-11-14T09:12:41Z",
        "<urn:uuid:3b0e6c1a-5d7f-4c2e-9a41-0c7d2f6e8a03>",
        "<urn:uuid:3b0e6c1a-5d7f-4c2e-9a41-0c7d2f6e8a04>",
    ),
]
WARCINFO_ID = "<urn:uuid:3b0e6c1a-5d7f-4c2e-9a41-0c7d2f6e8a00>"
WARCINFO_DATE = "2023-11-14T09:12:30Z"
USER_AGENT = "Mozilla/5.0 (compatible; archive-crawler/3.4; +https://crawler.example/bot)"


def _http_date(warc_date: str) -> str:
    """The HTTP Date header for a WARC-Date like 2023-11-14T09:12:33Z."""
    import datetime as dt

    t = dt.datetime.strptime(warc_date, "%Y-%m-%dT%H:%M:%SZ")
    return t.strftime("%a, %d %b %Y %H:%M:%S GMT")


def _serialise(writer_fn) -> bytes:
    """Write one record uncompressed and return it as its own gzip member."""
    raw = io.BytesIO()
    writer = WARCWriter(raw, gzip=False)
    writer.write_record(writer_fn(writer))
    return gzip.compress(raw.getvalue(), compresslevel=9, mtime=0)


def build() -> bytes:
    """Return the complete .warc.gz bytes."""
    members: list[bytes] = []

    info = (
        b"software: make_sample_warc.py (dateline sample corpus)\r\n"
        b"format: WARC File Format 1.0\r\n"
        b"description: Two news pages about the Hollin Gorge dam collapse, crawled in November 2023\r\n"
        b"isPartOf: dateline-sample\r\n"
    )
    members.append(
        _serialise(
            lambda w: w.create_warc_record(
                "",
                "warcinfo",
                payload=io.BytesIO(info),
                length=len(info),
                warc_content_type="application/warc-fields",
                warc_headers_dict={
                    "WARC-Record-ID": WARCINFO_ID,
                    "WARC-Date": WARCINFO_DATE,
                    "WARC-Filename": WARC_NAME,
                },
            )
        )
    )

    for page, uri, date, req_id, resp_id in CAPTURES:
        body = (PAGES / page).read_bytes()
        host = uri.split("/")[2]
        path = "/" + uri.split("/", 3)[3]
        req_headers = StatusAndHeaders(
            f"GET {path} HTTP/1.1",
            [
                ("Host", host),
                ("User-Agent", USER_AGENT),
                ("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"),
                ("Accept-Encoding", "identity"),
                ("Connection", "close"),
            ],
            is_http_request=True,
        )
        members.append(
            _serialise(
                lambda w, uri=uri, date=date, req_id=req_id, resp_id=resp_id, req_headers=req_headers: w.create_warc_record(
                    uri,
                    "request",
                    payload=io.BytesIO(b""),
                    length=0,
                    http_headers=req_headers,
                    warc_headers_dict={
                        "WARC-Record-ID": req_id,
                        "WARC-Date": date,
                        "WARC-Warcinfo-ID": WARCINFO_ID,
                        "WARC-Concurrent-To": resp_id,
                    },
                )
            )
        )
        resp_headers = StatusAndHeaders(
            "200 OK",
            [
                ("Date", _http_date(date)),
                ("Server", "nginx"),
                ("Content-Type", "text/html; charset=UTF-8"),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "max-age=300"),
                ("Connection", "close"),
            ],
            protocol="HTTP/1.1",
        )
        members.append(
            _serialise(
                lambda w, uri=uri, date=date, resp_id=resp_id, body=body, resp_headers=resp_headers: w.create_warc_record(
                    uri,
                    "response",
                    payload=io.BytesIO(body),
                    length=len(body),
                    http_headers=resp_headers,
                    warc_headers_dict={
                        "WARC-Record-ID": resp_id,
                        "WARC-Date": date,
                        "WARC-Warcinfo-ID": WARCINFO_ID,
                        "WARC-IP-Address": "192.0.2.44",
                    },
                )
            )
        )
    return b"".join(members)


def main() -> None:
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_bytes(build())
    print(f"wrote {OUT.relative_to(HERE.parent)}")


if __name__ == "__main__":
    main()
