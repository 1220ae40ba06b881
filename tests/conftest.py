"""Shared fixtures: where ../shared (data and scorers beside the repository) is."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(os.environ.get("RASAD_SHARED") or Path(__file__).resolve().parents[1] / ".." / "shared")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The shared folder; skip without it, but fail under CI=true, where it must be present."""
    if not SHARED.exists():
        message = f"shared folder not found at {SHARED} (set RASAD_SHARED)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return SHARED.resolve()
