from __future__ import annotations

import pytest

from rasad.acquire.guard import ALLOW_PRIVATE_ENV, check_url
from rasad.errors import FetchError
from rasad.text.charset import decode_body, detect_encoding


def resolver(*addresses: str):
    return lambda host, port: list(addresses)


@pytest.mark.parametrize(("address", "label"), [
    ("127.0.0.1", "loopback"),
    ("10.1.2.3", "private"),
    ("172.16.5.4", "private"),
    ("192.168.1.1", "private"),
    ("169.254.169.254", "link-local"),
    ("0.0.0.0", "unspecified"),
    ("224.0.0.1", "multicast"),
    ("240.0.0.1", "reserved"),
    ("100.64.0.1", "not globally routable"),  # carrier-grade NAT
    ("::1", "loopback"),
    ("fe80::1", "link-local"),
    ("fc00::1", "private"),
    ("::ffff:127.0.0.1", "loopback"),
])
def test_refuses_non_public_addresses(monkeypatch: pytest.MonkeyPatch, address: str, label: str) -> None:
    monkeypatch.delenv(ALLOW_PRIVATE_ENV, raising=False)
    with pytest.raises(FetchError, match=label):
        check_url("http://news.example/rss", resolver=resolver(address))


@pytest.mark.parametrize("address", ["8.8.8.8", "2001:4860:4860::8888"])
def test_allows_public_addresses(monkeypatch: pytest.MonkeyPatch, address: str) -> None:
    monkeypatch.delenv(ALLOW_PRIVATE_ENV, raising=False)
    check_url("https://news.example/rss", resolver=resolver(address))


def test_every_address_is_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ALLOW_PRIVATE_ENV, raising=False)
    with pytest.raises(FetchError, match=r"10\.0\.0\.7"):
        check_url("http://news.example/", resolver=resolver("8.8.8.8", "10.0.0.7"))


def test_literal_ip_in_url_is_checked_without_resolving(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ALLOW_PRIVATE_ENV, raising=False)
    with pytest.raises(FetchError, match="loopback"):
        check_url("http://[::1]:8080/", resolver=resolver("8.8.8.8"))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://news.example/x", "gopher://x/"])
def test_only_http_schemes(url: str) -> None:
    with pytest.raises(FetchError, match="scheme"):
        check_url(url, allow_private=True)


def test_env_var_lifts_the_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ALLOW_PRIVATE_ENV, "1")
    check_url("http://127.0.0.1:9/", resolver=resolver("127.0.0.1"))


def test_unresolvable_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ALLOW_PRIVATE_ENV, raising=False)

    def fail(host: str, port: int) -> list[str]:
        raise OSError("Name or service not known")

    with pytest.raises(FetchError, match="cannot resolve"):
        check_url("http://nowhere.invalid/", resolver=fail)


TEXT_1256 = "خبرگزاري جمهوري اسلامي: كتابخانه مركزي افتتاح شد"  # Arabic ي/ك, as cp1256 archives
TEXT_FA = "خبرگزاری جمهوری اسلامی: کتابخانهٔ مرکزی افتتاح شد"


@pytest.mark.parametrize(("content", "content_type", "expected"), [
    (TEXT_FA.encode(), "text/html; charset=utf-8", "utf-8"),
    (TEXT_FA.encode(), None, "utf-8"),
    (TEXT_1256.encode("cp1256"), None, "cp1256"),
    (TEXT_1256.encode("cp1256"), "text/html; charset=windows-1256", "cp1256"),
    (TEXT_1256.encode("cp1256"), "text/html; charset=utf-8", "cp1256"),  # header contradicted by bytes
    (TEXT_FA.encode(), "text/html; charset=iso-8859-1", "utf-8"),  # a Latin default on Persian text
    (TEXT_1256.encode("cp1256"), "text/html; charset=windows-1252", "cp1256"),
    (b'<meta charset="windows-1256">' + TEXT_1256.encode("cp1256"), None, "cp1256"),
    (b'<?xml version="1.0" encoding="windows-1256"?><a>' + TEXT_1256.encode("cp1256"), None, "cp1256"),
    (b"\xef\xbb\xbf" + TEXT_FA.encode(), None, "utf-8-sig"),
    (b"plain ascii", "text/plain; charset=iso-8859-1", "iso8859-1"),
    (TEXT_FA.encode(), "text/html; charset=no-such-codec", "utf-8"),
])
def test_detect_encoding(content: bytes, content_type: str | None, expected: str) -> None:
    assert detect_encoding(content, content_type) == expected


def test_decode_body_round_trip() -> None:
    text, encoding = decode_body(TEXT_1256.encode("cp1256"))
    assert (text, encoding) == (TEXT_1256, "cp1256")
