//! Sentence analyses kept on disk between runs: a sentence the same models have encoded
//! once, at the same precision, is not encoded again, in this run or any later one
//! (re-scoring a corpus with other thresholds, tomorrow's dump repeating today's wire
//! copy, `compare` over articles already scored).
//!
//! One SQLite file (`sentences.sqlite3` in the cache folder). A row's key is a sha256
//! of the models' fingerprint ([`crate::models::Embedder::fingerprint`]), the sentence's
//! text and the character spans of the mentions pooled in it; its value the sentence's
//! [`Analysis`] and those mentions' states. SQLite's write-ahead log lets the processes
//! of `score --jobs` read and write it at once, and a crash loses at most the rows of
//! the chunk being written. Bounded: beyond `max_sentences` rows the least recently used
//! go. A store that cannot be opened or read is never an error of the run: the run goes
//! on encoding, with a warning in the log.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use rusqlite::{params, Connection, ErrorCode, OptionalExtension, TransactionBehavior};
use sha2::{Digest, Sha256};

use crate::document::{LoadedWord, Peak};
use crate::models::sentence_cache::Analysis;

/// The file in the cache folder.
pub const FILE_NAME: &str = "sentences.sqlite3";

/// Default bound: a row of news takes about 4.6 KB (embedding, branch states, the
/// mentions' states; 2,776 rows of the CNN/DailyMail dev articles filled 16.5 MB), so
/// some 500-600 MB on disk when full.
pub const DEFAULT_MAX_SENTENCES: usize = 100_000;

/// A sentence's analysis and the states of the mentions pooled in it (one per target
/// of its key; none for a sentence naming no entity).
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    /// The sentence-level analysis.
    pub analysis: Analysis,
    /// Each target's pooled branch states, in the order of the key's targets.
    pub mentions: Vec<Vec<f32>>,
}

/// A row's key: which models, which sentence, which mentions.
pub type Key = [u8; 32];

/// Why the store could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The cache folder could not be made.
    #[error("cannot create the cache folder {}", path.display())]
    Folder {
        /// The folder.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// SQLite could not open or set up the file.
    #[error("cannot open the sentence cache {}", path.display())]
    Sqlite {
        /// The file.
        path: PathBuf,
        /// SQLite's error.
        #[source]
        source: rusqlite::Error,
    },
}

/// The on-disk store of sentence analyses, shared by the threads of one process.
#[derive(Debug)]
pub struct SentenceStore {
    connection: Mutex<Connection>,
    fingerprint: [u8; 32],
    max_sentences: usize,
}

