"""`--ner-model DIR` with a Hugging Face model: a tiny random BERT built here, nothing downloaded."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from rasad.cli_ner import ner_command
from rasad.extract.entities import load_tagger, tag_tokens

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "حسن", "روحانی", "در", "تهران", "گفت", ".", "##ی"]
LABELS = ["O", "B-PER", "I-PER", "B_LOC", "I_LOC", "B-MISC"]


def _tiny_model(folder: Path, force: str) -> Path:
    pytest.importorskip("torch", reason="transformers backend test needs torch")
    transformers = pytest.importorskip("transformers", reason="transformers backend test needs transformers")
    import torch

    (folder / "vocab.txt").write_text("\n".join(VOCAB) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizerFast(vocab_file=str(folder / "vocab.txt"), do_lower_case=False)
    config = transformers.BertConfig(
        vocab_size=len(VOCAB), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
        intermediate_size=32, max_position_embeddings=64, num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)), label2id={label: i for i, label in enumerate(LABELS)},
    )  # fmt: skip
    torch.manual_seed(0)
    model = transformers.BertForTokenClassification(config)
    with torch.no_grad():  # make one label win everywhere, so the output is known
        model.classifier.weight.zero_()
        model.classifier.bias.fill_(-5.0)
        model.classifier.bias[LABELS.index(force)] = 5.0
    model.save_pretrained(str(folder))
    tokenizer.save_pretrained(str(folder))
    return folder


def test_transformers_model_from_folder(tmp_path: Path) -> None:
    folder = _tiny_model(tmp_path, "B_LOC")
    tagger = load_tagger(folder)
    assert type(tagger).__name__ == "TransformersTagger"
    sents = [["حسن", "روحانی", "در", "تهران", "گفت", "."], [], ["ناشناخته‌ای"]]
    assert tag_tokens(sents, folder) == [["B-LOC"] * 6, [], ["B-LOC"]]


def test_transformers_labels_mapped(tmp_path: Path) -> None:
    folder = _tiny_model(tmp_path, "B-MISC")  # a type rasad does not have: O
    assert tag_tokens([["حسن", "روحانی"]], folder) == [["O", "O"]]


def test_cli_with_transformers_model(tmp_path: Path) -> None:
    folder = _tiny_model(tmp_path, "B-PER")
    result = CliRunner().invoke(ner_command, ["--ner-model", str(folder)], input="حسن\nروحانی\n\nتهران\n")
    assert result.exit_code == 0, result.output
    assert result.stdout == "حسن\tB-PER\nروحانی\tB-PER\n\nتهران\tB-PER\n"
