#!/usr/bin/env python3
"""`normalize_line` of this tree against another tree's: the same output byte for byte, and the
CPU seconds each took, side by side in one run.

usage: normalize_identity.py FILE [FILE ...] --other TREE [--rounds N]

For each FILE (a text file of lines, such as a ZWNJ task's joined.txt or spaced.txt made by
shared/eval/make_zwnj_task.py) and each tree (TREE, e.g. `git worktree add /tmp/before COMMIT`,
and this repository), a process of its own runs `rasad.text.normalize.normalize_line` on every
non-empty line, as bench/baselines_zwnj.py does, writes the output and reports the CPU seconds
of the lines alone (loading excluded). The trees alternate, ROUNDS times (the machine is shared:
alternating spreads its load over both). Prints, per file, whether the outputs are identical (and
the first line that differs when not) and each tree's characters per CPU second (best round).
Exits 1 when an output differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# One tree's normalize_line over one file: output written to argv[2], CPU seconds on stdout.
CHILD = """import json, sys, time
from rasad.text.normalize import normalize_line
lines = open(sys.argv[1], encoding="utf-8").read().split("\\n")
normalize_line("میشود")  # the lexicon loaded before the clock starts
cpu = time.process_time()
out = [normalize_line(line) if line else line for line in lines]
cpu = time.process_time() - cpu
open(sys.argv[2], "w", encoding="utf-8").write("\\n".join(out))
print(json.dumps({"cpu": cpu, "chars": sum(map(len, lines))}))
"""


def run(tree: Path, text: Path, out: Path) -> dict[str, float]:
    """TREE's normalize_line over TEXT into OUT: {'cpu': s, 'chars': n}."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    done = subprocess.run([sys.executable, "-c", CHILD, str(text), str(out)], env=env, cwd=tree,
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().split("\n")[-1])


def first_difference(a: Path, b: Path) -> str:
    """The first line that differs between two outputs, for the report."""
    for n, (x, y) in enumerate(zip(a.read_text(encoding="utf-8").split("\n"),
                                   b.read_text(encoding="utf-8").split("\n"), strict=False), 1):
        if x != y:
            return f"line {n}: {x[:80]!r} / {y[:80]!r}"
    return "one output is longer"


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--other", required=True, type=Path, help="the other rasad tree")
    parser.add_argument("--rounds", type=int, default=1, help="times each tree runs each file")
    args = parser.parse_args(argv)
    trees = [("other", args.other.resolve()), ("this", REPO)]
    same = True
    print("| file | identical | sha256 (12) | other chars/CPU s | this chars/CPU s | this / other |")
    print("|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="normalize_identity_") as tmp:
        for text in args.files:
            best: dict[str, float] = {}
            outs = {name: Path(tmp) / f"{name}.txt" for name, _ in trees}
            for _ in range(args.rounds):
                for name, tree in trees:
                    usage = run(tree, text, outs[name])
                    best[name] = max(best.get(name, 0.0), usage["chars"] / usage["cpu"])
            a, b = outs["other"].read_bytes(), outs["this"].read_bytes()
            digest = hashlib.sha256(b).hexdigest()[:12]
            print(f"| {text} | {'yes' if a == b else 'NO'} | {digest} | {best['other']:,.0f} "
                  f"| {best['this']:,.0f} | {best['this'] / best['other']:.2f} |", flush=True)
            if a != b:
                same = False
                print(f"  differs at {first_difference(outs['other'], outs['this'])}", file=sys.stderr)
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
