"""`rasad monitor`: poll every source on its interval, store what is new, link it into stories.

State lives in the store, so a restart resumes: a feed's ETag and Last-Modified are saved only
after all its new items are stored (a run killed half-way refetches the feed, and the items it had
stored already are skipped as seen), and the story linker is rebuilt from the stored signatures.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from rasad.acquire.feeds import FeedItem
from rasad.acquire.fetcher import Fetcher, FetchState, shown_url
from rasad.acquire.pages import ItemArticle, articles_from_items
from rasad.acquire.poll import FeedPoll, poll_sources
from rasad.errors import RasadError, StoreError
from rasad.ingest import Ingestor
from rasad.models import Article
from rasad.parse.rawtext import tidy_article
from rasad.sources import Source
from rasad.store.base import Store

ITEM_BATCH = 4  # pages fetched together before they are stored: what a kill can cost to refetch
FEED_ITEMS = 100  # new items taken from one feed in one round; the rest come next round
ROUND_ITEMS = 400  # new items stored in one round over all sources
FUTURE_SLACK = timedelta(days=1)  # a publication date further ahead than this is not believed


@dataclass(slots=True)
class SourceReport:
    """What one source gave in one round."""

    name: str
    new: int = 0
    seen: int = 0
    not_modified: int = 0  # feeds that answered 304
    errors: list[str] = field(default_factory=list)  # feed-level failures
    problems: list[str] = field(default_factory=list)  # items stored from the feed only, and why
    pages_retried: int = 0  # articles completed from a page that had failed before
    elsewhere: int = 0  # items on another watched outlet's site: that outlet's own feed brings them
    deferred: int = 0  # new items left for the next round (per-feed and per-round limits)
    failed_pages: set[str] = field(default_factory=set)  # pages that failed this round: retried next round

    @property
    def failed(self) -> bool:
        return bool(self.errors)


class Monitor:
    def __init__(self, store: Store, sources: list[Source], fetcher: Fetcher, *, fetch_pages: bool = True,
                 ingestor: Ingestor | None = None) -> None:
        self.store = store
        self.sources = sources
        self.fetcher = fetcher
        self.fetch_pages = fetch_pages
        self.ingestor = ingestor or Ingestor(store, aliases={s.agency: s.aliases for s in sources if s.aliases})
        self._budget = ROUND_ITEMS

    def run_once(self, now: datetime | None = None, *, every: bool = False) -> list[SourceReport]:
        """One round over the sources that are due (`every`: all of them); never raises for a
        failing source."""
        last_polled = {} if every else {name: datetime.fromisoformat(s.last_polled)
                                         for name, s in self.store.source_states().items() if s.last_polled}
        states = {url: FetchState.from_dict(d) for url, d in self.store.feed_states().items()}
        reports: dict[str, SourceReport] = {}
        self._budget = ROUND_ITEMS
        for poll in poll_sources(self.fetcher, self.sources, states, last_polled, now):
            report = reports.setdefault(poll.source.name, SourceReport(poll.source.name))
            try:
                self._process(poll, report)
            except Exception as exc:  # one source's failure, whatever it is, is that source's alone
                report.errors.append(f"{poll.url}: {_reason(exc)}")
        for source in self.sources:
            if source.name in reports and self.fetch_pages:
                try:
                    self._retry_pages(source, reports[source.name])
                except Exception as exc:
                    reports[source.name].problems.append(f"retrying pages: {_reason(exc)}")
        for report in reports.values():
            self.store.record_poll(report.name, "; ".join(report.errors) or None, report.new)
        return list(reports.values())

    def _retry_pages(self, source: Source, report: SourceReport) -> None:
        """Pages that failed before, tried again; an article stored from its feed item is replaced
        by the page's text when the page comes now."""
        pending = [p for p in self.store.pending_pages(source.name) if p.url not in report.failed_pages]
        items = [FeedItem(title=p.title, link=p.url,
                          published=datetime.fromisoformat(p.published_at) if p.published_at else None)
                 for p in pending]
        for built in articles_from_items(self.fetcher, items, source.to_agency()):
            if built.from_page:
                self.ingestor.store_article(self._enrich(built.article))
                report.pages_retried += 1
            self.store.mark_seen(built.item.link or "", source.name, None, page_ok=built.from_page)

    def _process(self, poll: FeedPoll, report: SourceReport) -> None:
        if not poll.ok:
            report.errors.append(f"{poll.url}: {poll.error}")
            return
        if poll.not_modified:
            report.not_modified += 1
            return
        if poll.warnings and not poll.items:  # XML so broken that no item could be read
            report.errors.append(f"{poll.url}: broken feed ({'; '.join(poll.warnings)})")
            return
        report.problems += [f"{poll.url}: {w}" for w in poll.warnings]
        fresh = [item for item in poll.items if item.link and not self.store.is_seen(item.link)]
        report.seen += len(poll.items) - len(fresh)
        own = [item for item in fresh if not self._elsewhere(item.link or "", poll.source)]
        report.elsewhere += len(fresh) - len(own)
        taken = own[: min(FEED_ITEMS, self._budget)]
        report.deferred += len(own) - len(taken)
        self._budget -= len(taken)
        agency = poll.source.to_agency()
        for start in range(0, len(taken), ITEM_BATCH):
            batch = taken[start : start + ITEM_BATCH]
            for built in articles_from_items(self.fetcher, batch, agency, fetch_pages=self.fetch_pages):
                self._store(built, poll.source.name, report)
        if len(taken) == len(own):  # all of it stored: the feed need not be fetched again until it changes
            self.store.save_feed_state(poll.url, poll.source.name, poll.state.to_dict())

    def _elsewhere(self, link: str, source: Source) -> bool:
        """Whether an item's link is on another watched outlet's site (an aggregator listing an
        IRNA article): the article is that outlet's, and its own feed brings it with its text."""
        try:
            host = (urlsplit(link).hostname or "").lower()
        except ValueError:  # not a URL ('http://[/]/x'): the fetcher reports it
            return False

        def on(domain: str) -> bool:
            domain = domain.lower().removeprefix("www.")
            return bool(domain) and (host == domain or host.endswith("." + domain))

        return not on(source.domain) and any(on(other.domain) for other in self.sources if other is not source)

    def _store(self, built: ItemArticle, source: str, report: SourceReport) -> None:
        link = shown_url(built.item.link or "")
        if built.problem:
            report.problems.append(f"{link}: {built.problem}")
        article = built.article
        if article.published and article.published > datetime.now(UTC) + FUTURE_SLACK:
            report.problems.append(f"{link}: publication date {article.published.isoformat()} is in the future; "
                                   "not used")
            article.published = None
        try:
            result = self.ingestor.store_article(self._enrich(article))
        except StoreError:
            raise  # the store itself failed: the whole source is retried next round
        except Exception as exc:  # this item alone: reported, and not tried again
            report.problems.append(f"{link}: not stored: {_reason(exc)}")
            self.store.mark_seen(built.item.link or "", source, None)
            return
        if result.status == "added":
            report.new += 1
        page_failed = self.fetch_pages and not built.from_page and built.item.link is not None
        if page_failed:
            report.failed_pages.add(built.item.link or "")
        self.store.mark_seen(built.item.link or "", source, result.id, page_ok=not page_failed)

    def _enrich(self, article: Article) -> Article:
        return self.ingestor.pipeline.enrich(tidy_article(article))

    def seconds_to_next(self, now: datetime | None = None) -> float:
        """How long until the next source is due (at least one second)."""
        now = now or datetime.now(UTC)
        states = self.store.source_states()
        waits = []
        for source in self.sources:
            if not source.enabled:
                continue
            last = states.get(source.name)
            if last is None or last.last_polled is None:
                return 1.0
            due = datetime.fromisoformat(last.last_polled) + timedelta(seconds=source.interval_seconds)
            waits.append((due - now).total_seconds())
        return max(1.0, min(waits, default=60.0))

    def run(self, stop: threading.Event, on_round: Callable[[list[SourceReport]], None] | None = None) -> None:
        """Poll until `stop` is set, sleeping until the next source is due."""
        while not stop.is_set():
            reports = self.run_once()
            if on_round:
                on_round(reports)
            stop.wait(self.seconds_to_next())


def _reason(exc: Exception) -> str:
    return str(exc) if isinstance(exc, RasadError) else f"{type(exc).__name__}: {exc}"


__all__ = ["Monitor", "SourceReport"]
