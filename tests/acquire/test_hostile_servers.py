"""Servers and links that try to stall or crash a fetch: headers sent a byte at a time, an
unbounded robots.txt Crawl-delay, links too long or malformed for httpx. Each fetch ends, bounded
in time, with a FetchError."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from rasad.acquire.fetcher import Fetcher, FetchSettings
from rasad.errors import FetchError


def _serve(conn: socket.socket, stop: threading.Event) -> None:
    with conn:
        request = conn.recv(65536).decode("latin-1")
        path = request.split(" ", 2)[1] if " " in request else "/"
        if path == "/robots.txt":
            body = b"User-agent: *\nCrawl-delay: 999999\n"
            conn.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: text/plain\r\n"
                         b"Content-Length: %d\r\n\r\n%s"
                         % (len(body), body))
        elif path.startswith("/trickle"):  # the status line, then one header byte every 0.2 s
            conn.sendall(b"HTTP/1.1 200 OK\r\n")
            for byte in b"X-Slow: " + b"a" * 200:
                if stop.wait(0.2):
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return
        else:
            body = "خبر".encode()
            conn.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n"
                         b"Content-Length: %d\r\n\r\n%s"
                         % (len(body), body))


@pytest.fixture
def hostile(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("RASAD_ALLOW_PRIVATE_NETWORKS", "1")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.2)
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            threading.Thread(target=_serve, args=(conn, stop), daemon=True).start()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    stop.set()
    thread.join(5)
    listener.close()


def test_headers_a_byte_at_a_time_hit_the_total_deadline(hostile: str) -> None:
    settings = FetchSettings(read_timeout=5.0, total_timeout=1.0, retries=0, host_interval=0, respect_robots=False)
    started = time.monotonic()
    with Fetcher(settings) as fetcher, pytest.raises(FetchError, match="timed out"):
        fetcher.fetch(f"{hostile}/trickle")
    assert time.monotonic() - started < 4


def test_crawl_delay_is_capped(hostile: str) -> None:
    """robots.txt asks for 999999 s between requests; the fetcher waits its cap (0.3 s here)."""
    started = time.monotonic()
    with Fetcher(FetchSettings(host_interval=0, max_host_interval=0.3)) as fetcher:
        for n in range(3):
            assert fetcher.fetch(f"{hostile}/page/{n}").text == "خبر"
    assert 0.5 < time.monotonic() - started < 3


@pytest.mark.parametrize("link", ["http://example.ir/" + "a" * 100_000, "http://[/]/x", "http://exa mple.ir/\x00"])
def test_bad_links_are_fetch_errors(link: str) -> None:
    with Fetcher(FetchSettings(retries=0)) as fetcher, pytest.raises(FetchError) as caught:
        fetcher.fetch(link)
    assert len(str(caught.value)) < 500
