"""CPU per first-visit search, query by query, on a stored archive: what the search page's view
costs one core (`SQLiteStore.search` through `rasad.web.views.search_view`, the facet cache emptied
before every call, best of three), and the dashboard's view for 7 and 30 days. CPU time, not the
wall clock, so that a machine loaded by other jobs does not stretch the figures.

usage: python bench/bench_search_cpu.py DB_URL [--tree PATH]
  --tree: the rasad checkout to import (another revision, for a before/after in one sitting)
"""

from __future__ import annotations

import argparse
import sys
import time

QUERIES = ["ایران", "وزیر کشور", "میشود", "آب", "کرونا", ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db_url")
    parser.add_argument("--tree", help="a rasad checkout to import instead of this one")
    args = parser.parse_args()
    if args.tree:
        sys.path.insert(0, args.tree)
    from rasad.store import open_store
    from rasad.store.sqlite import FACETS
    from rasad.web.views import dashboard_view, search_view

    store = open_store(args.db_url, write=False)

    def cpu(call) -> float:  # type: ignore[no-untyped-def]
        best = float("inf")
        for _ in range(3):
            FACETS.clear()
            start = time.process_time()
            call()
            best = min(best, time.process_time() - start)
        return best * 1000

    print("| call | CPU ms (best of 3, cold facets) |\n|---|---:|")
    for query in QUERIES:
        print(f"| search `{query or '(none)'}` | {cpu(lambda q=query: search_view(store, q)):.0f} |")
    for period in ("7", "30"):
        print(f"| dashboard, {period} days | {cpu(lambda p=period: dashboard_view(store, p, None, None, '')):.0f} |")


if __name__ == "__main__":
    main()
