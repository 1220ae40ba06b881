#!/usr/bin/env python3
"""`rasad normalize` start-up and memory, this tree beside another (before/after, one run).

usage: bench_normalize_startup.py TEXT_FILE [--other TREE]
For each tree (this repository, and TREE: e.g. `git worktree add /tmp/before COMMIT`), runs
`rasad normalize` (rasad.cli) on one line five times (best wall time, CPU and peak resident memory
of the process, interpreter start included), then on TEXT_FILE streamed through stdin (peak
resident memory, CPU seconds, characters per CPU second). Prints a markdown row per tree.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.common import PEAK_MB_SOURCE  # noqa: E402

# rasad normalize, reporting its own peak RSS and CPU on stderr at exit. The peak is VmHWM, this
# program's own: getrusage's ru_maxrss carries the peak of the parent it was started from across
# exec (this script's, with the text file read: 64 MB on all of ir_news_dev).
WRAP = PEAK_MB_SOURCE + """import atexit, json, resource, sys
def report():
    u = resource.getrusage(resource.RUSAGE_SELF)
    sys.stderr.write(json.dumps({"rss_mb": peak_mb(), "cpu": u.ru_utime + u.ru_stime}) + "\\n")
atexit.register(report)
from rasad.cli import main
sys.argv = ["rasad", "normalize"]
main()
"""


def run(tree: Path, stdin: bytes | None = None, path: Path | None = None) -> dict[str, float]:
    """One `rasad normalize` of TREE on STDIN or the file PATH: its usage and wall time."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    start = time.perf_counter()
    if path is not None:
        with path.open("rb") as fh:
            done = subprocess.run([sys.executable, "-c", WRAP], stdin=fh, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, env=env, cwd=tree, check=True)
    else:
        done = subprocess.run([sys.executable, "-c", WRAP], input=stdin, capture_output=True, env=env,
                              cwd=tree, check=True)
    usage = json.loads(done.stderr.decode().strip().split("\n")[-1])
    usage["wall"] = time.perf_counter() - start
    return usage


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("text", help="a text file to stream through rasad normalize")
    parser.add_argument("--other", help="another rasad tree to measure beside this one")
    args = parser.parse_args(argv)
    text = Path(args.text)
    chars = len(text.read_text(encoding="utf-8"))
    trees = ([("other", Path(args.other))] if args.other else []) + [("this", REPO)]
    print("| tree | one line: wall (best of 5) | CPU | peak RSS | streamed: peak RSS | CPU | chars per CPU s |")
    print("|---|---|---|---|---|---|---|")
    for name, tree in trees:
        lines = [run(tree, stdin="میشود".encode()) for _ in range(5)]
        big = run(tree, path=text)
        print(f"| {name} ({tree}) | {min(u['wall'] for u in lines):.2f} s | {min(u['cpu'] for u in lines):.2f} s "
              f"| {min(u['rss_mb'] for u in lines):.0f} MB | {big['rss_mb']:.0f} MB | {big['cpu']:.1f} s "
              f"| {chars / big['cpu']:,.0f} |")


if __name__ == "__main__":
    main()
