"""A straightforward Python pipeline doing what `newslens score` does, with the same
model and head, for scripts/bench-pipeline-vs-python: split sentences, embed them
with sentence-transformers (one encode call per article, as its docs show), sentiment
with newslens's head weights, an MMR extractive summary, promotional cues from
newslens's lexicon, and restatements by cosine. Prints articles/s and sentences/s.

Usage: bench_pipeline.py MODEL_DIR HEAD.safetensors LEXICON.toml DEV.source THREADS [--all-at-once]
  --all-at-once embeds every article's sentences in one encode call (sorted by length
  inside sentence-transformers), the fastest way the library offers.
"""
import re
import sys
import time
import tomllib

import numpy as np
import torch
from safetensors.numpy import load_file
from sentence_transformers import SentenceTransformer

SPLIT = re.compile(r'(?<=[.!?])\s+(?=[A-Z0-9"\'“‘])')


def main():
    model_dir, head_path, lexicon_path, source, threads = sys.argv[1:6]
    all_at_once = "--all-at-once" in sys.argv
    torch.set_num_threads(int(threads))
    model = SentenceTransformer(model_dir, device="cpu")
    head = load_file(head_path)
    with open(lexicon_path, "rb") as f:
        categories = tomllib.load(f)["categories"]
    cues = [
        (re.compile(r"\b(" + "|".join(re.escape(t) for t in sorted(c["terms"], key=len, reverse=True)) + r")\b", re.I),
         c["weight"], c["reason"])
        for c in categories.values() if c["terms"]
    ]
    articles = [line for line in open(source, encoding="utf-8").read().split("\n") if line.strip()]
    model.encode(["warm up"] * 8)
    started = time.perf_counter()
    docs = [[s.strip() for s in SPLIT.split(a) if s.strip()] for a in articles]
    if all_at_once:
        flat = [s for d in docs for s in d]
        vectors = model.encode(flat, batch_size=32)
        embedded, at = [], 0
        for d in docs:
            embedded.append(vectors[at:at + len(d)])
            at += len(d)
    else:
        embedded = [model.encode(d, batch_size=32) for d in docs]
    sentences = 0
    for sents, e in zip(docs, embedded):
        sentences += len(sents)
        # Sentiment: the MLP head, softmax, length-weighted document score.
        h = np.maximum(e @ head["hidden.weight"].T + head["hidden.bias"], 0)
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
        # Flags: lexicon cues; restatements of an earlier sentence by cosine and shared words.
        flags = []
        for i, s in enumerate(sents):
            hits = [(m.group(0), w, r) for rx, w, r in cues for m in rx.finditer(s)]
            if hits:
                flags.append(("promotional", i, 1 - np.exp(-1.5 * sum(w for _, w, _ in hits))))
            if i:
                j = int(sim[i, :i].argmax())
                words_i, words_j = set(s.lower().split()), set(sents[j].lower().split())
                overlap = len(words_i & words_j) / max(1, min(len(words_i), len(words_j)))
                if sim[i, j] >= 0.85 and overlap >= 0.3:
                    flags.append(("repetitive", i, float(sim[i, j])))
        _ = (doc_p, sorted(chosen), flags)
    seconds = time.perf_counter() - started
    mode = "all at once" if all_at_once else "one encode per article"
    print(f"python pipeline ({mode}), {threads} threads: {len(articles)} articles, {sentences} sentences "
          f"in {seconds:.2f} s, {len(articles) / seconds:.2f} articles/s, {sentences / seconds:.1f} sentences/s")


if __name__ == "__main__":
    main()
