"""The Store contract, on every backend: what the monitor keeps between runs, and stories."""

from __future__ import annotations

import pytest

from rasad.pipeline import analyze_text
from rasad.store import open_store


@pytest.fixture
def store(store_url: str):
    with open_store(store_url) as s:
        yield s


def test_feed_state_round_trip(store) -> None:
    store.save_feed_state("https://x.ir/rss", "X", {"etag": '"abc"', "last_modified": None})
    store.save_feed_state("https://x.ir/rss", "X", {"etag": '"def"', "last_modified": None})
    assert store.feed_states() == {"https://x.ir/rss": {"etag": '"def"', "last_modified": None}}


def test_poll_records(store) -> None:
    store.record_poll("ایرنا", None, 3, when="2025-11-01T10:00:00+00:00")
    store.record_poll("ایرنا", "HTTP 503", 0, when="2025-11-01T10:05:00+00:00")
    store.record_poll("ایرنا", "timeout", 0, when="2025-11-01T10:10:00+00:00")
    status = store.source_states()["ایرنا"]
    assert (status.items, status.errors, status.last_error) == (3, 2, "timeout")
    assert status.failing_since == "2025-11-01T10:05:00+00:00"
    assert status.items_per_day == {"2025-11-01": 3}
    store.record_poll("ایرنا", None, 1, when="2025-11-02T08:00:00+00:00")
    status = store.source_states()["ایرنا"]
    assert status.failing_since is None and status.items_per_day == {"2025-11-02": 1, "2025-11-01": 3}


def test_seen_items_and_page_retries(store) -> None:
    article = analyze_text("عنوان\n\nمتن خبر.", "a")
    article.url = "https://x.ir/news/1"
    stored = store.add(article)
    assert not store.is_seen("https://x.ir/news/1")  # stored, but not as a feed item
    store.mark_seen("https://x.ir/news/1", "X", stored.id)
    assert store.is_seen("https://x.ir/news/1")
    store.mark_seen("https://x.ir/news/2", "X", stored.id, page_ok=False)  # its page failed: retried
    assert not store.is_seen("https://x.ir/news/2")
    assert [p.url for p in store.pending_pages("X")] == ["https://x.ir/news/2"]
    store.mark_seen("https://x.ir/news/2", "X", None, page_ok=False)
    store.mark_seen("https://x.ir/news/2", "X", None, page_ok=False)
    assert store.is_seen("https://x.ir/news/2") and store.pending_pages("X") == []  # gave up after 3


def test_stories(store) -> None:
    ids = []
    for n, day in enumerate(("2025-11-01", "2025-11-02", "2025-11-03")):
        ids.append(store.add(analyze_text(f"date {day} خبرگزاری مهر\nخبر {n}\n\nمتن شماره {n}.", f"{n}")).id)
    store.save_signatures(ids[0], b"d", b"t")
    store.save_story(ids[0], [(ids[0], None), (ids[1], "cites")])
    assert store.story_of(ids[1]) == ids[0] and store.story_of(ids[2]) is None
    [story] = store.stories()
    assert story.first.id == ids[0] and [a.id for a in story.articles] == ids[:2]
    assert story.to_record()["articles"][1]["how"] == "cites"
    assert [row.id for row in store.signed_articles()] == [ids[0]]


def test_unsigned_articles(store) -> None:
    ids = [store.add(analyze_text(f"خبر {n}\n\nمتن شماره {n}.", f"{n}")).id for n in range(3)]
    store.save_signatures(ids[1], b"d", b"t")
    assert store.unsigned_articles("2000-01-01T00:00:00+00:00") == [ids[0], ids[2]]
    assert store.unsigned_articles("2999-01-01T00:00:00+00:00") == []
