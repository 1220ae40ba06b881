"""A property over the JSON API (hypothesis): whatever the parameters, the answer is never a 500:
a bad value is its 4xx with {"error": ...}, a good one 200 with a JSON object."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

# words rasad stores and spellings that must find them, FTS5's operators and punctuation, odd characters
WORDS = ["آب", "میشود", "می‌شود", "می شود", "وزير", "كشور", "۱۴۰۴", "1404", "کامران نیک‌خواه", "ایرنا",
         '"', "*", "-", "(", ")", "NEAR", "AND", "OR", "NOT", "^", ":", "title:", "{", "'", "\\", "%", "&", "#",
         "\x00", "\u200c", "\u200f", "<script>", "ـ", "ﻻ", "😀"]
text = st.text(st.characters(codec="utf-8"), max_size=20)
words = st.lists(st.sampled_from(WORDS) | text, max_size=6).map(" ".join)
# mostly values that parse (so the store is reached), sometimes ones that do not
good_days = st.sampled_from(["1404/08/11", "۱۴۰۴/۰۸/۱۲", "2025-11-03", "۱۱ آبان ۱۴۰۴", "2025-11-01", "1404/1/1",
                             "9999-12-31", "0001-01-01", "1300/01/01", "", " "])
days = st.one_of(*[good_days] * 6, st.sampled_from(["1404/13/40", "2025-02-30", "1/1/1", "-1"]), text)
small = st.integers(1, 5).map(str)
numbers = st.one_of(*[small] * 8, st.integers(-3, 12_000).map(str),
                    st.sampled_from(["", "0", "1e3", "x", "1.5", "99999999999999999999"]))
ids = st.integers(1, 6).map(str) | st.integers(-2, 30).map(str) | st.sampled_from(
    ["0", "9223372036854775807", "9223372036854775808", "-9223372036854775809", "1.0", "abc", "%20", "١"])
booleans = st.sampled_from(["1", "0", "true", "false", "on", "yes"] * 3 + ["", "x"])
names = st.lists(st.sampled_from(["کامران نیک‌خواه", "گیلان", "مشهد", "وزارت نیرو"]) | text, max_size=3)


def optional(**strategies: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    """Some of the named parameters, each with a drawn value."""
    return st.fixed_dictionaries({}, optional=strategies)


search_params = optional(q=words, agency=st.sampled_from(["IRNA", "ایرنا", "ISNA", "nothing"]) | text, since=days,
                         until=days, page=numbers, per_page=numbers, person=names, org=names, place=names,
                         collapse=booleans)
dashboard_params = optional(period=st.sampled_from(["today", "7", "30"] * 5 + ["365", "", "٧", "7 "]), since=days,
                            until=days, q=words)
person_params = optional(q=words, since=days, until=days, limit=numbers)


def check(client: TestClient, path: str, params: dict[str, Any]) -> None:
    response = client.get(path, params=params)
    event(f"{path.split('/')[2]} {response.status_code}")
    assert response.status_code < 500, (path, params, response.text[:300])
    body = response.json()
    assert isinstance(body, dict)
    if response.status_code >= 400:
        assert set(body) == {"error"}, body


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params=search_params)
def test_search_api_never_fails(client: TestClient, params: dict[str, Any]) -> None:
    check(client, "/api/search", params)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params=dashboard_params)
def test_dashboard_api_never_fails(client: TestClient, params: dict[str, Any]) -> None:
    check(client, "/api/dashboard", params)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=st.sampled_from(["articles", "people", "stories"]), ident=ids, params=person_params)
def test_article_person_story_apis_never_fail(client: TestClient, kind: str, ident: str,
                                              params: dict[str, Any]) -> None:
    check(client, f"/api/{kind}/{ident}", params if kind == "people" else {})
