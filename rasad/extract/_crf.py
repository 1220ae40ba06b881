"""The CRF tagger: python-crfsuite over the features of `_ner_features`, with clusters and a gazetteer."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rasad.errors import ModelError
from rasad.extract._ner_features import sentence_features


def load_clusters(path: Path) -> dict[str, tuple[str, ...]]:
    clusters: dict[str, tuple[str, ...]] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            word, _, ids = line.rstrip("\n").partition("\t")
            clusters[word] = tuple(ids.split())
    return clusters


def load_gazetteer(path: Path) -> dict[str, int]:
    with open(path, encoding="utf-8") as handle:
        return {line.strip(): 1 for line in handle if line.strip()}


class CrfTagger:
    """BIO tags for tokenized sentences from a crfsuite model file and its feature resources."""

    def __init__(self, model: Path, clusters: Path, gazetteer: Path) -> None:
        try:
            import pycrfsuite
        except ImportError as exc:  # pragma: no cover - a dependency of rasad
            raise ModelError("python-crfsuite is not installed") from exc
        for path in (model, clusters, gazetteer):
            if not path.is_file():
                raise ModelError(f"NER model file missing: {path}")
        self.clusters = load_clusters(clusters)
        self.gazetteer = load_gazetteer(gazetteer)
        self._tagger = pycrfsuite.Tagger()
        try:
            self._tagger.open(str(model))
        except Exception as exc:
            raise ModelError(f"cannot open NER model {model}: {exc}") from exc

    def features(self, tokens: Sequence[str]) -> list[list[str]]:
        return sentence_features(tokens, self.clusters, self.gazetteer)

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        out: list[list[str]] = []
        for tokens in sentences:
            if not tokens:
                out.append([])
                continue
            out.append(list(self._tagger.tag(self.features(tokens))))
        return out
