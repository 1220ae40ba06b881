"""The Store contract's phrases, on every backend: a phrase's hits, totals and BM25 scores are those
rasad.store.search computes from the articles' words (`occurrences`, `bm25`): a phrase counts
within the title or within the body, never across; overlapping occurrences count each
(`الف الف الف` holds `الف الف` twice); its idf counts the articles holding it; an article's
length is its words. The same for words side by side (ranked first), an excluded phrase, a phrase
of three words, and within the search window."""

from __future__ import annotations

import pytest

from rasad.pipeline import analyze_text
from rasad.store import open_store
from rasad.store.search import bm25, bm25_average, index_fields, occurrences, parse_query, words_of

# (title, body): the phrases `وزیر کشور`, `وزیر کشور گفت` and `الف الف` in every arrangement
ARTICLES = [
    ("الف الف الف", "الف ب الف الف."),  # overlapping, in the title and the body
    ("وزیر کشور گفت", "وزیر کشور و وزیر کشور امروز سخن گفتند."),  # in both, repeated
    ("سخن وزیر", "کشور امروز آرام است."),  # the words across the title's end: no phrase
    ("گزارش", "معاون وزیر کشور گفت وزیر کشور آماده است و وزیر نیرو هم."),
    ("خبر", "وزیر کشور وزیر کشور وزیر."),  # one after the other: the pair twice, `کشور وزیر` once
    ("گفت", "وزیر کشور امروز و کشور گفت که."),  # every pair of `وزیر کشور گفت`, but not the phrase
    ("کشور", "وزیر امروز گفت کشور آرام است."),  # the words, apart
    ("الف", "ب الف ب الف."),  # the word, never twice in a row
    ("هوا", "باران در تهران بارید."),
    ("بازار", "قیمت دلار امروز بالا رفت."),
    ("ورزش", "تیم ملی فوتبال امروز بازی کرد."),
    ("کتاب", "نمایشگاه کتاب تهران باز شد."),
    ("سفر", "هیئتی از تهران به شیراز سفر کرد."),
    ("نفت", "صادرات نفت افزایش یافت."),
]
QUERIES = ['"وزیر کشور"', '"کشور وزیر"', '"الف الف"', '"الف الف الف"', '"وزیر کشور گفت"', '"سخن وزیر"',
           '"وزیر کشور" امروز', 'وزیر -"وزیر کشور"', '"وزیر کشور" OR "الف الف"', "وزیر کشور", "وزیر کشور گفت",
           "الف الف"]


@pytest.fixture
def store(store_url: str):
    with open_store(store_url) as s:
        ids = [s.add(analyze_text(f"{title}\n\n{body}\n", f"p{i}")).id for i, (title, body) in enumerate(ARTICLES)]
        s.ids = ids  # type: ignore[attr-defined]
        yield s


def fields() -> list[tuple[list[str], list[str]]]:
    """Each article's title and body words, as every backend indexes them."""
    out = []
    for i, (title, body) in enumerate(ARTICLES):
        folded = index_fields(analyze_text(f"{title}\n\n{body}\n", f"p{i}"))
        out.append((words_of(folded[0]), words_of(folded[1])))
    return out


def expected(text: str) -> list[tuple[int, float]]:
    """(article index, score) of every match, in the contract's order: the plain words side by side
    first (by the phrase's own BM25), then BM25, then the last stored (the articles are undated)."""
    words = fields()
    query = parse_query(text)
    documents = len(words)
    average = bm25_average(sum(len(t) + len(b) for t, b in words), documents)

    def holds(term, title: list[str], body: list[str]) -> bool:
        return occurrences(term, title) + occurrences(term, body) > 0

    def score(terms, i: int) -> float:
        title, body = words[i]
        return bm25([(occurrences(t, title), occurrences(t, body)) for t in terms],
                    [sum(holds(t, *f) for f in words) for t in terms], documents, len(title) + len(body), average)

    matches = [i for i, (title, body) in enumerate(words) if query.holds(lambda t, f=(title, body): holds(t, *f))]
    ranked = []
    for i in matches:
        side = score([query.adjacent], i) if query.adjacent and holds(query.adjacent, *words[i]) else -1.0
        ranked.append((side, score(query.scored, i), i))
    ranked.sort(reverse=True)
    return [(i, s) for _, s, i in ranked]


def found(store, text: str, **kwargs) -> list[tuple[int, float]]:
    result = store.search(text, limit=100, **kwargs)
    assert result.total == len(result.hits)
    return [(store.ids.index(h.id), h.score) for h in result.hits]


@pytest.mark.parametrize("text", QUERIES)
def test_a_phrase_scores_as_its_occurrences_say(store, text: str) -> None:
    want = expected(text)
    got = found(store, text)
    assert [i for i, _ in got] == [i for i, _ in want], text
    assert [s for _, s in got] == pytest.approx([s for _, s in want], rel=1e-9, abs=1e-12), text
    assert found(store, text, order="newest") and sorted(found(store, text, order="newest")) == sorted(got)


def test_what_the_phrases_hold(store) -> None:
    """The cases the articles are for, read back: not a restatement of `expected`."""
    assert {i for i, _ in found(store, '"وزیر کشور"')} == {1, 3, 4, 5}
    assert {i for i, _ in found(store, '"سخن وزیر"')} == {2}  # in the title, not across into the body
    assert {i for i, _ in found(store, '"وزیر کشور گفت"')} == {1, 3}  # not 5, which holds its pairs only
    assert {i for i, _ in found(store, '"الف الف الف"')} == {0}
    assert {i for i, _ in found(store, '"الف الف"')} == {0}
    assert [i for i, _ in found(store, "وزیر کشور")][:4] == [i for i, _ in expected('"وزیر کشور"')]


@pytest.mark.parametrize("text", ['"وزیر کشور"', '"وزیر کشور گفت"', "وزیر کشور", "وزیر کشور گفت", 'وزیر -"وزیر کشور"'])
def test_the_window_ranks_its_phrases_with_the_archive_scores(store, text: str) -> None:
    every = store.search(text, limit=100)
    store.search_window = 2
    try:
        result = store.search(text, limit=100)
    finally:
        del store.search_window
    assert result.total == every.total
    newest = set(sorted(h.id for h in every.hits)[-2:])
    assert [(h.id, round(h.score, 9)) for h in result.hits] == \
        [(h.id, round(h.score, 9)) for h in every.hits if h.id in newest]
