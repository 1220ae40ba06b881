"""Exports: rows per second and peak memory exporting a search of N hits (default 100,000) to CSV,
JSONL and XLSX, side by side with the alternative of holding every hit first.

- rasad: `rasad.export.search_table` (Store.iter_hits: ids ranked once, articles read 500 at a
  time) streamed by `rasad.export.write` to a file.
- held: the same hits taken at once (`store.search(query, limit=N)`, one page of everything), then
  written by the same writers: what an export without iteration does. For XLSX, also openpyxl's
  ordinary (not write-only) workbook fed the held rows.

The store is a SQLite file built as bench/bench_web.py builds its own (100,000 articles from real
Persian news of ../shared/data), cached in $TMPDIR/rasad-bench-export (--cache), opened read-only; the
query is empty by default (every article, newest first), so N hits. Each case runs in a fresh
process, which reports its wall time and its peak resident memory above what it held before
exporting (`ru_maxrss` less the resident memory after imports and opening the store).

usage: python bench/bench_export.py [--articles 100000] [--query Q] [--formats csv,jsonl,xlsx] [--cache DIR]
Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import REPO

CASES = ("rasad", "held", "held-openpyxl-normal")


def store_path(articles: int, cache: Path) -> Path:
    """A store of `articles` articles as bench_web builds it, in a cache of this bench's own (the
    bench reads it, and nothing else writes it), built when absent."""
    from bench import bench_web

    path = cache / f"export-{articles}-s{bench_web.SEED}.db"
    if not path.exists():
        cache.mkdir(parents=True, exist_ok=True)
        bench_web.build(path, articles)
    return path


def peak_mb() -> float:
    """The process's peak resident memory so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """The process's resident memory now."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def run_case(case: str, fmt: str, db: str, query: str, out: str) -> dict[str, float]:
    """One export in this process: seconds, rows, and the peak RSS it added."""
    from rasad.export import Table, search_table, write
    from rasad.export.tables import SEARCH_COLUMNS
    from rasad.store import open_store

    with open_store(db, write=False) as store:
        store.count()  # the database opened
        before = rss_mb()
        start = time.perf_counter()
        rows = 0

        def count(n: int) -> None:
            nonlocal rows
            rows = n

        if case == "rasad":
            with open(out, "wb") as file:
                write(search_table(store, query), fmt, file, count)
        else:
            total = store.search(query, limit=1).total
            hits = [h.to_record() for h in store.search(query, limit=total).hits]
            if case == "held":
                with open(out, "wb") as file:
                    write(Table("search", SEARCH_COLUMNS, hits, len(hits)), fmt, file, count)
            else:
                from openpyxl import Workbook

                book = Workbook()
                sheet = book.active
                sheet.append(list(SEARCH_COLUMNS))
                for hit in hits:
                    sheet.append([hit[c] for c in SEARCH_COLUMNS])
                book.save(out)
                rows = len(hits)
        seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows": rows, "peak_mb": peak_mb() - before, "bytes": os.path.getsize(out)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--query", default="")
    parser.add_argument("--formats", default="csv,jsonl,xlsx")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "rasad-bench-export")
    parser.add_argument("--case", nargs=4, metavar=("CASE", "FORMAT", "DB", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        case, fmt, db, out = args.case
        print(json.dumps(run_case(case, fmt, db, args.query, out)))
        return
    db = f"sqlite:///{store_path(args.articles, args.cache)}"
    print("| format | export | rows | seconds | rows/s | peak RSS added (MB) | file (MB) |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as folder:
        for fmt in args.formats.split(","):
            for case in CASES:
                if case == "held-openpyxl-normal" and fmt != "xlsx":
                    continue
                out = str(Path(folder) / f"{case}.{fmt}")
                done = subprocess.run([sys.executable, __file__, "--query", args.query, "--case", case, fmt, db, out],
                                      capture_output=True, text=True, cwd=REPO, check=False)
                if done.returncode:
                    print(f"| {fmt} | {case} | failed: {done.stderr.strip().splitlines()[-1:]} |||||")
                    continue
                r = json.loads(done.stdout)
                print(f"| {fmt} | {case} | {r['rows']:,} | {r['seconds']:.1f} | {r['rows'] / r['seconds']:,.0f} | "
                      f"{r['peak_mb']:.0f} | {r['bytes'] / 1e6:.1f} |", flush=True)
                os.unlink(out)


if __name__ == "__main__":
    main()
