"""The lexicon builder on a tiny IR-News-shaped corpus written here, and the runtime reading it."""

from __future__ import annotations

import gzip
import importlib.util
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from rasad.text import zwnj

Z = zwnj.ZWNJ
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_zwnj_lexicon.py"
SENTENCES = [
    f"این کار انجام می{Z}شود و کتاب{Z}ها را می{Z}خوانند",
    f"آنها می{Z}گویند که کتاب{Z}های تازه می{Z}رسد",
    f"کتاب{Z}ها و دفتر{Z}ها را می{Z}آورند",
] * 3


def _load_builder() -> ModuleType:
    """scripts/build_zwnj_lexicon.py as a module (scripts/ is not a package)."""
    spec = importlib.util.spec_from_file_location("build_zwnj_lexicon", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write_agency(folder: Path, agency: str, sentences: list[str]) -> None:
    """One IR-News-format file: header, summary ids, then id<TAB>sentence lines."""
    lines = [f"{agency}###title###link###[]###2020-01-01 10:00:00###1###[]", "1"]
    lines += [f"{i}\t{s}" for i, s in enumerate(sentences, 1)]
    (folder / f"{agency}_1.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.fixture
def tiny_lexicon(tmp_path: Path) -> Iterator[Path]:
    """A lexicon built from one agency (another one is excluded), in use for the test."""
    news = tmp_path / "data" / "ir_news_dev"
    news.mkdir(parents=True)
    _write_agency(news, "tabnak", SENTENCES)
    _write_agency(news, "roozno", [f"میز{Z}ها"] * 5)
    out = tmp_path / "lexicon"
    _load_builder().build(tmp_path / "data", out, {"roozno"}, str(tmp_path / "no-hazm.dat"))
    zwnj.use_lexicon_dir(out)
    yield out
    zwnj.use_lexicon_dir(None)


def test_builder_writes_both_files(tiny_lexicon: Path) -> None:
    with gzip.open(tiny_lexicon / "zwnj_words.tsv.gz", "rt", encoding="utf-8") as fh:
        words = dict(line.rstrip("\n").split("\t") for line in fh)
    assert words[f"می{Z}شود"] == "3"
    assert f"میز{Z}ها" not in words  # the excluded agency's text is not counted
    with gzip.open(tiny_lexicon / "zwnj_pairs.tsv.gz", "rt", encoding="utf-8") as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh]
    assert all(len(row) == 7 for row in rows)
    assert ["کتاب", "ها", "0", "0", "6", "1", "1"] in rows


def test_runtime_reads_a_built_lexicon(tiny_lexicon: Path) -> None:
    assert zwnj.restore_zwnj("میشود") == f"می{Z}شود"
    assert zwnj.restore_zwnj("کتاب ها") == f"کتاب{Z}ها"


def test_builder_warns_without_hazm_words(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A lexicon built without hazm's words.dat is weaker than the one measured: the builder says
    so with a WARNING line naming where it looked (the bench tools show such lines)."""
    news = tmp_path / "data" / "ir_news_dev"
    news.mkdir(parents=True)
    _write_agency(news, "tabnak", SENTENCES)
    missing = tmp_path / "no-hazm.dat"
    _load_builder().build(tmp_path / "data", tmp_path / "lexicon", set(), str(missing))
    warnings = [line for line in capsys.readouterr().err.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1 and str(missing) in warnings[0] and "WITHOUT hazm" in warnings[0]


def test_builder_finds_hazm_words_in_the_baselines_venv(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    builder = _load_builder()
    words = tmp_path / "lib" / "python3.12" / "site-packages" / "hazm" / "data" / "words.dat"
    words.parent.mkdir(parents=True)
    words.write_text("کتاب\t10\tN\n", encoding="utf-8")
    monkeypatch.setattr(builder, "BASELINE_SITE", tmp_path / "lib")
    monkeypatch.setitem(__import__("sys").modules, "hazm", None)  # not importable here
    assert builder.find_hazm_words(None) == words
