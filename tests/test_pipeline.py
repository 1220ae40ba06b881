"""The pipeline as objects: built once, named stages, picklable (to travel to a worker process),
a batch path that gives what the per-article path gives, and files that are not articles skipped."""

from __future__ import annotations

import copy
import multiprocessing
import pickle
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from click.testing import CliRunner

from rasad.acquire.files import Skipped, iter_paths, read_document
from rasad.cli import main
from rasad.errors import InputError, ModelError
from rasad.extract.entities import extract_entities, extract_entities_many
from rasad.models import Article
from rasad.parse import parse_document
from rasad.pipeline import (
    STAGES,
    EntityStage,
    Outcome,
    Pipeline,
    Stage,
    analyze_document,
    analyze_paths,
    build_pipeline,
    enrich,
)

from .conftest import require_shared

SAMPLES = Path(__file__).resolve().parents[1] / "rasad" / "data" / "samples"


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return build_pipeline()


@pytest.fixture(scope="module")
def parsed() -> list[Article]:
    return [a for path in sorted(SAMPLES.glob("*.txt")) for a in parse_document(read_document(path))]


def records(articles: list[Article]) -> list[dict]:
    return [a.to_record() for a in articles]


def test_built_pipeline_names_its_stages(pipeline: Pipeline) -> None:
    assert pipeline.names == ("metadata", "entities", "places", "quotes") == tuple(STAGES)
    assert all(isinstance(stage, Stage) for stage in pipeline)
    assert build_pipeline(stages=["metadata"]).names == ("metadata",)


def test_built_pipeline_pickles_without_the_weights(pipeline: Pipeline, parsed: list[Article]) -> None:
    data = pickle.dumps(pipeline)
    assert len(data) < 2000  # the model folder travels, not the model
    back = pickle.loads(data)
    assert back == pipeline and back.names == pipeline.names
    article = parsed[0]
    assert back.enrich(copy.deepcopy(article)).to_record() == pipeline.enrich(copy.deepcopy(article)).to_record()


def _enrich_in_worker(job: tuple[Pipeline, Article]) -> dict:
    pipeline, article = job
    return pipeline.enrich(article).to_record()


def test_pipeline_travels_to_a_fresh_process(pipeline: Pipeline, parsed: list[Article]) -> None:
    context = multiprocessing.get_context("spawn")  # a new interpreter: the model loads there, lazily
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        remote = pool.submit(_enrich_in_worker, (pipeline, copy.deepcopy(parsed[1]))).result(timeout=120)
    assert remote == pipeline.enrich(copy.deepcopy(parsed[1])).to_record()


def test_outcome_with_an_error_pickles(pipeline: Pipeline, tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_bytes(b"")
    (outcome,) = analyze_paths([tmp_path / "bad.txt"], pipeline)
    back = pickle.loads(pickle.dumps(outcome))
    assert isinstance(back.error, InputError) and back.error.reason == "empty file"
    assert back.source == outcome.source and str(back.error) == str(outcome.error)
    good = next(iter(analyze_paths([SAMPLES / "01_irna_water_khorasan.txt"], pipeline)))
    assert records(pickle.loads(pickle.dumps(good)).articles) == records(good.articles)
    assert pickle.loads(pickle.dumps(Outcome("x", skipped="why"))).skipped == "why"


def test_enrich_many_equals_enrich(pipeline: Pipeline, parsed: list[Article]) -> None:
    one_by_one = [pipeline.enrich(copy.deepcopy(a)) for a in parsed]
    together = pipeline.enrich_many(copy.deepcopy(parsed))
    assert records(together) == records(one_by_one)
    assert records([enrich(copy.deepcopy(a)) for a in parsed]) == records(one_by_one)  # the old entry point


def test_analyze_paths_batches_give_what_single_files_give(pipeline: Pipeline) -> None:
    batched = list(analyze_paths([SAMPLES], pipeline))
    single = list(analyze_paths([SAMPLES], pipeline, batch=1))
    assert [o.source for o in batched] == [o.source for o in single] == [str(p) for p in sorted(SAMPLES.glob("*"))
                                                                        if p.suffix == ".txt"]
    assert [records(o.articles) for o in batched] == [records(o.articles) for o in single]
    doc = read_document(SAMPLES / "03_mehr_library_week.txt")
    assert records(analyze_document(doc, pipeline)) == records(analyze_document(doc, list(pipeline)))


def test_entities_in_one_call_equal_one_call_per_article() -> None:
    folder = require_shared("data", "ir_news_dev")
    texts = [a.text for path in sorted(folder.glob("*_*.txt"))[:25] for a in parse_document(read_document(path))]
    assert len(texts) >= 20
    assert extract_entities_many(texts) == [extract_entities(text) for text in texts]
    assert extract_entities_many([]) == [] and extract_entities_many([""]) == [[]]


def test_a_bad_model_fails_at_build_time(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"neither model\.json"):
        build_pipeline(tmp_path)
    with pytest.raises(ModelError):
        EntityStage(tmp_path / "absent")


def test_analyze_with_a_bad_model_fails_once_with_exit_2(tmp_path: Path) -> None:
    files = [str(p) for p in sorted(SAMPLES.glob("*.txt"))]
    result = CliRunner().invoke(main, ["analyze", *files, "--ner-model", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.count("neither model.json") == 1 and "Traceback" not in result.output


def test_ner_model_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RASAD_NER_MODEL", str(tmp_path))
    with pytest.raises(ModelError):
        build_pipeline()


def test_files_that_are_not_articles_are_skipped_with_a_note(pipeline: Pipeline, tmp_path: Path) -> None:
    dataset = tmp_path / "dataset"
    dataset.mkdir()
    article = (SAMPLES / "01_irna_water_khorasan.txt").read_text(encoding="utf-8")
    (dataset / "0001_a.txt").write_text(article, encoding="utf-8")
    for name in ("README.md", "LICENSE", "SOURCE.txt", "README_fars.md", "notes.csv"):
        (dataset / name).write_text("This dataset is licensed CC-BY.\n", encoding="utf-8")
    (dataset / ".hidden.txt").write_text(article, encoding="utf-8")
    skipped: list[Skipped] = []
    assert list(iter_paths([dataset], skipped)) == [dataset / "0001_a.txt"]
    assert sorted(s.path.name for s in skipped) == ["LICENSE", "README.md", "README_fars.md", "SOURCE.txt",
                                                    "notes.csv"]
    assert all(s.reason.startswith("not an article") for s in skipped)
    assert list(iter_paths([dataset / "SOURCE.txt"])) == []  # documentation, even when named
    outcomes = list(analyze_paths([dataset], pipeline))
    assert [o.source for o in outcomes if o.articles] == [str(dataset / "0001_a.txt")]
    assert sum(o.skipped is not None and not o.articles and o.error is None for o in outcomes) == 5
    result = CliRunner().invoke(main, ["analyze", str(dataset), "--format", "jsonl"])
    assert result.exit_code == 0 and "skipped" in result.output and "README.md" in result.output
