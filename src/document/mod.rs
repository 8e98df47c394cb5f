//! The carrier every stage reads and writes: the original text, its blocks and
//! sentences, and every result. Offsets are UTF-8 byte offsets into
//! [`Document::text`], the text exactly as it was ingested, so `text[start..end]`
//! always shows a result in the source.

use serde::{Deserialize, Serialize};

mod entity;
mod flag;
mod page;
mod sentence;

pub use entity::{Entity, Mention, PersonInput, TargetInput};
pub use flag::{Evidence, Flag, FlagKind, LoadedPhrase, RepetitionKind};
pub use page::PageMeta;
pub use sentence::{LoadedWord, Peak, Sentence};

/// A half-open byte range `start..end` into a document's original text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// The byte after the last one.
    pub end: usize,
}

impl Span {
    /// The span `start..end`; `start` must not exceed `end`.
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end);
        Span { start, end }
    }

    /// Its length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether it holds no bytes.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The spanned text; empty when the span does not lie on char boundaries of `text`.
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// What a block of the article is, as a reader would see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// A title or section heading (Markdown `#`, HTML `<h1>`..`<h6>`, a short title-case line).
    Heading,
    /// Running prose.
    Paragraph,
    /// An item of a bulleted or numbered list.
    ListItem,
    /// A row of a table, its cells flattened into one line.
    TableRow,
    /// A quotation block (Markdown `>`, HTML `<blockquote>`).
    Quote,
}

impl BlockKind {
    /// Blocks that carry running prose, as opposed to headings, list fragments and table cells.
    pub fn is_prose(self) -> bool {
        matches!(self, BlockKind::Paragraph | BlockKind::Quote)
    }

    /// Headings and table rows, which label rather than say something: left out of
    /// document-level scores and never flagged.
    pub fn is_label(self) -> bool {
        matches!(self, BlockKind::Heading | BlockKind::TableRow)
    }
}

/// The three classes of a sentiment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SentimentLabel {
    /// Unfavourable: criticism, bad news, anger.
    Negative,
    /// Neither: plain factual reporting.
    Neutral,
    /// Favourable: praise, good news, enthusiasm.
    Positive,
}

/// Class probabilities as the model gives them; they sum to 1. A binary model
/// (such as an SST-2 classifier) has no neutral class, so `neutral` is absent.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Probabilities {
    /// Probability of the negative class.
    pub negative: f32,
    /// Probability of the neutral class; absent for a binary model.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub neutral: Option<f32>,
    /// Probability of the positive class.
    pub positive: f32,
}

impl Probabilities {
    /// The mean of `all`, class by class (a missing neutral counts as 0); `None` for none.
    pub fn mean(all: &[Probabilities]) -> Option<Probabilities> {
        if all.is_empty() {
            return None;
        }
        let n = all.len() as f32;
        let mean = |part: fn(&Probabilities) -> f32| all.iter().map(part).sum::<f32>() / n;
        Some(Probabilities {
            negative: mean(|p| p.negative),
            neutral: Some(mean(|p| p.neutral.unwrap_or(0.0))),
            positive: mean(|p| p.positive),
        })
    }
}

/// A sentiment estimate: `score` runs from -1 (negative) to 1 (positive).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Sentiment {
    /// The most probable class (a binary model's weak scores read as neutral).
    pub label: SentimentLabel,
    /// P(positive) - P(negative), -1..1.
    pub score: f32,
    /// The class probabilities the label and score come from.
    pub probabilities: Probabilities,
}

/// A block of the article: a paragraph, heading, list item, table row or quote.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The block's bytes in the document's original text.
    pub span: Span,
    /// What kind of block it is.
    pub kind: BlockKind,
    /// Its sentences, in text order.
    pub sentences: Vec<Sentence>,
    /// The block's tone: the length-weighted mean of its sentences' probabilities.
    pub sentiment: Option<Sentiment>,
    /// Length-weighted mean of the sentences' promotional scores.
    pub promotional: Option<f32>,
}

/// How a summary was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SummaryMethod {
    /// Sentences chosen from the article, unchanged.
    Extractive,
    /// Text generated by a sequence-to-sequence model (`--summarizer abstractive`).
    Abstractive,
}

