"""The watches' pages in-process: reading open, writing behind a login (argon2id passwords, a signed
HttpOnly SameSite=Lax cookie, Secure over https) and a CSRF token on every form; clear 401, 403,
409 and 422 refusals; create, edit and delete; the Atom feed at its token's URL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.etree import ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from rasad.alerts.accounts import add_user
from rasad.alerts.atom import ATOM
from rasad.ingest import Ingestor
from rasad.store import open_store
from rasad.web import create_app
from tests.web.conftest import samples_dir

PASSWORD = "گذرواژه‌ی-بلند-1"


@pytest.fixture
def app_url(memory_url: str) -> str:
    with open_store(memory_url) as store:
        add_user(store, "sara", PASSWORD)
        add_user(store, "reza", PASSWORD)
    return memory_url


@pytest.fixture
def client(app_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(app_url), follow_redirects=False) as test_client:
        yield test_client


def csrf(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "no CSRF token in the form"
    return found.group(1)


def login(client: TestClient, user: str = "sara", password: str = PASSWORD) -> None:
    token = csrf(client.get("/login").text)
    response = client.post("/login", data={"csrf": token, "user": user, "password": password, "next": "/watches"})
    assert response.status_code == 303 and response.headers["location"] == "/watches"


def create(client: TestClient, **fields: str) -> int:
    token = csrf(client.get("/watches/new").text)
    response = client.post("/watches", data={"csrf": token, **fields})
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def test_reading_is_open_and_writing_needs_a_login(client: TestClient) -> None:
    assert client.get("/watches").status_code == 200
    assert client.get("/api/watches").json() == {"watches": []}
    page = client.get("/watches/new")
    assert page.status_code == 401 and 'action="/login"' in page.text
    token = csrf(page.text)
    refused = client.post("/watches", data={"csrf": token, "name": "x", "query": "آب"})
    assert refused.status_code == 401 and "log in" in refused.text
    assert client.post("/watches", data={"name": "x", "query": "آب"}).status_code == 403  # no token
    assert client.post("/watches", data={"csrf": "forged", "name": "x", "query": "آب"}).status_code == 403
    assert client.post("/api/watches").status_code == 405


def test_login_cookie_and_refusals(client: TestClient, app_url: str) -> None:
    token = csrf(client.get("/login").text)
    wrong = client.post("/login", data={"csrf": token, "user": "sara", "password": "wrong-password"})
    assert wrong.status_code == 401 and "wrong user name or password" in wrong.text
    nobody = client.post("/login", data={"csrf": csrf(wrong.text), "user": "nobody", "password": PASSWORD})
    assert nobody.status_code == 401
    before = csrf(nobody.text)
    ok = client.post("/login", data={"csrf": before, "user": "sara", "password": PASSWORD, "next": "//evil.example/"})
    assert ok.status_code == 303 and ok.headers["location"] == "/watches"  # never another site
    cookie = ok.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    # the token from before the login is void after it
    assert client.post("/watches", data={"csrf": before, "name": "x", "query": "آب"}).status_code == 403
    with TestClient(create_app(app_url), base_url="https://testserver", follow_redirects=False) as secure:
        assert "secure" in secure.get("/login").headers["set-cookie"].lower()


def test_create_edit_delete(client: TestClient, app_url: str) -> None:
    login(client)
    watch_id = create(client, name="کریمی", person="حسین کریمی", quotes_only="1", email="desk@example.ir",
                      digest="daily")
    page = client.get(f"/watches/{watch_id}")
    assert page.status_code == 200 and "حسین کریمی" in page.text and ".atom" in page.text
    record = client.get(f"/api/watches/{watch_id}").json()["watch"]
    assert (record["person"], record["quotes_only"], record["digest"], record["owner"]) == (
        "حسین کریمی", True, "daily", "sara")
    assert "secret" not in record
    # a form that does not make a watch: the form again, with the reason
    bad = client.post("/watches", data={"csrf": csrf(client.get("/watches/new").text), "name": "y"})
    assert bad.status_code == 422 and "give something to match" in bad.text and 'name="name" value="y"' in bad.text
    taken = client.post("/watches", data={"csrf": csrf(bad.text), "name": "کریمی", "query": "آب"})
    assert taken.status_code == 409
    edit = client.get(f"/watches/{watch_id}/edit")
    assert 'value="حسین کریمی"' in edit.text
    changed = client.post(f"/watches/{watch_id}", data={"csrf": csrf(edit.text), "name": "ریل", "query": "راه آهن"})
    assert changed.status_code == 303
    assert client.get(f"/api/watches/{watch_id}").json()["watch"]["query"] == "راه آهن"
    # another user may read it, not change it
    with TestClient(create_app(app_url), follow_redirects=False) as other:
        login(other, "reza")
        assert other.get(f"/watches/{watch_id}/edit").status_code == 403
        token = csrf(other.get("/watches/new").text)
        assert other.post(f"/watches/{watch_id}/delete", data={"csrf": token}).status_code == 403
    token = csrf(client.get(f"/watches/{watch_id}").text)
    assert client.post(f"/watches/{watch_id}/delete", data={"csrf": token}).status_code == 303
    assert client.get(f"/watches/{watch_id}").status_code == 404


def test_alerts_on_the_page_and_in_the_feed(client: TestClient, app_url: str) -> None:
    login(client)
    watch_id = create(client, name="ریل", query="راه آهن")
    with open_store(app_url) as store:
        Ingestor(store).ingest_paths([samples_dir()])
        token = store.watch(watch_id).feed_token
    page = client.get(f"/watches/{watch_id}")
    assert "افتتاح خط ریلی رشت تا آستارا" in page.text
    feed = client.get(f"/watches/feed/{token}.atom")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    titles = [e.findtext(f"{{{ATOM}}}title") for e in ET.fromstring(feed.content).findall(f"{{{ATOM}}}entry")]
    assert titles == ["افتتاح خط ریلی رشت تا آستارا در سال آینده"]
    assert client.get("/watches/feed/not-the-token.atom").status_code == 404


def test_logout(client: TestClient) -> None:
    login(client)
    page = client.get("/watches")
    assert "خروج" in page.text
    assert client.post("/logout", data={"csrf": csrf(page.text)}).status_code == 303
    assert client.get("/watches/new").status_code == 401


def test_pages_keep_the_security_headers(client: TestClient) -> None:
    login(client)
    for path in ("/watches", "/watches/new", "/login"):
        response = client.get(path)
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert "<script" not in response.text and 'dir="rtl"' in response.text
