"""Stories: articles about one event across agencies, each with its first publisher and the
articles that cite or copy it.

Two articles join one story when their texts are near-duplicates and the story stays within a
week (template texts such as recipes or price lists recur for months), or when the
opening words of their texts share enough content words, their titles share at least two, and the
story stays within a time window (so daily columns with a fixed introduction, or daily figures
under one headline pattern, do not chain into one endless story). The
first publisher is the earliest published article; an article cites it when its text says
`به گزارش <agency>` (or `به نقل از`) naming that agency, or when it is a near-duplicate of it.

Neither kind of match joins two reports of one template that are not one event (`_differ`): their
titles and leads give different numbers (the daily COVID figures, the day's currency prices), or
the title of one names a country or city the other's title and lead never name (Iran's figures
and Kuwait's), or, published on different days, their texts share the template while their titles
do not (a daily column: the openings share most content words, the titles few) and no shared
figures say they are one report. Copies
(near-duplicate similarity of at least `copy_similarity`) are exempt from the last two checks,
not from the numbers.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from importlib import resources

from rasad.link.dedup import (
    DedupIndex,
    DedupSettings,
    normalize_for_dedup,
    signature_from_bytes,
    signature_to_bytes,
    similarity,
)
from rasad.models import Agency, Article

__all__ = ["Citation", "Story", "StoryLinker", "StorySettings", "cites_agency", "group_stories"]

# Matched against normalized text (single spaces, no punctuation).
_CUE = r"(?<!\w)(?:به گزارش|به نقل از|به نوشته) (?:(?:خبرگزاری|پایگاه خبری|روزنامه|سایت|شبکه) )?"


@dataclass(frozen=True, slots=True)
class StorySettings:
    window: timedelta = timedelta(hours=48)  # longest span of a story grown by loose matches
    duplicate_window: timedelta = timedelta(days=7)  # longest span of a story grown by near-duplicates
    duplicate: DedupSettings = field(default_factory=DedupSettings)
    loose_threshold: float = 0.3  # content-word Jaccard of title + lead for "same event"
    loose_words: int = 80  # words of title + body used for the loose comparison
    min_title_words: int = 2  # content words the two titles must share for a loose match
    lead_words: int = 60  # words of the body that, with the title, give the numbers and places compared
    min_numbers: int = 2  # numbers each title + lead must give before differing numbers split them
    number_overlap: float = 0.7  # share of the shorter number list the other must give too
    copy_similarity: float = 0.8  # near-duplicate similarity from which a text is a copy, whatever its title
    template_topic: float = 0.45  # topic similarity from which two texts share a template
    template_title: float = 0.5  # title-word Jaccard below which two template texts are other instances


@dataclass(slots=True)
class Citation:
    key: Hashable
    how: str  # "cites" (names the first publisher), "near-duplicate", or "cites+near-duplicate"


@dataclass(slots=True)
class Story:
    id: str
    keys: list[Hashable]  # by published time, earliest first
    first: Hashable  # the first publisher's article
    first_agency: Agency | None
    first_published: datetime | None
    citations: list[Citation] = field(default_factory=list)


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    text = resources.files("rasad").joinpath("data", "story_stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def _places() -> dict[str, int]:
    """Place names (normalized) -> their length in words: the countries of story_places.txt, the
    world cities of places_world.txt, Iran's provinces and province capitals of places_iran.tsv."""
    data = resources.files("rasad").joinpath("data")
    names = [w for w in data.joinpath("story_places.txt").read_text(encoding="utf-8").splitlines()
             if w.strip() and not w.startswith("#")]
    names += [w for w in data.joinpath("places_world.txt").read_text(encoding="utf-8").splitlines()
              if w.strip() and not w.startswith("#")]
    for line in data.joinpath("places_iran.tsv").read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if len(fields) > 1 and not line.startswith("#") and fields[1] in ("province", "capital"):
            names.append(fields[0])
    places = {}
    for name in names:
        folded = normalize_for_dedup(name)
        if folded:
            places[folded] = len(folded.split())
    return places


# The home country: Persian news writes Iran as "the country" (در کشور), so a title naming Iran
# says nothing against a report that does not name it.
_HOME = frozenset({"ایران"})


def _find_places(words: list[str]) -> set[str]:
    places = _places()
    found = set()
    for i in range(len(words)):
        for n in (3, 2, 1):
            name = " ".join(words[i:i + n])
            if places.get(name) == n:
                found.add(name)
                break
    return found


@dataclass(frozen=True, slots=True)
class _Facts:
    """What two reports of one template differ in: read once per article from its title and lead."""

    numbers: frozenset[str]  # numbers of the title and lead
    title: frozenset[str]  # content words of the title
    title_places: frozenset[str]  # places the title names (not the home country)
    opening: frozenset[str]  # words of the title and lead, places of several words joined too
    day: object  # the publication day (Tehran, as stored), None when undated


