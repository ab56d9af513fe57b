"""The adversarial suite's harness: cases that attack dateline in child processes.

A case is a function ``(ctx: Ctx) -> None`` registered with ``@case(...)``. It
builds its input under ``ctx.tmp`` (small files, or sparse ones that cost no
disk), runs dateline in a CHILD process through ``ctx.dateline(...)`` (the CLI)
or ``ctx.python(...)`` (a small driver for the library or the server), each
with an address-space cap (``RLIMIT_AS``) and a time limit, and says what it
expected with ``ctx.expect(condition, reason)``. ``ctx.check(run, ...)``
applies the checks every run gets: the documented exit code, no traceback,
within the time limit and the memory cap. A case passes when nothing it
expected failed; ``ctx.skip(reason)`` says why it could not run here.

Children run in a session of their own (``start_new_session``): on a timeout
the whole session is killed (the processes this harness started, by their
group id), and the peak memory reported is the largest sum of resident memory
over the session's processes, sampled every ``SAMPLE_SECONDS``, or the child's
own peak from ``wait4``, whichever is larger.

Tiers: ``quick`` cases take seconds and run in the normal ``pytest`` run
(marker ``adversarial``); ``long`` cases (1 GB sparse files, kill-and-resume at
scale, client bursts) run with ``--run-long`` or ``DATELINE_ADVERSARIAL_LONG=1``
(marker ``adversarial_long``), and ``python bench/adversarial.py --long``.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
SAMPLE = SRC / "dateline" / "sample" / "reports"

#: The address-space cap every child runs under: the issue's bar (a run past 1.5 GB is a failure).
MEM_MB = 1536
#: Default time limit for one child run; a case gives its own when it needs more.
TIMEOUT = 60.0
#: How often a running child's memory is sampled (its workers included).
SAMPLE_SECONDS = 0.1
#: What Python prints above an uncaught exception: never shown to a user.
TRACEBACK = "Traceback (most recent call last)"
#: The exit codes README "Bad input" documents.
EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
#: Within this many seconds of a SIGKILL of the parent, no process it started may remain (issue 15).
ORPHAN_GRACE = 5.0
#: Capabilities dropped so that root honours file permissions (read-only store, unreadable files).
ROOT_CAPS_DROPPED = "-dac_override,-dac_read_search,-fowner"
LONG_ENV = "DATELINE_ADVERSARIAL_LONG"


class Skip(Exception):
    """A case that cannot run on this machine (the reason says why)."""


@dataclass
class Run:
    """One child process run and how it ended."""

    args: list[str]
    rc: int | None
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float
    timed_out: bool
    signal: int | None = None

    def skipped_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.startswith("skipped ")]

    def brief(self) -> str:
        tail = self.stderr.strip().splitlines()[-3:]
        return f"rc={self.rc} after {self.seconds:.1f}s, peak {self.peak_mb:.0f} MB; stderr: {' | '.join(tail)[:400]}"


@dataclass
class Result:
    name: str
    tier: str
    status: str  # PASS, FAIL or SKIP
    reason: str
    peak_mb: float
    seconds: float


@dataclass
class Case:
    name: str
    tier: str
    func: Callable[[Ctx], None]
    doc: str


CASES: dict[str, Case] = {}


def case(tier: str = "quick") -> Callable[[Callable[[Ctx], None]], Callable[[Ctx], None]]:
    """Register a case function under its name (without a leading ``case_``)."""
    assert tier in ("quick", "long")

    def register(func: Callable[[Ctx], None]) -> Callable[[Ctx], None]:
        name = func.__name__.removeprefix("case_")
        CASES[name] = Case(name, tier, func, (func.__doc__ or "").strip().splitlines()[0] if func.__doc__ else "")
        return func

    return register


def long_enabled() -> bool:
    return os.environ.get(LONG_ENV, "") not in ("", "0")


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a child: this tree's ``src`` first, no colours, no inherited debugging."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "DATELINE_"))}
    env["PYTHONPATH"] = str(SRC) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["NO_COLOR"] = "1"
    env["COLUMNS"] = "200"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    if extra:
        env.update(extra)
    return env


def _limit(mem_mb: int) -> Callable[[], None]:
    def apply() -> None:
        cap = mem_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    return apply


def session_pids(sid: int) -> list[int]:
    """Processes whose session id is ``sid`` (a child started with ``start_new_session`` and its offspring)."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()
        # fields: state ppid pgrp session ...; a zombie holds no memory and is not a process that stayed behind
        if int(fields[3]) == sid and fields[0] != b"Z":
            pids.append(int(entry))
    return pids


