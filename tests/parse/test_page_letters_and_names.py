"""Pages of outlets rasad's gazetteer does not know and of government portals: the outlet's own name
(rasad.parse.sitename), a letter's or statement's lines and signature kept (pagemeta.complete_text),
today's date in the page's top bar never the story's, and the monitor's page fetch reading every
development page as `rasad analyze` does."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from rasad.acquire.feeds import FeedItem
from rasad.acquire.fetcher import FetchResult, FetchState
from rasad.acquire.pages import articles_from_items
from rasad.extract.metadata import add_metadata
from rasad.models import Article, RawDocument
from rasad.parse import parse_document
from rasad.parse.pagemeta import read_page
from rasad.parse.rawtext import tidy_article
from rasad.parse.sitename import copyright_holder, outlet_name
from rasad.text.dates import TEHRAN

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
TEXT = ("<p>استاندار امروز در جلسه شورای برنامه‌ریزی استان گفت که تکمیل خط انتقال آب به شهرهای شمالی "
        "استان اولویت نخست امسال است و اعتبار آن در بودجه پیش‌بینی شده است.</p>"
        "<p>وی افزود: سه طرح آبرسانی روستایی نیز تا پایان سال به بهره‌برداری می‌رسد و قرارداد آن امروز "
        "با پیمانکاران استانی امضا شد.</p>")


HEADLINE = "جلسه شورای برنامه‌ریزی استان"


def page(head: str = "", body: str = TEXT, after: str = "", top: str = "", h1: str = HEADLINE) -> str:
    return (f"<html dir='rtl'><head><meta charset='utf-8'>{head}</head><body>{top}"
            f"<div id='main'><div class='news'><h1>{h1}</h1><div class='text'>{body}</div>{after}</div></div>"
            "</body></html>")


def parsed(html: str, url: str | None = None) -> Article:
    return add_metadata(parse_document(RawDocument(source="page.html", content=html, url=url,
                                                   media_type="text/html"))[0])


# --- the outlet's own name -------------------------------------------------------------------

@pytest.mark.parametrize(("declared", "titled", "held", "expected"), [
    (["پایگاه اطلاع‌رسانی شورای عالی استان‌ها - shora-ostan.ir"], [], [], "شورای عالی استان‌ها"),
    (["پایگاه اطلاع‌رسانی شبکه سلامت سیمای جمهوری اسلامی ایران"], [], ["شبکه سلامت"], "شبکه سلامت"),
    (["صدای زاگرس | پایگاه خبری تحلیلی استان لرستان"], ["صدای زاگرس"], [], "صدای زاگرس"),
    (["صدای زاگرس | پایگاه خبری تحلیلی استان لرستان"], [], [], "صدای زاگرس"),
    (["شیرازنوین – اخبار فارس و شیراز"], ["پایگاه خبری شیرازنوین"], [], "شیرازنوین"),
    (["خبرگزاری سپهر | Sepehr News Agency"], [], [], "خبرگزاری سپهر"),
    ([], ["استانداری کرمان", "پورتال رسمی"], [], "استانداری کرمان"),
    ([], [], ["ندای اصفهان"], "ندای اصفهان"),
    (["خبرگزاری سپهر ایران"], ["اخبار ایران و جهان"], [], "خبرگزاری سپهر ایران"),  # one shared word: no agreement
    (["Sepehr News Agency"], ["sepehrnews.ir"], [], None),
])
def test_outlet_name(declared: list[str], titled: list[str], held: list[str], expected: str | None) -> None:
    assert outlet_name(declared, titled, held) == expected


def test_a_logos_alt_alone_names_no_outlet() -> None:
    assert outlet_name([], [], [], ["خانه"]) is None
    assert outlet_name(["شبکه آموزش سیمای جمهوری اسلامی ایران"], [], [], ["شبکه آموزش"]) == "شبکه آموزش"


@pytest.mark.parametrize(("line", "expected"), [
    ("کلیه حقوق مادی و معنوی این سایت متعلق به شبکه سلامت می‌باشد. طراحی و اجرا: ایران سامانه", "شبکه سلامت"),
    ("© ۱۴۰۲ تمامی حقوق برای صدای زاگرس محفوظ است.", "صدای زاگرس"),
    ("کلیه حقوق این سایت محفوظ و متعلق به پایگاه خبری شیرازنوین است. ۱۳۹۸ - ۱۴۰۲", "شیرازنوین"),
    ("Copyright © 2016 Sepehr News Agency. All rights reserved.", None),
    ("© ۱۴۰۲ - تمامی حقوق محفوظ است", None),
])
def test_copyright_holder(line: str, expected: str | None) -> None:
    assert copyright_holder(line) == expected


def test_unknown_outlet_named_by_what_its_page_agrees_on() -> None:
    head = ('<meta property="og:site_name" content="پایگاه اطلاع‌رسانی شبکه آموزش سیمای جمهوری اسلامی ایران">'
            '<link rel="canonical" href="https://www.amoozeshtv.ir/fa/news/5512/x">')
    after = "<div class='copyright'>کلیه حقوق این سایت متعلق به شبکه آموزش است.</div>"
    agency = parsed(page(head, after=after)).agency
    assert agency is not None and (agency.id, agency.name) == ("amoozeshtv.ir", "شبکه آموزش")


def test_a_known_agency_behind_a_descriptor() -> None:
    agency = parsed(page('<meta property="og:site_name" content="پایگاه خبری تحلیلی تابناک | TABNAK">')).agency
    assert agency is not None and agency.id == "Tabnak"


# --- letters and statements ------------------------------------------------------------------

LETTER = ("<p>شماره: ۴۵۱۲/۱۰/۰۲<br>تاریخ: ۱۴۰۲/۰۷/۱۰</p><p>جناب آقای استاندار</p><p>با سلام</p>"
          "<p>احتراماً، خواهشمند است دستور فرمایید گزارش پیشرفت طرح‌های آبرسانی روستایی استان تا پایان ماه "
          "جاری به این وزارتخانه ارسال شود تا در جلسه هیئت دولت بررسی شود.</p>")


def test_a_letters_signature_in_a_block_of_its_own_closes_the_text() -> None:
    signature = "<div style='text-align:left'><strong>وزیر کشور</strong><br><strong>احمد رضایی</strong></div>"
    body = TEXT + LETTER + signature
    after = ("<div class='tags'><a href='/t/1'>آبرسانی</a> <a href='/t/2'>استانداری</a></div>"
             "<div class='related'><h3>اخبار مرتبط</h3>"
             "<a href='/n/2'>دیدار استاندار با خانواده شهدا در کرمان</a></div>")
    lines = parsed(page(body=body, after=after)).body.split("\n")
    assert lines[-2:] == ["وزیر کشور", "احمد رضایی"]
    assert {"جناب آقای استاندار", "با سلام", "تاریخ: ۱۴۰۲/۰۷/۱۰"} <= set(lines)  # a letter's own lines and date
    assert not any("آبرسانی استانداری" in line or "اخبار مرتبط" in line or "خانواده شهدا" in line for line in lines)


def test_a_reply_in_a_table_is_text() -> None:
    reply = ("<table><tr><td><p>جناب آقای وزیر</p><p>عطف به نامه شماره ۴۵۱۲/۱۰/۰۲، گزارش پیشرفت طرح‌های "
             "آبرسانی روستایی استان به پیوست تقدیم می‌شود و سه طرح تا پایان سال به بهره‌برداری می‌رسد.</p>"
             "<p>استاندار کرمان _ علی محمدی</p></td></tr></table>")
    article = parsed(page(body=TEXT + LETTER + reply))
    assert article.body.endswith("استاندار کرمان _ علی محمدی")
    assert "جناب آقای وزیر" in article.body.split("\n")


def test_the_headline_again_as_a_label_is_not_text() -> None:
    body = "<p><strong>جلسه شورای برنامه‌ریزی استان :</strong></p>" + TEXT
    article = parsed(page(body=body))
    assert article.body.split("\n")[0].startswith("استاندار امروز")


# --- the day ---------------------------------------------------------------------------------

def test_todays_date_in_the_top_bar_is_not_the_storys() -> None:
    top = "<div class='top'><div class='container'><div class='date'>پنجشنبه ۱۳ مهر ۱۴۰۲ - ۱۰:۴۵</div></div></div>"
    html = page(top=top).replace("</h1>", "</h1><div class='news-date'>۱۱ مهر ۱۴۰۲</div>")
    assert parsed(html).published == datetime(2023, 10, 3, tzinfo=TEHRAN)


def test_a_line_labelled_today_is_never_the_publication_day() -> None:
    html = page().replace("</h1>", "</h1><div>امروز: سه‌شنبه ۱۸ مهر ۱۴۰۲</div>")
    assert read_page(html).dated_lines == []


# --- the monitor's page fetch reads as `rasad analyze` does ------------------------------------

@pytest.mark.parametrize("name", sorted(p.stem for p in PAGES.glob("*.html")))
def test_the_monitors_page_fetch_uses_the_same_reader(name: str) -> None:
    html = (PAGES / f"{name}.html").read_bytes()
    url = json.loads((PAGES / f"{name}.json").read_text(encoding="utf-8")).get("url") or "https://example.org/page/1"
    result = FetchResult(url, url, 200, html, {"content-type": "text/html; charset=utf-8"}, FetchState(),
                         datetime.now(UTC))

    class OnePage:
        def fetch_many(self, requests: list[tuple[str, object]]) -> list[FetchResult]:
            return [result for _ in requests]

    built = articles_from_items(OnePage(), [FeedItem(title="", link=url)], None)[0]  # type: ignore[arg-type]
    assert built.from_page
    fetched = add_metadata(tidy_article(built.article))
    analyzed = parsed(html.decode("utf-8"), url)
    for field in ("title", "lead", "paragraphs", "published", "news_id", "agency", "kicker"):
        assert getattr(fetched, field) == getattr(analyzed, field), field


def test_completing_the_text_never_repeats_a_paragraph_or_brings_back_escaped_markup() -> None:
    from rasad.parse.pagemeta import complete_text

    first = "بند نخست بیانیه درباره قطع برق واحدهای صنعتی استان در هفته‌های گذشته است."
    last = "بند پایانی بیانیه درباره آب کشاورزی است."
    html = page(body=f"<p>{first}</p>" * 3 + "<p>&amp;lt;b&amp;gt;پایان</p><p>جمله‌ای که جا افتاده بود.</p>"
                + f"<p>{last}</p>")
    facts = read_page(html)
    assert complete_text([first, "پایان", last], facts) == [first, "پایان", "جمله‌ای که جا افتاده بود.", last]


def test_an_empty_extracted_line_does_not_stop_the_completion() -> None:
    from rasad.parse.pagemeta import complete_text

    first, last = "بند نخست بیانیه درباره برق صنایع است.", "بند پایانی بیانیه درباره آب کشاورزی است."
    facts = read_page(page(body=f"<p>{first}</p><p>{last}</p><div class='sign'>دبیر شورا _ علی محمدی</div>"))
    assert complete_text([first, "", last], facts)[-1] == "دبیر شورا _ علی محمدی"


def test_two_letters_signed_by_one_person_keep_both_signatures() -> None:
    letter = ("<p>احتراماً، گزارش پیشرفت طرح‌های آبرسانی روستایی استان {} به پیوست تقدیم می‌شود و سه طرح تا "
              "پایان سال به بهره‌برداری می‌رسد.</p><div class='sign'><b>دبیر شورا _ علی محمدی</b></div>")
    lines = parsed(page(body=TEXT + letter.format("کرمان") + letter.format("یزد"))).body.split("\n")
    assert lines.count("دبیر شورا _ علی محمدی") == 2 and lines[-1] == "دبیر شورا _ علی محمدی"
