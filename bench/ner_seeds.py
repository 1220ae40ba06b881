"""What the NER model finds of the seed articles' gold people, organizations and places.

usage: python -m bench.ner_seeds [--ner-model DIR]
The seed text has its ZWNJ deleted (as scraped). It is run twice: as is, and with the ZWNJ of the
gold strings restored (every gold name, organization, place and quote is put back in its ZWNJ form
wherever its ZWNJ-less form occurs), standing in for the normalizer another module provides.
A gold item is `found` when an entity of the right type has exactly its text, `partial` when an
entity of that type overlaps an occurrence of it.
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from rasad.extract.entities import extract_entities

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("RASAD_SHARED", REPO.parent / "shared"))
ZWNJ = "\u200c"


def gold_items(article: dict) -> list[tuple[str, str]]:
    items = [(p["name"], "PER") for p in article.get("persons", [])]
    items += [(o, "ORG") for o in article.get("organizations", [])]
    items += [(loc, "LOC") for loc in article.get("locations", [])]
    return items


def restore_gold_zwnj(text: str, article: dict) -> str:
    strings = [s for s, _ in gold_items(article)] + [q["text"] for q in article.get("quotes", [])]
    for s in sorted({s for s in strings if ZWNJ in s}, key=len, reverse=True):
        text = text.replace(s.replace(ZWNJ, ""), s)
    return text


def check(text: str, article: dict, model_dir: Path | None) -> dict:
    entities = extract_entities(text, model_dir)
    out: dict[str, list] = {"found": [], "partial": [], "missed": []}
    for name, typ in gold_items(article):
        variants = {name, name.replace(ZWNJ, "")}
        if any(e.type == typ and e.text in variants for e in entities):
            out["found"].append(f"{typ} {name}")
            continue
        spans = [(i, i + len(v)) for v in variants for i in _find_all(text, v)]
        if any(e.type == typ and e.start < b and a < e.end for e in entities for a, b in spans):
            hits = sorted({e.text for e in entities if e.type == typ and any(e.start < b and a < e.end
                                                                              for a, b in spans)})
            out["partial"].append(f"{typ} {name} ~ {' | '.join(hits)}")
        else:
            out["missed"].append(f"{typ} {name}")
    out["entities"] = sorted({f"{e.type} {e.text}" for e in entities})
    return out


def _find_all(text: str, s: str) -> list[int]:
    out, i = [], text.find(s)
    while i >= 0:
        out.append(i)
        i = text.find(s, i + 1)
    return out


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ner-model", type=Path, default=None)
    args = ap.parse_args(argv)
    seeds = SHARED / "seeds"
    report = {}
    for article in json.loads((seeds / "gold.json").read_text(encoding="utf-8")):
        raw = (seeds / article["file"]).read_text(encoding="utf-8")
        report[article["file"]] = {
            "raw": check(raw, article, args.ner_model),
            "gold_zwnj": check(restore_gold_zwnj(raw, article), article, args.ner_model),
        }
        for form, r in report[article["file"]].items():
            total = len(gold_items(article))
            print(f"{article['file']} ({form}): found {len(r['found'])}/{total}, partial {len(r['partial'])}")
            for key in ("found", "partial", "missed"):
                for item in r[key]:
                    print(f"  {key:8} {item}")
    return report


if __name__ == "__main__":
    main()
