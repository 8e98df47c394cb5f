//! The Propaganda Techniques Corpus as the evaluations read it: each article with its
//! non-empty lines (one sentence each) and its technique spans, all in bytes.

use std::ops::Range;
use std::path::{Path, PathBuf};

/// The techniques a promotional flag stands for.
pub const PROMOTIONAL: &[&str] = &[
    "Loaded_Language",
    "Exaggeration,Minimisation",
    "Flag-Waving",
    "Slogans",
];

/// One PTC article with its technique spans, as [`read`] gives it.
pub struct Article {
    /// The number in its file name (`article111111111.txt` -> `111111111`).
    pub id: String,
    /// The article's text, which the technique spans' offsets count in.
    pub text: String,
    /// Its non-empty lines, without their line ends.
    pub lines: Vec<Range<usize>>,
    /// (technique, bytes) for every labelled span.
    pub spans: Vec<(String, Range<usize>)>,
}

impl Article {
    /// Whether `range` overlaps a span of one of `techniques`.
    pub fn marked(&self, range: &Range<usize>, techniques: &[&str]) -> bool {
        self.spans.iter().any(|(technique, span)| {
            techniques.contains(&technique.as_str())
                && span.start < range.end
                && range.start < span.end
        })
    }
}

/// Every article of `dir` (`articles/`, `labels/`), in file-name order; an article
/// without a labels file has no spans.
pub fn read(dir: &Path) -> std::io::Result<Vec<Article>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir.join("articles"))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    paths.sort();
    let mut articles = Vec::with_capacity(paths.len());
    for path in paths {
        let text = std::fs::read_to_string(&path)?;
        let id = path
            .file_stem()
            .and_then(|s| s.to_str())
            .and_then(|s| s.strip_prefix("article"))
            .unwrap_or("")
            .to_string();
        // The byte offset of every character (and the end), for the labels' characters.
        let at: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .collect();
        let byte = |c: usize| at[c.min(at.len() - 1)];
        let labels = std::fs::read_to_string(
            dir.join("labels")
                .join(format!("article{id}.task2-TC.labels")),
        )
        .unwrap_or_default();
        let spans = labels
            .lines()
            .filter_map(|row| {
                let cols: Vec<&str> = row.split('\t').collect();
                let [_, technique, start, end] = cols[..] else {
                    return None;
                };
                let (start, end) = (start.parse().ok()?, end.parse().ok()?);
                Some((technique.to_string(), byte(start)..byte(end)))
            })
            .collect();
        let mut lines = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let body = line.trim_end_matches(['\n', '\r']);
            if !body.trim().is_empty() {
                lines.push(start..start + body.len());
            }
            start += line.len();
        }
        articles.push(Article {
            id,
            text,
            lines,
            spans,
        });
    }
    Ok(articles)
}
