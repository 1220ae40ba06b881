"""Learn word2vec vectors from news text and the NER corpora (never PEYMA dev), then word clusters.

Writes build/ner/w2v.kv (gensim KeyedVectors, for the neural tagger) and
build/ner/clusters.tsv (word, then its cluster at 64, 256 and 1024 k-means clusters).
Needs the [train] extra (gensim, scikit-learn). About 5 minutes on one core.
"""

from __future__ import annotations

import time

import numpy as np
from common import BUILD, CLUSTERS, load_training, news_texts, tokenize
from gensim.models import Word2Vec
from sklearn.cluster import MiniBatchKMeans

from rasad.extract._ner_features import norm_word

SIZES = (64, 256, 1024)


def corpus() -> list[list[str]]:
    sents = []
    for text in news_texts():
        for line in text.splitlines():
            words = [norm_word(t) for t in tokenize(line)]
            if len(words) > 2:
                sents.append(words)
    for name, c in load_training().items():
        sents.extend([norm_word(t) for t in tokens] for tokens, _ in c)
        print(name, len(c))
    return sents


def main() -> None:
    t0 = time.time()
    sents = corpus()
    print(f"{len(sents)} sentences, {sum(map(len, sents))} tokens ({time.time() - t0:.0f}s)")
    model = Word2Vec(sents, vector_size=100, window=5, min_count=3, sg=1, negative=5, epochs=5,
                     workers=2, seed=13)
    BUILD.mkdir(parents=True, exist_ok=True)
    model.wv.save(str(BUILD / "w2v.kv"))
    words = model.wv.index_to_key
    vecs = model.wv.vectors / np.linalg.norm(model.wv.vectors, axis=1, keepdims=True)
    print(f"{len(words)} words ({time.time() - t0:.0f}s)")
    labels = []
    for k in SIZES:
        km = MiniBatchKMeans(n_clusters=k, random_state=13, batch_size=4096, n_init=3)
        labels.append(km.fit_predict(vecs))
        print(f"k={k} ({time.time() - t0:.0f}s)")
    with open(CLUSTERS, "w", encoding="utf-8") as out:
        for i, w in enumerate(words):
            out.write(w + "\t" + " ".join(str(lab[i]) for lab in labels) + "\n")


if __name__ == "__main__":
    main()
