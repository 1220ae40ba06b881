from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from click.testing import CliRunner

from rasad.acquire.fetcher import Fetcher
from rasad.acquire.poll import due_sources, poll_feeds
from rasad.cli_monitor import sources as sources_cli
from rasad.sources import Source, load_sources, save_sources

from .conftest import Server


def local_sources(server: Server) -> list[Source]:
    return [Source("آزمایشی", "TEST", [server.url("/etag"), server.url("/feed-1256.xml")], "127.0.0.1", 60),
            Source("خراب", "BROKEN", [server.url("/broken.xml"), server.url("/missing")], "127.0.0.1", 60)]


def test_poll_feeds_returns_items_state_and_errors(fetcher: Fetcher, server: Server) -> None:
    polls = poll_feeds(fetcher, local_sources(server))
    etag, old, broken, missing = polls
    assert etag.ok and len(etag.items) == 3 and etag.state.etag == '"v1"'
    assert old.ok and old.items[0].title == "افتتاح كتابخانه مركزي شهر"
    assert broken.error and "broken feed XML" in broken.error
    assert missing.error == "HTTP 404 Not Found"
    again = poll_feeds(fetcher, local_sources(server)[:1], {p.url: p.state for p in polls})
    assert again[0].not_modified and again[0].items == [] and again[0].state.etag == '"v1"'


def test_due_sources() -> None:
    now = datetime(2025, 2, 14, 12, 0, tzinfo=UTC)
    a = Source("a", "AA", ["https://a.ir/rss"], "a.ir", 300)
    b = Source("b", "BB", ["https://b.ir/rss"], "b.ir", 300)
    c = Source("c", "CC", ["https://c.ir/rss"], "c.ir", 300, enabled=False)
    last = {"a": now - timedelta(minutes=10), "b": now - timedelta(minutes=1)}
    assert due_sources([a, b, c], last, now) == [a]
    assert due_sources([a, b, c], {}, now) == [a, b]


def test_cli_list_add_remove(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    runner = CliRunner()
    result = runner.invoke(sources_cli, ["add", "آزمایشی", "--agency", "TEST", "--feed", "https://test.ir/rss",
                                         "--domain", "test.ir", "--interval", "10m", "--file", str(path)])
    assert result.exit_code == 0, result.output
    assert any(s.agency == "TEST" and s.interval_seconds == 600 for s in load_sources(path))
    assert any(s.agency == "IRNA" for s in load_sources(path))  # started from the shipped list
    listed = runner.invoke(sources_cli, ["list", "--file", str(path)])
    assert "TEST" in listed.output and "https://test.ir/rss" in listed.output
    assert runner.invoke(sources_cli, ["remove", "آزمایشی", "--file", str(path)]).exit_code == 0
    assert not any(s.agency == "TEST" for s in load_sources(path))
    missing = runner.invoke(sources_cli, ["remove", "آزمایشی", "--file", str(path)])
    assert missing.exit_code == 2 and "no source named" in missing.output


def test_cli_add_refuses_bad_entries(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    save_sources([Source("a", "AA", ["https://a.ir/rss"], "a.ir", 300)], path)
    result = CliRunner().invoke(sources_cli, ["add", "b", "--agency", "bad id", "--feed", "https://b.ir/rss",
                                              "--domain", "b.ir", "--file", str(path)])
    assert result.exit_code == 2 and "agency 'bad id'" in result.output
    assert [s.name for s in load_sources(path)] == ["a"]  # the file was restored


def test_cli_list_needs_no_file() -> None:
    result = CliRunner().invoke(sources_cli, ["list", "--json"], env={"RASAD_SOURCES": None})
    assert result.exit_code == 0 and '"agency": "IRNA"' in result.output


def test_cli_check_against_local_server(allow_local: None, server: Server, tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    save_sources(local_sources(server), path)
    result = CliRunner().invoke(sources_cli, ["check", "--file", str(path), "--timeout", "2",
                                                      "--host-interval", "0"])
    assert result.exit_code == 1
    assert "ok    TEST" in result.output and "3 items" in result.output
    assert "FAIL  BROKEN" in result.output and "HTTP 404" in result.output
    only_ok = CliRunner().invoke(sources_cli, ["check", "TEST", "--file", str(path), "--host-interval", "0"])
    assert only_ok.exit_code == 0, only_ok.output


def test_articles_from_items_fetches_pages_and_falls_back(fetcher: Fetcher, server: Server) -> None:
    from rasad.acquire.feeds import FeedItem
    from rasad.acquire.pages import articles_from_items
    from rasad.models import Agency

    agency = Agency("TEST", "خبرگزاری آزمایشی")
    items = [FeedItem("وزیر کشور: انتخابات", server.url("/page.html"), "خلاصه"),
             FeedItem("صفحه گمشده", server.url("/missing"), "<p>خلاصه خبر گمشده</p>"),
             FeedItem("بدون پیوند", None, "متن کوتاه")]
    page, missing, no_link = articles_from_items(fetcher, items, agency)
    assert page.from_page and len(page.article.paragraphs) == 3 and page.article.agency == agency
    assert page.article.url == server.url("/page.html") and page.article.published is not None
    assert not missing.from_page and missing.problem == "HTTP 404 Not Found"
    assert missing.article.paragraphs == ["خلاصه خبر گمشده"]
    assert (no_link.from_page, no_link.problem, no_link.article.title) == (False, "no link", "بدون پیوند")
    quick = articles_from_items(fetcher, items, agency, fetch_pages=False)
    assert [a.from_page for a in quick] == [False, False, False]
