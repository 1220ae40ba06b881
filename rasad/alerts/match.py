"""Matching stored articles against every watch, as an ingest hook (rasad.ingest.Ingestor).

A watch's query is parsed as search parses it (rasad.store.search.parse_query: words, phrases,
OR, -exclusions, every spelling of a word alike), and an article's title and body are read as
search indexes them (`index_fields`), so a watch for `می شود` matches `می‌شود`, `میشود` and Arabic
ي/ك alike. Matching stays cheap with many watches: each watch is filed under a few keys, the
longest word of each alternative of one of its query's clauses, its person's folded name, its
organization or place, or its agency; an article looks up only the keys it holds, and only those
candidates are checked in full. Watches are reloaded when the store's watch generation changes
(another process added one).

An alert is recorded once per (watch, article) by the store, whatever re-ingests it.
"""

from __future__ import annotations

import contextlib
import functools
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from rasad.alerts.schedule import first_tries
from rasad.errors import NotFound
from rasad.link.people import person_key as _person_key
from rasad.models import Article
from rasad.store.base import Store
from rasad.store.search import Query, Term, index_fields, occurrences, parse_query, words_of
from rasad.store.values import QuoteRow
from rasad.store.watch_values import NewAlert, Watch


class StoredArticleLike(Protocol):
    """What the hook is given: rasad.ingest.Stored (not imported: ingest imports this module)."""

    @property
    def id(self) -> int: ...
    @property
    def status(self) -> str: ...
    @property
    def article(self) -> Article: ...
    @property
    def story(self) -> int | None: ...

person_key = functools.lru_cache(maxsize=65536)(_person_key)  # names recur from article to article
PEOPLE_REFRESH = 60.0  # seconds between two resolutions of watched names to the people they stand for


@dataclass(slots=True)
class Compiled:
    """A watch made ready to match: its folded terms and keys."""

    watch: Watch
    query: Query = field(default_factory=Query)
    person_keys: set[str] = field(default_factory=set)  # the name as written, and the person's names once known
    person_ids: set[int] = field(default_factory=set)
    org: str | None = None  # entity keys
    place: str | None = None


@dataclass(slots=True)
class Match:
    watch: Watch
    article_id: int
    reason: str
    quote: str | None = None


class ArticleView:
    """What the watches look at in one article, each part computed once and only when a candidate needs it."""

    def __init__(self, store: Store, stored_id: int, article: Article) -> None:
        self.store = store
        self.stored_id = stored_id
        self.article = article
        self._words: tuple[list[str], list[str]] | None = None
        self._word_set: set[str] | None = None
        self._quotes: list[QuoteRow] | None = None
        self._entities: dict[str, set[str]] = {}
        self._people: set[str] | None = None

    @property
    def words(self) -> tuple[list[str], list[str]]:
        """The folded words of the title and of the body, as search indexes them."""
        if self._words is None:
            title, body = index_fields(self.article)
            self._words = (words_of(title), words_of(body))
        return self._words

    @property
    def word_set(self) -> set[str]:
        if self._word_set is None:
            self._word_set = set(self.words[0]) | set(self.words[1])
        return self._word_set

    def has(self, term: Term) -> bool:
        """Whether a term occurs: a word anywhere, a phrase as consecutive words of the title or the body."""
        if len(term) == 1:
            return term[0] in self.word_set
        return bool(occurrences(term, self.words[0]) or occurrences(term, self.words[1]))

    @property
    def quotes(self) -> list[QuoteRow]:
        """The article's stored quotes: speakers given by role phrase come resolved to their person."""
        if self._quotes is None:
            self._quotes = self.store.quotes(article_id=self.stored_id, limit=1000)
        return self._quotes

    def entity_keys(self, kind: str) -> set[str]:
        if kind not in self._entities:
            self._entities[kind] = {person_key(e.text) for e in self.article.entities if e.type == kind}
        return self._entities[kind]

    def person_keys(self) -> set[str]:
        if self._people is None:
            keys = set(self.entity_keys("PER"))
            for person in self.article.persons:
                keys.add(person_key(person.name))
                keys.update(person_key(m) for m in person.mentions)
            keys.update(person_key(q.speaker) for q in self.quotes if q.speaker)
            self._people = keys
        return self._people


