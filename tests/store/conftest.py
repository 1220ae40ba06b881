"""The contract suite's backends: every test that takes `store_url` runs once per backend. The
PostgreSQL runs use a throwaway server of the session (tests/conftest.py `pg_server`), a fresh
database for each test."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasad.store.memory import MemoryStore

BACKENDS = ("sqlite", "memory", "postgresql")


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'contract.db'}"
        return
    if request.param == "postgresql":
        make_database = request.getfixturevalue("pg_database")
        yield make_database()
        return
    url = f"memory://contract-{request.node.nodeid}"
    MemoryStore.forget(url)
    yield url
    MemoryStore.forget(url)
