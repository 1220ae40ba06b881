"""`rasad sources list|add|remove|check`: click commands over rasad.sources and the fetcher.

The main CLI mounts the `sources` group; `rasad monitor` (which needs the store) is wired there.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click

from rasad import settings
from rasad.cli_boundary import fail_cleanly
from rasad.errors import ConfigError, NotFound, RasadError
from rasad.sources import Source, default_sources_path, load_sources, parse_interval, save_sources

__all__ = ["sources"]

FILE_OPTION = click.option(
    "--file", "path", type=click.Path(dir_okay=False, path_type=Path),
    help="Sources TOML file (default: $RASAD_SOURCES, else the shipped list for reading).")


def _load(path: Path | None) -> list[Source]:
    """The sources in `path`; a bad file raises ConfigError, which the boundary turns into exit 2
    exactly as `rasad monitor` does."""
    return load_sources(path)


def _writable(path: Path | None) -> Path:
    path = path or settings.get("sources")
    if path is None:
        raise click.UsageError("give --file (or set RASAD_SOURCES): the shipped list is read-only")
    if not path.exists():
        shutil.copyfile(default_sources_path(), path)
        click.echo(f"{path}: new file, started from the shipped source list ({default_sources_path().name})",
                   err=True)
    return path


@click.group()
def sources() -> None:
    """The outlets rasad watches."""


@sources.command("list")
@FILE_OPTION
@click.option("--json", "as_json", is_flag=True, help="One JSON object a line.")
@fail_cleanly
def list_sources(path: Path | None, as_json: bool) -> None:
    """List the sources and their feeds."""
    for source in _load(path):
        if as_json:
            click.echo(json.dumps(source.to_table() | {"enabled": source.enabled}, ensure_ascii=False))
        else:
            state = "" if source.enabled else " (disabled)"
            click.echo(f"{source.agency:<13} {source.name}{state}  every {source.to_table()['interval']}")
            for url in source.urls:
                click.echo(f"    {url}")


@sources.command("add")
@FILE_OPTION
@click.argument("name")
@click.option("--agency", required=True, help="Canonical id, upper case: IRNA, ISNA ...")
@click.option("--feed", "feeds", multiple=True, required=True, help="Feed URL (repeatable).")
@click.option("--domain", required=True, help="The outlet's domain, e.g. irna.ir")
@click.option("--interval", default="5m", show_default=True, help="Polling interval: 30s, 5m, 1h.")
@click.option("--alias", "aliases", multiple=True, help="Another name used in text (repeatable).")
@fail_cleanly
def add_source(path: Path | None, name: str, agency: str, feeds: tuple[str, ...], domain: str,
               interval: str, aliases: tuple[str, ...]) -> None:
    """Add a source to the sources file."""
    path = _writable(path)
    current = _load(path)
    if any(s.name == name for s in current):
        raise ConfigError(f"{path}: a source named {name!r} exists already")
    try:
        seconds = parse_interval(interval)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--interval") from None
    source = Source(name, agency, list(feeds), domain, seconds, aliases=list(aliases))
    try:
        save_sources([*current, source], path)
        load_sources(path)  # validate what was written; restore the old list on failure
    except RasadError:
        save_sources(current, path)
        raise
    click.echo(f"added {name} ({agency}) to {path}")


@sources.command("remove")
@FILE_OPTION
@click.argument("name")
@fail_cleanly
def remove_source(path: Path | None, name: str) -> None:
    """Remove the source named NAME from the sources file (only that one: other sources of the same
    agency stay)."""
    path = _writable(path)
    current = _load(path)
    kept = [s for s in current if s.name != name]
    if len(kept) == len(current):
        agency = [s.name for s in current if s.agency == name]
        hint = f" (agency {name} has: {', '.join(agency)})" if agency else ""
        raise NotFound(f"{path}: no source named {name!r}{hint}")
    save_sources(kept, path)
    click.echo(f"removed {name} from {path}")


@sources.command("check")
@FILE_OPTION
@click.argument("names", nargs=-1)
@click.option("--timeout", default=20.0, show_default=True, help="Seconds per request.")
@click.option("--host-interval", default=1.0, show_default=True, type=click.FloatRange(min=0),
              help="Seconds between two requests to one host.")
@fail_cleanly
def check_sources(path: Path | None, names: tuple[str, ...], timeout: float, host_interval: float) -> None:
    """Fetch each feed once and report whether it parses. Exit status 1 when one fails."""
    from rasad.acquire.fetcher import Fetcher, FetchSettings
    from rasad.acquire.poll import poll_feeds

    chosen = [s for s in _load(path) if not names or s.name in names or s.agency in names]
    if names and not chosen:
        raise NotFound(f"no source matches {', '.join(names)}")
    settings = FetchSettings(read_timeout=timeout, connect_timeout=min(timeout, 10.0), retries=0,
                             host_interval=host_interval)
    with Fetcher(settings) as fetcher:
        polls = poll_feeds(fetcher, chosen)
    for poll in polls:
        if poll.ok:
            dated = [i.published for i in poll.items if i.published]
            newest = max(dated).isoformat() if dated else "no dates"
            count = len(poll.items)
            click.echo(f"ok    {poll.source.agency:<13} {count:>3} items, newest {newest}  {poll.url}")
        else:
            click.echo(f"FAIL  {poll.source.agency:<13} {poll.error}  {poll.url}")
    if not all(p.ok for p in polls):
        raise SystemExit(1)
