"""Where the per-report work runs: inline, in a local process pool, or on a Dask cluster.

The build runner (:mod:`dateline.pipeline`) hands batches of work to an
engine and takes the results back in the order it gave them; only the main
process writes the store. Three engines:

- inline (``workers = 1``, no scheduler): in this process;
- a local process pool (``workers > 1``): the default, offline, nothing to install;
- Dask (``scheduler = "local"`` for a ``LocalCluster`` this module starts and
  closes, with ``workers`` worker processes; or ``scheduler = "tcp://HOST:PORT"``
  for a running cluster). ``dask[distributed]`` is an optional dependency
  (``pip install 'dateline[dask]'``) imported only when asked for.

What travels to a Dask worker is the batch itself: the documents as the main
process read and decoded them (their text, origin and metadata, never a path
to open) and the settings; what comes back is the articles, skipped items and
entity mentions. Workers therefore need no access to the input files, only
dateline and its spaCy model installed, in the same versions as here.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager, contextmanager, suppress
from typing import Any, Protocol, TypeVar

from .config import LOCAL_CLUSTER, Settings
from .errors import ConfigError, DatelineError

__all__ = ["Engine", "open_engine"]

_Tag = TypeVar("_Tag")
_Job = TypeVar("_Job")
_Out = TypeVar("_Out")

#: Batches submitted ahead per worker: enough to keep each busy, few enough that memory stays flat on big piles
#: (on a cluster, too: a million reports never become a million futures, nor a million texts in flight).
_JOBS_PER_WORKER = 2
#: Seconds to wait for a Dask scheduler to answer before saying it cannot be reached: a scheduler on the
#: network answers in well under a second; a mistyped address should not hang the build.
_CONNECT_SECONDS = 10.0
#: A local cluster listens on this machine only, its scheduler's web server on a free port (there is always one,
#: for health checks; Dask's default 8787 may be taken, by another build's cluster among others).
_LOCAL_HOST = "127.0.0.1"
_LOCAL_HTTP = "127.0.0.1:0"
#: What to run when Dask is asked for and not installed.
_INSTALL_DASK = "pip install 'dateline[dask]'  (or: pip install 'dask[distributed]')"


class Engine(Protocol):
    """Runs ``work(job, settings)`` for each (tag, job) and yields (tag, result) in the order given."""

    def map_in_order(self, work: Callable[[_Job, Settings], _Out], jobs: Iterable[tuple[_Tag, _Job]],
                     settings: Settings) -> Iterator[tuple[_Tag, _Out]]: ...


class _Inline:
    def map_in_order(self, work: Callable[[_Job, Settings], _Out], jobs: Iterable[tuple[_Tag, _Job]],
                     settings: Settings) -> Iterator[tuple[_Tag, _Out]]:
        for tag, job in jobs:
            yield tag, work(job, settings)


class _Pool:
    """A local process pool, started at the first batch (a build with nothing new to read starts none)."""

    def __init__(self, workers: int):
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()

    def map_in_order(self, work: Callable[[_Job, Settings], _Out], jobs: Iterable[tuple[_Tag, _Job]],
                     settings: Settings) -> Iterator[tuple[_Tag, _Out]]:
        pending: deque[tuple[_Tag, Future[_Out]]] = deque()
        try:
            for tag, job in jobs:
                if self.pool is None:
                    self.pool = ProcessPoolExecutor(max_workers=self.workers, initializer=_die_with_parent,
                                                    initargs=(os.getpid(),))
                pending.append((tag, self.pool.submit(work, job, settings)))
                if len(pending) >= self.workers * _JOBS_PER_WORKER:
                    done_tag, future = pending.popleft()
                    yield done_tag, future.result()
            for done_tag, future in pending:
                yield done_tag, future.result()
        except BrokenProcessPool as exc:
            raise DatelineError(
                f"a worker process ended abruptly ({exc}), killed from outside or by the system, often for want of "
                "memory; run the same command again, with fewer --workers if it recurs: every batch stored is kept"
            ) from exc


class _Dask:
    """A ``distributed.Client``: batches go out as tasks, a bounded number at a time, and come back in order."""

    def __init__(self, client: Any, where: str):
        self.client = client
        self.where = where

    def _slots(self) -> int:
        """Worker threads in the cluster now (at least one, so that a cluster still starting gets work)."""
        return max(1, sum(self.client.nthreads().values()))

    def map_in_order(self, work: Callable[[_Job, Settings], _Out], jobs: Iterable[tuple[_Tag, _Job]],
                     settings: Settings) -> Iterator[tuple[_Tag, _Out]]:
        from distributed import KilledWorker

        pending: deque[tuple[_Tag, Any]] = deque()
        try:
            for tag, job in jobs:
                # pure=False: two equal batches (a pile read twice) are still two tasks, never one result shared.
                pending.append((tag, self.client.submit(work, job, settings, pure=False)))
                if len(pending) >= self._slots() * _JOBS_PER_WORKER:
                    done_tag, future = pending.popleft()
                    yield done_tag, future.result()
            while pending:
                done_tag, future = pending.popleft()
                yield done_tag, future.result()
        except KilledWorker as exc:
            raise DatelineError(
                f"Dask workers of {self.where} died while running a batch ({exc}), often for want of memory or "
                "because dateline or its spaCy model is missing on them; run the same command again (with fewer "
                "reports per batch, --config batch_size, if it recurs): every batch stored is kept"
            ) from exc
        except OSError as exc:  # the scheduler went away mid-build (CommClosedError is an OSError)
            raise DatelineError(
                f"lost the Dask scheduler {self.where} during the build ({exc}); run the same command again once it "
                "is back: every batch stored is kept"
            ) from exc
        finally:
            for _, future in pending:
                future.cancel()


def open_engine(settings: Settings) -> AbstractContextManager[Engine]:
    """The engine ``settings`` ask for, opened for one build and closed after it."""
    return _opened(settings)


@contextmanager
def _opened(settings: Settings) -> Iterator[Engine]:
    if settings.scheduler:
        with _dask_client(settings) as engine:
            yield engine
    elif settings.workers <= 1:
        yield _Inline()
    else:
        pool = _Pool(settings.workers)
        try:
            yield pool
        finally:
            pool.close()


@contextmanager
def _dask_client(settings: Settings) -> Iterator[_Dask]:
    try:
        import distributed
    except ImportError as exc:
        raise ConfigError(
            f"running on Dask (scheduler = {settings.scheduler!r}) needs dask.distributed, which is not installed; "
            f"run `{_INSTALL_DASK}`, or leave out --dask/--scheduler to use the local process pool"
        ) from exc
    if settings.scheduler == LOCAL_CLUSTER:
        # One thread per worker process: spaCy holds the GIL, so threads would share one core.
        try:
            cluster = distributed.LocalCluster(n_workers=settings.workers, threads_per_worker=1, processes=True,
                                               host=_LOCAL_HOST, dashboard_address=_LOCAL_HTTP)
        except RuntimeError as exc:  # "Nanny failed to start": most often a script without a main guard
            raise DatelineError(
                f"could not start a local Dask cluster ({exc}); Dask starts its workers as new Python processes "
                "that import your script again, so in a script call dateline under `if __name__ == \"__main__\":`; "
                "or leave out --dask to use the local process pool"
            ) from exc
        try:
            with distributed.Client(cluster) as client:
                yield _Dask(client, f"a local cluster of {settings.workers} workers")
        finally:
            cluster.close()
        return
    try:
        client = distributed.Client(settings.scheduler, timeout=_CONNECT_SECONDS)
    except (OSError, TimeoutError) as exc:
        raise DatelineError(
            f"cannot reach the Dask scheduler at {settings.scheduler} ({exc}); check the address and that "
            "`dask scheduler` runs there and lets this machine in, or use --dask local for a cluster on this machine"
        ) from exc
    with client:
        yield _Dask(client, f"at {settings.scheduler}")


#: Linux's prctl option asking the kernel to signal this process when its parent dies (<linux/prctl.h>).
_PR_SET_PDEATHSIG = 1
#: Seconds between a worker's checks that the build that started it still runs (where prctl is missing, or the
#: signal was not set): well inside the 5 s a killed build may leave workers behind; a getppid() a second is free.
_PARENT_CHECK_SECONDS = 1.0


def _die_with_parent(parent: int) -> None:
    """Pool initializer: a worker ends when the build that started it ends, even by SIGKILL.

    A worker waits on a pipe its parent no longer writes to and would live on (each holds spaCy's model);
    the next run would compete with it. On Linux the kernel sends it SIGKILL when the thread that started it
    dies (the thread running the build, alive while the pool is); everywhere a daemon thread also checks every
    :data:`_PARENT_CHECK_SECONDS` that its parent is still ``parent`` and ends the process once it is not.
    """
    if sys.platform.startswith("linux"):
        with suppress(OSError, AttributeError):  # no libc or no prctl: the thread below still watches
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the signal was asked for
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), name="dateline-parent-watch", daemon=True).start()


def _watch_parent(parent: int) -> None:
    """End this worker process once its parent is no longer ``parent`` (it died, the worker was adopted)."""
    while os.getppid() == parent:
        time.sleep(_PARENT_CHECK_SECONDS)
    os._exit(1)
