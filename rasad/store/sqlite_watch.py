"""Watches, alerts, the delivery outbox and users in SQLite (schema 10). Mixed into SQLiteStore.

An alert is unique per (watch, article) in the table itself, so two processes matching the same
article record it once; its deliveries are queued in the same transaction. A claim marks rows
`sending` with a lease under the write lock, so no two processes send one row.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from typing import Any

from rasad.errors import Conflict, NotFound
from rasad.store.sqlite_db import Database
from rasad.store.watch_values import Alert, Delivery, NewAlert, Outcome, User, Watch, WatchSpec, now_iso

_WATCH = "SELECT id, name, spec, secret, feed_token, owner, created_at, updated_at FROM watches"
_ALERT = ("SELECT al.id, al.watch_id, w.name, al.article_id, al.quote, al.reason, al.created_at, a.title, "
          "a.agency_id, a.published, a.url FROM alerts al JOIN watches w ON w.id = al.watch_id "
          "JOIN articles a ON a.id = al.article_id")
_DELIVERY = ("SELECT id, alert_id, watch_id, channel, target, state, attempts, next_try, last_error, sent_at, "
             "created_at FROM outbox")
_NEXT_WATCH_GENERATION = "UPDATE meta SET value = value + 1 WHERE key = 'watch_generation'"


def _watch(row: sqlite3.Row) -> Watch:
    return Watch(row[0], row[1], WatchSpec.from_record(json.loads(row[2])), row[3], row[4], row[5], row[6], row[7])


def _delivery(row: sqlite3.Row) -> Delivery:
    return Delivery(*row)


class SQLiteWatches:
    db: Database
    url: str

    def add_watch(self, name: str, spec: WatchSpec, owner: str | None = None) -> Watch:
        now = now_iso()
        with self.db.write() as db:
            if db.execute("SELECT 1 FROM watches WHERE name = ?", (name,)).fetchone():
                raise Conflict(f"a watch named {name!r} exists already")
            watch_id = int(db.execute(
                "INSERT INTO watches (name, spec, secret, feed_token, owner, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (name, json.dumps(spec.to_record(), ensure_ascii=False), secrets.token_hex(32),
                 secrets.token_urlsafe(24), owner, now, now)).lastrowid or 0)
            db.execute(_NEXT_WATCH_GENERATION)
            return _watch(db.execute(_WATCH + " WHERE id = ?", (watch_id,)).fetchone())

    def update_watch(self, watch_id: int, spec: WatchSpec, name: str | None = None) -> Watch:
        with self.db.write() as db:
            current = db.execute(_WATCH + " WHERE id = ?", (watch_id,)).fetchone()
            if current is None:
                raise NotFound(f"no watch with id {watch_id}")
            name = name or current[1]
            if db.execute("SELECT 1 FROM watches WHERE name = ? AND id != ?", (name, watch_id)).fetchone():
                raise Conflict(f"a watch named {name!r} exists already")
            db.execute("UPDATE watches SET name = ?, spec = ?, updated_at = ? WHERE id = ?",
                       (name, json.dumps(spec.to_record(), ensure_ascii=False), now_iso(), watch_id))
            db.execute(_NEXT_WATCH_GENERATION)
            return _watch(db.execute(_WATCH + " WHERE id = ?", (watch_id,)).fetchone())

    def remove_watch(self, watch_id: int) -> None:
        with self.db.write() as db:
            if not db.execute("DELETE FROM watches WHERE id = ?", (watch_id,)).rowcount:
                raise NotFound(f"no watch with id {watch_id}")
            db.execute(_NEXT_WATCH_GENERATION)

    def watch(self, key: int | str) -> Watch:
        db = self.db.read()
        if isinstance(key, int) or key.isdigit():
            row = db.execute(_WATCH + " WHERE id = ?", (int(key),)).fetchone()
            if row is None and isinstance(key, str):
                row = db.execute(_WATCH + " WHERE name = ?", (key,)).fetchone()
        else:
            row = db.execute(_WATCH + " WHERE name = ?", (key,)).fetchone()
        if row is None:
            raise NotFound(f"no watch {key!r} in {self.url}")
        return _watch(row)

    def watch_by_token(self, token: str) -> Watch:
        row = self.db.read().execute(_WATCH + " WHERE feed_token = ?", (token,)).fetchone()
        if row is None:
            raise NotFound("no such feed")
        return _watch(row)

    def watches(self) -> list[Watch]:
        return [_watch(row) for row in self.db.read().execute(_WATCH + " ORDER BY name, id")]

    def watch_generation(self) -> int:
        row = self.db.read().execute("SELECT value FROM meta WHERE key = 'watch_generation'").fetchone()
        return int(row[0]) if row else 0

    def record_alerts(self, alerts: list[NewAlert]) -> list[int | None]:
        now = now_iso()
        ids: list[int | None] = []
        with self.db.write() as db:
            for alert in alerts:
                if not db.execute("SELECT 1 FROM watches WHERE id = ?", (alert.watch_id,)).fetchone():
                    raise NotFound(f"no watch with id {alert.watch_id}")  # removed since it matched
                if not db.execute("SELECT 1 FROM articles WHERE id = ?", (alert.article_id,)).fetchone():
                    raise NotFound(f"no article with id {alert.article_id} in {self.url}")
                cursor = db.execute(
                    "INSERT INTO alerts (watch_id, article_id, quote, reason, created_at) VALUES (?, ?, ?, ?, ?) "
                    "ON CONFLICT (watch_id, article_id) DO NOTHING",
                    (alert.watch_id, alert.article_id, alert.quote, alert.reason, now))
                if not cursor.rowcount:
                    ids.append(None)
                    continue
                alert_id = int(cursor.lastrowid or 0)
                db.executemany(
                    "INSERT INTO outbox (alert_id, watch_id, channel, target, next_try, created_at) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [(alert_id, alert.watch_id, channel, target, first_try, now)
                     for channel, target, first_try in alert.deliveries])
                ids.append(alert_id)
        return ids

    def alerts(self, watch_id: int | None = None, since: str | None = None, limit: int = 100) -> list[Alert]:
        where: list[str] = []
        params: list[Any] = []
        if watch_id is not None:
            where.append("al.watch_id = ?")
            params.append(watch_id)
        if since:
            where.append("al.created_at >= ?")
            params.append(since)
        sql = _ALERT + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY al.created_at DESC, al.id DESC"
        return [Alert(*row) for row in self.db.read().execute(sql + " LIMIT ?", (*params, limit))]

    def alert(self, alert_id: int) -> Alert:
        row = self.db.read().execute(_ALERT + " WHERE al.id = ?", (alert_id,)).fetchone()
        if row is None:
            raise NotFound(f"no alert with id {alert_id}")
        return Alert(*row)

    def claim_deliveries(self, now: str, lease_until: str, limit: int = 100) -> list[Delivery]:
        with self.db.write() as db:
            rows = [_delivery(r) for r in db.execute(
                _DELIVERY + " WHERE (state = 'pending' AND next_try <= ?) OR (state = 'sending' AND claimed_until < ?)"
                " ORDER BY next_try, id LIMIT ?", (now, now, limit))]
            db.executemany("UPDATE outbox SET state = 'sending', claimed_until = ? WHERE id = ?",
                           [(lease_until, d.id) for d in rows])
        for d in rows:
            d.state = "sending"
        return rows

    def finish_delivery(self, outcome: Outcome, now: str) -> None:
        with self.db.write() as db:
            if outcome.sent:
                db.execute("UPDATE outbox SET state = 'sent', sent_at = ?, attempts = attempts + 1, last_error = NULL, "
                           "claimed_until = NULL WHERE id = ?", (now, outcome.delivery_id))
            elif outcome.retry_at:
                db.execute("UPDATE outbox SET state = 'pending', next_try = ?, attempts = attempts + 1, "
                           "last_error = ?, claimed_until = NULL WHERE id = ?",
                           (outcome.retry_at, outcome.error, outcome.delivery_id))
            else:
                db.execute("UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = ?, "
                           "claimed_until = NULL WHERE id = ?", (outcome.error, outcome.delivery_id))

    def deliveries(self, watch_id: int | None = None, state: str | None = None,
                   alert_id: int | None = None) -> list[Delivery]:
        where: list[str] = []
        params: list[Any] = []
        for column, value in (("watch_id", watch_id), ("state", state), ("alert_id", alert_id)):
            if value is not None:
                where.append(f"{column} = ?")
                params.append(value)
        sql = _DELIVERY + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
        return [_delivery(row) for row in self.db.read().execute(sql, params)]

    def add_user(self, name: str, password_hash: str) -> User:
        with self.db.write() as db:
            if db.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone():
                raise Conflict(f"a user named {name!r} exists already")
            now = now_iso()
            user_id = int(db.execute("INSERT INTO users (name, password_hash, created_at) VALUES (?, ?, ?)",
                                     (name, password_hash, now)).lastrowid or 0)
        return User(user_id, name, password_hash, now)

    def user(self, name: str) -> User:
        row = self.db.read().execute("SELECT id, name, password_hash, created_at FROM users WHERE name = ?",
                                     (name,)).fetchone()
        if row is None:
            raise NotFound(f"no user named {name!r}")
        return User(*row)

    def set_password(self, name: str, password_hash: str) -> None:
        with self.db.write() as db:
            if not db.execute("UPDATE users SET password_hash = ? WHERE name = ?", (password_hash, name)).rowcount:
                raise NotFound(f"no user named {name!r}")


__all__ = ["SQLiteWatches"]
