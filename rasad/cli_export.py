"""`rasad export search|quotes|story`: a search's hits, quotes or a story's articles as CSV, JSONL
or XLSX (rasad.export), to a file or stdout, with a progress bar on stderr."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from rasad.cli_boundary import fail_cleanly
from rasad.cli_params import DB_OPTION, parse_day, search_filter_options, search_filters
from rasad.errors import InputError
from rasad.export import FORMATS, Table, write
from rasad.store import open_store

__all__ = ["export_group"]

err = Console(stderr=True, soft_wrap=True)

FORMAT_OPTION = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default=None,
    help="csv (UTF-8 with BOM: Excel opens the Persian intact), jsonl or xlsx. Default: from the extension "
         "of -o, else csv.")
OUTPUT_OPTION = click.option(
    "-o", "--output", default="-", show_default=True, metavar="FILE",
    help="The file to write (replaced only once the export is complete); - is stdout (csv and jsonl only).")
QUIET_OPTION = click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
ROW_ID = click.IntRange(1, 2**63 - 1)


def output_format(fmt: str | None, output: str) -> str:
    """The format asked for, or the one the output's extension names, or csv."""
    if fmt is None:
        suffix = Path(output).suffix.lower().lstrip(".")
        fmt = suffix if output != "-" and suffix in FORMATS else "csv"
    if fmt == "xlsx" and output == "-":
        raise click.UsageError("xlsx is a binary file: write it with -o FILE.xlsx")
    return fmt


def export(open_table: Callable[[Any], Table], db_url: str | None, fmt: str | None, output: str,
           quiet: bool) -> None:
    """Open the store, build the table, write it with a progress bar, and say what was written."""
    fmt = output_format(fmt, output)
    with open_store(db_url, write=False) as store:
        table = open_table(store)
        with Progress(TextColumn(f"[bold]export {fmt}"), BarColumn(), MofNCompleteColumn(), TextColumn("rows"),
                      TimeRemainingColumn(), console=err, disable=quiet or not err.is_terminal) as progress:
            task = progress.add_task("export", total=table.total)

            def show(rows: int) -> None:
                progress.update(task, completed=rows)

            if output == "-":
                write(table, fmt, sys.stdout.buffer, show)
                sys.stdout.buffer.flush()
            else:
                write_file(table, fmt, Path(output), show)
        rows = int(progress.tasks[0].completed)
    if output != "-":
        err.print(f"{rows} rows -> {output}", highlight=False)


def write_file(table: Table, fmt: str, path: Path, show: Callable[[int], None]) -> None:
    """Write beside the target, then rename: an export that fails leaves no half-written file."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(str(path), "no such folder")
    try:
        handle, partial = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from None
    try:
        with os.fdopen(handle, "wb") as out:
            write(table, fmt, out, show)
        os.replace(partial, path)
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from None
    finally:
        if os.path.exists(partial):
            os.unlink(partial)


@click.group(name="export")
def export_group() -> None:
    """Export a search's hits, quotes or a story as CSV, JSONL or XLSX.

    \b
    rasad export search "وزیر کشور" --agency ILNA -o hits.xlsx
    rasad export search --since 1404/08/01 --format jsonl > hits.jsonl
    rasad export quotes --speaker مومنی -o quotes.csv
    rasad export story 42 -o story.csv

    Every hit of the search is written (all pages), in the order `rasad search` and the search page
    show them, with the same filters. CSV is UTF-8 with a byte order mark, so Excel shows the
    Persian text as it is."""


@export_group.command(name="search")
@click.argument("query", nargs=-1)
@DB_OPTION
@search_filter_options
@FORMAT_OPTION
@OUTPUT_OPTION
@QUIET_OPTION
@fail_cleanly
def search_command(query: tuple[str, ...], db_url: str | None, agency: str | None, since: str | None,
                   until: str | None, persons: tuple[str, ...], orgs: tuple[str, ...], places: tuple[str, ...],
                   collapse: bool, newest: bool, fmt: str | None, output: str, quiet: bool) -> None:
    """Every hit of a search (QUERY and filters as in `rasad search`): id, title, agency, published
    (ISO and Jalali), url, story, also (copies folded in with --collapse), score, snippet."""
    from rasad.export import search_table

    filters = search_filters(agency, since, until, persons, orgs, places)
    order = "newest" if newest else "relevance"
    export(lambda store: search_table(store, " ".join(query), filters, collapse, order), db_url, fmt, output, quiet)


@export_group.command(name="quotes")
@click.argument("query", nargs=-1)
@DB_OPTION
@click.option("--speaker", help="A person's name (or surname), or a role phrase.")
@click.option("--person-id", type=ROW_ID, help="A person by id (as on the person page).")
@click.option("--since", help="From this day (2025-10-26 or Jalali 1404/08/04).")
@click.option("--until", help="Up to this day, included.")
@FORMAT_OPTION
@OUTPUT_OPTION
@QUIET_OPTION
@fail_cleanly
def quotes_command(query: tuple[str, ...], db_url: str | None, speaker: str | None, person_id: int | None,
                   since: str | None, until: str | None, fmt: str | None, output: str, quiet: bool) -> None:
    """Quotes, newest first, as `rasad quotes` lists them (all of them, no limit), with words of
    QUERY: id, article_id, published, published_jalali, speaker, person_id, mention, verb, kind,
    text, title, agency, url."""
    from rasad.export import quotes_table

    first, last = parse_day(since, "--since"), parse_day(until, "--until")
    export(lambda store: quotes_table(store, speaker, person_id, " ".join(query), first, last),
           db_url, fmt, output, quiet)


@export_group.command(name="alerts")
@DB_OPTION
@click.option("--watch", "watch_name", help="Only this watch's alerts (name or id).")
@click.option("--since", help="Alerts recorded on or after this day (2025-10-26 or Jalali 1404/08/04).")
@FORMAT_OPTION
@OUTPUT_OPTION
@QUIET_OPTION
@fail_cleanly
def alerts_command(db_url: str | None, watch_name: str | None, since: str | None, fmt: str | None, output: str,
                   quiet: bool) -> None:
    """The alerts watches recorded (one watch's with --watch), newest first, as `rasad alerts` lists
    them: id, watch, article_id, title, agency, published, published_jalali, url, quote, reason,
    created_at."""
    from rasad.export import alerts_table

    first = parse_day(since, "--since")
    export(lambda store: alerts_table(store, watch_name, first), db_url, fmt, output, quiet)


@export_group.command(name="story")
@click.argument("story_id", type=ROW_ID)
@DB_OPTION
@FORMAT_OPTION
@OUTPUT_OPTION
@QUIET_OPTION
@fail_cleanly
def story_command(story_id: int, db_url: str | None, fmt: str | None, output: str, quiet: bool) -> None:
    """A story's articles in publication order, the first publisher marked (first, how = first),
    the others with how they relate to it and their delay after it: id, story, first, how,
    delay_seconds, title, agency, agency_name, published, published_jalali, url."""
    from rasad.export import story_table

    export(lambda store: story_table(store, story_id), db_url, fmt, output, quiet)
