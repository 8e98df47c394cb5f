"""Train the loaded-word tagger: for every word piece of a sentence, how likely a careful
editor would strike it as loaded wording ("phony", "assailed", "bombastic", "ripped the roof
off", "heroic").

It reads what newslens already computes in its one encoder pass: MiniLM's last token states
and those of the sentiment branch (MiniLM's top layers adapted for tone, see
scripts/train_sentiment.py), side by side (768 per word piece). Both models stay frozen; only
a small MLP (768 -> hidden -> 1) is trained: K of them (`--ensemble`, seeds seed..seed+K-1),
merged into one whose output is their mean logit.

Beside it, the **sentence probe**: a logistic regression on what newslens keeps of every
sentence anyway (the L2-normalised mean of MiniLM's last states, then the mean of the
branch's last states, over all tokens), predicting whether a sentence holds loaded wording.
It learns from the same annotated sentences, and from the sentences of MSRP
(../shared/data/msrp/test.tsv, newswire of 2004-5, unannotated) as straight news that holds
none: without them the probe, like the tagger, flags far more ordinary news. Saved in the
same file as `sentence.weight` and `sentence.bias` (standardisation folded in).

Data, labelled by others:
- the Propaganda Techniques Corpus (../shared/data/ptc, 250 articles, one sentence per line):
  a word piece is loaded when it lies in a Loaded_Language, Exaggeration,Minimisation,
  Flag-Waving or Slogans span;
- BASIL (../shared/data/basil/articles.jsonl, 150 articles = 50 events x 3 outlets): a word
  piece is loaded when it lies in a `lex` span (loaded wording in straight news).

Folds: PTC by article, BASIL by event (all three outlets of an event together), each article
or event in fold int(sha256(key)) % 5; `examples/eval_loaded.rs` uses the same rule.
`--cv` trains one tagger per fold on the other four (into OUT/fold-K/) and prints each fold's
sentence-level F1 of the tagger alone; `cargo run --release --example eval_loaded` measures
the flags through newslens's own code with those taggers. Without `--cv` the tagger is
trained on everything. Deterministic for a seed. Writes loaded.safetensors + loaded.json into
--out and prints the sizes and sha256 that go into models/manifest.toml.

    bash scripts/train-loaded [--cv]
"""
import argparse
import datetime
import hashlib
import json
import pathlib
import random
import re
import sys
import time

import numpy as np
import torch
from safetensors.torch import save_file
from sklearn.linear_model import LogisticRegression
from transformers import BertModel, BertTokenizerFast

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from train_sentiment import rerun_command, sha256, write_meta  # noqa: E402
from train_target import fit_mlp, load_branch, merge_heads  # noqa: E402

PROMOTIONAL = {"Loaded_Language", "Exaggeration,Minimisation", "Flag-Waving", "Slogans"}
FOLDS = 5
# Sentence ends inside a BASIL paragraph: ., ! or ? (and a closing quote) before a space and
# a capital or an opening quote. Good enough for training units; newslens's own segmenter
# decides the sentences it measures.
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z])")


def fold_of(key):
    return int(hashlib.sha256(key.encode()).hexdigest(), 16) % FOLDS


def read_ptc(folder):
    """(text, [loaded char spans in text], fold) for every non-empty line of every article."""
    units = []
    for path in sorted((folder / "articles").glob("article*.txt")):
        article = path.stem.removeprefix("article")
        text = path.read_text(encoding="utf-8")
        spans = []
        labels = folder / "labels" / f"article{article}.task2-TC.labels"
        if labels.exists():
            for line in labels.read_text(encoding="utf-8").splitlines():
                _, technique, start, end = line.split("\t")
                if technique in PROMOTIONAL:
                    spans.append((int(start), int(end)))
        start = 0
        for line in text.split("\n"):
            if line.strip():
                units.append(cut(line, start, spans, fold_of(article)))
            start += len(line) + 1
    return units


def read_basil(path):
    """(sentence, [lex char spans in it], fold) for every sentence of every article."""
    units = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            text, fold = r["text"], fold_of(r["event"])
            spans = [(s, e) for kind, s, e, _ in r["spans"] if kind == "lex"]
            start = 0
            for paragraph in text.split("\n"):
                at = 0
                for piece in SENTENCE_END.split(paragraph):
                    offset = paragraph.index(piece, at)
                    if piece.strip():
                        units.append(cut(piece, start + offset, spans, fold))
                    at = offset + len(piece)
                start += len(paragraph) + 1
    return units


