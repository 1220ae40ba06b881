"""What a news page's markup says about its article, beyond the text the extractor gives: the
publisher, the headline without the site's name, the publication time, the lead, the kicker and
the news id.

General cues come first and hold on any page: meta tags (`og:site_name`, `og:title`,
`article:published_time`, the canonical address), JSON-LD, the `<h1>` that the page's title
contains, a short dated line near the headline (`تاریخ انتشار: ۲۸ اردیبهشت ۱۳۹۶ - ۱۰:۲۰`), a `کد
خبر: ...` line, the meta description shown on the page. Class names that Iranian news CMSs give
these parts (rasad/data/page_hints.toml) only say where to look first.

A date is ranked by how sure its source is: the page's structured data, then a dated line near the
headline (a label or a clock makes it surer), then the extractor's guess; a copyright year never
counts as a publication date.
"""

from __future__ import annotations

import contextlib
import json
import re
import tomllib
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, lru_cache
from importlib import resources
from urllib.parse import urlsplit

from lxml import html as lxml_html

from rasad.extract.agencies import agency_by_name, agency_by_url
from rasad.extract.metadata import news_id_from_url, own_reporter_agency
from rasad.models import Agency
from rasad.parse.sitename import copyright_holder, name_pieces, outlet_name
from rasad.text.dates import find_dates, parse_datetime, parse_timestamp
from rasad.text.normalize import ZWNJ, fold, normalize_line

__all__ = [
    "PageFacts", "complete_text", "is_head_line", "is_page_debris", "page_agency", "page_news_id", "page_title",
    "published_of", "read_page", "strip_site_name",
]

# Meta keys naming the publication time, most specific first.
DATE_META_KEYS = (
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
    "article:published", "pubdate", "publishdate", "publish-date", "dcterms.created", "dcterms.issued",
    "dc.date.issued", "dc.date", "date", "sailthru.date", "parsely-pub-date",
)
_HIDDEN = ("script", "style", "noscript", "template", "svg", "iframe", "select", "textarea", "button")
_SEPARATOR = re.compile(r"\s+[-|–—»«:]{1,2}\s+|\s*\|\s*|\s*::\s*")
_SITE_WORDS = re.compile(
    rf"^(?:خبرگزاری|پایگاه(?: خبری| اطلاع[{ZWNJ} ]?رسانی)?|سایت|وب[{ZWNJ} ]?سایت|روزنامه|شبکه|اخبار|آخرین اخبار"
    rf"|تازه[{ZWNJ} ]?ترین اخبار|خبر(?:های)? فوری)(?:\s|$)"
)
_LATIN_ONLY = re.compile(r"^[\sA-Za-z0-9.&'’:,()\-]+$")
_LABEL = re.compile(r"(?:تاریخ(?: و ساعت)?(?: انتشار| خبر| ثبت| مخابره)?|انتشار|زمان انتشار"
                    r"|(?:منتشر|ارسال) شده(?: توسط [^0-9۰-۹:]{1,40}? در| در)?)\s*:?")  # Drupal's `ارسال شده توسط X در`
