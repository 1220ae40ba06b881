"""Choosing a quote's speaker among the people an article names: a learned mention ranking.

The rules of `rasad.extract.quotes` find a quote and the words that stand for its speaker (a name,
a role phrase, `وی`/`او`, a noun phrase); `PersonResolver` turns those words into a person. Where
the words are weak (a pronoun across paragraphs, a description, a noun phrase that is no speaker),
a ranker scores every candidate: the rules' choice and each named person of the article, on
features of distance, position, salience, earlier speech, role match and layout. The candidate
with the best score is the speaker. The weights (one row per kind of speaker words) are a small
JSON file, `rasad/data/speaker_ranker.json`, fitted by `scripts/train_speaker_ranker.py`; inference
is a dot product in numpy.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from rasad.errors import ModelError
from rasad.extract.lexicon import lexicon
from rasad.text.letters import fold_letters

if TYPE_CHECKING:
    from rasad.extract.persons import Mention, PersonResolver, _Entry
    from rasad.extract.spans import Doc

__all__ = ["FEATURES", "KINDS", "RULES_KEEP", "Candidate", "SpeakerRanker", "candidates", "shipped_ranker"]

KINDS = ("none", "name", "role", "pronoun", "demonstrative", "np", "np_named")
"""Kinds of speaker words; each has its own row of weights."""

RULES_KEEP = frozenset({KINDS.index("name")})
"""Kinds whose speaker the rules choose alone: a name at the cue is the speaker."""

FEATURES = (
    "rule",            # the rules' choice
    "rule_unnamed",    # the rules' choice is no named person (a role phrase, a noun phrase)
    "rule_verbish",    # the rules' choice has a verb-like or function word in it
    "rule_len",        # words of the rules' choice / 4
    "rule_personish",  # the rules' words hold a person noun or a role word (`نامزد`, `مسؤول`)
    "given",           # the candidate's name starts with a given name or an honorific
    "np_only",         # the candidate is known only from a subject noun phrase
    "org",             # an organization the entity tagger found
    "org_head",        # ... whose first word is the head of the speaker words (`این روزنامه`)
    "prev_dist",       # log tokens back to the candidate's last mention (0 when none)
    "no_prev",
    "next_dist",       # log tokens ahead to its next mention
    "no_next",
    "prev_sents",      # sentences back to its last mention / 5, capped at 1
    "same_sent",
    "same_block",
    "prev_block",      # mentioned in the paragraph before
    "prev_subject",    # opens one of the two sentences before
    "most_recent",     # the named person mentioned last before the speaker words
    "last_speaker",    # the rules gave it the quote before
    "spoke_share",     # share of the article's quotes the rules gave it
    "salience",        # log of its mentions
    "top_salient",     # the most mentioned person of the article
    "in_title",
    "first_named",
    "subject_share",   # share of its mentions that open a sentence or clause
    "role_match",      # the speaker words' head word is in one of its roles
    "role_overlap",    # share of the speaker words' words in its roles
    "inside_only",     # mentioned only inside this quote's text
    "direct",          # the quote is direct (crossed with the candidate being the rules' choice)
)

_F = {name: i for i, name in enumerate(FEATURES)}
NEAR_BACK = 400  # tokens before the speaker words whose people are candidates
NEAR_AHEAD = 200  # and after
_ROLE = KINDS.index("role")
_RULE = FEATURES.index("rule")
_ROLE_OVERLAP = FEATURES.index("role_overlap")
_SPOKE = FEATURES.index("spoke_share")

VERBISH = frozenset({"نباید", "باید", "نمی", "می", "است", "بود", "شد", "کرد", "را", "که", "دست", "این", "آن"})


@dataclass(slots=True)
class Candidate:
    """A possible speaker: a resolver entry (a named person or an unnamed role speaker), an
    organization the entity tagger found (`entry` None, `org` True), or the bare words of the
    mention when the rules resolved none."""

    entry: _Entry | None
    name: str
    org: bool = False


class SpeakerRanker:
    """Weights per kind of speaker words (`KINDS` x `FEATURES`)."""

    def __init__(self, weights: np.ndarray) -> None:
        if weights.shape != (len(KINDS), len(FEATURES)):
            raise ModelError(f"speaker ranker weights have shape {weights.shape}, "
                             f"expected {(len(KINDS), len(FEATURES))}")
        self.weights = weights

    @classmethod
    def from_json(cls, data: dict) -> SpeakerRanker:
        if list(data.get("kinds", [])) != list(KINDS) or list(data.get("features", [])) != list(FEATURES):
            raise ModelError("speaker ranker file was fitted on other kinds or features: rebuild it with "
                             "scripts/train_speaker_ranker.py")
        return cls(np.asarray(data["weights"], dtype=np.float64))

    def to_json(self, **provenance: object) -> dict:
        return {"kinds": list(KINDS), "features": list(FEATURES),
                "weights": [[round(float(w), 5) for w in row] for row in self.weights], **provenance}

    def choose(self, kind: int, x: np.ndarray) -> int:
        """Index of the best candidate (rows of x); the first (the rules' choice) on a tie, and
        always for the kinds in RULES_KEEP."""
        if kind in RULES_KEEP:
            return 0
        scores = x @ self.weights[kind]
        if kind == _ROLE:
            # a role phrase goes to another than the rules' choice only if the article gives them that
            # role, or they are the one named person who speaks in it: in a roundup a far role is
            # someone else
            speaks = x[:, _SPOKE] > 0
            allowed = (x[:, _RULE] > 0) | (x[:, _ROLE_OVERLAP] > 0) | (speaks & (speaks.sum() == 1))
            scores = np.where(allowed, scores, -np.inf)
        return int(np.argmax(scores))


@lru_cache(maxsize=1)
def shipped_ranker() -> SpeakerRanker | None:
    """The ranker shipped in rasad/data, or None when none is there (the rules alone then)."""
    path = resources.files("rasad") / "data" / "speaker_ranker.json"
    if not path.is_file():
        return None
    try:
        return SpeakerRanker.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (ValueError, KeyError) as exc:
        raise ModelError(f"speaker ranker {path}: {exc}") from exc


def kind_of(mention: Mention | None, rule: _Entry | None, tagged: bool, org_keys: dict[str, str]) -> int:
    """The kind of a quote's speaker words. Words the rules resolve with certainty count as a name:
    a name the scan or the tagger knows (`متیو مزلسون`), a subject the tagger tagged (`تویوتا`),
    a description resolved to an organization the tagger found (`این روزنامه`)."""
    if mention is None:
        return KINDS.index("none")
    if rule is not None and not rule.named and _key(rule.name) in org_keys:
        return KINDS.index("name")
    if mention.kind == "np":
        if rule is not None and rule.named and (not rule.from_np or tagged):
            return KINDS.index("name")
        return KINDS.index("np_named" if rule is not None and rule.named else "np")
    return KINDS.index(mention.kind)


class _Context:
    """What the features of one article's quotes share: where each candidate is mentioned (by a key:
    an entry's order, or an organization's text), sentence starts, who the rules made speak."""

    def __init__(self, doc: Doc, resolver: PersonResolver, mentions: list[Mention | None],
                 rules: list[_Entry | None], anchors: list[int], orgs: dict[str, list[int]]) -> None:
        self.doc = doc
        self.sent_first = [s.first for s in doc.sentences]
        self.named = [e for e in resolver.entries if e.named]
        self.names = {e.order: e.name for e in self.named}  # read once: `_Entry.name` is computed
        positions: dict[int | str, set[int]] = {e.order: set(e.positions) for e in self.named}
        surnames: dict[str, list[int]] = {}
        for e in self.named:
            for n in e.names:
                words = _words(n)
                if words and (len(words) > 1 or n == self.names[e.order]):
                    surnames.setdefault(words[-1], []).append(e.order)
        for i in [i for i, w in enumerate(doc.words) if w in surnames]:  # a surname alone (`تاجرنیا`)
            for order in surnames[doc.words[i]]:
                positions[order].add(i)
        for m, rule in zip(mentions, rules, strict=True):
            if m is not None and rule is not None and rule.order in positions:
                positions[rule.order].add(m.first)
        names = {_key(n) for n in self.names.values()}
        self.orgs = [text for text in orgs if _key(text) not in names]
        for text in self.orgs:
            positions[text] = set(orgs[text])
        self.org_keys = {_key(text): text for text in self.orgs}
        self.positions = {k: sorted(p) for k, p in positions.items()}
        self.by_order = {e.order: e for e in self.named}
        self.mention_keys = sorted(((p, k) for k, ps in self.positions.items() for p in ps),
                                   key=lambda pk: (pk[0], str(pk[1])))
        self.mention_pos = [p for p, _ in self.mention_keys]
        counts: dict[int, int] = {}
        for rule in rules:
            if rule is not None:
                counts[rule.order] = counts.get(rule.order, 0) + 1
        self.spoke = counts
        self.quotes = max(1, len(rules))
        self.starts = set(self.sent_first)
        self.subject_share = {k: sum(1 for p in ps if self._opens(p)) / len(ps)
                              for k, ps in self.positions.items() if ps}
        people = [(ps[0], o) for o, ps in self.positions.items() if ps and isinstance(o, int)]
        self.first_named = min(people)[1] if people else -1
        self.top_salient = max(((len(self.positions[o]), -p, o) for p, o in people), default=(0, 0, -1))[2]
        self.anchors = anchors
        self._recent: dict[int, int] = {}
        self._spans: dict[tuple[int, int], tuple[int, int]] = {}
        self.rules = [e.order if e is not None and e.named else None for e in rules]

    def span_tokens(self, span: tuple[int, int]) -> tuple[int, int]:
        if span not in self._spans:
            self._spans[span] = (self.doc.token_at(span[0]), self.doc.token_at(span[1]))
        return self._spans[span]

    def _opens(self, p: int) -> bool:
        return p in self.starts or self.doc.breaks_before(p)

    def recent(self, anchor: int) -> int:
        """Order of the named person mentioned last before a token."""
        if anchor not in self._recent:
            found = -1
            at = bisect_left(self.mention_pos, anchor) - 1
            while at >= 0 and found == -1:
                pos = self.mention_pos[at]
                # of several mentioned at one token, the first registered
                keys = [k for p, k in self.mention_keys[bisect_left(self.mention_pos, pos):at + 1]
                        if isinstance(k, int)]
                found = min(keys) if keys else -1
                at = bisect_left(self.mention_pos, pos) - 1
            self._recent[anchor] = found
        return self._recent[anchor]

    def near(self, anchor: int, q: int) -> set[int | str]:
        """Candidates for quote q: the people and organizations mentioned within NEAR_BACK tokens
        before its speaker words and NEAR_AHEAD after, the first named and the most mentioned person,
        and the previous quote's speaker (a bounded set: a huge text costs in proportion)."""
        lo = bisect_left(self.mention_pos, anchor - NEAR_BACK)
        hi = bisect_left(self.mention_pos, anchor + NEAR_AHEAD)
        found: set[int | str] = {k for _, k in self.mention_keys[lo:hi]}
        found |= {k for k in (self.first_named, self.top_salient) if k != -1}
        previous = self.rules[q - 1] if q > 0 else None
        if previous is not None and previous in self.positions:
            found.add(previous)
        return found

    def sentence(self, token: int) -> int:
        return max(0, bisect_right(self.sent_first, token) - 1)


