"""Option values every command reads the same way: a day (Gregorian or Jalali), an agency (id or name)."""

from __future__ import annotations

from datetime import date

import click

__all__ = ["agency_filter", "parse_day"]


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
