"""Dask for rasad: a client on a cluster of worker processes started here (`LocalCluster`), or on a
running scheduler (`dask scheduler` and `dask worker` on other machines; docs/cluster.md).

Work goes to the workers in pieces submitted a few at a time (`ordered_results`: a bounded window,
so neither the client nor the scheduler holds the whole archive) and comes back in the order it was
submitted, because what follows the map (people, quotes, stories) is written one article at a time,
in order. Dask retries a piece whose worker died (up to `distributed.scheduler.allowed-failures`
times); one that fails beyond that ends the run with a ClusterError.
"""

from __future__ import annotations

import logging
import os
import resource
import socket
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from rasad.errors import ClusterError, RasadError

if TYPE_CHECKING:
    from distributed import Client

T = TypeVar("T")
R = TypeVar("R")

CONNECT_TIMEOUT = 20  # seconds to reach a running scheduler


def default_workers() -> int:
    """One worker per core (each a process with one thread: the NER holds the GIL)."""
    return max(1, os.cpu_count() or 1)


@contextmanager
def dask_client(workers: int | None = None, scheduler: str | None = None) -> Iterator[Client]:
    """A client on the scheduler at `scheduler` (tcp://HOST:PORT), or else on a local cluster of
    `workers` processes (default: one per core) listening on 127.0.0.1, closed at the end."""
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            raise ClusterError(f"{scheduler}: cannot reach the Dask scheduler ({exc})") from None
        try:
            _register(client)
            yield client
        finally:
            client.close()
        return
    if workers is not None and workers < 1:
        raise ClusterError(f"--workers {workers}: a cluster needs at least one worker")
    try:
        cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1, processes=True,
                               host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR)
    except (OSError, RuntimeError) as exc:
        raise ClusterError(f"cannot start a local Dask cluster: {exc}") from None
    try:
        with Client(cluster) as client:
            _register(client)
            yield client
    finally:
        cluster.close()


def _register(client: Client) -> None:
    """Every worker, now and later, runs rasad.cluster_worker.WorkerSetup first."""
    from rasad.cluster_worker import WorkerSetup

    client.register_plugin(WorkerSetup(), name=WorkerSetup.name)


def ordered_results(client: Client | None, func: Callable[[T], R], items: Iterable[T],
                    window: int | None = None) -> Iterator[R]:
    """`func` over `items` on the cluster's workers (or here, in order, without a client), yielded in
    the order of `items`. At most `window` pieces are submitted and not yet yielded (default: twice
    the cluster's threads, at least two). A RasadError raised by `func` is raised as it is; any other
    failure of a piece (its workers killed too often) as a ClusterError."""
    if client is None:
        yield from map(func, items)
        return
    if window is None:
        window = max(2, 2 * sum(client.nthreads().values()))
    pending: deque[Any] = deque()
    todo = iter(items)
    for item in todo:
        pending.append(client.submit(func, item, pure=False))
        if len(pending) >= window:
            break
    while pending:
        future = pending.popleft()
        try:
            result = future.result()
        except RasadError:
            raise
        except Exception as exc:
            raise ClusterError(f"a piece of work failed on the cluster: {type(exc).__name__}: {exc}"[:400]) from exc
        for item in todo:  # the next piece goes out before this one is handed on
            pending.append(client.submit(func, item, pure=False))
            break
        yield result


@dataclass(slots=True)
class WorkerStats:
    """What one worker process did: pieces of work, its peak resident memory, models it loaded."""

    worker: str  # host:pid
    pieces: int = 0
    peak_rss: int = 0  # bytes
    model_loads: int = 0

    def add(self, peak_rss: int, model_loads: int) -> None:
        self.pieces += 1
        self.peak_rss = max(self.peak_rss, peak_rss)
        self.model_loads = max(self.model_loads, model_loads)


def this_worker() -> tuple[str, int, int]:
    """(host:pid, peak resident memory in bytes, NER models loaded) of the process calling."""
    from rasad.extract.entities import models_loaded

    return f"{socket.gethostname()}:{os.getpid()}", peak_memory(), models_loaded()


def peak_memory() -> int:
    """This process's peak resident memory in bytes: VmHWM on Linux (getrusage's ru_maxrss would
    carry the RSS of the parent a worker was spawned from across exec), else ru_maxrss."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux


__all__ = ["CONNECT_TIMEOUT", "WorkerStats", "dask_client", "default_workers", "ordered_results", "peak_memory",
           "this_worker"]
