"""The in-memory store's reprocessing runs, kept as the SQLite store keeps them."""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from rasad.errors import NotFound
from rasad.store.values import IdRange, ReprocessRun, RunPartition


@dataclass
class ReprocessData:
    runs: dict[int, ReprocessRun] = field(default_factory=dict)


class MemoryReprocess:
    data: Any  # rasad.store.memory.Data

    def _writing(self) -> threading.RLock:  # the store's: its lock, or StoreError when opened for reading
        raise NotImplementedError

    def open_run(self, key: str, partitions: list[IdRange]) -> ReprocessRun:
        with self._writing():
            open_runs = [r for r in self.data.runs.values() if r.key == key and r.finished_at is None]
            if open_runs:
                return copy.deepcopy(max(open_runs, key=lambda r: r.id))
            run_id = max(self.data.runs, default=0) + 1
            run = ReprocessRun(run_id, key, datetime.now(UTC).isoformat(timespec="seconds"), None,
                               [RunPartition(p.first, p.last, p.articles) for p in partitions])
            self.data.runs[run_id] = run
            return copy.deepcopy(run)

    def partition_done(self, run_id: int, partition: RunPartition) -> None:
        with self._writing():
            run = self.data.runs.get(run_id)
            found = [p for p in run.partitions if p.first == partition.first] if run else []
            if not found:
                raise NotFound(f"no partition from id {partition.first} in reprocessing run {run_id}")
            found[0].done = True
            found[0].counts, found[0].relink = dict(partition.counts), list(partition.relink)

    def finish_run(self, run_id: int) -> None:
        with self._writing():
            if run_id not in self.data.runs:
                raise NotFound(f"no reprocessing run {run_id}")
            self.data.runs[run_id].finished_at = datetime.now(UTC).isoformat(timespec="seconds")

    def reprocess_runs(self, limit: int = 20) -> list[ReprocessRun]:
        return [copy.deepcopy(self.data.runs[i]) for i in sorted(self.data.runs, reverse=True)[:limit]]
