"""Train the BiLSTM-CRF tagger with torch on the CPU and export it to one numpy .npz file.

usage: train_bilstm.py [--out DIR] [--minutes M] [--threads N] [--aux arman,parsner] [--silver FILE]
One shared encoder (word2vec-initialized word embeddings from build_clusters.py, a character CNN,
shape and gazetteer features, a BiLSTM) and one CRF head per corpus style: `peyma` (PEYMA train and
NSURL, seven types), `arman` (FAC and EVENT too), `parsner`. After each epoch the model is exported and
scored on PEYMA dev with the numpy runtime (rasad/extract/_bilstm.py); the best epoch is kept.
`--silver` adds news tagged by a teacher (pseudo_label.py) to the `peyma` head: a share of it each epoch.
`--init NPZ --main peyma --aux "" --lr 5e-4` fine-tunes an exported network on PEYMA train alone.
Needs the [train] extra (torch==2.13.0 exactly, gensim).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections import Counter
from pathlib import Path

import numpy as np
import torch
from common import BUILD, GAZETTEER, load_training, read_columns
from evaluate import score, write_predictions
from gensim.models import KeyedVectors
from torch import nn

from rasad.extract._bilstm import GAZ, MAX_CHARS, SHAPES, BiLstmTagger
from rasad.extract._crf import load_gazetteer
from rasad.extract._ner_features import gazetteer_tags, norm_word, shape
from rasad.extract.ner_data import TYPES

TAGS = ["O"] + [f"{p}-{t}" for t in TYPES for p in ("B", "I")]
HEAD_OF = {"peyma": "peyma", "nsurl": "peyma", "silver": "peyma", "arman": "arman", "parsner": "parsner"}


class Model(nn.Module):
    def __init__(self, emb: np.ndarray, nchars: int, heads: list[str], hidden: int = 128) -> None:
        super().__init__()
        self.word_emb = nn.Embedding.from_pretrained(torch.tensor(emb), freeze=False, padding_idx=0)
        self.char_emb = nn.Embedding(nchars, 32, padding_idx=0)
        self.conv = nn.Conv1d(32, 64, 3, padding=1)
        self.shape_emb = nn.Embedding(len(SHAPES), 8)
        self.gaz_emb = nn.Embedding(len(GAZ), 4)
        dim = emb.shape[1] + 64 + 8 + 4
        self.drop = nn.Dropout(0.4)
        self.lstm = nn.LSTM(dim, hidden, batch_first=True, bidirectional=True)
        k = len(TAGS)
        self.out = nn.ModuleDict({h: nn.Linear(2 * hidden, k) for h in heads})
        self.trans = nn.ParameterDict({h: nn.Parameter(torch.zeros(k, k)) for h in heads})
        self.start = nn.ParameterDict({h: nn.Parameter(torch.zeros(k)) for h in heads})
        self.end = nn.ParameterDict({h: nn.Parameter(torch.zeros(k)) for h in heads})

    def encode(self, wid, sid, gid, cid, clen, lengths):
        n, t, c = cid.shape
        ce = self.char_emb(cid.view(n * t, c)).transpose(1, 2)
        conv = self.conv(ce)  # n*t, f, c
        pos = torch.arange(c)[None, None, :]
        conv = conv.masked_fill(pos >= clen.view(n * t, 1, 1), -1e4)
        chars = torch.relu(conv.max(dim=2).values).view(n, t, -1)
        x = torch.cat([self.word_emb(wid), chars, self.shape_emb(sid), self.gaz_emb(gid)], dim=-1)
        x = self.drop(x)
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        h, _ = self.lstm(packed)
        h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=t)
        return self.drop(h)

    def nll(self, h, head, tags, mask):
        em = self.out[head](h)
        trans, start, end = self.trans[head], self.start[head], self.end[head]
        t = em.shape[1]
        score = start[tags[:, 0]] + em[:, 0].gather(1, tags[:, :1]).squeeze(1)
        alpha = start + em[:, 0]
        for j in range(1, t):
            m = mask[:, j]
            step = trans[tags[:, j - 1], tags[:, j]] + em[:, j].gather(1, tags[:, j : j + 1]).squeeze(1)
            score = score + step * m
            nxt = torch.logsumexp(alpha.unsqueeze(2) + trans.unsqueeze(0) + em[:, j].unsqueeze(1), dim=1)
            alpha = torch.where(m.unsqueeze(1).bool(), nxt, alpha)
        last = tags.gather(1, (mask.sum(1).long() - 1).unsqueeze(1)).squeeze(1)
        score = score + end[last]
        logz = torch.logsumexp(alpha + end, dim=1)
        return (logz - score).sum()


class Encoder:
    def __init__(self, words: list[str], chars: list[str], gazetteer: dict[str, int]) -> None:
        self.w = {w: i for i, w in enumerate(words)}
        self.c = {c: i for i, c in enumerate(chars)}
        self.gazetteer = gazetteer

    def sentence(self, tokens: list[str]) -> tuple[list[int], list[int], list[int], list[list[int]]]:
        words = [norm_word(t) for t in tokens]
        gaz = gazetteer_tags(words, self.gazetteer)
        unk, cunk = self.w["<unk>"], self.c["<unk>"]
        return (
            [self.w.get(w, unk) for w in words],
            [SHAPES.index(shape(w)) if w else SHAPES.index("punct") for w in words],
            [GAZ.index(g) for g in gaz],
            [[self.c.get(ch, cunk) for ch in w[:MAX_CHARS]] or [cunk] for w in words],
        )


def batches(data: list, size: int, rng: random.Random) -> list[list]:
    data = sorted(data, key=lambda d: len(d[1][0]) + rng.random() * 4)
    out = [data[i : i + size] for i in range(0, len(data), size)]
    rng.shuffle(out)
    return out


def tensors(batch: list, tag_ids: bool = True, unk_rate: float = 0.0, rng: random.Random | None = None):
    n, t = len(batch), max(len(b[1][0]) for b in batch)
    wid = torch.zeros(n, t, dtype=torch.long)
    sid = torch.zeros(n, t, dtype=torch.long)
    gid = torch.zeros(n, t, dtype=torch.long)
    cid = torch.zeros(n, t, MAX_CHARS, dtype=torch.long)
    clen = torch.ones(n, t, dtype=torch.long)
    tags = torch.zeros(n, t, dtype=torch.long)
    mask = torch.zeros(n, t)
    for i, (_, (w, s, g, c), y, _) in enumerate(batch):
        m = len(w)
        ww = [1 if rng and rng.random() < unk_rate else x for x in w]  # 1 = <unk>
        wid[i, :m] = torch.tensor(ww)
        sid[i, :m] = torch.tensor(s)
        gid[i, :m] = torch.tensor(g)
        for j, cc in enumerate(c):
            cid[i, j, : len(cc)] = torch.tensor(cc)
            clen[i, j] = len(cc)
        tags[i, :m] = torch.tensor(y)
        mask[i, :m] = 1
    return wid, sid, gid, cid, clen, tags, mask


def _ifog(w: np.ndarray) -> np.ndarray:
    """torch orders LSTM gates i f g o; the numpy runtime wants i f o g."""
    i, f, g, o = np.split(w, 4, axis=0)
    return np.concatenate([i, f, o, g], axis=0)


def _igfo(w: np.ndarray) -> np.ndarray:
    """The inverse of `_ifog`: the runtime's i f o g back to torch's i f g o."""
    i, f, o, g = np.split(w, 4, axis=0)
    return np.concatenate([i, f, g, o], axis=0)


def import_npz(model: Model, z: dict[str, np.ndarray], heads: list[str]) -> None:
    """Load an exported network's weights into `model` (the inverse of `export`)."""
    state = {
        "word_emb.weight": z["word_emb"], "char_emb.weight": z["char_emb"],
        "conv.weight": z["conv_w"].transpose(0, 2, 1), "conv.bias": z["conv_b"],
        "shape_emb.weight": z["shape_emb"], "gaz_emb.weight": z["gaz_emb"],
    }  # fmt: skip
    for suffix, d in (("", "f"), ("_reverse", "b")):
        state[f"lstm.weight_ih_l0{suffix}"] = _igfo(z[f"lstm_wih_{d}"])
        state[f"lstm.weight_hh_l0{suffix}"] = _igfo(z[f"lstm_whh_{d}"])
        state[f"lstm.bias_ih_l0{suffix}"] = _igfo(z[f"lstm_b_{d}"])
        state[f"lstm.bias_hh_l0{suffix}"] = np.zeros_like(z[f"lstm_b_{d}"])
    for h in heads:
        state[f"out.{h}.weight"], state[f"out.{h}.bias"] = z[f"out_w_{h}"], z[f"out_b_{h}"]
        state[f"trans.{h}"], state[f"start.{h}"], state[f"end.{h}"] = (
            z[f"crf_trans_{h}"], z[f"crf_start_{h}"], z[f"crf_end_{h}"])
    model.load_state_dict({k: torch.tensor(np.asarray(v, dtype=np.float32)) for k, v in state.items()})