def cut(text, start, spans, fold):
    """The unit `text` found at `start` of its article, with the spans inside it."""
    end = start + len(text)
    inside = [(max(s, start) - start, min(e, end) - start) for s, e in spans if s < end and e > start]
    return text, inside, fold


def features(base, branch, first, tok, units, cache):
    """Per unit: the word pieces' [last MiniLM state, last branch state] (fp16), their
    character offsets, and whether each lies in a loaded span."""
    key = hashlib.sha256(json.dumps([(t, s) for t, s, _ in units]).encode()).hexdigest()[:16]
    cache = cache.with_name(f"{cache.stem}-{key}.pt")
    if cache.exists():
        return torch.load(cache)
    out = [None] * len(units)
    order = sorted(range(len(units)), key=lambda i: len(units[i][0]))
    started = time.time()
    with torch.inference_mode():
        for b in range(0, len(order), 64):
            idx = order[b : b + 64]
            enc = tok([units[i][0] for i in idx], padding=True, truncation=True,
                      max_length=256, return_tensors="pt", return_offsets_mapping=True)
            offsets = enc.pop("offset_mapping")
            hidden = base(**enc, output_hidden_states=True).hidden_states
            h = hidden[first]
            additive = (1.0 - enc["attention_mask"].float())[:, None, None, :] \
                * torch.finfo(torch.float32).min
            for layer in branch:
                h = layer(h, attention_mask=additive)[0]
            states = torch.cat([hidden[-1], h], -1)
            for j, i in enumerate(idx):
                n = int(enc["attention_mask"][j].sum())
                off = offsets[j, 1 : n - 1]
                gold = torch.zeros(len(off), dtype=torch.bool)
                for s, e in units[i][1]:
                    gold |= (off[:, 0] < e) & (off[:, 1] > s)
                out[i] = (states[j, 1 : n - 1].half().clone(), off.clone(), gold)
    print(f"features of {len(units)} units in {time.time() - started:.0f} s", file=sys.stderr)
    cache.parent.mkdir(parents=True, exist_ok=True)
    torch.save(out, cache)
    return out


def read_msrp(path):
    """(sentence, [], fold) for every distinct sentence of MSRP: straight news, no spans."""
    sentences = set()
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) == 5:
            sentences.update(parts[3:5])
    return [(s, [], fold_of(s)) for s in sorted(sentences)]


def pooled(base, branch, first, tok, units, cache):
    """Per unit what newslens keeps of a sentence: the L2-normalised mean of MiniLM's last
    states and the mean of the branch's last states, over every token ([CLS], [SEP] too)."""
    key = hashlib.sha256(json.dumps([t for t, _, _ in units]).encode()).hexdigest()[:16]
    cache = cache.with_name(f"{cache.stem}-{key}.pt")
    if cache.exists():
        return torch.load(cache)
    out = torch.zeros(len(units), 2 * base.config.hidden_size)
    started = time.time()
    with torch.inference_mode():
        for b in range(0, len(units), 64):
            enc = tok([u[0] for u in units[b : b + 64]], padding=True, truncation=True,
                      max_length=256, return_tensors="pt")
            hidden = base(**enc, output_hidden_states=True).hidden_states
            h = hidden[first]
            additive = (1.0 - enc["attention_mask"].float())[:, None, None, :] \
                * torch.finfo(torch.float32).min
            for layer in branch:
                h = layer(h, attention_mask=additive)[0]
            mask = enc["attention_mask"].float().unsqueeze(-1)
            mean = (hidden[-1] * mask).sum(1) / mask.sum(1)
            mean = mean / mean.norm(dim=1, keepdim=True).clamp_min(1e-12)
            out[b : b + 64] = torch.cat([mean, (h * mask).sum(1) / mask.sum(1)], -1)
    print(f"pooled {len(units)} units in {time.time() - started:.0f} s", file=sys.stderr)
    torch.save(out, cache)
    return out


