"""Train the target-tone head: negative/neutral/positive toward one mention in a sentence.

It reads what the embedded sentiment model already computes (scripts/train_sentiment.py):
the token states of the sentiment branch, MiniLM's top layers adapted for sentiment. For a
mention (a character span, with the further mentions of the same target in the sentence, e.g.
"she" for "Hillary Clinton"), the head sees the mean of the branch's states over the mention's
word pieces next to the mean over the whole sentence, so newslens gets it from the same pass
that gives the sentence's tone. The branch stays frozen; only the head (768 -> hidden -> 3) is
trained: K heads (`--ensemble`, seeds seed..seed+K-1), merged into one MLP whose
output is their mean logits, so that no one seed's luck decides.

Data: NewsMTSC train.jsonl, every target its own example (the sentences whose targets disagree
too). A tenth of its articles is held out for choices, the same tenth as the sentiment
training holds out. The devtest files are never read here; `cargo run --release --example
eval_targets` measures them through newslens's own code. Deterministic for a seed. Writes
target.safetensors + target.json into --out (next to head.safetensors) and prints the sizes
and sha256 that go into models/manifest.toml.

    bash scripts/train-target
"""
import argparse
import datetime
import hashlib
import json
import pathlib
import random
import sys
import time

import torch
from safetensors.torch import load_file, save_file
from transformers import BertModel, BertTokenizerFast

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from train_sentiment import (  # noqa: E402
    LINEARS, NORMS, get, held_out, read_targets, rerun_command, sha256, write_meta)


def load_branch(base, head_file, first):
    """MiniLM's layers from `first` up, with the sentiment branch's weights."""
    import copy
    tensors = load_file(head_file)
    layers = []
    for i in range(first, base.config.num_hidden_layers):
        layer = copy.deepcopy(base.encoder.layer[i])
        prefix = f"branch.layer.{i}"
        for name in LINEARS + NORMS:
            module = get(layer, name)
            module.weight.data.copy_(tensors[f"{prefix}.{name}.weight"])
            module.bias.data.copy_(tensors[f"{prefix}.{name}.bias"])
        layers.append(layer.eval())
    return layers


def features(base, branch, first, tok, rows, cache):
    """Per row: [mean branch state over the mention's word pieces, mean over the sentence]."""
    key = hashlib.sha256(json.dumps([(s, sp) for s, sp, *_ in rows]).encode()).hexdigest()[:16]
    cache = cache.with_name(f"{cache.stem}-{key}.pt")
    if cache.exists():
        return torch.load(cache)
    sentences = sorted({r[0] for r in rows})
    index = {s: i for i, s in enumerate(sentences)}
    states, offsets = [None] * len(sentences), [None] * len(sentences)
    started = time.time()
    with torch.inference_mode():
        for b in range(0, len(sentences), 64):
            batch = sentences[b : b + 64]
            enc = tok(batch, padding=True, truncation=True, max_length=256,
                      return_tensors="pt", return_offsets_mapping=True)
            spans = enc.pop("offset_mapping")
            h = base(**enc, output_hidden_states=True).hidden_states[first]
            additive = (1.0 - enc["attention_mask"].float())[:, None, None, :] \
                * torch.finfo(torch.float32).min
            for layer in branch:
                h = layer(h, attention_mask=additive)[0]
            for j in range(len(batch)):
                n = int(enc["attention_mask"][j].sum())
                states[b + j] = h[j, :n].clone()
                offsets[b + j] = spans[j, :n].clone()
    out = []
    for sentence, mention_spans, *_ in rows:
        i = index[sentence]
        h, off = states[i], offsets[i]
        inner = h[1:-1]
        sentence_mean = inner.mean(0) if len(inner) else h.mean(0)
        # Word pieces overlapping any of the target's mentions ([CLS]/[SEP] have (0, 0)).
        hit = torch.zeros(len(off), dtype=torch.bool)
        for start, end in mention_spans:
            hit |= (off[:, 0] < end) & (off[:, 1] > start) & (off[:, 1] > off[:, 0])
        mention = h[hit].mean(0) if hit.any() else sentence_mean
        out.append(torch.cat([mention, h.mean(0)]))
    out = torch.stack(out)
    print(f"features of {len(rows)} targets in {len(sentences)} sentences in "
          f"{time.time() - started:.0f} s", file=sys.stderr)
    cache.parent.mkdir(parents=True, exist_ok=True)
    torch.save(out, cache)
    return out


def fit_mlp(a, seed, x, outputs, loss_of):
    """One MLP (inputs -> hidden, ReLU -> outputs, dropout before each layer) fitted to
    minimise `loss_of(outputs for a batch, the batch's indices)`, seeded; in eval mode."""
    torch.manual_seed(seed)
    head = torch.nn.Sequential(
        torch.nn.Dropout(a.dropout),
        torch.nn.Linear(x.shape[1], a.hidden),
        torch.nn.ReLU(),
        torch.nn.Dropout(a.dropout),
        torch.nn.Linear(a.hidden, outputs),
    )
    opt = torch.optim.AdamW(head.parameters(), lr=a.learning_rate, weight_decay=a.weight_decay)
    for _ in range(a.epochs):
        head.train()
        order = torch.randperm(len(x))
        for b in range(0, len(order), a.batch_size):
            idx = order[b : b + a.batch_size]
            loss = loss_of(head(x[idx]), idx)
            opt.zero_grad()
            loss.backward()
            opt.step()
    return head.eval()


