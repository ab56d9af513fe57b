"""A bounded load test of `dateline serve` on loopback.

    python bench/load.py [--store PATH | --url URL] [--clients 50] [--duration 30] [--markdown-out FILE]

Without ``--url`` it starts ``dateline serve`` in a child process on a free
loopback port, over ``--store PATH`` or over a fresh build of the bundled
sample. Then ``--clients`` concurrent clients (asyncio + httpx, one
keep-alive connection each, no pause between requests) send requests for
``--duration`` seconds, each picking a route at random with the weights in
ROUTES: the timeline (plain and filtered by outlet), search (reports and
sentences, with words taken from the stored titles), one article, the page
and its two static files. We report requests per second, latency p50 / p95 /
p99 / max and errors (non-2xx answers, and exceptions such as timeouts or
refused connections) per route and overall.

Clients and server share the machine, so the numbers are a floor for the
server: on a small machine the client's own event loop takes a good part of
the CPU (the report says how many CPU-seconds each side used). The server
is one uvicorn process (what `dateline serve` runs). Exit code 1 when any
request failed (non-2xx or exception).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import platform
import random
import re
import shlex
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

#: (label, weight): how often each route is picked.
ROUTES = (
    ("GET /api/timeline", 15),
    ("GET /api/timeline?outlet=", 5),
    ("GET /api/search?kind=articles", 15),
    ("GET /api/search?kind=sentences", 10),
    ("GET /api/articles/{id}", 20),
    ("GET /", 10),
    ("GET /static/app.js", 15),
    ("GET /static/app.css", 10),
)
STARTUP_SECONDS = 180  # a big store takes a while to turn into a timeline before the server listens
REQUEST_TIMEOUT = 30.0


@dataclass
class RouteStats:
    latencies: list[float] = field(default_factory=list)  # seconds, answered requests (any status)
    non_2xx: int = 0
    exceptions: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)


@dataclass
class Targets:
    """What the clients ask for: ids, outlets and words read from the server itself."""

    articles: list[str]
    outlets: list[str]
    words: list[str]

    def path(self, label: str, rng: random.Random) -> str:
        if label == "GET /api/timeline":
            return "/api/timeline"
        if label == "GET /api/timeline?outlet=":
            return f"/api/timeline?{httpx.QueryParams(outlet=rng.choice(self.outlets))}"
        if label.startswith("GET /api/search"):
            kind = label.rsplit("=", 1)[1]
            q = " ".join(rng.sample(self.words, k=rng.choice((1, 1, 2))))
            return f"/api/search?{httpx.QueryParams(q=q, kind=kind)}"
        if label == "GET /api/articles/{id}":
            return f"/api/articles/{rng.choice(self.articles)}"
        return label.split(" ", 1)[1]


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def sample_store(folder: Path) -> Path:
    """Build the bundled sample into ``folder`` (in a child process) and return its store."""
    command = [sys.executable, "-m", "dateline", "build", "--sample", "--out", str(folder)]
    print("building the sample:", shlex.join(command), file=sys.stderr)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return folder / "dateline.sqlite"


def start_server(store: Path, log: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    command = [sys.executable, "-m", "dateline", "serve", "--store", str(store), "--port", str(port)]
    print("starting:", shlex.join(command), file=sys.stderr)
    with log.open("wb") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"dateline serve exited with code {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{base}/api/outlets", timeout=2).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    stop_server(proc)
    raise SystemExit(f"dateline serve did not answer within {STARTUP_SECONDS} s; its log:\n{log.read_text(errors='replace')}")


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds a process has used so far (Linux /proc; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def read_targets(base: str) -> Targets:
    articles = httpx.get(f"{base}/api/articles", timeout=REQUEST_TIMEOUT).raise_for_status().json()
    outlets = httpx.get(f"{base}/api/outlets", timeout=REQUEST_TIMEOUT).raise_for_status().json()
    if not articles:
        raise SystemExit("the store holds no articles; build one with `dateline build REPORTS --out DIR`")
    words = sorted({w.casefold() for a in articles for w in re.findall(r"[A-Za-z]{5,}", a.get("title") or "")})
    return Targets(articles=[a["id"] for a in articles],
                   outlets=[o["name"] for o in outlets if o["name"]] or ["none"],
                   words=words or ["report"])


async def client(index: int, base: str, targets: Targets, stats: dict[str, RouteStats], deadline: float,
                 seed: int) -> None:
    rng = random.Random(seed * 1000 + index)
    labels = [label for label, _ in ROUTES]
    weights = [weight for _, weight in ROUTES]
    async with httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT,
                                 limits=httpx.Limits(max_connections=1, max_keepalive_connections=1)) as http:
        while time.perf_counter() < deadline:
            label = rng.choices(labels, weights)[0]
            path = targets.path(label, rng)
            record = stats[label]
            started = time.perf_counter()
            try:
                response = await http.get(path)
                await response.aread()
            except httpx.HTTPError as exc:
                record.exceptions += 1
                name = type(exc).__name__
                record.errors[name] = record.errors.get(name, 0) + 1
                continue
            record.latencies.append(time.perf_counter() - started)
            record.statuses[response.status_code] = record.statuses.get(response.status_code, 0) + 1
            if not 200 <= response.status_code < 300:
                record.non_2xx += 1


async def run_load(base: str, targets: Targets, clients: int, duration: float, seed: int) -> tuple[dict, float]:
    stats = {label: RouteStats() for label, _ in ROUTES}
    started = time.perf_counter()
    deadline = started + duration
    await asyncio.gather(*(client(i, base, targets, stats, deadline, seed) for i in range(clients)))
    return stats, time.perf_counter() - started


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list (``q`` in 0..100)."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), round(q / 100 * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


def rows(stats: dict[str, RouteStats], elapsed: float) -> list[list[str]]:
    def row(label: str, records: list[RouteStats]) -> list[str]:
        lat = sorted(x for r in records for x in r.latencies)
        done = len(lat)
        exceptions = sum(r.exceptions for r in records)
        non_2xx = sum(r.non_2xx for r in records)
        ms = [f"{percentile(lat, q) * 1000:.1f}" if lat else "-" for q in (50, 95, 99)]
        return [label, str(done + exceptions), f"{(done + exceptions) / elapsed:.1f}", *ms,
                f"{lat[-1] * 1000:.1f}" if lat else "-", str(non_2xx), str(exceptions)]

    table = [row(label, [record]) for label, record in stats.items()]
    table.append(row("**all**", list(stats.values())))
    return table


HEADER = ["route", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "non-2xx", "exceptions"]


def markdown(table: list[list[str]]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join("---" if i == 0 else "---:" for i in range(len(HEADER))) + "|"]
    lines += ["| " + " | ".join(cells) + " |" for cells in table]
    return "\n".join(lines)


def machine() -> str:
    from machine_info import cpu_model  # bench/ is on the path: this file runs as a script

    cpu = cpu_model()
    return (f"{os.cpu_count()} CPUs ({cpu}), {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}, httpx {httpx.__version__}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--store", type=Path, help="store to serve (default: a fresh build of the bundled sample)")
    where.add_argument("--url", help="load an already running `dateline serve` at this address instead")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients (default 50)")
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load (default 30)")
    parser.add_argument("--seed", type=int, default=1, help="random seed for the route and target choices")
    parser.add_argument("--markdown-out", type=Path, help="also write the results as Markdown to this file")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.duration <= 0:
        parser.error("--clients must be at least 1 and --duration above 0")
    if args.store is not None and not args.store.is_file():
        parser.error(f"--store {args.store} is not a file; build one with `dateline build REPORTS --out DIR`")

    with tempfile.TemporaryDirectory(prefix="dateline-load-") as tmp:
        proc = None
        if args.url:
            base = args.url.rstrip("/")
            store_label = base
        else:
            store = args.store or sample_store(Path(tmp) / "sample")
            store_label = str(args.store) if args.store else "bundled sample (fresh build)"
            proc, base = start_server(store, Path(tmp) / "serve.log")
        try:
            targets = read_targets(base)
            print(f"load: {args.clients} clients for {args.duration:g} s against {base} "
                  f"({len(targets.articles)} articles, {len(targets.words)} search words)", file=sys.stderr)
            server_cpu = cpu_seconds(proc.pid) if proc is not None else None
            client_cpu = time.process_time()
            stats, elapsed = asyncio.run(run_load(base, targets, args.clients, args.duration, args.seed))
            client_cpu = time.process_time() - client_cpu
            if server_cpu is not None:
                after = cpu_seconds(proc.pid)
                server_cpu = after - server_cpu if after is not None else None
        finally:
            if proc is not None:
                stop_server(proc)
                if proc.returncode not in (0, -15):
                    print(f"note: dateline serve ended with code {proc.returncode}", file=sys.stderr)

    table = rows(stats, elapsed)
    statuses = {}
    for record in stats.values():
        for code, count in record.statuses.items():
            statuses[code] = statuses.get(code, 0) + count
    errors = {}
    for record in stats.values():
        for name, count in record.errors.items():
            errors[name] = errors.get(name, 0) + count
    command = shlex.join(["python", "bench/load.py", *(argv if argv is not None else sys.argv[1:])])
    text = "\n".join([
        f"## dateline serve under load ({dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC)",
        "",
        f"Command: `{command}`",
        "",
        f"Machine: {machine()}. Clients and server on the same machine, over loopback.",
        "",
        f"Store: {store_label}. Server: one `dateline serve` (uvicorn) process. "
        f"{args.clients} clients, {elapsed:.1f} s, no pause between requests. CPU used during the load: "
        f"clients {client_cpu:.1f} s" + (f", server {server_cpu:.1f} s" if server_cpu is not None else "")
        + f" (of {elapsed * (os.cpu_count() or 1):.0f} CPU-seconds available).",
        "",
        markdown(table),
        "",
        "Status codes: " + ", ".join(f"{code}: {count}" for code, count in sorted(statuses.items()))
        + ("; exceptions: " + ", ".join(f"{name}: {count}" for name, count in sorted(errors.items())) if errors else ""),
        "",
    ])
    print(text)
    if args.markdown_out:
        args.markdown_out.write_text(text, encoding="utf-8")
    failed = sum(int(cells[-1]) + int(cells[-2]) for cells in table[-1:])
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