/// A document's summary.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// How it was made.
    pub method: SummaryMethod,
    /// Extractive: the chosen sentences in the order they appear in the document.
    pub sentences: Vec<Span>,
    /// Abstractive: the generated text.
    pub text: Option<String>,
    /// Abstractive: the parts of the document each summarized in one model input.
    pub windows: Vec<Span>,
}

/// What a document's offsets point into.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextOrigin {
    /// The input exactly as decoded (a text file, stdin, a JSONL record's `text`).
    #[default]
    Original,
    /// The main-content text extracted from an HTML page.
    HtmlExtract,
}

/// One article on its way through the pipeline.
#[derive(Debug, Clone, Default)]
pub struct Document {
    /// The document's id: its path, or a JSONL record's `id`.
    pub id: String,
    /// Where the document comes from (a JSONL record's `source`), for `compare --by source`.
    pub source: Option<String>,
    /// Its title, when the input names one.
    pub title: Option<String>,
    /// The text as ingested; every offset points into it.
    pub text: String,
    /// What the text was before ingesting: plain text, Markdown or HTML.
    pub origin: TextOrigin,
    /// What a web page says about itself (author, date, site...); HTML input only.
    pub page: Option<PageMeta>,
    /// The blocks of the text, in order; empty until the segment stage ran.
    pub blocks: Vec<Block>,
    /// The article's tone; `None` until the sentiment stage ran.
    pub sentiment: Option<Sentiment>,
    /// Length-weighted mean of the promotional scores of the sentences outside headings
    /// and table rows (of all sentences when there are no others).
    pub promotional: Option<f32>,
    /// The summary; `None` until the summarize stage ran.
    pub summary: Option<Summary>,
    /// The promotional and repetitive passages, in text order.
    pub flags: Vec<Flag>,
    /// The loaded words of every sentence outside headings and table rows, in text
    /// order (see `flags::promotional`); empty without the tagger.
    pub loaded: Vec<LoadedPhrase>,
    /// Targets this document's input asks about (a JSONL record's `targets`), reported
    /// beside those of the settings: `NAME` or `NAME=ALIAS,ALIAS`.
    pub targets: Vec<String>,
    /// The people and organisations named most, and any asked for (see `entities`).
    pub entities: Vec<Entity>,
    /// Problems met on the way that did not stop the analysis (a long sentence cut, a guessed encoding).
    pub warnings: Vec<String>,
}

