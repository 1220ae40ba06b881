"""Named entities in Persian text: people, organizations, places, facilities, events, dates, times, money
and percentages (PER ORG LOC FAC EVENT DAT TIM MON PCT), as BIO tags or as `Entity` spans.

The default model ships in `rasad/data/ner/` (see rasad/data/README.md, `## NER model`); its
`model.json` names the backend. A folder given as `model_dir` may instead hold a Hugging Face
token-classification model (`config.json`), run through the optional `transformers` extra.
Models are loaded once per folder and cached.

Text is tokenized by `rasad.text.tokenize.sentence_tokens`, the boundaries the models were trained on
(ZWNJ stays inside words, punctuation splits off).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Protocol

from rasad.errors import ModelError
from rasad.extract.ner_data import repair_bio
from rasad.models import Entity
from rasad.text.tokenize import TokenSpan, sentence_tokens

__all__ = [
    "MAX_SENTENCE_TOKENS", "default_model_dir", "extract_entities", "extract_entities_many", "load_tagger",
    "models_loaded", "tag_tokens",
]


class Tagger(Protocol):
    def tag(self, sentences: list[list[str]]) -> list[list[str]]: ...


def default_model_dir() -> Path:
    return Path(str(resources.files("rasad") / "data" / "ner"))


def _load(model_dir: Path) -> Tagger:
    if not model_dir.is_dir():
        raise ModelError(f"NER model folder not found: {model_dir}")
    if (model_dir / "config.json").is_file():
        from rasad.extract._ner_transformers import TransformersTagger

        return TransformersTagger(model_dir)
    manifest = model_dir / "model.json"
    if not manifest.is_file():
        raise ModelError(f"{model_dir} holds neither model.json (rasad NER) nor config.json (transformers)")
    try:
        spec = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot read {manifest}: {exc}") from exc
    backend = spec.get("backend")
    if backend == "crf":
        from rasad.extract._crf import CrfTagger

        files = [model_dir / spec[key] for key in ("model", "clusters", "gazetteer")]
        return CrfTagger(*files)
    if backend == "bilstm":
        from rasad.extract._bilstm import BiLstmTagger

        names = spec["model"] if isinstance(spec["model"], list) else [spec["model"]]  # a list: an ensemble
        return BiLstmTagger([model_dir / name for name in names])
    raise ModelError(f"{manifest}: unknown backend {backend!r}")


@lru_cache(maxsize=4)
def _cached(model_dir: str) -> Tagger:
    return _load(Path(model_dir))


def load_tagger(model_dir: Path | str | None = None) -> Tagger:
    """The tagger in `model_dir` (default: the shipped model), loaded once and cached."""
    path = Path(model_dir) if model_dir is not None else default_model_dir()
    return _cached(str(path.resolve()))


def models_loaded() -> int:
    """How many NER models this process has loaded from disk (a reprocessing worker loads one, once)."""
    return _cached.cache_info().misses


def tag_tokens(sentences: list[list[str]], model_dir: Path | str | None = None) -> list[list[str]]:
    """BIO tags (B-PER, I-ORG, O ...) for each token of each tokenized sentence."""
    tags = load_tagger(model_dir).tag([list(s) for s in sentences])
    return [repair_bio(t) for t in tags]


def _entities(text: str, sents: list[list[tuple[str, int, int]]], tags: list[list[str]]) -> list[Entity]:
    """The BIO tags of `text`'s sentences as entities with offsets into `text`."""
    entities: list[Entity] = []
    for spans, stags in zip(sents, tags, strict=True):
        start = end = -1
        kind = ""
        for (_, s, e), tag in [*zip(spans, stags, strict=True), (("", -1, -1), "O")]:
            if kind and (tag == "O" or tag.startswith("B-") or tag[2:] != kind):
                entities.append(Entity(text=text[start:end], type=kind, start=start, end=end))
                kind = ""
            if tag.startswith("B-") or (tag.startswith("I-") and not kind):
                start, end, kind = s, e, tag[2:]
            elif tag.startswith("I-"):
                end = e
    return entities


MAX_SENTENCE_TOKENS = 1500
"""Tokens of the longest run the tagger reads as one sentence (the longest sentence in the 9,604
articles of ../shared/data has 1,103): a text with no sentence end (a 1 MB title) is read in chunks,
so the tagger's cost stays linear and its batches small. An entity does not span two chunks."""
_SOFT_BREAKS = frozenset("،,؛;:")


def _chunks(sent: list[TokenSpan]) -> list[list[TokenSpan]]:
    """A sentence cut into runs of at most MAX_SENTENCE_TOKENS tokens, each after the last comma,
    semicolon or colon in its final fifth if there is one."""
    if len(sent) <= MAX_SENTENCE_TOKENS:
        return [sent]
    out = []
    at = 0
    while len(sent) - at > MAX_SENTENCE_TOKENS:
        cut = at + MAX_SENTENCE_TOKENS
        for j in range(cut - 1, at + MAX_SENTENCE_TOKENS * 4 // 5, -1):
            if sent[j][0] in _SOFT_BREAKS:
                cut = j + 1
                break
        out.append(sent[at:cut])
        at = cut
    out.append(sent[at:])
    return out


def extract_entities(text: str, model_dir: Path | str | None = None) -> list[Entity]:
    """Entities of `text` with character offsets into it: `text[e.start:e.end] == e.text`."""
    return extract_entities_many([text], model_dir)[0]


def extract_entities_many(texts: Sequence[str], model_dir: Path | str | None = None) -> list[list[Entity]]:
    """`extract_entities` for many texts at once: every sentence of every text goes to the tagger in
    one call, which batches them (fewer, larger matrix products). The result is the same as one
    call per text."""
    split = [[chunk for s in sentence_tokens(text) for chunk in _chunks(s)] for text in texts]
    sentences = [[tok for tok, _, _ in s] for sents in split for s in sents]
    tags = tag_tokens(sentences, model_dir) if sentences else []
    out: list[list[Entity]] = []
    at = 0
    for text, sents in zip(texts, split, strict=True):
        out.append(_entities(text, sents, tags[at : at + len(sents)]))
        at += len(sents)
    return out