@lru_cache(maxsize=65536)
def _key(text: str) -> str:
    return fold_letters(text).replace("\u200c", "").replace(" ", "")


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    return tuple(fold_letters(text).replace("\u200c", " ").split())


def candidates(doc: Doc, resolver: PersonResolver, mentions: list[Mention | None], rules: list[_Entry | None],
               spans: list[tuple[int, int]], direct: list[bool],
               ) -> list[tuple[int, list[Candidate], np.ndarray | None]]:
    """For each quote: its kind index, its candidates (the rules' choice first) and their features;
    the rules' choice alone and no features for the kinds in RULES_KEEP."""
    orgs: dict[str, list[int]] = {}
    for pos, text in resolver.orgs:
        orgs.setdefault(text, []).append(pos)
    org_keys = {_key(text): text for text in orgs}
    tagged = resolver.tagged is not None
    firsts = [Candidate(rule, rule.name if rule is not None else (mention.text if mention else ""))
              for mention, rule in zip(mentions, rules, strict=True)]
    kinds = [kind_of(mention, rule, tagged, org_keys) for mention, rule in zip(mentions, rules, strict=True)]
    if all(k in RULES_KEEP for k in kinds):
        return [(k, [first], None) for k, first in zip(kinds, firsts, strict=True)]
    anchors = [m.first if m is not None else doc.token_at(s) for m, (s, _) in zip(mentions, spans, strict=True)]
    ctx = _Context(doc, resolver, mentions, rules, anchors, orgs)
    out: list[tuple[int, list[Candidate], np.ndarray | None]] = []
    for q, (mention, rule) in enumerate(zip(mentions, rules, strict=True)):
        first = firsts[q]
        if kinds[q] in RULES_KEEP:
            out.append((kinds[q], [first], None))
            continue
        near = ctx.near(anchors[q], q)
        people = sorted(k for k in near if isinstance(k, int))
        cands = ([first] + [Candidate(ctx.by_order[o], ctx.names[o]) for o in people if ctx.by_order[o] is not rule]
                 + [Candidate(None, text, org=True) for text in sorted(k for k in near if isinstance(k, str))
                    if _key(text) != _key(first.name)])
        x = np.zeros((len(cands), len(FEATURES)))
        for row, cand in enumerate(cands):
            _fill(x[row], ctx, q, mention, rule, cand, row == 0, spans[q], direct[q])
        out.append((kinds[q], cands, x))
    return out


