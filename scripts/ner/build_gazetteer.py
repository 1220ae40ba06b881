"""Write build/ner/gazetteer_loc.txt: Iranian provinces and cities (MIT list in shared/data/gazetteers),
normalized as the tagger normalizes words, one name a line (words joined by a space)."""

from __future__ import annotations

import json

from common import DATA, GAZETTEER

from rasad.extract._ner_features import norm_word
from rasad.text.tokenize import token_spans


def main() -> None:
    src = DATA / "gazetteers" / "iran_provinces_cities" / "province_city.json"
    names: set[str] = set()
    for prov in json.loads(src.read_text(encoding="utf-8")):
        for name in [prov["province-fa"], *(c["city-fa"] for c in prov["cities"])]:
            words = [norm_word(t) for t, _, _ in token_spans(name)]
            if words and len("".join(words)) > 2:
                names.add(" ".join(words))
    GAZETTEER.parent.mkdir(parents=True, exist_ok=True)
    GAZETTEER.write_text("\n".join(sorted(names)) + "\n", encoding="utf-8")
    print(len(names), "names")


if __name__ == "__main__":
    main()
