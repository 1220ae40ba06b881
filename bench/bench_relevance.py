"""Search relevance before and after: precision at 10 for 20 analyst queries on a fixed archive of
real Persian articles, with relevance judged by reading (issue #14, item 3).

The archive: every other file of ../shared/data/ir_news_dev (`*_*.txt`, sorted: Mashregh, Roozno,
Sobhaneh, Tabnak) and the items of the first three fars_news files, parsed and enriched with the
metadata stage by this tree's rasad, written once as JSON lines (about 2,460 articles). Each side's
rasad then builds its own SQLite store from those same records (bench/relevance_side.py, run as a
subprocess in that side's tree) and answers the queries of bench/relevance/queries.tsv.
"before" is commit fccb55f (the search before issue #14), "after" this tree.

An article is named by a stable key, its source file and the hash of its title (`key_of`), never
by a store id. Judgments (bench/relevance/judgments.tsv: query, key, 1 or 0, reason) were made by
reading each pooled article against the query's written information need, blind to the system:
`--pool FILE` writes the union of both sides' top 10 not yet judged, shuffled, without system
labels, for judging. Precision at 10 counts relevant hits among the first ten over ten (a side
returning fewer than ten hits loses the missing ones); hits never judged are reported, not guessed.

usage: python bench/bench_relevance.py [--before-tree PATH] [--backend sqlite|memory] [--cache DIR] [--rebuild]
                                      [--pool FILE]
Prints a Markdown table: per query the hits found and P@10 of each side, and the mean.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import REPO, shared, timer

BEFORE = "fccb55f"
DEFAULT_BEFORE_TREE = Path("/work/wt-before")
HERE = Path(__file__).resolve().parent / "relevance"
QUERIES = HERE / "queries.tsv"
JUDGMENTS = HERE / "judgments.tsv"
K = 10
SEED = 14


@dataclass(frozen=True, slots=True)
class Need:
    kind: str
    query: str
    need: str


def read_queries(path: Path = QUERIES) -> list[Need]:
    needs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            kind, query, need = line.split("\t")
            needs.append(Need(kind, query, need))
    return needs


def read_judgments(path: Path = JUDGMENTS) -> dict[tuple[str, str], bool]:
    """(query, article key) -> relevant."""
    judged: dict[tuple[str, str], bool] = {}
    if not path.exists():
        return judged
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) < 3 or fields[2] not in ("0", "1"):
            sys.exit(f"{path}:{number}: expected query<TAB>key<TAB>0|1<TAB>reason, got {line!r}")
        pair, relevant = (fields[0], fields[1]), fields[2] == "1"
        if judged.get(pair, relevant) != relevant:
            sys.exit(f"{path}:{number}: {fields[1]} judged both relevant and not for {fields[0]!r}")
        judged[pair] = relevant
    return judged


def key_of(source: str, title: str) -> str:
    """An article's stable name: its source file and the first 10 hex digits of its title's SHA-1."""
    return f"{source}:{hashlib.sha1(title.encode('utf-8')).hexdigest()[:10]}"


def archive_paths() -> list[Path]:
    ir_news = sorted(shared("data", "ir_news_dev").glob("*_*.txt"))[::2]
    fars = sorted(shared("data", "fars_news").glob("*.json"))[:3]
    return ir_news + fars


def build_archive(path: Path) -> int:
    """The fixed archive as JSON lines of {"key", "record"}; returns how many articles."""
    from rasad.acquire.files import read_document
    from rasad.errors import RasadError
    from rasad.parse import parse_document
    from rasad.pipeline import build_pipeline

    pipeline = build_pipeline(stages=["metadata"])
    seen: set[str] = set()
    count = 0
    building = path.with_suffix(".building")
    with building.open("w", encoding="utf-8") as out:
        for source in archive_paths():
            try:
                articles = pipeline.enrich_many(parse_document(read_document(source)))
            except RasadError as exc:  # a file rasad refuses is left out of the archive
                print(f"skipped {source.name}: {exc}", file=sys.stderr)
                continue
            for article in articles:
                key = key_of(source.name, article.title)
                if not (article.title and article.paragraphs) or key in seen:
                    continue
                seen.add(key)
                out.write(json.dumps({"key": key, "record": article.to_record()}, ensure_ascii=False) + "\n")
                count += 1
    building.replace(path)
    return count


def before_tree(given: Path | None, cache: Path) -> Path:
    """The tree of commit fccb55f: the one given, else /work/wt-before, else a worktree of this
    repository checked out once in the cache directory (`git worktree add --detach`)."""
    if given is not None:
        if not (given / "rasad" / "__init__.py").exists():
            sys.exit(f"--before-tree {given}: no rasad package there")
        return given
    if DEFAULT_BEFORE_TREE.is_dir():
        return DEFAULT_BEFORE_TREE
    tree = cache / f"before-{BEFORE}"
    if not tree.is_dir():
        subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", str(tree), BEFORE], check=True)
    return tree


def run_side(tree: Path, archive: Path, store: Path, queries: list[str], out: Path,
             backend: str = "sqlite") -> list[dict]:
    """One side's answers: its own rasad (cwd=tree) builds `store` from the archive and searches."""
    query_file = out.with_suffix(".queries.json")
    query_file.write_text(json.dumps(queries, ensure_ascii=False), encoding="utf-8")
    subprocess.run([sys.executable, str(Path(__file__).with_name("relevance_side.py")), str(tree), str(archive),
                    str(store), str(query_file), str(out), "--limit", str(K), "--backend", backend],
                   cwd=tree, check=True)
    answers: list[dict] = json.loads(out.read_text(encoding="utf-8"))["queries"]
    return answers


