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
