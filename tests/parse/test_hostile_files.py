"""Issue #10: nothing a file does stops or fools rasad. Each hostile file fails alone, with a reason
naming it, and the files after it are read; only regular files inside what was named are read.

Tests run as root in CI, where chmod 000 does not stop a read: `unreadable` makes a path unreadable
for real when the tests run as another user, and for root also makes the OS calls on it
(os.open, os.scandir) raise PermissionError, as they would for a user (a monkeypatch)."""

from __future__ import annotations

import json
import os
import socket
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from rasad.acquire.files import Skipped, decode_text, iter_paths, read_articles, read_document
from rasad.errors import InputError
from rasad.pipeline import Pipeline, analyze_paths
from rasad.text.charset import decode_body, detect_encoding

ARTICLE = "عنوان خبر\n\nوزیر کشور گفت: این یک متن آزمایشی است.\n"
NO_STAGES = Pipeline(())


def outcomes_by_name(paths: list[Path]) -> dict[str, object]:
    """name -> the error message, the skip reason, or the titles read."""
    found: dict[str, object] = {}
    for outcome in analyze_paths(paths, NO_STAGES):
        name = Path(outcome.source).name
        found[name] = (str(outcome.error) if outcome.error else outcome.skipped
                       or [a.title for a in outcome.articles])
    return found


# --- JSON dumps ---------------------------------------------------------------------------------

BAD_JSON = {
    "link_list.json": (json.dumps({"title": "تیتر", "link": ["http://a/1", "http://a/2"]}), "'link' is a list"),
    "link_number.json": (json.dumps({"title": "تیتر", "link": 5}), "'link' is a number"),
    "title_object.json": (json.dumps({"title": {"fa": "تیتر"}}), "'title' is an object"),
    "deep.json": ("[" * 100_000 + "]" * 100_000, "nested too deep"),
    "big_int.json": ('{"title": "تیتر", "id": ' + "9" * 5000 + "}", "number too long"),
    "not_objects.json": ("[1, 2, 3]", "not an article object"),
}


@pytest.mark.parametrize("name", sorted(BAD_JSON))
def test_a_bad_json_dump_fails_alone_and_the_next_file_is_read(tmp_path: Path, name: str) -> None:
    content, reason = BAD_JSON[name]
    (tmp_path / name).write_text(content, encoding="utf-8")
    (tmp_path / "zz_good.txt").write_text(ARTICLE, encoding="utf-8")
    found = outcomes_by_name([tmp_path])
    assert found["zz_good.txt"] == ["عنوان خبر"]
    assert isinstance(found[name], str) and str(tmp_path / name) in found[name] and reason in found[name]


def test_a_lone_surrogate_escape_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "surrogate.json"
    path.write_text('{"title": "تیتر \\ud800 خبر", "paragraphs": ["متن \\udfff"], "tags": ["\\ud800"]}')
    [article] = read_articles(path)
    record = json.dumps(article.to_record(), ensure_ascii=False).encode("utf-8")  # encodable: no surrogate
    assert "\ufffd" in article.title and b"\\ud800" not in record


def test_a_thousand_files_with_one_odd_link_lose_only_that_file(tmp_path: Path) -> None:
    for n in range(50):
        link = [f"http://a/{n}"] if n == 17 else f"http://a/{n}"
        (tmp_path / f"{n:04d}.json").write_text(json.dumps({"title": f"تیتر {n}", "link": link}))
    outcomes = list(analyze_paths([tmp_path], NO_STAGES))
    assert len(outcomes) == 50 and [o.source.endswith("0017.json") for o in outcomes if o.error] == [True]


