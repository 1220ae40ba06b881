"""The schema version of a store, and bringing it up to date, for `rasad db status|migrate`: SQLite
(rasad/store/migrations, the version in `PRAGMA user_version`) and PostgreSQL
(rasad/store/migrations_pg, the versions applied in the table `rasad_schema`)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from rasad.errors import ConfigError, StoreError
from rasad.settings import default_db_url


@dataclass(slots=True)
class SchemaStatus:
    url: str
    backend: str  # "sqlite" or "postgresql"
    version: int  # 0: no store there yet
    latest: int
    pending: list[int] = field(default_factory=list)  # migrations still to run, in order

    def to_record(self) -> dict[str, object]:
        return {"url": self.url, "backend": self.backend, "version": self.version, "latest": self.latest,
                "pending": self.pending}


def backend_of(url: str) -> str:
    scheme = url.split("://", 1)[0] if "://" in url else "sqlite"
    scheme = "postgresql" if scheme == "postgres" else scheme
    if scheme not in ("sqlite", "postgresql"):
        raise ConfigError(f"{url}: only SQLite and PostgreSQL stores have a schema to migrate")
    return scheme


def status(url: str | None = None) -> SchemaStatus:
    """Where a store's schema stands, read without changing anything."""
    url = url or default_db_url()
    backend = backend_of(url)
    if backend == "sqlite":
        from rasad.store.sqlite import path_of
        from rasad.store.sqlite_db import migrations

        path = path_of(url)
        numbers = [n for n, _ in migrations()]
        version = 0
        if path.is_file():
            try:
                db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
                try:
                    version = int(db.execute("PRAGMA user_version").fetchone()[0])
                finally:
                    db.close()
            except sqlite3.Error as exc:
                raise StoreError(f"{path}: cannot read the database ({exc})") from None
        return SchemaStatus(f"sqlite:///{path}", backend, version, numbers[-1], [n for n in numbers if n > version])
    import psycopg

    from rasad.store.postgres_db import migrations as pg_migrations
    from rasad.store.postgres_db import shown

    numbers = [n for n, _ in pg_migrations()]
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=15) as conn:
            row = conn.execute("SELECT to_regclass('rasad_schema')").fetchone()
            version = 0
            if row and row[0] is not None:
                found = conn.execute("SELECT max(version) FROM rasad_schema").fetchone()
                version = int(found[0] or 0) if found else 0
    except psycopg.Error as exc:
        raise StoreError(f"{shown(url)}: cannot connect ({str(exc).strip()})") from None
    return SchemaStatus(shown(url), backend, version, numbers[-1], [n for n in numbers if n > version])


def migrate(url: str | None = None) -> tuple[SchemaStatus, SchemaStatus]:
    """Run the migrations a store lacks (creating it when new); returns the status before and after."""
    from rasad.store import open_store

    url = url or default_db_url()
    before = status(url)
    open_store(url, write=True).close()  # every backend migrates when opened for writing
    return before, status(url)


__all__ = ["SchemaStatus", "backend_of", "migrate", "status"]
