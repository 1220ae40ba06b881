"""Article metadata read from its text: the publishing agency, the sources it cites, the dateline
city and the news id. Patterns follow shared/eval/QUOTE_GUIDELINES.md: `به گزارش ایسنا` cites
ایسنا; `به گزارش خبرنگار X از CITY` and `CITY - ایرنا` give the dateline."""

from __future__ import annotations

import re

from rasad.extract.agencies import agency_by_name, agency_by_url, names_of
from rasad.extract.places import is_place
from rasad.models import Agency, Article
from rasad.text.dates import find_dates, resolve, to_gregorian, to_jalali
from rasad.text.normalize import ZWNJ, fold, normalize, to_ascii_digits

_W = rf"[\w{ZWNJ}]"
# `به گزارش X،`, `به نقل از X،`, `بر اساس گزارش X،`: X runs to a clause mark or the next cue.
_CITE = re.compile(
    rf"(?=[بط])(?<!{_W})(?:به (?:گزارش|نقل از|اعلام)|بر ?اساس گزارش|بنابر گزارش|طبق گزارش)(?!{_W})"
    rf"\s*(?P<src>[^،,؛:.\n]{{0,80}})"
)
_NEXT_CUE = re.compile(r"\s+(?:و )?(?:به نقل از|در|که|از زبان)\s+")
_REPORTER = re.compile(
    rf"^(?:خبرنگار(?:ان)?|گروه|سرویس|دبیرخانه|پایگاه خبری)(?:\s+(?:سیاسی|اقتصادی|اجتماعی|فرهنگی|ورزشی"
    rf"|بین[{ZWNJ} ]?الملل|علمی|پارلمانی|حوزه|اعزامی|افتخاری|استانی|جامعه|دانشگاهی|فضای مجازی|ما))*\s*"
)
_FROM_CITY = re.compile(rf"\s+از\s+(?P<city>{_W}+(?:\s{_W}+)?)\s*$")
_SOURCE_LINE = re.compile(r"^(?:منبع|منابع)\s*:\s*(?P<src>.{1,120})$")
_OUTLET = (r"(?:روزنامه|خبرگزاری|شبکه|تلویزیون|رادیو|پایگاه خبری|پایگاه اطلاع[\u200c ]?رسانی|سایت|وبسایت|نشریه"
           r"|هفته[\u200c ]?نامه|ماهنامه|مجله)")
# an outlet a speaker talked to: `در گفت‌وگو با ایرنا`, `به روزنامه الشرق الاوسط گفت`, `به نوشته روزنامه X`
_TALKED_TO = re.compile(
    rf"(?:(?<!{_W})در گفت[\u200c ]?و?[\u200c ]?گو با(?: خبرنگار)?|(?<!{_W})به نوشته|(?<!{_W})به)\s+"
    rf"(?P<src>{_OUTLET}\s[^،,؛:.\n]{{2,40}}?|[^،,؛:.\n\s]+(?:\s[^،,؛:.\n\s]+){{0,3}}?)"
    rf"(?=\s*(?:،|,|$|\s(?:گفت|گفته|اظهار|درباره|در خصوص|در مورد|با اشاره|تاکید|افزود|نوشت|اعلام)))"
)
_NEWSPAPER = re.compile(rf"^روزنامه(?:\s+{_W}+[\u200c]?ای)?\s+")
# `تبریز - ایرنا`, `تهران- خبرگزاری مهر:`: a city, a dash, an agency, at the start of the lead.
_DASH_DATELINE = re.compile(rf"^(?P<city>{_W}+(?:\s{_W}+)?)\s*[-–—]\s*(?P<agency>[^:،\-]{{2,40}}?)\s*[:،-]")
# `خبرگزاری شبستان:` or `ایسنا -` opening the lead names the publisher.
_LEAD_AGENCY = re.compile(r"^(?P<agency>[^:،\-–]{2,40}?)\s*[:–-]")
_NOT_A_SOURCE = {"ما", "", "رسانه ها", "منابع خبری", "منابع", "رسانه‌ها"}


