from __future__ import annotations

import dataclasses

import pytest

from rasad.link.dedup import (
    DedupIndex,
    DedupSettings,
    near_duplicate_pairs,
    normalize_for_dedup,
    shingle_hashes,
    signature_from_bytes,
    signature_to_bytes,
    similarity,
)
from rasad.models import Article


def edited(article: Article, **changes: object) -> Article:
    return dataclasses.replace(article, **changes)


@pytest.mark.parametrize(("text", "expected"), [
    ("می‌شود", "میشود"),
    ("كتاب علي", "کتاب علی"),  # Arabic kaf and yeh
    ("۱۴۰۳/۱۱/۲۶", "1403 11 26"),
    ("«سلام»، دنیا!", "سلام دنیا"),
    ("مُحَمَّد", "محمد"),
    ("Hello  WORLD", "hello world"),
])
def test_normalize_for_dedup(text: str, expected: str) -> None:
    assert normalize_for_dedup(text) == expected


def test_shingles_ignore_spelling_variants() -> None:
    a = shingle_hashes("همکاری‌های دو کشور در حوزه انرژی افزایش می‌یابد", 3)
    b = shingle_hashes("همكاريهاي دو كشور در حوزه انرژي افزايش ميیابد", 3)
    assert set(a.tolist()) == set(b.tolist())
    assert len(shingle_hashes("دو کلمه", 4)) == 1  # shorter than k: one shingle
    assert len(shingle_hashes("", 4)) == 0


def test_republished_and_edited_copies_are_found(articles: dict[str, Article]) -> None:
    original = articles["election"]
    copies = {
        "verbatim": original,
        "other_agency": edited(original, paragraphs=[original.paragraphs[0].replace("ایرنا", "ایسنا"),
                                                     *original.paragraphs[1:]]),
        "dropped": edited(original, paragraphs=original.paragraphs[:2] + original.paragraphs[3:]),
        "new_lead": edited(original, paragraphs=["به گزارش خبرنگار ما، انتخابات طبق برنامه برگزار می‌شود.",
                                                 *original.paragraphs[1:]]),
    }
    index = DedupIndex()
    index.add("original", original.text)
    for name in ("bread", "football", "book_fair", "election_mehr"):
        index.add(name, articles[name].text)
    for name, copy in copies.items():
        matches = dict(index.query(copy.text))
        assert set(matches) == {"original"}, name
        assert matches["original"] >= 0.5


def test_different_stories_on_one_event_are_not_duplicates(articles: dict[str, Article]) -> None:
    pairs = near_duplicate_pairs({k: a.text for k, a in articles.items()})
    assert pairs == []


def test_signature_bytes_round_trip_rebuilds_the_index(articles: dict[str, Article]) -> None:
    index = DedupIndex(DedupSettings(threshold=0.5, num_perm=64))
    stored = {key: signature_to_bytes(index.add(key, a.text)) for key, a in articles.items()}
    assert all(len(b) == len(next(iter(stored.values()))) for b in stored.values())
    rebuilt = DedupIndex(DedupSettings(threshold=0.5, num_perm=64))
    for key, data in stored.items():
        rebuilt.add(key, signature=signature_from_bytes(data))
    assert rebuilt.query(articles["bread"].text) == [("bread", 1.0)]
    assert similarity(rebuilt.signature("bread"), index.signature("bread")) == 1.0


def test_add_and_query_remove_and_pairs() -> None:
    index = DedupIndex()
    text = ("تیم ملی فوتبال ایران امشب در ورزشگاه آزادی به مصاف تیم ملی کره جنوبی می‌رود و سرمربی"
            " از آمادگی کامل خبر داد")
    assert index.add_and_query("a", text) == []
    assert [k for k, _ in index.add_and_query("b", text + " و گفت")] == ["a"]
    assert [(a, b) for a, b, _ in index.pairs()] == [("a", "b")]
    index.remove("a")
    assert "a" not in index and len(index) == 1 and index.query(text) == [("b", pytest.approx(0.9, abs=0.1))]
    with pytest.raises(KeyError):
        index.add("b", text)
    with pytest.raises(ValueError):
        index.add("c")