impl SentenceStore {
    /// Opens (or creates) the store in `folder` for models with `fingerprint`.
    pub fn open(
        folder: &Path,
        fingerprint: [u8; 32],
        max_sentences: usize,
    ) -> Result<SentenceStore, StoreError> {
        std::fs::create_dir_all(folder).map_err(|source| StoreError::Folder {
            path: folder.to_path_buf(),
            source,
        })?;
        let path = folder.join(FILE_NAME);
        let sqlite = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let connection = Connection::open(&path).map_err(sqlite)?;
        // Other processes (`--jobs`) may hold the write lock for a moment.
        connection
            .busy_timeout(Duration::from_secs(30))
            .map_err(sqlite)?;
        // Switching a new file to the write-ahead log does not wait for the lock: when
        // two processes set up the same new file at once, one is told "busy" at once,
        // and tries again.
        let mut tries = 0;
        while let Err(err) = set_up(&connection) {
            tries += 1;
            if tries == 100 || err.sqlite_error_code() != Some(ErrorCode::DatabaseBusy) {
                return Err(sqlite(err));
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        Ok(SentenceStore {
            connection: Mutex::new(connection),
            fingerprint,
            max_sentences,
        })
    }

    /// The key of `text` with the mentions of each target at `targets` (characters of
    /// `text`, one group per target, as [`crate::models::embedder::MentionGroups`]).
    pub fn key(&self, text: &str, targets: &[Vec<Range<usize>>]) -> Key {
        let mut hash = Sha256::new();
        hash.update(self.fingerprint);
        hash.update((text.len() as u64).to_le_bytes());
        hash.update(text.as_bytes());
        for mentions in targets {
            hash.update((mentions.len() as u64).to_le_bytes());
            for span in mentions {
                hash.update((span.start as u64).to_le_bytes());
                hash.update((span.end as u64).to_le_bytes());
            }
        }
        hash.finalize().into()
    }

    /// The rows of `keys` that are here (`None` for the others, and for rows that do not
    /// decode, which are dropped); those found count as used now.
    pub fn get_many(&self, keys: &[Key]) -> Vec<Option<Stored>> {
        let mut connection = self.connection.lock().unwrap_or_else(|e| e.into_inner());
        let result = (|| -> rusqlite::Result<Vec<Option<Stored>>> {
            let now = now();
            // Immediate: the write lock is taken at the start, waiting for other processes
            // (`busy_timeout`); a read that turned into a write later could fail at once.
            let transaction =
                connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut found = Vec::with_capacity(keys.len());
            {
                let mut select =
                    transaction.prepare_cached("SELECT value FROM sentences WHERE key = ?1")?;
                let mut touch =
                    transaction.prepare_cached("UPDATE sentences SET used = ?2 WHERE key = ?1")?;
                let mut drop =
                    transaction.prepare_cached("DELETE FROM sentences WHERE key = ?1")?;
                for key in keys {
                    let value: Option<Vec<u8>> = select
                        .query_row(params![key.as_slice()], |row| row.get(0))
                        .optional()?;
                    let stored = value.as_deref().and_then(decode);
                    match (&value, &stored) {
                        (_, Some(_)) => touch.execute(params![key.as_slice(), now])?,
                        // A row that does not decode goes, so that the next analysis of
                        // the sentence takes its place.
                        (Some(_), None) => drop.execute(params![key.as_slice()])?,
                        (None, None) => 0,
                    };
                    found.push(stored);
                }
            }
            transaction.commit()?;
            Ok(found)
        })();
        result.unwrap_or_else(|err| {
            tracing::warn!(error = %err, "the sentence cache could not be read; encoding instead");
            vec![None; keys.len()]
        })
    }

    /// Keeps `rows` (a row already there keeps its value: the first analysis of a
    /// sentence stays its analysis), then drops the least recently used beyond the bound.
    pub fn put_many(&self, rows: &[(Key, Stored)]) {
        if rows.is_empty() {
            return;
        }
        let mut connection = self.connection.lock().unwrap_or_else(|e| e.into_inner());
        let result = (|| -> rusqlite::Result<()> {
            let now = now();
            // Immediate: the write lock is taken at the start, waiting for other processes
            // (`busy_timeout`); a read that turned into a write later could fail at once.
            let transaction =
                connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
            {
                let mut insert = transaction.prepare_cached(
                    "INSERT INTO sentences (key, value, used) VALUES (?1, ?2, ?3)
                     ON CONFLICT (key) DO UPDATE SET used = excluded.used",
                )?;
                for (key, stored) in rows {
                    insert.execute(params![key.as_slice(), encode(stored), now])?;
                }
                let held: i64 =
                    transaction.query_row("SELECT count(*) FROM sentences", [], |r| r.get(0))?;
                let over = held - i64::try_from(self.max_sentences).unwrap_or(i64::MAX);
                if over > 0 {
                    transaction.execute(
                        "DELETE FROM sentences WHERE key IN
                             (SELECT key FROM sentences ORDER BY used LIMIT ?1)",
                        params![over],
                    )?;
                }
            }
            transaction.commit()
        })();
        if let Err(err) = result {
            tracing::warn!(error = %err, "the sentence cache could not be written");
        }
    }

    /// Rows held now.
    pub fn len(&self) -> usize {
        let connection = self.connection.lock().unwrap_or_else(|e| e.into_inner());
        connection
            .query_row("SELECT count(*) FROM sentences", [], |r| r.get::<_, i64>(0))
            .map_or(0, |n| usize::try_from(n).unwrap_or(0))
    }

    /// Whether it holds no row.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The write-ahead log and the table, if the file does not have them yet.
fn set_up(connection: &Connection) -> rusqlite::Result<()> {
    connection.pragma_update(None, "journal_mode", "WAL")?;
    connection.pragma_update(None, "synchronous", "NORMAL")?;
    connection.execute_batch(
        "CREATE TABLE IF NOT EXISTS sentences (
             key BLOB PRIMARY KEY,
             value BLOB NOT NULL,
             used INTEGER NOT NULL
         ) WITHOUT ROWID;
         CREATE INDEX IF NOT EXISTS sentences_used ON sentences (used);",
    )
}

/// Milliseconds since 1970: when a row was last used.
fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// A row's value: lengths and offsets as little-endian u32, numbers as little-endian f32.
fn encode(stored: &Stored) -> Vec<u8> {
    let a = &stored.analysis;
    let mut out = Writer(Vec::with_capacity(
        4 * (a.embedding.len() + a.branch.len() + 16),
    ));
    out.u32(u32::from(a.peak.is_some()));
    out.floats(&a.embedding);
    out.floats(&a.branch);
    if let Some(peak) = &a.peak {
        out.f32(peak.projection);
        out.range(&peak.chars);
    }
    out.u32(a.loaded.len() as u32);
    for word in &a.loaded {
        out.range(&word.chars);
        out.f32(word.score);
    }
    out.u32(stored.mentions.len() as u32);
    for state in &stored.mentions {
        out.floats(state);
    }
    out.0
}

/// The value [`encode`] wrote, or `None` for bytes it cannot have written.
fn decode(bytes: &[u8]) -> Option<Stored> {
    let mut r = Reader(bytes);
    let has_peak = r.u32()? == 1;
    let embedding = r.floats()?;
    let branch = r.floats()?;
    let peak = match has_peak {
        true => Some(Peak {
            projection: r.f32()?,
            chars: r.range()?,
        }),
        false => None,
    };
    let loaded = (0..r.u32()?)
        .map(|_| {
            Some(LoadedWord {
                chars: r.range()?,
                score: r.f32()?,
            })
        })
        .collect::<Option<Vec<_>>>()?;
    let mentions = (0..r.u32()?)
        .map(|_| r.floats())
        .collect::<Option<Vec<_>>>()?;
    if !r.0.is_empty() {
        return None;
    }
    Some(Stored {
        analysis: Analysis {
            embedding,
            branch,
            peak,
            loaded,
        },
        mentions,
    })
}

struct Writer(Vec<u8>);

impl Writer {
    fn u32(&mut self, value: u32) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }
    fn f32(&mut self, value: f32) {
        self.0.extend_from_slice(&value.to_le_bytes());
    }
    fn range(&mut self, range: &Range<usize>) {
        self.u32(range.start as u32);
        self.u32(range.end as u32);
    }
    fn floats(&mut self, values: &[f32]) {
        self.u32(values.len() as u32);
        for &v in values {
            self.f32(v);
        }
    }
}

struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn word(&mut self) -> Option<[u8; 4]> {
        let (head, tail) = self.0.split_first_chunk::<4>()?;
        self.0 = tail;
        Some(*head)
    }
    fn u32(&mut self) -> Option<u32> {
        self.word().map(u32::from_le_bytes)
    }
    fn f32(&mut self) -> Option<f32> {
        self.word().map(f32::from_le_bytes)
    }
    fn range(&mut self) -> Option<Range<usize>> {
        Some(self.u32()? as usize..self.u32()? as usize)
    }
    fn floats(&mut self) -> Option<Vec<f32>> {
        let n = self.u32()? as usize;
        // A length the bytes cannot hold is not a row this code wrote.
        if n > self.0.len() / 4 {
            return None;
        }
        (0..n).map(|_| self.f32()).collect()
    }
}

#[cfg(test)]
mod tests;
