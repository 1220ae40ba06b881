"""Shared fixtures. `shared_dir`: the data and scorers beside the repository (../shared), or RASAD_SHARED.

Tests that need it skip with a clear message when it is absent, and fail when CI=true.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def locate_shared() -> Path:
    return Path(os.environ.get("RASAD_SHARED") or (REPO / ".." / "shared")).resolve()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    path = locate_shared()
    if not path.is_dir():
        message = f"shared data not found at {path} (set RASAD_SHARED)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path
