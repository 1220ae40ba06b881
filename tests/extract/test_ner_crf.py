"""The CRF backend (`model.json` backend "crf"): a tiny model trained here, loaded through load_tagger."""

from __future__ import annotations

import json
from pathlib import Path

from rasad.extract._crf import load_clusters, load_gazetteer
from rasad.extract._ner_features import sentence_features
from rasad.extract.entities import load_tagger, tag_tokens

TRAIN = [
    (["حسن", "روحانی", "در", "تهران", "گفت"], ["B-PER", "I-PER", "O", "B-LOC", "O"]),
    (["علی", "لاریجانی", "به", "اصفهان", "رفت"], ["B-PER", "I-PER", "O", "B-LOC", "O"]),
    (["وزارت", "کشور", "اعلام", "کرد"], ["B-ORG", "I-ORG", "O", "O"]),
]


def test_crf_backend(tmp_path: Path) -> None:
    import pycrfsuite

    (tmp_path / "clusters.tsv").write_text("تهران\t1 2 3\nاصفهان\t1 2 3\n", encoding="utf-8")
    (tmp_path / "gazetteer_loc.txt").write_text("تهران\nاصفهان\n", encoding="utf-8")
    clusters = load_clusters(tmp_path / "clusters.tsv")
    gazetteer = load_gazetteer(tmp_path / "gazetteer_loc.txt")
    trainer = pycrfsuite.Trainer(verbose=False)
    for tokens, tags in TRAIN * 5:
        trainer.append(sentence_features(tokens, clusters, gazetteer), tags)
    trainer.set_params({"c1": 0.0, "c2": 0.01, "max_iterations": 50})
    trainer.train(str(tmp_path / "crf.crfsuite"))
    spec = {"backend": "crf", "model": "crf.crfsuite", "clusters": "clusters.tsv",
            "gazetteer": "gazetteer_loc.txt"}
    (tmp_path / "model.json").write_text(json.dumps(spec), encoding="utf-8")
    assert type(load_tagger(tmp_path)).__name__ == "CrfTagger"
    assert tag_tokens([TRAIN[0][0], []], tmp_path) == [TRAIN[0][1], []]
