"""`rasad export` end to end, in process (click's runner), on the shipped samples: the rows are
`rasad search`'s hits, formats from the option or the file's extension, clean errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from rasad.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "rasad" / "data" / "samples"


@pytest.fixture
def run(memory_url: str):
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, list(args), env={"RASAD_DB": memory_url}, catch_exceptions=False)

    assert invoke("ingest", "-q", str(SAMPLES)).exit_code == 0
    return invoke


def searched(run, *args: str) -> list[dict]:
    result = run("search", *args, "--format", "jsonl", "-n", "1000")
    return [json.loads(line) for line in result.output.splitlines()]


@pytest.mark.parametrize("args", [(), ("آب",), ("--agency", "ایسنا"), ("مشهد", "--collapse"),
                                  ("--since", "1404/08/12"), ("--person", "کامران نیک‌خواه")])
def test_search_csv_to_stdout_is_rasad_search(run, args: tuple[str, ...]) -> None:
    result = run("export", "search", *args)
    assert result.exit_code == 0, result.output
    raw = result.stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    hits = searched(run, *args)
    assert [int(r["id"]) for r in rows] == [h["id"] for h in hits]
    assert [r["title"] for r in rows] == [h["title"] for h in hits]


def test_formats_from_the_extension_and_the_option(run, tmp_path: Path) -> None:
    hits = searched(run, "آب")
    result = run("export", "search", "آب", "-o", str(tmp_path / "hits.xlsx"))
    assert result.exit_code == 0 and f"{len(hits)} rows" in result.stderr
    sheet = openpyxl.load_workbook(tmp_path / "hits.xlsx").worksheets[0]
    assert [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)] == [h["id"] for h in hits]
    result = run("export", "search", "آب", "--format", "jsonl", "-o", str(tmp_path / "hits.txt"))
    lines = (tmp_path / "hits.txt").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["snippet"] for line in lines] == [h["snippet"] for h in hits]
    assert not list(tmp_path.glob(".*part"))  # nothing left beside the files


def test_quotes_and_story(run) -> None:
    quotes = [json.loads(line) for line in run("quotes", "--format", "jsonl", "-n", "1000").output.splitlines()]
    rows = [json.loads(line) for line in run("export", "quotes", "--format", "jsonl").output.splitlines()]
    assert [r["id"] for r in rows] == [q["id"] for q in quotes] and rows
    assert [r["text"] for r in rows] == [q["text"] for q in quotes]
    mine = run("export", "quotes", "--speaker", "نیک‌خواه").stdout_bytes.decode("utf-8-sig")
    assert {r["speaker"] for r in csv.DictReader(io.StringIO(mine))} == {"کامران نیکخواه"}
    story = [json.loads(line) for line in run("export", "story", "1", "--format", "jsonl").output.splitlines()]
    assert [s["first"] for s in story] == [True, False] and story[0]["how"] == "first"


def test_errors_are_one_line(run, tmp_path: Path) -> None:
    result = run("export", "story", "999")
    assert result.exit_code == 2 and "no story with id 999" in result.stderr
    result = run("export", "search", "--format", "xlsx")
    assert result.exit_code == 2 and "-o FILE.xlsx" in result.stderr
    result = run("export", "search", "--since", "دیروز")
    assert result.exit_code == 2 and "--since" in result.stderr
    result = run("export", "search", "-o", str(tmp_path / "no" / "such" / "x.csv"))
    assert result.exit_code == 1 and "no such folder" in result.stderr
    result = run("export", "search", "--format", "pdf")
    assert result.exit_code == 2
