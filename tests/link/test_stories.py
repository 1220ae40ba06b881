from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from rasad.link.stories import StoryLinker, StorySettings, cites_agency, group_stories
from rasad.models import Agency, Article

ISNA = Agency("ISNA", "ایسنا")
IRNA = Agency("IRNA", "ایرنا")


@pytest.mark.parametrize(("text", "agency", "aliases", "expected"), [
    ("به گزارش ایرنا، وزیر گفت", IRNA, (), True),
    ("به گزارش خبرگزاری ایرنا وزیر گفت", IRNA, (), True),
    ("به نقل از خبرگزاری جمهوری اسلامی، وزیر گفت", IRNA, ("خبرگزاری جمهوری اسلامی", "جمهوری اسلامی"), True),
    ("به گزارش ایسنا، وزیر گفت", IRNA, (), False),
    ("ایرنا گزارش داد که وزیر گفت", IRNA, (), False),  # a mention, not an attribution
    ("به گزارش ایرنانیوز، وزیر گفت", IRNA, (), False),  # another name that starts alike
    ("به گزارش مهر، وزیر گفت", Agency("MEHR", "مهر"), (), True),
])
def test_cites_agency(text: str, agency: Agency, aliases: tuple[str, ...], expected: bool) -> None:
    assert cites_agency(text, agency, aliases) is expected


def test_stories_group_copies_and_same_event(articles: dict[str, Article]) -> None:
    election = articles["election"]
    copy = dataclasses.replace(
        election, agency=ISNA, published=election.published + timedelta(minutes=40),
        paragraphs=["به گزارش ایسنا به نقل از ایرنا، " + election.paragraphs[0].split("، ", 1)[1],
                    *election.paragraphs[1:]])
    items = {"isna_copy": copy, **articles}
    stories = group_stories(items)
    by_first = {s.first: s for s in stories}
    story = by_first["election"]
    assert story.keys == ["election", "isna_copy", "election_mehr"]  # by published time
    assert story.first_agency == election.agency
    assert [(c.key, c.how) for c in story.citations] == [("isna_copy", "cites+near-duplicate")]
    assert {len(s.keys) for s in stories if s.first != "election"} == {1}  # bread, football, book fair
    assert stories[0].first == "book_fair"  # earliest first publisher first


def test_loose_match_only_within_the_window(articles: dict[str, Article]) -> None:
    late = dataclasses.replace(articles["election_mehr"],
                               published=articles["election"].published + timedelta(days=5))
    stories = group_stories({"election": articles["election"], "late": late},
                            StorySettings(window=timedelta(hours=48)))
    assert len(stories) == 2


def test_first_publisher_is_the_earliest_even_when_added_later(articles: dict[str, Article]) -> None:
    election = articles["election"]
    earlier = dataclasses.replace(election, agency=ISNA, published=election.published - timedelta(hours=1))
    linker = StoryLinker(aliases={"ISNA": ["خبرگزاری دانشجویان ایران"]})
    linker.add("irna", election)
    assert linker.add("isna", earlier) == ["irna"]
    (story,) = linker.stories()
    assert linker.aliases["ISNA"][-1] == "خبرگزاری دانشجویان ایران"
    assert story.first == "isna" and story.first_agency == ISNA
    assert story.citations[0].how == "near-duplicate"  # the IRNA text does not name ISNA
    dup, topic = linker.signatures("irna")
    assert isinstance(dup, bytes) and isinstance(topic, bytes)
    assert linker.stories(min_size=3) == []


def test_daily_columns_do_not_chain_into_one_story(articles: dict[str, Article]) -> None:
    # A daily column: the same introduction every day under titles that share words.
    intro = articles["book_fair"].paragraphs
    start = articles["book_fair"].published
    days = {f"day{i}": Article(title=f"نمایشگاه کتاب تهران روز {i} گزارش ویژه",
                               paragraphs=[*intro[:2], f"روز {i}"], agency=ISNA,
                               published=start + timedelta(hours=30 * i)) for i in range(4)}
    settings = StorySettings(window=timedelta(hours=48), duplicate_window=timedelta(hours=48))
    stories = group_stories(days, settings)
    assert max(len(s.keys) for s in stories) == 2
    assert all((s.first_published and max(days[k].published for k in s.keys) - s.first_published)
               <= timedelta(hours=48) for s in stories)


def test_verbatim_copy_links_without_dates(articles: dict[str, Article]) -> None:
    undated = dataclasses.replace(articles["bread"], published=None, agency=ISNA)
    (story, *_) = [s for s in group_stories({"bread": articles["bread"], "copy": undated}) if len(s.keys) > 1]
    assert story.keys == ["bread", "copy"]


