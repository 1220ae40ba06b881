"""PostgreSQL (or SQLite) search before and after a change, side by side in one run, on one stored archive:
two worker processes, each importing rasad from its own checkout (`--before PATH`, and this one),
take turns on the same searches (bench_scale's: ten typical Persian queries, plain, with an
agency, with a month, page 3, collapsed), so both meet the same load from the rest of the machine.

Per call, the best of `--rounds` after a warm-up, the facet caches emptied before each:
- wall: what a user waits;
- server CPU: the CPU time every process of the PostgreSQL server spent meanwhile (read from
  /proc/PID/schedstat, so the server must run on this machine, as rasad.store.postgres_server's
  does; only one worker searches at a time, so the server's time is that worker's);
- client CPU: rasad's own CPU in the worker.
CPU time is what a loaded machine does not stretch much; the wall clock is printed beside it.
Both workers must find the same hits (ids, order, scores to 6 places), or the script says where not.

`phrases`: the searches whose query has a phrase to count (quoted, or plain words ranked side by
side, or a word also read as two): six of the ten.

usage: python bench/bench_pg_search.py DB_URL --before PATH [--before-db URL] [--after PATH] [--rounds R]
                                       [--queries Q ...] [--cold]
  DB_URL: a PostgreSQL store at the newer checkout's schema (the older reads it too), or a SQLite
          store (sqlite:///PATH: no server, the server CPU column is 0 and the client's is all)
  PATH: the older rasad checkout (a folder holding rasad/), e.g. `git archive REV rasad | tar -x -C PATH`
  --after: the newer checkout (default: this one)
  --queries: other queries than bench_web's ten
  --cold: also empty the kept term counts (rasad.store.postgres.TERM_COUNTS) before each call, as a
          first search after a write finds them
"""

from __future__ import annotations

import argparse
import multiprocessing
import statistics
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]


def _server_processes(conn: Any) -> list[int]:
    """The pids of the server's processes: the postmaster (the parent of this connection's
    backend) and all its children."""
    backend = int(conn.execute("SELECT pg_backend_pid()").fetchone()[0])
    postmaster = int(Path(f"/proc/{backend}/stat").read_text().rsplit(")", 1)[1].split()[1])
    children = Path(f"/proc/{postmaster}/task/{postmaster}/children")
    return [postmaster, *(int(p) for p in children.read_text().split())]


