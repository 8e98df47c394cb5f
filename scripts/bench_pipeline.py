"""A straightforward Python pipeline doing what `newslens score` does, with the same
model and sentiment weights, for scripts/bench-pipeline-vs-python: split sentences; one
pass of MiniLM through transformers that gives the sentence embedding (mean-pooled,
normalised, as sentence-transformers does) and, from layer 4's states, newslens's
adapted top layers and head for sentiment; an MMR extractive summary; promotional
evidence from newslens's emotive lexicon, cue lexicon and tone direction; restatements by cosine;
repeated loaded two-word phrases. Prints articles/s and sentences/s.

Usage: bench_pipeline.py MODEL_DIR HEAD_DIR LEXICON.toml EMOTIVE.tsv TONE.json DEV.source THREADS [--all-at-once]
  Batches of 32 sentences sorted by length, as sentence-transformers' encode does: one
  call per article by default, or --all-at-once for every article's sentences together.
"""
import re
import sys
import time
import tomllib

import json

import numpy as np
import torch
from safetensors.torch import load_file
from transformers import BertModel, BertTokenizerFast

SPLIT = re.compile(r'(?<=[.!?])\s+(?=[A-Z0-9"\'“‘])')


LINEARS = ["attention.self.query", "attention.self.key", "attention.self.value",
           "attention.output.dense", "intermediate.dense", "output.dense"]


def branch_layers(model, head, first):
    """Copies of the top layers with newslens's low-rank updates merged in."""
    import copy
    layers = []
    for i in range(first, model.config.num_hidden_layers):
        layer = copy.deepcopy(model.encoder.layer[i])
        state = {}
        for name in LINEARS:
            p = f"branch.layer.{i}.{name}"
            base = layer.get_submodule(name).weight.detach()
            state[f"{name}.weight"] = base + head[f"{p}.lora_b"] @ head[f"{p}.lora_a"]
            state[f"{name}.bias"] = head[f"{p}.bias"]
        for name in ["attention.output.LayerNorm", "output.LayerNorm"]:
            state[f"{name}.weight"] = head[f"branch.layer.{i}.{name}.weight"]
            state[f"{name}.bias"] = head[f"branch.layer.{i}.{name}.bias"]
        result = layer.load_state_dict(state, strict=False)
        assert not result.unexpected_keys, result.unexpected_keys
        layers.append(layer.eval())
    return layers


def encode(tok, model, branch, first, sentences, direction, window):
    """Embeddings, the branch's pooled states and each sentence's peak projection on
    `direction` (the best window of `window` word pieces, [CLS] and [SEP] left out),
    batches of 32 sorted by length."""
    order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
    emb = np.zeros((len(sentences), model.config.hidden_size), dtype=np.float32)
    feat = np.zeros_like(emb)
    peak = np.full(len(sentences), np.nan, dtype=np.float32)
    with torch.inference_mode():
        for b in range(0, len(order), 32):
            idx = order[b:b + 32]
            enc = tok([sentences[i] for i in idx], padding=True, truncation=True,
                      max_length=256, return_tensors="pt")
            out = model(**enc, output_hidden_states=True)
            mask = enc["attention_mask"].unsqueeze(-1).float()
            pooled = (out.last_hidden_state * mask).sum(1) / mask.sum(1)
            emb[idx] = torch.nn.functional.normalize(pooled, dim=-1).numpy()
            additive = (1.0 - mask.squeeze(-1))[:, None, None, :] * torch.finfo(torch.float32).min
            h = out.hidden_states[first]
            for layer in branch:
                h = layer(h, attention_mask=additive)[0]
            feat[idx] = ((h * mask).sum(1) / mask.sum(1)).numpy()
            lengths = enc["attention_mask"].sum(1)
            inner = enc["attention_mask"].float().clone()
            inner[:, 0] = 0
            inner[torch.arange(len(idx)), lengths - 1] = 0
            w = min(window, inner.shape[1])
            sums = (out.last_hidden_state * inner.unsqueeze(-1)).unfold(1, w, 1).sum(-1)
            counts = inner.unfold(1, w, 1).sum(-1)
            valid = (counts == (lengths - 2).clamp(0, w)[:, None]) & (counts > 0)
            means = torch.nn.functional.normalize(sums / counts.clamp(min=1).unsqueeze(-1), dim=-1)
            projections = (means @ direction).masked_fill(~valid, float("-inf"))
            peak[idx] = projections.max(1).values.numpy()
    peak[~np.isfinite(peak)] = np.nan
    return emb, feat, peak


