"""People and their roles in one article, and the resolution of a speaker mention to a person.

A person is found by a given name (rasad/data/given_names.txt) or an honorific (honorifics.txt)
followed by the rest of the name; a role phrase starts with a head word (role_heads.txt) and runs to
a preposition, an adverb, punctuation or a reporting cue. Appositions give roles: `اسکندر مومنی،
وزیر کشور`, `وزیر کشور، اسکندر مومنی`, `محمد ابراهیم شوشتری مشاور وزیر کشور`.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from dataclasses import dataclass, field
from functools import lru_cache

from rasad.extract.lexicon import lexicon, role_variant_keys, squash, suffix_role
from rasad.extract.name_words import clean_role, is_verb, names_person, never_in_name, never_in_role, trim_name
from rasad.extract.spans import BREAK_CHARS, Doc
from rasad.models import Article, Person
from rasad.text.letters import ZWNJ, fold_letters

__all__ = ["Mention", "PersonResolver", "parse_mention"]

MAX_ROLE = 9  # tokens of a role phrase
MAX_SURNAME = 2  # tokens after the given names
MAX_NP = 4  # tokens of a subject that is neither a name nor a role (an organization, a group)
ROLE_REACH = 150  # tokens between a role phrase and the speaker it may stand for
RECENT_WINDOW = 80  # tokens back to a person named before an unresolved role phrase
NAME_END = 6  # characters of a name's key by which `PersonResolver.find` indexes its endings
VERB_WORDS = frozenset({"می", "نمی", "کرده", "شده", "بوده", "داده", "گرفته", "کرد", "شد"})
DEMONSTRATIVES = frozenset({"این", "همین"})
AS_REACH = 12  # tokens from a person's name to the `به عنوان` that gives a role
ROLE_LINKS = frozenset({"در", "از"})  # prepositions a role runs through before an organization word


@dataclass(slots=True)
class Mention:
    """Words that stand for a speaker: kind is name, role, pronoun, demonstrative or np."""

    kind: str
    first: int  # token range in the Doc
    last: int
    text: str


@dataclass(slots=True)
class _Entry:
    """A person of the article (named) or an unnamed speaker known by a role phrase only."""

    names: list[str]
    named: bool = True
    tails: set[str] = field(default_factory=set)  # keys of every name and of its word-final parts
    roles: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)  # token indexes where it is mentioned
    order: int = 0  # index in the resolver's entries
    role_keys: set[str] = field(default_factory=set)
    from_np: bool = False  # known only from a subject noun phrase, never parsed as a name
    role_spans: list[tuple[int, int]] = field(default_factory=list)  # token spans of apposition roles

    @property
    def name(self) -> str:
        """The fullest name; a surname written in several pieces (`آقا تهرانی`) takes its joined form
        when the article also writes it so (`آقاتهرانی`)."""
        full = max(self.names, key=lambda n: (len(n.split()), len(n)))
        words = full.split()
        for other in self.names:
            tail = other.split()
            if len(tail) < len(words) and squash(other) == squash(" ".join(words[-len(tail) - 1:])):
                return " ".join([*words[:-len(tail) - 1], *tail])
        return full


def _is_stop(doc: Doc, i: int) -> bool:
    return doc.words[i] in lexicon().stop_words


def _cue_starts(doc: Doc, i: int) -> bool:
    return lexicon().cue_re.match(doc.folded, doc.starts[i]) is not None


def _honorific_end(doc: Doc, i: int, last: int) -> int:
    """Token index after any honorifics starting at token i."""
    lex = lexicon()
    while i < last and doc.words[i].split(ZWNJ)[0] in lex.honorific_first:
        m = lex.honorific_re.match(doc.folded, doc.starts[i])
        if not m:
            break
        j = doc.token_at(m.end())
        if j <= i or j > last:
            break
        i = j
    return i


def _extend(doc: Doc, i: int, last: int, limit: int, stop_on_name: bool) -> int:
    """End of a phrase starting at token i: stops at punctuation, stop words, cues, given names.

    In a role (`stop_on_name`), `در` or `از` followed by an organization word goes on: `نماینده دائم
    ایران در سازمان ملل`, `تحلیلگر ارشد بازار در گروه پرایس فیوچرز`, `بیولوژیست مولکولی از دانشگاه
    هاروارد`."""
    lex = lexicon()
    j = i + 1
    while j < last and j - i < limit:
        compound = lex.compound_re.match(doc.folded, doc.starts[j]) if stop_on_name else None
        if compound and not doc.breaks_before(j) and doc.token_at(compound.end()) > j:
            j = doc.token_at(compound.end())  # `وزیر بهداشت، درمان و آموزش پزشکی`: one name
            continue
        if doc.breaks_before(j) or _cue_starts(doc, j):
            break
        if stop_on_name and (_verb_like(doc.words[j]) or never_in_role(doc.words[j])):
            break  # `رئیس‌جمهوری ترکیه ... عمل می‌کنیم`, `... واکنش نشان داد`: a role never runs into a verb
        if _is_stop(doc, j):
            inside = (stop_on_name and doc.words[j] in ROLE_LINKS and j + 1 < last
                      and not doc.breaks_before(j + 1) and doc.words[j + 1] in lex.org_words)
            if not inside:
                break
        elif stop_on_name and (_is_given(doc.words[j]) or _honorific_end(doc, j, last) > j):
            break  # `سخنگوی وزارت امور خارجه سید عباس موسوی`: the name starts
        j += 1
    return j


def _plural_noun(word: str) -> bool:
    """A noun in `-ها`/`-های` (`اشاره‌های`, `صحبت‌های`)."""
    return word.endswith(("ها", "های")) and len(word) > 4


def _verb_like(word: str) -> bool:
    """A word shaped like a finite verb or a participle (`می‌کنیم`, `نمی‌شود`, `کرده`, `رفته‌اند`)."""
    prefixed = word.startswith(("می" + ZWNJ, "نمی" + ZWNJ))
    return prefixed or word in VERB_WORDS or word.endswith("ه" + ZWNJ + "اند") or is_verb(word)


_QUOTE_MARKS = frozenset('"«»“”\'')


def _hard_break(doc: Doc, i: int) -> bool:
    """Punctuation other than quotation marks between token i-1 and token i."""
    return any(c in BREAK_CHARS and c not in _QUOTE_MARKS for c in doc.gap(i))


def _given_end(doc: Doc, j: int, last: int) -> int:
    """End of the given names starting at token j (j itself when there are none)."""
    lex = lexicon()
    if (doc.words[j] in lex.ambiguous_given and j > 0 and not doc.breaks_before(j)
            and doc.words[j - 1] in lex.prepositions):
        return j  # `از حسن توجه وزیر`: a common word here, not a name
    k = j
    while k < last and _is_given(doc.words[k]) and (k == j or not _hard_break(doc, k)):
        k += 1
    return k


def _is_given(word: str) -> bool:
    """A given name of the lexicon, a compound name in `...الدین` (`شمس‌الدین`, `جلال‌الدین`), or one
    of these written together with `سید` (`سیدمحمد`, `سیدشمس‌الدین`)."""
    if word.startswith("سید") and len(word) > 5:
        word = word[3:].lstrip(ZWNJ)
    return word in lexicon().given_names or (word.endswith("الدین") and len(word) > 6)


def _second_surname(doc: Doc, i: int, last: int) -> bool:
    """Whether token i, after a first surname word, is part of the surname (`وفادار ینگجه`) rather
    than the next word of the sentence (`واعظی نظارت بر`): the name ends cleanly after it, or the
    article writes the two words together more than once."""
    nxt = i + 1
    if nxt >= last or doc.breaks_before(nxt) or _cue_starts(doc, nxt) or _role_at(doc, nxt):
        return True
    return doc.repeated_pair(i)


def parse_name(doc: Doc, i: int, last: int, known: frozenset[str] = frozenset()) -> Mention | None:
    """A person's name at token i: honorifics, given names, then up to MAX_SURNAME words.

    Without a given name, an honorific (`آقای بلندیان`) or a word already known as a surname in
    this article (`خدائیان`) starts a name.
    """
    j = _honorific_end(doc, i, last)
    honored = j > i
    if j >= last or (honored and _hard_break(doc, j)):
        return None
    k = _given_end(doc, j, last)
    if k == j and not honored:
        if doc.words[j] not in known:
            return None
        return Mention("name", i, j + 1, doc.span_text(j, j + 1))  # a surname already seen
    end = k
    while end < last and end - k < MAX_SURNAME:
        if end > j and _hard_break(doc, end):
            break
        if _is_stop(doc, end) or _cue_starts(doc, end) or (end > j and _role_at(doc, end)):
            break
        if never_in_name(doc.words[end]):
            break  # `هاشمی خیلی`, `رضا نبود`, `کریم نام`: a name never runs into a verb or a common word
        if end > k and not _second_surname(doc, end, last):
            break
        end += 1
    if end == j or (end == k and k - j < 2 and not honored and doc.words[j] not in known):
        return None  # nothing, or a lone given name: too weak
    return Mention("name", i, end, doc.span_text(j, end))


def _role_at(doc: Doc, i: int) -> bool:
    lex = lexicon()
    if lex.role_re.match(doc.folded, doc.starts[i]) is not None:
        return True
    word = doc.words[i]
    return word.endswith(lex.role_suffixes) and suffix_role(word)


def parse_role(doc: Doc, i: int, last: int) -> Mention | None:
    if not _role_at(doc, i):
        return None
    end = _extend(doc, i, last, MAX_ROLE, stop_on_name=True)
    return Mention("role", i, end, doc.span_text(i, end))


def _next_break(doc: Doc, i: int, last: int) -> int:
    """Index of the first token from i on that punctuation separates from the one before."""
    found = doc.next_marked("break", i, last)
    return last if found is None else found


def trim_role(doc: Doc, role: Mention) -> Mention:
    """A role phrase right before the object of `... را ... دانست` may have run into the object
    (`رئیس مرکز حراست وزارت کشور حفظ استقلال ... را`): cut it after its last word pair that the
    article also writes elsewhere, when there is one."""
    cut = role.last
    for j in range(role.last - 1, role.first, -1):
        if doc.repeated_pair(j):
            cut = j + 1
            break
    else:
        return role
    return Mention("role", role.first, cut, doc.span_text(role.first, cut)) if cut < role.last else role


def parse_mention(doc: Doc, i: int, last: int, known: frozenset[str] = frozenset()) -> Mention | None:
    """A pronoun, a demonstrative phrase (`این مقام مسئول`), a role phrase or a name at token i."""
    word = doc.words[i]
    lex = lexicon()
    if word in lex.pronouns:
        return Mention("pronoun", i, i + 1, doc.span_text(i, i + 1))
    if (word in DEMONSTRATIVES and i + 1 < last and not doc.breaks_before(i + 1)
            and (doc.words[i + 1] in lex.person_nouns or _role_at(doc, i + 1))):
        end = _extend(doc, i + 1, last, 3, stop_on_name=False)
        return Mention("demonstrative", i, end, doc.span_text(i, end))
    name = parse_name(doc, i, last, known)
    if name is not None:
        return name
    return parse_role(doc, i, last)


def parse_np(doc: Doc, i: int, last: int) -> Mention | None:
    """A short noun phrase at token i that is not a stop word: an organization or a group as subject."""
    if (i >= last or _is_stop(doc, i) or _cue_starts(doc, i) or not doc.words[i][0].isalpha()
            or doc.words[i] in lexicon().modals):
        return None
    end = _extend(doc, i, last, MAX_NP, stop_on_name=False)
    role = next((j for j in range(i + 1, end) if _role_at(doc, j)), None)
    end = role if role is not None else end  # `فیلیپو اینزاگی مهاجم سابق میلان`: the role is an apposition
    if end < last and doc.words[end] == "را":
        return None  # an object, not a subject
    return Mention("np", i, end, doc.span_text(i, end))


def _name_like(doc: Doc, mention: Mention) -> bool:
    """A subject noun phrase that may be a person's name: up to three words, no organization word."""
    if mention.kind != "np" or mention.last - mention.first > 3:
        return False
    words = doc.words[mention.first:mention.last]
    # plurals, digits and infinitives (`نداشتن`, `زیستن`: a heading glued to the sentence) are no names
    if any(w.endswith(("ها", "های", "تن", "دن")) or not w.replace(ZWNJ, "").isalpha() for w in words):
        return False
    nxt = mention.last
    # after punctuation only an apposition (`X، سرپرست ...`) or an adverbial may follow a subject name:
    # `قدرت فزاینده، جمهوری اسلامی را ...` is a heading glued to a sentence
    glued = nxt < len(doc.words) and doc.breaks_before(nxt)
    if glued and not (_role_at(doc, nxt) or _is_stop(doc, nxt)):
        return False
    lex = lexicon()
    return not any(w in lex.org_words or w in lex.person_nouns for w in doc.words[mention.first:mention.last])


