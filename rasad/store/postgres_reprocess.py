"""Reprocessing runs in PostgreSQL (schema 3): one row per run, one per partition. Mixed into
PostgresStore. Opening a run takes a transaction-level advisory lock, so two processes started
with the same key at once resume one run instead of each planning its own."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from rasad.errors import NotFound
from rasad.store.postgres_db import Database
from rasad.store.values import IdRange, ReprocessRun, RunPartition

REPROCESS_LOCK = 0x72617364  # beside postgres_db's advisory lock keys ("rasa", "rasb"): opening runs


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class PostgresReprocess:
    db: Database

    def open_run(self, key: str, partitions: list[IdRange]) -> ReprocessRun:
        with self.db.write() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (REPROCESS_LOCK,))
            row = conn.execute("SELECT id FROM reprocess_runs WHERE key = %s AND finished_at IS NULL "
                               "ORDER BY id DESC LIMIT 1", (key,)).fetchone()
            if row is None:
                run_id = int(conn.execute("INSERT INTO reprocess_runs (key, started_at) VALUES (%s, %s) RETURNING id",
                                          (key, _now())).fetchone()[0])
                if partitions:
                    with conn.cursor() as cur:
                        cur.executemany("INSERT INTO reprocess_partitions (run_id, first_id, last_id, articles) "
                                        "VALUES (%s, %s, %s, %s)",
                                        [(run_id, p.first, p.last, p.articles) for p in partitions])
            else:
                run_id = int(row[0])
            return self._runs(conn, [run_id])[0]

    def partition_done(self, run_id: int, partition: RunPartition) -> None:
        with self.db.write() as conn:
            changed = conn.execute(
                "UPDATE reprocess_partitions SET done_at = %s, counts = %s, relink = %s "
                "WHERE run_id = %s AND first_id = %s RETURNING run_id",
                (_now(), json.dumps(partition.counts), json.dumps(partition.relink), run_id,
                 partition.first)).fetchone()
            if changed is None:
                raise NotFound(f"no partition from id {partition.first} in reprocessing run {run_id}")

    def finish_run(self, run_id: int) -> None:
        with self.db.write() as conn:
            if conn.execute("UPDATE reprocess_runs SET finished_at = %s WHERE id = %s RETURNING id",
                            (_now(), run_id)).fetchone() is None:
                raise NotFound(f"no reprocessing run {run_id}")

    def reprocess_runs(self, limit: int = 20) -> list[ReprocessRun]:
        with self.db.read() as conn:
            ids = [int(r[0]) for r in conn.execute("SELECT id FROM reprocess_runs ORDER BY id DESC LIMIT %s",
                                                   (limit,))]
            return self._runs(conn, ids)

    @staticmethod
    def _runs(conn: Any, ids: list[int]) -> list[ReprocessRun]:
        """The runs with these ids, in this order, each with its partitions by first id."""
        if not ids:
            return []
        runs = {int(r[0]): ReprocessRun(int(r[0]), r[1], r[2], r[3], []) for r in conn.execute(
            "SELECT id, key, started_at, finished_at FROM reprocess_runs WHERE id = ANY(%s)", (ids,))}
        for run_id, first, last, articles, done_at, counts, relink in conn.execute(
                "SELECT run_id, first_id, last_id, articles, done_at, counts, relink FROM reprocess_partitions "
                "WHERE run_id = ANY(%s) ORDER BY run_id, first_id", (ids,)):
            runs[int(run_id)].partitions.append(RunPartition(int(first), int(last), int(articles), done_at is not None,
                                                             json.loads(counts), json.loads(relink)))
        return [runs[i] for i in ids]


__all__ = ["REPROCESS_LOCK", "PostgresReprocess"]
