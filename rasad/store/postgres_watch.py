"""Watches, alerts, the delivery outbox and users in PostgreSQL (schema 2). Mixed into PostgresStore.

What must not race is settled by the database, across processes as within one:
- an alert is unique per (watch, article) in the table itself (`ON CONFLICT DO NOTHING`), so two
  processes matching the same article record it once, and its deliveries are queued in the same
  transaction; the watch and article rows are share-locked meanwhile, so a watch removed at that
  moment waits for the alert (and takes it along) or is reported as gone (NotFound);
- a claim is one `UPDATE ... RETURNING` over the due rows picked `FOR UPDATE SKIP LOCKED`: two
  processes claiming at once take disjoint rows, neither waits for the other;
- writes to the watches themselves take a transaction-level advisory lock, so a name checked free
  is still free when it is written (a Conflict, never a unique-key error).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from typing import Any

from rasad.errors import Conflict, NotFound
from rasad.store.postgres_db import Database
from rasad.store.watch_values import Alert, Delivery, NewAlert, Outcome, User, Watch, WatchSpec, now_iso

WATCH_LOCK = 0x72617363  # beside postgres_db's advisory lock keys ("rasa", "rasb"): watch writes

_WATCH = "SELECT id, name, spec, secret, feed_token, owner, created_at, updated_at FROM watches"
_ALERT = ("SELECT al.id, al.watch_id, w.name, al.article_id, al.quote, al.reason, al.created_at, a.title, "
          "a.agency_id, a.published, a.url FROM alerts al JOIN watches w ON w.id = al.watch_id "
          "JOIN articles a ON a.id = al.article_id")
_DELIVERY_COLUMNS = ("id", "alert_id", "watch_id", "channel", "target", "state", "attempts", "next_try",
                     "last_error", "sent_at", "created_at")
_DELIVERY = f"SELECT {', '.join(_DELIVERY_COLUMNS)} FROM outbox"
_DUE = ("SELECT id FROM outbox WHERE (state = 'pending' AND next_try <= %(now)s) "
        "OR (state = 'sending' AND claimed_until < %(now)s) ORDER BY next_try, id LIMIT %(limit)s "
        "FOR UPDATE SKIP LOCKED")
_NEXT_WATCH_GENERATION = "UPDATE meta SET value = value + 1 WHERE key = 'watch_generation'"


def _watch(row: Sequence[Any]) -> Watch:
    return Watch(int(row[0]), row[1], WatchSpec.from_record(json.loads(row[2])), row[3], row[4], row[5], row[6],
                 row[7])


def _spec(spec: WatchSpec) -> str:
    return json.dumps(spec.to_record(), ensure_ascii=False)


class PostgresWatches:
    db: Database
    url: str

    # watches

    def add_watch(self, name: str, spec: WatchSpec, owner: str | None = None) -> Watch:
        now = now_iso()
        with self.db.write() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WATCH_LOCK,))
            if conn.execute("SELECT 1 FROM watches WHERE name = %s", (name,)).fetchone():
                raise Conflict(f"a watch named {name!r} exists already")
            row = conn.execute(
                "INSERT INTO watches (name, spec, secret, feed_token, owner, created_at, updated_at) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id, name, spec, secret, feed_token, owner, "
                "created_at, updated_at",
                (name, _spec(spec), secrets.token_hex(32), secrets.token_urlsafe(24), owner, now, now)).fetchone()
            conn.execute(_NEXT_WATCH_GENERATION)
        return _watch(row)

    def update_watch(self, watch_id: int, spec: WatchSpec, name: str | None = None) -> Watch:
        with self.db.write() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WATCH_LOCK,))
            current = conn.execute(_WATCH + " WHERE id = %s", (watch_id,)).fetchone()
            if current is None:
                raise NotFound(f"no watch with id {watch_id}")
            name = name or current[1]
            if conn.execute("SELECT 1 FROM watches WHERE name = %s AND id <> %s", (name, watch_id)).fetchone():
                raise Conflict(f"a watch named {name!r} exists already")
            row = conn.execute(
                "UPDATE watches SET name = %s, spec = %s, updated_at = %s WHERE id = %s RETURNING id, name, spec, "
                "secret, feed_token, owner, created_at, updated_at",
                (name, _spec(spec), now_iso(), watch_id)).fetchone()
            conn.execute(_NEXT_WATCH_GENERATION)
        return _watch(row)

    def remove_watch(self, watch_id: int) -> None:
        with self.db.write() as conn:
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (WATCH_LOCK,))
            if conn.execute("DELETE FROM watches WHERE id = %s RETURNING id", (watch_id,)).fetchone() is None:
                raise NotFound(f"no watch with id {watch_id}")  # its alerts and deliveries go by cascade
            conn.execute(_NEXT_WATCH_GENERATION)

    def watch(self, key: int | str) -> Watch:
        with self.db.read() as conn:
            row = None
            if isinstance(key, int) or key.isdigit():
                row = conn.execute(_WATCH + " WHERE id = %s", (int(key),)).fetchone()
            if row is None and isinstance(key, str):
                row = conn.execute(_WATCH + " WHERE name = %s", (key,)).fetchone()
        if row is None:
            raise NotFound(f"no watch {key!r} in {self.url}")
        return _watch(row)

    def watch_by_token(self, token: str) -> Watch:
        with self.db.read() as conn:
            row = conn.execute(_WATCH + " WHERE feed_token = %s", (token,)).fetchone()
        if row is None:
            raise NotFound("no such feed")
        return _watch(row)

    def watches(self) -> list[Watch]:
        with self.db.read() as conn:
            return [_watch(row) for row in conn.execute(_WATCH + " ORDER BY name, id")]

    def watch_generation(self) -> int:
        with self.db.read() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'watch_generation'").fetchone()
        return int(row[0]) if row else 0

    # alerts

    def record_alerts(self, alerts: list[NewAlert]) -> list[int | None]:
        now = now_iso()
        ids: list[int | None] = []
        with self.db.write() as conn:
            for alert in alerts:
                # share-locked until the end: a concurrent removal waits, then takes the alert along
                if conn.execute("SELECT 1 FROM watches WHERE id = %s FOR KEY SHARE",
                                (alert.watch_id,)).fetchone() is None:
                    raise NotFound(f"no watch with id {alert.watch_id}")  # removed since it matched
                if conn.execute("SELECT 1 FROM articles WHERE id = %s FOR KEY SHARE",
                                (alert.article_id,)).fetchone() is None:
                    raise NotFound(f"no article with id {alert.article_id} in {self.url}")
                row = conn.execute(
                    "INSERT INTO alerts (watch_id, article_id, quote, reason, created_at) "
                    "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (watch_id, article_id) DO NOTHING RETURNING id",
                    (alert.watch_id, alert.article_id, alert.quote, alert.reason, now)).fetchone()
                if row is None:  # this (watch, article) has its alert: nothing is queued again
                    ids.append(None)
                    continue
                alert_id = int(row[0])
                if alert.deliveries:
                    with conn.cursor() as cur:
                        cur.executemany(
                            "INSERT INTO outbox (alert_id, watch_id, channel, target, next_try, created_at) "
                            "VALUES (%s, %s, %s, %s, %s, %s)",
                            [(alert_id, alert.watch_id, channel, target, first_try, now)
                             for channel, target, first_try in alert.deliveries])
                ids.append(alert_id)
        return ids

    def alerts(self, watch_id: int | None = None, since: str | None = None, limit: int = 100) -> list[Alert]:
        where: list[str] = []
        params: list[Any] = []
        if watch_id is not None:
            where.append("al.watch_id = %s")
            params.append(watch_id)
        if since:
            where.append("al.created_at >= %s")
            params.append(since)
        sql = (_ALERT + (" WHERE " + " AND ".join(where) if where else "")
               + " ORDER BY al.created_at DESC, al.id DESC LIMIT %s")
        with self.db.read() as conn:
            return [Alert(*row) for row in conn.execute(sql, (*params, limit))]

    def alert(self, alert_id: int) -> Alert:
        with self.db.read() as conn:
            row = conn.execute(_ALERT + " WHERE al.id = %s", (alert_id,)).fetchone()
        if row is None:
            raise NotFound(f"no alert with id {alert_id}")
        return Alert(*row)

    # the outbox

    def claim_deliveries(self, now: str, lease_until: str, limit: int = 100) -> list[Delivery]:
        returning = ", ".join(f"o.{c}" for c in _DELIVERY_COLUMNS)
        with self.db.write() as conn:
            rows = conn.execute(
                f"UPDATE outbox o SET state = 'sending', claimed_until = %(lease)s FROM ({_DUE}) due "
                f"WHERE o.id = due.id RETURNING {returning}",
                {"lease": lease_until, "now": now, "limit": limit}).fetchall()
        claimed = [Delivery(*row) for row in rows]
        claimed.sort(key=lambda d: (d.next_try, d.id))  # RETURNING keeps no order
        return claimed

    def finish_delivery(self, outcome: Outcome, now: str) -> None:
        with self.db.write() as conn:
            if outcome.sent:
                conn.execute("UPDATE outbox SET state = 'sent', sent_at = %s, attempts = attempts + 1, "
                             "last_error = NULL, claimed_until = NULL WHERE id = %s", (now, outcome.delivery_id))
            elif outcome.retry_at:
                conn.execute("UPDATE outbox SET state = 'pending', next_try = %s, attempts = attempts + 1, "
                             "last_error = %s, claimed_until = NULL WHERE id = %s",
                             (outcome.retry_at, outcome.error, outcome.delivery_id))
            else:
                conn.execute("UPDATE outbox SET state = 'failed', attempts = attempts + 1, last_error = %s, "
                             "claimed_until = NULL WHERE id = %s", (outcome.error, outcome.delivery_id))

    def deliveries(self, watch_id: int | None = None, state: str | None = None,
                   alert_id: int | None = None) -> list[Delivery]:
        where: list[str] = []
        params: list[Any] = []
        for column, value in (("watch_id", watch_id), ("state", state), ("alert_id", alert_id)):
            if value is not None:
                where.append(f"{column} = %s")
                params.append(value)
        sql = _DELIVERY + (" WHERE " + " AND ".join(where) if where else "") + " ORDER BY id"
        with self.db.read() as conn:
            return [Delivery(*row) for row in conn.execute(sql, params)]

    # users

    def add_user(self, name: str, password_hash: str) -> User:
        with self.db.write() as conn:
            row = conn.execute(
                "INSERT INTO users (name, password_hash, created_at) VALUES (%s, %s, %s) "
                "ON CONFLICT (name) DO NOTHING RETURNING id, name, password_hash, created_at",
                (name, password_hash, now_iso())).fetchone()
        if row is None:
            raise Conflict(f"a user named {name!r} exists already")
        return User(int(row[0]), row[1], row[2], row[3])

    def user(self, name: str) -> User:
        with self.db.read() as conn:
            row = conn.execute("SELECT id, name, password_hash, created_at FROM users WHERE name = %s",
                               (name,)).fetchone()
        if row is None:
            raise NotFound(f"no user named {name!r}")
        return User(int(row[0]), row[1], row[2], row[3])

    def set_password(self, name: str, password_hash: str) -> None:
        with self.db.write() as conn:
            if conn.execute("UPDATE users SET password_hash = %s WHERE name = %s RETURNING id",
                            (password_hash, name)).fetchone() is None:
                raise NotFound(f"no user named {name!r}")


__all__ = ["WATCH_LOCK", "PostgresWatches"]
