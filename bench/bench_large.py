"""Cost of one very large article: analyze time and peak memory at 1, 2 and 5 MB, in several shapes.

usage: python bench/bench_large.py [--sizes 1,2,5] [--shapes body,paragraph,title,quotes,names]
                                   [--timeout 600] [--stages]
       python bench/bench_large.py --write SHAPE MB FILE    # write one input, to profile it

Inputs are built from the real Persian text of ../shared/data/ir_news_dev (its sentences, shuffled
and regrouped with a fixed seed, never copied into the repo), up to the size in MB of UTF-8:

- body: a title and many paragraphs of 2-6 real sentences (blank lines between them);
- paragraph: a title and one huge paragraph, the sentences joined by spaces, no line break;
- title: a title line of that size, then one real article's body: the sentences joined by spaces,
  their end marks (`. ! ? ؟`) taken out, so the title is one sentence, as a title is;
- quotes: paragraphs `NAME، ROLE، گفت: «S S»` and `وی افزود: «S»`, real names (a given name of
  rasad's lexicon and a surname that follows one in the corpus) and real sentences S;
- runon: the quotes of many speakers (`X، ROLE، گفت که «S S» و به گفته Y S و وی افزود «S»`) as one
  line with no end mark and no colon: one sentence of that size for every extractor;
- names: paragraphs that name many different people and places (`NAME و NAME در TOWN ...`).

Each case runs in a fresh process (`analyze_text` with the pipeline built before timing), which
reports the time of parsing and of each stage, and its peak RSS (`ru_maxrss`) before and after the
analysis. A case that passes `--timeout` seconds is stopped; the address space of a case is capped
at `--max-gb` so a runaway one fails instead of swapping. Prints a Markdown table.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import time
from functools import cache
from itertools import pairwise
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import REPO, shared

SEED = 20261125
SHAPES = ("body", "paragraph", "title", "quotes", "runon", "names")
MB = 1_000_000
ROLES = ("وزیر کشور", "سخنگوی دولت", "رئیس کمیسیون امنیت ملی مجلس", "معاون اول رئیس‌جمهور",
         "استاندار تهران", "نماینده مردم تبریز در مجلس", "مدیرکل روابط عمومی وزارت نیرو", "سرمربی تیم ملی")
VERBS = ("گفت", "اظهار کرد", "تاکید کرد", "افزود")


@cache
def _corpus() -> tuple[list[list[str]], list[str]]:
    """Real articles (each a list of sentences) and real person names, both in a fixed order."""
    articles = []
    for path in sorted(shared("data", "ir_news_dev").glob("*_*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        sents = [ln.split("\t", 1)[1].strip() for ln in lines[2:] if "\t" in ln]
        sents = [s for s in sents if len(s) > 20]
        if sents:
            articles.append(sents)
    given = [ln.strip() for ln in (REPO / "rasad" / "data" / "given_names.txt").read_text(encoding="utf-8")
             .splitlines() if ln.strip() and not ln.startswith("#")]
    given_set = set(given)
    surnames: dict[str, int] = {}
    for sents in articles:
        for sent in sents:
            words = re.findall(r"[\w\u200c]+", sent)
            for a, b in pairwise(words):
                if a in given_set and b not in given_set and len(b) > 3 and not b[0].isdigit():
                    surnames[b] = surnames.get(b, 0) + 1
    common = sorted(surnames, key=lambda s: (-surnames[s], s))[:1500]
    rng = random.Random(SEED)
    names = [f"{rng.choice(given)} {rng.choice(common)}" for _ in range(3000)]
    return articles, names


def build(shape: str, mb: float) -> str:
    """The input text of one case: about `mb` MB of UTF-8 (the same text for the same arguments)."""
    articles, names = _corpus()
    rng = random.Random(f"{SEED}-{shape}")
    sentences = [s for a in articles for s in a]
    target = int(mb * MB)
    parts: list[str] = []
    size = 0

    def add(piece: str) -> None:
        nonlocal size
        parts.append(piece)
        size += len(piece.encode("utf-8")) + 2

    if shape in ("body", "paragraph", "title"):
        while size < target:
            if shape == "body":
                add(" ".join(rng.choice(sentences) for _ in range(rng.randint(2, 6))))
            else:
                add(rng.choice(sentences))
        if shape == "body":
            return f"{rng.choice(sentences)}\n\n" + "\n\n".join(parts) + "\n"
        if shape == "paragraph":
            return f"{rng.choice(sentences)}\n\n" + " ".join(parts) + "\n"
        body = "\n\n".join(rng.choice(articles))
        return re.sub(r"[.!?؟]", " ", " ".join(parts)) + "\n\n" + body + "\n"
    if shape == "quotes":
        while size < target:
            name, role = rng.choice(names), rng.choice(ROLES)
            add(f"{name}، {role}، {rng.choice(VERBS)}: «{rng.choice(sentences)} {rng.choice(sentences)}»")
            add(f"وی افزود: «{rng.choice(sentences)}»")
        return "گفت‌وگو با مسئولان\n\n" + "\n\n".join(parts) + "\n"
    if shape == "runon":
        while size < target:
            name, role = rng.choice(names), rng.choice(ROLES)
            add(f"{name}، {role}، {rng.choice(VERBS)} که «{rng.choice(sentences)} {rng.choice(sentences)}» و "
                f"به گفته {rng.choice(names)} {rng.choice(sentences)} و وی افزود «{rng.choice(sentences)}»")
        return re.sub(r"[.!?؟:\n]", " ", " ".join(parts)) + "\n\nگفت‌وگو با مسئولان\n"
    if shape == "names":
        towns = ("تهران", "تبریز", "مشهد", "اصفهان", "شیراز", "کرمان", "بغداد", "دمشق", "آذربایجان شرقی")
        while size < target:
            people = rng.sample(names, 4)
            add(f"{people[0]} و {people[1]} در {rng.choice(towns)} با {people[2]}، {rng.choice(ROLES)}، "
                f"و {people[3]} دیدار کردند. {rng.choice(sentences)}")
        return "دیدار مسئولان\n\n" + "\n\n".join(parts) + "\n"
    raise SystemExit(f"unknown shape {shape}: choose from {', '.join(SHAPES)}")


def run_case(shape: str, mb: float) -> dict[str, object]:
    """In this process: build the pipeline and the input, then time parsing and every stage."""
    from rasad.models import RawDocument
    from rasad.parse import parse_document
    from rasad.pipeline import build_pipeline

    pipeline = build_pipeline()
    text = build(shape, mb)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    times: dict[str, float] = {}
    start = time.perf_counter()
    article = parse_document(RawDocument(source="<large>", content=text))[0]
    times["parse"] = time.perf_counter() - start
    for stage in pipeline:
        t = time.perf_counter()
        article = stage(article)
        times[stage.name] = time.perf_counter() - t
    total = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"shape": shape, "mb": mb, "bytes": len(text.encode("utf-8")), "seconds": total, "stages": times,
            "base_mb": base / 1024, "peak_mb": peak / 1024, "entities": len(article.entities),
            "quotes": len(article.quotes), "persons": len(article.persons)}


def measure(shape: str, mb: float, timeout: float, max_gb: float) -> dict[str, object]:
    """One case in a child process, capped in time and address space."""
    def cap() -> None:
        limit = int(max_gb * 2**30)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    cmd = [sys.executable, str(Path(__file__).resolve()), "--case", shape, str(mb)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, preexec_fn=cap,
                              cwd=REPO, check=False)
    except subprocess.TimeoutExpired:
        return {"shape": shape, "mb": mb, "error": f"> {timeout:.0f} s (stopped)"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"shape": shape, "mb": mb, "error": "out of memory" if "MemoryError" in last else last[:80]}
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def row(result: dict[str, object], stages: bool) -> str:
    head = f"| {result['shape']} | {result['mb']:g} |"
    if "error" in result:
        return head + f" {result['error']} | | |" + (" |" * 6 if stages else "")
    line = (head + f" {result['seconds']:.1f} | {result['peak_mb']:,.0f} | "
            f"{float(result['peak_mb']) - float(result['base_mb']):,.0f} |")  # type: ignore[arg-type]
    if stages:
        line += "".join(f" {t:.1f} |" for t in result["stages"].values())  # type: ignore[attr-defined]
    return line


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1,2,5", help="sizes in MB, comma-separated (default 1,2,5)")
    parser.add_argument("--shapes", default=",".join(SHAPES), help=f"default {','.join(SHAPES)}")
    parser.add_argument("--timeout", type=float, default=600, help="seconds a case may take (default 600)")
    parser.add_argument("--max-gb", type=float, default=4.0, help="address space of a case in GB (default 4)")
    parser.add_argument("--stages", action="store_true", help="also the seconds of parsing and of each stage")
    parser.add_argument("--case", nargs=2, metavar=("SHAPE", "MB"), help=argparse.SUPPRESS)
    parser.add_argument("--write", nargs=3, metavar=("SHAPE", "MB", "FILE"), help="write one input and stop")
    args = parser.parse_args(argv)
    if args.case:
        print(json.dumps(run_case(args.case[0], float(args.case[1]))))
        return
    if args.write:
        Path(args.write[2]).write_text(build(args.write[0], float(args.write[1])), encoding="utf-8")
        return
    stage_names = ("parse", "metadata", "entities", "places", "quotes")
    print("| shape | MB | analyze s | peak RSS MB | RSS over baseline MB |"
          + "".join(f" {s} s |" for s in stage_names if args.stages))
    print("|---|---|---|---|---|" + "---|" * (len(stage_names) if args.stages else 0))
    for shape in args.shapes.split(","):
        for mb in (float(s) for s in args.sizes.split(",")):
            print(row(measure(shape, mb, args.timeout, args.max_gb), args.stages), flush=True)


if __name__ == "__main__":
    main()
