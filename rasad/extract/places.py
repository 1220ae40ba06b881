"""Places from the gazetteer, found wherever they stand.

The NER model tags `استان تهران` as one place and `استانداری آذربایجان شرقی` as an organization;
an analyst filtering by place wants `تهران` and `آذربایجان شرقی` in both. So the provinces,
province capitals and world news cities of the gazetteers are found wherever they stand, nested
in other entities too, and a place is listed by its bare name.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache
from importlib import resources
from itertools import accumulate

from rasad.models import Article, Entity, bare_place
from rasad.text.normalize import ZWNJ, normalize

# Names that are also common words or other entities' parts: a place only after `استان`.
AMBIGUOUS = frozenset({"مرکزی", "فارس"})


@cache
def place_kinds() -> dict[str, str]:
    """Every gazetteer place, normalized, with its kind: province, capital, city (Iran) or world."""
    data = resources.files("rasad.data")
    kinds: dict[str, str] = {}
    for line in data.joinpath("places_iran.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            name, kind = line.split("\t")[:2]
            if kinds.get(name) not in ("province", "capital"):  # a name can be both a city and a capital
                kinds[name] = kind
    for line in data.joinpath("places_world.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kinds.setdefault(normalize(line), "world")
    return kinds


def is_place(name: str) -> bool:
    return normalize(name) in place_kinds()


@cache
def _pattern() -> re.Pattern[str]:
    """The places found wherever they stand: provinces, capitals and world news cities (other cities'
    names are too often common words: بهار, نور)."""
    names = {n for n, kind in place_kinds().items() if kind != "city"}
    plain = sorted((n for n in names if n not in AMBIGUOUS), key=len, reverse=True)
    guarded = sorted(AMBIGUOUS & names, key=len, reverse=True)
    alternatives = [re.escape(n) for n in plain] + [rf"(?<=استان ){re.escape(n)}" for n in guarded]
    return re.compile(rf"(?<![\w{ZWNJ}])(?:{'|'.join(alternatives)})(?![\w{ZWNJ}])")


def find_places(text: str) -> list[Entity]:
    """Gazetteer places written in `text`, as LOC entities with offsets."""
    return [Entity(m.group(), "LOC", m.start(), m.end()) for m in _pattern().finditer(text)]


def add_places(article: Article) -> Article:
    """Gazetteer places the entity model did not give as places of their own (`آذربایجان شرقی`
    inside the organization `استانداری آذربایجان شرقی`), added to the entities."""
    covers = _Covers([e for e in article.entities if e.type == "LOC"])
    for place in find_places(article.text):
        if not covers.covers(place):
            article.entities.append(place)
    article.entities.sort(key=lambda e: (e.start, -e.end))
    return article


class _Covers:
    """LOC entities by bare name, to ask whether one of them spans a place of that name: for each
    name the spans sorted by start with the running maximum of their ends, so a question is a
    binary search, not a pass over every entity."""

    def __init__(self, locs: list[Entity]) -> None:
        spans: dict[str, list[tuple[int, int]]] = {}
        for e in locs:
            spans.setdefault(bare_place(e.text), []).append((e.start, e.end))
        self.starts: dict[str, list[int]] = {}
        self.reach: dict[str, list[int]] = {}
        for name, found in spans.items():
            found.sort()
            self.starts[name] = [s for s, _ in found]
            self.reach[name] = list(accumulate((e for _, e in found), max))

    def covers(self, place: Entity) -> bool:
        """Whether a LOC of the place's name starts at or before it and ends at or after it."""
        starts = self.starts.get(place.text)
        if not starts:
            return False
        i = bisect_right(starts, place.start)
        return i > 0 and self.reach[place.text][i - 1] >= place.end


__all__ = ["add_places", "find_places", "is_place", "place_kinds"]
