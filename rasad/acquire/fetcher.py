"""Polite HTTP: per-host pacing and concurrency, robots.txt, conditional GET, retries with backoff,
size and time limits, checked redirects and a private-network guard. Errors are FetchError."""

from __future__ import annotations

import threading
import time
import urllib.robotparser
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

from rasad.acquire.deadline import deadline
from rasad.acquire.guard import GuardedTransport, Resolver, check_url, private_networks_allowed, resolve_host
from rasad.errors import FetchError
from rasad.models import RawDocument
from rasad.text.charset import decode_body

__all__ = ["FetchResult", "FetchSettings", "FetchState", "Fetcher", "shown_url"]

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, slots=True)
class FetchSettings:
    """Limits and manners of the fetcher. Tests shrink the delays; the defaults are for real sites."""

    user_agent: str = "rasad/0.1 (Persian news monitor; polite crawler)"
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    total_timeout: float = 60.0  # wall clock for one attempt, body included
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 2  # extra attempts after a 5xx, 429 or a timeout
    backoff: float = 1.0  # seconds before the first retry, doubled each time
    max_backoff: float = 60.0
    host_interval: float = 1.0  # seconds between two requests to one host (robots Crawl-delay wins)
    max_host_interval: float = 30.0  # the most a robots.txt Crawl-delay may make us wait
    max_url_chars: int = 4096  # longer links (a feed's 100,000-character one) are refused
    host_concurrency: int = 2
    max_workers: int = 8  # threads for fetch_many, across hosts
    respect_robots: bool = True
    allow_private: bool = False  # also lifted by RASAD_ALLOW_PRIVATE_NETWORKS=1