def _cpu_ms(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            total += int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue
    return total / 1e6


def _worker(tree: str, url: str, rounds: int, cold: bool, asks: Any, answers: Any) -> None:
    sys.path.insert(0, tree)
    from rasad.store import open_store

    store = open_store(url, write=False)
    if url.startswith("sqlite:"):  # no server: the worker's own CPU is all the work
        from rasad.store.sqlite import FACETS
        pids: list[int] = []
    else:
        import psycopg

        import rasad.store.postgres as pg
        from rasad.store.postgres import FACETS  # type: ignore[assignment]

        if cold and hasattr(pg, "TERM_COUNTS"):
            FACETS = _Both(FACETS, pg.TERM_COUNTS)  # type: ignore[assignment]

        with psycopg.connect(url) as conn:
            pids = _server_processes(conn)
    while True:
        ask = asks.get()
        if ask is None:
            break
        query, filters, offset, collapse = ask

        def call(query: str = query, filters: Any = filters, offset: int = offset, collapse: bool = collapse) -> Any:
            return store.search(query, filters, limit=20, offset=offset, collapse=collapse)

        call()
        best: tuple[float, float, float] | None = None
        for _ in range(rounds):
            FACETS.clear()
            pids_now = pids + [p for p in _children(pids[0]) if p not in pids] if pids else []
            server, wall, client = _cpu_ms(pids_now), time.perf_counter(), time.process_time()
            found = call()
            took = ((time.perf_counter() - wall) * 1000, _cpu_ms(pids_now) - server,
                    (time.process_time() - client) * 1000)
            best = took if best is None or took[1] + took[2] < best[1] + best[2] else best
        parsed = store.parse(query)
        phrase = bool(parsed.adjacent) or any(len(t) > 1 for t in parsed.scored)
        answers.put((best, found.total, [(h.id, round(h.score, 6)) for h in found.hits], phrase))
    store.close()


class _Both:
    """Two caches emptied together."""

    def __init__(self, *caches: Any) -> None:
        self.caches = caches

    def clear(self) -> None:
        for cache in self.caches:
            cache.clear()


def _children(postmaster: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{postmaster}/task/{postmaster}/children").read_text().split()]
    except OSError:
        return []


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("db_url")
    parser.add_argument("--before", required=True, help="the older rasad checkout (a folder holding rasad/)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--before-db", help="the store the older checkout reads, when the newer one changed the "
                                            "schema (a copy of DB_URL's store before its migration)")
    parser.add_argument("--after", default=str(REPO), help="the newer rasad checkout (default: this one)")
    parser.add_argument("--queries", nargs="+", help="other queries than bench_web's ten")
    parser.add_argument("--cold", action="store_true", help="empty the kept term counts before each call too")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO))
    from bench.bench_scale import searches
    from bench.bench_web import percentile

    context = multiprocessing.get_context("spawn")
    sides = {"before": args.before, "after": args.after}
    queues = {name: (context.Queue(), context.Queue()) for name in sides}
    urls = {"before": args.before_db or args.db_url, "after": args.db_url}
    workers = {name: context.Process(target=_worker, args=(tree, urls[name], args.rounds, args.cold,
                                                                              *queues[name]))
               for name, tree in sides.items()}
    for worker in workers.values():
        worker.start()
    figures: dict[str, dict[str, list[tuple[float, float, float]]]] = {name: {} for name in sides}
    unlike = []
    try:
        for kind, query, filters, offset, collapse in searches(args.queries):
            if kind == "agency+month+entity":
                continue
            found = {}
            for name in sides:  # one at a time: the server works for one worker only
                queues[name][0].put((query, filters, offset, collapse))
                took, total, page, phrase = queues[name][1].get()
                figures[name].setdefault(kind, []).append(took)
                if phrase:
                    figures[name].setdefault("phrases", []).append(took)
                found[name] = (total, page)
            if found["before"] != found["after"]:
                unlike.append(f"{kind} {query}")
            print(f"  {kind} {query}: " + ", ".join(f"{n} {figures[n][kind][-1][0]:.0f} ms (server CPU "
                                                   f"{figures[n][kind][-1][1]:.0f})" for n in sides),
                  file=sys.stderr, flush=True)
    finally:
        for name in sides:
            queues[name][0].put(None)
        for worker in workers.values():
            worker.join(60)
    calls = sum(len(v) for k, v in figures["after"].items() if k != "phrases")
    print(f"same hits before and after (total, ids, order, scores to 6 places): {calls - len(unlike)} of {calls}"
          + (f" (differ: {', '.join(unlike)})" if unlike else ""))
    side = "wall median / p95 ms | server CPU median / p95 ms | client CPU median / p95 ms"
    print(f"\n| search (10 queries each) | before: {side} | after: {side} |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    kinds = [k for k in figures["after"] if k != "phrases"] + ["all", "phrases"]
    for kind in kinds:
        cells = []
        for name in sides:
            rows = ([r for k, v in figures[name].items() if k != "phrases" for r in v] if kind == "all"
                    else figures[name].get(kind, []))
            if not rows:
                continue
            wall, server, client = ([r[i] for r in rows] for i in range(3))
            cells += [f"{statistics.median(wall):,.0f} / {percentile(wall, 95):,.0f}",
                      f"{statistics.median(server):,.0f} / {percentile(server, 95):,.0f}",
                      f"{statistics.median(client):,.0f} / {percentile(client, 95):,.0f}"]
        print(f"| {kind} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
