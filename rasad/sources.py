"""The list of outlets to watch: a TOML file of `[[source]]` tables, loaded, validated and saved.

    [[source]]
    name = "ایرنا"
    agency = "IRNA"
    feeds = ["https://www.irna.ir/rss"]
    domain = "irna.ir"
    interval = "5m"

Optional keys: `aliases` (other names the outlet goes by in text, used to spot `به گزارش ...`),
`pages` (section pages to read when an outlet has no usable feed), `enabled` (default true) and
`language` (default "fa").
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import tomli_w

from rasad import settings
from rasad.errors import ConfigError
from rasad.models import Agency

__all__ = [
    "DEFAULT_SOURCES",
    "Source",
    "default_sources_path",
    "format_interval",
    "load_sources",
    "parse_interval",
    "save_sources",
]

DEFAULT_SOURCES = "sources.toml"
KNOWN_KEYS = {"name", "agency", "feeds", "domain", "interval", "aliases", "pages", "enabled", "language"}
MIN_INTERVAL_SECONDS = 30  # politeness floor: no outlet is polled more often than this
MAX_INTERVAL_SECONDS = 30 * 86400  # a source polled less often than monthly is a mistake (and overflows dates)
_INTERVAL_RE = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
_AGENCY_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{1,31}$")


@dataclass(slots=True)
class Source:
    """One outlet: its feeds (or pages), its domain and how often to poll it."""

    name: str
    agency: str
    feeds: list[str]
    domain: str
    interval_seconds: int = 300
    aliases: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    enabled: bool = True
    language: str = "fa"

    @property
    def urls(self) -> list[str]:
        return [*self.feeds, *self.pages]

    def to_agency(self) -> Agency:
        """The Agency for this outlet: the gazetteer's entry (rasad/data/agencies.tsv) when it knows
        the id, else one made from this source."""
        from rasad.extract.agencies import gazetteer

        entry = gazetteer().by_id.get(self.agency)
        return entry.agency if entry else Agency(self.agency, self.name)

    def to_table(self) -> dict[str, Any]:
        """The TOML table for this source; optional keys only when they differ from the defaults."""
        table: dict[str, Any] = {
            "name": self.name,
            "agency": self.agency,
            "feeds": list(self.feeds),
            "domain": self.domain,
            "interval": format_interval(self.interval_seconds),
        }
        if self.aliases:
            table["aliases"] = list(self.aliases)
        if self.pages:
            table["pages"] = list(self.pages)
        if not self.enabled:
            table["enabled"] = False
        if self.language != "fa":
            table["language"] = self.language
        return table


def parse_interval(value: str | int) -> int:
    """'90', '30s', '5m', '2h', '1d' or an int of seconds -> seconds."""
    if isinstance(value, bool):
        raise ValueError(f"not an interval: {value!r}")
    if isinstance(value, int):
        seconds = value
    else:
        match = _INTERVAL_RE.match(str(value))
        if not match:
            raise ValueError(f"not an interval: {value!r} (use seconds or 30s, 5m, 2h, 1d)")
        seconds = int(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    if seconds < MIN_INTERVAL_SECONDS:
        raise ValueError(f"interval {value!r} is under the {MIN_INTERVAL_SECONDS}s politeness floor")
    if seconds > MAX_INTERVAL_SECONDS:
        raise ValueError(f"interval {value!r} is over the {MAX_INTERVAL_SECONDS // 86400}-day ceiling")
    return seconds


def format_interval(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def default_sources_path() -> Path:
    return Path(str(resources.files("rasad").joinpath("data", DEFAULT_SOURCES)))


def load_sources(path: str | Path | None = None) -> list[Source]:
    """Read and validate a sources file. When `path` is None: the `sources` setting
    (RASAD_SOURCES), else the shipped list."""
    if path is None:
        path = settings.get("sources")
    path = Path(path) if path is not None else default_sources_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: sources file not found") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read sources file: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    tables = data.get("source", [])
    if not isinstance(tables, list):
        raise ConfigError(f"{path}: 'source' must be an array of tables ([[source]])")
    sources = [_source_from_table(path, i, table) for i, table in enumerate(tables, 1)]
    _check_unique(path, sources)
    return sources


def save_sources(sources: list[Source], path: str | Path) -> None:
    """Write sources as TOML (atomically: a temporary file renamed over the old one)."""
    path = Path(path)
    _check_unique(path, sources)
    text = tomli_w.dumps({"source": [s.to_table() for s in sources]})
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _source_from_table(path: Path, index: int, table: Any) -> Source:
    where = f"{path}: source #{index}"
    if not isinstance(table, dict):
        raise ConfigError(f"{where}: must be a table")
    if isinstance(table.get("name"), str) and table["name"].strip():
        where = f"{path}: source #{index} ({table['name']})"
    unknown = sorted(set(table) - KNOWN_KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key(s) {', '.join(unknown)}")

    def text(key: str, required: bool = True) -> str:
        value = table.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"{where}: '{key}' must be a non-empty string")
        return value.strip()

    def strings(key: str) -> list[str]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise ConfigError(f"{where}: '{key}' must be a list of strings")
        return [v.strip() for v in value]

    name, agency, domain = text("name"), text("agency"), text("domain").lower()
    if not _AGENCY_RE.match(agency):
        raise ConfigError(f"{where}: agency {agency!r} must be an id such as IRNA or Mehr (see agencies.tsv)")
    if "/" in domain or ":" in domain or "." not in domain:
        raise ConfigError(f"{where}: domain {domain!r} must be a host name such as irna.ir")
    feeds, pages = strings("feeds"), strings("pages")
    if not feeds and not pages:
        raise ConfigError(f"{where}: needs at least one feed or page")
    for url in [*feeds, *pages]:
        _check_url(where, url)
    try:
        interval = parse_interval(table.get("interval", 300))
    except ValueError as error:
        raise ConfigError(f"{where}: {error}") from None
    enabled = table.get("enabled", True)
    if not isinstance(enabled, bool):
        raise ConfigError(f"{where}: 'enabled' must be true or false")
    return Source(name=name, agency=agency, feeds=feeds, domain=domain, interval_seconds=interval,
                  aliases=strings("aliases"), pages=pages, enabled=enabled,
                  language=text("language", required=False) or "fa")


def _check_url(where: str, url: str) -> None:
    # A feed may live on a sister host (feeds.bbci.co.uk for bbc.com), so the host is not
    # required to be under `domain`.
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{where}: {url!r} is not an http(s) URL")


def _check_unique(path: Path, sources: list[Source]) -> None:
    seen: dict[str, str] = {}
    for source in sources:
        for url in source.urls:
            if url in seen:
                raise ConfigError(f"{path}: {url} is listed twice ({seen[url]} and {source.name})")
            seen[url] = source.name
    names = [s.name for s in sources]
    for name in names:
        if names.count(name) > 1:
            raise ConfigError(f"{path}: source name {name!r} is used twice")
