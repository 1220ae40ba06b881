"""Files and folders to raw documents, and bytes to text with the checks bad input needs."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rasad import settings
from rasad.errors import InputError, RasadError
from rasad.models import Article, RawDocument
from rasad.text.charset import detect_encoding, mostly_utf8

MAX_BYTES = settings.setting("max_bytes").default  # the default; RASAD_MAX_BYTES is read at each call
SUFFIXES = (".txt", ".text", ".json", ".html", ".htm", ".xml", ".rss", ".atom", ".md")
_ARABIC_SCRIPT = range(0x0600, 0x0700)
# C0 control bytes a text file does not hold (tab, newlines, form feed and escape excepted)
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_CONTROL_CHARS = dict.fromkeys(_CONTROL_BYTES)


def display_path(path: str | Path) -> str:
    """A path as text that can be printed, stored and sent as JSON: bytes of a file name that are
    not UTF-8 are written `\\xff` (the name itself is untouched for reading)."""
    text = os.fspath(path)
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _arabic_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    return sum(ord(c) in _ARABIC_SCRIPT for c in letters) / len(letters)


def decode_text(data: bytes, source: str, declared: str | None = None) -> str:
    """Decode a file's bytes: a BOM, a declared charset, then UTF-8 or Windows-1256 (common in older
    Persian archives), as rasad.text.charset decides for fetched pages. Bytes that are UTF-8 but
    for a few stray ones stay UTF-8, the stray bytes replaced by U+FFFD. Unlike a page, a file
    that is empty, binary or none of these is refused with an InputError naming it. Control
    characters (a NUL deep in a text file) are dropped."""
    if not data.strip():
        raise InputError(source, "empty file")
    head = data[:8192]
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if not utf16:
        if b"\x00" in head or len(head) - len(head.translate(None, _CONTROL_BYTES)) > len(head) // 20:
            raise InputError(source, "binary content, not text")
        if len(data) - len(data.translate(None, _CONTROL_BYTES)) > len(data) // 20:
            raise InputError(source, "binary content after the first 8 KB, not text")
    encoding = detect_encoding(data, f"text/plain; charset={declared}" if declared else None)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace") if encoding == "utf-8" and mostly_utf8(data) else ""
    except LookupError:
        text = ""
    # charset's last resort is Windows-1256, which decodes almost any bytes: accept it only when it
    # yields mostly Persian or Arabic letters
    if not text or (encoding == "cp1256" and _arabic_share(text) < 0.5):
        raise InputError(source, "not valid UTF-8, and not Windows-1256 Persian text either")
    return text.replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROL_CHARS)


_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _os_reason(exc: OSError, path: Path) -> str:
    """Why reading `path` failed, in a few words, from the OS error."""
    if isinstance(exc, PermissionError):
        return "permission denied"
    if exc.errno == errno.ELOOP:
        return "a symlink loop (too many levels of symbolic links)"
    if isinstance(exc, FileNotFoundError):
        try:
            return f"a broken symlink (to {display_path(os.readlink(path))})"
        except (OSError, ValueError):
            return "no such file"
    return f"could not be read: {exc.strerror or type(exc).__name__}"


def _folder_reason(path: Path) -> str:
    try:
        with os.scandir(path):
            pass
    except OSError as exc:
        return f"folder cannot be read ({_os_reason(exc, path)}): nothing below it was read"
    return "is a folder; give files, or ingest the folder"


def read_document(path: str | Path, max_bytes: int | None = None) -> RawDocument:
    """Read one file into a RawDocument (text already decoded). Raises InputError, or ConfigError
    for a bad RASAD_MAX_BYTES. `max_bytes` defaults to the `max_bytes` setting (RASAD_MAX_BYTES).

    Only a regular file is opened: a folder, a device (/dev/zero), a FIFO or a socket is refused
    from its status, before it is opened, and no more than `max_bytes` are ever read (a file that
    grows while it is read, or a /proc file that says it is empty, is refused past the limit)."""
    if max_bytes is None:
        max_bytes = settings.get("max_bytes")
    path = Path(path)
    source = display_path(path)
    try:
        status = os.stat(path)
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        raise InputError(source, _os_reason(exc, path) if isinstance(exc, OSError) else "not a file name") from None
    if stat.S_ISDIR(status.st_mode):
        raise InputError(source, _folder_reason(path))
    if not stat.S_ISREG(status.st_mode):
        raise InputError(source, f"{_kind(status.st_mode)}, not a regular file: not read")
    too_big = f"over the {max_bytes / 1e6:.1f} MB limit (RASAD_MAX_BYTES raises it)"
    if status.st_size > max_bytes:
        raise InputError(source, f"file is {status.st_size / 1e6:.1f} MB, {too_big}")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
        try:
            opened = os.fstat(fd)
            if not stat.S_ISREG(opened.st_mode):  # swapped for something else since the stat above
                raise InputError(source, f"{_kind(opened.st_mode)}, not a regular file: not read")
            chunks, size = [], 0
            while size <= max_bytes and (chunk := os.read(fd, min(1 << 20, max_bytes + 1 - size))):
                chunks.append(chunk)
                size += len(chunk)
        finally:
            os.close(fd)
    except OSError as exc:
        raise InputError(source, _os_reason(exc, path)) from None
    if size > max_bytes:
        raise InputError(source, f"file grew past the limit while read: {too_big}")
    text = decode_text(b"".join(chunks), source)
    fetched = datetime.fromtimestamp(opened.st_mtime, tz=UTC)
    return RawDocument(source=source, content=text, fetched=fetched, media_type=media_type_of(path, text))


def media_type_of(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix == ".json" or text.lstrip().startswith(("[", "{")):
        return "application/json"
    if suffix in (".html", ".htm") or text.lstrip()[:15].lower().startswith(("<!doctype", "<html")):
        return "text/html"
    return "text/plain"


def read_articles(path: str | Path, max_bytes: int | None = None) -> list[Article]:
    """The articles of one file (`read_document`, then `rasad.parse.parse_document`): the one error
    boundary for an input. Raises InputError naming the file (ConfigError for a bad
    RASAD_MAX_BYTES) and nothing else: any other failure while this file is read or parsed becomes
    an InputError of this file, so a batch reports it and goes on."""
    from rasad.parse import parse_document

    document = read_document(path, max_bytes)
    try:
        return parse_document(document)
    except RasadError:
        raise
    except Exception as exc:
        raise InputError(document.source, f"could not be read: {type(exc).__name__}: {exc}"[:300]) from None


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
    """Files named, and files with a known suffix below folders named, in a stable order (a folder's
    entries by name, each sub-folder's files where it comes).

    A path that cannot be read as a file is yielded as is, so that reading it (`read_document`)
    reports why: a name that does not exist, a symlink loop or a broken symlink, a device, FIFO or
    socket (refused from its status, never opened), a folder that cannot be listed (permission
    denied: reading it says nothing below it was read).

    Files that are not articles (`skip_reason`) are not yielded: each is appended to `skipped`,
    when given, with its reason, in order; so is a symlink below a named folder that leads out of
    it (to /etc/passwd) or to another folder. Hidden files (`.name`) below a folder are ignored
    without a note. Nothing here raises for a bad entry."""
    for item in paths:
        path = Path(item)
        try:
            is_dir = path.is_dir()
        except (OSError, ValueError):
            is_dir = False
        if not is_dir:
            reason = skip_reason(path, named=True) if os.path.lexists(path) else None
            if reason is None:
                yield path
            elif skipped is not None:
                skipped.append(Skipped(path, reason))
            continue
        yield from _walk(path, os.path.realpath(path), skipped)


def _walk(folder: Path, root: str, skipped: list[Skipped] | None) -> Iterator[Path]:
    """The files below `folder` (whose real path is below `root`, the folder named)."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:
        yield folder  # read_document says why it cannot be listed
        return

    def skip(path: Path, reason: str) -> None:
        if skipped is not None:
            skipped.append(Skipped(path, reason))

    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            link = entry.is_symlink()
            mode = os.stat(path).st_mode  # follows a symlink: ELOOP or ENOENT for a bad one
        except (OSError, ValueError):
            yield path  # a symlink loop, a broken symlink, an entry that cannot be looked at
            continue
        if link:
            target = os.path.realpath(path)
            if os.path.commonpath([root, target]) != root:
                skip(path, f"a symlink to {display_path(target)}, outside the folder named: not read")
                continue
            if stat.S_ISDIR(mode):
                skip(path, "a symlink to a folder: its files are read where they are")
                continue
        if stat.S_ISDIR(mode):
            yield from _walk(path, root, skipped)
        elif not stat.S_ISREG(mode):
            yield path  # a device, FIFO or socket: read_document refuses it without opening it
        elif (reason := skip_reason(path)) is None:
            yield path
        else:
            skip(path, reason)


__all__ = [
    "MAX_BYTES", "NOT_ARTICLES", "Skipped", "decode_text", "display_path", "iter_paths", "read_articles",
    "read_document", "skip_reason",
]
