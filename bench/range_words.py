"""A date range said as month, week and day words (schema 15) against month and day words only
(schema 14), side by side on one SQLite store: the CPU of each search within the range, rounds
interleaved, facet caches emptied, and whether both give the same hits.

usage: python bench/range_words.py sqlite:///PATH [--since 2025-10-15 --until 2025-11-14] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import date
from typing import Any

QUERIES = ["رئیس جمهور", "وزیر کشور", "انتخابات مجلس", "ایران", "نفت", "تحریم", "مذاکرات هسته ای",
           "بورس تهران", "قیمت دلار", "سیل"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db_url")
    parser.add_argument("--since", type=date.fromisoformat, default=date(2025, 10, 15))
    parser.add_argument("--until", type=date.fromisoformat, default=date(2025, 11, 14))
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    import rasad.store.sqlite as sqlite_module
    from rasad.store import open_store
    from rasad.store.tags import range_tags
    from rasad.store.values import SearchFilters

    store = open_store(args.db_url, write=False)
    filters = SearchFilters(since=args.since, until=args.until)
    ways: dict[str, Any] = {"days (schema 14)": lambda a, b: range_tags(a, b, weeks=False),
                            "weeks (schema 15)": range_tags}
    print("range words:", {name: len(way(args.since, args.until) or []) for name, way in ways.items()})
    times: dict[tuple[str, str], list[float]] = {}
    hits: dict[tuple[str, str], list[int]] = {}
    for round_ in range(args.rounds + 1):  # the first round warms the cache and is not counted
        for query in QUERIES:
            for name, way in ways.items():
                sqlite_module.range_tags = way  # type: ignore[attr-defined]
                sqlite_module.FACETS.clear()
                start = time.process_time()
                result = store.search(query, filters)
                spent = (time.process_time() - start) * 1000
                if round_:
                    times.setdefault((query, name), []).append(spent)
                hits[(query, name)] = [h.id for h in result.hits]
    sqlite_module.range_tags = range_tags  # type: ignore[attr-defined]
    names = list(ways)
    print(f"\n| query | {' | '.join(names)} | same hits |\n|---|" + "---:|" * len(names) + "---|")
    for query in QUERIES:
        cells = [f"{statistics.median(times[(query, n)]):.1f}" for n in names]
        same = hits[(query, names[0])] == hits[(query, names[1])]
        print(f"| {query} | {' | '.join(cells)} | {'yes' if same else 'NO'} |")
    for n in names:
        every = sorted(statistics.median(times[(q, n)]) for q in QUERIES)
        print(f"{n}: median {statistics.median(every):.1f} ms, slowest {every[-1]:.1f} ms of CPU")


if __name__ == "__main__":
    main()
