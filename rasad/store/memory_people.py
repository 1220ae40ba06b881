"""The people knowledge base and quotes of the in-memory store (rasad.store.memory): the same rules
as rasad.store.sqlite_people, over dictionaries."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from rasad.errors import NotFound
from rasad.link.people import (
    ROLE_SLACK_DAYS,
    RoleSpan,
    holder_on,
    holds_name,
    last_word_key,
    one_word,
    person_key,
    role_key,
    stored_person,
)
from rasad.models import Article
from rasad.store.search import occurrences, parse_query, search_words
from rasad.store.values import PersonCandidate, PersonProfile, QuoteRow, RoleHistory, Stream


@dataclass
class PeopleData:
    people: dict[int, str] = field(default_factory=dict)  # id -> the name it was created with
    person_of_key: dict[str, int] = field(default_factory=dict)  # a folded name or alias -> person
    aliases: dict[int, dict[str, str]] = field(default_factory=dict)  # person -> key -> alias as first written
    # (person, role key) -> [role, first seen, last seen, articles]
    roles: dict[tuple[int, str], list[Any]] = field(default_factory=dict)
    article_people: set[tuple[int, int]] = field(default_factory=set)
    persons: dict[int, list[tuple[str, list[str]]]] = field(default_factory=dict)  # article -> (name, roles)
    quotes: dict[int, dict[str, Any]] = field(default_factory=dict)


class MemoryPeople:
    data: Any  # rasad.store.memory.Data

    def _link_people(self, article_id: int, article: Article, day: str | None) -> None:
        d = self.data
        by_key: dict[str, int] = {}
        counted: set[tuple[int, str]] = set()
        d.persons[article_id] = [(p.name, list(p.roles)) for p in article.persons]
        for person in article.persons:
            key = person_key(person.name)
            # a surname goes to the one full name that bears it before an entry of the surname alone
            single = one_word(person.name)
            person_id = self._bearer(person.name) if single else None
            if person_id is None:
                person_id = d.person_of_key.get(key)
            if person_id is None and not single:
                person_id = self._bearer(person.name)
            if person_id is not None:
                d.person_of_key.setdefault(key, person_id)
            if person_id is None:
                person_id = max(d.people, default=0) + 1
                d.people[person_id], d.person_of_key[key] = person.name, person_id
            d.aliases.setdefault(person_id, {}).setdefault(key, person.name)
            by_key[key] = person_id
            d.article_people.add((article_id, person_id))
            for role in person.roles:
                rkey = role_key(role)
                if (person_id, rkey) in counted:
                    continue
                counted.add((person_id, rkey))
                held = d.roles.get((person_id, rkey))
                if held is None:
                    d.roles[(person_id, rkey)] = [role, day, day, 1]
                else:
                    held[3] += 1
                    held[1] = min(filter(None, [held[1], day]), default=None)
                    held[2] = max(filter(None, [held[2], day]), default=None)
        for quote in article.quotes:
            person_id = by_key.get(person_key(quote.speaker)) if quote.speaker else None
            if person_id is None and quote.speaker and day:
                person_id = self.role_holder(quote.speaker, date.fromisoformat(day))
            quote_id = max(d.quotes, default=0) + 1
            d.quotes[quote_id] = {"article_id": article_id, "speaker": quote.speaker, "mention": quote.mention,
                                  "verb": quote.verb, "kind": quote.kind, "text": quote.text, "start": quote.start,
                                  "person_id": person_id, "day": day,
                                  "words": search_words(quote.text)}

    def _bearer(self, name: str) -> int | None:
        """`روحانی` alone, a partial name or a spelling variant: the one stored person it can only mean."""
        last = last_word_key(name)
        return stored_person(name, [(p, alias) for p, known in self.data.aliases.items()
                                    for k, alias in known.items() if k.endswith(last)])

    def _unlink_people(self, article_id: int) -> None:
        d = self.data
        counted = {(d.person_of_key[person_key(name)], role_key(role))
                   for name, roles in d.persons.pop(article_id, []) if person_key(name) in d.person_of_key
                   for role in roles}
        for key in counted:
            held = d.roles.get(key)
            if held is not None:
                held[3] -= 1
                if held[3] <= 0:
                    del d.roles[key]
        d.article_people -= {pair for pair in d.article_people if pair[0] == article_id}
        for quote_id in [q for q, quote in d.quotes.items() if quote["article_id"] == article_id]:
            del d.quotes[quote_id]

    def role_holder(self, role: str, day: date) -> int | None:
        rkey = role_key(role)
        spans = [RoleSpan(p, date.fromisoformat(r[1]), date.fromisoformat(r[2]))
                 for (p, k), r in self.data.roles.items() if k == rkey and r[1] is not None]
        return holder_on(day, spans)

    def find_people(self, name: str) -> list[PersonCandidate]:
        d = self.data
        with d.lock:
            key = person_key(name)
            ids = [d.person_of_key[key]] if key in d.person_of_key else []
            if not ids:
                ids = [i for i, n in d.people.items() if holds_name(name, n)]
            found = [self._candidate(i) for i in ids]
        return sorted(found, key=lambda c: (-c.articles, c.id))

    @staticmethod
    def _held(quote: dict[str, Any], holders: dict[int, list[tuple[str, str]]]) -> bool:
        """Whether the quote's person held the role on its day (its seen span, widened by
        ROLE_SLACK_DAYS, holds the day)."""
        if quote["person_id"] not in holders or quote["day"] is None:
            return False
        day = date.fromisoformat(quote["day"])
        slack = timedelta(days=ROLE_SLACK_DAYS)
        return any(date.fromisoformat(first) - slack <= day <= date.fromisoformat(last) + slack
                   for first, last in holders[quote["person_id"]])

    def _candidate(self, person_id: int) -> PersonCandidate:
        roles = self._roles(person_id)
        articles = sum(1 for _, p in self.data.article_people if p == person_id)
        return PersonCandidate(person_id, self.data.people[person_id], articles, roles[0].role if roles else None)

    def _roles(self, person_id: int) -> list[RoleHistory]:
        roles = [RoleHistory(*r) for (p, _), r in self.data.roles.items() if p == person_id]
        roles.sort(key=lambda r: r.role)
        roles.sort(key=lambda r: r.articles, reverse=True)
        roles.sort(key=lambda r: r.last_seen or "", reverse=True)
        return roles

    def person_by_id(self, person_id: int, quotes: int = 10) -> PersonProfile:
        d = self.data
        with d.lock:
            if person_id not in d.people:
                raise NotFound(f"no person with id {person_id} in the store")
            canonical = d.people[person_id]
            aliases = sorted(a for a in d.aliases.get(person_id, {}).values() if a != canonical)
            articles = sum(1 for _, p in d.article_people if p == person_id)
            return PersonProfile(person_id, canonical, aliases, self._roles(person_id), articles,
                                 self.quotes(person_id=person_id, limit=quotes))

    def quotes(self, speaker: str | None = None, since: date | None = None, until: date | None = None,
               query: str | None = None, person_id: int | None = None, limit: int = 20,
               article_id: int | None = None) -> list[QuoteRow]:
        with self.data.lock:
            chosen = self._chosen_quotes(speaker, since, until, query, person_id, article_id)
            return self._quote_rows(chosen[:limit])

    def iter_quotes(self, speaker: str | None = None, since: date | None = None, until: date | None = None,
                    query: str | None = None, person_id: int | None = None, batch: int = 500) -> Stream[QuoteRow]:
        with self.data.lock:
            chosen = self._chosen_quotes(speaker, since, until, query, person_id, None)

        def batches() -> Iterator[QuoteRow]:
            for start in range(0, len(chosen), max(1, batch)):
                with self.data.lock:
                    rows = self._quote_rows([i for i in chosen[start:start + max(1, batch)] if i in self.data.quotes])
                yield from rows

        return Stream(len(chosen), batches())

    def _chosen_quotes(self, speaker: str | None, since: date | None, until: date | None, query: str | None,
                       person_id: int | None, article_id: int | None) -> list[int]:
        """The ids of the quotes the filters keep, newest first, then by article (last first), then in text order."""
        d = self.data
        people: set[int] | None = None
        holders: dict[int, list[tuple[str, str]]] = {}
        if speaker and person_id is None:
            people = {c.id for c in self.find_people(speaker)} or None
            if people is None:  # a role phrase (`وزیر کشور`): whoever held it on the quote's day
                rkey = role_key(speaker)
                for (p, k), r in d.roles.items():
                    if k == rkey and r[1] is not None:
                        holders.setdefault(p, []).append((r[1], r[2]))
        words = parse_query(query) if query else None
        chosen = []
        for quote_id, q in d.quotes.items():
            if article_id is not None and q["article_id"] != article_id:
                continue
            if person_id is not None and q["person_id"] != person_id:
                continue
            by_speaker = (q["person_id"] in people if people else
                          q["speaker"] == speaker or self._held(q, holders))
            if speaker and person_id is None and not by_speaker:
                continue
            if (since and (q["day"] is None or q["day"] < since.isoformat())) or \
                    (until and (q["day"] is None or q["day"] > until.isoformat())):
                continue
            if words is not None and not words.holds(lambda t, q=q: occurrences(t, q["words"]) > 0):  # type: ignore[misc]
                continue
            chosen.append(quote_id)
        chosen.sort(key=lambda i: (d.quotes[i]["start"], i))
        chosen.sort(key=lambda i: d.quotes[i]["article_id"], reverse=True)
        chosen.sort(key=lambda i: d.quotes[i]["day"] or "", reverse=True)
        return chosen

    def _quote_rows(self, ids: list[int]) -> list[QuoteRow]:
        d = self.data
        rows = []
        for quote_id in ids:
            q = d.quotes[quote_id]
            row = d.articles[q["article_id"]]
            name = d.people.get(q["person_id"]) if q["person_id"] is not None else None
            rows.append(QuoteRow(quote_id, q["article_id"], q["day"], name or q["speaker"], q["person_id"],
                                 q["mention"], q["verb"], q["kind"], q["text"], row.title, row.agency_id))
        return rows


__all__ = ["MemoryPeople", "PeopleData"]
