"""Train the embedded sentiment model: the top layers of all-MiniLM-L6-v2, fine-tuned as a
sentiment branch, and a small head on the branch's mean-pooled states.

The shared encoder runs MiniLM's layers up to `--layers` from the top once per sentence; the
sentence embedding continues through the original top layers, the sentiment through the
branch (the same layers, adapted). Only the branch is trained: every matrix of those layers
whole (`--rank 0`, the default) or as low-rank updates (LoRA, `--rank N`), plus their biases
and layer norms, and the head.
The lower layers' outputs are computed once and cached under target/newslens-cache/.

Data: SST-2 train (binary: negative/positive), the 3-class tweets of
scripts/training_data.py (negative/neutral/positive), every tenth tweet held out, and
NewsMTSC train (sentences from political news with the sentiment toward each named
target; a sentence whose targets all agree carries that label, the others are left out),
a tenth of its articles held out for choices. SST-2 is movie-review phrases labelled only
for *which* polarity, so its loss compares the negative and positive outputs alone and
never teaches that a plain statement is polar; the 3-class sets teach neutral.
`--news-weight` repeats each news sentence's loss (news is the product's domain).
`--target-weight` (default 1) adds, at every step, the loss of tone toward 8 NewsMTSC targets
(every target of the training articles, disagreeing sentences included), read by a head on
the branch's states over the target's mentions next to the sentence's, so that the branch's
token states learn who a sentence is about (scripts/train_target.py then trains the committed
target head on the frozen branch); 0 trains as before it.
The NewsMTSC devtest files are never read here. Deterministic for a seed. Writes head.safetensors + head.json (provenance) into --out and
prints the sizes and sha256 that go into models/manifest.toml.

    bash scripts/train-sentiment            # installs torch into target/bench-venv first
"""
import argparse
import datetime
import hashlib
import json
import math
import pathlib
import random
import sys
import time

import torch
from safetensors.torch import save_file
from transformers import BertModel, BertTokenizerFast

ROOT = pathlib.Path(__file__).resolve().parent.parent
CLASSES = {"0": 0, "negative": 0, "neutral": 1, "1": 2, "positive": 2}
LINEARS = [
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
]
NORMS = ["attention.output.LayerNorm", "output.LayerNorm"]


