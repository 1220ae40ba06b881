"""Very large inputs cost in proportion to their size (#10): a guard against quadratic blow-ups
(every extractor once looped over pairs of names, places, quotes or tokens), not a speed figure;
the figures are bench/bench_large.py's (docs/benchmarks.md, "Large inputs")."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from rasad.pipeline import Pipeline, analyze_text, build_pipeline
from tests.conftest import REPO, require_shared

pytestmark = [pytest.mark.slow, pytest.mark.shared]

SMALL_MB, LARGE_MB = 0.2, 0.8
GROWTH = 8.0  # 4 times the input: about 4 times the time when linear, 16 times when quadratic
TITLE_SECONDS = 60.0  # a 1 MB title: ~4 s on the shared machine (it took 9-17 s and 650 MB more before)
TITLE_MB = 550.0  # peak RSS over the process's own after the pipeline is built: ~410 MB now


def _seconds(text: str, pipeline: Pipeline) -> float:
    start = time.process_time()  # CPU, not the wall clock: other jobs on the machine do not stretch it
    analyze_text(text, pipeline=pipeline)
    return time.process_time() - start


@pytest.mark.parametrize("shape", ["quotes", "runon", "names", "paragraph"])
def test_cost_grows_linearly(shape: str) -> None:
    """Parsing, metadata, places, quotes and persons (the rule-based stages, where the blow-ups were)
    on 0.2 and 0.8 MB of one shape: best of two runs each."""
    require_shared("data", "ir_news_dev")
    from bench.bench_large import build

    pipeline = build_pipeline(stages=["metadata", "places", "quotes"])
    analyze_text(build(shape, 0.02), pipeline=pipeline)  # lexicons and patterns load once
    small, large = build(shape, SMALL_MB), build(shape, LARGE_MB)
    t_small = min(_seconds(small, pipeline) for _ in range(2))
    t_large = min(_seconds(large, pipeline) for _ in range(2))
    assert t_large < GROWTH * t_small, f"{shape}: {t_small:.2f} s at {SMALL_MB} MB, {t_large:.2f} s at {LARGE_MB} MB"


def test_one_megabyte_title() -> None:
    """A 1 MB title with no sentence end, through the whole pipeline (the NER included), in a
    process of its own so its peak memory is its own."""
    require_shared("data", "ir_news_dev")
    done = subprocess.run([sys.executable, str(REPO / "bench" / "bench_large.py"), "--case", "title", "1"],
                          capture_output=True, text=True, cwd=REPO, timeout=300, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["seconds"] < TITLE_SECONDS, result
    assert result["peak_mb"] - result["base_mb"] < TITLE_MB, result
    assert result["entities"] > 0
