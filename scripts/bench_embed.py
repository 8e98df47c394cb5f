"""The Python half of scripts/bench-vs-python: sentence-transformers on the same
sentences, weights, thread count and batch size as examples/bench_embed.rs.

Usage: bench_embed.py embed MODEL_DIR SENTENCES OUT BATCH THREADS
       bench_embed.py report RESULTS RUST_EMBEDDINGS PYTHON_EMBEDDINGS
"""
import json
import statistics
import sys
import time


def embed(model_dir, sentences_path, out, batch, threads):
    import numpy as np
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(threads)
    with open(sentences_path, encoding="utf-8") as f:
        # As Rust's str::lines: split on \n, drop one trailing \r, no final empty line.
        sentences = [s.removesuffix("\r") for s in f.read().split("\n")]
    if sentences and sentences[-1] == "":
        sentences.pop()
    model = SentenceTransformer(model_dir, device="cpu")
    model.encode(sentences[:64], batch_size=batch)
    started = time.perf_counter()
    vectors = model.encode(sentences, batch_size=batch, convert_to_numpy=True)
    seconds = time.perf_counter() - started
    vectors.astype("<f4").tofile(out)
    print(
        f"python sentence-transformers batch {batch} threads {torch.get_num_threads()}: "
        f"{len(sentences)} sentences in {seconds:.2f} s, {len(sentences) / seconds:.1f} sentences/s"
    )


def report(results, rust_path, python_path):
    import numpy as np

    rates = {"newslens": [], "python": []}
    with open(results, encoding="utf-8") as f:
        for line in f:
            side = "newslens" if line.startswith("newslens F32") else "python" if line.startswith("python") else None
            if side:
                rates[side].append(float(line.rsplit(", ", 1)[1].split()[0]))
    rust = np.fromfile(rust_path, dtype="<f4")
    python = np.fromfile(python_path, dtype="<f4")
    diff = float(np.abs(rust - python).max()) if rust.shape == python.shape else float("nan")
    r, p = statistics.median(rates["newslens"]), statistics.median(rates["python"])
    print(f"median of {len(rates['newslens'])} alternated rounds: newslens f32 {r:.1f} sentences/s, "
          f"python {p:.1f} sentences/s, ratio {r / p:.2f}")
    print(f"max abs difference between the two sides' embeddings: {diff:.2e} "
          f"({'same' if diff < 1e-4 else 'NOT the same'} within 1e-4)")


if __name__ == "__main__":
    if sys.argv[1] == "embed":
        embed(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]))
    elif sys.argv[1] == "report":
        report(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