def _clean_source(raw: str) -> str:
    src = raw.strip().strip("«»\"' ")
    src = _NEXT_CUE.split(src)[0]
    return src.strip().strip("«»\"' ")


def cited_sources(text: str, own: Agency | None = None) -> list[str]:
    """Agencies and outlets the text credits, in order of first mention, without the publisher's
    own name (an agency citing its own reporters cites no one)."""
    own_keys = {fold(n) for n in names_of(own)} if own else set()
    found: list[str] = []
    keys: set[str] = set()  # folded, of those found
    for line in text.split("\n"):
        spans = [m.group("src") for m in _CITE.finditer(line)]
        source_line = _SOURCE_LINE.match(line.strip())
        if source_line:
            spans += re.split(rf"\s*،\s*|\s+و\s+(?={_OUTLET})", source_line.group("src"))
        for match in _TALKED_TO.finditer(line):
            src = match.group("src").strip()
            if re.match(_OUTLET, src) or agency_by_name(src):
                spans.append(src)
        for raw in spans:
            for part in re.split(r"\s+(?:و )?به نقل از\s+", raw):
                src = _clean_source(_FROM_CITY.sub("", _REPORTER.sub("", _clean_source(part))))
                src = _NEWSPAPER.sub("", src)
                if not _plausible_source(src):
                    continue
                key = fold(src)
                if key in own_keys or key.removeprefix("خبرگزاری ") in own_keys:
                    continue
                if key not in keys:
                    found.append(src)
                    keys.add(key)
    return found


def _plausible_source(src: str) -> bool:
    if src in _NOT_A_SOURCE or len(src.split()) > 9:
        return False
    # a clause, not a name: it holds a verb-like ending or starts with a function word
    return not re.search(r"(?:^|\s)(?:این|آن|که|را|با|برای|اینکه|است|شد|بود|می)(?:\s|$)", src)


def dateline(text: str) -> str | None:
    """The city the article was filed from, or None: `به گزارش خبرنگار X از تبریز`,
    `به گزارش ایرنا از مشهد`, `تبریز - ایرنا -`."""
    for match in _CITE.finditer(text):
        src = match.group("src").strip()
        city = _FROM_CITY.search(src)
        if not city:
            continue
        who = _clean_source(_REPORTER.sub("", src[: city.start()]))
        if not (re.match(r"^(?:خبرنگار|گروه|سرویس)", src) or agency_by_name(who)):
            continue
        for candidate in (city.group("city"), city.group("city").split()[0]):
            if is_place(candidate):
                return normalize(candidate)
    first = text.lstrip().split("\n", 1)[0]
    dash = _DASH_DATELINE.match(first)
    if dash and is_place(dash.group("city")) and agency_by_name(dash.group("agency")):
        return normalize(dash.group("city"))
    return None


def lead_agency(lead: str) -> Agency | None:
    """The publisher named at the start of a lead: `خبرگزاری شبستان: ...`, `تبریز - ایرنا - ...`."""
    text = lead.strip()
    dash = _DASH_DATELINE.match(text)
    if dash:
        agency = agency_by_name(dash.group("agency"))
        if agency:
            return agency
    match = _LEAD_AGENCY.match(text)
    return agency_by_name(match.group("agency")) if match else None


def reporter_agency(text: str) -> Agency | None:
    """The agency of `به گزارش خبرنگار خبرگزاری X`: its own reporter, so its publisher."""
    for match in _CITE.finditer(text):
        src = match.group("src").strip()
        if re.match(r"^خبرنگار", src):
            name = _clean_source(_FROM_CITY.sub("", _REPORTER.sub("", src)))
            agency = agency_by_name(name)
            if agency:
                return agency
    return None


