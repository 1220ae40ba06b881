"""`rasad db status|migrate` (a store's schema, SQLite or PostgreSQL) and `rasad migrate-store`
(a whole store copied to another backend): click commands over rasad.store.schema and
rasad.store.transfer. `register(main)` mounts them on the main command."""

from __future__ import annotations

import json

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from rasad.cli_boundary import fail_cleanly
from rasad.cli_params import DB_OPTION
from rasad.errors import StoreError

err = Console(stderr=True, soft_wrap=True)
out = Console(highlight=False)



@click.group()
def db() -> None:
    """The store's schema: where it stands, and bringing it up to date (SQLite and PostgreSQL)."""


@db.command("status")
@DB_OPTION
@click.option("--json", "as_json", is_flag=True, help="One JSON object.")
@fail_cleanly
def status_command(db_url: str | None, as_json: bool) -> None:
    """The schema version of the store, the latest this rasad knows, and the migrations still to
    run. Changes nothing; exit status 1 when migrations are pending."""
    from rasad.store.schema import status

    found = status(db_url)
    if as_json:
        click.echo(json.dumps(found.to_record(), ensure_ascii=False))
    else:
        state = "no rasad store yet" if found.version == 0 else f"schema {found.version}"
        pending = ", ".join(map(str, found.pending)) or "none"
        out.print(f"{found.url} ({found.backend}): {state}, latest {found.latest}; pending migrations: {pending}")
    if found.pending:
        raise SystemExit(1)


@db.command("migrate")
@DB_OPTION
@fail_cleanly
def migrate_command(db_url: str | None) -> None:
    """Run the migrations the store lacks, in order (creating the store when there is none). Every
    command that writes does this by itself; run it by hand to upgrade a shared PostgreSQL
    database at a time of your choosing (docs/postgres.md)."""
    from rasad.store.schema import migrate

    before, after = migrate(db_url)
    if before.pending:
        ran = ", ".join(map(str, before.pending))
        out.print(f"{after.url}: schema {before.version} -> {after.version} (ran {ran})")
    else:
        out.print(f"{after.url}: schema {after.version}, up to date")


@click.command("migrate-store")
@click.option("--from", "source", required=True, metavar="URL", help="The store to copy (it is only read).")
@click.option("--to", "target", required=True, metavar="URL",
              help="A new store to copy into: empty, or the same copy to resume.")
@click.option("--batch", type=click.IntRange(1, 100_000), default=500, show_default=True,
              help="Articles (or people) per transaction on the target.")
@click.option("--batch-pause", type=float, default=0.0, hidden=True,
              help="Seconds to wait after each batch (tests of resuming).")
@fail_cleanly
def migrate_store(source: str, target: str, batch: int, batch_pause: float) -> None:
    """Copy a whole store to another backend, SQLite to PostgreSQL or back: articles with their
    enrichments, people and roles, quotes, stories, the monitor's state, watches with their alerts
    and delivery outbox, the web app's users, reprocessing runs, with the same ids. In
    batches, each recorded in the target, so a copy that was stopped resumes when run again with
    the same --from and --to. Verified at the end by the rows and a checksum of every table.

    \b
    rasad migrate-store --from sqlite:///rasad.db --to postgresql://rasad@db.example/rasad
    """
    from rasad.store.transfer import Transfer

    transfer = Transfer(source, target, batch=batch, pause=batch_pause)
    try:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=err, transient=False) as bar:
            articles = bar.add_task("articles", total=transfer.total_articles())
            people = bar.add_task("people", total=None)
            done, _ = transfer.position("articles")
            if done:
                bar.update(articles, completed=int(transfer.target.rows("SELECT count(*) FROM articles")[0][0]))

            def tell(step: str, rows: int) -> None:
                if step == "articles":
                    bar.advance(articles, rows)
                elif step == "people":
                    bar.advance(people, rows)
                elif step == "postings" and not rows:  # PostgreSQL's search postings, one statement
                    bar.add_task("search postings (one statement)", total=None)

            checks = transfer.run(tell)
    finally:
        transfer.close()
    table = Table("table", "rows", "checksum", "")
    for check in checks:
        table.add_row(check.table, f"{check.target_rows}", check.target_sum[:12],
                      "ok" if check.ok else f"[red]source {check.source_rows} rows, {check.source_sum[:12]}[/red]")
    out.print(table)
    bad = [c.table for c in checks if not c.ok]
    if bad:
        raise StoreError(f"{target}: the copy differs from {source} in {', '.join(bad)}")
    out.print(f"copied and verified: {sum(c.target_rows for c in checks)} rows in {len(checks)} tables")


def register(main: click.Group) -> None:
    main.add_command(db, name="db")
    main.add_command(migrate_store, name="migrate-store")


__all__ = ["db", "migrate_store", "register"]