def main():
    model_dir, head_dir, lexicon_path, emotive_path, tone_path, source, threads = sys.argv[1:8]
    all_at_once = "--all-at-once" in sys.argv
    torch.set_num_threads(int(threads))
    tok = BertTokenizerFast.from_pretrained(model_dir, clean_up_tokenization_spaces=True)
    model = BertModel.from_pretrained(model_dir).eval()
    head = load_file(f"{head_dir}/head.safetensors")
    first = json.load(open(f"{head_dir}/head.json"))["branch"]["first_layer"]
    branch = branch_layers(model, head, first)
    head = {k: v.numpy() for k, v in head.items()}
    with open(lexicon_path, "rb") as f:
        categories = tomllib.load(f)["categories"]
    cues = [
        (re.compile(r"\b(" + "|".join(re.escape(t) for t in sorted(c["terms"], key=len, reverse=True)) + r")\b", re.I),
         c["weight"], c["reason"])
        for c in categories.values() if c["terms"]
    ]
    emotive = {}
    for line in open(emotive_path, encoding="utf-8"):
        if not line.startswith("#") and "\t" in line:
            word, valence = line.rstrip("\n").split("\t")
            emotive[word] = float(valence)
    with open(tone_path, encoding="utf-8") as f:
        tone_direction = json.load(f)
    direction = np.array(tone_direction["direction"], dtype=np.float32)
    factual_mean = tone_direction["factual_mean"]
    promotional_mean = tone_direction["promotional_mean"]
    peak_scale = tone_direction["peak"]
    window = peak_scale["window"]
    direction_t = torch.from_numpy(direction)
    articles = [line for line in open(source, encoding="utf-8").read().split("\n") if line.strip()]
    encode(tok, model, branch, first, ["warm up"] * 8, direction_t, window)
    started = time.perf_counter()
    docs = [[s.strip() for s in SPLIT.split(a) if s.strip()] for a in articles]
    if all_at_once:
        flat = [s for d in docs for s in d]
        vectors, features, peaks = encode(tok, model, branch, first, flat, direction_t, window)
        embedded, at = [], 0
        for d in docs:
            end = at + len(d)
            embedded.append((vectors[at:end], features[at:end], peaks[at:end]))
            at = end
    else:
        embedded = [encode(tok, model, branch, first, d, direction_t, window) for d in docs]
    sentences = 0
    for sents, (e, features, peaks) in zip(docs, embedded):
        sentences += len(sents)
        # Sentiment: the MLP head on the branch's states, softmax, length-weighted.
        h = np.maximum(features @ head["hidden.weight"].T + head["hidden.bias"], 0)
        logits = h @ head["output.weight"].T + head["output.bias"]
        p = np.exp(logits - logits.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        lengths = np.array([len(s.split()) for s in sents], dtype=np.float32)
        doc_p = (p * lengths[:, None]).sum(0) / lengths.sum()
        # Summary: lead prior + centrality, MMR with a redundancy cut.
        sim = e @ e.T
        centroid = e.mean(0)
        relevance = 0.3 * (e @ centroid) + 0.7 / (1 + 0.2 * np.arange(len(sents)))
        chosen = []
        while len(chosen) < min(3, len(sents)):
            best, best_score = None, -1e9
            for i in range(len(sents)):
                if i in chosen or (chosen and sim[i, chosen].max() >= 0.8):
                    continue
                score = 0.85 * relevance[i] - 0.15 * (sim[i, chosen].max() if chosen else 0)
                if score > best_score:
                    best, best_score = i, score
            if best is None:
                break
            chosen.append(best)
        # Flags: emotive words and lexicon cues; restatements of an earlier sentence by
        # cosine and shared words; repeated loaded two-word phrases.
        # Tone: the position between newslens's factual (0) and promotional (1) examples,
        # of each sentence's peak window, else of the whole sentence.
        tone = (e @ direction - factual_mean) / (promotional_mean - factual_mean)
        peak_tone = (peaks - peak_scale["factual_mean"]) / (
            peak_scale["promotional_mean"] - peak_scale["factual_mean"])
        tone = np.where(np.isnan(peak_tone), tone, peak_tone)
        flags = []
        phrases = {}
        for i, s in enumerate(sents):
            hits = [(m.group(0), w, r) for rx, w, r in cues for m in rx.finditer(s)]
            words = re.findall(r"[A-Za-z][A-Za-z'-]*", s)
            valence = [abs(emotive.get(w.lower(), 0.0)) for w in words]
            evidence = sum(valence) + 4 * sum(w for _, w, _ in hits)
            evidence += 12 * max(0.0, tone[i] - 0.5)
            if evidence and 1 - 2 ** (-evidence / 17) >= 0.5:
                flags.append(("promotional", i, 1 - 2 ** (-evidence / 17)))
            for k in range(len(words) - 1):
                if (valence[k] or valence[k + 1]) and not words[k + 1][0].isupper():
                    phrases.setdefault((words[k].lower(), words[k + 1].lower()), []).append(i)
            if i:
                j = int(sim[i, :i].argmax())
                words_i, words_j = set(s.lower().split()), set(sents[j].lower().split())
                overlap = len(words_i & words_j) / max(1, min(len(words_i), len(words_j)))
                if sim[i, j] >= 0.85 and overlap >= 0.3:
                    flags.append(("repetitive", i, float(sim[i, j])))
        flags += [("phrase", i) for uses in phrases.values() if len(uses) > 1 for i in uses[1:]]
        _ = (doc_p, sorted(chosen), flags)
    seconds = time.perf_counter() - started
    mode = "all at once" if all_at_once else "one encode per article"
    print(f"python pipeline ({mode}), {threads} threads: {len(articles)} articles, {sentences} sentences "
          f"in {seconds:.2f} s, {len(articles) / seconds:.2f} articles/s, {sentences / seconds:.1f} sentences/s")


if __name__ == "__main__":
    main()
