"""The article, person and story views: each computes the one dict its page and its JSON twin
render. An article's text comes back in blocks of marked parts (people, organizations, places,
quotes), from the offsets the extractors stored."""

from __future__ import annotations

from datetime import datetime
from itertools import pairwise
from typing import Any

from rasad.models import Article
from rasad.store.base import Store
from rasad.text.normalize import fold
from rasad.web.format import word_diff
from rasad.web.params import parse_day
from rasad.web.views import agency_name, day_record

__all__ = ["article_view", "person_view", "story_view"]

MARKED = ("PER", "ORG", "LOC")


class People:
    """Names of one article resolved to stored people, each name asked once per request. Storing
    the article made a person of each name in its `persons`, so those resolve by their key; any
    other name (a PER entity, a surname) resolves to the one person of the article whose name holds
    all its words. The store is never asked about a name the article does not give in full: its
    fallback for such a name scans every stored person (seconds at 100k articles)."""

    def __init__(self, store: Store, names: list[str]) -> None:
        self.store = store
        self.full = {fold(n): n for n in names if n}
        self.known: dict[str, int | None] = {}
        self.stored: dict[str, int | None] = {}

    def id_of(self, name: str | None) -> int | None:
        if not name:
            return None
        if name not in self.known:
            key = fold(name)
            full = self.full.get(key)
            if full is None:
                words = key.split()
                holders = [n for k, n in self.full.items() if words and all(w in k.split() for w in words)]
                full = holders[0] if len(holders) == 1 else None
            self.known[name] = self._stored(full) if full else None
        return self.known[name]

    def _stored(self, name: str) -> int | None:
        if name not in self.stored:
            candidates = self.store.find_people(name)
            exact = [c for c in candidates if fold(c.name) == fold(name)]
            chosen = exact[0] if exact else candidates[0] if len(candidates) == 1 else None
            self.stored[name] = chosen.id if chosen else None
        return self.stored[name]


def _blocks(article: Article) -> list[tuple[str, int, str]]:
    """(kind, start, text) of each block of `Article.text`, the text the offsets count in."""
    kinds = [("title", article.title), ("kicker", article.kicker), ("lead", article.lead),
             *(("paragraph", p) for p in article.paragraphs)]
    out, at = [], 0
    for kind, text in kinds:
        if text:
            out.append((kind, at, text))
            at += len(text) + 2  # blocks are joined by a blank line
    return out


def _spans(record: dict[str, Any]) -> tuple[list[tuple[int, int, int]], list[tuple[int, int, str, str]]]:
    """Quotes as (start, end, index) and entities as (start, end, type, text), without overlaps
    among each kind (the longer entity wins); an entity crossing a quote's edge is left out."""
    quotes: list[tuple[int, int, int]] = []
    for i, q in enumerate(record.get("quotes") or []):
        s, e = q.get("start"), q.get("end")
        if isinstance(s, int) and isinstance(e, int) and s < e and all(e <= a or b <= s for a, b, _ in quotes):
            quotes.append((s, e, i))
    entities: list[tuple[int, int, str, str]] = []
    for ent in sorted(record.get("entities") or [], key=lambda x: (x["start"] - x["end"], x["start"])):
        s, e = ent["start"], ent["end"]
        if ent["type"] not in MARKED or any(s < b and a < e for a, b, _, _ in entities):
            continue
        if any(s < a < e or s < b < e for a, b, _ in quotes):
            continue
        entities.append((s, e, ent["type"], ent["text"]))
    return sorted(quotes), sorted(entities)


def marked_blocks(record: dict[str, Any], people: People) -> list[dict[str, Any]]:
    """The article's blocks, each a list of parts: {"quote": index or None, "runs": [{"text",
    "type" (PER, ORG, LOC or None), "person_id"}]}; a quote's parts say whether they open and close it."""
    article = Article.from_record(record)
    quotes, entities = _spans(record)
    blocks: list[dict[str, Any]] = []
    for kind, start, text in _blocks(article):
        end = start + len(text)
        cuts = {start, end}
        for s, e, _ in quotes:
            cuts |= {min(max(s, start), end), min(max(e, start), end)}
        for s, e, _, _ in entities:
            cuts |= {min(max(s, start), end), min(max(e, start), end)}
        edges = sorted(cuts)
        parts: list[dict[str, Any]] = []
        for a, b in pairwise(edges):
            quote = next((i for s, e, i in quotes if s <= a and b <= e), None)
            ent = next(((t, name) for s, e, t, name in entities if s <= a and b <= e), None)
            run = {"text": text[a - start:b - start], "type": ent[0] if ent else None,
                   "person_id": people.id_of(ent[1]) if ent and ent[0] == "PER" else None}
            if not parts or parts[-1]["quote"] != quote:
                parts.append({"quote": quote, "runs": [run]})
            elif run["type"] is None and parts[-1]["runs"][-1]["type"] is None:
                parts[-1]["runs"][-1]["text"] += run["text"]
            else:
                parts[-1]["runs"].append(run)
        blocks.append({"kind": kind, "parts": parts})
    # a quote may run over blocks: its anchor goes on its first part, its speaker after its last
    seen: dict[int, dict[str, Any]] = {}
    for block in blocks:
        for part in block["parts"]:
            if part["quote"] is not None:
                part["opens"] = part["quote"] not in seen
                part["closes"] = False
                seen[part["quote"]] = part
    for part in seen.values():
        part["closes"] = True
    return blocks


