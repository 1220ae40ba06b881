"""The Store contract, on every backend: the dashboard's aggregations, the archive in partitions,
reprocessing write-back, people candidates, quote ids, stories by id, full timestamps, and
read-only opening."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from rasad.errors import AmbiguousName, NotFound, StoreError
from rasad.models import Agency, Article, Entity, Person, Quote
from rasad.store import open_store
from rasad.store.values import Counted, DayCount, SearchFilters
from rasad.text.dates import TEHRAN

ILNA = Agency("ILNA", "خبرگزاری کار ایران")
ISNA = Agency("ISNA", "خبرگزاری دانشجویان ایران")


def article(n: int, day: date, agency: Agency, body: str, persons=(), entities=(), quotes=()) -> Article:
    return Article(
        title=f"خبر شماره {n}", paragraphs=[body], agency=agency, url=f"https://example.ir/news/{n}",
        published=datetime(day.year, day.month, day.day, 9, 30, n, tzinfo=TEHRAN),
        persons=list(persons), entities=list(entities), quotes=list(quotes))


def quote(speaker: str, text: str) -> Quote:
    return Quote(speaker, speaker, "گفت", "direct", text, 0, len(text))


@pytest.fixture
def store(store_url: str):
    with open_store(store_url) as s:
        s.add(article(1, date(2025, 11, 1), ILNA, "وزیر کشور درباره آب سخن گفت.",
                      [Person("اسکندر مومنی", ["وزیر کشور"])],
                      [Entity("اسکندر مومنی", "PER", 0, 11), Entity("مشهد", "LOC", 12, 16)],
                      [quote("اسکندر مومنی", "آب کافی است.")]))
        s.add(article(2, date(2025, 11, 1), ISNA, "مصرف آب در مشهد بالا رفت.", [], [Entity("مشهد", "LOC", 0, 4)]))
        s.add(article(3, date(2025, 11, 3), ILNA, "نمایشگاه کتاب برگزار شد.", [Person("علی مومنی", ["ناشر"])],
                      [Entity("علی مومنی", "PER", 0, 9)], [quote("علی مومنی", "کتاب خوب است.")]))
        undated = article(4, date(2025, 11, 4), ISNA, "خبری بی‌تاریخ درباره آب.")
        undated.published = None
        s.add(undated)
        yield s


def test_articles_per_day(store) -> None:
    assert store.articles_per_day() == [DayCount("2025-11-01", 2), DayCount("2025-11-03", 1)]
    assert store.articles_per_day("آب") == [DayCount("2025-11-01", 2)]
    assert store.articles_per_day("", SearchFilters(agency="ILNA")) == [DayCount("2025-11-01", 1),
                                                                       DayCount("2025-11-03", 1)]


def test_top_agencies_and_entities(store) -> None:
    assert store.top("agency") == [Counted("ILNA", 2), Counted("ISNA", 2)]
    assert store.top("LOC") == [Counted("مشهد", 2)]
    assert store.top("PER", SearchFilters(since=date(2025, 11, 2))) == [Counted("علی مومنی", 1)]
    assert store.top("PER", query="آب") == [Counted("اسکندر مومنی", 1)]
    assert store.top("agency", limit=1) == [Counted("ILNA", 2)]


def test_partitions_cover_the_archive_once(store) -> None:
    ranges = store.id_ranges(3)
    assert [r.articles for r in ranges] == [3, 1]
    seen = [a.id for r in ranges for a in store.iter_articles(r.first, r.last)]
    assert seen == sorted(a.id for a in store.iter_articles()) and len(seen) == 4
    assert [a.record["agency"]["id"] for a in store.iter_articles(filters=SearchFilters(agency="ISNA"))] == \
        ["ISNA", "ISNA"]


def test_replace_enrichments_writes_back_and_relinks(store) -> None:
    [stored] = [a for a in store.iter_articles() if a.record["url"].endswith("/news/3")]
    same = Article.from_record(stored.record)
    assert store.replace_enrichments(stored.id, same) is False  # nothing new: nothing written
    better = Article.from_record(stored.record)
    better.persons = [Person("علی مومنی", ["مدیر نشر"])]
    better.quotes = [quote("علی مومنی", "کتاب بهتر است.")]
    assert store.replace_enrichments(stored.id, better) is True
    profile = store.person("علی مومنی")
    assert [r.role for r in profile.roles] == ["مدیر نشر"]  # the old role was taken back
    assert [q.text for q in profile.quotes] == ["کتاب بهتر است."]
    assert store.get(stored.id).record["persons"] == [{"name": "علی مومنی", "roles": ["مدیر نشر"]}]
    assert store.get(stored.id).ingested_at == stored.ingested_at and store.count() == 4
    with pytest.raises(NotFound):
        store.replace_enrichments(999, better)


def test_people_candidates_and_ids(store) -> None:
    candidates = store.find_people("مومنی")
    assert [(c.name, c.articles, c.role) for c in candidates] == [("اسکندر مومنی", 1, "وزیر کشور"),
                                                                  ("علی مومنی", 1, "ناشر")]
    with pytest.raises(AmbiguousName) as caught:
        store.person("مومنی")
    assert [c.id for c in caught.value.candidates] == [c.id for c in candidates]
    assert store.person_by_id(candidates[1].id).name == "علی مومنی"
    with pytest.raises(NotFound):
        store.person_by_id(9999)


def test_quotes_have_ids(store) -> None:
    quotes = store.quotes(limit=10)
    assert len({q.id for q in quotes}) == 2
    assert [q.text for q in quotes] == ["کتاب خوب است.", "آب کافی است."]  # newest first
    [minister] = store.quotes(speaker="اسکندر مومنی")
    assert minister.person_id == store.find_people("اسکندر مومنی")[0].id
    assert [q.id for q in store.quotes(query="کافی")] == [minister.id]


def test_full_timestamps_are_kept(store) -> None:
    [first] = [a for a in store.iter_articles() if a.record["url"].endswith("/news/1")]
    assert first.record["published"] == "2025-11-01"
    assert first.record["published_at"] == "2025-11-01T09:30:01+03:30"
    store.save_story(first.id, [(first.id, None)])
    assert store.story(first.id).first.published_at == "2025-11-01T09:30:01+03:30"


def test_story_by_id(store) -> None:
    ids = [a.id for a in store.iter_articles()]
    store.save_story(ids[0], [(ids[0], None), (ids[1], "near-duplicate")])
    story = store.story(ids[0])
    assert [a.id for a in story.articles] == ids[:2] and story.articles[1].how == "near-duplicate"
    assert [s.id for s in store.stories(since=date(2025, 10, 1))] == [ids[0]]
    assert store.stories(since=date(2025, 11, 2)) == []
    with pytest.raises(NotFound):
        store.story(ids[3])


def test_collapse_and_pages(store) -> None:
    ids = [a.id for a in store.iter_articles()]
    store.save_story(ids[0], [(ids[0], None), (ids[1], "cites")])
    plain, collapsed = store.search("آب"), store.search("آب", collapse=True)
    assert plain.total == 3 and collapsed.total == 2
    assert sum(h.also for h in collapsed.hits) == 1
    pages = [store.search("", limit=2, offset=o).hits for o in (0, 2, 4)]
    assert [len(p) for p in pages] == [2, 2, 0]
    assert len({h.id for p in pages for h in p}) == 4
    assert pages[1][-1].published is None  # undated articles come last, newest first before them
    assert all(h.score > 0 for h in plain.hits) and all(h.score == 0 for h in pages[0])


def test_read_only_opening(store_url: str, store) -> None:
    with open_store(store_url, write=False) as reader:
        assert reader.count() == 4
        with pytest.raises(StoreError):
            reader.add(article(9, date(2025, 11, 9), ILNA, "متن"))
        with pytest.raises(StoreError):
            reader.record_poll("X", None, 1)


def test_a_missing_store_is_not_created_for_reading(store_url: str, tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'nothing' / 'here.db'}" if store_url.startswith("sqlite") else "memory://never-made"
    with pytest.raises(StoreError):
        open_store(url, write=False)
    assert not (tmp_path / "nothing").exists()


def test_day_range(store) -> None:
    assert store.day_range() == ("2025-11-01", "2025-11-03")
    assert store.day_range(SearchFilters(agency="ISNA")) == ("2025-11-01", "2025-11-01")
    assert store.day_range(SearchFilters(since=date(2026, 1, 1))) == (None, None)


def test_hits_carry_their_url(store) -> None:
    assert {h.url for h in store.search("آب").hits} == {"https://example.ir/news/1", "https://example.ir/news/2",
                                                        "https://example.ir/news/4"}


def test_quotes_of_one_article(store) -> None:
    [first] = [a.id for a in store.iter_articles() if a.record["url"].endswith("/news/1")]
    assert [q.text for q in store.quotes(article_id=first)] == ["آب کافی است."]


def test_stories_between_days_and_by_agencies(store) -> None:
    ids = {a.record["url"].rsplit("/", 1)[-1]: a.id for a in store.iter_articles()}
    store.save_story(ids["1"], [(ids["1"], None), (ids["2"], "cites")])  # ILNA and ISNA: two agencies
    store.save_story(ids["3"], [(ids["3"], None), (ids["4"], "near-duplicate")])  # ILNA and ISNA as well
    assert [s.id for s in store.stories()] == [ids["3"], ids["1"]]  # newest first
    assert [s.id for s in store.stories(until=date(2025, 11, 2))] == [ids["1"]]
    store.save_story(ids["3"], [(ids["3"], None)])  # story 3 loses its copy
    store.save_story(ids["1"], [(ids["1"], None), (ids["2"], "cites"), (ids["4"], "cites")])
    assert [s.id for s in store.stories(min_size=1, order="agencies")] == [ids["1"], ids["3"]]


def test_facets_follow_every_article_write(store) -> None:
    """Facet counts may be kept between searches (SQLite keeps them per generation), but never
    past a write that changes articles."""
    before = store.search("آب").facets["LOC"]
    store.add(article(7, date(2025, 11, 5), ISNA, "کم‌آبی در مشهد و آب شیراز.", [],
                      [Entity("مشهد", "LOC", 0, 4), Entity("شیراز", "LOC", 10, 15)]))
    after = store.search("آب").facets["LOC"]
    assert after["مشهد"] == before["مشهد"] + 1 and after["شیراز"] == 1
    assert store.search("", SearchFilters(agency="ISNA")).facets["LOC"]["شیراز"] == 1
    [seventh] = [a for a in store.iter_articles() if a.record["url"].endswith("/news/7")]
    changed = Article.from_record(seventh.record)
    changed.entities = [Entity("مشهد", "LOC", 0, 4)]
    assert store.replace_enrichments(seventh.id, changed)
    assert "شیراز" not in store.search("آب").facets["LOC"]
    assert "شیراز" not in store.search("", SearchFilters(agency="ISNA")).facets["LOC"]