@dataclass(slots=True)
class FetchState:
    """What a conditional GET needs from the last fetch of a URL; the caller persists it."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        headers = {}
        if self.etag:
            headers["If-None-Match"] = self.etag
        if self.last_modified:
            headers["If-Modified-Since"] = self.last_modified
        return headers

    def to_dict(self) -> dict[str, str | None]:
        return {"etag": self.etag, "last_modified": self.last_modified}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> FetchState:
        data = data or {}
        return cls(etag=data.get("etag"), last_modified=data.get("last_modified"))


@dataclass(slots=True)
class FetchResult:
    url: str  # as asked
    final_url: str  # after redirects
    status: int
    content: bytes
    headers: dict[str, str]
    state: FetchState  # to pass to the next fetch of `url`
    fetched: datetime
    redirects: list[str] = field(default_factory=list)
    text: str = ""
    encoding: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def media_type(self) -> str:
        media = self.headers.get("content-type", "").split(";")[0].strip().lower()
        return media or "application/octet-stream"

    def to_raw_document(self) -> RawDocument:
        return RawDocument(source=self.url, content=self.text or self.content, url=self.final_url,
                           fetched=self.fetched, headers=dict(self.headers), media_type=self.media_type)


class _HostGate:
    """At most `concurrency` requests in flight to one host, and `interval` seconds between starts."""

    def __init__(self, concurrency: int) -> None:
        self.semaphore = threading.BoundedSemaphore(max(1, concurrency))
        self.lock = threading.Lock()
        self.next_start = 0.0

    def wait_turn(self, interval: float, sleep: Callable[[float], None]) -> None:
        with self.lock:
            now = time.monotonic()
            start = max(now, self.next_start)
            self.next_start = start + interval
        if start > now:
            sleep(start - now)


class Fetcher:
    """A polite, guarded HTTP client. Thread-safe; `fetch_many` fetches across hosts in parallel."""

    def __init__(self, settings: FetchSettings | None = None, *, client: httpx.Client | None = None,
                 resolver: Resolver = resolve_host, sleep: Callable[[float], None] = time.sleep) -> None:
        self.settings = settings or FetchSettings()
        s = self.settings
        timeout = httpx.Timeout(s.read_timeout, connect=s.connect_timeout)
        self._client = client or httpx.Client(
            timeout=timeout, follow_redirects=False, headers={"User-Agent": s.user_agent},
            transport=GuardedTransport(resolver, lambda: s.allow_private or private_networks_allowed()))
        self._owns_client = client is None
        self._resolver = resolver
        self._sleep = sleep
        self._gates: dict[str, _HostGate] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._owns_client:
            self._client.close()

    # -- public -------------------------------------------------------------------------------

    def fetch(self, url: str, state: FetchState | None = None) -> FetchResult:
        """GET `url` (conditionally when `state` has validators), following checked redirects."""
        state = state or FetchState()
        if len(url) > self.settings.max_url_chars:
            limit = self.settings.max_url_chars
            raise FetchError(shown_url(url), f"URL of {len(url):,} characters, over the {limit:,} limit")
        try:
            return self._fetch(url, state)
        except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError, UnicodeError) as error:
            raise FetchError(shown_url(url), f"invalid URL: {error}") from None

    def _fetch(self, url: str, state: FetchState) -> FetchResult:
        redirects: list[str] = []
        current = url
        while True:
            self._check(current)
            if self.settings.respect_robots and not self._robots_allow(current):
                raise FetchError(current, "disallowed by robots.txt")
            status, headers, content = self._get_with_retries(current, state.headers())
            if status in REDIRECT_STATUSES:
                location = headers.get("location")
                if not location:
                    raise FetchError(current, f"HTTP {status} redirect without a Location header")
                if len(redirects) >= self.settings.max_redirects:
                    raise FetchError(url, f"too many redirects (more than {self.settings.max_redirects})")
                redirects.append(current)
                current = urljoin(current, location)
                continue
            return self._result(url, current, status, headers, content, state, redirects)

    def fetch_many(self, requests: Iterable[tuple[str, FetchState | None]]
                   ) -> list[FetchResult | FetchError]:
        """Fetch many URLs with a thread pool; per-host limits still hold. Order is kept; a failed URL
        gives its FetchError in its place instead of raising."""
        items = list(requests)

        def one(index: int) -> FetchResult | FetchError:
            try:
                return self.fetch(*items[index])
            except FetchError as error:
                return error

        # Round-robin over hosts, so that the workers are not all queued behind one host's limit.
        rank: dict[str, int] = {}
        order = sorted(range(len(items)), key=lambda i: (_bump(rank, _netloc(items[i][0])), i))
        results: list[FetchResult | FetchError | None] = [None] * len(items)
        with ThreadPoolExecutor(max_workers=max(1, self.settings.max_workers)) as pool:
            for index, result in zip(order, pool.map(one, order), strict=True):
                results[index] = result
        return [r for r in results if r is not None]

    # -- steps ----------------------------------------------------------------------------------

    def _check(self, url: str) -> None:
        allow = self.settings.allow_private or private_networks_allowed()
        check_url(url, allow_private=allow, resolver=self._resolver)

    def _gate(self, host: str) -> _HostGate:
        with self._lock:
            if host not in self._gates:
                self._gates[host] = _HostGate(self.settings.host_concurrency)
            return self._gates[host]

    def _host_interval(self, url: str) -> float:
        robots = self._robots.get(_origin(url))
        delay = robots.crawl_delay(self.settings.user_agent) if robots else None
        try:
            wanted = float(delay or 0)
        except (TypeError, ValueError, OverflowError):
            wanted = 0.0
        return max(self.settings.host_interval, min(wanted, self.settings.max_host_interval))

    def _get_with_retries(self, url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        s = self.settings
        attempt = 0
        while True:
            try:
                status, response_headers, content = self._get_once(url, headers)
            except FetchError as error:
                if not error.reason.startswith("timed out") or attempt >= s.retries:
                    raise
                self._sleep(self._delay(attempt, None))
                attempt += 1
                continue
            if status in RETRY_STATUSES and attempt < s.retries:
                self._sleep(self._delay(attempt, response_headers.get("retry-after")))
                attempt += 1
                continue
            return status, response_headers, content

    def _delay(self, attempt: int, retry_after: str | None) -> float:
        delay = self.settings.backoff * (2**attempt)
        if retry_after:
            delay = max(delay, _retry_after_seconds(retry_after))
        return min(delay, self.settings.max_backoff)

    def _get_once(self, url: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        host = urlsplit(url).hostname or ""
        gate = self._gate(host)
        with gate.semaphore:
            gate.wait_turn(self._host_interval(url), self._sleep)
            try:
                with deadline(self.settings.total_timeout), \
                        self._client.stream("GET", url, headers=headers) as response:
                    response_headers = {k.lower(): v for k, v in response.headers.items()}
                    if response.status_code in REDIRECT_STATUSES or response.status_code == 304:
                        return response.status_code, response_headers, b""
                    content = self._read_body(url, response)
                    return response.status_code, response_headers, content
            except httpx.TimeoutException as error:
                raise FetchError(url, f"timed out ({type(error).__name__}: {error})") from None
            except httpx.HTTPError as error:
                raise FetchError(url, f"network error: {type(error).__name__}: {error}") from None

    def _read_body(self, url: str, response: httpx.Response) -> bytes:
        s = self.settings
        declared = response.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > s.max_bytes:
            raise FetchError(url, f"body too large: {declared} bytes declared, limit {s.max_bytes}")
        deadline = time.monotonic() + s.total_timeout
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > s.max_bytes:
                raise FetchError(url, f"body too large: over the {s.max_bytes} byte limit")
            if time.monotonic() > deadline:
                raise FetchError(url, f"timed out: body not read within {s.total_timeout}s")
            chunks.append(chunk)
        return b"".join(chunks)

    def _result(self, url: str, final: str, status: int, headers: dict[str, str], content: bytes,
                state: FetchState, redirects: list[str]) -> FetchResult:
        now = datetime.now(UTC)
        if status == 304:
            return FetchResult(url, final, 304, b"", headers, state, now, redirects)
        if not 200 <= status < 300:
            raise FetchError(final, f"HTTP {status} {_reason(status)}".rstrip())
        new_state = FetchState(etag=headers.get("etag"), last_modified=headers.get("last-modified"))
        text, encoding = decode_body(content, headers.get("content-type"))
        return FetchResult(url, final, status, content, headers, new_state, now, redirects, text, encoding)

    # -- robots.txt ----------------------------------------------------------------------------

    def _robots_allow(self, url: str) -> bool:
        origin = _origin(url)
        with self._lock:
            known = origin in self._robots
        if not known:
            parser = self._load_robots(origin)
            with self._lock:
                self._robots[origin] = parser
        parser = self._robots[origin]
        return parser is None or parser.can_fetch(self.settings.user_agent, url)

    def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser | None:
        """The parsed robots.txt, or None (allow all) when it is missing or cannot be read.
        Like urllib.robotparser, 401 and 403 mean everything is disallowed."""
        robots_url = origin + "/robots.txt"
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            status, _, content = self._get_once(robots_url, {})
        except FetchError:
            return None
        if status in (401, 403):
            parser.disallow_all = True  # type: ignore[attr-defined]  # the parser's own flag, not in typeshed
            return parser
        if not 200 <= status < 300:
            return None
        parser.parse(decode_body(content[:512 * 1024], None)[0].splitlines())
        return parser


def shown_url(url: str, chars: int = 200) -> str:
    """A URL short enough for a message."""
    return url if len(url) <= chars else url[:chars] + f"… ({len(url):,} characters)"


def _netloc(url: str) -> str:
    try:
        return urlsplit(url).netloc
    except ValueError:  # fetch reports it
        return ""


def _bump(counts: dict[str, int], key: str) -> int:
    counts[key] = counts.get(key, -1) + 1
    return counts[key]


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _reason(status: int) -> str:
    return httpx.codes.get_reason_phrase(status)  # "" for a status without a name


def _retry_after_seconds(value: str) -> float:
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 0.0
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
