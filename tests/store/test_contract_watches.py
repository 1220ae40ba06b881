"""The Store contract, on every backend: watches, alerts once per (watch, article), the delivery
outbox (claims, leases, retries, giving up) and users."""

from __future__ import annotations

import pytest

from rasad.errors import Conflict, NotFound, StoreError
from rasad.pipeline import analyze_text
from rasad.store import open_store
from rasad.store.watch_values import NewAlert, Outcome, WatchSpec

T0, T1, T2, T9 = ("2025-11-02T09:00:00.000+00:00", "2025-11-02T09:01:00.000+00:00",
                  "2025-11-02T09:02:00.000+00:00", "2025-11-02T09:09:00.000+00:00")


@pytest.fixture
def store(store_url: str):
    with open_store(store_url) as s:
        yield s


def article_id(store, n: int = 0) -> int:
    return store.add(analyze_text(f"date 2025-11-0{n + 1} خبرگزاری مهر\nخبر آب شماره {n}\n\nمتن خبر {n}.", f"{n}")).id


def test_watches_crud(store) -> None:
    generation = store.watch_generation()
    first = store.add_watch("آب", WatchSpec(query="کم آبی", agency="IRNA", webhook="https://h.example/x"), owner="sara")
    assert store.watch_generation() > generation
    assert first.spec.query == "کم آبی" and first.owner == "sara"
    assert len(first.secret) >= 32 and len(first.feed_token) >= 24
    second = store.add_watch("مومنی", WatchSpec(person="اسکندر مومنی", quotes_only=True))
    assert first.secret != second.secret and first.feed_token != second.feed_token
    with pytest.raises(Conflict):
        store.add_watch("آب", WatchSpec(query="x"))
    assert [w.name for w in store.watches()] == ["آب", "مومنی"]
    assert store.watch("آب").id == first.id and store.watch(first.id).name == "آب"
    assert store.watch(str(second.id)).name == "مومنی"
    assert store.watch_by_token(first.feed_token).id == first.id
    with pytest.raises(NotFound):
        store.watch_by_token("nope")
    generation = store.watch_generation()
    changed = store.update_watch(first.id, WatchSpec(query="خشکسالی", digest="daily", email="a@b.ir"), name="خشکی")
    assert store.watch_generation() > generation
    assert (changed.name, changed.spec.query, changed.spec.digest) == ("خشکی", "خشکسالی", "daily")
    assert changed.secret == first.secret and changed.feed_token == first.feed_token
    with pytest.raises(Conflict):
        store.update_watch(first.id, WatchSpec(query="x"), name="مومنی")
    store.remove_watch(second.id)
    with pytest.raises(NotFound):
        store.watch("مومنی")
    with pytest.raises(NotFound):
        store.remove_watch(second.id)


def test_alert_once_per_watch_and_article(store) -> None:
    watch = store.add_watch("آب", WatchSpec(query="آب", webhook="https://h.example/x", email="a@b.ir"))
    a = article_id(store)
    new = NewAlert(watch.id, a, "query", quote="«آب نیست»",
                   deliveries=[("webhook", "https://h.example/x", T0), ("email", "a@b.ir", T0)])
    alert_id = store.record_alert(new)
    assert alert_id is not None
    assert store.record_alert(new) is None  # again: nothing new, nothing queued
    assert len(store.deliveries()) == 2
    [alert] = store.alerts()
    assert (alert.id, alert.watch, alert.article_id, alert.quote) == (alert_id, "آب", a, "«آب نیست»")
    assert alert.title.startswith("خبر آب") and alert.agency == "Mehr" and alert.published_at.startswith("2025-11-01")
    assert alert.to_record()["published_jalali"] == "1404-08-10"
    assert store.alert(alert_id).to_record() == alert.to_record()
    with pytest.raises(NotFound):
        store.alert(alert_id + 100)
    b = article_id(store, 1)
    store.record_alert(NewAlert(watch.id, b, "query"))
    assert [x.article_id for x in store.alerts()] == [b, a]  # newest first
    assert [x.article_id for x in store.alerts(limit=1)] == [b]
    assert store.alerts(since="2999-01-01T00:00:00.000+00:00") == []
    with pytest.raises(NotFound):  # a watch removed after it matched
        store.record_alert(NewAlert(watch.id + 100, a, "query"))
    with pytest.raises(NotFound):
        store.record_alert(NewAlert(watch.id, a + 100, "query"))
    c = article_id(store, 2)
    with pytest.raises(NotFound):  # all or nothing
        store.record_alerts([NewAlert(watch.id, c, "q"), NewAlert(watch.id + 100, c, "q")])
    assert [x.article_id for x in store.alerts()] == [b, a]
    assert store.record_alerts([NewAlert(watch.id, c, "q"), NewAlert(watch.id, a, "q")])[1] is None
    assert [x.article_id for x in store.alerts()] == [c, b, a]
    other = store.add_watch("دیگر", WatchSpec(query="خبر"))
    store.record_alert(NewAlert(other.id, a, "query"))
    assert [x.article_id for x in store.alerts(watch_id=other.id)] == [a]
    store.remove_watch(watch.id)  # its alerts and deliveries go with it
    assert [x.watch for x in store.alerts()] == ["دیگر"] and store.deliveries() == []


