"""Bad input gets a clear error naming the file and the reason, and loses nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasad.acquire.files import decode_text, read_document
from rasad.errors import InputError
from rasad.pipeline import analyze_paths

ARTICLE = "عنوان خبر\n\nوزیر کشور گفت: این یک متن آزمایشی است.\n"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"  \n\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("hello wörld".encode("latin-1") + b"\xff\xfe\xfa", "not valid UTF-8"),
    ],
)
def test_unreadable_files_name_file_and_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_document(path)
    assert str(path) in str(info.value) and reason in str(info.value)


# Windows-1256 has no Persian yeh: archives in it write the Arabic one.
ARTICLE_1256 = ARTICLE.replace("ی", "\u064a")


def test_windows_1256_is_detected_and_decoded(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes(ARTICLE_1256.encode("cp1256"))
    assert read_document(path).content == ARTICLE_1256


def test_utf8_bom_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    assert read_document(path).content == ARTICLE


def test_declared_charset_wins() -> None:
    assert decode_text(ARTICLE_1256.encode("cp1256"), "x", declared="windows-1256") == ARTICLE_1256


def test_oversized_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("w", encoding="utf-8") as fh:
        fh.write(ARTICLE * (20 * 1024 * 1024 // len(ARTICLE.encode("utf-8")) + 1))
    with pytest.raises(InputError, match="MB limit"):
        read_document(path)


def test_folder_with_one_bad_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "c.txt").write_text(ARTICLE.replace("عنوان", "تیتر"), encoding="utf-8")
    outcomes = list(analyze_paths([tmp_path]))
    assert [Path(o.source).name for o in outcomes] == ["a.txt", "b.txt", "c.txt"]
    assert [o.error is None for o in outcomes] == [True, False, True]
    assert "b.txt: binary" in str(outcomes[1].error)


def test_missing_file_and_folder_given_as_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_document(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="folder"):
        read_document(tmp_path)


def test_invalid_json(tmp_path: Path) -> None:
    path = tmp_path / "dump.json"
    path.write_text('[{"title": "x", ', encoding="utf-8")
    [outcome] = analyze_paths([path])
    assert outcome.error is not None and "invalid JSON" in str(outcome.error)
