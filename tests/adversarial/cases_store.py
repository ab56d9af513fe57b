"""Stores that cannot be written or read, runs at once, killed runs and the processes they leave."""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import sqlite3
import time
from pathlib import Path

from harness import (
    EXIT_ERROR,
    ORPHAN_GRACE,
    ROOT,
    SAMPLE_SECONDS,
    Child,
    Ctx,
    article_count,
    article_ids,
    built_store,
    case,
    entry_signature,
    good_report,
    session_pids,
    timeline_json,
)

#: The replicated pile of the kill-and-resume cases: a few hundred reports (bench/ingest.py's replication).
KILL_PILE_REPORTS = 300
#: The pile of the orphan case: enough that the workers are busy when the parent is killed.
ORPHAN_PILE_REPORTS = 120
#: A future schema version no dateline knows.
FUTURE_SCHEMA = 9999


def _store_with_reports(ctx: Ctx, count: int = 2) -> Path:
    return built_store(ctx, count, 600, "pile", "setting up the store this case attacks")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _every_command_refuses(ctx: Ctx, out: Path, what: str, *, drop_root: bool = False, words: tuple[str, ...] = (),
                           not_words: tuple[str, ...] = ()) -> None:
    """build, add, render and serve on a bad store each exit 1 with an Error message (or, serve, keep serving)."""
    store = out / "dateline.sqlite"
    extra = ctx.tmp / "more"
    extra.mkdir(exist_ok=True)
    (extra / "new.txt").write_text(good_report(650), encoding="utf-8")
    (out / "timeline.json").unlink(missing_ok=True)  # render must go to the store
    for command, args in (("build", ["build", str(extra), "--out", str(out), "--workers", "1"]),
                          ("add", ["add", str(extra), "--store", str(store), "--workers", "1"]),
                          ("render", ["render", str(out), "--format", "md"])):
        run = ctx.dateline(*args, timeout=60, drop_root=drop_root)
        if ctx.check(run, f"{command} on a {what} store", rc=EXIT_ERROR) and words:
            ctx.expect(any(w in run.stderr.lower() for w in words),
                       f"{command} on a {what} store: the message says none of {list(words)}: {run.brief()}")
        for wrong in not_words:
            ctx.expect(wrong not in run.stderr.lower(), f"{command} on a {what} store: the message wrongly says "
                                                        f"{wrong!r}: {run.brief()}")
    port = _free_port()
    import sys
    child = ctx.spawn([sys.executable, "-m", "dateline", "serve", str(out), "--port", str(port)], timeout=30,
                      drop_root=drop_root)
    served = child.wait_until(lambda: _answers(port), 20)
    if served:
        child.timeout = 0  # it serves what it can read: stop it, and see that it never printed a traceback
    run = ctx.finish(child)
    if served:
        ctx.expect("Traceback" not in run.stderr, f"serve on a {what} store printed a traceback")
    else:
        ctx.check(run, f"serve on a {what} store", rc=EXIT_ERROR)


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"GET /api/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            return s.recv(64).startswith(b"HTTP/1.1 ")
    except OSError:
        return False


@case()
def case_read_only_store(ctx: Ctx) -> None:
    """build, add, render and serve on a read-only store say so (exit 1), never a traceback."""
    out = _store_with_reports(ctx)
    files = [out / "dateline.sqlite", *out.glob("dateline.sqlite-*")]
    for path in files:
        path.chmod(0o444)
    out.chmod(0o555)
    try:
        _every_command_refuses(ctx, out, "read-only", drop_root=True, words=("read-only", "readonly", "writ", "permission"),
                               not_words=("not a dateline store",))
    finally:
        out.chmod(0o755)
        for path in files:
            path.chmod(0o644)


@case()
def case_corrupt_store(ctx: Ctx) -> None:
    """build, add, render and serve on a store with garbage pages say it is damaged (exit 1), never a traceback."""
    out = _store_with_reports(ctx)
    store = out / "dateline.sqlite"
    size = store.stat().st_size
    with open(store, "r+b") as handle:  # keep the header page, overwrite the rest: "database disk image is malformed"
        handle.seek(4096)
        handle.write(os.urandom(max(0, size - 4096)))
    for path in out.glob("dateline.sqlite-*"):
        path.unlink()
    _every_command_refuses(ctx, out, "corrupt", words=("malformed", "damaged", "corrupt", "not a dateline store"))


