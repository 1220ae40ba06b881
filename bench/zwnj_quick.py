#!/usr/bin/env python3
"""Quick leave-one-outlet-out figures of `restore_zwnj` alone, for trying one change at a time.

usage: zwnj_quick.py LEXICON_DIR [--shared DIR] [--build] [--articles] [AGENCY ...]
With --build, LEXICON_DIR/AGENCY gets a lexicon built without that agency's files (about 20 s
each); without it, the lexicons there are reused (recompile them with build_zwnj_lexicon.py
--compile when only the runtime's constants changed). Each agency's joined and spaced tasks are
restored in this process and scored with shared/eval/score_zwnj.py's `score`; the mean over the
agencies closes the table. With --articles, each article's lines are restored together
(`restore_document`: the article's damage judged from all its lines) instead of one by one.
bench_zwnj.py --folds gives the figures of record (the whole normalizer, the peers beside it);
this is the development loop that produced the ablation tables in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
AGENCIES = ("tabnak", "roozno", "sobhane", "mashregh")
sys.path.insert(0, str(REPO))

from bench.common import (  # noqa: E402
    build_fold_lexicon,
    fold_arguments,
    fold_articles,
    fold_task,
    restore_fold,
    shared_dir,
)
from rasad.text import zwnj  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    fold_arguments(parser)
    parser.add_argument("--build", action="store_true", help="build the lexicons first")
    parser.add_argument("--articles", action="store_true", help="restore each article's lines together")
    parser.add_argument("agencies", nargs="*", default=list(AGENCIES))
    args = parser.parse_intermixed_args(argv)
    shared = shared_dir(args.shared)
    sys.path.insert(0, str(shared / "eval"))
    from score_zwnj import score

    means: dict[str, list[tuple[float, float]]] = {"joined": [], "spaced": []}
    print("| held out | task | f1_accept | f1_joined |\n|---|---|---|---|")
    for agency in args.agencies:
        lexicon = Path(args.lexicons) / agency
        if args.build:
            build_fold_lexicon(shared, lexicon, agency)
        zwnj.use_lexicon_dir(lexicon)
        gold, tasks = fold_task(shared, agency)
        sizes = fold_articles(shared, agency) if args.articles else None
        for task, lines in tasks.items():
            figures = score(gold, restore_fold(lines, sizes))
            means[task].append((figures["f1_accept"], figures["f1_joined"]))
            print(f"| {agency} | {task} | {figures['f1_accept']:.4f} | {figures['f1_joined']:.4f} |", flush=True)
    for task, rows in means.items():
        if rows:
            acc = sum(a for a, _ in rows) / len(rows)
            joined = sum(j for _, j in rows) / len(rows)
            print(f"| mean | {task} | {acc:.4f} | {joined:.4f} |")


if __name__ == "__main__":
    main()