def _fill(x: np.ndarray, ctx: _Context, q: int, mention: Mention | None, rule: _Entry | None, cand: Candidate,
          is_rule: bool, span: tuple[int, int], direct: bool) -> None:
    doc = ctx.doc
    anchor = ctx.anchors[q]
    lex = lexicon()
    words = _words(mention.text) if mention is not None else ()
    if mention is not None and mention.kind == "demonstrative":
        words = words[1:]
    if is_rule:
        x[_F["rule"]] = 1.0
        x[_F["direct"]] = 1.0 if direct else 0.0
        if rule is None or not rule.named:
            x[_F["rule_unnamed"]] = 1.0
        if words:
            x[_F["rule_len"]] = len(words) / 4
            if any(w in VERBISH or (w.startswith(("می", "نمی")) and len(w) > 4) for w in words):
                x[_F["rule_verbish"]] = 1.0
            if any(w in lex.person_nouns or lex.role_re.match(w) for w in words):
                x[_F["rule_personish"]] = 1.0
    entry = cand.entry
    if is_rule and entry is not None and not entry.named and _key(cand.name) in ctx.org_keys:
        cand = Candidate(None, ctx.org_keys[_key(cand.name)], org=True)  # `این روزنامه` resolved to one
    if cand.org:
        key: int | str = cand.name
        x[_F["org"]] = 1.0
        if words and _words(cand.name)[0] == words[0]:
            x[_F["org_head"]] = 1.0
    elif entry is None or not entry.named or entry.order not in ctx.positions:
        return
    else:
        key = entry.order
        given = _words(cand.name)
        if given and (given[0] in lex.given_names or given[0].split("\u200c")[0] in lex.honorific_first):
            x[_F["given"]] = 1.0
        x[_F["np_only"]] = 1.0 if entry.from_np else 0.0
        x[_F["spoke_share"]] = ctx.spoke.get(entry.order, 0) / ctx.quotes
        x[_F["first_named"]] = 1.0 if ctx.first_named == key else 0.0
        x[_F["top_salient"]] = 1.0 if ctx.top_salient == key else 0.0
        if q > 0 and ctx.rules[q - 1] == key:
            x[_F["last_speaker"]] = 1.0
        if mention is not None and mention.kind in ("role", "demonstrative", "np") and entry.roles and words:
            role_words = {w for r in entry.roles for w in _words(r)}
            x[_F["role_match"]] = 1.0 if words[0] in role_words else 0.0
            x[_F["role_overlap"]] = sum(w in role_words for w in words) / len(words)
    ps = ctx.positions[key]
    if not ps:
        return
    at = bisect_left(ps, anchor)
    here = ctx.sentence(anchor)
    if at > 0:
        back = ps[at - 1]
        there = ctx.sentence(back)
        x[_F["prev_dist"]] = math.log1p(anchor - back) / 5
        x[_F["prev_sents"]] = min(1.0, (here - there) / 5)
        block, back_block = doc.sentences[here].block, doc.sentences[there].block
        x[_F["same_sent"]] = 1.0 if there == here else 0.0
        x[_F["same_block"]] = 1.0 if back_block == block else 0.0
        x[_F["prev_block"]] = 1.0 if back_block == block - 1 else 0.0
        x[_F["most_recent"]] = 1.0 if ctx.recent(anchor) == key else 0.0
        lo = ctx.sent_first[max(0, here - 2)]
        # the mentions of the two sentences before this one: a sentence's tokens start at its first, so
        # `sentence(p) < here` is `p < sent_first[here]` (a bound, not a test of every earlier mention:
        # in a text without sentence breaks that test ran over the whole text for each mention)
        hi = min(at, bisect_left(ps, ctx.sent_first[here]))
        if any(ctx._opens(p) for p in ps[bisect_left(ps, lo):hi]):
            x[_F["prev_subject"]] = 1.0
    else:
        x[_F["no_prev"]] = 1.0
    nxt = bisect_left(ps, mention.last if mention is not None else anchor + 1)
    if nxt < len(ps):
        x[_F["next_dist"]] = math.log1p(ps[nxt] - anchor) / 5
    else:
        x[_F["no_next"]] = 1.0
    x[_F["salience"]] = math.log1p(len(ps)) / 3
    x[_F["subject_share"]] = ctx.subject_share.get(key, 0.0)
    if doc.sentences and ps[0] < doc.sentences[0].last and doc.sentences[0].block == 0:
        x[_F["in_title"]] = 1.0
    start_tok, end_tok = ctx.span_tokens(span)
    if start_tok <= ps[0] and ps[-1] < end_tok:
        x[_F["inside_only"]] = 1.0