def train_probe(a, pools, sources, folds):
    """The sentence probe on the units of `folds`: annotated sentences with their label,
    MSRP's as negatives weighing `--probe-negatives` each. Its tensors, standardisation
    folded into the weights."""
    xs, ys, ws = [], [], []
    for name, units in sources.items():
        keep = [i for i, u in enumerate(units) if u[2] in folds]
        xs.append(pools[name][keep].double().numpy())
        ys.append(np.array([bool(units[i][1]) for i in keep]))
        ws.append(np.full(len(keep), a.probe_negatives if name == "msrp" else 1.0))
    x, y, w = np.concatenate(xs), np.concatenate(ys), np.concatenate(ws)
    mean, scale = x.mean(0), x.std(0) + 1e-6
    fit = LogisticRegression(C=a.probe_c, max_iter=5000).fit((x - mean) / scale, y, sample_weight=w)
    weight = fit.coef_[0] / scale
    bias = fit.intercept_[0] - float(weight @ mean)
    return {"sentence.weight": torch.tensor(weight, dtype=torch.float32)[None, :].contiguous(),
            "sentence.bias": torch.tensor([bias], dtype=torch.float32)}


def probe_f1(probe, pools, units, which, threshold=0.3):
    """Sentence F1 of the probe from `threshold` (where newslens counts it as evidence on
    its own) on the units `which`."""
    x = pools[which].float()
    p = torch.sigmoid(x @ probe["sentence.weight"][0] + probe["sentence.bias"][0])
    gold = torch.tensor([bool(units[i][1]) for i in which])
    predicted = p >= threshold
    tp = int((predicted & gold).sum())
    return 2 * tp / max(tp + int(predicted.sum()) + int(gold.sum()), 1)


def train_tagger(a, seed, x, y):
    """One MLP (inputs -> hidden, ReLU -> 1) on the word pieces, positives weighed
    (negatives/positives)^balance."""
    positive = float(y.sum())
    weight = torch.tensor((len(y) - positive) / max(positive, 1.0)) ** a.balance
    return fit_mlp(a, seed, x, 1, lambda out, idx: (
        torch.nn.functional.binary_cross_entropy_with_logits(
            out.squeeze(-1), y[idx], pos_weight=weight)))


def run(tensors, x):
    hidden = torch.relu(x @ tensors["hidden.weight"].t() + tensors["hidden.bias"])
    return torch.sigmoid(hidden @ tensors["output.weight"].t() + tensors["output.bias"]).squeeze(-1)


def stack(feats, which):
    x = torch.cat([feats[i][0] for i in which]).float()
    y = torch.cat([feats[i][2] for i in which]).float()
    return x, y


