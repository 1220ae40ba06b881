"""Shared test fixtures. Tests that read ../shared (the project's development data) skip with a
message when it is absent, and fail when CI=true: CI always has it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASAD_SHARED", REPO.parent / "shared"))


def require_shared(*parts: str) -> Path:
    """The path below ../shared, or skip (fail under CI=true) when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        message = f"{path} is absent: these tests need the shared development data beside the repo"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return require_shared()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return require_shared("seeds")


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def memory_url(request: pytest.FixtureRequest):
    """A fresh in-memory store's URL, shared by every open_store in this test (and the CLI runs in it)."""
    from rasad.store.memory import MemoryStore

    url = f"memory://{request.node.nodeid}"
    MemoryStore.forget(url)
    yield url
    MemoryStore.forget(url)


@pytest.fixture(scope="session")
def pg_server():
    """A throwaway PostgreSQL server for the session (rasad.store.postgres_server), with a migrated
    template database; skips when PostgreSQL is not installed (fails under CI=true)."""
    from rasad.store import open_store
    from rasad.store.postgres_server import Server, binaries

    if binaries() is None:
        message = "PostgreSQL's initdb and pg_ctl are absent (apt-get install postgresql, or ./setup.sh --dev)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    server = Server()
    try:
        import psycopg

        with psycopg.connect(server.url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE rasad_template")
        open_store(server.url("rasad_template")).close()
        yield server
    finally:
        server.stop()


@pytest.fixture
def pg_database(pg_server):
    """Makes fresh, migrated PostgreSQL databases for one test (dropped after it); returns their URLs."""
    import itertools

    import psycopg

    made: list[str] = []
    counter = itertools.count()

    def make() -> str:
        name = f"t{os.getpid()}_{id(made)}_{next(counter)}"
        with psycopg.connect(pg_server.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name} TEMPLATE rasad_template")
        made.append(name)
        return pg_server.url(name)

    yield make
    with psycopg.connect(pg_server.url(), autocommit=True) as conn:
        for name in made:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
