"""The JSON record: extended, never renamed, and read back whole."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from rasad.models import Agency, Article

TEHRAN = timezone(timedelta(hours=3, minutes=30))


def test_record_keeps_the_time_of_day_and_the_boilerplate() -> None:
    article = Article("عنوان", ["متن"], agency=Agency("IRNA", "خبرگزاری جمهوری اسلامی"),
                      published=datetime(2025, 11, 2, 9, 30, tzinfo=TEHRAN), boilerplate=["انتهای پیام/"])
    record = article.to_record()
    assert record["published"] == "2025-11-02"  # the contract's day stays as it was
    assert record["published_at"] == "2025-11-02T09:30:00+03:30"
    back = Article.from_record(record)
    assert back.published == article.published and back.published.utcoffset() == timedelta(hours=3, minutes=30)
    assert back.boilerplate == ["انتهای پیام/"]
    assert back.to_record() == record


def test_old_records_without_published_at_still_read() -> None:
    record = Article("عنوان", published=datetime(2025, 11, 2, 9, 30, tzinfo=TEHRAN)).to_record()
    del record["published_at"]
    assert Article.from_record(record).published.date().isoformat() == "2025-11-02"
    assert Article.from_record({**record, "published": None}).published is None