# Where outlets' addresses carry the story's id: `/news/4012345/slug` (Nastooh, up to the 14 digits
# of Fars), `/fa/news/698452/` (IranSamaneh), `/fa/doc/news/` (StudioKhabar), `/node/312345`
# (Drupal), `/fa/tiny/news-345678` and `/section-3/345678-slug` (Asam), `?p=98765` (WordPress),
# `/category/4521-alias` (Joomla).
_IDS_FROM_URL = (
    # `/fa/news/1402/05/10/2932145/slug` (Tasnim): the date first, then the id
    re.compile(r"/(?:fa/)?news/(?:1[34]|20)\d\d/\d{1,2}/\d{1,2}/(?P<id>\d{3,20})(?:[/?#]|$)"),
    re.compile(r"/(?:news|fa/news|doc/news|fa/doc/news|detail|content|n|ar|x)/(?P<id>\d{4,20})(?:[/?#]|$)"),
    re.compile(r"/node/(?P<id>\d{3,12})(?:[/?#]|$)"),
    re.compile(r"/tiny/news-(?P<id>\d{3,12})(?:[/?#]|$)"),
    re.compile(r"[?&]p=(?P<id>\d{2,12})(?:[&#]|$)"),
    re.compile(r"/(?P<id>\d{4,12})-[^/?#]*/?(?:[?#]|$)"),  # `/section-3/345678-slug` (Asam), `/4521-alias` (Joomla)
)


def news_id_from_url(url: str) -> str | None:
    from urllib.parse import unquote

    url = unquote(url)
    for pattern in _IDS_FROM_URL:
        match = pattern.search(url)
        if match:
            return match.group("id")
    return None


_OWN_REPORTER = re.compile(
    rf"(?<!{_W})(?:به گزارش|در گفت[\u200c ]?و?[\u200c ]?گو با|در گفتگو با)\s+خبرنگار(?:ان)?\s+"
    rf"(?P<rest>[^،,؛:.\n]{{2,80}})"
)
_REST_END = re.compile(r"\s(?:از|در|که|به|و)\s")


def own_reporter_agency(text: str) -> Agency | None:
    """The agency whose own reporter filed the story, a desk name or two between: `به گزارش
    خبرنگار حوزه احزاب خبرگزاری فارس`, `در گفت‌وگو با خبرنگار اقتصادی ایسنا از تبریز`. The
    first agency name after `خبرنگار`, before the city or the clause goes on."""
    for match in _OWN_REPORTER.finditer(text):
        words = _REST_END.split(match.group("rest") + " ", maxsplit=1)[0].split()
        for start in range(len(words)):
            for end in range(len(words), start, -1):
                agency = agency_by_name(" ".join(words[start:end]))
                if agency:
                    return agency
    return None


__all__ = [
    "add_metadata",
    "cited_sources",
    "dateline",
    "event_date",
    "lead_agency",
    "news_id_from_url",
    "own_reporter_agency",
    "reporter_agency",
]


def add_metadata(article: Article) -> Article:
    """Fill the publisher, cited sources, dateline and news id from the article's own text and
    URL, keeping what the parser already knew."""
    body = article.body
    if article.agency is None:
        article.agency = (
            (lead_agency(article.lead) if article.lead else None)
            or reporter_agency(body)
            or (agency_by_url(article.url) if article.url else None)
        )
    article.cited_sources = cited_sources(body, article.agency)
    article.dateline = article.dateline or dateline(body)
    if article.news_id is None and article.url:
        article.news_id = news_id_from_url(article.url)
    if article.news_id:
        article.news_id = to_ascii_digits(article.news_id)
    article.event_date_jalali = event_date(article)
    return article


EVENT_DATE_PARAGRAPHS = 3  # where an article says when its event happened: the lead and first paragraphs


def event_date(article: Article) -> str | None:
    """The Jalali date of the first date the opening paragraphs give (`ظهر امروز (۲۶ بهمن)`), its year
    taken from the publication date when the text gives none, `????` when neither does."""
    reference = article.published.date() if article.published else None
    opening = "\n".join(p for p in [article.lead, *article.paragraphs[:EVENT_DATE_PARAGRAPHS]] if p)
    for mention in find_dates(opening):
        mention = resolve(mention, reference)
        if mention.calendar == "jalali":
            return mention.jalali_string()
        if mention.year is not None:
            return to_jalali(to_gregorian(mention))
    return None
