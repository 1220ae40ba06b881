#!/usr/bin/env python3
"""The best f1_joined any restorer that writes one spelling per word can reach on an outlet.

usage: zwnj_ceiling.py [--shared DIR] [AGENCY ...]
For each IR-News agency (default: all four), every gap between two units that the gold writes
joined or with a ZWNJ is given the outlet's own majority for that unit pair (an oracle that has
read the outlet's text, which a held-out restorer has not), and scored like score_zwnj.py's
f1_joined. The rest is the outlet's own inconsistency: the same pair typed both ways, and ZWNJ
after letters that do not join ('د‌ر'), which no reader sees.
"""

from __future__ import annotations

import argparse
import collections
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.common import shared_dir  # noqa: E402

AGENCIES = ("tabnak", "roozno", "sobhane", "mashregh")
NON_JOINING = set("اآأإدذرزژوؤ")


def ceiling(shared: Path, agency: str) -> dict[str, float]:
    """Oracle f1_joined of AGENCY's gold, with its counts."""
    sys.path.insert(0, str(shared / "eval"))
    from score_zwnj import gap_keys, gaps

    with tempfile.TemporaryDirectory() as tmp:
        files = sorted(str(p) for p in (shared / "data" / "ir_news_dev").glob(f"{agency}*_*.txt"))
        subprocess.run([sys.executable, str(shared / "eval" / "make_zwnj_task.py"), tmp, *files],
                       check=True, stdout=subprocess.DEVNULL)
        gold = (Path(tmp) / "gold.txt").read_text(encoding="utf-8").split("\n")
    stats: dict[tuple[str, str], collections.Counter[str]] = collections.defaultdict(collections.Counter)
    seen = []
    for line in gold:
        letters, kinds = gaps(line)
        keys = gap_keys(letters, kinds)
        for i in range(1, len(kinds)):
            if kinds[i] in ("", "z"):
                stats[keys[i]][kinds[i]] += 1
                seen.append((keys[i], kinds[i], letters[i - 1]))
    tp = fp = fn = fn_invisible = 0
    for key, kind, before in seen:
        out = "z" if stats[key]["z"] > stats[key][""] else ""
        if kind == "z" and out == "z":
            tp += 1
        elif out == "z":
            fp += 1
        elif kind == "z":
            fn += 1
            fn_invisible += before in NON_JOINING
    return {"f1_joined": 2 * tp / (2 * tp + fp + fn), "tp": tp, "fp": fp, "fn": fn,
            "fn_after_non_joining": fn_invisible}


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", help="the shared folder (default ../shared or $RASAD_SHARED)")
    parser.add_argument("agencies", nargs="*", default=list(AGENCIES))
    args = parser.parse_args(argv)
    shared = shared_dir(args.shared)
    print("| outlet | ceiling f1_joined | ZWNJ missed by the oracle | of them after a non-joining letter |")
    print("|---|---|---|---|")
    for agency in args.agencies:
        r = ceiling(shared, agency)
        print(f"| {agency} | {r['f1_joined']:.4f} | {r['fn']:,} | {r['fn_after_non_joining']:,} |")


if __name__ == "__main__":
    main()
