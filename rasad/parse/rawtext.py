"""Scraped plain-text articles to Article.

The family of forms this reads (shared/seeds shows two real ones):

    date 2025-10-26 خبرگزاری کار ایران      <- optional header: date and publisher
    در دیدار وزیر کشور ... مطرح شد           <- optional kicker (روتیتر)
    استانداران باید ...                       <- title, often repeated on the next line
    ۱۴۰۴/۰۸/۰۴ - ۱۲:۳۰                       <- optional Jalali timestamp line
    وزیر کشور در دیدار ...                    <- lead
    به گزارش ایلنا، ...                       <- body paragraphs
    کد خبر: ۶۱۰۰۴۵ / برچسب‌ها / نظر شما ...   <- footer debris, removed (the news id kept)

Plain text with a title line and paragraphs parses too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from rasad.extract.agencies import agency_by_name
from rasad.models import Agency, Article
from rasad.parse.boilerplate import classify
from rasad.text.dates import TEHRAN, find_dates, parse_datetime, to_gregorian
from rasad.text.normalize import ZWNJ, normalize_line, normalize_lines, to_ascii_digits

_HEADER = re.compile(
    r"^date\s+(?P<date>\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?)\s*(?P<agency>.*)$", re.IGNORECASE
)
_PUBLISHED_LABEL = re.compile(r"^(?:تاریخ(?: انتشار| خبر)?|انتشار|منتشر شده(?: در)?|زمان انتشار)\s*:?\s*")
_WEEKDAYS = re.compile(
    rf"(?:شنبه|یک[{ZWNJ} ]?شنبه|دو[{ZWNJ} ]?شنبه|سه[{ZWNJ} ]?شنبه|چهار[{ZWNJ} ]?شنبه|پنج[{ZWNJ} ]?شنبه|جمعه)"
)
_CLOCK = re.compile(r"[0-9۰-۹]{1,2}\s*:\s*[0-9۰-۹]{2}(?:\s*:\s*[0-9۰-۹]{2})?")
# A kicker ends with the verb of its clause (`... مطرح شد`) or opens with `در` (`در دیدار ...`).
_KICKER_CUE = re.compile(
    rf"(?:مطرح شد|مطرح کرد|خبر داد|اعلام کرد|اعلام شد|تا[کك]ید کرد|تأکید کرد|عنوان کرد|بیان کرد|تشریح کرد"
    rf"|گفت|مطرح|پاسخ داد|هشدار داد|عنوان شد|اعلام)$"
    rf"|^در (?:دیدار|گفت[{ZWNJ} ]?و[{ZWNJ} ]?گو|نشست|جلسه|مراسم|همایش|آیین)"
)
_SENTENCE_END = re.compile(r"[.!؟?]$")
KICKER_MAX_WORDS = 16
TITLE_MAX_WORDS = 30
FOOTER_MAX_WORDS = 12  # a line this long after a footer line is article text again


@dataclass(slots=True)
class _Draft:
    lines: list[str]
    published: datetime | None = None
    agency: Agency | None = None
    agency_name: str | None = None
    news_id: str | None = None
    boilerplate: list[str] = field(default_factory=list)


def _read_header(draft: _Draft) -> None:
    if not draft.lines:
        return
    match = _HEADER.match(to_ascii_digits(draft.lines[0]))
    if not match:
        return
    draft.lines.pop(0)
    draft.published = parse_datetime(match.group("date"))
    name = match.group("agency").strip()
    if name:
        draft.agency_name = name
        draft.agency = agency_by_name(name)


def _is_date_line(line: str) -> bool:
    """A line that only says when: `۱۴۰۴/۰۸/۰۴ - ۱۲:۳۰`, `دوشنبه ۴ آبان ۱۴۰۴ ساعت ۱۰:۲۰`."""
    dates = find_dates(line)
    if not dates or len(line) > 80:
        return False
    rest = line
    for mention in reversed(dates):
        rest = rest[: mention.start] + rest[mention.end :]
    rest = _CLOCK.sub(" ", _WEEKDAYS.sub(" ", _PUBLISHED_LABEL.sub("", rest.strip())))
    rest = re.sub(r"[\s\-–—|/،,:()]+|ساعت|ماه|سال|ه\.ش", " ", rest).strip()
    return not rest


TEXT_BEGUN_WORDS = 25  # a line this long is a paragraph: the text has begun


def _take_date_lines(draft: _Draft, limit: int = 6) -> None:
    """Timestamp lines near the top are metadata, not text; once a paragraph has begun the text,
    a dated line is the text's own (the date of a letter it quotes)."""
    kept = []
    begun = False
    for i, line in enumerate(draft.lines):
        if i < limit and not begun and _is_date_line(line):
            if draft.published is None:
                mention = next((m for m in find_dates(line) if m.year is not None), None)
                if mention:
                    draft.published = parse_datetime(line) or datetime.combine(
                        to_gregorian(mention), datetime.min.time(), tzinfo=TEHRAN
                    )
            continue
        begun = begun or len(line.split()) >= TEXT_BEGUN_WORDS
        kept.append(line)
    draft.lines = kept


