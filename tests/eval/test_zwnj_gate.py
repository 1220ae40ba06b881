"""Evaluation gate: ZWNJ restoration on real news may not fall below the level reached.

Builds the joined and spaced tasks from a fixed quarter of ../shared/data/ir_news_dev with the
shared make_zwnj_task.py, runs them through the normalizer (what `rasad normalize` does: letters,
digits, spacing and ZWNJ) and scores with score_zwnj.py, both run as they are.
The shipped lexicon was built with these files too: this guards against regressions,
the held-out figures in docs/benchmarks.md measure generalization.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rasad.text.normalize import normalize_line, normalize_lines, sanitize

pytestmark = [pytest.mark.shared, pytest.mark.slow]

SUBSET_STEP = 4  # every 4th dev file in name order: about 15k sentences, all four agencies
# Reached on this subset when the gate was set (issue #14, third round: f1_accept joined 0.9577,
# spaced 0.9528; f1_joined 0.9159 and 0.9167; the second round reached 0.9557, 0.9523, 0.9136,
# 0.9141, the first 0.9513, 0.9509, 0.9082, 0.9125; lower than on all of dev because the scorer
# judges style by the gold it is given), less a margin of 0.01. The held-out figures are in
# docs/benchmarks.md.
GATE = {"joined": 0.9477, "spaced": 0.9428}
GATE_JOINED = {"joined": 0.9059, "spaced": 0.9067}
# Each article's lines together (`normalize_lines`, as the parsers run it; issue #14, s7-zq):
# f1_accept joined 0.9599, spaced 0.9545; f1_joined 0.9177, 0.9237 when set (the lines one by
# one gave 0.9577, 0.9528, 0.9159, 0.9167 at that commit), less 0.01.
GATE_ARTICLES = {"joined": 0.9499, "spaced": 0.9445}
GATE_ARTICLES_JOINED = {"joined": 0.9077, "spaced": 0.9137}


@pytest.fixture(scope="module")
def zwnj_task(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """gold/joined/spaced built from the fixed subset of dev files."""
    files = sorted((shared_dir / "data" / "ir_news_dev").glob("*_*.txt"))[::SUBSET_STEP]
    if not files:
        pytest.fail(f"no IR-News dev files under {shared_dir}/data/ir_news_dev")
    out = tmp_path_factory.mktemp("zwnj_task")
    script = shared_dir / "eval" / "make_zwnj_task.py"
    subprocess.run([sys.executable, str(script), str(out), *map(str, files)], check=True,
                   stdout=subprocess.DEVNULL)
    return out


def _article_sizes(shared_dir: Path) -> list[int]:
    """Lines each file of the subset gives the task (make_zwnj_task.py: its non-empty sentences)."""
    sizes = []
    for path in sorted((shared_dir / "data" / "ir_news_dev").glob("*_*.txt"))[::SUBSET_STEP]:
        rows = path.read_text(encoding="utf-8").split("\n")[2:]
        sizes.append(sum(1 for row in rows if "\t" in row and row.split("\t", 1)[1].strip()))
    return sizes


def _by_article(lines: list[str], sizes: list[int]) -> list[str]:
    """`normalize_lines` over each article's lines (the parsers' way), the rest line by line."""
    out: list[str] = []
    for size in sizes:
        out += normalize_lines(lines[len(out):len(out) + size])
    return out + [normalize_line(line) for line in lines[len(out):]]


@pytest.mark.parametrize("task", sorted(GATE))
def test_f1_accept_stays_above_gate(shared_dir: Path, zwnj_task: Path, task: str) -> None:
    _gate(shared_dir, zwnj_task, task, articles=False)


@pytest.mark.parametrize("task", sorted(GATE))
def test_articles_stay_above_gate(shared_dir: Path, zwnj_task: Path, task: str) -> None:
    """The same, each article's lines normalized together (`normalize_lines`, as the parsers do)."""
    _gate(shared_dir, zwnj_task, task, articles=True)


def _gate(shared_dir: Path, zwnj_task: Path, task: str, articles: bool) -> None:
    lines = (zwnj_task / f"{task}.txt").read_text(encoding="utf-8").split("\n")
    gold_lines = (zwnj_task / "gold.txt").read_text(encoding="utf-8").split("\n")
    normalized = _by_article(lines, _article_sizes(shared_dir)) if articles else None
    # lines the sanitizer repairs (cp1256 mojibake, soft hyphens, C1 codes) have a gold that is not
    # Persian as a reader sees it: left out, so that only ZWNJ decisions are scored
    kept = [i for i, gold in enumerate(gold_lines) if sanitize(gold) == gold]
    gold = zwnj_task / f"gold_{task}_kept.txt"
    gold.write_text("\n".join(gold_lines[i] for i in kept), encoding="utf-8")
    output = zwnj_task / f"rasad_{task}.txt"
    output.write_text("\n".join(normalized[i] if normalized else normalize_line(lines[i]) for i in kept),
                      encoding="utf-8")
    scorer = shared_dir / "eval" / "score_zwnj.py"
    done = subprocess.run([sys.executable, str(scorer), str(gold), str(output)],
                          check=True, capture_output=True, text=True, cwd=str(scorer.parent))
    figures = json.loads(done.stdout)
    # the normalizer drops bidi controls and zero-width spaces, which the scorer counts as letters
    assert figures["unaligned_letters"] <= 20, "normalization changed letters"  # 12 and 10 when set
    assert figures["f1_accept"] >= (GATE_ARTICLES if articles else GATE)[task], figures
    assert figures["f1_joined"] >= (GATE_ARTICLES_JOINED if articles else GATE_JOINED)[task], figures
