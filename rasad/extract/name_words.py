"""Which words may be part of a person's name, and whether a name names a person (issue #15).

A name's right edge: a name never runs into a verb (`محمد بن سلمان می‌خواهد`, `عارف نخواهد`,
`رضا نبود`), an auxiliary, an adverb (`هاشمی خیلی`) or a common word that is no name part
(`کریم نام`). Verbs are recognized by their morphology over the stems of verb_stems.tsv: the
prefixes `می‌`/`نمی‌`/`ن`/`ب`, the personal endings and the participles; the other words are in
not_name_words.tsv.

Person-ness: a name found in an article becomes a person of the knowledge base only when it can name
a person: not a lone given name (`سید کاظم`, `محمد رسول الله`), no organization word, role head,
place or non-name word in it (`لواء معتصم`, `آمریکا حضور چین`), written in Persian letters
(`The Tannery`), and with a given name of the lexicon or found by the entity tagger.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from rasad.extract.lexicon import lexicon
from rasad.text.letters import ZWNJ, fold_letters

__all__ = ["clean_role", "is_verb", "names_person", "never_in_name", "never_in_role", "trim_name"]

PAST_ENDINGS = ("", "م", "یم", "ید", "ند")  # no 2nd singular `ی`: `کردی` is a surname
PRESENT_ENDINGS = ("م", "ی", "د", "یم", "ید", "ند")
PARTICIPLE_ENDINGS = ("", ZWNJ + "ام", ZWNJ + "ای", ZWNJ + "است", ZWNJ + "ایم", ZWNJ + "اید", ZWNJ + "اند")
# present stems written without a prefix in news text (`دارد`, `خواهند`, `کند` after `باید`)
BARE_PRESENT = frozenset({"دار", "خواه", "کن", "شو", "توان"})
# a name or title part the lexicon's given names list: after them, the name goes on
NAME_PARTS = frozenset({"بن", "بنت", "ابن", "ابو", "آل", "ال", "الله", "الدین", "زاده"})


def _lines(name: str) -> list[str]:
    text = resources.files("rasad.data").joinpath(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


@dataclass(frozen=True, slots=True)
class NameWords:
    verbs: frozenset[str]  # every verb form made from verb_stems.tsv, folded, ZWNJ kept
    present: frozenset[str]  # present stems, for the `می‌`/`نمی‌` forms of any person
    not_name: frozenset[str]  # not_name_words.tsv, every class
    not_role: frozenset[str]  # not_name_words.tsv but places (`رئیس جمهور آمریکا`)
    places: frozenset[str]  # its `place` class and the cities of places_world.txt


def _forms(past: str, present: str) -> set[str]:
    forms: set[str] = set()
    for ending in PAST_ENDINGS:
        forms |= {past + ending, "ن" + past + ending}
    for ending in PARTICIPLE_ENDINGS:
        forms |= {past + "ه" + ending, "ن" + past + "ه" + ending}
    for ending in PRESENT_ENDINGS:
        forms |= {"ن" + present + ending, "ب" + present + ending}
        if present in BARE_PRESENT and ending != "ی":  # `کنی` is a surname
            forms.add(present + ending)
    return forms


@cache
def name_words() -> NameWords:
    """The lexicons, read from the package data once per process."""
    verbs: set[str] = set()
    present: set[str] = set()
    for line in _lines("verb_stems.tsv"):
        past, stem = (fold_letters(w) for w in line.split("\t"))
        verbs |= _forms(past, stem)
        present.add(stem)
    rows = [line.split("\t") for line in _lines("not_name_words.tsv")]
    places = {fold_letters(w) for w, cls in rows if cls == "place"}
    places |= {fold_letters(w) for w in _lines("places_world.txt")}
    return NameWords(frozenset(verbs), frozenset(present), frozenset(fold_letters(w) for w, _ in rows),
                     frozenset(fold_letters(w) for w, cls in rows if cls != "place"), frozenset(places))


def is_verb(word: str) -> bool:
    """A folded word shaped like a finite verb or a participle: `می‌خواهد`, `نمی‌شود`, `ندارد`,
    `نخواهد`, `نبود`, `دادند`, `کرده‌اند`."""
    if word.startswith(("می" + ZWNJ, "نمی" + ZWNJ)):
        return True
    data = name_words()
    if word in data.verbs:
        return True
    for prefix in ("می", "نمی"):  # written without the ZWNJ: `میخواهد`
        if word.startswith(prefix) and any(word[len(prefix):] == stem + e for stem in data.present
                                           for e in PRESENT_ENDINGS if word[len(prefix):].startswith(stem)):
            return True
    return False


def never_in_name(word: str) -> bool:
    """A folded word that no name runs into: a verb, an auxiliary, an adverb or a common word."""
    return word not in lexicon().given_names and (is_verb(word) or word in name_words().not_name)


def never_in_role(word: str) -> bool:
    """A folded word that no role phrase runs into (`وزیر خارجه ایران واکنش نشان داد`)."""
    return is_verb(word) or word in name_words().not_role


def clean_role(role: str) -> str | None:
    """A role phrase as a person's role: cut before a verb or a word no role runs into (`وزیر خارجه
    ایران واکنش نشان داد`) and before a given name (`خبرنگار پارلمانی خبرگزاری فارس نور الدین
    پیرموذن ...`: the next person starts); None for a reporter's line (`خبرنگار حوزه دولت خبرگزاری
    فارس`: the reporter who asked, not the person who answered) or nothing left."""
    lex = lexicon()
    words = role.split()
    keep: list[str] = []
    inside = 0  # words left of a body named after a person (compound_names.txt: `سپاه محمد رسول‌الله`)
    for n, word in enumerate(words):
        folded = fold_letters(word)
        compound = lex.compound_re.match(fold_letters(" ".join(words[n:])))
        if compound:
            inside = max(inside, len(compound.group().split()))
        if n > 0 and not inside and (never_in_role(folded) or folded in lex.given_names):
            break
        inside = max(inside - 1, 0)
        keep.append(word)
    while keep and fold_letters(keep[-1]) in lex.stop_words:
        keep.pop()
    folded_words = [fold_letters(w) for w in keep]
    if not keep or (folded_words[0] == "خبرنگار" and ("خبرگزاری" in folded_words or "حوزه" in folded_words)):
        return None
    return " ".join(keep)


def trim_name(words: list[str], complement: bool) -> int:
    """How many of a tagged name's folded words are the name: it ends before the first word no name
    runs into; with `complement` (the caller saw a verb right after the name, the last two words
    written together only here and the name without the last word elsewhere), a third or later
    word is the verb's complement, not a surname (`محسن هاشمی اقبالی ندارد`)."""
    for n, word in enumerate(words):
        if n > 0 and never_in_name(word):
            return n
    last = words[-1] if words else ""
    if complement and len(words) > 2 and last not in lexicon().given_names and last not in NAME_PARTS:
        return len(words) - 1
    return len(words)


def names_person(name: str, tagged: bool = False) -> bool:
    """Whether a name found in an article may name a person of the knowledge base; `tagged`: the
    entity tagger found it as a person."""
    lex = lexicon()
    words = [w for w in fold_letters(name).replace(ZWNJ, " ").split() if w]
    if not words or any(not w.isalpha() or not _persian(w) for w in words):
        return False
    data = name_words()
    if any(w in lex.org_words or w in data.not_name or w in data.places or is_verb(w) for w in words):
        return False
    if lex.role_re.match(fold_letters(name)):
        return False
    honorifics = 0
    folded = fold_letters(name)
    while (m := lex.honorific_re.match(folded)) is not None and m.end() > 0:
        folded = folded[m.end():].lstrip(" " + ZWNJ)
        honorifics += 1
    rest = folded.split()
    if rest and rest[0] in ("سید", "سیده"):
        rest = rest[1:]
    if not rest:
        return False
    given = [w in lex.given_names or w in NAME_PARTS or w.endswith(("الله", "الدین")) for w in rest]
    if all(given) and (len(rest) == 1 or "الله" in rest or not tagged):
        # a lone given name (`سید کاظم`, `محمد رسول الله`): no one in particular; a foreign surname
        # that is also a given name (`ادوارد فیلیپ`) is a name when the tagger found it
        return False
    return given[0] or tagged or honorifics > 0 or len(rest) == 1  # `آقای بلندیان`: a surname


def _persian(word: str) -> bool:
    return all("\u0600" <= ch <= "\u06ff" or ch == ZWNJ for ch in word)
