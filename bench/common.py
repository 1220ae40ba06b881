"""Helpers shared by the benchmarks: where ../shared is, and a timer."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASAD_SHARED", REPO.parent / "shared"))


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
