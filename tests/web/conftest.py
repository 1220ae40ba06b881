"""Fixtures for the web app: a memory store holding the shipped samples (ingested once per
session through the ingest service), and an in-process client over it."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

SAMPLES_URL = "memory://web-samples"


def samples_dir() -> Path:
    return Path(str(resources.files("rasad.data").joinpath("samples")))


@pytest.fixture(scope="session")
def samples_url() -> Iterator[str]:
    from rasad.ingest import Ingestor
    from rasad.store import open_store
    from rasad.store.memory import MemoryStore

    MemoryStore.forget(SAMPLES_URL)
    with open_store(SAMPLES_URL) as store:
        report = Ingestor(store).ingest_paths([samples_dir()])
    assert report.counts["added"] == 4
    yield SAMPLES_URL
    MemoryStore.forget(SAMPLES_URL)


@pytest.fixture(scope="session")
def client(samples_url: str) -> Iterator[TestClient]:
    from rasad.web import create_app

    with TestClient(create_app(samples_url)) as test_client:
        yield test_client