def _rss_mb(pids: Sequence[int]) -> float:
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total / 1024


def kill_session(sid: int) -> None:
    """Kill what the harness started in session ``sid`` (its process group and any group inside the session)."""
    for pid in session_pids(sid):
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


class Child:
    """A running child process in its own session, sampled for memory; ``finish()`` waits for it."""

    def __init__(self, args: Sequence[str], *, cwd: Path, timeout: float, mem_mb: int,
                 env: dict[str, str] | None, drop_root: bool, stdin_bytes: bytes | None = None):
        self.args = [str(a) for a in args]
        if drop_root and os.geteuid() == 0:
            if not shutil.which("setpriv"):
                raise Skip("running as root and setpriv is missing, so file permissions cannot be tested")
            self.args = ["setpriv", f"--bounding-set={ROOT_CAPS_DROPPED}", *self.args]
        self.timeout = timeout
        self.out_path = cwd / f".child-{time.monotonic_ns()}.out"
        self.err_path = self.out_path.with_suffix(".err")
        # Files, not pipes: a chatty child never blocks. They outlive this method and are closed in finish().
        self.out = open(self.out_path, "wb")  # noqa: SIM115 - closed in finish() or Ctx.cleanup()
        self.err = open(self.err_path, "wb")  # noqa: SIM115 - closed in finish() or Ctx.cleanup()
        self.start = time.monotonic()
        self.proc = subprocess.Popen(self.args, cwd=cwd, env=child_env(env), stdout=self.out, stderr=self.err,
                                     stdin=subprocess.PIPE if stdin_bytes is not None else subprocess.DEVNULL,
                                     preexec_fn=_limit(mem_mb), start_new_session=True)
        if stdin_bytes is not None:
            assert self.proc.stdin is not None
            self.proc.stdin.write(stdin_bytes)
            self.proc.stdin.close()
        self.pid = self.proc.pid
        self.peak_mb = 0.0
        self.status: int | None = None
        self.maxrss_mb = 0.0

    def sample(self) -> None:
        self.peak_mb = max(self.peak_mb, _rss_mb(session_pids(self.pid)))

    def poll(self) -> bool:
        """Whether the child has ended (reaps it, keeping its rusage)."""
        if self.status is not None:
            return True
        pid, status, usage = os.wait4(self.pid, os.WNOHANG)
        if pid == 0:
            self.sample()
            return False
        self.status = status
        self.proc.returncode = os.waitstatus_to_exitcode(status)
        self.maxrss_mb = usage.ru_maxrss / 1024
        return True

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def wait_until(self, condition: Callable[[], bool], limit: float) -> bool:
        """Wait (sampling) until ``condition()`` holds or the child ends or ``limit`` seconds pass."""
        end = time.monotonic() + limit
        while time.monotonic() < end:
            if condition():
                return True
            if self.poll():
                return condition()
            time.sleep(SAMPLE_SECONDS)
        return False

    def finish(self) -> Run:
        timed_out = False
        while not self.poll():
            if self.elapsed() > self.timeout:
                timed_out = True
                kill_session(self.pid)
                with contextlib.suppress(ChildProcessError):
                    _, self.status, usage = os.wait4(self.pid, 0)
                    self.maxrss_mb = usage.ru_maxrss / 1024
                break
            time.sleep(SAMPLE_SECONDS)
        seconds = self.elapsed()
        kill_session(self.pid)  # anything left behind by a finished child (reported by the orphan cases)
        self.out.close()
        self.err.close()
        stdout = self.out_path.read_text(encoding="utf-8", errors="replace")
        stderr = self.err_path.read_text(encoding="utf-8", errors="replace")
        self.out_path.unlink(missing_ok=True)
        self.err_path.unlink(missing_ok=True)
        rc, sig = None, None
        if self.status is not None:
            code = os.waitstatus_to_exitcode(self.status)
            rc, sig = (code, None) if code >= 0 else (None, -code)
        return Run(self.args, rc, stdout, stderr, seconds, max(self.peak_mb, self.maxrss_mb), timed_out, sig)