def write_pool(path: Path, needs: list[Need], sides: dict[str, list[dict]], archive: Path,
               judged: dict[tuple[str, str], bool]) -> int:
    """The pooled top K of every side not yet judged, shuffled, without system labels."""
    texts: dict[str, dict] = {}
    with archive.open(encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            texts[item["key"]] = item["record"]
    rng = random.Random(SEED)
    rows = []
    for i, need in enumerate(needs):
        pooled = sorted({key for answers in sides.values() for key, _ in answers[i]["hits"]}
                        - {key for (query, key) in judged if query == need.query})
        rng.shuffle(pooled)
        for key in pooled:
            record = texts[key]
            body = " ".join(filter(None, [record.get("lead"), *record["paragraphs"]]))
            rows.append(f"## {need.query}\t{key}\nNEED: {need.need}\nTITLE: {record['title']}\n"
                        f"TEXT: {body[:700]}\n")
    path.write_text("\n".join(rows), encoding="utf-8")
    return len(rows)


def precision(hits: list[list[str]], query: str, judged: dict[tuple[str, str], bool]) -> tuple[float, int]:
    """P@K over the first K hits, and how many of them were never judged."""
    top = [key for key, _ in hits[:K]]
    relevant = sum(judged.get((query, key), False) for key in top)
    unjudged = sum((query, key) not in judged for key in top)
    return relevant / K, unjudged


def table(needs: list[Need], sides: dict[str, list[dict]], judged: dict[tuple[str, str], bool]) -> str:
    lines = ["| # | kind | query | hits before | P@10 before | hits after | P@10 after |",
             "|---|---|---|---:|---:|---:|---:|"]
    sums = {side: 0.0 for side in sides}
    unjudged = {side: 0 for side in sides}
    for i, need in enumerate(needs):
        cells = []
        for side, answers in sides.items():
            p, missing = precision(answers[i]["hits"], need.query, judged)
            sums[side] += p
            unjudged[side] += missing
            cells += [str(answers[i]["total"]), f"{p:.1f}"]
        shown = need.query.replace("|", "\\|")
        lines.append(f"| {i + 1} | {need.kind} | `{shown}` | " + " | ".join(cells) + " |")
    means = " | ".join(f"| **{sums[side] / len(needs):.3f}**" for side in sides)
    lines.append(f"| | | **mean P@10** | {means} |")
    lines.append("")
    lines.append("Unjudged among the top 10: " + ", ".join(f"{side} {n}" for side, n in unjudged.items()) + ".")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before-tree", type=Path, help=f"a checkout of {BEFORE} (default: {DEFAULT_BEFORE_TREE} "
                        "if present, else a `git worktree add` of it made once in the cache directory)")
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "rasad-bench-relevance",
                        help="where the archive and the two stores are kept between runs")
    parser.add_argument("--rebuild", action="store_true", help="build the archive and both stores again")
    parser.add_argument("--backend", choices=["sqlite", "memory"], default="sqlite",
                        help="the store both sides search (memory: built afresh each run)")
    parser.add_argument("--pool", type=Path, help="write the unjudged pooled hits here, blind, for judging")
    args = parser.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    archive = args.cache / "archive.jsonl"
    if args.rebuild:
        # with their -wal and -shm: a new database beside an old one's write-ahead log is corrupted by it
        for stale in [*args.cache.glob("*.db"), *args.cache.glob("*.db.*"), *args.cache.glob("*.db-*")]:
            stale.unlink()
        archive.unlink(missing_ok=True)
    if not archive.exists():
        with timer() as took:
            count = build_archive(archive)
        print(f"archive: {count} articles parsed in {took[0]:.0f} s", file=sys.stderr)
    needs = read_queries()
    queries = [need.query for need in needs]
    trees = {"before": before_tree(args.before_tree, args.cache).resolve(), "after": REPO}
    sides = {}
    for side, tree in trees.items():
        with timer() as took:
            sides[side] = run_side(tree, archive, args.cache / f"{side}.db", queries,
                                   args.cache / f"{side}-{args.backend}.json", args.backend)
        print(f"{side} ({tree}): stored and searched in {took[0]:.0f} s", file=sys.stderr)
    judged = read_judgments()
    if args.pool:
        print(f"{write_pool(args.pool, needs, sides, archive, judged)} pooled hits to judge in {args.pool}",
              file=sys.stderr)
    print(table(needs, sides, judged))


if __name__ == "__main__":
    main()
