"""The values of watches, their alerts, the delivery outbox and the accounts (rasad.store.base.WatchStore).
Backend-neutral: every backend fills them the same way; times are ISO 8601 strings in UTC with
milliseconds (`now_iso`), which order as they compare."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from typing import Any, Literal

from rasad.store.values import jalali

Digest = Literal["hourly", "daily"]
Channel = Literal["webhook", "email"]
DeliveryState = Literal["pending", "sending", "sent", "failed"]
DIGESTS: tuple[str, ...] = ("hourly", "daily")
CHANNELS: tuple[str, ...] = ("webhook", "email")


def now_iso(moment: datetime | None = None) -> str:
    """A time as the watch tables keep it: `2025-11-02T09:30:00.123+00:00` (UTC, milliseconds)."""
    return (moment or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="milliseconds")


@dataclass(slots=True)
class WatchSpec:
    """What a watch matches and where it delivers: the fields a user sets (CLI, web form)."""

    query: str = ""  # search words and "quoted phrases", all required (as in search)
    agency: str | None = None  # agency id
    person: str | None = None  # a person: any article naming them, or with `quotes_only` their quotes
    org: str | None = None  # an organization the article names
    place: str | None = None  # a place the article names
    quotes_only: bool = False
    story_agencies: int | None = None  # the article's story is carried by at least this many agencies
    webhook: str | None = None
    email: str | None = None
    digest: Digest | None = None  # email gathered hourly or daily instead of one message an alert

    def to_record(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> WatchSpec:
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in record.items() if k in names})

    def matches_anything(self) -> bool:
        return bool(self.query.strip() or self.agency or self.person or self.org or self.place
                    or self.story_agencies)


@dataclass(slots=True)
class Watch:
    id: int
    name: str
    spec: WatchSpec
    secret: str  # the webhook's HMAC-SHA256 key
    feed_token: str  # the Atom feed's unguessable path part
    owner: str | None  # the user who made it (None: the command line)
    created_at: str
    updated_at: str

    def to_record(self, secrets: bool = False) -> dict[str, Any]:
        record: dict[str, Any] = {"id": self.id, "name": self.name, **self.spec.to_record(), "owner": self.owner,
                                  "created_at": self.created_at, "updated_at": self.updated_at}
        if secrets:
            record |= {"secret": self.secret, "feed_token": self.feed_token}
        return record


@dataclass(slots=True)
class Alert:
    """A watch matched an article, recorded once per (watch, article)."""

    id: int
    watch_id: int
    watch: str  # the watch's name
    article_id: int
    quote: str | None  # the matched quote (person watches)
    reason: str  # what matched, in a few words
    created_at: str
    title: str = ""
    agency: str | None = None
    published_at: str | None = None
    url: str | None = None

    def to_record(self) -> dict[str, Any]:
        return {"id": self.id, "watch": self.watch, "watch_id": self.watch_id, "article_id": self.article_id,
                "title": self.title, "agency": self.agency, "published": self.published_at,
                "published_jalali": jalali(self.published_at), "url": self.url, "quote": self.quote,
                "reason": self.reason, "created_at": self.created_at}


@dataclass(slots=True)
class Delivery:
    """One alert to send on one channel: a row of the outbox."""

    id: int
    alert_id: int
    watch_id: int
    channel: Channel
    target: str  # the URL or the address
    state: DeliveryState
    attempts: int
    next_try: str
    last_error: str | None = None
    sent_at: str | None = None
    created_at: str = ""

    def to_record(self) -> dict[str, Any]:
        return {"id": self.id, "alert_id": self.alert_id, "watch_id": self.watch_id, "channel": self.channel,
                "target": self.target, "state": self.state, "attempts": self.attempts, "next_try": self.next_try,
                "last_error": self.last_error, "sent_at": self.sent_at, "created_at": self.created_at}


@dataclass(slots=True)
class Outcome:
    """What became of a claimed delivery: sent, to be tried again at `retry_at`, or given up."""

    delivery_id: int
    sent: bool
    error: str | None = None
    retry_at: str | None = None  # None with an error: given up


@dataclass(slots=True)
class User:
    id: int
    name: str
    password_hash: str  # argon2id (rasad.alerts.accounts)
    created_at: str


@dataclass(slots=True)
class NewAlert:
    """An alert to record with the deliveries it owes (`(channel, target, first try)`)."""

    watch_id: int
    article_id: int
    reason: str
    quote: str | None = None
    deliveries: list[tuple[Channel, str, str]] = field(default_factory=list)


__all__ = ["CHANNELS", "DIGESTS", "Alert", "Channel", "Delivery", "DeliveryState", "Digest", "NewAlert", "Outcome",
           "User", "Watch", "WatchSpec", "now_iso"]
