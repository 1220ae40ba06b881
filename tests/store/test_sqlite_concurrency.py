"""SQLite under a server's load: readers in threads while one writer stores, and two processes
opening a fresh database and storing overlapping articles at once."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from datetime import date, datetime
from pathlib import Path

from rasad.models import Agency, Article
from rasad.store import open_store
from rasad.text.dates import TEHRAN

REPO = Path(__file__).resolve().parents[2]


def make(n: int) -> Article:
    day = date(2025, 11, 1 + n % 20)
    return Article(title=f"گزارش شماره {n}", paragraphs=[f"متن گزارش {n} درباره آب و برق شهر."],
                   agency=Agency("IRNA", "خبرگزاری جمهوری اسلامی"), url=f"https://irna.ir/news/{n}",
                   published=datetime(day.year, day.month, day.day, tzinfo=TEHRAN))


def test_readers_in_threads_while_one_writes(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'threads.db'}"
    errors: list[BaseException] = []
    done = threading.Event()
    with open_store(url) as store:

        def write() -> None:
            try:
                for n in range(80):
                    store.add(make(n))
            except BaseException as exc:  # reported below
                errors.append(exc)
            finally:
                done.set()

        def read() -> None:
            try:
                while not done.is_set():
                    result = store.search("آب", limit=5)
                    assert result.total <= store.count() + 1
                    store.articles_per_day()
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=write)] + [threading.Thread(target=read) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert not errors, errors
        assert store.count() == 80 and store.search("آب", limit=1).total == 80


WRITER = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from test_sqlite_concurrency import make
    from rasad.store import open_store
    with open_store(sys.argv[1]) as store:
        for n in range(int(sys.argv[2]), int(sys.argv[3])):
            store.add(make(n))
""")


def test_two_processes_on_a_fresh_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'procs.db'}"
    script = WRITER.format(tests=str(Path(__file__).parent))
    procs = [subprocess.Popen([sys.executable, "-c", script, url, str(lo), str(hi)], cwd=REPO,
                              stderr=subprocess.PIPE, text=True) for lo, hi in ((0, 60), (30, 90))]
    for proc in procs:
        _, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr
    with open_store(url, write=False) as store:
        urls = [a.record["url"] for a in store.iter_articles()]
    assert len(urls) == 90 and len(set(urls)) == 90


def test_a_read_command_brings_an_older_database_up_to_date(tmp_path: Path) -> None:
    """After an upgrade of rasad, `rasad search` on the old database works: it is migrated once."""
    import sqlite3

    url = f"sqlite:///{tmp_path / 'old.db'}"
    with open_store(url) as store:
        store.add(make(1))
    with sqlite3.connect(tmp_path / "old.db") as db:  # as a rasad of schema 7 left it
        for table in ("reprocess_partitions", "reprocess_runs", "outbox", "alerts", "watches", "users", "meta"):
            db.execute(f"DROP TABLE {table}")
        db.execute("DROP INDEX person_aliases_rkey")  # schema 12's column
        db.execute("ALTER TABLE person_aliases DROP COLUMN rkey")
        db.execute("PRAGMA user_version = 7")
    with open_store(url, write=False) as store:
        assert store.search("آب").total == 1
