#!/usr/bin/env python3
"""Benchmark ZWNJ restoration: rasad against hazm, shekar, parsivar, rishe, persian-text-guard
and davat, side by side, with speed, resident memory and start-up.

usage: bench_zwnj.py [--shared DIR] [--leave-out AGENCY | --folds] [--systems rasad,hazm,...]
                     [--other TREE] [--json FILE]

The fixed input is every IR-News dev file (../shared/data/ir_news_dev/*_*.txt), made into the
joined and spaced tasks by shared/eval/make_zwnj_task.py and scored by shared/eval/score_zwnj.py,
both run as they are. Every system runs in a process of its own through bench/baselines_zwnj.py:
rasad (its whole normalizer, `normalize_line`, as `rasad normalize` runs it) in the project venv,
`rasad-articles` (the same normalizer given each article's lines together, `normalize_lines`, as
`rasad analyze` and the parsers run it: the article's ZWNJ damage judged from all its lines), the
peers in .venv-baselines (bench/setup_baselines.sh). chars/s is characters per CPU second on
the lines; start-up is from process start to the first line normalized; memory is the process's
peak resident set (the task's text, about 40 MB, included) and, for rasad, `rasad normalize`
streaming the joined task (the command a user runs).

--leave-out AGENCY is the held-out figure: the lexicon is rebuilt without that agency's files
(scripts/build_zwnj_lexicon.py --exclude-agency) and every system is scored on that agency alone.
--folds does that for every agency (leave one outlet out) and adds the mean over the folds.
--other TREE adds each rasad system of --systems as another tree has it (e.g. `git worktree add
/tmp/before COMMIT`), as the systems `rasad@TREE` and `rasad-articles@TREE`, run first, in the same
run: before and after side by side.
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
sys.path.insert(0, str(REPO))

from bench.common import PEAK_MB_SOURCE, article_sizes, build_fold_lexicon, shared_dir  # noqa: E402

BASELINE_PYTHON = REPO / ".venv-baselines" / "bin" / "python"
BASELINES = ("hazm", "shekar", "parsivar", "rishe", "persian-text-guard", "davat")
AGENCIES = ("tabnak", "roozno", "sobhane", "mashregh")
TASKS = ("joined", "spaced")
FIELDS = ("f1_accept", "precision_accept", "recall_accept", "f1_joined", "precision_joined")
RUNNER = REPO / "bench" / "baselines_zwnj.py"



def make_task(shared: Path, out: Path, agency: str | None) -> None:
    """Build gold/joined/spaced from the dev files (of one agency when given)."""
    pattern = f"{agency}*_*.txt" if agency else "*_*.txt"  # sobhane1_*, sobhane2_*: one agency
    files = sorted(str(p) for p in (shared / "data" / "ir_news_dev").glob(pattern)
                   if not agency or p.name.split("_", 1)[0].rstrip("0123456789") == agency)
    if not files:
        sys.exit(f"no IR-News files match {pattern}")
    script = shared / "eval" / "make_zwnj_task.py"
    subprocess.run([sys.executable, str(script), str(out), *files], check=True, stdout=subprocess.DEVNULL)
    (out / "articles.json").write_text(json.dumps(article_sizes(files)), encoding="utf-8")  # rasad-articles


def build_lexicon(shared: Path, out: Path, agency: str) -> None:
    """Rebuild the lexicon without AGENCY into OUT."""
    build_fold_lexicon(shared, out, agency)


def run_system(system: str, task: Path, outdir: Path, lexicon: Path | None) -> dict[str, dict[str, float]]:
    """One system in a process of its own (bench/baselines_zwnj.py): {task: timings}; empty when
    a peer's venv is missing. 'rasad@TREE' (or 'rasad-articles@TREE') is rasad as the tree TREE has
    it (its own lexicon)."""
    name, _, other = system.partition("@")
    tree = Path(other) if other else REPO
    python = Path(sys.executable) if name.startswith("rasad") else BASELINE_PYTHON
    if not python.exists():
        print("no .venv-baselines: run bench/setup_baselines.sh (peers skipped)", file=sys.stderr)
        return {}
    env = dict(os.environ, PYTHONPATH=str(tree))
    if lexicon is not None:
        env["RASAD_ZWNJ_LEXICON"] = str(lexicon)
    done = subprocess.run([str(python), str(RUNNER), str(task), str(outdir), name], check=True,
                          capture_output=True, text=True, env=env)
    outputs = {t: outdir / f"{name}_{t}.txt" for t in TASKS}
    for t, path in outputs.items():  # each system's output under its own name
        if path.exists() and name != system:
            path.replace(outdir / f"{system.replace('/', '_')}_{t}.txt")
    return json.loads(done.stdout.strip().split("\n")[-1])[name]


def cli_memory(task: Path, lexicon: Path | None, tmp: Path) -> dict[str, float]:
    """`rasad normalize` over the joined task, streamed as a user runs it: peak resident MB and
    CPU seconds of that process; and the wall time of `rasad normalize` on one line (start-up)."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    usage = tmp / "cli_usage.json"
    cmd = [sys.executable, "-c", CLI_SCRIPT, str(lexicon or ""), str(usage)]
    with (task / "joined.txt").open("rb") as fh:
        subprocess.run(cmd, stdin=fh, stdout=subprocess.DEVNULL, check=True, env=env)
    figures = json.loads(usage.read_text())
    start = time.perf_counter()
    subprocess.run(cmd, input="میشود".encode(), stdout=subprocess.DEVNULL, check=True, env=env)
    figures["startup"] = time.perf_counter() - start
    return figures


