"""The people knowledge base's rules: when two names are one person, and who held a role on a day.
Pure functions; the store keeps the tables (store/migrations/0002_people.sql)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from rasad.text.letters import ZWNJ
from rasad.text.normalize import fold, normalize

# A role seen last on day D is taken to be held until D + this, and from first_seen - this.
ROLE_SLACK_DAYS = 180


def person_key(name: str) -> str:
    """One key for the spellings of a name: `محمدابراهیم شوشتری`, `محمد ابراهیم شوشتری`,
    `محمد‌ابراهیم شوشتري` all give the same key."""
    return "".join(fold(name).split())


@cache
def _role_variants() -> tuple[tuple[str, str], ...]:
    """rasad/data/role_variants.tsv: (variant key, form key), longest variant first."""
    text = resources.files("rasad.data").joinpath("role_variants.tsv").read_text(encoding="utf-8")
    rows = [tuple(line.split("\t")) for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return tuple(sorted(((fold(a), fold(b)) for a, b in rows), key=lambda r: -len(r[0])))


def role_key(role: str) -> str:
    """One key for the spellings and variants of an office (`رئیس‌جمهور`, `رئیس جمهوری`,
    `رييس جمهور`; `وزیر امور خارجه`, `وزیر خارجه`: rasad/data/role_variants.tsv)."""
    key = "".join(fold(role).split())
    for variant, form in _role_variants():
        key = key.replace(variant, form)
    return key


def one_word(name: str) -> bool:
    """A name of one word (`روحانی`, `ظریف`): a surname the article gave without a given name."""
    return len(fold(name).split()) == 1


def name_words(name: str) -> list[str]:
    """A name's words, folded, a ZWNJ between words counted as a space: `رحمانی‌فضلی` is two
    words, so `rasad person فضلی` finds `عبدالرضا رحمانی‌فضلی`."""
    return [w for w in (fold(part) for part in normalize(name).replace(ZWNJ, " ").split()) if w]


def holds_name(query: str, name: str) -> bool:
    """Whether a name holds every word of a query, words counted with a ZWNJ as a space or as
    nothing: `فضلی` is in `رحمانی‌فضلی`, `نیک‌خواه` in `کامران نیکخواه`."""
    words = set(name_words(name)) | set(fold(name).split())
    return all(w in words for w in name_words(query)) or all(w in words for w in fold(query).split())


def last_word_key(name: str) -> str:
    """The key of a name's last word: the stored aliases whose key ends with it are the candidates
    of `stored_person`."""
    words = fold(name).split()
    return person_key(words[-1]) if words else ""


def _suffix_keys(words: list[str]) -> set[str]:
    return {person_key(" ".join(words[k:])) for k in range(len(words))}


def _vowel_variant(a: str, b: str) -> bool:
    """Two spellings of one foreign name word: one has one more `ا`, `و` or `ی` inside the word
    (`استفن`/`استفان`); two Persian given names of the lexicon that differ by `و` or `ی` are two
    names (`محمد`/`محمود`, `حسن`/`حسین`)."""
    if len(a) == len(b) or abs(len(a) - len(b)) != 1 or min(len(a), len(b)) < 3:
        return False
    long, short = (a, b) if len(a) > len(b) else (b, a)
    for i in range(1, len(long)):
        if long[:i] + long[i + 1:] == short:
            if long[i] == "ا":
                return True
            if long[i] in "وی":
                from rasad.extract.lexicon import lexicon
                given = lexicon().given_names
                return not (long in given and short in given)
    return False


def _plain(words: list[str]) -> list[str]:
    """A name's folded words without `سید` and without the `محمد` a compound given name written as
    one word starts with, which news text often drops (`محمدجواد ظریف` is `جواد ظریف`)."""
    if words and words[0] in ("سید", "سیده") and len(words) > 1:
        words = words[1:]
    elif words and words[0].startswith("سید") and len(words[0]) > 5:
        words = [words[0][3:], *words[1:]]
    if words and len(words) > 1 and words[0].startswith("محمد") and len(words[0]) > 6:
        words = [words[0][4:], *words[1:]]
    return words


def same_name(name: str, alias: str) -> bool:
    """Whether a name and a stored alias may name one person: one is the other's last words (a
    surname or a partial name: `روحانی`/`حسن روحانی`, `جونگ اون`/`کیم جونگ اون`), or they are
    spelling variants of a foreign name (`استفن اینس`/`استفان اینس`)."""
    mine, theirs = _plain(fold(name).split()), _plain(fold(alias).split())
    if not mine or not theirs:
        return False
    if person_key(" ".join(mine)) in _suffix_keys(theirs) or person_key(" ".join(theirs)) in _suffix_keys(mine):
        return True
    if len(mine) != len(theirs) or person_key(mine[-1]) != person_key(theirs[-1]):
        return False
    pairs = [(a, b) for a, b in zip(mine[:-1], theirs[:-1], strict=True) if a != b]
    return len(pairs) == 1 and _vowel_variant(*pairs[0])


def stored_person(name: str, aliases: list[tuple[int, str]]) -> int | None:
    """The one stored person a name not stored as such stands for, from (person id, alias) rows
    whose key ends with the name's last word (`last_word_key`): the person every alias of whom is
    the same name (`same_name`), when exactly one is. `روحانی` joins `حسن روحانی`; with
    `احسان احمدی‌نژاد` and `محمود احمدی‌نژاد` both stored,
    `احمدی‌نژاد` joins neither, and `احمد روحانی` does not join a person known as `حسن روحانی`
    (homonyms are kept apart). A person known only by one-word names is never chosen."""
    by_person: dict[int, list[str]] = {}
    for person_id, alias in aliases:
        by_person.setdefault(person_id, []).append(alias)
    # a person known only by a surname is no one in particular: a full name never joins it (the
    # first `جعفری` stored would take every later Jafari), and a surname goes to a full name first
    fits = [p for p, names in by_person.items()
            if any(len(fold(a).split()) > 1 for a in names) and all(same_name(name, a) for a in names)]
    return fits[0] if len(fits) == 1 else None


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


__all__ = ["ROLE_SLACK_DAYS", "RoleSpan", "holder_on", "holds_name", "last_word_key", "name_words", "one_word",
           "person_key", "role_key", "same_name", "stored_person"]
