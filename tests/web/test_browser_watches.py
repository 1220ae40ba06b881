"""Watches in a real browser (Chromium via Playwright, JavaScript off) against uvicorn in a thread:
log in, create a watch for a person's quotes, ingest a real Persian article in which a role phrase
quotes them, see the alert on the watch's page and in its Atom feed. Skips without Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import pytest

from rasad.alerts.accounts import add_user
from rasad.alerts.atom import ATOM
from rasad.ingest import Ingestor
from rasad.store import open_store
from rasad.store.memory import MemoryStore
from tests.web.conftest import samples_dir
from tests.web.test_browser import CHROMIUM, Watched, require_browser, serving, shots

__all__ = ["shots"]  # the screenshots folder fixture, shared with the reader's walk

pytestmark = pytest.mark.slow
URL = "memory://web-watches-browser"
PASSWORD = "a-long-password-1404"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    from rasad.web import create_app

    require_browser()
    MemoryStore.forget(URL)
    with open_store(URL) as store:
        add_user(store, "sara", PASSWORD)
    with serving(create_app(URL)) as url:
        yield url
    MemoryStore.forget(URL)


@pytest.fixture(scope="module")
def chromium(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        try:
            yield browser
        finally:
            browser.close()


def test_login_watch_a_person_see_the_alert(server: str, chromium: Any, shots: Path) -> None:
    w = Watched(chromium, 1280, 900)
    page = w.page
    page.goto(server + "/watches/new")  # not logged in: the login page says why
    assert "log in" in page.locator("p.warning").inner_text()
    assert w.failed == [f"401 {server}/watches/new"]  # the refusal is a 401, as it should be
    w.failed.clear()
    page.fill("input[name=user]", "sara")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**/watches/new")
    assert page.locator("header .who bdi").inner_text() == "sara"

    page.screenshot(path=str(shots / "watch-form-desktop.png"), full_page=True)
    page.fill("input[name=name]", "معاون وزیر")
    page.fill("input[name=person]", "حسین کریمی")
    page.check("input[name=quotes_only]")
    page.click("form.stacked button[type=submit]")
    page.wait_for_url("**/watches/*")
    assert page.locator("h1").inner_text() == "دیدبان معاون وزیر"
    assert page.locator("section.alerts li.alert").count() == 0

    with open_store(URL) as store:  # the article arrives: the role phrase "معاون وزیر راه و شهرسازی گفت" quotes him
        Ingestor(store).ingest_paths([samples_dir() / "04_tasnim_rail.txt"])
    page.reload()
    alert = page.locator("section.alerts li.alert")
    assert alert.count() == 1
    assert alert.locator("h3 a").inner_text() == "افتتاح خط ریلی رشت تا آستارا در سال آینده"
    assert alert.locator("blockquote").inner_text().startswith("عملیات اجرایی راه")
    page.screenshot(path=str(shots / "watch-desktop.png"), full_page=True)

    feed_path = page.locator("a.feed").get_attribute("href")
    assert feed_path and feed_path.endswith(".atom")
    feed = page.request.get(server + feed_path)
    assert feed.ok and feed.headers["content-type"].startswith("application/atom+xml")
    entries = ET.fromstring(feed.body()).findall(f"{{{ATOM}}}entry")
    assert [e.findtext(f"{{{ATOM}}}title") for e in entries] == ["افتتاح خط ریلی رشت تا آستارا در سال آینده"]
    assert "عملیات اجرایی" in (entries[0].findtext(f"{{{ATOM}}}summary") or "")
    w.check()