def test_outbox_claim_retry_give_up(store) -> None:
    watch = store.add_watch("آب", WatchSpec(query="آب", webhook="https://h.example/x"))
    a, b = article_id(store), article_id(store, 1)
    store.record_alert(NewAlert(watch.id, a, "q", deliveries=[("webhook", "https://h.example/x", T0)]))
    store.record_alert(NewAlert(watch.id, b, "q", deliveries=[("webhook", "https://h.example/x", T2)]))
    claimed = store.claim_deliveries(T1, T9)
    assert [(d.channel, d.state, d.attempts) for d in claimed] == [("webhook", "sending", 0)]  # b is not due
    assert store.claim_deliveries(T1, T9) == []  # claimed: nobody else takes it
    store.finish_delivery(Outcome(claimed[0].id, sent=False, error="HTTP 503", retry_at=T2), T1)
    [again, later] = store.claim_deliveries(T2, T9)
    assert (again.id, again.attempts, again.last_error) == (claimed[0].id, 1, "HTTP 503")
    store.finish_delivery(Outcome(again.id, sent=True), T2)
    store.finish_delivery(Outcome(later.id, sent=False, error="refused"), T2)  # given up
    sent, failed = store.deliveries()
    assert (sent.state, sent.attempts, sent.sent_at, sent.last_error) == ("sent", 2, T2, None)
    assert (failed.state, failed.last_error) == ("failed", "refused")
    assert [d.id for d in store.deliveries(state="failed")] == [failed.id]
    assert store.claim_deliveries(T9, T9) == []  # sent and failed rows are never claimed again


def test_claim_lease_runs_out(store) -> None:
    """A process that claimed a row and died: after its lease another process takes the row."""
    watch = store.add_watch("آب", WatchSpec(query="آب", webhook="https://h.example/x"))
    store.record_alert(NewAlert(watch.id, article_id(store), "q", deliveries=[("webhook", "https://h.example/x", T0)]))
    [first] = store.claim_deliveries(T0, T1)
    assert store.claim_deliveries(T1, T2) == []  # lease not yet over at T1
    [taken] = store.claim_deliveries(T2, T9)
    assert taken.id == first.id


def test_claims_across_connections(store_url: str, store) -> None:
    """Two handles on one store (two processes with SQLite) never claim the same row."""
    watch = store.add_watch("آب", WatchSpec(query="آب", webhook="https://h.example/x"))
    for n in range(4):
        store.record_alert(NewAlert(watch.id, article_id(store, n), "q",
                                    deliveries=[("webhook", "https://h.example/x", T0)]))
    with open_store(store_url) as other:
        mine = store.claim_deliveries(T1, T9, limit=2)
        theirs = other.claim_deliveries(T1, T9)
    assert len(mine) == 2 and len(theirs) == 2 and not {d.id for d in mine} & {d.id for d in theirs}


def test_users(store) -> None:
    user = store.add_user("sara", "$argon2id$fake")
    assert store.user("sara").password_hash == "$argon2id$fake" and user.name == "sara"
    with pytest.raises(Conflict):
        store.add_user("sara", "x")
    store.set_password("sara", "$argon2id$other")
    assert store.user("sara").password_hash == "$argon2id$other"
    with pytest.raises(NotFound):
        store.user("nobody")
    with pytest.raises(NotFound):
        store.set_password("nobody", "x")


def test_read_only_refuses_watch_writes(store_url: str, store) -> None:
    store.add_watch("آب", WatchSpec(query="آب"))
    with open_store(store_url, write=False) as reader:
        assert [w.name for w in reader.watches()] == ["آب"]
        with pytest.raises(StoreError):
            reader.add_watch("دیگر", WatchSpec(query="x"))
