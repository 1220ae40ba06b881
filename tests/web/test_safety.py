"""Errors are clean 4xx answers, never 500s; what an article says is escaped; every response has
the security headers; nothing writes."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from rasad.web.app import SECURITY_HEADERS

BAD = [
    ("/api/articles/999", 404),
    ("/api/articles/abc", 422),
    ("/api/articles/0", 422),
    ("/api/articles/99999999999999999999999", 422),
    ("/api/people/999", 404),
    ("/api/stories/999", 404),
    ("/api/stories/2", 404),  # an article of story 1, not its first
    ("/api/search?page=0", 422),
    ("/api/search?page=abc", 422),
    ("/api/search?page=99", 404),
    ("/api/search?per_page=1000", 422),
    ("/api/search?since=yesterday", 422),
    ("/api/search?until=1404/13/40", 422),
    ("/api/search?q=" + "آ" * 600, 422),
    ('/api/search?q="', 200),
    ("/api/search?q=)(*%22AND%20OR", 200),
    ("/api/dashboard?period=9", 422),
    ("/api/dashboard?since=nope", 422),
    ("/api/people/1?since=31/31/2025", 422),
    ("/api/nothing", 404),
]


@pytest.mark.parametrize(("path", "status"), BAD)
def test_bad_requests_get_a_clear_status_and_message(client: TestClient, path: str, status: int) -> None:
    response = client.get(path)
    assert response.status_code == status
    if status >= 400:
        body = response.json()
        assert set(body) == {"error"} and body["error"]


@pytest.mark.parametrize("path", ["/articles/999", "/articles/abc", "/search?page=0", "/stories/999", "/nope"])
def test_bad_pages_are_html_error_pages(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert 400 <= response.status_code < 500
    assert response.headers["content-type"].startswith("text/html") and 'dir="rtl"' in response.text


def test_an_error_message_is_escaped(client: TestClient) -> None:
    response = client.get("/search", params={"since": "<script>alert(1)</script>"})
    assert response.status_code == 422
    assert "<script>alert" not in response.text and "&lt;script&gt;" in response.text


def test_a_store_that_is_missing_is_503(tmp_path) -> None:
    from rasad.web import create_app

    with TestClient(create_app(f"sqlite:///{tmp_path / 'none.db'}")) as client:
        response = client.get("/api/search")
        assert response.status_code == 503 and "no database" in response.json()["error"]
        assert response.headers["X-Frame-Options"] == "DENY"
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize("path", ["/", "/api/search", "/articles/1", "/static/style.css", "/api/articles/999",
                                  "/nothing", "/openapi.json"])
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    headers = client.get(path).headers
    for name, value in SECURITY_HEADERS.items():
        assert headers[name] == value
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp


def test_no_endpoint_writes(client: TestClient) -> None:
    from fastapi.routing import APIRoute

    from rasad.web.routes import twins

    routes = [r for r in twins.router.routes if isinstance(r, APIRoute)]
    assert len(routes) == 12 and all((r.methods or set()) <= {"GET", "HEAD"} for r in routes)
    for path in ("/api/search", "/search", "/articles/1", "/api/articles/1", "/"):
        assert client.post(path).status_code == 405
        assert client.delete(path).status_code == 405
    assert client.put("/static/style.css").status_code == 405


@pytest.mark.parametrize("path", ["/", "/search?q=آب", "/articles/1", "/api/search?q=آب", "/api/dashboard",
                                  "/static/style.css", "/openapi.json"])
def test_head_answers_like_get_without_a_body(client: TestClient, path: str) -> None:
    got, head = client.get(path), client.head(path)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert int(head.headers["content-length"]) == len(got.content)
    assert head.headers["X-Frame-Options"] == "DENY"


def test_head_of_what_is_missing_is_its_error(client: TestClient) -> None:
    assert client.head("/articles/999").status_code == 404
    assert client.head("/api/search?page=0").status_code == 422
    assert client.head("/nothing").status_code == 404


HOSTILE = """date 2025-11-06 ILNA
<script>alert("title")</script> خبر <img src=x onerror=alert(1)>

تهران - ایلنا - وزیر کشور گفت: <b onmouseover="alert(2)">آب</b> <script>document.cookie</script> است.

پاراگراف دوم <iframe src="javascript:alert(3)"></iframe> درباره آب.
"""


def test_article_content_is_escaped_everywhere(tmp_path, memory_url: str) -> None:
    from rasad.ingest import Ingestor
    from rasad.store import open_store
    from rasad.web import create_app

    (tmp_path / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    with open_store(memory_url) as store:
        report = Ingestor(store).ingest_paths([tmp_path / "hostile.txt"])
    assert report.counts["added"] == 1
    article_id = report.ids[0]
    with TestClient(create_app(memory_url)) as client:
        assert "<script>" in client.get(f"/api/articles/{article_id}").json()["title"]  # the data keeps it as text
        for path in (f"/articles/{article_id}", "/search?q=آب", "/search", "/", "/?q=آب"):
            html = client.get(path).text
            assert "<script>alert" not in html and "<img src=x" not in html and "<iframe" not in html, path
            assert "<b onmouseover" not in html, path
        article = client.get(f"/articles/{article_id}").text
        assert "&lt;script&gt;alert" in article and "&lt;img src=x onerror=alert" in article
