"""Exports: a search's hits, a person's quotes, a story's articles as CSV (UTF-8 with BOM), JSONL
or XLSX, streamed (rasad.export.writers), from rows read through the Store contract
(rasad.export.tables). `rasad export ...` (rasad.cli_export) and the web app's /export/...
downloads (rasad.web.exports) are thin layers over these."""

from rasad.export.tables import quotes_table, search_table, story_table
from rasad.export.writers import FORMATS, MEDIA_TYPES, Format, Table, check_format, encode, write

__all__ = ["FORMATS", "MEDIA_TYPES", "Format", "Table", "check_format", "encode", "quotes_table", "search_table",
           "story_table", "write"]
