"""The SQLite store's reprocessing runs: one row per run, one per partition (schema 9)."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

from rasad.errors import NotFound
from rasad.store.sqlite_db import Database
from rasad.store.values import IdRange, ReprocessRun, RunPartition


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class SQLiteReprocess:
    db: Database

    def open_run(self, key: str, partitions: list[IdRange]) -> ReprocessRun:
        with self.db.write() as db:
            row = db.execute("SELECT id FROM reprocess_runs WHERE key = ? AND finished_at IS NULL "
                             "ORDER BY id DESC LIMIT 1", (key,)).fetchone()
            if row is None:
                run_id = int(db.execute("INSERT INTO reprocess_runs (key, started_at) VALUES (?, ?)",
                                        (key, _now())).lastrowid or 0)
                db.executemany("INSERT INTO reprocess_partitions (run_id, first_id, last_id, articles) "
                               "VALUES (?, ?, ?, ?)", [(run_id, p.first, p.last, p.articles) for p in partitions])
            else:
                run_id = row[0]
            return self._run(db, run_id)

    def partition_done(self, run_id: int, partition: RunPartition) -> None:
        with self.db.write() as db:
            changed = db.execute(
                "UPDATE reprocess_partitions SET done_at = ?, counts = ?, relink = ? WHERE run_id = ? AND first_id = ?",
                (_now(), json.dumps(partition.counts), json.dumps(partition.relink), run_id, partition.first)).rowcount
            if not changed:
                raise NotFound(f"no partition from id {partition.first} in reprocessing run {run_id}")

    def finish_run(self, run_id: int) -> None:
        with self.db.write() as db:
            if not db.execute("UPDATE reprocess_runs SET finished_at = ? WHERE id = ?", (_now(), run_id)).rowcount:
                raise NotFound(f"no reprocessing run {run_id}")

    def reprocess_runs(self, limit: int = 20) -> list[ReprocessRun]:
        ids = [r[0] for r in self.db.read().execute("SELECT id FROM reprocess_runs ORDER BY id DESC LIMIT ?", (limit,))]
        return [self._run(self.db.read(), i) for i in ids]

    @staticmethod
    def _run(db: sqlite3.Connection, run_id: int) -> ReprocessRun:
        run = db.execute("SELECT id, key, started_at, finished_at FROM reprocess_runs WHERE id = ?",
                         (run_id,)).fetchone()
        parts = db.execute("SELECT first_id, last_id, articles, done_at, counts, relink FROM reprocess_partitions "
                           "WHERE run_id = ? ORDER BY first_id", (run_id,)).fetchall()
        return ReprocessRun(run[0], run[1], run[2], run[3], [
            RunPartition(p[0], p[1], p[2], p[3] is not None, json.loads(p[4]), json.loads(p[5])) for p in parts])
