#!/usr/bin/env python3
"""Run the baseline normalizers on a ZWNJ task; runs inside .venv-baselines (Python 3.12).

usage: baselines_zwnj.py TASK_DIR OUT_DIR [SYSTEM ...]
Reads TASK_DIR/joined.txt and spaced.txt, writes OUT_DIR/SYSTEM_TASK.txt (one line for each input
line) and prints one JSON object: {system: {task: {"seconds": s, "chars": n}}}. Each normalizer is
built once and then timed on the lines alone, as rasad is.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

TASKS = ("joined", "spaced")
SYSTEMS = ("hazm", "shekar", "parsivar")


def make_normalizer(name: str) -> Callable[[str], str]:
    """The library's default normalizer as a str -> str function."""
    if name == "hazm":
        from hazm import Normalizer

        return Normalizer().normalize
    if name == "shekar":
        from shekar import Normalizer

        return Normalizer()
    if name == "parsivar":
        from parsivar import Normalizer

        return Normalizer().normalize
    raise ValueError(f"unknown system {name}")


def run_one(normalize: Callable[[str], str], lines: list[str]) -> tuple[list[str], float]:
    """Normalize each line (newlines inside an output would shift lines: they become spaces)."""
    start = time.perf_counter()
    out = [normalize(line) if line else line for line in lines]
    seconds = time.perf_counter() - start
    return [line.replace("\n", " ") for line in out], seconds


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2:
        sys.exit(__doc__)
    task_dir, out_dir = Path(args[0]), Path(args[1])
    systems = args[2:] or list(SYSTEMS)
    out_dir.mkdir(parents=True, exist_ok=True)
    report: dict[str, dict[str, dict[str, float]]] = {}
    for system in systems:
        normalize = make_normalizer(system)
        report[system] = {}
        for task in TASKS:
            lines = (task_dir / f"{task}.txt").read_text(encoding="utf-8").split("\n")
            out, seconds = run_one(normalize, lines)
            (out_dir / f"{system}_{task}.txt").write_text("\n".join(out), encoding="utf-8")
            report[system][task] = {"seconds": seconds, "chars": sum(map(len, lines))}
            print(f"{system} {task}: {seconds:.1f} s", file=sys.stderr)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
