"""Files and folders to raw documents, and bytes to text with the checks bad input needs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rasad import settings
from rasad.errors import InputError
from rasad.models import RawDocument
from rasad.text.charset import detect_encoding

MAX_BYTES = settings.setting("max_bytes").default  # the default; RASAD_MAX_BYTES is read at each call
SUFFIXES = (".txt", ".text", ".json", ".html", ".htm", ".xml", ".rss", ".atom", ".md")
_ARABIC_SCRIPT = range(0x0600, 0x0700)


def _arabic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(ord(c) in _ARABIC_SCRIPT for c in letters) / len(letters)


def decode_text(data: bytes, source: str, declared: str | None = None) -> str:
    """Decode a file's bytes: a BOM, a declared charset, then UTF-8 or Windows-1256 (common in older
    Persian archives), as rasad.text.charset decides for fetched pages. Unlike a page, a file
    that is empty, binary or none of these is refused with an InputError naming it."""
    if not data.strip():
        raise InputError(source, "empty file")
    head = data[:8192]
    if not head.startswith((b"\xff\xfe", b"\xfe\xff")) and (
            b"\x00" in head or sum(b < 9 or 13 < b < 32 for b in head) > len(head) // 20):
        raise InputError(source, "binary content, not text")
    encoding = detect_encoding(data, f"text/plain; charset={declared}" if declared else None)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        text = ""
    # charset's last resort is Windows-1256, which decodes almost any bytes: accept it only when it
    # yields mostly Persian or Arabic letters
    if not text or (encoding == "cp1256" and _arabic_share(text) < 0.5):
        raise InputError(source, "not valid UTF-8, and not Windows-1256 Persian text either")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def media_type_of(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix == ".json" or text.lstrip().startswith(("[", "{")):
        return "application/json"
    if suffix in (".html", ".htm") or text.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
        return "text/html"
    return "text/plain"


def read_document(path: str | Path, max_bytes: int | None = None) -> RawDocument:
    """Read one file into a RawDocument (text already decoded). Raises InputError, or ConfigError
    for a bad RASAD_MAX_BYTES. `max_bytes` defaults to the `max_bytes` setting (RASAD_MAX_BYTES)."""
    if max_bytes is None:
        max_bytes = settings.get("max_bytes")
    path = Path(path)
    source = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(source, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit "
                                     "(RASAD_MAX_BYTES raises it)")
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(source, "no such file") from None
    except IsADirectoryError:
        raise InputError(source, "is a folder; give files, or ingest the folder") from None
    except PermissionError:
        raise InputError(source, "permission denied") from None
    text = decode_text(data, source)
    fetched = datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    return RawDocument(source=source, content=text, fetched=fetched, media_type=media_type_of(path, text))


# Files that document a dataset rather than hold articles: README.md, LICENSE, SOURCE.txt ...
NOT_ARTICLES = frozenset({
    "authors", "changelog", "changes", "citation", "contributing", "copying", "licence", "license", "manifest",
    "notice", "readme", "source", "sources",
})


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file `iter_paths` passed over, and why (for the caller to report)."""

    path: Path
    reason: str


def skip_reason(path: Path, named: bool = False) -> str | None:
    """Why `path` is not read as an article, or None. A dataset's documentation (README*, LICENSE,
    SOURCE.txt, NOTICE ...) is skipped wherever it is; a file of an unknown type only when it was
    found in a folder (`named=False`): a file named on the command line is read whatever its suffix."""
    stem = path.name.split(".", 1)[0].lower()
    if stem in NOT_ARTICLES or stem.startswith(("readme", "license", "licence")):
        return "not an article (a dataset's documentation: README, LICENSE, SOURCE ...)"
    if not named and path.suffix.lower() not in SUFFIXES:
        return f"not an article file type ({path.suffix or 'no suffix'}; read: {' '.join(SUFFIXES)})"
    return None


def iter_paths(paths: list[str | Path], skipped: list[Skipped] | None = None) -> Iterator[Path]:
    """Files named, and files with a known suffix below folders named, in a stable order.
    A path that does not exist is yielded as is, so that reading it reports the error.

    Files that are not articles (`skip_reason`) are not yielded: each is appended to `skipped`,
    when given, with its reason, in order. Hidden files (`.name`) below a folder are ignored
    without a note."""
    for item in paths:
        path = Path(item)
        if path.is_dir():
            children = [c for c in sorted(path.rglob("*")) if c.is_file() and not c.name.startswith(".")]
        else:
            children = [path]
        for child in children:
            reason = skip_reason(child, named=child is path) if child.exists() else None
            if reason is None:
                yield child
            elif skipped is not None:
                skipped.append(Skipped(child, reason))


__all__ = ["MAX_BYTES", "NOT_ARTICLES", "Skipped", "decode_text", "iter_paths", "read_document", "skip_reason"]
