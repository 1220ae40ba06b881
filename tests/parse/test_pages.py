"""News pages as Iranian outlets publish them: publisher, headline, time, lead, news id and a clean
body, from the page's markup (rasad.parse.pagemeta through rasad.parse.html)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bench.bench_pages import FIELDS, extract, pages_in, score
from rasad.acquire.feeds import FeedItem
from rasad.acquire.fetcher import FetchResult, FetchState
from rasad.acquire.pages import articles_from_items
from rasad.extract.metadata import news_id_from_url, own_reporter_agency
from rasad.models import Agency, Article, RawDocument
from rasad.parse import parse_document
from rasad.parse.html import parse_html
from rasad.parse.pagemeta import read_page, strip_site_name
from rasad.text.dates import TEHRAN

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
BODY = ("<p>وزیر نیرو امروز در جمع خبرنگاران گفت که برنامه خاموشی در تابستان امسال اجرا نمی‌شود و "
        "ظرفیت نیروگاه‌های کشور برای تامین برق مشترکان کافی است.</p>"
        "<p>وی افزود: دو نیروگاه تازه در جنوب کشور در خرداد به مدار می‌آیند و مصرف‌کنندگان پرمصرف باید "
        "در ساعت‌های اوج بار صرفه‌جویی کنند.</p>")


def page(head: str = "", top: str = "", body: str = BODY, after: str = "", h1: str = "برق تابستان قطع نمی‌شود") -> str:
    return (f"<!DOCTYPE html><html lang='fa' dir='rtl'><head><meta charset='utf-8'>{head}</head><body>"
            f"<nav><a href='/'>صفحه اصلی</a> | <a href='/economy'>اقتصادی</a></nav>"
            f"<article>{top}<h1>{h1}</h1><div class='body'>{body}</div>{after}</article>"
            f"<footer>تمامی حقوق این سایت محفوظ است © 2019</footer></body></html>")


def parsed(html: str, url: str | None = None) -> Article:
    return parse_document(RawDocument(source="page.html", content=html, url=url, media_type="text/html"))[0]


@pytest.mark.parametrize(("name", "expected"), [(p.name, e) for p, e in pages_in(PAGES)])
def test_development_pages(name: str, expected: dict[str, object]) -> None:
    """Every CMS family's page gives every field its JSON expects (bench/bench_pages.py scores the same)."""
    from rasad.extract.metadata import add_metadata

    article = add_metadata(extract(PAGES / name, expected))
    wrong = {f: got for f, (right, got) in score(article, expected).items() if not right}
    assert not wrong
    assert set(FIELDS) <= set(expected) | {"lead", "body_lines"}


def test_every_cms_family_has_a_page() -> None:
    families = {json.loads(p.with_suffix(".json").read_text(encoding="utf-8"))["cms"].split()[0]
                for p in PAGES.glob("*.html")}
    assert {"Nastooh", "IranSamaneh", "Asam", "StudioKhabar", "IranDrupal", "WordPress"} <= families


# --- the publisher ---------------------------------------------------------------------------

def test_agency_from_og_site_name() -> None:
    head = '<meta property="og:site_name" content="خبرگزاری مهر | اخبار ایران و جهان | Mehr News Agency">'
    assert parsed(page(head)).agency == Agency("Mehr", "خبرگزاری مهر")


def test_agency_from_canonical_url() -> None:
    head = '<link rel="canonical" href="https://www.isna.ir/news/99040201234/x">'
    assert parsed(page(head)).agency == Agency("ISNA", "خبرگزاری دانشجویان ایران")


def test_agency_from_the_page_url_when_the_page_names_none() -> None:
    assert parsed(page(), "https://www.tasnimnews.com/fa/news/1399/04/02/123/x").agency.id == "Tasnim"


