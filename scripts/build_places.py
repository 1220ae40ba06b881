#!/usr/bin/env python3
"""Build rasad/data/places_iran.tsv (province and city names) from the MIT-licensed gazetteer in
../shared/data/gazetteers/iran_provinces_cities/province_city.json.

usage: python scripts/build_places.py [SHARED_DIR]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rasad.text.normalize import normalize  # noqa: E402


def main(argv: list[str]) -> None:
    shared = Path(argv[1]) if len(argv) > 1 else ROOT.parent / "shared"
    source = shared / "data/gazetteers/iran_provinces_cities/province_city.json"
    rows = []
    for province in json.loads(source.read_text(encoding="utf-8")):
        name = normalize(province["province-fa"])
        rows.append(f"{name}\tprovince\t{name}\t{province['province-en']}")
        for n, city in enumerate(province["cities"]):
            kind = "capital" if n == 0 else "city"  # the source lists each province's capital first
            rows.append(f"{normalize(city['city-fa'])}\t{kind}\t{name}\t{city['city-en']}")
    out = ROOT / "rasad/data/places_iran.tsv"
    header = ("# Iranian provinces and cities, built by scripts/build_places.py from the MIT-licensed\n"
              "# provinces_cities_iran gazetteer (see rasad/data/README.md).\n"
              "# name\tkind (province, capital, city)\tprovince\tenglish\n")
    out.write_text(header + "\n".join(sorted(set(rows))) + "\n", encoding="utf-8")
    print(f"{len(rows)} places -> {out}")


if __name__ == "__main__":
    main(sys.argv)
