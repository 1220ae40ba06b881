"""The pages in a real browser (Chromium at /usr/bin/chromium, driven by Playwright), against a
uvicorn server in a thread: dashboard, a search, the first hit, a quote's speaker. Screenshots go
to a temporary folder (RASAD_SCREENSHOTS keeps them elsewhere). Skips without Chromium; fails
under CI=true."""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

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


@pytest.fixture(scope="module")
def server(samples_url: str) -> Iterator[str]:
    """A uvicorn server on a free port in a thread; it stops when the module's tests end."""
    import uvicorn

    from rasad.web import create_app

    require_browser()
    port = free_port()
    config = uvicorn.Config(create_app(samples_url), host="127.0.0.1", port=port, log_level="warning")
    uv = uvicorn.Server(config)
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not uv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("RASAD_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_dashboard_search_article_person(server: str, shots: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM))
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
            asked: list[str] = []
            page.on("request", lambda r: asked.append(r.url))
            failed: list[str] = []
            page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)

            page.goto(server + "/")
            assert page.locator("html").get_attribute("dir") == "rtl"
            assert page.locator("figure.chart svg rect.bar").count() == 7
            assert "۱۴ آبان ۱۴۰۴" in page.locator("p.shown").inner_text()
            page.screenshot(path=str(shots / "dashboard.png"), full_page=True)

            page.fill("header form.quick input[name=q]", "آب")
            page.press("header form.quick input[name=q]", "Enter")
            page.wait_for_url("**/search?q=*")
            assert page.locator("li.hit").count() == 2
            assert page.locator("li.hit mark").first.inner_text() == "آب"
            page.screenshot(path=str(shots / "search.png"), full_page=True)

            page.locator("li.hit h2 a").first.click()
            page.wait_for_url("**/articles/*")
            assert page.locator("span.quote").count() > 0
            page.screenshot(path=str(shots / "article.png"), full_page=True)

            page.locator("a.speaker").first.click()
            page.wait_for_url("**/people/*")
            assert page.locator("h1").inner_text() == "کامران نیک‌خواه"
            assert page.locator("li.quote-row").count() > 0
            page.screenshot(path=str(shots / "person.png"), full_page=True)

            phone = browser.new_page(viewport={"width": 390, "height": 844})
            phone.goto(server + "/stories/1")
            assert phone.locator("del").count() > 0 and phone.locator("ins").count() > 0
            width = phone.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, "the story page scrolls sideways on a phone"
            phone.screenshot(path=str(shots / "story-phone.png"), full_page=True)
            outside = [u for u in asked if not u.startswith((server, "data:"))]
            assert not outside, f"requests outside rasad: {outside}"
            assert any(u.endswith("/static/fonts/Vazirmatn-Regular.woff2") for u in asked)
            assert not failed, f"failed requests: {failed}"
        finally:
            browser.close()
