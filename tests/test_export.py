"""Exports (rasad.export): the rows of a search export are the search's hits, every page in order,
on real Persian articles and on every backend; each format reads back (csv module, json,
openpyxl) with the Persian text unchanged; hostile cells stay text; rows are streamed."""

from __future__ import annotations

import csv
import io
import json
import tracemalloc
from collections.abc import Iterator
from datetime import date
from typing import Any

import openpyxl
import pytest

from rasad.errors import InputError, NotFound
from rasad.export import Table, check_format, encode, quotes_table, search_table, story_table, write
from rasad.export.tables import SEARCH_COLUMNS
from rasad.pipeline import analyze_paths
from rasad.store import open_store
from rasad.store.memory import MemoryStore
from rasad.store.values import SearchFilters
from tests.conftest import require_shared

BOM = b"\xef\xbb\xbf"
ZWNJ = "\u200c"


@pytest.fixture(scope="module")
def real_stores(tmp_path_factory: pytest.TempPathFactory):
    """Real articles (shared/data/ir_news_dev, two outlets) in both backends, a story linked."""
    folder = require_shared("data", "ir_news_dev")
    files = sorted(folder.glob("roozno_data_1*.txt"))[:120] + sorted(folder.glob("tabnak_data_1*.txt"))[:120]
    articles = [a for outcome in analyze_paths(files) for a in outcome.articles]
    assert len(articles) >= 230
    urls = {"sqlite": f"sqlite:///{tmp_path_factory.mktemp('export') / 'real.db'}", "memory": "memory://export-real"}
    MemoryStore.forget(urls["memory"])
    stores = {name: open_store(url) for name, url in urls.items()}
    for store in stores.values():
        ids = [store.add(article).id for article in articles]
        store.save_story(ids[5], [(ids[5], None), (ids[130], "cites"), (ids[7], "near-duplicate")])
    yield stores
    for store in stores.values():
        store.close()
    MemoryStore.forget(urls["memory"])


@pytest.fixture(params=["sqlite", "memory"])
def store(request: pytest.FixtureRequest, real_stores):
    return real_stores[request.param]


def paged_hits(store, query: str, filters: SearchFilters | None = None, collapse: bool = False) -> list[Any]:
    """What the search page shows, page after page of 20."""
    hits, page = [], 0
    while True:
        result = store.search(query, filters, limit=20, offset=page * 20, collapse=collapse)
        hits += result.hits
        page += 1
        if page * 20 >= result.total:
            return hits


def exported(table: Table, fmt: str) -> bytes:
    out = io.BytesIO()
    write(table, fmt, out)
    return out.getvalue()


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def xlsx_rows(data: bytes) -> list[tuple[Any, ...]]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    return list(book.worksheets[0].iter_rows(values_only=True))


SEARCHES = [
    ("ایران", None, False),
    (f"می{ZWNJ}شود", None, False),
    ("", SearchFilters(since=date(2000, 1, 1)), False),
    ("", None, True),
    ('"رئیس جمهور"', None, False),
]


@pytest.mark.parametrize(("query", "filters", "collapse"), SEARCHES)
def test_csv_rows_are_the_searchs_hits(store, query: str, filters: SearchFilters | None, collapse: bool) -> None:
    hits = paged_hits(store, query, filters, collapse)
    assert len(hits) > 20 or query.startswith('"')  # more than one page
    rows = csv_rows(exported(search_table(store, query, filters, collapse), "csv"))
    assert tuple(rows[0]) == SEARCH_COLUMNS
    assert [int(r[0]) for r in rows[1:]] == [h.id for h in hits]
    assert [r[1] for r in rows[1:]] == [h.title for h in hits]  # Persian, ZWNJ and all, unchanged
    assert [r[10] for r in rows[1:]] == [h.snippet for h in hits]
    assert [r[4] for r in rows[1:]] == [h.published or "" for h in hits]


