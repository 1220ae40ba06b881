"""Search over a few hundred real articles (shared/data/ir_news_dev): every spelling variant of a
query returns the same hits."""

from __future__ import annotations

import pytest

from rasad.pipeline import analyze_paths
from rasad.store.base import open_store
from tests.conftest import require_shared

ZWNJ = "\u200c"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory):
    folder = require_shared("data", "ir_news_dev")
    files = sorted(folder.glob("roozno_data_1*.txt"))[:150] + sorted(folder.glob("tabnak_data_1*.txt"))[:150]
    url = f"sqlite:///{tmp_path_factory.mktemp('real') / 'real.db'}"
    with open_store(url) as s:
        for outcome in analyze_paths(files):
            assert outcome.error is None, outcome.error
            for article in outcome.articles:
                s.add(article)
        assert s.count() >= 290
        yield s


def ids(store, query: str) -> set[int]:
    return {h.id for h in store.search(query, limit=1000).hits}


@pytest.mark.parametrize(
    "variants",
    [
        [f"می{ZWNJ}شود", "میشود", "می شود", "ميشود"],
        [f"همکاری{ZWNJ}های", "همکاریهای", "همکاری های", "همكاريهاي"],
        [f"سازمان{ZWNJ}های", "سازمانهای", "سازمان های", "سازمانهاي"],
        [f"اطلاع{ZWNJ}رسانی", "اطلاعرسانی", "اطلاع رسانی"],
        ["۱۴۰۰", "1400", "١٤٠٠"],
        ["وزیر کشور", "وزير كشور"],
    ],
)
def test_spelling_variants_return_the_same_hits(store, variants: list[str]) -> None:
    results = [ids(store, v) for v in variants]
    assert results[0], f"no hits for {variants[0]}"
    for variant, found in zip(variants[1:], results[1:], strict=True):
        assert found == results[0], variant


def test_agency_filter_on_real_data(store) -> None:
    from rasad.store.base import SearchFilters

    tabnak = store.search("ایران", SearchFilters(agency="Tabnak"), limit=1000)
    assert tabnak.total > 0 and {h.agency for h in tabnak.hits} == {"Tabnak"}