def sentence_f1(tensors, feats, units, which, threshold):
    """Sentence level: a unit is predicted loaded when a word piece reaches `threshold`,
    gold when it holds a loaded span."""
    tp = fp = fn = 0
    with torch.no_grad():
        for i in which:
            p = run(tensors, feats[i][0].float()) if len(feats[i][0]) else torch.zeros(0)
            predicted = bool(len(p)) and float(p.max()) >= threshold
            gold = bool(units[i][1])
            tp += predicted and gold
            fp += predicted and not gold
            fn += gold and not predicted
    return 2 * tp / max(2 * tp + fp + fn, 1)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", default=str(ROOT / "models/all-MiniLM-L6-v2"))
    p.add_argument("--sentiment", default=str(ROOT / "models/sentiment"))
    p.add_argument("--ptc", default=str(ROOT / "../shared/data/ptc"))
    p.add_argument("--basil", default=str(ROOT / "../shared/data/basil/articles.jsonl"))
    p.add_argument("--msrp", default=str(ROOT / "../shared/data/msrp/test.tsv"),
                   help="straight news for the sentence probe's negatives")
    p.add_argument("--probe-c", type=float, default=0.003,
                   help="the sentence probe's inverse L2 strength (on standardised inputs)")
    p.add_argument("--probe-negatives", type=float, default=2.0,
                   help="how much each MSRP sentence weighs in the probe")
    p.add_argument("--out", default=str(ROOT / "models/sentiment"))
    p.add_argument("--cv", action="store_true", help="one tagger per fold, into OUT/fold-K")
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--ensemble", type=int, default=3)
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--batch-size", type=int, default=256)
    p.add_argument("--learning-rate", type=float, default=1e-3)
    p.add_argument("--weight-decay", type=float, default=0.01)
    p.add_argument("--dropout", type=float, default=0.2)
    p.add_argument("--balance", type=float, default=0.5,
                   help="positive word pieces weigh (negatives/positives)^balance")
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.manual_seed(a.seed)
    random.seed(a.seed)
    torch.set_num_threads(a.threads)

    meta = json.loads((pathlib.Path(a.sentiment) / "head.json").read_text())
    first = meta["branch"]["first_layer"]
    sources = {"ptc": read_ptc(pathlib.Path(a.ptc)), "basil": read_basil(pathlib.Path(a.basil))}
    tok = BertTokenizerFast.from_pretrained(a.model, clean_up_tokenization_spaces=True)
    base = BertModel.from_pretrained(a.model).eval()
    head_file = pathlib.Path(a.sentiment) / "head.safetensors"
    branch = load_branch(base, head_file, first)
    key = hashlib.sha256((sha256(pathlib.Path(a.model) / "model.safetensors")
                          + sha256(head_file)).encode()).hexdigest()[:16]
    cache = ROOT / "target/newslens-cache" / f"loaded-features-{key}"
    cache.mkdir(parents=True, exist_ok=True)
    feats = {name: features(base, branch, first, tok, units, cache / f"{name}.pt")
             for name, units in sources.items()}
    probed = dict(sources, msrp=read_msrp(pathlib.Path(a.msrp)))
    pools = {name: pooled(base, branch, first, tok, units, cache / f"{name}-pooled.pt")
             for name, units in probed.items()}
    for name, units in sources.items():
        pieces = sum(len(f[2]) for f in feats[name])
        loaded = sum(int(f[2].sum()) for f in feats[name])
        print(f"{name}: {len(units)} units, {sum(bool(u[1]) for u in units)} with loaded "
              f"wording; {loaded} of {pieces} word pieces loaded", file=sys.stderr)

    def train(folds):
        xs, ys = zip(*(stack(feats[name], [i for i, u in enumerate(units) if u[2] in folds])
                       for name, units in sources.items()))
        x, y = torch.cat(xs), torch.cat(ys)
        tensors = merge_heads([train_tagger(a, a.seed + k, x, y) for k in range(a.ensemble)])
        return dict(tensors, **train_probe(a, pools, probed, folds)), len(y)

    out = pathlib.Path(a.out)
    started = time.time()
    if a.cv:
        thresholds = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]
        for k in range(FOLDS):
            tensors, _ = train([f for f in range(FOLDS) if f != k])
            row = []
            for name, units in sources.items():
                held = [i for i, u in enumerate(units) if u[2] == k]
                row.append(name + " " + " ".join(
                    f"{sentence_f1(tensors, feats[name], units, held, t):.3f}" for t in thresholds)
                    + f", probe from 0.3 {probe_f1(tensors, pools[name], units, held):.3f}")
            print(f"fold {k} (sentence F1 at {thresholds}): " + " | ".join(row), file=sys.stderr)
            save(a, tensors, out / f"fold-{k}", head_file, probed, k)
        print(f"{FOLDS} folds in {time.time() - started:.0f} s", file=sys.stderr)
    else:
        tensors, _ = train(set(range(FOLDS)))
        print(f"trained in {time.time() - started:.0f} s", file=sys.stderr)
        save(a, tensors, out, head_file, probed, None)


def save(a, tensors, out, head_file, sources, fold):
    out.mkdir(parents=True, exist_ok=True)
    save_file(tensors, out / "loaded.safetensors")
    command = rerun_command("train-loaded", a, (
        "hidden", "ensemble", "epochs", "batch_size", "learning_rate", "weight_decay",
        "dropout", "balance", "seed", "probe_c", "probe_negatives"))
    meta = {
        "inputs": int(tensors["hidden.weight"].shape[1]),
        "hidden": int(tensors["hidden.weight"].shape[0]),
        "reads": "each word piece's last MiniLM state, then its last sentiment-branch state",
        "sentence_probe": "sentence.weight, sentence.bias: a logistic regression on a sentence's "
                          "embedding, then the branch's mean states",
        "sentiment_head_sha256": sha256(head_file),
        "provenance": {
            "train_data": [[name, sum(u[2] != fold for u in units)]
                           for name, units in (("../shared/data/ptc", sources["ptc"]),
                                               ("../shared/data/basil/articles.jsonl",
                                                sources["basil"]),
                                               ("../shared/data/msrp/test.tsv (probe only)",
                                                sources["msrp"]))],
            "probe_c": a.probe_c,
            "probe_negatives": a.probe_negatives,
            "left_out_fold": fold,
            "folds": FOLDS,
            "seed": a.seed,
            "ensemble": a.ensemble,
            "epochs": a.epochs,
            "trained_on": f"{datetime.date.today()} (torch {torch.__version__})",
            "command": command,
        },
    }
    write_meta(out, "loaded.json", meta, "loaded.safetensors")


if __name__ == "__main__":
    main()
