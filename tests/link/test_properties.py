"""Properties over arbitrary text: no crash, idempotent folding, stable signatures."""

from __future__ import annotations

import importlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasad.link.dedup import DedupIndex, normalize_for_dedup, signature_from_bytes, signature_to_bytes
from rasad.text.charset import decode_body
from rasad.text.dates import parse_timestamp

PERSIAN = st.text(alphabet=st.sampled_from(list("ابپتثجچحخدذرزسشصضطظعغفقکگلمنوهیيك ۰۱۲۳۴۵۶۷۸۹،.:/\u200c\n-")))


@given(PERSIAN)
def test_folding_is_idempotent(text: str) -> None:
    once = normalize_for_dedup(text)
    assert normalize_for_dedup(once) == once


@given(st.one_of(PERSIAN, st.text()))
def test_parse_timestamp_never_raises(text: str) -> None:
    result = parse_timestamp(text)
    assert result is None or result.tzinfo is not None


@given(st.binary(max_size=300), st.sampled_from([None, "text/html; charset=utf-8", "text/html; charset=x"]))
def test_decode_body_never_raises(content: bytes, content_type: str | None) -> None:
    text, encoding = decode_body(content, content_type)
    assert isinstance(text, str) and encoding


INDEX = DedupIndex()


@settings(max_examples=30, deadline=None)
@given(PERSIAN)
def test_signature_bytes_round_trip(text: str) -> None:
    signature = INDEX.sign(text)
    assert signature_from_bytes(signature_to_bytes(signature)) == signature


@pytest.mark.parametrize("module", [
    "rasad.sources", "rasad.acquire.fetcher", "rasad.acquire.guard", "rasad.text.charset",
    "rasad.acquire.feeds", "rasad.acquire.poll", "rasad.acquire.pages", "rasad.parse.html",
    "rasad.parse.feeditem", "rasad.link.dedup", "rasad.link.stories", "rasad.cli_monitor",
])
def test_public_api_is_declared(module: str) -> None:
    mod = importlib.import_module(module)
    assert mod.__all__ == sorted(mod.__all__)
    assert all(hasattr(mod, name) for name in mod.__all__)
