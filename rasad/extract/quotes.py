"""Who said what: direct and indirect quotes of Persian news, with their speakers resolved to people.

A reporting cue (rasad/data/reporting_verbs.tsv) is found in a sentence; its class says where the
reported content lies (after a colon, after `که`, before `را ... دانست`, inside `خواستار ... شد`,
...), the subject of the sentence gives the mention (a name, a role phrase, a pronoun), and
`PersonResolver` turns the mention into the fullest name the article gives.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

import numpy as np

from rasad.extract.lexicon import Cue, cue_at, lexicon, squash
from rasad.extract.persons import (
    DEMONSTRATIVES,
    MAX_ROLE,
    Mention,
    PersonResolver,
    _Entry,
    _extend,
    parse_mention,
    parse_name,
    parse_np,
    parse_role,
    trim_role,
)
from rasad.extract.spans import BREAK_CHARS, Doc, Sentence
from rasad.extract.speakers import Candidate, SpeakerRanker, candidates, shipped_ranker
from rasad.models import Article, Person, Quote

__all__ = ["Resolved", "analyze", "extract_persons", "extract_quotes", "resolve"]

_COLON = re.compile(r"[ \u200c\u00a0]*:")
_COMMA = "،,"
_NAMED_TYPES = frozenset({"PER", "ORG", "LOC", "FAC", "EVENT"})
_TOPIC_QUOTE = re.compile(r":\s*«")
TOPIC_TOKENS = 7  # words of a topic heading an answer in an interview (`فینال برابر برزیل:«`)
_CLOSED_QUOTE = re.compile(r"»\s*[،,]")
_THAT = frozenset({"که", "تا"})
_QUOTE_MARKS = frozenset('"«»“”\'')
_WANT_END = frozenset({"شد", "شدند", "است", "هستند", "شده", "بود", "گردید"})
MODAL_REACH = 5  # words between a modal and the cue it governs (`باید به این نکته اشاره کرد`)
HEADER_TOKENS = 6  # a dash this close to the start of a sentence ends a dateline or agency header
SINGULAR_PRONOUNS = frozenset({"وی", "او", "ایشان"})
PLURAL_PRONOUNS = frozenset({"آنها", "آن\u200cها", "آنان"})
ANTECEDENT_REACH = 400  # tokens back to the phrase a demonstrative (`این کارگران`) returns to
MIN_HEADED = 5  # words after `X:` for it to be a statement
MIN_INDIRECT = 3  # tokens of reported content, below which a cue is not taken as a quote
MAX_RELAYED = 8  # words of Y in `X به نقل از Y نوشت`
RELAYED_REACH = 24  # tokens before a cue where `به نقل از Y` is looked for (Y, then adverbials)
CLAUSE_REACH = 40  # tokens before a cue where `... کردند و X` may open its clause
MAX_CONTINUATION = 6  # sentences a direct quote may run on after its cue's sentence
# characters of a quote's text: the longest of the 31,821 quotes in the 9,604 articles of
# ../shared/data has 2,688; in a text with no sentence end, every `X گفت که ...` would run to the
# end of the text, and the quotes' text grow as the square of its length
MAX_QUOTE_CHARS = 5000


@dataclass(slots=True)
class _Found:
    mention: Mention | None
    verb: str
    kind: str
    start: int  # characters
    end: int
    settled: bool = False  # the rules' speaker is kept: Y of `X به نقل از Y نوشت`, the group of `آنها`


def _cues_in(doc: Doc, sent: Sentence) -> list[re.Match[str]]:
    """Reporting cues of a sentence, tried only at tokens that can start one."""
    lex = lexicon()
    out = []
    end = -1
    for i in range(sent.first, sent.last):
        if doc.starts[i] < end or doc.words[i][:2] not in lex.cue_first:
            continue
        m = lex.cue_re.match(doc.folded, doc.starts[i], sent.end)
        if m:
            out.append(m)
            end = m.end()
    return out


def _after_modal(doc: Doc, sent: Sentence, k: int) -> bool:
    """Whether a modal (`باید`, `می‌توان`) governs the cue at token k: a few words before it, no break."""
    modals = lexicon().modals
    for j in range(k - 1, max(sent.first, k - MODAL_REACH) - 1, -1):
        if doc.words[j] in modals:
            return True
        if doc.breaks_before(j):
            break
    return False


def _has_comma(doc: Doc, j: int) -> bool:
    return any(c in doc.gap(j) for c in _COMMA)


def _clause_start(doc: Doc, sent: Sentence, k: int) -> tuple[int, bool]:
    """First token of the clause of a cue at token k, after a `... :` header and the openers that
    run to a comma (`به گزارش ایسنا،`); True when the cue lies inside an opening subordinate clause."""
    opener_re = lexicon().opener_re
    # `خبرگزاری فارس: ...`, `تهران - ایرنا - ...`: a header before the clause, the last before the cue
    colon = doc.last_marked("colon", sent.first + 1, k)
    dash = next((j for j in range(min(k - 1, sent.first + HEADER_TOKENS), sent.first, -1)
                 if any(c in doc.gap(j) for c in "-–—")), None)
    i = max(sent.first, colon if colon is not None else -1, dash if dash is not None else -1)
    if "«" in doc.gap(sent.first):
        # `«...»، وی با یادآوری این موضوع گفت`: the clause starts after the words in guillemets
        closed = next((j for j in range(sent.first + 1, k) if _CLOSED_QUOTE.search(doc.gap(j))), None)
        i = max(i, closed if closed is not None else -1)
    while i < k:
        m = opener_re.match(doc.folded, doc.starts[i])
        if not m:
            break
        upto = k + 1 if k < sent.last else k  # a comma right before the cue still closes the opener
        # a comma closes it, or a semicolon (`به گزارش خبرنگار ... خبرگزاری فارس؛ جامعه ... اعلام کرد`)
        ends = [j for j in (doc.next_marked("comma", i + 1, upto), doc.next_marked("semicolon", i + 1, upto))
                if j is not None]
        comma = min(ends) if ends else None
        if comma is None:
            return i, m.lastgroup == "subordinate"
        i = comma
    return i, False


def _sentence_subject(doc: Doc, i: int, k: int, known: frozenset[str]) -> Mention | None:
    """The subject of a clause from token i to its cue at token k: its first mention, else a noun phrase."""
    if i >= k:
        return None
    mention = parse_mention(doc, i, k, known)
    if mention is not None:
        return mention
    if (doc.words[i] in DEMONSTRATIVES and i + 2 <= k and _plural_word(doc.words[i + 1])
            and not doc.breaks_before(i + 1) and (i + 2 == k or doc.breaks_before(i + 2)
                                                   or doc.words[i + 2] in lexicon().stop_words)):
        return Mention("demonstrative", i, i + 2, doc.span_text(i, i + 2))  # `این کارگران عنوان کردند`
    np = parse_np(doc, i, k)
    if np is not None:
        return np
    for j in range(i + 1, k):
        if ":" in doc.gap(j):
            break
        one_of = _one_of_them(doc, j, k)
        if one_of is not None:
            return one_of
        mention = parse_mention(doc, j, k, known)
        if mention is not None:
            return mention
    # `18 بهمن 1395، تویوتا اعلام کرد`: a short noun phrase right before the cue, after a comma
    for j in range(k - 1, i, -1):
        if _has_comma(doc, j):
            np = parse_np(doc, j, k)
            return np if np is not None and np.last == k else None
    return None


def _relayed(doc: Doc, first: int, k: int, known: frozenset[str]) -> Mention | None:
    """`X به نقل از Y نوشت: ...`, `X ... به نقل از Y گزارش داد، ...`: the words X relays are Y's (the
    annotation guideline's rule). Y runs from after `به نقل از` to a comma, `که`, a stop word or the
    cue (it may open with a determiner, `یک`, `برخی`, and runs through `یکی از` and `در` + a place:
    `یک دیپلمات غربی مستقر در تهران`); a name or a role there is parsed as one."""
    words = doc.words
    stops = lexicon().stop_words
    # Y ends at most a few words before the cue: only that stretch is read (a run-on sentence costs
    # in proportion to its cues, not to their number times its length)
    for j in range(max(first, k - RELAYED_REACH), k - 3):
        if words[j] != "به" or words[j + 1] != "نقل" or words[j + 2] != "از" or doc.breaks_before(j + 1):
            continue
        y0 = j + 3
        end = y0
        while end < k and end - y0 < MAX_RELAYED:
            word = words[end]
            if end > y0 and (_hard_break(doc, end) or word == "که"):
                break
            one_of = word == "از" and words[end - 1] == "یکی"
            place = word == "در" and end > y0 + 1 and end + 1 < k and words[end + 1] not in stops
            if end > y0 and word in stops and not (one_of or place):
                break
            end += 1
        if end == y0:
            return None
        named = parse_mention(doc, y0, end, known)
        if named is not None and named.kind in ("name", "role") and named.last <= end:
            return named
        return Mention("np", y0, end, doc.span_text(y0, end))
    return None


def _hard_break(doc: Doc, i: int) -> bool:
    """Punctuation other than quotation marks between token i-1 and token i."""
    return any(c in BREAK_CHARS and c not in _QUOTE_MARKS for c in doc.gap(i))


def _last_clause(doc: Doc, first: int, k: int, known: frozenset[str]) -> int:
    """Where the clause of a cue at token k starts when a coordinated clause with its own subject
    comes before it: `شاگردان دالیچ ... بازی کردند و حالا مدافع این تیم تاکید کرد که ...` (the
    subject is `مدافع این تیم`, not the first clause's). Read only after a finite verb and `و`, when
    a name, a role, a pronoun or a demonstrative opens the new clause (after at most two stop
    words) and no punctuation stands between it and the cue."""
    lex = lexicon()
    for j in range(k - 2, max(first, k - CLAUSE_REACH), -1):
        if doc.words[j] != "و":
            continue
        verb = doc.words[j - 1]
        if not (verb in lex.finite_verbs or verb.startswith(("می\u200c", "نمی\u200c"))) or doc.breaks_before(j):
            return first
        t = j + 1
        while t < k and t - j <= 2 and doc.words[t] in lex.stop_words:
            t += 1
        if t >= k or doc.next_marked("break", t + 1, k) is not None:
            return first
        mention = parse_mention(doc, t, k, known)
        return t if mention is not None else first
    return first


def _one_of_them(doc: Doc, j: int, k: int) -> Mention | None:
    """`یکی از مقامات ارشد سرویس مالی لابوئان اعلام کرد`: one of a group, described (a role phrase
    that stands for one unnamed person, to whom `این مقام` later returns)."""
    if j < 2 or doc.words[j - 2] != "یکی" or doc.words[j - 1] != "از" or doc.breaks_before(j - 1):
        return None
    if doc.words[j] not in lexicon().person_nouns or doc.breaks_before(j):
        return None
    end = _extend(doc, j, k, MAX_ROLE, stop_on_name=True)
    return Mention("role", j, end, "یکی از " + doc.span_text(j, end))


def _honorific_report(doc: Doc, sent: Sentence, m: re.Match[str], known: frozenset[str]) -> bool:
    """`آقای اسکوچیچ گفتند ...`, `ایشان گفتند ...`: one person, named with an honorific or `ایشان`,
    with the plural of respect and no colon, the way a speaker reports someone in their own words;
    news narration gives one person the singular (`X گفت`)."""
    if _COLON.match(doc.folded, m.end()) or not squash(m.group()).endswith("ند"):
        return False
    k = doc.token_at(m.start())
    subject = _sentence_subject(doc, _clause_start(doc, sent, k)[0], k, known)
    if subject is None:
        return False
    if subject.kind == "pronoun":
        return doc.words[subject.first] == "ایشان"
    honored = doc.words[subject.first].split("\u200c")[0] in lexicon().honorific_first
    return subject.kind == "name" and subject.last == k and honored


def _opens_new_report(doc: Doc, sent: Sentence, known: frozenset[str]) -> bool:
    """Whether a sentence starts a new report or narrative: it opens with a named person, a role or
    `وی`/`او`, or it holds a colon cue or a cue whose subject is a person."""
    strong = ("name", "role", "demonstrative")
    cues = _cues_in(doc, sent)
    if cues and all(_honorific_report(doc, sent, m, known) for m in cues):
        return False  # `آقای اسکوچیچ گفتند ...` inside a speaker's words: reported speech nested in them
    i, _ = _clause_start(doc, sent, sent.last)
    opening = parse_mention(doc, i, sent.last, known) if i < sent.last else None
    if opening is not None and (opening.kind in strong or doc.words[i] in SINGULAR_PRONOUNS):
        return True
    for m in cues:
        if _COLON.match(doc.folded, m.end()):
            return True
        cue = cue_at(m.group())
        if cue is not None and cue.cls == "according" and doc.token_at(m.start()) <= i:
            return True  # `به گفته X، ...` opening the sentence
        k = doc.token_at(m.start())
        first = _clause_start(doc, sent, k)[0]
        subject = _sentence_subject(doc, first, k, known)
        if subject is not None and (subject.kind != "np" or subject.first == first):
            return True  # `X اعلام کرد ...` opening a sentence: a new report
    return False


def _content_start(doc: Doc, start: int, anchor: int) -> int:
    """First token of content that runs to `anchor`: skips an apposition and opening adverbials.

    `X، مشاور وزیر کشور، ظهر امروز در همایش ...، وظایف حراست‌ها را ... دانست` -> `وظایف ...`.
    """
    lex = lexicon()
    i = start
    if i < anchor and _has_comma(doc, i):
        role = parse_role(doc, i, anchor)
        if role is not None:
            i = role.last
    while i < anchor and (doc.words[i] in lex.stop_words or doc.words[i][0].isdigit()):
        if doc.words[i] in lex.openers:
            comma = next((j for j in range(i + 1, anchor) if _has_comma(doc, j)), None)
            if comma is not None:
                i = comma
                continue
        i += 1
    return i


def _span(doc: Doc, first: int, last: int) -> tuple[int, int]:
    return doc.starts[first], doc.ends[last - 1]


def _direct_end(doc: Doc, index: int, known: frozenset[str], opens: dict[int, bool]) -> int:
    """End of a direct quote opened in sentence `index`: its sentence, and the next ones that have no
    cue and do not open with a person or a source (`به گزارش`); within its paragraph when the text
    has real paragraphs, across lines when it has one sentence a line. `opens` keeps what
    `_opens_new_report` said of each sentence."""
    end = doc.sentences[index].end
    block = doc.sentences[index].block
    opener_re = lexicon().opener_re
    for at in range(index + 1, min(index + 1 + MAX_CONTINUATION, len(doc.sentences))):
        sent = doc.sentences[at]
        if sent.block == 0:
            break
        if at not in opens:
            opens[at] = _opens_new_report(doc, sent, known)
        if opens[at]:
            break
        if sent.block != block and (doc.long_paragraphs or _closed(doc, doc.sentences[at - 1])):
            break  # in real paragraphs a statement ends with its paragraph; anywhere, closed by `»`
        m = opener_re.match(doc.folded, sent.start)
        if m and m.lastgroup == "source":
            break
        end = sent.end
    return end


def _closed(doc: Doc, sent: Sentence) -> bool:
    """Whether a sentence ends with a closing quotation mark (`... ندارد».`)."""
    return doc.folded[sent.start:sent.end].rstrip(" .!?؟\u200c").endswith(("»", "”"))


def _about_phrase(doc: Doc, first: int, k: int) -> int | None:
    """First token of what an attitude is about: after the first `از`, `درباره`, `در خصوص`,
    `در مورد`, `نسبت به` between the subject (or the last comma, after a relative clause) and the
    cue at token k."""
    comma = doc.last_marked("comma", first, k)
    first = max(first, comma if comma is not None else first)
    for j in range(first, k - 1):
        word = doc.words[j]
        if word in ("از", "درباره", "درخصوص", "درمورد"):
            return j + 1
        if (word, doc.words[j + 1]) in (("در", "خصوص"), ("در", "مورد"), ("نسبت", "به"), ("در", "باره")):
            return j + 2
    return None


def _lead_content_end(doc: Doc, first: int, last: int) -> int:
    """Token index where the content of `با بیان اینکه ...،` ends: at a comma after a verb-like word."""
    commas = doc.marked("comma")
    lo, hi = bisect_left(commas, first + 1), bisect_left(commas, last)
    for at in range(lo, hi):
        w = doc.words[commas[at] - 1]
        if w.endswith(("د", "ست", "ند")) and len(w) > 2:
            return commas[at]
    return commas[hi - 1] if hi > lo else last


class _Finder:
    """Finds the quotes of one Doc, sentence by sentence."""

    def __init__(self, doc: Doc, resolver: PersonResolver) -> None:
        self.doc = doc
        self.known = resolver.known_words
        self.found: list[_Found] = []
        self.quote_end = -1  # end of the last direct quote
        self.inside = False
        self.opens: dict[int, bool] = {}  # sentence index -> whether it opens a new report

    def run(self) -> list[_Found]:
        doc = self.doc
        covered = 0
        for index, sent in enumerate(doc.sentences):
            self.inside = sent.start < self.quote_end  # a sentence that goes on with a direct quote
            lead_end = sent.first
            headed = self._colon_head(sent, index) or self._topic_head(sent, index)
            if headed is not None:
                self.found.append(headed)
                covered = self.quote_end = headed.end
            for m in _cues_in(doc, sent):
                if m.start() < covered:
                    continue
                cue = cue_at(m.group())
                if cue is None:
                    continue
                k, kend = doc.token_at(m.start()), doc.token_at(m.end())
                found = self._one(cue, m, sent, index, k, kend, lead_end)
                if found is None:
                    continue
                if cue.cls == "lead":
                    lead_end = doc.token_at(found.end)
                self.found.append(found)
                second = self._co_subject(found, k)
                if second is not None:
                    self.found.append(_Found(second, found.verb, found.kind, found.start, found.end))
                if found.kind == "direct":
                    covered = sent.end  # later sentences of the quote may still report others
                    self.quote_end = found.end
        return self.found

    def _colon_head(self, sent: Sentence, index: int) -> _Found | None:
        """`معین: اصولگرایان ... از دست داده‌اند` in the body (not the title): a named person or a role,
        then a colon, with no reporting verb, introduces that person's words."""
        doc = self.doc
        if sent.block == 0 or sent.last - sent.first < 3:
            return None
        mention = parse_mention(self.doc, sent.first, sent.last, self.known)
        if mention is None or mention.kind not in ("name", "role") or sent.last - mention.last < MIN_HEADED:
            return None  # `سرمربی: امیر قلعه‌نویی` in a line-up is no statement
        if ":" not in doc.gap(mention.last) or _COLON.match(doc.folded, doc.ends[mention.last - 1]) is None:
            return None
        start = doc.starts[mention.last]
        end = _direct_end(doc, index, self.known, self.opens)
        for m in _cues_in(doc, sent):  # a reporting clause later in the sentence ends these words
            k = doc.token_at(m.start())
            if m.start() > start and _COLON.match(doc.folded, m.end()):
                first = doc.token_at(start)
                subject = _sentence_subject(doc, first, k, self.known)
                own = subject is not None and subject.kind != "np" and subject.first > first
                end = doc.ends[(subject.first if own and subject is not None else k) - 1]
                break
        return _Found(mention, ":", "direct", start, end)

    def _topic_head(self, sent: Sentence, index: int) -> _Found | None:
        """`فینال برابر برزیل:« امیدوارم برنده شویم ...` in an interview under way: a short topic, a
        colon and words in guillemets, after a direct quote of the same article, are the words of
        the one who spoke last (the question-and-answer layout of a press conference)."""
        doc = self.doc
        colon = doc.next_marked("colon", sent.first + 1, min(sent.last, sent.first + TOPIC_TOKENS + 1))
        if colon is None or not _TOPIC_QUOTE.search(doc.gap(colon)) or sent.last - colon < MIN_HEADED:
            return None
        if sent.block == 0 or not any(f.kind == "direct" for f in self.found):
            return None
        lex = lexicon()
        head = doc.words[sent.first:colon]
        if head[0] in lex.org_words or any(_cues_in(doc, Sentence(sent.start, doc.ends[colon - 1], sent.first,
                                                                   colon, sent.block))):
            return None  # `خبرگزاری فارس: «...`, `او افزود: «...` (a cue reports those)
        if parse_mention(doc, sent.first, colon, self.known) is not None:
            return None  # a person or a role before the colon: `_colon_head`'s
        return _Found(None, ":", "direct", doc.starts[colon], _direct_end(doc, index, self.known, self.opens))

    def _one(self, cue: Cue, m: re.Match[str], sent: Sentence, index: int, k: int, kend: int,
             lead_end: int) -> _Found | None:
        doc = self.doc
        verb = doc.text[m.start():m.end()]
        if _after_modal(doc, sent, k):
            return None  # `می‌توان گفت`, `باید به این نکته اشاره کرد`: no report
        if cue.cls == "according":
            return self._according(verb, sent, k, kend)
        first, subordinate = _clause_start(doc, sent, k)
        first = _last_clause(doc, first, k, self.known)
        subject = _sentence_subject(doc, first, k, self.known)
        relayed = _relayed(doc, subject.last if subject is not None else first, k, self.known)
        if relayed is not None:
            found = self._one_of(cue, m, sent, index, k, kend, lead_end, relayed, subordinate)
            if found is not None:
                found.settled = True
            return found
        return self._one_of(cue, m, sent, index, k, kend, lead_end, subject, subordinate)

    def _one_of(self, cue: Cue, m: re.Match[str], sent: Sentence, index: int, k: int, kend: int,
                lead_end: int, subject: Mention | None, subordinate: bool) -> _Found | None:
        """The quote of a cue whose subject is known."""
        doc = self.doc
        verb = doc.text[m.start():m.end()]
        if subject is not None and subject.kind == "role" and doc.next_word("را", subject.last, k) is not None:
            subject = trim_role(doc, subject)  # `X A را B دانست`: the role may have run into A
        after_subject = max(subject.last if subject else sent.first, lead_end)
        colon = _COLON.match(doc.folded, m.end())
        if colon and cue.cls in ("say", "ask", "announce", "object", "deem"):
            start = colon.end()
            end = _direct_end(doc, index, self.known, self.opens)
            return _Found(subject, verb, "direct", start, end) if end > start + 1 else None
        if cue.cls == "lead":
            last = _lead_content_end(doc, kend, sent.last)
            return self._indirect(subject, verb, kend, last)
        if subject is None or subordinate:
            return None  # reported speech needs its speaker in its own clause
        if self.inside and (subject.kind in ("pronoun", "demonstrative")
                            or _honorific_report(doc, sent, m, self.known)):
            return None  # `آنها گفتند ...` inside a quote: the quoted speaker's words, not a new report
        if cue.cls == "want":
            return self._want(subject, sent, k, kend, after_subject)
        if cue.cls in ("deem", "object", "announce", "attitude") and (
                kend >= sent.last or doc.words[kend] == "و" or doc.breaks_before(kend)):
            return self._before_verb(cue, subject, verb, k, after_subject)
        return self._after_verb(subject, verb, sent, k, kend)

    def _co_subject(self, found: _Found, k: int) -> Mention | None:
        """`X و Y اعلام کردند`: a second named subject of a plural cue reports the same thing."""
        first = found.mention
        doc = self.doc
        if first is None or first.kind != "name" or not squash(found.verb).endswith("ند"):
            return None
        j = first.last
        if j + 1 >= k or doc.words[j] != "و" or doc.breaks_before(j):
            return None
        return parse_name(doc, j + 1, k, self.known)

    def _indirect(self, subject: Mention | None, verb: str, first: int, last: int) -> _Found | None:
        if last - first < MIN_INDIRECT:
            return None
        start, end = _span(self.doc, first, last)
        return _Found(subject, verb, "indirect", start, end)

    def _after_verb(self, subject: Mention | None, verb: str, sent: Sentence, k: int,
                    kend: int) -> _Found | None:
        """`X گفت که ...`, `X گفت، ...`, `X اعلام کرد ...`: the rest of the sentence."""
        doc = self.doc
        if kend >= sent.last or doc.words[kend] in ("و", "را") or doc.words[kend].startswith("وگو"):
            return None  # `گفت و ...`, `گفت وگو` (a conversation), nothing reported
        if k > sent.first and doc.words[k - 1] in _THAT:
            return None
        first = kend + 1 if doc.words[kend] in _THAT else kend
        return self._indirect(subject, verb, first, sent.last)

    def _before_verb(self, cue: Cue, subject: Mention | None, verb: str, k: int,
                     after_subject: int) -> _Found | None:
        """`X A را B دانست` (A را B), `X A را رد کرد` (A), `X از A خبر داد` (A)."""
        doc = self.doc
        if cue.cls == "announce":
            az = doc.next_word("از", after_subject, k)
            return None if az is None else self._indirect(subject, verb, az + 1, k)
        if cue.cls == "attitude":  # `X در خصوص A ابراز امیدواری کرد`, `X از A انتقاد کرد`
            about = _about_phrase(doc, after_subject, k)
            return None if about is None else self._indirect(subject, verb, about, k)
        ra = doc.next_word("را", after_subject, k)
        if ra is None:
            return None
        first = _content_start(doc, after_subject, ra)
        last = ra if cue.cls == "object" else k
        return self._indirect(subject, verb, first, last)

    def _want(self, subject: Mention | None, sent: Sentence, k: int, kend: int,
              after_subject: int) -> _Found | None:
        """`X خواستار A شد` or `X A را خواستار شد`."""
        doc = self.doc
        ends = [doc.next_word(w, kend, sent.last) for w in _WANT_END]
        end = min((j for j in ends if j is not None), default=None)
        if end is None:
            return None
        verb = f"{doc.text[doc.starts[k]:doc.ends[k]]} {doc.words[end]}"
        if end > kend:
            return self._indirect(subject, verb, kend, end)
        ra = doc.next_word("را", after_subject, k)
        if ra is None:
            return None
        return self._indirect(subject, verb, _content_start(doc, after_subject, ra), ra)

    def _according(self, verb: str, sent: Sentence, k: int, kend: int) -> _Found | None:
        """`به گفته X، A`: X is the mention, A the content; only where a clause starts."""
        doc = self.doc
        if kend >= sent.last or (k > sent.first and not doc.breaks_before(k)
                                 and doc.words[k - 1] not in lexicon().stop_words):
            return None
        if doc.colon_between(doc.starts[kend], sent.end):
            return None  # `به گفته X ... گفت: ...`: the colon cue reports it
        mention = parse_mention(doc, kend, sent.last, self.known) or parse_np(doc, kend, sent.last)
        if mention is None:
            return None
        first = mention.last
        if first < sent.last and doc.words[first] in lexicon().stop_words:
            comma = doc.next_marked("comma", first, sent.last)
            first = comma if comma is not None else first
        return self._indirect(mention, verb, first, sent.last)


def _capped_end(doc: Doc, start: int, end: int) -> int:
    """`end`, or the end of the last word within MAX_QUOTE_CHARS of `start` when it lies further."""
    if end - start <= MAX_QUOTE_CHARS:
        return end
    at = bisect_right(doc.ends, start + MAX_QUOTE_CHARS) - 1
    return doc.ends[at] if at >= 0 and doc.ends[at] > start else start + MAX_QUOTE_CHARS


@dataclass(slots=True)
class Resolved:
    """One article's quotes as the rules found them, before the speaker is chosen: what the
    ranker (`rasad.extract.speakers`) and its training read."""

    doc: Doc
    resolver: PersonResolver
    found: list[_Found]
    entries: list[_Entry | None]

    def candidates(self) -> list[tuple[int, list[Candidate], np.ndarray | None]]:
        """Each quote's kind of speaker words, its candidate speakers (the rules' choice first) and
        their features."""
        return candidates(self.doc, self.resolver, [f.mention for f in self.found], self.entries,
                          [(f.start, f.end) for f in self.found], [f.kind == "direct" for f in self.found])


def resolve(article: Article) -> Resolved:
    """Find the quotes of an article and resolve their speaker words by the rules."""
    doc = Doc(article.text)
    resolver = PersonResolver(doc)
    if article.entities:
        people, orgs, tokens, spans = _tagged(doc, article)
        resolver.add_tagged(people, orgs, tokens)
        _tagged_roles(doc, resolver, spans)
    found = _Finder(doc, resolver).run()
    resolver.merge_prefixes()
    # the resolver reads only the first later mention that names someone (`PersonResolver.resolve`):
    # found back to front, once, rather than a list of all later mentions for each quote
    upcoming: list[list[Mention]] = []
    named: list[Mention] = []
    for f in reversed(found):
        upcoming.append(named)
        if f.mention is not None and resolver.names_someone(f.mention):
            named = [f.mention]
    upcoming.reverse()
    entries = [resolver.resolve(f.mention, later) for f, later in zip(found, upcoming, strict=True)]
    firsts = [s.first for s in doc.sentences]
    for q, f in enumerate(found):
        entry = entries[q]
        if f.mention is not None and (entry is None or not entry.named or _plural(doc, f)):
            group = _antecedent(doc, firsts, f.mention, _plural(doc, f))
            if group is not None:
                entries[q] = resolver.add(doc.span_text(*group), group[0], named=False)
                f.settled = True  # a group is no named person's: the ranker keeps it
    return Resolved(doc, resolver, found, entries)


def _plural(doc: Doc, f: _Found) -> bool:
    """`آنها می‌گویند`, `آنان اعلام کردند`: a plural pronoun with a plural verb."""
    m = f.mention
    return (m is not None and m.kind == "pronoun" and doc.words[m.first] in PLURAL_PRONOUNS
            and squash(f.verb).endswith("ند"))


def _antecedent(doc: Doc, firsts: list[int], mention: Mention, plural: bool) -> tuple[int, int] | None:
    """The group a plural speaker stands for, as tokens (first, last): for `این کارگران` (a
    demonstrative and a noun) the last phrase before it that the same noun heads
    (`کارگران کارخانه قند شوش`); for a plural pronoun, a plural noun phrase that opens one of
    the two sentences before (`محققان چینی ... ردیابی کردند. آنها می‌گویند: ...`). `firsts` are
    the first tokens of the sentences."""
    words = doc.words
    lex = lexicon()
    if plural:
        at = bisect_right(firsts, mention.first) - 1
        for sent in doc.sentences[max(0, at - 2):at][::-1]:
            np = parse_np(doc, sent.first, sent.last)
            if np is not None and _plural_word(words[np.first]) and words[np.first] not in lex.stop_words:
                return np.first, np.last
        return None
    if mention.kind != "demonstrative" or mention.last - mention.first != 2:
        return None
    noun = words[mention.first + 1]
    if not _plural_word(noun):
        return None
    for t in range(mention.first - 1, max(-1, mention.first - ANTECEDENT_REACH), -1):
        if words[t] == noun and (t == 0 or words[t - 1] not in DEMONSTRATIVES):
            end = _extend(doc, t, len(words), MAX_ROLE, stop_on_name=False)
            return (t, end) if end > t + 1 else None
    return None


def _plural_word(word: str) -> bool:
    return word.endswith(("ان", "ها", "های")) and len(word) > 4


def _tagged_roles(doc: Doc, resolver: PersonResolver, people: list[tuple[str, int, int]]) -> None:
    """The roles in apposition to the people only the entity tagger found (`لن خودورکوفسکی، مشاور
    وزیر خارجه آمریکا،`), as the resolver's scan gives them to the names it finds itself: a role
    phrase then fits the person it describes."""
    firsts = [s.first for s in doc.sentences]
    for text, first, last in people:
        entry = resolver.find(text)
        if entry is None or entry.roles:
            continue
        sent = doc.sentences[max(0, bisect_right(firsts, first) - 1)]
        if last <= sent.last:
            resolver._apposition(entry, Mention("name", first, last, text), sent.first, sent.last)


def _tagged(doc: Doc, article: Article) -> tuple[list[tuple[str, int]], list[tuple[int, str]], frozenset[int],
                                                 list[tuple[str, int, int]]]:
    """What the named-entity stage (run before) found: people named in two words or more, each with
    its token; organizations with their tokens; the tokens of every name it tagged (people,
    organizations, places: `واشنگتن` may speak for its government); and the people's token spans."""
    people: list[tuple[str, int]] = []
    spans: list[tuple[str, int, int]] = []
    orgs: list[tuple[int, str]] = []
    tokens: set[int] = set()
    n = len(doc.words)
    for e in article.entities:
        if e.type not in _NAMED_TYPES or not 0 <= e.start < e.end <= len(doc.text):
            continue
        first, last = doc.token_at(e.start), doc.token_at(e.end)
        if not first < last <= n:
            continue
        tokens.update(range(first, last))
        text = doc.span_text(first, last)
        if e.type == "PER" and last - first >= 2:
            people.append((text, first))
            spans.append((text, first, last))
        elif e.type == "ORG":
            orgs.append((first, text))
    return people, orgs, frozenset(tokens), spans



def analyze(article: Article, ranker: SpeakerRanker | str | None = None) -> tuple[list[Quote], list[Person]]:
    """The quotes and the named people of an article (one pass shared by both extractors).

    Speakers are chosen by `ranker`, by default the shipped one (`speakers.shipped_ranker`);
    `ranker="rules"` keeps the rules' choice everywhere."""
    res = resolve(article)
    doc, found = res.doc, res.found
    if ranker is None:
        ranker = shipped_ranker()
    speakers: list[str | None] = [e.name if e else (f.mention.text if f.mention else None)
                                  for f, e in zip(found, res.entries, strict=True)]
    if isinstance(ranker, SpeakerRanker) and found:
        for q, (kind, cands, x) in enumerate(res.candidates()):
            if x is None or found[q].settled:
                continue  # a kind the rules decide alone; `X به نقل از Y`: Y, named at the cue
            best = cands[ranker.choose(kind, x)]
            if best.entry is not res.entries[q] and best.entry is not None:
                said_by = found[q].mention
                if said_by is not None and said_by.kind == "role" and best.entry.named:
                    res.resolver.add_role(best.entry, said_by.text)
                if said_by is not None and said_by.text not in best.entry.mentions:
                    best.entry.mentions.append(said_by.text)
                speakers[q] = best.name
    quotes = []
    for f, speaker in zip(found, speakers, strict=True):
        start, end = f.start, _capped_end(doc, f.start, f.end)
        text = doc.text[start:end]  # article.text is joined anew at each reading
        stripped = text.strip(" \u200c\n\"«»“”")
        start += text.find(stripped) if stripped else 0
        end = start + len(stripped)
        mention = f.mention.text if f.mention else ""
        quotes.append(Quote(speaker, mention, f.verb, f.kind, stripped, start, end))
    res.resolver.as_roles()
    res.resolver.later_roles()  # after the ranker: it may give a speaker the role a later phrase continues
    return quotes, res.resolver.persons()


def extract_quotes(article: Article) -> list[Quote]:
    """Direct and indirect quotes of an article, each with its speaker, in reading order."""
    return analyze(article)[0]


def extract_persons(article: Article) -> list[Person]:
    """Named people of an article with the roles it gives them (appositions and speaker roles)."""
    return analyze(article)[1]
