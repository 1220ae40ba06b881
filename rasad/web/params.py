"""Request parameters read once, for every page: days (Jalali or Gregorian), agencies, pages.
A value that does not parse is an InputError naming the parameter (a 422 with its message)."""

from __future__ import annotations

from datetime import date

from rasad.errors import InputError
from rasad.models import Agency
from rasad.store.values import SearchFilters

__all__ = ["MAX_PAGE", "agency_id", "agency_of", "parse_day", "search_filters"]

MAX_PAGE = 10_000  # deeper pages are refused (the offset would scan the whole archive)


def parse_day(value: str | None, name: str) -> date | None:
    """`1404/08/01`, `۱۴۰۴-۰۸-۰۱`, `2025-10-23` or `۱ آبان ۱۴۰۴` -> the Gregorian day; None for empty."""
    from rasad.text.dates import find_dates, to_gregorian

    if value is None or not value.strip():
        return None
    found = find_dates(value.strip())
    if len(found) != 1 or found[0].year is None:
        raise InputError(name, f"{value!r} is not a date (1404/08/01 or 2025-10-23)")
    return to_gregorian(found[0])


def agency_of(value: str | None) -> Agency | None:
    """The agency an id or a name stands for (`ILNA`, `ایلنا`)."""
    from rasad.extract.agencies import agency_by_id, agency_by_name

    if not value:
        return None
    return agency_by_id(value) or agency_by_name(value)


def agency_id(value: str | None) -> str | None:
    """The id to filter on: the agency's when the value names one, else the value as given."""
    if not value or not value.strip():
        return None
    agency = agency_of(value.strip())
    return agency.id if agency else value.strip()


def search_filters(agency: str | None, since: str | None, until: str | None, person: list[str],
                   org: list[str], place: list[str]) -> SearchFilters:
    """A search's filters from its parameters: the search page and its export read them here."""
    entities = [("PER", p) for p in person] + [("ORG", o) for o in org] + [("LOC", p) for p in place]
    return SearchFilters(agency_id(agency), parse_day(since, "since"), parse_day(until, "until"), entities)
