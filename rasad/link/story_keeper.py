"""Stories kept in the store: the in-memory StoryLinker, rebuilt from stored signatures when a
process starts, and every newly stored article linked and saved as it arrives. Used by
`rasad ingest` and `rasad monitor` alike."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta

from rasad.link.stories import StoryLinker
from rasad.models import Article
from rasad.store.base import Store

STORY_DAYS = 7  # how far back the linker is rebuilt when a process starts


class StoryKeeper:
    def __init__(self, store: Store, aliases: Mapping[str, Iterable[str]] | None = None,
                 days: int = STORY_DAYS) -> None:
        self.store = store
        self.linker = StoryLinker(aliases=aliases)
        since = (datetime.now(UTC) - timedelta(days=days)).date().isoformat()
        for article_id, record, duplicate, topic in store.signed_articles(since):
            self.linker.add(article_id, Article.from_record(record), signatures=(duplicate, topic))

    def link(self, article_id: int, article: Article) -> int:
        """Index a newly stored article, save its signatures and its story; returns the story id."""
        self.linker.add(article_id, article)
        self.store.save_signatures(article_id, *self.linker.signatures(article_id))
        story = self.linker.story(article_id)
        how = {c.key: c.how for c in story.citations}
        self.store.save_story(int(story.first), [(int(k), how.get(k)) for k in story.keys])
        return int(story.first)


__all__ = ["STORY_DAYS", "StoryKeeper"]