def _strip_footer(draft: _Draft) -> None:
    """Remove debris. From a footer line (tags, comment form, news id) on, short lines are debris
    too (tag lists, related headlines); a long paragraph after it shows the footer line was a
    header (`کد خبر` above the text, as some sites print it), and the text goes on."""
    kept = []
    in_footer = False
    for line in draft.lines:
        verdict = classify(line)
        if verdict.kind == "news_id":
            draft.news_id = draft.news_id or verdict.news_id
        if verdict.kind is None and in_footer and len(line.split()) >= FOOTER_MAX_WORDS:
            in_footer = False
        if verdict.kind is None and not in_footer:
            kept.append(line)
            continue
        # a news id above the text (in the first lines) is a header line, not the footer's start
        in_footer = in_footer or verdict.kind == "footer" or (verdict.kind == "news_id" and len(kept) >= 2)
        draft.boilerplate.append(line)
    draft.lines = kept


def _split_heading(lines: list[str]) -> tuple[str | None, str, list[str]]:
    """(kicker, title, rest) from the first lines."""
    if len(lines) >= 3 and lines[1] == lines[2] and len(lines[0].split()) <= KICKER_MAX_WORDS:
        return lines[0], lines[1], lines[3:]
    if len(lines) >= 2 and lines[0] == lines[1]:
        return None, lines[0], lines[2:]
    if (
        len(lines) >= 3
        and len(lines[0].split()) <= KICKER_MAX_WORDS
        and len(lines[1].split()) <= TITLE_MAX_WORDS
        and not _SENTENCE_END.search(lines[0])
        and not _SENTENCE_END.search(lines[1])
        and _KICKER_CUE.search(lines[0])
    ):
        return lines[0], lines[1], lines[2:]
    return None, lines[0], lines[1:]


_SITE_SUFFIX = re.compile(r"\s+[-|–—]\s+(?P<site>[^-|–—]{2,40})(?:\s*[|–—-]\s*[^-|–—]{0,60})?$")


def _strip_site_name(title: str) -> str:
    """`عنوان خبر - خبرگزاری مهر | اخبار ایران و جهان` -> `عنوان خبر`: a page title's site name."""
    match = _SITE_SUFFIX.search(title)
    if match and agency_by_name(match.group("site").strip()):
        return title[: match.start()].strip()
    return title


def parse_text(text: str, source: str = "<text>") -> Article:
    """Parse a scraped plain-text article (see the module docstring). Text is normalized here."""
    raws = text.split("\n")
    # the article's lines together: its ZWNJ damage is judged from all of them (normalize_lines)
    pairs = list(zip(normalize_lines(raws), [raw.strip() for raw in raws], strict=True))
    raw_of: dict[str, str] = {}  # normalized line -> the line as written, for the debris list
    for line, raw in pairs:
        raw_of.setdefault(line, raw)
    draft = _Draft([line for line, _ in pairs if line])
    _read_header(draft)
    _take_date_lines(draft)
    _strip_footer(draft)
    if not draft.lines:
        from rasad.errors import InputError

        raise InputError(source, "no article text (only a header or page debris)")
    kicker, title, rest = _split_heading(draft.lines)
    title = _strip_site_name(title)
    rest = [line for line in rest if line != title]  # titles repeated further down
    lead, paragraphs = (rest[0], rest[1:]) if len(rest) > 1 else (None, rest)
    agency = draft.agency
    if agency is None and draft.agency_name:
        agency = Agency(draft.agency_name, draft.agency_name)
    return Article(
        title=title,
        kicker=kicker,
        lead=lead,
        paragraphs=paragraphs,
        agency=agency,
        published=draft.published,
        news_id=draft.news_id,
        boilerplate=[raw_of.get(line, line) for line in draft.boilerplate],
    )



def tidy_article(article: Article) -> Article:
    """Bring an article parsed from a page or a feed item to the form parse_text gives: normalized
    text, timestamp lines and page debris out of the body (the news id kept), the first paragraph
    as the lead."""
    title = normalize_line(article.title)
    lines = normalize_lines([article.lead or "", *article.paragraphs])
    draft = _Draft([line for line in lines if line and line != title], published=article.published,
                   news_id=article.news_id)
    _take_date_lines(draft)
    _strip_footer(draft)
    article.title = title
    article.kicker = normalize_line(article.kicker) if article.kicker else None
    article.lead, article.paragraphs = (draft.lines[0], draft.lines[1:]) if len(draft.lines) > 1 else (
        None, draft.lines)
    article.published, article.news_id = draft.published, draft.news_id
    article.boilerplate = [*article.boilerplate, *draft.boilerplate]
    return article


__all__ = ["parse_text", "tidy_article"]
