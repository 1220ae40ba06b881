"""Reprocessing and bulk import on Dask against the single-process pipeline, in one run.

usage: python bench/bench_reprocess.py [--files N] [--partition-size N] [--sizes 50,400]

On real articles of ../shared/data/ir_news_dev (every k-th file, N in all):

- **reprocess**: an archive stored by a rasad without NER, quotes or places (`--stages metadata`),
  reprocessed with the whole pipeline: in this process (`reprocess(client=None)`, the
  single-process pipeline), then on a local Dask cluster of 1 and of 2 worker processes (one
  thread each). Each from a copy of the same archive; the cluster is restarted before each run
  so its workers load the model (counted in the time) and their peak memory is their own.
- **bulk import**: the same files into an empty SQLite store: `Ingestor.ingest_paths` in this
  process, then `ingest_on_cluster` with 1 and 2 workers.
- **peak memory per worker** at two partition sizes (`--sizes`), 2 workers.

Prints Markdown tables; the cluster's start-up (processes, imports) is given apart. The machine
may be loaded by other work: the load average is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import shared, timer
from rasad.cluster import WorkerStats, dask_client, peak_memory
from rasad.cluster_ingest import ingest_on_cluster
from rasad.ingest import Ingestor
from rasad.models import Article
from rasad.pipeline import build_pipeline
from rasad.reprocess import reprocess
from rasad.store import open_store
from rasad.store.base import Store


def mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


def workers_line(workers: dict[str, WorkerStats]) -> str:
    return ", ".join(f"{mib(w.peak_rss)} ({w.pieces} pieces, {w.model_loads} model load)"
                     for w in sorted(workers.values(), key=lambda w: w.worker))


def old_archive(files: list[Path], folder: Path) -> Path:
    path = folder / "old.db"
    with open_store(f"sqlite:///{path}") as store:
        Ingestor(store, build_pipeline(stages=["metadata"])).ingest_paths(files)
    return path


def copy(archive: Path, target: Path) -> str:
    shutil.copyfile(archive, target)
    return f"sqlite:///{target}"


def write_back(store: Store, articles: list[tuple[int, Article]]) -> int:
    """What the client does per changed article: `replace_enrichments` (people and quotes relinked)."""
    return sum(store.replace_enrichments(article_id, article) for article_id, article in articles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=400, help="IR-News files (one article each)")
    parser.add_argument("--partition-size", type=int, default=50)
    parser.add_argument("--sizes", default="50,400", help="partition sizes for the memory table")
    args = parser.parse_args()
    every = sorted(shared("data", "ir_news_dev").glob("*_*.txt"))
    files = every[:: max(1, len(every) // args.files)][: args.files]
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}; cores: {os.cpu_count()}")
    pipeline = build_pipeline()
    rows: list[str] = []
    memory: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        archive = old_archive(files, folder)
        with open_store(f"sqlite:///{archive}", write=False) as store:
            n = store.count()

        def rate(label: str, run: Callable[[], Any], what: str) -> Any:
            with timer() as took:
                result = run()
            rows.append(f"| {what} | {label} | {n} | {took[0]:.1f} s | {n / took[0]:.1f} |")
            return result

        def reprocess_with(client: Any, name: str) -> Any:
            with open_store(copy(archive, folder / f"{name}.db")) as store:
                return reprocess(store, pipeline, client=client, size=args.partition_size)

        def import_with(client: Any, name: str, workers: dict[str, WorkerStats] | None = None) -> Any:
            with open_store(f"sqlite:///{folder / name}.db") as store:
                ingestor = Ingestor(store, pipeline)
                if client is None:
                    return ingestor.ingest_paths(files)
                return ingest_on_cluster(ingestor, files, client, workers=workers)

        single = rate("single process", partial(reprocess_with, None, "single"), "reprocess")
        with open_store(f"sqlite:///{folder / 'single.db'}", write=False) as done:
            new = [(a.id, Article.from_record(a.record)) for a in done.iter_articles()]
        with open_store(copy(archive, folder / "writes.db")) as store:
            rate("single process", partial(write_back, store, new), "write-back alone (the store's part)")
        own_peak = peak_memory()
        rate("single process", partial(import_with, None, "import-single"), "bulk import")
        assert single.counts["changed"] > 0
        for count in (1, 2):
            with timer() as started, dask_client(workers=count) as client:
                pass
            with dask_client(workers=count) as client:
                label = f"Dask, {count} worker{'s' if count > 1 else ''}"
                report = rate(label, partial(reprocess_with, client, f"dask{count}"), "reprocess")
                memory.append(f"| reprocess | {count} | {args.partition_size} | {workers_line(report.workers)} |")
                client.restart()
                seen: dict[str, WorkerStats] = {}
                rate(label, partial(import_with, client, f"import-dask{count}", seen), "bulk import")
                memory.append(f"| bulk import | {count} | 16 files | {workers_line(seen)} |")
            rows.append(f"| (cluster start-up and close, {count} worker{'s' if count > 1 else ''}) | | | "
                        f"{started[0]:.1f} s | |")
        sizes = [int(s) for s in args.sizes.split(",") if s]
        for size in sizes:
            with dask_client(workers=2) as client, open_store(copy(archive, folder / f"m{size}.db")) as store:
                report = reprocess(store, pipeline, client=client, size=size)
                memory.append(f"| reprocess | 2 | {size} | {workers_line(report.workers)} |")
    print(f"\n{n} articles (every {len(every) // args.files}th file of ir_news_dev), partitions of "
          f"{args.partition_size}; the single process's own peak: {mib(own_peak)}\n")
    print("| work | how | articles | time | articles/s |\n|---|---|---|---|---|")
    print("\n".join(rows))
    print("\n| work | workers | partition | peak memory per worker |\n|---|---|---|---|")
    print("\n".join(memory))
    print(f"\nload average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