@case("long")
def case_store_not_sqlite(ctx: Ctx) -> None:
    """A store path holding random bytes is refused with a message (exit 1)."""
    out = ctx.tmp / "out"
    out.mkdir()
    (out / "dateline.sqlite").write_bytes(os.urandom(20_000))
    _every_command_refuses(ctx, out, "random-bytes", words=("not a dateline store", "damaged", "corrupt"))


@case()
def case_store_from_future_schema(ctx: Ctx) -> None:
    """A store whose schema version is newer than this dateline is refused with a message (exit 1)."""
    out = _store_with_reports(ctx)
    db = sqlite3.connect(out / "dateline.sqlite")
    db.execute(f"PRAGMA user_version = {FUTURE_SCHEMA}")
    db.commit()
    db.close()
    _every_command_refuses(ctx, out, "future-schema", words=("newer",))


@case()
def case_two_adds_at_once(ctx: Ctx) -> None:
    """Two `dateline add` on one store at once both succeed; every report is stored once."""
    store = ctx.tmp / "out" / "dateline.sqlite"
    piles = []
    for p in range(2):
        pile = ctx.tmp / f"pile{p}"
        pile.mkdir()
        for i in range(8):
            (pile / f"r{i}.txt").write_text(good_report(700 + 10 * p + i), encoding="utf-8")
        (pile / "shared.txt").write_text(good_report(799), encoding="utf-8")  # the same report in both piles
        piles.append(pile)
    import sys
    children = [ctx.spawn([sys.executable, "-m", "dateline", "add", str(pile), "--store", str(store), "--workers", "1",
                           "--config", str(_batch_config(ctx))], timeout=90) for pile in piles]
    runs = [ctx.finish(child) for child in children]
    checked = [ctx.check(run, f"add #{i + 1}") for i, run in enumerate(runs)]  # every run checked, not the first failing
    if all(checked):
        ctx.expect(article_count(store) == 17, f"expected 17 distinct reports stored, found {article_count(store)}")


def _batch_config(ctx: Ctx) -> Path:
    path = ctx.tmp / "small-batches.toml"
    path.write_text("[dateline]\nbatch_size = 2\n", encoding="utf-8")  # many commits, so the two runs interleave
    return path


# -- killed runs ---------------------------------------------------------------------------------------------


