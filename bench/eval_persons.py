"""Persons and roles against the annotated gold (quotes_dev or the seeds): not one of the shared
scorers, a development measure. A person is found when a predicted name names the same person as a
gold one (textfold.same_person); roles count when equal after folding (textfold.tokens).

usage: python bench/eval_persons.py GOLD PRED.jsonl [--misses]
"""

from __future__ import annotations

import json
import sys

from common import SHARED

sys.path.insert(0, str(SHARED / "eval"))
from score_quotes import load_gold
from textfold import same_person, tokens


def _role_keys(roles: list[str]) -> set[str]:
    return {" ".join(tokens(r)) for r in roles}


def main(argv: list[str]) -> None:
    if len(argv) < 3:
        sys.exit(__doc__)
    gold = load_gold(argv[1])
    pred = {}
    with open(argv[2], encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            pred[rec["file"].rsplit(".", 1)[0]] = rec.get("persons", [])
    n_gold = n_pred = found = role_gold = role_pred = role_hit = 0
    for name, rec in gold.items():
        predicted = pred.get(name, [])
        n_gold += len(rec["persons"])
        n_pred += len(predicted)
        for person in rec["persons"]:
            role_gold += len(person["roles"])
            match = next((p for p in predicted if same_person(person["name"], p["name"])), None)
            if match is None:
                if "--misses" in argv:
                    print("MISS", name, person["name"])
                continue
            found += 1
            role_pred += len(match["roles"])
            role_hit += len(_role_keys(person["roles"]) & _role_keys(match["roles"]))
    print(json.dumps({"persons": {"gold": n_gold, "predicted": n_pred, "found": found,
                                  "recall": round(found / n_gold, 3), "precision": round(found / n_pred, 3)},
                      "roles": {"gold": role_gold, "predicted_for_found": role_pred, "exact": role_hit,
                                "recall": round(role_hit / role_gold, 3),
                                "precision": round(role_hit / max(role_pred, 1), 3)}}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv)
