from __future__ import annotations

import dataclasses
import time

import httpx
import pytest

from rasad.acquire.fetcher import Fetcher, FetchResult, FetchState
from rasad.acquire.guard import ALLOW_PRIVATE_ENV
from rasad.errors import FetchError

from .conftest import FAST, Server


def test_fetches_utf8_feed(fetcher: Fetcher, server: Server) -> None:
    result = fetcher.fetch(server.url("/feed.xml"))
    assert result.status == 200
    assert result.encoding == "utf-8"
    assert "وزیر کشور" in result.text
    assert result.media_type == "application/rss+xml"
    raw = result.to_raw_document()
    assert raw.url == server.url("/feed.xml") and raw.fetched is not None


@pytest.mark.parametrize("path", ["/page-1256.html", "/page-1256-wrong-header.html"])
def test_decodes_windows_1256(fetcher: Fetcher, server: Server, path: str) -> None:
    result = fetcher.fetch(server.url(path))
    assert result.encoding == "cp1256"
    assert "كتابخانه مركزي" in result.text


def test_404_is_a_fetch_error(fetcher: Fetcher, server: Server) -> None:
    with pytest.raises(FetchError, match="HTTP 404 Not Found"):
        fetcher.fetch(server.url("/missing"))


def test_follows_redirect(fetcher: Fetcher, server: Server) -> None:
    result = fetcher.fetch(server.url("/redirect"))
    assert result.final_url == server.url("/feed.xml")
    assert result.redirects == [server.url("/redirect")]


def test_endless_redirects_stop(fetcher: Fetcher, server: Server) -> None:
    with pytest.raises(FetchError, match="too many redirects"):
        fetcher.fetch(server.url("/loop/0"))


def test_retries_5xx_then_succeeds(fetcher: Fetcher, server: Server, sleeps: list[float]) -> None:
    result = fetcher.fetch(server.url("/flaky?key=a"))
    assert result.text == "سرانجام"
    assert server.hits["flaky:a"] == 3
    assert sleeps == [0.01, 0.02]  # exponential backoff


def test_retry_after_is_honoured_up_to_the_cap(fetcher: Fetcher, server: Server, sleeps: list[float]) -> None:
    fetcher.fetch(server.url("/flaky?key=ra1"))
    assert sleeps == [0.05, 0.05]  # Retry-After: 1, capped by max_backoff


def test_gives_up_after_retries(fetcher: Fetcher, server: Server) -> None:
    before = server.hits["/always-500"]
    with pytest.raises(FetchError, match="HTTP 500"):
        fetcher.fetch(server.url("/always-500"))
    assert server.hits["/always-500"] - before == 3


def test_timeout_is_retried_then_raised(allow_local: None, server: Server) -> None:
    with Fetcher(dataclasses.replace(FAST, retries=1)) as fetcher:
        before = server.hits["/slow"]
        with pytest.raises(FetchError, match="timed out"):
            fetcher.fetch(server.url("/slow"))
    assert server.hits["/slow"] - before == 2


@pytest.mark.parametrize("path", ["/big", "/big-chunked"])
def test_over_size_body_is_refused(fetcher: Fetcher, server: Server, path: str) -> None:
    with pytest.raises(FetchError, match="body too large"):
        fetcher.fetch(server.url(path))


def test_conditional_get_with_etag(fetcher: Fetcher, server: Server) -> None:
    first = fetcher.fetch(server.url("/etag"))
    assert first.state == FetchState(etag='"v1"', last_modified="Fri, 14 Feb 2025 07:00:00 GMT")
    saved = first.state.to_dict()  # what the caller persists
    second = fetcher.fetch(server.url("/etag"), FetchState.from_dict(saved))
    assert second.not_modified and second.status == 304 and second.content == b""
    assert second.state == first.state


def test_robots_txt_disallow(fetcher: Fetcher, server: Server) -> None:
    with pytest.raises(FetchError, match=r"robots\.txt"):
        fetcher.fetch(server.url("/private/secret.html"))


def test_robots_txt_can_be_ignored(allow_local: None, server: Server) -> None:
    with Fetcher(dataclasses.replace(FAST, respect_robots=False)) as fetcher:
        assert fetcher.fetch(server.url("/private/secret.html")).status == 200


def test_guard_refuses_loopback_without_env(monkeypatch: pytest.MonkeyPatch, server: Server) -> None:
    monkeypatch.delenv(ALLOW_PRIVATE_ENV, raising=False)
    before = sum(server.hits.values())
    with Fetcher(FAST) as fetcher, pytest.raises(FetchError, match=r"refused: .*loopback"):
        fetcher.fetch(server.url("/feed.xml"))
    assert sum(server.hits.values()) == before  # nothing reached the server


def test_guard_checks_every_redirect_hop(monkeypatch: pytest.MonkeyPatch) -> None:
    # An in-process transport stands for a public site that redirects into the private network;
    # no connection is made.
    monkeypatch.delenv(ALLOW_PRIVATE_ENV, raising=False)
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(302, headers={"Location": "http://169.254.169.254/latest/meta-data"})

    client = httpx.Client(transport=httpx.MockTransport(handle))
    fetcher = Fetcher(FAST, client=client, resolver=lambda host, port: ["93.184.216.34"])
    with pytest.raises(FetchError, match="link-local"):
        fetcher.fetch("http://news.example/feed")
    assert all("169.254" not in url for url in seen)


def test_guard_holds_at_connect_against_dns_rebinding(monkeypatch: pytest.MonkeyPatch, server: Server) -> None:
    """A name that passes the URL check as public, then re-resolves to loopback when the connection
    is opened, is refused there: the address connected to is the address checked."""
    monkeypatch.delenv(ALLOW_PRIVATE_ENV, raising=False)
    port = int(server.base.rsplit(":", 1)[1])
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])
    before = sum(server.hits.values())
    settings = dataclasses.replace(FAST, respect_robots=False, retries=0)
    with Fetcher(settings, resolver=lambda host, p: next(answers)) as fetcher, \
            pytest.raises(FetchError, match=r"refused at connect: rebind\.example resolves to loopback"):
        fetcher.fetch(f"http://rebind.example:{port}/feed.xml")
    assert sum(server.hits.values()) == before


def test_fetch_many_keeps_order_and_errors(fetcher: Fetcher, server: Server) -> None:
    results = fetcher.fetch_many([(server.url("/feed.xml"), None), (server.url("/missing"), None),
                                  (server.url("/atom.xml"), FetchState())])
    assert isinstance(results[0], FetchResult) and isinstance(results[2], FetchResult)
    assert isinstance(results[1], FetchError) and "404" in results[1].reason


def test_host_pacing(allow_local: None, server: Server) -> None:
    with Fetcher(dataclasses.replace(FAST, host_interval=0.05)) as fetcher:
        start = time.monotonic()
        for _ in range(3):
            fetcher.fetch(server.url("/atom.xml"))
        # robots.txt + 3 requests to one host: at least 3 intervals between their starts
        assert time.monotonic() - start >= 0.15


def test_fetch_many_interleaves_hosts_and_keeps_order(fetcher: Fetcher, server: Server) -> None:
    other = server.base.replace("127.0.0.1", "localhost")  # a second host name for the same server
    urls = [server.url("/feed.xml"), server.url("/atom.xml"), other + "/atom.xml", server.url("/missing")]
    results = fetcher.fetch_many([(u, None) for u in urls])
    assert [r.url for r in results] == urls  # FetchResult.url and FetchError.url: as asked