def _longest(alternative: tuple[Term, ...]) -> str:
    return max((w for term in alternative for w in term), key=len)


def compile_watch(watch: Watch, store: Store) -> Compiled:
    spec = watch.spec
    compiled = Compiled(watch, query=parse_query(spec.query or ""))
    if spec.person:
        compiled.person_keys.add(person_key(spec.person))
        found = store.find_people(spec.person)
        for candidate in found if len(found) == 1 else ():  # a name that now stands for several: as written
            compiled.person_ids.add(candidate.id)
            compiled.person_keys.add(person_key(candidate.name))
            with contextlib.suppress(NotFound):
                compiled.person_keys.update(person_key(a) for a in store.person_by_id(candidate.id, 0).aliases)
    compiled.org = person_key(spec.org) if spec.org else None
    compiled.place = person_key(spec.place) if spec.place else None
    return compiled


class WatchIndex:
    """Watches filed under one key each: the candidates for an article are found by its keys."""

    def __init__(self, compiled: Iterable[Compiled]) -> None:
        self.by_word: dict[str, list[Compiled]] = defaultdict(list)
        self.by_person: dict[str, list[Compiled]] = defaultdict(list)
        self.by_entity: dict[tuple[str, str], list[Compiled]] = defaultdict(list)
        self.by_agency: dict[str, list[Compiled]] = defaultdict(list)
        self.stories: list[Compiled] = []  # checked only for an article whose story grew
        self.anywhere: list[Compiled] = []  # nothing to file them under: checked on every article
        self.size = 0
        for c in compiled:
            self.size += 1
            spec = c.watch.spec
            if spec.story_agencies:
                self.stories.append(c)
            elif c.query:  # one word of each alternative of the clause with the longest such words
                clause = max(c.query.required, key=lambda alts: min(len(_longest(alt)) for alt in alts))
                for word in {_longest(alternative) for alternative in clause}:
                    self.by_word[word].append(c)
            elif c.person_keys:
                for key in c.person_keys:
                    self.by_person[key].append(c)
            elif c.org:
                self.by_entity[("ORG", c.org)].append(c)
            elif c.place:
                self.by_entity[("LOC", c.place)].append(c)
            elif spec.agency:
                self.by_agency[spec.agency].append(c)
            else:
                self.anywhere.append(c)

    def candidates(self, view: ArticleView) -> list[Compiled]:
        found: dict[int, Compiled] = {}
        if self.by_word:
            words = view.word_set
            if len(words) < len(self.by_word):
                hits = [c for word in words for c in self.by_word.get(word, ())]
            else:
                hits = [c for word, filed in self.by_word.items() if word in words for c in filed]
            for c in hits:
                found[c.watch.id] = c
        if self.by_person:
            for key in view.person_keys():
                for c in self.by_person.get(key, ()):
                    found[c.watch.id] = c
        if self.by_entity:
            for kind in ("ORG", "LOC"):
                for key in view.entity_keys(kind):
                    for c in self.by_entity.get((kind, key), ()):
                        found[c.watch.id] = c
        agency = view.article.agency.id if view.article.agency else None
        for c in [*self.by_agency.get(agency or "", ()), *self.anywhere]:
            found[c.watch.id] = c
        return list(found.values())


