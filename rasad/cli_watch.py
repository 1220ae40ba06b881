"""`rasad watch add|list|show|remove`, `rasad alerts [send]` and `rasad user add`: click commands
over rasad.alerts and the store's watches. The main CLI mounts the three groups."""

from __future__ import annotations

import csv
import json
import sys
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from rasad.cli_boundary import fail_cleanly, shown
from rasad.cli_params import DB_OPTION
from rasad.store import open_store
from rasad.store.watch_values import Watch, WatchSpec

__all__ = ["alerts", "user", "watch"]

out = Console(highlight=False)
err = Console(stderr=True, soft_wrap=True)



def _print_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False))


def _what(watch: Watch) -> str:
    s = watch.spec
    parts = [f"«{s.query}»" if s.query else "", f"agency {s.agency}" if s.agency else "",
             (f"quotes of {s.person}" if s.quotes_only else f"person {s.person}") if s.person else "",
             f"org {s.org}" if s.org else "", f"place {s.place}" if s.place else "",
             f"story of {s.story_agencies}+ agencies" if s.story_agencies else ""]
    return ", ".join(p for p in parts if p)


def _where(watch: Watch) -> str:
    s = watch.spec
    parts = [f"webhook {s.webhook}" if s.webhook else "",
             f"email {s.email}" + (f" ({s.digest} digest)" if s.digest else "") if s.email else ""]
    return ", ".join(p for p in parts if p) or "feed and pages only"


@click.group()
def watch() -> None:
    """Watches: be told when an article matches words, a person, an organization, a place, an
    agency, or a story reaches several agencies. Every stored article (ingest, monitor) is matched."""


@watch.command("add")
@click.argument("name")
@DB_OPTION
@click.option("--query", "-q", default="", help='Words that must all occur (spelling variants match); "a phrase".')
@click.option("--person", help="A person: any article naming them (or, with --quotes-only, quoting them).")
@click.option("--org", help="Only articles naming this organization.")
@click.option("--place", help="Only articles naming this place.")
@click.option("--quotes-only", is_flag=True, help="With --person: only their quotes (role phrases resolved to them).")
@click.option("--agency", help="Only this agency (id or name: ILNA, ایلنا).")
@click.option("--story-agencies", type=click.IntRange(2, 100), help="When a story reaches this many agencies.")
@click.option("--webhook", help="POST each alert as signed JSON to this URL.")
@click.option("--email", help="Email each alert to this address (server: RASAD_SMTP_HOST and docs/cli.md).")
@click.option("--digest", type=click.Choice(["hourly", "daily"]), help="With --email: one message an hour or a day.")
@fail_cleanly
def add_watch(name: str, db_url: str | None, query: str, person: str | None, org: str | None, place: str | None,
              quotes_only: bool, agency: str | None, story_agencies: int | None, webhook: str | None,
              email: str | None, digest: str | None) -> None:
    """Add a watch named NAME. It prints the webhook secret (the key of the X-Rasad-Signature
    HMAC-SHA256) and the Atom feed's path."""
    from rasad.alerts.watches import create_watch

    spec = WatchSpec(query=query, agency=agency, person=person, org=org, place=place, quotes_only=quotes_only,
                     story_agencies=story_agencies, webhook=webhook, email=email, digest=digest)  # type: ignore[arg-type]
    with open_store(db_url) as store:
        made = create_watch(store, name, spec)
    click.echo(f"added watch {made.name} (#{made.id}): {_what(made)} -> {_where(made)}")
    click.echo(f"  webhook secret: {made.secret}")
    click.echo(f"  feed: /watches/feed/{made.feed_token}.atom")


@watch.command("list")
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table", show_default=True)
@fail_cleanly
def list_watches(db_url: str | None, fmt: str) -> None:
    """List the watches."""
    with open_store(db_url, write=False) as store:
        rows = store.watches()
    if fmt == "jsonl":
        for w in rows:
            _print_json(w.to_record())
        return
    if not rows:
        err.print("no watches: add one with `rasad watch add NAME --query ...`")
        return
    table = Table()
    for column in ("id", "name", "matches", "delivers"):
        table.add_column(column)
    for w in rows:
        table.add_row(str(w.id), shown(w.name), shown(_what(w)), shown(_where(w)))
    out.print(table)