def export(model: Model, words: list[str], chars: list[str], gazetteer: dict[str, int], heads: list[str],
           combine: list[str], path: Path) -> None:
    sd = {k: v.detach().numpy() for k, v in model.state_dict().items()}
    arrays: dict[str, np.ndarray] = {
        "word_emb": sd["word_emb.weight"].astype(np.float16),
        "char_emb": sd["char_emb.weight"],
        "conv_w": sd["conv.weight"].transpose(0, 2, 1),  # f, k, e
        "conv_b": sd["conv.bias"],
        "shape_emb": sd["shape_emb.weight"],
        "gaz_emb": sd["gaz_emb.weight"],
        "lstm_wih_f": _ifog(sd["lstm.weight_ih_l0"]), "lstm_whh_f": _ifog(sd["lstm.weight_hh_l0"]),
        "lstm_b_f": _ifog(sd["lstm.bias_ih_l0"] + sd["lstm.bias_hh_l0"]),
        "lstm_wih_b": _ifog(sd["lstm.weight_ih_l0_reverse"]),
        "lstm_whh_b": _ifog(sd["lstm.weight_hh_l0_reverse"]),
        "lstm_b_b": _ifog(sd["lstm.bias_ih_l0_reverse"] + sd["lstm.bias_hh_l0_reverse"]),
        "words": np.array(words), "chars": np.array(chars), "gazetteer": np.array(sorted(gazetteer)),
        "tags": np.array(TAGS), "heads": np.array(heads), "combine": np.array(combine, dtype="<U16"),
    }  # fmt: skip
    for h in heads:
        arrays[f"out_w_{h}"] = sd[f"out.{h}.weight"]
        arrays[f"out_b_{h}"] = sd[f"out.{h}.bias"]
        arrays[f"crf_trans_{h}"] = sd[f"trans.{h}"]
        arrays[f"crf_start_{h}"] = sd[f"start.{h}"]
        arrays[f"crf_end_{h}"] = sd[f"end.{h}"]
    np.savez_compressed(path, **arrays)


