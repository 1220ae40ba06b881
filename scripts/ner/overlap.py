"""How much of PEYMA dev the training corpora contain: equal sentences and shared word 8-grams.

usage: overlap.py    (prints a table; training always drops what it finds, see common.remove_overlap)
Sentences are compared on letters and digits only (no spacing, ZWNJ or punctuation).
"""

from __future__ import annotations

from collections import Counter

from common import NER, PEYMA_DEV, _grams

from rasad.extract.ner_data import read_arman, read_nsurl, read_parsner, read_peyma, sentence_key


def main() -> None:
    dev = read_peyma(PEYMA_DEV)
    dev_keys = {sentence_key(t) for t, _ in dev}
    dev_grams = {g for t, _ in dev for g in _grams(t)}
    corpora = {
        "PEYMA train": read_peyma(NER / "peyma" / "train.txt"),
        "NSURL 600k": read_nsurl(NER / "nsurl_600k"),
        "Arman": read_arman(NER / "arman"),
        "ParsNER": read_parsner(NER / "parsner_news_wiki"),
    }
    print(f"PEYMA dev: {len(dev)} sentences, {len(dev_keys)} distinct, {len(dev_grams)} distinct 8-grams")
    print("| corpus | sentences | equal to a dev sentence | distinct dev sentences hit | longest hit (chars) "
          "| >50% 8-grams in dev | dev 8-grams found |")
    print("|---|---|---|---|---|---|---|")
    for name, corpus in corpora.items():
        hits = Counter(sentence_key(t) for t, _ in corpus if sentence_key(t) in dev_keys)
        near = 0
        for tokens, _ in corpus:
            grams = _grams(tokens)
            if sentence_key(tokens) not in dev_keys and grams:
                near += sum(x in dev_grams for x in grams) / len(grams) > 0.5
        found = len(dev_grams & {g for t, _ in corpus for g in _grams(t)})
        longest = max((len(k) for k in hits), default=0)
        equal = sum(hits.values())
        print(f"| {name} | {len(corpus)} | {equal} | {len(hits)} | {longest} | {near} | {found} |")
        for key, n in hits.most_common(4):
            print(f"|   e.g. | {n}x | `{key[:40] or '(punctuation only)'}` | | | | |")


if __name__ == "__main__":
    main()
