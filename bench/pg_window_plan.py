"""`EXPLAIN (ANALYZE, BUFFERS)` of the search window's statement (rasad.store.postgres_window) for one
query on a PostgreSQL store: as rasad writes it, and, for a union of alternatives, also as a plain
UNION (no counts given), so that the two plans and their times are side by side. Where the figures
of docs/benchmarks.md "`وزیر کشور` at 1,000,000" and the month window come from.

usage: python bench/pg_window_plan.py postgresql://... QUERY [--since YYYY-MM-DD --until YYYY-MM-DD]
"""

from __future__ import annotations

import argparse
from datetime import date


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db_url")
    parser.add_argument("query")
    parser.add_argument("--since", type=date.fromisoformat)
    parser.add_argument("--until", type=date.fromisoformat)
    args = parser.parse_args()
    from rasad.store import open_store
    from rasad.store.postgres import PostgresStore, Selection
    from rasad.store.postgres_window import window
    from rasad.store.values import SearchFilters

    store = open_store(args.db_url, write=False)
    if not isinstance(store, PostgresStore):
        raise SystemExit("a PostgreSQL store only (postgresql://...)")
    q = Selection(store.parse(args.query), SearchFilters(since=args.since, until=args.until))
    with store.db.read() as conn:
        sizes = store._alternative_sizes(conn, q.query)
        ways = {"as rasad writes it": sizes, "a plain UNION": None} if sizes else {"as rasad writes it": None}
        for name, given in ways.items():
            statement, params = window(q.query, q.filters, store.search_window, common=store.common, sizes=given)
            plan = conn.execute("EXPLAIN (ANALYZE, BUFFERS) " + statement, params).fetchall()
            print(f"## {name}\n\n" + "\n".join(row[0] for row in plan) + "\n")


if __name__ == "__main__":
    main()
