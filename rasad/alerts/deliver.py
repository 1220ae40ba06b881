"""Delivery from the store's outbox: claim the due rows, send each (a webhook POST, an email, a
digest's emails as one message), record what became of it.

Exactly-once-ish: an alert and its deliveries are recorded in one transaction; a pass claims rows
(marked `sending` under a lease, so no other process takes them), sends, and marks each sent. A
process killed before its claim leaves the rows pending: the next pass, in any process, sends them
once. One killed after sending and before marking sent (a window of one HTTP exchange) sends again
when the lease runs out; the receiver tells by the `X-Rasad-Delivery` header, the same both times.
A failed send is tried again later, the wait doubling (rasad.alerts.schedule.retry_at), and given
up after `alert_attempts`, with its last error kept for `rasad alerts` and the watch's page.

Webhook targets pass the fetcher's private-network guard (rasad.acquire.guard) unless
RASAD_ALLOW_PRIVATE_NETWORKS=1.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import smtplib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from rasad import settings
from rasad.acquire.guard import GuardedTransport, check_url
from rasad.alerts.email import build_message, send_message
from rasad.alerts.schedule import retry_at
from rasad.errors import FetchError, NotFound, RasadError
from rasad.store.base import Store
from rasad.store.values import jalali
from rasad.store.watch_values import Alert, Delivery, Outcome, Watch, now_iso

LEASE = timedelta(minutes=5)  # a claimed row is taken again by another pass after this
WEBHOOK_TIMEOUT = 15.0
SIGNATURE_HEADER = "X-Rasad-Signature"
USER_AGENT = "rasad-alerts/1"


def sign(secret: str, body: bytes) -> str:
    """The `X-Rasad-Signature` value: `sha256=` and the hex HMAC-SHA256 of the body under the watch's secret."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def webhook_payload(watch: Watch, alert: Alert, base_url: str | None = None) -> dict[str, Any]:
    """What a webhook receives: the watch, the article (id, title, agency, publication in both
    calendars, URL, its page here) and the matched quote."""
    base = (base_url or settings.get("base_url")).rstrip("/")
    return {"watch": watch.name, "watch_id": watch.id, "alert_id": alert.id, "article_id": alert.article_id,
            "title": alert.title, "agency": alert.agency, "published": alert.published_at,
            "published_jalali": jalali(alert.published_at), "url": alert.url,
            "page": f"{base}/articles/{alert.article_id}", "quote": alert.quote, "reason": alert.reason,
            "alerted_at": alert.created_at}


