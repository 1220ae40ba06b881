"""One side of bench/bench_relevance.py: the rasad of a given source tree builds its own SQLite store
from the fixed archive (a JSON-lines file of article records) and answers the queries.

Run by bench_relevance.py as a subprocess with cwd=TREE, so that TREE's rasad package is the one
imported (the tree is put first on sys.path: the shared venv's rasad points elsewhere). It imports
nothing else of this repository, so it runs against an older rasad as well.

usage: python bench/relevance_side.py TREE ARCHIVE STORE QUERIES OUT [--limit N]
  ARCHIVE  JSON lines {"key": ..., "record": Article.to_record()}
  STORE    the SQLite file to build (reused when it and STORE.keys.json exist)
  QUERIES  a JSON list of query strings
  OUT      JSON written: {"rasad": path, "queries": [{"query", "total", "hits": [[key, title], ...]}]}
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    for name in ("tree", "archive", "store", "queries", "out"):
        parser.add_argument(name, type=Path)
    parser.add_argument("--limit", type=int, default=10)
    args = parser.parse_args()
    sys.path.insert(0, str(args.tree.resolve()))
    import rasad
    from rasad.models import Article
    from rasad.store import open_store

    here = Path(rasad.__file__).resolve()
    if args.tree.resolve() not in here.parents:
        sys.exit(f"imported rasad from {here}, not from {args.tree}")
    keys_path = args.store.with_name(args.store.name + ".keys.json")
    if not (args.store.exists() and keys_path.exists()):
        building = args.store.with_name(args.store.name + ".building")
        building.unlink(missing_ok=True)
        keys: dict[int, str] = {}
        with open_store(f"sqlite:///{building}") as store, args.archive.open(encoding="utf-8") as lines:
            for line in lines:
                item = json.loads(line)
                added = store.add(Article.from_record(item["record"]))
                keys.setdefault(added.id, item["key"])
        building.replace(args.store)
        keys_path.write_text(json.dumps(keys), encoding="utf-8")
    key_of = {int(k): v for k, v in json.loads(keys_path.read_text(encoding="utf-8")).items()}
    answers = []
    with open_store(f"sqlite:///{args.store}", write=False) as store:
        for query in json.loads(args.queries.read_text(encoding="utf-8")):
            result = store.search(query, limit=args.limit)
            answers.append({"query": query, "total": result.total,
                            "hits": [[key_of[hit.id], hit.title] for hit in result.hits]})
    args.out.write_text(json.dumps({"rasad": str(here.parent), "queries": answers}, ensure_ascii=False),
                        encoding="utf-8")


if __name__ == "__main__":
    main()
