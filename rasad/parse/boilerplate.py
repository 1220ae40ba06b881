"""Page debris in scraped text (rasad/data/boilerplate.tsv): share buttons, tags, comment forms,
news-id lines. Patterns match a whole line in its folded form (no ZWNJ, ASCII digits)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rasad.text.normalize import fold


@dataclass(slots=True, frozen=True)
class Rule:
    kind: str  # news_id, footer, line
    pattern: re.Pattern[str]


@cache
def rules() -> tuple[Rule, ...]:
    text = resources.files("rasad.data").joinpath("boilerplate.tsv").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if not line.strip() or line.startswith(("#", "kind\t")):
            continue
        kind, pattern = line.split("\t", 1)
        out.append(Rule(kind, re.compile(rf"(?:{pattern})", re.IGNORECASE)))
    return tuple(out)


@dataclass(slots=True, frozen=True)
class Verdict:
    kind: str | None  # None: article text
    news_id: str | None = None


def classify(line: str) -> Verdict:
    """Whether a normalized line is debris, and of which kind."""
    key = fold(line, normalized=True).strip(" .:|-")
    if not key or len(key) > 200:
        return Verdict(None)
    for rule in rules():
        match = rule.pattern.fullmatch(key)
        if match:
            return Verdict(rule.kind, match.groupdict().get("id"))
    return Verdict(None)


__all__ = ["Verdict", "classify", "rules"]
