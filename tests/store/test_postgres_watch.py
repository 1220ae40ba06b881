"""PostgreSQL's watches and reprocessing runs under concurrent handles (each its own pool of
connections, as separate processes have): claims never overlap, an alert is recorded once, a name
is taken once (a Conflict for the others, never a database error), a removed watch leaves no alert
or delivery behind, and one run is opened per key."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

from rasad.errors import Conflict, NotFound
from rasad.pipeline import analyze_text
from rasad.store import open_store
from rasad.store.values import IdRange
from rasad.store.watch_values import NewAlert, WatchSpec

WORKERS = 4
DUE = "2025-11-02T09:00:00.000+00:00"
NOW, LEASE = "2025-11-02T09:01:00.000+00:00", "2025-11-02T09:06:00.000+00:00"
HOOK = ("webhook", "https://h.example/x", DUE)


def at_once(url: str, work: Callable[[Any, int], object]) -> list[object]:
    """`work(store, n)` in WORKERS threads, each with its own store, started together; their results
    (or the exception each raised)."""
    stores = [open_store(url) for _ in range(WORKERS)]
    start = threading.Barrier(WORKERS)
    results: list[object] = [None] * WORKERS

    def run(n: int) -> None:
        start.wait()
        try:
            results[n] = work(stores[n], n)
        except Exception as exc:  # the test looks at what each raised
            results[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    for store in stores:
        store.close()
    return results


@pytest.fixture
def url(pg_database) -> str:
    made: str = pg_database()
    return made


def articles(store: Any, n: int) -> list[int]:
    return [store.add(analyze_text(f"خبر آب شماره {k}\n\nمتن خبر {k} درباره آب.\n", f"a{k}")).id for k in range(n)]


def test_concurrent_claims_take_disjoint_rows(url: str) -> None:
    with open_store(url) as store:
        watch = store.add_watch("آب", WatchSpec(query="آب", webhook="https://h.example/x"))
        store.record_alerts([NewAlert(watch.id, a, "q", deliveries=[HOOK, ("email", "a@b.ir", DUE)])
                             for a in articles(store, 30)])
        queued = {d.id for d in store.deliveries()}
    assert len(queued) == 60

    def claim_all(store: Any, n: int) -> list[int]:
        mine: list[int] = []
        while batch := store.claim_deliveries(NOW, LEASE, limit=3):
            mine += [d.id for d in batch]
        return mine

    results = at_once(url, claim_all)
    claimed = [i for r in results for i in r]  # type: ignore[attr-defined]
    assert sorted(claimed) == sorted(queued)  # every row once, none twice
    with open_store(url) as store:
        assert {d.state for d in store.deliveries()} == {"sending"}


def test_the_same_alerts_recorded_at_once_are_recorded_once(url: str) -> None:
    with open_store(url) as store:
        watch = store.add_watch("آب", WatchSpec(query="آب", webhook="https://h.example/x"))
        ids = articles(store, 12)
    results = at_once(url, lambda store, n: store.record_alerts([NewAlert(watch.id, a, "q", deliveries=[HOOK])
                                                                  for a in ids]))
    assert not [r for r in results if isinstance(r, Exception)], results
    recorded = [i for r in results for i in r if i is not None]  # type: ignore[attr-defined]
    with open_store(url) as store:
        assert sorted(recorded) == sorted(a.id for a in store.alerts())
        assert len(recorded) == len(ids) and len(store.deliveries()) == len(ids)


def test_a_name_is_taken_once(url: str) -> None:
    results = at_once(url, lambda store, n: store.add_watch("آب", WatchSpec(query=f"آب {n}")))
    assert sum(not isinstance(r, Exception) for r in results) == 1
    assert all(isinstance(r, Conflict) for r in results if isinstance(r, Exception)), results


def test_a_watch_removed_while_alerts_are_recorded_leaves_nothing(url: str) -> None:
    with open_store(url) as store:
        watch = store.add_watch("آب", WatchSpec(query="آب", webhook="https://h.example/x"))
        ids = articles(store, 8)

    def work(store: Any, n: int) -> object:
        if n == 0:
            store.remove_watch(watch.id)
            return "removed"
        return [store.record_alert(NewAlert(watch.id, a, "q", deliveries=[HOOK])) for a in ids]

    results = at_once(url, work)
    assert results[0] == "removed"
    assert all(isinstance(r, NotFound | list) for r in results[1:]), results  # never a foreign-key error
    with open_store(url) as store:
        assert store.alerts() == [] and store.deliveries() == []


def test_one_run_is_opened_per_key(url: str) -> None:
    results = at_once(url, lambda store, n: store.open_run("stages=quotes", [IdRange(1, 5, 5), IdRange(6, 9, 4)]).id)
    assert len(set(results)) == 1, results
    with open_store(url) as store:
        [run] = store.reprocess_runs()
        assert [p.first for p in run.partitions] == [1, 6]
