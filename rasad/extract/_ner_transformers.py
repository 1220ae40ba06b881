"""A Hugging Face token-classification model from a local folder (the `transformers` extra).

Each word is tagged with the label of its first sub-word. Labels in any of the usual spellings
(B-PER, B_PERS, I-pers, B-EVE ...) are mapped onto rasad's tag set by `ner_data.map_tag`; labels
rasad has no type for become O. Nothing is downloaded: the folder must hold the model and tokenizer.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rasad.errors import ModelError
from rasad.extract.ner_data import map_tag


class TransformersTagger:
    def __init__(self, model_dir: Path, max_length: int = 512, batch_size: int = 16) -> None:
        try:
            import torch
            from transformers import AutoModelForTokenClassification, AutoTokenizer
        except ImportError as exc:
            raise ModelError(
                "a transformers NER model needs the optional extra: pip install 'rasad[transformers]'"
            ) from exc
        try:
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
        except ImportError:  # pragma: no cover - older transformers
            pass
        try:
            self.tokenizer: Any = AutoTokenizer.from_pretrained(str(model_dir), local_files_only=True)
            self.model: Any = AutoModelForTokenClassification.from_pretrained(
                str(model_dir), local_files_only=True
            )
        except (OSError, ValueError) as exc:
            raise ModelError(f"cannot load the transformers model in {model_dir}: {exc}") from exc
        if not getattr(self.tokenizer, "is_fast", False):
            raise ModelError(f"{model_dir}: a fast tokenizer is needed (tokenizer.json or a vocab)")
        self.model.eval()
        self.torch = torch
        self.labels = [map_tag(self.model.config.id2label[i]) for i in range(self.model.config.num_labels)]
        self.max_length = max_length
        self.batch_size = batch_size

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[str]]:
        out: list[list[str]] = []
        for b in range(0, len(sentences), self.batch_size):
            batch = [list(s) for s in sentences[b : b + self.batch_size]]
            nonempty = [s for s in batch if s]
            if not nonempty:
                out.extend([] for _ in batch)
                continue
            enc = self.tokenizer(nonempty, is_split_into_words=True, truncation=True,
                                 max_length=self.max_length, padding=True, return_tensors="pt")
            with self.torch.no_grad():
                pred = self.model(**enc).logits.argmax(-1).tolist()
            results = iter(range(len(nonempty)))
            for s in batch:
                if not s:
                    out.append([])
                    continue
                r = next(results)
                tags = ["O"] * len(s)
                seen: set[int] = set()
                for k, wid in enumerate(enc.word_ids(r)):
                    if wid is not None and wid not in seen:
                        seen.add(wid)
                        tags[wid] = self.labels[pred[r][k]]
                out.append(tags)
        return out
