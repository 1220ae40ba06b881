"""Bulk import on Dask: files analyzed in parallel by the cluster's workers, stored here in order.

The files are listed here (`iter_paths`: the same files, skips and order as `Ingestor.ingest_paths`)
and sent to the workers in groups of `files_per_task` paths; each worker reads, parses and enriches
its group (`rasad.pipeline.analyze_paths`, errors kept per file) and sends back the articles. They
are stored one after the other through the same `Ingestor.store_article` that a single process
uses (people, quotes and stories are linked in arrival order), so the store ends up the same.

The workers read the files by their paths: on a cluster across machines, the folders must be
mounted at the same path on every worker (docs/cluster.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rasad.cluster import WorkerStats, ordered_results, this_worker
from rasad.errors import RasadError
from rasad.ingest import Ingestor, IngestReport, Progress
from rasad.pipeline import Outcome, Pipeline, analyze_paths

if TYPE_CHECKING:
    from distributed import Client

FILES_PER_TASK = 16
"""Files one task analyzes: large enough that a task outweighs its scheduling, small enough to
spread a folder over the workers and to bound what a worker holds."""


@dataclass(frozen=True, slots=True)
class AnalyzeTask:
    paths: tuple[str, ...]
    pipeline: Pipeline


@dataclass(slots=True)
class Analyzed:
    outcomes: list[Outcome]
    worker: str
    peak_rss: int
    model_loads: int


def analyze_files(task: AnalyzeTask) -> Analyzed:
    """One group of files on a worker: their outcomes, in order, errors included."""
    outcomes = list(analyze_paths(task.paths, task.pipeline))
    return Analyzed(outcomes, *this_worker())


def ingest_on_cluster(ingestor: Ingestor, paths: Iterable[str | Path], client: Client | None,
                      on_progress: Callable[[Progress], None] | None = None,
                      on_error: Callable[[RasadError], None] | None = None,
                      files_per_task: int = FILES_PER_TASK,
                      workers: dict[str, WorkerStats] | None = None) -> IngestReport:
    """Analyze files and folders on the cluster behind `client` and store their articles through
    `ingestor`, as `Ingestor.ingest_paths` does in one process: the same counts, ids, errors and
    skips. A StoreError ends the import; `workers` (when given) collects each worker's figures."""
    from rasad.acquire.files import iter_paths

    skipped: list[Any] = []
    files = [str(p) for p in iter_paths(list(paths), skipped)]
    report = IngestReport(skipped=[(str(s.path), s.reason) for s in skipped])
    groups: Sequence[tuple[str, ...]] = [tuple(files[i:i + files_per_task])
                                         for i in range(0, len(files), max(1, files_per_task))]
    tasks = (AnalyzeTask(group, ingestor.pipeline) for group in groups)
    done = found = 0
    for analyzed in ordered_results(client, analyze_files, tasks):
        if workers is not None:
            workers.setdefault(analyzed.worker, WorkerStats(analyzed.worker)).add(analyzed.peak_rss,
                                                                                  analyzed.model_loads)
        for outcome in analyzed.outcomes:
            done += 1
            if outcome.skipped:
                report.skipped.append((outcome.source, outcome.skipped))
            elif outcome.error is not None:
                report.counts["failed"] += 1
                report.errors.append(outcome.error)
                if on_error:
                    on_error(outcome.error)
            else:
                found += len(outcome.articles)
                for article in outcome.articles:
                    stored = ingestor.store_article(article)
                    report.counts[stored.status] += 1
                    report.ids.append(stored.id)
            if on_progress:
                on_progress(Progress(done, len(files), len(report.ids), found, outcome.source))
    return report


__all__ = ["FILES_PER_TASK", "AnalyzeTask", "Analyzed", "analyze_files", "ingest_on_cluster"]
