"""How far would fine-tuning MiniLM itself take the loaded-word tagger (#22)? A check, not a
model newslens uses.

The committed tagger is a small MLP on frozen states (scripts/train_loaded.py). This script
trains, on the same data without fold K (PTC and BASIL spans, MSRP sentences as straight news
with none), either

- `--layers N` (1-6): MiniLM's top N layers fine-tuned together with a linear head over each
  word piece (2 epochs, AdamW, learning rate 3e-5 for the layers and 1e-3 for the head, batch
  32, positives weighing 8, sentences cut at 96 word pieces); N = 6 fine-tunes the whole encoder, which newslens could only run
  as a second encoder pass (its embedding, summary, repetition and sentiment all read the
  frozen MiniLM), or
- `--layers 0`: the committed recipe, one tagger (ensemble 1) of `train_loaded.py` on the
  frozen MiniLM and sentiment-branch states it caches, for comparison in the same harness,

then scores held-out fold K at sentence level: a sentence is predicted loaded when its highest
word piece reaches a threshold, gold when it holds a span (the script's own sentence split).
Two figures per set: **capped**, the threshold at which 7.04% of the 2,783 CNN/DM dev
sentences would be flagged (the issue's 196 of 2,783), and **best**, the best of 100 thresholds
(quantiles of that fold's own scores: an optimistic ceiling).

    $(bash scripts/torch-venv) scripts/loaded_ceiling.py --fold 0 --layers 6   # ~13 min, 2 cores
    $(bash scripts/torch-venv) scripts/loaded_ceiling.py --fold 0 --layers 0   # ~1 min once cached
"""
import argparse
import hashlib
import json
import pathlib
import random
import sys
import time

import numpy as np
import torch
from transformers import BertModel, BertTokenizerFast

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import train_loaded as tl  # noqa: E402
from train_sentiment import sha256  # noqa: E402
from train_target import load_branch, merge_heads  # noqa: E402

CAP = 196 / 2783


def cnndm_sentences(path):
    units = []
    for line in path.read_text(encoding="utf-8").splitlines():
        units.extend((piece, [], 0) for piece in tl.SENTENCE_END.split(line) if piece.strip())
    return units


def f1(predicted, gold):
    tp = (predicted & gold).sum()
    return 2 * tp / max(predicted.sum() + gold.sum(), 1)


def report(fold, layers, score, sources, cnndm):
    """Capped and best sentence F1 of `score` (units -> highest piece score) on fold K."""
    threshold = np.quantile(score(cnndm), 1 - CAP)
    result = {"fold": fold, "layers": layers, "cap_threshold": round(float(threshold), 3)}
    for name in ("ptc", "basil"):
        held = [u for u in sources[name] if u[2] == fold]
        s, gold = score(held), np.array([bool(u[1]) for u in held])
        best = max(f1(s >= q, gold) for q in np.quantile(s, np.linspace(0.5, 0.995, 100)))
        result[name] = {"capped": round(float(f1(s >= threshold, gold)), 3),
                        "best": round(float(best), 3)}
    print(json.dumps(result), flush=True)