@lru_cache(maxsize=4096)
def _citation_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(normalize_for_dedup(n)) for n in sorted(names, key=len, reverse=True))
    return re.compile(_CUE + r"(?:" + alternatives + r")(?!\w)")


def cites_agency(text: str, agency: Agency, aliases: Iterable[str] = ()) -> bool:
    """True when `text` attributes itself to `agency` ("به گزارش ایسنا", "به نقل از خبرگزاری مهر")."""
    names = tuple(n for n in {agency.name, agency.id, *aliases} if n and n.strip())
    return bool(_citation_pattern(names).search(normalize_for_dedup(text)))


def _gazetteer_names() -> dict[str, tuple[str, ...]]:
    from rasad.extract.agencies import gazetteer

    return {entry.agency.id: entry.names for entry in gazetteer().entries}


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[Hashable, Hashable] = {}

    def add(self, key: Hashable) -> None:
        self.parent.setdefault(key, key)

    def find(self, key: Hashable) -> Hashable:
        root = key
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[key] != root:  # path compression
            self.parent[key], key = root, self.parent[key]
        return root

    def union(self, a: Hashable, b: Hashable) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


class StoryLinker:
    """Incremental story grouping: `add` each article as it arrives, `stories()` when needed."""

    def __init__(self, settings: StorySettings | None = None,
                 aliases: Mapping[str, Iterable[str]] | None = None) -> None:
        self.settings = settings or StorySettings()
        # agency id -> names text uses for it: the gazetteer's (rasad/data/agencies.tsv) plus `aliases`
        self.aliases = _gazetteer_names()
        for ident, names in (aliases or {}).items():
            self.aliases[ident] = (*self.aliases.get(ident, ()), *names)
        self._duplicates = DedupIndex(self.settings.duplicate)
        dup = self.settings.duplicate
        loose = DedupSettings(threshold=self.settings.loose_threshold, num_perm=dup.num_perm,
                              shingle_size=1, seed=dup.seed)
        self._topics = DedupIndex(loose)
        self._articles: dict[Hashable, Article] = {}
        self._order: dict[Hashable, int] = {}
        self._groups = _UnionFind()
        self._span: dict[Hashable, tuple[datetime, datetime]] = {}  # story root -> first, last published
        self._facts: dict[Hashable, _Facts] = {}

    def add(self, key: Hashable, article: Article, signatures: tuple[bytes, bytes] | None = None
            ) -> list[Hashable]:
        """Index an article; returns the keys it was linked to directly. `signatures` (as given by
        `signatures()` and kept by the store) skips re-signing when a linker is rebuilt."""
        if signatures is None:
            duplicate = self._duplicates.sign(article.text)
            topic = self._topics.sign(self._topic_text(article))
        else:
            duplicate, topic = (signature_from_bytes(data) for data in signatures)
        copies = dict(self._duplicates.query(signature=duplicate))
        related = [k for k, _ in self._topics.query(signature=topic) if k not in copies]
        self._duplicates.add(key, signature=duplicate)
        self._topics.add(key, signature=topic)
        self._articles[key] = article
        self._order[key] = len(self._order)
        self._facts[key] = facts = self._read_facts(article)
        self._groups.add(key)
        if article.published is not None:
            self._span[key] = (article.published, article.published)
        linked = []
        for other, score in copies.items():
            if self._fits_window(other, key, self.settings.duplicate_window, undated_ok=True) and not (
                    self._differ(facts, self._facts[other], score,
                                 similarity(topic, self._topics.signature(other)))):
                self._join(other, key)
                linked.append(other)
        for other in related:
            if self._same_event(article, self._articles[other]) and self._fits_window(
                    other, key, self.settings.window) and not self._differ(
                    facts, self._facts[other], similarity(duplicate, self._duplicates.signature(other)),
                    similarity(topic, self._topics.signature(other))):
                self._join(other, key)
                linked.append(other)
        return linked

    def signatures(self, key: Hashable) -> tuple[bytes, bytes]:
        """(near-duplicate, topic) signatures of an article, as bytes for the store."""
        return (signature_to_bytes(self._duplicates.signature(key)),
                signature_to_bytes(self._topics.signature(key)))

    def story(self, key: Hashable) -> Story:
        """The story an indexed article belongs to now."""
        root = self._groups.find(key)
        return self._story([k for k in self._order if self._groups.find(k) == root])

    def stories(self, min_size: int = 1) -> list[Story]:
        """All stories of at least `min_size` articles, earliest first publisher first."""
        members: dict[Hashable, list[Hashable]] = {}
        for key in self._order:
            members.setdefault(self._groups.find(key), []).append(key)
        stories = [self._story(keys) for keys in members.values() if len(keys) >= min_size]
        return sorted(stories, key=lambda s: self._sort_key(s.first))

    def _sort_key(self, key: Hashable) -> tuple[int, float, int]:
        published = self._articles[key].published
        return (published is None, published.timestamp() if published else 0.0, self._order[key])

    def _story(self, keys: list[Hashable]) -> Story:
        keys = sorted(keys, key=self._sort_key)
        first = keys[0]
        article = self._articles[first]
        story = Story(id=f"story:{first}", keys=keys, first=first, first_agency=article.agency,
                      first_published=article.published)
        first_signature = self._duplicates.signature(first)
        for key in keys[1:]:
            other = self._articles[key]
            cites = article.agency is not None and other.agency != article.agency and cites_agency(
                other.text, article.agency, self.aliases.get(article.agency.id, ()))
            copy = similarity(first_signature, self._duplicates.signature(key)) >= (
                self.settings.duplicate.threshold)
            how = "+".join(label for label, flag in (("cites", cites), ("near-duplicate", copy)) if flag)
            if how:
                story.citations.append(Citation(key, how))
        return story

    def _topic_text(self, article: Article) -> str:
        stop = _stopwords()
        words = normalize_for_dedup(article.text).split()[: self.settings.loose_words]
        return " ".join(w for w in words if w not in stop and len(w) > 1 and not w.isdigit())

    def _title_words(self, article: Article) -> set[str]:
        stop = _stopwords()
        return {w for w in normalize_for_dedup(article.title).split()
                if w not in stop and len(w) > 1 and not w.isdigit()}

    def _read_facts(self, article: Article) -> _Facts:
        stop = _stopwords()
        title = normalize_for_dedup(article.title).split()
        opening = title + normalize_for_dedup(article.body).split()[: self.settings.lead_words]
        words = set(opening)
        words.update(p for p in _find_places(opening) if " " in p)
        day = article.published.date() if article.published is not None else None
        return _Facts(numbers=frozenset(w for w in opening if w.isdigit()),
                      title=frozenset(w for w in title if w not in stop and len(w) > 1 and not w.isdigit()),
                      title_places=frozenset(_find_places(title) - _HOME),
                      opening=frozenset(words), day=day)

    def _differ(self, a: _Facts, b: _Facts, duplicate: float, topic: float) -> bool:
        """Are two matching texts other instances of one template, or reports of other events?
        `duplicate` and `topic` are their signatures' similarities."""
        s = self.settings
        counted = len(a.numbers) >= s.min_numbers and len(b.numbers) >= s.min_numbers
        if counted and len(a.numbers & b.numbers) < s.number_overlap * min(len(a.numbers), len(b.numbers)):
            return True  # other figures, prices or dates under one template
        if duplicate >= s.copy_similarity:
            return False  # a copy, retitled or not
        if any(p not in b.opening for p in a.title_places) or any(p not in a.opening for p in b.title_places):
            return True  # the same report about another country or city
        if counted:
            return False  # the same figures: one event, retitled or written up again
        if a.day is not None and b.day is not None and a.day != b.day:
            shared = len(a.title & b.title) / max(1, len(a.title | b.title))
            if topic >= s.template_topic and shared < s.template_title:
                return True  # one template, another day, another subject: a daily column or series
        return False

    def _same_event(self, a: Article, b: Article) -> bool:
        if a.published is None or b.published is None:
            return False
        shared = self._title_words(a) & self._title_words(b)
        return len(shared) >= self.settings.min_title_words

    def _fits_window(self, a: Hashable, b: Hashable, window: timedelta, undated_ok: bool = False) -> bool:
        """Would the story of `a` joined with the story of `b` span no more than `window`?
        An undated side fits only when `undated_ok` (a verbatim copy needs no date to be linked)."""
        spans = [self._span.get(self._groups.find(k)) for k in (a, b)]
        dated = [span for span in spans if span is not None]
        if len(dated) < 2:
            return undated_ok
        return max(s[1] for s in dated) - min(s[0] for s in dated) <= window

    def _join(self, a: Hashable, b: Hashable) -> None:
        spans = [span for k in (a, b) if (span := self._span.get(self._groups.find(k)))]
        self._groups.union(a, b)
        if spans:
            root = self._groups.find(a)
            self._span[root] = (min(s[0] for s in spans), max(s[1] for s in spans))


def group_stories(articles: Mapping[Hashable, Article] | Iterable[tuple[Hashable, Article]],
                  settings: StorySettings | None = None,
                  aliases: Mapping[str, Iterable[str]] | None = None, min_size: int = 1) -> list[Story]:
    """Group articles into stories in one call (see StoryLinker for the incremental form)."""
    linker = StoryLinker(settings, aliases)
    items = articles.items() if isinstance(articles, Mapping) else articles
    for key, article in items:
        linker.add(key, article)
    return linker.stories(min_size)
