"""The people knowledge base in SQLite: people, their aliases and roles over time, and quotes
linked to them. Mixed into SQLiteStore; runs inside the transaction that stores an article."""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import date

from rasad.errors import NotFound
from rasad.link.people import PersonProfile, QuoteRow, RoleHistory, RoleSpan, holder_on, person_key, role_key
from rasad.models import Article
from rasad.text.normalize import fold


class PeopleTables:
    db: sqlite3.Connection

    def _person_id(self, name: str) -> int:
        """The person a full name stands for, created when new."""
        key = person_key(name)
        row = self.db.execute(
            "SELECT id FROM people WHERE key = ? UNION SELECT person_id FROM person_aliases WHERE key = ?",
            (key, key),
        ).fetchone()
        if row:
            person_id = row[0]
        else:
            person_id = int(self.db.execute("INSERT INTO people (name, key) VALUES (?, ?)", (name, key)).lastrowid or 0)
        self.db.execute("INSERT OR IGNORE INTO person_aliases (person_id, alias, key) VALUES (?, ?, ?)",
                        (person_id, name, key))
        return person_id

    def _record_role(self, person_id: int, role: str, day: str | None) -> None:
        self.db.execute(
            "INSERT INTO person_roles (person_id, role, key, first_seen, last_seen, articles) "
            "VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (person_id, key) DO UPDATE SET articles = articles + 1, "
            "first_seen = min(coalesce(first_seen, excluded.first_seen), coalesce(excluded.first_seen, first_seen)), "
            "last_seen = max(coalesce(last_seen, excluded.last_seen), coalesce(excluded.last_seen, last_seen))",
            (person_id, role, role_key(role), day, day),
        )

    def role_holder(self, role: str, day: date) -> int | None:
        """Who held `role` on `day`, as far as the stored articles tell."""
        rows = self.db.execute(
            "SELECT person_id, first_seen, last_seen FROM person_roles WHERE key = ? AND first_seen IS NOT NULL",
            (role_key(role),),
        ).fetchall()
        spans = [RoleSpan(r[0], date.fromisoformat(r[1]), date.fromisoformat(r[2])) for r in rows]
        return holder_on(day, spans)

    def _link_people(self, article_id: int, article: Article, day: str | None) -> None:
        """People and roles of an article into the knowledge base; its quotes linked to people."""
        by_key: dict[str, int] = {}
        counted: set[tuple[int, str]] = set()  # an article counts once for each role of a person
        for person in article.persons:
            person_id = self._person_id(person.name)
            by_key[person_key(person.name)] = person_id
            self.db.execute("INSERT OR IGNORE INTO article_people (article_id, person_id) VALUES (?, ?)",
                            (article_id, person_id))
            for role in person.roles:
                if (person_id, role_key(role)) not in counted:
                    counted.add((person_id, role_key(role)))
                    self._record_role(person_id, role, day)
        rows = self.db.execute('SELECT rowid, speaker, text FROM quotes WHERE article_id = ?', (article_id,)).fetchall()
        for rowid, speaker, text in rows:
            person_id = by_key.get(person_key(speaker)) if speaker else None
            if person_id is None and speaker and day:
                person_id = self.role_holder(speaker, date.fromisoformat(day))
            self.db.execute("UPDATE quotes SET person_id = ?, day = ? WHERE rowid = ?", (person_id, day, rowid))
            self.db.execute("INSERT INTO quotes_fts (rowid, text) VALUES (?, ?)", (rowid, fold(text, normalized=True)))

    def _unlink_roles(self, article_id: int) -> None:
        """Take back the role counts an article added, before it is stored again with new text."""
        counted: set[tuple[int, str]] = set()
        rows = self.db.execute("SELECT name, roles FROM persons WHERE article_id = ?", (article_id,)).fetchall()
        for name, roles in rows:
            row = self.db.execute("SELECT person_id FROM person_aliases WHERE key = ?", (person_key(name),)).fetchone()
            if row is not None:
                counted.update((row[0], role_key(role)) for role in json.loads(roles))
        self.db.executemany("UPDATE person_roles SET articles = articles - 1 WHERE person_id = ? AND key = ?", counted)
        self.db.execute("DELETE FROM person_roles WHERE articles <= 0")

    def _unlink_quotes(self, article_id: int) -> None:
        self.db.execute("DELETE FROM quotes_fts WHERE rowid IN (SELECT rowid FROM quotes WHERE article_id = ?)",
                        (article_id,))

    def find_people(self, name: str) -> list[tuple[int, str]]:
        """People whose name or alias is `name`, or, failing that, contains it as a word."""
        key = person_key(name)
        rows = self.db.execute(
            "SELECT DISTINCT p.id, p.name FROM people p LEFT JOIN person_aliases a ON a.person_id = p.id "
            "WHERE p.key = ? OR a.key = ?", (key, key)).fetchall()
        if rows:
            return [(r[0], r[1]) for r in rows]
        words = fold(name).split()
        rows = self.db.execute("SELECT id, name FROM people").fetchall()
        return [(r[0], r[1]) for r in rows if all(w in fold(r[1]).split() for w in words)]

    def person(self, name: str, quotes: int = 10) -> PersonProfile:
        """A person's profile by name (full, alias or surname). Raises NotFound, or NotFound listing
        the candidates when the name is ambiguous."""
        found = self.find_people(name)
        if not found:
            raise NotFound(f"no person named {name!r} in the store")
        if len(found) > 1:
            raise NotFound(f"{name!r} names {len(found)} people: " + "، ".join(n for _, n in found[:10]))
        person_id, canonical = found[0]
        aliases = [r[0] for r in self.db.execute(
            "SELECT alias FROM person_aliases WHERE person_id = ? AND alias != ?", (person_id, canonical))]
        roles = [RoleHistory(r[0], r[1], r[2], r[3]) for r in self.db.execute(
            "SELECT role, first_seen, last_seen, articles FROM person_roles WHERE person_id = ? "
            "ORDER BY last_seen DESC, articles DESC", (person_id,))]
        articles = self.db.execute("SELECT count(*) FROM article_people WHERE person_id = ?",
                                   (person_id,)).fetchone()[0]
        recent = self.quotes(person_id=person_id, limit=quotes)
        return PersonProfile(person_id, canonical, aliases, roles, articles, recent)

    def quotes(self, speaker: str | None = None, since: date | None = None, until: date | None = None,
               query: str | None = None, person_id: int | None = None, limit: int = 20) -> list[QuoteRow]:
        """Quotes, newest first, by speaker (a person's name, or a role phrase as written), date and text."""
        where, params = ["1"], []
        if speaker and person_id is None:
            ids = [i for i, _ in self.find_people(speaker)]
            if ids:
                where.append(f"q.person_id IN ({','.join('?' * len(ids))})")
                params += ids
            else:
                where.append("q.speaker = ?")
                params.append(speaker)
        if person_id is not None:
            where.append("q.person_id = ?")
            params.append(person_id)
        if since:
            where.append("q.day >= ?")
            params.append(since.isoformat())
        if until:
            where.append("q.day <= ?")
            params.append(until.isoformat())
        if query:
            terms = [t for t in re.sub(r"[^\w\s]", " ", fold(query)).split() if t]
            if terms:
                where.append("q.rowid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?)")
                params.append(" ".join(f'"{t}"' for t in terms))
        rows = self.db.execute(
            "SELECT q.article_id, q.day, coalesce(p.name, q.speaker), q.mention, q.verb, q.kind, q.text, a.title, "
            "a.agency_id FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN people p ON p.id = q.person_id "
            f"WHERE {' AND '.join(where)} ORDER BY q.day DESC, q.article_id DESC, q.start LIMIT ?",
            [*params, limit],
        ).fetchall()
        return [QuoteRow(*r) for r in rows]


__all__ = ["PeopleTables"]
