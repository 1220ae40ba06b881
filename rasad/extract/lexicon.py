"""Lexicons of the who-said-what extractors, loaded once from rasad/data and compiled once.

Every lookup happens on *folded* text: `rasad.text.letters.fold_letters` maps letter variants one
character to one character (Arabic ي/ك, hamza forms), so offsets found on the folded text are offsets
into the original.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rasad.text.letters import fold_letters

# between the words of a multi-word entry: a space, a ZWNJ, both, or nothing ("خاطرنشان", "خاطر نشان")
_JOIN = "[ \u200c]*"
GIVEN_NAME_FILES = ("given_names.txt", "given_names_extra.txt")
WORD_START = r"(?<![\w\u200c])"
WORD_END = r"(?![\w\u200c])"
SUFFIX_STEM = 3  # letters before a role suffix (`*یست` in role_heads.txt): `بیولوژیست`, not `دویست`
NOT_SUFFIXED = ("بایست", "زیست")  # words ending like an occupation noun that are none: `نمی‌بایست`, `محیط‌زیست`


def _lines(name: str) -> list[str]:
    text = resources.files("rasad.data").joinpath(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def phrase_pattern(phrase: str) -> str:
    """Regex source for a lexicon phrase: its words joined by space, ZWNJ or nothing."""
    words = re.split(r"[ \u200c]+", fold_letters(phrase))
    return _JOIN.join(re.escape(w) for w in words if w)


def _alternation(phrases: list[str]) -> str:
    pats = sorted({phrase_pattern(p) for p in phrases}, key=len, reverse=True)
    return "|".join(pats)


@dataclass(frozen=True, slots=True)
class Cue:
    lemma: str
    cls: str  # say deem object announce want ask lead according


@dataclass(frozen=True, slots=True)
class Lexicon:
    cues: dict[str, Cue]  # key: the cue's letters with spaces and ZWNJ removed
    cue_re: re.Pattern[str]
    honorific_re: re.Pattern[str]  # honorifics at the start of the text
    honorific_first: frozenset[str]  # first word pieces of the honorifics, to test a token quickly
    cue_first: frozenset[str]  # first two letters of every cue form, to test a token quickly
    role_re: re.Pattern[str]  # role head words at the start of the text
    role_suffixes: tuple[str, ...]  # endings of occupation nouns (`*یست` in role_heads.txt)
    compound_re: re.Pattern[str]  # names with `و` or a comma that a role runs through (compound_names.txt)
    given_names: frozenset[str]
    stop_words: frozenset[str]  # end a name or a role; openers included
    openers: frozenset[str]  # open an adverbial phrase that runs to the next comma
    pronouns: frozenset[str]
    person_nouns: frozenset[str]
    ambiguous_given: frozenset[str]
    org_words: frozenset[str]
    modals: frozenset[str]
    prepositions: frozenset[str]
    opener_re: re.Pattern[str]  # clause openers (clause_openers.tsv), group name = class
    finite_verbs: frozenset[str]  # verbs that end a clause (finite_verbs.txt)


def squash(text: str) -> str:
    """Key of a phrase: folded, without spaces and ZWNJ."""
    return re.sub(r"[ \u200c]+", "", fold_letters(text))


@cache
def lexicon() -> Lexicon:
    """The lexicons, read from the package data once per process."""
    cues: dict[str, Cue] = {}
    for line in _lines("reporting_verbs.tsv"):
        form, lemma, cls = line.split("\t")
        cues.setdefault(squash(form), Cue(lemma, cls))
    cue_forms = [ln.split("\t")[0] for ln in _lines("reporting_verbs.tsv")]
    cue_re = re.compile(WORD_START + "(?:" + _alternation(cue_forms) + ")" + WORD_END)
    honorifics = _lines("honorifics.txt")
    roles = _lines("role_heads.txt")
    words = _lines("person_words.tsv")
    stop = [w.split("\t")[0] for w in words if w.endswith(("\tstop", "\topener"))]
    openers = [w.split("\t")[0] for w in words if w.endswith("\topener")]
    def of(cls: str) -> frozenset[str]:
        return frozenset(fold_letters(w.split("\t")[0]) for w in words if w.endswith("\t" + cls))

    return Lexicon(
        cues=cues,
        cue_re=cue_re,
        honorific_re=re.compile("(?:" + _alternation(honorifics) + ")" + WORD_END),
        honorific_first=frozenset(re.split(r"[ \u200c]", fold_letters(h))[0] for h in honorifics),
        cue_first=frozenset(squash(f)[:2] for f in cue_forms),
        role_re=re.compile("(?:" + _alternation([r for r in roles if not r.startswith("*")]) + ")" + WORD_END),
        role_suffixes=tuple(fold_letters(r[1:]) for r in roles if r.startswith("*")),
        compound_re=re.compile("(?:" + _alternation(_lines("compound_names.txt")) + ")" + WORD_END),
        given_names=frozenset(fold_letters(n) for f in GIVEN_NAME_FILES for n in _lines(f)),
        stop_words=frozenset(fold_letters(w) for w in stop),
        openers=frozenset(fold_letters(w) for w in openers),
        pronouns=of("pronoun"),
        person_nouns=of("person_noun"),
        ambiguous_given=of("ambiguous_given"),
        org_words=of("org_word"),
        modals=of("modal"),
        prepositions=of("preposition"),
        opener_re=_openers_re(),
        finite_verbs=frozenset(fold_letters(w) for w in _lines("finite_verbs.txt")),
    )


@cache
def role_variant_keys() -> tuple[tuple[str, str], ...]:
    """role_variants.tsv as `squash` keys (variant, form), longest variant first: the spellings of one
    office (`rasad.link.people.role_key` reads the same file for the knowledge base)."""
    rows = [line.split("\t") for line in _lines("role_variants.tsv")]
    return tuple(sorted(((squash(a), squash(b)) for a, b in rows), key=lambda r: -len(r[0])))


def suffix_role(word: str) -> bool:
    """Whether a folded word is an occupation noun by its ending (`بیولوژیست`, `ویروس‌شناس`): a role
    suffix of role_heads.txt after at least SUFFIX_STEM letters."""
    suffixes = lexicon().role_suffixes
    if not word.endswith(suffixes) or word.endswith(NOT_SUFFIXED):
        return False
    suffix = next(x for x in suffixes if word.endswith(x))
    return sum(c.isalpha() for c in word[:-len(suffix)]) >= SUFFIX_STEM


def _openers_re() -> re.Pattern[str]:
    by_class: dict[str, list[str]] = {}
    for line in _lines("clause_openers.tsv"):
        phrase, cls = line.split("\t")
        by_class.setdefault(cls, []).append(phrase)
    groups = [f"(?P<{cls}>{_alternation(ps)})" for cls, ps in by_class.items()]
    return re.compile("(?:" + "|".join(groups) + ")" + WORD_END)


def cue_at(text: str) -> Cue | None:
    """The lexicon entry of a cue matched in folded text."""
    return lexicon().cues.get(squash(text))
