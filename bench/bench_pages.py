"""Web pages as outlets publish them: how many fields rasad gets right, page by page.

usage: python bench/bench_pages.py [--pages DIR] [--before REV] [--no-cms-hints] [--verbose]

Each page is `NAME.html` (or `.htm`) with `NAME.json` beside it holding the expected fields; a
field the JSON leaves out is not scored on that page. The format (every key optional):

    {
      "url": "https://...",          the address the page was fetched from; without it the page is
                                     read as `rasad analyze page.html` reads a saved file
      "title": "...",                the headline, without the site's name
      "date": "2020-06-22",          the publication day (Gregorian, ISO); "time": "15:45" also checks the clock
      "agency": "Fars",              the publisher: a rasad agency id (rasad/data/agencies.tsv) or its name
      "lead": "...",                 the page's lead / summary paragraph; null: the page has none (not scored)
      "body_start": "...",           the article text (lead and paragraphs) starts with this
      "body_end": "...",             ... and ends with this
      "boilerplate": ["...", ...],   strings that must not be in the article text; besides these, a line
                                     that is only a number, markup (`-->`, `<div`), a list item of one or
                                     two words (`- اقتصادی`) or the title again fails it
      "boilerplate_lines": ["..."],  whole lines the text must not hold (a kicker whose words the lead
                                     uses again); scored with "boilerplate"
      "news_id": "712345",           the outlet's id of the story
      "body_lines": ["..."]          whole lines the text must hold (a letter's salutation, its
                                     signature, its own date): scored as `body_lines`, not one of the six
    }

Printed per field, then `six fields` (title, date, agency, body start, body end, no boilerplate:
what issue #14's held-out check counts) and `all`.

Text is compared folded (rasad.text.normalize.fold: letters unified, ZWNJ and spacing ignored,
ASCII digits), so a right answer does not depend on the normalizer's spelling.

The page goes through what `rasad analyze page.html` does up to the metadata stage (read, parse,
`rasad.extract.metadata.add_metadata`); named entities and quotes are not run.

`--no-cms-hints` scores rasad without the CMS class names of rasad/data/page_hints.toml: what
the general cues (meta tags, JSON-LD, the headline, dated and labelled lines) reach alone.

`--before REV` runs the same scoring on the rasad of git revision REV (exported to a temporary
folder) in the same run and prints both side by side, with the seconds each took per page (read,
parse and metadata; one pass, after a first page has loaded what every page needs).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_PAGES = ROOT / "tests" / "fixtures" / "pages"
FIELDS = ("title", "date", "agency", "body_start", "body_end", "boilerplate", "lead", "news_id", "body_lines")
SIX_FIELDS = FIELDS[:6]  # the fields issue #14 counts on held-out pages (title ... no boilerplate)
_NUMBER_LINE = re.compile(r"^[\s0-9۰-۹٠-٩,٬.]+$")
_SHORT_ITEM = re.compile(r"^\s*[-•*]\s*\S+(?:\s+\S+)?\s*$")  # `- اقتصادی`: a menu's or a list's item
_MARKUP = re.compile(r"-->|<!--|</?[a-zA-Z][a-zA-Z0-9]*[\s>/]")


def pages_in(folder: Path) -> list[tuple[Path, dict[str, Any]]]:
    found = []
    for page in sorted([*folder.glob("*.html"), *folder.glob("*.htm")]):
        expected = page.with_suffix(".json")
        if expected.exists():
            found.append((page, json.loads(expected.read_text(encoding="utf-8"))))
    return found


def extract(page: Path, expected: dict[str, Any]) -> Any:
    """The Article rasad makes of the page (as `rasad analyze` does, up to metadata)."""
    from rasad.acquire.files import read_document
    from rasad.extract.metadata import add_metadata
    from rasad.parse import parse_document

    document = read_document(page)
    document.media_type = "text/html"
    if expected.get("url"):
        document.url = expected["url"]
    articles = parse_document(document)
    return add_metadata(articles[0])


def score(article: Any, expected: dict[str, Any]) -> dict[str, tuple[bool, str]]:
    """field -> (right, what rasad gave), for the fields `expected` names."""
    from rasad.text.normalize import fold

    def same(a: str | None, b: str | None) -> bool:
        return a is not None and b is not None and _key(fold(a)) == _key(fold(b))

    body = article.body
    folded_body = _key(fold(body))
    out: dict[str, tuple[bool, str]] = {}
    if "title" in expected:
        out["title"] = (same(article.title, expected["title"]), article.title)
    if "date" in expected:
        got = article.published
        day = got.date().isoformat() if got else None
        right = day == expected["date"]
        if right and expected.get("time"):
            right = got.strftime("%H:%M") == expected["time"]
        out["date"] = (right, got.isoformat() if got else "None")
    if "agency" in expected:
        agency = article.agency
        want = expected["agency"]
        right = agency is not None and (agency.id == want or same(agency.name, want))
        out["agency"] = (right, f"{agency.id}/{agency.name}" if agency else "None")
    if "lead" in expected and expected["lead"] is not None:
        out["lead"] = (same(article.lead, expected["lead"]), article.lead or "None")
    if "body_start" in expected:
        out["body_start"] = (folded_body.startswith(_key(fold(expected["body_start"]))), body[:80])
    if "body_end" in expected:
        out["body_end"] = (folded_body.endswith(_key(fold(expected["body_end"]))), body[-80:])
    if "boilerplate" in expected or "boilerplate_lines" in expected:
        bad = [s for s in expected.get("boilerplate", []) if _key(fold(s)) in folded_body]
        lines = {_key(fold(line)) for line in body.split("\n")}
        bad += [s for s in expected.get("boilerplate_lines", []) if _key(fold(s)) in lines]
        title_key = _key(fold(article.title))
        for line in body.split("\n"):
            if (_NUMBER_LINE.match(line) or _MARKUP.search(line) or _SHORT_ITEM.match(line)
                    or (title_key and _key(fold(line)) == title_key)):
                bad.append(line)
        out["boilerplate"] = (not bad, "; ".join(bad)[:120] or "clean")
    if "news_id" in expected:
        out["news_id"] = (article.news_id == expected["news_id"], str(article.news_id))
    if "body_lines" in expected:
        held = {_key(fold(line)) for line in body.split("\n")}
        missing = [line for line in expected["body_lines"] if _key(fold(line)) not in held]
        out["body_lines"] = (not missing, "missing: " + "; ".join(missing) if missing else "all held")
    return out


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip(" .،:")


def run(folder: Path) -> tuple[dict[str, Any], float]:
    """({page name: {field: [right, got]}} with errors as {"error": reason}, seconds per page). The
    time is of reading and parsing each page once (imports and data loaded before, by a first page)."""
    results: dict[str, Any] = {}
    pages = pages_in(folder)
    with contextlib.suppress(Exception):  # a failure is reported below, page by page
        extract(*pages[0])  # imports, gazetteer, hints
    spent = 0.0
    for page, expected in pages:
        try:
            start = time.perf_counter()
            article = extract(page, expected)
            spent += time.perf_counter() - start
        except Exception as exc:  # a page rasad cannot read counts as every field wrong
            results[page.name] = {"error": f"{type(exc).__name__}: {exc}"[:200],
                                  "fields": [f for f in FIELDS if f in expected]}
            continue
        results[page.name] = {f: list(v) for f, v in score(article, expected).items()}
    return results, spent / max(1, len(pages))


def totals(results: dict[str, Any]) -> dict[str, tuple[int, int]]:
    counts = {f: [0, 0] for f in FIELDS}
    for fields in results.values():
        if "error" in fields:
            for f in fields["fields"]:
                counts[f][1] += 1
            continue
        for f, (right, _) in fields.items():
            counts[f][0] += bool(right)
            counts[f][1] += 1
    return {f: (r, n) for f, (r, n) in counts.items() if n}


def run_revision(rev: str, folder: Path) -> tuple[dict[str, Any], float]:
    """The scores of rasad at git revision `rev`, run in a subprocess on an exported tree."""
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "rasad"], check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        out = subprocess.run([sys.executable, __file__, "--pages", str(folder), "--tree", tmp, "--json"],
                             check=True, capture_output=True, text=True).stdout
    result: dict[str, Any] = json.loads(out)
    return result["results"], float(result["seconds"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=Path, default=DEFAULT_PAGES, help="folder of NAME.html + NAME.json")
    parser.add_argument("--before", metavar="REV", help="also score rasad at this git revision, side by side")
    parser.add_argument("--verbose", action="store_true", help="print every wrong field with what rasad gave")
    parser.add_argument("--no-cms-hints", action="store_true",
                        help="score rasad without rasad/data/page_hints.toml's class names (general cues only)")
    parser.add_argument("--tree", type=Path, help=argparse.SUPPRESS)  # the rasad to import (for --before)
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sys.path.insert(0, str(args.tree or ROOT))
    if args.no_cms_hints:
        from rasad.parse import pagemeta

        none = {part: (frozenset[str](), frozenset[str]()) for part in pagemeta.hints()}
        pagemeta.hints = lambda: none  # type: ignore[assignment]
    if not pages_in(args.pages):
        sys.exit(f"{args.pages}: no NAME.html with NAME.json beside it")
    results, seconds = run(args.pages)
    if args.json:
        print(json.dumps({"results": results, "seconds": seconds}, ensure_ascii=False))
        return
    before, seconds_before = run_revision(args.before, args.pages) if args.before else (None, 0.0)
    now = totals(results)
    then = totals(before) if before else {}
    print(f"pages: {len(results)} in {args.pages}")
    head = f"{'field':<12} {'before (' + args.before + ')':>22} {'now':>8}" if before else f"{'field':<12} {'right':>8}"
    print(head)
    all_now = [0, 0]
    all_then = [0, 0]
    for field, (right, n) in now.items():
        all_now = [all_now[0] + right, all_now[1] + n]
        if before:
            r0, n0 = then.get(field, (0, n))
            all_then = [all_then[0] + r0, all_then[1] + n0]
            print(f"{field:<12} {f'{r0}/{n0}':>22} {f'{right}/{n}':>8}")
        else:
            print(f"{field:<12} {f'{right}/{n}':>8}")
    six = SIX_FIELDS
    six_now = [sum(now[f][i] for f in six if f in now) for i in (0, 1)]
    six_then = [sum(then[f][i] for f in six if f in then) for i in (0, 1)]
    if before:
        print(f"{'six fields':<12} {f'{six_then[0]}/{six_then[1]}':>22} {f'{six_now[0]}/{six_now[1]}':>8}")
    else:
        print(f"{'six fields':<12} {f'{six_now[0]}/{six_now[1]}':>8}")
    if before:
        print(f"{'all':<12} {f'{all_then[0]}/{all_then[1]}':>22} {f'{all_now[0]}/{all_now[1]}':>8}")
        print(f"{'s/page':<12} {f'{seconds_before:.3f}':>22} {f'{seconds:.3f}':>8}")
    else:
        print(f"{'all':<12} {f'{all_now[0]}/{all_now[1]}':>8}")
        print(f"{'s/page':<12} {f'{seconds:.3f}':>8}")
    if args.verbose:
        for name, fields in results.items():
            if "error" in fields:
                print(f"{name}: ERROR {fields['error']}")
                continue
            for field, (right, got) in fields.items():
                if not right:
                    print(f"{name}: {field} wrong: {got}")


if __name__ == "__main__":
    main()