@dataclass
class Ctx:
    """What a case gets: a scratch folder, ways to run dateline in a child, and its expectations."""

    tmp: Path
    failures: list[str] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    children: list[Child] = field(default_factory=list)

    # -- running ----------------------------------------------------------------

    def spawn(self, args: Sequence[str], *, timeout: float = TIMEOUT, mem_mb: int = MEM_MB,
              env: dict[str, str] | None = None, drop_root: bool = False, cwd: Path | None = None) -> Child:
        child = Child(args, cwd=cwd or self.tmp, timeout=timeout, mem_mb=mem_mb, env=env, drop_root=drop_root)
        self.children.append(child)
        return child

    def finish(self, child: Child) -> Run:
        run = child.finish()
        self.runs.append(run)
        return run

    def dateline(self, *args: str | os.PathLike[str], **kw) -> Run:
        return self.finish(self.spawn([sys.executable, "-m", "dateline", *map(str, args)], **kw))

    def python(self, code: str, *args: str, **kw) -> Run:
        return self.finish(self.spawn([sys.executable, "-c", code, *args], **kw))

    def cleanup(self) -> None:
        for child in self.children:
            if child.status is None:
                kill_session(child.pid)
                with contextlib.suppress(ChildProcessError, OSError):
                    os.wait4(child.pid, 0)
            for handle in (child.out, child.err):
                handle.close()

    # -- expectations -------------------------------------------------------------

    def expect(self, condition: object, reason: str) -> bool:
        if not condition:
            self.failures.append(reason)
        return bool(condition)

    def skip(self, reason: str) -> None:
        raise Skip(reason)

    def check(self, run: Run, what: str, rc: int | Sequence[int] = EXIT_OK, mem_mb: int = MEM_MB) -> bool:
        """The checks every run gets: exit code as documented, no traceback, in time, within memory."""
        codes = (rc,) if isinstance(rc, int) else tuple(rc)
        ok = True
        if run.timed_out:
            return self.expect(False, f"{what}: still running after {run.seconds:.0f}s (time limit); {run.brief()}")
        if run.signal is not None:
            ok &= self.expect(False, f"{what}: killed by signal {run.signal}; {run.brief()}")
        elif run.rc not in codes:
            ok &= self.expect(False, f"{what}: exit code {run.rc}, expected {'/'.join(map(str, codes))}; {run.brief()}")
        if TRACEBACK in run.stderr or TRACEBACK in run.stdout:
            last = [line for line in run.stderr.splitlines() if line.strip()][-1:] or ["?"]
            ok &= self.expect(False, f"{what}: traceback ({last[0].strip()[:200]})")
        if "MemoryError" in run.stderr or run.peak_mb > mem_mb:
            ok &= self.expect(False, f"{what}: memory {run.peak_mb:.0f} MB against a cap of {mem_mb} MB")
        if codes == (EXIT_ERROR,) and run.rc == EXIT_ERROR:
            ok &= self.expect("Error:" in run.stderr, f"{what}: exit 1 without an 'Error:' message; {run.brief()}")
        return ok

    def expect_skipped(self, run: Run, name: str, what: str, reason_words: Sequence[str] = ()) -> None:
        """A ``skipped NAME: REASON`` line names ``name`` (and, if given, one of ``reason_words``)."""
        lines = [line for line in run.skipped_lines() if name in line]
        if not self.expect(lines, f"{what}: no 'skipped' line names {name!r} (skipped: {run.skipped_lines()[:6]})"):
            return
        if reason_words:
            self.expect(any(w.lower() in line.lower() for line in lines for w in reason_words),
                        f"{what}: the reason for {name!r} says none of {list(reason_words)}: {lines[0][:200]}")


