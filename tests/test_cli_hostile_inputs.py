"""Issue #10 at the command line: `rasad analyze` and `rasad ingest` on a folder with one bad file
of each kind and good ones: exit status 1, the good ones processed, one line per bad file naming it
and the reason, no traceback. The unreadable folder and file are made so for root too (a
monkeypatch of the OS calls, see tests/parse/test_hostile_files.py)."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from rasad.cli import main
from tests.parse.test_hostile_files import unreadable  # noqa: F401  (a fixture)

ARTICLE = "عنوان خبر\n\nوزیر کشور گفت: این یک متن آزمایشی است.\n"
LONG = "وزیر کشور گفت: انتخابات در موعد مقرر برگزار می‌شود و همه آماده‌اند. " * 30


@pytest.fixture
def hostile_folder(tmp_path: Path, unreadable: Callable[[Path], None]) -> tuple[Path, dict[str, str], set[str]]:  # noqa: F811
    """A folder of hostile files: (folder, {bad file name: what its line says}, good file names)."""
    folder = tmp_path / "in"
    folder.mkdir()
    bad = {
        "link_list.json": "JSON field 'link' is a list, not text",
        "link_number.json": "JSON field 'link' is a number, not text",
        "deep.json": "JSON nested too deep",
        "big_int.json": "number too long",
        "loop.txt": "symlink loop",
        "fifo.txt": "a FIFO (named pipe), not a regular file",
        "binary.txt": "binary content",
        "locked": "folder cannot be read (permission denied)",
        "secret.txt": "permission denied",
        "odd\\xffname.json": "JSON is not an article object",
        "]x[red].json": "invalid JSON",
        "passwd.txt": "a symlink to /etc/passwd, outside the folder named",
    }
    (folder / "link_list.json").write_text(json.dumps({"title": "تیتر", "link": ["http://a/1"]}))
    (folder / "link_number.json").write_text(json.dumps({"title": "تیتر", "link": 983}))
    (folder / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (folder / "big_int.json").write_text('{"title": "تیتر", "id": ' + "7" * 5000 + "}")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    os.mkfifo(folder / "fifo.txt")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)))
    (folder / "locked").mkdir()
    (folder / "locked" / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "secret.txt").write_text(ARTICLE, encoding="utf-8")
    Path(os.fsdecode(bytes(folder) + b"/odd\xffname.json")).write_text("[1, 2]")
    (folder / "[").mkdir()
    (folder / "[" / "]x[red].json").write_text("{")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    unreadable(folder / "locked")
    unreadable(folder / "secret.txt")
    # good ones, some odd but readable
    (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "surrogate.json").write_text('{"title": "تیتر \\ud800 دوم", "body": "متن"}')
    (folder / "stray_byte.txt").write_bytes("تیتر سوم\n\n".encode() + LONG.encode()[:300] + b"\xff"
                                            + LONG.encode()[300:])
    return folder, bad, {"good.txt", "surrogate.json", "stray_byte.txt"}


def check_lines(stderr: str, folder: Path, bad: dict[str, str]) -> None:
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.startswith("rasad:")]
    assert len(lines) == len(bad), lines
    for name, says in bad.items():
        mine = [line for line in lines if line.removeprefix("rasad: ").removeprefix("skipped ").startswith(
            f"{folder}/") and name in line and says in line]
        assert len(mine) == 1, (name, says, lines)


def test_analyze_a_folder_of_hostile_files(hostile_folder: tuple[Path, dict[str, str], set[str]]) -> None:
    folder, bad, good = hostile_folder
    result = CliRunner().invoke(main, ["analyze", str(folder), "--format", "jsonl"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert {r["file"] for r in records} == good
    assert {r["title"] for r in records} == {"عنوان خبر", "تیتر \ufffd دوم", "تیتر سوم"}
    check_lines(result.stderr, folder, bad)


def test_ingest_a_folder_of_hostile_files(hostile_folder: tuple[Path, dict[str, str], set[str]],
                                          memory_url: str) -> None:
    folder, bad, _ = hostile_folder
    result = CliRunner().invoke(main, ["ingest", str(folder), "--db", memory_url, "-q"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    check_lines(result.stderr, folder, bad)
    assert f"3 added, 0 updated, 0 unchanged, {len(bad) - 1} failed" in result.stderr
    search = CliRunner().invoke(main, ["search", "وزیر", "--db", memory_url, "--format", "jsonl"])
    assert search.exit_code == 0 and len(search.stdout.splitlines()) == 2  # good.txt and stray_byte.txt


@pytest.mark.parametrize("command", ["analyze", "ingest"])
def test_an_unreadable_file_named_does_not_stop_the_readable_ones(
        command: str, tmp_path: Path, unreadable: Callable[[Path], None], memory_url: str) -> None:  # noqa: F811
    (tmp_path / "secret.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    unreadable(tmp_path / "secret.txt")
    extra = ["--db", memory_url, "-q"] if command == "ingest" else []
    result = CliRunner().invoke(main, [command, str(tmp_path / "secret.txt"), str(tmp_path / "good.txt"),
                                       "/dev/zero", *extra])
    assert result.exit_code == 1, result.output
    assert f"rasad: {tmp_path / 'secret.txt'}: permission denied" in result.stderr
    assert "rasad: /dev/zero: a character device, not a regular file" in result.stderr
    if command == "analyze":
        assert json.loads(result.stdout)[0]["file"] == "good.txt"
    else:
        assert "1 added" in result.stderr