def test_agency_from_own_reporter_with_a_desk_between() -> None:
    body = ("<p>به گزارش خبرنگار حوزه احزاب خبرگزاری فارس، دبیرکل حزب امروز در نشستی خبری از برگزاری "
            "کنگره سالانه حزب در مهرماه خبر داد و گفت فهرست نامزدها پس از آن اعلام می‌شود.</p>")
    assert parsed(page(body=body)).agency == Agency("Fars", "خبرگزاری فارس")
    assert own_reporter_agency("در گفت‌وگو با خبرنگار اقتصادی ایسنا از تبریز گفت") is not None
    assert own_reporter_agency("به گزارش خبرنگار ما از تبریز، وی گفت") is None


def test_site_beats_the_reporter_it_cites() -> None:
    """A site republishing an agency's story (`به گزارش خبرنگار ایسنا`) is still the publisher."""
    head = '<meta property="og:site_name" content="تابناک">'
    body = "<p>به گزارش خبرنگار ایسنا، " + BODY[3:]
    assert parsed(page(head, body=body)).agency.id == "Tabnak"


def test_agency_from_the_title_site_name() -> None:
    head = "<title>خبرگزاری فارس - برق تابستان قطع نمی‌شود</title>"
    assert parsed(page(head)).agency.id == "Fars"


def test_unknown_outlet_is_named_by_its_site_name_and_domain() -> None:
    head = ('<meta property="og:site_name" content="رجانیوز">'
            '<link rel="canonical" href="https://www.rajanews.com/node/312345">')
    assert parsed(page(head)).agency == Agency("rajanews.com", "رجانیوز")


def test_configured_source_agency_wins_in_the_monitor_and_the_page_fills_in() -> None:
    head = '<meta property="og:site_name" content="خبرگزاری مهر">'
    result = FetchResult("http://127.0.0.1/news/4012345", "http://127.0.0.1/news/4012345", 200,
                         page(head).encode(), {"content-type": "text/html; charset=utf-8"}, FetchState(),
                         datetime.now(UTC))

    class OnePage:
        def fetch_many(self, requests: list[tuple[str, object]]) -> list[FetchResult]:
            return [result for _ in requests]

    item = FeedItem(title="عنوان", link="http://127.0.0.1/news/4012345")
    built = articles_from_items(OnePage(), [item], None)[0]  # type: ignore[arg-type]
    assert built.from_page and built.article.agency is not None and built.article.agency.id == "Mehr"
    assert built.article.news_id == "4012345"
    configured = Agency("IRNA", "خبرگزاری جمهوری اسلامی")
    assert articles_from_items(OnePage(), [item], configured)[0].article.agency == configured  # type: ignore[arg-type]


# --- the headline ----------------------------------------------------------------------------

@pytest.mark.parametrize(("title", "sites", "expected"), [
    ("خبرگزاری فارس - دبیرکل حزب: فهرست اعلام می‌شود", [], "دبیرکل حزب: فهرست اعلام می‌شود"),
    ("تابناک | ثبت‌نام ۱۶۳۶ داوطلب", [], "ثبت‌نام ۱۶۳۶ داوطلب"),
    ("عنوان خبر - خبرگزاری مهر | اخبار ایران و جهان | Mehr News Agency", [], "عنوان خبر"),
    ("عنوان خبر – دیده‌بان ایران", ["دیده‌بان ایران"], "عنوان خبر"),
    ("ایران - عراق؛ دیدار دو وزیر", [], "ایران - عراق؛ دیدار دو وزیر"),  # no site part: kept whole
])
def test_strip_site_name(title: str, sites: list[str], expected: str) -> None:
    assert strip_site_name(title, sites) == expected


def test_title_is_the_h1_the_page_title_contains() -> None:
    head = "<title>خبرگزاری فارس - برق تابستان قطع نمی‌شود</title>"
    assert parsed(page(head, top="<h1>خبرگزاری فارس</h1>")).title == "برق تابستان قطع نمی‌شود"


def test_title_without_h1_loses_the_site_name() -> None:
    html = page("<title>برق تابستان قطع نمی‌شود | خبرگزاری آنا</title>").replace(
        "<h1>برق تابستان قطع نمی‌شود</h1>", "")
    assert parsed(html).title == "برق تابستان قطع نمی‌شود"