def fine_tuned(a, model, sources, cnndm):
    tok = BertTokenizerFast.from_pretrained(str(model), clean_up_tokenization_spaces=True)
    base = BertModel.from_pretrained(str(model))
    train = [u for name in ("ptc", "basil", "msrp") for u in sources[name] if u[2] != a.fold]

    def encode(units):
        enc = tok([u[0] for u in units], padding=True, truncation=True, max_length=96,
                  return_tensors="pt", return_offsets_mapping=True)
        off = enc.pop("offset_mapping")
        real = off[:, :, 1] > off[:, :, 0]
        gold = torch.zeros(off.shape[:2])
        for j, (_, spans, _) in enumerate(units):
            for s, e in spans:
                gold[j] = torch.maximum(gold[j], ((off[j, :, 0] < e) & (off[j, :, 1] > s) & real[j]).float())
        return enc, gold, real.float()

    for p in base.parameters():
        p.requires_grad = False
    tuned = [p for layer in base.encoder.layer[6 - a.layers:] for p in layer.parameters()]
    for p in tuned:
        p.requires_grad = True
    head = torch.nn.Sequential(torch.nn.Dropout(0.1), torch.nn.Linear(base.config.hidden_size, 1))
    opt = torch.optim.AdamW([{"params": tuned, "lr": 3e-5},
                             {"params": list(head.parameters()), "lr": 1e-3}], weight_decay=0.01)
    order = sorted(range(len(train)), key=lambda i: len(train[i][0]))
    batches = [order[b:b + 32] for b in range(0, len(order), 32)]
    steps = len(batches) * a.epochs
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, s / 50) * max(0.0, 1 - s / steps))
    started, step = time.time(), 0
    base.train()
    for _ in range(a.epochs):
        random.shuffle(batches)
        for batch in batches:
            enc, gold, real = encode([train[i] for i in batch])
            logit = head(base(**enc).last_hidden_state).squeeze(-1)
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                logit, gold, pos_weight=torch.tensor(8.0), reduction="none")
            loss = (loss * real).sum() / real.sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            step += 1
            if step % 100 == 0:
                print(f"step {step}/{steps} loss {loss.item():.3f} {time.time() - started:.0f} s",
                      file=sys.stderr, flush=True)
    base.eval()
    head.eval()

    def score(units):
        out = np.zeros(len(units))
        order = sorted(range(len(units)), key=lambda i: len(units[i][0]))
        with torch.inference_mode():
            for b in range(0, len(order), 64):
                idx = order[b:b + 64]
                enc, _, real = encode([units[i] for i in idx])
                p = torch.sigmoid(head(base(**enc).last_hidden_state).squeeze(-1)) * real
                out[idx] = p.max(1).values.numpy()
        return out

    return score


def frozen(a, model, sources, cnndm):
    """One tagger of train_loaded.py's recipe on its cached frozen states."""
    sentiment = ROOT / "models/sentiment"
    first = json.loads((sentiment / "head.json").read_text())["branch"]["first_layer"]
    tok = BertTokenizerFast.from_pretrained(str(model), clean_up_tokenization_spaces=True)
    base = BertModel.from_pretrained(str(model)).eval()
    head_file = sentiment / "head.safetensors"
    branch = load_branch(base, head_file, first)
    key = hashlib.sha256((sha256(model / "model.safetensors")
                          + sha256(head_file)).encode()).hexdigest()[:16]
    cache = ROOT / "target/newslens-cache" / f"loaded-features-{key}"
    cache.mkdir(parents=True, exist_ok=True)
    units = dict(sources, cnndm=cnndm)
    feats = {name: tl.features(base, branch, first, tok, units[name], cache / f"{name}.pt")
             for name in ("ptc", "basil", "cnndm")}
    xs, ys = zip(*(tl.stack(feats[name], [i for i, u in enumerate(units[name]) if u[2] != a.fold])
                   for name in ("ptc", "basil")))
    opts = argparse.Namespace(hidden=128, epochs=3, batch_size=256, learning_rate=1e-3,
                              weight_decay=0.01, dropout=0.2, balance=0.5)
    tensors = merge_heads([tl.train_tagger(opts, 42, torch.cat(xs), torch.cat(ys))])
    states_of = {id(u): f[0] for name in feats for u, f in zip(units[name], feats[name])}

    def score(held):
        out = np.zeros(len(held))
        with torch.no_grad():
            for j, u in enumerate(held):
                states = states_of[id(u)].float()
                out[j] = float(tl.run(tensors, states).max()) if len(states) else 0.0
        return out

    return score


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--fold", type=int, required=True)
    p.add_argument("--layers", type=int, default=6, help="top layers fine-tuned; 0 = frozen")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--data", default=str(ROOT / "../shared/data"))
    a = p.parse_args()
    torch.manual_seed(0)
    random.seed(0)
    torch.set_num_threads(2)
    data, model = pathlib.Path(a.data), ROOT / "models/all-MiniLM-L6-v2"
    sources = {"ptc": tl.read_ptc(data / "ptc"),
               "basil": tl.read_basil(data / "basil/articles.jsonl"),
               "msrp": tl.read_msrp(data / "msrp/test.tsv")}
    cnndm = cnndm_sentences(data / "cnndm/dev.source")
    build = fine_tuned if a.layers else frozen
    report(a.fold, a.layers, build(a, model, sources, cnndm), sources, cnndm)


if __name__ == "__main__":
    main()
