"""The people knowledge base in PostgreSQL: people, their aliases and roles over time, and quotes
linked to them. Mixed into PostgresStore; linking runs inside the transaction that stores an
article (which holds the article-write lock, so two processes never create one person twice)."""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterator
from datetime import date
from typing import Any

from rasad.errors import NotFound
from rasad.link.people import (
    ROLE_SLACK_DAYS,
    RoleSpan,
    holder_on,
    holds_name,
    last_word_key,
    name_words,
    one_word,
    person_key,
    role_key,
    stored_person,
)
from rasad.models import Article
from rasad.store.postgres_db import Database
from rasad.store.postgres_search import plain_vector, tsquery_of
from rasad.store.search import parse_query, search_key
from rasad.store.values import PersonCandidate, PersonProfile, QuoteRow, RoleHistory, Stream

_QUOTE_ORDER = "q.day DESC NULLS LAST, q.article_id DESC, q.start NULLS FIRST, q.id"
_QUOTE_COLUMNS = ("q.id, q.article_id, q.day, coalesce(p.name, q.speaker), q.person_id, q.mention, q.verb, q.kind, "
                  "q.text, a.title, a.agency_id")


class PostgresPeople:
    db: Database

    # linking, inside the caller's write transaction

    @staticmethod
    def _holder(conn: Any, role: str, day: date) -> int | None:
        rows = conn.execute("SELECT person_id, first_seen, last_seen FROM person_roles WHERE key = %s "
                            "AND first_seen IS NOT NULL", (role_key(role),)).fetchall()
        return holder_on(day, [RoleSpan(int(r[0]), date.fromisoformat(r[1]), date.fromisoformat(r[2])) for r in rows])

    def _link_people(self, conn: Any, article_id: int, article: Article, day: str | None) -> None:
        """People and roles of an article into the knowledge base; its quotes stored, linked to people.
        A few statements for all the article's people (a round trip costs more than the work)."""
        names: dict[str, str] = {}
        for person in article.persons:
            names.setdefault(person_key(person.name), person.name)
        by_key: dict[str, int] = {}
        if names:
            keys = list(names)
            by_key = {key: int(pid) for key, pid in conn.execute(
                "SELECT key, min(id) FROM (SELECT key, id FROM people WHERE key = ANY (%s) UNION ALL "
                "SELECT key, person_id FROM person_aliases WHERE key = ANY (%s)) AS found GROUP BY key",
                (keys, keys)).fetchall()}
            # a surname goes to the one full name that bears it before an entry of the surname alone
            for key in [k for k in keys if k not in by_key or one_word(names[k])]:
                # `روحانی` alone, a partial name or a spelling variant: the one stored person it can only mean
                stored = [(int(i), a) for i, a in conn.execute(
                    "SELECT person_id, alias FROM person_aliases WHERE key LIKE %s",
                    ("%" + last_word_key(names[key]),)).fetchall()]
                found = stored_person(names[key], stored)
                if found is not None:
                    by_key[key] = found
            new = [key for key in keys if key not in by_key]
            if new:
                made = conn.execute("INSERT INTO people (name, key) SELECT n, k FROM unnest(%s::text[], %s::text[]) "
                                    "WITH ORDINALITY AS u(n, k, i) ORDER BY i RETURNING id, key",
                                    ([names[k] for k in new], new)).fetchall()
                by_key.update({key: int(pid) for pid, key in made})
        counted: set[tuple[int, str]] = set()  # an article counts once for each role of a person
        aliases, linked, roles = [], [], []
        for person in article.persons:
            person_id = by_key[person_key(person.name)]
            aliases.append((person_id, person.name, person_key(person.name)))
            linked.append((article_id, person_id))
            for role in person.roles:
                if (person_id, role_key(role)) not in counted:
                    counted.add((person_id, role_key(role)))
                    roles.append((person_id, role, role_key(role), day, day))
        with conn.cursor() as cur:
            cur.executemany("INSERT INTO person_aliases (person_id, alias, key) VALUES (%s, %s, %s) "
                            "ON CONFLICT DO NOTHING", aliases)
            cur.executemany("INSERT INTO article_people (article_id, person_id) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                            linked)
            cur.executemany(
                "INSERT INTO person_roles AS r (person_id, role, key, first_seen, last_seen, articles) "
                "VALUES (%s, %s, %s, %s, %s, 1) ON CONFLICT (person_id, key) DO UPDATE SET "
                "articles = r.articles + 1, first_seen = least(r.first_seen, excluded.first_seen), "
                "last_seen = greatest(r.last_seen, excluded.last_seen)", roles)
        rows = []
        for q in article.quotes:
            speaker_id = by_key.get(person_key(q.speaker)) if q.speaker else None
            if speaker_id is None and q.speaker and day:
                speaker_id = self._holder(conn, q.speaker, date.fromisoformat(day))
            rows.append((article_id, q.speaker, q.mention, q.verb, q.kind, q.text, q.start, q.end, speaker_id, day,
                         plain_vector(search_key(q.text))))
        with conn.cursor() as cur:
            cur.executemany('INSERT INTO quotes (article_id, speaker, mention, verb, kind, text, start, "end", '
                            "person_id, day, words) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s::tsvector)",
                            rows)

    @staticmethod
    def _unlink_people(conn: Any, article_id: int) -> None:
        """Take back the role counts of an article about to be rewritten."""
        counted: set[tuple[int, str]] = set()
        for name, roles in conn.execute("SELECT name, roles FROM persons WHERE article_id = %s",
                                        (article_id,)).fetchall():
            row = conn.execute("SELECT person_id FROM person_aliases WHERE key = %s LIMIT 1",
                               (person_key(name),)).fetchone()
            if row is not None:
                counted.update((int(row[0]), role_key(role)) for role in json.loads(roles))
        with conn.cursor() as cur:
            cur.executemany("UPDATE person_roles SET articles = articles - 1 WHERE person_id = %s AND key = %s",
                            list(counted))
        conn.execute("DELETE FROM person_roles WHERE articles <= 0")

    # reading

    def role_holder(self, role: str, day: date) -> int | None:
        with self.db.read() as conn:
            return self._holder(conn, role, day)

    def find_people(self, name: str) -> list[PersonCandidate]:
        key = person_key(name)
        words = name_words(name)
        with self.db.read() as conn:
            ids = [int(r[0]) for r in conn.execute("SELECT id FROM people WHERE key = %s UNION "
                                                   "SELECT person_id FROM person_aliases WHERE key = %s", (key, key))]
            if not ids and words:
                like = " AND ".join("strpos(key, %s) > 0" for _ in words)
                ids = [int(r[0]) for r in conn.execute(f"SELECT id, name FROM people WHERE {like}",
                                                       [person_key(w) for w in words])
                       if holds_name(name, r[1])]
            candidates = [self._candidate(conn, person_id) for person_id in ids]
        return sorted(candidates, key=lambda c: (-c.articles, c.id))

    @staticmethod
    def _candidate(conn: Any, person_id: int) -> PersonCandidate:
        name = conn.execute("SELECT name FROM people WHERE id = %s", (person_id,)).fetchone()[0]
        articles = conn.execute("SELECT count(*) FROM article_people WHERE person_id = %s", (person_id,)).fetchone()[0]
        role = conn.execute("SELECT role FROM person_roles WHERE person_id = %s ORDER BY last_seen DESC NULLS LAST, "
                            "articles DESC, role LIMIT 1", (person_id,)).fetchone()
        return PersonCandidate(person_id, name, int(articles), role[0] if role else None)

    def person_by_id(self, person_id: int, quotes: int = 10) -> PersonProfile:
        with self.db.read() as conn:
            row = conn.execute("SELECT name FROM people WHERE id = %s", (person_id,)).fetchone()
            if row is None:
                raise NotFound(f"no person with id {person_id} in the store")
            canonical = row[0]
            aliases = [r[0] for r in conn.execute("SELECT alias FROM person_aliases WHERE person_id = %s AND "
                                                  "alias != %s ORDER BY alias", (person_id, canonical))]
            roles = [RoleHistory(r[0], r[1], r[2], int(r[3])) for r in conn.execute(
                "SELECT role, first_seen, last_seen, articles FROM person_roles WHERE person_id = %s "
                "ORDER BY last_seen DESC NULLS LAST, articles DESC, role", (person_id,))]
            articles = conn.execute("SELECT count(*) FROM article_people WHERE person_id = %s",
                                    (person_id,)).fetchone()[0]
        return PersonProfile(person_id, canonical, aliases, roles, int(articles),
                             self.quotes(person_id=person_id, limit=quotes))

    def quotes(self, speaker: str | None = None, since: date | None = None, until: date | None = None,
               query: str | None = None, person_id: int | None = None, limit: int = 20,
               article_id: int | None = None) -> list[QuoteRow]:
        where, params = self._quote_filter(speaker, since, until, query, person_id, article_id)
        with self.db.read() as conn:
            rows = conn.execute(
                f"SELECT {_QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id "
                f"LEFT JOIN people p ON p.id = q.person_id WHERE {where} ORDER BY {_QUOTE_ORDER} LIMIT %s",
                [*params, limit]).fetchall()
        return [_quote_row(r) for r in rows]

    def iter_quotes(self, speaker: str | None = None, since: date | None = None, until: date | None = None,
                    query: str | None = None, person_id: int | None = None, batch: int = 500) -> Stream[QuoteRow]:
        """The ids are listed once in `quotes`' order, the rows read `batch` at a time."""
        where, params = self._quote_filter(speaker, since, until, query, person_id, None)
        with self.db.read() as conn:
            ids = array("q", (int(r[0]) for r in conn.execute(
                f"SELECT q.id FROM quotes q JOIN articles a ON a.id = q.article_id WHERE {where} "
                f"ORDER BY {_QUOTE_ORDER}", params)))

        def batches() -> Iterator[QuoteRow]:
            for start in range(0, len(ids), max(1, batch)):
                chosen = list(ids[start:start + max(1, batch)])
                with self.db.read() as conn:
                    rows = {int(r[0]): _quote_row(r) for r in conn.execute(
                        f"SELECT {_QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id "
                        "LEFT JOIN people p ON p.id = q.person_id WHERE q.id = ANY (%s)", (chosen,))}
                yield from (rows[i] for i in chosen if i in rows)  # a quote gone since it was listed is left out

        return Stream(len(ids), batches())

    def _quote_filter(self, speaker: str | None, since: date | None, until: date | None, query: str | None,
                      person_id: int | None, article_id: int | None) -> tuple[str, list[Any]]:
        """The WHERE clause (over `quotes q`) and its parameters for `quotes`' filters."""
        where: list[str] = ["true"]
        params: list[Any] = []
        if article_id is not None:
            where.append("q.article_id = %s")
            params.append(article_id)
        if speaker and person_id is None:
            ids = [c.id for c in self.find_people(speaker)]
            if ids:
                where.append("q.person_id = ANY (%s)")
                params.append(ids)
            else:
                # a role phrase (`وزیر کشور`): the quotes given to it as written, and those of whoever
                # held it on the quote's day (seen with it within ROLE_SLACK_DAYS)
                where.append("(q.speaker = %s OR EXISTS (SELECT 1 FROM person_roles r WHERE r.key = %s "
                             "AND r.person_id = q.person_id AND q.day IS NOT NULL AND q.day::date BETWEEN "
                             "r.first_seen::date - %s AND r.last_seen::date + %s))")
                params += [speaker, role_key(speaker), ROLE_SLACK_DAYS, ROLE_SLACK_DAYS]
        if person_id is not None:
            where.append("q.person_id = %s")
            params.append(person_id)
        if since:
            where.append("q.day >= %s")
            params.append(since.isoformat())
        if until:
            where.append("q.day <= %s")
            params.append(until.isoformat())
        words = parse_query(query) if query else None
        if words is not None and (words or words.excluded):
            where.append("q.words @@ %s::tsquery")
            params.append(tsquery_of(words))
        return " AND ".join(where), params


def _quote_row(r: Any) -> QuoteRow:
    return QuoteRow(int(r[0]), int(r[1]), r[2], r[3], None if r[4] is None else int(r[4]), *r[5:])


__all__ = ["PostgresPeople"]
