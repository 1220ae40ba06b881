"""Reprocessing and bulk import on Dask, on a few hundred real articles (../shared): a local cluster
of two worker processes gives the store a single process gives; so does a run whose worker is
killed midway, and a `rasad reprocess` killed and started again; and a cluster started as separate
processes by the `dask scheduler` and `dask worker` commands."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from rasad.cli import main
from rasad.cluster import dask_client
from rasad.ingest import Ingestor
from rasad.pipeline import build_pipeline
from rasad.reprocess import ReprocessProgress, reprocess
from rasad.store import open_store
from rasad.store.base import Store
from tests.conftest import REPO, require_shared
from tests.test_reprocess import snapshot

pytestmark = pytest.mark.slow

PARTITION = 25


def real_files() -> list[Path]:
    """Every twelfth IR-News development file: 260 articles of several agencies."""
    return sorted(require_shared("data", "ir_news_dev").glob("*_*.txt"))[::12]


@pytest.fixture(scope="module")
def old_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real articles as a rasad without NER, quotes or places stored them (a SQLite file)."""
    path = tmp_path_factory.mktemp("archive") / "old.db"
    with open_store(f"sqlite:///{path}") as store:
        report = Ingestor(store, build_pipeline(stages=["metadata"])).ingest_paths(real_files())
        assert report.counts["added"] >= 250 and not report.errors
    return path


def copy_of(archive: Path, folder: Path) -> str:
    target = folder / "archive.db"
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{archive}{suffix}").exists():
            shutil.copyfile(f"{archive}{suffix}", f"{target}{suffix}")
    return f"sqlite:///{target}"


