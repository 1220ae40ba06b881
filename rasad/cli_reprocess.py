"""`rasad reprocess`, and the cluster options `rasad ingest` shares with it: thin click over
rasad.reprocess, rasad.cluster_ingest and rasad.cluster."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from rasad.cli_boundary import fail_cleanly, report_error, shown
from rasad.cli_params import DB_OPTION
from rasad.cluster import WorkerStats
from rasad.errors import InputError
from rasad.settings import default_db_url
from rasad.store import open_store

if TYPE_CHECKING:
    from distributed import Client

__all__ = ["CLUSTER_OPTIONS", "cluster_of", "print_workers", "reprocess_command"]

err = Console(stderr=True, soft_wrap=True)

_WORKERS = click.option(
    "--workers", type=click.IntRange(0, 1024), default=None,
    help="Start a local Dask cluster of this many worker processes (one thread each). "
         "0: no cluster, everything in this process.")
_SCHEDULER = click.option(
    "--scheduler", metavar="tcp://HOST:PORT", default=None,
    help="Use the running Dask cluster of this scheduler (`dask scheduler`, `dask worker`: docs/cluster.md).")


def CLUSTER_OPTIONS(func: Callable[..., Any]) -> Callable[..., Any]:
    """`--workers N` and `--scheduler tcp://HOST:PORT`."""
    return _WORKERS(_SCHEDULER(func))


@contextmanager
def cluster_of(workers: int | None, scheduler: str | None, default_local: bool) -> Iterator[Client | None]:
    """The Dask client the options ask for: a running scheduler, a local cluster of `workers`, or
    none (`--workers 0`, or neither option when `default_local` is false)."""
    from rasad.cluster import dask_client

    if workers is not None and scheduler:
        raise click.UsageError("give --workers or --scheduler, not both")
    if scheduler or (workers != 0 and (workers is not None or default_local)):
        with dask_client(workers or None, scheduler) as client:
            yield client
        return
    with nullcontext():
        yield None


def print_workers(workers: dict[str, WorkerStats]) -> None:
    """Each worker process's pieces of work, peak memory and models loaded, on stderr."""
    if not workers:
        return
    table = Table("worker", "pieces", "peak memory", "models loaded", title="workers", title_justify="left")
    for stats in sorted(workers.values(), key=lambda s: s.worker):
        table.add_row(shown(stats.worker), str(stats.pieces), f"{stats.peak_rss / 2**20:,.0f} MiB",
                      str(stats.model_loads))
    err.print(table)


def _stages(value: str | None) -> list[str] | None:
    from rasad.pipeline import STAGES

    if not value:
        return None
    names = [n.strip() for n in value.split(",") if n.strip()]
    unknown = [n for n in names if n not in STAGES]
    if unknown or not names:
        raise click.BadParameter(f"{value!r}: choose among {', '.join(STAGES)}", param_hint="--stages")
    return [n for n in STAGES if n in names]  # in the pipeline's order, whatever the order given


@click.command()
@DB_OPTION
@click.option("--stages", default=None, metavar="NAMES",
              help="Only these per-article stages, comma-separated (metadata, entities, places, quotes); "
                   "default: all.")
@click.option("--ner-model", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="The NER model folder to reprocess with (also RASAD_NER_MODEL); default: the shipped one.")
@CLUSTER_OPTIONS
@click.option("--agency", help="Only this agency's articles (id or name: ILNA, ایلنا).")
@click.option("--since", help="Only articles published from this day (2025-10-26 or Jalali 1404/08/04).")
@click.option("--until", help="Only articles published up to this day, included.")
@click.option("--partition-size", default=200, show_default=True, type=click.IntRange(1, 100_000),
              help="Articles per partition: what a worker holds at once, and the unit of resumption.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@fail_cleanly
def reprocess_command(db_url: str | None, stages: str | None, ner_model: Path | None, workers: int | None,
                      scheduler: str | None, agency: str | None, since: str | None, until: str | None,
                      partition_size: int, quiet: bool) -> None:
    """Run the stored articles through the current models again, in partitions on Dask.

    The per-article stages (or --stages) run on the cluster's workers; the results are written back
    in id order, relinking people, roles, quotes and stories. By default a local cluster of one
    worker process per core is started; --scheduler uses a running one. Progress is recorded in the
    store per partition: the same command run again after a kill resumes where it stopped. Ends
    with what changed (articles whose quotes, entities or persons differ) and each worker's peak
    memory; articles that failed are listed, and the exit status is then 1.
    """
    from rasad.cli_params import agency_filter, parse_day
    from rasad.pipeline import build_pipeline
    from rasad.reprocess import ReprocessProgress, reprocess
    from rasad.store.values import SearchFilters

    filters = SearchFilters(agency=agency_filter(agency), since=parse_day(since, "--since"),
                            until=parse_day(until, "--until"))
    pipeline = build_pipeline(ner_model, _stages(stages))  # a bad model fails here, exit 2
    db_url = db_url or default_db_url()
    open_store(db_url, write=False).close()  # a mistyped path is an error, not a new empty database
    with open_store(db_url) as store, cluster_of(workers, scheduler, default_local=True) as client, Progress(
        TextColumn("[bold]reprocess"), BarColumn(), MofNCompleteColumn(), TextColumn("articles"),
        TimeRemainingColumn(), TextColumn("[dim]partition {task.fields[parts]}[/dim]"),
        console=err, disable=quiet or not err.is_terminal,
    ) as progress:
        task = progress.add_task("reprocess", total=None, parts="")

        def show(p: ReprocessProgress) -> None:
            progress.update(task, completed=p.articles_done, total=p.articles_total,
                            parts=f"{p.partitions_done}/{p.partitions_total}")

        def failed(article_id: int, why: str) -> None:
            report_error(InputError(f"article #{article_id}", why))

        report = reprocess(store, pipeline, client=client, filters=filters, size=partition_size,
                           on_progress=show, on_failed=failed)
    c = report.counts
    resumed = f", {report.resumed} resumed from a stopped run" if report.resumed else ""
    err.print(f"{c['read']} articles in {report.partitions} partition(s){resumed}: {c['changed']} changed "
              f"(quotes {c['quotes']}, entities {c['entities']}, persons {c['persons']}, other {c['other']}), "
              f"{c['written']} written, {c['failed']} failed; {report.stories} stories linked again  "
              f"[dim]({db_url}, stages {','.join(pipeline.names)})[/dim]")
    print_workers(report.workers)
    sys.exit(1 if c["failed"] else 0)
