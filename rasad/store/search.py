"""Search, the same in every backend: text becomes a search key, queries become clauses of folded
words and phrases, articles are scored by BM25, and snippets are cut from the normalized text.

The search key (`search_key`) is what every spelling of a word has in common: letters unified
(ي/ی, ك/ک, the hamza seats of رئیس/رییس, مسئول/مسؤول/مسوول, the madda of آمریکا/امریکا), digits
ASCII, diacritics gone, a ZWNJ made a space (so `رئیس‌جمهور` and `رئیس جمهور` are the same two
words, and `ذبیح‌الله` is `ذبیح الله`), and a digit run glued to a word cut off it (`۲۶بهمن`).

The query syntax (`parse_query`), never an error:

    وزیر کشور            both words (articles holding them side by side rank first)
    "وزیر کشور"          the words side by side (also «وزیر کشور»)
    ایران OR عراق        either (also `|`)
    -فوتبال  -"لیگ برتر" not this word or phrase

A backend matches `Query.required` (every clause; a clause holds if one of its alternatives, a set
of terms, all occur) and not `Query.excluded`, and scores with `bm25` over `Query.scored`, every
positive term in the order of the match expression (SQLite's FTS5 bm25 with the same weights gives
the same number). A word the archive never holds is read as the two it splits into (`وزیرکشور` ->
`وزیر کشور`: no article could match or score by the word itself), and two
words the archive holds joined are also matched joined (`ایران خودرو` -> `ایرانخودرو`): both through
the backend's count of articles holding a word.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from rasad.models import Article
from rasad.store.tags import TAGS
from rasad.text.letters import TO_ASCII_DIGITS, ZWNJ
from rasad.text.normalize import normalize
from rasad.text.tokenize import split_sentences

SNIPPET_CHARS = 220
TITLE_WEIGHT = 4.0  # a word in the title counts as four in the body
K1, B = 1.2, 0.75
MIN_PART = 2  # a word tried as two words: each part has at least this many letters
# the words an index holds, as FTS5's unicode61 tokenizer finds them: letters, digits and private-use
# characters (category Co, which scraped text carries from icon fonts)
_WORD = re.compile(r"(?:[^\W_]|[\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd])+")
_KEY_CHARS = {  # every character the key changes, and what it becomes (digits: ASCII)
    "\u0626": "\u06cc", "\u0624": "\u0648", "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627",
    "\u0671": "\u0627", "\u06c0": "\u0647", "\u0621": "", ZWNJ: " ", "\u200d": "",
    **{chr(c): "" for c in range(0x064B, 0x0660)}, "\u0670": "",  # harakat, tanwin, hamza marks
    **{chr(k): chr(v) for k, v in TO_ASCII_DIGITS.items()},
}
# found by one regular expression and replaced where found: 2.5 times as fast as str.translate,
# which looks up every character of the text (snippets fold each hit's sentences)
_KEY_CHAR = re.compile("[" + "".join(sorted(_KEY_CHARS)) + "]")
_DOUBLE_WAW = re.compile("\u0648{2,}")  # مسوول (from مسئول and مسؤول too), طاووس, داوود: one waw
_DIGIT_EDGE = re.compile(r"(?<=\d)(?=[^\W\d_])|(?<=[^\W\d_])(?=\d)")
_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_OR = {"OR", "|"}
_ABBREVIATION = re.compile(r"(?<!\S)[\u0621-\u06cc]{1,3}(?:\.[\u0621-\u06cc]{1,3})+\.?(?!\S)")  # بی.بی.سی, ا.ف.پ

Fetch = Callable[[str], int]  # a backend's count of the articles holding a word
Holds = Callable[[str], bool]  # whether any article holds a word (cheaper than counting them)


def search_key(text: str, *, normalized: bool = True) -> str:
    """The form text is indexed and queried in: see the module's doc. Pass `normalized=False` for
    text that has not been through rasad.text.normalize."""
    text = (text if normalized else normalize(text)).replace("\u0626\u0648", "\u0648\u0648")
    return _DIGIT_EDGE.sub(" ", _DOUBLE_WAW.sub("\u0648", _KEY_CHAR.sub(_key_char, text)))


def _key_char(match: re.Match[str]) -> str:
    return _KEY_CHARS[match.group()]


def words_of(key: str) -> list[str]:
    """The words of a search key."""
    return _WORD.findall(key)


def search_words(text: str) -> list[str]:
    """The indexed words of normalized text."""
    return words_of(search_key(text))


def index_fields(article: Article) -> tuple[str, str]:
    """The title and body (kicker, lead and paragraphs) a backend indexes, as search keys."""
    return index_texts(article.title, article.kicker, article.body)


def index_texts(title: str, kicker: str | None, body: str) -> tuple[str, str]:
    return search_key(title), search_key("\n".join(filter(None, [kicker, body])))


Term = tuple[str, ...]  # one word, or a phrase of words side by side


@dataclass(slots=True)
class Query:
    """A parsed query. `required`: clauses that must all hold, each a list of alternatives (terms
    that must all occur); `excluded`: terms no match holds; `adjacent`: the query's plain words as
    a phrase, whose matches rank first."""

    required: list[list[tuple[Term, ...]]] = field(default_factory=list)
    excluded: list[Term] = field(default_factory=list)
    adjacent: Term | None = None

    def __bool__(self) -> bool:
        return bool(self.required)

    @property
    def scored(self) -> list[Term]:
        """Every term a match is scored by, in the order of the match expression."""
        return [term for clause in self.required for alternative in clause for term in alternative]

    @property
    def words(self) -> set[str]:
        """The words to show marked in titles and snippets."""
        return {word for term in self.scored for word in term}

    def holds(self, occurs: Callable[[Term], bool]) -> bool:
        """Whether an article, asked term by term, matches."""
        return (all(any(all(occurs(t) for t in alt) for alt in clause) for clause in self.required)
                and not any(occurs(t) for t in self.excluded))


def parse_query(text: str, documents_with: Fetch | None = None, holds: Holds | None = None) -> Query:
    """A query typed by a user -> its clauses (see the module's doc). Any text is a query: quotes
    left open close at the end, operators with nothing beside them are left out, other punctuation
    separates words. `documents_with` and `holds` ask the archive (`holds` defaults to a count above
    0; a backend gives a cheaper one: a common word is in most articles, and only its split parts
    are ever counted)."""
    query = Query()
    if documents_with is not None and holds is None:
        holds = functools.partial(_counted, documents_with)
    pending_or, simple = False, True  # simple: no OR, no quotes; its words may rank side by side
    text = _ABBREVIATION.sub(lambda m: m.group().replace(".", ZWNJ), text)  # `بی.بی.سی`: one phrase
    for minus, quoted, bare in _TOKEN.findall(normalize(text.replace("«", '"').replace("»", '"'))):
        if bare in _OR:
            pending_or = bool(query.required)
            continue
        negative = bool(minus) or (len(bare) > 1 and bare.startswith("-"))
        words = tuple(search_words(quoted if quoted or minus else bare.removeprefix("-")))
        if not words:
            continue
        if negative:
            query.excluded.append(words)
            continue
        alternatives: list[tuple[Term, ...]] = [(words,)]
        if not quoted and len(words) == 1 and documents_with is not None and holds is not None:
            split = _split(words[0], documents_with, holds)
            if split:  # the word itself is held nowhere: it would match and score nothing
                alternatives = [(split,)]
        elif not quoted and len(words) > 1 and holds is not None and holds("".join(words)):
            alternatives.append((("".join(words),),))  # `ایران‌خودرو` also written `ایرانخودرو`
        if pending_or:
            query.required[-1].extend(alternatives)
        else:
            query.required.append(alternatives)
        simple = simple and not pending_or and not quoted
        pending_or = False
    plain = [word for clause in query.required for word in clause[0][0]]
    if simple and len(query.required) > 1 and len(plain) <= 6:
        query.adjacent = tuple(plain)
        if holds is not None:
            _join_pairs(query, holds)
    return query


def _counted(documents_with: Fetch, word: str) -> bool:
    return documents_with(word) > 0


def _split(word: str, documents_with: Fetch, holds: Holds) -> Term | None:
    """A word no article holds, as the two held words it best splits into (`وزیرکشور`)."""
    if len(word) < 2 * MIN_PART or word.isdigit() or holds(word):
        return None
    best: tuple[int, Term] | None = None
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        left, right = word[:i], word[i:]
        held = min(documents_with(left), documents_with(right))
        if held and (best is None or held > best[0]):
            best = (held, (left, right))
    return best[1] if best else None


def _join_pairs(query: Query, holds: Holds) -> None:
    """Two plain words side by side that the archive also holds as one word (`ایران خودرو`,
    written `ایرانخودرو` somewhere): either form matches."""
    def single(clause: list[tuple[Term, ...]]) -> str | None:
        return clause[0][0][0] if len(clause) == 1 and len(clause[0]) == 1 and len(clause[0][0]) == 1 else None

    clauses: list[list[tuple[Term, ...]]] = []
    i = 0
    while i < len(query.required):
        first = single(query.required[i])
        second = single(query.required[i + 1]) if i + 1 < len(query.required) else None
        if first and second and holds(first + second):
            pair: tuple[Term, ...] = ((first,), (second,))
            clauses.append([pair, ((first + second,),)])
            i += 2
            continue
        clauses.append(query.required[i])
        i += 1
    query.required = clauses


def occurrences(term: Sequence[str] | str, words: Sequence[str]) -> int:
    """How often a term (one word, or a phrase of several) occurs in a list of words."""
    parts = term.split() if isinstance(term, str) else list(term)
    if len(parts) == 1:
        return sum(1 for w in words if w == parts[0])
    n = len(parts)
    return sum(1 for i in range(len(words) - n + 1) if list(words[i:i + n]) == parts)


def bm25(frequencies: Sequence[tuple[int, int]], documents_with: Sequence[int], documents: int,
         length: int, average_length: float) -> float:
    """BM25 of one article: `frequencies` has (in title, in body) for each term, `documents_with`
    how many articles hold each term, `length` the article's words (title and body),
    `average_length` the average of every article's words and filter words (`bm25_average`).
    The article's length counts its filter words too (rasad.store.tags), as FTS5 does."""
    length += TAGS
    score = 0.0
    for (in_title, in_body), holding in zip(frequencies, documents_with, strict=True):
        idf = math.log((documents - holding + 0.5) / (holding + 0.5))
        idf = idf if idf > 0 else 1e-6
        tf = TITLE_WEIGHT * in_title + in_body
        norm = K1 * (1 - B + B * length / average_length) if average_length else K1
        score += idf * tf * (K1 + 1) / (tf + norm)
    return score


def bm25_average(words: int, documents: int) -> float:
    """The average length BM25 divides by: all the articles' words and filter words, per article
    (the same division FTS5 makes)."""
    return (words + TAGS * documents) / documents if documents else 0.0


def make_snippet(article_text: str, words: set[str] | Sequence[str]) -> str:
    """The sentence that holds the most query words, trimmed to SNIPPET_CHARS; without words, the
    opening of the text."""
    wanted = {w for item in words for w in item.split()}
    if not wanted:
        return _trim(article_text)
    best, best_score = "", -1
    for sentence in split_sentences(article_text):
        score = len(wanted & set(search_words(sentence)))
        if score > best_score:
            best, best_score = sentence, score
        if score == len(wanted):
            break
    return _trim(best)


def _trim(text: str) -> str:
    if len(text) <= SNIPPET_CHARS:
        return text
    return text[:SNIPPET_CHARS].rsplit(" ", 1)[0] + " …"


__all__ = ["SNIPPET_CHARS", "TITLE_WEIGHT", "Query", "Term", "bm25", "index_fields", "index_texts", "make_snippet",
           "occurrences", "parse_query", "search_key", "search_words", "words_of"]