_CLOCK = re.compile(r"[0-9۰-۹]{1,2}\s*:\s*[0-9۰-۹]{2}(?:\s*:\s*[0-9۰-۹]{2})?")
_WEEKDAY = re.compile(rf"(?:یک|دو|سه|چهار|پنج)?[{ZWNJ} ]?شنبه|جمعه")
_DATE_LEFTOVER = re.compile(r"[\s\-–—|/،,:()]+|ساعت|ماه|سال|ه\.ش|[بق]\s?\.\s?ظ|[AaPp]\.?[Mm]")
_COPYRIGHT = re.compile(r"©|&copy;|copyright|کلیه حقوق|تمامی حقوق|حقوق .{0,20}محفوظ", re.I)
_YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}(?![0-9])")
_NEWS_ID = re.compile(r"(?<!\w)(?:کد|شناسه|شماره) ?(?:خبر|مطلب)\s*[:：]?\s*(?P<id>[0-9]{3,20})(?![0-9])")
_META_PIECES = re.compile(r"\s+[|•·]\s+|\s*\|\s*|\s{2,}")  # `date | views: 45`, `date  author`
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NAME_WORDS = re.compile(r"[-_0-9]+")
_YEAR_DIGITS = re.compile("[0-9۰-۹]{4}")
_ID_WORD = re.compile("کد|شناسه|شماره")
_TODAY = re.compile(r"^\s*(?:امروز|تاریخ امروز)\s*[:：]?")  # the page's clock, not the story's day
MAX_LINE = 100  # a dated line, a news id line: short
MAX_PART = 3000  # characters of markup text (spaces included) beyond which an element is no part of the head
LEAD_WORDS = (6, 120)  # a lead is a sentence or two
KICKER_WORDS = 16
DEBRIS_WORDS = 25  # a labelled line longer than this is text that happens to open with the word
LINK_WORDS = 3  # a link's text this long, standing alone as a line, is another story's headline
FIRST_BLOCK_REACH = 15  # elements after the headline where its first block of text may start
REPEATED_LINE_WORDS = 8  # a line this short may come again (two letters signed by one person); a paragraph not
NEAR_LEVELS = 3  # a dated line whose nearest common ancestor with the headline is further up is the page's
NEAR_HEADLINE = 60  # elements between the headline and a part of the article's head, at most


@lru_cache(maxsize=8192)
def _key(text: str) -> str:
    """`fold`, remembered: a page repeats its texts in nested elements."""
    return fold(text)


