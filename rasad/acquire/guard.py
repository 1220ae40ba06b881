"""Refuse URLs that point into private networks (SSRF guard) unless the settings allow them.

Every address the host resolves to is checked, so a name with one public and one private address
is refused. `check_url` runs on each redirect hop and gives the early, clear error; `GuardedTransport`
checks again where the socket is opened, resolving the host itself and connecting only to an
address it has just accepted, so a name that re-resolves to a private address between the check
and the connection (DNS rebinding) is refused too. (Through an HTTP proxy, which resolves names
itself, only the URL check applies.)
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from rasad import settings
from rasad.acquire.deadline import DeadlineBackend
from rasad.errors import FetchError

__all__ = ["ALLOW_PRIVATE_ENV", "GuardedTransport", "Resolver", "check_url", "private_networks_allowed",
           "resolve_host"]

ALLOW_PRIVATE_ENV = settings.setting("allow_private_networks").env  # RASAD_ALLOW_PRIVATE_NETWORKS

Resolver = Callable[[str, int], list[str]]


def private_networks_allowed() -> bool:
    """True when the environment lifts the guard (RASAD_ALLOW_PRIVATE_NETWORKS=1; tests use it)."""
    return bool(settings.get("allow_private_networks"))


def resolve_host(host: str, port: int) -> list[str]:
    """All the addresses `host` resolves to (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


def _refusal(address: str) -> str | None:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for label, flag in (
        ("loopback", ip.is_loopback),
        ("link-local", ip.is_link_local),
        ("multicast", ip.is_multicast),
        ("unspecified", ip.is_unspecified),
        ("reserved", ip.is_reserved),
        ("private", ip.is_private),
        ("not globally routable", not ip.is_global),
    ):
        if flag:
            return label
    return None


def check_url(url: str, *, allow_private: bool | None = None, resolver: Resolver = resolve_host) -> None:
    """Raise FetchError unless `url` is http(s) and every address of its host is public."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchError(url, f"scheme {parts.scheme or '(none)'!r} is not allowed (http and https only)")
    host = parts.hostname
    if not host:
        raise FetchError(url, "no host in URL")
    if allow_private is None:
        allow_private = private_networks_allowed()
    if allow_private:
        return
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError(url, "invalid port") from None
    try:
        addresses = [host] if _is_ip(host) else resolver(host, port)
    except (OSError, UnicodeError) as error:
        raise FetchError(url, f"cannot resolve host {host}: {error}") from None
    if not addresses:
        raise FetchError(url, f"host {host} resolves to no address")
    for address in addresses:
        reason = _refusal(address)
        if reason:
            raise FetchError(
                url,
                f"refused: {host} resolves to {reason} address {address} "
                f"(set {ALLOW_PRIVATE_ENV}=1 or allow_private to permit)",
            )


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return False
    return True


class _GuardedBackend(httpcore.SyncBackend):
    """Opens TCP connections only to addresses the guard accepts, resolved here, at connect time."""

    def __init__(self, resolver: Resolver, allow_private: Callable[[], bool]) -> None:
        self._resolver = resolver
        self._allow_private = allow_private

    def connect_tcp(self, host: str, port: int, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        if self._allow_private():
            return super().connect_tcp(host, port, *args, **kwargs)
        try:
            addresses = [host.strip("[]")] if _is_ip(host) else self._resolver(host, port)
        except (OSError, UnicodeError) as error:
            raise httpcore.ConnectError(f"cannot resolve host {host}: {error}") from None
        for address in addresses:
            reason = _refusal(address)
            if reason:
                raise httpcore.ConnectError(f"refused at connect: {host} resolves to {reason} address {address}")
        last: Exception = httpcore.ConnectError(f"host {host} resolves to no address")
        for address in addresses:  # the checked addresses themselves: no second lookup
            try:
                return super().connect_tcp(address, port, *args, **kwargs)
            except httpcore.ConnectError as exc:
                last = exc
        raise last


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport with the private-network guard at the socket (see the module docstring).
    TLS still verifies the certificate against the URL's host name."""

    def __init__(self, resolver: Resolver = resolve_host,
                 allow_private: Callable[[], bool] = private_networks_allowed) -> None:
        super().__init__()
        # httpx offers no public hook for the network backend: its pool is rebuilt with one
        backend = DeadlineBackend(_GuardedBackend(resolver, allow_private))  # rasad.acquire.deadline
        self._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(), network_backend=backend)