def _replicated_pile(ctx: Ctx, reports: int) -> Path:
    spec = importlib.util.spec_from_file_location("bench_ingest", ROOT / "bench" / "ingest.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    pile = ctx.tmp / "pile"
    module.replicate(ROOT / "src" / "dateline" / "sample" / "reports", reports, pile)
    return pile


def _count_now(store: Path) -> int:
    try:
        return article_count(store) if store.exists() else 0
    except sqlite3.Error:
        return 0


def _build_child(ctx: Ctx, pile: Path, out: Path, timeout: float) -> Child:
    import sys
    return ctx.spawn([sys.executable, "-m", "dateline", "build", str(pile), "--out", str(out), "--workers", "2", "-q"],
                     timeout=timeout)


@case()
def case_no_orphans_after_sigkill(ctx: Ctx) -> None:
    """After SIGKILL of `dateline build` mid-ingest, no process it started remains within 5 s."""
    pile = _replicated_pile(ctx, ORPHAN_PILE_REPORTS)
    out = ctx.tmp / "out"
    child = _build_child(ctx, pile, out, timeout=120)
    if not child.wait_until(lambda: len(session_pids(child.pid)) >= 3, 60):
        ctx.skip("the build never started its worker processes (ended or too slow), so there was nothing to orphan")
    os.kill(child.pid, signal.SIGKILL)
    child.poll()
    end = time.monotonic() + ORPHAN_GRACE
    left = session_pids(child.pid)
    while left and time.monotonic() < end:
        time.sleep(SAMPLE_SECONDS)
        left = session_pids(child.pid)
    ctx.expect(not left, f"{len(left)} dateline process(es) still alive {ORPHAN_GRACE:.0f}s after SIGKILL of the parent "
                         f"(pids {left})")
    ctx.finish(child)


def _reference(ctx: Ctx, pile: Path) -> tuple[set[str], list[tuple]]:
    out = ctx.tmp / "reference"
    run = ctx.finish(_build_child(ctx, pile, out, timeout=600))
    if not ctx.check(run, "the uninterrupted build"):
        ctx.skip("the uninterrupted build failed, so there is nothing to compare with")
    return article_ids(out / "dateline.sqlite"), entry_signature(timeline_json(out))


def _kill_and_resume(ctx: Ctx, pile: Path, reference: tuple[set[str], list[tuple]], name: str, when,
                     kill_signal: int = signal.SIGKILL, times: int = 1, says_recovered: bool = False) -> None:
    out = ctx.tmp / f"killed-{name}"
    store = out / "dateline.sqlite"
    for attempt in range(times):
        child = _build_child(ctx, pile, out, timeout=600)
        hit = child.wait_until(lambda child=child: when(out, store, child), 600)
        if not hit:
            ctx.expect(False, f"{name}: the kill point was never reached (the build ended first)")
        else:
            os.killpg(child.pid, kill_signal) if kill_signal == signal.SIGKILL else os.kill(child.pid, kill_signal)
        run = ctx.finish(child)
        if kill_signal == signal.SIGINT and hit:
            ctx.check(run, f"{name}: the interrupted build", rc=130)
        del attempt
    run = ctx.finish(_build_child(ctx, pile, out, timeout=600))
    if kill_signal == signal.SIGKILL and says_recovered:
        ctx.expect("recovered: an earlier `dateline build`" in run.stderr,
                   f"{name}: the resumed build does not say what it recovered from the killed one")
    if ctx.check(run, f"{name}: the resumed build"):
        ids, entries = article_ids(store), entry_signature(timeline_json(out))
        ctx.expect(ids == reference[0], f"{name}: {len(ids)} articles after resuming, {len(reference[0])} uninterrupted "
                                        f"({len(ids - reference[0])} extra, {len(reference[0] - ids)} missing)")
        ctx.expect(entries == reference[1], f"{name}: the resumed timeline's entries differ from the uninterrupted build's")


def _at_articles(fraction: float):
    target = max(1, int(KILL_PILE_REPORTS * fraction))
    return lambda out, store, child: _count_now(store) >= target


def _after_ingest(delay: float):
    """Kill ``delay`` seconds after the store holds every report (the later stages are running)."""
    state: dict[str, float] = {}

    def when(out: Path, store: Path, child: Child) -> bool:
        if "full" not in state and _count_now(store) >= KILL_PILE_REPORTS:
            state["full"] = time.monotonic()
        return "full" in state and time.monotonic() - state["full"] >= delay
    return when


def _after_json(out: Path, store: Path, child: Child) -> bool:
    return (out / "timeline.json").exists()


@case("long")
def case_kill_and_resume(ctx: Ctx) -> None:
    """kill -9 at 15% and 80% of ingest, twice, after ingest, in the story stages, after the JSON, and SIGINT: resuming
    gives the uninterrupted build's articles and entries, and says what it recovered from a build killed in ingest."""
    pile = _replicated_pile(ctx, KILL_PILE_REPORTS)
    reference = _reference(ctx, pile)
    _kill_and_resume(ctx, pile, reference, "15% of ingest", _at_articles(0.15), says_recovered=True)
    _kill_and_resume(ctx, pile, reference, "80% of ingest", _at_articles(0.8), says_recovered=True)
    _kill_and_resume(ctx, pile, reference, "twice in ingest", _at_articles(0.3), times=2, says_recovered=True)
    _kill_and_resume(ctx, pile, reference, "right after ingest", _after_ingest(0.0))
    _kill_and_resume(ctx, pile, reference, "in the story stages", _after_ingest(3.0))
    _kill_and_resume(ctx, pile, reference, "after timeline.json", _after_json)
    _kill_and_resume(ctx, pile, reference, "SIGINT in ingest", _at_articles(0.5), kill_signal=signal.SIGINT)
