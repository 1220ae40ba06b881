"""Where a `rasad migrate-store` into PostgreSQL spends its time: the wall seconds of each step of
`Transfer.run` (the batches of each table, the postings' one statement, the verification), for a
copy of a SQLite store into a new database.

usage: python bench/migrate_steps.py sqlite:///SOURCE.db postgresql://USER@HOST:PORT [--database NAME]
         [--drop-index NAME ...]
  the database NAME (default rasad_migrate_steps) is dropped and made again on that server;
  --drop-index: indexes dropped from the new store before the copy (what they cost to keep up)
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rasad.store.transfer import Transfer


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source")
    parser.add_argument("server", help="postgresql://USER@HOST:PORT (no database)")
    parser.add_argument("--database", default="rasad_migrate_steps")
    parser.add_argument("--drop-index", nargs="*", default=[])
    args = parser.parse_args(argv)
    import psycopg

    server = args.server.rstrip("/")
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{args.database}"')
        conn.execute(f'CREATE DATABASE "{args.database}"')
    transfer = Transfer(args.source, f"{server}/{args.database}")
    for index in args.drop_index:
        transfer.target.execute(f'DROP INDEX "{index}"')
    spent: dict[str, float] = {}

    def timed(name: str, step: Callable[..., Any]) -> Callable[..., Any]:
        def run(*a: Any, **k: Any) -> Any:
            start = time.perf_counter()
            try:
                return step(*a, **k)
            finally:
                spent[name] = spent.get(name, 0.0) + time.perf_counter() - start
        return run

    transfer._by_id = timed("batches", transfer._by_id)  # type: ignore[method-assign]
    transfer._postings = timed("postings", transfer._postings)  # type: ignore[method-assign]
    transfer.verify = timed("verification", transfer.verify)  # type: ignore[method-assign]
    start = time.perf_counter()
    try:
        checks = transfer.run()
    finally:
        transfer.close()
    total = time.perf_counter() - start
    print("| step | wall s |\n|---|---:|")
    for name, seconds in spent.items():
        print(f"| {name} | {seconds:.1f} |")
    print(f"| all (verified: {all(c.ok for c in checks)}) | {total:.1f} |")


if __name__ == "__main__":
    main()
