"""The shipped NER model: loads, tags, offsets; PEYMA dev F1 gate; the transformers backend."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rasad.errors import ModelError
from rasad.extract.entities import extract_entities, load_tagger, tag_tokens
from rasad.extract.ner_data import PEYMA_TYPES, ZWNJ, map_tag, read_gold_column, repair_bio, write_tagged
from rasad.text.tokenize import sentence_tokens, token_spans

# PEYMA dev micro F1 over its seven types measured for the shipped model (docs/benchmarks.md)
DEV_F1 = 0.838
MARGIN = 0.01
SEEDS_FOUND = 11  # of 15 gold people, organizations and places in the two seeds, exact span and type

SENTENCE = "حسن روحانی رئیس جمهور ایران روز شنبه در تهران با وزیر امور خارجه فرانسه دیدار کرد."


def test_model_loads_once() -> None:
    assert load_tagger() is load_tagger()


def test_missing_model_folder(tmp_path: Path) -> None:
    with pytest.raises(ModelError):
        load_tagger(tmp_path / "nowhere")
    with pytest.raises(ModelError):
        load_tagger(tmp_path)  # a folder with no model in it


def test_tag_tokens_shapes() -> None:
    sents = [["حسن", "روحانی", "در", "تهران", "گفت"], [], ["ایران"]]
    tags = tag_tokens(sents)
    assert [len(t) for t in tags] == [5, 0, 1]
    assert all(t == "O" or t[:2] in ("B-", "I-") for s in tags for t in s)


def test_known_entities() -> None:
    found = {(e.text, e.type) for e in extract_entities(SENTENCE)}
    assert ("حسن روحانی", "PER") in found
    assert ("تهران", "LOC") in found
    assert ("ایران", "LOC") in found


def test_offsets_point_into_text() -> None:
    text = "گزارش:\n\n" + SENTENCE + "  علی لاریجانی در مجلس شورای اسلامی گفت ۲۰ درصد افزایش یافت."
    entities = extract_entities(text)
    assert entities
    for e in entities:
        assert text[e.start : e.end] == e.text
    assert any(e.type == "PER" and "لاریجانی" in e.text for e in entities)


def test_zwnj_kept_in_words() -> None:
    spans = token_spans("سازمان‌های بین‌المللی (سازمان ملل) ۱۲٫۵ درصد.")
    expected = ["سازمان‌های", "بین‌المللی", "(", "سازمان", "ملل", ")", "۱۲٫۵", "درصد", "."]
    assert [t for t, _, _ in spans] == expected
    assert len(sentence_tokens("یک. دو\nسه")) == 3


def test_tag_mapping() -> None:
    assert map_tag("B_PER") == "B-PER"
    assert map_tag("I-pers") == "I-PER"
    assert map_tag("B-PERS") == "B-PER"
    assert map_tag("B-fac") == "B-FAC"
    assert map_tag("B-pro") == "O"
    assert map_tag("I-MISC") == "O"
    assert repair_bio(["I-PER", "I-PER", "I-LOC", "O", "I-ORG"]) == ["B-PER", "I-PER", "B-LOC", "O", "B-ORG"]


@pytest.mark.shared
def test_peyma_dev_f1_gate(shared_dir: Path, tmp_path: Path) -> None:
    gold = shared_dir / "data" / "ner" / "peyma" / "dev.txt"
    sents = read_gold_column(gold)
    t0 = time.perf_counter()
    tags = tag_tokens([[t.replace(" ", ZWNJ) for t in s] for s in sents])
    assert time.perf_counter() - t0 < 60
    out = tmp_path / "dev_pred.txt"
    write_tagged(out, sents, tags, PEYMA_TYPES)
    res = subprocess.run([sys.executable, str(shared_dir / "eval" / "score_ner.py"), str(gold), str(out)],
                         capture_output=True, text=True, check=True)
    f1 = json.loads(res.stdout)["micro"]["f1"]
    assert f1 >= DEV_F1 - MARGIN, f"PEYMA dev micro F1 {f1} fell below {DEV_F1} - {MARGIN}"


def test_fill_only_on_o_gaps() -> None:
    from rasad.extract._bilstm import _fill

    tags = ["B-ORG", "I-ORG", "O", "O", "O"]
    extra = ["B-FAC", "I-FAC", "B-EVENT", "I-EVENT", "B-PER"]
    assert _fill(tags, extra, {"FAC", "EVENT"}) == ["B-ORG", "I-ORG", "B-EVENT", "I-EVENT", "O"]


@pytest.mark.shared
def test_seed_entities(shared_dir: Path) -> None:
    """The seed articles' gold people, organizations and places (ZWNJ as scraped: deleted)."""
    gold = json.loads((shared_dir / "seeds" / "gold.json").read_text(encoding="utf-8"))
    found = total = 0
    for article in gold:
        text = (shared_dir / "seeds" / article["file"]).read_text(encoding="utf-8")
        entities = extract_entities(text)
        items = [(p["name"], "PER") for p in article["persons"]]
        items += [(o, "ORG") for o in article["organizations"]]
        items += [(loc, "LOC") for loc in article["locations"]]
        for name, typ in items:
            total += 1
            bare = name.replace(ZWNJ, "")
            found += any(e.type == typ and e.text.replace(ZWNJ, "") == bare for e in entities)
    assert found >= SEEDS_FOUND, f"{found} of {total} seed entities found exactly"


def test_ensemble_averages_networks(tmp_path: Path) -> None:
    """An ensemble of one network twice tags as that network does; networks that disagree on their
    tag set cannot be combined."""
    import numpy as np

    from rasad.extract._bilstm import BiLstmTagger
    from rasad.extract.entities import default_model_dir

    name = json.loads((default_model_dir() / "model.json").read_text(encoding="utf-8"))["model"]
    single_path = default_model_dir() / (name[0] if isinstance(name, list) else name)
    sents = [[tok for tok, _, _ in s] for s in sentence_tokens(SENTENCE + " علی لاریجانی در مجلس گفت.")]
    assert BiLstmTagger([single_path, single_path]).tag(sents) == BiLstmTagger(single_path).tag(sents)
    folder = tmp_path / "ensemble"
    folder.mkdir()
    (folder / "model.json").write_text(json.dumps({"backend": "bilstm", "model": ["a.npz", "b.npz"]}))
    for name in ("a.npz", "b.npz"):
        (folder / name).symlink_to(single_path)
    assert len(load_tagger(folder).networks) == 2
    assert tag_tokens(sents, folder) == tag_tokens(sents)

    with np.load(single_path) as z:
        arrays = {k: z[k] for k in z.files}
    arrays["tags"] = arrays["tags"][::-1]
    other = tmp_path / "other.npz"
    np.savez(other, **arrays)
    with pytest.raises(ModelError, match="share"):
        BiLstmTagger([single_path, other])


def test_loading_the_tagger_caps_blas_threads() -> None:
    """numpy's BLAS runs the NER on one thread (RASAD_BLAS_THREADS): a thread per core made it
    several times slower on a busy machine."""
    from threadpoolctl import threadpool_info

    from rasad.extract.entities import load_tagger

    load_tagger()
    blas = [lib for lib in threadpool_info() if lib["user_api"] == "blas"]
    assert blas and all(lib["num_threads"] == 1 for lib in blas)
