"""Tables of rows written as CSV, JSONL or XLSX, streamed: rows are pulled from an iterator and
written as they come, so a table of 100k rows costs the memory of a few.

A `Table` is any stream of rows (dicts keyed by its columns): a search's hits, a person's quotes,
a story's articles, a watch's alerts. `encode` turns one into chunks of bytes in a format (what the
web app streams); `write` sends them to a file (what the CLI does).

- CSV: UTF-8 with a byte order mark (Excel opens Persian intact only with one), RFC 4180 quoting
  (a field with a comma, a quote or a line break is quoted, quotes doubled), CRLF line ends. Text
  is written unchanged; a cell that starts with `=` is a formula to Excel, so open untrusted text
  as XLSX, where every text cell is text.
- JSONL: one JSON object a line, UTF-8, Persian as is (not \\u escapes).
- XLSX: openpyxl in write-only mode (rows go to a temporary file as they come), one sheet, right
  to left, a bold frozen header row. Text stays text (a leading `=` is not a formula); characters
  XLSX cannot hold (ASCII control characters other than tab and line breaks) are left out, and a
  cell is cut at Excel's 32,767 characters.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO, Literal, cast, get_args

from rasad.errors import InputError

__all__ = ["FORMATS", "MEDIA_TYPES", "Format", "Table", "check_format", "encode", "write"]

Format = Literal["csv", "jsonl", "xlsx"]
FORMATS: tuple[str, ...] = get_args(Format)
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/jsonl; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
BOM = "\ufeff"
CHUNK_BYTES = 64 * 1024  # text formats are sent in pieces of about this size
PROGRESS_EVERY = 500  # rows between two progress reports
XLSX_CELL_MAX = 32_767  # Excel's longest text in a cell
Progress = Callable[[int], None]


@dataclass(slots=True)
class Table:
    """Rows to export: `name` titles the file and the sheet, `columns` orders the fields, `rows`
    yields dicts keyed by them (missing keys are empty), `total` is the row count when known."""

    name: str
    columns: tuple[str, ...]
    rows: Iterable[dict[str, Any]]
    total: int | None = None

    def filename(self, fmt: str) -> str:
        return f"rasad-{self.name}.{fmt}"


def check_format(value: str) -> Format:
    """The format a name stands for; InputError naming the known ones otherwise."""
    if value not in FORMATS:
        raise InputError("format", f"{value!r} is not an export format (one of {', '.join(FORMATS)})")
    return cast(Format, value)


def encode(table: Table, fmt: str, on_progress: Progress | None = None) -> Iterator[bytes]:
    """The table in a format, as chunks of bytes, produced as the rows are read. `on_progress`
    hears the rows written so far, every few hundred and at the end."""
    encoders = {"csv": _csv, "jsonl": _jsonl, "xlsx": _xlsx}
    return encoders[check_format(fmt)](table, on_progress or (lambda _: None))


def write(table: Table, fmt: str, out: BinaryIO, on_progress: Progress | None = None) -> None:
    """The table in a format, written to a binary stream."""
    for chunk in encode(table, fmt, on_progress):
        out.write(chunk)


def _counted(rows: Iterable[dict[str, Any]], on_progress: Progress) -> Iterator[dict[str, Any]]:
    n = 0
    for n, row in enumerate(rows, 1):
        yield row
        if n % PROGRESS_EVERY == 0:
            on_progress(n)
    on_progress(n)


def _text_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _csv(table: Table, on_progress: Progress) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)  # excel dialect: minimal quoting, doubled quotes, CRLF
    buffer.write(BOM)
    writer.writerow(table.columns)
    for row in _counted(table.rows, on_progress):
        writer.writerow([_text_cell(row.get(c)) for c in table.columns])
        if buffer.tell() >= CHUNK_BYTES:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _jsonl(table: Table, on_progress: Progress) -> Iterator[bytes]:
    lines: list[str] = []
    size = 0
    for row in _counted(table.rows, on_progress):
        line = json.dumps({c: row.get(c) for c in table.columns}, ensure_ascii=False) + "\n"
        lines.append(line)
        size += len(line)
        if size >= CHUNK_BYTES // 2:  # characters: a Persian one is two bytes
            yield "".join(lines).encode("utf-8")
            lines, size = [], 0
    if lines:
        yield "".join(lines).encode("utf-8")


def _xlsx(table: Table, on_progress: Progress) -> Iterator[bytes]:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=table.name[:31] or "rasad")
    sheet.sheet_view.rightToLeft = True
    sheet.freeze_panes = "A2"
    for i, column in enumerate(table.columns, 1):
        sheet.column_dimensions[get_column_letter(i)].width = WIDTHS.get(column, 14)
    bold = Font(bold=True)
    header = []
    for column in table.columns:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = bold
        header.append(cell)
    sheet.append(header)

    def cell_of(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_CELL_MAX]
        if not value.startswith("="):
            return value
        text = WriteOnlyCell(sheet, value=value)
        text.data_type = "s"  # text, not a formula
        return text

    for row in _counted(table.rows, on_progress):
        sheet.append([cell_of(row.get(c)) for c in table.columns])
    with tempfile.TemporaryFile() as spool:
        book.save(spool)
        spool.seek(0)
        while chunk := spool.read(CHUNK_BYTES):
            yield chunk


WIDTHS = {"title": 60, "snippet": 80, "text": 80, "url": 40, "speaker": 24, "agency_name": 22, "published": 26,
          "published_jalali": 14, "role": 20}
