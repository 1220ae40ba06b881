"""The search-relevance benchmark's data (bench/relevance): 20 queries with their information needs,
judgments that name real archive articles, and precision at 10 as bench/bench_relevance.py counts it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bench.bench_relevance import K, archive_paths, key_of, precision, read_judgments, read_queries
from tests.conftest import require_shared

KEY = re.compile(r"^[\w.-]+\.(txt|json):[0-9a-f]{10}$")


def test_twenty_queries_each_with_an_information_need() -> None:
    needs = read_queries()
    assert len(needs) == 20
    assert len({n.query for n in needs}) == 20
    assert all(len(n.need.split()) >= 5 for n in needs)
    kinds = {n.kind for n in needs}
    assert {"person", "role", "organization", "place", "topic", "variant", "phrase", "or", "exclusion"} <= kinds


def test_judgments_name_queries_and_stable_article_keys() -> None:
    judged = read_judgments()
    queries = {n.query for n in read_queries()}
    assert len(judged) > 200
    assert {query for query, _ in judged} == queries  # every query has judged articles
    assert all(KEY.match(key) for _, key in judged), [key for _, key in judged if not KEY.match(key)]


def test_judged_articles_come_from_the_archive_files() -> None:
    require_shared("data", "ir_news_dev")
    sources = {path.name for path in archive_paths()}
    assert {key.split(":")[0] for _, key in read_judgments()} <= sources


def test_conflicting_judgments_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "judgments.tsv"
    path.write_text("کرونا\ta.txt:0123456789\t1\tyes\nکرونا\ta.txt:0123456789\t0\tno\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="judged both"):
        read_judgments(path)


def test_precision_at_ten_counts_missing_hits_as_not_relevant_and_reports_unjudged() -> None:
    judged = {("q", "a"): True, ("q", "b"): False, ("q", "c"): True}
    assert precision([["a", "t"], ["b", "t"], ["c", "t"]], "q", judged) == (2 / K, 0)
    assert precision([["a", "t"], ["x", "t"]], "q", judged) == (1 / K, 1)
    hits = [[key, "t"] for key in "abcdefghijkl"]
    assert precision(hits, "q", judged) == (2 / K, 7)  # only the first ten count


def test_article_keys_are_the_source_file_and_the_title_hash() -> None:
    key = key_of("tabnak_data_1.txt", "قیمت دلار")
    assert key == key_of("tabnak_data_1.txt", "قیمت دلار") != key_of("tabnak_data_2.txt", "قیمت دلار")
    assert KEY.match(key)
