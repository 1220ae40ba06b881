"""Token features for the CRF tagger. Shared by training (scripts/ner) and run time; keep them in step.

Words are normalized by `norm_word`: Persian yeh/kaf, no tatweel or diacritics, lower-case Latin, every
digit (Persian, Arabic or ASCII) as 0. Word clusters (k-means over word2vec vectors learned from news
text, several granularities) and a gazetteer of Iranian provinces and cities add features.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from rasad.extract.ner_data import clean_token
from rasad.text.letters import ALL_DIGITS

_DIGITS = str.maketrans(ALL_DIGITS, "0" * len(ALL_DIGITS))  # a feature transform: every digit as 0
_PERSIAN = re.compile("[\u0600-\u06ff]")
_LATIN = re.compile("[A-Za-z]")


def norm_word(token: str) -> str:
    """The form a token takes in the vocabulary of clusters and embeddings."""
    return clean_token(token).translate(_DIGITS).lower()


def shape(word: str) -> str:
    if word.isdigit() or (word[:1] == "0" and set(word) <= set("0.,٫٬/:")):
        return "num"
    if _PERSIAN.search(word):
        return "fa_zw" if "\u200c" in word else "fa"
    if _LATIN.search(word):
        return "lat"
    if "0" in word:
        return "mixnum"
    return "punct"


def gazetteer_tags(words: Sequence[str], gazetteer: Mapping[str, int], max_len: int = 4) -> list[str]:
    """B/I marks for the longest gazetteer phrases (space-joined normalized words) in the sentence."""
    marks = ["O"] * len(words)
    i = 0
    while i < len(words):
        found = 0
        for n in range(min(max_len, len(words) - i), 0, -1):
            if " ".join(words[i : i + n]) in gazetteer:
                found = n
                break
        if found:
            marks[i] = "B"
            for j in range(i + 1, i + found):
                marks[j] = "I"
            i += found
        else:
            i += 1
    return marks


def sentence_features(
    tokens: Sequence[str],
    clusters: Mapping[str, tuple[str, ...]],
    gazetteer: Mapping[str, int],
) -> list[list[str]]:
    """One list of string features per token (python-crfsuite's ItemSequence accepts this form)."""
    words = [norm_word(t) for t in tokens]
    n = len(words)
    shapes = [shape(w) for w in words]
    gaz = gazetteer_tags(words, gazetteer)
    nocl: tuple[str, ...] = ("-", "-", "-")
    cls = [clusters.get(w, nocl) for w in words]
    out: list[list[str]] = []
    for i, w in enumerate(words):
        parts = w.split("\u200c")
        f = [
            "b",
            "w=" + w,
            "s=" + shapes[i],
            "p1=" + w[:1],
            "p2=" + w[:2],
            "p3=" + w[:3],
            "x1=" + w[-1:],
            "x2=" + w[-2:],
            "x3=" + w[-3:],
            "x4=" + w[-4:],
            "len=" + str(min(len(w), 8)),
            "g=" + gaz[i],
            "c0=" + cls[i][0],
            "c1=" + cls[i][1],
            "c2=" + cls[i][2],
        ]
        if len(parts) > 1:
            f.append("zh=" + parts[0])
            f.append("zt=" + parts[-1])
        if i == 0:
            f.append("BOS")
        else:
            p = words[i - 1]
            f += [
                "-1w=" + p,
                "-1s=" + shapes[i - 1],
                "-1c1=" + cls[i - 1][1],
                "-1c2=" + cls[i - 1][2],
                "-1g=" + gaz[i - 1],
                "-1x2=" + p[-2:],
                "bg-=" + p + "|" + w,
            ]
            if i > 1:
                q = words[i - 2]
                f += ["-2w=" + q, "-2c1=" + cls[i - 2][1], "tg-=" + q + "|" + p + "|" + w]
        if i == n - 1:
            f.append("EOS")
        else:
            x = words[i + 1]
            f += [
                "+1w=" + x,
                "+1s=" + shapes[i + 1],
                "+1c1=" + cls[i + 1][1],
                "+1c2=" + cls[i + 1][2],
                "+1g=" + gaz[i + 1],
                "+1x2=" + x[-2:],
                "bg+=" + w + "|" + x,
            ]
            if i < n - 2:
                y = words[i + 2]
                f += ["+2w=" + y, "+2c1=" + cls[i + 2][1]]
        out.append(f)
    return out
