"""Matching stored articles against watches through the ingest service's hook, on the shipped real
Persian samples and on both backends: the same folding as search, the filters, person watches
(quotes given by role phrase resolved to the person), stories past N agencies, once per (watch,
article), watches added by another handle, and few candidates among many watches."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from rasad.alerts.match import ArticleView, Matcher, WatchIndex, compile_watch
from rasad.alerts.watches import create_watch
from rasad.errors import AmbiguousName, InputError
from rasad.ingest import Ingestor
from rasad.pipeline import analyze_text
from rasad.store import open_store
from rasad.store.watch_values import WatchSpec

SAMPLES = Path(str(resources.files("rasad.data").joinpath("samples")))
WATER_IRNA, WATER_ISNA, LIBRARY, RAIL = sorted(SAMPLES.glob("*.txt"))


@pytest.fixture
def store(store_url: str):
    with open_store(store_url) as s:
        yield s


def ingest(store, *paths: Path) -> list[int]:
    return Ingestor(store).ingest_paths(list(paths)).ids


def alerted(store, name: str) -> list[int]:
    return sorted(a.article_id for a in store.alerts(watch_id=store.watch(name).id))


def test_query_folds_like_search(store) -> None:
    """`راه آهن` typed with a space finds the article's `راهآهن` (ZWNJ deleted by the scraper) as
    search does; Arabic ي and ك fold too."""
    create_watch(store, "rail", WatchSpec(query="راه آهن"))
    create_watch(store, "arabic", WatchSpec(query="كتابخانه"))  # Arabic kaf
    create_watch(store, "phrase", WatchSpec(query='"وزیر راه و شهرسازی"'))
    create_watch(store, "absent", WatchSpec(query="راه آهن مشهد"))  # every word is needed
    ids = ingest(store, WATER_IRNA, LIBRARY, RAIL)
    assert alerted(store, "rail") == [ids[2]] == [h.id for h in store.search("راه آهن").hits]
    assert alerted(store, "arabic") == [ids[1]]
    assert alerted(store, "phrase") == [ids[2]]
    assert alerted(store, "absent") == []


def test_query_language_like_search(store) -> None:
    """OR, exclusions and the hamza and madda spellings mean for a watch what they mean in search."""
    create_watch(store, "either", WatchSpec(query="كتابخانه OR آهن"))
    create_watch(store, "not-rail", WatchSpec(query="وزیر -آهن"))
    ids = ingest(store, WATER_IRNA, LIBRARY, RAIL)
    either = sorted(h.id for h in store.search("كتابخانه OR آهن").hits)
    assert alerted(store, "either") == sorted([ids[1], ids[2]]) == either
    assert alerted(store, "not-rail") == sorted(h.id for h in store.search("وزیر -آهن").hits)
    assert ids[2] in [h.id for h in store.search("وزیر").hits] and ids[2] not in alerted(store, "not-rail")


def test_filters(store) -> None:
    create_watch(store, "tasnim", WatchSpec(agency="تسنیم"))  # by name: stored as the agency's id
    create_watch(store, "water-irna", WatchSpec(query="آب", agency="IRNA"))
    create_watch(store, "isfahan", WatchSpec(place="اصفهان"))
    ids = ingest(store, WATER_IRNA, WATER_ISNA, LIBRARY, RAIL)
    assert store.watch("tasnim").spec.agency == "Tasnim"
    assert alerted(store, "tasnim") == [ids[3]]
    assert alerted(store, "water-irna") == [ids[0]]
    assert alerted(store, "isfahan") == [ids[2]]


def test_person_mentions_and_quotes(store) -> None:
    """A quotes-only watch gets the quote, including one given by role phrase ("معاون وزیر راه و
    شهرسازی گفت") that the store resolved to the person."""
    create_watch(store, "karimi-quotes", WatchSpec(person="حسین کریمی", quotes_only=True))
    create_watch(store, "soltani", WatchSpec(person="مریم سلطانی"))
    ids = ingest(store, WATER_IRNA, LIBRARY, RAIL)
    [alert] = store.alerts(watch_id=store.watch("karimi-quotes").id)
    assert alert.article_id == ids[2]
    assert alert.quote and alert.quote.startswith("عملیات اجرایی")  # the role phrase's quote, first in the text
    assert alerted(store, "soltani") == [ids[1]]


def test_quotes_only_needs_a_quote(store) -> None:
    create_watch(store, "named", WatchSpec(person="کامران نیک‌خواه"))
    create_watch(store, "quoted", WatchSpec(person="کامران نیک‌خواه", quotes_only=True))
    article = analyze_text("date 2025-11-06 خبرگزاری مهر\nدیدار استاندار\n\n"
                           "استاندار خراسان رضوی امروز با کامران نیک‌خواه در مشهد دیدار کرد.", "m")
    assert not article.quotes
    ids = ingest(store, WATER_IRNA)
    stored = Ingestor(store).store_article(article)
    assert alerted(store, "quoted") == [ids[0]]  # named without a quote: not for a quotes-only watch
    assert alerted(store, "named") == sorted([ids[0], stored.id])


def test_story_past_n_agencies_alerts_once(store) -> None:
    create_watch(store, "spread", WatchSpec(story_agencies=2))
    create_watch(store, "spread-3", WatchSpec(story_agencies=3))
    ids = ingest(store, WATER_IRNA, LIBRARY, WATER_ISNA)
    assert alerted(store, "spread") == [ids[0]]  # the story's first article, once
    assert alerted(store, "spread-3") == []


def test_once_per_watch_and_article_and_later_watches(store_url: str, store) -> None:
    ingestor = Ingestor(store)
    create_watch(store, "rail", WatchSpec(query="ریلی"))
    [rail] = ingestor.ingest_paths([RAIL]).ids
    ingestor.ingest_paths([RAIL])  # unchanged
    Ingestor(store).ingest_paths([RAIL])  # another process
    assert len(store.alerts()) == 1
    with open_store(store_url) as other:  # another process adds a watch: the running ingestor sees it
        create_watch(other, "library", WatchSpec(query="کتاب"))
    [library] = ingestor.ingest_paths([LIBRARY]).ids
    assert alerted(store, "library") == [library] and alerted(store, "rail") == [rail]


def test_ingest_can_leave_watches_alone(store) -> None:
    create_watch(store, "rail", WatchSpec(query="ریلی"))
    Ingestor(store, match_watches=False).ingest_paths([RAIL])
    assert store.alerts() == []


def test_few_candidates_among_many_watches(store) -> None:
    """1,000 watches on other words: an article is checked against the handful filed under its words."""
    for n in range(1000):
        create_watch(store, f"w{n}", WatchSpec(query=f"واژه{n} دیگر"))
    create_watch(store, "rail", WatchSpec(query="ریلی آستارا"))
    index = WatchIndex(compile_watch(w, store) for w in store.watches())
    [rail] = ingest(store, RAIL)
    view = ArticleView(store, rail, Ingestor(store, match_watches=False).pipeline.enrich_many(
        [analyze_text(RAIL.read_text(encoding="utf-8"))])[0])
    assert [c.watch.name for c in index.candidates(view)] == ["rail"]
    assert alerted(store, "rail") == [rail]


def test_matcher_reports_new_alerts(store) -> None:
    woken: list[int] = []
    create_watch(store, "rail", WatchSpec(query="ریلی"))
    ingestor = Ingestor(store)
    assert isinstance(ingestor.matcher, Matcher)
    ingestor.matcher.on_alert.append(lambda: woken.append(1))
    ingestor.ingest_paths([RAIL])
    ingestor.ingest_paths([RAIL])
    assert woken == [1]


def test_bad_watches_are_refused(store) -> None:
    for spec, field in ((WatchSpec(), "watch"), (WatchSpec(query="x", webhook="ftp://h/x"), "webhook"),
                        (WatchSpec(query="x", email="not-an-address"), "email"),
                        (WatchSpec(query="x", digest="daily"), "digest"),
                        (WatchSpec(query="x", quotes_only=True), "quotes-only")):
        with pytest.raises(InputError, match=field):
            create_watch(store, "bad", spec)
    ingest(store, WATER_IRNA)
    store.add(analyze_text("date 2025-11-06 خبرگزاری مهر\nخبر\n\nعلی نیک‌خواه گفت: «سلام».", "x"))
    if len(store.find_people("نیک‌خواه")) > 1:
        with pytest.raises(AmbiguousName):
            create_watch(store, "surname", WatchSpec(person="نیک‌خواه"))


def test_a_surname_watch_follows_the_person_it_names(store) -> None:
    """`کریمی` stands for one stored person: his quotes match, under his full name."""
    ingest(store, RAIL)
    create_watch(store, "karimi", WatchSpec(person="کریمی", quotes_only=True))
    article = analyze_text("date 2025-11-07 خبرگزاری مهر\nقطار شمال\n\n"
                           "حسین کریمی در گفت‌وگو با خبرنگاران گفت: «قطار رشت تا سال آینده به آستارا می‌رسد.»", "k")
    stored = Ingestor(store).store_article(article)
    [alert] = store.alerts(watch_id=store.watch("karimi").id)
    assert alert.article_id == stored.id and "قطار رشت" in (alert.quote or "")
