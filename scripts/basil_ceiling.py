"""How far BASIL's annotations themselves predict the author's feeling toward an entity (#21).

#21 asks that the article's tone toward each annotated entity agree with BASIL's
`author_feeling_<Entity>` at macro-F1 >= 0.60 (neg / neu / pos). This script asks what the
corpus's own gold annotations allow, with nothing learnt from text:

1. a rule on the gold bias spans (`lex` and `inf`, with their polarity) in the sentences that
   name the entity (its last word, as a crude match): negative from k negative spans, positive
   from k' positive ones; k and k' chosen on all the data (an optimistic figure);
2. the annotators' own feeling toward the main event given to every entity;
3. a logistic regression on the gold spans (by kind, polarity, near the entity or not), the
   number of sentences naming it, the annotated feeling toward the main event, the outlet and
   whether the entity is a main entity: cross-validated, 5 folds by event, the fold function
   of `examples/eval_basil.rs`.

    $(bash scripts/torch-venv) scripts/basil_ceiling.py [../shared/data]

Needs numpy and scikit-learn (in the venv `scripts/torch-venv` makes).
"""

import json
import re
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

CLASSES = {"neg": 0, "neu": 1, "pos": 2}


def fold(event: str) -> int:
    """The fold of `examples/eval_basil.rs`: h = h * 31 + byte (wrapping u32), mod 5."""
    h = 0
    for b in event.encode():
        h = (h * 31 + b) & 0xFFFFFFFF
    return h % 5


def macro(gold, predicted) -> float:
    return f1_score(gold, predicted, average="macro", labels=[0, 1, 2], zero_division=0)


def items(data: Path):
    """One item per annotated entity: gold class, event, and what the annotations say."""
    for line in (data / "basil/articles.jsonl").read_text().splitlines():
        if not line.strip():
            continue
        article = json.loads(line)
        text = article["text"]
        sentences = [(m.start(), m.end()) for m in re.finditer(r"[^.!?\n]+[.!?]?", text)]
        event_feeling = article["article"].get("author_feeling_main_event")
        for key, feeling in article["article"].items():
            if not key.startswith("author_feeling_") or key == "author_feeling_main_event":
                continue
            if feeling not in CLASSES:
                continue
            name = key.removeprefix("author_feeling_").replace("_", " ")
            last = name.split()[-1].lower()
            naming = [(s, e) for s, e in sentences if last in text[s:e].lower()]
            # Spans by kind (lex, inf) x polarity (neg, pos) x near the entity or not.
            spans = [0] * 8
            for kind, start, _end, polarity in article["spans"]:
                if polarity not in ("neg", "pos"):
                    continue
                near = any(s <= start < e for s, e in naming)
                at = (0 if kind == "lex" else 2) + (0 if polarity == "neg" else 1) + (0 if near else 4)
                spans[at] += 1
            yield {
                "gold": CLASSES[feeling],
                "event": article["event"],
                "near_neg": spans[0] + spans[2],
                "near_pos": spans[1] + spans[3],
                "event_feeling": CLASSES.get(event_feeling, 1),
                "features": spans
                + [
                    len(naming),
                    event_feeling == "neg",
                    event_feeling == "pos",
                    article["source"] == "fox",
                    article["source"] == "hpo",
                    name in article["main_entities"],
                ],
            }


def main() -> None:
    data = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
    rows = list(items(data))
    gold = [r["gold"] for r in rows]
    counts = [gold.count(c) for c in range(3)]
    print(f"{len(rows)} annotated entities (neg {counts[0]}, neu {counts[1]}, pos {counts[2]})")
    print(f"  always neutral: macro-F1 {macro(gold, [1] * len(gold)):.3f}")

    best = max(
        (
            macro(
                gold,
                [
                    0 if r["near_neg"] >= k and r["near_neg"] > r["near_pos"]
                    else 2 if r["near_pos"] >= kp and r["near_pos"] > r["near_neg"]
                    else 1
                    for r in rows
                ],
            ),
            k,
            kp,
        )
        for k in range(1, 8)
        for kp in range(1, 6)
    )
    print(f"  gold bias spans near the entity, thresholds chosen on all: macro-F1 {best[0]:.3f} "
          f"(negative from {best[1]}, positive from {best[2]})")
    print(f"  the annotated feeling toward the main event: macro-F1 "
          f"{macro(gold, [r['event_feeling'] for r in rows]):.3f}")

    x = np.array([r["features"] for r in rows], dtype=float)
    y = np.array(gold)
    folds = np.array([fold(r["event"]) for r in rows])
    for c in (0.01, 0.1, 1.0, 10.0):
        for weight in (None, "balanced"):
            scores = []
            for k in range(5):
                model = LogisticRegression(C=c, class_weight=weight, max_iter=2000)
                model.fit(x[folds != k], y[folds != k])
                scores.append(macro(y[folds == k], model.predict(x[folds == k])))
            print(f"  logistic regression on the gold annotations, C {c}, class weight {weight}: "
                  f"CV macro-F1 {np.mean(scores):.3f} (folds {min(scores):.3f}-{max(scores):.3f})")


if __name__ == "__main__":
    main()