# --- the time --------------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "expected"), [
    ("۲ تیر ۱۳۹۹ - ۱۲:۰۹:۰۸ ب.ظ", datetime(2020, 6, 22, 12, 9, 8, tzinfo=TEHRAN)),
    ("۲ تیر ۱۳۹۹ - ۰۳:۴۵:۱۰ ب.ظ", datetime(2020, 6, 22, 15, 45, 10, tzinfo=TEHRAN)),
    ("تاریخ انتشار: ۲۸ اردیبهشت ۱۳۹۶", datetime(2017, 5, 18, tzinfo=TEHRAN)),
    ("تاریخ انتشار: سه‌شنبه ۳ تیر ۱۳۹۹ - ۱۲:۰۹", datetime(2020, 6, 23, 12, 9, tzinfo=TEHRAN)),
    ("۱۳۹۶/۰۲/۲۸ - ۱۰:۲۰", datetime(2017, 5, 18, 10, 20, tzinfo=TEHRAN)),
])
def test_visible_dated_line(line: str, expected: datetime) -> None:
    assert parsed(page(top=f"<div class='x'>{line}</div>")).published == expected


def test_copyright_year_never_wins() -> None:
    dated = page(top="<span>۲۸ اردیبهشت ۱۳۹۶ - ۱۰:۲۰</span>")
    assert parsed(dated).published == datetime(2017, 5, 18, 10, 20, tzinfo=TEHRAN)
    undated = parsed(page())  # only `© 2019` in the footer: no publication date at all
    assert undated.published is None


def test_structured_date_beats_a_visible_line() -> None:
    head = '<meta property="article:published_time" content="2017-05-18T06:50:00Z">'
    article = parsed(page(head, top="<span>۲۹ اردیبهشت ۱۳۹۶ - ۱۰:۲۰</span>"))
    assert article.published == datetime(2017, 5, 18, 6, 50, tzinfo=UTC)


def test_the_dated_line_by_the_headline_beats_other_stories_dates() -> None:
    html = page(top="<div class='publish-time'>تاریخ انتشار: ۳ تیر ۱۳۹۹ - ۱۲:۰۹</div>").replace(
        "<footer>", "<aside><ul><li>۱۳۹۹/۰۴/۰۱ <a href='/n/1'>خبری دیگر</a></li></ul></aside><footer>")
    assert parsed(html).published == datetime(2020, 6, 23, 12, 9, tzinfo=TEHRAN)


def test_a_list_of_other_stories_dated_is_not_a_publication_date() -> None:
    html = page().replace("<footer>", "<aside><ul><li><span>۱۳۹۹/۰۴/۰۱</span> <a href='/n/1'>خبری دیگر</a>"
                                      "</li></ul></aside><footer>")
    assert parsed(html).published is None


# --- the lead, the kicker and the body -------------------------------------------------------

LEAD = "وزیر نیرو گفت: برنامه خاموشی در تابستان امسال اجرا نمی‌شود و ظرفیت نیروگاه‌ها کافی است."


def test_lead_by_its_cms_class() -> None:
    article = parsed(page(after="", top="<h4 class='uptitle'>وزیر نیرو خبر داد</h4>")
                     .replace("<div class='body'>", f"<p class='summary introtext'>{LEAD}</p><div class='body'>"))
    assert article.lead == LEAD
    assert article.kicker == "وزیر نیرو خبر داد"
    assert "وزیر نیرو خبر داد" not in article.body


def test_lead_is_the_meta_description_shown_on_the_page() -> None:
    html = page(f'<meta name="description" content="{LEAD}">').replace(
        "<div class='body'>", f"<div class='x-intro'>{LEAD}</div><div class='body'>")
    article = parsed(html)
    assert article.lead == LEAD
    assert article.body.split("\n").count(LEAD) == 1


def test_body_without_number_lines_repeated_h1_or_comment_remnants() -> None:
    body = "<p>برق تابستان قطع نمی‌شود</p>" + BODY.replace("</p><p>", "</p> --> <p>") + "<p>۱۰۲۴</p>"
    article = parsed(page(body=body))
    assert article.paragraphs and article.lead
    lines = article.body.split("\n")
    assert "-->" not in article.body
    assert "۱۰۲۴" not in lines
    assert article.title not in lines
    assert lines[-1].endswith("صرفه‌جویی کنند.")


