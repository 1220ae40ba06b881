"""The people knowledge base checked by hand (issue #15, item 2): on a seeded sample of stored
people, how many entries are one real person, and how many real people have one entry.

The store: the fixed archive of bench/bench_relevance.py (every other file of
../shared/data/ir_news_dev and the first three fars_news files, about 2,460 articles), analyzed
with the full pipeline and stored by `rasad.ingest.Ingestor` into a SQLite file (cached in
--cache, rebuilt with --rebuild). The sample: SAMPLE people drawn with random.Random(SEED) from
ids 1..N. Each was judged by reading its name, aliases, roles and quotes, and by searching the
store for other entries of the same real person (surname, spelling variants, with and without
title); the judgments are in bench/kb/judgments.tsv:

    id <TAB> name <TAB> verdict <TAB> other entries of the same person (ids, comma-separated) <TAB> reason

verdict: one-person (the entry is one real person), merged (two or more real people in one
entry), not-a-person (a phrase, place, organization or role), fragment (part of a name, or a
name with debris attached, that does not by itself name the person).

usage: python bench/kb_sample.py [--cache DIR] [--rebuild] [--show N] [--judgments FILE]
--judgments: bench/kb/judgments_after.tsv (the default, rasad after issue #15 item 2) or
bench/kb/judgments.tsv (the before figure); a file's `# people: N` line is the store size it was
judged on (6,766 for the first file, which has none).
Prints each sampled entry (with --show N, N of its quotes) beside its judgment, the counts by
verdict, and the two figures.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_relevance import archive_paths
from bench.common import timer

JUDGMENTS = Path(__file__).resolve().parent / "kb" / "judgments_after.tsv"
SAMPLE = 50
SEED = 15
JUDGED_PEOPLE = 6766  # people in the store of judgments.tsv (rasad at commit 1984089), which has no `# people:` line
VERDICTS = ("one-person", "merged", "not-a-person", "fragment")


def build_store(path: Path) -> None:
    """Every article of the archive analyzed with the full pipeline and stored at `path`."""
    from rasad.ingest import Ingestor
    from rasad.store import open_store

    building = path.with_name(path.name + ".building")
    building.unlink(missing_ok=True)
    with timer() as took, open_store(f"sqlite:///{building}") as store:
        report = Ingestor(store, match_watches=False).ingest_paths(archive_paths())
    for log in (path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        log.unlink(missing_ok=True)
    building.replace(path)
    print(f"built {path}: {len(report.ids)} articles ({dict(report.counts)}) in {took[0]:.0f} s",
          file=sys.stderr)


def people_count(path: Path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return int(db.execute("SELECT max(id) FROM people").fetchone()[0])


def sample_ids(n_people: int) -> list[int]:
    return sorted(random.Random(SEED).sample(range(1, n_people + 1), SAMPLE))


def judged_people(path: Path) -> int:
    """The store size a judgments file was made on: its `# people: N` line, else JUDGED_PEOPLE."""
    for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
        if line.startswith("# people:"):
            return int(line.split(":")[1])
    return JUDGED_PEOPLE


def read_judgments(path: Path = JUDGMENTS) -> dict[int, tuple[str, str, list[int], str]]:
    """id -> (name, verdict, other ids, reason)."""
    judged: dict[int, tuple[str, str, list[int], str]] = {}
    if not path.exists():
        return judged
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 5 or fields[2] not in VERDICTS:
            sys.exit(f"{path}:{number}: expected id<TAB>name<TAB>{'|'.join(VERDICTS)}<TAB>ids<TAB>reason")
        others = [int(x) for x in fields[3].split(",") if x.strip()]
        judged[int(fields[0])] = (fields[1], fields[2], others, fields[4])
    return judged


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "rasad-kb")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--show", type=int, default=0, help="quotes to print per sampled entry")
    parser.add_argument("--judgments", type=Path, default=JUDGMENTS, help="the judgments file to show")
    args = parser.parse_args()
    from rasad.store import open_store

    args.cache.mkdir(parents=True, exist_ok=True)
    path = args.cache / "kb.sqlite"
    if args.rebuild or not path.exists():
        build_store(path)
    n_people = people_count(path)
    ids = sample_ids(n_people)
    judged = read_judgments(args.judgments)
    judged_on = judged_people(args.judgments)
    if n_people != judged_on:
        print(f"the store has {n_people} people, the judgments were made on {judged_on}: rasad has changed, "
              "so the sample is another one; entries whose id and name differ are shown as not judged\n")
    rows: list[tuple[str, list[int]]] = []
    print(f"{n_people} people in the store; sample of {SAMPLE} (seed {SEED})\n")
    print("| id | name | articles | roles | verdict | other entries | reason |")
    print("|---:|---|---:|---|---|---|---|")
    with open_store(f"sqlite:///{path}", write=False) as store:
        for person_id in ids:
            profile = store.person_by_id(person_id, quotes=args.show)
            roles = "; ".join(r.role for r in profile.roles[:3])
            name, verdict, others, reason = judged.get(person_id, (profile.name, "", [], "not judged"))
            if name != profile.name:
                verdict, others, reason = "", [], f"not judged (judged entry was {name})"
            if verdict:
                rows.append((verdict, others))
            print(f"| {person_id} | {profile.name} | {profile.articles} | {roles} | {verdict} | "
                  f"{','.join(map(str, others))} | {reason} |")
            if profile.aliases:
                print(f"|  | aliases: {'، '.join(profile.aliases)} | | | | | |")
            for quote in profile.quotes:
                print(f"|  | > {quote.text[:160]} | | | | | |")
    print()
    print(report(tally(rows), SAMPLE))


@dataclass(frozen=True, slots=True)
class Tally:
    verdicts: Counter[str]
    people: int  # one-person entries
    single: int  # of them, with no other entry
    people_and_fragments: int  # real people behind one-person and fragment entries
    single_with_fragments: int


def tally(rows: list[tuple[str, list[int]]]) -> Tally:
    """Counts from (verdict, other entries of the same person) per judged entry."""
    verdicts = Counter(verdict for verdict, _ in rows)
    people = [others for verdict, others in rows if verdict == "one-person"]
    named = [others for verdict, others in rows if verdict in ("one-person", "fragment")]
    return Tally(verdicts, len(people), sum(not o for o in people), len(named), sum(not o for o in named))


def report(t: Tally, sample: int) -> str:
    total = sum(t.verdicts.values())
    lines = ["| verdict | entries |", "|---|---:|"]
    lines += [f"| {verdict} | {t.verdicts[verdict]} |" for verdict in VERDICTS]
    lines += [f"| (not judged) | {sample - total} |", ""]
    if total:
        lines.append(f"entries that are one real person: {t.verdicts['one-person']}/{total} = "
                     f"{t.verdicts['one-person'] / total:.2f}")
    if t.people:
        lines.append(f"real people (one-person entries) with exactly one entry: {t.single}/{t.people} = "
                     f"{t.single / t.people:.2f}")
        lines.append(f"counting also the people behind fragment entries: {t.single_with_fragments}/"
                     f"{t.people_and_fragments} = {t.single_with_fragments / t.people_and_fragments:.2f}")
    return "\n".join(lines)

if __name__ == "__main__":
    main()
