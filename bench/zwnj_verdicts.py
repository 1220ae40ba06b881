#!/usr/bin/env python3
"""Each article's damage verdict and the gaps it gets wrong, one held-out outlet.

usage: zwnj_verdicts.py LEXICON_DIR AGENCY [--shared DIR]
LEXICON_DIR/AGENCY is a lexicon built without AGENCY (bench/zwnj_quick.py --build). Each article
of the outlet's joined and spaced tasks is read as `restore_document` reads it (deleted, spaced,
undecided by `document_log_odds`, or written: it holds a ZWNJ) and restored; every gap between two
letters the output writes otherwise than the gold is counted by its verdict, as gGoO (the gold's
gap G and the output's O: n nothing, s space, z ZWNJ). Lines whose letters differ are counted as
misaligned. The table of "ZWNJ, fourth round" in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.common import by_article, fold_arguments, fold_articles, fold_task, shared_dir  # noqa: E402
from rasad.text import zwnj  # noqa: E402


def gap_kinds(line: str) -> list[str]:
    """The kind of each gap between two letters of LINE (n, s or z: a ZWNJ wins over a space)."""
    out: list[str] = []
    seen, kind = False, "n"
    for ch in line:
        if ch == " ":
            kind = "z" if kind == "z" else "s"
        elif ch == zwnj.ZWNJ:
            kind = "z"
        else:
            if seen:
                out.append(kind)
            seen, kind = True, "n"
    return out


def verdict(article: list[str]) -> str:
    """How `restore_document` reads an article."""
    if any(zwnj.ZWNJ in line for line in article):
        return "written"
    odds = zwnj.document_log_odds(article)
    return "undecided" if odds is None else ("deleted" if odds > 0 else "spaced")


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    fold_arguments(parser)
    parser.add_argument("agency")
    args = parser.parse_args(argv)
    shared = shared_dir(args.shared)
    zwnj.use_lexicon_dir(Path(args.lexicons) / args.agency)
    gold, tasks = fold_task(shared, args.agency)
    sizes = fold_articles(shared, args.agency)
    gold_articles = by_article(gold, sizes)
    for task, lines in tasks.items():
        stats: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
        for gold_article, article in zip(gold_articles, by_article(lines, sizes), strict=False):
            kind = verdict(article)
            stats[kind]["articles"] += 1
            for gold_line, out_line in zip(gold_article, zwnj.restore_document(article), strict=True):
                gaps, out = gap_kinds(gold_line), gap_kinds(out_line)
                if len(gaps) != len(out):
                    stats[kind]["misaligned"] += 1
                    continue
                for g, o in zip(gaps, out, strict=True):
                    if g != o:
                        stats[kind][f"g{g}o{o}"] += 1
        print(f"\n### {args.agency}, {task} task\n")
        print("| verdict | articles | gsoz | gzon | gnoz | gzos | misaligned |\n|---|---|---|---|---|---|---|")
        for kind, counts in sorted(stats.items()):
            cells = " | ".join(f"{counts[key]:,}" for key in ("articles", "gsoz", "gzon", "gnoz", "gzos", "misaligned"))
            print(f"| {kind} | {cells} |")


if __name__ == "__main__":
    main()