@watch.command("show")
@click.argument("name")
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@fail_cleanly
def show_watch(name: str, db_url: str | None, fmt: str) -> None:
    """One watch (by name or id): what it matches, where it delivers, its secret, feed and deliveries."""
    with open_store(db_url, write=False) as store:
        w = store.watch(name)
        deliveries = store.deliveries(watch_id=w.id)
        recent = store.alerts(watch_id=w.id, limit=5)
    counts = {state: sum(1 for d in deliveries if d.state == state)
              for state in ("pending", "sending", "sent", "failed")}
    if fmt == "json":
        _print_json(w.to_record(secrets=True) | {"deliveries": counts,
                                                  "failed": [d.to_record() for d in deliveries if d.state == "failed"]})
        return
    out.print(f"[bold]{shown(w.name)}[/bold] (#{w.id})  matches: {shown(_what(w))}\n  delivers: {shown(_where(w))}")
    out.print(f"  webhook secret: {w.secret}\n  feed: /watches/feed/{w.feed_token}.atom")
    out.print("  deliveries: " + ", ".join(f"{n} {state}" for state, n in counts.items()))
    for d in deliveries:
        if d.state == "failed" or (d.state == "pending" and d.last_error):
            out.print(f"  [red]{d.state}[/red] {d.channel} {shown(d.target)} after {d.attempts} tries: "
                      f"{shown(d.last_error)}")
    for a in recent:
        out.print(f"  #{a.article_id} {shown(a.title)} [dim]{shown(a.reason)}[/dim]")


@watch.command("remove")
@click.argument("name")
@DB_OPTION
@fail_cleanly
def remove_watch(name: str, db_url: str | None) -> None:
    """Remove a watch (by name or id) with its alerts and pending deliveries."""
    with open_store(db_url) as store:
        w = store.watch(name)
        store.remove_watch(w.id)
    click.echo(f"removed watch {w.name}")


@click.group(invoke_without_command=True)
@click.option("--watch", "watch_name", help="Only this watch's alerts (name or id).")
@click.option("--since", help="Alerts recorded on or after this day (2025-10-26 or Jalali 1404/08/04).")
@click.option("-n", "--limit", default=50, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table", show_default=True)
@DB_OPTION
@click.pass_context
@fail_cleanly
def alerts(ctx: click.Context, watch_name: str | None, since: str | None, limit: int, fmt: str,
           db_url: str | None) -> None:
    """The alerts watches recorded, newest first, with what became of their deliveries.
    `rasad alerts send` sends what is due (for cron)."""
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"db_url": db_url}
        return
    from rasad.store.values import jalali
    from rasad.text.dates import parse_day

    day = parse_day(since) if since else None
    if since and day is None:
        raise click.BadParameter(f"{since!r} is not a date (2025-10-26, 1404/08/04)", param_hint="--since")
    with open_store(db_url, write=False) as store:
        watch_id = store.watch(watch_name).id if watch_name else None
        rows = store.alerts(watch_id=watch_id, since=day.isoformat() if day else None, limit=limit)
        states = {a.id: [d for d in store.deliveries(alert_id=a.id)] for a in rows}

    def delivery(alert_id: int) -> str:
        return ", ".join(f"{d.channel} {d.state}" + (f" ({d.last_error})" if d.last_error and d.state != "sent" else "")
                         for d in states[alert_id])

    if fmt == "jsonl":
        for a in rows:
            _print_json(a.to_record() | {"deliveries": [d.to_record() for d in states[a.id]]})
        return
    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(["id", "watch", "article_id", "title", "agency", "published", "published_jalali", "url",
                         "quote", "reason", "created_at", "deliveries"])
        for a in rows:
            writer.writerow([a.id, a.watch, a.article_id, a.title, a.agency or "", a.published_at or "",
                             jalali(a.published_at) or "", a.url or "", a.quote or "", a.reason, a.created_at,
                             delivery(a.id)])
        return
    table = Table(title=f"{len(rows)} alerts")
    for column in ("watch", "article", "published", "title", "why", "delivery"):
        table.add_column(column)
    for a in rows:
        published = f"{jalali(a.published_at)} ({a.published_at[:10]})" if a.published_at else ""
        table.add_row(shown(a.watch), f"#{a.article_id}", published, shown(a.title),
                      shown(a.reason + (f"\n«{a.quote[:120]}»" if a.quote else "")), shown(delivery(a.id)))
    out.print(table)


@alerts.command("send")
@DB_OPTION
@click.pass_context
@fail_cleanly
def send_alerts(ctx: click.Context, db_url: str | None) -> None:
    """One delivery pass (for cron): send every due webhook and email, retry failed ones whose wait
    is over. Exit status 1 when a delivery failed."""
    from rasad.alerts.deliver import send_due

    with open_store(db_url or ctx.obj["db_url"]) as store:
        report = send_due(store, rounds=50)
    click.echo(f"{report.sent} sent, {report.retried} to retry, {report.failed} given up", err=True)
    for line in report.errors:
        click.echo(f"  {line}", err=True)
    sys.exit(1 if report.retried or report.failed else 0)


@click.group()
def user() -> None:
    """Accounts of the web app's writers (creating and changing watches needs a login)."""


@user.command("add")
@click.argument("name")
@DB_OPTION
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin (one line) instead of asking.")
@fail_cleanly
def add_user(name: str, db_url: str | None, password_stdin: bool) -> None:
    """Add a user NAME; the password is asked twice (or read from stdin), and stored hashed (argon2id)."""
    from rasad.alerts.accounts import add_user as make_user

    if password_stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("password", hide_input=True, confirmation_prompt=True)
    with open_store(db_url) as store:
        made = make_user(store, name, password)
    click.echo(f"added user {made.name}")
