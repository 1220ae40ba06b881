"""Command-line parameters read the same way by every command: days (Gregorian or Jalali),
agencies (id or name) and a search's filters (`rasad search`, `rasad export search`)."""

from __future__ import annotations

from datetime import date

import click

from rasad.store.values import SearchFilters

__all__ = ["agency_filter", "parse_day", "search_filters"]


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
