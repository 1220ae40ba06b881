"""When a delivery is due: at once, or at the end of its digest's hour or day (Tehran's day); and
when a failed one is tried again (exponential backoff, settings `alert_retry_seconds`, capped)."""

from __future__ import annotations

from datetime import datetime, timedelta

from rasad import settings
from rasad.store.watch_values import Channel, WatchSpec, now_iso
from rasad.text.dates import TEHRAN

MAX_BACKOFF = timedelta(hours=6)


def digest_due(digest: str, now: datetime) -> datetime:
    """The end of the hour (`hourly`) or of Tehran's day (`daily`) that `now` falls in."""
    if digest == "hourly":
        return now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    local = now.astimezone(TEHRAN)
    midnight = datetime(local.year, local.month, local.day, tzinfo=TEHRAN) + timedelta(days=1)
    return midnight


def first_tries(spec: WatchSpec, now: datetime) -> list[tuple[Channel, str, str]]:
    """The deliveries an alert of this watch owes: (channel, target, due)."""
    out: list[tuple[Channel, str, str]] = []
    if spec.webhook:
        out.append(("webhook", spec.webhook, now_iso(now)))
    if spec.email:
        out.append(("email", spec.email, now_iso(digest_due(spec.digest, now) if spec.digest else now)))
    return out


def retry_at(attempts: int, now: datetime) -> str | None:
    """When to try again after the `attempts`-th failure (1 for the first), or None: give up."""
    if attempts >= settings.get("alert_attempts"):
        return None
    delay = timedelta(seconds=settings.get("alert_retry_seconds") * 2 ** (attempts - 1))
    return now_iso(now + min(delay, MAX_BACKOFF))


__all__ = ["MAX_BACKOFF", "digest_due", "first_tries", "retry_at"]
