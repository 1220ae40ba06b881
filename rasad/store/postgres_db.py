"""PostgreSQL connections for the store: a pool (psycopg_pool) shared by the threads of a process,
numbered migrations (store/migrations_pg/NNNN_*.sql) run once under an advisory lock, and
PostgreSQL's errors turned into StoreError naming the database (never its password).

Writes that change articles or people take one transaction-level advisory lock, so that two
processes storing the same article (or the same new person) one after the other instead of racing
on a unique key: the same order SQLite's single writer gives.
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from rasad.errors import StoreError
from rasad.store.boundary import errors_as_store_errors

_Class = TypeVar("_Class", bound=type)
MIGRATION_LOCK = 0x72617361  # advisory lock keys ("rasa"): migrations, and article and people writes
ARTICLE_LOCK = 0x72617362
POOL_SIZE = 8  # connections per process at most (the web app's threads, a monitor's workers)
CONNECT_TIMEOUT = 15.0


Step = str | Callable[[Any], None]


def migrations() -> list[tuple[int, Step]]:
    """(number, step) of every PostgreSQL migration, in order: an `NNNN_name.sql` script (its SQL),
    or an `NNNN_name.py` module whose `upgrade(conn)` does what a script alone cannot (copy a list
    of rasad/data into the database)."""
    found: list[tuple[int, Step]] = []
    for entry in resources.files("rasad.store.migrations_pg").iterdir():
        if not entry.name[:4].isdigit():
            continue
        if entry.name.endswith(".sql"):
            found.append((int(entry.name[:4]), entry.read_text(encoding="utf-8")))
        elif entry.name.endswith(".py"):
            module = importlib.import_module(f"rasad.store.migrations_pg.{entry.name.removesuffix('.py')}")
            found.append((int(entry.name[:4]), module.upgrade))
    return sorted(found, key=lambda step: step[0])


def shown(url: str) -> str:
    """A database URL fit for a message: its password replaced by ***."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(":" + parts.password + "@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def pg_errors_as_store_errors(cls: _Class) -> _Class:
    """Every public method of a PostgreSQL store class raises StoreError, naming the database,
    where psycopg raises (the server gone, a permission missing, a full disk)."""
    import psycopg
    import psycopg_pool

    caught = (psycopg.Error, psycopg_pool.PoolTimeout)

    def translate(exc: Exception, store: object) -> StoreError:
        return StoreError(f"{shown(getattr(store, 'url', 'the database'))}: {str(exc).strip()}")

    return errors_as_store_errors(cls, caught, translate, "rasad.store.postgres")


class Database:
    """A pool of connections to one PostgreSQL database, with the schema brought up to date."""

    def __init__(self, url: str, write: bool = True, pool_size: int = POOL_SIZE) -> None:
        import psycopg
        from psycopg_pool import ConnectionPool, PoolTimeout

        self.url = url
        self.writable = write
        self._local = threading.local()
        try:  # a first connection of our own: a clear error now if the server or database is not there
            psycopg.connect(url, connect_timeout=int(CONNECT_TIMEOUT)).close()
        except psycopg.Error as exc:
            raise StoreError(f"{shown(url)}: cannot connect ({str(exc).strip()})") from None
        self.pool = ConnectionPool(url, min_size=1, max_size=pool_size, open=True, timeout=60.0,
                                   kwargs={"autocommit": True}, name="rasad")
        try:
            self.pool.wait(timeout=CONNECT_TIMEOUT)
            version = self.version()
            if write or version < migrations()[-1][0]:
                if not write and version == 0:
                    raise StoreError(f"{shown(url)}: no rasad store in this database (store articles first with "
                                     "`rasad ingest`, or run `rasad db migrate`; check --db / RASAD_DB)")
                self.migrate()
        except (psycopg.Error, PoolTimeout) as exc:
            self.close()
            raise StoreError(f"{shown(url)}: cannot open the database ({str(exc).strip()})") from None
        except BaseException:
            self.close()
            raise

    def version(self) -> int:
        """The schema version of the database (0: no rasad tables)."""
        with self.pool.connection() as conn:
            exists = conn.execute("SELECT to_regclass('rasad_schema')").fetchone()
            if not exists or exists[0] is None:
                return 0
            row = conn.execute("SELECT max(version) FROM rasad_schema").fetchone()
            return int(row[0] or 0) if row else 0

    def migrate(self) -> list[int]:
        """Run the migrations this database lacks, in order, each in a transaction; returns their numbers."""
        done: list[int] = []
        with self.pool.connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            conn.execute("CREATE TABLE IF NOT EXISTS rasad_schema (version INTEGER PRIMARY KEY, "
                         "applied_at TIMESTAMPTZ NOT NULL DEFAULT now())")
            row = conn.execute("SELECT max(version) FROM rasad_schema").fetchone()
            version = int(row[0] or 0) if row else 0
            for number, step in migrations():
                if number > version:
                    if isinstance(step, str):
                        conn.execute(step.encode("utf-8"))  # type: ignore[arg-type]
                    else:
                        step(conn)
                    conn.execute("INSERT INTO rasad_schema (version) VALUES (%s)", (number,))
                    done.append(number)
        return done

    @contextmanager
    def read(self) -> Iterator[Any]:
        """A connection for reading (autocommit: each statement sees the latest committed data)."""
        current = getattr(self._local, "conn", None)
        if current is not None:  # inside this thread's write transaction: read what it wrote
            yield current
            return
        with self.pool.connection() as conn:
            yield conn

    @contextmanager
    def write(self, lock: bool = False) -> Iterator[Any]:
        """A connection inside a transaction: committed at the end of the outermost block, rolled
        back if it raises. `lock` orders the transaction after every other article write."""
        if not self.writable:
            raise StoreError(f"{shown(self.url)}: the database is open for reading only")
        current = getattr(self._local, "conn", None)
        if current is not None:
            if lock:
                current.execute("SELECT pg_advisory_xact_lock(%s)", (ARTICLE_LOCK,))
            yield current
            return
        with self.pool.connection() as conn, conn.pipeline(), conn.transaction():
            # pipeline mode: statements whose results are not read go out without waiting for each
            if lock:
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (ARTICLE_LOCK,))
            self._local.conn = conn
            try:
                yield conn
            finally:
                self._local.conn = None

    def close(self) -> None:
        self.pool.close()


__all__ = ["ARTICLE_LOCK", "Database", "migrations", "pg_errors_as_store_errors", "shown"]