def check_parity(model: Model, tagger: BiLstmTagger, enc: Encoder, sample: list) -> None:
    """The numpy runtime must compute what torch computes: compare the emissions."""
    with torch.no_grad():
        wid, sid, gid, cid, clen, _, mask = tensors(sample)
        em = model.out["peyma"](model.encode(wid, sid, gid, cid, clen, mask.sum(1).long())).numpy()
    em2 = tagger.networks[0].emissions([s[3] for s in sample], "peyma")
    diff = max(float(np.abs(em[i, : len(e)] - e).max()) for i, e in enumerate(em2))
    print(f"torch/numpy emission max difference {diff:.2e}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", type=Path, default=BUILD / "bilstm")
    ap.add_argument("--minutes", type=float, default=40)
    ap.add_argument("--epochs", type=int, default=30)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--aux", default="arman,parsner")
    ap.add_argument("--aux-fraction", type=float, default=0.5, help="share of aux sentences drawn each epoch")
    ap.add_argument("--silver", type=Path, default=None, help="teacher-tagged news (pseudo_label.py)")
    ap.add_argument("--silver-fraction", type=float, default=0.5, help="share of silver sentences drawn each epoch")
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--main", default="peyma,nsurl", help="corpora of the main (PEYMA-style) head")
    ap.add_argument("--init", type=Path, default=None, help="start from an exported network (.npz)")
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--limit", type=int, default=0, help="sentences per corpus (smoke tests)")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = random.Random(args.seed)
    t0 = time.time()
    aux = tuple(a for a in args.aux.split(",") if a)
    main_corpora = tuple(c for c in args.main.split(",") if c)
    corpora = load_training((*main_corpora, *aux))
    if args.silver:
        corpora["silver"] = read_columns(args.silver)
    if args.limit:
        corpora = {k: v[: args.limit] for k, v in corpora.items()}
    heads = ["peyma", *[HEAD_OF[a] for a in aux]]
    combine = ["arman"] if "arman" in aux else []
    init: dict[str, np.ndarray] = {}
    if args.init:
        with np.load(args.init) as npz:
            init = {k: npz[k] for k in npz.files}
        heads, combine = init["heads"].tolist(), init["combine"].tolist()
        args.hidden = init["lstm_whh_f"].shape[1]

    kv = KeyedVectors.load(str(BUILD / "w2v.kv"))
    counts = Counter(norm_word(t) for c in corpora.values() for toks, _ in c for t in toks)
    words = ["<pad>", "<unk>", *kv.index_to_key]
    known = set(words)
    words += [w for w, n in counts.items() if n >= 2 and w not in known]
    emb = np.random.default_rng(args.seed).normal(0, 0.1, (len(words), kv.vector_size)).astype(np.float32)
    emb[0] = 0
    for i, w in enumerate(words):
        if w in kv.key_to_index:
            emb[i] = kv[w]
    emb /= max(1e-6, float(np.abs(emb).std())) * 10  # bring vectors to a small scale
    chars_count = Counter(ch for w, n in counts.items() for ch in w for _ in range(min(n, 1)))
    chars = ["<pad>", "<unk>", *sorted(c for c, n in chars_count.items() if n >= 3)]
    if init:  # the exported network's own vocabulary and vectors
        words, chars = init["words"].tolist(), init["chars"].tolist()
        emb = init["word_emb"].astype(np.float32)
    gazetteer = load_gazetteer(GAZETTEER)
    enc = Encoder(words, chars, gazetteer)
    tag_index = {t: i for i, t in enumerate(TAGS)}

    def prepare(name: str) -> list:
        out = []
        for toks, tags in corpora[name]:
            for k in range(0, len(toks), 120):  # long sentences in pieces
                piece, ptags = toks[k : k + 120], tags[k : k + 120]
                if ptags and ptags[0].startswith("I-"):
                    ptags = ["B-" + ptags[0][2:], *ptags[1:]]
                out.append((HEAD_OF[name], enc.sentence(piece), [tag_index[t] for t in ptags], piece))
        return out

    main_data = [x for c in main_corpora for x in prepare(c)]
    aux_data = [x for a in aux for x in prepare(a)]
    silver_data = prepare("silver") if args.silver else []
    print(f"{len(main_data)} main + {len(aux_data)} aux + {len(silver_data)} silver pieces, {len(words)} words, "
          f"{len(chars)} chars ({time.time() - t0:.0f}s)", flush=True)

    model = Model(emb, len(chars), heads, args.hidden)
    if init:
        import_npz(model, init, heads)
        model.eval()
        check_parity(model, BiLstmTagger(args.init), enc, main_data[:16])
    opt = torch.optim.Adam(model.parameters(), lr=args.lr)
    args.out.mkdir(parents=True, exist_ok=True)
    best, best_epoch = -1.0, -1
    history = []
    for epoch in range(1, args.epochs + 1):
        model.train()
        data = main_data + rng.sample(aux_data, int(len(aux_data) * args.aux_fraction))
        data += rng.sample(silver_data, int(len(silver_data) * args.silver_fraction))
        total, nb = 0.0, 0
        by_head: dict[str, list] = {}
        for d in data:
            by_head.setdefault(d[0], []).append(d)
        all_batches = [b for h in by_head.values() for b in batches(h, 32, rng)]
        rng.shuffle(all_batches)
        for batch in all_batches:
            wid, sid, gid, cid, clen, tags, mask = tensors(batch, unk_rate=0.03, rng=rng)
            h = model.encode(wid, sid, gid, cid, clen, mask.sum(1).long())
            loss = model.nll(h, batch[0][0], tags, mask) / len(batch)
            opt.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()
            total += float(loss.detach())
            nb += 1
            if nb % 200 == 0:
                elapsed = time.time() - t0
                print(f"  batch {nb}/{len(all_batches)} loss {total / nb:.3f} ({elapsed:.0f}s)", flush=True)
        model.eval()
        torch.save(model.state_dict(), args.out / "last.pt")
        path = args.out / f"epoch{epoch}.npz"
        export(model, words, chars, gazetteer, heads, combine, path)
        tagger = BiLstmTagger(path)
        if epoch == 1:
            check_parity(model, tagger, enc, main_data[:16])
        tps = write_predictions(tagger.tag, args.out / "dev_pred.txt", seven=True)
        f1 = score(args.out / "dev_pred.txt")["micro"]["f1"]
        history.append({"epoch": epoch, "loss": total / nb, "dev_f1_seven": f1, "tokens_per_s": round(tps)})
        print(f"epoch {epoch} loss {total / nb:.3f} dev F1 (7 types) {f1:.4f} {tps:,.0f} tok/s "
              f"({time.time() - t0:.0f}s)", flush=True)
        if f1 > best:
            best, best_epoch = f1, epoch
            path.replace(args.out / "bilstm.npz")
        else:
            path.unlink()
        (args.out / "history.json").write_text(json.dumps(history, indent=1))
        if time.time() - t0 > args.minutes * 60:
            break
        if epoch in (4, 6):
            for g in opt.param_groups:
                g["lr"] *= 0.5
    (args.out / "model.json").write_text(json.dumps(
        {"backend": "bilstm", "model": "bilstm.npz", "trained_on": list(corpora),
         "best_epoch": best_epoch, "dev_f1_seven": best}, indent=1))
    print(f"best epoch {best_epoch}: dev F1 {best:.4f}")


if __name__ == "__main__":
    main()
