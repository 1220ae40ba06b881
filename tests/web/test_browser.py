"""The pages in a real browser (Chromium at /usr/bin/chromium, driven by Playwright, JavaScript
off), against a uvicorn server in a thread: the dashboard, a search and its ZWNJ variant, an
article, a quote's speaker, the story and its diff, the sources; every page right to left, no
request leaving 127.0.0.1, none failing. Screenshots of the main pages at a desktop (1280 px) and a
phone (390 px) width go to RASAD_SCREENSHOTS, else a temporary folder (its path is printed).
Skips without Chromium; fails under CI=true."""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.slow


def require_browser() -> None:
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} is absent: `./setup.sh --dev` installs it (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "playwright is not installed: `./setup.sh --dev` installs it"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(problem)
        pytest.skip(problem)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serving(app: Any) -> Iterator[str]:
    """`app` served by uvicorn on a free port of 127.0.0.1 in a thread, stopped at the end."""
    import uvicorn

    port = free_port()
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        uv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(samples_url: str) -> Iterator[str]:
    """The samples' app in a server that stops when the module's tests end."""
    from rasad.web import create_app

    require_browser()
    with serving(create_app(samples_url)) as url:
        yield url


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("RASAD_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM))
        try:
            yield chromium
        finally:
            chromium.close()


class Watched:
    """A browser context (JavaScript off) whose every request URL and failed response is recorded."""

    def __init__(self, browser: Any, width: int, height: int) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=False)
        self.asked: list[str] = []
        self.failed: list[str] = []
        self.context.on("request", lambda r: self.asked.append(r.url))
        self.context.on("response", lambda r: self.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        self.page = self.context.new_page()
        self.width = width

    def check(self) -> None:
        outside = [u for u in self.asked if not u.startswith("data:") and urlsplit(u).hostname != "127.0.0.1"]
        assert not outside, f"requests that leave 127.0.0.1: {outside}"
        assert any(u.endswith("/static/fonts/Vazirmatn-Regular.woff2") for u in self.asked)
        assert not self.failed, f"failed requests: {self.failed}"
        self.context.close()

    def fits(self) -> None:
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= self.width, f"{self.page.url} scrolls sideways at {self.width}px ({width}px wide)"


def hits(page: Any) -> list[str]:
    return [page.locator("li.hit h2 a").nth(i).get_attribute("href") for i in range(page.locator("li.hit").count())]


def test_walk_search_article_speaker_story(server: str, browser: Any, shots: Path) -> None:
    """A reader's path on a desktop: dashboard, a search and its ZWNJ variant, an article, a quote's
    speaker, the article's story and its diff, the sources."""
    w = Watched(browser, 1280, 900)
    page = w.page
    page.goto(server + "/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "fa"
    assert page.locator("figure.chart svg rect.bar").count() == 7
    assert "۱۴ آبان ۱۴۰۴" in page.locator("p.shown").inner_text()
    page.screenshot(path=str(shots / "dashboard-desktop.png"), full_page=True)

    # میشود typed without its ZWNJ finds what می‌شود (with it) finds, marked as the text spells it
    page.fill("header form.quick input[name=q]", "میشود")
    page.press("header form.quick input[name=q]", "Enter")
    page.wait_for_url("**/search?q=*")
    plain = hits(page)
    assert len(plain) == 4
    assert page.locator("li.hit mark").first.inner_text() == "می\u200cشود"
    page.fill("form.search-form input[name=q]", "می\u200cشود")
    page.click("form.search-form button[type=submit]")
    page.wait_for_url("**/search?q=%D9%85%DB%8C%E2%80%8C%D8%B4%D9%88%D8%AF*")
    assert hits(page) == plain
    assert page.locator("form.search-form input[name=q]").input_value() == "می\u200cشود"

    page.fill("form.search-form input[name=q]", "آب")
    page.click("form.search-form button[type=submit]")
    page.wait_for_url("**/search?q=%D8%A2%D8%A8*")
    assert page.locator("li.hit").count() == 2
    assert page.locator("li.hit mark").first.inner_text() == "آب"
    w.fits()
    page.screenshot(path=str(shots / "search-desktop.png"), full_page=True)

    page.locator("li.hit h2 a").first.click()
    page.wait_for_url("**/articles/*")
    article_url = page.url
    assert page.locator("span.quote").count() > 0 and page.locator("a.ent.loc").count() > 0
    w.fits()
    page.screenshot(path=str(shots / "article-desktop.png"), full_page=True)

    page.locator("a.speaker").first.click()
    page.wait_for_url("**/people/*")
    assert page.locator("h1").inner_text() == "کامران نیکخواه"
    assert page.locator("li.quote-row").count() > 0
    w.fits()
    page.screenshot(path=str(shots / "person-desktop.png"), full_page=True)

    page.goto(article_url)
    page.locator("aside.article-meta a[href^='/stories/']").click()
    page.wait_for_url("**/stories/*")
    assert page.locator("li.copy").count() == 2
    diff = page.locator("details.diff").first
    assert diff.get_attribute("open") is not None  # the first diff is shown without a click
    assert diff.locator("ins").first.is_visible() and diff.locator("del").first.is_visible()
    w.fits()
    page.screenshot(path=str(shots / "story-desktop.png"), full_page=True)

    page.click("header nav a[href='/sources']")
    page.wait_for_url("**/sources")
    assert page.locator("table").count() > 0
    page.screenshot(path=str(shots / "sources-desktop.png"), full_page=True)
    w.check()


PAGES = {"dashboard": "/", "search": "/search?q=آب", "article": "/articles/1", "person": "/people/1",
         "story": "/stories/1", "sources": "/sources"}


def test_pages_fit_a_phone(server: str, browser: Any, shots: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Each main page on a phone (390 px): right to left, no sideways scroll, a screenshot."""
    w = Watched(browser, 390, 844)
    for name, path in PAGES.items():
        w.page.goto(server + path)
        assert w.page.locator("html").get_attribute("dir") == "rtl"
        w.fits()
        w.page.screenshot(path=str(shots / f"{name}-phone.png"), full_page=True)
    w.check()
    with capsys.disabled():
        print(f"\nscreenshots: {shots}")
