"""A local HTTP server on 127.0.0.1 serving the fixture feeds and pages, plus the broken cases."""

from __future__ import annotations

import contextlib
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from rasad.acquire.fetcher import Fetcher, FetchSettings
from rasad.acquire.guard import ALLOW_PRIVATE_ENV

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "acquire"
SLOW_SECONDS = 1.0
Reply = tuple[int, dict[str, str], bytes]


def _file(name: str, content_type: str) -> Callable[[BaseHTTPRequestHandler, Counter[str]], Reply]:
    return lambda handler, hits: (200, {"Content-Type": content_type}, (FIXTURES / name).read_bytes())


def _loop(handler: BaseHTTPRequestHandler, hits: Counter[str]) -> Reply:
    step = int(handler.path.rsplit("/", 1)[-1])
    return 302, {"Location": f"/loop/{step + 1}"}, b""


def _flaky(handler: BaseHTTPRequestHandler, hits: Counter[str]) -> Reply:
    key = parse_qs(urlsplit(handler.path).query).get("key", ["x"])[0]
    hits["flaky:" + key] += 1
    if hits["flaky:" + key] <= 2:
        return 503, {"Retry-After": "1"} if key.startswith("ra") else {}, b"busy"
    return 200, {"Content-Type": "text/plain; charset=utf-8"}, "سرانجام".encode()


def _slow(handler: BaseHTTPRequestHandler, hits: Counter[str]) -> Reply:
    time.sleep(SLOW_SECONDS)
    return 200, {"Content-Type": "text/plain"}, b"late"


def _etag(handler: BaseHTTPRequestHandler, hits: Counter[str]) -> Reply:
    headers = {"ETag": '"v1"', "Last-Modified": "Fri, 14 Feb 2025 07:00:00 GMT",
               "Content-Type": "application/rss+xml"}
    if handler.headers.get("If-None-Match") == '"v1"':
        return 304, headers, b""
    return 200, headers, (FIXTURES / "feed_utf8.xml").read_bytes()


ROUTES: dict[str, Callable[[BaseHTTPRequestHandler, Counter[str]], Reply]] = {
    "/robots.txt": _file("robots.txt", "text/plain"),
    "/feed.xml": _file("feed_utf8.xml", "application/rss+xml; charset=utf-8"),
    "/feed-1256.xml": _file("feed_cp1256.xml", "application/rss+xml"),
    "/atom.xml": _file("atom.xml", "application/atom+xml"),
    "/broken.xml": _file("broken.xml", "application/rss+xml"),
    "/not-feed": _file("not_feed.html", "text/html; charset=utf-8"),
    "/page.html": _file("page_utf8.html", "text/html; charset=utf-8"),
    "/page-1256.html": _file("page_cp1256.html", "text/html"),
    "/page-1256-wrong-header.html": _file("page_cp1256.html", "text/html; charset=utf-8"),
    "/private/secret.html": _file("page_utf8.html", "text/html; charset=utf-8"),
    "/redirect": lambda h, hits: (301, {"Location": "/feed.xml"}, b""),
    "/loop": _loop,
    "/flaky": _flaky,
    "/always-500": lambda h, hits: (500, {}, b"broken"),
    "/slow": _slow,
    "/big": lambda h, hits: (200, {"Content-Type": "text/plain"}, b"x" * 2_000_000),
    "/etag": _etag,
}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    hits: Counter[str]

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        self.hits[path] += 1
        if path == "/big-chunked":
            return self._chunked()
        route = ROUTES.get(path) or (ROUTES["/loop"] if path.startswith("/loop/") else None)
        status, headers, body = route(self, self.hits) if route else (404, {}, b"not found")
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self.wfile.write(body)  # the client may stop reading at its size limit

    def _chunked(self) -> None:
        # No Content-Length: the limit must be enforced while reading.
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"y" * 65536
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            for _ in range(40):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")

    def log_message(self, format: str, *args: object) -> None:
        pass


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # clients hanging up is expected
            super().handle_error(request, client_address)  # type: ignore[arg-type]


@dataclass
class Server:
    base: str
    hits: Counter[str]

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    hits: Counter[str] = Counter()
    handler = type("Handler", (_Handler,), {"hits": hits})
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield Server(f"http://127.0.0.1:{httpd.server_address[1]}", hits)
    httpd.shutdown()
    httpd.server_close()


FAST = FetchSettings(connect_timeout=1.0, read_timeout=0.3, total_timeout=2.0, max_bytes=1_000_000,
                     max_redirects=3, retries=2, backoff=0.01, max_backoff=0.05, host_interval=0.0)


@pytest.fixture
def allow_local(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ALLOW_PRIVATE_ENV, "1")


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def fetcher(allow_local: None, sleeps: list[float]) -> Iterator[Fetcher]:
    def record(seconds: float) -> None:
        sleeps.append(seconds)
        time.sleep(seconds)

    with Fetcher(FAST, sleep=record) as f:
        yield f
