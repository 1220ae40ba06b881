"""Storage: the Store contract (base.py), its values (values.py), search shared by every backend
(search.py), and the backends, opened from a URL by `open_store`:

- `sqlite:///path.db` (or a bare path): the default, one file (sqlite.py);
- `postgresql://user@host:port/name` (or `postgres://`): a PostgreSQL database, for teams and
  archives that outgrow one file (postgres.py; docs/postgres.md);
- `memory://NAME`: an in-process store kept by name for the life of the process (memory.py), for
  tests and throwaway work.

A backend registers its URL scheme with `register`; its module is imported only when a URL names it.
"""

from __future__ import annotations

import importlib

from rasad.errors import ConfigError
from rasad.settings import default_db_url
from rasad.store.base import Store

# scheme -> "module:Class"; the class is called with the URL and `write`
BACKENDS: dict[str, str] = {
    "sqlite": "rasad.store.sqlite:SQLiteStore",
    "memory": "rasad.store.memory:MemoryStore",
    "postgresql": "rasad.store.postgres:PostgresStore",
}


def register(scheme: str, target: str) -> None:
    """Make `open_store` open URLs of `scheme` with the class `target` ("package.module:Class")."""
    BACKENDS[scheme] = target


def open_store(url: str | None = None, *, write: bool = True) -> Store:
    """Open the store a URL names (default: RASAD_DB, else a per-user file; see rasad.settings).
    `write=False` opens an existing store for reading only: nothing is created, and a missing
    database is a StoreError."""
    url = url or default_db_url()
    scheme = url.split("://", 1)[0] if "://" in url else "sqlite"
    if scheme == "postgres":
        scheme = "postgresql"
    target = BACKENDS.get(scheme)
    if target is None:
        known = ", ".join(f"{s}://" for s in sorted(BACKENDS))
        raise ConfigError(f"{url}: unknown database URL scheme {scheme!r} (known: {known})")
    module, _, name = target.partition(":")
    backend: type[Store] = getattr(importlib.import_module(module), name)
    return backend(url, write=write)  # type: ignore[call-arg]


__all__ = ["BACKENDS", "Store", "open_store", "register"]