# -- inputs ------------------------------------------------------------------------------


def sample_text(name: str = "kesslingherald_toll-reaches-11.txt") -> str:
    return (SAMPLE / "text" / name).read_text(encoding="utf-8")


def sample_html(name: str = "kesslingherald.example_town-hall-anger.html") -> str:
    return (SAMPLE / "html" / name).read_text(encoding="utf-8")


def good_report(index: int) -> str:
    """A distinct, plausible text report: the sample report with a sentence of its own inside its first long
    paragraph (a line of its own would be dropped by the cleaner, as bench/ingest.py found)."""
    lines = sample_text().split("\n")
    for i, line in enumerate(lines):
        if len(line.split()) >= 20:
            lines[i] = line.rstrip() + f" Copy {index} of this report was written for the adversarial suite."
            break
    return "\n".join(lines)


def built_store(ctx: Ctx, count: int, first: int, pile: str, purpose: str) -> Path:
    """The output folder of a `dateline build` of ``count`` good reports (numbered from ``first``) from the
    folder ``pile``; the case is skipped, saying ``purpose``, if that build fails."""
    folder = ctx.tmp / pile
    folder.mkdir(exist_ok=True)
    for i in range(count):
        (folder / f"r{i}.txt").write_text(good_report(first + i), encoding="utf-8")
    out = ctx.tmp / "out"
    run = ctx.dateline("build", str(folder), "--out", str(out), "--workers", "1", "-q", timeout=90)
    if not ctx.check(run, purpose):
        ctx.skip(f"could not build the store ({purpose})")
    return out


def sparse(path: Path, size: int, head: bytes = b"", tail: bytes = b"") -> Path:
    """A file of ``size`` bytes that costs no disk: ``head``, a hole, ``tail``."""
    with open(path, "wb") as handle:
        handle.write(head)
        handle.truncate(size)
        if tail:
            handle.seek(size - len(tail))
            handle.write(tail)
    return path


@contextlib.contextmanager
def store_db(path: Path) -> Iterator[sqlite3.Connection]:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        yield db
    finally:
        db.close()


def article_count(store: Path) -> int:
    with store_db(store) as db:
        return int(db.execute("SELECT count(*) FROM articles").fetchone()[0])


def article_ids(store: Path) -> set[str]:
    with store_db(store) as db:
        return {row[0] for row in db.execute("SELECT id FROM articles")}


def stored_origins(store: Path) -> list[str]:
    with store_db(store) as db:
        return [row[0] for row in db.execute("SELECT origin FROM origins")]


def stored_texts(store: Path) -> list[str]:
    with store_db(store) as db:
        return [row[0] for row in db.execute("SELECT text FROM articles")]


def timeline_json(out: Path) -> dict:
    return json.loads((out / "timeline.json").read_text(encoding="utf-8"))


def entry_signature(timeline: dict) -> list[tuple]:
    """What two builds of one pile must agree on: each entry's date and its sentences' sources."""
    return [(json.dumps(e.get("date"), sort_keys=True), json.dumps(e.get("sources"), sort_keys=True))
            for e in timeline.get("entries", [])]


# -- running cases ---------------------------------------------------------------------------


def run_case(name: str, tmp: Path) -> Result:
    spec = CASES[name]
    ctx = Ctx(tmp)
    start = time.monotonic()
    try:
        spec.func(ctx)
        status = "FAIL" if ctx.failures else "PASS"
        reason = "; ".join(ctx.failures) if ctx.failures else spec.doc
    except Skip as exc:
        status, reason = "SKIP", str(exc)
    except Exception as exc:  # the case's own code failed: say so as a failure, with what it had found
        status = "FAIL"
        reason = "; ".join([*ctx.failures, f"the case raised {type(exc).__name__}: {exc}"])
    finally:
        ctx.cleanup()
    peak = max((r.peak_mb for r in ctx.runs), default=0.0)
    return Result(name, spec.tier, status, reason, peak, time.monotonic() - start)