impl Document {
    /// A document with `text` and nothing analysed yet.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            text: text.into(),
            ..Document::default()
        }
    }

    /// Share of the text's bytes covered by flags of `kind` (overlaps counted once).
    pub fn flagged_share(&self, kind: FlagKind) -> f32 {
        let mut spans: Vec<Span> = self
            .flags
            .iter()
            .filter(|f| f.kind == kind)
            .map(|f| f.span)
            .collect();
        spans.sort();
        let (mut covered, mut reach) = (0, 0);
        for span in spans {
            let start = span.start.max(reach);
            if span.end > start {
                covered += span.end - start;
            }
            reach = reach.max(span.end);
        }
        if self.text.is_empty() {
            0.0
        } else {
            covered as f32 / self.text.len() as f32
        }
    }

    /// Every sentence in document order with the index of its block.
    pub fn sentences(&self) -> impl Iterator<Item = (usize, &Sentence)> {
        self.blocks
            .iter()
            .enumerate()
            .flat_map(|(b, block)| block.sentences.iter().map(move |s| (b, s)))
    }

    /// Every sentence's span, in document order.
    pub fn sentence_spans(&self) -> Vec<Span> {
        self.sentences().map(|(_, s)| s.span).collect()
    }

    /// How many sentences the document has.
    pub fn sentence_count(&self) -> usize {
        self.blocks.iter().map(|b| b.sentences.len()).sum()
    }

    /// Every sentence's embedding in document order, once the embed stage has given
    /// each one; `None` before (or for a document with no sentence).
    pub fn embeddings(&self) -> Option<Vec<&[f32]>> {
        let embeddings: Vec<&[f32]> = self
            .sentences()
            .map(|(_, s)| s.embedding.as_slice())
            .collect();
        (!embeddings.is_empty() && embeddings.iter().all(|e| !e.is_empty())).then_some(embeddings)
    }

    /// Rolls per-sentence values (in document order, one per sentence) up to blocks and
    /// the document: each block gets the mean of its sentences' values weighted by their
    /// length in bytes, so a long sentence is not outvoted by a short aside; the document
    /// the same mean over the sentences outside labels ([`BlockKind::is_label`]), or over
    /// all when there are only labels. `None` where there is nothing to average.
    pub fn weighted_means<const N: usize>(
        &self,
        values: &[[f64; N]],
    ) -> (Vec<Option<[f64; N]>>, Option<[f64; N]>) {
        let mut values = values.iter();
        let (mut content, mut all) = (WeightedMean::default(), WeightedMean::default());
        let blocks = self
            .blocks
            .iter()
            .map(|block| {
                let mut mean = WeightedMean::default();
                for (sentence, value) in block.sentences.iter().zip(values.by_ref()) {
                    mean.add(value, sentence.span.len().max(1) as f64);
                }
                all.merge(&mean);
                if !block.kind.is_label() {
                    content.merge(&mean);
                }
                mean.get()
            })
            .collect();
        let document = if content.weight > 0.0 { content } else { all }.get();
        (blocks, document)
    }

    /// The text of `span` in the original text; empty when the span does not fit it.
    pub fn slice(&self, span: Span) -> &str {
        span.text(&self.text)
    }

    /// Checks the promises every stage keeps: spans lie in the text on char
    /// boundaries and are not empty; blocks are ordered and do not overlap; each
    /// sentence lies in its block, after the one before it. Returns the first breach.
    pub fn check_spans(&self) -> Result<(), String> {
        let valid = |what: &str, span: Span| {
            if span.start >= span.end {
                return Err(format!("{what} {span:?} is empty or reversed"));
            }
            if self.text.get(span.start..span.end).is_none() {
                return Err(format!(
                    "{what} {span:?} is out of bounds or splits a character"
                ));
            }
            Ok(())
        };
        let mut previous_end = 0;
        for block in &self.blocks {
            valid("block", block.span)?;
            if block.span.start < previous_end {
                return Err(format!("block {:?} overlaps the one before", block.span));
            }
            previous_end = block.span.end;
            let mut sentence_end = block.span.start;
            for sentence in &block.sentences {
                valid("sentence", sentence.span)?;
                if sentence.span.start < sentence_end || sentence.span.end > block.span.end {
                    return Err(format!(
                        "sentence {:?} is out of order or outside block {:?}",
                        sentence.span, block.span
                    ));
                }
                sentence_end = sentence.span.end;
            }
        }
        for flag in &self.flags {
            valid("flag", flag.span)?;
        }
        if let Some(summary) = &self.summary {
            for &span in &summary.windows {
                valid("summary window", span)?;
            }
            for &span in &summary.sentences {
                valid("summary sentence", span)?;
            }
        }
        Ok(())
    }
}

/// A running weighted mean of `N`-component values.
#[derive(Debug, Clone, Copy)]
struct WeightedMean<const N: usize> {
    sum: [f64; N],
    weight: f64,
}

impl<const N: usize> Default for WeightedMean<N> {
    fn default() -> Self {
        WeightedMean {
            sum: [0.0; N],
            weight: 0.0,
        }
    }
}

impl<const N: usize> WeightedMean<N> {
    fn add(&mut self, value: &[f64; N], weight: f64) {
        self.sum
            .iter_mut()
            .zip(value)
            .for_each(|(s, v)| *s += weight * v);
        self.weight += weight;
    }

    fn merge(&mut self, other: &WeightedMean<N>) {
        self.sum
            .iter_mut()
            .zip(&other.sum)
            .for_each(|(s, o)| *s += o);
        self.weight += other.weight;
    }

    fn get(&self) -> Option<[f64; N]> {
        (self.weight > 0.0).then(|| self.sum.map(|s| s / self.weight))
    }
}

#[cfg(test)]
mod tests;
