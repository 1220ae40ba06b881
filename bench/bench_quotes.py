"""Throughput of quote extraction (with speaker resolution) on all of ir_news_dev.

usage: python bench/bench_quotes.py [ROUNDS]
Articles are parsed and normalized as rasad reads them (one sentence a paragraph), once before
timing; the timed part is `extract_quotes` over every article, best of ROUNDS. The CPU time of the
process is reported beside the wall time: on a machine loaded by other jobs it is the better measure
of what one core does (run the checkout to compare with `PYTHONPATH=TREE`).
"""

from __future__ import annotations

import sys
import time

from common import SHARED
from spot_quotes import irnews_articles

from rasad.extract.lexicon import lexicon
from rasad.extract.quotes import extract_quotes


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv if argv is None else argv
    rounds = int(argv[1]) if len(argv) > 1 else 3
    if not (SHARED / "data" / "ir_news_dev").is_dir():
        sys.exit(f"no ir_news_dev under {SHARED} (set RASAD_SHARED)")
    articles = irnews_articles(skip=set())
    lexicon()  # loaded once per process; not part of the per-article cost
    best = float("inf")
    best_cpu = float("inf")
    quotes = 0
    for _ in range(rounds):
        start, start_cpu = time.perf_counter(), time.process_time()
        quotes = sum(len(extract_quotes(a)) for a in articles)
        best = min(best, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - start_cpu)
    chars = sum(len(a.text) for a in articles)
    print(f"articles: {len(articles)}  quotes: {quotes}  best of {rounds}: {best:.2f} s  "
          f"{len(articles) / best:.0f} articles/s  {chars / best / 1e3:.0f}k chars/s  "
          f"(CPU time {best_cpu:.2f} s: {len(articles) / best_cpu:.0f} articles per CPU second)")


if __name__ == "__main__":
    main()
