"""Several `rasad ingest` processes on one SQLite file: overlapping folders at once, and a kill -9
at a random point followed by a rerun. Afterwards every article is stored once and linked."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rasad.store import open_store
from tests.test_monitor import N_ITEMS, server, sources_file

__all__ = ["server"]  # the local outlet of tests/test_monitor.py, as a fixture here too

SAMPLES = Path(__file__).resolve().parents[1] / "rasad" / "data" / "samples"
TOPICS = ["بارش باران", "نمایشگاه کتاب", "مسابقه فوتبال", "صنایع دستی", "مصرف برق", "برداشت زعفران",
          "قیمت نان", "ساخت مدرسه", "ترافیک تهران", "آلودگی هوا", "بازار مسکن", "واکسن آنفلوآنزا"]


def write_articles(folder: Path, numbers: range) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for n in numbers:
        topic = TOPICS[n % len(TOPICS)]
        (folder / f"{n:03d}.txt").write_text(
            f"date 2025-11-{1 + n % 28:02d} خبرگزاری مهر\n{topic} در شهر شماره {n}\n\n"
            f"مدیرکل استان گفت: طرح {topic} شماره {n} تا پایان سال اجرا می‌شود.\n"
            f"وی افزود: {n} نفر در این طرح کار می‌کنند.\n", encoding="utf-8")


def ingest(url: str, *folders: Path) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "rasad.cli", "ingest", "-q", *map(str, folders)],
                            env={**os.environ, "RASAD_DB": url}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def assert_stored_once_and_linked(url: str, expected: int) -> None:
    with open_store(url, write=False) as store:
        keys = [a.record["file"] or a.record["url"] for a in store.iter_articles()]
        assert len(keys) == expected, f"{len(keys)} stored, {expected} expected"
        assert len(set(keys)) == expected
        assert store.unsigned_articles("2000-01-01T00:00:00+00:00") == []
        assert all(store.story_of(a.id) is not None for a in store.iter_articles())


@pytest.mark.slow
def test_three_ingests_of_overlapping_folders(tmp_path: Path) -> None:
    for name, numbers in (("a", range(0, 16)), ("b", range(8, 24)), ("c", range(16, 32))):
        write_articles(tmp_path / name, numbers)
    shutil.copytree(SAMPLES, tmp_path / "a" / "samples")
    shutil.copytree(SAMPLES, tmp_path / "c" / "samples")
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    procs = [ingest(url, tmp_path / "a", tmp_path / "b"), ingest(url, tmp_path / "b", tmp_path / "c"),
             ingest(url, tmp_path / "c", tmp_path / "a")]
    for proc in procs:
        _, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, stderr
    assert_stored_once_and_linked(url, 32 + 4)


@pytest.mark.slow
def test_kill_9_then_rerun(tmp_path: Path) -> None:
    write_articles(tmp_path / "in", range(40))
    url = f"sqlite:///{tmp_path / 'killed.db'}"
    proc = ingest(url, tmp_path / "in")
    deadline = time.monotonic() + 120
    wanted = random.Random(os.getpid()).randint(3, 30)
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with open_store(url, write=False) as store:
                if store.count() >= wanted:
                    break
        except Exception:  # not created yet, or mid-migration
            pass
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    rerun = ingest(url, tmp_path / "in")
    _, stderr = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, stderr
    assert_stored_once_and_linked(url, 40)


@pytest.mark.slow
def test_a_monitor_and_an_ingest_together(tmp_path: Path, server: str) -> None:
    """`rasad monitor --once` polling a local outlet while `rasad ingest` stores a folder into the
    same database: both finish cleanly, everything is stored once and linked."""
    write_articles(tmp_path / "in", range(20))
    url = f"sqlite:///{tmp_path / 'both.db'}"
    sources = sources_file(tmp_path, server, broken=False)
    env = {**os.environ, "RASAD_DB": url, "RASAD_ALLOW_PRIVATE_NETWORKS": "1"}
    monitor = subprocess.Popen([sys.executable, "-m", "rasad.cli", "monitor", "--once", "--sources", str(sources),
                                "--host-interval", "0"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    ingesting = ingest(url, tmp_path / "in")
    for proc in (monitor, ingesting):
        _, stderr = proc.communicate(timeout=300)
        assert proc.returncode == 0, stderr
    with open_store(url, write=False) as store:
        urls = [a.record["url"] for a in store.iter_articles() if a.record["url"]]
        assert len(urls) == N_ITEMS + 1 and len(set(urls)) == len(urls)
    assert_stored_once_and_linked(url, 20 + N_ITEMS + 1)
