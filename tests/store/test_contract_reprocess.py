"""The Store contract, on every backend: reprocessing runs and their partitions, resumed by key."""

from __future__ import annotations

import pytest

from rasad.errors import NotFound, StoreError
from rasad.store import open_store
from rasad.store.values import IdRange, RunPartition

PARTS = [IdRange(1, 3, 3), IdRange(4, 9, 2), IdRange(10, 10, 1)]


def test_a_run_is_planned_then_resumed_by_its_key(store_url: str) -> None:
    with open_store(store_url) as store:
        run = store.open_run("stages=quotes", PARTS)
        assert [(p.first, p.last, p.articles, p.done) for p in run.partitions] == \
            [(1, 3, 3, False), (4, 9, 2, False), (10, 10, 1, False)]
        assert run.finished_at is None and run.started_at
        store.partition_done(run.id, RunPartition(1, 3, 3, counts={"read": 3, "changed": 1}, relink=[2]))
        other = store.open_run("stages=entities", PARTS[:1])
        assert other.id != run.id
    with open_store(store_url) as store:  # another process (or the same after a kill) resumes it
        again = store.open_run("stages=quotes", [IdRange(1, 12, 7)])  # a new plan is ignored: the first holds
        assert again.id == run.id
        assert [p.done for p in again.partitions] == [True, False, False]
        assert again.partitions[0].counts == {"read": 3, "changed": 1} and again.partitions[0].relink == [2]
        store.finish_run(run.id)
        fresh = store.open_run("stages=quotes", [IdRange(1, 12, 7)])  # finished: a new run starts
        assert fresh.id not in (run.id, other.id) and [p.first for p in fresh.partitions] == [1]
        runs = store.reprocess_runs()
        assert [r.id for r in runs] == [fresh.id, other.id, run.id]
        assert runs[2].finished_at is not None and all(p.done is False for p in runs[0].partitions)


def test_unknown_runs_and_partitions(store_url: str) -> None:
    with open_store(store_url) as store:
        run = store.open_run("k", PARTS)
        with pytest.raises(NotFound):
            store.partition_done(run.id, RunPartition(2, 3, 2))
        with pytest.raises(NotFound):
            store.partition_done(run.id + 100, RunPartition(1, 3, 3))
        with pytest.raises(NotFound):
            store.finish_run(run.id + 100)
        assert store.reprocess_runs(limit=0) == []


def test_a_reader_cannot_record_runs(store_url: str) -> None:
    with open_store(store_url) as store:
        store.open_run("k", PARTS)
    with open_store(store_url, write=False) as reader:
        assert len(reader.reprocess_runs()) == 1
        with pytest.raises(StoreError):
            reader.open_run("k2", PARTS)
