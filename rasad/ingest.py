"""One ingest service: the CLI, the monitor and the web app store articles through it.

For each article: store it (its people and quotes are linked in the same transaction), link it into
a story, then call the registered hooks: the watches' matcher (rasad.alerts.match) is one, unless
`match_watches=False`. Progress is reported through a
callback, never printed: the caller decides how to show it.

The per-article stages (parse, normalize, enrich) are the pipeline's; what happens here is
sequential, after them: story linking needs the articles stored before it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rasad.errors import InputError, RasadError, StoreError
from rasad.models import Article
from rasad.store.base import Store
from rasad.store.values import AddStatus

if TYPE_CHECKING:
    from rasad.link.stories import StoryLinker
    from rasad.pipeline import Pipeline

STORY_DAYS = 7  # how far back the story linker is rebuilt from stored signatures when a process starts
BATCH = 16  # articles enriched together (the NER tags their sentences in one pass)


@dataclass(slots=True)
class Stored:
    """One article through the service: its id, what the store did, and the article."""

    id: int
    status: AddStatus
    article: Article
    story: int | None = None


Hook = Callable[[Stored], None]


@dataclass(slots=True)
class Progress:
    """Where an ingest is: files read of those named, articles stored of those found so far."""

    files_done: int
    files_total: int
    articles_done: int
    articles_total: int
    source: str


@dataclass(slots=True)
class IngestReport:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(
        ("added", "updated", "unchanged", "failed"), 0))
    ids: list[int] = field(default_factory=list)  # of the articles stored or found stored, in order
    errors: list[RasadError] = field(default_factory=list)  # one per input that failed
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why): files that are not articles


class StoryKeeper:
    """The in-memory story linker, rebuilt from the stored signatures of the last `days` days,
    with each newly stored article linked and its story saved as it arrives. Articles stored in
    those days but never linked (their process was killed in between) are linked when it starts."""

    def __init__(self, store: Store, aliases: Mapping[str, Iterable[str]] | None = None,
                 days: int = STORY_DAYS) -> None:
        from rasad.link.stories import StoryLinker  # MinHash (datasketch, scipy): loaded when first needed

        self.store = store
        self.linker: StoryLinker = StoryLinker(aliases=aliases)
        since = datetime.now(UTC) - timedelta(days=days)
        for signed in store.signed_articles(since.date()):
            self.linker.add(signed.id, Article.from_record(signed.record), signatures=(signed.duplicate, signed.topic))
        # articles a killed process stored but never linked are linked now
        for article_id in store.unsigned_articles(since.isoformat(timespec="seconds")):
            self.link(article_id, Article.from_record(store.get(article_id).record))

    def link(self, article_id: int, article: Article) -> int:
        """Index a newly stored article, save its signatures and its story; returns the story id."""
        self.linker.add(article_id, article)
        self.store.save_signatures(article_id, *self.linker.signatures(article_id))
        story = self.linker.story(article_id)
        how = {c.key: c.how for c in story.citations}
        first = cast(int, story.first)  # the linker's keys are the store's article ids
        self.store.save_story(first, [(cast(int, k), how.get(k)) for k in story.keys])
        return first


class Ingestor:
    """Stores articles in `store`, analyzing files with `pipeline` (default: rasad.pipeline.build_pipeline())."""

    def __init__(self, store: Store, pipeline: Pipeline | None = None, *,
                 aliases: Mapping[str, Iterable[str]] | None = None, hooks: Iterable[Hook] = (),
                 match_watches: bool = True) -> None:
        from rasad.alerts.match import Matcher
        from rasad.pipeline import build_pipeline

        self.store = store
        self.pipeline = pipeline or build_pipeline()
        self.aliases = aliases
        self.hooks: list[Hook] = list(hooks)
        self.matcher: Matcher | None = Matcher(store) if match_watches else None
        if self.matcher is not None:
            self.hooks.append(self.matcher)
        self._stories: StoryKeeper | None = None

    @property
    def stories(self) -> StoryKeeper:
        if self._stories is None:
            self._stories = StoryKeeper(self.store, self.aliases)
        return self._stories

    def store_article(self, article: Article) -> Stored:
        """Store one enriched article, link a new one into its story, and call the hooks."""
        stories = self.stories  # started (and repaired) before this article is stored
        result = self.store.add(article)
        stored = Stored(result.id, result.status, article)
        if result.status == "added":
            stored.story = stories.link(result.id, article)
        for hook in self.hooks:
            hook(stored)
        return stored

    def ingest_paths(self, paths: Iterable[str | Path], on_progress: Callable[[Progress], None] | None = None,
                     on_error: Callable[[RasadError], None] | None = None) -> IngestReport:
        """Analyze and store files and folders. A file that cannot be read or parsed is counted as
        failed and passed to `on_error`; the others go on. A StoreError ends the ingest. Files
        that are not articles (README, LICENSE...) are listed in the report's `skipped`."""
        from rasad.acquire.files import display_path, iter_paths, read_articles

        skipped: list[Any] = []
        files = list(iter_paths(list(paths), skipped))
        report = IngestReport(skipped=[(str(s.path), s.reason) for s in skipped])
        found = 0
        for number, path in enumerate(files, 1):
            try:
                articles = read_articles(path)
                found += len(articles)
                for start in range(0, len(articles), BATCH):
                    for article in self.pipeline.enrich_many(articles[start:start + BATCH]):
                        stored = self.store_article(article)
                        report.counts[stored.status] += 1
                        report.ids.append(stored.id)
                        if on_progress:
                            on_progress(Progress(number - 1, len(files), len(report.ids), found, str(path)))
            except StoreError:
                raise  # the store failed, not this input: nothing after it could be stored either
            except Exception as exc:  # any failure of one file is that file's, reported
                error = exc if isinstance(exc, RasadError) else InputError(
                    display_path(path), f"could not be analyzed: {type(exc).__name__}: {exc}")
                report.counts["failed"] += 1
                report.errors.append(error)
                if on_error:
                    on_error(error)
            if on_progress:
                on_progress(Progress(number, len(files), len(report.ids), found, str(path)))
        return report


__all__ = ["BATCH", "STORY_DAYS", "Hook", "IngestReport", "Ingestor", "Progress", "Stored", "StoryKeeper"]
