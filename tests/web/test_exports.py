"""The web app's downloads (/export/...), through the ASGI test client over the shipped samples:
the rows are the page's, every page of them; the files read back; bad requests are clear 4xx."""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape

import openpyxl
from fastapi.testclient import TestClient

from rasad.web.app import SECURITY_HEADERS


def every_hit(client: TestClient, **params: object) -> list[dict]:
    """The search API's hits, one per page, across every page."""
    items, page = [], 1
    while True:
        body = client.get("/api/search", params={**params, "per_page": 1, "page": page}).json()
        items += body["items"]
        if page >= body["pages"]:
            return items
        page += 1


def csv_of(response) -> list[dict[str, str]]:
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def test_search_csv_is_every_page_of_the_search(client: TestClient) -> None:
    for params in ({"q": "آب"}, {}, {"agency": "ISNA"}, {"q": "مشهد", "collapse": "1"},
                   {"person": "کامران نیک‌خواه"}, {"since": "1404/08/12"}):
        expected = every_hit(client, **params)
        response = client.get("/export/search.csv", params=params)
        assert response.status_code == 200, params
        assert response.headers["content-type"] == "text/csv; charset=utf-8"
        assert response.headers["content-disposition"] == 'attachment; filename="rasad-search.csv"'
        rows = csv_of(response)
        assert [int(r["id"]) for r in rows] == [h["id"] for h in expected], params
        assert [r["title"] for r in rows] == [h["title"] for h in expected]
        assert [r["published_jalali"] for r in rows] == [h["published_jalali"] or "" for h in expected]
    assert len(every_hit(client)) == 4


def test_search_xlsx_and_jsonl(client: TestClient) -> None:
    expected = every_hit(client, q="آب")
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/export/search.xlsx", params={"q": "آب"}).content))
    rows = list(sheet.worksheets[0].iter_rows(values_only=True))
    assert [(r[0], r[1]) for r in rows[1:]] == [(h["id"], h["title"]) for h in expected]
    response = client.get("/export/search.jsonl", params={"q": "آب"})
    assert response.headers["content-type"].startswith("application/jsonl")
    records = [json.loads(line) for line in response.text.splitlines()]
    assert [(r["id"], r["snippet"]) for r in records] == [(h["id"], h["snippet"]) for h in expected]


def test_quotes_and_story_downloads(client: TestClient) -> None:
    person = client.get("/api/people/1", params={"q": "فشار"}).json()
    rows = csv_of(client.get("/export/people/1/quotes.csv", params={"q": "فشار"}))
    assert [r["text"] for r in rows] == [q["text"] for q in person["quotes"]] and rows
    assert all(r["speaker"] == "کامران نیکخواه" for r in rows)
    story = client.get("/api/stories/1").json()
    response = client.get("/export/stories/1.csv")
    assert response.headers["content-disposition"] == 'attachment; filename="rasad-story-1.csv"'
    rows = csv_of(response)
    assert [int(r["id"]) for r in rows] == [a["id"] for a in story["articles"]]
    assert [r["first"] for r in rows] == ["true" if a["first"] else "false" for a in story["articles"]]


def test_bad_requests_are_clear_4xx(client: TestClient) -> None:
    response = client.get("/export/search.pdf")
    assert response.status_code == 422 and "csv" in response.json()["error"]
    response = client.get("/export/search.csv", params={"since": "دیروز"})
    assert response.status_code == 422 and "since" in response.json()["error"]
    response = client.get("/export/stories/99999.xlsx")
    assert response.status_code == 404 and "99999" in response.json()["error"]
    assert client.get("/export/people/99999/quotes.csv").status_code == 404
    assert client.get("/export/stories/0.csv").status_code == 422
    assert client.get("/export/watches/99999/alerts.csv").status_code == 404


def test_downloads_carry_the_security_headers_and_answer_head(client: TestClient) -> None:
    response = client.get("/export/search.csv")
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value
    head = client.head("/export/search.jsonl", params={"q": "آب"})
    assert head.status_code == 200 and head.content == b""


def test_pages_link_to_their_downloads(client: TestClient) -> None:
    """The links on the search, person and story pages carry the page's query and filters and give
    the page's rows."""
    html = client.get("/search", params={"q": "آب", "agency": "IRNA", "page": 1}).text
    links = [unescape(h) for h in re.findall(r'href="(/export/search\.[a-z]+[^"]*)"', html)]
    assert [link.split("?")[0] for link in links] == ["/export/search.csv", "/export/search.xlsx",
                                                      "/export/search.jsonl"]
    assert "page=" not in links[0]
    rows = csv_of(client.get(links[0]))
    assert [int(r["id"]) for r in rows] == [h["id"] for h in every_hit(client, q="آب", agency="IRNA")] and rows
    html = client.get("/people/1", params={"q": "فشار"}).text
    link = unescape(re.search(r'href="(/export/people/1/quotes\.csv[^"]*)"', html).group(1))
    assert "q=" in link and csv_of(client.get(link))
    html = client.get("/stories/1").text
    assert 'href="/export/stories/1.xlsx"' in html


def test_downloads_over_sqlite(tmp_path) -> None:
    """Over SQLite, where each chunk may be read on another worker thread (a reader connection of
    its own): the same rows as the API's pages, and the store closed after the download."""
    from rasad.ingest import Ingestor
    from rasad.store import open_store
    from rasad.web import create_app
    from tests.web.conftest import samples_dir

    url = f"sqlite:///{tmp_path / 'samples.db'}"
    with open_store(url) as store:
        Ingestor(store).ingest_paths([samples_dir()])
    with TestClient(create_app(url)) as sqlite_client:
        for params in ({}, {"q": "آب"}, {"q": "مشهد", "collapse": "1"}):
            expected = every_hit(sqlite_client, **params)
            for fmt in ("csv", "xlsx", "jsonl"):
                response = sqlite_client.get(f"/export/search.{fmt}", params=params)
                assert response.status_code == 200
                if fmt == "csv":
                    ids = [int(r["id"]) for r in csv_of(response)]
                elif fmt == "jsonl":
                    ids = [json.loads(line)["id"] for line in response.text.splitlines()]
                else:
                    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
                    ids = [r[0] for r in sheet.iter_rows(min_row=2, values_only=True)]
                assert ids == [h["id"] for h in expected], (params, fmt)
        rows = csv_of(sqlite_client.get("/export/stories/1.csv"))
        assert rows[0]["first"] == "true" and len(rows) == 2
