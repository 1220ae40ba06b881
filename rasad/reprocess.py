"""Reprocessing the stored archive with the current models, partition by partition, on Dask.

- **Plan**: the archive (or the articles the filters choose) in partitions of at most `size`
  articles by ascending id (`Store.id_ranges`). A run is recorded in the store under a key naming
  its stages, model, filters and partition size (`ReprocessStore`), so the same run started again
  after a kill resumes at its first partition not written back.
- **Map (the workers)**: each partition is read from the store by the worker that got it (a store
  other processes cannot open, `memory://`, sends its records along instead), its articles go
  through the pipeline's per-article stages in batches, and only the articles whose record changed
  travel back, with what changed in them (quotes, entities, persons, other) and the articles that
  failed (a bad article fails alone). The model is loaded once per worker process: the pickled
  pipeline carries the model's folder, and `load_tagger`'s per-process cache keeps the weights.
- **Sequential pass (here)**: partitions are written back in id order through
  `Store.replace_enrichments`, which relinks the article's people, roles and quotes (a quote's
  speaker may be resolved by who held a role that day, as earlier articles tell: hence the order,
  the same as one process's), and each partition is recorded done. At the end the stories of the
  articles whose publisher or date changed are linked again (`relink_stories`).

A partition killed midway is done again on resume: articles written already are found unchanged,
so the end state is that of an uninterrupted run (the summary counts them as unchanged).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, cast

from rasad.cluster import WorkerStats, ordered_results, this_worker
from rasad.errors import ModelError
from rasad.models import Article
from rasad.pipeline import BATCH_ARTICLES, Pipeline
from rasad.store import open_store
from rasad.store.base import Store
from rasad.store.values import RunPartition, SearchFilters

if TYPE_CHECKING:
    from distributed import Client

PARTITION_ARTICLES = 200
"""Articles per partition: what one worker holds at once (their records and enrichments), and the
unit of progress recorded in the store."""

PARTS = ("quotes", "entities", "persons")
"""The parts of a record the summary counts changes of; any other field counts as `other`."""

STORY_FIELDS = ("agency", "published_at")
"""Fields of a record that story linking reads besides its text (kept by reprocessing)."""


@dataclass(frozen=True, slots=True)
class PartitionTask:
    """What a worker needs for one partition: ids [first, last] of the store at `store_url`
    matching `filters`, or, for a store only this process can open, the records themselves."""

    first: int
    last: int
    pipeline: Pipeline
    store_url: str
    filters: SearchFilters | None = None
    records: tuple[tuple[int, dict[str, Any]], ...] | None = None


@dataclass(slots=True)
class Changed:
    id: int
    record: dict[str, Any]
    parts: tuple[str, ...]  # of PARTS, and "other"
    relink: bool = False  # its publisher or date changed: its story is linked again


@dataclass(slots=True)
class PartitionResult:
    first: int
    last: int
    read: int
    changed: list[Changed]
    failed: list[tuple[int, str]]  # (article id, why)
    worker: str
    peak_rss: int
    model_loads: int


def what_changed(old: dict[str, Any], new: dict[str, Any]) -> tuple[str, ...]:
    """The parts of a record that differ (`quotes`, `entities`, `persons`, then `other`)."""
    parts = [p for p in PARTS if old.get(p) != new.get(p)]
    if any(old.get(k) != v for k, v in new.items() if k not in PARTS):
        parts.append("other")
    return tuple(parts)


def enrich_records(pipeline: Pipeline, stored: Sequence[tuple[int, dict[str, Any]]],
                   batch: int = BATCH_ARTICLES) -> tuple[list[Changed], list[tuple[int, str]]]:
    """Stored records through the pipeline in batches: the changed ones, and those that failed.
    A batch that fails is done again article by article, so only the bad article fails; a model
    that cannot be loaded (ModelError) fails the whole partition."""
    changed: list[Changed] = []
    failed: list[tuple[int, str]] = []
    for start in range(0, len(stored), batch):
        chunk = stored[start:start + batch]
        try:
            done: list[Article | None] = list(pipeline.enrich_many(Article.from_record(r) for _, r in chunk))
        except ModelError:
            raise
        except Exception:
            done = []
            for article_id, record in chunk:
                try:
                    done.append(pipeline.enrich(Article.from_record(record)))
                except ModelError:
                    raise
                except Exception as exc:
                    failed.append((article_id, f"{type(exc).__name__}: {exc}"[:300]))
                    done.append(None)
        for (article_id, old), article in zip(chunk, done, strict=True):
            if article is None:
                continue
            new = article.to_record()
            new["url"], new["file"] = old.get("url"), old.get("file")  # the store keeps these
            if new != old:
                relink = any(old.get(f) != new.get(f) for f in STORY_FIELDS)
                changed.append(Changed(article_id, new, what_changed(old, new), relink))
    return changed, failed


def enrich_partition(task: PartitionTask) -> PartitionResult:
    """One partition on a worker: read it (unless given), enrich it, return what changed."""
    if task.records is not None:
        stored = list(task.records)
    else:
        with open_store(task.store_url, write=False) as store:
            stored = [(a.id, a.record) for a in store.iter_articles(task.first, task.last, task.filters)]
    changed, failed = enrich_records(task.pipeline, stored)
    worker, peak, loads = this_worker()
    return PartitionResult(task.first, task.last, len(stored), changed, failed, worker, peak, loads)


@dataclass(slots=True)
class ReprocessProgress:
    partitions_done: int
    partitions_total: int
    articles_done: int
    articles_total: int


@dataclass(slots=True)
class ReprocessReport:
    """What a run did. `counts`: read, changed (records that differ), written (rewritten in the
    store), failed, and per part (quotes, entities, persons, other) how many articles it changed in."""

    run_id: int
    key: str
    partitions: int
    resumed: int = 0  # partitions found done, from a run that was stopped
    counts: Counter[str] = field(default_factory=Counter)
    failed: list[tuple[int, str]] = field(default_factory=list)  # this session's, (article id, why)
    workers: dict[str, WorkerStats] = field(default_factory=dict)
    stories: int = 0  # stories saved again by the linking pass


def run_key(pipeline: Pipeline, filters: SearchFilters | None, size: int) -> str:
    """What names a run: its stages (with the model's folder), filters and partition size."""
    described = f"{pipeline.stages!r}|{filters!r}|{size}"
    return f"{','.join(pipeline.names)}:{hashlib.sha1(described.encode()).hexdigest()[:16]}"


def reprocess(store: Store, pipeline: Pipeline, *, client: Client | None = None, filters: SearchFilters | None = None,
              size: int = PARTITION_ARTICLES, on_progress: Callable[[ReprocessProgress], None] | None = None,
              on_failed: Callable[[int, str], None] | None = None, window: int | None = None,
              match_watches: bool = True) -> ReprocessReport:
    """Reprocess the stored articles matching `filters` with `pipeline`'s stages, on the Dask
    cluster behind `client` (None: in this process, one partition after the other), writing back
    through `store`. Resumes the unfinished run of the same stages, filters and size. An article
    whose enrichments changed is matched against the watches again, as on ingest (a person now
    found quoted alerts; an alert is recorded once per watch and article whatever reruns)."""
    from rasad.alerts.match import Matcher

    matcher = Matcher(store) if match_watches else None
    plan = store.id_ranges(size, filters)
    key = run_key(pipeline, filters, size)
    run = store.open_run(key, plan)
    report = ReprocessReport(run.id, key, len(run.partitions))
    todo = [p for p in run.partitions if not p.done]
    relink: list[int] = []
    for part in run.partitions:
        if part.done:
            report.resumed += 1
            report.counts.update(part.counts)
            relink += part.relink
    total = sum(p.articles for p in run.partitions)
    done_articles = sum(p.articles for p in run.partitions if p.done)
    if on_progress:
        on_progress(ReprocessProgress(report.resumed, len(run.partitions), done_articles, total))
    shared = not store.url.startswith("memory://")  # other processes can open the store by its URL

    def task(part: RunPartition) -> PartitionTask:
        if shared:
            return PartitionTask(part.first, part.last, pipeline, store.url, filters)
        records = tuple((a.id, a.record) for a in store.iter_articles(part.first, part.last, filters))
        return PartitionTask(part.first, part.last, pipeline, store.url, filters, records)

    results = ordered_results(client, enrich_partition, (task(p) for p in todo), window)
    for number, (part, result) in enumerate(zip(todo, results, strict=True), report.resumed + 1):
        counts: Counter[str] = Counter(read=result.read, changed=len(result.changed), failed=len(result.failed))
        moved = []
        for item in result.changed:
            article = Article.from_record(item.record)
            if store.replace_enrichments(item.id, article):
                if matcher is not None:
                    counts["alerts"] += matcher.record(matcher.matches(item.id, article))
                counts["written"] += 1
                counts.update(item.parts)
                if item.relink:
                    moved.append(item.id)
        for article_id, why in result.failed:
            report.failed.append((article_id, why))
            if on_failed:
                on_failed(article_id, why)
        store.partition_done(run.id, RunPartition(part.first, part.last, part.articles, True, dict(counts), moved))
        relink += moved
        report.counts.update(counts)
        report.workers.setdefault(result.worker, WorkerStats(result.worker)).add(result.peak_rss, result.model_loads)
        done_articles += part.articles
        if on_progress:
            on_progress(ReprocessProgress(number, len(run.partitions), done_articles, total))
    report.stories = relink_stories(store, relink)
    store.finish_run(run.id)
    return report


def relink_stories(store: Store, ids: Iterable[int], days: int = 7) -> int:
    """Link again the stories of articles whose publisher or date changed: a story linker rebuilt
    from the stored signatures of the articles published from `days` before the earliest of them,
    and every story they were in or are now in saved anew. Returns how many stories were saved."""
    from rasad.link.stories import StoryLinker

    ids = sorted(set(ids))
    if not ids:
        return 0
    published = [store.get(i).record.get("published") for i in ids]
    dated = [date.fromisoformat(p) for p in published if p]
    since = min(dated) - timedelta(days=days) if dated and len(dated) == len(published) else None
    linker = StoryLinker()
    signed: set[int] = set()
    for article in store.signed_articles(since):
        linker.add(article.id, Article.from_record(article.record), signatures=(article.duplicate, article.topic))
        signed.add(article.id)
    touched = set(ids)
    for article_id in ids:  # the stories they were in lose them
        was = store.story_of(article_id)
        if was is not None:
            touched.update(a.id for a in store.story(was).articles)
    saved: set[int] = set()
    for article_id in sorted(touched & signed):
        story = linker.story(article_id)
        first = cast(int, story.first)  # the linker's keys are the store's article ids
        if first in saved:
            continue
        how = {c.key: c.how for c in story.citations}
        store.save_story(first, [(cast(int, k), how.get(k)) for k in story.keys])
        saved.add(first)
    return len(saved)


__all__ = [
    "PARTITION_ARTICLES", "PARTS", "Changed", "PartitionResult", "PartitionTask", "ReprocessProgress",
    "ReprocessReport", "enrich_partition", "enrich_records", "relink_stories", "reprocess", "run_key",
    "what_changed",
]
