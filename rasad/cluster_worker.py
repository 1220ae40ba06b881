"""What runs in every Dask worker of a rasad cluster before its first task (a worker plugin,
registered by rasad.cluster.dask_client). Imported only where Dask is used."""

from __future__ import annotations

from typing import Any

from distributed import WorkerPlugin

MMAP_THRESHOLD = 32 * 2**20  # glibc's largest: arrays below it come from the heap, reused
TRIM_THRESHOLD = 64 * 2**20  # free memory kept by a worker before it is given back to the system


def tune_allocator() -> bool:
    """Undo what Dask's nanny does to a worker's allocator. It starts workers with
    MALLOC_TRIM_THRESHOLD_=65536, which also freezes glibc's mmap threshold at 128 KiB: every
    array of the NER above that is mapped and unmapped again, and the page faults doubled the
    CPU time per article (measured: 300k minor faults for 25 articles in a worker, 3k in one
    process). Raising both thresholds (mallopt) gives the worker the speed of one
    process. Returns whether it could (glibc only)."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if not name:
        return False
    try:
        libc = ctypes.CDLL(name)
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3
    return bool(mallopt(m_mmap_threshold, MMAP_THRESHOLD)) and bool(mallopt(m_trim_threshold, TRIM_THRESHOLD))


class WorkerSetup(WorkerPlugin):
    """A Dask worker plugin: every worker of the cluster, started now or later (one restarted
    after a kill), tunes its allocator before its first task (`tune_allocator`)."""

    name = "rasad-worker-setup"

    def setup(self, worker: Any) -> None:
        tune_allocator()





__all__ = ["MMAP_THRESHOLD", "TRIM_THRESHOLD", "WorkerSetup", "tune_allocator"]
