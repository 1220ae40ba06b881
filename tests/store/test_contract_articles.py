"""The Store contract, on every backend: idempotent ingestion, Persian-aware search, filters."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from rasad.errors import ConfigError, NotFound, StoreError
from rasad.pipeline import analyze_text
from rasad.store import open_store
from rasad.store.values import SearchFilters

ARTICLES = {
    "a": "date 2025-10-26 خبرگزاری کار ایران\nوزیر کشور از مشهد بازدید کرد\n\nوزیر کشور گفت: این طرح اجرا میشود.\n",
    "b": "date 2025-11-02 خبرگزاری دانشجویان ایران\nبرنامه تازه آب\n\nمعاون استاندار گفت: مصرف آب کم می‌شود.\n",
    "c": "date 2025-11-20 خبرگزاری کار ایران\nنمایشگاه کتاب\n\nنمایشگاه کتاب با ۳۰۰ ناشر برگزار شد.\n",
}


@pytest.fixture
def store(store_url: str):
    with open_store(store_url) as s:
        for name, text in ARTICLES.items():
            s.add(analyze_text(text, name))
        yield s


def test_same_article_twice_is_stored_once(store) -> None:
    again = store.add(analyze_text(ARTICLES["a"], "copy-of-a.txt"))
    assert again.status == "unchanged" and store.count() == 3


def test_same_url_new_text_updates(store) -> None:
    text = "خبر تازه\n\nقیمت نان ۱۰ درصد بالا رفت.\n"
    article = analyze_text(text, "d")
    article.url = "https://ilna.ir/news/1"
    first = store.add(article)
    changed = analyze_text(text.replace("۱۰", "۱۲"), "d")
    changed.url = article.url
    second = store.add(changed)
    assert (first.status, second.status, first.id) == ("added", "updated", second.id)
    assert store.count() == 4
    assert store.search("۱۲ درصد").total == 1 and store.search("۱۰ درصد").total == 0


@pytest.mark.parametrize("query", ["میشود", "می‌شود", "ميشود"])
def test_spelling_variants_find_the_same(store, query: str) -> None:
    assert {h.title for h in store.search(query).hits} == {"وزیر کشور از مشهد بازدید کرد", "برنامه تازه آب"}


@pytest.mark.parametrize("query", ["۳۰۰ ناشر", "300 ناشر", "٣٠٠ ناشر"])
def test_digits_either_kind(store, query: str) -> None:
    assert [h.title for h in store.search(query).hits] == ["نمایشگاه کتاب"]


def test_filters_and_facets(store) -> None:
    assert store.search("", SearchFilters(agency="ILNA")).total == 2
    assert store.search("", SearchFilters(since=date(2025, 11, 1))).total == 2
    assert store.search("", SearchFilters(since=date(2025, 11, 1), until=date(2025, 11, 10))).total == 1
    assert store.search("گفت").facets["agency"] == {"ILNA": 1, "ISNA": 1}


def test_snippet_holds_the_query(store) -> None:
    [hit] = store.search("مصرف آب").hits
    assert "مصرف آب" in hit.snippet


def test_phrase_query(store) -> None:
    assert store.search('"وزیر کشور"').total == 1
    assert store.search('"کشور وزیر"').total == 0


def test_get_unknown_id(store) -> None:
    with pytest.raises(NotFound):
        store.get(999)


def test_unknown_url_scheme() -> None:
    with pytest.raises(ConfigError):
        open_store("mysql://x")


def test_reopen_keeps_data(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    with open_store(url) as s:
        s.add(analyze_text(ARTICLES["a"], "a"))
    with open_store(url) as s:
        assert s.count() == 1


def test_entity_filter_and_facets(store_url: str) -> None:
    from rasad.models import Entity

    with open_store(store_url) as s:
        for name, text in ARTICLES.items():
            article = analyze_text(text, name)
            if name in ("a", "b"):
                article.entities = [Entity("وزیر کشور", "PER", 0, 9), Entity("مشهد", "LOC", 10, 14)]
            if name == "b":
                article.entities.append(Entity("شرکت آبفا", "ORG", 20, 29))
            s.add(article)
        assert s.search("", SearchFilters(entities=[("LOC", "مشهد")])).total == 2
        assert s.search("", SearchFilters(entities=[("LOC", "مشهد"), ("ORG", "شرکت  آبفا")])).total == 1
        facets = s.search("").facets
        assert facets["LOC"] == {"مشهد": 2} and facets["ORG"] == {"شرکت آبفا": 1}


def test_a_url_updated_to_another_articles_text_is_that_article(store) -> None:
    page = analyze_text("خبر دیگر\n\nمتنی دیگر.\n", "d")
    page.url = "https://ilna.ir/news/9"
    assert store.add(page).status == "added"
    changed = analyze_text(ARTICLES["c"], "c-again")  # the page now carries article c's text
    changed.url = page.url
    again = store.add(changed)
    [c] = store.search("نمایشگاه").hits
    assert (again.status, again.id) == ("unchanged", c.id) and store.count() == 4


def test_sqlite_errors_become_store_errors(tmp_path) -> None:
    path = tmp_path / "broken.db"
    path.write_bytes(b"this is not a database, " * 200)
    with pytest.raises(StoreError, match=r"broken\.db"):
        open_store(f"sqlite:///{path}")
    url = f"sqlite:///{tmp_path / 'ok.db'}"
    with open_store(url) as s:
        s.add(analyze_text(ARTICLES["a"], "a"))
    with open(tmp_path / "ok.db", "r+b") as db:  # trample the pages after the header
        db.seek(4096)
        db.write(b"\xff" * 8192)
    with pytest.raises(StoreError, match=r"ok\.db"), open_store(url, write=False) as s:
        s.search("وزیر")


INVISIBLE = ["\u00ad", "\u2060", "\u2063", "\u034f", "\u200b", "\u200d", "\ufe0f"]


@pytest.mark.parametrize("mark", INVISIBLE)
def test_invisible_characters_hide_no_word(store, mark: str) -> None:
    """A soft hyphen, word joiner, invisible separator, CGJ, zero-width space... inside a word, in the
    article or in the query, changes nothing; nor do Arabic presentation forms."""
    hidden = analyze_text(f"تجمع کارگران\n\nکارگران در برابر وزارتخانه دست به تظا{mark}هرات زدند.\n", "x")
    assert store.add(hidden).status == "added"
    assert store.search("تظاهرات").total == 1
    assert store.search(f"تظا{mark}هرات").total == 1
    assert store.search("ﺗﻈﺎﻫﺮﺍﺕ").total == 1


def test_presentation_forms_and_mojibake_are_read_as_letters(store) -> None:
    assert store.add(analyze_text("ﺗﻈﺎﻫﺮﺍﺕ ﮐﺎﺭﮔﺮﺍﻥ\n\nمتن خبر درباره کارگران.\n", "p")).status == "added"
    assert store.search("تظاهرات کارگران").total == 1
    mojibake = "date 2025-11-05 خبرگزاری مهر\n˜ÇÑÔäÇÓÇä ÏÇÎáí\n\n˜ÇÑÔäÇÓÇä ÏÇÎáí æ ÎÇÑÌí äÙÑ ÏÇÏäÏ.\n"
    assert store.add(analyze_text(mojibake, "m")).status == "added"
    assert store.search("کارشناسان داخلی").total == 1