# `rasad normalize` itself (rasad.cli), with a held-out lexicon when one is given; at exit it
# writes its own peak resident MB (VmHWM: ru_maxrss would carry this bench's own peak across exec)
# and CPU seconds to the file named second.
CLI_SCRIPT = PEAK_MB_SOURCE + """import atexit, json, resource, sys
from pathlib import Path
lexicon, usage = sys.argv[1], sys.argv[2]
def report():
    r = resource.getrusage(resource.RUSAGE_SELF)
    Path(usage).write_text(json.dumps({"rss_mb": peak_mb(), "cpu": r.ru_utime + r.ru_stime}))
atexit.register(report)
if lexicon:
    from rasad.text import zwnj
    zwnj.use_lexicon_dir(Path(lexicon))
from rasad.cli import main
sys.argv = ["rasad", "normalize"]
main()
"""


def score(shared: Path, gold: Path, output: Path) -> dict[str, float]:
    """score_zwnj.py's JSON for one output."""
    script = shared / "eval" / "score_zwnj.py"
    done = subprocess.run([sys.executable, str(script), str(gold), str(output)], check=True,
                          capture_output=True, text=True, cwd=str(script.parent))
    return json.loads(done.stdout)


def render(results: dict[str, dict[str, dict[str, float]]], title: str) -> str:
    """A markdown table: one row per system and task."""
    head = "| system | task | " + " | ".join(FIELDS) + " | chars/CPU s | peak RSS MB | start-up s |"
    rows = [f"### {title}", "", head, "|" + "---|" * (len(FIELDS) + 5)]
    for system, by_task in results.items():
        for task, r in by_task.items():
            cells = " | ".join(f"{r[f]:.4f}" for f in FIELDS)
            rows.append(f"| {system} | {task} | {cells} | {r['chars_per_cpu_s']:,.0f} | {r['rss_mb']:.0f} "
                        f"| {r['startup']:.2f} |")
    return "\n".join(rows)


