"""VADER (the 2014 lexicon) on the business sentences of MSRP labelled in
examples/data/msrp-business.tsv, scored as eval_news_sentiment scores newslens:
macro-F1 per part (dev, test, fresh). VADER's usual cut-offs: compound >= 0.05 positive, <= -0.05 negative.

    python3 -m venv /tmp/vader && /tmp/vader/bin/pip install vaderSentiment==3.3.2
    /tmp/vader/bin/python scripts/vader_business.py [../shared/data/msrp/test.tsv]
"""
import os
import sys

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

HERE = os.path.dirname(os.path.abspath(__file__))
CLASSES = ["negative", "neutral", "positive"]


def macro_f1(pairs):
    scores = []
    for c in CLASSES:
        tp = sum(1 for g, p in pairs if g == c and p == c)
        wrong = sum(1 for g, p in pairs if (g == c) != (p == c))
        scores.append(2 * tp / (2 * tp + wrong) if tp else 0.0)
    return sum(scores) / 3, scores


def main():
    msrp = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "../../shared/data/msrp/test.tsv")
    text = {}
    with open(msrp, encoding="utf-8") as f:
        next(f)
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if len(cols) == 5:
                text[cols[1]], text[cols[2]] = cols[3], cols[4]
    analyzer = SentimentIntensityAnalyzer()
    halves = {"dev": [], "test": [], "fresh": []}
    with open(os.path.join(HERE, "../examples/data/msrp-business.tsv"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            sid, gold, half = line.rstrip("\n").split("\t")
            compound = analyzer.polarity_scores(text[sid])["compound"]
            guess = "positive" if compound >= 0.05 else "negative" if compound <= -0.05 else "neutral"
            halves[half].append((gold, guess))
    for half, pairs in halves.items():
        m, per = macro_f1(pairs)
        print(f"VADER, MSRP business sentences, {half} part: {len(pairs)} sentences, macro-F1 {m:.3} "
              f"(negative {per[0]:.3f}, neutral {per[1]:.3f}, positive {per[2]:.3f})")


if __name__ == "__main__":
    main()
