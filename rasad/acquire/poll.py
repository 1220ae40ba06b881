"""One polling round over sources: fetch each feed conditionally, parse it, hand back items and the
new per-feed state. Storing items and state is the caller's job (the store, `rasad monitor`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from rasad.acquire.feeds import FeedItem, feed_from_document
from rasad.acquire.fetcher import Fetcher, FetchResult, FetchState
from rasad.errors import FetchError, InputError
from rasad.sources import Source

__all__ = ["FeedPoll", "due_sources", "poll_feeds", "poll_sources"]


@dataclass(slots=True)
class FeedPoll:
    source: Source
    url: str
    state: FetchState  # persist it and pass it back next time
    items: list[FeedItem] = field(default_factory=list)
    not_modified: bool = False
    error: str | None = None  # why this feed failed this round
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


def due_sources(sources: Iterable[Source], last_polled: Mapping[str, datetime],
                now: datetime | None = None) -> list[Source]:
    """Enabled sources whose interval has passed since their last poll (by source name)."""
    now = now or datetime.now(UTC)
    due = []
    for source in sources:
        last = last_polled.get(source.name)
        if source.enabled and (last is None or now - last >= timedelta(seconds=source.interval_seconds)):
            due.append(source)
    return due


def poll_feeds(fetcher: Fetcher, sources: Iterable[Source],
               states: Mapping[str, FetchState] | None = None) -> list[FeedPoll]:
    """Fetch every feed of `sources` (in parallel across hosts) and parse what changed.
    A failing feed gives a FeedPoll with `error` set; it never stops the round."""
    states = states or {}
    jobs = [(source, url) for source in sources for url in source.feeds]
    results = fetcher.fetch_many([(url, states.get(url)) for _, url in jobs])
    return [_poll(source, url, states.get(url) or FetchState(), result)
            for (source, url), result in zip(jobs, results, strict=True)]


def poll_sources(fetcher: Fetcher, sources: Iterable[Source], states: Mapping[str, FetchState] | None = None,
                 last_polled: Mapping[str, datetime] | None = None, now: datetime | None = None
                 ) -> list[FeedPoll]:
    """`poll_feeds` over the sources that are due."""
    return poll_feeds(fetcher, due_sources(sources, last_polled or {}, now), states)


def _poll(source: Source, url: str, old: FetchState, result: FetchResult | FetchError) -> FeedPoll:
    if isinstance(result, FetchError):
        return FeedPoll(source, url, old, error=result.reason)
    if result.not_modified:
        return FeedPoll(source, url, result.state, not_modified=True)
    try:
        feed = feed_from_document(result.to_raw_document())
    except InputError as error:
        return FeedPoll(source, url, old, error=error.reason)
    return FeedPoll(source, url, result.state, items=feed.items, warnings=feed.warnings)
