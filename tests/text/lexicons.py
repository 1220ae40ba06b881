"""ZWNJ lexicons for tests: a tiny one compiled from a few words and pairs and installed for the
test's duration, and the shipped one with its header changed."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from rasad.text import zwnj


@contextmanager
def lexicon_in_use(folder: Path, data: bytes) -> Iterator[Path]:
    """The compiled lexicon DATA written to FOLDER and used until the block ends."""
    (folder / zwnj.LEXICON_FILE).write_bytes(data)
    zwnj.use_lexicon_dir(folder)
    try:
        yield folder
    finally:
        zwnj.use_lexicon_dir(None)


def installed_lexicon(folder: Path, *tables: list[str]) -> AbstractContextManager[Path]:
    """`compile_lexicon(*tables)` written to FOLDER and used until the block ends."""
    return lexicon_in_use(folder, zwnj.compile_lexicon(*tables))


def with_header(data: bytes, change: Callable[[dict[str, Any]], None]) -> bytes:
    """A compiled lexicon whose JSON header CHANGE has edited, the rest as it was."""
    end = data.index(b"\n", len(zwnj._MAGIC))
    header = json.loads(data[len(zwnj._MAGIC):end])
    change(header)
    head = json.dumps(header, ensure_ascii=False, sort_keys=True).encode() + b"\n"
    return zwnj._MAGIC + head + data[end + 1:]


def damaged_news_lines(first: int) -> list[str]:
    """Every 10th IR-News dev file from the FIRST: each line as written, with its ZWNJ deleted and
    with its ZWNJ spaced (the inputs the restorer meets)."""
    from rasad.text.normalize import normalize_letters
    from tests.conftest import require_shared

    lines = []
    for path in sorted(require_shared("data", "ir_news_dev").glob("*_*.txt"))[first::10]:
        for line in path.read_text(encoding="utf-8").split("\n")[2:]:
            if "\t" in line:
                text = normalize_letters(line.split("\t", 1)[1])
                lines += [text, text.replace(zwnj.ZWNJ, ""), text.replace(zwnj.ZWNJ, " ")]
    return lines
