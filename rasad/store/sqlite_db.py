"""SQLite connections fit for a server: one writer, many readers.

Writes go through one connection behind a lock, each in a `BEGIN IMMEDIATE` transaction the store
owns (so two processes serialize their writes instead of racing); every thread reads on a
connection of its own. Migrations (store/migrations/NNNN_*.sql) run once, under the write lock,
when a database is opened for writing; a database opened for reading is never created or changed.
"""

from __future__ import annotations

import functools
import importlib
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import TypeVar
from urllib.parse import quote

from rasad.errors import StoreError
from rasad.store.boundary import errors_as_store_errors
from rasad.store.search import Query

_Class = TypeVar("_Class", bound=type)
BUSY_TIMEOUT = 30.0  # seconds a connection waits for another process's write lock


Step = Callable[[sqlite3.Connection], None]


def migrations() -> list[tuple[int, Step]]:
    """(number, step) of every migration in rasad/store/migrations, in order: an `NNNN_name.sql`
    script, or an `NNNN_name.py` module whose `upgrade(db)` does what SQL alone cannot (reindexing
    text in Python)."""
    found: list[tuple[int, Step]] = []
    for entry in resources.files("rasad.store.migrations").iterdir():
        if not entry.name[:4].isdigit():
            continue
        if entry.name.endswith(".sql"):
            found.append((int(entry.name[:4]), functools.partial(_run_script, entry.read_text(encoding="utf-8"))))
        elif entry.name.endswith(".py"):
            module = importlib.import_module(f"rasad.store.migrations.{entry.name.removesuffix('.py')}")
            found.append((int(entry.name[:4]), module.upgrade))
    return sorted(found, key=lambda step: step[0])


def _run_script(sql: str, db: sqlite3.Connection) -> None:
    for statement in statements(sql):
        db.execute(statement)


def phrase(term: Sequence[str]) -> str:
    """A term's words as an FTS5 phrase."""
    return '"' + " ".join(term).replace('"', '""') + '"'


def any_of(terms: Sequence[Sequence[str]]) -> str:
    return " OR ".join(phrase(t) for t in terms)


def match_expression(query: Query) -> str:
    """A parsed query (rasad.store.search) as an FTS5 MATCH expression, its phrases in the order of
    `Query.scored` and then the excluded ones, so that FTS5's bm25 sums what rasad.store.search.bm25
    does. Every word is quoted: no query is an FTS5 syntax error."""
    clauses = ["(" + " OR ".join("(" + " AND ".join(phrase(t) for t in alt) + ")" for alt in clause) + ")"
               for clause in query.required]
    expression = " AND ".join(clauses)
    return f"({expression}) NOT ({any_of(query.excluded)})" if query.excluded else expression


def statements(sql: str) -> Iterator[str]:
    """The statements of an SQL script, one at a time (executescript would commit the open
    transaction first)."""
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                yield buffer
            buffer = ""
    if buffer.strip() and not all(ln.strip().startswith("--") or not ln.strip() for ln in buffer.splitlines()):
        yield buffer


def sqlite_errors_as_store_errors(cls: _Class) -> _Class:
    """Every public method of a store class raises StoreError, naming the database file, where
    SQLite raises (a full disk, a corrupted or locked file): one boundary, not one per call."""

    def translate(exc: Exception, store: object) -> StoreError:
        return StoreError(f"{getattr(store, 'path', 'the database')}: {exc}")

    return errors_as_store_errors(cls, (sqlite3.Error,), translate, "rasad.store.sqlite")


class Database:
    def __init__(self, path: Path, write: bool = True) -> None:
        self.path = path
        self.writable = write
        self._lock = threading.RLock()
        self._depth = 0
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._writer: sqlite3.Connection | None = None
        try:
            if write:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._writer = self._connect(f"file:{quote(str(path))}?mode=rwc")
                self._wal(self._writer)
                self._migrate(self._writer)
            else:
                if not path.is_file():
                    raise StoreError(f"{path}: no database there (store articles first with `rasad ingest`, "
                                     "or check --db / RASAD_DB)")
                version = self.read().execute("PRAGMA user_version").fetchone()[0]
                if version < migrations()[-1][0]:
                    self._upgrade(version)
        except sqlite3.DatabaseError as exc:
            self.close()
            raise StoreError(f"{path}: cannot open the database ({exc})") from None
        except OSError as exc:
            self.close()
            raise StoreError(f"{path}: {exc.strerror or exc}") from None

    def _upgrade(self, version: int) -> None:
        """A database written by an older rasad, opened for reading: brought up to date once by a
        writer of its own (so that a read command after an upgrade just works), unless it cannot
        be written."""
        if not os.access(self.path, os.W_OK) or not os.access(self.path.parent, os.W_OK):
            raise StoreError(f"{self.path}: the database is at schema {version}, older than this rasad's, and "
                             "cannot be written here to bring it up to date")
        Database(self.path, write=True).close()

    @staticmethod
    def _wal(db: sqlite3.Connection) -> None:
        """Switch a new database to WAL. Two processes opening a fresh file at once can find each
        other mid-switch, where SQLite answers "locked" at once instead of waiting: try again."""
        deadline = time.monotonic() + BUSY_TIMEOUT
        while db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            try:
                db.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    @staticmethod
    def _connect(uri: str) -> sqlite3.Connection:
        db = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA synchronous=NORMAL")
        return db

    def _migrate(self, db: sqlite3.Connection) -> None:
        latest = migrations()[-1][0]
        if db.execute("PRAGMA user_version").fetchone()[0] >= latest:
            return
        with self.write():  # another process may be migrating: the write lock orders us after it
            version = db.execute("PRAGMA user_version").fetchone()[0]
            for number, step in migrations():
                if number > version:
                    step(db)
                    db.execute(f"PRAGMA user_version = {number}")

    def read(self) -> sqlite3.Connection:
        """This thread's reading connection."""
        db = getattr(self._local, "db", None)
        if db is None:
            mode = "rw" if self.writable else "ro"
            if not self.writable and not os.access(self.path.parent, os.W_OK):
                # an archive on read-only media: SQLite cannot make the WAL index beside it, and
                # nobody can write it, so it is read as immutable
                mode += "&immutable=1"
            db = self._connect(f"file:{quote(str(self.path))}?mode={mode}")
            if not self.writable:
                db.execute("PRAGMA query_only=ON")
            self._local.db = db
            with self._lock:
                self._readers.append(db)
        return db

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """The writing connection inside a transaction: committed at the end of the outermost block,
        rolled back if it raises. Blocks of other threads wait."""
        if self._writer is None:
            raise StoreError(f"{self.path}: the database is open for reading only")
        with self._lock:
            outermost = self._depth == 0
            if outermost:
                self._writer.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield self._writer
            except BaseException:
                self._depth -= 1
                if outermost and self._writer.in_transaction:
                    self._writer.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outermost:
                self._writer.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            for db in self._readers:
                db.close()
            self._readers.clear()
            if self._writer is not None:
                self._writer.close()
                self._writer = None
        self._local = threading.local()


__all__ = ["Database", "any_of", "match_expression", "migrations", "phrase", "sqlite_errors_as_store_errors",
           "statements"]
