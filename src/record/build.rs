//! A [`Record`] from an analysed [`Document`].

use super::{
    EntityRecord, MentionRecord, ParagraphRecord, Record, SentenceRecord, SentimentRecord,
    SpanText, SummaryRecord,
};
use crate::document::{
    Document, FlagKind, Sentiment, SentimentLabel, Span, SummaryMethod, TextOrigin,
};

impl From<Option<Sentiment>> for SentimentRecord {
    fn from(sentiment: Option<Sentiment>) -> Self {
        match sentiment {
            Some(s) => SentimentRecord {
                label: s.label,
                score: s.score,
                probabilities: Some(s.probabilities),
            },
            None => SentimentRecord {
                label: SentimentLabel::Neutral,
                score: 0.0,
                probabilities: None,
            },
        }
    }
}

fn span_text(doc: &Document, span: Span) -> SpanText {
    SpanText {
        start: span.start,
        end: span.end,
        text: doc.slice(span).to_string(),
    }
}

impl From<&Document> for Record {
    fn from(doc: &Document) -> Self {
        let page = doc.page.as_ref();
        let (method, sentences, generated, windows) = match &doc.summary {
            Some(summary) => (
                summary.method,
                summary
                    .sentences
                    .iter()
                    .map(|&s| span_text(doc, s))
                    .collect(),
                summary.text.clone(),
                summary.windows.clone(),
            ),
            None => (SummaryMethod::Extractive, Vec::new(), None, Vec::new()),
        };
        let text = generated.unwrap_or_else(|| {
            sentences
                .iter()
                .map(|s: &SpanText| s.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        });
        Record {
            id: doc.id.clone(),
            source: doc.source.clone(),
            title: doc.title.clone(),
            author: page.and_then(|p| p.author.clone()),
            published: page.and_then(|p| p.published.clone()),
            site: page.and_then(|p| p.site_name.clone()),
            language: page.and_then(|p| p.language.clone()),
            url: page.and_then(|p| p.canonical_url.clone()),
            summary: SummaryRecord {
                method,
                text,
                sentences,
                windows,
            },
            sentiment: doc.sentiment.into(),
            promotional: doc.promotional.unwrap_or(0.0),
            paragraphs: doc
                .blocks
                .iter()
                .map(|block| ParagraphRecord {
                    start: block.span.start,
                    end: block.span.end,
                    kind: block.kind,
                    sentiment: block.sentiment.into(),
                    promotional: block.promotional.unwrap_or(0.0),
                    sentences: block
                        .sentences
                        .iter()
                        .map(|s| SentenceRecord {
                            start: s.span.start,
                            end: s.span.end,
                            sentiment: s.sentiment.into(),
                            promotional: s.promotional.unwrap_or(0.0),
                        })
                        .collect(),
                })
                .collect(),
            flags: doc.flags.clone(),
            loaded: doc.loaded.clone(),
            entities: doc
                .entities
                .iter()
                .map(|e| EntityRecord {
                    name: e.name.clone(),
                    requested: e.requested,
                    count: e.mentions.len(),
                    tone: e.tone.map(|t| Some(t).into()),
                    mentions: e
                        .mentions
                        .iter()
                        .map(|m| MentionRecord {
                            start: m.span.start,
                            end: m.span.end,
                            text: doc.slice(m.span).to_string(),
                            pronoun: m.pronoun,
                            tone: m.tone.map(|t| Some(t).into()),
                        })
                        .collect(),
                })
                .collect(),
            promotional_share: doc.flagged_share(FlagKind::Promotional),
            repetitive_share: doc.flagged_share(FlagKind::Repetitive),
            warnings: doc.warnings.clone(),
            duplicate_of: None,
            extracted_text: (doc.origin == TextOrigin::HtmlExtract).then(|| doc.text.clone()),
        }
    }
}
