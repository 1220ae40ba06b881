"""The server keeps answering while an ingest writes the same SQLite file."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import samples_dir


def variants(folder: Path, count: int) -> list[Path]:
    """`count` distinct articles made from the samples (a numbered line changes each text)."""
    samples = sorted(samples_dir().glob("*.txt"))
    paths = []
    for i in range(count):
        text = samples[i % len(samples)].read_text(encoding="utf-8").rstrip("\n")
        path = folder / f"v{i:03d}.txt"
        path.write_text(f"{text}\n\nگزارش شمارهٔ {i} از این خبر در رسد.\n", encoding="utf-8")
        paths.append(path)
    return paths


@pytest.mark.slow
def test_pages_answer_while_ingest_writes(tmp_path: Path) -> None:
    from rasad.ingest import Ingestor
    from rasad.store import open_store
    from rasad.web import create_app

    url = f"sqlite:///{tmp_path / 'live.db'}"
    paths = variants(tmp_path, 40)
    with open_store(url) as store:  # the database exists before the server opens it read-only
        Ingestor(store).ingest_paths(paths[:1])
    done = threading.Event()
    failures: list[BaseException] = []

    def ingest() -> None:
        try:
            with open_store(url) as store:
                ingestor = Ingestor(store)
                for path in paths[1:]:
                    added.append(ingestor.ingest_paths([path]).counts["added"])
        except BaseException as exc:  # reported by the test below
            failures.append(exc)
        finally:
            done.set()

    statuses: list[int] = []
    added: list[int] = []
    writer = threading.Thread(target=ingest)
    with TestClient(create_app(url)) as client:
        writer.start()
        while not done.is_set():
            for path in ("/", "/api/search?q=آب", "/search?q=آب&collapse=1", "/articles/1", "/api/dashboard"):
                statuses.append(client.get(path).status_code)
        writer.join()
        final = client.get("/api/search").json()["total"]
    assert not failures
    assert len(statuses) >= 10 and set(statuses) == {200}
    assert final == 1 + sum(added) and sum(added) >= 10
