"""A monitor round against hostile and unlucky feeds: links too long or malformed, markup in links,
dates in 2100, an aggregator listing another watched outlet's article, a source whose processing
crashes, a feed with more items than one round takes. The round always finishes, healthy sources
are stored, and nothing is stored under the wrong outlet."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rasad import monitor as monitor_module
from rasad.acquire.fetcher import Fetcher, FetchSettings
from rasad.monitor import Monitor
from rasad.sources import Source, parse_interval
from rasad.store import open_store

FEEDS: dict[str, list[tuple[str, str, str]]] = {}  # path -> (title, link, pubDate)


def rss(items: list[tuple[str, str, str]]) -> bytes:
    body = "".join(f"<item><title>{t}</title><link>{link}</link><pubDate>{d}</pubDate>"
                   f"<description>خلاصه خبر {t} درباره شهر.</description></item>" for t, link, d in items)
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>x</title>{body}' \
           "</channel></rss>".encode()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path in FEEDS:
            data, kind = rss(FEEDS[self.path]), "application/rss+xml; charset=utf-8"
        else:
            name = self.path.rsplit("/", 1)[-1]
            data = (f'<html lang="fa"><head><meta charset="utf-8"><title>صفحه {name}</title></head><body><article>'
                    f"<h1>صفحه {name}</h1><p>متن کامل خبر {name} درباره آب و برق شهر در روز سوم آبان.</p>"
                    f"<p>مدیرکل استان گفت: برنامه {name} تا پایان سال اجرا می‌شود.</p></article></body></html>").encode()
            kind = "text/html; charset=utf-8"
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture
def base(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("RASAD_ALLOW_PRIVATE_NETWORKS", "1")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    FEEDS.clear()


def run_round(url: str, sources: list[Source], fetch_pages: bool = False) -> list[monitor_module.SourceReport]:
    settings = FetchSettings(host_interval=0, retries=0, respect_robots=False, total_timeout=10)
    with open_store(url) as store, Fetcher(settings) as fetcher:
        return Monitor(store, sources, fetcher, fetch_pages=fetch_pages).run_once(every=True)


def source(name: str, agency: str, domain: str, feed: str) -> Source:
    return Source(name, agency, [feed], domain, 300)


def test_hostile_items_do_not_stop_the_round(base: str, memory_url: str) -> None:
    FEEDS["/agg.xml"] = [
        ("لینک بلند", "http://127.0.0.1/" + "a" * 100_000, "Mon, 03 Nov 2025 08:00:00 +0330"),
        ("لینک خراب", "http://[/]/x", "Mon, 03 Nov 2025 08:00:00 +0330"),
        ("خبر ایرنا در تجمیع‌گر", "https://www.irna.ir/news/1", "Mon, 03 Nov 2025 08:00:00 +0330"),
        ("خبر آینده", f"{base}/agg/future.html", "Mon, 01 Jan 2100 08:00:00 +0000"),
        ("خبر سالم", f"{base}/agg/ok.html", "Mon, 03 Nov 2025 09:00:00 +0330"),
    ]
    FEEDS["/irna.xml"] = [("خبر ایرنا", f"{base}/irna/1.html", "Mon, 03 Nov 2025 07:00:00 +0330")]
    sources = [source("تجمیع", "Aggregator", "agg.example", f"{base}/agg.xml"),
               source("ایرنا", "IRNA", "irna.ir", f"{base}/irna.xml")]
    reports = {r.name: r for r in run_round(memory_url, sources, fetch_pages=True)}
    assert not reports["ایرنا"].failed and reports["ایرنا"].new == 1
    aggregator = reports["تجمیع"]
    assert not aggregator.failed and aggregator.elsewhere == 1  # IRNA's article is left to IRNA's feed
    assert any("in the future" in p for p in aggregator.problems)
    with open_store(memory_url, write=False) as store:
        stored = {a.record["url"].rsplit("/", 1)[-1]: a.record for a in store.iter_articles()}
    assert "1" not in stored  # https://www.irna.ir/news/1 was not stored as the aggregator's
    assert stored["future.html"]["published"] is None and stored["ok.html"]["published"] == "2025-11-03"
    assert stored["ok.html"]["agency"]["id"] == "Aggregator" and stored["1.html"]["agency"]["id"] == "IRNA"
    assert all(len(line) < 400 for line in aggregator.problems)  # the 100,000-character link is shortened


def test_a_crashing_source_fails_alone(base: str, memory_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    FEEDS["/a.xml"] = [("خبر الف", f"{base}/a/1.html", "Mon, 03 Nov 2025 07:00:00 +0330")]
    FEEDS["/b.xml"] = [("خبر ب", f"{base}/b/1.html", "Mon, 03 Nov 2025 07:00:00 +0330")]
    original = Monitor._process

    def crash_on_a(self: Monitor, poll, report) -> None:  # type: ignore[no-untyped-def]
        if poll.url.endswith("/a.xml"):
            raise RuntimeError("boom")
        original(self, poll, report)

    monkeypatch.setattr(Monitor, "_process", crash_on_a)
    reports = {r.name: r for r in run_round(memory_url, [source("الف", "A", "a.example", f"{base}/a.xml"),
                                                          source("ب", "B", "b.example", f"{base}/b.xml")])}
    assert reports["الف"].failed and "RuntimeError: boom" in reports["الف"].errors[0]
    assert not reports["ب"].failed and reports["ب"].new == 1


def test_a_long_feed_is_taken_over_several_rounds(base: str, memory_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(monitor_module, "FEED_ITEMS", 4)
    FEEDS["/long.xml"] = [(f"خبر شماره {n} درباره شهر", f"{base}/long/{n}.html", "Mon, 03 Nov 2025 07:00:00 +0330")
                          for n in range(10)]
    sources = [source("بلند", "Long", "long.example", f"{base}/long.xml")]
    news = [run_round(memory_url, sources)[0] for _ in range(3)]
    assert [(r.new, r.deferred) for r in news] == [(4, 6), (4, 2), (2, 0)]
    with open_store(memory_url, write=False) as store:
        assert store.count() == 10
        assert f"{base}/long.xml" in store.feed_states()  # saved once the feed was taken whole


def test_intervals_have_a_ceiling() -> None:
    with pytest.raises(ValueError, match="ceiling"):
        parse_interval("99999999999d")
    assert parse_interval("30d") == 30 * 86400
