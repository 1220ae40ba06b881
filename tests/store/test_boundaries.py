"""The store is the only place that knows SQLite, and the contract names every method its callers use."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import rasad
from rasad.store.base import Store
from rasad.store.memory import MemoryStore
from rasad.store.sqlite import SQLiteStore

PACKAGE = Path(rasad.__file__).parent


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_the_store_imports_sqlite3() -> None:
    outside = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
               if "sqlite3" in imported_modules(p) and "store" not in p.relative_to(PACKAGE).parts[:1]]
    assert outside == []


def test_backends_implement_the_whole_contract() -> None:
    abstract = set(Store.__abstractmethods__)
    assert {"add", "search", "person_by_id", "stories", "story", "mark_seen", "replace_enrichments"} <= abstract
    for backend in (SQLiteStore, MemoryStore):
        assert not inspect.isabstract(backend), backend.__abstractmethods__
        public = {n for n in dir(backend) if not n.startswith("_") and callable(getattr(backend, n))}
        composed = {n for n in dir(Store) if not n.startswith("_") and n not in abstract}  # e.g. person
        assert public - abstract - composed <= {"forget"}, f"{backend.__name__} has methods outside the contract"
        assert all(getattr(backend, n) is getattr(Store, n) for n in composed), "composed methods are not redone"
