"""The people knowledge base: names merged across articles, roles with first and last seen, and a
role phrase resolved to whoever held the role on the article's date."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from rasad.errors import NotFound
from rasad.link.people import RoleSpan, holder_on, person_key, role_key
from rasad.models import Article, Person, Quote
from rasad.store import open_store
from rasad.text.dates import TEHRAN


def article(title: str, day: date, persons: list[Person], quotes: list[tuple[str, str]]) -> Article:
    return Article(
        title=title,
        paragraphs=[f"متن {title}"],
        published=datetime(day.year, day.month, day.day, tzinfo=TEHRAN),
        persons=persons,
        quotes=[Quote(speaker, speaker, "گفت", "direct", text, 0, len(text)) for speaker, text in quotes],
    )


@pytest.fixture
def store(store_url: str):
    with open_store(store_url) as s:
        s.add(article("الف", date(2025, 1, 10), [Person("اسکندر مومنی", ["وزیر کشور"])],
                      [("اسکندر مومنی", "امنیت انتخابات تامین است.")]))
        s.add(article("ب", date(2025, 6, 1), [Person("اسکندر  مومني", ["وزیر کشور", "رئیس ستاد انتخابات"])],
                      [("اسکندر مومني", "ستاد انتخابات آماده است.")]))
        s.add(article("ج", date(2025, 7, 1), [], [("وزیر کشور", "سفر استانی ادامه دارد.")]))
        s.add(article("د", date(2019, 7, 1), [Person("عبدالرضا رحمانی فضلی", ["وزیر کشور"])],
                      [("عبدالرضا رحمانی فضلی", "سخن قدیمی")]))
        yield s


def test_spellings_of_a_name_are_one_person(store) -> None:
    profile = store.person("اسکندر مومنی")
    assert profile.articles == 2
    roles = {r.role: (r.first_seen, r.last_seen, r.articles) for r in profile.roles}
    assert roles["وزیر کشور"] == ("2025-01-10", "2025-06-01", 2)
    assert roles["رئیس ستاد انتخابات"] == ("2025-06-01", "2025-06-01", 1)


def test_surname_alone_finds_the_person(store) -> None:
    assert store.person("مومنی").name == "اسکندر مومنی"


def test_role_phrase_resolves_to_holder_on_that_day(store) -> None:
    texts = {q.text: q.speaker for q in store.quotes(limit=50)}
    assert texts["سفر استانی ادامه دارد."] == "اسکندر مومنی"
    assert texts["سخن قدیمی"] == "عبدالرضا رحمانی فضلی"


def test_quotes_filters(store) -> None:
    assert [q.text for q in store.quotes(speaker="مومنی", since=date(2025, 5, 1))] == [
        "سفر استانی ادامه دارد.", "ستاد انتخابات آماده است."]
    assert [q.text for q in store.quotes(query="انتخابات")] == ["ستاد انتخابات آماده است.", "امنیت انتخابات تامین است."]


def test_unknown_and_ambiguous_names(store) -> None:
    with pytest.raises(NotFound, match="no person"):
        store.person("کسی دیگر")
    store.add(article("ه", date(2025, 8, 1), [Person("علی مومنی", [])], []))
    with pytest.raises(NotFound, match="2 people"):
        store.person("مومنی")


@pytest.mark.parametrize(
    ("a", "b"),
    [("محمدابراهیم شوشتری", "محمد ابراهیم شوشتری"), ("ذبیح‌الله خدائیان", "ذبیحالله خدائیان")],
)
def test_person_key(a: str, b: str) -> None:
    assert person_key(a) == person_key(b)


def test_role_key_and_holder() -> None:
    assert role_key("رییس جمهور") == role_key("رئیس‌جمهور")
    spans = [RoleSpan(1, date(2020, 1, 1), date(2021, 1, 1)), RoleSpan(2, date(2024, 1, 1), date(2025, 1, 1))]
    assert holder_on(date(2020, 6, 1), spans) == 1
    assert holder_on(date(2025, 3, 1), spans) == 2
    assert holder_on(date(2022, 12, 1), spans) is None  # nobody seen near that day



def test_reingest_with_changed_text_counts_a_role_once(store) -> None:
    """An article stored again with new text replaces its role counts; a role given twice in one
    article counts once."""
    first = article("ز", date(2025, 2, 1), [Person("اسکندر مومنی", ["سخنگو"])], [])
    first.url = "https://example.ir/news/7"
    assert store.add(first).status == "added"
    edited = article("ز", date(2025, 2, 1), [Person("اسکندر مومنی", ["وزیر کشور", "وزیر  کشور"])], [])
    edited.url = first.url
    edited.paragraphs = ["متن ویرایش‌شده"]
    assert store.add(edited).status == "updated"
    roles = {r.role: r.articles for r in store.person("اسکندر مومنی").roles}
    assert roles == {"وزیر کشور": 3, "رئیس ستاد انتخابات": 1}


def test_iter_quotes_is_quotes_without_a_limit(store) -> None:
    """Every quote `quotes` lists, in its order, read in batches: by speaker, person, words, days."""
    for i in range(7):  # quotes that tie on day, several in one article, one undated article
        day = date(2025, 3, 1 + i % 2)
        text = [("اسکندر مومنی", f"جمله شماره {i} درباره انتخابات است."), ("وزیر کشور", f"جمله دوم {i} است.")]
        added = article(f"ه{i}", day, [Person("اسکندر مومنی", ["وزیر کشور"])], text)
        if i == 3:
            added.published = None
        store.add(added)
    person = store.person("اسکندر مومنی").id
    for filters in ({}, {"speaker": "مومنی"}, {"speaker": "وزیر کشور"}, {"person_id": person},
                    {"query": "انتخابات"}, {"since": date(2025, 3, 2)}, {"until": date(2025, 3, 1)},
                    {"person_id": person, "query": "جمله"}, {"speaker": "کسی دیگر"}):
        expected = store.quotes(limit=10_000, **filters)
        stream = store.iter_quotes(batch=2, **filters)
        assert stream.total == len(expected)
        assert list(stream) == expected, filters
    assert len(store.quotes(limit=10_000)) > 15


def test_a_role_phrase_finds_the_quotes_of_its_holders(store) -> None:
    """`rasad quotes --speaker "وزیر کشور"`: the quotes of whoever held the role on each quote's day,
    in any spelling of the role."""
    texts = [q.text for q in store.quotes(speaker="وزیر کشور", limit=50)]
    assert texts == ["سفر استانی ادامه دارد.", "ستاد انتخابات آماده است.", "امنیت انتخابات تامین است.", "سخن قدیمی"]
    assert [q.text for q in store.quotes(speaker="وزير  كشور", since=date(2025, 5, 1))] == [
        "سفر استانی ادامه دارد.", "ستاد انتخابات آماده است."]
    assert store.quotes(speaker="رئیس ستاد انتخابات", until=date(2024, 1, 1)) == []


def test_a_surname_alone_joins_the_one_person_with_that_surname(store_url: str) -> None:
    with open_store(store_url) as s:
        s.add(article("۱", date(2025, 1, 1), [Person("حسن روحانی", ["رئیس‌جمهور"])],
                      [("حسن روحانی", "دولت کار می‌کند.")]))
        s.add(article("۲", date(2025, 1, 2), [Person("روحانی", [])], [("روحانی", "سخن دوم.")]))
        s.add(article("۳", date(2025, 1, 3), [Person("احسان احمدی‌نژاد", ["هواشناس"])], []))
        s.add(article("۴", date(2025, 1, 4), [Person("محمود احمدی‌نژاد", ["رئیس‌جمهور سابق"])], []))
        s.add(article("۵", date(2025, 1, 5), [Person("احمدی‌نژاد", [])], [("احمدی‌نژاد", "سخن سوم.")]))
        assert [c.name for c in s.find_people("روحانی")] == ["حسن روحانی"]
        assert [q.text for q in s.quotes(speaker="روحانی")] == ["سخن دوم.", "دولت کار می‌کند."]
        assert s.person("روحانی").articles == 2
        # two people bear the surname: the surname alone stays apart from both
        assert [c.name for c in s.find_people("احمدی‌نژاد")] == ["احمدی‌نژاد"]
        assert s.person("محمود احمدی‌نژاد").articles == 1
        assert s.person("احسان احمدی‌نژاد").articles == 1


def test_a_partial_name_written_joined_finds_its_person(store_url: str) -> None:
    # the candidates are the aliases whose key ends with the name's last word, read from an index
    with open_store(store_url) as s:
        s.add(article("۱", date(2025, 1, 1), [Person("کیم جونگ اون", ["رهبر کره شمالی"])], []))
        s.add(article("۲", date(2025, 1, 2), [Person("جونگ‌اون", [])], [("جونگ‌اون", "سخن.")]))
        assert s.person("جونگ اون").name == "کیم جونگ اون"
        assert s.person("کیم جونگ اون").articles == 2
