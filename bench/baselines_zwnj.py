#!/usr/bin/env python3
"""Run one normalizer on a ZWNJ task, in a process of its own: the peers inside .venv-baselines
(Python 3.12), rasad inside the project venv (bench/bench_zwnj.py starts both).

usage: baselines_zwnj.py TASK_DIR OUT_DIR SYSTEM
Reads TASK_DIR/joined.txt and spaced.txt, writes OUT_DIR/SYSTEM_TASK.txt (one line for each input
line) and prints one JSON object: {system: {task: {"seconds": wall s, "cpu": CPU s, "chars": n,
"rss_mb": peak resident MB of this process, "startup": s}}}. "startup" is the time from the process's
start (interpreter included) to the first line normalized: import, build, one line. The lines are
then timed alone. rasad's lexicon is the shipped one, or the folder in $RASAD_ZWNJ_LEXICON.
SYSTEM rasad-articles is rasad given each article's lines together (`normalize_lines`), the
articles' line counts read from TASK_DIR/articles.json (bench_zwnj.py writes it).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

TASKS = ("joined", "spaced")
SYSTEMS = ("hazm", "shekar", "parsivar", "rishe", "persian-text-guard", "davat")


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
    if name == "rishe":
        import rishe

        return rishe.Normalizer().normalize
    if name == "persian-text-guard":
        import persian_text_guard

        return lambda text: persian_text_guard.normalize(text, steps="standard")
    if name == "davat":
        import davat

        return lambda text: davat.normalize_persian(text, use_dictionary=True)
    if name in ("rasad", "rasad-articles"):
        from pathlib import Path as _Path

        from rasad.text import zwnj
        from rasad.text.normalize import normalize_line

        if os.environ.get("RASAD_ZWNJ_LEXICON"):
            zwnj.use_lexicon_dir(_Path(os.environ["RASAD_ZWNJ_LEXICON"]))
        return normalize_line
    raise ValueError(f"unknown system {name}")


def run_one(normalize: Callable[[str], str], lines: list[str],
            articles: list[int] | None = None) -> tuple[list[str], float, float]:
    """Normalize each line (newlines inside an output would shift lines: they become spaces); with
    ARTICLES (line counts), each article's lines together (rasad's `normalize_lines`)."""
    start, cpu = time.perf_counter(), time.process_time()
    if articles is None:
        out = [normalize(line) if line else line for line in lines]
    else:
        from rasad.text.normalize import normalize_lines

        out, at = [], 0
        for size in articles:
            out += normalize_lines(lines[at:at + size])
            at += size
        out += [normalize(line) if line else line for line in lines[at:]]
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return [line.replace("\n", " ") for line in out], seconds, cpu


def process_age() -> float:
    """Seconds since this process started (Linux /proc), interpreter start-up included."""
    with open("/proc/self/stat", encoding="ascii") as fh:
        start_ticks = int(fh.read().rsplit(")", 1)[1].split()[19])
    with open("/proc/uptime", encoding="ascii") as fh:
        uptime = float(fh.read().split()[0])
    return uptime - start_ticks / os.sysconf("SC_CLK_TCK")


def peak_mb() -> float:
    """This process's peak resident MB: VmHWM on Linux (getrusage's ru_maxrss would carry the peak
    of bench_zwnj.py, which started this process, across exec), else ru_maxrss."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 3:
        sys.exit(__doc__)
    task_dir, out_dir, system = Path(args[0]), Path(args[1]), args[2]
    out_dir.mkdir(parents=True, exist_ok=True)
    normalize = make_normalizer(system)
    normalize("میشود که کتابهای آنها")
    startup = process_age()
    report: dict[str, dict[str, float]] = {}
    for task in TASKS:
        lines = (task_dir / f"{task}.txt").read_text(encoding="utf-8").split("\n")
        articles = json.loads((task_dir / "articles.json").read_text()) if system == "rasad-articles" else None
        out, seconds, cpu = run_one(normalize, lines, articles)
        (out_dir / f"{system}_{task}.txt").write_text("\n".join(out), encoding="utf-8")
        report[task] = {"seconds": seconds, "cpu": cpu, "chars": sum(map(len, lines)), "startup": startup}
        print(f"{system} {task}: {seconds:.1f} s", file=sys.stderr)
    rss_mb = peak_mb()
    for figures in report.values():
        figures["rss_mb"] = rss_mb
    print(json.dumps({system: report}))


if __name__ == "__main__":
    main()
