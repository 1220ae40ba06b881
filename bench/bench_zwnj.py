#!/usr/bin/env python3
"""Benchmark ZWNJ restoration: rasad against hazm, shekar and parsivar, side by side.

usage: bench_zwnj.py [--shared DIR] [--leave-out AGENCY] [--systems rasad,hazm,...] [--json FILE]

The fixed input is every IR-News dev file (../shared/data/ir_news_dev/*_*.txt), made into the
joined and spaced tasks by shared/eval/make_zwnj_task.py and scored by shared/eval/score_zwnj.py,
both run as they are. rasad runs here (the project venv); the baselines run in .venv-baselines
(bench/setup_baselines.sh) through bench/baselines_zwnj.py.

--leave-out AGENCY is the held-out figure: the lexicon is rebuilt without that agency's files
(scripts/build_zwnj_lexicon.py --exclude-agency) and every system is scored on that agency alone.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BASELINE_PYTHON = REPO / ".venv-baselines" / "bin" / "python"
BASELINES = ("hazm", "shekar", "parsivar")
TASKS = ("joined", "spaced")
FIELDS = ("f1_accept", "precision_accept", "recall_accept", "f1_joined", "precision_joined")

sys.path.insert(0, str(REPO))
from rasad.text import zwnj  # noqa: E402


def shared_dir(explicit: str | None) -> Path:
    """The shared folder: --shared, else $RASAD_SHARED, else ../shared beside the repository."""
    return Path(explicit or os.environ.get("RASAD_SHARED") or REPO / ".." / "shared").resolve()


def make_task(shared: Path, out: Path, agency: str | None) -> None:
    """Build gold/joined/spaced from the dev files (of one agency when given)."""
    pattern = f"{agency}_*.txt" if agency else "*_*.txt"
    files = sorted(str(p) for p in (shared / "data" / "ir_news_dev").glob(pattern))
    if not files:
        sys.exit(f"no IR-News files match {pattern}")
    script = shared / "eval" / "make_zwnj_task.py"
    subprocess.run([sys.executable, str(script), str(out), *files], check=True, stdout=subprocess.DEVNULL)


def build_lexicon(shared: Path, out: Path, agency: str) -> None:
    """Rebuild the lexicon without AGENCY into OUT and make rasad use it."""
    script = REPO / "scripts" / "build_zwnj_lexicon.py"
    cmd = [sys.executable, str(script), str(shared / "data"), "--out", str(out), "--exclude-agency", agency]
    subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
    zwnj.use_lexicon_dir(out)


def run_rasad(task: Path, outdir: Path) -> dict[str, dict[str, float]]:
    """Restore both tasks with rasad.restore_zwnj line by line; time the lines, not the loading."""
    start = time.perf_counter()
    zwnj.load_lexicon()
    load = time.perf_counter() - start
    timing = {}
    for name in TASKS:
        lines = (task / f"{name}.txt").read_text(encoding="utf-8").split("\n")
        start = time.perf_counter()
        out = [zwnj.restore_zwnj(line) for line in lines]
        seconds = time.perf_counter() - start
        (outdir / f"rasad_{name}.txt").write_text("\n".join(out), encoding="utf-8")
        timing[name] = {"seconds": seconds, "chars": sum(map(len, lines)), "load_seconds": load}
    return timing


def run_baselines(task: Path, outdir: Path, systems: list[str]) -> dict[str, dict[str, dict[str, float]]]:
    """Run the baselines in their own venv; empty when it is missing."""
    if not systems:
        return {}
    if not BASELINE_PYTHON.exists():
        print("no .venv-baselines: run bench/setup_baselines.sh (baselines skipped)", file=sys.stderr)
        return {}
    script = REPO / "bench" / "baselines_zwnj.py"
    cmd = [str(BASELINE_PYTHON), str(script), str(task), str(outdir), *systems]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().split("\n")[-1])


def score(shared: Path, gold: Path, output: Path) -> dict[str, float]:
    """score_zwnj.py's JSON for one output."""
    script = shared / "eval" / "score_zwnj.py"
    done = subprocess.run([sys.executable, str(script), str(gold), str(output)], check=True,
                          capture_output=True, text=True, cwd=str(script.parent))
    return json.loads(done.stdout)


def render(results: dict[str, dict[str, dict[str, float]]], title: str) -> str:
    """A markdown table: one row per system and task."""
    head = "| system | task | " + " | ".join(FIELDS) + " | chars/s |"
    rows = [f"### {title}", "", head, "|" + "---|" * (len(FIELDS) + 3)]
    for system, by_task in results.items():
        for task, r in by_task.items():
            cells = " | ".join(f"{r[f]:.4f}" for f in FIELDS)
            rows.append(f"| {system} | {task} | {cells} | {r['chars_per_s']:,.0f} |")
    return "\n".join(rows)


def bench(shared: Path, systems: list[str], agency: str | None) -> dict[str, dict[str, dict[str, float]]]:
    """Build the task, run every system, score them: {system: {task: figures}}."""
    with tempfile.TemporaryDirectory(prefix="bench_zwnj_") as tmp:
        task, outdir = Path(tmp) / "task", Path(tmp) / "out"
        outdir.mkdir()
        make_task(shared, task, agency)
        if agency:
            build_lexicon(shared, Path(tmp) / "lexicon", agency)
        timings = {}
        if "rasad" in systems:
            timings["rasad"] = run_rasad(task, outdir)
        timings.update(run_baselines(task, outdir, [s for s in systems if s in BASELINES]))
        results: dict[str, dict[str, dict[str, float]]] = {}
        for system, by_task in timings.items():
            results[system] = {}
            for name, t in by_task.items():
                figures = score(shared, task / "gold.txt", outdir / f"{system}_{name}.txt")
                figures["chars_per_s"] = t["chars"] / t["seconds"]
                results[system][name] = figures
                print(f"{system} {name}: {json.dumps(figures)}", file=sys.stderr)
        return results


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", help="the shared folder (default ../shared or $RASAD_SHARED)")
    parser.add_argument("--leave-out", help="IR-News agency to hold out (tabnak, roozno, ...)")
    parser.add_argument("--systems", default="rasad," + ",".join(BASELINES))
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    shared = shared_dir(args.shared)
    if not (shared / "data" / "ir_news_dev").is_dir():
        sys.exit(f"no shared data at {shared}: pass --shared or set RASAD_SHARED")
    results = bench(shared, args.systems.split(","), args.leave_out)
    title = f"held out: {args.leave_out}" if args.leave_out else "all of ir_news_dev"
    print(render(results, title))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