def train_head(a, seed, x_train, y_train, x_held, y_held):
    """One MLP (inputs -> hidden, ReLU -> 3) on the features, seeded."""
    head = fit_mlp(a, seed, x_train, 3,
                   lambda out, idx: torch.nn.functional.cross_entropy(out, y_train[idx]))
    with torch.no_grad():
        f1, per_class = macro_f1(head(x_held).argmax(-1), y_held)
    print(f"seed {seed}: held-out macro-F1 {f1:.4f} {[round(f, 3) for f in per_class]}",
          file=sys.stderr)
    return head


def merge_heads(heads):
    """K MLPs (Dropout, Linear, ReLU, Dropout, Linear) as one whose output is their mean
    logits: their hidden layers side by side, the output layer reading all of them, each
    weighed 1/K. The tensors to save, by name."""
    return {
        "hidden.weight": torch.cat([h[1].weight for h in heads], 0).detach().contiguous(),
        "hidden.bias": torch.cat([h[1].bias for h in heads], 0).detach().contiguous(),
        "output.weight": (torch.cat([h[4].weight for h in heads], 1) / len(heads))
        .detach().contiguous(),
        "output.bias": torch.stack([h[4].bias for h in heads]).mean(0).detach().contiguous(),
    }


def macro_f1(predicted, gold):
    f1s = []
    for c in range(3):
        tp = int(((predicted == c) & (gold == c)).sum())
        fp = int(((predicted == c) & (gold != c)).sum())
        fn = int(((predicted != c) & (gold == c)).sum())
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / 3, f1s


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", default=str(ROOT / "models/all-MiniLM-L6-v2"))
    p.add_argument("--sentiment", default=str(ROOT / "models/sentiment"))
    p.add_argument("--news", default=str(ROOT / "../shared/data/newsmtsc"))
    p.add_argument("--out", default=str(ROOT / "models/sentiment"))
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--ensemble", type=int, default=5,
                   help="heads trained with seeds seed..seed+K-1, their logits averaged")
    p.add_argument("--epochs", type=int, default=5)
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--learning-rate", type=float, default=1e-3)
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--dropout", type=float, default=0.2)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.manual_seed(a.seed)
    random.seed(a.seed)
    torch.set_num_threads(a.threads)

    meta = json.loads((pathlib.Path(a.sentiment) / "head.json").read_text())
    first = meta["branch"]["first_layer"]
    if meta["branch"]["rank"] != 0:
        sys.exit("the target head reads a branch stored whole (rank 0)")
    rows = read_targets(pathlib.Path(a.news) / "train.jsonl")
    held = [r for r in rows if held_out(r[3])]
    train = [r for r in rows if not held_out(r[3])]
    print(f"targets: {len(train)} train, {len(held)} held out", file=sys.stderr)

    tok = BertTokenizerFast.from_pretrained(a.model, clean_up_tokenization_spaces=True)
    base = BertModel.from_pretrained(a.model).eval()
    head_file = pathlib.Path(a.sentiment) / "head.safetensors"
    branch = load_branch(base, head_file, first)
    key = hashlib.sha256((sha256(pathlib.Path(a.model) / "model.safetensors")
                          + sha256(head_file)).encode()).hexdigest()[:16]
    cache = ROOT / "target/newslens-cache" / f"target-features-{key}"
    cache.mkdir(parents=True, exist_ok=True)
    x_train = features(base, branch, first, tok, train, cache / "train.pt")
    x_held = features(base, branch, first, tok, held, cache / "held.pt")
    y_train = torch.tensor([r[2] for r in train])
    y_held = torch.tensor([r[2] for r in held])

    width = x_train.shape[1]
    started = time.time()
    heads = [train_head(a, a.seed + k, x_train, y_train, x_held, y_held)
             for k in range(a.ensemble)]
    merged = merge_heads(heads)
    with torch.no_grad():
        hidden = torch.relu(x_held @ merged["hidden.weight"].t() + merged["hidden.bias"])
        logits = hidden @ merged["output.weight"].t() + merged["output.bias"]
        f1, per_class = macro_f1(logits.argmax(-1), y_held)
    print(f"ensemble of {len(heads)}: held-out macro-F1 {f1:.4f} "
          f"{[round(f, 3) for f in per_class]}; trained in {time.time() - started:.0f} s",
          file=sys.stderr)

    out = pathlib.Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    save_file(merged, out / "target.safetensors")
    command = rerun_command("train-target", a, (
        "hidden", "ensemble", "epochs", "batch_size", "learning_rate", "weight_decay",
        "dropout", "seed"))
    target_meta = {
        "inputs": width,
        "hidden": a.hidden * a.ensemble,
        "reads": "mean branch state over the mention's word pieces, then over the sentence",
        "sentiment_head_sha256": sha256(head_file),
        "provenance": {
            "train_data": [["../shared/data/newsmtsc/train.jsonl", len(train)]],
            "heldout_targets": len(held),
            "heldout_macro_f1": round(f1, 6),
            "seed": a.seed,
            "ensemble": a.ensemble,
            "epochs": a.epochs,
            "trained_on": f"{datetime.date.today()} (torch {torch.__version__})",
            "command": command,
        },
    }
    write_meta(out, "target.json", target_meta, "target.safetensors")


if __name__ == "__main__":
    main()
