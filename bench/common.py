"""Helpers shared by the benchmarks: where ../shared is, and a timer."""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASAD_SHARED", REPO.parent / "shared"))


def shared_dir(explicit: str | None) -> Path:
    """The shared folder: --shared, else $RASAD_SHARED, else ../shared beside the repository."""
    return Path(explicit or os.environ.get("RASAD_SHARED") or REPO / ".." / "shared").resolve()


def fold_arguments(parser: argparse.ArgumentParser) -> None:
    """The arguments of the ZWNJ fold tools: the folder of the held-out lexicons, and --shared."""
    parser.add_argument("lexicons", help="folder with one lexicon folder per agency")
    parser.add_argument("--shared", help="the shared folder (default ../shared or $RASAD_SHARED)")


def shared(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        sys.exit(f"{path} is absent: benchmarks read the shared development data beside the repo")
    return path


@contextmanager
def timer() -> Iterator[list[float]]:
    """Yields a one-item list that holds the elapsed seconds when the block ends."""
    box = [0.0]
    start = time.perf_counter()
    try:
        yield box
    finally:
        box[0] = time.perf_counter() - start


# Source, for a child Python (`python -c`), of `peak_mb()`: its own peak resident MB. VmHWM, the
# child's own: getrusage's ru_maxrss carries the peak of the parent it was started from across exec.
PEAK_MB_SOURCE = """import resource
def peak_mb():
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            return next(int(l.split()[1]) for l in fh if l.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
"""


def fold_task(shared_dir: Path, agency: str) -> tuple[list[str], dict[str, list[str]]]:
    """One IR-News outlet's ZWNJ task (make_zwnj_task.py of SHARED_DIR's eval over its files): the
    gold lines, and the joined and spaced lines."""
    import subprocess
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        files = sorted(str(p) for p in (shared_dir / "data" / "ir_news_dev").glob(f"{agency}*_*.txt"))
        subprocess.run([sys.executable, str(shared_dir / "eval" / "make_zwnj_task.py"), tmp, *files],
                       check=True, stdout=subprocess.DEVNULL)
        lines = {name: (Path(tmp) / f"{name}.txt").read_text(encoding="utf-8").split("\n")
                 for name in ("gold", "joined", "spaced")}
    return lines.pop("gold"), lines


def fold_articles(shared_dir: Path, agency: str) -> list[int]:
    """How many lines of `fold_task`'s task each of the outlet's articles (one IR-News file) gives,
    in the task's order, as make_zwnj_task.py reads them: the article's non-empty sentences."""
    return article_sizes(sorted(str(p) for p in (shared_dir / "data" / "ir_news_dev").glob(f"{agency}*_*.txt")))


def article_sizes(files: list[str]) -> list[int]:
    """Lines each IR-News file of FILES gives make_zwnj_task.py (which reads them sorted): its
    non-empty sentences."""
    sizes = []
    for path in sorted(files):
        lines = Path(path).read_text(encoding="utf-8").split("\n")[2:]
        sizes.append(sum(1 for line in lines if "\t" in line and line.split("\t", 1)[1].strip()))
    return sizes


def by_article(lines: list[str], sizes: list[int]) -> list[list[str]]:
    """LINES cut into the articles of SIZES (`fold_articles`)."""
    out, start = [], 0
    for size in sizes:
        out.append(lines[start:start + size])
        start += size
    if start != len(lines) and any(lines[start:]):
        raise ValueError(f"the task has {len(lines)} lines, its articles {start}")
    return out


def restore_fold(lines: list[str], sizes: list[int] | None) -> list[str]:
    """A fold's task restored with the lexicon in use: each article's lines together
    (`restore_document`) when SIZES (`fold_articles`) are given, else line by line (`restore_zwnj`);
    the task file's last, empty line kept."""
    from rasad.text import zwnj

    if sizes is None:
        return [zwnj.restore_zwnj(line) for line in lines]
    out = [line for article in by_article(lines, sizes) for line in zwnj.restore_document(article)]
    return out + lines[len(out):]


def build_fold_lexicon(shared_dir: Path, out: Path, agency: str) -> None:
    """scripts/build_zwnj_lexicon.py without AGENCY into OUT; its progress lines are dropped, but a
    WARNING it gives (hazm's words.dat absent: a weaker lexicon than the docs measured) is shown."""
    import subprocess

    cmd = [sys.executable, str(REPO / "scripts" / "build_zwnj_lexicon.py"), str(shared_dir / "data"),
           "--out", str(out), "--exclude-agency", agency]
    done = subprocess.run(cmd, check=True, stderr=subprocess.PIPE, text=True)
    for line in done.stderr.splitlines():
        if line.startswith("WARNING"):
            print(f"{agency}: {line}", file=sys.stderr, flush=True)
