#!/usr/bin/env python3
"""Error analysis of `restore_zwnj` leave-one-outlet-out: the f1_joined errors, in families.

usage: zwnj_errors.py LEXICON_DIR [--shared DIR] [--examples N] [AGENCY ...]
LEXICON_DIR holds one lexicon folder per agency, built without it (bench/zwnj_quick.py --build).
Each agency's joined and spaced tasks are restored and every gap that f1_joined counts wrong
(score_zwnj.py: a ZWNJ of the gold not written, or a ZWNJ written where the gold joins the
letters) is put in one family by what the lexicon knows of the word or pair; the table gives the
count of each family per fold and task, then the commonest words of each.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
AGENCIES = ("tabnak", "roozno", "sobhane", "mashregh")
sys.path.insert(0, str(REPO))

from bench.common import fold_arguments, fold_task, shared_dir  # noqa: E402
from rasad.text import zwnj  # noqa: E402

SUFFIXES = frozenset(("ها", "های", "هایی", "ای", "ی", "ام", "ات", "اش", "اند", "ایم", "اید", "ترین", "تر", "شان",
                      "مان", "تان", "هایش", "هایشان", "است", "است"))
PREFIXES = frozenset(("می", "نمی", "هم", "بی", "پیش", "غیر", "فرا", "پس", "نا"))


def _form(letters: str, kinds: list[str], start: int, end: int) -> str:
    return "".join((zwnj.ZWNJ if kinds[i] == "z" and i > start else "") + letters[i] for i in range(start, end))


_LETTER = re.compile(f"[{zwnj.LETTERS}]")


def _span(letters: str, kinds: list[str], i: int) -> tuple[int, int]:
    """The run of letters around gap I, up to a space or a non-letter (punctuation, digits)."""
    start = i
    while start > 0 and kinds[start] != "s" and _LETTER.match(letters[start - 1]):
        start -= 1
    end = i
    while end < len(kinds) and (end == i or kinds[end] != "s") and _LETTER.match(letters[end]):
        end += 1
    return start, end


def family(lex: zwnj.ZwnjLexicon, kind: str, task: str, gold_word: str, out_word: str, left: str,
           right: str, before: str) -> str:
    """The family of one error. KIND: 'miss' (gold ZWNJ not written) or 'split' (a ZWNJ written
    inside letters the gold joins); LEFT and RIGHT are the units either side of the gap."""
    plain = gold_word.replace(zwnj.ZWNJ, "").translate(zwnj.FOLD)
    flags = lex.units.flags(plain)
    if zwnj.ZWNJ in gold_word and zwnj.ZWNJ in out_word and gold_word != out_word \
            and (gold_word.count(zwnj.ZWNJ) == out_word.count(zwnj.ZWNJ)):
        return "both: the ZWNJ of another reading ('حرف‌های' read 'حرفه‌ای')"
    if kind == "miss":
        if before in zwnj.NON_JOINING:
            return "miss: ZWNJ after a non-joining letter (invisible)"
        if task == "spaced":
            stats = lex.pairs.get(left, right)
            if stats is None:
                return "miss at a space: pair unseen"
            share = zwnj._space_share(left, right)
            if share >= zwnj.SPACE_SHARE:
                return "miss at a space: pair's share high, line read as deleted (strict)"
            seen, agree = lex.pairs.votes(left, right)
            if seen >= zwnj.VOTES_MIN and agree < zwnj.SOURCE_AGREE * seen:
                return "miss at a space: sources disagree on the pair"
            return "miss at a space: pair seen, share under the threshold"
        if flags & zwnj.BEST:
            return "miss: known word, lexicon's spelling differs"
        if flags & zwnj.KNOWN:
            return "miss: known word the corpus writes joined"
        if lex.known(left) and lex.known(right):
            if right in SUFFIXES or left in PREFIXES:
                return "miss: unseen word, known stem + affix"
            return "miss: unseen word, two known words"
        if lex.known(left) or lex.known(right):
            return "miss: unseen word, one piece known"
        return "miss: unseen word, neither piece known"
    if flags & zwnj.BEST:
        return "split: word the corpus writes with ZWNJ, the outlet joined"
    if flags & zwnj.KNOWN:
        return "split: known whole word split (superlative/other rule)"
    pair = lex.pairs.get(left, right)
    if pair is not None:
        return "split: unseen word, split by a seen pair"
    return "split: unseen word, split by an affix class"


def analyse(shared: Path, lexicon: Path, agency: str) -> dict[str, dict[str, collections.Counter[str]]]:
    sys.path.insert(0, str(shared / "eval"))
    from score_zwnj import aligned, gaps

    zwnj.use_lexicon_dir(lexicon)
    lex = zwnj.load_lexicon()
    out: dict[str, dict[str, collections.Counter[str]]] = {}
    gold, tasks = fold_task(shared, agency)
    for task, lines in tasks.items():
        families: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
        for g_line, line in zip(gold, lines, strict=True):
            o_line = zwnj.restore_zwnj(line)
            gl, gk = gaps(g_line)
            ol, ok = gaps(o_line)
            pairs, _ = aligned(gl, ol)
            for i, j in pairs:
                g, o = gk[i], ok[j]
                if i == 0 or (g == "z") == (o == "z") or (o == "z" and g == "s"):
                    continue
                start, end = _span(gl, gk, i)
                word = _form(gl, gk, start, end)
                # the units either side of the gap, every other gap of the gold as written
                a = i - 1
                while a > 0 and not gk[a]:
                    a -= 1
                b = i + 1
                while b < len(gk) and not gk[b]:
                    b += 1
                left, right = gl[a:i], gl[i:b]
                kind = "miss" if g == "z" else "split"
                out_word = _form(ol, ok, j - (i - start), j + (end - i))
                shown = word if kind == "miss" else out_word
                left, right = left[len(left) - (i - max(a, start)):], right[:min(b, end) - i]
                fam = family(lex, kind, task, word, out_word, left.translate(zwnj.FOLD), right.translate(zwnj.FOLD),
                             gl[i - 1])
                families[fam][shown] += 1
        out[task] = families
    return out


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    fold_arguments(parser)
    parser.add_argument("--examples", type=int, default=12, help="commonest words shown per family")
    parser.add_argument("agencies", nargs="*", default=list(AGENCIES))
    args = parser.parse_args(argv)
    shared = shared_dir(args.shared)
    results = {a: analyse(shared, Path(args.lexicons) / a, a) for a in args.agencies}
    for task in ("joined", "spaced"):
        names = sorted({f for r in results.values() for f in r[task]},
                       key=lambda f: -sum(r[task][f].total() for r in results.values()))
        print(f"\n### {task} task\n\n| family | " + " | ".join(args.agencies) + " | all |")
        print("|---|" + "---|" * (len(args.agencies) + 1))
        for name in names:
            counts = [results[a][task][name].total() for a in args.agencies]
            print(f"| {name} | " + " | ".join(f"{c:,}" for c in counts) + f" | {sum(counts):,} |")
        for name in names:
            merged: collections.Counter[str] = collections.Counter()
            for r in results.values():
                merged.update(r[task][name])
            common = ", ".join(f"{w} {n}" for w, n in merged.most_common(args.examples))
            print(f"\n{task} / {name}: {common}")


if __name__ == "__main__":
    main()