@lru_cache(maxsize=16384)
def _plain_words(name: str) -> tuple[str, ...]:
    """A name's folded words, ZWNJ a space, without a leading `سید`/`سیده`."""
    words = fold_letters(name).replace(ZWNJ, " ").split()
    return tuple(words[1:] if words and words[0] in ("سید", "سیده") else words)


@lru_cache(maxsize=65536)
def _key(text: str) -> str:
    return squash(text)


@lru_cache(maxsize=16384)
def _tails(name: str) -> frozenset[str]:
    """Keys of a name and of its word-final parts: `محمد ابراهیم شوشتری` -> the whole, `ابراهیم شوشتری`,
    `شوشتری`."""
    words = fold_letters(name).split()
    return frozenset(_key(" ".join(words[k:])) for k in range(len(words)))


def _matching(key: str, exact: dict[str, set[int]], keys: list[tuple[str, int]], stop_at: int = 0) -> set[int]:
    """The orders of the entries with a key that `key` starts with or that starts with `key` (two
    role phrases that match), from the keys by value and sorted; at most `stop_at` of them if given."""
    found: set[int] = set()
    for n in range(len(key) + 1):
        found |= exact.get(key[:n], set())
    for at in range(bisect_left(keys, (key, -1)), len(keys)):
        if (stop_at and len(found) >= stop_at) or not keys[at][0].startswith(key):
            break
        found.add(keys[at][1])
    return found


