"""Tag unlabeled news with a teacher (one network or an ensemble) to make a silver training corpus.

usage: pseudo_label.py --models A.npz,B.npz,... [--sentences N] [--out FILE]
The news in shared/data (IR-News, Fars, Varzesh3, the RSS items; never PEYMA) is split into
sentences by rasad's NER tokenizer; sentences of 5 to 80 tokens are drawn at random (seed 13), those
overlapping PEYMA dev are dropped (as for the gold corpora), and the teacher's tags over PEYMA's
seven types are written as `token<TAB>TAG`, a blank line between sentences. A student trained on
gold plus silver (train_bilstm.py --silver) learns what the ensemble knows at one network's cost.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

from common import BUILD, PEYMA_DEV, news_texts, remove_overlap

from rasad.extract._bilstm import BiLstmTagger
from rasad.extract.ner_data import PEYMA_TYPES, clean_token, read_peyma, write_tagged
from rasad.text.tokenize import sentence_tokens


def candidate_sentences() -> list[list[str]]:
    seen: set[str] = set()
    out = []
    for text in news_texts():
        for sent in sentence_tokens(text):
            tokens = [clean_token(t) for t, _, _ in sent]
            key = " ".join(tokens)
            if 5 <= len(tokens) <= 80 and key not in seen:
                seen.add(key)
                out.append(tokens)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--models", required=True, help="comma-separated .npz files of the teacher")
    ap.add_argument("--sentences", type=int, default=40_000)
    ap.add_argument("--out", type=Path, default=BUILD / "silver.txt")
    args = ap.parse_args()
    t0 = time.time()
    pool = candidate_sentences()
    random.Random(13).shuffle(pool)
    drawn = remove_overlap([(s, []) for s in pool[: args.sentences]], read_peyma(PEYMA_DEV), "silver")
    print(f"{len(pool)} candidate sentences, {len(drawn)} drawn ({time.time() - t0:.0f}s)", flush=True)
    teacher = BiLstmTagger([Path(p) for p in args.models.split(",")])
    sents = [tokens for tokens, _ in drawn]
    tags = []
    for k in range(0, len(sents), 2000):
        tags += teacher.tag(sents[k : k + 2000])
        print(f"  {k + len(sents[k : k + 2000])} tagged ({time.time() - t0:.0f}s)", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_tagged(args.out, sents, tags, PEYMA_TYPES)
    entities = sum(t.startswith("B-") and t[2:] in PEYMA_TYPES for stags in tags for t in stags)
    print(f"wrote {args.out}: {len(sents)} sentences, {sum(map(len, sents))} tokens, {entities} entities")


if __name__ == "__main__":
    main()
