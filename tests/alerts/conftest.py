"""The alerts tests run on every store backend (the contract suite's `store_url`)."""

from __future__ import annotations

from tests.store.conftest import store_url

__all__ = ["store_url"]