def test_dotted_abbreviation_survives_the_page() -> None:
    body = BODY.replace("در جمع خبرنگاران", "در گفت‌وگو با بی.بی.سی")
    assert "بی.بی.سی" in parsed(page(body=body)).body


# --- the news id -----------------------------------------------------------------------------

def test_news_id_printed_on_the_page() -> None:
    article = parsed(page(top="<div class='news-code'>کد خبر: ۱۳۹۹۰۴۰۳۰۰۰۵۱۲</div>"))
    assert article.news_id == "13990403000512"


def test_news_id_from_a_link_to_another_story_is_not_taken() -> None:
    html = page().replace("<footer>", "<aside><a href='/n/1'>کد خبر: ۵۵۵۵</a></aside><footer>")
    assert parsed(html).news_id is None


@pytest.mark.parametrize(("url", "expected"), [
    ("https://www.mehrnews.com/news/4012345/slug", "4012345"),
    ("https://www.farsnews.ir/news/13990403000512/slug", "13990403000512"),
    ("https://www.tabnak.ir/fa/news/698452/slug", "698452"),
    ("https://www.jahannews.com/fa/doc/news/712345/slug", "712345"),
    ("https://www.rajanews.com/node/312345", "312345"),
    ("https://www.didbaniran.ir/?p=98765", "98765"),
    ("https://www.mojnews.com/fa/tiny/news-345678", "345678"),
    ("https://www.mojnews.com/%D8%A8%D8%AE%D8%B4-3/345678-%D9%88", "345678"),
    ("https://www.tasnimnews.com/fa/news/1402/05/10/2932145/slug", "2932145"),
    ("https://www.sedayeshomal.ir/news/society/4521-clean-beach", "4521"),
    ("https://www.example.ir/about", None),
])
def test_news_id_from_url(url: str, expected: str | None) -> None:
    assert news_id_from_url(url) == expected


def test_news_id_and_url_from_the_canonical_link_of_a_saved_page() -> None:
    head = '<link rel="canonical" href="https://www.tabnak.ir/fa/news/698452/slug">'
    article = parsed(page(head))
    assert (article.news_id, article.url) == ("698452", "https://www.tabnak.ir/fa/news/698452/slug")


def test_read_page_survives_broken_markup_and_json() -> None:
    facts = read_page('<html><head><script type="application/ld+json">{"datePublished": </script></head>'
                      "<body><h1>x</h1></body></html>")
    assert facts.structured_dates == [] and facts.headline == "x"
    assert read_page("").headline is None


def test_page_without_text_still_errors() -> None:
    from rasad.errors import InputError

    with pytest.raises(InputError):
        parse_html("<html><head><title>x</title></head><body><h1>عنوان</h1><p>۱۲۳</p></body></html>")


def test_headline_without_h1_is_the_element_showing_the_title() -> None:
    """An ASP.NET page: the whole page in a <form>, the headline in a <span>, the site's name before
    it in the <title>, the date and the news id on one line."""
    html = ("<html><head><title>وزارت نیرو - برق تابستان قطع نمی‌شود</title></head><body><form>"
            "<ul><li><a href='/'>صفحه اصلی</a></li></ul><span class='t'>برق تابستان قطع نمی‌شود</span>"
            "<div>تاریخ : ۱۴۰۲/۰۵/۱۰ ساعت : ۱۰:۱۵ کد خبر : ۲۳۴۵۶۷</div>"
            f"<div class='text'>{BODY}</div></form></body></html>")
    article = parsed(html)
    assert article.title == "برق تابستان قطع نمی‌شود"
    assert article.agency is not None and article.agency.name == "وزارت نیرو"
    assert article.published == datetime(2023, 8, 1, 10, 15, tzinfo=TEHRAN)
    assert article.news_id == "234567"


