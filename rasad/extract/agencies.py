"""The gazetteer of Iranian news agencies and outlets (rasad/data/agencies.tsv), loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

from rasad.models import Agency
from rasad.text.normalize import fold, normalize


@dataclass(slots=True, frozen=True)
class AgencyEntry:
    agency: Agency
    names: tuple[str, ...]  # normalized: the full name first, then the aliases
    domains: tuple[str, ...]


@dataclass(slots=True, frozen=True)
class Gazetteer:
    entries: tuple[AgencyEntry, ...]
    by_key: dict[str, AgencyEntry]  # folded name -> entry
    by_id: dict[str, AgencyEntry]


@cache
def gazetteer() -> Gazetteer:
    text = resources.files("rasad.data").joinpath("agencies.tsv").read_text(encoding="utf-8")
    entries = []
    for line in text.splitlines():
        if not line.strip() or line.startswith(("#", "id\t")):
            continue
        ident, name, aliases, domains = [*line.split("\t"), "", "", ""][:4]
        names = tuple(normalize(n) for n in [name, *aliases.split("|")] if n.strip())
        entry = AgencyEntry(Agency(ident, names[0]), names, tuple(d for d in domains.split("|") if d))
        entries.append(entry)
    by_key: dict[str, AgencyEntry] = {}
    for entry in entries:
        for name in entry.names:
            by_key.setdefault(fold(name), entry)
    return Gazetteer(tuple(entries), by_key, {e.agency.id: e for e in entries})


def agency_by_name(name: str) -> Agency | None:
    """The agency a name or alias stands for (`ایلنا`, `خبرگزاری کار ایران`), or None."""
    key = fold(name.strip(" «»\"'"))
    entry = gazetteer().by_key.get(key)
    if entry is None and key.startswith("خبرگزاری "):
        entry = gazetteer().by_key.get(key.removeprefix("خبرگزاری "))
    return entry.agency if entry else None


def agency_by_id(ident: str) -> Agency | None:
    entry = gazetteer().by_id.get(ident)
    return entry.agency if entry else None


def agency_by_url(url: str) -> Agency | None:
    """The agency whose domain serves `url` (subdomains included), or None."""
    parts = urlsplit(url if "//" in url else "//" + url)
    host = (parts.hostname or "").removeprefix("www.")
    path = parts.path
    for entry in gazetteer().entries:
        for domain in entry.domains:
            dom, _, prefix = domain.partition("/")
            if (host == dom or host.endswith("." + dom)) and path.startswith("/" + prefix if prefix else ""):
                return entry.agency
    return None


def names_of(agency: Agency) -> tuple[str, ...]:
    entry = gazetteer().by_id.get(agency.id)
    return entry.names if entry else (agency.name,)


__all__ = ["agency_by_id", "agency_by_name", "agency_by_url", "gazetteer", "names_of"]
