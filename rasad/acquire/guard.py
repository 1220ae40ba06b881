"""Refuse URLs that point into private networks (SSRF guard) unless the settings allow them.

Every address the host resolves to is checked, so a name with one public and one private address
is refused. The check runs on each redirect hop. A host that re-resolves differently between this
check and the connection (DNS rebinding) is not caught here; a resolver-pinning transport would.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

from rasad.errors import FetchError

__all__ = ["ALLOW_PRIVATE_ENV", "Resolver", "check_url", "private_networks_allowed", "resolve_host"]

ALLOW_PRIVATE_ENV = "RASAD_ALLOW_PRIVATE_NETWORKS"

Resolver = Callable[[str, int], list[str]]


def private_networks_allowed() -> bool:
    """True when the environment lifts the guard (RASAD_ALLOW_PRIVATE_NETWORKS=1; tests use it)."""
    return os.environ.get(ALLOW_PRIVATE_ENV, "").strip().lower() in {"1", "true", "yes"}


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