def test_lead_by_a_word_of_its_class_name_after_the_headline() -> None:
    """`newsLead` holds the word `lead`; a summary of another story before the headline is not it."""
    ticker = "<p class='summary'>خلاصه خبری دیگر درباره بازار خودرو که در نوار بالای صفحه آمده است.</p>"
    html = page(top=ticker).replace("<div class='body'>", f"<div class='newsLead'>{LEAD}</div><div class='body'>")
    assert parsed(html).lead == LEAD


def test_leaderboard_is_no_lead() -> None:
    ad = "خرید اقساطی لوازم خانگی با بهترین شرایط و تحویل فوری در سراسر کشور فقط این هفته"
    html = page().replace("<div class='body'>", f"<div class='leaderboard'>{ad}</div><div class='body'>")
    assert read_page(html).lead is None  # (trafilatura may keep it as text: then it is no *found* lead)


def test_cdata_remnants_and_slashed_numbers_are_not_text() -> None:
    body = BODY + "<p>]]&gt;</p><p>/۱۲۳۴</p>"
    lines = parsed(page(body=body)).body.split("\n")
    assert "]]>" not in "\n".join(lines) and "/۱۲۳۴" not in lines


def test_rasad_analyze_a_saved_page_end_to_end() -> None:
    """`rasad analyze page.html`: the record carries what the page's markup said."""
    from click.testing import CliRunner

    from rasad.cli import main

    result = CliRunner().invoke(main, ["analyze", str(PAGES / "custom_fars.html"), "--format", "jsonl"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    record = json.loads(result.output.strip().splitlines()[0])
    assert record["agency"]["id"] == "Fars"
    assert record["title"] == "دبیرکل حزب اعتدال و توسعه: فهرست ائتلاف تا پایان ماه اعلام می‌شود"
    assert record["published_at"] == "2020-06-23T12:09:00+04:30" and record["published_jalali"] == "1399-04-03"
    assert record["news_id"] == "13990403000512"
    assert record["lead"].startswith("دبیرکل حزب اعتدال و توسعه گفت")
    assert "بی.بی.سی" in " ".join(record["paragraphs"])
    assert any(q["speaker"] and "نوبخت" in q["speaker"] for q in record["quotes"])


def test_head_lines_inside_the_body_are_not_text() -> None:
    body = ("<p>۲ تیر ۱۳۹۹ - ۱۲:۰۹:۰۸ ب.ظ</p><p>کد خبر: ۱۳۹۹۰۴۰۳۰۰۰۵۱۲</p>" + BODY
            + "<p>تاریخ انتشار: ۲۸ اردیبهشت ۱۳۹۶</p>")
    article = parsed(page(body=body))
    assert article.body.split("\n")[0].startswith("وزیر نیرو امروز")
    assert article.body.endswith("صرفه‌جویی کنند.")
    assert article.news_id == "13990403000512"


def test_kicker_is_the_short_heading_before_the_headline() -> None:
    html = page(top="<h3 class='title-top'>رئیس سازمان جهاد کشاورزی استان:</h3>")
    article = parsed(html)
    assert article.kicker == "رئیس سازمان جهاد کشاورزی استان:"
    assert "رئیس سازمان جهاد کشاورزی استان:" not in article.body.split("\n")
    breadcrumbs = parsed(page(top="<div><a href='/'>خانه</a> » <a href='/e'>اقتصادی</a></div>"))
    assert breadcrumbs.kicker is None


def test_address_of_a_saved_page_from_its_base() -> None:
    article = parsed(page('<base href="https://www.sedayeshomal.ir/news/society/4521-clean-beach">'))
    assert (article.url, article.news_id) == ("https://www.sedayeshomal.ir/news/society/4521-clean-beach", "4521")


def test_an_articles_own_header_holds_its_date_and_lead() -> None:
    """<header> of an <article> (HTML5, WordPress) is the article's; the page's <header> is not."""
    top = (f"<header class='entry-header'><div>۲۰ اسفند ۱۳۹۹ - ۱۲:۱۵</div><p class='x-sub'>{LEAD}</p></header>")
    html = page(f'<meta name="description" content="{LEAD}">', top=top)
    html = html.replace("<nav>", "<header><div>امروز ۱۴۰۲/۰۵/۱۰ - ۰۸:۰۰</div></header><nav>")
    facts = read_page(html)
    assert facts.lead == LEAD
    assert facts.dated_lines == ["۲۰ اسفند ۱۳۹۹ - ۱۲:۱۵"]


def test_the_dated_piece_of_a_meta_line() -> None:
    article = parsed(page(top="<div class='meta'>سه‌شنبه ۳ تیر ۱۳۹۹ - ۱۲:۰۹ | بازدید: ۴۵ | نویسنده: تحریریه</div>"))
    assert article.published == datetime(2020, 6, 23, 12, 9, tzinfo=TEHRAN)


def test_a_summary_in_a_list_of_other_stories_is_no_lead() -> None:
    other = "<ul><li><p class='summary'>خلاصه خبری دیگر درباره بازار خودرو که در فهرست اخبار آمده است.</p></li></ul>"
    assert read_page(page(after=other)).lead is None


def test_related_links_labels_and_initials_are_not_text() -> None:
    body = (BODY.replace("</p><p>", "</p><p>بیشتر بخوانید: <a href='/n/9'>قیمت خودرو در بازار ثابت ماند</a></p>"
                         "<p><a href='/n/8'>افزایش تعرفه برق مشترکان پرمصرف از مهرماه</a></p><p>")
            + "<p>تعداد بازدید: ۴۵۱</p><p>/ ک.ح</p>")
    lines = parsed(page(body=body)).body.split("\n")
    assert not any("قیمت خودرو" in line or "تعرفه برق مشترکان" in line or "بازدید" in line for line in lines)
    assert lines[-1].endswith("صرفه‌جویی کنند.")


def test_a_line_opening_with_a_label_word_but_long_is_text() -> None:
    sentence = ("نویسنده کتاب که سال‌ها در روستاهای کویری زندگی کرده است در این نشست گفت بازگشت به "
                "زادگاهش آرزوی همیشگی او بوده و نوشتن رمان تازه را از ماه آینده آغاز می‌کند.")
    assert sentence in parsed(page(body=BODY + f"<p>{sentence}</p>")).body.split("\n")


def test_a_saved_pages_file_path_is_no_address() -> None:
    from rasad.extract.metadata import add_metadata

    article = add_metadata(parse_document(RawDocument(source="/archive/news/123456/page.html", content=page(),
                                                      media_type="text/html"))[0])
    assert article.news_id is None and article.agency is None and article.url is None
    assert article.file == "page.html"


def test_a_list_item_that_is_a_link_is_not_text() -> None:
    top = "<ul class='details'><li><a href='/fa/service/7'>اقتصادی</a></li><li>۱۰ مرداد ۱۴۰۲ - ۱۲:۳۰</li></ul>"
    lines = parsed(page(body=top + BODY)).body.split("\n")
    assert not any(line.strip("- ") == "اقتصادی" for line in lines)
    assert lines[0].startswith("وزیر نیرو امروز")


def test_lead_of_an_unknown_cms_is_the_first_sentence_block_after_the_headline() -> None:
    top = "<div class='meta'>۱۰ مرداد ۱۴۰۲ - ۱۲:۳۰</div>"
    html = page(top="").replace("</h1>", f"</h1>{top}<div class='chamber'>{LEAD}</div>")
    assert read_page(html).first_block == LEAD
    assert parsed(html).lead == LEAD
    caption = page().replace("</h1>", "</h1><figure><img src='x.jpg'><figcaption>وزیر نیرو در جمع "
                                      "خبرنگاران در تهران سخن می‌گوید.</figcaption></figure>")
    # a caption is passed over: the first block is the body's first paragraph (which the body keeps)
    assert read_page(caption).first_block == "وزیر نیرو امروز در جمع خبرنگاران گفت که برنامه خاموشی در تابستان " \
        "امسال اجرا نمی‌شود و ظرفیت نیروگاه‌های کشور برای تامین برق مشترکان کافی است."
    assert parsed(caption).body.count("برنامه خاموشی") == 1
