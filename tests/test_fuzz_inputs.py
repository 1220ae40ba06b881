"""Issue #10: a fuzz over JSON dumps, feed XML and scraped text finds no traceback. Reading gives
articles or an InputError naming the input, raised by the parsers themselves (never the last-resort
"could not be read: SomeError" of `read_articles`), and what is read can be printed and stored:
valid UTF-8, no control character, no tag from a feed."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rasad.acquire.feeds import parse_feed
from rasad.errors import InputError
from rasad.models import Article
from rasad.parse.feeditem import article_from_item
from rasad.parse.html import parse_html
from rasad.pipeline import Pipeline, analyze_paths

FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NO_STAGES = Pipeline(())
TAG = re.compile(r"</?[A-Za-z][^<>]*>")
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")

PERSIAN = st.text(alphabet=st.sampled_from(list("ابپتثجچحخدذرزسشصضطظعغفقکگلمنوهیيك ۰۱۲۳۴۵۶۷۸۹،.:/\u200c\n-")))
FRAGMENTS = st.sampled_from([
    "<p>", "</p>", "<br>", "<b>", "<script>", "</script>", "<template>", "</template>", "<!--", "-->", "&lt;",
    "&gt;", "&amp;", "&amp;lt;", "&amp;gt;", "&#0;", "&#xD800;", "&zwnj;", "<![CDATA[", "]]>", "\x00", "\ud800",
    "\ufeff", "\u200c", "<", ">", "&", '"', "'",
])
SCRAPED = st.lists(st.one_of(PERSIAN, st.text(max_size=20), FRAGMENTS), max_size=30).map("".join)
KEYS = st.sampled_from(["title", "headline", "abstract", "lead", "paragraphs", "body", "text", "link", "url",
                        "tags", "code", "id", "date", "published", "pubDate"])
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | SCRAPED,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS | st.text(max_size=5), inner, max_size=6),
    max_leaves=20,
)
ITEMS = st.dictionaries(KEYS, JSON_VALUES, max_size=8)


def check_articles(articles: list[Article]) -> None:
    for article in articles:
        record = json.dumps(article.to_record(), ensure_ascii=False)
        record.encode("utf-8")  # no lone surrogate: it can be printed and stored
        assert not CONTROL.search(article.text), article.text


def analyze_bytes(data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        (Path(folder) / "zz_good.txt").write_text("عنوان خبر\n\nوزیر کشور گفت: متن خبر.\n", encoding="utf-8")
        outcomes = list(analyze_paths([folder], NO_STAGES))
    assert [Path(o.source).name for o in outcomes] == [name, "zz_good.txt"]
    first, good = outcomes
    assert good.articles and good.error is None
    if first.error is not None:
        assert isinstance(first.error, InputError) and not first.articles
        assert not first.error.reason.startswith("could not be read:"), first.error
        str(first.error).encode("utf-8")
    else:
        check_articles(first.articles)


@FUZZ
@given(st.one_of(ITEMS, st.lists(ITEMS, max_size=4), JSON_VALUES))
def test_json_dumps(value: object) -> None:
    analyze_bytes(json.dumps(value, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass"),
                  "dump.json")


@FUZZ
@given(st.one_of(ITEMS, st.lists(ITEMS, max_size=3)), st.integers(0, 200), st.binary(max_size=8))
def test_json_dumps_cut_and_spliced(value: object, at: int, junk: bytes) -> None:
    data = json.dumps(value, ensure_ascii=bool(at % 2)).encode("utf-8", "surrogatepass")
    analyze_bytes(data[:at] + junk + data[at:], "dump.json")


@FUZZ
@given(SCRAPED, st.sampled_from(["page.txt", "page.html", "page.md"]), st.sampled_from(["utf-8", "cp1256", "utf-16"]))
def test_scraped_text_files(text: str, name: str, encoding: str) -> None:
    analyze_bytes(text.encode(encoding, errors="replace"), name)


@FUZZ
@given(SCRAPED)
def test_scraped_pages(text: str) -> None:
    for page in (text, f"<html><body><article><h1>{text}</h1><p>{text}</p></article></body></html>"):
        try:
            article = parse_html(page.encode("utf-8", "surrogatepass"), "http://x/1")
        except InputError:
            continue
        assert not any(TAG.search(text) for text in (article.title, *article.paragraphs)), article
        check_articles([article])


@FUZZ
@given(st.lists(st.tuples(SCRAPED, SCRAPED, SCRAPED, st.booleans()), max_size=4), st.booleans(), st.binary(max_size=6))
def test_feed_xml(items: list[tuple[str, str, str, bool]], atom: bool, junk: bytes) -> None:
    if atom:
        body = "".join(f"<entry><title>{t}</title><link href='{link}'/><summary type='html'>{d}</summary></entry>"
                       for t, link, d, _ in items)
        xml = f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">{body}</feed>'
    else:
        body = "".join(f"<item><title>{t}</title><link>{link}</link><description>"
                       f"{f'<![CDATA[{d}]]>' if cdata else d}</description></item>" for t, link, d, cdata in items)
        xml = f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>{body}</channel></rss>'
    data = xml.encode("utf-8", "surrogatepass")
    for content in (data, data[: len(data) // 2] + junk + data[len(data) // 2:]):
        try:
            feed = parse_feed(content, "http://x/feed")
        except InputError as error:
            str(error).encode("utf-8")
            continue
        for item in feed.items:
            article = article_from_item(item)
            for text in (article.title, *article.paragraphs):
                assert not TAG.search(text) and not CONTROL.search(text), text
            assert not CONTROL.search(article.url or ""), article.url
