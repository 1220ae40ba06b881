#!/usr/bin/env python3
"""The f1_accept errors of `restore_zwnj` leave-one-outlet-out, by what the outlet writes there.

usage: zwnj_accept_errors.py LEXICON_DIR AGENCY [--shared DIR] [--articles] [--examples N]
LEXICON_DIR/AGENCY is a lexicon built without AGENCY (bench/zwnj_quick.py --build). The outlet's
joined and spaced tasks are restored (line by line, or with --articles each article's lines
together, `restore_document`) and every gap score_zwnj.py's f1_accept counts wrong is put in a
family by the gold's gap (g: nothing, space or ZWNJ) and the input's (i): a false ZWNJ (fp) where
the outlet writes one under 10% of the time, a missed one (fn) where it writes one 90% of the time
or more. The commonest pairs of each kind follow the counts.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.common import fold_arguments, fold_articles, fold_task, restore_fold, shared_dir  # noqa: E402
from rasad.text import zwnj  # noqa: E402

GAP = {"": "none", "s": "space", "z": "zwnj", "?": "unaligned input"}


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    fold_arguments(parser)
    parser.add_argument("agency")
    parser.add_argument("--articles", action="store_true", help="restore each article's lines together")
    parser.add_argument("--examples", type=int, default=12, help="commonest pairs shown per kind")
    args = parser.parse_args(argv)
    shared = shared_dir(args.shared)
    sys.path.insert(0, str(shared / "eval"))
    from score_zwnj import aligned, gap_keys, gap_stats, gaps

    zwnj.use_lexicon_dir(Path(args.lexicons) / args.agency)
    gold, tasks = fold_task(shared, args.agency)
    for task, lines in tasks.items():
        out = restore_fold(lines, fold_articles(shared, args.agency) if args.articles else None)
        records, wanted = [], set()
        for g_line, i_line, o_line in zip(gold, lines, out, strict=True):
            gl, gk = gaps(g_line)
            ol, ok = gaps(o_line)
            il, ik = gaps(i_line)
            keys = gap_keys(gl, gk)
            for i, j in aligned(gl, ol)[0]:
                if i and (gk[i] or ok[j]):
                    wanted.add(keys[i])
                    records.append((keys[i], gk[i], ok[j], ik[i] if il == gl else "?"))
        stats = gap_stats(gold, wanted)
        kinds: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
        for key, g, o, i in records:
            counts = stats[key]
            share = counts["z"] / sum(counts.values())
            if o == "z" and share < 0.1:
                kinds[f"fp: gold {GAP[g]}, input {GAP[i]}"][f"{key[0]}|{key[1]}"] += 1
            elif o != "z" and share >= 0.9:
                kinds[f"fn: output {GAP[o]}, input {GAP[i]}"][f"{key[0]}|{key[1]}"] += 1
        print(f"\n### {args.agency}, {task} task{' (articles)' if args.articles else ''}\n")
        print("| kind | errors | commonest |\n|---|---|---|")
        for kind, pairs in sorted(kinds.items(), key=lambda item: -item[1].total()):
            common = ", ".join(f"{p} {n}" for p, n in pairs.most_common(args.examples))
            print(f"| {kind} | {pairs.total():,} | {common} |")


if __name__ == "__main__":
    main()