def test_citations_use_the_gazetteer_names(articles: dict[str, Article]) -> None:
    election = articles["election"]
    mehr = articles["election_mehr"]
    copy = dataclasses.replace(
        mehr, paragraphs=["به نقل از خبرگزاری جمهوری اسلامی، " + mehr.paragraphs[0], *mehr.paragraphs[1:]])
    (story, *_) = [s for s in group_stories({"irna": election, "mehr": copy}) if len(s.keys) > 1]
    assert [(c.key, c.how) for c in story.citations] == [("mehr", "cites")]


def test_linker_rebuilds_from_stored_signatures(articles: dict[str, Article]) -> None:
    first = StoryLinker()
    for key, article in articles.items():
        first.add(key, article)
    stored = {key: first.signatures(key) for key in articles}
    rebuilt = StoryLinker()
    for key, article in articles.items():
        rebuilt.add(key, article, signatures=stored[key])
    assert [s.keys for s in rebuilt.stories()] == [s.keys for s in first.stories()]


# -- one event, not one template (#11 item 5): small invented reports, not corpus text ------------

def _figures(day: int, cases: int, deaths: int, hour: int = 14, agency: Agency = IRNA,
             place: str = "کشور") -> Article:
    return Article(
        title=f"شمار مبتلایان به کرونا در {place} به {cases} نفر رسید / تعداد جان‌باختگان {deaths} نفر",
        paragraphs=[f"سخنگوی وزارت بهداشت گفت از ظهر دیروز تا امروز {day} اسفند و بر اساس نتایج آزمایشگاهی "
                    f"شمار مبتلایان به بیماری کرونا در {place} به {cases} نفر رسید و {deaths} نفر جان باختند.",
                    "وی از مردم خواست در خانه بمانند، از سفرهای غیرضروری پرهیز کنند و دستورهای بهداشتی را "
                    "رعایت کنند تا زنجیره انتقال بیماری قطع شود.",
                    "سخنگوی وزارت بهداشت افزود که بیمارستان‌ها آماده پذیرش بیماران هستند و تخت‌های ویژه "
                    "در همه استان‌ها افزایش یافته است."],
        agency=agency, published=datetime(2025, 3, day - 10, hour, tzinfo=UTC))


def test_daily_figures_of_two_days_are_two_stories() -> None:
    stories = group_stories({"day21": _figures(21, 9000, 354), "day22": _figures(22, 10075, 429)})
    assert len(stories) == 2


def test_one_days_figures_from_two_agencies_are_one_story() -> None:
    copy = dataclasses.replace(_figures(21, 9000, 354, hour=15, agency=ISNA))
    copy.paragraphs = ["به گزارش ایسنا به نقل از ایرنا، " + copy.paragraphs[0], *copy.paragraphs[1:]]
    (story,) = group_stories({"irna": _figures(21, 9000, 354), "isna": copy})
    assert story.keys == ["irna", "isna"]


def test_the_same_figures_of_another_country_are_another_story() -> None:
    iran = _figures(21, 9000, 354)
    kuwait = Article(title="شمار مبتلایان به کرونا در کویت به ۸۰ نفر رسید",
                     paragraphs=["رسانه‌های خارجی از افزایش شمار مبتلایان به بیماری کرونا در کویت به ۸۰ نفر "
                                 "خبر دادند.", *iran.paragraphs[1:]],  # one template, one number
                     agency=ISNA, published=iran.published + timedelta(hours=2))
    assert len(group_stories({"iran": iran, "kuwait": kuwait})) == 2


def test_a_daily_column_is_not_one_story() -> None:
    intro = ("تاریخ اقتصاد ایران و جهان آینه ای است تمام نما از رویدادهای اقتصادی که در گذشته رخ داده است "
             "و ریشه های تاریخی بسیاری از واقعیت های امروز را نشان می دهد؛ این ستون هر روز رویدادهای آن روز را "
             "در سال های گذشته مرور می کند")
    day1 = Article(title="از «گشایش راه آهن شمال» تا «مشروط شدن فروش ارز»", paragraphs=[intro, "راه آهن"],
                   agency=IRNA, published=datetime(2025, 3, 6, 7, tzinfo=UTC))
    day2 = Article(title="از «تصویب قانون نقره» تا «خداحافظی با بولیوار»", paragraphs=[intro, "نقره"],
                   agency=IRNA, published=datetime(2025, 3, 7, 7, tzinfo=UTC))
    assert len(group_stories({"d1": day1, "d2": day2})) == 2


def test_a_copy_republished_the_next_day_under_another_title_joins() -> None:
    article = _figures(21, 9000, 354)
    again = dataclasses.replace(article, title="آمار تازه کرونا: ۹۰۰۰ مبتلا و ۳۵۴ جان‌باخته", agency=ISNA,
                                published=article.published + timedelta(hours=20))
    assert len(group_stories({"first": article, "again": again})) == 1
