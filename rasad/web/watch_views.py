"""The watches' pages as dicts (their JSON twins give the same): the list of watches, and one watch
with its alerts, its deliveries' state and its Atom feed's path. Never a webhook secret."""

from __future__ import annotations

from typing import Any

from rasad.store.base import Store
from rasad.store.values import jalali
from rasad.store.watch_values import Watch

__all__ = ["feed_path", "watch_record", "watch_view", "watches_view"]

STATES = ("pending", "sending", "sent", "failed")


def feed_path(watch: Watch) -> str:
    return f"/watches/feed/{watch.feed_token}.atom"


def watch_record(watch: Watch) -> dict[str, Any]:
    return watch.to_record() | {"feed": feed_path(watch)}


def watches_view(store: Store) -> dict[str, Any]:
    rows = []
    for watch in store.watches():
        latest = store.alerts(watch_id=watch.id, limit=1)
        rows.append(watch_record(watch) | {"latest_alert": latest[0].created_at if latest else None})
    return {"watches": rows}


def watch_view(store: Store, watch_id: int, limit: int = 50) -> dict[str, Any]:
    watch = store.watch(watch_id)
    deliveries = store.deliveries(watch_id=watch.id)
    alerts = []
    for alert in store.alerts(watch_id=watch.id, limit=limit):
        alerts.append(alert.to_record() | {"deliveries": [d.to_record() for d in deliveries if d.alert_id == alert.id]})
    return {
        "watch": watch_record(watch),
        "alerts": alerts,
        "deliveries": {state: sum(1 for d in deliveries if d.state == state) for state in STATES},
        "failures": [d.to_record() | {"created_jalali": jalali(d.created_at)}
                     for d in deliveries if d.state == "failed" or (d.state == "pending" and d.last_error)],
    }
