"""`rasad ner`: tokens in, `token<TAB>TAG` out, line for line."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from rasad.cli_ner import ner_command, read_sentences

INPUT = "حسن\tO\nروحانی\nدر\nتهران\nگفت\n.\n\nوزیر\nکشور\n"


def test_round_trip_line_for_line() -> None:
    result = CliRunner().invoke(ner_command, [], input=INPUT)
    assert result.exit_code == 0, result.output
    out = result.stdout.splitlines()
    inp = INPUT.splitlines()
    assert len(out) == len(inp)
    for src, line in zip(inp, out, strict=True):
        if not src.strip():
            assert line == ""
            continue
        token, tag = line.split("\t")
        assert token == src.split("\t")[0]
        assert tag == "O" or tag[:2] in ("B-", "I-")


def test_file_argument_and_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "in.txt"
    path.write_text("\n\nایران\n\n\nتهران\n", encoding="utf-8")
    result = CliRunner().invoke(ner_command, [str(path)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.split("\n")
    assert lines[:2] == ["", ""]
    assert lines[2].startswith("ایران\t")
    assert lines[3:5] == ["", ""]
    assert lines[5].startswith("تهران\t")


def test_bad_model_folder(tmp_path: Path) -> None:
    result = CliRunner().invoke(ner_command, ["--ner-model", str(tmp_path)], input="ایران\n")
    assert result.exit_code != 0
    assert "model" in result.output


def test_read_sentences() -> None:
    assert read_sentences(["a\tX\n", "b\n", "\n", "c\n"]) == [["a", "b"], None, ["c"]]
