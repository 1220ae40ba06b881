"""PostgreSQL under a team's load, at a small scale: four `rasad ingest` processes (with files in
common) and a `rasad monitor` (feeds and pages from a local server) write while eight clients
search, in bounded time: no error, every article stored once, searches answered throughout."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from rasad.store import open_store
from rasad.text.normalize import normalize
from tests.test_monitor import BODIES, TOPICS, Handler, sources_file

REPO = Path(__file__).resolve().parents[2]
PER_PROCESS = 8  # articles of one ingest process alone
SHARED = 3  # articles every ingest process is given
CITIES = ["تهران", "مشهد", "اصفهان", "شیراز", "تبریز", "رشت", "کرمان", "یزد"]
QUERIES = ["آب", "میشود", "می شود", "شهر", "گزارش", '"مصرف آب"', "باران", "کتابخانه"]


def article(n: int) -> str:
    city = CITIES[n % len(CITIES)]
    return (f"date 2025-11-{1 + n % 20:02d} خبرگزاری جمهوری اسلامی\nگزارش شماره {n} از مصرف آب در {city}\n\n"
            f"مدیر آب و فاضلاب {city} گفت: مصرف آب در هفته {n} کم میشود و برنامه تازه اجرا خواهد شد.\n\n"
            f"به گفته وی {n * 3} روستا در این طرح به شبکه شهر وصل می‌شوند.\n")


@pytest.fixture
def feeds() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    Handler.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield Handler.base
    httpd.shutdown()


@pytest.mark.slow
def test_four_ingests_and_a_monitor_while_eight_clients_search(pg_database, feeds: str, tmp_path: Path) -> None:
    url = pg_database()
    expected: set[str] = set()
    folders = []
    for p in range(4):
        folder = tmp_path / f"in{p}"
        folder.mkdir()
        for n in [*range(p * PER_PROCESS, (p + 1) * PER_PROCESS), *range(1000, 1000 + SHARED)]:
            (folder / f"{n}.txt").write_text(article(n), encoding="utf-8")
            expected.add(normalize(f"گزارش شماره {n} از مصرف آب در {CITIES[n % len(CITIES)]}"))
        folders.append(folder)
    env = {**os.environ, "RASAD_DB": url, "RASAD_ALLOW_PRIVATE_NETWORKS": "1"}

    errors: list[BaseException] = []
    answered = [0] * 8
    stop = threading.Event()

    def client(i: int) -> None:
        try:
            with open_store(url, write=False) as store:
                while not stop.is_set():
                    result = store.search(QUERIES[(i + answered[i]) % len(QUERIES)], limit=10)
                    assert result.total >= len(result.hits)
                    store.top("agency")
                    store.articles_per_day()
                    answered[i] += 1
        except BaseException as exc:  # reported below
            errors.append(exc)

    clients = [threading.Thread(target=client, args=(i,)) for i in range(8)]
    for thread in clients:
        thread.start()
    started = time.monotonic()
    writers = [subprocess.Popen([sys.executable, "-m", "rasad.cli", "ingest", str(folder), "--quiet"], cwd=REPO,
                                env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for folder in folders]
    sources = sources_file(tmp_path, feeds, broken=False)
    writers.append(subprocess.Popen([sys.executable, "-m", "rasad.cli", "monitor", "--once", "--sources",
                                     str(sources), "--host-interval", "0"], cwd=REPO, env=env,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    try:
        outcomes = [w.communicate(timeout=300) for w in writers]
    finally:
        for w in writers:
            if w.poll() is None:
                w.kill()
        stop.set()
        for thread in clients:
            thread.join(60)
    took = time.monotonic() - started
    for w, (stdout, stderr) in zip(writers, outcomes, strict=True):
        assert w.returncode == 0, stdout + stderr
    assert not errors, errors
    assert all(n > 0 for n in answered), answered
    with open_store(url, write=False) as store:
        records = [a.record for a in store.iter_articles()]
        titles = [r["title"] for r in records]
        assert expected <= set(titles)
        from_feeds = [r for r in records if r["url"]]
        assert {r["title"] for r in from_feeds} == {normalize(t) for t in TOPICS}
        assert len(records) == len(expected) + len(BODIES) + 1  # item 0 twice: the first publisher and a copy
        assert len(set(titles)) == len(titles) - 1  # nothing twice but the republished item
        assert store.search("مصرف آب", limit=1).total >= len(expected)
    print(f"{len(records)} articles by 5 writers while 8 clients searched {sum(answered)} times in {took:.0f} s")
