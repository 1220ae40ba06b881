"""Watches, alerts, the delivery outbox and users in memory: what sqlite_watch does, in dictionaries
under the store's lock. Mixed into MemoryStore."""

from __future__ import annotations

import copy
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rasad.errors import Conflict, NotFound
from rasad.store.watch_values import Alert, Delivery, NewAlert, Outcome, User, Watch, WatchSpec, now_iso


@dataclass
class WatchData:
    watches: dict[int, Watch] = field(default_factory=dict)
    watch_generation: int = 0
    alerts: dict[int, Alert] = field(default_factory=dict)
    alert_of: dict[tuple[int, int], int] = field(default_factory=dict)  # (watch, article) -> alert
    outbox: dict[int, Delivery] = field(default_factory=dict)
    claimed_until: dict[int, str] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)


class MemoryWatches:
    data: Any  # rasad.store.memory.Data
    url: str

    _writing: Callable[[], threading.RLock]  # MemoryStore's: the lock, or StoreError when read-only

    def add_watch(self, name: str, spec: WatchSpec, owner: str | None = None) -> Watch:
        with self._writing():
            d = self.data
            if any(w.name == name for w in d.watches.values()):
                raise Conflict(f"a watch named {name!r} exists already")
            now = now_iso()
            watch = Watch(max(d.watches, default=0) + 1, name, copy.deepcopy(spec), secrets.token_hex(32),
                          secrets.token_urlsafe(24), owner, now, now)
            d.watches[watch.id] = watch
            d.watch_generation += 1
            return copy.deepcopy(watch)

    def update_watch(self, watch_id: int, spec: WatchSpec, name: str | None = None) -> Watch:
        with self._writing():
            d = self.data
            watch = d.watches.get(watch_id)
            if watch is None:
                raise NotFound(f"no watch with id {watch_id}")
            name = name or watch.name
            if any(w.name == name and w.id != watch_id for w in d.watches.values()):
                raise Conflict(f"a watch named {name!r} exists already")
            watch.name, watch.spec, watch.updated_at = name, copy.deepcopy(spec), now_iso()
            for alert in d.alerts.values():
                if alert.watch_id == watch_id:
                    alert.watch = name
            d.watch_generation += 1
            return copy.deepcopy(watch)

    def remove_watch(self, watch_id: int) -> None:
        with self._writing():
            d = self.data
            if d.watches.pop(watch_id, None) is None:
                raise NotFound(f"no watch with id {watch_id}")
            for key, alert_id in list(d.alert_of.items()):
                if key[0] == watch_id:
                    del d.alert_of[key]
                    del d.alerts[alert_id]
            for delivery_id, delivery in list(d.outbox.items()):
                if delivery.watch_id == watch_id:
                    del d.outbox[delivery_id]
            d.watch_generation += 1

    def watch(self, key: int | str) -> Watch:
        d = self.data
        with d.lock:
            found = None
            if isinstance(key, int) or key.isdigit():
                found = d.watches.get(int(key))
            if found is None and isinstance(key, str):
                found = next((w for w in d.watches.values() if w.name == key), None)
            if found is None:
                raise NotFound(f"no watch {key!r} in {self.url}")
            return copy.deepcopy(found)

    def watch_by_token(self, token: str) -> Watch:
        with self.data.lock:
            found = next((w for w in self.data.watches.values() if w.feed_token == token), None)
            if found is None:
                raise NotFound("no such feed")
            return copy.deepcopy(found)

    def watches(self) -> list[Watch]:
        with self.data.lock:
            return [copy.deepcopy(w) for w in sorted(self.data.watches.values(), key=lambda w: (w.name, w.id))]

    def watch_generation(self) -> int:
        return int(self.data.watch_generation)

    def record_alerts(self, alerts: list[NewAlert]) -> list[int | None]:
        with self._writing():
            d = self.data
            for alert in alerts:  # checked first: all or nothing
                if alert.watch_id not in d.watches:
                    raise NotFound(f"no watch with id {alert.watch_id}")  # removed since it matched
                if alert.article_id not in d.articles:
                    raise NotFound(f"no article with id {alert.article_id} in {self.url}")
            now = now_iso()
            ids: list[int | None] = []
            for alert in alerts:
                if (alert.watch_id, alert.article_id) in d.alert_of:
                    ids.append(None)
                    continue
                alert_id = max(d.alerts, default=0) + 1
                d.alerts[alert_id] = Alert(alert_id, alert.watch_id, d.watches[alert.watch_id].name,
                                           alert.article_id, alert.quote, alert.reason, now)
                d.alert_of[(alert.watch_id, alert.article_id)] = alert_id
                for channel, target, first_try in alert.deliveries:
                    delivery_id = max(d.outbox, default=0) + 1
                    d.outbox[delivery_id] = Delivery(delivery_id, alert_id, alert.watch_id, channel, target,
                                                     "pending", 0, first_try, None, None, now)
                ids.append(alert_id)
            return ids

    def alerts(self, watch_id: int | None = None, since: str | None = None, limit: int = 100) -> list[Alert]:
        d = self.data
        with d.lock:
            chosen = [a for a in d.alerts.values()
                      if (watch_id is None or a.watch_id == watch_id) and (not since or a.created_at >= since)]
            chosen.sort(key=lambda a: (a.created_at, a.id), reverse=True)
            return [self._with_article(a) for a in chosen[:limit]]

    def alert(self, alert_id: int) -> Alert:
        with self.data.lock:
            found = self.data.alerts.get(alert_id)
            if found is None:
                raise NotFound(f"no alert with id {alert_id}")
            return self._with_article(found)

    def _with_article(self, alert: Alert) -> Alert:
        row = self.data.articles.get(alert.article_id)
        alert = copy.deepcopy(alert)
        if row is not None:
            alert.title, alert.agency, alert.published_at, alert.url = row.title, row.agency_id, row.published, row.url
        return alert

    def claim_deliveries(self, now: str, lease_until: str, limit: int = 100) -> list[Delivery]:
        with self._writing():
            d = self.data
            due = [x for x in d.outbox.values()
                   if (x.state == "pending" and x.next_try <= now)
                   or (x.state == "sending" and d.claimed_until.get(x.id, "") < now)]
            due.sort(key=lambda x: (x.next_try, x.id))
            for delivery in due[:limit]:
                delivery.state = "sending"
                d.claimed_until[delivery.id] = lease_until
            return [copy.deepcopy(x) for x in due[:limit]]

    def finish_delivery(self, outcome: Outcome, now: str) -> None:
        with self._writing():
            delivery = self.data.outbox.get(outcome.delivery_id)
            if delivery is None:
                return  # its watch was removed meanwhile
            delivery.attempts += 1
            self.data.claimed_until.pop(delivery.id, None)
            if outcome.sent:
                delivery.state, delivery.sent_at, delivery.last_error = "sent", now, None
            elif outcome.retry_at:
                delivery.state, delivery.next_try, delivery.last_error = "pending", outcome.retry_at, outcome.error
            else:
                delivery.state, delivery.last_error = "failed", outcome.error

    def deliveries(self, watch_id: int | None = None, state: str | None = None,
                   alert_id: int | None = None) -> list[Delivery]:
        with self.data.lock:
            return [copy.deepcopy(x) for _, x in sorted(self.data.outbox.items())
                    if (watch_id is None or x.watch_id == watch_id) and (state is None or x.state == state)
                    and (alert_id is None or x.alert_id == alert_id)]

    def add_user(self, name: str, password_hash: str) -> User:
        with self._writing():
            users = self.data.users
            if name in users:
                raise Conflict(f"a user named {name!r} exists already")
            user = User(len(users) + 1, name, password_hash, now_iso())
            users[name] = user
            return copy.deepcopy(user)

    def user(self, name: str) -> User:
        with self.data.lock:
            user = self.data.users.get(name)
            if user is None:
                raise NotFound(f"no user named {name!r}")
            return copy.deepcopy(user)

    def set_password(self, name: str, password_hash: str) -> None:
        with self._writing():
            user = self.data.users.get(name)
            if user is None:
                raise NotFound(f"no user named {name!r}")
            user.password_hash = password_hash


__all__ = ["MemoryWatches", "WatchData"]
