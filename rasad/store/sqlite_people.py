"""The people knowledge base in SQLite: people, their aliases and roles over time, and quotes
linked to them. Mixed into SQLiteStore; linking runs inside the transaction that stores an article."""

from __future__ import annotations

import json
import sqlite3
from array import array
from collections.abc import Iterator
from datetime import date
from typing import Any

from rasad.errors import NotFound, StoreError
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
from rasad.store.search import parse_query, search_key
from rasad.store.sqlite_db import Database, any_of, match_expression
from rasad.store.values import PersonCandidate, PersonProfile, QuoteRow, RoleHistory, Stream

_QUOTE_ORDER = "q.day DESC, q.article_id DESC, q.start, q.id"
_QUOTE_COLUMNS = ("q.id, q.article_id, q.day, coalesce(p.name, q.speaker), q.person_id, q.mention, q.verb, q.kind, "
                  "q.text, a.title, a.agency_id")


class SQLitePeople:
    db: Database

    # linking, inside the caller's write transaction

    @staticmethod
    def _person_id(db: sqlite3.Connection, name: str) -> int:
        """The person a full name stands for, created when new."""
        key = person_key(name)

        def bearer() -> tuple[int] | None:
            # `روحانی` alone, a partial name or a spelling variant: the one stored person it can only mean
            found = stored_person(name, db.execute("SELECT person_id, alias FROM person_aliases WHERE key LIKE ?",
                                                   ("%" + last_word_key(name),)).fetchall())
            return (found,) if found is not None else None

        # a surname goes to the one full name that bears it before an entry of the surname alone
        single = one_word(name)
        row = bearer() if single else None
        if row is None:
            row = db.execute("SELECT id FROM people WHERE key = ? UNION SELECT person_id FROM person_aliases "
                             "WHERE key = ?", (key, key)).fetchone()
        if row is None and not single:
            row = bearer()
        person_id: int = row[0] if row else int(
            db.execute("INSERT INTO people (name, key) VALUES (?, ?)", (name, key)).lastrowid or 0)
        db.execute("INSERT OR IGNORE INTO person_aliases (person_id, alias, key) VALUES (?, ?, ?)",
                   (person_id, name, key))
        return int(person_id)

    @staticmethod
    def _holder(db: sqlite3.Connection, role: str, day: date) -> int | None:
        rows = db.execute("SELECT person_id, first_seen, last_seen FROM person_roles WHERE key = ? "
                          "AND first_seen IS NOT NULL", (role_key(role),)).fetchall()
        return holder_on(day, [RoleSpan(r[0], date.fromisoformat(r[1]), date.fromisoformat(r[2])) for r in rows])

    def _link_people(self, db: sqlite3.Connection, article_id: int, article: Article, day: str | None) -> None:
        """People and roles of an article into the knowledge base; its quotes linked to people."""
        by_key: dict[str, int] = {}
        counted: set[tuple[int, str]] = set()  # an article counts once for each role of a person
        for person in article.persons:
            person_id = self._person_id(db, person.name)
            by_key[person_key(person.name)] = person_id
            db.execute("INSERT OR IGNORE INTO article_people (article_id, person_id) VALUES (?, ?)",
                       (article_id, person_id))
            for role in person.roles:
                if (person_id, role_key(role)) in counted:
                    continue
                counted.add((person_id, role_key(role)))
                db.execute(
                    "INSERT INTO person_roles (person_id, role, key, first_seen, last_seen, articles) "
                    "VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (person_id, key) DO UPDATE SET articles = articles + 1, "
                    "first_seen = min(coalesce(first_seen, excluded.first_seen), "
                    "coalesce(excluded.first_seen, first_seen)), "
                    "last_seen = max(coalesce(last_seen, excluded.last_seen), coalesce(excluded.last_seen, last_seen))",
                    (person_id, role, role_key(role), day, day))
        for quote_id, speaker, text in db.execute("SELECT id, speaker, text FROM quotes WHERE article_id = ?",
                                                  (article_id,)).fetchall():
            speaker_id = by_key.get(person_key(speaker)) if speaker else None
            if speaker_id is None and speaker and day:
                speaker_id = self._holder(db, speaker, date.fromisoformat(day))
            db.execute("UPDATE quotes SET person_id = ?, day = ? WHERE id = ?", (speaker_id, day, quote_id))
            db.execute("INSERT INTO quotes_fts (rowid, text) VALUES (?, ?)", (quote_id, search_key(text)))

    @staticmethod
    def _unlink_people(db: sqlite3.Connection, article_id: int) -> None:
        """Take back the role counts and quote index entries of an article about to be rewritten."""
        counted: set[tuple[int, str]] = set()
        for name, roles in db.execute("SELECT name, roles FROM persons WHERE article_id = ?", (article_id,)).fetchall():
            row = db.execute("SELECT person_id FROM person_aliases WHERE key = ?", (person_key(name),)).fetchone()
            if row is not None:
                counted.update((row[0], role_key(role)) for role in json.loads(roles))
        db.executemany("UPDATE person_roles SET articles = articles - 1 WHERE person_id = ? AND key = ?", counted)
        db.execute("DELETE FROM person_roles WHERE articles <= 0")
        db.execute("DELETE FROM quotes_fts WHERE rowid IN (SELECT id FROM quotes WHERE article_id = ?)", (article_id,))

    # reading

    def role_holder(self, role: str, day: date) -> int | None:
        return self._holder(self.db.read(), role, day)

    def find_people(self, name: str) -> list[PersonCandidate]:
        db = self.db.read()
        key = person_key(name)
        ids = [r[0] for r in db.execute("SELECT id FROM people WHERE key = ? UNION "
                                        "SELECT person_id FROM person_aliases WHERE key = ?", (key, key))]
        words = name_words(name)
        if not ids and words:
            # a surname: the folded keys that hold every word narrow it down in SQL, the words decide
            like = " AND ".join("instr(key, ?) > 0" for _ in words)
            ids = [r[0] for r in db.execute(f"SELECT id, name FROM people WHERE {like}", [person_key(w) for w in words])
                   if holds_name(name, r[1])]
        candidates = [self._candidate(db, person_id) for person_id in ids]
        return sorted(candidates, key=lambda c: (-c.articles, c.id))

    @staticmethod
    def _candidate(db: sqlite3.Connection, person_id: int) -> PersonCandidate:
        name = db.execute("SELECT name FROM people WHERE id = ?", (person_id,)).fetchone()[0]
        articles = db.execute("SELECT count(*) FROM article_people WHERE person_id = ?", (person_id,)).fetchone()[0]
        role = db.execute("SELECT role FROM person_roles WHERE person_id = ? ORDER BY last_seen DESC, articles DESC, "
                          "role LIMIT 1", (person_id,)).fetchone()
        return PersonCandidate(person_id, name, articles, role[0] if role else None)

    def person_by_id(self, person_id: int, quotes: int = 10) -> PersonProfile:
        db = self.db.read()
        row = db.execute("SELECT name FROM people WHERE id = ?", (person_id,)).fetchone()
        if row is None:
            raise NotFound(f"no person with id {person_id} in the store")
        canonical = row[0]
        aliases = [r[0] for r in db.execute("SELECT alias FROM person_aliases WHERE person_id = ? AND alias != ? "
                                            "ORDER BY alias", (person_id, canonical))]
        roles = [RoleHistory(*r) for r in db.execute(
            "SELECT role, first_seen, last_seen, articles FROM person_roles WHERE person_id = ? "
            "ORDER BY last_seen DESC, articles DESC, role", (person_id,))]
        articles = db.execute("SELECT count(*) FROM article_people WHERE person_id = ?", (person_id,)).fetchone()[0]
        return PersonProfile(person_id, canonical, aliases, roles, articles,
                             self.quotes(person_id=person_id, limit=quotes))

    def quotes(self, speaker: str | None = None, since: date | None = None, until: date | None = None,
               query: str | None = None, person_id: int | None = None, limit: int = 20,
               article_id: int | None = None) -> list[QuoteRow]:
        where, params = self._quote_filter(speaker, since, until, query, person_id, article_id)
        rows = self.db.read().execute(
            f"SELECT {_QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id "
            f"LEFT JOIN people p ON p.id = q.person_id WHERE {where} "
            f"ORDER BY {_QUOTE_ORDER} LIMIT ?", [*params, limit]).fetchall()
        return [QuoteRow(*r) for r in rows]

    def iter_quotes(self, speaker: str | None = None, since: date | None = None, until: date | None = None,
                    query: str | None = None, person_id: int | None = None, batch: int = 500) -> Stream[QuoteRow]:
        """The ids are listed once in `quotes`' order (8 bytes a quote), the rows read `batch` at a time."""
        where, params = self._quote_filter(speaker, since, until, query, person_id, None)
        ids = array("q", (r[0] for r in self.db.read().execute(
            f"SELECT q.id FROM quotes q JOIN articles a ON a.id = q.article_id WHERE {where} "
            f"ORDER BY {_QUOTE_ORDER}", params)))

        def batches() -> Iterator[QuoteRow]:
            for start in range(0, len(ids), max(1, batch)):
                chosen = list(ids[start:start + max(1, batch)])
                try:
                    rows = {r[0]: QuoteRow(*r) for r in self.db.read().execute(
                        f"SELECT {_QUOTE_COLUMNS} FROM quotes q JOIN articles a ON a.id = q.article_id "
                        f"LEFT JOIN people p ON p.id = q.person_id WHERE q.id IN ({','.join('?' * len(chosen))})",
                        chosen)}
                except sqlite3.Error as exc:
                    raise StoreError(f"{getattr(self, 'path', 'the database')}: {exc}") from exc
                yield from (rows[i] for i in chosen if i in rows)  # a quote gone since it was listed is left out

        return Stream(len(ids), batches())

    def _quote_filter(self, speaker: str | None, since: date | None, until: date | None, query: str | None,
                      person_id: int | None, article_id: int | None) -> tuple[str, list[Any]]:
        """The WHERE clause (over `quotes q`) and its parameters for `quotes`' filters."""
        where: list[str] = ["1"]
        params: list[Any] = []
        if article_id is not None:
            where.append("q.article_id = ?")
            params.append(article_id)
        if speaker and person_id is None:
            ids = [c.id for c in self.find_people(speaker)]
            if ids:
                where.append(f"q.person_id IN ({','.join('?' * len(ids))})")
                params += ids
            else:
                # a role phrase (`وزیر کشور`): the quotes given to it as written, and those of whoever
                # held it on the quote's day (seen with it within ROLE_SLACK_DAYS)
                slack = f"{ROLE_SLACK_DAYS} days"
                where.append("(q.speaker = ? OR EXISTS (SELECT 1 FROM person_roles r WHERE r.key = ? "
                             "AND r.person_id = q.person_id AND q.day IS NOT NULL "
                             "AND q.day BETWEEN date(r.first_seen, ?) AND date(r.last_seen, ?)))")
                params += [speaker, role_key(speaker), f"-{slack}", f"+{slack}"]
        if person_id is not None:
            where.append("q.person_id = ?")
            params.append(person_id)
        if since:
            where.append("q.day >= ?")
            params.append(since.isoformat())
        if until:
            where.append("q.day <= ?")
            params.append(until.isoformat())
        words = parse_query(query) if query else None
        if words:
            where.append("q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
            params.append(match_expression(words))
        elif words is not None and words.excluded:
            where.append("q.id NOT IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
            params.append(any_of(words.excluded))
        return " AND ".join(where), params


__all__ = ["SQLitePeople"]
