"""One side of bench/bench_relevance.py: the rasad of a given source tree builds its own SQLite store
from the fixed archive (a JSON-lines file of article records) and answers the queries.

Run by bench_relevance.py as a subprocess with cwd=TREE, so that TREE's rasad package is the one
imported (the tree is put first on sys.path: the shared venv's rasad points elsewhere). It imports
nothing else of this repository, so it runs against an older rasad as well.

usage: python bench/relevance_side.py TREE ARCHIVE STORE QUERIES OUT [--limit N] [--backend sqlite|memory]
  ARCHIVE  JSON lines {"key": ..., "record": Article.to_record()}
  STORE    the SQLite file to build (reused when it and STORE.keys.json exist); unused with memory
  QUERIES  a JSON list of query strings
  OUT      JSON written: {"rasad": path, "queries": [{"query", "total", "hits": [[key, title], ...]}]}
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any


def add_archive(store: Any, archive: Path, article: Any) -> dict[int, str]:
    """Every record of the archive added to `store`; returns store id -> article key."""
    keys: dict[int, str] = {}
    with archive.open(encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            keys.setdefault(store.add(article.from_record(item["record"])).id, item["key"])
    return keys


def sqlite_store(path: Path, archive: Path, article: Any, open_store: Any) -> dict[int, str]:
    """The SQLite store at `path`, built from the archive unless it and its keys file exist."""
    keys_path = path.with_name(path.name + ".keys.json")
    if not (path.exists() and keys_path.exists()):
        building = path.with_name(path.name + ".building")
        building.unlink(missing_ok=True)
        with open_store(f"sqlite:///{building}") as store:
            keys = add_archive(store, archive, article)
        for log in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            log.unlink(missing_ok=True)  # an older store's log would be replayed into the new file
        building.replace(path)
        keys_path.write_text(json.dumps(keys), encoding="utf-8")
    return {int(k): v for k, v in json.loads(keys_path.read_text(encoding="utf-8")).items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name in ("tree", "archive", "store", "queries", "out"):
        parser.add_argument(name, type=Path)
    parser.add_argument("--limit", type=int, default=10)
    parser.add_argument("--backend", choices=["sqlite", "memory"], default="sqlite")
    args = parser.parse_args()
    sys.path.insert(0, str(args.tree.resolve()))
    import rasad
    from rasad.models import Article
    from rasad.store import open_store

    here = Path(rasad.__file__).resolve()
    if args.tree.resolve() not in here.parents:
        sys.exit(f"imported rasad from {here}, not from {args.tree}")
    if args.backend == "memory":  # built afresh in this process each run
        store = open_store("memory://")
        key_of = add_archive(store, args.archive, Article)
    else:
        key_of = sqlite_store(args.store, args.archive, Article, open_store)
        store = open_store(f"sqlite:///{args.store}", write=False)
    answers = []
    with store:
        for query in json.loads(args.queries.read_text(encoding="utf-8")):
            result = store.search(query, limit=args.limit)
            answers.append({"query": query, "total": result.total,
                            "hits": [[key_of[hit.id], hit.title] for hit in result.hits]})
    args.out.write_text(json.dumps({"rasad": str(here.parent), "queries": answers}, ensure_ascii=False),
                        encoding="utf-8")


if __name__ == "__main__":
    main()
