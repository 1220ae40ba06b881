"""Command-line parameters read the same way by every command: days (Gregorian or Jalali),
agencies (id or name) and a search's filters (`rasad search`, `rasad export search`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import click

from rasad.store.values import SearchFilters

__all__ = ["agency_filter", "parse_day", "search_filters"]


DB_OPTION = click.option(
    "--db", "db_url", default=None, metavar="URL",
    help="Database URL (sqlite:///path.db or postgresql://user@host:port/name); also RASAD_DB. "
         "Default: a per-user file (~/.local/share/rasad/rasad.db).",
)


def parse_day(value: str | None, option: str) -> date | None:
    from rasad.text.dates import parse_day as one_date

    if not value:
        return None
    day = one_date(value)
    if day is None:
        raise click.BadParameter(f"{value!r} is not a date (2025-10-26, 1404/08/04, ۴ آبان ۱۴۰۴)",
                                 param_hint=option)
    return day


def agency_filter(value: str | None) -> str | None:
    from rasad.extract.agencies import agency_by_id, agency_by_name

    if not value:
        return None
    agency = agency_by_id(value) or agency_by_name(value)
    return agency.id if agency else value


def search_filters(agency: str | None, since: str | None, until: str | None, persons: tuple[str, ...],
                   orgs: tuple[str, ...], places: tuple[str, ...]) -> SearchFilters:
    """The filters of `--agency`, `--since`, `--until`, `--person`, `--org`, `--place`."""
    entities = [("PER", p) for p in persons] + [("ORG", o) for o in orgs] + [("LOC", p) for p in places]
    return SearchFilters(agency_filter(agency), parse_day(since, "--since"), parse_day(until, "--until"), entities)


def search_filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The filters of a search as options (`rasad search`, `rasad export search`): --agency,
    --since, --until, --person, --org, --place, --collapse, --newest; `search_filters` reads them."""
    for option in reversed([
        click.option("--agency", help="Only this agency (id or name: ILNA, ایلنا)."),
        click.option("--since", help="From this day (2025-10-26 or Jalali 1404/08/04)."),
        click.option("--until", help="Up to this day, included."),
        click.option("--person", "persons", multiple=True, help="Only articles that name this person (repeatable)."),
        click.option("--org", "orgs", multiple=True, help="Only articles that name this organization (repeatable)."),
        click.option("--place", "places", multiple=True, help="Only articles that name this place (repeatable)."),
        click.option("--collapse", is_flag=True, help="One hit per story: republished copies fold into the best one."),
        click.option("--newest", is_flag=True, help="Newest first instead of best first."),
    ]):
        command = option(command)
    return command

