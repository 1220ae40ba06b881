"""Feed items -> Articles: fetch each item's page and extract it, or fall back to the item itself
(title and summary) when the page cannot be fetched or holds no article. The source's configured
agency wins over the one the page names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rasad.acquire.feeds import FeedItem
from rasad.acquire.fetcher import Fetcher, FetchResult
from rasad.errors import FetchError, InputError
from rasad.models import Agency, Article
from rasad.parse.feeditem import article_from_item
from rasad.parse.html import article_from_page

__all__ = ["ItemArticle", "articles_from_items"]


@dataclass(slots=True)
class ItemArticle:
    item: FeedItem
    article: Article
    from_page: bool  # False: built from the feed item alone
    problem: str | None = None  # why the page was not used


def articles_from_items(fetcher: Fetcher, items: Sequence[FeedItem], agency: Agency | None = None,
                        *, fetch_pages: bool = True) -> list[ItemArticle]:
    """One Article per item, in order. Page fetches run in parallel (per-host limits hold). The
    feed's title, date and link win over the page's when the page lacks them."""
    if not fetch_pages:
        return [ItemArticle(i, article_from_item(i, agency), False) for i in items]
    links = [i.link for i in items if i.link]
    results = dict(zip(links, fetcher.fetch_many([(link, None) for link in links]), strict=True))
    return [_one(item, results.get(item.link or ""), agency) for item in items]


def _one(item: FeedItem, result: FetchResult | FetchError | None, agency: Agency | None) -> ItemArticle:
    fallback = article_from_item(item, agency)
    if result is None:
        return ItemArticle(item, fallback, False, "no link")
    if isinstance(result, FetchError):
        return ItemArticle(item, fallback, False, result.reason)
    try:
        article = article_from_page(result.to_raw_document())
    except InputError as error:
        return ItemArticle(item, fallback, False, error.reason)
    article.title = article.title or fallback.title
    article.published = article.published or fallback.published
    article.url = item.link or article.url
    article.agency = agency or article.agency  # the source as configured, else as the page names itself
    article.keywords = article.keywords or fallback.keywords
    return ItemArticle(item, article, True)