@pytest.fixture(scope="module")
def single_process(old_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The archive reprocessed in one process: what every cluster run must give."""
    url = copy_of(old_archive, tmp_path_factory.mktemp("single"))
    with open_store(url) as store:
        report = reprocess(store, build_pipeline(), size=PARTITION)
        assert report.counts["changed"] > 200 and report.counts["quotes"] > 50
        return snapshot(store)


def test_two_workers_give_what_one_process_gives(old_archive: Path, single_process: dict[str, Any],
                                                  tmp_path: Path) -> None:
    url = copy_of(old_archive, tmp_path)
    with open_store(url) as store, dask_client(workers=2) as client:
        report = reprocess(store, build_pipeline(), client=client, size=PARTITION)
        assert snapshot(store) == single_process
    assert len(report.workers) == 2 and sum(w.pieces for w in report.workers.values()) == report.partitions
    assert all(w.model_loads == 1 for w in report.workers.values())  # once per worker, not per partition
    assert all(0 < w.peak_rss < 2**31 for w in report.workers.values())


def test_a_worker_killed_midway_changes_nothing(old_archive: Path, single_process: dict[str, Any],
                                                tmp_path: Path) -> None:
    url = copy_of(old_archive, tmp_path)
    killed: list[int] = []
    with open_store(url) as store, dask_client(workers=2) as client:
        pids: dict[str, int] = client.run(os.getpid)

        def kill_one(progress: ReprocessProgress) -> None:
            if progress.partitions_done == 1 and not killed:  # partitions are in flight on both workers
                victim = sorted(pids.values())[0]
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)

        report = reprocess(store, build_pipeline(), client=client, size=PARTITION, on_progress=kill_one)
        assert snapshot(store) == single_process
        assert killed and killed[0] not in client.run(os.getpid).values()  # it was replaced
    assert report.counts["read"] == len(single_process["records"])
    assert not report.failed


def test_a_killed_reprocess_command_resumes(old_archive: Path, single_process: dict[str, Any],
                                            tmp_path: Path) -> None:
    url = copy_of(old_archive, tmp_path)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "rasad.cli", "reprocess", "--db", url, "--workers", "1", "-q",
               "--partition-size", str(PARTITION)]
    first = subprocess.Popen(command, env=env, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             start_new_session=True)
    done = 0
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and first.poll() is None:
            with open_store(url, write=False) as store:
                runs = store.reprocess_runs()
                done = sum(p.done for p in runs[0].partitions) if runs else 0
            if done >= 3:
                break
            time.sleep(0.2)
    finally:
        os.killpg(first.pid, signal.SIGKILL)  # the command and its cluster's processes
        first.wait()
    assert 3 <= done < len(runs[0].partitions), "the run ended before it could be killed midway"
    second = subprocess.run(command, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert second.returncode == 0, second.stderr
    assert "resumed from a stopped run" in second.stderr
    with open_store(url) as store:
        assert snapshot(store) == single_process
        assert store.reprocess_runs()[0].finished_at is not None


@pytest.fixture(scope="module")
def bulk_files() -> list[str]:
    return [str(p) for p in real_files()[:50]]


def imported(store: Store) -> dict[str, Any]:
    """A store after an import: its records, quotes and people, and its stories."""
    stories = [(s.id, [(m.id, m.how) for m in s.articles]) for s in store.stories(min_size=1, limit=1000)]
    return {**snapshot(store), "stories": stories}


@pytest.fixture(scope="module")
def single_import(bulk_files: list[str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The files and an empty one imported by one process (`rasad ingest`)."""
    folder = tmp_path_factory.mktemp("import")
    url = f"sqlite:///{folder / 'one.db'}"
    (folder / "empty.txt").write_text("")
    alone = CliRunner().invoke(main, ["ingest", "-q", "--db", url, *bulk_files, str(folder / "empty.txt")])
    assert alone.exit_code == 1 and f"{len(bulk_files)} added, 0 updated, 0 unchanged, 1 failed" in alone.output
    with open_store(url) as store:
        return imported(store)


@pytest.fixture(autouse=True)
def _empty_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def dask_processes(tmp_path: Path) -> Iterator[str]:
    """A scheduler and two workers started by the `dask` command, on 127.0.0.1, stopped at the end."""
    dask = Path(sys.executable).parent / "dask"
    if not dask.exists():
        pytest.fail(f"{dask}: the dask command is missing (dask[distributed] is a runtime dependency)")
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    log = (tmp_path / "dask.log").open("w")
    processes = [subprocess.Popen([str(dask), "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                   "--no-dashboard"], env=env, cwd=tmp_path, stdout=log, stderr=log,
                                  start_new_session=True)]
    processes.append(subprocess.Popen([str(dask), "worker", address, "--nworkers", "2", "--nthreads", "1",
                                       "--host", "127.0.0.1", "--no-dashboard"], env=env, cwd=tmp_path,
                                      stdout=log, stderr=log, start_new_session=True))
    try:
        from distributed import Client

        with Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=120)
        yield address
    finally:
        for process in reversed(processes):
            os.killpg(process.pid, signal.SIGTERM)
        for process in reversed(processes):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()


def test_a_cluster_of_dask_commands(old_archive: Path, single_process: dict[str, Any], dask_processes: str,
                                    bulk_files: list[str], single_import: dict[str, Any], tmp_path: Path) -> None:
    url = copy_of(old_archive, tmp_path)
    result = CliRunner().invoke(main, ["reprocess", "--db", url, "--scheduler", dask_processes, "-q",
                                       "--partition-size", str(PARTITION)])
    assert result.exit_code == 0, result.output
    assert "0 failed" in result.output and "models loaded" in result.output
    with open_store(url) as store:
        assert snapshot(store) == single_process
    # bulk import on the same cluster
    many = f"sqlite:///{tmp_path / 'many.db'}"
    spread = CliRunner().invoke(main, ["ingest", "-q", "--db", many, "--scheduler", dask_processes,
                                       *bulk_files, str(tmp_path / "empty.txt")])
    assert spread.exit_code == 1 and "empty.txt" in spread.output
    assert f"{len(bulk_files)} added, 0 updated, 0 unchanged, 1 failed" in spread.output
    with open_store(many) as store:
        assert imported(store) == single_import


def test_bulk_import_on_a_local_cluster_equals_one_process(bulk_files: list[str], single_import: dict[str, Any],
                                                           tmp_path: Path) -> None:
    many = f"sqlite:///{tmp_path / 'many.db'}"
    spread = CliRunner().invoke(main, ["ingest", "-q", "--db", many, "--workers", "2", *bulk_files,
                                       str(tmp_path / "empty.txt")])
    assert spread.exit_code == 1 and "peak memory" in spread.output and "empty.txt" in spread.output
    assert f"{len(bulk_files)} added, 0 updated, 0 unchanged, 1 failed" in spread.output
    with open_store(many) as store:
        assert imported(store) == single_import


def test_a_store_workers_cannot_open_sends_its_records(tmp_path: Path) -> None:
    """A `memory://` store lives in this process only: its partitions travel to the workers."""
    from rasad.store.memory import MemoryStore
    from tests.test_reprocess import SAMPLES

    urls = ["memory://cluster-sent", "memory://cluster-here"]
    try:
        for url in urls:
            MemoryStore.forget(url)
            with open_store(url) as store:
                Ingestor(store, build_pipeline(stages=["metadata"])).ingest_paths([SAMPLES])
        with open_store(urls[0]) as sent, open_store(urls[1]) as here, dask_client(workers=1) as client:
            report = reprocess(sent, build_pipeline(), client=client, size=2)
            reprocess(here, build_pipeline(), size=2)
            assert report.counts["changed"] == sent.count() and snapshot(sent) == snapshot(here)
    finally:
        for url in urls:
            MemoryStore.forget(url)