def test_xlsx_and_jsonl_hold_the_same_rows(store) -> None:
    hits = paged_hits(store, "ایران")
    sheet = xlsx_rows(exported(search_table(store, "ایران"), "xlsx"))
    assert sheet[0] == SEARCH_COLUMNS
    assert [(r[0], r[1], r[10]) for r in sheet[1:]] == [(h.id, h.title, h.snippet) for h in hits]
    lines = exported(search_table(store, "ایران"), "jsonl").decode("utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert records == [{c: h.to_record()[c] for c in SEARCH_COLUMNS} for h in hits]
    assert "\\u" not in lines[0]  # Persian as is, not escaped


def test_story_export_marks_the_first_publisher(store) -> None:
    [story] = store.stories(limit=1)
    assert len(story.articles) == 3
    rows = list(csv.DictReader(io.StringIO(exported(story_table(store, story.id), "csv").decode("utf-8-sig"))))
    assert [int(r["id"]) for r in rows] == [a.id for a in story.articles]
    assert [r["first"] for r in rows].count("true") == 1
    first = next(r for r in rows if r["first"] == "true")
    assert int(first["id"]) == story.id and first["how"] == "first"
    assert {r["how"] for r in rows if r["first"] == "false"} <= {"cites", "near-duplicate", "both", "related"}
    with pytest.raises(NotFound):
        story_table(store, 10**9)


def test_quotes_export_is_rasad_quotes_without_a_limit(store) -> None:
    expected = store.quotes(limit=100_000)
    assert len(expected) > 20
    sheet = xlsx_rows(exported(quotes_table(store), "xlsx"))
    assert [r[0] for r in sheet[1:]] == [q.id for q in expected]
    assert [r[sheet[0].index("text")] for r in sheet[1:]] == [q.text for q in expected]
    person = next(q.person_id for q in expected if q.person_id)
    mine = store.quotes(person_id=person, limit=100_000)
    rows = csv_rows(exported(quotes_table(store, person_id=person), "csv"))
    assert [int(r[0]) for r in rows[1:]] == [q.id for q in mine]
    with pytest.raises(NotFound):
        quotes_table(store, person_id=10**9)


HOSTILE = [
    {"id": 1, "title": 'تیتر با "نقل‌قول"، ویرگول, و\nدو خط', "score": 1.5, "first": True, "url": None},
    {"id": 2, "title": "=HYPERLINK(\"http://x\")", "score": -0.25, "first": False, "url": "https://ilna.ir/n/1"},
    {"id": 3, "title": "کنترل\x01\x1bنویسه\r\nو فاصله\u200cها", "score": 0, "first": None, "url": ""},
]
COLUMNS = ("id", "title", "score", "first", "url")


def test_csv_quotes_what_it_must_and_round_trips() -> None:
    rows = csv_rows(exported(Table("t", COLUMNS, iter(HOSTILE)), "csv"))
    assert rows[0] == list(COLUMNS)
    assert rows[1] == ["1", HOSTILE[0]["title"], "1.5", "true", ""]
    assert rows[2] == ["2", HOSTILE[1]["title"], "-0.25", "false", "https://ilna.ir/n/1"]
    assert rows[3][1] == HOSTILE[2]["title"]


def test_xlsx_keeps_text_as_text() -> None:
    data = exported(Table("t", COLUMNS, iter(HOSTILE)), "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    assert sheet.sheet_view.rightToLeft
    cells = list(sheet.iter_rows(min_row=2))
    assert cells[1][1].value == HOSTILE[1]["title"] and cells[1][1].data_type == "s"  # not a formula
    assert cells[0][1].value == HOSTILE[0]["title"] and cells[0][3].value is True
    assert cells[2][1].value == "کنترلنویسه\r\nو فاصله\u200cها"  # control characters XLSX cannot hold, out
    assert [c.value for c in cells[0]][2] == 1.5


def test_an_empty_table_is_a_header() -> None:
    assert csv_rows(exported(Table("t", COLUMNS, iter([])), "csv")) == [list(COLUMNS)]
    assert exported(Table("t", COLUMNS, iter([])), "jsonl") == b""
    assert xlsx_rows(exported(Table("t", COLUMNS, iter([])), "xlsx")) == [COLUMNS]


def test_unknown_format_is_an_input_error() -> None:
    with pytest.raises(InputError, match="csv, jsonl, xlsx"):
        check_format("pdf")
    with pytest.raises(InputError):
        list(encode(Table("t", COLUMNS, iter([])), "xls"))


def synthetic(n: int) -> Iterator[dict[str, Any]]:
    for i in range(n):
        yield {"id": i, "title": f"وزیر کشور از مشهد بازدید کرد و درباره طرح شماره {i} گفت", "score": i / 7,
               "first": i % 2 == 0, "url": f"https://www.isna.ir/news/{1400000000 + i}/"}


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "xlsx"])
def test_many_rows_are_streamed(fmt: str) -> None:
    """20k rows: the peak of Python memory while exporting stays far below what the rows take when
    held at once (about 1 KB a row here): each format keeps a few rows, not all."""
    progress: list[int] = []
    tracemalloc.start()
    try:
        size = 0
        for chunk in encode(Table("t", COLUMNS, synthetic(20_000)), fmt, progress.append):
            size += len(chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    tracemalloc.start()
    try:
        held = list(synthetic(20_000))
        _, all_rows = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(held) == 20_000 and progress[-1] == 20_000 and size > 1_000_000 * (fmt != "xlsx")
    assert peak < 2_000_000 < all_rows / 3, (peak, all_rows)


def test_search_export_streams_from_the_store(tmp_path) -> None:
    """A search export of thousands of SQLite hits: the peak stays bounded by the batch, far below
    the hits held at once."""
    from rasad.models import Agency, Article

    with open_store(f"sqlite:///{tmp_path / 'many.db'}") as store:
        for i in range(3000):
            store.add(Article(title=f"گزارش شماره {i} درباره آب", paragraphs=[
                f"متن گزارش {i}: مصرف آب در مشهد کم می‌شود و {'طرح‌های تازه ' * (i % 9)}اجرا می‌شود."],
                agency=Agency("ISNA", "خبرگزاری دانشجویان ایران")))
        tracemalloc.start()
        try:
            rows = sum(chunk.count(b"\n") for chunk in encode(search_table(store, "آب"), "csv"))
            _, streamed = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        tracemalloc.start()
        try:
            held = store.search("آب", limit=3000).hits
            _, at_once = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert rows == 3001 and len(held) == 3000
    assert streamed < at_once / 2, (streamed, at_once)
