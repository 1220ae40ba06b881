"""The BiLSTM-CRF tagger run in plain numpy: word embeddings + a character CNN + shape and gazetteer
features, one bidirectional LSTM layer, a CRF output per corpus style (Viterbi decoding).

Trained with torch by scripts/ner/train_bilstm.py, which writes every weight of one network into one
.npz file; torch is not needed here. A tagger may hold several networks trained alike (an ensemble):
their emission scores and CRF weights are averaged before one Viterbi pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from rasad.errors import ModelError
from rasad.extract._ner_features import gazetteer_tags, norm_word, shape

SHAPES = ("num", "fa", "fa_zw", "lat", "mixnum", "punct")
GAZ = ("O", "B", "I")
MAX_CHARS = 20
CACHE_WORDS = 100_000  # (word, gazetteer mark) rows kept between calls; cleared when full
BATCH_TOKENS = 65_536  # tokens tagged at once: about 0.3 GB of LSTM states and outputs


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


class Network:
    """One trained BiLSTM network: features, the LSTM, and per head the emission and CRF weights."""

    def __init__(self, path: Path) -> None:
        if not path.is_file():
            raise ModelError(f"NER model file missing: {path}")
        try:
            with np.load(path, allow_pickle=False) as npz:
                z = {k: npz[k] for k in npz.files}  # read each member once: every read unzips it
            self.p = {k: v.astype(np.float32) for k, v in z.items() if v.dtype.kind == "f"}
            self.words = {w: i for i, w in enumerate(z["words"].tolist())}
            self.chars = {c: i for i, c in enumerate(z["chars"].tolist())}
            self.gazetteer = {g: 1 for g in z["gazetteer"].tolist()}
            self.tags = z["tags"].tolist()
            self.heads = z["heads"].tolist()
            self.combine = z["combine"].tolist() if "combine" in z else []
        except (OSError, KeyError, ValueError) as exc:
            raise ModelError(f"cannot load NER model {path}: {exc}") from exc
        self._shape_index = {name: i for i, name in enumerate(SHAPES)}
        self._gaz_index = {name: i for i, name in enumerate(GAZ)}
        conv_w = self.p["conv_w"]  # filters, width, char dims
        self._conv_k = conv_w.shape[1]
        # conv(x)[j] = b + sum_i W_i . emb(c[j + i - k//2]): one table of W_i . emb(c) per offset i
        self._conv_tables = [self.p["char_emb"] @ conv_w[:, i, :].T for i in range(self._conv_k)]
        self._cache: dict[str, int] = {}  # word + gazetteer mark -> row of self._rows
        # split the input weights: word-type part (word, chars, shape) and the gazetteer mark part
        ngaz = self.p["gaz_emb"].shape[1]
        w_in = np.concatenate([self.p["lstm_wih_f"], self.p["lstm_wih_b"]], axis=0)  # 8H x D
        self._w_in = np.ascontiguousarray(w_in[:, :-ngaz].T)
        self._b_in = np.concatenate([self.p["lstm_b_f"], self.p["lstm_b_b"]])
        self._gaz_proj = self.p["gaz_emb"] @ w_in[:, -ngaz:].T
        self._rows: dict[str, np.ndarray] = {}
        self._whh = {d: np.ascontiguousarray(self.p[f"lstm_whh_{d}"].T) for d in ("f", "b")}

    # ---- features -------------------------------------------------------------------------------
    def _rows_for(self, keys: list[str]) -> np.ndarray:
        """Row numbers in the gate-input tables for (word, gazetteer mark) keys, computing new rows.

        A row holds what the key adds to the LSTM gates (word vector, character CNN, shape and
        gazetteer mark through the input weights, plus the biases): computed once, then cached.
        """
        new = [k for k in dict.fromkeys(keys) if k not in self._cache]
        if len(self._cache) + len(new) > CACHE_WORDS:
            self._cache.clear()
            new = list(dict.fromkeys(keys))
        if new:
            p = self.p
            words = [k[:-1] for k in new]
            width = max(1, *(len(w[:MAX_CHARS]) for w in words))
            cid = np.zeros((len(new), width), dtype=np.int64)
            cunk = self.chars["<unk>"]
            for i, w in enumerate(words):
                cs = w[:MAX_CHARS] or " "
                cid[i, : len(cs)] = [self.chars.get(c, cunk) for c in cs]
            lens = np.array([max(1, len(w[:MAX_CHARS])) for w in words])
            pad = self._conv_k // 2
            cid = np.pad(cid, ((0, 0), (pad, pad)))  # char 0 embeds to zeros: the conv's zero padding
            conv = p["conv_b"] + sum(self._conv_tables[i][cid[:, i : i + width]] for i in range(self._conv_k))
            conv = np.where(np.arange(width)[None, :, None] < lens[:, None, None], conv, -1e4)
            chars = np.maximum(conv.max(axis=1), 0.0)
            unk = self.words["<unk>"]
            wid = [self.words.get(w, unk) for w in words]
            sid = [self._shape_index[shape(w)] if w else self._shape_index["punct"] for w in words]
            gid = [self._gaz_index[k[-1]] for k in new]
            x = np.concatenate([p["word_emb"][wid], chars, p["shape_emb"][sid]], axis=1)
            proj = (x @ self._w_in + self._b_in + self._gaz_proj[gid]).astype(np.float32)
            base = len(self._cache)
            self._cache.update((k, base + i) for i, k in enumerate(new))
            half = proj.shape[1] // 2
            for d, part in (("f", proj[:, :half]), ("b", proj[:, half:])):
                self._append_rows(d, base, part)
        return np.fromiter((self._cache[k] for k in keys), dtype=np.int64, count=len(keys))

    def _append_rows(self, d: str, base: int, part: np.ndarray) -> None:
        """Write rows at `base`, growing the table geometrically: appending by concatenation
        copied the whole table for every new batch of words, quadratic over a long run."""
        table = self._rows.get(d)
        need = base + len(part)
        if table is None or base == 0 or need > len(table):
            # doubling, but never past the cache's size: the rows are 4 KB each a direction
            grown = np.empty((max(need, min(2 * base, CACHE_WORDS), 1024), part.shape[1]), dtype=np.float32)
            if table is not None and base:
                grown[:base] = table[:base]
            self._rows[d] = table = grown
        table[base:need] = part

    def _gate_rows(self, sents: Sequence[Sequence[str]]) -> np.ndarray:
        """For every token (flat), its row in the gate-input tables."""
        keys: list[str] = []
        for s in sents:
            words = [norm_word(tok) for tok in s]
            keys += [w + g for w, g in zip(words, gazetteer_tags(words, self.gazetteer), strict=True)]
        return self._rows_for(keys)

    def _lstm(self, rows: np.ndarray, offsets: np.ndarray, lengths: np.ndarray, d: str) -> np.ndarray:
        """One direction over packed sentences (lengths sorted longest first): at step j only the
        sentences longer than j take part, as a prefix of the batch."""
        whh = self._whh[d]
        table = self._rows[d]
        hdim = whh.shape[0]
        out = np.empty((len(rows), hdim), dtype=np.float32)
        h = np.zeros((len(lengths), hdim), dtype=np.float32)
        c = np.zeros_like(h)
        active = len(lengths)
        for j in range(int(lengths[0])):
            while lengths[active - 1] <= j:
                active -= 1
            pos = offsets[:active] + (j if d == "f" else lengths[:active] - 1 - j)
            h, c = h[:active], c[:active]
            g = h @ whh  # gates ordered i f o g
            g += table[rows[pos]]
            sg = _sigmoid(g[:, : 3 * hdim])
            c = sg[:, hdim : 2 * hdim] * c + sg[:, :hdim] * np.tanh(g[:, 3 * hdim :])
            h = sg[:, 2 * hdim :] * np.tanh(c)
            out[pos] = h
        return out

    def scores(self, sents: Sequence[Sequence[str]], offsets: np.ndarray, lengths: np.ndarray,
               heads: Sequence[str]) -> dict[str, np.ndarray]:
        """Emission scores (tokens flat x tags) of `heads` for sentences sorted longest first."""
        rows = self._gate_rows(sents)
        fw, bw = self._lstm(rows, offsets, lengths, "f"), self._lstm(rows, offsets, lengths, "b")
        h = np.concatenate([fw, bw], axis=1)
        return {hd: h @ self.p[f"out_w_{hd}"].T + self.p[f"out_b_{hd}"] for hd in heads}

    def emissions(self, sentences: Sequence[Sequence[str]], head: str) -> list[np.ndarray]:
        """Per-sentence emission scores (tokens x tags) of one head; for checks against torch."""
        lengths = np.array([len(s) for s in sentences])
        order = np.argsort(-lengths, kind="stable")
        ls = lengths[order]
        offsets = np.concatenate([[0], np.cumsum(ls)[:-1]])
        em = self.scores([sentences[i] for i in order], offsets, ls, [head])[head]
        out: list[np.ndarray] = [np.empty(0)] * len(sentences)
        for r, i in enumerate(order):
            out[i] = em[offsets[r] : offsets[r] + ls[r]]
        return out


_BLAS_LIMITED: list[object] = []


def limit_blas_threads() -> None:
    """Cap numpy's BLAS threads (RASAD_BLAS_THREADS, default one) for this process, once. The tagger's
    matrix products are small: with a thread per core, threads wait on each other and on whatever
    else runs, and the NER is several times slower on a busy machine."""
    if _BLAS_LIMITED:
        return
    from threadpoolctl import threadpool_limits

    from rasad import settings

    _BLAS_LIMITED.append(threadpool_limits(limits=settings.get("blas_threads"), user_api="blas"))


class BiLstmTagger:
    """Tags with one network or the average of several trained alike (same tags and heads)."""

    def __init__(self, paths: Path | Sequence[Path]) -> None:
        limit_blas_threads()
        self.networks = [Network(p) for p in ([paths] if isinstance(paths, Path) else paths)]
        if not self.networks:
            raise ModelError("a BiLSTM tagger needs at least one model file")
        first = self.networks[0]
        for net in self.networks[1:]:
            if (net.tags, net.heads, net.combine) != (first.tags, first.heads, first.combine):
                raise ModelError("the networks of one NER ensemble must share their tags and heads")
        self.tags, self.main, self.combine = first.tags, first.heads[0], first.combine
        k = len(self.tags)
        # BIO constraints: I-X only after B-X or I-X, never first
        self._bad = np.zeros((k, k), dtype=np.float32)
        for j, t in enumerate(self.tags):
            if t.startswith("I-"):
                self._bad[[i for i, s in enumerate(self.tags) if s[2:] != t[2:]], j] = -1e4
        self._start_bad = np.array([-1e4 if t.startswith("I-") else 0.0 for t in self.tags], dtype=np.float32)
        self._crf = {hd: self._mean_crf(hd) for hd in [self.main, *self.combine]}

    def _mean_crf(self, head: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        trans, start, end = (
            np.mean([net.p[f"crf_{part}_{head}"] for net in self.networks], axis=0)
            for part in ("trans", "start", "end")
        )
        return trans + self._bad, start + self._start_bad, end

    def _viterbi(self, em: np.ndarray, offsets: np.ndarray, lengths: np.ndarray, head: str) -> np.ndarray:
        """Best tag of every token (flat), sentences packed longest first."""
        trans, start, end = self._crf[head]
        n, k = len(lengths), em.shape[1]
        score = start + em[offsets]
        back = np.zeros((len(em), k), dtype=np.int32)  # back[token] = best previous tag per tag
        final = np.zeros((n, k), dtype=np.float32)
        active = n
        for j in range(1, int(lengths[0]) + 1):
            done = active
            while active and lengths[active - 1] <= j:
                active -= 1
            if active < done:
                final[active:done] = score[active:done] + end
            if not active:
                break
            pos = offsets[:active] + j
            cand = score[:active, :, None] + trans[None]
            back[pos] = cand.argmax(axis=1)
            score = cand.max(axis=1) + em[pos]
        best = np.zeros(len(em), dtype=np.int64)
        cur = final.argmax(axis=1)
        active = 0
        for j in range(int(lengths[0]) - 1, -1, -1):
            while active < n and lengths[active] > j:
                active += 1
            pos = offsets[:active] + j
            # sentences whose last token is j start from their final best; others follow back pointers
            best[pos] = cur[:active]
            if j:
                nxt = back[pos, cur[:active]]
                cur = cur.copy()
                cur[:active] = nxt
        return best

    def tag(self, sentences: Sequence[Sequence[str]], batch: int = 1024,
            batch_tokens: int = BATCH_TOKENS) -> list[list[str]]:
        """Tags of each sentence, run `batch` sentences and at most `batch_tokens` tokens at a time
        (a batch's memory is a few kilobytes a token); a longer sentence goes alone."""
        out: list[list[str]] = [[] for _ in sentences]
        order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: -len(sentences[i]))
        heads = [self.main, *self.combine]
        for idx in _batches(order, [len(sentences[i]) for i in order], batch, batch_tokens):
            sents = [sentences[i] for i in idx]
            lengths = np.array([len(s) for s in sents])
            offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
            em = self.networks[0].scores(sents, offsets, lengths, heads)
            for net in self.networks[1:]:
                for hd, e in net.scores(sents, offsets, lengths, heads).items():
                    em[hd] += e
            paths = {hd: self._viterbi(e / len(self.networks), offsets, lengths, hd) for hd, e in em.items()}
            for r, i in enumerate(idx):
                o, n = int(offsets[r]), int(lengths[r])
                tags = [self.tags[k] for k in paths[self.main][o : o + n]]
                for hd in self.combine:  # types only another corpus style marks (FAC, EVENT): fill O gaps
                    tags = _fill(tags, [self.tags[k] for k in paths[hd][o : o + n]], {"FAC", "EVENT"})
                out[i] = tags
        return out


def _batches(order: list[int], lengths: list[int], most: int, tokens: int) -> list[list[int]]:
    """`order` cut into runs of at most `most` items and `tokens` summed lengths (at least one item)."""
    out: list[list[int]] = []
    run: list[int] = []
    total = 0
    for i, n in zip(order, lengths, strict=True):
        if run and (len(run) >= most or total + n > tokens):
            out.append(run)
            run, total = [], 0
        run.append(i)
        total += n
    if run:
        out.append(run)
    return out


def _fill(tags: list[str], extra: list[str], types: set[str]) -> list[str]:
    """Add the `types` spans of `extra` that lie wholly on O tokens of `tags`."""
    out = list(tags)
    j = 0
    while j < len(extra):
        if extra[j].startswith("B-") and extra[j][2:] in types:
            k = j + 1
            while k < len(extra) and extra[k] == "I-" + extra[j][2:]:
                k += 1
            if all(t == "O" for t in tags[j:k]):
                out[j:k] = extra[j:k]
            j = k
        else:
            j += 1
    return out