def article_view(store: Store, article_id: int) -> dict[str, Any]:
    """One article: its text with people, organizations, places and quotes marked, its metadata and story."""
    stored = store.get(article_id)
    record = stored.record
    people = People(store, [p.get("name") or "" for p in record.get("persons") or []])
    # the store resolved each quote's speaker when it was stored (role phrases to their holder on the day)
    resolved: dict[str, int | None] = {}
    for row in store.quotes(article_id=article_id, limit=10_000):
        resolved.setdefault(row.text, row.person_id)
    quotes = [{"index": i, "speaker": q.get("speaker"),
               "person_id": resolved.get(q.get("text") or "") or people.id_of(q.get("speaker")),
               "mention": q.get("mention"), "verb": q.get("verb"), "kind": q.get("kind"), "text": q.get("text")}
              for i, q in enumerate(record.get("quotes") or [])]
    story_id = store.story_of(article_id)
    story = None
    if story_id is not None:
        found = store.story(story_id)
        story = {"id": found.id, "articles": len(found.articles), "first_agency": found.first.agency,
                 "first": found.first.id == article_id}
    agency = record.get("agency") or {}
    return {
        "id": stored.id, "title": record.get("title"), "kicker": record.get("kicker"),
        "agency": agency.get("id"), "agency_name": agency.get("name"),
        "published": record.get("published"), "published_at": record.get("published_at"),
        "published_jalali": record.get("published_jalali"), "ingested_at": stored.ingested_at,
        "dateline": record.get("dateline"), "news_id": record.get("news_id"),
        "event_date_jalali": record.get("event_date_jalali"),
        "cited_sources": record.get("cited_sources") or [], "url": record.get("url"), "file": record.get("file"),
        "keywords": record.get("keywords") or [],
        "people": [{"name": p["name"], "roles": p.get("roles") or [], "person_id": people.id_of(p["name"])}
                   for p in record.get("persons") or []],
        "organizations": record.get("organizations") or [], "places": record.get("locations") or [],
        "quotes": quotes, "story": story, "blocks": marked_blocks(record, people),
    }


def person_view(store: Store, person_id: int, q: str = "", since: str | None = None, until: str | None = None,
                limit: int = 50) -> dict[str, Any]:
    """A person: names, roles over time, and their quotes filtered by words and days."""
    profile = store.person_by_id(person_id, quotes=0)
    rows = store.quotes(person_id=person_id, query=q.strip() or None, since=parse_day(since, "since"),
                        until=parse_day(until, "until"), limit=limit)
    roles = [{"role": r.role, "articles": r.articles, "first_seen": r.first_seen, "last_seen": r.last_seen,
              "first_seen_jalali": day_record(r.first_seen)["jalali"],
              "last_seen_jalali": day_record(r.last_seen)["jalali"]} for r in profile.roles]
    roles.sort(key=lambda r: (r["first_seen"] or "9999", r["role"]))
    return {
        "id": profile.id, "name": profile.name, "aliases": profile.aliases, "articles": profile.articles,
        "roles": roles,
        "filters": {"q": q, "since": since or "", "until": until or "", "limit": limit},
        "quotes": [{**row.to_record(), "jalali": day_record(row.day)["jalali"]} for row in rows],
    }


def _moment(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def story_view(store: Store, story_id: int) -> dict[str, Any]:
    """A story: its first publisher, then every copy in time order with its delay after the first
    and its words against the first publisher's (inserted and deleted)."""
    story = store.story(story_id)
    first_record = store.get(story.first.id).record
    first_text = Article.from_record(first_record).text
    start = _moment(story.first.published_at)
    articles = []
    for member in story.articles:
        record = first_record if member.id == story.first.id else store.get(member.id).record
        moment = _moment(member.published_at)
        delay = (moment - start).total_seconds() if moment and start and moment.tzinfo and start.tzinfo else None
        diff = None if member.id == story.first.id else word_diff(first_text, Article.from_record(record).text)
        articles.append({
            **member.to_record(), "agency_name": agency_name(member.agency),
            "published_jalali": record.get("published_jalali"), "first": member.id == story.first.id,
            "delay_seconds": delay, "diff": diff,
            "inserted": sum(len(r["text"].split()) for r in diff or [] if r["op"] == "insert"),
            "deleted": sum(len(r["text"].split()) for r in diff or [] if r["op"] == "delete"),
        })
    return {"id": story.id, "title": story.first.title, "first": {**story.first.to_record(),
            "agency_name": agency_name(story.first.agency)}, "articles": articles}
