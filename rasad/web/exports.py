"""Downloads: a search's hits, a person's quotes and a story's articles as CSV, JSONL or XLSX
(rasad.export), streamed as they are read. The parameters are the pages' own: a download link
carries the page's query and filters, and the file holds every row the page shows across its
pages, in the same order.

    /export/search.{csv,jsonl,xlsx}?q=...&agency=...&since=...&person=...&collapse=1
    /export/people/{id}/quotes.{csv,jsonl,xlsx}?q=...&since=...&until=...
    /export/stories/{id}.{csv,jsonl,xlsx}

What is asked for is checked before the first byte (an unknown story is a 404, a bad day or format
a 422, with a JSON error); the store stays open until the last row is sent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import StreamingResponse

from rasad.export import MEDIA_TYPES, Table, encode, quotes_table, search_table, story_table
from rasad.store import Store, open_store
from rasad.web.params import parse_day, search_filters

__all__ = ["router"]

router = APIRouter(tags=["exports"])
Format = Annotated[Literal["csv", "jsonl", "xlsx"], Path(description="csv (UTF-8 with BOM), jsonl or xlsx")]
Id = Annotated[int, Path(ge=1, le=2**63 - 1)]
Day = Annotated[str | None, Query(max_length=40, description="a day: Jalali 1404/08/01 or Gregorian 2025-10-23")]
Words = Annotated[str, Query(max_length=500)]
Names = Annotated[list[str], Query(max_length=20)]


def download(request: Request, fmt: str, build: Callable[[Store], Table]) -> StreamingResponse:
    """The table `build` reads from the store, streamed in `fmt`; the store is closed after the
    last chunk, or at once if `build` refuses the request."""
    store = open_store(request.app.state.db_url, write=False)
    try:
        table = build(store)
    except BaseException:
        store.close()
        raise

    def chunks() -> Iterator[bytes]:
        try:
            yield from encode(table, fmt)
        finally:
            store.close()

    return StreamingResponse(chunks(), media_type=MEDIA_TYPES[fmt], headers={
        "Content-Disposition": f'attachment; filename="{table.filename(fmt)}"', "Cache-Control": "no-store"})


@router.get("/export/search.{fmt}", summary="Every hit of a search (as the search page's filters)")
def export_search(request: Request, fmt: Format, q: Words = "",
                  agency: Annotated[str | None, Query(max_length=100)] = None, since: Day = None, until: Day = None,
                  person: Names = [], org: Names = [], place: Names = [],  # noqa: B006 (FastAPI copies defaults)
                  collapse: bool = False, order: Literal["relevance", "newest"] = "relevance") -> StreamingResponse:
    filters = search_filters(agency, since, until, person, org, place)
    return download(request, fmt, lambda store: search_table(store, q, filters, collapse, order))


@router.get("/export/people/{person_id}/quotes.{fmt}", summary="A person's quotes (as the person page's filters)")
def export_quotes(request: Request, person_id: Id, fmt: Format, q: Words = "", since: Day = None,
                  until: Day = None) -> StreamingResponse:
    first, last = parse_day(since, "since"), parse_day(until, "until")
    return download(request, fmt, lambda store: quotes_table(store, person_id=person_id, query=q.strip() or None,
                                                             since=first, until=last))


@router.get("/export/stories/{story_id}.{fmt}", summary="A story's articles, the first publisher marked")
def export_story(request: Request, story_id: Id, fmt: Format) -> StreamingResponse:
    return download(request, fmt, lambda store: story_table(store, story_id))
