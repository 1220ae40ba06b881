"""The people knowledge base's rules: when two names are one person, and who held a role on a day.
Pure functions; the store keeps the tables (store/migrations/0002_people.sql)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rasad.text.normalize import fold

# A role seen last on day D is taken to be held until D + this, and from first_seen - this.
ROLE_SLACK_DAYS = 180


def person_key(name: str) -> str:
    """One key for the spellings of a name: `محمدابراهیم شوشتری`, `محمد ابراهیم شوشتری`,
    `محمد‌ابراهیم شوشتري` all give the same key."""
    return "".join(fold(name).split())


def role_key(role: str) -> str:
    """One key for the spellings of a role (`رئیس‌جمهور`, `رئیس جمهور`, `رييس جمهور`)."""
    return "".join(fold(role.replace("رییس", "رئیس")).split())


def surname_only(name: str) -> bool:
    """A name of one word (`روحانی`, `ظریف`): a surname the article gave without a given name."""
    return len(fold(name).split()) == 1


def only_bearer(surname: str, people: list[tuple[int, str]]) -> tuple[int, str] | None:
    """Of stored (id, name) people, the one whose name has several words and ends with `surname`,
    when exactly one does: `روحانی` -> `حسن روحانی`; with `احسان احمدی‌نژاد` and `محمود احمدی‌نژاد`
    both stored, `احمدی‌نژاد` is neither (homonyms are kept apart)."""
    last = person_key(surname)
    found = [(i, n) for i, n in people if len(words := fold(n).split()) > 1 and person_key(words[-1]) == last]
    return found[0] if len(found) == 1 else None


@dataclass(slots=True, frozen=True)
class RoleSpan:
    person_id: int
    first_seen: date
    last_seen: date


def holder_on(day: date, spans: list[RoleSpan]) -> int | None:
    """The person who held a role on `day`: the one whose seen span, widened by ROLE_SLACK_DAYS,
    holds the day, nearest first; None when nobody's span reaches it."""
    best: tuple[int, int] | None = None
    for span in spans:
        if span.first_seen <= day <= span.last_seen:
            distance = 0
        elif day > span.last_seen:
            distance = (day - span.last_seen).days
        else:
            distance = (span.first_seen - day).days
        if distance <= ROLE_SLACK_DAYS and (best is None or distance < best[0]):
            best = (distance, span.person_id)
    return best[1] if best else None


__all__ = ["ROLE_SLACK_DAYS", "RoleSpan", "holder_on", "only_bearer", "person_key", "role_key", "surname_only"]