@dataclass(slots=True)
class PassReport:
    """What one delivery pass did."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)  # "watch: target: reason", one per failed send

    def add(self, other: PassReport) -> None:
        self.sent, self.retried, self.failed = (self.sent + other.sent, self.retried + other.retried,
                                                self.failed + other.failed)
        self.errors += other.errors


class Sender:
    """The transports: an HTTP client behind the private-network guard, and SMTP."""

    def __init__(self) -> None:
        self._client = httpx.Client(timeout=WEBHOOK_TIMEOUT, follow_redirects=False,
                                    headers={"User-Agent": USER_AGENT}, transport=GuardedTransport())

    def close(self) -> None:
        self._client.close()

    def post(self, url: str, body: bytes, headers: dict[str, str]) -> None:
        check_url(url)
        try:
            response = self._client.post(url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise FetchError(url, f"{type(exc).__name__}: {exc}") from None
        if not 200 <= response.status_code < 300:
            raise FetchError(url, f"HTTP {response.status_code}")

    def mail(self, message: Any) -> None:
        send_message(message)


class Deliverer:
    """Delivery passes over one store: `run_once()` sends what is due."""

    def __init__(self, store: Store, sender: Sender | None = None,
                 clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.store = store
        self.sender = sender or Sender()
        self.clock = clock
        self._watches: dict[int, Watch] = {}

    def close(self) -> None:
        self.sender.close()

    def run_once(self, limit: int = 200) -> PassReport:
        """Claim the due deliveries and send them; the report of what happened."""
        report = PassReport()
        now = self.clock()
        claimed = self.store.claim_deliveries(now_iso(now), now_iso(now + LEASE), limit)
        self._watches = {}
        webhooks = [d for d in claimed if d.channel == "webhook"]
        emails: dict[tuple[int, str], list[Delivery]] = {}  # a digest's rows go in one message
        for d in claimed:
            if d.channel == "email":
                watch = self._watch(d.watch_id)
                key = (d.watch_id, d.target) if watch and watch.spec.digest else (-d.id, d.target)
                emails.setdefault(key, []).append(d)
        for d in webhooks:
            self._send([d], lambda ds: self._post(ds[0]), report)
        for group in emails.values():
            self._send(group, self._mail, report)
        return report

    def _watch(self, watch_id: int) -> Watch | None:
        if watch_id not in self._watches:
            try:
                self._watches[watch_id] = self.store.watch(watch_id)
            except NotFound:
                return None
        return self._watches[watch_id]

    def _post(self, delivery: Delivery) -> None:
        watch = self._watch(delivery.watch_id)
        if watch is None:
            raise NotFound(f"watch {delivery.watch_id} was removed")
        body = json.dumps(webhook_payload(watch, self.store.alert(delivery.alert_id)), ensure_ascii=False).encode()
        self.sender.post(delivery.target, body, {
            "Content-Type": "application/json; charset=utf-8", SIGNATURE_HEADER: sign(watch.secret, body),
            "X-Rasad-Delivery": str(delivery.id), "X-Rasad-Watch": str(watch.id)})

    def _mail(self, group: list[Delivery]) -> None:
        watch = self._watch(group[0].watch_id)
        if watch is None:
            raise NotFound(f"watch {group[0].watch_id} was removed")
        alerts = sorted((self.store.alert(d.alert_id) for d in group), key=lambda a: a.created_at, reverse=True)
        self.sender.mail(build_message(watch, alerts, group[0].target))

    def _send(self, group: list[Delivery], send: Callable[[list[Delivery]], None], report: PassReport) -> None:
        try:
            send(group)
        except (RasadError, smtplib.SMTPException, OSError) as exc:
            now = self.clock()
            reason = str(exc) if isinstance(exc, RasadError) else f"{type(exc).__name__}: {exc}"
            permanent = isinstance(exc, NotFound) or (isinstance(exc, FetchError) and "refused" in exc.reason)
            for d in group:
                again = None if permanent else retry_at(d.attempts + 1, now)
                self.store.finish_delivery(Outcome(d.id, sent=False, error=reason[:500], retry_at=again), now_iso(now))
                if again:
                    report.retried += 1
                else:
                    report.failed += 1
            watch = self._watch(group[0].watch_id)
            report.errors.append(f"{watch.name if watch else group[0].watch_id}: {group[0].target}: {reason}")
            return
        now = self.clock()
        for d in group:
            self.store.finish_delivery(Outcome(d.id, sent=True), now_iso(now))
            report.sent += 1


class DeliveryWorker:
    """Delivery passes in a background thread over a store of its own (inside `rasad monitor` and
    `rasad serve`): one every `interval` seconds (setting `alert_interval`), and at once after
    `wake()` (the matcher calls it when it records an alert)."""

    def __init__(self, db_url: str, interval: float | None = None,
                 on_report: Callable[[PassReport], None] | None = None) -> None:
        self.db_url = db_url
        self.interval = settings.get("alert_interval") if interval is None else interval
        self.on_report = on_report
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rasad-delivery", daemon=True)

    def start(self) -> DeliveryWorker:
        self._thread.start()
        return self

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout)

    def _run(self) -> None:
        import logging

        from rasad.store import open_store

        log = logging.getLogger("rasad.alerts")
        try:
            store = open_store(self.db_url)
        except RasadError as exc:  # a database on read-only media: nothing can be marked sent there
            log.warning("alert delivery is off: %s", exc)
            return
        with store:
            deliverer = Deliverer(store)
            try:
                while not self._stop.is_set():
                    self._wake.clear()
                    try:
                        report = deliverer.run_once()
                        if self.on_report and (report.sent or report.retried or report.failed):
                            self.on_report(report)
                    except RasadError as exc:  # the store is busy or gone: try again next time
                        log.warning("alert delivery: %s", exc)
                    except Exception:  # a bug must not stop delivery for good: its rows come back after the lease
                        log.exception("alert delivery failed")
                    self._wake.wait(self.interval)
            finally:
                deliverer.close()


def send_due(store: Store, rounds: int = 1) -> PassReport:
    """`rasad alerts send`: delivery passes until nothing due is left (at most `rounds` of 200)."""
    deliverer = Deliverer(store)
    total = PassReport()
    try:
        for _ in range(rounds):
            report = deliverer.run_once()
            total.add(report)
            if report.sent + report.retried + report.failed < 200:
                break
    finally:
        deliverer.close()
    return total


__all__ = ["LEASE", "SIGNATURE_HEADER", "Deliverer", "DeliveryWorker", "PassReport", "Sender", "send_due", "sign",
           "webhook_payload"]