@lru_cache(maxsize=16384)
def role_key(role: str) -> str:
    """A role's key with the variants of an office made one (role_variants.tsv, as
    `rasad.link.people.role_key` on text the pipeline already normalized: letters folded only)."""
    key = _key(role)
    for variant, form in role_variant_keys():
        key = key.replace(variant, form)
    return key


def _clean_roles(roles: list[str]) -> list[str]:
    """Roles as `name_words.clean_role` cleans them, each once."""
    kept: dict[str, str] = {}
    for role in roles:
        cleaned = clean_role(role)
        if cleaned is not None:
            kept.setdefault(_key(cleaned), cleaned)
    return list(kept.values())


class PersonResolver:
    """The people of one article, and who a mention at a cue stands for.

    Built once from the whole text, so a role in the lead finds the name given further down;
    `resolve` is then called in reading order and remembers the last speaker for pronouns.
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.entries: list[_Entry] = []
        # indexes of the entries (by order) for `find`: by the keys of their tails, of their names,
        # and of their names' last NAME_END characters, so a lookup does not read every entry
        self._by_tail: dict[str, set[int]] = {}
        self._by_name: dict[str, set[int]] = {}
        self._by_name_end: dict[str, set[int]] = {}
        # the keys of every entry's roles, sorted, and of the unnamed entries' role phrases: `by_role`
        # and an unnamed speaker's lookup find keys that one starts with by binary search
        self._role_keys: dict[str, set[int]] = {}
        self._roles_sorted: list[tuple[str, int]] = []
        self._unnamed_keys: dict[str, set[int]] = {}
        self._unnamed_sorted: list[tuple[str, int]] = []
        self.last_speaker: _Entry | None = None
        self.last_pos = -1  # token index of the last resolved mention
        self.known_words: frozenset[str] = frozenset()
        self.tagged: frozenset[int] | None = None  # tokens of people and organizations the tagger found
        self.orgs: list[tuple[int, str]] = []
        self._org_words: frozenset[str] = frozenset()  # folded words of the organizations' names
        self._scan()

    @classmethod
    def from_article(cls, article: Article) -> PersonResolver:
        """A resolver over `article.text` (offsets and token indexes refer to it)."""
        return cls(Doc(article.text))

    def _scan(self) -> None:
        doc = self.doc
        lex = lexicon()
        for sent in doc.sentences:
            i = sent.first
            floor = sent.first  # a role before a name never reaches back into the previous name
            while i < sent.last:
                word = doc.words[i]
                if not _is_given(word) and word.split(ZWNJ)[0] not in lex.honorific_first:
                    i += 1
                    continue
                name = parse_name(doc, i, sent.last)
                if name is None:
                    i += 1
                    continue
                entry = self.add(name.text, name.first)
                floor = self._apposition(entry, name, floor, sent.last)
                i = max(name.last, floor)  # a role may hold a body named after a person (`سپاه محمد رسول‌الله`)
        self.known_words = frozenset(fold_letters(n).split()[-1] for e in self.entries for n in e.names)

    def add_tagged(self, names: list[tuple[str, int]], orgs: list[tuple[int, str]], tagged: frozenset[int]) -> None:
        """What the named-entity tagger found: people (names of two words or more, each with its
        token), entries like the names the scan finds, their surnames known words; organizations
        (token, text) for `این روزنامه`; the tokens of every person or organization it tagged."""
        self.tagged = tagged
        self.orgs = sorted(orgs)
        self._org_words = frozenset(w for _, text in orgs for w in fold_letters(text).split()
                                    if w not in lexicon().stop_words)
        doc = self.doc
        for entry in self.entries:  # the scan's roles, read before the organizations were known
            for first, last in entry.role_spans:
                longer = self._into_org(Mention("role", first, last, doc.span_text(first, last)))
                shorter = doc.span_text(first, last)
                if longer.last > last and shorter in entry.roles:
                    entry.roles[entry.roles.index(shorter)] = longer.text
                    self.add_role(entry, longer.text)
        for name, pos in names:
            last = doc.token_at(doc.starts[pos] + len(name))
            keep = trim_name(doc.words[pos:last], self._complement_end(pos, last))
            if keep < 2:
                continue  # `عارف نخواهد`: a given name and a verb
            self.add(doc.span_text(pos, pos + keep), pos)
        self.known_words = frozenset(fold_letters(n).split()[-1] for e in self.entries for n in e.names)

    def _complement_end(self, first: int, last: int) -> bool:
        """Whether the last word of a tagged name (tokens first..last) may be the complement of the
        verb after it: a verb follows, the last two words are written together only here, and the
        article writes the name without the last word elsewhere."""
        doc = self.doc
        if last - first < 3 or last >= len(doc.words) or doc.breaks_before(last) or not _verb_like(doc.words[last]):
            return False
        shorter = doc.folded[doc.starts[first]:doc.ends[last - 2]]
        return not doc.repeated_pair(last - 1) and doc.folded.count(shorter) > 1

    def add(self, name: str, pos: int, named: bool = True) -> _Entry:
        """Register a name (or an unnamed role speaker) seen at token pos."""
        entry = self.find(name) if named else None
        if entry is None:
            entry = _Entry([], named=named, order=len(self.entries))
            self.entries.append(entry)
            self._add_name(entry, name)
            if not named:
                key = _key(name)
                self._unnamed_keys.setdefault(key, set()).add(entry.order)
                insort(self._unnamed_sorted, (key, entry.order))
        elif name not in entry.names:
            self._add_name(entry, name)
        else:
            self._add_tails(entry, name)
        entry.positions.append(pos)
        return entry

    def _add_name(self, entry: _Entry, name: str) -> None:
        """A new form of an entry's name, indexed for `find`."""
        entry.names.append(name)
        key = _key(name)
        self._by_name.setdefault(key, set()).add(entry.order)
        for n in range(1, min(NAME_END, len(key)) + 1):
            self._by_name_end.setdefault(key[-n:], set()).add(entry.order)
        self._add_tails(entry, name)

    def _add_tails(self, entry: _Entry, name: str) -> None:
        tails = _tails(name)
        if not tails <= entry.tails:
            entry.tails |= tails
            for tail in tails:
                self._by_tail.setdefault(tail, set()).add(entry.order)

    def _apposition(self, entry: _Entry, name: Mention, floor: int, last: int) -> int:
        """Roles right after the name (`X، وزیر کشور`, `X وزیر کشور`) or right before it
        (`وزیر کشور، X`); returns where the next name's role-before may start."""
        doc = self.doc
        after = name.last
        end = after
        if after < last and (not _hard_break(doc, after) or doc.gap(after).strip(' "«»“”') in ("،", ",")):
            role = parse_role(doc, after, last)
            if role is not None:
                if doc.next_word("را", role.last, _next_break(doc, role.last, last)) is not None:
                    role = trim_role(doc, role)  # `X معاون اول رئیس‌جمهوری A را B دانست`
                role, second = self._coordinated(role, last)
                role = self._into_org(role)
                self.add_role(entry, role.text)
                entry.role_spans.append((role.first, role.last))
                end = role.last
                if second is not None:
                    self.add_role(entry, second.text)
                    end = second.last
        j = name.first - 1
        while j >= floor and name.first - j <= MAX_ROLE:
            if j + 1 < name.first and _hard_break(doc, j + 1):
                break
            role = parse_role(doc, j, name.first)
            # `مشاور وزیر خارجه آمریکا اشاره‌های محمدجواد ظریف را ...`: a plural noun before the name
            # is the head of its phrase (his remarks), not the end of his role
            if role is not None and role.last == name.first and not _plural_noun(doc.words[name.first - 1]) and (
                    j == floor or doc.breaks_before(j) or _is_stop(doc, j - 1)):
                self.add_role(entry, role.text)
                break
            j -= 1
        return end

    def _into_org(self, role: Mention) -> Mention:
        """A role that stops at `در`/`از` before a word of an organization the article names
        (`میکروبیولوژیست آزمایشگاهی در سانی‌بروک`, the tagger having found `موسسه تحقیقاتی
        سانی‌بروک`) runs on through those words."""
        doc = self.doc
        j = role.last
        if not self._org_words or j + 1 >= len(doc.words) or doc.words[j] not in ROLE_LINKS or doc.breaks_before(j):
            return role
        k = j + 1
        while k < len(doc.words) and k - j <= MAX_NP and not doc.breaks_before(k) and doc.words[k] in self._org_words:
            k += 1
        if k == j + 1:
            return role
        return Mention("role", role.first, k, doc.span_text(role.first, k))

    def _coordinated(self, role: Mention, last: int) -> tuple[Mention, Mention | None]:
        """A role followed by `و` and another role phrase: one role when the first is a bare head
        (`میکروبیولوژیست و پزشک متخصص بیماری‌های عفونی`), two when it has its own complement
        (`وزیر علوم دولت اصلاحات و فعال سیاسی اصلاح‌طلب`)."""
        doc = self.doc
        j = role.last
        if not (j + 1 < last and doc.words[j] == "و" and not doc.breaks_before(j) and not doc.breaks_before(j + 1)):
            return role, None
        second = parse_role(doc, j + 1, last)
        if second is None:
            return role, None
        if role.last - role.first == 1:
            return Mention("role", role.first, second.last, doc.span_text(role.first, second.last)), None
        return role, second

    def add_role(self, entry: _Entry, role: str) -> None:
        role = role.strip()
        key = _key(role)
        if role and key not in entry.role_keys:
            entry.role_keys.add(key)
            entry.roles.append(role)
            self._role_keys.setdefault(key, set()).add(entry.order)
            insort(self._roles_sorted, (key, entry.order))

    def find(self, name: str) -> _Entry | None:
        """The named person a name or a surname belongs to (the last seen if several share it)."""
        mine = _tails(name)
        key = _key(name)
        several = len(name.split()) > 1  # `شمس‌الدین حسینی` is `سیدشمس‌الدین حسینی`
        found = set(self._by_tail.get(key, ()))
        for tail in mine:
            found |= self._by_name.get(tail, set())
        if several and key:
            found |= {o for o in self._by_name_end.get(key[-NAME_END:], ())
                      if any(_key(n).endswith(key) for n in self.entries[o].names)}
        named = [self.entries[o] for o in found if self.entries[o].named]
        if not named:
            return self._given_prefix(name)
        # the last seen; of two seen last at one token, the first registered
        return max(named, key=lambda e: (e.positions[-1], -e.order), default=None)

    def _given_prefix(self, name: str) -> _Entry | None:
        """A name of given names only (`یعقوبعلی`, `سید کاظم`) is the one person of the article whose
        name starts with them (`یعقوبعلی رجبیان`, `کاظم دلخوش`), and a full name is the one person
        known so far by its given names only."""
        words = _plain_words(name)
        if not words:
            return None
        alone = all(_is_given(w) for w in words)
        hits = set()
        for e in self.entries:
            if not e.named:
                continue
            for other in e.names:
                theirs = _plain_words(other)
                longer = alone and len(theirs) > len(words) and theirs[:len(words)] == words
                shorter = (not alone and len(theirs) < len(words) and words[:len(theirs)] == theirs
                           and all(_is_given(w) for w in theirs))
                if longer or shorter:
                    hits.add(e.order)
        return self.entries[hits.pop()] if len(hits) == 1 else None

    def by_role(self, role: str) -> _Entry | None:
        """The one person the article gives this role, if exactly one."""
        hits = _matching(_key(role), self._role_keys, self._roles_sorted, stop_at=2)
        return self.entries[hits.pop()] if len(hits) == 1 else None

    def recent(self, pos: int) -> _Entry | None:
        """The named person mentioned last before token pos."""
        best, where = None, -1
        for e in self.entries:
            seen = [p for p in e.positions if p < pos]
            if e.named and seen and seen[-1] > where:
                best, where = e, seen[-1]
        return best

    @staticmethod
    def _new_form(entry: _Entry, mention: Mention) -> bool:
        """A name mention is a form of the name; a noun phrase only when it ends it (`آقاتهرانی`)."""
        if mention.kind == "name":
            return True
        return mention.kind == "np" and any(_key(n).endswith(_key(mention.text)) for n in entry.names)

    def _introduced_before(self, pos: int) -> _Entry | None:
        """The person named shortly before a token index (`X، مشاور وزیر کشور، ...` then a role)."""
        entry = self.recent(pos)
        if entry is None or pos - max(p for p in entry.positions if p < pos) > RECENT_WINDOW:
            return None
        return entry

    def names_someone(self, mention: Mention) -> bool:
        """A name, or a subject noun phrase that may be one: what a role phrase may stand for ahead."""
        return mention.kind == "name" or self._np_names(mention)

    def _may_speak(self, mention: Mention) -> bool:
        """Whether a subject noun phrase may be a speaker: not when it holds a verb or a modal
        (`فاسد نباید`, `بعید می‌دانم`), nor when it is one word that the tagger did not tag (it ran)
        and that is no organization, group or person word (`اقتصاد`, `سفر`)."""
        words = self.doc.words[mention.first:mention.last]
        lex = lexicon()
        if any(_verb_like(w) or w in lex.modals for w in words):
            return False
        if len(words) > 1 or self.tagged is None or mention.first in self.tagged or self.find(mention.text):
            return True
        word = words[0]
        return (word in lex.org_words or word in lex.person_nouns or _role_at(self.doc, mention.first)
                or word.endswith(("ان", "ها", "های", "ات")))

    def _np_names(self, mention: Mention) -> bool:
        """A subject noun phrase that may be a name: shaped like one and, when the entity tagger
        ran, tagged by it (`اقتصاد گفت` is no person)."""
        if not _name_like(self.doc, mention):
            return False
        return self.tagged is None or any(t in self.tagged for t in range(mention.first, mention.last))

    def _organization(self, noun: str, pos: int) -> _Entry | None:
        """The organization named last before token pos (the first after, if none) with `noun` among
        its words (`این روزنامه` -> `روزنامه لوس‌آنجلس تایمز`), as an unnamed speaker."""
        fits = [(p, text) for p, text in self.orgs if noun in fold_letters(text).replace(ZWNJ, " ").split()]
        if not fits:
            return None
        before = [f for f in fits if f[0] < pos]
        p, text = before[-1] if before else fits[0]
        key = _key(text)
        known = self._unnamed_keys.get(key)
        return self.entries[min(known)] if known else self.add(text, p, named=False)

    def resolve(self, mention: Mention | None, upcoming: list[Mention]) -> _Entry | None:
        """The person a mention stands for, in reading order; `upcoming` are later mentions at cues
        (only the first that `names_someone` is read: a caller may pass that one alone).

        Read the speaker's name from the entry once the whole article is resolved: a fuller form
        may come later."""
        entry = self._entry_for(mention, upcoming)
        if entry is None:
            return None
        if mention is not None:
            if mention.text not in entry.mentions:
                entry.mentions.append(mention.text)
            if entry.named and mention.text not in entry.names and self._new_form(entry, mention):
                self._add_name(entry, mention.text)
            self.last_pos = mention.first
        self.last_speaker = entry
        return entry

    def _entry_for(self, mention: Mention | None, upcoming: list[Mention]) -> _Entry | None:
        if mention is None:
            return self.last_speaker
        if mention.kind in ("pronoun", "demonstrative"):
            entry = self.last_speaker or self.recent(mention.first)
            if mention.kind == "pronoun" or entry is None:
                return entry
            noun = self.doc.words[mention.first + 1]
            if not _role_at(self.doc, mention.first + 1):
                # `این روزنامه`, `این گروه`: the last speaker only if it is one (`روزنامه وال استریت ژورنال`),
                # else the organization of that kind the article named last
                if any(noun in fold_letters(n).split() for n in entry.names):
                    return entry
                return self._organization(noun, mention.first)
            if noun not in lexicon().person_nouns:  # `این کارشناس سینما`: a role of that person
                self.add_role(entry, self.doc.span_text(mention.first + 1, mention.last))
            return entry
        if mention.kind == "np" and not self._may_speak(mention):
            # `اقتصاد`, `فاسد نباید`: a heading or a clause glued to the sentence, not its subject
            return self.last_speaker or self.recent(mention.first)
        if mention.kind in ("name", "np"):
            entry = self.find(mention.text)
            if entry is None and (mention.kind == "name" or self._np_names(mention)):
                entry = self.add(mention.text, mention.first)
                entry.from_np = mention.kind == "np"
            elif entry is not None and mention.kind == "name":
                entry.from_np = False
            return entry
        return self._role_entry(mention, upcoming)

    def _role_entry(self, mention: Mention, upcoming: list[Mention]) -> _Entry:
        """A role phrase: its holder if the article names one, else the nearer of the last speaker
        and the next named speaker (a lead names the role, the body the person)."""
        head = self.doc.words[mention.first]
        one_of = mention.first >= 2 and self.doc.words[mention.first - 2:mention.first] == ["یکی", "از"]
        entry = self.by_role(mention.text)
        if entry is None and (head.endswith("ان") or head == "اعضای") and not one_of:
            entry = self.add(mention.text, mention.first, named=False)  # a group: `نمایندگان مجلس`
        if entry is None:
            entry = self._speaker_around(mention, upcoming)
        if entry is None:
            unnamed = _matching(_key(mention.text), self._unnamed_keys, self._unnamed_sorted)
            entry = self.entries[min(unnamed)] if unnamed else self.add(mention.text, mention.first, named=False)
        if entry.named:
            self.add_role(entry, mention.text)
        return entry

    def _speaker_around(self, mention: Mention, upcoming: list[Mention]) -> _Entry | None:
        """The nearer of the last speaker and the next named speaker, within ROLE_REACH tokens (in a
        roundup of many people a far one is someone else); the next named one at any distance when
        nobody spoke before (a lead names the role, the body the person)."""
        prev = self.last_speaker if self.last_speaker and self.last_speaker.named else None
        back = mention.first - self.last_pos if prev is not None else len(self.doc.words)
        ahead = next((m for m in upcoming if self.names_someone(m)), None)
        forth = ahead.first - mention.first if ahead is not None else len(self.doc.words)
        if ahead is not None and forth < back and (forth <= ROLE_REACH or self.last_speaker is None):
            entry = self.find(ahead.text)
            if entry is None:
                entry = self.add(ahead.text, ahead.first)
                entry.from_np = ahead.kind == "np"
            return entry
        if prev is not None and back <= ROLE_REACH:
            return prev
        return self._introduced_before(mention.first)

    def later_roles(self) -> None:
        """Roles the article gives a person later, as the subject of a sentence (`رییس مجلس شورای
        اسلامی در دیدار ...`, `این فعال سیاسی ...`): the fuller phrase of the one role of one named
        person it continues (`رئیس مجلس` -> `رییس مجلس شورای اسلامی`, variants of an office one
        role by `role_key`). A role phrase that fits nobody or several people is left alone."""
        doc = self.doc
        heads = {fold_letters(r).replace(ZWNJ, " ").split()[0] for e in self.entries if e.named for r in e.roles}
        if not heads:
            return
        held: list[tuple[int, str]] | None = None
        for sent in doc.sentences:
            i = sent.first
            if i < sent.last and doc.words[i] in DEMONSTRATIVES:
                i += 1
            if i + 1 >= sent.last or doc.words[i].split(ZWNJ)[0] not in heads or doc.breaks_before(i + 1):
                continue  # no role of the article has this head
            if held is None:
                held = [(e.order, role_key(r)) for e in self.entries if e.named for r in e.roles]
            if not self._may_continue(i, held):
                continue
            role = parse_role(doc, i, sent.last)
            if role is not None and doc.next_word("را", role.last, _next_break(doc, role.last, sent.last)) is not None:
                role = trim_role(doc, role)  # `رئیس مرکز حراست وزارت کشور حفظ استقلال ... را`
            if role is None or role.last - role.first < 2:
                continue  # a bare head (`وزیر`) says nothing new
            key = role_key(role.text)
            holders = {order for order, theirs in held if key.startswith(theirs) or theirs.startswith(key)}
            if len(holders) == 1:
                self.add_role(self.entries[holders.pop()], role.text)

    def _may_continue(self, i: int, held: list[tuple[int, str]]) -> bool:
        """Whether the first two words of a role phrase at token i (cheaply, before parsing it) may
        begin or continue a role the article gives: their key and a held key start alike, or the
        second word begins a variant of an office (`دستگاه` of `دستگاه قضا`)."""
        start = role_key(self.doc.span_text(i, i + 2))
        if any(theirs.startswith(start) or start.startswith(theirs) for _, theirs in held):
            return True
        second = _key(self.doc.words[i + 1])
        return any(variant.startswith(second) for variant, _ in role_variant_keys())

    def as_roles(self) -> None:
        """`X را به عنوان سرپرست وزارت راه منصوب کرد`, `X به عنوان نماینده ... شرکت کرد`: the role after
        `به عنوان` is that of the person named last before it in the sentence, within AS_REACH
        tokens; not when a name follows the role (`به عنوان وزیر کشور، X`: an apposition)."""
        doc = self.doc
        named = [(p, e) for e in self.entries if e.named for p in e.positions]
        if not named or "عنوان" not in doc.folded:
            return
        for sent in doc.sentences:
            if "عنوان" not in doc.folded[sent.start:sent.end]:
                continue
            for i in range(sent.first + 1, sent.last - 1):
                if doc.words[i] != "عنوان" or doc.words[i - 1] != "به" or doc.breaks_before(i):
                    continue
                role = parse_role(doc, i + 1, sent.last) if not doc.breaks_before(i + 1) else None
                if role is None or (role.last < sent.last and parse_name(doc, role.last, sent.last) is not None):
                    continue
                if role.last < sent.last and role.last - role.first > 1 and _verb_like(doc.words[role.last]):
                    # `به عنوان سرپرست وزارت راه منصوب کرد`: the word before the verb is its own part
                    role = Mention("role", role.first, role.last - 1, doc.span_text(role.first, role.last - 1))
                before = [(p, e) for p, e in named if sent.first <= p < i - 1 and i - p <= AS_REACH]
                if before:
                    self.add_role(max(before, key=lambda pe: pe[0])[1], role.text)

    def merge_prefixes(self) -> None:
        """A name cut short (`امیرحسین علم` for `امیرحسین علم الهدی`, the tagger or the scan stopping
        inside a surname) takes the full name when exactly one other person's name starts with all
        its words (two words at least; a ZWNJ counted as a space)."""
        by_first: dict[str, list[tuple[_Entry, tuple[str, ...]]]] = {}
        for e in self.entries:
            if e.named:
                for n in e.names:
                    words = _plain_words(n)
                    if words:
                        by_first.setdefault(words[0], []).append((e, words))
        for forms in by_first.values():
            if len({id(e) for e, _ in forms}) < 2:
                continue
            for short in {id(e): e for e, _ in forms}.values():
                mine = _plain_words(short.name)
                if len(mine) < 2:
                    continue
                longer = {id(e): e for e, w in forms
                          if e is not short and len(w) > len(mine) and w[:len(mine)] == mine}
                if len(longer) == 1:
                    self._add_name(short, next(iter(longer.values())).name)

    def persons(self) -> list[Person]:
        """The named people, in order of first mention; entries that came to bear one name are one."""
        named = sorted((e for e in self.entries if e.named and self._person_like(e)), key=lambda e: e.positions[0])
        people: dict[str, Person] = {}
        for e in named:
            name = e.name
            person = people.get(name)
            if person is None:
                people[name] = Person(name, _clean_roles(e.roles), list(e.mentions))
                continue
            person.roles[:] = _clean_roles([*person.roles, *e.roles])
            person.mentions.extend(m for m in e.mentions if m not in person.mentions)
        return list(people.values())

    def _person_like(self, entry: _Entry) -> bool:
        """Whether an entry names a person (`name_words.names_person`); a name the tagger found as a
        person, or any name when the tagger did not run, may lack a given name of the lexicon."""
        tagged = self.tagged is None or any(p in self.tagged for p in entry.positions)
        return names_person(entry.name, tagged)