@cache
def _hints_file() -> dict[str, dict[str, list[str]]]:
    text = resources.files("rasad.data").joinpath("page_hints.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def hints() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """part -> (whole class names or ids, words of a name: `lead` in `newsLead`, `lead_news`)."""
    return {part: (frozenset(n.lower() for n in table["names"]), frozenset(w.lower() for w in table.get("words", [])))
            for part, table in _hints_file().items() if "names" in table}


@cache
def _debris_label() -> re.Pattern[str]:
    labels = sorted((fold(label) for label in _hints_file()["debris"]["labels"]), key=len, reverse=True)
    return re.compile(rf"^(?:{'|'.join(map(re.escape, labels))})(?:\s*[:：]|$)")


def is_page_debris(text: str, link_texts: frozenset[str] = frozenset()) -> bool:
    """A line of a page's text that is the page's own: a labelled line (`بیشتر بخوانید: ...`,
    `تعداد بازدید: ۴۵`, page_hints.toml [debris]), the whole text of a link standing alone (another
    story's headline), or a list item that is a link (`- اقتصادی`, a section in a list of them)."""
    key = _key(text).strip()
    if len(key.split()) <= DEBRIS_WORDS and _debris_label().match(key):
        return True
    item = key.removeprefix("- ").strip()  # trafilatura writes a list's item `- text`
    return item in link_texts and (item != key or len(key.split()) >= LINK_WORDS)


def _hinted(names: set[str], part: str) -> bool:
    whole, words = hints()[part]
    if names & whole:
        return True
    return bool(words) and any(w in words for name in names for w in _NAME_WORDS.split(name))


@dataclass(slots=True)
class PageFacts:
    site_names: list[str] = field(default_factory=list)  # declared: og:site_name, JSON-LD, application-name
    title_sites: list[str] = field(default_factory=list)  # the site's name as the <title> gives it
    urls: list[str] = field(default_factory=list)  # canonical, og:url, shortlink
    titles: list[str] = field(default_factory=list)  # og:title, JSON-LD headline, <title>
    headline: str | None = None  # the <h1> the titles agree with
    lead: str | None = None
    kicker: str | None = None
    structured_dates: list[str] = field(default_factory=list)  # meta, JSON-LD, <time datetime>
    dated_lines: list[str] = field(default_factory=list)  # visible, surest first
    copyright_years: set[int] = field(default_factory=set)
    copyright_holders: list[str] = field(default_factory=list)  # `... متعلق به X است`: X
    logo_names: list[str] = field(default_factory=list)  # the `alt` of the site's logo
    news_id: str | None = None  # as the page prints it (`کد خبر: ...`)
    link_texts: frozenset[str] = frozenset()  # folded texts of the page's links
    first_block: str | None = None  # the first sentence-like block after the headline (a lead, maybe)
    blocks: list[tuple[str, str, lxml_html.HtmlElement]] = field(default_factory=list)  # (key, line, element)


def _text(element: lxml_html.HtmlElement) -> str:
    """The element's text as one line, control characters out."""
    return " ".join(_CONTROL.sub(" ", "".join(element.itertext())).split())


def _sizes(elements: list[lxml_html.HtmlElement]) -> dict[lxml_html.HtmlElement, int]:
    """The length of each element's text, children included, in one pass from the leaves up."""
    sizes: dict[lxml_html.HtmlElement, int] = {}
    for element in reversed(elements):
        sizes[element] = len(element.text or "") + sum(sizes.get(c, 0) + len(c.tail or "") for c in element)
    return sizes


def _classes(element: lxml_html.HtmlElement) -> set[str]:
    """Class names and id, lower case, a camelCase name's words split apart (`newsLead` -> `news_lead`)."""
    names = {_CAMEL.sub("_", c).lower() for c in (element.get("class") or "").split()}
    if element.get("id"):
        names.add(_CAMEL.sub("_", element.get("id", "")).lower())
    return names


def _meta(tree: lxml_html.HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        value = (meta.get("content") or "").strip()
        if key and value and key not in found:
            found[key] = value
    return found


def _jsonld(tree: lxml_html.HtmlElement) -> Iterator[dict[str, object]]:
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                stack.extend(v for k, v in item.items() if k in ("@graph", "publisher", "mainEntity"))


def read_page(page: str) -> PageFacts:
    """The facts of a page's markup (nothing raised: a page lxml cannot read has none)."""
    facts = PageFacts()
    try:
        tree = lxml_html.fromstring(_CONTROL.sub(" ", page))  # lxml refuses to set text holding them
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return facts
    with contextlib.suppress(ValueError):  # markup lxml reads but will not rewrite: the facts gathered so far
        _read(tree, facts)
    return facts


def _read(tree: lxml_html.HtmlElement, facts: PageFacts) -> None:
    meta = _meta(tree)
    for key in ("og:site_name", "application-name", "twitter:site:name"):
        if meta.get(key):
            facts.site_names.append(meta[key])
    facts.structured_dates += [meta[k] for k in DATE_META_KEYS if k in meta]
    for item in _jsonld(tree):
        kind = str(item.get("@type", ""))
        if isinstance(item.get("datePublished"), str):
            facts.structured_dates.append(str(item["datePublished"]))
        if isinstance(item.get("headline"), str):
            facts.titles.append(str(item["headline"]))
        if kind in ("Organization", "NewsMediaOrganization", "WebSite") and isinstance(item.get("name"), str):
            facts.site_names.append(str(item["name"]))
    for time in tree.iter("time"):  # <time datetime> of the article, not of a list of other stories
        if time.get("datetime") and not _outside(time, ("li",)):
            facts.structured_dates.append(time.get("datetime", ""))
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower()
        if rel in ("canonical", "shortlink") and link.get("href"):
            facts.urls.append(link.get("href", ""))
    if meta.get("og:url"):
        facts.urls.insert(1 if facts.urls else 0, meta["og:url"])
    base = tree.find(".//base")
    if base is not None and base.get("href"):  # a saved page may keep its address only here
        facts.urls.append(base.get("href", ""))
    for key in ("og:title", "twitter:title"):
        if meta.get(key):
            facts.titles.insert(0, meta[key])
    title = tree.find(".//title")
    if title is not None and _text(title):
        facts.titles.append(_text(title))
    for bad in list(tree.iter(*_HIDDEN)):
        bad.drop_tree()
    for comment in list(tree.iter(lxml_html.etree.Comment)):
        comment.drop_tree()
    for br in tree.iter("br"):  # a line break is a line of the block's text
        br.tail = "\n" + (br.tail or "")
    _read_body(tree, facts, meta)


def _read_body(tree: lxml_html.HtmlElement, facts: PageFacts, meta: dict[str, str]) -> None:
    body = tree.find("body")
    elements = [e for e in (body if body is not None else tree).iter() if isinstance(e.tag, str)]
    order = {e: i for i, e in enumerate(elements)}
    sizes = _sizes(elements)
    texts = {e: _text(e) if sizes[e] <= MAX_PART else "" for e in elements}  # a part of the head is short
    title_keys = [_key(t) for t in facts.titles]
    headings = [e for e in elements if e.tag == "h1" and texts[e]]
    titled = [h for h in headings if any(_key(texts[h]) in t for t in title_keys)]
    main = max(titled, key=lambda h: len(texts[h])) if titled else None  # not a logo's <h1> the title also holds
    if main is None:  # no <h1> agrees: the element showing a part of the title that has words enough
        parts = {_key(p) for t in facts.titles for p in [t, *_SEPARATOR.split(t)] if len(p.split()) >= 3}
        shown = [e for e in elements if texts[e] and _key(texts[e]) in parts and not _outside(e)]
        main = max(shown, key=lambda e: len(texts[e])) if shown else None
    if main is None and headings:
        main = max(headings, key=lambda h: len(texts[h]))
    if main is not None:
        facts.headline = _text(main)
        for title in facts.titles:  # what the <title> adds to the headline is the site's name
            stripped = title.replace(facts.headline, "\u0000")
            if "\u0000" in stripped:
                facts.title_sites += [p for p in _SEPARATOR.split(stripped.replace("\u0000", "")) if p.strip()]
    anchor = order[main] if main is not None else 0
    dated: list[tuple[tuple[bool, int, int, int], str]] = []
    descriptions = {_key(meta[k]) for k in ("description", "og:description") if meta.get(k)}
    lead_at: tuple[int, str] | None = None
    for element in elements:
        text = texts[element]
        if not text:
            continue
        names = _classes(element)
        outside = _outside(element)
        if _COPYRIGHT.search(text) and len(text) < 300:
            facts.copyright_years.update(int(y) for y in _YEAR.findall(text))
            holder = copyright_holder(text)
            if holder and holder not in facts.copyright_holders:
                facts.copyright_holders.append(holder)
        distance = abs(order[element] - anchor)
        if len(text) <= MAX_LINE:
            if facts.news_id is None and not outside:
                match = _NEWS_ID.search(_key(text)) if _ID_WORD.search(text) else None
                if match:
                    facts.news_id = match.group("id")
            when = _dated_piece(text) if not _TODAY.match(text) else None
            if when is not None:
                hinted = _hinted(names, "date")
                if outside and not hinted:
                    continue
                sure = 2 * hinted + 2 * bool(_LABEL.match(when)) + bool(_CLOCK.search(when))
                far = main is not None and _levels_apart(main, element) > NEAR_LEVELS
                dated.append(((far, -sure, distance, order[element]), when))
            if facts.kicker is None and _hinted(names, "kicker") and distance <= 8 and len(text.split()) <= 20:
                facts.kicker = text
        if not outside and distance <= NEAR_HEADLINE and LEAD_WORDS[0] <= len(text.split()) <= LEAD_WORDS[1]:
            # the lead: a hinted element near the headline, or the meta description shown on the page
            described = bool(descriptions) and _key(text) in descriptions and element.tag not in ("body", "html")
            after = distance if order[element] > anchor else 2 * distance  # a lead follows its headline
            nearer = lead_at is None or after < lead_at[0]
            in_list = element.tag == "li" or any(a.tag == "li" for a in element.iterancestors())
            if (_hinted(names, "lead") or described) and nearer and not in_list and not _holds(element, headings):
                lead_at = (after, text)
    if facts.kicker is None and main is not None:
        facts.kicker = _kicker_before(main)
    facts.logo_names = _logo_names(elements)
    facts.link_texts = frozenset(_key(texts[a]) for a in elements if a.tag == "a" and texts[a])
    facts.dated_lines = [text for _, text in sorted(dated)]
    facts.lead = lead_at[1] if lead_at else None
    if main is not None:
        facts.first_block = _first_block_after(main, elements, order, texts)
    facts.blocks = _leaf_blocks(elements)


_LEAF_BLOCKS = frozenset({"p", "div", "td", "th", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dd",
                          "dt", "section", "center"})


def _leaf_blocks(elements: list[lxml_html.HtmlElement]) -> list[tuple[str, str, lxml_html.HtmlElement]]:
    """Each line of each innermost block of text, in the page's order, with its element."""
    found = []
    for element in elements:
        if element.tag not in _LEAF_BLOCKS or any(d.tag in _LEAF_BLOCKS for d in element.iterdescendants()):
            continue
        for line in _CONTROL.sub(" ", "".join(element.itertext())).split("\n"):
            line = " ".join(line.split())
            if line:
                found.append((_line_key(line), line, element))
    return found


_MARKUP_TEXT = re.compile(r"</?[A-Za-z][^<>]*>|&(?:lt|gt|amp);|<!--|-->")  # escaped markup shown as text


def _line_key(text: str) -> str:
    """A line as the extractor and the markup both give it (spacing and ZWNJ aside): cheap, since a
    page has thousands of lines and `fold` restores ZWNJ from context."""
    return " ".join(text.replace(ZWNJ, "").split())


def _chrome(element: lxml_html.HtmlElement, line: str, link_texts: frozenset[str]) -> bool:
    """Whether a block after the article's text is the page's: in a list, link, form, figure or
    aside, a class that says tags, sharing, related, comments (page_hints.toml [chrome]), mostly
    link text, or a labelled line (`مطالب مرتبط`)."""
    chain = [element, *element.iterancestors()]
    if any(e.tag in ("li", "a", "form", "figure", "figcaption", "nav", "aside", "ul", "ol") for e in chain):
        return True
    if any(_hinted(_classes(e), "chrome") for e in chain[:4]):
        return True
    linked = sum(len(_text(a)) for a in element.iter("a"))
    return linked * 2 >= len(line) or is_page_debris(line, link_texts) or bool(_COPYRIGHT.search(line))


def complete_text(lines: list[str], facts: PageFacts) -> list[str]:
    """The extracted lines with what the extractor left out of the article's own container: short
    lines of a letter (its number, salutation, signature), a table holding the reply, a signature
    in a block of its own closing the text. The container is the innermost element holding most
    of the extracted lines; rasad reads on after the last of them until the page's chrome begins
    (tags, sharing, related stories, a form), and fills what was skipped between two of them."""
    blocks = facts.blocks
    where: dict[str, list[int]] = {}
    for i, (key, _, _) in enumerate(blocks):
        where.setdefault(key, []).append(i)
    positions: list[int | None] = []
    start = 0
    for line in lines:  # each line at its first block from the last one found on (in order)
        places = where.get(_line_key(line), [])
        at = bisect_left(places, start)
        found = places[at] if at < len(places) else None
        positions.append(found)
        if found is not None:
            start = found + 1
    matched = [p for p in positions if p is not None]
    if len(matched) < 2:
        return lines
    container = _container([blocks[p][2] for p in matched])
    if container is None:
        return lines
    inside = set(container.iter())
    have = {_line_key(line) for line in lines}  # no paragraph twice (the extractor drops repeats)
    out: list[str] = []
    previous: int | None = None
    unmatched: list[str] = []  # extracted lines since the last one found: the extractor's form of a block

    def missing(key: str, text: str, element: lxml_html.HtmlElement) -> bool:
        repeat = key in have and len(key.split()) > REPEATED_LINE_WORDS  # a paragraph again, not a signature
        if repeat or element not in inside or any(u in key or key in u for u in unmatched):
            return False
        return not _MARKUP_TEXT.search(text) and not _chrome(element, text, facts.link_texts)

    for line, position in zip(lines, positions, strict=True):
        if position is None:
            if len(_line_key(line)) >= 3:  # (an empty line is in every block)
                unmatched.append(_line_key(line))
        elif previous is not None and blocks[previous][2] in inside and blocks[position][2] in inside:
            for key, text, element in blocks[previous + 1:position]:
                if missing(key, text, element):
                    have.add(key)
                    out.append(text)
        out.append(line)
        if position is not None:
            previous, unmatched = position, []
    for key, text, element in blocks[matched[-1] + 1:]:
        if element not in inside or _chrome(element, text, facts.link_texts):
            break
        if missing(key, text, element):
            have.add(key)
            out.append(text)
    return out


def _container(elements: list[lxml_html.HtmlElement]) -> lxml_html.HtmlElement | None:
    """The innermost ancestor of the last element that holds at least 60% of them (two at least)."""
    need = max(2, -(-len(elements) * 3 // 5))
    for ancestor in elements[-1].iterancestors():
        held = set(ancestor.iter())
        if sum(e in held for e in elements) >= need:
            return None if ancestor.tag in ("body", "html") else ancestor
    return None


def _levels_apart(headline: lxml_html.HtmlElement, element: lxml_html.HtmlElement) -> int:
    """How many levels above the headline its nearest common ancestor with `element` is: the
    story's date sits by the headline (1 or 2), the date of today in the page's top bar far off
    (meeting the headline only in <body>, or in the <form> an ASP.NET page is)."""
    mine = set(element.iterancestors())
    for level, ancestor in enumerate(headline.iterancestors(), start=1):
        if ancestor in mine or ancestor is element:
            return 99 if ancestor.tag in ("body", "html", "form") else level
    return 99


def _logo_names(elements: list[lxml_html.HtmlElement]) -> list[str]:
    """The `alt` of the site's logo: an image in an element whose class or id says `logo`, or in a
    link to the site's home page."""
    names = []
    for image in (e for e in elements if e.tag == "img" and (e.get("alt") or "").strip()):
        chain = [image, *image.iterancestors()][:4]
        if any("logo" in name for e in chain for name in _classes(e)) or any(
                e.tag == "a" and (e.get("href") or "").rstrip("/") in ("", "/fa", "/fa/index") for e in chain):
            names.append(" ".join((image.get("alt") or "").split()))
    return names[:2]


def _dated_piece(text: str) -> str | None:
    """The dated line, or the piece of a meta line that is one: `سه‌شنبه ۳ تیر ۱۳۹۹ - ۱۲:۰۹ |
    بازدید: ۴۵` -> `سه‌شنبه ۳ تیر ۱۳۹۹ - ۱۲:۰۹`."""
    if _is_dated_line(text):
        return text
    for piece in _META_PIECES.split(text):
        if piece.strip() and _is_dated_line(piece.strip()):
            return piece.strip()
    return None


def is_head_line(text: str) -> bool:
    """A short line of the article's head, not of its text: a dated line or a news id line
    (`۲ تیر ۱۳۹۹ - ۱۲:۰۹:۰۸ ب.ظ`, `کد خبر: ۱۳۹۹۰۴۰۳۰۰۰۵۱۲`)."""
    if len(text) > MAX_LINE:
        return False
    if _ID_WORD.search(text) and _NEWS_ID.fullmatch(_key(text).strip(" .:|-")):
        return True
    return _is_dated_line(text)


_BLOCKS = frozenset({"p", "div", "h2", "h3", "h4", "h5", "h6", "span", "strong", "b", "section"})
_SENTENCE_END = re.compile(r"[.!؟?»)]\s*$")


def _first_block_after(headline: lxml_html.HtmlElement, elements: list[lxml_html.HtmlElement],
                       order: dict[lxml_html.HtmlElement, int], texts: dict[lxml_html.HtmlElement, str]) -> str | None:
    """The first block of text after the headline with words enough, if it reads as a sentence or
    two (short lines, dates, ids and labelled lines passed over; no list item, link or caption):
    where a page whose CMS rasad does not know puts its lead. The caller takes it only when the
    extracted body lacks it."""
    start = order[headline]
    for element in elements[start + 1:start + 1 + FIRST_BLOCK_REACH]:
        text = texts[element]
        if element.tag not in _BLOCKS or not text or any(c.tag in _BLOCKS and texts[c] for c in element):
            continue
        chain = [element, *element.iterancestors()]
        if headline in chain or _outside(element) or any(
                e.tag in ("li", "a", "figure", "figcaption", "blockquote", "table") for e in chain):
            continue
        if len(text.split()) < LEAD_WORDS[0] or is_head_line(text) or is_page_debris(text):
            continue  # the date, the news id, a byline, a label: the head goes on
        return text if len(text.split()) <= LEAD_WORDS[1] and _SENTENCE_END.search(text) else None
    return None


def _kicker_before(headline: lxml_html.HtmlElement) -> str | None:
    """A short heading or line just before the headline, no link in it (breadcrumbs) and no date:
    the kicker (روتیتر) of a page whose CMS names it nothing rasad knows."""
    before = headline.getprevious()
    while before is not None and not _text(before):
        before = before.getprevious()
    if before is None or before.tag not in ("h2", "h3", "h4", "h5", "h6", "span", "div", "p", "strong"):
        return None
    text = _text(before)
    if len(text.split()) > KICKER_WORDS or before.find(".//a") is not None or is_head_line(text):
        return None
    return text


def _outside(element: lxml_html.HtmlElement, also: tuple[str, ...] = ()) -> bool:
    """Whether the element is no part of the article: in a <nav>, <aside> or link, or in a page's
    <header> or <footer> (an <article>'s own header holds its headline, date and lead)."""
    chain = [element, *element.iterancestors()]
    for i, node in enumerate(chain):
        if node.tag in ("nav", "aside", "a", *also):
            return True
        if node.tag in ("header", "footer") and not any(a.tag == "article" for a in chain[i + 1:]):
            return True
    return False


def _holds(element: lxml_html.HtmlElement, headings: list[lxml_html.HtmlElement]) -> bool:
    """Whether `element` is or contains one of the headings (then it is the head, not the lead)."""
    return any(h is element or element in h.iterancestors() for h in headings)


@lru_cache(maxsize=8192)
def _is_dated_line(text: str) -> bool:
    """A short line that only says when, with the year: `۲ تیر ۱۳۹۹ - ۱۲:۰۹:۰۸ ب.ظ`,
    `تاریخ انتشار: سه‌شنبه ۳ تیر ۱۳۹۹ - ۱۲:۰۹`, `۱۴۰۳/۱۱/۲۶`."""
    if not _YEAR_DIGITS.search(text):
        return False
    # `تاریخ: ۱۴۰۲/۰۵/۱۰ ساعت: ۱۰:۱۵ کد خبر: ۲۳۴۵۶۷` says when, too
    rest = _NEWS_ID.sub(" ", _key(text)) if _ID_WORD.search(text) else text
    dates = find_dates(rest)
    if not any(d.year is not None for d in dates):
        return False
    for mention in reversed(dates):
        rest = rest[: mention.start] + " " + rest[mention.end :]
    rest = _DATE_LEFTOVER.sub(" ", _WEEKDAY.sub(" ", _CLOCK.sub(" ", _LABEL.sub(" ", rest))))
    return not rest.strip()


def published_of(facts: PageFacts, guess: str | None = None) -> datetime | None:
    """The publication time, surest source first; `guess` (the extractor's) last, and never a
    copyright year (a guess of 1 January of a year the page's copyright line names)."""
    for value in facts.structured_dates:
        published = parse_timestamp(value)
        if published is not None:
            return published
    for line in facts.dated_lines:
        published = parse_datetime(_LABEL.sub(" ", line))
        if published is not None:
            return published
    published = parse_timestamp(guess) if guess else None
    if published is not None and (published.month, published.day) == (1, 1) and published.year in facts.copyright_years:
        return None
    return published


def _site_like(part: str, sites: set[str]) -> bool:
    key = fold(part)
    return (key in sites or agency_by_name(part) is not None or bool(_SITE_WORDS.match(normalize_line(part)))
            or bool(_LATIN_ONLY.match(part)))


def strip_site_name(title: str, site_names: list[str]) -> str:
    """`خبرگزاری فارس - عنوان`, `عنوان | تابناک`, `عنوان - خبرگزاری مهر | اخبار ایران و جهان` ->
    `عنوان`: separated parts at either end that name the site are dropped."""
    sites = {fold(p) for name in site_names for p in [name, *_SEPARATOR.split(name)] if p.strip()}
    cuts = list(_SEPARATOR.finditer(title))
    if not cuts:
        return title.strip()
    bounds = [0, *[m.start() for m in cuts], len(title)]
    starts = [0, *[m.end() for m in cuts]]
    parts = [title[starts[i]:bounds[i + 1]] for i in range(len(starts))]
    first, last = 0, len(parts)
    while last - first > 1 and _site_like(parts[last - 1], sites):
        last -= 1
    while last - first > 1 and _site_like(parts[first], sites):
        first += 1
    return title[starts[first]:bounds[last]].strip()


def page_title(facts: PageFacts, extracted: str | None = None) -> str:
    """The headline: the page's <h1> when a title of the page contains it, else the first title
    without the site's name."""
    if facts.headline:
        return facts.headline
    for title in [*facts.titles, extracted or ""]:
        if title.strip():
            return strip_site_name(title, facts.site_names)
    return ""


def _host(url: str) -> str | None:
    if not url.startswith(("http://", "https://", "//")):
        return None
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    return host or None


def page_agency(facts: PageFacts, url: str | None, body: str) -> Agency | None:
    """The publisher: a gazetteer agency the site's declared name, its address, the name its
    <title> gives or its own reporter (`به گزارش خبرنگار حوزه احزاب خبرگزاری فارس`) stands for;
    else the site's own name for an outlet rasad does not know."""
    declared = [p for name in facts.site_names for p in [name, *_SEPARATOR.split(name), *name_pieces(name)]
                if p.strip()]
    for name in declared:
        agency = agency_by_name(name)
        if agency:
            return agency
    addresses = [*facts.urls, *([url] if url else [])]
    for address in addresses:
        if _host(address):
            agency = agency_by_url(address)
            if agency:
                return agency
    for name in facts.title_sites:
        agency = agency_by_name(name)
        if agency:
            return agency
    agency = own_reporter_agency(body)
    if agency:
        return agency
    name = outlet_name(facts.site_names, facts.title_sites, facts.copyright_holders, facts.logo_names)
    if name is None:
        return None
    host = next((h for h in map(_host, addresses) if h), None)
    return Agency(host or name, name)


def page_news_id(facts: PageFacts, url: str | None) -> str | None:
    """The story's id as the page prints it, else from its address (canonical first)."""
    if facts.news_id:
        return facts.news_id
    for address in [*facts.urls, *([url] if url else [])]:
        if not _host(address):  # a saved page's file path says nothing of the story
            continue
        found = news_id_from_url(address)
        if found:
            return found
    return None
