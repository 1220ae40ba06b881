"""The Python a search spends on each hit: `search_key` of a body and `make_snippet` (the sentence
holding most query words), CPU per body over stored articles, with a digest of the snippets so that
two trees' outputs can be compared (run it once with `--tree` an older checkout, once without).

usage: python bench/bench_snippets.py sqlite:///PATH [--tree PATH] [--bodies N]
"""

from __future__ import annotations

import argparse
import hashlib
import sqlite3
import sys
import time

WORDS = [{"وزیر", "کشور"}, {"ایران"}, {"قیمت", "دلار"}]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db_url")
    parser.add_argument("--tree", help="a rasad checkout to import instead of this one")
    parser.add_argument("--bodies", type=int, default=400)
    args = parser.parse_args()
    if args.tree:
        sys.path.insert(0, args.tree)
    from rasad.store.search import make_snippet, search_key
    from rasad.store.sqlite import path_of

    db = sqlite3.connect(f"file:{path_of(args.db_url)}?mode=ro", uri=True)
    bodies = [r[0] for r in db.execute("SELECT body FROM articles WHERE id % 97 = 0 LIMIT ?", (args.bodies,))]
    start = time.process_time()
    keys = [search_key(body) for body in bodies]
    print(f"search_key: {(time.process_time() - start) / len(bodies) * 1000:.3f} ms a body "
          f"(digest {hashlib.md5(''.join(keys).encode()).hexdigest()[:12]})")
    for words in WORDS:
        start = time.process_time()
        snippets = [make_snippet(body, words) for body in bodies]
        print(f"make_snippet {' '.join(sorted(words))}: {(time.process_time() - start) / len(bodies) * 1000:.3f} "
              f"ms a body (digest {hashlib.md5(''.join(snippets).encode()).hexdigest()[:12]})")


if __name__ == "__main__":
    main()