def render_folds(folds: dict[str, dict[str, dict[str, dict[str, float]]]]) -> str:
    """Every fold's f1_accept / f1_joined per system and task, and the mean over the folds."""
    names = list(folds)
    systems = list(next(iter(folds.values())))
    head = "| system | task | " + " | ".join(names) + " | mean |"
    rows = ["### Leave one outlet out: f1_accept / f1_joined", "", head, "|" + "---|" * (len(names) + 3)]
    for system in systems:
        for task in TASKS:
            cells, acc, joined = [], [], []
            for name in names:
                r = folds[name].get(system, {}).get(task)
                if r is None:
                    cells.append("-")
                    continue
                cells.append(f"{r['f1_accept']:.4f} / {r['f1_joined']:.4f}")
                acc.append(r["f1_accept"])
                joined.append(r["f1_joined"])
            mean = f"{sum(acc) / len(acc):.4f} / {sum(joined) / len(joined):.4f}" if acc else "-"
            rows.append(f"| {system} | {task} | " + " | ".join(cells) + f" | {mean} |")
    return "\n".join(rows)


def bench(shared: Path, systems: list[str], agency: str | None) -> dict[str, dict[str, dict[str, float]]]:
    """Build the task, run every system, score them: {system: {task: figures}}."""
    with tempfile.TemporaryDirectory(prefix="bench_zwnj_") as tmp:
        task, outdir = Path(tmp) / "task", Path(tmp) / "out"
        outdir.mkdir()
        make_task(shared, task, agency)
        lexicon = None
        if agency:
            lexicon = Path(tmp) / "lexicon"
            build_lexicon(shared, lexicon, agency)
        results: dict[str, dict[str, dict[str, float]]] = {}
        for system in systems:
            for name, t in run_system(system, task, outdir, lexicon).items():
                figures = score(shared, task / "gold.txt", outdir / f"{system.replace('/', '_')}_{name}.txt")
                figures.update(chars_per_cpu_s=t["chars"] / t["cpu"], chars_per_s=t["chars"] / t["seconds"],
                               rss_mb=t["rss_mb"], startup=t["startup"])
                results.setdefault(system, {})[name] = figures
                print(f"{agency or 'dev'} {system} {name}: {json.dumps(figures)}", file=sys.stderr)
        if "rasad" in systems:
            cli = cli_memory(task, lexicon, Path(tmp))
            chars = sum(1 for _ in (task / "joined.txt").read_text(encoding="utf-8"))
            results["rasad normalize (CLI)"] = {"joined": {**results["rasad"]["joined"], **cli,
                                                           "chars_per_cpu_s": chars / cli["cpu"]}}
            print(f"rasad normalize: {json.dumps(cli)}", file=sys.stderr)
        return results


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shared", help="the shared folder (default ../shared or $RASAD_SHARED)")
    parser.add_argument("--leave-out", help="IR-News agency to hold out (tabnak, roozno, ...)")
    parser.add_argument("--folds", nargs="?", const=",".join(AGENCIES), metavar="A,B,...",
                        help="hold out each agency in turn (default: all four), and the mean")
    parser.add_argument("--systems", default="rasad," + ",".join(BASELINES))
    parser.add_argument("--other", help="another rasad tree to run beside this one (before/after)")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    shared = shared_dir(args.shared)
    if not (shared / "data" / "ir_news_dev").is_dir():
        sys.exit(f"no shared data at {shared}: pass --shared or set RASAD_SHARED")
    systems = args.systems.split(",")
    if args.other:
        systems[:0] = [f"{s}@{Path(args.other).resolve()}" for s in systems if s.startswith("rasad")]
    if args.folds:
        folds = {agency: bench(shared, systems, agency) for agency in args.folds.split(",")}
        for agency, results in folds.items():
            print(render(results, f"held out: {agency}") + "\n")
        print(render_folds({a: {s: r for s, r in res.items() if "CLI" not in s} for a, res in folds.items()}))
        out: object = folds
    else:
        results = bench(shared, systems, args.leave_out)
        print(render(results, f"held out: {args.leave_out}" if args.leave_out else "all of ir_news_dev"))
        out = results
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