def test_any_other_failure_of_a_parser_becomes_that_files_input_error(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import rasad.parse.rawtext as rawtext

    real = rawtext.parse_text

    def explode(text: str, source: str = "") -> object:
        if "boom" in source:
            raise KeyError("a bug")
        return real(text, source)

    monkeypatch.setattr("rasad.parse.parse_text", explode)
    (tmp_path / "a_boom.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b_good.txt").write_text(ARTICLE, encoding="utf-8")
    found = outcomes_by_name([tmp_path])
    assert found["a_boom.txt"] == f"{tmp_path / 'a_boom.txt'}: could not be read: KeyError: 'a bug'"
    assert found["b_good.txt"] == ["عنوان خبر"]


# --- files that are not what they seem ----------------------------------------------------------


def test_a_symlink_out_of_the_folder_is_skipped_with_a_reason(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    (tmp_path / "outside.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "up.txt").symlink_to(tmp_path / "outside.txt")
    (folder / "inside.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "alias.txt").symlink_to(folder / "inside.txt")  # inside what was named: read
    (folder / "sub").mkdir()
    (folder / "etc").symlink_to("/etc")
    skipped: list[Skipped] = []
    assert list(iter_paths([folder], skipped)) == [folder / "alias.txt", folder / "inside.txt"]
    reasons = {s.path.name: s.reason for s in skipped}
    assert reasons["passwd.txt"].startswith("a symlink to /etc/passwd, outside the folder named")
    assert "outside the folder named" in reasons["up.txt"] and "outside" in reasons["etc"]
    assert list(iter_paths([folder / "up.txt"])) == [folder / "up.txt"]  # named itself: read


def test_a_symlink_loop_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "broken.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    found = outcomes_by_name([tmp_path])
    assert "symlink loop" in str(found["a.txt"]) and "symlink loop" in str(found["b.txt"])
    assert "a broken symlink" in str(found["broken.txt"])
    assert found["good.txt"] == ["عنوان خبر"]
    assert "symlink loop" in outcomes_by_name([tmp_path / "a.txt"])["a.txt"]  # named on the command line


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused_before_they_are_read(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    start = time.monotonic()
    with pytest.raises(InputError, match="a character device, not a regular file"):
        read_document(device)
    assert time.monotonic() - start < 1


def test_a_fifo_and_a_socket_are_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")  # opening it for reading would block until a writer comes
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "sock.txt"))
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    try:
        start = time.monotonic()
        found = outcomes_by_name([tmp_path])
        assert time.monotonic() - start < 5
    finally:
        server.close()
    assert "a FIFO (named pipe), not a regular file" in str(found["pipe.txt"])
    assert "a socket, not a regular file" in str(found["sock.txt"])
    assert found["good.txt"] == ["عنوان خبر"]


def test_a_file_that_grows_past_the_limit_is_not_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A /proc file says it is empty: what is read is bounded by the limit, not by st_size."""
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE * 100, encoding="utf-8")
    real_stat = os.stat

    def says_empty(p: object, *args: object, **kwargs: object) -> os.stat_result:
        status = real_stat(p, *args, **kwargs)  # type: ignore[arg-type]
        return os.stat_result((status.st_mode, *status[1:6], 0, *status[7:]))

    monkeypatch.setattr(os, "stat", says_empty)
    with pytest.raises(InputError, match="grew past the limit"):
        read_document(path, max_bytes=1000)


@pytest.fixture
def unreadable(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], None]:
    """Make a file or folder unreadable: chmod 000, and for root (whom chmod does not stop) the
    OS calls that open it raise PermissionError."""
    denied: set[str] = set()
    chmodded: list[Path] = []
    if os.geteuid() == 0:
        real_open, real_scandir = os.open, os.scandir

        def check(path: object) -> None:
            if os.fspath(path) in denied:  # type: ignore[arg-type]
                raise PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore[arg-type]

        def fake_open(path: object, *args: object, **kwargs: object) -> int:
            check(path)
            return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

        def fake_scandir(path: object = ".") -> object:
            check(path)
            return real_scandir(path)  # type: ignore[call-overload]

        monkeypatch.setattr(os, "open", fake_open)
        monkeypatch.setattr(os, "scandir", fake_scandir)
        monkeypatch.setattr(os, "access", lambda path, mode, **kw: os.fspath(path) not in denied)

    def make(path: Path) -> None:
        denied.add(str(path))
        path.chmod(0)
        chmodded.append(path)

    yield make
    for path in chmodded:
        path.chmod(0o755)


def test_an_unreadable_folder_and_file_are_reported_not_skipped_in_silence(
        tmp_path: Path, unreadable: Callable[[Path], None]) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "inside.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "secret.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "zz_good.txt").write_text(ARTICLE, encoding="utf-8")
    unreadable(tmp_path / "locked")
    unreadable(tmp_path / "secret.txt")
    found = outcomes_by_name([tmp_path])
    assert found["locked"] == (f"{tmp_path / 'locked'}: folder cannot be read (permission denied): "
                               "nothing below it was read")
    assert found["secret.txt"] == f"{tmp_path / 'secret.txt'}: permission denied"
    assert found["zz_good.txt"] == ["عنوان خبر"]


def test_a_file_under_an_unreadable_folder_named_on_the_command_line(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root passes through a folder without permissions: the stat cannot fail here")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "inside.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "locked").chmod(0)
    try:
        found = outcomes_by_name([tmp_path / "locked" / "inside.txt"])
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert found["inside.txt"].endswith("permission denied")  # type: ignore[union-attr]


def test_a_file_under_a_folder_that_cannot_be_searched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a user meets for a file below a folder without x permission: stat raises PermissionError."""
    path = tmp_path / "locked" / "inside.txt"
    real_stat = os.stat

    def denied(p: object, *args: object, **kwargs: object) -> os.stat_result:
        if str(p).startswith(str(tmp_path / "locked")):
            raise PermissionError(13, "Permission denied", str(p))
        return real_stat(p, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", denied)
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    found = outcomes_by_name([path, tmp_path / "good.txt"])
    assert found == {"inside.txt": f"{path}: permission denied", "good.txt": ["عنوان خبر"]}


def test_file_names_that_are_not_utf8_or_look_like_markup(tmp_path: Path) -> None:
    odd = Path(os.fsdecode(bytes(tmp_path) + b"/bad\xffname.txt"))
    odd.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "[").mkdir()
    (tmp_path / "[" / "]x[red].txt").write_text(ARTICLE, encoding="utf-8")
    outcomes = list(analyze_paths([tmp_path], NO_STAGES))
    assert [o.source for o in outcomes] == [f"{tmp_path}/[/]x[red].txt", f"{tmp_path}/bad\\xffname.txt"]
    assert all(o.articles and o.error is None for o in outcomes)
    assert outcomes[1].articles[0].file == "bad\\xffname.txt"  # printable and storable


# --- decoding -----------------------------------------------------------------------------------

LONG = "وزیر کشور گفت: انتخابات در موعد مقرر برگزار می‌شود و همه آماده‌اند. " * 30


def test_a_stray_byte_in_utf8_keeps_utf8_with_a_replacement(tmp_path: Path) -> None:
    path = tmp_path / "stray.txt"
    data = LONG.encode("utf-8")
    path.write_bytes(data[:200] + b"\xff" + data[200:])
    text = read_document(path).content
    assert text.count("\ufffd") == 1 and text.replace("\ufffd", "") == LONG
    assert detect_encoding(data[:200] + b"\xff" + data[200:]) == "utf-8"
    assert decode_body(data + b"\xfe\xff")[0].startswith("وزیر کشور")


def test_windows_1256_is_still_windows_1256() -> None:
    text = LONG.replace("ی", "\u064a").replace("ک", "\u0643").replace("\u200c", " ")
    assert decode_text(text.encode("cp1256"), "x") == text


@pytest.mark.parametrize("declared", ["iso-8859-15", "koi8-r", "iso-8859-5", "mac-cyrillic", "cp1256"])
def test_a_declared_code_page_the_persian_bytes_contradict(declared: str) -> None:
    utf8 = LONG.encode("utf-8")
    assert decode_body(utf8, f"text/html; charset={declared}") == (LONG, "utf-8")
    cp1256 = LONG.replace("ی", "\u064a").replace("ک", "\u0643").replace("\u200c", " ")
    assert decode_body(cp1256.encode("cp1256"), f"text/html; charset={declared}") == (cp1256, "cp1256")


def test_nul_bytes_past_the_first_8_kb(tmp_path: Path) -> None:
    path = tmp_path / "nul.txt"
    path.write_bytes((ARTICLE * 200).encode("utf-8") + b"\x00\x00" + ARTICLE.encode("utf-8"))
    assert "\x00" not in read_document(path).content
    path.write_bytes((ARTICLE * 100).encode("utf-8") + b"\x00" * 100_000)  # a tail of zeros
    with pytest.raises(InputError, match="binary content after the first 8 KB"):
        read_document(path)


def test_a_stage_that_fails_on_one_article_fails_only_its_file(tmp_path: Path) -> None:
    from rasad.models import Article

    def fragile(article: Article) -> Article:
        if "بمب" in article.title:
            raise IndexError("a bug in a stage")
        return article

    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(ARTICLE.replace("عنوان", "بمب"), encoding="utf-8")
    (tmp_path / "c.txt").write_text(ARTICLE, encoding="utf-8")
    found = outcomes_by_name_with([tmp_path], [fragile])
    assert found == {"a.txt": ["عنوان خبر"], "b.txt": f"{tmp_path / 'b.txt'}: could not be analyzed: IndexError: "
                     "a bug in a stage", "c.txt": ["عنوان خبر"]}


def outcomes_by_name_with(paths: list[Path], stages: list[Callable[..., object]]) -> dict[str, object]:
    return {Path(o.source).name: str(o.error) if o.error else [a.title for a in o.articles]
            for o in analyze_paths(paths, stages)}  # type: ignore[arg-type]