def read_labelled(path, header):
    rows = []
    with open(path, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if header and i == 0:
                continue
            sentence, _, label = line.rstrip("\n").rpartition("\t")
            if sentence.strip() and label.strip() in CLASSES:
                rows.append((sentence.strip(), CLASSES[label.strip()]))
    return rows


POLARITY = {2.0: 0, 4.0: 1, 6.0: 2}


def read_news(path):
    """NewsMTSC sentences whose targets all agree: (sentence, class, article)."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            labels = {t["polarity"] for t in r["targets"]}
            if len(labels) != 1:
                continue
            # primary_gid: SOURCE_ARTICLE_..._TARGET_FROM_TO; the first three fields name the article.
            article = "_".join(r["primary_gid"].split("_")[:3])
            rows.append((r["sentence_normalized"].strip(), POLARITY[labels.pop()], article))
    return rows


def read_targets(path):
    """(sentence, [char spans of the target], class, article) for every NewsMTSC target."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            article = "_".join(r["primary_gid"].split("_")[:3])
            for t in r["targets"]:
                spans = [(t["from"], t["to"])] + [
                    (m["from"], m["to"]) for m in t.get("further_mentions", [])]
                rows.append((r["sentence_normalized"], spans, POLARITY[t["polarity"]], article))
    return rows


def held_out(article):
    """A tenth of the articles, chosen by a hash of their name (stable across runs)."""
    return int(hashlib.sha256(article.encode()).hexdigest(), 16) % 10 == 0


def macro_f1(probs, rows):
    f1s = []
    for c in range(3):
        tp = sum(1 for pr, (_, y, *_) in zip(probs, rows) if int(pr.argmax()) == c and y == c)
        fp = sum(1 for pr, (_, y, *_) in zip(probs, rows) if int(pr.argmax()) == c and y != c)
        fn = sum(1 for pr, (_, y, *_) in zip(probs, rows) if int(pr.argmax()) != c and y == c)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / 3, f1s


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def rerun_command(script, a, keys):
    """The command that reruns scripts/SCRIPT with the arguments `keys` of `a` as given."""
    return f"bash scripts/{script} " + " ".join(
        f"--{k.replace('_', '-')} {v}" for k, v in vars(a).items() if k in keys)


def write_meta(out, name, meta, weights):
    """Writes `meta` as JSON to out/name and prints the size and sha256 of it and of the
    weights file beside it, for models/manifest.toml."""
    (out / name).write_text(json.dumps(meta, indent=2) + "\n")
    for file in (name, weights):
        path = out / file
        print(f"{path}: {path.stat().st_size} bytes, sha256 {sha256(path)}")


class LoRALinear(torch.nn.Module):
    """A frozen linear layer plus a trained low-rank update B @ A."""

    def __init__(self, linear, rank):
        super().__init__()
        self.linear = linear
        linear.weight.requires_grad_(False)
        self.lora_a = torch.nn.Parameter(torch.randn(rank, linear.in_features) * 0.01)
        self.lora_b = torch.nn.Parameter(torch.zeros(linear.out_features, rank))

    def forward(self, x):
        return self.linear(x) + (x @ self.lora_a.t()) @ self.lora_b.t()


def get(module, dotted):
    for part in dotted.split("."):
        module = getattr(module, part)
    return module


def set_(module, dotted, value):
    *parents, last = dotted.split(".")
    for part in parents:
        module = getattr(module, part)
    setattr(module, last, value)


def lower_states(model, tok, sentences, upto, cache):
    """Hidden states after layer `upto` (0 = embeddings), one f16 tensor per sentence,
    cached under a name that hashes the sentences themselves."""
    key = hashlib.sha256("\n".join(sentences).encode()).hexdigest()[:16]
    cache = cache.with_name(f"{cache.stem}-{key}.pt")
    if cache.exists():
        return torch.load(cache)
    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
    states = [None] * len(sentences)
    started = time.time()
    with torch.inference_mode():
        for b in range(0, len(order), 128):
            idx = order[b : b + 128]
            enc = tok([sentences[i] for i in idx], padding=True, truncation=True,
                      max_length=256, return_tensors="pt")
            hidden = model(**enc, output_hidden_states=True).hidden_states[upto]
            for j, i in enumerate(idx):
                n = int(enc["attention_mask"][j].sum())
                states[i] = hidden[j, :n].to(torch.float16).clone()
    print(f"cached lower states of {len(sentences)} sentences in {time.time() - started:.0f} s",
          file=sys.stderr)
    cache.parent.mkdir(parents=True, exist_ok=True)
    torch.save(states, cache)
    return states


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", default=str(ROOT / "models/all-MiniLM-L6-v2"))
    p.add_argument("--sst2", default=str(ROOT / "../shared/data/sst2"))
    p.add_argument("--tweets", default=str(ROOT / "target/training-data/tweets-3class.tsv"))
    p.add_argument("--news", default=str(ROOT / "../shared/data/newsmtsc"))
    p.add_argument("--news-weight", type=float, default=3.0)
    p.add_argument("--target-weight", type=float, default=1.0,
                   help="also train the branch for tone toward each NewsMTSC target "
                        "(its mentions' states next to the sentence's), this loss weighted so")
    p.add_argument("--out", default=str(ROOT / "models/sentiment"))
    p.add_argument("--layers", type=int, default=2)
    p.add_argument("--rank", type=int, default=0)
    p.add_argument("--hidden", type=int, default=256)
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--learning-rate", type=float, default=1e-4)
    p.add_argument("--head-learning-rate", type=float, default=1e-3)
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.manual_seed(a.seed)
    random.seed(a.seed)
    torch.set_num_threads(a.threads)

    sst_train = read_labelled(pathlib.Path(a.sst2) / "train.tsv", header=True)
    sst_dev = read_labelled(pathlib.Path(a.sst2) / "dev.tsv", header=True)
    tweets = read_labelled(a.tweets, header=False)
    held = [t for i, t in enumerate(tweets) if i % 10 == 9]
    tweets_train = [t for i, t in enumerate(tweets) if i % 10 != 9]
    news = read_news(pathlib.Path(a.news) / "train.jsonl") if a.news_weight > 0 else []
    news_held = [r for r in news if held_out(r[2])]
    news_train = [r for r in news if not held_out(r[2])]
    train = sst_train + tweets_train + [(s_, y) for s_, y, _ in news_train]
    # Per example: whether only the polar outputs are compared (SST-2), and its weight.
    binary = torch.tensor([True] * len(sst_train) + [False] * (len(train) - len(sst_train)))
    weights = torch.tensor([1.0] * (len(sst_train) + len(tweets_train))
                           + [a.news_weight] * len(news_train))
    print(f"train: {len(sst_train)} SST-2 + {len(tweets_train)} tweets + {len(news_train)} "
          f"NewsMTSC (weight {a.news_weight}); dev: {len(sst_dev)} SST-2, {len(held)} held-out "
          f"tweets, {len(news_held)} held-out NewsMTSC", file=sys.stderr)

    tok = BertTokenizerFast.from_pretrained(a.model, clean_up_tokenization_spaces=True)
    base = BertModel.from_pretrained(a.model).eval()
    total = base.config.num_hidden_layers
    first = total - a.layers
    key = hashlib.sha256()
    key.update(sha256(pathlib.Path(a.model) / "model.safetensors").encode())
    key.update(str(first).encode())
    cache = ROOT / "target/newslens-cache" / f"sentiment-states-{key.hexdigest()[:16]}"
    cache.mkdir(parents=True, exist_ok=True)
    x_train = (lower_states(base, tok, [s for s, _ in sst_train], first, cache / "sst2.pt")
               + lower_states(base, tok, [s for s, _ in tweets_train], first, cache / "tweets.pt")
               + (lower_states(base, tok, [r[0] for r in news_train], first, cache / "news.pt")
                  if news_train else []))
    x_dev = lower_states(base, tok, [s for s, _ in sst_dev], first, cache / "dev.pt")
    x_held = lower_states(base, tok, [s for s, _ in held], first, cache / "held.pt")
    x_news_held = (lower_states(base, tok, [r[0] for r in news_held], first, cache / "news-held.pt")
                   if news_held else [])

    # Tone toward each target (--target-weight): every NewsMTSC train target outside the
    # held-out tenth, its sentence's states and which word pieces its mentions cover.
    targets, target_rows = [], []
    if a.target_weight > 0:
        for sentence, spans, label, article in read_targets(pathlib.Path(a.news) / "train.jsonl"):
            if not held_out(article):
                targets.append((sentence, spans, label))
        sentences = sorted({t[0] for t in targets})
        x_sent = lower_states(base, tok, sentences, first, cache / "target-sentences.pt")
        index = {s_: i for i, s_ in enumerate(sentences)}
        offsets = tok(sentences, truncation=True, max_length=256,
                      return_offsets_mapping=True)["offset_mapping"]
        for sentence, spans, label in targets:
            i = index[sentence]
            off = torch.tensor(offsets[i])
            hit = torch.zeros(len(off), dtype=torch.bool)
            for start, end in spans:
                hit |= (off[:, 0] < end) & (off[:, 1] > start) & (off[:, 1] > off[:, 0])
            if not hit.any():
                hit = off[:, 1] > off[:, 0]
            target_rows.append((i, hit, label))
        print(f"targets: {len(target_rows)} in {len(sentences)} sentences, weight "
              f"{a.target_weight}", file=sys.stderr)

    branch = torch.nn.ModuleList([base.encoder.layer[i] for i in range(first, total)])
    for p_ in branch.parameters():
        p_.requires_grad_(True)
    # --rank 0 fine-tunes the branch's matrices whole instead of through low-rank updates.
    if a.rank > 0:
        for layer in branch:
            for name in LINEARS:
                set_(layer, name, LoRALinear(get(layer, name), a.rank))
    head = torch.nn.Sequential(
        torch.nn.Dropout(0.1),
        torch.nn.Linear(base.config.hidden_size, a.hidden),
        torch.nn.ReLU(),
        torch.nn.Linear(a.hidden, 3),
    )
    # Created only when trained, so that without it the run is the same as before it.
    target_head = torch.nn.Sequential(
        torch.nn.Dropout(0.1),
        torch.nn.Linear(2 * base.config.hidden_size, a.hidden),
        torch.nn.ReLU(),
        torch.nn.Linear(a.hidden, 3),
    ) if targets else torch.nn.Sequential()
    trainable = [q for q in branch.parameters() if q.requires_grad]
    opt = torch.optim.AdamW([
        {"params": trainable, "lr": a.learning_rate},
        {"params": list(head.parameters()) + list(target_head.parameters()),
         "lr": a.head_learning_rate},
    ], weight_decay=a.weight_decay)

    def batches(states, indices, size):
        indices = sorted(indices, key=lambda i: states[i].shape[0])
        return [indices[i : i + size] for i in range(0, len(indices), size)]

    def forward(states, batch):
        width = max(states[i].shape[0] for i in batch)
        h = torch.zeros(len(batch), width, base.config.hidden_size)
        mask = torch.zeros(len(batch), width)
        for j, i in enumerate(batch):
            n = states[i].shape[0]
            h[j, :n] = states[i].float()
            mask[j, :n] = 1
        additive = (1.0 - mask)[:, None, None, :] * torch.finfo(torch.float32).min
        for layer in branch:
            h = layer(h, attention_mask=additive)[0]
        pooled = (h * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
        return head(pooled)

    def forward_targets(batch):
        """Target-head logits for target rows `batch` (indices into target_rows)."""
        rows = [target_rows[k] for k in batch]
        width = max(x_sent[i].shape[0] for i, _, _ in rows)
        h = torch.zeros(len(rows), width, base.config.hidden_size)
        mask = torch.zeros(len(rows), width)
        pool = torch.zeros(len(rows), width)
        for j, (i, hit, _) in enumerate(rows):
            n = x_sent[i].shape[0]
            h[j, :n] = x_sent[i].float()
            mask[j, :n] = 1
            pool[j, :n] = hit.float() / hit.sum()
        additive = (1.0 - mask)[:, None, None, :] * torch.finfo(torch.float32).min
        for layer in branch:
            h = layer(h, attention_mask=additive)[0]
        sentence = (h * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
        mention = (h * pool[..., None]).sum(1)
        return target_head(torch.cat([mention, sentence], 1))

    target_order = []

    def evaluate(states, rows):
        branch.eval()
        head.eval()
        probs = [None] * len(rows)
        with torch.no_grad():
            for batch in batches(states, range(len(rows)), 128):
                out = forward(states, batch).softmax(-1)
                for j, i in enumerate(batch):
                    probs[i] = out[j]
        branch.train()
        head.train()
        return probs

    steps = a.epochs * math.ceil(len(train) / a.batch_size)
    warmup = min(200, steps // 10 + 1)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / warmup) * max(0.0, 1.0 - s / steps))
    labels = torch.tensor([y for _, y in train])
    started = time.time()
    branch.train()
    head.train()
    for epoch in range(a.epochs):
        order = batches(x_train, range(len(train)), a.batch_size)
        random.shuffle(order)
        for k, batch in enumerate(order):
            logits = forward(x_train, batch)
            target = labels[batch]
            # SST-2: negative against positive only; the rest: all three classes.
            polar = logits[:, [0, 2]].logsumexp(-1)
            full = logits.logsumexp(-1)
            chosen = logits.gather(1, target[:, None])[:, 0]
            per_example = torch.where(binary[batch], polar, full) - chosen
            loss = (per_example * weights[batch]).sum() / weights[batch].sum()
            if target_rows:
                if not target_order:
                    target_order.extend(random.sample(range(len(target_rows)), len(target_rows)))
                tb = [target_order.pop() for _ in range(min(8, len(target_order)))]
                gold = torch.tensor([target_rows[k][2] for k in tb])
                loss = loss + a.target_weight * torch.nn.functional.cross_entropy(
                    forward_targets(tb), gold)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            if k % 500 == 0:
                print(f"epoch {epoch} batch {k}/{len(order)} loss {loss.item():.3f} "
                      f"{time.time() - started:.0f} s", file=sys.stderr)

    dev = evaluate(x_dev, sst_dev)
    correct = sum((int(pr[2] > pr[0]) * 2 == y) for pr, (_, y) in zip(dev, sst_dev))
    neutral = sum(int(pr.argmax()) == 1 for pr in dev)
    held_probs = evaluate(x_held, held)
    held_correct = sum(int(pr.argmax()) == y for pr, (_, y) in zip(held_probs, held))
    accuracy = correct / len(sst_dev)
    news_f1, news_class_f1 = (macro_f1(evaluate(x_news_held, news_held), news_held)
                              if news_held else (None, []))
    print(f"SST-2 dev accuracy {accuracy:.4f}, neutral share {neutral / len(sst_dev):.4f}, "
          f"held-out tweets 3-class {held_correct / len(held):.4f}, "
          f"held-out NewsMTSC macro-F1 {news_f1 if news_f1 is None else round(news_f1, 4)} "
          f"(per class {[round(f, 3) for f in news_class_f1]}), "
          f"trained in {time.time() - started:.0f} s", file=sys.stderr)

    # The branch as tensors: each matrix's low-rank update, every bias and layer norm.
    tensors = {}
    for offset, layer in enumerate(branch):
        prefix = f"branch.layer.{first + offset}"
        for name in LINEARS:
            module = get(layer, name)
            if a.rank > 0:
                tensors[f"{prefix}.{name}.lora_a"] = module.lora_a.detach()
                tensors[f"{prefix}.{name}.lora_b"] = module.lora_b.detach()
                module = module.linear
            else:
                tensors[f"{prefix}.{name}.weight"] = module.weight.detach()
            tensors[f"{prefix}.{name}.bias"] = module.bias.detach()
        for name in NORMS:
            norm = get(layer, name)
            tensors[f"{prefix}.{name}.weight"] = norm.weight.detach()
            tensors[f"{prefix}.{name}.bias"] = norm.bias.detach()
    tensors["hidden.weight"] = head[1].weight.detach()
    tensors["hidden.bias"] = head[1].bias.detach()
    tensors["output.weight"] = head[3].weight.detach()
    tensors["output.bias"] = head[3].bias.detach()
    out = pathlib.Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    save_file({k: v.contiguous().float() for k, v in tensors.items()}, out / "head.safetensors")
    command = rerun_command("train-sentiment", a, (
        "layers", "rank", "hidden", "epochs", "batch_size", "learning_rate",
        "head_learning_rate", "weight_decay", "news_weight", "target_weight", "seed"))
    meta = {
        "embedding_model": "all-MiniLM-L6-v2",
        "inputs": base.config.hidden_size,
        "hidden": a.hidden,
        "branch": {"first_layer": first, "rank": a.rank},
        "provenance": {
            "train_data": [["../shared/data/sst2/train.tsv", len(sst_train)],
                           ["target/training-data/tweets-3class.tsv", len(tweets_train)]]
                          + ([["../shared/data/newsmtsc/train.jsonl", len(news_train)]]
                             if news_train else []),
            "dev_data": "../shared/data/sst2/dev.tsv",
            "dev_accuracy": round(accuracy, 6),
            "dev_neutral_share": round(neutral / len(sst_dev), 6),
            "heldout_3class_accuracy": round(held_correct / len(held), 6),
            "heldout_news_macro_f1": None if news_f1 is None else round(news_f1, 6),
            "news_weight": a.news_weight,
            "target_weight": a.target_weight,
            "seed": a.seed,
            "epochs": a.epochs,
            "batch_size": a.batch_size,
            "learning_rate": a.learning_rate,
            "weight_decay": a.weight_decay,
            "trained_on": f"{datetime.date.today()} (torch {torch.__version__})",
            "command": command,
        },
    }
    write_meta(out, "head.json", meta, "head.safetensors")


if __name__ == "__main__":
    main()