def check(c: Compiled, view: ArticleView) -> tuple[str, str | None] | None:
    """Whether the article meets every condition of the watch: (what matched, the quote), or None."""
    spec, article = c.watch.spec, view.article
    reasons: list[str] = []
    quote: str | None = None
    if spec.agency and (article.agency is None or article.agency.id != spec.agency):
        return None
    if c.query or c.query.excluded:
        if not c.query.holds(view.has):
            return None
        reasons.append("«" + spec.query.strip() + "»")
    if c.org:
        if c.org not in view.entity_keys("ORG"):
            return None
        reasons.append(spec.org or "")
    if c.place:
        if c.place not in view.entity_keys("LOC"):
            return None
        reasons.append(spec.place or "")
    if spec.person:
        said = [q for q in view.quotes
                if (q.person_id is not None and q.person_id in c.person_ids)
                or (q.speaker and person_key(q.speaker) in c.person_keys)]
        if said:
            quote = said[0].text
            reasons.append(f"{spec.person} گفت")
        elif spec.quotes_only or not (c.person_keys & view.person_keys()):
            return None
        else:
            reasons.append(f"{spec.person} نام برده شد")
    return " · ".join(reasons) or (spec.agency or "همه"), quote


class Matcher:
    """The alert hook: `matcher(stored)` records an alert for each watch the stored article meets.
    `on_alert` callbacks run after alerts were recorded (a delivery worker wakes up on them)."""

    def __init__(self, store: Store, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.store = store
        self.clock = clock
        self.on_alert: list[Callable[[], None]] = []
        self._generation: int | None = None
        self._resolved_at = 0.0
        self._index = WatchIndex(())
        self._lock = threading.Lock()

    @property
    def watches(self) -> int:
        return self._index.size

    def refresh(self) -> None:
        """Reload the watches when another write changed them (and their people now and then)."""
        generation = self.store.watch_generation()
        if generation != self._generation or (
                self._index.size and time.monotonic() - self._resolved_at > PEOPLE_REFRESH):
            self._index = WatchIndex(compile_watch(w, self.store) for w in self.store.watches())
            self._generation = generation
            self._resolved_at = time.monotonic()

    def matches(self, article_id: int, article: Article, story: int | None = None) -> list[Match]:
        with self._lock:
            self.refresh()
            index = self._index
        if not index.size:
            return []
        view = ArticleView(self.store, article_id, article)
        found = []
        for c in index.candidates(view):
            if c.watch.spec.story_agencies:
                continue
            outcome = check(c, view)
            if outcome:
                found.append(Match(c.watch, article_id, *outcome))
        if story is not None and index.stories:
            found += self._story_matches(index.stories, story)
        return found

    def _story_matches(self, watches: list[Compiled], story_id: int) -> list[Match]:
        """Story watches: the story (its first article meeting the rest of the watch) is now carried by
        at least N agencies. Recorded against the story's first article: once per story."""
        story = self.store.story(story_id)
        agencies = {a.agency for a in story.articles if a.agency}
        due = [c for c in watches if len(agencies) >= (c.watch.spec.story_agencies or 0)]
        if not due:
            return []
        first = ArticleView(self.store, story.first.id, Article.from_record(self.store.get(story.first.id).record))
        found = []
        for c in due:
            outcome = check(c, first)
            if outcome:
                reason = f"{len(agencies)} خبرگزاری" + (" · " + outcome[0] if outcome[0] else "")
                found.append(Match(c.watch, story.first.id, reason, outcome[1]))
        return found

    def record(self, matches: list[Match]) -> int:
        """Record the alerts with their deliveries; how many were new."""
        if not matches:
            return 0
        now = self.clock()
        alerts = [NewAlert(m.watch.id, m.article_id, m.reason, m.quote, first_tries(m.watch.spec, now))
                  for m in matches]
        try:
            new = sum(1 for i in self.store.record_alerts(alerts) if i is not None)  # one transaction
        except NotFound:  # a watch was removed meanwhile: the others one by one
            new = 0
            for alert in alerts:
                with contextlib.suppress(NotFound):
                    new += self.store.record_alert(alert) is not None
        if new:
            for callback in self.on_alert:
                callback()
        return new

    def __call__(self, stored: StoredArticleLike) -> None:
        if stored.status == "unchanged":
            return  # matched when it was stored; the store would refuse a second alert anyway
        self.record(self.matches(stored.id, stored.article, stored.story))


__all__ = ["ArticleView", "Compiled", "Match", "Matcher", "WatchIndex", "check", "compile_watch"]
